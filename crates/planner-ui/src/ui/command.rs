//! What the views ask for. The app applies commands between frames, through
//! the library, then reloads the cached records.

use super::records::Records;
use crate::county::Tables;
use crate::model::{Carer, Child, Decision, Home, Placement, Referral};
use crate::scenario::saved::ScenarioDraft;
use jiff::civil::Date;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub enum Command {
    AddChild(Child),
    UpdateChild(Child),
    AddCarer(Carer),
    UpdateCarer(Carer),
    AddHome(Home),
    UpdateHome(Home),
    AddPlacement(Placement),
    AddReferral(Referral),
    RecordDecision(Decision),
    EndPlacement {
        id: i64,
        end: Date,
        reason: Option<String>,
    },
    /// Writes the minutes of the meeting on the as-at date.
    ExportMinutes {
        path: PathBuf,
        with_names: bool,
    },
    /// Saves a scenario: a new one when `id` is `None`.
    SaveScenario {
        id: Option<i64>,
        draft: Box<ScenarioDraft>,
    },
    DuplicateScenario(i64),
    /// Writes a report (by kind) on the window's as-at date.
    ExportReport {
        kind: crate::export::ReportKind,
        path: PathBuf,
        with_names: bool,
    },
    /// Writes a scenario's projection to CSV or XLSX (by the extension).
    ExportScenario {
        path: PathBuf,
        draft: Box<ScenarioDraft>,
    },
    DeleteScenario {
        id: i64,
        name: String,
    },
    /// Adds, changes or removes cost rates and sets uplifts, all together
    /// (`planner_app::rates::change_rates` checks them).
    ChangeRates(crate::model::RateChanges),
    /// Copies a year's rates to another, uplifted (`planner_app::rates::copy_rates`).
    CopyRates {
        from: i32,
        to: i32,
        uplift: Option<f64>,
    },
    /// Sets the council's name and area code (both checked).
    SaveCouncil {
        name: String,
        code: String,
    },
    /// Writes every audit entry as CSV (names and references as recorded).
    ExportAudit(PathBuf),
    /// Takes a rotating backup into the backups folder now.
    BackUpNow,
    /// Writes a consistent copy of the database (the backup API).
    SaveCopy(PathBuf),
    /// Replaces the database's records with a backup's (confirmed first);
    /// the current file is backed up before.
    RestoreBackup(PathBuf),
    /// Changes the date the whole window reports "as at".
    SetAsAt(Date),
    /// Reads the database again (after a change made outside the window).
    Reload,
    OpenDatabase(PathBuf),
    NewEmptyDatabase(PathBuf),
    NewSampleDatabase(PathBuf),
}

/// What applying a command may change, judged against the records before
/// it: what the reading after it takes from the database again and works
/// out again. The rest is carried over from the records shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    /// The county's tables the command may write.
    pub county: Tables,
    /// Whether the five-year monthly trend may change. It counts children
    /// and their placements, where each placement is (its own postcode,
    /// else its carer's or home's) and what it costs (its own fee, else the
    /// rates): a carer or home edited without moving leaves it as it was.
    pub trend: bool,
    /// Referrals and decisions.
    pub panel: bool,
    /// Saved scenarios.
    pub scenarios: bool,
}

impl Touched {
    /// Anything: the reading takes everything again.
    pub const ALL: Touched = Touched {
        county: Tables::ALL,
        trend: true,
        panel: true,
        scenarios: true,
    };
    /// Nothing the records hold (an export, a backup).
    pub const NONE: Touched = Touched {
        county: Tables::NONE,
        trend: false,
        panel: false,
        scenarios: false,
    };
    /// The county's `tables`, and the trend with them.
    fn county(tables: Tables) -> Touched {
        Touched {
            county: tables,
            trend: true,
            ..Touched::NONE
        }
    }
}

impl Command {
    /// What applying the command may change, judged against the records
    /// before it. Anything not known to leave a part as it was is taken to
    /// change it.
    pub fn touches(&self, records: &Records) -> Touched {
        match self {
            Command::AddChild(_) | Command::UpdateChild(_) => Touched::county(Tables::CHILDREN),
            Command::AddCarer(_) => Touched::county(Tables::CARERS),
            Command::UpdateCarer(c) => Touched {
                trend: records
                    .carer(&c.id)
                    .is_none_or(|old| old.postcode != c.postcode),
                ..Touched::county(Tables::CARERS)
            },
            Command::AddHome(_) => Touched::county(Tables::HOMES),
            Command::UpdateHome(h) => Touched {
                trend: records
                    .home(&h.id)
                    .is_none_or(|old| old.postcode != h.postcode),
                ..Touched::county(Tables::HOMES)
            },
            Command::AddPlacement(_) | Command::EndPlacement { .. } => {
                Touched::county(Tables::PLACEMENTS)
            }
            Command::AddReferral(_) => Touched {
                panel: true,
                ..Touched::NONE
            },
            // A decision to place writes the placement too.
            Command::RecordDecision(d) if d.outcome == crate::model::DecisionOutcome::Placed => {
                Touched {
                    panel: true,
                    ..Touched::county(Tables::PLACEMENTS)
                }
            }
            Command::RecordDecision(_) => Touched {
                panel: true,
                ..Touched::NONE
            },
            Command::SaveScenario { .. }
            | Command::DuplicateScenario(_)
            | Command::DeleteScenario { .. } => Touched {
                scenarios: true,
                ..Touched::NONE
            },
            // Rates and the council live in the settings.
            Command::ChangeRates(_) | Command::CopyRates { .. } | Command::SaveCouncil { .. } => {
                Touched::county(Tables::SETTINGS)
            }
            // Exports and copies write files, not records (the audit trail
            // and the counts are read after every command).
            Command::ExportMinutes { .. }
            | Command::ExportReport { .. }
            | Command::ExportScenario { .. }
            | Command::ExportAudit(_)
            | Command::BackUpNow
            | Command::SaveCopy(_) => Touched::NONE,
            // A new date changes every measure but no record.
            Command::SetAsAt(_) => Touched {
                trend: true,
                ..Touched::NONE
            },
            Command::RestoreBackup(_)
            | Command::Reload
            | Command::OpenDatabase(_)
            | Command::NewEmptyDatabase(_)
            | Command::NewSampleDatabase(_) => Touched::ALL,
        }
    }

