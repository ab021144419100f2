//! The sufficiency workbook: the measures of a [`SufficiencyReport`] as an
//! Excel workbook for the sufficiency statement, one sheet per table.
//! Numbers are numbers, shares are fractions formatted as percentages,
//! money is pounds formatted `£#,##0.00`, and every header row is frozen.

use super::pseudonym::pseudonym;
use super::xlsx::{self, pounds};
use super::ExportError;
use crate::county::CountyData;
use crate::model::{Pence, PlacementCategory};
use crate::sufficiency::{percent, DistanceCategory, SufficiencyReport, BENCHMARKS};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The sheets, in order.
pub const SHEETS: [&str; 8] = [
    "Headline",
    "Benchmarks",
    "Distance categories",
    "Placement mix",
    "In-house vacancies",
    "Residential beds",
    "Data quality",
    "About",
];

type XlsxResult = Result<(), XlsxError>;

struct Formats {
    header: Format,
    money: Format,
    percent: Format,
    date: Format,
    bold: Format,
    wrap: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: xlsx::header_format(),
            money: Format::new().set_num_format(xlsx::MONEY),
            percent: Format::new().set_num_format(xlsx::PERCENT),
            date: Format::new().set_num_format(xlsx::DATE),
            bold: Format::new().set_bold(),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// A benchmark column's title: `England, 31 Mar 2015`.
pub fn benchmark_title(b: &crate::sufficiency::Benchmark) -> String {
    format!("{}, {}", b.area, b.year)
}

/// A share in percent (as the report holds it) as the fraction a
/// percentage-formatted cell holds.
pub fn fraction(pct: f64) -> f64 {
    pct / 100.0
}

/// Children in foster care (in-house, IFA, kinship) and in residential
/// care, from the report's placement mix.
fn fostering_and_residential(r: &SufficiencyReport) -> (usize, usize) {
    let sum = |pred: fn(PlacementCategory) -> bool| -> usize {
        r.by_category
            .iter()
            .filter(|l| pred(l.category))
            .map(|l| l.children)
            .sum()
    };
    (
        sum(PlacementCategory::is_fostering),
        sum(PlacementCategory::is_residential),
    )
}

/// The headline rows: what, how many, the share, and which benchmark
/// figure sits beside it.
enum Figure {
    Count(
        usize,
        Option<f64>,
        fn(&crate::sufficiency::Benchmark) -> Option<f64>,
    ),
    Plain(usize),
    Money(Pence),
}

fn headline_sheet(ws: &mut Worksheet, f: &Formats, r: &SufficiencyReport) -> XlsxResult {
    ws.set_name(SHEETS[0])?;
    let mut titles: Vec<String> = vec![
        "Measure".into(),
        "Value".into(),
        "Share of children looked after".into(),
    ];
    titles.extend(BENCHMARKS.iter().map(benchmark_title));
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    xlsx::header(ws, &f.header, &refs)?;
    ws.write_string(1, 0, "Council")?;
    ws.write_string(1, 1, &r.council_name)?;
    ws.write_string(2, 0, "As at")?;
    ws.write_date_with_format(2, 1, r.as_at, &f.date)?;
    if let Some(w) = r.data_end_warning() {
        ws.write_string(2, 2, &w)?;
    }
    let n = r.children_looked_after;
    let outside = r.outside_within_20 + r.outside_over_20 + r.outside_unknown;
    let (fostering, residential) = fostering_and_residential(r);
    let none = |_: &crate::sufficiency::Benchmark| None;
    let children_in = |c: PlacementCategory| {
        r.by_category
            .iter()
            .find(|l| l.category == c)
            .map_or(0, |l| l.children)
    };
    let sp = &r.supply;
    let rows: Vec<(&str, Figure)> = vec![
        ("Children looked after", Figure::Plain(n)),
        (
            "Within 20 miles of home",
            Figure::Count(r.within_20_miles, Some(r.within_20_miles_pct), |b| {
                b.within_20_miles_pct
            }),
        ),
        (
            "In the council's area",
            Figure::Count(r.in_area, Some(r.in_area_pct), |b| b.in_area_pct),
        ),
        (
            "Outside the council's area",
            Figure::Count(outside, Some(r.out_of_area_pct), none),
        ),
        (
            "Outside the area and over 20 miles",
            Figure::Count(
                r.placements_at_distance,
                Some(percent(r.placements_at_distance, n)),
                none,
            ),
        ),
        (
            "In foster care (in-house, IFA, kinship)",
            Figure::Count(fostering, Some(percent(fostering, n)), |b| b.fostering_pct),
        ),
        (
            "In residential care",
            Figure::Count(residential, Some(r.residential_pct), |b| b.residential_pct),
        ),
        (
            "With in-house foster carers",
            Figure::Count(
                children_in(PlacementCategory::InHouseFostering),
                Some(r.in_house_pct),
                none,
            ),
        ),
        (
            "With IFA foster carers",
            Figure::Count(
                children_in(PlacementCategory::IfaFostering),
                Some(r.ifa_pct),
                none,
            ),
        ),
        (
            "Distance or area not known",
            Figure::Count(
                r.data_quality.len(),
                Some(percent(r.data_quality.len(), n)),
                none,
            ),
        ),
        ("Weekly spend", Figure::Money(Pence(r.weekly_cost_pence))),
        (
            "Yearly spend (52 weeks)",
            Figure::Money(Pence(r.annual_cost_pence)),
        ),
        (
            "Of the weekly spend, estimated from rates or national figures",
            Figure::Money(r.spend.estimated()),
        ),
        (
            "Placements whose cost is not known (not in the spend)",
            Figure::Plain(r.spend.not_known),
        ),
        (
            "In-house fostering households",
            Figure::Plain(sp.in_house_households),
        ),
        (
            "In-house places approved",
            Figure::Plain(sp.in_house_places as usize),
        ),
        (
            "In-house places filled",
            Figure::Plain(sp.in_house_filled as usize),
        ),
        (
            "In-house places vacant",
            Figure::Plain(sp.in_house_vacant as usize),
        ),
    ];
    let mut row = 3u32;
    for (label, figure) in rows {
        ws.write_string(row, 0, label)?;
        match figure {
            Figure::Plain(k) => {
                ws.write_number(row, 1, k as f64)?;
            }
            Figure::Money(p) => {
                ws.write_number_with_format(row, 1, pounds(p), &f.money)?;
            }
            Figure::Count(k, pct, bench) => {
                ws.write_number(row, 1, k as f64)?;
                if let Some(pct) = pct {
                    ws.write_number_with_format(row, 2, fraction(pct), &f.percent)?;
                }
                for (i, b) in BENCHMARKS.iter().enumerate() {
                    if let Some(v) = bench(b) {
                        ws.write_number_with_format(row, 3 + i as u16, fraction(v), &f.percent)?;
                    }
                }
            }
        }
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Notes", &f.bold)?;
    let notes = [
        "Shares are of every child looked after on the date, those whose distance or area is \
         not known included.",
        "Distance is DfE's: straight-line miles between the home and placement postcodes' grid \
         references, to 1 dp; 20.0 counts as within 20 miles. In area compares the placement \
         postcode's council (the county in two-tier areas) with this council.",
        "Yearly spend is the weekly spend on the date times 52.",
        "Benchmarks: each column says the area and the year; the sheet Benchmarks gives the \
         sources.",
    ];
    for note in notes {
        row += 1;
        ws.write_string(row, 0, note)?;
    }
    if let Some(e) = &r.boundary_error {
        row += 1;
        ws.write_string(
            row,
            0,
            format!("The boundary in settings could not be read: {e}"),
        )?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 16)?;
    for i in 0..BENCHMARKS.len() as u16 {
        ws.set_column_width(3 + i, 16)?;
    }
    Ok(())
}

fn benchmarks_sheet(ws: &mut Worksheet, f: &Formats) -> XlsxResult {
    ws.set_name(SHEETS[1])?;
    xlsx::header(
        ws,
        &f.header,
        &[
            "Area",
            "Year",
            "Source",
            "Within 20 miles",
            "In area",
            "In foster care",
            "In residential care",
        ],
    )?;
    for (i, b) in BENCHMARKS.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, b.area)?;
        ws.write_string(row, 1, b.year)?;
        ws.write_string_with_format(row, 2, b.source, &f.wrap)?;
        for (col, v) in [
            b.within_20_miles_pct,
            b.in_area_pct,
            b.fostering_pct,
            b.residential_pct,
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(v) = v {
                ws.write_number_with_format(row, 3 + col as u16, fraction(v), &f.percent)?;
            }
        }
    }
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 13)?;
    ws.set_column_width(2, 50)?;
    for col in 3..=6 {
        ws.set_column_width(col, 14)?;
    }
    Ok(())
}

