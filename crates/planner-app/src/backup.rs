//! Backing up now: one rotating backup beside the database, keeping the
//! number the user chose (or the council's setting).

use crate::store::BackupStore;
use crate::{AppError, AppResult, Field};
use planner_store::store::{BackupInfo, Store};

/// Takes one rotating backup, keeping the newest `keep` (the database's own
/// setting when `None`); returns the backup written.
pub fn back_up_now<S: BackupStore + ?Sized>(
    store: &S,
    keep: Option<usize>,
) -> AppResult<(BackupInfo, usize)> {
    let keep = match keep {
        Some(n) => {
            Store::check_keep_backups(n).map_err(|e| AppError::Invalid {
                field: Field::KeepBackups,
                reason: e.to_string(),
            })?;
            n
        }
        None => store.keep_backups()?,
    };
    Ok((store.back_up_rotating(keep)?, keep))
}
