//! Backtesting the scenario model against a small history worked by hand,
//! and `placement-planner scenario backtest` on the sample county.

mod common;

use common::{planner, sample_db};
use jiff::civil::{date, Date};
use placement_planner::county::CountyData;
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Carer, CarerSector, CarerStatus, Child, ChildStatus, Pence, PlaceCode, Placement,
    PlacementCategory as C, PlacementSetting, ProviderCode, Settings, Sex,
};
use placement_planner::scenario::backtest::{actual_children, actual_spend, backtest};

fn child(id: &str, dob: Date, entered: Date, left: Option<Date>) -> Child {
    Child {
        id: id.into(),
        name: format!("Child {id}"),
        date_of_birth: dob,
        sex: Sex::Male,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: if left.is_some() {
            ChildStatus::LeftCare
        } else {
            ChildStatus::LookedAfter
        },
        entered_care: entered,
        left_care: left,
        earlier_periods: Vec::new(),
    }
}

fn placement(
    child_id: &str,
    setting: PlacementSetting,
    codes: (PlaceCode, ProviderCode),
    (start, end): (Date, Option<Date>),
    weekly_pence: i64,
) -> Placement {
    Placement {
        id: 0,
        child_id: child_id.into(),
        setting,
        postcode: None,
        start,
        end,
        weekly_cost: Some(Pence(weekly_pence)),
        fee_changes: vec![],
        place: codes.0,
        provider: Some(codes.1),
        reason_for_change: None,
    }
}

const IFA: (PlaceCode, ProviderCode) = (PlaceCode::U6, ProviderCode::PR4);
const IN_HOUSE: (PlaceCode, ProviderCode) = (PlaceCode::U6, ProviderCode::PR1);
const PRIVATE_HOME: (PlaceCode, ProviderCode) = (PlaceCode::K2, ProviderCode::PR4);

/// Start 1 July 2025; reference 6 months (January to June 2025).
///  A born 1/1/2014, in care since 1/1/2024: IFA £700 (70,000p, 10,000p a
///    day) to 1/8/2025, then in-house FC1 £462 (6,600p a day).
///  B born 1/1/2013, in care since 1/1/2024: IFA £700; left care 16/8/2025.
///  C born 1/1/2011, since 1/6/2024: private home £6,097 (87,100p a day).
///  E born 1/3/2015, entered 1/3/2025 (120 months) into IFA £700.
///  D born 1/9/2020, enters care 1/9/2025 with FC1 at £462.
/// Nobody left care in the reference period, so every exit rate is 0;
/// one entrant (E) in 6 months: 1/6 a month, all IFA at 120 months.
fn history() -> CountyData {
    let fc1 = || PlacementSetting::Carer("FC1".into());
    let away = || PlacementSetting::Elsewhere;
    let children = vec![
        child("A", date(2014, 1, 1), date(2024, 1, 1), None),
        child(
            "B",
            date(2013, 1, 1),
            date(2024, 1, 1),
            Some(date(2025, 8, 16)),
        ),
        child("C", date(2011, 1, 1), date(2024, 6, 1), None),
        child("D", date(2020, 9, 1), date(2025, 9, 1), None),
        child("E", date(2015, 3, 1), date(2025, 3, 1), None),
    ];
    let placements = vec![
        placement(
            "A",
            away(),
            IFA,
            (date(2024, 1, 1), Some(date(2025, 8, 1))),
            70_000,
        ),
        placement("A", fc1(), IN_HOUSE, (date(2025, 8, 1), None), 46_200),
        placement(
            "B",
            away(),
            IFA,
            (date(2024, 1, 1), Some(date(2025, 8, 16))),
            70_000,
        ),
        placement("C", away(), PRIVATE_HOME, (date(2024, 6, 1), None), 609_700),
        placement("D", fc1(), IN_HOUSE, (date(2025, 9, 1), None), 46_200),
        placement("E", away(), IFA, (date(2025, 3, 1), None), 70_000),
    ];
    let carer = Carer {
        id: "FC1".into(),
        name: "Household FC1".into(),
        sector: CarerSector::InHouse,
        agency: None,
        approved_places: 2,
        age_min: 0,
        age_max: 17,
        takes_siblings: false,
        specialisms: Vec::new(),
        postcode: None,
        location: None,
        weekly_cost: Pence(46_200),
        status: CarerStatus::Active,
        approval_date: date(2020, 1, 1),
        ended_on: None,
    };
    CountyData::new(
        Settings::default(),
        children,
        vec![carer],
        Vec::new(),
        placements,
        Vec::new(),
    )
}

