//! The Costs screen in the window: rates edited in place change the spend
//! at once, a bad amount is refused with the reason and saves nothing, and
//! a year's rates copy forward with an uplift.

mod common;

use common::files::write_csv;
use common::records::{child_in_care, placement_elsewhere};
use common::ui::{harness, settle};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use jiff::civil::date;
use placement_planner::model::{
    Child, CostRate, Pence, PlaceCode, Placement, PlacementCategory, ProviderCode,
};
use placement_planner::store::Store;
use placement_planner::ui::PlannerApp;

fn child(id: &str) -> Child {
    child_in_care(id, date(2026, 4, 1))
}

fn placement(child: &str) -> Placement {
    placement_elsewhere(
        child,
        date(2026, 4, 1),
        PlaceCode::U4,
        Some(ProviderCode::PR4),
    )
}

/// One child in an IFA placement with no cost of its own (as an SSDA903
/// import leaves it), and no rates.
fn store(dir: &tempfile::TempDir) -> Store {
    let mut s = Store::create_new(&dir.path().join("c.sqlite")).unwrap();
    s.insert_child(&child("C1")).unwrap();
    s.insert_placement(&placement("C1")).unwrap();
    s
}

/// A rate as the Costs screen saves it.
fn screen_rate(category: PlacementCategory, year: i32, pounds: i64) -> CostRate {
    CostRate {
        category,
        financial_year: year,
        weekly_cost: Pence::from_pounds(pounds),
        source: "entered on the Costs screen".into(),
    }
}

fn open_costs(dir: &tempfile::TempDir) -> Harness<'static, PlannerApp> {
    let mut h = harness(store(dir), vec![]);
    h.get_by_role_and_label(Role::Button, "Costs").click();
    h.run();
    h
}

fn type_into(h: &mut Harness<'static, PlannerApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

fn rates(h: &Harness<'static, PlannerApp>) -> Vec<CostRate> {
    h.state().store().unwrap().settings().unwrap().cost_rates
}

#[test]
fn a_rate_typed_in_changes_the_spend_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_costs(&dir);
    // No rate: the national IFA figure, £820 (2021-22), uplifted five years
    // at the published 3.55% to 2026-27: 820 × 1.0355⁵ = £976.257….
    h.get_by_label("£976 a week, 100% from national figures");
    type_into(&mut h, "IFA fostering 2026-27", "900");
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click_accesskit();
    h.run();
    h.run();
    assert_eq!(
        rates(&h),
        vec![screen_rate(PlacementCategory::IfaFostering, 2026, 900)]
    );
    h.get_by_label("£900 a week, 100% from rates");
}

#[test]
fn a_bad_amount_is_refused_with_the_reason_and_nothing_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_costs(&dir);
    type_into(&mut h, "Kinship 2026-27", "-5");
    type_into(&mut h, "Secure uplift", "300");
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click_accesskit();
    h.run();
    h.get_by_label("Kinship 2026-27: '-5' is not a weekly cost: a rate must be more than £0");
    h.get_by_label("Secure uplift: '300' is outside -50% to 100% a year");
    assert!(rates(&h).is_empty());
    assert!(h
        .state()
        .store()
        .unwrap()
        .settings()
        .unwrap()
        .cost_uplift_pct
        .is_empty());
}

#[test]
fn a_year_copies_forward_with_an_uplift() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_costs(&dir);
    type_into(&mut h, "IFA fostering 2026-27", "900");
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click_accesskit();
    h.run();
    h.run();
    type_into(&mut h, "to", "2027-28");
    type_into(&mut h, "uplifted by (% a year)", "10");
    h.get_by_role_and_label(Role::Button, "Copy")
        .click_accesskit();
    h.run();
    h.run();
    let copied = rates(&h)
        .into_iter()
        .find(|r| r.financial_year == 2027)
        .unwrap();
    // £900 × 1.10 = £990.
    assert_eq!(copied.weekly_cost, Pence::from_pounds(990));
    assert_eq!(copied.source, "2026-27 rate uplifted 10% a year");
}

#[test]
fn the_dashboard_lists_the_most_expensive_placements_from_a_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = store(&dir);
    // C2: a private children's home at £12,000 a week, its own cost.
    s.insert_child(&child("C2")).unwrap();
    s.insert_placement(&Placement {
        weekly_cost: Some(Pence::from_pounds(12_000)),
        place: PlaceCode::K2,
        ..placement("C2")
    })
    .unwrap();
    let mut h = harness(s, vec![]);
    // From £10,000 (the default): C2 only. All spend: £12,000 + C1's
    // national £976.26 = £12,976.26; 12,000 / 12,976.26 = 92.5% → 92%.
    h.get_by_label(
        "1 placement at £10,000 a week or more: £12,000 a week between them (92% of all spend).",
    );
    type_into(&mut h, "from £", "500");
    h.get_by_label(
        "2 placements at £500 a week or more: £12,976 a week between them (100% of all spend).",
    );
    h.get_by_label("national figure 2021");
}

#[test]
fn finance_costs_import_through_the_window_and_the_spend_follows() {
    let dir = tempfile::tempdir().unwrap();
    let costs = write_csv(
        dir.path(),
        "finance.csv",
        "child,start_date,weekly_cost",
        &[
            "C1,01/04/2026,880",
            "C1,01/10/2026,910",
            "C9,01/04/2026,500",
        ],
    );
    let mut h = harness(store(&dir), vec![Some(costs)]);
    h.get_by_role_and_label(Role::Button, "Costs").click();
    h.run();
    h.get_by_role_and_label(
        Role::Button,
        "Import placement costs from the finance system…",
    )
    .click_accesskit();
    for _ in 0..3 {
        h.step();
    }
    settle(&mut h);
    // C9 is not in the records: refused, so nothing until it is left out.
    h.get_by_label_contains(
        "Nothing is written yet. 0 to add, 1 to update, 0 unchanged, 1 refused",
    );
    h.get_by_label_contains("child C9 is not in the records");
    h.get_by_role_and_label(
        Role::CheckBox,
        "Leave out the refused row and import the rest",
    )
    .click_accesskit();
    h.run();
    h.get_by_role_and_label(Role::Button, "Import")
        .click_accesskit();
    h.run();
    settle(&mut h);
    h.get_by_label("Imported: 0 added, 1 updated, 0 unchanged, 1 left out.");
    h.get_by_role_and_label(Role::Button, "Close")
        .click_accesskit();
    h.run();
    // On 01/11/2026 (the window's date) C1's price is October's £910, its own.
    h.get_by_label("£910 a week");
}

/// A rate and an uplift saved at once are one change: both written, and
/// the status line counts them.
#[test]
fn a_rate_and_an_uplift_are_saved_together() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open_costs(&dir);
    type_into(&mut h, "Kinship 2026-27", "350");
    type_into(&mut h, "Secure uplift", "4.5");
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click_accesskit();
    h.run();
    h.run();
    assert_eq!(
        rates(&h),
        vec![screen_rate(PlacementCategory::Kinship, 2026, 350)]
    );
    let settings = h.state().store().unwrap().settings().unwrap();
    assert_eq!(
        settings.cost_uplift_pct.get(&PlacementCategory::Secure),
        Some(&4.5)
    );
    assert_eq!(
        h.state().status.as_ref().map(|s| s.text.as_str()),
        Some("1 cost rate saved, 1 uplift set")
    );
}
