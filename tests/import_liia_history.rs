//! A council's SSDA903 history as analysts hold it: one header and one
//! episodes file with five return years (2017-18 to 2021-22) of three
//! councils, `YEAR` and `LA` columns, ISO dates (the LIIA / Social Finance
//! layout). The files are simulated here from a seed: each council's
//! children entering care through the years, moving, changing legal status,
//! leaving (at 18, just before, adopted, home) and some coming back; a few
//! whose data stops while an episode is still open; REC X1 on some open
//! episodes; CHILD references that two councils both use for different
//! children; and, in the council imported, a few children with rows DfE's
//! validator would refuse.
//!
//! Every expectation is worked out from the written rows (or the
//! simulation's own record) with the simple rules the importer documents,
//! never with the importer's code:
//! - a child is looked after on D when one of their episodes has
//!   DECOM <= D and no DEC or DEC > D, and D is before their 18th birthday
//!   (born 29 February: 1 March);
//! - an episode still open in return Y whose child return Y+1 does not hold
//!   is looked after to 31 March of Y, as return Y says, and ends on
//!   1 April (the first day of Y+1);
//! - a refused child is not imported at all.

mod common;

use common::{planner, succeeds};
use jiff::civil::{date, Date};
use jiff::Span;
use placement_planner::import::ssda903::{
    apply_ssda903, preview_ssda903, preview_ssda903_with, Ssda903Options,
};
use placement_planner::import::{ImportError, Progress, RejectedRows};
use placement_planner::model::child::{CarePeriod, ChildStatus};
use placement_planner::model::CollectionYear;
use placement_planner::store::Store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

const SEED: u64 = 903;
/// The councils in the order the files first name them, with how many
/// distinct children each has in the five returns.
const COUNCILS: [(&str, usize); 3] = [("Barsetshire", 196), ("Loamshire", 190), ("Wessex", 186)];
/// The council imported.
const CHOSEN: &str = "Loamshire";
/// `YEAR` is the year each return ends: 2018 is 2017-18.
const FIRST_YEAR: i32 = 2018;
const LAST_YEAR: i32 = 2022;
/// How many stale open episodes each council has.
const STALE_PER_COUNCIL: usize = 4;

// ------------------------------------------------------------------ dates

fn plus(d: Date, days: i64) -> Date {
    d.checked_add(Span::new().days(days)).unwrap()
}

fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).unwrap().get_days().into()
}

/// 1 April at the start of the return that ends in `year`.
fn first_day(year: i32) -> Date {
    date(year as i16 - 1, 4, 1)
}

/// 31 March at the end of the return that ends in `year`.
fn last_day(year: i32) -> Date {
    date(year as i16, 3, 31)
}

/// The last day the files cover.
fn data_end() -> Date {
    last_day(LAST_YEAR)
}

/// The day a child turns 18 (born 29 February: 1 March).
fn eighteenth(dob: Date) -> Date {
    if (dob.month(), dob.day()) == (2, 29) {
        date(dob.year() + 18, 3, 1)
    } else {
        date(dob.year() + 18, dob.month(), dob.day())
    }
}

fn age_on(dob: Date, on: Date) -> i32 {
    let years = i32::from(on.year()) - i32::from(dob.year());
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        years - 1
    } else {
        years
    }
}

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

// ------------------------------------------------------------- simulation

/// One episode as it happened. `dec` is None when the episode was still
/// open on 31/03/2022 (or the council never recorded its end).
#[derive(Debug, Clone)]
struct Episode {
    decom: Date,
    rne: &'static str,
    ls: &'static str,
    cin: &'static str,
    place: &'static str,
    provider: &'static str,
    dec: Option<Date>,
    rec: &'static str,
    reason: &'static str,
    pl_post: String,
    urn: String,
}

/// A row made unreadable on purpose (the chosen council's refused children,
/// and one of another council's that must be left aside silently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bad {
    /// A closed episode's DEC 10 days before its DECOM.
    DecBeforeDecom,
    /// DECOM 30 February.
    InvalidDecom,
    /// PLACE K3, not a code before 2024-25 (rule 146).
    K3BeforeItsTime,
    /// DOB with month 13 in every header row.
    InvalidDob,
    /// One episode row's YEAR has the letter O for the digit 0 ("2O19").
    YearNotAYear,
}

#[derive(Debug, Clone)]
struct Kid {
    la: &'static str,
    id: String,
    sex: u8,
    dob: Date,
    ethnic: &'static str,
    upn: String,
    home_post: String,
    episodes: Vec<Episode>,
    /// The last return holding the child when their data stops with an
    /// episode still open (a stale open episode).
    stale_after: Option<i32>,
    /// Returns in which the open episode carries REC X1.
    x1_years: BTreeSet<i32>,
    bad: Option<Bad>,
    /// Hand-made rather than simulated.
    special: bool,
}

impl Kid {
    /// The episodes open at some point in the return ending in `year`.
    fn episodes_in(&self, year: i32) -> Vec<&Episode> {
        self.episodes
            .iter()
            .filter(|e| e.decom <= last_day(year) && e.dec.is_none_or(|d| d >= first_day(year)))
            .collect()
    }

    /// The returns that hold the child.
    fn years(&self) -> Vec<i32> {
        (FIRST_YEAR..=LAST_YEAR)
            .filter(|&y| self.stale_after.is_none_or(|s| y <= s))
            .filter(|&y| !self.episodes_in(y).is_empty())
            .collect()
    }

    /// Returns whose end finds an episode still open.
    fn open_at_end_of(&self, year: i32) -> bool {
        self.episodes_in(year)
            .iter()
            .any(|e| e.dec.is_none_or(|d| d > last_day(year)))
    }
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

const ETHNIC: &[&str] = &[
    "WBRI", "WBRI", "WBRI", "WIRI", "WOTH", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];
const REASONS: &[&str] = &[
    "CARPL", "CARPL", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "STAND", "ALLEG", "CLOSE",
    "APPRR", "OTHER", "CUSTOD", "CUSTOD",
];
/// Leaving care before 18, other than by adoption.
const LEAVE_REC: &[&str] = &[
    "E4A", "E4A", "E4B", "E13", "E8", "E41", "E45", "E46", "E15", "E3", "E16",
];
/// Leaving on the 18th birthday.
const AT_18_REC: &[&str] = &["E17", "E5", "E8"];
/// Leaving in the weeks before the 18th birthday.
const NEAR_18_REC: &[&str] = &["E13", "E4A", "E8", "E5", "E7"];

fn postcode(rng: &mut ChaCha8Rng) -> String {
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    format!(
        "LM{} {}{}{}",
        rng.random_range(1..=19),
        rng.random_range(1..=9),
        letters[rng.random_range(0..letters.len())] as char,
        letters[rng.random_range(0..letters.len())] as char
    )
}

fn first_legal_status(rng: &mut ChaCha8Rng) -> &'static str {
    match rng.random_range(0..100) {
        0..=9 => pick(rng, &["L1", "L2"]),
        10..=59 => "V2",
        _ => "C1",
    }
}

