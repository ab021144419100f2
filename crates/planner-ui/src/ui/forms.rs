//! The add / edit / end forms, drawn as modal dialogs. Validation rules live
//! in the library (`model::*Draft::validate`); a form only shows the errors
//! and keeps what the user typed until the save succeeds.

use super::command::Command;
use crate::model::carer::{CarerDraft, CarerSector, CarerStatus, Specialism};
use crate::model::child::{ChildDraft, ChildStatus, Sex};
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::home::{HomeDraft, HomeSector};
use crate::model::placement::{PlacementDraft, SettingKind, REASONS_FOR_CHANGE};
use crate::model::referral::{DecisionDraft, ReferralDraft};
use crate::model::{
    parse_uk_date, DecisionOutcome, PlaceCode, ProviderCode, Urgency, ValidationErrors,
};
use jiff::civil::Date;

/// The dialog open over the window, if any.
pub enum Form {
    Carer(CarerForm),
    Child(ChildForm),
    Home(HomeForm),
    Placement(PlacementForm),
    EndPlacement(EndPlacementForm),
    Referral(ReferralForm),
    Decision(DecisionForm),
    Confirm(ConfirmDialog),
    Council(CouncilForm),
}

/// The council's name and area code (File > Council settings).
pub struct CouncilForm {
    pub name: String,
    pub code: String,
    pub name_error: Option<String>,
    pub code_error: Option<String>,
    pub store_error: Option<String>,
}

impl CouncilForm {
    pub fn new(name: &str, code: &str) -> CouncilForm {
        CouncilForm {
            name: name.to_string(),
            code: code.to_string(),
            name_error: None,
            code_error: None,
            store_error: None,
        }
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(
            "In or out of area is judged against this code: in a two-tier area give the \
             county's (E10…), not a district's.",
        );
        grid(ui, "council_form", |ui| {
            text_row(
                ui,
                "Council name",
                &mut self.name,
                "e.g. Buckinghamshire Council",
                self.name_error.as_deref(),
            );
            text_row(
                ui,
                "Area code",
                &mut self.code,
                "E06, E08, E09 or E10 and six digits",
                self.code_error.as_deref(),
            );
        });
    }

    fn submit(&mut self) -> Option<Command> {
        let name = crate::model::settings::check_council_name(&self.name);
        let code = crate::model::settings::check_council_code(&self.code);
        self.name_error = name.as_ref().err().cloned();
        self.code_error = code.as_ref().err().cloned();
        Some(Command::SaveCouncil {
            name: name.ok()?,
            code: code.ok()?,
        })
    }
}

pub struct ReferralForm {
    pub draft: ReferralDraft,
    pub child_label: String,
    pub errors: ValidationErrors,
    pub store_error: Option<String>,
}

pub struct DecisionForm {
    pub draft: DecisionDraft,
    /// What is being decided, in words: child, referral, provider.
    pub summary: String,
    pub errors: ValidationErrors,
    pub store_error: Option<String>,
}

/// What a form asks for after a frame.
pub enum FormAction {
    Stay,
    Cancel,
    Submit(Command),
}

/// An add-or-edit form over a draft the library validates.
pub struct EditForm<D> {
    pub draft: D,
    pub is_new: bool,
    pub errors: ValidationErrors,
    pub store_error: Option<String>,
}

impl<D> EditForm<D> {
    pub fn new(draft: D, is_new: bool) -> EditForm<D> {
        EditForm {
            draft,
            is_new,
            errors: ValidationErrors::default(),
            store_error: None,
        }
    }
}

pub type CarerForm = EditForm<CarerDraft>;

pub type ChildForm = EditForm<ChildDraft>;

pub type HomeForm = EditForm<HomeDraft>;

pub struct PlacementForm {
    pub draft: PlacementDraft,
    pub child_label: String,
    pub errors: ValidationErrors,
    pub store_error: Option<String>,
}

