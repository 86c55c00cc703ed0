//! The Network pane's state machine without a terminal or a network: keys
//! become loads, pages stream into the right view, stale results are dropped,
//! Esc cancels then walks back, and find by IP goes from prompt to detail.

use std::net::IpAddr;

use awscope::app::network::{Level, NetworkPayload, NetworkRequest, NetworkSlot};
use awscope::app::pane::Room;
use awscope::app::{Action, App, Command, Failure, LoadRequest, LoadState, Pane, Payload, RequestId, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::ec2::{
    InterfaceScope, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, ResourceState, Subnet, Vpc,
};
use awscope::testbed::harness::{ch, context, environment, key, type_text};
use crossterm::event::KeyCode;

fn vpc(i: usize) -> Vpc {
    Vpc {
        vpc_id: format!("vpc-{i:017x}"),
        name: Some(format!("vpc-name-{i}")),
        cidr_blocks: vec![format!("10.{i}.0.0/16")],
        ipv6_cidr_blocks: vec![],
        state: ResourceState::Available,
        is_default: false,
        tenancy: "default".into(),
        owner_id: "123456789012".into(),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:vpc/vpc-{i:017x}"),
        tags: vec![],
    }
}

fn subnet(i: usize) -> Subnet {
    Subnet {
        subnet_id: format!("subnet-{i:017x}"),
        vpc_id: vpc(0).vpc_id,
        name: Some(format!("subnet-name-{i}")),
        availability_zone: "us-east-1a".into(),
        cidr_block: format!("10.0.{i}.0/24"),
        available_ips: Some(250),
        default_for_az: false,
        map_public_ip: false,
        state: ResourceState::Available,
        arn: format!("arn:aws:ec2:us-east-1:123456789012:subnet/subnet-{i:017x}"),
        tags: vec![],
    }
}

fn interface(i: usize) -> NetworkInterface {
    NetworkInterface {
        eni_id: format!("eni-{i:017x}"),
        vpc_id: vpc(0).vpc_id,
        subnet_id: subnet(0).subnet_id,
        eni_type: InterfaceType::Interface,
        status: InterfaceStatus::Available,
        availability_zone: Some("us-east-1a".into()),
        description: format!("interface {i}"),
        private_ips: vec![PrivateIp {
            address: format!("10.0.0.{}", i % 250 + 4),
            primary: true,
            dns_name: None,
            public_ip: None,
        }],
        ipv6_addresses: vec![],
        public_ip: None,
        attachment: None,
        requester_id: None,
        requester_managed: false,
        security_groups: vec![],
        source_dest_check: true,
        mac_address: None,
        owner_id: None,
        arn: format!("arn:aws:ec2:us-east-1:123456789012:network-interface/eni-{i:017x}"),
        tags: vec![],
    }
}

/// The app connected, on the Network pane, with the VPC list's load id.
fn on_network() -> (App, RequestId) {
    let mut app = App::new(context("dev"), false, (100, 30));
    app.start();
    let environment = environment(&context("dev"));
    app.update(Action::Connected { generation: 1, environment });
    let commands = app.update(ch('2'));
    assert_eq!(app.pane, Pane::Network);
    let id = load_id(&commands, NetworkSlot::Vpcs, &NetworkRequest::Vpcs);
    (app, id)
}

fn load_id(commands: &[Command], want_slot: NetworkSlot, want: &NetworkRequest) -> RequestId {
    commands
        .iter()
        .find_map(|c| match c {
            Command::Load { slot: Slot::Network(slot), id, generation: 1, request: LoadRequest::Network(request) }
                if *slot == want_slot && request == want =>
            {
                Some(*id)
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("expected a {want:?} load in {commands:?}"))
}

fn deliver(app: &mut App, slot: NetworkSlot, id: RequestId, payload: NetworkPayload, more: bool) {
    app.update(Action::Loaded {
        slot: Slot::Network(slot),
        id,
        generation: 1,
        payload: Payload::Network(payload),
        more,
    });
}

fn fail(app: &mut App, slot: NetworkSlot, id: RequestId, message: &str) {
    let error = Failure { kind: ErrorKind::AccessDenied, message: message.into() };
    app.update(Action::LoadFailed { slot: Slot::Network(slot), id, generation: 1, error });
}

/// Opens the first VPC's subnets and returns that load's id.
fn open_vpc(app: &mut App, vpcs_id: RequestId) -> RequestId {
    deliver(app, NetworkSlot::Vpcs, vpcs_id, NetworkPayload::Vpcs((0..3).map(vpc).collect()), false);
    let commands = app.update(key(KeyCode::Enter));
    load_id(&commands, NetworkSlot::Subnets, &NetworkRequest::Subnets { vpc_id: vpc(0).vpc_id })
}

#[test]
fn the_vpc_list_streams_page_by_page() {
    let (mut app, id) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, id, NetworkPayload::Vpcs((0..2).map(vpc).collect()), true);
    assert_eq!(app.panes.network.vpcs.items.len(), 2);
    assert_eq!(app.panes.network.vpcs.state, LoadState::Loading);
    assert_eq!(app.panes.network.in_flight(), 1);
    deliver(&mut app, NetworkSlot::Vpcs, id, NetworkPayload::Vpcs(vec![vpc(2)]), false);
    assert_eq!(app.panes.network.vpcs.items.len(), 3);
    assert_eq!(app.panes.network.vpcs.state, LoadState::Complete);
}

#[test]
fn enter_walks_from_a_vpc_to_its_subnets_to_their_interfaces_to_a_detail() {
    let (mut app, vpcs) = on_network();
    let subnets = open_vpc(&mut app, vpcs);
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets((0..4).map(subnet).collect()), false);
    app.update(ch('j'));

    let commands = app.update(key(KeyCode::Enter));
    let scope = InterfaceScope::Subnet { vpc_id: vpc(0).vpc_id, subnet_id: subnet(1).subnet_id };
    let interfaces = load_id(&commands, NetworkSlot::Interfaces, &NetworkRequest::Interfaces { scope });
    deliver(
        &mut app,
        NetworkSlot::Interfaces,
        interfaces,
        NetworkPayload::Interfaces((0..5).map(interface).collect()),
        false,
    );
    app.update(ch('G'));

    let commands = app.update(key(KeyCode::Enter));
    assert!(commands.is_empty(), "the detail needs no load: {commands:?}");
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("expected the detail on top") };
    assert_eq!(detail.interface.eni_id, interface(4).eni_id);
    assert_eq!(app.panes.network.stack.len(), 3);

    // Esc walks back one view at a time, keeping each view's rows and selection.
    app.update(key(KeyCode::Esc));
    let Some(Level::Interfaces(view)) = app.panes.network.top() else { panic!("expected the interfaces") };
    assert_eq!(view.list.selected, 4);
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    assert!(app.panes.network.top().is_none());
    assert_eq!(app.panes.network.vpcs.items.len(), 3);
}

