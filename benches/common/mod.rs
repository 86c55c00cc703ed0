//! Fixtures shared by the benchmarks: the test harness's app driven to each
//! pane's main table, and synthetic pages of each table's items.
//!
//! Every table is reached the way a user reaches it (keys, then the loads
//! those keys ask for), so the request ids and slots are the app's own.

use std::ops::Range;

use awscope::app::ecs::{EcsPayload, EcsSlot, TableUpdate};
use awscope::app::logs::{LogsPayload, LogsSlot};
use awscope::app::network::{NetworkPayload, NetworkSlot};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::ssm::{SsmPayload, SsmSlot};
use awscope::app::{App, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::context::{AwsEnvironment, RegionSource};
use awscope::aws::ec2::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, ResourceState, SecurityGroupRef, Subnet,
    Tag, Vpc,
};
use awscope::aws::ecs::{Cluster, Container, Deployment, DeploymentState, Described, Service, Task};
use awscope::aws::logs::{LogEvent, LogGroup};
use awscope::aws::s3::{Bucket, Entry, ObjectEntry, StorageClass};
use awscope::aws::ssm::{Parameter, ParameterTier, ParameterType};
use awscope::testbed::harness::{self, Harness};
use crossterm::event::KeyCode;

/// The terminal size every table is drawn at.
pub const SIZE: (u16, u16) = (160, 40);
/// Items per page delivered to the app (the most any of the listings returns).
pub const PAGE: usize = 1_000;

const ACCOUNT: &str = "123456789012";
const VPC_ID: &str = "vpc-0a1b2c3d4e5f60718";
const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/bench";

/// One main table of a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// S3: the bucket list.
    S3Buckets,
    /// S3: the entries of a prefix.
    S3Objects,
    /// Network: the VPC list.
    Vpcs,
    /// Network: the subnets of a VPC.
    Subnets,
    /// Network: every interface of a VPC.
    Interfaces,
    /// SSM: the parameter tree (all parameters in one folder).
    Parameters,
    /// ECS: the services of a cluster.
    Services,
    /// ECS: the tasks of a cluster.
    Tasks,
    /// Logs: the log groups.
    LogGroups,
    /// Logs: the events view of one group.
    LogEvents,
}

impl Table {
    /// Every table, in pane order.
    pub const ALL: [Self; 10] = [
        Self::S3Buckets,
        Self::S3Objects,
        Self::Vpcs,
        Self::Subnets,
        Self::Interfaces,
        Self::Parameters,
        Self::Services,
        Self::Tasks,
        Self::LogGroups,
        Self::LogEvents,
    ];