fn category_of_need(rng: &mut ChaCha8Rng) -> &'static str {
    match rng.random_range(0..100) {
        0..=59 => "N1",
        _ => pick(rng, &["N2", "N3", "N4", "N5", "N6", "N7", "N8"]),
    }
}

/// PLACE, PLACE_PROVIDER and URN for a placement of a child of `age`,
/// all valid in 2017-18 to 2021-22 (no K3, no Z11 to Z14); providers blank
/// for T0 to T4 and Z1.
fn placement(rng: &mut ChaCha8Rng, age: i32, ls: &str) -> (&'static str, &'static str, String) {
    let roll = rng.random_range(0..100);
    let (place, provider) = if ls == "E1" {
        (pick(rng, &["A3", "A4", "A5", "A6"]), "PR1")
    } else if age >= 16 {
        match roll {
            0..=29 => ("H5", pick(rng, &["PR4", "PR5"])),
            30..=34 => ("P2", "PR4"),
            35..=59 => (pick(rng, &["U4", "U5", "U6"]), pick(rng, &["PR1", "PR4"])),
            60..=84 => ("K2", pick(rng, &["PR1", "PR4", "PR5"])),
            85..=89 => (pick(rng, &["T1", "T2", "T3", "T4"]), ""),
            90..=94 => ("Z1", ""),
            _ => ("P1", "PR0"),
        }
    } else if age < 1 {
        match roll {
            0..=19 => ("R1", "PR1"),
            _ => (
                pick(rng, &["U1", "U2", "U3", "U4", "U5", "U6"]),
                pick(rng, &["PR1", "PR4"]),
            ),
        }
    } else {
        match roll {
            0..=19 => (pick(rng, &["U1", "U2", "U3"]), "PR1"),
            20..=69 => (pick(rng, &["U4", "U5", "U6"]), pick(rng, &["PR1", "PR4"])),
            70..=79 if age >= 10 => ("K2", pick(rng, &["PR1", "PR4", "PR5"])),
            70..=79 => ("U5", "PR4"),
            80..=84 => ("P1", "PR0"),
            85..=88 => (pick(rng, &["T0", "T1", "T2", "T3", "T4"]), ""),
            89..=91 => ("Z1", ""),
            92..=93 => ("S1", "PR5"),
            _ => ("U6", "PR4"),
        }
    };
    let urn = if place == "K2" {
        format!("SC{:06}", rng.random_range(100_000..1_000_000))
    } else {
        String::new()
    };
    (place, provider, urn)
}

fn duration(rng: &mut ChaCha8Rng) -> i64 {
    match rng.random_range(0..100) {
        0..=29 => rng.random_range(14..=120),
        30..=79 => rng.random_range(121..=500),
        _ => rng.random_range(501..=1500),
    }
}

/// What happens at a child's 18th birthday if they are still in care.
#[derive(Clone, Copy)]
enum At18 {
    /// Leaves that day.
    Birthday,
    /// Leaves in the 40 days before.
    Before,
    /// The council never records the leaving: the episode stays open.
    Stays,
}

/// One child's care from their first entry (between April 2012 and March
/// 2022) to the end of the data.
fn simulate(rng: &mut ChaCha8Rng, la: &'static str) -> Kid {
    let from = date(2012, 4, 1);
    let entry = plus(
        from,
        rng.random_range(0..=days_between(from, date(2022, 3, 20))),
    );
    let age_days = match rng.random_range(0..100) {
        0..=24 => rng.random_range(0..365),
        25..=44 => rng.random_range(365..5 * 365),
        45..=69 => rng.random_range(5 * 365..10 * 365),
        70..=89 => rng.random_range(10 * 365..15 * 365),
        _ => rng.random_range(15 * 365..17 * 365 + 250),
    };
    let dob = plus(entry, -age_days);
    let b18 = eighteenth(dob);
    let at18 = match rng.random_range(0..100) {
        0..=69 => At18::Birthday,
        70..=95 => At18::Before,
        _ => At18::Stays,
    };
    let sex = rng.random_range(1..=2);
    let mut episodes = Vec::new();
    let mut start = entry;
    let mut rne = "S";
    let mut ls = first_legal_status(rng);
    let mut cin = category_of_need(rng);
    let (mut place, mut provider, mut urn) = placement(rng, age_on(dob, start), ls);
    let mut reason = "";
    loop {
        let short = matches!(ls, "L1" | "L2");
        let mut end = plus(
            start,
            if short {
                rng.random_range(2..=6)
            } else {
                duration(rng)
            },
        );
        let mut rec = "";
        let mut at_18 = false;
        if end >= b18 {
            match at18 {
                At18::Stays => end = Date::MAX,
                At18::Birthday => {
                    (end, rec, at_18) = (b18, pick(rng, AT_18_REC), true);
                }
                At18::Before => {
                    let d = plus(b18, -rng.random_range(1..=40));
                    (end, rec, at_18) = if d > start {
                        (d, pick(rng, NEAR_18_REC), true)
                    } else {
                        (b18, pick(rng, AT_18_REC), true)
                    };
                }
            }
        }
        let episode = |dec: Option<Date>, rec: &'static str, rng: &mut ChaCha8Rng| Episode {
            decom: start,
            rne,
            ls,
            cin,
            place,
            provider,
            dec,
            rec,
            reason,
            pl_post: postcode(rng),
            urn: urn.clone(),
        };
        if end > data_end() {
            let e = episode(None, "", rng);
            episodes.push(e);
            break;
        }
        #[derive(PartialEq)]
        enum Next {
            Leave,
            Move,
            Legal,
        }
        let age = age_on(dob, end);
        let next = if at_18 {
            Next::Leave
        } else if short {
            Next::Legal
        } else if ls == "E1" && place.starts_with('A') {
            if rng.random_bool(0.8) {
                rec = pick(rng, &["E11", "E12"]);
                Next::Leave
            } else {
                Next::Move
            }
        } else if ls == "E1" {
            Next::Move
        } else {
            match rng.random_range(0..100) {
                0..=27 => Next::Leave,
                28..=82 => Next::Move,
                _ if ls == "C2" && age >= 8 => Next::Move,
                _ => Next::Legal,
            }
        };
        if next == Next::Leave && rec.is_empty() {
            rec = pick(rng, LEAVE_REC);
        } else if next != Next::Leave {
            rec = "X1";
        }
        let e = episode(Some(end), rec, rng);
        episodes.push(e);
        match next {
            Next::Leave => {
                let final_leave = at_18 || matches!(rec, "E11" | "E12");
                if !final_leave && rng.random_bool(0.35) {
                    let back = plus(end, rng.random_range(40..=500));
                    if back < plus(b18, -200) && back <= plus(data_end(), -5) {
                        start = back;
                        rne = "S";
                        ls = first_legal_status(rng);
                        cin = category_of_need(rng);
                        (place, provider, urn) = placement(rng, age_on(dob, start), ls);
                        reason = "";
                        continue;
                    }
                }
                break;
            }
            Next::Move => {
                start = end;
                rne = "P";
                reason = pick(rng, REASONS);
                if reason == "CUSTOD" && age < 12 {
                    reason = "CARPL";
                }
                (place, provider, urn) = if reason == "CUSTOD" {
                    ("R5", "PR3", String::new())
                } else {
                    placement(rng, age, ls)
                };
            }
            Next::Legal => {
                start = end;
                rne = "L";
                reason = "";
                ls = match ls {
                    "L1" | "L2" => pick(rng, &["C1", "V2"]),
                    "V2" => "C1",
                    "C1" => "C2",
                    _ => "E1",
                };
            }
        }
    }
    Kid {
        la,
        id: String::new(),
        sex,
        dob,
        ethnic: pick(rng, ETHNIC),
        upn: format!("A{:012}", rng.random_range(0..1_000_000_000_000u64)),
        home_post: postcode(rng),
        episodes,
        stale_after: None,
        x1_years: BTreeSet::new(),
        bad: None,
        special: false,
    }
}

