//! Scenario exports (CSV and Excel) read back and checked against figures
//! worked out by hand, and the `scenario export` and `scenario list`
//! commands.
//!
//! The hand-worked scenario (as in `tests/scenario.rs`): start 1 April
//! 2026, one year. In-house: 3 places, 2 children aged 2, £462 a week
//! (6,600p a day). IFA: 4 newborn entrants a month, £819 a week (11,700p a
//! day). No exits. Levers: shift ½ of IFA entrants in-house when a place is
//! free, recruit 12 households a year with 1 place each (one a month), at a
//! one-off £10,000 each.
//!
//! Month i (0-based): places 4 + i. Month 0: free 2, shift 2 → in-house 4,
//! IFA 2. Month i ≥ 1: free 1, shift 1 → in-house 4 + i, IFA 2 + 3i.
//! Baseline (no council action): in-house 2, IFA 4(i + 1).
//! Scenario spend = days × (6,600(4 + i) + 11,700(2 + 3i))
//!                = days × (49,800 + 41,700i);
//! baseline spend = days × (13,200 + 46,800(i + 1)) = days × (60,000 + 46,800i).
//! April (i 0, 30 days): scenario 1,494,000p = £14,940.00; baseline
//! 1,800,000p = £18,000.00; investment £10,000; net −£6,940.00.
//! January 2027 (i 9, 31 days): in-house 13, IFA 29 → 425,100 × 31 =
//! 13,178,100p = £131,781.00; baseline in-house 2, IFA 40 → 481,200 × 31 =
//! 14,917,200p = £149,172.00; net 14,917,200 − 13,178,100 − 1,000,000 =
//! 739,100p; cumulative 164,300p = £1,643.00: payback, the first month back
//! at or above zero.
//! Year: Σ days = 365, Σ i × days = 2,002.
//! Scenario 49,800 × 365 + 41,700 × 2,002 = 101,660,400p = £1,016,604.00;
//! baseline 60,000 × 365 + 46,800 × 2,002 = 115,593,600p = £1,155,936.00;
//! investment 12 × £10,000 = £120,000; net 1,933,200p = £19,332.00.
//! March 2027 (i 11): scenario in-house 15 + IFA 35 = 50 children;
//! baseline 2 + 48 = 50.

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{planner, sample_db};
use jiff::civil::date;
use placement_planner::export::scenario::{
    scenario_csv, scenario_csv_header, write_scenario_file, write_scenario_xlsx,
    ScenarioExportFormat,
};
use placement_planner::model::{Pence, PlacementCategory as C};
use placement_planner::scenario::{
    project, Baseline, BaselineChild, CostSource, EntryShare, Levers, Projection, UnitCost,
};
use placement_planner::store::Store;
use std::path::Path;

// ---------------------------------------------------------------- helpers

fn baseline() -> Baseline {
    let empty = common::records::county_of(Vec::new(), Vec::new());
    Baseline {
        start: date(2026, 4, 1),
        reference_months: 12,
        children: (0..2)
            .map(|k| BaselineChild {
                child_id: format!("IH{k}"),
                category: C::InHouseFostering,
                age_months: 24,
            })
            .collect(),
        monthly_entries: 4.0,
        entry_mix: vec![EntryShare {
            category: C::IfaFostering,
            age_months: 0,
            share: 1.0,
        }],
        exit_rates: Default::default(),
        unit_costs: [(C::InHouseFostering, 46_200), (C::IfaFostering, 81_900)]
            .into_iter()
            .map(|(c, p)| {
                (
                    c,
                    UnitCost {
                        weekly: Pence(p),
                        source: CostSource::Missing,
                    },
                )
            })
            .collect(),
        in_house_places: 3,
        in_house_filled: 2,
        in_house_households: 2,
        move_cells: Vec::new(),
        move_counts: Vec::new(),
        year_to_year: None,
        leavers_in_month_before_18: 0,
        // Any field added later takes its empty county value.
        ..Baseline::from_data(&empty, date(2026, 4, 1), 12)
    }
}

