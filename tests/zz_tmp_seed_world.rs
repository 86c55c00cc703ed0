mod common;
use awscope::testbed::{Scale, seed_world};
#[tokio::test(flavor = "multi_thread")]
async fn world() {
    let _ = tracing_subscriber::fmt().with_env_filter("awscope::testbed=info").with_test_writer().try_init();
    for scale in [Scale::Test, Scale::Demo] {
        let emulator = common::emulator().await;
        let (base, second) = common::both_accounts(&emulator).await;
        let report = match seed_world(&base, &second, scale).await {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}", emulator.log_tail(40));
                panic!("{e}")
            }
        };
        eprintln!("{scale:?}: {:?}\n  {}\n  {}", report.elapsed, report.base, report.second);
    }
}
