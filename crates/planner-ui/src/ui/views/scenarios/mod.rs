//! The Scenarios view: the levers on the left, each with the baseline value
//! beside it; on the right the projection against doing nothing (headline
//! figures, charts, a table by financial year); saved scenarios; and a
//! comparison of up to four saved scenarios side by side.
//!
//! Every figure comes from `crate::scenario`; this view only keeps the
//! levers being edited and the last projection, recomputed when a lever
//! changes (a 10-year projection takes about a millisecond).
//!
//! This file holds the view's state and the "Edit a scenario" layout; the
//! parts are in:
//! - `saved_bar`: the bar above the levers (open, save, export, duplicate,
//!   delete a saved scenario; its notes);
//! - `levers`: the levers on the left, and the lever rows they are built of;
//! - `category_levers`: exit rates and prices by placement category;
//! - `rate_tables`: the fitted exit and move rates behind the levers;
//! - `results`: the headline figures and the table by financial year;
//! - `charts`: the charts, their colours and axes;
//! - `bands`: the uncertainty bands, worked out on another thread;
//! - `comparison`: the "Compare saved" tab;
//! - `text`: numbers and months in words.

mod bands;
mod category_levers;
mod charts;
mod comparison;
mod levers;
mod rate_tables;
mod results;
mod saved_bar;
mod text;

pub use charts::short_money;
pub use text::signed;

use crate::job::{Cancelled, Job};
use crate::scenario::saved::{
    baseline_fingerprint, SavedScenario, ScenarioDraft, DEFAULT_REFERENCE_MONTHS,
};
use crate::scenario::{
    project, Bands, Baseline, LeverError, Levers, Projection, MAX_HORIZON_YEARS,
};
use crate::ui::app::ViewContext;
use bands::BandsKey;
use comparison::Compared;
use jiff::civil::Date;

/// Saved scenarios shown side by side at most.
pub const MAX_COMPARED: usize = 4;

/// Monte Carlo runs behind the bands on screen, and their seed (fixed, so
/// the same levers always show the same bands).
pub const BAND_RUNS: u32 = 5_000;
pub const BAND_SEED: u64 = 1;

/// Reference period the entry and exit rates are measured over, by default.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScenarioTab {
    #[default]
    Edit,
    Compare,
    Backtest,
}

/// The baseline and projection last worked out, with what they came from.
struct Computed {
    generation: u64,
    start: Date,
    reference_months: u32,
    levers: Levers,
    baseline: Baseline,
    fingerprint: String,
    projection: Projection,
}

pub struct ScenariosView {
    pub tab: ScenarioTab,
    /// Start date; the window's as-at date until the user picks one.
    start: Option<Date>,
    reference_months: u32,
    pub levers: Levers,
    pub name: String,
    pub notes: String,
    /// The saved scenario being edited, if any.
    pub current: Option<i64>,
    /// A scenario saved as new, to select once the records come back.
    pending_select: Option<String>,
    computed: Option<Computed>,
    errors: Vec<LeverError>,
    /// Saved scenarios ticked for comparison, in the order ticked.
    pub compare: Vec<i64>,
    compared: Option<(u64, Vec<i64>, Vec<Compared>)>,
    backtest: super::backtest::BacktestPanel,
    /// The bands for the levers they were worked out for.
    bands: Option<(BandsKey, Bands)>,
    /// Bands being worked out on another thread.
    bands_job: Option<(BandsKey, Job<Result<Bands, Cancelled>>)>,
    /// Monte Carlo runs behind the bands.
    pub band_runs: u32,
}

impl Default for ScenariosView {
    fn default() -> Self {
        ScenariosView {
            tab: ScenarioTab::Edit,
            start: None,
            reference_months: DEFAULT_REFERENCE_MONTHS,
            levers: Levers::default(),
            name: String::new(),
            notes: String::new(),
            current: None,
            pending_select: None,
            computed: None,
            errors: Vec::new(),
            compare: Vec::new(),
            compared: None,
            backtest: Default::default(),
            bands: None,
            bands_job: None,
            band_runs: BAND_RUNS,
        }
    }
}

