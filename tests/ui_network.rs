//! Snapshots of the Network pane in every state, each at 100×30 and 160×40,
//! with fixed data: the VPC list, subnets, interfaces (streaming, complete,
//! failed, cancelled, empty), the interface detail, the find-by-IP prompt and
//! its results, errors, hostile names and help.

use std::net::IpAddr;

use awscope::app::network::{NetworkPayload, NetworkRequest, NetworkSlot};
use awscope::app::{Command, Failure, LoadRequest};
use awscope::aws::ErrorKind;
use awscope::aws::ec2::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, PublicIp, ResourceState, SecurityGroupRef,
    Subnet, Tag, Vpc,
};
use awscope::testbed::harness::{Harness, screen};
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

/// Snapshots the app `build` makes at `size`, as `<name>_<W>x<H>`.
fn snapshot(name: &str, size: (u16, u16), build: impl Fn(&mut Harness)) {
    let mut ui = on_network(size);
    build(&mut ui);
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen(&ui.app));
}

/// Snapshots the app `build` makes at each size, as `<name>_<W>x<H>`.
fn snapshot_both(name: &str, build: impl Fn(&mut Harness)) {
    for size in SIZES {
        snapshot(name, size, &build);
    }
}

fn tag(key: &str, value: &str) -> Tag {
    Tag { key: key.into(), value: value.into() }
}

fn vpcs() -> Vec<Vpc> {
    let vpc = |id: &str, name: Option<&str>, cidrs: &[&str], ipv6: &[&str], default: bool| Vpc {
        vpc_id: id.into(),
        name: name.map(Into::into),
        cidr_blocks: cidrs.iter().map(|c| (*c).into()).collect(),
        ipv6_cidr_blocks: ipv6.iter().map(|c| (*c).into()).collect(),
        state: ResourceState::Available,
        is_default: default,
        tenancy: "default".into(),
        owner_id: "123456789012".into(),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:vpc/{id}"),
        tags: name.map(|n| vec![tag("Name", n)]).unwrap_or_default(),
    };
    vec![
        vpc("vpc-0a1b2c3d4e5f60718", Some("demo-app"), &["10.0.0.0/16"], &["2600:1f18:4a3:6e00::/56"], false),
        vpc("vpc-0b2c3d4e5f6071829", Some("demo-data"), &["10.1.0.0/16", "100.64.0.0/16"], &[], false),
        vpc("vpc-0c3d4e5f607182930", None, &["172.31.0.0/16"], &[], true),
    ]
}

fn subnets() -> Vec<Subnet> {
    let subnet = |n: usize, name: &str, zone: char, cidr: &str, free: u32, public: bool| Subnet {
        subnet_id: format!("subnet-0{n}a2b3c4d5e6f7a8b"),
        vpc_id: "vpc-0a1b2c3d4e5f60718".into(),
        name: Some(name.into()),
        availability_zone: format!("us-east-1{zone}"),
        cidr_block: cidr.into(),
        available_ips: Some(free),
        default_for_az: false,
        map_public_ip: public,
        state: ResourceState::Available,
        arn: format!("arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0{n}a2b3c4d5e6f7a8b"),
        tags: vec![tag("Name", name)],
    };
    vec![
        subnet(1, "demo-app-public-a", 'a', "10.0.0.0/24", 246, true),
        subnet(2, "demo-app-public-b", 'b', "10.0.1.0/24", 249, true),
        subnet(3, "demo-app-public-c", 'c', "10.0.2.0/24", 250, true),
        subnet(4, "demo-app-private-a", 'a', "10.0.10.0/24", 231, false),
        subnet(5, "demo-app-private-b", 'b', "10.0.11.0/24", 244, false),
        subnet(6, "demo-app-private-c", 'c', "10.0.12.0/24", 251, false),
    ]
}

fn base_interface(id: &str, kind: InterfaceType, ip: &str, description: &str) -> NetworkInterface {
    NetworkInterface {
        eni_id: id.into(),
        vpc_id: "vpc-0a1b2c3d4e5f60718".into(),
        subnet_id: "subnet-04a2b3c4d5e6f7a8b".into(),
        eni_type: kind,
        status: InterfaceStatus::InUse,
        availability_zone: Some("us-east-1a".into()),
        description: description.into(),
        private_ips: vec![PrivateIp {
            address: ip.into(),
            primary: true,
            dns_name: Some(format!("ip-{}.ec2.internal", ip.replace('.', "-"))),
            public_ip: None,
        }],
        ipv6_addresses: vec![],
        public_ip: None,
        attachment: None,
        requester_id: None,
        requester_managed: false,
        security_groups: vec![SecurityGroupRef {
            group_id: "sg-0123456789abcdef0".into(),
            group_name: Some("demo-app-default-app".into()),
        }],
        source_dest_check: true,
        mac_address: Some("0e:3f:8a:12:b4:c1".into()),
        owner_id: Some("123456789012".into()),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:network-interface/{id}"),
        tags: vec![],
    }
}

