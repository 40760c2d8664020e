//! Random edits of every kind, for the property tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use ozg_cockpit::model::command::{CriterionValue, OfficeValue, ServiceValue, StaffValue};
use ozg_cockpit::model::criteria::{Criterion, Scale};
use ozg_cockpit::model::load::{Assignment, Funding, StaffMember};
use ozg_cockpit::model::project::{Decision, Health, Project, StepStatus};
use ozg_cockpit::model::ranking::{Pin, RankingSettings};
use ozg_cockpit::model::staffing::StaffingSettings;
use ozg_cockpit::model::{
    Command, LeikaKey, Office, ProjectValue, Service, Snapshot, StepValue, Workspace,
};
use ozg_cockpit::session::Session;
use ozg_cockpit::store::OpenMode;

/// A small deterministic generator (xorshift), so a failure can be replayed by its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())].clone())
    }

    pub fn date(&mut self) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date")
            + chrono::Duration::days(self.below(1200) as i64)
    }

    pub fn text(&mut self) -> String {
        let words = [
            "Antrag",
            "Gebühr",
            "Straße",
            "Übergabe",
            "",
            "x",
            "Ämter-Liste",
        ];
        format!(
            "{} {}",
            self.pick(&words).unwrap_or_default(),
            self.below(100)
        )
    }
}

/// Everything the file holds, as comparable text.
pub fn content(ws: &Workspace) -> String {
    format!(
        "{:#?}",
        (
            ws.services(),
            ws.offices(),
            ws.criteria(),
            ws.snapshots(),
            ws.ranking_settings(),
            ws.projects(),
            ws.project_history(),
            ws.staff(),
            ws.assignments(),
            ws.staffing(),
            &ws.maturity.labels,
        )
    )
}

/// Ids in use (and one that is not), so edits hit existing things most of the time.
pub fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    items.iter().map(id).chain([9999]).collect()
}