pub struct EndPlacementForm {
    pub placement_id: i64,
    pub description: String,
    pub end: String,
    pub reason: Option<&'static str>,
    pub errors: ValidationErrors,
    pub store_error: Option<String>,
}

/// "Are you sure?" before a destructive change.
pub struct ConfirmDialog {
    pub title: String,
    pub message: String,
    pub confirm_label: String,
    pub command: Command,
    pub store_error: Option<String>,
}

impl Form {
    /// Where the store's refusal of this form's save is kept for display.
    fn store_error_slot(&mut self) -> &mut Option<String> {
        match self {
            Form::Carer(f) => &mut f.store_error,
            Form::Child(f) => &mut f.store_error,
            Form::Home(f) => &mut f.store_error,
            Form::Placement(f) => &mut f.store_error,
            Form::EndPlacement(f) => &mut f.store_error,
            Form::Referral(f) => &mut f.store_error,
            Form::Decision(f) => &mut f.store_error,
            Form::Confirm(f) => &mut f.store_error,
            Form::Council(f) => &mut f.store_error,
        }
    }

    pub fn set_store_error(&mut self, message: String) {
        *self.store_error_slot() = Some(message);
    }

    fn title(&self) -> String {
        match self {
            Form::Carer(f) if f.is_new => "Add carer household".into(),
            Form::Carer(f) => format!("Edit carer household {}", f.draft.id),
            Form::Child(f) if f.is_new => "Add child".into(),
            Form::Child(f) => format!("Edit child {}", f.draft.id),
            Form::Home(f) if f.is_new => "Add residential home".into(),
            Form::Home(f) => format!("Edit residential home {}", f.draft.id),
            Form::Placement(f) => format!("New placement for {}", f.child_label),
            Form::EndPlacement(_) => "End placement".into(),
            Form::Referral(f) => format!("Refer {} to the panel", f.child_label),
            Form::Decision(f) if f.draft.corrects.is_some() => "Correct a panel decision".into(),
            Form::Decision(_) => "Record the panel's decision".into(),
            Form::Confirm(f) => f.title.clone(),
            Form::Council(_) => "Council settings".into(),
        }
    }

    fn save_label(&self) -> String {
        match self {
            Form::Carer(f) if f.is_new => "Add household".into(),
            Form::Child(f) if f.is_new => "Add child".into(),
            Form::Home(f) if f.is_new => "Add home".into(),
            Form::Carer(_) | Form::Child(_) | Form::Home(_) => "Save changes".into(),
            Form::Placement(_) => "Add placement".into(),
            Form::EndPlacement(_) => "End placement".into(),
            Form::Referral(_) => "Add referral".into(),
            Form::Decision(_) => "Record decision".into(),
            Form::Confirm(f) => f.confirm_label.clone(),
            Form::Council(_) => "Save settings".into(),
        }
    }

    /// Checks the fields; the command to send when they are right, else
    /// the errors are kept for display.
    fn submit(&mut self, today: Date) -> Option<Command> {
        match self {
            Form::Carer(f) => f.submit(today),
            Form::Child(f) => f.submit(today),
            Form::Home(f) => f.submit(),
            Form::Placement(f) => f.submit(),
            Form::EndPlacement(f) => f.submit(),
            Form::Referral(f) => f.submit(),
            Form::Decision(f) => f.submit(),
            Form::Confirm(f) => Some(f.command.clone()),
            Form::Council(f) => f.submit(),
        }
    }

