//! The in-memory workspace: everything loaded from one database file.

use std::collections::HashMap;

mod project_edits;
mod ranking_edits;
mod rules;
mod staff_edits;

pub use project_edits::{DECISION_STEP, RELEASE_STEP};
pub use rules::BrokenRule;

use super::command::{Command, EditError, OfficeValue, ServiceValue};
use super::criteria::Criterion;
use super::load::{Assignment, StaffId, StaffMember};
use super::project::{HistoryEntry, Project};
use super::ranking::RankingSettings;
use super::snapshot::Snapshot;
use super::staffing::StaffingSettings;
use super::{LeikaKey, MaturityScale, Office, OfficeId, OzgService, Service, ServiceId};

/// All data of one database file, with lookup indexes and a revision counter that changes
/// with every applied edit.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    services: Vec<Service>,
    offices: Vec<Office>,
    ozg_services: Vec<OzgService>,
    /// The maturity scale of this file.
    pub maturity: MaturityScale,
    /// Whether this file holds the reference scenario (example values).
    pub is_reference: bool,
    revision: u64,
    /// Revision at which each service (by position) last changed.
    service_stamps: Vec<u64>,
    /// Revision at which services were added or removed, or shared text (office numbers)
    /// changed; derived data per position must then be rebuilt as a whole.
    layout_revision: u64,
    service_index: HashMap<ServiceId, usize>,
    office_index: HashMap<OfficeId, usize>,
    ozg_index: HashMap<String, usize>,
    key_index: HashMap<LeikaKey, ServiceId>,
    criteria: Vec<Criterion>,
    snapshots: Vec<Snapshot>,
    ranking_settings: RankingSettings,
    projects: Vec<Project>,
    history: Vec<HistoryEntry>,
    staff: Vec<StaffMember>,
    assignments: Vec<Assignment>,
    staffing: StaffingSettings,
    /// Who makes the edits (for the project history); not part of the data.
    author: String,
}

/// A command resolved by the model: its full effect and the command that undoes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub effect: Effect,
    pub inverse: Command,
}

/// The full effect of a command as the model resolved it. Only the model makes one, so the
/// store writes what the model decided and applies no rule of its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Effect(Command);

impl Effect {
    /// The effect as explicit edits: a project change is the project as it will be.
    pub fn command(&self) -> &Command {
        &self.0
    }
}

impl Workspace {
    /// Builds a workspace from loaded rows.
    pub fn new(
        services: Vec<Service>,
        offices: Vec<Office>,
        ozg_services: Vec<OzgService>,
        maturity: MaturityScale,
    ) -> Self {
        let mut ws = Self {
            services,
            offices,
            ozg_services,
            maturity,
            ..Self::default()
        };
        ws.service_stamps = vec![0; ws.services.len()];
        ws.reindex();
        ws
    }

