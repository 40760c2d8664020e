//! The reference scenario (Beispieldaten): the council paper's situation on the real federal
//! catalogue, with illustrative case volumes, maturity levels and office assignments generated
//! from a fixed seed.

use std::collections::HashMap;
use std::path::Path;

use crate::exchange::catalogue::{ColumnMapping, plan_import};
use crate::exchange::{ImportError, read_table_bytes};
use crate::model::service::municipal_by_type;
use chrono::{Datelike, NaiveDate};

use crate::model::load::{Assignment, Funding, StaffMember};
use crate::model::project::{
    Decision, Health, HistoryChange, HistoryEntry, Project, STEP_COUNT, StepStatus,
};
use crate::model::{Office, OzgService, Workspace};
use crate::store::{Store, StoreError};

/// The OZG services of the federal catalogue (2019 state, 557 entries).
pub const OZG_SERVICES_CSV: &[u8] = include_bytes!("../assets/catalogue/ozg_leistungen.csv");
/// The LeiKa services with their OZG mapping (5,249 entries).
pub const LEIKA_MAPPING_CSV: &[u8] =
    include_bytes!("../assets/catalogue/leika_leistungen_ozg_mapping.csv");

/// Services the city must digitise, as in the council paper.
pub const MUNICIPAL_SERVICES: usize = 1557;
/// Reason recorded for the offices deferred in the paper.
pub const DEFERRAL_REASON: &str = "Pandemiebelastung";
const SEED: u64 = 0x0A5C_2021;

/// Why the reference scenario could not be created.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Die mitgelieferten Katalogdaten sind beschädigt: {0}")]
    Catalogue(#[from] ImportError),
}

/// A small, reproducible random generator (SplitMix64), so the scenario is the same on every
/// machine and in every version.
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
}

/// Illustrative names after the KGSt administrative structure (Verwaltungsgliederungsplan),
/// example values like the rest of the scenario.
const OFFICE_NAMES: [(&str, &str); 27] = [
    ("002", "Büro des Oberbürgermeisters"),
    ("100", "Amt für Organisation, IT und Zentrale Leistungen"),
    ("100.1", "Organisationsentwicklung und IT-Steuerung"),
    ("100.2", "Informations- und Kommunikationstechnik"),
    ("110", "Personalamt"),
    ("130", "Presse- und Informationsamt"),
    ("150", "Amt für Statistik und Wahlen"),
    ("200", "Kämmerei"),
    ("210", "Stadtkasse"),
    ("230", "Steueramt"),
    ("300", "Rechtsamt"),
    ("320", "Ordnungsamt"),
    ("330", "Bürgeramt"),
    ("360", "Straßenverkehrsamt"),
    ("370", "Feuerwehr"),
    ("400", "Schulamt"),
    ("410", "Kulturamt"),
    ("420", "Wirtschaftsförderung"),
    ("500", "Sozialamt"),
    ("510", "Jugendamt"),
    ("530", "Gesundheitsamt"),
    ("540", "Amt für Pflege und Senioren"),
    ("600", "Bauverwaltungsamt"),
    ("620", "Vermessungs- und Katasteramt"),
    ("660", "Tiefbauamt"),
    ("680", "Umweltamt"),
    ("700", "Abfallwirtschaft und Stadtreinigung"),
];

/// The offices of the scenario: number, name, parent, deferred, pilot.
fn offices() -> Vec<Office> {
    let parents = [("100.1", "100"), ("100.2", "100")];
    let deferred = [
        "002", "110", "130", "150", "300", "320", "370", "510", "530",
    ];
    let pilots = ["420", "620", "660"];
    let mut list: Vec<Office> = OFFICE_NAMES
        .iter()
        .map(|(number, name)| {
            let mut o = Office::new(0, number);
            o.name = (*name).to_owned();
            o.parent = parents
                .iter()
                .find(|(child, _)| child == number)
                .map_or_else(String::new, |(_, p)| (*p).to_owned());
            o.deferred = deferred.contains(number);
            if o.deferred {
                o.deferred_reason = DEFERRAL_REASON.to_owned();
            }
            o.pilot = pilots.contains(number);
            o
        })
        .collect();
    list.sort_by(|a, b| crate::model::collate::compare(&a.number, &b.number));
    for (i, o) in list.iter_mut().enumerate() {
        o.id = i as i64 + 1;
    }
    list
}

