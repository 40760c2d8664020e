//! Edits of staff and their assignments: checked here, inverse returned, applied after the
//! store has written them.

use super::Workspace;
use crate::model::command::{Command, EditError, StaffValue};
use crate::model::german::decimal;
use crate::model::load::{Assignment, StaffId, StaffMember};
use crate::model::project::ProjectId;

/// The largest planned effort of one person on one project, in person-days.
const MAX_PERSON_DAYS: f64 = 10_000.0;

impl Workspace {
    fn existing_staff(&self, id: StaffId) -> Result<&StaffMember, EditError> {
        self.staff_member(id).ok_or(EditError::UnknownStaff(id))
    }

    /// Checks that a person exists and a planned effort is in range.
    pub(super) fn check_assignment(
        &self,
        staff: StaffId,
        person_days: Option<f64>,
    ) -> Result<(), EditError> {
        self.existing_staff(staff)?;
        match person_days {
            Some(d) if !(d.is_finite() && (0.0..=MAX_PERSON_DAYS).contains(&d)) => {
                Err(EditError::InvalidPersonDays(decimal(d, 1)))
            }
            _ => Ok(()),
        }
    }

    fn assignment(&self, staff: StaffId, project: ProjectId) -> Option<&Assignment> {
        self.assignments
            .iter()
            .find(|a| a.staff == staff && a.project == project)
    }

    /// Checks a staff command and returns its inverse.
    pub(super) fn prepare_staff(&self, cmd: &Command) -> Result<Command, EditError> {
        Ok(match cmd {
            Command::AddStaff {
                member,
                assignments,
            } => {
                if self.staff_member(member.id).is_some() {
                    return Err(EditError::DuplicateStaffId(member.id));
                }
                check_member(member)?;
                for a in assignments {
                    if self.project(a.project).is_none() {
                        return Err(EditError::UnknownProject(a.project));
                    }
                    if !(a.person_days.is_finite()
                        && (0.0..=MAX_PERSON_DAYS).contains(&a.person_days))
                    {
                        return Err(EditError::InvalidPersonDays(decimal(a.person_days, 1)));
                    }
                }
                Command::DeleteStaff(member.id)
            }
            Command::DeleteStaff(id) => {
                let member = self.existing_staff(*id)?;
                Command::AddStaff {
                    member: Box::new(member.clone()),
                    assignments: self
                        .assignments
                        .iter()
                        .filter(|a| a.staff == *id)
                        .cloned()
                        .collect(),
                }
            }
            Command::SetStaff { id, value } => {
                let member = self.existing_staff(*id)?;
                let mut changed = member.clone();
                set_value(&mut changed, value);
                check_member(&changed)?;
                Command::SetStaff {
                    id: *id,
                    value: current_value(member, value),
                }
            }
            Command::SetAssignment {
                staff,
                project,
                person_days,
            } => {
                self.check_assignment(*staff, *person_days)?;
                if self.project(*project).is_none() {
                    return Err(EditError::UnknownProject(*project));
                }
                Command::SetAssignment {
                    staff: *staff,
                    project: *project,
                    person_days: self.assignment(*staff, *project).map(|a| a.person_days),
                }
            }
            Command::SetStaffingSettings(settings) => {
                settings.check()?;
                Command::SetStaffingSettings(Box::new(self.staffing.clone()))
            }
            _ => return Err(EditError::Empty("Befehl")),
        })
    }

    /// Applies a staff command that `prepare` accepted and the store has written.
    pub(super) fn apply_staff(&mut self, cmd: &Command) {
        match cmd {
            Command::AddStaff {
                member,
                assignments,
            } => {
                let at = self.staff.partition_point(|s| s.id < member.id);
                self.staff.insert(at, (**member).clone());
                self.assignments.extend(assignments.iter().cloned());
            }
            Command::DeleteStaff(id) => {
                self.staff.retain(|s| s.id != *id);
                self.assignments.retain(|a| a.staff != *id);
            }
            Command::SetStaff { id, value } => {
                if let Some(s) = self.staff.iter_mut().find(|s| s.id == *id) {
                    set_value(s, value);
                }
            }
            Command::SetAssignment {
                staff,
                project,
                person_days,
            } => {
                self.assignments
                    .retain(|a| !(a.staff == *staff && a.project == *project));
                if let Some(d) = person_days {
                    self.assignments.push(Assignment {
                        staff: *staff,
                        project: *project,
                        person_days: *d,
                    });
                }
            }
            Command::SetStaffingSettings(settings) => self.staffing = (**settings).clone(),
            _ => {}
        }
    }
}

/// Checks the fields of a person: the FTE share and the availability window.
fn check_member(m: &StaffMember) -> Result<(), EditError> {
    if !(m.fte.is_finite() && (0.1..=1.0).contains(&m.fte)) {
        return Err(EditError::FteOutOfRange(decimal(m.fte, 2)));
    }
    if let (Some(from), Some(until)) = (m.available_from, m.available_until)
        && until < from
    {
        return Err(EditError::AvailabilityEndBeforeStart);
    }
    Ok(())
}

fn set_value(m: &mut StaffMember, value: &StaffValue) {
    match value {
        StaffValue::Name(v) => m.name = v.clone(),
        StaffValue::Unit(v) => m.unit = v.clone(),
        StaffValue::Role(v) => m.role = v.clone(),
        StaffValue::PayGrade(v) => m.pay_grade = v.clone(),
        StaffValue::Fte(v) => m.fte = *v,
        StaffValue::AvailableFrom(v) => m.available_from = *v,
        StaffValue::AvailableUntil(v) => m.available_until = *v,
        StaffValue::Funding(v) => m.funding = *v,
        StaffValue::Note(v) => m.note = v.clone(),
    }
}

fn current_value(m: &StaffMember, like: &StaffValue) -> StaffValue {
    match like {
        StaffValue::Name(_) => StaffValue::Name(m.name.clone()),
        StaffValue::Unit(_) => StaffValue::Unit(m.unit.clone()),
        StaffValue::Role(_) => StaffValue::Role(m.role.clone()),
        StaffValue::PayGrade(_) => StaffValue::PayGrade(m.pay_grade.clone()),
        StaffValue::Fte(_) => StaffValue::Fte(m.fte),
        StaffValue::AvailableFrom(_) => StaffValue::AvailableFrom(m.available_from),
        StaffValue::AvailableUntil(_) => StaffValue::AvailableUntil(m.available_until),
        StaffValue::Funding(_) => StaffValue::Funding(m.funding),
        StaffValue::Note(_) => StaffValue::Note(m.note.clone()),
    }
}