    /// Draws the form as a modal dialog: the fields (scrolling on small
    /// screens), then the store's answer and the buttons, always in view.
    pub fn show(&mut self, ctx: &egui::Context, today: Date) -> FormAction {
        let title = self.title();
        let save_label = self.save_label();
        let mut save = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("form_modal")).show(ctx, |ui| {
            ui.set_width(540.0);
            ui.heading(&title);
            ui.separator();
            let max_height = (ctx.content_rect().height() - 180.0).max(160.0);
            egui::ScrollArea::vertical()
                .max_height(max_height)
                .auto_shrink([false, true])
                .show(ui, |ui| match self {
                    Form::Carer(f) => f.fields_ui(ui),
                    Form::Child(f) => f.fields_ui(ui),
                    Form::Home(f) => f.fields_ui(ui),
                    Form::Placement(f) => f.fields_ui(ui),
                    Form::EndPlacement(f) => f.fields_ui(ui),
                    Form::Referral(f) => f.fields_ui(ui),
                    Form::Decision(f) => f.fields_ui(ui),
                    Form::Confirm(f) => {
                        ui.label(&f.message);
                    }
                    Form::Council(f) => f.fields_ui(ui),
                });
            ui.separator();
            if let Some(e) = self.store_error_slot().clone() {
                ui.colored_label(ui.visuals().error_fg_color, format!("Not saved: {e}"));
            }
            ui.horizontal(|ui| {
                save = ui.button(&save_label).clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        // A click outside the dialog does not close it: that would lose what
        // was typed. Cancel does.
        if cancel {
            return FormAction::Cancel;
        }
        if save {
            *self.store_error_slot() = None;
            if let Some(command) = self.submit(today) {
                return FormAction::Submit(command);
            }
        }
        FormAction::Stay
    }
}

// ---- small widgets shared by the forms ----

/// A labelled single-line text field with its error under it.
fn text_row(ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str, error: Option<&str>) {
    let l = ui.label(label);
    ui.vertical(|ui| {
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(300.0),
        )
        .labelled_by(l.id);
        error_label(ui, error);
    });
    ui.end_row();
}

/// Under a weekly cost: the check a likely slip or an extreme cost needs
/// (above £25,000 or below £50 a week); saving is still allowed.
fn cost_warning_row(ui: &mut egui::Ui, text: &str) {
    let warning = crate::model::Pence::parse_pounds(text)
        .ok()
        .and_then(crate::costing::outlier_warning);
    if let Some(w) = warning {
        ui.label("");
        ui.colored_label(ui.visuals().warn_fg_color, w);
        ui.end_row();
    }
}

fn error_label(ui: &mut egui::Ui, error: Option<&str>) {
    if let Some(e) = error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

/// A labelled drop-down over a code list.
fn choice_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut T,
    options: &[T],
    text: impl Fn(T) -> String,
    error: Option<&str>,
) {
    let l = ui.label(label);
    ui.vertical(|ui| {
        egui::ComboBox::from_id_salt(label)
            .selected_text(text(*value))
            .width(300.0)
            .show_ui(ui, |ui| {
                for &o in options {
                    ui.selectable_value(value, o, text(o));
                }
            })
            .response
            .labelled_by(l.id);
        error_label(ui, error);
    });
    ui.end_row();
}

/// A drop-down whose value may be unset.
fn optional_choice_row<T: Copy + PartialEq>(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    text: impl Fn(T) -> String,
    error: Option<&str>,
) {
    let l = ui.label(label);
    ui.vertical(|ui| {
        egui::ComboBox::from_id_salt(label)
            .selected_text(value.map(&text).unwrap_or_else(|| "(choose)".into()))
            .width(300.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "(none)");
                for &o in options {
                    ui.selectable_value(value, Some(o), text(o));
                }
            })
            .response
            .labelled_by(l.id);
        error_label(ui, error);
    });
    ui.end_row();
}

fn code_and_label(code: &str, label: &str) -> String {
    format!("{code}: {label}")
}

/// A labelled column of checkboxes, one per specialism, kept sorted.
fn specialisms_row(ui: &mut egui::Ui, label: &str, chosen: &mut Vec<Specialism>) {
    ui.label(label);
    ui.vertical(|ui| {
        for &s in Specialism::ALL {
            let mut on = chosen.contains(&s);
            if ui.checkbox(&mut on, s.label()).changed() {
                if on {
                    chosen.push(s);
                    chosen.sort();
                } else {
                    chosen.retain(|x| *x != s);
                }
            }
        }
    });
    ui.end_row();
}