/// Born 29 February 2004, in care from June 2019; the council never
/// records the leaving, so the episode is open in the 2021-22 return. She
/// is 18 on 1 March 2022.
fn leap_day_child(rng: &mut ChaCha8Rng) -> Kid {
    let ep = |decom, rne, place, dec, rec, reason| Episode {
        decom,
        rne,
        ls: "V2",
        cin: "N4",
        place,
        provider: "PR4",
        dec,
        rec,
        reason,
        pl_post: "LM4 2QX".into(),
        urn: String::new(),
    };
    Kid {
        la: CHOSEN,
        id: String::new(),
        sex: 2,
        dob: date(2004, 2, 29),
        ethnic: "WBRI",
        upn: format!("A{:012}", rng.random_range(0..1_000_000_000_000u64)),
        home_post: "LM3 1AB".into(),
        episodes: vec![
            ep(
                date(2019, 6, 10),
                "S",
                "U4",
                Some(date(2020, 9, 1)),
                "X1",
                "",
            ),
            ep(date(2020, 9, 1), "P", "H5", None, "", "CHILD"),
        ],
        stale_after: None,
        x1_years: BTreeSet::new(),
        bad: None,
        special: true,
    }
}

/// The three councils' children, council by council. Each council numbers
/// its children from 1000 to 1999, so the same CHILD reference is used by
/// several councils for different children.
fn generate() -> Vec<Kid> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut all = Vec::new();
    for (la, target) in COUNCILS {
        let mut ids: Vec<usize> = rand::seq::index::sample(&mut rng, 1000, target).into_vec();
        ids.sort_unstable();
        let mut kids = Vec::new();
        if la == CHOSEN {
            kids.push(leap_day_child(&mut rng));
        }
        while kids.len() < target {
            let kid = simulate(&mut rng, la);
            if !kid.years().is_empty() {
                kids.push(kid);
            }
        }
        // References in a random order, as a council's system hands them out.
        for (kid, n) in kids.iter_mut().zip(rand_order(&mut rng, ids)) {
            kid.id = (1000 + n).to_string();
        }
        kids.sort_by(|a, b| a.id.cmp(&b.id));

        // Stale open episodes: the data stops after a return in which an
        // episode is still open.
        let candidates: Vec<usize> = (0..kids.len())
            .filter(|&i| !kids[i].special)
            .filter(|&i| (FIRST_YEAR..LAST_YEAR).any(|y| kids[i].open_at_end_of(y)))
            .collect();
        for i in rand::seq::index::sample(&mut rng, candidates.len(), STALE_PER_COUNCIL) {
            let kid = &mut kids[candidates[i]];
            let years: Vec<i32> = (FIRST_YEAR..LAST_YEAR)
                .filter(|&y| kid.open_at_end_of(y))
                .collect();
            kid.stale_after = Some(pick(&mut rng, &years));
        }
        // REC X1 on about one open episode in twenty (the validator's fake
        // data does this; DfE would flag it).
        for kid in kids.iter_mut().filter(|k| !k.special) {
            for y in kid.years() {
                if kid.open_at_end_of(y) && rng.random_bool(0.05) {
                    kid.x1_years.insert(y);
                }
            }
        }
        all.extend(kids);
    }
    spoil(&mut all, &mut ChaCha8Rng::seed_from_u64(SEED + 1));
    all
}

fn rand_order(rng: &mut ChaCha8Rng, mut ids: Vec<usize>) -> Vec<usize> {
    use rand::seq::SliceRandom;
    ids.shuffle(rng);
    ids
}

