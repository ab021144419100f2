//! Two windows on one file: the second is told who has it and may open it
//! read-only; a read-only window cannot write, and nothing is damaged.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::store::{Store, READ_ONLY_REFUSAL};
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::recent::RecentFiles;
use placement_planner::ui::PlannerApp;

fn window(path: &std::path::Path) -> Harness<'static, PlannerApp> {
    let mut app = PlannerApp::new(
        Box::new(ScriptedFilePicker::default()),
        RecentFiles::in_memory(),
    );
    app.open_startup_database(Some(path.to_path_buf()));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn a_second_window_is_offered_read_only_and_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    Store::create_new(&path)
        .unwrap()
        .insert_county(&generate(DEFAULT_SEED))
        .unwrap();

    let first = window(&path);
    assert!(!first.state().store().unwrap().is_read_only());

    let mut second = window(&path);
    assert!(second.state().store().is_none(), "not opened for writing");
    second.get_by_label("Open in another window");
    // It says who has the file (this test's process holds both windows).
    assert!(second
        .query_all_by_label_contains(&format!("(process {})", std::process::id()))
        .next()
        .is_some());
    second
        .get_by_role_and_label(Role::Button, "Open read-only")
        .click_accesskit();
    second.run();
    second.run();
    let store = second.state().store().unwrap();
    assert!(store.is_read_only());
    second.get_by_label("READ-ONLY");

    // Writes from the read-only window are refused, whatever the path.
    let mut ro = Store::open_read_only(&path).unwrap();
    let child = ro.children().unwrap()[0].clone();
    let err = ro.update_child(&child).unwrap_err();
    assert_eq!(err.to_string(), READ_ONLY_REFUSAL);
    // The first window's file is whole.
    let ok: String = Store::open(&path)
        .unwrap()
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    drop(first);
}
