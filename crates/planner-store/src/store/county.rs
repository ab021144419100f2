//! Loading the county the measures work on: every record they need, read
//! in one go. The measures themselves (`sufficiency`) never touch the
//! store; this is the store's side of the arrow.

use super::{Store, StoreResult};
use crate::county::CountyData;

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
}
