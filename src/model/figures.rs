//! The numbers a committee is shown: key figures and the data behind every chart, computed from
//! the workspace for all services in municipal scope or for a filter of office and Themenfeld.
//! Plain functions over plain data, so the numbers can be checked without drawing.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};

use super::format::{counted, date, decimal, month_year, percent, thousands};
use super::project::{Health, Project, STEP_COUNT};
use super::ranking::{EntryIdentity, Movement, RankingInput, Section, compare_with, rank};
use super::staff_figures::StaffFigures;
use super::{OfficeId, ProjectId, Service, SnapshotId, Workspace};

/// Which services and projects the figures cover.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Only services of this office, and projects it leads or that hold its services.
    pub office: Option<OfficeId>,
    /// Only services of this Themenfeld, and projects that hold such services.
    pub themenfeld: Option<String>,
}

impl Filter {
    /// Whether a service passes the filter (scope is checked apart).
    pub fn matches_service(&self, ws: &Workspace, s: &Service) -> bool {
        let office_ok = self.office.is_none_or(|o| s.office_id == Some(o));
        let themenfeld_ok = self.themenfeld.as_deref().is_none_or(|tf| {
            s.ozg_id
                .as_deref()
                .and_then(|id| ws.ozg_service(id))
                .is_some_and(|o| o.themenfeld == tf)
        });
        office_ok && themenfeld_ok
    }

    /// Whether a project passes the filter, given the services it holds.
    pub fn matches_project(&self, ws: &Workspace, p: &Project, services: &[&Service]) -> bool {
        if self.office.is_none() && self.themenfeld.is_none() {
            return true;
        }
        let led =
            self.office.is_some_and(|o| p.lead_office == Some(o)) && self.themenfeld.is_none();
        led || services.iter().any(|s| self.matches_service(ws, s))
    }

    /// "Amt 420 · Themenfeld Familie & Kind", or empty without a filter.
    pub fn label(&self, ws: &Workspace) -> String {
        let mut parts = Vec::new();
        if let Some(o) = self.office.and_then(|id| ws.office(id)) {
            parts.push(format!("Amt {}", o.label()));
        }
        if let Some(tf) = &self.themenfeld {
            parts.push(format!("Themenfeld {tf}"));
        }
        parts.join(" · ")
    }
}

/// Services per maturity level, now and at target.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MaturityCounts {
    /// Level labels, level 0 first.
    pub labels: Vec<String>,
    /// The legal minimum level.
    pub legal_minimum: i64,
    /// Services per current level (levels off the scale counted at the nearest end).
    pub current: Vec<usize>,
    /// Services per target level.
    pub target: Vec<usize>,
    /// Services in municipal scope that pass the filter.
    pub in_scope: usize,
    /// Of these, at or above the legal minimum.
    pub at_minimum: usize,
    /// Of these, at or above their own target.
    pub at_target: usize,
}

/// Projects at one step (or in operation), with the late and red among them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepBar {
    /// Projects whose current step this is.
    pub projects: usize,
    /// Of these, overdue.
    pub overdue: usize,
    /// Of these, with a red traffic light.
    pub red: usize,
}

/// Projects by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProjectStates {
    /// Projects of the filter.
    pub total: usize,
    /// Every step done or dropped.
    pub in_operation: usize,
    /// At least one step done, dropped or in progress, not yet in operation.
    pub in_progress: usize,
    /// Every step still open.
    pub not_started: usize,
    /// A step or the planned end is late.
    pub overdue: usize,
    /// With a red traffic light.
    pub red: usize,
}

/// The pace of the last complete months: projects that went into operation per month.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pace {
    /// Mean over the months looked at.
    pub mean: f64,
    /// The fewest projects that went into operation in one of these months.
    pub slowest: usize,
    /// The most in one of these months.
    pub fastest: usize,
    /// How many complete months the pace is taken from (at most six).
    pub months: usize,
}

