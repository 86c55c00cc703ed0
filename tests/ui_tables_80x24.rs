//! Every table at 80×24, the smallest terminal awscope is made for: the
//! columns that do not fit go whole, least important first, so ids and
//! names stay whole and no header is cut mid-word.

use awscope::app::ecs::{EcsPayload, EcsSlot, TableUpdate};
use awscope::app::network::{NetworkPayload, NetworkSlot};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::ssm::{SsmPayload, SsmSlot};
use awscope::aws::ec2::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, PublicIp, ResourceState, SecurityGroupRef,
    Subnet, Tag, Vpc,
};
use awscope::aws::ecs::{Cluster, Container, Deployment, DeploymentState, DescribeFailure, Described, Service, Task};
use awscope::aws::s3::{Bucket, Entry, ObjectEntry, StorageClass};
use awscope::aws::ssm::{Parameter, ParameterTier, ParameterType, ParameterVersion, Sensitive};
use awscope::testbed::harness::Harness;
use crossterm::event::KeyCode;
use time::OffsetDateTime;
use time::macros::datetime;

const SIZE: (u16, u16) = (80, 24);

/// The demo profile at 80×24 with its buckets listed: the S3 pane is on
/// screen first.
fn demo() -> Harness {
    let mut ui = Harness::demo(SIZE);
    ui.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(buckets())]);
    ui
}

fn day(n: i64) -> Option<OffsetDateTime> {
    Some(datetime!(2024-03-05 09:15 UTC) + time::Duration::days(n))
}

// S3

fn buckets() -> Vec<Bucket> {
    let names = ["acme-logs", "acme-assets-production-eu", "acme-backups", "acme-data-lake-raw", "acme-website"];
    names
        .iter()
        .enumerate()
        .map(|(i, name)| Bucket {
            name: (*name).into(),
            created: day(i64::try_from(i).expect("small") * 40),
            region: Some(if i % 2 == 0 { "us-east-1" } else { "eu-west-1" }.into()),
        })
        .collect()
}

fn object(key: &str, size: u64, class: StorageClass) -> Entry {
    Entry::Object(ObjectEntry { key: key.into(), size, last_modified: day(88), storage_class: class })
}

#[test]
fn s3_buckets_80x24() {
    let mut ui = demo();
    ui.ch('j');
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn s3_objects_80x24() {
    let mut ui = demo();
    ui.key(KeyCode::Enter);
    let entries = vec![
        Entry::Folder("2024/".into()),
        Entry::Folder("archive/".into()),
        object("README.md", 2_345, StorageClass::Standard),
        object("big-export-of-every-order-ever-placed.parquet", 3_456_789_012, StorageClass::Glacier),
        object("config.json", 512, StorageClass::IntelligentTiering),
    ];
    ui.answer_with(S3Slot::Objects, vec![S3Payload::Objects(entries)]);
    ui.ch('j');
    insta::assert_snapshot!(ui.draw());
}

// Network

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
        subnet(3, "demo-app-private-a", 'a', "10.0.10.0/24", 231, false),
        subnet(4, "demo-app-private-b", 'b', "10.0.11.0/24", 244, false),
    ]
}

fn interface(id: &str, kind: InterfaceType, ip: &str, description: &str) -> NetworkInterface {
    NetworkInterface {
        eni_id: id.into(),
        vpc_id: "vpc-0a1b2c3d4e5f60718".into(),
        subnet_id: "subnet-03a2b3c4d5e6f7a8b".into(),
        eni_type: kind,
        status: InterfaceStatus::InUse,
        availability_zone: Some("us-east-1a".into()),
        description: description.into(),
        private_ips: vec![PrivateIp { address: ip.into(), primary: true, dns_name: None, public_ip: None }],
        ipv6_addresses: vec![],
        public_ip: None,
        attachment: None,
        requester_id: None,
        requester_managed: false,
        security_groups: vec![SecurityGroupRef {
            group_id: "sg-0123456789abcdef0".into(),
            group_name: Some("demo-app-default".into()),
        }],
        source_dest_check: true,
        mac_address: None,
        owner_id: Some("123456789012".into()),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:network-interface/{id}"),
        tags: vec![],
    }
}

