//! The SSDA903 return: a header file and an episodes file. The input is
//! split at its first NUL byte: the header before it, the episodes after
//! (no NUL, and the episodes are empty). A preview that succeeds is
//! applied to a fresh store (refusing rejected rows, then skipping them)
//! and the same files are then imported again over what was written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_io::import::ssda903::{apply_ssda903, preview_ssda903};
use planner_io::import::{Progress, RejectedRows};
use planner_store::store::Store;
use placement_planner_fuzz::{check_error_of, write};

const FILES: &[&str] = &["header.csv", "episodes.csv"];

thread_local! {
    /// Previews read an empty store; only a preview that succeeds needs
    /// a store of its own to be applied to.
    static EMPTY: Store = Store::open_in_memory().unwrap();
}

fuzz_target!(|data: &[u8]| {
    let (header, episodes) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let h = write(FILES[0], header);
    let e = write(FILES[1], episodes);
    let preview = EMPTY.with(|store| preview_ssda903(&h, &e, store, &Progress::new()));
    let plan = match preview {
        Ok(plan) => plan,
        Err(err) => return check_error_of(&err, FILES),
    };
    let mut store = Store::open_in_memory().unwrap();
    for rejected in [RejectedRows::Refuse, RejectedRows::Skip] {
        if let Err(err) = apply_ssda903(&mut store, &plan, rejected, &Progress::new()) {
            check_error_of(&err, FILES);
        }
    }
    match preview_ssda903(&h, &e, &store, &Progress::new()) {
        Ok(again) => {
            if let Err(err) =
                apply_ssda903(&mut store, &again, RejectedRows::Skip, &Progress::new())
            {
                check_error_of(&err, FILES);
            }
        }
        Err(err) => check_error_of(&err, FILES),
    }
});
