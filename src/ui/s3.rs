//! The S3 pane: bucket list, prefix listings, object detail, preview and the
//! download popups.

mod columns;
mod writes;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use time::OffsetDateTime;
use time::macros::format_description;

use super::widgets::table;
use super::widgets::{popup, scrolled};
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::s3::{DetailView, Download, Loadable, ObjectsView, Preview, PreviewView, View};
use crate::app::{App, Listing, LoadState};
use crate::aws::s3::BucketStatus;

/// `2024-05-01 10:00` (UTC).
#[must_use]
pub fn format_time(t: Option<OffsetDateTime>) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.and_then(|t| t.format(format).ok()).unwrap_or_else(|| "—".to_owned())
}

/// `1.5 KiB`, `23 B`, `4.0 GiB`.
#[must_use]
pub fn human_bytes(n: u64) -> String {
    text::bytes(n)
}

/// Draws the S3 pane in whatever view and state it is in.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "S3 buckets") {
        return;
    }
    let pane = &app.panes.s3;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    match pane.top() {
        None => render_buckets(app, frame, area, spinner),
        Some(View::Objects(view)) => render_objects(view, frame, area, spinner),
        Some(View::Detail(view)) => render_detail(view, frame, area, spinner),
        Some(View::Preview(view)) => render_preview(view, frame, area, spinner),
    }
    match &pane.download {
        Some(Download::Prompt { target, input }) => {
            let version =
                target.version.as_deref().map_or_else(String::new, |v| format!(" (version {})", text::inert(v)));
            let explain = [Line::raw(format!(
                "Save s3://{}/{}{version} to:",
                text::inert(&target.bucket),
                text::inert(&target.key)
            ))];
            popup::prompt(
                frame,
                area,
                "Download",
                &explain,
                input,
                "Enter save · Esc cancel · an existing file is never replaced without asking",
            );
        }
        Some(Download::ConfirmOverwrite { path, .. }) => {
            let lines = vec![
                Line::styled(format!("{} already exists.", text::inert(&path.display().to_string())), theme::notice()),
                Line::raw("Replace it?"),
            ];
            popup::confirm(frame, area, "Overwrite?", lines);
        }
        Some(Download::Running { target, path, bytes, total, bytes_per_sec, .. }) => {
            let done = match total {
                Some(total) if *total > 0 => {
                    format!("{} of {} ({}%)", human_bytes(*bytes), human_bytes(*total), bytes * 100 / total)
                }
                _ => human_bytes(*bytes),
            };
            let lines = vec![
                Line::raw(format!("s3://{}/{}", text::inert(&target.bucket), text::inert(&target.key))),
                Line::raw(format!("→ {}", text::inert(&path.display().to_string()))),
                Line::raw(""),
                Line::styled(format!("{spinner} {done} · {}/s", human_bytes(*bytes_per_sec)), theme::address()),
                Line::raw(""),
                Line::styled("Esc cancels (no partial file is left behind)", theme::dim()),
            ];
            let rect = popup::centered(area, area.width.saturating_sub(8).clamp(20, 90), 8);
            frame.render_widget(ratatui::widgets::Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(pane_block(Line::styled(" Downloading ", theme::title()))),
                rect,
            );
        }
        None => {}
    }
    writes::render(pane, frame, area, spinner);
}

/// The title of a list: `what (count)`, `what (1,000+ ⠋ loading…)` and so on.
fn list_title<T>(what: &str, list: &Listing<T>, spinner: &str) -> String {
    let count = text::thousands(list.items.len());
    match &list.state {
        LoadState::Loading if list.items.is_empty() || list.replace_on_next_page => {
            format!(" {what} {spinner} loading… ")
        }
        LoadState::Loading => format!(" {what} ({count}+ {spinner} loading…) "),
        LoadState::Idle => format!(" {what} "),
        LoadState::Complete => format!(" {what} ({count}) "),
        LoadState::Failed(_) | LoadState::Cancelled if list.items.is_empty() => format!(" {what} "),
        LoadState::Failed(_) | LoadState::Cancelled => format!(" {what} ({count} shown, incomplete) "),
    }
}

