//! The ECS pane's state: the cluster list and, stacked above it, a cluster's
//! services, a service's detail, tasks and a task's detail; plus the two
//! changes it can make (force a new deployment, stop a task), each behind the
//! read-only gate and a confirmation, and a shell in a task's container (ECS
//! Exec), behind the read-only gate.

mod actions;
mod exec;
pub mod logs;
pub mod views;

mod resource;
mod room;

use crossterm::event::KeyEvent;

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::listing::LoadState;
use crate::aws::ecs::{Cluster, Service, Task, TaskDefinition, TaskScope};
pub use actions::DEFAULT_STOP_REASON;
pub use exec::EXEC_SHELL;
pub use views::{
    HasArn, Modal, Row, RowState, RunningAction, ServiceDetailView, ServicesView, Table, TableUpdate, TaskDetailView,
    TasksView, View,
};

/// Load slots of the ECS pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EcsSlot {
    /// The cluster list.
    Clusters,
    /// The services of the cluster on screen.
    Services,
    /// The tasks on screen.
    Tasks,
    /// A re-describe of one service or task.
    Detail,
    /// A change: force deployment or stop task.
    Action,
    /// The task definitions behind `l` (where the logs are).
    Logs,
}

impl EcsSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Clusters => "ECS clusters",
            Self::Services => "ECS services",
            Self::Tasks => "ECS tasks",
            Self::Detail => "the ECS detail",
            Self::Action => "the ECS change",
            Self::Logs => "the log configuration of the task definitions",
        }
    }
}

/// Requests of the ECS pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcsRequest {
    /// Every cluster, listed and described in batches.
    Clusters,
    /// Every service of a cluster, listed and described in batches.
    Services {
        /// The cluster name.
        cluster: String,
    },
    /// Tasks of a cluster or a service, listed and described in batches.
    Tasks(TaskScope),
    /// One service, described again.
    Service {
        /// The cluster name.
        cluster: String,
        /// The service ARN.
        service: String,
    },
    /// One task, described again.
    Task {
        /// The cluster name.
        cluster: String,
        /// The task ARN.
        task: String,
    },
    /// UpdateService with `forceNewDeployment`.
    ForceDeployment {
        /// The cluster name.
        cluster: String,
        /// The service name.
        service: String,
    },
    /// The task definitions of some tasks (a service's running tasks, listed
    /// first when `service` is given), for their log configuration.
    LogSources {
        /// The cluster name.
        cluster: String,
        /// The service whose running tasks to list, if any.
        service: Option<String>,
        /// The tasks, when known.
        tasks: Vec<Task>,
        /// Whether the service's stopped tasks are listed too.
        stopped: bool,
    },
    /// StopTask.
    StopTask {
        /// The cluster name.
        cluster: String,
        /// The task ARN.
        task: String,
        /// Why, recorded by ECS.
        reason: String,
    },
}

/// Data for the ECS pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcsPayload {
    /// Progress of the cluster list.
    Clusters(TableUpdate<Cluster>),
    /// Progress of a service list.
    Services(TableUpdate<Service>),
    /// Progress of a task list.
    Tasks(TableUpdate<Task>),
    /// One service, described again.
    Service(Service),
    /// One task, described again.
    Task(Task),
    /// A new deployment was forced; the service as ECS now has it.
    Deployed(Service),
    /// A task was stopped; the task as ECS now has it.
    Stopped(Task),
    /// The tasks behind `l` and their task definitions.
    LogSources {
        /// The tasks.
        tasks: Vec<Task>,
        /// Their task definitions (those that could be read).
        definitions: Vec<TaskDefinition>,
    },
}

/// The ECS pane.
#[derive(Debug, Clone, Default)]
pub struct EcsPane {
    /// The cluster list, always at the bottom of the stack.
    pub clusters: Table<Cluster>,
    /// Views opened from it, the last on screen.
    pub stack: Vec<View>,
    /// The question on screen, if any.
    pub modal: Option<Modal>,
    /// The change in flight, if any.
    pub action: Option<RunningAction>,
    /// A service to select in the services on screen once it is listed
    /// (a deep link to `cluster/service`).
    pub select_service: Option<String>,
    detail_request: Option<RequestId>,
    /// The `l` being looked up, if any.
    logs_lookup: Option<logs::LogsLookup>,
}

