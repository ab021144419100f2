//! Exports for committees and the sufficiency statement. Pseudonymised by
//! default: no names, and child references replaced by stable pseudonyms.

pub mod minutes;
pub mod pdf;
pub mod placements;
pub mod pseudonym;
pub mod scenario;