fn grid(ui: &mut egui::Ui, id: &str, add: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 6.0])
        .striped(false)
        .show(ui, add);
}

// ---- the forms ----

impl CarerForm {
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let e = &self.errors;
        let d = &mut self.draft;
        grid(ui, "carer_form", |ui| {
            if self.is_new {
                text_row(ui, "Reference", &mut d.id, "e.g. FC0201", e.for_field("id"));
            }
            text_row(
                ui,
                "Household name",
                &mut d.name,
                "e.g. The Patels",
                e.for_field("name"),
            );
            choice_row(
                ui,
                "Sector",
                &mut d.sector,
                CarerSector::ALL,
                |s| s.label().into(),
                None,
            );
            text_row(
                ui,
                "Agency (IFA)",
                &mut d.agency,
                "agency's name",
                e.for_field("agency"),
            );
            text_row(
                ui,
                "Approved places",
                &mut d.approved_places,
                "0 to 6",
                e.for_field("approved_places"),
            );
            text_row(
                ui,
                "Youngest age",
                &mut d.age_min,
                "0 to 17",
                e.for_field("age_min"),
            );
            text_row(
                ui,
                "Oldest age",
                &mut d.age_max,
                "0 to 17",
                e.for_field("age_max"),
            );
            ui.label("Sibling groups");
            ui.checkbox(&mut d.takes_siblings, "Takes sibling groups");
            ui.end_row();
            specialisms_row(ui, "Specialisms", &mut d.specialisms);
            text_row(
                ui,
                "Postcode",
                &mut d.postcode,
                "e.g. HP19 8FF",
                e.for_field("postcode"),
            );
            text_row(
                ui,
                "Weekly cost (£)",
                &mut d.weekly_cost,
                "fee plus allowance, e.g. 520.00",
                e.for_field("weekly_cost"),
            );
            cost_warning_row(ui, &d.weekly_cost);
            choice_row(
                ui,
                "Status",
                &mut d.status,
                CarerStatus::ALL,
                |s| s.label().into(),
                None,
            );
            text_row(
                ui,
                "Approval date",
                &mut d.approval_date,
                "dd/mm/yyyy",
                e.for_field("approval_date"),
            );
            text_row(
                ui,
                "Resigned on",
                &mut d.ended_on,
                "dd/mm/yyyy, if resigned",
                e.for_field("ended_on"),
            );
        });
    }

    fn submit(&mut self, today: Date) -> Option<Command> {
        match self.draft.validate(today) {
            Ok(c) if self.is_new => return Some(Command::AddCarer(c)),
            Ok(c) => return Some(Command::UpdateCarer(c)),
            Err(errors) => self.errors = errors,
        }
        None
    }
}

