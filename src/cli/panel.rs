//! `panel`: the resource panel's minutes, and who could take a child.

use super::db::{as_at_date, date_flag, existing_db, reading_db};
use super::output::{out, outln, Format};
use clap::Subcommand;
use placement_planner::export;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum PanelKind {
    /// The minutes of a meeting: every decision recorded at it, as CSV or
    /// PDF (by the file's extension). Pseudonymised unless --with-names.
    Minutes {
        /// The meeting date (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long)]
        date: String,
        #[arg(long)]
        out: PathBuf,
        /// Write children's names and references and carers' names.
        #[arg(long)]
        with_names: bool,
    },
    /// Who could take a child: ranked carers and beds, and those excluded
    /// with the reason. Uses the child's open referral, or the child's own
    /// needs (alone, no specialisms) when there is none.
    Candidates {
        #[arg(long)]
        child: String,
        #[arg(long)]
        as_at: Option<String>,
        /// council (in-house first) or level (every sector by distance and cost)
        #[arg(long, default_value = "council")]
        ranking: String,
        /// Search radius in miles (0 to 1,000); 0 searches everywhere.
        #[arg(long, default_value_t = placement_planner::matching::DEFAULT_RADIUS_MILES, value_parser = radius_miles, allow_negative_numbers = true)]
        radius: f64,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// `--radius`: a number of miles from 0 to 1,000 (a negative, NaN or
/// infinite radius would quietly mean "everywhere").
fn radius_miles(text: &str) -> Result<f64, String> {
    let r: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a number of miles"))?;
    if !r.is_finite() || !(0.0..=1000.0).contains(&r) {
        return Err(format!(
            "'{text}' is not a radius: give 0 to 1000 miles (0 searches everywhere)"
        ));
    }
    Ok(r)
}

/// `placement-planner panel …` (see [`PanelKind`]).
pub(super) fn panel_command(db: Option<PathBuf>, kind: PanelKind) -> anyhow::Result<()> {
    match kind {
        PanelKind::Minutes {
            date,
            out,
            with_names,
        } => minutes(db, date, out, with_names),
        PanelKind::Candidates {
            child,
            as_at,
            ranking,
            radius,
            format,
        } => candidates(db, child, as_at, ranking, radius, format),
    }
}

/// `placement-planner panel minutes`: a meeting's decisions, as CSV or PDF.
fn minutes(
    db: Option<PathBuf>,
    date: String,
    out: PathBuf,
    with_names: bool,
) -> anyhow::Result<()> {
    let mut store = existing_db(db)?;
    let meeting = date_flag("--date", &date)?;
    let salt = store.pseudonym_salt()?;
    let n = export::minutes::write_minutes(&store, meeting, &salt, with_names, &out)
        .map_err(anyhow::Error::msg)?;
    outln!(
        "Wrote the minutes of {} ({n} decisions) to {}{}",
        placement_planner::model::format_uk_date(meeting),
        out.display(),
        if with_names {
            " (with names)"
        } else {
            " (pseudonymised)"
        }
    );
    Ok(())
}

/// `placement-planner panel candidates`: ranked carers and beds for a
/// child, and those excluded with the reason.
fn candidates(
    db: Option<PathBuf>,
    child: String,
    as_at: Option<String>,
    ranking: String,
    radius: f64,
    format: Format,
) -> anyhow::Result<()> {
    use placement_planner::matching::{self, MatchRequest, RankingMode, SupplyIndex};
    let store = reading_db(db)?;
    let on = as_at_date(as_at)?;
    let mode = RankingMode::parse(&ranking)
        .ok_or_else(|| anyhow::anyhow!("--ranking: '{ranking}' is not council or level"))?;
    let data = store.county_data()?;
    let kid = data
        .children
        .iter()
        .find(|c| c.id == child)
        .ok_or_else(|| anyhow::anyhow!("no child with the reference '{child}'"))?;
    let referrals = store.referrals()?;
    let decisions = store.decisions()?;
    let referral = referrals
        .iter()
        .filter(|r| r.child_id == child && placement_planner::panel::is_open(r, &decisions))
        .max_by_key(|r| r.id)
        .cloned()
        .unwrap_or_else(|| placement_planner::model::Referral {
            id: 0,
            child_id: child.clone(),
            received: on,
            sibling_group_size: 1,
            disability: kid.disability,
            specialisms_needed: Vec::new(),
            must_stay_near_home: false,
            risk_flags: String::new(),
            urgency: placement_planner::model::Urgency::Planned,
            latest_start: on,
            notes: String::new(),
        });
    let supply = SupplyIndex::build(&data, on);
    let mut req = MatchRequest::new(&referral, kid, matching::child_home_grid(&data, kid), on);
    req.mode = mode;
    req.radius_miles = (radius > 0.0).then_some(radius);
    let result = matching::candidates(&supply, &req);
    match format {
        Format::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&placement_planner::report::matching::to_json(&result))?
        ),
        Format::Text => out!("{}", placement_planner::report::matching::to_text(&result)),
        Format::Csv => {
            anyhow::bail!("--format csv is not offered for candidates; use text or json")
        }
    }
    Ok(())
}
