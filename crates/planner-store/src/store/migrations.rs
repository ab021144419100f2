//! Versioned schema migrations. Never edit a released migration: add a new one.

use rusqlite_migration::{Migrations, M};

/// Version 1: the council's records. Version 2: the postcode directory and
/// look-up indexes. Version 3: panel referrals and decisions. Version 4:
/// saved what-if scenarios. Version 5: the audit trail (`audit_log`, filled
/// by triggers; see `store::audit`). Version 6: a child's earlier periods of
/// care (`care_periods`, audited) and the SSDA903 returns imported
/// (`ssda903_returns`, `ssda903_return_children`).
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
    // ---- version 5: the audit trail (generated by store::audit from its column
    // lists; a unit test there proves this text is what it generates) ----
    r#"
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    table_name  TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    action      TEXT NOT NULL CONSTRAINT audit_action_known CHECK (action IN ('insert','update','delete')),
    before_json TEXT,
    after_json  TEXT
) STRICT;

CREATE INDEX audit_log_by_row ON audit_log(table_name, row_key);
CREATE INDEX audit_log_by_time ON audit_log(at);

CREATE TRIGGER audit_log_is_never_edited BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;
CREATE TRIGGER audit_log_is_never_deleted BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

-- Who is making the change: one row, written by the app at the start of each
-- of its write transactions and deleted before the commit.
CREATE TABLE audit_actor (
    id   INTEGER PRIMARY KEY CONSTRAINT audit_actor_single_row CHECK (id = 1),
    name TEXT NOT NULL
) STRICT;

-- children
CREATE TRIGGER audit_children_insert AFTER INSERT ON children
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'children', NEW.id, 'insert',
            NULL,
            json_object('id', NEW.id, 'name', NEW.name, 'date_of_birth', NEW.date_of_birth, 'sex', NEW.sex, 'legal_status', NEW.legal_status, 'category_of_need', NEW.category_of_need, 'disability', NEW.disability, 'sibling_group', NEW.sibling_group, 'home_postcode', NEW.home_postcode, 'status', NEW.status, 'entered_care', NEW.entered_care, 'left_care', NEW.left_care));
END;
CREATE TRIGGER audit_children_update AFTER UPDATE ON children
WHEN (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.date_of_birth IS NOT NEW.date_of_birth OR OLD.sex IS NOT NEW.sex OR OLD.legal_status IS NOT NEW.legal_status OR OLD.category_of_need IS NOT NEW.category_of_need OR OLD.disability IS NOT NEW.disability OR OLD.sibling_group IS NOT NEW.sibling_group OR OLD.home_postcode IS NOT NEW.home_postcode OR OLD.status IS NOT NEW.status OR OLD.entered_care IS NOT NEW.entered_care OR OLD.left_care IS NOT NEW.left_care)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'children', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'date_of_birth', OLD.date_of_birth, 'sex', OLD.sex, 'legal_status', OLD.legal_status, 'category_of_need', OLD.category_of_need, 'disability', OLD.disability, 'sibling_group', OLD.sibling_group, 'home_postcode', OLD.home_postcode, 'status', OLD.status, 'entered_care', OLD.entered_care, 'left_care', OLD.left_care),
            json_object('id', NEW.id, 'name', NEW.name, 'date_of_birth', NEW.date_of_birth, 'sex', NEW.sex, 'legal_status', NEW.legal_status, 'category_of_need', NEW.category_of_need, 'disability', NEW.disability, 'sibling_group', NEW.sibling_group, 'home_postcode', NEW.home_postcode, 'status', NEW.status, 'entered_care', NEW.entered_care, 'left_care', NEW.left_care));
END;
CREATE TRIGGER audit_children_delete AFTER DELETE ON children
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'children', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'date_of_birth', OLD.date_of_birth, 'sex', OLD.sex, 'legal_status', OLD.legal_status, 'category_of_need', OLD.category_of_need, 'disability', OLD.disability, 'sibling_group', OLD.sibling_group, 'home_postcode', OLD.home_postcode, 'status', OLD.status, 'entered_care', OLD.entered_care, 'left_care', OLD.left_care),
            NULL);
