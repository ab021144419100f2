//! Which returns a pair of files holds: one council's one year (a return as
//! DfE receives it), or several years and councils in one file with `YEAR`
//! and `LA` columns (the layout of Social Finance's regional demand model
//! and the LIIA pipelines).
//!
//! # The collection year
//!
//! - With a `YEAR` column, each value is one return. A value such as
//!   `2019-20` says which year it is. A bare `2020` may mean the year the
//!   return starts or the year it ends, and files differ: it is decided
//!   from the dates each year's episodes hold (the latest DECOM or DEC falls
//!   in the return's own year), taking the reading most years agree on, and
//!   the summary says which collection year each value was read as.
//! - Without one: `--year` when given; else a year in the file names
//!   (`2025-26`, `2025_26`); else the year of the latest date in the file.
//!
//! # The council
//!
//! With an `LA` column holding more than one council, the user must pick
//! one ([`ImportError::ChooseCouncil`] lists them with their children);
//! rows of other councils are left aside without a finding.

use super::table::Table;
use super::Ssda903Options;
use crate::import::{ImportError, ImportIssue};
use crate::model::{parse_uk_date, CollectionYear};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How rows with a blank `LA` are listed and chosen.
const BLANK_COUNCIL: &str = "(blank)";

/// One return inside the files: its year and its rows (indices into each
/// table's `rows`).
#[derive(Debug, Clone)]
pub(super) struct Return {
    pub year: CollectionYear,
    pub header_rows: Vec<usize>,
    pub episode_rows: Vec<usize>,
}

/// The returns the files hold, oldest first, with rows that belong to no
/// return (a `YEAR` that is not a year) and the sentences saying how the
/// files were read.
pub(super) struct Returns {
    pub returns: Vec<Return>,
    pub refused: Vec<ImportIssue>,
    /// Children with a refused row here: (file, line) of the first.
    pub refused_children: HashMap<String, (String, u64)>,
    pub read_as: Vec<String>,
}

fn value(t: &Table, row: usize, col: usize) -> &str {
    t.rows[row].1.get(col).unwrap_or("").trim()
}

/// Picks one council's rows, or asks which.
fn council_rows(
    h: &Table,
    e: &Table,
    la: Option<&str>,
    read_as: &mut Vec<String>,
) -> Result<(Vec<usize>, Vec<usize>), ImportError> {
    let all = |t: &Table| (0..t.rows.len()).collect::<Vec<usize>>();
    let (hc, ec) = (h.col("LA"), e.col("LA"));
    if hc.is_none() && ec.is_none() {
        return Ok((all(h), all(e)));
    }
    // Councils and their distinct children, in the order first seen.
    let mut order: Vec<String> = Vec::new();
    let mut children: HashMap<String, HashSet<&str>> = HashMap::new();
    let mut by_upper: HashMap<String, String> = HashMap::new();
    for (t, col) in [(h, hc), (e, ec)] {
        let (Some(col), Some(child)) = (col, t.col("CHILD")) else {
            continue;
        };
        for r in 0..t.rows.len() {
            let name = value(t, r, col);
            let key = name.to_uppercase();
            if !by_upper.contains_key(&key) {
                by_upper.insert(key.clone(), name.to_string());
                order.push(key.clone());
            }
            children.entry(key).or_default().insert(value(t, r, child));
        }
    }
    let listed = || -> Vec<(String, usize)> {
        order
            .iter()
            .map(|k| {
                let shown = by_upper[k].clone();
                (
                    if shown.is_empty() {
                        BLANK_COUNCIL.to_string()
                    } else {
                        shown
                    },
                    children.get(k).map_or(0, HashSet::len),
                )
            })
            .collect()
    };
    let chosen = match la {
        Some(name) => {
            // Rows with no LA are listed, and chosen, as "(blank)".
            let key = if name.trim() == BLANK_COUNCIL {
                String::new()
            } else {
                name.trim().to_uppercase()
            };
            if !by_upper.contains_key(&key) {
                return Err(ImportError::unreadable(ImportIssue::file(
                    &e.file,
                    format!(
                        "no rows have LA '{}'; the councils in the file are {}",
                        name.trim(),
                        council_list(&listed())
                    ),
                )));
            }
            key
        }
        None if order.len() > 1 => {
            return Err(ImportError::ChooseCouncil {
                file: e.file.clone(),
                councils: listed(),
            })
        }
        None => match order.first() {
            Some(k) => k.clone(),
            None => return Ok((all(h), all(e))),
        },
    };
    if order.len() > 1 {
        read_as.push(format!(
            "Council {}: {} children; the file holds {} councils and the others are left aside",
            by_upper[&chosen],
            children.get(&chosen).map_or(0, HashSet::len),
            order.len()
        ));
    }
    let pick = |t: &Table, col: Option<usize>| -> Vec<usize> {
        match col {
            None => all(t),
            Some(c) => (0..t.rows.len())
                .filter(|&r| value(t, r, c).to_uppercase() == chosen)
                .collect(),
        }
    };
    Ok((pick(h, hc), pick(e, ec)))
}

