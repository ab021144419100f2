//! The dashboard: how many children live within 20 miles of home and how
//! many inside the council's area, the placement mix and what it costs,
//! supply, and the trend, as at any date. Every count clicks through to
//! the children behind it.

use super::super::app::{Navigate, ViewContext};
use super::super::command::Command;
use super::year_fraction;
use crate::geography::AreaStatus;
use crate::model::{format_uk_date, Pence, PlacementCategory};
use crate::sufficiency::{ChildFacts, DistanceCategory, BENCHMARKS};
use egui_plot::{Legend, Line, Plot, PlotPoints};

/// Which children a card stands for.
type ChildFilter = Box<dyn Fn(&ChildFacts) -> bool>;

/// Asks to show the children matching `pred` in the Children view.
fn click_through(ctx: &mut ViewContext<'_>, label: String, pred: impl Fn(&ChildFacts) -> bool) {
    let ids = ctx
        .records
        .facts
        .iter()
        .filter(|f| pred(f))
        .map(|f| f.child_id.clone())
        .collect();
    *ctx.navigate = Some(Navigate::ChildrenWith { label, ids });
}

/// A count that opens the children behind it.
fn count_link(ui: &mut egui::Ui, n: usize) -> bool {
    ui.link(n.to_string())
        .on_hover_text("Show these children")
        .clicked()
}

/// The dashboard's own state: where its list of the most expensive
/// placements starts.
#[derive(Default)]
pub struct DashboardView {
    /// The threshold typed, in pounds a week; blank is £10,000.
    expensive_from: String,
}

impl DashboardView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        egui::ScrollArea::vertical()
            .id_salt("dashboard")
            .show(ui, |ui| {
                dashboard_contents(ui, ctx, &mut self.expensive_from)
            });
    }
}

fn dashboard_contents(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, expensive_from: &mut String) {
    let r = &ctx.records.report;
    let council = r
        .council_title()
        .unwrap_or_else(|| "No council set".to_string());
    ui.horizontal(|ui| {
        ui.heading(council);
        ui.separator();
        let l = ui.label("As at:");
        let mut picked = ctx.records.as_at;
        let before = picked;
        ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt("as_at")
                .format("%d/%m/%Y"),
        )
        .labelled_by(l.id);
        if picked != before {
            ctx.commands.push(Command::SetAsAt(picked));
        }
        if ctx.records.as_at != ctx.today && ui.button("Today").clicked() {
            ctx.commands.push(Command::SetAsAt(ctx.today));
        }
    });
    if let Some(e) = &r.boundary_error {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("The council boundary could not be read: {e}"),
        );
    }
    data_end_ui(ui, ctx);
    ui.add_space(6.0);
    if ctx.records.children.is_empty() {
        // Nothing to measure: say so, and show the supply there is.
        super::nothing_to_show_ui(
            ui,
            ctx,
            "No children are recorded yet, so there is nothing to measure: import the SSDA903 \
             returns (File > Import) or add children in the Children view.",
        );
        ui.add_space(10.0);
        supply_ui(ui, ctx);
        return;
    }
    kpi_row(ui, ctx);
    ui.add_space(10.0);

    ui.columns(2, |cols| {
        distance_table(&mut cols[0], ctx);
        cols[0].add_space(10.0);
        benchmarks_table(&mut cols[0], ctx);
        mix_table(&mut cols[1], ctx);
        cols[1].add_space(10.0);
        supply_ui(&mut cols[1], ctx);
    });
    ui.add_space(10.0);
    trend_ui(ui, ctx);
    ui.add_space(10.0);
    costly_ui(ui, ctx, expensive_from);
    ui.add_space(10.0);
    data_quality_ui(ui, ctx);
}

