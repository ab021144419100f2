//! "Exit rates and prices by category": for each placement category its
//! exit rate (kept, multiplied or added to), weekly cost and yearly price
//! rise. The ranges are `scenario::levers`' (`EXIT_RATE_MULTIPLIER_RANGE`,
//! `EXIT_RATE_ADD_RANGE`, `UNIT_COST_RANGE_PENCE`, `INFLATION_RANGE`), the
//! ones `Levers::validate` checks.

use super::levers::{error_for, percent_range, pounds_editor, pounds_range};
use crate::model::PlacementCategory;
use crate::scenario::levers::{
    EXIT_RATE_ADD_RANGE, EXIT_RATE_MULTIPLIER_RANGE, INFLATION_RANGE, UNIT_COST_RANGE_PENCE,
};
use crate::scenario::{Baseline, LeverError, Levers, RateChange};

/// The collapsible table of every category's exit rate, cost and price
/// rise, under its explanation.
pub(super) fn categories_ui(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    lv: &mut Levers,
    b: &Baseline,
) {
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
                        category_row(ui, errors, lv, b, cat);
                    }
                });
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
    ui.horizontal(|ui| exit_rate_change_ui(ui, errors, lv, cat, rate));
    ui.horizontal(|ui| unit_cost_ui(ui, errors, lv, b, cat));
    inflation_ui(ui, lv, cat);
    ui.end_row();
}

/// How a category's exit rate changes: "as now", "× by" a factor or
/// "+ pts" (percentage points of the monthly rate), and the rate it gives.
fn exit_rate_change_ui(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    lv: &mut Levers,
    cat: PlacementCategory,
    rate: f64,
) {
    exit_rate_mode_ui(ui, lv, cat);
    match lv.exit_rate_changes.get_mut(&cat) {
        Some(RateChange::Multiply(f)) => {
            ui.add(
                egui::DragValue::new(f)
                    .range(EXIT_RATE_MULTIPLIER_RANGE)
                    .speed(0.01),
            );
            ui.weak(format!("gives {:.2}%", (rate * *f).clamp(0.0, 1.0) * 100.0));
        }
        Some(RateChange::Add(a)) => {
            // Shown in percentage points of the monthly rate.
            let mut pts = *a * 100.0;
            ui.add(
                egui::DragValue::new(&mut pts)
                    .range(percent_range(&EXIT_RATE_ADD_RANGE))
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
}

/// The choice between keeping, multiplying or adding to a category's exit
/// rate; a new choice starts from no change (× 1, + 0).
fn exit_rate_mode_ui(ui: &mut egui::Ui, lv: &mut Levers, cat: PlacementCategory) {
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
}

/// A category's weekly cost in whole pounds (the baseline's until the user
/// changes it, "as now" to go back), with where the baseline's comes from
/// on hover.
fn unit_cost_ui(
    ui: &mut egui::Ui,
    errors: &[LeverError],
    lv: &mut Levers,
    b: &Baseline,
    cat: PlacementCategory,
) {
    let baseline = b.unit_cost(cat);
    let mut pounds = lv.unit_cost(cat, b).0 as f64 / 100.0;
    let before = pounds;
    let pence = *UNIT_COST_RANGE_PENCE.start() as f64..=*UNIT_COST_RANGE_PENCE.end() as f64;
    ui.add(pounds_editor(&mut pounds, pounds_range(&pence)).speed(1.0))
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
}

/// A category's yearly price rise in percent; 0 is no entry.
fn inflation_ui(ui: &mut egui::Ui, lv: &mut Levers, cat: PlacementCategory) {
    let mut pct = lv.inflation(cat) * 100.0;
    let before = pct;
    ui.add(
        egui::DragValue::new(&mut pct)
            .range(percent_range(&INFLATION_RANGE))
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
}

/// Where the baseline's weekly cost of a category comes from, in words.
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
