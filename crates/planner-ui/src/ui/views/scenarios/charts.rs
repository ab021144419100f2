//! The charts of "Edit a scenario" (children by placement, spend at a
//! yearly rate, cumulative net saving), each scenario line beside its
//! doing-nothing line and shaded with the bands when they are worked out;
//! and the colours, axes and points the comparison's chart shares.

use super::super::year_fraction;
use crate::model::{Pence, PlacementCategory};
use crate::scenario::{Bands, MonthRow, Percentiles, Projection, RunMonth};
use egui_plot::{FilledArea, Legend, Line, LineStyle, Plot, PlotPoints, PlotUi};

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

pub(super) fn money_axis(
    mark: egui_plot::GridMark,
    _range: &std::ops::RangeInclusive<f64>,
) -> String {
    short_money(mark.value)
}

pub(super) fn x_formatter(
    mark: egui_plot::GridMark,
    _range: &std::ops::RangeInclusive<f64>,
) -> String {
    if mark.value.fract().abs() < 1e-9 {
        format!("{:.0}", mark.value)
    } else {
        String::new()
    }
}

/// Grid lines a year apart on a time axis in years, labelled each year
/// where there is room, else every second or tenth year (egui_plot's
/// default spacing labels only each decade on a chart half the window
/// wide). Zoomed out past what a year apart can show (`base_step_size`,
/// egui_plot's smallest useful step), the steps grow by tens, so a wide
/// range never asks for thousands of lines.
pub(super) fn year_grid(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let mut step = 1.0;
    while step < input.base_step_size {
        step *= 10.0;
    }
    egui_plot::uniform_grid_spacer(move |_| [step, 2.0 * step, 10.0 * step])(input)
}

/// A month's end as a chart x value.
pub(super) fn month_end_x(m: &MonthRow) -> f64 {
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

/// One point a month: its end (`xs`) and the figure `pick` reads from it.
pub(super) fn points(
    p: &Projection,
    xs: &[f64],
    pick: impl Fn(&MonthRow) -> f64,
) -> PlotPoints<'static> {
    PlotPoints::from(
        p.months
            .iter()
            .zip(xs)
            .map(|(m, x)| [*x, pick(m)])
            .collect::<Vec<_>>(),
    )
}

