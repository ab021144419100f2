//! placement-planner's application layer: the operations a user can perform
//! (set the council, change the cost rates, add or change a record, end a
//! placement, refer a child to the panel and record its decision, save a
//! scenario, back up now, …), one function each, called alike by
//! the window (`planner-ui`'s `PlannerApp::apply`) and the command line
//! (`src/cli/`), so a rule checked in one front end is checked in both.
//! Each returns an [`AppError`] that keeps its cause (the store, an import,
//! an export) and reads as a sentence. Operations take the store through
//! the traits in [`store`], so another store can stand in for SQLite.
//!
//! It sits above the store and the files in and out, and below both front
//! ends: ARCHITECTURE.md draws the layers.

pub mod backup;
pub mod council;
mod error;
pub mod panel;
pub mod rates;
pub mod records;
pub mod scenarios;
pub mod store;

pub use error::{AppError, AppResult, Field};
pub use store::{PanelStore, RecordStore, ScenarioStore, SettingsStore};
