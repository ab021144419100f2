//! The map view, driven through egui_kittest: choosing a child by reference
//! gives the DfE distance to their placement under the map, and the filters
//! change what is shown. (The plot itself is not queryable; the captions are.)

use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use jiff::civil::{date, Date};
use placement_planner::model::{GridRef, Placement};
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::PlannerApp;
use std::collections::HashMap;

const ON: Date = date(2026, 11, 1);

/// A child looked after on `ON`, with the DfE miles to their placement
/// worked out here from the store's postcode directory.
struct Expected {
    id: String,
    name: String,
    miles: f64,
}

fn sample_store(dir: &std::path::Path) -> Store {
    let mut store = Store::create_new(&dir.join("sample.sqlite")).unwrap();
    store
        .insert_county(&placement_planner::sample::generate(
            placement_planner::sample::DEFAULT_SEED,
        ))
        .unwrap();
    store
}

/// Every child looked after on `ON` whose home and placement postcodes are
/// both in the directory, with the distance between them.
fn expected_distances(store: &Store) -> Vec<Expected> {
    let grid: HashMap<String, GridRef> = store
        .postcodes()
        .unwrap()
        .into_iter()
        .filter_map(|e| e.grid.map(|g| (e.postcode.as_str().to_string(), g)))
        .collect();
    let carers: HashMap<String, _> = store
        .carers()
        .unwrap()
        .into_iter()
        .map(|c| (c.id.clone(), c.postcode))
        .collect();
    let homes: HashMap<String, _> = store
        .homes()
        .unwrap()
        .into_iter()
        .map(|h| (h.id.clone(), h.postcode))
        .collect();
    let placements = store.placements().unwrap();
    let open: HashMap<&str, &Placement> = placements
        .iter()
        .filter(|p| p.start <= ON && p.end.is_none_or(|e| e > ON))
        .map(|p| (p.child_id.as_str(), p))
        .collect();
    let mut out = Vec::new();
    for c in store.children().unwrap() {
        if c.entered_care > ON || c.left_care.is_some_and(|l| l <= ON) {
            continue;
        }
        let Some(p) = open.get(c.id.as_str()) else {
            continue;
        };
        let placement_pc = p.postcode.as_ref().cloned().or_else(|| {
            if let Some(id) = p.carer_id() {
                carers.get(id).cloned().flatten()
            } else if let Some(id) = p.home_id() {
                homes.get(id).cloned().flatten()
            } else {
                None
            }
        });
        let home = c
            .home_postcode
            .as_ref()
            .and_then(|pc| grid.get(pc.as_str()));
        let place = placement_pc.as_ref().and_then(|pc| grid.get(pc.as_str()));
        let (Some(home), Some(place)) = (home, place) else {
            continue;
        };
        let de = f64::from(home.easting - place.easting);
        let dn = f64::from(home.northing - place.northing);
        let miles = ((de * de + dn * dn).sqrt() / 1000.0 / 1.6093 * 10.0).round() / 10.0;
        out.push(Expected {
            id: c.id.clone(),
            name: c.name.clone(),
            miles,
        });
    }
    out
}

fn open_map(store: Store) -> Harness<'static, PlannerApp> {
    let app = PlannerApp::with_store(store, ON, Box::new(ScriptedFilePicker::default()));
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    h.get_all_by_label("Map").next().unwrap().click();
    h.run();
    h
}

fn choose_child(h: &mut Harness<'static, PlannerApp>, text: &str) {
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Child reference:");
    field.focus();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Child reference:")
        .type_text(text);
    h.run();
}

/// A node's words, whether accesskit holds them as its label or its value.
trait Text {
    fn text(&self) -> String;
}

impl Text for egui_kittest::Node<'_> {
    fn text(&self) -> String {
        let n = self.accesskit_node();
        n.label()
            .or_else(|| n.value())
            .unwrap_or_default()
            .to_string()
    }
}