/// The burn-up: per month, projects in operation against the scope and the plan, and the
/// services at or above the legal minimum.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Burnup {
    /// First day of each month, from the first month with data to the current month.
    pub months: Vec<NaiveDate>,
    /// Projects in operation at the end of each month (the current month: today).
    pub done: Vec<usize>,
    /// Projects planned by then (planned start reached or no start date).
    pub scope: Vec<usize>,
    /// First day of each month of the plan, from the first month to the last planned end.
    pub plan_months: Vec<NaiveDate>,
    /// Projects whose planned end lies in or before each plan month.
    pub plan: Vec<usize>,
    /// Services in scope at or above the legal minimum at the end of each month.
    pub services_at_minimum: Vec<usize>,
    /// Services in scope (the top of the services panel).
    pub services_in_scope: usize,
    pub pace: Option<Pace>,
    /// When the remaining projects are done at the mean pace; `None` when the pace is zero.
    pub finish: Option<NaiveDate>,
    /// The same at the fastest month's pace.
    pub finish_fast: Option<NaiveDate>,
    /// The same at the slowest month's pace.
    pub finish_slow: Option<NaiveDate>,
    /// The latest planned end.
    pub plan_finish: Option<NaiveDate>,
    /// All projects (of the filter), started or not.
    pub total: usize,
    /// Of these, in operation today.
    pub in_operation: usize,
}

impl Burnup {
    /// Projects not yet in operation.
    pub fn remaining(&self) -> usize {
        self.total.saturating_sub(self.in_operation)
    }
}

/// One office's services by maturity level.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OfficeBand {
    /// "420".
    pub number: String,
    /// "420 – Name" where the office has a name.
    pub label: String,
    /// The office is deferred (zurückgestellt).
    pub deferred: bool,
    /// The office is a pilot.
    pub pilot: bool,
    /// Services per current level.
    pub per_level: Vec<usize>,
    /// Services of the office in scope.
    pub total: usize,
    /// Share of the office's services below the legal minimum.
    pub below_share: f64,
}

/// One line of the Top-N list.
#[derive(Clone, Debug, PartialEq)]
pub struct TopRow {
    /// The position in the ranking (of all services, also under a filter).
    pub rank: usize,
    /// The service's (or OZG service's) name.
    pub name: String,
    /// The office number.
    pub office: String,
    /// Score 0–100.
    pub score: f64,
    /// Set to its place by hand.
    pub pinned: bool,
    /// Movement against the chosen snapshot; `None` without a comparable snapshot.
    pub movement: Option<Movement>,
}

/// The Top-N of the ranking with the comparison against a snapshot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TopList {
    /// The length of the list (the Top-N setting).
    pub n: usize,
    /// The entries of the list that pass the filter.
    pub rows: Vec<TopRow>,
    /// "28.11.2026 – Ausschuss" of the snapshot compared with.
    pub snapshot: Option<String>,
    /// Entries new in the Top-N since the snapshot.
    pub new_in_top: usize,
    /// Snapshot entries that left the Top-N, by their old label.
    pub dropped: Vec<String>,
    /// The snapshot chosen was made with other grouping and cannot be compared.
    pub not_comparable: bool,
}

/// A project line of the report: overdue or red, or newly in operation.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectLine {
    /// The project.
    pub id: ProjectId,
    /// Its name.
    pub name: String,
    /// The lead office's number.
    pub office: String,
    /// "4 Prozessoptimierung (Soll)" or "in Betrieb".
    pub step: String,
    /// The traffic light.
    pub health: Health,
    /// The traffic light's comment.
    pub comment: String,
    /// A step or the planned end is late.
    pub overdue: bool,
    /// The planned end.
    pub planned_end: Option<NaiveDate>,
    /// The day it went into operation.
    pub go_live: Option<NaiveDate>,
}