/// The placements costing a threshold or more a week (own or estimated),
/// dearest first: the ones that drive the budget.
fn costly_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, from_text: &mut String) {
    use crate::sufficiency::{costly_placements, EXPENSIVE_FROM};
    ui.horizontal(|ui| {
        ui.strong("Most expensive placements: ");
        let l = ui.label("from £");
        ui.add(
            egui::TextEdit::singleline(from_text)
                .hint_text("10,000")
                .desired_width(70.0),
        )
        .labelled_by(l.id);
        ui.label("a week");
    });
    let from = if from_text.trim().is_empty() {
        Ok(EXPENSIVE_FROM)
    } else {
        Pence::parse_pounds(from_text)
    };
    let from = match from {
        Ok(p) => p,
        Err(e) => {
            ui.colored_label(ui.visuals().error_fg_color, e);
            return;
        }
    };
    let list = costly_placements(&ctx.records.facts, from);
    if list.is_empty() {
        ui.label(format!(
            "No placement costs {} a week or more on {}.",
            from.to_pounds_string(),
            crate::model::format_uk_date(ctx.records.as_at)
        ));
        return;
    }
    let total: i64 = list.iter().map(|c| c.weekly_cost_pence).sum();
    ui.label(format!(
        "{} placement{} at {} a week or more: {} a week between them ({} of all spend).",
        list.len(),
        if list.len() == 1 { "" } else { "s" },
        from.to_pounds_string(),
        Pence(total).to_pounds_string(),
        pct_of(total, ctx.records.report.weekly_cost_pence)
    ));
    let mut open: Option<String> = None;
    egui::Grid::new("costly")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in ["Child", "Category", "Weekly cost", "Cost from"] {
                ui.strong(h);
            }
            ui.end_row();
            for c in list.iter().take(25) {
                if ui
                    .link(&c.child_id)
                    .on_hover_text("Show this child")
                    .clicked()
                {
                    open = Some(c.child_id.clone());
                }
                ui.label(c.category.map_or("", |k| k.label()));
                ui.label(Pence(c.weekly_cost_pence).to_pounds_string());
                ui.label(c.basis.label());
                ui.end_row();
            }
        });
    if list.len() > 25 {
        ui.label(format!("and {} more", list.len() - 25));
    }
    if let Some(id) = open {
        *ctx.navigate = Some(Navigate::ChildrenWith {
            label: format!("costing {} a week or more", from.to_pounds_string()),
            ids: vec![id],
        });
    }
}

/// `37%`: a part of a whole, in whole percent ("-" when the whole is 0).
fn pct_of(part: i64, whole: i64) -> String {
    if whole <= 0 {
        "-".to_string()
    } else {
        format!("{}%", (part * 100 + whole / 2) / whole)
    }
}

fn kpi(ui: &mut egui::Ui, title: &str, value: String, detail: String) -> bool {
    let inner = egui::Frame::group(ui.style())
        .show(ui, |ui| {
            ui.set_min_width(170.0);
            ui.vertical(|ui| {
                ui.add(egui::Label::new(title).selectable(false));
                ui.add(egui::Label::new(egui::RichText::new(value).heading()).selectable(false));
                ui.add(egui::Label::new(egui::RichText::new(detail).small()).selectable(false));
            });
        })
        .response;
    inner
        .interact(egui::Sense::click())
        .on_hover_text("Show these children")
        .clicked()
}

fn kpi_row(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    let r = &ctx.records.report;
    let n = r.children_looked_after;
    let residential = r
        .by_category
        .iter()
        .filter(|l| l.category.is_residential())
        .map(|l| l.children)
        .sum::<usize>();
    let mut clicked: Option<(String, ChildFilter)> = None;
    ui.horizontal_wrapped(|ui| {
        if kpi(
            ui,
            "Children looked after",
            n.to_string(),
            format!("on {}", format_uk_date(r.as_at)),
        ) {
            clicked = Some(("looked after".into(), Box::new(|_| true)));
        }
        if kpi(
            ui,
            "Within 20 miles of home",
            format!("{:.1}%", r.within_20_miles_pct),
            format!("{} children", r.within_20_miles),
        ) {
            clicked = Some((
                "within 20 miles of home".into(),
                Box::new(|f| f.within_20_miles == Some(true)),
            ));
        }
        if kpi(
            ui,
            "In county",
            format!("{:.1}%", r.in_area_pct),
            format!("{} children", r.in_area),
        ) {
            clicked = Some((
                "placed in the council's area".into(),
                Box::new(|f| f.area == AreaStatus::Inside),
            ));
        }
        if kpi(
            ui,
            "In residential care",
            format!("{:.1}%", r.residential_pct),
            format!("{residential} children"),
        ) {
            clicked = Some((
                "in residential care".into(),
                Box::new(|f| f.category.is_some_and(|c| c.is_residential())),
            ));
        }
        if kpi(
            ui,
            "In-house vs IFA",
            format!("{:.0}% / {:.0}%", r.in_house_pct, r.ifa_pct),
            "share of all children".into(),
        ) {
            clicked = Some((
                "in in-house or IFA fostering".into(),
                Box::new(|f| {
                    matches!(
                        f.category,
                        Some(PlacementCategory::InHouseFostering)
                            | Some(PlacementCategory::IfaFostering)
                    )
                }),
            ));
        }
        if kpi(
            ui,
            "Weekly spend",
            if r.spend.is_not_known() {
                "not known".to_string()
            } else {
                r.weekly_cost().to_pounds_string()
            },
            {
                let caveat = r.spend.caveat();
                let year = format!("{} a year", Pence(r.annual_cost_pence).to_pounds_string());
                if caveat.is_empty() {
                    year
                } else {
                    format!("{year}; {caveat}")
                }
            },
        ) {
            clicked = Some(("looked after".into(), Box::new(|_| true)));
        }
    });
    if let Some((label, pred)) = clicked {
        click_through(ctx, label, pred);
    }
}