END;

-- carers
CREATE TRIGGER audit_carers_insert AFTER INSERT ON carers
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'carers', NEW.id, 'insert',
            NULL,
            json_object('id', NEW.id, 'name', NEW.name, 'sector', NEW.sector, 'agency', NEW.agency, 'approved_places', NEW.approved_places, 'age_min', NEW.age_min, 'age_max', NEW.age_max, 'takes_siblings', NEW.takes_siblings, 'specialisms', NEW.specialisms, 'postcode', NEW.postcode, 'weekly_cost_pence', NEW.weekly_cost_pence, 'status', NEW.status, 'approval_date', NEW.approval_date, 'ended_on', NEW.ended_on));
END;
CREATE TRIGGER audit_carers_update AFTER UPDATE ON carers
WHEN (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.sector IS NOT NEW.sector OR OLD.agency IS NOT NEW.agency OR OLD.approved_places IS NOT NEW.approved_places OR OLD.age_min IS NOT NEW.age_min OR OLD.age_max IS NOT NEW.age_max OR OLD.takes_siblings IS NOT NEW.takes_siblings OR OLD.specialisms IS NOT NEW.specialisms OR OLD.postcode IS NOT NEW.postcode OR OLD.weekly_cost_pence IS NOT NEW.weekly_cost_pence OR OLD.status IS NOT NEW.status OR OLD.approval_date IS NOT NEW.approval_date OR OLD.ended_on IS NOT NEW.ended_on)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'carers', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'sector', OLD.sector, 'agency', OLD.agency, 'approved_places', OLD.approved_places, 'age_min', OLD.age_min, 'age_max', OLD.age_max, 'takes_siblings', OLD.takes_siblings, 'specialisms', OLD.specialisms, 'postcode', OLD.postcode, 'weekly_cost_pence', OLD.weekly_cost_pence, 'status', OLD.status, 'approval_date', OLD.approval_date, 'ended_on', OLD.ended_on),
            json_object('id', NEW.id, 'name', NEW.name, 'sector', NEW.sector, 'agency', NEW.agency, 'approved_places', NEW.approved_places, 'age_min', NEW.age_min, 'age_max', NEW.age_max, 'takes_siblings', NEW.takes_siblings, 'specialisms', NEW.specialisms, 'postcode', NEW.postcode, 'weekly_cost_pence', NEW.weekly_cost_pence, 'status', NEW.status, 'approval_date', NEW.approval_date, 'ended_on', NEW.ended_on));
END;
CREATE TRIGGER audit_carers_delete AFTER DELETE ON carers
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'carers', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'sector', OLD.sector, 'agency', OLD.agency, 'approved_places', OLD.approved_places, 'age_min', OLD.age_min, 'age_max', OLD.age_max, 'takes_siblings', OLD.takes_siblings, 'specialisms', OLD.specialisms, 'postcode', OLD.postcode, 'weekly_cost_pence', OLD.weekly_cost_pence, 'status', OLD.status, 'approval_date', OLD.approval_date, 'ended_on', OLD.ended_on),
            NULL);
END;

-- homes
CREATE TRIGGER audit_homes_insert AFTER INSERT ON homes
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'homes', NEW.id, 'insert',
            NULL,
            json_object('id', NEW.id, 'name', NEW.name, 'provider', NEW.provider, 'sector', NEW.sector, 'ofsted_urn', NEW.ofsted_urn, 'registered_beds', NEW.registered_beds, 'age_min', NEW.age_min, 'age_max', NEW.age_max, 'postcode', NEW.postcode, 'weekly_cost_per_bed_pence', NEW.weekly_cost_per_bed_pence, 'closed_on', NEW.closed_on));
