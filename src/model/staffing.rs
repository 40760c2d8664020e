//! The staffing arithmetic (Personalbedarf): the remaining work in person-days, the positions
//! needed to finish it by a date, the duration with the positions at hand, and their cost –
//! with every step in words, so the council can follow it (shared/DESIGN.md §1 and §6).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::Workspace;
use super::format::{decimal, thousands};
use super::project::{DEFAULT_EFFORT_ORG, DEFAULT_EFFORT_TECH, STEP_COUNT};

/// Productive days per full-time position and year (the paper's figure).
pub const DEFAULT_DAYS_PER_YEAR: f64 = 207.0;
/// Services per project, as in the paper: 1,557 services in about 600 projects.
pub const DEFAULT_SERVICES_PER_PROJECT: f64 = 1557.0 / 600.0;
/// The positions the paper requested.
pub const PAPER_POSITIONS: f64 = 12.0;

/// The annual cost of a position of a pay grade, in euros.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PayGradeCost {
    pub grade: String,
    pub annual_eur: f64,
}

/// The paper's requested positions: unit, pay grade, count.
pub const PAPER_REQUEST: [(&str, &str, u32); 4] = [
    ("100.1", "A 11/EG 10", 6),
    ("100.1", "A 12/EG 11", 2),
    ("100.2", "EG 11", 2),
    ("100.2", "EG 12", 2),
];

/// Annual costs per pay grade, chosen so that the paper's 12 positions cost its 828,000 € a
/// year.
pub fn default_costs() -> Vec<PayGradeCost> {
    [
        ("A 11/EG 10", 64_000.0),
        ("A 12/EG 11", 72_000.0),
        ("EG 11", 72_000.0),
        ("EG 12", 78_000.0),
    ]
    .iter()
    .map(|&(grade, annual_eur)| PayGradeCost {
        grade: grade.to_owned(),
        annual_eur,
    })
    .collect()
}

/// The settings of the staff planning, kept in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StaffingSettings {
    /// Productive days per full-time position and year.
    pub days_per_year: f64,
    /// Whether NRW public holidays are no working days.
    pub holidays: bool,
    /// Services bundled into one project when counting the work not yet in projects.
    pub services_per_project: f64,
    /// Annual cost per pay grade.
    pub costs: Vec<PayGradeCost>,
    /// The unit (office number) that carries the organisational effort of projects, and where
    /// new positions go by default.
    pub org_unit: String,
    /// The unit that carries the technical effort (its subunits too).
    pub tech_unit: String,
}

impl Default for StaffingSettings {
    fn default() -> Self {
        Self {
            days_per_year: DEFAULT_DAYS_PER_YEAR,
            holidays: true,
            services_per_project: DEFAULT_SERVICES_PER_PROJECT,
            costs: default_costs(),
            org_unit: "100.1".to_owned(),
            tech_unit: "100.2".to_owned(),
        }
    }
}

impl StaffingSettings {
    /// Whether people of `unit` do the technical work of projects: the technical unit and its
    /// subunits ("100.2", "100.2.1"); every other unit takes the organisational effort.
    pub fn is_technical(&self, unit: &str) -> bool {
        let (unit, tech) = (unit.trim(), self.tech_unit.trim());
        !tech.is_empty()
            && (unit == tech || unit.strip_prefix(tech).is_some_and(|r| r.starts_with('.')))
    }

    /// The settings of the load arithmetic.
    pub fn load(&self) -> super::load::LoadSettings {
        super::load::LoadSettings {
            days_per_year: self.days_per_year,
            holidays: self.holidays,
        }
    }

    /// The mean annual cost of a position of the paper's request.
    pub fn cost_per_position(&self) -> f64 {
        paper_annual_cost(&self.costs) / PAPER_POSITIONS
    }

    /// Checks the values; the message names the field.
    pub fn check(&self) -> Result<(), ScenarioError> {
        check(
            "Produktive Tage",
            self.days_per_year,
            1.0..=366.0,
            "1 bis 366 Tage",
        )?;
        check(
            "Leistungen je Projekt",
            self.services_per_project,
            0.1..=1000.0,
            "0,1 bis 1.000",
        )?;
        for (i, c) in self.costs.iter().enumerate() {
            let grade = c.grade.trim();
            let twice = self.costs[..i].iter().any(|d| d.grade.trim() == grade);
            if grade.is_empty() || twice {
                return Err(ScenarioError::PayGrade(grade.to_owned()));
            }
            check(
                "Kosten je Stelle",
                c.annual_eur,
                0.0..=10_000_000.0,
                "0 bis 10.000.000 €",
            )?;
        }
        Ok(())
    }
}

