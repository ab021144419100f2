//! `rates`: the council's rates table as text for the terminal.

use crate::costing::{national_figure, published_uplift_pct, RatesTable};
use crate::format::percent_text;
use crate::model::settings::financial_year_label;
use crate::model::PlacementCategory;
use std::fmt::Write;

/// The table as text for the terminal: rates in pounds, "-" where a year
/// has none; then the national figure and the uplift, the costing rule in
/// a sentence, and where the national figures and published uplifts come
/// from.
pub fn to_text(t: &RatesTable) -> String {
    let mut s = String::new();
    let _ = write!(s, "{:<26}", "category");
    for y in &t.years {
        let _ = write!(s, " {:>9}", financial_year_label(*y));
    }
    let _ = writeln!(s, "  {:>18}  {:>16}", "national figure", "uplift a year");
    for r in &t.rows {
        let _ = write!(s, "{:<26}", r.category.label());
        for rate in &r.rates {
            let text = rate
                .as_ref()
                .map_or("-".to_string(), |(p, _)| p.to_pounds_string());
            let _ = write!(s, " {text:>9}");
        }
        let national = r.national.map_or("none".to_string(), |f| {
            format!("{} ({})", f.weekly.to_pounds_string(), f.year)
        });
        let uplift = format!(
            "{}%{}",
            percent_text(r.uplift_pct),
            if r.uplift_set_by_council {
                ""
            } else {
                " (published)"
            }
        );
        let _ = writeln!(s, "  {national:>18}  {uplift:>16}");
    }
    let _ = writeln!(
        s,
        "\nA placement with no cost of its own is costed at the rate for its category \
         and year, else the nearest year's rate uplifted, else the national figure \
         uplifted, else it is not known."
    );
    let mut sources: Vec<&str> = PlacementCategory::ALL
        .iter()
        .filter_map(|&c| national_figure(c).map(|f| f.source))
        .collect();
    let mut seen = std::collections::HashSet::new();
    sources.retain(|s| seen.insert(*s));
    for src in sources {
        let _ = writeln!(s, "National figure: {src}.");
    }
    for c in [
        PlacementCategory::InHouseFostering,
        PlacementCategory::ExternalResidential,
    ] {
        let (pct, src) = published_uplift_pct(c);
        let _ = writeln!(
            s,
            "Published uplift for {}: {}% a year ({src}).",
            c.label().to_lowercase(),
            percent_text(pct)
        );
    }
    s
}
