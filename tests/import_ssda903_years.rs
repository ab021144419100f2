//! SSDA903 returns as councils hold them: each return checked against its
//! own collection year's code list, several years (and councils) in one
//! file, children who leave care and come back, episodes left open, and
//! the three kinds of finding.
//!
//! Every fixture is written by the test itself, so each expectation can be
//! read against the rows above it.

mod common;

use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use jiff::civil::{date, Date};
use placement_planner::import::ssda903::{
    apply_ssda903, preview_ssda903, preview_ssda903_with, Ssda903Options, Ssda903Plan,
};
use placement_planner::import::{
    DfeRule, FindingKind, ImportError, ImportIssue, Progress, RejectedRows,
};
use placement_planner::model::child::{CarePeriod, ChildStatus};
use placement_planner::model::{Child, CollectionYear, PlaceCode, Placement};
use placement_planner::store::Store;
use placement_planner::sufficiency::looked_after_on;
use std::path::{Path, PathBuf};

fn rows(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn store(dir: &Path, name: &str) -> Store {
    Store::open(&dir.join(name)).unwrap()
}

fn preview(s: &Store, h: &Path, e: &Path, opts: &Ssda903Options) -> Ssda903Plan {
    preview_ssda903_with(h, e, s, opts, &Progress::new()).unwrap()
}

fn import(s: &mut Store, h: &Path, e: &Path, opts: &Ssda903Options) -> Ssda903Plan {
    let plan = preview(s, h, e, opts);
    apply_ssda903(s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    plan
}

fn year(n: i32) -> CollectionYear {
    CollectionYear::starting(n).unwrap()
}

fn refused_at<'a>(issues: &'a [ImportIssue], line: u64, column: &str) -> &'a ImportIssue {
    issues
        .iter()
        .find(|i| i.line == Some(line) && i.column.as_deref() == Some(column))
        .unwrap_or_else(|| panic!("nothing at line {line}, {column}: {issues:#?}"))
}

// ------------------------------------------------ codes by collection year

/// A young person in supported accommodation since June 2023, still there:
/// the 2025-26 return carries K3 for that episode (DfE rule 146 for
/// 2025-26; rule 503D: H5 last year, K3 this year). A custody move is
/// CUSTOD.
#[test]
fn an_open_episode_from_2023_carries_k3_in_the_2025_26_return() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "t.sqlite");
    let h = write_csv(
        dir.path(),
        "header_2025-26.csv",
        SSDA903_HEADER,
        &["A1,1,01/05/2008,WBRI,,,", "A2,2,03/03/2009,WBRI,,,"],
    );
    let e = write_csv(
        dir.path(),
        "episodes_2025-26.csv",
        SSDA903_EPISODES,
        &[
            "A1,15/06/2023,S,V2,N1,K3,PR4,,,,HP19 8FF,HP20 1AA,",
            // A2 goes into custody (R5) from a children's home.
            "A2,01/09/2024,S,C2,N6,K2,PR4,10/10/2025,X1,,HP19 8FF,HP20 1AA,",
            "A2,10/10/2025,P,C2,N6,R5,PR3,,,CUSTOD,HP19 8FF,HP20 1AA,",
        ],
    );
    let plan = import(&mut s, &h, &e, &Ssda903Options::default());
    let sum = plan.summary();
    assert!(sum.rejected.is_empty(), "{:#?}", sum.rejected);
    assert_eq!(sum.to_add, 2);
    assert_eq!(plan.years(), [year(2025)]);
    assert_eq!(
        sum.read_as,
        ["Read as the 2025-26 return (from the file name)"]
    );
    let a1 = s.placements_for_child("A1").unwrap();
    assert_eq!(
        (a1[0].place, a1[0].start),
        (PlaceCode::K3, date(2023, 6, 15))
    );
    let a2 = s.placements_for_child("A2").unwrap();
    // The reason on the new episode belongs to the placement that ended.
    assert_eq!(a2[0].reason_for_change.as_deref(), Some("CUSTOD"));
}

/// The same rows as a 2023-24 return (by its name, or as asked): K3 is
/// not on that year's list, so that child is refused, naming rule 146.
#[test]
fn k3_in_a_2023_24_return_is_refused_by_rule_146() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "t.sqlite");
    let rows = ["A1,15/06/2023,S,V2,N1,K3,PR4,,,,HP19 8FF,HP20 1AA,"];
    let h = write_csv(
        dir.path(),
        "header_2023_24.csv",
        SSDA903_HEADER,
        &["A1,1,01/05/2008,WBRI,,,"],
    );
    let e = write_csv(dir.path(), "episodes_2023_24.csv", SSDA903_EPISODES, &rows);
    let plan = preview(&s, &h, &e, &Ssda903Options::default());
    let i = refused_at(&plan.summary().rejected, 2, "PLACE");
    assert_eq!(
        i.to_string(),
        "episodes_2023_24.csv line 2, column PLACE, value 'K3': K3 is not a PLACE code in \
         2023-24 returns: it is used from 2024-25 on (DfE rule 146)"
    );
    // Asked for: the same file without a year in its name, read as 2023-24.
    let e = write_csv(dir.path(), "episodes.csv", SSDA903_EPISODES, &rows);
    let h = write_csv(
        dir.path(),
        "header.csv",
        SSDA903_HEADER,
        &["A1,1,01/05/2008,WBRI,,,"],
    );
    let opts = Ssda903Options {
        year: Some(year(2023)),
        la: None,
    };
    let plan = preview(&s, &h, &e, &opts);
    assert_eq!(
        plan.summary().read_as,
        ["Read as the 2023-24 return (as asked)"]
    );
    assert_eq!(
        refused_at(&plan.summary().rejected, 2, "PLACE")
            .rule
            .map(DfeRule::code),
        Some("146")
    );
    // And as 2024-25 it is fine (K3 is on the 2024-25 list).
    let opts = Ssda903Options {
        year: Some(year(2024)),
        la: None,
    };
    assert!(preview(&s, &h, &e, &opts).summary().rejected.is_empty());
}

