//! Foster carer households: in-house, IFA and kinship, with places, filled
//! and vacant today.

use super::super::app::ViewContext;
use super::super::command::Command;
use super::super::forms::{CarerForm, ConfirmDialog, Form};
use super::super::records::Records;
use super::super::table::{col, num, Cell, ColumnSpec, Row, TableState};
use super::{age_range_text, filter_combo};
use crate::model::carer::CarerDraft;
use crate::model::{format_uk_date, Carer, CarerSector, CarerStatus};

const COLUMNS: [ColumnSpec; 13] = [
    col("Ref", 60.0),
    col("Household", 150.0),
    col("Sector", 80.0),
    col("Agency", 150.0),
    col("Status", 70.0),
    num("Places", 50.0),
    num("Filled", 50.0),
    num("Vacant", 55.0),
    col("Ages", 50.0),
    col("Siblings", 60.0),
    col("Postcode", 80.0),
    num("Weekly cost", 90.0),
    col("Specialisms", 160.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectorFilter {
    All,
    Only(CarerSector),
}

pub struct CarersView {
    pub table: TableState,
    pub sector: SectorFilter,
    pub include_resigned: bool,
    pub vacancies_only: bool,
    built_for: Option<(u64, SectorFilter, bool, bool)>,
}

impl Default for CarersView {
    fn default() -> Self {
        CarersView {
            table: TableState::default(),
            sector: SectorFilter::All,
            include_resigned: false,
            vacancies_only: false,
            built_for: None,
        }
    }
}

fn rows(
    r: &Records,
    sector: SectorFilter,
    include_resigned: bool,
    vacancies_only: bool,
) -> Vec<Row> {
    r.carers
        .iter()
        .filter(|c| match sector {
            SectorFilter::All => true,
            SectorFilter::Only(s) => c.sector == s,
        })
        .filter(|c| include_resigned || c.status != CarerStatus::Resigned)
        .filter_map(|c| {
            let o = r.carer_occupancy.get(&c.id).copied().unwrap_or_default();
            if vacancies_only && o.vacant() == 0 {
                return None;
            }
            let specialisms = c
                .specialisms
                .iter()
                .map(|s| s.label())
                .collect::<Vec<_>>()
                .join(", ");
            Some(Row::new(
                c.id.clone(),
                vec![
                    Cell::text(&c.id),
                    Cell::text(&c.name),
                    Cell::text(c.sector.label()),
                    Cell::text(c.agency.clone().unwrap_or_default()),
                    Cell::text(c.status.label()),
                    Cell::number(c.approved_places.to_string(), c.approved_places.into()),
                    Cell::number(o.filled.to_string(), o.filled.into()),
                    Cell::number(o.vacant().to_string(), o.vacant().into()),
                    Cell::number(
                        age_range_text(c.age_min, c.age_max),
                        i64::from(c.age_min) * 100 + i64::from(c.age_max),
                    ),
                    Cell::text(if c.takes_siblings { "Yes" } else { "No" }),
                    c.postcode
                        .as_ref()
                        .map_or(Cell::missing("not known"), |p| Cell::text(p.as_str())),
                    Cell::number(c.weekly_cost.to_pounds_string(), c.weekly_cost.0),
                    Cell::text(specialisms),
                ],
            ))
        })
        .collect()
}

impl CarersView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let key = (
            ctx.records.generation,
            self.sector,
            self.include_resigned,
            self.vacancies_only,
        );
        if self.built_for != Some(key) {
            self.table.set_rows(rows(
                ctx.records,
                self.sector,
                self.include_resigned,
                self.vacancies_only,
            ));
            self.built_for = Some(key);
        }
        ui.horizontal(|ui| {
            ui.heading("Carers");
            ui.separator();
            filter_combo(
                ui,
                "Sector:",
                &mut self.sector,
                &[
                    (SectorFilter::All, "All sectors"),
                    (SectorFilter::Only(CarerSector::InHouse), "In-house"),
                    (SectorFilter::Only(CarerSector::Ifa), "IFA"),
                    (SectorFilter::Only(CarerSector::Kinship), "Kinship"),
                ],
            );
            ui.checkbox(&mut self.vacancies_only, "With a vacancy");
            ui.checkbox(&mut self.include_resigned, "Include resigned");
            self.table.filter_ui(ui, "name, agency, postcode…");
            ui.label(format!("{} shown", self.table.shown()));
            if ui.button("Add household…").clicked() {
                *ctx.form = Some(Form::Carer(CarerForm::new(
                    CarerDraft {
                        approval_date: format_uk_date(ctx.today),
                        ..Default::default()
                    },
                    true,
                )));
            }
        });
        ui.separator();
        if let Some(id) = self.table.selected.clone() {
            egui::Panel::right("carer_detail")
                .default_size(340.0)
                .resizable(true)
                .show(ui, |ui| {
                    if !detail_ui(ui, ctx, &id) {
                        self.table.selected = None;
                    }
                });
        }
        self.table.table_ui(ui, "carers_table", &COLUMNS);
    }
}

