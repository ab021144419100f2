//! CSV templates for a council's own carer households, residential homes and
//! children: `placement-planner template KIND --out FILE` writes a blank one
//! (the header line), the council fills it in (Excel's "CSV UTF-8" is fine)
//! and imports it.
//!
//! Every row goes through the same checks as the forms (the model's drafts),
//! then the file is written in one transaction: a new id is added, an
//! existing id updated, an identical row left alone. Dates are dd/mm/yyyy or
//! ISO (yyyy-mm-dd), money is in pounds (`450`, `450.50`, `£1,050`),
//! postcodes are normalised, and locations come from the postcode directory
//! (a postcode not in it leaves distances "not known": a data-quality note).

use super::csv_file::{CsvFile, IssueList};
use super::{ImportError, ImportIssue, ImportSummary, Progress, RejectedRows};
use crate::model::carer::{CarerDraft, CarerStatus};
use crate::model::child::ChildDraft;
use crate::model::codes::{CategoryOfNeed, LegalStatus};
use crate::model::home::HomeDraft;
use crate::model::{
    Carer, CarerSector, Child, ChildStatus, Home, HomeSector, Postcode, Sex, Specialism,
    ValidationErrors,
};
use crate::store::{Saved, Store};
use jiff::civil::Date;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The largest template file read, in bytes (a council's carers, homes or
/// children are a few MB at most).
pub const MAX_TEMPLATE_BYTES: u64 = 100 << 20;

/// Which template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    Carers,
    Homes,
    Children,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 3] = [
        TemplateKind::Carers,
        TemplateKind::Homes,
        TemplateKind::Children,
    ];

    /// `carers`, `homes`, `children`.
    pub fn name(self) -> &'static str {
        match self {
            TemplateKind::Carers => "carers",
            TemplateKind::Homes => "homes",
            TemplateKind::Children => "children",
        }
    }

    /// The kind by its name (ignoring case).
    pub fn parse(text: &str) -> Option<TemplateKind> {
        TemplateKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(text.trim()))
    }

    /// What the summary calls the import.
    fn summary_kind(self) -> &'static str {
        match self {
            TemplateKind::Carers => "carer households",
            TemplateKind::Homes => "residential homes",
            TemplateKind::Children => "children",
        }
    }

    /// The columns a file must have (the others may be left out).
    fn required(self) -> &'static [&'static str] {
        match self {
            TemplateKind::Carers => &[
                "id",
                "name",
                "sector",
                "approved_places",
                "age_min",
                "age_max",
                "weekly_cost",
                "approval_date",
            ],
            TemplateKind::Homes => &[
                "id",
                "name",
                "provider",
                "sector",
                "registered_beds",
                "age_min",
                "age_max",
                "weekly_cost_per_bed",
            ],
            TemplateKind::Children => &[
                "id",
                "name",
                "date_of_birth",
                "sex",
                "legal_status",
                "category_of_need",
                "entered_care",
            ],
        }
    }
}

const CARER_COLUMNS: &[&str] = &[
    "id",
    "name",
    "sector",
    "agency",
    "approved_places",
    "age_min",
    "age_max",
    "takes_siblings",
    "specialisms",
    "postcode",
    "weekly_cost",
    "status",
    "approval_date",
    "ended_on",
];

const HOME_COLUMNS: &[&str] = &[
    "id",
    "name",
    "provider",
    "sector",
    "ofsted_urn",
    "registered_beds",
    "age_min",
    "age_max",
    "postcode",
    "weekly_cost_per_bed",
    "closed_on",
];

const CHILD_COLUMNS: &[&str] = &[
    "id",
    "name",
    "date_of_birth",
    "sex",
    "legal_status",
    "category_of_need",
    "disability",
    "sibling_group",
    "home_postcode",
    "status",
    "entered_care",
    "left_care",
];

/// The template's columns, in order.
pub fn template_header(kind: TemplateKind) -> &'static [&'static str] {
    match kind {
        TemplateKind::Carers => CARER_COLUMNS,
        TemplateKind::Homes => HOME_COLUMNS,
        TemplateKind::Children => CHILD_COLUMNS,
    }
}

/// Writes a blank template: the header line alone.
pub fn write_template(kind: TemplateKind, path: &Path) -> std::io::Result<()> {
    let mut line = template_header(kind).join(",");
    line.push('\n');
    std::fs::write(path, line)
}

/// One checked row, ready to write.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplateRecord {
    Carer(Carer),
    Home(Home),
    Child(Child),
}

