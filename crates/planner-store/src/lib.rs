//! placement-planner's SQLite store: the schema and its migrations, every
//! read and write of the records, backups, restore and the audit trail, and
//! the session that opens a database (or the built-in sample) for a front
//! end. It depends on `planner-core` only; nothing here names a window.

// The modules of the layer below, by the names this crate's code uses.
#[cfg(windows)]
use planner_core::windows;
use planner_core::{county, model, sample, scenario};

pub mod session;
pub mod store;
