#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Chart data with hand-computed expectations, every chart drawn to SVG and PNG, chart files,
//! and the committee report read back by a PDF parser.

use chrono::{Datelike, NaiveDate};
use ozg_cockpit::charts::{Canvas, ChartKind, render_rgb, render_svg};
use ozg_cockpit::exchange::charts::{ChartFormat, ChartSize, chart_bytes, export_all_charts};
use ozg_cockpit::exchange::report::{ReportSection, ReportSettings, report_pdf};
use ozg_cockpit::model::figures::{FigureInput, Figures, Filter, StepBar};
use ozg_cockpit::model::format::decimal;
use ozg_cockpit::model::load::{Assignment, StaffMember};
use ozg_cockpit::model::project::{Health, HistoryChange, HistoryEntry, Project, StepStatus};
use ozg_cockpit::model::{MaturityScale, Office, OzgService, Service, Workspace};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

const TODAY: &str = "2026-11-29";

/// id, name, office, current and target maturity, project, municipal.
type ServiceSpec = (i64, &'static str, i64, i64, i64, Option<i64>, bool);

fn project(id: i64, name: &str, office: i64, start: &str, end: &str) -> Project {
    let mut p = Project::new(id, name, 4);
    p.lead_office = Some(office);
    p.planned_start = Some(day(start));
    p.planned_end = Some(day(end));
    p
}

fn finish_all(p: &mut Project, on: &str) {
    for s in &mut p.steps {
        s.status = StepStatus::Done;
        s.completed = Some(day(on));
    }
}

/// Two offices, seven services (six in scope), four projects: two in operation (June and
/// October 2026), one red and overdue at step 4, one not started.
fn small() -> Workspace {
    let mut pilot = Office::new(1, "420");
    pilot.pilot = true;
    let mut deferred = Office::new(2, "320");
    deferred.deferred = true;
    deferred.name = "Ordnungsamt".to_owned();
    // id, name, office, current, target, project, municipal
    let spec: [ServiceSpec; 7] = [
        (1, "Hundesteuer", 1, 0, 3, None, true),
        (2, "Gewerbeanmeldung", 1, 1, 4, None, true),
        (3, "Wohngeld", 1, 2, 4, Some(2), true),
        (4, "Anwohnerparkausweis", 1, 3, 4, Some(1), true),
        (5, "Fischereischein", 2, 4, 4, Some(4), true),
        (6, "Führungszeugnis", 2, 3, 3, None, true),
        (7, "Bundesleistung", 1, 5, 5, None, false),
    ];
    let services = spec
        .iter()
        .map(|&(id, name, office, current, target, project, municipal)| {
            let mut s = Service::new(id, name, target);
            s.office_id = Some(office);
            s.current_maturity = current;
            s.project_id = project;
            s.municipal = municipal;
            s.ozg_id = Some(if id <= 3 { "A1" } else { "B1" }.to_owned());
            s
        })
        .collect();
    let ozg = vec![
        OzgService {
            ozg_id: "A1".to_owned(),
            name: "Steuern".to_owned(),
            themenfeld: "Querschnitt".to_owned(),
            lebenslage: String::new(),
        },
        OzgService {
            ozg_id: "B1".to_owned(),
            name: "Ordnung".to_owned(),
            themenfeld: "Recht & Ordnung".to_owned(),
            lebenslage: String::new(),
        },
    ];
    let mut alpha = project(1, "Alpha", 1, "2026-05-01", "2026-08-31");
    finish_all(&mut alpha, "2026-06-01");
    alpha.go_live = Some(day("2026-06-15"));
    let mut beta = project(2, "Beta", 1, "2026-06-01", "2026-10-31");
    for s in beta.steps.iter_mut().take(3) {
        s.status = StepStatus::Done;
        s.completed = Some(day("2026-07-01"));
    }
    beta.steps[3].status = StepStatus::InProgress;
    beta.health = Health::Red;
    beta.health_comment = "Fachverfahren verzögert".to_owned();
    let gamma = project(3, "Gamma", 1, "2026-09-01", "2027-06-30");
    let mut delta = project(4, "Delta", 2, "2026-05-01", "2026-12-31");
    finish_all(&mut delta, "2026-10-10");
    let history = vec![HistoryEntry {
        project: 2,
        changed_on: day("2026-07-01"),
        change: HistoryChange::Step {
            step: 1,
            old: StepStatus::Open,
            new: StepStatus::Done,
        },
        changed_by: String::new(),
    }];
    Workspace::new(
        services,
        vec![pilot, deferred],
        ozg,
        MaturityScale::default(),
    )
    .with_projects(vec![alpha, beta, gamma, delta], history)
}

/// The small workspace with a full-time organiser on Gamma's organisational effort and a
/// half-time technician on nothing.
fn with_staff(ws: Workspace) -> Workspace {
    let mut anna = StaffMember::new(1, "Beispiel, Anna", "100.1");
    anna.pay_grade = "A 11/EG 10".to_owned();
    let mut deniz = StaffMember::new(2, "Test, Deniz", "100.2");
    deniz.fte = 0.5;
    let gamma = Assignment {
        staff: 1,
        project: 3,
        person_days: 17.0,
    };
    ws.with_staff(vec![anna, deniz], vec![gamma])
}

fn figures(ws: &Workspace, filter: Filter) -> Figures {
    Figures::compute(
        ws,
        &FigureInput {
            filter,
            today: day(TODAY),
            data_date: day("2026-11-28"),
            snapshot: None,
            named_staff: false,
        },
    )
}

#[test]
fn maturity_and_steps_by_hand() {
    let f = figures(&small(), Filter::default());
    let m = &f.maturity;
    assert_eq!(m.in_scope, 6, "the federal service is out of scope");
    assert_eq!(m.current, [1, 1, 1, 2, 1, 0]);
    assert_eq!(m.target, [0, 0, 0, 2, 4, 0]);
    assert_eq!(m.at_minimum, 3);
    assert_eq!(m.at_target, 2);
    let bar = |projects, overdue, red| StepBar {
        projects,
        overdue,
        red,
    };
    assert_eq!(f.steps.len(), 12);
    assert_eq!(f.steps[0], bar(1, 0, 0), "Gamma at step 1");
    assert_eq!(f.steps[3], bar(1, 1, 1), "Beta at step 4, late and red");
    assert_eq!(f.steps[11], bar(2, 0, 0), "Alpha and Delta in operation");
    assert_eq!(f.steps.iter().map(|b| b.projects).sum::<usize>(), 4);
    let st = f.projects;
    assert_eq!(
        (
            st.total,
            st.in_operation,
            st.in_progress,
            st.not_started,
            st.overdue,
            st.red
        ),
        (4, 2, 1, 1, 1, 1)
    );
    assert_eq!(f.risks.len(), 1);
    assert_eq!(f.risks[0].name, "Beta");
    assert_eq!(f.risks[0].comment, "Fachverfahren verzögert");
    let live: Vec<(&str, NaiveDate)> = f
        .live
        .iter()
        .map(|l| (l.name.as_str(), l.go_live.unwrap()))
        .collect();
    assert_eq!(
        live,
        [("Delta", day("2026-10-10")), ("Alpha", day("2026-06-15"))],
        "Delta has no go-live date: its last step's completion counts"
    );
}

#[test]
fn burnup_plan_and_forecast_by_hand() {
    let f = figures(&small(), Filter::default());
    let b = &f.progress;
    let months: Vec<NaiveDate> = (5..=11).map(|m| day(&format!("2026-{m:02}-01"))).collect();
    assert_eq!(b.months, months, "May (first start) to November (today)");
    assert_eq!(b.done, [0, 1, 1, 1, 1, 2, 2]);
    assert_eq!(b.scope, [2, 3, 3, 3, 4, 4, 4]);
    assert_eq!(
        b.plan_months.len(),
        14,
        "to June 2027, the last planned end"
    );
    assert_eq!(b.plan, [0, 0, 0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 3, 4]);
    assert_eq!(b.services_at_minimum, [1, 2, 2, 2, 2, 3, 3]);
    assert_eq!(b.services_in_scope, 6);
    let pace = b.pace.unwrap();
    // Increments May–October: 0, 1, 0, 0, 0, 1 → two in six months.
    assert_eq!(pace.months, 6);
    assert!((pace.mean - 2.0 / 6.0).abs() < 1e-9);
    assert_eq!((pace.slowest, pace.fastest), (0, 1));
    assert_eq!(b.remaining(), 2);
    // Two projects at one per three months: six months of 30.44 days, 183 days.
    assert_eq!(b.finish, Some(day("2027-05-31")));
    assert_eq!(b.finish_fast, Some(day("2027-01-29")));
    assert_eq!(b.finish_slow, None, "the slowest month added nothing");
    assert_eq!(b.plan_finish, Some(day("2027-06-30")));
    let (light, sentence) = f.forecast_light().unwrap();
    assert_eq!(
        light,
        Health::Green,
        "May 2027 is before the planned end: {sentence}"
    );
    let forecast = f
        .cards()
        .into_iter()
        .find(|c| c.label == "Prognose")
        .unwrap();
    assert_eq!(forecast.value, "fertig Mai 2027");
    assert_eq!(forecast.detail, "0,3 Projekte/Monat · Ampel grün");
    // Without projects there is nothing to judge.
    let none = figures(
        &small(),
        Filter {
            office: Some(99),
            themenfeld: None,
        },
    );
    assert_eq!(none.forecast_light(), None);
    let forecast = none
        .cards()
        .into_iter()
        .find(|c| c.label == "Prognose")
        .unwrap();
    assert_eq!(forecast.value, "keine Projekte");
}

#[test]
fn offices_sorted_by_share_below_the_minimum_and_filters() {
    let ws = small();
    let f = figures(&ws, Filter::default());
    let bands: Vec<(&str, usize, f64, bool, bool)> = f
        .offices
        .iter()
        .map(|o| {
            (
                o.number.as_str(),
                o.total,
                o.below_share,
                o.pilot,
                o.deferred,
            )
        })
        .collect();
    assert_eq!(
        bands,
        [("420", 4, 0.75, true, false), ("320", 2, 0.0, false, true)]
    );
    assert_eq!(f.offices[0].per_level, [1, 1, 1, 1, 0, 0]);
    let by_office = figures(
        &ws,
        Filter {
            office: Some(2),
            themenfeld: None,
        },
    );
    assert_eq!(by_office.maturity.current, [0, 0, 0, 1, 1, 0]);
    assert_eq!(
        by_office.projects.total, 1,
        "only Delta holds a service of 320"
    );
    assert_eq!(by_office.filter_label, "Amt 320 – Ordnungsamt");
    let by_theme = figures(
        &ws,
        Filter {
            office: None,
            themenfeld: Some("Querschnitt".to_owned()),
        },
    );
    assert_eq!(by_theme.maturity.in_scope, 3);
    assert_eq!(
        by_theme.projects.total, 1,
        "Beta holds Wohngeld; Gamma holds nothing"
    );
}

/// The figures of the reference scenario on the test's day.
fn reference_figures() -> Figures {
    let ws = ozg_cockpit::scenario::build().unwrap();
    Figures::compute(
        &ws,
        &FigureInput {
            today: day(TODAY),
            data_date: day(TODAY),
            ..FigureInput::default()
        },
    )
}

#[test]
fn every_chart_draws_to_svg_with_its_german_text() {
    let f = reference_figures();
    let expected: [(ChartKind, &[&str]); 5] = [
        (
            ChartKind::Maturity,
            &["gesetzliche Minimum", "Information", "höher"],
        ),
        (
            ChartKind::ProjectSteps,
            &[
                "in Betrieb",
                "Leistungsprüfung",
                "Prozessoptimierung (Soll)",
            ],
        ),
        (
            ChartKind::Progress,
            &["Leistungen am Minimum", "Plan", "heute"],
        ),
        (
            ChartKind::Offices,
            &[
                "größten Anteil",
                "zurückgestellt",
                "weitere Ämter nicht gezeigt",
            ],
        ),
        (
            ChartKind::Ranking,
            &["Top 20 der Priorisierung", "gewichteten Kriterien"],
        ),
    ];
    for (kind, words) in expected {
        let svg = render_svg(kind, &f, &Canvas::sized(964, 600)).unwrap();
        let doc = usvg::roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("{kind:?}: not XML: {e}"));
        let text: String = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("\n");
        for w in words {
            assert!(text.contains(w), "{kind:?} lacks „{w}“:\n{text}");
        }
        assert!(
            text.contains("Datenstand 29.11.2026"),
            "{kind:?}: the data date on every chart"
        );
    }
}

