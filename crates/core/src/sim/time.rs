//! Simulated time: milliseconds since the simulation started. Nothing here reads a clock.

use std::fmt;
use std::ops::{Add, Sub};

/// A point in simulated time, in milliseconds since the simulation started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The start of the simulation.
    pub const ZERO: SimTime = SimTime(0);

    /// From whole seconds.
    pub fn from_secs(s: u64) -> SimTime {
        SimTime(s * 1000)
    }

    /// Milliseconds since the start.
    pub fn as_millis(self) -> u64 {
        self.0
    }

    /// The time `ms` later (saturating).
    pub fn plus_ms(self, ms: u64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (0 if `earlier` is later).
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl Add<u64> for SimTime {
    type Output = SimTime;
    fn add(self, ms: u64) -> SimTime {
        self.plus_ms(ms)
    }
}

impl Sub for SimTime {
    type Output = u64;
    fn sub(self, rhs: SimTime) -> u64 {
        self.since(rhs)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "t={}", format_duration_ms(self.0))
    }
}

/// Parses a duration as `advance` takes it: `30s`, `1500ms`, `2m`, `1h30m`, `1m30s`, or a
/// bare number of seconds. Returns milliseconds.
pub fn parse_duration_ms(text: &str) -> Option<u64> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(secs) = t.parse::<u64>() {
        return secs.checked_mul(1000);
    }
    let mut total: u64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let factor = match unit {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        let ms = number * factor;
        if !ms.is_finite() || !(0.0..=1e15).contains(&ms) {
            return None;
        }
        total = total.checked_add(ms.round() as u64)?;
    }
    Some(total)
}

/// A duration the way Go prints a `time.Duration` rounded to milliseconds: `1m30s`,
/// `2.5s`, `300ms`, `0s`.
pub fn format_duration_ms(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_owned();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s_ms = ms % 60_000;
    let secs = if s_ms.is_multiple_of(1000) {
        format!("{}s", s_ms / 1000)
    } else {
        let text = format!("{:.3}", s_ms as f64 / 1000.0);
        format!("{}s", text.trim_end_matches('0').trim_end_matches('.'))
    };
    match (h, m) {
        (0, 0) => secs,
        (0, m) => format!("{m}m{secs}"),
        (h, m) => format!("{h}h{m}m{secs}"),
    }
}

/// kubectl's `duration.HumanDuration`, used for AGE columns: `5s`, `119s`, `2m5s`, `15m`,
/// `3h10m`, `2d5h`.
pub fn human_duration(ms: u64) -> String {
    let seconds = ms / 1000;
    if seconds < 120 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 24 * 8 {
        let h = hours % 24;
        return if h == 0 { format!("{}d", hours / 24) } else { format!("{}d{h}h", hours / 24) };
    }
    if hours < 24 * 365 * 2 {
        return format!("{}d", hours / 24);
    }
    format!("{}y", hours / 24 / 365)
}

/// (year, month, day) → days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 instant in UTC, `2026-01-01T01:55:00Z`, to Unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let t = text.strip_suffix('Z').or_else(|| text.strip_suffix("+00:00"))?;
    let (date, clock) = t.split_once('T')?;
    let mut d = date.split('-');
    let (y, mo, da): (i64, u32, u32) = (d.next()?.parse().ok()?, d.next()?.parse().ok()?, d.next()?.parse().ok()?);
    let mut c = clock.split(':');
    let (h, mi, se): (i64, i64, i64) = (c.next()?.parse().ok()?, c.next()?.parse().ok()?, c.next()?.split('.').next()?.parse().ok()?);
    if d.next().is_some() || c.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&da) || !(0..24).contains(&h) || !(0..60).contains(&mi) || !(0..60).contains(&se) {
        return None;
    }
    let days = days_from_civil(y, mo, da);
    if civil_from_days(days) != (y, mo, da) {
        return None;
    }
    Some(days * 86_400 + h * 3600 + mi * 60 + se)
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's `civil_from_days`).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Days of the week from 1970-01-01, a Thursday.
pub(crate) const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
/// Months, as `date` and `ls` abbreviate them.
pub(crate) const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// A wall-clock instant: the simulation's epoch plus simulated time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallClock {
    /// Unix seconds at [`SimTime::ZERO`].
    pub epoch_unix_s: i64,
}