END;
CREATE TRIGGER audit_homes_update AFTER UPDATE ON homes
WHEN (OLD.id IS NOT NEW.id OR OLD.name IS NOT NEW.name OR OLD.provider IS NOT NEW.provider OR OLD.sector IS NOT NEW.sector OR OLD.ofsted_urn IS NOT NEW.ofsted_urn OR OLD.registered_beds IS NOT NEW.registered_beds OR OLD.age_min IS NOT NEW.age_min OR OLD.age_max IS NOT NEW.age_max OR OLD.postcode IS NOT NEW.postcode OR OLD.weekly_cost_per_bed_pence IS NOT NEW.weekly_cost_per_bed_pence OR OLD.closed_on IS NOT NEW.closed_on)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'homes', NEW.id, 'update',
            json_object('id', OLD.id, 'name', OLD.name, 'provider', OLD.provider, 'sector', OLD.sector, 'ofsted_urn', OLD.ofsted_urn, 'registered_beds', OLD.registered_beds, 'age_min', OLD.age_min, 'age_max', OLD.age_max, 'postcode', OLD.postcode, 'weekly_cost_per_bed_pence', OLD.weekly_cost_per_bed_pence, 'closed_on', OLD.closed_on),
            json_object('id', NEW.id, 'name', NEW.name, 'provider', NEW.provider, 'sector', NEW.sector, 'ofsted_urn', NEW.ofsted_urn, 'registered_beds', NEW.registered_beds, 'age_min', NEW.age_min, 'age_max', NEW.age_max, 'postcode', NEW.postcode, 'weekly_cost_per_bed_pence', NEW.weekly_cost_per_bed_pence, 'closed_on', NEW.closed_on));
END;
CREATE TRIGGER audit_homes_delete AFTER DELETE ON homes
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'homes', OLD.id, 'delete',
            json_object('id', OLD.id, 'name', OLD.name, 'provider', OLD.provider, 'sector', OLD.sector, 'ofsted_urn', OLD.ofsted_urn, 'registered_beds', OLD.registered_beds, 'age_min', OLD.age_min, 'age_max', OLD.age_max, 'postcode', OLD.postcode, 'weekly_cost_per_bed_pence', OLD.weekly_cost_per_bed_pence, 'closed_on', OLD.closed_on),
            NULL);
END;

-- placements
CREATE TRIGGER audit_placements_insert AFTER INSERT ON placements
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(NEW.id AS TEXT), 'insert',
            NULL,
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'postcode', NEW.postcode, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'place_code', NEW.place_code, 'provider_code', NEW.provider_code, 'reason_for_change', NEW.reason_for_change));
END;
CREATE TRIGGER audit_placements_update AFTER UPDATE ON placements
WHEN (OLD.id IS NOT NEW.id OR OLD.child_id IS NOT NEW.child_id OR OLD.carer_id IS NOT NEW.carer_id OR OLD.home_id IS NOT NEW.home_id OR OLD.postcode IS NOT NEW.postcode OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date OR OLD.weekly_cost_pence IS NOT NEW.weekly_cost_pence OR OLD.place_code IS NOT NEW.place_code OR OLD.provider_code IS NOT NEW.provider_code OR OLD.reason_for_change IS NOT NEW.reason_for_change)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(NEW.id AS TEXT), 'update',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'postcode', OLD.postcode, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'place_code', OLD.place_code, 'provider_code', OLD.provider_code, 'reason_for_change', OLD.reason_for_change),
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'postcode', NEW.postcode, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'place_code', NEW.place_code, 'provider_code', NEW.provider_code, 'reason_for_change', NEW.reason_for_change));
END;
CREATE TRIGGER audit_placements_delete AFTER DELETE ON placements
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(OLD.id AS TEXT), 'delete',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'postcode', OLD.postcode, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'place_code', OLD.place_code, 'provider_code', OLD.provider_code, 'reason_for_change', OLD.reason_for_change),
            NULL);
END;