/// A NAT gateway's interface with everything filled in: public IP, secondary
/// addresses, IPv6, tags.
fn nat_interface() -> NetworkInterface {
    let mut n = base_interface(
        "eni-0f1e2d3c4b5a69788",
        InterfaceType::NatGateway,
        "10.0.10.23",
        "Interface for NAT Gateway nat-0a9b8c7d6e5f43210",
    );
    n.private_ips[0].public_ip = Some("54.210.33.7".into());
    n.private_ips.push(PrivateIp { address: "10.0.10.57".into(), primary: false, dns_name: None, public_ip: None });
    n.private_ips.push(PrivateIp { address: "10.0.10.81".into(), primary: false, dns_name: None, public_ip: None });
    n.ipv6_addresses = vec!["2600:1f18:4a3:6e0a::23".into()];
    n.public_ip = Some(PublicIp {
        address: "54.210.33.7".into(),
        owner: Some("123456789012".into()),
        dns_name: Some("ec2-54-210-33-7.compute-1.amazonaws.com".into()),
        allocation_id: Some("eipalloc-0d1c2b3a4f5e6d7c8".into()),
    });
    n.requester_id = Some("amazon-nat".into());
    n.requester_managed = true;
    n.source_dest_check = false;
    n.security_groups = vec![];
    n.tags = vec![tag("Name", "demo-app-nat"), tag("team", "platform")];
    n
}

fn interfaces() -> Vec<NetworkInterface> {
    let mut instance =
        base_interface("eni-0a11b22c33d44e55f", InterfaceType::Interface, "10.0.10.12", "Primary network interface");
    instance.attachment = Some(Attachment {
        attachment_id: Some("eni-attach-0123456789abcdef0".into()),
        instance_id: Some("i-0a1b2c3d4e5f60718".into()),
        instance_owner_id: Some("123456789012".into()),
        device_index: Some(0),
        delete_on_termination: true,
        status: Some("attached".into()),
    });
    let mut elb = base_interface(
        "eni-0b22c33d44e55f66a",
        InterfaceType::LoadBalancer,
        "10.0.10.31",
        "ELB app/demo-alb/50dc6c495c0c9188",
    );
    elb.requester_id = Some("amazon-elb".into());
    elb.requester_managed = true;
    let mut lambda = base_interface(
        "eni-0c33d44e55f66a77b",
        InterfaceType::Lambda,
        "10.0.10.44",
        "AWS Lambda VPC ENI-demo-resize-images",
    );
    lambda.requester_id = Some("AROAEXAMPLEROLEID:demo-resize-images".into());
    lambda.requester_managed = true;
    let mut endpoint = base_interface(
        "eni-0d44e55f66a77b88c",
        InterfaceType::VpcEndpoint,
        "10.0.10.52",
        "VPC Endpoint Interface vpce-0123456789abcdef0",
    );
    endpoint.requester_id = Some("727180483921".into());
    endpoint.requester_managed = true;
    let efs = base_interface(
        "eni-0e55f66a77b88c99d",
        InterfaceType::Efs,
        "10.0.10.60",
        "EFS mount target for fs-0f1e2d3c4b5a69788 (fsmt-0a1b2c3d)",
    );
    let mut spare = base_interface(
        "eni-0f66a77b88c99d00e",
        InterfaceType::Interface,
        "10.0.10.77",
        "spare interface (not attached)",
    );
    spare.status = InterfaceStatus::Available;
    spare.private_ips.push(PrivateIp { address: "10.0.10.78".into(), primary: false, dns_name: None, public_ip: None });
    vec![instance, nat_interface(), elb, lambda, endpoint, efs, spare]
}

fn generated(i: usize) -> NetworkInterface {
    let mut n = base_interface(
        &format!("eni-{i:017x}"),
        if i.is_multiple_of(5) { InterfaceType::Lambda } else { InterfaceType::Interface },
        &format!("10.0.{}.{}", 10 + i / 250, i % 250 + 4),
        &format!("worker interface #{i:04}"),
    );
    if i.is_multiple_of(3) {
        n.status = InterfaceStatus::Available;
    }
    n
}

/// An app, connected as the demo profile, on the Network pane.
fn on_network(size: (u16, u16)) -> Harness {
    let mut ui = Harness::demo(size);
    ui.key(KeyCode::Char('2'));
    ui
}

/// Delivers `payload` for the latest load in `slot`.
fn deliver(ui: &mut Harness, slot: NetworkSlot, payload: NetworkPayload, more: bool) {
    let id = ui.latest(slot);
    ui.deliver(slot, id, payload, more);
}

