//! A plain PDF page writer for reports: A4, DejaVu Sans embedded (so every
//! name prints as written), lines of text with simple wrapping and page
//! breaks, table rows and horizontal bar charts. Built on krilla.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};
use krilla::Document;

const REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

const A4_WIDTH: f32 = 595.0;
const A4_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;
/// The width between the margins.
pub const TEXT_WIDTH: f32 = A4_WIDTH - 2.0 * MARGIN;

const TEXT_SIZE: f32 = 9.5;
const LINE_HEIGHT: f32 = TEXT_SIZE * 1.35;
/// The height of a line of text or a table row.
pub const ROW_HEIGHT: f32 = LINE_HEIGHT;
/// The height of a heading, with the space above it.
pub const HEADING_HEIGHT: f32 = 6.0 + 11.0 * 1.35;

/// One line of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Title(String),
    Heading(String),
    Text(String),
    /// Vertical space.
    Gap,
    /// One row of a table, at the size of text.
    Row(TableRow),
    /// A horizontal bar chart.
    Chart(BarChart),
    /// Starts a new page unless this many points remain on this one, so a
    /// table that follows is not split.
    KeepTogether(f32),
}

/// A table row: the first cell left-aligned at the margin, the others
/// right-aligned at the right edge of their columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub cells: Vec<String>,
    /// Each column's width in points, left to right, from the margin.
    pub widths: Vec<f32>,
    pub bold: bool,
}

/// A horizontal bar chart: one bar a row, its label on the left and its
/// value written after it, on a scale from 0 to `max`.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub bars: Vec<Bar>,
    pub max: f64,
    /// Written after each value and on the scale (`%`).
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Drawn dark (the council's own figure) rather than light (a benchmark).
    pub emphasis: bool,
}

const CHART_LABEL_WIDTH: f32 = 190.0;
const CHART_BAR_WIDTH: f32 = 250.0;
const BAR_PITCH: f32 = 15.0;
const BAR_HEIGHT: f32 = 10.0;

impl BarChart {
    /// The height the chart takes: its title, the bars and the scale.
    fn height(&self) -> f32 {
        LINE_HEIGHT + 4.0 + self.bars.len() as f32 * BAR_PITCH + LINE_HEIGHT
    }
}

/// Splits `text` into lines of at most `width` characters at spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// The width of `text` in DejaVu Sans at `size`, close enough to
/// right-align figures: digits, `£`, `%`, separators and spaces are exact
/// (DejaVu Sans advance widths), letters are taken at an average width.
pub fn approx_text_width(text: &str, size: f32, bold: bool) -> f32 {
    // Advance widths in font units (2,048 to the em).
    let units: f32 = text
        .chars()
        .map(|c| match (c, bold) {
            ('0'..='9' | '£', false) => 1303.0,
            ('0'..='9' | '£', true) => 1425.0,
            (',' | '.' | ' ', false) => 651.0,
            (',' | '.', true) => 780.0,
            (' ', true) => 713.0,
            ('%', false) => 1946.0,
            ('%', true) => 2052.0,
            ('-', _) => 739.0,
            ('–', _) => 1024.0,
            ('(' | ')', _) => 799.0,
            (c, _) if c.is_uppercase() => 1434.0,
            _ => 1188.0,
        })
        .sum();
    units / 2048.0 * size
}

/// Something laid out on a page: text at a baseline, or a filled
/// rectangle.
enum Item {
    Text {
        x: f32,
        y: f32,
        bold: bool,
        size: f32,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: (u8, u8, u8),
    },
}

/// Lays the lines out on pages: each page's items, top to bottom.
fn layout(lines: &[Line]) -> Vec<Vec<Item>> {
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = MARGIN;
    // Starts a new page when `height` more would run past the bottom margin.
    let room = |pages: &mut Vec<Vec<Item>>, y: &mut f32, height: f32| {
        if *y + height > A4_HEIGHT - MARGIN {
            pages.push(Vec::new());
            *y = MARGIN;
        }
    };
    let push = |pages: &mut Vec<Vec<Item>>, item: Item| {
        if let Some(page) = pages.last_mut() {
            page.push(item);
        }
    };
    for line in lines {
        let (bold, size, chars, before, text) = match line {
            Line::Title(t) => (true, 16.0, 60, 0.0, t),
            Line::Heading(t) => (true, 11.0, 85, 6.0, t),
            Line::Text(t) => (false, TEXT_SIZE, 100, 0.0, t),
            Line::Gap => {
                y += 8.0;
                continue;
            }
            Line::KeepTogether(height) => {
                room(&mut pages, &mut y, *height);
                continue;
            }
            Line::Row(row) => {
                room(&mut pages, &mut y, LINE_HEIGHT);
                y += LINE_HEIGHT;
                let mut x = MARGIN;
                for (i, (cell, width)) in row.cells.iter().zip(&row.widths).enumerate() {
                    let at = if i == 0 {
                        x
                    } else {
                        x + width - approx_text_width(cell, TEXT_SIZE, row.bold)
                    };
                    push(
                        &mut pages,
                        Item::Text {
                            x: at,
                            y,
                            bold: row.bold,
                            size: TEXT_SIZE,
                            text: cell.clone(),
                        },
                    );
                    x += width;
                }
                continue;
            }
            Line::Chart(chart) => {
                room(&mut pages, &mut y, chart.height());
                chart_items(chart, y, &mut |item| push(&mut pages, item));
                y += chart.height();
                continue;
            }
        };
        y += before;
        for part in wrap(text, chars) {
            let height = size * 1.35;
            room(&mut pages, &mut y, height);
            y += height;
            push(
                &mut pages,
                Item::Text {
                    x: MARGIN,
                    y,
                    bold,
                    size,
                    text: part,
                },
            );
        }
    }
    pages
}

