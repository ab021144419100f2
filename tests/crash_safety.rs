//! Crash safety: the app's write path is run in a child process
//! (`src/bin/crash-worker.rs`), killed with SIGKILL at random points during
//! template imports and during panel decisions, and the file is reopened.
//! After every kill: `PRAGMA integrity_check` is "ok", every change the
//! worker reported committed is there, and nothing is half-applied (an
//! import batch is all its rows or none, at one revision; a placing decision
//! has its placement and its child is looked after; a placement belongs to a
//! decision; the audit trail holds exactly one entry per change; at most
//! one change that committed was not yet reported when the kill landed).
//!
//! Run with `--nocapture` to see how many kill points were tried and survived.

#![cfg(unix)]

use placement_planner::model::carer::{CarerSector, CarerStatus};
use placement_planner::model::child::{ChildStatus, Sex};
use placement_planner::model::codes::{CategoryOfNeed, LegalStatus};
use placement_planner::model::{
    Carer, Child, DecisionOutcome, Home, HomeSector, Pence, PlacementSetting,
};
use placement_planner::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jiff::civil::date;

/// Kill rounds per mode; both together stay well under a minute in a debug
/// build on two cores.
const ROUNDS_PER_MODE: u64 = 30;

/// The database every round starts from: a few records of its own, which
/// the worker never touches and which must come through every kill.
fn base_database(path: &Path) {
    let mut s = Store::create_new(path).unwrap();
    s.insert_child(&Child {
        id: "BASE1".into(),
        name: "Base child".into(),
        date_of_birth: date(2012, 3, 4),
        sex: Sex::Female,
        legal_status: LegalStatus::C2,
        category_of_need: CategoryOfNeed::N1,
        disability: false,
        sibling_group: None,
        home_postcode: None,
        home_location: None,
        status: ChildStatus::LookedAfter,
        entered_care: date(2020, 1, 1),
        left_care: None,
        earlier_periods: Vec::new(),
    })
    .unwrap();
    s.insert_carer(&Carer {
        id: "BASEC".into(),
        name: "The Bases".into(),
        sector: CarerSector::InHouse,
        agency: None,
        approved_places: 2,
        age_min: 0,
        age_max: 17,
        takes_siblings: true,
        specialisms: vec![],
        postcode: None,
        location: None,
        weekly_cost: Pence(45_000),
        status: CarerStatus::Active,
        approval_date: date(2019, 1, 1),
        ended_on: None,
    })
    .unwrap();
    s.insert_home(&Home {
        id: "BASEH".into(),
        name: "Base house".into(),
        provider: "Base provider".into(),
        sector: HomeSector::OwnCouncil,
        ofsted_urn: None,
        registered_beds: 4,
        age_min: 8,
        age_max: 17,
        postcode: None,
        location: None,
        weekly_cost_per_bed: Pence(400_000),
        closed_on: None,
    })
    .unwrap();
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Import,
    Decisions,
}

impl Mode {
    fn arg(self) -> &'static str {
        match self {
            Mode::Import => "import",
            Mode::Decisions => "decisions",
        }
    }
}

/// How one round ended.
enum Outcome {
    /// Killed, reopened and every check passed.
    Survived,
    /// The worker finished its series before the kill (not a kill point).
    FinishedFirst,
    /// A check failed (or the worker failed on its own).
    Failed(String),
}

struct Run {
    lines: Vec<String>,
    killed: bool,
}