/// Fails the latest load in `slot`.
fn fail(ui: &mut Harness, slot: NetworkSlot, kind: ErrorKind, message: &str) {
    let id = ui.latest(slot);
    ui.fail(slot, id, Failure { kind, message: message.into() });
}

fn with_vpcs(ui: &mut Harness) {
    deliver(ui, NetworkSlot::Vpcs, NetworkPayload::Vpcs(vpcs()), false);
}

fn in_subnets(ui: &mut Harness) {
    with_vpcs(ui);
    ui.key(KeyCode::Enter);
}

fn in_subnet_interfaces(ui: &mut Harness) {
    in_subnets(ui);
    deliver(ui, NetworkSlot::Subnets, NetworkPayload::Subnets(subnets()), false);
    ui.keys("jjj");
    ui.key(KeyCode::Enter);
}

fn find(ui: &mut Harness, ip: &str) {
    ui.key(KeyCode::Char('f'));
    ui.keys(ip);
    ui.key(KeyCode::Enter);
}

const DENIED: &str = "Access denied: DescribeVpcs on all VPCs needs ec2:DescribeVpcs. Ask for that permission, or switch profile or role. (UnauthorizedOperation: You are not authorized to perform this operation. The encoded authorization failure message is in the log file; decode it with aws sts decode-authorization-message.)";

#[test]
fn vpcs_loading() {
    snapshot_both("vpcs_loading", |_| {});
}

#[test]
fn vpcs_loaded() {
    snapshot_both("vpcs_loaded", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('j'));
    });
}

#[test]
fn vpcs_empty() {
    snapshot_both("vpcs_empty", |ui| deliver(ui, NetworkSlot::Vpcs, NetworkPayload::Vpcs(vec![]), false));
}

#[test]
fn vpcs_access_denied() {
    snapshot_both("vpcs_access_denied", |ui| fail(ui, NetworkSlot::Vpcs, ErrorKind::AccessDenied, DENIED));
}

#[test]
fn subnets_loaded() {
    snapshot_both("subnets_loaded", |ui| {
        in_subnets(ui);
        deliver(ui, NetworkSlot::Subnets, NetworkPayload::Subnets(subnets()), false);
        ui.keys("jjj");
    });
}

#[test]
fn subnets_loading() {
    snapshot_both("subnets_loading", in_subnets);
}

#[test]
fn subnets_empty() {
    snapshot_both("subnets_empty", |ui| {
        in_subnets(ui);
        deliver(ui, NetworkSlot::Subnets, NetworkPayload::Subnets(vec![]), false);
    });
}

#[test]
fn subnets_vpc_not_found() {
    snapshot_both("subnets_vpc_not_found", |ui| {
        in_subnets(ui);
        let message = "VPC vpc-0a1b2c3d4e5f60718 does not exist in this account and region (it may have been deleted). Press Esc to go back, then r to reload the VPC list.";
        fail(ui, NetworkSlot::Subnets, ErrorKind::NotFound, message);
    });
}

#[test]
fn interfaces_loaded() {
    snapshot_both("interfaces_loaded", |ui| {
        in_subnet_interfaces(ui);
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(interfaces()), false);
        ui.key(KeyCode::Char('j'));
    });
}

#[test]
fn interfaces_streaming_first_pages() {
    snapshot_both("interfaces_streaming", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('e'));
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces((0..1000).map(generated).collect()), true);
        for _ in 0..40 {
            ui.key(KeyCode::Char('j'));
        }
    });
}

#[test]
fn interfaces_throttled_after_a_partial_listing() {
    snapshot_both("interfaces_throttled", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('e'));
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces((0..30).map(generated).collect()), true);
        fail(
            ui,
            NetworkSlot::Interfaces,
            ErrorKind::Throttled,
            "DescribeNetworkInterfaces on network interfaces of vpc-0a1b2c3d4e5f60718 was throttled — r to retry in a moment (AWS asked to slow down and the retries did not get through).",
        );
    });
}

#[test]
fn interfaces_cancelled() {
    snapshot_both("interfaces_cancelled", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('e'));
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces((0..12).map(generated).collect()), true);
        ui.key(KeyCode::Esc);
    });
}

#[test]
fn interfaces_empty() {
    snapshot_both("interfaces_empty", |ui| {
        in_subnet_interfaces(ui);
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(vec![]), false);
    });
}

#[test]
fn interface_detail() {
    snapshot_both("interface_detail", |ui| {
        in_subnet_interfaces(ui);
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(interfaces()), false);
        ui.key(KeyCode::Char('j'));
        ui.key(KeyCode::Enter);
    });
}

