//! An open database: the store, the in-memory workspace and the undo history. Every edit goes
//! through `Session::execute`: checked by the model, written in one transaction, then applied.

use std::path::Path;

use thiserror::Error;

use crate::model::{Command, EditError, Workspace};
use crate::store::{OpenMode, Store, StoreError};

/// Why an edit or an opening failed.
#[derive(Debug, Error)]
pub enum SessionError {
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A command with its inverse, as kept in the undo history.
#[derive(Clone, Debug)]
struct Step {
    forward: Command,
    inverse: Command,
}

/// An open database with its workspace and history.
pub struct Session {
    store: Store,
    ws: Workspace,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The day the data was last changed ("Datenstand").
    data_date: chrono::NaiveDate,
    /// Who makes the edits, for the project history.
    author: String,
}

impl Session {
    /// How many steps the undo history keeps.
    pub const HISTORY: usize = 500;

    /// Opens a file and loads it.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Self, SessionError> {
        Self::from_store(Store::open(path, mode)?)
    }

    /// Loads the workspace of an open store.
    pub fn from_store(store: Store) -> Result<Self, SessionError> {
        let ws = store.load()?;
        let data_date = store.data_date().unwrap_or_else(crate::clock::today);
        let author = store.author().to_owned();
        let mut session = Self {
            store,
            ws,
            undo: Vec::new(),
            redo: Vec::new(),
            data_date,
            author: String::new(),
        };
        session.set_author(&author);
        Ok(session)
    }

    pub fn workspace(&self) -> &Workspace {
        &self.ws
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to close it and learn whether everything reached the file.
    pub fn into_store(self) -> Store {
        self.store
    }

    /// Checks, writes and applies an edit; on error nothing changes.
    pub fn execute(&mut self, cmd: Command) -> Result<(), SessionError> {
        let inverse = self.run(&cmd)?;
        self.undo.push(Step {
            forward: cmd,
            inverse,
        });
        if self.undo.len() > Self::HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    fn run(&mut self, cmd: &Command) -> Result<Command, SessionError> {
        let resolved = self.ws.resolve(cmd)?;
        self.store.write(&resolved.effect)?;
        self.ws.apply(&resolved.effect);
        self.data_date = crate::clock::today();
        Ok(resolved.inverse)
    }

    /// Names who makes the following edits (recorded in the change log and the project
    /// history); an empty name stands for the operating system's user.
    pub fn set_author(&mut self, name: &str) {
        self.store.set_author(name);
        self.author = self.store.author().to_owned();
        self.ws.set_author(&self.author);
    }

    /// The day the data was last changed: the file's date when opened, today after an edit.
    pub fn data_date(&self) -> chrono::NaiveDate {
        self.data_date
    }

    /// Writes a setting of the file (report choices), outside the undo history.
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<(), SessionError> {
        Ok(self.store.set_setting(key, value)?)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Undoes the last edit. Returns `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<bool, SessionError> {
        let Some(step) = self.undo.pop() else {
            return Ok(false);
        };
        match self.run(&step.inverse) {
            Ok(_) => {
                self.redo.push(step);
                Ok(true)
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit. Returns `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<bool, SessionError> {
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match self.run(&step.forward) {
            Ok(_) => {
                self.undo.push(step);
                Ok(true)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    /// Reloads the workspace from the file after work done through another connection
    /// (an import). The history is kept: its steps name explicit values and are checked again
    /// when used.
    pub fn reload(&mut self) -> Result<(), SessionError> {
        let mut ws = self.store.load()?;
        ws.set_revision_after(self.ws.revision());
        ws.set_author(&self.author);
        self.ws = ws;
        Ok(())
    }

    /// Replaces the data with a backup (after backing up the current state, whose copy is
    /// returned) and starts afresh: the undo history would name values of another state.
    pub fn restore(&mut self, from: &Path) -> Result<std::path::PathBuf, SessionError> {
        let before = self.store.restore(from)?;
        let mut ws = self.store.load()?;
        ws.set_revision_after(self.ws.revision());
        ws.set_author(&self.author);
        self.ws = ws;
        self.undo.clear();
        self.redo.clear();
        self.data_date = self.store.data_date().unwrap_or_else(crate::clock::today);
        Ok(before)
    }

    /// Brings in a previewed change package with the decisions of its conflicts, then loads
    /// the data afresh; the undo history starts anew (its steps name values of before).
    pub fn apply_changes(
        &mut self,
        preview: &crate::sync::Preview,
        choices: &std::collections::HashMap<String, crate::sync::Choice>,
    ) -> Result<crate::sync::Applied, crate::sync::SyncError> {
        let mut applied = crate::sync::apply(&mut self.store, preview, choices, &self.ws)?;
        if let Some(ws) = applied.workspace.take() {
            let mut ws = *ws;
            ws.set_revision_after(self.ws.revision());
            ws.set_author(&self.author);
            self.ws = ws;
            self.undo.clear();
            self.redo.clear();
            self.data_date = crate::clock::today();
        }
        Ok(applied)
    }

    /// Writes a working copy of this file (see `sync::copy`).
    pub fn make_copy(&mut self, out: &Path) -> Result<std::path::PathBuf, crate::sync::SyncError> {
        crate::sync::copy(&mut self.store, out)
    }

    /// Takes over a workspace loaded elsewhere from the same file.
    pub fn replace_workspace(&mut self, mut ws: Workspace) {
        ws.set_revision_after(self.ws.revision());
        ws.set_author(&self.author);
        self.ws = ws;
        self.data_date = crate::clock::today();
    }
}