#[test]
fn e_lists_every_interface_of_the_selected_vpc() {
    let (mut app, vpcs) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs((0..3).map(vpc).collect()), false);
    app.update(ch('j'));
    let commands = app.update(ch('e'));
    let scope = InterfaceScope::Vpc { vpc_id: vpc(1).vpc_id };
    load_id(&commands, NetworkSlot::Interfaces, &NetworkRequest::Interfaces { scope });
    let Some(Level::Interfaces(view)) = app.panes.network.top() else { panic!("expected interfaces") };
    assert!(view.subnet.is_none());
    assert_eq!(view.vpc.name.as_deref(), Some("vpc-name-1"));
}

#[test]
fn esc_cancels_a_running_load_first_and_keeps_its_rows() {
    let (mut app, vpcs) = on_network();
    let subnets = open_vpc(&mut app, vpcs);
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets(vec![subnet(0)]), true);

    let commands = app.update(key(KeyCode::Esc));

    assert_eq!(commands, vec![Command::Cancel(Slot::Network(NetworkSlot::Subnets))]);
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("still on the subnets") };
    assert_eq!(view.list.state, LoadState::Cancelled);
    assert_eq!(view.list.items.len(), 1);
    let status = app.status.as_ref().expect("a status message");
    assert!(status.text.contains("subnets of vpc-") && status.text.contains("press r to reload"), "{}", status.text);
    // A page that was already on its way is dropped.
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets(vec![subnet(1)]), false);
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("still on the subnets") };
    assert_eq!(view.list.items.len(), 1);
    assert_eq!(app.panes.network.in_flight(), 0);

    app.update(key(KeyCode::Esc));
    assert!(app.panes.network.top().is_none());
}

#[test]
fn results_for_a_view_that_was_left_or_replaced_are_dropped() {
    let (mut app, vpcs) = on_network();
    let old = open_vpc(&mut app, vpcs);
    app.update(key(KeyCode::Esc)); // cancel
    app.update(key(KeyCode::Esc)); // back
    app.update(ch('j'));
    let commands = app.update(key(KeyCode::Enter));
    let new = load_id(&commands, NetworkSlot::Subnets, &NetworkRequest::Subnets { vpc_id: vpc(1).vpc_id });
    assert_ne!(old, new);

    deliver(&mut app, NetworkSlot::Subnets, old, NetworkPayload::Subnets(vec![subnet(9)]), false);
    fail(&mut app, NetworkSlot::Subnets, old, "stale failure");
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("subnets") };
    assert!(view.list.items.is_empty());
    assert_eq!(view.list.state, LoadState::Loading);

    deliver(&mut app, NetworkSlot::Subnets, new, NetworkPayload::Subnets(vec![subnet(1)]), false);
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("subnets") };
    assert_eq!(view.list.items, vec![subnet(1)]);
}

