//! The children and their placement histories as each return leaves them.
//!
//! [`History`] starts from what the store holds and takes the returns in
//! turn, oldest first, exactly as if each had been imported on its own:
//! each return is checked and merged against the history the returns
//! before it left. Placements a return adds get provisional (negative) ids
//! so a later return can update or replace them; at the end
//! [`History::changes`] compares the result with the store, child by child.
//!
//! Each child's periods of care are worked out from the merged placements
//! ([`super::periods`]).

use super::periods::set_periods;
use super::returns::Return;
use super::rows::{parse_episode_row, parse_header_row, Episode, HeaderRow};
use super::table::{too_long, Fields, Table};
use super::ChildChange;
use crate::geography::entry_grid;
use crate::import::{DfeRule, ImportError, ImportIssue, Progress};
use crate::model::child::{ChildStatus, Sex};
use crate::model::codes::LegalStatus;
use crate::model::date::age_on;
use crate::model::{
    format_uk_date, Child, CollectionYear, Placement, PlacementSetting, Postcode, PostcodeEntry,
};
use crate::store::{Store, StoreResult};
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What the postcode directory says about one postcode field.
struct Located {
    postcode: Option<Postcode>,
    /// The grid reference as the store reports it (`children.home_location`).
    stored_grid: Option<crate::model::GridRef>,
    /// Why the distance will be "not known", when it will.
    problem: Option<&'static str>,
}

/// Findings of the whole import, by kind.
#[derive(Debug, Default)]
pub(super) struct Findings {
    pub refused: Vec<ImportIssue>,
    pub warnings: Vec<ImportIssue>,
    pub notes: Vec<ImportIssue>,
}

/// A finding on an episode's DECOM: the file, its line, the date.
fn decom_issue(file: &str, ep: &Episode, reason: String) -> ImportIssue {
    ImportIssue::at(file, ep.line, "DECOM", &format_uk_date(ep.decom), reason)
}

/// What one return's checks found so far: the refused rows, and the
/// children with a refused row ((file, line) of the first).
struct ReturnCheck {
    refused: Vec<ImportIssue>,
    bad: HashMap<String, (String, u64)>,
}

impl ReturnCheck {
    fn mark_bad(&mut self, id: &str, file: &str, line: u64) {
        if !id.is_empty() {
            self.bad
                .entry(id.to_string())
                .or_insert_with(|| (file.to_string(), line));
        }
    }

    /// A child is imported whole or not at all: every other row of a child
    /// with a refused row is refused with it.
    fn refuse_the_rest(
        &mut self,
        h: &Table,
        e: &Table,
        header_lines: &HashMap<String, Vec<u64>>,
        by_child: &BTreeMap<String, Vec<Episode>>,
    ) {
        let refused = &mut self.refused;
        let bad = &self.bad;
        let refused_lines: HashSet<(String, u64)> = refused
            .iter()
            .filter_map(|i| i.line.map(|l| (i.file.clone(), l)))
            .collect();
        let mut bad_sorted: Vec<(&String, &(String, u64))> = bad.iter().collect();
        bad_sorted.sort();
        for (id, (file, line)) in bad_sorted {
            let mut collateral = |t: &Table, lines: Vec<u64>| {
                for l in lines {
                    if !refused_lines.contains(&(t.file.clone(), l)) {
                        refused.push(
                            ImportIssue::at(
                                &t.file,
                                l,
                                "CHILD",
                                id,
                                format!(
                                    "left out with the rest of child {id}'s records (because \
                                     {file} line {line} was refused)"
                                ),
                            )
                            .because_of(file, *line),
                        );
                    }
                }
            };
            collateral(h, header_lines.get(id).cloned().unwrap_or_default());
            collateral(
                e,
                by_child
                    .get(id)
                    .map(|eps| eps.iter().map(|ep| ep.line).collect())
                    .unwrap_or_default(),
            );
        }
    }
}

