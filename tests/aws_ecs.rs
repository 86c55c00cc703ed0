//! The ECS wrappers over a fake transport: describe batches of at most 10
//! services and 100 tasks, pages and their tokens, `failures` entries kept per
//! ARN, partial results kept when a page or a batch fails, and every error
//! code the wrappers map.

mod fake;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::list_clusters::ListClustersOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::operation::stop_task::StopTaskOutput;
use aws_sdk_ecs::types::{
    Container, DeploymentRolloutState, DesiredStatus, Failure, LaunchType, Service as SdkService, Task as SdkTask,
};
use aws_smithy_mocks::{RuleMode, mock};
use awscope::aws::ErrorKind;
use awscope::aws::ecs::{self, DeploymentState, EcsError, Progress, Service, Task, TaskScope};
use futures_util::StreamExt;

const CLUSTER: &str = "demo-cluster";

fn service_arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service/{CLUSTER}/svc-{i:04}")
}

fn task_arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task/{CLUSTER}/{i:032x}")
}

fn sdk_service(arn: &str) -> SdkService {
    let name = arn.rsplit('/').next().unwrap_or(arn);
    SdkService::builder()
        .service_arn(arn)
        .service_name(name)
        .cluster_arn(format!("arn:aws:ecs:us-east-1:123456789012:cluster/{CLUSTER}"))
        .status("ACTIVE")
        .desired_count(2)
        .running_count(1)
        .pending_count(1)
        .launch_type(LaunchType::Fargate)
        .task_definition(format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{name}:3"))
        .deployments(
            aws_sdk_ecs::types::Deployment::builder()
                .id("ecs-svc/1111")
                .status("PRIMARY")
                .rollout_state(DeploymentRolloutState::InProgress)
                .failed_tasks(2)
                .desired_count(2)
                .running_count(1)
                .build(),
        )
        .deployments(
            aws_sdk_ecs::types::Deployment::builder()
                .id("ecs-svc/0000")
                .status("ACTIVE")
                .rollout_state(DeploymentRolloutState::Completed)
                .failed_tasks(9)
                .build(),
        )
        .build()
}

fn sdk_task(arn: &str) -> SdkTask {
    SdkTask::builder()
        .task_arn(arn)
        .last_status("STOPPED")
        .desired_status("STOPPED")
        .stopped_reason("Essential container in task exited")
        .containers(Container::builder().name("web").last_status("STOPPED").exit_code(137).reason("OOM").build())
        .build()
}

/// A DescribeServices rule that describes whatever it is asked for and
/// records how many services each call asked for.
fn describing_services(sizes: Arc<Mutex<Vec<usize>>>) -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_ecs::Client::describe_services)
        .match_requests(move |r| {
            sizes.lock().expect("sizes").push(r.services().len());
            r.cluster() == Some(CLUSTER)
        })
        .then_compute_output(|r| {
            DescribeServicesOutput::builder()
                .set_services(Some(r.services().iter().map(|a| sdk_service(a)).collect()))
                .build()
        })
}

async fn collect<T>(stream: futures_util::stream::BoxStream<'static, Progress<T>>) -> Vec<Progress<T>> {
    stream.collect().await
}

fn described<T: Clone>(progress: &[Progress<T>]) -> Vec<T> {
    progress
        .iter()
        .flat_map(|p| match p {
            Progress::Described(d) => d.items.clone(),
            _ => Vec::new(),
        })
        .collect()
}

#[tokio::test]
async fn twenty_five_services_take_three_describe_calls_of_at_most_ten() {
    let list = mock!(aws_sdk_ecs::Client::list_services)
        .match_requests(|r| r.cluster() == Some(CLUSTER) && r.max_results() == Some(100))
        .then_output(|| {
            ListServicesOutput::builder().set_service_arns(Some((0..25).map(service_arn).collect())).build()
        });
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let describe = describing_services(sizes.clone());
    let provider = fake::provider(&[&list, &describe]);

    let progress = collect(ecs::services(CLUSTER, &provider)).await;

    assert_eq!(describe.num_calls(), 3);
    let mut sizes = sizes.lock().expect("sizes").clone();
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 10, 10], "batches of at most 10");
    assert_eq!(progress.iter().filter(|p| matches!(p, Progress::Described(_))).count(), 3, "one report per batch");
    assert!(matches!(&progress[0], Progress::Listed(arns) if arns.len() == 25), "names come first");
    let services: Vec<Service> = described(&progress);
    assert_eq!(services.len(), 25);
    let web = &services[0];
    assert_eq!(web.deployment_state(), Some(&DeploymentState::InProgress), "from the PRIMARY deployment");
    assert!(web.is_deployment_in_progress());
    assert_eq!(web.failed_task_count(), 2, "the primary deployment's failed tasks, not the old one's");
    assert_eq!(web.placement(), "FARGATE");
    assert_eq!(ecs::short_task_definition(&web.task_definition), format!("{}:3", web.name));
}

