//! Backups: taken with SQLite's backup API, rotated, previewed without
//! changing the file, restored with the replaced data kept as a backup.

mod common;

use common::planner;
use jiff::{SignedDuration, Timestamp};
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::session::open_for_use;
use placement_planner::store::{
    backups_dir, list_backups, migrations, preview_backup, restore_backup, restore_backup_at,
    Store, StoreError, DEFAULT_KEEP_BACKUPS,
};
use std::path::{Path, PathBuf};

/// The sample county in `dir/county.sqlite`.
fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("county.sqlite");
    let mut store = Store::create_new(&path).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    path
}

fn t0() -> Timestamp {
    "2026-03-31T09:15:00Z".parse().unwrap()
}

fn minutes(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn names(list: &[placement_planner::store::BackupInfo]) -> Vec<String> {
    list.iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect()
}

/// Byte 18 of an SQLite header: 1 for rollback journal, 2 for WAL.
fn header_journal_byte(path: &Path) -> u8 {
    std::fs::read(path).unwrap()[18]
}

#[test]
fn a_backup_holds_exactly_the_same_records() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let store = Store::open(&db).unwrap();
    let copy = dir.path().join("copy.sqlite");
    store.back_up_to(&copy).unwrap();

    // One self-contained file: rollback-journal mode, nothing beside it.
    assert_eq!(header_journal_byte(&copy), 1);
    assert!(!dir.path().join("copy.sqlite-wal").exists());
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("partial")));

    let preview = preview_backup(&copy).unwrap();
    assert_eq!(preview.counts, store.counts().unwrap());
    assert_eq!(preview.schema_version, migrations::latest_version());
    assert_eq!(preview.council_name, store.settings().unwrap().council_name);
    let newest = store.placements().unwrap().iter().map(|p| p.start).max();
    assert_eq!(preview.newest_placement_start, newest);

    let back = Store::open(&copy).unwrap();
    assert_eq!(back.counts().unwrap(), store.counts().unwrap());
    assert_eq!(back.children().unwrap(), store.children().unwrap());
    assert_eq!(back.carers().unwrap(), store.carers().unwrap());
    assert_eq!(back.placements().unwrap(), store.placements().unwrap());
    assert_eq!(back.settings().unwrap(), store.settings().unwrap());
    assert!(store.counts().unwrap().children > 0);

    // Backing up over the open file itself is refused.
    let err = store.back_up_to(&db).unwrap_err();
    assert!(err.to_string().contains("open database itself"), "{err}");
}

#[test]
fn rotation_keeps_exactly_the_newest_n() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let store = Store::open(&db).unwrap();
    // Another database in the same folder: its backups are not touched.
    let other = dir.path().join("county-test.sqlite");
    let other_store = Store::create_new(&other).unwrap();
    other_store.back_up_rotating_at(1, t0()).unwrap();

    let keep = 4;
    let mut taken = Vec::new();
    for i in 0..keep + 3 {
        let b = store
            .back_up_rotating_at(keep, t0() + minutes(i as i64))
            .unwrap();
        assert_eq!(b.taken_at, t0() + minutes(i as i64));
        assert!(b.bytes > 0);
        taken.push(b);
    }
    let list = list_backups(&db).unwrap();
    assert_eq!(list.len(), keep);
    let mut newest: Vec<_> = taken[3..].to_vec();
    newest.reverse();
    assert_eq!(list, newest);
    assert_eq!(names(&list)[0], "county-20260331-092100.sqlite");
    for old in &taken[..3] {
        assert!(!old.path.exists(), "{} was kept", old.path.display());
    }
    assert_eq!(list_backups(&other).unwrap().len(), 1);
    assert_eq!(backups_dir(&db), dir.path().join("backups"));

    // Within the same second: -2, -3, listed in the order taken.
    let later = t0() + minutes(60);
    for _ in 0..3 {
        store.back_up_rotating_at(keep, later).unwrap();
    }
    let list = list_backups(&db).unwrap();
    assert_eq!(
        names(&list)[..3],
        [
            "county-20260331-101500-3.sqlite",
            "county-20260331-101500-2.sqlite",
            "county-20260331-101500.sqlite"
        ]
    );
    assert_eq!(list.len(), keep);

    // A clock set back: the backup just taken is never the one deleted.
    let b = store.back_up_rotating_at(2, t0() - minutes(600)).unwrap();
    let list = list_backups(&db).unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.contains(&b));
}

