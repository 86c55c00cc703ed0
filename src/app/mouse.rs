//! The mouse: the wheel scrolls, a click selects, a double click opens; and
//! the auto-refresh timer. Both act on the table on screen only when nothing
//! (a popup, a prompt, help, the describe view) is open over it.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::keymap::KeyAction;
use super::{App, Command};

/// Rows the selection moves per wheel notch.
pub const WHEEL_ROWS: usize = 3;

/// Two clicks on the same row within this long are a double click.
pub const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// A mouse event as the event loop hands it to the app, with what only the
/// loop can tell (it owns the clock): whether a click completes a double click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MouseInput {
    /// The event.
    pub event: MouseEvent,
    /// A left click on the same row as a left click less than
    /// [`DOUBLE_CLICK`] before.
    pub double: bool,
}

impl MouseInput {
    /// A single event (not part of a double click).
    #[must_use]
    pub fn single(event: MouseEvent) -> Self {
        Self { event, double: false }
    }
}

/// Tells double clicks from single ones; lives in the event loop.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClickTracker {
    last: Option<(Instant, u16)>,
}

impl ClickTracker {
    /// `event`, received at `now`, with its double-click flag.
    pub fn input(&mut self, event: MouseEvent, now: Instant) -> MouseInput {
        if event.kind != MouseEventKind::Down(MouseButton::Left) {
            return MouseInput::single(event);
        }
        let double = self.last.is_some_and(|(at, row)| {
            row == event.row && now.checked_duration_since(at).is_some_and(|d| d <= DOUBLE_CLICK)
        });
        // A third click starts afresh rather than opening twice.
        self.last = if double { None } else { Some((now, event.row)) };
        MouseInput { event, double }
    }
}

/// The screen rows a table's data rows occupy on a terminal of `size`
/// (see [`super::Layout::table_rows_area`]).
#[must_use]
pub fn table_rows_area(size: (u16, u16)) -> ratatui::layout::Rect {
    super::Layout::for_size(size).table_rows_area()
}

impl App {
    /// Whether something is open over the pane that takes the keys (and so
    /// the mouse and the auto-refresh stay out of its way).
    fn something_open(&self) -> bool {
        self.modals.any() || self.panes.get(self.pane).captures_input()
    }

    /// Hands `action` to the pane on screen, as a key bound to it would.
    fn pane_key(&mut self, action: KeyAction) -> Vec<Command> {
        let pane = self.pane;
        let (mut ctx, panes) = self.split();
        panes.get_mut(pane).on_key(action, &mut ctx)
    }

    /// A mouse event: the wheel moves the selection [`WHEEL_ROWS`] rows, a
    /// left click on a table row selects it, a double click opens it. Ignored
    /// while a popup, prompt, help or the describe view is open.
    pub(super) fn on_mouse(&mut self, input: MouseInput) -> Vec<Command> {
        if self.something_open() || self.environment().is_none() {
            return Vec::new();
        }
        let event = input.event;
        let step = match event.kind {
            MouseEventKind::ScrollDown => Some(KeyAction::Down),
            MouseEventKind::ScrollUp => Some(KeyAction::Up),
            _ => None,
        };
        if let Some(step) = step {
            self.dirty = true;
            self.status = None;
            let mut commands = Vec::new();
            for _ in 0..WHEEL_ROWS {
                commands.extend(self.pane_key(step));
            }
            return commands;
        }
        if event.kind != MouseEventKind::Down(MouseButton::Left) {
            return Vec::new();
        }
        let area = self.layout.table_rows_area();
        let inside = event.column >= area.x
            && event.column < area.x + area.width
            && event.row >= area.y
            && event.row < area.y + area.height;
        if !inside {
            return Vec::new();
        }
        let Some(list) = self.panes.list(self.pane) else { return Vec::new() };
        let (offset, selected) = list.window_position();
        let (_, shown) = list.counts();
        let target = offset + usize::from(event.row - area.y);
        if target >= shown {
            return Vec::new();
        }
        self.dirty = true;
        self.status = None;
        let (step, count) =
            if target >= selected { (KeyAction::Down, target - selected) } else { (KeyAction::Up, selected - target) };
        let mut commands = Vec::new();
        for _ in 0..count {
            commands.extend(self.pane_key(step));
        }
        if input.double {
            commands.extend(self.pane_key(KeyAction::Open));
        }
        commands
    }

    /// The auto-refresh timer fired: reload the pane on screen, unless a
    /// popup, prompt or overlay is open, the pane is already loading, or the
    /// connection is not settled.
    pub(super) fn auto_refresh(&mut self) -> Vec<Command> {
        if self.something_open() || self.environment().is_none() || self.pending.is_some() {
            return Vec::new();
        }
        if self.panes.get(self.pane).in_flight() > 0 {
            return Vec::new();
        }
        self.dirty = true;
        let pane = self.pane;
        let (mut ctx, panes) = self.split();
        panes.get_mut(pane).refresh(&mut ctx)
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyModifiers;

    use super::*;

    fn click(row: u16) -> MouseEvent {
        MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column: 10, row, modifiers: KeyModifiers::NONE }
    }

    #[test]
    fn two_clicks_on_one_row_close_together_are_a_double_click() {
        let t0 = Instant::now();
        let mut tracker = ClickTracker::default();
        assert!(!tracker.input(click(7), t0).double);
        assert!(tracker.input(click(7), t0 + Duration::from_millis(250)).double);
        // A third click starts a new pair.
        assert!(!tracker.input(click(7), t0 + Duration::from_millis(300)).double);
    }

    #[test]
    fn slow_clicks_or_other_rows_are_single() {
        let t0 = Instant::now();
        let mut tracker = ClickTracker::default();
        assert!(!tracker.input(click(7), t0).double);
        assert!(!tracker.input(click(7), t0 + DOUBLE_CLICK + Duration::from_millis(1)).double);
        assert!(!tracker.input(click(8), t0 + DOUBLE_CLICK + Duration::from_millis(2)).double);
        let wheel = MouseEvent { kind: MouseEventKind::ScrollDown, ..click(8) };
        assert!(!tracker.input(wheel, t0 + DOUBLE_CLICK + Duration::from_millis(3)).double);
        assert!(tracker.input(click(8), t0 + DOUBLE_CLICK + Duration::from_millis(4)).double);
    }
}
