//! Timestamps as the SDK sends them, converted to what the domain keeps:
//! [`OffsetDateTime`] for what the UI shows, [`SystemTime`] for expiries.

use std::time::SystemTime;

use aws_smithy_types::DateTime;
use time::OffsetDateTime;

/// Now, in milliseconds since the epoch (CloudWatch Logs' unit).
#[must_use]
pub fn now_ms() -> i64 {
    i64::try_from(OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// An SDK timestamp as the domain's, to the second (`None` when it is out of
/// range).
#[must_use]
pub fn to_offset_date_time(t: &DateTime) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(t.secs()).ok()
}

/// An optional SDK timestamp as the domain's.
#[must_use]
pub fn offset_date_time(t: Option<&DateTime>) -> Option<OffsetDateTime> {
    t.and_then(to_offset_date_time)
}

/// An SDK timestamp as a [`SystemTime`] (`None` when it is out of range).
#[must_use]
pub fn to_system_time(t: DateTime) -> Option<SystemTime> {
    SystemTime::try_from(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_survive_and_fractions_are_dropped() {
        let t = DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000);
        assert_eq!(to_offset_date_time(&t).map(OffsetDateTime::unix_timestamp), Some(1_700_000_000));
        assert_eq!(offset_date_time(None), None);
        let at = to_system_time(t).and_then(|s| s.duration_since(SystemTime::UNIX_EPOCH).ok());
        assert_eq!(at.map(|d| d.as_millis()), Some(1_700_000_000_500));
    }
}
