//! The Network pane's state (VPCs, subnets and network interfaces). Not built yet: it loads nothing and the
//! UI says so.

use super::action::{Command, Failure, RequestId};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::pane::PaneState;

/// Load slots of the Network pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkSlot {}

impl NetworkSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {}
    }
}

/// Requests of the Network pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkRequest {}

/// Data for the Network pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkPayload {}

/// The Network pane.
#[derive(Debug, Clone, Default)]
pub struct NetworkPane {}

impl PaneState for NetworkPane {
    type Slot = NetworkSlot;
    type Payload = NetworkPayload;

    fn reset(&mut self) {}

    fn in_flight(&self) -> usize {
        0
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

    fn on_loaded(
        &mut self,
        slot: NetworkSlot,
        _id: RequestId,
        _payload: NetworkPayload,
        _more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match slot {}
    }

    fn on_failed(&mut self, slot: NetworkSlot, _id: RequestId, _error: Failure, _ctx: &mut Ctx<'_>) {
        match slot {}
    }

    fn resized(&mut self, _rows: usize) {}
}
