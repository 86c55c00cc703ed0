//! The status line: the latest message or error, loads in flight, key hints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{SPINNER, text, theme};
use crate::app::keymap::{KeyAction, Keymap};
use crate::app::{App, Pane};

/// The key hints, with the keys in force (`? help · 1-4 panes · …` by default).
fn hints(keymap: &Keymap) -> String {
    let key = |action| keymap.keys_for(action).first().map_or_else(|| "—".to_owned(), |k| k.label());
    format!(
        " {} help · {} command · {} filter · {}-{} panes · {} open · {} refresh · {} quit",
        key(KeyAction::Help),
        key(KeyAction::Command),
        key(KeyAction::Filter),
        key(KeyAction::Pane(Pane::ALL[0])),
        key(KeyAction::Pane(Pane::ALL[Pane::ALL.len() - 1])),
        key(KeyAction::Open),
        key(KeyAction::Refresh),
        key(KeyAction::Quit),
    )
}

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
        Line::styled(hints(&app.keymap), theme::dim())
    };
    frame.render_widget(Paragraph::new(left), l);
    frame.render_widget(Paragraph::new(Span::styled(right, theme::notice())), r);
}
