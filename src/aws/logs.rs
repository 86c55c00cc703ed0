//! CloudWatch Logs: log groups, streams and events, every listing paginated
//! to the end and streamed page by page, and follow sessions (StartLiveTail
//! where it works, FilterLogEvents polling with a cursor otherwise).

mod follow;
mod model;

pub use self::follow::{FollowCursor, follow};
pub use self::model::{EventScope, FollowBatch, FollowVia, LogEvent, LogGroup, LogStream, TimeRange};

use super::error::{AwsError, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

/// Log groups per DescribeLogGroups page (the API maximum).
pub const GROUPS_PAGE_SIZE: i32 = 50;
/// Streams per DescribeLogStreams page (the API maximum).
pub const STREAMS_PAGE_SIZE: i32 = 50;
/// Events per FilterLogEvents / GetLogEvents page (the API maximum).
pub const EVENTS_PAGE_SIZE: i32 = 10_000;

/// CloudWatch Logs failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogsError {
    /// The log group does not exist (`ResourceNotFoundException`).
    #[error(
        "Log group {group} does not exist in this account and region (it may have been deleted, or the logs are in another region). Press Esc to go back, then r to reload."
    )]
    GroupNotFound {
        /// The group asked for.
        group: String,
    },
    /// The log stream does not exist (`ResourceNotFoundException` naming a stream).
    #[error(
        "Log stream {stream} does not exist in log group {group} (nothing was logged to it yet, or it expired). Press Esc to go back."
    )]
    StreamNotFound {
        /// The group.
        group: String,
        /// The stream asked for.
        stream: String,
    },
    /// CloudWatch rejected the filter pattern (`InvalidParameterException`).
    #[error(
        "CloudWatch rejected the filter pattern {pattern:?}: {message}. Press : and type grep with a corrected pattern, or grep alone to clear it."
    )]
    InvalidPattern {
        /// The pattern.
        pattern: String,
        /// What CloudWatch said.
        message: String,
    },
    /// Any other classified AWS failure (access denied names the IAM action).
    #[error(transparent)]
    Aws(#[from] AwsError),
}

service_error!(LogsError {
    GroupNotFound | StreamNotFound => NotFound,
    InvalidPattern => Other,
});

/// Log groups (DescribeLogGroups), page by page; `prefix` is sent to AWS as
/// `logGroupNamePrefix`.
#[must_use]
pub fn list_groups(prefix: Option<&str>, provider: &AwsProvider) -> Pages<LogGroup, LogsError> {
    let _ = (prefix, provider);
    todo!("list_groups")
}

/// A group's streams (DescribeLogStreams), newest event first, page by page.
#[must_use]
pub fn list_streams(group: &str, region: Option<&str>, provider: &AwsProvider) -> Pages<LogStream, LogsError> {
    let _ = (group, region, provider);
    todo!("list_streams")
}

/// The events of `scope` in `range` (FilterLogEvents, streams interleaved in
/// time order), page by page, oldest first.
#[must_use]
pub fn filter_events(scope: &EventScope, range: TimeRange, provider: &AwsProvider) -> Pages<LogEvent, LogsError> {
    let _ = (scope, range, provider);
    todo!("filter_events")
}

/// The newest `limit` events of `scope`, however old they are, oldest first:
/// GetLogEvents from the end of each stream (the newest streams of the group
/// when `scope` names none), merged in time order.
///
/// # Errors
/// The classified failure.
pub async fn newest_events(
    scope: &EventScope,
    limit: usize,
    provider: &AwsProvider,
) -> Result<Vec<LogEvent>, LogsError> {
    let _ = (scope, limit, provider);
    todo!("newest_events")
}
