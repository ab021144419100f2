//! The committee summary: one or two A4 pages for a committee paper. The
//! council and the as-at date, the headline measures beside the published
//! benchmarks with their years, a bar chart of the share within 20 miles
//! and in the council's area against the benchmarks, DfE's distance
//! categories, the placement mix and spend, and supply. Totals only: no
//! child is named or identified.

use super::pdf::{render, Bar, BarChart, Line, TableRow, HEADING_HEIGHT, ROW_HEIGHT, TEXT_WIDTH};
use super::ExportError;
use crate::model::{format_uk_date, Pence, PlacementCategory};
use crate::sufficiency::{percent, DistanceCategory, SufficiencyReport, BENCHMARKS};
use std::path::Path;

fn row(cells: &[String], widths: &[f32], bold: bool) -> Line {
    Line::Row(TableRow {
        cells: cells.to_vec(),
        widths: widths.to_vec(),
        bold,
    })
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A share as the summary writes it: `54.3%`.
pub fn pct_text(pct: f64) -> String {
    format!("{pct:.1}%")
}

/// A benchmark as the summary writes it: `77%`, or `–` when the source
/// gives none.
fn bench_text(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.0}%"))
}

/// Children in foster care (in-house, IFA, kinship).
fn fostering(r: &SufficiencyReport) -> usize {
    r.by_category
        .iter()
        .filter(|l| l.category.is_fostering())
        .map(|l| l.children)
        .sum()
}

fn headline(r: &SufficiencyReport, lines: &mut Vec<Line>) {
    let n = r.children_looked_after;
    lines.push(Line::Heading(
        "Headline measures against benchmarks".to_string(),
    ));
    let widths = [160.0, 85.0, 85.0, 80.0, 85.0];
    lines.push(row(
        &strings(&["", "Within", "In the", "In foster", "In residential"]),
        &widths,
        true,
    ));
    lines.push(row(
        &strings(&["", "20 miles", "council's area", "care", "care"]),
        &widths,
        true,
    ));
    let fostering_pct = percent(fostering(r), n);
    lines.push(row(
        &[
            format!("This council, {}", format_uk_date(r.as_at)),
            pct_text(r.within_20_miles_pct),
            pct_text(r.in_area_pct),
            pct_text(fostering_pct),
            pct_text(r.residential_pct),
        ],
        &widths,
        true,
    ));
    for b in &BENCHMARKS {
        lines.push(row(
            &[
                format!("{}, {}", b.area, b.year),
                bench_text(b.within_20_miles_pct),
                bench_text(b.in_area_pct),
                bench_text(b.fostering_pct),
                bench_text(b.residential_pct),
            ],
            &widths,
            false,
        ));
    }
    lines.push(Line::Gap);
    lines.push(Line::Text(format!(
        "Of {n} children looked after, {} ({}) live within 20 miles of home and {} ({}) in the \
         council's area; {} ({}) are outside the area and over 20 miles away. {} ({}) are with \
         in-house foster carers and {} ({}) with IFA foster carers.",
        r.within_20_miles,
        pct_text(r.within_20_miles_pct),
        r.in_area,
        pct_text(r.in_area_pct),
        r.placements_at_distance,
        pct_text(percent(r.placements_at_distance, n)),
        count_of(r, PlacementCategory::InHouseFostering),
        pct_text(r.in_house_pct),
        count_of(r, PlacementCategory::IfaFostering),
        pct_text(r.ifa_pct),
    )));
    let sources: Vec<String> = BENCHMARKS
        .iter()
        .map(|b| format!("{}, {}: {}", b.area, b.year, b.source))
        .collect();
    lines.push(Line::Text(format!("Benchmarks: {}.", sources.join("; "))));
}

fn count_of(r: &SufficiencyReport, c: PlacementCategory) -> usize {
    r.by_category
        .iter()
        .find(|l| l.category == c)
        .map_or(0, |l| l.children)
}

/// The bar charts: the council's share within 20 miles, and in area,
/// above each benchmark that gives one.
pub fn charts(r: &SufficiencyReport) -> Vec<BarChart> {
    let own = format!("This council, {}", format_uk_date(r.as_at));
    let chart =
        |title: &str, own_pct: f64, of: fn(&crate::sufficiency::Benchmark) -> Option<f64>| {
            let mut bars = vec![Bar {
                label: own.clone(),
                value: own_pct,
                emphasis: true,
            }];
            bars.extend(BENCHMARKS.iter().filter_map(|b| {
                of(b).map(|v| Bar {
                    label: format!("{}, {}", b.area, b.year),
                    value: v,
                    emphasis: false,
                })
            }));
            BarChart {
                title: title.to_string(),
                bars,
                max: 100.0,
                unit: "%".to_string(),
            }
        };
    vec![
        chart(
            "Placed within 20 miles of home (% of children looked after)",
            r.within_20_miles_pct,
            |b| b.within_20_miles_pct,
        ),
        chart(
            "Placed in the council's area (% of children looked after)",
            r.in_area_pct,
            |b| b.in_area_pct,
        ),
    ]
}

