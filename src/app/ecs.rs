//! The Ecs pane's state (ECS clusters, services and tasks). Not built yet: it loads nothing and the
//! UI says so.

use super::action::{Command, Failure, RequestId};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::pane::PaneState;

/// Load slots of the Ecs pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EcsSlot {}

impl EcsSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {}
    }
}

/// Requests of the Ecs pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcsRequest {}

/// Data for the Ecs pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EcsPayload {}

/// The Ecs pane.
#[derive(Debug, Clone, Default)]
pub struct EcsPane {}

impl PaneState for EcsPane {
    type Slot = EcsSlot;
    type Payload = EcsPayload;

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
        slot: EcsSlot,
        _id: RequestId,
        _payload: EcsPayload,
        _more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match slot {}
    }

    fn on_failed(&mut self, slot: EcsSlot, _id: RequestId, _error: Failure, _ctx: &mut Ctx<'_>) {
        match slot {}
    }

    fn resized(&mut self, _rows: usize) {}
}
