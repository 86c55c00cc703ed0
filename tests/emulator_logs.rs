//! The CloudWatch Logs wrappers against the moto emulator, after seeding ECS
//! and its logs: groups (more than one DescribeLogGroups page), streams,
//! events, the newest events of a days-old stream, following by polling, and
//! the awslogs configuration of a seeded task definition.
//!
//! moto quirks met here: FilterLogEvents returns stream after stream unless
//! `interleaved` is sent (the wrapper sends it), and ignores
//! `logStreamNamePrefix` (the wrapper filters by the prefix itself);
//! GetLogEvents on a missing stream says the log group does not exist;
//! StartLiveTail answers with every stored event of the scope in one
//! update and closes the stream at once, so `follow` falls back to polling.

use std::collections::BTreeSet;
use std::time::Duration;

use awscope::aws::AwsProvider;
use awscope::aws::ecs::{self, LogConfig};
use awscope::aws::logs::{self, EventScope, FollowBatch, FollowCursor, FollowVia, GROUPS_PAGE_SIZE, TimeRange};
use awscope::testbed::seed::{ANSI_LINE, LOG_STREAM_PREFIX, now_ms, put_events};
use awscope::testbed::{
    Account, BASE_PROFILE, HOME_REGION, LAMBDA_GROUP, Scale, SeededCluster, SeededLogs, harness, seed_ecs, seed_logs,
};

async fn seeded(provider: &AwsProvider) -> (Vec<SeededCluster>, SeededLogs) {
    let clusters = seed_ecs(provider, Account::Base, Scale::Test).await.expect("seed ECS");
    let logs = seed_logs(provider, Account::Base, Scale::Test, &clusters).await.expect("seed logs");
    (clusters, logs)
}

/// The web service's first task: its group and stream.
fn web_task(clusters: &[SeededCluster]) -> (String, String) {
    let task = clusters
        .iter()
        .flat_map(|c| &c.task_logs)
        .find(|t| t.service.as_deref() == Some("web"))
        .expect("a web task was seeded");
    (task.group.clone(), task.stream.clone())
}