// ------------------------------------------------------- periods of care

/// B1 leaves care in August 2019 (REC E4A) and comes back in December
/// (RNE S); B2's episodes have a gap (June to July 2019) with no S: each is
/// two periods of care, looked after in both and not between.
#[test]
fn a_child_who_leaves_and_comes_back_has_two_periods_of_care() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "t.sqlite");
    let h = write_csv(
        dir.path(),
        "header.csv",
        SSDA903_HEADER,
        &["B1,1,01/01/2010,WBRI,,,", "B2,2,01/01/2011,WBRI,,,"],
    );
    let e = write_csv(
        dir.path(),
        "episodes.csv",
        SSDA903_EPISODES,
        &[
            "B1,01/05/2019,S,V2,N4,U6,PR1,01/08/2019,E4A,,HP19 8FF,HP20 1AA,",
            "B1,01/12/2019,S,C2,N1,U4,PR4,,,,HP19 8FF,HP20 1AA,",
            "B2,01/05/2019,S,V2,N4,U6,PR1,01/06/2019,X1,,HP19 8FF,HP20 1AA,",
            "B2,01/07/2019,P,V2,N4,U6,PR4,,,,HP19 8FF,HP20 1AA,",
        ],
    );
    let plan = import(&mut s, &h, &e, &Ssda903Options::default());
    assert_eq!(plan.years(), [year(2019)]); // latest date 01/12/2019
    let b1 = s.child("B1").unwrap();
    assert_eq!(
        b1.earlier_periods,
        [CarePeriod {
            started: date(2019, 5, 1),
            ended: date(2019, 8, 1)
        }]
    );
    assert_eq!((b1.entered_care, b1.left_care), (date(2019, 12, 1), None));
    assert_eq!(b1.status, ChildStatus::LookedAfter);
    for (on, expected) in [
        (date(2019, 5, 1), true),
        (date(2019, 7, 31), true),
        (date(2019, 8, 1), false), // the day B1 left
        (date(2019, 10, 1), false),
        (date(2019, 12, 1), true),
        (date(2020, 3, 31), true),
    ] {
        assert_eq!(looked_after_on(&b1, on), expected, "B1 on {on}");
    }
    let b2 = s.child("B2").unwrap();
    assert_eq!(
        b2.earlier_periods,
        [CarePeriod {
            started: date(2019, 5, 1),
            ended: date(2019, 6, 1)
        }]
    );
    assert_eq!(b2.entered_care, date(2019, 7, 1));
    assert!(!looked_after_on(&b2, date(2019, 6, 15)));
    assert!(looked_after_on(&b2, date(2019, 7, 1)));
    // The periods live in the file: the audit trail records them too.
    let again = Store::open(&dir.path().join("t.sqlite")).unwrap();
    assert_eq!(again.child("B1").unwrap(), b1);
}

// ---------------------------------------- several years and councils at once

/// One council's three returns (2019-20 to 2021-22) and a second council's,
/// as the LIIA layout holds them: `YEAR` is the year each return ends, dates
/// are ISO. The same council's returns are also written one file pair per
/// year (DD/MM/YYYY, the year in the file name).
///
/// Northshire's children:
/// - N1 in care throughout; moves on 01/07/2021.
/// - N2 leaves on 01/09/2019 (E4A), absent in 2020-21, back 01/05/2021 (S).
/// - N3 enters 01/01/2020; its episode is still open at the end of 2019-20
///   but the 2020-21 return does not hold N3: looked after to 31/03/2020
///   (as that return says), left care on 01/04/2020, a warning.
/// - N4 enters 01/02/2021 with an open episode carrying REC X1 (a warning;
///   the REC is ignored), in both later returns.
/// - N5 is in the 2019-20 header twice with the same details (a warning).
/// - N6's first episode (01/06/2020) is still open when the second begins
///   (01/09/2020): ended that day, rule 142, a warning.
///
/// Southshire's rows use some of the same CHILD references with other
/// dates of birth: they must be left aside.
struct Years {
    rows_by_year: Vec<(i32, Vec<String>, Vec<String>)>,
}

