//! Costs a council can trust: the one costing rule on a hand-worked county,
//! rates changing every estimate at once, fee changes costed by date, and
//! the imported-SSDA903 path giving the same spend everywhere.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use common::records::{child_in_care, placement_elsewhere};
use jiff::civil::{date, Date};
use placement_planner::costing::{CostBasis, CostBook};
use placement_planner::model::{
    Child, CostRate, FeeChange, Pence, PlaceCode, Placement, PlacementCategory, ProviderCode,
};
use placement_planner::scenario::backtest::actual_spend;
use placement_planner::store::Store;
use placement_planner::sufficiency::sufficiency;

fn child(id: &str) -> Child {
    child_in_care(id, date(2025, 4, 1))
}

fn placement(
    child: &str,
    place: PlaceCode,
    provider: Option<ProviderCode>,
    weekly: Option<i64>,
) -> Placement {
    Placement {
        weekly_cost: weekly.map(Pence::from_pounds),
        ..placement_elsewhere(child, date(2025, 4, 1), place, provider)
    }
}

fn ifa_rate(pounds: i64) -> CostRate {
    CostRate {
        category: PlacementCategory::IfaFostering,
        financial_year: 2025,
        weekly_cost: Pence::from_pounds(pounds),
        source: "2025-26 budget".into(),
    }
}

/// A: in-house at £450 (own). B: external residential at £5,000 (own).
/// C: IFA, no cost (the council's £900 IFA rate). D: kinship, no cost and no
/// kinship rate (the national figure). E: supported accommodation, no cost,
/// no rate and no national figure (not known).
fn county(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::open(&dir.path().join("c.sqlite")).unwrap();
    s.put_rates(&[ifa_rate(900)]).unwrap();
    use PlaceCode::*;
    use ProviderCode::*;
    for (id, place, provider, weekly) in [
        ("A", U6, Some(PR1), Some(450)),
        ("B", K2, Some(PR4), Some(5_000)),
        ("C", U4, Some(PR4), None),
        ("D", U3, Some(PR1), None),
        ("E", K3, None, None),
    ] {
        s.insert_child(&child(id)).unwrap();
        s.insert_placement(&placement(id, place, provider, weekly))
            .unwrap();
    }
    s
}

const ON: Date = date(2025, 6, 30);

#[test]
fn spend_is_own_costs_plus_estimates_and_says_how_much_is_estimated() {
    let dir = tempfile::tempdir().unwrap();
    let store = county(&dir);
    let r = sufficiency(&store.county_data().unwrap(), ON);
    // By hand: A £450 + B £5,000 (own) + C £900 (rate) + D the national
    // £646 (2017-18) uplifted eight years at the published 3.55% to 2025-26:
    // 646 × 1.0355⁸ = £853.9517… → £853.95. E: not known, not £0.
    assert_eq!(r.spend.own_pence, 45_000 + 500_000);
    assert_eq!(r.spend.council_rate_pence, 90_000);
    assert_eq!(r.spend.national_pence, 85_395);
    assert_eq!(r.spend.not_known, 1);
    assert_eq!(r.spend.placements, 5);
    assert_eq!(r.weekly_cost_pence, 720_395);
    assert_eq!(r.annual_cost_pence, 720_395 * 52);
    // Estimated: 175,395 of 720,395 = 24.3% → 24%.
    assert_eq!(r.spend.estimated_pct(), Some(24));
    assert_eq!(
        r.spend.weekly_text(),
        "£7,204 a week, 24% from rates and national figures, 1 placement's cost not known"
    );
    // Each category line carries its own split.
    let line = |c: PlacementCategory| r.by_category.iter().find(|l| l.category == c).unwrap();
    assert_eq!(
        line(PlacementCategory::IfaFostering).weekly_cost_pence,
        90_000
    );
    assert_eq!(
        line(PlacementCategory::SupportedAccommodation)
            .spend
            .not_known,
        1
    );
    assert_eq!(
        line(PlacementCategory::SupportedAccommodation).weekly_cost_pence,
        0
    );
    // The report names the rate and the figure the estimates used.
    assert_eq!(
        r.cost_basis,
        vec![
            "IFA fostering 2025-26: £900 a week from the council's 2025-26 rate".to_string(),
            "Kinship 2025-26: £854 a week from the national figure (PSSRU Unit Costs: foster \
             care full unit cost, 2017), uplifted 3.55% a year"
                .to_string(),
        ]
    );
}

