//! The rules every edit is checked against, applied to the data as a whole: for data that did
//! not come through an edit of this file – a change package merged with this file's own edits,
//! where two edits that each kept the rules can together break one. Only rules that no sequence
//! of edits in one file can break are checked here.

use std::mem::Discriminant;

use super::Workspace;
use super::project_edits::{DECISION_STEP, check_project_value};
use crate::model::command::{Command, EditError, OfficeValue, ProjectValue};
use crate::model::limits::check_texts;
use crate::model::project::{Project, STEPS};

/// A rule the data break: which object, which rule, and the sentence for people.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenRule {
    /// The kind of object and its id (and a second id for a pair: a person on a project);
    /// the same object under another name is the same object.
    pub object: (&'static str, i64, i64),
    /// Which rule, whatever the values in the message.
    pub rule: Discriminant<EditError>,
    /// "Leistung „…“: Reifegrad (Ziel): Stufe 9 liegt außerhalb der Skala 0 bis 5."
    pub text: String,
}

impl BrokenRule {
    /// Whether this is the same rule broken by the same object as `other`.
    pub fn same_as(&self, other: &BrokenRule) -> bool {
        self.object == other.object && self.rule == other.rule
    }
}

/// Collects the rules broken, object by object.
struct Findings(Vec<BrokenRule>);

impl Findings {
    fn note(
        &mut self,
        object: (&'static str, i64, i64),
        name: &str,
        result: Result<(), EditError>,
    ) {
        if let Err(e) = result {
            self.0.push(BrokenRule {
                object,
                rule: std::mem::discriminant(&e),
                text: format!("{name}: {e}"),
            });
        }
    }
}

impl Workspace {
    /// Every rule the data break, each naming the object; empty when all hold.
    pub fn broken_rules(&self) -> Vec<BrokenRule> {
        let mut found = Findings(Vec::new());
        let m = &self.maturity;
        let on_scale = super::super::maturity::LEVELS.contains(&m.labels.len())
            && m.contains(m.legal_minimum)
            && m.contains(m.default_target);
        if !on_scale {
            found.note(
                ("maturity_levels", 0, 0),
                "Reifegrad-Skala",
                Err(EditError::LevelCount {
                    minimum: m.legal_minimum,
                    target: m.default_target,
                }),
            );
        }
        for s in &self.services {
            let (object, name) = (("services", s.id, 0), format!("Leistung „{}“", s.name));
            for value in &super::checked_values(s) {
                found.note(object, &name, self.check_service_value(s.id, value));
            }
            found.note(
                object,
                &name,
                check_texts(&Command::AddService(Box::new(s.clone()))),
            );
            if let Some(pin) = &s.pin {
                let pinned = self.prepare_ranking(&Command::SetPin {
                    service: s.id,
                    pin: Some(pin.clone()),
                });
                found.note(object, &name, pinned.map(drop));
            }
        }
        for o in &self.offices {
            let (object, name) = (("offices", o.id, 0), format!("Amt {}", o.number));
            for value in [
                OfficeValue::Number(o.number.clone()),
                OfficeValue::Parent(o.parent.clone()),
            ] {
                found.note(object, &name, self.check_office_value(o.id, &value));
            }
            found.note(
                object,
                &name,
                check_texts(&Command::AddOffice(Box::new(o.clone()))),
            );
        }
        for c in &self.criteria {
            let (object, name) = (("criteria", c.id, 0), format!("Kriterium „{}“", c.name));
            if c.name.trim().is_empty() {
                found.note(object, &name, Err(EditError::Empty("Name des Kriteriums")));
            }
            if !(c.weight.is_finite() && c.weight >= 0.0) {
                let weight = crate::model::format::format_number(c.weight);
                found.note(object, &name, Err(EditError::InvalidWeight(weight)));
            }
        }
        if self.ranking_settings.top_n == 0 {
            found.note(("settings", 0, 0), "Rangliste", Err(EditError::InvalidTopN));
        }
        for p in &self.projects {
            self.project_rules(p, &mut found);
        }
        for member in &self.staff {
            let object = ("staff", member.id, 0);
            let name = format!("Personal „{}“", member.display_name());
            found.note(object, &name, super::staff_edits::check_member(member));
            let texts = check_texts(&Command::AddStaff {
                member: Box::new(member.clone()),
                assignments: Vec::new(),
            });
            found.note(object, &name, texts);
        }
        for a in &self.assignments {
            let person = self
                .staff_member(a.staff)
                .map_or_else(|| a.staff.to_string(), |m| m.display_name());
            let project = self.project(a.project).map_or("?", |p| p.name.as_str());
            found.note(
                ("assignments", a.staff, a.project),
                &format!("Einsatz von „{person}“ im Projekt „{project}“"),
                self.check_assignment(a.staff, Some(a.person_days)),
            );
        }
        let staffing = &self.staffing;
        found.note(
            ("settings", 1, 0),
            "Personalplanung",
            staffing.check().map_err(EditError::from),
        );
        if staffing.org_unit.trim() == staffing.tech_unit.trim() {
            found.note(
                ("settings", 1, 0),
                "Personalplanung",
                Err(EditError::SameUnits),
            );
        }
        found.0
    }

    /// The rules of one project: its fields as an edit would check them, the steps whose status
    /// needs the decision or the release date, and the decision's checklist item.
    fn project_rules(&self, p: &Project, found: &mut Findings) {
        let (object, name) = (("projects", p.id, 0), format!("Projekt „{}“", p.name));
        if p.name.trim().is_empty() {
            found.note(object, &name, Err(EditError::Empty("Projektname")));
        }
        if p.steps.len() != STEPS.len() {
            found.note(object, &name, Err(EditError::UnknownStep(p.steps.len())));
            return;
        }
        if !self.maturity.contains(p.target_maturity) {
            let off_scale = EditError::MaturityOutOfRange {
                field: "Zielreifegrad",
                value: p.target_maturity,
                max: self.maturity.max_level(),
            };
            found.note(object, &name, Err(off_scale));
        }
        for value in [
            ProjectValue::EffortOrg(p.effort_org_person_days),
            ProjectValue::EffortTech(p.effort_tech_person_days),
            ProjectValue::PlannedEnd(p.planned_end),
            ProjectValue::Decision(p.decision),
            ProjectValue::ReleaseDate(p.release_date),
        ] {
            found.note(object, &name, check_project_value(p, &value));
        }
        // The decision's checklist item is the decision.
        let item = p.steps[DECISION_STEP - 1].checked.first().copied();
        if item.unwrap_or(false) != p.decision.is_some() {
            found.note(object, &name, Err(EditError::DecisionItem));
        }
        let texts = check_texts(&Command::PutProject {
            project: Box::new(p.clone()),
            history: Vec::new(),
        });
        found.note(object, &name, texts);
    }
}
