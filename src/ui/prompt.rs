//! The command bar (`:`) and the filter prompt (`/`), drawn over the status
//! line, with the command bar's completions and errors just above it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{text, theme};
use crate::app::App;
use crate::app::command::{Prompt, commands};
use crate::app::input::TextInput;

/// Candidates listed above the bar before `…N more`.
const SHOWN: usize = 8;

/// Draws the open prompt, if any, over `status` (the status line) in `screen`.
pub fn render(app: &App, frame: &mut Frame<'_>, screen: Rect, status: Rect) {
    match app.prompt() {
        None => {}
        Some(Prompt::Filter(input)) => {
            let hint = " Enter keep · Esc clear · ~regex · !inverse · Tab ask AWS";
            field(frame, status, "/", input, hint);
        }
        Some(Prompt::Command(bar)) => {
            field(frame, status, ":", &bar.input, " Tab complete · ↑↓ history · Enter run · Esc close");
            let mut lines: Vec<Line<'_>> = Vec::new();
            if let Some(problem) = &bar.error {
                lines.push(Line::styled(text::inert(problem).into_owned(), theme::error()));
            }
            if bar.completions.is_empty() && bar.input.value.trim().is_empty() {
                for (name, args) in commands() {
                    lines.push(Line::from(vec![
                        Span::styled(format!(":{name} "), theme::address()),
                        Span::styled(*args, theme::dim()),
                    ]));
                }
            }
            for candidate in bar.completions.iter().take(SHOWN) {
                lines.push(Line::styled(text::inert(candidate).into_owned(), theme::address()));
            }
            if bar.completions.len() > SHOWN {
                lines.push(Line::styled(
                    format!("…{} more (type to narrow)", bar.completions.len() - SHOWN),
                    theme::dim(),
                ));
            }
            if lines.is_empty() {
                return;
            }
            let width = lines.iter().map(Line::width).max().unwrap_or(0);
            let width = u16::try_from(width).unwrap_or(u16::MAX).saturating_add(4).clamp(28, screen.width);
            // A line wider than the screen wraps (a long list of commands is never cut).
            let inner = usize::from(width.saturating_sub(2).max(1));
            let rows: usize = lines.iter().map(|l| l.width().div_ceil(inner).max(1)).sum();
            let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
            let top = status.y.saturating_sub(height).max(screen.y);
            let area = Rect { x: status.x, y: top, width, height: status.y - top };
            frame.render_widget(Clear, area);
            let title = match (&bar.error, bar.completions.is_empty()) {
                (Some(_), _) => " not run ",
                (None, false) => " Tab completes ",
                (None, true) => " commands ",
            };
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(theme::border())
                .title(Line::styled(title, theme::dim()));
            frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
        }
    }
}

/// One line: the sigil, the text with its cursor, and a dim hint after it.
fn field(frame: &mut Frame<'_>, area: Rect, sigil: &str, input: &TextInput, hint: &str) {
    frame.render_widget(Clear, area);
    let shown = text::inert(&input.value).into_owned();
    let line = Line::from(vec![
        Span::styled(sigil.to_owned(), theme::address()),
        Span::raw(shown),
        Span::styled(format!("  {hint}"), theme::dim()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let before: String = input.value.chars().take(input.cursor).collect();
    let offset = u16::try_from(unicode_width::UnicodeWidthStr::width(text::inert(&before).as_ref())).unwrap_or(0);
    let x = (area.x + 1 + offset).min(area.right().saturating_sub(1));
    frame.set_cursor_position(Position { x, y: area.y });
}
