//! Reading events: FilterLogEvents over a time range (streams interleaved,
//! oldest first) and the newest events of a scope however old they are
//! (GetLogEvents from the end of each stream).

use std::collections::VecDeque;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::{FutureExt, StreamExt, TryStreamExt};
use tokio::sync::Mutex;

use super::{
    AwsProvider, EVENTS_PAGE_SIZE, EventScope, LogEvent, LogStream, LogsError, Target, TimeRange, client, fail,
    list_streams_by, retry_throttled,
};
use crate::aws::call::Answer;
use crate::aws::error::Call;
use crate::aws::pages::{Page, Pages};

/// Stream names FilterLogEvents and StartLiveTail take per call (the API
/// maximum). [`filter_events`] splits longer lists into calls of this many
/// and merges their events in time order.
pub const STREAM_NAMES_PER_CALL: usize = 100;
/// Streams [`newest_events`] reads when the scope names none: the group's
/// (or the prefix's) streams with the newest events.
pub const NEWEST_STREAMS: usize = 20;
/// GetLogEvents calls in flight at once in [`newest_events`].
const NEWEST_CONCURRENCY: usize = 4;
/// Streams of a prefix [`newest_events`] looks through (by name, as AWS
/// lists a prefix) to find those with the newest events.
const PREFIX_SCAN_STREAMS: usize = 1_000;
/// GetLogEvents pages read backwards per stream at most.
const BACKWARD_PAGES: u32 = 20;

/// The events of `scope` in `range` (FilterLogEvents, streams interleaved in
/// time order), page by page, oldest first.
///
/// More than [`STREAM_NAMES_PER_CALL`] streams are read in several listings
/// whose pages are merged as they arrive, so the events still come oldest
/// first. With a prefix only events of streams that start with it are kept
/// (AWS filters by the prefix; the emulator ignores it). An empty page that
/// carries a token does not end the listing; throttled pages are retried.
#[must_use]
pub fn filter_events(scope: &EventScope, range: TimeRange, provider: &AwsProvider) -> Pages<LogEvent, LogsError> {
    let chunks: Vec<Vec<String>> = if scope.streams.is_empty() {
        vec![Vec::new()]
    } else {
        scope.streams.chunks(STREAM_NAMES_PER_CALL).map(<[String]>::to_vec).collect()
    };
    let lister = Lister { client: client(provider, scope.region.as_deref()), provider: provider.clone(), range };
    if let [streams] = chunks.as_slice() {
        let (lister, scope) = (Arc::new(lister), EventScope { streams: streams.clone(), ..scope.clone() });
        return Pages::new(move |token, page| {
            let (lister, scope) = (Arc::clone(&lister), scope.clone());
            async move { lister.page(&scope, token, page).await }.boxed()
        });
    }
    let lanes = chunks
        .into_iter()
        .map(|streams| Lane {
            scope: EventScope { streams, ..scope.clone() },
            token: None,
            pages: 0,
            buffer: VecDeque::new(),
            frontier: i64::MIN,
            done: false,
        })
        .collect();
    let merge = Arc::new(Mutex::new(Merge { lister, lanes }));
    Pages::new(move |_, _| {
        let merge = Arc::clone(&merge);
        async move { merge.lock().await.next().await }.boxed()
    })
}

/// What every FilterLogEvents page of one listing shares.
struct Lister {
    client: aws_sdk_cloudwatchlogs::Client,
    provider: AwsProvider,
    range: TimeRange,
}

impl Lister {
    /// One FilterLogEvents page of `scope` (at most [`STREAM_NAMES_PER_CALL`] streams).
    fn page(
        &self,
        scope: &EventScope,
        token: Option<String>,
        page: u32,
    ) -> BoxFuture<'static, Page<LogEvent, LogsError>> {
        let (client, provider, range, scope) = (self.client.clone(), self.provider.clone(), self.range, scope.clone());
        async move {
            let resource = scope.describe();
            retry_throttled(&resource, || {
                let (client, provider, scope, token, resource) =
                    (client.clone(), provider.clone(), scope.clone(), token.clone(), resource.clone());
                async move {
                    let call = Call { service: "logs", operation: "FilterLogEvents", resource: &resource };
                    let pattern = scope.pattern.clone().filter(|p| !p.is_empty());
                    let prefix = scope.prefix.clone().filter(|p| !p.is_empty() && scope.streams.is_empty());
                    let request = client
                        .filter_log_events()
                        .log_group_name(&scope.group)
                        .set_log_stream_names((!scope.streams.is_empty()).then(|| scope.streams.clone()))
                        .set_log_stream_name_prefix(prefix.clone())
                        .set_filter_pattern(pattern.clone())
                        .set_start_time(range.start)
                        // AWS's endTime is inclusive; the range's end is not.
                        .set_end_time(range.end.map(|end| end - 1))
                        .limit(super::EVENTS_PAGE_SIZE)
                        .set_next_token(token);
                    // AWS always interleaves (and ignores the flag); the emulator
                    // returns stream after stream without it.
                    #[allow(deprecated, reason = "ignored by AWS, needed by the emulator for time order")]
                    let request = request.interleaved(true);
                    let keep = |e: &LogEvent| prefix.as_deref().is_none_or(|p| e.stream.starts_with(p));
                    provider
                        .send(call, page, request.send(), |out| {
                            let items: Vec<LogEvent> =
                                out.events().iter().map(LogEvent::from_filtered).filter(keep).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| {
                            let target = Target {
                                group: &scope.group,
                                streams: &scope.streams,
                                pattern: pattern.as_deref(),
                                region: scope.region.as_deref(),
                            };
                            fail(failed.error, target)
                        })
                }
            })
            .await
        }
        .boxed()
    }
}

