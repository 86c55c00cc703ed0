//! Nothing to list is not a failure: an account without resources shows each
//! pane's empty state, and an empty page that still carries a token keeps the
//! listing going until the page that ends it, through the loader and the app.

#[path = "common/faults.rs"]
mod faults;

use awscope::app::LoadState;
use awscope::testbed::harness::Live;
use faults::{FaultServer, Reply, flat};

const VPC: &str = "vpc-0123456789abcdef0";

async fn driver_for(server: &FaultServer) -> (tempfile::TempDir, Live) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    (dir, faults::live(server.options(paths, 2)))
}

fn assert_no_error(screen: &str) {
    let text = flat(screen).to_lowercase();
    // (`FAILED` alone is a column of the ECS services table.)
    for word in ["could not", "failed:", "denied", "error", "incomplete", "throttled", "timed out"] {
        assert!(!text.contains(word), "an empty account is not an error ({word}):\n{screen}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_account_with_nothing_in_it_shows_every_panes_empty_state() {
    let server = FaultServer::start().await;
    server.script("DescribeVpcs", vec![Reply::Http(200, faults::vpcs_page(&[], None))]);
    server.script("DescribeParameters", vec![Reply::Http(200, faults::parameters_page(&[], None))]);
    server.script("ListClusters", vec![Reply::Http(200, faults::clusters_page(&[], None))]);
    let (_dir, mut driver) = driver_for(&server).await;
    driver.start().await;

    let expectations = [
        ('1', "No buckets in this account."),
        ('2', "No VPCs in us-east-1."),
        ('3', "No parameters in this account and region."),
        ('4', "No ECS clusters in this account and region."),
    ];
    for (key, empty) in expectations {
        driver.keys(&key.to_string()).await;
        let screen = driver.screen();
        assert!(flat(&screen).contains(empty), "pane {key}:\n{screen}");
        assert_no_error(&screen);
    }
    let app = &driver.app;
    assert_eq!(app.panes.s3.buckets.state, LoadState::Complete);
    assert_eq!(app.panes.network.vpcs.state, LoadState::Complete);
    assert_eq!(app.panes.ssm.tree.list.state, LoadState::Complete);
    assert_eq!(app.panes.ecs.clusters.listing.state, LoadState::Complete);
    assert_eq!(server.calls("DescribeClusters"), 0, "nothing to describe");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_bucket_page_with_a_token_keeps_listing() {
    let server = FaultServer::start().await;
    let last = faults::names("bucket", 0, 2);
    server.script(
        "ListBuckets",
        vec![
            Reply::Http(200, faults::buckets_page(&[], Some("t2"))),
            Reply::Http(200, faults::buckets_page(&last, None)),
        ],
    );
    let (_dir, mut driver) = driver_for(&server).await;
    driver.start().await;

    let seen = server.seen("ListBuckets");
    assert_eq!(seen.len(), 2);
    assert!(seen[1].target.contains("continuation-token=t2"), "{seen:?}");
    assert_eq!(driver.app.panes.s3.buckets.state, LoadState::Complete);
    assert_eq!(driver.app.panes.s3.buckets.items.len(), 2);
    assert!(driver.screen().contains("bucket-001"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_parameter_page_with_a_token_keeps_listing() {
    let server = FaultServer::start().await;
    let last = faults::names("/app/key", 0, 3);
    server.script(
        "DescribeParameters",
        vec![
            Reply::Http(200, faults::parameters_page(&[], Some("t2"))),
            Reply::Http(200, faults::parameters_page(&[], Some("t3"))),
            Reply::Http(200, faults::parameters_page(&last, None)),
        ],
    );
    let (_dir, mut driver) = driver_for(&server).await;
    driver.start().await;
    driver.keys("3").await;

    let seen = server.seen("DescribeParameters");
    assert_eq!(seen.len(), 3);
    assert!(seen[1].body.contains(r#""NextToken":"t2""#) && seen[2].body.contains(r#""NextToken":"t3""#));
    let tree = &driver.app.panes.ssm.tree;
    assert_eq!(tree.list.state, LoadState::Complete);
    assert_eq!(tree.store.len(), 3);
    assert!(flat(&driver.screen()).contains("app/ (3)"), "{}", driver.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_network_interface_page_with_a_token_keeps_listing() {
    let server = FaultServer::start().await;
    server.script("DescribeVpcs", vec![Reply::Http(200, faults::one_vpc(VPC))]);
    let last: Vec<String> = (0..2).map(|i| format!("eni-{i:017x}")).collect();
    server.script(
        "DescribeNetworkInterfaces",
        vec![
            Reply::Http(200, faults::interfaces_page(VPC, &[], Some("t2"))),
            Reply::Http(200, faults::interfaces_page(VPC, &last, None)),
        ],
    );
    let (_dir, mut driver) = driver_for(&server).await;
    driver.start().await;
    driver.keys("2e").await;

    let seen = server.seen("DescribeNetworkInterfaces");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[1].body.contains("NextToken=t2"), "{seen:?}");
    assert!(seen.iter().all(|s| s.body.contains(VPC)), "the VPC filter on every page: {seen:?}");
    let screen = driver.screen();
    assert!(screen.contains(&last[0]) && screen.contains(&last[1]), "{screen}");
    assert_no_error(&screen);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_service_page_with_a_token_keeps_listing() {
    let server = FaultServer::start().await;
    let cluster = "cluster-000";
    let clusters = vec![cluster.to_owned()];
    server.script("ListClusters", vec![Reply::Http(200, faults::clusters_page(&clusters, None))]);
    server.script("DescribeClusters", vec![Reply::Http(200, faults::clusters_described(&clusters))]);
    let last = faults::names("service", 0, 2);
    server.script(
        "ListServices",
        vec![
            Reply::Http(200, faults::services_page(cluster, &[], Some("t2"))),
            Reply::Http(200, faults::services_page(cluster, &last, None)),
        ],
    );
    server.script("DescribeServices", vec![Reply::Http(200, faults::services_described(cluster, &last))]);
    let (_dir, mut driver) = driver_for(&server).await;
    driver.start().await;
    driver.keys("4\n").await;

    let seen = server.seen("ListServices");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(seen[1].body.contains(r#""nextToken":"t2""#), "{seen:?}");
    let screen = driver.screen();
    assert!(screen.contains("service-000") && screen.contains("service-001"), "{screen}");
    assert_no_error(&screen);
}