impl TemplateRecord {
    pub fn id(&self) -> &str {
        match self {
            TemplateRecord::Carer(c) => &c.id,
            TemplateRecord::Home(h) => &h.id,
            TemplateRecord::Child(c) => &c.id,
        }
    }
}

/// What the preview found a row would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    Add,
    Update,
    Unchanged,
}

/// A checked template file: what would be written, and what was rejected.
#[derive(Debug, Clone)]
pub struct TemplatePlan {
    pub kind: TemplateKind,
    /// The file's name, for messages.
    pub file: String,
    /// The date the rows were checked against ("in the future", "placed today").
    pub today: Date,
    /// The good rows with their line and what each would do.
    pub rows: Vec<(u64, RowAction, TemplateRecord)>,
    pub summary: ImportSummary,
}

/// Reads and checks a template file against the store, writing nothing.
pub fn preview_template(
    kind: TemplateKind,
    path: &Path,
    store: &Store,
    progress: &Progress,
) -> Result<TemplatePlan, ImportError> {
    preview_template_on(kind, path, store, progress, crate::model::date::today())
}

/// As [`preview_template`], with "today" given (for tests).
pub fn preview_template_on(
    kind: TemplateKind,
    path: &Path,
    store: &Store,
    progress: &Progress,
    today: Date,
) -> Result<TemplatePlan, ImportError> {
    let mut file = CsvFile::open(path, progress, MAX_TEMPLATE_BYTES)?;
    let known = template_header(kind);
    for required in kind.required() {
        file.require(&[required])?;
    }
    if let Some(unknown) = file
        .header
        .iter()
        .find(|h| !known.iter().any(|k| k.eq_ignore_ascii_case(h)))
    {
        return Err(ImportError::unreadable(ImportIssue::file(
            &file.label,
            format!(
                "unknown column '{unknown}' (the {} template's columns are: {})",
                kind.name(),
                known.join(", ")
            ),
        )));
    }
    let mut seen = HashSet::new();
    for h in &file.header {
        if !seen.insert(h.to_ascii_lowercase()) {
            return Err(ImportError::unreadable(ImportIssue::file(
                &file.label,
                format!("the column '{h}' appears twice in the header"),
            )));
        }
    }
    let positions: Vec<Option<usize>> = known.iter().map(|k| file.column(&[k])).collect();
    let existing = Existing::load(kind, store, today)?;

    let mut rejected = IssueList::default();
    let mut notes = IssueList::default();
    let mut rows = Vec::new();
    let mut first_line_of_id: HashMap<String, u64> = HashMap::new();
    let (mut add, mut update, mut unchanged) = (0, 0, 0);
    let mut rec = csv::ByteRecord::new();
    while let Some(row) = file.next_row(&mut rec, progress, &mut rejected)? {
        let line = row.line;
        let fields = Fields {
            row: &row,
            positions: &positions,
            names: known,
        };
        let record = match read_record(kind, &fields, today) {
            Ok(r) => r,
            Err(errors) => {
                rejected.push(issue_of(&file.label, line, &fields, &errors));
                continue;
            }
        };
        let id = record.id().to_string();
        if let Some(first) = first_line_of_id.get(&id) {
            rejected.push(ImportIssue::at(
                &file.label,
                line,
                "id",
                &id,
                format!("the id '{id}' is already used on line {first}"),
            ));
            continue;
        }
        first_line_of_id.insert(id.clone(), line);
        if let Err(reason) = existing.rule_check(&record) {
            rejected.push(ImportIssue::row(&file.label, line, reason));
            continue;
        }
        if let Some((column, pc)) = postcode_of(&record) {
            let located = store
                .postcode(&pc)
                .map_err(ImportError::from)?
                .is_some_and(|e| e.grid.is_some());
            if !located {
                notes.push(ImportIssue::at(
                    &file.label,
                    line,
                    column,
                    pc.as_str(),
                    "the postcode is not in the postcode directory (or has no grid reference): \
                     distances and area stay not known until it is imported",
                ));
            }
        }
        let cost = match &record {
            TemplateRecord::Carer(c) => Some(("weekly_cost", c.weekly_cost)),
            TemplateRecord::Home(h) => Some(("weekly_cost_per_bed", h.weekly_cost_per_bed)),
            TemplateRecord::Child(_) => None,
        };
        if let Some((column, weekly)) = cost {
            if let Some(w) = crate::costing::outlier_warning(weekly) {
                notes.push(ImportIssue::at(
                    &file.label,
                    line,
                    column,
                    &weekly.to_pounds_pence_string(),
                    w,
                ));
            }
        }
        let action = existing.action(&record);
        match action {
            RowAction::Add => add += 1,
            RowAction::Update => update += 1,
            RowAction::Unchanged => unchanged += 1,
        }
        rows.push((line, action, record));
    }
    let label = file.label.clone();
    Ok(TemplatePlan {
        kind,
        file: label.clone(),
        today,
        rows,
        summary: ImportSummary {
            kind: kind.summary_kind().to_string(),
            to_add: add,
            to_update: update,
            unchanged,
            rejected: rejected.finish(&label, "rejected rows"),
            data_quality: notes.finish(&label, "postcodes not found"),
            ..ImportSummary::default()
        },
    })
}

