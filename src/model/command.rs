//! Edits as values: every change to the workspace is a `Command`, written to the store in one
//! transaction and then applied to the in-memory model. Each command has an inverse for undo.

use crate::model::project::HistoryEntry;
use thiserror::Error;

use chrono::NaiveDate;

use super::criteria::{Criterion, CriterionId};
use super::load::{Assignment, Funding, StaffId, StaffMember};
use super::project::{Aspects, Decision, Health, Project, ProjectId, StepStatus};
use super::ranking::{Pin, RankingSettings};
use super::service::KeyProblem;
use super::snapshot::{Snapshot, SnapshotId};
use super::staffing::StaffingSettings;
use super::{LeikaKey, Office, OfficeId, Service, ServiceId};

/// One edit of the workspace.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Set one field of a service.
    SetService { id: ServiceId, value: ServiceValue },
    /// Add a service with the id it carries.
    AddService(Box<Service>),
    /// Delete a service.
    DeleteService(ServiceId),
    /// Set one field of an office.
    SetOffice { id: OfficeId, value: OfficeValue },
    /// Add an office with the id it carries.
    AddOffice(Box<Office>),
    /// Delete an office that has no services.
    DeleteOffice(OfficeId),
    /// Set or clear a service's score for a criterion.
    SetScore {
        service: ServiceId,
        criterion: CriterionId,
        value: Option<f64>,
    },
    /// Pin a service to a position, or release it.
    SetPin {
        service: ServiceId,
        pin: Option<Pin>,
    },
    /// Set one field of a criterion.
    SetCriterion {
        id: CriterionId,
        value: CriterionValue,
    },
    /// Add a criterion at a position (0-based), with scores (when undoing a removal).
    AddCriterion {
        criterion: Box<Criterion>,
        at: usize,
        scores: Vec<(ServiceId, f64)>,
    },
    /// Remove a criterion and its scores.
    DeleteCriterion(CriterionId),
    /// Change how the ranking is shown (Top-N, deferred offices, grouping).
    SetRankingSettings(RankingSettings),
    /// Store a frozen ranking.
    AddSnapshot(Box<Snapshot>),
    /// Remove a frozen ranking.
    DeleteSnapshot(SnapshotId),
    /// Add a project, with services that belong to no project yet and (when undoing a
    /// deletion) the staff assigned to it.
    AddProject {
        project: Box<Project>,
        services: Vec<ServiceId>,
        assignments: Vec<Assignment>,
    },
    /// Remove a project; its services belong to no project afterwards.
    DeleteProject(ProjectId),
    /// Set one field of a project.
    SetProject { id: ProjectId, value: ProjectValue },
    /// Set one field of a step (1–11) of a project; `on` is the date of the change.
    SetStep {
        project: ProjectId,
        step: usize,
        value: StepValue,
        on: NaiveDate,
    },
    /// Put a project as the model resolved a change of it (its steps, dates and go-live
    /// decided), with the history entries the change adds.
    PutProject {
        project: Box<Project>,
        history: Vec<HistoryEntry>,
    },
    /// Add a service to a project or take it out.
    AssignService {
        service: ServiceId,
        project: Option<ProjectId>,
    },
    /// Add a person or a planned position, with assignments (when undoing a deletion).
    AddStaff {
        member: Box<StaffMember>,
        assignments: Vec<Assignment>,
    },
    /// Remove a person and their assignments.
    DeleteStaff(StaffId),
    /// Set one field of a person.
    SetStaff { id: StaffId, value: StaffValue },
    /// Plan person-days of a person on a project, or (with `None`) take them off it.
    SetAssignment {
        staff: StaffId,
        project: ProjectId,
        person_days: Option<f64>,
    },
    /// Rename the levels of the maturity scale (same number of levels).
    SetMaturityLabels(Vec<String>),
    /// Change the settings of the staff planning (productive days, holidays, costs).
    SetStaffingSettings(Box<StaffingSettings>),
    /// Several edits that succeed or fail together.
    Batch(Vec<Command>),
}

/// A new value for one field of a person.
#[derive(Clone, Debug, PartialEq)]
pub enum StaffValue {
    Name(String),
    Unit(String),
    Role(String),
    PayGrade(String),
    Fte(f64),
    AvailableFrom(Option<NaiveDate>),
    AvailableUntil(Option<NaiveDate>),
    Funding(Funding),
    Note(String),
}

