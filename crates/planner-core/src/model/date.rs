//! Dates shown and typed the UK way (dd/mm/yyyy); stored as ISO in SQLite.

use jiff::civil::Date;

/// `2026-03-31` → `31/03/2026`.
pub fn format_uk_date(date: Date) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// Accepts `31/03/2026`, `31/3/2026` and ISO `2026-03-31`, also with a
/// time after them (`01/09/2022 00:00`, as Excel writes a date cell that
/// has a time format), which is dropped. An Excel date number (`44805`) is
/// refused with the date it stands for.
pub fn parse_uk_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("enter a date as dd/mm/yyyy".into());
    }
    let text = match text.split_once([' ', 'T']) {
        Some((day, time)) if is_time(time.trim()) => day,
        _ => text,
    };
    if text.len() == 5 && text.chars().all(|c| c.is_ascii_digit()) {
        // Excel counts days from 30/12/1899.
        let serial: i32 = text.parse().unwrap_or(0);
        let meant = jiff::civil::date(1899, 12, 30)
            .checked_add(jiff::Span::new().days(serial))
            .map(format_uk_date)
            .unwrap_or_default();
        return Err(format!(
            "'{text}' is an Excel date number (it stands for {meant}): format the column as \
             dates (dd/mm/yyyy) before saving the file"
        ));
    }
    if let Some((y, rest)) = text.split_once('-') {
        if y.len() == 4 {
            if let Some((m, d)) = rest.split_once('-') {
                return build(text, y, m, d);
            }
        }
        return Err(format!("'{text}' is not a date; use dd/mm/yyyy"));
    }
    let parts: Vec<&str> = text.split('/').collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err(format!("'{text}' is not a date; use dd/mm/yyyy"));
    }
    build(text, parts[2], parts[1], parts[0])
}

/// `00:00`, `14:30` or `00:00:00`.
fn is_time(t: &str) -> bool {
    let parts: Vec<&str> = t.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()))
}

fn build(text: &str, y: &str, m: &str, d: &str) -> Result<Date, String> {
    let bad = || format!("'{text}' is not a date; use dd/mm/yyyy");
    let year: i16 = y.parse().map_err(|_| bad())?;
    let month: i8 = m.parse().map_err(|_| bad())?;
    let day: i8 = d.parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&year) {
        return Err(format!("'{text}': the year must be between 1900 and 2200"));
    }
    Date::new(year, month, day).map_err(|_| format!("'{text}' is not a real calendar date"))
}

/// Whole years between `dob` and `on` (age on a date).
pub fn age_on(dob: Date, on: Date) -> i32 {
    let mut years = i32::from(on.year()) - i32::from(dob.year());
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years
}

/// The day a child born on `dob` turns 18: the 18th birthday, or 1 March
/// for a child born on 29 February when the 18th year is not a leap year.
/// Nobody is looked after on or after it.
pub fn eighteenth_birthday(dob: Date) -> Date {
    let year = dob.year().saturating_add(18);
    match Date::new(year, dob.month(), dob.day()) {
        Ok(d) => d,
        // 29 February in a year without one.
        Err(_) if (dob.month(), dob.day()) == (2, 29) => Date::new(year, 3, 1).unwrap_or(Date::MAX),
        // Beyond the calendar's last year.
        Err(_) => Date::MAX,
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier; 0 if the span
/// cannot be computed).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map_or(0, |s| i64::from(s.get_days()))
}

/// The year a date's financial year (April–March) starts in: 31/03/2027 is
/// in 2026-27, so 2026.
pub fn financial_year_of(d: Date) -> i32 {
    let y = i32::from(d.year());
    if d.month() >= 4 {
        y
    } else {
        y - 1
    }
}

/// Today's date in the system time zone.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_after_a_date_is_dropped_and_an_excel_number_explained() {
        use jiff::civil::date;
        assert_eq!(parse_uk_date("01/09/2022 00:00"), Ok(date(2022, 9, 1)));
        assert_eq!(parse_uk_date("2022-09-01 00:00:00"), Ok(date(2022, 9, 1)));
        assert_eq!(parse_uk_date("2022-09-01T14:30"), Ok(date(2022, 9, 1)));
        assert!(parse_uk_date("01/09/2022 lunchtime").is_err());
        // 44805 days after 30/12/1899 is 01/09/2022.
        assert_eq!(
            parse_uk_date("44805"),
            Err(
                "'44805' is an Excel date number (it stands for 01/09/2022): format the column \
                 as dates (dd/mm/yyyy) before saving the file"
                    .to_string()
            )
        );
    }

    #[test]
    fn the_18th_birthday_of_a_leap_day_child_is_1_march() {
        use jiff::civil::date;
        assert_eq!(eighteenth_birthday(date(2008, 2, 29)), date(2026, 3, 1));
        assert_eq!(eighteenth_birthday(date(2010, 2, 28)), date(2028, 2, 28));
        // A leap year 18 years on keeps 29 February: 1996 + 18 = 2014 is
        // not leap, 2006 + 18 = 2024 is, but 2006 has no 29 February; the
        // first case is enough. A plain date:
        assert_eq!(eighteenth_birthday(date(2007, 11, 5)), date(2025, 11, 5));
        // Past the calendar's last year (9999): never.
        assert_eq!(eighteenth_birthday(date(9990, 6, 1)), Date::MAX);
        assert_eq!(eighteenth_birthday(date(9981, 12, 31)), date(9999, 12, 31));
    }
    use jiff::civil::date;

    #[test]
    fn round_trips_uk_dates() {
        assert_eq!(format_uk_date(date(2026, 3, 1)), "01/03/2026");
        assert_eq!(parse_uk_date("01/03/2026"), Ok(date(2026, 3, 1)));
        assert_eq!(parse_uk_date("1/3/2026"), Ok(date(2026, 3, 1)));
        assert_eq!(parse_uk_date("2026-03-01"), Ok(date(2026, 3, 1)));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_uk_date("31/02/2026").is_err());
        assert!(parse_uk_date("2026/03/01").is_err());
        assert!(parse_uk_date("01/03/26").is_err());
        assert!(parse_uk_date("").is_err());
    }

    #[test]
    fn days_and_financial_years() {
        assert_eq!(days_between(date(2026, 2, 27), date(2026, 3, 2)), 3);
        assert_eq!(days_between(date(2026, 3, 2), date(2026, 2, 27)), -3);
        assert_eq!(financial_year_of(date(2027, 3, 31)), 2026);
        assert_eq!(financial_year_of(date(2027, 4, 1)), 2027);
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(date(2010, 6, 15), date(2026, 6, 14)), 15);
        assert_eq!(age_on(date(2010, 6, 15), date(2026, 6, 15)), 16);
        assert_eq!(age_on(date(2008, 2, 29), date(2026, 2, 28)), 17);
    }
}
