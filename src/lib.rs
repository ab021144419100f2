//! placement-planner: placement sufficiency for English councils' children's
//! services. The library holds every rule; the window (`ui`) and the command
//! line only call it. Nothing outside `ui` names egui.

pub mod costing;
pub mod export;
pub mod format;
pub mod geography;
pub mod import;
pub mod input_file;
pub mod instance_lock;
pub mod job;
pub mod matching;
pub mod model;
pub mod panel;
pub mod paths;
pub mod report;
pub mod sample;
pub mod scenario;
pub mod session;
pub mod spreadsheet;
pub mod store;
pub mod sufficiency;
pub mod ui;
#[cfg(windows)]
pub mod windows;