/// Makes five of the chosen council's children unreadable: three who are
/// in one return only (an episode ending before it starts, a DECOM of 30
/// February, K3 before 2024-25) and two in several (a DOB with month 13 in
/// every header row, a YEAR that is not a year). And one of Wessex's (an
/// episode ending before it starts), which must be left aside like the
/// rest of Wessex.
fn spoil(kids: &mut [Kid], rng: &mut ChaCha8Rng) {
    let plain = |k: &Kid| k.stale_after.is_none() && k.x1_years.is_empty() && !k.special;
    let has_closed = |k: &Kid| {
        let y = k.years()[0];
        k.episodes_in(y)
            .iter()
            .any(|e| e.dec.is_some_and(|d| d <= last_day(y)))
    };
    let mut choose = |la: &str, years: &dyn Fn(usize) -> bool, closed: bool, bad: Bad| {
        let found: Vec<usize> = (0..kids.len())
            .filter(|&i| {
                let k = &kids[i];
                k.la == la
                    && k.bad.is_none()
                    && plain(k)
                    && years(k.years().len())
                    && (!closed || has_closed(k))
            })
            .collect();
        let i = found[rng.random_range(0..found.len())];
        kids[i].bad = Some(bad);
    };
    let one = |n: usize| n == 1;
    let several = |n: usize| n >= 2;
    choose(CHOSEN, &one, true, Bad::DecBeforeDecom);
    choose(CHOSEN, &one, false, Bad::InvalidDecom);
    choose(CHOSEN, &one, false, Bad::K3BeforeItsTime);
    choose(CHOSEN, &several, false, Bad::InvalidDob);
    choose(CHOSEN, &several, false, Bad::YearNotAYear);
    choose("Wessex", &one, true, Bad::DecBeforeDecom);
}

const HEADER_COLUMNS: &str = "YEAR,CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,LA";
const EPISODE_COLUMNS: &str = "YEAR,CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,\
                               REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN,LA";

/// Writes `header.csv` and `episodes.csv`: return by return (oldest
/// first), council by council, each return holding every child looked
/// after at some time in the year with every episode open at some point in
/// it (open in the earlier returns, with its DEC in the return it ends in).
fn write_files(dir: &Path, kids: &[Kid]) -> (PathBuf, PathBuf) {
    let mut header = vec![HEADER_COLUMNS.to_string()];
    let mut episodes = vec![EPISODE_COLUMNS.to_string()];
    for year in FIRST_YEAR..=LAST_YEAR {
        for kid in kids.iter().filter(|k| k.years().contains(&year)) {
            let dob = if kid.bad == Some(Bad::InvalidDob) {
                format!("{:04}-13-{:02}", kid.dob.year(), kid.dob.day())
            } else {
                iso(kid.dob)
            };
            let mother = if kid.sex == 2 && age_on(kid.dob, last_day(year)) >= 12 {
                "0"
            } else {
                ""
            };
            header.push(format!(
                "{year},{},{},{dob},{},{},{mother},,{}",
                kid.id, kid.sex, kid.ethnic, kid.upn, kid.la
            ));
            let first_year = kid.years()[0] == year;
            let mut spoiled = false;
            for e in kid.episodes_in(year) {
                let ended = e.dec.filter(|&d| d <= last_day(year));
                let mut year_text = year.to_string();
                let mut decom = iso(e.decom);
                let mut place = e.place;
                let mut dec = ended.map(iso).unwrap_or_default();
                let rec = match ended {
                    Some(_) => e.rec,
                    None if kid.x1_years.contains(&year) => "X1",
                    None => "",
                };
                if !spoiled && first_year {
                    spoiled = true;
                    match kid.bad {
                        Some(Bad::DecBeforeDecom) if ended.is_some() => {
                            dec = iso(plus(e.decom, -10));
                        }
                        Some(Bad::InvalidDecom) => {
                            decom = format!("{:04}-02-30", e.decom.year());
                        }
                        Some(Bad::K3BeforeItsTime) => place = "K3",
                        Some(Bad::YearNotAYear) => year_text = year_text.replace('0', "O"),
                        _ => spoiled = false,
                    }
                }
                episodes.push(format!(
                    "{year_text},{},{decom},{},{},{},{place},{},{dec},{rec},{},{},{},{},{}",
                    kid.id,
                    e.rne,
                    e.ls,
                    e.cin,
                    e.provider,
                    e.reason,
                    kid.home_post,
                    e.pl_post,
                    e.urn,
                    kid.la
                ));
            }
        }
    }
    let write = |name: &str, lines: &[String]| {
        let path = dir.join(name);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        path
    };
    (
        write("header.csv", &header),
        write("episodes.csv", &episodes),
    )
}

// ------------------------------------------- reading the rows back, simply

/// One data row of a written file: its line (the column names are line 1)
/// and its fields by column name.
struct Row {
    line: u64,
    fields: HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        &self.fields[column]
    }
}

fn read_rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let columns: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .enumerate()
        .map(|(n, l)| Row {
            line: n as u64 + 2,
            fields: columns
                .iter()
                .zip(l.split(','))
                .map(|(c, v)| (c.to_string(), v.to_string()))
                .collect(),
        })
        .collect()
}

/// One child of the chosen council as the written rows have them.
#[derive(Default)]
struct Record {
    dob: Option<Date>,
    years: BTreeSet<i32>,
    /// Each episode by its DECOM: the latest return holding it and its DEC
    /// there.
    episodes: BTreeMap<Date, (i32, Option<Date>)>,
    /// Rows by return: (DECOM, DEC, REC).
    rows_by_year: BTreeMap<i32, Vec<(Date, Option<Date>, String)>>,
}

impl Record {
    /// The day each episode ends under the documented rules: its DEC in
    /// the latest return holding it; or, open there and the child absent
    /// from the next return, the next return's 1 April; or still open.
    fn episode_ends(&self) -> Vec<(Date, Option<Date>)> {
        self.episodes
            .iter()
            .map(|(&decom, &(year, dec))| {
                let end = match dec {
                    Some(d) => Some(d),
                    None if year < LAST_YEAR => {
                        assert!(
                            !self.years.contains(&(year + 1)),
                            "an episode open in {year} but missing from the next return"
                        );
                        Some(first_day(year + 1))
                    }
                    None => None,
                };
                (decom, end)
            })
            .collect()
    }

    fn looked_after_on(&self, on: Date) -> bool {
        let dob = self.dob.unwrap();
        on < eighteenth(dob)
            && self
                .episode_ends()
                .iter()
                .any(|&(decom, end)| decom <= on && end.is_none_or(|e| e > on))
    }

    /// Returns Y in which an episode is open at the end while the child is
    /// absent from Y + 1 (each a stale open episode).
    fn stale_years(&self) -> Vec<i32> {
        self.rows_by_year
            .iter()
            .filter(|(&y, rows)| {
                y < LAST_YEAR
                    && !self.years.contains(&(y + 1))
                    && rows.iter().any(|r| r.1.is_none())
            })
            .map(|(&y, _)| y)
            .collect()
    }
}

