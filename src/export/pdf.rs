//! A plain PDF page writer for reports: A4, DejaVu Sans embedded (so every
//! name prints as written), lines of text with simple wrapping and page
//! breaks. Built on krilla.

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const A4_WIDTH: f32 = 595.0;
const A4_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 50.0;

/// One line of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Title(String),
    Heading(String),
    Text(String),
    /// Vertical space.
    Gap,
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

/// Lays the lines out on as many A4 pages as they need, numbered.
pub fn render(lines: &[Line]) -> Result<Vec<u8>, String> {
    let regular =
        Font::new(REGULAR.to_vec().into(), 0).ok_or("the bundled font could not be read")?;
    let bold =
        Font::new(BOLD.to_vec().into(), 0).ok_or("the bundled bold font could not be read")?;
    // Lay out first, so every page can say "page n of m".
    let mut pages: Vec<Vec<(f32, Font, f32, String)>> = vec![Vec::new()];
    let mut y = MARGIN;
    for line in lines {
        let (font, size, chars, before) = match line {
            Line::Title(_) => (bold.clone(), 16.0, 60, 0.0),
            Line::Heading(_) => (bold.clone(), 11.0, 85, 6.0),
            Line::Text(_) => (regular.clone(), 9.5, 100, 0.0),
            Line::Gap => {
                y += 8.0;
                continue;
            }
        };
        let text = match line {
            Line::Title(t) | Line::Heading(t) | Line::Text(t) => t,
            Line::Gap => unreachable!("handled above"),
        };
        y += before;
        for part in wrap(text, chars) {
            let height = size * 1.35;
            if y + height > A4_HEIGHT - MARGIN {
                pages.push(Vec::new());
                y = MARGIN;
            }
            y += height;
            if let Some(page) = pages.last_mut() {
                page.push((y, font.clone(), size, part));
            }
        }
    }
    let mut document = Document::new();
    let total = pages.len();
    for (n, items) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT).ok_or("bad page size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for (y, font, size, text) in items {
            surface.draw_text(
                Point::from_xy(MARGIN, y),
                font,
                size,
                &text,
                false,
                TextDirection::Auto,
            );
        }
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
}
