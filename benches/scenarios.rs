//! End-to-end scenarios on the local emulator, printed as one report:
//!
//! 1. listings: a 20,000-object S3 bucket, 5,000 SSM parameters and 2,000
//!    network interfaces of a VPC, each listed through awscope's loader and
//!    provider (time to the first row, time to the last page) and, in the same
//!    run, by the AWS CLI from `.venv` (the first page, and the whole listing),
//!    with the same page sizes; the ratios are awscope's time over the CLI's;
//! 2. memory: resident-set growth of this process while 100,000 S3 entries
//!    are taken into the app state, per entry;
//! 3. startup: the real binary in a pty, time to its first frame with nothing
//!    reachable: static keys and a closed endpoint, and no credentials at all
//!    (so the default chain probes the instance metadata service);
//! 4. input latency: the real binary in a pty with four listings streaming
//!    from the emulator, time from writing a key (Tab, j, k) to the screen
//!    showing its effect, p50/p99;
//! 5. idle: CPU time and bytes written by the binary over a few seconds with
//!    every listing finished.
//!
//! `cargo bench --bench scenarios` (or `scripts/bench-scenarios`) runs it at
//! full size. Under `cargo test` (no `--bench`) it runs the same steps with
//! small counts, so the scenarios keep working; it never asserts on time.

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use aws_sdk_ec2::types::{ResourceType, Tag as Ec2Tag, TagSpecification};
use aws_sdk_ecs::types::{ContainerDefinition, LaunchType};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_ssm::types::ParameterType;
use awscope::app::logs::{LogsPayload, LogsRequest, LogsSlot, Since};
use awscope::app::network::{NetworkPayload, NetworkRequest, NetworkSlot};
use awscope::app::s3::{ObjectRef, S3Payload, S3Request, S3Slot};
use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::ec2::InterfaceScope;
use awscope::aws::logs::EventScope;
use awscope::runtime::loader::Loader;
use awscope::testbed::emulator::{BASE_PROFILE, DEMO_ACCESS_KEY_ID, Emulator, HOME_REGION};
use common::{PAGE, Table, benchmarking, p50_p99};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const BUCKET: &str = "bench-objects";
const VPC_NAME: &str = "awscope-bench";
const CLUSTER: &str = "bench-cluster";
/// The prefix of the seeded log groups; the first holds the events.
const LOG_GROUPS: &str = "/bench/group-";
/// Streams of the events group.
const LOG_STREAMS: usize = 4;
/// Calls in flight at once while seeding.
const SEED_CONCURRENCY: usize = 24;
/// The pty the binary runs in.
const COLS: u16 = 160;
const ROWS: u16 = 40;

/// How big a run is.
struct Plan {
    objects: usize,
    parameters: usize,
    interfaces: usize,
    services: usize,
    log_groups: usize,
    log_events: usize,
    /// Rounds of each listing (awscope and the CLI alike).
    rounds: usize,
    /// Entries taken into the app state for the memory figure.
    memory_entries: usize,
    /// Launches per startup case.
    startups: usize,
    /// Samples wanted of Tab, and of j/k together.
    keys: usize,
    idle: Duration,
}

