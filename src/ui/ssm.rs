//! The SSM pane: the parameter tree with a breadcrumb, one parameter's value
//! (SecureStrings masked until revealed), its history, and a diff between
//! two versions. Every name, value and description passes through
//! [`text::inert`] before it is drawn.

mod columns;
mod dialogs;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use time::OffsetDateTime;
use time::macros::format_description;
use unicode_width::UnicodeWidthChar;

use super::widgets::table;
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::App;
use crate::app::listing::{Listing, LoadState};
use crate::app::ssm::diff::Op;
use crate::app::ssm::tree::{crumbs, leaf};
use crate::app::ssm::views::{DiffView, Fetch, HistoryView, Reveal, ValueFormat, ValueView};
use crate::app::ssm::{Screen, SsmPane};

/// What a masked SecureString value looks like.
pub const MASK: &str = "••••••••";

/// Detail lines above the value in the value view.
const DETAIL_LINES: usize = crate::app::layout::SSM_DETAIL_LINES;

/// Value (or diff) lines visible when the pane shows `rows` table rows.
#[must_use]
pub fn value_rows(rows: usize) -> usize {
    // The pane's inner height is the table rows plus the column header.
    (rows + 1).saturating_sub(DETAIL_LINES).max(1)
}

/// `2024-05-01 10:00` (UTC), or `—`.
fn when(t: Option<OffsetDateTime>) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.and_then(|t| t.format(format).ok()).unwrap_or_else(|| "—".to_owned())
}

/// `2024-05-01` (UTC), or `—`.
fn day(t: Option<OffsetDateTime>) -> String {
    let format = format_description!("[year]-[month]-[day]");
    t.and_then(|t| t.format(format).ok()).unwrap_or_else(|| "—".to_owned())
}

/// The readable end of an ARN (`user/bob`, `key/1234…`, `alias/aws/ssm`).
fn short_arn(arn: &str) -> &str {
    if arn.starts_with("arn:") { arn.splitn(6, ':').nth(5).unwrap_or(arn) } else { arn }
}

fn safe(s: &str) -> String {
    text::inert(s).into_owned()
}

fn dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).map_or_else(|| "—".to_owned(), safe)
}

/// `SSM Parameter Store › app › dev`.
fn breadcrumb(folder: &str, name: Option<&str>) -> String {
    let mut out = "SSM Parameter Store".to_owned();
    for segment in crumbs(folder) {
        out.push_str(" › ");
        out.push_str(&text::inert(segment));
    }
    if let Some(name) = name {
        out.push_str(" › ");
        out.push_str(&text::inert(leaf(name, folder)));
    }
    out
}

fn hint(app: &App, keys: &str, writes: &str) -> Line<'static> {
    let text = if app.read_only {
        format!(" {keys} · read-only: edits disabled ")
    } else if writes.is_empty() {
        format!(" {keys} ")
    } else {
        format!(" {keys} · {writes} ")
    };
    Line::styled(text, theme::dim()).alignment(Alignment::Left)
}

/// Draws the SSM pane in every state.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "SSM Parameter Store") {
        return;
    }
    let pane = &app.panes.ssm;
    match pane.screen {
        Screen::Tree => render_tree(app, pane, frame, area),
        Screen::Value => match &pane.value {
            Some(view) => render_value(app, view, frame, area),
            None => render_tree(app, pane, frame, area),
        },
        Screen::History => match &pane.history {
            Some(history) => match &history.diff {
                Some(diff) => render_diff(app, history, diff, frame, area),
                None => render_history(app, history, frame, area),
            },
            None => render_tree(app, pane, frame, area),
        },
    }
    if let Some(modal) = &pane.modal {
        dialogs::render(app, modal, frame, area);
    }
}

/// The title's count: `(12)`, `(40+ ⠋ loading…)`, `(12 shown, incomplete)`;
/// `what` names what is counted while it is still growing.
fn count_suffix<T>(list: &Listing<T>, count: usize, what: &str, spinner: &str) -> String {
    let n = text::thousands(count);
    match &list.state {
        LoadState::Loading if list.replace_on_next_page || count == 0 => format!(" {spinner} loading…"),
        LoadState::Loading => format!(" ({n}+ {what}{spinner} loading…)"),
        LoadState::Idle => String::new(),
        LoadState::Complete => format!(" ({n})"),
        LoadState::Failed(_) | LoadState::Cancelled if count == 0 => String::new(),
        LoadState::Failed(_) | LoadState::Cancelled => format!(" ({n} {what}shown, incomplete)"),
    }
}

fn wide(area: Rect) -> bool {
    area.width >= 140
}

