//! A hidden helper for tests/crash_safety.rs, not a tool for users: it runs
//! a long, deterministic series of real writes through the library against
//! one database file, so the test can kill it (SIGKILL) at random points and
//! check what survived.
//!
//! ```text
//! crash-worker --db PATH --mode import|decisions --seed N [--steps N]
//! ```
//!
//! After each committed transaction it prints one line to stdout and
//! flushes, so every line the test reads names a change that was committed:
//!
//! * import mode (CSV template imports through `import::{preview, apply}`,
//!   and single placements through `Store::insert_placement`):
//!   - `begin children B0003 r0 37` before importing batch B0003 (37
//!     children, ids `B0003-00` …), revision r0 (the names end in `r0`);
//!     later revisions re-import the same rows with new names (an update);
//!   - `committed children B0003 r0 37` once that import committed;
//!   - the same pair for carers (`carers F0002 r0 12`, ids `F0002-00` …);
//!   - `committed placement B0001-04 F0001-02` after one placement.
//! * decisions mode (panel referrals and decisions, the placing ones
//!   creating the placement and changing the child's status in the same
//!   transaction):
//!   - `committed home W0001 60`, `committed child K00001`,
//!     `committed referral K00001 17`,
//!     `committed decision K00001 23 placed` (or `deferred`, `declined`).
//!
//! It stops after `--steps` steps (default large enough to be killed first).

use anyhow::{bail, Context, Result};
use jiff::civil::{date, Date};
use placement_planner::import::templates::TemplateKind;
use placement_planner::import::{apply, preview, ImportKind, Progress, RejectedRows};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::placement::codes_for_carer;
use placement_planner::model::{
    CarerSector, Child, Decision, DecisionOutcome, Home, HomeSector, Pence, Placement,
    PlacementSetting, Referral, Urgency,
};
use placement_planner::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const START: Date = date(2026, 1, 5);

struct Args {
    db: PathBuf,
    mode: String,
    seed: u64,
    steps: usize,
}

fn parse_args() -> Result<Args> {
    let mut db = None;
    let mut mode = None;
    let mut seed = 0u64;
    let mut steps = 100_000usize;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => db = Some(PathBuf::from(value()?)),
            "--mode" => mode = Some(value()?),
            "--seed" => seed = value()?.parse().context("--seed")?,
            "--steps" => steps = value()?.parse().context("--steps")?,
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(Args {
        db: db.context("--db PATH is required")?,
        mode: mode.context("--mode import|decisions is required")?,
        seed,
        steps,
    })
}

/// Prints one line and flushes it, so the reader sees it at once.
fn say(line: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{line}")?;
    out.flush()?;
    Ok(())
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let mut store = Store::open(&args.db)?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    match args.mode.as_str() {
        "import" => import_mode(&mut store, &args, &mut rng),
        "decisions" => decisions_mode(&mut store, &args, &mut rng),
        other => bail!("unknown mode {other}"),
    }
}

// ---------------------------------------------------------------- import

/// A batch imported from a template file: its key, kind and row count, and
/// the revision last written.
struct Batch {
    key: String,
    kind: TemplateKind,
    rows: usize,
    revision: usize,
}

fn children_csv(b: &Batch) -> String {
    let mut s = String::from(
        "id,name,date_of_birth,sex,legal_status,category_of_need,disability,sibling_group,\
         home_postcode,status,entered_care,left_care\n",
    );
    for i in 0..b.rows {
        let year = 2010 + (i % 8);
        let month = 1 + (i % 12);
        writeln!(
            s,
            "{key}-{i:02},Child {key}-{i:02} r{rev},{year}-{month:02}-15,{sex},V2,N4,{dis},,,\
             awaiting_placement,2025-09-01,",
            key = b.key,
            rev = b.revision,
            sex = 1 + i % 2,
            dis = if i % 5 == 0 { "yes" } else { "no" },
        )
        .unwrap();
    }
    s
}