/// The records as the returns so far leave them (see the module notes).
pub(super) struct History<'a> {
    store: &'a Store,
    directory: HashMap<Postcode, Option<PostcodeEntry>>,
    original_children: HashMap<String, Child>,
    original_placements: HashMap<String, Vec<Placement>>,
    children: HashMap<String, Child>,
    placements: HashMap<String, Vec<Placement>>,
    /// The next provisional id (negative) for a placement a return adds.
    next_provisional_id: i64,
    /// Children a return changed or may have changed.
    touched: BTreeSet<String>,
    /// Children the files hold (imported from at least one return).
    in_file: BTreeSet<String>,
    /// Returns known, the store's and this import's: year → children.
    returns: BTreeMap<CollectionYear, HashSet<String>>,
    /// The returns this import records, oldest first, with their children.
    pub recorded: Vec<(CollectionYear, Vec<String>)>,
    pub findings: Findings,
    /// The return being read: its year's last day and its episodes file.
    year_end: Date,
    episodes_file: String,
    /// Every child's header row in the files, from the latest return that
    /// has one: a child with episodes in a return whose header misses them
    /// takes their sex and date of birth from another year of the same
    /// files (multi-year extracts often hold a child's header once).
    file_headers: HashMap<String, (CollectionYear, HeaderRow)>,
}

