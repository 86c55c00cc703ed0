//! The help overlay, generated from the keymap that drives input.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{pane_block, theme};
use crate::app::Pane;
use crate::app::keymap::{BINDINGS, help_groups};

/// Draws the help popup centred in `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, pane: Pane) {
    let mut lines: Vec<Line<'_>> = Vec::new();
    for group in help_groups(pane) {
        if !BINDINGS.iter().any(|b| b.group == group) {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(group.title(), theme::column_header()));
        for binding in BINDINGS.iter().filter(|b| b.group == group) {
            let keys: Vec<String> = binding.keys.iter().map(|k| k.label()).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<16}", keys.join(" / ")), theme::address()),
                Span::raw(binding.help),
            ]));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let [popup] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(60.min(area.width))]).flex(Flex::Center).areas(popup);
    frame.render_widget(Clear, popup);
    let block = pane_block(Line::styled(" Help — Esc or ? to close ", theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