/// Starts the worker, kills it at a random point, and returns what it printed.
fn run_and_kill(db: &Path, mode: Mode, seed: u64, rng: &mut ChaCha8Rng) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash-worker"))
        .args(["--db", db.to_str().unwrap(), "--mode", mode.arg()])
        .args(["--seed", &seed.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the worker: {e}"))?;
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel::<String>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let mut lines = Vec::new();
    if rng.random_bool(0.5) {
        // Kill after a random time…
        std::thread::sleep(Duration::from_millis(rng.random_range(5..=200)));
    } else {
        // …or once it has reported a random number of commits (then at once,
        // so the kill lands inside whatever it started next).
        let target = rng.random_range(1..=400usize);
        let deadline = Instant::now() + Duration::from_secs(5);
        while lines
            .iter()
            .filter(|l: &&String| l.starts_with("committed"))
            .count()
            < target
        {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(l) => lines.push(l),
                Err(_) => break,
            }
        }
    }
    child
        .kill()
        .map_err(|e| format!("cannot kill the worker: {e}"))?;
    let status = child.wait().map_err(|e| e.to_string())?;
    reader.join().unwrap();
    lines.extend(rx.try_iter());
    let errors = err_reader.join().unwrap();
    let killed = status.signal() == Some(9);
    if !killed && !status.success() {
        return Err(format!("the worker failed on its own ({status}): {errors}"));
    }
    Ok(Run { lines, killed })
}