#[test]
fn a_failure_keeps_the_rows_that_arrived_and_r_retries_the_view_on_screen() {
    let (mut app, vpcs) = on_network();
    let subnets = open_vpc(&mut app, vpcs);
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets(vec![subnet(0)]), true);
    fail(&mut app, NetworkSlot::Subnets, subnets, "Access denied");
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("subnets") };
    assert!(matches!(view.list.state, LoadState::Failed(_)));
    assert_eq!(view.list.items.len(), 1);

    let commands = app.update(ch('r'));
    let retry = load_id(&commands, NetworkSlot::Subnets, &NetworkRequest::Subnets { vpc_id: vpc(0).vpc_id });
    assert_ne!(retry, subnets);
}

#[test]
fn f_opens_a_prompt_that_refuses_what_is_not_an_ip() {
    let (mut app, vpcs) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs(vec![vpc(0)]), false);
    app.update(ch('f'));
    assert!(app.panes.network.prompt.is_some());

    // Keys that mean something elsewhere are typed into the prompt.
    type_text(&mut app, "10.0.1");
    let commands = app.update(key(KeyCode::Enter));
    assert!(commands.is_empty());
    let prompt = app.panes.network.prompt.as_ref().expect("still open");
    assert!(prompt.error.as_deref().is_some_and(|e| e.contains("not an IP address")), "{prompt:?}");

    type_text(&mut app, "q");
    assert!(!app.should_quit(), "q is text in the prompt");
    assert!(app.panes.network.prompt.as_ref().is_some_and(|p| p.error.is_none()), "editing clears the complaint");

    app.update(key(KeyCode::Esc));
    assert!(app.panes.network.prompt.is_none());
    assert!(app.panes.network.top().is_none(), "Esc in the prompt only closes it");
}

#[test]
fn find_by_ip_with_one_match_opens_its_detail() {
    let (mut app, vpcs) = on_network();
    let subnets = open_vpc(&mut app, vpcs);
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets(vec![subnet(0)]), true);

    app.update(ch('f'));
    type_text(&mut app, " 10.0.1.23 ");
    let commands = app.update(key(KeyCode::Enter));

    let ip: IpAddr = "10.0.1.23".parse().expect("ip");
    assert!(commands.contains(&Command::Cancel(Slot::Network(NetworkSlot::Subnets))), "{commands:?}");
    let find = load_id(&commands, NetworkSlot::Find, &NetworkRequest::FindByIp { ip });
    assert_eq!(app.panes.network.stack.len(), 1, "a find searches the region, from the VPC list");
    assert_eq!(app.panes.network.in_flight(), 1, "only the find");

    deliver(&mut app, NetworkSlot::Find, find, NetworkPayload::Found(vec![interface(7)]), false);
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("the detail opens") };
    assert_eq!(detail.interface.eni_id, interface(7).eni_id);
    app.update(key(KeyCode::Esc));
    let Some(Level::Found(found)) = app.panes.network.top() else { panic!("the result list") };
    assert_eq!(found.list.items.len(), 1);
}

#[test]
fn find_by_ip_with_several_matches_lets_the_user_pick_and_none_says_so() {
    let (mut app, _) = on_network();
    app.update(ch('f'));
    type_text(&mut app, "10.0.0.4");
    let commands = app.update(key(KeyCode::Enter));
    let ip: IpAddr = "10.0.0.4".parse().expect("ip");
    let find = load_id(&commands, NetworkSlot::Find, &NetworkRequest::FindByIp { ip });
    let mut other_vpc = interface(0);
    other_vpc.vpc_id = "vpc-00000000000000000".into();
    deliver(&mut app, NetworkSlot::Find, find, NetworkPayload::Found(vec![interface(0), other_vpc]), false);
    let Some(Level::Found(found)) = app.panes.network.top() else { panic!("the result list") };
    assert_eq!(found.list.items.len(), 2);
    assert_eq!(found.list.items[0].vpc_id, "vpc-00000000000000000", "sorted by VPC");

    app.update(ch('f'));
    type_text(&mut app, "192.0.2.1");
    let commands = app.update(key(KeyCode::Enter));
    let ip: IpAddr = "192.0.2.1".parse().expect("ip");
    let find = load_id(&commands, NetworkSlot::Find, &NetworkRequest::FindByIp { ip });
    deliver(&mut app, NetworkSlot::Find, find, NetworkPayload::Found(vec![]), false);
    let Some(Level::Found(found)) = app.panes.network.top() else { panic!("the empty result") };
    assert_eq!(found.list.state, LoadState::Complete);
    assert!(found.list.items.is_empty());
    assert_eq!(app.panes.network.stack.len(), 1, "a new find replaces the old one");
}