#[test]
fn a_backup_during_another_connections_write_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let reader = Store::open(&db).unwrap();
    let before = reader.placements().unwrap();
    let mut writer = Store::open(&db).unwrap();
    let during = dir.path().join("during.sqlite");
    writer
        .write(|tx| {
            tx.execute(
                "UPDATE placements SET weekly_cost_pence = weekly_cost_pence + 1",
                [],
            )?;
            // The write is open, uncommitted, on another connection.
            reader.back_up_to(&during).unwrap();
            Ok(())
        })
        .unwrap();
    let copy = Store::open(&during).unwrap();
    let ok: String = copy
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    assert_eq!(copy.placements().unwrap(), before);

    // Once committed (still in the WAL, not checkpointed), a backup has it.
    let after = dir.path().join("after.sqlite");
    reader.back_up_to(&after).unwrap();
    let copy = Store::open(&after).unwrap();
    let changed = copy.placements().unwrap();
    assert_eq!(changed.len(), before.len());
    for (a, b) in changed.iter().zip(&before) {
        assert_eq!(a.weekly_cost.map(|c| c.0), b.weekly_cost.map(|c| c.0 + 1));
    }
}

#[test]
fn preview_refuses_other_files_and_leaves_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());

    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "not a database at all\n".repeat(100)).unwrap();
    let other_app = dir.path().join("other.sqlite");
    {
        let c = rusqlite::Connection::open(&other_app).unwrap();
        c.execute_batch("CREATE TABLE things (x); INSERT INTO things VALUES (1);")
            .unwrap();
    }
    let newer = dir.path().join("newer.sqlite");
    Store::open(&db).unwrap().back_up_to(&newer).unwrap();
    {
        let c = rusqlite::Connection::open(&newer).unwrap();
        c.pragma_update(
            None,
            "user_version",
            migrations::latest_version() as i64 + 1,
        )
        .unwrap();
    }
    let db_before = Store::open(&db).unwrap().counts().unwrap();

    for (file, expect) in [
        (&text, "not a placement-planner database"),
        (&other_app, "not a placement-planner database"),
        (&newer, "newer version"),
    ] {
        let bytes = std::fs::read(file).unwrap();
        let err = preview_backup(file).unwrap_err();
        assert!(
            err.to_string().contains(expect),
            "{}: {err}",
            file.display()
        );
        if file == &newer {
            assert!(matches!(err, StoreError::TooNew { .. }));
        }
        // Restoring from it is refused too, before anything is touched.
        let err = restore_backup(&db, file).unwrap_err();
        assert!(
            err.to_string().contains(expect),
            "{}: {err}",
            file.display()
        );
        assert_eq!(std::fs::read(file).unwrap(), bytes, "{}", file.display());
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut p = file.as_os_str().to_owned();
            p.push(suffix);
            assert!(!PathBuf::from(p).exists());
        }
    }
    assert!(list_backups(&db).unwrap().is_empty());
    assert_eq!(Store::open(&db).unwrap().counts().unwrap(), db_before);

    let missing = dir.path().join("missing.sqlite");
    assert!(preview_backup(&missing).is_err());
    assert!(!missing.exists());
}

#[test]
fn restore_replaces_the_data_and_keeps_the_replaced_data_as_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let mut store = Store::open(&db).unwrap();
    let original = store.carers().unwrap();
    let backup = store.back_up_rotating_at(10, t0()).unwrap();
    let backup_bytes = std::fs::read(&backup.path).unwrap();

    // Changes after the backup: one carer more, the council renamed.
    let mut extra = original[0].clone();
    extra.id = "NEW1".into();
    store.insert_carer(&extra).unwrap();
    let mut settings = store.settings().unwrap();
    settings.council_name = "Renamed Council".into();
    store.save_settings(&settings).unwrap();
    let changed = store.carers().unwrap();
    // The window still has the file open while it is restored.
    let safety = restore_backup_at(&db, &backup.path, t0() + minutes(5)).unwrap();
    assert_eq!(safety.taken_at, t0() + minutes(5));

    assert_eq!(
        store.carers().unwrap(),
        original,
        "an open connection sees it"
    );
    drop(store);
    let restored = Store::open(&db).unwrap();
    assert_eq!(restored.carers().unwrap(), original);
    assert_ne!(restored.settings().unwrap().council_name, "Renamed Council");

    let kept = Store::open(&safety.path).unwrap();
    assert_eq!(kept.carers().unwrap(), changed);
    assert_eq!(kept.settings().unwrap().council_name, "Renamed Council");
    drop(kept);
    assert_eq!(std::fs::read(&backup.path).unwrap(), backup_bytes);
    let list = list_backups(&db).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].path, safety.path);

    // Restoring the file over itself, or over a missing file, is refused.
    assert!(restore_backup(&db, &db).is_err());
    assert!(restore_backup(&dir.path().join("none.sqlite"), &backup.path).is_err());
}

