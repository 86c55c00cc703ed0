//! A table that builds rows only for the visible window, so drawing costs the
//! same for a hundred rows as for a hundred thousand.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use crate::app::Listing;
use crate::ui::text::thousands;
use crate::ui::theme;

/// Marks the selected row, so the selection shows without colour too.
pub const SELECTED_MARK: &str = "▶ ";

/// One column: its header and width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The header text.
    pub header: &'static str,
    /// The width constraint.
    pub width: Constraint,
}

/// Draws `block` with the visible window of `listing` inside it: an optional
/// notice on top (an error or a warning that concerns the whole list), the
/// selection highlighted and marked, and `N of M` in the bottom border.
pub fn render<T>(
    frame: &mut Frame<'_>,
    area: Rect,
    block: Block<'_>,
    notice: Option<Line<'_>>,
    columns: &[Column],
    listing: &Listing<T>,
    row: impl Fn(&T) -> Row<'static>,
) {
    let position = if listing.items.is_empty() {
        String::new()
    } else {
        format!(" {} of {} ", thousands(listing.selected + 1), thousands(listing.items.len()))
    };
    let block = block.title_bottom(Line::styled(position, theme::dim()).alignment(Alignment::Right));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let table_area = match notice {
        Some(notice) => {
            let width = usize::from(inner.width.max(1));
            let lines = u16::try_from(notice.width().div_ceil(width).clamp(1, 3)).unwrap_or(3);
            let [top, rest] = Layout::vertical([Constraint::Length(lines + 1), Constraint::Min(0)]).areas(inner);
            frame.render_widget(Paragraph::new(notice).wrap(Wrap { trim: true }), top);
            rest
        }
        None => inner,
    };

    let rows_visible = usize::from(table_area.height.saturating_sub(1));
    let (first, window) = listing.window(rows_visible.max(1));
    let rows: Vec<Row<'static>> = window.iter().map(row).collect();
    let header = Row::new(columns.iter().map(|c| c.header)).style(theme::column_header());
    let table = Table::new(rows, columns.iter().map(|c| c.width))
        .header(header)
        .column_spacing(2)
        .row_highlight_style(theme::selected())
        .highlight_symbol(SELECTED_MARK)
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(listing.selected.checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut state);
}
