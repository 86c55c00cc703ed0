//! Endpoints that cannot be reached: a refused connection and a black hole
//! (accepts, never answers) end in a classified error within the configured
//! time limits, and Esc stops a hanging load at once: the pane says
//! cancelled, the loader's task is gone and its connection is dropped.

#[path = "common/faults.rs"]
mod faults;

use std::time::Duration;

use awscope::app::{App, Command, LoadState};
use awscope::aws::{ErrorKind, Timeouts};
use awscope::testbed::harness::Live;
use crossterm::event::KeyCode;
use faults::{FaultServer, Reply, flat};

/// A loopback port with nothing listening on it.
async fn refused_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    listener.local_addr().expect("addr").port()
}

fn failed_kind(state: &LoadState) -> Option<ErrorKind> {
    match state {
        LoadState::Failed(failure) => Some(failure.kind),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_is_a_network_error_with_what_to_do() {
    let port = refused_port().await;
    let server = FaultServer::start().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut options = server.options(paths, 2);
    options.endpoint_url = Some(format!("http://127.0.0.1:{port}"));
    drop(server);
    let mut driver = faults::live(options);
    driver.start().await;

    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(failed_kind(&buckets.state), Some(ErrorKind::Network), "{:?}", buckets.state);
    assert_eq!(driver.app.identity_error.as_ref().map(|f| f.kind), Some(ErrorKind::Network));
    let screen = flat(&driver.screen());
    assert!(screen.contains("Could not reach AWS for ListBuckets"), "{}", driver.screen());
    assert!(screen.contains("Check the network, proxy or --endpoint-url, then press r"), "{}", driver.screen());
    assert!(!screen.contains("DispatchFailure"), "no raw SDK error:\n{}", driver.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_black_holed_endpoint_times_out_under_the_configured_limits() {
    let server = FaultServer::start().await;
    server.script("ListBuckets", vec![Reply::Hang]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut options = server.options(paths, 1);
    options.timeouts = Timeouts {
        connect: Duration::from_secs(1),
        attempt: Duration::from_secs(1),
        operation: Duration::from_secs(2),
    };
    let mut driver = faults::live(options);
    driver.start().await;

    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(failed_kind(&buckets.state), Some(ErrorKind::Timeout), "{:?}", buckets.state);
    assert_eq!(server.calls("ListBuckets"), 1);
    let screen = flat(&driver.screen());
    assert!(screen.contains("ListBuckets on all buckets timed out"), "{}", driver.screen());
    assert!(screen.contains("then press r"), "{}", driver.screen());
    // The timed-out call let go of its connection.
    tokio::time::timeout(Duration::from_secs(30), server.wait_until(|s| s.abandoned() == 1))
        .await
        .expect("the connection is closed after the timeout");
}

/// Waits until exactly `n` of the loader's tasks are unfinished.
async fn wait_for_running(driver: &Live, n: usize) {
    tokio::time::timeout(Duration::from_secs(30), async {
        while driver.running() != n {
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{} loader tasks still running, expected {n}", driver.running()));
}

/// Presses Esc while `operation` hangs on the pane behind `pane_key` and checks
/// that the load stops at once and nothing of it arrives later.
async fn esc_cancels_a_hanging_load(pane_key: char, operation: &str, state: fn(&App) -> &LoadState) {
    let server = FaultServer::start().await;
    server.script(operation, vec![Reply::Hang]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    // Generous limits: only Esc can end this load within the test.
    let options = awscope::aws::ProviderOptions { timeouts: Timeouts::default(), ..server.options(paths, 1) };
    let mut driver = faults::live(options);
    let commands = driver.app.start();
    driver.run(commands);
    driver.until(|app| app.identity.is_some()).await;
    if pane_key != '1' {
        driver.settle(Vec::new()).await;
        driver.key(KeyCode::Char(pane_key));
    }
    tokio::time::timeout(Duration::from_secs(30), server.wait_until(|s| s.hanging() == 1))
        .await
        .expect("the request reaches the endpoint");
    assert_eq!(*state(&driver.app), LoadState::Loading);
    // Only the hanging load is left running (the identity's task ends on its own).
    wait_for_running(&driver, 1).await;

    let commands = driver.key(KeyCode::Esc);
    assert!(commands.iter().any(|c| matches!(c, Command::Cancel(_))), "Esc cancels the load: {commands:?}");

    assert_eq!(*state(&driver.app), LoadState::Cancelled);
    assert!(!driver.app.is_busy(), "nothing is in flight after Esc");
    let screen = flat(&driver.screen()).to_lowercase();
    assert!(screen.contains("cancelled") || screen.contains("stopped"), "{}", driver.screen());
    // The task is aborted: it finishes without answering, and its request's
    // connection is dropped.
    wait_for_running(&driver, 0).await;
    tokio::time::timeout(Duration::from_secs(30), server.wait_until(|s| s.abandoned() == 1))
        .await
        .expect("the hanging request's connection is closed");
    assert!(driver.pending_action().is_none(), "no late result from the cancelled load");
    assert_eq!(server.calls(operation), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_cancels_a_hanging_bucket_listing() {
    esc_cancels_a_hanging_load('1', "ListBuckets", |app| &app.panes.s3.buckets.state).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_cancels_a_hanging_vpc_listing() {
    esc_cancels_a_hanging_load('2', "DescribeVpcs", |app| &app.panes.network.vpcs.state).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_cancels_a_hanging_parameter_listing() {
    esc_cancels_a_hanging_load('3', "DescribeParameters", |app| &app.panes.ssm.tree.list.state).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn esc_cancels_a_hanging_cluster_listing() {
    esc_cancels_a_hanging_load('4', "ListClusters", |app| &app.panes.ecs.clusters.listing.state).await;
}