fn northshire() -> Years {
    let h = |id: &str, sex: u8, dob: &str| format!("{id},{sex},{dob},WBRI,,,");
    Years {
        rows_by_year: vec![
            (
                2019,
                vec![
                    h("N1", 1, "01/03/2008"),
                    h("N2", 2, "02/04/2009"),
                    h("N3", 1, "03/05/2010"),
                    h("N5", 2, "05/07/2012"),
                    h("N5", 2, "05/07/2012"),
                ],
                vec![
                    "N1,01/06/2018,S,C2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                    "N2,01/05/2019,S,V2,N4,U4,PR4,01/09/2019,E4A,,HP19 8FF,MK9 1AB,".into(),
                    "N3,01/01/2020,S,V2,N2,K2,PR4,,,,HP20 1AA,B1 1AA,".into(),
                    "N5,01/02/2020,S,C1,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                ],
            ),
            (
                2020,
                vec![
                    h("N1", 1, "01/03/2008"),
                    h("N4", 1, "04/06/2011"),
                    h("N5", 2, "05/07/2012"),
                    h("N6", 1, "06/08/2013"),
                ],
                vec![
                    "N1,01/06/2018,S,C2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                    "N4,01/02/2021,S,V2,N5,U5,PR4,,X1,,HP19 8FF,MK9 1AB,".into(),
                    "N5,01/02/2020,S,C1,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                    "N6,01/06/2020,S,V2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                    "N6,01/09/2020,P,V2,N1,U4,PR4,,,CARPL,HP19 8FF,MK9 1AB,".into(),
                ],
            ),
            (
                2021,
                vec![
                    h("N1", 1, "01/03/2008"),
                    h("N2", 2, "02/04/2009"),
                    h("N4", 1, "04/06/2011"),
                    h("N5", 2, "05/07/2012"),
                    h("N6", 1, "06/08/2013"),
                ],
                vec![
                    "N1,01/06/2018,S,C2,N1,U6,PR1,01/07/2021,X1,,HP19 8FF,HP20 1AA,".into(),
                    "N1,01/07/2021,P,C2,N1,U4,PR4,,,CHILD,HP19 8FF,MK9 1AB,".into(),
                    "N2,01/05/2021,S,C2,N4,K2,PR4,,,,HP19 8FF,B1 1AA,".into(),
                    "N4,01/02/2021,S,V2,N5,U5,PR4,,X1,,HP19 8FF,MK9 1AB,".into(),
                    "N5,01/02/2020,S,C1,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,".into(),
                    "N6,01/06/2020,S,V2,N1,U6,PR1,01/09/2020,X1,,HP19 8FF,HP20 1AA,".into(),
                    "N6,01/09/2020,P,V2,N1,U4,PR4,,,CARPL,HP19 8FF,MK9 1AB,".into(),
                ],
            ),
        ],
    }
}

/// DD/MM/YYYY to YYYY-MM-DD inside a CSV row.
fn iso(row: &str) -> String {
    row.split(',')
        .map(|f| {
            let p: Vec<&str> = f.split('/').collect();
            if p.len() == 3 && p[2].len() == 4 {
                format!("{}-{}-{}", p[2], p[1], p[0])
            } else {
                f.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// The multi-year, two-council files: `YEAR` first, `LA` last.
fn write_combined(dir: &Path) -> (PathBuf, PathBuf) {
    let mut hs: Vec<String> = Vec::new();
    let mut es: Vec<String> = Vec::new();
    let north = northshire();
    for (y, h, e) in &north.rows_by_year {
        let label = y + 1; // the year the return ends
        hs.extend(h.iter().map(|r| format!("{label},{},Northshire", iso(r))));
        es.extend(e.iter().map(|r| format!("{label},{},Northshire", iso(r))));
    }
    // Southshire: N1 again (another child, born 2015), and S9.
    for (y, dob) in [
        (2020, "2015-01-01"),
        (2021, "2015-01-01"),
        (2022, "2015-01-01"),
    ] {
        hs.push(format!("{y},N1,2,{dob},WBRI,,,,Southshire"));
        hs.push(format!("{y},S9,1,2014-02-02,WBRI,,,,Southshire"));
        es.push(format!(
            "{y},N1,2019-04-02,S,V2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,,Southshire"
        ));
        es.push(format!(
            "{y},S9,2019-04-03,S,V2,N1,K2,PR4,,,,HP19 8FF,HP20 1AA,,Southshire"
        ));
    }
    (
        write_csv(
            dir,
            "liia_header.csv",
            &format!("YEAR,{SSDA903_HEADER},LA"),
            &rows(&hs),
        ),
        write_csv(
            dir,
            "liia_episodes.csv",
            &format!("YEAR,{SSDA903_EPISODES},LA"),
            &rows(&es),
        ),
    )
}

/// Placements compared without their row ids (sequential imports number
/// them differently).
fn placements(s: &Store) -> Vec<(String, Date, Option<Date>, Placement)> {
    let mut out: Vec<_> = s
        .placements()
        .unwrap()
        .into_iter()
        .map(|p| (p.child_id.clone(), p.start, p.end, Placement { id: 0, ..p }))
        .collect();
    out.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    out
}

#[test]
fn a_multi_year_file_gives_the_same_store_as_its_years_one_by_one() {
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_combined(dir.path());
    let mut combined = store(dir.path(), "combined.sqlite");
    let opts = Ssda903Options {
        year: None,
        la: Some("northshire".into()),
    };
    let plan = import(&mut combined, &h, &e, &opts);
    let sum = plan.summary();
    assert_eq!(plan.years(), [year(2019), year(2020), year(2021)]);
    assert_eq!(
        sum.read_as,
        [
            "Council Northshire: 6 children; the file holds 2 councils and the others are left aside",
            "YEAR 2020 read as the 2019-20 return (the year it ends)",
            "YEAR 2021 read as the 2020-21 return (the year it ends)",
            "YEAR 2022 read as the 2021-22 return (the year it ends)",
        ]
    );
    assert!(sum.rejected.is_empty(), "{:#?}", sum.rejected);
    assert_eq!(sum.to_add, 6); // N1 to N6

    let mut sequential = store(dir.path(), "sequential.sqlite");
    for (y, hr, er) in &northshire().rows_by_year {
        let name = |kind: &str| format!("{kind}_{}.csv", year(*y));
        let h = write_csv(dir.path(), &name("header"), SSDA903_HEADER, &rows(hr));
        let e = write_csv(dir.path(), &name("episodes"), SSDA903_EPISODES, &rows(er));
        let p = import(&mut sequential, &h, &e, &Ssda903Options::default());
        assert!(p.summary().rejected.is_empty());
    }
    // Record by record.
    let children = |s: &Store| s.children().unwrap();
    assert_eq!(children(&combined), children(&sequential));
    assert_eq!(placements(&combined), placements(&sequential));
    let returns = |s: &Store| -> Vec<(CollectionYear, Vec<String>)> {
        s.ssda903_returns()
            .unwrap()
            .into_iter()
            .map(|r| {
                let mut c: Vec<String> = r.children.into_iter().collect();
                c.sort();
                (r.year, c)
            })
            .collect()
    };
    assert_eq!(returns(&combined), returns(&sequential));

    // What the rules made of Northshire, read against the rows above.
    let n2 = combined.child("N2").unwrap();
    assert_eq!(
        n2.earlier_periods,
        [CarePeriod {
            started: date(2019, 5, 1),
            ended: date(2019, 9, 1)
        }]
    );
    assert_eq!(n2.entered_care, date(2021, 5, 1));
    let n3 = combined.child("N3").unwrap();
    assert_eq!(
        (n3.status, n3.left_care),
        (ChildStatus::LeftCare, Some(date(2020, 4, 1)))
    );
    assert_eq!(
        combined.placements_for_child("N3").unwrap()[0].end,
        Some(date(2020, 4, 1))
    );
    let n6 = combined.placements_for_child("N6").unwrap();
    assert_eq!(n6[0].end, Some(date(2020, 9, 1)));
    assert_eq!(n6[0].reason_for_change.as_deref(), Some("CARPL"));
    let n1 = combined.child("N1").unwrap();
    assert_eq!(n1.date_of_birth, date(2008, 3, 1)); // not Southshire's N1
    assert_eq!(combined.placements_for_child("N1").unwrap().len(), 2);

    // Looked after, counted from the rows above: on 31/03/2020 N1, N3 (open
    // in the 2019-20 return) and N5; on 01/04/2020 N3 has left: N1, N5. On
    // 31/03/2021 N1, N4, N5, N6; on 31/03/2022 N1, N2 (back since
    // 01/05/2021), N4, N5, N6.
    let all = combined.children().unwrap();
    let count = |on: Date| all.iter().filter(|c| looked_after_on(c, on)).count();
    assert_eq!(count(date(2020, 3, 31)), 3); // N1, N3, N5
    assert_eq!(count(date(2020, 4, 1)), 2);
    assert_eq!(count(date(2021, 3, 31)), 4);
    assert_eq!(count(date(2022, 3, 31)), 5);
    assert_eq!(count(date(2019, 10, 1)), 1); // N1 only: N2 left on 01/09/2019
}

/// The warnings in the combined import, each where the rows above put it.
#[test]
fn questionable_rows_are_imported_with_warnings_that_name_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_combined(dir.path());
    let s = store(dir.path(), "t.sqlite");
    let opts = Ssda903Options {
        year: None,
        la: Some("Northshire".into()),
    };
    let plan = preview(&s, &h, &e, &opts);
    let w = &plan.summary().warnings;
    let about = |child: &str, text: &str| -> Vec<&ImportIssue> {
        w.iter()
            .filter(|i| i.to_string().contains(child) && i.reason.contains(text))
            .collect()
    };
    // N5 twice in the 2019-20 header: the second row (header line 6).
    let n5 = about("N5", "appears 2 times in the header");
    assert_eq!(n5.len(), 1);
    assert_eq!(n5[0].line, Some(6));
    // N4's REC on an open episode, in both the 2020-21 and 2021-22 rows
    // (episodes lines 7 and 14).
    let n4: Vec<Option<u64>> = about("", "has not ceased: the reason it ceased is ignored")
        .iter()
        .map(|i| i.line)
        .collect();
    assert_eq!(n4, [Some(7), Some(14)]);
    // N6's first episode left open in 2020-21 (line 9), rule 142.
    let n6 = about("N6", "still open when the next one begins on 01/09/2020");
    assert_eq!(n6.len(), 1);
    assert_eq!(
        (n6[0].line, n6[0].rule.map(DfeRule::code)),
        (Some(9), Some("142"))
    );
    // N3 ended at the end of 2019-20.
    let n3 = about("N3", "looked after to 31/03/2020, left care on 01/04/2020");
    assert_eq!(n3.len(), 1);
    assert_eq!(w.len(), 5, "{w:#?}");

    // The findings CSV: one row per finding, with its kind and rule.
    let csv = plan.summary().findings_csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "kind,file,line,column,value,rule,what_the_app_did"
    );
    let all = plan.summary().findings().count();
    assert_eq!(lines.len(), 1 + all);
    assert!(lines.iter().any(|l| l.starts_with(
        "imported with a warning,liia_episodes.csv,9,DEC,,142,child N6: this episode"
    )));
    let kinds: Vec<FindingKind> = plan.summary().findings().map(|(k, _)| k).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == FindingKind::Warning).count(),
        5
    );
}

#[test]
fn a_file_of_several_councils_asks_which() {
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_combined(dir.path());
    let s = store(dir.path(), "t.sqlite");
    match preview_ssda903(&h, &e, &s, &Progress::new()) {
        Err(ImportError::ChooseCouncil { file, councils }) => {
            assert_eq!(file, "liia_episodes.csv");
            // Distinct CHILD references per council: N1–N6; N1 and S9.
            assert_eq!(
                councils,
                [("Northshire".to_string(), 6), ("Southshire".to_string(), 2)]
            );
        }
        Err(other) => panic!("expected a choice, got {other}"),
        Ok(p) => panic!("expected a choice, got {}", p.summary().counts_text()),
    }
    let opts = Ssda903Options {
        year: None,
        la: Some("Westshire".into()),
    };
    match preview_ssda903_with(&h, &e, &s, &opts, &Progress::new()) {
        Err(ImportError::Unreadable(i)) => assert_eq!(
            i.reason,
            "no rows have LA 'Westshire'; the councils in the file are Northshire (6 children), \
             Southshire (2 children)"
        ),
        Err(other) => panic!("expected unreadable, got {other}"),
        Ok(_) => panic!("expected unreadable"),
    }
}

/// A YEAR that is not a year, and one child's two dates of birth across
/// years: findings, not crashes.
#[test]
fn a_year_that_is_not_a_year_and_a_changed_date_of_birth_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "t.sqlite");
    let h = write_csv(
        dir.path(),
        "h.csv",
        &format!("YEAR,{SSDA903_HEADER}"),
        &[
            "2019-20,C1,1,01/01/2010,WBRI,,,",
            "2020-21,C1,1,02/01/2010,WBRI,,,",
            "twenty,C2,1,01/01/2011,WBRI,,,",
        ],
    );
    let e = write_csv(
        dir.path(),
        "e.csv",
        &format!("YEAR,{SSDA903_EPISODES}"),
        &[
            "2019-20,C1,01/05/2019,S,V2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,",
            "2020-21,C1,01/05/2019,S,V2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,",
            "twenty,C2,01/05/2019,S,V2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,",
        ],
    );
    let plan = preview(&s, &h, &e, &Ssda903Options::default());
    let sum = plan.summary();
    let bad = refused_at(&sum.rejected, 4, "YEAR");
    assert_eq!(bad.file, "h.csv");
    assert!(bad.reason.starts_with("not a collection year"), "{bad}");
    refused_at(&sum.rejected, 4, "YEAR"); // the header row
    assert_eq!(
        sum.rejected.iter().filter(|i| i.file == "e.csv").count(),
        1,
        "{:#?}",
        sum.rejected
    );
    let dob = sum
        .warnings
        .iter()
        .find(|i| i.column.as_deref() == Some("DOB"))
        .expect("a warning on C1's date of birth");
    assert_eq!(dob.line, Some(3));
    assert_eq!(
        dob.reason,
        "child C1's date of birth was 01/01/2010 before this 2020-21 return: the return's is used"
    );
    assert_eq!(sum.to_add, 1); // C1; C2 is refused
    let c1: Vec<&Child> = plan.children().collect();
    assert_eq!(c1[0].date_of_birth, date(2010, 1, 2));
    // A year asked for does not override the YEAR column, and says so.
    let opts = Ssda903Options {
        year: Some(year(2023)),
        la: None,
    };
    let plan = preview(&s, &h, &e, &opts);
    assert_eq!(plan.years(), [year(2019), year(2020)]);
    assert_eq!(
        plan.summary().read_as[0],
        "The YEAR column gives each return's year: the 2023-24 asked for is not used"
    );
}