-- referrals
CREATE TRIGGER audit_referrals_insert AFTER INSERT ON referrals
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'referrals', CAST(NEW.id AS TEXT), 'insert',
            NULL,
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'received', NEW.received, 'sibling_group_size', NEW.sibling_group_size, 'disability', NEW.disability, 'specialisms_needed', NEW.specialisms_needed, 'must_stay_near_home', NEW.must_stay_near_home, 'risk_flags', NEW.risk_flags, 'urgency', NEW.urgency, 'latest_start', NEW.latest_start, 'notes', NEW.notes));
END;
CREATE TRIGGER audit_referrals_update AFTER UPDATE ON referrals
WHEN (OLD.id IS NOT NEW.id OR OLD.child_id IS NOT NEW.child_id OR OLD.received IS NOT NEW.received OR OLD.sibling_group_size IS NOT NEW.sibling_group_size OR OLD.disability IS NOT NEW.disability OR OLD.specialisms_needed IS NOT NEW.specialisms_needed OR OLD.must_stay_near_home IS NOT NEW.must_stay_near_home OR OLD.risk_flags IS NOT NEW.risk_flags OR OLD.urgency IS NOT NEW.urgency OR OLD.latest_start IS NOT NEW.latest_start OR OLD.notes IS NOT NEW.notes)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'referrals', CAST(NEW.id AS TEXT), 'update',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'received', OLD.received, 'sibling_group_size', OLD.sibling_group_size, 'disability', OLD.disability, 'specialisms_needed', OLD.specialisms_needed, 'must_stay_near_home', OLD.must_stay_near_home, 'risk_flags', OLD.risk_flags, 'urgency', OLD.urgency, 'latest_start', OLD.latest_start, 'notes', OLD.notes),
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'received', NEW.received, 'sibling_group_size', NEW.sibling_group_size, 'disability', NEW.disability, 'specialisms_needed', NEW.specialisms_needed, 'must_stay_near_home', NEW.must_stay_near_home, 'risk_flags', NEW.risk_flags, 'urgency', NEW.urgency, 'latest_start', NEW.latest_start, 'notes', NEW.notes));
END;
CREATE TRIGGER audit_referrals_delete AFTER DELETE ON referrals
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'referrals', CAST(OLD.id AS TEXT), 'delete',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'received', OLD.received, 'sibling_group_size', OLD.sibling_group_size, 'disability', OLD.disability, 'specialisms_needed', OLD.specialisms_needed, 'must_stay_near_home', OLD.must_stay_near_home, 'risk_flags', OLD.risk_flags, 'urgency', OLD.urgency, 'latest_start', OLD.latest_start, 'notes', OLD.notes),
            NULL);
END;

-- decisions
CREATE TRIGGER audit_decisions_insert AFTER INSERT ON decisions
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'decisions', CAST(NEW.id AS TEXT), 'insert',
            NULL,
            json_object('id', NEW.id, 'referral_id', NEW.referral_id, 'meeting_date', NEW.meeting_date, 'outcome', NEW.outcome, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'start_date', NEW.start_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'placement_id', NEW.placement_id, 'rationale', NEW.rationale, 'attendees', NEW.attendees, 'corrects', NEW.corrects, 'recorded_at', NEW.recorded_at));
END;
CREATE TRIGGER audit_decisions_update AFTER UPDATE ON decisions
WHEN (OLD.id IS NOT NEW.id OR OLD.referral_id IS NOT NEW.referral_id OR OLD.meeting_date IS NOT NEW.meeting_date OR OLD.outcome IS NOT NEW.outcome OR OLD.carer_id IS NOT NEW.carer_id OR OLD.home_id IS NOT NEW.home_id OR OLD.start_date IS NOT NEW.start_date OR OLD.weekly_cost_pence IS NOT NEW.weekly_cost_pence OR OLD.placement_id IS NOT NEW.placement_id OR OLD.rationale IS NOT NEW.rationale OR OLD.attendees IS NOT NEW.attendees OR OLD.corrects IS NOT NEW.corrects OR OLD.recorded_at IS NOT NEW.recorded_at)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'decisions', CAST(NEW.id AS TEXT), 'update',
            json_object('id', OLD.id, 'referral_id', OLD.referral_id, 'meeting_date', OLD.meeting_date, 'outcome', OLD.outcome, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'start_date', OLD.start_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'placement_id', OLD.placement_id, 'rationale', OLD.rationale, 'attendees', OLD.attendees, 'corrects', OLD.corrects, 'recorded_at', OLD.recorded_at),
            json_object('id', NEW.id, 'referral_id', NEW.referral_id, 'meeting_date', NEW.meeting_date, 'outcome', NEW.outcome, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'start_date', NEW.start_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'placement_id', NEW.placement_id, 'rationale', NEW.rationale, 'attendees', NEW.attendees, 'corrects', NEW.corrects, 'recorded_at', NEW.recorded_at));
