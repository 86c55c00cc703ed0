//! Every colour and style in one place. The style functions read the active
//! [`Palette`], set once at start-up with [`set`] (drawing happens on one
//! thread; tests set it per test).

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// The themes a config file may name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    /// Light text on a dark terminal.
    #[default]
    Dark,
    /// Dark text on a light terminal.
    Light,
    /// Strong contrast: bold, pure colours, no greys.
    HighContrast,
}

/// One style per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The awscope badge in the header.
    pub badge: Style,
    /// The account/region address in the header.
    pub address: Style,
    /// Secondary text.
    pub dim: Style,
    /// The READ-ONLY badge.
    pub read_only: Style,
    /// The active pane tab.
    pub tab_active: Style,
    /// An inactive pane tab.
    pub tab: Style,
    /// Table column headers.
    pub column_header: Style,
    /// The selected row.
    pub selected: Style,
    /// Error text.
    pub error: Style,
    /// Notices that are not errors.
    pub notice: Style,
    /// Pane borders.
    pub border: Style,
    /// Pane titles.
    pub title: Style,
    /// Escaped control characters inside untrusted text.
    pub escaped: Style,
    /// The PROD badge.
    pub production: Style,
}

const BOLD: Modifier = Modifier::BOLD;

impl Palette {
    /// Light text on a dark background: awscope's original colours.
    pub const DARK: Self = Self {
        badge: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(BOLD),
        address: Style::new().fg(Color::Cyan).add_modifier(BOLD),
        dim: Style::new().fg(Color::DarkGray),
        read_only: Style::new().fg(Color::Black).bg(Color::Yellow).add_modifier(BOLD),
        tab_active: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(BOLD),
        tab: Style::new().fg(Color::Gray),
        column_header: Style::new().fg(Color::Yellow).add_modifier(BOLD),
        selected: Style::new().fg(Color::Black).bg(Color::Cyan),
        error: Style::new().fg(Color::Red).add_modifier(BOLD),
        notice: Style::new().fg(Color::Yellow),
        border: Style::new().fg(Color::DarkGray),
        title: Style::new().fg(Color::White).add_modifier(BOLD),
        escaped: Style::new().fg(Color::Magenta),
        production: Style::new().fg(Color::White).bg(Color::Red).add_modifier(BOLD),
    };

    /// Dark text on a light background: no white or yellow text, which
    /// vanish on white.
    pub const LIGHT: Self = Self {
        badge: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(BOLD),
        address: Style::new().fg(Color::Blue).add_modifier(BOLD),
        dim: Style::new().fg(Color::DarkGray),
        read_only: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(BOLD),
        tab_active: Style::new().fg(Color::White).bg(Color::Blue).add_modifier(BOLD),
        tab: Style::new().fg(Color::DarkGray),
        column_header: Style::new().fg(Color::Magenta).add_modifier(BOLD),
        selected: Style::new().fg(Color::White).bg(Color::Blue),
        error: Style::new().fg(Color::Red).add_modifier(BOLD),
        notice: Style::new().fg(Color::Rgb(0x8a, 0x5a, 0x00)),
        border: Style::new().fg(Color::DarkGray),
        title: Style::new().fg(Color::Black).add_modifier(BOLD),
        escaped: Style::new().fg(Color::Magenta),
        production: Style::new().fg(Color::White).bg(Color::Red).add_modifier(BOLD),
    };

    /// Bold pure colours on black, no greys: for low vision and projectors.
    pub const HIGH_CONTRAST: Self = Self {
        badge: Style::new().fg(Color::Black).bg(Color::White).add_modifier(BOLD),
        address: Style::new().fg(Color::LightCyan).add_modifier(BOLD),
        dim: Style::new().fg(Color::White),
        read_only: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(BOLD),
        tab_active: Style::new().fg(Color::Black).bg(Color::White).add_modifier(BOLD),
        tab: Style::new().fg(Color::White),
        column_header: Style::new().fg(Color::LightYellow).add_modifier(BOLD.union(Modifier::UNDERLINED)),
        selected: Style::new().fg(Color::Black).bg(Color::LightYellow).add_modifier(BOLD),
        error: Style::new().fg(Color::LightRed).add_modifier(BOLD),
        notice: Style::new().fg(Color::LightYellow).add_modifier(BOLD),
        border: Style::new().fg(Color::White),
        title: Style::new().fg(Color::White).add_modifier(BOLD),
        escaped: Style::new().fg(Color::Black).bg(Color::LightMagenta),
        production: Style::new().fg(Color::White).bg(Color::Red).add_modifier(BOLD),
    };