fn levers() -> Levers {
    Levers {
        horizon_years: 1,
        shift_share: 0.5,
        recruit_households_per_year: 12.0,
        places_per_household: Some(1.0),
        one_off_cost_per_household_pence: 1_000_000,
        ..Levers::default()
    }
}

fn projection() -> Projection {
    let l = levers();
    assert_eq!(l.validate(), Ok(()));
    project(&baseline(), &l)
}

/// Cumulative net saving by month, in pence (worked in tests/scenario.rs).
const CUMULATIVE: [i64; 10] = [
    -694_000, -1_219_700, -1_607_700, -1_817_200, -1_868_600, -1_797_600, -1_532_800, -1_155_800,
    -574_800, 164_300,
];

/// Excel's serial day numbers: 1 January 2026 is 46,023.
const APR_2026: f64 = 46_023.0 + 31.0 + 28.0 + 31.0;
const JAN_2027: f64 = 46_023.0 + 365.0;

fn pence(text: &str) -> i64 {
    Pence::parse_pounds(text).unwrap().0
}

fn read_csv(text: &str) -> Vec<csv::StringRecord> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> calamine::Range<Data> {
    wb.worksheet_range(name).unwrap()
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn excel_date(d: &Data) -> f64 {
    match d {
        Data::DateTime(dt) => {
            assert!(dt.is_datetime(), "{dt:?}");
            dt.as_f64()
        }
        other => panic!("not a date: {other:?}"),
    }
}

/// The row whose first cell is `label`.
fn row_of(r: &calamine::Range<Data>, label: &str) -> u32 {
    (0..r.height() as u32)
        .find(|&i| cell(r, i, 0) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("no row '{label}'"))
}

fn number_format(styles: &calamine::StyleRange, row: u32, col: u32) -> String {
    styles
        .get((row, col))
        .and_then(|s| s.number_format.as_ref())
        .map(|n| n.format_code.clone())
        .unwrap_or_default()
}

fn is_bold(styles: &calamine::StyleRange, row: u32, col: u32) -> bool {
    styles
        .get((row, col))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold())
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_has_one_row_a_month_with_the_hand_worked_figures() {
    let p = projection();
    let name = "Recruit 12, \"shift\" half";
    let text = scenario_csv(name, &p);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, scenario_csv_header());
    assert_eq!(header.len(), 3 + 2 * C::ALL.len() + 10);
    let rows = read_csv(&text);
    assert_eq!(rows.len(), 12);
    let get = |i: usize, name: &str| rows[i][col(&header, name)].to_string();
    let month_names = [
        "01/04/2026",
        "01/05/2026",
        "01/06/2026",
        "01/07/2026",
        "01/08/2026",
        "01/09/2026",
        "01/10/2026",
        "01/11/2026",
        "01/12/2026",
        "01/01/2027",
        "01/02/2027",
        "01/03/2027",
    ];
    for (i, month) in month_names.iter().enumerate() {
        assert_eq!(get(i, "scenario"), name);
        assert_eq!(get(i, "month"), *month);
        assert_eq!(get(i, "financial_year"), "2026-27");
        assert_eq!(
            get(i, "in_house_fostering_children_scenario"),
            format!("{}.0", 4 + i)
        );
        let ifa = if i == 0 { 2 } else { 2 + 3 * i };
        assert_eq!(
            get(i, "ifa_fostering_children_scenario"),
            format!("{ifa}.0")
        );
        assert_eq!(get(i, "in_house_fostering_children_baseline"), "2.0");
        assert_eq!(
            get(i, "ifa_fostering_children_baseline"),
            format!("{}.0", 4 * (i + 1))
        );
        assert_eq!(get(i, "kinship_children_scenario"), "0.0");
        assert_eq!(get(i, "investment_gbp"), "10000.00");
    }
    // April.
    assert_eq!(get(0, "placement_spend_scenario_gbp"), "14940.00");
    assert_eq!(get(0, "placement_spend_baseline_gbp"), "18000.00");
    assert_eq!(get(0, "net_saving_gbp"), "-6940.00");
    assert_eq!(get(0, "cumulative_net_saving_gbp"), "-6940.00");
    // January 2027, the payback month.
    assert_eq!(get(9, "placement_spend_scenario_gbp"), "131781.00");
    assert_eq!(get(9, "placement_spend_baseline_gbp"), "149172.00");
    assert_eq!(get(9, "net_saving_gbp"), "7391.00");
    assert_eq!(get(9, "cumulative_net_saving_gbp"), "1643.00");
    for (i, want) in CUMULATIVE.iter().enumerate() {
        assert_eq!(pence(&get(i, "cumulative_net_saving_gbp")), *want, "{i}");
    }
    // March 2027: 50 children in both runs.
    assert_eq!(get(11, "total_children_scenario"), "50.0");
    assert_eq!(get(11, "total_children_baseline"), "50.0");
    // The year adds up, to the penny.
    let sum = |name: &str| -> i64 { (0..12).map(|i| pence(&get(i, name))).sum() };
    assert_eq!(sum("placement_spend_scenario_gbp"), 101_660_400);
    assert_eq!(sum("placement_spend_baseline_gbp"), 115_593_600);
    assert_eq!(sum("investment_gbp"), 12_000_000);
    assert_eq!(sum("net_saving_gbp"), 1_933_200);
    assert_eq!(pence(&get(11, "cumulative_net_saving_gbp")), 1_933_200);
    assert_eq!(sum("staying_put_spend_scenario_gbp"), 0);
}

