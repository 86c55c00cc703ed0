//! The EC2 wrappers, the Network loader and the app against the moto
//! emulator: a seeded VPC lists completely (subnets and 30+ interfaces of
//! mixed kinds), find by IP returns the right interface, a deleted VPC reads
//! as not found, and the second account's VPCs are its own. One timed run
//! prints how long the first rows of a 2,000-interface listing take.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::{Duration, Instant};

use aws_sdk_ec2::types::Filter;
use awscope::app::network::{NetworkPayload, NetworkRequest, NetworkSlot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::ec2::{self, Ec2Error, InterfaceScope, NetworkInterface};
use awscope::runtime::loader::Loader;
use awscope::testbed::harness;
use awscope::testbed::{Account, BASE_ACCOUNT, BASE_PROFILE, SECOND_ACCOUNT, Scale, seed_network};
use futures_util::{StreamExt, TryStreamExt, stream};

fn ids(interfaces: &[NetworkInterface]) -> BTreeSet<String> {
    interfaces.iter().map(|n| n.eni_id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seeded_vpc_lists_its_subnets_and_every_interface() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_network(&base, Account::Base, Scale::Test).await.expect("seed the base account's network");
    let app_vpc = seeded.vpc_ids.first().expect("the app VPC").clone();

    let details = ec2::get_vpc_details(&app_vpc, &base).await.expect("DescribeVpcs for the app VPC");
    assert_eq!(details.name.as_deref(), Some("demo-app"));
    assert_eq!(details.cidr_blocks, ["10.0.0.0/16"]);
    assert_eq!(details.owner_id, BASE_ACCOUNT);

    let subnets = ec2::list_subnets(&app_vpc, &base).collect_all().await.expect("DescribeSubnets");
    assert!(subnets.len() >= 3, "{} subnets", subnets.len());
    assert!(subnets.iter().all(|s| s.vpc_id == app_vpc && seeded.subnet_ids.contains(&s.subnet_id)));
    assert!(subnets.iter().all(|s| s.name.as_deref().is_some_and(|n| n.starts_with("demo-app-"))));

    let in_vpc = ec2::list_network_interfaces(&InterfaceScope::Vpc { vpc_id: app_vpc.clone() }, &base)
        .collect_all()
        .await
        .expect("DescribeNetworkInterfaces for the VPC");
    assert!(in_vpc.len() >= 30, "{} interfaces in the app VPC", in_vpc.len());
    assert!(in_vpc.iter().all(|n| n.vpc_id == app_vpc));

    // The subnets' interfaces add up to the VPC's, with nothing left over.
    let mut by_subnet = BTreeSet::new();
    for subnet in &subnets {
        let scope = InterfaceScope::Subnet { vpc_id: app_vpc.clone(), subnet_id: subnet.subnet_id.clone() };
        let found = ec2::list_network_interfaces(&scope, &base).collect_all().await.expect("per subnet");
        assert!(found.iter().all(|n| n.subnet_id == subnet.subnet_id));
        by_subnet.extend(ids(&found));
    }
    assert_eq!(by_subnet, ids(&in_vpc));

    // Mixed kinds: instance interfaces, a NAT gateway's, an endpoint's, standalone ones.
    let attached = in_vpc.iter().filter(|n| n.attachment.as_ref().is_some_and(|a| a.instance_id.is_some())).count();
    let kinds: BTreeSet<&str> =
        in_vpc.iter().map(|n| n.description.split([' ', '(']).next().unwrap_or_default()).collect();
    assert!(attached >= 1, "an instance's interface is attached");
    assert!(kinds.len() >= 5, "interfaces of several kinds: {kinds:?}");
    assert!(in_vpc.iter().any(|n| n.private_ips.len() > 1), "some have secondary addresses");

    // Every interface the seed made is in one of the account's VPCs.
    let mut everywhere = BTreeSet::new();
    for vpc in seeded.vpc_ids.iter().chain([&seeded.default_vpc_id]) {
        let scope = InterfaceScope::Vpc { vpc_id: vpc.clone() };
        everywhere.extend(ids(&ec2::list_network_interfaces(&scope, &base).collect_all().await.expect("per VPC")));
    }
    let missing: Vec<&String> = seeded.network_interface_ids.iter().filter(|id| !everywhere.contains(*id)).collect();
    assert!(missing.is_empty(), "seeded but not listed: {missing:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn find_by_ip_returns_the_interface_holding_the_address() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_network(&base, Account::Base, Scale::Test).await.expect("seed the base account's network");
    let data_vpc = seeded.vpc_ids.get(1).expect("the data VPC").clone();
    let listed = ec2::list_network_interfaces(&InterfaceScope::Vpc { vpc_id: data_vpc }, &base)
        .collect_all()
        .await
        .expect("the data VPC's interfaces");
    let target = listed.first().expect("an interface in the data VPC");
    let ip: IpAddr = target.primary_ip().expect("a primary address").parse().expect("an IPv4 address");

    let found = ec2::find_network_interfaces_by_ip(ip, &base).await.expect("find by IP");

    assert!(found.iter().any(|n| n.eni_id == target.eni_id), "{ip} should find {}: {found:?}", target.eni_id);
    assert!(found.iter().all(|n| n.private_ips.iter().any(|p| p.address == ip.to_string())), "{found:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn find_by_ip_without_a_private_match_says_so_whatever_the_emulator_answers() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    seed_network(&base, Account::Base, Scale::Test).await.expect("seed the base account's network");
    let ip: IpAddr = "192.0.2.44".parse().expect("ip");

    // moto 5.2.5 does not implement the `association.public-ip` filter and
    // answers it with a 500; real AWS returns the matches (here none).
    match ec2::find_network_interfaces_by_ip(ip, &base).await {
        Ok(found) => assert!(found.is_empty(), "{found:?}"),
        Err(e) => {
            let message = e.to_string();
            eprintln!("find by IP on the emulator: {message}");
            assert!(message.contains("public IP 192.0.2.44 (no private address matched)"), "{message}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_vpc_is_vpc_not_found_and_an_empty_one_has_no_subnets() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;

    let err = ec2::get_vpc_details("vpc-0123456789abcdef0", &base).await.expect_err("no such VPC");
    assert_eq!(err, Ec2Error::VpcNotFound { vpc_id: "vpc-0123456789abcdef0".into() });

    let empty = base.ec2().create_vpc().cidr_block("10.77.0.0/16").send().await.expect("CreateVpc");
    let empty_id = empty.vpc().and_then(|v| v.vpc_id()).expect("a VPC id").to_owned();
    let subnets = ec2::list_subnets(&empty_id, &base).collect_all().await.expect("an empty listing, not an error");
    assert!(subnets.is_empty());
    let interfaces = ec2::list_network_interfaces(&InterfaceScope::Vpc { vpc_id: empty_id.clone() }, &base)
        .collect_all()
        .await
        .expect("an empty listing, not an error");
    assert!(interfaces.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_second_accounts_vpcs_are_its_own() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    seed_network(&base, Account::Base, Scale::Test).await.expect("seed the base account");
    seed_network(&second, Account::Second, Scale::Test).await.expect("seed the second account");

    let base_vpcs = ec2::list_vpcs(&base).collect_all().await.expect("base VPCs");
    let second_vpcs = ec2::list_vpcs(&second).collect_all().await.expect("second VPCs");

    let names = |vpcs: &[ec2::Vpc]| vpcs.iter().filter_map(|v| v.name.clone()).collect::<BTreeSet<_>>();
    assert_eq!(names(&base_vpcs), BTreeSet::from(["demo-app".to_owned(), "demo-data".to_owned()]));
    assert_eq!(names(&second_vpcs), BTreeSet::from(["prod-core".to_owned()]));
    assert!(base_vpcs.iter().all(|v| v.owner_id == BASE_ACCOUNT), "{base_vpcs:?}");
    assert!(second_vpcs.iter().all(|v| v.owner_id == SECOND_ACCOUNT), "{second_vpcs:?}");
    let base_ids: BTreeSet<&str> = base_vpcs.iter().map(|v| v.vpc_id.as_str()).collect();
    assert!(second_vpcs.iter().all(|v| !base_ids.contains(v.vpc_id.as_str())), "no VPC is in both accounts");
}

/// A loader connected to the base account of `emulator`, and its results.
async fn connected_loader(
    emulator: &awscope::testbed::Emulator,
) -> (Loader, tokio::sync::mpsc::UnboundedReceiver<Action>) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut loader = Loader::new(tx, emulator.profile_options());
    let context = AwsContext { profile: Some(BASE_PROFILE.into()), ..AwsContext::default() };
    loader.execute(Command::Connect { generation: 1, context });
    loop {
        match tokio::time::timeout(Duration::from_mins(1), rx.recv()).await.expect("connect in time") {
            Some(Action::Connected { .. }) => return (loader, rx),
            Some(Action::ConnectFailed { error, .. }) => panic!("connect failed: {}", error.message),
            _ => {}
        }
    }
}

/// The final action for a load: its last page or its failure.
async fn outcome(
    loader: &mut Loader,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>,
    slot: NetworkSlot,
    request: NetworkRequest,
) -> Action {
    loader.execute(Command::Load {
        slot: Slot::Network(slot),
        id: RequestId(1),
        generation: 1,
        request: LoadRequest::Network(request),
    });
    loop {
        let action = tokio::time::timeout(Duration::from_mins(1), rx.recv())
            .await
            .expect("a result in time")
            .expect("open channel");
        match &action {
            Action::Loaded { more: false, .. } | Action::LoadFailed { .. } => return action,
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_loader_tells_a_deleted_vpc_from_an_empty_one() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let empty = base.ec2().create_vpc().cidr_block("10.78.0.0/16").send().await.expect("CreateVpc");
    let empty_id = empty.vpc().and_then(|v| v.vpc_id()).expect("a VPC id").to_owned();
    let (mut loader, mut rx) = connected_loader(&emulator).await;

    let gone = NetworkRequest::Subnets { vpc_id: "vpc-0123456789abcdef0".into() };
    match outcome(&mut loader, &mut rx, NetworkSlot::Subnets, gone).await {
        Action::LoadFailed { error, .. } => {
            assert!(error.message.contains("VPC vpc-0123456789abcdef0 does not exist"), "{}", error.message);
        }
        other => panic!("expected VpcNotFound, got {other:?}"),
    }
    match outcome(&mut loader, &mut rx, NetworkSlot::Subnets, NetworkRequest::Subnets { vpc_id: empty_id.clone() })
        .await
    {
        Action::Loaded { payload: Payload::Network(NetworkPayload::Subnets(page)), .. } => assert!(page.is_empty()),
        other => panic!("expected an empty page, got {other:?}"),
    }
    let scope = InterfaceScope::Vpc { vpc_id: empty_id };
    match outcome(&mut loader, &mut rx, NetworkSlot::Interfaces, NetworkRequest::Interfaces { scope }).await {
        Action::Loaded { payload: Payload::Network(NetworkPayload::Interfaces(page)), .. } => assert!(page.is_empty()),
        other => panic!("expected an empty page, got {other:?}"),
    }
}

/// Creates `count` interfaces in a fresh VPC (a /20 subnet holds them all).
async fn many_interfaces(provider: &awscope::aws::AwsProvider, count: usize) -> (String, String) {
    let ec2 = provider.ec2();
    let vpc = ec2.create_vpc().cidr_block("10.50.0.0/16").send().await.expect("CreateVpc");
    let vpc_id = vpc.vpc().and_then(|v| v.vpc_id()).expect("vpc id").to_owned();
    let subnet = ec2.create_subnet().vpc_id(&vpc_id).cidr_block("10.50.0.0/20").send().await.expect("CreateSubnet");
    let subnet_id = subnet.subnet().and_then(|s| s.subnet_id()).expect("subnet id").to_owned();
    stream::iter(0..count)
        .map(|i| {
            let (ec2, subnet_id) = (ec2.clone(), subnet_id.clone());
            async move {
                ec2.create_network_interface()
                    .subnet_id(subnet_id)
                    .description(format!("bulk interface #{i:04}"))
                    .send()
                    .await
                    .map(drop)
            }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .expect("CreateNetworkInterface");
    (vpc_id, subnet_id)
}

/// Runs one Network load through the real loader and returns (time to the
/// first page, time to the last page, rows, pages).
async fn timed_load(
    loader: &mut Loader,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Action>,
    request: NetworkRequest,
) -> (Duration, Duration, usize, usize) {
    let id = RequestId(7);
    let started = Instant::now();
    loader.execute(Command::Load {
        slot: Slot::Network(NetworkSlot::Interfaces),
        id,
        generation: 1,
        request: LoadRequest::Network(request),
    });
    let (mut first, mut rows, mut pages) = (None, 0, 0);
    loop {
        let action = tokio::time::timeout(Duration::from_mins(2), rx.recv())
            .await
            .expect("a result in time")
            .expect("open channel");
        match action {
            Action::Loaded { payload: Payload::Network(NetworkPayload::Interfaces(page)), more, .. } => {
                first.get_or_insert_with(|| started.elapsed());
                rows += page.len();
                pages += 1;
                if !more {
                    return (first.unwrap_or_default(), started.elapsed(), rows, pages);
                }
            }
            Action::LoadFailed { error, .. } => panic!("the load failed: {}", error.message),
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn timed_first_rows_of_a_2000_interface_listing() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let seeding = Instant::now();
    let (vpc_id, subnet_id) = many_interfaces(&base, 2000).await;
    let seeded_in = seeding.elapsed();

    let (mut loader, mut rx) = connected_loader(&emulator).await;

    let mut report = Vec::new();
    for (what, scope) in [
        ("subnet", InterfaceScope::Subnet { vpc_id: vpc_id.clone(), subnet_id }),
        ("VPC", InterfaceScope::Vpc { vpc_id: vpc_id.clone() }),
    ] {
        // One warm-up, then three timed runs.
        timed_load(&mut loader, &mut rx, NetworkRequest::Interfaces { scope: scope.clone() }).await;
        for run in 1..=3 {
            let (first, all, rows, pages) =
                timed_load(&mut loader, &mut rx, NetworkRequest::Interfaces { scope: scope.clone() }).await;
            assert_eq!(rows, 2000, "every interface arrives");
            report.push(format!(
                "  {what} run {run}: first rows after {:.1} ms, all {rows} after {:.1} ms in {pages} page(s)",
                first.as_secs_f64() * 1e3,
                all.as_secs_f64() * 1e3
            ));
        }
    }
    // The same call straight through the wrapper, for the round trip alone.
    let started = Instant::now();
    let mut pages = ec2::list_network_interfaces(&InterfaceScope::Vpc { vpc_id }, &base);
    let first = pages.next_page().await.expect("a page").expect("ok");
    report.push(format!(
        "  wrapper: first page ({} rows) after {:.1} ms",
        first.len(),
        started.elapsed().as_secs_f64() * 1e3
    ));
    eprintln!("2,000-interface listing on moto (seeded in {:.1} s):\n{}", seeded_in.as_secs_f64(), report.join("\n"));
    let filter = Filter::builder().name("description").values("bulk interface #0001").build();
    let probe = base.ec2().describe_network_interfaces().filters(filter).send().await.expect("describe");
    assert_eq!(probe.network_interfaces().len(), 1);
}
