//! The contract every pane keeps with the app: a pane is a room. The app
//! hands it keys, load results and the screen's geometry, and asks it what
//! it shows (the table for `/` and the sort keys, where it is for history and
//! `:` commands, the resource under the cursor for `y`/`Y`/`o`/`d`); it never
//! looks inside. Drawing a pane is the UI's side of the same room
//! (`ui/<pane>.rs`).

use crossterm::event::KeyEvent;

use super::action::{Command, EditorOutcome, Failure, RequestId};
use super::ctx::Ctx;
use super::goto::{GoCommand, Target};
use super::keymap::{Binding, KeyAction};
use super::layout::Layout;
use super::lists::ListControl;
use super::resource::{Place, Resource};

/// One pane's state machine, as the app sees it (object-safe: the app holds
/// panes as `dyn Room`).
pub trait Room {
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

    /// A raw key while [`Room::captures_input`] is true.
    fn on_raw_key(&mut self, _key: KeyEvent, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    /// The terminal was resized; the views now show what `layout` says.
    fn resized(&mut self, layout: &Layout);

    /// The table on screen (for the live filter, the sort keys and the
    /// mouse), if the view on screen is a table.
    fn list_mut(&mut self) -> Option<&mut dyn ListControl>;

    /// Where the pane is, as a target that opens it again (history, `:`).
    fn location(&self) -> Target;

    /// Opens the views leading to `target` (one of this pane's), as if the
    /// user had walked there.
    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command>;

    /// Tab in the filter prompt: ask AWS for `text` instead of filtering
    /// what is loaded, where the service can. `None`: not here.
    fn filter_on_aws(&mut self, _text: &str, _ctx: &mut Ctx<'_>) -> Option<Vec<Command>> {
        None
    }

    /// The resource under the cursor (or shown, in a detail view), to
    /// describe, copy or open in the console.
    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource>;
}

/// What a pane adds to [`Room`] with its own types: the slots its loads use,
/// the data they deliver, and its keys. The registry (`app/registry.rs`)
/// routes results to it through these.
pub trait PaneState: Room {
    /// The pane's load slots.
    type Slot;
    /// The data its loads deliver.
    type Payload;

    /// The keys of the pane's own actions; help lists them under its title.
    const BINDINGS: &'static [Binding];

    /// The `:` commands that go to places in the pane.
    const COMMANDS: &'static [GoCommand] = &[];

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

    /// The payload that delivers what came back from the user's editor
    /// ([`Command::EditInEditor`]), for a pane that edits text.
    fn edited(_outcome: EditorOutcome) -> Option<Self::Payload> {
        None
    }
}
