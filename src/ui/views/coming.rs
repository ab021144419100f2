//! Views whose work lands in later issues say what is coming.

use super::View;

pub fn coming_ui(ui: &mut egui::Ui, view: View) {
    ui.heading(view.title());
    ui.add_space(8.0);
    let text = match view {
        View::Reports => {
            "Placement summaries for committees and the sufficiency statement, as \
            CSV, XLSX and PDF, pseudonymised by default, come next. Today the command line \
            writes the placement summary (placement-planner export placements) and the Panel \
            view exports a meeting's minutes."
        }
        _ => "",
    };
    ui.label(text);
}