impl<'a> History<'a> {
    /// The store's children, placements and returns.
    pub fn load(store: &'a Store) -> StoreResult<History<'a>> {
        let children: HashMap<String, Child> = store
            .children()?
            .into_iter()
            .map(|c| (c.id.clone(), c))
            .collect();
        let mut placements: HashMap<String, Vec<Placement>> = HashMap::new();
        for p in store.placements()? {
            placements.entry(p.child_id.clone()).or_default().push(p);
        }
        let returns = store
            .ssda903_returns()?
            .into_iter()
            .map(|r| (r.year, r.children))
            .collect();
        Ok(History {
            store,
            directory: HashMap::new(),
            original_children: children.clone(),
            original_placements: placements.clone(),
            children,
            placements,
            next_provisional_id: -1,
            touched: BTreeSet::new(),
            in_file: BTreeSet::new(),
            returns,
            recorded: Vec::new(),
            findings: Findings::default(),
            year_end: Date::MIN,
            episodes_file: String::new(),
            file_headers: HashMap::new(),
        })
    }

    /// Reads the header rows of every return in the files (oldest first),
    /// keeping each child's row from the latest return that has a readable
    /// one. A row that cannot be read is left to its own return to refuse.
    pub fn know_file_headers(&mut self, h: &Table, returns: &[Return]) {
        for r in returns {
            for &i in &r.header_rows {
                let (line, rec) = &h.rows[i];
                if too_long(h, *line, rec).is_some() {
                    continue;
                }
                let f = Fields {
                    t: h,
                    line: *line,
                    rec,
                };
                if let Ok(row) = parse_header_row(&f) {
                    self.file_headers.insert(row.id.clone(), (r.year, row));
                }
            }
        }
    }

    /// Checks one return and merges it into the history (see the module
    /// notes). `refused_children` are children with a row refused outside
    /// any return (a `YEAR` that is not a year): left out of every return.
    pub fn take_return(
        &mut self,
        h: &Table,
        e: &Table,
        r: &Return,
        refused_children: &HashMap<String, (String, u64)>,
        progress: &Progress,
    ) -> Result<(), ImportError> {
        let year = r.year;
        self.year_end = year.last_day();
        self.episodes_file = e.file.clone();
        let mut check = ReturnCheck {
            refused: Vec::new(),
            bad: refused_children.clone(),
        };
        let (headers, header_lines) = self.read_headers(h, r, &mut check);
        let mut by_child = self.read_episodes(e, r, &mut check, progress)?;
        self.check_histories(e, &mut by_child, &headers, &mut check);
        check.refuse_the_rest(h, e, &header_lines, &by_child);
        let ReturnCheck { mut refused, bad } = check;

        // Header children with no episodes.
        let mut no_episodes: Vec<&HeaderRow> = headers
            .values()
            .filter(|hr| !by_child.contains_key(&hr.id) && !bad.contains_key(&hr.id))
            .collect();
        no_episodes.sort_by_key(|hr| hr.line);
        for hr in no_episodes {
            let what = if self.children.contains_key(&hr.id) {
                "the stored record is left as it is"
            } else {
                "not imported"
            };
            self.findings.notes.push(ImportIssue::at(
                &h.file,
                hr.line,
                "CHILD",
                &hr.id,
                format!(
                    "child {} has no episodes in the {year} return; {what}",
                    hr.id
                ),
            ));
        }

        let mut imported: Vec<String> = Vec::new();
        for (n, (id, eps)) in by_child.iter().enumerate() {
            if n.is_multiple_of(1024) {
                progress.check()?;
            }
            if bad.contains_key(id) {
                continue;
            }
            let stored = self.children.get(id).cloned();
            let (sex, dob, dob_from) = match (headers.get(id), &stored) {
                (Some(hr), Some(s)) => {
                    if hr.dob != s.date_of_birth {
                        self.findings.warnings.push(ImportIssue::at(
                            &h.file,
                            hr.line,
                            "DOB",
                            &format_uk_date(hr.dob),
                            format!(
                                "child {id}'s date of birth was {} before this {year} return: the return's is used",
                                format_uk_date(s.date_of_birth)
                            ),
                        ));
                    }
                    (hr.sex, hr.dob, "date of birth in this return's header")
                }
                (Some(hr), None) => (hr.sex, hr.dob, "date of birth in this return's header"),
                (None, Some(s)) => {
                    self.note_child(
                        id,
                        format!("child {id} is not in the header file; the date of birth and sex already stored are used"),
                    );
                    (s.sex, s.date_of_birth, "stored date of birth")
                }
                (None, None) if self.file_headers.contains_key(id) => {
                    let (other, hr) = &self.file_headers[id];
                    let (sex, dob, line) = (hr.sex, hr.dob, hr.line);
                    self.note_child(
                        id,
                        format!(
                            "child {id} is not in the {year} return's header; the sex and date of birth \
                             from the {other} return's header ({}, line {line}) are used",
                            h.file
                        ),
                    );
                    (sex, dob, "date of birth in another return's header")
                }
                (None, None) => {
                    for ep in eps {
                        self.findings.notes.push(ImportIssue::at(
                            &e.file,
                            ep.line,
                            "CHILD",
                            id,
                            format!("episode not imported: child {id} is not in the header file"),
                        ));
                    }
                    continue;
                }
            };
            if !headers.contains_key(id) && eps.iter().any(|ep| ep.decom < dob) {
                for ep in eps.iter().filter(|ep| ep.decom < dob) {
                    refused.push(decom_issue(
                        &e.file,
                        ep,
                        format!(
                            "the episode starts before the child's {dob_from} ({})",
                            format_uk_date(dob)
                        ),
                    ));
                }
                continue;
            }
            let (mut child, file_placements) =
                self.build_from_return(id, sex, dob, stored.as_ref(), eps)?;
            let old = self.placements.get(id).cloned().unwrap_or_default();
            let first_reason = eps[0].reason.as_deref();
            let first_decom = eps[0].decom;
            // A return of a later year than any that held the child is newer
            // whatever its dates say (an episode ended only because a year's
            // return missed the child is open again when a later one has it).
            let later_return = self
                .returns
                .iter()
                .filter(|(_, kids)| kids.contains(id))
                .map(|(y, _)| *y)
                .max()
                .is_some_and(|held_last| year > held_last);
            let (mut placements, file_wins) =
                self.merge(id, &old, file_placements, first_reason, later_return);
            if let Some(s) = &stored {
                if !file_wins {
                    child = s.clone();
                }
            }
            // Where periods of care begin: the return's S episodes, and the
            // stored periods' starts where the stored history is kept.
            let mut starts: HashSet<Date> = eps
                .iter()
                .filter(|ep| ep.rne == "S")
                .map(|ep| ep.decom)
                .collect();
            if let Some(s) = &stored {
                starts.extend(
                    s.care_periods()
                        .map(|(from, _)| from)
                        .filter(|from| !file_wins || *from < first_decom),
                );
            }
            set_periods(&mut child, &placements, &starts);
            for p in placements.iter_mut().filter(|p| p.id == 0) {
                p.id = self.next_provisional_id;
                self.next_provisional_id -= 1;
            }
            self.children.insert(id.clone(), child);
            self.placements.insert(id.clone(), placements);
            self.touched.insert(id.clone());
            self.in_file.insert(id.clone());
            imported.push(id.clone());
        }

        // A child whose rows here are refused is held (left out of this
        // return only), not absent.
        let held: HashSet<String> = by_child.keys().chain(bad.keys()).cloned().collect();
        self.close_stale_episodes(year, &held, &bad, e);
        imported.sort();
        self.returns
            .insert(year, imported.iter().cloned().collect());
        self.recorded.push((year, imported));
        self.findings.refused.extend(refused);
        Ok(())
    }

    /// The return's header rows by child; a child listed twice with the
    /// same details is one child (a warning), with different details
    /// refused. Also every header line of each child, for refusals.
    fn read_headers(
        &mut self,
        h: &Table,
        r: &Return,
        check: &mut ReturnCheck,
    ) -> (HashMap<String, HeaderRow>, HashMap<String, Vec<u64>>) {
        let mut header_rows: BTreeMap<String, Vec<HeaderRow>> = BTreeMap::new();
        let mut header_lines: HashMap<String, Vec<u64>> = HashMap::new();
        for &i in &r.header_rows {
            let (line, rec) = &h.rows[i];
            let f = Fields {
                t: h,
                line: *line,
                rec,
            };
            let parsed = match too_long(h, *line, rec) {
                Some(issue) => Err(issue),
                None => parse_header_row(&f),
            };
            match parsed {
                Ok(row) => {
                    header_lines
                        .entry(row.id.clone())
                        .or_default()
                        .push(row.line);
                    header_rows.entry(row.id.clone()).or_default().push(row);
                }
                Err(issue) => {
                    check.refused.push(issue);
                    check.mark_bad(f.get("CHILD"), &h.file, *line);
                }
            }
        }
        let mut headers: HashMap<String, HeaderRow> = HashMap::new();
        for (id, rows) in header_rows {
            let first = &rows[0];
            if rows.len() > 1 {
                let lines: Vec<String> = rows.iter().map(|r| r.line.to_string()).collect();
                let same = rows
                    .iter()
                    .all(|r| r.sex == first.sex && r.dob == first.dob);
                for row in &rows[1..] {
                    if same {
                        self.findings.warnings.push(ImportIssue::at(
                            &h.file,
                            row.line,
                            "CHILD",
                            &id,
                            format!(
                                "CHILD {id} appears {} times in the header (lines {}) with the same sex and date of birth: read as one child",
                                rows.len(),
                                lines.join(", ")
                            ),
                        ));
                    }
                }
                if !same {
                    let seen: Vec<String> = rows
                        .iter()
                        .map(|r| {
                            format!(
                                "line {}: born {}, sex {}",
                                r.line,
                                format_uk_date(r.dob),
                                r.sex.code()
                            )
                        })
                        .collect();
                    for row in &rows {
                        check.refused.push(ImportIssue::at(
                            &h.file,
                            row.line,
                            "CHILD",
                            &id,
                            format!(
                                "CHILD {id} appears {} times in the header with different details ({}): which is right cannot be told",
                                rows.len(),
                                seen.join("; ")
                            ),
                        ));
                    }
                    check.mark_bad(&id, &h.file, first.line);
                    continue;
                }
            }
            headers.insert(id, rows.into_iter().next().expect("one row or more"));
        }

        (headers, header_lines)
    }

    /// The return's episode rows that read, by child; a row that does not
    /// is refused, and its warnings are kept only when it reads.
    fn read_episodes(
        &mut self,
        e: &Table,
        r: &Return,
        check: &mut ReturnCheck,
        progress: &Progress,
    ) -> Result<BTreeMap<String, Vec<Episode>>, ImportError> {
        let year = r.year;
        let mut by_child: BTreeMap<String, Vec<Episode>> = BTreeMap::new();
        for (n, &i) in r.episode_rows.iter().enumerate() {
            if n.is_multiple_of(4096) {
                progress.check()?;
            }
            let (line, rec) = &e.rows[i];
            let f = Fields {
                t: e,
                line: *line,
                rec,
            };
            let mut row_warnings = Vec::new();
            let parsed = match too_long(e, *line, rec) {
                Some(issue) => Err(issue),
                None => parse_episode_row(&f, year, &mut row_warnings),
            };
            match parsed {
                Ok(ep) => {
                    self.findings.warnings.extend(row_warnings);
                    by_child.entry(ep.child.clone()).or_default().push(ep);
                }
                Err(issue) => {
                    check.refused.push(issue);
                    check.mark_bad(f.get("CHILD"), &e.file, *line);
                }
            }
        }
        Ok(by_child)
    }

    /// Each child's episodes in order: an episode before the date of birth,
    /// or two different episodes starting the same day, or a closed episode
    /// running past the next one's start, is refused; the same episode
    /// twice is read once; an episode still open when the next begins is
    /// ended that day (rule 142). Warnings for what is read.
    fn check_histories(
        &mut self,
        e: &Table,
        by_child: &mut BTreeMap<String, Vec<Episode>>,
        headers: &HashMap<String, HeaderRow>,
        check: &mut ReturnCheck,
    ) {
        for (id, eps) in by_child.iter_mut() {
            eps.sort_by_key(|ep| (ep.decom, ep.line));
            if let Some(hr) = headers.get(id) {
                for ep in eps.iter().filter(|ep| ep.decom < hr.dob) {
                    check.refused.push(decom_issue(
                        &e.file,
                        ep,
                        format!(
                            "the episode starts before the child's date of birth ({}, header line {})",
                            format_uk_date(hr.dob),
                            hr.line
                        ),
                    ));
                    check.mark_bad(id, &e.file, ep.line);
                }
            }
            let mut kept: Vec<Episode> = Vec::with_capacity(eps.len());
            for b in eps.drain(..) {
                let Some(a) = kept.last_mut() else {
                    kept.push(b);
                    continue;
                };
                if a.decom == b.decom {
                    if a.same_as(&b) {
                        self.findings.warnings.push(decom_issue(
                            &e.file,
                            &b,
                            format!("child {id}: the same episode as line {}: read once", a.line),
                        ));
                        continue;
                    }
                    check.refused.push(decom_issue(
                        &e.file,
                        &b,
                        format!(
                            "duplicate episode: child {id} already has a different episode starting {} (line {})",
                            format_uk_date(a.decom),
                            a.line
                        ),
                    ));
                    check.mark_bad(id, &e.file, b.line);
                } else if a.dec.is_none() {
                    self.findings.warnings.push(
                        ImportIssue::at(
                            &e.file,
                            a.line,
                            "DEC",
                            "",
                            format!(
                                "child {id}: this episode (from {}) is still open when the next one begins on {} (line {}): it is ended that day",
                                format_uk_date(a.decom),
                                format_uk_date(b.decom),
                                b.line
                            ),
                        )
                        .with_rule(DfeRule::R142),
                    );
                    a.dec = Some(b.decom);
                    a.rec = Some("X1".into());
                } else if a.dec.is_some_and(|d| d > b.decom) {
                    check.refused.push(decom_issue(
                        &e.file,
                        &b,
                        format!(
                            "overlaps child {id}'s episode on line {} ({} to {})",
                            a.line,
                            format_uk_date(a.decom),
                            a.dec.map_or("open".to_string(), format_uk_date)
                        ),
                    ));
                    check.mark_bad(id, &e.file, b.line);
                }
                kept.push(b);
            }
            *eps = kept;
        }
    }

    /// Children the last year's return held with an episode still open and
    /// this one does not hold left care when that return ended (a
    /// warning); other stored children this return does not hold whose
    /// placement is still open are noted.
    fn close_stale_episodes(
        &mut self,
        year: CollectionYear,
        held: &HashSet<String>,
        bad: &HashMap<String, (String, u64)>,
        e: &Table,
    ) {
        // Children the last year's return held with an episode still open,
        // absent from this one: they left care when that return ended.
        let previous = self.returns.get(&year.previous()).cloned();
        let mut stale_ended: HashSet<String> = HashSet::new();
        if let Some(previous) = &previous {
            // In care to the end of the last return, as it says: they left
            // on the first day of this one.
            let end = year.first_day();
            let mut ids: Vec<&String> = previous.iter().filter(|id| !held.contains(*id)).collect();
            ids.sort();
            for id in ids {
                let Some(ps) = self.placements.get_mut(id.as_str()) else {
                    continue;
                };
                let Some(open) = ps.iter_mut().find(|p| p.end.is_none() && p.start < end) else {
                    continue;
                };
                open.end = Some(end);
                let from = open.start;
                if let Some(c) = self.children.get_mut(id.as_str()) {
                    if c.status != ChildStatus::LeftCare && c.entered_care <= end {
                        c.status = ChildStatus::LeftCare;
                        c.left_care = Some(end);
                    }
                }
                self.findings.warnings.push(ImportIssue {
                    column: Some("CHILD".into()),
                    value: Some(id.clone()),
                    ..ImportIssue::file(
                        &e.file,
                        format!(
                            "child {id}: the episode from {} was still open at the end of the {} return but the {year} return does not hold the child: looked after to {}, left care on {}",
                            format_uk_date(from),
                            year.previous(),
                            format_uk_date(year.previous().last_day()),
                            format_uk_date(end)
                        ),
                    )
                });
                self.touched.insert(id.clone());
                stale_ended.insert(id.clone());
            }
        }
        // Other stored children still in care that this return does not hold.
        let mut missing: Vec<&Child> = self
            .children
            .values()
            .filter(|c| {
                !held.contains(&c.id) && !bad.contains_key(&c.id) && !stale_ended.contains(&c.id)
            })
            .collect();
        missing.sort_by(|a, b| a.id.cmp(&b.id));
        let mut missing_notes = Vec::new();
        for c in missing {
            let open = self.placements.get(&c.id).and_then(|ps| {
                ps.iter()
                    .find(|p| p.end.is_none() && p.start <= self.year_end)
            });
            if let Some(p) = open {
                missing_notes.push((
                    c.id.clone(),
                    format!(
                        "child {}: the stored open placement from {} is not in the {year} return; still shown as looked after: check whether they left care",
                        c.id,
                        format_uk_date(p.start)
                    ),
                ));
            }
        }
        for (id, note) in missing_notes {
            self.note_child(&id, note);
        }
    }

    /// What to write: each child the returns touched whose record or
    /// placements differ from the store's, and the counts (children added,
    /// updated, held unchanged).
    pub fn changes(&self) -> (Vec<ChildChange>, usize, usize, usize) {
        let (mut to_add, mut to_update, mut unchanged) = (0, 0, 0);
        let mut out = Vec::new();
        for id in &self.touched {
            let Some(child) = self.children.get(id) else {
                continue;
            };
            let now = self
                .placements
                .get(id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let was = self
                .original_placements
                .get(id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let was_by_id: HashMap<i64, &Placement> = was.iter().map(|p| (p.id, p)).collect();
            let kept: HashSet<i64> = now.iter().map(|p| p.id).collect();
            let inserts: Vec<Placement> = now
                .iter()
                .filter(|p| p.id < 0)
                .map(|p| Placement { id: 0, ..p.clone() })
                .collect();
            let updates: Vec<Placement> = now
                .iter()
                .filter(|p| p.id > 0 && was_by_id.get(&p.id).is_none_or(|o| *o != *p))
                .cloned()
                .collect();
            let deletes: Vec<i64> = was
                .iter()
                .map(|p| p.id)
                .filter(|id| !kept.contains(id))
                .collect();
            let stored = self.original_children.get(id);
            let child_same = stored.is_some_and(|s| {
                let mut c = child.clone();
                if c.home_postcode == s.home_postcode {
                    c.home_location = s.home_location;
                }
                c == *s
            });
            match stored {
                None => to_add += 1,
                Some(_)
                    if child_same
                        && inserts.is_empty()
                        && updates.is_empty()
                        && deletes.is_empty() =>
                {
                    if self.in_file.contains(id) {
                        unchanged += 1;
                    }
                    continue;
                }
                Some(_) => to_update += 1,
            }
            out.push(ChildChange {
                child: child.clone(),
                inserts,
                updates,
                deletes,
            });
        }
        (out, to_add, to_update, unchanged)
    }

    fn locate(&mut self, raw: &str) -> Result<Located, ImportError> {
        if raw.is_empty() {
            return Ok(Located {
                postcode: None,
                stored_grid: None,
                problem: Some("no postcode recorded: the distance will show as not known"),
            });
        }
        let Ok(pc) = Postcode::parse(raw) else {
            return Ok(Located {
                postcode: None,
                stored_grid: None,
                problem: Some("not a UK postcode: the distance will show as not known"),
            });
        };
        if !self.directory.contains_key(&pc) {
            let entry = self.store.postcode(&pc)?;
            self.directory.insert(pc, entry);
        }
        let entry = self.directory.get(&pc).and_then(Option::as_ref);
        let problem = match entry {
            None => Some("not in the postcode directory: the distance will show as not known"),
            Some(e) if entry_grid(e).is_none() => Some(
                "has no grid reference in the postcode directory: the distance will show as not known",
            ),
            Some(_) => None,
        };
        Ok(Located {
            postcode: Some(pc),
            stored_grid: entry.and_then(|e| e.grid),
            problem,
        })
    }

    fn note_postcode(&mut self, ep: &Episode, column: &str, located: &Located) {
        let short_breaks = matches!(ep.ls, LegalStatus::V3 | LegalStatus::V4);
        let raw = if column == "HOME_POST" {
            &ep.home_post
        } else {
            &ep.pl_post
        };
        if let Some(problem) = located.problem {
            // Short breaks (V3, V4) are returned without postcodes.
            if !(short_breaks && raw.is_empty()) {
                self.findings.notes.push(ImportIssue::at(
                    &self.episodes_file,
                    ep.line,
                    column,
                    raw,
                    format!("child {}: {problem}", ep.child),
                ));
            }
        }
    }

    fn note_child(&mut self, child: &str, reason: String) {
        self.findings.notes.push(ImportIssue {
            column: Some("CHILD".into()),
            value: Some(child.to_string()),
            ..ImportIssue::file(&self.episodes_file, reason)
        });
    }

    /// The child and one placement per episode, from the return alone.
    fn build_from_return(
        &mut self,
        id: &str,
        sex: Sex,
        dob: Date,
        stored: Option<&Child>,
        eps: &[Episode],
    ) -> Result<(Child, Vec<Placement>), ImportError> {
        let (Some(first), Some(last)) = (eps.first(), eps.last()) else {
            unreachable!("a child is built only from one or more episodes")
        };
        let entered = eps
            .iter()
            .rev()
            .find(|e| e.rne == "S")
            .map(|e| e.decom)
            .unwrap_or_else(|| match stored {
                Some(s) if s.entered_care <= first.decom => s.entered_care,
                _ => first.decom,
            })
            .max(dob);
        let (status, left_care) = match (last.dec, last.rec.as_deref()) {
            (None, _) => (ChildStatus::LookedAfter, None),
            (Some(_), Some("X1")) => {
                self.findings.notes.push(ImportIssue::at(
                    &self.episodes_file,
                    last.line,
                    "REC",
                    "X1",
                    format!(
                        "child {id}: the last episode ended with X1 (a new episode follows) but the return holds no later one; shown as looked after with no placement"
                    ),
                ));
                (ChildStatus::LookedAfter, None)
            }
            (Some(d), _) => (ChildStatus::LeftCare, Some(d)),
        };
        if last.dec.is_none() && age_on(dob, self.year_end) >= 18 {
            self.findings.notes.push(ImportIssue::at(
                &self.episodes_file,
                last.line,
                "DEC",
                "",
                format!(
                    "child {id} (born {}) is over 18 at the end of the return's year ({}) but this episode is still open: shown as looked after; check whether they left care",
                    format_uk_date(dob),
                    format_uk_date(self.year_end)
                ),
            ));
        }
        let home = self.locate(&last.home_post)?;
        self.note_postcode(last, "HOME_POST", &home);
        let child = Child {
            id: id.to_string(),
            name: stored.map_or_else(|| format!("Child {id}"), |s| s.name.clone()),
            date_of_birth: dob,
            sex,
            legal_status: last.ls,
            category_of_need: last.cin,
            disability: stored.is_some_and(|s| s.disability),
            sibling_group: stored.and_then(|s| s.sibling_group.clone()),
            home_postcode: home.postcode,
            home_location: home.stored_grid,
            status,
            entered_care: entered,
            left_care,
            earlier_periods: Vec::new(),
        };
        let mut placements: Vec<Placement> = Vec::with_capacity(eps.len());
        for ep in eps {
            let at = self.locate(&ep.pl_post)?;
            self.note_postcode(ep, "PL_POST", &at);
            placements.push(Placement {
                id: 0,
                child_id: id.to_string(),
                setting: PlacementSetting::Elsewhere,
                postcode: at.postcode,
                start: ep.decom,
                end: ep.dec,
                // A return holds no costs: not known, costed from the rates.
                weekly_cost: None,
                fee_changes: Vec::new(),
                place: ep.place,
                provider: ep.provider,
                reason_for_change: None,
            });
        }
        for i in 1..eps.len() {
            if let Some(r) = &eps[i].reason {
                if placements[i - 1].end == Some(eps[i].decom) {
                    placements[i - 1].reason_for_change = Some(r.clone());
                }
            }
        }
        Ok((child, placements))
    }

    /// The child's placement history after the import: the return's
    /// episodes merged with what is stored (see the module notes).
    fn merge(
        &mut self,
        id: &str,
        stored: &[Placement],
        mut file: Vec<Placement>,
        first_reason: Option<&str>,
        later_return: bool,
    ) -> (Vec<Placement>, bool) {
        let latest = |ps: &[Placement]| {
            ps.iter()
                .map(|p| p.end.unwrap_or(p.start).max(p.start))
                .max()
        };
        if stored.is_empty() {
            return (file, true);
        }
        let by_start: HashMap<Date, &Placement> = stored.iter().map(|p| (p.start, p)).collect();
        let file_starts: HashSet<Date> = file.iter().map(|p| p.start).collect();
        if !later_return && latest(&file) < latest(stored) {
            // The store holds a newer return: add only earlier history.
            let cutoff = stored
                .iter()
                .map(|p| p.start)
                .min()
                .unwrap_or(file[0].start);
            let mut out = stored.to_vec();
            out.extend(file.into_iter().filter(|f| {
                f.end.is_some_and(|e| e <= cutoff) && !by_start.contains_key(&f.start)
            }));
            out.sort_by_key(|p| (p.start, p.id));
            return (out, false);
        }
        let cutoff = file[0].start;
        let mut out = Vec::with_capacity(stored.len() + file.len());
        for s in stored {
            if file_starts.contains(&s.start) {
                continue;
            }
            if s.end.is_some_and(|e| e <= cutoff) {
                out.push(s.clone());
            } else if s.start < cutoff {
                let was = s.end.map_or("still open".to_string(), |e| {
                    format!("to {}", format_uk_date(e))
                });
                self.note_child(
                    id,
                    format!(
                        "child {id}: the stored placement from {} ({was}) is not in this return, whose episodes start on {}; it now ends on that day",
                        format_uk_date(s.start),
                        format_uk_date(cutoff)
                    ),
                );
                out.push(Placement {
                    end: Some(cutoff),
                    ..s.clone()
                });
            } else if s.end.is_none() {
                self.note_child(
                    id,
                    format!(
                        "child {id}: the stored open placement from {} is not in this newer return; replaced by the return's episodes",
                        format_uk_date(s.start)
                    ),
                );
            }
        }
        for f in &mut file {
            if let Some(s) = by_start.get(&f.start) {
                f.id = s.id;
                if s.place == f.place && s.provider == f.provider {
                    // A cost entered or imported from finance is kept: the
                    // return holds none.
                    f.setting = s.setting.clone();
                    f.weekly_cost = s.weekly_cost;
                    f.fee_changes = s.fee_changes.clone();
                }
            }
        }
        out.extend(file);
        if let Some(r) = first_reason {
            if let Some(p) = out
                .iter_mut()
                .find(|p| p.end == Some(cutoff) && p.start < cutoff)
            {
                p.reason_for_change = Some(r.to_string());
            }
        }
        out.sort_by_key(|p| (p.start, p.id));
        (out, true)
    }
}
