//! The levers on the left of "Edit a scenario", group by group, and the
//! lever rows they are built of: a label, an editor that stops at the
//! lever's allowed range, and the baseline (or "out of range") beside it.
//!
//! The number levers come from `scenario::LEVERS`; the table levers' ranges
//! from `scenario::levers` (`MOVE_CHANGE_PCT_RANGE` and friends). Rates and
//! shares are kept as fractions and edited in percent: [`percent_range`]
//! converts their ranges.

use super::{category_levers, rate_tables, ScenariosView};
use crate::model::Pence;
use crate::scenario::levers::MOVE_CHANGE_PCT_RANGE;
use crate::scenario::saved::REFERENCE_MONTHS_RANGE;
use crate::scenario::LEVERS;
use crate::scenario::{Baseline, LeverError, LeverSection, LeverSpec, LeverUnit, Levers, MoveKind};
use crate::ui::app::ViewContext;
use jiff::civil::Date;
use std::ops::RangeInclusive;

impl ScenariosView {
    /// Every lever, group by group, then the data behind the rates and the
    /// levers out of range.
    pub(super) fn levers_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        let Some(c) = &self.computed else {
            return;
        };
        let b = &c.baseline;
        let errors = self.errors.clone();
        let start_now = self.start(ctx);
        let mut start = start_now;
        let mut reference_months = self.reference_months;
        let lv = &mut self.levers;

        period_ui(ui, &errors, lv, b, &mut start, &mut reference_months);
        period_notes_ui(ui, ctx, lv, b, start_now, self.reference_months);
        for section in [LeverSection::Recruitment, LeverSection::StepDown] {
            spec_section(ui, &errors, section, lv, b);
        }
        moves_ui(ui, &errors, lv, b);
        for section in [LeverSection::Where, LeverSection::StayingPut] {
            spec_section(ui, &errors, section, lv, b);
        }
        demand_ui(ui, &errors, lv, b);
        spec_section(ui, &errors, LeverSection::Investment, lv, b);

        ui.add_space(6.0);
        egui::CollapsingHeader::new("Exit rates by age band: the data behind them")
            .id_salt("lever_bands")
            .show(ui, |ui| rate_tables::band_rates_ui(ui, b));

        ui.add_space(6.0);
        egui::CollapsingHeader::new("Moves between placement types: the data behind them")
            .id_salt("lever_move_rates")
            .show(ui, |ui| rate_tables::move_rates_ui(ui, b));

        ui.add_space(6.0);
        category_levers::categories_ui(ui, &errors, lv, b);
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
}

/// The Period group: the start date, the period's number levers and the
/// reference period the rates are measured over.
fn period_ui(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    lv: &mut Levers,
    b: &Baseline,
    start: &mut Date,
    reference_months: &mut u32,
) {
    ui.strong(LeverSection::Period.title());
    egui::Grid::new("lever_period")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            let l = ui.label("Start date");
            ui.add(
                egui_extras::DatePickerButton::new(start)
                    .id_salt("scenario_start")
                    .format("%d/%m/%Y"),
            )
            .labelled_by(l.id);
            ui.label("");
            ui.end_row();
            spec_levers(ui, errors, LeverSection::Period, lv, b);
            let mut months = f64::from(*reference_months);
            lever(
                ui,
                errors,
                "reference_months",
                "Rates measured over",
                &mut months,
                f64::from(*REFERENCE_MONTHS_RANGE.start())
                    ..=f64::from(*REFERENCE_MONTHS_RANGE.end()),
                " months",
                true,
                "the months before the start",
            );
            *reference_months = months.round() as u32;
        });
}

