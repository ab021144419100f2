//! The reports of the Reports view and `export`: the placement summary
//! (CSV and Excel), the sufficiency workbook and the committee summary PDF,
//! written from the sample county and read back — the workbooks with
//! calamine, the CSV with the csv crate, the PDF with `pdftotext` when it
//! is installed — and checked against the sufficiency report and against
//! counts worked out here from the records themselves.

mod common;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use common::{planner, sample_db};
use placement_planner::county::CountyData;
use placement_planner::export::committee::{committee_pdf, pct_text};
use placement_planner::export::pseudonym::{age_band, pseudonym};
use placement_planner::export::summary::xlsx_header;
use placement_planner::export::workbook::SHEETS;
use placement_planner::export::{
    default_file_name, write_report, write_report_from_data, ExportError, ReportKind,
};
use placement_planner::geography::entry_grid;
use placement_planner::model::{GridRef, PlacementCategory};
use placement_planner::sample::{generate, DEFAULT_SEED, SAMPLE_AS_AT};
use placement_planner::store::Store;
use placement_planner::sufficiency::{sufficiency, SufficiencyReport, BENCHMARKS};
use std::collections::HashMap;
use std::path::Path;

// ---------------------------------------------------------------- helpers

fn sample_store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.insert_county(&generate(DEFAULT_SEED)).unwrap();
    s
}

fn county() -> (CountyData, String) {
    let mut s = sample_store();
    let salt = s.pseudonym_salt().unwrap();
    (s.county_data().unwrap(), salt)
}

/// What the records say on the date, worked out here without the
/// library's measures: who is looked after, their open placement's
/// category and cost, and whether it is within 20 miles of home.
struct Independent {
    looked_after: Vec<String>,
    by_category: HashMap<PlacementCategory, usize>,
    weekly_pence: i64,
    within_20: usize,
}

fn grid(data: &CountyData, pc: Option<&placement_planner::model::Postcode>) -> Option<GridRef> {
    pc.and_then(|p| data.postcodes.get(p.as_str()))
        .and_then(entry_grid)
}

fn independent(data: &CountyData) -> Independent {
    let d = SAMPLE_AS_AT;
    let looked_after: Vec<String> = data
        .children
        .iter()
        .filter(|c| c.entered_care <= d && c.left_care.is_none_or(|l| l > d))
        .map(|c| c.id.clone())
        .collect();
    let mut by_category = HashMap::new();
    let mut weekly_pence = 0;
    let mut within_20 = 0;
    for p in &data.placements {
        let open = p.start <= d && p.end.is_none_or(|e| e > d);
        if !open || !looked_after.contains(&p.child_id) {
            continue;
        }
        *by_category.entry(p.category()).or_insert(0) += 1;
        // The sample's placements all carry their own cost.
        weekly_pence += p.weekly_cost.expect("a sample placement's own cost").0;
        let child = data.children.iter().find(|c| c.id == p.child_id).unwrap();
        let home = grid(data, child.home_postcode.as_ref());
        let placed = grid(data, data.placement_postcode(p));
        if let (Some(h), Some(q)) = (home, placed) {
            let de = f64::from(h.easting - q.easting);
            let dn = f64::from(h.northing - q.northing);
            let miles = ((de * de + dn * dn).sqrt() / 1000.0 / 1.6093 * 10.0).round() / 10.0;
            if miles <= 20.0 {
                within_20 += 1;
            }
        }
    }
    Independent {
        looked_after,
        by_category,
        weekly_pence,
        within_20,
    }
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names().to_vec()
}

/// The number format of the cell at (row, column), absolute.
fn number_format(path: &Path, name: &str, at: (u32, u32)) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let styles = wb.worksheet_style(name).unwrap();
    styles
        .get(at)
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
        .unwrap_or_default()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn float(c: &Data) -> f64 {
    match c {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn header(r: &Range<Data>) -> Vec<String> {
    r.rows().next().unwrap().iter().map(text).collect()
}

/// The row whose first cell is `label`.
fn row_of<'a>(r: &'a Range<Data>, label: &str) -> &'a [Data] {
    r.rows()
        .find(|row| text(&row[0]) == label)
        .unwrap_or_else(|| panic!("no row '{label}'"))
}

