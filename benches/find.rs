//! Two measurements of `:find`:
//!
//! 1. A search over a fake transport that answers every call after 100 ms:
//!    2 profiles × 17 regions, text that matches nothing (one call per
//!    probe), through the same scheduler the loader uses. Prints the wall
//!    time, the probe count and the ratio to 1.5 × ceil(probes ÷
//!    concurrency) × 100 ms (under 1 is within that bound).
//! 2. "Which account is this IP in?" on moto with the find world seeded:
//!    awscope's search through the real loader over every profile and every
//!    enabled region, against the aws CLI answering the same question in the
//!    same run (`describe-regions` per profile, enabled regions of the
//!    partition kept, then
//!    `describe-network-interfaces` filtered by the address in each profile ×
//!    region), 16 processes at once and one at a time. Both must find the
//!    same interface in the same place (the CLI is the oracle); the times are
//!    printed as ratios, never asserted.
//!
//! Under `cargo test` (no `--bench`) each runs once, the second over two
//! regions only; under `cargo bench`, the first five times and the second
//! over every enabled region, median of 3 (one at a time: once).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awscope::app::find::{FindPayload, FindSpec, HitKind, Scope};
use awscope::aws::AwsContext;
use awscope::aws::find::{DEFAULT_CONCURRENCY, Event, PROBE_TIMEOUT_SECS, Query, Skipped, Target, search};
use awscope::aws::regions::COMMERCIAL;
use awscope::testbed::slow::{self, Answer, Rule};
use awscope::testbed::{BASE_PROFILE, Emulator, FIND_IP, FIND_REGION, HOME_REGION, SECOND_PROFILE, harness, seed_find};
use tokio::sync::Semaphore;

const LATENCY: Duration = Duration::from_millis(100);
const PROFILES: [&str; 2] = ["dev", "prod"];
const REGIONS: usize = 17;

fn targets(rule: &Rule) -> Vec<futures_util::future::Ready<Result<Target, Skipped>>> {
    PROFILES
        .iter()
        .map(|profile| {
            let home = slow::provider(profile, COMMERCIAL[0], LATENCY, rule.clone());
            let regions = COMMERCIAL.iter().take(REGIONS).map(|r| ((*r).to_owned(), home.in_region(r))).collect();
            futures_util::future::ready(Ok(Target {
                profile: (*profile).to_owned(),
                account: None,
                regions,
                failed: Vec::new(),
            }))
        })
        .collect()
}

async fn once(rule: &Rule) -> (Duration, usize, usize) {
    let (mut planned, mut failed) = (0, 0);
    let started = Instant::now();
    let limit = Arc::new(Semaphore::new(DEFAULT_CONCURRENCY));
    search(
        &Query::parse("payments"),
        targets(rule),
        limit,
        Duration::from_secs(PROBE_TIMEOUT_SECS),
        |event| match event {
            Event::Planned(n) => planned += n,
            Event::ProbeDone(Some(_)) => failed += 1,
            _ => {}
        },
    )
    .await;
    (started.elapsed(), planned, failed)
}

/// Where an interface was found: (profile, region, interface id).
type Places = BTreeSet<(String, String, String)>;

/// awscope's search for `text` over `scope` through the real loader,
/// connected to the base profile: its wall time (from the request to the
/// last payload), probes, failed probes and the interfaces found.
async fn awscope_search(emulator: &Emulator, scope: Scope) -> (Duration, usize, usize, Places) {
    let spec = FindSpec {
        text: FIND_IP.to_owned(),
        scope,
        current: AwsContext { profile: Some(BASE_PROFILE.to_owned()), ..AwsContext::default() },
        exclude: Vec::new(),
        concurrency: DEFAULT_CONCURRENCY,
        mfa: Vec::new(),
    };
    let (payloads, elapsed) = harness::find_through_loader(emulator.provider_options(), spec).await;
    let (mut probes, mut failed, mut found) = (0, 0, Places::new());
    for payload in payloads {
        match payload {
            FindPayload::Planned(n) => probes += n,
            FindPayload::ProbeDone(Some(_)) => failed += 1,
            FindPayload::Hits(hits) => found.extend(
                hits.into_iter().filter(|h| h.kind == HitKind::NetworkInterface).map(|h| (h.profile, h.region, h.name)),
            ),
            FindPayload::Skipped(skipped) => panic!("a profile was skipped: {skipped:?}"),
            FindPayload::ProbeDone(None) => {}
        }
    }
    (elapsed, probes, failed, found)
}

