//! Popups drawn over a pane: a one-line text prompt, a yes/no confirmation
//! and a plain panel of lines (a choice).

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::app::input::TextInput;
use crate::ui::{pane_block, text, theme};

/// A rectangle `width` × `height` centred in `area` (clamped to it).
#[must_use]
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))]).flex(Flex::Center).areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))]).flex(Flex::Center).areas(row);
    cell
}

/// A text prompt: `title` in the border, an optional explanation, the field
/// with its cursor, and a hint line.
pub fn prompt(frame: &mut Frame<'_>, area: Rect, title: &str, explain: &[Line<'_>], input: &TextInput, hint: &str) {
    let width = area.width.saturating_sub(8).clamp(20, 90);
    let height = u16::try_from(explain.len()).unwrap_or(0) + 5;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines: Vec<Line<'_>> = explain.to_vec();
    let shown = text::inert(&input.value).into_owned();
    lines.push(Line::from(vec![Span::styled("> ", theme::address()), Span::raw(shown)]));
    lines.push(Line::raw(""));
    lines.push(Line::styled(hint.to_owned(), theme::dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let before: String = input.value.chars().take(input.cursor).collect();
    let offset = u16::try_from(unicode_width::UnicodeWidthStr::width(text::inert(&before).as_ref())).unwrap_or(0);
    let y = inner.y + u16::try_from(explain.len()).unwrap_or(0);
    frame.set_cursor_position(Position { x: (inner.x + 2 + offset).min(inner.right().saturating_sub(1)), y });
}

/// A text prompt with `below` drawn under the field (completion candidates,
/// warnings), above the hint; the box grows with the wrapped lines.
pub fn prompt_with(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    explain: &[Line<'_>],
    input: &TextInput,
    below: &[Line<'_>],
    hint: &str,
) {
    let width = area.width.saturating_sub(8).clamp(20, 90);
    let inner_width = usize::from(width.saturating_sub(2).max(1));
    let rows = |lines: &[Line<'_>]| lines.iter().map(|l| l.width().max(1).div_ceil(inner_width)).sum::<usize>();
    let explained = u16::try_from(rows(explain)).unwrap_or(0);
    let height = explained + u16::try_from(rows(below)).unwrap_or(0) + 5;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let mut lines: Vec<Line<'_>> = explain.to_vec();
    let shown = text::inert(&input.value).into_owned();
    lines.push(Line::from(vec![Span::styled("> ", theme::address()), Span::raw(shown)]));
    lines.extend(below.iter().cloned());
    lines.push(Line::raw(""));
    lines.push(Line::styled(hint.to_owned(), theme::dim()));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    let before: String = input.value.chars().take(input.cursor).collect();
    let offset = u16::try_from(unicode_width::UnicodeWidthStr::width(text::inert(&before).as_ref())).unwrap_or(0);
    let y = inner.y + explained;
    frame.set_cursor_position(Position { x: (inner.x + 2 + offset).min(inner.right().saturating_sub(1)), y });
}

/// A yes/no question with `lines` of detail.
pub fn confirm(frame: &mut Frame<'_>, area: Rect, title: &str, lines: Vec<Line<'_>>) {
    let width = area.width.saturating_sub(8).clamp(20, 90);
    let height = u16::try_from(lines.len()).unwrap_or(0) + 4;
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let mut body = lines;
    body.push(Line::raw(""));
    body.push(Line::styled("y: yes · n / Esc: no", theme::dim()));
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    frame.render_widget(Paragraph::new(body).block(block).wrap(Wrap { trim: false }), popup);
}

/// `lines` in a bordered box titled `title`, centred and as wide as needed
/// (within the area): a choice drawn by its caller.
pub fn panel(frame: &mut Frame<'_>, area: Rect, title: &str, lines: Vec<Line<'_>>) {
    let widest = lines.iter().map(Line::width).max().unwrap_or(0);
    let width = u16::try_from(widest + 4).unwrap_or(u16::MAX).clamp(20, area.width.saturating_sub(8).max(20));
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX).saturating_add(2);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), popup);
}
