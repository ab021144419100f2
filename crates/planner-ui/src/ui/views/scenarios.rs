//! The Scenarios view: the levers on the left, each with the baseline value
//! beside it; on the right the projection against doing nothing (headline
//! figures, charts, a table by financial year); saved scenarios; and a
//! comparison of up to four saved scenarios side by side.
//!
//! Every figure comes from `crate::scenario`; this file only keeps the
//! levers being edited and the last projection, recomputed when a lever
//! changes (a 10-year projection takes about a millisecond).

use super::super::app::ViewContext;
use super::super::command::Command;
use super::super::file_picker::FilePurpose;
use super::super::forms::{ConfirmDialog, Form};
use super::year_fraction;
use crate::job::{Job, JobState};
use crate::model::{format_uk_date, Pence, PlacementCategory};
use crate::scenario::saved::{baseline_fingerprint, SavedScenario, ScenarioDraft};
use crate::scenario::{
    monte_carlo, project, Bands, Baseline, LeverError, LeverSection, LeverSpec, LeverUnit, Levers,
    MoveKind, Percentiles, Projection, RateCell, RateChange, LEVERS,
};
use egui_plot::{FilledArea, Legend, Line, LineStyle, Plot, PlotPoints};
use jiff::civil::Date;

/// Saved scenarios shown side by side at most.
pub const MAX_COMPARED: usize = 4;

/// Monte Carlo runs behind the bands on screen, and their seed (fixed, so
/// the same levers always show the same bands).
pub const BAND_RUNS: u32 = 5_000;
pub const BAND_SEED: u64 = 1;

/// Reference period the entry and exit rates are measured over, by default.
const DEFAULT_REFERENCE_MONTHS: u32 = 24;

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

/// One compared scenario, projected on today's records.
struct Compared {
    scenario: SavedScenario,
    projection: Projection,
    data_changed: bool,
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
    bands_job: Option<(BandsKey, Job<Bands>)>,
    /// Monte Carlo runs behind the bands.
    pub band_runs: u32,
}

/// What a set of bands was worked out from.
#[derive(Clone, PartialEq)]
struct BandsKey {
    generation: u64,
    start: Date,
    reference_months: u32,
    levers: Levers,
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
                    "Compare saved ({} of {MAX_COMPARED} chosen)",
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
                horizon_years: self.levers.horizon_years.clamp(1, 10),
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

    /// The key of the projection on screen, when its levers are in range.
    fn bands_key(&self) -> Option<BandsKey> {
        let c = self.computed.as_ref()?;
        (self.errors.is_empty() && c.levers == self.levers).then(|| BandsKey {
            generation: c.generation,
            start: c.start,
            reference_months: c.reference_months,
            levers: c.levers.clone(),
        })
    }

    /// Collects finished bands and starts the next job when the levers
    /// have moved on. One job at a time: while the user drags a lever the
    /// bands follow as fast as they can be worked out, never queueing. The
    /// worker wakes the window when it is done, so nothing repaints while
    /// waiting.
    fn poll_bands(&mut self, ui: &egui::Ui) {
        if let Some((key, job)) = &self.bands_job {
            match job.poll() {
                JobState::Done(bands) => {
                    self.bands = Some((key.clone(), bands));
                    self.bands_job = None;
                }
                JobState::Working => return,
                JobState::Lost => self.bands_job = None,
            }
        }
        let Some(key) = self.bands_key() else {
            return;
        };
        if self.bands.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let Some(c) = &self.computed else {
            return;
        };
        let baseline = c.baseline.clone();
        let levers = key.levers.clone();
        let runs = self.band_runs;
        let wake = ui.ctx().clone();
        let job = Job::start(
            move |_| monte_carlo(&baseline, &levers, runs, BAND_SEED),
            move || wake.request_repaint(),
        );
        self.bands_job = Some((key, job));
    }

    /// Waits for the bands being worked out, if any (for tests and for
    /// closing cleanly).
    pub fn finish_background_work(&mut self) {
        if let Some((key, job)) = self.bands_job.take() {
            if let Some(bands) = job.wait() {
                self.bands = Some((key, bands));
            }
        }
        self.backtest.finish_background_work();
    }

