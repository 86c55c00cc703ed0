//! Snapshots of the Logs pane: log groups and streams (at 80×24, the
//! smallest size, and 100×30), and the events view at 100×30 and 160×40 —
//! following, paused with new events below, filtered with matches
//! highlighted, wrapped, a service's streams with one container that cannot
//! be read, hostile and coloured lines, empty, failed, and the prompts.

use awscope::app::Failure;
use awscope::app::goto::Target;
use awscope::app::logs::events::{Opening, TagStyle};
use awscope::app::logs::{LogsPayload, LogsSlot};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::aws::ErrorKind;
use awscope::aws::logs::{EventScope, FollowBatch, FollowVia, LogEvent, LogGroup, LogStream};
use awscope::testbed::harness::Harness;
use crossterm::event::KeyCode;
use time::macros::datetime;

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

fn snap(name: &str, size: (u16, u16), screen: &str) {
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
}

/// 2026-12-03 14:02:00 UTC, in ms.
const T0: i64 = 1_796_306_520_000;

fn groups() -> Vec<LogGroup> {
    let group = |name: &str, bytes, days, class: &str, day| LogGroup {
        name: name.to_owned(),
        arn: Some(format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}")),
        stored_bytes: Some(bytes),
        retention_days: days,
        class: Some(class.to_owned()),
        created: Some(datetime!(2026-11-01 09:15 UTC) + time::Duration::days(day)),
    };
    vec![
        group("/ecs/web", 48_213_998, Some(30), "STANDARD", 0),
        group("/ecs/worker", 1_204_551, Some(14), "STANDARD", 3),
        group("/aws/lambda/payments-api", 9_880_112_334, None, "STANDARD", 7),
        group("/aws/lambda/nightly-report-generator-with-a-long-name", 0, Some(7), "INFREQUENT_ACCESS", 20),
    ]
}

fn streams() -> Vec<LogStream> {
    let stream = |name: &str, hours| LogStream {
        name: name.to_owned(),
        created: Some(datetime!(2026-12-01 08:00 UTC)),
        first_event: Some(datetime!(2026-12-01 08:00 UTC)),
        last_event: Some(datetime!(2026-12-03 14:00 UTC) - time::Duration::hours(hours)),
    };
    vec![
        stream("ecs/web/0f3c1a2b9d8e4f60a1b2c3d4e5f60718", 0),
        stream("ecs/web/7a1c0d9e2b3f4a56b7c8d9e0f1a2b3c4", 1),
        stream("ecs/web/1234567890abcdef1234567890abcdef", 50),
    ]
}

fn event(offset_ms: i64, stream: &str, message: &str) -> LogEvent {
    LogEvent {
        timestamp: T0 + offset_ms,
        ingested: None,
        stream: stream.to_owned(),
        message: message.to_owned(),
        id: String::new(),
    }
}

const A: &str = "ecs/web/0f3c1a2b9d8e4f60a1b2c3d4e5f60718";
const B: &str = "ecs/web/7a1c0d9e2b3f4a56b7c8d9e0f1a2b3c4";