/// Whether the sheet's header row is frozen, read from the sheet's XML
/// with `unzip`; `None` (with a note) when unzip is not installed.
fn header_frozen(path: &Path, sheet_index: usize) -> Option<bool> {
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(path)
        .arg(format!("xl/worksheets/sheet{}.xml", sheet_index + 1))
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let xml = String::from_utf8_lossy(&o.stdout);
            Some(xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""))
        }
        _ => {
            println!("note: unzip is not installed; the frozen header was not checked");
            None
        }
    }
}

fn all_text(path: &Path) -> String {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut s = String::new();
    for name in wb.sheet_names().to_vec() {
        let r = wb.worksheet_range(&name).unwrap();
        for row in r.rows() {
            for c in row {
                s.push_str(&text(c));
                s.push('\t');
            }
            s.push('\n');
        }
    }
    s
}

// ---------------------------------------------------------------- the workbook

#[test]
fn the_workbook_holds_the_reports_figures_as_numbers() {
    let (data, salt) = county();
    let report = sufficiency(&data, SAMPLE_AS_AT);
    let ind = independent(&data);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(default_file_name(
        ReportKind::SufficiencyWorkbook,
        SAMPLE_AS_AT,
        false,
    ));
    assert!(path.ends_with("sufficiency-workbook-2026-11-01.xlsx"));
    let written = write_report_from_data(
        ReportKind::SufficiencyWorkbook,
        &path,
        &data,
        &salt,
        SAMPLE_AS_AT,
        false,
    )
    .unwrap();
    assert_eq!(written.path, path);
    assert_eq!(written.children, ind.looked_after.len());
    assert_eq!(sheet_names(&path), SHEETS);

    // Headline: counts as numbers, shares as fractions, benchmarks by year.
    let h = sheet(&path, "Headline");
    let head = header(&h);
    assert_eq!(
        head[..3],
        ["Measure", "Value", "Share of children looked after"]
    );
    assert_eq!(head[3], "England, 31 Mar 2015");
    assert_eq!(head[6], "England, 2024");
    assert_eq!(text(&row_of(&h, "Council")[1]), data.settings.council_name);
    match &row_of(&h, "As at")[1] {
        Data::DateTime(dt) => assert_eq!(dt.as_f64(), excel_serial(SAMPLE_AS_AT)),
        other => panic!("the as-at date is not a date: {other:?}"),
    }
    let n = ind.looked_after.len();
    assert_eq!(n, report.children_looked_after);
    assert_eq!(float(&row_of(&h, "Children looked after")[1]), n as f64);
    let within = row_of(&h, "Within 20 miles of home");
    assert_eq!(float(&within[1]), ind.within_20 as f64);
    assert_eq!(float(&within[1]), report.within_20_miles as f64);
    assert_eq!(float(&within[2]), report.within_20_miles_pct / 100.0);
    let share = (1000.0 * ind.within_20 as f64 / n as f64).round() / 10.0;
    assert!((float(&within[2]) - share / 100.0).abs() < 1e-12);
    assert_eq!(float(&within[3]), 0.77);
    assert_eq!(float(&within[6]), 0.78);
    let in_area = row_of(&h, "In the council's area");
    assert_eq!(float(&in_area[1]), report.in_area as f64);
    assert_eq!(float(&in_area[2]), report.in_area_pct / 100.0);
    assert_eq!(float(&in_area[4]), 0.65);
    assert_eq!(
        in_area[6],
        Data::Empty,
        "no in-area figure for England 2024"
    );
    let residential: usize = ind
        .by_category
        .iter()
        .filter(|(c, _)| c.is_residential())
        .map(|(_, k)| k)
        .sum();
    assert_eq!(
        float(&row_of(&h, "In residential care")[1]),
        residential as f64
    );
    let weekly = row_of(&h, "Weekly spend");
    assert_eq!(float(&weekly[1]), ind.weekly_pence as f64 / 100.0);
    assert_eq!(ind.weekly_pence, report.weekly_cost_pence);
    let weekly_row = h
        .rows()
        .position(|r| text(&r[0]) == "Weekly spend")
        .unwrap() as u32;
    assert_eq!(
        number_format(&path, "Headline", (weekly_row, 1)),
        "£#,##0.00"
    );
    let within_row = h
        .rows()
        .position(|r| text(&r[0]) == "Within 20 miles of home")
        .unwrap() as u32;
    assert_eq!(number_format(&path, "Headline", (within_row, 2)), "0.0%");
    assert_eq!(number_format(&path, "Headline", (within_row, 3)), "0.0%");

    // Benchmarks with their years and sources.
    let b = sheet(&path, "Benchmarks");
    assert_eq!(header(&b)[..3], ["Area", "Year", "Source"]);
    for (i, bench) in BENCHMARKS.iter().enumerate() {
        let row: Vec<String> = b.rows().nth(i + 1).unwrap().iter().map(text).collect();
        assert_eq!(row[..3], [bench.area, bench.year, bench.source]);
    }

    // DfE's six categories and "area not known" add up to everyone.
    let d = sheet(&path, "Distance categories");
    assert_eq!(header(&d)[..2], ["Category", "Children"]);
    let counts: Vec<f64> = d.rows().skip(1).take(7).map(|r| float(&r[1])).collect();
    assert_eq!(counts.iter().sum::<f64>(), n as f64);
    assert_eq!(
        float(&row_of(&d, "Inside boundary, 20 miles or less")[1]),
        report.inside_within_20 as f64
    );
    assert_eq!(
        float(&row_of(&d, "Outside boundary, over 20 miles")[1]),
        report.outside_over_20 as f64
    );

    // The mix: children and money per category, money as £ numbers.
    let m = sheet(&path, "Placement mix");
    assert_eq!(header(&m)[0], "Placement category");
    for line in &report.by_category {
        let row = row_of(&m, line.category.label());
        let expected = ind.by_category.get(&line.category).copied().unwrap_or(0);
        assert_eq!(float(&row[1]), expected as f64, "{}", line.category.label());
        assert_eq!(float(&row[5]), line.weekly_cost_pence as f64 / 100.0);
        assert_eq!(float(&row[6]), line.annual_cost_pence as f64 / 100.0);
    }
    let total = row_of(&m, "All children looked after");
    assert_eq!(float(&total[5]), ind.weekly_pence as f64 / 100.0);
    assert_eq!(float(&total[6]), (ind.weekly_pence * 52) as f64 / 100.0);
    assert_eq!(number_format(&path, "Placement mix", (1, 5)), "£#,##0.00");
    assert_eq!(number_format(&path, "Placement mix", (1, 6)), "£#,##0.00");

    // Supply.
    let v = sheet(&path, "In-house vacancies");
    assert_eq!(header(&v)[0], "Age band");
    for band in &report.supply.by_age_band {
        let row = row_of(&v, band.band);
        assert_eq!(float(&row[1]), band.households as f64);
        assert_eq!(float(&row[2]), f64::from(band.vacant_places));
        assert_eq!(float(&row[3]), band.children as f64);
    }
    assert_eq!(
        float(&row_of(&v, "All ages")[2]),
        f64::from(report.supply.in_house_vacant)
    );
    let r = sheet(&path, "Residential beds");
    assert_eq!(
        float(&row_of(&r, "In the council's area")[1]),
        f64::from(report.supply.residential_beds_in_area)
    );
    let beds: u32 = data
        .homes
        .iter()
        .filter(|h| h.closed_on.is_none_or(|c| c > SAMPLE_AS_AT))
        .map(|h| u32::from(h.registered_beds))
        .sum();
    assert_eq!(
        float(&row_of(&r, "All homes open on the date")[1]),
        f64::from(beds)
    );

    // Data quality: pseudonyms only.
    let q = sheet(&path, "Data quality");
    assert_eq!(
        header(&q),
        ["Child (pseudonym)", "Why the distance or area is not known"]
    );
    assert_eq!(q.rows().count() - 1, report.data_quality.len());
    assert!(!report.data_quality.is_empty(), "the sample has not-knowns");
    for (row, issue) in q.rows().skip(1).zip(&report.data_quality) {
        assert_eq!(text(&row[0]), pseudonym(&salt, &issue.child_id));
        assert_eq!(text(&row[1]), issue.reason);
    }
    let everything = all_text(&path);
    for c in &data.children {
        assert!(!everything.contains(&c.name), "{} leaked", c.name);
        assert!(
            !everything.contains(&format!("{}\t", c.id)),
            "{} leaked",
            c.id
        );
    }

    for (i, sheet) in SHEETS.iter().enumerate() {
        if let Some(frozen) = header_frozen(&path, i) {
            assert!(frozen, "sheet {sheet} has no frozen header");
        }
    }
}