    /// Bands matching the projection on screen, if worked out.
    fn current_bands(&self) -> Option<&Bands> {
        let key = self.bands_key()?;
        self.bands
            .as_ref()
            .and_then(|(k, b)| (*k == key).then_some(b))
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

    // ------------------------------------------------------------ editing

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

    /// Saved scenarios: open, save, save as new, duplicate, delete.
    fn saved_bar_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let saved = self.current_saved(ctx).cloned();
        ui.horizontal(|ui| {
            let l = ui.label("Saved:");
            let shown = saved
                .as_ref()
                .map_or("(new, not saved)".to_string(), |s| s.name.clone());
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
            let l = ui.label("Name:");
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(180.0))
                .labelled_by(l.id);
            let can_save = !self.name.trim().is_empty() && self.errors.is_empty();
            let why_not = if self.name.trim().is_empty() {
                "Give the scenario a name first"
            } else {
                "Correct the levers marked in red first"
            };
            if let Some(s) = &saved {
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
            if let Some(s) = &saved {
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
                if unsaved_changes(s, self, ctx) {
                    ui.colored_label(ui.visuals().warn_fg_color, "unsaved changes");
                }
            }
        });
        if let Some(s) = &saved {
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
                if let Some(c) = &self.computed {
                    if s.start == c.start
                        && s.reference_months == c.reference_months
                        && s.baseline_fingerprint != c.fingerprint
                    {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            "⚠ The records have changed since this scenario was saved: the \
                             baseline below is worked out from today's records, so the figures \
                             differ from those seen when it was saved.",
                        );
                    }
                }
            });
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

    fn levers_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        let Some(c) = &self.computed else {
            return;
        };
        let b = &c.baseline;
        let errors = self.errors.clone();
        let start_now = self.start(ctx);
        let mut start = start_now;
        let mut reference_months = self.reference_months;
        let lv = &mut self.levers;

        ui.strong(LeverSection::Period.title());
        egui::Grid::new("lever_period")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                let l = ui.label("Start date");
                ui.add(
                    egui_extras::DatePickerButton::new(&mut start)
                        .id_salt("scenario_start")
                        .format("%d/%m/%Y"),
                )
                .labelled_by(l.id);
                ui.label("");
                ui.end_row();
                spec_levers(ui, &errors, LeverSection::Period, lv, b);
                let mut months = f64::from(reference_months);
                lever(
                    ui,
                    &errors,
                    "reference_months",
                    "Rates measured over",
                    &mut months,
                    1.0..=120.0,
                    " months",
                    true,
                    "the months before the start",
                );
                reference_months = months.round() as u32;
            });
        if let Err(e) = crate::scenario::baseline::check_reference(
            &ctx.records.data,
            start_now,
            self.reference_months,
        ) {
            ui.colored_label(ui.visuals().warn_fg_color, format!("Rates: {e}."));
        }
        for note in &b.notes {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }
        for note in lv.cancelled(b) {
            ui.colored_label(ui.visuals().warn_fg_color, note);
        }

        for section in [LeverSection::Recruitment, LeverSection::StepDown] {
            spec_section(ui, &errors, section, lv, b);
        }

        ui.add_space(6.0);
        ui.strong("Moves between placement types");
        egui::Grid::new("lever_moves")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for kind in MoveKind::ALL {
                    let (n, per_year) = crate::scenario::moves::observed(b, kind);
                    let mut pct = lv.move_changes.get(&kind).copied().unwrap_or(0.0);
                    lever(
                        ui,
                        &errors,
                        &format!("move_changes.{}", kind.code()),
                        kind.label(),
                        &mut pct,
                        -100.0..=200.0,
                        " %",
                        false,
                        &format!(
                            "{per_year:.1} a year in the history ({n} in {} months)",
                            b.reference_months
                        ),
                    );
                    // No change is no entry, so untouched levers stay equal
                    // to the defaults (and to saved scenarios).
                    if pct == 0.0 {
                        lv.move_changes.remove(&kind);
                    } else {
                        lv.move_changes.insert(kind, pct);
                    }
                }
            });

        for section in [LeverSection::Where, LeverSection::StayingPut] {
            spec_section(ui, &errors, section, lv, b);
        }

        ui.add_space(6.0);
        ui.strong(LeverSection::Demand.title());
        egui::Grid::new("lever_demand")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                spec_levers(ui, &errors, LeverSection::Demand, lv, b);
                let l = ui.label("Entrants follow their trend");
                match &b.entry_trend {
                    Some(t) => {
                        ui.checkbox(&mut lv.entry_trend, "")
                            .labelled_by(l.id)
                            .on_hover_text(
                                "Off: entrants stay at the reference period's average. On: they \
                                 follow the trend fitted over it (Poisson regression), in both runs.",
                            );
                        ui.weak(format!(
                            "fitted {:+.1}% a year, {:.1} a month now",
                            100.0 * t.yearly_change,
                            t.start_level
                        ));
                    }
                    None => {
                        ui.add_enabled(false, egui::Checkbox::new(&mut lv.entry_trend, ""))
                            .labelled_by(l.id);
                        ui.weak("needs 12 months of history with entrants");
                    }
                }
                ui.end_row();
            });

        spec_section(ui, &errors, LeverSection::Investment, lv, b);

        ui.add_space(6.0);
        egui::CollapsingHeader::new("Exit rates by age band: the data behind them")
            .id_salt("lever_bands")
            .show(ui, |ui| band_rates_ui(ui, b));

        ui.add_space(6.0);
        egui::CollapsingHeader::new("Moves between placement types: the data behind them")
            .id_salt("lever_move_rates")
            .show(ui, |ui| move_rates_ui(ui, b));

        ui.add_space(6.0);
        egui::CollapsingHeader::new("Exit rates and prices by category")
            .id_salt("lever_categories")
            .show(ui, |ui| {
                ui.label(
                    "Exit rate: the monthly share of a category's children who leave care, \
                     measured over the reference period. Change it by multiplying or adding; \
                     each change moves that rate alone. Weekly cost and price rises apply to \
                     both runs (they are the market, not the council's action); hover a cost \
                     to see where the baseline's figure comes from.",
                );
                egui::Grid::new("lever_rates")
                    .num_columns(5)
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("Category");
                        ui.strong("Baseline exit rate");
                        ui.strong("Change");
                        ui.strong("Weekly cost");
                        ui.strong("Price rise a year");
                        ui.end_row();
                        for cat in PlacementCategory::ALL.iter().copied() {
                            category_row(ui, &errors, lv, b, cat);
                        }
                    });
            });
        if !errors.is_empty() {
            ui.add_space(6.0);
            for e in &errors {
                ui.colored_label(ui.visuals().error_fg_color, &e.message);
            }
        }
        if start != start_now {
            self.start = Some(start);
        }
        self.reference_months = reference_months;
    }

    fn results_ui(&mut self, ui: &mut egui::Ui) {
        let Some(c) = &self.computed else {
            return;
        };
        let p = &c.projection;
        if !self.errors.is_empty() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                "Some levers are out of range (see the list under the levers): the figures \
                 below are not for these levers; correct them to see the scenario.",
            );
        }
        let bands = self.current_bands();
        headline_ui(ui, p);
        ui.add_space(4.0);
        match bands {
            Some(b) => ui
                .weak(format!(
                    "Shaded: the middle 80% (P10 to P90) of {} simulated futures with random \
                     entries, exits and recruitment (seed {}).",
                    group(u64::from(b.runs)),
                    b.seed
                ))
                .on_hover_text(
                    "The lines are expected values. Simulated households arrive whole and \
                     children one at a time, so where in-house places run short the middle \
                     simulated future can sit below the line: read the band, not the line \
                     alone. Method: docs/scenario-model.md section 5.",
                ),
            None if self.errors.is_empty() => ui.weak(format!(
                "Working out the uncertainty bands ({} simulated futures)…",
                group(u64::from(self.band_runs))
            )),
            None => ui.weak(""),
        };
        charts_ui(ui, p, bands);
        ui.add_space(8.0);
        years_table_ui(ui, p, bands);
        ui.add_space(8.0);
        ui.weak(format!(
            "Baseline on {}: {} children in placements; {:.1} entering a month, rates from the \
             {} months before. Unit costs: the mean of the open placements' costs by the \
             costing rule (their own, else the council's rate, else the national figure), else \
             the category's rate or national figure. Model: docs/scenario-model.md.",
            format_uk_date(c.baseline.start),
            c.baseline.children.len(),
            c.baseline.monthly_entries,
            c.baseline.reference_months,
        ));
        ui.weak(crate::report::projection::start_spend_line(&c.baseline));
    }

    // ---------------------------------------------------------- comparing

    fn compare_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let scenarios = &ctx.records.scenarios;
        if scenarios.is_empty() {
            ui.label(
                "No saved scenarios yet. Set the levers under \"Edit a scenario\", give it a \
                 name and press \"Save as new\"; then choose up to four here.",
            );
            return;
        }
        self.compare
            .retain(|id| scenarios.iter().any(|s| s.id == *id));
        ui.label(format!(
            "Choose up to {MAX_COMPARED} saved scenarios; each is projected on today's records \
             from its own start date."
        ));
        ui.horizontal_wrapped(|ui| {
            for s in scenarios {
                let mut on = self.compare.contains(&s.id);
                let full = self.compare.len() >= MAX_COMPARED && !on;
                if ui
                    .add_enabled(!full, egui::Checkbox::new(&mut on, &s.name))
                    .on_disabled_hover_text(format!(
                        "{MAX_COMPARED} are chosen already: untick one first"
                    ))
                    .changed()
                {
                    if on {
                        self.compare.push(s.id);
                    } else {
                        self.compare.retain(|id| *id != s.id);
                    }
                }
            }
        });
        ui.separator();
        let generation = ctx.records.generation;
        let fresh = self
            .compared
            .as_ref()
            .is_some_and(|(g, ids, _)| *g == generation && *ids == self.compare);
        if !fresh {
            let list = self
                .compare
                .iter()
                .filter_map(|id| scenarios.iter().find(|s| s.id == *id))
                .map(|s| {
                    let baseline =
                        Baseline::from_data(&ctx.records.data, s.start, s.reference_months);
                    Compared {
                        data_changed: baseline_fingerprint(&baseline) != s.baseline_fingerprint,
                        projection: project(&baseline, &s.levers),
                        scenario: s.clone(),
                    }
                })
                .collect();
            self.compared = Some((generation, self.compare.clone(), list));
        }
        let Some((_, _, list)) = &self.compared else {
            return;
        };
        if list.is_empty() {
            ui.label("Tick the scenarios to compare.");
            return;
        }
        let mut open = None;
        egui::ScrollArea::vertical()
            .id_salt("compare_scroll")
            .show(ui, |ui| {
                comparison_table_ui(ui, list, &mut open);
                ui.add_space(8.0);
                comparison_chart_ui(ui, list);
            });
        if let Some(s) = open {
            self.open(&s);
            self.tab = ScenarioTab::Edit;
        }
    }
}