    /// A short name for benchmark ids and printed tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::S3Buckets => "s3_buckets",
            Self::S3Objects => "s3_objects",
            Self::Vpcs => "network_vpcs",
            Self::Subnets => "network_subnets",
            Self::Interfaces => "network_interfaces",
            Self::Parameters => "ssm_parameters",
            Self::Services => "ecs_services",
            Self::Tasks => "ecs_tasks",
            Self::LogGroups => "log_groups",
            Self::LogEvents => "log_events",
        }
    }

    /// Text every item's row shows, to check a drawn frame holds the rows.
    pub fn marker(self) -> &'static str {
        match self {
            Self::S3Buckets => "bench-bucket-",
            Self::S3Objects => "part-",
            Self::Vpcs => "bench-0",
            Self::Subnets => "bench-subnet-",
            Self::Interfaces => "eni-0",
            Self::Parameters => "param-",
            Self::Services => "service-",
            Self::Tasks => "00000000",
            Self::LogGroups => "/bench/group-",
            Self::LogEvents => "GET /orders/",
        }
    }

    /// An app showing this table, its listing started and nothing delivered yet.
    pub fn waiting(self) -> Waiting {
        let mut h = connected();
        let (slot, id) = match self {
            Self::S3Buckets => {
                let slot = Slot::S3(S3Slot::Buckets);
                (slot, h.take(slot).0)
            }
            Self::S3Objects => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket(0)])]);
                h.key(KeyCode::Enter);
                let slot = Slot::S3(S3Slot::Objects);
                (slot, h.take(slot).0)
            }
            Self::Vpcs => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
                h.key(KeyCode::Char('2'));
                let slot = Slot::Network(NetworkSlot::Vpcs);
                (slot, h.take(slot).0)
            }
            Self::Subnets | Self::Interfaces => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
                h.key(KeyCode::Char('2'));
                h.answer_with(NetworkSlot::Vpcs, vec![NetworkPayload::Vpcs(vec![vpc(0)])]);
                let (code, slot) = if self == Self::Subnets {
                    (KeyCode::Enter, Slot::Network(NetworkSlot::Subnets))
                } else {
                    (KeyCode::Char('e'), Slot::Network(NetworkSlot::Interfaces))
                };
                h.key(code);
                (slot, h.take(slot).0)
            }
            Self::Parameters => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
                h.key(KeyCode::Char('3'));
                let slot = Slot::Ssm(SsmSlot::Tree);
                (slot, h.take(slot).0)
            }
            Self::Services | Self::Tasks => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
                h.key(KeyCode::Char('4'));
                let described = TableUpdate::Described(Described { items: vec![cluster()], failures: Vec::new() });
                h.answer_with(
                    EcsSlot::Clusters,
                    vec![
                        EcsPayload::Clusters(TableUpdate::Listed(vec![CLUSTER_ARN.to_owned()])),
                        EcsPayload::Clusters(described),
                        EcsPayload::Clusters(TableUpdate::Done),
                    ],
                );
                let (code, slot) = if self == Self::Services {
                    (KeyCode::Enter, Slot::Ecs(EcsSlot::Services))
                } else {
                    (KeyCode::Char('t'), Slot::Ecs(EcsSlot::Tasks))
                };
                h.key(code);
                (slot, h.take(slot).0)
            }
            Self::LogGroups | Self::LogEvents => {
                h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
                h.key(KeyCode::Char('5'));
                let slot = Slot::Logs(LogsSlot::Groups);
                let id = h.take(slot).0;
                if self == Self::LogGroups {
                    (slot, id)
                } else {
                    h.deliver(slot, id, Payload::Logs(LogsPayload::Groups(vec![log_group(0)])), false);
                    h.key(KeyCode::Enter);
                    let slot = Slot::Logs(LogsSlot::Events);
                    (slot, h.take(slot).0)
                }
            }
        };
        Waiting { harness: h, table: self, slot, id, delivered: 0 }
    }

    /// Items `range` as the payloads the loader sends for them: one page, or
    /// for ECS the listed ARNs followed by their descriptions.
    pub fn page(self, range: Range<usize>) -> Vec<Payload> {
        match self {
            Self::S3Buckets => vec![Payload::S3(S3Payload::Buckets(range.map(bucket).collect()))],
            Self::S3Objects => vec![Payload::S3(S3Payload::Objects(range.map(object).collect()))],
            Self::Vpcs => vec![Payload::Network(NetworkPayload::Vpcs(range.map(vpc).collect()))],
            Self::Subnets => vec![Payload::Network(NetworkPayload::Subnets(range.map(subnet).collect()))],
            Self::Interfaces => vec![Payload::Network(NetworkPayload::Interfaces(range.map(interface).collect()))],
            Self::Parameters => vec![Payload::Ssm(SsmPayload::Parameters(range.map(parameter).collect()))],
            Self::Services => {
                let items: Vec<Service> = range.map(service).collect();
                let arns = items.iter().map(|s| s.arn.clone()).collect();
                vec![
                    Payload::Ecs(EcsPayload::Services(TableUpdate::Listed(arns))),
                    Payload::Ecs(EcsPayload::Services(TableUpdate::Described(Described {
                        items,
                        failures: Vec::new(),
                    }))),
                ]
            }
            Self::Tasks => {
                let items: Vec<Task> = range.map(task).collect();
                let arns = items.iter().map(|t| t.arn.clone()).collect();
                vec![
                    Payload::Ecs(EcsPayload::Tasks(TableUpdate::Listed(arns))),
                    Payload::Ecs(EcsPayload::Tasks(TableUpdate::Described(Described { items, failures: Vec::new() }))),
                ]
            }
            Self::LogGroups => vec![Payload::Logs(LogsPayload::Groups(range.map(log_group).collect()))],
            Self::LogEvents => {
                vec![Payload::Logs(LogsPayload::Events { events: range.map(log_event).collect(), from: None })]
            }
        }
    }

    /// An app showing this table with `n` items, the listing finished and the
    /// selection in the middle.
    pub fn loaded(self, n: usize) -> App {
        let mut waiting = self.waiting();
        waiting.fill(n, true);
        waiting.select_middle();
        waiting.harness.app
    }
}

