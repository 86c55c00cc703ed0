//! The SSM pane.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::app::App;

/// Draws the SSM pane.
pub fn render(_app: &App, frame: &mut Frame<'_>, area: Rect) {
    super::not_built(frame, area, "SSM", "the Parameter Store path tree");
}