fn render_tree(app: &App, pane: &SsmPane, frame: &mut Frame<'_>, area: Rect) {
    let tree = &pane.tree;
    let list = &tree.list;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    let counted = if list.state == LoadState::Complete { list.items.len() } else { tree.store.len() };
    let title = format!(" {}{} ", breadcrumb(&tree.folder, None), count_suffix(list, counted, "parameters ", spinner));
    let block = pane_block(Line::styled(title, theme::title()));

    if list.items.is_empty() {
        let at_root = tree.folder.is_empty();
        let lines = match &list.state {
            LoadState::Idle if app.environment().is_none() => vec![Line::styled(
                format!("{spinner} Resolving credentials for {}…", safe(&app.context.label())),
                theme::dim(),
            )],
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} Listing parameters (DescribeParameters)…"), theme::dim())]
            }
            LoadState::Complete if at_root => vec![
                Line::raw("No parameters in this account and region."),
                Line::styled(if app.read_only { "r to reload" } else { "n to create one · r to reload" }, theme::dim()),
            ],
            LoadState::Complete => {
                vec![Line::raw("This folder is empty."), Line::styled("Esc up one folder · r to reload", theme::dim())]
            }
            LoadState::Failed(failure) => vec![
                Line::styled("Could not list SSM parameters", theme::error()),
                Line::raw(""),
                Line::raw(safe(&failure.message)),
                Line::raw(""),
                Line::styled("r retry · 1-4 other panes · q quit", theme::dim()),
            ],
            LoadState::Cancelled => vec![Line::styled("Listing was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }

    let block = block.title_bottom(hint(
        app,
        "Enter open · h history · x reveal · y copy name",
        "n new · e edit · Ctrl-D delete",
    ));
    let notice = match &list.state {
        LoadState::Failed(failure) => Some(Line::styled(safe(&failure.message), theme::error())),
        LoadState::Cancelled => {
            Some(Line::styled("Cancelled: the tree may be incomplete · r to reload", theme::notice()))
        }
        _ => None,
    };
    let columns: &[_] = if wide(area) { &columns::TREE_WIDE } else { &columns::TREE_NARROW };
    table::render(frame, area, block, notice, columns, tree.folder.as_str(), list);
}

fn detail(label: &'static str, value: String) -> Line<'static> {
    Line::from(vec![Span::styled(format!(" {label:<13}"), theme::column_header()), Span::raw(value)])
}

fn detail_lines(view: &ValueView) -> Vec<Line<'static>> {
    let meta = view.meta.as_deref();
    let value = match &view.value {
        Fetch::Ready(v) => Some(v),
        _ => None,
    };
    let kind = view.kind().map_or_else(|| "…".to_owned(), |k| safe(k.as_str()));
    let kind = match meta.and_then(|m| m.key_id.as_deref()) {
        Some(key) if view.is_secure() => format!("{kind} · KMS key {}", safe(short_arn(key))),
        _ => kind,
    };
    let version = value.map(|v| v.version).or(meta.map(|m| m.version));
    let modified = value.and_then(|v| v.last_modified).or(meta.and_then(|m| m.last_modified));
    let by = meta.and_then(|m| m.last_modified_by.as_deref()).map(|b| format!(" by {}", safe(short_arn(b))));
    let tier = dash(meta.and_then(|m| m.tier.as_ref()).map(|t| t.as_str()));
    let data_type = dash(value.and_then(|v| v.data_type.as_deref()).or(meta.and_then(|m| m.data_type.as_deref())));
    let policies = meta.map_or_else(String::new, |m| {
        m.policies.iter().map(|p| format!("{} ({})", safe(&p.kind), safe(&p.status))).collect::<Vec<_>>().join(", ")
    });
    vec![
        detail("Name", safe(&view.name)),
        detail("Type", kind),
        detail(
            "Version",
            format!(
                "{} · modified {}{}",
                version.map_or_else(|| "…".to_owned(), |v| v.to_string()),
                when(modified),
                by.unwrap_or_default()
            ),
        ),
        detail("Tier", format!("{tier} · data type {data_type}")),
        detail("Description", dash(meta.and_then(|m| m.description.as_deref()))),
        detail("Pattern", dash(meta.and_then(|m| m.allowed_pattern.as_deref()))),
        detail("Policies", if policies.is_empty() { "—".to_owned() } else { policies }),
    ]
}

fn labels_line(pane: &SsmPane, view: &ValueView) -> Line<'static> {
    let labels = match (&pane.history, view.version()) {
        (Some(history), Some(version)) if history.name == view.name => {
            match (&history.list.state, history.get(version)) {
                (_, Some(found)) if found.labels.is_empty() => "—".to_owned(),
                (_, Some(found)) => found.labels.iter().map(|l| safe(l)).collect::<Vec<_>>().join(", "),
                (LoadState::Failed(_), None) => "unavailable (the history could not be read; h for details)".to_owned(),
                (_, None) => "…".to_owned(),
            }
        }
        _ => "…".to_owned(),
    };
    detail("Labels", labels)
}

/// Splits `line` into rows of at most `width` columns.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut rows = vec![String::new()];
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            rows.push(String::new());
            used = 0;
        }
        if let Some(last) = rows.last_mut() {
            last.push(c);
        }
        used += w;
    }
    rows
}

