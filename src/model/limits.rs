//! The longest text a field may hold: what one Excel cell takes, so every value can be
//! exported. Checked for every edit and every imported value.

use super::command::{
    Command, CriterionValue, EditError, OfficeValue, ProjectValue, ServiceValue, StaffValue,
    StepValue,
};

/// Characters an Excel cell holds.
pub const MAX_TEXT_CHARS: usize = 32_767;

/// Refuses a text longer than an Excel cell, naming the field.
pub fn check_length(field: &'static str, text: &str) -> Result<(), EditError> {
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        Err(EditError::TooLong { field, chars })
    } else {
        Ok(())
    }
}

/// The texts a command writes, each with its field's name.
fn texts(cmd: &Command) -> Vec<(&'static str, &str)> {
    match cmd {
        Command::SetService { value, .. } => match value {
            ServiceValue::Name(v) => vec![("Bezeichnung", v)],
            ServiceValue::LeikaType(v) => vec![("LeiKa-Typ", v)],
            ServiceValue::Notes(v) => vec![("Notizen", v)],
            _ => Vec::new(),
        },
        Command::AddService(s) => vec![
            ("Bezeichnung", &s.name),
            ("LeiKa-Typ", &s.leika_type),
            ("Rechtsgrundlage", &s.legal_basis),
            ("Notizen", &s.notes),
        ],
        Command::SetOffice { value, .. } => match value {
            OfficeValue::Name(v) => vec![("Name des Amts", v)],
            OfficeValue::DeferredReason(v) => vec![("Grund der Zurückstellung", v)],
            _ => Vec::new(),
        },
        Command::AddOffice(o) => vec![
            ("Name des Amts", &o.name),
            ("Grund der Zurückstellung", &o.deferred_reason),
        ],
        Command::SetCriterion { value, .. } => match value {
            CriterionValue::Name(v) => vec![("Name des Kriteriums", v)],
            CriterionValue::Description(v) => vec![("Beschreibung des Kriteriums", v)],
            _ => Vec::new(),
        },
        Command::SetPin { pin: Some(p), .. } => vec![("Begründung der Fixierung", &p.reason)],
        Command::AddSnapshot(s) => vec![("Titel des Stands", &s.title)],
        Command::SetProject { value, .. } => match value {
            ProjectValue::Name(v) => vec![("Projektname", v)],
            ProjectValue::Contact(v) => vec![("Ansprechperson", v)],
            ProjectValue::TemplateName(v) => vec![("Musterlösung", v)],
            ProjectValue::TemplateSource(v) => vec![("Quelle der Musterlösung", v)],
            ProjectValue::SpecialistSystem(v) => vec![("Fachverfahren", v)],
            ProjectValue::HealthComment(v) => vec![("Kommentar zur Ampel", v)],
            _ => Vec::new(),
        },
        Command::AddProject { project, .. } | Command::PutProject { project, .. } => vec![
            ("Projektname", &project.name),
            ("Ansprechperson", &project.contact),
            ("Kommentar zur Ampel", &project.health_comment),
        ],
        Command::SetStep { value, .. } => match value {
            StepValue::Responsible(v) => vec![("Verantwortlich", v)],
            StepValue::Note(v) => vec![("Notiz zum Schritt", v)],
            _ => Vec::new(),
        },
        Command::SetStaff { value, .. } => match value {
            StaffValue::Name(v) => vec![("Name", v)],
            StaffValue::Role(v) => vec![("Rolle", v)],
            StaffValue::PayGrade(v) => vec![("Entgeltgruppe", v)],
            StaffValue::Note(v) => vec![("Notiz", v)],
            _ => Vec::new(),
        },
        Command::AddStaff { member, .. } => vec![
            ("Name", &member.name),
            ("Rolle", &member.role),
            ("Entgeltgruppe", &member.pay_grade),
            ("Notiz", &member.note),
        ],
        _ => Vec::new(),
    }
}

/// Refuses a command with a text longer than an Excel cell; batches are checked by their
/// parts.
pub fn check_texts(cmd: &Command) -> Result<(), EditError> {
    texts(cmd)
        .into_iter()
        .try_for_each(|(field, text)| check_length(field, text))
}
