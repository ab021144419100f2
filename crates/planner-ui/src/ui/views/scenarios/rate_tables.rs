//! The data behind the exit and move rates, under the levers: each fitted
//! rate by category and age band with the events and child-months behind
//! it, and where each category's movers went.

use crate::model::PlacementCategory;
use crate::scenario::{Baseline, Levers, RateCell};

/// The fitted exit rate of every category and age band with the events and
/// child-months behind it and how far its category's factor is believed.
pub(super) fn band_rates_ui(ui: &mut egui::Ui, b: &Baseline) {
    if b.exit_cells.is_empty() {
        ui.label("This baseline has one exit rate per category for all ages.");
        return;
    }
    ui.label(
        "Each row shows the exits and child-months in the reference period for children of \
         that age band in that kind of placement. The rate used is the council's rate for the \
         age band (every kind of placement together) times the placement type's factor: how \
         much more or less often its children left than children of the same ages elsewhere. \
         The weight is how far that factor is believed: a type with little data, or types that \
         differ no more than chance would make them, lean on the council's figure (weight \
         below 100%), so a band with two children in it does not swing the projection.",
    );
    cells_table_ui(ui, "band_rates", &b.exit_cells, "Exits");
}

/// The fitted cells of one kind of event (exits or moves) by category and
/// age band: the events and child-months behind each, the council's rate
/// for the band, the category's factor and its weight, and the rate used. Categories with no child-months are listed below the table.
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
                "Age rate",
                "Factor (weight)",
                "Used a month",
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
                    ui.label(format!("{:.2}%", 100.0 * c.band_rate));
                    ui.label(format!("×{:.2} ({:.0}%)", c.factor, 100.0 * c.weight));
                    ui.label(format!("{:.2}%", 100.0 * c.rate));
                    ui.end_row();
                }
            }
        });
    if !without.is_empty() {
        ui.weak(format!(
            "No history in the reference period, so the council's rates by age: {}.",
            without.join(", ")
        ));
    }
}

/// The fitted rates of moving out of each category by age band, and where
/// each category's movers went.
pub(super) fn move_rates_ui(ui: &mut egui::Ui, b: &Baseline) {
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
