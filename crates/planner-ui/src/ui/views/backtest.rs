//! "Check against the past", a tab of the Scenarios view: start the model at
//! a past date with no levers and set the projection against what the
//! records say happened, month by month, so users can judge the model on
//! their own data. The figures come from `crate::scenario::backtest`.

use super::super::app::ViewContext;
use super::scenarios::{short_money, signed};
use crate::job::{Cancelled, Job, JobState};
use crate::model::{format_uk_date, Pence};
use crate::scenario::backtest::{backtest, Backtest, MAX_BACKTEST_MONTHS};
use crate::scenario::baseline::add_months;
use crate::scenario::rolling::{
    rolling_backtest_with_progress, RollingBacktest, RollingSpec, DEFAULT_ORIGINS,
};
use egui_plot::{Legend, Line, LineStyle, Plot, PlotPoints};
use jiff::civil::Date;

/// Months compared unless the user picks otherwise.
const DEFAULT_MONTHS: u32 = 12;

/// What the rolling check was worked out from: records generation,
/// reference months, the window's as-at date, entries following their
/// fitted trend.
type RollingKey = (u64, u32, Date, bool);

/// A rolling check being worked out on a worker thread (its progress:
/// starting months checked of the total).
struct RollingJob {
    key: RollingKey,
    job: Job<Result<RollingBacktest, Cancelled>>,
}

pub struct BacktestPanel {
    /// One start date, or every month of the last three years.
    rolling_mode: bool,
    /// The check's result, or why there is nothing to check.
    rolling: Option<(RollingKey, Result<RollingBacktest, String>)>,
    rolling_job: Option<RollingJob>,
    /// Start date; a year before the window's as-at date until picked.
    start: Option<Date>,
    months: u32,
    reference_months: u32,
    /// The rolling check with entries following the trend fitted over each
    /// start's reference period (the entry trend lever).
    entry_trend: bool,
    /// The result with what it was worked out from.
    result: Option<(u64, Date, u32, u32, Backtest)>,
}

impl Default for BacktestPanel {
    fn default() -> Self {
        BacktestPanel {
            rolling_mode: false,
            rolling: None,
            rolling_job: None,
            start: None,
            months: DEFAULT_MONTHS,
            reference_months: crate::scenario::saved::DEFAULT_REFERENCE_MONTHS,
            entry_trend: false,
            result: None,
        }
    }
}

/// Whole calendar months from `start` to `end` (0 when `end` is earlier).
fn whole_months(start: Date, end: Date) -> u32 {
    (0..=MAX_BACKTEST_MONTHS)
        .take_while(|m| add_months(start, i64::from(*m)) <= end)
        .last()
        .unwrap_or(0)
}