fn distance_sheet(ws: &mut Worksheet, f: &Formats, r: &SufficiencyReport) -> XlsxResult {
    ws.set_name(SHEETS[2])?;
    xlsx::header(
        ws,
        &f.header,
        &["Category", "Children", "Share of children looked after"],
    )?;
    let n = r.children_looked_after;
    let mut row = 1u32;
    for c in DistanceCategory::ALL {
        ws.write_string(row, 0, c.label())?;
        ws.write_number(row, 1, r.count(c) as f64)?;
        ws.write_number_with_format(row, 2, fraction(percent(r.count(c), n)), &f.percent)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "All children looked after", &f.bold)?;
    ws.write_number_with_format(row, 1, n as f64, &f.bold)?;
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 12)?;
    ws.set_column_width(2, 16)?;
    Ok(())
}

fn mix_sheet(ws: &mut Worksheet, f: &Formats, r: &SufficiencyReport) -> XlsxResult {
    ws.set_name(SHEETS[3])?;
    xlsx::header(
        ws,
        &f.header,
        &[
            "Placement category",
            "Children",
            "Share of children looked after",
            "Within 20 miles",
            "In area",
            "Weekly cost",
            "Yearly cost (52 weeks)",
        ],
    )?;
    let mut row = 1u32;
    for line in &r.by_category {
        ws.write_string(row, 0, line.category.label())?;
        ws.write_number(row, 1, line.children as f64)?;
        ws.write_number_with_format(row, 2, fraction(line.share_pct), &f.percent)?;
        ws.write_number(row, 3, line.within_20_miles as f64)?;
        ws.write_number(row, 4, line.in_area as f64)?;
        ws.write_number_with_format(row, 5, pounds(Pence(line.weekly_cost_pence)), &f.money)?;
        ws.write_number_with_format(row, 6, pounds(Pence(line.annual_cost_pence)), &f.money)?;
        row += 1;
    }
    let placed: usize = r.by_category.iter().map(|l| l.children).sum();
    let unplaced = r.children_looked_after - placed.min(r.children_looked_after);
    ws.write_string(row, 0, "No placement on the date")?;
    ws.write_number(row, 1, unplaced as f64)?;
    ws.write_number_with_format(
        row,
        2,
        fraction(percent(unplaced, r.children_looked_after)),
        &f.percent,
    )?;
    row += 1;
    ws.write_string_with_format(row, 0, "All children looked after", &f.bold)?;
    ws.write_number_with_format(row, 1, r.children_looked_after as f64, &f.bold)?;
    ws.write_number(row, 3, r.within_20_miles as f64)?;
    ws.write_number(row, 4, r.in_area as f64)?;
    ws.write_number_with_format(row, 5, pounds(Pence(r.weekly_cost_pence)), &f.money)?;
    ws.write_number_with_format(row, 6, pounds(Pence(r.annual_cost_pence)), &f.money)?;
    row += 2;
    for note in r.spend_note() {
        ws.write_string(row, 0, note)?;
        row += 1;
    }
    ws.set_row_height(0, 30)?;
    ws.set_column_width(0, 28)?;
    for col in 1..=4 {
        ws.set_column_width(col, 12)?;
    }
    ws.set_column_width(5, 14)?;
    ws.set_column_width(6, 16)?;
    Ok(())
}

