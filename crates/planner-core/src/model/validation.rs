//! Field-level validation errors, shared by forms and imports.

use std::fmt;

/// One thing wrong with one field, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// Everything wrong with a record; empty means valid.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.push(FieldError {
            field,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The message for one field, if it has one.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// Records the error of a parse, returning the value when it parsed.
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(message) => {
                self.push(field, message);
                None
            }
        }
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A required, trimmed, non-empty text of at most `max` characters.
pub fn required_text(text: &str, what: &str, max: usize) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("enter the {what}"));
    }
    if t.chars().count() > max {
        return Err(format!("the {what} is longer than {max} characters"));
    }
    if let Some(c) = t.chars().find(|c| c.is_control()) {
        return Err(format!(
            "the {what} holds a control character ({}), which no name or reference needs; type \
             it again",
            c.escape_unicode()
        ));
    }
    Ok(t.to_string())
}

/// A whole number in `range`, typed by a user.
pub fn whole_number(
    text: &str,
    what: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<i64, String> {
    let t = text.trim();
    let n: i64 = t
        .parse()
        .map_err(|_| format!("the {what} must be a whole number, not '{t}'"))?;
    if !range.contains(&n) {
        return Err(format!(
            "the {what} must be between {} and {}",
            range.start(),
            range.end()
        ));
    }
    Ok(n)
}

/// An age range `min`–`max` within 0–17 (children in care are under 18).
pub fn age_range(min_text: &str, max_text: &str, errors: &mut ValidationErrors) -> (u8, u8) {
    let min = errors.check("age_min", whole_number(min_text, "youngest age", 0..=17));
    let max = errors.check("age_max", whole_number(max_text, "oldest age", 0..=17));
    match (min, max) {
        (Some(a), Some(b)) if a > b => {
            errors.push(
                "age_max",
                format!("the oldest age ({b}) is below the youngest ({a})"),
            );
            (a as u8, b as u8)
        }
        (a, b) => (a.unwrap_or(0) as u8, b.unwrap_or(17) as u8),
    }
}