/// Writes a previewed plan in one transaction. With rejected rows in the
/// plan and [`RejectedRows::Refuse`], nothing is written; with
/// [`RejectedRows::Skip`] the good rows are. Rows found unchanged are not
/// touched. Cancelling rolls everything back.
pub fn apply_template(
    store: &mut Store,
    plan: &TemplatePlan,
    rejected: RejectedRows,
    progress: &Progress,
) -> Result<ImportSummary, ImportError> {
    if rejected == RejectedRows::Refuse && !plan.summary.rejected.is_empty() {
        return Err(ImportError::Rejected(plan.summary.rejected.clone()));
    }
    progress.set_total(plan.rows.len() as u64);
    progress.set_done(0);
    let (added, updated) = store.write_template_rows(|w| {
        let (mut added, mut updated) = (0usize, 0usize);
        for (i, (line, action, record)) in plan.rows.iter().enumerate() {
            progress.check()?;
            progress.set_done(i as u64);
            if *action == RowAction::Unchanged {
                continue;
            }
            let saved = match record {
                TemplateRecord::Carer(c) => w.save_carer(c, plan.today),
                TemplateRecord::Home(h) => w.save_home(h),
                TemplateRecord::Child(c) => w.save_child(c),
            }
            .map_err(|e| {
                ImportError::Rejected(vec![ImportIssue::row(&plan.file, *line, e.to_string())])
            })?;
            match saved {
                Saved::Added => added += 1,
                Saved::Updated => updated += 1,
            }
        }
        progress.check()?;
        Ok::<_, ImportError>((added, updated))
    })?;
    progress.set_done(plan.rows.len() as u64);
    Ok(ImportSummary {
        to_add: added,
        to_update: updated,
        unchanged: plan.summary.unchanged,
        rejected: match rejected {
            RejectedRows::Skip => plan.summary.rejected.clone(),
            RejectedRows::Refuse => Vec::new(),
        },
        ..plan.summary.clone()
    })
}

/// One row's fields by template column name.
struct Fields<'a, 'r> {
    row: &'a super::csv_file::Row<'r>,
    positions: &'a [Option<usize>],
    names: &'static [&'static str],
}

impl Fields<'_, '_> {
    fn get(&self, name: &str) -> &str {
        self.names
            .iter()
            .position(|n| *n == name)
            .and_then(|i| self.positions[i])
            .map_or("", |p| self.row.get(p))
    }
}

/// The row's problems as one issue naming the first field's column and
/// value, with any others after it.
fn issue_of(
    label: &str,
    line: u64,
    fields: &Fields<'_, '_>,
    errors: &ValidationErrors,
) -> ImportIssue {
    let Some(first) = errors.0.first() else {
        return ImportIssue::row(label, line, "the row is not valid");
    };
    let mut reason = first.message.clone();
    for other in &errors.0[1..] {
        reason.push_str(&format!("; also {}: {}", other.field, other.message));
    }
    ImportIssue::at(
        label,
        line,
        first.field,
        fields.get(first.field).trim(),
        reason,
    )
}

fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Ok(false),
        "true" | "yes" | "y" | "1" => Ok(true),
        other => Err(format!(
            "'{other}' is not yes or no (true/false, yes/no, 1/0)"
        )),
    }
}

/// A code or its label, ignoring case; `None` with a message listing the codes.
fn code_or_label<T: Copy>(
    text: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Result<T, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter the {what}"));
    }
    parse(t)
        .or_else(|| {
            all.iter()
                .copied()
                .find(|v| label(*v).eq_ignore_ascii_case(t))
        })
        .ok_or_else(|| {
            let codes: Vec<&str> = all.iter().map(|v| code(*v)).collect();
            format!("'{t}' is not a known {what} (one of: {})", codes.join(", "))
        })
}

