//! Setting the council: its name and ONS area code, checked by the model's
//! rules before anything is written.

use crate::store::SettingsStore;
use crate::{AppError, AppResult, Field};
use planner_core::model::settings::{check_council_code, check_council_name};
use planner_core::model::Settings;

/// A checked change to the council's name, code or both.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CouncilChange {
    code: Option<String>,
    name: Option<String>,
}

impl CouncilChange {
    /// Checks what the user typed: the code must be an English council with
    /// children's services (E06, E08, E09, E10), upper-cased and trimmed;
    /// the name 1 to 100 characters, trimmed. `None` leaves that part as it
    /// is.
    pub fn check(code: Option<&str>, name: Option<&str>) -> AppResult<CouncilChange> {
        let code =
            code.map(check_council_code)
                .transpose()
                .map_err(|reason| AppError::Invalid {
                    field: Field::CouncilCode,
                    reason,
                })?;
        let name =
            name.map(check_council_name)
                .transpose()
                .map_err(|reason| AppError::Invalid {
                    field: Field::CouncilName,
                    reason,
                })?;
        Ok(CouncilChange { code, name })
    }

    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        self.code.is_none() && self.name.is_none()
    }

    fn apply_to(&self, settings: &mut Settings) {
        if let Some(code) = &self.code {
            settings.council_code = code.clone();
        }
        if let Some(name) = &self.name {
            settings.council_name = name.clone();
        }
    }
}

/// Sets the council's name and code; returns the settings as saved.
pub fn set_council<S: SettingsStore + ?Sized>(
    store: &mut S,
    change: &CouncilChange,
) -> AppResult<Settings> {
    let mut settings = store.settings()?;
    change.apply_to(&mut settings);
    store.save_settings(&settings)?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use planner_store::store::Store;

    #[test]
    fn checks_before_writing_and_keeps_what_is_not_given() {
        let mut store = Store::open_in_memory().unwrap();
        let both = CouncilChange::check(Some(" e06000060 "), Some(" Buckinghamshire ")).unwrap();
        let saved = set_council(&mut store, &both).unwrap();
        assert_eq!(
            (saved.council_code.as_str(), saved.council_name.as_str()),
            ("E06000060", "Buckinghamshire")
        );
        // A name alone leaves the code.
        let name = CouncilChange::check(None, Some("Bucks Council")).unwrap();
        set_council(&mut store, &name).unwrap();
        let s = store.settings().unwrap();
        assert_eq!(
            (s.council_code.as_str(), s.council_name.as_str()),
            ("E06000060", "Bucks Council")
        );
        // A district's code is refused, naming the field, and nothing is written.
        let err = CouncilChange::check(Some("E07000004"), None).unwrap_err();
        assert!(matches!(
            err,
            AppError::Invalid {
                field: Field::CouncilCode,
                ..
            }
        ));
        assert!(
            err.to_string()
                .starts_with("Area code: E07000004 is a district council"),
            "{err}"
        );
        assert!(CouncilChange::check(None, None).unwrap().is_empty());
        assert!(matches!(
            CouncilChange::check(None, Some("  ")),
            Err(AppError::Invalid {
                field: Field::CouncilName,
                ..
            })
        ));
    }
}
