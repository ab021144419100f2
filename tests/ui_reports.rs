//! The Reports view through the window: each report is written where the
//! user says, pseudonymised unless "include names" is ticked, and then the
//! file name says WITH-NAMES.

use calamine::{open_workbook, Reader, Xlsx};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;
use std::path::PathBuf;

#[test]
fn reports_are_written_pseudonymised_unless_names_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_new(&dir.path().join("reports.sqlite")).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    let looked_after = store
        .children()
        .unwrap()
        .iter()
        .filter(|c| placement_planner::sufficiency::looked_after_on(c, SAMPLE_AS_AT))
        .count();

    let summary: PathBuf = dir.path().join("summary.csv");
    let workbook: PathBuf = dir.path().join("workbook.xlsx");
    let named: PathBuf = dir.path().join("named.xlsx");
    let mut picker = ScriptedFilePicker::default();
    picker.answers = vec![
        Some(summary.clone()),
        Some(workbook.clone()),
        Some(named.clone()),
    ];
    let app = PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(picker));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.get_all_by_label("Reports").next().unwrap().click();
    h.run();
    assert_eq!(h.state().view, View::Reports);
    h.get_by_label_contains("As at 01/11/2026");

    // The file is written on a worker: wait for it, as the status line does.
    let save = |h: &mut Harness<'_, PlannerApp>, label: &str| {
        h.get_by_role_and_label(Role::Button, label).click();
        h.run();
        h.run();
        h.state_mut().finish_background_work();
        h.run();
    };

    // The placement summary: a header and one row per child looked after,
    // with no names column.
    save(&mut h, "Save Placement summary (CSV)…");
    let mut csv = csv::Reader::from_path(&summary).unwrap();
    let header = csv.headers().unwrap().clone();
    assert!(!header.iter().any(|h| h == "name"));
    assert_eq!(csv.records().count(), looked_after);

    // The workbook, pseudonymised.
    save(&mut h, "Save Sufficiency workbook (Excel)…");
    let book: Xlsx<_> = open_workbook(&workbook).unwrap();
    assert!(book.sheet_names().contains(&"Headline".to_string()));

    // With names: the file written says so, and the status line says where.
    h.get_by_role_and_label(
        Role::CheckBox,
        "Include names and the council's references (the file name will say WITH-NAMES)",
    )
    .click();
    h.run();
    save(&mut h, "Save Sufficiency workbook (Excel)…");
    let renamed = dir.path().join("named-WITH-NAMES.xlsx");
    assert!(renamed.exists(), "written as {}", renamed.display());
    assert!(!named.exists());
    h.get_by_label_contains(&format!("{} (with names)", renamed.display()));
}