fn checkbox<'a>(h: &'a Harness<'static, PlannerApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(egui::accesskit::Role::CheckBox, label)
}

#[test]
fn typing_a_child_reference_shows_the_distance_to_the_placement() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let expected = expected_distances(&store);
    let near = expected
        .iter()
        .find(|e| e.miles > 1.0 && e.miles <= 20.0)
        .expect("a child placed within 20 miles");
    let far = expected
        .iter()
        .find(|e| e.miles > 20.0)
        .expect("a child placed over 20 miles away");

    let mut h = open_map(store);
    h.get_by_label_contains("Type a child reference");

    choose_child(&mut h, &near.id);
    let caption = h
        .get_by_label_contains(&format!(
            "{}: {:.1} miles to placement (",
            near.id, near.miles
        ))
        .text();
    assert!(
        caption.ends_with("); within 20 miles."),
        "caption was {caption:?}"
    );
    // References only: the child's name is nowhere on the map view.
    assert!(h.query_by_label_contains(&near.name).is_none());

    h.get_by_label("Clear").click();
    h.run();
    assert!(h.query_by_label_contains(" miles to placement").is_none());
    h.get_by_label_contains("Type a child reference");

    // Lower case works too.
    choose_child(&mut h, &far.id.to_lowercase());
    let caption = h
        .get_by_label_contains(&format!(
            "{}: {:.1} miles to placement (",
            far.id, far.miles
        ))
        .text();
    assert!(
        caption.ends_with("); over 20 miles."),
        "caption was {caption:?}"
    );
    assert!(h.query_by_label_contains(&far.name).is_none());
}

#[test]
fn an_unknown_reference_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_map(sample_store(dir.path()));
    choose_child(&mut h, "ZZ999");
    h.get_by_label("No child with the reference ZZ999.");
}

#[test]
fn filters_change_what_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_map(sample_store(dir.path()));
    let shown =
        |h: &Harness<'static, PlannerApp>| -> String { h.get_by_label_contains("Showing ").text() };
    let all = shown(&h);
    assert!(!all.starts_with("Showing 0 children"), "{all}");

    checkbox(&h, "Children (home postcode)").click();
    h.run();
    assert!(shown(&h).starts_with("Showing 0 children"), "{}", shown(&h));

    for label in [
        "In-house carers",
        "IFA carers",
        "Kinship carers",
        "Own council homes",
        "Private homes",
        "Voluntary homes",
    ] {
        checkbox(&h, label).click();
        h.run();
    }
    assert!(
        shown(&h).contains(", 0 carer households and 0 homes"),
        "{}",
        shown(&h)
    );

    // Back on, then only those with a vacancy: fewer or as many.
    for label in [
        "In-house carers",
        "IFA carers",
        "Kinship carers",
        "Own council homes",
        "Private homes",
        "Voluntary homes",
    ] {
        checkbox(&h, label).click();
        h.run();
    }
    let count = |text: &str| -> u32 {
        let after = text.split(", ").nth(1).unwrap_or_default();
        after
            .split(' ')
            .next()
            .unwrap_or_default()
            .parse()
            .unwrap_or_else(|_| panic!("no carer count in {text:?}"))
    };
    let before = count(&shown(&h));
    checkbox(&h, "Only with a vacancy").click();
    h.run();
    let after = count(&shown(&h));
    assert!(before > 0 && after < before, "{before} then {after}");

    h.get_by_label("Fit county").click();
    h.run();
}

#[test]
fn without_a_boundary_the_map_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create_new(&dir.path().join("empty.sqlite")).unwrap();
    let mut h = open_map(store);
    h.get_by_label("No boundary set");
    h.get_by_label("Fit all").click();
    h.run();
    // With nothing at all to draw, one sentence says so in place of the map.
    h.get_by_label(
        "Nothing to draw yet: no boundary is set and no children, carers or homes are \
         recorded. Import the council boundary and the records (File > Import).",
    );
    assert!(h.query_by_label_contains("Showing ").is_none());
}
