//! The Ecs pane as a room: what the app asks of it.

use super::*;
use crate::app::goto::{GoCommand, Target, word};
use crate::app::keymap::Key::Char;
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};

/// The keys of the Ecs pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('t')],
        action: KeyAction::EcsTasks,
        help: "tasks of the cluster (or of the service)",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('i')],
        action: KeyAction::EcsDetail,
        help: "detail of the service or task",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('S')],
        action: KeyAction::EcsStopped,
        help: "tasks: show stopped / running",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('l')],
        action: KeyAction::EcsLogs,
        help: "logs of the service or task, following",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('F')],
        action: KeyAction::EcsDeploy,
        help: "force a new deployment (asks first)",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('X')],
        action: KeyAction::EcsStopTask,
        help: "stop the task (asks a reason, then y)",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('e')],
        action: KeyAction::EcsExec,
        help: "shell in a container (ECS Exec)",
        group: Group::Pane(Pane::Ecs),
    },
];

/// The ECS pane's `:` commands.
const COMMANDS: &[GoCommand] =
    &[GoCommand { names: &["ecs", "cluster", "clusters"], args: "[cluster[/service]]", target: ecs_target }];

/// `cluster`, `cluster/service` or nothing.
fn ecs_target(arg: &str) -> Target {
    let (cluster, service) = match arg.split_once('/') {
        Some((c, s)) => (Some(c.to_owned()), Some(s.to_owned()).filter(|s| !s.is_empty())),
        None => (word(arg), None),
    };
    Target::Ecs { cluster: cluster.filter(|c| !c.is_empty()), service }
}

impl Room for EcsPane {
    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        let stacked: usize = self
            .stack
            .iter()
            .map(|view| match view {
                View::Services(v) => usize::from(v.table.is_loading()),
                View::Tasks(v) => usize::from(v.table.is_loading()),
                View::ServiceDetail(_) | View::TaskDetail(_) => 0,
            })
            .sum();
        usize::from(self.clusters.is_loading())
            + stacked
            + usize::from(self.detail_request.is_some())
            + usize::from(self.action.is_some())
            + usize::from(self.logs_lookup.is_some())
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.clusters.listing.state == LoadState::Idle { vec![self.load_clusters(ctx)] } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.stack.last_mut() {
            None => vec![self.load_clusters(ctx)],
            Some(View::Services(view)) => vec![Self::load_services(view, ctx)],
            Some(View::Tasks(view)) => vec![Self::load_tasks(view, ctx)],
            Some(View::ServiceDetail(_) | View::TaskDetail(_)) => self.refresh_detail(ctx),
        }
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        match action {
            KeyAction::Open => return self.open(ctx),
            KeyAction::Back => return self.back(ctx),
            KeyAction::EcsTasks => return self.tasks_key(ctx),
            KeyAction::EcsDetail => self.detail_key(ctx),
            KeyAction::EcsStopped => return self.toggle_stopped(ctx),
            KeyAction::EcsDeploy => self.ask_deploy(ctx),
            KeyAction::EcsStopTask => self.ask_stop(ctx),
            KeyAction::EcsLogs => return self.logs_key(ctx),
            KeyAction::EcsExec => return self.exec_key(ctx),
            other => match self.stack.last_mut() {
                None => self.clusters.listing.navigate(other, rows),
                Some(View::Services(v)) => v.table.listing.navigate(other, rows),
                Some(View::Tasks(v)) => v.table.listing.navigate(other, rows),
                Some(view) => Self::scroll(view, other, rows),
            },
        }
        Vec::new()
    }

    fn captures_input(&self) -> bool {
        self.modal.is_some()
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.modal_key(key, ctx)
    }

    fn resized(&mut self, layout: &Layout) {
        let rows = layout.list_rows;
        self.clusters.listing.scroll_into_view(rows);
        for view in &mut self.stack {
            match view {
                View::Services(v) => v.table.listing.scroll_into_view(rows),
                View::Tasks(v) => v.table.listing.scroll_into_view(rows),
                View::ServiceDetail(_) | View::TaskDetail(_) => {}
            }
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        match self.stack.last_mut() {
            None => Some(&mut self.clusters.listing),
            Some(View::Services(v)) => Some(&mut v.table.listing),
            Some(View::Tasks(v)) => Some(&mut v.table.listing),
            Some(View::ServiceDetail(_) | View::TaskDetail(_)) => None,
        }
    }

    fn location(&self) -> Target {
        match self.stack.last() {
            None => Target::Ecs { cluster: None, service: None },
            Some(View::Services(v)) => Target::Ecs { cluster: Some(v.cluster.clone()), service: None },
            Some(View::ServiceDetail(v)) => {
                Target::Ecs { cluster: Some(v.cluster.clone()), service: Some(v.service.name.clone()) }
            }
            Some(View::Tasks(v)) => {
                Target::Ecs { cluster: Some(v.scope.cluster.clone()), service: v.scope.service.clone() }
            }
            Some(View::TaskDetail(v)) => Target::Ecs { cluster: Some(v.cluster.clone()), service: None },
        }
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match target {
            Target::Ecs { cluster, service } => self.open_cluster_at(cluster, service, ctx),
            _ => Vec::new(),
        }
    }

    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource> {
        self.resource_at(place)
    }
}

