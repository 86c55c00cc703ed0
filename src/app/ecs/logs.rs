//! `l` on a service, a task or a task's detail: the events of exactly its
//! containers' streams (see `app::logs::ecs`), opened in the Logs pane at the
//! newest events, following.

use super::{EcsPane, EcsRequest, EcsSlot, View, not_ready, request, slot};
use crate::app::action::{Command, RequestId};
use crate::app::ctx::Ctx;
use crate::app::goto::Target;
use crate::app::logs::ecs::{EcsOrigin, log_opening};
use crate::aws::ecs::{Task, TaskDefinition};

/// A `l` in flight: what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogsLookup {
    /// Its request.
    pub id: RequestId,
    /// What the events view will be called.
    pub title: String,
    /// The service, when it is one.
    pub origin: Option<EcsOrigin>,
}

impl EcsPane {
    /// `l`: reads the task definitions (and a service's tasks) behind the
    /// selection, then opens its streams in the Logs pane.
    pub(super) fn logs_key(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (cluster, service, tasks, title) = match self.stack.last() {
            Some(View::Services(view)) => {
                let Some(row) = view.table.selected() else { return Vec::new() };
                (view.cluster.clone(), Some(row.name.clone()), Vec::new(), format!("service {}", row.name))
            }
            Some(View::ServiceDetail(d)) => {
                (d.cluster.clone(), Some(d.service.name.clone()), Vec::new(), format!("service {}", d.service.name))
            }
            Some(View::Tasks(view)) => {
                let Some(row) = view.table.selected() else { return Vec::new() };
                if let Some(why) = not_ready(row, "Task", "tasks") {
                    ctx.info(why);
                    return Vec::new();
                }
                let Some(task) = row.ready().cloned() else { return Vec::new() };
                let title = format!("task {}", task.id);
                (view.scope.cluster.clone(), None, vec![task], title)
            }
            Some(View::TaskDetail(d)) => (d.cluster.clone(), None, vec![d.task.clone()], format!("task {}", d.task.id)),
            None => {
                ctx.info("Select a service or a task (Enter opens a cluster) to read its logs.");
                return Vec::new();
            }
        };
        ctx.info(format!("Finding the log streams of {title}…"));
        let origin = service.as_ref().map(|service| EcsOrigin {
            cluster: cluster.clone(),
            service: service.clone(),
            stopped: false,
        });
        let req = EcsRequest::LogSources { cluster, service, tasks, stopped: false };
        let (id, command) = ctx.load(slot(EcsSlot::Logs), request(req));
        self.logs_lookup = Some(LogsLookup { id, title, origin });
        vec![command]
    }

    /// The task definitions (and tasks) arrived: open the events, or say why not.
    pub(super) fn logs_found(
        &mut self,
        id: RequestId,
        tasks: &[Task],
        definitions: &[TaskDefinition],
        ctx: &mut Ctx<'_>,
    ) {
        let Some(lookup) = self.logs_lookup.take_if(|l| l.id == id) else { return };
        match log_opening(&lookup.title, tasks, definitions) {
            Ok(mut opening) => {
                opening.origin = lookup.origin;
                ctx.open(Target::LogEvents(Box::new(opening)));
            }
            Err(why) => ctx.error(why),
        }
    }
}