fn carers_csv(b: &Batch) -> String {
    let mut s = String::from(
        "id,name,sector,agency,approved_places,age_min,age_max,takes_siblings,specialisms,\
         postcode,weekly_cost,status,approval_date,ended_on\n",
    );
    for i in 0..b.rows {
        writeln!(
            s,
            "{key}-{i:02},Household {key}-{i:02} r{rev},in_house,,3,0,17,{sib},,,{cost},active,\
             2020-04-01,",
            key = b.key,
            rev = b.revision,
            sib = if i % 2 == 0 { "yes" } else { "no" },
            cost = 400 + i,
        )
        .unwrap();
    }
    s
}

/// Writes the batch's file and imports it (preview, then apply) in one
/// transaction, announcing it before and after.
fn import_batch(store: &mut Store, files: &Path, b: &Batch) -> Result<()> {
    let (word, text) = match b.kind {
        TemplateKind::Children => ("children", children_csv(b)),
        TemplateKind::Carers => ("carers", carers_csv(b)),
        TemplateKind::Homes => unreachable!("the worker imports no homes"),
    };
    let path = files.join(format!("{}-r{}.csv", b.key, b.revision));
    std::fs::write(&path, text)?;
    let kind = ImportKind::Template(b.kind);
    let progress = Progress::new();
    let plan = preview(&kind, std::slice::from_ref(&path), store, &progress)?;
    say(&format!(
        "begin {word} {} r{} {}",
        b.key, b.revision, b.rows
    ))?;
    let summary = apply(store, &plan, RejectedRows::Refuse, &progress)?;
    if summary.to_add + summary.to_update != b.rows {
        bail!("batch {} wrote {}", b.key, summary.counts_text());
    }
    say(&format!(
        "committed {word} {} r{} {}",
        b.key, b.revision, b.rows
    ))
}

