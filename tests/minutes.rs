//! Panel minutes: pseudonymised by default, names only when asked, as CSV
//! and as a PDF that carries the same decisions.

mod common;

use jiff::civil::date;
use placement_planner::export::minutes::{minutes_csv, minutes_pdf, minutes_rows};
use placement_planner::export::pseudonym::pseudonym;
use placement_planner::model::{Decision, DecisionOutcome, Pence};
use placement_planner::store::Store;

fn meeting_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = common::records::sample_store_at(&dir.path().join("m.sqlite"));
    let meeting = date(2026, 11, 1);
    // Referral 4 (C1373): placed with in-house IH0145? Use whichever
    // in-house household has a vacancy and fits: IH0001 may be full, so
    // decide on referral 5 (C1380) as deferred and referral 3 as declined.
    for (referral, outcome, reason) in [
        (5, DecisionOutcome::Deferred, "Awaiting the school's view"),
        (3, DecisionOutcome::Declined, "Family arrangement found"),
    ] {
        s.record_decision(&common::records::decision_without_placement(
            referral,
            meeting,
            outcome,
            reason,
            "Head of service; IRO",
        ))
        .unwrap();
    }
    // Another meeting's decision is not in these minutes.
    s.record_decision(&Decision {
        id: 0,
        referral_id: 6,
        meeting_date: date(2026, 10, 25),
        outcome: DecisionOutcome::Deferred,
        carer_id: None,
        home_id: None,
        start: None,
        weekly_cost: Some(Pence(1)),
        placement_id: None,
        rationale: "Earlier meeting".into(),
        attendees: String::new(),
        corrects: None,
        recorded_at: String::new(),
    })
    .unwrap();
    (dir, s)
}

#[test]
fn minutes_are_pseudonymised_unless_names_are_asked_for() {
    let (_dir, mut s) = meeting_store();
    let salt = s.pseudonym_salt().unwrap();
    let data = s.county_data().unwrap();
    let referrals = s.referrals().unwrap();
    let decisions = s.decisions().unwrap();
    let meeting = date(2026, 11, 1);

    let rows = minutes_rows(&data, &referrals, &decisions, meeting, &salt, false);
    assert_eq!(rows.len(), 2);
    // Referral 5 is C1380's, referral 3 is C1371's (sample_data/referrals.csv).
    assert_eq!(rows[0].child, pseudonym(&salt, "C1380"));
    assert_eq!(rows[1].child, pseudonym(&salt, "C1371"));
    assert_eq!((rows[0].outcome, rows[1].outcome), ("Deferred", "Declined"));
    let csv = minutes_csv(&rows);
    for id in ["C1380", "C1371"] {
        let child = data.children.iter().find(|c| c.id == id).unwrap();
        assert!(!csv.contains(&child.name), "{} leaked", child.name);
        assert!(!csv.contains(id), "{id} leaked");
    }
    assert!(csv.contains("Awaiting the school's view"));
    assert!(!csv.contains("Earlier meeting"));

    let named = minutes_rows(&data, &referrals, &decisions, meeting, &salt, true);
    let c1380 = data.children.iter().find(|c| c.id == "C1380").unwrap();
    assert_eq!(named[0].child, format!("{} (C1380)", c1380.name));
}

#[test]
fn minutes_pdf_is_a_pdf_with_a_page_per_screenful() {
    let (_dir, mut s) = meeting_store();
    let salt = s.pseudonym_salt().unwrap();
    let data = s.county_data().unwrap();
    let rows = minutes_rows(
        &data,
        &s.referrals().unwrap(),
        &s.decisions().unwrap(),
        date(2026, 11, 1),
        &salt,
        false,
    );
    let pdf = minutes_pdf("Testshire", date(2026, 11, 1), &rows, false).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(page_count(&pdf), 1);
    // A deferral takes a heading (6 + 11 × 1.35 = 20.85 pt) and three lines
    // of 9.5 × 1.35 = 12.825 pt: 59.3 pt. The page head takes 16 × 1.35 +
    // 3 × 12.825 + 8 = 68.1 pt. 68.1 + 60 × 59.3 = 3,626 pt over pages of
    // 842 − 2 × 50 = 742 pt: 4.9, so 5 pages.
    let many: Vec<_> = std::iter::repeat_n(rows[0].clone(), 60).collect();
    let long = minutes_pdf("Testshire", date(2026, 11, 1), &many, false).unwrap();
    assert_eq!(page_count(&long), 5);
}

/// The page count from the PDF's page tree (`/Count n`).
fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let at = text.find("/Count ").expect("a page tree");
    text[at + 7..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}
