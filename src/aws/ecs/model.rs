//! ECS domain types (clusters, services, deployments, tasks, containers) and
//! their conversion from the SDK's shapes. Nothing outside `aws/` sees an SDK
//! type.

use aws_sdk_ecs::types as sdk;
use time::OffsetDateTime;

use crate::aws::time::offset_date_time;

/// The last `/`-separated part of an ECS ARN: the name of a cluster or
/// service, or the id of a task (`…:service/demo-cluster/web` → `web`).
#[must_use]
pub fn name_from_arn(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// `family:revision` from a task definition ARN (or the text unchanged when
/// it is not one).
#[must_use]
pub fn short_task_definition(arn: &str) -> &str {
    arn.split_once(":task-definition/").map_or(arn, |(_, rest)| rest)
}

/// An ECS cluster as DescribeClusters reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// The cluster ARN.
    pub arn: String,
    /// The cluster name.
    pub name: String,
    /// `ACTIVE`, `PROVISIONING`, `DEPROVISIONING`, `FAILED` or `INACTIVE`.
    pub status: String,
    /// Services in the `ACTIVE` state.
    pub active_services: i32,
    /// Tasks in the `RUNNING` state.
    pub running_tasks: i32,
    /// Tasks in the `PENDING` state.
    pub pending_tasks: i32,
    /// EC2 or external instances registered with the cluster.
    pub container_instances: i32,
    /// Capacity providers associated with the cluster.
    pub capacity_providers: Vec<String>,
}

/// The rollout state of a service's primary deployment. AWS may add states;
/// those are kept in `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeploymentState {
    /// The deployment is replacing tasks (`IN_PROGRESS`).
    InProgress,
    /// Every task of the deployment is running and healthy (`COMPLETED`).
    Completed,
    /// The deployment circuit breaker stopped it (`FAILED`).
    Failed,
    /// A state this version of awscope does not know.
    Other(String),
}

impl DeploymentState {
    /// Parses the AWS spelling.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        match s {
            "IN_PROGRESS" => Self::InProgress,
            "COMPLETED" => Self::Completed,
            "FAILED" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The AWS spelling.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::InProgress => "IN_PROGRESS",
            Self::Completed => "COMPLETED",
            Self::Failed => "FAILED",
            Self::Other(s) => s,
        }
    }
}

/// One deployment of a service (ECS keeps the primary one and those it is
/// draining).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// The deployment id (`ecs-svc/…`).
    pub id: String,
    /// `PRIMARY` (the newest), `ACTIVE` (being drained) or `INACTIVE`.
    pub status: String,
    /// The task definition ARN it runs.
    pub task_definition: String,
    /// Its rollout state, when the deployment controller reports one.
    pub rollout: Option<DeploymentState>,
    /// Why it is in that rollout state.
    pub rollout_reason: Option<String>,
    /// Tasks it should run.
    pub desired: i32,
    /// Tasks running.
    pub running: i32,
    /// Tasks pending.
    pub pending: i32,
    /// Tasks that failed to start.
    pub failed: i32,
    /// When it was created.
    pub created: Option<OffsetDateTime>,
    /// When it last changed.
    pub updated: Option<OffsetDateTime>,
}

impl Deployment {
    /// Whether this is the service's primary (newest) deployment.
    #[must_use]
    pub fn is_primary(&self) -> bool {
        self.status == "PRIMARY"
    }
}

/// A load balancer target of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancer {
    /// The target group ARN (Application and Network Load Balancers).
    pub target_group_arn: Option<String>,
    /// The load balancer name (Classic Load Balancers).
    pub load_balancer_name: Option<String>,
    /// The container that receives traffic.
    pub container_name: Option<String>,
    /// Its port.
    pub container_port: Option<i32>,
}

/// The `awsvpc` network configuration of a service or task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetworkConfig {
    /// Subnet ids.
    pub subnets: Vec<String>,
    /// Security group ids.
    pub security_groups: Vec<String>,
    /// Whether tasks get a public IP address, when stated.
    pub public_ip: Option<bool>,
}

