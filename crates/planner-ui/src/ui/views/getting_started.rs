//! The getting-started page: what a council's own database needs, step by
//! step, each with whether it is done and a button that does it (the same
//! dialogs as the File menu). The window opens on it when the database holds
//! no children, carers or homes; Help > Getting started shows it any time.
//!
//! The steps' states are worked out when the records load
//! ([`SetupSteps::from_data`]), never while drawing.

use super::super::app::{Navigate, ViewContext};
use super::super::command::Command;
use super::super::file_picker::FilePurpose;
use super::super::forms::{CouncilForm, Form};
use super::View;
use crate::county::CountyData;
use crate::import::ImportSource;
use crate::model::money::group_thousands;
use crate::store::RecordCounts;

/// Whether the council's boundary is set and usable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BoundaryState {
    #[default]
    NotSet,
    Set {
        polygons: usize,
    },
    Unusable(String),
}

/// What the database holds of each getting-started step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SetupSteps {
    pub council_name: String,
    pub council_code: String,
    pub postcodes: i64,
    pub boundary: BoundaryState,
    pub children: i64,
    pub placements: i64,
    pub cost_rates: usize,
    pub carers: i64,
    pub homes: i64,
}

impl SetupSteps {
    pub fn from_data(data: &CountyData, counts: &RecordCounts) -> SetupSteps {
        let boundary = match (&data.boundary, &data.boundary_error) {
            (Some(b), _) => BoundaryState::Set {
                polygons: b.rings().len(),
            },
            (None, Some(e)) => BoundaryState::Unusable(e.clone()),
            (None, None) => BoundaryState::NotSet,
        };
        SetupSteps {
            council_name: data.settings.council_name.clone(),
            council_code: data.settings.council_code.clone(),
            postcodes: counts.postcodes,
            boundary,
            children: counts.children,
            placements: counts.placements,
            cost_rates: data.settings.cost_rates.len(),
            carers: counts.carers,
            homes: counts.homes,
        }
    }

    /// No children, carers or homes: an empty council, which the window
    /// opens on this page.
    pub fn holds_no_records(&self) -> bool {
        self.children == 0 && self.carers == 0 && self.homes == 0
    }
}

/// "Postcodes: 2,612,345": what is counted first, so a count never reads
/// like the status bar's totals.
fn count_text(what: &str, n: i64) -> String {
    format!("{what}: {}", group_thousands(n.unsigned_abs()))
}

/// One step: done or not, and what the database holds.
struct StepState {
    done: bool,
    value: String,
}

fn council_state(s: &SetupSteps) -> StepState {
    let name = s.council_name.trim();
    let code = s.council_code.trim();
    StepState {
        done: !name.is_empty() && !code.is_empty(),
        value: match (name.is_empty(), code.is_empty()) {
            (false, false) => format!("{name} ({code})"),
            (false, true) => format!("{name}, with no area code"),
            (true, false) => format!("area code {code}, with no name"),
            (true, true) => "no council set".into(),
        },
    }
}

fn postcodes_state(s: &SetupSteps) -> StepState {
    StepState {
        done: s.postcodes > 0,
        value: count_text("Postcodes", s.postcodes),
    }
}

fn boundary_state(s: &SetupSteps) -> StepState {
    match &s.boundary {
        BoundaryState::NotSet => StepState {
            done: false,
            value: "no boundary set".into(),
        },
        BoundaryState::Set { polygons } => StepState {
            done: true,
            value: format!("set ({})", count_text("polygons", *polygons as i64)),
        },
        BoundaryState::Unusable(e) => StepState {
            done: false,
            value: format!("set but unusable: {e}"),
        },
    }
}

fn returns_state(s: &SetupSteps) -> StepState {
    StepState {
        done: s.children > 0,
        value: format!(
            "{} · {}",
            count_text("Children", s.children),
            count_text("placements", s.placements)
        ),
    }
}

fn rates_state(s: &SetupSteps) -> StepState {
    StepState {
        done: s.cost_rates > 0,
        value: count_text("Cost rates stored", s.cost_rates as i64),
    }
}

fn supply_state(s: &SetupSteps) -> StepState {
    StepState {
        done: s.carers > 0 && s.homes > 0,
        value: format!(
            "{} · {}",
            count_text("Carer households", s.carers),
            count_text("residential homes", s.homes)
        ),
    }
}

/// A step's frame: number and title, "Done" or "Not yet" with the value,
/// what it is for, then its buttons.
fn step_ui(
    ui: &mut egui::Ui,
    number: usize,
    title: &str,
    state: StepState,
    about: &str,
    buttons: impl FnOnce(&mut egui::Ui),
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(900.0));
        ui.horizontal(|ui| {
            ui.strong(format!("{number}. {title}"));
            ui.separator();
            if state.done {
                ui.colored_label(egui::Color32::from_rgb(0, 128, 60), "Done");
            } else {
                ui.colored_label(ui.visuals().warn_fg_color, "Not yet");
            }
            ui.label(state.value);
        });
        ui.label(about);
        ui.horizontal_wrapped(buttons);
    });
    ui.add_space(6.0);
}

pub fn getting_started_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    egui::ScrollArea::vertical()
        .id_salt("getting_started")
        .show(ui, |ui| contents_ui(ui, ctx));
}

