//! CloudWatch Logs: a group per seeded ECS task definition (`/ecs/<family>`)
//! with a stream per seeded task (`ecs/<container>/<task id>`) and one
//! days-old stream of an earlier task, a Lambda group unrelated to ECS, and
//! enough other groups that DescribeLogGroups pages more than once.
//!
//! Lines are realistic (HTTP access lines, JSON, a multi-line Python or Java
//! stack trace) and each service's stream carries one ANSI-coloured line and
//! one hostile escape sequence. Times are relative to now: the last hour,
//! with a pair of events sharing a millisecond, and three days back for the
//! old streams.

use std::time::Instant;

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use futures_util::{StreamExt, TryStreamExt, stream};

use super::ecs::{LOG_STREAM_PREFIX, SeededCluster, log_group};
use super::{Account, CALL_CONCURRENCY, Ctx, Scale, SeedError, Step};
use crate::aws::AwsProvider;
use crate::testbed::hostile;

/// The Lambda function's log group in the base account.
pub const LAMBDA_GROUP: &str = "/aws/lambda/payments-api";
/// The prefix of the filler groups that make DescribeLogGroups page.
pub const FILLER_PREFIX: &str = "/aws/lambda/ingest-shard-";
/// How far back the old streams' events are, in milliseconds (three days).
pub const OLD_STREAM_AGE_MS: i64 = 3 * 86_400_000;
/// The ANSI-coloured line each service stream holds.
pub const ANSI_LINE: &str = "\x1b[32mINFO\x1b[0m worker pool resized to 8";

/// A seeded log stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededLogStream {
    /// The stream name.
    pub name: String,
    /// How many events it holds.
    pub events: usize,
    /// Its oldest event (ms since the epoch).
    pub oldest: i64,
    /// Its newest event (ms since the epoch).
    pub newest: i64,
}

/// A seeded log group and its streams.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededLogGroup {
    /// The group name.
    pub name: String,
    /// Its streams (none for the filler groups).
    pub streams: Vec<SeededLogStream>,
}

/// What [`seed_logs`] created in one account.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SeededLogs {
    /// Every group, in name order.
    pub groups: Vec<SeededLogGroup>,
}

impl SeededLogs {
    /// The group called `name`.
    #[must_use]
    pub fn group(&self, name: &str) -> Option<&SeededLogGroup> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Streams across all groups.
    #[must_use]
    pub fn stream_count(&self) -> usize {
        self.groups.iter().map(|g| g.streams.len()).sum()
    }

    /// Events across all streams.
    #[must_use]
    pub fn event_count(&self) -> usize {
        self.groups.iter().flat_map(|g| &g.streams).map(|s| s.events).sum()
    }
}

pub use crate::aws::time::now_ms;

/// The kind of program writing a stream, for its lines.
#[derive(Debug, Clone, Copy)]
enum Voice {
    Nginx,
    Python,
    Java,
    Shell,
    Lambda,
}

impl Voice {
    fn for_container(container: &str) -> Self {
        match container {
            "web" => Self::Nginx,
            "api" | "payments" => Self::Python,
            "job" | "ledger" => Self::Java,
            _ => Self::Shell,
        }
    }
}

/// One line written by `voice`, the `i`-th of its stream.
#[must_use]
fn line(voice: Voice, i: usize) -> String {
    const PATHS: [&str; 6] = ["/", "/api/orders?page=2", "/api/orders/8812", "/healthz", "/static/app.js", "/login"];
    const STATUS: [u16; 6] = [200, 200, 201, 200, 304, 404];
    let n = i % PATHS.len();
    match voice {
        Voice::Nginx => format!(
            "10.0.{}.{} - - \"{} {} HTTP/1.1\" {} {} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\" rt=0.0{}",
            i % 4,
            20 + i % 200,
            if n == 2 { "POST" } else { "GET" },
            PATHS[n],
            STATUS[n],
            512 + i * 37 % 9000,
            i % 10
        ),
        Voice::Python => format!(
            "{{\"level\":\"{}\",\"logger\":\"app.orders\",\"msg\":\"order processed\",\"order_id\":{},\"duration_ms\":{}}}",
            if i.is_multiple_of(7) { "warning" } else { "info" },
            8800 + i,
            3 + i * 13 % 250
        ),
        Voice::Java => format!(
            "2026-12-03 07:{:02}:{:02}.{:03} INFO  [main] c.e.ledger.Batch - settled {} entries",
            i / 60 % 60,
            i % 60,
            i * 7 % 1000,
            i * 3
        ),
        Voice::Shell => format!("worker: tick {i}: queue depth {}", i * 5 % 17),
        Voice::Lambda => match i % 3 {
            0 => format!("START RequestId: 5f0c{i:04x}-8a7e-4c1d-9b1e-2f4a6c8e0d12 Version: $LATEST"),
            1 => {
                format!("{{\"level\":\"INFO\",\"msg\":\"charge created\",\"amount\":{},\"currency\":\"EUR\"}}", i * 125)
            }
            _ => format!(
                "REPORT RequestId: 5f0c{i:04x}-8a7e-4c1d-9b1e-2f4a6c8e0d12 Duration: {}.52 ms Billed Duration: {} ms Memory Size: 256 MB Max Memory Used: 81 MB",
                20 + i % 90,
                21 + i % 90
            ),
        },
    }
}

