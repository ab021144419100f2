//! The carer, home and child CSV templates, with the fixtures in
//! tests/fixtures/templates/ (good files and one per kind of bad input).

use jiff::civil::date;
use placement_planner::geography::AreaStatus;
use placement_planner::import::postcodes::apply_postcodes;
use placement_planner::import::templates::{
    apply_template, preview_template, template_header, write_template, RowAction, TemplateKind,
};
use placement_planner::import::{ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use placement_planner::model::carer::CarerStatus;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    CarerSector, ChildStatus, GridRef, HomeSector, Pence, PlaceCode, Placement, PlacementSetting,
    Postcode, ProviderCode, Sex, Specialism,
};
use placement_planner::store::Store;
use placement_planner::sufficiency::child_facts;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/templates")
        .join(name)
}

fn import(
    store: &mut Store,
    kind: TemplateKind,
    name: &str,
    rejected: RejectedRows,
) -> Result<ImportSummary, ImportError> {
    let plan = preview_template(kind, &fixture(name), store, &Progress::new())?;
    apply_template(store, &plan, rejected, &Progress::new())
}

fn import_postcodes(store: &mut Store) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postcodes/onspd_good.csv");
    apply_postcodes(store, &path, RejectedRows::Refuse, &Progress::new()).unwrap();
}

#[test]
fn blank_templates_hold_the_documented_columns() {
    let dir = tempfile::tempdir().unwrap();
    for kind in TemplateKind::ALL {
        let path = dir.path().join(format!("{}.csv", kind.name()));
        write_template(kind, &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, format!("{}\n", template_header(kind).join(",")));
        // A blank template is a file with a header and no rows.
        let store = Store::open_in_memory().unwrap();
        let err = preview_template(kind, &path, &store, &Progress::new()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("the file has a header but no rows"),
            "{err}"
        );
    }
    assert_eq!(
        template_header(TemplateKind::Carers),
        [
            "id",
            "name",
            "sector",
            "agency",
            "approved_places",
            "age_min",
            "age_max",
            "takes_siblings",
            "specialisms",
            "postcode",
            "weekly_cost",
            "status",
            "approval_date",
            "ended_on"
        ]
    );
    // The good fixtures use the templates' headers.
    for (kind, name) in [
        (TemplateKind::Carers, "carers_good.csv"),
        (TemplateKind::Homes, "homes_good.csv"),
        (TemplateKind::Children, "children_good.csv"),
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        assert_eq!(
            text.lines().next().unwrap(),
            template_header(kind).join(",")
        );
    }
}

