//! placement-planner's rules: the model of carers, homes, children and
//! placements, geography and DfE's distance, sufficiency measures, matching,
//! the panel, costing and scenarios, and the small platform pieces they
//! share. This crate names neither a database nor a window: the store
//! (`planner-store`) loads and saves what is defined here, and the window
//! (`planner-ui`) and the command line only call it.

pub mod costing;
pub mod county;
pub mod format;
pub mod geography;
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
pub mod spreadsheet;
pub mod sufficiency;
#[cfg(windows)]
pub mod windows;
