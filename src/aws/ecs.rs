//! ECS: clusters, services and tasks, described in batches with a bounded
//! number of calls in flight, plus the two changes awscope makes (forcing a
//! new deployment of a service, stopping a task).
//!
//! ECS lists only ARNs; the details come from `Describe*` calls that take a
//! limited number of ARNs each (clusters and tasks 100, services 10).
//! [`list_and_describe`] runs the listing and the describes side by side:
//! each page of ARNs is reported as soon as it arrives, split into batches,
//! and up to [`DESCRIBE_CONCURRENCY`] batches are described at once while
//! later pages are still being listed. Every batch is reported on its own, so
//! rows fill in as batches return, and `failures` entries are reported per ARN
//! instead of being dropped.

mod model;
mod pipeline;

use std::fmt;

use aws_sdk_ecs::types::DesiredStatus;
use futures_util::FutureExt;

pub use model::{
    Cluster, Container, ContainerDefinition, Deployment, DeploymentState, LoadBalancer, LogConfig, NetworkConfig,
    Service, ServiceEvent, Task, TaskDefinition, TaskNetwork, cluster_from_sdk, name_from_arn, service_from_sdk,
    short_task_definition, task_definition_from_sdk, task_from_sdk,
};

pub use pipeline::{DescribeFn, Progress, clusters, list_and_describe, services, services_with, tasks};

use super::call::Answer;
use super::error::{AwsError, Call, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

/// `maxResults` for ListClusters, ListServices and ListTasks (the API maximum; the config may ask for less).
pub const LIST_PAGE_SIZE: i32 = 100;
/// Clusters per DescribeClusters call (the API maximum).
pub const DESCRIBE_CLUSTERS_BATCH: usize = 100;
/// Services per DescribeServices call (the API maximum).
pub const DESCRIBE_SERVICES_BATCH: usize = 10;
/// Tasks per DescribeTasks call (the API maximum).
pub const DESCRIBE_TASKS_BATCH: usize = 100;
/// Describe calls in flight at once. ECS throttles each account per region
/// with token buckets (a burst of a few dozen read calls, then a lower
/// sustained rate) shared with every other ECS client of the account; five
/// keeps a 2,000-service cluster's 200 DescribeServices calls well inside the
/// burst while still cutting their wall time fivefold.
pub const DESCRIBE_CONCURRENCY: usize = 5;

/// ECS failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcsError {
    /// The cluster does not exist (`ClusterNotFoundException`).
    #[error(
        "Cluster {cluster} does not exist in this account and region (it may have been deleted). Press Esc to go back, then r to reload the cluster list."
    )]
    ClusterNotFound {
        /// The cluster asked for.
        cluster: String,
    },
    /// The service does not exist in the cluster (`ServiceNotFoundException`,
    /// or a `MISSING` failure when it was described alone).
    #[error(
        "Service {service} does not exist in cluster {cluster} (it may have been deleted). Press Esc to go back, then r to reload the services."
    )]
    ServiceNotFound {
        /// The cluster.
        cluster: String,
        /// The service asked for.
        service: String,
    },
    /// The service is draining or deleted, so it cannot be changed
    /// (`ServiceNotActiveException`).
    #[error(
        "Service {service} in cluster {cluster} is not active (it is draining or was deleted), so it cannot be redeployed. Press r to reload the services."
    )]
    ServiceNotActive {
        /// The cluster.
        cluster: String,
        /// The service.
        service: String,
    },
    /// The task is not known (any more) in the cluster.
    #[error(
        "Task {task} is not known in cluster {cluster} (ECS forgets stopped tasks about an hour after they stop). Press Esc to go back, then r to reload the tasks."
    )]
    TaskNotFound {
        /// The cluster.
        cluster: String,
        /// The task id or ARN asked for.
        task: String,
    },
    /// Any other classified AWS failure (access denied names the IAM action).
    #[error(transparent)]
    Aws(#[from] AwsError),
}

service_error!(EcsError {
    ClusterNotFound | ServiceNotFound | TaskNotFound => NotFound,
    ServiceNotActive => Other,
});