/// A multi-line stack trace in `voice`'s language.
fn stack_trace(voice: Voice) -> String {
    match voice {
        Voice::Java => "java.lang.IllegalStateException: ledger is closed\n\tat com.example.ledger.Ledger.post(Ledger.java:88)\n\tat com.example.ledger.Batch.run(Batch.java:41)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)".to_owned(),
        _ => "Traceback (most recent call last):\n  File \"/app/orders/views.py\", line 42, in create\n    order = service.place(payload)\n  File \"/app/orders/service.py\", line 117, in place\n    raise PaymentDeclined(reason)\norders.errors.PaymentDeclined: card_declined".to_owned(),
    }
}

/// The events of one stream: `count` lines spread over the hour before `end`
/// (ms), with a stack trace, the ANSI line, a hostile line and a pair of
/// events sharing a millisecond when `special`.
fn events(voice: Voice, count: usize, end: i64, special: bool) -> Vec<(i64, String)> {
    let count = count.max(8);
    let step = 3_600_000 / i64::try_from(count).unwrap_or(1);
    let mut out: Vec<(i64, String)> =
        (0..count).map(|i| (end - step * i64::try_from(count - i).unwrap_or(0), line(voice, i))).collect();
    if special {
        let at = |k: usize| out[count - k].0;
        let (trace, ansi, hostile_at, twin) = (at(6), at(5), at(4), at(3));
        out.push((trace + 1, stack_trace(voice)));
        out.push((ansi + 1, ANSI_LINE.to_owned()));
        out.push((hostile_at + 1, format!("user agent: {}", hostile::OSC52)));
        out.push((twin + 1, "cache miss: key=session:42".to_owned()));
        out.push((twin + 1, "cache fill: key=session:42".to_owned()));
    }
    out.sort_by_key(|e| e.0);
    out
}

/// One stream to create and fill.
struct StreamPlan {
    group: String,
    name: String,
    events: Vec<(i64, String)>,
}