/// Everything the overview, the charts and the report show, computed once per data revision.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    /// The day the figures are computed for.
    pub today: NaiveDate,
    /// The date the data stands at ("Datenstand").
    pub data_date: NaiveDate,
    /// The filter in words; empty for all services in scope.
    pub filter_label: String,
    /// Whether the file holds the reference scenario's example values.
    pub example_data: bool,
    /// Services per maturity level.
    pub maturity: MaturityCounts,
    /// Index 0–10: projects at steps 1–11; index 11: in operation.
    pub steps: Vec<StepBar>,
    /// Projects by state.
    pub projects: ProjectStates,
    /// The burn-up with plan and forecast.
    pub progress: Burnup,
    /// Offices by the share of services below the minimum, highest first.
    pub offices: Vec<OfficeBand>,
    /// The Top-N with its movement.
    pub top: TopList,
    /// Overdue or red projects, red first.
    pub risks: Vec<ProjectLine>,
    /// Projects in operation, latest go-live first.
    pub live: Vec<ProjectLine>,
    /// Staff load, remaining work against capacity, positions per target date.
    pub staff: StaffFigures,
}

/// What the figures are computed for.
#[derive(Clone, Debug, Default)]
pub struct FigureInput {
    /// Office and Themenfeld, or all services in scope.
    pub filter: Filter,
    /// The day to compute for (overdue, forecast).
    pub today: NaiveDate,
    /// The date the data stands at.
    pub data_date: NaiveDate,
    /// The snapshot the Top-N is compared with; `None`: the latest snapshot, if any.
    pub snapshot: Option<SnapshotId>,
    /// Staff load by person instead of by unit (anonymised, the default).
    pub named_staff: bool,
}

impl Figures {
    /// Computes every figure for the input.
    pub fn compute(ws: &Workspace, input: &FigureInput) -> Self {
        let filter = &input.filter;
        let in_scope: Vec<&Service> = ws
            .services()
            .iter()
            .filter(|s| s.municipal && filter.matches_service(ws, s))
            .collect();
        let mut members: HashMap<ProjectId, Vec<&Service>> = HashMap::new();
        for s in ws.services() {
            if let Some(p) = s.project_id {
                members.entry(p).or_default().push(s);
            }
        }
        let projects: Vec<&Project> = ws
            .projects()
            .iter()
            .filter(|p| {
                let m = members.get(&p.id).map_or(&[][..], Vec::as_slice);
                filter.matches_project(ws, p, m)
            })
            .collect();
        let go_live: HashMap<ProjectId, NaiveDate> = projects
            .iter()
            .filter_map(|p| Some((p.id, go_live_date(ws, p)?.min(input.today))))
            .collect();
        let mut figures = Self {
            today: input.today,
            data_date: input.data_date,
            filter_label: filter.label(ws),
            example_data: ws.is_reference,
            maturity: maturity_counts(ws, &in_scope),
            steps: step_bars(&projects, input.today),
            projects: project_states(&projects, input.today),
            progress: burnup(ws, &projects, &in_scope, &go_live, input.today),
            offices: office_bands(ws, &in_scope),
            top: top_list(ws, filter, input.snapshot),
            risks: Vec::new(),
            live: Vec::new(),
            staff: StaffFigures::compute(ws, input.today, !input.named_staff),
        };
        figures.risks = risk_lines(ws, &projects, input.today);
        figures.live = live_lines(ws, &projects, &go_live, input.today);
        figures
    }
}

/// A key figure: a label, the value, and a detail in smaller print.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    /// What the figure is.
    pub label: String,
    /// The figure.
    pub value: String,
    /// Its share, breakdown or source, in smaller print.
    pub detail: String,
}

impl Card {
    fn new(label: impl Into<String>, value: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            detail: detail.into(),
        }
    }
}

/// The label of the forecast's card.
pub const FORECAST: &str = "Prognose";

