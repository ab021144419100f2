//! Results as the command line prints them for people (text), programs
//! (JSON) and spreadsheets (CSV), in one place: the sufficiency measures, a
//! panel's candidates, a scenario's projection and a backtest.

pub mod backtest;
pub mod matching;
pub mod projection;
pub mod sufficiency;
