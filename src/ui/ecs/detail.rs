//! The ECS detail pages: a service (deployments, load balancers, network,
//! recent events) and a task (its containers with status, exit code and
//! reason). Both scroll.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::{deployment_span, task_status};
use crate::app::Failure;
use crate::app::ecs::{ServiceDetailView, TaskDetailView};
use crate::aws::ecs::{Container, Deployment, NetworkConfig, Service, Task, short_task_definition};
use crate::ui::s3::format_time;
use crate::ui::widgets::scrolled;
use crate::ui::{text, theme};

const LABEL_WIDTH: usize = 18;

fn label(name: &str) -> Span<'static> {
    Span::styled(format!("{name:<LABEL_WIDTH$}"), theme::column_header())
}

/// `name  value`, the value made inert.
fn field(name: &str, value: &str) -> Line<'static> {
    Line::from(vec![label(name), Span::raw(text::inert(value).into_owned())])
}

fn field_spans(name: &str, mut spans: Vec<Span<'static>>) -> Line<'static> {
    spans.insert(0, label(name));
    Line::from(spans)
}

fn opt(value: Option<&str>) -> &str {
    value.unwrap_or("—")
}

fn section(title: &str) -> Line<'static> {
    Line::styled(title.to_owned(), theme::title().add_modifier(Modifier::UNDERLINED))
}

fn indent(text: &str, style: Style) -> Line<'static> {
    Line::styled(format!("{:LABEL_WIDTH$}{text}", ""), style)
}

fn refresh_lines(refreshing: bool, error: Option<&Failure>, spinner: &str) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(error) = error {
        lines.push(Line::styled(text::inert(&error.message).into_owned(), theme::error()));
        lines.push(Line::raw(""));
    }
    if refreshing {
        lines.push(Line::styled(format!("{spinner} Describing again…"), theme::dim()));
        lines.push(Line::raw(""));
    }
    lines
}

fn deployment_lines(d: &Deployment) -> Vec<Line<'static>> {
    let status_style = if d.is_primary() { theme::address() } else { Style::new() };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<8}", text::inert(&d.status)), status_style),
            Span::raw("  "),
            Span::raw(text::inert(&d.id).into_owned()),
            Span::raw("  "),
            deployment_span(d.rollout.as_ref()),
            Span::raw(format!("  {}", text::inert(short_task_definition(&d.task_definition)))),
        ]),
        indent(
            &format!(
                "tasks: {} desired · {} running · {} pending · {} failed",
                d.desired, d.running, d.pending, d.failed
            ),
            if d.failed > 0 { theme::error() } else { Style::new() },
        ),
        indent(&format!("created {} · updated {}", format_time(d.created), format_time(d.updated)), theme::dim()),
    ];
    if let Some(reason) = &d.rollout_reason {
        lines.push(indent(&text::inert(reason), theme::dim()));
    }
    lines
}

/// The byte length of the longest start of `word` at most `room` columns
/// wide (at least one character, so cutting always progresses).
fn fitting(word: &str, room: usize) -> usize {
    let mut used = 0;
    for (at, c) in word.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            return if at == 0 { c.len_utf8() } else { at };
        }
        used += w;
    }
    word.len()
}

