//! Opening a pane at a resource (`App::open_target`) without a terminal or a
//! network: each target issues the right load into the right slot and stacks
//! the views leading to it, Esc walks back up (loading what was skipped), a
//! deep link given before the connection is up is the first load once it is,
//! and nothing from an earlier context shows after a switch.

use std::net::IpAddr;

use awscope::app::ecs::{EcsPayload, EcsRequest, EcsSlot, TableUpdate, View as EcsView};
use awscope::app::goto::Target;
use awscope::app::network::{Level, Lookup, NetworkPayload, NetworkRequest, NetworkSlot, UNKNOWN_VPC};
use awscope::app::s3::{ObjectRef, S3Payload, S3Request, S3Slot, View as S3View};
use awscope::app::ssm::tree::Entry as SsmEntry;
use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, App, Command, Failure, LoadRequest, LoadState, Pane, Payload, RequestId, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::ec2::{InterfaceScope, InterfaceStatus, InterfaceType, NetworkInterface, ResourceState, Subnet};
use awscope::aws::s3::{Entry, ObjectEntry, StorageClass};
use awscope::aws::ssm::{Parameter, ParameterType};
use awscope::testbed::harness::{Harness, context, environment, key};
use crossterm::event::KeyCode;

/// The app connected (generation 1) on the S3 pane, its bucket list loading.
fn connected() -> App {
    let app = connected_at((100, 30));
    assert!(app.environment().is_some());
    app
}

/// As [`connected`], at `size`.
fn connected_at(size: (u16, u16)) -> App {
    let mut h = Harness::new(context("dev"), false, size);
    h.connect(environment(&context("dev")));
    h.app
}

/// Every load in `commands`: (slot, generation, request).
fn loads(commands: &[Command]) -> Vec<(Slot, u64, LoadRequest)> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Load { slot, generation, request, .. } => Some((*slot, *generation, request.clone())),
            _ => None,
        })
        .collect()
}

/// The id of the one load in `commands`, which must be `request` in `slot`.
fn only_load(commands: &[Command], slot: Slot, request: &LoadRequest) -> RequestId {
    let found: Vec<(Slot, RequestId, &LoadRequest)> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Load { slot, id, request, .. } => Some((*slot, *id, request)),
            _ => None,
        })
        .collect();
    match found.as_slice() {
        [(s, id, r)] if *s == slot && *r == request => *id,
        _ => panic!("expected exactly one {request:?} load in {slot:?}, got {commands:?}"),
    }
}

fn loaded(app: &mut App, slot: Slot, id: RequestId, payload: Payload, more: bool) -> Vec<Command> {
    app.update(Action::Loaded { slot, id, generation: app.generation, payload, more })
}

fn objects(bucket: &str, key: &str) -> LoadRequest {
    LoadRequest::S3(S3Request::Objects(ObjectRef { bucket: bucket.into(), key: key.into(), region: None }))
}

fn object(key: &str) -> Entry {
    Entry::Object(ObjectEntry { key: key.into(), size: 1, last_modified: None, storage_class: StorageClass::Standard })
}

fn prefixes(app: &App) -> Vec<(String, LoadState)> {
    app.panes
        .s3
        .stack
        .iter()
        .map(|v| match v {
            S3View::Objects(o) => (o.prefix.clone(), o.listing.state.clone()),
            other => panic!("only prefixes expected, got {other:?}"),
        })
        .collect()
}

fn s3(bucket: &str, prefix: &str) -> Target {
    Target::S3 { bucket: Some(bucket.into()), prefix: prefix.into() }
}

#[test]
fn an_s3_prefix_stacks_every_level_and_loads_only_the_deepest() {
    let mut app = connected();
    let commands = app.open_target(s3("demo-logs", "logs/2024/"));
    assert_eq!(app.pane, Pane::S3);
    only_load(&commands, Slot::S3(S3Slot::Objects), &objects("demo-logs", "logs/2024/"));
    assert_eq!(
        prefixes(&app),
        [
            (String::new(), LoadState::Cancelled),
            ("logs/".to_owned(), LoadState::Cancelled),
            ("logs/2024/".to_owned(), LoadState::Loading)
        ]
    );
    let Some(S3View::Objects(top)) = app.panes.s3.top() else { panic!("the prefix on top") };
    assert_eq!(top.uri(), "s3://demo-logs/logs/2024/", "the breadcrumbs read from the view");
}