// ---------------------------------------------------------------- XLSX

#[test]
fn workbook_has_four_sheets_of_numbers_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    let p = projection();
    write_scenario_xlsx(&path, "Recruit 12", &levers(), &baseline(), &p).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Summary", "Levers", "By financial year", "By month"]
    );

    // Summary.
    let s = sheet(&mut wb, "Summary");
    let value = |label: &str| cell(&s, row_of(&s, label), 1);
    assert_eq!(value("Scenario"), Data::String("Recruit 12".into()));
    assert_eq!(excel_date(&value("Start")), APR_2026);
    assert_eq!(excel_date(&value("Last month")), JAN_2027 + 31.0 + 28.0);
    assert_eq!(number(&value("Horizon (years)")), 1.0);
    assert_eq!(number(&value("Months projected")), 12.0);
    assert_eq!(number(&value("Reference period (months)")), 12.0);
    assert_eq!(number(&value("Placement spend, scenario")), 1_016_604.0);
    assert_eq!(number(&value("Placement spend, baseline")), 1_155_936.0);
    assert_eq!(number(&value("Investment")), 120_000.0);
    assert_eq!(number(&value("Net saving")), 19_332.0);
    assert_eq!(excel_date(&value("Payback month")), JAN_2027);
    let styles = wb.worksheet_style("Summary").unwrap();
    assert!(is_bold(&styles, 0, 0) && is_bold(&styles, 0, 1));
    assert!(!is_bold(&styles, 1, 0));
    assert_eq!(
        number_format(&styles, row_of(&s, "Net saving"), 1),
        "£#,##0"
    );
    assert_eq!(number_format(&styles, row_of(&s, "Start"), 1), "dd/mm/yyyy");

    // Levers, with the baseline beside.
    let l = sheet(&mut wb, "Levers");
    assert_eq!(cell(&l, 0, 3), Data::String("Baseline".into()));
    let lever = |label: &str| {
        let r = row_of(&l, label);
        (cell(&l, r, 1), cell(&l, r, 2), cell(&l, r, 3))
    };
    let (v, unit, base) = lever("Share of IFA entrants placed in-house when a place is free");
    assert_eq!(number(&v), 0.5);
    assert_eq!(unit, Data::String("share".into()));
    assert_eq!(base, Data::Empty);
    let (v, _, base) = lever("Mainstream in-house households recruited");
    assert_eq!((number(&v), number(&base)), (12.0, 3.0));
    let (_, _, base) = lever("Places per household");
    assert_eq!(number(&base), 1.5); // 3 places over 2 households
    let (v, _, base) = lever("Change in children entering care");
    assert_eq!((number(&v), number(&base)), (0.0, 4.0));
    let (v, _, base) = lever("Yearly price rise: IFA fostering");
    assert_eq!((number(&v), number(&base)), (0.0, 819.0));
    let (_, _, base) = lever("Yearly price rise: In-house fostering");
    assert_eq!(number(&base), 462.0);
    let (v, _, base) = lever("Exit rate change: IFA fostering");
    assert_eq!(v, Data::String("no change".into()));
    assert_eq!(number(&base), 0.0);
    let (v, _, _) = lever("One-off cost per recruited household");
    assert_eq!(number(&v), 10_000.0);
    let styles = wb.worksheet_style("Levers").unwrap();
    let r = row_of(&l, "Yearly price rise: IFA fostering");
    assert_eq!(number_format(&styles, r, 3), "£#,##0");
    assert_eq!(
        number_format(
            &styles,
            row_of(&l, "One-off cost per recruited household"),
            1
        ),
        "£#,##0"
    );
    assert!(is_bold(&styles, 0, 0));

    // By financial year: one whole year.
    let y = sheet(&mut wb, "By financial year");
    assert_eq!(y.height(), 2);
    assert_eq!(cell(&y, 1, 0), Data::String("2026-27".into()));
    let got: Vec<f64> = (1..=10).map(|c| number(&cell(&y, 1, c))).collect();
    assert_eq!(
        got,
        [
            12.0,
            50.0,
            50.0,
            1_016_604.0,
            1_155_936.0,
            0.0,
            0.0,
            120_000.0,
            19_332.0,
            19_332.0
        ]
    );
    let styles = wb.worksheet_style("By financial year").unwrap();
    assert!(is_bold(&styles, 0, 0));
    assert_eq!(number_format(&styles, 1, 4), "£#,##0");
    assert_eq!(number_format(&styles, 1, 2), "0.0");

    // By month: a date, then numbers only.
    let m = sheet(&mut wb, "By month");
    assert_eq!(m.height(), 13);
    let width = 2 + 2 * C::ALL.len() + 10;
    assert_eq!(m.width(), width);
    let header: Vec<String> = (0..width as u32)
        .map(|c| match cell(&m, 0, c) {
            Data::String(s) => s,
            other => panic!("header {c}: {other:?}"),
        })
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap() as u32;
    assert_eq!(excel_date(&cell(&m, 1, 0)), APR_2026);
    assert_eq!(excel_date(&cell(&m, 10, 0)), JAN_2027);
    for i in 0..12u32 {
        let row = i + 1;
        assert!(matches!(cell(&m, row, 0), Data::DateTime(_)));
        assert_eq!(cell(&m, row, 1), Data::String("2026-27".into()));
        for c in 2..width as u32 {
            assert!(
                matches!(cell(&m, row, c), Data::Float(_)),
                "row {row} column {c}: {:?}",
                cell(&m, row, c)
            );
        }
        assert_eq!(
            number(&cell(&m, row, at("In-house fostering, scenario"))),
            f64::from(4 + i)
        );
        assert_eq!(
            number(&cell(&m, row, at("IFA fostering, baseline"))),
            f64::from(4 * (i + 1))
        );
    }
    let spend = at("Placement spend, scenario");
    assert_eq!(number(&cell(&m, 1, spend)), 14_940.0);
    assert_eq!(number(&cell(&m, 10, spend)), 131_781.0);
    assert_eq!(
        number(&cell(&m, 10, at("Placement spend, baseline"))),
        149_172.0
    );
    let cumulative = at("Cumulative net saving");
    for (i, want) in CUMULATIVE.iter().enumerate() {
        let got = number(&cell(&m, i as u32 + 1, cumulative));
        assert!((got - *want as f64 / 100.0).abs() < 1e-9, "{i}: {got}");
    }
    let styles = wb.worksheet_style("By month").unwrap();
    assert!(is_bold(&styles, 0, 5));
    assert_eq!(number_format(&styles, 1, 0), "dd/mm/yyyy");
    assert_eq!(number_format(&styles, 1, spend), "£#,##0");
}

