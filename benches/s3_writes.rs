//! S3 writes on the local emulator, awscope against the aws CLI doing the
//! same work in the same run:
//!
//! 1. an upload of 200 small files (plan + run through the real loader) vs
//!    `aws s3 cp --recursive`;
//! 2. an upload of one 64 MiB file (multipart) vs `aws s3 cp`;
//! 3. the delete of a 5,000-object prefix (listing + batched DeleteObjects)
//!    vs `aws s3 rm --recursive`.
//!
//! Each is timed over a few rounds (fresh prefixes each round, the two
//! sides taking turns to go first); the medians and awscope/CLI are printed.
//! `cargo bench --bench s3_writes` runs it at full size; under `cargo test`
//! it runs the same steps with small counts and one round, so it keeps
//! working; it never asserts on time.

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use aws_sdk_s3::primitives::ByteStream;
use awscope::app::s3::jobs::{JobKind, Overwrite, PlanItem, S3Place, Selection};
use awscope::app::s3::{S3Payload, S3Request, S3Slot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsProvider;
use awscope::aws::s3::write;
use awscope::testbed::emulator::{BASE_PROFILE, Emulator, HOME_REGION};
use awscope::testbed::harness::{Live, context};
use common::benchmarking;
use futures_util::stream::{self, StreamExt, TryStreamExt};

const BUCKET: &str = "bench-writes";

/// The sizes of a run.
struct Plan {
    rounds: usize,
    small_files: usize,
    big_mib: usize,
    delete_objects: usize,
}

impl Plan {
    fn new() -> Self {
        if benchmarking() {
            Self { rounds: 3, small_files: 200, big_mib: 64, delete_objects: 5000 }
        } else {
            Self { rounds: 1, small_files: 20, big_mib: 9, delete_objects: 300 }
        }
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the aws CLI with `args` against the emulator; its wall time.
fn run_cli(emulator: &Emulator, home: &Path, args: &[&str]) -> Duration {
    let mut command = emulator.aws_cli(home, args);
    command
        .args(["--profile", BASE_PROFILE, "--region", HOME_REGION])
        .arg("--only-show-errors")
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
    elapsed
}

/// Runs `request` through the real loader; its payloads, up to the last.
async fn load(live: &mut Live, slot: S3Slot, request: S3Request, id: u64) -> Vec<S3Payload> {
    let (slot, id) = (Slot::S3(slot), RequestId(id));
    let generation = live.app.generation;
    live.run(vec![Command::Load { slot, id, generation, request: LoadRequest::S3(request) }]);
    let mut payloads = Vec::new();
    loop {
        match live.next_action().await {
            Action::Loaded { slot: s, id: i, payload: Payload::S3(payload), more, .. } if s == slot && i == id => {
                payloads.push(payload);
                if !more {
                    return payloads;
                }
            }
            Action::LoadFailed { slot: s, id: i, error, .. } if s == slot && i == id => {
                panic!("{}", error.message)
            }
            _ => {}
        }
    }
}

/// Plans and runs `job` as the pane would; the time of both, and how many
/// objects the report says were done.
async fn awscope_job(live: &mut Live, job: JobKind, id: u64) -> (Duration, usize) {
    let started = Instant::now();
    let items: Vec<PlanItem> = load(live, S3Slot::Plan, S3Request::Plan(job.clone()), id)
        .await
        .into_iter()
        .flat_map(|p| match p {
            S3Payload::PlanPage(page) => page,
            other => panic!("a plan sends pages, not {other:?}"),
        })
        .collect();
    let request = S3Request::Run { job, items, overwrite: Overwrite::Never };
    let done = load(live, S3Slot::Job, request, id + 1).await.into_iter().find_map(|p| match p {
        S3Payload::JobDone(report) => Some(report),
        _ => None,
    });
    let elapsed = started.elapsed();
    let report = done.expect("a report");
    assert!(report.failed.is_empty() && report.skipped.is_empty(), "{report:?}");
    (elapsed, report.done)
}

async fn seed_prefix(provider: &AwsProvider, prefix: &str, count: usize) {
    let client = provider.s3();
    stream::iter(0..count)
        .map(|i| {
            let client = client.clone();
            let key = format!("{prefix}{:02}/object-{i:05}.json", i % 10);
            async move {
                client
                    .put_object()
                    .bucket(BUCKET)
                    .key(&key)
                    .body(ByteStream::from_static(b"{}"))
                    .send()
                    .await
                    .map(|_| ())
            }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("seed objects");
}

async fn count_under(provider: &AwsProvider, prefix: &str) -> usize {
    write::list_tree(BUCKET, prefix, None, provider).collect_all().await.expect("list").len()
}

/// awscope's and the CLI's times for one task, over the rounds.
#[derive(Default)]
struct Compared {
    awscope: Vec<Duration>,
    cli: Vec<Duration>,
}

impl Compared {
    fn print(&self, label: &str) {
        let (a, c) = (median(self.awscope.clone()), median(self.cli.clone()));
        println!("{label:<40} {:>10} {:>10} {:>7.2}x", ms(a), ms(c), a.as_secs_f64() / c.as_secs_f64());
    }
}

#[allow(clippy::too_many_lines, reason = "one scenario, step by step")]
fn main() {
    let plan = Plan::new();
    let mode = if benchmarking() { "full" } else { "short (cargo test)" };
    println!("awscope S3 writes vs the aws CLI, {mode} run");

    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let emulator = runtime.block_on(Emulator::start()).expect("start moto (scripts/install-moto installs it)");
    let provider = runtime.block_on(emulator.provider(BASE_PROFILE)).expect("provider");
    runtime.block_on(provider.s3().create_bucket().bucket(BUCKET).send()).expect("bucket");
    let home = tempfile::tempdir().expect("CLI home");
    let local = tempfile::tempdir().expect("local files");
    let small = local.path().join("small");
    std::fs::create_dir_all(&small).expect("mkdir");
    for i in 0..plan.small_files {
        let body: Vec<u8> = (0..1024 + i * 16).map(|b| u8::try_from((b + i) % 251).unwrap_or(0)).collect();
        std::fs::write(small.join(format!("file-{i:04}.txt")), body).expect("small file");
    }
    let big = local.path().join("big.bin");
    let big_body: Vec<u8> = (0..plan.big_mib * 1024 * 1024).map(|b| u8::try_from(b % 253).unwrap_or(0)).collect();
    std::fs::write(&big, &big_body).expect("big file");
    drop(big_body);

    let mut live = Live::new(emulator.provider_options(), context(BASE_PROFILE));
    runtime.block_on(live.start());
    let (mut uploads, mut big_uploads, mut deletes) = (Compared::default(), Compared::default(), Compared::default());
    let place = |key: String| S3Place { bucket: BUCKET.into(), key, region: None };
    let mut id = 1_000_000;
    for round in 0..plan.rounds {
        let awscope_first = round % 2 == 0;
        for awscope_turn in [awscope_first, !awscope_first] {
            if awscope_turn {
                id += 10;
                let job = JobKind::Upload { from: small.clone(), to: place(format!("a{round}/")) };
                let (t, done) = runtime.block_on(awscope_job(&mut live, job, id));
                assert_eq!(done, plan.small_files);
                uploads.awscope.push(t);
                let job = JobKind::Upload { from: big.clone(), to: place(format!("a{round}/")) };
                let (t, done) = runtime.block_on(awscope_job(&mut live, job, id + 2));
                assert_eq!(done, 1);
                big_uploads.awscope.push(t);
            } else {
                let to = format!("s3://{BUCKET}/c{round}/small/");
                uploads.cli.push(run_cli(
                    &emulator,
                    home.path(),
                    &["s3", "cp", "--recursive", &small.to_string_lossy(), &to],
                ));
                let to = format!("s3://{BUCKET}/c{round}/big.bin");
                big_uploads.cli.push(run_cli(&emulator, home.path(), &["s3", "cp", &big.to_string_lossy(), &to]));
            }
        }
        assert_eq!(runtime.block_on(count_under(&provider, &format!("a{round}/small/"))), plan.small_files);
        assert_eq!(runtime.block_on(count_under(&provider, &format!("c{round}/small/"))), plan.small_files);

        let (ours, theirs) = (format!("d{round}/"), format!("e{round}/"));
        runtime.block_on(seed_prefix(&provider, &ours, plan.delete_objects));
        runtime.block_on(seed_prefix(&provider, &theirs, plan.delete_objects));
        for awscope_turn in [awscope_first, !awscope_first] {
            if awscope_turn {
                id += 10;
                let selection = Selection {
                    bucket: BUCKET.into(),
                    region: None,
                    base: String::new(),
                    keys: Vec::new(),
                    prefixes: vec![ours.clone()],
                };
                let (t, done) = runtime.block_on(awscope_job(&mut live, JobKind::Delete(selection), id));
                assert_eq!(done, plan.delete_objects);
                deletes.awscope.push(t);
            } else {
                let uri = format!("s3://{BUCKET}/{theirs}");
                deletes.cli.push(run_cli(&emulator, home.path(), &["s3", "rm", "--recursive", &uri]));
            }
        }
        assert_eq!(runtime.block_on(count_under(&provider, &ours)), 0);
        assert_eq!(runtime.block_on(count_under(&provider, &theirs)), 0);
    }
    drop(live);
    drop(emulator);

    println!();
    println!("On the emulator, median of {} round(s) (awscope: plan + run through the loader):", plan.rounds);
    println!("{:<40} {:>10} {:>10} {:>8}", "task", "awscope", "aws CLI", "ratio");
    uploads.print(&format!("upload {} small files", plan.small_files));
    big_uploads.print(&format!("upload one {} MiB file", plan.big_mib));
    deletes.print(&format!("delete a {}-object prefix", plan.delete_objects));
}
