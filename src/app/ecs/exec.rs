//! `e`: a shell in a container of a task, over ECS Exec. Before the terminal
//! is handed to `aws ecs execute-command`, what ECS Exec needs is checked, and
//! whatever is missing is named with the next step: the read-only gate (a
//! shell can change anything), a running task started with ECS Exec, and a
//! running container whose ExecuteCommandAgent is running. A task with
//! several containers asks which one first.

use crossterm::event::{KeyCode, KeyEvent};

use super::{EcsPane, Modal, View, not_ready};
use crate::app::action::{ChildCredentials, Command, ExternalPurpose};
use crate::app::ctx::Ctx;
use crate::aws::ecs::{Container, Task};

/// The managed agent that runs ECS Exec sessions, as ECS names it.
const EXEC_AGENT: &str = "ExecuteCommandAgent";

/// The command run in the container.
pub const EXEC_SHELL: &str = "/bin/sh";

/// Why no shell can open in `task` at all, with the next step.
fn task_cannot_exec(cluster: &str, task: &Task) -> Option<String> {
    let id = &task.id;
    if task.last_status != "RUNNING" {
        let starting = matches!(task.last_status.as_str(), "PROVISIONING" | "PENDING" | "ACTIVATING")
            && task.desired_status == "RUNNING";
        let next = if starting { "; wait for it to start, press r, then e again" } else { "" };
        return Some(format!(
            "Task {id} is {}, not RUNNING: ECS Exec opens shells only in running tasks{next}.",
            task.last_status
        ));
    }
    if !task.enable_execute_command {
        let fix = match task.service_name() {
            Some(service) => format!(
                "enable it on service {service} (`aws ecs update-service --cluster {cluster} --service {service} \
                 --enable-execute-command --force-new-deployment`), then press e on one of its new tasks"
            ),
            None => "run the task again with `aws ecs run-task … --enable-execute-command`".to_owned(),
        };
        return Some(format!("Task {id} was started without ECS Exec (enableExecuteCommand is false): {fix}."));
    }
    None
}

/// Why no shell can open in `container` of task `task`, with the next step.
fn container_cannot_exec(task: &str, container: &Container) -> Option<String> {
    let name = &container.name;
    if container.last_status != "RUNNING" {
        return Some(format!(
            "Container {name} of task {task} is {}, not RUNNING: a shell opens only in a running container.",
            container.last_status
        ));
    }
    match container.exec_agent.as_deref() {
        Some("RUNNING") => None,
        Some(status) => {
            let next = if status == "PENDING" {
                "it is still starting: press r in a moment, then e again"
            } else {
                "the shell cannot open; a new task starts a new agent (F forces a new deployment)"
            };
            Some(format!(
                "The ECS Exec agent ({EXEC_AGENT}) of container {name} in task {task} is {status}, not RUNNING: {next}."
            ))
        }
        None => Some(format!(
            "Container {name} of task {task} has no ECS Exec agent ({EXEC_AGENT}): start a new task with ECS Exec \
             enabled."
        )),
    }
}

/// Whether a shell can open in `container` (for the first choice offered).
fn ready(container: &Container) -> bool {
    container.last_status == "RUNNING" && container.exec_agent.as_deref() == Some("RUNNING")
}

impl EcsPane {
    /// `e` in a task list or a task's detail: a shell in the task's
    /// container, after asking which one when it has several.
    pub(super) fn exec_key(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (cluster, task) = match self.stack.last() {
            Some(View::Tasks(v)) => {
                let Some(row) = v.table.selected() else { return Vec::new() };
                if let Some(why) = not_ready(row, "Task", "tasks") {
                    ctx.info(why);
                    return Vec::new();
                }
                let Some(task) = row.ready() else { return Vec::new() };
                (v.scope.cluster.clone(), task.clone())
            }
            Some(View::TaskDetail(d)) => (d.cluster.clone(), d.task.clone()),
            _ => {
                ctx.info("Select a task (t lists a cluster's tasks), then e opens a shell in one of its containers.");
                return Vec::new();
            }
        };
        if ctx.refuse_if_read_only(&format!("open a shell in task {}", task.id)) {
            return Vec::new();
        }
        if let Some(why) = task_cannot_exec(&cluster, &task) {
            ctx.error(why);
            return Vec::new();
        }
        match task.containers.as_slice() {
            [] => {
                ctx.error(format!("ECS reports no containers for task {}; press r to describe it again.", task.id));
                Vec::new()
            }
            [only] => match shell_command(&cluster, &task.id, only, ctx) {
                Ok(command) => vec![command],
                Err(why) => {
                    ctx.error(why);
                    Vec::new()
                }
            },
            containers => {
                let selected = containers.iter().position(ready).unwrap_or(0);
                self.modal =
                    Some(Modal::ChooseContainer { cluster, task: task.id, containers: containers.to_vec(), selected });
                Vec::new()
            }
        }
    }

    /// A key while the container choice is on screen: move, pick (Enter or
    /// the container's number), or cancel. A container that cannot take a
    /// shell says why and the choice stays.
    pub(super) fn choose_container_key(&mut self, modal: Modal, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Modal::ChooseContainer { cluster, task, containers, mut selected } = modal else { return Vec::new() };
        let last = containers.len().saturating_sub(1);
        let pick = match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                ctx.info("No shell was opened.");
                return Vec::new();
            }
            KeyCode::Enter => Some(selected),
            KeyCode::Char(c @ '1'..='9') => {
                let at = c as usize - '1' as usize;
                (at <= last).then_some(at)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                selected = selected.saturating_sub(1);
                None
            }
            KeyCode::Down | KeyCode::Char('j') => {
                selected = (selected + 1).min(last);
                None
            }
            KeyCode::Home | KeyCode::Char('g') => {
                selected = 0;
                None
            }
            KeyCode::End | KeyCode::Char('G') => {
                selected = last;
                None
            }
            _ => None,
        };
        if let Some(at) = pick {
            selected = at;
            match containers.get(at).map(|c| shell_command(&cluster, &task, c, ctx)) {
                Some(Ok(command)) => return vec![command],
                Some(Err(why)) => ctx.error(why),
                None => {}
            }
        }
        self.modal = Some(Modal::ChooseContainer { cluster, task, containers, selected });
        Vec::new()
    }
}

/// `aws ecs execute-command` into `container` of task `task`, as awscope's
/// context (profile, region, and the session's credentials after a role),
/// or why it cannot run.
fn shell_command(cluster: &str, task: &str, container: &Container, ctx: &mut Ctx<'_>) -> Result<Command, String> {
    if let Some(why) = container_cannot_exec(task, container) {
        return Err(why);
    }
    let Some(environment) = ctx.environment else {
        return Err("Not connected to AWS yet; try again in a moment.".to_owned());
    };
    let (options, credentials) = ChildCredentials::for_aws_cli(environment, ctx.generation);
    let mut args: Vec<String> =
        ["ecs", "execute-command", "--cluster", cluster, "--task", task, "--container"].map(str::to_owned).to_vec();
    args.push(container.name.clone());
    args.extend(["--interactive", "--command", EXEC_SHELL].map(str::to_owned));
    args.extend(options);
    let what = format!("shell in container {} of task {task}", container.name);
    ctx.info(format!("Opening a {what}…"));
    Ok(Command::RunExternal { program: "aws".into(), args, purpose: ExternalPurpose::Session(what), credentials })
}