/// "Barsetshire (190 children), Wessex (201 children)"
pub fn council_list(councils: &[(String, usize)]) -> String {
    councils
        .iter()
        .map(|(n, c)| format!("{n} ({c} {})", if *c == 1 { "child" } else { "children" }))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The latest DECOM or DEC among some episode rows that read as dates.
fn latest_date(e: &Table, rows: &[usize]) -> Option<jiff::civil::Date> {
    let cols: Vec<usize> = ["DECOM", "DEC"].iter().filter_map(|c| e.col(c)).collect();
    rows.iter()
        .flat_map(|&r| cols.iter().map(move |&c| (r, c)))
        .filter_map(|(r, c)| parse_uk_date(value(e, r, c)).ok())
        .max()
}

/// Splits the files into returns (see the module notes).
pub(super) fn split(
    h: &Table,
    e: &Table,
    names: (&str, &str),
    opts: &Ssda903Options,
) -> Result<Returns, ImportError> {
    let mut read_as = Vec::new();
    let (hrows, erows) = council_rows(h, e, opts.la.as_deref(), &mut read_as)?;
    let (hy, ey) = (h.col("YEAR"), e.col("YEAR"));
    let Some(ey) = ey else {
        if hy.is_some() {
            return Err(ImportError::unreadable(ImportIssue::file(
                &e.file,
                format!(
                    "the header file {} has a YEAR column but the episodes file has none: give both files the same years",
                    h.file
                ),
            )));
        }
        let year = match (
            opts.year,
            CollectionYear::from_file_name(names.1)
                .or_else(|| CollectionYear::from_file_name(names.0)),
        ) {
            (Some(y), _) => {
                read_as.push(format!("Read as the {y} return (as asked)"));
                y
            }
            (None, Some(y)) => {
                read_as.push(format!("Read as the {y} return (from the file name)"));
                y
            }
            (None, None) => match latest_date(e, &erows) {
                Some(d) => {
                    let y = CollectionYear::of(d);
                    read_as.push(format!(
                        "Read as the {y} return (its latest date is {}; give the year if it is another year's)",
                        crate::model::format_uk_date(d)
                    ));
                    y
                }
                // No readable date: every row will be refused anyway.
                None => CollectionYear::of(crate::model::date::today()),
            },
        };
        return Ok(Returns {
            returns: vec![Return {
                year,
                header_rows: hrows,
                episode_rows: erows,
            }],
            refused: Vec::new(),
            refused_children: HashMap::new(),
            read_as,
        });
    };

    if let Some(y) = opts.year {
        read_as.push(format!(
            "The YEAR column gives each return's year: the {y} asked for is not used"
        ));
    }
    // Group by the YEAR text; a value that is not a year is refused.
    let mut refused = Vec::new();
    let mut refused_children: HashMap<String, (String, u64)> = HashMap::new();
    let mut groups: BTreeMap<String, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let mut group = |t: &Table, rows: &[usize], col: usize, episodes: bool| {
        for &r in rows {
            let y = value(t, r, col);
            if CollectionYear::parse(y).is_none() {
                if let Some(c) = t.col("CHILD") {
                    refused_children
                        .entry(value(t, r, c).to_string())
                        .or_insert_with(|| (t.file.clone(), t.rows[r].0));
                }
                refused.push(ImportIssue::at(
                    &t.file,
                    t.rows[r].0,
                    &t.columns[col],
                    y,
                    "not a collection year (such as 2019 or 2019-20): the row is left out",
                ));
                continue;
            }
            let g = groups.entry(y.to_string()).or_default();
            if episodes {
                g.1.push(r);
            } else {
                g.0.push(r);
            }
        }
    };
    group(e, &erows, ey, true);
    if let Some(hy) = hy {
        group(h, &hrows, hy, false);
    }
    // A bare year: the year it starts, or the year it ends?
    let bare = |label: &str| label.len() == 4;
    let mut votes = [0usize; 2];
    for (label, (_, eps)) in &groups {
        if !bare(label) {
            continue;
        }
        let (Some(n), Some(d)) = (label.parse::<i32>().ok(), latest_date(e, eps)) else {
            continue;
        };
        match n - CollectionYear::of(d).start_year() {
            0 => votes[0] += 1,
            1 => votes[1] += 1,
            _ => {}
        }
    }
    let ends = votes[1] > votes[0];
    let mut by_year: BTreeMap<CollectionYear, Return> = BTreeMap::new();
    for (label, (hr, er)) in groups {
        let year = if bare(&label) {
            let n: i32 = label.parse().unwrap_or_default();
            CollectionYear::starting(if ends { n - 1 } else { n })
        } else {
            CollectionYear::parse(&label)
        };
        let Some(year) = year else {
            continue;
        };
        read_as.push(if bare(&label) {
            format!(
                "YEAR {label} read as the {year} return (the year it {})",
                if ends { "ends" } else { "starts" }
            )
        } else {
            format!("YEAR {label} read as the {year} return")
        });
        let r = by_year.entry(year).or_insert_with(|| Return {
            year,
            header_rows: Vec::new(),
            episode_rows: Vec::new(),
        });
        r.header_rows.extend(hr);
        r.episode_rows.extend(er);
    }
    if hy.is_none() {
        // One header for every year.
        for r in by_year.values_mut() {
            r.header_rows = hrows.clone();
        }
    }
    let returns: Vec<Return> = by_year.into_values().collect();
    Ok(Returns {
        returns,
        refused,
        refused_children,
        read_as,
    })
}
