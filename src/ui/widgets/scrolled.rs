//! A bordered, wrapped, scrollable page of lines (object and service detail,
//! previews), with a key hint in the bottom border.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::ui::{pane_block, theme};

/// Draws `lines` under `title`, scrolled down `scroll` lines; the scroll is
/// clamped by the wrapped height, so the last line can always be reached.
pub fn render(frame: &mut Frame<'_>, area: Rect, title: String, lines: Vec<Line<'static>>, scroll: usize, hint: &str) {
    let block = pane_block(Line::styled(title, theme::title()))
        .title_bottom(Line::styled(format!(" {hint} "), theme::dim()).right_aligned());
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let height: usize = lines.iter().map(|l| l.width().max(1).div_ceil(width)).sum();
    let max = height.saturating_sub(usize::from(inner.height));
    let top = u16::try_from(scroll.min(max)).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((top, 0)), area);
}