/// Offices that plausibly handle a Themenfeld (illustrative).
fn offices_for(themenfeld: &str) -> &'static [&'static str] {
    match themenfeld {
        "Arbeit & Ruhestand" => &["500", "510"],
        "Bauen & Wohnen" | "Bauen & Immobilien" => &["600", "620", "660"],
        "Bildung" | "Studium" | "Weiterbildung & Sachkunde" => &["400", "410"],
        "Ein- & Auswanderung" => &["330", "320"],
        "Engagement & Hobby" | "Engagement & Beteiligung" => &["410", "130"],
        "Familie & Kind" => &["510", "530", "500"],
        "Forschung & Förderung" => &["400", "200"],
        "Gesundheit" => &["530", "540"],
        "Mobilität & Reisen" => &["320", "360", "660"],
        "Recht & Ordnung" => &["320", "300", "370"],
        "Steuern & Zoll" => &["200", "210", "230"],
        "Umwelt" => &["360", "680", "700"],
        "Unternehmensführung & -entwicklung" => &["320", "420", "230"],
        _ => &["100", "110", "150", "002"],
    }
}

/// Illustrative ranking scores for the default criteria (ids of schema 2): pilot offices'
/// services score higher and are easier to implement, as in the paper.
fn example_scores(
    rng: &mut SplitMix64,
    pilot: bool,
    business: bool,
) -> std::collections::BTreeMap<i64, f64> {
    let bump = if pilot { 2 } else { 0 };
    let mut points =
        |low: usize, extra: usize| -> f64 { (low + rng.below(6 - low) + extra).min(5) as f64 };
    let citizens = points(0, bump);
    let businesses = points(0, if business { 2 } else { 0 });
    let benefit = points(1, bump / 2);
    let optimisation = points(1, bump / 2);
    let effort = (points(1, 0) - if pilot { 2.0 } else { 0.0 }).max(0.0);
    let template = if rng.unit() < if pilot { 0.7 } else { 0.3 } {
        1.0
    } else {
        0.0
    };
    [
        (1, citizens),
        (2, businesses),
        (4, benefit),
        (5, optimisation),
        (6, template),
        (8, effort),
    ]
    .into_iter()
    .collect()
}

/// Reads the embedded OZG service list.
pub fn ozg_services() -> Result<Vec<OzgService>, ImportError> {
    let table = read_table_bytes(OZG_SERVICES_CSV, &crate::exchange::no_progress)?;
    let col = |name: &str| table.headers.iter().position(|h| h == name);
    let (Some(id), Some(name), Some(tf), Some(ll)) = (
        col("ozg_id"),
        col("ozg_leistung"),
        col("themenfeld"),
        col("lebenslage"),
    ) else {
        return Err(ImportError::MissingColumn("OZG-ID"));
    };
    let cell = |r: &[String], i: usize| r.get(i).cloned().unwrap_or_default();
    Ok(table
        .rows
        .iter()
        .map(|r| OzgService {
            ozg_id: cell(r, id),
            name: cell(r, name),
            themenfeld: cell(r, tf),
            lebenslage: cell(r, ll),
        })
        .collect())
}