/// One listing of a merged [`filter_events`]: up to
/// [`STREAM_NAMES_PER_CALL`] streams, its fetched but unmerged events, and
/// the timestamp of the last event it fetched.
struct Lane {
    scope: EventScope,
    token: Option<String>,
    pages: u32,
    buffer: VecDeque<LogEvent>,
    frontier: i64,
    done: bool,
}

/// Several listings merged into one, oldest first.
struct Merge {
    lister: Lister,
    lanes: Vec<Lane>,
}

impl Merge {
    /// Fetches a page of every listing that has nothing buffered, then hands
    /// out every buffered event no listing can still precede: those up to the
    /// oldest "last fetched" time among the listings not yet finished.
    async fn next(&mut self) -> Page<LogEvent, LogsError> {
        for lane in self.lanes.iter_mut().filter(|l| !l.done && l.buffer.is_empty()) {
            lane.pages += 1;
            let (events, next) = self.lister.page(&lane.scope, lane.token.take(), lane.pages).await?;
            if let Some(last) = events.iter().map(|e| e.timestamp).max() {
                lane.frontier = lane.frontier.max(last);
            }
            lane.buffer.extend(events);
            lane.token = next.filter(|t| !t.is_empty());
            lane.done = lane.token.is_none();
        }
        let bound = self.lanes.iter().filter(|l| !l.done).map(|l| l.frontier).min();
        let mut out = Vec::new();
        for lane in &mut self.lanes {
            while lane.buffer.front().is_some_and(|e| bound.is_none_or(|b| e.timestamp <= b)) {
                out.extend(lane.buffer.pop_front());
            }
        }
        out.sort_by_key(|e| e.timestamp);
        let finished = self.lanes.iter().all(|l| l.done && l.buffer.is_empty());
        Ok((out, (!finished).then(|| "merge".to_owned())))
    }
}

/// The newest `limit` events of `scope`, however old they are, oldest first:
/// GetLogEvents from the end of each stream (the [`NEWEST_STREAMS`] streams
/// with the newest events when `scope` names none), [`NEWEST_CONCURRENCY`]
/// streams at a time, merged in time order. Events come without an id.
///
/// GetLogEvents takes no filter pattern, so a scope with a pattern is read
/// with FilterLogEvents instead, over ever longer windows back from now (an
/// hour, a day, a week, then everything) until `limit` events are found.
///
/// # Errors
/// The classified failure.
pub async fn newest_events(
    scope: &EventScope,
    limit: usize,
    provider: &AwsProvider,
) -> Result<Vec<LogEvent>, LogsError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    if scope.pattern.as_deref().is_some_and(|p| !p.is_empty()) {
        return newest_matching(scope, limit, provider).await;
    }
    let streams = if scope.streams.is_empty() { newest_streams(scope, provider).await? } else { scope.streams.clone() };
    let client = client(provider, scope.region.as_deref());
    let per_stream: Vec<Vec<LogEvent>> = futures_util::stream::iter(streams)
        .map(|stream| {
            let (client, provider) = (client.clone(), provider.clone());
            async move { stream_tail(&client, &provider, scope, &stream, limit).await }
        })
        .buffer_unordered(NEWEST_CONCURRENCY)
        .try_collect()
        .await?;
    let mut all: Vec<LogEvent> = per_stream.into_iter().flatten().collect();
    all.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then_with(|| a.stream.cmp(&b.stream)));
    let skip = all.len().saturating_sub(limit);
    Ok(all.split_off(skip))
}

