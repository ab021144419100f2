//! Reports for the command line and scripts: the sufficiency measures as
//! text, JSON or CSV.

pub mod sufficiency;
