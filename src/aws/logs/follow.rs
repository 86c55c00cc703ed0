//! Following a scope: new events as they are written.

use super::{EventScope, FollowBatch, LogEvent, LogsError};
use crate::aws::provider::AwsProvider;

/// What a follow session has delivered, so polling neither repeats nor skips
/// an event (several events may share a millisecond).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowCursor {
    _todo: (),
}

impl FollowCursor {
    /// A cursor after `events` (what the view already holds), or from `since`
    /// (ms since the epoch) when there are none.
    #[must_use]
    pub fn after(events: &[LogEvent], since: i64) -> Self {
        let _ = (events, since);
        todo!("FollowCursor::after")
    }

    /// The events of `batch` not delivered before, oldest first; remembers them.
    pub fn accept(&mut self, batch: Vec<LogEvent>) -> Vec<LogEvent> {
        let _ = batch;
        todo!("FollowCursor::accept")
    }
}

/// Follows `scope` from `cursor` until it fails or the future is dropped,
/// handing each batch of new events to `deliver`. Tries StartLiveTail first;
/// falls back to FilterLogEvents polling when live tail is not available.
///
/// # Errors
/// The failure that ended the session.
pub async fn follow(
    scope: &EventScope,
    cursor: FollowCursor,
    provider: &AwsProvider,
    deliver: impl FnMut(FollowBatch) + Send,
) -> LogsError {
    let _ = (scope, cursor, provider, deliver);
    todo!("follow")
}
