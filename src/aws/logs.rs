//! CloudWatch Logs: log groups, streams and events, every listing paginated
//! to the end and streamed page by page, and follow sessions (StartLiveTail
//! where it works, FilterLogEvents polling with a cursor otherwise).

mod events;
mod follow;
mod model;

use std::future::Future;
use std::time::Duration;

use aws_sdk_cloudwatchlogs::types::OrderBy;
use futures_util::FutureExt;

pub use self::events::{NEWEST_STREAMS, STREAM_NAMES_PER_CALL, filter_events, newest_events};
pub use self::follow::{FollowCursor, FollowOptions, LATE_WINDOW_MS, follow, follow_with};
pub use self::model::{EventScope, FollowBatch, FollowVia, LogEvent, LogGroup, LogStream, TimeRange, from_millis};

use super::call::Answer;
use super::error::{AwsError, Call, ErrorKind, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

/// Log groups per DescribeLogGroups page (the API maximum).
pub const GROUPS_PAGE_SIZE: i32 = 50;
/// Streams per DescribeLogStreams page (the API maximum).
pub const STREAMS_PAGE_SIZE: i32 = 50;
/// Events per FilterLogEvents / GetLogEvents page (the API maximum).
pub const EVENTS_PAGE_SIZE: i32 = 10_000;
/// Waits before each retry of a throttled call, on top of the SDK's own
/// retries. FilterLogEvents allows a handful of calls a second per account
/// and region, shared with every other reader of the account's logs.
pub const THROTTLE_BACKOFF: [Duration; 3] =
    [Duration::from_millis(250), Duration::from_millis(1000), Duration::from_millis(3000)];

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

/// What a call was about, to turn its failure into a [`LogsError`].
#[derive(Debug, Clone, Copy)]
struct Target<'a> {
    /// The log group.
    group: &'a str,
    /// The streams the call named (none: the whole group or a prefix).
    streams: &'a [String],
    /// The filter pattern the call sent, if any.
    pattern: Option<&'a str>,
    /// The region of a client for another region.
    region: Option<&'a str>,
}

/// Maps a failed (and already logged) call to what it means for its target:
/// `ResourceNotFoundException` is the group or a stream (from AWS's message,
/// else from whether the call named streams), `InvalidParameterException` on
/// a call with a pattern is the pattern; anything else passes through.
fn fail(mut error: AwsError, target: Target<'_>) -> LogsError {
    if let Some(region) = target.region {
        error.region = Some(region.to_owned());
    }
    let message = error.message.as_deref().unwrap_or_default().to_ascii_lowercase();
    match error.code.as_deref() {
        Some("ResourceNotFoundException") => {
            let stream_named = message.contains("stream") && !message.contains("log group");
            if !target.streams.is_empty() && (stream_named || !message.contains("group")) {
                LogsError::StreamNotFound { group: target.group.to_owned(), stream: target.streams.join(", ") }
            } else {
                LogsError::GroupNotFound { group: target.group.to_owned() }
            }
        }
        Some("InvalidParameterException") if target.pattern.is_some_and(|p| !p.is_empty()) => {
            LogsError::InvalidPattern {
                pattern: target.pattern.unwrap_or_default().to_owned(),
                message: error.message.clone().unwrap_or_else(|| "invalid filter pattern".to_owned()),
            }
        }
        _ => LogsError::Aws(error),
    }
}

/// Runs `attempt` again after [`THROTTLE_BACKOFF`] waits while it is throttled.
async fn retry_throttled<T, F, Fut>(what: &str, mut attempt: F) -> Result<T, LogsError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, LogsError>>,
{
    let mut waits = THROTTLE_BACKOFF.iter();
    loop {
        match attempt().await {
            Err(e) if e.kind() == ErrorKind::Throttled => match waits.next() {
                Some(wait) => {
                    tracing::info!(resource = what, wait_ms = wait.as_millis(), "logs throttled; retrying");
                    tokio::time::sleep(*wait).await;
                }
                None => return Err(e),
            },
            other => return other,
        }
    }
}