/// The Excel serial number of `d` (days since 30 December 1899).
fn excel_serial(d: jiff::civil::Date) -> f64 {
    let span = d.since(jiff::civil::date(1899, 12, 30)).unwrap();
    f64::from(span.get_days())
}

#[test]
fn the_workbook_names_children_only_when_asked() {
    let mut store = sample_store();
    let dir = tempfile::tempdir().unwrap();
    let asked = dir.path().join("sufficiency.xlsx");
    let written = write_report(
        ReportKind::SufficiencyWorkbook,
        &asked,
        &mut store,
        SAMPLE_AS_AT,
        true,
    )
    .unwrap();
    assert_eq!(written.path, dir.path().join("sufficiency-WITH-NAMES.xlsx"));
    assert!(!asked.exists());
    let report = sufficiency(&store.county_data().unwrap(), SAMPLE_AS_AT);
    let data = store.county_data().unwrap();
    let q = sheet(&written.path, "Data quality");
    assert_eq!(header(&q)[..3], ["Child (pseudonym)", "Reference", "Name"]);
    for (row, issue) in q.rows().skip(1).zip(&report.data_quality) {
        let child = data
            .children
            .iter()
            .find(|c| c.id == issue.child_id)
            .unwrap();
        assert_eq!(text(&row[1]), child.id);
        assert_eq!(text(&row[2]), child.name);
    }
}

