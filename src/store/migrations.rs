//! Versioned schema migrations. Never edit a released migration: add a new one.

use rusqlite_migration::{Migrations, M};

/// Version 1: the council's records. Version 2: the postcode directory and
/// look-up indexes. Version 3: panel referrals and decisions. Version 4:
/// saved what-if scenarios.
pub const MIGRATION_SQL: &[&str] = &[
    // ---- version 1 ----
    r#"
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE cost_rates (
    category          TEXT NOT NULL CONSTRAINT cost_rate_category_known CHECK (category IN (
        'in_house_fostering','ifa_fostering','kinship','own_residential','external_residential',
        'supported_accommodation','secure','with_parents','other')),
    financial_year    INTEGER NOT NULL CONSTRAINT cost_rate_year_plausible CHECK (financial_year BETWEEN 1990 AND 2100),
    weekly_cost_pence INTEGER NOT NULL CONSTRAINT cost_not_negative CHECK (weekly_cost_pence >= 0),
    source            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (category, financial_year)
) STRICT;

CREATE TABLE children (
    id               TEXT PRIMARY KEY NOT NULL CONSTRAINT reference_length CHECK (length(id) BETWEEN 1 AND 20),
    name             TEXT NOT NULL CONSTRAINT name_present CHECK (length(trim(name)) > 0),
    date_of_birth    TEXT NOT NULL CONSTRAINT date_of_birth_is_date CHECK (date(date_of_birth) IS date_of_birth),
    sex              TEXT NOT NULL CONSTRAINT sex_known CHECK (sex IN ('1','2')),
    legal_status     TEXT NOT NULL,
    category_of_need TEXT NOT NULL,
    disability       INTEGER NOT NULL CHECK (disability IN (0,1)),
    sibling_group    TEXT,
    home_postcode    TEXT,
    status           TEXT NOT NULL CONSTRAINT child_status_known CHECK (status IN ('looked_after','awaiting_placement','left_care')),
    entered_care     TEXT NOT NULL CONSTRAINT entered_care_is_date CHECK (date(entered_care) IS entered_care),
    left_care        TEXT CONSTRAINT left_care_is_date CHECK (left_care IS NULL OR date(left_care) IS left_care),
    CONSTRAINT entered_after_birth CHECK (entered_care >= date_of_birth),
    CONSTRAINT left_after_entering CHECK (left_care IS NULL OR left_care >= entered_care)
) STRICT;

CREATE TABLE carers (
    id                TEXT PRIMARY KEY NOT NULL CONSTRAINT reference_length CHECK (length(id) BETWEEN 1 AND 20),
    name              TEXT NOT NULL CONSTRAINT name_present CHECK (length(trim(name)) > 0),
    sector            TEXT NOT NULL CONSTRAINT carer_sector_known CHECK (sector IN ('in_house','ifa','kinship')),
    agency            TEXT,
    approved_places   INTEGER NOT NULL CONSTRAINT places_not_negative CHECK (approved_places >= 0),
    age_min           INTEGER NOT NULL,
    age_max           INTEGER NOT NULL,
    takes_siblings    INTEGER NOT NULL CHECK (takes_siblings IN (0,1)),
    specialisms       TEXT NOT NULL DEFAULT '',
    postcode          TEXT,
    weekly_cost_pence INTEGER NOT NULL CONSTRAINT cost_not_negative CHECK (weekly_cost_pence >= 0),
    status            TEXT NOT NULL CONSTRAINT carer_status_known CHECK (status IN ('active','on_hold','resigned')),
    approval_date     TEXT NOT NULL CONSTRAINT approval_date_is_date CHECK (date(approval_date) IS approval_date),
    ended_on          TEXT CONSTRAINT ended_on_is_date CHECK (ended_on IS NULL OR date(ended_on) IS ended_on),
    CONSTRAINT ended_after_approval CHECK (ended_on IS NULL OR ended_on >= approval_date),
    CONSTRAINT age_range_valid CHECK (age_min BETWEEN 0 AND 17 AND age_max BETWEEN age_min AND 17),
    CONSTRAINT ifa_has_agency CHECK (sector <> 'ifa' OR length(trim(coalesce(agency, ''))) > 0)
) STRICT;

CREATE TABLE homes (
    id                        TEXT PRIMARY KEY NOT NULL CONSTRAINT reference_length CHECK (length(id) BETWEEN 1 AND 20),
    name                      TEXT NOT NULL CONSTRAINT name_present CHECK (length(trim(name)) > 0),
    provider                  TEXT NOT NULL,
    sector                    TEXT NOT NULL CONSTRAINT home_sector_known CHECK (sector IN ('own_council','private','voluntary')),
    ofsted_urn                TEXT,
    registered_beds           INTEGER NOT NULL CONSTRAINT beds_not_negative CHECK (registered_beds >= 0),
    age_min                   INTEGER NOT NULL,
    age_max                   INTEGER NOT NULL,
    postcode                  TEXT,
    weekly_cost_per_bed_pence INTEGER NOT NULL CONSTRAINT cost_not_negative CHECK (weekly_cost_per_bed_pence >= 0),
    closed_on                 TEXT CONSTRAINT closed_on_is_date CHECK (closed_on IS NULL OR date(closed_on) IS closed_on),
    CONSTRAINT age_range_valid CHECK (age_min BETWEEN 0 AND 17 AND age_max BETWEEN age_min AND 17)
) STRICT;

CREATE TABLE placements (
    id                INTEGER PRIMARY KEY,
    child_id          TEXT NOT NULL REFERENCES children(id) ON DELETE RESTRICT,
    carer_id          TEXT REFERENCES carers(id) ON DELETE RESTRICT,
    home_id           TEXT REFERENCES homes(id) ON DELETE RESTRICT,
    postcode          TEXT,
    start_date        TEXT NOT NULL CONSTRAINT start_is_date CHECK (date(start_date) IS start_date),
    end_date          TEXT CONSTRAINT end_is_date CHECK (end_date IS NULL OR date(end_date) IS end_date),
    weekly_cost_pence INTEGER NOT NULL CONSTRAINT cost_not_negative CHECK (weekly_cost_pence >= 0),
    place_code        TEXT NOT NULL,
    provider_code     TEXT CONSTRAINT provider_known CHECK (provider_code IS NULL OR provider_code IN ('PR0','PR1','PR2','PR3','PR4','PR5')),
    reason_for_change TEXT,
    CONSTRAINT end_not_before_start CHECK (end_date IS NULL OR end_date >= start_date),
    CONSTRAINT one_setting CHECK (carer_id IS NULL OR home_id IS NULL)
) STRICT;
"#,
    // ---- version 2 ----
    r#"
CREATE TABLE postcodes (
    postcode    TEXT PRIMARY KEY NOT NULL,
    easting     INTEGER,
    northing    INTEGER,
    latitude    REAL,
    longitude   REAL,
    la_code     TEXT,
    county_code TEXT
) STRICT;

CREATE INDEX placements_by_child ON placements(child_id, start_date);
CREATE INDEX placements_by_carer ON placements(carer_id) WHERE carer_id IS NOT NULL;
CREATE INDEX placements_by_home ON placements(home_id) WHERE home_id IS NOT NULL;
"#,
    // ---- version 3: the resource panel ----
    r#"
CREATE TABLE referrals (
    id                  INTEGER PRIMARY KEY,
    child_id            TEXT NOT NULL REFERENCES children(id) ON DELETE RESTRICT,
    received            TEXT NOT NULL CONSTRAINT received_is_date CHECK (date(received) IS received),
    sibling_group_size  INTEGER NOT NULL CONSTRAINT sibling_group_size_plausible CHECK (sibling_group_size BETWEEN 1 AND 8),
    disability          INTEGER NOT NULL CHECK (disability IN (0,1)),
    specialisms_needed  TEXT NOT NULL DEFAULT '',
    must_stay_near_home INTEGER NOT NULL CHECK (must_stay_near_home IN (0,1)),
    risk_flags          TEXT NOT NULL DEFAULT '',
    urgency             TEXT NOT NULL CONSTRAINT urgency_known CHECK (urgency IN ('planned','emergency')),
    latest_start        TEXT NOT NULL CONSTRAINT latest_start_is_date CHECK (date(latest_start) IS latest_start),
    notes               TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE decisions (
    id                INTEGER PRIMARY KEY,
    referral_id       INTEGER NOT NULL REFERENCES referrals(id) ON DELETE RESTRICT,
    meeting_date      TEXT NOT NULL CONSTRAINT meeting_date_is_date CHECK (date(meeting_date) IS meeting_date),
    outcome           TEXT NOT NULL CONSTRAINT outcome_known CHECK (outcome IN ('placed','deferred','declined')),
    carer_id          TEXT REFERENCES carers(id) ON DELETE RESTRICT,
    home_id           TEXT REFERENCES homes(id) ON DELETE RESTRICT,
    start_date        TEXT CONSTRAINT start_is_date CHECK (start_date IS NULL OR date(start_date) IS start_date),
    weekly_cost_pence INTEGER CONSTRAINT cost_not_negative CHECK (weekly_cost_pence IS NULL OR weekly_cost_pence >= 0),
    placement_id      INTEGER REFERENCES placements(id) ON DELETE RESTRICT,
    rationale         TEXT NOT NULL CONSTRAINT rationale_present CHECK (length(trim(rationale)) > 0),
    attendees         TEXT NOT NULL DEFAULT '',
    corrects          INTEGER REFERENCES decisions(id) ON DELETE RESTRICT,
    recorded_at       TEXT NOT NULL,
    CONSTRAINT placed_has_provider CHECK (outcome <> 'placed' OR (
        (carer_id IS NULL) <> (home_id IS NULL) AND start_date IS NOT NULL AND weekly_cost_pence IS NOT NULL))
) STRICT;

CREATE INDEX referrals_by_child ON referrals(child_id);
CREATE INDEX decisions_by_referral ON decisions(referral_id);

CREATE TRIGGER decisions_are_never_edited BEFORE UPDATE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'a panel decision is never edited: record a correction instead');
END;
CREATE TRIGGER decisions_are_never_deleted BEFORE DELETE ON decisions
BEGIN
    SELECT RAISE(ABORT, 'a panel decision is never deleted: record a correction instead');
END;
"#,
    // ---- version 4: saved what-if scenarios ----
    r#"
CREATE TABLE scenarios (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL COLLATE NOCASE UNIQUE
                         CONSTRAINT scenario_name_length CHECK (length(name) BETWEEN 1 AND 80 AND name = trim(name)),
    notes                TEXT NOT NULL DEFAULT ''
                         CONSTRAINT scenario_notes_length CHECK (length(notes) <= 4000),
    levers_json          TEXT NOT NULL
                         CONSTRAINT scenario_levers_are_json CHECK (
                             CASE WHEN json_valid(levers_json) THEN json_type(levers_json) = 'object' ELSE 0 END),
    start_date           TEXT NOT NULL
                         CONSTRAINT scenario_start_is_date CHECK (date(start_date) IS start_date),
    reference_months     INTEGER NOT NULL
                         CONSTRAINT scenario_reference_months_range CHECK (reference_months BETWEEN 1 AND 120),
    baseline_fingerprint TEXT NOT NULL
                         CONSTRAINT scenario_fingerprint_is_sha256 CHECK (
                             length(baseline_fingerprint) = 64 AND baseline_fingerprint NOT GLOB '*[^0-9a-f]*'),
    saved_at             TEXT NOT NULL
                         CONSTRAINT scenario_saved_at_present CHECK (length(saved_at) > 0)
) STRICT;
"#,
];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    MIGRATION_SQL.len()
}