fn unsaved_changes(s: &SavedScenario, v: &ScenariosView, ctx: &ViewContext<'_>) -> bool {
    s.name != v.name.trim()
        || s.notes != v.notes
        || s.levers != v.levers
        || s.start != v.start(ctx)
        || s.reference_months != v.reference_months
}

/// Expected would-be IFA entrants a month in the baseline (never −0: an
/// empty sum of floats is −0.0).
/// A difference with its sign, to `decimals` places; "±0" when it rounds
/// to nothing (never "-0").
pub fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{:+.*}", decimals, x);
    if text[1..].chars().all(|c| c == '0' || c == '.') {
        format!("±{}", &text[1..])
    } else {
        text
    }
}

fn group(n: u64) -> String {
    crate::model::money::group_thousands(n)
}

fn error_for<'a>(errors: &'a [LeverError], field: &str) -> Option<&'a LeverError> {
    errors.iter().find(|e| e.field == field)
}

/// The end of a lever row: "out of range" when the lever is, else the
/// baseline (or a hint) beside it.
fn lever_end(ui: &mut egui::Ui, errors: &[LeverError], field: &str, beside: &str) {
    if error_for(errors, field).is_some() {
        ui.colored_label(ui.visuals().error_fg_color, "out of range");
    } else {
        ui.weak(beside);
    }
    ui.end_row();
}

/// One lever row: label, value, baseline (or a hint) beside it. A `whole`
/// lever (years, months, children) shows no decimals and drags slowly.
#[allow(clippy::too_many_arguments)]
fn lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    field: &str,
    label: &str,
    value: &mut f64,
    range: std::ops::RangeInclusive<f64>,
    suffix: &str,
    whole: bool,
    beside: &str,
) {
    let l = ui.label(label);
    let speed = if whole {
        0.05
    } else {
        ((range.end() - range.start()) / 500.0).max(0.05)
    };
    let r = ui
        .add(
            egui::DragValue::new(value)
                .range(range)
                .speed(speed)
                .max_decimals(if whole { 0 } else { 2 })
                .suffix(suffix),
        )
        .labelled_by(l.id);
    if let Some(e) = error_for(errors, field) {
        r.on_hover_text(&e.message);
    }
    lever_end(ui, errors, field, beside);
}

/// A titled group of the number levers of `section` (see
/// `scenario::lever_spec`).
fn spec_section(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    section: LeverSection,
    lv: &mut Levers,
    b: &Baseline,
) {
    ui.add_space(6.0);
    ui.strong(section.title());
    egui::Grid::new(("lever_section", section.title()))
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| spec_levers(ui, errors, section, lv, b));
}

