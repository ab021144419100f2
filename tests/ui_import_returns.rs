//! File > Import > SSDA903 return through the window, on returns as
//! councils hold them: a file of several years and two councils (the dialog
//! asks which council, says how each YEAR was read and lists the three kinds
//! of finding), a single return read again as another collection year, and
//! the findings saved as CSV.
//!
//! Every file is written by the test itself; each count below is worked out
//! from the rows above it, not taken from the importer.

mod common;

use common::files::{write_csv, SSDA903_EPISODES, SSDA903_HEADER};
use common::ui::{harness, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::Harness;
use placement_planner::import::postcodes::apply_postcodes;
use placement_planner::import::{Progress, RejectedRows};
use placement_planner::store::Store;
use placement_planner::ui::PlannerApp;
use std::path::{Path, PathBuf};

/// The LIIA layout: `YEAR` (the year each return ends) first, `LA` last,
/// ISO dates. Line numbers count the column line as line 1.
///
/// Northshire, YEAR 2020 (the 2019-20 return) and 2021 (2020-21):
/// - A1, A2, A4 in care throughout, in both years.
/// - A2's open 2019-20 episode carries REC X1 (episodes line 3): a warning,
///   the REC ignored.
/// - A3 is in 2019-20 only, its episode still open: the 2020-21 return
///   does not hold A3, so A3 is looked after to 31/03/2020 and left on
///   01/04/2020, a warning (no line).
///   Its PL_POST MK9 9ZZ is not in the postcode directory (episodes line
///   4): a note.
/// - A4 is in the 2019-20 header twice with the same details (header
///   line 6): a warning.
/// - A5 is in the 2020-21 header with no episodes (header line 12): a note.
/// - A6's 2020-21 episode is K3 (episodes line 11), not a PLACE code until
///   2024-25: refused (rule 146), and its header row (line 13) with it.
///
/// So for Northshire: 6 distinct children (A1 to A6); 2 refused rows,
/// 3 warnings, 2 notes; A1 to A4 imported.
///
/// Southshire (3 distinct children: A1, S2, S3) uses the reference A1 for
/// another child (born 2015): it must be left aside.
fn write_two_councils(dir: &Path) -> (PathBuf, PathBuf) {
    let n = "Northshire";
    let s = "Southshire";
    let h = |year: u16, child: &str, sex: u8, dob: &str, la: &str| {
        format!("{year},{child},{sex},{dob},WBRI,,,,{la}")
    };
    let header = [
        h(2020, "A1", 1, "2010-01-01", n), // line 2
        h(2020, "A2", 2, "2011-02-02", n),
        h(2020, "A3", 1, "2012-03-03", n),
        h(2020, "A4", 2, "2013-04-04", n),
        h(2020, "A4", 2, "2013-04-04", n), // line 6: the same child again
        h(2020, "A1", 2, "2015-05-05", s),
        h(2020, "S2", 1, "2014-06-06", s),
        h(2021, "A1", 1, "2010-01-01", n), // line 9
        h(2021, "A2", 2, "2011-02-02", n),
        h(2021, "A4", 2, "2013-04-04", n),
        h(2021, "A5", 1, "2009-07-07", n), // line 12: no episodes
        h(2021, "A6", 2, "2008-08-08", n), // line 13: left out with line 11
        h(2021, "A1", 2, "2015-05-05", s),
        h(2021, "S2", 1, "2014-06-06", s),
        h(2021, "S3", 2, "2016-01-01", s),
    ];
    let episodes = [
        // line 2
        format!("2020,A1,2019-05-01,S,C2,N1,U4,PR4,,,,HP20 1UA,HP19 8FF,,{n}"),
        format!("2020,A2,2019-06-01,S,V2,N4,K2,PR4,,X1,,HP20 1UA,MK9 1AA,,{n}"),
        format!("2020,A3,2019-07-01,S,C2,N2,U6,PR1,,,,HP20 1UA,MK9 9ZZ,,{n}"),
        format!("2020,A4,2019-08-01,S,C1,N1,U6,PR1,,,,HP20 1UA,HP19 8FF,,{n}"),
        format!("2020,A1,2019-09-01,S,V2,N1,U6,PR1,,,,HP20 1UA,HP19 8FF,,{s}"),
        format!("2020,S2,2019-09-02,S,V2,N1,K2,PR4,,,,HP20 1UA,HP19 8FF,,{s}"),
        // line 8
        format!("2021,A1,2019-05-01,S,C2,N1,U4,PR4,,,,HP20 1UA,HP19 8FF,,{n}"),
        format!("2021,A2,2019-06-01,S,V2,N4,K2,PR4,,,,HP20 1UA,MK9 1AA,,{n}"),
        format!("2021,A4,2019-08-01,S,C1,N1,U6,PR1,,,,HP20 1UA,HP19 8FF,,{n}"),
        format!("2021,A6,2020-09-01,S,C2,N1,K3,PR4,,,,HP20 1UA,HP19 8FF,,{n}"), // line 11
        format!("2021,A1,2019-09-01,S,V2,N1,U6,PR1,,,,HP20 1UA,HP19 8FF,,{s}"),
        format!("2021,S2,2019-09-02,S,V2,N1,K2,PR4,,,,HP20 1UA,HP19 8FF,,{s}"),
        format!("2021,S3,2020-10-01,S,V2,N1,U4,PR4,,,,HP20 1UA,HP19 8FF,,{s}"),
    ];
    fn rows(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    (
        write_csv(
            dir,
            "liia_header.csv",
            &format!("YEAR,{SSDA903_HEADER},LA"),
            &rows(&header),
        ),
        write_csv(
            dir,
            "liia_episodes.csv",
            &format!("YEAR,{SSDA903_EPISODES},LA"),
            &rows(&episodes),
        ),
    )
}

/// One return with no year in its names or columns: its latest date,
/// 10/02/2024 (Y2's DEC), makes it the 2023-24 return.
/// - Y1 has been in supported accommodation (K3) since 15/06/2023, still
///   there: K3 is not a 2023-24 code (rule 146), so episodes line 2 and
///   header line 2 are refused; read as 2024-25 it is fine.
/// - Y2 was in foster care from 01/05/2023 to 10/02/2024: fine as 2023-24
///   and 2024-25; read as 2022-23 it starts after that return's end
///   (31/03/2023), so Y2's rows are refused too.
fn write_single_return(dir: &Path) -> (PathBuf, PathBuf) {
    (
        write_csv(
            dir,
            "header.csv",
            SSDA903_HEADER,
            &["Y1,1,01/06/2007,WBRI,,,", "Y2,2,02/02/2010,WBRI,,,"],
        ),
        write_csv(
            dir,
            "episodes.csv",
            SSDA903_EPISODES,
            &[
                "Y1,15/06/2023,S,V2,N1,K3,PR4,,,,HP20 1UA,HP19 8FF,",
                "Y2,01/05/2023,S,C2,N1,U4,PR4,10/02/2024,E4A,,HP20 1UA,MK9 1AA,",
            ],
        ),
    )
}

/// A store whose postcode directory holds HP19 8FF, HP20 1UA and MK9 1AA
/// (with grid references), so the only postcode note is the one a test
/// writes on purpose.
fn store_with_postcodes(dir: &Path) -> Store {
    let mut store = Store::create_new(&dir.join("returns.sqlite")).unwrap();
    let onspd =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postcodes/onspd_good.csv");
    apply_postcodes(&mut store, &onspd, RejectedRows::Skip, &Progress::new()).unwrap();
    store
}

/// File > Import > SSDA903 return; the scripted picker answers the header
/// and episodes files.
fn import_ssda903(h: &mut Harness<'static, PlannerApp>) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label("SSDA903 return (header and episodes)…")
        .click();
    // The worker starts and repaints while it reads: step, not run.
    for _ in 0..3 {
        h.step();
    }
    settle(h);
}

fn press(h: &mut Harness<'static, PlannerApp>, button: &str) {
    // Buttons inside an egui Modal are pressed through accesskit.
    h.get_by_role_and_label(Role::Button, button)
        .click_accesskit();
    h.step();
    settle(h);
}

/// Chooses Northshire in the council dialog and reads its returns.
fn choose_northshire(h: &mut Harness<'static, PlannerApp>) {
    h.get_by_label_contains("The files hold 2 councils' returns");
    // Distinct CHILD references per council, header and episodes together.
    h.get_by_role_and_label(Role::RadioButton, "Northshire (6 children)");
    h.get_by_role_and_label(Role::RadioButton, "Southshire (3 children)")
        .click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "Northshire (6 children)")
        .click_accesskit();
    h.run();
    press(h, "Read this council's returns");
}

#[test]
fn a_two_council_multi_year_file_imports_the_council_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (header, episodes) = write_two_councils(dir.path());
    let mut h = harness(
        store_with_postcodes(dir.path()),
        vec![Some(header), Some(episodes)],
    );
    import_ssda903(&mut h);
    // Nothing is read until a council is chosen.
    assert_eq!(
        h.state_mut()
            .import_job()
            .and_then(|j| j.councils().map(<[_]>::to_vec)),
        Some(vec![
            ("Northshire".to_string(), 6),
            ("Southshire".to_string(), 3)
        ])
    );
    assert!(h
        .get_by_role_and_label(Role::Button, "Read this council's returns")
        .accesskit_node()
        .is_disabled());
    choose_northshire(&mut h);

    h.get_by_label(
        "Nothing is written yet. 4 to add, 0 to update, 0 unchanged, 2 refused, 3 warnings, 2 notes.",
    );
    h.get_by_label(
        "Council Northshire: 6 children; the file holds 2 councils and the others are left aside",
    );
    // Each return's latest date falls in the year before its YEAR.
    h.get_by_label("YEAR 2020 read as the 2019-20 return (the year it ends)");
    h.get_by_label("YEAR 2021 read as the 2020-21 return (the year it ends)");
    assert_eq!(h.query_all_by_label_contains(" read as the ").count(), 2);
    // Two returns: no single collection year to type.
    assert!(h
        .query_by_role_and_label(Role::TextInput, "Collection year")
        .is_none());
    h.get_by_label("Refused (not imported): 2");
    h.get_by_label("Imported with a warning (DfE's validator would flag these): 3");
    h.get_by_label("Notes (imported; worth a look): 2");
    // The refused list is open: A6's K3 with its rule.
    h.get_by_label("K3");
    h.get_by_label("146");
    h.get_by_label("K3 is not a PLACE code in 2020-21 returns: it is used from 2024-25 on");

    // Refused rows block the import until they are left out.
    assert!(h
        .get_by_role_and_label(Role::Button, "Import")
        .accesskit_node()
        .is_disabled());
    h.get_by_role_and_label(
        Role::CheckBox,
        "Leave out the 2 refused rows and import the rest",
    )
    .click_accesskit();
    h.run();
    press(&mut h, "Import");
    h.get_by_label("Imported: 4 added, 0 updated, 0 unchanged, 2 left out.");

    let store = h.state().store().unwrap();
    let mut children: Vec<(String, jiff::civil::Date)> = store
        .children()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.date_of_birth))
        .collect();
    children.sort();
    // Northshire's A1 (born 2010), not Southshire's (born 2015); no S2, S3;
    // no A5 (no episodes) nor A6 (refused).
    use jiff::civil::date;
    assert_eq!(
        children,
        [
            ("A1".to_string(), date(2010, 1, 1)),
            ("A2".to_string(), date(2011, 2, 2)),
            ("A3".to_string(), date(2012, 3, 3)),
            ("A4".to_string(), date(2013, 4, 4)),
        ]
    );
    // A3 left when the 2019-20 return ended (absent from 2020-21).
    let a3 = store.child("A3").unwrap();
    assert_eq!(a3.left_care, Some(date(2020, 4, 1)));
    // Both returns were recorded, each with the children it held.
    let returns: Vec<(String, Vec<String>)> = store
        .ssda903_returns()
        .unwrap()
        .into_iter()
        .map(|r| {
            let mut c: Vec<String> = r.children.into_iter().collect();
            c.sort();
            (r.year.to_string(), c)
        })
        .collect();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        returns,
        [
            ("2019-20".to_string(), ids(&["A1", "A2", "A3", "A4"])),
            ("2020-21".to_string(), ids(&["A1", "A2", "A4"])),
        ]
    );
    h.get_by_label_contains("4 children");
}

