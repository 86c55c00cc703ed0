//! A fixed ECS world, for the ECS reducer and snapshot tests: the harness's
//! app on the ECS pane with its loads answered from the fixed data the way the
//! loader answers them (ARNs first, then describe batches, then the end).

#![allow(dead_code)]

use std::collections::BTreeMap;

use awscope::app::ecs::{EcsPayload, EcsRequest, TableUpdate};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{App, Failure, LoadRequest, Payload};
use awscope::aws::ecs::{
    Cluster, Container, DESCRIBE_CLUSTERS_BATCH, DESCRIBE_SERVICES_BATCH, DESCRIBE_TASKS_BATCH, Deployment,
    DeploymentState, DescribeFailure, Described, EcsError, LoadBalancer, LogConfig, NetworkConfig, Service,
    ServiceEvent, Task, TaskNetwork, TaskScope,
};
use awscope::testbed::harness::{self, Harness, Reply};
use crossterm::event::KeyCode;
use time::OffsetDateTime;
use time::macros::datetime;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";

fn at(minutes: i64) -> Option<OffsetDateTime> {
    Some(datetime!(2024-06-01 12:00 UTC) + time::Duration::minutes(minutes))
}

pub fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}")
}

pub fn service_arn(cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}")
}

pub fn task_arn(cluster: &str, id: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task/{cluster}/{id}")
}

fn task_definition(family: &str, revision: u32) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/{family}:{revision}")
}

fn cluster(name: &str, services: i32, running: i32, pending: i32, instances: i32, providers: &[&str]) -> Cluster {
    Cluster {
        arn: cluster_arn(name),
        name: name.into(),
        status: "ACTIVE".into(),
        active_services: services,
        running_tasks: running,
        pending_tasks: pending,
        container_instances: instances,
        capacity_providers: providers.iter().map(|p| (*p).to_owned()).collect(),
    }
}

fn deployment(id: &str, status: &str, revision: (&str, u32), rollout: DeploymentState, counts: [i32; 4]) -> Deployment {
    let reason = match rollout {
        DeploymentState::InProgress => Some(format!("ECS deployment {id} in progress.")),
        DeploymentState::Completed => Some(format!("ECS deployment {id} completed.")),
        DeploymentState::Failed => Some("ECS deployment circuit breaker: tasks failed to start.".to_owned()),
        DeploymentState::Other(_) => None,
    };
    Deployment {
        id: id.into(),
        status: status.into(),
        task_definition: task_definition(revision.0, revision.1),
        rollout: Some(rollout),
        rollout_reason: reason,
        desired: counts[0],
        running: counts[1],
        pending: counts[2],
        failed: counts[3],
        created: at(-90),
        updated: at(-5),
    }
}

/// A plain, settled service.
pub fn service(cluster: &str, name: &str, counts: [i32; 3], revision: u32) -> Service {
    Service {
        arn: service_arn(cluster, name),
        name: name.into(),
        cluster_arn: cluster_arn(cluster),
        status: "ACTIVE".into(),
        desired: counts[0],
        running: counts[1],
        pending: counts[2],
        launch_type: Some("FARGATE".into()),
        capacity_providers: Vec::new(),
        task_definition: task_definition(name, revision),
        deployments: vec![deployment(
            &format!("ecs-svc/{:016}", u64::from(revision) * 7_919),
            "PRIMARY",
            (name, revision),
            DeploymentState::Completed,
            [counts[0], counts[1], counts[2], 0],
        )],
        load_balancers: Vec::new(),
        network: Some(NetworkConfig {
            subnets: vec!["subnet-0a1b2c3d4e5f60001".into()],
            security_groups: vec!["sg-0123456789abcdef0".into()],
            public_ip: Some(false),
        }),
        events: vec![ServiceEvent {
            id: format!("{name}-steady"),
            created: at(-1),
            message: format!("(service {name}) has reached a steady state."),
        }],
        created: at(-60 * 24 * 30),
    }
}