/// A new value for one field of a project.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectValue {
    Name(String),
    LeadOffice(Option<OfficeId>),
    Contact(String),
    PlannedStart(Option<NaiveDate>),
    PlannedEnd(Option<NaiveDate>),
    EffortOrg(f64),
    EffortTech(f64),
    TemplateName(String),
    TemplateSource(String),
    SpecialistSystem(String),
    TargetMaturity(i64),
    Aspects(Box<Aspects>),
    /// The health, with the date of the change for the history.
    Health(Health, NaiveDate),
    HealthComment(String),
    Decision(Option<Decision>),
    ReleaseDate(Option<NaiveDate>),
    GoLive(Option<NaiveDate>),
}

/// A new value for one field of a step.
#[derive(Clone, Debug, PartialEq)]
pub enum StepValue {
    Status(StepStatus),
    Responsible(String),
    Due(Option<NaiveDate>),
    Completed(Option<NaiveDate>),
    Note(String),
    Check { item: usize, checked: bool },
}

/// A new value for one field of a criterion.
#[derive(Clone, Debug, PartialEq)]
pub enum CriterionValue {
    Name(String),
    Description(String),
    Weight(f64),
    HigherIsBetter(bool),
    Enabled(bool),
}

/// A new value for one field of a service.
#[derive(Clone, Debug, PartialEq)]
pub enum ServiceValue {
    LeikaKey(Option<LeikaKey>),
    Name(String),
    OzgId(Option<String>),
    LeikaType(String),
    Municipal(bool),
    Office(Option<OfficeId>),
    CaseVolume(Option<i64>),
    CurrentMaturity(i64),
    TargetMaturity(i64),
    Notes(String),
}

/// A new value for one field of an office.
#[derive(Clone, Debug, PartialEq)]
pub enum OfficeValue {
    Number(String),
    Name(String),
    Parent(String),
    Deferred(bool),
    DeferredReason(String),
    Pilot(bool),
}