/// One row for each number lever of `section`, in the grid being drawn.
fn spec_levers(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    section: LeverSection,
    lv: &mut Levers,
    b: &Baseline,
) {
    for spec in LEVERS.iter().filter(|s| s.section == section) {
        spec_lever(ui, errors, spec, lv, b);
    }
}

/// One number lever's row: its label, an editor for its unit, and what
/// the baseline says beside it. An optional lever left out shows the
/// council's own figure and is set only when the user changes it.
fn spec_lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    spec: &LeverSpec,
    lv: &mut Levers,
    b: &Baseline,
) {
    let set = (spec.get)(lv).is_some();
    let before = spec.value_or_fallback(lv, b).unwrap_or(0.0);
    let mut beside = (spec.beside)(b);
    if spec.fallback.is_some() && !set && spec.unit != LeverUnit::Share {
        beside.push_str(" (used)");
    }
    let mut value = before;
    match spec.unit {
        LeverUnit::Amount | LeverUnit::Whole | LeverUnit::Percent => {
            let suffix = match spec.unit {
                LeverUnit::Whole => format!(" {}", spec.per),
                LeverUnit::Percent => " %".to_string(),
                _ => String::new(),
            };
            lever(
                ui,
                errors,
                spec.key,
                spec.label,
                &mut value,
                spec.min..=spec.max,
                &suffix,
                spec.unit == LeverUnit::Whole,
                &beside,
            );
            if spec.unit == LeverUnit::Whole {
                value = value.round();
            }
        }
        LeverUnit::Share if spec.fallback.is_some() => {
            let mut share = (spec.get)(lv);
            optional_share_lever(
                ui, errors, spec.key, spec.label, &mut share, before, &beside,
            );
            (spec.set)(lv, share);
            return;
        }
        LeverUnit::Share => percent_lever(ui, errors, spec.key, spec.label, &mut value, &beside),
        LeverUnit::Pence => {
            let mut pence = value.round() as i64;
            money_lever(
                ui, errors, spec.key, spec.label, &mut pence, spec.max, &beside,
            );
            value = pence as f64;
        }
    }
    if value != before {
        (spec.set)(lv, Some(value));
    }
}

/// A share lever shown in percent.
fn percent_lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    field: &str,
    label: &str,
    share: &mut f64,
    beside: &str,
) {
    let mut pct = *share * 100.0;
    lever(
        ui,
        errors,
        field,
        label,
        &mut pct,
        0.0..=100.0,
        " %",
        false,
        beside,
    );
    *share = pct / 100.0;
}

/// A share lever that follows the baseline until the user sets it.
fn optional_share_lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    field: &str,
    label: &str,
    share: &mut Option<f64>,
    baseline: f64,
    beside: &str,
) {
    let l = ui.label(label);
    let mut pct = share.unwrap_or(baseline) * 100.0;
    let before = pct;
    ui.horizontal(|ui| {
        ui.add(
            egui::DragValue::new(&mut pct)
                .range(0.0..=100.0)
                .speed(0.2)
                .max_decimals(1)
                .suffix(" %"),
        )
        .labelled_by(l.id);
        if share.is_some() && ui.small_button("as now").clicked() {
            *share = None;
        }
    });
    if pct != before {
        *share = Some(pct / 100.0);
    }
    lever_end(ui, errors, field, beside);
}

/// A money lever in whole pounds, stored in pence.
fn money_lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    field: &str,
    label: &str,
    pence: &mut i64,
    max_pence: f64,
    beside: &str,
) {
    let l = ui.label(label);
    let mut pounds = *pence as f64 / 100.0;
    let before = pounds;
    ui.add(
        egui::DragValue::new(&mut pounds)
            .range(0.0..=max_pence / 100.0)
            .speed(10.0)
            .max_decimals(0)
            .custom_formatter(|v, _| Pence((v * 100.0).round() as i64).to_pounds_string())
            .custom_parser(|t| Pence::parse_pounds(t).ok().map(|p| p.0 as f64 / 100.0)),
    )
    .labelled_by(l.id);
    if pounds != before {
        *pence = (pounds * 100.0).round() as i64;
    }
    lever_end(ui, errors, field, beside);
}

/// The fitted exit rate of every category and age band with the events and
/// child-months behind it and how far it leans on its category's rate.
fn band_rates_ui(ui: &mut egui::Ui, b: &Baseline) {
    if b.exit_cells.is_empty() {
        ui.label("This baseline has one exit rate per category for all ages.");
        return;
    }
    ui.label(
        "Each rate is exits ÷ child-months in the reference period, for children of that age \
         band in that kind of placement. A band with little data leans on its category's rate \
         (weight below 100%), and a category with little data on the council's, so a band \
         with two children in it does not swing the projection.",
    );
    cells_table_ui(ui, "band_rates", &b.exit_cells, "Exits");
}

/// The fitted cells of one kind of event (exits or moves) by category and
/// age band: the events and child-months behind each, its weight and the
/// rate used. Categories with no child-months are listed below the table.
fn cells_table_ui(ui: &mut egui::Ui, id: &str, cells: &[RateCell], events: &str) {
    let mut without: Vec<&str> = Vec::new();
    egui::Grid::new(id)
        .num_columns(7)
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "Category",
                "Age",
                events,
                "Child-months",
                "Observed",
                "Weight",
                "Rate used",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for cat in PlacementCategory::ALL.iter().copied() {
                let rows: Vec<_> = cells.iter().filter(|c| c.category == cat).collect();
                if rows.iter().all(|c| c.child_months == 0.0) {
                    without.push(cat.label());
                    continue;
                }
                for c in rows {
                    ui.label(cat.label());
                    ui.label(c.band.label());
                    ui.label(c.events.to_string());
                    ui.label(format!("{:.1}", c.child_months));
                    ui.label(if c.child_months > 0.0 {
                        format!("{:.2}%", 100.0 * c.observed())
                    } else {
                        "none".into()
                    });
                    ui.label(format!("{:.0}%", 100.0 * c.weight));
                    ui.label(format!("{:.2}% a month", 100.0 * c.rate));
                    ui.end_row();
                }
            }
        });
    if !without.is_empty() {
        ui.weak(format!(
            "No history in the reference period, so the council's rate for all ages: {}.",
            without.join(", ")
        ));
    }
}