#[test]
fn esc_from_a_deep_prefix_walks_up_one_level_at_a_time_then_to_the_bucket_list() {
    // Opened before the connection: the bucket list was never loaded.
    let mut app = App::new(context("dev"), false, (100, 30));
    app.start();
    app.open_target(s3("b", "a//c/"));
    let commands = app.update(Action::Connected { generation: 1, environment: environment(&context("dev")) });
    let (_, deepest) = only_load_of(&commands, Slot::S3(S3Slot::Objects));
    assert_eq!(deepest, objects("b", "a//c/"));
    assert_eq!(prefixes(&app).len(), 4, "levels \"\", a/, a//, a//c/");

    let mut walked = Vec::new();
    for _ in 0..3 {
        let commands = app.update(key(KeyCode::Esc));
        assert!(commands.contains(&Command::Cancel(Slot::S3(S3Slot::Objects))), "{commands:?}");
        walked.push(only_load_of(&commands, Slot::S3(S3Slot::Objects)).1);
    }
    assert_eq!(walked, [objects("b", "a//"), objects("b", "a/"), objects("b", "")]);
    let commands = app.update(key(KeyCode::Esc));
    assert!(app.panes.s3.top().is_none());
    assert_eq!(only_load_of(&commands, Slot::S3(S3Slot::Buckets)).1, LoadRequest::S3(S3Request::Buckets));
}

/// The id and request of the one load in `slot` in `commands`.
fn only_load_of(commands: &[Command], slot: Slot) -> (RequestId, LoadRequest) {
    let found: Vec<(RequestId, LoadRequest)> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Load { slot: s, id, request, .. } if *s == slot => Some((*id, request.clone())),
            _ => None,
        })
        .collect();
    match found.as_slice() {
        [one] => one.clone(),
        _ => panic!("expected one load in {slot:?}: {commands:?}"),
    }
}

#[test]
fn an_s3_key_without_a_slash_opens_its_folder_and_selects_it_when_listed() {
    let mut app = connected();
    let commands = app.open_target(s3("b", "logs/2024"));
    let id = only_load(&commands, Slot::S3(S3Slot::Objects), &objects("b", "logs/"));
    let first = vec![Entry::Folder("logs/2023/".into()), object("logs/readme.txt")];
    loaded(&mut app, Slot::S3(S3Slot::Objects), id, Payload::S3(S3Payload::Objects(first)), true);
    assert!(app.panes.s3.select.is_some(), "not listed yet");
    let second = vec![Entry::Folder("logs/2024/".into()), object("logs/z.txt")];
    loaded(&mut app, Slot::S3(S3Slot::Objects), id, Payload::S3(S3Payload::Objects(second)), false);
    let Some(S3View::Objects(view)) = app.panes.s3.top() else { panic!("the folder") };
    assert_eq!(view.listing.selected_item().map(Entry::key), Some("logs/2024/"));
    assert!(app.panes.s3.select.is_none());
}

#[test]
fn a_missing_s3_entry_is_said_once_the_listing_ends() {
    let mut app = connected();
    let commands = app.open_target(s3("b", "nothing-here"));
    let id = only_load(&commands, Slot::S3(S3Slot::Objects), &objects("b", ""));
    loaded(&mut app, Slot::S3(S3Slot::Objects), id, Payload::S3(S3Payload::Objects(vec![object("a")])), false);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("nothing-here"), "{status}");
}

#[test]
fn a_bucket_that_does_not_exist_fails_in_its_view() {
    let mut app = connected();
    let commands = app.open_target(s3("no-such-bucket", ""));
    let id = only_load(&commands, Slot::S3(S3Slot::Objects), &objects("no-such-bucket", ""));
    let error = Failure { kind: ErrorKind::NotFound, message: "Bucket no-such-bucket does not exist.".into() };
    app.update(Action::LoadFailed { slot: Slot::S3(S3Slot::Objects), id, generation: 1, error: error.clone() });
    let Some(S3View::Objects(view)) = app.panes.s3.top() else { panic!("the bucket's view") };
    assert_eq!(view.listing.state, LoadState::Failed(error));
}