impl PaneState for EcsPane {
    type Slot = EcsSlot;
    type Payload = EcsPayload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn on_loaded(
        &mut self,
        slot: EcsSlot,
        id: RequestId,
        payload: EcsPayload,
        _more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (slot, payload) {
            (EcsSlot::Clusters, EcsPayload::Clusters(update)) if self.clusters.accepts(id) => {
                self.clusters.apply(update);
            }
            (EcsSlot::Services, EcsPayload::Services(update)) => {
                if let Some(View::Services(v)) = self.stack.iter_mut().rev().find(|v| matches!(v, View::Services(_)))
                    && v.table.accepts(id)
                {
                    v.table.apply(update);
                    self.select_pending_service(ctx);
                }
            }
            (EcsSlot::Tasks, EcsPayload::Tasks(update)) => {
                if let Some(View::Tasks(v)) = self.stack.iter_mut().rev().find(|v| matches!(v, View::Tasks(_)))
                    && v.table.accepts(id)
                {
                    v.table.apply(update);
                }
            }
            (EcsSlot::Detail, EcsPayload::Service(service)) if self.end_detail_refresh(id, None) => {
                self.show_service(&service);
            }
            (EcsSlot::Detail, EcsPayload::Task(task)) if self.end_detail_refresh(id, None) => self.show_task(&task),
            (EcsSlot::Logs, EcsPayload::LogSources { tasks, definitions }) => {
                self.logs_found(id, &tasks, &definitions, ctx);
            }
            (EcsSlot::Action, payload) if self.action.as_ref().is_some_and(|a| a.id == id) => {
                return self.on_action_done(payload, ctx);
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_failed(&mut self, slot: EcsSlot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        match slot {
            EcsSlot::Clusters if self.clusters.accepts(id) => self.clusters.fail(error),
            EcsSlot::Clusters => {}
            EcsSlot::Services | EcsSlot::Tasks => {
                for view in self.stack.iter_mut().rev() {
                    match view {
                        View::Services(v) if slot == EcsSlot::Services && v.table.accepts(id) => {
                            v.table.fail(error);
                            return;
                        }
                        View::Tasks(v) if slot == EcsSlot::Tasks && v.table.accepts(id) => {
                            v.table.fail(error);
                            return;
                        }
                        _ => {}
                    }
                }
            }
            EcsSlot::Detail => {
                if self.end_detail_refresh(id, Some(&error))
                    && !self.stack.iter().any(|v| match v {
                        View::ServiceDetail(d) => d.error.is_some(),
                        View::TaskDetail(d) => d.error.is_some(),
                        _ => false,
                    })
                {
                    // Refreshing a row after a change failed: say so on the status line.
                    ctx.error(error.message);
                }
            }
            EcsSlot::Logs => {
                if self.logs_lookup.take_if(|l| l.id == id).is_some() {
                    ctx.error(format!("Could not find where the logs are: {}", error.message));
                }
            }
            EcsSlot::Action => {
                if let Some(running) = self.action.take_if(|a| a.id == id) {
                    ctx.error(format!("{} failed: {}", running.what, error.message));
                }
            }
        }
    }
}
