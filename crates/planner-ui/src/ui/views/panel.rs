//! The weekly resource panel: the agenda, the candidates for the chosen
//! child side by side (in-house, IFA and residential together), and the
//! decision, recorded with its reasons.

use super::super::app::ViewContext;
use super::super::file_picker::FilePurpose;
use super::super::forms::{DecisionForm, Form, ReferralForm};
use super::super::records::Records;
use super::super::table::{col, num, Cell, ColumnSpec, Row, TableState};
use crate::geography::AreaStatus;
use crate::matching::{
    candidates, child_home_grid, MatchRequest, MatchResult, RankingMode, DEFAULT_RADIUS_MILES,
};
use crate::model::referral::{DecisionDraft, ReferralDraft};
use crate::model::{format_uk_date, DecisionOutcome, Referral};
use crate::panel::{is_open, standing_decision, AgendaItem};

const CANDIDATE_COLUMNS: [ColumnSpec; 11] = [
    num("Rank", 48.0),
    col("Provider", 190.0),
    col("Sector", 110.0),
    num("Vacant", 50.0),
    num("Miles", 50.0),
    col("Within 20 mi", 80.0),
    col("In area", 80.0),
    num("Weekly cost", 85.0),
    num("Above cheapest", 95.0),
    col("Ref", 60.0),
    col("Meets", 220.0),
];

const EXCLUDED_COLUMNS: [ColumnSpec; 6] = [
    col("Provider", 190.0),
    col("Sector", 110.0),
    num("Miles", 50.0),
    num("Weekly cost", 85.0),
    col("Ref", 60.0),
    col("Why not", 300.0),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Radius {
    Miles(f64),
    Everywhere,
}

pub struct PanelView {
    /// The child being discussed.
    pub selected_child: Option<String>,
    pub mode: RankingMode,
    radius: Radius,
    pub show_excluded: bool,
    pub attendees: String,
    /// Whether exported minutes carry names (pseudonymised otherwise).
    pub minutes_with_names: bool,
    candidates_table: TableState,
    excluded_table: TableState,
    result: Option<MatchResult>,
    built_for: Option<(u64, String, RankingMode, u64)>,
}

impl Default for PanelView {
    fn default() -> Self {
        PanelView {
            selected_child: None,
            mode: RankingMode::CouncilDefault,
            radius: Radius::Miles(DEFAULT_RADIUS_MILES),
            show_excluded: false,
            attendees: String::new(),
            minutes_with_names: false,
            candidates_table: TableState::default(),
            excluded_table: TableState::default(),
            result: None,
            built_for: None,
        }
    }
}

fn radius_key(r: Radius) -> u64 {
    match r {
        Radius::Miles(m) => m.to_bits(),
        Radius::Everywhere => 0,
    }
}

/// The referral the panel is deciding for a child: the newest still open,
/// else the newest.
fn current_referral<'a>(records: &'a Records, child_id: &str) -> Option<&'a Referral> {
    let of_child: Vec<&Referral> = records
        .referrals
        .iter()
        .filter(|r| r.child_id == child_id && r.received <= records.as_at)
        .collect();
    of_child
        .iter()
        .copied()
        .filter(|r| is_open(r, &records.decisions))
        .max_by_key(|r| r.id)
        .or_else(|| of_child.iter().copied().max_by_key(|r| r.id))
}

fn area_cell(a: AreaStatus) -> Cell {
    match a {
        AreaStatus::Inside => Cell::text("In area"),
        AreaStatus::Outside => Cell::text("Out of area"),
        AreaStatus::Unknown => Cell::missing("not known"),
    }
}

fn miles_cell(m: Option<f64>) -> Cell {
    match m {
        Some(m) => Cell::number(format!("{m:.1}"), (m * 10.0).round() as i64),
        None => Cell::missing("not known"),
    }
}