#[test]
fn s3_alone_is_the_bucket_list_and_replacing_views_cancels_their_loads() {
    let mut app = connected();
    app.open_target(s3("b", "x/"));
    let commands = app.open_target(s3("c", ""));
    assert!(commands.contains(&Command::Cancel(Slot::S3(S3Slot::Objects))), "{commands:?}");
    only_load(&commands, Slot::S3(S3Slot::Objects), &objects("c", ""));
    assert_eq!(prefixes(&app).len(), 1);
    let commands = app.open_target(Target::S3 { bucket: None, prefix: String::new() });
    assert!(app.panes.s3.top().is_none());
    assert!(commands.contains(&Command::Cancel(Slot::S3(S3Slot::Objects))), "{commands:?}");
    assert!(loads(&commands).is_empty(), "the bucket list is loading already: {commands:?}");
}

fn net(request: NetworkRequest) -> LoadRequest {
    LoadRequest::Network(request)
}

fn subnet(i: usize, vpc: &str) -> Subnet {
    Subnet {
        subnet_id: format!("subnet-{i}"),
        vpc_id: vpc.into(),
        name: None,
        availability_zone: "us-east-1a".into(),
        cidr_block: format!("10.0.{i}.0/24"),
        available_ips: Some(250),
        default_for_az: false,
        map_public_ip: false,
        state: ResourceState::Available,
        tags: vec![],
        arn: String::new(),
    }
}

fn interface(eni: &str, vpc: &str, subnet: &str) -> NetworkInterface {
    NetworkInterface {
        eni_id: eni.into(),
        vpc_id: vpc.into(),
        subnet_id: subnet.into(),
        eni_type: InterfaceType::Interface,
        status: InterfaceStatus::Available,
        availability_zone: None,
        description: String::new(),
        private_ips: vec![],
        ipv6_addresses: vec![],
        public_ip: None,
        attachment: None,
        requester_id: None,
        requester_managed: false,
        security_groups: vec![],
        source_dest_check: true,
        mac_address: None,
        owner_id: None,
        tags: vec![],
        arn: String::new(),
    }
}

#[test]
fn a_vpc_opens_its_subnets_and_esc_loads_the_vpc_list_it_skipped() {
    let mut app = connected();
    let commands = app.open_target(Target::Vpc(Some("vpc-123".into())));
    assert_eq!(app.pane, Pane::Network);
    only_load(
        &commands,
        Slot::Network(NetworkSlot::Subnets),
        &net(NetworkRequest::Subnets { vpc_id: "vpc-123".into() }),
    );
    let Some(Level::Subnets(view)) = app.panes.network.top() else { panic!("the VPC's subnets") };
    assert_eq!(view.vpc.id, "vpc-123");
    let commands = app.update(key(KeyCode::Esc));
    assert!(commands.contains(&Command::Cancel(Slot::Network(NetworkSlot::Subnets))), "Esc stops the load first");
    let commands = app.update(key(KeyCode::Esc));
    assert!(app.panes.network.top().is_none());
    only_load(&commands, Slot::Network(NetworkSlot::Vpcs), &net(NetworkRequest::Vpcs));

    let commands = app.open_target(Target::Vpc(None));
    assert!(loads(&commands).is_empty(), "the VPC list is loading already");
}

#[test]
fn every_subnet_is_one_unfiltered_listing_and_enter_opens_a_subnets_interfaces() {
    let mut app = connected();
    let commands = app.open_target(Target::Subnet(None));
    let id = only_load(&commands, Slot::Network(NetworkSlot::Subnets), &net(NetworkRequest::AllSubnets));
    let page = vec![subnet(1, "vpc-a"), subnet(2, "vpc-b")];
    loaded(&mut app, Slot::Network(NetworkSlot::Subnets), id, Payload::Network(NetworkPayload::Subnets(page)), false);
    let Some(Level::AllSubnets(view)) = app.panes.network.top() else { panic!("every subnet") };
    assert_eq!((view.list.items.len(), &view.list.state), (2, &LoadState::Complete));
    app.update(key(KeyCode::Char('j')));
    let commands = app.update(key(KeyCode::Enter));
    let scope = InterfaceScope::Subnet { vpc_id: "vpc-b".into(), subnet_id: "subnet-2".into() };
    only_load(&commands, Slot::Network(NetworkSlot::Interfaces), &net(NetworkRequest::Interfaces { scope }));
}