/// Builds the reference workspace in memory.
pub fn build() -> Result<Workspace, ImportError> {
    let ozg = ozg_services()?;
    let offices = offices();
    let base = Workspace::new(vec![], offices.clone(), ozg.clone(), Default::default());
    let table = read_table_bytes(LEIKA_MAPPING_CSV, &crate::exchange::no_progress)?;
    let plan = plan_import(&table, &ColumnMapping::guess(&table.headers), &base)?;
    let mut all_ozg = ozg;
    for o in plan.ozg_services {
        if !all_ozg.iter().any(|x| x.ozg_id == o.ozg_id) {
            all_ozg.push(o);
        }
    }
    let themenfeld: HashMap<&str, &str> = all_ozg
        .iter()
        .map(|o| (o.ozg_id.as_str(), o.themenfeld.as_str()))
        .collect();
    let office_id: HashMap<&str, &Office> =
        offices.iter().map(|o| (o.number.as_str(), o)).collect();

    let mut rng = SplitMix64::new(SEED);
    let mut services = plan.new_services;
    // The scenario is the common starting point of every copy made of it: plain numbers.
    for (n, s) in services.iter_mut().enumerate() {
        s.id = n as i64 + 1;
    }
    // Scope: municipal types are in; "depends on the Land" types are drawn until the paper's
    // 1,557 services are reached.
    let mut undecided = Vec::new();
    for (i, s) in services.iter_mut().enumerate() {
        match municipal_by_type(&s.leika_type) {
            Some(v) => s.municipal = v,
            None => {
                s.municipal = false;
                undecided.push(i);
            }
        }
    }
    let decided = services.iter().filter(|s| s.municipal).count();
    for k in (1..undecided.len()).rev() {
        undecided.swap(k, rng.below(k + 1));
    }
    for &i in undecided
        .iter()
        .take(MUNICIPAL_SERVICES.saturating_sub(decided))
    {
        services[i].municipal = true;
    }
    for s in services.iter_mut().filter(|s| s.municipal) {
        let tf = s
            .ozg_id
            .as_deref()
            .and_then(|id| themenfeld.get(id))
            .copied();
        let candidates = offices_for(tf.unwrap_or(""));
        let number = candidates[rng.below(candidates.len())];
        let office = office_id.get(number);
        s.office_id = office.map(|o| o.id);
        s.case_volume = Some(10f64.powf(0.5 + rng.unit() * 4.5).round() as i64);
        let bump = i64::from(office.is_some_and(|o| o.pilot));
        let r = rng.unit();
        let level = match r {
            r if r < 0.35 => 0,
            r if r < 0.70 => 1,
            r if r < 0.90 => 2,
            r if r < 0.98 => 3,
            _ => 4,
        };
        s.current_maturity = (level + bump).min(5);
        let t = rng.unit();
        s.target_maturity = if t < 0.1 {
            3
        } else if t < 0.85 {
            4
        } else {
            5
        };
        let business = tf == Some("Unternehmensführung & -entwicklung");
        s.scores = example_scores(&mut rng, office.is_some_and(|o| o.pilot), business);
    }
    let (projects, history) =
        example_projects(&mut rng, &mut services, &offices, crate::clock::today());
    let (staff, assignments) = example_staff(&projects, crate::clock::today());
    let mut ws = Workspace::new(services, offices, all_ozg, Default::default())
        .with_projects(projects, history)
        .with_staff(staff, assignments);
    ws.is_reference = true;
    Ok(ws)
}

