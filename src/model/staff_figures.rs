//! The figures of the staff charts: planned load against capacity per month (by unit when
//! anonymised, else by person), the remaining work worn down by the capacity of all positions,
//! and the positions needed for each target date. Computed over all projects; the filter of
//! the overview does not apply to people.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::Workspace;
use super::load::{
    Horizon, LoadKey, anonymous_labels, capacity, remaining_share, remaining_window, workspace_load,
};
use super::project::ProjectId;
use super::staffing::{ScenarioInput, ScenarioResult, years_between};

/// Months of the load chart.
pub const LOAD_MONTHS: usize = 12;
/// People shown by name in the load chart before the rest is "weitere Personen".
const NAMED_PEOPLE: usize = 7;
/// How far the remaining work and the scenario curve look ahead, in months.
const HORIZON_MONTHS: usize = 120;

/// Planned person-days per month of one segment of the stacked bars.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadGroup {
    pub label: String,
    pub planned: Vec<f64>,
    pub capacity: Vec<f64>,
}

/// The remaining work worn down month by month by the capacity of all positions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Remaining {
    /// First day of each month from the current one.
    pub months: Vec<NaiveDate>,
    /// Person-days still to do at the end of each month.
    pub left: Vec<f64>,
    /// Capacity of each month, person-days.
    pub capacity: Vec<f64>,
    /// Person-days at the start.
    pub start: f64,
    /// The day the work is done, within ten years.
    pub finish: Option<NaiveDate>,
    /// The target date of the arithmetic.
    pub target: NaiveDate,
}

/// Positions needed for each target date, and the positions at hand.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScenarioCurve {
    /// Target date and full-time positions needed to finish by it.
    pub points: Vec<(NaiveDate, f64)>,
    /// Positions at hand (vacant ones included).
    pub at_hand: f64,
    /// The arithmetic for the default target date, if its inputs are valid.
    pub result: Option<ScenarioResult>,
    pub input: Option<ScenarioInput>,
}

/// The planned load and capacity of the organisational or the technical units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KindLoad {
    pub technical: bool,
    /// The units of this kind with staff, in order ("100.1").
    pub units: Vec<String>,
    /// The segments of the stacked bars: people, or units when anonymised.
    pub groups: Vec<LoadGroup>,
    /// This kind's effort of projects with nobody of the kind assigned, per month.
    pub unassigned: Vec<f64>,
    /// Capacity per month.
    pub capacity: Vec<f64>,
}

impl KindLoad {
    /// "Organisation (100.1)" or "Technik (100.2)".
    pub fn title(&self) -> String {
        let kind = if self.technical {
            "Technik"
        } else {
            "Organisation"
        };
        if self.units.is_empty() {
            kind.to_owned()
        } else {
            format!("{kind} ({})", self.units.join(", "))
        }
    }

    /// All planned work of month `m`: assigned and unassigned.
    pub fn demand(&self, m: usize) -> f64 {
        self.groups
            .iter()
            .filter_map(|g| g.planned.get(m))
            .sum::<f64>()
            + self.unassigned.get(m).copied().unwrap_or(0.0)
    }

    /// Whether month `m` holds more work than capacity.
    pub fn is_overloaded(&self, m: usize) -> bool {
        self.demand(m) > self.capacity.get(m).copied().unwrap_or(0.0) + 0.05
    }
}

/// The figures of the staff charts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StaffFigures {
    /// Whether the load is shown by unit instead of by person.
    pub anonymised: bool,
    /// Whether there are any staff at all.
    pub has_staff: bool,
    /// Productive days per full-time position and year.
    pub days_per_year: f64,
    /// First day of each month of the load chart.
    pub months: Vec<NaiveDate>,
    /// Organisational units first, then technical.
    pub kinds: Vec<KindLoad>,
    pub remaining: Remaining,
    pub scenario: ScenarioCurve,
}

impl StaffFigures {
    /// Computes the staff figures for `today`.
    pub fn compute(ws: &Workspace, today: NaiveDate, anonymised: bool) -> Self {
        let settings = ws.staffing().load();
        let (h, rows) = workspace_load(ws, settings, today, LOAD_MONTHS);
        let zero = vec![0.0; h.months.len()];
        let anonymous = anonymous_labels(ws.staff());
        let mut kinds: Vec<KindLoad> = [false, true]
            .into_iter()
            .map(|technical| KindLoad {
                technical,
                units: Vec::new(),
                groups: Vec::new(),
                unassigned: unassigned_of_kind(ws, &h, today, technical),
                capacity: zero.clone(),
            })
            .collect();
        for r in &rows {
            let LoadKey::Person(id) = r.key else {
                continue;
            };
            let Some(m) = ws.staff_member(id) else {
                continue;
            };
            let technical = ws.staffing().is_technical(&m.unit);
            let Some(kind) = kinds.get_mut(usize::from(technical)) else {
                continue;
            };
            if !kind.units.contains(&m.unit) {
                kind.units.push(m.unit.clone());
            }
            add(&mut kind.capacity, &r.capacity);
            let label = if anonymised {
                anonymous.get(&m.unit).cloned().unwrap_or_default()
            } else {
                m.display_name()
            };
            match kind.groups.iter_mut().find(|g| g.label == label) {
                Some(g) => {
                    add(&mut g.planned, &r.planned);
                    add(&mut g.capacity, &r.capacity);
                }
                None => kind.groups.push(LoadGroup {
                    label,
                    planned: r.planned.clone(),
                    capacity: r.capacity.clone(),
                }),
            }
        }
        for kind in &mut kinds {
            kind.units.sort();
            // Capacity without planned work is in the kind's capacity; it needs no segment.
            kind.groups.retain(|g| g.planned.iter().any(|v| *v > 0.0));
            if anonymised {
                kind.groups.sort_by(|a, b| a.label.cmp(&b.label));
            } else {
                kind.groups = named_people(std::mem::take(&mut kind.groups), zero.clone());
            }
        }
        let input = ScenarioInput::of_workspace(ws, today);
        Self {
            anonymised,
            has_staff: !ws.staff().is_empty(),
            days_per_year: settings.days_per_year,
            months: h.months.clone(),
            kinds,
            remaining: remaining(ws, &input, today),
            scenario: scenario_curve(&input),
        }
    }

