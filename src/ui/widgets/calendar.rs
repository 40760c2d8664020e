//! A calendar to pick a date from, beside every date field (the date can still be typed).

use chrono::{Datelike, Months, NaiveDate, Weekday};
use egui::{Button, Popup, PopupCloseBehavior, RichText, Ui};

use crate::model::format::month_year;

/// German short names of the weekdays, Monday first.
const WEEKDAYS: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

/// A small button that opens a month calendar; returns the day clicked.
pub fn calendar_button(
    ui: &mut Ui,
    id_salt: &str,
    current: Option<NaiveDate>,
    enabled: bool,
) -> Option<NaiveDate> {
    let button = ui
        .add_enabled(enabled, Button::new("▦").small())
        .on_hover_text("Datum im Kalender wählen");
    let month_id = button.id.with(("calendar_month", id_salt));
    if button.clicked() {
        // Opens on the month of the date shown, or of today.
        let shown = first_of_month(current.unwrap_or_else(crate::clock::today));
        ui.data_mut(|d| d.insert_temp(month_id, shown));
    }
    let mut picked = None;
    Popup::menu(&button)
        .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
        .show(|ui| {
            let mut month = ui
                .data(|d| d.get_temp::<NaiveDate>(month_id))
                .unwrap_or_else(|| first_of_month(crate::clock::today()));
            picked = month_ui(ui, &mut month, current);
            ui.data_mut(|d| d.insert_temp(month_id, month));
            if picked.is_some() {
                ui.close();
            }
        });
    picked
}

/// The month with arrows to the neighbours and a grid of its days; returns the day clicked.
fn month_ui(ui: &mut Ui, month: &mut NaiveDate, selected: Option<NaiveDate>) -> Option<NaiveDate> {
    let mut picked = None;
    ui.horizontal(|ui| {
        if ui
            .small_button("◀")
            .on_hover_text("Voriger Monat")
            .clicked()
        {
            *month = month.checked_sub_months(Months::new(1)).unwrap_or(*month);
        }
        ui.label(RichText::new(month_year(*month)).strong());
        if ui
            .small_button("▶")
            .on_hover_text("Nächster Monat")
            .clicked()
        {
            *month = month.checked_add_months(Months::new(1)).unwrap_or(*month);
        }
        if ui.small_button("Heute").clicked() {
            picked = Some(crate::clock::today());
        }
    });
    let today = crate::clock::today();
    egui::Grid::new(("calendar_grid", *month))
        .spacing([2.0, 2.0])
        .show(ui, |ui| {
            for name in WEEKDAYS {
                ui.weak(name);
            }
            ui.end_row();
            for week in weeks(*month) {
                for day in week {
                    match day {
                        None => {
                            ui.label("");
                        }
                        Some(d) => {
                            let mut text = RichText::new(format!("{:>2}", d.day()));
                            if d == today {
                                text = text.underline();
                            }
                            if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                                text = text.weak();
                            }
                            let button = Button::selectable(selected == Some(d), text)
                                .min_size(egui::vec2(26.0, 0.0));
                            if ui.add(button).clicked() {
                                picked = Some(d);
                            }
                        }
                    }
                }
                ui.end_row();
            }
        });
    picked
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The weeks of a month, Monday first, with the days outside the month left empty.
fn weeks(month: NaiveDate) -> Vec<[Option<NaiveDate>; 7]> {
    let first = first_of_month(month);
    let lead = first.weekday().num_days_from_monday() as usize;
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    let mut slot = lead;
    let mut day = Some(first);
    while let Some(d) = day.filter(|d| d.month() == first.month()) {
        week[slot] = Some(d);
        slot += 1;
        if slot == 7 {
            weeks.push(week);
            week = [None; 7];
            slot = 0;
        }
        day = d.succ_opt();
    }
    if slot > 0 {
        weeks.push(week);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_in_weeks_from_monday() {
        // November 2026 begins on a Sunday and has 30 days.
        let weeks = weeks(NaiveDate::from_ymd_opt(2026, 11, 17).unwrap_or_default());
        assert_eq!(weeks.len(), 6);
        assert_eq!(weeks[0][..6], [None; 6]);
        assert_eq!(weeks[0][6], NaiveDate::from_ymd_opt(2026, 11, 1));
        assert_eq!(weeks[5][0], NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(weeks[5][1..], [None; 6]);
        let days: usize = weeks.iter().flatten().flatten().count();
        assert_eq!(days, 30);
    }
}