/// One entry of a service's event log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEvent {
    /// The event id.
    pub id: String,
    /// When it happened.
    pub created: Option<OffsetDateTime>,
    /// What happened, as ECS wrote it.
    pub message: String,
}

/// An ECS service as DescribeServices reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// The service ARN.
    pub arn: String,
    /// The service name.
    pub name: String,
    /// The cluster it runs in.
    pub cluster_arn: String,
    /// `ACTIVE`, `DRAINING` or `INACTIVE`.
    pub status: String,
    /// Tasks it should run.
    pub desired: i32,
    /// Tasks running.
    pub running: i32,
    /// Tasks pending.
    pub pending: i32,
    /// `FARGATE`, `EC2`, `EXTERNAL`, when it uses a launch type.
    pub launch_type: Option<String>,
    /// Capacity providers, when it uses a capacity provider strategy.
    pub capacity_providers: Vec<String>,
    /// The task definition ARN of the primary deployment.
    pub task_definition: String,
    /// Deployments, as ECS lists them (primary first).
    pub deployments: Vec<Deployment>,
    /// Load balancer targets.
    pub load_balancers: Vec<LoadBalancer>,
    /// Network configuration (`awsvpc` services only).
    pub network: Option<NetworkConfig>,
    /// The most recent events, newest first (ECS keeps the last 100).
    pub events: Vec<ServiceEvent>,
    /// When it was created.
    pub created: Option<OffsetDateTime>,
}

impl Service {
    /// The primary deployment: the one ECS is rolling out (or has rolled out).
    #[must_use]
    pub fn primary_deployment(&self) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.is_primary())
    }

    /// The primary deployment's rollout state, when there is one (services
    /// under CodeDeploy or an external controller report none).
    #[must_use]
    pub fn deployment_state(&self) -> Option<&DeploymentState> {
        self.primary_deployment().and_then(|d| d.rollout.as_ref())
    }

    /// Whether the primary deployment is still rolling out.
    #[must_use]
    pub fn is_deployment_in_progress(&self) -> bool {
        self.deployment_state() == Some(&DeploymentState::InProgress)
    }

    /// Tasks of the primary deployment that failed to start (0 without one).
    #[must_use]
    pub fn failed_task_count(&self) -> i32 {
        self.primary_deployment().map_or(0, |d| d.failed)
    }

    /// How tasks are placed: the launch type, or `cp:` and the capacity providers.
    #[must_use]
    pub fn placement(&self) -> String {
        match (&self.launch_type, self.capacity_providers.is_empty()) {
            (Some(launch), _) => launch.clone(),
            (None, false) => format!("cp:{}", self.capacity_providers.join("+")),
            (None, true) => "—".to_owned(),
        }
    }
}

