//! Widgets shared by the views: the table, the edit fields, the date field.

pub mod calendar;
pub mod fields;
pub mod keys;
pub mod table;