#[test]
fn a_subnet_by_id_opens_its_interfaces_and_learns_its_vpc_from_them() {
    let mut app = connected();
    let commands = app.open_target(Target::Subnet(Some("subnet-9".into())));
    let scope = InterfaceScope::Subnet { vpc_id: UNKNOWN_VPC.into(), subnet_id: "subnet-9".into() };
    let id = only_load(&commands, Slot::Network(NetworkSlot::Interfaces), &net(NetworkRequest::Interfaces { scope }));
    let page = vec![interface("eni-1", "vpc-z", "subnet-9")];
    loaded(
        &mut app,
        Slot::Network(NetworkSlot::Interfaces),
        id,
        Payload::Network(NetworkPayload::Interfaces(page)),
        false,
    );
    let Some(Level::Interfaces(view)) = app.panes.network.top() else { panic!("the interfaces") };
    assert_eq!(view.vpc.id, "vpc-z");
    assert_eq!(view.subnet.as_ref().map(|s| s.id.as_str()), Some("subnet-9"));
    let commands = app.update(key(KeyCode::Esc));
    assert!(matches!(app.panes.network.top(), Some(Level::AllSubnets(_))));
    only_load(&commands, Slot::Network(NetworkSlot::Subnets), &net(NetworkRequest::AllSubnets));
}

#[test]
fn an_ip_runs_the_find_and_one_match_opens_its_detail() {
    let mut app = connected();
    let ip: IpAddr = "10.0.1.5".parse().expect("an IP");
    let commands = app.open_target(Target::Eni(Some("10.0.1.5".into())));
    let id = only_load(&commands, Slot::Network(NetworkSlot::Find), &net(NetworkRequest::FindByIp { ip }));
    let found = vec![interface("eni-7", "vpc-a", "subnet-1")];
    loaded(&mut app, Slot::Network(NetworkSlot::Find), id, Payload::Network(NetworkPayload::Found(found)), false);
    let Some(Level::Detail(detail)) = app.panes.network.top() else { panic!("the detail") };
    assert_eq!(detail.interface.eni_id, "eni-7");
}

#[test]
fn an_interface_id_is_looked_up_and_no_id_opens_the_find_prompt() {
    let mut app = connected();
    let commands = app.open_target(Target::Eni(Some("eni-0abc".into())));
    let request = net(NetworkRequest::FindById { eni_id: "eni-0abc".into() });
    let id = only_load(&commands, Slot::Network(NetworkSlot::Find), &request);
    let Some(Level::Found(view)) = app.panes.network.top() else { panic!("the lookup") };
    assert_eq!(view.query, Lookup::Id("eni-0abc".into()));
    loaded(&mut app, Slot::Network(NetworkSlot::Find), id, Payload::Network(NetworkPayload::Found(vec![])), false);
    let Some(Level::Found(view)) = app.panes.network.top() else { panic!("still the lookup, empty") };
    assert_eq!(view.list.state, LoadState::Complete);

    let commands = app.open_target(Target::Eni(None));
    assert!(app.panes.network.prompt.is_some() && app.panes.network.top().is_none());
    only_load(&commands, Slot::Network(NetworkSlot::Vpcs), &net(NetworkRequest::Vpcs));
}

fn param(name: &str) -> Parameter {
    Parameter {
        name: name.into(),
        kind: ParameterType::String,
        tier: None,
        version: 1,
        last_modified: None,
        last_modified_by: None,
        data_type: None,
        key_id: None,
        description: None,
        allowed_pattern: None,
        policies: Vec::new(),
        arn: None,
    }
}

fn ssm_world() -> Vec<Parameter> {
    ["/app/dev/db", "/app/prod/db", "/app/prod/api/key", "/app/prod/url", "/other"].map(param).to_vec()
}

fn ssm_keys(app: &App) -> Vec<String> {
    app.panes.ssm.tree.list.items.iter().map(|e| e.key().to_owned()).collect()
}