fn nat_interface() -> NetworkInterface {
    let mut n = interface(
        "eni-0f1e2d3c4b5a69788",
        InterfaceType::NatGateway,
        "10.0.10.23",
        "Interface for NAT Gateway nat-0a9b8c7d6e5f43210",
    );
    n.private_ips.push(PrivateIp { address: "10.0.10.57".into(), primary: false, dns_name: None, public_ip: None });
    n.public_ip = Some(PublicIp { address: "54.210.33.7".into(), owner: None, dns_name: None, allocation_id: None });
    n.security_groups = vec![];
    n
}

fn interfaces() -> Vec<NetworkInterface> {
    let mut instance =
        interface("eni-0a11b22c33d44e55f", InterfaceType::Interface, "10.0.10.12", "Primary network interface");
    instance.attachment = Some(Attachment {
        attachment_id: Some("eni-attach-0123456789abcdef0".into()),
        instance_id: Some("i-0a1b2c3d4e5f60718".into()),
        instance_owner_id: Some("123456789012".into()),
        device_index: Some(0),
        delete_on_termination: true,
        status: Some("attached".into()),
    });
    let lambda =
        interface("eni-0c33d44e55f66a77b", InterfaceType::Lambda, "10.0.10.44", "AWS Lambda VPC ENI-demo-resize");
    let mut spare = interface("eni-0f66a77b88c99d00e", InterfaceType::Interface, "10.0.10.77", "spare");
    spare.status = InterfaceStatus::Available;
    vec![instance, nat_interface(), lambda, spare]
}

fn network() -> Harness {
    let mut ui = demo();
    ui.ch('2');
    ui.answer_with(NetworkSlot::Vpcs, vec![NetworkPayload::Vpcs(vpcs())]);
    ui
}

fn network_subnets() -> Harness {
    let mut ui = network();
    ui.key(KeyCode::Enter);
    ui.answer_with(NetworkSlot::Subnets, vec![NetworkPayload::Subnets(subnets())]);
    ui
}

#[test]
fn network_vpcs_80x24() {
    insta::assert_snapshot!(network().draw());
}