/// About 40 illustrative projects over all steps: pilot offices' projects furthest ahead,
/// dates before and after `today`, some overdue. Services are assigned to their project.
fn example_projects(
    rng: &mut SplitMix64,
    services: &mut [crate::model::Service],
    offices: &[Office],
    today: NaiveDate,
) -> (Vec<Project>, Vec<HistoryEntry>) {
    let office_of: HashMap<i64, &Office> = offices.iter().map(|o| (o.id, o)).collect();
    // Candidate bundles: in-scope services of one office and one OZG service.
    let mut bundles: Vec<((i64, String), Vec<usize>)> = Vec::new();
    let mut index: HashMap<(i64, String), usize> = HashMap::new();
    for (i, s) in services.iter().enumerate() {
        let (Some(office), Some(ozg)) = (s.office_id, s.ozg_id.clone()) else {
            continue;
        };
        if !s.municipal || office_of.get(&office).is_some_and(|o| o.deferred) {
            continue;
        }
        let key = (office, ozg);
        match index.get(&key) {
            Some(&b) => bundles[b].1.push(i),
            None => {
                index.insert(key.clone(), bundles.len());
                bundles.push((key, vec![i]));
            }
        }
    }
    for k in (1..bundles.len()).rev() {
        bundles.swap(k, rng.below(k + 1));
    }
    let is_pilot = |office: i64| office_of.get(&office).is_some_and(|o| o.pilot);
    // Pilots' bundles first, so that they are among the projects.
    bundles.sort_by_key(|((office, _), _)| !is_pilot(*office));
    let chosen: Vec<_> = bundles
        .into_iter()
        .enumerate()
        .filter(|(i, ((office, _), _))| *i < 10 || !is_pilot(*office))
        .map(|(_, b)| b)
        .take(40)
        .collect();
    let mut projects = Vec::new();
    let mut history = Vec::new();
    for (n, ((office, _), members)) in chosen.into_iter().enumerate() {
        let id = n as i64 + 1;
        let pilot = is_pilot(office);
        let Some(first) = members.first().and_then(|&i| services.get(i)) else {
            continue;
        };
        let mut p = Project::new(id, &first.name, first.target_maturity.max(3));
        p.lead_office = Some(office);
        p.contact = format!(
            "Koordination Amt {}",
            office_of.get(&office).map_or("", |o| o.number.as_str())
        );
        // Start dates spread over the past 18 months, the pilots' first.
        let age_days = if pilot {
            420 + rng.below(130)
        } else {
            30 + rng.below(500)
        } as i64;
        let start = today - chrono::Duration::days(age_days);
        p.planned_start = Some(start);
        p.planned_end = Some(start + chrono::Duration::days(240 + rng.below(420) as i64));
        // How far the project is: two of three pilots in operation, the others 7 to 10 steps;
        // the other projects further along the longer they run.
        let finished = if pilot {
            match n % 3 {
                2 => 7 + rng.below(4),
                _ => STEP_COUNT,
            }
        } else {
            let pace = 0.4 + rng.unit() * 0.6;
            ((age_days as f64 / 30.0 * pace) as usize).min(STEP_COUNT)
        };
        // The last finished step: projects in operation went live some months ago, the others'
        // last step was done recently.
        let last = if finished >= STEP_COUNT {
            start + chrono::Duration::days(age_days * (55 + rng.below(40) as i64) / 100)
        } else {
            today - chrono::Duration::days(1 + rng.below(25) as i64)
        };
        let span = (last - start).num_days().max(1);
        for step in 1..=finished.min(STEP_COUNT) {
            let Some(s) = p.steps.get_mut(step - 1) else {
                continue;
            };
            let dropped = step == 6 && rng.unit() < 0.3;
            s.status = if dropped {
                StepStatus::Dropped
            } else {
                StepStatus::Done
            };
            let on = start + chrono::Duration::days(span * step as i64 / finished.max(1) as i64);
            s.completed = Some(on);
            s.checked.iter_mut().for_each(|c| *c = !dropped);
            s.responsible = responsible(step).to_owned();
            history.push(HistoryEntry {
                project: id,
                changed_on: on,
                change: HistoryChange::Step {
                    step,
                    old: StepStatus::Open,
                    new: s.status,
                },
                changed_by: String::new(),
            });
        }
        if finished >= 7 {
            p.decision = Decision::ALL.get(rng.below(4)).copied();
            p.template_name = if rng.unit() < 0.6 {
                "EfA-Lösung des Landes".to_owned()
            } else {
                String::new()
            };
            p.template_source = if p.template_name.is_empty() {
                String::new()
            } else {
                "EfA".to_owned()
            };
        }
        if finished >= 10 {
            p.release_date = p.steps.get(9).and_then(|s| s.completed);
        }
        if finished >= STEP_COUNT {
            p.go_live = p.steps.get(10).and_then(|s| s.completed);
        } else if let Some(s) = p.steps.get_mut(finished) {
            s.status = StepStatus::InProgress;
            s.responsible = responsible(finished + 1).to_owned();
            s.due = Some(today + chrono::Duration::days(rng.below(100) as i64 - 40));
            // The first item is under way – except the decision's, which is the decision.
            if finished + 1 != crate::model::workspace::DECISION_STEP
                && let Some(c) = s.checked.first_mut()
            {
                *c = true;
            }
        }
        if p.is_overdue(today) {
            p.health = if rng.unit() < 0.5 {
                Health::Red
            } else {
                Health::Yellow
            };
            const REASONS: [&str; 5] = [
                "Termin überschritten",
                "Schnittstelle zum Fachverfahren verzögert sich",
                "Personalengpass im Fachamt",
                "Musterlösung noch nicht freigegeben",
                "Abstimmung mit dem Datenschutz offen",
            ];
            p.health_comment = REASONS
                .get(rng.below(REASONS.len()))
                .copied()
                .unwrap_or(REASONS[0])
                .to_owned();
        }
        for &i in &members {
            if let Some(s) = services.get_mut(i) {
                s.project_id = Some(id);
                if p.is_in_operation() {
                    s.current_maturity = s.current_maturity.max(p.target_maturity);
                }
            }
        }
        projects.push(p);
    }
    (projects, history)
}

