//! Staff load against capacity per month: staff, their assignments to projects, and the
//! arithmetic that spreads a project's remaining effort over the working days of its window
//! (shared/DESIGN.md §6). Plain data and functions; the store and the views come on top.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::is_working_day;
use super::project::{Project, ProjectId, STEP_COUNT};

/// Row id of a staff member (or a planned position).
pub type StaffId = i64;

/// How a position is funded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Funding {
    /// A position of the establishment plan.
    #[default]
    Stellenplan,
    /// Fixed-term.
    Befristet,
    /// Beyond the plan (überplanmäßig).
    Ueberplanmaessig,
}

impl Funding {
    pub const ALL: [Self; 3] = [Self::Stellenplan, Self::Befristet, Self::Ueberplanmaessig];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Stellenplan => "stellenplan",
            Self::Befristet => "befristet",
            Self::Ueberplanmaessig => "ueberplanmaessig",
        }
    }

    /// Reads a stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The German label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Stellenplan => "Stellenplan",
            Self::Befristet => "befristet",
            Self::Ueberplanmaessig => "überplanmäßig",
        }
    }
}

/// A person of unit 100.1 or 100.2, or a position not yet filled (no name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    pub id: StaffId,
    /// Empty for a vacant position, which still counts as planned capacity.
    pub name: String,
    /// The unit's office number ("100.1").
    pub unit: String,
    pub role: String,
    pub pay_grade: String,
    /// Full-time share, 0.1 to 1.0.
    pub fte: f64,
    pub available_from: Option<NaiveDate>,
    pub available_until: Option<NaiveDate>,
    pub funding: Funding,
    pub note: String,
}

impl StaffMember {
    /// A new full-time position of `unit` with no further data.
    pub fn new(id: StaffId, name: &str, unit: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            unit: unit.to_owned(),
            role: String::new(),
            pay_grade: String::new(),
            fte: 1.0,
            available_from: None,
            available_until: None,
            funding: Funding::Stellenplan,
            note: String::new(),
        }
    }

    /// Whether the position has nobody in it yet.
    pub fn is_vacant(&self) -> bool {
        self.name.trim().is_empty()
    }

    /// "Müller" or "N. N. (100.1, A 11/EG 10)" for a vacant position.
    pub fn display_name(&self) -> String {
        match (self.is_vacant(), self.pay_grade.trim()) {
            (false, _) => self.name.clone(),
            (true, "") => format!("N. N. ({})", self.unit),
            (true, grade) => format!("N. N. ({}, {grade})", self.unit),
        }
    }

    /// Whether the person is available on `d`.
    pub fn is_available(&self, d: NaiveDate) -> bool {
        self.available_from.is_none_or(|f| f <= d) && self.available_until.is_none_or(|u| d <= u)
    }
}

/// The fewest people a unit needs to be shown on its own in the anonymised load: the load of
/// a unit of one or two would be that of a person.
pub const MIN_GROUP: usize = 3;

/// The label of each unit in the anonymised load: the unit, or – for units with fewer than
/// `MIN_GROUP` people – one group of the small units together.
pub fn anonymous_labels(staff: &[StaffMember]) -> HashMap<String, String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for m in staff {
        *counts.entry(m.unit.as_str()).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|(unit, n)| {
            let label = if n >= MIN_GROUP {
                unit.to_owned()
            } else {
                "kleine Einheiten (zusammengefasst)".to_owned()
            };
            (unit.to_owned(), label)
        })
        .collect()
}

/// A person's planned work on a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub staff: StaffId,
    pub project: ProjectId,
    /// Planned person-days on the whole project.
    pub person_days: f64,
}

/// Working days per day of a span of whole months, counted once so that any interval's
/// working days are a subtraction.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// First day of the first month.
    pub first: NaiveDate,
    /// First day of each month.
    pub months: Vec<NaiveDate>,
    /// `cumulative[i]`: working days before day `i` of the horizon; one entry more than days.
    cumulative: Vec<u32>,
}

impl Horizon {
    /// The `months` months from the month of `start`, with NRW holidays or without.
    pub fn new(start: NaiveDate, months: usize, holidays: bool) -> Self {
        let first = start.with_day(1).unwrap_or(start);
        let month_list: Vec<NaiveDate> = (0..months)
            .filter_map(|m| first.checked_add_months(Months::new(u32::try_from(m).ok()?)))
            .collect();
        let end = month_list
            .last()
            .and_then(|m| m.checked_add_months(Months::new(1)))
            .unwrap_or(first);
        let mut cumulative = vec![0u32];
        let mut total = 0u32;
        for d in first.iter_days().take_while(|d| *d < end) {
            total += u32::from(is_working_day(d, holidays));
            cumulative.push(total);
        }
        Self {
            first,
            months: month_list,
            cumulative,
        }
    }