/// The three charts: children and spend side by side, the cumulative net
/// saving below. The legends are see-through enough to show the start of
/// the band they sit over.
pub(super) fn charts_ui(ui: &mut egui::Ui, p: &Projection, bands: Option<&Bands>) {
    let xs: Vec<f64> = p.months.iter().map(month_end_x).collect();
    let bands = bands.filter(|b| b.months.len() == xs.len());
    ui.columns(2, |cols| {
        cols[0].strong("Children by placement (dashed: doing nothing)");
        Plot::new("scenario_children")
            .height(260.0)
            .legend(
                Legend::default()
                    .position(egui_plot::Corner::LeftTop)
                    .background_alpha(0.35),
            )
            .y_axis_label("children")
            .x_axis_formatter(x_formatter)
            .x_grid_spacer(year_grid)
            .include_y(0.0)
            .allow_scroll(false)
            .show(&mut cols[0], |plot| children_lines(plot, p, &xs, bands));
        cols[1].strong("Placement spend at a yearly rate (dashed: doing nothing)");
        Plot::new("scenario_spend")
            .height(260.0)
            .legend(
                Legend::default()
                    .position(egui_plot::Corner::LeftBottom)
                    .background_alpha(0.35),
            )
            .x_axis_formatter(x_formatter)
            .x_grid_spacer(year_grid)
            .y_axis_formatter(money_axis)
            .allow_scroll(false)
            .show(&mut cols[1], |plot| spend_lines(plot, p, &xs, bands));
    });
    ui.strong("Cumulative net saving after investment");
    Plot::new("scenario_cumulative")
        .height(180.0)
        .x_axis_formatter(x_formatter)
        .x_grid_spacer(year_grid)
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

/// All children (with its band) and the in-house, IFA and residential
/// groups, each as the scenario and, dashed, doing nothing.
fn children_lines(plot: &mut PlotUi<'_>, p: &Projection, xs: &[f64], bands: Option<&Bands>) {
    if let Some(b) = bands {
        plot.add(band(
            "All children",
            xs,
            b.months.iter().map(|m| m.scenario_children),
            |_, v| v,
            TOTAL,
        ));
    }
    plot.line(
        Line::new(
            "All children",
            points(p, xs, |m| m.scenario.total_children()),
        )
        .color(TOTAL),
    );
    plot.line(
        Line::new(
            "All children",
            points(p, xs, |m| m.baseline.total_children()),
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
        let sum = move |r: &RunMonth| -> f64 {
            cats.iter().map(|c| r.children[c]).sum::<f64>()
                + if with_specialist {
                    r.specialist_children
                } else {
                    0.0
                }
        };
        plot.line(Line::new(name, points(p, xs, |m| sum(&m.scenario))).color(colour));
        plot.line(
            Line::new(name, points(p, xs, |m| sum(&m.baseline)))
                .color(colour)
                .style(LineStyle::dashed_loose()),
        );
    }
}

/// Placement spend at a yearly rate, the scenario's and, dashed, doing
/// nothing's, each with its band.
fn spend_lines(plot: &mut PlotUi<'_>, p: &Projection, xs: &[f64], bands: Option<&Bands>) {
    let days: Vec<i64> = p.months.iter().map(|m| m.days).collect();
    let rate = |i: usize, pence: f64| pence / 100.0 * 365.0 / days[i].max(1) as f64;
    if let Some(b) = bands {
        plot.add(band(
            "Doing nothing",
            xs,
            b.months.iter().map(|m| m.baseline_spend),
            rate,
            egui::Color32::GRAY,
        ));
        plot.add(band(
            "Scenario",
            xs,
            b.months.iter().map(|m| m.scenario_spend),
            rate,
            TOTAL,
        ));
    }
    plot.line(
        Line::new(
            "Scenario",
            points(p, xs, |m| yearly_rate(m.scenario.placement_spend, m.days)),
        )
        .color(TOTAL),
    );
    plot.line(
        Line::new(
            "Doing nothing",
            points(p, xs, |m| yearly_rate(m.baseline.placement_spend, m.days)),
        )
        .color(egui::Color32::GRAY)
        .style(LineStyle::dashed_loose()),
    );
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
    fn a_month_at_a_yearly_rate() {
        // £3,100 over a 31-day month is £100 a day: £36,500 a year.
        assert_eq!(yearly_rate(Pence(310_000), 31), 36_500.0);
        // £2,800 over 28 days is the same daily rate.
        assert_eq!(yearly_rate(Pence(280_000), 28), 36_500.0);
    }

    /// A 10-year projection from December 2026 spans 2026.92 to 2037.0
    /// (the chart adds a margin): a grid line on each of the 11 whole years
    /// 2027 to 2037, the even ones thicker (step 2) and 2030 thickest (step
    /// 10), nothing between years.
    #[test]
    fn year_grid_marks_every_whole_year() {
        let marks = year_grid(egui_plot::GridInput {
            bounds: (2026.4, 2037.5),
            base_step_size: 0.05,
        });
        let years: Vec<f64> = marks.iter().map(|m| m.value).collect();
        let want: Vec<f64> = (2027..=2037).map(f64::from).collect();
        assert_eq!(years, want);
        let step = |year: f64| marks.iter().find(|m| m.value == year).map(|m| m.step_size);
        assert_eq!(step(2027.0), Some(1.0));
        assert_eq!(step(2028.0), Some(2.0));
        assert_eq!(step(2030.0), Some(10.0));
        // Zoomed out to 2,037 years with a smallest useful step of 20: the
        // lines are a hundred years apart (0, 100, … 2000: 21), not one
        // for each of 2,037 years (which slowed every frame).
        let wide = year_grid(egui_plot::GridInput {
            bounds: (-0.5, 2037.0),
            base_step_size: 20.0,
        });
        assert_eq!(wide.len(), 21);
        assert!(wide.iter().all(|m| m.value % 100.0 == 0.0));
        // Labels are the whole years only.
        let r = 2026.0..=2038.0;
        let label = |v: f64| {
            x_formatter(
                egui_plot::GridMark {
                    value: v,
                    step_size: 1.0,
                },
                &r,
            )
        };
        assert_eq!(label(2031.0), "2031");
        assert_eq!(label(2031.5), "");
    }
}
