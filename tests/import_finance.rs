//! Placement costs from the finance system: rows matched to the placement
//! open on their date, prices kept by date, unmatched and ambiguous rows
//! refused, never guessed, and nothing written from a file with a refused
//! row unless the user leaves those rows out.

mod common;

use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use common::records::{child_in_care, placement_elsewhere};
use jiff::civil::date;
use placement_planner::import::finance::{apply_finance, preview_finance, FINANCE_COLUMNS};
use placement_planner::import::{ImportError, Progress, RejectedRows};
use placement_planner::model::{
    FeeChange, Home, HomeSector, Pence, PlaceCode, Placement, PlacementSetting, ProviderCode,
};
use placement_planner::store::Store;

fn placement(child: &str, start: jiff::civil::Date, end: Option<jiff::civil::Date>) -> Placement {
    Placement {
        end,
        ..placement_elsewhere(child, start, PlaceCode::U4, Some(ProviderCode::PR4))
    }
}

/// F1: IFA 01/04/2025 to 01/10/2025, then home H1 (URN SC111111) from
/// 01/10/2025. F2: IFA from 01/05/2025. F3: two placements open on the same
/// days (a data error the finance import must not guess through).
fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("f.sqlite")).unwrap();
    s.insert_home(&Home {
        id: "H1".into(),
        name: "Hill House".into(),
        provider: "Care Ltd".into(),
        sector: HomeSector::Private,
        ofsted_urn: Some("SC111111".into()),
        registered_beds: 4,
        age_min: 8,
        age_max: 17,
        postcode: None,
        location: None,
        weekly_cost_per_bed: Pence::from_pounds(5_000),
        closed_on: None,
    })
    .unwrap();
    for id in ["F1", "F2", "F3"] {
        s.insert_child(&child_in_care(id, date(2025, 4, 1)))
            .unwrap();
    }
    s.insert_placement(&placement("F1", date(2025, 4, 1), Some(date(2025, 10, 1))))
        .unwrap();
    s.insert_placement(&Placement {
        setting: PlacementSetting::Home("H1".into()),
        place: PlaceCode::K2,
        ..placement("F1", date(2025, 10, 1), None)
    })
    .unwrap();
    s.insert_placement(&placement("F2", date(2025, 5, 1), None))
        .unwrap();
    s.import_batch(|b| {
        b.insert_placement(&placement("F3", date(2025, 4, 1), None))?;
        b.insert_placement(&placement("F3", date(2025, 6, 1), None))
    })
    .unwrap();
    s
}

fn finance_file(dir: &std::path::Path) -> std::path::PathBuf {
    write_csv(
        dir,
        "contrOCC export.csv",
        &FINANCE_COLUMNS.join(","),
        &[
            // line 2: F1's first placement, from its start
            "F1,01/04/2025,850,,Agency A,,2025-04",
            // line 3: a fee uplift from July
            "F1,01/07/2025,880,,Agency A,,2025-07",
            // line 4: the same price again in August: no change
            "F1,01/08/2025,880,,Agency A,,2025-08",
            // line 5: the home from October, with another URN
            "F1,01/10/2025,5200,,Hill House,SC999999,2025-10",
            // line 6: F2 from June, an outlier (pence typed as pounds?)
            "F2,01/06/2025,30000,,Agency B,,2025-06",
            // line 7: a child the records do not hold
            "F9,01/06/2025,800,,Agency B,,2025-06",
            // line 8: before F2's placement began
            "F2,01/03/2025,800,,Agency B,,2025-03",
            // line 9: not a real date
            "F1,31/02/2025,800,,Agency A,,2025-02",
            // line 10: F3 has two placements open on this day
            "F3,15/06/2025,700,,Agency C,,2025-06",
        ],
    )
}

fn placements(s: &Store, child: &str) -> Vec<Placement> {
    s.placements_for_child(child).unwrap()
}

