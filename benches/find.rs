//! A search over a fake transport that answers every call after 100 ms: 2
//! profiles × 17 regions, text that matches nothing (one call per probe),
//! through the same scheduler the loader uses. Prints the wall time, the
//! probe count and the ratio to 1.5 × ceil(probes ÷ concurrency) × 100 ms
//! (under 1 is within that bound; nothing is asserted on time). Under
//! `cargo test` (no `--bench`) it runs once; under `cargo bench`, five times.

use std::sync::Arc;
use std::time::{Duration, Instant};

use awscope::aws::find::{DEFAULT_CONCURRENCY, Event, PROBE_TIMEOUT_SECS, Query, Skipped, Target, search};
use awscope::aws::regions::COMMERCIAL;
use awscope::testbed::slow::{self, Answer, Rule};
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

fn main() {
    let runs = if std::env::args().any(|a| a == "--bench") { 5 } else { 1 };
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
}
