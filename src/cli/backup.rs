//! `backup`, `backups` and `restore`: the rotating backups beside the
//! database, and putting one back.

use super::db::existing_db;
use super::output::cli_error;
use super::output::outln;
use placement_planner::paths;
use std::path::PathBuf;

/// `placement-planner backup`: one rotating backup now.
pub(super) fn backup_command(db: Option<PathBuf>, keep: Option<usize>) -> anyhow::Result<()> {
    let store = existing_db(db)?;
    let (b, keep) = placement_planner::app::backup::back_up_now(&store, keep)
        .map_err(|e| cli_error(e, |_| "--keep"))?;
    outln!(
        "Backed up to {} ({}); keeping the newest {keep}",
        b.path.display(),
        placement_planner::format::size_text(b.bytes)
    );
    Ok(())
}

/// `placement-planner backups`: the backups, newest first.
pub(super) fn backups_command(db: Option<PathBuf>) -> anyhow::Result<()> {
    let db = db.unwrap_or_else(paths::default_database);
    let list = placement_planner::store::list_backups(&db)?;
    let dir = placement_planner::store::backups_dir(&db);
    if list.is_empty() {
        outln!("No backups of {} in {}", db.display(), dir.display());
        return Ok(());
    }
    outln!(
        "{} backups of {} in {}:",
        list.len(),
        db.display(),
        dir.display()
    );
    for b in &list {
        outln!(
            "{}  {:>9}  {}",
            placement_planner::format::local_time_seconds_text(b.taken_at),
            placement_planner::format::size_text(b.bytes),
            b.path.display()
        );
    }
    Ok(())
}

/// `placement-planner restore BACKUP`: shows both files; with --yes,
/// restores (the current file is backed up first).
pub(super) fn restore_command(
    db: Option<PathBuf>,
    backup: PathBuf,
    yes: bool,
) -> anyhow::Result<()> {
    use placement_planner::store::{preview_backup, restore_backup, BackupPreview};
    let db = db.unwrap_or_else(paths::default_database);
    let backup = if backup.exists() || backup.components().count() > 1 {
        backup
    } else {
        placement_planner::store::backups_dir(&db).join(&backup)
    };
    let show = |title: &str, p: &BackupPreview| {
        let c = &p.counts;
        outln!(
            "{title}: {}; {} children, {} carer households, {} homes, {} placements, \
             {} postcodes, {} scenarios; latest placement starts {}; schema {}; {}",
            if p.council_name.is_empty() {
                "council not named"
            } else {
                &p.council_name
            },
            c.children,
            c.carers,
            c.homes,
            c.placements,
            c.postcodes,
            p.scenarios,
            p.newest_placement_start
                .map_or("-".into(), placement_planner::model::format_uk_date),
            p.schema_version,
            placement_planner::format::size_text(p.bytes)
        );
    };
    let incoming = preview_backup(&backup)?;
    show(&format!("The backup {}", backup.display()), &incoming);
    match preview_backup(&db) {
        Ok(current) => show(&format!("The current {}", db.display()), &current),
        Err(e) => outln!("The current {}: {e}", db.display()),
    }
    if !yes {
        // A preview is what was asked for, not a failure.
        outln!(
            "Nothing was changed; add --yes to replace the current data with the backup's \
             (the current file is backed up first)."
        );
        return Ok(());
    }
    let safety = restore_backup(&db, &backup)?;
    outln!(
        "Restored {} from {}; the data it held before is in {}",
        db.display(),
        backup.display(),
        safety.path.display()
    );
    Ok(())
}
