//! The Logs pane: log groups and streams as tables, and the events view —
//! time, a tag naming the stream, and the message, made inert (colour codes
//! stripped, every other escape shown as text), filter matches highlighted.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::widgets::columns::Col;
use super::widgets::{popup, table};
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::logs::events::{EventsView, Range, clock, span_label};
use crate::app::logs::{GroupColumn as G, LogsPane, StreamColumn as S};
use crate::app::{App, Listing, LoadState};
use crate::aws::logs::{FollowVia, LogEvent, LogGroup, LogStream};

/// Draws the Logs pane in whatever view it is in.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "CloudWatch log groups") {
        return;
    }
    let pane = &app.panes.logs;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    if let Some(view) = &pane.events {
        render_events(pane, view, frame, area, spinner);
    } else if let Some(streams) = &pane.streams {
        let what = format!("streams of {}", text::inert(&streams.group));
        let hint = "Enter events · / filter · < > sort · Esc back";
        render_list(frame, area, &streams.listing, &STREAMS, &what, hint, spinner);
    } else {
        let what = match &pane.prefix {
            Some(prefix) => format!("log groups starting {}", text::inert(prefix)),
            None => "log groups".to_owned(),
        };
        let hint = "Enter events · S streams · / filter · :logs PREFIX";
        render_list(frame, area, &pane.groups, &GROUPS, &what, hint, spinner);
    }
    if let Some(prompt) = &pane.prompt {
        let rect = popup::centered(area, area.width.saturating_sub(4).min(90), 5);
        match prompt.input() {
            Some(input) => popup::prompt(frame, rect, " Logs ", &[Line::raw(prompt.label())], input, "Enter · Esc"),
            None => popup::confirm(
                frame,
                rect,
                " Replace the file? ",
                vec![Line::raw(text::inert(&prompt.label()).into_owned())],
            ),
        }
    }
}

fn render_list<T: crate::app::table::Tabular>(
    frame: &mut Frame<'_>,
    area: Rect,
    list: &Listing<T>,
    columns: &[Col<T>],
    what: &str,
    hint: &str,
    spinner: &str,
) {
    let n = text::thousands(list.items.len());
    let title = match &list.state {
        LoadState::Loading if list.items.is_empty() || list.replace_on_next_page => {
            format!(" {what} {spinner} loading… ")
        }
        LoadState::Loading => format!(" {what} ({n}+ {spinner} listing…) "),
        LoadState::Idle => format!(" {what} "),
        LoadState::Complete => format!(" {what} ({n}) "),
        LoadState::Failed(_) | LoadState::Cancelled if list.items.is_empty() => format!(" {what} "),
        LoadState::Failed(_) | LoadState::Cancelled => format!(" {what} ({n} shown, incomplete) "),
    };
    let block = pane_block(Line::styled(title, theme::title()))
        .title_bottom(Line::styled(format!(" {hint} "), theme::dim()).alignment(Alignment::Left));
    if list.items.is_empty() {
        let lines = match &list.state {
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} Loading {what}…"), theme::dim())]
            }
            LoadState::Complete => vec![
                Line::raw(format!("No {what} in this account and region.")),
                Line::styled("r to reload · :logs PREFIX lists groups by name", theme::dim()),
            ],
            LoadState::Failed(failure) => vec![
                Line::styled(format!("Could not list {what}"), theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("r retry · Esc back · q quit", theme::dim()),
            ],
            LoadState::Cancelled => vec![Line::styled("Loading was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }
    let notice = match &list.state {
        LoadState::Failed(failure) => Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error())),
        LoadState::Cancelled => {
            Some(Line::styled("Cancelled: the list may be incomplete · r to reload", theme::notice()))
        }
        _ => None,
    };
    table::render(frame, area, block, notice, columns, &(), list);
}

fn inert(s: &str) -> Line<'static> {
    Line::raw(text::inert(s).into_owned())
}

fn when(t: Option<time::OffsetDateTime>) -> Line<'static> {
    t.map_or_else(
        || Line::styled("—", theme::dim()),
        |t| {
            Line::raw(format!(
                "{:04}-{:02}-{:02} {:02}:{:02}",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            ))
        },
    )
}

