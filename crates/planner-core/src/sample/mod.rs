//! The synthetic sample county: a deterministic (seeded) generator of a
//! realistic county modelled on the figures in `shared/domain.md`, and the
//! CSV / GeoJSON files it writes under `sample_data/`.
//!
//! No real people: names are drawn from lists of common first names and
//! surnames; postcodes are postcode-like codes placed around real towns.

mod generate;
mod referrals;
mod write;

pub use generate::generate;
pub use write::{write_files, write_to_dir, SAMPLE_FILES};

use crate::model::{Carer, Child, Home, Placement, PostcodeEntry, Referral, Settings};
use jiff::civil::Date;

/// The seed the committed `sample_data/` was generated with.
pub const DEFAULT_SEED: u64 = 2016;

/// The date the sample's history runs up to: placements open on this date
/// are the "current" ones.
pub const SAMPLE_AS_AT: Date = jiff::civil::date(2026, 11, 1);

/// Everything the generator makes, ready for the store.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleCounty {
    pub settings: Settings,
    pub postcodes: Vec<PostcodeEntry>,
    pub children: Vec<Child>,
    pub carers: Vec<Carer>,
    pub homes: Vec<Home>,
    pub placements: Vec<Placement>,
    /// Panel referrals for most of the children awaiting placement.
    pub referrals: Vec<Referral>,
}