impl Figures {
    /// The traffic light of the forecast against the plan: in the month of the planned end or
    /// before, up to six months later, later or no end in sight; `None` without projects.
    pub fn forecast_light(&self) -> Option<(Health, String)> {
        let b = &self.progress;
        if b.scope.last().copied().unwrap_or(0) == 0 {
            return None;
        }
        if b.remaining() == 0 {
            return Some((Health::Green, "Alle Projekte sind in Betrieb.".to_owned()));
        }
        // Without a complete month there is no pace to judge by.
        b.pace?;
        let months = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        Some(match (b.finish, b.plan_finish) {
            (Some(f), Some(plan)) if months(f) <= months(plan) => (
                Health::Green,
                format!(
                    "Im Tempo der letzten Monate werden alle Projekte bis {} fertig, im Plan (Plan-Ende {}).",
                    month_year(f),
                    date(plan)
                ),
            ),
            (Some(f), Some(plan)) => {
                let late = months(f) - months(plan);
                (
                    if late <= 6 {
                        Health::Yellow
                    } else {
                        Health::Red
                    },
                    format!(
                        "Im Tempo der letzten Monate werden alle Projekte erst im {} fertig, {} nach dem Plan-Ende {}.",
                        month_year(f),
                        counted(late.max(1) as usize, "Monat", "Monate"),
                        date(plan)
                    ),
                )
            }
            (Some(f), None) => (
                Health::Yellow,
                format!(
                    "Im Tempo der letzten Monate werden alle Projekte im {} fertig; ein Plan-Ende ist nicht erfasst.",
                    month_year(f)
                ),
            ),
            (None, _) => (
                Health::Red,
                "Im Tempo der letzten sechs Monate ist kein Ende absehbar.".to_owned(),
            ),
        })
    }

    /// The key figures of the overview and the report's first page, with their denominators.
    pub fn cards(&self) -> Vec<Card> {
        let m = &self.maturity;
        let st = &self.projects;
        let of = |k: usize| {
            format!(
                "{} von {}",
                thousands(k as i64),
                thousands(m.in_scope as i64)
            )
        };
        let share = |k: usize| percent(k as f64 / m.in_scope.max(1) as f64, 0);
        let mut cards = vec![
            Card::new(
                "Leistungen im kommunalen Umfang",
                thousands(m.in_scope as i64),
                "",
            ),
            Card::new(
                format!(
                    "am gesetzlichen Minimum (Stufe {}) oder höher",
                    m.legal_minimum
                ),
                of(m.at_minimum),
                share(m.at_minimum),
            ),
            Card::new(
                "am eigenen Ziel-Reifegrad",
                of(m.at_target),
                share(m.at_target),
            ),
            Card::new(
                "Projekte in Betrieb",
                format!(
                    "{} von {}",
                    thousands(st.in_operation as i64),
                    thousands(st.total as i64)
                ),
                format!(
                    "{} in Umsetzung, {} nicht begonnen",
                    thousands(st.in_progress as i64),
                    thousands(st.not_started as i64)
                ),
            ),
            Card::new(
                "Projekte überfällig / rot",
                format!(
                    "{} / {}",
                    thousands(st.overdue as i64),
                    thousands(st.red as i64)
                ),
                "überfällig / mit roter Ampel",
            ),
        ];
        let b = &self.progress;
        let light = self
            .forecast_light()
            .map_or_else(String::new, |(h, _)| format!("Ampel {}", h.label()));
        let join = |a: String, b: String| match (a.is_empty(), b.is_empty()) {
            (_, true) => a,
            (true, false) => b,
            (false, false) => format!("{a} · {b}"),
        };
        cards.push(match (st.total, b.remaining(), b.finish, b.pace) {
            (0, _, _, _) => Card::new(FORECAST, "keine Projekte", ""),
            (_, 0, _, _) => Card::new(FORECAST, "alle in Betrieb", light),
            (_, _, _, None) => Card::new(FORECAST, "noch keine", "noch kein voller Monat erfasst"),
            (_, _, Some(f), Some(p)) => Card::new(
                FORECAST,
                format!("fertig {}", month_year(f)),
                join(format!("{} Projekte/Monat", decimal(p.mean, 1)), light),
            ),
            _ => Card::new(FORECAST, "kein Ende absehbar", light),
        });
        let t = &self.top;
        cards.push(match &t.snapshot {
            Some(s) if t.not_comparable => Card::new(
                format!("Top {}", t.n),
                "nicht vergleichbar",
                format!("Stand {s} anders gruppiert"),
            ),
            Some(s) => Card::new(
                format!("Top {} seit Stand", t.n),
                format!(
                    "{} neu, {} heraus",
                    thousands(t.new_in_top as i64),
                    thousands(t.dropped.len() as i64)
                ),
                format!("Stand {s}"),
            ),
            None => Card::new(
                format!("Top {}", t.n),
                "kein Vergleich",
                "noch kein eingefrorener Stand",
            ),
        });
        let sc = &self.staff.scenario;
        if let (Some(input), Some(r)) = (&sc.input, &sc.result) {
            let at_hand = decimal(sc.at_hand, usize::from(sc.at_hand.fract() != 0.0));
            cards.push(Card::new(
                format!("Stellen bis {}", date(input.until)),
                format!("{} nötig", decimal(r.fte_needed, 1)),
                match r.finish_date {
                    Some(f) => format!("{at_hand} vorhanden · damit fertig {}", month_year(f)),
                    None => format!("{at_hand} vorhanden"),
                },
            ));
        }
        cards
    }
}