// ---------------------------------------------------------------- the placement summary

#[test]
fn the_summary_csv_round_trips_and_the_workbook_has_the_same_rows() {
    let (data, salt) = county();
    let ind = independent(&data);
    let facts = placement_planner::sufficiency::child_facts(&data, SAMPLE_AS_AT);
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("summary.csv");
    let xlsx_path = dir.path().join("summary.xlsx");
    for (kind, path) in [
        (ReportKind::PlacementSummaryCsv, &csv_path),
        (ReportKind::PlacementSummaryXlsx, &xlsx_path),
    ] {
        let w = write_report_from_data(kind, path, &data, &salt, SAMPLE_AS_AT, false).unwrap();
        assert_eq!(&w.path, path);
    }

    // The CSV, read back: one row per child looked after, every value as
    // the facts say.
    let text_csv = std::fs::read_to_string(&csv_path).unwrap();
    let mut rdr = csv::Reader::from_reader(text_csv.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head[0], "child");
    assert!(!head.contains(&"name".to_string()));
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), ind.looked_after.len());
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let mut weekly = 0i64;
    for (rec, f) in records.iter().zip(&facts) {
        assert_eq!(&rec[col("child")], pseudonym(&salt, &f.child_id));
        assert_eq!(&rec[col("age_band")], age_band(f.age));
        assert_eq!(
            &rec[col("category")],
            f.category.map_or("no placement", |c| c.label())
        );
        assert_eq!(&rec[col("provider_sector")], f.sector.label());
        assert_eq!(
            rec[col("distance_miles")].parse::<f64>().ok(),
            f.distance_miles
        );
        let yn = |v: Option<bool>| match v {
            Some(true) => "yes",
            Some(false) => "no",
            None => "not known",
        };
        assert_eq!(&rec[col("within_20_miles")], yn(f.within_20_miles));
        // Blank for a child with no placement on the date.
        let pence: Option<i64> = rec[col("weekly_cost_pence")].parse().ok();
        assert_eq!(pence, f.weekly_cost.and_then(|c| c.weekly).map(|w| w.0));
        let basis = if f.weekly_cost.is_some() {
            "own cost"
        } else {
            ""
        };
        assert_eq!(&rec[col("cost_basis")], basis);
        let pence = pence.unwrap_or(0);
        weekly += pence;
    }
    assert_eq!(weekly, ind.weekly_pence);
    let within = records
        .iter()
        .filter(|r| &r[col("within_20_miles")] == "yes")
        .count();
    assert_eq!(within, ind.within_20);

    // The workbook: the same rows, numbers as numbers.
    let ws = sheet(&xlsx_path, "Placements");
    assert_eq!(header(&ws), xlsx_header(false));
    let x = |name: &str| xlsx_header(false).iter().position(|h| *h == name).unwrap();
    let rows: Vec<&[Data]> = ws.rows().skip(1).collect();
    assert_eq!(rows.len(), records.len());
    for (row, rec) in rows.iter().zip(&records) {
        assert_eq!(text(&row[x("Child (pseudonym)")]), &rec[col("child")]);
        assert_eq!(text(&row[x("Age band")]), &rec[col("age_band")]);
        match rec[col("distance_miles")].parse::<f64>() {
            Ok(d) => assert_eq!(float(&row[x("Miles from home")]), d),
            Err(_) => assert_eq!(row[x("Miles from home")], Data::Empty),
        }
        let expected = match &rec[col("in_area")] {
            "yes" => "Yes",
            "no" => "No",
            _ => "Not known",
        };
        assert_eq!(text(&row[x("In area")]), expected);
        match rec[col("weekly_cost_pence")].parse::<f64>() {
            Ok(pence) => assert_eq!(float(&row[x("Weekly cost")]), pence / 100.0),
            // No placement on the date: no cost.
            Err(_) => assert_eq!(row[x("Weekly cost")], Data::Empty),
        }
        match &rec[col("home_easting")] {
            "" => assert_eq!(row[x("Home easting")], Data::Empty),
            e => assert_eq!(float(&row[x("Home easting")]).to_string(), e),
        }
    }
    let cost_col = x("Weekly cost") as u32;
    let miles_col = x("Miles from home") as u32;
    assert_eq!(
        number_format(&xlsx_path, "Placements", (1, cost_col)),
        "£#,##0.00"
    );
    let measured = rows
        .iter()
        .position(|r| matches!(r[miles_col as usize], Data::Float(_)))
        .unwrap() as u32;
    assert_eq!(
        number_format(&xlsx_path, "Placements", (measured + 1, miles_col)),
        "0.0"
    );
    if let Some(frozen) = header_frozen(&xlsx_path, 0) {
        assert!(frozen);
    }
    let about = sheet(&xlsx_path, "About");
    assert_eq!(
        float(&row_of(&about, "Children looked after")[1]),
        records.len() as f64
    );
    for path in [&csv_path, &xlsx_path] {
        let everything = if path == &csv_path {
            text_csv.clone()
        } else {
            all_text(path)
        };
        for c in &data.children {
            assert!(!everything.contains(&c.name), "{} leaked", c.name);
        }
        for id in &ind.looked_after {
            assert!(!everything.contains(&format!("{id},")), "{id} leaked");
            assert!(!everything.contains(&format!("{id}\t")), "{id} leaked");
        }
    }
}

