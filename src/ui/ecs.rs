//! The ECS pane: clusters, services and tasks as tables that fill in while
//! describe batches return (`…` until a row is described), the service and
//! task detail pages, the confirmation popups of the two changes and the
//! choice of a container to open a shell in.

mod columns;
mod detail;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};

use super::widgets::columns::Col;
use super::widgets::popup;
use super::widgets::table;
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::ecs::{EXEC_SHELL, Modal, Row, Table, TasksView, View};
use crate::app::{App, LoadState};
use crate::aws::ecs::{DeploymentState, Task, name_from_arn};

/// Draws the ECS pane in whatever view and state it is in.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "ECS clusters") {
        return;
    }
    let pane = &app.panes.ecs;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    match pane.top() {
        None => render_clusters(app, frame, area, spinner),
        Some(View::Services(view)) => {
            let what = format!("services of {}", text::inert(&view.cluster));
            let texts = ServiceTexts { cluster: &view.cluster };
            let spec = Spec { what: &what, columns: &columns::SERVICE, texts: &texts };
            render_table(frame, area, &view.table, spinner, &spec);
        }
        Some(View::Tasks(view)) => render_tasks(view, frame, area, spinner),
        Some(View::ServiceDetail(view)) => detail::render_service(view, frame, area, spinner),
        Some(View::TaskDetail(view)) => detail::render_task(view, frame, area, spinner),
    }
    if let Some(modal) = &pane.modal {
        render_modal(modal, frame, area);
    }
}

/// What a table says when it is empty, failed or being loaded.
trait Texts {
    /// `Loading ECS clusters…`.
    fn loading(&self) -> String;
    /// Lines when the listing is complete and empty.
    fn empty(&self) -> Vec<Line<'static>>;
    /// `Could not list …`.
    fn failed(&self) -> String;
    /// The keys that work in this view, for the bottom border.
    fn hint(&self) -> &'static str;
    /// Singular and plural nouns for the notice about rows ECS could not describe.
    fn noun(&self) -> (&'static str, &'static str);
}

struct ClusterTexts;

impl Texts for ClusterTexts {
    fn loading(&self) -> String {
        "Loading ECS clusters…".to_owned()
    }
    fn empty(&self) -> Vec<Line<'static>> {
        vec![
            Line::raw("No ECS clusters in this account and region."),
            Line::styled("ListClusters returned none · r to reload · 1-3 other panes", theme::dim()),
        ]
    }
    fn failed(&self) -> String {
        "Could not list ECS clusters".to_owned()
    }
    fn hint(&self) -> &'static str {
        "Enter services · t tasks · y/Y copy name/ARN"
    }
    fn noun(&self) -> (&'static str, &'static str) {
        ("cluster", "clusters")
    }
}

struct ServiceTexts<'a> {
    cluster: &'a str,
}

impl Texts for ServiceTexts<'_> {
    fn loading(&self) -> String {
        format!("Listing the services of {}…", text::inert(self.cluster))
    }
    fn empty(&self) -> Vec<Line<'static>> {
        vec![
            Line::raw(format!("Cluster {} has no services.", text::inert(self.cluster))),
            Line::styled("t its standalone tasks · Esc back · r reload", theme::dim()),
        ]
    }
    fn failed(&self) -> String {
        format!("Could not list the services of {}", text::inert(self.cluster))
    }
    fn hint(&self) -> &'static str {
        "Enter tasks · i detail · l logs · F redeploy · t all tasks · Esc back"
    }
    fn noun(&self) -> (&'static str, &'static str) {
        ("service", "services")
    }
}

struct TaskTexts<'a> {
    view: &'a TasksView,
}

impl Texts for TaskTexts<'_> {
    fn loading(&self) -> String {
        format!("Listing {}…", text::inert(&self.view.scope.to_string()))
    }
    fn empty(&self) -> Vec<Line<'static>> {
        let other = if self.view.scope.stopped { "S running tasks" } else { "S stopped tasks" };
        let what = text::inert(&self.view.scope.to_string()).into_owned();
        let mut lines = vec![Line::raw(format!("No {what}."))];
        if self.view.scope.stopped {
            lines.push(Line::styled("ECS keeps stopped tasks for about an hour.", theme::dim()));
        }
        lines.push(Line::styled(format!("{other} · Esc back · r reload"), theme::dim()));
        lines
    }
    fn failed(&self) -> String {
        format!("Could not list {}", text::inert(&self.view.scope.to_string()))
    }
    fn hint(&self) -> &'static str {
        if self.view.scope.stopped {
            "Enter detail · l logs · S running tasks · Esc back"
        } else {
            "Enter detail · l logs · e shell · X stop · S stopped tasks · Esc back"
        }
    }
    fn noun(&self) -> (&'static str, &'static str) {
        ("task", "tasks")
    }
}