impl BacktestPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.rolling_mode, false, "From one start date");
            ui.selectable_value(
                &mut self.rolling_mode,
                true,
                "From every month of the last three years",
            );
        });
        ui.add_space(4.0);
        if self.rolling_mode {
            self.rolling_ui(ui, ctx);
        } else {
            self.one_start_ui(ui, ctx);
        }
    }

    /// Waits for a rolling check being worked out, if any (tests).
    pub fn finish_background_work(&mut self) {
        if let Some(RollingJob { key, job }) = self.rolling_job.take() {
            if let Some(Ok(r)) = job.wait() {
                self.rolling = Some((key, Ok(r)));
            }
        }
    }

    fn rolling_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        ui.label(
            "The model is started from each of the last 36 months the records allow, using only \
             what was known before that month, and its projection is set against what \
             happened. The errors are gathered by how many months ahead they were: the evidence \
             of how far to trust a projection.",
        );
        ui.horizontal(|ui| {
            let l = ui.label("Rates measured over");
            ui.add(
                egui::DragValue::new(&mut self.reference_months)
                    .range(1..=120)
                    .speed(0.1)
                    .suffix(" months"),
            )
            .labelled_by(l.id);
            if let Some((_, Ok(r))) = &self.rolling {
                ui.weak(format!(
                    "(the records run to {})",
                    format_uk_date(r.records_end)
                ));
            }
        });
        ui.checkbox(
            &mut self.entry_trend,
            "Entries follow the trend fitted before each start",
        )
        .on_hover_text(
            "The entry trend lever: each start's entries follow the log-linear trend fitted \
             over its reference period rather than their flat average. Check with and without \
             it to see whether the trend would have helped on your records.",
        );
        let key: RollingKey = (
            ctx.records.generation,
            self.reference_months,
            ctx.records.as_at,
            self.entry_trend,
        );
        if let Some(RollingJob { key: job_key, job }) = &self.rolling_job {
            match job.poll() {
                JobState::Done(Ok(r)) => {
                    self.rolling = Some((*job_key, Ok(r)));
                    self.rolling_job = None;
                }
                // A check for settings no longer chosen: stopped before its
                // next starting month.
                JobState::Working if *job_key != key => {
                    job.cancel();
                    self.rolling_job = None;
                }
                JobState::Working => {
                    let p = job.progress();
                    ui.add(
                        egui::ProgressBar::new(p.fraction().unwrap_or(0.0))
                            .text(format!("Checking start {} of {}", p.done(), p.total()))
                            .show_percentage(),
                    );
                    return;
                }
                JobState::Done(Err(Cancelled)) | JobState::Lost => self.rolling_job = None,
            }
        }
        if self.rolling.as_ref().is_none_or(|(k, _)| *k != key) {
            match RollingSpec::for_records(
                &ctx.records.data,
                ctx.records.as_at,
                self.reference_months,
                DEFAULT_ORIGINS,
            ) {
                Err(e) => self.rolling = Some((key, Err(e.to_string()))),
                Ok(spec) => {
                    let spec = RollingSpec {
                        entry_trend: self.entry_trend,
                        ..spec
                    };
                    self.start_rolling(ui, ctx, key, spec);
                    return;
                }
            }
        }
        match &self.rolling {
            Some((_, Ok(r))) => rolling_result_ui(ui, r),
            Some((_, Err(e))) => {
                ui.colored_label(ui.visuals().warn_fg_color, e);
            }
            None => {}
        }
    }

    /// Starts the rolling check on a worker thread with a progress bar.
    fn start_rolling(
        &mut self,
        ui: &mut egui::Ui,
        ctx: &ViewContext<'_>,
        key: RollingKey,
        spec: RollingSpec,
    ) {
        let data = ctx.records.data.clone();
        let total = spec.origins.len();
        let wake = ui.ctx().clone();
        let job = Job::start(
            move |progress| rolling_backtest_with_progress(&data, &spec, progress),
            move || wake.request_repaint(),
        );
        self.rolling_job = Some(RollingJob { key, job });
        ui.add(egui::ProgressBar::new(0.0).text(format!("Checking start 0 of {total}")));
    }

    fn one_start_ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
        let as_at = ctx.records.as_at;
        let shown = self
            .start
            .unwrap_or_else(|| add_months(as_at, -i64::from(DEFAULT_MONTHS)));
        let mut start = shown;
        ui.label(
            "Start the model at a date in the past, with no levers, and see how its projection \
             compares with what the records say happened. Small errors here are a reason to \
             trust the scenarios; a steady bias says which way to read them.",
        );
        let available = whole_months(start, as_at);
        ui.horizontal(|ui| {
            let l = ui.label("Start");
            ui.add(
                egui_extras::DatePickerButton::new(&mut start)
                    .id_salt("backtest_start")
                    .format("%d/%m/%Y"),
            )
            .labelled_by(l.id);
            let l = ui.label("Months compared");
            ui.add(
                egui::DragValue::new(&mut self.months)
                    .range(1..=available.max(1))
                    .speed(0.1),
            )
            .labelled_by(l.id);
            let l = ui.label("Rates measured over");
            ui.add(
                egui::DragValue::new(&mut self.reference_months)
                    .range(1..=120)
                    .speed(0.1)
                    .suffix(" months"),
            )
            .labelled_by(l.id);
            ui.weak(format!("(the records run to {})", format_uk_date(as_at)));
        });
        if start != shown {
            self.start = Some(start);
        }
        if available == 0 {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "Choose a start at least a month before {}: only months that have happened \
                     can be compared.",
                    format_uk_date(as_at)
                ),
            );
            return;
        }
        let months = self.months.min(available);
        let key = (ctx.records.generation, start, months, self.reference_months);
        let fresh = self
            .result
            .as_ref()
            .is_some_and(|(g, s, m, r, _)| (*g, *s, *m, *r) == key);
        if !fresh {
            let b = backtest(&ctx.records.data, start, months, self.reference_months);
            self.result = Some((key.0, key.1, key.2, key.3, b));
        }
        let Some((.., b)) = &self.result else {
            return;
        };
        summary_ui(ui, b);
        ui.add_space(6.0);
        charts_ui(ui, b);
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .id_salt("backtest_rows")
            .show(ui, |ui| rows_ui(ui, b));
    }
}