impl PanelView {
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        ui.horizontal(|ui| {
            ui.heading("Resource panel");
            ui.separator();
            ui.label(format!("Meeting of {}", format_uk_date(ctx.records.as_at)));
            ui.small("(change the date on the Dashboard)");
            ui.separator();
            let l = ui.label("Attendees:");
            ui.add(
                egui::TextEdit::singleline(&mut self.attendees)
                    .hint_text("names and roles")
                    .desired_width(300.0),
            )
            .labelled_by(l.id);
            ui.separator();
            let decided_today = ctx
                .records
                .decisions
                .iter()
                .filter(|d| d.meeting_date == ctx.records.as_at)
                .count();
            if ui
                .add_enabled(decided_today > 0, egui::Button::new("Export minutes…"))
                .on_hover_text("The decisions recorded at this meeting, as PDF or CSV")
                .on_disabled_hover_text("No decisions recorded at this meeting yet")
                .clicked()
            {
                *ctx.file_request = Some(FilePurpose::ExportMinutes {
                    with_names: self.minutes_with_names,
                });
            }
            ui.checkbox(&mut self.minutes_with_names, "with names");
        });
        ui.separator();
        if ctx.records.children.is_empty() {
            super::nothing_to_show_ui(
                ui,
                ctx,
                "No children are recorded yet, so there is nothing on the agenda and no one to \
                 match: import the SSDA903 returns (File > Import) or add children, and carers \
                 and homes to match them with.",
            );
            return;
        }
        egui::Panel::left("agenda")
            .default_size(360.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("agenda_scroll")
                    .show(ui, |ui| self.agenda_ui(ui, ctx));
            });
        match self.selected_child.clone() {
            None => {
                ui.label("Choose a child from the agenda to see who could take them.");
            }
            Some(id) => self.child_ui(ui, ctx, &id),
        }
    }

    fn agenda_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        let a = &ctx.records.agenda;
        ui.strong(format!("Agenda: {} items", a.len()));
        let sections: [(&str, &Vec<AgendaItem>); 5] = [
            ("Referrals to decide", &a.referrals),
            ("Awaiting placement", &a.awaiting),
            ("Step-down review (residential 13+ weeks)", &a.step_down),
            ("Four-weekly review", &a.reviews_due),
            ("Turning 18 within 12 weeks", &a.turning_18),
        ];
        for (title, items) in sections {
            egui::CollapsingHeader::new(format!("{title} ({})", items.len()))
                .id_salt(title)
                .default_open(items.len() <= 12)
                .show(ui, |ui| {
                    if items.is_empty() {
                        ui.label("None.");
                    }
                    for item in items {
                        let selected =
                            self.selected_child.as_deref() == Some(item.child_id.as_str());
                        if ui
                            .selectable_label(
                                selected,
                                format!("{}: {}", item.child_id, item.detail),
                            )
                            .clicked()
                        {
                            self.selected_child = Some(item.child_id.clone());
                        }
                    }
                });
        }
    }

    fn rebuild(&mut self, records: &Records, child_id: &str, referral: &Referral) {
        let key = (
            records.generation,
            format!("{child_id}/{}", referral.id),
            self.mode,
            radius_key(self.radius),
        );
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let Some(child) = records.children.iter().find(|c| c.id == child_id) else {
            self.result = None;
            return;
        };
        let mut req = MatchRequest::new(
            referral,
            child,
            child_home_grid(records, child),
            records.as_at,
        );
        req.mode = self.mode;
        req.radius_miles = match self.radius {
            Radius::Miles(m) => Some(m),
            Radius::Everywhere => None,
        };
        let result = candidates(&records.supply, &req);
        self.candidates_table.set_rows(
            result
                .suitable
                .iter()
                .map(|c| {
                    Row::new(
                        c.provider_id.to_string(),
                        vec![
                            Cell::number(c.rank.to_string(), c.rank as i64),
                            Cell::text(&*c.name),
                            Cell::text(c.sector.label()),
                            Cell::number(c.vacant.to_string(), c.vacant.into()),
                            miles_cell(c.distance_miles),
                            match c.within_20_miles {
                                Some(true) => Cell::text("Yes"),
                                Some(false) => Cell::text("No"),
                                None => Cell::missing("not known"),
                            },
                            area_cell(c.in_area),
                            Cell::number(c.weekly_cost.to_pounds_string(), c.weekly_cost.0),
                            Cell::number(
                                format!("+{}", c.cost_above_cheapest.to_pounds_string()),
                                c.cost_above_cheapest.0,
                            ),
                            Cell::text(&*c.provider_id),
                            Cell::text(c.needs_met.join(", ")),
                        ],
                    )
                })
                .collect(),
        );
        // Ranked order first.
        self.candidates_table.sort_column = 0;
        self.candidates_table.ascending = true;
        self.candidates_table.refresh();
        self.excluded_table.set_rows(
            result
                .excluded
                .iter()
                .map(|x| {
                    Row::new(
                        x.provider_id.to_string(),
                        vec![
                            Cell::text(&*x.name),
                            Cell::text(x.sector.label()),
                            miles_cell(x.distance_miles),
                            Cell::number(x.weekly_cost.to_pounds_string(), x.weekly_cost.0),
                            Cell::text(&*x.provider_id),
                            Cell::text(x.reason.to_string()),
                        ],
                    )
                })
                .collect(),
        );
        self.result = Some(result);
        self.built_for = Some(key);
    }

    fn child_ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>, child_id: &str) {
        let records = ctx.records;
        let Some(child) = records.children.iter().find(|c| c.id == child_id) else {
            self.selected_child = None;
            return;
        };
        let facts = records.facts_of(child_id);
        ui.horizontal(|ui| {
            ui.heading(format!("{} ({})", child.name, child.id));
            ui.label(format!(
                "age {} · home {} · {}",
                child.age_on(records.as_at),
                child
                    .home_postcode
                    .as_ref()
                    .map_or("postcode not known".to_string(), |p| p.to_string()),
                match records.current_placement_of(child_id) {
                    Some(p) => format!("now: {}", records.setting_name(p)),
                    None => "no placement now".into(),
                }
            ));
            if let Some(f) = facts.and_then(|f| f.distance_miles) {
                ui.label(format!("({f:.1} miles from home)"));
            }
            if ui.small_button("Close").clicked() {
                self.selected_child = None;
            }
        });
        let Some(referral) = current_referral(records, child_id).cloned() else {
            ui.label("No referral has been made for this child yet.");
            if ui.button("Make a referral…").clicked() {
                *ctx.form = Some(Form::Referral(ReferralForm::new(
                    ReferralDraft::new(child_id, child.disability, records.as_at),
                    format!("{} ({})", child.name, child.id),
                )));
            }
            return;
        };
        ui.label(format!(
            "Referral {} · {} · place by {} · {} to place together{}{}{}",
            referral.id,
            referral.urgency.label(),
            format_uk_date(referral.latest_start),
            referral.sibling_group_size,
            if referral.disability {
                " · disability"
            } else {
                ""
            },
            if referral.must_stay_near_home {
                " · must stay within 20 miles"
            } else {
                ""
            },
            if referral.specialisms_needed.is_empty() {
                String::new()
            } else {
                format!(
                    " · needs {}",
                    referral
                        .specialisms_needed
                        .iter()
                        .map(|s| s.label().to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        ));
        if !referral.risk_flags.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("Risk: {}", referral.risk_flags),
            );
        }

        ui.horizontal(|ui| {
            super::filter_combo(
                ui,
                "Ranking:",
                &mut self.mode,
                &[
                    (
                        RankingMode::CouncilDefault,
                        "Council default (in-house first)",
                    ),
                    (RankingMode::LevelPlayingField, "Level playing field"),
                ],
            );
            super::filter_combo(
                ui,
                "Search:",
                &mut self.radius,
                &[
                    (Radius::Miles(20.0), "within 20 miles"),
                    (Radius::Miles(DEFAULT_RADIUS_MILES), "within 60 miles"),
                    (Radius::Everywhere, "everywhere"),
                ],
            );
            ui.checkbox(
                &mut self.show_excluded,
                "Show who cannot take the child, and why",
            );
        });
        self.rebuild(records, child_id, &referral);
        let Some(result) = &self.result else {
            return;
        };
        ui.label(format!(
            "{} could take the child; {} cannot{}.",
            result.suitable.len(),
            result.excluded.len(),
            match result.cheapest_weekly_cost {
                Some(c) => format!("; cheapest suitable {} a week", c.to_pounds_string()),
                None => String::new(),
            }
        ));

        let standing = standing_decision(&referral, &records.decisions);
        let decided = !is_open(&referral, &records.decisions);
        let mut chosen = None;
        ui.horizontal(|ui| {
            let sel = self.candidates_table.selected.clone();
            let candidate = sel.as_ref().and_then(|id| {
                result
                    .suitable
                    .iter()
                    .find(|c| &*c.provider_id == id.as_str())
            });
            let label = match candidate {
                Some(c) => format!("Place with {}…", c.name),
                None => "Place with… (choose a candidate)".into(),
            };
            if ui
                .add_enabled(candidate.is_some() && !decided, egui::Button::new(label))
                .clicked()
            {
                chosen = Some(DecisionOutcome::Placed);
            }
            if ui
                .add_enabled(!decided, egui::Button::new("Defer…"))
                .clicked()
            {
                chosen = Some(DecisionOutcome::Deferred);
            }
            if ui
                .add_enabled(!decided, egui::Button::new("Decline…"))
                .clicked()
            {
                chosen = Some(DecisionOutcome::Declined);
            }
        });
        if let Some(outcome) = chosen {
            let candidate = self.candidates_table.selected.as_ref().and_then(|id| {
                result
                    .suitable
                    .iter()
                    .find(|c| &*c.provider_id == id.as_str())
            });
            *ctx.form = Some(decision_form(
                ctx,
                &referral,
                child,
                outcome,
                candidate,
                &self.attendees,
                None,
            ));
        }

        let height = if self.show_excluded {
            ui.available_height() * 0.45
        } else {
            (ui.available_height() - 140.0).max(120.0)
        };
        ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
            self.candidates_table
                .table_ui(ui, "candidates", &CANDIDATE_COLUMNS);
        });
        if self.show_excluded {
            ui.separator();
            ui.strong("Cannot take the child");
            ui.allocate_ui(
                egui::vec2(ui.available_width(), ui.available_height() - 120.0),
                |ui| {
                    self.excluded_table
                        .table_ui(ui, "excluded", &EXCLUDED_COLUMNS);
                },
            );
        }
        ui.separator();
        decisions_ui(
            ui,
            ctx,
            &referral,
            child,
            standing.map(|d| d.id),
            &self.attendees,
        );
    }
}

