//! The screen's geometry as data: how many rows each kind of view shows at
//! the current terminal size. The reducer pages and scrolls by it; the UI
//! draws by the same numbers (it imports the chrome heights from here), so
//! the two never disagree. Nothing here draws.

use ratatui::layout::Rect;

/// Rows taken by the header.
pub const HEADER_ROWS: u16 = 2;
/// Rows taken by the pane tabs.
pub const TAB_ROWS: u16 = 1;
/// Rows taken by the status line.
pub const STATUS_ROWS: u16 = 1;
/// Detail lines above the value in the SSM value view.
pub const SSM_DETAIL_LINES: usize = 9;

/// What a pane may know of the screen: the terminal size and the rows its
/// views show. Made from the size alone ([`Layout::for_size`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Table rows visible in a pane: the body less its border and the column header.
    pub list_rows: usize,
    /// Lines of a detail view with no column header (one more than a table).
    pub detail_rows: usize,
    /// Value (or diff) lines of the SSM value view, below its detail lines.
    pub value_rows: usize,
    /// Lines of the describe view (the body less its border).
    pub describe_rows: usize,
}

impl Layout {
    /// The geometry of a terminal of `size` (columns, rows).
    #[must_use]
    pub fn for_size(size: (u16, u16)) -> Self {
        let chrome = HEADER_ROWS + TAB_ROWS + STATUS_ROWS;
        let list_rows = usize::from(size.1.saturating_sub(chrome + 2 + 1)).max(1);
        Self {
            size,
            list_rows,
            detail_rows: list_rows + 1,
            value_rows: (list_rows + 1).saturating_sub(SSM_DETAIL_LINES).max(1),
            describe_rows: usize::from(size.1.saturating_sub(chrome + 2)).max(1),
        }
    }

    /// The pane body (border included) on a terminal of this size: below the
    /// header and tabs, above the status line.
    #[must_use]
    pub fn body(&self) -> Rect {
        let top = HEADER_ROWS + TAB_ROWS;
        Rect::new(0, top, self.size.0, self.size.1.saturating_sub(top + STATUS_ROWS))
    }

    /// The screen rows a table's data rows occupy (the body less its top
    /// border and the column header, less the bottom border), when the table
    /// has no notice line above it.
    #[must_use]
    pub fn table_rows_area(&self) -> Rect {
        let body = self.body();
        Rect {
            x: body.x + 1,
            y: body.y + 2,
            width: body.width.saturating_sub(2),
            height: body.height.saturating_sub(3),
        }
    }
}

impl Default for Layout {
    fn default() -> Self {
        Self::for_size((80, 24))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_rows_start_below_the_border_and_header() {
        // Header 2 rows, tabs 1, then the body's border and the column header.
        let layout = Layout::for_size((100, 30));
        let area = layout.table_rows_area();
        assert_eq!((area.x, area.y, area.width), (1, 5, 98));
        assert_eq!(usize::from(area.height), layout.list_rows);
    }

    #[test]
    fn tiny_terminals_still_show_a_row() {
        let layout = Layout::for_size((10, 3));
        assert_eq!((layout.list_rows, layout.detail_rows, layout.value_rows, layout.describe_rows), (1, 2, 1, 1));
    }
}