#[test]
fn changing_a_rate_changes_every_estimate_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = county(&dir);
    store.put_rates(&[ifa_rate(1_000)]).unwrap();
    let r = sufficiency(&store.county_data().unwrap(), ON);
    // C now £1,000: 720,395 + 10,000.
    assert_eq!(r.weekly_cost_pence, 730_395);
    // 185,395 / 730,395 = 25.4% → 25%.
    assert_eq!(r.spend.estimated_pct(), Some(25));
    // A kinship rate replaces the national figure for D.
    store
        .put_rates(&[CostRate {
            category: PlacementCategory::Kinship,
            financial_year: 2025,
            weekly_cost: Pence::from_pounds(300),
            source: "kinship allowance".into(),
        }])
        .unwrap();
    let r = sufficiency(&store.county_data().unwrap(), ON);
    assert_eq!(r.weekly_cost_pence, 545_000 + 100_000 + 30_000);
    assert_eq!(r.spend.national_pence, 0);
    // And a council uplift of 0% for kinship is used when its rate is from
    // another year: delete 2025's, set 2024's, no uplift.
    store.delete_rate(PlacementCategory::Kinship, 2025).unwrap();
    store
        .put_rates(&[CostRate {
            category: PlacementCategory::Kinship,
            financial_year: 2024,
            weekly_cost: Pence::from_pounds(280),
            source: "kinship allowance".into(),
        }])
        .unwrap();
    store
        .set_uplift(PlacementCategory::Kinship, Some(0.0))
        .unwrap();
    let r = sufficiency(&store.county_data().unwrap(), ON);
    assert_eq!(r.weekly_cost_pence, 545_000 + 100_000 + 28_000);
}

#[test]
fn a_fee_that_rose_mid_year_is_costed_at_each_price_for_its_own_months() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = county(&dir);
    // A's fee rises from £450 to £490 on 01/10/2025.
    let mut a = store.placements_for_child("A").unwrap().remove(0);
    a.fee_changes = vec![FeeChange {
        from: date(2025, 10, 1),
        weekly: Pence::from_pounds(490),
    }];
    store.import_batch(|b| b.update_placement(&a)).unwrap();
    let data = store.county_data().unwrap();
    let a_cost = |on: Date| {
        sufficiency(&data, on)
            .by_category
            .iter()
            .find(|l| l.category == PlacementCategory::InHouseFostering)
            .unwrap()
            .weekly_cost_pence
    };
    assert_eq!(a_cost(date(2025, 9, 30)), 45_000);
    assert_eq!(a_cost(date(2025, 10, 1)), 49_000);
    // Over September and October: 30 days at £450 and 31 at £490, ÷ 7 per
    // day: (30 × 45,000 + 31 × 49,000) / 7 = 2,869,000 / 7 = 409,857.14p.
    let book = CostBook::from_settings(&data.settings);
    assert_eq!(
        book.placement_pence_days(&a, date(2025, 9, 1), date(2025, 11, 1)),
        30 * 45_000 + 31 * 49_000
    );
    // The backtest's actual spend adds every placement the same way. Only
    // A and B have their own cost; C's is the rate, D's the national figure
    // (2025-26 prices all through), E adds nothing: 61 days of
    // (500,000 + 90,000 + 85,395) = 61 × 675,395 = 41,199,095 pence-days.
    let all = 30 * 45_000 + 31 * 49_000 + 61 * 675_395;
    assert_eq!(
        actual_spend(&data, date(2025, 9, 1), date(2025, 11, 1)),
        Pence(((all as f64) / 7.0).round() as i64)
    );
    assert_eq!(
        book.placement_cost(&a, date(2025, 10, 1)).basis,
        CostBasis::Own
    );
}

/// A 2025-26 return of three children, all still placed on 31/03/2026:
/// IFA (U4/PR4), external residential (K2/PR4), in-house (U6/PR1).
fn return_files(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let header = write_csv(
        dir,
        "header_2025-26.csv",
        SSDA903_HEADER,
        &[
            "R1,1,01/05/2012,WBRI,,,",
            "R2,2,01/05/2010,WBRI,,,",
            "R3,1,01/05/2015,WBRI,,,",
        ],
    );
    let episodes = write_csv(
        dir,
        "episodes_2025-26.csv",
        SSDA903_EPISODES,
        &[
            "R1,10/04/2025,S,C2,N1,U4,PR4,,,,,,",
            "R2,01/05/2025,S,C2,N1,K2,PR4,,,,,,SC000001",
            "R3,01/06/2025,S,C2,N1,U6,PR1,,,,,,",
        ],
    );
    (header, episodes)
}