fn distance_table(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    ui.strong("Where children are placed (DfE's categories)");
    ui.small("Straight line between home and placement postcodes; percentages of every child looked after.");
    let r = &ctx.records.report;
    let n = r.children_looked_after;
    let mut clicked = None;
    egui::Grid::new("distance_table")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.strong("Category");
            ui.strong("Children");
            ui.strong("Share");
            ui.end_row();
            for c in DistanceCategory::ALL {
                let k = r.count(c);
                ui.label(c.label());
                if count_link(ui, k) {
                    clicked = Some(c);
                }
                ui.label(format!("{:.1}%", crate::sufficiency::percent(k, n)));
                ui.end_row();
            }
            ui.strong("All");
            ui.strong(n.to_string());
            ui.strong("100.0%");
            ui.end_row();
        });
    if let Some(c) = clicked {
        click_through(ctx, c.label().to_lowercase(), move |f| {
            f.distance_category == c
        });
    }
}

fn benchmarks_table(ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
    let r = &ctx.records.report;
    ui.strong("Beside published figures");
    egui::Grid::new("benchmarks")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in ["Area", "As at", "Within 20 miles", "In area"] {
                ui.strong(h);
            }
            ui.end_row();
            ui.label(format!(
                "{} (this data)",
                if r.council_name.is_empty() {
                    "Council"
                } else {
                    "This council"
                }
            ));
            ui.label(format_uk_date(r.as_at));
            ui.label(format!("{:.1}%", r.within_20_miles_pct));
            ui.label(format!("{:.1}%", r.in_area_pct));
            ui.end_row();
            for b in &BENCHMARKS {
                let f = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.0}%"));
                ui.label(b.area).on_hover_text(b.source);
                ui.label(b.year);
                ui.label(f(b.within_20_miles_pct));
                ui.label(f(b.in_area_pct));
                ui.end_row();
            }
        });
}

fn mix_table(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    ui.strong("Placement mix and spend");
    let r = &ctx.records.report;
    let mut clicked = None;
    egui::Grid::new("mix_table")
        .striped(true)
        .num_columns(7)
        .show(ui, |ui| {
            for h in [
                "Category",
                "Children",
                "Share",
                "Weekly",
                "Yearly (52 weeks)",
                "Average weekly",
                "Estimated",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for line in r.by_category.iter().filter(|l| l.children > 0) {
                ui.label(line.category.label());
                if count_link(ui, line.children) {
                    clicked = Some(line.category);
                }
                ui.label(format!("{:.1}%", line.share_pct));
                if line.spend.is_not_known() {
                    ui.label("not known");
                    ui.label("not known");
                    ui.label("not known");
                } else {
                    let costed = (line.spend.placements - line.spend.not_known).max(1) as i64;
                    ui.label(Pence(line.weekly_cost_pence).to_pounds_string());
                    ui.label(Pence(line.annual_cost_pence).to_pounds_string());
                    ui.label(Pence(line.weekly_cost_pence / costed).to_pounds_string());
                }
                ui.label(line.spend.short_caveat())
                    .on_hover_text(line.spend.caveat());
                ui.end_row();
            }
            ui.strong("All");
            ui.strong(r.children_looked_after.to_string());
            ui.label("");
            ui.strong(r.weekly_cost().to_pounds_string());
            ui.strong(Pence(r.annual_cost_pence).to_pounds_string());
            ui.label("");
            ui.label(r.spend.short_caveat())
                .on_hover_text(r.spend.caveat());
            ui.end_row();
        });
    if let Some(c) = clicked {
        click_through(ctx, format!("in {}", c.label().to_lowercase()), move |f| {
            f.category == Some(c)
        });
    }
}

fn supply_ui(ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
    let s = &ctx.records.report.supply;
    ui.strong("Supply");
    ui.label(format!(
        "In-house fostering: {} households, {} places, {} filled, {} vacant",
        s.in_house_households, s.in_house_places, s.in_house_filled, s.in_house_vacant
    ));
    egui::Grid::new("supply_bands")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            for h in [
                "Ages",
                "Vacant in-house places open to this age",
                "Children of this age",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for b in &s.by_age_band {
                ui.label(b.band);
                ui.label(b.vacant_places.to_string());
                ui.label(b.children.to_string());
                ui.end_row();
            }
        });
    ui.label(format!(
        "Residential beds: {} in area ({} vacant), {} out of area ({} vacant)",
        s.residential_beds_in_area,
        s.residential_vacant_in_area,
        s.residential_beds_out_of_area,
        s.residential_vacant_out_of_area
    ));
}

