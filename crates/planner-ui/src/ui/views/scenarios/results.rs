//! The right of "Edit a scenario": the headline figures, the charts, the
//! table by financial year and what the baseline was read from.

use super::charts::{charts_ui, short_money};
use super::text::{group, month_text, signed};
use super::ScenariosView;
use crate::model::{format_uk_date, PlacementCategory};
use crate::scenario::{Bands, Projection, YearRow};

impl ScenariosView {
    /// The projection on screen against doing nothing, with its bands when
    /// they are worked out.
    pub(super) fn results_ui(&mut self, ui: &mut egui::Ui) {
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
        self.bands_caption_ui(ui, bands, c.baseline.year_to_year.as_ref());
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

    /// What the shaded bands are, or that they are being worked out.
    fn bands_caption_ui(
        &self,
        ui: &mut egui::Ui,
        bands: Option<&Bands>,
        year_to_year: Option<&crate::scenario::year_to_year::YearToYear>,
    ) {
        match bands {
            Some(b) => ui
                .weak(format!(
                    "Shaded: the middle 80% (P10 to P90) of {} simulated futures with random \
                     entries, exits and recruitment (seed {}).{}",
                    group(u64::from(b.runs)),
                    b.seed,
                    year_to_year.map_or(String::new(), |y| format!(" {}", y.sentence()))
                ))
                .on_hover_text(
                    "The lines are expected values. Simulated households arrive whole and \
                     children one at a time, so where in-house places run short the middle \
                     simulated future can sit below the line: read the band, not the line \
                     alone. Method: docs/scenario-model.md section 5.",
                ),
            None if self.errors.is_empty() => {
                ui.horizontal(|ui| {
                    ui.weak(format!(
                        "Working out the uncertainty bands ({} simulated futures)…",
                        group(u64::from(self.band_runs))
                    ));
                    if let Some(done) = self.bands_progress() {
                        ui.add(
                            egui::ProgressBar::new(done)
                                .desired_width(160.0)
                                .show_percentage(),
                        );
                    }
                })
                .response
            }
            None => ui.weak(""),
        };
    }
}

/// The headline figures over the horizon, one card each.
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

/// The projection by financial year, with the scenario's spread of spend
/// when the bands are worked out, and the Staying Put spend below.
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
                        year_row_ui(ui, y, bands.map(|b| b.years[i].scenario_spend));
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

/// One financial year's row; `spend_band`: the spread of the scenario's
/// spend that year, in pence, when worked out.
fn year_row_ui(ui: &mut egui::Ui, y: &YearRow, spend_band: Option<crate::scenario::Percentiles>) {
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
    ui.label(spend_band.map_or(String::new(), |s| {
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
