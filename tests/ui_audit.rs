//! The Audit view: a change made by a named person appears with the fields
//! before and after, and filtering by the person finds it.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::views::View;
use placement_planner::ui::PlannerApp;

#[test]
fn a_named_change_is_in_the_audit_view() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create_new(&dir.path().join("audit.sqlite")).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    let mut carer = store.carers().unwrap()[0].clone();
    let old_name = carer.name.clone();
    carer.name = "The Renamed Household".into();
    store.set_actor("alice.smith").unwrap();
    store.update_carer(&carer, SAMPLE_AS_AT).unwrap();

    let export = dir.path().join("audit.csv");
    let mut picker = ScriptedFilePicker::default();
    picker.answers = vec![Some(export.clone())];
    let app = PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(picker));
    let mut h = Harness::builder()
        .with_size([1500.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.get_all_by_label("Audit").next().unwrap().click();
    h.run();
    assert_eq!(h.state().view, View::Audit);
    let filter = h.get_by_role_and_label(Role::TextInput, "Filter:");
    filter.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Filter:")
        .type_text("alice.smith");
    h.run();
    // One entry: the rename, and only the name changed.
    h.get_by_label("1 shown");
    h.get_by_label(&format!("carers {}", carer.id));
    h.get_by_label(&format!("name: The Renamed Household (was {old_name})"));

    // The whole trail exported: every entry of the sample's load plus the
    // rename, the rename's row naming alice.smith.
    let entries = h
        .state()
        .store()
        .unwrap()
        .audit(&Default::default())
        .unwrap()
        .len();
    h.get_by_role_and_label(Role::Button, "Export all as CSV…")
        .click();
    h.run();
    h.run();
    let mut csv = csv::Reader::from_path(&export).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), entries);
    assert!(rows
        .iter()
        .any(|r| &r[2] == "alice.smith" && &r[3] == "carers" && &r[5] == "update"));
}
