//! Cost rates and uplifts: set, removed, uplifted and copied forward to a
//! later year, checked before anything is written and written together.
//! The Costs screen's Save and the `rates` subcommands both come here.

use crate::store::SettingsStore;
use crate::{AppError, AppResult, Field};
use planner_core::costing::copy_rates_forward;
use planner_core::model::settings::{financial_year_label, RATE_YEARS, UPLIFT_PCT};
use planner_core::model::{CostRate, Pence, RateChanges};

fn check_rate(r: &CostRate) -> AppResult<()> {
    if !RATE_YEARS.contains(&r.financial_year) {
        return Err(AppError::Invalid {
            field: Field::FinancialYear,
            reason: format!(
                "{} is outside the years a rate can be for ({} to {})",
                r.financial_year,
                RATE_YEARS.start(),
                RATE_YEARS.end()
            ),
        });
    }
    if r.weekly_cost.0 <= 0 || r.weekly_cost > Pence::MAX_WEEKLY {
        return Err(AppError::Invalid {
            field: Field::WeeklyRate,
            reason: format!(
                "{} for {} {} is not a weekly rate: more than £0 and at most {}",
                r.weekly_cost.to_pounds_pence_string(),
                r.category.label(),
                financial_year_label(r.financial_year),
                Pence::MAX_WEEKLY.to_pounds_string()
            ),
        });
    }
    Ok(())
}

/// Checks every change, then writes them all in one transaction: a rate
/// must be for a year from 2000 to 2100 and more than £0 up to the weekly
/// maximum; an uplift from −50% to 100%; a rate removed must exist. If any
/// is refused nothing is written.
pub fn change_rates<S: SettingsStore + ?Sized>(
    store: &mut S,
    changes: &RateChanges,
) -> AppResult<()> {
    for r in &changes.put {
        check_rate(r)?;
    }
    for (category, pct) in &changes.uplifts {
        if let Some(p) = pct {
            if !p.is_finite() || !UPLIFT_PCT.contains(p) {
                return Err(AppError::Invalid {
                    field: Field::Uplift,
                    reason: format!(
                        "{p}% for {} is outside -50% to 100% a year",
                        category.label()
                    ),
                });
            }
        }
    }
    if !changes.delete.is_empty() {
        let settings = store.settings()?;
        for &(category, year) in &changes.delete {
            if settings.rate(category, year).is_none() {
                return Err(AppError::Refused(format!(
                    "there is no {} rate for {}",
                    financial_year_label(year),
                    category.label()
                )));
            }
        }
    }
    if changes.is_empty() {
        return Ok(());
    }
    store.change_rates(changes)?;
    Ok(())
}

