//! File → Import in the window: the files are read and checked on a worker
//! thread with a progress bar (cancellable), the preview says what would
//! happen, and only "Import" writes, again on a worker thread, in one
//! transaction. The rules are all in `crate::import`; this file only runs
//! them off the frame and draws where they are.

use crate::import::ssda903::Ssda903Options;
use crate::import::{self, ImportError, ImportKind, ImportPlan, ImportSummary, RejectedRows};
use crate::job::{Job, JobState};
use crate::model::CollectionYear;
use crate::store::Store;
use std::path::PathBuf;

/// A boundary file's areas, while the user picks which is the council.
pub struct BoundaryChoice {
    pub path: PathBuf,
    pub features: Vec<import::boundary::BoundaryFeature>,
    /// Index into `features` of the area picked.
    pub chosen: Option<usize>,
}

/// What the user did in the boundary picker.
pub enum BoundaryAction {
    Stay,
    Cancel,
    /// Preview the import of the area with this code.
    Preview(String),
}

impl BoundaryChoice {
    /// Lists the file's areas, the council's own (by `council_code`) picked
    /// when it is there.
    pub fn read(path: PathBuf, council_code: &str) -> Result<BoundaryChoice, ImportError> {
        let features = import::boundary::boundary_features(&path)?;
        let chosen = features.iter().position(|f| {
            f.is_area
                && f.code.as_deref().is_some_and(|c| {
                    !council_code.is_empty() && c.eq_ignore_ascii_case(council_code)
                })
        });
        Ok(BoundaryChoice {
            path,
            features,
            chosen,
        })
    }

    pub fn show(&mut self, ctx: &egui::Context) -> BoundaryAction {
        let mut action = BoundaryAction::Stay;
        egui::Modal::new(egui::Id::unique("boundary_choice")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Which area is the council?");
            ui.label(format!(
                "{} holds {} areas. Pick the council's (the county in a two-tier area).",
                import::file_label(&self.path),
                self.features.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, f) in self.features.iter().enumerate() {
                        let text = format!(
                            "{} {}{}",
                            f.code.as_deref().unwrap_or("(no code)"),
                            f.name.as_deref().unwrap_or(""),
                            if f.is_area {
                                String::new()
                            } else {
                                format!(" ({}: not an area)", f.geometry)
                            }
                        );
                        ui.add_enabled_ui(f.is_area && f.code.is_some(), |ui| {
                            ui.radio_value(&mut self.chosen, Some(i), text);
                        });
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let code = self
                    .chosen
                    .and_then(|i| self.features.get(i))
                    .and_then(|f| f.code.clone());
                if ui
                    .add_enabled(code.is_some(), egui::Button::new("Preview import"))
                    .clicked()
                {
                    if let Some(code) = code {
                        action = BoundaryAction::Preview(code);
                    }
                }
                if ui.button("Cancel").clicked() {
                    action = BoundaryAction::Cancel;
                }
            });
        });
        action
    }
}

/// When the worker ended without an answer (a bug, not the file).
const LOST: &str = "the import stopped without an answer (an error in placement-planner); \
                    nothing was changed — please report it";

/// Rows of a problem list shown at most (the rest are counted).
const MAX_LISTED: usize = 200;

enum Outcome {
    Previewed(Result<ImportPlan, ImportError>),
    Applied(Result<ImportSummary, ImportError>),
}

enum Stage {
    Working {
        what: String,
        job: Job<Outcome>,
    },
    Preview {
        plan: Box<ImportPlan>,
        skip_rejected: bool,
        /// The collection year typed for a single SSDA903 return.
        year_text: String,
    },
    /// The files hold several councils: which one?
    ChooseCouncil {
        councils: Vec<(String, usize)>,
        chosen: Option<usize>,
    },
    Done(ImportSummary),
    Failed(String),
}

/// What the window should do after drawing the import dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAction {
    Stay,
    Close,
    /// The import was applied: reload the records.
    Reload,
    /// Ask where to save the findings as CSV.
    SaveFindings,
}

/// One import, from the files being read to the result.
pub struct ImportJob {
    kind: ImportKind,
    paths: Vec<PathBuf>,
    db: PathBuf,
    stage: Stage,
}

fn describe(e: &ImportError, db: &std::path::Path) -> String {
    match e {
        ImportError::Store(s) if s.file_trouble().is_some() => format!(
            "{}: {}",
            db.display(),
            s.file_trouble()
                .map(|t| t.sentence(Some("imported")))
                .unwrap_or_default()
        ),
        ImportError::Rejected(issues) => format!(
            "{} rows were refused and nothing was imported. Tick \"Leave out the refused \
             rows\" to import the others. The first: {}",
            issues.len(),
            crate::import::first_cause(issues)
                .map(|i| i.to_string())
                .unwrap_or_default()
        ),
        other => other.to_string(),
    }
}