/// The fitted rates of moving out of each category by age band, and where
/// each category's movers went.
fn move_rates_ui(ui: &mut egui::Ui, b: &Baseline) {
    if b.move_cells.is_empty() {
        ui.label("This baseline has no moves between placement types.");
        return;
    }
    ui.label(
        "A move is a change of placement type within one period of care (a foster placement \
         breaking down into a children's home, a step-down, a move from an in-house carer to \
         an IFA one). Each rate is moves ÷ child-months, weighted as the exit rates are; where \
         the children go is each type's own mix over all ages.",
    );
    cells_table_ui(ui, "move_rates", &b.move_cells, "Moves");
    ui.add_space(4.0);
    ui.strong("Where they went");
    let rates = crate::scenario::MoveRates::new(b, &Levers::default());
    egui::Grid::new("move_destinations")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for h in ["From", "To", "Moves (share)"] {
                ui.strong(h);
            }
            ui.end_row();
            for m in &b.move_counts {
                let share = rates.to[m.from.index()][m.to.index()];
                ui.label(m.from.label());
                ui.label(m.to.label());
                ui.label(format!("{} ({:.0}%)", m.moves, 100.0 * share));
                ui.end_row();
            }
        });
}

/// A category's exit rate (baseline and change), unit cost and inflation.
fn category_row(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    lv: &mut Levers,
    b: &Baseline,
    cat: PlacementCategory,
) {
    ui.label(cat.label());
    let rate = b.exit_rate(cat);
    ui.label(format!("{:.2}% a month", rate * 100.0));
    ui.horizontal(|ui| {
        let mut mode = match lv.exit_rate_changes.get(&cat) {
            None => 0,
            Some(RateChange::Multiply(_)) => 1,
            Some(RateChange::Add(_)) => 2,
        };
        let before = mode;
        egui::ComboBox::from_id_salt(("exit_mode", cat.code()))
            .width(70.0)
            .selected_text(["as now", "× by", "+ pts"][mode])
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut mode, 0, "as now");
                ui.selectable_value(&mut mode, 1, "× by");
                ui.selectable_value(&mut mode, 2, "+ pts");
            });
        if mode != before {
            match mode {
                1 => lv.exit_rate_changes.insert(cat, RateChange::Multiply(1.0)),
                2 => lv.exit_rate_changes.insert(cat, RateChange::Add(0.0)),
                _ => lv.exit_rate_changes.remove(&cat),
            };
        }
        match lv.exit_rate_changes.get_mut(&cat) {
            Some(RateChange::Multiply(f)) => {
                ui.add(egui::DragValue::new(f).range(0.0..=10.0).speed(0.01));
                ui.weak(format!("gives {:.2}%", (rate * *f).clamp(0.0, 1.0) * 100.0));
            }
            Some(RateChange::Add(a)) => {
                // Shown in percentage points of the monthly rate.
                let mut pts = *a * 100.0;
                ui.add(
                    egui::DragValue::new(&mut pts)
                        .range(-100.0..=100.0)
                        .speed(0.01)
                        .suffix(" pts"),
                );
                *a = pts / 100.0;
                ui.weak(format!("gives {:.2}%", (rate + *a).clamp(0.0, 1.0) * 100.0));
            }
            None => {}
        }
        if error_for(errors, &format!("exit_rate_changes.{}", cat.code())).is_some() {
            ui.colored_label(ui.visuals().error_fg_color, "out of range");
        }
    });
    ui.horizontal(|ui| {
        let baseline = b.unit_cost(cat);
        let mut pounds = lv.unit_cost(cat, b).0 as f64 / 100.0;
        let before = pounds;
        ui.add(
            egui::DragValue::new(&mut pounds)
                .range(0.0..=100_000.0)
                .speed(1.0)
                .max_decimals(0)
                .custom_formatter(|v, _| Pence((v * 100.0).round() as i64).to_pounds_string())
                .custom_parser(|t| Pence::parse_pounds(t).ok().map(|p| p.0 as f64 / 100.0)),
        )
        .on_hover_text(format!(
            "Weekly cost per child at start-date prices; the baseline's is {}: {}",
            baseline.to_pounds_string(),
            cost_source_text(b, cat)
        ));
        if pounds != before {
            lv.unit_costs.insert(cat, (pounds * 100.0).round() as i64);
        }
        if lv.unit_costs.contains_key(&cat) && ui.small_button("as now").clicked() {
            lv.unit_costs.remove(&cat);
        }
        if error_for(errors, &format!("unit_costs.{}", cat.code())).is_some() {
            ui.colored_label(ui.visuals().error_fg_color, "out of range");
        }
    });
    let mut pct = lv.inflation(cat) * 100.0;
    let before = pct;
    ui.add(
        egui::DragValue::new(&mut pct)
            .range(-20.0..=50.0)
            .speed(0.1)
            .suffix(" %"),
    );
    if pct != before {
        if pct == 0.0 {
            lv.annual_inflation.remove(&cat);
        } else {
            lv.annual_inflation.insert(cat, pct / 100.0);
        }
    }
    ui.end_row();
}

