//! Every colour and style in one place.

use ratatui::style::{Color, Modifier, Style};

/// The awscope badge in the header.
#[must_use]
pub fn badge() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// The account/region address in the header.
#[must_use]
pub fn address() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// Secondary text (ARNs, hints, column headers' neighbours).
#[must_use]
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// The READ-ONLY badge.
#[must_use]
pub fn read_only() -> Style {
    Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// The active pane tab.
#[must_use]
pub fn tab_active() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// An inactive pane tab.
#[must_use]
pub fn tab() -> Style {
    Style::new().fg(Color::Gray)
}

/// Table column headers.
#[must_use]
pub fn column_header() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// The selected row.
#[must_use]
pub fn selected() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan)
}

/// Error text.
#[must_use]
pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

/// Notices that are not errors (cancelled, partial).
#[must_use]
pub fn notice() -> Style {
    Style::new().fg(Color::Yellow)
}

/// Pane borders.
#[must_use]
pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}

/// Pane titles.
#[must_use]
pub fn title() -> Style {
    Style::new().fg(Color::White).add_modifier(Modifier::BOLD)
}

/// Escaped control characters inside untrusted text.
#[must_use]
pub fn escaped() -> Style {
    Style::new().fg(Color::Magenta)
}

/// The PROD badge for profiles matching a production pattern.
#[must_use]
pub fn production() -> Style {
    Style::new().fg(Color::White).bg(Color::Red).add_modifier(Modifier::BOLD)
}
