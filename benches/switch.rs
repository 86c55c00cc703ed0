//! Switch-to-first-row: from pressing Enter on another profile to the first
//! bucket of the new account, through the real app and loader, against its
//! parts measured in the same run on the local emulator: resolving the new
//! context's credentials (connect + AssumeRole) and one ListBuckets round trip.
//! Target: switch-to-first-row ≤ credential resolution + one list + one frame.

use std::time::{Duration, Instant};

use awscope::aws::AwsProvider;
use awscope::testbed::emulator::Emulator;
use awscope::testbed::harness::{Live, context};
use awscope::testbed::seed::{self, Account, Scale};
use awscope::testbed::{BASE_PROFILE, SECOND_PROFILE};

/// Rounds per measurement; one when run by `cargo test` (no `--bench`).
fn rounds() -> usize {
    if std::env::args().any(|a| a == "--bench") { 7 } else { 1 }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let emulator = Emulator::start().await.expect("start moto (scripts/install-moto installs it)");
    let base = emulator.provider(BASE_PROFILE).await.expect("base");
    let second = emulator.provider(SECOND_PROFILE).await.expect("second");
    seed::seed_buckets(&base, Account::Base, Scale::Test).await.expect("seed base");
    seed::seed_buckets(&second, Account::Second, Scale::Test).await.expect("seed second");

    let options = emulator.provider_options();
    let (mut resolve, mut list) = (Vec::new(), Vec::new());
    for _ in 0..rounds() {
        let started = Instant::now();
        let provider = AwsProvider::connect(context(SECOND_PROFILE), &options).await.expect("connect");
        let (provider, _) = provider.with_checked_credentials().await.expect("credentials");
        resolve.push(started.elapsed());
        let started = Instant::now();
        awscope::aws::s3::list_buckets(&provider).next_page().await.expect("a page").expect("listed");
        list.push(started.elapsed());
    }

    let (mut switches, mut commits) = (Vec::new(), Vec::new());
    for _ in 0..rounds() {
        // A fresh loader each round, so no provider is cached: the switch pays
        // for credential resolution as a first switch would.
        let mut live = Live::new(options.clone(), context(BASE_PROFILE));
        // Switch from a settled screen, as a user would: nothing still loading.
        live.start().await;
        let started = Instant::now();
        let commands = live.app.switch_context(context(SECOND_PROFILE));
        live.run(commands);
        live.until(|a| a.generation > 1).await;
        commits.push(started.elapsed());
        live.until(|a| a.generation > 1 && !a.panes.s3.buckets.items.is_empty()).await;
        switches.push(started.elapsed());
    }

    let (resolve, list, switch, commit) = (median(resolve), median(list), median(switches), median(commits));
    println!("  of which connecting the new context (until the screen switches): {commit:?}");
    println!(
        "switch to {SECOND_PROFILE} (role_arn profile), to the first bucket row: {switch:?} (median of {} rounds)",
        rounds()
    );
    println!("  credential resolution (connect + AssumeRole): {resolve:?}; one ListBuckets page: {list:?}");
    println!(
        "  switch / (resolution + one list): {:.2}x (target ≤ 1 plus one frame, ~1 ms)",
        switch.as_secs_f64() / (resolve + list).as_secs_f64()
    );
}