#[test]
fn no_payback_says_so() {
    // Default levers: nothing changes, never negative, so no payback.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nothing.xlsx");
    let l = Levers {
        horizon_years: 2,
        ..Levers::default()
    };
    let p = project(&baseline(), &l);
    assert_eq!(p.payback_month, None);
    write_scenario_xlsx(&path, "Nothing", &l, &baseline(), &p).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let s = sheet(&mut wb, "Summary");
    assert_eq!(
        cell(&s, row_of(&s, "Payback month"), 1),
        Data::String("none within the horizon".into())
    );
    assert_eq!(number(&cell(&s, row_of(&s, "Net saving"), 1)), 0.0);
    let y = sheet(&mut wb, "By financial year");
    assert_eq!(y.height(), 3); // 2026-27 and 2027-28
}

/// IFA priced at £910 a week (91,000p) in the scenario: the Levers sheet
/// shows £910 as the value beside the baseline's £819; in-house, not
/// overridden, shows the baseline's £462 on both sides. The map is not
/// also written as a raw "Unit costs" row.
#[test]
fn unit_cost_overrides_are_shown_beside_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("priced.xlsx");
    let l = Levers {
        unit_costs: [(C::IfaFostering, 91_000)].into_iter().collect(),
        ..levers()
    };
    let p = project(&baseline(), &l);
    write_scenario_xlsx(&path, "Priced", &l, &baseline(), &p).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = sheet(&mut wb, "Levers");
    let row = |label: &str| {
        let r = row_of(&sheet, label);
        (cell(&sheet, r, 1), cell(&sheet, r, 2), cell(&sheet, r, 3))
    };
    let (v, unit, base) = row("Weekly unit cost: IFA fostering");
    assert_eq!((number(&v), number(&base)), (910.0, 819.0));
    assert_eq!(
        unit,
        Data::String("a week, start-date prices (set in the scenario)".into())
    );
    let (v, unit, base) = row("Weekly unit cost: In-house fostering");
    assert_eq!((number(&v), number(&base)), (462.0, 462.0));
    assert_eq!(
        unit,
        Data::String("a week, start-date prices (the baseline's)".into())
    );
    assert!(
        (0..sheet.height() as u32).all(|i| cell(&sheet, i, 0) != Data::String("Unit costs".into()))
    );
}

