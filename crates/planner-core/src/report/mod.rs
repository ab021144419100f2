//! Results as the command line prints them for people (text), programs
//! (JSON) and spreadsheets (CSV), in one place: the sufficiency measures, a
//! panel's candidates, a scenario's projection, a backtest and the rolling
//! backtest, the council's rates table, and the audit trail.

pub mod audit;
pub mod backtest;
pub mod matching;
pub mod projection;
pub mod rates;
pub mod rolling;
pub mod sufficiency;