fn decision_form(
    ctx: &ViewContext<'_>,
    referral: &Referral,
    child: &crate::model::Child,
    outcome: DecisionOutcome,
    candidate: Option<&crate::matching::Candidate>,
    attendees: &str,
    corrects: Option<i64>,
) -> Form {
    let (carer_id, home_id) = match candidate {
        Some(c) if c.kind == crate::matching::CandidateKind::Carer => {
            (Some(c.provider_id.to_string()), None)
        }
        Some(c) => (None, Some(c.provider_id.to_string())),
        None => (None, None),
    };
    let summary = format!(
        "{} ({}), referral {}{}",
        child.name,
        child.id,
        referral.id,
        candidate.map_or(String::new(), |c| format!(
            ": {} ({}), {}, {} a week",
            c.name,
            c.provider_id,
            c.sector.label(),
            c.weekly_cost.to_pounds_string()
        ))
    );
    Form::Decision(DecisionForm::new(
        DecisionDraft {
            referral_id: referral.id,
            meeting_date: ctx.records.as_at,
            outcome,
            carer_id,
            home_id,
            start: format_uk_date(ctx.records.as_at.max(referral.received)),
            weekly_cost: candidate.map_or(String::new(), |c| {
                format!("{:.2}", c.weekly_cost.0 as f64 / 100.0)
            }),
            rationale: String::new(),
            attendees: attendees.to_string(),
            corrects,
        },
        summary,
    ))
}