    /// Whether success should close the form that sent it.
    pub fn closes_form(&self) -> bool {
        !matches!(
            self,
            Command::OpenDatabase(_)
                | Command::NewEmptyDatabase(_)
                | Command::NewSampleDatabase(_)
                | Command::SetAsAt(_)
                | Command::Reload
                | Command::ExportMinutes { .. }
                | Command::SaveScenario { .. }
                | Command::DuplicateScenario(_)
                | Command::ExportScenario { .. }
                | Command::ExportReport { .. }
                | Command::BackUpNow
                | Command::SaveCopy(_)
                | Command::ExportAudit(_)
        )
    }

    /// What the status line says when it worked.
    pub fn done_message(&self) -> String {
        match self {
            Command::AddChild(c) => format!("Added child {}", c.id),
            Command::UpdateChild(c) => format!("Saved child {}", c.id),
            Command::AddCarer(c) => format!("Added carer household {} ({})", c.name, c.id),
            Command::UpdateCarer(c) => format!("Saved carer household {} ({})", c.name, c.id),
            Command::AddHome(h) => format!("Added home {} ({})", h.name, h.id),
            Command::UpdateHome(h) => format!("Saved home {} ({})", h.name, h.id),
            Command::AddPlacement(p) => format!("Placed child {}", p.child_id),
            Command::AddReferral(r) => format!("Referral for {} added to the agenda", r.child_id),
            Command::RecordDecision(d) => format!(
                "Panel decision recorded: {}{}",
                d.outcome.label().to_lowercase(),
                if d.corrects.is_some() {
                    " (a correction)"
                } else {
                    ""
                }
            ),
            Command::EndPlacement { id, end, .. } => {
                format!(
                    "Ended placement {id} on {}",
                    crate::model::format_uk_date(*end)
                )
            }
            Command::ExportMinutes { path, with_names } => format!(
                "Wrote the panel minutes to {}{}",
                path.display(),
                if *with_names {
                    " (with names)"
                } else {
                    " (pseudonymised)"
                }
            ),
            Command::SaveScenario { draft, .. } => format!("Saved scenario '{}'", draft.name),
            Command::DuplicateScenario(_) => "Duplicated the scenario".to_string(),
            Command::ExportReport {
                kind,
                path,
                with_names,
            } => format!(
                "Wrote the {} to {}{}",
                kind.label().to_lowercase(),
                crate::export::path_saying_names(path, *with_names).display(),
                if *with_names {
                    " (with names)"
                } else {
                    " (pseudonymised)"
                }
            ),
            Command::ExportScenario { path, draft } => {
                format!("Wrote scenario '{}' to {}", draft.name, path.display())
            }
            Command::DeleteScenario { name, .. } => format!("Deleted scenario '{name}'"),
            Command::ChangeRates(changes) => rate_changes_message(changes),
            Command::CopyRates { from, to, .. } => format!(
                "Copied the {} rates to {}",
                crate::model::settings::financial_year_label(*from),
                crate::model::settings::financial_year_label(*to)
            ),
            Command::BackUpNow => "Backed up the database".to_string(),
            Command::ExportAudit(p) => format!("Wrote the audit trail to {}", p.display()),
            Command::SaveCopy(p) => format!("Saved a copy of the database as {}", p.display()),
            Command::RestoreBackup(p) => format!(
                "Restored {}; the file it replaced is kept in the backups folder",
                p.display()
            ),
            Command::SaveCouncil { name, code } => format!("Council set: {name} ({code})"),
            Command::SetAsAt(d) => format!(
                "Showing the county as at {}",
                crate::model::format_uk_date(*d)
            ),
            Command::Reload => "Read the database again".to_string(),
            Command::OpenDatabase(p)
            | Command::NewEmptyDatabase(p)
            | Command::NewSampleDatabase(p) => {
                format!("Opened {}", p.display())
            }
        }
    }
}

/// What the status line says after cost rates were saved: the change
/// itself when there was one, else how many of each kind.
fn rate_changes_message(c: &crate::model::RateChanges) -> String {
    use crate::model::settings::financial_year_label;
    match (c.put.as_slice(), c.delete.as_slice(), c.uplifts.as_slice()) {
        ([r], [], []) => format!(
            "Saved the {} rate for {}: {} a week",
            financial_year_label(r.financial_year),
            r.category.label(),
            r.weekly_cost.to_pounds_pence_string()
        ),
        ([], [(category, year)], []) => format!(
            "Deleted the {} rate for {}",
            financial_year_label(*year),
            category.label()
        ),
        ([], [], [(category, pct)]) => match pct {
            Some(p) => format!("{}: uplift {}% a year", category.label(), p),
            None => format!("{}: the published uplift", category.label()),
        },
        (put, delete, uplifts) => {
            let count = |n: usize, one: &str, many: &str| {
                (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
            };
            let parts: Vec<String> = [
                count(put.len(), "cost rate saved", "cost rates saved"),
                count(delete.len(), "rate deleted", "rates deleted"),
                count(uplifts.len(), "uplift set", "uplifts set"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if parts.is_empty() {
                "Nothing to save".to_string()
            } else {
                parts.join(", ")
            }
        }
    }
}