/// The day a project went into operation: its go-live date, else its last step completion,
/// else its last recorded change; `None` while it is not in operation.
pub fn go_live_date(ws: &Workspace, p: &Project) -> Option<NaiveDate> {
    if !p.is_in_operation() {
        return None;
    }
    p.go_live
        .or_else(|| p.steps.iter().filter_map(|s| s.completed).max())
        .or_else(|| {
            ws.project_history()
                .iter()
                .filter(|h| h.project == p.id)
                .map(|h| h.changed_on)
                .max()
        })
}

fn level_index(level: i64, max: usize) -> usize {
    usize::try_from(level.max(0)).unwrap_or(0).min(max)
}

fn maturity_counts(ws: &Workspace, in_scope: &[&Service]) -> MaturityCounts {
    let scale = &ws.maturity;
    let levels = scale.labels.len().max(1);
    let mut m = MaturityCounts {
        labels: scale.labels.clone(),
        legal_minimum: scale.legal_minimum,
        current: vec![0; levels],
        target: vec![0; levels],
        in_scope: in_scope.len(),
        ..MaturityCounts::default()
    };
    for s in in_scope {
        if let Some(c) = m
            .current
            .get_mut(level_index(s.current_maturity, levels - 1))
        {
            *c += 1;
        }
        if let Some(c) = m.target.get_mut(level_index(s.target_maturity, levels - 1)) {
            *c += 1;
        }
        if s.current_maturity >= scale.legal_minimum {
            m.at_minimum += 1;
        }
        if s.current_maturity >= s.target_maturity {
            m.at_target += 1;
        }
    }
    m
}

fn step_bars(projects: &[&Project], today: NaiveDate) -> Vec<StepBar> {
    let mut bars = vec![StepBar::default(); STEP_COUNT + 1];
    for p in projects {
        let i = p.current_step().map_or(STEP_COUNT, |n| n - 1);
        if let Some(b) = bars.get_mut(i) {
            b.projects += 1;
            b.overdue += usize::from(p.is_overdue(today));
            b.red += usize::from(p.health == Health::Red);
        }
    }
    bars
}