fn slot(s: EcsSlot) -> Slot {
    Slot::Ecs(s)
}

fn request(r: EcsRequest) -> LoadRequest {
    LoadRequest::Ecs(r)
}

/// Why a row cannot be opened yet, or `None` when it can.
fn not_ready<T>(row: &Row<T>, what: &str, reload: &str) -> Option<String> {
    match &row.state {
        RowState::Ready(_) => None,
        RowState::Pending => Some(format!("{what} {} is still being described; try again in a moment.", row.name)),
        RowState::Unavailable(reason) => {
            Some(format!("{what} {} could not be described ({reason}); press r to reload the {reload}.", row.name))
        }
    }
}

impl EcsPane {
    /// The view on screen, if it is not the cluster list.
    #[must_use]
    pub fn top(&self) -> Option<&View> {
        self.stack.last()
    }

    fn load_clusters(&mut self, ctx: &mut Ctx<'_>) -> Command {
        let (id, command) = ctx.load(slot(EcsSlot::Clusters), request(EcsRequest::Clusters));
        self.clusters.start(id);
        command
    }

    fn load_services(view: &mut ServicesView, ctx: &mut Ctx<'_>) -> Command {
        let (id, command) =
            ctx.load(slot(EcsSlot::Services), request(EcsRequest::Services { cluster: view.cluster.clone() }));
        view.table.start(id);
        command
    }

    fn load_tasks(view: &mut TasksView, ctx: &mut Ctx<'_>) -> Command {
        let (id, command) = ctx.load(slot(EcsSlot::Tasks), request(EcsRequest::Tasks(view.scope.clone())));
        view.table.start(id);
        view.stale = false;
        command
    }

    /// Describes the detail on screen again; any other detail refresh stops.
    fn refresh_detail(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let target = match self.stack.last() {
            Some(View::ServiceDetail(d)) => {
                EcsRequest::Service { cluster: d.cluster.clone(), service: d.service.arn.clone() }
            }
            Some(View::TaskDetail(d)) => EcsRequest::Task { cluster: d.cluster.clone(), task: d.task.arn.clone() },
            _ => return Vec::new(),
        };
        let (id, command) = ctx.load(slot(EcsSlot::Detail), request(target));
        self.detail_request = Some(id);
        for view in &mut self.stack {
            match view {
                View::ServiceDetail(d) => d.refresh = None,
                View::TaskDetail(d) => d.refresh = None,
                _ => {}
            }
        }
        match self.stack.last_mut() {
            Some(View::ServiceDetail(d)) => d.refresh = Some(id),
            Some(View::TaskDetail(d)) => d.refresh = Some(id),
            _ => {}
        }
        vec![command]
    }

    fn open_services(&mut self, cluster: String, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut view = ServicesView { cluster, table: Table::default() };
        let command = Self::load_services(&mut view, ctx);
        self.stack.push(View::Services(view));
        vec![command]
    }

    fn open_tasks(&mut self, cluster: String, service: Option<String>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut view =
            TasksView { scope: TaskScope { cluster, service, stopped: false }, table: Table::default(), stale: false };
        let command = Self::load_tasks(&mut view, ctx);
        self.stack.push(View::Tasks(view));
        vec![command]
    }

    fn open_service_detail(&mut self, ctx: &mut Ctx<'_>) {
        let Some(View::Services(view)) = self.stack.last() else { return };
        let Some(row) = view.table.selected() else { return };
        if let Some(why) = not_ready(row, "Service", "services") {
            ctx.info(why);
            return;
        }
        if let Some(service) = row.ready().cloned() {
            let cluster = view.cluster.clone();
            self.stack.push(View::ServiceDetail(ServiceDetailView {
                cluster,
                service,
                refresh: None,
                error: None,
                scroll: 0,
            }));
        }
    }

