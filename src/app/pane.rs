//! The contract every pane keeps with the app.

use crossterm::event::KeyEvent;

use super::action::{Command, Failure, RequestId};
use super::ctx::Ctx;
use super::keymap::KeyAction;

/// One pane's state machine. The app routes keys, loader results and resizes
/// to the pane on screen (results to whichever pane owns the slot), and never
/// looks inside.
pub trait PaneState {
    /// The pane's load slots.
    type Slot;
    /// The data its loads deliver.
    type Payload;

    /// Forgets everything (a context switch).
    fn reset(&mut self);

    /// How many of its loads are running.
    fn in_flight(&self) -> usize;

    /// Called when the pane comes on screen: load what it has never loaded.
    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command>;

    /// `r`: reload the view on screen.
    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command>;

    /// A key the keymap resolved (navigation, Enter, Esc, the pane's own keys).
    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command>;

    /// Whether a prompt or dialog of the pane wants raw keys (typing text).
    fn captures_input(&self) -> bool {
        false
    }

    /// A raw key while [`PaneState::captures_input`] is true.
    fn on_raw_key(&mut self, _key: KeyEvent, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    /// A result for one of its loads; stale ids must be ignored.
    fn on_loaded(
        &mut self,
        slot: Self::Slot,
        id: RequestId,
        payload: Self::Payload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command>;

    /// A failure for one of its loads; stale ids must be ignored.
    fn on_failed(&mut self, slot: Self::Slot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>);

    /// The terminal was resized; `rows` table rows are now visible.
    fn resized(&mut self, rows: usize);
}
