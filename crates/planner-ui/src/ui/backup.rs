//! File > Restore from backup…: the backups beside the database, newest
//! first, with what the chosen one holds, and a confirmation before
//! anything is replaced (the current file is kept as a backup too). The
//! work is `crate::store::{list_backups, preview_backup, restore_backup}`.

use crate::model::format_uk_date;
use crate::store::{list_backups, preview_backup, BackupInfo, BackupPreview};
use std::path::{Path, PathBuf};

pub struct RestoreDialog {
    backups: Vec<BackupInfo>,
    chosen: Option<usize>,
    /// What the chosen backup holds, or why it cannot be read.
    preview: Option<(usize, Result<BackupPreview, String>)>,
}

/// What the user did in the dialog.
pub enum RestoreAction {
    Stay,
    Cancel,
    /// Restore this backup (after the user confirmed).
    Restore(PathBuf),
}

impl RestoreDialog {
    pub fn open(db: &Path) -> Result<RestoreDialog, String> {
        let backups = list_backups(db).map_err(|e| e.to_string())?;
        Ok(RestoreDialog {
            chosen: (!backups.is_empty()).then_some(0),
            backups,
            preview: None,
        })
    }

    pub fn show(&mut self, ctx: &egui::Context) -> RestoreAction {
        if let Some(i) = self.chosen {
            if self.preview.as_ref().is_none_or(|(p, _)| *p != i) {
                let p = preview_backup(&self.backups[i].path).map_err(|e| e.to_string());
                self.preview = Some((i, p));
            }
        }
        let mut action = RestoreAction::Stay;
        egui::Modal::new(egui::Id::unique("restore_dialog")).show(ctx, |ui| {
            ui.set_width(620.0);
            ui.heading("Restore from backup");
            if self.backups.is_empty() {
                ui.label("There are no backups of this database yet. One is taken each time it is opened, and File > Back up now takes one.");
                if ui.button("Close").clicked() {
                    action = RestoreAction::Cancel;
                }
                return;
            }
            ui.label("Restoring replaces everything in the database with the backup's records. The current file is kept as a backup first, so this can be undone by restoring that.");
            egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
                for (i, b) in self.backups.iter().enumerate() {
                    ui.radio_value(
                        &mut self.chosen,
                        Some(i),
                        format!("{}  ({})", crate::format::local_time_seconds_text(b.taken_at), crate::format::size_text(b.bytes)),
                    );
                }
            });
            ui.separator();
            let mut ok = false;
            match &self.preview {
                Some((_, Ok(p))) => {
                    ok = true;
                    ui.label(format!(
                        "It holds {} children, {} carer households, {} homes, {} placements and {} saved scenarios{}; the latest placement starts {}.",
                        p.counts.children,
                        p.counts.carers,
                        p.counts.homes,
                        p.counts.placements,
                        p.scenarios,
                        if p.council_name.is_empty() {
                            String::new()
                        } else {
                            format!(" for {}", p.council_name)
                        },
                        p.newest_placement_start.map_or("(none)".to_string(), format_uk_date)
                    ));
                }
                Some((_, Err(e))) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("This backup cannot be restored: {e}"));
                }
                None => {}
            }
            ui.horizontal(|ui| {
                if ui.add_enabled(ok, egui::Button::new("Restore this backup")).clicked() {
                    if let Some(i) = self.chosen {
                        action = RestoreAction::Restore(self.backups[i].path.clone());
                    }
                }
                if ui.button("Cancel").clicked() {
                    action = RestoreAction::Cancel;
                }
            });
        });
        action
    }
}
