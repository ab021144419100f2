//! The audit trail's entries: one change to one row of the council's
//! records, with when, who and the row before and after. The store writes
//! and reads them (its triggers, `planner-store`'s `store::audit`); the
//! window and `report::audit` show them.

use jiff::Timestamp;
use serde_json::Value;

/// The names of the audited tables, for a filter's choices.
pub const AUDITED_TABLES: &[&str] = &[
    "children",
    "carers",
    "homes",
    "placements",
    "referrals",
    "decisions",
    "settings",
    "cost_rates",
    "care_periods",
];

/// Each audited table's columns in schema order, as the audit triggers
/// first wrote them; an entry lists its fields in this order. Columns added
/// by later migrations are not here: they come after these, A to Z.
pub mod columns {
    pub const CHILDREN: &[&str] = &[
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
    pub const CARERS: &[&str] = &[
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
        "weekly_cost_pence",
        "status",
        "approval_date",
        "ended_on",
    ];
    pub const HOMES: &[&str] = &[
        "id",
        "name",
        "provider",
        "sector",
        "ofsted_urn",
        "registered_beds",
        "age_min",
        "age_max",
        "postcode",
        "weekly_cost_per_bed_pence",
        "closed_on",
    ];
    pub const PLACEMENTS: &[&str] = &[
        "id",
        "child_id",
        "carer_id",
        "home_id",
        "postcode",
        "start_date",
        "end_date",
        "weekly_cost_pence",
        "place_code",
        "provider_code",
        "reason_for_change",
    ];
    pub const REFERRALS: &[&str] = &[
        "id",
        "child_id",
        "received",
        "sibling_group_size",
        "disability",
        "specialisms_needed",
        "must_stay_near_home",
        "risk_flags",
        "urgency",
        "latest_start",
        "notes",
    ];
    pub const DECISIONS: &[&str] = &[
        "id",
        "referral_id",
        "meeting_date",
        "outcome",
        "carer_id",
        "home_id",
        "start_date",
        "weekly_cost_pence",
        "placement_id",
        "rationale",
        "attendees",
        "corrects",
        "recorded_at",
    ];
    pub const SETTINGS: &[&str] = &["key", "value"];
    pub const COST_RATES: &[&str] = &["category", "financial_year", "weekly_cost_pence", "source"];
    pub const CARE_PERIODS: &[&str] = &["child_id", "started", "ended"];
}

/// The columns of an audited table in schema order (see [`columns`]);
/// none for a table that is not audited.
pub fn audited_columns(table: &str) -> &'static [&'static str] {
    match table {
        "children" => columns::CHILDREN,
        "carers" => columns::CARERS,
        "homes" => columns::HOMES,
        "placements" => columns::PLACEMENTS,
        "referrals" => columns::REFERRALS,
        "decisions" => columns::DECISIONS,
        "settings" => columns::SETTINGS,
        "cost_rates" => columns::COST_RATES,
        "care_periods" => columns::CARE_PERIODS,
        _ => &[],
    }
}

/// The stored form of an audit time: RFC 3339, UTC, to the millisecond,
/// as the triggers write it ("2025-06-01T09:05:03.125Z"), so text order is
/// time order.
pub fn stored_time(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What happened to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    Insert,
    Update,
    Delete,
}

impl AuditAction {
    pub const ALL: [AuditAction; 3] = [
        AuditAction::Insert,
        AuditAction::Update,
        AuditAction::Delete,
    ];

    /// The code stored in `audit_log.action`.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Insert => "insert",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
        }
    }

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// In words, for a list: "added", "changed", "deleted".
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::Insert => "added",
            AuditAction::Update => "changed",
            AuditAction::Delete => "deleted",
        }
    }
}

/// One change to one row.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    /// Increases with every entry: the order changes were made in.
    pub id: i64,
    /// When, to the millisecond (UTC).
    pub at: Timestamp,
    pub who: String,
    /// The table changed, e.g. "children" (see [`AUDITED_TABLES`]).
    pub table: String,
    /// The row's key: the reference or number; "key" for settings;
    /// "category/year" for cost rates.
    pub key: String,
    pub action: AuditAction,
    /// The row before (update, delete) as a JSON object of its columns.
    pub before: Option<Value>,
    /// The row after (insert, update).
    pub after: Option<Value>,
}

impl AuditEntry {
    /// The fields and their values before and after: for an update only the
    /// fields that differ; for an insert every field (before `None`); for a
    /// delete every field (after `None`). In the table's column order.
    pub fn changed_fields(&self) -> Vec<(String, Option<Value>, Option<Value>)> {
        let empty = serde_json::Map::new();
        let before = self.before.as_ref().and_then(Value::as_object);
        let after = self.after.as_ref().and_then(Value::as_object);
        let mut names: Vec<&String> = before
            .unwrap_or(&empty)
            .keys()
            .chain(after.unwrap_or(&empty).keys())
            .collect();
        let order = audited_columns(&self.table);
        let rank = |n: &str| order.iter().position(|c| *c == n).unwrap_or(usize::MAX);
        names.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| {
                let b = before.and_then(|m| m.get(n)).cloned();
                let a = after.and_then(|m| m.get(n)).cloned();
                let keep = match self.action {
                    AuditAction::Update => b != a,
                    AuditAction::Insert | AuditAction::Delete => true,
                };
                keep.then(|| (n.clone(), b, a))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_audited_table_has_its_columns() {
        for t in AUDITED_TABLES {
            assert!(!audited_columns(t).is_empty(), "{t}");
        }
        assert!(audited_columns("postcodes").is_empty());
    }

    #[test]
    fn stored_times_sort_as_text() {
        let t: Timestamp = "2025-06-01T09:05:03Z".parse().unwrap();
        assert_eq!(stored_time(t), "2025-06-01T09:05:03.000Z");
        let t: Timestamp = "2025-06-01T09:05:03.25Z".parse().unwrap();
        assert_eq!(stored_time(t), "2025-06-01T09:05:03.250Z");
    }

    #[test]
    fn fields_come_in_column_order_and_later_columns_last() {
        let e = AuditEntry {
            id: 1,
            at: "2025-06-01T09:05:03Z".parse().unwrap(),
            who: "pat".into(),
            table: "placements".into(),
            key: "7".into(),
            action: AuditAction::Update,
            before: Some(serde_json::json!({
                "fee_changes_json": "[]", "end_date": null, "id": 7, "child_id": "C1"
            })),
            after: Some(serde_json::json!({
                "fee_changes_json": "[1]", "end_date": "2025-06-01", "id": 7, "child_id": "C1"
            })),
        };
        let names: Vec<String> = e.changed_fields().into_iter().map(|(n, _, _)| n).collect();
        assert_eq!(names, ["end_date", "fee_changes_json"]);
    }
}