impl ChildForm {
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let e = &self.errors;
        let d = &mut self.draft;
        grid(ui, "child_form", |ui| {
            if self.is_new {
                text_row(
                    ui,
                    "Reference",
                    &mut d.id,
                    "SSDA903 CHILD, e.g. C2001",
                    e.for_field("id"),
                );
            }
            text_row(ui, "Name", &mut d.name, "full name", e.for_field("name"));
            text_row(
                ui,
                "Date of birth",
                &mut d.date_of_birth,
                "dd/mm/yyyy",
                e.for_field("date_of_birth"),
            );
            optional_choice_row(
                ui,
                "Sex",
                &mut d.sex,
                Sex::ALL,
                |s| s.label().into(),
                e.for_field("sex"),
            );
            optional_choice_row(
                ui,
                "Legal status",
                &mut d.legal_status,
                LegalStatus::ALL,
                |s| code_and_label(s.code(), s.label()),
                e.for_field("legal_status"),
            );
            optional_choice_row(
                ui,
                "Category of need",
                &mut d.category_of_need,
                CategoryOfNeed::ALL,
                |s| code_and_label(s.code(), s.label()),
                e.for_field("category_of_need"),
            );
            ui.label("Disability");
            ui.checkbox(&mut d.disability, "Has a disability");
            ui.end_row();
            text_row(
                ui,
                "Sibling group",
                &mut d.sibling_group,
                "shared id, e.g. SG012",
                e.for_field("sibling_group"),
            );
            text_row(
                ui,
                "Home postcode",
                &mut d.home_postcode,
                "e.g. HP19 8FF",
                e.for_field("home_postcode"),
            );
            optional_choice_row(
                ui,
                "Status",
                &mut d.status,
                ChildStatus::ALL,
                |s| s.label().into(),
                e.for_field("status"),
            );
            text_row(
                ui,
                "Entered care",
                &mut d.entered_care,
                "dd/mm/yyyy",
                e.for_field("entered_care"),
            );
            text_row(
                ui,
                "Left care",
                &mut d.left_care,
                "dd/mm/yyyy, if left",
                e.for_field("left_care"),
            );
        });
    }

    fn submit(&mut self, today: Date) -> Option<Command> {
        match self.draft.validate(today) {
            Ok(c) if self.is_new => return Some(Command::AddChild(c)),
            Ok(c) => return Some(Command::UpdateChild(c)),
            Err(errors) => self.errors = errors,
        }
        None
    }
}

impl HomeForm {
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let e = &self.errors;
        let d = &mut self.draft;
        grid(ui, "home_form", |ui| {
            if self.is_new {
                text_row(ui, "Reference", &mut d.id, "e.g. RH040", e.for_field("id"));
            }
            text_row(
                ui,
                "Home name",
                &mut d.name,
                "e.g. Oak House",
                e.for_field("name"),
            );
            text_row(
                ui,
                "Provider",
                &mut d.provider,
                "provider's name",
                e.for_field("provider"),
            );
            choice_row(
                ui,
                "Sector",
                &mut d.sector,
                HomeSector::ALL,
                |s| s.label().into(),
                None,
            );
            text_row(
                ui,
                "Ofsted URN",
                &mut d.ofsted_urn,
                "e.g. SC123456",
                e.for_field("ofsted_urn"),
            );
            text_row(
                ui,
                "Registered beds",
                &mut d.registered_beds,
                "0 to 60",
                e.for_field("registered_beds"),
            );
            text_row(
                ui,
                "Youngest age",
                &mut d.age_min,
                "0 to 17",
                e.for_field("age_min"),
            );
            text_row(
                ui,
                "Oldest age",
                &mut d.age_max,
                "0 to 17",
                e.for_field("age_max"),
            );
            text_row(
                ui,
                "Postcode",
                &mut d.postcode,
                "e.g. MK18 1AB",
                e.for_field("postcode"),
            );
            text_row(
                ui,
                "Weekly cost per bed (£)",
                &mut d.weekly_cost_per_bed,
                "e.g. 6108.00",
                e.for_field("weekly_cost_per_bed"),
            );
            cost_warning_row(ui, &d.weekly_cost_per_bed);
            text_row(
                ui,
                "Closed on",
                &mut d.closed_on,
                "dd/mm/yyyy, if closed",
                e.for_field("closed_on"),
            );
        });
    }

    fn submit(&mut self) -> Option<Command> {
        match self.draft.validate() {
            Ok(h) if self.is_new => return Some(Command::AddHome(h)),
            Ok(h) => return Some(Command::UpdateHome(h)),
            Err(errors) => self.errors = errors,
        }
        None
    }
}

