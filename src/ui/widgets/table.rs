//! A table that builds rows only for the visible window, so drawing costs the
//! same for a hundred rows as for a hundred thousand.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::columns::{self, Col};
use crate::app::Listing;
use crate::app::table::{SortColumn, Tabular};
use crate::ui::text::thousands;
use crate::ui::theme;

/// Columns between cells.
pub const COLUMN_SPACING: u16 = 2;

/// Marks the selected row, so the selection shows without colour too.
pub const SELECTED_MARK: &str = "▶ ";

/// Draws `block` with the visible window of `listing` inside it: an optional
/// notice on top (an error or a warning that concerns the whole list), the
/// `columns` that fit (see [`columns::fit`]) with the sorted one marked, the
/// selection highlighted and marked, and `N of M` in the bottom border.
/// `context` is what the cells need besides their row.
pub fn render<T: Tabular, X: ?Sized>(
    frame: &mut Frame<'_>,
    area: Rect,
    block: Block<'_>,
    notice: Option<Line<'_>>,
    columns: &[Col<T, X>],
    context: &X,
    listing: &Listing<T>,
) {
    let shown = listing.visible_len();
    let position = if shown == 0 {
        String::new()
    } else {
        format!(" {} of {} ", thousands(listing.selected + 1), thousands(shown))
    };
    let mut block = block.title_bottom(Line::styled(position, theme::dim()).alignment(Alignment::Right));
    if let Some(view) = view_title(listing) {
        block = block.title_top(view.alignment(Alignment::Right));
    }
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

    let sort = listing.sort();
    let sorted = sort.map(|s| s.column);
    let fitted = columns::fit(columns, table_area.width, sorted);
    let rows_visible = usize::from(table_area.height.saturating_sub(1));
    let (first, window) = listing.window(rows_visible.max(1));
    let rows: Vec<Row<'static>> = window
        .into_iter()
        .map(|item| {
            Row::new(fitted.iter().map(|f| Cell::from(columns::fit_line((f.col.cell)(item, context), f.width))))
        })
        .collect();
    let header = Row::new(fitted.iter().map(|f| match sort {
        Some(sort) if f.col.shows(sorted) => format!("{}{}", f.col.header, arrow(sort.descending)),
        _ => f.col.header.to_owned(),
    }))
    .style(theme::column_header());
    let table = Table::new(rows, fitted.iter().map(|f| Constraint::Length(f.width)))
        .header(header)
        .column_spacing(COLUMN_SPACING)
        .flex(Flex::Start)
        .row_highlight_style(theme::selected())
        .highlight_symbol(SELECTED_MARK)
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(listing.selected.checked_sub(first));
    frame.render_stateful_widget(table, table_area, &mut state);
    if shown == 0
        && let Some(filter) = listing.filter()
    {
        let [_, below] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(table_area);
        let lines = vec![
            Line::styled(format!("No rows match /{}", crate::ui::text::inert(&filter.text)), theme::notice()),
            Line::styled("/ edit the filter · Esc clear it", theme::dim()),
        ];
        frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), below);
    }
}

/// The arrow after the sorted column's header.
fn arrow(descending: bool) -> &'static str {
    if descending { "↓" } else { "↑" }
}

/// `/filter 12/5,000 · sorted by SIZE↓`, for the top right of a filtered
/// or sorted table.
fn view_title<T: Tabular>(listing: &Listing<T>) -> Option<Line<'static>> {
    let mut parts = Vec::new();
    if let Some(filter) = listing.filter() {
        let mut part = format!(
            "/{} {}/{}",
            crate::ui::text::inert(&filter.text),
            thousands(listing.visible_len()),
            thousands(listing.items.len())
        );
        if let Some(problem) = filter.problem() {
            part.push_str(&format!(" (regex: {})", crate::ui::text::inert(problem)));
        }
        parts.push(part);
    }
    if let Some(sort) = listing.sort() {
        parts.push(format!("sorted by {}{}", sort.column.name(), arrow(sort.descending)));
    }
    (!parts.is_empty()).then(|| Line::styled(format!(" {} ", parts.join(" · ")), theme::notice()))
}