/// `web`: rolling out a new revision with failed tasks, behind a load
/// balancer, with a rich event log.
pub fn web() -> Service {
    let mut web = service("demo-cluster", "web", [3, 2, 1], 7);
    web.deployments = vec![
        deployment("ecs-svc/7a1c0d9e2b3f4a56", "PRIMARY", ("web", 7), DeploymentState::InProgress, [3, 2, 1, 2]),
        deployment("ecs-svc/5e0b7c6d5a4f3e21", "ACTIVE", ("web", 6), DeploymentState::Completed, [0, 1, 0, 0]),
    ];
    web.load_balancers = vec![LoadBalancer {
        target_group_arn: Some(format!(
            "arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/web-tg/73e2d6bc24d8a067"
        )),
        load_balancer_name: None,
        container_name: Some("web".into()),
        container_port: Some(80),
    }];
    web.network = Some(NetworkConfig {
        subnets: vec!["subnet-0a1b2c3d4e5f60001".into(), "subnet-0a1b2c3d4e5f60002".into()],
        security_groups: vec!["sg-0123456789abcdef0".into()],
        public_ip: Some(false),
    });
    let events = [
        (-2, "(service web) has started 1 tasks: (task 3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e)."),
        (-4, "(service web) (task 9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49) failed container health checks."),
        (-6, "(service web) has stopped 1 running tasks: (task 9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49)."),
        (
            -9,
            "(service web) registered 1 targets in (target-group arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067)",
        ),
        (
            -12,
            "(service web) has started 2 tasks: (task 1a2b3c4d5e6f708192a3b4c5d6e7f809) (task 0f1e2d3c4b5a69788796a5b4c3d2e1f0).",
        ),
        (-95, "(service web) has reached a steady state."),
    ];
    web.events = events
        .iter()
        .enumerate()
        .map(|(i, (minutes, message))| ServiceEvent {
            id: format!("ev-{i}"),
            created: at(*minutes),
            message: (*message).into(),
        })
        .collect();
    web
}

/// The twelve services of `demo-cluster`, in ListServices order.
pub fn demo_services() -> Vec<Service> {
    let c = "demo-cluster";
    let mut api = service(c, "api", [2, 2, 0], 12);
    api.launch_type = None;
    api.capacity_providers = vec!["FARGATE_SPOT".into(), "FARGATE".into()];
    let mut worker = service(c, "worker", [1, 0, 0], 3);
    worker.deployments =
        vec![deployment("ecs-svc/4d3c2b1a09f8e7d6", "PRIMARY", ("worker", 3), DeploymentState::Failed, [1, 0, 0, 5])];
    let mut scheduler = service(c, "scheduler", [0, 0, 0], 1);
    scheduler.status = "DRAINING".into();
    scheduler.launch_type = Some("EC2".into());
    let mut rest: Vec<Service> = ["auth", "billing", "cart", "catalog", "checkout", "emails", "search", "thumbnails"]
        .iter()
        .enumerate()
        .map(|(i, name)| service(c, name, [2, 2, 0], u32::try_from(i).expect("small") + 2))
        .collect();
    let mut all = vec![web(), api, worker, scheduler];
    all.append(&mut rest);
    all
}

fn container(name: &str, status: &str, exit: Option<i32>, reason: Option<&str>, health: Option<&str>) -> Container {
    Container {
        name: name.into(),
        image: Some(format!("123456789012.dkr.ecr.us-east-1.amazonaws.com/{name}:2024-06-01")),
        last_status: status.into(),
        exit_code: exit,
        reason: reason.map(str::to_owned),
        health: health.map(str::to_owned),
        // Every task of this world was started with ECS Exec: the agent follows the container.
        exec_agent: Some(status.to_owned()),
    }
}

/// A task of `service` (or standalone, with `service` None).
pub fn task(cluster: &str, id: &str, service: Option<&str>, status: (&str, &str), health: Option<&str>) -> Task {
    let family = service.unwrap_or("batch-job");
    Task {
        arn: task_arn(cluster, id),
        id: id.into(),
        cluster_arn: cluster_arn(cluster),
        task_definition: task_definition(family, 7),
        last_status: status.0.into(),
        desired_status: status.1.into(),
        health: health.map(str::to_owned),
        created: at(-30),
        started: if status.0 == "PENDING" { None } else { at(-29) },
        stopped: None,
        stopped_reason: None,
        stop_code: None,
        group: Some(service.map_or_else(|| format!("family:{family}"), |s| format!("service:{s}"))),
        started_by: service.map(|_| "ecs-svc/7a1c0d9e2b3f4a56".to_owned()),
        launch_type: Some("FARGATE".into()),
        capacity_provider: None,
        cpu: Some("256".into()),
        memory: Some("512".into()),
        availability_zone: Some("us-east-1a".into()),
        containers: vec![container(
            family,
            if status.0 == "RUNNING" { "RUNNING" } else { "PENDING" },
            None,
            None,
            health,
        )],
        network: Some(TaskNetwork {
            subnet_id: Some("subnet-0a1b2c3d4e5f60001".into()),
            eni_id: Some("eni-0f9e8d7c6b5a43210".into()),
            private_ip: Some("10.0.1.23".into()),
        }),
        enable_execute_command: true,
    }
}