#[test]
fn opening_backs_up_an_existing_file_with_data_and_only_that() {
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.sqlite");
    let opened = open_for_use(&new, true).unwrap();
    assert!(opened.created_sample);
    assert!(opened.backup.is_none() && opened.backup_warning.is_none());
    drop(opened);

    let empty = dir.path().join("empty.sqlite");
    drop(Store::create_new(&empty).unwrap());
    let opened = open_for_use(&empty, false).unwrap();
    assert!(opened.backup.is_none() && opened.backup_warning.is_none());
    assert!(list_backups(&empty).unwrap().is_empty());
    drop(opened);

    // The sample written on first run is backed up on the next opening.
    let opened = open_for_use(&new, true).unwrap();
    assert!(!opened.created_sample);
    let b = opened.backup.clone().expect("a backup on opening");
    assert_eq!(list_backups(&new).unwrap(), vec![b.clone()]);
    assert_eq!(
        preview_backup(&b.path).unwrap().counts,
        opened.store.counts().unwrap()
    );

    // The number kept is the database's setting.
    let mut store = opened.store;
    assert_eq!(store.keep_backups().unwrap(), DEFAULT_KEEP_BACKUPS);
    assert!(store.set_keep_backups(0).is_err());
    store.set_keep_backups(2).unwrap();
    assert_eq!(store.keep_backups().unwrap(), 2);
    drop(store);
    for _ in 0..3 {
        drop(open_for_use(&new, true).unwrap());
    }
    assert_eq!(list_backups(&new).unwrap().len(), 2);
}

#[test]
fn a_failed_backup_does_not_stop_the_opening() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    // A file where the backups folder should be.
    std::fs::write(dir.path().join("backups"), "in the way").unwrap();
    let opened = open_for_use(&db, false).unwrap();
    assert!(opened.backup.is_none());
    let warning = opened.backup_warning.expect("a warning");
    assert!(warning.contains("backup"), "{warning}");
    assert!(opened.store.counts().unwrap().children > 0);
}

#[test]
fn restore_on_the_command_line_needs_yes() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    let out = planner()
        .args(["backup", "--keep", "3", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let backup = list_backups(&db).unwrap().remove(0);
    assert!(
        stdout.contains(&backup.path.display().to_string()),
        "{stdout}"
    );

    let mut store = Store::open(&db).unwrap();
    let mut settings = store.settings().unwrap();
    settings.council_name = "Renamed Council".into();
    store.save_settings(&settings).unwrap();
    drop(store);
    let bytes = std::fs::read(&db).unwrap();

    let out = planner()
        .args(["backups", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(&backup.path.display().to_string()));

    // Without --yes: both files shown, nothing changed, no backup taken.
    let name = backup.path.file_name().unwrap();
    let out = planner()
        .arg("restore")
        .arg(name)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    // A preview is not a failure (issue 14's messages).
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Nothing was changed; add --yes"),
        "{stdout}"
    );
    assert!(stdout.contains("The backup"), "{stdout}");
    assert!(stdout.contains("The current"), "{stdout}");
    assert!(stdout.contains("Renamed Council"), "{stdout}");
    let children = generate(DEFAULT_SEED).children.len();
    assert!(stdout.contains(&format!("{children} children")), "{stdout}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
    assert_eq!(list_backups(&db).unwrap(), vec![backup.clone()]);

    // With --yes: restored, and the renamed file kept as a backup.
    let out = planner()
        .arg("restore")
        .arg(&backup.path)
        .args(["--yes", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(
        Store::open(&db).unwrap().settings().unwrap().council_name,
        "Renamed Council"
    );
    let list = list_backups(&db).unwrap();
    assert_eq!(list.len(), 2);
    let safety = list.iter().find(|b| b.path != backup.path).unwrap();
    assert_eq!(
        preview_backup(&safety.path).unwrap().council_name,
        "Renamed Council"
    );
}

#[test]
fn the_number_of_backups_kept_is_a_setting() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("keep.sqlite");
    Store::create_new(&db).unwrap();
    let run = |args: &[&str]| planner().arg("--db").arg(&db).args(args).output().unwrap();
    let out = run(&["settings", "--keep-backups", "3"]);
    assert!(out.status.success());
    assert_eq!(Store::open(&db).unwrap().keep_backups().unwrap(), 3);
    let out = run(&["settings"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Backups kept: 3"));
    // Out of range: refused, the setting unchanged.
    let out = run(&["settings", "--keep-backups", "0"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("keep between 1 and 1000 backups"));
    assert_eq!(Store::open(&db).unwrap().keep_backups().unwrap(), 3);
}

/// `backup --keep` outside 1 to 1,000 is refused naming the flag, and no
/// backup is taken.
#[test]
fn backup_keep_out_of_range_is_refused_naming_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_file(dir.path());
    for keep in ["0", "1001"] {
        let err = common::fails(planner().args(["backup", "--keep", keep, "--db"]).arg(&db));
        assert!(
            err.contains("error: --keep: keep between 1 and 1000 backups"),
            "{err}"
        );
    }
    assert!(list_backups(&db).unwrap().is_empty());
}
