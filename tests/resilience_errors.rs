//! Failures confined to one pane: access denied on one service while another
//! lists fine, credentials that expire between two pages, and a service whose
//! endpoint does not exist in the region. Each pane says what failed and what
//! to do; the rows already listed stay; the other panes keep working.

#[path = "common/faults.rs"]
mod faults;

use awscope::app::LoadState;
use awscope::app::switch::Overlay;
use awscope::aws::ErrorKind;
use awscope::testbed::harness::Live;
use crossterm::event::KeyCode;
use faults::{FaultServer, Reply, flat};

fn failed_kind(state: &LoadState) -> Option<ErrorKind> {
    match state {
        LoadState::Failed(failure) => Some(failure.kind),
        _ => None,
    }
}

fn failure_message(state: &LoadState) -> String {
    match state {
        LoadState::Failed(failure) => failure.message.clone(),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_on_ssm_while_s3_and_ecs_list_fine() {
    let server = FaultServer::start().await;
    let buckets = faults::names("bucket", 0, 3);
    let clusters = faults::names("cluster", 0, 2);
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&buckets, None))]);
    server.script(
        "DescribeParameters",
        vec![Reply::Http(
            400,
            faults::json_error(
                "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/faults is not authorized to perform: ssm:DescribeParameters",
            ),
        )],
    );
    server.script("ListClusters", vec![Reply::Http(200, faults::clusters_page(&clusters, None))]);
    server.script("DescribeClusters", vec![Reply::Http(200, faults::clusters_described(&clusters))]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut driver = faults::live(server.options(paths, 2));
    driver.start().await;
    driver.keys("3").await;

    let app = &driver.app;
    assert_eq!(app.panes.s3.buckets.state, LoadState::Complete);
    assert_eq!(app.panes.s3.buckets.items.len(), 3);
    let ssm = &app.panes.ssm.tree.list.state;
    assert_eq!(failed_kind(ssm), Some(ErrorKind::AccessDenied), "{ssm:?}");
    assert_eq!(server.calls("DescribeParameters"), 1, "a denial is not retried");
    let screen = flat(&driver.screen());
    assert!(screen.contains("Could not list SSM parameters"), "{}", driver.screen());
    assert!(screen.contains("needs ssm:DescribeParameters"), "{}", driver.screen());
    assert!(screen.contains("switch profile or role"), "{}", driver.screen());

    // The other panes are unaffected, before and after.
    driver.keys("4").await;
    assert_eq!(driver.app.panes.ecs.clusters.listing.state, LoadState::Complete);
    assert!(driver.screen().contains("cluster-001"), "{}", driver.screen());
    driver.keys("1").await;
    let screen = driver.screen();
    assert!(screen.contains("bucket-000") && !screen.contains("Access denied"), "{screen}");
    assert_eq!(failed_kind(&driver.app.panes.ssm.tree.list.state), Some(ErrorKind::AccessDenied));
}

#[tokio::test(flavor = "multi_thread")]
async fn s3_expired_token_on_page_two_keeps_page_one_and_says_how_to_renew() {
    let server = FaultServer::start().await;
    let first = faults::names("bucket", 0, 4);
    server.script(
        "ListBuckets",
        vec![
            Reply::Http(200, faults::buckets_page(&first, Some("t2"))),
            Reply::Http(400, faults::s3_error("ExpiredToken", "The provided token has expired.")),
        ],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut driver = faults::live(server.options(paths, 3));
    driver.start().await;

    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(buckets.items.len(), 4, "page one stays");
    assert_eq!(failed_kind(&buckets.state), Some(ErrorKind::ExpiredCredentials), "{:?}", buckets.state);
    assert_eq!(server.calls("ListBuckets"), 2, "an expired token is not retried");
    let message = failure_message(&buckets.state);
    assert!(message.contains("credentials expired during ListBuckets"), "{message}");
    assert!(message.contains("Renew them"), "{message}");
    assert!(message.contains("--profile faults"), "{message}");
    assert!(message.contains("then press r"), "{message}");
    let screen = flat(&driver.screen());
    assert!(screen.contains("credentials expired") && screen.contains("incomplete"), "{}", driver.screen());
    assert!(screen.contains("bucket-003"), "{}", driver.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn after_renewing_expired_credentials_r_lists_with_the_new_ones() {
    let server = FaultServer::start().await;
    let first = faults::names("bucket", 0, 2);
    server.script(
        "ListBuckets",
        vec![
            Reply::Http(200, faults::buckets_page(&first, Some("t2"))),
            Reply::Http(400, faults::s3_error("ExpiredToken", "The provided token has expired.")),
        ],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut driver = faults::live(server.options(paths.clone(), 3));
    driver.start().await;
    assert_eq!(failed_kind(&driver.app.panes.s3.buckets.state), Some(ErrorKind::ExpiredCredentials));

    // The user renews the session in the credentials file, as the message says, and presses r.
    faults::write_credentials(&paths, "AKIDRENEWED");
    let all = faults::names("bucket", 0, 5);
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&all, None))]);
    driver.keys("r").await;

    let seen = server.seen("ListBuckets");
    assert_eq!(seen.last().map(|s| s.access_key.as_str()), Some("AKIDRENEWED"), "r signs with the renewed keys");
    let buckets = &driver.app.panes.s3.buckets;
    assert_eq!(buckets.state, LoadState::Complete, "{:?}", buckets.state);
    assert_eq!(buckets.items.len(), 5);
    assert_eq!(seen[0].access_key, faults::FIRST_KEY);
}

