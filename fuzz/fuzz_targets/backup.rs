//! A backup to restore: any file may be offered. It is previewed (opened
//! read-only and checked); a file the preview refuses must be refused with
//! a message. One it accepts is restored over a new database, which must
//! then open with the numbers of records the preview showed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planner_store::store::{backups_dir, preview_backup, restore_backup_at, Store};
use placement_planner_fuzz::{scratch, write};

/// Removes a database file and what SQLite keeps beside it.
fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-journal", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
}

fuzz_target!(|data: &[u8]| {
    let backup = scratch().join("backup.sqlite");
    remove_db(&backup);
    write("backup.sqlite", data);
    let preview = match preview_backup(&backup) {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().trim().is_empty(), "an empty message");
            return;
        }
    };
    let db = scratch().join("current.sqlite");
    remove_db(&db);
    let _ = std::fs::remove_dir_all(backups_dir(&db));
    drop(Store::open(&db).expect("a new database"));
    let now = "2026-01-01T00:00:00Z".parse().unwrap();
    match restore_backup_at(&db, &backup, now) {
        Ok(_) => {
            let store = Store::open(&db).expect("the restored database opens");
            assert_eq!(store.counts().unwrap(), preview.counts);
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "an empty message"),
    }
});