/// A container of a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    /// The container name from the task definition.
    pub name: String,
    /// The image it runs.
    pub image: Option<String>,
    /// `PENDING`, `RUNNING`, `STOPPED` …
    pub last_status: String,
    /// The exit code, once it has stopped.
    pub exit_code: Option<i32>,
    /// Why it stopped or could not start.
    pub reason: Option<String>,
    /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN`, when it has a health check.
    pub health: Option<String>,
    /// The last status of its ECS Exec agent (the managed agent
    /// `ExecuteCommandAgent`): `PENDING`, `RUNNING`, `STOPPED`; `None` when
    /// the task was started without ECS Exec.
    pub exec_agent: Option<String>,
}

/// The name ECS gives the managed agent that runs ECS Exec sessions.
const EXEC_AGENT: &str = "ExecuteCommandAgent";

/// The network attachment of an `awsvpc` task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskNetwork {
    /// The subnet of its network interface.
    pub subnet_id: Option<String>,
    /// Its network interface.
    pub eni_id: Option<String>,
    /// Its private IPv4 address.
    pub private_ip: Option<String>,
}

/// An ECS task as DescribeTasks reports it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Task {
    /// The task ARN.
    pub arn: String,
    /// The task id (the last part of the ARN).
    pub id: String,
    /// The cluster it runs in.
    pub cluster_arn: String,
    /// The task definition ARN.
    pub task_definition: String,
    /// Where it is: `PROVISIONING`, `PENDING`, `RUNNING`, `STOPPED` …
    pub last_status: String,
    /// Where ECS wants it: `RUNNING` or `STOPPED`.
    pub desired_status: String,
    /// `HEALTHY`, `UNHEALTHY` or `UNKNOWN`, when it has health checks.
    pub health: Option<String>,
    /// When it was created.
    pub created: Option<OffsetDateTime>,
    /// When it started running.
    pub started: Option<OffsetDateTime>,
    /// When it stopped.
    pub stopped: Option<OffsetDateTime>,
    /// Why it stopped.
    pub stopped_reason: Option<String>,
    /// ECS's code for why it stopped (`TaskFailedToStart`, `UserInitiated` …).
    pub stop_code: Option<String>,
    /// `service:NAME` for a service's tasks, `family:NAME` otherwise.
    pub group: Option<String>,
    /// Who started it (a deployment id for a service's tasks).
    pub started_by: Option<String>,
    /// The launch type, when it has one.
    pub launch_type: Option<String>,
    /// The capacity provider, when it was placed by one.
    pub capacity_provider: Option<String>,
    /// CPU units.
    pub cpu: Option<String>,
    /// Memory in MiB.
    pub memory: Option<String>,
    /// The availability zone.
    pub availability_zone: Option<String>,
    /// Its containers.
    pub containers: Vec<Container>,
    /// Its network interface, for `awsvpc` tasks.
    pub network: Option<TaskNetwork>,
    /// Whether it was started with ECS Exec (`enableExecuteCommand`).
    pub enable_execute_command: bool,
}

impl Task {
    /// The service this task belongs to, from its group (`service:NAME`).
    #[must_use]
    pub fn service_name(&self) -> Option<&str> {
        self.group.as_deref().and_then(|g| g.strip_prefix("service:"))
    }
}

fn owned(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.is_empty()).map(str::to_owned)
}

fn network(config: Option<&sdk::NetworkConfiguration>) -> Option<NetworkConfig> {
    let vpc = config?.awsvpc_configuration()?;
    Some(NetworkConfig {
        subnets: vpc.subnets().to_vec(),
        security_groups: vpc.security_groups().to_vec(),
        public_ip: vpc.assign_public_ip().map(|a| *a == sdk::AssignPublicIp::Enabled),
    })
}

/// A cluster from DescribeClusters.
#[must_use]
pub fn cluster_from_sdk(c: &sdk::Cluster) -> Cluster {
    let arn = c.cluster_arn().unwrap_or_default().to_owned();
    let name = c.cluster_name().map_or_else(|| name_from_arn(&arn).to_owned(), str::to_owned);
    Cluster {
        name,
        arn,
        status: c.status().unwrap_or_default().to_owned(),
        active_services: c.active_services_count(),
        running_tasks: c.running_tasks_count(),
        pending_tasks: c.pending_tasks_count(),
        container_instances: c.registered_container_instances_count(),
        capacity_providers: c.capacity_providers().to_vec(),
    }
}

fn deployment_from_sdk(d: &sdk::Deployment) -> Deployment {
    Deployment {
        id: d.id().unwrap_or_default().to_owned(),
        status: d.status().unwrap_or_default().to_owned(),
        task_definition: d.task_definition().unwrap_or_default().to_owned(),
        rollout: d.rollout_state().map(|r| DeploymentState::parse(r.as_str())),
        rollout_reason: owned(d.rollout_state_reason()),
        desired: d.desired_count(),
        running: d.running_count(),
        pending: d.pending_count(),
        failed: d.failed_tasks(),
        created: offset_date_time(d.created_at()),
        updated: offset_date_time(d.updated_at()),
    }
}

/// A service from DescribeServices, UpdateService or CreateService.
#[must_use]
pub fn service_from_sdk(s: &sdk::Service) -> Service {
    let arn = s.service_arn().unwrap_or_default().to_owned();
    let name = s.service_name().map_or_else(|| name_from_arn(&arn).to_owned(), str::to_owned);
    let deployments: Vec<Deployment> = s.deployments().iter().map(deployment_from_sdk).collect();
    let task_definition = s
        .task_definition()
        .map(str::to_owned)
        .or_else(|| deployments.iter().find(|d| d.is_primary()).map(|d| d.task_definition.clone()))
        .unwrap_or_default();
    Service {
        name,
        arn,
        cluster_arn: s.cluster_arn().unwrap_or_default().to_owned(),
        status: s.status().unwrap_or_default().to_owned(),
        desired: s.desired_count(),
        running: s.running_count(),
        pending: s.pending_count(),
        launch_type: s.launch_type().map(|l| l.as_str().to_owned()),
        capacity_providers: s.capacity_provider_strategy().iter().map(|c| c.capacity_provider().to_owned()).collect(),
        task_definition,
        deployments,
        load_balancers: s
            .load_balancers()
            .iter()
            .map(|l| LoadBalancer {
                target_group_arn: owned(l.target_group_arn()),
                load_balancer_name: owned(l.load_balancer_name()),
                container_name: owned(l.container_name()),
                container_port: l.container_port(),
            })
            .collect(),
        network: network(s.network_configuration()),
        events: s
            .events()
            .iter()
            .map(|e| ServiceEvent {
                id: e.id().unwrap_or_default().to_owned(),
                created: offset_date_time(e.created_at()),
                message: e.message().unwrap_or_default().to_owned(),
            })
            .collect(),
        created: offset_date_time(s.created_at()),
    }
}

fn task_network(t: &sdk::Task) -> Option<TaskNetwork> {
    let eni = t.attachments().iter().find(|a| a.r#type() == Some("ElasticNetworkInterface"))?;
    let detail = |name: &str| eni.details().iter().find(|d| d.name() == Some(name)).and_then(|d| owned(d.value()));
    Some(TaskNetwork {
        subnet_id: detail("subnetId"),
        eni_id: detail("networkInterfaceId"),
        private_ip: detail("privateIPv4Address"),
    })
}

/// A task from DescribeTasks, RunTask or StopTask.
#[must_use]
pub fn task_from_sdk(t: &sdk::Task) -> Task {
    let arn = t.task_arn().unwrap_or_default().to_owned();
    Task {
        id: name_from_arn(&arn).to_owned(),
        arn,
        cluster_arn: t.cluster_arn().unwrap_or_default().to_owned(),
        task_definition: t.task_definition_arn().unwrap_or_default().to_owned(),
        last_status: t.last_status().unwrap_or_default().to_owned(),
        desired_status: t.desired_status().unwrap_or_default().to_owned(),
        health: t.health_status().map(|h| h.as_str().to_owned()),
        created: offset_date_time(t.created_at()),
        started: offset_date_time(t.started_at()),
        stopped: offset_date_time(t.stopped_at()),
        stopped_reason: owned(t.stopped_reason()),
        stop_code: t.stop_code().map(|c| c.as_str().to_owned()),
        group: owned(t.group()),
        started_by: owned(t.started_by()),
        launch_type: t.launch_type().map(|l| l.as_str().to_owned()),
        capacity_provider: owned(t.capacity_provider_name()),
        cpu: owned(t.cpu()),
        memory: owned(t.memory()),
        availability_zone: owned(t.availability_zone()),
        containers: t
            .containers()
            .iter()
            .map(|c| Container {
                name: c.name().unwrap_or_default().to_owned(),
                image: owned(c.image()),
                last_status: c.last_status().unwrap_or_default().to_owned(),
                exit_code: c.exit_code(),
                reason: owned(c.reason()),
                health: c.health_status().map(|h| h.as_str().to_owned()),
                exec_agent: c
                    .managed_agents()
                    .iter()
                    .find(|a| a.name().is_some_and(|n| n.as_str() == EXEC_AGENT))
                    .and_then(|a| owned(a.last_status())),
            })
            .collect(),
        network: task_network(t),
        enable_execute_command: t.enable_execute_command(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_both_arn_formats() {
        assert_eq!(name_from_arn("arn:aws:ecs:us-east-1:123456789012:service/demo/web"), "web");
        assert_eq!(name_from_arn("arn:aws:ecs:us-east-1:123456789012:service/web"), "web");
        assert_eq!(name_from_arn("arn:aws:ecs:us-east-1:123456789012:cluster/demo"), "demo");
        assert_eq!(short_task_definition("arn:aws:ecs:us-east-1:1:task-definition/web:7"), "web:7");
        assert_eq!(short_task_definition("web:7"), "web:7");
    }

    #[test]
    fn rollout_states_parse_and_keep_unknown_ones() {
        assert_eq!(DeploymentState::parse("IN_PROGRESS"), DeploymentState::InProgress);
        assert_eq!(DeploymentState::parse("COMPLETED"), DeploymentState::Completed);
        assert_eq!(DeploymentState::parse("FAILED"), DeploymentState::Failed);
        assert_eq!(DeploymentState::parse("PAUSED").as_str(), "PAUSED");
    }

    #[test]
    fn ecs_exec_comes_from_the_task_and_each_containers_managed_agent() {
        let agent = |status: &str| {
            sdk::ManagedAgent::builder().name(sdk::ManagedAgentName::ExecuteCommandAgent).last_status(status).build()
        };
        let t = sdk::Task::builder()
            .task_arn("arn:aws:ecs:us-east-1:1:task/c/t1")
            .enable_execute_command(true)
            .containers(sdk::Container::builder().name("web").managed_agents(agent("RUNNING")).build())
            .containers(sdk::Container::builder().name("router").managed_agents(agent("PENDING")).build())
            .containers(sdk::Container::builder().name("init").build())
            .build();
        let task = task_from_sdk(&t);
        assert!(task.enable_execute_command);
        let agents: Vec<Option<&str>> = task.containers.iter().map(|c| c.exec_agent.as_deref()).collect();
        assert_eq!(agents, [Some("RUNNING"), Some("PENDING"), None]);
        assert!(!task_from_sdk(&sdk::Task::builder().build()).enable_execute_command);
    }
}

/// Where a container's output goes (`logConfiguration` of its definition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogConfig {
    /// The log driver (`awslogs`, `awsfirelens`, `splunk` …).
    pub driver: String,
    /// `awslogs-group`.
    pub group: Option<String>,
    /// `awslogs-stream-prefix`: streams are `prefix/container/task-id`.
    pub prefix: Option<String>,
    /// `awslogs-region`, when set.
    pub region: Option<String>,
}

/// One container of a task definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerDefinition {
    /// The container name.
    pub name: String,
    /// Its log configuration; `None` when it has none (output is dropped).
    pub log: Option<LogConfig>,
}

/// A task definition as DescribeTaskDefinition reports it (what awscope needs of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDefinition {
    /// Its ARN.
    pub arn: String,
    /// `family:revision`.
    pub name: String,
    /// Its containers.
    pub containers: Vec<ContainerDefinition>,
}

/// A task definition from DescribeTaskDefinition: its containers and where
/// each sends its output.
#[must_use]
pub fn task_definition_from_sdk(t: &sdk::TaskDefinition) -> TaskDefinition {
    let arn = t.task_definition_arn().unwrap_or_default().to_owned();
    let name = match t.family() {
        Some(family) => format!("{family}:{}", t.revision()),
        None => short_task_definition(&arn).to_owned(),
    };
    let containers = t
        .container_definitions()
        .iter()
        .map(|c| ContainerDefinition {
            name: c.name().unwrap_or_default().to_owned(),
            log: c.log_configuration().map(|l| {
                let option = |key: &str| l.options().and_then(|o| o.get(key)).filter(|v| !v.is_empty()).cloned();
                LogConfig {
                    driver: l.log_driver().as_str().to_owned(),
                    group: option("awslogs-group"),
                    prefix: option("awslogs-stream-prefix"),
                    region: option("awslogs-region"),
                }
            }),
        })
        .collect();
    TaskDefinition { arn, name, containers }
}