/// The annual cost of the paper's 12 positions with the given costs per grade.
pub fn paper_annual_cost(costs: &[PayGradeCost]) -> f64 {
    PAPER_REQUEST
        .iter()
        .map(|&(_, grade, count)| {
            let each = costs
                .iter()
                .find(|c| c.grade == grade)
                .map_or(0.0, |c| c.annual_eur);
            each * f64::from(count)
        })
        .sum()
}

/// The years from `from` to `until`, both days included, counted in calendar months (so 2021
/// and 2022 are exactly two years), the rest of a month in days.
pub fn years_between(from: NaiveDate, until: NaiveDate) -> f64 {
    use chrono::{Datelike, Months};
    let Some(end) = until.succ_opt() else {
        return 0.0;
    };
    let mut months =
        ((end.year() - from.year()) * 12 + end.month0() as i32 - from.month0() as i32).max(0);
    let reached = |m: i32| {
        u32::try_from(m)
            .ok()
            .and_then(|m| from.checked_add_months(Months::new(m)))
    };
    while months > 0 && reached(months).is_none_or(|d| d > end) {
        months -= 1;
    }
    let rest = reached(months).map_or(0, |d| (end - d).num_days().max(0));
    (f64::from(months) + rest as f64 / 30.4375) / 12.0
}

/// What the arithmetic starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioInput {
    /// Projects still to be done (may be fractional: open shares of started projects).
    pub projects: f64,
    /// Organisational effort per project, person-days.
    pub effort_org: f64,
    /// Technical effort per project, person-days.
    pub effort_tech: f64,
    /// Productive days per position and year.
    pub days_per_year: f64,
    /// The work starts on this day …
    pub from: NaiveDate,
    /// … and is to be finished by this one.
    pub until: NaiveDate,
    /// Positions at hand (or typed in).
    pub positions: f64,
    /// Annual cost of one position, euros.
    pub annual_cost_per_position: f64,
}

/// Why a scenario cannot be computed; the message names the field.
#[derive(Clone, Debug, Error, PartialEq)]
pub enum ScenarioError {
    #[error("{field}: {value} ist nicht zulässig; erlaubt ist {allowed}.")]
    OutOfRange {
        field: &'static str,
        value: String,
        allowed: &'static str,
    },
    #[error("Kosten je Stelle: Die Entgeltgruppe „{0}“ ist leer oder doppelt.")]
    PayGrade(String),
    #[error("Das Zieldatum {until} liegt vor dem Beginn {from}.")]
    EndBeforeStart { from: String, until: String },
}

/// The result of the arithmetic.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioResult {
    /// Projects × (organisational + technical effort).
    pub person_days: f64,
    /// The years from start to target date.
    pub years_available: f64,
    /// Full-time positions needed to finish by the target date.
    pub fte_needed: f64,
    /// Years the work takes with the positions at hand; `None` without positions.
    pub years_needed: Option<f64>,
    /// The day the work is done with the positions at hand.
    pub finish_date: Option<NaiveDate>,
    /// What the positions at hand cost a year.
    pub annual_cost: f64,
    /// What they cost until the work is done.
    pub total_cost: Option<f64>,
}

fn check(
    field: &'static str,
    value: f64,
    range: std::ops::RangeInclusive<f64>,
    allowed: &'static str,
) -> Result<(), ScenarioError> {
    if value.is_finite() && range.contains(&value) {
        Ok(())
    } else {
        Err(ScenarioError::OutOfRange {
            field,
            value: decimal(value, 1),
            allowed,
        })
    }
}

impl ScenarioInput {
    /// The council paper's inputs: 600 projects of 17 + 12 person-days, 2021–2022, 207 days,
    /// the 12 requested positions at the paper's cost.
    pub fn paper() -> Self {
        Self {
            projects: 600.0,
            effort_org: DEFAULT_EFFORT_ORG,
            effort_tech: DEFAULT_EFFORT_TECH,
            days_per_year: DEFAULT_DAYS_PER_YEAR,
            from: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
            until: NaiveDate::from_ymd_opt(2022, 12, 31).unwrap_or_default(),
            positions: PAPER_POSITIONS,
            annual_cost_per_position: paper_annual_cost(&default_costs()) / PAPER_POSITIONS,
        }
    }

    /// The inputs from a workspace: its remaining work at the usual effort per project, its
    /// productive days and cost, from today to the latest planned end, with the positions at
    /// hand (the paper's twelve without staff).
    pub fn of_workspace(ws: &Workspace, today: NaiveDate) -> Self {
        let settings = ws.staffing();
        Self {
            // To a tenth, as the view shows it, so every figure starts from the same number.
            projects: (remaining_work(ws, settings.services_per_project).projects() * 10.0).round()
                / 10.0,
            effort_org: DEFAULT_EFFORT_ORG,
            effort_tech: DEFAULT_EFFORT_TECH,
            days_per_year: settings.days_per_year,
            from: today,
            until: default_target(ws, today),
            positions: positions_at_hand(ws.staff(), default_target(ws, today)),
            annual_cost_per_position: settings.cost_per_position(),
        }
    }