impl ScenariosView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        self.select_pending(ctx);
        ui.horizontal(|ui| {
            ui.heading("Scenarios");
            ui.separator();
            ui.selectable_value(&mut self.tab, ScenarioTab::Edit, "Edit a scenario");
            ui.selectable_value(
                &mut self.tab,
                ScenarioTab::Compare,
                format!(
                    "Compare saved ({} chosen, up to {MAX_COMPARED})",
                    self.compare.len()
                ),
            );
            ui.selectable_value(
                &mut self.tab,
                ScenarioTab::Backtest,
                "Check against the past",
            );
        });
        ui.separator();
        if self.tab != ScenarioTab::Compare && ctx.records.placements.is_empty() {
            super::nothing_to_show_ui(
                ui,
                ctx,
                "There are no placements to project from: a scenario starts from the children \
                 in placements and the entries and exits before its start. Import the SSDA903 \
                 returns (File > Import), or add children and their placements, then come back.",
            );
            return;
        }
        match self.tab {
            ScenarioTab::Edit => self.edit_ui(ui, ctx),
            ScenarioTab::Compare => self.compare_ui(ui, ctx),
            ScenarioTab::Backtest => self.backtest.ui(ui, ctx),
        }
    }

    /// Start date in use.
    fn start(&self, ctx: &ViewContext<'_>) -> Date {
        self.start.unwrap_or(ctx.records.as_at)
    }

    /// After "Save as new", select the saved copy once it is in the records.
    fn select_pending(&mut self, ctx: &ViewContext<'_>) {
        let Some(name) = &self.pending_select else {
            return;
        };
        if let Some(s) = ctx
            .records
            .scenarios
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name) && s.levers == self.levers)
        {
            self.current = Some(s.id);
            self.pending_select = None;
        }
    }

    /// Recomputes the baseline and projection when the records, start date,
    /// reference period or a lever changed.
    fn refresh(&mut self, ctx: &ViewContext<'_>) {
        let start = self.start(ctx);
        let generation = ctx.records.generation;
        let stale_baseline = self.computed.as_ref().is_none_or(|c| {
            c.generation != generation
                || c.start != start
                || c.reference_months != self.reference_months
        });
        let stale_projection = stale_baseline
            || self
                .computed
                .as_ref()
                .is_some_and(|c| c.levers != self.levers);
        if !stale_projection {
            return;
        }
        self.errors = match self.levers.validate() {
            Ok(()) => Vec::new(),
            Err(e) => e,
        };
        if !self.errors.is_empty() && self.computed.is_some() && !stale_baseline {
            // Keep the last good projection on screen beside the errors.
            return;
        }
        let baseline = if stale_baseline {
            Baseline::from_data(&ctx.records.data, start, self.reference_months)
        } else {
            self.computed.take().map(|c| c.baseline).unwrap_or_else(|| {
                Baseline::from_data(&ctx.records.data, start, self.reference_months)
            })
        };
        let levers = if self.errors.is_empty() {
            self.levers.clone()
        } else {
            Levers {
                horizon_years: self.levers.horizon_years.clamp(1, MAX_HORIZON_YEARS),
                ..Levers::default()
            }
        };
        let projection = project(&baseline, &levers);
        self.computed = Some(Computed {
            generation,
            start,
            reference_months: self.reference_months,
            levers: self.levers.clone(),
            fingerprint: baseline_fingerprint(&baseline),
            baseline,
            projection,
        });
    }

    fn current_saved<'a>(&self, ctx: &'a ViewContext<'_>) -> Option<&'a SavedScenario> {
        self.current
            .and_then(|id| ctx.records.scenarios.iter().find(|s| s.id == id))
    }

    /// Loads a saved scenario into the levers.
    pub fn open(&mut self, s: &SavedScenario) {
        self.current = Some(s.id);
        self.name = s.name.clone();
        self.notes = s.notes.clone();
        self.levers = s.levers.clone();
        self.start = Some(s.start);
        self.reference_months = s.reference_months;
        self.pending_select = None;
    }

    fn draft(&self, ctx: &ViewContext<'_>) -> ScenarioDraft {
        self.export_draft(ctx.records.as_at)
    }

    /// The scenario on screen, as saved or exported (`as_at`: the window's
    /// date, the start when the user has not picked one).
    pub fn export_draft(&self, as_at: Date) -> ScenarioDraft {
        let name = self.name.trim();
        ScenarioDraft {
            name: if name.is_empty() {
                "Unsaved scenario".to_string()
            } else {
                name.to_string()
            },
            notes: self.notes.clone(),
            levers: self.levers.clone(),
            start: self.start.unwrap_or(as_at),
            reference_months: self.reference_months,
            baseline_fingerprint: self
                .computed
                .as_ref()
                .map(|c| c.fingerprint.clone())
                .unwrap_or_default(),
        }
    }

    /// The "Edit a scenario" tab: the saved-scenario bar, the levers on the
    /// left and the results on the right.
    fn edit_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        self.refresh(ctx);
        self.poll_bands(ui);
        self.saved_bar_ui(ui, ctx);
        ui.separator();
        egui::Panel::left("scenario_levers")
            .default_size(430.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("levers_scroll")
                    .show(ui, |ui| self.levers_ui(ui, ctx));
            });
        egui::ScrollArea::vertical()
            .id_salt("results_scroll")
            .show(ui, |ui| self.results_ui(ui));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_export_says_so_and_starts_on_the_window_date() {
        let v = ScenariosView::default();
        let d = v.export_draft(jiff::civil::date(2026, 11, 1));
        assert_eq!(d.name, "Unsaved scenario");
        assert_eq!(d.start, jiff::civil::date(2026, 11, 1));
        assert_eq!(d.reference_months, DEFAULT_REFERENCE_MONTHS);
    }
}
