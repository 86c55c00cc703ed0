//! The screen's fixed layout, shared by rendering and by the app (which needs
//! to know how many rows a page holds).

use ratatui::layout::{Constraint, Layout, Rect};

/// Rows taken by the header.
pub const HEADER_ROWS: u16 = 2;
/// Rows taken by the pane tabs.
pub const TAB_ROWS: u16 = 1;
/// Rows taken by the status line.
pub const STATUS_ROWS: u16 = 1;

/// The screen split into header, tabs, pane body and status line.
#[derive(Debug, Clone, Copy)]
pub struct Areas {
    /// Profile, region, account and ARN.
    pub header: Rect,
    /// The pane tabs.
    pub tabs: Rect,
    /// The active pane, border included.
    pub body: Rect,
    /// Errors, loads in flight and key hints.
    pub status: Rect,
}

/// Splits `area` into the four parts.
#[must_use]
pub fn split(area: Rect) -> Areas {
    let [header, tabs, body, status] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Length(TAB_ROWS),
        Constraint::Min(0),
        Constraint::Length(STATUS_ROWS),
    ])
    .areas(area);
    Areas { header, tabs, body, status }
}

/// Table rows visible in a pane on a terminal `height` rows tall: the body less
/// its border and the column header.
#[must_use]
pub fn list_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(HEADER_ROWS + TAB_ROWS + STATUS_ROWS + 2 + 1)).max(1)
}