fn integrity(store: &Store) -> Result<(), String> {
    let rows: Vec<String> = store
        .connection()
        .prepare("PRAGMA integrity_check")
        .and_then(|mut st| {
            st.query_map([], |r| r.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| e.to_string())?;
    if rows != ["ok"] {
        return Err(format!("integrity_check: {rows:?}"));
    }
    Ok(())
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .connection()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or(-1)
}

/// Checks common to both modes: the base records, the audit trail (one
/// insert entry per row, no actor left behind).
fn common_checks(store: &Store) -> Result<(), String> {
    integrity(store)?;
    let base_child = store.child("BASE1").map_err(|e| e.to_string())?;
    if base_child.name != "Base child" || base_child.status != ChildStatus::LookedAfter {
        return Err(format!("the base child changed: {base_child:?}"));
    }
    let carers = store.carers().map_err(|e| e.to_string())?;
    if !carers
        .iter()
        .any(|c| c.id == "BASEC" && c.name == "The Bases")
    {
        return Err("the base carer household is missing".into());
    }
    let homes = store.homes().map_err(|e| e.to_string())?;
    if !homes
        .iter()
        .any(|h| h.id == "BASEH" && h.registered_beds == 4)
    {
        return Err("the base home is missing".into());
    }
    if count(store, "SELECT count(*) FROM audit_actor") != 0 {
        return Err("an audit actor row was left behind".into());
    }
    for table in [
        "children",
        "carers",
        "homes",
        "placements",
        "referrals",
        "decisions",
    ] {
        let rows = count(store, &format!("SELECT count(*) FROM {table}"));
        let audited = count(
            store,
            &format!(
                "SELECT count(DISTINCT row_key) FROM audit_log
                  WHERE table_name = '{table}' AND action = 'insert'"
            ),
        );
        let inserts = count(
            store,
            &format!(
                "SELECT count(*) FROM audit_log WHERE table_name = '{table}' AND action = 'insert'"
            ),
        );
        if rows != audited || rows != inserts {
            return Err(format!(
                "{table}: {rows} rows but {inserts} audit insert entries for {audited} keys"
            ));
        }
    }
    Ok(())
}

/// What the worker said about one import batch.
#[derive(Default, Debug)]
struct BatchLog {
    rows: usize,
    begun: BTreeSet<usize>,
    committed: BTreeSet<usize>,
}

/// What the checks of one round found.
#[derive(Debug, Default)]
struct Checked {
    /// Changes the worker reported committed (all found).
    reported: usize,
    /// Import batches begun but not reported when the kill landed, and
    /// found rolled back (none of their rows written at that revision).
    rolled_back: usize,
    /// Changes committed but not yet reported when the kill landed (0 or 1).
    unreported: usize,
}

fn check_import(store: &Store, lines: &[String]) -> Result<Checked, String> {
    let mut batches: BTreeMap<(String, String), BatchLog> = BTreeMap::new();
    let mut placements: Vec<(String, String)> = Vec::new();
    let mut reported = 0usize;
    for l in lines {
        let w: Vec<&str> = l.split(' ').collect();
        match w.as_slice() {
            [state @ ("begin" | "committed"), table @ ("children" | "carers"), key, rev, rows] => {
                let b = batches
                    .entry((table.to_string(), key.to_string()))
                    .or_default();
                b.rows = rows.parse().unwrap();
                let rev: usize = rev.trim_start_matches('r').parse().unwrap();
                if *state == "begin" {
                    b.begun.insert(rev);
                } else {
                    b.committed.insert(rev);
                    reported += 1;
                }
            }
            ["committed", "placement", child, carer] => {
                placements.push((child.to_string(), carer.to_string()));
                reported += 1;
            }
            _ => return Err(format!("unexpected line from the worker: {l}")),
        }
    }
    // Changes found that were committed but not yet reported when the kill
    // landed: at most one.
    let mut unreported = 0usize;
    let mut rolled_back = 0usize;
    // Rows per batch, with each row's revision (from the name's suffix).
    let mut found: HashMap<(String, String), Vec<(String, usize)>> = HashMap::new();
    let children = store.children().map_err(|e| e.to_string())?;
    let carers = store.carers().map_err(|e| e.to_string())?;
    let rows = children
        .iter()
        .map(|c| ("children", &c.id, &c.name))
        .chain(carers.iter().map(|c| ("carers", &c.id, &c.name)));
    for (table, id, name) in rows {
        if id.starts_with("BASE") {
            continue;
        }
        let key = id.split('-').next().unwrap().to_string();
        let rev = name
            .rsplit_once(" r")
            .and_then(|(_, r)| r.parse::<usize>().ok())
            .ok_or_else(|| format!("{table} {id}: unexpected name {name}"))?;
        found
            .entry((table.to_string(), key))
            .or_default()
            .push((id.clone(), rev));
    }
    for k in found.keys() {
        if !batches.contains_key(k) {
            return Err(format!(
                "{} batch {} is there but was never begun",
                k.0, k.1
            ));
        }
    }
    for ((table, key), log) in &batches {
        let rows = found
            .get(&(table.clone(), key.clone()))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let revs: BTreeSet<usize> = rows.iter().map(|r| r.1).collect();
        let in_flight = log.begun.last() > log.committed.last();
        if rows.is_empty() {
            if !log.committed.is_empty() {
                return Err(format!("{table} batch {key} was committed but is missing"));
            }
            rolled_back += usize::from(in_flight);
            continue;
        }
        if rows.len() != log.rows {
            return Err(format!(
                "{table} batch {key} is half there: {} of {} rows",
                rows.len(),
                log.rows
            ));
        }
        if revs.len() != 1 {
            return Err(format!(
                "{table} batch {key} is half updated: revisions {revs:?}"
            ));
        }
        let rev = *revs.first().unwrap();
        if !log.begun.contains(&rev) {
            return Err(format!("{table} batch {key} has r{rev}, never begun"));
        }
        let last_committed = log.committed.last().copied();
        if last_committed.is_some_and(|c| rev < c) {
            return Err(format!(
                "{table} batch {key} has r{rev} but r{} was committed",
                last_committed.unwrap()
            ));
        }
        if last_committed != Some(rev) {
            unreported += 1;
        } else if in_flight {
            rolled_back += 1;
        }
        // One audit update entry per row per revision after the first.
        let updates = count(
            store,
            &format!(
                "SELECT count(*) FROM audit_log WHERE table_name = '{table}'
                  AND action = 'update' AND row_key LIKE '{key}-%'"
            ),
        );
        if updates != (rev * log.rows) as i64 {
            return Err(format!(
                "{table} batch {key} at r{rev} has {updates} audit update entries"
            ));
        }
    }
    let all = store.placements().map_err(|e| e.to_string())?;
    let in_db: BTreeSet<(String, String)> = all
        .iter()
        .filter_map(|p| match &p.setting {
            PlacementSetting::Carer(c) => Some((p.child_id.clone(), c.clone())),
            _ => None,
        })
        .collect();
    if in_db.len() != all.len() {
        return Err("a placement is not with a carer household".into());
    }
    for p in &placements {
        if !in_db.contains(p) {
            return Err(format!("placement {p:?} was committed but is missing"));
        }
    }
    unreported += in_db.len() - placements.len();
    if unreported > 1 {
        return Err(format!(
            "{unreported} changes are there that the worker had not reported"
        ));
    }
    Ok(Checked {
        reported,
        rolled_back,
        unreported,
    })
}

fn check_decisions(store: &Store, lines: &[String]) -> Result<Checked, String> {
    let mut homes = BTreeSet::new();
    let mut children = BTreeSet::new();
    let mut referrals: BTreeMap<i64, String> = BTreeMap::new();
    let mut decisions: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for l in lines {
        let w: Vec<&str> = l.split(' ').collect();
        match w.as_slice() {
            ["committed", "home", id, "60"] => {
                homes.insert(id.to_string());
            }
            ["committed", "child", id] => {
                children.insert(id.to_string());
            }
            ["committed", "referral", child, id] => {
                referrals.insert(id.parse().unwrap(), child.to_string());
            }
            ["committed", "decision", child, id, outcome] => {
                decisions.insert(
                    id.parse().unwrap(),
                    (child.to_string(), outcome.to_string()),
                );
            }
            _ => return Err(format!("unexpected line from the worker: {l}")),
        }
    }
    let reported = homes.len() + children.len() + referrals.len() + decisions.len();
    let db_homes: BTreeMap<String, Home> = store
        .homes()
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|h| h.id != "BASEH")
        .map(|h| (h.id.clone(), h))
        .collect();
    let db_children: BTreeMap<String, Child> = store
        .children()
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|c| c.id != "BASE1")
        .map(|c| (c.id.clone(), c))
        .collect();
    let db_referrals: BTreeMap<i64, String> = store
        .referrals()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| (r.id, r.child_id))
        .collect();
    let db_decisions = store.decisions().map_err(|e| e.to_string())?;
    let db_placements = store.placements().map_err(|e| e.to_string())?;
    for h in &homes {
        if db_homes.get(h).is_none_or(|h| h.registered_beds != 60) {
            return Err(format!("home {h} was committed but is missing"));
        }
    }
    for c in &children {
        if !db_children.contains_key(c) {
            return Err(format!("child {c} was committed but is missing"));
        }
    }
    for (id, child) in &referrals {
        if db_referrals.get(id) != Some(child) {
            return Err(format!(
                "referral {id} for {child} was committed but is missing"
            ));
        }
    }
    for (id, (child, outcome)) in &decisions {
        let Some(d) = db_decisions.iter().find(|d| d.id == *id) else {
            return Err(format!("decision {id} was committed but is missing"));
        };
        if d.outcome.code() != outcome || db_referrals.get(&d.referral_id) != Some(child) {
            return Err(format!("decision {id} is not the one reported: {d:?}"));
        }
    }
    // Nothing half-applied: a placing decision has its placement and its
    // child is looked after; any other leaves the child waiting; every
    // placement belongs to exactly one decision.
    let mut placement_owner: HashMap<i64, i64> = HashMap::new();
    for d in &db_decisions {
        let child_id = db_referrals
            .get(&d.referral_id)
            .ok_or_else(|| format!("decision {} has no referral", d.id))?;
        let child = db_children
            .get(child_id)
            .ok_or_else(|| format!("decision {} names a missing child", d.id))?;
        if d.outcome == DecisionOutcome::Placed {
            let pid = d
                .placement_id
                .ok_or_else(|| format!("placing decision {} has no placement", d.id))?;
            let p = db_placements
                .iter()
                .find(|p| p.id == pid)
                .ok_or_else(|| format!("placing decision {}'s placement is missing", d.id))?;
            if &p.child_id != child_id || p.home_id() != d.home_id.as_deref() {
                return Err(format!("decision {} and its placement disagree", d.id));
            }
            if child.status != ChildStatus::LookedAfter {
                return Err(format!("{child_id} was placed but is {:?}", child.status));
            }
            if placement_owner.insert(pid, d.id).is_some() {
                return Err(format!("placement {pid} belongs to two decisions"));
            }
        } else if d.placement_id.is_some() || child.status != ChildStatus::AwaitingPlacement {
            return Err(format!(
                "decision {} ({:?}) changed the child",
                d.id, d.outcome
            ));
        }
    }
    for p in &db_placements {
        if !placement_owner.contains_key(&p.id) {
            return Err(format!("placement {} has no decision: half-applied", p.id));
        }
    }
    for (id, c) in &db_children {
        let decided = db_decisions.iter().any(|d| {
            d.outcome == DecisionOutcome::Placed && db_referrals.get(&d.referral_id) == Some(id)
        });
        if (c.status == ChildStatus::LookedAfter) != decided {
            return Err(format!(
                "{id} is {:?} without a matching decision",
                c.status
            ));
        }
    }
    let in_db = db_homes.len() + db_children.len() + db_referrals.len() + db_decisions.len();
    if in_db < reported || in_db - reported > 1 {
        return Err(format!(
            "{in_db} changes are there, {reported} were reported: more than one unreported"
        ));
    }
    Ok(Checked {
        reported,
        rolled_back: 0,
        unreported: in_db - reported,
    })
}