impl WallClock {
    fn unix_s(&self, t: SimTime) -> i64 {
        self.epoch_unix_s + (t.0 / 1000) as i64
    }

    fn parts(&self, t: SimTime) -> (i64, u32, u32, i64, i64, i64, i64) {
        let secs = self.unix_s(t);
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, mo, d) = civil_from_days(days);
        (y, mo, d, rem / 3600, (rem / 60) % 60, rem % 60, days)
    }

    /// Unix seconds at `t`.
    pub fn unix(&self, t: SimTime) -> i64 {
        self.unix_s(t)
    }

    /// The simulated time of a Unix instant (`None` before the simulation's start).
    pub fn at_unix(&self, unix_s: i64) -> Option<SimTime> {
        u64::try_from(unix_s - self.epoch_unix_s).ok().map(|s| SimTime(s * 1000))
    }

    /// RFC 3339 as Kubernetes stores timestamps: `2026-01-01T00:00:05Z`.
    pub fn rfc3339(&self, t: SimTime) -> String {
        let (y, mo, d, h, mi, s, _) = self.parts(t);
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }

    /// The form `kubectl describe` prints: `Thu, 01 Jan 2026 00:00:05 +0000`.
    pub fn rfc1123z(&self, t: SimTime) -> String {
        let (y, mo, d, h, mi, s, days) = self.parts(t);
        let wd = WEEKDAYS[days.rem_euclid(7) as usize];
        format!("{wd}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} +0000", MONTHS[(mo - 1) as usize])
    }

    /// The date `ls -l` prints for a recent file: `Jan  1 02:00` (`%b %e %H:%M`).
    pub fn ls_stamp(&self, t: SimTime) -> String {
        let (_, mo, d, h, mi, _, _) = self.parts(t);
        format!("{} {d:>2} {h:02}:{mi:02}", MONTHS[(mo - 1) as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration_ms("30s"), Some(30_000));
        assert_eq!(parse_duration_ms("1m30s"), Some(90_000));
        assert_eq!(parse_duration_ms("1500ms"), Some(1500));
        assert_eq!(parse_duration_ms("2h"), Some(7_200_000));
        assert_eq!(parse_duration_ms("10"), Some(10_000));
        assert_eq!(parse_duration_ms("0.5s"), Some(500));
        assert_eq!(parse_duration_ms("5x"), None);
        assert_eq!(parse_duration_ms("s"), None);
        assert_eq!(parse_duration_ms(""), None);
        assert_eq!(parse_duration_ms("99999999999999999999h"), None);
    }

    #[test]
    fn formats_like_kubectl() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(119_999), "119s");
        assert_eq!(human_duration(125_000), "2m5s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(3 * 3_600_000 + 600_000), "3h10m");
        assert_eq!(human_duration(53 * 3_600_000), "2d5h");
        assert_eq!(format_duration_ms(90_500), "1m30.5s");
        assert_eq!(format_duration_ms(3_000), "3s");
    }

    #[test]
    fn wall_clock() {
        let c = WallClock { epoch_unix_s: 1_767_225_600 };
        assert_eq!(c.rfc3339(SimTime(5_000)), "2026-01-01T00:00:05Z");
        assert_eq!(c.rfc1123z(SimTime(5_000)), "Thu, 01 Jan 2026 00:00:05 +0000");
        assert_eq!(c.ls_stamp(SimTime(7_200_000)), "Jan  1 02:00");
        let leap = WallClock { epoch_unix_s: 951_782_400 };
        assert_eq!(leap.rfc3339(SimTime::ZERO), "2000-02-29T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-01-01T00:00:05Z"), Some(1_767_225_605));
        assert_eq!(parse_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(parse_rfc3339("2001-02-29T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-01-01 00:00:05"), None);
        for days in [-800_000, -1, 0, 1, 20_454, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
