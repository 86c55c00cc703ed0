//! Following a scope: new events as they are written.
//!
//! [`follow`] tries StartLiveTail first: CloudWatch pushes new events for
//! up to three hours a session, and a session that ends is started again. If
//! live tail cannot start (not offered, `logs:StartLiveTail` denied, no
//! answer within 15 s, more than [`STREAM_NAMES_PER_CALL`] streams), a
//! session ends within seconds of starting, or a session goes silent for a
//! minute, it polls FilterLogEvents about once a second instead, for the rest
//! of the session. Either way every event passes through a [`FollowCursor`],
//! which delivers each event once. Why it fell back is logged (never an
//! event's text).

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointPrefix;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures_util::FutureExt;
use tokio::time::Instant;

use super::events::STREAM_NAMES_PER_CALL;
use super::{
    EventScope, FollowBatch, FollowVia, LogEvent, LogsError, TimeRange, client, filter_events, list_groups_by,
};
use crate::aws::call::Answer;
use crate::aws::error::Call;
use crate::aws::provider::AwsProvider;

/// How far behind the newest event seen a late event is still delivered, in
/// milliseconds. CloudWatch makes an event searchable a few seconds after it
/// is written, and writers batch, so an event can turn up after newer ones;
/// polling looks back this far, and the cursor remembers what it delivered
/// inside this window. Later stragglers are not delivered.
pub const LATE_WINDOW_MS: i64 = 10_000;

/// An event as the cursor tells events apart: time, stream and text.
type Key = (i64, String, String);

/// What a follow session has delivered, so polling neither repeats nor skips
/// an event (several events may share a millisecond).
///
/// Events are told apart by CloudWatch's event id where they have one, and
/// by time, stream and text where they do not (GetLogEvents, live tail); an
/// event seen first without an id and later with one is the same event. Two
/// events with the same time, stream and text but no id are told apart by
/// count: a batch with two of them after one was delivered delivers one more.
///
/// Only events at or after [`FollowCursor::poll_start`] are delivered; the
/// cursor forgets what it delivered before then, so its memory holds one
/// [`LATE_WINDOW_MS`] of events.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FollowCursor {
    /// Nothing older is delivered (or remembered).
    floor: i64,
    /// The newest timestamp delivered or held by the view.
    newest: i64,
    /// Per event key, the ids of the copies delivered (empty: no id known).
    seen: BTreeMap<Key, Vec<String>>,
}

impl FollowCursor {
    /// A cursor after `events` (what the view already holds): it delivers
    /// none of them again, and nothing older than [`LATE_WINDOW_MS`] before
    /// the newest of them. With no events it delivers what is at or after
    /// `since` (ms since the epoch); `since` is not used otherwise.
    #[must_use]
    pub fn after(events: &[LogEvent], since: i64) -> Self {
        let Some(newest) = events.iter().map(|e| e.timestamp).max() else {
            return Self { floor: since, newest: since, seen: BTreeMap::new() };
        };
        let mut cursor = Self { floor: newest.saturating_sub(LATE_WINDOW_MS), newest, seen: BTreeMap::new() };
        for event in events.iter().filter(|e| e.timestamp >= cursor.floor) {
            cursor.seen.entry(key(event)).or_default().push(event.id.clone());
        }
        cursor
    }

    /// The events of `batch` not delivered before, oldest first; remembers them.
    pub fn accept(&mut self, batch: Vec<LogEvent>) -> Vec<LogEvent> {
        let mut fresh = Vec::new();
        // Per key: how many copies were remembered before this batch, and how
        // many id-less copies this batch has held so far.
        let mut counts: HashMap<Key, (usize, usize)> = HashMap::new();
        for event in batch {
            if event.timestamp < self.floor {
                continue;
            }
            let key = key(&event);
            let ids = self.seen.entry(key.clone()).or_default();
            let (before, idless) = counts.entry(key).or_insert((ids.len(), 0));
            let new = if event.id.is_empty() {
                *idless += 1;
                *idless > *before
            } else if ids.contains(&event.id) {
                false
            } else if let Some(slot) = ids.iter_mut().find(|id| id.is_empty()) {
                // Delivered before without its id; now it has one.
                slot.clone_from(&event.id);
                false
            } else {
                true
            };
            if new {
                ids.push(event.id.clone());
                fresh.push(event);
            }
        }
        fresh.sort_by_key(|e| e.timestamp);
        if let Some(last) = fresh.last() {
            self.newest = self.newest.max(last.timestamp);
        }
        self.floor = self.floor.max(self.newest.saturating_sub(LATE_WINDOW_MS));
        // Forget what is below the floor: nothing there is delivered again.
        self.seen = self.seen.split_off(&(self.floor, String::new(), String::new()));
        fresh
    }