impl Plan {
    fn new() -> Self {
        if benchmarking() {
            Self {
                objects: 20_000,
                parameters: 5_000,
                interfaces: 2_000,
                services: 300,
                log_groups: 300,
                log_events: 20_000,
                rounds: 3,
                memory_entries: 100_000,
                startups: 10,
                keys: 200,
                idle: Duration::from_secs(5),
            }
        } else {
            Self {
                objects: 300,
                parameters: 120,
                interfaces: 60,
                services: 12,
                log_groups: 60,
                log_events: 400,
                rounds: 1,
                memory_entries: 10_000,
                startups: 2,
                keys: 12,
                idle: Duration::from_secs(1),
            }
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

// ---------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------

/// What seeding created that the listings need.
struct Seeded {
    vpc_id: String,
    /// The first event's time in the events group (ms).
    log_start: i64,
}

async fn seed(emulator: &Emulator, plan: &Plan) -> Seeded {
    let provider = emulator.provider(BASE_PROFILE).await.expect("demo profile");

    let started = Instant::now();
    let s3 = provider.s3();
    s3.create_bucket().bucket(BUCKET).send().await.expect("create bucket");
    stream::iter(0..plan.objects)
        .map(|i| {
            let s3 = s3.clone();
            async move {
                s3.put_object()
                    .bucket(BUCKET)
                    .key(format!("obj-{i:06}"))
                    .body(ByteStream::from_static(b"x"))
                    .send()
                    .await
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await
        .expect("put objects");
    eprintln!("seeded {} objects in {:.1?}", plan.objects, started.elapsed());

    let started = Instant::now();
    let ssm = provider.ssm();
    stream::iter(0..plan.parameters)
        .map(|i| {
            let ssm = ssm.clone();
            async move {
                ssm.put_parameter()
                    .name(format!("/bench-param-{i:05}"))
                    .value(format!("value {i}"))
                    .r#type(ParameterType::String)
                    .send()
                    .await
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await
        .expect("put parameters");
    eprintln!("seeded {} parameters in {:.1?}", plan.parameters, started.elapsed());

    let started = Instant::now();
    let ec2 = provider.ec2();
    let name = TagSpecification::builder()
        .resource_type(ResourceType::Vpc)
        .tags(Ec2Tag::builder().key("Name").value(VPC_NAME).build())
        .build();
    let vpc = ec2.create_vpc().cidr_block("10.20.0.0/16").tag_specifications(name).send().await.expect("create vpc");
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).expect("vpc id").to_owned();
    let mut subnets = Vec::new();
    for cidr in ["10.20.0.0/20", "10.20.16.0/20"] {
        let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block(cidr).send().await.expect("create subnet");
        subnets.push(subnet.subnet().and_then(|s| s.subnet_id()).expect("subnet id").to_owned());
    }
    let subnets = &subnets;
    stream::iter(0..plan.interfaces)
        .map(|i| {
            let ec2 = ec2.clone();
            async move {
                ec2.create_network_interface()
                    .subnet_id(&subnets[i % subnets.len()])
                    .description(format!("bench interface #{i:05}"))
                    .send()
                    .await
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await
        .expect("create network interfaces");
    eprintln!("seeded {} network interfaces in {:.1?}", plan.interfaces, started.elapsed());

    let started = Instant::now();
    let ecs = provider.ecs();
    ecs.create_cluster().cluster_name(CLUSTER).send().await.expect("create cluster");
    let container = ContainerDefinition::builder()
        .name("app")
        .image("public.ecr.aws/nginx/nginx:1.27")
        .cpu(256)
        .memory(512)
        .essential(true)
        .build();
    ecs.register_task_definition()
        .family("bench-svc")
        .container_definitions(container)
        .send()
        .await
        .expect("register task definition");
    stream::iter(0..plan.services)
        .map(|i| {
            let ecs = ecs.clone();
            async move {
                ecs.create_service()
                    .cluster(CLUSTER)
                    .service_name(format!("bench-svc-{i:04}"))
                    .task_definition("bench-svc")
                    .desired_count(0)
                    .launch_type(LaunchType::Ec2)
                    .send()
                    .await
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await
        .expect("create services");
    eprintln!("seeded {} ECS services in {:.1?}", plan.services, started.elapsed());

    let started = Instant::now();
    let logs = provider.logs();
    stream::iter(0..plan.log_groups)
        .map(|i| {
            let logs = logs.clone();
            async move { logs.create_log_group().log_group_name(format!("{LOG_GROUPS}{i:04}")).send().await }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await
        .expect("create log groups");
    // The events group: four streams written in turn, a millisecond apart, in the last hour.
    let group = format!("{LOG_GROUPS}0000");
    let start = awscope::testbed::seed::now_ms() - 3_600_000;
    for stream in 0..LOG_STREAMS {
        let name = format!("app/{stream}");
        logs.create_log_stream().log_group_name(&group).log_stream_name(&name).send().await.expect("create stream");
        let events: Vec<(i64, String)> = (stream..plan.log_events)
            .step_by(LOG_STREAMS)
            .map(|i| (start + i64::try_from(i).unwrap_or(0), format!("GET /orders/{i} 200 {}ms", i % 97)))
            .collect();
        for batch in events.chunks(5_000) {
            awscope::testbed::seed::put_events(&logs, &group, &name, batch).await.expect("put log events");
        }
    }
    eprintln!("seeded {} log groups and {} events in {:.1?}", plan.log_groups, plan.log_events, started.elapsed());
    Seeded { vpc_id, log_start: start }
}

// ---------------------------------------------------------------------------
// Listings: awscope's loader against the AWS CLI
// ---------------------------------------------------------------------------

/// One listing compared.
struct Listing {
    label: String,
    slot: Slot,
    request: LoadRequest,
    /// `aws` arguments for the whole listing (the page size awscope uses).
    cli: Vec<String>,
    /// The same with `--max-items` = one page.
    cli_first_page: Vec<String>,
    /// The JSON array the CLI's answer holds the items in.
    cli_key: &'static str,
}

struct Timed {
    first: Duration,
    complete: Duration,
    items: usize,
}

fn rows_in(payload: &Payload) -> usize {
    match payload {
        Payload::S3(S3Payload::Objects(rows)) => rows.len(),
        Payload::Network(NetworkPayload::Interfaces(rows)) => rows.len(),
        Payload::Ssm(SsmPayload::Parameters(rows)) => rows.len(),
        Payload::Logs(LogsPayload::Groups(rows)) => rows.len(),
        Payload::Logs(LogsPayload::Events { events, .. }) => events.len(),
        _ => 0,
    }
}

/// Lists through the loader as the app does: from issuing the load to the
/// first non-empty page, and to the page that says nothing more follows.
async fn awscope_listing(
    loader: &mut Loader,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>,
    next_id: &mut u64,
    listing: &Listing,
) -> Timed {
    *next_id += 1;
    let id = RequestId(*next_id);
    let started = Instant::now();
    loader.execute(Command::Load { slot: listing.slot, id, generation: 1, request: listing.request.clone() });
    let (mut first, mut items) = (None, 0);
    loop {
        match rx.recv().await.expect("loader alive") {
            Action::Loaded { id: got, payload, more, .. } if got == id => {
                items += rows_in(&payload);
                if items > 0 && first.is_none() {
                    first = Some(started.elapsed());
                }
                if !more {
                    let complete = started.elapsed();
                    return Timed { first: first.unwrap_or(complete), complete, items };
                }
            }
            Action::LoadFailed { id: got, error, .. } if got == id => {
                panic!("{} failed: {}", listing.label, error.message)
            }
            _ => {}
        }
    }
}

/// Where the aws CLI installed by `scripts/install-moto` is.
fn aws_cli() -> PathBuf {
    awscope::testbed::emulator::aws_cli_path()
}

/// Runs the CLI with `args` against the emulator; its wall time and how many
/// items its JSON answer holds under `key`.
fn run_cli(emulator: &Emulator, home: &Path, args: &[String], key: &str) -> (Duration, usize) {
    let mut command = emulator.aws_cli(home, args);
    command
        .args(["--profile", BASE_PROFILE, "--region", HOME_REGION])
        .args(["--output", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output().expect("run the aws CLI");
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "aws {} failed ({}): {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the CLI prints JSON");
    (elapsed, json.get(key).and_then(serde_json::Value::as_array).map_or(0, Vec::len))
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

fn listings(plan: &Plan, seeded: &Seeded) -> Vec<Listing> {
    let filter = format!("Name=vpc-id,Values={}", seeded.vpc_id);
    let page = PAGE.to_string();
    let group = format!("{LOG_GROUPS}0000");
    let start = seeded.log_start.to_string();
    let events_page = awscope::aws::logs::EVENTS_PAGE_SIZE.to_string();
    vec![
        Listing {
            label: format!("S3 objects, {} in one prefix", plan.objects),
            slot: Slot::S3(S3Slot::Objects),
            request: LoadRequest::S3(S3Request::Objects(ObjectRef {
                bucket: BUCKET.into(),
                key: String::new(),
                region: None,
            })),
            cli: strings(&["s3api", "list-objects-v2", "--bucket", BUCKET, "--delimiter", "/", "--page-size", &page]),
            cli_first_page: strings(&[
                "s3api",
                "list-objects-v2",
                "--bucket",
                BUCKET,
                "--delimiter",
                "/",
                "--page-size",
                &page,
                "--max-items",
                &page,
            ]),
            cli_key: "Contents",
        },
        Listing {
            label: format!("SSM parameters, {}", plan.parameters),
            slot: Slot::Ssm(SsmSlot::Tree),
            request: LoadRequest::Ssm(SsmRequest::List { path: None }),
            cli: strings(&["ssm", "describe-parameters", "--page-size", "50"]),
            cli_first_page: strings(&["ssm", "describe-parameters", "--page-size", "50", "--max-items", "50"]),
            cli_key: "Parameters",
        },
        Listing {
            label: format!("network interfaces, {} in a VPC", plan.interfaces),
            slot: Slot::Network(NetworkSlot::Interfaces),
            request: LoadRequest::Network(NetworkRequest::Interfaces {
                scope: InterfaceScope::Vpc { vpc_id: seeded.vpc_id.clone() },
            }),
            cli: strings(&["ec2", "describe-network-interfaces", "--filters", &filter, "--page-size", &page]),
            cli_first_page: strings(&[
                "ec2",
                "describe-network-interfaces",
                "--filters",
                &filter,
                "--page-size",
                &page,
                "--max-items",
                &page,
            ]),
            cli_key: "NetworkInterfaces",
        },
        Listing {
            label: format!("log groups, {}", plan.log_groups),
            slot: Slot::Logs(LogsSlot::Groups),
            request: LoadRequest::Logs(LogsRequest::Groups { prefix: Some(LOG_GROUPS.into()) }),
            cli: strings(&["logs", "describe-log-groups", "--log-group-name-prefix", LOG_GROUPS, "--page-size", "50"]),
            cli_first_page: strings(&[
                "logs",
                "describe-log-groups",
                "--log-group-name-prefix",
                LOG_GROUPS,
                "--page-size",
                "50",
                "--max-items",
                "50",
            ]),
            cli_key: "logGroups",
        },
        Listing {
            label: format!("log events, {} in {LOG_STREAMS} streams", plan.log_events),
            slot: Slot::Logs(LogsSlot::Events),
            request: LoadRequest::Logs(LogsRequest::Range {
                scope: EventScope { group: group.clone(), ..EventScope::default() },
                since: Since::At(seeded.log_start),
            }),
            cli: strings(&[
                "logs",
                "filter-log-events",
                "--log-group-name",
                &group,
                "--start-time",
                &start,
                "--interleaved",
                "--page-size",
                &events_page,
            ]),
            cli_first_page: strings(&[
                "logs",
                "filter-log-events",
                "--log-group-name",
                &group,
                "--start-time",
                &start,
                "--interleaved",
                "--page-size",
                &events_page,
                "--max-items",
                &events_page,
            ]),
            cli_key: "events",
        },
    ]
}

/// One row of the listings table.
struct Compared {
    label: String,
    awscope_first: Duration,
    awscope_complete: Duration,
    cli_first: Duration,
    cli_complete: Duration,
    items: usize,
}

async fn compare_listings(emulator: &Emulator, plan: &Plan, seeded: &Seeded, home: &Path) -> (Vec<Compared>, Duration) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut loader = Loader::new(tx, emulator.provider_options());
    let context = AwsContext { profile: Some(BASE_PROFILE.into()), ..AwsContext::default() };
    loader.execute(Command::Connect { generation: 1, context });
    loop {
        match rx.recv().await {
            Some(Action::Connected { .. }) => break,
            Some(Action::ConnectFailed { error, .. }) => panic!("connect failed: {}", error.message),
            Some(_) => {}
            None => panic!("loader stopped"),
        }
    }

    // The CLI's own start-up (Python, botocore's models), for reading its times.
    let mut version = Vec::new();
    for _ in 0..plan.rounds.max(3) {
        let started = Instant::now();
        let status = std::process::Command::new(aws_cli())
            .arg("--version")
            .env_clear()
            .env("HOME", home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("aws --version");
        assert!(status.success(), "aws --version failed");
        version.push(started.elapsed());
    }

    let mut next_id = 0;
    let mut rows = Vec::new();
    for listing in listings(plan, seeded) {
        let (mut first, mut complete, mut cli_first, mut cli_complete) = (vec![], vec![], vec![], vec![]);
        let mut items = 0;
        for _ in 0..plan.rounds {
            let timed = awscope_listing(&mut loader, &mut rx, &mut next_id, &listing).await;
            first.push(timed.first);
            complete.push(timed.complete);
            items = timed.items;
            let (page, on_page) = run_cli(emulator, home, &listing.cli_first_page, listing.cli_key);
            let (all, listed) = run_cli(emulator, home, &listing.cli, listing.cli_key);
            assert_eq!(listed, timed.items, "{}: the CLI and awscope list the same items", listing.label);
            assert!(on_page > 0, "{}: the CLI's first page holds items", listing.label);
            cli_first.push(page);
            cli_complete.push(all);
        }
        rows.push(Compared {
            label: listing.label.clone(),
            awscope_first: median(first),
            awscope_complete: median(complete),
            cli_first: median(cli_first),
            cli_complete: median(cli_complete),
            items,
        });
    }
    (rows, median(version))
}

// ---------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096)
}

/// Resident bytes of process `pid` ("self" for this one), from /proc/PID/statm.
fn resident(pid: &str) -> usize {
    let statm = std::fs::read_to_string(format!("/proc/{pid}/statm")).expect("read statm");
    let pages: usize = statm.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("statm resident");
    pages * page_size()
}

/// Resident-set growth per S3 entry taken into the app state, and the
/// average key length, for `n` entries delivered in pages of 1,000.
fn memory(n: usize) -> (f64, f64) {
    let mut waiting = Table::S3Objects.waiting();
    // Every key has the same length; building them all here would leave freed
    // memory behind for the app to reuse, hiding part of its growth.
    let key_len = common::object(n - 1).key().len();
    let before = resident("self");
    waiting.fill(n, true);
    let after = resident("self");
    let grown = after.saturating_sub(before);
    std::hint::black_box(&waiting);
    #[allow(clippy::cast_precision_loss, reason = "byte counts far below 2^52")]
    (grown as f64 / n as f64, key_len as f64)
}

// ---------------------------------------------------------------------------
// The binary in a pty
// ---------------------------------------------------------------------------

/// The screen as the pty has drawn it, and when it last changed.
struct Screen {
    parser: vt100::Parser,
    /// When the last chunk of output was taken in.
    at: Instant,
    /// Bytes written by the program so far.
    bytes: u64,
    closed: bool,
}

struct Pty {
    shared: Arc<(Mutex<Screen>, Condvar)>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    spawned: Instant,
}

impl Pty {
    fn spawn(env: &[(&str, OsString)], args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_awscope"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let shared = Arc::new((
            Mutex::new(Screen {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                at: Instant::now(),
                bytes: 0,
                closed: false,
            }),
            Condvar::new(),
        ));
        let sink = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, changed) = &*sink;
                let mut screen = lock.lock().unwrap_or_else(PoisonError::into_inner);
                if n == 0 {
                    screen.closed = true;
                    changed.notify_all();
                    break;
                }
                screen.parser.process(&buf[..n]);
                screen.at = Instant::now();
                screen.bytes += n as u64;
                changed.notify_all();
            }
        });
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(cmd).expect("spawn awscope");
        drop(pair.slave);
        Self { shared, writer, child, _master: pair.master, spawned }
    }

    /// Waits until `ready` holds for the screen; returns when the output that
    /// made it hold was taken in, or `None` after `patience`.
    fn wait_until(&self, patience: Duration, ready: impl Fn(&vt100::Screen) -> bool) -> Option<Instant> {
        let deadline = Instant::now() + patience;
        let (lock, changed) = &*self.shared;
        let mut screen = lock.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if ready(screen.parser.screen()) {
                return Some(screen.at);
            }
            let now = Instant::now();
            if now >= deadline || screen.closed {
                return None;
            }
            screen = changed.wait_timeout(screen, deadline - now).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Like [`Pty::wait_until`], but a timeout is fatal and shows the screen.
    fn expect(&self, what: &str, patience: Duration, ready: impl Fn(&vt100::Screen) -> bool) -> Instant {
        self.wait_until(patience, ready)
            .unwrap_or_else(|| panic!("no {what} within {patience:?}; the screen:\n{}", self.contents()))
    }

    fn contents(&self) -> String {
        self.shared.0.lock().unwrap_or_else(PoisonError::into_inner).parser.screen().contents()
    }

    fn bytes(&self) -> u64 {
        self.shared.0.lock().unwrap_or_else(PoisonError::into_inner).bytes
    }

    /// Writes `bytes`; returns the moment just before the write.
    fn send(&mut self, bytes: &[u8]) -> Instant {
        let at = Instant::now();
        self.writer.write_all(bytes).expect("write to the pty");
        self.writer.flush().expect("flush the pty");
        at
    }

    fn pid(&self) -> String {
        self.child.process_id().expect("pid").to_string()
    }

    /// Quits with `q`; kills the process if it does not leave in time.
    fn quit(mut self) {
        self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        eprintln!("awscope did not quit on q; killing it. The screen:\n{}", self.contents());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The text of screen row `row`.
fn row_text(screen: &vt100::Screen, row: u16) -> String {
    screen.rows(0, COLS).nth(usize::from(row)).unwrap_or_default()
}

/// The screen row holding the selection marker, if any.
fn selected_row(screen: &vt100::Screen) -> Option<u16> {
    screen.rows(0, COLS).position(|line| line.contains('▶')).and_then(|r| u16::try_from(r).ok())
}

/// The number of loads the status line says are running (0 when it says none).
fn loading(screen: &vt100::Screen) -> usize {
    let status = row_text(screen, ROWS - 1);
    status
        .split("loading ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A port on loopback nobody listens on.
fn closed_port() -> u16 {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).expect("bind");
    listener.local_addr().expect("address").port()
}

/// Startup of one case: time to the first frame, and (when `settled` names
/// what the screen shows once the connection attempt is over) to that.
struct Startup {
    first_frame: Vec<Duration>,
    settled: Vec<Duration>,
}

fn startup(rounds: usize, env: &[(&str, OsString)], args: &[&str], settled: Option<&str>) -> Startup {
    let mut out = Startup { first_frame: Vec::new(), settled: Vec::new() };
    for _ in 0..rounds {
        let home = tempfile::tempdir().expect("home");
        let mut env = env.to_vec();
        env.push(("HOME", home.path().into()));
        env.push(("XDG_STATE_HOME", home.path().join("state").into()));
        let pty = Pty::spawn(&env, args);
        let frame = pty.expect("first frame", Duration::from_secs(30), |s| s.contents().contains("awscope"));
        out.first_frame.push(frame - pty.spawned);
        if let Some(text) = settled
            && let Some(at) = pty.wait_until(Duration::from_secs(30), |s| s.contents().contains(text))
        {
            out.settled.push(at - pty.spawned);
        }
        pty.quit();
    }
    out
}

/// Key latencies in the pty, with the number of listings running at each key.
#[derive(Default)]
struct Latency {
    tab: Vec<Duration>,
    jk: Vec<Duration>,
    in_flight: Vec<usize>,
    unseen: usize,
    first_row: Duration,
    idle_cpu: Duration,
    idle_bytes: u64,
    idle_wall: Duration,
    rss: usize,
}

const PANES: [&str; 4] = ["[1 S3]", "[2 Network]", "[3 SSM]", "[4 ECS]"];

fn clock_ticks() -> u64 {
    // SAFETY: sysconf has no preconditions.
    u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).unwrap_or(100)
}

/// User + system CPU time of process `pid`.
fn cpu_time(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("read stat");
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    // Fields 14 and 15 of stat(5); the state (field 3) is the first after ')'.
    let ticks = fields[11] + fields[12];
    Duration::from_secs_f64(ticks as f64 / clock_ticks() as f64)
}

/// Moves the selection onto the row containing `text`.
fn select_row(pty: &mut Pty, text: &str) {
    for _ in 0..50 {
        let screen = pty.shared.0.lock().unwrap_or_else(PoisonError::into_inner).parser.screen().clone();
        let target = screen.rows(0, COLS).position(|l| l.contains(text));
        let (Some(target), Some(at)) = (target, selected_row(&screen)) else {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let at = usize::from(at);
        if target == at {
            return;
        }
        pty.send(if target > at { b"j" } else { b"k" });
        std::thread::sleep(Duration::from_millis(30));
    }
    panic!("could not select the row with {text}; the screen:\n{}", pty.contents());
}

/// The environment the binary runs with in a pty: its own home and state
/// directory, and the emulator's AWS config files.
fn pty_env(emulator: &Emulator, home: &Path) -> Vec<(&'static str, OsString)> {
    let paths = emulator.profile_paths();
    vec![
        ("HOME", home.into()),
        ("XDG_STATE_HOME", home.join("state").into()),
        ("AWS_CONFIG_FILE", paths.config.clone().into()),
        ("AWS_SHARED_CREDENTIALS_FILE", paths.credentials.clone().into()),
    ]
}

fn input_latency(emulator: &Emulator, plan: &Plan) -> Latency {
    let home = tempfile::tempdir().expect("home");
    let env = pty_env(emulator, home.path());
    let mut pty = Pty::spawn(&env, &["--profile", BASE_PROFILE]);
    let patience = Duration::from_secs(120);
    let mut out = Latency::default();

    // Open each pane's big listing, as a user would.
    pty.expect("the bucket", patience, |s| s.contents().contains(BUCKET));
    let enter = pty.send(b"\r");
    let first = pty.expect("the first object", patience, |s| s.contents().contains("obj-000000"));
    out.first_row = first - enter;
    pty.send(b"2");
    pty.expect("the bench VPC", patience, |s| s.contents().contains(VPC_NAME));
    select_row(&mut pty, VPC_NAME);
    pty.send(b"e");
    pty.expect("the interfaces", patience, |s| s.contents().contains("bench interface #"));
    pty.send(b"3");
    pty.expect("the parameters", patience, |s| s.contents().contains("bench-param-"));
    pty.send(b"4");
    pty.expect("the cluster", patience, |s| s.contents().contains(CLUSTER));
    select_row(&mut pty, CLUSTER);
    pty.send(b"\r");
    pty.expect("the services", patience, |s| s.contents().contains("bench-svc-"));
    // Start all four again at once, so they stream together while keys are timed.
    for (i, pane) in PANES.iter().enumerate() {
        pty.send(format!("{}", i + 1).as_bytes());
        pty.expect("the pane", patience, |s| row_text(s, 2).contains(pane));
        pty.send(b"r");
    }

    let key_patience = Duration::from_secs(2);
    let mut pane = 3;
    let mut down = true;
    while out.tab.len() < plan.keys || out.jk.len() < plan.keys {
        std::thread::sleep(Duration::from_millis(15));
        let screen = pty.shared.0.lock().unwrap_or_else(PoisonError::into_inner).parser.screen().clone();
        out.in_flight.push(loading(&screen));
        if out.tab.len() < plan.keys && (out.tab.len() <= out.jk.len() / 2 || out.jk.len() >= plan.keys) {
            pane = (pane + 1) % PANES.len();
            let want = PANES[pane];
            let sent = pty.send(b"\t");
            match pty.wait_until(key_patience, |s| row_text(s, 2).contains(want)) {
                Some(at) => out.tab.push(at.saturating_duration_since(sent)),
                None => out.unseen += 1,
            }
            continue;
        }
        let Some(at) = selected_row(&screen) else {
            // Nothing to select yet on this pane: move on.
            out.unseen += 1;
            pty.send(b"\t");
            pane = (pane + 1) % PANES.len();
            std::thread::sleep(Duration::from_millis(100));
            continue;
        };
        let (key, want) = if down { (b"j", at + 1) } else { (b"k", at.saturating_sub(1)) };
        let sent = pty.send(key);
        match pty.wait_until(key_patience, |s| selected_row(s) == Some(want)) {
            Some(seen) => out.jk.push(seen.saturating_duration_since(sent)),
            None => out.unseen += 1,
        }
        down = !down;
    }

    // Idle: everything loaded, nothing changing.
    pty.expect("every listing finished", Duration::from_secs(600), |s| {
        loading(s) == 0 && !row_text(s, ROWS - 1).contains("loading")
    });
    std::thread::sleep(Duration::from_secs(1));
    let pid = pty.pid();
    let (cpu, bytes, started) = (cpu_time(&pid), pty.bytes(), Instant::now());
    std::thread::sleep(plan.idle);
    out.idle_cpu = cpu_time(&pid).saturating_sub(cpu);
    out.idle_bytes = pty.bytes() - bytes;
    out.idle_wall = started.elapsed();
    out.rss = resident(&pid);
    pty.quit();
    out
}

/// j/k key→frame times in the bucket's listing: with nothing running, then
/// while uploads of a `size`-byte file run (repeated until there are as many
/// samples as idle ones).
struct DuringTransfer {
    idle: Vec<Duration>,
    during: Vec<Duration>,
    uploads: usize,
    unseen: usize,
}

/// Sends j or k (whichever keeps the selection on screen) and waits for the
/// selection to move; `None` when it did not within 2 s.
fn time_jk(pty: &mut Pty, down: &mut bool) -> Option<Duration> {
    let screen = pty.shared.0.lock().unwrap_or_else(PoisonError::into_inner).parser.screen().clone();
    let at = selected_row(&screen)?;
    let (key, want) = if *down { (b"j", at + 1) } else { (b"k", at.saturating_sub(1)) };
    *down = !*down;
    let sent = pty.send(key);
    pty.wait_until(Duration::from_secs(2), |s| selected_row(s) == Some(want))
        .map(|seen| seen.saturating_duration_since(sent))
}

fn transfer_latency(emulator: &Emulator, plan: &Plan, size: usize) -> DuringTransfer {
    let home = tempfile::tempdir().expect("home");
    let file = home.path().join("upload.bin");
    std::fs::write(&file, (0..size).map(|i| (i % 251) as u8).collect::<Vec<u8>>()).expect("write the file");
    let env = pty_env(emulator, home.path());
    let mut pty = Pty::spawn(&env, &["--profile", BASE_PROFILE]);
    let patience = Duration::from_secs(120);
    pty.expect("the bucket", patience, |s| s.contents().contains(BUCKET));
    select_row(&mut pty, BUCKET);
    pty.send(b"\r");
    pty.expect("the listing", Duration::from_secs(600), |s| {
        s.contents().contains("obj-000000") && !row_text(s, ROWS - 1).contains("loading")
    });
    let mut out = DuringTransfer { idle: Vec::new(), during: Vec::new(), uploads: 0, unseen: 0 };
    let mut down = true;
    while out.idle.len() < plan.keys {
        std::thread::sleep(Duration::from_millis(15));
        match time_jk(&mut pty, &mut down) {
            Some(t) => out.idle.push(t),
            None => out.unseen += 1,
        }
    }
    let status = |s: &vt100::Screen| row_text(s, ROWS - 1);
    while out.during.len() < plan.keys && out.uploads < 20 {
        pty.send(b"u\x15");
        pty.send(format!("{}\r", file.display()).as_bytes());
        pty.expect("the upload's preview", patience, |s| s.contents().contains("start the upload"));
        if pty.contents().contains("Choose once") {
            pty.send(b"o");
            pty.expect("the choice", patience, |s| s.contents().contains("are overwritten"));
        }
        pty.send(b"y");
        pty.expect("the upload running", patience, |s| status(s).contains("upload"));
        out.uploads += 1;
        loop {
            std::thread::sleep(Duration::from_millis(15));
            let running = status(&pty.shared.0.lock().unwrap_or_else(PoisonError::into_inner).parser.screen().clone())
                .contains("Esc cancels");
            if !running {
                break;
            }
            match time_jk(&mut pty, &mut down) {
                Some(t) => out.during.push(t),
                None => out.unseen += 1,
            }
        }
        // A report popup (when something was skipped or failed) would take the keys.
        if pty.contents().contains("report") {
            pty.send(b"\x1b");
        }
    }
    pty.quit();
    out
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

fn main() {
    let plan = Plan::new();
    let mode = if benchmarking() { "full" } else { "short (cargo test)" };
    println!("awscope scenarios, {mode} run");

    let entries = plan.memory_entries;
    let (per_entry, key_len) = memory(entries);

    let startup_rounds = plan.startups;
    let closed = format!("http://127.0.0.1:{}", closed_port());
    let dir = tempfile::tempdir().expect("config dir");
    let (config, credentials) = (dir.path().join("config"), dir.path().join("credentials"));
    std::fs::write(
        &config,
        format!(
            "[profile offline]\nregion = us-east-1\nendpoint_url = {closed}\n\n[profile keyless]\nregion = us-east-1\n"
        ),
    )
    .expect("config");
    std::fs::write(
        &credentials,
        format!("[offline]\naws_access_key_id = {DEMO_ACCESS_KEY_ID}\naws_secret_access_key = not-a-secret\n"),
    )
    .expect("credentials");
    let files =
        [("AWS_CONFIG_FILE", config.clone().into()), ("AWS_SHARED_CREDENTIALS_FILE", credentials.clone().into())];
    let offline = startup(startup_rounds, &files, &["--profile", "offline"], None);
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").expect("empty file");
    let bare = [
        ("AWS_CONFIG_FILE", empty.clone().into()),
        ("AWS_SHARED_CREDENTIALS_FILE", empty.clone().into()),
        ("AWS_REGION", OsString::from("us-east-1")),
    ];
    let no_credentials = startup(startup_rounds, &bare, &[], Some("not connected"));
    // An instance metadata service that accepts connections and never answers,
    // as on a network that drops its packets: the probe waits out its timeouts.
    let silent = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).expect("bind");
    let silent_url = format!("http://127.0.0.1:{}", silent.local_addr().expect("address").port());
    let mut hanging = files.to_vec();
    hanging.push(("AWS_EC2_METADATA_SERVICE_ENDPOINT", silent_url.into()));
    // A profile with a region and no credentials: the chain goes on to the metadata service.
    let imds_silent = startup(startup_rounds, &hanging, &["--profile", "keyless"], Some("not connected"));
    drop(silent);

    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let emulator = runtime.block_on(Emulator::start()).expect("start moto (scripts/install-moto installs it)");
    let seeded = runtime.block_on(seed(&emulator, &plan));
    let cli_home = tempfile::tempdir().expect("CLI home");
    let (compared, cli_startup) = runtime.block_on(compare_listings(&emulator, &plan, &seeded, cli_home.path()));
    let mut latency = input_latency(&emulator, &plan);
    let upload_size = if benchmarking() { 256 << 20 } else { 64 << 20 };
    let mut transfer = transfer_latency(&emulator, &plan, upload_size);
    drop(emulator);

    println!();
    println!("Listings on the emulator (median of {} round(s); the CLI with the page size awscope uses):", plan.rounds);
    println!(
        "{:<36} {:>13} {:>13} {:>13} {:>13} {:>8} {:>8}",
        "listing", "awscope 1st", "CLI 1st page", "awscope all", "CLI all", "1st", "all"
    );
    for row in &compared {
        println!(
            "{:<36} {:>13} {:>13} {:>13} {:>13} {:>7.2}x {:>7.2}x",
            row.label,
            ms(row.awscope_first),
            ms(row.cli_first),
            ms(row.awscope_complete),
            ms(row.cli_complete),
            row.awscope_first.as_secs_f64() / row.cli_first.as_secs_f64(),
            row.awscope_complete.as_secs_f64() / row.cli_complete.as_secs_f64(),
        );
        assert!(row.items > 0, "{} listed nothing", row.label);
    }
    println!("(ratios: awscope's time / the CLI's; `aws --version` alone takes {} on this machine)", ms(cli_startup));

    println!();
    println!(
        "Memory: {entries} S3 entries in the app state grow the resident set by {per_entry:.0} bytes per entry \
         (each key is {key_len:.0} bytes)"
    );

    println!();
    let report = |label: &str, s: &Startup| {
        let mut frames = s.first_frame.clone();
        let (p50, _) = p50_p99(&mut frames);
        let max = frames.iter().max().copied().unwrap_or_default();
        print!("Startup, {label}: first frame p50 {} max {} over {} launches", ms(p50), ms(max), frames.len());
        if !s.settled.is_empty() {
            print!("; connection failure on screen after {}", ms(median(s.settled.clone())));
        }
        println!();
    };
    report("static keys, endpoint on a closed port", &offline);
    report("no credentials at all (default chain, instance metadata probed)", &no_credentials);
    report("a profile without credentials, instance metadata accepts but never answers", &imds_silent);

    println!();
    println!("Input, the binary in a {COLS}x{ROWS} pty against the seeded emulator:");
    println!("  Enter on the bucket to its first object on screen: {}", ms(latency.first_row));
    let (tab50, tab99) = p50_p99(&mut latency.tab);
    let (jk50, jk99) = p50_p99(&mut latency.jk);
    println!("  Tab to the next pane drawn: p50 {} p99 {} over {} keys", ms(tab50), ms(tab99), latency.tab.len());
    println!("  j/k to the selection moved:  p50 {} p99 {} over {} keys", ms(jk50), ms(jk99), latency.jk.len());
    let mut in_flight = [0usize; 5];
    for n in &latency.in_flight {
        in_flight[(*n).min(4)] += 1;
    }
    println!(
        "  listings loading when a key was sent: 4+: {}, 3: {}, 2: {}, 1: {}, 0: {} keys; {} keys without a visible effect in 2 s",
        in_flight[4], in_flight[3], in_flight[2], in_flight[1], in_flight[0], latency.unseen
    );
    let (idle50, idle99) = p50_p99(&mut transfer.idle);
    let (during50, during99) = p50_p99(&mut transfer.during);
    println!(
        "  j/k while {} upload(s) of {} MiB ran: p50 {} p99 {} over {} keys; with nothing running: p50 {} p99 {} over {} keys; \
         p50 during / idle {:.2}x; {} keys without a visible effect in 2 s",
        transfer.uploads,
        upload_size >> 20,
        ms(during50),
        ms(during99),
        transfer.during.len(),
        ms(idle50),
        ms(idle99),
        transfer.idle.len(),
        during50.as_secs_f64() / idle50.as_secs_f64().max(1e-9),
        transfer.unseen,
    );
    #[allow(clippy::cast_precision_loss, reason = "small numbers")]
    let rss_mib = latency.rss as f64 / (1024.0 * 1024.0);
    println!(
        "Idle, every listing loaded: {} CPU over {} ({:.2}% of a core), {} bytes written to the terminal; resident set {rss_mib:.1} MiB",
        ms(latency.idle_cpu),
        ms(latency.idle_wall),
        100.0 * latency.idle_cpu.as_secs_f64() / latency.idle_wall.as_secs_f64(),
        latency.idle_bytes,
    );
}