pub fn random_command(rng: &mut Rng, ws: &Workspace, depth: usize) -> Command {
    let services = ids(ws.services(), |s| s.id);
    let offices = ids(ws.offices(), |o| o.id);
    let criteria = ids(ws.criteria(), |c| c.id);
    let projects = ids(ws.projects(), |p| p.id);
    let staff = ids(ws.staff(), |m| m.id);
    let snapshots = ids(ws.snapshots(), |s| s.id);
    let numbers: Vec<String> = ws.offices().iter().map(|o| o.number.clone()).collect();
    let service = rng.pick(&services).unwrap_or(1);
    let office = rng.pick(&offices).unwrap_or(1);
    let project = rng.pick(&projects).unwrap_or(1);
    let person = rng.pick(&staff).unwrap_or(1);
    let level = rng.below(7) as i64 - 1;
    match rng.below(if depth == 0 { 29 } else { 28 }) {
        0 => Command::SetService {
            id: service,
            value: match rng.below(9) {
                0 => ServiceValue::Name(rng.text()),
                1 => ServiceValue::Notes(rng.text()),
                2 => ServiceValue::Office(rng.pick(&offices)),
                3 => ServiceValue::CaseVolume(Some(rng.below(5000) as i64 - 10)),
                4 => ServiceValue::CurrentMaturity(level),
                5 => ServiceValue::TargetMaturity(level),
                6 => ServiceValue::Municipal(rng.chance(50)),
                7 => ServiceValue::LeikaKey(
                    LeikaKey::parse_optional(&format!("99{:012}", rng.below(40)))
                        .ok()
                        .flatten(),
                ),
                _ => ServiceValue::LeikaType(rng.text()),
            },
        },
        1 => {
            let mut s = Service::new(ws.next_service_id(), &rng.text(), 3);
            s.office_id = rng.pick(&offices);
            Command::AddService(Box::new(s))
        }
        2 => Command::DeleteService(service),
        3 => Command::SetOffice {
            id: office,
            value: match rng.below(5) {
                0 => OfficeValue::Name(rng.text()),
                1 => OfficeValue::Number(format!("{}", 100 + rng.below(30) * 10)),
                2 => OfficeValue::Parent(rng.pick(&numbers).unwrap_or_default()),
                3 => OfficeValue::Deferred(rng.chance(50)),
                _ => OfficeValue::Pilot(rng.chance(50)),
            },
        },
        4 => Command::AddOffice(Box::new(Office::new(
            ws.next_office_id(),
            &format!("{}", 100 + rng.below(40) * 10),
        ))),
        5 => Command::DeleteOffice(office),
        6 => Command::SetScore {
            service,
            criterion: rng.pick(&criteria).unwrap_or(1),
            value: rng.chance(80).then(|| rng.below(7) as f64),
        },
        7 => Command::SetPin {
            service,
            pin: rng.chance(70).then(|| Pin {
                position: rng.below(30),
                reason: rng.text(),
            }),
        },
        8 => Command::SetCriterion {
            id: rng.pick(&criteria).unwrap_or(1),
            value: match rng.below(4) {
                0 => CriterionValue::Weight(rng.below(12) as f64 - 1.0),
                1 => CriterionValue::Name(rng.text()),
                2 => CriterionValue::Enabled(rng.chance(60)),
                _ => CriterionValue::HigherIsBetter(rng.chance(50)),
            },
        },
        9 => Command::AddCriterion {
            criterion: Box::new(Criterion::new(
                ws.next_criterion_id(),
                &rng.text(),
                Scale::Points(5),
                2.0,
            )),
            at: rng.below(ws.criteria().len() + 2),
            scores: Vec::new(),
        },
        10 => Command::DeleteCriterion(rng.pick(&criteria).unwrap_or(1)),
        11 => Command::SetRankingSettings(RankingSettings {
            top_n: rng.below(40),
            deferred_together: rng.chance(50),
            grouped: rng.chance(50),
        }),
        12 => {
            let ranking =
                ozg_cockpit::model::ranking::rank(&ozg_cockpit::model::ranking::RankingInput {
                    services: ws.services(),
                    offices: ws.offices(),
                    criteria: ws.criteria(),
                    settings: ws.ranking_settings(),
                });
            Command::AddSnapshot(Box::new(Snapshot::freeze(
                ws,
                &ranking,
                &rng.text(),
                rng.date(),
            )))
        }
        13 => Command::DeleteSnapshot(rng.pick(&snapshots).unwrap_or(1)),
        14 => {
            let free: Vec<i64> = ws
                .services()
                .iter()
                .filter(|s| s.project_id.is_none())
                .map(|s| s.id)
                .collect();
            let take = rng.below(3);
            Command::AddProject {
                project: Box::new(Project::new(ws.next_project_id(), &rng.text(), 3)),
                services: free.into_iter().take(take).collect(),
                assignments: Vec::new(),
            }
        }
        15 => Command::DeleteProject(project),
        16 | 17 => Command::SetProject {
            id: project,
            value: match rng.below(10) {
                0 => ProjectValue::Name(rng.text()),
                1 => ProjectValue::Health(rng.pick(&Health::ALL).unwrap_or_default(), rng.date()),
                2 => ProjectValue::Decision(
                    rng.chance(70)
                        .then(|| rng.pick(&Decision::ALL).unwrap_or(Decision::A)),
                ),
                3 => ProjectValue::ReleaseDate(rng.chance(70).then(|| rng.date())),
                4 => ProjectValue::PlannedStart(rng.chance(80).then(|| rng.date())),
                5 => ProjectValue::PlannedEnd(rng.chance(80).then(|| rng.date())),
                6 => ProjectValue::EffortOrg(rng.below(100) as f64 - 5.0),
                7 => ProjectValue::LeadOffice(rng.pick(&offices)),
                8 => ProjectValue::TargetMaturity(level),
                _ => ProjectValue::GoLive(rng.chance(50).then(|| rng.date())),
            },
        },
        18..=21 => Command::SetStep {
            project,
            step: rng.below(13),
            value: match rng.below(6) {
                0..=2 => StepValue::Status(rng.pick(&StepStatus::ALL).unwrap_or_default()),
                3 => StepValue::Check {
                    item: rng.below(5),
                    checked: rng.chance(60),
                },
                4 => StepValue::Due(rng.chance(70).then(|| rng.date())),
                _ => StepValue::Note(rng.text()),
            },
            on: rng.date(),
        },
        22 => Command::AssignService {
            service,
            project: rng.chance(80).then_some(project),
        },
        23 => {
            let unit = rng.pick(&numbers).unwrap_or_default();
            let mut m = StaffMember::new(ws.next_staff_id(), &rng.text(), &unit);
            m.fte = (rng.below(11) as f64) / 10.0;
            Command::AddStaff {
                member: Box::new(m),
                assignments: Vec::new(),
            }
        }
        24 => Command::DeleteStaff(person),
        25 => Command::SetStaff {
            id: person,
            value: match rng.below(5) {
                0 => StaffValue::Name(rng.text()),
                1 => StaffValue::Fte(rng.below(13) as f64 / 10.0),
                2 => StaffValue::Unit(rng.pick(&numbers).unwrap_or_default()),
                3 => StaffValue::Funding(rng.pick(&Funding::ALL).unwrap_or_default()),
                _ => StaffValue::AvailableFrom(rng.chance(70).then(|| rng.date())),
            },
        },
        26 => Command::SetAssignment {
            staff: person,
            project,
            person_days: rng.chance(80).then(|| rng.below(60) as f64 - 2.0),
        },
        27 => match rng.below(2) {
            0 => Command::SetMaturityLabels(
                (0..=ws.maturity.max_level())
                    .map(|l| format!("Stufe {l} {}", rng.below(9)))
                    .collect(),
            ),
            _ => Command::SetStaffingSettings(Box::new(StaffingSettings {
                days_per_year: 150.0 + rng.below(80) as f64,
                holidays: rng.chance(50),
                org_unit: rng.pick(&numbers).unwrap_or_default(),
                ..ws.staffing().clone()
            })),
        },
        // Only at the top: a batch of two to four edits that succeed or fail together.
        _ => {
            let n = 2 + rng.below(3);
            Command::Batch((0..n).map(|_| random_command(rng, ws, depth + 1)).collect())
        }
    }
}

/// Fills a new file with a little of everything through ordinary edits.
pub fn seeded_session(path: &std::path::Path) -> Session {
    let mut session = Session::open(path, OpenMode::Create).expect("a new file");
    for (id, number) in [
        (1, "100"),
        (2, "100.1"),
        (3, "100.2"),
        (4, "320"),
        (5, "510"),
    ] {
        session
            .execute(Command::AddOffice(Box::new(Office::new(id, number))))
            .expect("an office");
    }
    for id in 1..=12 {
        let mut s = Service::new(id, &format!("Leistung {id}"), 3);
        s.office_id = Some(1 + id % 5);
        session
            .execute(Command::AddService(Box::new(s)))
            .expect("a service");
    }
    for id in 1..=3 {
        session
            .execute(Command::AddProject {
                project: Box::new(Project::new(id, &format!("Projekt {id}"), 3)),
                services: vec![id * 2],
                assignments: Vec::new(),
            })
            .expect("a project");
    }
    session
        .execute(Command::AddStaff {
            member: Box::new(StaffMember::new(1, "Erika Muster", "100.1")),
            assignments: vec![Assignment {
                staff: 1,
                project: 1,
                person_days: 10.0,
            }],
        })
        .expect("a person");
    session
}