    fn index(&self, d: NaiveDate) -> usize {
        let days = (d - self.first).num_days();
        usize::try_from(days.max(0))
            .unwrap_or(0)
            .min(self.cumulative.len() - 1)
    }

    /// Working days from `from` to `until`, both included, within the horizon.
    pub fn working_days(&self, from: NaiveDate, until: NaiveDate) -> u32 {
        if until < from {
            return 0;
        }
        let a = self.index(from);
        let b = self.index(until.succ_opt().unwrap_or(until));
        self.cumulative[b].saturating_sub(self.cumulative[a])
    }

    /// The first and last day of month `m`.
    pub fn month_span(&self, m: usize) -> Option<(NaiveDate, NaiveDate)> {
        let start = *self.months.get(m)?;
        let end = start.checked_add_months(Months::new(1))?.pred_opt()?;
        Some((start, end))
    }

    /// Spreads `amount` evenly over the working days from `from` to `until` and returns the
    /// part of each month of the horizon. Work outside the horizon is left out; a window
    /// without working days puts nothing anywhere.
    pub fn spread(&self, amount: f64, from: NaiveDate, until: NaiveDate) -> Vec<f64> {
        let mut parts = vec![0.0; self.months.len()];
        let total = working_days_between(from, until, self);
        if total == 0 || amount == 0.0 {
            return parts;
        }
        let per_day = amount / f64::from(total);
        for (m, part) in parts.iter_mut().enumerate() {
            if let Some((s, e)) = self.month_span(m) {
                *part = per_day * f64::from(self.working_days(s.max(from), e.min(until)));
            }
        }
        parts
    }
}

/// Working days of a window that may reach beyond the horizon: the horizon's count inside,
/// and weekdays outside it (the holiday table does not reach that far in general).
fn working_days_between(from: NaiveDate, until: NaiveDate, h: &Horizon) -> u32 {
    if until < from {
        return 0;
    }
    let last = h
        .months
        .last()
        .and_then(|m| m.checked_add_months(Months::new(1)))
        .and_then(|d| d.pred_opt())
        .unwrap_or(h.first);
    let inside = h.working_days(from.max(h.first), until.min(last));
    let weekdays = |a: NaiveDate, b: NaiveDate| -> u32 {
        if b < a {
            return 0;
        }
        let days = (b - a).num_days() + 1;
        // Close enough for work outside the horizon: five of seven days.
        u32::try_from(days * 5 / 7).unwrap_or(u32::MAX)
    };
    let before = if from < h.first {
        weekdays(from, until.min(h.first.pred_opt().unwrap_or(h.first)))
    } else {
        0
    };
    let after = if until > last {
        weekdays(from.max(last.succ_opt().unwrap_or(last)), until)
    } else {
        0
    };
    inside + before + after
}

/// Settings of the load arithmetic.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadSettings {
    /// Productive days per full-time position and year.
    pub days_per_year: f64,
    /// Whether NRW public holidays are no working days.
    pub holidays: bool,
}

impl Default for LoadSettings {
    fn default() -> Self {
        Self {
            days_per_year: super::staffing::DEFAULT_DAYS_PER_YEAR,
            holidays: true,
        }
    }
}

/// Whose load a row shows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LoadKey {
    Person(StaffId),
    /// Demand of projects (or parts of them) with nobody assigned.
    Unassigned,
}

/// Planned person-days and capacity per month of one person, or the unassigned demand.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadRow {
    pub key: LoadKey,
    pub planned: Vec<f64>,
    /// Capacity in person-days; zero for the unassigned row.
    pub capacity: Vec<f64>,
}

impl LoadRow {
    /// Load in percent of capacity for month `m`; `None` without capacity.
    pub fn percent(&self, m: usize) -> Option<f64> {
        let cap = *self.capacity.get(m)?;
        (cap > 0.0).then(|| 100.0 * self.planned.get(m).copied().unwrap_or(0.0) / cap)
    }
}

/// The remaining share of a project's effort: the steps neither done nor dropped.
pub fn remaining_share(p: &Project) -> f64 {
    let open = p.steps.iter().filter(|s| !s.status.is_finished()).count();
    open as f64 / STEP_COUNT as f64
}