fn cost_source_text(b: &Baseline, cat: PlacementCategory) -> String {
    use crate::scenario::CostSource;
    match b.unit_costs.get(&cat).map(|u| &u.source) {
        Some(CostSource::OpenPlacements { count, estimated }) => {
            let mut text =
                format!("Mean weekly cost of the {count} placements open on the start date");
            if *estimated > 0 {
                text.push_str(&format!(
                    ", {estimated} of them costed from a rate or national figure"
                ));
            }
            text
        }
        Some(CostSource::Settings { financial_year }) => format!(
            "The council's {} rate, uplifted to the start date's year",
            crate::model::settings::financial_year_label(*financial_year)
        ),
        Some(CostSource::Default { year, source }) => {
            format!("{source} ({year}), uplifted: no council rate")
        }
        Some(CostSource::Missing) | None => {
            "Not known: enter a rate on the Costs screen".to_string()
        }
    }
}

// ------------------------------------------------------------- outputs

fn headline_ui(ui: &mut egui::Ui, p: &Projection) {
    let s = p.totals();
    ui.horizontal_wrapped(|ui| {
        card(
            ui,
            "Spend, scenario",
            s.scenario_placement_spend.to_pounds_string(),
        );
        card(
            ui,
            "Spend, doing nothing",
            s.baseline_placement_spend.to_pounds_string(),
        );
        card(ui, "Investment", s.investment.to_pounds_string());
        card(ui, "Net saving", s.net_saving.to_pounds_string());
        card(
            ui,
            "Pays back",
            p.payback_date
                .map_or("not within the horizon".to_string(), |d| {
                    format!("{} ({})", month_text(d), format_uk_date(d))
                }),
        );
        if let Some(last) = p.months.last() {
            card(
                ui,
                "Children placed in-house at the end",
                format!(
                    "{:.0} (doing nothing {:.0})",
                    last.scenario.children[&PlacementCategory::InHouseFostering]
                        + last.scenario.specialist_children,
                    last.baseline.children[&PlacementCategory::InHouseFostering]
                ),
            );
        }
    });
}

fn card(ui: &mut egui::Ui, title: &str, value: String) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.vertical(|ui| {
            ui.weak(title);
            ui.strong(value);
        });
    });
}

fn month_text(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", MONTHS[(d.month() - 1) as usize], d.year())
}

/// Colours shared by a group's scenario and doing-nothing lines.
const IN_HOUSE: egui::Color32 = egui::Color32::from_rgb(80, 180, 110);
const IFA: egui::Color32 = egui::Color32::from_rgb(235, 150, 60);
const RESIDENTIAL: egui::Color32 = egui::Color32::from_rgb(210, 80, 80);
const TOTAL: egui::Color32 = egui::Color32::from_rgb(110, 150, 230);

/// £3.5m, £250k, £900: short money for chart axes.
pub fn short_money(pounds: f64) -> String {
    let a = pounds.abs();
    let sign = if pounds < 0.0 { "-" } else { "" };
    if a >= 1_000_000.0 {
        format!("{sign}£{:.1}m", a / 1_000_000.0)
    } else if a >= 1_000.0 {
        format!("{sign}£{:.0}k", a / 1_000.0)
    } else {
        format!("{sign}£{a:.0}")
    }
}

fn money_axis(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    short_money(mark.value)
}

fn x_formatter(mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>) -> String {
    if mark.value.fract().abs() < 1e-9 {
        format!("{:.0}", mark.value)
    } else {
        String::new()
    }
}

/// A month's end as a chart x value.
fn month_end_x(m: &crate::scenario::MonthRow) -> f64 {
    year_fraction(crate::scenario::baseline::add_months(m.month_start, 1))
}

/// A month's spend at a yearly rate (£), so 28- and 31-day months compare.
fn yearly_rate(spend: Pence, days: i64) -> f64 {
    spend.0 as f64 / 100.0 * 365.0 / days.max(1) as f64
}

/// A band as a shaded area between P10 and P90.
fn band(
    name: &str,
    xs: &[f64],
    values: impl Iterator<Item = Percentiles>,
    scale: impl Fn(usize, f64) -> f64,
    colour: egui::Color32,
) -> FilledArea {
    let (lo, hi): (Vec<f64>, Vec<f64>) = values
        .enumerate()
        .map(|(i, p)| (scale(i, p.p10), scale(i, p.p90)))
        .unzip();
    FilledArea::new(name, xs, &lo, &hi).fill_color(colour.gamma_multiply(0.25))
}