#[test]
fn an_ssm_folder_lists_the_account_and_shows_that_folder() {
    let mut app = connected();
    let commands = app.open_target(Target::Ssm(Some("/app/prod".into())));
    assert_eq!(app.pane, Pane::Ssm);
    let id = only_load(&commands, Slot::Ssm(SsmSlot::Tree), &LoadRequest::Ssm(SsmRequest::List { path: None }));
    loaded(&mut app, Slot::Ssm(SsmSlot::Tree), id, Payload::Ssm(SsmPayload::Parameters(ssm_world())), false);
    assert_eq!(app.panes.ssm.tree.folder, "/app/prod");
    assert_eq!(ssm_keys(&app), ["/app/prod/api", "/app/prod/db", "/app/prod/url"]);
    assert!(app.panes.ssm.tree.pending_select.is_none());

    // Listed already: the next open moves at once, with no load.
    let commands = app.open_target(Target::Ssm(Some("/app/dev/db".into())));
    assert!(loads(&commands).is_empty(), "{commands:?}");
    assert_eq!(app.panes.ssm.tree.folder, "/app/dev");
    assert!(matches!(app.panes.ssm.tree.list.selected_item(), Some(SsmEntry::Parameter(p)) if p.name == "/app/dev/db"));
}

#[test]
fn an_ssm_parameter_lands_selected_in_its_folder_and_a_missing_path_at_the_nearest_folder() {
    let mut app = connected();
    let commands = app.open_target(Target::Ssm(Some("/app/prod/url".into())));
    let id = only_load(&commands, Slot::Ssm(SsmSlot::Tree), &LoadRequest::Ssm(SsmRequest::List { path: None }));
    loaded(&mut app, Slot::Ssm(SsmSlot::Tree), id, Payload::Ssm(SsmPayload::Parameters(ssm_world())), false);
    assert_eq!(app.panes.ssm.tree.folder, "/app/prod");
    assert!(
        matches!(app.panes.ssm.tree.list.selected_item(), Some(SsmEntry::Parameter(p)) if p.name == "/app/prod/url")
    );

    let commands = app.open_target(Target::Ssm(Some("/app/staging/x".into())));
    let (id, _) = only_load_of(&commands, Slot::Ssm(SsmSlot::Tree));
    loaded(&mut app, Slot::Ssm(SsmSlot::Tree), id, Payload::Ssm(SsmPayload::Parameters(ssm_world())), false);
    assert_eq!(app.panes.ssm.tree.folder, "/app");
}

fn ecs_arns(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("arn:aws:ecs:us-east-1:123456789012:service/prod/{n}")).collect()
}

#[test]
fn an_ecs_service_opens_its_clusters_services_and_is_selected_when_it_arrives() {
    let mut app = connected();
    let commands = app.open_target(Target::Ecs { cluster: Some("prod".into()), service: Some("web".into()) });
    assert_eq!(app.pane, Pane::Ecs);
    let request = LoadRequest::Ecs(EcsRequest::Services { cluster: "prod".into() });
    let id = only_load(&commands, Slot::Ecs(EcsSlot::Services), &request);
    let page = |names: &[&str]| Payload::Ecs(EcsPayload::Services(TableUpdate::Listed(ecs_arns(names))));
    loaded(&mut app, Slot::Ecs(EcsSlot::Services), id, page(&["api", "jobs"]), true);
    assert_eq!(app.panes.ecs.select_service.as_deref(), Some("web"), "waits for the page with it");
    loaded(&mut app, Slot::Ecs(EcsSlot::Services), id, page(&["web", "worker"]), true);
    let Some(EcsView::Services(view)) = app.panes.ecs.top() else { panic!("the services") };
    assert_eq!(view.table.selected().map(|r| r.name.as_str()), Some("web"));
    assert!(app.panes.ecs.select_service.is_none());

    // Esc reaches the cluster list, which loads then.
    let commands = app.update(key(KeyCode::Esc));
    assert!(commands.contains(&Command::Cancel(Slot::Ecs(EcsSlot::Services))), "{commands:?}");
    assert!(app.panes.ecs.top().is_none());
    only_load(&commands, Slot::Ecs(EcsSlot::Clusters), &LoadRequest::Ecs(EcsRequest::Clusters));
}

#[test]
fn an_ecs_service_that_is_not_there_is_said_when_the_listing_ends() {
    let mut app = connected();
    let commands = app.open_target(Target::Ecs { cluster: Some("prod".into()), service: Some("gone".into()) });
    let request = LoadRequest::Ecs(EcsRequest::Services { cluster: "prod".into() });
    let id = only_load(&commands, Slot::Ecs(EcsSlot::Services), &request);
    let listed = Payload::Ecs(EcsPayload::Services(TableUpdate::Listed(ecs_arns(&["web"]))));
    loaded(&mut app, Slot::Ecs(EcsSlot::Services), id, listed, true);
    loaded(&mut app, Slot::Ecs(EcsSlot::Services), id, Payload::Ecs(EcsPayload::Services(TableUpdate::Done)), false);
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("gone") && status.contains("prod"), "{status}");

    let commands = app.open_target(Target::Ecs { cluster: None, service: None });
    assert!(app.panes.ecs.top().is_none());
    only_load(&commands, Slot::Ecs(EcsSlot::Clusters), &LoadRequest::Ecs(EcsRequest::Clusters));
}