impl ImportJob {
    /// Starts reading and checking `paths` against the database at `db`.
    pub fn start(kind: ImportKind, paths: Vec<PathBuf>, db: PathBuf) -> ImportJob {
        let stage = Self::preview_stage(&kind, &paths, &db);
        ImportJob {
            stage,
            kind,
            paths,
            db,
        }
    }

    /// Reads and checks the files on a worker thread.
    fn preview_stage(kind: &ImportKind, paths: &[PathBuf], db: &std::path::Path) -> Stage {
        let (kind_, paths, db) = (kind.clone(), paths.to_vec(), db.to_path_buf());
        // The dialog repaints on a timer while it works (for the bar), so
        // the job need not wake it.
        let job = Job::start(
            move |progress| {
                Outcome::Previewed(
                    Store::open(&db)
                        .map_err(ImportError::from)
                        .and_then(|store| import::preview(&kind_, &paths, &store, progress)),
                )
            },
            || {},
        );
        Stage::Working {
            what: format!("Reading and checking the {}…", kind.label()),
            job,
        }
    }

    /// Reads the same files again with other SSDA903 options (the council
    /// chosen, the collection year typed).
    pub fn read_again(&mut self, opts: Ssda903Options) {
        self.kind = ImportKind::Ssda903(opts);
        self.stage = Self::preview_stage(&self.kind, &self.paths, &self.db);
    }

    /// The councils to choose from, while the dialog asks (for tests).
    pub fn councils(&self) -> Option<&[(String, usize)]> {
        match &self.stage {
            Stage::ChooseCouncil { councils, .. } => Some(councils),
            _ => None,
        }
    }

    /// The findings of the preview or of the import done, as CSV.
    pub fn findings_csv(&self) -> Option<String> {
        match &self.stage {
            Stage::Preview { plan, .. } => Some(plan.summary().findings_csv()),
            Stage::Done(s) => Some(s.findings_csv()),
            _ => None,
        }
    }

    fn ssda903_options(&self) -> Ssda903Options {
        match &self.kind {
            ImportKind::Ssda903(o) => o.clone(),
            _ => Ssda903Options::default(),
        }
    }

    /// Whether the worker thread is busy.
    pub fn is_working(&self) -> bool {
        matches!(self.stage, Stage::Working { .. })
    }

    /// The failure, if any (for tests).
    pub fn failure(&self) -> Option<&str> {
        match &self.stage {
            Stage::Failed(m) => Some(m),
            _ => None,
        }
    }

    /// Collects the worker's answer; `true` when an import was applied.
    /// `wait` blocks until the worker is done (tests).
    pub fn poll(&mut self, wait: bool) -> bool {
        let Stage::Working { job, .. } = &self.stage else {
            return false;
        };
        let outcome = match job.poll() {
            JobState::Done(outcome) => outcome,
            JobState::Working if wait => {
                let Stage::Working { job, .. } =
                    std::mem::replace(&mut self.stage, Stage::Failed(String::new()))
                else {
                    return false;
                };
                match job.wait() {
                    Some(outcome) => outcome,
                    None => {
                        self.stage = Stage::Failed(LOST.into());
                        return false;
                    }
                }
            }
            JobState::Working => return false,
            JobState::Lost => {
                self.stage = Stage::Failed(LOST.into());
                return false;
            }
        };
        let (stage, applied) = match outcome {
            Outcome::Previewed(Ok(plan)) => {
                let year_text = match &plan {
                    ImportPlan::Ssda903(p) => match p.years().as_slice() {
                        [one] => one.to_string(),
                        _ => String::new(),
                    },
                    _ => String::new(),
                };
                (
                    Stage::Preview {
                        plan: Box::new(plan),
                        skip_rejected: false,
                        year_text,
                    },
                    false,
                )
            }
            Outcome::Previewed(Err(ImportError::ChooseCouncil { councils, .. })) => (
                Stage::ChooseCouncil {
                    councils,
                    chosen: None,
                },
                false,
            ),
            Outcome::Applied(Ok(summary)) => (Stage::Done(summary), true),
            Outcome::Previewed(Err(e)) | Outcome::Applied(Err(e)) => {
                (Stage::Failed(describe(&e, &self.db)), false)
            }
        };
        self.stage = stage;
        applied
    }