/// Projected (baseline A, B, E in IFA, C residential; rates 0; 1/6 IFA
/// entrant a month; IFA £700 = mean of three, residential £6,097):
///  Jul (31 days): IFA 3 + 1/6 = 19/6, residential 1, total 25/6;
///    spend round(19/6 × 70,000 × 31 / 7) = round(981,666.7) = 981,667
///    plus 87,100 × 31 = 2,700,100 → 3,681,767.
///  Aug (31): IFA 10/3, total 13/3; round(1,033,333.3) = 1,033,333
///    plus 2,700,100 → 3,733,433.
///  Sep (30): IFA 3.5, total 4.5; 1,050,000 + 2,613,000 → 3,663,000.
/// Actual at the month ends (31/7, 31/8, 30/9):
///  Jul: IFA A, B, E; residential C → 4.
///  Aug: A in-house, B gone (16/8), C, E → in-house 1, IFA 1, res 1 → 3.
///  Sep: A and D in-house, E IFA, C → 4.
/// Actual spend (weekly × days ÷ 7):
///  Jul: 3 × 10,000 × 31 + 87,100 × 31 = 930,000 + 2,700,100 = 3,630,100.
///  Aug: A in-house 6,600 × 31 = 204,600; B IFA 1–15 Aug 15 × 10,000 =
///    150,000; E 310,000; C 2,700,100 → 3,364,700.
///  Sep: A, D 2 × 6,600 × 30 = 396,000; E 300,000; C 2,613,000 → 3,309,000.
/// Children errors 1/6, 4/3, 1/2 → mean 2/3; % errors 1/24 × 100 = 4.1667,
/// 4/9 × 100 = 44.444, 12.5 → MAPE (75 + 800 + 225)/18/3 = 550/27 = 20.370.
/// Spend errors 51,667; 368,733; 354,000 → mean 258,133.3 → 258,133p.
#[test]
fn backtest_matches_the_hand_worked_history() {
    let data = history();
    let b = backtest(&data, date(2025, 7, 1), 3, 6);
    assert_eq!(b.baseline.monthly_entries, 1.0 / 6.0);
    assert_eq!(b.baseline.exit_rate(C::IfaFostering), 0.0);
    assert_eq!(b.rows.len(), 3);
    let ends: Vec<Date> = b.rows.iter().map(|r| r.month_end).collect();
    assert_eq!(
        ends,
        vec![date(2025, 7, 31), date(2025, 8, 31), date(2025, 9, 30)]
    );
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let projected = [25.0 / 6.0, 13.0 / 3.0, 4.5];
    let actual = [4, 3, 4];
    let projected_spend = [3_681_767, 3_733_433, 3_663_000];
    let actual_spend = [3_630_100, 3_364_700, 3_309_000];
    for (i, r) in b.rows.iter().enumerate() {
        assert!(close(r.projected_total, projected[i]), "{i}: {r:?}");
        assert_eq!(r.actual_total, actual[i]);
        assert!(close(r.children_error, projected[i] - f64::from(actual[i])));
        assert_eq!(r.projected_spend, Pence(projected_spend[i]), "{i}");
        assert_eq!(r.actual_spend, Pence(actual_spend[i]), "{i}");
        assert_eq!(r.spend_error, Pence(projected_spend[i] - actual_spend[i]));
        let want = 100.0 * (projected_spend[i] - actual_spend[i]) as f64 / actual_spend[i] as f64;
        assert!(close(r.spend_pct_error.unwrap(), want));
    }
    let aug = &b.rows[1].actual_children;
    assert_eq!(
        (
            aug[&C::InHouseFostering],
            aug[&C::IfaFostering],
            aug[&C::ExternalResidential]
        ),
        (1, 1, 1)
    );
    assert_eq!(b.rows[2].actual_children[&C::InHouseFostering], 2);
    assert!(close(b.rows[1].children_pct_error.unwrap(), 400.0 / 9.0));
    assert!(close(b.children_mape.unwrap(), 550.0 / 27.0));
    assert!(close(b.children_mean_error, 2.0 / 3.0));
    assert_eq!(b.spend_mean_error, Pence(258_133));
    let spend_mape =
        (51_667.0 / 3_630_100.0 + 368_733.0 / 3_364_700.0 + 354_000.0 / 3_309_000.0) * 100.0 / 3.0;
    assert!(close(b.spend_mape.unwrap(), spend_mape));
}

