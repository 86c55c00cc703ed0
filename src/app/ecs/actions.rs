//! The ECS pane's two changes, force a new deployment and stop a task: the
//! read-only gate, the questions asked first (only `y` confirms), the request
//! and what the views do when ECS answers.

use crossterm::event::KeyEvent;

use super::{EcsPane, EcsPayload, EcsRequest, EcsSlot, Modal, RunningAction, View, request, slot};
use crate::app::action::Command;
use crate::app::ctx::Ctx;
use crate::app::input::{InputOutcome, TextInput, confirm_key};

/// The reason offered when stopping a task; ECS records it with the task.
pub const DEFAULT_STOP_REASON: &str = "Stopped with awscope";

impl EcsPane {
    /// Whether a change is already in flight (and says so).
    fn action_busy(&self, ctx: &mut Ctx<'_>) -> bool {
        if let Some(running) = &self.action {
            ctx.info(format!("{} — wait for it to finish.", running.what));
            return true;
        }
        false
    }

    /// `F`: after the read-only gate, asks before forcing a new deployment.
    pub(super) fn ask_deploy(&mut self, ctx: &mut Ctx<'_>) {
        let target = match self.stack.last() {
            Some(View::Services(v)) => v.table.selected().map(|row| (v.cluster.clone(), row.name.clone())),
            Some(View::ServiceDetail(d)) => Some((d.cluster.clone(), d.service.name.clone())),
            _ => {
                ctx.info("Select a service (open a cluster with Enter) to force a new deployment.");
                return;
            }
        };
        let Some((cluster, service)) = target else { return };
        if ctx.refuse_if_read_only(&format!("force a new deployment of {service}")) || self.action_busy(ctx) {
            return;
        }
        self.modal = Some(Modal::ConfirmDeploy { cluster, service });
    }

    /// `X`: after the read-only gate, asks the reason for stopping the task.
    pub(super) fn ask_stop(&mut self, ctx: &mut Ctx<'_>) {
        let target = match self.stack.last() {
            Some(View::Tasks(v)) => v.table.selected().map(|row| {
                let stopping = row.ready().is_some_and(|t| t.desired_status == "STOPPED");
                (v.scope.cluster.clone(), row.arn.clone(), row.name.clone(), stopping)
            }),
            Some(View::TaskDetail(d)) => {
                Some((d.cluster.clone(), d.task.arn.clone(), d.task.id.clone(), d.task.desired_status == "STOPPED"))
            }
            _ => {
                ctx.info("Select a task (t lists a cluster's tasks) to stop it.");
                return;
            }
        };
        let Some((cluster, task, id, stopping)) = target else { return };
        if stopping {
            ctx.info(format!("Task {id} is already stopping or stopped."));
            return;
        }
        if ctx.refuse_if_read_only(&format!("stop task {id}")) || self.action_busy(ctx) {
            return;
        }
        self.modal = Some(Modal::StopReason { cluster, task, input: TextInput::with_value(DEFAULT_STOP_REASON) });
    }

    /// Sends a confirmed change.
    fn run_action(&mut self, what: String, req: EcsRequest, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = ctx.load(slot(EcsSlot::Action), request(req));
        ctx.info(format!("{what}…"));
        self.action = Some(RunningAction { id, what });
        vec![command]
    }

    /// ECS answered a change: show it in every view, then refresh the one on screen.
    pub(super) fn on_action_done(&mut self, payload: EcsPayload, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.action = None;
        match payload {
            EcsPayload::Deployed(service) => {
                let deployment = service.primary_deployment().map(|d| format!(" ({})", d.id)).unwrap_or_default();
                ctx.info(format!(
                    "Started a new deployment of {}{deployment}; ECS is replacing its tasks.",
                    service.name
                ));
                self.show_service(&service);
                match self.stack.last() {
                    Some(View::ServiceDetail(_)) => self.refresh_detail(ctx),
                    Some(View::Services(view)) => {
                        let target = EcsRequest::Service { cluster: view.cluster.clone(), service: service.arn };
                        let (id, command) = ctx.load(slot(EcsSlot::Detail), request(target));
                        self.detail_request = Some(id);
                        vec![command]
                    }
                    _ => Vec::new(),
                }
            }
            EcsPayload::Stopped(task) => {
                let reason = task.stopped_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
                ctx.info(format!("Stopping task {}{reason}.", task.id));
                self.show_task(&task);
                match self.stack.last_mut() {
                    Some(View::Tasks(view)) => vec![Self::load_tasks(view, ctx)],
                    Some(View::TaskDetail(_)) => {
                        for view in &mut self.stack {
                            if let View::Tasks(v) = view {
                                v.stale = true;
                            }
                        }
                        self.refresh_detail(ctx)
                    }
                    _ => Vec::new(),
                }
            }
            _ => Vec::new(),
        }
    }

    /// A key while a question (or the container choice) is on screen.
    pub(super) fn modal_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.modal.take() {
            Some(Modal::ConfirmDeploy { cluster, service }) => match confirm_key(key) {
                InputOutcome::Submitted => {
                    let what = format!("Forcing a new deployment of {service}");
                    self.run_action(what, EcsRequest::ForceDeployment { cluster, service }, ctx)
                }
                InputOutcome::Cancelled => {
                    ctx.info(format!("Left {service} as it was; no deployment was started."));
                    Vec::new()
                }
                InputOutcome::Editing => {
                    self.modal = Some(Modal::ConfirmDeploy { cluster, service });
                    Vec::new()
                }
            },
            Some(Modal::StopReason { cluster, task, mut input }) => match input.on_key(key) {
                InputOutcome::Editing => {
                    self.modal = Some(Modal::StopReason { cluster, task, input });
                    Vec::new()
                }
                InputOutcome::Cancelled => {
                    ctx.info("The task was left running.");
                    Vec::new()
                }
                InputOutcome::Submitted if input.value.trim().is_empty() => {
                    ctx.error("Type a reason for stopping the task; ECS records it with the task.");
                    self.modal = Some(Modal::StopReason { cluster, task, input });
                    Vec::new()
                }
                InputOutcome::Submitted => {
                    let reason = input.value.trim().to_owned();
                    self.modal = Some(Modal::ConfirmStop { cluster, task, reason });
                    Vec::new()
                }
            },
            Some(Modal::ConfirmStop { cluster, task, reason }) => match confirm_key(key) {
                InputOutcome::Submitted => {
                    let what = format!("Stopping task {}", crate::aws::ecs::name_from_arn(&task));
                    self.run_action(what, EcsRequest::StopTask { cluster, task, reason }, ctx)
                }
                InputOutcome::Cancelled => {
                    ctx.info("The task was left running.");
                    Vec::new()
                }
                InputOutcome::Editing => {
                    self.modal = Some(Modal::ConfirmStop { cluster, task, reason });
                    Vec::new()
                }
            },
            Some(modal @ Modal::ChooseContainer { .. }) => self.choose_container_key(modal, key, ctx),
            None => Vec::new(),
        }
    }
}
