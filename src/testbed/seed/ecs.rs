//! ECS: clusters, Fargate task definitions, services and running tasks.
//! Every container logs with the `awslogs` driver to `/ecs/<family>`, in
//! streams `ecs/<container>/<task id>` (created with their events by
//! `seed::logs`).

use std::time::Instant;

use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, Compatibility, ContainerDefinition, LaunchType, LogConfiguration, LogDriver,
    NetworkConfiguration, NetworkMode, PortMapping,
};

use super::network::default_vpc;
use super::{Account, Ctx, Scale, SeedError, Step};
use crate::aws::AwsProvider;

/// An ECS cluster with what runs in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededCluster {
    /// The cluster name.
    pub name: String,
    /// Service names.
    pub services: Vec<String>,
    /// ARNs of the tasks started with `RunTask`.
    pub task_arns: Vec<String>,
    /// Where each of those tasks' container logs, as the awslogs driver names it.
    pub task_logs: Vec<SeededTaskLog>,
}

/// Where one seeded task's container writes its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededTaskLog {
    /// The task ARN.
    pub task_arn: String,
    /// The service the task belongs to; `None` for a standalone task.
    pub service: Option<String>,
    /// The container.
    pub container: String,
    /// The log group (`/ecs/<family>`).
    pub group: String,
    /// The stream (`ecs/<container>/<task id>`).
    pub stream: String,
}

/// The `awslogs-stream-prefix` of every seeded container.
pub const LOG_STREAM_PREFIX: &str = "ecs";

/// The `awslogs-group` of a seeded task definition family.
#[must_use]
pub fn log_group(family: &str) -> String {
    format!("/ecs/{family}")
}

/// The stream the awslogs driver writes a container of a task to.
#[must_use]
pub fn log_stream(container: &str, task_arn: &str) -> String {
    let task_id = task_arn.rsplit('/').next().unwrap_or(task_arn);
    format!("{LOG_STREAM_PREFIX}/{container}/{task_id}")
}

struct ServicePlan {
    name: &'static str,
    image: &'static str,
    port: Option<i32>,
    tasks: usize,
}

struct ClusterPlan {
    name: &'static str,
    services: Vec<ServicePlan>,
    /// Tasks started outside any service (family `batch-job`).
    standalone_tasks: usize,
}

fn ecs_plan(account: Account, scale: Scale) -> Vec<ClusterPlan> {
    let svc = |name, image, port, tasks| ServicePlan { name, image, port, tasks };
    match account {
        Account::Base => vec![
            ClusterPlan {
                name: "demo-cluster",
                services: vec![
                    svc("web", "public.ecr.aws/nginx/nginx:1.27", Some(80), scale.pick(3, 1)),
                    svc("api", "public.ecr.aws/docker/library/python:3.12-slim", Some(8080), scale.pick(2, 1)),
                    svc("worker", "public.ecr.aws/docker/library/busybox:1.36", None, scale.pick(1, 0)),
                ],
                standalone_tasks: 0,
            },
            ClusterPlan { name: "demo-batch", services: Vec::new(), standalone_tasks: scale.pick(2, 1) },
        ],
        Account::Second => vec![ClusterPlan {
            name: "prod-cluster",
            services: vec![
                svc("payments", "public.ecr.aws/docker/library/golang:1.22", Some(8443), scale.pick(2, 1)),
                svc("ledger", "public.ecr.aws/docker/library/postgres:16", Some(5432), 1),
            ],
            standalone_tasks: 0,
        }],
    }
}