/// The lines of `text` from `scroll`, wrapped to `width`, at most `rows` of them.
fn wrapped(text: &str, scroll: usize, width: usize, rows: usize, style: Style) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(rows);
    for line in text.lines().skip(scroll) {
        for row in wrap(&text::inert(line), width.max(1)) {
            if out.len() == rows {
                return out;
            }
            out.push(Line::styled(row, style));
        }
    }
    out
}

fn render_value(app: &App, view: &ValueView, frame: &mut Frame<'_>, area: Rect) {
    let pane = &app.panes.ssm;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    let title = format!(" {} ", breadcrumb(crate::app::ssm::tree::folder_of(&view.name), Some(&view.name)));
    let keys = if view.is_secure() {
        "x reveal / mask · h history · y copy name · Esc back"
    } else {
        "h history · y copy name · Esc back"
    };
    let block = pane_block(Line::styled(title, theme::title())).title_bottom(hint(app, keys, "e edit · Ctrl-D delete"));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines = detail_lines(view);
    lines.push(labels_line(pane, view));
    let (heading, heading_style) = match (&view.value, &view.reveal, &view.text) {
        (Fetch::Ready(_), Reveal::Shown(_), _) => ("Value — revealed; x masks it again".to_owned(), theme::notice()),
        (Fetch::Ready(_), _, _) if view.is_secure() => {
            ("Value — SecureString, masked".to_owned(), theme::column_header())
        }
        (_, _, Some((_, ValueFormat::Json))) => ("Value — JSON, pretty-printed".to_owned(), theme::column_header()),
        (_, _, Some((_, ValueFormat::List))) => {
            (format!("Value — StringList, {} items", view.lines), theme::column_header())
        }
        _ => ("Value".to_owned(), theme::column_header()),
    };
    let rule = usize::from(inner.width).saturating_sub(heading.chars().count() + 4);
    lines.push(Line::from(vec![
        Span::styled(format!(" ─ {heading} "), heading_style),
        Span::styled("─".repeat(rule), theme::border()),
    ]));
    let header = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [top, body] = Layout::vertical([Constraint::Length(header), Constraint::Min(0)]).areas(inner);
    frame.render_widget(Paragraph::new(lines), top);

    // One column of margin, so wrapped lines stay indented too.
    let body = Rect { x: body.x + 1, width: body.width.saturating_sub(1), ..body };
    let width = usize::from(body.width);
    let rows = usize::from(body.height);
    let body_lines: Vec<Line<'static>> = match (&view.value, &view.reveal) {
        (Fetch::Loading(_), _) => {
            vec![Line::styled(format!("{spinner} Reading the value (GetParameter)…"), theme::dim())]
        }
        (Fetch::Failed(failure), _) => vec![
            Line::styled("Could not read the value", theme::error()),
            Line::raw(safe(&failure.message)),
            Line::styled("r retry · Esc back", theme::dim()),
        ],
        (Fetch::Ready(_), Reveal::Masked) if view.is_secure() => vec![
            Line::raw(MASK),
            Line::styled("Press x to decrypt and show it (needs kms:Decrypt on its key).", theme::dim()),
        ],
        (Fetch::Ready(_), Reveal::Loading(_)) => {
            vec![Line::raw(MASK), Line::styled(format!("{spinner} Decrypting…"), theme::dim())]
        }
        (Fetch::Ready(_), Reveal::Failed(failure)) => {
            vec![Line::raw(MASK), Line::styled(safe(&failure.message), theme::error())]
        }
        (Fetch::Ready(_), _) => match &view.text {
            Some((text, _)) => wrapped(text.expose(), view.scroll, width, rows, Style::default()),
            None => vec![Line::styled("(no value)", theme::dim())],
        },
    };
    frame.render_widget(Paragraph::new(body_lines).wrap(Wrap { trim: false }), body);
}