#[test]
fn a_single_return_is_read_again_as_the_year_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (header, episodes) = write_single_return(dir.path());
    let mut h = harness(
        store_with_postcodes(dir.path()),
        vec![Some(header), Some(episodes)],
    );
    import_ssda903(&mut h);

    h.get_by_label(
        "Read as the 2023-24 return (its latest date is 10/02/2024; give the year if it is another year's)",
    );
    let year_box = h.get_by_role_and_label(Role::TextInput, "Collection year");
    assert_eq!(year_box.value().as_deref(), Some("2023-24"));
    // Y1's K3 episode and its header row; Y2 is added.
    h.get_by_label(
        "Nothing is written yet. 1 to add, 0 to update, 0 unchanged, 2 refused, 0 warnings, 0 notes.",
    );
    h.get_by_label("Refused (not imported): 2");
    h.get_by_label("K3 is not a PLACE code in 2023-24 returns: it is used from 2024-25 on");
    // The year shown is the year read: nothing to read again.
    assert!(h
        .get_by_role_and_label(Role::Button, "Read again as this year")
        .accesskit_node()
        .is_disabled());

    retype(&mut h, "2024-25");
    press(&mut h, "Read again as this year");
    h.get_by_label("Read as the 2024-25 return (as asked)");
    h.get_by_label(
        "Nothing is written yet. 2 to add, 0 to update, 0 unchanged, 0 refused, 0 warnings, 0 notes.",
    );
    assert!(h
        .query_by_label_contains("Refused (not imported)")
        .is_none());
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Collection year")
            .value()
            .as_deref(),
        Some("2024-25")
    );
    assert!(!h
        .get_by_role_and_label(Role::Button, "Import")
        .accesskit_node()
        .is_disabled());

    // The year it starts also reads: 2022 is 2022-23, which ends before
    // either episode starts (Y1 is refused for K3 first; Y2 for its DECOM).
    retype(&mut h, "2022");
    press(&mut h, "Read again as this year");
    h.get_by_label("Read as the 2022-23 return (as asked)");
    h.get_by_label(
        "Nothing is written yet. 0 to add, 0 to update, 0 unchanged, 4 refused, 0 warnings, 0 notes.",
    );
    h.get_by_label("Refused (not imported): 4");
    h.get_by_label("the episode starts after the end of the 2022-23 return (31/03/2023)");

    // Not a year: said so, and nothing to press.
    retype(&mut h, "next year");
    h.get_by_label("not a year: type 2025-26 or 2025");
    assert!(h
        .get_by_role_and_label(Role::Button, "Read again as this year")
        .accesskit_node()
        .is_disabled());
    assert_eq!(h.state().store().unwrap().children().unwrap().len(), 0);
}

