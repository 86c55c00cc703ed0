//! The status line: the latest message or error, loads in flight, key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{SPINNER, text, theme};
use crate::app::App;

/// Draws the status line.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let in_flight = app.in_flight();
    let right = if in_flight > 0 {
        format!("{} loading {} ", SPINNER[app.spinner % SPINNER.len()], in_flight)
    } else {
        String::new()
    };
    let width = u16::try_from(right.chars().count()).unwrap_or(0);
    let [l, r] = Layout::horizontal([Constraint::Min(0), Constraint::Length(width)]).areas(area);

    let left = if let Some(message) = &app.status {
        let style = if message.is_error { theme::error() } else { theme::notice() };
        Line::from(Span::styled(format!(" {}", text::inert(&message.text)), style))
    } else if let Some(error) = &app.identity_error {
        Line::from(Span::styled(format!(" {}", text::inert(&error.message)), theme::error()))
    } else {
        Line::styled(" ? help · 1-4 panes · j/k move · Enter open · r refresh · q quit", theme::dim())
    };
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(Span::styled(right, theme::notice())), r);
}
