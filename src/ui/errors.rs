//! The errors view (`!`): this session's errors, newest first, with time,
//! pane, operation, code and request id, and the selected one in full.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use time::OffsetDateTime;
use time::macros::format_description;

use super::{pane_block, text, theme};
use crate::app::App;
use crate::app::command::ErrorEntry;

fn when(entry: &ErrorEntry) -> String {
    let format = format_description!("[hour]:[minute]:[second]");
    entry.at.and_then(|at| OffsetDateTime::from(at).format(format).ok()).unwrap_or_else(|| "—".to_owned())
}

fn dash(s: Option<&str>) -> String {
    s.map_or_else(|| "—".to_owned(), |s| text::inert(s).into_owned())
}

/// Draws the errors view over `area` when it is open.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let Some(view) = app.errors_view() else { return };
    frame.render_widget(Clear, area);
    let entries: Vec<&ErrorEntry> = app.errors.iter().rev().filter(|e| !e.message.is_empty()).collect();
    let title = format!(" Errors of this session ({}) ", entries.len());
    let block = pane_block(Line::styled(title, theme::title()))
        .title_bottom(Line::styled(" j/k move · y copy request id · Esc/! close ", theme::dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if entries.is_empty() {
        let lines = vec![
            Line::raw("No errors in this session."),
            Line::styled("Failed loads are listed here with their request ids.", theme::dim()),
        ];
        frame.render_widget(Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center), inner);
        return;
    }
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(6)]).areas(inner);
    let header =
        Row::new(["TIME (UTC)", "PANE", "LOADING", "OPERATION", "CODE", "REQUEST ID"]).style(theme::column_header());
    let rows: Vec<Row<'static>> = entries
        .iter()
        .map(|e| {
            let detail = e.detail.as_ref();
            Row::new(vec![
                Cell::from(when(e)),
                Cell::from(e.pane.map_or("—", |p| p.title())),
                Cell::from(text::inert(&e.what).into_owned()),
                Cell::from(dash(detail.and_then(|d| d.operation.as_deref()))),
                Cell::from(dash(detail.and_then(|d| d.code.as_deref()))),
                Cell::from(dash(detail.and_then(|d| d.request_id.as_deref()))),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(7),
        Constraint::Fill(1),
        Constraint::Length(24),
        Constraint::Length(24),
        Constraint::Length(38),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme::selected())
        .highlight_symbol(super::widgets::table::SELECTED_MARK)
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let selected = view.selected.min(entries.len() - 1);
    let mut state = TableState::default().with_selected(Some(selected));
    frame.render_stateful_widget(table, list, &mut state);
    let message = text::inert(&entries[selected].message).into_owned();
    let block =
        ratatui::widgets::Block::default().borders(ratatui::widgets::Borders::TOP).border_style(theme::border());
    frame.render_widget(
        Paragraph::new(Line::styled(message, theme::error())).block(block).wrap(Wrap { trim: true }),
        detail,
    );
}