#[test]
fn every_chart_draws_to_a_png_of_the_requested_size() {
    let f = figures(&with_staff(small()), Filter::default());
    for kind in ChartKind::ALL {
        let bytes = chart_bytes(
            &f,
            kind,
            ChartFormat::Png,
            ChartSize::Pixels {
                width: 800,
                height: 500,
            },
        )
        .unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (800, 500), "{kind:?}");
        // Not a blank image: the title is drawn in dark pixels on white.
        let raster = render_rgb(kind, &f, &Canvas::sized(800, 500)).unwrap();
        let dark = raster
            .rgb
            .chunks(3)
            .filter(|p| p.iter().all(|c| *c < 80))
            .count();
        assert!(dark > 500, "{kind:?}: {dark} dark pixels");
        assert!(!raster.spots.is_empty(), "{kind:?}: hover regions");
    }
    // Pilot and deferred offices are marked.
    let svg = render_svg(ChartKind::Offices, &f, &Canvas::sized(964, 600)).unwrap();
    assert!(svg.contains("420 · Pilot") && svg.contains("320 – Ordnungsamt · zurückgestellt"));
    // Print size: 170 × 105 mm at 300 dpi, with the resolution recorded.
    let bytes = chart_bytes(&f, ChartKind::Maturity, ChartFormat::Png, ChartSize::PRINT).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (2008, 1240));
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!(dims.xppu, 11811, "300 dpi in pixels per metre");
}

