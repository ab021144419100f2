//! Loading the county the measures work on: every record they need, read
//! in one go, or after a change only the tables it wrote. The measures
//! themselves (`sufficiency`) never touch the store; this is the store's
//! side of the arrow.

use super::{Store, StoreResult};
use crate::county::{CountyData, FreshTables, Tables};

impl Store {
    /// Reads everything the measures need: settings, children, carers,
    /// homes, placements, the postcode directory and the records' span.
    pub fn county_data(&self) -> StoreResult<CountyData> {
        let mut data = CountyData::new(
            self.settings()?,
            self.children()?,
            self.carers()?,
            self.homes()?,
            self.placements()?,
            self.postcodes()?,
        );
        data.records_run_to = self.records_run_to()?;
        data.records_start = self.records_start()?;
        Ok(data)
    }

    /// The county after a change that wrote only `touched` of its tables:
    /// those are read again, the rest taken from `before` (the county read
    /// before the change). The same as [`Store::county_data`] when
    /// `touched` names every table the change wrote.
    pub fn county_data_after(
        &self,
        before: &CountyData,
        touched: Tables,
    ) -> StoreResult<CountyData> {
        let fresh = FreshTables {
            settings: touched.settings.then(|| self.settings()).transpose()?,
            children: touched.children.then(|| self.children()).transpose()?,
            carers: touched.carers.then(|| self.carers()).transpose()?,
            homes: touched.homes.then(|| self.homes()).transpose()?,
            placements: touched.placements.then(|| self.placements()).transpose()?,
            postcodes: touched.postcodes.then(|| self.postcodes()).transpose()?,
        };
        let mut data = before.with_fresh(fresh);
        data.records_run_to = self.records_run_to()?;
        data.records_start = self.records_start()?;
        Ok(data)
    }
}
