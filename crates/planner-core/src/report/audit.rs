//! `audit`: the audit trail as text for people (one line per change) and as
//! CSV for export.

use crate::model::audit::{stored_time, AuditAction, AuditEntry};
use serde_json::Value;

/// One line per entry, in the order given (the store gives newest first),
/// or "No audit entries match." when there are none.
pub fn to_text(entries: &[AuditEntry]) -> String {
    if entries.is_empty() {
        return "No audit entries match.\n".to_string();
    }
    entries.iter().map(|e| line(e) + "\n").collect()
}

/// One entry on one line: when (in this computer's time zone, as the window
/// shows moments, with the seconds), who, what was done to which row, and
/// the fields: "01/06/2025 15:03:07  alice  changed children C001: status
/// \"looked_after\" → \"left_care\"; …". Control characters in a name, key
/// or value are written as `\u{1b}`, so a value never moves the terminal.
pub fn line(e: &AuditEntry) -> String {
    let fields: Vec<String> = e
        .changed_fields()
        .into_iter()
        .map(|(name, b, a)| match e.action {
            AuditAction::Update => {
                format!("{name} {} → {}", show(b.as_ref()), show(a.as_ref()))
            }
            AuditAction::Insert => format!("{name} {}", show(a.as_ref())),
            AuditAction::Delete => format!("{name} {}", show(b.as_ref())),
        })
        .collect();
    format!(
        "{}  {}  {} {} {}: {}",
        crate::format::local_time_seconds_text(e.at),
        escape_controls(&e.who),
        e.action.label(),
        e.table,
        escape_controls(&e.key),
        fields.join("; ")
    )
}

/// The entries as CSV for export: one row per entry with `id`, `at`, `who`,
/// `table`, `key`, `action`, `changed` (the names of the changed fields,
/// "; " between) and the row `before` and `after` as JSON.
///
/// Unlike the text, `at` keeps the machine form, RFC 3339 in UTC to the
/// millisecond ("2025-06-01T14:03:07.125Z", as the database stores it), so
/// an export reads the same whichever computer wrote it and sorts as text.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record([
        "id", "at", "who", "table", "key", "action", "changed", "before", "after",
    ]);
    for e in entries {
        let changed: Vec<String> = e.changed_fields().into_iter().map(|(n, _, _)| n).collect();
        let json = |v: &Option<Value>| v.as_ref().map(Value::to_string).unwrap_or_default();
        let _ = w.write_record([
            e.id.to_string(),
            stored_time(e.at),
            crate::spreadsheet::csv_text(&e.who),
            e.table.clone(),
            crate::spreadsheet::csv_text(&e.key),
            e.action.code().to_string(),
            changed.join("; "),
            json(&e.before),
            json(&e.after),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `s` with control characters (escape codes, NUL) written as `\u{1b}`.
fn escape_controls(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(blank)".into(),
        // Control characters escaped: a value never moves the terminal.
        Some(Value::String(s)) => format!("\"{}\"", escape_controls(s)),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry() -> AuditEntry {
        AuditEntry {
            id: 42,
            at: "2025-06-01T14:03:07.125Z".parse().unwrap(),
            who: "alice".into(),
            table: "children".into(),
            key: "C001".into(),
            action: AuditAction::Update,
            before: Some(json!({"id": "C001", "status": "looked_after", "left_care": null})),
            after: Some(json!({"id": "C001", "status": "left_care", "left_care": "2025-05-31"})),
        }
    }

    /// The line's time is the window's (local, dd/mm/yyyy) with the
    /// seconds; the zone is this computer's, so the exact hour is checked
    /// by `tests/audit.rs`, which runs the command line in a set zone.
    #[test]
    fn a_line_reads_when_who_what_and_the_fields() {
        let e = entry();
        let text = line(&e);
        let when = crate::format::local_time_seconds_text(e.at);
        assert_eq!(when.len(), "01/06/2025 15:03:07".len());
        assert!(when.ends_with(":07"), "{when}");
        assert_eq!(
            text,
            format!(
                "{when}  alice  changed children C001: status \"looked_after\" → \"left_care\"; \
                 left_care (blank) → \"2025-05-31\""
            )
        );
        assert!(!text.contains("UTC"));
        assert_eq!(to_text(&[e.clone(), e]).lines().count(), 2);
        assert_eq!(to_text(&[]), "No audit entries match.\n");
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let mut e = entry();
        e.who = "bob\u{1b}[2J".into();
        e.action = AuditAction::Insert;
        e.before = None;
        e.after = Some(json!({"id": "C\u{0}1"}));
        let text = line(&e);
        assert!(!text.contains('\u{1b}') && !text.contains('\u{0}'));
        assert!(
            text.contains("  bob\\u{1b}[2J  added children C001: id \"C\\u{0}1\""),
            "{text}"
        );
    }

    #[test]
    fn the_csv_keeps_the_time_in_utc_to_the_millisecond() {
        let mut e = entry();
        e.who = "=cmd".into();
        let text = to_csv(&[e]);
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(&rows[0][0], "42");
        assert_eq!(&rows[0][1], "2025-06-01T14:03:07.125Z");
        // A formula is defused for a spreadsheet.
        assert_eq!(&rows[0][2], "'=cmd");
        assert_eq!(&rows[0][5], "update");
        assert_eq!(&rows[0][6], "status; left_care");
        assert_eq!(to_csv(&[]).lines().count(), 1);
    }
}
