//! The application: owns the store, the cached records, the open form and
//! the queue of commands; draws the frame around the current view.

use super::backup::{RestoreAction, RestoreDialog};
use super::command::Command;
use super::file_picker::{FilePicker, FilePurpose};
use super::forms::ConfirmDialog;
use super::forms::{Form, FormAction};
use super::import::{BoundaryAction, BoundaryChoice, ImportAction, ImportJob};
use super::recent::RecentFiles;
use super::records::{Records, Reuse};
use super::views::{self, View, Views};
use crate::import::{ImportError, ImportSource};
use crate::instance_lock::InstanceLock;
use crate::job::{Job, JobState};
use crate::model::format_uk_date;
use crate::session;
use crate::store::{Store, StoreResult};
use jiff::civil::Date;
use planner_app::council::CouncilChange;
use planner_app::{AppError, AppResult};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A line for the status bar.
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// What a view may do during a frame: read the records, queue commands,
/// open a form.
pub struct ViewContext<'a> {
    pub records: &'a Records,
    pub commands: &'a mut Vec<Command>,
    pub form: &'a mut Option<Form>,
    pub today: Date,
    /// Set to move to another view (a click-through from a number).
    pub navigate: &'a mut Option<Navigate>,
    /// Set to ask the user for a file (the answer becomes a command).
    pub file_request: &'a mut Option<FilePurpose>,
}

/// A move between views asked for by a view.
#[derive(Debug, Clone, PartialEq)]
pub enum Navigate {
    /// The Children view, showing only these children, with what they are.
    ChildrenWith { label: String, ids: Vec<String> },
    /// Another view as it stands.
    To(View),
}

pub struct PlannerApp {
    store: Option<Store>,
    pub records: Arc<Records>,
    pub view: View,
    views: Views,
    form: Option<Form>,
    pending: Vec<Command>,
    pub status: Option<Status>,
    file_picker: Box<dyn FilePicker>,
    recent: RecentFiles,
    generation: u64,
    today: Date,
    /// The date the window reports "as at" (today unless the user picks one).
    as_at: Date,
    /// Set when no database could be opened: the central area says why.
    open_error: Option<String>,
    /// The import under way (File > Import), if any.
    import_job: Option<ImportJob>,
    /// The SSDA903 header file, while the episodes file is being chosen.
    ssda903_header: Option<PathBuf>,
    /// A boundary file's areas, while the user picks the council's.
    boundary_choice: Option<BoundaryChoice>,
    /// A boundary file being read on a worker (it may be hundreds of MB)
    /// before its areas are offered.
    boundary_reading: Option<Job<Result<BoundaryChoice, ImportError>>>,
    /// An export being written on a worker, with what to say when it is
    /// done.
    export_job: Option<(String, Job<AppResult<()>>)>,
    /// The records being read again after a change, on a worker with its
    /// own read-only connection, so an edit never freezes the window while
    /// the county's measures are worked out; the old records show until
    /// the new ones are ready.
    reload_job: Option<Job<StoreResult<Records>>>,
    /// Whether reloads run on a worker (the window) or at once (the tests'
    /// harness, which checks each frame's records; see
    /// [`Self::set_reload_on_worker`]).
    reload_on_worker: bool,
    /// What the next reading of the records may carry over from these.
    reuse_next: Reuse,
    /// File > Restore from backup…, while open.
    restore_dialog: Option<RestoreDialog>,
    /// This window's claim on the open database (see `instance_lock`).
    instance_lock: Option<InstanceLock>,
    /// A database another window has open: offered read-only.
    in_use: Option<(PathBuf, String)>,
}

/// This window's lock on `path`: `Ok(None)` where the file system cannot
/// lock (the file is opened without one), `Err(holder)` when another
/// window has it.
fn lock_for(path: &Path) -> Result<Option<InstanceLock>, String> {
    match InstanceLock::acquire(path) {
        Ok(Ok(lock)) => Ok(Some(lock)),
        Ok(Err(in_use)) => Err(in_use.holder),
        Err(e) => {
            tracing::warn!("could not lock {}: {e}", path.display());
            Ok(None)
        }
    }
}

impl PlannerApp {
    pub fn new(file_picker: Box<dyn FilePicker>, recent: RecentFiles) -> PlannerApp {
        PlannerApp {
            store: None,
            records: Arc::new(Records::default()),
            view: View::Dashboard,
            views: Views::default(),
            form: None,
            pending: Vec::new(),
            status: None,
            file_picker,
            recent,
            generation: 0,
            today: crate::model::date::today(),
            as_at: crate::model::date::today(),
            open_error: None,
            import_job: None,
            ssda903_header: None,
            boundary_choice: None,
            boundary_reading: None,
            export_job: None,
            reload_job: None,
            reload_on_worker: true,
            reuse_next: Reuse::default(),
            restore_dialog: None,
            instance_lock: None,
            in_use: None,
        }
    }