    fn reindex(&mut self) {
        self.service_index = self
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect();
        self.key_index = self
            .services
            .iter()
            .filter_map(|s| Some((s.leika_key.clone()?, s.id)))
            .collect();
        self.office_index = self
            .offices
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id, i))
            .collect();
        self.ozg_index = self
            .ozg_services
            .iter()
            .enumerate()
            .map(|(i, o)| (o.ozg_id.clone(), i))
            .collect();
    }

    /// Names who makes the following edits, for the project history.
    pub fn set_author(&mut self, name: &str) {
        self.author = name.trim().to_owned();
    }

    /// Changes whenever the data changes; views recompute their caches when it does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Adds the ranking data: criteria in order, snapshots, settings.
    pub fn with_ranking(
        mut self,
        criteria: Vec<Criterion>,
        snapshots: Vec<Snapshot>,
        settings: RankingSettings,
    ) -> Self {
        self.criteria = criteria;
        self.snapshots = snapshots;
        self.ranking_settings = settings;
        self
    }

    /// Adds the projects and their history.
    pub fn with_projects(mut self, projects: Vec<Project>, history: Vec<HistoryEntry>) -> Self {
        self.projects = projects;
        self.history = history;
        self
    }

    /// Adds the staff and their assignments.
    pub fn with_staff(mut self, staff: Vec<StaffMember>, assignments: Vec<Assignment>) -> Self {
        self.staff = staff;
        self.assignments = assignments;
        self
    }

    /// Adds the settings of the staff planning.
    pub fn with_staffing(mut self, settings: StaffingSettings) -> Self {
        self.staffing = settings;
        self
    }

    /// The settings of the staff planning.
    pub fn staffing(&self) -> &StaffingSettings {
        &self.staffing
    }

    /// People and planned positions, in the order of their ids.
    pub fn staff(&self) -> &[StaffMember] {
        &self.staff
    }

    /// A person by id.
    pub fn staff_member(&self, id: StaffId) -> Option<&StaffMember> {
        self.staff.iter().find(|s| s.id == id)
    }

    /// The planned person-days of people on projects.
    pub fn assignments(&self) -> &[Assignment] {
        &self.assignments
    }

    /// An unused id for a new person.
    pub fn next_staff_id(&self) -> StaffId {
        super::ids::fresh(|id| self.staff.iter().any(|s| s.id == id))
    }

    /// The ranking criteria in their order.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria
    }

    /// The frozen rankings, oldest first.
    pub fn snapshots(&self) -> &[Snapshot] {
        &self.snapshots
    }

    /// How the ranking is shown.
    pub fn ranking_settings(&self) -> RankingSettings {
        self.ranking_settings
    }

    /// Makes this workspace's revision newer than `other`, so caches built on an older
    /// workspace are recomputed.
    pub fn set_revision_after(&mut self, other: u64) {
        self.revision = self.revision.max(other + 1);
        self.layout_revision = self.revision;
        self.service_stamps.fill(self.revision);
    }

    /// The revision at which services were last added or removed (or shared text changed):
    /// caches indexed by position are rebuilt as a whole when it is newer than they are.
    pub fn layout_revision(&self) -> u64 {
        self.layout_revision
    }

    /// The revision at which each service, by position, last changed.
    pub fn service_stamps(&self) -> &[u64] {
        &self.service_stamps
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn offices(&self) -> &[Office] {
        &self.offices
    }

    pub fn ozg_services(&self) -> &[OzgService] {
        &self.ozg_services
    }

    pub fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(*self.service_index.get(&id)?)
    }

    pub fn office(&self, id: OfficeId) -> Option<&Office> {
        self.offices.get(*self.office_index.get(&id)?)
    }

    /// The office a user means by `text`: its number, "320 – Ordnungsamt" as shown, or words
    /// of its name that fit only this one office.
    pub fn find_office(&self, text: &str) -> Result<&Office, EditError> {
        let t = text.trim();
        let number = t.split(" – ").next().unwrap_or(t).trim();
        if let Some(o) = self.office_by_number(number) {
            return Ok(o);
        }
        // A number must be an office's number; words need at least three letters.
        let looks_like_number = number.chars().all(|c| c.is_ascii_digit() || c == '.');
        if looks_like_number || t.chars().count() < 3 {
            return Err(EditError::UnknownOfficeNumber(t.to_owned()));
        }
        let needle = super::collate::search_fold(t);
        let fits: Vec<&Office> = self
            .offices
            .iter()
            .filter(|o| {
                !needle.is_empty() && super::collate::search_fold(&o.label()).contains(&needle)
            })
            .collect();
        match fits.as_slice() {
            [one] => Ok(one),
            [] => Err(EditError::UnknownOfficeNumber(t.to_owned())),
            many => Err(EditError::AmbiguousOffice {
                text: t.to_owned(),
                count: many.len(),
                examples: many
                    .iter()
                    .take(3)
                    .map(|o| o.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    pub fn office_by_number(&self, number: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.number == number)
    }

    pub fn ozg_service(&self, ozg_id: &str) -> Option<&OzgService> {
        self.ozg_services.get(*self.ozg_index.get(ozg_id)?)
    }

    /// The service holding a LeiKa key.
    pub fn service_by_key(&self, key: &LeikaKey) -> Option<&Service> {
        self.service(*self.key_index.get(key)?)
    }

    /// An unused id for a new service.
    pub fn next_service_id(&self) -> ServiceId {
        super::ids::fresh(|id| self.service_index.contains_key(&id))
    }

    /// The id for a new service with a LeiKa key: the same in every copy of the file (unless
    /// taken here or in `also_taken`), so that copies adding one service add the same row.
    pub fn service_id_for(
        &self,
        key: &LeikaKey,
        also_taken: impl Fn(ServiceId) -> bool,
    ) -> ServiceId {
        super::ids::keyed("service", key.as_str(), |id| {
            self.service_index.contains_key(&id) || also_taken(id)
        })
    }

    /// An unused id for a new office.
    pub fn next_office_id(&self) -> OfficeId {
        super::ids::fresh(|id| self.office_index.contains_key(&id))
    }

    /// Whether a service counts as deferred: its office is deferred.
    pub fn is_deferred(&self, service: &Service) -> bool {
        service
            .office_id
            .and_then(|id| self.office(id))
            .is_some_and(|o| o.deferred)
    }

    /// Number of services per office id.
    pub fn services_per_office(&self) -> HashMap<OfficeId, usize> {
        let mut counts = HashMap::new();
        for s in &self.services {
            if let Some(id) = s.office_id {
                *counts.entry(id).or_insert(0) += 1;
            }
        }
        counts
    }

    /// Checks a command against the current data and returns its inverse.
    /// Nothing is changed; a refused command leaves no trace.
    pub fn prepare(&self, cmd: &Command) -> Result<Command, EditError> {
        self.resolve(cmd).map(|r| r.inverse)
    }

    /// Checks a command and resolves it into its full effect – what the store writes and
    /// memory applies, every rule already decided – and the command that undoes it. Nothing
    /// is changed; a refused command leaves no trace.
    pub fn resolve(&self, cmd: &Command) -> Result<Resolved, EditError> {
        match cmd {
            // The parts of a batch apply one after the other, each on what the ones before
            // left, so each is checked and resolved on that.
            Command::Batch(cmds) => {
                let mut scratch = self.clone();
                let mut effects = Vec::with_capacity(cmds.len());
                let mut inverses = Vec::with_capacity(cmds.len());
                for c in cmds {
                    let r = scratch.resolve(c)?;
                    scratch.apply(&r.effect);
                    effects.push(r.effect.0);
                    inverses.push(r.inverse);
                }
                inverses.reverse();
                Ok(Resolved {
                    effect: Effect(Command::Batch(effects)),
                    inverse: Command::Batch(inverses),
                })
            }
            Command::SetProject { .. } | Command::SetStep { .. } | Command::PutProject { .. } => {
                super::limits::check_texts(cmd)?;
                self.resolve_project(cmd)
            }
            _ => Ok(Resolved {
                inverse: self.check(cmd)?,
                effect: Effect(cmd.clone()),
            }),
        }
    }

    /// Checks a command whose effect is the command itself and returns its inverse.
    fn check(&self, cmd: &Command) -> Result<Command, EditError> {
        super::limits::check_texts(cmd)?;
        Ok(match cmd {
            Command::SetService { id, value } => {
                let s = self.service(*id).ok_or(EditError::UnknownService(*id))?;
                self.check_service_value(*id, value)?;
                Command::SetService {
                    id: *id,
                    value: current_service_value(s, value),
                }
            }
            Command::AddService(s) => {
                if self.service_index.contains_key(&s.id) {
                    return Err(EditError::DuplicateServiceId(s.id));
                }
                self.check_service(s)?;
                Command::DeleteService(s.id)
            }
            Command::DeleteService(id) => {
                let s = self.service(*id).ok_or(EditError::UnknownService(*id))?;
                Command::AddService(Box::new(s.clone()))
            }
            Command::SetOffice { id, value } => {
                let o = self.office(*id).ok_or(EditError::UnknownOffice(*id))?;
                self.check_office_value(*id, value)?;
                Command::SetOffice {
                    id: *id,
                    value: current_office_value(o, value),
                }
            }
            Command::AddOffice(o) => {
                if !super::office::is_valid_number(&o.number) {
                    return Err(EditError::InvalidOfficeNumber(o.number.clone()));
                }
                if self.office_by_number(&o.number).is_some() || self.office(o.id).is_some() {
                    return Err(EditError::DuplicateOfficeNumber(o.number.clone()));
                }
                if self.would_belong_to_itself(o.id, &o.number, &o.parent) {
                    return Err(EditError::OfficeCycle(o.parent.trim().to_owned()));
                }
                Command::DeleteOffice(o.id)
            }
            Command::DeleteOffice(id) => {
                let o = self.office(*id).ok_or(EditError::UnknownOffice(*id))?;
                let count = self
                    .services
                    .iter()
                    .filter(|s| s.office_id == Some(*id))
                    .count();
                if count > 0 {
                    return Err(EditError::OfficeInUse {
                        number: o.number.clone(),
                        count,
                    });
                }
                let staff = self.staff.iter().filter(|m| m.unit == o.number).count();
                let s = &self.staffing;
                if staff > 0 || [&s.org_unit, &s.tech_unit].contains(&&o.number) {
                    return Err(EditError::UnitInUse {
                        number: o.number.clone(),
                        count: staff,
                    });
                }
                Command::AddOffice(Box::new(o.clone()))
            }
            Command::SetScore { .. }
            | Command::SetPin { .. }
            | Command::SetCriterion { .. }
            | Command::AddCriterion { .. }
            | Command::DeleteCriterion(_)
            | Command::SetRankingSettings(_)
            | Command::AddSnapshot(_)
            | Command::DeleteSnapshot(_) => self.prepare_ranking(cmd)?,
            Command::AddProject { .. }
            | Command::DeleteProject(_)
            | Command::AssignService { .. } => self.prepare_project(cmd)?,
            Command::AddStaff { .. }
            | Command::DeleteStaff(_)
            | Command::SetStaff { .. }
            | Command::SetAssignment { .. }
            | Command::SetStaffingSettings(_) => self.prepare_staff(cmd)?,
            Command::SetMaturityLabels(labels) => {
                const MAX: usize = 60;
                let fits = |l: &String| !l.trim().is_empty() && l.chars().count() <= MAX;
                if !labels.iter().all(fits) {
                    return Err(EditError::InvalidMaturityLabel(MAX));
                }
                // Another number of levels (a preset): only when nothing is above the new top.
                let max = labels.len() as i64 - 1;
                let m = &self.maturity;
                if !super::maturity::LEVELS.contains(&labels.len())
                    || m.legal_minimum > max
                    || m.default_target > max
                {
                    return Err(EditError::LevelCount {
                        minimum: m.legal_minimum,
                        target: m.default_target,
                    });
                }
                let above = self
                    .services
                    .iter()
                    .filter(|s| s.current_maturity > max || s.target_maturity > max)
                    .count()
                    + self
                        .projects
                        .iter()
                        .filter(|p| p.target_maturity > max)
                        .count();
                if above > 0 {
                    return Err(EditError::LevelsInUse { max, count: above });
                }
                Command::SetMaturityLabels(self.maturity.labels.clone())
            }
            Command::Batch(_)
            | Command::SetProject { .. }
            | Command::SetStep { .. }
            | Command::PutProject { .. } => return self.resolve(cmd).map(|r| r.inverse),
        })
    }

    fn check_service(&self, s: &Service) -> Result<(), EditError> {
        checked_values(s)
            .iter()
            .try_for_each(|v| self.check_service_value(s.id, v))
    }

    fn check_service_value(&self, id: ServiceId, value: &ServiceValue) -> Result<(), EditError> {
        match value {
            ServiceValue::LeikaKey(Some(key)) => match self.key_index.get(key) {
                Some(owner) if *owner != id => Err(EditError::DuplicateKey(key.as_str().into())),
                _ => Ok(()),
            },
            ServiceValue::Name(name) if name.trim().is_empty() => {
                Err(EditError::Empty("Bezeichnung"))
            }
            ServiceValue::OzgId(Some(ozg)) if self.ozg_service(ozg).is_none() => {
                Err(EditError::UnknownOzgService(ozg.clone()))
            }
            ServiceValue::Office(Some(office)) if self.office(*office).is_none() => {
                Err(EditError::UnknownOffice(*office))
            }
            ServiceValue::CaseVolume(Some(v)) if *v < 0 => Err(EditError::NegativeCaseVolume(*v)),
            ServiceValue::CurrentMaturity(level) => self.check_level("Reifegrad (Ist)", *level),
            ServiceValue::TargetMaturity(level) => self.check_level("Reifegrad (Ziel)", *level),
            _ => Ok(()),
        }
    }

    fn check_level(&self, field: &'static str, value: i64) -> Result<(), EditError> {
        if self.maturity.contains(value) {
            Ok(())
        } else {
            Err(EditError::MaturityOutOfRange {
                field,
                value,
                max: self.maturity.max_level(),
            })
        }
    }

    fn check_office_value(&self, id: OfficeId, value: &OfficeValue) -> Result<(), EditError> {
        match value {
            OfficeValue::Number(n) if !super::office::is_valid_number(n) => {
                Err(EditError::InvalidOfficeNumber(n.clone()))
            }
            OfficeValue::Number(n) => match self.office_by_number(n) {
                Some(o) if o.id != id => Err(EditError::DuplicateOfficeNumber(n.clone())),
                // Offices that name the new number as theirs come under this office.
                _ => match self.office(id) {
                    Some(o) if self.would_belong_to_itself(id, n, &o.parent) => {
                        Err(EditError::NumberCycle(n.clone()))
                    }
                    _ => Ok(()),
                },
            },
            OfficeValue::Parent(parent) => {
                let own = self
                    .office(id)
                    .map(|o| o.number.as_str())
                    .unwrap_or_default();
                if self.would_belong_to_itself(id, own, parent) {
                    Err(EditError::OfficeCycle(parent.trim().to_owned()))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// Whether office `id`, numbered `number` and belonging to `parent`, would belong to itself
    /// (also through further offices), or below offices that do.
    fn would_belong_to_itself(&self, id: OfficeId, number: &str, parent: &str) -> bool {
        let mut at = parent.trim();
        for _ in 0..=self.offices.len() {
            if at.is_empty() {
                return false;
            }
            if at == number.trim() {
                return true;
            }
            match self.office_by_number(at) {
                Some(o) if o.id != id => at = o.parent.trim(),
                _ => return false,
            }
        }
        true
    }

    /// Applies an effect that `resolve` made and the store has written.
    pub fn apply(&mut self, effect: &Effect) {
        self.revision += 1;
        self.apply_one(&effect.0);
    }

    fn apply_one(&mut self, cmd: &Command) {
        match cmd {
            Command::SetService { id, value } => {
                let Some(&i) = self.service_index.get(id) else {
                    return;
                };
                if let ServiceValue::LeikaKey(key) = value {
                    if let Some(old) = self.services[i].leika_key.take() {
                        self.key_index.remove(&old);
                    }
                    if let Some(k) = key {
                        self.key_index.insert(k.clone(), *id);
                    }
                }
                set_service_value(&mut self.services[i], value.clone());
                if let Some(stamp) = self.service_stamps.get_mut(i) {
                    *stamp = self.revision;
                }
            }
            Command::AddService(s) => {
                // In the order of the ids, as the file gives them back (an undone deletion
                // returns to its place).
                let at = self.services.partition_point(|x| x.id < s.id);
                self.services.insert(at, (**s).clone());
                self.service_stamps.insert(at, self.revision);
                self.layout_revision = self.revision;
                if at + 1 == self.services.len() {
                    if let Some(k) = &s.leika_key {
                        self.key_index.insert(k.clone(), s.id);
                    }
                    self.service_index.insert(s.id, at);
                } else {
                    self.reindex();
                }
            }
            Command::DeleteService(id) => {
                if let Some(&i) = self.service_index.get(id) {
                    self.services.remove(i);
                    if i < self.service_stamps.len() {
                        self.service_stamps.remove(i);
                    }
                    self.layout_revision = self.revision;
                    self.reindex();
                }
            }
            Command::SetOffice { id, value } => {
                if let Some(&i) = self.office_index.get(id) {
                    if let OfficeValue::Number(new) = value {
                        // Staff and the staffing's units name the office by its number.
                        let old = self.offices[i].number.clone();
                        self.rename_unit(&old, new);
                        self.layout_revision = self.revision;
                    }
                    set_office_value(&mut self.offices[i], value.clone());
                }
            }
            Command::AddOffice(o) => {
                let at = self.offices.partition_point(|x| x.id < o.id);
                self.offices.insert(at, (**o).clone());
                self.reindex();
            }
            Command::DeleteOffice(id) => {
                if let Some(&i) = self.office_index.get(id) {
                    self.offices.remove(i);
                    self.reindex();
                }
            }
            Command::SetScore { .. }
            | Command::SetPin { .. }
            | Command::SetCriterion { .. }
            | Command::AddCriterion { .. }
            | Command::DeleteCriterion(_)
            | Command::SetRankingSettings(_)
            | Command::AddSnapshot(_)
            | Command::DeleteSnapshot(_) => self.apply_ranking(cmd),
            Command::AddProject { .. }
            | Command::DeleteProject(_)
            | Command::SetProject { .. }
            | Command::SetStep { .. }
            | Command::PutProject { .. }
            | Command::AssignService { .. } => self.apply_project(cmd),
            Command::AddStaff { .. }
            | Command::DeleteStaff(_)
            | Command::SetStaff { .. }
            | Command::SetAssignment { .. }
            | Command::SetStaffingSettings(_) => self.apply_staff(cmd),
            Command::SetMaturityLabels(labels) => self.maturity.labels.clone_from(labels),
            Command::Batch(cmds) => cmds.iter().for_each(|c| self.apply_one(c)),
        }
    }
}

fn current_service_value(s: &Service, like: &ServiceValue) -> ServiceValue {
    match like {
        ServiceValue::LeikaKey(_) => ServiceValue::LeikaKey(s.leika_key.clone()),
        ServiceValue::Name(_) => ServiceValue::Name(s.name.clone()),
        ServiceValue::OzgId(_) => ServiceValue::OzgId(s.ozg_id.clone()),
        ServiceValue::LeikaType(_) => ServiceValue::LeikaType(s.leika_type.clone()),
        ServiceValue::Municipal(_) => ServiceValue::Municipal(s.municipal),
        ServiceValue::Office(_) => ServiceValue::Office(s.office_id),
        ServiceValue::CaseVolume(_) => ServiceValue::CaseVolume(s.case_volume),
        ServiceValue::CurrentMaturity(_) => ServiceValue::CurrentMaturity(s.current_maturity),
        ServiceValue::TargetMaturity(_) => ServiceValue::TargetMaturity(s.target_maturity),
        ServiceValue::Notes(_) => ServiceValue::Notes(s.notes.clone()),
    }
}

fn set_service_value(s: &mut Service, value: ServiceValue) {
    match value {
        ServiceValue::LeikaKey(v) => s.leika_key = v,
        ServiceValue::Name(v) => s.name = v,
        ServiceValue::OzgId(v) => s.ozg_id = v,
        ServiceValue::LeikaType(v) => s.leika_type = v,
        ServiceValue::Municipal(v) => s.municipal = v,
        ServiceValue::Office(v) => s.office_id = v,
        ServiceValue::CaseVolume(v) => s.case_volume = v,
        ServiceValue::CurrentMaturity(v) => s.current_maturity = v,
        ServiceValue::TargetMaturity(v) => s.target_maturity = v,
        ServiceValue::Notes(v) => s.notes = v,
    }
}

/// The fields of a service that an edit checks, with their values.
fn checked_values(s: &Service) -> [ServiceValue; 7] {
    [
        ServiceValue::LeikaKey(s.leika_key.clone()),
        ServiceValue::Name(s.name.clone()),
        ServiceValue::OzgId(s.ozg_id.clone()),
        ServiceValue::Office(s.office_id),
        ServiceValue::CaseVolume(s.case_volume),
        ServiceValue::CurrentMaturity(s.current_maturity),
        ServiceValue::TargetMaturity(s.target_maturity),
    ]
}

fn current_office_value(o: &Office, like: &OfficeValue) -> OfficeValue {
    match like {
        OfficeValue::Number(_) => OfficeValue::Number(o.number.clone()),
        OfficeValue::Name(_) => OfficeValue::Name(o.name.clone()),
        OfficeValue::Parent(_) => OfficeValue::Parent(o.parent.clone()),
        OfficeValue::Deferred(_) => OfficeValue::Deferred(o.deferred),
        OfficeValue::DeferredReason(_) => OfficeValue::DeferredReason(o.deferred_reason.clone()),
        OfficeValue::Pilot(_) => OfficeValue::Pilot(o.pilot),
    }
}

fn set_office_value(o: &mut Office, value: OfficeValue) {
    match value {
        OfficeValue::Number(v) => o.number = v,
        OfficeValue::Name(v) => o.name = v,
        OfficeValue::Parent(v) => o.parent = v,
        OfficeValue::Deferred(v) => o.deferred = v,
        OfficeValue::DeferredReason(v) => o.deferred_reason = v,
        OfficeValue::Pilot(v) => o.pilot = v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Workspace {
        let mut a = Service::new(1, "Wohngeld", 4);
        a.leika_key = LeikaKey::parse_optional("99001001000000").ok().flatten();
        let b = Service::new(2, "Hundesteuer", 4);
        Workspace::new(
            vec![a, b],
            vec![Office::new(1, "420")],
            vec![],
            MaturityScale::default(),
        )
    }

    fn run(ws: &mut Workspace, cmd: Command) -> Result<Command, EditError> {
        let resolved = ws.resolve(&cmd)?;
        ws.apply(&resolved.effect);
        Ok(resolved.inverse)
    }

    #[test]
    fn set_and_undo_restores_value() {
        let mut ws = sample();
        let inv = run(
            &mut ws,
            Command::SetService {
                id: 2,
                value: ServiceValue::CaseVolume(Some(1200)),
            },
        )
        .unwrap();
        assert_eq!(ws.service(2).unwrap().case_volume, Some(1200));
        let _redo = run(&mut ws, inv).unwrap();
        assert_eq!(ws.service(2).unwrap().case_volume, None);
        assert_eq!(ws.revision(), 2);
    }

    #[test]
    fn stamps_mark_changed_services_and_layout_changes() {
        let mut ws = sample();
        let _inv = run(
            &mut ws,
            Command::SetService {
                id: 2,
                value: ServiceValue::Notes("x".into()),
            },
        )
        .unwrap();
        assert_eq!(ws.service_stamps(), [0, 1]);
        assert_eq!(ws.layout_revision(), 0);
        let _inv = run(&mut ws, Command::DeleteService(1)).unwrap();
        assert_eq!(ws.service_stamps(), [1]);
        assert_eq!(ws.layout_revision(), 2);
    }

    #[test]
    fn refuses_duplicate_key_and_out_of_range_maturity() {
        let ws = sample();
        let key = LeikaKey::parse_optional("99001001000000").unwrap();
        let err = ws
            .prepare(&Command::SetService {
                id: 2,
                value: ServiceValue::LeikaKey(key),
            })
            .unwrap_err();
        assert!(err.to_string().contains("99001001000000"), "{err}");
        let err = ws
            .prepare(&Command::SetService {
                id: 2,
                value: ServiceValue::TargetMaturity(7),
            })
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "Reifegrad (Ziel): Stufe 7 liegt außerhalb der Skala 0 bis 5."
        );
    }

    #[test]
    fn delete_then_undo_brings_service_back_with_key() {
        let mut ws = sample();
        let inv = run(&mut ws, Command::DeleteService(1)).unwrap();
        assert!(ws.service(1).is_none());
        let key = LeikaKey::parse_optional("99001001000000").unwrap().unwrap();
        assert!(ws.service_by_key(&key).is_none());
        let _redo = run(&mut ws, inv).unwrap();
        assert_eq!(ws.service_by_key(&key).map(|s| s.id), Some(1));
    }

    #[test]
    fn batch_is_checked_as_a_whole() {
        let mut ws = sample();
        let bad = Command::Batch(vec![
            Command::SetService {
                id: 1,
                value: ServiceValue::CaseVolume(Some(5)),
            },
            Command::SetService {
                id: 99,
                value: ServiceValue::CaseVolume(Some(5)),
            },
        ]);
        assert!(ws.prepare(&bad).is_err());
        let good = Command::Batch(vec![
            Command::SetService {
                id: 1,
                value: ServiceValue::Office(Some(1)),
            },
            Command::SetService {
                id: 2,
                value: ServiceValue::Office(Some(1)),
            },
        ]);
        let inv = run(&mut ws, good).unwrap();
        assert_eq!(ws.services_per_office().get(&1), Some(&2));
        let err = ws.prepare(&Command::DeleteOffice(1)).unwrap_err();
        assert!(matches!(err, EditError::OfficeInUse { count: 2, .. }));
        let _redo = run(&mut ws, inv).unwrap();
        assert!(ws.services().iter().all(|s| s.office_id.is_none()));
    }
}