    fn open_task_detail(&mut self, ctx: &mut Ctx<'_>) {
        let Some(View::Tasks(view)) = self.stack.last() else { return };
        let Some(row) = view.table.selected() else { return };
        if let Some(why) = not_ready(row, "Task", "tasks") {
            ctx.info(why);
            return;
        }
        if let Some(task) = row.ready().cloned() {
            let cluster = view.scope.cluster.clone();
            self.stack.push(View::TaskDetail(TaskDetailView { cluster, task, refresh: None, error: None, scroll: 0 }));
        }
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.stack.last() {
            None => match self.clusters.selected() {
                Some(row) => {
                    let name = row.name.clone();
                    self.open_services(name, ctx)
                }
                None => Vec::new(),
            },
            Some(View::Services(view)) => match view.table.selected() {
                Some(row) => {
                    let (cluster, service) = (view.cluster.clone(), row.name.clone());
                    self.open_tasks(cluster, Some(service), ctx)
                }
                None => Vec::new(),
            },
            Some(View::ServiceDetail(d)) => {
                let (cluster, service) = (d.cluster.clone(), d.service.name.clone());
                self.open_tasks(cluster, Some(service), ctx)
            }
            Some(View::Tasks(_)) => {
                self.open_task_detail(ctx);
                Vec::new()
            }
            Some(View::TaskDetail(_)) => Vec::new(),
        }
    }

    /// `t`: every task of the cluster; in a service's detail, its tasks.
    fn tasks_key(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (cluster, service) = match self.stack.last() {
            None => match self.clusters.selected() {
                Some(row) => (row.name.clone(), None),
                None => return Vec::new(),
            },
            Some(View::Services(v)) => (v.cluster.clone(), None),
            Some(View::ServiceDetail(d)) => (d.cluster.clone(), Some(d.service.name.clone())),
            Some(View::Tasks(_) | View::TaskDetail(_)) => {
                ctx.info("These are tasks already; Esc goes back to the services.");
                return Vec::new();
            }
        };
        self.open_tasks(cluster, service, ctx)
    }

    fn detail_key(&mut self, ctx: &mut Ctx<'_>) {
        match self.stack.last() {
            Some(View::Services(_)) => self.open_service_detail(ctx),
            Some(View::Tasks(_)) => self.open_task_detail(ctx),
            Some(View::ServiceDetail(_) | View::TaskDetail(_)) => {}
            None => ctx.info("Open a cluster (Enter) to see its services; d shows a service's or task's detail."),
        }
    }

    fn toggle_stopped(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(View::Tasks(view)) = self.stack.last_mut() else {
            ctx.info("S switches a task list between running and stopped tasks.");
            return Vec::new();
        };
        view.scope.stopped = !view.scope.stopped;
        view.table = Table::default();
        vec![Self::load_tasks(view, ctx)]
    }

    fn back(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.select_service = None;
        let Some(view) = self.stack.pop() else {
            if self.clusters.is_loading() {
                self.clusters.listing.cancel();
                ctx.info("Stopped loading ECS clusters; the list may be incomplete — press r to reload.");
                return vec![Command::Cancel(slot(EcsSlot::Clusters))];
            }
            return Vec::new();
        };
        let mut commands = match view {
            View::Services(_) => vec![Command::Cancel(slot(EcsSlot::Services))],
            View::Tasks(_) => vec![Command::Cancel(slot(EcsSlot::Tasks))],
            View::ServiceDetail(ServiceDetailView { refresh: Some(_), .. })
            | View::TaskDetail(TaskDetailView { refresh: Some(_), .. }) => {
                self.detail_request = None;
                vec![Command::Cancel(slot(EcsSlot::Detail))]
            }
            View::ServiceDetail(_) | View::TaskDetail(_) => Vec::new(),
        };
        // A task list under a task that was stopped reloads on return.
        if let Some(View::Tasks(parent)) = self.stack.last_mut()
            && parent.stale
        {
            commands.push(Self::load_tasks(parent, ctx));
        }
        // A cluster list never loaded (the pane was opened at a cluster) loads now.
        if self.stack.is_empty() && self.clusters.listing.state == LoadState::Idle {
            commands.push(self.load_clusters(ctx));
        }
        commands
    }