    /// Starts writing the previewed import.
    pub fn apply(&mut self) {
        let Stage::Preview {
            plan,
            skip_rejected,
            ..
        } = std::mem::replace(&mut self.stage, Stage::Failed(String::new()))
        else {
            return;
        };
        let rejected = if skip_rejected {
            RejectedRows::Skip
        } else {
            RejectedRows::Refuse
        };
        let db = self.db.clone();
        let job = Job::start(
            move |progress| {
                Outcome::Applied(
                    Store::open(&db)
                        .map_err(ImportError::from)
                        .and_then(|mut store| import::apply(&mut store, &plan, rejected, progress)),
                )
            },
            || {},
        );
        self.stage = Stage::Working {
            what: format!("Importing the {}…", self.kind.label()),
            job,
        };
    }

    /// Asks the worker to stop; it rolls back.
    pub fn cancel(&self) {
        if let Stage::Working { job, .. } = &self.stage {
            job.cancel();
        }
    }

    /// Draws the dialog.
    pub fn show(&mut self, ctx: &egui::Context) -> ImportAction {
        let applied = self.poll(false);
        let mut action = if applied {
            ImportAction::Reload
        } else {
            ImportAction::Stay
        };
        if self.is_working() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let files = self
            .paths
            .iter()
            .map(|p| import::file_label(p))
            .collect::<Vec<_>>()
            .join(", ");
        let mut close = false;
        let mut do_apply = false;
        let mut read_again = None;
        let mut save_findings = false;
        let kind_options = self.ssda903_options();
        // The findings' table wraps its reasons to the dialog's width: wide
        // where there is room, never wider than the window.
        let width = if matches!(self.stage, Stage::Preview { .. } | Stage::Done(_)) {
            (ctx.content_rect().width() - 80.0).clamp(560.0, 1100.0)
        } else {
            720.0
        };
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            ui.set_width(width);
            ui.heading(format!("Import the {}", self.kind.label()));
            ui.label(format!("From {files}"));
            ui.separator();
            match &mut self.stage {
                Stage::Working { what, job } => {
                    ui.label(what.as_str());
                    let bar = match job.progress().fraction() {
                        Some(f) => egui::ProgressBar::new(f).show_percentage(),
                        None => egui::ProgressBar::new(0.0).animate(true),
                    };
                    ui.add(bar);
                    ui.weak("Cancelling leaves the database as it was.");
                    if ui.button("Cancel").clicked() {
                        job.cancel();
                    }
                }
                Stage::Preview {
                    plan,
                    skip_rejected,
                    year_text,
                } => {
                    let s = plan.summary();
                    ui.strong(format!("Nothing is written yet. {}.", s.counts_text()));
                    for line in &s.read_as {
                        ui.label(line.as_str());
                    }
                    if let (ImportPlan::Ssda903(p), ImportKind::Ssda903(opts)) =
                        (plan.as_ref(), &self.kind)
                    {
                        if p.years().len() == 1 {
                            ui.horizontal(|ui| {
                                let label = ui.label("Collection year");
                                ui.add(
                                    egui::TextEdit::singleline(year_text)
                                        .desired_width(70.0)
                                        .hint_text("2025-26"),
                                )
                                .labelled_by(label.id)
                                .on_hover_text(
                                    "The return's year decides which codes are valid: type \
                                     another (2025-26, or 2025) and read the files again",
                                );
                                let typed = CollectionYear::parse(year_text);
                                let differs = typed.is_some_and(|y| p.years() != [y]);
                                if ui
                                    .add_enabled(differs, egui::Button::new("Read again as this year"))
                                    .clicked()
                                {
                                    read_again = Some(Ssda903Options {
                                        year: typed,
                                        ..opts.clone()
                                    });
                                }
                                if typed.is_none() && !year_text.trim().is_empty() {
                                    ui.colored_label(
                                        ui.visuals().error_fg_color,
                                        "not a year: type 2025-26 or 2025",
                                    );
                                }
                            });
                        }
                    }
                    findings_ui(ui, s, &mut save_findings);
                    if !s.rejected.is_empty() {
                        let text = match s.rejected.len() {
                            1 => "Leave out the refused row and import the rest".to_string(),
                            n => format!("Leave out the {n} refused rows and import the rest"),
                        };
                        ui.checkbox(skip_rejected, text);
                    }
                    let can = s.rejected.is_empty() || *skip_rejected;
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(can, egui::Button::new("Import"))
                            .on_disabled_hover_text(
                                "Some rows were refused: correct the file, or tick the box to \
                                 leave them out",
                            )
                            .clicked()
                        {
                            do_apply = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Stage::ChooseCouncil { councils, chosen } => {
                    ui.label(format!(
                        "The files hold {} councils' returns. Which council's do you want to import?",
                        councils.len()
                    ));
                    for (i, (name, children)) in councils.iter().enumerate() {
                        ui.radio_value(
                            chosen,
                            Some(i),
                            format!(
                                "{name} ({children} {})",
                                if *children == 1 { "child" } else { "children" }
                            ),
                        );
                    }
                    ui.horizontal(|ui| {
                        let picked = chosen.and_then(|i| councils.get(i)).map(|c| c.0.clone());
                        if ui
                            .add_enabled(picked.is_some(), egui::Button::new("Read this council's returns"))
                            .clicked()
                        {
                            read_again = Some(Ssda903Options {
                                la: picked,
                                ..kind_options.clone()
                            });
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                }
                Stage::Done(s) => {
                    ui.strong(format!(
                        "Imported: {} added, {} updated, {} unchanged, {} left out.",
                        s.to_add,
                        s.to_update,
                        s.unchanged,
                        s.rejected.len()
                    ));
                    findings_ui(ui, s, &mut save_findings);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
                Stage::Failed(message) => {
                    ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                    ui.label("Nothing was changed.");
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            }
        });
        if do_apply {
            self.apply();
        }
        if let Some(opts) = read_again {
            self.read_again(opts);
        }
        if save_findings {
            action = ImportAction::SaveFindings;
        }
        if close {
            action = ImportAction::Close;
        }
        action
    }
}

/// The three kinds of finding, each in its own list, and a button to
/// save them all as CSV.
fn findings_ui(ui: &mut egui::Ui, s: &ImportSummary, save: &mut bool) {
    issues_ui(ui, "Refused (not imported)", &s.rejected, true);
    issues_ui(
        ui,
        "Imported with a warning (DfE's validator would flag these)",
        &s.warnings,
        false,
    );
    issues_ui(ui, "Notes (imported; worth a look)", &s.data_quality, false);
    let any = !(s.rejected.is_empty() && s.warnings.is_empty() && s.data_quality.is_empty());
    if any && ui.button("Save the findings as CSV…").clicked() {
        *save = true;
    }
}

/// Widths of the findings' columns but the last (Reason, which wraps in
/// what is left): file, line, column, value, DfE rule. Longer text is
/// shortened with "…" and shown whole on hover.
const COLUMN_WIDTHS: [f32; 5] = [150.0, 40.0, 130.0, 110.0, 56.0];

/// One row of a findings list: fixed columns, the reason wrapped; each row
/// as tall as its longest cell (a Grid sizes rows from the frame before,
/// so a wrapped reason overlapped the next row).
fn finding_row(
    ui: &mut egui::Ui,
    cells: [&str; 6],
    reason_width: f32,
    heading: bool,
    stripe: bool,
) {
    let fill = if stripe {
        ui.visuals().faint_bg_color
    } else {
        egui::Color32::TRANSPARENT
    };
    egui::Frame::NONE
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(4, 2))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                let widths = COLUMN_WIDTHS.iter().copied().chain([reason_width]);
                for (k, (text, width)) in cells.iter().zip(widths).enumerate() {
                    let layout = egui::Layout::top_down(egui::Align::Min);
                    ui.allocate_ui_with_layout(egui::vec2(width, 0.0), layout, |ui| {
                        ui.set_width(width);
                        let text = if heading {
                            egui::RichText::new(*text).strong()
                        } else {
                            egui::RichText::new(*text)
                        };
                        let label = egui::Label::new(text);
                        ui.add(if k == 5 {
                            label.wrap()
                        } else {
                            label.truncate()
                        });
                    });
                }
            });
        });
}

