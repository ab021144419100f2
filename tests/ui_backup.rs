//! File > Back up now, Restore from backup… and Save a copy as… through
//! the window.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::store::{list_backups, Store};
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::PlannerApp;

fn menu(h: &mut Harness<'static, PlannerApp>, item: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label(item).click();
    h.run();
    h.run();
}

#[test]
fn back_up_change_restore_and_copy() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("county.sqlite");
    let mut store = Store::create_new(&db).unwrap();
    store.insert_county(&generate(DEFAULT_SEED)).unwrap();
    let carer = store.carers().unwrap()[0].clone();
    let children = store.counts().unwrap().children;
    let copy = dir.path().join("copy.sqlite");
    let mut picker = ScriptedFilePicker::default();
    picker.answers = vec![Some(copy.clone())];
    let app = PlannerApp::with_store(store, SAMPLE_AS_AT, Box::new(picker));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();

    menu(&mut h, "Back up now");
    assert_eq!(list_backups(&db).unwrap().len(), 1);

    // Someone renames a household after the backup.
    let mut other = Store::open(&db).unwrap();
    let mut renamed = carer.clone();
    renamed.name = "Changed After The Backup".into();
    other.update_carer(&renamed, SAMPLE_AS_AT).unwrap();
    drop(other);

    menu(&mut h, "Restore from backup…");
    h.get_by_label_contains(&format!("It holds {children} children"));
    h.get_by_role_and_label(Role::Button, "Restore this backup")
        .click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::Button, "Restore")
        .click_accesskit();
    h.run();
    h.run();
    let back = h.state().store().unwrap().carer(&carer.id).unwrap();
    assert_eq!(back.name, carer.name, "the backup's name is back");
    // The replaced file is kept as a backup too.
    let backups = list_backups(&db).unwrap();
    assert_eq!(backups.len(), 2);
    let replaced = Store::open(&backups[0].path).unwrap();
    assert_eq!(
        replaced.carer(&carer.id).unwrap().name,
        "Changed After The Backup"
    );

    menu(&mut h, "Save a copy as…");
    let copied = Store::open(&copy).unwrap();
    assert_eq!(copied.counts().unwrap().children, children);
    assert_eq!(copied.carer(&carer.id).unwrap().name, carer.name);
}