/// The staff of units 100.1 and 100.2: five people already there and the twelve positions the
/// paper requested (eight filled from the start of next year, four still vacant), with the
/// open projects assigned to the people already there – organisational effort to 100.1,
/// technical effort to 100.2 – so that some months are overloaded. Names are made up.
fn example_staff(projects: &[Project], today: NaiveDate) -> (Vec<StaffMember>, Vec<Assignment>) {
    use crate::model::staffing::PAPER_REQUEST;
    let mut staff = Vec::new();
    let existing = [
        (
            "Beispiel, Anna",
            "100.1",
            "Organisationsberaterin",
            "A 12/EG 11",
            1.0,
        ),
        (
            "Muster, Bernd",
            "100.1",
            "Organisationsberater",
            "A 11/EG 10",
            1.0,
        ),
        (
            "Probe, Carla",
            "100.1",
            "Prozessmanagerin",
            "A 11/EG 10",
            0.5,
        ),
        ("Test, Deniz", "100.2", "Anwendungsentwickler", "EG 11", 1.0),
        ("Vorlage, Eva", "100.2", "Systemintegratorin", "EG 12", 0.8),
    ];
    for (name, unit, role, grade, fte) in existing {
        let mut m = StaffMember::new(staff.len() as i64 + 1, name, unit);
        m.role = role.to_owned();
        m.pay_grade = grade.to_owned();
        m.fte = fte;
        staff.push(m);
    }
    let next_year = NaiveDate::from_ymd_opt(today.year() + 1, 1, 1).unwrap_or(today);
    let mut requested = 0;
    for (unit, grade, count) in PAPER_REQUEST {
        for _ in 0..count {
            requested += 1;
            // Every third requested position is still vacant.
            let name = if requested % 3 == 0 {
                String::new()
            } else {
                format!("Neue Stelle {requested} (Beispiel)")
            };
            let mut m = StaffMember::new(staff.len() as i64 + 1, &name, unit);
            m.role = if unit == "100.1" {
                "Organisationsberatung OZG".to_owned()
            } else {
                "Technische Umsetzung OZG".to_owned()
            };
            m.pay_grade = grade.to_owned();
            m.available_from = Some(next_year);
            m.funding = Funding::Befristet;
            m.note = "Beantragt im Ratspapier (12 Stellen)".to_owned();
            staff.push(m);
        }
    }
    let org: Vec<i64> = staff
        .iter()
        .take(existing.len())
        .filter(|m| m.unit == "100.1")
        .map(|m| m.id)
        .collect();
    let tech: Vec<i64> = staff
        .iter()
        .take(existing.len())
        .filter(|m| m.unit == "100.2")
        .map(|m| m.id)
        .collect();
    let mut assignments = Vec::new();
    for (n, p) in projects.iter().filter(|p| !p.is_in_operation()).enumerate() {
        if let Some(&who) = org.get(n % org.len().max(1)) {
            assignments.push(Assignment {
                staff: who,
                project: p.id,
                person_days: p.effort_org_person_days,
            });
        }
        if let Some(&who) = tech.get(n % tech.len().max(1)) {
            assignments.push(Assignment {
                staff: who,
                project: p.id,
                person_days: p.effort_tech_person_days,
            });
        }
    }
    (staff, assignments)
}

/// Who does a step: organisational steps lie with unit 100.1, technical ones with 100.2.
fn responsible(step: usize) -> &'static str {
    match step {
        5 | 6 | 9 => "100.2 Technik",
        _ => "100.1 Organisation",
    }
}

/// Creates a new database file holding the reference scenario; refuses an existing file.
pub fn create(path: &Path) -> Result<Store, ScenarioError> {
    let ws = build()?;
    Store::create_with(path, |store| {
        write_workspace(store, &ws).map_err(ScenarioError::from)
    })
}