#[test]
fn the_extension_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let p = projection();
    let csv_path = dir.path().join("a.CSV");
    let f = write_scenario_file(&csv_path, "A", &levers(), &baseline(), &p).unwrap();
    assert_eq!(f, ScenarioExportFormat::Csv);
    assert_eq!(
        std::fs::read_to_string(&csv_path).unwrap(),
        scenario_csv("A", &p)
    );
    let xlsx_path = dir.path().join("a.xlsx");
    let f = write_scenario_file(&xlsx_path, "A", &levers(), &baseline(), &p).unwrap();
    assert_eq!(f, ScenarioExportFormat::Xlsx);
    assert!(open_workbook::<Xlsx<_>, _>(&xlsx_path).is_ok());
    let txt = dir.path().join("a.txt");
    let e = write_scenario_file(&txt, "A", &levers(), &baseline(), &p).unwrap_err();
    assert!(e.to_string().contains(".csv or .xlsx"), "{e}");
    assert!(!txt.exists());
    let nowhere = dir.path().join("missing-folder").join("a.xlsx");
    let e = write_scenario_xlsx(&nowhere, "A", &levers(), &baseline(), &p).unwrap_err();
    assert!(e.to_string().starts_with("could not write"), "{e}");
}

// ---------------------------------------------------------------- command line

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/scenario-example.toml")
}

