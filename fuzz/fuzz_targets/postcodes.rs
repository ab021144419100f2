//! The postcode directory (ONSPD or NSPL). A preview that succeeds is
//! applied to a fresh store, refusing rejected rows and then skipping them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_io::import::postcodes::{apply_postcodes, preview_postcodes_against};
use planner_io::import::{Progress, RejectedRows};
use planner_store::store::Store;
use placement_planner_fuzz::{check_error, write};

const NAME: &str = "postcodes.csv";

thread_local! {
    static EMPTY: Store = Store::open_in_memory().unwrap();
}

fuzz_target!(|data: &[u8]| {
    let path = write(NAME, data);
    let preview = EMPTY.with(|store| preview_postcodes_against(store, &path, &Progress::new()));
    if let Err(e) = preview {
        return check_error(&e, NAME);
    }
    let mut store = Store::open_in_memory().unwrap();
    for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
        if let Err(e) = apply_postcodes(&mut store, &path, rejected, &Progress::new()) {
            check_error(&e, NAME);
        }
    }
});