#[test]
fn rows_are_matched_by_child_and_date_and_refused_rows_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let path = finance_file(dir.path());
    let plan = preview_finance(&path, &s, &Progress::new()).unwrap();
    let reasons: Vec<String> = plan
        .summary
        .rejected
        .iter()
        .map(|i| i.to_string())
        .collect();
    assert_eq!(
        reasons,
        vec![
            "contrOCC export.csv line 7, column child, value 'F9': child F9 is not in the records; import the child first",
            "contrOCC export.csv line 8, column start_date, value '01/03/2025': child F2 has no placement open on 01/03/2025; the stored placements are: from 01/05/2025 (open)",
            "contrOCC export.csv line 9, column start_date, value '31/02/2025': '31/02/2025' is not a real calendar date",
            "contrOCC export.csv line 10, column start_date, value '15/06/2025': child F3 has 2 placements open on 15/06/2025 (from 01/04/2025 (open); from 01/06/2025 (open)); the row could be either, so it is not used",
        ]
    );
    let warnings: Vec<String> = plan
        .summary
        .warnings
        .iter()
        .map(|i| i.to_string())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("contrOCC export.csv line 5, column ofsted_urn, value 'SC999999': the placement is in home H1, whose Ofsted URN is SC111111"));
    assert!(warnings[1].starts_with(
        "contrOCC export.csv line 6, column weekly_cost, value '30000': £30,000.00 a week is more than £25,000"
    ));
    // F1's two placements and F2's one change.
    assert_eq!(plan.summary.to_update, 3);
    // Refused rows: nothing is written.
    let err = apply_finance(&mut s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap_err();
    assert!(matches!(err, ImportError::Rejected(ref r) if r.len() == 4));
    assert!(placements(&s, "F1").iter().all(|p| p.weekly_cost.is_none()));

    apply_finance(&mut s, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    let f1 = placements(&s, "F1");
    assert_eq!(f1[0].weekly_cost, Some(Pence::from_pounds(850)));
    // August repeated July's price: one change, not two.
    assert_eq!(
        f1[0].fee_changes,
        vec![FeeChange {
            from: date(2025, 7, 1),
            weekly: Pence::from_pounds(880)
        }]
    );
    assert_eq!(f1[0].own_cost_on(date(2025, 6, 30)), Some(Pence(85_000)));
    assert_eq!(f1[0].own_cost_on(date(2025, 7, 1)), Some(Pence(88_000)));
    assert_eq!(f1[1].weekly_cost, Some(Pence::from_pounds(5_200)));
    // F2's price is known from June only: May stays not known (costed from
    // the rates), never back-filled with June's price.
    let f2 = placements(&s, "F2");
    assert_eq!(f2[0].weekly_cost, None);
    assert_eq!(f2[0].own_cost_on(date(2025, 5, 20)), None);
    assert_eq!(f2[0].own_cost_on(date(2025, 6, 1)), Some(Pence(3_000_000)));
    // F3 untouched.
    assert!(placements(&s, "F3").iter().all(|p| p.weekly_cost.is_none()));

    // The same file again changes nothing more.
    let again = preview_finance(&path, &s, &Progress::new()).unwrap();
    assert_eq!((again.summary.to_update, again.summary.unchanged), (0, 3));
}

#[test]
fn a_finance_cost_survives_the_next_ssda903_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let db_arg = db.to_str().unwrap();
    common::succeeds(common::planner().args(["new", "--db", db_arg]));
    let h = write_csv(
        dir.path(),
        "header_2025-26.csv",
        SSDA903_HEADER,
        &["R1,1,01/05/2012,WBRI,,,"],
    );
    let e = write_csv(
        dir.path(),
        "episodes_2025-26.csv",
        SSDA903_EPISODES,
        &["R1,10/04/2025,S,C2,N1,U4,PR4,,,,,,"],
    );
    let import = |planner: &mut assert_cmd::Command| {
        common::succeeds(
            planner
                .args(["import", "ssda903", "--db", db_arg])
                .arg(&h)
                .arg(&e),
        )
    };
    import(&mut common::planner());
    let costs = write_csv(
        dir.path(),
        "costs.csv",
        "child,start_date,weekly_cost",
        &["R1,10/04/2025,912.50", "R1,01/01/2026,950"],
    );
    let out = common::succeeds(
        common::planner()
            .args(["import", "costs", "--db", db_arg])
            .arg(&costs),
    );
    assert!(
        out.starts_with("Checked the placement costs from finance: 0 to add, 1 to update"),
        "{out}"
    );
    import(&mut common::planner());
    let s = Store::open(&db).unwrap();
    let p = &s.placements_for_child("R1").unwrap()[0];
    assert_eq!(p.weekly_cost, Some(Pence(91_250)));
    assert_eq!(
        p.fee_changes,
        vec![FeeChange {
            from: date(2026, 1, 1),
            weekly: Pence(95_000)
        }]
    );
}

/// As Excel saves "CSV UTF-8": a byte-order mark, CRLF line ends, money
/// with a pound sign and a thousands comma (so quoted), UK dates, and the
/// blank rows a spreadsheet leaves under its data.
#[test]
fn an_excel_saved_finance_file_reads_as_it_looks() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    let path = dir.path().join("Placement costs (Excel).csv");
    std::fs::write(
        &path,
        "\u{feff}child,start_date,weekly_cost,end_date,provider_name,ofsted_urn,invoice_period\r\n\
         F1,01/10/2025,\"£5,450.75\",,Hill House,SC111111,Oct-25\r\n\
         ,,,,,,\r\n\
         ,,,,,,\r\n",
    )
    .unwrap();
    let plan = preview_finance(&path, &s, &Progress::new()).unwrap();
    assert!(
        plan.summary.rejected.is_empty(),
        "{:?}",
        plan.summary.rejected
    );
    assert!(
        plan.summary.warnings.is_empty(),
        "{:?}",
        plan.summary.warnings
    );
    assert_eq!(plan.summary.read_as, vec!["1 row read; 1 placement priced"]);
    apply_finance(&mut s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    let home = &placements(&s, "F1")[1];
    assert_eq!(home.weekly_cost, Some(Pence(545_075)));
}