    /// Checks the inputs and does the arithmetic.
    pub fn compute(&self) -> Result<ScenarioResult, ScenarioError> {
        check(
            "Projekte",
            self.projects,
            0.0..=1_000_000.0,
            "0 bis 1.000.000",
        )?;
        check(
            "Aufwand Organisation",
            self.effort_org,
            0.0..=10_000.0,
            "0 bis 10.000 PT",
        )?;
        check(
            "Aufwand Technik",
            self.effort_tech,
            0.0..=10_000.0,
            "0 bis 10.000 PT",
        )?;
        check(
            "Produktive Tage",
            self.days_per_year,
            1.0..=366.0,
            "1 bis 366 Tage",
        )?;
        check("Stellen", self.positions, 0.0..=10_000.0, "0 bis 10.000")?;
        check(
            "Kosten je Stelle",
            self.annual_cost_per_position,
            0.0..=10_000_000.0,
            "0 bis 10.000.000 €",
        )?;
        if self.until < self.from {
            return Err(ScenarioError::EndBeforeStart {
                from: super::format::date(self.from),
                until: super::format::date(self.until),
            });
        }
        let person_days = self.projects * (self.effort_org + self.effort_tech);
        let years_available = years_between(self.from, self.until);
        let fte_needed = person_days / (self.days_per_year * years_available);
        let years_needed =
            (self.positions > 0.0).then(|| person_days / (self.positions * self.days_per_year));
        let finish_date = years_needed.and_then(|y| {
            let days = (y * 365.25).ceil();
            (days < 365.25 * 200.0)
                .then(|| {
                    self.from
                        .checked_add_signed(chrono::Duration::days(days as i64))
                })
                .flatten()
        });
        let annual_cost = self.positions * self.annual_cost_per_position;
        Ok(ScenarioResult {
            person_days,
            years_available,
            fte_needed,
            years_needed,
            finish_date,
            annual_cost,
            total_cost: years_needed.map(|y| y * annual_cost),
        })
    }

    /// The arithmetic in words, a line per step.
    pub fn explain(&self, r: &ScenarioResult) -> Vec<String> {
        let mut lines = vec![
            format!(
                "{} Projekte × ({} + {} PT) = {} Personentage",
                decimal(self.projects, 1).trim_end_matches(",0"),
                decimal(self.effort_org, 1).trim_end_matches(",0"),
                decimal(self.effort_tech, 1).trim_end_matches(",0"),
                thousands(r.person_days.round() as i64)
            ),
            format!(
                "{} PT ÷ ({} PT je Stelle und Jahr × {} Jahre vom {} bis {}) = {} Stellen",
                thousands(r.person_days.round() as i64),
                decimal(self.days_per_year, 0),
                decimal(r.years_available, 1),
                super::format::date(self.from),
                super::format::date(self.until),
                decimal(r.fte_needed, 1)
            ),
        ];
        match (r.years_needed, r.finish_date) {
            (Some(y), Some(d)) => lines.push(format!(
                "{} PT ÷ ({} Stellen × {} PT) = {} Jahre, fertig am {}",
                thousands(r.person_days.round() as i64),
                decimal(self.positions, 1).trim_end_matches(",0"),
                decimal(self.days_per_year, 0),
                decimal(y, 1),
                super::format::date(d)
            )),
            (Some(y), None) => lines.push(format!(
                "Mit {} Stellen dauert es {} Jahre.",
                decimal(self.positions, 1).trim_end_matches(",0"),
                decimal(y, 1)
            )),
            _ => lines.push("Ohne Stellen wird die Arbeit nicht fertig.".to_owned()),
        }
        lines.push(format!(
            "Kosten: {} Stellen × {} € = {} € im Jahr",
            decimal(self.positions, 1).trim_end_matches(",0"),
            thousands(self.annual_cost_per_position.round() as i64),
            thousands(r.annual_cost.round() as i64)
        ));
        lines
    }
}

/// The positions at hand for work until `until`: the full-time shares of everyone still there
/// on that day – vacant positions and people starting later included, as planned capacity;
/// people leaving before it are not. Zero without staff.
pub fn positions_at_hand(staff: &[super::load::StaffMember], until: NaiveDate) -> f64 {
    staff
        .iter()
        .filter(|m| m.available_until.is_none_or(|u| u >= until))
        .map(|m| m.fte)
        .sum()
}

