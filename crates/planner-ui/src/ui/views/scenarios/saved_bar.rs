//! The bar above the levers: pick a saved scenario (or a new one), name it,
//! save, save as new, export, duplicate or delete it, and its notes.

use super::ScenariosView;
use crate::model::format_uk_date;
use crate::scenario::saved::SavedScenario;
use crate::ui::app::ViewContext;
use crate::ui::command::Command;
use crate::ui::file_picker::FilePurpose;
use crate::ui::forms::{ConfirmDialog, Form};

impl ScenariosView {
    /// Saved scenarios: open, save, save as new, duplicate, delete.
    pub(super) fn saved_bar_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let saved = self.current_saved(ctx).cloned();
        ui.horizontal(|ui| {
            self.saved_picker_ui(ui, ctx, saved.as_ref());
            let l = ui.label("Name:");
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(180.0))
                .labelled_by(l.id);
            self.save_buttons_ui(ui, ctx, saved.as_ref());
            if let Some(s) = &saved {
                self.saved_actions_ui(ui, ctx, s);
            }
        });
        if let Some(s) = &saved {
            self.saved_status_ui(ui, ctx, s);
        }
        ui.horizontal(|ui| {
            let l = ui.label("Notes:");
            ui.add(
                egui::TextEdit::multiline(&mut self.notes)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY)
                    .hint_text("What this scenario assumes, who asked for it, for which paper"),
            )
            .labelled_by(l.id);
        });
    }

    /// The list of saved scenarios: picking one opens it; "New scenario"
    /// starts again from no changes (keeping the scenarios ticked for
    /// comparison).
    fn saved_picker_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewContext<'_>,
        saved: Option<&SavedScenario>,
    ) {
        let l = ui.label("Saved:");
        let shown = saved.map_or("(new, not saved)".to_string(), |s| s.name.clone());
        let mut open = None;
        egui::ComboBox::from_id_salt("saved_scenarios")
            .selected_text(shown)
            .width(220.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(self.current.is_none(), "New scenario")
                    .clicked()
                {
                    open = Some(None);
                }
                for s in &ctx.records.scenarios {
                    if ui
                        .selectable_label(self.current == Some(s.id), &s.name)
                        .clicked()
                    {
                        open = Some(Some(s.clone()));
                    }
                }
            })
            .response
            .labelled_by(l.id);
        match open {
            Some(Some(s)) => self.open(&s),
            Some(None) => {
                *self = ScenariosView {
                    compare: std::mem::take(&mut self.compare),
                    band_runs: self.band_runs,
                    ..ScenariosView::default()
                }
            }
            None => {}
        }
    }

    /// "Save" (when a saved scenario is open), "Save as new" and "Export…".
    fn save_buttons_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut ViewContext<'_>,
        saved: Option<&SavedScenario>,
    ) {
        let can_save = !self.name.trim().is_empty() && self.errors.is_empty();
        let why_not = if self.name.trim().is_empty() {
            "Give the scenario a name first"
        } else {
            "Correct the levers marked in red first"
        };
        if let Some(s) = saved {
            if ui
                .add_enabled(can_save, egui::Button::new("Save"))
                .on_hover_text(format!("Save the changes to '{}'", s.name))
                .on_disabled_hover_text(why_not)
                .clicked()
            {
                ctx.commands.push(Command::SaveScenario {
                    id: Some(s.id),
                    draft: Box::new(self.draft(ctx)),
                });
            }
        }
        if ui
            .add_enabled(can_save, egui::Button::new("Save as new"))
            .on_disabled_hover_text(why_not)
            .clicked()
        {
            self.pending_select = Some(self.name.trim().to_string());
            ctx.commands.push(Command::SaveScenario {
                id: None,
                draft: Box::new(self.draft(ctx)),
            });
        }
        if ui
            .add_enabled(self.errors.is_empty(), egui::Button::new("Export…"))
            .on_hover_text(
                "The projection by month and financial year, with the levers, as XLSX or CSV",
            )
            .clicked()
        {
            *ctx.file_request = Some(FilePurpose::ExportScenario);
        }
    }

    /// "Duplicate" and "Delete…" for the saved scenario open, and whether
    /// the levers differ from it.
    fn saved_actions_ui(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &mut ViewContext<'_>,
        s: &SavedScenario,
    ) {
        if ui.button("Duplicate").clicked() {
            ctx.commands.push(Command::DuplicateScenario(s.id));
        }
        if ui.button("Delete…").clicked() {
            *ctx.form = Some(Form::Confirm(ConfirmDialog {
                title: "Delete scenario".into(),
                message: format!(
                    "Delete the saved scenario '{}'? Its levers and notes are removed \
                     from the database; the records it was built on are not changed.",
                    s.name
                ),
                confirm_label: "Delete scenario".into(),
                command: Command::DeleteScenario {
                    id: s.id,
                    name: s.name.clone(),
                },
                store_error: None,
            }));
        }
        if self.unsaved_changes(s, ctx) {
            ui.colored_label(ui.visuals().warn_fg_color, "unsaved changes");
        }
    }

    /// Under the bar: when the scenario open was saved and what its
    /// baseline is read with, and a warning when the records have changed
    /// since. Forgets the scenario once it is deleted.
    fn saved_status_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, s: &SavedScenario) {
        if ctx.records.scenarios.iter().all(|x| x.id != s.id) {
            self.current = None;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "Saved {} · start {} · reference period {} months",
                s.saved_at_text(),
                format_uk_date(s.start),
                s.reference_months
            ));
            if self.records_changed_since(s) {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "⚠ The records have changed since this scenario was saved: the \
                     baseline below is worked out from today's records, so the figures \
                     differ from those seen when it was saved.",
                );
            }
        });
    }

    /// Whether the baseline on screen, read with the saved scenario's own
    /// start date and reference period, differs from the one it was saved
    /// with (false while the user has moved either, as the baselines would
    /// differ anyway).
    fn records_changed_since(&self, s: &SavedScenario) -> bool {
        self.computed.as_ref().is_some_and(|c| {
            s.start == c.start
                && s.reference_months == c.reference_months
                && s.baseline_changed(&c.baseline)
        })
    }

    /// Whether the scenario on screen differs from the saved one.
    fn unsaved_changes(&self, s: &SavedScenario, ctx: &ViewContext<'_>) -> bool {
        s.name != self.name.trim()
            || s.notes != self.notes
            || s.levers != self.levers
            || s.start != self.start(ctx)
            || s.reference_months != self.reference_months
    }
}