    /// No colour at all (`NO_COLOR`): only bold, dim, underline and reverse,
    /// so headers, errors and the selection still stand out.
    pub const MONOCHROME: Self = Self {
        badge: Style::new().add_modifier(BOLD.union(Modifier::REVERSED)),
        address: Style::new().add_modifier(BOLD),
        dim: Style::new().add_modifier(Modifier::DIM),
        read_only: Style::new().add_modifier(BOLD.union(Modifier::REVERSED)),
        tab_active: Style::new().add_modifier(BOLD.union(Modifier::REVERSED)),
        tab: Style::new(),
        column_header: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
        selected: Style::new().add_modifier(Modifier::REVERSED),
        error: Style::new().add_modifier(BOLD),
        notice: Style::new().add_modifier(Modifier::ITALIC),
        border: Style::new(),
        title: Style::new().add_modifier(BOLD),
        escaped: Style::new().add_modifier(Modifier::REVERSED),
        production: Style::new().add_modifier(BOLD.union(Modifier::REVERSED)),
    };

    /// The palette for `name`, or monochrome when `no_color` (the user set
    /// `NO_COLOR`, which wins over any theme).
    #[must_use]
    pub fn select(name: ThemeName, no_color: bool) -> Self {
        if no_color {
            return Self::MONOCHROME;
        }
        match name {
            ThemeName::Dark => Self::DARK,
            ThemeName::Light => Self::LIGHT,
            ThemeName::HighContrast => Self::HIGH_CONTRAST,
        }
    }
}

/// Whether `NO_COLOR` asks for no colour: set and not empty
/// (<https://no-color.org>).
#[must_use]
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

thread_local! {
    static ACTIVE: Cell<Palette> = const { Cell::new(Palette::DARK) };
}

/// Makes `palette` the one this thread draws with.
pub fn set(palette: Palette) {
    ACTIVE.with(|p| p.set(palette));
}

/// The palette this thread draws with.
#[must_use]
pub fn active() -> Palette {
    ACTIVE.with(Cell::get)
}

/// The awscope badge in the header.
#[must_use]
pub fn badge() -> Style {
    active().badge
}

/// The account/region address in the header.
#[must_use]
pub fn address() -> Style {
    active().address
}

/// Secondary text (ARNs, hints, column headers' neighbours).
#[must_use]
pub fn dim() -> Style {
    active().dim
}

/// The READ-ONLY badge.
#[must_use]
pub fn read_only() -> Style {
    active().read_only
}

/// The active pane tab.
#[must_use]
pub fn tab_active() -> Style {
    active().tab_active
}

/// An inactive pane tab.
#[must_use]
pub fn tab() -> Style {
    active().tab
}

/// Table column headers.
#[must_use]
pub fn column_header() -> Style {
    active().column_header
}

/// The selected row.
#[must_use]
pub fn selected() -> Style {
    active().selected
}

/// Error text.
#[must_use]
pub fn error() -> Style {
    active().error
}

/// Notices that are not errors (cancelled, partial).
#[must_use]
pub fn notice() -> Style {
    active().notice
}

/// Pane borders.
#[must_use]
pub fn border() -> Style {
    active().border
}

/// Pane titles.
#[must_use]
pub fn title() -> Style {
    active().title
}

/// Escaped control characters inside untrusted text.
#[must_use]
pub fn escaped() -> Style {
    active().escaped
}

/// The PROD badge for profiles matching a production pattern.
#[must_use]
pub fn production() -> Style {
    active().production
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(p: &Palette) -> [Style; 14] {
        [
            p.badge,
            p.address,
            p.dim,
            p.read_only,
            p.tab_active,
            p.tab,
            p.column_header,
            p.selected,
            p.error,
            p.notice,
            p.border,
            p.title,
            p.escaped,
            p.production,
        ]
    }

    #[test]
    fn monochrome_has_no_colour_and_the_selection_still_shows() {
        for style in all(&Palette::MONOCHROME) {
            assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
        }
        assert!(Palette::MONOCHROME.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn no_color_wins_over_every_theme() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
            assert_eq!(Palette::select(name, true), Palette::MONOCHROME);
        }
        assert_eq!(Palette::select(ThemeName::Light, false), Palette::LIGHT);
    }

    #[test]
    fn the_palette_is_per_thread_and_dark_by_default() {
        assert_eq!(active(), Palette::DARK);
        set(Palette::LIGHT);
        assert_eq!(title(), Palette::LIGHT.title);
        std::thread::spawn(|| assert_eq!(active(), Palette::DARK)).join().expect("thread");
        set(Palette::DARK);
    }
}