    /// For tests: an app on an already-open store, with a fixed date.
    pub fn with_store(store: Store, today: Date, file_picker: Box<dyn FilePicker>) -> PlannerApp {
        let mut app = PlannerApp::new(file_picker, RecentFiles::in_memory());
        app.reload_on_worker = false;
        app.today = today;
        app.as_at = today;
        app.set_store(store);
        app
    }

    /// Opens the database given on the command line, or the default one
    /// (created from the sample on first run). Failures are shown, not fatal.
    pub fn open_startup_database(&mut self, path: Option<PathBuf>) {
        let (path, sample) = match path {
            Some(p) => (p, false),
            None => (crate::paths::default_database(), true),
        };
        let lock = match lock_for(&path) {
            Ok(lock) => lock,
            Err(holder) => {
                self.show_open_error(
                    &path,
                    &AppError::Refused(format!("it is open in another window ({holder})")),
                );
                self.in_use = Some((path, holder));
                return;
            }
        };
        match session::open_for_use(&path, sample) {
            Ok(opened) => {
                let warnings = opened.store.warnings().join("; ");
                self.set_store(opened.store);
                self.instance_lock = lock;
                self.recent.add(&path);
                self.status = Some(match opened.backup_warning {
                    None if !warnings.is_empty() => Status {
                        text: format!("Opened {}, but {warnings}", path.display()),
                        is_error: true,
                    },
                    Some(w) => Status {
                        text: format!("Opened {}, but {w}", path.display()),
                        is_error: true,
                    },
                    None => Status {
                        text: if opened.created_sample {
                            format!("Created {} from the built-in sample county", path.display())
                        } else if opened.backup.is_some() {
                            format!(
                                "Opened {} (backed up){}",
                                path.display(),
                                self.records_note()
                            )
                        } else {
                            // A file with no records is not backed up.
                            format!("Opened {}", path.display())
                        },
                        is_error: false,
                    },
                });
            }
            Err(e) => self.show_open_error(&path, &e),
        }
    }

    fn show_open_error(&mut self, path: &Path, e: &dyn std::fmt::Display) {
        let text = format!("Could not open {}: {e}", path.display());
        self.open_error = Some(text.clone());
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }

    fn set_store(&mut self, store: Store) {
        self.store = Some(store);
        self.open_error = None;
        self.form = None;
        let band_runs = self.views.scenarios.band_runs;
        self.views = Views::default();
        self.views.scenarios.band_runs = band_runs;
        // The first reading of a database is waited for (the views need
        // its records to choose where to start); later ones run on a worker.
        self.reload_job = None;
        let on_worker = std::mem::replace(&mut self.reload_on_worker, false);
        self.reload_fitted();
        self.reload_on_worker = on_worker;
        // An empty council starts with what it needs to do.
        if self.records.setup.holds_no_records() {
            self.view = View::GettingStarted;
        } else if self.view == View::GettingStarted {
            self.view = View::Dashboard;
        }
    }

    /// ", as at the day its records end" when the date shown is the day
    /// the records end and that is before today.
    fn records_note(&self) -> String {
        match self.records.report.records_run_to {
            Some(end) if self.as_at == end && end < self.today => {
                ", as at the day its records end".to_string()
            }
            _ => String::new(),
        }
    }

    /// When the records end before the date shown (imported SSDA903
    /// returns run to their last 31 March) and the date is still today,
    /// moves the date to the day the records end, before the records are
    /// loaded, and returns the sentence that says so.
    fn fit_as_at_to_records(&mut self) -> Option<Status> {
        let end = self.store.as_ref()?.records_run_to().ok()??;
        if self.as_at <= end || self.as_at != self.today {
            return None;
        }
        self.as_at = end;
        Some(Status {
            text: format!(
                "The records run to {} (the latest SSDA903 return): showing the county on \
                 that day. Pick a later date to look past it.",
                format_uk_date(end)
            ),
            is_error: false,
        })
    }

    /// Reloads the records after they changed, first moving the date to
    /// the day they end when that is before today (see
    /// [`Self::fit_as_at_to_records`]).
    fn reload_fitted(&mut self) {
        let moved = self.fit_as_at_to_records();
        match self.reload() {
            Ok(()) => {
                if moved.is_some() {
                    self.status = moved;
                }
            }
            Err(e) => {
                self.status = Some(Status {
                    text: format!("Could not read the database: {e}"),
                    is_error: true,
                })
            }
        }
    }