/// A `failures` entry of a Describe call: an ARN ECS could not describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DescribeFailure {
    /// The ARN (or name) that failed.
    pub arn: String,
    /// ECS's reason, such as `MISSING`.
    pub reason: String,
    /// More detail, when ECS gives it.
    pub detail: Option<String>,
}

impl fmt::Display for DescribeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.detail {
            Some(detail) => write!(f, "{}: {detail}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

/// What one Describe call returned: the items it described and the ARNs it
/// could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described<T> {
    /// The described items.
    pub items: Vec<T>,
    /// The ARNs ECS reported as failures.
    pub failures: Vec<DescribeFailure>,
}

/// A Describe call's answer, logged as its items, with more to come when
/// some ARNs failed.
fn described<T>(items: Vec<T>, failed: &[aws_sdk_ecs::types::Failure]) -> Answer<Described<T>> {
    let (count, more) = (items.len(), !failed.is_empty());
    Answer::counted(Described { items, failures: failures(failed) }, count, more)
}

fn failures(list: &[aws_sdk_ecs::types::Failure]) -> Vec<DescribeFailure> {
    list.iter()
        .map(|f| DescribeFailure {
            arn: f.arn().unwrap_or_default().to_owned(),
            reason: f.reason().unwrap_or("UNKNOWN").to_owned(),
            detail: f.detail().filter(|d| !d.is_empty()).map(str::to_owned),
        })
        .collect()
}

/// Which tasks to list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaskScope {
    /// The cluster.
    pub cluster: String,
    /// Only this service's tasks, or every task of the cluster.
    pub service: Option<String>,
    /// Stopped tasks (ECS keeps them about an hour) instead of running ones.
    pub stopped: bool,
}

impl fmt::Display for TaskScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = if self.stopped { "stopped" } else { "running" };
        match &self.service {
            Some(service) => write!(f, "{status} tasks of service {service} in cluster {}", self.cluster),
            None => write!(f, "{status} tasks of cluster {}", self.cluster),
        }
    }
}

/// Maps the codes ECS uses for missing or inactive resources in a failed
/// (and already logged) call to their domain variants.
fn classify(error: AwsError, cluster: Option<&str>, service: Option<&str>) -> EcsError {
    let owned = |s: &str| s.to_owned();
    match (error.code.as_deref(), cluster, service) {
        (Some("ClusterNotFoundException"), Some(cluster), _) => EcsError::ClusterNotFound { cluster: owned(cluster) },
        (Some("ServiceNotFoundException"), Some(cluster), Some(service)) => {
            EcsError::ServiceNotFound { cluster: owned(cluster), service: owned(service) }
        }
        (Some("ServiceNotActiveException"), Some(cluster), Some(service)) => {
            EcsError::ServiceNotActive { cluster: owned(cluster), service: owned(service) }
        }
        _ => EcsError::Aws(error),
    }
}

