//! ECS pane speed.
//!
//! 1. Build + render of a cluster's 2,000 described services at 160×40:
//!    criterion's timing, then p50/p99 measured directly (target p99 ≤ 2 ms),
//!    and the time to apply the 20 List pages and 200 describe batches.
//! 2. 2,000 services listed and described through the real wrappers over a
//!    fake transport that holds every call for 50 ms: measured against the
//!    bound 1.2 × (20 list pages × 50 ms + 200 describes × 50 ms / concurrency).

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::types::{DeploymentRolloutState, LaunchType};
use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, SharedHttpConnector, http_client_fn,
};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use awscope::app::ecs::{EcsPayload, EcsSlot, TableUpdate};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{Action, App, Payload, RequestId, Slot};
use awscope::aws::context::RegionSource;
use awscope::aws::ecs::{
    self, Cluster, DESCRIBE_CONCURRENCY, DESCRIBE_SERVICES_BATCH, Deployment, DeploymentState, Described, Progress,
    Service,
};
use awscope::aws::{AwsContext, AwsProvider};
use awscope::testbed::harness::{press, repaint, terminal};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SERVICES: usize = 2_000;
const CALL_DELAY: Duration = Duration::from_millis(50);
const PAGE: usize = 100;

fn arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service/bench/service-{i:04}")
}

fn service(i: usize) -> Service {
    Service {
        arn: arn(i),
        name: format!("service-{i:04}"),
        cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/bench".into(),
        status: "ACTIVE".into(),
        desired: 2,
        running: 2,
        pending: 0,
        launch_type: Some("FARGATE".into()),
        capacity_providers: Vec::new(),
        task_definition: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/service-{i:04}:3"),
        deployments: vec![Deployment {
            id: format!("ecs-svc/{i:016}"),
            status: "PRIMARY".into(),
            task_definition: String::new(),
            rollout: Some(if i.is_multiple_of(7) { DeploymentState::InProgress } else { DeploymentState::Completed }),
            rollout_reason: None,
            desired: 2,
            running: 2,
            pending: 0,
            failed: i32::from(i.is_multiple_of(11)),
            created: None,
            updated: None,
        }],
        load_balancers: Vec::new(),
        network: None,
        events: Vec::new(),
        created: None,
    }
}

fn send(app: &mut App, slot: EcsSlot, id: RequestId, generation: u64, payload: EcsPayload, more: bool) {
    app.update(Action::Loaded { slot: Slot::Ecs(slot), id, generation, payload: Payload::Ecs(payload), more });
}

/// An app on the services of `bench`, its services list open and its
/// 2,000 services not yet delivered; with the request id and generation.
fn app_on_services() -> (App, RequestId, u64) {
    let mut h = common::connected();
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    h.key(KeyCode::Char('4'));
    let cluster = Cluster {
        arn: "arn:aws:ecs:us-east-1:123456789012:cluster/bench".into(),
        name: "bench".into(),
        status: "ACTIVE".into(),
        active_services: 2_000,
        running_tasks: 4_000,
        pending_tasks: 0,
        container_instances: 0,
        capacity_providers: vec!["FARGATE".into()],
    };
    let listed = TableUpdate::Listed(vec![cluster.arn.clone()]);
    let described = TableUpdate::Described(Described { items: vec![cluster], failures: Vec::new() });
    h.answer_with(
        EcsSlot::Clusters,
        vec![EcsPayload::Clusters(listed), EcsPayload::Clusters(described), EcsPayload::Clusters(TableUpdate::Done)],
    );
    h.key(KeyCode::Enter);
    let (services, _) = h.take(EcsSlot::Services);
    let generation = h.app.generation;
    (h.app, services, generation)
}

/// Delivers 20 List pages and 200 describe batches, as the loader would.
fn deliver(app: &mut App, id: RequestId, generation: u64, services: &[Service]) {
    for page in services.chunks(PAGE) {
        let arns = page.iter().map(|s| s.arn.clone()).collect();
        send(app, EcsSlot::Services, id, generation, EcsPayload::Services(TableUpdate::Listed(arns)), true);
    }
    for batch in services.chunks(DESCRIBE_SERVICES_BATCH) {
        let described = Described { items: batch.to_vec(), failures: Vec::new() };
        send(app, EcsSlot::Services, id, generation, EcsPayload::Services(TableUpdate::Described(described)), true);
    }
    send(app, EcsSlot::Services, id, generation, EcsPayload::Services(TableUpdate::Done), false);
}

