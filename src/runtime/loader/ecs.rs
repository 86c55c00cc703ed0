//! The ECS pane's loads: listings whose describe batches are reported one by
//! one as they return, single re-describes, and the two changes.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;

use super::Sink;
use crate::app::action::{Failure, Payload};
use crate::app::ecs::{EcsPayload, EcsRequest, TableUpdate};
use crate::aws::ecs::{self, EcsError, Progress};
use crate::aws::provider::AwsProvider;

/// Runs one ECS request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: EcsRequest, sink: &Sink) {
    match request {
        EcsRequest::Clusters => stream_table(ecs::clusters(provider), sink, EcsPayload::Clusters).await,
        EcsRequest::Services { cluster } => {
            stream_table(ecs::services(&cluster, provider), sink, EcsPayload::Services).await;
        }
        EcsRequest::Tasks(scope) => stream_table(ecs::tasks(&scope, provider), sink, EcsPayload::Tasks).await,
        EcsRequest::Service { cluster, service } => {
            reply(sink, ecs::describe_service(&cluster, &service, provider).await.map(EcsPayload::Service));
        }
        EcsRequest::Task { cluster, task } => {
            reply(sink, ecs::describe_task(&cluster, &task, provider).await.map(EcsPayload::Task));
        }
        EcsRequest::ForceDeployment { cluster, service } => {
            reply(sink, ecs::force_new_deployment(&cluster, &service, provider).await.map(EcsPayload::Deployed));
        }
        EcsRequest::LogSources { cluster, service, tasks, stopped } => {
            let found = log_sources(provider, cluster, service, tasks, stopped).await;
            reply(sink, found.map(|(tasks, definitions)| EcsPayload::LogSources { tasks, definitions }));
        }
        EcsRequest::StopTask { cluster, task, reason } => {
            reply(sink, ecs::stop_task(&cluster, &task, &reason, provider).await.map(EcsPayload::Stopped));
        }
    }
}

fn reply(sink: &Sink, result: Result<EcsPayload, EcsError>) {
    match result {
        Ok(payload) => sink.send(Payload::Ecs(payload), false),
        Err(e) => sink.fail_service(&e),
    }
}

/// Sends every page of ARNs and every describe batch as its own payload, so
/// rows appear after the first List page and fill in as batches return. A
/// List failure is reported last, after the batches already listed have been
/// described, so the rows it leaves are complete.
async fn stream_table<T>(
    mut progress: BoxStream<'static, Progress<T>>,
    sink: &Sink,
    wrap: fn(TableUpdate<T>) -> EcsPayload,
) {
    let mut list_error: Option<EcsError> = None;
    while let Some(step) = progress.next().await {
        let update = match step {
            Progress::Listed(arns) => TableUpdate::Listed(arns),
            Progress::Described(described) => TableUpdate::Described(described),
            Progress::BatchFailed { arns, error } => {
                TableUpdate::BatchFailed { arns, failure: Failure::new(error.kind(), &error) }
            }
            Progress::ListFailed(error) => {
                list_error = Some(error);
                continue;
            }
        };
        sink.send(Payload::Ecs(wrap(update)), true);
    }
    match list_error {
        Some(e) => sink.fail_service(&e),
        None => sink.send(Payload::Ecs(wrap(TableUpdate::Done)), false),
    }
}

/// The tasks behind `l` (a service's running tasks, and its stopped ones
/// when `stopped`, listed and described) and their distinct task
/// definitions, described a few at a time.
pub(super) async fn log_sources(
    provider: &AwsProvider,
    cluster: String,
    service: Option<String>,
    mut tasks: Vec<ecs::Task>,
    stopped: bool,
) -> Result<(Vec<ecs::Task>, Vec<ecs::TaskDefinition>), EcsError> {
    if let Some(service) = service {
        for stopped in [false, true].into_iter().filter(|s| !s || stopped) {
            let scope = ecs::TaskScope { cluster: cluster.clone(), service: Some(service.clone()), stopped };
            let mut progress = ecs::tasks(&scope, provider);
            while let Some(step) = progress.next().await {
                match step {
                    // Only the service's own tasks, even where ListTasks ignores
                    // `serviceName` (moto lists the whole cluster).
                    ecs::Progress::Described(described) => {
                        tasks.extend(described.items.into_iter().filter(|t| t.service_name() == Some(service.as_str())))
                    }
                    ecs::Progress::ListFailed(e) | ecs::Progress::BatchFailed { error: e, .. } => return Err(e),
                    ecs::Progress::Listed(_) => {}
                }
            }
        }
    }
    let mut arns: Vec<String> = tasks.iter().map(|t| t.task_definition.clone()).collect();
    arns.sort();
    arns.dedup();
    let definitions: Vec<ecs::TaskDefinition> = futures_util::stream::iter(arns)
        .map(|arn| async move { ecs::describe_task_definition(&arn, provider).await })
        .buffer_unordered(4)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, _>>()?;
    Ok((tasks, definitions))
}