#[test]
fn all_charts_into_a_folder_with_stable_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("Diagramme");
    let f = figures(&small(), Filter::default());
    let files = export_all_charts(
        &f,
        &out,
        ChartFormat::Svg,
        ChartSize::Print {
            width_mm: 170.0,
            height_mm: 105.0,
            dpi: 300.0,
        },
    )
    .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "aemter.svg",
            "auslastung.svg",
            "fortschritt.svg",
            "personalbedarf.svg",
            "priorisierung.svg",
            "projekte-schritte.svg",
            "reifegrad.svg",
            "restaufwand.svg"
        ]
    );
    assert_eq!(files.len(), 8);
    let svg = std::fs::read_to_string(out.join("reifegrad.svg")).unwrap();
    assert!(
        svg.contains("width=\"170mm\" height=\"105mm\""),
        "physical size"
    );
}

/// The text of a PDF page as a reader extracts it, without whitespace (chart text comes
/// glyph by glyph).
fn page_text(doc: &lopdf::Document, page: u32) -> String {
    squeeze(&doc.extract_text(&[page]).unwrap())
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_report_reads_back_with_title_names_and_pages() {
    let f = reference_figures();
    let settings = ReportSettings {
        title: "Sachstand Onlinezugangsgesetz".to_owned(),
        committee: "Ausschuss für Digitalisierung".to_owned(),
        meeting_date: Some(day("2026-12-10")),
        ..ReportSettings::default()
    };
    let (bytes, pages) = report_pdf(&f, &settings).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), pages);
    assert!(pages >= 5, "title, charts, Top 20, projects: {pages}");
    let all: String = (1..=pages as u32).map(|p| page_text(&doc, p)).collect();
    let first = page_text(&doc, 1);
    assert!(first.contains(&squeeze("Sachstand Onlinezugangsgesetz")));
    assert!(first.contains(&squeeze("Ausschuss für Digitalisierung")));
    assert!(first.contains(&squeeze("Sitzung am 10.12.2026")));
    assert!(first.contains(&squeeze("Leistungen im kommunalen Umfang 1.557")));
    assert!(all.contains("gesetzlicheMinimum"), "chart titles are text");
    assert!(
        all.contains("Leistungsprüfung"),
        "chart labels are text, umlauts intact"
    );
    assert_eq!(f.top.rows.len(), 20);
    for row in &f.top.rows {
        assert!(
            all.contains(&squeeze(&row.name)),
            "Top-20 name missing: {}",
            row.name
        );
    }
    assert!(all.contains(&squeeze(&format!("Seite {pages} von {pages}"))));
    // Sections can be left out.
    let only_figures = ReportSettings {
        sections: vec![ReportSection::KeyFigures],
        ..settings
    };
    let (_, short) = report_pdf(&f, &only_figures).unwrap();
    assert_eq!(short, 1);
}

