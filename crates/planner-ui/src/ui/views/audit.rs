//! The Audit view: who changed what and when, newest first, from the audit
//! trail the database keeps by itself (triggers on every audited table; the
//! trail cannot be edited). Filter by table and by typing (a person, a
//! reference, a value); click a row to see every field before and after.

use super::super::app::ViewContext;
use super::super::file_picker::FilePurpose;
use super::super::table::{col, num, Cell, ColumnSpec, Row, TableState};
use super::filter_combo;
use crate::store::{AuditEntry, AUDITED_TABLES};

const COLUMNS: [ColumnSpec; 6] = [
    num("#", 60.0),
    col("When", 170.0),
    col("Who", 120.0),
    col("What", 90.0),
    col("Record", 200.0),
    col("Changes", 600.0),
];

#[derive(Default)]
pub struct AuditView {
    pub table: TableState,
    /// Only this table's changes ("" for all).
    table_filter: &'static str,
    built_for: Option<(u64, &'static str)>,
}

fn when(e: &AuditEntry) -> String {
    crate::format::local_time_seconds_text(e.at)
}

/// "status: left_care (was looked_after); name: …" without the time and person.
fn changes(e: &AuditEntry) -> String {
    e.changed_fields()
        .into_iter()
        .map(|(name, before, after)| {
            let show = |v: Option<serde_json::Value>| match v {
                None | Some(serde_json::Value::Null) => "(blank)".to_string(),
                Some(serde_json::Value::String(s)) => s,
                Some(other) => other.to_string(),
            };
            match e.action {
                crate::store::AuditAction::Update => {
                    format!("{name}: {} (was {})", show(after), show(before))
                }
                crate::store::AuditAction::Insert => format!("{name}: {}", show(after)),
                crate::store::AuditAction::Delete => format!("{name}: {}", show(before)),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl AuditView {
    fn rebuild(&mut self, ctx: &ViewContext<'_>) {
        let rows = ctx
            .records
            .audit
            .iter()
            .filter(|e| self.table_filter.is_empty() || e.table == self.table_filter)
            .map(|e| {
                Row::new(
                    e.id.to_string(),
                    vec![
                        Cell::number(e.id.to_string(), e.id),
                        Cell::number(when(e), e.id),
                        Cell::text(&e.who),
                        Cell::text(e.action.label()),
                        Cell::text(format!("{} {}", e.table, e.key)),
                        Cell::text(changes(e)),
                    ],
                )
            })
            .collect();
        self.table.set_rows(rows);
        if self.built_for.is_none() {
            // Newest first.
            self.table.sort_column = 0;
            self.table.ascending = false;
            self.table.refresh();
        }
        self.built_for = Some((ctx.records.generation, self.table_filter));
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &mut ViewContext<'_>) {
        if self.built_for != Some((ctx.records.generation, self.table_filter)) {
            self.rebuild(ctx);
        }
        ui.heading("Audit trail");
        ui.label(format!(
            "Every addition, change and deletion of children, carers, homes, placements, \
             referrals, panel decisions, settings and cost rates, with when and who. The \
             database records it itself and refuses any edit of it. Showing the latest {} \
             entries; `placement-planner audit` lists and exports them all.",
            ctx.records.audit.len()
        ));
        ui.horizontal(|ui| {
            let mut options: Vec<(&'static str, &str)> = vec![("", "All records")];
            options.extend(AUDITED_TABLES.iter().map(|t| (*t, *t)));
            filter_combo(ui, "Record type:", &mut self.table_filter, &options);
            self.table.filter_ui(ui, "a person, a reference, a value…");
            ui.label(format!("{} shown", self.table.shown()));
            if ui
                .button("Export all as CSV…")
                .on_hover_text(
                    "Every entry, with names and references as recorded: keep the file inside \
                     the council",
                )
                .clicked()
            {
                *ctx.file_request = Some(FilePurpose::ExportAudit);
            }
        });
        let clicked = self.table.table_ui(ui, "audit", &COLUMNS);
        if let Some(id) = clicked.or_else(|| self.table.selected.clone()) {
            if let Some(e) = ctx.records.audit.iter().find(|e| e.id.to_string() == id) {
                ui.separator();
                ui.strong(format!(
                    "#{} {} {} {} by {} on {}",
                    e.id,
                    e.action.label(),
                    e.table,
                    e.key,
                    e.who,
                    when(e)
                ));
                ui.label(changes(e));
            }
        }
    }
}
