//! The records the views draw, loaded from the store after every change
//! (never inside a frame's drawing), with the measures worked out once.
//!
//! `Records` derefs to the [`CountyData`] it holds, so views read
//! `records.children`, `records.carers` and so on directly.

use super::command::Touched;
use super::views::getting_started::SetupSteps;
use crate::county::CountyData;
use crate::matching::SupplyIndex;
use crate::model::vacancy::{carer_occupancy, home_occupancy, Occupancy};
use crate::model::Placement;
use crate::model::{Decision, Referral};
use crate::panel::{agenda, Agenda};
use crate::scenario::saved::SavedScenario;
use crate::store::{RecordCounts, Store, StoreResult};
use crate::sufficiency::{
    child_facts, monthly_trend, report_from_facts, ChildFacts, SufficiencyReport, TrendPoint,
};
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// Audit entries the window holds (the latest); the command line lists all.
const AUDIT_SHOWN: usize = 2_000;

/// How far back the trend charts reach.
const TREND_YEARS: i16 = 5;

pub struct Records {
    /// Shared, so a job (an export, a backtest) takes the county without
    /// copying it on the window's thread.
    pub data: Arc<CountyData>,
    pub counts: RecordCounts,
    /// The date "current" means everywhere in the window.
    pub as_at: Date,
    pub carer_occupancy: HashMap<String, Occupancy>,
    pub home_occupancy: HashMap<String, Occupancy>,
    /// Index into `placements` of each child's placement open on `as_at`.
    pub current_placement: HashMap<String, usize>,
    /// One line per child looked after on `as_at`.
    pub facts: Vec<ChildFacts>,
    pub report: SufficiencyReport,
    pub trend: Vec<TrendPoint>,
    pub referrals: Vec<Referral>,
    /// The panel's record, oldest first.
    pub decisions: Vec<Decision>,
    /// Carers and beds on `as_at`, indexed for matching.
    pub supply: SupplyIndex,
    /// The panel agenda for a meeting on `as_at`.
    pub agenda: Agenda,
    /// The latest entries of the audit trail, newest first.
    pub audit: Vec<crate::store::AuditEntry>,
    /// Saved what-if scenarios, by name.
    pub scenarios: Vec<SavedScenario>,
    /// What the getting-started page shows of each step.
    pub setup: SetupSteps,
    /// Bumped on every reload so views know to rebuild their rows.
    pub generation: u64,
}

impl Default for Records {
    fn default() -> Self {
        let as_at = crate::model::date::today();
        let data = CountyData::default();
        let report = report_from_facts(&data, as_at, &[]);
        Records {
            data: Arc::new(data),
            counts: RecordCounts::default(),
            as_at,
            carer_occupancy: HashMap::new(),
            home_occupancy: HashMap::new(),
            current_placement: HashMap::new(),
            facts: Vec::new(),
            report,
            trend: Vec::new(),
            referrals: Vec::new(),
            decisions: Vec::new(),
            supply: SupplyIndex::build(&CountyData::default(), as_at),
            agenda: Agenda::default(),
            scenarios: Vec::new(),
            audit: Vec::new(),
            setup: SetupSteps::default(),
            generation: 0,
        }
    }
}

impl std::ops::Deref for Records {
    type Target = CountyData;
    fn deref(&self) -> &CountyData {
        &self.data
    }
}

/// What the reading after a change may carry over: the records shown
/// before it and what the change touched (see [`Command::touches`]). An
/// edited carer's name reads the carers again and nothing else, and does
/// not recompute five years of monthly measures; a referral reads no
/// county table at all.
///
/// [`Command::touches`]: super::command::Command::touches
pub struct Reuse {
    /// The records shown before the change; `None`: read everything.
    pub previous: Option<Arc<Records>>,
    pub touched: Touched,
}

impl Default for Reuse {
    fn default() -> Self {
        Reuse {
            previous: None,
            touched: Touched::ALL,
        }
    }
}

impl Records {
    /// Reads everything and works every measure out.
    pub fn load(store: &Store, as_at: Date, generation: u64) -> StoreResult<Records> {
        Records::load_reusing(store, as_at, generation, Reuse::default())
    }

