//! CloudWatch Logs domain types (log groups, streams, events, the scope of an
//! events query) and their conversion from the SDK's shapes. Nothing outside
//! `aws/` sees an SDK type.

use aws_sdk_cloudwatchlogs::types as sdk;
use time::OffsetDateTime;

/// A log group as DescribeLogGroups reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroup {
    /// The group name (`/ecs/web`).
    pub name: String,
    /// Its ARN, without the trailing `:*` (what StartLiveTail takes).
    pub arn: Option<String>,
    /// Bytes stored.
    pub stored_bytes: Option<i64>,
    /// Days events are kept; `None`: forever.
    pub retention_days: Option<i32>,
    /// `STANDARD` or `INFREQUENT_ACCESS`.
    pub class: Option<String>,
    /// When it was created.
    pub created: Option<OffsetDateTime>,
}

/// A log stream as DescribeLogStreams reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogStream {
    /// The stream name (`web/app/0f3c…`).
    pub name: String,
    /// When it was created.
    pub created: Option<OffsetDateTime>,
    /// The time of its first event.
    pub first_event: Option<OffsetDateTime>,
    /// The time of its last event (CloudWatch updates this within an hour).
    pub last_event: Option<OffsetDateTime>,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// When it happened, in milliseconds since the epoch.
    pub timestamp: i64,
    /// When CloudWatch received it, in milliseconds since the epoch.
    pub ingested: Option<i64>,
    /// The stream it belongs to.
    pub stream: String,
    /// The text, exactly as written (untrusted: shown only through `text::inert`).
    pub message: String,
    /// CloudWatch's event id (FilterLogEvents); empty where the API gives none
    /// (GetLogEvents, live tail), where the cursor keys on time, stream and text.
    pub id: String,
}

/// Which events of one log group a query or a tail covers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventScope {
    /// The log group.
    pub group: String,
    /// The region the group lives in when it is not the context's (an
    /// `awslogs-region` that differs).
    pub region: Option<String>,
    /// Exactly these streams (empty: every stream, or those with `prefix`).
    pub streams: Vec<String>,
    /// Streams whose names start with this (used only when `streams` is empty).
    pub prefix: Option<String>,
    /// A CloudWatch filter pattern sent to AWS.
    pub pattern: Option<String>,
}

/// A time range in milliseconds since the epoch: `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TimeRange {
    /// The first millisecond, if bounded.
    pub start: Option<i64>,
    /// The millisecond after the last, if bounded.
    pub end: Option<i64>,
}

/// How a follow session receives new events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowVia {
    /// A StartLiveTail session (pushed by CloudWatch), including the one
    /// catch-up FilterLogEvents call made as each session starts.
    LiveTail,
    /// FilterLogEvents every second or so, with a cursor.
    Polling,
}

/// New events from a follow session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowBatch {
    /// The events, oldest first, none delivered before.
    pub events: Vec<LogEvent>,
    /// How they came.
    pub via: FollowVia,
    /// Whether CloudWatch sampled them (live tail above 500 events a second).
    pub sampled: bool,
}

/// Milliseconds since the epoch as a time (`None` when out of range).
#[must_use]
pub fn from_millis(ms: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

impl LogGroup {
    pub(super) fn from_sdk(g: &sdk::LogGroup) -> Self {
        // `arn` ends in `:*`; `logGroupArn` (newer) does not. StartLiveTail takes the latter.
        let arn = g
            .log_group_arn()
            .or_else(|| g.arn())
            .map(|a| a.strip_suffix(":*").unwrap_or(a).to_owned())
            .filter(|a| !a.is_empty());
        Self {
            name: g.log_group_name().unwrap_or_default().to_owned(),
            arn,
            stored_bytes: g.stored_bytes(),
            retention_days: g.retention_in_days(),
            class: g.log_group_class().map(|c| c.as_str().to_owned()),
            created: g.creation_time().and_then(from_millis),
        }
    }
}

impl LogStream {
    pub(super) fn from_sdk(s: &sdk::LogStream) -> Self {
        Self {
            name: s.log_stream_name().unwrap_or_default().to_owned(),
            created: s.creation_time().and_then(from_millis),
            first_event: s.first_event_timestamp().and_then(from_millis),
            last_event: s.last_event_timestamp().and_then(from_millis),
        }
    }
}

impl LogEvent {
    /// A FilterLogEvents event (it names its stream and has an id).
    pub(super) fn from_filtered(e: &sdk::FilteredLogEvent) -> Self {
        Self {
            timestamp: e.timestamp().unwrap_or_default(),
            ingested: e.ingestion_time(),
            stream: e.log_stream_name().unwrap_or_default().to_owned(),
            message: e.message().unwrap_or_default().to_owned(),
            id: e.event_id().unwrap_or_default().to_owned(),
        }
    }

    /// A GetLogEvents event of `stream` (no id, no stream name of its own).
    pub(super) fn from_output(e: &sdk::OutputLogEvent, stream: &str) -> Self {
        Self {
            timestamp: e.timestamp().unwrap_or_default(),
            ingested: e.ingestion_time(),
            stream: stream.to_owned(),
            message: e.message().unwrap_or_default().to_owned(),
            id: String::new(),
        }
    }

    /// A live tail event (no id).
    pub(super) fn from_live_tail(e: &sdk::LiveTailSessionLogEvent) -> Self {
        Self {
            timestamp: e.timestamp().unwrap_or_default(),
            ingested: e.ingestion_time(),
            stream: e.log_stream_name().unwrap_or_default().to_owned(),
            message: e.message().unwrap_or_default().to_owned(),
            id: String::new(),
        }
    }
}

impl EventScope {
    /// The whole of `group`.
    #[must_use]
    pub fn group(group: &str) -> Self {
        Self { group: group.to_owned(), ..Self::default() }
    }

    /// What the scope covers, in words, for logs and error messages (never a
    /// pattern: patterns may quote what the logs hold).
    #[must_use]
    pub fn describe(&self) -> String {
        match (self.streams.as_slice(), &self.prefix) {
            ([], None) => format!("log group {}", self.group),
            ([], Some(prefix)) => format!("streams {prefix}* of log group {}", self.group),
            ([one], _) => format!("stream {one} of log group {}", self.group),
            (many, _) => format!("{} streams of log group {}", many.len(), self.group),
        }
    }
}