/// Days within which the remaining work of an overdue project is due.
pub const OVERDUE_DAYS: u64 = 30;

/// The window over which a project's remaining effort is spread: from today (or its later
/// start) to its planned end; the work of an overdue project is due within the next 30 days.
/// `None` without dates or when it is in operation.
pub fn remaining_window(p: &Project, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    if p.is_in_operation() {
        return None;
    }
    let start = p.planned_start?.max(today);
    let end = p.planned_end?;
    let end = if end < today {
        today.checked_add_days(chrono::Days::new(OVERDUE_DAYS - 1))?
    } else {
        end.max(start)
    };
    Some((start, end))
}

/// The load table: a row per person (planned work against capacity) and a row for the demand
/// nobody is assigned to, over the months of `h`.
pub fn load_table(
    staff: &[StaffMember],
    assignments: &[Assignment],
    projects: &[Project],
    settings: LoadSettings,
    today: NaiveDate,
    h: &Horizon,
) -> Vec<LoadRow> {
    let months = h.months.len();
    let by_project: HashMap<ProjectId, &Project> = projects.iter().map(|p| (p.id, p)).collect();
    let mut rows: Vec<LoadRow> = staff
        .iter()
        .map(|s| LoadRow {
            key: LoadKey::Person(s.id),
            planned: vec![0.0; months],
            capacity: (0..months)
                .map(|m| capacity(s, settings, h, m, today))
                .collect(),
        })
        .collect();
    let row_of: HashMap<StaffId, usize> =
        staff.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
    let mut assigned: HashMap<ProjectId, f64> = HashMap::new();
    for a in assignments {
        let (Some(p), Some(&row)) = (by_project.get(&a.project), row_of.get(&a.staff)) else {
            continue;
        };
        let Some((from, until)) = remaining_window(p, today) else {
            continue;
        };
        let amount = a.person_days * remaining_share(p);
        *assigned.entry(p.id).or_insert(0.0) += a.person_days;
        if let Some(r) = rows.get_mut(row) {
            for (dst, part) in r.planned.iter_mut().zip(h.spread(amount, from, until)) {
                *dst += part;
            }
        }
    }
    let mut unassigned = LoadRow {
        key: LoadKey::Unassigned,
        planned: vec![0.0; months],
        capacity: vec![0.0; months],
    };
    for p in projects {
        let Some((from, until)) = remaining_window(p, today) else {
            continue;
        };
        let effort = p.effort_org_person_days + p.effort_tech_person_days;
        let open = (effort - assigned.get(&p.id).copied().unwrap_or(0.0)).max(0.0);
        let amount = open * remaining_share(p);
        for (dst, part) in unassigned
            .planned
            .iter_mut()
            .zip(h.spread(amount, from, until))
        {
            *dst += part;
        }
    }
    rows.push(unassigned);
    rows
}

/// The load table of a workspace over the `months` months from `today`, with its horizon.
pub fn workspace_load(
    ws: &super::Workspace,
    settings: LoadSettings,
    today: NaiveDate,
    months: usize,
) -> (Horizon, Vec<LoadRow>) {
    let h = Horizon::new(today, months, settings.holidays);
    let rows = load_table(
        ws.staff(),
        ws.assignments(),
        ws.projects(),
        settings,
        today,
        &h,
    );
    (h, rows)
}

