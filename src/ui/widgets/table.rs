//! A table that builds rows only for the visible window, so drawing costs the
//! same for a hundred rows as for a hundred thousand.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use crate::app::Listing;
use crate::app::table::Tabular;
use crate::ui::text::thousands;
use crate::ui::theme;

/// Columns between cells.
pub const COLUMN_SPACING: u16 = 2;

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
pub fn render<T: Tabular>(
    frame: &mut Frame<'_>,
    area: Rect,
    block: Block<'_>,
    notice: Option<Line<'_>>,
    columns: &[Column],
    listing: &Listing<T>,
    row: impl Fn(&T, &[u16]) -> Row<'static>,
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

    let rows_visible = usize::from(table_area.height.saturating_sub(1));
    let (first, window) = listing.window(rows_visible.max(1));
    let widths = column_widths(columns, table_area.width);
    let rows: Vec<Row<'static>> = window.into_iter().map(|item| row(item, &widths)).collect();
    let sorted = listing.sort().and_then(|sort| T::columns().get(sort.column).map(|name| (*name, sort.descending)));
    let header = Row::new(columns.iter().map(|c| match sorted {
        Some((name, descending)) if name == c.header => format!("{}{}", c.header, if descending { "↓" } else { "↑" }),
        _ => c.header.to_owned(),
    }))
    .style(theme::column_header());
    let table = Table::new(rows, columns.iter().map(|c| c.width))
        .header(header)
        .column_spacing(COLUMN_SPACING)
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

/// The width each column gets in a table `width` columns wide, as the
/// table lays them out, so cells can be cut to fit with `…`.
#[must_use]
pub fn column_widths(columns: &[Column], width: u16) -> Vec<u16> {
    let mark = u16::try_from(unicode_width::UnicodeWidthStr::width(SELECTED_MARK)).unwrap_or(2);
    let [_, cells] =
        Layout::horizontal([Constraint::Length(mark), Constraint::Fill(0)]).areas(Rect::new(0, 0, width, 1));
    Layout::horizontal(columns.iter().map(|c| c.width))
        .flex(ratatui::layout::Flex::Start)
        .spacing(COLUMN_SPACING)
        .split(cells)
        .iter()
        .map(|r| r.width)
        .collect()
}

/// A cell holding `s` made inert and cut to `width` columns with `…`.
#[must_use]
pub fn cell(s: &str, width: u16) -> ratatui::widgets::Cell<'static> {
    ratatui::widgets::Cell::from(crate::ui::text::fit(&crate::ui::text::inert(s), width).into_owned())
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
    if let Some(sort) = listing.sort()
        && let Some(name) = T::columns().get(sort.column)
    {
        parts.push(format!("sorted by {name}{}", if sort.descending { "↓" } else { "↑" }));
    }
    (!parts.is_empty()).then(|| Line::styled(format!(" {} ", parts.join(" · ")), theme::notice()))
}
