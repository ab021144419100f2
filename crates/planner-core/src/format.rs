//! How the app writes sizes, percentages and moments for people, in one
//! place, so the same backup reads the same in the window and on the command line.
//! (Money, dates and distances have their own homes in `model`.)

/// `3.55`, `9`, `0`: a percentage (to 2 dp) without trailing zeros, as the
/// rates and uplifts are shown and typed.
pub fn percent_text(pct: f64) -> String {
    let s = format!("{pct:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A size in bytes, in KB, MB or GB (1,024-based) to one decimal place,
/// rounded up so a file just over a limit never reads as the limit itself:
/// "3.1 GB", "500.1 MB". Whole numbers drop the ".0".
pub fn size_text(bytes: u64) -> String {
    let (unit, name) = if bytes >= 1 << 30 {
        (1u64 << 30, "GB")
    } else if bytes >= 1 << 20 {
        (1u64 << 20, "MB")
    } else {
        (1u64 << 10, "KB")
    };
    let tenths = (u128::from(bytes) * 10).div_ceil(u128::from(unit));
    if tenths % 10 == 0 {
        format!("{} {name}", tenths / 10)
    } else {
        format!("{}.{} {name}", tenths / 10, tenths % 10)
    }
}

/// A moment in this computer's time zone, as "dd/mm/yyyy hh:mm".
pub fn local_time_text(ts: jiff::Timestamp) -> String {
    local_time(ts, false)
}

/// The same with the seconds, "dd/mm/yyyy hh:mm:ss", where moments a few
/// seconds apart must read apart: backups (one is taken each time a window
/// opens the file).
pub fn local_time_seconds_text(ts: jiff::Timestamp) -> String {
    local_time(ts, true)
}

fn local_time(ts: jiff::Timestamp, seconds: bool) -> String {
    let local = ts.to_zoned(jiff::tz::TimeZone::system());
    let minute = format!(
        "{} {:02}:{:02}",
        crate::model::format_uk_date(local.date()),
        local.hour(),
        local.minute()
    );
    if seconds {
        format!("{minute}:{:02}", local.second())
    } else {
        minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_rounded_up_to_a_tenth() {
        assert_eq!(size_text(2 << 30), "2 GB");
        assert_eq!(size_text((2 << 30) + 1), "2.1 GB");
        assert_eq!(size_text(3_328_599_654), "3.1 GB");
        assert_eq!(size_text(3_328_599_655), "3.2 GB");
        assert_eq!(size_text(500 << 20), "500 MB");
        assert_eq!(size_text(1 << 20), "1 MB");
        assert_eq!(size_text(1), "0.1 KB");
    }

    /// A backup of 9,961,472 bytes (9.5 × 1,048,576) read "10.0 MB" on the
    /// command line (1,000,000-based) and "9.5 MB" in the window: one
    /// function now, 1,024-based like Windows' Explorer.
    #[test]
    fn a_backup_size_reads_the_same_everywhere() {
        assert_eq!(size_text(9_961_472), "9.5 MB");
    }

    /// Backups taken in the same minute read apart by their seconds; other
    /// moments keep to the minute.
    #[test]
    fn backups_show_seconds_and_other_moments_the_minute() {
        let ts: jiff::Timestamp = "2026-12-04T05:18:09Z".parse().unwrap();
        let minute = local_time_text(ts);
        let second = local_time_seconds_text(ts);
        assert_eq!(minute.len(), "04/12/2026 05:18".len());
        assert_eq!(second, format!("{minute}:09"));
    }
}
