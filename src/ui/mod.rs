//! Drawing: `render(&App, frame)` lays out the header, the pane tabs, the
//! active pane, the status line and any popup. Nothing here calls AWS or
//! changes state.

pub mod describe;
pub mod ecs;
pub mod errors;
pub mod find;
pub mod header;
pub mod help;
pub mod layout;
pub mod logs;
pub mod network;
pub mod prompt;
pub mod s3;
pub mod ssm;
pub mod status;
pub mod switch;
pub use crate::text;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::app::modal::Modal;
use crate::app::{App, Connection, Pane};

/// Spinner frames, advanced by the app's tick while something loads.
pub const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Draws the whole screen for `app`.
pub fn render(app: &App, frame: &mut Frame<'_>) {
    let areas = layout::split(frame.area());
    header::render(app, frame, areas.header);
    render_tabs(app, frame, areas.tabs);
    match app.pane {
        Pane::S3 => s3::render(app, frame, areas.body),
        Pane::Network => network::render(app, frame, areas.body),
        Pane::Ssm => ssm::render(app, frame, areas.body),
        Pane::Ecs => ecs::render(app, frame, areas.body),
        Pane::Logs => logs::render(app, frame, areas.body),
        Pane::Find => find::render(app, frame, areas.body),
    }
    status::render(app, frame, areas.status);
    // What is open over the pane, bottom to top: the top one has the keys.
    for modal in app.modals.iter() {
        match modal {
            Modal::Describe(_) => describe::render(app, frame, areas.body),
            Modal::Errors(_) => errors::render(app, frame, areas.body),
            Modal::Prompt(_) => prompt::render(app, frame, frame.area(), areas.status),
            Modal::Switch(_) => switch::render(app, frame, frame.area()),
            Modal::Help(_) => help::render(frame, frame.area(), app.pane, &app.keymap),
        }
    }
}

fn render_tabs(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let mut spans = vec![Span::raw(" ")];
    for (i, pane) in Pane::ALL.iter().enumerate() {
        let (label, style) = if *pane == app.pane {
            (format!("[{} {}]", i + 1, pane.title()), theme::tab_active())
        } else {
            (format!(" {} {} ", i + 1, pane.title()), theme::tab())
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A bordered pane block with `title`.
#[must_use]
pub fn pane_block(title: Line<'_>) -> Block<'_> {
    Block::default().borders(Borders::ALL).border_style(theme::border()).title(title)
}

/// A message in the middle of a pane: loading, empty, or an error.
pub fn pane_message(frame: &mut Frame<'_>, area: Rect, block: Block<'_>, lines: Vec<Line<'_>>) {
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let top = inner.height.saturating_sub(u16::try_from(lines.len()).unwrap_or(u16::MAX)) / 2;
    let text_area = Rect { y: inner.y + top, height: inner.height - top, ..inner };
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }), text_area);
}

/// The body shown when the connection itself failed (bad profile, config).
pub fn connection_failed(app: &App, frame: &mut Frame<'_>, area: Rect, title: &str) -> bool {
    if let Connection::Failed(failure) = &app.connection {
        let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
        let mut lines = vec![Line::styled("Could not connect", theme::error()), Line::raw("")];
        // A message may explain itself over several lines (what was looked for).
        lines.extend(failure.message.lines().map(|line| Line::raw(text::inert(line).into_owned())));
        lines.extend([Line::raw(""), Line::styled("r retry · q quit", theme::dim())]);
        pane_message(frame, area, block, lines);
        return true;
    }
    false
}

/// The body of a pane that is not built yet.
pub fn not_built(frame: &mut Frame<'_>, area: Rect, title: &str, what: &str) {
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    let lines = vec![
        Line::styled(format!("The {title} pane ({what}) is not built yet in this version."), theme::notice()),
        Line::raw(""),
        Line::styled("Press 1 for S3 buckets.", theme::dim()),
    ];
    pane_message(frame, area, block, lines);
}
