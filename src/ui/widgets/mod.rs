//! Widgets shared by the views: the table, the edit fields, the date field.

pub mod fields;
pub mod table;