fn project_states(projects: &[&Project], today: NaiveDate) -> ProjectStates {
    let mut st = ProjectStates {
        total: projects.len(),
        ..ProjectStates::default()
    };
    for p in projects {
        if p.is_in_operation() {
            st.in_operation += 1;
        } else if p
            .steps
            .iter()
            .all(|s| s.status == super::project::StepStatus::Open)
        {
            st.not_started += 1;
        } else {
            st.in_progress += 1;
        }
        st.overdue += usize::from(p.is_overdue(today));
        st.red += usize::from(p.health == Health::Red);
    }
    st
}

/// The first day of the month of `d`.
pub fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The last day of the month starting at `first`.
fn month_end(first: NaiveDate) -> NaiveDate {
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first)
}

fn next_month(first: NaiveDate) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(1))
}

/// The first days of the months from `first` to `last`.
fn months_between(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut months = Vec::new();
    let mut month = Some(first);
    while let Some(m) = month.filter(|m| *m <= last) {
        months.push(m);
        month = next_month(m);
    }
    months
}

/// The furthest a forecast or plan is drawn: ten years ahead.
const FORECAST_YEARS: u32 = 10;
/// The furthest back the history is drawn (a mistyped year must not make it endless).
const HISTORY_YEARS: u32 = 10;

fn burnup(
    ws: &Workspace,
    projects: &[&Project],
    in_scope: &[&Service],
    go_live: &HashMap<ProjectId, NaiveDate>,
    today: NaiveDate,
) -> Burnup {
    let this_month = month_start(today);
    let ids: std::collections::HashSet<ProjectId> = projects.iter().map(|p| p.id).collect();
    let history_start = projects
        .iter()
        .flat_map(|p| {
            p.planned_start
                .into_iter()
                .chain(go_live.get(&p.id).copied())
                .chain(p.steps.iter().filter_map(|s| s.completed))
        })
        .chain(
            ws.project_history()
                .iter()
                .filter(|h| ids.contains(&h.project))
                .map(|h| h.changed_on),
        )
        .filter(|d| *d <= today)
        .min();
    let earliest = this_month
        .checked_sub_months(Months::new(12 * HISTORY_YEARS))
        .unwrap_or(this_month);
    let first = history_start.map_or(this_month, month_start).max(earliest);
    let mut b = Burnup {
        services_in_scope: in_scope.len(),
        total: projects.len(),
        in_operation: projects.iter().filter(|p| p.is_in_operation()).count(),
        months: months_between(first, this_month),
        ..Burnup::default()
    };
    let by = |end: NaiveDate| -> usize { go_live.values().filter(|d| **d <= end).count() };
    let scope_by = |end: NaiveDate| -> usize {
        projects
            .iter()
            .filter(|p| p.planned_start.is_none_or(|s| s <= end))
            .count()
    };
    // Services at the minimum: those raised by a project count from its go-live, the others
    // (already there before any project) from the start.
    let minimum = ws.maturity.legal_minimum;
    let raised_on: Vec<Option<NaiveDate>> = in_scope
        .iter()
        .filter(|s| s.current_maturity >= minimum)
        .map(|s| s.project_id.and_then(|p| go_live.get(&p).copied()))
        .collect();
    for &m in &b.months {
        let end = month_end(m).min(today);
        b.done.push(by(end));
        // Today the scope is every project, also those whose start lies ahead.
        b.scope.push(if m == this_month {
            b.total
        } else {
            scope_by(end)
        });
        b.services_at_minimum.push(
            raised_on
                .iter()
                .filter(|d| d.is_none_or(|d| d <= end))
                .count(),
        );
    }
    b.plan_finish = projects.iter().filter_map(|p| p.planned_end).max();
    let horizon = this_month
        .checked_add_months(Months::new(12 * FORECAST_YEARS))
        .unwrap_or(this_month);
    let plan_last = b
        .plan_finish
        .map_or(this_month, month_start)
        .clamp(this_month, horizon);
    b.plan_months = months_between(first, plan_last);
    b.plan = b
        .plan_months
        .iter()
        .map(|&m| {
            let end = month_end(m);
            projects
                .iter()
                .filter(|p| p.planned_end.is_some_and(|d| d <= end))
                .count()
        })
        .collect();
    // The pace of the last six complete months (fewer when the history is shorter).
    let done_at = |m: NaiveDate| -> usize { by(month_end(m)) };
    let mut increments = Vec::new();
    let mut m = this_month;
    for _ in 0..6 {
        let Some(prev) = m.checked_sub_months(Months::new(1)) else {
            break;
        };
        if prev < first {
            break;
        }
        let before = prev
            .checked_sub_months(Months::new(1))
            .map_or(0, |pp| if pp < first { 0 } else { done_at(pp) });
        increments.push(done_at(prev).saturating_sub(before));
        m = prev;
    }
    if !increments.is_empty() {
        let mean = increments.iter().sum::<usize>() as f64 / increments.len() as f64;
        let pace = Pace {
            mean,
            slowest: increments.iter().copied().min().unwrap_or(0),
            fastest: increments.iter().copied().max().unwrap_or(0),
            months: increments.len(),
        };
        let remaining = b.remaining() as f64;
        let at = |per_month: f64| -> Option<NaiveDate> { finish_date(today, remaining, per_month) };
        b.finish = at(pace.mean);
        b.finish_fast = at(pace.fastest as f64);
        b.finish_slow = at(pace.slowest as f64);
        b.pace = Some(pace);
    }
    b
}