/// Warnings under the Period group: a reference period the records do not
/// cover, the baseline's own notes, and levers another lever cancels; then,
/// as information, the leavers just before 18 counted as leaving at 18.
fn period_notes_ui(
    ui: &mut egui::Ui,
    ctx: &ViewContext<'_>,
    lv: &Levers,
    b: &Baseline,
    start: Date,
    reference_months: u32,
) {
    if let Err(e) =
        crate::scenario::baseline::check_reference(&ctx.records.data, start, reference_months)
    {
        ui.colored_label(ui.visuals().warn_fg_color, format!("Rates: {e}."));
    }
    for note in &b.notes {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    for note in lv.cancelled(b) {
        ui.colored_label(ui.visuals().warn_fg_color, note);
    }
    if let Some(note) = b.leaving_at_18_note() {
        ui.weak(note);
    }
}

/// "Moves between placement types": a change in percent to each kind of
/// move's fitted rates, with how often it happened beside it.
fn moves_ui(ui: &mut egui::Ui, errors: &[LeverError], lv: &mut Levers, b: &Baseline) {
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
                    errors,
                    &format!("move_changes.{}", kind.code()),
                    kind.label(),
                    &mut pct,
                    MOVE_CHANGE_PCT_RANGE,
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
}

/// The Demand group: its number levers and whether entrants follow their
/// fitted trend.
fn demand_ui(ui: &mut egui::Ui, errors: &[LeverError], lv: &mut Levers, b: &Baseline) {
    ui.add_space(6.0);
    ui.strong(LeverSection::Demand.title());
    egui::Grid::new("lever_demand")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            spec_levers(ui, errors, LeverSection::Demand, lv, b);
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
}

/// A range of fractions (a share, a rate, a yearly rise) as the percentages
/// the window edits them in: ×100. The one place the levers' ranges change
/// unit on their way to the screen (besides pence to pounds in
/// [`pounds_range`]).
pub(super) fn percent_range(fractions: &RangeInclusive<f64>) -> RangeInclusive<f64> {
    fractions.start() * 100.0..=fractions.end() * 100.0
}

/// A range of money in pence as whole pounds, as the window edits money.
pub(super) fn pounds_range(pence: &RangeInclusive<f64>) -> RangeInclusive<f64> {
    pence.start() / 100.0..=pence.end() / 100.0
}

pub(super) fn error_for<'a>(errors: &'a [LeverError], field: &str) -> Option<&'a LeverError> {
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
    range: RangeInclusive<f64>,
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
    let range = spec.min..=spec.max;
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
                range,
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
            optional_share_lever(ui, errors, spec, &mut share, before, &beside);
            (spec.set)(lv, share);
            return;
        }
        LeverUnit::Share => {
            percent_lever(ui, errors, spec, &mut value, &beside);
        }
        LeverUnit::Pence => {
            let mut pence = value.round() as i64;
            money_lever(ui, errors, spec, &mut pence, &beside);
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
    spec: &LeverSpec,
    share: &mut f64,
    beside: &str,
) {
    let mut pct = *share * 100.0;
    lever(
        ui,
        errors,
        spec.key,
        spec.label,
        &mut pct,
        percent_range(&(spec.min..=spec.max)),
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
    spec: &LeverSpec,
    share: &mut Option<f64>,
    baseline: f64,
    beside: &str,
) {
    let l = ui.label(spec.label);
    let mut pct = share.unwrap_or(baseline) * 100.0;
    let before = pct;
    ui.horizontal(|ui| {
        ui.add(
            egui::DragValue::new(&mut pct)
                .range(percent_range(&(spec.min..=spec.max)))
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
    lever_end(ui, errors, spec.key, beside);
}

/// A money lever in whole pounds, stored in pence.
fn money_lever(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    spec: &LeverSpec,
    pence: &mut i64,
    beside: &str,
) {
    let l = ui.label(spec.label);
    let mut pounds = *pence as f64 / 100.0;
    let before = pounds;
    ui.add(pounds_editor(&mut pounds, pounds_range(&(spec.min..=spec.max))).speed(10.0))
        .labelled_by(l.id);
    if pounds != before {
        *pence = (pounds * 100.0).round() as i64;
    }
    lever_end(ui, errors, spec.key, beside);
}

/// An editor of whole pounds within `range`, shown and typed as money
/// ("£1,250").
pub(super) fn pounds_editor(pounds: &mut f64, range: RangeInclusive<f64>) -> egui::DragValue<'_> {
    egui::DragValue::new(pounds)
        .range(range)
        .max_decimals(0)
        .custom_formatter(|v, _| Pence((v * 100.0).round() as i64).to_pounds_string())
        .custom_parser(|t| Pence::parse_pounds(t).ok().map(|p| p.0 as f64 / 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::levers::{EXIT_RATE_ADD_RANGE, INFLATION_RANGE};

    /// The percentages the editors stop at are the validation's ends
    /// exactly: back as fractions they are neither beyond the range nor
    /// short of it.
    #[test]
    fn percent_ranges_are_the_validations_ends() {
        assert_eq!(percent_range(&INFLATION_RANGE), -20.0..=50.0);
        assert_eq!(percent_range(&EXIT_RATE_ADD_RANGE), -100.0..=100.0);
        for r in [INFLATION_RANGE, EXIT_RATE_ADD_RANGE] {
            let pct = percent_range(&r);
            assert_eq!(*pct.start() / 100.0, *r.start());
            assert_eq!(*pct.end() / 100.0, *r.end());
        }
        assert_eq!(
            pounds_range(&(0.0..=crate::scenario::lever_spec::MAX_MONEY_PENCE as f64)),
            0.0..=10_000_000.0
        );
    }
}
