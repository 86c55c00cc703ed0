//! The Logs pane's reducer: groups → streams → events, the events view
//! loading the newest events then following (sticking to the bottom until
//! the user scrolls up), older windows at the top edge, time ranges, a
//! pattern sent to AWS, the `/` filter, bounded memory, saving without
//! overwriting unasked, and `l` from ECS opening exactly a task's streams.

use std::time::Duration;

use awscope::app::logs::events::Range;
use awscope::app::logs::{LogsPayload, LogsRequest, LogsSlot, Since};
use awscope::app::{Command, Pane, Slot};
use awscope::aws::logs::{EventScope, FollowBatch, FollowVia, LogEvent, LogGroup, LogStream};
use awscope::testbed::harness::Harness;
use crossterm::event::KeyCode;

fn group(name: &str) -> LogGroup {
    LogGroup {
        name: name.to_owned(),
        arn: None,
        stored_bytes: Some(2048),
        retention_days: Some(30),
        class: None,
        created: None,
    }
}

fn event(ts: i64, stream: &str, message: &str) -> LogEvent {
    LogEvent {
        timestamp: ts,
        ingested: Some(ts + 5),
        stream: stream.to_owned(),
        message: message.to_owned(),
        id: format!("{ts}-{message}"),
    }
}

fn events(from: i64, n: usize, stream: &str) -> Vec<LogEvent> {
    (0..n).map(|i| event(from + i as i64 * 1000, stream, &format!("line {i}"))).collect()
}

/// The Logs pane with groups `/ecs/web` and `/aws/lambda/payments-api` listed.
fn on_groups() -> Harness {
    let mut h = Harness::demo((100, 30));
    h.ch('5');
    assert_eq!(h.app.pane, Pane::Logs);
    let (id, request) = h.take(LogsSlot::Groups);
    assert_eq!(request, LogsRequest::Groups { prefix: None });
    h.deliver(LogsSlot::Groups, id, LogsPayload::Groups(vec![group("/ecs/web")]), true);
    h.deliver(LogsSlot::Groups, id, LogsPayload::Groups(vec![group("/aws/lambda/payments-api")]), false);
    assert_eq!(h.app.panes.logs.groups.items.len(), 2, "both pages kept");
    h
}

/// The events view of `/ecs/web` with `n` events loaded, following.
fn on_events(n: usize) -> Harness {
    let mut h = on_groups();
    h.key(KeyCode::Enter);
    let (id, request) = h.take(LogsSlot::Events);
    let scope = EventScope { group: "/ecs/web".into(), ..EventScope::default() };
    assert_eq!(request, LogsRequest::Newest { scope, limit: awscope::app::logs::NEWEST_EVENTS });
    h.deliver(
        LogsSlot::Events,
        id,
        LogsPayload::Events { events: events(1_000_000, n, "ecs/app/aaa"), from: None },
        false,
    );
    h
}

fn view(h: &Harness) -> &awscope::app::logs::events::EventsView {
    h.app.panes.logs.events.as_ref().expect("the events view is open")
}

#[test]
fn enter_on_a_group_loads_its_newest_events_then_follows_from_the_last() {
    let mut h = on_events(3);
    assert_eq!(view(&h).events.len(), 3);
    assert_eq!(view(&h).from, Some(1_000_000), "the window starts at the oldest event");
    let (_, request) = h.take(LogsSlot::Follow);
    let LogsRequest::Follow { scope, .. } = request else { panic!("{request:?}") };
    assert_eq!(scope.group, "/ecs/web");
    assert_eq!(view(&h).selected, 2, "the view sits on the newest event");
}

#[test]
fn followed_events_stick_to_the_bottom_until_the_user_scrolls_up() {
    let mut h = on_events(3);
    let follow = h.latest(LogsSlot::Follow);
    let batch =
        |ts| FollowBatch { events: vec![event(ts, "ecs/app/aaa", "new")], via: FollowVia::Polling, sampled: false };
    h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch(1_010_000)), true);
    assert_eq!((view(&h).events.len(), view(&h).selected), (4, 3), "a new event is selected while following");
    h.key(KeyCode::Up);
    assert!(!view(&h).sticky);
    h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch(1_011_000)), true);
    assert_eq!(view(&h).selected, 2, "scrolled up: the view stays where the user put it");
    assert_eq!(view(&h).unseen, 1);
    assert!(h.draw().contains("1 new below"), "{}", h.draw());
    h.ch('G');
    assert_eq!((view(&h).selected, view(&h).unseen, view(&h).sticky), (4, 0, true));
}