/// The title of a table: `what (count)`, with listing and describing progress
/// while it loads.
fn table_title<T>(what: &str, table: &Table<T>, spinner: &str) -> String {
    let list = &table.listing;
    let n = text::thousands(list.items.len());
    match &list.state {
        LoadState::Loading if list.items.is_empty() || list.replace_on_next_page => {
            format!(" {what} {spinner} loading… ")
        }
        LoadState::Loading if !table.listed => {
            format!(" {what} ({n}+ {spinner} listing…, {} described) ", text::thousands(table.settled))
        }
        LoadState::Loading => format!(" {what} ({n} · {spinner} describing {}/{n}) ", text::thousands(table.settled)),
        LoadState::Idle => format!(" {what} "),
        LoadState::Complete => format!(" {what} ({n}) "),
        LoadState::Failed(_) | LoadState::Cancelled if list.items.is_empty() => format!(" {what} "),
        LoadState::Failed(_) | LoadState::Cancelled => format!(" {what} ({n} shown, incomplete) "),
    }
}

/// The notice above a table: the failure that cut it short, a cancel, or the
/// rows ECS could not describe.
fn table_notice<T>(table: &Table<T>, (one, many): (&str, &str)) -> Option<Line<'static>> {
    match &table.listing.state {
        LoadState::Failed(failure) => {
            return Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error()));
        }
        LoadState::Cancelled => {
            return Some(Line::styled("Cancelled: the list may be incomplete · r to reload", theme::notice()));
        }
        _ => {}
    }
    let count = text::thousands(table.unavailable);
    let noun = if table.unavailable == 1 { one } else { many };
    match &table.batch_error {
        Some(failure) => Some(Line::styled(
            format!("{count} {noun} could not be described: {}", text::inert(&failure.message)),
            theme::error(),
        )),
        None if table.unavailable > 0 => Some(Line::styled(
            format!("{count} {noun} could not be described (see STATUS) · r to reload"),
            theme::notice(),
        )),
        None => None,
    }
}

/// How one kind of table is drawn.
struct Spec<'a, T>
where
    Row<T>: crate::app::table::Tabular,
{
    /// The title before the counts (`services of demo-cluster`).
    what: &'a str,
    /// Its columns.
    columns: &'a [Col<Row<T>>],
    /// Its messages.
    texts: &'a dyn Texts,
}