fn read_record(
    kind: TemplateKind,
    f: &Fields<'_, '_>,
    today: Date,
) -> Result<TemplateRecord, ValidationErrors> {
    let mut e = ValidationErrors::default();
    let text = |name: &str| f.get(name).trim().to_string();
    match kind {
        TemplateKind::Carers => {
            let sector = e.check(
                "sector",
                code_or_label(
                    f.get("sector"),
                    "carer sector",
                    CarerSector::parse,
                    CarerSector::ALL,
                    CarerSector::code,
                    CarerSector::label,
                ),
            );
            let status = if f.get("status").trim().is_empty() {
                Some(CarerStatus::Active)
            } else {
                e.check(
                    "status",
                    code_or_label(
                        f.get("status"),
                        "carer status",
                        CarerStatus::parse,
                        CarerStatus::ALL,
                        CarerStatus::code,
                        CarerStatus::label,
                    ),
                )
            };
            let takes_siblings = e.check("takes_siblings", yes_no(f.get("takes_siblings")));
            let specialisms = e.check("specialisms", Specialism::parse_list(f.get("specialisms")));
            let draft = CarerDraft {
                id: text("id"),
                name: text("name"),
                sector: sector.unwrap_or(CarerSector::InHouse),
                agency: text("agency"),
                approved_places: text("approved_places"),
                age_min: text("age_min"),
                age_max: text("age_max"),
                takes_siblings: takes_siblings.unwrap_or(false),
                specialisms: specialisms.unwrap_or_default(),
                postcode: text("postcode"),
                weekly_cost: text("weekly_cost"),
                status: status.unwrap_or(CarerStatus::Active),
                approval_date: text("approval_date"),
                ended_on: text("ended_on"),
            };
            merge(e, draft.validate(today)).map(TemplateRecord::Carer)
        }
        TemplateKind::Homes => {
            let sector = e.check(
                "sector",
                code_or_label(
                    f.get("sector"),
                    "home sector",
                    HomeSector::parse,
                    HomeSector::ALL,
                    HomeSector::code,
                    HomeSector::label,
                ),
            );
            let draft = HomeDraft {
                id: text("id"),
                name: text("name"),
                provider: text("provider"),
                sector: sector.unwrap_or(HomeSector::Private),
                ofsted_urn: text("ofsted_urn"),
                registered_beds: text("registered_beds"),
                age_min: text("age_min"),
                age_max: text("age_max"),
                postcode: text("postcode"),
                weekly_cost_per_bed: text("weekly_cost_per_bed"),
                closed_on: text("closed_on"),
            };
            merge(e, draft.validate()).map(TemplateRecord::Home)
        }
        TemplateKind::Children => {
            let sex = e.check("sex", sex_of(f.get("sex")));
            let legal_status = e.check(
                "legal_status",
                code_or_label(
                    f.get("legal_status"),
                    "legal status",
                    LegalStatus::parse,
                    LegalStatus::ALL,
                    LegalStatus::code,
                    LegalStatus::label,
                ),
            );
            let category_of_need = e.check(
                "category_of_need",
                code_or_label(
                    f.get("category_of_need"),
                    "category of need",
                    CategoryOfNeed::parse,
                    CategoryOfNeed::ALL,
                    CategoryOfNeed::code,
                    CategoryOfNeed::label,
                ),
            );
            let status = if f.get("status").trim().is_empty() {
                Some(ChildStatus::LookedAfter)
            } else {
                e.check(
                    "status",
                    code_or_label(
                        f.get("status"),
                        "child status",
                        ChildStatus::parse,
                        ChildStatus::ALL,
                        ChildStatus::code,
                        ChildStatus::label,
                    ),
                )
            };
            let disability = e.check("disability", yes_no(f.get("disability")));
            let draft = ChildDraft {
                id: text("id"),
                name: text("name"),
                date_of_birth: text("date_of_birth"),
                // A field already reported above is given a stand-in so the
                // draft does not report it a second time.
                sex: Some(sex.unwrap_or(Sex::Male)),
                legal_status: Some(legal_status.unwrap_or(LegalStatus::V2)),
                category_of_need: Some(category_of_need.unwrap_or(CategoryOfNeed::N1)),
                disability: disability.unwrap_or(false),
                sibling_group: text("sibling_group"),
                home_postcode: text("home_postcode"),
                status,
                entered_care: text("entered_care"),
                left_care: text("left_care"),
            };
            merge(e, draft.validate(today)).map(TemplateRecord::Child)
        }
    }
}