#[test]
fn f_stops_and_restarts_following_and_esc_stops_every_load() {
    let mut h = on_events(3);
    assert!(h.has(LogsSlot::Follow));
    h.ch('f');
    assert!(!h.has(LogsSlot::Follow), "f cancels the follow session");
    assert!(h.draw().contains("stopped · f follows"));
    h.ch('f');
    assert!(h.has(LogsSlot::Follow));
    let commands = h.key(KeyCode::Esc);
    for s in [LogsSlot::Events, LogsSlot::Older, LogsSlot::Follow] {
        assert!(commands.contains(&Command::Cancel(Slot::Logs(s))), "{s:?} cancelled: {commands:?}");
    }
    assert!(h.app.panes.logs.events.is_none());
    for s in [LogsSlot::Events, LogsSlot::Older, LogsSlot::Follow] {
        assert!(!h.has(s), "nothing of the events view waits in {s:?}");
    }
}

#[test]
fn up_at_the_top_loads_the_window_before_and_puts_it_above() {
    let mut h = on_events(3);
    h.ch('g');
    let (id, request) = h.take(LogsSlot::Older);
    let LogsRequest::Older { before, span, .. } = request else { panic!("{request:?}") };
    assert_eq!((before, span), (1_000_000, Duration::from_secs(3600)));
    h.deliver(LogsSlot::Older, id, LogsPayload::Events { events: events(900_000, 2, "ecs/app/bbb"), from: None }, true);
    h.deliver(
        LogsSlot::Older,
        id,
        LogsPayload::Events { events: events(950_000, 1, "ecs/app/bbb"), from: None },
        false,
    );
    let times: Vec<i64> = view(&h).events.iter().map(|e| e.timestamp).collect();
    assert_eq!(times, [900_000, 901_000, 950_000, 1_000_000, 1_001_000, 1_002_000], "older pages go above, in order");
    assert_eq!(view(&h).from, Some(1_000_000 - 3_600_000));
    assert_eq!(view(&h).selected_event().map(|e| e.timestamp), Some(1_000_000), "the selection stays on its event");
}

#[test]
fn t_steps_through_the_presets_and_reloads() {
    let mut h = on_events(3);
    h.ch('t');
    let (id, request) = h.take(LogsSlot::Events);
    assert!(matches!(request, LogsRequest::Range { since: Since::Ago(d), .. } if d == Duration::from_secs(300)));
    assert!(!h.has(LogsSlot::Follow), "the old follow session stops while the view reloads");
    h.deliver(
        LogsSlot::Events,
        id,
        LogsPayload::Events { events: events(2_000_000, 1, "s"), from: Some(1_990_000) },
        false,
    );
    assert_eq!(view(&h).events.len(), 1, "the reload replaced the events");
    assert_eq!(view(&h).from, Some(1_990_000));
    assert!(h.has(LogsSlot::Follow), "and follows again");
    for expected in [3600, 86_400, 7 * 86_400] {
        h.ch('t');
        assert_eq!(view(&h).opening.range, Range::Last(Duration::from_secs(expected)));
    }
    h.ch('t');
    assert_eq!(view(&h).opening.range, Range::Newest);
}

#[test]
fn a_pattern_and_a_start_time_are_asked_for_and_sent_to_aws() {
    let mut h = on_events(3);
    h.ch('p');
    h.keys("ERROR\n");
    let (_, request) = h.take(LogsSlot::Events);
    let LogsRequest::Newest { scope, .. } = request else { panic!("{request:?}") };
    assert_eq!(scope.pattern.as_deref(), Some("ERROR"));
    h.ch('T');
    h.keys("2026-12-03 14:02\n");
    let (_, request) = h.take(LogsSlot::Events);
    assert!(matches!(request, LogsRequest::Range { since: Since::At(1_796_306_520_000), .. }), "{request:?}");
    h.ch('T');
    h.keys("soon\n");
    assert!(h.status().is_some_and(|s| s.contains("not a start time")), "{:?}", h.status());
    assert!(h.app.panes.logs.prompt.is_some(), "the prompt stays open to fix the text");
}

