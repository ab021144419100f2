//! Council settings and cost rates.

use super::error::{StoreError, StoreResult};
use super::Store;
use crate::model::{CostRate, Pence, PlacementCategory, RateChanges, Settings};
use rusqlite::{params, Connection, OptionalExtension};

/// Adds a rate, or changes the one its category and year already have.
const UPSERT_RATE: &str =
    "INSERT INTO cost_rates (category, financial_year, weekly_cost_pence, source)
     VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (category, financial_year) DO UPDATE
        SET weekly_cost_pence = excluded.weekly_cost_pence, source = excluded.source";

/// The settings key of a category's yearly uplift.
fn uplift_key(c: PlacementCategory) -> String {
    format!("cost_uplift.{}", c.code())
}

pub(super) fn save(conn: &Connection, s: &Settings) -> StoreResult<()> {
    let mut put = conn.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?;
    put.execute(params!["council_name", s.council_name])?;
    put.execute(params!["council_code", s.council_code])?;
    match &s.boundary_geojson {
        Some(b) => put.execute(params!["boundary_geojson", b])?,
        None => conn.execute("DELETE FROM settings WHERE key = 'boundary_geojson'", [])?,
    };
    for c in PlacementCategory::ALL.iter().copied() {
        let key = uplift_key(c);
        match s.cost_uplift_pct.get(&c) {
            Some(pct) if pct.is_finite() => put.execute(params![key, pct.to_string()])?,
            _ => conn.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
    }
    // Rates are added, changed or removed one by one (not all deleted and
    // written again), so the audit trail records only the rates that changed.
    let mut rate = conn.prepare(UPSERT_RATE)?;
    let mut keys = std::collections::HashSet::new();
    for r in &s.cost_rates {
        let key = format!("{}/{}", r.category.code(), r.financial_year);
        if !keys.insert(key) {
            return Err(StoreError::Constraint(
                "a cost rate for that category and year already exists".into(),
            ));
        }
        rate.execute(params![
            r.category.code(),
            r.financial_year,
            r.weekly_cost.0,
            r.source
        ])?;
    }
    let keep = serde_json::to_string(&keys.into_iter().collect::<Vec<_>>()).map_err(|source| {
        StoreError::Encode {
            what: "the rates to keep",
            source,
        }
    })?;
    conn.execute(
        "DELETE FROM cost_rates
          WHERE category || '/' || financial_year NOT IN (SELECT value FROM json_each(?1))",
        [keep],
    )?;
    Ok(())
}

impl Store {
    /// Adds or changes rates (one per category and year) in one
    /// transaction; other rates stay as they are.
    pub fn put_rates(&mut self, rates: &[CostRate]) -> StoreResult<()> {
        self.change_rates(&RateChanges {
            put: rates.to_vec(),
            ..RateChanges::default()
        })
        .map(drop)
    }

    /// Removes the rate for a category and year; `false` when there was none.
    /// Only for tests and benchmarks (the `testing` feature).
    #[cfg(any(test, feature = "testing"))]
    pub fn delete_rate(&mut self, category: PlacementCategory, year: i32) -> StoreResult<bool> {
        self.change_rates(&RateChanges {
            delete: vec![(category, year)],
            ..RateChanges::default()
        })
        .map(|deleted| deleted > 0)
    }

    /// Sets a category's yearly uplift in percent, or (`None`) goes back to
    /// the published figure.
    /// Only for tests and benchmarks (the `testing` feature).
    #[cfg(any(test, feature = "testing"))]
    pub fn set_uplift(&mut self, category: PlacementCategory, pct: Option<f64>) -> StoreResult<()> {
        self.change_rates(&RateChanges {
            uplifts: vec![(category, pct)],
            ..RateChanges::default()
        })
        .map(drop)
    }

    /// Writes rates, removals and uplifts in one transaction: all of them
    /// or none. Returns how many rates were removed.
    pub fn change_rates(&mut self, changes: &RateChanges) -> StoreResult<usize> {
        self.transaction(|tx| {
            let mut put = tx.prepare(UPSERT_RATE)?;
            for r in &changes.put {
                put.execute(params![
                    r.category.code(),
                    r.financial_year,
                    r.weekly_cost.0,
                    r.source
                ])?;
            }
            let mut deleted = 0;
            for (category, year) in &changes.delete {
                deleted += tx.execute(
                    "DELETE FROM cost_rates WHERE category = ?1 AND financial_year = ?2",
                    params![category.code(), year],
                )?;
            }
            for (category, pct) in &changes.uplifts {
                let key = uplift_key(*category);
                match pct.filter(|p| p.is_finite()) {
                    Some(p) => tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, p.to_string()],
                    )?,
                    None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
                };
            }
            Ok(deleted)
        })
    }

    pub fn settings(&self) -> StoreResult<Settings> {
        let get = |key: &str| -> StoreResult<Option<String>> {
            Ok(self
                .conn
                .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                    r.get(0)
                })
                .optional()?)
        };
        let mut stmt = self.conn.prepare(
            "SELECT category, financial_year, weekly_cost_pence, source FROM cost_rates
              ORDER BY category, financial_year",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i32>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut cost_rates = Vec::new();
        for row in rows {
            let (cat, year, pence, source) = row?;
            let category = PlacementCategory::parse(&cat)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown category '{cat}'")))?;
            cost_rates.push(CostRate {
                category,
                financial_year: year,
                weekly_cost: Pence(pence),
                source,
            });
        }
        let mut cost_uplift_pct = std::collections::BTreeMap::new();
        for c in PlacementCategory::ALL.iter().copied() {
            if let Some(text) = get(&uplift_key(c))? {
                let pct: f64 = text.trim().parse().map_err(|_| {
                    StoreError::Corrupt(format!(
                        "the yearly uplift for {} is '{text}', not a number",
                        c.label()
                    ))
                })?;
                cost_uplift_pct.insert(c, pct);
            }
        }
        Ok(Settings {
            council_name: get("council_name")?.unwrap_or_default(),
            council_code: get("council_code")?.unwrap_or_default(),
            boundary_geojson: get("boundary_geojson")?,
            cost_rates,
            cost_uplift_pct,
        })
    }

    /// The database's secret for export pseudonyms, made on first use.
    pub fn pseudonym_salt(&mut self) -> StoreResult<String> {
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'pseudonym_salt'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(s) = existing {
            return Ok(s);
        }
        let salt: String = {
            use rand::Rng;
            let mut rng = rand::rng();
            (0..32)
                .map(|_| format!("{:02x}", rng.random::<u8>()))
                .collect()
        };
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES ('pseudonym_salt', ?1)",
            [&salt],
        )?;
        Ok(salt)
    }

    pub fn save_settings(&mut self, s: &Settings) -> StoreResult<()> {
        self.transaction(|tx| save(tx, s))
    }
}