fn app_with_services() -> App {
    let (mut app, id, generation) = app_on_services();
    let services: Vec<Service> = (0..SERVICES).map(service).collect();
    deliver(&mut app, id, generation, &services);
    for _ in 0..SERVICES / 2 {
        press(&mut app, KeyCode::Char('j'));
    }
    app
}

/// CPU time this thread has used: unlike wall time, it does not count the
/// time the thread waited while other processes had the (shared) cores.
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0))
}

/// Wall and thread-CPU time of `rounds` full repaints of `app`.
fn frame_times(app: &App, terminal: &mut Terminal<TestBackend>, rounds: usize) -> (Vec<Duration>, Vec<Duration>) {
    let mut wall = Vec::with_capacity(rounds);
    let mut cpu = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let (started, started_cpu) = (Instant::now(), thread_cpu());
        // A full repaint each round, as a changed row would cause.
        repaint(app, terminal);
        wall.push(started.elapsed());
        cpu.push(thread_cpu().saturating_sub(started_cpu));
    }
    (wall, cpu)
}

fn percentile(times: &mut [Duration], p: usize) -> Duration {
    times.sort();
    times[(times.len() * p / 100).min(times.len() - 1)]
}

/// Whether this is `cargo bench` (which passes `--bench`) rather than `cargo test`.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn bench_render(c: &mut Criterion) {
    let app = app_with_services();
    let mut terminal = terminal(common::SIZE);
    c.bench_function("ecs_services_render_160x40_2000", |b| {
        b.iter(|| repaint(black_box(&app), &mut terminal));
    });

    // `cargo test` runs this once without `--bench`: keep that pass short.
    let rounds = if benchmarking() { 2_000 } else { 2 };
    let (wall, cpu) = frame_times(&app, &mut terminal, rounds);
    let (mut wall, mut cpu) = (wall, cpu);
    println!(
        "ecs render 160x40, 2,000 described services: wall p50 {:?}  p99 {:?}; thread CPU p50 {:?}  p99 {:?} (target p99 ≤ 2 ms)",
        percentile(&mut wall, 50),
        percentile(&mut wall, 99),
        percentile(&mut cpu, 50),
        percentile(&mut cpu, 99)
    );
    // The same screen with a three-row cluster table: what every frame costs
    // before the services table (header, tabs, borders, status, the backend).
    let (mut small, _, _) = app_on_services();
    press(&mut small, KeyCode::Esc);
    let (mut wall, mut cpu) = frame_times(&small, &mut terminal, rounds);
    println!(
        "ecs render 160x40, baseline (1-row cluster list): wall p50 {:?}  p99 {:?}; thread CPU p50 {:?}  p99 {:?}",
        percentile(&mut wall, 50),
        percentile(&mut wall, 99),
        percentile(&mut cpu, 50),
        percentile(&mut cpu, 99)
    );

    let services: Vec<Service> = (0..SERVICES).map(service).collect();
    let mut builds: Vec<Duration> = (0..20)
        .map(|_| {
            let (mut app, id, generation) = app_on_services();
            let started = Instant::now();
            deliver(&mut app, id, generation, &services);
            started.elapsed()
        })
        .collect();
    println!(
        "ecs build: applying 20 list pages + 200 describe batches of 2,000 services: p50 {:?}  max {:?}",
        percentile(&mut builds, 50),
        percentile(&mut builds, 100)
    );
}