// ------------------------------------------- DfE's validator fake data

/// DfE's 903 validator's fake return (tests/fixtures/ssda903/d2i-fake,
/// MIT; codes drawn at random, so it is full of what the validator flags).
/// Each count is worked out here from the raw rows, not by the importer.
#[test]
fn the_validators_fake_return_is_sorted_into_refused_warned_and_noted() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ssda903/d2i-fake");
    let (h, e) = (fixture.join("header.csv"), fixture.join("episodes.csv"));
    let mut s = store(dir.path(), "t.sqlite");
    let plan = preview(&s, &h, &e, &Ssda903Options::default());
    let sum = plan.summary().clone();

    // The raw rows: (line, CHILD, DECOM, DEC, PLACE, REC).
    let day = |t: &str| -> Option<Date> {
        let p: Vec<i16> = t.split('/').map(|x| x.parse().unwrap()).collect();
        (p.len() == 3).then(|| date(p[2], p[1] as i8, p[0] as i8))
    };
    let mut rdr = csv::Reader::from_path(&e).unwrap();
    let mut rows: Vec<(u64, String, Date, Option<Date>, String, String)> = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let r = rec.unwrap();
        rows.push((
            i as u64 + 2,
            r[0].to_string(),
            day(&r[1]).unwrap(),
            if r[7].is_empty() { None } else { day(&r[7]) },
            r[5].to_string(),
            r[8].to_string(),
        ));
    }
    let mut dob: std::collections::HashMap<String, Date> = Default::default();
    for rec in csv::Reader::from_path(&h).unwrap().records() {
        let r = rec.unwrap();
        dob.insert(r[0].to_string(), day(&r[2]).unwrap());
    }
    // Every date is before 01/04/2018 or on it: the 2018-19 return, whose
    // list holds every PLACE code the file uses (no K3, no Z11 to Z14).
    let latest = rows
        .iter()
        .map(|r| r.3.unwrap_or(r.2).max(r.2))
        .max()
        .unwrap();
    assert_eq!(latest, date(2018, 4, 1));
    assert_eq!(plan.years(), [year(2018)]);

    // Row by row: a provider on T0-T4 (rule 213) or Z1 (rule 178), and a
    // REC on an open episode, are read with a warning.
    let by_rule = |rule: &str| {
        sum.warnings
            .iter()
            .filter(|i| i.rule.map(DfeRule::code) == Some(rule))
            .count()
    };
    let t_codes = rows.iter().filter(|r| r.4.starts_with('T')).count();
    let z1 = rows.iter().filter(|r| r.4 == "Z1").count();
    let open_with_rec = rows
        .iter()
        .filter(|r| r.3.is_none() && !r.5.is_empty())
        .count();
    assert_eq!((by_rule("213"), by_rule("178")), (t_codes, z1));
    let rec_ignored = sum
        .warnings
        .iter()
        .filter(|i| i.reason.contains("the reason it ceased is ignored"))
        .count();
    assert_eq!(rec_ignored, open_with_rec);

    // Child by child, episodes in DECOM order: an earlier episode with no
    // DEC is ended when the next starts (rule 142, a warning); the same
    // start twice, or a closed episode running past the next one's start,
    // is refused; so is an episode before the date of birth.
    let mut by_child: std::collections::BTreeMap<&str, Vec<_>> = Default::default();
    for r in &rows {
        by_child.entry(r.1.as_str()).or_default().push(r);
    }
    let (mut left_open, mut refused_children) = (0, 0);
    let mut bad_children = std::collections::HashSet::new();
    for (child, eps) in &mut by_child {
        eps.sort_by_key(|r| (r.2, r.0));
        let mut bad = eps
            .iter()
            .any(|r| dob.get(*child).is_some_and(|d| r.2 < *d));
        let mut end_of_previous: Option<(Date, Option<Date>)> = None;
        for r in eps.iter() {
            if let Some((start, end)) = end_of_previous {
                if start == r.2 {
                    bad = true;
                } else if end.is_none() {
                    left_open += 1;
                } else if end.is_some_and(|e| e > r.2) {
                    bad = true;
                }
            }
            end_of_previous = Some((r.2, r.3));
        }
        if bad || !dob.contains_key(*child) {
            bad_children.insert(*child);
        }
        if bad {
            refused_children += 1;
        }
    }
    assert_eq!(by_rule("142"), left_open);
    let refused_in_episodes: std::collections::HashSet<&str> = sum
        .rejected
        .iter()
        .filter(|i| i.file == "episodes.csv")
        .filter_map(|i| {
            rows.iter()
                .find(|r| Some(r.0) == i.line)
                .map(|r| r.1.as_str())
        })
        .collect();
    assert_eq!(refused_in_episodes.len(), refused_children);
    // Every child with a header row and no refused row is added.
    assert_eq!(sum.to_add, by_child.len() - bad_children.len());
    // Notes: the made-up postcodes are not in the (empty) directory, and
    // 2,675 - 2,123 header children have no episodes.
    let no_episodes = sum
        .data_quality
        .iter()
        .filter(|i| i.reason.contains("has no episodes"))
        .count();
    assert_eq!(
        no_episodes,
        dob.len() - by_child.keys().filter(|c| dob.contains_key(**c)).count()
    );

    // Leaving the refused children out imports the rest, in one go.
    let before = s.counts().unwrap().children;
    assert_eq!(before, 0);
    apply_ssda903(&mut s, &plan, RejectedRows::Skip, &Progress::new()).unwrap();
    assert_eq!(s.counts().unwrap().children as usize, sum.to_add);
    println!(
        "d2i fake data: {} refused rows, {} warnings, {} notes, {} children added of {}",
        sum.rejected.len(),
        sum.warnings.len(),
        sum.data_quality.len(),
        sum.to_add,
        by_child.len()
    );
}