/// The streams of `scope` with the newest events, newest first. Without a
/// prefix AWS orders them; with one it lists by name only, so up to
/// [`PREFIX_SCAN_STREAMS`] are listed and sorted here.
async fn newest_streams(scope: &EventScope, provider: &AwsProvider) -> Result<Vec<String>, LogsError> {
    let prefix = scope.prefix.as_deref().filter(|p| !p.is_empty());
    let mut pages = list_streams_by(&scope.group, scope.region.as_deref(), prefix, provider);
    let mut found: Vec<LogStream> = Vec::new();
    let wanted = if prefix.is_some() { PREFIX_SCAN_STREAMS } else { NEWEST_STREAMS };
    while found.len() < wanted {
        match pages.next_page().await {
            Some(page) => found.extend(page?),
            None => break,
        }
    }
    if prefix.is_some() {
        // Streams never written to last; the sort is stable for equal times.
        found.sort_by_key(|s| std::cmp::Reverse(s.last_event));
    }
    Ok(found.into_iter().filter(|s| s.last_event.is_some()).take(NEWEST_STREAMS).map(|s| s.name).collect())
}

/// The last `limit` events of one stream (GetLogEvents from the end,
/// backwards, until `limit` or the start of the stream), oldest first.
async fn stream_tail(
    client: &aws_sdk_cloudwatchlogs::Client,
    provider: &AwsProvider,
    scope: &EventScope,
    stream: &str,
    limit: usize,
) -> Result<Vec<LogEvent>, LogsError> {
    let resource = format!("stream {stream} of log group {}", scope.group);
    let per_call = i32::try_from(limit).unwrap_or(EVENTS_PAGE_SIZE).min(EVENTS_PAGE_SIZE);
    let mut pages: Vec<Vec<LogEvent>> = Vec::new();
    let (mut token, mut count) = (None::<String>, 0);
    for page in 1..=BACKWARD_PAGES {
        let sent = token.clone();
        let (events, backward) = retry_throttled(&resource, || {
            let token = sent.clone();
            let resource = &resource;
            async move {
                let call = Call { service: "logs", operation: "GetLogEvents", resource };
                let request = client
                    .get_log_events()
                    .log_group_name(&scope.group)
                    .log_stream_name(stream)
                    .start_from_head(false)
                    .limit(per_call)
                    .set_next_token(token)
                    .send();
                provider
                    .send(call, page, request, |out| {
                        let events: Vec<LogEvent> =
                            out.events().iter().map(|e| LogEvent::from_output(e, stream)).collect();
                        Answer::page(events, out.next_backward_token().map(str::to_owned))
                    })
                    .await
                    .map_err(|failed| {
                        let streams = [stream.to_owned()];
                        let target = Target {
                            group: &scope.group,
                            streams: &streams,
                            pattern: None,
                            region: scope.region.as_deref(),
                        };
                        fail(failed.error, target)
                    })
            }
        })
        .await?;
        let empty = events.is_empty();
        count += events.len();
        pages.push(events);
        // GetLogEvents hands back the token it was given at the start of the stream.
        if empty || count >= limit || backward.is_none() || backward == token {
            break;
        }
        token = backward;
    }
    pages.reverse();
    let mut events: Vec<LogEvent> = pages.into_iter().flatten().collect();
    events.sort_by_key(|e| e.timestamp);
    let skip = events.len().saturating_sub(limit);
    Ok(events.split_off(skip))
}

/// Windows [`newest_matching`] reads, back from now: an hour, a day, a week.
const WINDOWS_MS: [i64; 3] = [3_600_000, 86_400_000, 7 * 86_400_000];

/// The newest `limit` events matching the scope's pattern: FilterLogEvents
/// over the last hour, then the day before that, the week, and everything
/// older, keeping only the newest `limit` of what each window returns.
async fn newest_matching(scope: &EventScope, limit: usize, provider: &AwsProvider) -> Result<Vec<LogEvent>, LogsError> {
    let now = crate::aws::time::now_ms();
    let mut found: VecDeque<LogEvent> = VecDeque::new();
    let mut end = now + 1;
    for start in WINDOWS_MS.iter().map(|w| Some(now - w)).chain([None]) {
        let mut window: VecDeque<LogEvent> = VecDeque::new();
        let mut pages = filter_events(scope, TimeRange { start, end: Some(end) }, provider);
        while let Some(page) = pages.next_page().await {
            window.extend(page?);
            while window.len() + found.len() > limit {
                window.pop_front();
            }
        }
        for event in window.into_iter().rev() {
            found.push_front(event);
        }
        if found.len() >= limit {
            break;
        }
        match start {
            Some(start) => end = start,
            None => break,
        }
    }
    Ok(found.into())
}
