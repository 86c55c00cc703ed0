//! The ECS pane.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::App;

/// Draws the ECS pane.
pub fn render(_app: &App, frame: &mut Frame<'_>, area: Rect) {
    super::not_built(frame, area, "ECS", "clusters, services and tasks");
}