/// What the written files say, worked out without the importer.
struct Expected {
    /// Councils in the order the header file first names them, with their
    /// distinct children.
    councils: Vec<(String, usize)>,
    /// The chosen council's distinct children.
    chosen: BTreeSet<String>,
    /// The chosen council's children made unreadable.
    refused: BTreeSet<String>,
    /// Lines (file, line) of every row of the refused children.
    refused_lines: BTreeSet<(String, u64)>,
    /// The other children of the chosen council.
    records: BTreeMap<String, Record>,
    /// Episode rows of imported children with REC on an open episode.
    rec_on_open: usize,
}

fn expected(h: &Path, e: &Path, kids: &[Kid]) -> Expected {
    expected_for(h, e, kids, CHOSEN)
}

/// What the written files say of council `la`, worked out without the
/// importer.
fn expected_for(h: &Path, e: &Path, kids: &[Kid], la: &str) -> Expected {
    let (hrows, erows) = (read_rows(h), read_rows(e));
    let mut councils: Vec<(String, BTreeSet<String>)> = Vec::new();
    for r in hrows.iter().chain(&erows) {
        let council = r.get("LA");
        let i = match councils.iter().position(|(n, _)| n == council) {
            Some(i) => i,
            None => {
                councils.push((council.to_string(), BTreeSet::new()));
                councils.len() - 1
            }
        };
        councils[i].1.insert(r.get("CHILD").to_string());
    }
    let chosen = councils.iter().find(|(n, _)| n == la).unwrap().1.clone();
    let refused: BTreeSet<String> = kids
        .iter()
        .filter(|k| k.la == la && k.bad.is_some())
        .map(|k| k.id.clone())
        .collect();
    let mut refused_lines = BTreeSet::new();
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let mut rec_on_open = 0;
    for (file, rows) in [("header.csv", &hrows), ("episodes.csv", &erows)] {
        for r in rows.iter().filter(|r| r.get("LA") == la) {
            let id = r.get("CHILD");
            if refused.contains(id) {
                refused_lines.insert((file.to_string(), r.line));
                continue;
            }
            let year: i32 = r.get("YEAR").parse().unwrap();
            let rec = records.entry(id.to_string()).or_default();
            rec.years.insert(year);
            if file == "header.csv" {
                rec.dob = Some(r.get("DOB").parse().unwrap());
                continue;
            }
            let decom: Date = r.get("DECOM").parse().unwrap();
            let dec: Option<Date> = match r.get("DEC") {
                "" => None,
                d => Some(d.parse().unwrap()),
            };
            if dec.is_none() && !r.get("REC").is_empty() {
                rec_on_open += 1;
            }
            let latest = rec.episodes.entry(decom).or_insert((year, dec));
            if year > latest.0 {
                *latest = (year, dec);
            }
            rec.rows_by_year
                .entry(year)
                .or_default()
                .push((decom, dec, r.get("REC").to_string()));
        }
    }
    Expected {
        councils: councils.into_iter().map(|(n, c)| (n, c.len())).collect(),
        chosen,
        refused,
        refused_lines,
        records,
        rec_on_open,
    }
}

impl Expected {
    /// (child, return) of each stale open episode among the imported
    /// children.
    fn stale(&self) -> Vec<(String, i32)> {
        self.records
            .iter()
            .flat_map(|(id, r)| r.stale_years().into_iter().map(move |y| (id.clone(), y)))
            .collect()
    }

    /// Returns in which an imported child's latest episode is open although
    /// they are 18 or over on its 31 March (each a note).
    fn open_past_18(&self) -> usize {
        self.records
            .values()
            .map(|r| {
                let b18 = eighteenth(r.dob.unwrap());
                r.rows_by_year
                    .iter()
                    .filter(|(&y, rows)| {
                        let last = rows.iter().max_by_key(|row| row.0).unwrap();
                        last.1.is_none() && last_day(y) >= b18
                    })
                    .count()
            })
            .sum()
    }
}

/// The dates the looked-after counts are compared on: the end of the
/// first return, mid-years, the end of the data, and either side of the
/// leap-day child's 18th birthday (1 March 2022).
fn count_dates() -> Vec<Date> {
    vec![
        date(2017, 4, 1),
        date(2018, 3, 31),
        date(2019, 9, 30),
        date(2020, 3, 31),
        date(2021, 12, 31),
        date(2022, 2, 28),
        date(2022, 3, 1),
        date(2022, 3, 31),
    ]
}

fn year_read_as() -> Vec<String> {
    (FIRST_YEAR..=LAST_YEAR)
        .map(|y| {
            format!(
                "YEAR {y} read as the {}-{:02} return (the year it ends)",
                y - 1,
                y % 100
            )
        })
        .collect()
}

fn collection_year(ends: i32) -> CollectionYear {
    CollectionYear::starting(ends - 1).unwrap()
}

// ------------------------------------------------------------------ tests

