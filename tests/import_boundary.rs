//! The council's boundary from GeoJSON, and the council's settings on the
//! command line. Fixtures in tests/fixtures/boundary/.

mod common;

use common::{planner, sample_db};
use placement_planner::geography::Boundary;
use placement_planner::import::boundary::{apply_boundary, boundary_features, BoundaryFeature};
use placement_planner::import::{ImportError, ImportIssue};
use placement_planner::model::GridRef;
use placement_planner::store::Store;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/boundary")
        .join(name)
}

fn feature(code: &str, name: &str, geometry: &str, is_area: bool) -> BoundaryFeature {
    BoundaryFeature {
        code: Some(code.into()),
        name: Some(name.into()),
        geometry: geometry.into(),
        is_area,
    }
}

#[test]
fn lists_each_feature_with_its_ons_code_and_name() {
    let list = boundary_features(&fixture("counties.geojson")).unwrap();
    assert_eq!(
        list,
        vec![
            feature("E06000060", "Buckinghamshire", "Polygon", true),
            feature("E10000025", "Oxfordshire", "MultiPolygon", true),
            feature("E06000042", "Milton Keynes", "LineString", false),
        ]
    );
    // Plain `code` and `name` properties too.
    let list = boundary_features(&fixture("single_grid.geojson")).unwrap();
    assert_eq!(
        list,
        vec![feature(
            "E06000060",
            "Buckinghamshire (grid metres)",
            "Polygon",
            true
        )]
    );
}

#[test]
fn stores_the_chosen_feature_as_the_councils_boundary() {
    let mut store = Store::open_in_memory().unwrap();
    let mut settings = store.settings().unwrap();
    settings.council_code = "E06000060".into();
    settings.council_name = "Buckinghamshire Council".into();
    store.save_settings(&settings).unwrap();

    let s = apply_boundary(&mut store, &fixture("counties.geojson"), "e06000060").unwrap();
    assert_eq!((s.to_update, s.unchanged), (1, 0));
    assert!(s.data_quality.is_empty());
    let after = store.settings().unwrap();
    assert_eq!(after.council_code, "E06000060");
    assert_eq!(after.council_name, "Buckinghamshire Council");
    let b = Boundary::from_settings(&after).unwrap().unwrap();
    // The box runs from 1.0 W to 0.6 W and 51.7 N to 51.95 N. HP19 8FF's
    // grid reference (481500, 214000) is about 0.82 W, 51.82 N: inside.
    // Central London (530000, 180000) is about 0.13 W, 51.5 N: outside.
    // Oxford (451300, 206300), about 1.26 W, 51.75 N: outside.
    assert!(b.contains(GridRef::new(481_500, 214_000)));
    assert!(!b.contains(GridRef::new(530_000, 180_000)));
    assert!(!b.contains(GridRef::new(451_300, 206_300)));

    // Again: nothing changes.
    let s = apply_boundary(&mut store, &fixture("counties.geojson"), "E06000060").unwrap();
    assert_eq!((s.to_update, s.unchanged), (0, 1));
    assert_eq!(store.settings().unwrap(), after);

    // Oxfordshire's MultiPolygon can be stored too; the code differs from
    // the council's, which is a note.
    let s = apply_boundary(&mut store, &fixture("counties.geojson"), "E10000025").unwrap();
    assert_eq!(s.data_quality.len(), 1);
    assert!(s.data_quality[0]
        .reason
        .starts_with("the council's code in the settings is E06000060"));
    let ox = store.settings().unwrap();
    // from_settings picks by the council's code, which this boundary lacks;
    // read it by its own code.
    let b =
        Boundary::from_geojson(ox.boundary_geojson.as_deref().unwrap(), Some("E10000025")).unwrap();
    assert!(b.contains(GridRef::new(451_300, 206_300)));
    assert_eq!(b.rings().len(), 2);
}

/// Applies a bad file (or code) to a store with a boundary set; checks the
/// settings did not change and returns the file-level issue.
fn refused(name: &str, code: &str) -> ImportIssue {
    let mut store = Store::open_in_memory().unwrap();
    apply_boundary(&mut store, &fixture("single_grid.geojson"), "E06000060").unwrap();
    let before = store.settings().unwrap();
    let err = apply_boundary(&mut store, &fixture(name), code).unwrap_err();
    assert_eq!(store.settings().unwrap(), before, "{name}");
    match err {
        ImportError::Unreadable(i) => *i,
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_unknown_code_lists_the_codes_found() {
    let i = refused("counties.geojson", "E10000002");
    assert_eq!(
        i.to_string(),
        "counties.geojson, column code, value 'E10000002': no area with the code E10000002 in \
         the file; codes found: E06000060, E10000025"
    );
    let i = refused("counties.geojson", "E06000042");
    assert!(
        i.reason
            .contains("is a LineString, not a Polygon or MultiPolygon"),
        "{i}"
    );
}

#[test]
fn bad_files_are_refused() {
    assert_eq!(
        refused("empty.geojson", "E06000060").to_string(),
        "empty.geojson: the file is empty"
    );
    assert!(refused("truncated.geojson", "E06000060")
        .reason
        .starts_with("not JSON (a truncated or damaged file?)"));
    assert_eq!(
        refused("non_utf8.geojson", "E06000060").to_string(),
        "non_utf8.geojson: the file is not UTF-8 text (GeoJSON always is)"
    );
    let e = boundary_features(&fixture("no_polygon.geojson")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no_polygon.geojson: the file holds no Polygon or MultiPolygon: no area to use as a boundary"
    );
    let i = refused("no_polygon.geojson", "E06000060");
    assert!(i.reason.contains("is a Point, not a Polygon"), "{i}");
}

#[test]
fn settings_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out = planner()
        .args(["settings", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Council code: E06000060"), "{stdout}");
    assert!(stdout.contains("Boundary: set"), "{stdout}");

    let out = planner()
        .args([
            "settings",
            "--council-code",
            "e10000002",
            "--council-name",
            "Bucks County",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Council: Bucks County (E10000002)\n"
    );
    let s = Store::open(&db).unwrap().settings().unwrap();
    assert_eq!(
        (s.council_code.as_str(), s.council_name.as_str()),
        ("E10000002", "Bucks County")
    );

    // A district's code, or nonsense, is refused and nothing changes.
    for (code, says) in [
        ("E07000004", "is a district council"),
        ("BUCKS", "'BUCKS' is not an ONS area code"),
    ] {
        let out = planner()
            .args([
                "settings",
                "--council-name",
                "Other",
                "--council-code",
                code,
                "--db",
            ])
            .arg(&db)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("--council-code: ") && stderr.contains(says),
            "{stderr}"
        );
        let s = Store::open(&db).unwrap().settings().unwrap();
        assert_eq!(
            (s.council_code.as_str(), s.council_name.as_str()),
            ("E10000002", "Bucks County")
        );
    }
}