/// A person's capacity in month `m`: FTE × productive days a year / 12, for the working days
/// of the month the person is available from `today` on (work already past is no capacity,
/// as it is no demand).
pub fn capacity(
    s: &StaffMember,
    settings: LoadSettings,
    h: &Horizon,
    m: usize,
    today: NaiveDate,
) -> f64 {
    let Some((start, end)) = h.month_span(m) else {
        return 0.0;
    };
    let all = h.working_days(start, end);
    if all == 0 {
        return 0.0;
    }
    let from = s.available_from.map_or(start, |f| f.max(start)).max(today);
    let until = s.available_until.map_or(end, |u| u.min(end));
    let available = h.working_days(from, until);
    s.fte * settings.days_per_year / 12.0 * f64::from(available) / f64::from(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::StepStatus;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn person(id: StaffId, fte: f64) -> StaffMember {
        StaffMember {
            id,
            name: format!("Person {id}"),
            unit: "100.1".to_owned(),
            role: String::new(),
            pay_grade: "A 11/EG 10".to_owned(),
            fte,
            available_from: None,
            available_until: None,
            funding: Funding::Stellenplan,
            note: String::new(),
        }
    }

    #[test]
    fn working_days_by_subtraction() {
        let h = Horizon::new(day(2026, 11, 15), 3, true);
        assert_eq!(h.first, day(2026, 11, 1));
        assert_eq!(
            h.months,
            [day(2026, 11, 1), day(2026, 12, 1), day(2027, 1, 1)]
        );
        assert_eq!(h.working_days(day(2026, 11, 1), day(2026, 11, 30)), 21);
        assert_eq!(h.working_days(day(2026, 12, 1), day(2026, 12, 31)), 22);
        // January 2027: 21 weekdays, New Year on a Friday.
        assert_eq!(h.working_days(day(2027, 1, 1), day(2027, 1, 31)), 20);
        assert_eq!(h.working_days(day(2026, 11, 30), day(2026, 12, 1)), 2);
        assert_eq!(h.working_days(day(2026, 12, 2), day(2026, 12, 1)), 0);
    }

    #[test]
    fn effort_is_spread_over_the_working_days_of_the_window() {
        let h = Horizon::new(day(2026, 11, 1), 3, true);
        // 33 person-days from 16 November to 31 December: 11 + 22 working days = 33.
        let parts = h.spread(33.0, day(2026, 11, 16), day(2026, 12, 31));
        assert_eq!(parts, [11.0, 22.0, 0.0]);
        let nothing = h.spread(10.0, day(2026, 12, 26), day(2026, 12, 27));
        assert_eq!(nothing, [0.0, 0.0, 0.0], "a weekend holds no work");
    }

    #[test]
    fn capacity_follows_fte_and_availability() {
        let h = Horizon::new(day(2026, 11, 1), 2, true);
        let start = day(2026, 11, 1);
        let full = person(1, 1.0);
        assert!((capacity(&full, LoadSettings::default(), &h, 0, start) - 17.25).abs() < 1e-9);
        // From 16 November on only 11 of 21 working days are left.
        let late = capacity(&full, LoadSettings::default(), &h, 0, day(2026, 11, 16));
        assert!((late - 17.25 * 11.0 / 21.0).abs() < 1e-9);
        let mut half = person(2, 0.5);
        // Available from 16 November: 11 of 21 working days.
        half.available_from = Some(day(2026, 11, 16));
        let expected = 0.5 * 207.0 / 12.0 * 11.0 / 21.0;
        assert!((capacity(&half, LoadSettings::default(), &h, 0, start) - expected).abs() < 1e-9);
        assert!((capacity(&half, LoadSettings::default(), &h, 1, start) - 8.625).abs() < 1e-9);
    }

    #[test]
    fn load_of_people_and_the_unassigned_rest() {
        let h = Horizon::new(day(2026, 11, 1), 2, true);
        let today = day(2026, 11, 16);
        let mut p = Project::new(7, "Wohngeld", 4);
        p.planned_start = Some(day(2026, 10, 1));
        p.planned_end = Some(day(2026, 12, 31));
        // Steps 1–3 done (and 6 dropped): 7 of 11 steps remain.
        for i in [0, 1, 2, 5] {
            p.steps[i].status = if i == 5 {
                StepStatus::Dropped
            } else {
                StepStatus::Done
            };
        }
        let staff = [person(1, 1.0)];
        let assignments = [Assignment {
            staff: 1,
            project: 7,
            person_days: 22.0,
        }];
        let rows = load_table(
            &staff,
            &assignments,
            &[p],
            LoadSettings::default(),
            today,
            &h,
        );
        assert_eq!(rows.len(), 2);
        // 22 PT × 7/11 = 14 PT over 33 working days from today: 11 in November, 22 in December.
        let person = &rows[0];
        assert!((person.planned[0] - 14.0 * 11.0 / 33.0).abs() < 1e-9);
        assert!((person.planned[1] - 14.0 * 22.0 / 33.0).abs() < 1e-9);
        assert!(
            (person.capacity[0] - 17.25 * 11.0 / 21.0).abs() < 1e-9,
            "from today on"
        );
        let pct = person.percent(1).unwrap();
        assert!((pct - 100.0 * (14.0 * 22.0 / 33.0) / 17.25).abs() < 1e-9);
        // The rest of the project's 29 PT: 7 PT × 7/11, nobody assigned.
        let rest = &rows[1];
        assert_eq!(rest.key, LoadKey::Unassigned);
        let total: f64 = rest.planned.iter().sum();
        assert!((total - 7.0 * 7.0 / 11.0).abs() < 1e-9);
        assert_eq!(rest.percent(0), None);
    }
}