fn bytes(n: Option<i64>) -> Line<'static> {
    let text = n.map_or_else(|| "—".to_owned(), |n| super::s3::human_bytes(u64::try_from(n).unwrap_or(0)));
    Line::raw(text).right_aligned()
}

/// The log group list.
pub const GROUPS: [Col<LogGroup>; 5] = [
    Col::grow("NAME", 20, 9, Some(G::Name), |g, ()| inert(&g.name)),
    Col::fixed("STORED", 10, 5, Some(G::Stored), |g, ()| bytes(g.stored_bytes)),
    Col::fixed("RETENTION", 10, 4, Some(G::Retention), |g, ()| {
        Line::raw(g.retention_days.map_or_else(|| "never".to_owned(), |d| format!("{d} days")))
    }),
    Col::fixed("CLASS", 17, 1, Some(G::Class), |g, ()| inert(g.class.as_deref().unwrap_or("—"))),
    Col::fixed("CREATED", 16, 2, Some(G::Created), |g, ()| when(g.created)),
];

/// A group's streams.
pub const STREAMS: [Col<LogStream>; 3] = [
    Col::grow("NAME", 20, 9, Some(S::Name), |s, ()| inert(&s.name)),
    Col::fixed("LAST EVENT", 16, 5, Some(S::LastEvent), |s, ()| when(s.last_event)),
    Col::fixed("FIRST EVENT", 16, 3, Some(S::FirstEvent), |s, ()| when(s.first_event)),
];

/// The message as shown: colour codes (SGR sequences) stripped, every other
/// control character made visible, a trailing newline dropped.
#[must_use]
pub fn display_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message.trim_end_matches(['\n', '\r']);
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';'));
        match end {
            Some(end) if after.as_bytes()[end] == b'm' => rest = &after[end + 1..],
            _ => {
                out.push('\x1b');
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    text::inert(&out).into_owned()
}

/// The events view's title, `width` columns at most: what it shows, cut
/// first, so the counts, the follow state and the filter always show.
fn title(pane: &LogsPane, view: &EventsView, spinner: &str, width: u16) -> String {
    let mut parts = vec![String::new()];
    let count = text::thousands(view.events.len());
    if view.loading.is_some() && view.events.is_empty() {
        parts.push(format!("{spinner} loading…"));
    } else {
        parts.push(format!("{count} events"));
    }
    if let Some(from) = view.from {
        parts.push(format!("from {}", clock(from, view.offset())));
    }
    if view.dropped > 0 {
        parts.push(format!(
            "{} older dropped (max {})",
            text::thousands(usize::try_from(view.dropped).unwrap_or(usize::MAX)),
            text::thousands(pane.max_events)
        ));
    }
    if let Some(pattern) = &view.opening.scope.pattern {
        parts.push(format!("pattern {}", text::inert(pattern)));
    }
    if view.loading_older() {
        parts.push(format!("{spinner} loading older…"));
    }
    let follow = match (view.following, view.sticky, view.via) {
        (false, _, _) => Some("stopped · f follows".to_owned()),
        (true, _, None) if view.loading.is_some() => Some("then following".to_owned()),
        (true, _, _) if view.follow.is_none() => None,
        (true, true, via) => Some(format!("following{}", via_label(via, view.sampled))),
        (true, false, _) if view.unseen > 0 => Some(format!("paused, {} new below (G)", text::thousands(view.unseen))),
        (true, false, _) => Some("paused (G follows)".to_owned()),
    };
    parts.extend(follow);
    if !view.utc {
        parts.push("local time".to_owned());
    }
    if let Some(filter) = view.filter() {
        let (total, shown) = (view.events.len(), view.len());
        parts.push(format!("/{} {}/{}", text::inert(&filter.text), text::thousands(shown), text::thousands(total)));
    }
    let rest = parts.join(" · ").width();
    let room = usize::from(width).saturating_sub(rest + 4).max(12);
    let name = text::inert(&view.opening.title);
    parts[0] = text::fit(&name, u16::try_from(room).unwrap_or(u16::MAX)).into_owned();
    format!(" {} ", parts.join(" · "))
}

fn via_label(via: Option<FollowVia>, sampled: bool) -> &'static str {
    match (via, sampled) {
        (Some(FollowVia::LiveTail), true) => " (live tail, sampled)",
        (Some(FollowVia::LiveTail), false) => " (live tail)",
        (Some(FollowVia::Polling), _) => " (polling)",
        (None, _) => "",
    }
}