/// The panel's record for the referral, oldest first, with corrections.
fn decisions_ui(
    ui: &mut egui::Ui,
    ctx: &mut ViewContext<'_>,
    referral: &Referral,
    child: &crate::model::Child,
    standing: Option<i64>,
    attendees: &str,
) {
    let records = ctx.records;
    let of_referral: Vec<&crate::model::Decision> = records
        .decisions
        .iter()
        .filter(|d| d.referral_id == referral.id)
        .collect();
    ui.strong(format!("Decisions on referral {}", referral.id));
    if of_referral.is_empty() {
        ui.label("None yet.");
        return;
    }
    let mut correct = None;
    for d in of_referral {
        ui.horizontal_wrapped(|ui| {
            let provider = d
                .carer_id
                .as_deref()
                .or(d.home_id.as_deref())
                .map(|p| format!(" with {p}"))
                .unwrap_or_default();
            let corrected = records.decisions.iter().any(|x| x.corrects == Some(d.id));
            let text = format!(
                "#{} {}: {}{}{} — {}{}",
                d.id,
                format_uk_date(d.meeting_date),
                d.outcome.label(),
                provider,
                d.start
                    .map_or(String::new(), |s| format!(" from {}", format_uk_date(s))),
                d.rationale,
                d.corrects
                    .map_or(String::new(), |c| format!(" (corrects #{c})")),
            );
            if corrected {
                ui.label(egui::RichText::new(format!("{text} [corrected]")).strikethrough());
            } else {
                ui.label(text);
            }
            if Some(d.id) == standing && ui.small_button("Correct…").clicked() {
                correct = Some(d.id);
            }
        });
    }
    if let Some(id) = correct {
        let mut form = decision_form(
            ctx,
            referral,
            child,
            DecisionOutcome::Deferred,
            None,
            attendees,
            Some(id),
        );
        if let Form::Decision(f) = &mut form {
            f.summary = format!("{} Correcting decision #{id}.", f.summary);
        }
        *ctx.form = Some(form);
    }
}