/// `text` word-wrapped into rows at most `room` columns wide; words longer
/// than a row are cut.
fn wrap_words(text: &str, room: usize) -> Vec<String> {
    let mut rows = Vec::new();
    let mut row = String::new();
    for mut word in text.split(' ') {
        while word.width() > room {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            let cut = fitting(word, room);
            rows.push(word[..cut].to_owned());
            word = &word[cut..];
        }
        if !row.is_empty() && row.width() + 1 + word.width() > room {
            rows.push(std::mem::take(&mut row));
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// `first` followed by `text` word-wrapped to `width`, continuation lines
/// indented by `first`'s width, so a long event message stays in its column.
fn hanging(first: Span<'static>, text: &str, width: usize) -> Vec<Line<'static>> {
    let indent = first.width();
    let mut lead = Some(first);
    wrap_words(text, width.saturating_sub(indent).max(10))
        .into_iter()
        .map(|row| {
            let start = lead.take().unwrap_or_else(|| Span::raw(" ".repeat(indent)));
            Line::from(vec![start, Span::raw(row)])
        })
        .collect()
}

fn network_lines(network: Option<&NetworkConfig>) -> Vec<Line<'static>> {
    let Some(n) = network else {
        return vec![Line::styled("No awsvpc network configuration (bridge or host networking).", theme::dim())];
    };
    let ids = |ids: &[String]| if ids.is_empty() { "—".to_owned() } else { ids.join(", ") };
    let public = match n.public_ip {
        Some(true) => "assigned",
        Some(false) => "not assigned",
        None => "—",
    };
    vec![
        field("Subnets", &ids(&n.subnets)),
        field("Security groups", &ids(&n.security_groups)),
        field("Public IP", public),
        Line::styled("2 opens the Network pane, where these subnets and groups live.", theme::dim()),
    ]
}

/// Every line of a service's detail page, `width` columns wide.
#[must_use]
pub fn service_lines(s: &Service, width: usize) -> Vec<Line<'static>> {
    let mut lines = vec![section("Service")];
    lines.push(field("Name", &s.name));
    lines.extend(hanging(label("ARN"), &text::inert(&s.arn), width));
    lines.push(field("Status", &s.status));
    lines.push(field("Tasks", &format!("desired {} · running {} · pending {}", s.desired, s.running, s.pending)));
    lines.push(field("Launch", &s.placement()));
    lines.push(field("Task definition", short_task_definition(&s.task_definition)));
    let failed = s.failed_task_count();
    let mut rollout = vec![deployment_span(s.deployment_state())];
    if failed > 0 {
        rollout.push(Span::styled(format!(" · {failed} failed tasks"), theme::error()));
    }
    lines.push(field_spans("Deployment", rollout));
    lines.push(field("Created", &format_time(s.created)));

    lines.push(Line::raw(""));
    lines.push(section(&format!("Deployments ({})", s.deployments.len())));
    if s.deployments.is_empty() {
        lines.push(Line::styled("None reported (CodeDeploy or an external controller manages it).", theme::dim()));
    }
    for d in &s.deployments {
        lines.extend(deployment_lines(d));
    }

    lines.push(Line::raw(""));
    lines.push(section("Load balancers"));
    if s.load_balancers.is_empty() {
        lines.push(Line::styled("None.", theme::dim()));
    }
    for lb in &s.load_balancers {
        let target = lb.target_group_arn.as_deref().or(lb.load_balancer_name.as_deref()).unwrap_or("—");
        let port = lb.container_port.map_or_else(String::new, |p| format!(":{p}"));
        lines.push(Line::raw(format!(
            "{} → {}{port}",
            text::inert(target),
            text::inert(opt(lb.container_name.as_deref()))
        )));
    }

    lines.push(Line::raw(""));
    lines.push(section("Network"));
    lines.extend(network_lines(s.network.as_ref()));

    lines.push(Line::raw(""));
    lines.push(section(&format!("Events ({}, most recent first)", s.events.len())));
    if s.events.is_empty() {
        lines.push(Line::styled("No events.", theme::dim()));
    }
    for e in &s.events {
        let when = Span::styled(format!("{}  ", format_time(e.created)), theme::dim());
        lines.extend(hanging(when, &text::inert(&e.message), width));
    }
    lines
}

fn container_lines(c: &Container, width: usize) -> Vec<Line<'static>> {
    // An exit code means something only once the container has stopped.
    let exit = match (c.exit_code, c.last_status.as_str()) {
        (None, _) | (_, "RUNNING" | "PENDING") => Span::styled(format!("{:<10}", "exit —"), theme::dim()),
        (Some(0), _) => Span::raw(format!("{:<10}", "exit 0")),
        (Some(code), _) => Span::styled(format!("{:<10}", format!("exit {code}")), theme::error()),
    };
    let mut spans = vec![
        Span::styled(format!("{:<LABEL_WIDTH$}", text::inert(&c.name)), theme::address()),
        Span::raw(format!("{:<10}  ", text::inert(&c.last_status))),
        exit,
        Span::raw(format!("health {:<9}", text::inert(opt(c.health.as_deref())))),
    ];
    // Whether `e` can open a shell in it: the ECS Exec agent of a running container.
    if let (Some(agent), "RUNNING") = (&c.exec_agent, c.last_status.as_str()) {
        let style = if agent == "RUNNING" { theme::dim() } else { theme::notice() };
        spans.push(Span::styled(format!("  exec agent {}", text::inert(agent)), style));
    }
    let mut lines = vec![Line::from(spans)];
    let pad = || Span::raw(" ".repeat(LABEL_WIDTH));
    if let Some(reason) = &c.reason {
        lines.extend(styled(hanging(pad(), &format!("reason: {}", text::inert(reason)), width), theme::notice()));
    }
    if let Some(image) = &c.image {
        lines.extend(styled(hanging(pad(), &format!("image: {}", text::inert(image)), width), theme::dim()));
    }
    lines
}

fn styled(lines: Vec<Line<'static>>, style: Style) -> Vec<Line<'static>> {
    lines.into_iter().map(|l| l.style(style)).collect()
}

/// Every line of a task's detail page, `width` columns wide: what it is and
/// why it stopped, its containers, then where and when it ran.
#[must_use]
pub fn task_lines(t: &Task, width: usize) -> Vec<Line<'static>> {
    let long = |name: &str, value: &str| hanging(label(name), &text::inert(value), width);
    let mut lines = vec![section("Task")];
    lines.push(field("Id", &t.id));
    lines.extend(long("ARN", &t.arn));
    lines.push(field("Status", &task_status(t)));
    if t.stop_code.is_some() || t.stopped_reason.is_some() {
        lines.push(field("Stop code", opt(t.stop_code.as_deref())));
        lines.extend(styled(long("Stopped reason", opt(t.stopped_reason.as_deref())), theme::notice()));
    }
    lines.push(field("Health", opt(t.health.as_deref())));
    lines.push(field("Task definition", short_task_definition(&t.task_definition)));
    lines.push(field("ECS Exec", if t.enable_execute_command { "enabled" } else { "disabled" }));

    lines.push(Line::raw(""));
    lines.push(section(&format!("Containers ({})", t.containers.len())));
    for c in &t.containers {
        lines.extend(container_lines(c, width));
    }

    lines.push(Line::raw(""));
    lines.push(section("Placement"));
    lines.push(field("Group", opt(t.group.as_deref())));
    lines.push(field("Started by", opt(t.started_by.as_deref())));
    let launch = t.launch_type.as_deref().or(t.capacity_provider.as_deref());
    lines.push(field("Launch", opt(launch)));
    lines.push(field("CPU / memory", &format!("{} / {} MiB", opt(t.cpu.as_deref()), opt(t.memory.as_deref()))));
    lines.push(field("Zone", opt(t.availability_zone.as_deref())));
    lines.push(field("Created", &format_time(t.created)));
    lines.push(field("Started", &format_time(t.started)));
    lines.push(field("Stopped", &format_time(t.stopped)));
    if let Some(n) = &t.network {
        lines.push(field("Interface", opt(n.eni_id.as_deref())));
        lines.push(field("Subnet", opt(n.subnet_id.as_deref())));
        lines.push(field("Private IP", opt(n.private_ip.as_deref())));
    }
    lines
}

/// Draws a service's detail page.
pub fn render_service(view: &ServiceDetailView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let mut lines = refresh_lines(view.refresh.is_some(), view.error.as_ref(), spinner);
    lines.extend(service_lines(&view.service, usize::from(area.width.saturating_sub(2))));
    let title = format!(" service {} · {} ", text::inert(&view.service.name), text::inert(&view.cluster));
    let hint = "Enter tasks · l logs · F force deployment · r refresh · y/Y copy · Esc back";
    scrolled::render(frame, area, title, lines, view.scroll, hint);
}

/// Draws a task's detail page.
pub fn render_task(view: &TaskDetailView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let mut lines = refresh_lines(view.refresh.is_some(), view.error.as_ref(), spinner);
    lines.extend(task_lines(&view.task, usize::from(area.width.saturating_sub(2))));
    let title = format!(" task {} · {} ", text::inert(&view.task.id), text::inert(&view.cluster));
    let hint = if view.task.desired_status == "STOPPED" {
        "l logs · r refresh · y/Y copy id/ARN · Esc back"
    } else {
        "l logs · e shell · X stop · r refresh · y/Y copy id/ARN · Esc back"
    };
    scrolled::render(frame, area, title, lines, view.scroll, hint);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_and_long_words_are_cut() {
        assert_eq!(wrap_words("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap_words("x 0123456789abcdef", 8), ["x", "01234567", "89abcdef"]);
        assert_eq!(wrap_words("", 8), Vec::<String>::new());
        let lines = hanging(Span::raw("12:00  "), "one two three four", 20);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["12:00  one two three", "       four"]);
    }
}