fn render_events(pane: &LogsPane, view: &EventsView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let hint = match &view.opening.origin {
        Some(origin) if origin.stopped => {
            "f follow · S running · t/T range · p pattern · w wrap · z zone · s save · Enter JSON · Esc back"
        }
        Some(_) => "f follow · S +stopped · t/T range · p pattern · w wrap · z zone · s save · Enter JSON · Esc back",
        None => "f follow · t/T range · p pattern · / filter · w wrap · z zone · s save · Enter JSON · Esc back",
    };
    let block = pane_block(Line::styled(title(pane, view, spinner, area.width), theme::title()))
        .title_bottom(Line::styled(format!(" {hint} "), theme::dim()).alignment(Alignment::Left));
    if view.events.is_empty() || view.is_empty() {
        let lines = empty_lines(view, spinner);
        pane_message(frame, area, block, lines);
        return;
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut notices = Vec::new();
    if let Some(note) = &view.opening.note {
        notices.push(Line::styled(format!(" {}", text::inert(note)), theme::notice()));
    }
    if let Some(error) = &view.error {
        notices.push(Line::styled(format!(" {}", text::inert(&error.message)), theme::error()));
    }
    let [top, body] =
        Layout::vertical([Constraint::Length(u16::try_from(notices.len()).unwrap_or(0)), Constraint::Min(0)])
            .areas(inner);
    if !notices.is_empty() {
        frame.render_widget(Paragraph::new(notices), top);
    }
    let rows = usize::from(body.height);
    // The first line on screen: the newest page while sticking to the bottom,
    // else the view's offset kept so the selection shows at this height.
    let first = if view.sticky {
        view.len().saturating_sub(rows)
    } else {
        // … and the screen full when there are lines enough.
        view.offset.clamp((view.selected + 1).saturating_sub(rows), view.selected).min(view.len().saturating_sub(rows))
    };
    let tag_width = (first..(first + rows).min(view.len()))
        .filter_map(|p| view.line(p))
        .map(|e| view.opening.tags.tag(&e.stream).width())
        .max()
        .unwrap_or(0)
        .min(20);
    let mut lines: Vec<Line<'static>> = Vec::new();
    // Where the selected event's lines end: wrapped events above it may push
    // it down, and then the top gives way so it (the newest, when following) shows.
    let mut selected_end = 0;
    let mut position = first;
    while (lines.len() < rows || position <= view.selected) && position < view.len() {
        let Some(event) = view.line(position) else { break };
        let selected = position == view.selected;
        lines.extend(event_lines(view, event, tag_width, selected, body.width));
        if selected {
            selected_end = lines.len();
        }
        position += 1;
    }
    let skip = selected_end.saturating_sub(rows);
    let lines: Vec<Line<'static>> = lines.into_iter().skip(skip).take(rows).collect();
    frame.render_widget(Paragraph::new(lines), body);
}

fn empty_lines(view: &EventsView, spinner: &str) -> Vec<Line<'static>> {
    if view.loading.is_some() {
        let what = match view.opening.range {
            Range::Newest => "the newest events".to_owned(),
            range => format!("events ({})", range.label()),
        };
        return vec![Line::styled(
            format!("{spinner} Loading {what} of {}…", text::inert(&view.opening.title)),
            theme::dim(),
        )];
    }
    if let Some(error) = &view.error {
        return vec![
            Line::styled(format!("Could not read the events of {}", text::inert(&view.opening.title)), theme::error()),
            Line::raw(""),
            Line::raw(text::inert(&error.message).into_owned()),
            Line::raw(""),
            Line::styled("r retry · Esc back", theme::dim()),
        ];
    }
    if !view.events.is_empty() {
        return vec![
            Line::raw("No events match the filter."),
            Line::styled("/ changes it · Esc in the filter clears it", theme::dim()),
        ];
    }
    let since = match (view.opening.range, view.from) {
        (Range::Newest, _) => "The streams hold no events.".to_owned(),
        (Range::Last(d), _) => format!("No events in the last {}.", span_label(d)),
        (Range::Since(_), Some(from)) => format!("No events since {}.", clock(from, view.offset())),
        (Range::Since(_), None) => "No events in that range.".to_owned(),
    };
    let mut lines = vec![Line::raw(since)];
    if let Some(note) = &view.opening.note {
        lines.push(Line::styled(text::inert(note).into_owned(), theme::notice()));
    }
    let follow = if view.following { "Following: new events appear here" } else { "f follows new events" };
    lines.push(Line::styled(format!("{follow} · t wider range · k loads older · Esc back"), theme::dim()));
    lines
}