/// A fresh app at [`SIZE`], connected to us-east-1 (no AWS involved); the
/// bucket list's load waits, the caller identity's too.
pub fn connected() -> Harness {
    let context = AwsContext::default();
    let mut h = Harness::new(context.clone(), false, SIZE);
    h.connect(AwsEnvironment { region_source: RegionSource::Explicit, ..harness::environment(&context) });
    h
}

/// An app showing a table whose listing is under way.
#[derive(Clone)]
pub struct Waiting {
    /// The app.
    pub harness: Harness,
    /// The table.
    pub table: Table,
    /// The listing's slot.
    pub slot: Slot,
    /// The listing's request id.
    pub id: RequestId,
    /// Items delivered so far.
    pub delivered: usize,
}

impl Waiting {
    /// Delivers items `range` as one page; `more`: more pages will follow.
    pub fn apply(&mut self, range: Range<usize>, more: bool) {
        let len = range.len();
        let page = self.table.page(range);
        self.apply_page(page, len, more);
    }

    /// Delivers `page` (built by [`Table::page`] for `len` items).
    pub fn apply_page(&mut self, page: Vec<Payload>, len: usize, more: bool) {
        let ecs = matches!(self.table, Table::Services | Table::Tasks);
        self.delivered += len;
        for payload in page {
            self.harness.deliver(self.slot, self.id, payload, more || ecs);
        }
        if ecs && !more {
            let done = match self.table {
                Table::Services => EcsPayload::Services(TableUpdate::Done),
                _ => EcsPayload::Tasks(TableUpdate::Done),
            };
            self.harness.deliver(self.slot, self.id, Payload::Ecs(done), false);
        }
    }

    /// Delivers the next `n` items in pages of [`PAGE`]; `finished`: the last
    /// page ends the listing.
    pub fn fill(&mut self, n: usize, finished: bool) {
        let start = self.delivered;
        let end = start + n;
        let mut at = start;
        while at < end {
            let to = (at + PAGE).min(end);
            self.apply(at..to, !(finished && to == end));
            at = to;
        }
    }

    /// Moves the selection to the middle of what was delivered, a page at a time.
    pub fn select_middle(&mut self) {
        let rows = self.harness.app.list_rows().max(1);
        for _ in 0..self.delivered / 2 / rows {
            self.harness.key(KeyCode::PageDown);
        }
    }
}

/// Whether this run is `cargo bench` (`--bench` passed), not `cargo test`'s short pass.
pub fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The 50th and 99th percentiles of `times` (sorted in place).
pub fn p50_p99(times: &mut [std::time::Duration]) -> (std::time::Duration, std::time::Duration) {
    times.sort();
    let n = times.len();
    (times[n / 2], times[(n * 99 / 100).min(n - 1)])
}

/// Bucket `i`.
pub fn bucket(i: usize) -> Bucket {
    Bucket { name: format!("bench-bucket-{i:06}"), created: None, region: Some("us-east-1".into()) }
}

