//! An empty database in the window: it opens on the getting-started page
//! with every step still to do, each step turns to "Done" as the database
//! gains it, File > New empty database… makes one, and the views with
//! nothing to show say so instead of drawing empty charts.

mod common;

use common::ui::{harness, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::model::Settings;
use placement_planner::sample::{generate, DEFAULT_SEED};
use placement_planner::store::Store;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;
use std::path::{Path, PathBuf};

const STEPS: usize = 6;

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(p)
}

fn count(h: &Harness<'static, PlannerApp>, label: &str) -> usize {
    h.query_all_by_label(label).count()
}

#[test]
fn an_empty_store_opens_on_getting_started_with_every_step_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_new(&dir.path().join("empty.sqlite")).unwrap();
    let h = harness(store, vec![]);
    assert_eq!(h.state().view, View::GettingStarted);
    h.get_by_label("Getting started");
    assert_eq!(count(&h, "Not yet"), STEPS);
    assert_eq!(count(&h, "Done"), 0);
    for value in [
        "no council set",
        "Postcodes: 0",
        "no boundary set",
        "Children: 0 · placements: 0",
        "Cost rates stored: 0",
        "Carer households: 0 · residential homes: 0",
    ] {
        h.get_by_label(value);
    }
    // No dashboard behind it.
    assert!(h.query_by_label("Children looked after").is_none());
}

#[test]
fn the_council_step_is_done_once_the_store_has_it_and_is_read_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("council.sqlite");
    let store = Store::create_new(&path).unwrap();
    let mut h = harness(store, vec![]);
    h.get_by_label("no council set");

    // Set from outside the window (the command line, say) ...
    let mut other = Store::open(&path).unwrap();
    other
        .save_settings(&Settings {
            council_name: "Testshire".into(),
            council_code: "E06000060".into(),
            boundary_geojson: None,
            cost_rates: vec![],
            cost_uplift_pct: Default::default(),
        })
        .unwrap();
    drop(other);
    // ... the page still shows what it read, until asked to read again.
    h.get_by_label("no council set");
    h.get_by_label("Check again").click();
    h.run();
    h.get_by_label("Testshire (E06000060)");
    assert_eq!(count(&h, "Done"), 1);
    assert_eq!(count(&h, "Not yet"), STEPS - 1);
    assert_eq!(h.state().view, View::GettingStarted);
}

#[test]
fn set_the_council_opens_the_council_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("council.sqlite");
    let mut h = harness(Store::create_new(&path).unwrap(), vec![]);
    h.get_by_label("Set the council…").click();
    h.run();
    for (label, text) in [
        ("Council name", "Buckinghamshire"),
        ("Area code", "E10000002"),
    ] {
        h.get_by_role_and_label(Role::TextInput, label).focus();
        h.run();
        h.get_by_role_and_label(Role::TextInput, label)
            .type_text(text);
        h.run();
    }
    h.get_by_role_and_label(Role::Button, "Save settings")
        .click_accesskit();
    h.run();
    h.run();
    let s = h.state().store().unwrap().settings().unwrap();
    assert_eq!(
        (s.council_name.as_str(), s.council_code.as_str()),
        ("Buckinghamshire", "E10000002")
    );
    h.get_by_label("Buckinghamshire (E10000002)");
    assert_eq!(count(&h, "Done"), 1);
}

#[test]
fn the_postcode_step_starts_the_same_import_as_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_new(&dir.path().join("import.sqlite")).unwrap();
    let mut h = harness(store, vec![Some(fixture("postcodes/onspd_good.csv"))]);
    h.get_by_label("Import the postcode directory…").click();
    for _ in 0..3 {
        h.step();
    }
    settle(&mut h);
    // The import dialog's own wording is tested in tests/ui_import.rs.
    h.get_by_label_contains("Nothing is written yet. 5 to add");
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    // The worker repaints while it writes: step, then settle.
    for _ in 0..3 {
        h.step();
    }
    settle(&mut h);
    h.get_by_role_and_label(Role::Button, "Close")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().store().unwrap().postcodes().unwrap().len(), 5);
    h.get_by_label("Postcodes: 5");
    assert_eq!(count(&h, "Done"), 1);
}