#[cfg(unix)]
#[test]
fn a_chart_file_replaces_a_planted_symlink_without_following_it() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("wichtig.txt");
    std::fs::write(&victim, "bleibt").unwrap();
    let target = dir.path().join("reifegrad.svg");
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    let f = figures(&small(), Filter::default());
    ozg_cockpit::exchange::charts::export_chart(
        &f,
        ChartKind::Maturity,
        ChartFormat::Svg,
        ChartSize::PRINT,
        &target,
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "bleibt");
    assert!(!std::fs::symlink_metadata(&target).unwrap().is_symlink());
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("<svg")
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "no temporary file left behind");
}

#[test]
fn mistyped_years_and_future_starts_keep_the_burnup_sane() {
    let mut ws = small();
    let mut odd = project(5, "Tippfehler", 1, "0026-02-01", "9999-12-31");
    odd.steps[0].status = StepStatus::Done;
    let future = project(6, "Nächstes Jahr", 1, "2027-03-01", "2027-12-31");
    let mut projects = ws.projects().to_vec();
    projects.extend([odd, future]);
    ws = ws.with_projects(projects, Vec::new());
    let f = figures(&ws, Filter::default());
    let b = &f.progress;
    assert!(
        b.months.len() <= 121,
        "at most ten years back: {}",
        b.months.len()
    );
    assert!(
        b.plan_months.len() <= 241,
        "at most ten years ahead: {}",
        b.plan_months.len()
    );
    assert_eq!(b.total, 6);
    assert_eq!(b.in_operation, 2);
    assert_eq!(
        b.remaining(),
        4,
        "a project that starts next year is still to be done"
    );
    assert_eq!(b.scope.last(), Some(&6), "today the scope is every project");
}

