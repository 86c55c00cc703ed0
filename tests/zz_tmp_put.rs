mod common;
use awscope::testbed::{Account, Scale, seed_buckets};
#[tokio::test(flavor = "multi_thread")]
async fn puts() {
    let emulator = common::emulator().await;
    let (base, _) = common::both_accounts(&emulator).await;
    let t = std::time::Instant::now();
    let b = seed_buckets(&base, Account::Base, Scale::Demo).await.unwrap();
    let n: usize = b.iter().map(|b| b.keys.len()).sum();
    eprintln!(
        "PC={:?}: {} objects in {:?} = {:.0}/s",
        std::env::var("PC"),
        n,
        t.elapsed(),
        n as f64 / t.elapsed().as_secs_f64()
    );
}
