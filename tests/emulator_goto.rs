//! Opening panes at resources for real: the app and the loader against a
//! seeded emulator, read back from the state and the rendered screen.

use awscope::app::goto::Target;
use awscope::app::s3::View as S3View;
use awscope::app::{LoadState, Pane};
use awscope::aws::s3::Entry;
use awscope::testbed::harness::{self, Live, context};
use awscope::testbed::seed::{self, Account, Scale};
use awscope::testbed::{BASE_PROFILE, Emulator};

/// An app for the base profile over the real loader against `emulator`.
fn live(emulator: &Emulator) -> Live {
    Live::new(emulator.provider_options(), context(BASE_PROFILE))
}

/// Opens `target` and settles.
async fn open(driver: &mut Live, target: Target) {
    let commands = driver.app.open_target(target);
    driver.settle(commands).await;
}

/// The keys listed in the S3 view on top, and its load state.
fn listed(driver: &Live) -> (Vec<String>, LoadState) {
    let Some(S3View::Objects(view)) = driver.app.panes.s3.top() else {
        panic!("expected a prefix on top:\n{}", driver.screen())
    };
    (view.listing.items.iter().map(|e| Entry::key(e).to_owned()).collect(), view.listing.state.clone())
}

fn s3(bucket: &str, prefix: &str) -> Target {
    Target::S3 { bucket: Some(bucket.into()), prefix: prefix.into() }
}

