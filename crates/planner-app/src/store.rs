//! What the operations need of a store, as traits: the SQLite store
//! implements them, and a second store (a shared server's, a test's) can
//! too, without the operations changing. Each trait is one concern; an
//! operation asks for the ones it uses.

use planner_core::model::{RateChanges, Settings};
use planner_core::scenario::{SavedScenario, ScenarioDraft};
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

/// The saved what-if scenarios. Each write validates the draft first and
/// writes nothing when it is wrong; a name is unique ignoring capitals.
pub trait ScenarioStore {
    /// Every saved scenario, by name.
    fn scenarios(&self) -> StoreResult<Vec<SavedScenario>>;
    fn insert_scenario(&mut self, draft: &ScenarioDraft) -> StoreResult<i64>;
    fn update_scenario(&mut self, id: i64, draft: &ScenarioDraft) -> StoreResult<()>;
    /// Saves a copy under a free name (`Name (copy)`, …); returns its id.
    fn duplicate_scenario(&mut self, id: i64) -> StoreResult<i64>;
    fn delete_scenario(&mut self, id: i64) -> StoreResult<()>;
}

impl ScenarioStore for Store {
    fn scenarios(&self) -> StoreResult<Vec<SavedScenario>> {
        Store::scenarios(self)
    }

    fn insert_scenario(&mut self, draft: &ScenarioDraft) -> StoreResult<i64> {
        Store::insert_scenario(self, draft)
    }

    fn update_scenario(&mut self, id: i64, draft: &ScenarioDraft) -> StoreResult<()> {
        Store::update_scenario(self, id, draft)
    }

    fn duplicate_scenario(&mut self, id: i64) -> StoreResult<i64> {
        Store::duplicate_scenario(self, id)
    }

    fn delete_scenario(&mut self, id: i64) -> StoreResult<()> {
        Store::delete_scenario(self, id)
    }
}