/// The day `remaining` projects are done at `per_month`, counted from `today`; `None` when
/// the pace is zero or the date lies beyond the forecast horizon.
pub fn finish_date(today: NaiveDate, remaining: f64, per_month: f64) -> Option<NaiveDate> {
    if remaining <= 0.0 {
        return Some(today);
    }
    if per_month <= 0.0 {
        return None;
    }
    let days = (remaining / per_month * 365.25 / 12.0).ceil() as i64;
    let date = today.checked_add_signed(chrono::Duration::days(days))?;
    (date.year() <= today.year() + FORECAST_YEARS as i32).then_some(date)
}

fn office_bands(ws: &Workspace, in_scope: &[&Service]) -> Vec<OfficeBand> {
    let levels = ws.maturity.labels.len().max(1);
    let minimum = ws.maturity.legal_minimum;
    let mut by_office: HashMap<OfficeId, OfficeBand> = HashMap::new();
    for s in in_scope {
        let Some(o) = s.office_id.and_then(|id| ws.office(id)) else {
            continue;
        };
        let band = by_office.entry(o.id).or_insert_with(|| OfficeBand {
            number: o.number.clone(),
            label: o.label(),
            deferred: o.deferred,
            pilot: o.pilot,
            per_level: vec![0; levels],
            ..OfficeBand::default()
        });
        if let Some(c) = band
            .per_level
            .get_mut(level_index(s.current_maturity, levels - 1))
        {
            *c += 1;
        }
        band.total += 1;
        if s.current_maturity < minimum {
            band.below_share += 1.0;
        }
    }
    let mut bands: Vec<OfficeBand> = by_office
        .into_values()
        .map(|mut b| {
            b.below_share /= b.total.max(1) as f64;
            b
        })
        .collect();
    bands.sort_by(|a, b| {
        b.below_share
            .total_cmp(&a.below_share)
            .then(b.total.cmp(&a.total))
            .then_with(|| super::collate::compare(&a.number, &b.number))
    });
    bands
}

