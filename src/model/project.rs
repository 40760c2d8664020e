//! Implementation projects (Umsetzungsprojekte) and their eleven steps.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::OfficeId;

/// Row id of a project.
pub type ProjectId = i64;

/// The number of implementation steps.
pub const STEP_COUNT: usize = 11;

/// The eleven steps: name and checklist items (shared/DESIGN §4).
pub const STEPS: [(&str, &[&str]); STEP_COUNT] = [
    (
        "Leistungsprüfung",
        &[
            "Mit dem Fachamt geprüft: Wird die Leistung hier erbracht?",
            "Leistungsumfang identisch mit dem Katalog",
        ],
    ),
    (
        "Verwandte Prozesse",
        &[
            "Ähnliche Verfahren ermittelt",
            "Zusammenhängende Prozesse gemeinsam analysieren und digitalisieren",
            "Weitere Beteiligte ermittelt",
        ],
    ),
    (
        "Prozessaufnahme (Ist)",
        &[
            "Ist-Prozess beschrieben und gezeichnet",
            "Eingesetzte Fachverfahren erfasst",
            "Interne und externe Beteiligte erfasst",
            "Auslöser (z. B. Antrag) erfasst",
            "Einzureichende Unterlagen und Schriftformerfordernisse erfasst",
            "Mögliche Ergebnisse (Bescheid, Zahlung, Handlung) erfasst",
            "Mit dem Fachamt abgestimmt",
        ],
    ),
    (
        "Prozessoptimierung (Soll)",
        &[
            "Soll-Prozess entworfen",
            "Notwendigkeit jedes Schritts hinterfragt",
            "Medienbrüche und Übergaben vermieden",
            "Interkommunale Musterprozesse recherchiert",
            "Mit dem Fachamt abgestimmt",
        ],
    ),
    (
        "Technische Prüfung",
        &[
            "Anpassung im Fachverfahren geprüft",
            "Technische Alternativen (formularbasierte Workflows) geprüft",
            "Kompatibilität einer Musterlösung geprüft",
            "Anzupassende Schnittstellen ermittelt",
        ],
    ),
    (
        "DMS-Einbindung",
        &["Nutzung des Dokumentenmanagementsystems geprüft"],
    ),
    (
        "Entscheidung",
        &["Entscheidung a–d getroffen und dokumentiert"],
    ),
    (
        "Abgleich Technik/Soll",
        &[
            "Technische Möglichkeiten mit dem Soll-Prozess abgeglichen",
            "Soll-Prozess angepasst",
            "Mit dem Fachamt abgestimmt",
        ],
    ),
    (
        "Technische Umsetzung",
        &[
            "Musterlösung angebunden",
            "Schnittstelle Musterlösung–Fachverfahren",
            "Soll-Prozess umgesetzt",
            "ePayment",
            "eSignatur",
            "Dokumenten-Upload",
            "Verlinkung im Serviceportal der Stadt",
        ],
    ),
    (
        "Testbetrieb und Freigabe",
        &[
            "Umsetzung gegen den Soll-Prozess geprüft",
            "Fehler behoben",
            "Freigabe erteilt",
        ],
    ),
    (
        "Kommunikation",
        &[
            "Wissenstransfer zwischen den Projekten",
            "Information innerhalb der Verwaltung",
            "Veröffentlichung in Intranet und Internet",
            "Bericht an Verwaltungsführung und Ausschüsse",
        ],
    ),
];

/// Status of a step.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StepStatus {
    #[default]
    Open,
    InProgress,
    Done,
    Dropped,
}

impl StepStatus {
    pub const ALL: [Self; 4] = [Self::Open, Self::InProgress, Self::Done, Self::Dropped];

    /// The German label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "offen",
            Self::InProgress => "in Arbeit",
            Self::Done => "erledigt",
            Self::Dropped => "entfällt",
        }
    }

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Dropped => "dropped",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the step counts as finished (done or dropped).
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Dropped)
    }
}

/// The traffic light of a project.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Health {
    #[default]
    Green,
    Yellow,
    Red,
}

impl Health {
    pub const ALL: [Self; 3] = [Self::Green, Self::Yellow, Self::Red];

    pub fn label(self) -> &'static str {
        match self {
            Self::Green => "grün",
            Self::Yellow => "gelb",
            Self::Red => "rot",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Yellow => "yellow",
            Self::Red => "red",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The decision of step 7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    A,
    B,
    C,
    D,
}

impl Decision {
    pub const ALL: [Self; 4] = [Self::A, Self::B, Self::C, Self::D];

    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "a",
            Self::B => "b",
            Self::C => "c",
            Self::D => "d",
        }
    }

    pub fn from_letter(letter: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.letter() == letter)
    }

    /// What the decision means and what follows from it.
    pub fn consequence(self) -> &'static str {
        match self {
            Self::A => "Musterlösung vorhanden und leicht anzubinden – schnelle Umsetzung",
            Self::B => "Musterlösung vorhanden, technische Anpassung nötig – längere Umsetzung",
            Self::C => {
                "Musterlösung nicht anbindbar – Kosten-Nutzen-Abwägung: Fachverfahren ersetzen oder ohne Musterlösung digitalisieren"
            }
            Self::D => {
                "Noch keine Musterlösung – auf das Digitallabor warten oder selbst entwickeln"
            }
        }
    }
}