/// Object `i` of a prefix.
pub fn object(i: usize) -> Entry {
    Entry::Object(ObjectEntry {
        key: format!("logs/2024/06/part-{i:07}.json.gz"),
        size: 1_000 + i as u64,
        last_modified: None,
        storage_class: StorageClass::Standard,
    })
}

/// VPC `i` (VPC 0 is the one whose subnets and interfaces are listed).
pub fn vpc(i: usize) -> Vpc {
    let vpc_id = if i == 0 { VPC_ID.to_owned() } else { format!("vpc-{i:017x}") };
    Vpc {
        arn: format!("arn:aws:ec2:us-east-1:{ACCOUNT}:vpc/{vpc_id}"),
        vpc_id,
        name: Some(format!("bench-{i:06}")),
        cidr_blocks: vec![format!("10.{}.0.0/16", i % 256)],
        ipv6_cidr_blocks: Vec::new(),
        state: ResourceState::Available,
        is_default: false,
        tenancy: "default".into(),
        owner_id: ACCOUNT.into(),
        tags: Vec::new(),
    }
}

/// Subnet `i` of VPC 0.
pub fn subnet(i: usize) -> Subnet {
    let subnet_id = format!("subnet-{i:017x}");
    Subnet {
        arn: format!("arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{subnet_id}"),
        subnet_id,
        vpc_id: VPC_ID.into(),
        name: Some(format!("bench-subnet-{i:06}")),
        availability_zone: format!("us-east-1{}", ['a', 'b', 'c'][i % 3]),
        cidr_block: format!("10.{}.{}.0/28", i / 256 % 256, i % 256),
        available_ips: Some(11),
        default_for_az: false,
        map_public_ip: i.is_multiple_of(2),
        state: ResourceState::Available,
        tags: Vec::new(),
    }
}

/// Network interface `i` of VPC 0.
pub fn interface(i: usize) -> NetworkInterface {
    let attached = i.is_multiple_of(4);
    NetworkInterface {
        eni_id: format!("eni-{i:017x}"),
        vpc_id: VPC_ID.into(),
        subnet_id: format!("subnet-{:017x}", i % 6),
        eni_type: match i % 5 {
            0 => InterfaceType::Lambda,
            1 => InterfaceType::VpcEndpoint,
            _ => InterfaceType::Interface,
        },
        status: if attached { InterfaceStatus::InUse } else { InterfaceStatus::Available },
        availability_zone: Some("us-east-1a".into()),
        description: format!("worker interface #{i:05} for the batch fleet"),
        private_ips: vec![PrivateIp {
            address: format!("10.0.{}.{}", i / 250 % 256, i % 250 + 4),
            primary: true,
            dns_name: None,
            public_ip: None,
        }],
        ipv6_addresses: Vec::new(),
        public_ip: None,
        attachment: attached.then(|| Attachment {
            attachment_id: Some(format!("eni-attach-{i:017x}")),
            instance_id: Some(format!("i-{i:017x}")),
            instance_owner_id: Some(ACCOUNT.into()),
            device_index: Some(0),
            delete_on_termination: true,
            status: Some("attached".into()),
        }),
        requester_id: None,
        requester_managed: false,
        security_groups: vec![SecurityGroupRef {
            group_id: "sg-0123456789abcdef0".into(),
            group_name: Some("batch-fleet".into()),
        }],
        source_dest_check: true,
        mac_address: Some("0e:00:00:00:00:01".into()),
        owner_id: Some(ACCOUNT.into()),
        arn: format!("arn:aws:ec2:us-east-1:{ACCOUNT}:network-interface/eni-{i:017x}"),
        tags: vec![Tag { key: "Name".into(), value: format!("batch-{i}") }],
    }
}

/// Parameter `i`, all at the root of the tree.
pub fn parameter(i: usize) -> Parameter {
    let kind = match i % 3 {
        0 => ParameterType::String,
        1 => ParameterType::StringList,
        _ => ParameterType::SecureString,
    };
    Parameter {
        name: format!("/param-{i:06}"),
        key_id: kind.is_secure().then(|| "alias/aws/ssm".to_owned()),
        kind,
        tier: Some(ParameterTier::Standard),
        version: i64::try_from(i % 7).unwrap_or(0) + 1,
        last_modified: None,
        last_modified_by: Some(format!("arn:aws:iam::{ACCOUNT}:user/bench")),
        data_type: Some("text".into()),
        description: None,
        allowed_pattern: None,
        policies: Vec::new(),
        arn: None,
    }
}