#[test]
fn a_target_given_before_the_connection_is_the_first_load_and_the_default_pane_loads_nothing() {
    let mut app = App::new(context("dev"), false, (100, 30));
    let commands = app.start();
    assert!(loads(&commands).is_empty());
    let commands = app.open_target(Target::Ssm(Some("/app/prod".into())));
    assert!(commands.is_empty(), "nothing to load before the connection: {commands:?}");
    assert_eq!(app.pane, Pane::Ssm, "the target's pane shows while connecting");
    assert!(app.nav.pending_target.is_some());

    let commands = app.update(Action::Connected { generation: 1, environment: environment(&context("dev")) });
    assert!(app.nav.pending_target.is_none());
    let all = loads(&commands);
    assert_eq!(all[0], (Slot::Ssm(SsmSlot::Tree), 1, LoadRequest::Ssm(SsmRequest::List { path: None })), "{all:?}");
    assert!(all.iter().all(|(slot, _, _)| matches!(slot, Slot::Ssm(_) | Slot::Identity)), "{all:?}");
    assert_eq!(app.panes.ssm.tree.folder, "/app/prod");
    assert_eq!(app.panes.s3.buckets.state, LoadState::Idle, "no wasted load of the default pane");
}

#[test]
fn a_target_opened_during_a_switch_opens_in_the_new_context() {
    let mut app = connected();
    let commands = app.switch_context(context("prod"));
    assert!(matches!(commands[..], [Command::Connect { generation: 2, .. }]));
    assert!(app.open_target(Target::Vpc(Some("vpc-9".into()))).is_empty(), "waits for the switch");
    assert_eq!(app.pane, Pane::S3, "the old context's pane stays until the new one is up");
    let commands = app.update(Action::Connected { generation: 2, environment: environment(&context("prod")) });
    assert_eq!(app.pane, Pane::Network);
    let all = loads(&commands);
    assert_eq!(
        all[0],
        (Slot::Network(NetworkSlot::Subnets), 2, net(NetworkRequest::Subnets { vpc_id: "vpc-9".into() })),
        "{all:?}"
    );
    assert!(!all.iter().any(|(slot, _, _)| matches!(slot, Slot::S3(_))), "no load of the pane left: {all:?}");
}

#[test]
fn a_target_asked_for_during_a_switch_that_fails_is_dropped() {
    let mut app = connected();
    app.switch_context(context("broken"));
    app.open_target(Target::Ssm(None));
    let error = Failure { kind: ErrorKind::AccessDenied, message: "denied".into() };
    app.update(Action::ConnectFailed { generation: 2, error });
    assert!(app.nav.pending_target.is_none());
    assert_eq!(app.pane, Pane::S3);
    let commands = app.switch_context(context("prod"));
    assert!(matches!(commands[..], [Command::Connect { generation: 3, .. }]));
    let commands = app.update(Action::Connected { generation: 3, environment: environment(&context("prod")) });
    assert!(loads(&commands).iter().any(|(slot, _, _)| *slot == Slot::S3(S3Slot::Buckets)), "{commands:?}");
}

#[test]
fn results_of_a_target_opened_before_a_switch_are_dropped() {
    let mut app = connected();
    let commands = app.open_target(s3("old-account-bucket", "secret/"));
    let old = only_load(&commands, Slot::S3(S3Slot::Objects), &objects("old-account-bucket", "secret/"));
    app.switch_context(context("prod"));
    let commands = app.update(Action::Connected { generation: 2, environment: environment(&context("prod")) });
    assert!(commands.contains(&Command::CancelAll));
    assert!(app.panes.s3.top().is_none(), "the old account's views are gone");

    // The old generation's page arrives late: dropped.
    let page = Payload::S3(S3Payload::Objects(vec![object("secret/payroll.csv")]));
    let commands = app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Objects),
        id: old,
        generation: 1,
        payload: page,
        more: false,
    });
    assert!(commands.is_empty());
    assert!(app.panes.s3.top().is_none());

    // A new open in the new context loads under the new generation only.
    let commands = app.open_target(s3("new-bucket", ""));
    assert!(loads(&commands).iter().all(|(_, generation, _)| *generation == 2), "{commands:?}");
    let page = Payload::S3(S3Payload::Objects(vec![object("secret/payroll.csv")]));
    app.update(Action::Loaded { slot: Slot::S3(S3Slot::Objects), id: old, generation: 2, payload: page, more: false });
    let Some(S3View::Objects(view)) = app.panes.s3.top() else { panic!("the new bucket") };
    assert!(view.listing.items.is_empty(), "a stale id is not accepted either");
}

