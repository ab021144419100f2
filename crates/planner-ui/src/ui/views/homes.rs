//! Residential homes and their beds: registered, filled and vacant today.

use super::super::app::ViewContext;
use super::super::command::Command;
use super::super::forms::{ConfirmDialog, Form, HomeForm};
use super::super::records::Records;
use super::super::table::{col, num, Cell, ColumnSpec, Row, TableState};
use super::{age_range_text, filter_combo};
use crate::model::home::HomeDraft;
use crate::model::{format_uk_date, HomeSector};

const COLUMNS: [ColumnSpec; 12] = [
    col("Ref", 60.0),
    col("Home", 150.0),
    col("Provider", 160.0),
    col("Sector", 90.0),
    col("Ofsted URN", 80.0),
    num("Beds", 45.0),
    num("Filled", 50.0),
    num("Vacant", 55.0),
    col("Ages", 50.0),
    col("Postcode", 80.0),
    num("Weekly per bed", 100.0),
    col("Status", 90.0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeSectorFilter {
    All,
    Only(HomeSector),
}

pub struct HomesView {
    pub table: TableState,
    pub sector: HomeSectorFilter,
    pub include_closed: bool,
    built_for: Option<(u64, HomeSectorFilter, bool)>,
}

impl Default for HomesView {
    fn default() -> Self {
        HomesView {
            table: TableState::default(),
            sector: HomeSectorFilter::All,
            include_closed: false,
            built_for: None,
        }
    }
}

fn rows(r: &Records, sector: HomeSectorFilter, include_closed: bool) -> Vec<Row> {
    r.homes
        .iter()
        .filter(|h| match sector {
            HomeSectorFilter::All => true,
            HomeSectorFilter::Only(s) => h.sector == s,
        })
        .filter(|h| include_closed || h.is_open_on(r.as_at))
        .map(|h| {
            let o = r.home_occupancy.get(&h.id).copied().unwrap_or_default();
            Row::new(
                h.id.clone(),
                vec![
                    Cell::text(&h.id),
                    Cell::text(&h.name),
                    Cell::text(&h.provider),
                    Cell::text(h.sector.label()),
                    Cell::text(h.ofsted_urn.clone().unwrap_or_default()),
                    Cell::number(h.registered_beds.to_string(), h.registered_beds.into()),
                    Cell::number(o.filled.to_string(), o.filled.into()),
                    Cell::number(o.vacant().to_string(), o.vacant().into()),
                    Cell::number(
                        age_range_text(h.age_min, h.age_max),
                        i64::from(h.age_min) * 100 + i64::from(h.age_max),
                    ),
                    h.postcode
                        .as_ref()
                        .map_or(Cell::missing("not known"), |p| Cell::text(p.as_str())),
                    Cell::number(
                        h.weekly_cost_per_bed.to_pounds_string(),
                        h.weekly_cost_per_bed.0,
                    ),
                    Cell::text(match h.closed_on {
                        Some(d) => format!("Closed {}", format_uk_date(d)),
                        None => "Open".into(),
                    }),
                ],
            )
        })
        .collect()
}

impl HomesView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let key = (ctx.records.generation, self.sector, self.include_closed);
        if self.built_for != Some(key) {
            self.table
                .set_rows(rows(ctx.records, self.sector, self.include_closed));
            self.built_for = Some(key);
        }
        ui.horizontal(|ui| {
            ui.heading("Residential homes");
            ui.separator();
            filter_combo(
                ui,
                "Sector:",
                &mut self.sector,
                &[
                    (HomeSectorFilter::All, "All sectors"),
                    (
                        HomeSectorFilter::Only(HomeSector::OwnCouncil),
                        "Own council",
                    ),
                    (HomeSectorFilter::Only(HomeSector::Private), "Private"),
                    (HomeSectorFilter::Only(HomeSector::Voluntary), "Voluntary"),
                ],
            );
            ui.checkbox(&mut self.include_closed, "Include closed");
            self.table.filter_ui(ui, "name, provider, postcode…");
            ui.label(format!("{} shown", self.table.shown()));
            if ui.button("Add home…").clicked() {
                *ctx.form = Some(Form::Home(HomeForm::new(HomeDraft::default(), true)));
            }
        });
        ui.separator();
        if let Some(id) = self.table.selected.clone() {
            egui::Panel::right("home_detail")
                .default_size(320.0)
                .resizable(true)
                .show(ui, |ui| {
                    if !detail_ui(ui, ctx, &id) {
                        self.table.selected = None;
                    }
                });
        }
        self.table.table_ui(ui, "homes_table", &COLUMNS);
    }
}

fn detail_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, id: &str) -> bool {
    let r = ctx.records;
    let Some(h) = r.home(id) else {
        return false;
    };
    let mut keep = true;
    ui.horizontal(|ui| {
        ui.heading(format!("{} ({})", h.name, h.id));
        if ui.small_button("Close").clicked() {
            keep = false;
        }
    });
    let o = r.home_occupancy.get(&h.id).copied().unwrap_or_default();
    ui.label(format!("{} · {}", h.provider, h.sector.label()));
    ui.label(format!(
        "{} beds, {} filled, {} vacant · ages {} · {} a week per bed",
        h.registered_beds,
        o.filled,
        o.vacant(),
        age_range_text(h.age_min, h.age_max),
        h.weekly_cost_per_bed.to_pounds_string()
    ));
    ui.horizontal(|ui| {
        if ui.button("Edit home…").clicked() {
            *ctx.form = Some(Form::Home(HomeForm::new(HomeDraft::from_home(h), false)));
        }
        if h.closed_on.is_none() && ui.button("Record closure…").clicked() {
            let mut closed = h.clone();
            closed.closed_on = Some(ctx.today);
            *ctx.form = Some(Form::Confirm(ConfirmDialog {
                title: "Record closure".into(),
                message: format!(
                    "Record {} ({}) as closed from {}? It will offer no beds. \
                     A home with children still placed cannot close.",
                    h.name,
                    h.id,
                    format_uk_date(ctx.today)
                ),
                confirm_label: "Record closure".into(),
                command: Command::UpdateHome(closed),
                store_error: None,
            }));
        }
    });
    keep
}