fn vacancies_sheet(ws: &mut Worksheet, f: &Formats, r: &SufficiencyReport) -> XlsxResult {
    ws.set_name(SHEETS[4])?;
    xlsx::header(
        ws,
        &f.header,
        &[
            "Age band",
            "In-house households approved for the band",
            "Vacant in-house places open to the band",
            "Children of this age looked after",
        ],
    )?;
    let sp = &r.supply;
    let mut row = 1u32;
    for b in &sp.by_age_band {
        ws.write_string(row, 0, b.band)?;
        ws.write_number(row, 1, b.households as f64)?;
        ws.write_number(row, 2, f64::from(b.vacant_places))?;
        ws.write_number(row, 3, b.children as f64)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "All ages", &f.bold)?;
    ws.write_number_with_format(row, 1, sp.in_house_households as f64, &f.bold)?;
    ws.write_number_with_format(row, 2, f64::from(sp.in_house_vacant), &f.bold)?;
    ws.write_number_with_format(row, 3, r.children_looked_after as f64, &f.bold)?;
    ws.write_string(
        row + 2,
        0,
        "A household approved across bands counts in each of them, so the bands add up to \
         more than all ages.",
    )?;
    ws.set_row_height(0, 45)?;
    ws.set_column_width(0, 12)?;
    for col in 1..=3 {
        ws.set_column_width(col, 20)?;
    }
    Ok(())
}

fn residential_sheet(ws: &mut Worksheet, f: &Formats, r: &SufficiencyReport) -> XlsxResult {
    ws.set_name(SHEETS[5])?;
    xlsx::header(ws, &f.header, &["Where", "Beds", "Vacant beds"])?;
    let sp = &r.supply;
    ws.write_string(1, 0, "In the council's area")?;
    ws.write_number(1, 1, f64::from(sp.residential_beds_in_area))?;
    ws.write_number(1, 2, f64::from(sp.residential_vacant_in_area))?;
    ws.write_string(2, 0, "Outside the council's area")?;
    ws.write_number(2, 1, f64::from(sp.residential_beds_out_of_area))?;
    ws.write_number(2, 2, f64::from(sp.residential_vacant_out_of_area))?;
    ws.write_string(3, 0, "Area not known")?;
    ws.write_number(3, 1, f64::from(sp.residential_beds_area_unknown))?;
    ws.write_string(3, 2, "not counted")?;
    ws.write_string_with_format(4, 0, "All homes open on the date", &f.bold)?;
    ws.write_number_with_format(
        4,
        1,
        f64::from(
            sp.residential_beds_in_area
                + sp.residential_beds_out_of_area
                + sp.residential_beds_area_unknown,
        ),
        &f.bold,
    )?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 10)?;
    ws.set_column_width(2, 12)?;
    Ok(())
}