#[tokio::test(flavor = "multi_thread")]
async fn ssm_expired_token_exception_on_page_two_keeps_page_one_and_says_how_to_renew() {
    let server = FaultServer::start().await;
    let first = faults::names("/app/key", 0, 3);
    server.script(
        "DescribeParameters",
        vec![
            Reply::Http(200, faults::parameters_page(&first, Some("t2"))),
            Reply::Http(
                400,
                faults::json_error("ExpiredTokenException", "The security token included in the request is expired"),
            ),
        ],
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", "");
    let mut driver = faults::live(server.options(paths, 3));
    driver.start().await;
    driver.keys("3").await;

    let tree = &driver.app.panes.ssm.tree;
    assert_eq!(tree.store.len(), 3, "page one stays");
    assert_eq!(failed_kind(&tree.list.state), Some(ErrorKind::ExpiredCredentials), "{:?}", tree.list.state);
    assert_eq!(server.calls("DescribeParameters"), 2, "an expired token is not retried");
    let message = failure_message(&tree.list.state);
    assert!(message.contains("credentials expired during DescribeParameters"), "{message}");
    assert!(message.contains("Renew them") && message.contains("then press r"), "{message}");
    let screen = flat(&driver.screen());
    assert!(screen.contains("credentials expired") && screen.contains("incomplete"), "{}", driver.screen());
}

/// A config whose SSM endpoint is a host name that cannot resolve (`.invalid`
/// never does), the way a service's endpoint is missing in a region that does
/// not offer it; every other service goes to the scripted endpoint.
/// The region the SSM endpoint is missing from.
const REGION: &str = "mx-central-1";

fn config_without_ssm(server: &FaultServer, dir: &std::path::Path) -> awscope::aws::profiles::ProfilePaths {
    server.write_profiles(
        dir,
        "services = no-ssm",
        "[services no-ssm]\nssm =\n  endpoint_url = http://ssm.region-without-ssm.invalid\n",
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_without_an_endpoint_in_the_region_says_so_and_other_panes_work() {
    let server = FaultServer::start().await;
    let buckets = faults::names("bucket", 0, 2);
    let vpcs: Vec<String> = vec!["vpc-0123456789abcdef0".into()];
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&buckets, None))]);
    server.script("DescribeVpcs", vec![Reply::Http(200, faults::vpcs_page(&vpcs, None))]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = config_without_ssm(&server, dir.path());
    // Per-service endpoints come from the profile, so no global override here.
    let options = awscope::aws::ProviderOptions { endpoint_url: None, ..server.options(paths, 2) };
    let context = awscope::aws::AwsContext {
        profile: Some(faults::PROFILE.into()),
        region: Some(REGION.into()),
        ..Default::default()
    };
    let mut driver = Live::new(options, context);
    driver.start().await;
    driver.keys("3").await;

    let state = &driver.app.panes.ssm.tree.list.state;
    assert_eq!(failed_kind(state), Some(ErrorKind::NoEndpoint), "{state:?}");
    let message = failure_message(state);
    assert!(message.contains("SSM is not available in mx-central-1"), "{message}");
    assert!(message.contains("Press R to switch region"), "{message}");
    let screen = flat(&driver.screen());
    assert!(screen.contains("SSM is not available in mx-central-1"), "{}", driver.screen());
    assert!(!screen.contains("DispatchFailure"), "{}", driver.screen());
    insta::assert_snapshot!("ssm_without_an_endpoint", faults::snapshot_text(&driver.screen(), &server.endpoint()));

    // The next step it names: R opens the region picker.
    driver.key(KeyCode::Char('R'));
    assert!(matches!(driver.app.overlay(), Some(Overlay::Regions(_))), "{}", driver.screen());
    driver.keys("\x1b").await;
    assert!(driver.app.overlay().is_none());

    driver.keys("2").await;
    assert_eq!(driver.app.panes.network.vpcs.state, LoadState::Complete);
    assert!(driver.screen().contains("vpc-0123456789abcdef0"), "{}", driver.screen());
    driver.keys("1").await;
    assert_eq!(driver.app.panes.s3.buckets.items.len(), 2);
    assert_eq!(server.calls("DescribeParameters"), 0, "SSM never reached the endpoint");
}
