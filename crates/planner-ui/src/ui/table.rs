//! A sortable, filterable, virtualised table of cached rows.
//!
//! Views turn their records into [`Row`]s once per change; sorting and
//! filtering work on a cached `Vec<usize>` of row indices; only visible rows
//! are drawn (egui_extras `body.rows`).

use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;

/// A cell's text and how it sorts.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub key: SortKey,
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    Text(String),
    Number(i64),
    /// Missing values sort last either way.
    Missing,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell {
            key: SortKey::Text(text.to_lowercase()),
            text,
        }
    }

    pub fn number(text: impl Into<String>, key: i64) -> Cell {
        Cell {
            text: text.into(),
            key: SortKey::Number(key),
        }
    }

    pub fn missing(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            key: SortKey::Missing,
        }
    }
}

pub struct Row {
    /// The record's reference, handed back when the row is clicked.
    pub id: String,
    pub cells: Vec<Cell>,
    /// Lower-case text the filter box searches.
    pub search: String,
}

impl Row {
    pub fn new(id: impl Into<String>, cells: Vec<Cell>) -> Row {
        let search = cells
            .iter()
            .map(|c| c.text.to_lowercase())
            .collect::<Vec<_>>()
            .join("\u{1f}");
        Row {
            id: id.into(),
            cells,
            search,
        }
    }
}

pub struct ColumnSpec {
    pub title: &'static str,
    pub width: f32,
    /// Numbers read better right-aligned.
    pub numeric: bool,
}

pub const fn col(title: &'static str, width: f32) -> ColumnSpec {
    ColumnSpec {
        title,
        width,
        numeric: false,
    }
}

pub const fn num(title: &'static str, width: f32) -> ColumnSpec {
    ColumnSpec {
        title,
        width,
        numeric: true,
    }
}

/// Sort, filter and selection of one table, plus its cached rows.
pub struct TableState {
    pub rows: Vec<Row>,
    /// Indices into `rows` after filtering and sorting.
    pub order: Vec<usize>,
    pub filter: String,
    pub sort_column: usize,
    pub ascending: bool,
    pub selected: Option<String>,
    applied_filter: String,
}

impl Default for TableState {
    fn default() -> Self {
        TableState {
            rows: Vec::new(),
            order: Vec::new(),
            filter: String::new(),
            sort_column: 0,
            ascending: true,
            selected: None,
            applied_filter: String::new(),
        }
    }
}