/// Keeps a heading and `rows` table rows on one page.
fn keep(rows: usize) -> Line {
    Line::KeepTogether(HEADING_HEIGHT + rows as f32 * ROW_HEIGHT)
}

fn categories(r: &SufficiencyReport, lines: &mut Vec<Line>) {
    let n = r.children_looked_after;
    lines.push(keep(DistanceCategory::ALL.len() + 2));
    lines.push(Line::Heading(
        "Where children are placed (DfE's categories)".to_string(),
    ));
    let widths = [265.0, 80.0, 80.0];
    lines.push(row(&strings(&["", "Children", "Share"]), &widths, true));
    for c in DistanceCategory::ALL {
        lines.push(row(
            &[
                c.label().to_string(),
                r.count(c).to_string(),
                pct_text(percent(r.count(c), n)),
            ],
            &widths,
            false,
        ));
    }
    lines.push(row(
        &[
            "All children looked after".to_string(),
            n.to_string(),
            String::new(),
        ],
        &widths,
        true,
    ));
}

fn mix(r: &SufficiencyReport, lines: &mut Vec<Line>) {
    lines.push(keep(
        r.by_category.iter().filter(|l| l.children > 0).count() + 2 + r.spend_note().len(),
    ));
    lines.push(Line::Heading("Placement mix and spend".to_string()));
    let widths = [175.0, 60.0, 60.0, 90.0, 110.0];
    debug_assert!(widths.iter().sum::<f32>() <= TEXT_WIDTH);
    lines.push(row(
        &strings(&["", "Children", "Share", "Weekly", "Yearly (52 weeks)"]),
        &widths,
        true,
    ));
    for l in r.by_category.iter().filter(|l| l.children > 0) {
        lines.push(row(
            &[
                l.category.label().to_string(),
                l.children.to_string(),
                pct_text(l.share_pct),
                Pence(l.weekly_cost_pence).to_pounds_string(),
                Pence(l.annual_cost_pence).to_pounds_string(),
            ],
            &widths,
            false,
        ));
    }
    lines.push(row(
        &[
            "All children looked after".to_string(),
            r.children_looked_after.to_string(),
            String::new(),
            Pence(r.weekly_cost_pence).to_pounds_string(),
            Pence(r.annual_cost_pence).to_pounds_string(),
        ],
        &widths,
        true,
    ));
    for note in r.spend_note() {
        lines.push(Line::Text(note));
    }
}

/// The summary's lines, ready for [`render`].
pub fn committee_lines(r: &SufficiencyReport) -> Vec<Line> {
    let n = r.children_looked_after;
    let mut lines = vec![
        Line::Title("Children looked after: placements and sufficiency".to_string()),
        Line::Text(format!(
            "{}, as at {}",
            r.council_title()
                .unwrap_or_else(|| "No council set".to_string()),
            format_uk_date(r.as_at)
        )),
        Line::Text(
            "Totals only: no child is named or identified. Shares are of every child looked \
             after on the date, those whose distance or area is not known included."
                .to_string(),
        ),
    ];
    if let Some(w) = r.data_end_warning() {
        lines.push(Line::Text(w));
    }
    lines.push(Line::Gap);
    headline(r, &mut lines);
    lines.push(Line::Gap);
    for chart in charts(r) {
        lines.push(Line::Chart(chart));
    }
    lines.push(Line::Gap);
    mix(r, &mut lines);
    lines.push(Line::Gap);
    categories(r, &mut lines);
    let sp = &r.supply;
    lines.push(Line::Heading("Supply".to_string()));
    lines.push(Line::Text(format!(
        "In-house fostering: {} households with {} places, {} filled and {} vacant. \
         Residential beds on the register: {} in the council's area ({} vacant), {} outside it \
         ({} vacant).",
        sp.in_house_households,
        sp.in_house_places,
        sp.in_house_filled,
        sp.in_house_vacant,
        sp.residential_beds_in_area,
        sp.residential_vacant_in_area,
        sp.residential_beds_out_of_area,
        sp.residential_vacant_out_of_area,
    )));
    let unknown = r.data_quality.len();
    lines.push(Line::Text(format!(
        "Distance or area not known for {unknown} {} ({}); the sufficiency workbook lists \
         them with the reason.",
        if unknown == 1 { "child" } else { "children" },
        pct_text(percent(unknown, n)),
    )));
    if let Some(e) = &r.boundary_error {
        lines.push(Line::Text(format!(
            "The boundary in settings could not be read: {e}"
        )));
    }
    lines.push(Line::Text(
        "Distance as DfE measures it: straight-line miles between the home and placement \
         postcodes' grid references, to 1 dp; 20.0 counts as within 20 miles. Yearly spend is \
         the weekly spend on the date times 52."
            .to_string(),
    ));
    lines
}

/// The summary as PDF bytes.
pub fn committee_pdf(r: &SufficiencyReport) -> Result<Vec<u8>, ExportError> {
    render(&committee_lines(r))
}

/// Writes [`committee_pdf`] to `path`.
pub fn write_committee_pdf(path: &Path, r: &SufficiencyReport) -> Result<(), ExportError> {
    let bytes = committee_pdf(r)?;
    std::fs::write(path, bytes).map_err(|e| ExportError::write(path, e))
}
