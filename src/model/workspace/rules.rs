//! The rules every edit is checked against, applied to the data as a whole: for data that did
//! not come through an edit of this file – a change package merged with this file's own edits,
//! where two edits that each kept the rules can together break one.

use super::Workspace;
use super::project_edits::{DECISION_STEP, check_project_value};
use crate::model::command::{Command, EditError, OfficeValue, ProjectValue};
use crate::model::limits::check_texts;
use crate::model::project::{STEPS, StepStatus};

impl Workspace {
    /// Every rule the data break, each as a German sentence that names the object; empty when
    /// all hold.
    pub fn broken_rules(&self) -> Vec<String> {
        let mut broken = Vec::new();
        let mut note = |object: String, result: Result<(), EditError>| {
            if let Err(e) = result {
                broken.push(format!("{object}: {e}"));
            }
        };
        let m = &self.maturity;
        for level in [m.legal_minimum, m.default_target] {
            if !m.contains(level) || !super::super::maturity::LEVELS.contains(&m.labels.len()) {
                note(
                    "Reifegrad-Skala".into(),
                    Err(EditError::LevelCount {
                        minimum: m.legal_minimum,
                        target: m.default_target,
                    }),
                );
                break;
            }
        }
        for s in &self.services {
            let object = format!("Leistung „{}“", s.name);
            note(object.clone(), self.check_service(s));
            note(
                object.clone(),
                check_texts(&Command::AddService(Box::new(s.clone()))),
            );
            if let Some(pin) = &s.pin {
                note(
                    object,
                    self.prepare_ranking(&Command::SetPin {
                        service: s.id,
                        pin: Some(pin.clone()),
                    })
                    .map(drop),
                );
            }
        }
        for o in &self.offices {
            let object = format!("Amt {}", o.number);
            note(
                object.clone(),
                self.check_office_value(o.id, &OfficeValue::Number(o.number.clone())),
            );
            note(
                object.clone(),
                self.check_office_value(o.id, &OfficeValue::Parent(o.parent.clone())),
            );
            note(
                object,
                check_texts(&Command::AddOffice(Box::new(o.clone()))),
            );
        }
        for c in &self.criteria {
            let object = format!("Kriterium „{}“", c.name);
            if c.name.trim().is_empty() {
                note(object.clone(), Err(EditError::Empty("Name des Kriteriums")));
            }
            if !(c.weight.is_finite() && c.weight >= 0.0) {
                note(
                    object,
                    Err(EditError::InvalidWeight(crate::model::format::decimal(
                        c.weight, 2,
                    ))),
                );
            }
        }
        if self.ranking_settings.top_n == 0 {
            note("Rangliste".into(), Err(EditError::InvalidTopN));
        }
        for p in &self.projects {
            note(format!("Projekt „{}“", p.name), self.project_rules(p));
        }
        for member in &self.staff {
            let object = if member.name.trim().is_empty() {
                format!("Stelle {} (unbesetzt)", member.id)
            } else {
                format!("Person „{}“", member.name)
            };
            note(object.clone(), super::staff_edits::check_member(member));
            let known = self.offices.is_empty() || self.office_by_number(&member.unit).is_some();
            if !known {
                note(
                    object.clone(),
                    Err(EditError::UnknownOfficeNumber(member.unit.clone())),
                );
            }
            note(
                object,
                check_texts(&Command::AddStaff {
                    member: Box::new(member.clone()),
                    assignments: Vec::new(),
                }),
            );
        }
        for a in &self.assignments {
            let project = self.project(a.project).map_or("?", |p| p.name.as_str());
            note(
                format!("Einsatz im Projekt „{project}“"),
                self.check_assignment(a.staff, Some(a.person_days)),
            );
        }
        note(
            "Personalplanung".into(),
            self.prepare_staff(&Command::SetStaffingSettings(Box::new(
                self.staffing.clone(),
            )))
            .map(drop),
        );
        broken
    }

    /// The rules of one project: its fields as an edit would check them, and the steps whose
    /// status needs the decision or the release date.
    fn project_rules(&self, p: &crate::model::project::Project) -> Result<(), EditError> {
        if p.name.trim().is_empty() {
            return Err(EditError::Empty("Projektname"));
        }
        if p.steps.len() != STEPS.len() {
            return Err(EditError::UnknownStep(p.steps.len()));
        }
        if !self.maturity.contains(p.target_maturity) {
            return Err(EditError::MaturityOutOfRange {
                field: "Zielreifegrad",
                value: p.target_maturity,
                max: self.maturity.max_level(),
            });
        }
        for value in [
            ProjectValue::EffortOrg(p.effort_org_person_days),
            ProjectValue::EffortTech(p.effort_tech_person_days),
            ProjectValue::PlannedEnd(p.planned_end),
            ProjectValue::Decision(p.decision),
            ProjectValue::ReleaseDate(p.release_date),
        ] {
            check_project_value(p, &value)?;
        }
        let done = |step: usize| p.steps[step - 1].status == StepStatus::Done;
        if done(8) && p.decision.is_none() {
            return Err(EditError::DecisionMissing(8));
        }
        // The decision's checklist item is the decision.
        if p.steps[DECISION_STEP - 1]
            .checked
            .first()
            .copied()
            .unwrap_or(false)
            != p.decision.is_some()
        {
            return Err(EditError::DecisionItem);
        }
        check_texts(&Command::PutProject {
            project: Box::new(p.clone()),
            history: Vec::new(),
        })
    }
}
