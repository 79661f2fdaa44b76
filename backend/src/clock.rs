//! The server's clock and how it writes instants: Unix seconds for comparisons, RFC 3339 in
//! Beijing time for what is stored (so stored instants sort as text), and `2023-08-11 17:30`
//! for what people read. The calls, the notices and the applicants all count in Beijing time.

/// Asia/Shanghai's offset from UTC, in seconds (no daylight saving since 1991).
pub const SHANGHAI: i64 = 8 * 3600;

/// Now, in Unix seconds.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// `2023-08-11 17:30`, in Asia/Shanghai.
pub fn beijing(unix: i64) -> String {
    let date = shared::Date::in_shanghai(unix);
    let seconds = (unix + SHANGHAI).rem_euclid(86_400);
    format!("{date} {:02}:{:02}", seconds / 3600, seconds % 3600 / 60)
}

/// An instant as stored (submissions, the audit log): RFC 3339 in Beijing time, whole seconds,
/// so that stored instants sort as text.
pub fn rfc3339(at: time::OffsetDateTime) -> String {
    use time::format_description::well_known::Rfc3339;
    at.to_offset(time::macros::offset!(+8))
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Now, as [`rfc3339`] writes it.
pub fn now_rfc3339() -> String {
    rfc3339(time::OffsetDateTime::now_utc())
}

/// An instant as a notice writes it, in Beijing time (`shared::date::spoken`):
/// `2027年1月20日24时` for the end of a day, `2023年8月11日17:30` otherwise.
pub fn spoken(unix: i64) -> String {
    shared::date::spoken(&beijing(unix))
}

/// The Unix seconds of an instant as stored ([`rfc3339`]), if it is one.
pub fn unix_of(stored: &str) -> Option<i64> {
    use time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::parse(stored, &Rfc3339)
        .ok()
        .map(time::OffsetDateTime::unix_timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_written_as_notices_write_them() {
        let midnight = unix_of("2027-01-21T00:00:00+08:00").unwrap();
        assert_eq!(spoken(midnight), "2027年1月20日24时");
        let afternoon = unix_of("2023-08-11T17:30:00+08:00").unwrap();
        assert_eq!(spoken(afternoon), "2023年8月11日17:30");
        assert_eq!(unix_of("yesterday"), None);
    }
}