// ------------------------------------------------ how far the records run

/// After the three Northshire returns (2019-20 to 2021-22) the records run
/// to 31/03/2022; figures for a later day say so, and a young person the
/// records still show in care past their 18th birthday is listed, not
/// counted.
#[test]
fn the_records_run_to_the_last_returns_31_march() {
    use placement_planner::sufficiency::sufficiency;
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_combined(dir.path());
    let mut s = store(dir.path(), "t.sqlite");
    assert_eq!(s.records_run_to().unwrap(), None); // nothing imported yet
    let opts = Ssda903Options {
        year: None,
        la: Some("Northshire".into()),
    };
    import(&mut s, &h, &e, &opts);
    assert_eq!(s.records_run_to().unwrap(), Some(date(2022, 3, 31)));
    let data = s.county_data().unwrap();
    let on_the_day = sufficiency(&data, date(2022, 3, 31));
    assert_eq!(on_the_day.data_end_warning(), None);
    assert_eq!(on_the_day.children_looked_after, 5);
    let later = sufficiency(&data, date(2026, 12, 1));
    assert_eq!(
        later.data_end_warning().as_deref(),
        Some(
            "The records run to 31/03/2022: the figures for 01/12/2026 assume nothing changed \
             after that day."
        )
    );
    // N1 (born 01/03/2008) turns 18 on 01/03/2026 with an episode still
    // open: on 01/12/2026 the records show five in care, four counted.
    assert_eq!(later.children_looked_after, 4);
    let over: Vec<&str> = later
        .over_18_in_records
        .iter()
        .map(|d| d.child_id.as_str())
        .collect();
    assert_eq!(over, ["N1"]);
    assert!(later.over_18_in_records[0]
        .reason
        .starts_with("18 or over (born 01/03/2008)"));
    let text = placement_planner::report::sufficiency::to_text(&later);
    assert!(text.contains("The records run to 31/03/2022"), "{text}");
    assert!(text.contains("18 or over but still in care in the records (1; not counted)"));
    let json = placement_planner::report::sufficiency::to_json(&later);
    assert_eq!(json["records_run_to"], "2022-03-31");
}