/// The pieces on their own: a month-end count and a part-month cost.
/// 18 is the edge: a child born 1/8/2007 is 18 on 1/8/2025, so on 31/7 they
/// are counted and on 1/8 they are not, and their August costs nothing.
#[test]
fn actuals_stop_at_the_18th_birthday() {
    let data = CountyData::new(
        Settings::default(),
        vec![child("Y", date(2007, 8, 1), date(2020, 1, 1), None)],
        Vec::new(),
        Vec::new(),
        vec![placement(
            "Y",
            PlacementSetting::Elsewhere,
            IFA,
            (date(2020, 1, 1), None),
            70_000,
        )],
        Vec::new(),
    );
    assert_eq!(
        actual_children(&data, date(2025, 7, 31))[&C::IfaFostering],
        1
    );
    assert_eq!(
        actual_children(&data, date(2025, 8, 1))[&C::IfaFostering],
        0
    );
    // July: 31 days × 10,000p; August: none.
    assert_eq!(
        actual_spend(&data, date(2025, 7, 1), date(2025, 8, 1)),
        Pence(310_000)
    );
    assert_eq!(
        actual_spend(&data, date(2025, 8, 1), date(2025, 9, 1)),
        Pence::ZERO
    );
}

fn backtest_cli(db: &std::path::Path, extra: &[&str]) -> std::process::Output {
    planner()
        .args(["scenario", "backtest", "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn backtest_command_prints_every_month_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let args = ["--start", "2025-05-01", "--months", "6"];
    let out = backtest_cli(&db, &[&args[..], &["--format", "json"]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["month"], "2025-05");
    assert_eq!(rows[0]["month_end"], "2025-05-31");
    assert_eq!(rows[5]["month"], "2025-10");
    let mut abs_pct = 0.0;
    for r in rows {
        let actual = r["actual_total"].as_u64().unwrap();
        let by_category: u64 = r["actual_children"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(actual, by_category, "{r}");
        assert!(actual > 100, "the sample county has hundreds in care: {r}");
        let error = r["cost_error_pence"].as_i64().unwrap();
        assert_eq!(
            error,
            r["projected_cost_pence"].as_i64().unwrap() - r["actual_cost_pence"].as_i64().unwrap()
        );
        abs_pct += r["children_pct_error"].as_f64().unwrap().abs();
    }
    let s = &v["summary"];
    assert_eq!(s["months"], 6);
    assert_eq!(s["reference_months"], 24);
    // The summary's MAPE is the mean of the rows' (each rounded to 2 dp).
    assert!((s["children_mape"].as_f64().unwrap() - abs_pct / 6.0).abs() < 0.01);
    assert!(s["cost_mape"].as_f64().is_some());

    let out = backtest_cli(&db, &args);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("2025-")).count(),
        6,
        "{text}"
    );
    assert!(text.contains("Children: MAPE "), "{text}");

    let out = backtest_cli(&db, &[&args[..], &["--format", "csv"]].concat());
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count(), 7);
    assert!(csv.starts_with("month,month_end,projected_total,actual_total"));
}

#[test]
fn backtest_refuses_months_that_have_not_happened() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out = backtest_cli(&db, &["--start", "2100-01-01", "--months", "3"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("after today"), "{stderr}");
    let out = backtest_cli(&db, &["--start", "2025-01-01", "--months", "0"]);
    assert!(!out.status.success());
}

/// The young people of `data` whose care ended in `[from, to)` in the
/// month before their 18th birthday, counted from their periods of care.
fn left_in_month_before_18(data: &CountyData, from: Date, to: Date) -> usize {
    data.children
        .iter()
        .flat_map(|c| {
            let eighteen = c.date_of_birth.saturating_add(jiff::Span::new().years(18));
            let month_before = eighteen.saturating_sub(jiff::Span::new().months(1));
            c.earlier_periods
                .iter()
                .map(|p| p.ended)
                .chain(c.left_care)
                .filter(move |&l| l >= from && l < to && l >= month_before && l < eighteen)
        })
        .count()
}

#[test]
fn backtest_command_says_how_leavers_just_before_18_were_counted() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let data = placement_planner::store::Store::open(&db)
        .unwrap()
        .county_data()
        .unwrap();
    // Reference period: the 24 months before 1/5/2025.
    let n = left_in_month_before_18(&data, date(2023, 5, 1), date(2025, 5, 1));
    assert!(n > 1, "the sample has several such leavers: {n}");
    let args = ["--start", "2025-05-01", "--months", "6"];
    let out = backtest_cli(&db, &args);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let note = format!(
        "note: {n} young people left care in the month before their 18th birthday in the \
         reference period: counted as leaving at 18"
    );
    assert!(stderr.contains(&note), "{stderr}");

    let out = backtest_cli(&db, &[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|s| s.as_str().unwrap().starts_with(&note["note: ".len()..])),
        "{v}"
    );
}

