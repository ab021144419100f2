//! The dashboard: the county at a glance. The full sufficiency measures
//! (within 20 miles, in area, trends) arrive with the geography issue; this
//! shows what the records already say.

use super::super::app::ViewContext;
use crate::model::{CarerSector, ChildStatus, Pence, PlacementCategory};

pub fn dashboard_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    let r = ctx.records;
    let council = if r.settings.council_name.is_empty() {
        "No council set".to_string()
    } else {
        format!("{} ({})", r.settings.council_name, r.settings.council_code)
    };
    ui.heading(council);
    ui.label(format!("As at {}", crate::model::format_uk_date(r.as_at)));
    ui.add_space(8.0);

    let looked_after = r.current_placement.len();
    let awaiting = r
        .children
        .iter()
        .filter(|c| c.status == ChildStatus::AwaitingPlacement)
        .count();
    let in_house: Vec<_> = r
        .carers
        .iter()
        .filter(|c| c.sector == CarerSector::InHouse)
        .collect();
    let (places, vacant) = in_house.iter().fold((0, 0), |(p, v), c| {
        let o = r.carer_occupancy.get(&c.id).copied().unwrap_or_default();
        (p + o.places, v + o.vacant())
    });
    let weekly: Pence = r
        .current_placement
        .values()
        .map(|&i| r.placements[i].weekly_cost)
        .sum();

    ui.horizontal_wrapped(|ui| {
        kpi(ui, "Children in placement", looked_after.to_string());
        kpi(ui, "Awaiting placement", awaiting.to_string());
        kpi(ui, "In-house households", in_house.len().to_string());
        kpi(
            ui,
            "In-house places vacant",
            format!("{vacant} of {places}"),
        );
        kpi(ui, "Weekly spend", weekly.to_pounds_string());
        kpi(
            ui,
            "Yearly spend (52 weeks)",
            weekly.annualised().to_pounds_string(),
        );
    });
    ui.add_space(12.0);
    ui.heading("Current placements by category");
    egui::Grid::new("mix")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [
                "Category",
                "Children",
                "Share",
                "Weekly cost",
                "Average weekly",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for &cat in PlacementCategory::ALL {
                let costs: Vec<Pence> = r
                    .current_placement
                    .values()
                    .map(|&i| &r.placements[i])
                    .filter(|p| p.category() == cat)
                    .map(|p| p.weekly_cost)
                    .collect();
                if costs.is_empty() {
                    continue;
                }
                let n = costs.len() as i64;
                let total: Pence = costs.iter().copied().sum();
                ui.label(cat.label());
                ui.label(n.to_string());
                ui.label(format!(
                    "{:.1}%",
                    100.0 * n as f64 / looked_after.max(1) as f64
                ));
                ui.label(total.to_pounds_string());
                ui.label(Pence(total.0 / n).to_pounds_string());
                ui.end_row();
            }
        });
    ui.add_space(12.0);
    ui.label(
        "Within 20 miles of home, in county and the six DfE distance categories come with \
         the geography and sufficiency measures (next issue).",
    );
}

fn kpi(ui: &mut egui::Ui, title: &str, value: String) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_min_width(150.0);
        ui.vertical(|ui| {
            ui.label(title);
            ui.heading(value);
        });
    });
}