fn export(db: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    planner()
        .args(["scenario", "export", "--start", "01/04/2026", "--db"])
        .arg(db)
        .arg("--scenario")
        .arg(example())
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn export_command_writes_csv_and_xlsx_of_the_same_projection() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());

    // What the library makes of the same database and file.
    let text = std::fs::read_to_string(example()).unwrap();
    let levers = placement_planner::scenario::file::levers_from_toml(&text).unwrap();
    let store = Store::open(&db).unwrap();
    let data = store.county_data().unwrap();
    let b = Baseline::from_data(&data, date(2026, 4, 1), 24);
    let p = project(&b, &levers);
    drop(store);

    let csv_out = dir.path().join("example.csv");
    let out = export(&db, &csv_out, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("example.csv"), "{stdout}");
    let written = std::fs::read_to_string(&csv_out).unwrap();
    // The name defaults to the scenario file's name.
    assert_eq!(written, scenario_csv("scenario-example", &p));
    let rows = read_csv(&written);
    assert_eq!(rows.len(), 12 * levers.horizon_years as usize);
    assert_eq!(&rows[0][1], "01/04/2026");

    let xlsx_out = dir.path().join("example.xlsx");
    let out = export(
        &db,
        &xlsx_out,
        &["--name", "Committee plan", "--reference-months", "12"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let b12 = Baseline::from_data(&data, date(2026, 4, 1), 12);
    let p12 = project(&b12, &levers);
    let mut wb: Xlsx<_> = open_workbook(&xlsx_out).unwrap();
    let s = sheet(&mut wb, "Summary");
    let value = |label: &str| cell(&s, row_of(&s, label), 1);
    assert_eq!(value("Scenario"), Data::String("Committee plan".into()));
    assert_eq!(excel_date(&value("Start")), APR_2026);
    assert_eq!(number(&value("Reference period (months)")), 12.0);
    let net: i64 = p12.months.iter().map(|m| m.net_saving.0).sum();
    assert!((number(&value("Net saving")) - net as f64 / 100.0).abs() < 1e-6);
    let m = sheet(&mut wb, "By month");
    assert_eq!(m.height(), 1 + p12.months.len());
}

#[test]
fn export_command_refuses_other_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let out_path = dir.path().join("plan.txt");
    let out = export(&db, &out_path, &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".csv or .xlsx"), "{stderr}");
    assert!(!out_path.exists());
}

#[test]
fn list_command_shows_saved_scenarios() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let list = || {
        let out = planner()
            .args(["scenario", "list", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(list().contains("No saved scenarios"), "{}", list());
    {
        let mut store = Store::open(&db).unwrap();
        let data = store.county_data().unwrap();
        let b = Baseline::from_data(&data, date(2026, 4, 1), 24);
        for (name, years) in [("Zebra plan", 3), ("Aardvark plan", 5)] {
            let d = placement_planner::scenario::ScenarioDraft::for_baseline(
                name,
                "",
                Levers {
                    horizon_years: years,
                    ..Levers::default()
                },
                &b,
            );
            store.insert_scenario(&d).unwrap();
        }
    }
    let text = list();
    let lines: Vec<&str> = text.lines().collect();
    let a = lines
        .iter()
        .position(|l| l.contains("Aardvark plan"))
        .unwrap();
    let z = lines.iter().position(|l| l.contains("Zebra plan")).unwrap();
    assert!(a < z, "{text}");
    assert!(lines[a].contains("01/04/2026"), "{text}");
    assert!(lines[a].contains("5 years"), "{text}");
    assert!(lines[z].contains("3 years"), "{text}");
    let today = placement_planner::model::format_uk_date(placement_planner::model::date::today());
    assert!(lines[a].contains(&today), "{text}");
}

#[test]
fn the_levers_sheet_notes_a_lever_another_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    // Recruiting 12 households a year with nobody placed in-house.
    let recruit_only = Levers {
        shift_share: 0.0,
        ..levers()
    };
    let p = project(&baseline(), &recruit_only);
    write_scenario_xlsx(&path, "Recruit only", &recruit_only, &baseline(), &p).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let notes = |wb: &mut Xlsx<std::io::BufReader<std::fs::File>>| -> Vec<String> {
        let l = sheet(wb, "Levers");
        (0..l.height() as u32)
            .filter(|&i| cell(&l, i, 0) == Data::String("Note".into()))
            .map(|i| match cell(&l, i, 1) {
                Data::String(t) => t,
                other => panic!("{other:?}"),
            })
            .collect()
    };
    // The hand baseline has no history, which is noted too.
    let got = notes(&mut wb);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got[0].starts_with("No child left care before 18"),
        "{got:?}"
    );
    assert!(
        got[1].starts_with("New in-house places take no children"),
        "{got:?}"
    );
    // The scenario that places children in-house has only the baseline's.
    let path = dir.path().join("plan2.xlsx");
    write_scenario_xlsx(&path, "Recruit 12", &levers(), &baseline(), &projection()).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(notes(&mut wb).len(), 1);
}