/// A provider whose every call waits `CALL_DELAY` in the HTTP layer and is
/// then answered by mocks: ListServices in pages of 100 (20 pages, chained by
/// tokens) and DescribeServices describing whatever it is asked for.
fn slow_provider() -> AwsProvider {
    let list = mock!(aws_sdk_ecs::Client::list_services).then_compute_output(|r| {
        let page: usize = r.next_token().and_then(|t| t.parse().ok()).unwrap_or(0);
        let per_page = usize::try_from(r.max_results().unwrap_or(100)).unwrap_or(PAGE);
        let start = page * per_page;
        let arns = (start..(start + per_page).min(SERVICES)).map(arn).collect();
        let next = (start + per_page < SERVICES).then(|| (page + 1).to_string());
        ListServicesOutput::builder().set_service_arns(Some(arns)).set_next_token(next).build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_compute_output(|r| {
        let services = r
            .services()
            .iter()
            .map(|a| {
                aws_sdk_ecs::types::Service::builder()
                    .service_arn(a)
                    .service_name(ecs::name_from_arn(a))
                    .status("ACTIVE")
                    .desired_count(2)
                    .running_count(2)
                    .launch_type(LaunchType::Fargate)
                    .deployments(
                        aws_sdk_ecs::types::Deployment::builder()
                            .id("ecs-svc/1")
                            .status("PRIMARY")
                            .rollout_state(DeploymentRolloutState::Completed)
                            .build(),
                    )
                    .build()
            })
            .collect();
        DescribeServicesOutput::builder().set_services(Some(services)).build()
    });
    let interceptor =
        MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny).with_rule(&list).with_rule(&describe);
    let mocks = create_mock_http_client();
    let slow = http_client_fn(move |settings, components| {
        SharedHttpConnector::new(Delayed { inner: mocks.http_connector(settings, components), delay: CALL_DELAY })
    });
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDBENCH",
            "not-a-secret",
            None,
            None,
            "bench",
        )))
        .http_client(slow)
        .retry_config(RetryConfig::disabled())
        .build();
    AwsProvider::from_sdk_config(
        AwsContext::default(),
        config,
        RegionSource::Explicit,
        vec![SharedInterceptor::new(interceptor)],
    )
}

/// A connector that holds every call for `delay` before answering.
#[derive(Debug)]
struct Delayed {
    inner: SharedHttpConnector,
    delay: Duration,
}

impl HttpConnector for Delayed {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let (inner, delay) = (self.inner.clone(), self.delay);
        HttpConnectorFuture::new(async move {
            tokio::time::sleep(delay).await;
            inner.call(request).await
        })
    }
}

/// Lists and describes every service; returns the time and the calls' count.
async fn describe_all(provider: &AwsProvider, concurrency: usize) -> (Duration, usize, usize) {
    let started = Instant::now();
    let mut stream = ecs::services_with("bench", concurrency, provider);
    let (mut pages, mut batches, mut described) = (0, 0, 0);
    while let Some(step) = stream.next().await {
        match step {
            Progress::Listed(_) => pages += 1,
            Progress::Described(d) => {
                batches += 1;
                described += d.items.len();
            }
            Progress::BatchFailed { error, .. } | Progress::ListFailed(error) => panic!("{error}"),
        }
    }
    assert_eq!(described, SERVICES, "every service described");
    (started.elapsed(), pages, batches)
}

fn bench_fake_transport(_c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let provider = Arc::new(slow_provider());
    let (concurrencies, runs_each): (&[usize], usize) =
        if benchmarking() { (&[DESCRIBE_CONCURRENCY, 10], 3) } else { (&[DESCRIBE_CONCURRENCY], 1) };
    for &concurrency in concurrencies {
        let mut runs = Vec::new();
        let (mut pages, mut batches) = (0, 0);
        for _ in 0..runs_each {
            let (elapsed, p, b) = runtime.block_on(describe_all(&provider, concurrency));
            (pages, batches) = (p, b);
            runs.push(elapsed);
        }
        let median = percentile(&mut runs, 50);
        #[allow(clippy::cast_precision_loss)]
        let formula = pages as f64 * 50.0 + batches as f64 * 50.0 / concurrency as f64;
        let bound = 1.2 * formula;
        let marker = if concurrency == DESCRIBE_CONCURRENCY { " (the pane's setting)" } else { "" };
        println!(
            "ecs 2,000 services over a 50 ms-per-call fake transport, concurrency {concurrency}{marker}: \
             {pages} list pages + {batches} describe calls in {:.0} ms (median of {runs_each}; max {:.0} ms); \
             bound 1.2 × ({pages} × 50 + {batches} × 50 / {concurrency}) = {bound:.0} ms → {:.2} of the bound",
            median.as_secs_f64() * 1e3,
            percentile(&mut runs, 100).as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e3 / bound,
        );
    }
}

criterion_group!(benches, bench_render, bench_fake_transport);
criterion_main!(benches);