/// SSDA903 SEX: 1 or 2, or male/female, M/F.
fn sex_of(text: &str) -> Result<Sex, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Err("enter the child's sex (1 male, 2 female)".into()),
        "1" | "m" | "male" => Ok(Sex::Male),
        "2" | "f" | "female" => Ok(Sex::Female),
        other => Err(format!(
            "'{other}' is not a known sex code (1 male, 2 female)"
        )),
    }
}

/// Codes checked here first, then the draft's own checks.
fn merge<T>(
    mut e: ValidationErrors,
    validated: Result<T, ValidationErrors>,
) -> Result<T, ValidationErrors> {
    match validated {
        Ok(v) if e.is_empty() => Ok(v),
        Ok(_) => Err(e),
        Err(more) => {
            e.0.extend(more.0);
            Err(e)
        }
    }
}

fn postcode_of(r: &TemplateRecord) -> Option<(&'static str, Postcode)> {
    match r {
        TemplateRecord::Carer(c) => c.postcode.map(|p| ("postcode", p)),
        TemplateRecord::Home(h) => h.postcode.map(|p| ("postcode", p)),
        TemplateRecord::Child(c) => c.home_postcode.map(|p| ("home_postcode", p)),
    }
}

/// The records already stored, and the children placed with each household
/// or home, for "add, update or unchanged" and the rules of an update.
struct Existing {
    records: HashMap<String, TemplateRecord>,
    placed_today_by_carer: HashMap<String, usize>,
    /// Each home's placement end dates (`None` while open).
    home_placement_ends: HashMap<String, Vec<Option<Date>>>,
    today: Date,
}

impl Existing {
    fn load(kind: TemplateKind, store: &Store, today: Date) -> Result<Existing, ImportError> {
        let mut records = HashMap::new();
        match kind {
            TemplateKind::Carers => {
                for mut c in store.carers()? {
                    c.location = None;
                    records.insert(c.id.clone(), TemplateRecord::Carer(c));
                }
            }
            TemplateKind::Homes => {
                for mut h in store.homes()? {
                    h.location = None;
                    records.insert(h.id.clone(), TemplateRecord::Home(h));
                }
            }
            TemplateKind::Children => {
                for mut c in store.children()? {
                    c.home_location = None;
                    records.insert(c.id.clone(), TemplateRecord::Child(c));
                }
            }
        }
        let mut placed_today_by_carer: HashMap<String, usize> = HashMap::new();
        let mut home_placement_ends: HashMap<String, Vec<Option<Date>>> = HashMap::new();
        if kind != TemplateKind::Children {
            for p in store.placements()? {
                if let Some(id) = p.carer_id() {
                    if p.start <= today && p.end.is_none_or(|e| e > today) {
                        *placed_today_by_carer.entry(id.to_string()).or_default() += 1;
                    }
                }
                if let Some(id) = p.home_id() {
                    home_placement_ends
                        .entry(id.to_string())
                        .or_default()
                        .push(p.end);
                }
            }
        }
        Ok(Existing {
            records,
            placed_today_by_carer,
            home_placement_ends,
            today,
        })
    }

    fn action(&self, r: &TemplateRecord) -> RowAction {
        match self.records.get(r.id()) {
            None => RowAction::Add,
            Some(old) if old == r => RowAction::Unchanged,
            Some(_) => RowAction::Update,
        }
    }

    /// The store's rules for changing a record already there.
    fn rule_check(&self, r: &TemplateRecord) -> Result<(), String> {
        if !self.records.contains_key(r.id()) {
            return Ok(());
        }
        match r {
            TemplateRecord::Carer(c) => {
                let placed = self.placed_today_by_carer.get(&c.id).copied().unwrap_or(0);
                if usize::from(c.approved_places) < placed && c.status == CarerStatus::Active {
                    return Err(format!(
                        "{} has {placed} children placed today ({}); approved places cannot drop to {}",
                        c.name,
                        crate::model::format_uk_date(self.today),
                        c.approved_places
                    ));
                }
            }
            TemplateRecord::Home(h) => {
                if let Some(closed) = h.closed_on {
                    let open = self.home_placement_ends.get(&h.id).map_or(0, |ends| {
                        ends.iter().filter(|e| e.is_none_or(|e| e > closed)).count()
                    });
                    if open > 0 {
                        return Err(format!(
                            "{} still has {open} placement(s) open after {}; end or move them first",
                            h.name,
                            crate::model::format_uk_date(closed)
                        ));
                    }
                }
            }
            TemplateRecord::Child(_) => {}
        }
        Ok(())
    }
}