#[test]
fn the_live_filter_narrows_what_is_loaded_and_new_events_join_it() {
    let mut h = on_events(10);
    h.ch('/');
    h.keys("line 1\n");
    assert_eq!(view(&h).len(), 1);
    let follow = h.latest(LogsSlot::Follow);
    let batch = FollowBatch {
        events: vec![event(2_000_000, "s", "line 1 again"), event(2_000_001, "s", "other")],
        via: FollowVia::LiveTail,
        sampled: false,
    };
    h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch), true);
    assert_eq!(view(&h).len(), 2, "matching new events join the view");
    assert!(h.draw().contains("/line 1 2/12"), "{}", h.draw());
}

#[test]
fn memory_is_bounded_and_the_drop_is_counted() {
    let mut h = on_groups();
    h.app.panes.logs.max_events = 1_000;
    h.key(KeyCode::Enter);
    let id = h.latest(LogsSlot::Events);
    h.deliver(LogsSlot::Events, id, LogsPayload::Events { events: events(0, 1_500, "s"), from: None }, false);
    let v = view(&h);
    assert!(v.events.len() <= 1_000, "{}", v.events.len());
    assert_eq!(v.dropped as usize + v.events.len(), 1_500, "every dropped event is counted");
    assert_eq!(v.events.last().map(|e| e.message.as_str()), Some("line 1499"), "the newest are kept");
    assert!(h.draw().contains("older dropped"));
}

#[test]
fn save_writes_the_events_shown_and_never_overwrites_unasked() {
    let mut h = on_events(3);
    h.ch('/');
    h.keys("line 2\n");
    h.ch('s');
    h.key(KeyCode::Enter);
    let (id, request) = h.take(LogsSlot::Save);
    let LogsRequest::Save { path, text, events, overwrite } = request else { panic!("{request:?}") };
    assert_eq!((path.as_str(), events, overwrite), ("log-group-ecs-web.log", 1, false));
    assert_eq!(text, "1970-01-01T00:16:42.000Z ecs/app/aaa line 2\n");
    h.deliver(LogsSlot::Save, id, LogsPayload::SaveExists { path: path.clone() }, false);
    assert!(h.draw().contains("exists"), "{}", h.draw());
    h.ch('y');
    let (_, request) = h.take(LogsSlot::Save);
    assert!(matches!(request, LogsRequest::Save { overwrite: true, .. }));
}

#[test]
fn streams_open_one_stream_and_logs_prefix_asks_aws() {
    let mut h = on_groups();
    h.ch('S');
    let (id, request) = h.take(LogsSlot::Streams);
    assert_eq!(request, LogsRequest::Streams { group: "/ecs/web".into(), region: None });
    let stream = LogStream { name: "ecs/app/aaa".into(), created: None, first_event: None, last_event: None };
    h.deliver(LogsSlot::Streams, id, LogsPayload::Streams(vec![stream]), false);
    h.key(KeyCode::Enter);
    let (_, request) = h.take(LogsSlot::Events);
    let LogsRequest::Newest { scope, .. } = request else { panic!("{request:?}") };
    assert_eq!(scope.streams, ["ecs/app/aaa"]);
    h.ch(':');
    h.keys("logs /aws/\n");
    let (_, request) = h.take(LogsSlot::Groups);
    assert_eq!(request, LogsRequest::Groups { prefix: Some("/aws/".into()) });
}

