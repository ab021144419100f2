//! Views whose work lands in later issues say what is coming.

use super::View;

pub fn coming_ui(ui: &mut egui::Ui, view: View) {
    ui.heading(view.title());
    ui.add_space(8.0);
    let text = match view {
        View::Panel => {
            "The weekly resource panel: the agenda of children needing a placement, \
            in-house, IFA and residential options compared side by side (vacancy, age range, \
            siblings, needs, distance from home, in area, cost), and decisions recorded with \
            their reasons. Coming next."
        }
        View::Scenarios => {
            "What-if scenarios: recruit in-house carers, step children down from \
            residential, and see placements, spend and savings year by year against doing \
            nothing, with uncertainty bands. Coming next."
        }
        View::Map => {
            "The county outline, children's home postcodes (never names), carers and \
            homes by sector, a 20-mile ring around a child's home and a line to the placement. \
            Coming next."
        }
        View::Reports => {
            "Placement summaries for committees and the sufficiency statement, as \
            CSV, XLSX and PDF, pseudonymised by default. Coming next."
        }
        _ => "",
    };
    ui.label(text);
}
