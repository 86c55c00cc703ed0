//! The log streams of ECS tasks, from their task definitions'
//! `logConfiguration`: `awslogs-group`, `awslogs-stream-prefix` →
//! `prefix/container/task-id`, `awslogs-region`. Used by `l` in the ECS pane
//! and by `S` in a service's events (stopped tasks added).

use std::collections::BTreeMap;

use super::events::{Opening, TagStyle};
use crate::aws::ecs::{Task, TaskDefinition, short_task_definition};
use crate::aws::logs::EventScope;

/// The service an events view was opened for from ECS, so its scope can be
/// widened to the tasks that stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsOrigin {
    /// The cluster.
    pub cluster: String,
    /// The service.
    pub service: String,
    /// Whether stopped tasks are included.
    pub stopped: bool,
}

/// Where the log streams of `tasks` are, from their task definitions: the
/// opening for the Logs pane, with a note naming any container whose output
/// cannot be read and why.
///
/// # Errors
/// Why no stream at all can be read (every container uses another log
/// driver, has no stream prefix, or there are no tasks).
pub fn log_opening(title: &str, tasks: &[Task], definitions: &[TaskDefinition]) -> Result<Opening, String> {
    if tasks.is_empty() {
        return Err(format!("{title} has no tasks, so there are no log streams to read."));
    }
    // group → (region, streams); notes about containers that cannot be read.
    let mut groups: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    let mut notes: Vec<String> = Vec::new();
    let mut note = |text: String| {
        if !notes.contains(&text) {
            notes.push(text);
        }
    };
    for task in tasks {
        let Some(definition) = definitions.iter().find(|d| d.arn == task.task_definition) else {
            note(format!("the task definition {} could not be read", short_task_definition(&task.task_definition)));
            continue;
        };
        for container in &definition.containers {
            let name = &container.name;
            let Some(log) = &container.log else {
                note(format!("container {name} has no log configuration, so its output is not kept"));
                continue;
            };
            if log.driver != "awslogs" {
                note(format!(
                    "container {name} uses the {} log driver; awscope reads only awslogs streams",
                    log.driver
                ));
                continue;
            }
            let Some(group) = &log.group else {
                note(format!("container {name} names no awslogs-group in {}", definition.name));
                continue;
            };
            let Some(prefix) = log.prefix.as_deref().filter(|p| !p.is_empty()) else {
                note(format!(
                    "container {name} has no awslogs-stream-prefix in {}, so its stream names do not carry the task id and cannot be found",
                    definition.name
                ));
                continue;
            };
            let entry = groups.entry(group.clone()).or_insert_with(|| (log.region.clone(), Vec::new()));
            let stream = format!("{prefix}/{name}/{}", task.id);
            if !entry.1.contains(&stream) {
                entry.1.push(stream);
            }
        }
    }
    let Some((group, (region, streams))) = groups.iter().max_by_key(|(_, (_, streams))| streams.len()) else {
        let why = if notes.is_empty() { "no container logs to CloudWatch".to_owned() } else { notes.join("; ") };
        return Err(format!("The logs of {title} cannot be read: {why}."));
    };
    for (other, (_, s)) in &groups {
        if other != group {
            note(format!("{} stream(s) log to group {other} (not shown)", s.len()));
        }
    }
    let scope =
        EventScope { group: group.clone(), region: region.clone(), streams: streams.clone(), ..EventScope::default() };
    let mut opening = Opening::new(scope, title.to_owned(), TagStyle::Ecs);
    if !notes.is_empty() {
        let mut text = notes.join("; ");
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        opening.note = Some(format!("{text}."));
    }
    Ok(opening)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ecs::{ContainerDefinition, LogConfig};

    fn task(id: &str, definition: &str) -> Task {
        Task {
            arn: format!("arn:aws:ecs:us-east-1:123456789012:task/demo/{id}"),
            id: id.to_owned(),
            cluster_arn: "arn:aws:ecs:us-east-1:123456789012:cluster/demo".to_owned(),
            task_definition: definition.to_owned(),
            last_status: "RUNNING".to_owned(),
            desired_status: "RUNNING".to_owned(),
            ..Task::default()
        }
    }

    fn awslogs(group: &str, prefix: Option<&str>) -> Option<LogConfig> {
        Some(LogConfig {
            driver: "awslogs".to_owned(),
            group: Some(group.to_owned()),
            prefix: prefix.map(str::to_owned),
            region: Some("us-east-1".to_owned()),
        })
    }

    fn definition(arn: &str, containers: Vec<(&str, Option<LogConfig>)>) -> TaskDefinition {
        TaskDefinition {
            arn: arn.to_owned(),
            name: short_task_definition(arn).to_owned(),
            containers: containers
                .into_iter()
                .map(|(name, log)| ContainerDefinition { name: name.to_owned(), log })
                .collect(),
        }
    }

    const WEB: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3";

    #[test]
    fn streams_are_prefix_container_task() {
        let defs = [definition(
            WEB,
            vec![("app", awslogs("/ecs/web", Some("ecs"))), ("proxy", awslogs("/ecs/web", Some("ecs")))],
        )];
        let opening = log_opening("service web", &[task("aaa", WEB), task("bbb", WEB)], &defs).unwrap();
        assert_eq!(opening.scope.group, "/ecs/web");
        assert_eq!(opening.scope.streams, ["ecs/app/aaa", "ecs/proxy/aaa", "ecs/app/bbb", "ecs/proxy/bbb"]);
        assert_eq!(opening.scope.region.as_deref(), Some("us-east-1"));
        assert_eq!(opening.note, None);
    }

    #[test]
    fn containers_that_cannot_be_read_are_named() {
        let firelens = LogConfig { driver: "awsfirelens".to_owned(), group: None, prefix: None, region: None };
        let defs = [definition(
            WEB,
            vec![
                ("app", awslogs("/ecs/web", Some("ecs"))),
                ("router", Some(firelens)),
                ("sidecar", awslogs("/ecs/web", None)),
            ],
        )];
        let opening = log_opening("task aaa", &[task("aaa", WEB)], &defs).unwrap();
        assert_eq!(opening.scope.streams, ["ecs/app/aaa"]);
        let note = opening.note.unwrap();
        assert!(note.contains("router uses the awsfirelens log driver"), "{note}");
        assert!(note.contains("sidecar has no awslogs-stream-prefix"), "{note}");
    }

    #[test]
    fn nothing_readable_says_why() {
        let defs = [definition(WEB, vec![("app", None)])];
        let error = log_opening("task aaa", &[task("aaa", WEB)], &defs).unwrap_err();
        assert!(error.contains("container app has no log configuration"), "{error}");
        assert!(log_opening("service idle", &[], &defs).unwrap_err().contains("has no tasks"));
    }
}
