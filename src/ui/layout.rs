//! The screen's fixed layout: the heights of its parts come from
//! [`crate::app::layout`], which the reducer pages by.

use ratatui::layout::{Constraint, Layout, Rect};

pub use crate::app::layout::{HEADER_ROWS, STATUS_ROWS, TAB_ROWS};

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
    crate::app::layout::Layout::for_size((0, height)).list_rows
}
