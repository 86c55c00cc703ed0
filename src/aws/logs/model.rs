//! CloudWatch Logs domain types (log groups, streams, events, the scope of an
//! events query) and their conversion from the SDK's shapes. Nothing outside
//! `aws/` sees an SDK type.

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
    /// A StartLiveTail session (pushed by CloudWatch).
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