#[tokio::test(flavor = "multi_thread")]
async fn deep_links_land_on_the_seeded_keys_and_parameters() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let (buckets, parameters) = tokio::join!(
        seed::seed_buckets(&base, Account::Base, Scale::Test),
        seed::seed_parameters(&base, Account::Base, Scale::Test)
    );
    buckets.expect("seed buckets");
    parameters.expect("seed parameters");

    // Given before the connection, as on the command line: the first load.
    let mut driver = live(&emulator);
    driver.app.open_target(s3("demo-awkward-keys", "deep/a/b/"));
    let commands = driver.app.start();
    driver.settle(commands).await;
    assert_eq!(driver.app.pane, Pane::S3);
    assert_eq!(listed(&driver), (vec!["deep/a/b/c/".to_owned()], LoadState::Complete));
    assert_eq!(driver.app.panes.s3.buckets.state, LoadState::Idle, "the bucket list was not loaded");
    let screen = driver.screen();
    assert!(screen.contains("c/"), "{screen}");

    // A bucket in another region, its region not known yet: the redirect is followed.
    open(&mut driver, s3("demo-eu-archive", "archive/2015/")).await;
    let want = ["archive/2015/01/", "archive/2015/02/"].map(str::to_owned).to_vec();
    assert_eq!(listed(&driver), (want, LoadState::Complete));
    driver.keys("\x1b").await;
    assert_eq!(listed(&driver), (vec!["archive/2015/".to_owned()], LoadState::Complete), "Esc walks up a level");
    driver.keys("\x1b").await;
    driver.keys("\x1b").await;
    assert!(driver.app.panes.s3.top().is_none());
    assert_eq!(driver.app.panes.s3.buckets.state, LoadState::Complete, "the bucket list loads on arrival");
    assert!(driver.screen().contains("demo-eu-archive"), "{}", driver.screen());

    // A key without a trailing slash: its folder, with it selected.
    open(&mut driver, s3("demo-awkward-keys", "folder-marker/inside.txt")).await;
    let Some(S3View::Objects(view)) = driver.app.panes.s3.top() else { panic!("the folder") };
    assert_eq!(view.prefix, "folder-marker/");
    assert_eq!(view.listing.selected_item().map(Entry::key), Some("folder-marker/inside.txt"));

    // A bucket that does not exist says so in its view.
    open(&mut driver, s3("awscope-no-such-bucket", "")).await;
    let (keys, state) = listed(&driver);
    assert!(keys.is_empty() && matches!(state, LoadState::Failed(_)), "{state:?}");
    let screen = driver.screen();
    assert!(screen.contains("awscope-no-such-bucket"), "{screen}");

    // The parameter tree at a folder.
    open(&mut driver, Target::Ssm(Some("/app/prod".into()))).await;
    assert_eq!(driver.app.pane, Pane::Ssm);
    assert_eq!(driver.app.panes.ssm.tree.folder, "/app/prod");
    let screen = driver.screen();
    assert!(screen.contains("feature-flags") && screen.contains("stripe"), "{screen}");
    assert!(!screen.contains("motd"), "only /app/prod, not /app/dev:\n{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn network_targets_list_every_subnet_and_find_interfaces_by_id() {
    use awscope::app::network::{Level, UNKNOWN_VPC};

    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let network = seed::seed_network(&base, Account::Base, Scale::Test).await.expect("seed network");
    let mut driver = live(&emulator);
    driver.app.open_target(Target::Subnet(None));
    let commands = driver.app.start();
    driver.settle(commands).await;
    assert_eq!(driver.app.pane, Pane::Network);

    // Every subnet of every VPC, the default VPC's included, in one listing.
    let Some(Level::AllSubnets(view)) = driver.app.panes.network.top() else { panic!("{}", driver.screen()) };
    assert_eq!(view.list.state, LoadState::Complete);
    let listed: Vec<&str> = view.list.items.iter().map(|s| s.subnet_id.as_str()).collect();
    for id in network.subnet_ids.iter().chain(&network.default_subnet_ids) {
        assert!(listed.contains(&id.as_str()), "{id} missing from {listed:?}");
    }
    let vpcs: std::collections::BTreeSet<&str> = view.list.items.iter().map(|s| s.vpc_id.as_str()).collect();
    assert!(vpcs.len() >= 2, "subnets of several VPCs: {vpcs:?}");

    // One subnet by id: its interfaces, and the VPC learnt from them.
    let eni = &network.network_interface_ids[0];
    open(&mut driver, Target::Eni(Some(eni.clone()))).await;
    let Some(Level::Detail(detail)) = driver.app.panes.network.top() else { panic!("{}", driver.screen()) };
    assert_eq!(&detail.interface.eni_id, eni);
    let subnet_id = detail.interface.subnet_id.clone();
    let vpc_id = detail.interface.vpc_id.clone();
    open(&mut driver, Target::Subnet(Some(subnet_id.clone()))).await;
    let Some(Level::Interfaces(view)) = driver.app.panes.network.top() else { panic!("{}", driver.screen()) };
    assert!(view.list.items.iter().any(|n| &n.eni_id == eni), "{:?}", view.list.items);
    assert_eq!(view.vpc.id, vpc_id, "not {UNKNOWN_VPC} once interfaces arrived");

    // Names AWS does not know: what AWS says, where the list would be.
    open(&mut driver, Target::Eni(Some("eni-0123456789abcdef0".into()))).await;
    let Some(Level::Found(view)) = driver.app.panes.network.top() else { panic!("{}", driver.screen()) };
    assert!(view.list.items.is_empty() && view.list.state == LoadState::Complete, "{:?}", view.list.state);
    open(&mut driver, Target::Vpc(Some("vpc-0123456789abcdef0".into()))).await;
    let screen = driver.screen();
    assert!(screen.contains("VPC vpc-0123456789abcdef0 does not exist"), "{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_ecs_service_is_selected_among_its_clusters_services() {
    use awscope::app::ecs::View as EcsView;

    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    seed::seed_ecs(&base, Account::Base, Scale::Test).await.expect("seed ecs");
    let mut driver = live(&emulator);
    let commands = driver.app.start();
    driver.settle(commands).await;
    open(&mut driver, Target::from_ecs("demo-cluster/worker").expect("a cluster and service")).await;
    let Some(EcsView::Services(view)) = driver.app.panes.ecs.top() else { panic!("{}", driver.screen()) };
    assert!(view.table.listing.items.len() >= 3, "{}", driver.screen());
    assert_eq!(view.table.selected().map(|r| r.name.as_str()), Some("worker"), "{}", driver.screen());

    open(&mut driver, Target::from_ecs("no-such-cluster").expect("a cluster")).await;
    let Some(EcsView::Services(view)) = driver.app.panes.ecs.top() else { panic!("{}", driver.screen()) };
    assert!(matches!(view.table.listing.state, LoadState::Failed(_)), "{}", driver.screen());
}
