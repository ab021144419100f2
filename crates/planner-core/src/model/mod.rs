//! Plain domain types: what a placement team records.
//!
//! Nothing here touches the database or the window; the store persists these
//! types and the views draw them.

pub mod audit;
pub mod carer;
pub mod category;
pub mod child;
pub mod codes;
pub mod date;
pub mod home;
pub mod money;
pub mod placement;
pub mod postcode;
pub mod referral;
pub mod return_year;
pub mod settings;
pub mod vacancy;
pub mod validation;

pub use carer::{Carer, CarerSector, CarerStatus, Specialism};
pub use category::{PlaceCode, PlacementCategory, ProviderCode};
pub use child::{Child, ChildStatus, Sex};
pub use date::{format_uk_date, parse_uk_date};
pub use home::{Home, HomeSector};
pub use money::Pence;
pub use placement::{FeeChange, Placement, PlacementSetting};
pub use postcode::{GridRef, Postcode, PostcodeEntry};
pub use referral::{Decision, DecisionOutcome, Referral, Urgency};
pub use return_year::CollectionYear;
pub use settings::{CostRate, RateChanges, Settings};
pub use validation::{FieldError, ValidationErrors};