/// The task that ran out of memory: a stopped container with exit code 137.
pub fn oom_task() -> Task {
    let mut t = task(
        "demo-cluster",
        "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49",
        Some("web"),
        ("STOPPED", "STOPPED"),
        Some("UNHEALTHY"),
    );
    t.stopped = at(-6);
    t.stopped_reason = Some("Essential container in task exited".into());
    t.stop_code = Some("EssentialContainerExited".into());
    t.containers = vec![
        container(
            "web",
            "STOPPED",
            Some(137),
            Some("OutOfMemoryError: Container killed due to memory usage"),
            Some("UNHEALTHY"),
        ),
        container("log-router", "STOPPED", Some(0), None, None),
    ];
    t
}

pub fn demo_tasks() -> Vec<Task> {
    let c = "demo-cluster";
    let mut scaled = task(c, "0f1e2d3c4b5a69788796a5b4c3d2e1f0", Some("web"), ("STOPPED", "STOPPED"), None);
    scaled.stopped = at(-10);
    scaled.stopped_reason = Some("Scaling activity initiated by (deployment ecs-svc/7a1c0d9e2b3f4a56)".into());
    scaled.stop_code = Some("ServiceSchedulerInitiated".into());
    scaled.containers[0] = container("web", "STOPPED", Some(0), None, None);
    vec![
        task(c, "3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e", Some("web"), ("RUNNING", "RUNNING"), Some("HEALTHY")),
        task(c, "1a2b3c4d5e6f708192a3b4c5d6e7f809", Some("web"), ("RUNNING", "RUNNING"), Some("UNHEALTHY")),
        task(c, "7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e", Some("web"), ("PENDING", "RUNNING"), Some("UNKNOWN")),
        task(c, "5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a", Some("api"), ("RUNNING", "RUNNING"), Some("HEALTHY")),
        oom_task(),
        scaled,
        task("demo-batch", "2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f", None, ("RUNNING", "RUNNING"), None),
        task("demo-batch", "8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b", None, ("RUNNING", "RUNNING"), None),
    ]
}

/// The fixed ECS world the driver answers from.
#[derive(Debug, Clone)]
pub struct World {
    pub clusters: Vec<Cluster>,
    pub services: BTreeMap<String, Vec<Service>>,
    pub tasks: Vec<Task>,
    /// Answer ListClusters with this failure.
    pub clusters_fail: Option<Failure>,
    /// Change counter, for new deployment ids.
    pub changes: u32,
}

impl World {
    /// Three clusters; `demo-cluster` has twelve services, `demo-batch`
    /// standalone tasks, `legacy-ec2` one service on EC2.
    #[must_use]
    pub fn demo() -> Self {
        let mut services = BTreeMap::new();
        services.insert("demo-cluster".to_owned(), demo_services());
        services.insert("demo-batch".to_owned(), Vec::new());
        let mut legacy = service("legacy-ec2", "reports", [3, 3, 0], 41);
        legacy.launch_type = Some("EC2".into());
        legacy.network = None;
        services.insert("legacy-ec2".to_owned(), vec![legacy]);
        Self {
            clusters: vec![
                cluster("demo-cluster", 12, 7, 1, 0, &["FARGATE", "FARGATE_SPOT"]),
                cluster("demo-batch", 0, 2, 0, 0, &["FARGATE"]),
                cluster("legacy-ec2", 1, 3, 0, 3, &[]),
            ],
            services,
            tasks: demo_tasks(),
            clusters_fail: None,
            changes: 0,
        }
    }