#[tokio::test(flavor = "multi_thread")]
async fn groups_streams_and_events_of_the_seeded_world() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let (clusters, seeded) = seeded(&provider).await;

    // Every group, over more than one page.
    let mut pages = logs::list_groups(None, &provider);
    let mut groups = Vec::new();
    while let Some(page) = pages.next_page().await {
        groups.extend(page.expect("DescribeLogGroups"));
    }
    assert!(groups.len() > usize::try_from(GROUPS_PAGE_SIZE).unwrap_or(50), "{} groups", groups.len());
    assert!(pages.pages_fetched() >= 2);
    let names: BTreeSet<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    let expected: BTreeSet<&str> = seeded.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, expected);
    let (group, stream) = web_task(&clusters);
    let web = groups.iter().find(|g| g.name == group).expect("the web group");
    assert_eq!(web.retention_days, Some(30));
    assert!(web.arn.as_deref().is_some_and(|a| a.ends_with(&format!(":log-group:{group}"))), "{:?}", web.arn);
    assert!(web.stored_bytes.is_some_and(|b| b > 0));

    // A prefix goes to AWS.
    let ecs_groups = logs::list_groups(Some("/ecs/"), &provider).collect_all().await.expect("prefix");
    assert!(!ecs_groups.is_empty() && ecs_groups.iter().all(|g| g.name.starts_with("/ecs/")));

    // Streams, newest first: the running task's before the days-old one.
    let streams = logs::list_streams(&group, None, &provider).collect_all().await.expect("DescribeLogStreams");
    let seeded_group = seeded.group(&group).expect("seeded group");
    assert_eq!(streams.len(), seeded_group.streams.len());
    assert_eq!(streams.first().map(|s| s.name.as_str()), Some(stream.as_str()));
    assert!(streams.last().is_some_and(|s| s.name.starts_with(&format!("{LOG_STREAM_PREFIX}/web/"))));
    assert!(streams.windows(2).all(|w| w[0].last_event >= w[1].last_event));
    // The same, through a client for the region named explicitly.
    let again = logs::list_streams(&group, Some(HOME_REGION), &provider).collect_all().await.expect("in region");
    assert_eq!(again.len(), streams.len());

    // Events of one stream over the last two hours: all of them, oldest first, verbatim.
    let seeded_stream = seeded_group.streams.iter().find(|s| s.name == stream).expect("seeded stream");
    let scope = EventScope { streams: vec![stream.clone()], ..EventScope::group(&group) };
    let range = TimeRange { start: Some(now_ms() - 7_200_000), end: None };
    let events = logs::filter_events(&scope, range, &provider).collect_all().await.expect("FilterLogEvents");
    assert_eq!(events.len(), seeded_stream.events);
    assert!(events.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
    assert!(events.iter().all(|e| e.stream == stream && !e.id.is_empty()));
    assert!(events.iter().any(|e| e.message == ANSI_LINE));
    assert!(events.iter().any(|e| e.message.contains('\x1b') && e.message.contains("]52;")), "the hostile line");
    assert!(events.iter().any(|e| e.message.contains("Traceback") || e.message.contains("\tat ")), "a stack trace");

    // The whole group over all time: every stream interleaved in time order.
    let all = logs::filter_events(&EventScope::group(&group), TimeRange::default(), &provider)
        .collect_all()
        .await
        .expect("whole group");
    assert_eq!(all.len(), seeded_group.streams.iter().map(|s| s.events).sum::<usize>());
    assert!(all.windows(2).all(|w| w[0].timestamp <= w[1].timestamp), "interleaved by time");

    // A range's end is exclusive.
    let newest = seeded_stream.newest;
    let before = TimeRange { start: None, end: Some(newest) };
    let cut = logs::filter_events(&scope, before, &provider).collect_all().await.expect("ranged");
    assert_eq!(cut.len(), seeded_stream.events - 1);

    // A prefix keeps only its streams; a pattern is sent to AWS.
    let prefixed = EventScope { prefix: Some(format!("{LOG_STREAM_PREFIX}/web/")), ..EventScope::group(&group) };
    let found = logs::filter_events(&prefixed, TimeRange::default(), &provider).collect_all().await.expect("prefix");
    assert!(!found.is_empty() && found.iter().all(|e| e.stream.starts_with("ecs/web/")));
    let patterned = EventScope { pattern: Some("cache".into()), ..scope.clone() };
    let matched = logs::filter_events(&patterned, range, &provider).collect_all().await.expect("pattern");
    assert_eq!(matched.len(), 2, "{matched:?}");

    // The Lambda group is there too, with its streams.
    let lambda = logs::list_streams(LAMBDA_GROUP, None, &provider).collect_all().await.expect("lambda streams");
    assert_eq!(lambda.len(), 3);

    // A group that does not exist.
    let missing = logs::list_streams("/ecs/nope", None, &provider).collect_all().await.expect_err("no group");
    assert!(matches!(missing, logs::LogsError::GroupNotFound { .. }), "{missing:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn newest_events_of_a_days_old_stream_and_of_a_group() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let (clusters, seeded) = seeded(&provider).await;
    let (group, task_stream) = web_task(&clusters);
    let seeded_group = seeded.group(&group).expect("seeded group");
    let old = seeded_group.streams.iter().find(|s| s.name != task_stream).expect("the old stream");
    assert!(old.newest < now_ms() - 2 * 86_400_000, "days old");

    let scope = EventScope { streams: vec![old.name.clone()], ..EventScope::group(&group) };
    let newest = logs::newest_events(&scope, 5, &provider).await.expect("GetLogEvents");
    assert_eq!(newest.len(), 5);
    assert_eq!(newest.last().map(|e| e.timestamp), Some(old.newest));
    assert!(newest.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
    assert!(newest.iter().all(|e| e.stream == old.name && e.id.is_empty()));

    // All of a short stream, however many are asked for.
    let everything = logs::newest_events(&scope, 1_000, &provider).await.expect("all");
    assert_eq!(everything.len(), old.events);

    // The group as a whole: the running task's stream is the newest.
    let of_group = logs::newest_events(&EventScope::group(&group), 10, &provider).await.expect("group");
    assert_eq!(of_group.len(), 10);
    assert!(
        of_group.iter().all(|e| e.stream == task_stream),
        "{:?}",
        of_group.iter().map(|e| &e.stream).collect::<Vec<_>>()
    );
    // With a prefix (listed by name, sorted here by last event).
    let prefixed = EventScope { prefix: Some("ecs/web/".into()), ..EventScope::group(&group) };
    let of_prefix = logs::newest_events(&prefixed, 10, &provider).await.expect("prefix");
    assert_eq!(of_prefix, of_group);
    // With a pattern (FilterLogEvents back from now).
    let patterned = EventScope { pattern: Some("cache".into()), ..EventScope::group(&group) };
    let matching = logs::newest_events(&patterned, 1, &provider).await.expect("pattern");
    assert_eq!(matching.len(), 1);
    assert!(matching[0].message.contains("cache"));

    // A stream that does not exist: moto says "The specified log group does
    // not exist." where AWS names the stream, and the wrapper goes by the message.
    let gone = EventScope { streams: vec!["ecs/web/gone".into()], ..EventScope::group(&group) };
    let error = logs::newest_events(&gone, 5, &provider).await.expect_err("no stream");
    assert!(
        matches!(error, logs::LogsError::GroupNotFound { .. } | logs::LogsError::StreamNotFound { .. }),
        "{error:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn following_sees_a_new_event_once() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let (clusters, _) = seeded(&provider).await;
    let (group, stream) = web_task(&clusters);
    let scope = EventScope { streams: vec![stream.clone()], ..EventScope::group(&group) };
    let view = logs::newest_events(&scope, 50, &provider).await.expect("the view");
    let cursor = FollowCursor::after(&view, now_ms());

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<FollowBatch>();
    let follower = {
        let (scope, provider) = (scope.clone(), provider.clone());
        tokio::spawn(async move {
            logs::follow(&scope, cursor, &provider, move |batch| {
                let _ = tx.send(batch);
            })
            .await
        })
    };
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let written = now_ms();
    let line = "GET /api/orders/9001 HTTP/1.1 200 (followed)".to_owned();
    put_events(&provider.logs(), &group, &stream, &[(written, line.clone())]).await.expect("PutLogEvents");

    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(8);
    while let Ok(Some(batch)) = tokio::time::timeout_at(deadline, rx.recv()).await {
        seen.push(batch);
    }
    assert!(!follower.is_finished(), "follow ended: {:?}", follower.is_finished());
    follower.abort();

    let new: Vec<_> = seen.iter().flat_map(|b| &b.events).filter(|e| e.message == line).collect();
    assert_eq!(new.len(), 1, "the new event, once: {seen:?}");
    assert_eq!(new[0].timestamp, written);
    let batch = seen.iter().find(|b| b.events.iter().any(|e| e.message == line)).expect("its batch");
    assert_eq!(batch.via, FollowVia::Polling, "moto's live tail ends at once, so follow polls");
    // Nothing the view held came again, and nothing came twice.
    let mut keys = BTreeSet::new();
    for e in seen.iter().flat_map(|b| &b.events) {
        assert!(!view.iter().any(|v| v.timestamp == e.timestamp && v.message == e.message), "repeated {e:?}");
        assert!(keys.insert((e.timestamp, e.message.clone())), "twice: {e:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seeded_task_definition_says_where_its_container_logs() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    seed_ecs(&provider, Account::Base, Scale::Test).await.expect("seed ECS");

    let definition = ecs::describe_task_definition("demo-cluster-web", &provider).await.expect("described");
    assert_eq!(definition.name, "demo-cluster-web:1");
    assert!(definition.arn.ends_with(":task-definition/demo-cluster-web:1"), "{}", definition.arn);
    assert_eq!(definition.containers.len(), 1);
    assert_eq!(definition.containers[0].name, "web");
    assert_eq!(
        definition.containers[0].log,
        Some(LogConfig {
            driver: "awslogs".into(),
            group: Some("/ecs/demo-cluster-web".into()),
            prefix: Some("ecs".into()),
            region: Some(HOME_REGION.into()),
        })
    );
    let missing = ecs::describe_task_definition("no-such-family", &provider).await.expect_err("missing");
    assert!(missing.aws().is_some(), "{missing:?}");
}