/// Copies the rates of year `from` to year `to`, each uplifted by `uplift`
/// percent a year (its category's uplift when `None`), replacing any `to`
/// already has; returns the rates written. Refused when `from` has none.
pub fn copy_rates<S: SettingsStore + ?Sized>(
    store: &mut S,
    from: i32,
    to: i32,
    uplift: Option<f64>,
) -> AppResult<Vec<CostRate>> {
    let rates = copy_rates_forward(&store.settings()?, from, to, uplift);
    if rates.is_empty() {
        return Err(AppError::Refused(format!(
            "there are no {} rates to copy",
            financial_year_label(from)
        )));
    }
    change_rates(
        store,
        &RateChanges {
            put: rates.clone(),
            ..RateChanges::default()
        },
    )?;
    Ok(rates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use planner_core::model::{PlacementCategory as C, Settings};
    use planner_store::store::{Store, StoreResult};

    fn rate(category: C, year: i32, pence: i64) -> CostRate {
        CostRate {
            category,
            financial_year: year,
            weekly_cost: Pence(pence),
            source: "test".into(),
        }
    }

    /// A second store: settings held in memory, counting its writes. The
    /// operations run on it unchanged.
    #[derive(Default)]
    struct Memory {
        settings: Settings,
        writes: usize,
    }

    impl SettingsStore for Memory {
        fn settings(&self) -> StoreResult<Settings> {
            Ok(self.settings.clone())
        }
        fn save_settings(&mut self, settings: &Settings) -> StoreResult<()> {
            self.settings = settings.clone();
            self.writes += 1;
            Ok(())
        }
        fn change_rates(&mut self, changes: &RateChanges) -> StoreResult<usize> {
            let rates = &mut self.settings.cost_rates;
            for r in &changes.put {
                rates.retain(|s| (s.category, s.financial_year) != (r.category, r.financial_year));
                rates.push(r.clone());
            }
            let before = rates.len();
            rates.retain(|s| !changes.delete.contains(&(s.category, s.financial_year)));
            for &(c, pct) in &changes.uplifts {
                match pct {
                    Some(p) => self.settings.cost_uplift_pct.insert(c, p),
                    None => self.settings.cost_uplift_pct.remove(&c),
                };
            }
            self.writes += 1;
            Ok(before - rates.len())
        }
    }

    #[test]
    fn a_refused_change_writes_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        change_rates(
            &mut store,
            &RateChanges {
                put: vec![rate(C::IfaFostering, 2025, 100_000)],
                ..RateChanges::default()
            },
        )
        .unwrap();
        let before = store.settings().unwrap();

        // A good rate beside a £0 one: neither is written.
        let err = change_rates(
            &mut store,
            &RateChanges {
                put: vec![
                    rate(C::IfaFostering, 2026, 105_000),
                    rate(C::InHouseFostering, 2026, 0),
                ],
                ..RateChanges::default()
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            AppError::Invalid {
                field: Field::WeeklyRate,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "Weekly rate: £0.00 for In-house fostering 2026-27 is not a weekly rate: more than £0 \
             and at most £100,000"
        );
        // Removing a rate there is none of, beside a good rate.
        let err = change_rates(
            &mut store,
            &RateChanges {
                put: vec![rate(C::IfaFostering, 2026, 105_000)],
                delete: vec![(C::Secure, 2025)],
                ..RateChanges::default()
            },
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "there is no 2025-26 rate for Secure");
        // An uplift of 150%.
        let err = change_rates(
            &mut store,
            &RateChanges {
                put: vec![rate(C::IfaFostering, 2026, 105_000)],
                uplifts: vec![(C::IfaFostering, Some(150.0))],
                ..RateChanges::default()
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            AppError::Invalid {
                field: Field::Uplift,
                ..
            }
        ));
        // A year outside 2000 to 2100.
        assert!(matches!(
            change_rates(
                &mut store,
                &RateChanges {
                    put: vec![rate(C::IfaFostering, 2199, 105_000)],
                    ..RateChanges::default()
                },
            ),
            Err(AppError::Invalid {
                field: Field::FinancialYear,
                ..
            })
        ));
        assert_eq!(store.settings().unwrap(), before);
    }

    #[test]
    fn rates_removals_and_uplifts_are_written_together() {
        let mut store = Store::open_in_memory().unwrap();
        store
            .put_rates(&[
                rate(C::IfaFostering, 2025, 100_000),
                rate(C::Secure, 2025, 900_000),
            ])
            .unwrap();
        change_rates(
            &mut store,
            &RateChanges {
                put: vec![rate(C::IfaFostering, 2025, 110_000)],
                delete: vec![(C::Secure, 2025)],
                uplifts: vec![(C::IfaFostering, Some(2.5))],
            },
        )
        .unwrap();
        let s = store.settings().unwrap();
        assert_eq!(s.rate(C::IfaFostering, 2025), Some(Pence(110_000)));
        assert_eq!(s.rate(C::Secure, 2025), None);
        assert_eq!(s.cost_uplift_pct.get(&C::IfaFostering), Some(&2.5));
    }

    #[test]
    fn copying_uplifts_each_year_and_refuses_a_year_with_no_rates() {
        let mut store = Memory::default();
        change_rates(
            &mut store,
            &RateChanges {
                put: vec![rate(C::IfaFostering, 2025, 100_000)],
                uplifts: vec![(C::IfaFostering, Some(3.0))],
                ..RateChanges::default()
            },
        )
        .unwrap();
        assert_eq!(store.writes, 1);
        // £1,000.00 × 1.03² = £1,060.90, two years on at the category's 3%.
        let written = copy_rates(&mut store, 2025, 2027, None).unwrap();
        assert_eq!(written.len(), 1);
        assert_eq!(
            store.settings.rate(C::IfaFostering, 2027),
            Some(Pence(106_090))
        );
        // At 10% given for the copy: £1,100.00 one year on.
        copy_rates(&mut store, 2025, 2026, Some(10.0)).unwrap();
        assert_eq!(
            store.settings.rate(C::IfaFostering, 2026),
            Some(Pence(110_000))
        );
        assert_eq!(store.writes, 3);
        let err = copy_rates(&mut store, 2030, 2031, None).unwrap_err();
        assert_eq!(err.to_string(), "there are no 2030-31 rates to copy");
        assert_eq!(store.writes, 3);
    }
}
