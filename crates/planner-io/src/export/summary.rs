//! The placement summary as a file: the rows of [`super::placements`] as
//! CSV or as an Excel workbook. Children by pseudonym; their reference and
//! name only when names are asked for.

use super::placements::{rows_csv, PlacementRow};
use super::xlsx::{self, pounds};
use super::ExportError;
use crate::model::format_uk_date;
use jiff::civil::Date;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The name of the workbook's sheet of children.
pub const SHEET: &str = "Placements";
/// The name of the sheet that says what the file is.
pub const ABOUT_SHEET: &str = "About";

/// The header of the children's sheet, in column order.
pub fn xlsx_header(with_names: bool) -> Vec<&'static str> {
    let mut h = vec!["Child (pseudonym)"];
    if with_names {
        h.extend(["Reference", "Name"]);
    }
    h.extend([
        "Age band",
        "Placement category",
        "Provider sector",
        "Home postcode district",
        "Home easting",
        "Home northing",
        "Placement postcode district",
        "Placement easting",
        "Placement northing",
        "Miles from home",
        "Within 20 miles",
        "In area",
        "Weekly cost",
        "Cost from",
    ]);
    h
}

/// `Yes`, `No` or `Not known`, as the workbook writes them.
pub fn yes_no_text(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not known",
    }
}

/// Writes the rows as CSV (see [`rows_csv`]).
pub fn write_summary_csv(
    path: &Path,
    rows: &[PlacementRow],
    with_names: bool,
) -> Result<(), ExportError> {
    std::fs::write(path, rows_csv(rows, with_names)).map_err(|e| ExportError::write(path, e))
}

fn children_sheet(ws: &mut Worksheet, rows: &[PlacementRow], with_names: bool) -> XlsxResult {
    let head = xlsx::header_format();
    let money = Format::new().set_num_format(xlsx::MONEY);
    let miles = Format::new().set_num_format(xlsx::ONE_DP);
    ws.set_name(SHEET)?;
    let titles = xlsx_header(with_names);
    xlsx::header(ws, &head, &titles)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        let mut col = 0u16;
        let text = |ws: &mut Worksheet, col: &mut u16, t: &str| -> XlsxResult {
            ws.write_string(row, *col, t)?;
            *col += 1;
            Ok(())
        };
        text(ws, &mut col, &r.child)?;
        if with_names {
            text(ws, &mut col, r.reference.as_deref().unwrap_or(""))?;
            text(ws, &mut col, r.name.as_deref().unwrap_or(""))?;
        }
        text(ws, &mut col, r.age_band)?;
        text(ws, &mut col, r.category)?;
        text(ws, &mut col, r.provider_sector)?;
        let grid = |ws: &mut Worksheet, col: &mut u16, v: Option<i32>| -> XlsxResult {
            if let Some(v) = v {
                ws.write_number(row, *col, f64::from(v))?;
            }
            *col += 1;
            Ok(())
        };
        text(ws, &mut col, &r.home_district)?;
        grid(ws, &mut col, r.home_easting)?;
        grid(ws, &mut col, r.home_northing)?;
        text(ws, &mut col, &r.placement_district)?;
        grid(ws, &mut col, r.placement_easting)?;
        grid(ws, &mut col, r.placement_northing)?;
        if let Some(d) = r.distance_miles {
            ws.write_number_with_format(row, col, d, &miles)?;
        }
        col += 1;
        text(ws, &mut col, yes_no_text(r.within_20_miles))?;
        text(ws, &mut col, yes_no_text(r.in_area))?;
        // Blank with no placement; "not known" for a placement with no cost.
        match r.weekly_cost.map(|c| c.weekly) {
            Some(Some(w)) => {
                ws.write_number_with_format(row, col, pounds(w), &money)?;
            }
            Some(None) => {
                ws.write_string(row, col, "not known")?;
            }
            None => {}
        }
        col += 1;
        text(
            ws,
            &mut col,
            &r.weekly_cost.map(|c| c.basis.label()).unwrap_or_default(),
        )?;
    }
    ws.set_row_height(0, 30)?;
    for (col, title) in titles.iter().enumerate() {
        let width = match *title {
            "Name" | "Placement category" => 26.0,
            "Child (pseudonym)" | "Provider sector" => 17.0,
            _ => 12.0,
        };
        ws.set_column_width(col as u16, width)?;
    }
    Ok(())
}

type XlsxResult = Result<(), XlsxError>;

fn about_sheet(
    ws: &mut Worksheet,
    rows: &[PlacementRow],
    with_names: bool,
    council: &str,
    as_at: Date,
    data_end_warning: Option<&str>,
) -> XlsxResult {
    let head = xlsx::header_format();
    let date = Format::new().set_num_format(xlsx::DATE);
    ws.set_name(ABOUT_SHEET)?;
    xlsx::header(ws, &head, &["Item", "Value"])?;
    ws.write_string(1, 0, "Council")?;
    ws.write_string(1, 1, council)?;
    ws.write_string(2, 0, "As at")?;
    ws.write_date_with_format(2, 1, as_at, &date)?;
    if let Some(w) = data_end_warning {
        ws.write_string(2, 2, w)?;
    }
    ws.write_string(3, 0, "Children looked after")?;
    ws.write_number(3, 1, rows.len() as f64)?;
    ws.write_string(4, 0, "Children")?;
    ws.write_string(
        4,
        1,
        if with_names {
            "CONTAINS NAMES: children by pseudonym, reference and name. Handle as confidential \
             children's data."
        } else {
            "Pseudonymised: children by a stable pseudonym from this database; no names or \
             references."
        },
    )?;
    ws.write_string(5, 0, "Distance")?;
    ws.write_string(
        5,
        1,
        "DfE's method: straight-line miles between the home and placement postcodes' grid \
         references, to 1 dp; 20.0 counts as within 20 miles; blank when not known.",
    )?;
    ws.write_string(6, 0, "Weekly cost")?;
    ws.write_string(
        6,
        1,
        "The placement's weekly cost on the date, in pounds: its own cost where one was \
         entered or imported from finance, else the council's rate for its category, else \
         the national figure (\"Cost from\" says which); \"not known\" when there is none.",
    )?;
    ws.write_string(7, 0, "Written")?;
    ws.write_string(
        7,
        1,
        format!("by placement-planner, as at {}", format_uk_date(as_at)),
    )?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 100)?;
    Ok(())
}

/// Writes the rows as a workbook: the sheet "Placements" (header bold and
/// frozen; the pseudonym, then reference and name when `with_names`, age
/// band, category, sector, postcode districts, grid references as numbers,
/// miles as a number to 1 dp (blank when not known), within 20 miles and in
/// area as `Yes`, `No` or `Not known`, the weekly cost in pounds formatted
/// `£#,##0.00`), and "About" (council, as-at date, count, what the columns
/// mean and whether names are in it).
/// Writes the placement summary workbook; `data_end_warning` (the records
/// end before `as_at`) goes beside the date on the About sheet.
pub fn write_summary_xlsx(
    path: &Path,
    rows: &[PlacementRow],
    with_names: bool,
    council: &str,
    as_at: Date,
    data_end_warning: Option<&str>,
) -> Result<(), ExportError> {
    let build = || -> XlsxResult {
        let mut wb = Workbook::new();
        children_sheet(wb.add_worksheet(), rows, with_names)?;
        about_sheet(
            wb.add_worksheet(),
            rows,
            with_names,
            council,
            as_at,
            data_end_warning,
        )?;
        wb.save(path)
    };
    build().map_err(|e| ExportError::write(path, e))
}