fn issues_ui(ui: &mut egui::Ui, title: &str, issues: &[import::ImportIssue], open: bool) {
    if issues.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("{title}: {}", issues.len()))
        .default_open(open)
        .show(ui, |ui| {
            let spacing = ui.spacing().item_spacing.x;
            let fixed: f32 = COLUMN_WIDTHS.iter().map(|w| w + spacing).sum();
            // Room for the row's margins and the scroll bar.
            let reason_width = (ui.available_width() - fixed - 4.0 * spacing).max(240.0);
            finding_row(
                ui,
                ["File", "Line", "Column", "Value", "DfE rule", "Reason"],
                reason_width,
                true,
                false,
            );
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .auto_shrink([false, true])
                .id_salt(title)
                .show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = 0.0;
                    for (n, i) in issues.iter().take(MAX_LISTED).enumerate() {
                        let line = i.line.map_or(String::new(), |l| l.to_string());
                        let cells = [
                            i.file.as_str(),
                            line.as_str(),
                            i.column.as_deref().unwrap_or(""),
                            i.value.as_deref().unwrap_or(""),
                            i.rule.map_or("", import::DfeRule::code),
                            i.reason.as_str(),
                        ];
                        finding_row(ui, cells, reason_width, false, n % 2 == 0);
                    }
                    if issues.len() > MAX_LISTED {
                        ui.weak(format!("… and {} more", issues.len() - MAX_LISTED));
                    }
                });
        });
}