fn lines() -> Vec<LogEvent> {
    vec![
        event(0, A, "GET /health 200 1ms"),
        event(120, B, "POST /checkout 201 48ms user=4821"),
        event(450, A, r#"{"level":"info","msg":"cache warmed","keys":18234}"#),
        event(900, B, "\x1b[32mINFO\x1b[0m payment accepted order=42"),
        event(
            1_300,
            A,
            "ERROR Unhandled exception in request handler\njava.lang.IllegalStateException: pool exhausted\n\tat com.acme.db.Pool.take(Pool.java:88)",
        ),
        event(1_700, B, "user agent: \x1b]0;pwned\x07\x1b[2J evil"),
        event(2_100, A, "GET /checkout 200 12ms"),
        event(
            2_500,
            B,
            "WARN slow query: SELECT * FROM orders WHERE customer_id = 4821 AND status = 'open' ORDER BY created_at DESC LIMIT 50 took 2300ms",
        ),
    ]
}

fn service_opening() -> Opening {
    let scope = EventScope { group: "/ecs/web".into(), streams: vec![A.into(), B.into()], ..EventScope::default() };
    let mut opening = Opening::new(scope, "service web".into(), TagStyle::Ecs);
    opening.note = Some("Container router uses the awsfirelens log driver; awscope reads only awslogs streams.".into());
    opening.origin = Some(awscope::app::logs::ecs::EcsOrigin {
        cluster: "demo-cluster".into(),
        service: "web".into(),
        stopped: false,
    });
    opening
}

/// On the Logs pane with the groups listed.
fn on_groups(size: (u16, u16)) -> Harness {
    let mut h = Harness::demo(size);
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    h.ch('5');
    let (id, _) = h.take(LogsSlot::Groups);
    h.deliver(LogsSlot::Groups, id, LogsPayload::Groups(groups()), false);
    h
}

/// The events of `service web`, loaded and following.
fn on_service_events(size: (u16, u16)) -> Harness {
    let mut h = on_groups(size);
    h.open(Target::LogEvents(Box::new(service_opening())));
    let (id, _) = h.take(LogsSlot::Events);
    h.deliver(LogsSlot::Events, id, LogsPayload::Events { events: lines(), from: None }, false);
    h
}

#[test]
fn groups_and_streams() {
    for size in [(80, 24), (100, 30)] {
        let mut h = on_groups(size);
        snap("log_groups", size, &h.draw());
        h.ch('S');
        let (id, _) = h.take(LogsSlot::Streams);
        h.deliver(LogsSlot::Streams, id, LogsPayload::Streams(streams()), false);
        snap("log_streams", size, &h.draw());
        // A long stream name gives way in the title to what is held and the filter.
        h.key(KeyCode::Enter);
        let id = h.latest(LogsSlot::Events);
        h.deliver(LogsSlot::Events, id, LogsPayload::Events { events: lines(), from: None }, false);
        h.ch('/');
        h.keys("GET\n");
        let screen = h.draw();
        assert!(screen.contains("/GET 2/8"), "{screen}");
        snap("log_stream_events", size, &screen);
    }
}

#[test]
fn events_following_with_coloured_and_hostile_lines() {
    for size in SIZES {
        let mut h = on_service_events(size);
        let follow = h.latest(LogsSlot::Follow);
        let batch = FollowBatch {
            events: vec![event(3_000, A, "GET /health 200 1ms")],
            via: FollowVia::LiveTail,
            sampled: false,
        };
        h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch), true);
        let screen = h.draw();
        assert!(!screen.contains('\x1b'), "no escape reaches the terminal");
        assert!(screen.contains("INFO payment accepted"), "colour codes are stripped");
        assert!(screen.contains("\\x1b]0;pwned"), "other escapes are shown as text");
        snap("log_events_following", size, &screen);
    }
}

#[test]
fn events_paused_filtered_and_wrapped() {
    for size in SIZES {
        let mut h = on_service_events(size);
        h.key(KeyCode::Up);
        h.key(KeyCode::Up);
        let follow = h.latest(LogsSlot::Follow);
        let batch = FollowBatch {
            events: vec![event(3_000, A, "GET /health 200 1ms"), event(3_100, B, "GET /")],
            via: FollowVia::Polling,
            sampled: false,
        };
        h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch), true);
        snap("log_events_paused", size, &h.draw());
        h.ch('/');
        h.keys("checkout\n");
        snap("log_events_filtered", size, &h.draw());
        h.key(KeyCode::Esc);
        h.ch('w');
        h.ch('G');
        snap("log_events_wrapped", size, &h.draw());
    }
}

#[test]
fn events_empty_failed_and_prompts() {
    for size in SIZES {
        let mut h = on_groups(size);
        h.key(KeyCode::Enter);
        snap("log_events_loading", size, &h.draw());
        let id = h.latest(LogsSlot::Events);
        h.deliver(LogsSlot::Events, id, LogsPayload::Events { events: Vec::new(), from: None }, false);
        snap("log_events_empty", size, &h.draw());
        h.key(KeyCode::Char('r'));
        let id = h.latest(LogsSlot::Events);
        let failure = Failure::new(
            ErrorKind::AccessDenied,
            "Access denied: profile demo may not call logs:FilterLogEvents on /ecs/web. Ask for that permission, or switch profile (P).",
        );
        h.fail(LogsSlot::Events, id, failure);
        snap("log_events_failed", size, &h.draw());
        h.ch('T');
        h.keys("2h");
        snap("log_events_since_prompt", size, &h.draw());
    }
}
