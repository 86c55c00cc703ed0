//! The ECS tables' columns. Rows fill in as describe batches return: until
//! then a row is its name and `…`; a row ECS could not describe shows why
//! under STATUS (which every table keeps) and the detail in its last column.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{deployment_span, task_status};
use crate::app::ecs::{Row, RowState};
use crate::app::rows::{ClusterColumn as C, ServiceColumn as S, TaskColumn as T};
use crate::aws::ecs::{Cluster, Service, Task, short_task_definition};
use crate::ui::widgets::columns::Col;
use crate::ui::{text, theme};

/// `…` in a row not yet described.
const PENDING: &str = "…";

fn inert(s: &str) -> Line<'static> {
    Line::raw(text::inert(s).into_owned())
}

fn number(n: i32) -> Line<'static> {
    Line::raw(n.to_string()).right_aligned()
}

/// A described row's cell: `…` until it is described, `—` when it cannot be.
fn ready<T>(row: &Row<T>, cell: impl FnOnce(&T) -> Line<'static>) -> Line<'static> {
    match &row.state {
        RowState::Ready(item) => cell(item),
        RowState::Pending => Line::from(Span::styled(PENDING, theme::dim())),
        RowState::Unavailable(_) => Line::raw("—"),
    }
}

/// Why ECS could not describe a row: `MISSING`, or `CODE: detail`.
fn reason<T>(row: &Row<T>) -> Option<(&str, &str)> {
    match &row.state {
        RowState::Unavailable(reason) => Some(reason.split_once(": ").unwrap_or((reason, "—"))),
        _ => None,
    }
}

/// The STATUS cell, or the code of why the row could not be described.
fn status<T>(row: &Row<T>, cell: impl FnOnce(&T) -> Line<'static>) -> Line<'static> {
    match reason(row) {
        Some((code, _)) => Line::from(Span::styled(text::inert(code).into_owned(), theme::error())),
        None => ready(row, cell),
    }
}

/// The last column's cell, or the detail of why the row could not be described.
fn detail<T>(row: &Row<T>, cell: impl FnOnce(&T) -> Line<'static>) -> Line<'static> {
    match reason(row) {
        Some((_, detail)) => inert(detail),
        None => ready(row, cell),
    }
}

/// The clusters.
pub const CLUSTER: [Col<Row<Cluster>>; 7] = [
    Col::grow("NAME", 20, 10, Some(C::Name), |r, ()| inert(r.ready().map_or(&r.name, |c| &c.name))),
    Col::fixed("STATUS", 10, 9, Some(C::Status), |r, ()| status(r, |c| inert(&c.status))),
    Col::fixed("SERVICES", 8, 7, Some(C::Services), |r, ()| ready(r, |c| number(c.active_services))),
    Col::fixed("RUNNING", 7, 8, Some(C::Running), |r, ()| ready(r, |c| number(c.running_tasks))),
    Col::fixed("PENDING", 7, 6, Some(C::Pending), |r, ()| ready(r, |c| number(c.pending_tasks))),
    Col::fixed("INSTANCES", 9, 4, Some(C::Instances), |r, ()| ready(r, |c| number(c.container_instances))),
    Col::grow("CAPACITY PROVIDERS", 18, 5, Some(C::CapacityProviders), |r, ()| {
        detail(r, |c| {
            if c.capacity_providers.is_empty() { Line::raw("—") } else { inert(&c.capacity_providers.join(", ")) }
        })
    }),
];

/// The launch type, or the first capacity provider and how many more
/// (`cp:FARGATE_SPOT+1`); the detail page lists them all.
fn short_placement(s: &Service) -> String {
    match (&s.launch_type, s.capacity_providers.as_slice()) {
        (None, [first, rest @ ..]) if !rest.is_empty() => format!("cp:{first}+{}", rest.len()),
        _ => s.placement(),
    }
}

fn failed(s: &Service) -> Line<'static> {
    let failed = s.failed_task_count();
    let style = if failed > 0 { theme::error() } else { Style::new() };
    Line::styled(failed.to_string(), style).right_aligned()
}

/// A cluster's services.
pub const SERVICE: [Col<Row<Service>>; 7] = [
    Col::grow("NAME", 16, 10, Some(S::Name), |r, ()| inert(r.ready().map_or(&r.name, |s| &s.name))),
    Col::fixed("STATUS", 8, 9, Some(S::Status), |r, ()| status(r, |s| inert(&s.status))),
    Col::fixed("DES/RUN/PEN", 11, 8, Some(S::Counts), |r, ()| {
        ready(r, |s| Line::raw(format!("{}/{}/{}", s.desired, s.running, s.pending)).right_aligned())
    }),
    Col::fixed("DEPLOYMENT", 11, 7, Some(S::Deployment), |r, ()| {
        ready(r, |s| Line::from(deployment_span(s.deployment_state())))
    }),
    Col::fixed("FAILED", 6, 5, Some(S::Failed), |r, ()| ready(r, failed)),
    Col::fixed("LAUNCH", 17, 4, Some(S::Launch), |r, ()| ready(r, |s| inert(&short_placement(s)))),
    Col::grow("TASK DEFINITION", 14, 6, Some(S::TaskDefinition), |r, ()| {
        detail(r, |s| inert(short_task_definition(&s.task_definition)))
    }),
];

/// `06-01 11:31` (UTC): tasks live for hours or days, so the year is noise
/// in a table; the detail page shows it.
fn short_time(t: Option<time::OffsetDateTime>) -> Line<'static> {
    let format = time::macros::format_description!("[month]-[day] [hour]:[minute]");
    Line::raw(t.and_then(|t| t.format(format).ok()).unwrap_or_else(|| "—".to_owned()))
}

/// `2/2 up`, or how many containers exited non-zero.
fn containers(t: &Task) -> Line<'static> {
    let failed = t.containers.iter().filter(|c| c.exit_code.is_some_and(|code| code != 0)).count();
    if failed > 0 {
        return Line::from(Span::styled(format!("{failed} failed"), theme::error()));
    }
    let running = t.containers.iter().filter(|c| c.last_status == "RUNNING").count();
    Line::raw(format!("{running}/{} up", t.containers.len()))
}

