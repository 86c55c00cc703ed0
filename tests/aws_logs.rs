//! The CloudWatch Logs wrappers over a fake transport: three pages with
//! their tokens for groups, streams and events (and more than 100 streams
//! merged in time order), newest events, every error the wrappers map, an
//! unexpected error passed through, throttling retried, and following by
//! live tail (an AWS event stream in a fake HTTP body) and by polling.

mod fake;

use std::time::Duration;

use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::operation::describe_log_groups::DescribeLogGroupsOutput;
use aws_sdk_cloudwatchlogs::operation::describe_log_streams::DescribeLogStreamsOutput;
use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsOutput;
use aws_sdk_cloudwatchlogs::operation::get_log_events::GetLogEventsOutput;
use aws_sdk_cloudwatchlogs::types::{
    FilteredLogEvent, LogGroup as SdkGroup, LogStream as SdkStream, OrderBy, OutputLogEvent,
};
use aws_smithy_mocks::{RuleMode, mock};
use aws_smithy_types::retry::RetryConfig;
use awscope::aws::ErrorKind;
use awscope::aws::logs::{
    self, EventScope, FollowBatch, FollowCursor, FollowOptions, FollowVia, LogEvent, LogsError, TimeRange,
};

const GROUP: &str = "/ecs/web";
const ARN: &str = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web";

fn logs_error(code: &str, message: &str) -> String {
    format!("{{\"__type\":\"{code}\",\"message\":\"{message}\"}}")
}

fn group(name: &str) -> SdkGroup {
    SdkGroup::builder()
        .log_group_name(name)
        .arn(format!("arn:aws:logs:us-east-1:123456789012:log-group:{name}:*"))
        .stored_bytes(2048)
        .retention_in_days(30)
        .creation_time(1_700_000_000_123)
        .build()
}

fn stream(name: &str, last: i64) -> SdkStream {
    SdkStream::builder().log_stream_name(name).creation_time(last - 10_000).last_event_timestamp(last).build()
}

fn filtered(timestamp: i64, stream: &str, message: &str, id: &str) -> FilteredLogEvent {
    FilteredLogEvent::builder()
        .timestamp(timestamp)
        .log_stream_name(stream)
        .message(message)
        .event_id(id)
        .ingestion_time(timestamp + 50)
        .build()
}

fn output(timestamp: i64, message: &str) -> OutputLogEvent {
    OutputLogEvent::builder().timestamp(timestamp).message(message).ingestion_time(timestamp + 5).build()
}