/// The cluster whose services and tasks are listed.
pub fn cluster() -> Cluster {
    Cluster {
        arn: CLUSTER_ARN.into(),
        name: "bench".into(),
        status: "ACTIVE".into(),
        active_services: 0,
        running_tasks: 0,
        pending_tasks: 0,
        container_instances: 0,
        capacity_providers: vec!["FARGATE".into()],
    }
}

/// Service `i` of the cluster.
pub fn service(i: usize) -> Service {
    Service {
        arn: format!("arn:aws:ecs:us-east-1:{ACCOUNT}:service/bench/service-{i:06}"),
        name: format!("service-{i:06}"),
        cluster_arn: CLUSTER_ARN.into(),
        status: "ACTIVE".into(),
        desired: 2,
        running: 2,
        pending: 0,
        launch_type: Some("FARGATE".into()),
        capacity_providers: Vec::new(),
        task_definition: format!("arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/service-{i:06}:3"),
        deployments: vec![Deployment {
            id: format!("ecs-svc/{i:016}"),
            status: "PRIMARY".into(),
            task_definition: String::new(),
            rollout: Some(if i.is_multiple_of(7) { DeploymentState::InProgress } else { DeploymentState::Completed }),
            rollout_reason: None,
            desired: 2,
            running: 2,
            pending: 0,
            failed: 0,
            created: None,
            updated: None,
        }],
        load_balancers: Vec::new(),
        network: None,
        events: Vec::new(),
        created: None,
    }
}

/// Task `i` of the cluster.
pub fn task(i: usize) -> Task {
    let id = format!("{i:032x}");
    Task {
        arn: format!("arn:aws:ecs:us-east-1:{ACCOUNT}:task/bench/{id}"),
        id,
        cluster_arn: CLUSTER_ARN.into(),
        task_definition: format!("arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/worker:{}", i % 9 + 1),
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        health: Some("HEALTHY".into()),
        created: None,
        started: None,
        stopped: None,
        stopped_reason: None,
        stop_code: None,
        group: Some(format!("service:service-{:06}", i % 50)),
        started_by: None,
        launch_type: Some("FARGATE".into()),
        capacity_provider: None,
        cpu: Some("256".into()),
        memory: Some("512".into()),
        availability_zone: Some("us-east-1a".into()),
        containers: vec![Container {
            name: "app".into(),
            image: Some("public.ecr.aws/nginx/nginx:1.27".into()),
            last_status: "RUNNING".into(),
            exit_code: None,
            reason: None,
            health: None,
            exec_agent: Some("RUNNING".into()),
        }],
        network: None,
        enable_execute_command: true,
    }
}

/// Log group `i`.
pub fn log_group(i: usize) -> LogGroup {
    LogGroup {
        name: format!("/bench/group-{i:06}"),
        arn: None,
        stored_bytes: Some(1_000 + i64::try_from(i).unwrap_or(0)),
        retention_days: Some(30),
        class: Some("STANDARD".into()),
        created: None,
    }
}

/// Event `i` of a group: four streams in turn, a millisecond apart.
pub fn log_event(i: usize) -> LogEvent {
    LogEvent {
        timestamp: 1_796_306_520_000 + i64::try_from(i).unwrap_or(0),
        ingested: None,
        stream: format!("ecs/app/{:032x}", i % 4),
        message: format!(
            "10.0.{}.{} - - \"GET /orders/{i} HTTP/1.1\" 200 {} rt=0.0{}",
            i % 4,
            i % 250,
            500 + i % 900,
            i % 10
        ),
        id: format!("{i:056}"),
    }
}