fn detail_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, id: &str) -> bool {
    let r = ctx.records;
    let Some(c) = r.carer(id) else {
        return false;
    };
    let mut keep = true;
    ui.horizontal(|ui| {
        ui.heading(format!("{} ({})", c.name, c.id));
        if ui.small_button("Close").clicked() {
            keep = false;
        }
    });
    let o = r.carer_occupancy.get(&c.id).copied().unwrap_or_default();
    ui.label(format!(
        "{}{} · {} · approved {}",
        c.sector.label(),
        c.agency
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default(),
        c.status.label(),
        format_uk_date(c.approval_date)
    ));
    ui.label(format!(
        "{} places, {} filled, {} vacant · ages {} · {}",
        c.approved_places,
        o.filled,
        o.vacant(),
        age_range_text(c.age_min, c.age_max),
        if c.takes_siblings {
            "takes sibling groups"
        } else {
            "no sibling groups"
        }
    ));
    ui.label(format!("{} a week", c.weekly_cost.to_pounds_pence_string()));
    ui.horizontal(|ui| {
        if ui.button("Edit household…").clicked() {
            *ctx.form = Some(Form::Carer(CarerForm::new(
                CarerDraft::from_carer(c),
                false,
            )));
        }
        if c.status != CarerStatus::Resigned && ui.button("Record resignation…").clicked() {
            *ctx.form = Some(resign_dialog(c, o.filled, ctx.today));
        }
    });
    ui.separator();
    ui.strong("Children placed now");
    let mut any = false;
    for p in r
        .placements
        .iter()
        .filter(|p| p.carer_id() == Some(id) && p.is_open_on(r.as_at))
    {
        any = true;
        let name = r
            .children
            .iter()
            .find(|ch| ch.id == p.child_id)
            .map_or(p.child_id.clone(), |ch| format!("{} ({})", ch.name, ch.id));
        ui.label(format!("{name}, since {}", format_uk_date(p.start)));
    }
    if !any {
        ui.label("None.");
    }
    keep
}

fn resign_dialog(c: &Carer, placed: u32, today: jiff::civil::Date) -> Form {
    let mut resigned = c.clone();
    resigned.status = CarerStatus::Resigned;
    resigned.ended_on = Some(today.max(c.approval_date));
    let warning = if placed > 0 {
        format!(" {placed} child(ren) are placed there now; their placements stay open until you end them.")
    } else {
        String::new()
    };
    Form::Confirm(ConfirmDialog {
        title: "Record resignation".into(),
        message: format!(
            "Mark {} ({}) as resigned from {}? They will offer no vacancies.{warning}",
            c.name,
            c.id,
            format_uk_date(today.max(c.approval_date))
        ),
        confirm_label: "Mark as resigned".into(),
        command: Command::UpdateCarer(resigned),
        store_error: None,
    })
}