fn data_quality_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    data: &CountyData,
    r: &SufficiencyReport,
    salt: &str,
    with_names: bool,
) -> XlsxResult {
    ws.set_name(SHEETS[6])?;
    let mut titles = vec!["Child (pseudonym)"];
    if with_names {
        titles.extend(["Reference", "Name"]);
    }
    titles.push("Why the distance or area is not known");
    xlsx::header(ws, &f.header, &titles)?;
    for (i, d) in r.data_quality.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, pseudonym(salt, &d.child_id))?;
        let mut col = 1;
        if with_names {
            let name = data
                .children
                .iter()
                .find(|c| c.id == d.child_id)
                .map_or("", |c| c.name.as_str());
            ws.write_string(row, 1, &d.child_id)?;
            ws.write_string(row, 2, name)?;
            col = 3;
        }
        ws.write_string(row, col, &d.reason)?;
    }
    ws.set_column_width(0, 17)?;
    if with_names {
        ws.set_column_width(1, 12)?;
        ws.set_column_width(2, 26)?;
        ws.set_column_width(3, 70)?;
    } else {
        ws.set_column_width(1, 70)?;
    }
    Ok(())
}

fn about_sheet(
    ws: &mut Worksheet,
    f: &Formats,
    r: &SufficiencyReport,
    with_names: bool,
) -> XlsxResult {
    ws.set_name(SHEETS[7])?;
    xlsx::header(ws, &f.header, &["Item", "Value"])?;
    ws.write_string(1, 0, "Council")?;
    ws.write_string(1, 1, &r.council_name)?;
    ws.write_string(2, 0, "Council code")?;
    ws.write_string(2, 1, &r.council_code)?;
    ws.write_string(3, 0, "As at")?;
    ws.write_date_with_format(3, 1, r.as_at, &f.date)?;
    ws.write_string(4, 0, "Children")?;
    ws.write_string(
        4,
        1,
        if with_names {
            "CONTAINS NAMES: the data-quality sheet names children. Handle as confidential \
             children's data."
        } else {
            "Pseudonymised: children appear only on the data-quality sheet, by a stable \
             pseudonym from this database."
        },
    )?;
    ws.write_string(5, 0, "Written")?;
    ws.write_string(5, 1, "by placement-planner")?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}

/// Writes the sufficiency workbook for `report` (worked out from `data`)
/// to `path`: the sheets of [`SHEETS`]. "Headline" (council, as-at date,
/// children looked after, within 20 miles, in area, out of area, at a
/// distance, in foster care, in residential care, in-house, IFA, not
/// known, weekly and yearly spend, in-house places: count and share beside
/// each benchmark, one column per benchmark titled with its area and
/// year), "Benchmarks" (area, year, source, figures), "Distance
/// categories" (DfE's six and "placement area not known"), "Placement mix"
/// (children, share, within 20 miles, in area, weekly and yearly cost by
/// category), "In-house vacancies" (by age band), "Residential beds" (in
/// and out of area), "Data quality" (children whose distance or area is
/// not known, by pseudonym, with reference and name only when
/// `with_names`, and why) and "About".
pub fn write_sufficiency_workbook(
    path: &Path,
    data: &CountyData,
    report: &SufficiencyReport,
    salt: &str,
    with_names: bool,
) -> Result<(), ExportError> {
    let build = || -> XlsxResult {
        let f = Formats::new();
        let mut wb = Workbook::new();
        headline_sheet(wb.add_worksheet(), &f, report)?;
        benchmarks_sheet(wb.add_worksheet(), &f)?;
        distance_sheet(wb.add_worksheet(), &f, report)?;
        mix_sheet(wb.add_worksheet(), &f, report)?;
        vacancies_sheet(wb.add_worksheet(), &f, report)?;
        residential_sheet(wb.add_worksheet(), &f, report)?;
        data_quality_sheet(wb.add_worksheet(), &f, data, report, salt, with_names)?;
        about_sheet(wb.add_worksheet(), &f, report, with_names)?;
        wb.save(path)
    };
    build().map_err(|e| ExportError::write(path, e))
}
