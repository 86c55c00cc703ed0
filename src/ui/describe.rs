//! The describe overlay (`d`): the selected resource as pretty JSON over the
//! whole pane body, with search matches highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane_block, text, theme};
use crate::app::App;
use crate::app::describe::{DescribeView, find};

/// Lines of JSON visible on a terminal `height` rows tall: the body less its
/// border.
#[must_use]
pub fn rows(height: u16) -> usize {
    crate::app::Layout::for_size((0, height)).describe_rows
}

/// Draws the describe view over `area` (the pane body), if it is open.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let Some(view) = app.describe() else { return };
    let total = view.lines.len();
    let rows = app.layout.describe_rows;
    let last = (view.scroll + rows).min(total);
    let title = Line::from(vec![
        Span::styled(format!(" Describe: {} ", text::inert(&view.title)), theme::title()),
        Span::styled(format!("{}-{last} of {total} ", (view.scroll + 1).min(total)), theme::dim()),
    ]);
    let footer = match &view.input {
        Some(input) => Line::from(vec![
            Span::styled(" /", theme::notice()),
            Span::raw(text::inert(&input.value).into_owned()),
            Span::styled("█ ", theme::notice()),
            Span::styled("Enter search · Esc cancel ", theme::dim()),
        ]),
        None => {
            let search = match (&view.query, view.current) {
                (Some(q), Some(i)) => format!("“{}” {}/{} · ", text::inert(q), i + 1, view.matches.len()),
                (Some(q), None) => format!("“{}” no match · ", text::inert(q)),
                (None, _) => String::new(),
            };
            Line::styled(
                format!(" {search}/ search · n/N next/prev · y copy JSON · j/k g/G PgUp/PgDn scroll · Esc close "),
                theme::dim(),
            )
            .right_aligned()
        }
    };
    let block = pane_block(title).title_bottom(footer);
    let current = view.current.and_then(|i| view.matches.get(i)).copied();
    let lines: Vec<Line<'_>> = (view.scroll..last).map(|i| line(view, i, current == Some(i))).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Line `i` of `view`, made inert, with the query's matches highlighted.
fn line(view: &DescribeView, i: usize, current: bool) -> Line<'static> {
    let shown = text::inert(&view.lines[i]).into_owned();
    let ranges = view.query.as_deref().map(|q| find(&shown, q)).unwrap_or_default();
    if ranges.is_empty() {
        return Line::raw(shown);
    }
    let hit = if current { theme::selected() } else { theme::notice().add_modifier(Modifier::REVERSED) };
    let mut spans = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for (start, end) in ranges {
        spans.push(Span::raw(shown[at..start].to_owned()));
        spans.push(Span::styled(shown[start..end].to_owned(), hit));
        at = end;
    }
    spans.push(Span::raw(shown[at..].to_owned()));
    Line::from(spans)
}