impl TableState {
    /// Replaces the rows (after the records changed) and re-applies sort and
    /// filter.
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        self.rows = rows;
        self.refresh();
    }

    /// Recomputes `order` from the filter text and the sort column.
    pub fn refresh(&mut self) {
        let needle = self.filter.trim().to_lowercase();
        let words: Vec<&str> = needle.split_whitespace().collect();
        self.order = (0..self.rows.len())
            .filter(|&i| words.iter().all(|w| self.rows[i].search.contains(w)))
            .collect();
        let col = self.sort_column;
        let ascending = self.ascending;
        let rows = &self.rows;
        self.order.sort_by(|&a, &b| {
            let ka = rows[a].cells.get(col).map(|c| &c.key);
            let kb = rows[b].cells.get(col).map(|c| &c.key);
            compare_keys(ka, kb, ascending).then_with(|| rows[a].id.cmp(&rows[b].id))
        });
        self.applied_filter = self.filter.clone();
    }

    /// Clicking a header sorts by it; clicking again reverses.
    pub fn sort_by(&mut self, column: usize) {
        if self.sort_column == column {
            self.ascending = !self.ascending;
        } else {
            self.sort_column = column;
            self.ascending = true;
        }
        self.refresh();
    }

    pub fn shown(&self) -> usize {
        self.order.len()
    }

    /// The filter box; returns nothing, re-filters when the text changes.
    pub fn filter_ui(&mut self, ui: &mut egui::Ui, hint: &str) {
        let label = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text(hint)
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        if !self.filter.is_empty() && ui.small_button("Clear").clicked() {
            self.filter.clear();
        }
        if self.filter != self.applied_filter {
            self.refresh();
        }
    }

    /// Draws the table; returns the id of a row the user clicked.
    pub fn table_ui(
        &mut self,
        ui: &mut egui::Ui,
        id_salt: &str,
        columns: &[ColumnSpec],
    ) -> Option<String> {
        let mut clicked = None;
        let mut sort_request = None;
        // The columns may be wider than the space left beside a detail
        // panel: scroll sideways inside our own rectangle rather than draw
        // over the panel.
        egui::ScrollArea::horizontal()
            .id_salt((id_salt, "hscroll"))
            .show(ui, |ui| {
                self.draw_table(ui, id_salt, columns, &mut clicked, &mut sort_request)
            });
        if let Some(i) = sort_request {
            self.sort_by(i);
        }
        if let Some(id) = &clicked {
            self.selected = Some(id.clone());
        }
        clicked
    }

    fn draw_table(
        &self,
        ui: &mut egui::Ui,
        id_salt: &str,
        columns: &[ColumnSpec],
        clicked: &mut Option<String>,
        sort_request: &mut Option<usize>,
    ) {
        let row_height = 20.0;
        let mut builder = TableBuilder::new(ui)
            .id_salt(id_salt)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
        for (i, c) in columns.iter().enumerate() {
            let column = if i + 1 == columns.len() {
                Column::remainder().at_least(c.width)
            } else {
                Column::initial(c.width).at_least(40.0).clip(true)
            };
            builder = builder.column(column);
        }
        builder
            .header(24.0, |mut header| {
                for (i, c) in columns.iter().enumerate() {
                    header.col(|ui| {
                        let arrow = if self.sort_column == i {
                            if self.ascending {
                                " ⏶"
                            } else {
                                " ⏷"
                            }
                        } else {
                            ""
                        };
                        let r = ui.add(
                            egui::Button::new(
                                egui::RichText::new(format!("{}{arrow}", c.title)).strong(),
                            )
                            .frame(false),
                        );
                        if r.on_hover_text("Sort by this column").clicked() {
                            *sort_request = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(row_height, self.order.len(), |mut row| {
                    let data = &self.rows[self.order[row.index()]];
                    row.set_selected(self.selected.as_deref() == Some(data.id.as_str()));
                    for (i, cell) in data.cells.iter().enumerate() {
                        let numeric = columns.get(i).is_some_and(|c| c.numeric);
                        row.col(|ui| {
                            if numeric {
                                ui.with_layout(
                                    egui::Layout::right_to_left(egui::Align::Center),
                                    |ui| {
                                        ui.add(
                                            egui::Label::new(&cell.text)
                                                .selectable(false)
                                                .truncate(),
                                        );
                                    },
                                );
                            } else {
                                ui.add(egui::Label::new(&cell.text).selectable(false).truncate());
                            }
                        });
                    }
                    if row.response().clicked() {
                        *clicked = Some(data.id.clone());
                    }
                });
            });
    }
}

fn compare_keys(a: Option<&SortKey>, b: Option<&SortKey>, ascending: bool) -> Ordering {
    use SortKey::*;
    match (a, b) {
        (Some(Missing), Some(Missing)) | (None, None) => Ordering::Equal,
        (Some(Missing), _) | (None, _) => Ordering::Greater,
        (_, Some(Missing)) | (_, None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let o = match (x, y) {
                (Number(p), Number(q)) => p.cmp(q),
                (Text(p), Text(q)) => p.cmp(q),
                (Number(_), Text(_)) => Ordering::Less,
                _ => Ordering::Greater,
            };
            if ascending {
                o
            } else {
                o.reverse()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            Row::new("A", vec![Cell::text("Smith"), Cell::number("£450", 45_000)]),
            Row::new("B", vec![Cell::text("jones"), Cell::missing("not known")]),
            Row::new(
                "C",
                vec![Cell::text("Khan"), Cell::number("£1,050", 105_000)],
            ),
        ]
    }

    fn ids(t: &TableState) -> Vec<&str> {
        t.order.iter().map(|&i| t.rows[i].id.as_str()).collect()
    }

    #[test]
    fn sorts_and_reverses_with_missing_last() {
        let mut t = TableState::default();
        t.set_rows(rows());
        assert_eq!(ids(&t), ["B", "C", "A"]); // jones, khan, smith (case-insensitive)
        t.sort_by(1);
        assert_eq!(ids(&t), ["A", "C", "B"]);
        t.sort_by(1);
        assert_eq!(ids(&t), ["C", "A", "B"]);
    }

    #[test]
    fn filter_matches_every_word_in_any_cell() {
        let mut t = TableState::default();
        t.set_rows(rows());
        t.filter = "KHAN 1,050".into();
        t.refresh();
        assert_eq!(ids(&t), ["C"]);
        t.filter = "khan smith".into();
        t.refresh();
        assert!(ids(&t).is_empty());
    }
}
