//! Calendar values as these forms write them: year-month (`"2023-09"`) and date (`"2023-08-01"`).
//! Rules never read a clock: whoever calls them passes today's date in Asia/Shanghai.

use std::fmt;

/// A calendar month, `"YYYY-MM"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: u16,
    pub month: u8,
}

impl YearMonth {
    /// Parses `YYYY-MM` (also `YYYY-M`, `YYYY/MM` and `YYYY年MM月`, after full-width folding),
    /// for years 1900–2999.
    pub fn parse(value: &str) -> Option<YearMonth> {
        let folded: String = value.chars().map(crate::text::half_width).collect();
        let folded = folded.trim().trim_end_matches('月');
        let (y, m) = folded
            .split_once(['-', '/', '.', '年'])
            .filter(|(y, m)| y.len() == 4 && (1..=2).contains(&m.len()))?;
        let year = parse_digits(y)?;
        let month = parse_digits(m)?;
        ((1900..=2999).contains(&year) && (1..=12).contains(&month)).then_some(YearMonth {
            year: year as u16,
            month: month as u8,
        })
    }

    /// Months from January of year 0, so that differences are month counts.
    fn ordinal(self) -> i32 {
        i32::from(self.year) * 12 + i32::from(self.month) - 1
    }

    /// How many months a term from `self` to `end` runs, counted as the notices count years:
    /// "2021年7月至2023年7月" is two years, 24 months. Every program's term is counted so.
    pub fn months_to(self, end: YearMonth) -> i32 {
        end.ordinal() - self.ordinal()
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A calendar date, `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Builds a date if it exists in the Gregorian calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (also with `/` or `.`), after full-width folding.
    pub fn parse(value: &str) -> Option<Date> {
        let folded: String = value.chars().map(crate::text::half_width).collect();
        let mut parts = folded.trim().split(['-', '/', '.']);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() > 2 || d.len() > 2 {
            return None;
        }
        let year = parse_digits(y)?;
        if !(1900..=2999).contains(&year) {
            return None;
        }
        Date::new(year as u16, parse_digits(m)? as u8, parse_digits(d)? as u8)
    }

    /// The date in Asia/Shanghai (UTC+8 all year; China keeps no daylight saving time) at the
    /// given Unix time in seconds.
    pub fn in_shanghai(unix_seconds: i64) -> Date {
        let days = (unix_seconds + 8 * 3600).div_euclid(86_400);
        civil_from_days(days)
    }

    /// The same day `months` months earlier, or the month's last day where it is shorter
    /// (2024-03-31 minus one month is 2024-02-29).
    pub fn minus_months(self, months: i32) -> Date {
        let ordinal = i32::from(self.year) * 12 + i32::from(self.month) - 1 - months;
        let (year, month) = (
            ordinal.div_euclid(12) as u16,
            (ordinal.rem_euclid(12) + 1) as u8,
        );
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Days from 1970-01-01 (Howard Hinnant's days-from-civil), the inverse of
    /// [`Date::in_shanghai`]'s calendar step.
    pub fn days_since_epoch(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let yoe = year - era * 400;
        let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    pub fn year_month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// `2027年1月20日`, as notices write a day.
    pub fn spoken(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// A Beijing time as the server writes it for people (`2027-01-21 00:00`), as a notice writes
/// it: the end of a day as that day's 24时 (`2027年1月20日24时`: a call closing "on 1月20日"
/// closes at 2027-01-21 00:00), any other time as `2023年8月11日17:30`. Anything else is
/// given back as it is.
pub fn spoken(beijing: &str) -> String {
    let Some((day, time)) = beijing.trim().split_once(' ') else {
        return beijing.to_owned();
    };
    let Some(date) = Date::parse(day) else {
        return beijing.to_owned();
    };
    if time == "00:00" {
        let before = Date::in_shanghai((date.days_since_epoch() - 1) * 86_400);
        return format!("{}24时", before.spoken());
    }
    format!("{}{time}", date.spoken())
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

/// Howard Hinnant's days-to-civil algorithm, so that no date library is compiled into the wasm.
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}