/// The groups (with retention, or `None`) and streams of one account.
fn logs_plan(
    account: Account,
    scale: Scale,
    clusters: &[SeededCluster],
    now: i64,
) -> (Vec<(String, Option<i32>)>, Vec<StreamPlan>) {
    let per_stream = scale.pick(200, 24);
    let mut groups: Vec<(String, Option<i32>)> = Vec::new();
    let mut streams = Vec::new();
    let add_group = |groups: &mut Vec<(String, Option<i32>)>, name: &str, retention| {
        if !groups.iter().any(|(g, _)| g == name) {
            groups.push((name.to_owned(), retention));
        }
    };
    for cluster in clusters {
        for task in &cluster.task_logs {
            add_group(&mut groups, &task.group, Some(30));
            let voice = Voice::for_container(&task.container);
            streams.push(StreamPlan {
                group: task.group.clone(),
                name: task.stream.clone(),
                events: events(voice, per_stream, now - 5_000, true),
            });
        }
        // Services without running tasks still have their group, and every
        // service an older stream of a task long gone.
        for service in &cluster.services {
            let group = log_group(&format!("{}-{service}", cluster.name));
            add_group(&mut groups, &group, Some(30));
            let voice = Voice::for_container(service);
            streams.push(StreamPlan {
                group,
                name: format!("{LOG_STREAM_PREFIX}/{service}/0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
                events: events(voice, 12, now - OLD_STREAM_AGE_MS, false),
            });
        }
    }
    let lambda = match account {
        Account::Base => LAMBDA_GROUP,
        Account::Second => "/aws/lambda/prod-settlement",
    };
    add_group(&mut groups, lambda, None);
    for (k, age) in [(0, 0), (1, 600_000), (2, 2 * 86_400_000)] {
        streams.push(StreamPlan {
            group: lambda.to_owned(),
            name: format!("2026/12/0{}/[$LATEST]{k}f3a9c1e5b7d24a6b8c0e2f4a6b8c0d{k}", 3 - k),
            events: events(Voice::Lambda, scale.pick(60, 12), now - 10_000 - age, k == 0),
        });
    }
    if account == Account::Base {
        for i in 0..scale.pick(60, 50) {
            let retention = [Some(7), Some(14), None][i % 3];
            add_group(&mut groups, &format!("{FILLER_PREFIX}{i:02}"), retention);
        }
    }
    groups.sort();
    (groups, streams)
}

/// Creates the log groups and streams of `account` and puts their events;
/// `clusters` (from `seed_ecs`) name the ECS tasks' streams.
///
/// # Errors
/// The first CloudWatch Logs call that failed.
pub async fn seed_logs(
    provider: &AwsProvider,
    account: Account,
    scale: Scale,
    clusters: &[SeededCluster],
) -> Result<SeededLogs, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Logs };
    let logs = provider.logs();
    let (groups, streams) = logs_plan(account, scale, clusters, now_ms());
    stream::iter(groups.iter().map(Ok))
        .try_for_each_concurrent(CALL_CONCURRENCY, |(name, retention)| {
            let logs = logs.clone();
            async move {
                logs.create_log_group()
                    .log_group_name(name)
                    .send()
                    .await
                    .map_err(|e| ctx.aws("logs", "CreateLogGroup", name, &e))?;
                if let Some(days) = retention {
                    logs.put_retention_policy()
                        .log_group_name(name)
                        .retention_in_days(*days)
                        .send()
                        .await
                        .map_err(|e| ctx.aws("logs", "PutRetentionPolicy", name, &e))?;
                }
                Ok(())
            }
        })
        .await?;
    let filled: Vec<(String, SeededLogStream)> = stream::iter(streams)
        .map(|plan| {
            let logs = logs.clone();
            async move { fill_stream(&logs, ctx, plan).await }
        })
        .buffer_unordered(CALL_CONCURRENCY)
        .try_collect()
        .await?;
    let mut seeded = SeededLogs {
        groups: groups.into_iter().map(|(name, _)| SeededLogGroup { name, streams: Vec::new() }).collect(),
    };
    for (group, stream) in filled {
        if let Some(g) = seeded.groups.iter_mut().find(|g| g.name == group) {
            g.streams.push(stream);
        }
    }
    for group in &mut seeded.groups {
        group.streams.sort_by(|a, b| a.name.cmp(&b.name));
    }
    tracing::info!(
        %account,
        groups = seeded.groups.len(),
        streams = seeded.stream_count(),
        events = seeded.event_count(),
        elapsed_ms = started.elapsed().as_millis(),
        "seeded CloudWatch Logs"
    );
    Ok(seeded)
}

async fn fill_stream(
    logs: &aws_sdk_cloudwatchlogs::Client,
    ctx: Ctx,
    plan: StreamPlan,
) -> Result<(String, SeededLogStream), SeedError> {
    let resource = format!("{} {}", plan.group, plan.name);
    logs.create_log_stream()
        .log_group_name(&plan.group)
        .log_stream_name(&plan.name)
        .send()
        .await
        .map_err(|e| ctx.aws("logs", "CreateLogStream", &resource, &e))?;
    put_events(logs, &plan.group, &plan.name, &plan.events)
        .await
        .map_err(|e| ctx.aws("logs", "PutLogEvents", &resource, &e))?;
    let oldest = plan.events.first().map_or(0, |e| e.0);
    let newest = plan.events.last().map_or(0, |e| e.0);
    let stream = SeededLogStream { name: plan.name, events: plan.events.len(), oldest, newest };
    Ok((plan.group, stream))
}

/// PutLogEvents of `events` (in time order) to one stream.
///
/// # Errors
/// The SDK's error.
pub async fn put_events(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    events: &[(i64, String)],
) -> Result<
    (),
    aws_sdk_cloudwatchlogs::error::SdkError<aws_sdk_cloudwatchlogs::operation::put_log_events::PutLogEventsError>,
> {
    let built: Vec<InputLogEvent> = events
        .iter()
        .filter_map(|(timestamp, message)| InputLogEvent::builder().timestamp(*timestamp).message(message).build().ok())
        .collect();
    logs.put_log_events().log_group_name(group).log_stream_name(stream).set_log_events(Some(built)).send().await?;
    Ok(())
}

/// The line the demo's writer appends as its `i`-th: an access line of the
/// web service.
#[must_use]
pub fn demo_line(i: usize) -> String {
    line(Voice::Nginx, i)
}
