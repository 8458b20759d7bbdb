//! The merchant's local time: days that start at their midnight and times written with their
//! offset, in an IANA time zone from the system's tz database (jiff), never a fixed offset.

use jiff::Timestamp;
use jiff::civil::Date;
pub use jiff::tz::TimeZone;

/// The time zone `name` names (an IANA name such as `America/Mexico_City`), or `None`.
pub fn zone(name: &str) -> Option<TimeZone> {
    TimeZone::get(name.trim()).ok()
}

/// The first (or, with `end_of_day`, the last) millisecond of the day `text` names in `tz`
/// (`YYYY-MM-DD`); an RFC 3339 time is that instant, whatever the zone. `None` if neither.
pub fn day_ms(text: &str, end_of_day: bool, tz: &TimeZone) -> Option<i64> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Some(t.as_millisecond());
    }
    let day: Date = text.parse().ok()?;
    // Midnight may not exist (a DST change at 00:00): the day starts at its first instant.
    let start = |d: Date| {
        d.to_zoned_datetime(tz.clone())
            .ok()
            .map(|z| z.timestamp().as_millisecond())
    };
    if end_of_day {
        Some(start(day.tomorrow().ok()?)? - 1)
    } else {
        start(day)
    }
}

/// RFC 3339 text of `ms` since the epoch in `tz`, with its offset
/// (`2026-11-25T23:30:00-06:00`; milliseconds only when there are some).
pub fn rfc3339_in(ms: i64, tz: &TimeZone) -> String {
    Timestamp::from_millisecond(ms)
        .map(|t| t.display_with_offset(tz.to_offset(t)).to_string())
        .unwrap_or_default()
}

/// `ms` as a spreadsheet reads it, to the second, in `tz`: the local date-time
/// (`2026-11-25 23:30:00`, which Excel and LibreOffice read as one) and its offset (`-06:00`).
pub fn sheet_time(ms: i64, tz: &TimeZone) -> (String, String) {
    Timestamp::from_millisecond(ms)
        .map(|t| {
            let local = t.to_zoned_datetime(tz.clone());
            (
                local.strftime("%Y-%m-%d %H:%M:%S").to_string(),
                local.strftime("%:z").to_string(),
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> TimeZone {
        zone(name).unwrap_or_else(|| panic!("{name} is in the tz database"))
    }

    #[test]
    fn local_day_bounds_follow_the_zone_by_name() {
        // 2026-11-25 starts at 06:00Z in Mexico City (UTC-6) and at 23:00Z the day before in
        // Madrid (UTC+1 in winter).
        let mx = named("America/Mexico_City");
        let start = day_ms("2026-11-25", false, &mx).unwrap();
        assert_eq!(
            rfc3339_in(start, &TimeZone::UTC),
            "2026-11-25T06:00:00+00:00"
        );
        let end = day_ms("2026-11-25", true, &mx).unwrap();
        assert_eq!(rfc3339_in(end + 1, &mx), "2026-11-26T00:00:00-06:00");
        let madrid = named("Europe/Madrid");
        let start = day_ms("2026-11-25", false, &madrid).unwrap();
        assert_eq!(rfc3339_in(start, &madrid), "2026-11-25T00:00:00+01:00");
        assert_eq!(
            rfc3339_in(start, &TimeZone::UTC),
            "2026-11-24T23:00:00+00:00"
        );
        // the day Madrid's clocks go forward has 23 hours
        let spring = day_ms("2026-03-29", true, &madrid).unwrap() + 1
            - day_ms("2026-03-29", false, &madrid).unwrap();
        assert_eq!(spring, 23 * 3_600_000);
    }

    #[test]
    fn an_instant_is_the_same_in_every_zone_and_bad_text_is_refused() {
        let t = day_ms("2026-11-25T23:30:00-06:00", false, &named("Europe/Madrid"));
        assert_eq!(t, day_ms("2026-11-26T05:30:00Z", true, &TimeZone::UTC));
        assert_eq!(day_ms("25/11/2026", false, &TimeZone::UTC), None);
        assert_eq!(zone("Mars/Olympus"), None);
    }

    #[test]
    fn times_are_written_with_the_merchants_offset() {
        let ms = day_ms("2026-11-26T05:30:00Z", false, &TimeZone::UTC).unwrap();
        let mx = named("America/Mexico_City");
        assert_eq!(rfc3339_in(ms, &mx), "2026-11-25T23:30:00-06:00");
        let sheet = |tz: &TimeZone| {
            let (local, offset) = sheet_time(ms, tz);
            format!("{local} {offset}")
        };
        assert_eq!(sheet(&mx), "2026-11-25 23:30:00 -06:00");
        assert_eq!(sheet(&named("Europe/Madrid")), "2026-11-26 06:30:00 +01:00");
    }
}
