//! Following over the fake transport: a live tail session whose HTTP body is
//! an AWS event stream (frames encoded here), restarted when it ends after
//! lasting; live tail refused, and polling with its lookback window.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::*;

const T0: i64 = 1_700_000_000_000;

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// One event-stream message: prelude, string headers, payload, CRCs.
fn frame(headers: &[(&str, &str)], payload: &str) -> Vec<u8> {
    let mut encoded = Vec::new();
    for (name, value) in headers {
        encoded.push(u8::try_from(name.len()).expect("short name"));
        encoded.extend(name.as_bytes());
        encoded.push(7); // string
        encoded.extend(u16::try_from(value.len()).expect("short value").to_be_bytes());
        encoded.extend(value.as_bytes());
    }
    let total = 12 + encoded.len() + payload.len() + 4;
    let mut out = Vec::new();
    out.extend(u32::try_from(total).expect("small frame").to_be_bytes());
    out.extend(u32::try_from(encoded.len()).expect("small headers").to_be_bytes());
    let prelude = crc32(&out);
    out.extend(prelude.to_be_bytes());
    out.extend(encoded);
    out.extend(payload.as_bytes());
    let message = crc32(&out);
    out.extend(message.to_be_bytes());
    out
}

fn event_frame(kind: &str, json: &str) -> Vec<u8> {
    frame(&[(":message-type", "event"), (":event-type", kind), (":content-type", "application/json")], json)
}

fn tail_event(group: &str, stream: &str, timestamp: i64, message: &str) -> String {
    format!(
        "{{\"logGroupIdentifier\":\"{group}\",\"logStreamName\":\"{stream}\",\"timestamp\":{timestamp},\"ingestionTime\":{},\"message\":\"{message}\"}}",
        timestamp + 20
    )
}

/// A session as CloudWatch sends it: its start, then two updates (the second
/// sampled, and carrying an event of another group).
fn session_body() -> Vec<u8> {
    let mut body = event_frame(
        "sessionStart",
        &format!("{{\"requestId\":\"r1\",\"sessionId\":\"s1\",\"logGroupIdentifiers\":[\"{ARN}\"]}}"),
    );
    body.extend(event_frame(
        "sessionUpdate",
        &format!(
            "{{\"sessionMetadata\":{{\"sampled\":false}},\"sessionResults\":[{},{}]}}",
            tail_event(ARN, "ecs/web/a", T0, "seen"),
            tail_event(ARN, "ecs/web/a", T0 + 1_000, "live one"),
        ),
    ));
    body.extend(event_frame(
        "sessionUpdate",
        &format!(
            "{{\"sessionMetadata\":{{\"sampled\":true}},\"sessionResults\":[{},{}]}}",
            tail_event(ARN, "ecs/web/a", T0 + 1_500, "live two"),
            tail_event("arn:aws:logs:us-east-1:123456789012:log-group:/other", "x", T0 + 1_600, "elsewhere"),
        ),
    ));
    body
}

fn live_tail_response() -> HttpResponse {
    let mut response = HttpResponse::new(StatusCode::try_from(200).expect("200"), SdkBody::from(session_body()));
    response.headers_mut().insert("content-type", "application/vnd.amazon.eventstream");
    response
}

fn the_group() -> aws_smithy_mocks::Rule {
    mock!(Client::describe_log_groups)
        .match_requests(|r| r.log_group_name_prefix() == Some(GROUP))
        .then_output(|| DescribeLogGroupsOutput::builder().log_groups(group(GROUP)).build())
}

fn scope() -> EventScope {
    EventScope { streams: vec!["ecs/web/a".into()], ..EventScope::group(GROUP) }
}

fn view() -> Vec<LogEvent> {
    vec![LogEvent {
        timestamp: T0,
        ingested: None,
        stream: "ecs/web/a".into(),
        message: "seen".into(),
        id: String::new(),
    }]
}