#[test]
fn network_subnets_80x24() {
    let mut ui = network_subnets();
    ui.ch('j');
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn network_all_subnets_80x24() {
    let mut ui = network();
    ui.ch(':');
    ui.keys("subnets");
    ui.key(KeyCode::Enter);
    let mut all = subnets();
    all[3].vpc_id = "vpc-0b2c3d4e5f6071829".into();
    ui.answer_with(NetworkSlot::Subnets, vec![NetworkPayload::Subnets(all)]);
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn network_interfaces_80x24() {
    let mut ui = network_subnets();
    ui.keys("jj");
    ui.key(KeyCode::Enter);
    let payload = NetworkPayload::Interfaces(interfaces());
    ui.answer_with(NetworkSlot::Interfaces, vec![payload]);
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn network_found_80x24() {
    let mut ui = network();
    ui.ch('f');
    ui.keys("10.0.10.23");
    ui.key(KeyCode::Enter);
    let mut elsewhere = nat_interface();
    elsewhere.eni_id = "eni-0aa1bb2cc3dd4ee5f".into();
    elsewhere.vpc_id = "vpc-0b2c3d4e5f6071829".into();
    let payload = NetworkPayload::Found(vec![nat_interface(), elsewhere]);
    ui.answer_with(NetworkSlot::Find, vec![payload]);
    insta::assert_snapshot!(ui.draw());
}

// SSM

fn parameter(name: &str, kind: ParameterType, version: i64, by: &str) -> Parameter {
    let secure = kind.is_secure();
    Parameter {
        name: name.into(),
        kind,
        tier: Some(if secure { ParameterTier::Advanced } else { ParameterTier::Standard }),
        version,
        last_modified: day(version * 3),
        last_modified_by: Some(format!("arn:aws:iam::123456789012:user/{by}")),
        data_type: Some("text".into()),
        key_id: secure.then(|| "alias/aws/ssm".into()),
        description: None,
        allowed_pattern: None,
        policies: Vec::new(),
        arn: None,
    }
}

fn ssm() -> Harness {
    let mut ui = demo();
    ui.ch('3');
    let parameters = vec![
        parameter("/app/dev/api/url", ParameterType::String, 1, "alice"),
        parameter("/app/prod/api/url", ParameterType::String, 2, "alice"),
        parameter("/shared/regions", ParameterType::StringList, 1, "bob"),
        parameter("database-password", ParameterType::SecureString, 4, "bob"),
        parameter("legacy-flat-name", ParameterType::String, 1, "alice"),
        parameter("release-channel", ParameterType::String, 12, "deploy-bot"),
    ];
    ui.answer_with(SsmSlot::Tree, vec![SsmPayload::Parameters(parameters)]);
    ui
}

#[test]
fn ssm_tree_80x24() {
    let mut ui = ssm();
    ui.keys("jj");
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn ssm_tree_sorted_by_version_80x24() {
    let mut ui = ssm();
    // NAME, TYPE, TIER, VERSION; largest first.
    ui.keys(">>>>=");
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn ssm_history_80x24() {
    let mut ui = ssm();
    ui.keys("jjjjj");
    ui.ch('h');
    let version = |v: i64, labels: &[&str], by: &str, value: &str| ParameterVersion {
        version: v,
        kind: ParameterType::String,
        tier: Some(ParameterTier::Standard),
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        last_modified: day(v * 3),
        last_modified_by: Some(format!("arn:aws:iam::123456789012:user/{by}")),
        description: None,
        value: Some(Sensitive::new(value)),
        key_id: None,
    };
    let versions = vec![
        version(10, &[], "alice", "beta"),
        version(11, &["rollback"], "deploy-bot", "stable"),
        version(12, &["current", "blessed"], "deploy-bot", "stable-2024-06 with a note that is longer than the column"),
    ];
    ui.answer_with(SsmSlot::History, vec![SsmPayload::History(versions)]);
    insta::assert_snapshot!(ui.draw());
}

// ECS

const ECS_ARN: &str = "arn:aws:ecs:us-east-1:123456789012";

fn task_definition(family: &str, revision: u32) -> String {
    format!("{ECS_ARN}:task-definition/{family}:{revision}")
}

fn cluster(name: &str, counts: [i32; 4], providers: &[&str]) -> Cluster {
    Cluster {
        arn: format!("{ECS_ARN}:cluster/{name}"),
        name: name.into(),
        status: "ACTIVE".into(),
        active_services: counts[0],
        running_tasks: counts[1],
        pending_tasks: counts[2],
        container_instances: counts[3],
        capacity_providers: providers.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn service(name: &str, counts: [i32; 4], rollout: DeploymentState, revision: u32) -> Service {
    Service {
        arn: format!("{ECS_ARN}:service/demo-cluster/{name}"),
        name: name.into(),
        cluster_arn: format!("{ECS_ARN}:cluster/demo-cluster"),
        status: "ACTIVE".into(),
        desired: counts[0],
        running: counts[1],
        pending: counts[2],
        launch_type: Some("FARGATE".into()),
        capacity_providers: Vec::new(),
        task_definition: task_definition(name, revision),
        deployments: vec![Deployment {
            id: format!("ecs-svc/{revision:016}"),
            status: "PRIMARY".into(),
            task_definition: task_definition(name, revision),
            rollout: Some(rollout),
            rollout_reason: None,
            desired: counts[0],
            running: counts[1],
            pending: counts[2],
            failed: counts[3],
            created: day(0),
            updated: day(0),
        }],
        load_balancers: Vec::new(),
        network: None,
        events: Vec::new(),
        created: day(0),
    }
}

fn task(id: &str, status: (&str, &str), health: Option<&str>) -> Task {
    Task {
        arn: format!("{ECS_ARN}:task/demo-cluster/{id}"),
        id: id.into(),
        cluster_arn: format!("{ECS_ARN}:cluster/demo-cluster"),
        task_definition: task_definition("web", 7),
        last_status: status.0.into(),
        desired_status: status.1.into(),
        health: health.map(str::to_owned),
        created: day(88),
        started: day(88),
        stopped: None,
        stopped_reason: None,
        stop_code: None,
        group: Some("service:web".into()),
        started_by: None,
        launch_type: Some("FARGATE".into()),
        capacity_provider: None,
        cpu: None,
        memory: None,
        availability_zone: None,
        containers: vec![Container {
            name: "web".into(),
            image: None,
            last_status: status.0.into(),
            exit_code: None,
            reason: None,
            health: health.map(str::to_owned),
            exec_agent: None,
        }],
        network: None,
        enable_execute_command: false,
    }
}

/// A table's loads as the loader sends them: ARNs, one describe batch, the end.
fn table<T>(arns: Vec<String>, items: Vec<T>, failures: Vec<DescribeFailure>) -> Vec<TableUpdate<T>> {
    vec![TableUpdate::Listed(arns), TableUpdate::Described(Described { items, failures }), TableUpdate::Done]
}

fn ecs_clusters() -> Harness {
    let mut ui = demo();
    ui.ch('4');
    let clusters = vec![
        cluster("demo-cluster", [5, 7, 1, 0], &["FARGATE", "FARGATE_SPOT"]),
        cluster("demo-batch", [0, 2, 0, 0], &["FARGATE"]),
        cluster("legacy-ec2-with-a-long-name", [1, 3, 0, 3], &[]),
    ];
    let arns = clusters.iter().map(|c| c.arn.clone()).collect();
    let updates = table(arns, clusters, Vec::new());
    ui.answer_with(EcsSlot::Clusters, updates.into_iter().map(EcsPayload::Clusters).collect());
    ui
}

fn ecs_services() -> Harness {
    let mut ui = ecs_clusters();
    ui.key(KeyCode::Enter);
    let mut web = service("web", [3, 2, 1, 2], DeploymentState::InProgress, 7);
    web.task_definition = task_definition("web", 8);
    let mut api = service("api", [2, 2, 0, 0], DeploymentState::Completed, 12);
    api.launch_type = None;
    api.capacity_providers = vec!["FARGATE_SPOT".into(), "FARGATE".into()];
    let worker = service("worker", [1, 0, 0, 5], DeploymentState::Failed, 3);
    let mut scheduler = service("scheduler", [0, 0, 0, 0], DeploymentState::Completed, 1);
    scheduler.status = "DRAINING".into();
    scheduler.launch_type = Some("EC2".into());
    let services = vec![web, api, worker, scheduler];
    let mut arns: Vec<String> = services.iter().map(|s| s.arn.clone()).collect();
    let gone = format!("{ECS_ARN}:service/demo-cluster/emails");
    arns.push(gone.clone());
    let failures = vec![DescribeFailure { arn: gone, reason: "MISSING".into(), detail: None }];
    let updates = table(arns, services, failures);
    ui.answer_with(EcsSlot::Services, updates.into_iter().map(EcsPayload::Services).collect());
    ui
}

fn answer_tasks(ui: &mut Harness, tasks: Vec<Task>) {
    let arns = tasks.iter().map(|t| t.arn.clone()).collect();
    let updates = table(arns, tasks, Vec::new());
    ui.answer_with(EcsSlot::Tasks, updates.into_iter().map(EcsPayload::Tasks).collect());
}

#[test]
fn ecs_clusters_80x24() {
    insta::assert_snapshot!(ecs_clusters().draw());
}

#[test]
fn ecs_services_80x24() {
    insta::assert_snapshot!(ecs_services().draw());
}

#[test]
fn ecs_tasks_80x24() {
    let mut ui = ecs_services();
    ui.key(KeyCode::Enter);
    answer_tasks(
        &mut ui,
        vec![
            task("3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e", ("RUNNING", "RUNNING"), Some("HEALTHY")),
            task("1a2b3c4d5e6f708192a3b4c5d6e7f809", ("RUNNING", "RUNNING"), Some("UNHEALTHY")),
            task("7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e", ("PENDING", "RUNNING"), Some("UNKNOWN")),
        ],
    );
    insta::assert_snapshot!(ui.draw());
}

#[test]
fn ecs_stopped_tasks_80x24() {
    let mut ui = ecs_services();
    ui.key(KeyCode::Enter);
    answer_tasks(&mut ui, Vec::new());
    ui.ch('S');
    let mut oom = task("9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49", ("STOPPED", "STOPPED"), Some("UNHEALTHY"));
    oom.stopped = day(89);
    oom.stopped_reason = Some("Essential container in task exited".into());
    oom.containers[0].exit_code = Some(137);
    let mut scaled = task("0f1e2d3c4b5a69788796a5b4c3d2e1f0", ("STOPPED", "STOPPED"), None);
    scaled.stopped = day(89);
    scaled.stopped_reason = Some("Scaling activity initiated by (deployment ecs-svc/7a1c0d9e2b3f4a56)".into());
    scaled.containers[0].exit_code = Some(0);
    answer_tasks(&mut ui, vec![oom, scaled]);
    insta::assert_snapshot!(ui.draw());
}
