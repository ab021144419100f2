//! What the Excel exports share: the header row, pounds from pence, and the
//! number formats, so every workbook writes money and dates the same way.

use crate::model::Pence;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Whole pounds: `£1,234`.
pub const MONEY_WHOLE: &str = "£#,##0";
/// Pounds and pence: `£1,234.56`.
pub const MONEY: &str = "£#,##0.00";
/// Dates as the council writes them.
pub const DATE: &str = "dd/mm/yyyy";
/// A share stored as a fraction, shown as a percentage to 1 dp.
pub const PERCENT: &str = "0.0%";
/// One decimal place (miles, expected children).
pub const ONE_DP: &str = "0.0";

/// Pence as pounds for a spreadsheet cell (pence ÷ 100), so sums keep the
/// pence.
pub fn pounds(p: Pence) -> f64 {
    p.0 as f64 / 100.0
}

/// The bold header format.
pub fn header_format() -> Format {
    Format::new().set_bold().set_text_wrap()
}

/// A header row in `format`, frozen so it stays on screen as the rows
/// scroll.
pub fn header(ws: &mut Worksheet, format: &Format, titles: &[&str]) -> Result<(), XlsxError> {
    for (col, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *t, format)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}