/// One of the eleven steps of a project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub status: StepStatus,
    pub responsible: String,
    pub due: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    pub note: String,
    /// Ticked checklist items, in the order of `STEPS`.
    pub checked: Vec<bool>,
}

/// The aspects of the online service the paper lists.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Aspects {
    pub target_groups: String,
    pub legal_bases: String,
    pub documents: String,
    pub signature_required: bool,
    pub fees: String,
    pub epayment: bool,
    pub esignature_eid: bool,
    pub document_upload: bool,
    pub dms: bool,
    pub portal_link: String,
}

/// An implementation project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub lead_office: Option<OfficeId>,
    pub contact: String,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub effort_org_person_days: f64,
    pub effort_tech_person_days: f64,
    pub template_name: String,
    pub template_source: String,
    pub specialist_system: String,
    pub target_maturity: i64,
    pub aspects: Aspects,
    pub health: Health,
    pub health_comment: String,
    pub decision: Option<Decision>,
    pub release_date: Option<NaiveDate>,
    pub go_live: Option<NaiveDate>,
    pub steps: Vec<Step>,
}

/// Average effort per project from the council paper, in person-days.
pub const DEFAULT_EFFORT_ORG: f64 = 17.0;
pub const DEFAULT_EFFORT_TECH: f64 = 12.0;

impl Project {
    /// A new project with the paper's average efforts and eleven open steps.
    pub fn new(id: ProjectId, name: &str, target_maturity: i64) -> Self {
        Self {
            id,
            name: name.to_owned(),
            lead_office: None,
            contact: String::new(),
            planned_start: None,
            planned_end: None,
            effort_org_person_days: DEFAULT_EFFORT_ORG,
            effort_tech_person_days: DEFAULT_EFFORT_TECH,
            template_name: String::new(),
            template_source: String::new(),
            specialist_system: String::new(),
            target_maturity,
            aspects: Aspects::default(),
            health: Health::Green,
            health_comment: String::new(),
            decision: None,
            release_date: None,
            go_live: None,
            steps: STEPS
                .iter()
                .map(|(_, items)| Step {
                    checked: vec![false; items.len()],
                    ..Step::default()
                })
                .collect(),
        }
    }

    /// The first step (1–11) that is neither done nor dropped; `None` when the project is in
    /// operation.
    pub fn current_step(&self) -> Option<usize> {
        self.steps
            .iter()
            .position(|s| !s.status.is_finished())
            .map(|i| i + 1)
    }

    /// Whether all steps are finished: the project is in operation (in Betrieb).
    pub fn is_in_operation(&self) -> bool {
        self.current_step().is_none()
    }

    /// Progress in percent: done and dropped steps count.
    pub fn progress_percent(&self) -> f64 {
        let finished = self.steps.iter().filter(|s| s.status.is_finished()).count();
        100.0 * finished as f64 / STEP_COUNT as f64
    }

    /// Whether a step is past its due date, or the planned end has passed, on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        if self.is_in_operation() {
            return false;
        }
        let step_late = self
            .steps
            .iter()
            .any(|s| !s.status.is_finished() && s.due.is_some_and(|d| d < today));
        step_late || self.planned_end.is_some_and(|d| d < today)
    }

    /// "Schritt 4" or "in Betrieb".
    pub fn current_step_label(&self) -> String {
        match self.current_step() {
            Some(n) => format!("{n} {}", STEPS.get(n - 1).map_or("", |s| s.0)),
            None => "in Betrieb".to_owned(),
        }
    }
}

/// The edits that raise the current maturity of `services` to `target` where it is lower.
pub fn raise_edits<'a>(
    target: i64,
    services: impl Iterator<Item = &'a super::Service>,
) -> Vec<super::Command> {
    services
        .filter(|s| s.current_maturity < target)
        .map(|s| super::Command::SetService {
            id: s.id,
            value: super::ServiceValue::CurrentMaturity(target),
        })
        .collect()
}