fn rolling_result_ui(ui: &mut egui::Ui, r: &RollingBacktest) {
    let sentence = r.sentence();
    ui.horizontal_wrapped(|ui| {
        ui.label(egui::RichText::new(&sentence).strong());
        if ui
            .button("Copy")
            .on_hover_text("Copy the sentence for a paper")
            .clicked()
        {
            ui.ctx().copy_text(sentence.clone());
        }
    });
    ui.add_space(6.0);
    ui.columns(2, |cols| {
        cols[0].strong("Error by months ahead (%)");
        Plot::new("rolling_error")
            .height(220.0)
            // Marks every 1, 5 and 25 points: errors of a few percent get
            // labels (the default's 1, 10, 100 labels only the 0 line).
            .y_grid_spacer(egui_plot::log_grid_spacer(5))
            .legend(Legend::default().position(egui_plot::Corner::LeftTop))
            .x_axis_label("months ahead")
            .allow_scroll(false)
            .show(&mut cols[0], |plot| {
                plot.line(line(
                    r.rows
                        .iter()
                        .map(|row| [f64::from(row.months_ahead), row.mape])
                        .collect(),
                    "Mean absolute error",
                ));
                plot.line(
                    line(
                        r.rows
                            .iter()
                            .map(|row| [f64::from(row.months_ahead), row.bias_pct])
                            .collect(),
                        "Bias (below 0: too low)",
                    )
                    .style(LineStyle::dashed_loose()),
                );
            });
        cols[1].strong("Months the P10 to P90 band held the actual (%)");
        Plot::new("rolling_coverage")
            .height(220.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
            .x_axis_label("months ahead")
            .include_y(0.0)
            .include_y(100.0)
            .allow_scroll(false)
            .show(&mut cols[1], |plot| {
                plot.line(line(
                    r.rows
                        .iter()
                        .filter_map(|row| {
                            row.coverage
                                .map(|c| [f64::from(row.months_ahead), 100.0 * c])
                        })
                        .collect(),
                    "Held",
                ));
                plot.line(
                    line(vec![[1.0, 80.0], [f64::from(r.horizon), 80.0]], "Aim: 80%")
                        .style(LineStyle::dashed_loose()),
                );
            });
    });
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .id_salt("rolling_rows")
        .show(ui, |ui| {
            egui::Grid::new("rolling_table")
                .striped(true)
                .num_columns(5)
                .show(ui, |ui| {
                    for h in [
                        "Months ahead",
                        "Starts compared",
                        "Mean absolute error",
                        "Bias",
                        "P10 to P90 held",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for row in &r.rows {
                        ui.label(row.months_ahead.to_string());
                        ui.label(row.origins.to_string());
                        ui.label(format!("{:.1}%", row.mape));
                        ui.label(format!("{:+.1}%", row.bias_pct));
                        ui.label(
                            row.coverage
                                .map_or_else(|| "n/a".into(), |c| format!("{:.0}%", 100.0 * c)),
                        );
                        ui.end_row();
                    }
                });
        });
}

fn summary_ui(ui: &mut egui::Ui, b: &Backtest) {
    let children = match b.children_mape {
        Some(m) => format!(
            "Children in care: off by {m:.1}% a month on average; the projection was {} by \
             {:.1} children a month.",
            if b.children_mean_error >= 0.0 {
                "high"
            } else {
                "low"
            },
            b.children_mean_error.abs()
        ),
        None => "Children in care: no children in the records over these months.".into(),
    };
    let spend = match b.spend_mape {
        Some(m) => format!(
            "Placement spend: off by {m:.1}% a month on average; the projection was {} by {} a \
             month.",
            if b.spend_mean_error.0 >= 0 {
                "high"
            } else {
                "low"
            },
            Pence(b.spend_mean_error.0.abs()).to_pounds_string()
        ),
        None => "Placement spend: no spend in the records over these months.".into(),
    };
    ui.strong(children);
    ui.strong(spend);
    ui.weak(format!(
        "Baseline on {}: {} children in placements, {:.1} entering a month, rates from the {} \
         months before.",
        format_uk_date(b.start),
        b.baseline.children.len(),
        b.baseline.monthly_entries,
        b.reference_months
    ));
}

fn line(points: Vec<[f64; 2]>, name: &str) -> Line<'static> {
    Line::new(name, PlotPoints::from(points))
}

/// "Nov 2025" for whole-month marks counted from `start`.
fn month_label(start: Date, mark: f64) -> String {
    if mark.fract().abs() > 1e-9 || mark < 0.0 {
        return String::new();
    }
    let d = add_months(start, mark as i64);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{} {}",
        MONTHS[usize::from(d.month().unsigned_abs()) - 1],
        d.year()
    )
}