fn import_mode(store: &mut Store, args: &Args, rng: &mut ChaCha8Rng) -> Result<()> {
    let files = args
        .db
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("worker-files-{}", args.seed));
    std::fs::create_dir_all(&files)?;
    let mut children: Vec<Batch> = Vec::new();
    let mut carers: Vec<Batch> = Vec::new();
    // Children already given a placement, so none is placed twice.
    let mut placed: Vec<(usize, usize)> = Vec::new();
    // Places used per carer (batch, row); each household has 3.
    let mut used: std::collections::HashMap<(usize, usize), u8> = Default::default();
    for step in 0..args.steps {
        let roll = if step < 2 {
            step
        } else {
            rng.random_range(0..10)
        };
        match roll {
            // A new batch of children.
            0 | 2 | 3 => {
                let b = Batch {
                    key: format!("B{:04}", children.len()),
                    kind: TemplateKind::Children,
                    rows: rng.random_range(5..=60),
                    revision: 0,
                };
                import_batch(store, &files, &b)?;
                children.push(b);
            }
            // A new batch of carer households.
            1 | 4 => {
                let b = Batch {
                    key: format!("F{:04}", carers.len()),
                    kind: TemplateKind::Carers,
                    rows: rng.random_range(3..=25),
                    revision: 0,
                };
                import_batch(store, &files, &b)?;
                carers.push(b);
            }
            // Re-import an earlier batch with new names: an update of every row.
            5 | 6 => {
                let list = if rng.random_bool(0.7) {
                    &mut children
                } else {
                    &mut carers
                };
                let i = rng.random_range(0..list.len());
                list[i].revision += 1;
                import_batch(store, &files, &list[i])?;
            }
            // A few single placements, each its own transaction.
            _ => {
                for _ in 0..rng.random_range(1..=5) {
                    let cb = rng.random_range(0..children.len());
                    let cr = rng.random_range(0..children[cb].rows);
                    let fb = rng.random_range(0..carers.len());
                    let fr = rng.random_range(0..carers[fb].rows);
                    if placed.contains(&(cb, cr)) || used.get(&(fb, fr)).copied() == Some(3) {
                        continue;
                    }
                    let child = format!("{}-{cr:02}", children[cb].key);
                    let carer = format!("{}-{fr:02}", carers[fb].key);
                    let (place, provider) = codes_for_carer(CarerSector::InHouse);
                    store.insert_placement(&Placement {
                        id: 0,
                        child_id: child.clone(),
                        setting: PlacementSetting::Carer(carer.clone()),
                        postcode: None,
                        start: START,
                        end: None,
                        weekly_cost: Some(Pence(40_000)),
                        fee_changes: Vec::new(),
                        place,
                        provider,
                        reason_for_change: None,
                    })?;
                    placed.push((cb, cr));
                    *used.entry((fb, fr)).or_default() += 1;
                    say(&format!("committed placement {child} {carer}"))?;
                }
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- decisions

fn decisions_mode(store: &mut Store, args: &Args, rng: &mut ChaCha8Rng) -> Result<()> {
    let mut homes = 0usize;
    let mut beds_left = 0u8;
    for step in 1..=args.steps {
        if beds_left == 0 {
            homes += 1;
            let id = format!("W{homes:04}");
            store.insert_home(&Home {
                id: id.clone(),
                name: format!("Worker home {homes}"),
                provider: "Test provider".into(),
                sector: HomeSector::Private,
                ofsted_urn: None,
                registered_beds: 60,
                age_min: 0,
                age_max: 17,
                postcode: None,
                location: None,
                weekly_cost_per_bed: Pence(450_000),
                closed_on: None,
            })?;
            beds_left = 60;
            say(&format!("committed home {id} 60"))?;
        }
        let child = format!("K{step:05}");
        store.insert_child(&Child {
            id: child.clone(),
            name: format!("Child {child}"),
            date_of_birth: date(2011, 1 + (step % 12) as i8, 10),
            sex: if step % 2 == 0 {
                Sex::Male
            } else {
                Sex::Female
            },
            legal_status: LegalStatus::V2,
            category_of_need: CategoryOfNeed::N4,
            disability: false,
            sibling_group: None,
            home_postcode: None,
            home_location: None,
            status: ChildStatus::AwaitingPlacement,
            entered_care: date(2025, 12, 1),
            left_care: None,
            earlier_periods: Vec::new(),
        })?;
        say(&format!("committed child {child}"))?;
        let referral = store.insert_referral(&Referral {
            id: 0,
            child_id: child.clone(),
            received: date(2025, 12, 2),
            sibling_group_size: 1,
            disability: false,
            specialisms_needed: vec![],
            must_stay_near_home: false,
            risk_flags: String::new(),
            urgency: Urgency::Planned,
            latest_start: date(2026, 2, 1),
            notes: format!("worker referral {step}"),
        })?;
        say(&format!("committed referral {child} {referral}"))?;
        let outcome = match rng.random_range(0..6) {
            0 => DecisionOutcome::Deferred,
            1 => DecisionOutcome::Declined,
            _ => DecisionOutcome::Placed,
        };
        let placing = outcome == DecisionOutcome::Placed;
        let decision = store.record_decision(&Decision {
            id: 0,
            referral_id: referral,
            meeting_date: date(2025, 12, 10),
            outcome,
            carer_id: None,
            home_id: placing.then(|| format!("W{homes:04}")),
            start: placing.then_some(START),
            weekly_cost: placing.then_some(Pence(450_000)),
            placement_id: None,
            rationale: format!("worker decision {step}"),
            attendees: "Crash test panel".into(),
            corrects: None,
            recorded_at: String::new(),
        })?;
        if placing {
            beds_left -= 1;
        }
        say(&format!(
            "committed decision {child} {decision} {}",
            outcome.code()
        ))?;
    }
    Ok(())
}