fn health(t: &Task) -> Line<'static> {
    match t.health.as_deref() {
        Some("UNHEALTHY") => Line::from(Span::styled("UNHEALTHY", theme::error())),
        Some(h) => inert(h),
        None => Line::raw("—"),
    }
}

fn task_id(r: &Row<Task>, (): &()) -> Line<'static> {
    inert(r.ready().map_or(&r.name, |t| &t.id))
}

/// Running tasks. AWS task ids are 32 characters (other implementations
/// use 36): the table widens TASK to the ids it shows.
pub const RUNNING_TASK: [Col<Row<Task>>; 6] = [
    Col::fixed("TASK", 32, 10, Some(T::Task), task_id),
    Col::fixed("STATUS", 17, 9, Some(T::Status), |r, ()| status(r, |t| inert(&task_status(t)))),
    Col::fixed("HEALTH", 9, 8, Some(T::Health), |r, ()| ready(r, health)),
    Col::fixed("STARTED", 11, 5, Some(T::Started), |r, ()| ready(r, |t| short_time(t.started))),
    Col::fixed("CONTAINERS", 10, 7, Some(T::Containers), |r, ()| ready(r, containers)),
    Col::grow("TASK DEFINITION", 6, 6, Some(T::TaskDefinition), |r, ()| {
        detail(r, |t| inert(short_task_definition(&t.task_definition)))
    }),
];

/// Stopped tasks drop the health column: the reason they stopped matters more.
pub const STOPPED_TASK: [Col<Row<Task>>; 5] = [
    Col::fixed("TASK", 32, 10, Some(T::Task), task_id),
    Col::fixed("STATUS", 17, 9, Some(T::Status), |r, ()| status(r, |t| inert(&task_status(t)))),
    Col::fixed("STOPPED", 11, 6, Some(T::Stopped), |r, ()| ready(r, |t| short_time(t.stopped))),
    Col::fixed("CONTAINERS", 10, 7, Some(T::Containers), |r, ()| ready(r, containers)),
    Col::grow("STOPPED REASON", 12, 8, Some(T::StoppedReason), |r, ()| {
        detail(r, |t| inert(t.stopped_reason.as_deref().unwrap_or("—")))
    }),
];