fn messages(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[tokio::test]
async fn describe_log_groups_passes_each_token_on() {
    let first = mock!(Client::describe_log_groups)
        .match_requests(|r| {
            r.next_token().is_none() && r.log_group_name_prefix() == Some("/ecs/") && r.limit() == Some(50)
        })
        .then_output(|| DescribeLogGroupsOutput::builder().log_groups(group("/ecs/api")).next_token("g2").build());
    let second = mock!(Client::describe_log_groups)
        .match_requests(|r| r.next_token() == Some("g2") && r.log_group_name_prefix() == Some("/ecs/"))
        .then_output(|| DescribeLogGroupsOutput::builder().next_token("g3").build());
    let third = mock!(Client::describe_log_groups)
        .match_requests(|r| r.next_token() == Some("g3"))
        .then_output(|| DescribeLogGroupsOutput::builder().log_groups(group("/ecs/web")).build());
    let provider = fake::provider(&[&first, &second, &third]);

    let mut pages = logs::list_groups(Some("/ecs/"), &provider);
    let page1 = pages.next_page().await.expect("page 1").expect("ok");
    assert_eq!((first.num_calls(), second.num_calls()), (1, 0), "the first page after one round trip");
    let api = &page1[0];
    assert_eq!(api.name, "/ecs/api");
    assert_eq!(api.arn.as_deref(), Some("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/api"), "no :*");
    assert_eq!((api.stored_bytes, api.retention_days), (Some(2048), Some(30)));
    assert_eq!(api.created.map(|t| t.unix_timestamp()), Some(1_700_000_000));
    assert!(pages.next_page().await.expect("page 2").expect("ok").is_empty());
    assert!(pages.has_more(), "an empty page with a token does not end the listing");
    let page3 = pages.next_page().await.expect("page 3").expect("ok");
    assert_eq!(page3[0].name, "/ecs/web");
    assert!(pages.next_page().await.is_none());
    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn describe_log_streams_orders_by_last_event_and_passes_each_token_on() {
    let ordered = |r: &aws_sdk_cloudwatchlogs::operation::describe_log_streams::DescribeLogStreamsInput| {
        r.log_group_name() == Some(GROUP)
            && r.order_by() == Some(&OrderBy::LastEventTime)
            && r.descending() == Some(true)
            && r.log_stream_name_prefix().is_none()
    };
    let first = mock!(Client::describe_log_streams)
        .match_requests(move |r| ordered(r) && r.next_token().is_none())
        .then_output(|| {
            DescribeLogStreamsOutput::builder().log_streams(stream("ecs/web/c", 3_000)).next_token("s2").build()
        });
    let second = mock!(Client::describe_log_streams)
        .match_requests(move |r| ordered(r) && r.next_token() == Some("s2"))
        .then_output(|| {
            DescribeLogStreamsOutput::builder().log_streams(stream("ecs/web/b", 2_000)).next_token("s3").build()
        });
    let third = mock!(Client::describe_log_streams)
        .match_requests(move |r| ordered(r) && r.next_token() == Some("s3"))
        .then_output(|| DescribeLogStreamsOutput::builder().log_streams(stream("ecs/web/a", 1_000)).build());
    let provider = fake::provider(&[&first, &second, &third]);

    let streams = logs::list_streams(GROUP, None, &provider).collect_all().await.expect("listed");
    assert_eq!(streams.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["ecs/web/c", "ecs/web/b", "ecs/web/a"]);
    assert_eq!(streams[0].last_event.map(|t| t.unix_timestamp()), Some(3));
    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));

    // Another region: the same calls through a client for it.
    let other = logs::list_streams(GROUP, Some("eu-west-1"), &provider).collect_all().await.expect("other region");
    assert_eq!(other.len(), 3);
}

#[tokio::test]
async fn filter_log_events_sends_the_scope_and_passes_each_token_on() {
    let scoped = |r: &aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsInput| {
        r.log_group_name() == Some(GROUP)
            && r.log_stream_names() == ["ecs/web/a", "ecs/web/b"]
            && r.log_stream_name_prefix().is_none()
            && r.filter_pattern() == Some("ERROR")
            && r.start_time() == Some(1_000)
            && r.end_time() == Some(1_999)
            && r.limit() == Some(logs::EVENTS_PAGE_SIZE)
    };
    let first = mock!(Client::filter_log_events)
        .match_requests(move |r| scoped(r) && r.next_token().is_none())
        .then_output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered(1_000, "ecs/web/a", "ERROR one", "e1"))
                .events(filtered(1_000, "ecs/web/b", "ERROR two", "e2"))
                .next_token("f2")
                .build()
        });
    let second = mock!(Client::filter_log_events)
        .match_requests(move |r| scoped(r) && r.next_token() == Some("f2"))
        .then_output(|| FilterLogEventsOutput::builder().next_token("f3").build());
    let third = mock!(Client::filter_log_events)
        .match_requests(move |r| scoped(r) && r.next_token() == Some("f3"))
        .then_output(|| {
            FilterLogEventsOutput::builder().events(filtered(1_500, "ecs/web/a", "ERROR three", "e3")).build()
        });
    let provider = fake::provider(&[&first, &second, &third]);

    let scope = EventScope {
        streams: vec!["ecs/web/a".into(), "ecs/web/b".into()],
        pattern: Some("ERROR".into()),
        ..EventScope::group(GROUP)
    };
    let mut pages = logs::filter_events(&scope, TimeRange { start: Some(1_000), end: Some(2_000) }, &provider);
    let mut all = Vec::new();
    while let Some(page) = pages.next_page().await {
        all.extend(page.expect("page"));
    }
    assert_eq!(pages.pages_fetched(), 3);
    assert_eq!(messages(&all), ["ERROR one", "ERROR two", "ERROR three"]);
    assert_eq!(all[1].stream, "ecs/web/b");
    assert_eq!((all[0].id.as_str(), all[0].ingested), ("e1", Some(1_050)));
}

