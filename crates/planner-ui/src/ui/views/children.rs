//! Children: who is looked after, awaiting placement or has left care, with
//! each child's placement history.

use super::super::app::ViewContext;
use super::super::command::Command;
use super::super::forms::{end_placement_form, placement_form, ChildForm, ConfirmDialog, Form};
use super::super::records::Records;
use super::super::table::{col, num, Cell, ColumnSpec, Row, TableState};
use super::filter_combo;
use crate::model::child::ChildDraft;
use crate::model::{format_uk_date, ChildStatus, Placement};

const COLUMNS: [ColumnSpec; 13] = [
    col("Ref", 55.0),
    col("Name", 130.0),
    num("Age", 35.0),
    col("Status", 110.0),
    col("Placement type", 140.0),
    num("Miles", 50.0),
    col("Within 20 mi", 80.0),
    col("In area", 80.0),
    num("Weekly cost", 85.0),
    col("Placed with", 200.0),
    col("Home postcode", 95.0),
    col("Legal", 45.0),
    col("Entered care", 90.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    InCare,
    LookedAfter,
    Awaiting,
    LeftCare,
    All,
}

pub struct ChildrenView {
    pub table: TableState,
    pub status_filter: StatusFilter,
    /// A click-through from another view: only these children, and why.
    pub only: Option<(String, std::collections::HashSet<String>)>,
    built_for: Option<(u64, StatusFilter, usize)>,
    only_generation: usize,
}

impl Default for ChildrenView {
    fn default() -> Self {
        ChildrenView {
            table: TableState::default(),
            status_filter: StatusFilter::InCare,
            only: None,
            built_for: None,
            only_generation: 0,
        }
    }
}

fn yes_no(v: Option<bool>) -> Cell {
    match v {
        Some(true) => Cell::text("Yes"),
        Some(false) => Cell::text("No"),
        None => Cell::missing("not known"),
    }
}

fn rows(
    records: &Records,
    filter: StatusFilter,
    only: Option<&std::collections::HashSet<String>>,
) -> Vec<Row> {
    let costs = crate::costing::CostBook::from_settings(&records.data.settings);
    records
        .children
        .iter()
        .filter(|c| only.is_none_or(|ids| ids.contains(&c.id)))
        .filter(|c| {
            only.is_some()
                || match filter {
                    StatusFilter::InCare => c.status != ChildStatus::LeftCare,
                    StatusFilter::LookedAfter => c.status == ChildStatus::LookedAfter,
                    StatusFilter::Awaiting => c.status == ChildStatus::AwaitingPlacement,
                    StatusFilter::LeftCare => c.status == ChildStatus::LeftCare,
                    StatusFilter::All => true,
                }
        })
        .map(|c| {
            let age = c.age_on(records.as_at);
            let current = records.current_placement_of(&c.id);
            let postcode = c
                .home_postcode
                .as_ref()
                .map_or(Cell::missing("not known"), |p| Cell::text(p.as_str()));
            let facts = records.facts_of(&c.id);
            let miles = match facts.and_then(|f| f.distance_miles) {
                Some(m) => Cell::number(format!("{m:.1}"), (m * 10.0).round() as i64),
                None if facts.is_some() => Cell::missing("not known"),
                None => Cell::missing(""),
            };
            let within = match facts {
                Some(f) => yes_no(f.within_20_miles),
                None => Cell::missing(""),
            };
            let in_area = match facts.map(|f| f.area) {
                Some(crate::geography::AreaStatus::Inside) => Cell::text("In area"),
                Some(crate::geography::AreaStatus::Outside) => Cell::text("Out of area"),
                Some(crate::geography::AreaStatus::Unknown) => Cell::missing("not known"),
                None => Cell::missing(""),
            };
            let (kind, with, cost) = match current {
                Some(p) => {
                    let costed = costs.placement_cost(p, records.as_at);
                    let cost = match costed.weekly {
                        Some(w) => Cell::number(costed.text(), w.0),
                        None => Cell::missing("not known"),
                    };
                    (
                        Cell::text(p.category().label()),
                        Cell::text(records.setting_name(p)),
                        cost,
                    )
                }
                None => (Cell::missing("none"), Cell::missing(""), Cell::missing("")),
            };
            Row::new(
                c.id.clone(),
                vec![
                    Cell::text(&c.id),
                    Cell::text(&c.name),
                    Cell::number(age.to_string(), i64::from(age)),
                    Cell::text(c.status.label()),
                    kind,
                    miles,
                    within,
                    in_area,
                    cost,
                    with,
                    postcode,
                    Cell::text(c.legal_status.code()),
                    Cell::number(format_uk_date(c.entered_care), date_key(c.entered_care)),
                ],
            )
        })
        .collect()
}

/// Dates sort as yyyymmdd numbers.
pub fn date_key(d: jiff::civil::Date) -> i64 {
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

impl ChildrenView {
    /// Shows only `ids` (a click-through from a number elsewhere).
    pub fn show_only(&mut self, label: String, ids: Vec<String>) {
        self.only = Some((label, ids.into_iter().collect()));
        self.only_generation += 1;
        self.table.filter.clear();
        self.table.selected = None;
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let key = (
            ctx.records.generation,
            self.status_filter,
            self.only_generation,
        );
        if self.built_for != Some(key) {
            let only = self.only.as_ref().map(|(_, ids)| ids);
            self.table
                .set_rows(rows(ctx.records, self.status_filter, only));
            self.built_for = Some(key);
        }
        if let Some((label, ids)) = &self.only {
            let mut clear = false;
            ui.horizontal(|ui| {
                ui.strong(format!("Showing {} children: {label}", ids.len()));
                clear = ui.button("Show all children").clicked();
            });
            if clear {
                self.only = None;
                self.only_generation += 1;
            }
        }
        ui.horizontal(|ui| {
            ui.heading("Children");
            ui.separator();
            filter_combo(
                ui,
                "Show:",
                &mut self.status_filter,
                &[
                    (StatusFilter::InCare, "In care or awaiting"),
                    (StatusFilter::LookedAfter, "Looked after"),
                    (StatusFilter::Awaiting, "Awaiting placement"),
                    (StatusFilter::LeftCare, "Left care"),
                    (StatusFilter::All, "Everyone"),
                ],
            );
            self.table.filter_ui(ui, "name, ref, postcode, carer…");
            ui.label(format!("{} shown", self.table.shown()));
            if ui.button("Add child…").clicked() {
                *ctx.form = Some(Form::Child(ChildForm::new(
                    ChildDraft {
                        status: Some(ChildStatus::AwaitingPlacement),
                        entered_care: format_uk_date(ctx.today),
                        ..Default::default()
                    },
                    true,
                )));
            }
        });
        ui.separator();
        if let Some(id) = self.table.selected.clone() {
            egui::Panel::right("child_detail")
                .default_size(380.0)
                .resizable(true)
                .show(ui, |ui| {
                    if !detail_ui(ui, ctx, &id) {
                        self.table.selected = None;
                    }
                });
        }
        self.table.table_ui(ui, "children_table", &COLUMNS);
    }
}

/// The selected child's record and placement history. Returns false when
/// the panel should close.
fn detail_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, id: &str) -> bool {
    let records = ctx.records;
    let Some(child) = records.children.iter().find(|c| c.id == id) else {
        return false;
    };
    let mut keep = true;
    ui.horizontal(|ui| {
        ui.heading(format!("{} ({})", child.name, child.id));
        if ui.small_button("Close").clicked() {
            keep = false;
        }
    });
    egui::Grid::new("child_facts")
        .num_columns(2)
        .show(ui, |ui| {
            let mut fact = |k: &str, v: String| {
                ui.label(k);
                ui.label(v);
                ui.end_row();
            };
            fact(
                "Born",
                format!(
                    "{} (age {})",
                    format_uk_date(child.date_of_birth),
                    child.age_on(records.as_at)
                ),
            );
            fact("Sex", child.sex.label().into());
            fact(
                "Legal status",
                format!(
                    "{}: {}",
                    child.legal_status.code(),
                    child.legal_status.label()
                ),
            );
            fact(
                "Category of need",
                format!(
                    "{}: {}",
                    child.category_of_need.code(),
                    child.category_of_need.label()
                ),
            );
            fact(
                "Disability",
                if child.disability { "Yes" } else { "No" }.into(),
            );
            fact(
                "Sibling group",
                child.sibling_group.clone().unwrap_or_else(|| "none".into()),
            );
            fact(
                "Home postcode",
                child
                    .home_postcode
                    .as_ref()
                    .map_or("not known".into(), |p| p.to_string()),
            );
            fact("Status", child.status.label().into());
            if let Some(f) = records.facts_of(&child.id) {
                let miles = f
                    .distance_miles
                    .map_or("not known".to_string(), |m| format!("{m:.1} miles"));
                let within = match f.within_20_miles {
                    Some(true) => "within 20 miles",
                    Some(false) => "over 20 miles",
                    None => "distance not known",
                };
                fact("From home", format!("{miles} ({within})"));
                fact("Placement area", f.area.label().into());
                if !f.not_known_reasons.is_empty() {
                    fact("Not known because", f.not_known_reasons.join("; "));
                }
            }
            fact("Entered care", format_uk_date(child.entered_care));
            if let Some(l) = child.left_care {
                fact("Left care", format_uk_date(l));
            }
            if !child.earlier_periods.is_empty() {
                let periods: Vec<String> = child
                    .earlier_periods
                    .iter()
                    .map(|p| {
                        format!(
                            "{} to {}",
                            format_uk_date(p.started),
                            format_uk_date(p.ended)
                        )
                    })
                    .collect();
                fact("Earlier periods of care", periods.join("; "));
            }
        });
    ui.horizontal(|ui| {
        if ui.button("Edit child…").clicked() {
            *ctx.form = Some(Form::Child(ChildForm::new(
                ChildDraft::from_child(child),
                false,
            )));
        }
        let current = records.current_placement_of(&child.id);
        if child.status != ChildStatus::LeftCare
            && current.is_none()
            && ui.button("New placement…").clicked()
        {
            *ctx.form = Some(placement_form(
                &child.id,
                format!("{} ({})", child.name, child.id),
                ctx.today,
            ));
        }
        if child.status != ChildStatus::LeftCare && ui.button("Record leaving care…").clicked() {
            let left_on = ctx.today.max(child.entered_care);
            let mut left = child.clone();
            left.status = ChildStatus::LeftCare;
            left.left_care = Some(left_on);
            *ctx.form = Some(Form::Confirm(ConfirmDialog {
                title: "Record leaving care".into(),
                message: format!(
                    "Record that {} ({}) left care on {}? Any open placement ends that day.",
                    child.name,
                    child.id,
                    format_uk_date(left_on)
                ),
                confirm_label: "Record leaving care".into(),
                command: Command::UpdateChild(left),
                store_error: None,
            }));
        }
    });
    ui.separator();
    ui.strong("Placement history");
    let history: Vec<&Placement> = records.placements_of(&child.id).collect();
    if history.is_empty() {
        ui.label("No placements recorded.");
    }
    egui::ScrollArea::vertical()
        .id_salt("history")
        .show(ui, |ui| {
            let costs = crate::costing::CostBook::from_settings(&records.data.settings);
            for p in history.iter().rev() {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let until = p.end.map_or("now".to_string(), format_uk_date);
                    ui.label(format!("{} to {}", format_uk_date(p.start), until));
                    ui.label(format!(
                        "{} · {} {}",
                        p.category().label(),
                        p.place.code(),
                        p.provider.map_or("", |c| c.code())
                    ));
                    ui.label(records.setting_name(p));
                    // Its last day open (the end day is the next placement's).
                    let on = p.end.map_or(records.as_at, |e| {
                        e.yesterday().unwrap_or(e).max(p.start).min(records.as_at)
                    });
                    let costed = costs.placement_cost(p, on);
                    ui.label(match costed.weekly {
                        Some(_) => format!("{} a week ({})", costed.text(), costed.basis.label()),
                        None => {
                            "Weekly cost not known: enter it, or set a rate on the Costs screen"
                                .to_string()
                        }
                    });
                    if let Some(r) = &p.reason_for_change {
                        ui.label(format!("Reason for change: {r}"));
                    }
                    if p.end.is_none() && ui.button("End placement…").clicked() {
                        *ctx.form = Some(end_placement_form(
                            p.id,
                            format!(
                                "{} ({}) with {}, since {}",
                                child.name,
                                child.id,
                                records.setting_name(p),
                                format_uk_date(p.start)
                            ),
                            ctx.today,
                        ));
                    }
                });
            }
        });
    keep
}