fn top_list(ws: &Workspace, filter: &Filter, snapshot: Option<SnapshotId>) -> TopList {
    let settings = ws.ranking_settings();
    let ranking = rank(&RankingInput {
        services: ws.services(),
        offices: ws.offices(),
        criteria: ws.criteria(),
        settings,
    });
    let n = settings.top_n;
    let picked = match snapshot {
        Some(id) => ws.snapshots().iter().find(|s| s.id == id),
        None => ws.snapshots().last(),
    };
    let chosen = picked.filter(|s| s.settings.grouped == settings.grouped);
    let comparison = chosen.map(|snap| {
        let current: Vec<_> = ranking
            .entries
            .iter()
            .map(|e| (e.identity(ws.services()), e.section, e.rank))
            .collect();
        compare_with(&current, &snap.rows, n)
    });
    // Under a filter, only the entries of the filter count as new or dropped.
    let passes = |identity: &EntryIdentity| -> bool {
        (filter.office.is_none() && filter.themenfeld.is_none())
            || identity.any_service(ws, |s| filter.matches_service(ws, s))
    };
    let mut list = TopList {
        n,
        snapshot: picked.map(|s| s.label()),
        not_comparable: picked.is_some() && chosen.is_none(),
        new_in_top: comparison
            .as_ref()
            .map_or(0, |c| c.new_in_top.iter().filter(|i| passes(i)).count()),
        dropped: comparison.as_ref().map_or_else(Vec::new, |c| {
            c.dropped_from_top
                .iter()
                .filter(|r| passes(&r.identity))
                .map(|r| r.label.clone())
                .collect()
        }),
        rows: Vec::new(),
    };
    for e in ranking
        .entries
        .iter()
        .filter(|e| e.section == Section::Ranked && e.rank <= n)
    {
        let services: Vec<&Service> = e
            .members
            .iter()
            .filter_map(|&i| ws.services().get(i))
            .collect();
        if !services.iter().any(|s| filter.matches_service(ws, s)) {
            continue;
        }
        let Some(first) = services.first() else {
            continue;
        };
        let name = match &e.group {
            Some(ozg) => ws
                .ozg_service(ozg)
                .map_or_else(|| ozg.clone(), |o| o.name.clone()),
            None => first.name.clone(),
        };
        let office = first
            .office_id
            .and_then(|id| ws.office(id))
            .map(|o| o.number.clone())
            .unwrap_or_default();
        list.rows.push(TopRow {
            rank: e.rank,
            name,
            office,
            score: e.score(),
            pinned: e.pinned,
            movement: comparison
                .as_ref()
                .and_then(|c| c.movement.get(&e.identity(ws.services())).copied()),
        });
    }
    list
}

fn project_line(
    ws: &Workspace,
    p: &Project,
    today: NaiveDate,
    go_live: Option<NaiveDate>,
) -> ProjectLine {
    ProjectLine {
        id: p.id,
        name: p.name.clone(),
        office: p
            .lead_office
            .and_then(|id| ws.office(id))
            .map(|o| o.number.clone())
            .unwrap_or_default(),
        step: p.current_step_label(),
        health: p.health,
        comment: p.health_comment.clone(),
        overdue: p.is_overdue(today),
        planned_end: p.planned_end,
        go_live,
    }
}

fn risk_lines(ws: &Workspace, projects: &[&Project], today: NaiveDate) -> Vec<ProjectLine> {
    let mut lines: Vec<ProjectLine> = projects
        .iter()
        .filter(|p| p.health == Health::Red || p.is_overdue(today))
        .map(|p| project_line(ws, p, today, None))
        .collect();
    lines.sort_by(|a, b| {
        (b.health == Health::Red)
            .cmp(&(a.health == Health::Red))
            .then(a.planned_end.cmp(&b.planned_end))
            .then_with(|| super::collate::compare(&a.name, &b.name))
    });
    lines
}

fn live_lines(
    ws: &Workspace,
    projects: &[&Project],
    go_live: &HashMap<ProjectId, NaiveDate>,
    today: NaiveDate,
) -> Vec<ProjectLine> {
    let mut lines: Vec<ProjectLine> = projects
        .iter()
        .filter_map(|p| Some(project_line(ws, p, today, Some(*go_live.get(&p.id)?))))
        .collect();
    lines.sort_by(|a, b| {
        b.go_live
            .cmp(&a.go_live)
            .then_with(|| super::collate::compare(&a.name, &b.name))
    });
    lines
}