    /// Months in which some kind of unit has more work planned than capacity.
    pub fn overloaded_months(&self) -> usize {
        (0..self.months.len())
            .filter(|&m| self.kinds.iter().any(|k| k.is_overloaded(m)))
            .count()
    }
}

/// The organisational (or technical) effort of the remaining steps of projects that nobody of
/// that kind is assigned to, spread over the projects' windows.
fn unassigned_of_kind(ws: &Workspace, h: &Horizon, today: NaiveDate, technical: bool) -> Vec<f64> {
    let mut assigned: HashMap<ProjectId, f64> = HashMap::new();
    for a in ws.assignments() {
        if ws
            .staff_member(a.staff)
            .is_some_and(|m| ws.staffing().is_technical(&m.unit) == technical)
        {
            *assigned.entry(a.project).or_insert(0.0) += a.person_days;
        }
    }
    let mut out = vec![0.0; h.months.len()];
    for p in ws.projects() {
        let Some((from, until)) = remaining_window(p, today) else {
            continue;
        };
        let effort = if technical {
            p.effort_tech_person_days
        } else {
            p.effort_org_person_days
        };
        let open = (effort - assigned.get(&p.id).copied().unwrap_or(0.0)).max(0.0);
        add(&mut out, &h.spread(open * remaining_share(p), from, until));
    }
    out
}

fn add(into: &mut [f64], values: &[f64]) {
    for (a, b) in into.iter_mut().zip(values) {
        *a += b;
    }
}

/// The people with the most planned work by name, the rest as one segment, in the order of
/// their planned work.
fn named_people(mut groups: Vec<LoadGroup>, zero: Vec<f64>) -> Vec<LoadGroup> {
    let total = |g: &LoadGroup| g.planned.iter().sum::<f64>();
    groups.sort_by(|a, b| total(b).total_cmp(&total(a)));
    if groups.len() <= NAMED_PEOPLE + 1 {
        return groups;
    }
    let rest = groups.split_off(NAMED_PEOPLE);
    let mut others = LoadGroup {
        label: format!("{} weitere Personen", rest.len()),
        planned: zero.clone(),
        capacity: zero,
    };
    for g in &rest {
        add(&mut others.planned, &g.planned);
        add(&mut others.capacity, &g.capacity);
    }
    groups.push(others);
    groups
}

/// The remaining work of the arithmetic, less the capacity of every position month by month
/// (positions count from their start, not after their end).
fn remaining(ws: &Workspace, input: &ScenarioInput, today: NaiveDate) -> Remaining {
    let settings = ws.staffing().load();
    let h = Horizon::new(today, HORIZON_MONTHS, settings.holidays);
    let start = input.projects * (input.effort_org + input.effort_tech);
    let mut left = Vec::with_capacity(h.months.len());
    let mut caps = Vec::with_capacity(h.months.len());
    let mut rest = start;
    let mut finish = None;
    for (m, first) in h.months.iter().enumerate() {
        let cap: f64 = ws
            .staff()
            .iter()
            .map(|s| capacity(s, settings, &h, m, today))
            .sum();
        if finish.is_none() && rest > 0.0 && cap >= rest {
            // Within the month, in proportion to the capacity used.
            let days = days_in_month(*first);
            let from = if m == 0 { today.day0() } else { 0 };
            let share = rest / cap;
            let offset = f64::from(from) + share * f64::from(days - from);
            finish = first.checked_add_days(chrono::Days::new(offset.floor() as u64));
        }
        rest = (rest - cap).max(0.0);
        caps.push(cap);
        left.push(rest);
        if rest == 0.0 && finish.is_some() && m >= LOAD_MONTHS {
            break;
        }
    }
    let months = h.months.iter().take(left.len()).copied().collect();
    Remaining {
        months,
        left,
        capacity: caps,
        start,
        finish: if start == 0.0 { Some(today) } else { finish },
        target: input.until,
    }
}

fn days_in_month(first: NaiveDate) -> u32 {
    first
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .map_or(30, |d| d.day())
}

/// Positions needed to finish by each quarter's end from half a year after the start to ten
/// years, the positions at hand and the arithmetic for the input's own target date.
pub fn scenario_curve(input: &ScenarioInput) -> ScenarioCurve {
    let yearly = input.days_per_year.max(1.0);
    let work = input.projects * (input.effort_org + input.effort_tech);
    let start = input.from;
    let first_quarter =
        NaiveDate::from_ymd_opt(start.year(), (start.month0() / 3) * 3 + 1, 1).unwrap_or(start);
    let points = (2..=40u32)
        .filter_map(|q| {
            let end = first_quarter
                .checked_add_months(Months::new(3 * q))?
                .pred_opt()?;
            let years = years_between(input.from, end);
            (years > 0.0).then(|| (end, work / yearly / years))
        })
        .collect();
    ScenarioCurve {
        points,
        at_hand: input.positions,
        result: input.compute().ok(),
        input: Some(input.clone()),
    }
}
