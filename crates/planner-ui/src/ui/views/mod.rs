//! One file per view. Each holds its own state and draws from the cached
//! records; changes go out as commands.

pub mod audit;
pub mod backtest;
pub mod carers;
pub mod children;
pub mod costs;
pub mod dashboard;
pub mod getting_started;
pub mod homes;
pub mod map;
pub mod panel;
pub mod reports;
pub mod scenarios;

use super::app::{Navigate, ViewContext};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Dashboard,
    Children,
    Carers,
    Residential,
    Panel,
    Scenarios,
    Map,
    Reports,
    Costs,
    Audit,
    /// What an empty database needs (not a tab: Help > Getting started).
    GettingStarted,
}

impl View {
    pub const ALL: [View; 10] = [
        View::Dashboard,
        View::Children,
        View::Carers,
        View::Residential,
        View::Panel,
        View::Scenarios,
        View::Map,
        View::Reports,
        View::Costs,
        View::Audit,
    ];

    pub fn title(self) -> &'static str {
        match self {
            View::Dashboard => "Dashboard",
            View::Children => "Children",
            View::Carers => "Carers",
            View::Residential => "Residential",
            View::Panel => "Panel",
            View::Scenarios => "Scenarios",
            View::Map => "Map",
            View::Reports => "Reports",
            View::Costs => "Costs",
            View::Audit => "Audit",
            View::GettingStarted => "Getting started",
        }
    }
}

/// The state of every view, kept while the user moves between them.
#[derive(Default)]
pub struct Views {
    pub dashboard: dashboard::DashboardView,
    pub children: children::ChildrenView,
    pub carers: carers::CarersView,
    pub homes: homes::HomesView,
    pub map: map::MapView,
    pub panel: panel::PanelView,
    pub scenarios: scenarios::ScenariosView,
    pub reports: reports::ReportsView,
    pub audit: audit::AuditView,
    pub costs: costs::CostsView,
}

pub fn view_ui(view: View, views: &mut Views, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    match view {
        View::Dashboard => views.dashboard.ui(ui, ctx),
        View::Children => views.children.ui(ui, ctx),
        View::Carers => views.carers.ui(ui, ctx),
        View::Residential => views.homes.ui(ui, ctx),
        View::Map => views.map.ui(ui, ctx),
        View::Panel => views.panel.ui(ui, ctx),
        View::Scenarios => views.scenarios.ui(ui, ctx),
        View::Reports => views.reports.ui(ui, ctx),
        View::Audit => views.audit.ui(ui, ctx),
        View::Costs => views.costs.ui(ui, ctx),
        View::GettingStarted => getting_started::getting_started_ui(ui, ctx),
    }
}

/// What a view shows in place of empty tables and charts: one sentence
/// saying what is missing and what to do, and the way to the
/// getting-started page.
pub fn nothing_to_show_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, sentence: &str) {
    ui.add_space(8.0);
    ui.label(sentence);
    if ui.button("Open the getting-started page").clicked() {
        *ctx.navigate = Some(Navigate::To(View::GettingStarted));
    }
}

/// A date as a fractional year for a chart's x axis (1 March 2026 is
/// 2026 + 2/12).
pub fn year_fraction(d: jiff::civil::Date) -> f64 {
    f64::from(d.year()) + (f64::from(d.month()) - 1.0) / 12.0
}

/// `0–4`, `11–15`: an age range as shown in tables.
pub fn age_range_text(min: u8, max: u8) -> String {
    format!("{min}–{max}")
}

/// A labelled filter drop-down over `options`.
pub fn filter_combo<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    options: &[(T, &str)],
) -> bool {
    let l = ui.label(label);
    let before = *value;
    let current = options
        .iter()
        .find(|(o, _)| *o == *value)
        .map_or("", |(_, t)| *t);
    egui::ComboBox::from_id_salt(label)
        .selected_text(current)
        .show_ui(ui, |ui| {
            for (o, t) in options {
                ui.selectable_value(value, *o, *t);
            }
        })
        .response
        .labelled_by(l.id);
    before != *value
}