/// One event as screen lines: `HH:MM:SS.mmm  tag  message`, wrapped when wrapping is on.
fn event_lines(
    view: &EventsView,
    event: &LogEvent,
    tag_width: usize,
    selected: bool,
    width: u16,
) -> Vec<Line<'static>> {
    let time = format!("{}.{:03}", clock(event.timestamp, view.offset()), event.timestamp.rem_euclid(1000));
    let tag = text::inert(&view.opening.tags.tag(&event.stream)).into_owned();
    let tag = format!("{tag:<tag_width$}");
    let mark = if selected { table::SELECTED_MARK } else { "  " };
    let prefix_width = mark.width() + time.width() + 2 + tag_width + 2;
    let room = usize::from(width).saturating_sub(prefix_width).max(10);
    let base = if selected { theme::selected() } else { Style::default() };
    let message_lines: Vec<String> = if view.wrap {
        event
            .message
            .trim_end_matches(['\n', '\r'])
            .split('\n')
            .flat_map(|line| chunks(&display_message(line), room))
            .collect()
    } else {
        vec![text::fit(&display_message(&event.message), u16::try_from(room).unwrap_or(u16::MAX)).into_owned()]
    };
    let mut out = Vec::with_capacity(message_lines.len());
    for (i, message) in message_lines.into_iter().enumerate() {
        let mut spans = if i == 0 {
            vec![
                Span::styled(mark.to_owned(), base),
                Span::styled(time.clone(), base.patch(theme::dim())),
                Span::styled("  ".to_owned(), base),
                Span::styled(tag.clone(), base.patch(theme::address())),
                Span::styled("  ".to_owned(), base),
            ]
        } else {
            vec![Span::styled(" ".repeat(prefix_width), base)]
        };
        spans.extend(highlighted(&message, view, base));
        out.push(Line::from(spans));
    }
    out
}

/// `s` in pieces at most `width` columns wide.
fn chunks(s: &str, width: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width && used > 0 {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        used += w;
    }
    out
}

/// `message` with the live filter's match highlighted.
fn highlighted(message: &str, view: &EventsView, base: Style) -> Vec<Span<'static>> {
    match view.filter().and_then(|f| f.find(message)) {
        Some(range) if message.is_char_boundary(range.start) && message.is_char_boundary(range.end) => vec![
            Span::styled(message[..range.start].to_owned(), base),
            Span::styled(message[range.clone()].to_owned(), base.patch(theme::badge())),
            Span::styled(message[range.end..].to_owned(), base),
        ],
        _ => vec![Span::styled(message.to_owned(), base)],
    }
}

#[cfg(test)]
mod tests {
    use super::display_message;

    #[test]
    fn colour_codes_are_stripped_and_other_escapes_shown() {
        assert_eq!(display_message("\x1b[32mINFO\x1b[0m ready\n"), "INFO ready");
        assert_eq!(display_message("\x1b]0;owned\x07 title"), "\\x1b]0;owned\\x07 title");
        assert_eq!(display_message("\x1b[2J clear"), "\\x1b[2J clear");
        assert_eq!(display_message("a\tb"), "a\\tb");
    }
}