END;
CREATE TRIGGER audit_decisions_delete AFTER DELETE ON decisions
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'decisions', CAST(OLD.id AS TEXT), 'delete',
            json_object('id', OLD.id, 'referral_id', OLD.referral_id, 'meeting_date', OLD.meeting_date, 'outcome', OLD.outcome, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'start_date', OLD.start_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'placement_id', OLD.placement_id, 'rationale', OLD.rationale, 'attendees', OLD.attendees, 'corrects', OLD.corrects, 'recorded_at', OLD.recorded_at),
            NULL);
END;

-- settings
CREATE TRIGGER audit_settings_insert AFTER INSERT ON settings
WHEN NEW.key <> 'pseudonym_salt'
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'settings', NEW.key, 'insert',
            NULL,
            json_object('key', NEW.key, 'value', NEW.value));
END;
CREATE TRIGGER audit_settings_update AFTER UPDATE ON settings
WHEN (OLD.key IS NOT NEW.key OR OLD.value IS NOT NEW.value) AND OLD.key <> 'pseudonym_salt' AND NEW.key <> 'pseudonym_salt'
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'settings', NEW.key, 'update',
            json_object('key', OLD.key, 'value', OLD.value),
            json_object('key', NEW.key, 'value', NEW.value));
END;
CREATE TRIGGER audit_settings_delete AFTER DELETE ON settings
WHEN OLD.key <> 'pseudonym_salt'
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'settings', OLD.key, 'delete',
            json_object('key', OLD.key, 'value', OLD.value),
            NULL);
END;

-- cost_rates
CREATE TRIGGER audit_cost_rates_insert AFTER INSERT ON cost_rates
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'cost_rates', NEW.category || '/' || NEW.financial_year, 'insert',
            NULL,
            json_object('category', NEW.category, 'financial_year', NEW.financial_year, 'weekly_cost_pence', NEW.weekly_cost_pence, 'source', NEW.source));
END;
CREATE TRIGGER audit_cost_rates_update AFTER UPDATE ON cost_rates
WHEN (OLD.category IS NOT NEW.category OR OLD.financial_year IS NOT NEW.financial_year OR OLD.weekly_cost_pence IS NOT NEW.weekly_cost_pence OR OLD.source IS NOT NEW.source)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'cost_rates', NEW.category || '/' || NEW.financial_year, 'update',
            json_object('category', OLD.category, 'financial_year', OLD.financial_year, 'weekly_cost_pence', OLD.weekly_cost_pence, 'source', OLD.source),
            json_object('category', NEW.category, 'financial_year', NEW.financial_year, 'weekly_cost_pence', NEW.weekly_cost_pence, 'source', NEW.source));
END;
CREATE TRIGGER audit_cost_rates_delete AFTER DELETE ON cost_rates
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'cost_rates', OLD.category || '/' || OLD.financial_year, 'delete',
            json_object('category', OLD.category, 'financial_year', OLD.financial_year, 'weekly_cost_pence', OLD.weekly_cost_pence, 'source', OLD.source),
            NULL);
END;
"#,
    // ---- version 6: periods of care and the returns imported ----
    r#"
-- A child's periods of care before the current one (the current one is
-- children.entered_care to children.left_care). Each ended.
CREATE TABLE care_periods (
    child_id TEXT NOT NULL REFERENCES children(id) ON DELETE CASCADE ON UPDATE CASCADE,
    started  TEXT NOT NULL CONSTRAINT started_is_date CHECK (date(started) IS started),
    ended    TEXT NOT NULL CONSTRAINT ended_is_date CHECK (date(ended) IS ended),
    CONSTRAINT period_ends_after_it_starts CHECK (ended >= started),
    PRIMARY KEY (child_id, started)
) STRICT;