    /// The `startTime` (ms since the epoch) to poll from: [`LATE_WINDOW_MS`]
    /// before the newest event delivered, or where the cursor started.
    #[must_use]
    pub fn poll_start(&self) -> i64 {
        self.floor
    }

    /// The newest event time delivered or held when the cursor was made.
    #[must_use]
    pub fn newest(&self) -> i64 {
        self.newest
    }

    /// How many events the cursor remembers (those inside the window).
    #[must_use]
    pub fn remembered(&self) -> usize {
        self.seen.values().map(Vec::len).sum()
    }
}

fn key(event: &LogEvent) -> Key {
    (event.timestamp, event.stream.clone(), event.message.clone())
}

/// How [`follow_with`] follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FollowOptions {
    /// Try StartLiveTail before polling. Live tail is billed by the minute
    /// of session; polling by the FilterLogEvents call.
    pub live_tail: bool,
    /// A live tail session that ends sooner than this after it started means
    /// live tail does not work here (an emulator, a proxy): poll instead.
    pub early_end: Duration,
    /// The wait between two FilterLogEvents polls.
    pub poll_every: Duration,
}

impl Default for FollowOptions {
    fn default() -> Self {
        Self { live_tail: true, early_end: Duration::from_secs(5), poll_every: Duration::from_secs(1) }
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
    follow_with(scope, cursor, provider, FollowOptions::default(), deliver).await
}

/// [`follow`] with explicit [`FollowOptions`].
///
/// Each batch is oldest first. A later batch may hold events older than the
/// newest of an earlier one (late events, or the catch-up FilterLogEvents
/// call made when a live tail session starts, which closes the gap between
/// loading the view and the session's start); a view should insert by time.
///
/// # Errors
/// The failure that ended the session: only polling fails; live tail falls
/// back to it.
pub async fn follow_with(
    scope: &EventScope,
    mut cursor: FollowCursor,
    provider: &AwsProvider,
    options: FollowOptions,
    mut deliver: impl FnMut(FollowBatch) + Send,
) -> LogsError {
    let what = scope.describe();
    if options.live_tail {
        loop {
            let started = Instant::now();
            match live_tail(scope, &mut cursor, provider, &mut deliver).await {
                Err(reason) => {
                    tracing::info!(scope = %what, reason, "live tail unavailable; following by polling");
                    break;
                }
                Ok(Ended::Silent) => {
                    let silent_s = SILENCE.as_secs();
                    tracing::info!(scope = %what, silent_s, "live tail session went silent; following by polling");
                    break;
                }
                Ok(Ended::Closed(end)) if started.elapsed() < options.early_end => {
                    let lasted_ms = started.elapsed().as_millis();
                    tracing::info!(scope = %what, end, lasted_ms, "live tail session ended at once; following by polling");
                    break;
                }
                Ok(Ended::Closed(end)) => {
                    let lasted_s = started.elapsed().as_secs();
                    tracing::info!(scope = %what, end, lasted_s, "live tail session ended; starting another");
                }
            }
        }
    }
    loop {
        if let Err(e) = poll(scope, &mut cursor, provider, FollowVia::Polling, &mut deliver).await {
            return e;
        }
        tokio::time::sleep(options.poll_every).await;
    }
}

/// One FilterLogEvents poll from the cursor's start, every page; delivers
/// what is new.
async fn poll(
    scope: &EventScope,
    cursor: &mut FollowCursor,
    provider: &AwsProvider,
    via: FollowVia,
    deliver: &mut (impl FnMut(FollowBatch) + Send),
) -> Result<(), LogsError> {
    let range = TimeRange { start: Some(cursor.poll_start()), end: None };
    let events = filter_events(scope, range, provider).collect_all().await?;
    let fresh = cursor.accept(events);
    if !fresh.is_empty() {
        deliver(FollowBatch { events: fresh, via, sampled: false });
    }
    Ok(())
}

/// The ARN of `scope`'s group (DescribeLogGroups with its name as prefix).
async fn group_arn(scope: &EventScope, provider: &AwsProvider) -> Result<String, String> {
    let mut pages = list_groups_by(Some(&scope.group), scope.region.as_deref(), provider);
    while let Some(page) = pages.next_page().await {
        let page = page.map_err(|e| format!("DescribeLogGroups failed ({:?})", e.kind()))?;
        if let Some(group) = page.into_iter().find(|g| g.name == scope.group) {
            return group.arn.ok_or_else(|| "DescribeLogGroups gave the group no ARN".to_owned());
        }
    }
    Err("DescribeLogGroups did not list the group".to_owned())
}

/// How long StartLiveTail may take to answer with its first message.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a live tail session may send nothing at all. CloudWatch sends
/// an update every second or so, empty when nothing was written; silence
/// means something between here and CloudWatch holds the stream back.
const SILENCE: Duration = Duration::from_secs(60);

/// How a live tail session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ended {
    /// The stream closed or failed (why, for the log).
    Closed(&'static str),
    /// Nothing came for [`SILENCE`].
    Silent,
}

/// One live tail session: starts it, makes one catch-up poll, delivers its
/// updates through the cursor until it ends. `Err`: it could not start (the
/// reason, for the log); `Ok`: how it ended.
async fn live_tail(
    scope: &EventScope,
    cursor: &mut FollowCursor,
    provider: &AwsProvider,
    deliver: &mut (impl FnMut(FollowBatch) + Send),
) -> Result<Ended, String> {
    if scope.streams.len() > STREAM_NAMES_PER_CALL {
        return Err(format!("{} streams (live tail takes {STREAM_NAMES_PER_CALL})", scope.streams.len()));
    }
    let arn = group_arn(scope, provider).await?;
    let resource = scope.describe();
    let call = Call { service: "logs", operation: "StartLiveTail", resource: &resource };
    let prefix = scope.prefix.clone().filter(|p| !p.is_empty() && scope.streams.is_empty());
    let request = client(provider, scope.region.as_deref())
        .start_live_tail()
        .log_group_identifiers(&arn)
        .set_log_stream_names((!scope.streams.is_empty()).then(|| scope.streams.clone()))
        .set_log_stream_name_prefixes(prefix.map(|p| vec![p]))
        .set_log_event_filter_pattern(scope.pattern.clone().filter(|p| !p.is_empty()));
    let request = if provider.environment().endpoint_url.is_some() {
        request.customize().interceptor(NoHostPrefix).send().boxed()
    } else {
        request.send().boxed()
    };
    let mut output = tokio::time::timeout(START_TIMEOUT, provider.send(call, 1, request, Answer::one))
        .await
        .map_err(|_| format!("StartLiveTail did not answer within {} s", START_TIMEOUT.as_secs()))?
        .map_err(|failed| format!("StartLiveTail failed: {}", failed.error.code.as_deref().unwrap_or("no code")))?;
    // The view was loaded before the session started: fetch what was written since.
    if let Err(e) = poll(scope, cursor, provider, FollowVia::LiveTail, deliver).await {
        tracing::info!(scope = %resource, kind = ?e.kind(), "catch-up poll after starting live tail failed");
    }
    loop {
        let Ok(next) = tokio::time::timeout(SILENCE, output.response_stream.recv()).await else {
            return Ok(Ended::Silent);
        };
        match next {
            Ok(Some(StartLiveTailResponseStream::SessionStart(_))) => {
                tracing::info!(scope = %resource, "live tail session started");
            }
            Ok(Some(StartLiveTailResponseStream::SessionUpdate(update))) => {
                // Only the scope's: the emulator answers about another group than the one asked for.
                let events: Vec<LogEvent> = update
                    .session_results()
                    .iter()
                    .filter(|e| e.log_group_identifier().is_none_or(|g| g.trim_end_matches(":*") == arn))
                    .map(LogEvent::from_live_tail)
                    .filter(|e| in_scope(scope, &e.stream))
                    .collect();
                let sampled = update.session_metadata().is_some_and(|m| m.sampled());
                let fresh = cursor.accept(events);
                if !fresh.is_empty() {
                    deliver(FollowBatch { events: fresh, via: FollowVia::LiveTail, sampled });
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => return Ok(Ended::Closed("the stream ended")),
            Err(e) => {
                let code = e.as_service_error().and_then(ProvideErrorMetadata::code).unwrap_or("no code");
                tracing::info!(scope = %resource, code, "live tail session failed");
                return Ok(Ended::Closed("the session failed"));
            }
        }
    }
}

/// Whether `stream` is one of `scope`'s streams.
fn in_scope(scope: &EventScope, stream: &str) -> bool {
    match (scope.streams.as_slice(), scope.prefix.as_deref()) {
        ([], None) => true,
        ([], Some(prefix)) => stream.starts_with(prefix),
        (streams, _) => streams.iter().any(|s| s == stream),
    }
}

/// Keeps StartLiveTail's `stream-` host prefix off a custom endpoint (an
/// emulator, a proxy): put before `localhost` or an IP address it names a
/// host that does not exist.
#[derive(Debug)]
struct NoHostPrefix;

impl Intercept for NoHostPrefix {
    fn name(&self) -> &'static str {
        "NoHostPrefix"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        cfg.interceptor_state().unset::<EndpointPrefix>();
        Ok(())
    }
}

#[cfg(test)]
#[path = "follow_tests.rs"]
mod tests;