    /// Opens the cluster list, a cluster's services, or its services with
    /// `service` selected once listed; replaces the views open now and
    /// cancels their loads. The cluster list loads when Esc returns to it.
    pub fn open_cluster_at(
        &mut self,
        cluster: Option<String>,
        service: Option<String>,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let mut commands: Vec<Command> = Vec::new();
        let mut cancel = |slot: EcsSlot| {
            let command = Command::Cancel(Slot::Ecs(slot));
            if !commands.contains(&command) {
                commands.push(command);
            }
        };
        for view in self.stack.drain(..) {
            match view {
                View::Services(v) if v.table.is_loading() => cancel(EcsSlot::Services),
                View::Tasks(v) if v.table.is_loading() => cancel(EcsSlot::Tasks),
                _ => {}
            }
        }
        if self.detail_request.take().is_some() {
            cancel(EcsSlot::Detail);
        }
        self.select_service = None;
        match cluster {
            None => {
                if !matches!(self.clusters.listing.state, LoadState::Loading | LoadState::Complete) {
                    commands.push(self.load_clusters(ctx));
                }
            }
            Some(cluster) => {
                if let Some(at) = self.clusters.listing.items.iter().position(|row| row.name == cluster) {
                    self.clusters.listing.selected = at;
                    self.clusters.listing.scroll_into_view(ctx.rows);
                }
                self.select_service = service;
                commands.extend(self.open_services(cluster, ctx));
            }
        }
        commands
    }

    /// Selects the service a deep link named, once the services on screen list it.
    fn select_pending_service(&mut self, ctx: &mut Ctx<'_>) {
        let Some(name) = &self.select_service else { return };
        let Some(View::Services(view)) = self.stack.last_mut() else { return };
        if let Some(at) = view.table.listing.items.iter().position(|row| &row.name == name) {
            view.table.listing.selected = at;
            view.table.listing.scroll_into_view(ctx.rows);
            self.select_service = None;
        } else if view.table.listed {
            ctx.info(format!("No service {name} in cluster {}", view.cluster));
            self.select_service = None;
        }
    }

    fn scroll(view: &mut View, action: KeyAction, rows: usize) {
        let scroll = match view {
            View::ServiceDetail(d) => &mut d.scroll,
            View::TaskDetail(d) => &mut d.scroll,
            View::Services(_) | View::Tasks(_) => return,
        };
        *scroll = match action {
            KeyAction::Up => scroll.saturating_sub(1),
            KeyAction::Down => *scroll + 1,
            KeyAction::PageUp => scroll.saturating_sub(rows),
            KeyAction::PageDown => *scroll + rows,
            KeyAction::Top => 0,
            KeyAction::Bottom => usize::MAX / 2,
            _ => *scroll,
        };
    }

    /// Puts a freshly described service into every row and detail showing it.
    fn show_service(&mut self, service: &Service) {
        for view in &mut self.stack {
            match view {
                View::Services(v) => v.table.update_item(service),
                View::ServiceDetail(d) if d.service.arn == service.arn => {
                    d.service = service.clone();
                    d.error = None;
                }
                _ => {}
            }
        }
    }

    /// Puts a freshly described task into every row and detail showing it.
    fn show_task(&mut self, task: &Task) {
        for view in &mut self.stack {
            match view {
                View::Tasks(v) => v.table.update_item(task),
                View::TaskDetail(d) if d.task.arn == task.arn => {
                    d.task = task.clone();
                    d.error = None;
                }
                _ => {}
            }
        }
    }

    fn end_detail_refresh(&mut self, id: RequestId, error: Option<&Failure>) -> bool {
        if self.detail_request != Some(id) {
            return false;
        }
        self.detail_request = None;
        for view in &mut self.stack {
            let (refresh, slot_error) = match view {
                View::ServiceDetail(d) => (&mut d.refresh, &mut d.error),
                View::TaskDetail(d) => (&mut d.refresh, &mut d.error),
                _ => continue,
            };
            if *refresh == Some(id) {
                *refresh = None;
                if let Some(error) = error {
                    *slot_error = Some(error.clone());
                }
            }
        }
        true
    }
}