mod command_line {
    use awscope::app::goto::Target;
    use awscope::cli::Args;
    use clap::Parser;

    fn target(args: &[&str]) -> Result<Option<Target>, String> {
        let mut argv = vec!["awscope"];
        argv.extend_from_slice(args);
        Args::try_parse_from(argv).map(|a| a.target()).map_err(|e| e.to_string())
    }

    #[test]
    fn deep_links_parse_into_targets() {
        assert_eq!(target(&[]), Ok(None));
        assert_eq!(
            target(&["s3://logs/2024/"]),
            Ok(Some(Target::S3 { bucket: Some("logs".into()), prefix: "2024/".into() }))
        );
        assert_eq!(target(&["s3://"]), Ok(Some(Target::S3 { bucket: None, prefix: String::new() })));
        assert_eq!(target(&["--ssm", "app/prod"]), Ok(Some(Target::Ssm(Some("/app/prod".into())))));
        assert_eq!(target(&["--vpc", "vpc-1"]), Ok(Some(Target::Vpc(Some("vpc-1".into())))));
        assert_eq!(target(&["--subnet", "subnet-1"]), Ok(Some(Target::Subnet(Some("subnet-1".into())))));
        assert_eq!(target(&["--eni", "10.0.1.5"]), Ok(Some(Target::Eni(Some("10.0.1.5".into())))));
        assert_eq!(
            target(&["--ecs", "prod/web", "--profile", "dev"]),
            Ok(Some(Target::Ecs { cluster: Some("prod".into()), service: Some("web".into()) }))
        );
    }

    #[test]
    fn bad_deep_links_are_clear_errors() {
        let error = target(&["s3:/x"]).expect_err("not an S3 URI");
        assert!(error.contains("s3://BUCKET/PREFIX"), "{error}");
        let error = target(&["--vpc", " "]).expect_err("empty");
        assert!(error.contains("--vpc"), "{error}");
        let error = target(&["--ecs", "/web"]).expect_err("no cluster");
        assert!(error.contains("CLUSTER/SERVICE"), "{error}");
        let error = target(&["--vpc", "vpc-1", "--ssm", "/a"]).expect_err("one place at a time");
        assert!(error.contains("cannot be used with"), "{error}");
    }
}

mod screens {
    use awscope::testbed::harness::screen;

    use super::*;

    #[test]
    fn every_subnet_shows_each_subnets_vpc() {
        for size in [(100, 30), (160, 40)] {
            let mut app = connected_at(size);
            let commands = app.open_target(Target::Subnet(None));
            let (id, _) = only_load_of(&commands, Slot::Network(NetworkSlot::Subnets));
            let page = vec![subnet(1, "vpc-0a1b2c3d4e5f60718"), subnet(2, "vpc-0b2c3d4e5f6071829")];
            let payload = Payload::Network(NetworkPayload::Subnets(page));
            loaded(&mut app, Slot::Network(NetworkSlot::Subnets), id, payload, false);
            insta::assert_snapshot!(format!("all_subnets_{}x{}", size.0, size.1), screen(&app));
        }
    }

    #[test]
    fn an_interface_id_that_does_not_exist_says_so() {
        let mut app = connected_at((100, 30));
        let commands = app.open_target(Target::Eni(Some("eni-0123456789abcdef0".into())));
        let (id, _) = only_load_of(&commands, Slot::Network(NetworkSlot::Find));
        loaded(&mut app, Slot::Network(NetworkSlot::Find), id, Payload::Network(NetworkPayload::Found(vec![])), false);
        insta::assert_snapshot!("no_such_interface_100x30", screen(&app));
    }
}