/// The simulation is what it says it is: three councils of 196, 190 and
/// 186 children over five returns, with every kind of history the tests
/// below rely on.
#[test]
fn the_simulated_files_hold_three_councils_five_years_and_each_kind_of_history() {
    let kids = generate();
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_files(dir.path(), &kids);
    let x = expected(&h, &e, &kids);
    let want: Vec<(String, usize)> = COUNCILS.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(x.councils, want);
    assert_eq!(x.councils.iter().map(|c| c.1).sum::<usize>(), 572);
    // Five returns, and the one YEAR spoiled on purpose.
    let years: BTreeSet<String> = read_rows(&e)
        .iter()
        .map(|r| r.get("YEAR").to_string())
        .collect();
    let spoiled: Vec<&String> = years.iter().filter(|y| y.contains('O')).collect();
    assert_eq!(years.len(), 6, "{years:?}");
    assert_eq!(spoiled.len(), 1);
    // The same references in two councils, for different children.
    let chosen_ids: BTreeSet<&str> = kids
        .iter()
        .filter(|k| k.la == CHOSEN)
        .map(|k| k.id.as_str())
        .collect();
    let shared: Vec<&Kid> = kids
        .iter()
        .filter(|k| k.la != CHOSEN && chosen_ids.contains(k.id.as_str()))
        .collect();
    let chosen_dob: HashMap<&str, Date> = kids
        .iter()
        .filter(|k| k.la == CHOSEN)
        .map(|k| (k.id.as_str(), k.dob))
        .collect();
    let other_child = shared
        .iter()
        .filter(|k| chosen_dob[k.id.as_str()] != k.dob)
        .count();
    assert!(other_child >= 20, "{other_child} of {}", shared.len());
    let chosen = |k: &Kid| k.la == CHOSEN && k.bad.is_none();
    // Entries in every return, re-entries, leavers at and just before 18,
    // CUSTOD moves, legal status changes, stale open episodes, X1 on open
    // episodes.
    for y in FIRST_YEAR..=LAST_YEAR {
        let entries = kids
            .iter()
            .filter(|k| chosen(k))
            .flat_map(|k| &k.episodes)
            .filter(|e| e.rne == "S" && e.decom >= first_day(y) && e.decom <= last_day(y))
            .count();
        assert!(entries >= 10, "{entries} entries in {y}");
    }
    let reentries = kids
        .iter()
        .filter(|k| chosen(k) && k.episodes.iter().skip(1).any(|e| e.rne == "S"))
        .count();
    assert!(reentries >= 5, "{reentries}");
    let leavers = |recs: &[&str], at: &dyn Fn(&Kid, Date) -> bool| {
        kids.iter()
            .filter(|k| chosen(k))
            .filter(|k| {
                k.episodes.iter().any(|e| {
                    e.dec
                        .is_some_and(|d| d >= first_day(FIRST_YEAR) && at(k, d))
                        && recs.contains(&e.rec)
                })
            })
            .count()
    };
    assert!(leavers(AT_18_REC, &|k, d| d == eighteenth(k.dob)) >= 5);
    assert!(
        leavers(NEAR_18_REC, &|k, d| d < eighteenth(k.dob)
            && days_between(d, eighteenth(k.dob)) <= 40)
            >= 3
    );
    assert!(leavers(&["E11", "E12"], &|_, _| true) >= 3);
    let eps = || kids.iter().filter(|k| chosen(k)).flat_map(|k| &k.episodes);
    assert!(
        eps()
            .filter(|e| e.reason == "CUSTOD" && e.place == "R5")
            .count()
            >= 1
    );
    assert!(eps().filter(|e| e.rne == "L").count() >= 10);
    assert_eq!(
        kids.iter()
            .filter(|k| k.la == CHOSEN && k.stale_after.is_some())
            .count(),
        STALE_PER_COUNCIL
    );
    assert!(x.rec_on_open >= 3, "{}", x.rec_on_open);
    // PLACE codes valid in 2017-18 to 2021-22 and providers as DfE wants
    // them (the spoiled K3 apart).
    for r in read_rows(&e) {
        let (place, provider) = (r.get("PLACE"), r.get("PLACE_PROVIDER"));
        assert!(!["Z11", "Z12", "Z13", "Z14"].contains(&place));
        if place.starts_with('T') || place == "Z1" {
            assert_eq!(provider, "", "line {}", r.line);
        } else {
            assert_ne!(provider, "", "line {}", r.line);
        }
    }
    assert_eq!(x.refused.len(), 5);
    assert_eq!(x.chosen.len(), 190);
}

