//! Checking and applying the project commands: projects, steps, their services and history.

use super::{Effect, Resolved, Workspace};
use crate::model::ServiceId;
use crate::model::command::{Command, EditError, ProjectValue, StepValue};
use crate::model::project::{
    HistoryChange, HistoryEntry, Project, ProjectId, STEPS, Step, StepStatus,
};

impl Workspace {
    /// The projects in store order.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// A project by id.
    pub fn project(&self, id: ProjectId) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    /// An unused id for a new project.
    pub fn next_project_id(&self) -> ProjectId {
        crate::model::ids::fresh(|id| self.project(id).is_some())
    }

    /// The history of all projects, oldest first.
    pub fn project_history(&self) -> &[HistoryEntry] {
        &self.history
    }

    fn existing_project(&self, id: ProjectId) -> Result<&Project, EditError> {
        self.project(id).ok_or(EditError::UnknownProject(id))
    }

    fn check_free(&self, service: ServiceId, project: ProjectId) -> Result<(), EditError> {
        let s = self
            .service(service)
            .ok_or(EditError::UnknownService(service))?;
        match s.project_id.and_then(|p| self.project(p)) {
            Some(other) if other.id != project => Err(EditError::ServiceInOtherProject {
                service: s.name.clone(),
                project: other.name.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// Checks a project command and returns its inverse.
    pub(super) fn prepare_project(&self, cmd: &Command) -> Result<Command, EditError> {
        Ok(match cmd {
            Command::AddProject {
                project,
                services,
                assignments,
            } => {
                if self.project(project.id).is_some() {
                    return Err(EditError::UnknownProject(project.id));
                }
                if project.name.trim().is_empty() {
                    return Err(EditError::Empty("Projektname"));
                }
                for s in services {
                    self.check_free(*s, project.id)?;
                }
                for a in assignments {
                    self.check_assignment(a.staff, Some(a.person_days))?;
                }
                Command::DeleteProject(project.id)
            }
            Command::DeleteProject(id) => {
                let p = self.existing_project(*id)?;
                let services = self
                    .services
                    .iter()
                    .filter(|s| s.project_id == Some(*id))
                    .map(|s| s.id)
                    .collect();
                Command::AddProject {
                    project: Box::new(p.clone()),
                    services,
                    assignments: self
                        .assignments
                        .iter()
                        .filter(|a| a.project == *id)
                        .cloned()
                        .collect(),
                }
            }
            Command::AssignService { service, project } => {
                let s = self
                    .service(*service)
                    .ok_or(EditError::UnknownService(*service))?;
                if let Some(p) = project {
                    self.existing_project(*p)?;
                    self.check_free(*service, *p)?;
                }
                Command::AssignService {
                    service: *service,
                    project: s.project_id,
                }
            }
            _ => return Err(EditError::Empty("Befehl")),
        })
    }

    /// Checks a change of a project or one of its steps against the rules of the steps.
    fn check_project_change(&self, cmd: &Command) -> Result<(), EditError> {
        match cmd {
            Command::SetProject { id, value } => {
                let p = self.existing_project(*id)?;
                check_project_value(p, value)?;
                if let ProjectValue::LeadOffice(Some(o)) = value
                    && self.office(*o).is_none()
                {
                    return Err(EditError::UnknownOffice(*o));
                }
                if let ProjectValue::TargetMaturity(level) = value
                    && !self.maturity.contains(*level)
                {
                    return Err(EditError::MaturityOutOfRange {
                        field: "Zielreifegrad",
                        value: *level,
                        max: self.maturity.max_level(),
                    });
                }
                Ok(())
            }
            Command::SetStep {
                project,
                step,
                value,
                ..
            } => {
                let p = self.existing_project(*project)?;
                p.steps
                    .get(step.wrapping_sub(1))
                    .ok_or(EditError::UnknownStep(*step))?;
                match value {
                    StepValue::Status(status) => {
                        let done = *status == StepStatus::Done;
                        if matches!(*step, DECISION_STEP | 8) && done && p.decision.is_none() {
                            return Err(EditError::DecisionMissing(*step));
                        }
                        if *step == RELEASE_STEP && done && p.release_date.is_none() {
                            return Err(EditError::ReleaseDateMissing);
                        }
                        Ok(())
                    }
                    StepValue::Check { item, .. } => {
                        let count = STEPS.get(step - 1).map_or(0, |s| s.1.len());
                        if *item >= count {
                            return Err(EditError::UnknownStep(*step));
                        }
                        if *step == DECISION_STEP && *item == 0 {
                            return Err(EditError::DecisionItem);
                        }
                        Ok(())
                    }
                    _ => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// Resolves a change of a project into the project as it will be, with the history entries
    /// the change adds; undoing puts the project back as it was and records the way back.
    pub(super) fn resolve_project(&self, cmd: &Command) -> Result<Resolved, EditError> {
        self.check_project_change(cmd)?;
        let (id, history) = match cmd {
            Command::PutProject { project, history } => {
                let old = self.existing_project(project.id)?;
                if project.steps.len() != STEPS.len() || project.name.trim().is_empty() {
                    return Err(EditError::UnknownProject(project.id));
                }
                // Putting back is done by whoever undoes: the entries name them.
                let history: Vec<HistoryEntry> = history
                    .iter()
                    .map(|h| HistoryEntry {
                        changed_by: self.author.clone(),
                        ..h.clone()
                    })
                    .collect();
                return Ok(Resolved {
                    effect: Effect(Command::PutProject {
                        project: project.clone(),
                        history: history.clone(),
                    }),
                    inverse: Command::PutProject {
                        project: Box::new(old.clone()),
                        history: self.reversed(&history),
                    },
                });
            }
            Command::SetProject { id, .. } => (*id, Vec::new()),
            Command::SetStep { project, .. } => (*project, Vec::new()),
            _ => return Err(EditError::Empty("Befehl")),
        };
        let old = self.existing_project(id)?;
        let mut new = old.clone();
        let mut history = history;
        match cmd {
            Command::SetProject { value, .. } => {
                if let ProjectValue::Health(health, on) = value
                    && old.health != *health
                {
                    history.push(HistoryEntry {
                        project: id,
                        changed_on: *on,
                        change: HistoryChange::Health {
                            old: old.health,
                            new: *health,
                        },
                        changed_by: self.author.clone(),
                    });
                }
                set_project_value(&mut new, value.clone());
            }
            Command::SetStep {
                step, value, on, ..
            } => history.extend(
                apply_step(&mut new, *step, value, *on).map(|h| HistoryEntry {
                    changed_by: self.author.clone(),
                    ..h
                }),
            ),
            _ => {}
        }
        Ok(Resolved {
            inverse: Command::PutProject {
                project: Box::new(old.clone()),
                history: self.reversed(&history),
            },
            effect: Effect(Command::PutProject {
                project: Box::new(new),
                history,
            }),
        })
    }

    /// Applies a project command that `resolve` made and the store has written.
    pub(super) fn apply_project(&mut self, cmd: &Command) {
        match cmd {
            Command::AddProject {
                project,
                services,
                assignments,
            } => {
                let at = self.projects.partition_point(|p| p.id < project.id);
                self.projects.insert(at, (**project).clone());
                for s in services {
                    self.set_service_project(*s, Some(project.id));
                }
                self.assignments.extend(assignments.iter().cloned());
                self.sort_assignments();
            }
            Command::DeleteProject(id) => {
                self.projects.retain(|p| p.id != *id);
                self.assignments.retain(|a| a.project != *id);
                let ids: Vec<ServiceId> = self
                    .services
                    .iter()
                    .filter(|s| s.project_id == Some(*id))
                    .map(|s| s.id)
                    .collect();
                for s in ids {
                    self.set_service_project(s, None);
                }
            }
            Command::PutProject { project, history } => {
                if let Some(p) = self.projects.iter_mut().find(|p| p.id == project.id) {
                    *p = (**project).clone();
                }
                self.history.extend(history.iter().cloned());
            }
            Command::AssignService { service, project } => {
                self.set_service_project(*service, *project);
            }
            _ => {}
        }
    }

    fn set_service_project(&mut self, service: ServiceId, project: Option<ProjectId>) {
        if let Some(&i) = self.service_index.get(&service)
            && let Some(s) = self.services.get_mut(i)
        {
            s.project_id = project;
            if let Some(stamp) = self.service_stamps.get_mut(i) {
                *stamp = self.revision;
            }
        }
    }

    /// The edits that raise the current maturity of a project's services to its target.
    pub fn raise_maturity_edits(&self, project: ProjectId) -> Vec<Command> {
        let Some(p) = self.project(project) else {
            return Vec::new();
        };
        crate::model::project::raise_edits(
            p.target_maturity,
            self.services
                .iter()
                .filter(|s| s.project_id == Some(project)),
        )
    }
}

impl Workspace {
    /// The history entries of the way back, latest first, by whoever takes it.
    fn reversed(&self, history: &[HistoryEntry]) -> Vec<HistoryEntry> {
        history
            .iter()
            .rev()
            .map(|h| HistoryEntry {
                change: h.change.reversed(),
                changed_by: self.author.clone(),
                ..h.clone()
            })
            .collect()
    }
}

/// Applies a step change to a project by the rules of the steps: a status change sets or
/// clears the completion date, and the go-live date follows whether every step that is not
/// dropped is done. Returns the history entry of a status change.
fn apply_step(
    p: &mut Project,
    step: usize,
    value: &StepValue,
    on: chrono::NaiveDate,
) -> Option<HistoryEntry> {
    let project = p.id;
    let s = p.steps.get_mut(step.wrapping_sub(1))?;
    let StepValue::Status(status) = value else {
        set_step_value(s, value.clone());
        return None;
    };
    let entry = (s.status != *status).then_some(HistoryEntry {
        project,
        changed_on: on,
        change: HistoryChange::Step {
            step,
            old: s.status,
            new: *status,
        },
        changed_by: String::new(),
    });
    let was_live = p.is_in_operation();
    if let Some(s) = p.steps.get_mut(step - 1) {
        s.completed = completion_after(s, *status, on);
        s.status = *status;
    }
    // In operation once every step that is not dropped is done: the go-live date is the day
    // that happens, and goes when a step is opened again.
    match (was_live, p.is_in_operation()) {
        (false, true) if p.go_live.is_none() => p.go_live = Some(on),
        (true, false) => p.go_live = None,
        _ => {}
    }
    entry
}

/// The completion date after a status change: set on the day a step is done (unless already
/// set), kept when dropped, cleared when reopened.
fn completion_after(
    step: &Step,
    status: StepStatus,
    on: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    match status {
        StepStatus::Done => step.completed.or(Some(on)),
        StepStatus::Dropped => step.completed,
        StepStatus::Open | StepStatus::InProgress => None,
    }
}

/// The step with the decision a–d; its first checklist item is the decision itself.
pub const DECISION_STEP: usize = 7;
/// The step that needs the release date ("Freigabe am").
pub const RELEASE_STEP: usize = 10;

fn step_done(p: &Project, step: usize) -> bool {
    p.steps
        .get(step - 1)
        .is_some_and(|s| s.status == StepStatus::Done)
}

pub(super) fn check_project_value(p: &Project, value: &ProjectValue) -> Result<(), EditError> {
    match value {
        ProjectValue::Decision(None) if step_done(p, DECISION_STEP) => {
            Err(EditError::DecisionNeeded)
        }
        ProjectValue::ReleaseDate(None) if step_done(p, RELEASE_STEP) => {
            Err(EditError::ReleaseDateMissing)
        }
        ProjectValue::Name(n) if n.trim().is_empty() => Err(EditError::Empty("Projektname")),
        ProjectValue::EffortOrg(v) if !(v.is_finite() && *v >= 0.0) => {
            Err(EditError::InvalidEffort("Aufwand organisatorisch"))
        }
        ProjectValue::EffortTech(v) if !(v.is_finite() && *v >= 0.0) => {
            Err(EditError::InvalidEffort("Aufwand technisch"))
        }
        ProjectValue::PlannedStart(Some(start)) if p.planned_end.is_some_and(|e| e < *start) => {
            Err(EditError::EndBeforeStart)
        }
        ProjectValue::PlannedEnd(Some(end)) if p.planned_start.is_some_and(|s| *end < s) => {
            Err(EditError::EndBeforeStart)
        }
        _ => Ok(()),
    }
}

fn set_project_value(p: &mut Project, value: ProjectValue) {
    match value {
        ProjectValue::Name(v) => p.name = v,
        ProjectValue::LeadOffice(v) => p.lead_office = v,
        ProjectValue::Contact(v) => p.contact = v,
        ProjectValue::PlannedStart(v) => p.planned_start = v,
        ProjectValue::PlannedEnd(v) => p.planned_end = v,
        ProjectValue::EffortOrg(v) => p.effort_org_person_days = v,
        ProjectValue::EffortTech(v) => p.effort_tech_person_days = v,
        ProjectValue::TemplateName(v) => p.template_name = v,
        ProjectValue::TemplateSource(v) => p.template_source = v,
        ProjectValue::SpecialistSystem(v) => p.specialist_system = v,
        ProjectValue::TargetMaturity(v) => p.target_maturity = v,
        ProjectValue::Aspects(v) => p.aspects = *v,
        ProjectValue::Health(v, _) => p.health = v,
        ProjectValue::HealthComment(v) => p.health_comment = v,
        ProjectValue::Decision(v) => {
            p.decision = v;
            // The checklist item of the decision is the decision.
            if let Some(item) = p
                .steps
                .get_mut(DECISION_STEP - 1)
                .and_then(|s| s.checked.get_mut(0))
            {
                *item = v.is_some();
            }
        }
        ProjectValue::ReleaseDate(v) => p.release_date = v,
        ProjectValue::GoLive(v) => p.go_live = v,
    }
}

fn set_step_value(s: &mut Step, value: StepValue) {
    match value {
        StepValue::Status(v) => s.status = v,
        StepValue::Responsible(v) => s.responsible = v,
        StepValue::Due(v) => s.due = v,
        StepValue::Completed(v) => s.completed = v,
        StepValue::Note(v) => s.note = v,
        StepValue::Check { item, checked } => {
            if s.checked.len() <= item {
                s.checked.resize(item + 1, false);
            }
            if let Some(c) = s.checked.get_mut(item) {
                *c = checked;
            }
        }
    }
}