/// The workbook, the placement summary workbook and the committee PDF on a
/// day after the records end carry the same warning.
#[test]
fn exports_after_the_records_end_say_so() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    use placement_planner::export::{write_report, ReportKind};
    let dir = tempfile::tempdir().unwrap();
    let (h, e) = write_combined(dir.path());
    let mut s = store(dir.path(), "t.sqlite");
    let opts = Ssda903Options {
        year: None,
        la: Some("Northshire".into()),
    };
    import(&mut s, &h, &e, &opts);
    let warning = "The records run to 31/03/2022: the figures for 01/12/2026 assume nothing \
                   changed after that day.";
    let cell = |path: &Path, sheet_index: usize| -> String {
        let mut wb: Xlsx<_> = open_workbook(path).unwrap();
        let name = wb.sheet_names()[sheet_index].clone();
        let range = wb.worksheet_range(&name).unwrap();
        match range.get_value((2, 2)) {
            Some(Data::String(t)) => t.clone(),
            other => panic!("no warning beside the date: {other:?}"),
        }
    };
    let w = write_report(
        ReportKind::SufficiencyWorkbook,
        &dir.path().join("workbook.xlsx"),
        &mut s,
        date(2026, 12, 1),
        false,
    )
    .unwrap();
    assert_eq!(cell(&w.path, 0), warning);
    let w = write_report(
        ReportKind::PlacementSummaryXlsx,
        &dir.path().join("summary.xlsx"),
        &mut s,
        date(2026, 12, 1),
        false,
    )
    .unwrap();
    assert_eq!(cell(&w.path, 1), warning); // the About sheet
    let w = write_report(
        ReportKind::CommitteePdf,
        &dir.path().join("committee.pdf"),
        &mut s,
        date(2026, 12, 1),
        false,
    )
    .unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&w.path)
        .arg("-")
        .output();
    match text {
        Ok(o) if o.status.success() => {
            let t = String::from_utf8_lossy(&o.stdout)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(t.contains(warning), "{t}");
        }
        _ => println!("note: pdftotext is not installed; the PDF's text was not checked"),
    }
    // On the day the records end, no warning.
    let w = write_report(
        ReportKind::SufficiencyWorkbook,
        &dir.path().join("on-the-day.xlsx"),
        &mut s,
        date(2022, 3, 31),
        false,
    )
    .unwrap();
    let mut wb: Xlsx<_> = open_workbook(&w.path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let beside = wb
        .worksheet_range(&name)
        .unwrap()
        .get_value((2, 2))
        .cloned();
    assert!(matches!(beside, None | Some(Data::Empty)), "{beside:?}");
}

