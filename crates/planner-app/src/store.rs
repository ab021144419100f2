//! What the operations need of a store, as traits: the SQLite store
//! implements them, and a second store (a shared server's, a test's) can
//! too, without the operations changing. Each trait is one concern; an
//! operation asks for the ones it uses.

use jiff::civil::Date;
use planner_core::model::{
    Carer, Child, Decision, Home, Placement, RateChanges, Referral, Settings,
};
use planner_core::scenario::{SavedScenario, ScenarioDraft};
use planner_store::store::{BackupInfo, Store, StoreResult};

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

/// Children, carers, homes and placements: the records a user adds and
/// edits. Each write is one transaction, and refuses a record that breaks
/// a rule of the records (a placement overlapping the child's others, a
/// household over its places) without writing anything.
pub trait RecordStore {
    fn insert_child(&mut self, child: &Child) -> StoreResult<()>;
    /// A child who has left care keeps no open placement: those end on the
    /// leaving date in the same write.
    fn update_child(&mut self, child: &Child) -> StoreResult<()>;
    fn insert_carer(&mut self, carer: &Carer) -> StoreResult<()>;
    fn update_carer(&mut self, carer: &Carer, today: Date) -> StoreResult<()>;
    fn insert_home(&mut self, home: &Home) -> StoreResult<()>;
    fn update_home(&mut self, home: &Home) -> StoreResult<()>;
    fn placement(&self, id: i64) -> StoreResult<Placement>;
    /// Returns the new placement's id.
    fn insert_placement(&mut self, placement: &Placement) -> StoreResult<i64>;
    fn end_placement(&mut self, id: i64, end: Date, reason: Option<&str>) -> StoreResult<()>;
}

impl RecordStore for Store {
    fn insert_child(&mut self, child: &Child) -> StoreResult<()> {
        Store::insert_child(self, child)
    }

    fn update_child(&mut self, child: &Child) -> StoreResult<()> {
        Store::update_child(self, child)
    }

    fn insert_carer(&mut self, carer: &Carer) -> StoreResult<()> {
        Store::insert_carer(self, carer)
    }

    fn update_carer(&mut self, carer: &Carer, today: Date) -> StoreResult<()> {
        Store::update_carer(self, carer, today)
    }

    fn insert_home(&mut self, home: &Home) -> StoreResult<()> {
        Store::insert_home(self, home)
    }

    fn update_home(&mut self, home: &Home) -> StoreResult<()> {
        Store::update_home(self, home)
    }

    fn placement(&self, id: i64) -> StoreResult<Placement> {
        Store::placement(self, id)
    }

    fn insert_placement(&mut self, placement: &Placement) -> StoreResult<i64> {
        Store::insert_placement(self, placement)
    }

    fn end_placement(&mut self, id: i64, end: Date, reason: Option<&str>) -> StoreResult<()> {
        Store::end_placement(self, id, end, reason)
    }
}

/// The resource panel's referrals and decisions.
pub trait PanelStore {
    /// Returns the new referral's id.
    fn insert_referral(&mut self, referral: &Referral) -> StoreResult<i64>;
    /// A placement decision creates the placement and takes the vacancy in
    /// the same write; returns the decision's id.
    fn record_decision(&mut self, decision: &Decision) -> StoreResult<i64>;
}

impl PanelStore for Store {
    fn insert_referral(&mut self, referral: &Referral) -> StoreResult<i64> {
        Store::insert_referral(self, referral)
    }

    fn record_decision(&mut self, decision: &Decision) -> StoreResult<i64> {
        Store::record_decision(self, decision)
    }
}

/// Rotating backups of the database beside it.
pub trait BackupStore {
    /// How many rotating backups the council keeps.
    fn keep_backups(&self) -> StoreResult<usize>;
    /// Takes one backup now and removes the oldest beyond `keep`.
    fn back_up_rotating(&self, keep: usize) -> StoreResult<BackupInfo>;
}

impl BackupStore for Store {
    fn keep_backups(&self) -> StoreResult<usize> {
        Store::keep_backups(self)
    }

    fn back_up_rotating(&self, keep: usize) -> StoreResult<BackupInfo> {
        Store::back_up_rotating(self, keep)
    }
}