fn trend_ui(ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
    let t = &ctx.records.trend;
    if t.len() < 2 {
        return;
    }
    ui.strong("Trend, month by month");
    if t.iter().all(|p| p.children_looked_after == 0) {
        ui.label(format!(
            "No child was looked after in the five years to {}, so there is no trend to draw: \
             pick a later date above.",
            format_uk_date(ctx.records.as_at)
        ));
        return;
    }
    let x_fmt = |mark: egui_plot::GridMark, _range: &std::ops::RangeInclusive<f64>| {
        if (mark.value.fract()).abs() < 1e-9 {
            format!("{:.0}", mark.value)
        } else {
            String::new()
        }
    };
    ui.columns(2, |cols| {
        Plot::new("trend_mix")
            .height(220.0)
            .legend(Legend::default())
            .y_axis_label("children")
            .x_axis_formatter(x_fmt)
            .allow_scroll(false)
            .show(&mut cols[0], |plot| {
                let series = |name: &str, pick: &dyn Fn(&[usize]) -> usize| {
                    Line::new(
                        name.to_string(),
                        PlotPoints::from(
                            t.iter()
                                .map(|p| [year_fraction(p.as_at), pick(&p.by_category) as f64])
                                .collect::<Vec<_>>(),
                        ),
                    )
                };
                plot.line(Line::new(
                    "Looked after",
                    PlotPoints::from(
                        t.iter()
                            .map(|p| [year_fraction(p.as_at), p.children_looked_after as f64])
                            .collect::<Vec<_>>(),
                    ),
                ));
                let ih = PlacementCategory::InHouseFostering.index();
                let ifa = PlacementCategory::IfaFostering.index();
                let own = PlacementCategory::OwnResidential.index();
                let ext = PlacementCategory::ExternalResidential.index();
                plot.line(series("In-house fostering", &|v| v[ih]));
                plot.line(series("IFA fostering", &|v| v[ifa]));
                plot.line(series("Residential", &|v| v[own] + v[ext]));
            });
        Plot::new("trend_distance")
            .height(220.0)
            .legend(Legend::default())
            .y_axis_label("% of children")
            .include_y(0.0)
            .include_y(100.0)
            .x_axis_formatter(x_fmt)
            .allow_scroll(false)
            .show(&mut cols[1], |plot| {
                plot.line(Line::new(
                    "Within 20 miles",
                    PlotPoints::from(
                        t.iter()
                            .map(|p| [year_fraction(p.as_at), p.within_20_miles_pct])
                            .collect::<Vec<_>>(),
                    ),
                ));
                plot.line(Line::new(
                    "In area",
                    PlotPoints::from(
                        t.iter()
                            .map(|p| [year_fraction(p.as_at), p.in_area_pct])
                            .collect::<Vec<_>>(),
                    ),
                ));
            });
    });
}

/// A plain warning when the date shown is after the records end, with a
/// button to go to the day they end.
fn data_end_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    let r = &ctx.records.report;
    let (Some(warning), Some(end)) = (r.data_end_warning(), r.records_run_to) else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(ui.visuals().warn_fg_color, warning);
        if ui
            .button(format!("Show as at {}", format_uk_date(end)))
            .clicked()
        {
            ctx.commands.push(Command::SetAsAt(end));
        }
    });
}

/// Children the records still show in care who are 18 or over.
fn over_18_ui(ui: &mut egui::Ui, ctx: &ViewContext<'_>) {
    let over = &ctx.records.report.over_18_in_records;
    if over.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!(
        "18 or over but still in care in the records: {} (not counted)",
        over.len()
    ))
    .id_salt("over_18")
    .show(ui, |ui| {
        egui::Grid::new("over_18_grid")
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for d in over {
                    ui.label(&d.child_id);
                    ui.label(&d.reason);
                    ui.end_row();
                }
            });
    });
}

fn data_quality_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    over_18_ui(ui, ctx);
    let dq = &ctx.records.report.data_quality;
    let mut show = false;
    egui::CollapsingHeader::new(format!("Distance or area not known: {} children", dq.len()))
        .id_salt("data_quality")
        .show(ui, |ui| {
            if dq.is_empty() {
                ui.label("Every child looked after has a known home and placement postcode.");
                return;
            }
            if ui.button("Show these children").clicked() {
                show = true;
            }
            egui::Grid::new("dq")
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for d in dq {
                        ui.label(&d.child_id);
                        ui.label(&d.reason);
                        ui.end_row();
                    }
                });
        });
    if show {
        let ids: std::collections::HashSet<String> =
            dq.iter().map(|d| d.child_id.clone()).collect();
        click_through(
            ctx,
            "whose distance or area is not known".into(),
            move |f| ids.contains(&f.child_id),
        );
    }
}