fn render_table<T>(frame: &mut Frame<'_>, area: Rect, table: &Table<T>, spinner: &str, spec: &Spec<'_, T>)
where
    Row<T>: crate::app::table::Tabular,
{
    let Spec { what, columns, texts } = *spec;
    let block = pane_block(Line::styled(table_title(what, table, spinner), theme::title()))
        .title_bottom(Line::styled(format!(" {} ", texts.hint()), theme::dim()).alignment(Alignment::Left));
    let list = &table.listing;
    if list.items.is_empty() {
        let lines = match &list.state {
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} {}", texts.loading()), theme::dim())]
            }
            LoadState::Complete => texts.empty(),
            LoadState::Failed(failure) => vec![
                Line::styled(texts.failed(), theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("r retry · Esc back · 1-3 other panes · q quit", theme::dim()),
            ],
            LoadState::Cancelled => vec![Line::styled("Loading was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }
    table::render(frame, area, block, table_notice(table, texts.noun()), columns, &(), list);
}

fn render_clusters(app: &App, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let table = &app.panes.ecs.clusters;
    if table.listing.items.is_empty() && table.listing.state == LoadState::Idle && app.environment().is_none() {
        let block = pane_block(Line::styled(" ECS clusters ", theme::title()));
        let line = format!("{spinner} Resolving credentials for {}…", text::inert(&app.context.label()));
        pane_message(frame, area, block, vec![Line::styled(line, theme::dim())]);
        return;
    }
    let spec = Spec { what: "ECS clusters", columns: &columns::CLUSTER, texts: &ClusterTexts };
    render_table(frame, area, table, spinner, &spec);
}

fn render_tasks(view: &TasksView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let what = text::inert(&view.scope.to_string()).into_owned();
    let texts = TaskTexts { view };
    let mut columns = if view.scope.stopped { columns::STOPPED_TASK.to_vec() } else { columns::RUNNING_TASK.to_vec() };
    // AWS task ids are 32 characters; other implementations (moto) use 36.
    // Size the column to the ids on screen, so none is cut.
    let list = &view.table.listing;
    let shown = list.items.iter().skip(list.offset).take(usize::from(area.height));
    let widest = shown.map(|r| r.name.chars().count()).max().unwrap_or(32).clamp(32, 40);
    let widest = u16::try_from(widest).unwrap_or(32);
    columns[0].width = Constraint::Length(widest);
    columns[0].min = widest;
    render_table(frame, area, &view.table, spinner, &Spec { what: &what, columns: &columns, texts: &texts });
}

/// The deployment state as a table cell or detail value, styled by urgency.
#[must_use]
pub fn deployment_span(state: Option<&DeploymentState>) -> Span<'static> {
    match state {
        Some(DeploymentState::InProgress) => Span::styled("IN PROGRESS", theme::notice()),
        Some(DeploymentState::Completed) => Span::raw("COMPLETED"),
        Some(DeploymentState::Failed) => Span::styled("FAILED", theme::error()),
        Some(DeploymentState::Other(other)) => Span::raw(text::inert(other).into_owned()),
        None => Span::styled("—", theme::dim()),
    }
}

/// `RUNNING`, or `RUNNING → STOPPED` while ECS is moving it.
#[must_use]
pub fn task_status(t: &Task) -> String {
    if t.last_status == t.desired_status || t.desired_status.is_empty() {
        t.last_status.clone()
    } else {
        format!("{} → {}", t.last_status, t.desired_status)
    }
}

fn render_modal(modal: &Modal, frame: &mut Frame<'_>, area: Rect) {
    match modal {
        Modal::ConfirmDeploy { cluster, service } => {
            let lines = vec![
                Line::styled(
                    format!("Force a new deployment of {} in {}?", text::inert(service), text::inert(cluster)),
                    theme::notice(),
                ),
                Line::raw("ECS starts new tasks from the current task definition and drains the old ones."),
                Line::raw("The service's settings do not change."),
            ];
            popup::confirm(frame, area, "Force new deployment?", lines);
        }
        Modal::StopReason { cluster, task, input } => {
            let explain = [
                Line::raw(format!("Stop task {} in {}.", text::inert(name_from_arn(task)), text::inert(cluster))),
                Line::styled("Reason (ECS records it as the task's stopped reason):", theme::dim()),
            ];
            popup::prompt(frame, area, "Stop task", &explain, input, "Enter continue · Esc cancel");
        }
        Modal::ConfirmStop { cluster, task, reason } => {
            let lines = vec![
                Line::styled(
                    format!("Stop task {} in {}?", text::inert(name_from_arn(task)), text::inert(cluster)),
                    theme::notice(),
                ),
                Line::raw(format!("Reason: {}", text::inert(reason))),
                Line::raw("A service starts a replacement; a standalone task is gone for good."),
            ];
            popup::confirm(frame, area, "Stop task?", lines);
        }
        Modal::ChooseContainer { cluster, task, containers, selected } => {
            let mut lines = vec![
                Line::raw(format!(
                    "Task {} in {} has {} containers;",
                    text::inert(task),
                    text::inert(cluster),
                    containers.len()
                )),
                Line::raw(format!("open a shell ({EXEC_SHELL}) in which one?")),
                Line::raw(""),
            ];
            let names: Vec<String> = containers.iter().map(|c| text::inert(&c.name).into_owned()).collect();
            let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0).min(32);
            for (i, (c, name)) in containers.iter().zip(&names).enumerate() {
                let marker = if i == *selected { "▶" } else { " " };
                let number = if i < 9 { (i + 1).to_string() } else { " ".to_owned() };
                let agent = text::inert(c.exec_agent.as_deref().unwrap_or("none")).into_owned();
                let row = format!(
                    "{marker} {number}  {name:<width$}  {:<9}  exec agent {agent}",
                    text::inert(&c.last_status)
                );
                let ready = c.last_status == "RUNNING" && c.exec_agent.as_deref() == Some("RUNNING");
                let style = if i == *selected {
                    theme::selected()
                } else if ready {
                    ratatui::style::Style::default()
                } else {
                    theme::dim()
                };
                lines.push(Line::styled(row, style));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled("Enter open · 1-9 pick · ↑/↓ move · Esc cancel", theme::dim()));
            popup::panel(frame, area, "Shell in a container", lines);
        }
    }
}