#[test]
fn enter_on_an_event_describes_it_and_a_json_line_is_the_document() {
    let mut h = on_events(1);
    let follow = h.latest(LogsSlot::Follow);
    let json = r#"{"level":"error","msg":"payment declined","order":42}"#;
    let batch = FollowBatch { events: vec![event(3_000_000, "s", json)], via: FollowVia::Polling, sampled: false };
    h.deliver(LogsSlot::Follow, follow, LogsPayload::Followed(batch), true);
    h.key(KeyCode::Enter);
    let screen = h.draw();
    assert!(screen.contains(r#""msg": "payment declined""#), "{screen}");
}

#[test]
fn read_only_refuses_to_save_as_it_refuses_downloads() {
    let mut h = on_events(3);
    h.app.read_only = true;
    h.ch('s');
    assert!(h.app.panes.logs.prompt.is_none(), "no prompt");
    assert!(h.status().is_some_and(|s| s.contains("Read-only")), "{:?}", h.status());
}

#[test]
fn z_shows_local_time_when_the_zone_is_known_and_says_so_when_not() {
    let mut h = on_events(1);
    h.ch('z');
    assert!(h.status().is_some_and(|s| s.contains("not known")), "{:?}", h.status());
    assert!(view(&h).utc);

    let mut h = on_groups();
    h.app.local_offset = Some(time::UtcOffset::from_hms(2, 0, 0).expect("an offset"));
    h.key(KeyCode::Enter);
    let id = h.latest(LogsSlot::Events);
    h.deliver(LogsSlot::Events, id, LogsPayload::Events { events: events(1_000_000, 1, "s"), from: None }, false);
    assert!(h.draw().contains("00:16:40.000"), "UTC first");
    h.ch('z');
    assert_eq!(h.status(), Some("Times in local time (UTC+02:00)."));
    let screen = h.draw();
    assert!(screen.contains("02:16:40.000") && screen.contains("local time"), "{screen}");
}

#[test]
fn s_in_a_services_events_adds_the_tasks_that_stopped() {
    use awscope::app::goto::Target;
    use awscope::app::logs::ecs::EcsOrigin;
    use awscope::app::logs::events::{Opening, TagStyle};
    use awscope::aws::ecs::{ContainerDefinition, LogConfig, Task, TaskDefinition};

    let definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";
    let task = |id: &str, status: &str| Task {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task/demo/{id}"),
        id: id.to_owned(),
        cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/demo".to_owned(),
        task_definition: definition.to_owned(),
        last_status: status.to_owned(),
        desired_status: status.to_owned(),
        group: Some("service:web".to_owned()),
        ..Task::default()
    };
    let log = LogConfig {
        driver: "awslogs".into(),
        group: Some("/ecs/web".into()),
        prefix: Some("ecs".into()),
        region: None,
    };
    let definitions = vec![TaskDefinition {
        arn: definition.into(),
        name: "web:3".into(),
        containers: vec![ContainerDefinition { name: "app".into(), log: Some(log) }],
    }];

    let mut h = on_groups();
    let scope = EventScope { group: "/ecs/web".into(), streams: vec!["ecs/app/run1".into()], ..EventScope::default() };
    let mut opening = Opening::new(scope, "service web".into(), TagStyle::Ecs);
    opening.origin = Some(EcsOrigin { cluster: "demo".into(), service: "web".into(), stopped: false });
    h.open(Target::LogEvents(Box::new(opening)));
    let id = h.latest(LogsSlot::Events);
    h.deliver(
        LogsSlot::Events,
        id,
        LogsPayload::Events { events: events(1_000_000, 2, "ecs/app/run1"), from: None },
        false,
    );

    h.ch('S');
    let (id, request) = h.take(LogsSlot::Scope);
    let LogsRequest::EcsStreams { origin } = request else { panic!("{request:?}") };
    assert_eq!(origin, EcsOrigin { cluster: "demo".into(), service: "web".into(), stopped: true });
    let tasks = vec![task("run1", "RUNNING"), task("dead1", "STOPPED")];
    h.deliver(LogsSlot::Scope, id, LogsPayload::EcsStreams { tasks, definitions: definitions.clone() }, false);
    let (_, request) = h.take(LogsSlot::Events);
    let LogsRequest::Newest { scope, .. } = request else { panic!("{request:?}") };
    assert_eq!(scope.streams, ["ecs/app/run1", "ecs/app/dead1"], "the stopped task's stream joins");
    assert_eq!(view(&h).opening.title, "service web (running and stopped tasks)");

    // Without a service behind it, S says what it is for.
    let mut h = on_events(1);
    h.ch('S');
    assert!(!h.has(LogsSlot::Scope));
    assert!(h.status().is_some_and(|s| s.contains("l on an ECS service")), "{:?}", h.status());
}