/// Lists every cluster's ARN, a page at a time (ListClusters).
#[must_use]
pub fn list_clusters(provider: &AwsProvider) -> Pages<String, EcsError> {
    let client = provider.ecs();
    let provider = provider.clone();
    Pages::new(move |token, page| {
        let (client, provider) = (client.clone(), provider.clone());
        async move {
            let call = Call { service: "ecs", operation: "ListClusters", resource: "all ECS clusters" };
            let request = client.list_clusters().max_results(provider.page_sizes().ecs).set_next_token(token).send();
            provider
                .send(call, page, request, |out| {
                    Answer::page(out.cluster_arns().to_vec(), out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| classify(failed.error, None, None))
        }
        .boxed()
    })
}

/// Describes up to [`DESCRIBE_CLUSTERS_BATCH`] clusters (DescribeClusters).
///
/// # Errors
/// The classified failure of the call.
pub async fn describe_clusters(arns: &[String], provider: &AwsProvider) -> Result<Described<Cluster>, EcsError> {
    let resource = format!("{} ECS clusters", arns.len());
    let call = Call { service: "ecs", operation: "DescribeClusters", resource: &resource };
    let request = provider.ecs().describe_clusters().set_clusters(Some(arns.to_vec())).send();
    provider
        .send(call, 1, request, |out| {
            let items: Vec<Cluster> = out.clusters().iter().map(cluster_from_sdk).collect();
            let count = items.len();
            Answer::counted(Described { items, failures: failures(out.failures()) }, count, false)
        })
        .await
        .map_err(|failed| classify(failed.error, None, None))
}

/// Lists the ARNs of every service in `cluster`, a page at a time
/// (ListServices, `maxResults` from the provider's page sizes, by default [`LIST_PAGE_SIZE`]).
#[must_use]
pub fn list_services(cluster: &str, provider: &AwsProvider) -> Pages<String, EcsError> {
    let client = provider.ecs();
    let provider = provider.clone();
    let cluster = cluster.to_owned();
    Pages::new(move |token, page| {
        let (client, provider, cluster) = (client.clone(), provider.clone(), cluster.clone());
        async move {
            let resource = format!("services of cluster {cluster}");
            let call = Call { service: "ecs", operation: "ListServices", resource: &resource };
            let request =
                client.list_services().cluster(&cluster).max_results(provider.page_sizes().ecs).set_next_token(token);
            provider
                .send(call, page, request.send(), |out| {
                    Answer::page(out.service_arns().to_vec(), out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| classify(failed.error, Some(&cluster), None))
        }
        .boxed()
    })
}

/// Describes up to [`DESCRIBE_SERVICES_BATCH`] services of `cluster`
/// (DescribeServices). ARNs ECS could not describe come back as failures.
///
/// # Errors
/// [`EcsError::ClusterNotFound`], or the classified failure of the call.
pub async fn describe_services(
    cluster: &str,
    arns: &[String],
    provider: &AwsProvider,
) -> Result<Described<Service>, EcsError> {
    let resource = format!("{} services of cluster {cluster}", arns.len());
    let call = Call { service: "ecs", operation: "DescribeServices", resource: &resource };
    let request = provider.ecs().describe_services().cluster(cluster).set_services(Some(arns.to_vec())).send();
    provider
        .send(call, 1, request, |out| described(out.services().iter().map(service_from_sdk).collect(), out.failures()))
        .await
        .map_err(|failed| classify(failed.error, Some(cluster), None))
}

/// One service (DescribeServices for its name or ARN).
///
/// # Errors
/// [`EcsError::ServiceNotFound`] when ECS reports it missing,
/// [`EcsError::ClusterNotFound`], or the classified failure.
pub async fn describe_service(cluster: &str, service: &str, provider: &AwsProvider) -> Result<Service, EcsError> {
    let described = describe_services(cluster, &[service.to_owned()], provider).await?;
    described.items.into_iter().next().ok_or_else(|| EcsError::ServiceNotFound {
        cluster: cluster.to_owned(),
        service: name_from_arn(service).to_owned(),
    })
}

/// Lists the ARNs of the tasks in `scope`, a page at a time (ListTasks with
/// `desiredStatus` RUNNING or STOPPED, `maxResults` from the provider's page sizes, by default [`LIST_PAGE_SIZE`]).
#[must_use]
pub fn list_tasks(scope: &TaskScope, provider: &AwsProvider) -> Pages<String, EcsError> {
    let client = provider.ecs();
    let provider = provider.clone();
    let scope = scope.clone();
    Pages::new(move |token, page| {
        let (client, provider, scope) = (client.clone(), provider.clone(), scope.clone());
        async move {
            let resource = scope.to_string();
            let call = Call { service: "ecs", operation: "ListTasks", resource: &resource };
            let status = if scope.stopped { DesiredStatus::Stopped } else { DesiredStatus::Running };
            let request = client
                .list_tasks()
                .cluster(&scope.cluster)
                .set_service_name(scope.service.clone())
                .desired_status(status)
                .max_results(provider.page_sizes().ecs)
                .set_next_token(token)
                .send();
            provider
                .send(call, page, request, |out| {
                    Answer::page(out.task_arns().to_vec(), out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| classify(failed.error, Some(&scope.cluster), scope.service.as_deref()))
        }
        .boxed()
    })
}

/// Describes up to [`DESCRIBE_TASKS_BATCH`] tasks of `cluster` (DescribeTasks).
///
/// # Errors
/// [`EcsError::ClusterNotFound`], or the classified failure of the call.
pub async fn describe_tasks(
    cluster: &str,
    arns: &[String],
    provider: &AwsProvider,
) -> Result<Described<Task>, EcsError> {
    let resource = format!("{} tasks of cluster {cluster}", arns.len());
    let call = Call { service: "ecs", operation: "DescribeTasks", resource: &resource };
    let request = provider.ecs().describe_tasks().cluster(cluster).set_tasks(Some(arns.to_vec())).send();
    provider
        .send(call, 1, request, |out| described(out.tasks().iter().map(task_from_sdk).collect(), out.failures()))
        .await
        .map_err(|failed| classify(failed.error, Some(cluster), None))
}

/// One task (DescribeTasks for its id or ARN).
///
/// # Errors
/// [`EcsError::TaskNotFound`] when ECS does not return it,
/// [`EcsError::ClusterNotFound`], or the classified failure.
pub async fn describe_task(cluster: &str, task: &str, provider: &AwsProvider) -> Result<Task, EcsError> {
    let described = describe_tasks(cluster, &[task.to_owned()], provider).await?;
    described
        .items
        .into_iter()
        .next()
        .ok_or_else(|| EcsError::TaskNotFound { cluster: cluster.to_owned(), task: name_from_arn(task).to_owned() })
}

/// Forces a new deployment of `service` (UpdateService with
/// `forceNewDeployment`): ECS starts fresh tasks from the current task
/// definition and drains the old ones. Returns the service as ECS now has it.
///
/// # Errors
/// [`EcsError::ServiceNotFound`], [`EcsError::ServiceNotActive`],
/// [`EcsError::ClusterNotFound`], or the classified failure (access denied
/// names `ecs:UpdateService`).
pub async fn force_new_deployment(cluster: &str, service: &str, provider: &AwsProvider) -> Result<Service, EcsError> {
    let resource = format!("service {service} in cluster {cluster}");
    let call = Call { service: "ecs", operation: "UpdateService", resource: &resource };
    tracing::info!(cluster, service, "forcing a new deployment");
    let request = provider.ecs().update_service().cluster(cluster).service(service).force_new_deployment(true).send();
    provider
        .send(call, 1, request, |out| Answer::one(out.service().map(service_from_sdk)))
        .await
        .map_err(|failed| classify(failed.error, Some(cluster), Some(service)))?
        .ok_or_else(|| {
            EcsError::Aws(AwsError::internal("UpdateService", &resource, "ECS answered without the service"))
        })
}

/// Stops `task` (StopTask) with `reason`, which ECS records as the task's
/// stopped reason. Returns the task as ECS now has it.
///
/// # Errors
/// [`EcsError::ClusterNotFound`], or the classified failure (access denied
/// names `ecs:StopTask`).
pub async fn stop_task(cluster: &str, task: &str, reason: &str, provider: &AwsProvider) -> Result<Task, EcsError> {
    let resource = format!("task {} in cluster {cluster}", name_from_arn(task));
    let call = Call { service: "ecs", operation: "StopTask", resource: &resource };
    tracing::info!(cluster, task = name_from_arn(task), "stopping a task");
    let request = provider.ecs().stop_task().cluster(cluster).task(task).reason(reason).send();
    provider
        .send(call, 1, request, |out| Answer::one(out.task().map(task_from_sdk)))
        .await
        .map_err(|failed| classify(failed.error, Some(cluster), None))?
        .ok_or_else(|| EcsError::Aws(AwsError::internal("StopTask", &resource, "ECS answered without the task")))
}

/// One task definition's containers and their log configuration
/// (DescribeTaskDefinition).
///
/// # Errors
/// The classified failure.
pub async fn describe_task_definition(arn: &str, provider: &AwsProvider) -> Result<TaskDefinition, EcsError> {
    let resource = format!("task definition {}", short_task_definition(arn));
    let call = Call { service: "ecs", operation: "DescribeTaskDefinition", resource: &resource };
    let request = provider.ecs().describe_task_definition().task_definition(arn).send();
    provider
        .send(call, 1, request, |out| Answer::one(out.task_definition().map(task_definition_from_sdk)))
        .await
        .map_err(|failed| classify(failed.error, None, None))?
        .ok_or_else(|| {
            EcsError::Aws(AwsError::internal(
                "DescribeTaskDefinition",
                &resource,
                "ECS answered without the task definition",
            ))
        })
}