/// Runs a follow session until `done` says so (or 5 s pass), collecting its batches.
async fn run(
    provider: &awscope::aws::AwsProvider,
    options: FollowOptions,
    done: impl Fn(&[FollowBatch]) -> bool,
) -> Vec<FollowBatch> {
    let batches = Arc::new(Mutex::new(Vec::new()));
    let session = {
        let (batches, provider) = (Arc::clone(&batches), provider.clone());
        tokio::spawn(async move {
            let cursor = FollowCursor::after(&view(), 0);
            logs::follow_with(&scope(), cursor, &provider, options, move |b| {
                batches.lock().expect("lock").push(b);
            })
            .await
        })
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while tokio::time::Instant::now() < deadline && !done(&batches.lock().expect("lock")) {
        assert!(!session.is_finished(), "the session ended");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // A little longer, to catch anything delivered twice.
    tokio::time::sleep(Duration::from_millis(300)).await;
    session.abort();
    batches.lock().expect("lock").clone()
}

fn fast() -> FollowOptions {
    FollowOptions { poll_every: Duration::from_millis(20), ..FollowOptions::default() }
}

#[tokio::test(flavor = "multi_thread")]
async fn live_tail_events_pass_through_the_cursor_then_polling_takes_over() {
    let tail = mock!(Client::start_live_tail)
        .match_requests(|r| {
            r.log_group_identifiers() == [ARN]
                && r.log_stream_names() == ["ecs/web/a"]
                && r.log_event_filter_pattern().is_none()
        })
        .then_http_response(live_tail_response);
    // The catch-up poll finds nothing; later polls find "live one" again and one new event.
    let polls = mock!(Client::filter_log_events)
        .sequence()
        .output(|| FilterLogEventsOutput::builder().build())
        .output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered(T0 + 1_000, "ecs/web/a", "live one", "id1"))
                .events(filtered(T0 + 3_000, "ecs/web/a", "polled", "id3"))
                .build()
        })
        .repeatedly()
        .build();
    let provider = fake::provider(&[&the_group(), &tail, &polls]);

    let batches = run(&provider, fast(), |b| b.iter().any(|b| b.via == FollowVia::Polling)).await;
    let summary: Vec<(FollowVia, bool, Vec<&str>)> =
        batches.iter().map(|b| (b.via, b.sampled, messages(&b.events))).collect();
    assert_eq!(
        summary,
        [
            (FollowVia::LiveTail, false, vec!["live one"]),
            (FollowVia::LiveTail, true, vec!["live two"]),
            (FollowVia::Polling, false, vec!["polled"]),
        ],
        "the view's event, the other group's and the polled repeat are left out"
    );
    assert_eq!(tail.num_calls(), 1, "a session that ends at once is not started again");
    assert!(polls.num_calls() >= 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_live_tail_session_that_lasted_is_started_again() {
    let tail = mock!(Client::start_live_tail).then_http_response(live_tail_response);
    let polls = mock!(Client::filter_log_events).then_output(|| FilterLogEventsOutput::builder().build());
    let provider = fake::provider(&[&the_group(), &tail, &polls]);
    // Every session counts as having lasted.
    let options = FollowOptions { early_end: Duration::ZERO, ..fast() };

    let batches = run(&provider, options, |_| tail.num_calls() >= 3).await;
    assert!(tail.num_calls() >= 3, "{} sessions", tail.num_calls());
    let all: Vec<&str> = batches.iter().flat_map(|b| messages(&b.events)).collect();
    assert_eq!(all, ["live one", "live two"], "each event once across sessions");
    assert!(batches.iter().all(|b| b.via == FollowVia::LiveTail));
}

#[tokio::test(flavor = "multi_thread")]
async fn live_tail_refused_falls_back_to_polling_with_a_lookback() {
    let tail = mock!(Client::start_live_tail).then_http_response(|| {
        fake::http(
            400,
            &logs_error("AccessDeniedException", "User bob is not authorized to perform: logs:StartLiveTail"),
        )
    });
    let starts = Arc::new(Mutex::new(Vec::new()));
    let polls = {
        let starts = Arc::clone(&starts);
        let calls = Arc::new(Mutex::new(0_usize));
        mock!(Client::filter_log_events).then_compute_output(move |r| {
            starts.lock().expect("lock").push(r.start_time());
            let mut n = calls.lock().expect("lock");
            *n += 1;
            let mut out = FilterLogEventsOutput::builder()
                .events(filtered(T0 + 100, "ecs/web/a", "one", "1"))
                .events(filtered(T0 + 100, "ecs/web/a", "two", "2"));
            if *n >= 2 {
                // Another event in the same millisecond, and a later one.
                out = out.events(filtered(T0 + 100, "ecs/web/a", "three", "3")).events(filtered(
                    T0 + 20_000,
                    "ecs/web/a",
                    "four",
                    "4",
                ));
            }
            out.build()
        })
    };
    let provider = fake::provider(&[&the_group(), &tail, &polls]);

    let batches = run(&provider, fast(), |b| b.len() >= 2).await;
    let summary: Vec<(FollowVia, Vec<&str>)> = batches.iter().map(|b| (b.via, messages(&b.events))).collect();
    assert_eq!(summary, [(FollowVia::Polling, vec!["one", "two"]), (FollowVia::Polling, vec!["three", "four"])]);
    let starts = starts.lock().expect("lock").clone();
    assert!(starts.len() >= 3);
    // From the view's newest less the window, then from the newest delivered less the window.
    assert_eq!(starts[0], Some(T0 - logs::LATE_WINDOW_MS));
    assert_eq!(starts.last().copied().flatten(), Some(T0 + 20_000 - logs::LATE_WINDOW_MS));
}

#[tokio::test(flavor = "multi_thread")]
async fn with_live_tail_off_only_polling_runs() {
    let tail = mock!(Client::start_live_tail).then_http_response(live_tail_response);
    let polls = mock!(Client::filter_log_events)
        .then_output(|| FilterLogEventsOutput::builder().events(filtered(T0 + 5, "ecs/web/a", "polled", "p")).build());
    let provider = fake::provider(&[&the_group(), &tail, &polls]);
    let options = FollowOptions { live_tail: false, ..fast() };
    let batches = run(&provider, options, |b| !b.is_empty()).await;
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0].via, FollowVia::Polling);
    assert_eq!(tail.num_calls(), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn polling_ends_the_session_with_its_failure() {
    let tail = mock!(Client::start_live_tail)
        .then_http_response(|| fake::http(400, &logs_error("InvalidOperationException", "not supported")));
    let gone = mock!(Client::filter_log_events).then_http_response(|| {
        fake::http(400, &logs_error("ResourceNotFoundException", "The specified log group does not exist."))
    });
    let provider = fake::provider(&[&the_group(), &tail, &gone]);
    let error = logs::follow(&scope(), FollowCursor::after(&view(), 0), &provider, |_| {}).await;
    assert_eq!(error, LogsError::GroupNotFound { group: GROUP.into() });
}