#[test]
fn an_oversized_png_is_refused_with_the_reason() {
    let f = figures(&small(), Filter::default());
    let size = ChartSize::Print {
        width_mm: 500.0,
        height_mm: 500.0,
        dpi: 1200.0,
    };
    let err = chart_bytes(&f, ChartKind::Maturity, ChartFormat::Png, size).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("zu groß") && text.contains("Auflösung"),
        "{text}"
    );
}

#[test]
fn staff_figures_by_hand() {
    let f = figures(&with_staff(small()), Filter::default());
    let st = &f.staff;
    assert!(st.anonymised, "anonymised unless asked otherwise");
    assert_eq!(st.months.len(), 12);
    assert_eq!(st.months[1], day("2026-12-01"));
    let (org, tech) = (&st.kinds[0], &st.kinds[1]);
    assert_eq!(
        (org.units.clone(), tech.units.clone()),
        (vec!["100.1".to_owned()], vec!["100.2".to_owned()])
    );
    // December: the whole month available; FTE × 207 / 12.
    assert!((org.capacity[1] - 17.25).abs() < 1e-9);
    assert!((tech.capacity[1] - 8.625).abs() < 1e-9);
    // Anna's 17 PT of Gamma (nothing done yet, window within the twelve months).
    let anna: f64 = org.groups.iter().flat_map(|g| &g.planned).sum();
    assert!((anna - 17.0).abs() < 1e-9, "{anna}");
    // By unit, no names; a unit of one person is no group of its own.
    assert_eq!(org.groups[0].label, "kleine Einheiten (zusammengefasst)");
    // Nobody of 100.1 on Beta (overdue, 8 of 11 steps open: due within 30 days); nobody of
    // 100.2 on Beta or Gamma.
    let open_org: f64 = org.unassigned.iter().sum();
    let open_tech: f64 = tech.unassigned.iter().sum();
    assert!((open_org - 17.0 * 8.0 / 11.0).abs() < 1e-9, "{open_org}");
    assert!(
        (open_tech - (12.0 * 8.0 / 11.0 + 12.0)).abs() < 1e-9,
        "{open_tech}"
    );
    let beta_tech_in_december: f64 = tech.unassigned[1];
    assert!(beta_tech_in_december > 0.0, "overdue work is due now");
    assert!(
        tech.groups.is_empty(),
        "Deniz has no work: capacity, no segment"
    );

    // Remaining work: Beta 8/11 + Gamma 1 + 2 services without project ÷ 1557/600 = 2,498
    // projects, to a tenth 2,5, × 29 PT.
    let projects = 2.5;
    let r = &st.remaining;
    assert!((r.start - projects * 29.0).abs() < 1e-9, "{}", r.start);
    // 25.875 PT a month from December: done in February 2027.
    let finish = r.finish.unwrap();
    assert_eq!((finish.year(), finish.month()), (2027, 2), "{finish}");
    assert_eq!(r.target, day("2027-06-30"), "the latest planned end");

    // Positions for the target: PT ÷ 207 ÷ years (7 months and 2 days).
    let sc = &st.scenario;
    assert_eq!(sc.at_hand, 1.5);
    let years = (7.0 + 2.0 / 30.4375) / 12.0;
    let needed = sc.result.as_ref().unwrap().fte_needed;
    assert!(
        (needed - projects * 29.0 / 207.0 / years).abs() < 1e-9,
        "{needed}"
    );
    // Later targets need fewer positions.
    assert!(sc.points.windows(2).all(|w| w[0].1 > w[1].1));
    let card = f.cards().pop().unwrap();
    assert_eq!(card.label, "Stellen bis 30.06.2027");
    assert_eq!(card.value, format!("{} nötig", decimal(needed, 1)));
    assert!(
        card.detail.starts_with("1,5 vorhanden · damit fertig "),
        "{}",
        card.detail
    );
}

