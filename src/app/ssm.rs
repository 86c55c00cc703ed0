//! The Ssm pane's state (SSM Parameter Store). Not built yet: it loads nothing and the
//! UI says so.

use super::action::{Command, Failure, RequestId};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::pane::PaneState;

/// Load slots of the Ssm pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SsmSlot {}

impl SsmSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {}
    }
}

/// Requests of the Ssm pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsmRequest {}

/// Data for the Ssm pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsmPayload {}

/// The Ssm pane.
#[derive(Debug, Clone, Default)]
pub struct SsmPane {}

impl PaneState for SsmPane {
    type Slot = SsmSlot;
    type Payload = SsmPayload;

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
        slot: SsmSlot,
        _id: RequestId,
        _payload: SsmPayload,
        _more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match slot {}
    }

    fn on_failed(&mut self, slot: SsmSlot, _id: RequestId, _error: Failure, _ctx: &mut Ctx<'_>) {
        match slot {}
    }

    fn resized(&mut self, _rows: usize) {}
}
