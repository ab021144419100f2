//! What a user can import, once: the name the command line takes
//! (`import ssda903 …`), the window's menu entry and file-dialog titles,
//! and how many files each reads. The window's Import menu, its file
//! dialogs and the command line's `import` all list [`ImportSource::ALL`].

use super::ssda903::Ssda903Options;
use super::templates::TemplateKind;
use super::ImportKind;

/// One kind of file a council brings in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportSource {
    /// An SSDA903 return: the header file, then the episodes file.
    Ssda903,
    /// The ONS Postcode Directory or NSPL.
    Postcodes,
    /// The council's boundary (GeoJSON).
    Boundary,
    Carers,
    Homes,
    Children,
    /// Cost rates by category and financial year.
    Rates,
    /// Placement costs from the finance system's export.
    FinanceCosts,
}

impl ImportSource {
    pub const ALL: [ImportSource; 8] = [
        ImportSource::Ssda903,
        ImportSource::Postcodes,
        ImportSource::Boundary,
        ImportSource::Carers,
        ImportSource::Homes,
        ImportSource::Children,
        ImportSource::Rates,
        ImportSource::FinanceCosts,
    ];

    /// Its name on the command line: `placement-planner import <name> …`.
    pub fn cli_name(self) -> &'static str {
        match self {
            ImportSource::Ssda903 => "ssda903",
            ImportSource::Postcodes => "postcodes",
            ImportSource::Boundary => "boundary",
            ImportSource::Carers => "carers",
            ImportSource::Homes => "homes",
            ImportSource::Children => "children",
            ImportSource::Rates => "rates",
            ImportSource::FinanceCosts => "costs",
        }
    }

    /// The source named `name` on the command line.
    pub fn from_cli_name(name: &str) -> Option<ImportSource> {
        ImportSource::ALL.into_iter().find(|s| s.cli_name() == name)
    }

    /// What it is, in a few words (the command line's help).
    pub fn description(self) -> &'static str {
        match self {
            ImportSource::Ssda903 => "an SSDA903 return: the header file, then the episodes file",
            ImportSource::Postcodes => "the ONS Postcode Directory or NSPL",
            ImportSource::Boundary => "the council's boundary from a GeoJSON file (with --code)",
            ImportSource::Carers => "carers from the CSV template",
            ImportSource::Homes => "residential homes from the CSV template",
            ImportSource::Children => "children from the CSV template",
            ImportSource::Rates => "cost rates by category and financial year",
            ImportSource::FinanceCosts => "placement costs from the finance system's export",
        }
    }

    /// The window's Import menu entry.
    pub fn menu_label(self) -> &'static str {
        match self {
            ImportSource::Ssda903 => "SSDA903 return (header and episodes)…",
            ImportSource::Postcodes => "Postcode directory (ONSPD or NSPL)…",
            ImportSource::Boundary => "Council boundary (GeoJSON)…",
            ImportSource::Carers => "Carers from the CSV template…",
            ImportSource::Homes => "Residential homes from the CSV template…",
            ImportSource::Children => "Children from the CSV template…",
            ImportSource::Rates => "Cost rates (CSV)…",
            ImportSource::FinanceCosts => "Placement costs from the finance system (CSV)…",
        }
    }

    /// The title of the dialog choosing file `step` (from 0).
    pub fn file_prompt(self, step: usize) -> &'static str {
        match (self, step) {
            (ImportSource::Ssda903, 0) => "Choose the SSDA903 header file",
            (ImportSource::Ssda903, _) => "Choose the SSDA903 episodes file",
            (ImportSource::Postcodes, _) => "Choose the postcode directory",
            (ImportSource::Boundary, _) => "Choose the boundary file",
            _ => "Choose the CSV file",
        }
    }

    /// Whether it reads GeoJSON rather than CSV.
    pub fn is_geojson(self) -> bool {
        self == ImportSource::Boundary
    }

    /// How many files it reads.
    pub fn files(self) -> usize {
        match self {
            ImportSource::Ssda903 => 2,
            _ => 1,
        }
    }

    /// The blank CSV a council fills in to import this, when it has one
    /// (the record templates, the rates with this year's example, the
    /// finance export's columns); `today` dates the rates' example.
    pub fn blank_template(self, today: jiff::civil::Date) -> Option<String> {
        let record = |kind: TemplateKind| {
            let mut line = super::templates::template_header(kind).join(",");
            line.push('\n');
            line
        };
        Some(match self {
            ImportSource::Carers => record(TemplateKind::Carers),
            ImportSource::Homes => record(TemplateKind::Homes),
            ImportSource::Children => record(TemplateKind::Children),
            ImportSource::Rates => super::rates::rates_template(today),
            ImportSource::FinanceCosts => super::finance::finance_template(),
            ImportSource::Ssda903 | ImportSource::Postcodes | ImportSource::Boundary => {
                return None
            }
        })
    }

    /// The sources with a blank template, by their command-line names:
    /// "carers, homes, children, rates or costs".
    pub fn with_templates_text() -> String {
        let today = jiff::civil::date(2000, 1, 1);
        let names: Vec<&str> = ImportSource::ALL
            .into_iter()
            .filter(|s| s.blank_template(today).is_some())
            .map(ImportSource::cli_name)
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            Some((last, _)) => last.to_string(),
            None => String::new(),
        }
    }

    /// The import to run. `ssda903` is used by an SSDA903 return;
    /// `boundary_code`, the council's area code in the file, by a
    /// boundary, which without one is `None`.
    pub fn kind(
        self,
        ssda903: Ssda903Options,
        boundary_code: Option<String>,
    ) -> Option<ImportKind> {
        Some(match self {
            ImportSource::Ssda903 => ImportKind::Ssda903(ssda903),
            ImportSource::Postcodes => ImportKind::Postcodes,
            ImportSource::Boundary => ImportKind::Boundary {
                code: boundary_code?,
            },
            ImportSource::Carers => ImportKind::Template(TemplateKind::Carers),
            ImportSource::Homes => ImportKind::Template(TemplateKind::Homes),
            ImportSource::Children => ImportKind::Template(TemplateKind::Children),
            ImportSource::Rates => ImportKind::Rates,
            ImportSource::FinanceCosts => ImportKind::FinanceCosts,
        })
    }
}

impl ImportKind {
    /// The kind of file it reads.
    pub fn source(&self) -> ImportSource {
        match self {
            ImportKind::Ssda903(_) => ImportSource::Ssda903,
            ImportKind::Postcodes => ImportSource::Postcodes,
            ImportKind::Boundary { .. } => ImportSource::Boundary,
            ImportKind::Template(TemplateKind::Carers) => ImportSource::Carers,
            ImportKind::Template(TemplateKind::Homes) => ImportSource::Homes,
            ImportKind::Template(TemplateKind::Children) => ImportSource::Children,
            ImportKind::Rates => ImportSource::Rates,
            ImportKind::FinanceCosts => ImportSource::FinanceCosts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_round_trips_through_its_name_and_its_kind() {
        for s in ImportSource::ALL {
            assert_eq!(ImportSource::from_cli_name(s.cli_name()), Some(s));
            let kind = s
                .kind(Ssda903Options::default(), Some("E10000002".into()))
                .unwrap();
            assert_eq!(kind.source(), s);
            assert_eq!(kind.files(), s.files());
        }
        assert_eq!(ImportSource::from_cli_name("finance"), None);
        // A boundary needs the council's area code.
        assert!(ImportSource::Boundary
            .kind(Ssda903Options::default(), None)
            .is_none());
        assert_eq!(ImportSource::Ssda903.files(), 2);
    }
}
