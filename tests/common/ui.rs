//! The window in egui_kittest, for the UI tests.

use egui_kittest::Harness;
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::PlannerApp;
use std::path::PathBuf;

/// The app on `store` on 01/11/2026, its file dialogs answered in turn by
/// `answers`, in a 1400 × 900 window run until it settles. Dialogs' grids
/// and collapsing lists take a few frames, hence up to 30 steps.
pub fn harness(store: Store, answers: Vec<Option<PathBuf>>) -> Harness<'static, PlannerApp> {
    let mut picker = ScriptedFilePicker::default();
    picker.answers = answers;
    let app = PlannerApp::with_store(store, jiff::civil::date(2026, 11, 1), Box::new(picker));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h
}

/// Lets an import's worker thread finish, then draws its result.
pub fn settle(h: &mut Harness<'static, PlannerApp>) {
    for _ in 0..10 {
        h.state_mut().finish_background_work();
        h.step();
        if h.state_mut().import_job().is_some_and(|j| !j.is_working()) {
            break;
        }
    }
    h.run();
}
