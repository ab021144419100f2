//! The Costs screen: the council's weekly rates by placement category and
//! financial year, edited in place, with the national figures and the
//! yearly uplifts beside them; copying a year forward; importing rates and
//! the finance system's placement costs. Every estimated figure in the
//! window changes as soon as a rate is saved.

use super::super::app::ViewContext;
use super::super::command::Command;
use super::super::file_picker::FilePurpose;
use super::super::forms::{ConfirmDialog, Form};
use crate::costing::{copy_rates_forward, outlier_warning, rates_table};
use crate::format::percent_text;
use crate::import::ImportSource;
use crate::model::date::financial_year_of;
use crate::model::settings::{
    financial_year_label, parse_financial_year, parse_uplift_pct, parse_weekly_rate,
};
use crate::model::{format_uk_date, CostRate, Pence, PlacementCategory, RateChanges};
use std::collections::{BTreeMap, BTreeSet};

/// The source written for a rate typed on this screen.
pub const SCREEN_SOURCE: &str = "entered on the Costs screen";

#[derive(Default)]
pub struct CostsView {
    /// Rate cells being edited: the text typed, by category and year.
    edits: BTreeMap<(PlacementCategory, i32), String>,
    /// Uplift cells being edited.
    uplift_edits: BTreeMap<PlacementCategory, String>,
    /// What was wrong with the last "Save changes", one sentence each.
    errors: Vec<String>,
    /// What to check before believing a rate (an outlier).
    warnings: Vec<String>,
    /// Columns added with "Add a year" before any rate is in them.
    extra_years: BTreeSet<i32>,
    new_year: String,
    copy_from: Option<i32>,
    copy_to: String,
    copy_uplift: String,
    copy_error: Option<String>,
}

/// The text a stored rate shows in its cell: `900` or `912.50`.
fn cell_text(p: Pence) -> String {
    if p.0 % 100 == 0 {
        (p.0 / 100).to_string()
    } else {
        format!("{}.{:02}", p.0 / 100, p.0 % 100)
    }
}

/// Gives a widget a name a screen reader (and a test) can find it by.
fn name_widget(ui: &egui::Ui, response: &egui::Response, name: &str) {
    ui.ctx().accesskit_node_builder(response.id, |b| {
        b.set_label(name.to_string());
    });
}

