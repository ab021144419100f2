//! Saving, copying and deleting what-if scenarios. The window saves by id
//! (the scenario open in it); the command line by name, replacing one of
//! the same name only when asked.

use crate::store::ScenarioStore;
use crate::{AppError, AppResult};
use planner_core::county::CountyData;
use planner_core::scenario::{project, Baseline, Levers, Projection, ScenarioDraft};
use planner_io::export::scenario::write_scenario_file;
use planner_io::export::ExportError;
use std::path::Path;

/// Saves the draft as a new scenario (`id` `None`) or over the saved one;
/// returns its id.
pub fn save<S: ScenarioStore + ?Sized>(
    store: &mut S,
    id: Option<i64>,
    draft: &ScenarioDraft,
) -> AppResult<i64> {
    Ok(match id {
        Some(id) => {
            store.update_scenario(id, draft)?;
            id
        }
        None => store.insert_scenario(draft)?,
    })
}

/// Saves the draft under its name: over the scenario of that name (ignoring
/// capitals) when `replace`, else refused if there is one; returns its id.
/// A draft that breaks a rule is refused with every field's reason.
pub fn save_named<S: ScenarioStore + ?Sized>(
    store: &mut S,
    draft: &ScenarioDraft,
    replace: bool,
) -> AppResult<i64> {
    draft.validate().map_err(|errors| {
        let lines: Vec<String> = errors
            .iter()
            .map(|e| {
                if e.message.starts_with(&e.field) {
                    e.message.clone()
                } else {
                    format!("{}: {}", e.field, e.message)
                }
            })
            .collect();
        AppError::Refused(format!("the scenario was not saved: {}", lines.join("; ")))
    })?;
    let name = draft.name.trim();
    let existing = store
        .scenarios()?
        .into_iter()
        .find(|s| s.name.eq_ignore_ascii_case(name));
    match existing {
        Some(s) if replace => save(store, Some(s.id), draft),
        Some(s) => Err(AppError::Refused(format!(
            "there is already a scenario called '{}' (id {}); give --replace to replace it, \
             or choose another name",
            s.name, s.id
        ))),
        None => save(store, None, draft),
    }
}

/// Saves a copy of a scenario under a free name; returns the copy's id.
pub fn duplicate<S: ScenarioStore + ?Sized>(store: &mut S, id: i64) -> AppResult<i64> {
    Ok(store.duplicate_scenario(id)?)
}

pub fn delete<S: ScenarioStore + ?Sized>(store: &mut S, id: i64) -> AppResult<()> {
    Ok(store.delete_scenario(id)?)
}

/// Writes a scenario's projection to a CSV file or an Excel workbook (by
/// the extension of `path`): the baseline fitted from `data` on the draft's
/// start over its reference months, projected with its levers. Returns the
/// projection written. The window (on a worker) comes here; `scenario
/// export`, which has fitted the baseline already, goes to
/// [`export_fitted`].
pub fn export(data: &CountyData, draft: &ScenarioDraft, path: &Path) -> AppResult<Projection> {
    let baseline = Baseline::from_data(data, draft.start, draft.reference_months);
    export_fitted(&baseline, &draft.name, &draft.levers, path)
}

/// [`export`] from a baseline already fitted.
pub fn export_fitted(
    baseline: &Baseline,
    name: &str,
    levers: &Levers,
    path: &Path,
) -> AppResult<Projection> {
    let projection = project(baseline, levers);
    write_scenario_file(path, name, levers, baseline, &projection).map_err(ExportError::from)?;
    Ok(projection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use planner_core::scenario::Levers;
    use planner_store::store::Store;

    fn draft(name: &str, recruit: f64) -> ScenarioDraft {
        ScenarioDraft {
            name: name.into(),
            notes: String::new(),
            levers: Levers {
                recruit_households_per_year: recruit,
                ..Levers::default()
            },
            start: "2026-04-01".parse().unwrap(),
            reference_months: 24,
            baseline_fingerprint: "0".repeat(64),
        }
    }

    #[test]
    fn a_name_is_saved_once_and_replaced_only_when_asked() {
        let mut store = Store::open_in_memory().unwrap();
        let id = save_named(&mut store, &draft("Plan A", 10.0), false).unwrap();
        let err = save_named(&mut store, &draft("plan a", 12.0), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "there is already a scenario called 'Plan A' (id {id}); give --replace to \
                 replace it, or choose another name"
            )
        );
        // Replacing keeps the id and takes the new levers.
        assert_eq!(
            save_named(&mut store, &draft("plan a", 12.0), true).unwrap(),
            id
        );
        let saved = store.scenarios().unwrap();
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].levers.recruit_households_per_year, 12.0);
        // A draft with no name is refused, and nothing is written.
        let err = save_named(&mut store, &draft("  ", 1.0), false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the scenario was not saved: name: enter a name for the scenario"
        );
        // A copy, then both deleted by id.
        let copy = duplicate(&mut store, id).unwrap();
        assert_eq!(store.scenarios().unwrap().len(), 2);
        delete(&mut store, copy).unwrap();
        delete(&mut store, id).unwrap();
        assert!(store.scenarios().unwrap().is_empty());
        assert!(matches!(delete(&mut store, id), Err(AppError::Store(_))));
    }
}