/// The notice above a table whose load failed or was stopped.
fn list_notice<T>(list: &Listing<T>) -> Option<Line<'static>> {
    match &list.state {
        LoadState::Failed(failure) => Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error())),
        LoadState::Cancelled => {
            Some(Line::styled("Cancelled: the list may be incomplete · r to reload", theme::notice()))
        }
        _ => None,
    }
}

fn render_buckets(app: &App, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let list = &app.panes.s3.buckets;
    let block = pane_block(Line::styled(list_title("S3 buckets", list, spinner), theme::title()));
    if list.items.is_empty() {
        let lines = match &list.state {
            LoadState::Idle if app.environment().is_none() => {
                vec![Line::styled(
                    format!("{spinner} Resolving credentials for {}…", text::inert(&app.context.label())),
                    theme::dim(),
                )]
            }
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} Loading S3 buckets…"), theme::dim())]
            }
            LoadState::Complete => vec![
                Line::raw("No buckets in this account."),
                Line::styled("ListBuckets returned none · r to reload", theme::dim()),
            ],
            LoadState::Failed(failure) => vec![
                Line::styled("Could not list S3 buckets", theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("r retry · 2-4 other panes · q quit", theme::dim()),
            ],
            LoadState::Cancelled => vec![Line::styled("Loading was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }
    table::render(frame, area, block, list_notice(list), &columns::BUCKET, &(), list);
}

/// The write keys of a prefix view, in its bottom border, as many as fit
/// beside the position (`12 of 3,456`).
fn object_hint(width: u16) -> String {
    const KEYS: [&str; 8] =
        ["Space mark", "u upload", "Ctrl-D delete", "c copy", "m move", "s save", "U URL", "* invert"];
    let room = usize::from(width).saturating_sub(22);
    let mut hint = String::new();
    for key in KEYS {
        let next = if hint.is_empty() { key.to_owned() } else { format!("{hint} · {key}") };
        if next.chars().count() + 2 > room {
            break;
        }
        hint = next;
    }
    if hint.is_empty() { hint } else { format!(" {hint} ") }
}

fn render_objects(view: &ObjectsView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let list = &view.listing;
    let uri = text::inert(&view.uri()).into_owned();
    let mut title = list_title(&uri, list, spinner);
    let marks = view.mark_summary();
    if marks.objects + marks.folders > 0 {
        title.truncate(title.trim_end().len());
        let mut parts = Vec::new();
        if marks.objects > 0 {
            parts.push(human_bytes(marks.bytes));
        }
        if marks.folders > 0 {
            let s = if marks.folders == 1 { "" } else { "s" };
            parts.push(format!("{} folder{s}", text::thousands(marks.folders)));
        }
        title.push_str(&format!(
            " · {} marked · {}",
            text::thousands(marks.objects + marks.folders),
            parts.join(" + ")
        ));
        title.push(' ');
    }
    let block = pane_block(Line::styled(title, theme::title()))
        .title_bottom(Line::styled(object_hint(area.width), theme::dim()));
    if list.items.is_empty() {
        let lines = match (&list.state, &view.status) {
            (LoadState::Idle | LoadState::Loading, _) => {
                vec![Line::styled(format!("{spinner} Listing {uri}…"), theme::dim())]
            }
            (LoadState::Complete, _) if view.prefix.is_empty() => {
                vec![Line::raw("This bucket is empty."), Line::styled("Esc back · r reload", theme::dim())]
            }
            (LoadState::Complete, _) => {
                vec![Line::raw("Nothing under this prefix."), Line::styled("Esc back · r reload", theme::dim())]
            }
            (LoadState::Failed(failure), Some(BucketStatus::ExistsNoAccess)) => vec![
                Line::styled(format!("No access to {}", text::inert(&view.bucket)), theme::error()),
                Line::raw(""),
                Line::raw("The bucket exists, but these credentials may not open it."),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("Esc back · r retry", theme::dim()),
            ],
            (LoadState::Failed(failure), _) => vec![
                Line::styled(format!("Could not list {uri}"), theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("Esc back · r retry", theme::dim()),
            ],
            (LoadState::Cancelled, _) => vec![Line::styled("Listing was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }
    table::render(frame, area, block, list_notice(list), &columns::OBJECT, view, list);
}

/// `name  value`; both may come from AWS (metadata and tag keys), so both
/// are made inert.
fn field(name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{:<17} ", text::inert(name)), theme::column_header()),
        Span::raw(text::inert(&value.into()).into_owned()),
    ])
}

fn section(title: &str) -> Line<'static> {
    Line::styled(title.to_owned(), theme::title().add_modifier(Modifier::UNDERLINED))
}

fn detail_lines(view: &DetailView, spinner: &str) -> Vec<Line<'static>> {
    let mut lines = vec![section("Object")];
    lines.push(field("Bucket", view.bucket.clone()));
    lines.push(field("Key", view.key.clone()));
    match &view.head {
        Loadable::Loading(_) => lines.push(Line::styled(format!("{spinner} HeadObject…"), theme::dim())),
        Loadable::Failed(f) => lines.push(Line::styled(text::inert(&f.message).into_owned(), theme::error())),
        Loadable::Ready(h) => {
            lines.push(field(
                "Size",
                format!(
                    "{} ({} bytes)",
                    human_bytes(h.size),
                    text::thousands(usize::try_from(h.size).unwrap_or(usize::MAX))
                ),
            ));
            lines.push(field("Last modified", format_time(h.last_modified)));
            lines.push(field("ETag", h.etag.clone().unwrap_or_else(|| "—".into())));
            lines.push(field("Storage class", h.storage_class.clone().unwrap_or_else(|| "STANDARD".into())));
            lines.push(field("Content type", h.content_type.clone().unwrap_or_else(|| "—".into())));
            lines.push(field("Content encoding", h.content_encoding.clone().unwrap_or_else(|| "—".into())));
            lines.push(field("Encryption", h.encryption.clone().unwrap_or_else(|| "none".into())));
            if let Some(kms) = &h.kms_key_id {
                lines.push(field("KMS key", kms.clone()));
            }
            lines.push(field("Version id", h.version_id.clone().unwrap_or_else(|| "—".into())));
            lines.push(Line::raw(""));
            lines.push(section("User metadata"));
            if h.metadata.is_empty() {
                lines.push(Line::styled("none", theme::dim()));
            }
            for (k, v) in &h.metadata {
                lines.push(field(k, v.clone()));
            }
        }
    }
    lines.push(Line::raw(""));
    lines.push(section("Tags"));
    match &view.tags {
        Loadable::Loading(_) => lines.push(Line::styled(format!("{spinner} GetObjectTagging…"), theme::dim())),
        Loadable::Failed(f) => lines.push(Line::styled(text::inert(&f.message).into_owned(), theme::error())),
        Loadable::Ready(tags) if tags.is_empty() => lines.push(Line::styled("none", theme::dim())),
        Loadable::Ready(tags) => lines.extend(tags.iter().map(|(k, v)| field(k, v.clone()))),
    }
    lines.push(Line::raw(""));
    lines.push(section("Versions"));
    match (&view.versioned, &view.versions.state) {
        (_, LoadState::Failed(f)) => lines.push(Line::styled(text::inert(&f.message).into_owned(), theme::error())),
        (Some(false), _) => lines.push(Line::styled("versioning is off for this bucket", theme::dim())),
        (_, LoadState::Loading) if view.versions.items.is_empty() => {
            lines.push(Line::styled(format!("{spinner} ListObjectVersions…"), theme::dim()));
        }
        _ => {
            let selected = view.versions.selected_index();
            // AWS version ids are 32 characters; other stores' (UUIDs) longer.
            let width =
                view.versions.items.iter().map(|v| v.version_id.chars().count()).max().unwrap_or(0).clamp(4, 64);
            for (i, v) in view.versions.items.iter().enumerate() {
                let mark = if v.is_latest {
                    "current"
                } else if v.delete_marker {
                    "delete marker"
                } else {
                    ""
                };
                let row = format!(
                    "{:<width$} {:>10}  {}  {mark}",
                    text::inert(&v.version_id),
                    human_bytes(v.size),
                    format_time(v.last_modified)
                );
                lines.push(if Some(i) == selected {
                    Line::styled(format!("{}{row}", table::SELECTED_MARK), theme::selected())
                } else {
                    Line::raw(format!("  {row}"))
                });
            }
        }
    }
    lines
}

fn render_detail(view: &DetailView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let title = format!(" s3://{}/{} ", text::inert(&view.bucket), text::inert(&view.key));
    let lines = detail_lines(view, spinner);
    let mut scroll = view.scroll;
    // After Up/Down among the versions, the selected one is kept in view.
    if view.follow_version
        && let Some(at) =
            lines.iter().position(|l| l.spans.first().is_some_and(|s| s.content.starts_with(table::SELECTED_MARK)))
    {
        let width = usize::from(area.width.saturating_sub(2).max(1));
        let height = usize::from(area.height.saturating_sub(2).max(1));
        let row: usize = lines[..at].iter().map(|l| l.width().max(1).div_ceil(width)).sum();
        scroll = scroll.min(row).max((row + 1).saturating_sub(height));
    }
    let hint = if view.versions.items.is_empty() {
        "p preview · s save · U URL · Ctrl-D delete · y copy URI · Esc back"
    } else {
        "↑↓ versions · s save · U URL · V restore · Ctrl-D delete version · p preview · Esc back"
    };
    scrolled::render(frame, area, title, lines, scroll, hint);
}

fn preview_lines(preview: &Preview, read: usize, size: Option<u64>) -> (String, Vec<Line<'static>>) {
    let of = size.map_or_else(String::new, |s| format!(" of {}", human_bytes(s)));
    let shown = format!("first {}{of}", human_bytes(read as u64));
    match preview {
        Preview::Empty => ("empty".into(), vec![Line::styled("This object is empty.", theme::dim())]),
        Preview::Text { lines, json, lossy } => {
            let mut label = if *json { format!("JSON, pretty-printed, {shown}") } else { format!("text, {shown}") };
            if *lossy {
                label.push_str(", invalid UTF-8 shown as �");
            }
            (label, lines.iter().map(|l| Line::raw(text::inert(l).into_owned())).collect())
        }
        Preview::Binary { kind, head } => {
            let mut lines = vec![
                Line::styled(
                    format!("Binary data ({}), not shown as text.", kind.unwrap_or("unknown format")),
                    theme::notice(),
                ),
                Line::styled("Press s to save it and open it with a suitable program.", theme::dim()),
                Line::raw(""),
            ];
            for (i, chunk) in head.chunks(16).enumerate() {
                let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
                let ascii: String = chunk
                    .iter()
                    .map(|b| if b.is_ascii_graphic() || *b == b' ' { char::from(*b) } else { '.' })
                    .collect();
                lines.push(Line::raw(format!("{:08x}  {:<47}  {ascii}", i * 16, hex.join(" "))));
            }
            (format!("binary, {shown}"), lines)
        }
    }
}

fn render_preview(view: &PreviewView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let uri = format!("s3://{}/{}", text::inert(&view.bucket), text::inert(&view.key));
    let hint = "j/k scroll · s save · Esc back";
    match &view.content {
        Loadable::Loading(_) => {
            let block = pane_block(Line::styled(format!(" {uri} "), theme::title()));
            pane_message(
                frame,
                area,
                block,
                vec![Line::styled(format!("{spinner} Reading the first 64 KiB…"), theme::dim())],
            );
        }
        Loadable::Failed(f) => {
            let block = pane_block(Line::styled(format!(" {uri} "), theme::title()));
            let lines = vec![
                Line::styled("Could not read the object", theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&f.message).into_owned()),
                Line::raw(""),
                Line::styled("Esc back · r retry", theme::dim()),
            ];
            pane_message(frame, area, block, lines);
        }
        Loadable::Ready((preview, read)) => {
            let (label, lines) = preview_lines(preview, *read, view.size);
            scrolled::render(frame, area, format!(" {uri} — {label} "), lines, view.scroll, hint);
        }
    }
}
