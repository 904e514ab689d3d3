//! Days and dates for the daily puzzle: a day is a number of days since 1970-01-01 (UTC),
//! written as YYYY-MM-DD. Plain arithmetic, the same on the desktop and in the browser.

use super::platform::now_nanos;

/// Today's day number (UTC), from the platform's clock.
pub fn today() -> i64 {
    (now_nanos() / 1_000_000_000 / 86_400) as i64
}

/// The date for a number of days since 1970-01-01, as YYYY-MM-DD.
pub fn civil_date(days: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The day number of a YYYY-MM-DD date; `None` for anything that is not one.
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days-from-civil algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    // 31 February and the like are not dates.
    (civil_date(days) == date).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_come_out_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(20_780), "2026-11-23");
    }

    #[test]
    fn a_date_reads_back_as_its_day() {
        for days in [-1, 0, 11_016, 20_780, 20_789, 100_000] {
            assert_eq!(day_number(&civil_date(days)), Some(days));
        }
        for bad in [
            "",
            "2026-02-30",
            "2026-13-01",
            "2026-1",
            "x-y-z",
            "2026-01-01-01",
        ] {
            assert_eq!(day_number(bad), None, "{bad}");
        }
    }
}
