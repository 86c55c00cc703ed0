//! The Find pane as a room: a placeholder that keeps only the search's
//! request id and what came back, until the pane's view is built.

use super::{FindPayload, FindSlot};
use crate::app::action::{Command, Failure, RequestId};
use crate::app::ctx::Ctx;
use crate::app::goto::Target;
use crate::app::keymap::{Binding, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::resource::{Place, Resource};

/// The Find pane's state: the payloads of the running search.
#[derive(Debug, Clone, Default)]
pub struct FindPane {
    /// The search waited for.
    pub request: Option<RequestId>,
    /// What it delivered so far.
    pub payloads: Vec<FindPayload>,
}

impl Room for FindPane {
    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        usize::from(self.request.is_some())
    }

    fn activate(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn refresh(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn on_key(&mut self, _action: KeyAction, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn resized(&mut self, _layout: &Layout) {}

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        None
    }

    fn location(&self) -> Target {
        Target::S3 { bucket: None, prefix: String::new() }
    }

    fn open_at(&mut self, _target: Target, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn selected_resource(&self, _place: &Place<'_>) -> Option<Resource> {
        None
    }
}

impl PaneState for FindPane {
    type Slot = FindSlot;
    type Payload = FindPayload;

    const BINDINGS: &'static [Binding] = &[];

    fn on_loaded(
        &mut self,
        _slot: FindSlot,
        id: RequestId,
        payload: FindPayload,
        more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        if self.request == Some(id) {
            self.payloads.push(payload);
            if !more {
                self.request = None;
            }
        }
        Vec::new()
    }

    fn on_failed(&mut self, _slot: FindSlot, id: RequestId, _error: Failure, _ctx: &mut Ctx<'_>) {
        if self.request == Some(id) {
            self.request = None;
        }
    }
}