/// The aws CLI with `args` against the emulator's config files: its stdout.
fn cli(emulator: &Emulator, home: &Path, args: &[String]) -> String {
    let output = emulator.aws_cli(home, args).args(["--output", "text"]).output().expect("run the aws CLI");
    assert!(
        output.status.success(),
        "aws {} failed ({}): {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The same question asked of the aws CLI, `at_once` processes at a time:
/// each profile's enabled regions (`describe-regions`, unless `regions`
/// names them), then `describe-network-interfaces` filtered by the address
/// in each profile × region. Its wall time, the calls made and what it found.
fn cli_search(
    emulator: &Emulator,
    home: &Path,
    regions: Option<&[String]>,
    at_once: usize,
) -> (Duration, usize, Places) {
    let profiles = [BASE_PROFILE, SECOND_PROFILE];
    let started = Instant::now();
    let mut calls = 0;
    let mut queue: Vec<(String, String)> = Vec::new();
    for profile in profiles {
        let listed: Vec<String> = match regions {
            Some(regions) => regions.to_vec(),
            None => {
                calls += 1;
                let args = ["ec2", "describe-regions", "--profile", profile, "--region", HOME_REGION]
                    .map(str::to_owned)
                    .into_iter()
                    .chain(["--query".to_owned(), "Regions[?OptInStatus!='not-opted-in'].RegionName".to_owned()])
                    .collect::<Vec<_>>();
                // moto lists every region whatever `--all-regions` says (AWS lists
                // the enabled ones) and other partitions' too: keep what a loop
                // over AWS's answer would visit.
                cli(emulator, home, &args)
                    .split_whitespace()
                    .filter(|r| !r.starts_with("cn-") && !r.starts_with("us-gov-"))
                    .map(str::to_owned)
                    .collect()
            }
        };
        queue.extend(listed.into_iter().map(|r| (profile.to_owned(), r)));
    }
    calls += queue.len();
    let queue = Mutex::new(queue);
    let found = Mutex::new(Places::new());
    std::thread::scope(|scope| {
        for _ in 0..at_once {
            scope.spawn(|| {
                loop {
                    let Some((profile, region)) = queue.lock().expect("queue").pop() else { return };
                    let args: Vec<String> = [
                        "ec2",
                        "describe-network-interfaces",
                        "--profile",
                        &profile,
                        "--region",
                        &region,
                        "--filters",
                        &format!("Name=addresses.private-ip-address,Values={FIND_IP}"),
                        "--query",
                        "NetworkInterfaces[].NetworkInterfaceId",
                    ]
                    .map(str::to_owned)
                    .into();
                    let out = cli(emulator, home, &args);
                    let mut found = found.lock().expect("found");
                    for id in out.split_whitespace() {
                        found.insert((profile.clone(), region.clone(), id.to_owned()));
                    }
                }
            });
        }
    });
    (started.elapsed(), calls, found.into_inner().expect("found"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The emulator pass (see the top of the file).
fn on_emulator(runtime: &tokio::runtime::Runtime, full: bool) {
    let emulator = runtime.block_on(async {
        let emulator = harness::emulator().await;
        let (base, second) = harness::both_accounts(&emulator).await;
        seed_find(&base, &second).await.expect("seed the find world");
        emulator
    });
    let home = tempfile::tempdir().expect("a home for the aws CLI");
    let two = [HOME_REGION.to_owned(), FIND_REGION.to_owned()];
    let (scope, regions) = if full {
        (Scope::All, None)
    } else {
        let profiles = vec![BASE_PROFILE.to_owned(), SECOND_PROFILE.to_owned()];
        (Scope::Chosen { profiles, regions: two.to_vec() }, Some(&two[..]))
    };
    let rounds = if full { 3 } else { 1 };
    let want = Places::from([(SECOND_PROFILE.to_owned(), FIND_REGION.to_owned(), String::new())]);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let (mut probes, mut failed, mut calls) = (0, 0, 0);
    for round in 0..rounds {
        // The two sides take turns to go first.
        let mut run_ours = || {
            let (elapsed, p, f, found) = runtime.block_on(awscope_search(&emulator, scope.clone()));
            (probes, failed) = (p, f);
            ours.push(elapsed);
            found
        };
        let mut run_theirs = || {
            let (elapsed, c, found) = cli_search(&emulator, home.path(), regions, DEFAULT_CONCURRENCY);
            calls = c;
            theirs.push(elapsed);
            found
        };
        let (a, b) = if round % 2 == 0 {
            let a = run_ours();
            (a, run_theirs())
        } else {
            let b = run_theirs();
            (run_ours(), b)
        };
        assert_eq!(a, b, "awscope and the aws CLI find the address in the same places");
        let places: Places = a.into_iter().map(|(p, r, _)| (p, r, String::new())).collect();
        assert_eq!(places, want, "{FIND_IP} is in {SECOND_PROFILE} × {FIND_REGION} only");
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "find {FIND_IP} on moto, 2 profiles × {} enabled regions: awscope {} ({probes} probes, {failed} failed, {DEFAULT_CONCURRENCY} in flight); aws CLI {DEFAULT_CONCURRENCY} processes at once {} ({calls} calls); ratio {:.2}",
        // Each profile's listing of regions is one call, then one per region.
        if full { (calls - 2) / 2 } else { two.len() },
        ms(ours),
        ms(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
    if full {
        let (one_by_one, _, found) = cli_search(&emulator, home.path(), regions, 1);
        assert_eq!(found.len(), 1);
        println!(
            "  aws CLI one call at a time (a shell loop): {}; ratio {:.2}",
            ms(one_by_one),
            ours.as_secs_f64() / one_by_one.as_secs_f64()
        );
    }
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let runs = if full { 5 } else { 1 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    let rule: Rule = Arc::new(|_: &str, _: &str, _: &str| Answer::Empty);
    for run in 1..=runs {
        let (elapsed, probes, failed) = runtime.block_on(once(&rule));
        let rounds = probes.div_ceil(DEFAULT_CONCURRENCY);
        let bound = LATENCY.mul_f64(1.5 * rounds as f64);
        println!(
            "find {} profiles × {REGIONS} regions, run {run}: {probes} probes ({failed} failed), concurrency {DEFAULT_CONCURRENCY}, {:.0} ms wall; bound 1.5 × {rounds} × 100 ms = {:.0} ms; ratio {:.2}",
            PROFILES.len(),
            elapsed.as_secs_f64() * 1000.0,
            bound.as_secs_f64() * 1000.0,
            elapsed.as_secs_f64() / bound.as_secs_f64()
        );
    }
    on_emulator(&runtime, full);
}