/// The target date the arithmetic starts from: the latest planned end of a project still
/// ahead, else the end of next year.
pub fn default_target(ws: &Workspace, today: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    ws.projects()
        .iter()
        .filter_map(|p| p.planned_end)
        .max()
        .filter(|d| *d > today)
        .or_else(|| NaiveDate::from_ymd_opt(today.year() + 1, 12, 31))
        .unwrap_or(today)
}

/// The work still to be done according to the database, in parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RemainingWork {
    /// Projects not yet in operation.
    pub open_projects: usize,
    /// Their open steps as a share of whole projects (each step an eleventh).
    pub open_project_share: f64,
    /// Services in municipal scope below their target that belong to no project.
    pub services_without_project: usize,
    /// Those services bundled into projects at the usual number of services per project.
    pub bundled_projects: f64,
}

impl RemainingWork {
    /// The remaining work in whole-project equivalents.
    pub fn projects(&self) -> f64 {
        self.open_project_share + self.bundled_projects
    }

    /// The parts in words.
    pub fn explain(&self, services_per_project: f64) -> Vec<String> {
        vec![
            format!(
                "{} laufende Projekte mit offenen Schritten = {} Projekte",
                thousands(self.open_projects as i64),
                decimal(self.open_project_share, 1)
            ),
            format!(
                "{} Leistungen ohne Projekt ÷ {} Leistungen je Projekt = {} Projekte",
                thousands(self.services_without_project as i64),
                decimal(services_per_project, 1),
                decimal(self.bundled_projects, 1)
            ),
        ]
    }
}

/// The remaining work of a workspace: open steps of its projects, plus the services in scope
/// below their target without a project, bundled at `services_per_project`.
pub fn remaining_work(ws: &Workspace, services_per_project: f64) -> RemainingWork {
    let open: Vec<_> = ws
        .projects()
        .iter()
        .filter(|p| !p.is_in_operation())
        .collect();
    let open_project_share = open
        .iter()
        .map(|p| {
            let unfinished = p.steps.iter().filter(|s| !s.status.is_finished()).count();
            unfinished as f64 / STEP_COUNT as f64
        })
        .sum();
    let services_without_project = ws
        .services()
        .iter()
        .filter(|s| s.municipal && s.project_id.is_none() && s.current_maturity < s.target_maturity)
        .count();
    RemainingWork {
        open_projects: open.len(),
        open_project_share,
        services_without_project,
        bundled_projects: services_without_project as f64 / services_per_project.max(0.1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_paper_needs_42_positions_and_seven_years_with_twelve() {
        let input = ScenarioInput::paper();
        let r = input.compute().unwrap();
        assert_eq!(r.person_days, 17_400.0);
        assert_eq!(decimal(r.fte_needed, 1), "42,0");
        assert_eq!(decimal(r.years_needed.unwrap(), 1), "7,0");
        assert_eq!(r.annual_cost, 828_000.0, "the paper's cost a year");
        let words = input.explain(&r);
        assert_eq!(
            words[0],
            "600 Projekte × (17 + 12 PT) = 17.400 Personentage"
        );
        assert!(words[1].ends_with("= 42,0 Stellen"), "{}", words[1]);
        assert!(words[2].contains("= 7,0 Jahre"), "{}", words[2]);
    }

    #[test]
    fn years_in_calendar_months() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(years_between(d(2021, 1, 1), d(2022, 12, 31)), 2.0);
        assert_eq!(years_between(d(2026, 12, 1), d(2026, 12, 31)), 1.0 / 12.0);
        // 31 January plus a month is 28 February; to 16 March (exclusive) 16 days remain.
        assert!(
            (years_between(d(2026, 1, 31), d(2026, 3, 15)) - (1.0 + 16.0 / 30.4375) / 12.0).abs()
                < 1e-9
        );
        assert_eq!(years_between(d(2026, 5, 2), d(2026, 5, 1)), 0.0);
    }

    #[test]
    fn the_paper_costs_828000_a_year() {
        assert_eq!(paper_annual_cost(&default_costs()), 828_000.0);
    }

    #[test]
    fn out_of_range_inputs_are_named() {
        let mut input = ScenarioInput::paper();
        input.days_per_year = 0.0;
        let err = input.compute().unwrap_err().to_string();
        assert!(
            err.starts_with("Produktive Tage: 0,0 ist nicht zulässig"),
            "{err}"
        );
        let mut input = ScenarioInput::paper();
        input.until = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        assert!(
            input
                .compute()
                .unwrap_err()
                .to_string()
                .contains("vor dem Beginn")
        );
        let mut input = ScenarioInput::paper();
        input.positions = 0.0;
        let r = input.compute().unwrap();
        assert_eq!((r.years_needed, r.finish_date), (None, None));
        input.projects = f64::NAN;
        assert!(input.compute().is_err());
    }
}
