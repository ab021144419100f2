//! The "Compare saved" tab: up to [`MAX_COMPARED`] saved scenarios, each
//! projected on today's records from its own start date, side by side in
//! a table and on one chart.

use super::charts::{money_axis, month_end_x, points, x_formatter, year_grid};
use super::text::month_text;
use super::{ScenarioTab, ScenariosView, MAX_COMPARED};
use crate::model::{format_uk_date, PlacementCategory};
use crate::scenario::saved::SavedScenario;
use crate::scenario::{project, Baseline, Projection, RunMonth};
use crate::ui::app::ViewContext;
use egui_plot::{Legend, Line, Plot};

/// One compared scenario, projected on today's records.
pub(super) struct Compared {
    scenario: SavedScenario,
    projection: Projection,
    data_changed: bool,
}

impl Compared {
    /// `s` projected on the records now, from its own start date and
    /// reference period.
    fn new(s: &SavedScenario, ctx: &ViewContext<'_>) -> Compared {
        let baseline = Baseline::from_data(&ctx.records.data, s.start, s.reference_months);
        Compared {
            data_changed: s.baseline_changed(&baseline),
            projection: project(&baseline, &s.levers),
            scenario: s.clone(),
        }
    }
}

impl ScenariosView {
    pub(super) fn compare_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
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
        self.compare_choice_ui(ui, scenarios);
        ui.separator();
        self.refresh_compared(ctx);
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

    /// A tick box for each saved scenario, disabled once
    /// [`MAX_COMPARED`] are ticked.
    fn compare_choice_ui(&mut self, ui: &mut egui::Ui, scenarios: &[SavedScenario]) {
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
    }

    /// Projects the ticked scenarios again when the records or the choice
    /// changed.
    fn refresh_compared(&mut self, ctx: &ViewContext<'_>) {
        let generation = ctx.records.generation;
        let fresh = self
            .compared
            .as_ref()
            .is_some_and(|(g, ids, _)| *g == generation && *ids == self.compare);
        if fresh {
            return;
        }
        let list = self
            .compare
            .iter()
            .filter_map(|id| ctx.records.scenarios.iter().find(|s| s.id == *id))
            .map(|s| Compared::new(s, ctx))
            .collect();
        self.compared = Some((generation, self.compare.clone(), list));
    }
}

/// How one row of the comparison shows a scenario.
type CompareCell = Box<dyn Fn(&Compared) -> String>;

/// The scenarios side by side, a column each (with "Open" to edit it),
/// a row for each figure.
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
            for (label, value) in comparison_rows(common) {
                ui.strong(label);
                for c in list {
                    ui.label(value(c));
                }
                ui.end_row();
            }
        });
}

/// The comparison's rows: a label and how each scenario reads in it.
/// `common`: the months every compared projection has.
fn comparison_rows(common: usize) -> Vec<(String, CompareCell)> {
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
        ("Children at the end", Box::new(children_at_end)),
        ("In-house at the end", Box::new(in_house_at_end)),
        ("Residential at the end", Box::new(residential_at_end)),
        (
            "Records changed since saved",
            Box::new(|c| if c.data_changed { "⚠ yes" } else { "no" }.to_string()),
        ),
        ("Notes", Box::new(|c| c.scenario.notes.clone())),
    ];
    rows.into_iter()
        .map(|(label, value)| (label.to_string(), value))
        .collect()
}

/// Children in care at the end of the horizon, and doing nothing.
fn children_at_end(c: &Compared) -> String {
    c.projection.months.last().map_or(String::new(), |m| {
        format!(
            "{:.0} (doing nothing {:.0})",
            m.scenario.total_children(),
            m.baseline.total_children()
        )
    })
}

/// Children placed in-house (specialist fostering too) at the end of the
/// horizon, and doing nothing.
fn in_house_at_end(c: &Compared) -> String {
    c.projection.months.last().map_or(String::new(), |m| {
        format!(
            "{:.0} (doing nothing {:.0})",
            m.scenario.children[&PlacementCategory::InHouseFostering]
                + m.scenario.specialist_children,
            m.baseline.children[&PlacementCategory::InHouseFostering]
        )
    })
}

/// Children in residential care (own and external) at the end of the
/// horizon, and doing nothing.
fn residential_at_end(c: &Compared) -> String {
    c.projection.months.last().map_or(String::new(), |m| {
        let res = |r: &RunMonth| {
            r.children[&PlacementCategory::OwnResidential]
                + r.children[&PlacementCategory::ExternalResidential]
        };
        format!(
            "{:.0} (doing nothing {:.0})",
            res(&m.scenario),
            res(&m.baseline)
        )
    })
}

/// The compared scenarios' cumulative net saving on one chart.
fn comparison_chart_ui(ui: &mut egui::Ui, list: &[Compared]) {
    ui.strong("Cumulative net saving after investment");
    Plot::new("compare_cumulative")
        .height(260.0)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
        .x_axis_formatter(x_formatter)
        .x_grid_spacer(year_grid)
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