/// The years a date of the planning may lie in.
pub const DATE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// Parses a German date ("28.11.2026", also "28.11.26" for 2026) or an ISO date
/// ("2026-11-28"); dates outside 1990–2100 are no dates of this planning.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let german = || {
        let mut parts = t.split('.');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let year: i32 = match y.len() {
            2 => 2000 + y.parse::<i32>().ok()?,
            4 => y.parse().ok()?,
            _ => return None,
        };
        NaiveDate::from_ymd_opt(year, m.parse().ok()?, d.parse().ok()?)
    };
    german()
        .or_else(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .filter(|d| DATE_YEARS.contains(&chrono::Datelike::year(d)))
}

/// "28.11.2026".
pub fn format_date(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}

/// A change in a project's history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub project: ProjectId,
    pub changed_on: NaiveDate,
    pub change: HistoryChange,
    /// Who made the change (the name set in the settings; empty when none was set).
    #[serde(default)]
    pub changed_by: String,
}

/// What changed: a step's status or the health.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HistoryChange {
    /// Step 1–11 went from one status to another.
    Step {
        step: usize,
        old: StepStatus,
        new: StepStatus,
    },
    Health {
        old: Health,
        new: Health,
    },
}

impl HistoryChange {
    /// The stored form: the step (none for the health) and the old and new codes.
    pub fn codes(self) -> (Option<usize>, &'static str, &'static str) {
        match self {
            Self::Step { step, old, new } => (Some(step), old.code(), new.code()),
            Self::Health { old, new } => (None, old.code(), new.code()),
        }
    }

    /// Reads the stored form; `None` for codes this version does not know.
    pub fn from_codes(step: Option<usize>, old: &str, new: &str) -> Option<Self> {
        Some(match step {
            Some(step) if (1..=STEP_COUNT).contains(&step) => Self::Step {
                step,
                old: StepStatus::from_code(old)?,
                new: StepStatus::from_code(new)?,
            },
            Some(_) => return None,
            None => Self::Health {
                old: Health::from_code(old)?,
                new: Health::from_code(new)?,
            },
        })
    }

    /// The change the other way round (what undoing it records).
    pub fn reversed(self) -> Self {
        match self {
            Self::Step { step, old, new } => Self::Step {
                step,
                old: new,
                new: old,
            },
            Self::Health { old, new } => Self::Health { old: new, new: old },
        }
    }

    /// "Schritt 3: offen → erledigt" or "Ampel: grün → rot".
    pub fn describe(self) -> String {
        match self {
            Self::Step { step, old, new } => {
                format!("Schritt {step}: {} → {}", old.label(), new.label())
            }
            Self::Health { old, new } => format!("Ampel: {} → {}", old.label(), new.label()),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn dates_as_typed() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("28.11.2026"), d(2026, 11, 28));
        assert_eq!(parse_date(" 1.1.27 "), d(2027, 1, 1));
        assert_eq!(parse_date("2026-11-28"), d(2026, 11, 28));
        assert_eq!(parse_date("31.02.2027"), None);
        assert_eq!(parse_date("01.01.0027"), None);
        assert_eq!(parse_date("31.12.9999"), None);
        assert_eq!(parse_date("1.1.2027.5"), None);
    }
    use super::*;

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn current_step_and_progress_count_dropped_steps() {
        let mut p = Project::new(1, "Wohngeld", 4);
        assert_eq!(p.current_step(), Some(1));
        assert_eq!(p.progress_percent(), 0.0);
        p.steps[0].status = StepStatus::Done;
        p.steps[1].status = StepStatus::Dropped;
        p.steps[3].status = StepStatus::Done;
        assert_eq!(
            p.current_step(),
            Some(3),
            "step 4 done does not skip step 3"
        );
        assert!((p.progress_percent() - 300.0 / 11.0).abs() < 1e-9);
        for s in &mut p.steps {
            s.status = StepStatus::Dropped;
        }
        assert!(p.is_in_operation());
        assert_eq!(p.current_step_label(), "in Betrieb");
        assert_eq!(p.progress_percent(), 100.0);
    }

    #[test]
    fn overdue_by_step_due_date_or_planned_end() {
        let today = date("28.11.2026");
        let mut p = Project::new(1, "x", 4);
        assert!(!p.is_overdue(today));
        p.steps[2].due = Some(date("27.11.2026"));
        assert!(p.is_overdue(today));
        p.steps[2].status = StepStatus::Done;
        assert!(!p.is_overdue(today), "a finished step is not late");
        p.planned_end = Some(date("01.11.2026"));
        assert!(p.is_overdue(today));
        for s in &mut p.steps {
            s.status = StepStatus::Done;
        }
        assert!(!p.is_overdue(today), "in operation is never overdue");
    }

    #[test]
    fn dates_read_german_and_iso() {
        assert_eq!(parse_date("03.02.2026"), parse_date("2026-02-03"));
        assert_eq!(parse_date("31.02.2026"), None);
        assert_eq!(format_date(parse_date("2026-02-03")), "03.02.2026");
    }
}