    fn table<T: Clone>(arns: Vec<String>, items: &[T], batch: usize) -> Vec<TableUpdate<T>> {
        let mut out = Vec::new();
        if !arns.is_empty() {
            out.push(TableUpdate::Listed(arns));
        }
        for chunk in items.chunks(batch) {
            out.push(TableUpdate::Described(Described { items: chunk.to_vec(), failures: Vec::new() }));
        }
        out.push(TableUpdate::Done);
        out
    }

    fn not_found(cluster: &str) -> Failure {
        let e = EcsError::ClusterNotFound { cluster: cluster.into() };
        Failure::new(e.kind(), &e)
    }

    /// How the loader would answer `request`: payloads (the last with `more`
    /// false), or a failure after them.
    pub fn answer(&mut self, request: &EcsRequest) -> (Vec<EcsPayload>, Option<Failure>) {
        match request {
            EcsRequest::Clusters => {
                if let Some(f) = &self.clusters_fail {
                    return (Vec::new(), Some(f.clone()));
                }
                let arns = self.clusters.iter().map(|c| c.arn.clone()).collect();
                let updates = Self::table(arns, &self.clusters, DESCRIBE_CLUSTERS_BATCH);
                (updates.into_iter().map(EcsPayload::Clusters).collect(), None)
            }
            EcsRequest::Services { cluster } => match self.services.get(cluster) {
                Some(services) => {
                    let arns = services.iter().map(|s| s.arn.clone()).collect();
                    let updates = Self::table(arns, services, DESCRIBE_SERVICES_BATCH);
                    (updates.into_iter().map(EcsPayload::Services).collect(), None)
                }
                None => (Vec::new(), Some(Self::not_found(cluster))),
            },
            EcsRequest::Tasks(scope) => {
                let tasks: Vec<Task> = self.tasks.iter().filter(|t| in_scope(t, scope)).cloned().collect();
                let arns = tasks.iter().map(|t| t.arn.clone()).collect();
                let updates = Self::table(arns, &tasks, DESCRIBE_TASKS_BATCH);
                (updates.into_iter().map(EcsPayload::Tasks).collect(), None)
            }
            EcsRequest::Service { cluster, service } => {
                let found = self.services.get(cluster).and_then(|s| s.iter().find(|s| &s.arn == service)).cloned();
                match found {
                    Some(s) => (vec![EcsPayload::Service(s)], None),
                    None => (Vec::new(), Some(Self::not_found(cluster))),
                }
            }
            EcsRequest::Task { task, .. } => match self.tasks.iter().find(|t| &t.arn == task) {
                Some(t) => (vec![EcsPayload::Task(t.clone())], None),
                None => (Vec::new(), Some(Failure::new(awscope::aws::ErrorKind::NotFound, "gone"))),
            },
            EcsRequest::ForceDeployment { cluster, service } => {
                self.changes += 1;
                let id = format!("ecs-svc/{:016}", 1_000_000 + self.changes);
                let Some(s) = self.services.get_mut(cluster).and_then(|s| s.iter_mut().find(|s| &s.name == service))
                else {
                    let e = EcsError::ServiceNotFound { cluster: cluster.clone(), service: service.clone() };
                    return (Vec::new(), Some(Failure::new(e.kind(), &e)));
                };
                for d in &mut s.deployments {
                    d.status = "ACTIVE".into();
                }
                let mut fresh = s.deployments.first().cloned().expect("a deployment");
                fresh.id = id;
                fresh.status = "PRIMARY".into();
                fresh.rollout = Some(DeploymentState::InProgress);
                fresh.running = 0;
                fresh.failed = 0;
                s.deployments.insert(0, fresh);
                (vec![EcsPayload::Deployed(s.clone())], None)
            }
            EcsRequest::LogSources { cluster, service, tasks, .. } => {
                let mut tasks = tasks.clone();
                if let Some(service) = service {
                    let scope = TaskScope { cluster: cluster.clone(), service: Some(service.clone()), stopped: false };
                    tasks.extend(self.tasks.iter().filter(|t| in_scope(t, &scope)).cloned());
                }
                let mut arns: Vec<String> = tasks.iter().map(|t| t.task_definition.clone()).collect();
                arns.dedup();
                let definitions = arns.into_iter().map(|arn| awslogs_definition(&arn)).collect();
                (vec![EcsPayload::LogSources { tasks, definitions }], None)
            }
            EcsRequest::StopTask { task, reason, .. } => {
                let t = self.tasks.iter_mut().find(|t| &t.arn == task).expect("a known task");
                t.desired_status = "STOPPED".into();
                t.stopped_reason = Some(reason.clone());
                t.stop_code = Some("UserInitiated".into());
                (vec![EcsPayload::Stopped(t.clone())], None)
            }
        }
    }
}

