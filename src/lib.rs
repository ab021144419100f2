//! placement-planner: placement sufficiency for English councils' children's
//! services. The code lives in five crates, each seeing only those below it
//! (ARCHITECTURE.md draws them): `planner-core` (the rules), `planner-store`
//! (SQLite), `planner-io` (imports and exports), `planner-app` (the
//! operations a user performs, for both front ends) and `planner-ui` (the
//! window). This package holds the command line and the binaries, and gives
//! its tests and benchmarks one path to all five.

pub use planner_app as app;
#[cfg(windows)]
pub use planner_core::windows;
pub use planner_core::{
    costing, county, format, geography, input_file, instance_lock, job, matching, model, panel,
    paths, report, sample, scenario, spreadsheet, sufficiency,
};
pub use planner_io::{export, import};
pub use planner_store::{session, store};
pub use planner_ui::ui;