#[tokio::test]
async fn two_hundred_fifty_tasks_take_three_describe_calls_of_at_most_a_hundred() {
    let list = mock!(aws_sdk_ecs::Client::list_tasks)
        .match_requests(|r| {
            r.cluster() == Some(CLUSTER)
                && r.service_name() == Some("web")
                && r.desired_status() == Some(&DesiredStatus::Stopped)
                && r.max_results() == Some(100)
        })
        .then_compute_output(|r| {
            // Three pages: 100, 100, 50, chained by tokens.
            let page: usize = r.next_token().map_or(0, |t| t.parse().expect("numeric token"));
            let arns = (page * 100..(page * 100 + 100).min(250)).map(task_arn).collect();
            let next = (page < 2).then(|| (page + 1).to_string());
            ListTasksOutput::builder().set_task_arns(Some(arns)).set_next_token(next).build()
        });
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let recorded = sizes.clone();
    let describe = mock!(aws_sdk_ecs::Client::describe_tasks)
        .match_requests(move |r| {
            recorded.lock().expect("sizes").push(r.tasks().len());
            true
        })
        .then_compute_output(|r| {
            DescribeTasksOutput::builder().set_tasks(Some(r.tasks().iter().map(|a| sdk_task(a)).collect())).build()
        });
    let provider = fake::provider(&[&list, &describe]);
    let scope = TaskScope { cluster: CLUSTER.into(), service: Some("web".into()), stopped: true };

    let progress = collect(ecs::tasks(&scope, &provider)).await;

    assert_eq!((list.num_calls(), describe.num_calls()), (3, 3));
    let mut sizes = sizes.lock().expect("sizes").clone();
    sizes.sort_unstable();
    assert_eq!(sizes, [50, 100, 100]);
    let tasks: Vec<Task> = described(&progress);
    assert_eq!(tasks.len(), 250);
    let container = &tasks[0].containers[0];
    assert_eq!((container.exit_code, container.reason.as_deref()), (Some(137), Some("OOM")));
    assert_eq!(tasks[0].id.len(), 32);
}

#[tokio::test]
async fn list_services_passes_each_token_over_three_pages() {
    let page = |token: Option<&'static str>, range: std::ops::Range<usize>, next: Option<&'static str>| {
        mock!(aws_sdk_ecs::Client::list_services)
            .match_requests(move |r| r.next_token() == token && r.max_results() == Some(100))
            .then_output(move || {
                ListServicesOutput::builder()
                    .set_service_arns(Some(range.clone().map(service_arn).collect()))
                    .set_next_token(next.map(str::to_owned))
                    .build()
            })
    };
    let (first, second, third) =
        (page(None, 0..100, Some("t2")), page(Some("t2"), 100..200, Some("t3")), page(Some("t3"), 200..205, None));
    let provider = fake::provider(&[&first, &second, &third]);

    let arns = ecs::list_services(CLUSTER, &provider).collect_all().await.expect("three pages");

    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
    assert_eq!(arns.len(), 205);
    assert_eq!(arns[204], service_arn(204));
}