#[test]
fn r_on_a_detail_reloads_that_interface() {
    let (mut app, vpcs) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs(vec![vpc(0)]), false);
    let commands = app.update(ch('e'));
    let scope = InterfaceScope::Vpc { vpc_id: vpc(0).vpc_id };
    let id = load_id(&commands, NetworkSlot::Interfaces, &NetworkRequest::Interfaces { scope });
    deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(vec![interface(3)]), false);
    app.update(key(KeyCode::Enter));

    let commands = app.update(ch('r'));
    let reload = load_id(&commands, NetworkSlot::Detail, &NetworkRequest::Interface { eni_id: interface(3).eni_id });
    let mut fresh = interface(3);
    fresh.status = InterfaceStatus::InUse;
    deliver(&mut app, NetworkSlot::Detail, reload, NetworkPayload::Interface(Box::new(fresh)), false);
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("detail") };
    assert_eq!(detail.interface.status, InterfaceStatus::InUse);
    assert_eq!(detail.state, LoadState::Complete);

    let commands = app.update(ch('r'));
    let reload = load_id(&commands, NetworkSlot::Detail, &NetworkRequest::Interface { eni_id: interface(3).eni_id });
    fail(&mut app, NetworkSlot::Detail, reload, "gone");
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("detail") };
    assert!(matches!(detail.state, LoadState::Failed(_)));
    assert_eq!(detail.interface.status, InterfaceStatus::InUse, "the last good data stays");
}

#[test]
fn the_detail_scrolls_within_its_lines() {
    let (mut app, vpcs) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs(vec![vpc(0)]), false);
    let commands = app.update(ch('e'));
    let scope = InterfaceScope::Vpc { vpc_id: vpc(0).vpc_id };
    let id = load_id(&commands, NetworkSlot::Interfaces, &NetworkRequest::Interfaces { scope });
    let mut busy = interface(3);
    busy.private_ips.extend((0..30).map(|i| PrivateIp {
        address: format!("10.0.0.{}", 100 + i),
        primary: false,
        dns_name: None,
        public_ip: None,
    }));
    deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(vec![busy]), false);
    app.update(key(KeyCode::Enter));

    for _ in 0..200 {
        app.update(ch('j'));
    }
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("detail") };
    let bottom = detail.scroll;
    assert!(bottom > 0 && bottom < 200, "scroll stops at the last line: {bottom}");
    app.update(ch('k'));
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("detail") };
    assert_eq!(detail.scroll, bottom - 1, "one k moves back at once");
    app.update(ch('g'));
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("detail") };
    assert_eq!(detail.scroll, 0);
}

#[test]
fn a_context_switch_forgets_every_view_and_drops_late_pages() {
    let (mut app, vpcs) = on_network();
    let subnets = open_vpc(&mut app, vpcs);
    let commands = app.switch_context(context("prod"));
    let Some(&Command::Connect { generation, .. }) = commands.first() else { panic!("connects first: {commands:?}") };

    let environment = environment(&context("prod"));
    let commands = app.update(Action::Connected { generation, environment });
    assert!(commands.contains(&Command::CancelAll), "{commands:?}");
    assert!(app.panes.network.top().is_none());
    assert!(app.panes.network.vpcs.items.is_empty());
    assert!(
        commands.iter().any(|c| matches!(c, Command::Load { slot: Slot::Network(NetworkSlot::Vpcs), generation: g, .. } if *g == generation)),
        "the pane on screen reloads under the new context: {commands:?}"
    );

    // Pages from the old generation never reach the screen.
    deliver(&mut app, NetworkSlot::Subnets, subnets, NetworkPayload::Subnets(vec![subnet(0)]), false);
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs(vec![vpc(5)]), false);
    assert!(app.panes.network.vpcs.items.is_empty());
    assert!(app.panes.network.top().is_none());
}

#[test]
fn y_copies_the_selected_id_and_shift_y_its_arn() {
    let (mut app, vpcs) = on_network();
    deliver(&mut app, NetworkSlot::Vpcs, vpcs, NetworkPayload::Vpcs((0..3).map(vpc).collect()), false);
    app.update(ch('j'));
    assert_eq!(app.update(ch('y')), vec![Command::Copy(vpc(1).vpc_id)]);
    assert_eq!(app.update(ch('Y')), vec![Command::Copy(vpc(1).arn)]);

    let commands = app.update(ch('e'));
    let scope = InterfaceScope::Vpc { vpc_id: vpc(1).vpc_id };
    let id = load_id(&commands, NetworkSlot::Interfaces, &NetworkRequest::Interfaces { scope });
    deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(vec![interface(5)]), false);
    app.update(key(KeyCode::Enter));
    assert_eq!(app.update(ch('Y')), vec![Command::Copy(interface(5).arn)]);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("network-interface/eni-")));
}
