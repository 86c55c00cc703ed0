//! Throttling, end to end: a scripted endpoint answers the first page and then
//! keeps asking to slow down. The real provider retries (the endpoint counts
//! the attempts), the pane keeps the rows it had and says
//! "throttled — r to retry", and `r` then reloads.

#[path = "common/faults.rs"]
mod faults;

use awscope::app::LoadState;
use awscope::aws::ErrorKind;
use awscope::testbed::harness::Live;
use faults::{FaultServer, Reply, flat};

/// Attempts per call the fault tests allow the SDK (the first plus retries).
const ATTEMPTS: u32 = 2;

async fn setup(server: &FaultServer) -> (tempfile::TempDir, Live) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    (dir, faults::live(server.options(paths, ATTEMPTS)))
}

fn assert_throttled_notice(driver: &Live) {
    let screen = flat(&driver.screen());
    assert!(screen.contains("throttled — r to retry"), "{}", driver.screen());
    assert!(screen.contains("incomplete"), "the partial list is marked incomplete:\n{}", driver.screen());
}

fn failed_kind<T>(listing: &awscope::app::Listing<T>) -> Option<ErrorKind> {
    match &listing.state {
        LoadState::Failed(failure) => Some(failure.kind),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_slow_down_is_retried_keeps_the_first_page_and_r_reloads() {
    let server = FaultServer::start().await;
    let first = faults::names("bucket", 0, 3);
    server.script(
        "ListBuckets",
        vec![
            Reply::Http(200, faults::buckets_page(&first, Some("t2"))),
            Reply::Http(503, faults::s3_error("SlowDown", "Please reduce your request rate.")),
        ],
    );
    let (_dir, mut driver) = setup(&server).await;
    driver.start().await;

    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(buckets.items.len(), 3, "the first page stays");
    assert_eq!(failed_kind(buckets), Some(ErrorKind::Throttled), "{:?}", buckets.state);
    let seen = server.seen("ListBuckets");
    assert_eq!(seen.len(), 1 + ATTEMPTS as usize, "page 1, then page 2 attempted {ATTEMPTS} times: {seen:?}");
    assert!(seen[1..].iter().all(|s| s.target.contains("continuation-token=t2")), "{seen:?}");
    assert_throttled_notice(&driver);
    insta::assert_snapshot!(
        "buckets_throttled_after_page_one",
        faults::snapshot_text(&driver.screen(), &server.endpoint())
    );

    // The throttling passes; r lists everything afresh.
    let all = faults::names("bucket", 0, 5);
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&all, None))]);
    driver.keys("r").await;
    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(buckets.state, LoadState::Complete);
    assert_eq!(buckets.items.len(), 5);
    assert!(!flat(&driver.screen()).contains("throttled"), "{}", driver.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn ssm_throttling_exception_is_retried_keeps_the_first_page_and_r_reloads() {
    let server = FaultServer::start().await;
    let first: Vec<String> = faults::names("/app/key", 0, 4);
    server.script(
        "DescribeParameters",
        vec![
            Reply::Http(200, faults::parameters_page(&first, Some("t2"))),
            Reply::Http(400, faults::json_error("ThrottlingException", "Rate exceeded")),
        ],
    );
    let (_dir, mut driver) = setup(&server).await;
    driver.start().await;
    driver.keys("3").await;

    let tree = &driver.app.panes.ssm.tree;
    assert_eq!(tree.store.len(), 4, "the first page stays");
    assert_eq!(failed_kind(&tree.list), Some(ErrorKind::Throttled), "{:?}", tree.list.state);
    // The SDK's attempts, and awscope's own backoff rounds on top for SSM.
    let calls = server.calls("DescribeParameters");
    let expected = 1 + ATTEMPTS as usize * (1 + awscope::aws::ssm::THROTTLE_BACKOFF.len());
    assert_eq!(calls, expected, "page 1, then page 2 retried");
    assert!(server.seen("DescribeParameters")[1..].iter().all(|s| s.body.contains(r#""NextToken":"t2""#)));
    assert_throttled_notice(&driver);

    let all: Vec<String> = faults::names("/app/key", 0, 6);
    server.script("DescribeParameters", vec![Reply::Http(200, faults::parameters_page(&all, None))]);
    driver.keys("r").await;
    let tree = &driver.app.panes.ssm.tree;
    assert_eq!(tree.list.state, LoadState::Complete);
    assert_eq!(tree.store.len(), 6);
}

#[tokio::test(flavor = "multi_thread")]
async fn ec2_request_limit_exceeded_is_retried_keeps_the_first_page_and_r_reloads() {
    let server = FaultServer::start().await;
    let first: Vec<String> = (0..3).map(|i| format!("vpc-{i:017x}")).collect();
    server.script(
        "DescribeVpcs",
        vec![
            Reply::Http(200, faults::vpcs_page(&first, Some("t2"))),
            Reply::Http(503, faults::ec2_error("RequestLimitExceeded", "Request limit exceeded.")),
        ],
    );
    let (_dir, mut driver) = setup(&server).await;
    driver.start().await;
    driver.keys("2").await;

    let vpcs = &driver.app.panes.network.vpcs;
    assert_eq!(vpcs.items.len(), 3, "the first page stays");
    assert_eq!(failed_kind(vpcs), Some(ErrorKind::Throttled), "{:?}", vpcs.state);
    assert_eq!(server.calls("DescribeVpcs"), 1 + ATTEMPTS as usize);
    assert!(server.seen("DescribeVpcs")[1..].iter().all(|s| s.body.contains("NextToken=t2")));
    assert_throttled_notice(&driver);

    let all: Vec<String> = (0..4).map(|i| format!("vpc-{i:017x}")).collect();
    server.script("DescribeVpcs", vec![Reply::Http(200, faults::vpcs_page(&all, None))]);
    driver.keys("r").await;
    let vpcs = &driver.app.panes.network.vpcs;
    assert_eq!(vpcs.state, LoadState::Complete);
    assert_eq!(vpcs.items.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn ecs_throttling_exception_is_retried_keeps_the_first_page_and_r_reloads() {
    let server = FaultServer::start().await;
    let first = faults::names("cluster", 0, 2);
    server.script(
        "ListClusters",
        vec![
            Reply::Http(200, faults::clusters_page(&first, Some("t2"))),
            Reply::Http(400, faults::json_error("ThrottlingException", "Rate exceeded")),
        ],
    );
    server.script("DescribeClusters", vec![Reply::Http(200, faults::clusters_described(&first))]);
    let (_dir, mut driver) = setup(&server).await;
    driver.start().await;
    driver.keys("4").await;

    let clusters = &driver.app.panes.ecs.clusters.listing;
    assert_eq!(clusters.items.len(), 2, "the first page stays");
    assert_eq!(failed_kind(clusters), Some(ErrorKind::Throttled), "{:?}", clusters.state);
    assert_eq!(server.calls("ListClusters"), 1 + ATTEMPTS as usize);
    assert!(server.seen("ListClusters")[1..].iter().all(|s| s.body.contains(r#""nextToken":"t2""#)));
    assert_throttled_notice(&driver);

    let all = faults::names("cluster", 0, 3);
    server.script("ListClusters", vec![Reply::Http(200, faults::clusters_page(&all, None))]);
    server.script("DescribeClusters", vec![Reply::Http(200, faults::clusters_described(&all))]);
    driver.keys("r").await;
    let clusters = &driver.app.panes.ecs.clusters.listing;
    assert_eq!(clusters.state, LoadState::Complete);
    assert_eq!(clusters.items.len(), 3);
}