/// `--entry-trend` goes with `--rolling`: there the check's JSON says so and
/// its months ahead are those of the check without it (the same starts);
/// without `--rolling` it, `--origins` and `--runs` are refused by name,
/// with nothing on standard output, rather than ignored.
#[test]
fn rolling_options_are_refused_without_rolling_and_the_trend_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let rolling = [
        "--rolling",
        "--origins",
        "3",
        "--months",
        "2",
        "--runs",
        "0",
    ];
    let flat = backtest_cli(&db, &[&rolling[..], &["--format", "json"]].concat());
    let trend = backtest_cli(
        &db,
        &[&rolling[..], &["--entry-trend", "--format", "json"]].concat(),
    );
    for out in [&flat, &trend] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let flat: serde_json::Value = serde_json::from_slice(&flat.stdout).unwrap();
    let trend: serde_json::Value = serde_json::from_slice(&trend.stdout).unwrap();
    assert_eq!(flat["entry_trend"], false);
    assert_eq!(trend["entry_trend"], true);
    assert_eq!(flat["origins"], trend["origins"]);
    assert_eq!(trend["origins"].as_array().unwrap().len(), 3);
    assert_eq!(trend["rows"].as_array().unwrap().len(), 2);
    assert!(
        trend["sentence"]
            .as_str()
            .unwrap()
            .contains("with entries following their fitted trend"),
        "{}",
        trend["sentence"]
    );
    for flag in [
        &["--origins", "3"][..],
        &["--runs", "5"],
        &["--entry-trend"],
    ] {
        let out = backtest_cli(
            &db,
            &[&["--start", "2025-05-01", "--months", "2"][..], flag].concat(),
        );
        assert!(!out.status.success());
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("{} goes with --rolling", flag[0])),
            "{err}"
        );
    }
}