#[tokio::test]
async fn failures_in_a_describe_response_are_reported_per_arn() {
    let list = mock!(aws_sdk_ecs::Client::list_services).then_output(|| {
        ListServicesOutput::builder().set_service_arns(Some((0..3).map(service_arn).collect())).build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_services).then_compute_output(|r| {
        let (gone, found) = r.services().split_first().expect("three asked for");
        DescribeServicesOutput::builder()
            .set_services(Some(found.iter().map(|a| sdk_service(a)).collect()))
            .failures(Failure::builder().arn(gone).reason("MISSING").build())
            .build()
    });
    let provider = fake::provider(&[&list, &describe]);

    let progress = collect(ecs::services(CLUSTER, &provider)).await;

    let Some(Progress::Described(batch)) = progress.iter().find(|p| matches!(p, Progress::Described(_))) else {
        panic!("a described batch: {progress:?}")
    };
    assert_eq!(batch.items.len(), 2);
    assert_eq!(batch.failures.len(), 1);
    assert_eq!(
        (batch.failures[0].arn.as_str(), batch.failures[0].reason.as_str()),
        (service_arn(0).as_str(), "MISSING")
    );
    assert_eq!(batch.failures[0].to_string(), "MISSING");

    // Alone, a missing service is ServiceNotFound.
    let err = ecs::describe_service(CLUSTER, &service_arn(0), &provider).await.expect_err("missing");
    assert_eq!(err, EcsError::ServiceNotFound { cluster: CLUSTER.into(), service: "svc-0000".into() });
}

#[tokio::test]
async fn a_failed_page_keeps_the_rows_already_listed_and_described() {
    let first =
        mock!(aws_sdk_ecs::Client::list_services).match_requests(|r| r.next_token().is_none()).then_output(|| {
            ListServicesOutput::builder()
                .set_service_arns(Some((0..15).map(service_arn).collect()))
                .next_token("t2")
                .build()
        });
    let throttled = mock!(aws_sdk_ecs::Client::list_services)
        .match_requests(|r| r.next_token() == Some("t2"))
        .then_http_response(|| fake::http(400, r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#));
    let sizes = Arc::new(Mutex::new(Vec::new()));
    let describe = describing_services(sizes);
    let provider = fake::provider(&[&first, &throttled, &describe]);

    let progress = collect(ecs::services(CLUSTER, &provider)).await;

    assert_eq!(described(&progress).len(), 15, "the first page is still described after page 2 failed");
    let Some(Progress::ListFailed(err)) = progress.iter().find(|p| matches!(p, Progress::ListFailed(_))) else {
        panic!("the list failure is reported: {progress:?}")
    };
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert!(err.to_string().contains("ListServices on services of cluster demo-cluster"), "{err}");
}

#[tokio::test]
async fn a_failed_describe_batch_is_reported_with_its_arns_and_the_others_still_fill_in() {
    let list = mock!(aws_sdk_ecs::Client::list_services).then_output(|| {
        ListServicesOutput::builder().set_service_arns(Some((0..20).map(service_arn).collect())).build()
    });
    let denied = mock!(aws_sdk_ecs::Client::describe_services)
        .match_requests(|r| r.services().first() == Some(&service_arn(10)))
        .then_http_response(|| {
            fake::http(
                400,
                r#"{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/dev is not authorized to perform: ecs:DescribeServices"}"#,
            )
        });
    let describe = describing_services(Arc::new(Mutex::new(Vec::new())));
    let provider = fake::provider(&[&list, &denied, &describe]);

    let progress = collect(ecs::services(CLUSTER, &provider)).await;

    assert_eq!(described(&progress).len(), 10);
    let Some(Progress::BatchFailed { arns, error }) =
        progress.iter().find(|p| matches!(p, Progress::BatchFailed { .. }))
    else {
        panic!("a failed batch: {progress:?}")
    };
    assert_eq!(arns, &(10..20).map(service_arn).collect::<Vec<_>>());
    assert_eq!(error.kind(), ErrorKind::AccessDenied);
    let message = error.to_string();
    assert!(message.contains("needs ecs:DescribeServices"), "{message}");
    assert!(message.contains("10 services of cluster demo-cluster"), "{message}");
}

#[tokio::test]
async fn throttling_is_retried_with_backoff() {
    let describe = mock!(aws_sdk_ecs::Client::describe_tasks)
        .sequence()
        .http_response(|| fake::http(400, r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#))
        .times(2)
        .output(|| DescribeTasksOutput::builder().tasks(sdk_task(&task_arn(1))).build())
        .build();
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(1));
    let provider = fake::provider_with(&[&describe], RuleMode::MatchAny, retry);

    let task = ecs::describe_task(CLUSTER, &task_arn(1), &provider).await.expect("the third attempt succeeds");

    assert_eq!(describe.num_calls(), 3);
    assert_eq!(task.arn, task_arn(1));
}

fn ecs_error(code: &str, message: &str) -> String {
    format!(r#"{{"__type":"{code}","message":"{message}"}}"#)
}

#[tokio::test]
async fn each_mapped_error_code_becomes_its_domain_error() {
    let missing_cluster = mock!(aws_sdk_ecs::Client::list_services)
        .then_http_response(|| fake::http(400, &ecs_error("ClusterNotFoundException", "Cluster not found.")));
    let provider = fake::provider(&[&missing_cluster]);
    let err = ecs::list_services("gone", &provider).collect_all().await.expect_err("no cluster");
    assert_eq!(err, EcsError::ClusterNotFound { cluster: "gone".into() });
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().starts_with("Cluster gone does not exist"), "{err}");
    assert!(err.to_string().contains("r to reload the cluster list"), "{err}");

    let missing_service = mock!(aws_sdk_ecs::Client::update_service)
        .then_http_response(|| fake::http(400, &ecs_error("ServiceNotFoundException", "Service not found.")));
    let provider = fake::provider(&[&missing_service]);
    let err = ecs::force_new_deployment(CLUSTER, "web", &provider).await.expect_err("no service");
    assert_eq!(err, EcsError::ServiceNotFound { cluster: CLUSTER.into(), service: "web".into() });
    assert!(err.to_string().contains("Service web does not exist in cluster demo-cluster"), "{err}");

    let draining = mock!(aws_sdk_ecs::Client::update_service)
        .then_http_response(|| fake::http(400, &ecs_error("ServiceNotActiveException", "Service was not ACTIVE.")));
    let provider = fake::provider(&[&draining]);
    let err = ecs::force_new_deployment(CLUSTER, "web", &provider).await.expect_err("inactive");
    assert_eq!(err, EcsError::ServiceNotActive { cluster: CLUSTER.into(), service: "web".into() });

    let denied = mock!(aws_sdk_ecs::Client::stop_task).then_http_response(|| {
        fake::http(400, &ecs_error("AccessDeniedException", "not authorized to perform: ecs:StopTask"))
    });
    let provider = fake::provider(&[&denied]);
    let err = ecs::stop_task(CLUSTER, &task_arn(7), "why", &provider).await.expect_err("denied");
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    let message = err.to_string();
    assert!(message.contains("StopTask on task 00000000000000000000000000000007 in cluster demo-cluster"), "{message}");
    assert!(message.contains("needs ecs:StopTask"), "{message}");

    let denied_list = mock!(aws_sdk_ecs::Client::list_clusters)
        .then_http_response(|| fake::http(400, &ecs_error("AccessDeniedException", "denied")));
    let provider = fake::provider(&[&denied_list]);
    let err = ecs::list_clusters(&provider).collect_all().await.expect_err("denied");
    assert!(err.to_string().contains("needs ecs:ListClusters"), "{err}");

    let throttled = mock!(aws_sdk_ecs::Client::describe_clusters)
        .then_http_response(|| fake::http(400, &ecs_error("ThrottlingException", "Rate exceeded")));
    let provider = fake::provider(&[&throttled]);
    let err = ecs::describe_clusters(&["c".into()], &provider).await.expect_err("throttled");
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert!(err.to_string().contains("throttled — r to retry"), "{err}");
}

#[tokio::test]
async fn an_unexpected_error_comes_through_with_its_code_and_message() {
    let odd = mock!(aws_sdk_ecs::Client::describe_services)
        .then_http_response(|| fake::http(400, &ecs_error("InvalidParameterException", "Something new happened")));
    let provider = fake::provider(&[&odd]);
    let err = ecs::describe_services(CLUSTER, &[service_arn(1)], &provider).await.expect_err("odd");
    let EcsError::Aws(aws) = &err else { panic!("passed through: {err:?}") };
    assert_eq!((aws.kind, aws.code.as_deref()), (ErrorKind::Other, Some("InvalidParameterException")));
    assert_eq!(aws.message.as_deref(), Some("Something new happened"));
    assert_eq!(aws.request_id.as_deref(), Some("REQ123"));
}

#[tokio::test]
async fn clusters_list_and_describe_in_one_stream_and_stop_task_returns_the_task() {
    let list = mock!(aws_sdk_ecs::Client::list_clusters).then_output(|| {
        ListClustersOutput::builder().cluster_arns("arn:aws:ecs:us-east-1:123456789012:cluster/demo-cluster").build()
    });
    let describe = mock!(aws_sdk_ecs::Client::describe_clusters).then_compute_output(|r| {
        aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput::builder()
            .set_clusters(Some(
                r.clusters()
                    .iter()
                    .map(|arn| {
                        aws_sdk_ecs::types::Cluster::builder()
                            .cluster_arn(arn)
                            .cluster_name("demo-cluster")
                            .status("ACTIVE")
                            .active_services_count(3)
                            .running_tasks_count(4)
                            .capacity_providers("FARGATE")
                            .build()
                    })
                    .collect(),
            ))
            .build()
    });
    let stop = mock!(aws_sdk_ecs::Client::stop_task)
        .match_requests(|r| r.reason() == Some("deploying a fix") && r.cluster() == Some(CLUSTER))
        .then_compute_output(|r| StopTaskOutput::builder().task(sdk_task(r.task().unwrap_or_default())).build());
    let provider = fake::provider(&[&list, &describe, &stop]);

    let clusters = described(&collect(ecs::clusters(&provider)).await);
    assert_eq!(clusters.len(), 1);
    assert_eq!(
        (clusters[0].name.as_str(), clusters[0].active_services, clusters[0].running_tasks),
        ("demo-cluster", 3, 4)
    );
    assert_eq!(clusters[0].capacity_providers, ["FARGATE"]);

    let task = ecs::stop_task(CLUSTER, &task_arn(3), "deploying a fix", &provider).await.expect("stopped");
    assert_eq!(task.desired_status, "STOPPED");
    assert_eq!(stop.num_calls(), 1);
}