#[test]
fn one_councils_five_returns_come_in_and_the_looked_after_counts_match_the_episodes() {
    let kids = generate();
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_files(dir.path(), &kids);
    let x = expected(&h, &e, &kids);
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();

    // Without a council the import asks which, naming each with its
    // children.
    match preview_ssda903(&h, &e, &store, &Progress::new()) {
        Err(ImportError::ChooseCouncil { file, councils }) => {
            assert_eq!(file, "episodes.csv");
            assert_eq!(councils, x.councils);
        }
        Err(other) => panic!("expected to be asked for the council: {other}"),
        Ok(_) => panic!("expected to be asked for the council"),
    }

    // The council named in any case.
    let opts = Ssda903Options {
        year: None,
        la: Some(CHOSEN.to_lowercase()),
    };
    let plan = preview_ssda903_with(&h, &e, &store, &opts, &Progress::new()).unwrap();
    let years: Vec<CollectionYear> = (FIRST_YEAR..=LAST_YEAR).map(collection_year).collect();
    assert_eq!(plan.years(), years);
    let sum = plan.summary();
    let mut read_as = vec![format!(
        "Council {CHOSEN}: {} children; the file holds 3 councils and the others are left aside",
        x.chosen.len()
    )];
    read_as.extend(year_read_as());
    assert_eq!(sum.read_as, read_as);

    // Refused: every row of the five spoiled children, and nothing else
    // (Wessex's spoiled row is left aside with the rest of Wessex).
    let refused_lines: BTreeSet<(String, u64)> = sum
        .rejected
        .iter()
        .map(|i| (i.file.clone(), i.line.expect("a refused row has a line")))
        .collect();
    assert_eq!(refused_lines, x.refused_lines);
    assert_eq!(sum.rejected.len(), x.refused_lines.len());

    // Warnings: REC on an open episode (ignored), and the stale open
    // episodes, each looked after to its return's 31 March.
    let stale = x.stale();
    let mut stale_from_simulation: Vec<(String, i32)> = kids
        .iter()
        .filter(|k| k.la == CHOSEN && k.bad.is_none())
        .filter_map(|k| k.stale_after.map(|y| (k.id.clone(), y)))
        .collect();
    stale_from_simulation.sort();
    assert_eq!(stale, stale_from_simulation);
    let rec_warnings = sum
        .warnings
        .iter()
        .filter(|w| w.column.as_deref() == Some("REC") && w.reason.contains("the episode is open"))
        .count();
    assert_eq!(rec_warnings, x.rec_on_open);
    for (id, y) in &stale {
        let ending = format!(
            "was still open at the end of the {} return but the {} return does not hold the child: looked after to 31/03/{y}, left care on 01/04/{y}",
            collection_year(*y),
            collection_year(y + 1)
        );
        let found = sum
            .warnings
            .iter()
            .filter(|w| w.value.as_deref() == Some(id.as_str()) && w.reason.contains(&ending))
            .count();
        assert_eq!(found, 1, "child {id}, stale in {y}: {:#?}", sum.warnings);
    }
    assert_eq!(sum.warnings.len(), x.rec_on_open + stale.len());
    // Notes include each open episode of a young person 18 or over.
    let past_18 = sum
        .data_quality
        .iter()
        .filter(|n| {
            n.reason
                .contains("is over 18 at the end of the return's year")
        })
        .count();
    assert_eq!(past_18, x.open_past_18());
    assert!(past_18 >= 1);

    // Imported with the refused children left out: 185 of 190.
    let imported = x.chosen.len() - x.refused.len();
    assert_eq!((sum.to_add, sum.to_update, sum.unchanged), (imported, 0, 0));
    apply_ssda903(&mut store, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    let children = store.children().unwrap();
    let ids: BTreeSet<String> = children.iter().map(|c| c.id.clone()).collect();
    let want: BTreeSet<String> = x.chosen.difference(&x.refused).cloned().collect();
    assert_eq!(ids, want);
    assert_eq!(
        (x.chosen.len(), x.refused.len(), children.len()),
        (190, 5, 185)
    );
    assert!(children.len() * 100 >= x.chosen.len() * 95);

    // Looked after on each date: the store against the episodes.
    for on in count_dates() {
        let want: BTreeSet<&String> = x
            .records
            .iter()
            .filter(|(_, r)| r.looked_after_on(on))
            .map(|(id, _)| id)
            .collect();
        let got: BTreeSet<&String> = children
            .iter()
            .filter(|c| c.looked_after_on(on))
            .map(|c| &c.id)
            .collect();
        println!(
            "looked after on {on}: {} (episodes: {})",
            got.len(),
            want.len()
        );
        assert_eq!(got, want, "looked after on {on}");
        assert!(want.len() >= 40, "{on}: {}", want.len());
    }

    // Children who left and came back in a later return: two periods of
    // care, looked after in both and not between.
    let mut checked = 0;
    for kid in kids
        .iter()
        .filter(|k| k.la == CHOSEN && k.bad.is_none() && k.stale_after.is_none() && !k.special)
    {
        let starts: Vec<usize> = (0..kid.episodes.len())
            .filter(|&i| kid.episodes[i].rne == "S")
            .collect();
        let first = &kid.episodes[0];
        if starts.len() != 2 || starts[0] != 0 || first.decom < first_day(FIRST_YEAR) {
            continue;
        }
        let left = kid.episodes[starts[1] - 1].dec.unwrap();
        let back = kid.episodes[starts[1]].decom;
        if CollectionYear::of(left) == CollectionYear::of(back) {
            continue;
        }
        let c = store.child(&kid.id).unwrap();
        assert_eq!(
            c.earlier_periods,
            [CarePeriod {
                started: first.decom,
                ended: left
            }],
            "child {}",
            kid.id
        );
        assert_eq!(c.entered_care, back, "child {}", kid.id);
        assert!(c.looked_after_on(first.decom));
        assert!(c.looked_after_on(plus(left, -1)));
        assert!(!c.looked_after_on(left));
        assert!(!c.looked_after_on(plus(back, -1)));
        assert!(c.looked_after_on(back));
        checked += 1;
    }
    assert!(checked >= 2, "{checked} children who came back");

    // Stale open episodes: looked after to the 31 March of the last return
    // holding the child, left on the 1 April after.
    for (id, y) in &stale {
        let c = store.child(id).unwrap();
        let end = first_day(y + 1);
        assert_eq!((c.status, c.left_care), (ChildStatus::LeftCare, Some(end)));
        let ps = store.placements_for_child(id).unwrap();
        assert_eq!(ps.last().unwrap().end, Some(end), "child {id}");
        assert!(ps.iter().all(|p| p.end.is_some()));
        assert!(!c.looked_after_on(end));
        if plus(end, -1) < eighteenth(c.date_of_birth) {
            assert!(c.looked_after_on(plus(end, -1)));
        }
    }

    // Born 29 February 2004, open in the records past 18: looked after on
    // 28 February 2022, not on 1 March.
    let leap = kids.iter().find(|k| k.special).unwrap();
    let c = store.child(&leap.id).unwrap();
    assert_eq!(c.date_of_birth, date(2004, 2, 29));
    assert!(c.looked_after_on(date(2022, 2, 28)));
    assert!(!c.looked_after_on(date(2022, 3, 1)));
    assert!(sum.data_quality.iter().any(|n| n
        .reason
        .starts_with(&format!("child {} (born 29/02/2004) is over 18", leap.id))));
}

/// The same files from the command line: the council chosen with --la,
/// the refused children left out, every finding in the CSV.
#[test]
fn the_command_line_imports_one_council_and_writes_every_finding() {
    let kids = generate();
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_files(dir.path(), &kids);
    let x = expected(&h, &e, &kids);
    let db = dir.path().join("council.sqlite");
    succeeds(planner().args(["new", "--db"]).arg(&db));
    let findings = dir.path().join("f.csv");
    let out = succeeds(
        planner()
            .args(["import", "ssda903"])
            .arg(&h)
            .arg(&e)
            .arg("--db")
            .arg(&db)
            .args(["--la", CHOSEN, "--skip-rejected", "--findings"])
            .arg(&findings),
    );
    let imported = x.chosen.len() - x.refused.len();
    let counts = out
        .lines()
        .find_map(|l| l.strip_prefix("Checked the SSDA903 return: "))
        .unwrap_or_else(|| panic!("{out}"));
    let parts: Vec<&str> = counts.trim_end_matches('.').split(", ").collect();
    assert_eq!(
        parts[..3],
        [
            format!("{imported} to add").as_str(),
            "0 to update",
            "0 unchanged"
        ]
    );
    let number = |i: usize| -> usize { parts[i].split(' ').next().unwrap().parse().unwrap() };
    let (refused, warnings, notes) = (number(3), number(4), number(5));
    assert_eq!(refused, x.refused_lines.len());
    assert_eq!(warnings, x.rec_on_open + x.stale().len());
    assert!(notes > 0);
    let mut read_as = vec![format!(
        "Council {CHOSEN}: {} children; the file holds 3 councils and the others are left aside",
        x.chosen.len()
    )];
    read_as.extend(year_read_as());
    for line in read_as {
        assert!(out.lines().any(|l| l == format!("  {line}")), "{line}");
    }
    let total = refused + warnings + notes;
    assert!(
        out.contains(&format!(
            "Wrote {total} findings to {}.",
            findings.display()
        )),
        "{out}"
    );
    assert!(out.contains(&format!(
        "Imported: {imported} added, 0 updated, 0 unchanged, {refused} left out."
    )));

    let text = std::fs::read_to_string(&findings).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("kind,file,line,column,value,rule,what_the_app_did")
    );
    let kinds: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(kinds.len(), total);
    let of = |k: &str| kinds.iter().filter(|x| *x == k).count();
    assert_eq!(
        (of("refused"), of("imported with a warning"), of("note")),
        (refused, warnings, notes)
    );
    assert_eq!(
        Store::open(&db).unwrap().children().unwrap().len(),
        imported
    );
}