fn charts_ui(ui: &mut egui::Ui, p: &Projection, bands: Option<&Bands>) {
    let xs: Vec<f64> = p.months.iter().map(month_end_x).collect();
    let bands = bands.filter(|b| b.months.len() == xs.len());
    let days: Vec<i64> = p.months.iter().map(|m| m.days).collect();
    ui.columns(2, |cols| {
        cols[0].strong("Children by placement (dashed: doing nothing)");
        Plot::new("scenario_children")
            .height(260.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftTop))
            .y_axis_label("children")
            .x_axis_formatter(x_formatter)
            .include_y(0.0)
            .allow_scroll(false)
            .show(&mut cols[0], |plot| {
                if let Some(b) = bands {
                    plot.add(band(
                        "All children",
                        &xs,
                        b.months.iter().map(|m| m.scenario_children),
                        |_, v| v,
                        TOTAL,
                    ));
                }
                plot.line(
                    Line::new(
                        "All children",
                        points(p, &xs, |m| m.scenario.total_children()),
                    )
                    .color(TOTAL),
                );
                plot.line(
                    Line::new(
                        "All children",
                        points(p, &xs, |m| m.baseline.total_children()),
                    )
                    .color(TOTAL)
                    .style(LineStyle::dashed_loose()),
                );
                let groups: [(&str, egui::Color32, &[PlacementCategory]); 3] = [
                    ("In-house", IN_HOUSE, &[PlacementCategory::InHouseFostering]),
                    ("IFA", IFA, &[PlacementCategory::IfaFostering]),
                    (
                        "Residential",
                        RESIDENTIAL,
                        &[
                            PlacementCategory::OwnResidential,
                            PlacementCategory::ExternalResidential,
                        ],
                    ),
                ];
                for (name, colour, cats) in groups {
                    let with_specialist = name == "In-house";
                    let sum = move |r: &crate::scenario::RunMonth| -> f64 {
                        cats.iter().map(|c| r.children[c]).sum::<f64>()
                            + if with_specialist {
                                r.specialist_children
                            } else {
                                0.0
                            }
                    };
                    plot.line(Line::new(name, points(p, &xs, |m| sum(&m.scenario))).color(colour));
                    plot.line(
                        Line::new(name, points(p, &xs, |m| sum(&m.baseline)))
                            .color(colour)
                            .style(LineStyle::dashed_loose()),
                    );
                }
            });
        cols[1].strong("Placement spend at a yearly rate (dashed: doing nothing)");
        Plot::new("scenario_spend")
            .height(260.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
            .x_axis_formatter(x_formatter)
            .y_axis_formatter(money_axis)
            .allow_scroll(false)
            .show(&mut cols[1], |plot| {
                let rate = |i: usize, pence: f64| pence / 100.0 * 365.0 / days[i].max(1) as f64;
                if let Some(b) = bands {
                    plot.add(band(
                        "Doing nothing",
                        &xs,
                        b.months.iter().map(|m| m.baseline_spend),
                        rate,
                        egui::Color32::GRAY,
                    ));
                    plot.add(band(
                        "Scenario",
                        &xs,
                        b.months.iter().map(|m| m.scenario_spend),
                        rate,
                        TOTAL,
                    ));
                }
                plot.line(
                    Line::new(
                        "Scenario",
                        points(p, &xs, |m| yearly_rate(m.scenario.placement_spend, m.days)),
                    )
                    .color(TOTAL),
                );
                plot.line(
                    Line::new(
                        "Doing nothing",
                        points(p, &xs, |m| yearly_rate(m.baseline.placement_spend, m.days)),
                    )
                    .color(egui::Color32::GRAY)
                    .style(LineStyle::dashed_loose()),
                );
            });
    });
    ui.strong("Cumulative net saving after investment");
    Plot::new("scenario_cumulative")
        .height(180.0)
        .x_axis_formatter(x_formatter)
        .y_axis_formatter(money_axis)
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            if let Some(b) = bands {
                plot.add(band(
                    "Cumulative net saving",
                    &xs,
                    b.months.iter().map(|m| m.cumulative_net_saving),
                    |_, v| v / 100.0,
                    IN_HOUSE,
                ));
            }
            plot.line(
                Line::new(
                    "Cumulative net saving",
                    points(p, &xs, |m| m.cumulative_net_saving.0 as f64 / 100.0),
                )
                .color(IN_HOUSE),
            );
        });
}

fn points(
    p: &Projection,
    xs: &[f64],
    pick: impl Fn(&crate::scenario::MonthRow) -> f64,
) -> PlotPoints<'static> {
    PlotPoints::from(
        p.months
            .iter()
            .zip(xs)
            .map(|(m, x)| [*x, pick(m)])
            .collect::<Vec<_>>(),
    )
}