/// R1's episode is open in the 2019-20 return; the 2020-21 return misses
/// R1 (so R1 left care on 01/04/2020, a warning); the 2021-22 return holds
/// the same episode open again: a later year's return is newer, so R1 is
/// looked after again, with one period of care and no gap.
#[test]
fn a_later_return_opens_again_an_episode_ended_because_a_return_missed_the_child() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(dir.path(), "t.sqlite");
    let ep = "R1,01/05/2019,S,C2,N1,U4,PR4,,,,HP19 8FF,HP20 1AA,";
    let other = |decom: &str| format!("R2,{decom},S,C2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,");
    for (y, episodes) in [
        (2019, vec![ep.to_string(), other("01/06/2019")]),
        (2020, vec![other("01/06/2019")]),
        (2021, vec![ep.to_string(), other("01/06/2019")]),
    ] {
        let name = |kind: &str| format!("{kind}_{}.csv", year(y));
        let h = write_csv(
            dir.path(),
            &name("header"),
            SSDA903_HEADER,
            &["R1,1,01/01/2010,WBRI,,,", "R2,2,02/02/2011,WBRI,,,"],
        );
        let e = write_csv(
            dir.path(),
            &name("episodes"),
            SSDA903_EPISODES,
            &rows(&episodes),
        );
        let plan = import(&mut s, &h, &e, &Ssda903Options::default());
        if y == 2020 {
            let r1 = s.child("R1").unwrap();
            assert_eq!(
                (r1.status, r1.left_care),
                (ChildStatus::LeftCare, Some(date(2020, 4, 1)))
            );
            assert_eq!(plan.summary().warnings.len(), 1);
        }
    }
    let r1 = s.child("R1").unwrap();
    assert_eq!(
        (r1.status, r1.entered_care, r1.left_care),
        (ChildStatus::LookedAfter, date(2019, 5, 1), None)
    );
    assert!(r1.earlier_periods.is_empty());
    let ps = s.placements_for_child("R1").unwrap();
    assert_eq!(ps.len(), 1);
    assert_eq!(ps[0].end, None);
    assert!(looked_after_on(&r1, date(2020, 10, 1)));
}