/// A child refused in one return is left out of that return only: the
/// return still holds them, so their episode open at the end of the return
/// before is not a stale open episode. Q1 has been in care since
/// 01/06/2017; the 2018-19 return holds that episode with DECOM 31 June
/// (refused), the 2019-20 return holds it open again. (The import used to
/// end the episode on 31/03/2018, saying the 2018-19 return did not hold
/// Q1, and the 2019-20 return could not open it again.)
#[test]
fn a_child_refused_in_one_return_is_not_ended_as_absent_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("header.csv");
    let e = dir.path().join("episodes.csv");
    std::fs::write(
        &h,
        "YEAR,CHILD,SEX,DOB,LA\n\
         2018,Q1,1,2008-01-01,Loamshire\n\
         2019,Q1,1,2008-01-01,Loamshire\n\
         2020,Q1,1,2008-01-01,Loamshire\n",
    )
    .unwrap();
    std::fs::write(
        &e,
        "YEAR,CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST,LA\n\
         2018,Q1,2017-06-01,S,C2,N1,U4,PR4,,,LM1 1AB,LM2 2AB,Loamshire\n\
         2019,Q1,2017-06-31,S,C2,N1,U4,PR4,,,LM1 1AB,LM2 2AB,Loamshire\n\
         2020,Q1,2017-06-01,S,C2,N1,U4,PR4,,,LM1 1AB,LM2 2AB,Loamshire\n",
    )
    .unwrap();
    let mut store = Store::open(&dir.path().join("t.sqlite")).unwrap();
    let plan = preview_ssda903(&h, &e, &store, &Progress::new()).unwrap();
    let sum = plan.summary();
    // Refused: the 2018-19 rows (line 3 of each file), nothing else.
    let refused: BTreeSet<(&str, u64)> = sum
        .rejected
        .iter()
        .map(|i| (i.file.as_str(), i.line.unwrap()))
        .collect();
    assert_eq!(
        refused,
        BTreeSet::from([("header.csv", 3), ("episodes.csv", 3)])
    );
    assert!(sum.warnings.is_empty(), "{:#?}", sum.warnings);
    apply_ssda903(&mut store, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    let q1 = store.child("Q1").unwrap();
    assert_eq!(
        (q1.status, q1.entered_care, q1.left_care),
        (ChildStatus::LookedAfter, date(2017, 6, 1), None)
    );
    let ps = store.placements_for_child("Q1").unwrap();
    assert_eq!(
        ps.iter().map(|p| (p.start, p.end)).collect::<Vec<_>>(),
        [(date(2017, 6, 1), None)]
    );
    for on in [date(2018, 3, 31), date(2019, 3, 31), date(2020, 3, 31)] {
        assert!(q1.looked_after_on(on), "{on}");
    }
}

/// The projection checked against the councils' own past, as the peers'
/// demand models were: each council imported on its own, rates fitted on
/// the 24 months to 27/03/2020 (the window's default), 24 months
/// projected, the three councils' projections added up and set against
/// the children looked after at each month's end by the episodes' own
/// count (not the importer's), which the backtest's own actual count must
/// equal.
///
/// Measured (printed): 4.3% mean absolute error, all of it over (5.5%
/// when each band leaned on its category's all-age rate instead of taking
/// the council's age profile); one exit rate per placement type with
/// nobody moving is 4.7% here. Both are over
/// because of what no rate measured before April 2020 can know: these
/// files' children left care unusually seldom in 2019-20 (58 before 18,
/// against 76 the year before and 81 the year after, with 80 to 90
/// entrants each year), so the numbers in care grew from 219 in April 2017
/// to 267 in April 2020 and then held still. (Before leaving in the month
/// before 18 was counted as leaving at 18, the leavers just before 18 were
/// counted twice, which took too many out and happened to offset this:
/// 5.1% and 4.0%.) The bound below guards the figure against getting worse.
#[test]
fn the_three_councils_past_is_projected_within_five_percent() {
    use placement_planner::scenario::backtest::backtest;
    use placement_planner::scenario::{project, Levers};
    let kids = generate();
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_files(dir.path(), &kids);
    let start = date(2020, 3, 27);
    let months = 24usize;
    let mut projected = vec![0.0f64; months];
    let mut old_model = vec![0.0f64; months];
    let mut actual = vec![0u32; months];
    let mut backtest_actual = vec![0u32; months];
    for (la, _) in COUNCILS {
        let x = expected_for(&h, &e, &kids, la);
        let mut store = Store::open(&dir.path().join(format!("{la}.sqlite"))).unwrap();
        let opts = Ssda903Options {
            year: None,
            la: Some(la.to_string()),
        };
        let plan = preview_ssda903_with(&h, &e, &store, &opts, &Progress::new()).unwrap();
        apply_ssda903(&mut store, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
        let data = store.county_data().unwrap();
        let b = backtest(&data, start, months as u32, 24);
        let mut old = b.baseline.clone();
        old.exit_cells.clear();
        old.move_cells.clear();
        let old_p = project(
            &old,
            &Levers {
                horizon_years: 2,
                ..Levers::default()
            },
        );
        assert_eq!(b.rows.len(), months);
        assert_eq!(b.rows[0].month_end, date(2020, 4, 26));
        for (i, r) in b.rows.iter().enumerate() {
            projected[i] += r.projected_total;
            old_model[i] += old_p.months[i].baseline.total_children();
            backtest_actual[i] += r.actual_total;
            actual[i] += x
                .records
                .values()
                .filter(|rec| rec.looked_after_on(r.month_end))
                .count() as u32;
        }
    }
    assert_eq!(backtest_actual, actual);
    assert!(actual.iter().all(|&a| a >= 200), "{actual:?}");
    let score = |p: &[f64]| {
        let errors: Vec<f64> = p
            .iter()
            .zip(&actual)
            .map(|(p, &a)| (p - f64::from(a)) / f64::from(a) * 100.0)
            .collect();
        let n = errors.len() as f64;
        (
            errors.iter().map(|e| e.abs()).sum::<f64>() / n,
            errors.iter().sum::<f64>() / n,
        )
    };
    let (mape, bias) = score(&projected);
    let (old_mape, old_bias) = score(&old_model);
    println!(
        "24 months from 27/03/2020, three councils: mean absolute error {mape:.1}%, bias \
         {bias:+.1}%; one exit rate per placement type, no moves: {old_mape:.1}%, {old_bias:+.1}%"
    );
    assert!(mape < 5.0, "{mape}");
}