-- Periods already in the file: a child's placements fall into chains, each
-- placement starting no later than the chains' reach so far; a chain that
-- ended before the child's current period began is an earlier period.
WITH ordered AS (
    SELECT id, child_id, start_date, end_date,
           max(coalesce(end_date, '9999-12-31')) OVER (
               PARTITION BY child_id ORDER BY start_date, id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM placements
), chained AS (
    SELECT child_id, start_date, end_date,
           sum(CASE WHEN reach IS NULL OR reach < start_date THEN 1 ELSE 0 END) OVER (
               PARTITION BY child_id ORDER BY start_date, id
               ROWS UNBOUNDED PRECEDING) AS chain
    FROM ordered
), periods AS (
    SELECT child_id, min(start_date) AS started,
           CASE WHEN count(*) = count(end_date) THEN max(end_date) END AS ended
    FROM chained GROUP BY child_id, chain
)
INSERT INTO care_periods (child_id, started, ended)
SELECT p.child_id, p.started, p.ended
FROM periods p JOIN children c ON c.id = p.child_id
WHERE p.ended IS NOT NULL AND p.started < c.entered_care AND p.ended <= c.entered_care;

-- care_periods (generated by store::audit like version 5's triggers)
CREATE TRIGGER audit_care_periods_insert AFTER INSERT ON care_periods
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'care_periods', NEW.child_id || '/' || NEW.started, 'insert',
            NULL,
            json_object('child_id', NEW.child_id, 'started', NEW.started, 'ended', NEW.ended));
END;
CREATE TRIGGER audit_care_periods_update AFTER UPDATE ON care_periods
WHEN (OLD.child_id IS NOT NEW.child_id OR OLD.started IS NOT NEW.started OR OLD.ended IS NOT NEW.ended)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'care_periods', NEW.child_id || '/' || NEW.started, 'update',
            json_object('child_id', OLD.child_id, 'started', OLD.started, 'ended', OLD.ended),
            json_object('child_id', NEW.child_id, 'started', NEW.started, 'ended', NEW.ended));
END;
CREATE TRIGGER audit_care_periods_delete AFTER DELETE ON care_periods
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'care_periods', OLD.child_id || '/' || OLD.started, 'delete',
            json_object('child_id', OLD.child_id, 'started', OLD.started, 'ended', OLD.ended),
            NULL);
END;

-- The SSDA903 returns imported, by collection year (2025 is 2025-26), and
-- the children each held: when the next year's return comes in, a child
-- the last one held with an episode still open, and the new one does not
-- hold, left care at the end of the last one.
CREATE TABLE ssda903_returns (
    collection_year INTEGER PRIMARY KEY
                    CONSTRAINT return_year_plausible CHECK (collection_year BETWEEN 1990 AND 2099),
    imported_at     TEXT NOT NULL,
    header_file     TEXT NOT NULL,
    episodes_file   TEXT NOT NULL
) STRICT;

CREATE TABLE ssda903_return_children (
    collection_year INTEGER NOT NULL REFERENCES ssda903_returns(collection_year) ON DELETE CASCADE,
    child_id        TEXT NOT NULL,
    PRIMARY KEY (collection_year, child_id)
) STRICT, WITHOUT ROWID;
"#,
    // ---- version 7: a cost not known is not zero; fee changes ----
    r#"
-- SSDA903 returns hold no costs. Up to version 6 the importer wrote a cost
-- into every placement it made: the council's rate for the category when one
-- existed at import time, else 0. An imported placement never has a carer or
-- a home (a return names neither), so a placement with neither whose cost is
-- 0 or exactly one of the council's rates is taken to be imported and its
-- cost becomes not known (NULL): it is costed from the rates from now on
-- (src/costing.rs), at the same rate where one exists. Every other cost was
-- entered (a form, a template, a panel decision) and is kept.
CREATE TABLE placement_costs_v6 (
    id                INTEGER PRIMARY KEY,
    weekly_cost_pence INTEGER NOT NULL
) STRICT;
INSERT INTO placement_costs_v6 (id, weekly_cost_pence)
SELECT id, weekly_cost_pence FROM placements
 WHERE carer_id IS NOT NULL OR home_id IS NOT NULL
    OR (weekly_cost_pence > 0
        AND weekly_cost_pence NOT IN (SELECT weekly_cost_pence FROM cost_rates));