#[tokio::test]
async fn more_than_a_hundred_streams_are_read_in_calls_of_a_hundred_and_merged_in_time_order() {
    let names: Vec<String> = (0..150).map(|i| format!("ecs/web/{i:03}")).collect();
    let lane1 = mock!(Client::filter_log_events)
        .match_requests(|r| r.log_stream_names().len() == 100 && r.next_token().is_none())
        .then_output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered(10, "ecs/web/000", "a10", "1"))
                .events(filtered(30, "ecs/web/001", "a30", "2"))
                .next_token("x")
                .build()
        });
    let lane1_more = mock!(Client::filter_log_events)
        .match_requests(|r| r.log_stream_names().len() == 100 && r.next_token() == Some("x"))
        .then_output(|| FilterLogEventsOutput::builder().events(filtered(50, "ecs/web/002", "a50", "3")).build());
    let lane2 = mock!(Client::filter_log_events)
        .match_requests(|r| r.log_stream_names().len() == 50 && r.log_stream_names()[0] == "ecs/web/100")
        .then_output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered(20, "ecs/web/120", "b20", "4"))
                .events(filtered(40, "ecs/web/121", "b40", "5"))
                .events(filtered(60, "ecs/web/122", "b60", "6"))
                .build()
        });
    let provider = fake::provider(&[&lane1, &lane1_more, &lane2]);
    let scope = EventScope { streams: names, ..EventScope::group(GROUP) };

    let all = logs::filter_events(&scope, TimeRange::default(), &provider).collect_all().await.expect("merged");
    assert_eq!(messages(&all), ["a10", "b20", "a30", "b40", "a50", "b60"]);
    assert_eq!((lane1.num_calls(), lane1_more.num_calls(), lane2.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn newest_events_read_each_stream_from_its_end_and_merge() {
    let streams = mock!(Client::describe_log_streams)
        .match_requests(|r| r.order_by() == Some(&OrderBy::LastEventTime) && r.descending() == Some(true))
        .then_output(|| {
            DescribeLogStreamsOutput::builder()
                .log_streams(stream("ecs/web/new", 9_000))
                .log_streams(stream("ecs/web/old", 5_000))
                .build()
        });
    let new = mock!(Client::get_log_events)
        .match_requests(|r| {
            r.log_stream_name() == Some("ecs/web/new") && r.start_from_head() == Some(false) && r.next_token().is_none()
        })
        .then_output(|| {
            GetLogEventsOutput::builder()
                .events(output(7_000, "n1"))
                .events(output(9_000, "n2"))
                .next_backward_token("b/new")
                .build()
        });
    let old = mock!(Client::get_log_events)
        .match_requests(|r| {
            r.log_stream_name() == Some("ecs/web/old") && r.limit() == Some(3) && r.next_token().is_none()
        })
        .then_output(|| {
            GetLogEventsOutput::builder()
                .events(output(4_000, "o1"))
                .events(output(5_000, "o2"))
                .next_backward_token("b/old")
                .build()
        });
    let before = mock!(Client::get_log_events)
        .match_requests(|r| r.next_token().is_some())
        .then_output(|| GetLogEventsOutput::builder().next_backward_token("b/end").build());
    let provider = fake::provider(&[&streams, &new, &old, &before]);

    let newest = logs::newest_events(&EventScope::group(GROUP), 3, &provider).await.expect("newest");
    assert_eq!(messages(&newest), ["o2", "n1", "n2"]);
    assert_eq!(newest[0].stream, "ecs/web/old");
    assert!(newest.iter().all(|e| e.id.is_empty()));
    assert_eq!(streams.num_calls(), 1);
    // Each stream had fewer than asked for, so one page further back was read, and it was empty.
    assert_eq!((new.num_calls(), old.num_calls(), before.num_calls()), (1, 1, 2));
}

#[tokio::test]
async fn with_a_prefix_the_newest_streams_are_listed_by_name_and_sorted_by_last_event() {
    let streams = mock!(Client::describe_log_streams)
        .match_requests(|r| {
            r.order_by() == Some(&OrderBy::LogStreamName) && r.log_stream_name_prefix() == Some("ecs/web/")
        })
        .then_output(|| {
            DescribeLogStreamsOutput::builder()
                .log_streams(stream("ecs/web/a", 1_000))
                .log_streams(stream("ecs/web/b", 8_000))
                .build()
        });
    let tail = mock!(Client::get_log_events).then_compute_output(|r| {
        let at = if r.log_stream_name() == Some("ecs/web/b") { 8_000 } else { 1_000 };
        GetLogEventsOutput::builder().events(output(at, r.log_stream_name().unwrap_or_default())).build()
    });
    let provider = fake::provider(&[&streams, &tail]);
    let scope = EventScope { prefix: Some("ecs/web/".into()), ..EventScope::group(GROUP) };
    let newest = logs::newest_events(&scope, 1, &provider).await.expect("newest");
    assert_eq!(messages(&newest), ["ecs/web/b"]);
}

#[tokio::test]
async fn a_missing_group_and_a_missing_stream_are_named() {
    let no_group = mock!(Client::describe_log_streams).then_http_response(|| {
        fake::http(400, &logs_error("ResourceNotFoundException", "The specified log group does not exist."))
    });
    let no_stream = mock!(Client::get_log_events).then_http_response(|| {
        fake::http(400, &logs_error("ResourceNotFoundException", "The specified log stream does not exist."))
    });
    let provider = fake::provider(&[&no_group, &no_stream]);

    let error = logs::list_streams("/ecs/gone", None, &provider).collect_all().await.expect_err("no group");
    assert_eq!(error, LogsError::GroupNotFound { group: "/ecs/gone".into() });
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(error.to_string().starts_with("Log group /ecs/gone does not exist"), "{error}");

    let scope = EventScope { streams: vec!["ecs/web/gone".into()], ..EventScope::group(GROUP) };
    let error = logs::newest_events(&scope, 10, &provider).await.expect_err("no stream");
    assert_eq!(error, LogsError::StreamNotFound { group: GROUP.into(), stream: "ecs/web/gone".into() });
}

#[tokio::test]
async fn a_rejected_pattern_access_denied_and_unexpected_errors() {
    let invalid = mock!(Client::filter_log_events)
        .match_requests(|r| r.filter_pattern().is_some())
        .then_http_response(|| fake::http(400, &logs_error("InvalidParameterException", "Missing closing quote")));
    let denied = mock!(Client::filter_log_events)
        .match_requests(|r| r.log_group_name() == Some("/secret"))
        .then_http_response(|| {
            fake::http(
                400,
                &logs_error(
                    "AccessDeniedException",
                    "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: logs:FilterLogEvents",
                ),
            )
        });
    let odd = mock!(Client::filter_log_events)
        .match_requests(|r| r.log_group_name() == Some("/odd"))
        .then_http_response(|| fake::http(400, &logs_error("DataAlreadyAcceptedException", "something new")));
    let provider = fake::provider(&[&invalid, &denied, &odd]);

    let patterned = EventScope { pattern: Some("\"unterminated".into()), ..EventScope::group(GROUP) };
    let error = logs::filter_events(&patterned, TimeRange::default(), &provider).collect_all().await.expect_err("bad");
    assert_eq!(
        error,
        LogsError::InvalidPattern { pattern: "\"unterminated".into(), message: "Missing closing quote".into() }
    );

    let error = logs::filter_events(&EventScope::group("/secret"), TimeRange::default(), &provider)
        .collect_all()
        .await
        .expect_err("denied");
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    assert!(error.to_string().contains("needs logs:FilterLogEvents"), "{error}");

    let error = logs::filter_events(&EventScope::group("/odd"), TimeRange::default(), &provider)
        .collect_all()
        .await
        .expect_err("passed through");
    let aws = error.aws().expect("an AWS error");
    assert_eq!((aws.code.as_deref(), aws.kind), (Some("DataAlreadyAcceptedException"), ErrorKind::Other));
    assert_eq!(aws.request_id.as_deref(), Some("REQ123"));
}

#[tokio::test]
async fn throttling_is_retried_until_it_gets_through() {
    let throttled = mock!(Client::describe_log_groups)
        .sequence()
        .http_response(|| fake::http(400, &logs_error("ThrottlingException", "Rate exceeded")))
        .output(|| DescribeLogGroupsOutput::builder().log_groups(group("/ecs/web")).build())
        .build();
    let provider = fake::provider_with(&[&throttled], RuleMode::Sequential, RetryConfig::disabled());
    let groups = logs::list_groups(None, &provider).collect_all().await.expect("retried");
    assert_eq!(groups.len(), 1);
    assert_eq!(throttled.num_calls(), 2);
}

#[path = "aws_logs/follow.rs"]
mod follow;
