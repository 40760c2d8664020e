//! ozg-cockpit: the OZG working group's desktop cockpit for services, offices and their
//! digitalisation.

pub mod charts;
pub mod cli;
pub mod clock;
pub mod exchange;
pub mod model;
pub mod paths;
pub mod preferences;
pub mod scenario;
pub mod session;
pub mod store;
pub mod sync;
pub mod ui;
