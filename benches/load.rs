//! The load table of 200 people, 5,000 projects and 36 months, computed anew as after an edit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use ozg_cockpit::model::load::{
    Assignment, Funding, Horizon, LoadSettings, StaffMember, load_table,
};
use ozg_cockpit::model::project::Project;
use support::{median, ms};

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let staff: Vec<StaffMember> = (0..200)
        .map(|i| StaffMember {
            id: i,
            name: format!("Person {i}"),
            unit: if i % 2 == 0 { "100.1" } else { "100.2" }.to_owned(),
            role: String::new(),
            pay_grade: "EG 11".to_owned(),
            fte: if i % 5 == 0 { 0.5 } else { 1.0 },
            available_from: None,
            available_until: None,
            funding: Funding::Stellenplan,
            note: String::new(),
        })
        .collect();
    let projects: Vec<Project> = (0..5000)
        .map(|i| {
            let mut p = Project::new(i, &format!("Projekt {i}"), 4);
            p.planned_start = Some(today - Duration::days(i % 300));
            p.planned_end = Some(today + Duration::days(60 + (i * 7) % 900));
            p
        })
        .collect();
    let assignments: Vec<Assignment> = projects
        .iter()
        .flat_map(|p| {
            [
                Assignment {
                    staff: (p.id * 2) % 200,
                    project: p.id,
                    person_days: 17.0,
                },
                Assignment {
                    staff: (p.id * 2 + 1) % 200,
                    project: p.id,
                    person_days: 12.0,
                },
            ]
        })
        .collect();
    let mut times = Vec::new();
    for _ in 0..21 {
        let start = Instant::now();
        let h = Horizon::new(today, 36, true);
        let rows = load_table(
            &staff,
            &assignments,
            &projects,
            LoadSettings::default(),
            today,
            &h,
        );
        assert_eq!(rows.len(), 201);
        times.push(start.elapsed());
    }
    println!(
        "load table, 200 people × 5,000 projects × 36 months: {}  (target < 50 ms)",
        ms(median(times))
    );

    // The heat map of the Personal view over the same data, once computed.
    let ws =
        ozg_cockpit::model::Workspace::new(Vec::new(), Vec::new(), Vec::new(), Default::default())
            .with_projects(projects, Vec::new())
            .with_staff(staff, assignments);
    let ctx = egui::Context::default();
    ozg_cockpit::ui::install_fonts(&ctx);
    let mut view = ozg_cockpit::ui::staff::HeatMap::default();
    view.months = 36;
    let frame = support::frame_time(&ctx, |ui| view.ui(ui, &ws));
    println!(
        "frame of the heat map, 200 people × 36 months: {}  (target < 1 ms)",
        ms(frame)
    );
    let mut staff = ozg_cockpit::ui::staff::StaffView::default();
    staff.heat.months = 36;
    let frame = support::frame_time(&ctx, |ui| {
        let _actions = staff.ui(ui, &ws, false);
    });
    println!(
        "frame of the Personal view (table, detail, heat map), 200 people: {}",
        ms(frame)
    );
}