DROP TRIGGER audit_placements_insert;
DROP TRIGGER audit_placements_update;
DROP TRIGGER audit_placements_delete;
ALTER TABLE placements DROP COLUMN weekly_cost_pence;
ALTER TABLE placements ADD COLUMN weekly_cost_pence INTEGER
    CONSTRAINT cost_not_negative CHECK (weekly_cost_pence IS NULL OR weekly_cost_pence >= 0);
-- Later prices (fee uplifts) as a JSON list of {"from": date, "weekly": pence}.
ALTER TABLE placements ADD COLUMN fee_changes_json TEXT
    CONSTRAINT fee_changes_are_json CHECK (fee_changes_json IS NULL OR json_valid(fee_changes_json));
UPDATE placements SET weekly_cost_pence =
    (SELECT c.weekly_cost_pence FROM placement_costs_v6 c WHERE c.id = placements.id);
DROP TABLE placement_costs_v6;

-- placements
CREATE TRIGGER audit_placements_insert AFTER INSERT ON placements
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(NEW.id AS TEXT), 'insert',
            NULL,
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'postcode', NEW.postcode, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'place_code', NEW.place_code, 'provider_code', NEW.provider_code, 'reason_for_change', NEW.reason_for_change, 'fee_changes_json', NEW.fee_changes_json));
END;
CREATE TRIGGER audit_placements_update AFTER UPDATE ON placements
WHEN (OLD.id IS NOT NEW.id OR OLD.child_id IS NOT NEW.child_id OR OLD.carer_id IS NOT NEW.carer_id OR OLD.home_id IS NOT NEW.home_id OR OLD.postcode IS NOT NEW.postcode OR OLD.start_date IS NOT NEW.start_date OR OLD.end_date IS NOT NEW.end_date OR OLD.weekly_cost_pence IS NOT NEW.weekly_cost_pence OR OLD.place_code IS NOT NEW.place_code OR OLD.provider_code IS NOT NEW.provider_code OR OLD.reason_for_change IS NOT NEW.reason_for_change OR OLD.fee_changes_json IS NOT NEW.fee_changes_json)
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(NEW.id AS TEXT), 'update',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'postcode', OLD.postcode, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'place_code', OLD.place_code, 'provider_code', OLD.provider_code, 'reason_for_change', OLD.reason_for_change, 'fee_changes_json', OLD.fee_changes_json),
            json_object('id', NEW.id, 'child_id', NEW.child_id, 'carer_id', NEW.carer_id, 'home_id', NEW.home_id, 'postcode', NEW.postcode, 'start_date', NEW.start_date, 'end_date', NEW.end_date, 'weekly_cost_pence', NEW.weekly_cost_pence, 'place_code', NEW.place_code, 'provider_code', NEW.provider_code, 'reason_for_change', NEW.reason_for_change, 'fee_changes_json', NEW.fee_changes_json));
END;
CREATE TRIGGER audit_placements_delete AFTER DELETE ON placements
BEGIN
    INSERT INTO audit_log (at, who, table_name, row_key, action, before_json, after_json)
    VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
            coalesce((SELECT name FROM audit_actor WHERE id = 1), 'outside placement-planner'),
            'placements', CAST(OLD.id AS TEXT), 'delete',
            json_object('id', OLD.id, 'child_id', OLD.child_id, 'carer_id', OLD.carer_id, 'home_id', OLD.home_id, 'postcode', OLD.postcode, 'start_date', OLD.start_date, 'end_date', OLD.end_date, 'weekly_cost_pence', OLD.weekly_cost_pence, 'place_code', OLD.place_code, 'provider_code', OLD.provider_code, 'reason_for_change', OLD.reason_for_change, 'fee_changes_json', OLD.fee_changes_json),
            NULL);
END;
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
        "audit_action_known" => "an audit entry's action must be insert, update or delete",
        "audit_actor_single_row" => "the audit trail has one current user name",
        "started_is_date" | "ended_is_date" => "a date is not a real calendar date",
        "period_ends_after_it_starts" => "a period of care cannot end before it starts",
        "return_year_plausible" => "a return's collection year must be between 1990-91 and 2099-00",
        _ => return None,
    })
}
