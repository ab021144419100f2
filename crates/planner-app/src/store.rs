//! What the operations need of a store, as traits: the SQLite store
//! implements them, and a second store (a shared server's, a test's) can
//! too, without the operations changing. Each trait is one concern; an
//! operation asks for the ones it uses.

use planner_core::model::{RateChanges, Settings};
use planner_store::store::{Store, StoreResult};

/// The council's settings: name, code, boundary, cost rates and uplifts.
pub trait SettingsStore {
    fn settings(&self) -> StoreResult<Settings>;
    /// Saves the settings whole: council, boundary, rates and uplifts.
    fn save_settings(&mut self, settings: &Settings) -> StoreResult<()>;
    /// Writes every change or none; returns how many rates were removed.
    fn change_rates(&mut self, changes: &RateChanges) -> StoreResult<usize>;
}

impl SettingsStore for Store {
    fn settings(&self) -> StoreResult<Settings> {
        Store::settings(self)
    }

    fn save_settings(&mut self, settings: &Settings) -> StoreResult<()> {
        Store::save_settings(self, settings)
    }

    fn change_rates(&mut self, changes: &RateChanges) -> StoreResult<usize> {
        Store::change_rates(self, changes)
    }
}
