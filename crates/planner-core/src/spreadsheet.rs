//! Text that goes into CSV files a spreadsheet will open.

/// A cell a spreadsheet shows as text and never runs as a formula: text
/// starting `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
/// apostrophe, as OWASP advises against CSV injection. A child named
/// `=HYPERLINK("http://…","Click")` is written `'=HYPERLINK(…)`. Only for
/// text: a number column keeps its minus sign.
pub fn csv_text(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_plain_text_is_left_alone() {
        assert_eq!(csv_text("=1+2"), "'=1+2");
        assert_eq!(csv_text("+44 1296"), "'+44 1296");
        assert_eq!(csv_text("-Smith"), "'-Smith");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\t=1"), "'\t=1");
        assert_eq!(csv_text("\r=1"), "'\r=1");
        assert_eq!(csv_text("Alex Smith"), "Alex Smith");
        assert_eq!(csv_text("O'Neil = friend"), "O'Neil = friend");
        assert_eq!(csv_text(""), "");
    }
}
