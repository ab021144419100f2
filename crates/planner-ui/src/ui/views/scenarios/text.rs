//! Numbers and months in words, as the Scenarios view writes them (money
//! on the charts is `charts::short_money`).

use jiff::civil::Date;

/// A difference with its sign, to `decimals` places; "±0" when it rounds
/// to nothing (never "-0").
pub fn signed(x: f64, decimals: usize) -> String {
    let text = format!("{:+.*}", decimals, x);
    if text[1..].chars().all(|c| c == '0' || c == '.') {
        format!("±{}", &text[1..])
    } else {
        text
    }
}

/// A count with thousands separated: "5,000".
pub(super) fn group(n: u64) -> String {
    crate::model::money::group_thousands(n)
}

/// A month as "Mar 2031".
pub(super) fn month_text(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {}", MONTHS[(d.month() - 1) as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_carry_their_sign_and_zero_has_none() {
        assert_eq!(signed(-0.2, 0), "±0");
        assert_eq!(signed(0.04, 1), "±0.0");
        assert_eq!(signed(-0.06, 1), "-0.1");
        assert_eq!(signed(12.5, 0), "+12");
        assert_eq!(signed(-3.0, 0), "-3");
    }
}