    fn reload(&mut self) -> StoreResult<()> {
        // Taken first: what one reading may carry over is never left for a
        // later one (a date set with no database open must not lend the
        // empty records to the database opened next).
        let reuse = std::mem::take(&mut self.reuse_next);
        let Some(store) = &self.store else {
            return Ok(());
        };
        self.generation += 1;
        match store.path().filter(|_| self.reload_on_worker) {
            Some(path) => {
                // A newer reload replaces one under way (its result, older,
                // is not wanted).
                let (path, as_at, generation) = (path.to_path_buf(), self.as_at, self.generation);
                self.reload_job = Some(Job::start(
                    move |_| {
                        let store = Store::open_read_only(&path)?;
                        Records::load_reusing(&store, as_at, generation, reuse)
                    },
                    || {},
                ));
            }
            None => {
                self.records = Arc::new(Records::load_reusing(
                    store,
                    self.as_at,
                    self.generation,
                    reuse,
                )?)
            }
        }
        Ok(())
    }

    /// Whether the records are read again on a worker after a change (the
    /// window: on) or at once (off: what the tests' harness uses, so each
    /// frame shows the change just made).
    pub fn set_reload_on_worker(&mut self, on: bool) {
        self.reload_on_worker = on;
    }

    /// Takes the records a worker has read, when they are ready.
    fn poll_reload(&mut self, ui: &egui::Ui) {
        let Some(job) = &self.reload_job else {
            return;
        };
        let read = match job.poll() {
            JobState::Working => {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(30));
                return;
            }
            JobState::Done(read) => Some(read),
            JobState::Lost => None,
        };
        self.reload_job = None;
        self.reloaded(read);
    }

    /// Records read on a worker (`None`: it ended without an answer).
    fn reloaded(&mut self, read: Option<StoreResult<Records>>) {
        let problem = match read {
            Some(Ok(records)) => {
                // Freeing the old records (at national size, a second of
                // the allocator's time) is not the window's work either.
                let old = std::mem::replace(&mut self.records, Arc::new(records));
                std::thread::spawn(move || drop(old));
                return;
            }
            Some(Err(e)) => e.to_string(),
            None => "the reading stopped without an answer (an error in placement-planner)".into(),
        };
        self.status = Some(Status {
            text: format!("Could not read the database: {problem}"),
            is_error: true,
        });
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    pub fn database_path(&self) -> Option<&Path> {
        self.store.as_ref().and_then(|s| s.path())
    }

    /// Waits for work the views run in the background (the scenario's
    /// uncertainty bands) to finish; its result shows on the next frame.
    pub fn finish_background_work(&mut self) {
        self.views.scenarios.finish_background_work();
        if let Some(job) = self.boundary_reading.take() {
            self.boundary_read(job.wait());
        }
        if let Some((done, job)) = self.export_job.take() {
            self.export_written(done, job.wait());
        }
        if let Some(job) = &mut self.import_job {
            if job.poll(true) {
                self.reload_fitted();
            }
        }
        // Last: an import applied above starts a reload.
        if let Some(job) = self.reload_job.take() {
            self.reloaded(job.wait());
        }
    }

    /// An export finished: say so, or why it was not written (`None`: the
    /// worker ended without an answer).
    fn export_written(&mut self, done: String, result: Option<AppResult<()>>) {
        self.status = Some(match result {
            Some(Ok(())) => Status {
                text: done,
                is_error: false,
            },
            Some(Err(e)) => Status {
                text: format!("Not done: {e}"),
                is_error: true,
            },
            None => Status {
                text: "Not done: the export stopped without an answer (an error in \
                       placement-planner)"
                    .into(),
                is_error: true,
            },
        });
    }

    /// A boundary file read: offer its areas, or say why it cannot be
    /// used (`None`: the reader ended without an answer).
    fn boundary_read(&mut self, read: Option<Result<BoundaryChoice, ImportError>>) {
        let text = match read {
            Some(Ok(choice)) => {
                self.boundary_choice = Some(choice);
                return;
            }
            Some(Err(e)) => format!("Not imported: {e}"),
            None => "The boundary file could not be read (an error in placement-planner); \
                     nothing was changed"
                .into(),
        };
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }

    /// The import under way, if any (for tests).
    pub fn import_job(&mut self) -> Option<&mut ImportJob> {
        self.import_job.as_mut()
    }

    /// Starts an import of `paths` on a worker thread.
    fn start_import(&mut self, choice: ImportSource, paths: Vec<PathBuf>) {
        let Some(db) = self.database_path().map(Path::to_path_buf) else {
            self.status = Some(Status {
                text: "Importing needs a database file: open or create one first".into(),
                is_error: true,
            });
            return;
        };
        if choice == ImportSource::Boundary {
            // First the user picks which of the file's areas is the council;
            // the file is read off the frame (the dialog repaints on a timer).
            let Some(path) = paths.into_iter().next() else {
                return;
            };
            let council = self.records.settings.council_code.clone();
            self.boundary_reading = Some(Job::start(
                move |_| BoundaryChoice::read(path, &council),
                || {},
            ));
            return;
        }
        let Some(kind) = choice.kind(Default::default(), None) else {
            return;
        };
        self.import_job = Some(ImportJob::start(kind, paths, db));
    }

    /// Monte Carlo runs behind the scenario bands (fewer make tests of a
    /// debug build quicker; the figures' spread is then wider).
    pub fn set_band_runs(&mut self, runs: u32) {
        self.views.scenarios.band_runs = runs;
    }

    /// Queues a command as a form or a button would (it is carried out at
    /// the start of the next frame); for tests and benchmarks.
    pub fn queue(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// Whether the records are being read again on a worker.
    pub fn is_reloading(&self) -> bool {
        self.reload_job.is_some()
    }

    /// Whether the records being read again on a worker are ready (they
    /// are taken on the next frame).
    pub fn reload_is_ready(&self) -> bool {
        self.reload_job.as_ref().is_some_and(Job::is_finished)
    }

    /// Whether a form (dialog) is open.
    pub fn form_is_open(&self) -> bool {
        self.form.is_some()
    }

    /// Applies the queued commands through the library, then reloads.
    fn apply_pending(&mut self) {
        for command in std::mem::take(&mut self.pending) {
            match self.start_export(&command) {
                Some(Ok(job)) => {
                    self.export_job = Some((command.done_message(), job));
                    self.status = Some(Status {
                        text: "Writing the export…".into(),
                        is_error: false,
                    });
                    continue;
                }
                Some(Err(e)) => {
                    self.status = Some(Status {
                        text: format!("Not done: {e}"),
                        is_error: true,
                    });
                    continue;
                }
                None => {}
            }
            let result = self.apply(&command);
            match result {
                Ok(()) => {
                    if command.closes_form() {
                        self.form = None;
                    }
                    self.status = Some(Status {
                        text: command.done_message(),
                        is_error: false,
                    });
                }
                Err(e) => {
                    let text = e.to_string();
                    match &mut self.form {
                        Some(form) if command.closes_form() => form.set_store_error(text.clone()),
                        _ => {}
                    }
                    self.status = Some(Status {
                        text: format!("Not done: {text}"),
                        is_error: true,
                    });
                }
            }
        }
    }

    /// Starts an export command on a worker, from the records the window
    /// holds (the file is written off the frame: a workbook or a PDF can
    /// take a while); `None` for any other command.
    fn start_export(&mut self, command: &Command) -> Option<Result<Job<AppResult<()>>, AppError>> {
        let exporting = matches!(
            command,
            Command::ExportMinutes { .. }
                | Command::ExportReport { .. }
                | Command::ExportScenario { .. }
        );
        if !exporting {
            return None;
        }
        if self.export_job.is_some() {
            return Some(Err(AppError::Refused(
                "an export is still being written; try again when it is done".into(),
            )));
        }
        // The export is made from the window's records: a change just made
        // (a decision before its minutes) must be in them.
        if let Some(job) = self.reload_job.take() {
            self.reloaded(job.wait());
        }
        let salt = match command {
            Command::ExportMinutes { .. } | Command::ExportReport { .. } => {
                match self.store.as_mut().map(Store::pseudonym_salt) {
                    Some(Ok(salt)) => salt,
                    Some(Err(e)) => return Some(Err(e.into())),
                    None => return Some(Err(AppError::Refused("no database is open".into()))),
                }
            }
            _ => String::new(),
        };
        let data = self.records.data.clone();
        let as_at = self.as_at;
        let command = command.clone();
        let work: Box<dyn FnOnce() -> AppResult<()> + Send> = match command {
            Command::ExportMinutes { path, with_names } => {
                let (referrals, decisions) = (
                    self.records.referrals.clone(),
                    self.records.decisions.clone(),
                );
                Box::new(move || {
                    let records = crate::export::minutes::PanelRecords {
                        data: &data,
                        referrals: &referrals,
                        decisions: &decisions,
                    };
                    crate::export::minutes::write_minutes_from(
                        records, as_at, &salt, with_names, &path,
                    )
                    .map(drop)
                    .map_err(AppError::from)
                })
            }
            Command::ExportReport {
                kind,
                path,
                with_names,
            } => Box::new(move || {
                crate::export::write_report_from_data(kind, &path, &data, &salt, as_at, with_names)
                    .map(drop)
                    .map_err(AppError::from)
            }),
            Command::ExportScenario { path, draft } => {
                Box::new(move || planner_app::scenarios::export(&data, &draft, &path).map(drop))
            }
            _ => return None,
        };
        Some(Ok(Job::start(move |_| work(), || {})))
    }

    fn apply(&mut self, command: &Command) -> AppResult<()> {
        match command {
            Command::OpenDatabase(path) => {
                if !path.exists() {
                    return Err(AppError::Refused(format!(
                        "{}: no such file",
                        path.display()
                    )));
                }
                let lock = match lock_for(path) {
                    Ok(lock) => lock,
                    Err(holder) => {
                        self.in_use = Some((path.clone(), holder.clone()));
                        return Err(AppError::Refused(format!(
                            "{} is open in another window ({holder})",
                            path.display()
                        )));
                    }
                };
                let opened = session::open_for_use(path, false)?;
                let warnings = opened.store.warnings().join("; ");
                self.set_store(opened.store);
                self.instance_lock = lock;
                self.recent.add(path);
                if !warnings.is_empty() {
                    return Err(AppError::Refused(format!("opened, but {warnings}")));
                }
                if let Some(w) = opened.backup_warning {
                    return Err(AppError::Refused(format!("opened, but {w}")));
                }
                return Ok(());
            }
            Command::NewEmptyDatabase(path) | Command::NewSampleDatabase(path) => {
                if path.exists() {
                    return Err(AppError::Refused(format!(
                        "{}: a file already exists there; choose a new name",
                        path.display()
                    )));
                }
                let sample = matches!(command, Command::NewSampleDatabase(_));
                let (store, _) = session::open_or_create(path, sample)?;
                self.set_store(store);
                // The new file is this window's now; the old one is free.
                self.instance_lock = lock_for(path).unwrap_or(None);
                self.recent.add(path);
                return Ok(());
            }
            Command::RestoreBackup(backup) => {
                let Some(db) = self.database_path().map(Path::to_path_buf) else {
                    return Err(AppError::Refused("no database file is open".into()));
                };
                crate::store::restore_backup(&db, backup)?;
                self.reload()?;
                return Ok(());
            }
            Command::SetAsAt(d) => {
                self.as_at = *d;
                self.reuse_next = self.what_stays(command);
                self.reload()?;
                return Ok(());
            }
            _ => {}
        }
        let Some(store) = self.store.as_mut() else {
            return Err(AppError::Refused("no database is open".into()));
        };
        match command {
            Command::AddChild(c) => planner_app::records::add_child(store, c)?,
            Command::UpdateChild(c) => planner_app::records::update_child(store, c)?,
            Command::AddCarer(c) => planner_app::records::add_carer(store, c)?,
            Command::UpdateCarer(c) => planner_app::records::update_carer(store, c, self.today)?,
            Command::AddHome(h) => planner_app::records::add_home(store, h)?,
            Command::UpdateHome(h) => planner_app::records::update_home(store, h)?,
            Command::AddPlacement(p) => {
                planner_app::records::place_child(store, p)?;
            }
            Command::AddReferral(r) => {
                planner_app::panel::refer(store, r)?;
            }
            Command::RecordDecision(d) => {
                planner_app::panel::decide(store, d)?;
            }
            Command::EndPlacement { id, end, reason } => {
                planner_app::records::end_placement(store, *id, *end, reason.as_deref())?
            }
            Command::SaveScenario { id, draft } => {
                planner_app::scenarios::save(store, *id, draft)?;
            }
            Command::DuplicateScenario(id) => {
                planner_app::scenarios::duplicate(store, *id)?;
            }
            Command::DeleteScenario { id, .. } => planner_app::scenarios::delete(store, *id)?,
            Command::BackUpNow => {
                planner_app::backup::back_up_now(store, None)?;
                return Ok(());
            }
            Command::SaveCopy(path) => {
                store.back_up_to(path)?;
                return Ok(());
            }
            Command::ExportAudit(path) => {
                let all = store.audit(&crate::store::AuditFilter::default())?;
                std::fs::write(path, crate::report::audit::to_csv(&all)).map_err(|source| {
                    AppError::Write {
                        path: path.clone(),
                        source,
                    }
                })?;
                return Ok(());
            }
            Command::ChangeRates(changes) => planner_app::rates::change_rates(store, changes)?,
            Command::CopyRates { from, to, uplift } => {
                planner_app::rates::copy_rates(store, *from, *to, *uplift)?;
            }
            Command::SaveCouncil { name, code } => {
                let change = CouncilChange::check(Some(code), Some(name))?;
                planner_app::council::set_council(store, &change)?;
            }
            Command::OpenDatabase(_)
            | Command::NewEmptyDatabase(_)
            | Command::NewSampleDatabase(_)
            | Command::SetAsAt(_)
            | Command::Reload
            | Command::ExportMinutes { .. }
            | Command::ExportScenario { .. }
            | Command::ExportReport { .. }
            | Command::RestoreBackup(_) => {}
        }
        self.reuse_next = self.what_stays(command);
        Ok(self.reload()?)
    }

    /// What the reading after `command` may carry over from the records
    /// shown. Nothing while a reading is still under way: the records shown
    /// may be older than the last change.
    fn what_stays(&self, command: &Command) -> Reuse {
        if self.reload_job.is_some() {
            return Reuse::default();
        }
        Reuse {
            previous: Some(Arc::clone(&self.records)),
            touched: command.touches(&self.records),
        }
    }

    /// The records the window shows now.
    pub fn records(&self) -> &Records {
        &self.records
    }

    /// Acts on a file the user picked in a dialog.
    fn poll_file_picker(&mut self) {
        if let Some((purpose, path)) = self.file_picker.poll() {
            let Some(path) = path else {
                return;
            };
            self.pending.push(match purpose {
                FilePurpose::OpenDatabase => Command::OpenDatabase(path),
                FilePurpose::NewEmptyDatabase => Command::NewEmptyDatabase(path),
                FilePurpose::NewSampleDatabase => Command::NewSampleDatabase(path),
                FilePurpose::ExportMinutes { with_names } => {
                    Command::ExportMinutes { path, with_names }
                }
                FilePurpose::Import {
                    choice: ImportSource::Ssda903,
                    step: 0,
                } => {
                    self.ssda903_header = Some(path);
                    self.file_picker.request(FilePurpose::Import {
                        choice: ImportSource::Ssda903,
                        step: 1,
                    });
                    return;
                }
                FilePurpose::Import { choice, .. } => {
                    let paths = match self.ssda903_header.take() {
                        Some(header) if choice == ImportSource::Ssda903 => vec![header, path],
                        _ => vec![path],
                    };
                    self.start_import(choice, paths);
                    return;
                }
                FilePurpose::SaveCopy => Command::SaveCopy(path),
                FilePurpose::ExportAudit => Command::ExportAudit(path),
                FilePurpose::ExportFindings => {
                    let csv = self.import_job.as_ref().and_then(ImportJob::findings_csv);
                    let written = csv.map(|text| std::fs::write(&path, text));
                    self.status = Some(match written {
                        Some(Ok(())) => Status {
                            text: format!("Saved the import's findings to {}", path.display()),
                            is_error: false,
                        },
                        Some(Err(e)) => Status {
                            text: format!("Could not save the findings to {}: {e}", path.display()),
                            is_error: true,
                        },
                        None => Status {
                            text: "The import dialog was closed: there are no findings to save"
                                .into(),
                            is_error: true,
                        },
                    });
                    return;
                }
                FilePurpose::ExportReport {
                    kind, with_names, ..
                } => Command::ExportReport {
                    kind,
                    path,
                    with_names,
                },
                FilePurpose::ExportScenario => Command::ExportScenario {
                    path,
                    draft: Box::new(self.views.scenarios.export_draft(self.as_at)),
                },
            });
        }
    }

    /// The whole window, for eframe and for tests.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.poll_file_picker();
        self.apply_pending();
        self.poll_reload(ui);

        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_ui(ui));
        });
        egui::Panel::top("view_tabs").show(ui, |ui| {
            ui.horizontal(|ui| {
                for v in View::ALL {
                    if ui.selectable_label(self.view == v, v.title()).clicked() {
                        self.view = v;
                    }
                }
            });
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));

        egui::CentralPanel::default_margins().show(ui, |ui| {
            if let Some(err) = &self.open_error {
                ui.heading("No database is open");
                ui.colored_label(ui.visuals().error_fg_color, err);
                ui.label("Use File > Open database… or File > New sample database… to continue.");
                return;
            }
            let mut navigate = None;
            let mut file_request = None;
            let mut ctx = ViewContext {
                records: &self.records,
                commands: &mut self.pending,
                form: &mut self.form,
                today: self.today,
                navigate: &mut navigate,
                file_request: &mut file_request,
            };
            views::view_ui(self.view, &mut self.views, ui, &mut ctx);
            match file_request {
                Some(FilePurpose::Import { .. }) if self.import_refusal().is_some() => {
                    self.status = self.import_refusal().map(|why| Status {
                        text: format!("Not done: {why}"),
                        is_error: true,
                    });
                }
                Some(purpose) => self.file_picker.request(purpose),
                None => {}
            }
            match navigate {
                Some(Navigate::ChildrenWith { label, ids }) => {
                    self.views.children.show_only(label, ids);
                    self.view = View::Children;
                }
                Some(Navigate::To(view)) => self.view = view,
                None => {}
            }
        });

        if let Some((path, holder)) = self.in_use.clone() {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("in_use")).show(ui.ctx(), |ui| {
                ui.set_width(520.0);
                ui.heading("Open in another window");
                ui.label(format!(
                    "{} is open in another window: {holder}. Only one window can change a \
                     database at a time, so nothing is lost or overwritten. You can open it \
                     read-only here, to look and to export.",
                    path.display()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Open read-only").clicked() {
                        match Store::open_read_only(&path) {
                            Ok(store) => {
                                self.set_store(store);
                                self.instance_lock = None;
                                self.status = Some(Status {
                                    text: format!("Opened {} read-only", path.display()),
                                    is_error: false,
                                });
                            }
                            Err(e) => self.show_open_error(&path, &e),
                        }
                        close = true;
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
            if close {
                self.in_use = None;
            }
        }
        if let Some(dialog) = &mut self.restore_dialog {
            match dialog.show(ui.ctx()) {
                RestoreAction::Stay => {}
                RestoreAction::Cancel => self.restore_dialog = None,
                RestoreAction::Restore(path) => {
                    self.restore_dialog = None;
                    self.form = Some(Form::Confirm(ConfirmDialog {
                        title: "Restore from backup".into(),
                        message: format!(
                            "Replace every record in this database with those in {}? The \
                             current file is backed up first.",
                            path.display()
                        ),
                        confirm_label: "Restore".into(),
                        command: Command::RestoreBackup(path),
                        store_error: None,
                    }));
                }
            }
        }
        if let Some((done, job)) = &self.export_job {
            let finished = match job.poll() {
                JobState::Working => {
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                    None
                }
                JobState::Done(result) => Some((done.clone(), Some(result))),
                JobState::Lost => Some((done.clone(), None)),
            };
            if let Some((done, result)) = finished {
                self.export_job = None;
                self.export_written(done, result);
            }
        }
        if let Some(job) = &self.boundary_reading {
            match job.poll() {
                JobState::Working => {
                    egui::Modal::new(egui::Id::unique("boundary_reading")).show(ui.ctx(), |ui| {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Reading the boundary file's areas…");
                        });
                    });
                    ui.ctx()
                        .request_repaint_after(std::time::Duration::from_millis(100));
                }
                JobState::Done(read) => {
                    self.boundary_reading = None;
                    self.boundary_read(Some(read));
                }
                JobState::Lost => {
                    self.boundary_reading = None;
                    self.boundary_read(None);
                }
            }
        }
        if let Some(choice) = &mut self.boundary_choice {
            match choice.show(ui.ctx()) {
                BoundaryAction::Stay => {}
                BoundaryAction::Cancel => self.boundary_choice = None,
                BoundaryAction::Preview(code) => {
                    if let (Some(choice), Some(db)) = (
                        self.boundary_choice.take(),
                        self.database_path().map(Path::to_path_buf),
                    ) {
                        self.import_job = Some(ImportJob::start(
                            crate::import::ImportKind::Boundary { code },
                            vec![choice.path],
                            db,
                        ));
                    }
                }
            }
        }
        if let Some(job) = &mut self.import_job {
            match job.show(ui.ctx()) {
                ImportAction::Stay => {}
                ImportAction::Close => self.import_job = None,
                ImportAction::SaveFindings => self.file_picker.request(FilePurpose::ExportFindings),
                ImportAction::Reload => self.reload_fitted(),
            }
        }

        if let Some(form) = &mut self.form {
            match form.show(ui.ctx(), self.today) {
                FormAction::Stay => {}
                FormAction::Cancel => self.form = None,
                FormAction::Submit(command) => self.pending.push(command),
            }
        }
        if !self.pending.is_empty() {
            ui.ctx().request_repaint();
        }
        if self.file_picker.is_busy() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(200));
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            let busy = self.file_picker.is_busy();
            if ui
                .add_enabled(!busy, egui::Button::new("Open database…"))
                .clicked()
            {
                self.file_picker.request(FilePurpose::OpenDatabase);
            }
            if ui
                .add_enabled(!busy, egui::Button::new("New empty database…"))
                .clicked()
            {
                self.file_picker.request(FilePurpose::NewEmptyDatabase);
            }
            if ui
                .add_enabled(!busy, egui::Button::new("New sample database…"))
                .clicked()
            {
                self.file_picker.request(FilePurpose::NewSampleDatabase);
            }
            ui.separator();
            let has_file = self.database_path().is_some();
            let writable = !self.store.as_ref().is_some_and(Store::is_read_only);
            if ui
                .add_enabled(has_file, egui::Button::new("Back up now"))
                .clicked()
            {
                self.pending.push(Command::BackUpNow);
            }
            if ui
                .add_enabled(
                    has_file && writable,
                    egui::Button::new("Restore from backup…"),
                )
                .clicked()
            {
                if let Some(db) = self.database_path().map(Path::to_path_buf) {
                    match RestoreDialog::open(&db) {
                        Ok(d) => self.restore_dialog = Some(d),
                        Err(e) => {
                            self.status = Some(Status {
                                text: format!("Could not list the backups: {e}"),
                                is_error: true,
                            })
                        }
                    }
                }
            }
            if ui
                .add_enabled(has_file && !busy, egui::Button::new("Save a copy as…"))
                .clicked()
            {
                self.file_picker.request(FilePurpose::SaveCopy);
            }
            ui.separator();
            ui.menu_button("Import", |ui| {
                let can = self.import_refusal().is_none();
                for choice in ImportSource::ALL {
                    if ui
                        .add_enabled(can, egui::Button::new(choice.menu_label()))
                        .clicked()
                    {
                        self.file_picker
                            .request(FilePurpose::Import { choice, step: 0 });
                    }
                }
            });
            if ui
                .add_enabled(self.store.is_some(), egui::Button::new("Council settings…"))
                .clicked()
            {
                let s = &self.records.settings;
                self.form = Some(Form::Council(super::forms::CouncilForm::new(
                    &s.council_name,
                    &s.council_code,
                )));
            }
            ui.menu_button("Open recent", |ui| {
                if self.recent.paths.is_empty() {
                    ui.label("(none yet)");
                }
                for p in self.recent.paths.clone() {
                    if ui.button(p.display().to_string()).clicked() {
                        self.pending.push(Command::OpenDatabase(p));
                    }
                }
            });
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("Help", |ui| {
            if ui
                .add_enabled(self.store.is_some(), egui::Button::new("Getting started"))
                .clicked()
            {
                self.view = View::GettingStarted;
            }
        });
    }

    /// Why File > Import cannot start now, if it cannot.
    fn import_refusal(&self) -> Option<&'static str> {
        if self.store.is_none() {
            Some("no database is open")
        } else if self.store.as_ref().is_some_and(Store::is_read_only) {
            Some(crate::store::READ_ONLY_REFUSAL)
        } else if self.import_job.is_some()
            || self.boundary_choice.is_some()
            || self.boundary_reading.is_some()
        {
            Some("an import is under way; finish or close it first")
        } else if self.file_picker.is_busy() {
            Some("a file dialog is already open")
        } else {
            None
        }
    }

    fn status_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match self.database_path() {
                Some(p) => ui.label(format!("Database: {}", p.display())),
                None => ui.label("Database: in memory"),
            };
            if self.store.as_ref().is_some_and(Store::is_read_only) {
                ui.colored_label(ui.visuals().warn_fg_color, "READ-ONLY")
                    .on_hover_text(crate::store::READ_ONLY_REFUSAL);
            }
            if self.reload_job.is_some() {
                ui.spinner();
                ui.weak("Updating…");
            }
            ui.separator();
            let c = self.records.counts;
            ui.label(format!(
                "{} children · {} carer households · {} homes · {} placements · as at {}",
                c.children,
                c.carers,
                c.homes,
                c.placements,
                format_uk_date(self.as_at)
            ));
            if let Some(end) = self.records.report.records_run_to {
                if self.as_at > end {
                    ui.colored_label(ui.visuals().warn_fg_color, "(after the records end)")
                        .on_hover_text(format!(
                            "The records run to {}: later figures assume nothing changed",
                            format_uk_date(end)
                        ));
                } else {
                    ui.weak(format!("(the records run to {})", format_uk_date(end)));
                }
            }
            if let Some(s) = &self.status {
                ui.separator();
                if s.is_error {
                    ui.colored_label(ui.visuals().error_fg_color, &s.text);
                } else {
                    ui.label(&s.text);
                }
            }
        });
    }
}

impl eframe::App for PlannerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        PlannerApp::ui(self, ui);
    }
}