/// The chart's title, bars, values and scale, from `top` down.
fn chart_items(chart: &BarChart, top: f32, push: &mut dyn FnMut(Item)) {
    let mut y = top + LINE_HEIGHT;
    push(Item::Text {
        x: MARGIN,
        y,
        bold: true,
        size: TEXT_SIZE,
        text: chart.title.clone(),
    });
    y += 4.0;
    let x0 = MARGIN + CHART_LABEL_WIDTH;
    let scale = if chart.max > 0.0 {
        CHART_BAR_WIDTH as f64 / chart.max
    } else {
        0.0
    };
    let bars_top = y;
    for bar in &chart.bars {
        let w = (bar.value.clamp(0.0, chart.max) * scale) as f32;
        let baseline = y + BAR_HEIGHT - 1.5;
        push(Item::Text {
            x: MARGIN,
            y: baseline,
            bold: bar.emphasis,
            size: 8.5,
            text: bar.label.clone(),
        });
        push(Item::Rect {
            x: x0,
            y: y + (BAR_PITCH - BAR_HEIGHT) / 2.0 - 2.0,
            w: w.max(0.5),
            h: BAR_HEIGHT,
            colour: if bar.emphasis {
                (31, 78, 121)
            } else {
                (157, 195, 230)
            },
        });
        push(Item::Text {
            x: x0 + w + 4.0,
            y: baseline,
            bold: bar.emphasis,
            size: 8.5,
            text: format!("{:.1}{}", bar.value, chart.unit),
        });
        y += BAR_PITCH;
    }
    // The axis and the scale beneath it, in quarters.
    push(Item::Rect {
        x: x0 - 0.5,
        y: bars_top - 2.0,
        w: 0.75,
        h: y - bars_top + 2.0,
        colour: (0, 0, 0),
    });
    for q in 0..=4 {
        let v = chart.max * f64::from(q) / 4.0;
        let label = format!("{v:.0}{}", chart.unit);
        let x = x0 + (v * scale) as f32 - approx_text_width(&label, 7.5, false) / 2.0;
        push(Item::Text {
            x,
            y: y + 8.0,
            bold: false,
            size: 7.5,
            text: label,
        });
    }
}

/// Lays the lines out on as many A4 pages as they need, numbered.
pub fn render(lines: &[Line]) -> Result<Vec<u8>, super::ExportError> {
    render_pages(lines).map_err(super::ExportError::Pdf)
}

/// [`render`], failing with the reason in words.
fn render_pages(lines: &[Line]) -> Result<Vec<u8>, String> {
    let regular =
        Font::new(REGULAR.to_vec().into(), 0).ok_or("the bundled font could not be read")?;
    let bold =
        Font::new(BOLD.to_vec().into(), 0).ok_or("the bundled bold font could not be read")?;
    // Lay out first, so every page can say "page n of m".
    let pages = layout(lines);
    let mut document = Document::new();
    let total = pages.len();
    for (n, items) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT).ok_or("bad page size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for item in items {
            match item {
                Item::Text {
                    x,
                    y,
                    bold: is_bold,
                    size,
                    text,
                } => {
                    surface.set_fill(None);
                    let font = if is_bold {
                        bold.clone()
                    } else {
                        regular.clone()
                    };
                    surface.draw_text(
                        Point::from_xy(x, y),
                        font,
                        size,
                        &text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Item::Rect { x, y, w, h, colour } => {
                    let Some(rect) = Rect::from_xywh(x, y, w, h) else {
                        continue;
                    };
                    let mut builder = PathBuilder::new();
                    builder.push_rect(rect);
                    let Some(path) = builder.finish() else {
                        continue;
                    };
                    surface.set_fill(Some(Fill {
                        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                        ..Fill::default()
                    }));
                    surface.draw_path(&path);
                }
            }
        }
        surface.set_fill(None);
        surface.draw_text(
            Point::from_xy(MARGIN, A4_HEIGHT - MARGIN / 2.0),
            regular.clone(),
            8.0,
            &format!("Page {} of {total}", n + 1),
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| format!("the PDF could not be written: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn a_chart_that_does_not_fit_starts_a_page() {
        let chart = BarChart {
            title: "t".into(),
            bars: (0..10)
                .map(|i| Bar {
                    label: format!("bar {i}"),
                    value: f64::from(i),
                    emphasis: i == 0,
                })
                .collect(),
            max: 10.0,
            unit: "%".into(),
        };
        // 55 lines of text fill 55 × 12.825 = 705 pt of the 742.
        let mut lines: Vec<Line> = (0..55).map(|i| Line::Text(format!("{i}"))).collect();
        lines.push(Line::Chart(chart.clone()));
        let pages = layout(&lines);
        assert_eq!(pages.len(), 2);
        // Title, 10 × (label, bar, value), the axis and 5 scale labels.
        assert_eq!(pages[1].len(), 1 + 30 + 1 + 5);
        assert_eq!(layout(&[Line::Chart(chart)]).len(), 1);
    }

    #[test]
    fn figures_are_right_aligned_by_their_width() {
        assert!((approx_text_width("100", 10.0, false) - 19.087).abs() < 1e-3);
        assert!(approx_text_width("£1,234", 10.0, true) > approx_text_width("£1,234", 10.0, false));
    }
}