impl CostsView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let settings = &ctx.records.data.settings;
        let this_year = financial_year_of(ctx.records.as_at);
        let mut table = rates_table(settings, this_year);
        for y in &self.extra_years {
            if !table.years.contains(y) {
                table.years.push(*y);
            }
        }
        table.years.sort_unstable();
        // The table again with the added columns in it.
        let years = table.years.clone();

        ui.heading("Costs");
        ui.label(
            "A placement with no cost of its own (an SSDA903 return holds none) is costed at \
             the council's rate for its category and financial year; else at the nearest year's \
             rate, uplifted; else at the national figure, uplifted and labelled; else its cost \
             is not known. Change a rate and every estimated figure changes with it.",
        );
        let spend = &ctx.records.report.spend;
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!(
                "Spend on {}:",
                format_uk_date(ctx.records.report.as_at)
            ));
            ui.label(spend.weekly_text());
        });
        for line in &ctx.records.report.cost_basis {
            ui.small(line);
        }
        ui.add_space(6.0);

        egui::ScrollArea::horizontal()
            .id_salt("rates_scroll")
            .show(ui, |ui| {
                egui::Grid::new("rates_grid")
                    .striped(true)
                    .spacing([14.0, 6.0])
                    .show(ui, |ui| {
                        ui.strong("Category");
                        for y in &years {
                            ui.strong(financial_year_label(*y));
                        }
                        ui.strong("National figure");
                        ui.strong("Uplift a year (%)");
                        ui.end_row();
                        for row in &table.rows {
                            let c = row.category;
                            ui.label(c.label());
                            for y in &years {
                                let stored = settings
                                    .cost_rates
                                    .iter()
                                    .find(|r| r.category == c && r.financial_year == *y);
                                // Only cells the user changed are kept as edits,
                                // so a reload shows the stored rates.
                                let mut text =
                                    self.edits.get(&(c, *y)).cloned().unwrap_or_else(|| {
                                        stored.map_or(String::new(), |r| cell_text(r.weekly_cost))
                                    });
                                let r = ui.add(
                                    egui::TextEdit::singleline(&mut text)
                                        .hint_text("—")
                                        .desired_width(72.0),
                                );
                                if r.changed() {
                                    self.edits.insert((c, *y), text);
                                }
                                let name = format!("{} {}", c.label(), financial_year_label(*y));
                                name_widget(ui, &r, &name);
                                if let Some(s) = stored {
                                    r.on_hover_text(format!("Source: {}", s.source));
                                }
                            }
                            match row.national {
                                Some(f) => {
                                    ui.label(format!(
                                        "{} ({})",
                                        f.weekly.to_pounds_string(),
                                        f.year
                                    ))
                                    .on_hover_text(f.source);
                                }
                                None => {
                                    ui.weak("none published");
                                }
                            }
                            ui.horizontal(|ui| {
                                let mut text =
                                    self.uplift_edits.get(&c).cloned().unwrap_or_else(|| {
                                        if row.uplift_set_by_council {
                                            percent_text(row.uplift_pct)
                                        } else {
                                            String::new()
                                        }
                                    });
                                let r = ui.add(
                                    egui::TextEdit::singleline(&mut text)
                                        .hint_text(percent_text(
                                            crate::costing::published_uplift_pct(c).0,
                                        ))
                                        .desired_width(52.0),
                                );
                                if r.changed() {
                                    self.uplift_edits.insert(c, text);
                                }
                                name_widget(ui, &r, &format!("{} uplift", c.label()));
                                r.on_hover_text(format!(
                                    "Blank: the published {}% ({})",
                                    percent_text(crate::costing::published_uplift_pct(c).0),
                                    crate::costing::published_uplift_pct(c).1
                                ));
                            });
                            ui.end_row();
                        }
                    });
            });

        ui.horizontal(|ui| {
            let changed = self.changes(settings).map(|c| !c.is_empty());
            if ui
                .add_enabled(changed != Ok(false), egui::Button::new("Save changes"))
                .clicked()
            {
                self.save(ctx);
            }
            if ui.button("Discard changes").clicked() {
                self.reset();
            }
        });
        for e in &self.errors {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        for w in &self.warnings {
            ui.colored_label(ui.visuals().warn_fg_color, w);
        }

        ui.add_space(8.0);
        ui.separator();
        self.add_year_ui(ui);
        ui.add_space(4.0);
        self.copy_forward_ui(ui, ctx, &years);
        ui.add_space(8.0);
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Import cost rates…").clicked() {
                *ctx.file_request = Some(FilePurpose::Import {
                    choice: ImportSource::Rates,
                    step: 0,
                });
            }
            if ui
                .button("Import placement costs from the finance system…")
                .clicked()
            {
                *ctx.file_request = Some(FilePurpose::Import {
                    choice: ImportSource::FinanceCosts,
                    step: 0,
                });
            }
        });
        ui.small(
            "Rates file: category, financial_year, weekly_cost (pounds), source. Finance file: \
             child, start_date, weekly_cost, and optionally end_date, provider_name, ofsted_urn, \
             invoice_period; each row is matched to the child's placement open on its date. \
             `placement-planner template rates|costs --out FILE` writes either template.",
        );
    }

    fn reset(&mut self) {
        self.edits.clear();
        self.uplift_edits.clear();
        self.errors.clear();
        self.warnings.clear();
    }

    /// The changes the edits stand for, or the reasons they cannot be saved.
    fn changes(&self, settings: &crate::model::Settings) -> Result<RateChanges, Vec<String>> {
        let mut errors = Vec::new();
        let mut changes = RateChanges::default();
        for (&(c, y), text) in &self.edits {
            let stored = settings
                .cost_rates
                .iter()
                .find(|r| r.category == c && r.financial_year == y);
            let name = format!("{} {}", c.label(), financial_year_label(y));
            if text.trim().is_empty() {
                if stored.is_some() {
                    changes.delete.push((c, y));
                }
                continue;
            }
            match parse_weekly_rate(text) {
                Err(e) => errors.push(format!("{name}: {e}")),
                Ok(w) if stored.is_some_and(|s| s.weekly_cost == w) => {}
                Ok(w) => changes.put.push(CostRate {
                    category: c,
                    financial_year: y,
                    weekly_cost: w,
                    source: SCREEN_SOURCE.to_string(),
                }),
            }
        }
        for (&c, text) in &self.uplift_edits {
            let stored = settings.cost_uplift_pct.get(&c).copied();
            let wanted = if text.trim().is_empty() {
                None
            } else {
                match parse_uplift_pct(text) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        errors.push(format!("{} uplift: {e}", c.label()));
                        continue;
                    }
                }
            };
            if wanted != stored {
                changes.uplifts.push((c, wanted));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(changes)
    }

    fn save(&mut self, ctx: &mut ViewContext<'_>) {
        match self.changes(&ctx.records.data.settings) {
            Err(errors) => self.errors = errors,
            Ok(changes) => {
                let warnings: Vec<String> = changes
                    .put
                    .iter()
                    .filter_map(|r| {
                        outlier_warning(r.weekly_cost).map(|w| {
                            format!(
                                "{} {}: {w}",
                                r.category.label(),
                                financial_year_label(r.financial_year)
                            )
                        })
                    })
                    .collect();
                if !changes.is_empty() {
                    ctx.commands.push(Command::ChangeRates(changes));
                }
                self.reset();
                self.warnings = warnings;
            }
        }
    }

    fn add_year_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let l = ui.label("Add a year");
            ui.add(
                egui::TextEdit::singleline(&mut self.new_year)
                    .hint_text("2027-28")
                    .desired_width(80.0),
            )
            .labelled_by(l.id);
            if ui.button("Add column").clicked() {
                match parse_financial_year(&self.new_year) {
                    Ok(y) => {
                        self.extra_years.insert(y);
                        self.new_year.clear();
                        self.errors.clear();
                    }
                    Err(e) => self.errors = vec![format!("Add a year: {e}")],
                }
            }
        });
    }

    fn copy_forward_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, years: &[i32]) {
        let settings = &ctx.records.data.settings;
        let with_rates: Vec<i32> = years
            .iter()
            .copied()
            .filter(|y| settings.cost_rates.iter().any(|r| r.financial_year == *y))
            .collect();
        if with_rates.is_empty() {
            return;
        }
        let from = *self
            .copy_from
            .get_or_insert(*with_rates.last().unwrap_or(&0));
        ui.horizontal(|ui| {
            let from_label = ui.label("Copy the rates of");
            egui::ComboBox::from_id_salt("copy_from")
                .selected_text(financial_year_label(from))
                .show_ui(ui, |ui| {
                    for y in &with_rates {
                        ui.selectable_value(
                            &mut self.copy_from,
                            Some(*y),
                            financial_year_label(*y),
                        );
                    }
                })
                .response
                .labelled_by(from_label.id);
            let l = ui.label("to");
            ui.add(
                egui::TextEdit::singleline(&mut self.copy_to)
                    .hint_text(financial_year_label(from + 1))
                    .desired_width(80.0),
            )
            .labelled_by(l.id);
            let l = ui.label("uplifted by (% a year)");
            ui.add(
                egui::TextEdit::singleline(&mut self.copy_uplift)
                    .hint_text("each category's")
                    .desired_width(100.0),
            )
            .labelled_by(l.id);
            if ui.button("Copy").clicked() {
                self.copy(ctx, from);
            }
        });
        if let Some(e) = &self.copy_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }

    fn copy(&mut self, ctx: &mut ViewContext<'_>, from: i32) {
        self.copy_error = None;
        let to = if self.copy_to.trim().is_empty() {
            Ok(from + 1)
        } else {
            parse_financial_year(&self.copy_to)
        };
        let uplift = if self.copy_uplift.trim().is_empty() {
            Ok(None)
        } else {
            parse_uplift_pct(&self.copy_uplift).map(Some)
        };
        let (to, uplift) = match (to, uplift) {
            (Ok(t), Ok(u)) => (t, u),
            (Err(e), _) | (_, Err(e)) => {
                self.copy_error = Some(e);
                return;
            }
        };
        if to == from {
            self.copy_error = Some("copy to another year".into());
            return;
        }
        let settings = &ctx.records.data.settings;
        let rates = copy_rates_forward(settings, from, to, uplift);
        let replaced = rates
            .iter()
            .filter(|r| {
                settings
                    .cost_rates
                    .iter()
                    .any(|s| s.category == r.category && s.financial_year == to)
            })
            .count();
        self.extra_years.insert(to);
        self.edits.clear();
        // The rates are worked out here only to ask before replacing any;
        // the operation copies them.
        let command = Command::CopyRates { from, to, uplift };
        if replaced > 0 {
            *ctx.form = Some(Form::Confirm(ConfirmDialog {
                title: "Replace rates".into(),
                message: format!(
                    "{} already has {replaced} rate{} for these categories; replace {} with the \
                     {} rates uplifted?",
                    financial_year_label(to),
                    if replaced == 1 { "" } else { "s" },
                    if replaced == 1 { "it" } else { "them" },
                    financial_year_label(from)
                ),
                confirm_label: "Replace".into(),
                command,
                store_error: None,
            }));
        } else {
            ctx.commands.push(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_show_pounds_without_needless_pence() {
        assert_eq!(cell_text(Pence(90_000)), "900");
        assert_eq!(cell_text(Pence(91_250)), "912.50");
        assert_eq!(cell_text(Pence(5)), "0.05");
    }
}