/// Replaces the collection year typed.
fn retype(h: &mut Harness<'static, PlannerApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Collection year")
        .focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Collection year")
        .type_text(text);
    h.run();
}

#[test]
fn the_findings_are_saved_as_csv_one_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let (header, episodes) = write_two_councils(dir.path());
    let out = dir.path().join("saved").join("findings.csv");
    std::fs::create_dir(out.parent().unwrap()).unwrap();
    let mut h = harness(
        store_with_postcodes(dir.path()),
        vec![Some(header), Some(episodes), Some(out.clone())],
    );
    import_ssda903(&mut h);
    choose_northshire(&mut h);
    h.get_by_role_and_label(Role::Button, "Save the findings as CSV…")
        .click_accesskit();
    // The picker answers on the next frame, the file is written on the one
    // after.
    h.run();
    h.run();
    h.get_by_label(&format!("Saved the import's findings to {}", out.display()));

    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "kind,file,line,column,value,rule,what_the_app_did"
    );
    // 2 refused + 3 warnings + 2 notes (see write_two_councils).
    assert_eq!(lines.len(), 1 + 7, "{text}");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().take(6).map(str::to_string).collect())
        .collect();
    let row = |v: [&str; 6]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Refused, then warnings, then notes; header file first, by line.
    assert_eq!(
        rows,
        [
            row(["refused", "liia_header.csv", "13", "CHILD", "A6", ""]),
            row(["refused", "liia_episodes.csv", "11", "PLACE", "K3", "146"]),
            row([
                "imported with a warning",
                "liia_header.csv",
                "6",
                "CHILD",
                "A4",
                ""
            ]),
            row([
                "imported with a warning",
                "liia_episodes.csv",
                "",
                "CHILD",
                "A3",
                ""
            ]),
            row([
                "imported with a warning",
                "liia_episodes.csv",
                "3",
                "REC",
                "X1",
                ""
            ]),
            row(["note", "liia_header.csv", "12", "CHILD", "A5", ""]),
            row(["note", "liia_episodes.csv", "4", "PL_POST", "MK9 9ZZ", ""]),
        ]
    );
    // Saving wrote nothing to the database and left the dialog open.
    assert_eq!(h.state().store().unwrap().children().unwrap().len(), 0);
    h.get_by_label("Refused (not imported): 2");
}