#[test]
fn an_imported_return_gives_the_same_spend_on_the_dashboard_report_workbook_and_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("council.sqlite");
    let db_arg = db.to_str().unwrap();
    common::succeeds(common::planner().args(["new", "--db", db_arg]));
    let (h, e) = return_files(dir.path());
    common::succeeds(
        common::planner()
            .args(["import", "ssda903", "--db", db_arg])
            .arg(&h)
            .arg(&e),
    );
    // Before any rate: in-house and IFA from national figures, residential
    // from the national figure; nothing is £0.
    let out = common::succeeds(common::planner().args([
        "rates",
        "set",
        "ifa_fostering",
        "2025-26",
        "900",
        "--db",
        db_arg,
    ]));
    assert_eq!(out, "IFA fostering 2025-26: £900.00 a week\n");
    common::succeeds(common::planner().args([
        "rates",
        "set",
        "External residential",
        "2025",
        "£5,500",
        "--db",
        db_arg,
    ]));
    // By hand: IFA £900 + residential £5,500 + in-house at the national
    // £646 uplifted 8 years at 3.55% (£853.95) = £7,253.95 a week.
    let expected = 90_000 + 550_000 + 85_395;

    // The dashboard's figure (the window loads the same report).
    let store = Store::open(&db).unwrap();
    let r = sufficiency(&store.county_data().unwrap(), date(2026, 3, 31));
    assert_eq!(r.weekly_cost_pence, expected);
    assert_eq!(r.spend.estimated_pct(), Some(100));
    // The committee summary says what the spend is made of, and from what.
    let lines = placement_planner::export::committee::committee_lines(&r);
    let texts: Vec<&str> = lines
        .iter()
        .filter_map(|l| match l {
            placement_planner::export::pdf::Line::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        texts.contains(&"Spend: £7,254 a week, 100% from rates and national figures."),
        "{texts:?}"
    );
    assert!(texts.contains(&"IFA fostering 2025-26: £900 a week from the council's 2025-26 rate."));
    drop(store);

    // report sufficiency
    let json = common::succeeds(common::planner().args([
        "report",
        "sufficiency",
        "--as-at",
        "31/03/2026",
        "--format",
        "json",
        "--db",
        db_arg,
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["weekly_cost_pence"], expected);
    assert_eq!(v["spend_estimated_pct"], 100);
    assert_eq!(v["spend"]["national_pence"], 85_395);

    // The workbook's headline
    let book = dir.path().join("book.xlsx");
    common::succeeds(
        common::planner()
            .args([
                "export",
                "workbook",
                "--as-at",
                "31/03/2026",
                "--db",
                db_arg,
                "--out",
            ])
            .arg(&book),
    );
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let ws = wb.worksheet_range("Headline").unwrap();
    let weekly = ws
        .rows()
        .find(|r| r.first() == Some(&Data::String("Weekly spend".into())))
        .and_then(|r| r.get(1).cloned());
    assert_eq!(weekly, Some(Data::Float(expected as f64 / 100.0)));
    let mix = wb.worksheet_range("Placement mix").unwrap();
    let notes: Vec<String> = mix
        .rows()
        .filter_map(|r| match r.first() {
            Some(Data::String(s)) if s.starts_with("Spend:") || s.contains(" a week from ") => {
                Some(s.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        notes[0],
        "Spend: £7,254 a week, 100% from rates and national figures."
    );
    assert_eq!(notes.len(), 4, "{notes:?}");

    // scenario run: the start date's spend, by the same rule
    let levers = dir.path().join("none.toml");
    std::fs::write(&levers, "").unwrap();
    let json = common::succeeds(
        common::planner()
            .args([
                "scenario",
                "run",
                "--start",
                "31/03/2026",
                "--format",
                "json",
                "--db",
                db_arg,
                "--scenario",
            ])
            .arg(&levers),
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let s = &v["start_spend"];
    let total = s["own_pence"].as_i64().unwrap()
        + s["council_rate_pence"].as_i64().unwrap()
        + s["national_pence"].as_i64().unwrap();
    assert_eq!(total, expected);
}

#[test]
fn rates_from_a_file_are_checked_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let db_arg = db.to_str().unwrap();
    common::succeeds(common::planner().args(["new", "--db", db_arg]));
    let bad = write_csv(
        dir.path(),
        "rates.csv",
        "category,financial_year,weekly_cost,source",
        &[
            "ifa_fostering,2025-26,950,framework",
            "fostering,2025,900,",
            "kinship,1999,300,",
            "secure,2025,-5,",
            "own_residential,2025,lots,",
            "with_parents,2025,,",
        ],
    );
    let out = common::planner()
        .args(["rates", "import", "--db", db_arg])
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Checked the cost rates: 1 to add, 0 to update, 0 unchanged, 4 refused"),
        "{stdout}"
    );
    assert!(stdout.contains(
        "rates.csv line 3, column category, value 'fostering': 'fostering' is not a placement category"
    ));
    assert!(stdout.contains(
        "rates.csv line 4, column financial_year, value '1999': '1999' is outside the years a rate can be for (2000 to 2100)"
    ));
    assert!(stdout.contains(
        "rates.csv line 5, column weekly_cost, value '-5': '-5' is not a weekly cost: a rate must be more than £0"
    ));
    assert!(stdout.contains("line 6, column weekly_cost, value 'lots'"));
    assert!(stdout.contains("no weekly cost given for with_parents 2025: left out"));
    let store = Store::open(&db).unwrap();
    assert!(store.settings().unwrap().cost_rates.is_empty());
    drop(store);
    // Leaving the bad rows out imports the good one.
    common::succeeds(
        common::planner()
            .args(["rates", "import", "--skip-rejected", "--db", db_arg])
            .arg(&bad),
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.settings().unwrap().cost_rates,
        vec![CostRate {
            category: PlacementCategory::IfaFostering,
            financial_year: 2025,
            weekly_cost: Pence::from_pounds(950),
            source: "framework".into(),
        }]
    );
}

#[test]
fn the_rates_command_lists_sets_copies_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.sqlite");
    let db_arg = db.to_str().unwrap();
    common::succeeds(common::planner().args(["new", "--db", db_arg]));
    common::succeeds(common::planner().args([
        "rates",
        "set",
        "in_house_fostering",
        "2024",
        "400",
        "--db",
        db_arg,
    ]));
    let out = common::succeeds(common::planner().args([
        "rates",
        "uplift",
        "in_house_fostering",
        "5",
        "--db",
        db_arg,
    ]));
    assert_eq!(out, "In-house fostering: uplift 5% a year\n");
    // 2024-25 → 2026-27 at 5%: 400 × 1.1025 = £441.00.
    let out =
        common::succeeds(common::planner().args(["rates", "copy", "2024", "2026", "--db", db_arg]));
    assert_eq!(
        out,
        "In-house fostering 2026-27: £441.00 (2024-25 rate uplifted 5% a year)\n"
    );
    let list = common::succeeds(common::planner().args(["rates", "--db", db_arg]));
    let in_house = list
        .lines()
        .find(|l| l.starts_with("In-house fostering"))
        .unwrap();
    let cells: Vec<&str> = in_house.split_whitespace().collect();
    assert_eq!(cells[2], "£400", "{list}");
    assert!(cells.contains(&"£441"), "{list}");
    assert!(in_house.ends_with("5%"), "{in_house}");
    let out = common::planner()
        .args(["rates", "set", "ifa", "2025", "900", "--db", db_arg])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("CATEGORY: 'ifa' is not a placement category"));
    common::succeeds(common::planner().args([
        "rates",
        "delete",
        "in_house_fostering",
        "2024-25",
        "--db",
        db_arg,
    ]));
    let out = common::planner()
        .args([
            "rates",
            "delete",
            "in_house_fostering",
            "2024-25",
            "--db",
            db_arg,
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("there is no 2024-25 rate for In-house fostering"));
    let template = common::succeeds(common::planner().args(["rates", "template"]));
    assert!(template.starts_with("category,financial_year,weekly_cost,source\nin_house_fostering,"));
    assert_eq!(template.lines().count(), 10);
}