impl PlacementForm {
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let e = &self.errors;
        let d = &mut self.draft;
        grid(ui, "placement_form", |ui| {
            choice_row(
                ui,
                "Placed with",
                &mut d.setting_kind,
                &[
                    SettingKind::Carer,
                    SettingKind::Home,
                    SettingKind::Elsewhere,
                ],
                |k| match k {
                    SettingKind::Carer => "A foster carer household".into(),
                    SettingKind::Home => "A residential home".into(),
                    SettingKind::Elsewhere => "Elsewhere (parents, supported, other)".into(),
                },
                None,
            );
            if d.setting_kind != SettingKind::Elsewhere {
                text_row(
                    ui,
                    "Carer or home reference",
                    &mut d.provider_ref,
                    "e.g. FC0012 or RH003",
                    e.for_field("provider_ref"),
                );
            }
            text_row(
                ui,
                "Placement postcode",
                &mut d.postcode,
                "if not the carer's or home's",
                e.for_field("postcode"),
            );
            text_row(
                ui,
                "Start date",
                &mut d.start,
                "dd/mm/yyyy",
                e.for_field("start"),
            );
            text_row(
                ui,
                "Weekly cost (£)",
                &mut d.weekly_cost,
                "blank if not known (costed from the rates)",
                e.for_field("weekly_cost"),
            );
            cost_warning_row(ui, &d.weekly_cost);
            optional_choice_row(
                ui,
                "PLACE",
                &mut d.place,
                PlaceCode::ALL,
                |p| code_and_label(p.code(), p.label()),
                e.for_field("place"),
            );
            optional_choice_row(
                ui,
                "PLACE_PROVIDER",
                &mut d.provider,
                ProviderCode::ALL,
                |p| code_and_label(p.code(), p.label()),
                e.for_field("provider"),
            );
        });
        if let Some(place) = d.place {
            ui.label(format!(
                "Category: {}",
                crate::model::PlacementCategory::derive(place, d.provider).label()
            ));
        }
    }

    fn submit(&mut self) -> Option<Command> {
        match self.draft.validate() {
            Ok(p) => return Some(Command::AddPlacement(p)),
            Err(errors) => self.errors = errors,
        }
        None
    }
}

impl EndPlacementForm {
    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(&self.description);
        let e = &self.errors;
        grid(ui, "end_placement_form", |ui| {
            text_row(
                ui,
                "End date",
                &mut self.end,
                "dd/mm/yyyy",
                e.for_field("end"),
            );
            optional_choice_row(
                ui,
                "Reason for change",
                &mut self.reason,
                &REASONS_FOR_CHANGE
                    .iter()
                    .map(|(c, _)| *c)
                    .collect::<Vec<_>>(),
                |c| {
                    let label = REASONS_FOR_CHANGE
                        .iter()
                        .find(|(k, _)| *k == c)
                        .map_or("", |(_, l)| l);
                    format!("{c}: {label}")
                },
                None,
            );
        });
        ui.label("Ending a placement cannot be undone from here; the history keeps it.");
    }

    fn submit(&mut self) -> Option<Command> {
        let mut errors = ValidationErrors::default();
        if let Some(end) = errors.check("end", parse_uk_date(&self.end)) {
            return Some(Command::EndPlacement {
                id: self.placement_id,
                end,
                reason: self.reason.map(str::to_string),
            });
        }
        self.errors = errors;
        None
    }
}

/// Opens the end-placement form for placement `id`.
pub fn end_placement_form(id: i64, description: String, today: Date) -> Form {
    Form::EndPlacement(EndPlacementForm {
        placement_id: id,
        description,
        end: crate::model::format_uk_date(today),
        reason: None,
        errors: ValidationErrors::default(),
        store_error: None,
    })
}

/// Opens the new-placement form for a child.
pub fn placement_form(child_id: &str, child_label: String, today: Date) -> Form {
    Form::Placement(PlacementForm {
        draft: PlacementDraft {
            child_id: child_id.to_string(),
            start: crate::model::format_uk_date(today),
            ..Default::default()
        },
        child_label,
        errors: ValidationErrors::default(),
        store_error: None,
    })
}