/// Sentences for the named CHECK constraints above, for error messages.
pub fn explain_constraint(name: &str) -> Option<&'static str> {
    Some(match name {
        "reference_length" => "the reference must be 1 to 20 characters",
        "name_present" => "the name must not be blank",
        "date_of_birth_is_date"
        | "entered_care_is_date"
        | "left_care_is_date"
        | "approval_date_is_date"
        | "ended_on_is_date"
        | "closed_on_is_date"
        | "start_is_date"
        | "end_is_date" => "a date is not a real calendar date",
        "sex_known" => "the sex must be 1 (male) or 2 (female)",
        "child_status_known" => "the child's status is not one the planner knows",
        "entered_after_birth" => "a child cannot enter care before being born",
        "left_after_entering" => "a child cannot leave care before entering it",
        "carer_sector_known" => "the carer's sector must be in-house, IFA or kinship",
        "places_not_negative" => "approved places cannot be negative",
        "cost_not_negative" => "a weekly cost cannot be negative",
        "carer_status_known" => "the carer's status must be active, on hold or resigned",
        "age_range_valid" => "the age range must lie within 0 to 17, youngest first",
        "ended_after_approval" => "a household cannot resign before being approved",
        "ifa_has_agency" => "an IFA household needs its agency's name",
        "home_sector_known" => "the home's sector must be own council, private or voluntary",
        "beds_not_negative" => "registered beds cannot be negative",
        "end_not_before_start" => "a placement cannot end before it starts",
        "one_setting" => "a placement is with a carer or in a home, not both",
        "provider_known" => "the placement provider must be PR0 to PR5",
        "received_is_date" | "latest_start_is_date" | "meeting_date_is_date" => {
            "a date is not a real calendar date"
        }
        "sibling_group_size_plausible" => "a sibling group to place together is 1 to 8 children",
        "urgency_known" => "the urgency must be planned or emergency",
        "outcome_known" => "the outcome must be placed, deferred or declined",
        "rationale_present" => "record the reason for the decision",
        "placed_has_provider" => {
            "a placement decision names one carer household or home, a start date and a weekly cost"
        }
        "cost_rate_category_known" => "the cost rate's category is not one the planner knows",
        "cost_rate_year_plausible" => "the financial year must be between 1990 and 2100",
        "scenario_name_length" => {
            "a scenario's name must be 1 to 80 characters, with no spaces at either end"
        }
        "scenario_notes_length" => "a scenario's notes can be at most 4,000 characters",
        "scenario_levers_are_json" => {
            "the scenario's levers are not in a form the planner can read"
        }
        "scenario_start_is_date" => "the scenario's start is not a real calendar date",
        "scenario_reference_months_range" => "the reference period must be 1 to 120 months",
        "scenario_fingerprint_is_sha256" => {
            "the scenario's baseline fingerprint must be 64 lower-case hexadecimal digits"
        }
        "scenario_saved_at_present" => "the time the scenario was saved is missing",
        _ => return None,
    })
}