fn charts_ui(ui: &mut egui::Ui, b: &Backtest) {
    // x: months from the start, labelled by month.
    let x = |d: Date| f64::from(whole_months(b.start, d));
    let start = b.start;
    ui.columns(2, |cols| {
        cols[0].strong("Children in care (dashed: what happened)");
        Plot::new("backtest_children")
            .height(220.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
            .x_axis_formatter(move |m, _| month_label(start, m.value))
            .allow_scroll(false)
            .show(&mut cols[0], |plot| {
                plot.line(line(
                    b.rows
                        .iter()
                        .map(|r| [x(r.month_start), r.projected_total])
                        .collect(),
                    "Projected",
                ));
                plot.line(
                    line(
                        b.rows
                            .iter()
                            .map(|r| [x(r.month_start), f64::from(r.actual_total)])
                            .collect(),
                        "Actual",
                    )
                    .style(LineStyle::dashed_loose()),
                );
            });
        cols[1].strong("Placement spend a month (dashed: what happened)");
        Plot::new("backtest_spend")
            .height(220.0)
            .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
            .y_axis_formatter(|m, _| short_money(m.value))
            .x_axis_formatter(move |m, _| month_label(start, m.value))
            .allow_scroll(false)
            .show(&mut cols[1], |plot| {
                plot.line(line(
                    b.rows
                        .iter()
                        .map(|r| [x(r.month_start), r.projected_spend.0 as f64 / 100.0])
                        .collect(),
                    "Projected",
                ));
                plot.line(
                    line(
                        b.rows
                            .iter()
                            .map(|r| [x(r.month_start), r.actual_spend.0 as f64 / 100.0])
                            .collect(),
                        "Actual",
                    )
                    .style(LineStyle::dashed_loose()),
                );
            });
    });
}

fn pct_text(p: Option<f64>) -> String {
    p.map_or("–".into(), |p| format!("{}%", signed(p, 1)))
}

fn rows_ui(ui: &mut egui::Ui, b: &Backtest) {
    egui::Grid::new("backtest_table")
        .striped(true)
        .num_columns(9)
        .show(ui, |ui| {
            for h in [
                "Month",
                "Children projected",
                "Actual",
                "Error",
                "%",
                "Spend projected",
                "Actual",
                "Error",
                "%",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for r in &b.rows {
                ui.label(format_uk_date(r.month_start));
                ui.label(format!("{:.1}", r.projected_total));
                ui.label(r.actual_total.to_string());
                ui.label(signed(r.children_error, 1));
                ui.label(pct_text(r.children_pct_error));
                ui.label(r.projected_spend.to_pounds_string());
                ui.label(r.actual_spend.to_pounds_string());
                ui.label(r.spend_error.to_pounds_string());
                ui.label(pct_text(r.spend_pct_error));
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn whole_months_count_complete_calendar_months() {
        assert_eq!(whole_months(date(2025, 11, 1), date(2026, 11, 1)), 12);
        assert_eq!(whole_months(date(2025, 11, 1), date(2026, 10, 31)), 11);
        assert_eq!(whole_months(date(2026, 11, 1), date(2026, 10, 1)), 0);
        // 31 January plus one month is 28 February (clamped), so a month has
        // passed by 28/02/2026.
        assert_eq!(whole_months(date(2026, 1, 31), date(2026, 2, 28)), 1);
    }

    #[test]
    fn month_marks_are_labelled_by_month() {
        let start = date(2025, 11, 22);
        assert_eq!(month_label(start, 0.0), "Nov 2025");
        assert_eq!(month_label(start, 2.0), "Jan 2026");
        assert_eq!(month_label(start, 2.5), "");
    }
}
