//! File > Import through the window: pick the file, see the preview, import,
//! and find the rows in the database; a file with a rejected row imports
//! nothing unless the user ticks "leave out".

mod common;

use common::ui::settle;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::store::Store;
use placement_planner::ui::PlannerApp;
use std::path::{Path, PathBuf};

/// The window on a new empty database in `dir`.
fn harness(dir: &tempfile::TempDir, answers: Vec<Option<PathBuf>>) -> Harness<'static, PlannerApp> {
    let store = Store::create_new(&dir.path().join("import.sqlite")).unwrap();
    common::ui::harness(store, answers)
}

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

fn choose_import(h: &mut Harness<'static, PlannerApp>, entry: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label(entry).click();
    // The worker starts and repaints while it reads: step, not run.
    for _ in 0..3 {
        h.step();
    }
}

#[test]
fn a_postcode_directory_is_previewed_then_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir, vec![Some(fixture("postcodes/onspd_good.csv"))]);
    choose_import(&mut h, "Postcode directory (ONSPD or NSPL)…");
    settle(&mut h);
    // Five rows, one without a grid reference (a note, not an error).
    h.get_by_label("Nothing is written yet. 5 to add, 0 to update, 0 unchanged, 0 refused, 0 warnings, 1 note.");
    assert_eq!(h.state().store().unwrap().postcodes().unwrap().len(), 0);
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.run();
    settle(&mut h);
    h.get_by_label("Imported: 5 added, 0 updated, 0 unchanged, 0 left out.");
    assert_eq!(h.state().store().unwrap().postcodes().unwrap().len(), 5);
    h.get_by_role_and_label(Role::Button, "Close")
        .click_accesskit();
    h.run();
    assert!(h.state_mut().import_job().is_none());
}

#[test]
fn rejected_rows_block_the_import_until_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir, vec![Some(fixture("postcodes/unknown_code.csv"))]);
    choose_import(&mut h, "Postcode directory (ONSPD or NSPL)…");
    settle(&mut h);
    h.get_by_label("Nothing is written yet. 2 to add, 0 to update, 0 unchanged, 1 refused, 0 warnings, 0 notes.");
    // The rejected row is listed with its line and value.
    h.get_by_label("BUCKS99");
    assert!(h.query_by_label("3").is_some(), "line 3 is listed");
    // "Import" does nothing until the box is ticked.
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.run();
    settle(&mut h);
    h.get_by_label_contains("Nothing is written yet.");
    assert_eq!(h.state().store().unwrap().postcodes().unwrap().len(), 0);
    h.get_by_role_and_label(
        Role::CheckBox,
        "Leave out the refused row and import the rest",
    )
    .click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.run();
    settle(&mut h);
    h.get_by_label("Imported: 2 added, 0 updated, 0 unchanged, 1 left out.");
    assert_eq!(h.state().store().unwrap().postcodes().unwrap().len(), 2);
}

#[test]
fn an_ssda903_return_asks_for_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(
        &dir,
        vec![
            Some(fixture("ssda903/good/header.csv")),
            Some(fixture("ssda903/good/episodes.csv")),
        ],
    );
    choose_import(&mut h, "SSDA903 return (header and episodes)…");
    settle(&mut h);
    h.get_by_label_contains("Nothing is written yet. 5 to add");
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.run();
    settle(&mut h);
    assert_eq!(h.state().store().unwrap().children().unwrap().len(), 5);
    // The window's records were reloaded: the status bar counts them.
    h.get_by_label_contains("5 children");
}

fn retype(h: &mut Harness<'static, PlannerApp>, label: &str, text: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, label);
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

#[test]
fn the_council_is_set_in_the_window_and_a_district_code_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir, vec![]);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Council settings…").click();
    h.run();
    retype(&mut h, "Council name", "Buckinghamshire Council");
    // A district's code (E07) is not the council's in a two-tier area.
    retype(&mut h, "Area code", "E07000179");
    h.get_by_role_and_label(Role::Button, "Save settings")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("E07000179 is a district council");
    assert_eq!(
        h.state().store().unwrap().settings().unwrap().council_code,
        ""
    );

    retype(&mut h, "Area code", "E10000002");
    h.get_by_role_and_label(Role::Button, "Save settings")
        .click_accesskit();
    h.run();
    h.run();
    let s = h.state().store().unwrap().settings().unwrap();
    assert_eq!(s.council_name, "Buckinghamshire Council");
    assert_eq!(s.council_code, "E10000002");
    assert!(!h.state().form_is_open());
    h.get_by_label("Buckinghamshire Council (E10000002)");
}

#[test]
fn the_user_picks_which_boundary_area_is_the_council() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir, vec![Some(fixture("boundary/counties.geojson"))]);
    choose_import(&mut h, "Council boundary (GeoJSON)…");
    // The file is read on a worker: wait for it.
    settle(&mut h);
    // Three features: two areas and a line, which cannot be picked.
    h.get_by_label("Which area is the council?");
    h.get_by_label_contains("holds 3 areas");
    h.get_by_label("E10000025 Oxfordshire").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Preview import")
        .click_accesskit();
    h.step();
    settle(&mut h);
    h.get_by_label_contains("Nothing is written yet. 0 to add, 1 to update");
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.step();
    settle(&mut h);
    let settings = h.state().store().unwrap().settings().unwrap();
    let geojson = settings.boundary_geojson.expect("boundary stored");
    assert!(geojson.contains("E10000025"), "{geojson}");
    assert!(!geojson.contains("E06000060"));
}