    /// As [`Records::load`], reading again only what `reuse.touched` names
    /// and working out again only what depends on it (or on the date, when
    /// it moved); the rest is taken from `reuse.previous`. The audit trail
    /// and the counts are always read again.
    pub fn load_reusing(
        store: &Store,
        as_at: Date,
        generation: u64,
        reuse: Reuse,
    ) -> StoreResult<Records> {
        let touched = reuse.touched;
        let previous = reuse.previous;
        let prev = previous.as_deref();
        let data = match prev {
            Some(p) if !touched.county.any() => Arc::clone(&p.data),
            Some(p) => Arc::new(store.county_data_after(&p.data, touched.county)?),
            None => Arc::new(store.county_data()?),
        };
        // The measures on the same day of the same county.
        let same = prev.filter(|p| p.as_at == as_at);
        let measures_stay = same.filter(|_| !touched.county.any());
        let (carer_occupancy, home_occupancy, current_placement, facts, report, supply) =
            match measures_stay {
                Some(p) => (
                    p.carer_occupancy.clone(),
                    p.home_occupancy.clone(),
                    p.current_placement.clone(),
                    p.facts.clone(),
                    p.report.clone(),
                    p.supply.clone(),
                ),
                None => {
                    let facts = child_facts(&data, as_at);
                    let report = report_from_facts(&data, as_at, &facts);
                    (
                        carer_occupancy(&data.carers, &data.placements, as_at),
                        home_occupancy(&data.homes, &data.placements, as_at),
                        data.placements
                            .iter()
                            .enumerate()
                            .filter(|(_, p)| p.is_open_on(as_at))
                            .map(|(i, p)| (p.child_id.clone(), i))
                            .collect(),
                        facts,
                        report,
                        SupplyIndex::build(&data, as_at),
                    )
                }
            };
        let trend = match same.filter(|_| !touched.trend) {
            Some(p) => p.trend.clone(),
            None => {
                let trend_from = as_at
                    .checked_sub(jiff::Span::new().years(TREND_YEARS))
                    .unwrap_or(as_at);
                monthly_trend(&data, trend_from, as_at)
            }
        };
        let (referrals, decisions) = match prev.filter(|_| !touched.panel) {
            Some(p) => (p.referrals.clone(), p.decisions.clone()),
            None => (store.referrals()?, store.decisions()?),
        };
        let agenda = match measures_stay.filter(|_| !touched.panel) {
            Some(p) => p.agenda.clone(),
            None => agenda(&data, &referrals, &decisions, as_at),
        };
        let scenarios = match prev.filter(|_| !touched.scenarios) {
            Some(p) => p.scenarios.clone(),
            None => store.scenarios()?,
        };
        let counts = store.counts()?;
        let setup = SetupSteps::from_data(&data, &counts);
        Ok(Records {
            scenarios,
            audit: store.audit(&crate::store::AuditFilter {
                limit: AUDIT_SHOWN,
                ..Default::default()
            })?,
            referrals,
            decisions,
            supply,
            agenda,
            counts,
            setup,
            data,
            as_at,
            carer_occupancy,
            home_occupancy,
            current_placement,
            facts,
            report,
            trend,
            generation,
        })
    }

    pub fn current_placement_of(&self, child_id: &str) -> Option<&Placement> {
        self.current_placement
            .get(child_id)
            .map(|&i| &self.data.placements[i])
    }

    pub fn placements_of<'a>(
        &'a self,
        child_id: &'a str,
    ) -> impl Iterator<Item = &'a Placement> + 'a {
        self.data
            .placements
            .iter()
            .filter(move |p| p.child_id == child_id)
    }

    pub fn facts_of(&self, child_id: &str) -> Option<&ChildFacts> {
        self.facts.iter().find(|f| f.child_id == child_id)
    }

    /// "The Smiths (FC0012)" / "Oak House (RH003)" / the place type.
    pub fn setting_name(&self, p: &Placement) -> String {
        if let Some(id) = p.carer_id() {
            return self
                .carer(id)
                .map(|c| format!("{} ({id})", c.name))
                .unwrap_or_else(|| id.to_string());
        }
        if let Some(id) = p.home_id() {
            return self
                .home(id)
                .map(|h| format!("{} ({id})", h.name))
                .unwrap_or_else(|| id.to_string());
        }
        p.place.label().to_string()
    }
}