fn render_history(app: &App, history: &HistoryView, frame: &mut Frame<'_>, area: Rect) {
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    let list = &history.list;
    let revealed = if history.decrypted { " · values revealed" } else { "" };
    let title =
        format!(" History of {}{}{revealed} ", safe(&history.name), count_suffix(list, list.items.len(), "", spinner));
    let block = pane_block(Line::styled(title, theme::title()));
    if list.items.is_empty() {
        let lines = match &list.state {
            LoadState::Failed(failure) => vec![
                Line::styled("Could not read the history", theme::error()),
                Line::raw(""),
                Line::raw(safe(&failure.message)),
                Line::raw(""),
                Line::styled("r retry · Esc back", theme::dim()),
            ],
            LoadState::Complete => {
                vec![Line::raw("No versions were returned."), Line::styled("r reload · Esc back", theme::dim())]
            }
            LoadState::Cancelled => vec![Line::styled("Loading was cancelled · r to reload", theme::notice())],
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} Reading the history (GetParameterHistory)…"), theme::dim())]
            }
        };
        pane_message(frame, area, block, lines);
        return;
    }
    let keys = if history.has_secure() {
        "D diff with previous · m mark · x reveal / mask · Esc back"
    } else {
        "D diff with previous · m mark, then D: diff marked ↔ selected · Esc back"
    };
    let block = block.title_bottom(hint(app, keys, ""));
    let notice = match &list.state {
        LoadState::Failed(failure) => Some(Line::styled(safe(&failure.message), theme::error())),
        _ => None,
    };
    let columns: &[_] = if wide(area) { &columns::HISTORY_WIDE } else { &columns::HISTORY_NARROW };
    table::render(frame, area, block, notice, columns, &history.mark, list);
}

fn render_diff(app: &App, history: &HistoryView, diff: &DiffView, frame: &mut Frame<'_>, area: Rect) {
    let title = format!(" {}: version {} → version {} ", safe(&history.name), diff.from, diff.to);
    let keys = if history.has_secure() {
        "x reveal / mask · j/k scroll · Esc back to the history"
    } else {
        "j/k scroll · Esc back to the history"
    };
    let block = pane_block(Line::styled(title, theme::title())).title_bottom(hint(app, keys, ""));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let mut lines: Vec<Line<'static>> = Vec::new();
    for (what, before, after) in &diff.changes {
        lines.push(Line::from(vec![
            Span::styled(format!(" {what:<12}"), theme::column_header()),
            Span::styled(safe(before), theme::error()),
            Span::raw(" → "),
            Span::styled(safe(after), theme::address()),
        ]));
    }
    let who = |v: i64| {
        history.get(v).map_or_else(String::new, |found| {
            format!("{} by {}", when(found.last_modified), dash(found.last_modified_by.as_deref().map(short_arn)))
        })
    };
    lines.push(Line::styled(
        format!(" version {}: {} · version {}: {}", diff.from, who(diff.from), diff.to, who(diff.to)),
        theme::dim(),
    ));
    lines.push(Line::raw(""));
    if diff.masked {
        lines.push(Line::styled(
            " Values not compared: SecureString versions are masked. Press x to decrypt and compare them.",
            theme::notice(),
        ));
    } else if !crate::app::ssm::diff::has_changes(&diff.lines) {
        lines.push(Line::styled(format!(" Versions {} and {} have the same value.", diff.from, diff.to), theme::dim()));
    }
    for line in &diff.lines {
        let (mark, style) = match line.op {
            Op::Same => (' ', Style::default()),
            Op::Removed => ('-', theme::error()),
            Op::Added => ('+', theme::address()),
        };
        lines.push(Line::styled(format!(" {mark} {}", text::inert(line.text.expose())), style));
    }
    let visible: Vec<Line<'static>> = lines.into_iter().skip(diff.scroll).take(usize::from(inner.height)).collect();
    frame.render_widget(Paragraph::new(visible), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_are_shortened_to_their_readable_end() {
        assert_eq!(short_arn("arn:aws:iam::123456789012:user/bob"), "user/bob");
        assert_eq!(short_arn("arn:aws:kms:us-east-1:1:key/abcd"), "key/abcd");
        assert_eq!(short_arn("alias/aws/ssm"), "alias/aws/ssm");
    }

    #[test]
    fn long_lines_wrap_by_display_width() {
        assert_eq!(wrap("abcdef", 4), ["abcd", "ef"]);
        assert_eq!(wrap("日本語", 4), ["日本", "語"]);
        assert_eq!(wrap("", 4), [""]);
    }
}