/// Why an edit was refused; the message is German and names the field.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum EditError {
    #[error("Die Leistung (Nr. {0}) gibt es nicht mehr.")]
    UnknownService(ServiceId),
    #[error("Das Amt (Nr. {0}) gibt es nicht mehr.")]
    UnknownOffice(OfficeId),
    #[error("LeiKa-Schlüssel: {}", .0.message())]
    InvalidKey(KeyProblem),
    #[error("LeiKa-Schlüssel: {0} ist bereits einer anderen Leistung zugeordnet.")]
    DuplicateKey(String),
    #[error("{field}: Stufe {value} liegt außerhalb der Skala 0 bis {max}.")]
    MaturityOutOfRange {
        field: &'static str,
        value: i64,
        max: i64,
    },
    #[error("{field}: „{text}“ ist keine Zahl.")]
    NotANumber { field: &'static str, text: String },
    #[error("Fallzahl: Der Wert darf nicht negativ sein ({0}).")]
    NegativeCaseVolume(i64),
    #[error("{0}: Das Feld darf nicht leer sein.")]
    Empty(&'static str),
    #[error(
        "{field}: Der Text hat {chars} Zeichen; erlaubt sind höchstens 32.767 (so viel fasst eine Excel-Zelle)."
    )]
    TooLong { field: &'static str, chars: usize },
    #[error("OZG-Leistung: Die OZG-ID {0} ist nicht im Katalog.")]
    UnknownOzgService(String),
    #[error("Amtsnummer: „{0}“ ist keine gültige Nummer (z. B. 420 oder 100.1).")]
    InvalidOfficeNumber(String),
    #[error("Amtsnummer: {0} ist bereits vergeben.")]
    DuplicateOfficeNumber(String),
    #[error(
        "Amt {number} ist noch {count} Leistungen zugeordnet; bitte diese zuerst einem anderen Amt zuordnen."
    )]
    OfficeInUse { number: String, count: usize },
    #[error(
        "Amt {number} ist eine Einheit der Personalplanung ({count} Stellen, Einstellungen); bitte die Stellen und die Einstellungen zuerst einer anderen Einheit zuordnen."
    )]
    UnitInUse { number: String, count: usize },
    #[error(
        "Gehört zu: Amt {0} gehört selbst (auch über weitere Ämter) zu diesem Amt; ein Amt kann nicht zu sich selbst gehören."
    )]
    OfficeCycle(String),
    #[error(
        "Amtsnummer: Mit der Nummer {0} gehörte das Amt zu sich selbst, denn ein Amt, zu dem es (auch über weitere Ämter) gehört, gehört zu „{0}“."
    )]
    NumberCycle(String),
    #[error(
        "Amt: „{0}“ gibt es nicht; bitte eine Amtsnummer oder einen Amtsnamen aus der Ämterliste eingeben."
    )]
    UnknownOfficeNumber(String),
    #[error(
        "Amt: „{text}“ passt auf {count} Ämter ({examples}); bitte genauer oder die Amtsnummer eingeben."
    )]
    AmbiguousOffice {
        text: String,
        count: usize,
        examples: String,
    },
    #[error("Das Kriterium (Nr. {0}) gibt es nicht mehr.")]
    UnknownCriterion(CriterionId),
    #[error("{criterion}: Der Wert {value} liegt außerhalb von 0 bis {max}.")]
    ScoreOutOfRange {
        criterion: String,
        value: String,
        max: String,
    },
    #[error("{0}: Dieser Wert wird aus den Leistungsdaten berechnet und nicht eingegeben.")]
    DerivedCriterion(String),
    #[error("Gewicht: „{0}“ ist kein gültiges Gewicht (eine Zahl ab 0).")]
    InvalidWeight(String),
    #[error("Position: Die Position muss 1 oder größer sein.")]
    InvalidPosition,
    #[error("Reifegrad-Skala: Jede Stufe braucht eine Bezeichnung mit höchstens {0} Zeichen.")]
    InvalidMaturityLabel(usize),
    #[error(
        "Die Skala kann nicht auf Stufe {max} enden: {count} Leistungen oder Projekte haben eine höhere Stufe (Ist oder Ziel). Bitte diese zuerst ändern."
    )]
    LevelsInUse { max: i64, count: usize },
    #[error(
        "Eine Reifegrad-Skala hat 2 bis 10 Stufen, und die gesetzliche Mindeststufe {minimum} und der Standard-Zielreifegrad {target} müssen darauf liegen."
    )]
    LevelCount { minimum: i64, target: i64 },
    #[error("Einheiten: Organisation und Technik müssen verschiedene Einheiten sein.")]
    SameUnits,
    #[error("Top-N: Die Zahl muss 1 oder größer sein.")]
    InvalidTopN,
    #[error("Den Stand (Nr. {0}) gibt es nicht mehr.")]
    UnknownSnapshot(SnapshotId),
    #[error("Das Projekt (Nr. {0}) gibt es nicht mehr.")]
    UnknownProject(ProjectId),
    #[error("Schritt {0}: Es gibt nur die Schritte 1 bis 11.")]
    UnknownStep(usize),
    #[error(
        "Schritt {0} kann erst erledigt werden, wenn in Schritt 7 eine Entscheidung (a–d) getroffen ist."
    )]
    DecisionMissing(usize),
    #[error("Die Entscheidung kann nicht entfernt werden, solange Schritt 7 erledigt ist.")]
    DecisionNeeded,
    #[error(
        "Schritt 7: „Entscheidung a–d getroffen“ folgt der Entscheidung; bitte die Entscheidung (a–d) wählen."
    )]
    DecisionItem,
    #[error(
        "Schritt 10 kann erst erledigt werden, wenn das Datum der Freigabe („Freigabe am“) eingetragen ist."
    )]
    ReleaseDateMissing,
    #[error("Die Leistung „{service}“ gehört bereits zum Projekt „{project}“.")]
    ServiceInOtherProject { service: String, project: String },
    #[error("{0}: Der Aufwand muss eine Zahl ab 0 sein.")]
    InvalidEffort(&'static str),
    #[error("{field}: „{text}“ ist kein Datum (TT.MM.JJJJ).")]
    NotADate { field: &'static str, text: String },
    #[error("Planung: Das Ende liegt vor dem Beginn.")]
    EndBeforeStart,
    #[error("Leistung: Die Nummer {0} ist bereits vergeben.")]
    DuplicateServiceId(ServiceId),
    #[error("Die Person (Nr. {0}) gibt es nicht mehr.")]
    UnknownStaff(StaffId),
    #[error("Personal: Die Nummer {0} ist bereits vergeben.")]
    DuplicateStaffId(StaffId),
    #[error("VZÄ (Stellenanteil): {0} liegt außerhalb von 0,1 bis 1,0.")]
    FteOutOfRange(String),
    #[error("Personentage: {0} ist nicht zulässig; erlaubt sind 0 bis 10.000.")]
    InvalidPersonDays(String),
    #[error("Verfügbar: Das Ende liegt vor dem Beginn.")]
    AvailabilityEndBeforeStart,
    #[error("{0}")]
    Staffing(#[from] super::staffing::ScenarioError),
}

impl From<KeyProblem> for EditError {
    fn from(p: KeyProblem) -> Self {
        Self::InvalidKey(p)
    }
}

impl Command {
    /// How many single edits the command holds (for messages such as "12 Änderungen").
    pub fn edit_count(&self) -> usize {
        match self {
            Self::Batch(cmds) => cmds.iter().map(Command::edit_count).sum(),
            _ => 1,
        }
    }
}
