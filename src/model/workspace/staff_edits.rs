//! Edits of staff and their assignments: checked here, inverse returned, applied after the
//! store has written them.

use super::Workspace;
use crate::model::command::{Command, EditError, StaffValue};
use crate::model::format::decimal;
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

    /// The people assigned to project `project` whose unit carries the same kind of effort as
    /// `unit` (organisational or technical).
    fn assigned_of_kind(&self, project: ProjectId, technical: bool) -> Vec<StaffId> {
        self.assignments
            .iter()
            .filter(|a| a.project == project)
            .filter(|a| {
                self.staff_member(a.staff)
                    .is_some_and(|m| self.staffing.is_technical(&m.unit) == technical)
            })
            .map(|a| a.staff)
            .collect()
    }

    /// The edit that assigns `staff` to `project` (or takes the person off it, `assign` false).
    /// While the project's organisational effort – or, for the technical unit, its technical
    /// effort – is split evenly among the people of that kind, it stays split evenly, the
    /// newcomer included; once someone has set other numbers, they are kept and a newcomer
    /// gets what is left. `None` when nothing changes.
    pub fn assignment_split(
        &self,
        staff: StaffId,
        project: ProjectId,
        assign: bool,
    ) -> Option<Command> {
        let member = self.staff_member(staff)?;
        let p = self.project(project)?;
        let technical = self.staffing.is_technical(&member.unit);
        let mut people = self.assigned_of_kind(project, technical);
        let present = people.contains(&staff);
        if assign == present {
            return None;
        }
        let effort = if technical {
            p.effort_tech_person_days
        } else {
            p.effort_org_person_days
        };
        let planned = |s: StaffId| self.assignment(s, project).map_or(0.0, |a| a.person_days);
        let tenth = |v: f64| (v * 10.0).round() / 10.0;
        let even = |n: usize| tenth(effort / n.max(1) as f64);
        let was_even = people
            .iter()
            .all(|&s| (planned(s) - even(people.len())).abs() < 0.05);
        let mut batch = Vec::new();
        if !assign {
            people.retain(|s| *s != staff);
            batch.push(Command::SetAssignment {
                staff,
                project,
                person_days: None,
            });
        }
        if was_even {
            if assign {
                people.push(staff);
            }
            let share = even(people.len());
            batch.extend(people.into_iter().map(|s| Command::SetAssignment {
                staff: s,
                project,
                person_days: Some(share),
            }));
        } else if assign {
            let taken: f64 = people.iter().map(|&s| planned(s)).sum();
            batch.push(Command::SetAssignment {
                staff,
                project,
                person_days: Some(tenth((effort - taken).max(0.0))),
            });
        }
        Some(Command::Batch(batch))
    }

    /// Follows an office's new number in the staff's units and the staffing's units.
    pub(super) fn rename_unit(&mut self, old: &str, new: &str) {
        for m in self.staff.iter_mut().filter(|m| m.unit == old) {
            m.unit = new.to_owned();
        }
        for unit in [&mut self.staffing.org_unit, &mut self.staffing.tech_unit] {
            if unit == old {
                *unit = new.to_owned();
            }
        }
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
                if let StaffValue::Unit(unit) = value
                    && self.office_by_number(unit.trim()).is_none()
                {
                    return Err(EditError::UnknownOfficeNumber(unit.trim().to_owned()));
                }
                let mut changed = member.clone();
                value.apply_to(&mut changed);
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
                for unit in [&settings.org_unit, &settings.tech_unit] {
                    let unit = unit.trim();
                    let known = self.offices().is_empty() || self.office_by_number(unit).is_some();
                    if unit.is_empty() || !known {
                        return Err(EditError::UnknownOfficeNumber(unit.to_owned()));
                    }
                }
                if settings.org_unit.trim() == settings.tech_unit.trim() {
                    return Err(EditError::SameUnits);
                }
                Command::SetStaffingSettings(Box::new(self.staffing.clone()))
            }
            _ => return Err(EditError::Empty("Befehl")),
        })
    }

    /// Keeps the assignments in the order of person and project, as the file gives them.
    pub(super) fn sort_assignments(&mut self) {
        self.assignments.sort_by_key(|a| (a.staff, a.project));
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
                self.sort_assignments();
            }
            Command::DeleteStaff(id) => {
                self.staff.retain(|s| s.id != *id);
                self.assignments.retain(|a| a.staff != *id);
            }
            Command::SetStaff { id, value } => {
                if let Some(s) = self.staff.iter_mut().find(|s| s.id == *id) {
                    value.apply_to(s);
                }
            }
            Command::SetAssignment {
                staff,
                project,
                person_days,
            } => {
                // Assignments are in the order of person and project, as the file gives them.
                let at = self
                    .assignments
                    .iter()
                    .position(|a| a.staff == *staff && a.project == *project);
                match (at, person_days) {
                    (Some(i), Some(d)) => self.assignments[i].person_days = *d,
                    (Some(i), None) => {
                        self.assignments.remove(i);
                    }
                    (None, Some(d)) => {
                        self.assignments.push(Assignment {
                            staff: *staff,
                            project: *project,
                            person_days: *d,
                        });
                        self.sort_assignments();
                    }
                    (None, None) => {}
                }
            }
            Command::SetStaffingSettings(settings) => self.staffing = (**settings).clone(),
            _ => {}
        }
    }
}

/// Checks the fields of a person: the FTE share and the availability window.
pub(super) fn check_member(m: &StaffMember) -> Result<(), EditError> {
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

impl StaffValue {
    /// Writes the value into the field of `m`.
    pub fn apply_to(&self, m: &mut StaffMember) {
        match self {
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
