//! The Network pane.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::App;

/// Draws the Network pane.
pub fn render(_app: &App, frame: &mut Frame<'_>, area: Rect) {
    super::not_built(frame, area, "Network", "VPCs, subnets and network interfaces");
}
