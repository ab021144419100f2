//! The desktop window. The only part of the crate that names egui: it draws
//! cached state and sends [`command::Command`]s that the library carries out.

pub mod app;
pub mod backup;
pub mod command;
pub mod file_picker;
pub mod forms;
pub mod import;
pub mod recent;
pub mod records;
pub mod table;
pub mod views;

pub use app::PlannerApp;

use std::path::PathBuf;

/// The app's icon, 256 pixels square.
const ICON_PNG: &[u8] = include_bytes!("../../../../assets/icon/icon-256.png");

/// Opens the window on `database` (or the default database, created from
/// the sample on first run).
pub fn run(database: Option<PathBuf>) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("placement-planner")
        .with_inner_size([1360.0, 840.0])
        .with_min_inner_size([900.0, 560.0]);
    // The app's icon (assets/icon/make_icon.py draws it) in the title bar
    // and the task bar.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let recent = recent::RecentFiles::load(crate::paths::recent_files_list());
    eframe::run_native(
        "placement-planner",
        options,
        Box::new(move |_cc| {
            let mut app =
                PlannerApp::new(Box::new(file_picker::NativeFilePicker::default()), recent);
            app.open_startup_database(database);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