/// A task definition whose one container (named after the family) logs to
/// `/ecs/FAMILY` with the stream prefix `ecs`; `batch-job` uses splunk.
pub fn awslogs_definition(arn: &str) -> awscope::aws::ecs::TaskDefinition {
    let name = awscope::aws::ecs::short_task_definition(arn).to_owned();
    let family = name.split(':').next().unwrap_or_default().to_owned();
    let log = if family == "batch-job" {
        LogConfig { driver: "splunk".into(), group: None, prefix: None, region: None }
    } else {
        LogConfig {
            driver: "awslogs".into(),
            group: Some(format!("/ecs/{family}")),
            prefix: Some("ecs".into()),
            region: Some(REGION.into()),
        }
    };
    let containers = vec![awscope::aws::ecs::ContainerDefinition { name: family, log: Some(log) }];
    awscope::aws::ecs::TaskDefinition { arn: arn.to_owned(), name, containers }
}

fn in_scope(t: &Task, scope: &TaskScope) -> bool {
    let desired = if scope.stopped { "STOPPED" } else { "RUNNING" };
    t.cluster_arn == cluster_arn(&scope.cluster)
        && t.desired_status == desired
        && scope.service.as_deref().is_none_or(|s| t.service_name() == Some(s))
}

impl harness::World for World {
    /// ECS requests from the world; other loads wait.
    fn answer(&mut self, request: &LoadRequest) -> Option<Reply> {
        let LoadRequest::Ecs(request) = request else { return None };
        let (payloads, failure) = World::answer(self, request);
        let n = payloads.len();
        let pages = payloads
            .into_iter()
            .enumerate()
            .map(|(i, payload)| (Payload::Ecs(payload), failure.is_some() || i + 1 < n))
            .collect();
        Some(Reply { pages, failure })
    }
}

/// An app on the ECS pane whose loads the [`World`] answers when asked.
pub type Driver = Harness<World>;

/// Connected as the demo profile, identity known, switched to the ECS pane;
/// the cluster load waits, not answered.
#[must_use]
pub fn driver(size: (u16, u16), read_only: bool) -> Driver {
    let mut d = Harness::new(harness::context("demo"), read_only, size).connected();
    // The S3 pane was on screen when the connection came up: it has no buckets.
    d.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    let mut d = d.with_world(World::demo());
    d.key(KeyCode::Char('4'));
    d
}

/// A failure as the loader reports `e`.
#[must_use]
pub fn failure(e: &EcsError) -> Failure {
    Failure::new(e.kind(), e)
}

/// Moving to a row of the table on screen by name.
pub trait Rows {
    /// Moves the selection to the row named `name` in the table on screen.
    fn select(&mut self, name: &str);
}

impl Rows for Driver {
    fn select(&mut self, name: &str) {
        for _ in 0..200 {
            if selected_name(&self.app).as_deref() == Some(name) {
                return;
            }
            self.key(KeyCode::Char('j'));
        }
        panic!("no row named {name}");
    }
}

fn selected_name(app: &App) -> Option<String> {
    use awscope::app::ecs::View;
    let pane = &app.panes.ecs;
    match pane.top() {
        None => pane.clusters.selected().map(|r| r.name.clone()),
        Some(View::Services(v)) => v.table.selected().map(|r| r.name.clone()),
        Some(View::Tasks(v)) => v.table.selected().map(|r| r.name.clone()),
        _ => None,
    }
}

/// A `failures` entry for `arn`.
#[must_use]
pub fn missing(arn: &str) -> DescribeFailure {
    DescribeFailure { arn: arn.into(), reason: "MISSING".into(), detail: None }
}
