//! placement-planner's files in and out: the imports (SSDA903 returns, the
//! templates, the postcode directory, a boundary, finance costs and rates),
//! each checked in full before one transaction writes it, and the exports
//! (CSV, XLSX, PDF and the panel's minutes). It depends on `planner-store`
//! and `planner-core`; nothing here names a window.

// The modules of the layers below, by the names this crate's code uses.
use planner_core::{
    costing, county, format, geography, input_file, job, model, scenario, spreadsheet, sufficiency,
};
use planner_store::store;

pub mod export;
pub mod import;