#[test]
fn the_summary_with_names_adds_reference_and_name_and_says_so() {
    let (data, salt) = county();
    let dir = tempfile::tempdir().unwrap();
    let name = default_file_name(ReportKind::PlacementSummaryXlsx, SAMPLE_AS_AT, true);
    assert_eq!(name, "placement-summary-2026-11-01-WITH-NAMES.xlsx");
    let path = dir.path().join(&name);
    let w = write_report_from_data(
        ReportKind::PlacementSummaryXlsx,
        &path,
        &data,
        &salt,
        SAMPLE_AS_AT,
        true,
    )
    .unwrap();
    assert_eq!(w.path, path, "a name that says WITH-NAMES is kept");
    let ws = sheet(&path, "Placements");
    assert_eq!(header(&ws), xlsx_header(true));
    assert_eq!(header(&ws)[1..3], ["Reference", "Name"]);
    for row in ws.rows().skip(1) {
        let reference = text(&row[1]);
        let child = data.children.iter().find(|c| c.id == reference).unwrap();
        assert_eq!(text(&row[0]), pseudonym(&salt, &reference));
        assert_eq!(text(&row[2]), child.name);
    }

    let csv_path = dir.path().join("summary.csv");
    let w = write_report_from_data(
        ReportKind::PlacementSummaryCsv,
        &csv_path,
        &data,
        &salt,
        SAMPLE_AS_AT,
        true,
    )
    .unwrap();
    assert_eq!(w.path, dir.path().join("summary-WITH-NAMES.csv"));
    let text_csv = std::fs::read_to_string(&w.path).unwrap();
    let mut rdr = csv::Reader::from_reader(text_csv.as_bytes());
    let head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head[..4], ["child", "reference", "name", "age_band"]);
    assert_eq!(head.len(), 17);
    assert_eq!(head[15], "weekly_cost_pence");
    assert_eq!(head[16], "cost_basis");
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let child = data.children.iter().find(|c| c.id == rec[1]).unwrap();
        assert_eq!(&rec[2], child.name);
    }
}

// ---------------------------------------------------------------- the committee summary

/// The page count from the PDF's page tree (`/Count n`).
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Count ").expect("a page tree");
    text[at + 7..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}

/// The PDF's text by `pdftotext -layout`; `None` (with a note) when
/// poppler-utils is not installed.
fn pdf_text(path: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output();
    match out {
        Ok(o) if o.status.success() => Some(String::from_utf8_lossy(&o.stdout).into_owned()),
        Ok(o) => panic!(
            "pdftotext could not read the PDF: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(_) => {
            println!(
                "note: pdftotext (poppler-utils) is not installed; the PDF's text was not checked"
            );
            None
        }
    }
}