fn reopen_and_check(db: &Path, mode: Mode, lines: &[String]) -> Result<Checked, String> {
    let store = Store::open(db).map_err(|e| format!("cannot reopen: {e}"))?;
    common_checks(&store)?;
    match mode {
        Mode::Import => check_import(&store, lines),
        Mode::Decisions => check_decisions(&store, lines),
    }
}

#[test]
fn killed_writes_leave_every_reported_change_and_nothing_half_done() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let base: PathBuf = dir.path().join("base.sqlite");
    base_database(&base);
    let mut rng = ChaCha8Rng::seed_from_u64(0x0c0ffee);
    let mut tried = 0usize;
    let mut survived = 0usize;
    let mut finished_first = 0usize;
    let mut reported_total = 0usize;
    let mut rolled_back = 0usize;
    let mut unreported = 0usize;
    let mut failures = Vec::new();
    for round in 0..2 * ROUNDS_PER_MODE {
        let mode = if round % 2 == 0 {
            Mode::Import
        } else {
            Mode::Decisions
        };
        let round_dir = dir.path().join(format!("round-{round}"));
        std::fs::create_dir(&round_dir).unwrap();
        let db = round_dir.join("data.sqlite");
        std::fs::copy(&base, &db).unwrap();
        let outcome = match run_and_kill(&db, mode, round, &mut rng) {
            Err(e) => Outcome::Failed(e),
            Ok(run) if !run.killed => Outcome::FinishedFirst,
            Ok(run) => match reopen_and_check(&db, mode, &run.lines) {
                Ok(checked) => {
                    reported_total += checked.reported;
                    rolled_back += checked.rolled_back;
                    unreported += checked.unreported;
                    Outcome::Survived
                }
                Err(e) => Outcome::Failed(e),
            },
        };
        match outcome {
            Outcome::Survived => {
                tried += 1;
                survived += 1;
            }
            Outcome::FinishedFirst => finished_first += 1,
            Outcome::Failed(e) => {
                tried += 1;
                failures.push(format!("round {round} ({}): {e}", mode.arg()));
            }
        }
        // Keep the failing rounds' files for a look; drop the rest.
        if failures.is_empty() {
            std::fs::remove_dir_all(&round_dir).unwrap();
        }
    }
    println!(
        "crash safety: {tried} kill points tried, {survived} survived; \
         {reported_total} reported commits checked; {rolled_back} import batches caught \
         mid-write and rolled back; {unreported} commits found that landed just before the \
         kill, unreported; {finished_first} runs finished before their kill; {:.1} s",
        started.elapsed().as_secs_f64()
    );
    if !failures.is_empty() {
        let kept = dir.keep();
        panic!(
            "{} of {tried} kill points failed (files kept in {}):\n{}",
            failures.len(),
            kept.display(),
            failures.join("\n")
        );
    }
    assert_eq!(
        finished_first, 0,
        "the worker should still be running when killed"
    );
    assert!(tried >= 40);
}