fn contents_ui(ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
    let s = &ctx.records.setup;
    let mut import = None;
    let mut go_to = None;
    let mut council = false;
    ui.heading("Getting started");
    ui.label(if s.holds_no_records() {
        "This database holds no children, carers or homes yet. These steps bring your \
         council's own data in; each says whether it is done. The dashboard and the other \
         views fill in as the data arrives."
    } else {
        "The steps that bring a council's own data in, and whether each is done."
    });
    ui.add_space(8.0);

    step_ui(
        ui,
        1,
        "Set the council",
        council_state(s),
        "Its name, and its ONS area code (E06, E08, E09 or E10 and six digits): in or out \
         of area is judged against the code, so in a two-tier area give the county's.",
        |ui| council = ui.button("Set the council…").clicked(),
    );
    step_ui(
        ui,
        2,
        "Import the postcode directory",
        postcodes_state(s),
        "The ONS Postcode Directory (ONSPD) or NSPL file as downloaded: every postcode's grid \
         reference and local authority, from which distances and in or out of area are worked \
         out.",
        |ui| {
            if ui.button("Import the postcode directory…").clicked() {
                import = Some(ImportSource::Postcodes);
            }
        },
    );
    step_ui(
        ui,
        3,
        "Import the council boundary",
        boundary_state(s),
        "A GeoJSON file from the ONS Open Geography portal; you pick the council's area among \
         those it holds. It decides in or out of area where the directory gives no authority, \
         and it outlines the map.",
        |ui| {
            if ui.button("Import the boundary…").clicked() {
                import = Some(ImportSource::Boundary);
            }
        },
    );
    step_ui(
        ui,
        4,
        "Import the SSDA903 returns",
        returns_state(s),
        "Each year's return (the header file, then the episodes file), oldest year first. \
         Every row is checked and the result shown before anything is written.",
        |ui| {
            if ui.button("Import an SSDA903 return…").clicked() {
                import = Some(ImportSource::Ssda903);
            }
        },
    );
    step_ui(
        ui,
        5,
        "Set cost rates",
        rates_state(s),
        "The weekly cost per child by placement category and financial year. SSDA903 returns \
         hold no costs: an imported placement is costed at the council's rate, else at the \
         published national figure (labelled as such), else its cost is shown as not known. \
         The finance system's own placement costs can be imported too.",
        |ui| {
            if ui.button("Open the Costs screen").clicked() {
                go_to = Some(View::Costs);
            }
            if ui.button("Import cost rates…").clicked() {
                import = Some(ImportSource::Rates);
            }
            if ui.button("Import placement costs from finance…").clicked() {
                import = Some(ImportSource::FinanceCosts);
            }
        },
    );
    step_ui(
        ui,
        6,
        "Add carers and homes",
        supply_state(s),
        "Foster carer households and residential homes: import them from the CSV templates \
         (the command below writes a blank one; homes likewise), or add them one at a time \
         with Add in the Carers and Residential views.",
        |ui| {
            ui.code("placement-planner template carers --out carers.csv");
            ui.end_row();
            if ui.button("Import carers from a template…").clicked() {
                import = Some(ImportSource::Carers);
            }
            if ui.button("Import homes from a template…").clicked() {
                import = Some(ImportSource::Homes);
            }
            if ui.button("Open the Carers view").clicked() {
                go_to = Some(View::Carers);
            }
            if ui.button("Open the Residential view").clicked() {
                go_to = Some(View::Residential);
            }
        },
    );
    ui.horizontal(|ui| {
        if ui
            .button("Check again")
            .on_hover_text("Read the database again (after an import from the command line)")
            .clicked()
        {
            ctx.commands.push(Command::Reload);
        }
        if ui.button("Go to the dashboard").clicked() {
            go_to = Some(View::Dashboard);
        }
    });

    if council {
        *ctx.form = Some(Form::Council(CouncilForm::new(
            &s.council_name,
            &s.council_code,
        )));
    }
    if let Some(choice) = import {
        *ctx.file_request = Some(FilePurpose::Import { choice, step: 0 });
    }
    if let Some(view) = go_to {
        *ctx.navigate = Some(Navigate::To(view));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_database_has_every_step_still_to_do() {
        let s = SetupSteps::default();
        assert!(s.holds_no_records());
        for state in [
            council_state(&s),
            postcodes_state(&s),
            boundary_state(&s),
            returns_state(&s),
            rates_state(&s),
            supply_state(&s),
        ] {
            assert!(!state.done, "{}", state.value);
        }
        assert_eq!(returns_state(&s).value, "Children: 0 · placements: 0");
    }

    #[test]
    fn a_council_needs_both_its_name_and_its_code() {
        let mut s = SetupSteps {
            council_code: "E10000002".into(),
            ..Default::default()
        };
        let state = council_state(&s);
        assert!(!state.done);
        assert_eq!(state.value, "area code E10000002, with no name");
        s.council_name = "Buckinghamshire".into();
        let state = council_state(&s);
        assert!(state.done);
        assert_eq!(state.value, "Buckinghamshire (E10000002)");
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(count_text("Postcodes", 1), "Postcodes: 1");
        assert_eq!(count_text("Postcodes", 2_612_345), "Postcodes: 2,612,345");
        let s = SetupSteps {
            carers: 3,
            ..Default::default()
        };
        let state = supply_state(&s);
        assert!(!state.done, "carers but no homes");
        assert_eq!(state.value, "Carer households: 3 · residential homes: 0");
        assert!(!s.holds_no_records());
    }
}
