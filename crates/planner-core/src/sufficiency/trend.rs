//! The same measures month by month over the history, for trend charts.

use super::facts::lines;
use super::measures::percent;
use crate::costing::SpendSplit;
use crate::county::CountyData;
use crate::geography::AreaStatus;
use crate::model::PlacementCategory;
use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// The last day of the month.
    pub as_at: Date,
    pub children_looked_after: usize,
    pub within_20_miles_pct: f64,
    pub in_area_pct: f64,
    /// Known and estimated weekly costs.
    pub weekly_cost_pence: i64,
    /// Of which estimated from rates or national figures.
    pub estimated_cost_pence: i64,
    /// Placements open at the month end whose cost is not known.
    pub cost_not_known: usize,
    /// Children per category, in `PlacementCategory::ALL` order.
    pub by_category: Vec<usize>,
}

/// Month-end dates from the month of `from` to the month of `to`, the last
/// one capped at `to` itself.
pub fn month_ends(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut first = from.first_of_month();
    while first <= to {
        out.push(first.last_of_month().min(to));
        first = match first.checked_add(jiff::Span::new().months(1)) {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    out
}

/// The measures at each month end between `from` and `to`: each month
/// adds up its lines as they come, in one pass, without building them.
pub fn monthly_trend(data: &CountyData, from: Date, to: Date) -> Vec<TrendPoint> {
    month_ends(from, to)
        .into_iter()
        .map(|d| {
            let (mut n, mut within, mut inside) = (0usize, 0usize, 0usize);
            let mut spend = SpendSplit::default();
            let mut by_category = vec![0usize; PlacementCategory::ALL.len()];
            for line in lines(data, d) {
                n += 1;
                within += usize::from(line.within_20_miles == Some(true));
                inside += usize::from(line.area == AreaStatus::Inside);
                if let Some(c) = line.weekly_cost {
                    spend.add(c);
                }
                if let Some(cat) = line.category() {
                    by_category[cat.index()] += 1;
                }
            }
            TrendPoint {
                as_at: d,
                children_looked_after: n,
                within_20_miles_pct: percent(within, n),
                in_area_pct: percent(inside, n),
                weekly_cost_pence: spend.total().0,
                estimated_cost_pence: spend.estimated().0,
                cost_not_known: spend.not_known,
                by_category,
            }
        })
        .collect()
}