fn years_table_ui(ui: &mut egui::Ui, p: &Projection, bands: Option<&Bands>) {
    ui.strong("By financial year (April to March; children at the year's last projected month)");
    let bands = bands.filter(|b| b.years.len() == p.years.len());
    egui::ScrollArea::horizontal()
        .id_salt("years_scroll")
        .show(ui, |ui| {
            egui::Grid::new("scenario_years")
                .striped(true)
                .num_columns(12)
                .show(ui, |ui| {
                    for h in [
                        "Year",
                        "Months",
                        "Children (vs doing nothing)",
                        "In-house (places)",
                        "In area",
                        "Within 20 miles",
                        "Placement spend",
                        "P10 to P90",
                        "Doing nothing",
                        "Investment",
                        "Net saving",
                        "Cumulative",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (i, y) in p.years.iter().enumerate() {
                        let (s, b) = (&y.scenario_end, &y.baseline_end);
                        ui.label(&y.label);
                        ui.label(y.months.to_string());
                        ui.label(format!(
                            "{:.0} ({})",
                            s.total_children(),
                            signed(s.total_children() - b.total_children(), 0)
                        ));
                        ui.label(format!(
                            "{:.0} ({:.0})",
                            s.in_house_used + s.specialist_children,
                            s.in_house_places
                        ));
                        ui.label(format!(
                            "{:.1}% ({})",
                            s.pct_in_area,
                            signed(s.pct_in_area - b.pct_in_area, 1)
                        ));
                        ui.label(format!(
                            "{:.1}% ({})",
                            s.pct_within_20_miles,
                            signed(s.pct_within_20_miles - b.pct_within_20_miles, 1)
                        ));
                        ui.label(y.scenario_placement_spend.to_pounds_string());
                        ui.label(bands.map_or(String::new(), |b| {
                            let s = b.years[i].scenario_spend;
                            format!(
                                "{} to {}",
                                short_money(s.p10 / 100.0),
                                short_money(s.p90 / 100.0)
                            )
                        }));
                        ui.label(y.baseline_placement_spend.to_pounds_string());
                        ui.label(y.investment.to_pounds_string());
                        ui.label(y.net_saving.to_pounds_string());
                        ui.label(y.cumulative_net_saving.to_pounds_string());
                        ui.end_row();
                    }
                });
        });
    let t = p.totals();
    if t.scenario_staying_put_spend.0 != 0 {
        ui.weak(format!(
            "Staying Put (young people of 18 and over with their former foster carers, not \
             children in care): {} over the horizon, doing nothing {}; included in the net \
             saving.",
            t.scenario_staying_put_spend.to_pounds_string(),
            t.baseline_staying_put_spend.to_pounds_string()
        ));
    }
}

/// How one row of the comparison shows a scenario.
type CompareCell = Box<dyn Fn(&Compared) -> String>;

fn comparison_table_ui(ui: &mut egui::Ui, list: &[Compared], open: &mut Option<SavedScenario>) {
    egui::Grid::new("scenario_compare")
        .striped(true)
        .num_columns(list.len() + 1)
        .show(ui, |ui| {
            ui.strong("");
            for c in list {
                ui.vertical(|ui| {
                    ui.strong(&c.scenario.name);
                    if ui.small_button("Open").clicked() {
                        *open = Some(c.scenario.clone());
                    }
                });
            }
            ui.end_row();
            // Scenarios with different horizons are also set side by side
            // over the months they share.
            let common = list
                .iter()
                .map(|c| c.projection.months.len())
                .min()
                .unwrap_or(0);
            let common_label = format!("Net saving over the first {} years", common / 12);
            let rows: Vec<(&str, CompareCell)> = vec![
                (
                    "Start, years",
                    Box::new(|c| {
                        format!(
                            "{}, {}",
                            format_uk_date(c.scenario.start),
                            c.scenario.levers.horizon_years
                        )
                    }),
                ),
                (
                    "Spend, scenario",
                    Box::new(|c| {
                        c.projection
                            .totals()
                            .scenario_placement_spend
                            .to_pounds_string()
                    }),
                ),
                (
                    "Spend, doing nothing",
                    Box::new(|c| {
                        c.projection
                            .totals()
                            .baseline_placement_spend
                            .to_pounds_string()
                    }),
                ),
                (
                    "Investment",
                    Box::new(|c| c.projection.totals().investment.to_pounds_string()),
                ),
                (
                    "Net saving",
                    Box::new(|c| c.projection.totals().net_saving.to_pounds_string()),
                ),
                (
                    common_label.as_str(),
                    Box::new(move |c| {
                        c.projection
                            .months
                            .get(common.saturating_sub(1))
                            .map_or(String::new(), |m| {
                                m.cumulative_net_saving.to_pounds_string()
                            })
                    }),
                ),
                (
                    "Pays back",
                    Box::new(|c| {
                        c.projection
                            .payback_date
                            .map_or("not within the horizon".into(), month_text)
                    }),
                ),
                (
                    "Children at the end",
                    Box::new(|c| {
                        c.projection.months.last().map_or(String::new(), |m| {
                            format!(
                                "{:.0} (doing nothing {:.0})",
                                m.scenario.total_children(),
                                m.baseline.total_children()
                            )
                        })
                    }),
                ),
                (
                    "In-house at the end",
                    Box::new(|c| {
                        c.projection.months.last().map_or(String::new(), |m| {
                            format!(
                                "{:.0} (doing nothing {:.0})",
                                m.scenario.children[&PlacementCategory::InHouseFostering]
                                    + m.scenario.specialist_children,
                                m.baseline.children[&PlacementCategory::InHouseFostering]
                            )
                        })
                    }),
                ),
                (
                    "Residential at the end",
                    Box::new(|c| {
                        c.projection.months.last().map_or(String::new(), |m| {
                            let res = |r: &crate::scenario::RunMonth| {
                                r.children[&PlacementCategory::OwnResidential]
                                    + r.children[&PlacementCategory::ExternalResidential]
                            };
                            format!(
                                "{:.0} (doing nothing {:.0})",
                                res(&m.scenario),
                                res(&m.baseline)
                            )
                        })
                    }),
                ),
                (
                    "Records changed since saved",
                    Box::new(|c| if c.data_changed { "⚠ yes" } else { "no" }.to_string()),
                ),
                ("Notes", Box::new(|c| c.scenario.notes.clone())),
            ];
            for (label, value) in rows {
                ui.strong(label);
                for c in list {
                    ui.label(value(c));
                }
                ui.end_row();
            }
        });
}

fn comparison_chart_ui(ui: &mut egui::Ui, list: &[Compared]) {
    ui.strong("Cumulative net saving after investment");
    Plot::new("compare_cumulative")
        .height(260.0)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_formatter(x_formatter)
        .y_axis_formatter(money_axis)
        .include_y(0.0)
        .allow_scroll(false)
        .show(ui, |plot| {
            for c in list {
                let xs: Vec<f64> = c.projection.months.iter().map(month_end_x).collect();
                plot.line(Line::new(
                    c.scenario.name.clone(),
                    points(&c.projection, &xs, |m| {
                        m.cumulative_net_saving.0 as f64 / 100.0
                    }),
                ));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_money_rounds_to_millions_thousands_and_pounds() {
        assert_eq!(short_money(41_976_729.0), "£42.0m");
        assert_eq!(short_money(3_450_000.0), "£3.5m");
        assert_eq!(short_money(250_400.0), "£250k");
        assert_eq!(short_money(-12_600.0), "-£13k");
        assert_eq!(short_money(900.0), "£900");
        assert_eq!(short_money(0.0), "£0");
    }

    #[test]
    fn differences_carry_their_sign_and_zero_has_none() {
        assert_eq!(signed(-0.2, 0), "±0");
        assert_eq!(signed(0.04, 1), "±0.0");
        assert_eq!(signed(-0.06, 1), "-0.1");
        assert_eq!(signed(12.5, 0), "+12");
        assert_eq!(signed(-3.0, 0), "-3");
    }

    #[test]
    fn a_month_at_a_yearly_rate() {
        // £3,100 over a 31-day month is £100 a day: £36,500 a year.
        assert_eq!(yearly_rate(Pence(310_000), 31), 36_500.0);
        // £2,800 over 28 days is the same daily rate.
        assert_eq!(yearly_rate(Pence(280_000), 28), 36_500.0);
    }

    #[test]
    fn an_unnamed_export_says_so_and_starts_on_the_window_date() {
        let v = ScenariosView::default();
        let d = v.export_draft(jiff::civil::date(2026, 11, 1));
        assert_eq!(d.name, "Unsaved scenario");
        assert_eq!(d.start, jiff::civil::date(2026, 11, 1));
        assert_eq!(d.reference_months, DEFAULT_REFERENCE_MONTHS);
    }
}