#[test]
fn interface_detail_scrolled_to_the_end() {
    // At 160×40 the whole detail fits: scrolling changes nothing there.
    snapshot("interface_detail_scrolled", (100, 30), |ui| {
        in_subnet_interfaces(ui);
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(interfaces()), false);
        ui.key(KeyCode::Char('j'));
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Char('G'));
    });
}

#[test]
fn interface_detail_of_an_instance_interface_reload_failed() {
    snapshot_both("interface_detail_reload_failed", |ui| {
        in_subnet_interfaces(ui);
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(interfaces()), false);
        ui.key(KeyCode::Enter);
        ui.key(KeyCode::Char('r'));
        fail(
            ui,
            NetworkSlot::Detail,
            ErrorKind::NotFound,
            "Network interface eni-0a11b22c33d44e55f does not exist any more (it was deleted, or the service that owned it released it). Press Esc to go back, then r to reload the list.",
        );
    });
}

#[test]
fn find_prompt() {
    snapshot_both("find_prompt", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('f'));
        ui.keys("10.0.10.23");
    });
}

#[test]
fn find_prompt_refuses_a_non_address() {
    snapshot_both("find_prompt_invalid", |ui| {
        with_vpcs(ui);
        find(ui, "10.0.10");
    });
}

#[test]
fn find_searching() {
    snapshot_both("find_searching", |ui| {
        with_vpcs(ui);
        find(ui, "10.0.10.23");
    });
}

#[test]
fn find_single_result_opens_the_detail() {
    snapshot_both("find_single_result", |ui| {
        with_vpcs(ui);
        find(ui, "54.210.33.7");
        deliver(ui, NetworkSlot::Find, NetworkPayload::Found(vec![nat_interface()]), false);
    });
}

#[test]
fn find_several_results() {
    snapshot_both("find_several_results", |ui| {
        with_vpcs(ui);
        find(ui, "10.0.10.23");
        let mut elsewhere = nat_interface();
        elsewhere.eni_id = "eni-0aa0bb0cc0dd0ee0f".into();
        elsewhere.vpc_id = "vpc-0b2c3d4e5f6071829".into();
        elsewhere.subnet_id = "subnet-07a2b3c4d5e6f7a8b".into();
        elsewhere.eni_type = InterfaceType::Interface;
        elsewhere.public_ip = None;
        elsewhere.description = "spare interface in demo-data".into();
        deliver(ui, NetworkSlot::Find, NetworkPayload::Found(vec![nat_interface(), elsewhere]), false);
    });
}

#[test]
fn find_no_result() {
    snapshot_both("find_no_result", |ui| {
        with_vpcs(ui);
        find(ui, "192.0.2.44");
        deliver(ui, NetworkSlot::Find, NetworkPayload::Found(vec![]), false);
    });
}

#[test]
fn hostile_names_and_descriptions_are_inert() {
    snapshot_both("hostile_names", |ui| {
        let mut hostile = vpcs();
        hostile[0].name = Some("clear\x1b[2Jscreen".into());
        hostile[1].name = Some("rtl\u{202e}gpj.exe".into());
        deliver(ui, NetworkSlot::Vpcs, NetworkPayload::Vpcs(hostile), false);
        ui.key(KeyCode::Char('e'));
        let mut n = interfaces();
        n[0].description = "osc52\x1b]52;c;aGk=\x07copy".into();
        n[1].security_groups =
            vec![SecurityGroupRef { group_id: "sg-1".into(), group_name: Some("c1\u{9b}31mred".into()) }];
        deliver(ui, NetworkSlot::Interfaces, NetworkPayload::Interfaces(n), false);
    });
    for size in SIZES {
        let mut ui = on_network(size);
        let mut hostile = vpcs();
        hostile[0].name = Some("clear\x1b[2Jscreen".into());
        deliver(&mut ui, NetworkSlot::Vpcs, NetworkPayload::Vpcs(hostile), false);
        let screen = screen(&ui.app);
        assert!(!screen.contains('\x1b') && !screen.contains('\u{202e}') && !screen.contains('\u{9b}'));
    }
}

#[test]
fn help_lists_the_network_keys() {
    snapshot_both("help", |ui| {
        with_vpcs(ui);
        ui.key(KeyCode::Char('?'));
    });
}

#[test]
fn the_find_request_carries_the_parsed_address() {
    let mut ui = on_network((100, 30));
    with_vpcs(&mut ui);
    ui.key(KeyCode::Char('f'));
    ui.keys("2600:1f18::23");
    let commands = ui.key(KeyCode::Enter);
    let ip: IpAddr = "2600:1f18::23".parse().expect("ipv6");
    assert!(
        commands.iter().any(|c| matches!(c, Command::Load { request: LoadRequest::Network(NetworkRequest::FindByIp { ip: got }), .. } if *got == ip)),
        "{commands:?}"
    );
    ui.key(KeyCode::Esc);
}