impl ReferralForm {
    pub fn new(draft: ReferralDraft, child_label: String) -> ReferralForm {
        ReferralForm {
            draft,
            child_label,
            errors: ValidationErrors::default(),
            store_error: None,
        }
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        let e = &self.errors;
        let d = &mut self.draft;
        grid(ui, "referral_form", |ui| {
            text_row(
                ui,
                "Received",
                &mut d.received,
                "dd/mm/yyyy",
                e.for_field("received"),
            );
            choice_row(
                ui,
                "Urgency",
                &mut d.urgency,
                Urgency::ALL,
                |u| u.label().into(),
                None,
            );
            text_row(
                ui,
                "Place by",
                &mut d.latest_start,
                "dd/mm/yyyy",
                e.for_field("latest_start"),
            );
            text_row(
                ui,
                "Children to place together",
                &mut d.sibling_group_size,
                "1 for a child alone",
                e.for_field("sibling_group_size"),
            );
            ui.label("Needs");
            ui.vertical(|ui| {
                ui.checkbox(&mut d.disability, "Disability");
                ui.checkbox(
                    &mut d.must_stay_near_home,
                    "Must stay near home or school (within 20 miles)",
                );
            });
            ui.end_row();
            specialisms_row(ui, "Specialisms needed", &mut d.specialisms_needed);
            text_row(
                ui,
                "Risk flags",
                &mut d.risk_flags,
                "e.g. missing episodes",
                e.for_field("risk_flags"),
            );
            text_row(
                ui,
                "Notes",
                &mut d.notes,
                "for the panel",
                e.for_field("notes"),
            );
        });
    }

    fn submit(&mut self) -> Option<Command> {
        match self.draft.validate() {
            Ok(r) => Some(Command::AddReferral(r)),
            Err(errors) => {
                self.errors = errors;
                None
            }
        }
    }
}

impl DecisionForm {
    pub fn new(draft: DecisionDraft, summary: String) -> DecisionForm {
        DecisionForm {
            draft,
            summary,
            errors: ValidationErrors::default(),
            store_error: None,
        }
    }

    fn fields_ui(&mut self, ui: &mut egui::Ui) {
        ui.label(&self.summary);
        let e = &self.errors;
        let d = &mut self.draft;
        let can_place = d.carer_id.is_some() || d.home_id.is_some();
        grid(ui, "decision_form", |ui| {
            let options: Vec<DecisionOutcome> = DecisionOutcome::ALL
                .iter()
                .copied()
                .filter(|o| can_place || *o != DecisionOutcome::Placed)
                .collect();
            choice_row(
                ui,
                "Outcome",
                &mut d.outcome,
                &options,
                |o| o.label().into(),
                e.for_field("outcome"),
            );
            if d.outcome == DecisionOutcome::Placed {
                text_row(
                    ui,
                    "Start date",
                    &mut d.start,
                    "dd/mm/yyyy",
                    e.for_field("start"),
                );
                text_row(
                    ui,
                    "Weekly cost (£)",
                    &mut d.weekly_cost,
                    "agreed weekly cost",
                    e.for_field("weekly_cost"),
                );
                cost_warning_row(ui, &d.weekly_cost);
            }
            text_row(
                ui,
                "Reason",
                &mut d.rationale,
                "why the panel decided this",
                e.for_field("rationale"),
            );
            text_row(
                ui,
                "Attendees",
                &mut d.attendees,
                "who was at the panel",
                e.for_field("attendees"),
            );
        });
        ui.label("Decisions are never edited: a mistake is put right by a correction, which the record keeps beside the original.");
    }

    fn submit(&mut self) -> Option<Command> {
        match self.draft.validate() {
            Ok(d) => Some(Command::RecordDecision(d)),
            Err(errors) => {
                self.errors = errors;
                None
            }
        }
    }
}
