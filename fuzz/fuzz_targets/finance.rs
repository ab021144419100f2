//! Placement costs from the finance system, matched against a store
//! holding the SSDA903 fixture's children and placements (so rows can
//! match). A preview that succeeds is applied to a fresh copy of that
//! store, refusing rejected rows and then skipping them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_io::import::finance::{apply_finance, preview_finance};
use planner_io::import::ssda903::{apply_ssda903, preview_ssda903, Ssda903Plan};
use planner_io::import::{Progress, RejectedRows};
use planner_store::store::Store;
use placement_planner_fuzz::{check_error, fixture, write};
use std::sync::OnceLock;

const NAME: &str = "finance.csv";

/// The good SSDA903 fixture, read once.
fn records() -> &'static Ssda903Plan {
    static PLAN: OnceLock<Ssda903Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let empty = Store::open_in_memory().unwrap();
        preview_ssda903(
            &fixture("ssda903/good/header.csv"),
            &fixture("ssda903/good/episodes.csv"),
            &empty,
            &Progress::new(),
        )
        .unwrap()
    })
}

/// A store holding the fixture's children and placements.
fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    apply_ssda903(&mut store, records(), RejectedRows::Skip, &Progress::new()).unwrap();
    store
}

thread_local! {
    static RECORDS: Store = store();
}

fuzz_target!(|data: &[u8]| {
    let path = write(NAME, data);
    let plan = match RECORDS.with(|s| preview_finance(&path, s, &Progress::new())) {
        Ok(plan) => plan,
        Err(e) => return check_error(&e, NAME),
    };
    assert_eq!(plan.file, NAME);
    if plan.updates.is_empty() && plan.summary.rejected.is_empty() {
        return;
    }
    let mut store = store();
    for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
        if let Err(e) = apply_finance(&mut store, &plan, rejected, &Progress::new()) {
            check_error(&e, NAME);
        }
    }
});
