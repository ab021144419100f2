//! A council's records end when its latest SSDA903 return does: the window
//! opens on that day and says so, and a later date carries a warning with a
//! way back.

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use jiff::civil::date;
use placement_planner::import::ssda903::{apply_ssda903, preview_ssda903};
use placement_planner::import::{Progress, RejectedRows};
use placement_planner::store::Store;
use placement_planner::ui::file_picker::ScriptedFilePicker;
use placement_planner::ui::PlannerApp;

/// One 2021-22 return: two children in care on 31/03/2022.
fn store_with_a_2021_22_return(dir: &std::path::Path) -> Store {
    let h = dir.join("header_2021-22.csv");
    let e = dir.join("episodes_2021-22.csv");
    std::fs::write(
        &h,
        "CHILD,SEX,DOB\nR1,1,01/01/2010\nR2,2,02/02/2012\nR3,1,03/03/2011\n",
    )
    .unwrap();
    std::fs::write(
        &e,
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST,PL_POST\n\
         R1,01/05/2021,S,V2,N1,U6,PR1,,,HP19 8FF,HP20 1AA\n\
         R2,01/06/2021,S,C2,N1,U4,PR4,,,HP19 8FF,HP20 1AA\n\
         R3,01/07/2021,S,V2,N4,U6,PR1,01/09/2021,E4A,HP19 8FF,HP20 1AA\n",
    )
    .unwrap();
    let mut s = Store::create_new(&dir.join("council.sqlite")).unwrap();
    let plan = preview_ssda903(&h, &e, &s, &Progress::new()).unwrap();
    apply_ssda903(&mut s, &plan, RejectedRows::Refuse, &Progress::new()).unwrap();
    s
}

#[test]
fn the_window_opens_on_the_day_the_records_end_and_warns_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_a_2021_22_return(dir.path());
    let app = PlannerApp::with_store(
        store,
        date(2026, 12, 2),
        Box::new(ScriptedFilePicker::default()),
    );
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(30)
        .build_ui_state(|ui, app: &mut PlannerApp| app.ui(ui), app);
    h.run();
    // Opened on 31/03/2022, and the status bar says why.
    h.get_by_label_contains("as at 31/03/2022");
    h.get_by_label(
        "The records run to 31/03/2022 (the latest SSDA903 return): showing the county on that \
         day. Pick a later date to look past it.",
    );
    // The dashboard's figures are for that day.
    h.get_by_label("on 31/03/2022");
    assert!(h
        .query_by_label_contains("The records run to 31/03/2022: the figures for")
        .is_none());

    // Today: the dashboard warns, and offers the way back.
    h.get_by_label("Today").click();
    h.run();
    h.get_by_label(
        "The records run to 31/03/2022: the figures for 02/12/2026 assume nothing changed after \
         that day.",
    );
    h.get_by_label("Show as at 31/03/2022").click();
    h.run();
    assert!(h.query_by_label("Show as at 31/03/2022").is_none());
    h.get_by_label("on 31/03/2022");
}