/// The client for `region`, or the context's.
fn client(provider: &AwsProvider, region: Option<&str>) -> aws_sdk_cloudwatchlogs::Client {
    region.map_or_else(|| provider.logs(), |r| provider.logs_in(r))
}

/// Log groups (DescribeLogGroups), page by page, in name order; `prefix` is
/// sent to AWS as `logGroupNamePrefix`. Empty pages that carry a token do not
/// end the listing, and throttled pages are retried with backoff.
#[must_use]
pub fn list_groups(prefix: Option<&str>, provider: &AwsProvider) -> Pages<LogGroup, LogsError> {
    list_groups_by(prefix, None, provider)
}

/// Log groups whose names hold `text` (DescribeLogGroups'
/// `logGroupNamePattern`: a case-sensitive substring), page by page.
#[must_use]
pub fn find_groups(text: &str, provider: &AwsProvider) -> Pages<LogGroup, LogsError> {
    describe_groups(GroupNames::Holding(text.to_owned()), None, provider)
}

/// DescribeLogGroups in `region` (the context's when `None`).
fn list_groups_by(prefix: Option<&str>, region: Option<&str>, provider: &AwsProvider) -> Pages<LogGroup, LogsError> {
    let names = prefix.filter(|p| !p.is_empty()).map_or(GroupNames::All, |p| GroupNames::StartingWith(p.to_owned()));
    describe_groups(names, region, provider)
}

/// Which groups DescribeLogGroups is asked for.
#[derive(Clone)]
enum GroupNames {
    All,
    StartingWith(String),
    Holding(String),
}