/// Rows with a blank LA are a council of their own, "(blank)", and can be
/// chosen by that name.
#[test]
fn rows_with_no_council_can_be_chosen_as_blank() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(dir.path(), "t.sqlite");
    let h = write_csv(
        dir.path(),
        "h.csv",
        &format!("{SSDA903_HEADER},LA"),
        &["B1,1,01/01/2010,WBRI,,,,", "W1,2,01/01/2011,WBRI,,,,Wessex"],
    );
    let e = write_csv(
        dir.path(),
        "e.csv",
        &format!("{SSDA903_EPISODES},LA"),
        &[
            "B1,01/05/2019,S,C2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,,",
            "W1,01/06/2019,S,C2,N1,U6,PR1,,,,HP19 8FF,HP20 1AA,,Wessex",
        ],
    );
    match preview_ssda903(&h, &e, &s, &Progress::new()) {
        Err(ImportError::ChooseCouncil { councils, .. }) => assert_eq!(
            councils,
            [("(blank)".to_string(), 1), ("Wessex".to_string(), 1)]
        ),
        Err(other) => panic!("expected a choice, got {other}"),
        Ok(_) => panic!("expected a choice"),
    }
    let opts = Ssda903Options {
        year: None,
        la: Some("(blank)".into()),
    };
    let plan = preview(&s, &h, &e, &opts);
    let ids: Vec<&str> = plan.children().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["B1"]);
}

/// A multi-year extract whose header holds a child in some years only (the
/// peers' public three-council sample holds 186 of its 571 children's
/// headers in a year other than their episodes'): the child's sex and date
/// of birth come from another year of the same file, with a note; a child
/// with no header row in any year is still left out.
#[test]
fn a_child_whose_header_is_in_another_year_of_the_file_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    // YEAR is the year each return ends: 2020 is 2019-20, 2021 is 2020-21.
    let h = write_csv(
        dir.path(),
        "header.csv",
        &format!("YEAR,{SSDA903_HEADER},LA"),
        &[
            "2020,H1,1,2010-05-01,WBRI,,,,Eastshire",
            "2021,H2,2,2012-07-09,WBRI,,,,Eastshire",
        ],
    );
    let e = write_csv(
        dir.path(),
        "episodes.csv",
        &format!("YEAR,{SSDA903_EPISODES},LA"),
        &[
            // H1: header in 2019-20 only (stored from it when 2020-21 is read);
            // the 2020-21 return ends the episode.
            "2020,H1,2019-06-01,S,C2,N1,U4,PR1,,,,HP19 8FF,HP20 1AA,,Eastshire",
            "2021,H1,2019-06-01,S,C2,N1,U4,PR1,2020-09-30,E4A,,HP19 8FF,HP20 1AA,,Eastshire",
            // H2: header in 2020-21 only; a move in 2019-20 that the
            // 2020-21 return does not repeat.
            "2020,H2,2019-08-01,S,C2,N1,U1,PR1,2020-02-01,X1,PLACE,HP19 8FF,HP20 1AA,,Eastshire",
            "2020,H2,2020-02-01,P,C2,N1,U4,PR1,,,,HP19 8FF,HP20 1AA,,Eastshire",
            "2021,H2,2020-02-01,P,C2,N1,U4,PR1,,,,HP19 8FF,HP20 1AA,,Eastshire",
            // H3: no header row in any year.
            "2020,H3,2019-09-01,S,C2,N1,U1,PR1,,,,HP19 8FF,HP20 1AA,,Eastshire",
        ],
    );
    let mut s = store(dir.path(), "t.sqlite");
    let plan = import(&mut s, &h, &e, &Ssda903Options::default());
    let sum = plan.summary();
    assert_eq!(plan.years(), [year(2019), year(2020)]);
    assert!(sum.rejected.is_empty(), "{:#?}", sum.rejected);
    assert_eq!(sum.to_add, 2);

    let h1 = s.child("H1").unwrap();
    assert_eq!(h1.date_of_birth, date(2010, 5, 1));
    assert_eq!(h1.left_care, Some(date(2020, 9, 30)));
    let h2 = s.child("H2").unwrap();
    assert_eq!(h2.date_of_birth, date(2012, 7, 9));
    assert_eq!(h2.entered_care, date(2019, 8, 1));
    assert_eq!(h2.status, ChildStatus::LookedAfter);
    let starts: Vec<(Date, Option<Date>)> = s
        .placements_for_child("H2")
        .unwrap()
        .iter()
        .map(|p| (p.start, p.end))
        .collect();
    assert_eq!(
        starts,
        [
            (date(2019, 8, 1), Some(date(2020, 2, 1))),
            (date(2020, 2, 1), None)
        ]
    );
    assert!(s.child("H3").is_err());

    let reasons: Vec<&str> = sum.data_quality.iter().map(|i| i.reason.as_str()).collect();
    assert!(
        reasons.contains(
            &"child H1 is not in the header file; the date of birth and sex already stored are used"
        ),
        "{reasons:#?}"
    );
    assert!(
        reasons.contains(
            &"child H2 is not in the 2019-20 return's header; the sex and date of birth from \
              the 2020-21 return's header (header.csv, line 3) are used"
        ),
        "{reasons:#?}"
    );
    assert!(
        reasons.contains(&"episode not imported: child H3 is not in the header file"),
        "{reasons:#?}"
    );
}
