//! Work that takes longer than a frame (import, export) runs on a named thread; its progress
//! and its result come back over a channel that the UI polls each frame.

use std::sync::mpsc::{Receiver, channel};

enum Message<T> {
    Progress(f32),
    Done(T),
}

/// A running piece of work with a result of type `T`.
pub struct Job<T> {
    rx: Receiver<Message<T>>,
    /// The last reported progress, 0.0 to 1.0.
    pub progress: f32,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a thread called `name`; `work` reports progress through the function
    /// it is given. The UI is woken for every message.
    pub fn spawn(
        name: &str,
        ctx: &egui::Context,
        work: impl FnOnce(&dyn Fn(f32)) -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let report = |f: f32| {
                    let _ = tx.send(Message::Progress(f));
                    ctx.request_repaint();
                };
                let result = work(&report);
                let _ = tx.send(Message::Done(result));
                ctx.request_repaint();
            })?;
        Ok(Self { rx, progress: 0.0 })
    }

    /// The result, once the work is done; records progress meanwhile.
    pub fn poll(&mut self) -> Option<T> {
        while let Ok(message) = self.rx.try_recv() {
            match message {
                Message::Progress(f) => self.progress = f,
                Message::Done(result) => return Some(result),
            }
        }
        None
    }
}