#[test]
fn imports_carers_with_every_field() {
    let mut store = Store::open_in_memory().unwrap();
    import_postcodes(&mut store);
    let plan = preview_template(
        TemplateKind::Carers,
        &fixture("carers_good.csv"),
        &store,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(plan.summary.to_add, 3);
    assert!(plan.summary.rejected.is_empty());
    // HP22 5AA is not in the postcode directory fixture.
    assert_eq!(plan.summary.data_quality.len(), 1);
    assert_eq!(
        plan.summary.data_quality[0].to_string(),
        "carers_good.csv line 4, column postcode, value 'HP22 5AA': the postcode is not in the \
         postcode directory (or has no grid reference): distances and area stay not known until \
         it is imported"
    );
    assert!(plan.rows.iter().all(|(_, a, _)| *a == RowAction::Add));
    let s = apply_template(&mut store, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (3, 0, 0));
    assert_eq!(s.kind, "carer households");

    // Line 2: FC001,The Smiths,in_house,,2,0,17,yes,"adolescents, step_down",hp20 1ua,450.50,active,01/04/2020,
    let c = store.carer("FC001").unwrap();
    assert_eq!(c.name, "The Smiths");
    assert_eq!(c.sector, CarerSector::InHouse);
    assert_eq!(c.agency, None);
    assert_eq!((c.approved_places, c.age_min, c.age_max), (2, 0, 17));
    assert!(c.takes_siblings);
    assert_eq!(
        c.specialisms,
        vec![Specialism::Adolescents, Specialism::StepDown]
    );
    assert_eq!(c.postcode, Some(Postcode::parse("HP20 1UA").unwrap()));
    // The location comes from the postcode directory: HP20 1UA is 482300, 213400.
    assert_eq!(c.location, Some(GridRef::new(482_300, 213_400)));
    assert_eq!(c.weekly_cost, Pence(45_050)); // £450.50
    assert_eq!(c.status, CarerStatus::Active);
    assert_eq!(c.approval_date, date(2020, 4, 1));
    assert_eq!(c.ended_on, None);

    // Line 3: an IFA household, "£1,050", status left blank (active), ISO date.
    let ifa = store.carer("IF001").unwrap();
    assert_eq!(ifa.sector, CarerSector::Ifa);
    assert_eq!(ifa.agency.as_deref(), Some("Meridian Fostering"));
    assert_eq!(ifa.weekly_cost, Pence(105_000));
    assert_eq!(ifa.status, CarerStatus::Active);
    assert_eq!(ifa.approval_date, date(2019, 6, 15));

    // Line 4: the label "In-house" is accepted; resigned 31/03/2024.
    let gone = store.carer("FC002").unwrap();
    assert_eq!(gone.sector, CarerSector::InHouse);
    assert_eq!(gone.status, CarerStatus::Resigned);
    assert_eq!(gone.ended_on, Some(date(2024, 3, 31)));
    assert_eq!(gone.location, None);
}

#[test]
fn re_import_is_idempotent_and_a_change_is_an_update() {
    let mut store = Store::open_in_memory().unwrap();
    import(
        &mut store,
        TemplateKind::Carers,
        "carers_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    let before = store.carers().unwrap();
    let s = import(
        &mut store,
        TemplateKind::Carers,
        "carers_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (0, 0, 3));
    assert_eq!(store.carers().unwrap(), before);

    // FC001's approved places go from 2 to 3.
    let s = import(
        &mut store,
        TemplateKind::Carers,
        "carers_changed.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    assert_eq!((s.to_add, s.to_update, s.unchanged), (0, 1, 2));
    assert_eq!(store.carer("FC001").unwrap().approved_places, 3);
    assert_eq!(store.carers().unwrap().len(), 3);
}

#[test]
fn imports_homes() {
    let mut store = Store::open_in_memory().unwrap();
    let s = import(
        &mut store,
        TemplateKind::Homes,
        "homes_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    assert_eq!(s.to_add, 2);
    let homes = store.homes().unwrap();
    let oak = &homes[0];
    assert_eq!(
        (oak.id.as_str(), oak.name.as_str(), oak.provider.as_str()),
        ("RH001", "Oak House", "Acme Care Ltd")
    );
    assert_eq!(oak.sector, HomeSector::Private);
    assert_eq!(oak.ofsted_urn.as_deref(), Some("SC123456")); // typed sc123456
    assert_eq!((oak.registered_beds, oak.age_min, oak.age_max), (4, 8, 17));
    assert_eq!(oak.weekly_cost_per_bed, Pence(610_800)); // £6,108
    let own = &homes[1];
    assert_eq!(own.sector, HomeSector::OwnCouncil); // the label "Own council"
    assert_eq!(own.ofsted_urn, None);
    assert_eq!(own.weekly_cost_per_bed, Pence(500_000)); // "5,000.00"
}

#[test]
fn a_child_gets_a_distance_once_their_postcode_is_imported() {
    let mut store = Store::open_in_memory().unwrap();
    let mut settings = store.settings().unwrap();
    settings.council_code = "E06000060".into();
    store.save_settings(&settings).unwrap();
    import(
        &mut store,
        TemplateKind::Carers,
        "carers_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    let s = import(
        &mut store,
        TemplateKind::Children,
        "children_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    assert_eq!(s.to_add, 2);
    // Without the directory both home postcodes are notes.
    assert_eq!(s.data_quality.len(), 2);

    let alex = store.child("C001").unwrap();
    assert_eq!(alex.name, "Alex Test");
    assert_eq!(alex.date_of_birth, date(2012, 6, 15));
    assert_eq!(alex.sex, Sex::Female);
    assert_eq!(alex.legal_status, LegalStatus::C2);
    assert_eq!(alex.category_of_need, CategoryOfNeed::N1);
    assert!(!alex.disability);
    assert_eq!(
        alex.home_postcode,
        Some(Postcode::parse("HP19 8FF").unwrap())
    );
    assert_eq!(alex.home_location, None);
    assert_eq!(alex.status, ChildStatus::LookedAfter);
    assert_eq!(alex.entered_care, date(2020, 9, 1));
    let sam = store.child("C002").unwrap();
    assert_eq!(sam.date_of_birth, date(2010, 1, 31)); // ISO 2010-01-31
    assert_eq!(
        (sam.sex, sam.legal_status, sam.category_of_need),
        (Sex::Male, LegalStatus::V2, CategoryOfNeed::N4)
    );
    assert!(sam.disability);
    assert_eq!(sam.sibling_group.as_deref(), Some("SG1"));

    store
        .insert_placement(&Placement {
            id: 0,
            child_id: "C001".into(),
            setting: PlacementSetting::Carer("FC001".into()),
            postcode: None,
            start: date(2020, 9, 1),
            end: None,
            weekly_cost: Some(Pence(45_050)),
            fee_changes: vec![],
            place: PlaceCode::U4,
            provider: Some(ProviderCode::PR1),
            reason_for_change: None,
        })
        .unwrap();
    let on = date(2025, 1, 1);
    let facts = |store: &Store| {
        child_facts(&store.county_data().unwrap(), on)
            .into_iter()
            .find(|f| f.child_id == "C001")
            .unwrap()
    };
    let before = facts(&store);
    assert_eq!(before.distance_miles, None);
    assert_eq!(before.area, AreaStatus::Unknown);

    import_postcodes(&mut store);
    // Home HP19 8FF (481500, 214000), carer HP20 1UA (482300, 213400):
    // dE 800, dN 600, 1000 m = 1 / 1.6093 = 0.62 miles, 0.6 to 1 dp; HP20
    // 1UA is in E06000060, the council: in area.
    let after = facts(&store);
    assert_eq!(after.home_grid, Some(GridRef::new(481_500, 214_000)));
    assert_eq!(after.distance_miles, Some(0.6));
    assert_eq!(after.within_20_miles, Some(true));
    assert_eq!(after.area, AreaStatus::Inside);
}

/// Imports a bad fixture into a store holding the good carers and children;
/// checks nothing changed and returns the error.
fn refused(kind: TemplateKind, name: &str) -> ImportError {
    let mut store = Store::open_in_memory().unwrap();
    import(
        &mut store,
        TemplateKind::Carers,
        "carers_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    import(
        &mut store,
        TemplateKind::Children,
        "children_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    let (carers, children, counts) = (
        store.carers().unwrap(),
        store.children().unwrap(),
        store.counts().unwrap(),
    );
    let err = import(&mut store, kind, name, RejectedRows::Refuse).unwrap_err();
    assert_eq!(store.carers().unwrap(), carers, "{name}");
    assert_eq!(store.children().unwrap(), children, "{name}");
    assert_eq!(store.counts().unwrap(), counts, "{name}");
    err
}

fn first_rejected(err: ImportError) -> ImportIssue {
    match err {
        ImportError::Rejected(issues) => issues[0].clone(),
        other => panic!("expected rejected rows, got {other:?}"),
    }
}

fn unreadable(err: ImportError) -> ImportIssue {
    match err {
        ImportError::Unreadable(issue) => *issue,
        other => panic!("expected an unreadable file, got {other:?}"),
    }
}

#[test]
fn a_date_that_does_not_exist_is_rejected() {
    let i = first_rejected(refused(TemplateKind::Children, "children_bad_date.csv"));
    assert_eq!(
        i.to_string(),
        "children_bad_date.csv line 2, column date_of_birth, value '31/02/2024': '31/02/2024' is \
         not a real calendar date"
    );
}

#[test]
fn unknown_codes_are_rejected() {
    let i = first_rejected(refused(TemplateKind::Carers, "carers_unknown_code.csv"));
    assert_eq!(
        i.to_string(),
        "carers_unknown_code.csv line 2, column sector, value 'agency': 'agency' is not a known \
         carer sector (one of: in_house, ifa, kinship)"
    );
    let i = first_rejected(refused(TemplateKind::Children, "children_unknown_code.csv"));
    assert_eq!(
        (i.line, i.column.as_deref(), i.value.as_deref()),
        (Some(3), Some("legal_status"), Some("X9"))
    );
    assert!(
        i.reason
            .starts_with("'X9' is not a known legal status (one of: C1, C2,"),
        "{i}"
    );
}

#[test]
fn duplicate_ids_are_rejected() {
    let i = first_rejected(refused(TemplateKind::Carers, "carers_duplicate_id.csv"));
    assert_eq!(
        i.to_string(),
        "carers_duplicate_id.csv line 4, column id, value 'FC001': the id 'FC001' is already used on line 2"
    );
}

#[test]
fn missing_and_renamed_columns_refuse_the_file() {
    let i = unreadable(refused(TemplateKind::Carers, "carers_missing_column.csv"));
    assert!(
        i.to_string()
            .starts_with("carers_missing_column.csv: no column 'weekly_cost' in the header"),
        "{i}"
    );
    let i = unreadable(refused(TemplateKind::Carers, "carers_renamed_column.csv"));
    assert!(
        i.reason
            .starts_with("no column 'weekly_cost' in the header"),
        "{i}"
    );
    assert!(i.reason.contains("weekly_cost_pence"), "{i}");
    // A carers file offered as children.
    let i = unreadable(refused(TemplateKind::Children, "carers_good.csv"));
    assert!(i.reason.starts_with("no column 'date_of_birth'"), "{i}");
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let i = unreadable(refused(TemplateKind::Carers, "empty.csv"));
    assert_eq!(i.to_string(), "empty.csv: the file is empty");
    let i = unreadable(refused(TemplateKind::Carers, "carers_header_only.csv"));
    assert_eq!(
        i.to_string(),
        "carers_header_only.csv: the file has a header but no rows"
    );
}

#[test]
fn non_utf8_long_and_truncated_files_are_refused() {
    let i = unreadable(refused(TemplateKind::Carers, "carers_non_utf8.csv"));
    assert_eq!(
        i.to_string(),
        "carers_non_utf8.csv line 2, column name: the file is not UTF-8 text; save it again as \"CSV UTF-8\""
    );
    let i = first_rejected(refused(TemplateKind::Carers, "carers_long_field.csv"));
    assert_eq!((i.line, i.column.as_deref()), (Some(2), Some("name")));
    assert_eq!(
        i.reason,
        "the value is 10000 characters long; at most 1000 are accepted"
    );
    let i = unreadable(refused(TemplateKind::Carers, "carers_truncated.csv"));
    assert_eq!(
        i.to_string(),
        "carers_truncated.csv line 4: the row has 6 fields but the header has 14: the file looks \
         truncated or damaged"
    );
}

#[test]
fn skip_leaves_out_only_the_rejected_rows() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = preview_template(
        TemplateKind::Carers,
        &fixture("carers_duplicate_id.csv"),
        &store,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!((plan.summary.to_add, plan.summary.rejected.len()), (2, 1));
    let s = apply_template(&mut store, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    assert_eq!((s.to_add, s.rejected.len()), (2, 1));
    // The first FC001 (The Smiths) went in; the duplicate on line 4 did not.
    assert_eq!(store.carer("FC001").unwrap().name, "The Smiths");
    assert_eq!(store.carers().unwrap().len(), 2);
}

#[test]
fn cancelling_writes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let plan = preview_template(
        TemplateKind::Carers,
        &fixture("carers_good.csv"),
        &store,
        &Progress::new(),
    )
    .unwrap();
    let progress = Progress::new();
    progress.cancel();
    let err = apply_template(&mut store, &plan, RejectedRows::Refuse, &progress).unwrap_err();
    assert!(matches!(err, ImportError::Cancelled));
    assert_eq!(store.counts().unwrap().carers, 0);
}

#[test]
fn an_update_that_breaks_a_store_rule_is_rejected_in_the_preview() {
    let mut store = Store::open_in_memory().unwrap();
    import(
        &mut store,
        TemplateKind::Carers,
        "carers_changed.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    import(
        &mut store,
        TemplateKind::Children,
        "children_good.csv",
        RejectedRows::Refuse,
    )
    .unwrap();
    // FC001 now has 3 places; place both children there.
    for (i, child) in ["C001", "C002"].into_iter().enumerate() {
        store
            .insert_placement(&Placement {
                id: 0,
                child_id: child.into(),
                setting: PlacementSetting::Carer("FC001".into()),
                postcode: None,
                start: date(2021, 3, 1 + i as i8),
                end: None,
                weekly_cost: Some(Pence(45_050)),
                fee_changes: vec![],
                place: PlaceCode::U4,
                provider: Some(ProviderCode::PR1),
                reason_for_change: None,
            })
            .unwrap();
    }
    // carers_good.csv gives FC001 2 places: still fine. A file with one place is not.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one_place.csv");
    let text = std::fs::read_to_string(fixture("carers_good.csv"))
        .unwrap()
        .replace("The Smiths,in_house,,2,", "The Smiths,in_house,,1,");
    std::fs::write(&path, text).unwrap();
    let plan = preview_template(TemplateKind::Carers, &path, &store, &Progress::new()).unwrap();
    assert_eq!(plan.summary.rejected.len(), 1);
    assert!(
        plan.summary.rejected[0]
            .reason
            .contains("has 2 children placed today"),
        "{:?}",
        plan.summary.rejected
    );
    assert_eq!(plan.summary.rejected[0].line, Some(2));
}

mod common;

#[test]
fn template_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("homes.csv");
    let out = common::planner()
        .args(["template", "homes", "--out"])
        .arg(&out_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("Wrote the homes template (11 columns)")
    );
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        "id,name,provider,sector,ofsted_urn,registered_beds,age_min,age_max,postcode,weekly_cost_per_bed,closed_on\n"
    );
    let out = common::planner()
        .args(["template", "beds", "--out"])
        .arg(dir.path().join("x.csv"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("'beds' is not a template; use carers, homes, children, rates or costs"));
}