#[test]
fn file_new_empty_database_opens_it_on_getting_started_and_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample.sqlite");
    let mut store = Store::create_new(&sample).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    let fresh = dir.path().join("council.sqlite");
    let mut h = harness(store, vec![Some(fresh.clone()), Some(sample.clone())]);
    assert_eq!(h.state().view, View::Dashboard);

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New empty database…").click();
    h.run();
    h.run();
    assert_eq!(h.state().database_path(), Some(fresh.as_path()));
    assert_eq!(h.state().view, View::GettingStarted);
    assert_eq!(count(&h, "Not yet"), STEPS);
    let counts = Store::open(&fresh).unwrap().counts().unwrap();
    assert_eq!(counts, Default::default());

    // An existing file is never written over.
    let before = std::fs::read(&sample).unwrap();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("New empty database…").click();
    h.run();
    h.run();
    h.get_by_label(&format!(
        "Not done: {}: a file already exists there; choose a new name",
        sample.display()
    ));
    assert_eq!(h.state().database_path(), Some(fresh.as_path()));
    assert_eq!(std::fs::read(&sample).unwrap(), before);
}

#[test]
fn empty_views_say_what_is_missing_instead_of_drawing_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_new(&dir.path().join("empty.sqlite")).unwrap();
    let mut h = harness(store, vec![]);

    h.get_all_by_label("Scenarios").next().unwrap().click();
    h.run();
    let scenarios = "There are no placements to project from: a scenario starts from the \
                     children in placements and the entries and exits before its start. Import \
                     the SSDA903 returns (File > Import), or add children and their placements, \
                     then come back.";
    h.get_by_label(scenarios);
    for zero in ["−0.0", "-0.0", "IFA entrants a month"] {
        assert!(h.query_by_label_contains(zero).is_none(), "{zero} is shown");
    }
    h.get_by_label("Check against the past").click();
    h.run();
    h.get_by_label(scenarios);

    h.get_all_by_label("Dashboard").next().unwrap().click();
    h.run();
    h.get_by_label(
        "No children are recorded yet, so there is nothing to measure: import the SSDA903 \
         returns (File > Import) or add children in the Children view.",
    );
    assert!(h.query_by_label("Children looked after").is_none());
    // The supply there is still shows.
    h.get_by_label("In-house fostering: 0 households, 0 places, 0 filled, 0 vacant");

    h.get_all_by_label("Panel").next().unwrap().click();
    h.run();
    h.get_by_label_contains("No children are recorded yet, so there is nothing on the agenda");

    h.get_all_by_label("Reports").next().unwrap().click();
    h.run();
    h.get_by_label_contains("There are no children in this database yet");

    // Each sentence leads back to the page.
    h.get_by_label("Open the getting-started page").click();
    h.run();
    assert_eq!(h.state().view, View::GettingStarted);
}

#[test]
fn help_getting_started_shows_the_page_on_a_database_with_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_new(&dir.path().join("sample.sqlite")).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    let counts = store.counts().unwrap();
    let mut h = harness(store, vec![]);
    assert_eq!(h.state().view, View::Dashboard);
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Getting started").click();
    h.run();
    assert_eq!(h.state().view, View::GettingStarted);
    h.get_by_label(&format!(
        "Children: {} · placements: {}",
        group(counts.children),
        group(counts.placements)
    ));
    // The sample county has a council, postcodes, a boundary, cost rates,
    // carers and homes.
    assert_eq!(count(&h, "Not yet"), 0);
    assert_eq!(count(&h, "Done"), STEPS);
}

/// 1234 as "1,234".
fn group(n: i64) -> String {
    placement_planner::model::money::group_thousands(n.unsigned_abs())
}