#[test]
fn staff_load_by_person_only_when_asked_and_without_names_by_default() {
    let ws = with_staff(small());
    let anonymised = figures(&ws, Filter::default());
    let named = Figures::compute(
        &ws,
        &FigureInput {
            today: day(TODAY),
            data_date: day(TODAY),
            named_staff: true,
            ..FigureInput::default()
        },
    );
    let canvas = Canvas::sized(964, 600);
    let svg = render_svg(ChartKind::StaffLoad, &anonymised, &canvas).unwrap();
    assert!(!svg.contains("Anna") && svg.contains("100.1"));
    assert!(svg.contains("nach Einheit (anonymisiert)"));
    let svg = render_svg(ChartKind::StaffLoad, &named, &canvas).unwrap();
    assert!(svg.contains("Beispiel, Anna"));
    for kind in [ChartKind::RemainingWork, ChartKind::StaffScenario] {
        let svg = render_svg(kind, &anonymised, &canvas).unwrap();
        assert!(!svg.contains("Anna"), "{kind:?}");
    }
    let svg = render_svg(ChartKind::RemainingWork, &anonymised, &canvas).unwrap();
    assert!(
        svg.contains("abgearbeitet ca. Februar 2027"),
        "the finishing date is named"
    );
    let svg = render_svg(ChartKind::StaffScenario, &anonymised, &canvas).unwrap();
    assert!(svg.contains("vorhanden: 1,5 Stellen"));
}