/// Writes a whole workspace into an empty store in one transaction.
pub fn write_workspace(store: &mut Store, ws: &Workspace) -> Result<(), StoreError> {
    store.transaction(|tx| {
        for o in ws.ozg_services() {
            crate::store::upsert_ozg_service(tx, o)?;
        }
        for o in ws.offices() {
            crate::store::insert_office(tx, o)?;
        }
        for p in ws.projects() {
            crate::store::insert_project(tx, p, &[])?;
        }
        for h in ws.project_history() {
            crate::store::insert_history(tx, h)?;
        }
        for s in ws.services() {
            crate::store::insert_service(tx, s)?;
        }
        for m in ws.staff() {
            crate::store::staff::insert(tx, m, &[])?;
        }
        crate::store::staff::insert_assignments(tx, ws.assignments())?;
        if ws.is_reference {
            crate::store::set_setting(tx, "scenario", "reference")?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_matches_the_paper() {
        let ws = build().unwrap();
        assert_eq!(ws.services().len(), 5249);
        assert_eq!(ws.ozg_services().len(), 557);
        assert_eq!(
            ws.services().iter().filter(|s| s.municipal).count(),
            MUNICIPAL_SERVICES
        );
        let deferred: Vec<&str> = ws
            .offices()
            .iter()
            .filter(|o| o.deferred)
            .map(|o| o.number.as_str())
            .collect();
        assert_eq!(
            deferred,
            [
                "002", "110", "130", "150", "300", "320", "370", "510", "530"
            ]
        );
        let counts = ws.services_per_office();
        for pilot in ["420", "620", "660"] {
            let o = ws.office_by_number(pilot).unwrap();
            assert!(o.pilot);
            assert!(counts.get(&o.id).copied().unwrap_or(0) > 10, "{pilot}");
        }
        assert!(
            ws.services()
                .iter()
                .filter(|s| s.municipal)
                .all(|s| s.office_id.is_some())
        );
    }

    #[test]
    fn pilots_lead_the_example_ranking() {
        use crate::model::ranking::{RankingInput, Section, rank};
        let dir = tempfile::tempdir().unwrap();
        let store = create(&dir.path().join("demo.sqlite")).unwrap();
        let ws = store.load().unwrap();
        assert!(
            ws.services()
                .iter()
                .filter(|s| s.municipal)
                .all(|s| s.scores.len() == 6)
        );
        let ranking = rank(&RankingInput {
            services: ws.services(),
            offices: ws.offices(),
            criteria: ws.criteria(),
            settings: ws.ranking_settings(),
        });
        let top: Vec<_> = ranking
            .entries
            .iter()
            .filter(|e| e.section == Section::Ranked)
            .take(20)
            .collect();
        let pilots = top
            .iter()
            .filter(|e| {
                let s = &ws.services()[e.members[0]];
                s.office_id
                    .and_then(|id| ws.office(id))
                    .is_some_and(|o| o.pilot)
            })
            .count();
        assert!(pilots >= 10, "pilot services in the Top 20: {pilots}");
    }

    #[test]
    fn example_projects_cover_the_steps_and_pilots_lead() {
        let ws = build().unwrap();
        let projects = ws.projects();
        assert!((35..=40).contains(&projects.len()), "{}", projects.len());
        let steps: std::collections::BTreeSet<usize> = projects
            .iter()
            .map(|p| p.current_step().unwrap_or(12))
            .collect();
        assert!(steps.len() >= 8, "spread over the steps: {steps:?}");
        assert!(projects.iter().any(|p| p.is_in_operation()));
        let today = crate::clock::today();
        assert!(projects.iter().any(|p| p.is_overdue(today)));
        let pilot = |p: &Project| {
            p.lead_office
                .and_then(|o| ws.office(o))
                .is_some_and(|o| o.pilot)
        };
        let mean = |f: &dyn Fn(&Project) -> bool| {
            let chosen: Vec<f64> = projects
                .iter()
                .filter(|p| f(p))
                .map(|p| p.progress_percent())
                .collect();
            chosen.iter().sum::<f64>() / chosen.len().max(1) as f64
        };
        assert!(
            mean(&pilot) > mean(&|p| !pilot(p)) + 20.0,
            "pilots furthest ahead"
        );
        for p in projects {
            assert!(
                ws.services().iter().any(|s| s.project_id == Some(p.id)),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn example_staff_has_the_papers_twelve_positions_and_overloaded_months() {
        use crate::model::load::{Horizon, LoadKey, LoadSettings, load_table};
        let ws = build().unwrap();
        let requested: Vec<_> = ws
            .staff()
            .iter()
            .filter(|m| m.note.contains("Ratspapier"))
            .collect();
        assert_eq!(requested.len(), 12);
        assert_eq!(requested.iter().filter(|m| m.unit == "100.1").count(), 8);
        assert_eq!(requested.iter().filter(|m| m.is_vacant()).count(), 4);
        assert!(!ws.assignments().is_empty());
        let today = crate::clock::today();
        let h = Horizon::new(today, 12, true);
        let rows = load_table(
            ws.staff(),
            ws.assignments(),
            ws.projects(),
            LoadSettings::default(),
            today,
            &h,
        );
        let overloaded = rows
            .iter()
            .filter(|r| matches!(r.key, LoadKey::Person(_)))
            .any(|r| (0..12).any(|m| r.percent(m).is_some_and(|p| p > 100.0)));
        assert!(overloaded, "some months are overloaded");
    }

    #[test]
    fn scenario_is_reproducible() {
        let a = build().unwrap();
        let b = build().unwrap();
        assert_eq!(a.services(), b.services());
    }
}