fn describe_groups(names: GroupNames, region: Option<&str>, provider: &AwsProvider) -> Pages<LogGroup, LogsError> {
    let client = client(provider, region);
    let provider = provider.clone();
    let (prefix, pattern) = match names {
        GroupNames::All => (None, None),
        GroupNames::StartingWith(prefix) => (Some(prefix), None),
        GroupNames::Holding(text) => (None, Some(text)),
    };
    let region = region.map(str::to_owned);
    Pages::new(move |token, page| {
        let (client, provider, prefix, pattern, region) =
            (client.clone(), provider.clone(), prefix.clone(), pattern.clone(), region.clone());
        async move {
            let resource = match (&prefix, &pattern) {
                (Some(p), _) => format!("log groups {p}*"),
                (None, Some(text)) => format!("log groups named *{text}*"),
                (None, None) => "all log groups".to_owned(),
            };
            retry_throttled(&resource, || {
                let (client, provider, prefix, pattern, region, token, resource) = (
                    client.clone(),
                    provider.clone(),
                    prefix.clone(),
                    pattern.clone(),
                    region.clone(),
                    token.clone(),
                    resource.clone(),
                );
                async move {
                    let call = Call { service: "logs", operation: "DescribeLogGroups", resource: &resource };
                    let request = client
                        .describe_log_groups()
                        .set_log_group_name_prefix(prefix.clone())
                        .set_log_group_name_pattern(pattern)
                        .limit(GROUPS_PAGE_SIZE)
                        .set_next_token(token)
                        .send();
                    let group = prefix.as_deref().unwrap_or_default();
                    provider
                        .send(call, page, request, |out| {
                            let items: Vec<LogGroup> = out.log_groups().iter().map(LogGroup::from_sdk).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| {
                            fail(failed.error, Target { group, streams: &[], pattern: None, region: region.as_deref() })
                        })
                }
            })
            .await
        }
        .boxed()
    })
}

/// A group's streams (DescribeLogStreams ordered by `LastEventTime`,
/// descending), newest event first, page by page. `region`: the group lives
/// in that region rather than the context's. CloudWatch updates a stream's
/// last event time lazily (within an hour), so the order is approximate for
/// streams written in the last hour.
#[must_use]
pub fn list_streams(group: &str, region: Option<&str>, provider: &AwsProvider) -> Pages<LogStream, LogsError> {
    list_streams_by(group, region, None, provider)
}

/// DescribeLogStreams: by last event time, descending, without `prefix`;
/// with one (AWS refuses `LastEventTime` order with a prefix), by name.
fn list_streams_by(
    group: &str,
    region: Option<&str>,
    prefix: Option<&str>,
    provider: &AwsProvider,
) -> Pages<LogStream, LogsError> {
    let client = client(provider, region);
    let provider = provider.clone();
    let (group, region, prefix) = (group.to_owned(), region.map(str::to_owned), prefix.map(str::to_owned));
    Pages::new(move |token, page| {
        let (client, provider, group, region, prefix) =
            (client.clone(), provider.clone(), group.clone(), region.clone(), prefix.clone());
        async move {
            let resource = format!("streams of log group {group}");
            retry_throttled(&resource, || {
                let (client, provider, group, region, prefix, token, resource) = (
                    client.clone(),
                    provider.clone(),
                    group.clone(),
                    region.clone(),
                    prefix.clone(),
                    token.clone(),
                    resource.clone(),
                );
                async move {
                    let call = Call { service: "logs", operation: "DescribeLogStreams", resource: &resource };
                    let mut request = client.describe_log_streams().log_group_name(&group).limit(STREAMS_PAGE_SIZE);
                    request = match &prefix {
                        Some(prefix) => request.log_stream_name_prefix(prefix).order_by(OrderBy::LogStreamName),
                        None => request.order_by(OrderBy::LastEventTime).descending(true),
                    };
                    provider
                        .send(call, page, request.set_next_token(token).send(), |out| {
                            let items: Vec<LogStream> = out.log_streams().iter().map(LogStream::from_sdk).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| {
                            let target =
                                Target { group: &group, streams: &[], pattern: None, region: region.as_deref() };
                            fail(failed.error, target)
                        })
                }
            })
            .await
        }
        .boxed()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aws(code: &str, message: &str) -> AwsError {
        let mut e = AwsError::internal("FilterLogEvents", "log group /ecs/web", "x");
        e.service = "logs";
        e.kind = crate::aws::error::kind_for_code(Some(code), 400);
        e.code = Some(code.to_owned());
        e.message = Some(message.to_owned());
        e
    }

    #[test]
    fn not_found_is_the_group_or_the_stream_by_message_and_call() {
        let streams = ["web/app/1".to_owned()];
        let one = Target { group: "/ecs/web", streams: &streams, pattern: None, region: None };
        let whole = Target { streams: &[], ..one };
        let group_gone = aws("ResourceNotFoundException", "The specified log group does not exist.");
        let stream_gone = aws("ResourceNotFoundException", "The specified log stream does not exist.");
        let vague = aws("ResourceNotFoundException", "The specified resource does not exist.");
        assert!(matches!(fail(group_gone.clone(), one), LogsError::GroupNotFound { .. }));
        assert!(matches!(fail(group_gone, whole), LogsError::GroupNotFound { .. }));
        assert!(
            matches!(fail(stream_gone, one), LogsError::StreamNotFound { ref stream, .. } if stream == "web/app/1")
        );
        assert!(matches!(fail(vague.clone(), one), LogsError::StreamNotFound { .. }));
        assert!(matches!(fail(vague, whole), LogsError::GroupNotFound { .. }));
    }

    #[test]
    fn invalid_parameters_are_the_pattern_only_when_one_was_sent() {
        let with = Target { group: "g", streams: &[], pattern: Some("{ $.x = "), region: Some("eu-west-1") };
        let error = fail(aws("InvalidParameterException", "Invalid character(s) in term"), with);
        assert_eq!(
            error,
            LogsError::InvalidPattern { pattern: "{ $.x = ".into(), message: "Invalid character(s) in term".into() }
        );
        let without = Target { pattern: None, ..with };
        let passed = fail(aws("InvalidParameterException", "bad limit"), without);
        assert!(matches!(passed, LogsError::Aws(ref e) if e.region.as_deref() == Some("eu-west-1")), "{passed:?}");
    }

    #[test]
    fn access_denied_names_the_logs_action() {
        let target = Target { group: "g", streams: &[], pattern: None, region: None };
        let error = fail(aws("AccessDeniedException", "not authorized"), target);
        assert!(error.to_string().contains("logs:FilterLogEvents"), "{error}");
    }
}