/// Runs the worker to the end of a short series (no kill) and returns its lines.
fn run_to_end(db: &Path, mode: Mode, steps: usize) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_crash-worker"))
        .args(["--db", db.to_str().unwrap(), "--mode", mode.arg()])
        .args(["--seed", "7", "--steps", &steps.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

/// The checks above are not vacuous: a batch with a row missing, an
/// unreported extra change, a placement without its decision and a placed
/// child left waiting are all caught.
#[test]
fn the_checks_catch_half_applied_changes() {
    let dir = tempfile::tempdir().unwrap();

    let db = dir.path().join("import.sqlite");
    base_database(&db);
    let lines = run_to_end(&db, Mode::Import, 40);
    let checked = reopen_and_check(&db, Mode::Import, &lines).unwrap();
    assert!(checked.reported > 20, "{}", checked.reported);
    {
        let store = Store::open(&db).unwrap();
        let gone = store
            .connection()
            .execute(
                "DELETE FROM children WHERE id = (SELECT min(id) FROM children
                  WHERE id LIKE 'B0001-%' AND id NOT IN (SELECT child_id FROM placements))",
                [],
            )
            .unwrap();
        assert_eq!(gone, 1);
        let err = check_import(&store, &lines).unwrap_err();
        assert!(err.contains("half there"), "{err}");
        // Two changes nobody reported: the last two lines dropped.
        let fresh = dir.path().join("import2.sqlite");
        base_database(&fresh);
        let lines2 = run_to_end(&fresh, Mode::Import, 40);
        let store2 = Store::open(&fresh).unwrap();
        // The worker's lines without the `committed` lines of its last
        // `n` changes (as if killed before it could print them).
        let without_last = |n: usize| -> Vec<String> {
            let committed: Vec<usize> = lines2
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with("committed"))
                .map(|(i, _)| i)
                .collect();
            let drop: BTreeSet<usize> = committed[committed.len() - n..].iter().copied().collect();
            lines2
                .iter()
                .enumerate()
                .filter(|(i, _)| !drop.contains(i))
                .map(|(_, l)| l.clone())
                .collect()
        };
        assert!(check_import(&store2, &without_last(1)).is_ok());
        let err = check_import(&store2, &without_last(2)).unwrap_err();
        assert!(err.contains("not reported"), "{err}");
        // A reported batch missing altogether.
        let mut claimed = lines2.clone();
        claimed.push("committed children B9999 r0 3".into());
        let err = check_import(&store2, &claimed).unwrap_err();
        assert!(err.contains("B9999 was committed but is missing"), "{err}");
    }

    let db = dir.path().join("decisions.sqlite");
    base_database(&db);
    let lines = run_to_end(&db, Mode::Decisions, 20);
    reopen_and_check(&db, Mode::Decisions, &lines).unwrap();
    let store = Store::open(&db).unwrap();
    let waiting: String = store
        .connection()
        .query_row(
            "SELECT id FROM children WHERE status = 'awaiting_placement' AND id LIKE 'K%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .connection()
        .execute(
            "INSERT INTO placements (child_id, home_id, start_date, weekly_cost_pence, place_code)
             VALUES (?1, 'W0001', '2026-01-05', 1, 'K2')",
            [&waiting],
        )
        .unwrap();
    let err = check_decisions(&store, &lines).unwrap_err();
    assert!(err.contains("has no decision"), "{err}");
    store
        .connection()
        .execute("DELETE FROM placements WHERE child_id = ?1", [&waiting])
        .unwrap();
    assert!(check_decisions(&store, &lines).is_ok());
    store
        .connection()
        .execute(
            "UPDATE children SET status = 'awaiting_placement'
              WHERE id = (SELECT min(id) FROM children WHERE status = 'looked_after' AND id LIKE 'K%')",
            [],
        )
        .unwrap();
    let err = check_decisions(&store, &lines).unwrap_err();
    assert!(err.contains("was placed but is"), "{err}");
}
