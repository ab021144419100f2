//! placement-planner's window (egui/eframe). Every rule it shows comes from
//! the crates below; heavy work runs on `planner_core::job` workers, never on
//! the frame.

// The modules of the layers below, by the names this crate's code uses.
use planner_core::{
    costing, county, format, geography, instance_lock, job, matching, model, panel, paths, report,
    scenario, sufficiency,
};
use planner_io::{export, import};
use planner_store::{session, store};

pub mod ui;