fn checks_committee_text(text: &str, report: &SufficiencyReport) {
    assert!(text.contains("01/11/2026"), "{text}");
    assert!(text.contains(&report.council_name), "{text}");
    for figure in [
        pct_text(report.within_20_miles_pct),
        pct_text(report.in_area_pct),
        pct_text(report.residential_pct),
        pct_text(report.in_house_pct),
        pct_text(report.ifa_pct),
    ] {
        assert!(text.contains(&figure), "{figure} missing from\n{text}");
    }
    // The benchmarks, with their years.
    assert!(text.contains("England, 31 Mar 2015"));
    assert!(text.contains("England, 2024"));
    assert!(text.contains("77%"));
    // The mix and spend.
    assert!(text.contains("Placement mix and spend"));
    assert!(text
        .contains(&placement_planner::model::Pence(report.weekly_cost_pence).to_pounds_string()));
    assert!(text.contains(&report.children_looked_after.to_string()));
    // The chart's titles.
    assert!(text.contains("Placed within 20 miles of home"));
}

#[test]
fn the_committee_summary_is_one_or_two_pages_with_the_date_and_figures() {
    let (data, salt) = county();
    let report = sufficiency(&data, SAMPLE_AS_AT);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(default_file_name(
        ReportKind::CommitteePdf,
        SAMPLE_AS_AT,
        false,
    ));
    assert!(path.ends_with("committee-summary-2026-11-01.pdf"));
    write_report_from_data(
        ReportKind::CommitteePdf,
        &path,
        &data,
        &salt,
        SAMPLE_AS_AT,
        false,
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(bytes, committee_pdf(&report).unwrap());
    let pages = page_count(&bytes);
    assert!((1..=2).contains(&pages), "{pages} pages");
    if let Some(text) = pdf_text(&path) {
        checks_committee_text(&text, &report);
        for c in &data.children {
            assert!(!text.contains(&c.name), "{} leaked", c.name);
        }
    }

    // Totals only: names are refused, not silently dropped.
    let e = write_report_from_data(
        ReportKind::CommitteePdf,
        &path,
        &data,
        &salt,
        SAMPLE_AS_AT,
        true,
    )
    .unwrap_err();
    assert!(matches!(e, ExportError::NamesNotOffered(_)), "{e}");
}

// ---------------------------------------------------------------- the command line

#[test]
fn export_summary_workbook_and_committee_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = sample_db(dir.path());
    let run = |args: &[&str]| {
        planner()
            .args(["export"])
            .args(args)
            .args(["--as-at", "2026-11-01", "--db"])
            .arg(&db)
            .output()
            .unwrap()
    };
    let p = |name: &str| dir.path().join(name).display().to_string();
    let store = Store::open(&db).unwrap();
    let data = store.county_data().unwrap();
    let report = sufficiency(&data, SAMPLE_AS_AT);

    let out = run(&["summary", "--out", &p("s.xlsx")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("pseudonymised"), "{stdout}");
    let ws = sheet(&dir.path().join("s.xlsx"), "Placements");
    assert_eq!(ws.rows().count() - 1, report.children_looked_after);

    let out = run(&["summary", "--out", &p("s.csv"), "--with-names"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dir.path().join("s.csv").exists());
    let named = std::fs::read_to_string(dir.path().join("s-WITH-NAMES.csv")).unwrap();
    assert!(named.starts_with("child,reference,name,"));
    assert!(String::from_utf8_lossy(&out.stdout).contains("s-WITH-NAMES.csv"));

    let out = run(&["summary", "--out", &p("s.pdf")]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(".csv or .xlsx"));

    let out = run(&["workbook", "--out", &p("w.xlsx")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let h = sheet(&dir.path().join("w.xlsx"), "Headline");
    assert_eq!(
        float(&row_of(&h, "Within 20 miles of home")[2]),
        report.within_20_miles_pct / 100.0
    );

    let out = run(&["committee", "--out", &p("c.pdf")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = dir.path().join("c.pdf");
    assert!(std::fs::read(&c).unwrap().starts_with(b"%PDF-"));
    if let Some(text) = pdf_text(&c) {
        checks_committee_text(&text, &report);
    }
    let out = run(&["committee", "--out", &p("c2.pdf"), "--with-names"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("never names children"));
    assert!(!dir.path().join("c2.pdf").exists());
}