/// Creates clusters, Fargate task definitions and `awsvpc` services, and
/// starts their tasks with `RunTask` in the default VPC (moto's services never
/// start tasks by themselves, and moto 5.2.5 needs `cpu`/`memory` on every
/// container).
///
/// # Errors
/// The first ECS or EC2 call that failed.
pub async fn seed_ecs(provider: &AwsProvider, account: Account, scale: Scale) -> Result<Vec<SeededCluster>, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Ecs };
    let ecs = provider.ecs();
    let region = provider.environment().region.clone();
    let (_, subnets, sg) = default_vpc(provider, ctx).await?;
    let sg = sg.ok_or_else(|| ctx.missing("the default VPC has no default security group"))?;
    if subnets.is_empty() {
        return Err(ctx.missing("the default VPC has no subnets"));
    }
    let network = |subnet_count: usize| -> Result<NetworkConfiguration, SeedError> {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(subnets.iter().take(subnet_count).cloned().collect()))
            .security_groups(&sg)
            .assign_public_ip(AssignPublicIp::Disabled)
            .build()
            .map_err(|e| ctx.missing(format!("awsvpc configuration: {e}")))?;
        Ok(NetworkConfiguration::builder().awsvpc_configuration(vpc).build())
    };

    let mut clusters = Vec::new();
    for plan in ecs_plan(account, scale) {
        ecs.create_cluster()
            .cluster_name(plan.name)
            .send()
            .await
            .map_err(|e| ctx.aws("ecs", "CreateCluster", plan.name, &e))?;
        let mut seeded = SeededCluster {
            name: plan.name.to_owned(),
            services: Vec::new(),
            task_arns: Vec::new(),
            task_logs: Vec::new(),
        };
        let mut runs: Vec<Run<'_>> = Vec::new();
        for service in &plan.services {
            let family = format!("{}-{}", plan.name, service.name);
            let definition =
                Definition { family: &family, container: service.name, image: service.image, port: service.port };
            register_task_definition(&ecs, ctx, &definition, &region).await?;
            ecs.create_service()
                .cluster(plan.name)
                .service_name(service.name)
                .task_definition(&family)
                .desired_count(i32::try_from(service.tasks).unwrap_or(i32::MAX))
                .launch_type(LaunchType::Fargate)
                .network_configuration(network(2)?)
                .send()
                .await
                .map_err(|e| ctx.aws("ecs", "CreateService", &format!("{}/{}", plan.name, service.name), &e))?;
            seeded.services.push(service.name.to_owned());
            runs.push(Run {
                started_by: format!("ecs-svc/{}", service.name),
                group: format!("service:{}", service.name),
                family,
                count: service.tasks,
                container: service.name,
                service: Some(service.name),
            });
        }
        if plan.standalone_tasks > 0 {
            let family = format!("{}-batch-job", plan.name);
            let image = "public.ecr.aws/docker/library/busybox:1.36";
            let definition = Definition { family: &family, container: "job", image, port: None };
            register_task_definition(&ecs, ctx, &definition, &region).await?;
            let group = format!("family:{family}");
            let (started_by, count) = ("awscope-seed".to_owned(), plan.standalone_tasks);
            runs.push(Run { family, started_by, group, count, container: "job", service: None });
        }
        for Run { family, started_by, group, count, container, service } in runs.into_iter().filter(|r| r.count > 0) {
            let out = ecs
                .run_task()
                .cluster(plan.name)
                .task_definition(&family)
                .count(i32::try_from(count).unwrap_or(10))
                .launch_type(LaunchType::Fargate)
                .started_by(started_by)
                .group(group)
                .network_configuration(network(1)?)
                .send()
                .await
                .map_err(|e| ctx.aws("ecs", "RunTask", &format!("{}/{family}", plan.name), &e))?;
            if let Some(failure) = out.failures().first() {
                return Err(ctx.missing(format!("RunTask {family} failed: {:?}", failure.reason())));
            }
            for arn in out.tasks().iter().filter_map(|t| t.task_arn()) {
                seeded.task_arns.push(arn.to_owned());
                seeded.task_logs.push(SeededTaskLog {
                    task_arn: arn.to_owned(),
                    service: service.map(str::to_owned),
                    container: container.to_owned(),
                    group: log_group(&family),
                    stream: log_stream(container, arn),
                });
            }
        }
        clusters.push(seeded);
    }
    let tasks: usize = clusters.iter().map(|c| c.task_arns.len()).sum();
    tracing::info!(%account, clusters = clusters.len(), tasks, elapsed_ms = started.elapsed().as_millis(), "seeded ECS");
    Ok(clusters)
}

/// One RunTask call: `count` tasks of `family`, started as a service's or alone.
struct Run<'a> {
    family: String,
    started_by: String,
    group: String,
    count: usize,
    container: &'a str,
    service: Option<&'a str>,
}

/// What one task definition holds: a single container.
struct Definition<'a> {
    family: &'a str,
    container: &'a str,
    image: &'a str,
    port: Option<i32>,
}

async fn register_task_definition(
    ecs: &aws_sdk_ecs::Client,
    ctx: Ctx,
    definition: &Definition<'_>,
    region: &str,
) -> Result<(), SeedError> {
    let Definition { family, container, image, port } = *definition;
    let logs = LogConfiguration::builder()
        .log_driver(LogDriver::Awslogs)
        .options("awslogs-group", log_group(family))
        .options("awslogs-stream-prefix", LOG_STREAM_PREFIX)
        .options("awslogs-region", region)
        .build()
        .map_err(|e| ctx.missing(format!("log configuration of {family}: {e}")))?;
    let mut definition = ContainerDefinition::builder()
        .name(container)
        .image(image)
        .cpu(256)
        .memory(512)
        .essential(true)
        .log_configuration(logs);
    if let Some(port) = port {
        definition = definition.port_mappings(PortMapping::builder().container_port(port).build());
    }
    ecs.register_task_definition()
        .family(family)
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(definition.build())
        .send()
        .await
        .map_err(|e| ctx.aws("ecs", "RegisterTaskDefinition", family, &e))?;
    Ok(())
}
