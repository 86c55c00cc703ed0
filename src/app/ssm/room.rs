//! The Ssm pane as a room: what the app asks of it.

use super::*;
use crate::app::action::EditorOutcome;
use crate::app::goto::{GoCommand, Target, word};
use crate::app::keymap::Key::{Char, Ctrl};
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};

/// The keys of the Ssm pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('x')],
        action: KeyAction::SsmReveal,
        help: "reveal / mask SecureString values",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('h')],
        action: KeyAction::SsmHistory,
        help: "version history",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('m')],
        action: KeyAction::SsmMark,
        help: "history: mark a version",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('D')],
        action: KeyAction::SsmDiff,
        help: "history: diff with the marked or previous",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('e')],
        action: KeyAction::SsmEdit,
        help: "edit the value in $EDITOR",
        group: Group::Pane(Pane::Ssm),
    },
    Binding { keys: &[Char('n')], action: KeyAction::SsmCreate, help: "new parameter", group: Group::Pane(Pane::Ssm) },
    Binding {
        keys: &[Ctrl('d')],
        action: KeyAction::SsmDelete,
        help: "delete (type the name to confirm)",
        group: Group::Pane(Pane::Ssm),
    },
];

/// The SSM pane's `:` commands.
const COMMANDS: &[GoCommand] = &[GoCommand {
    names: &["ssm", "param", "params", "parameters"],
    args: "[/path]",
    target: |arg| Target::Ssm(word(arg).map(|p| ssm_path(&p))),
}];

/// SSM paths start with `/`; a trailing one is dropped.
fn ssm_path(path: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    if trimmed.starts_with('/') { trimmed.to_owned() } else { format!("/{trimmed}") }
}

impl Room for SsmPane {
    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        let value = self.value.as_ref().map_or(0, |v| {
            usize::from(matches!(v.value, Fetch::Loading(_))) + usize::from(matches!(v.reveal, Reveal::Loading(_)))
        });
        usize::from(self.tree.list.is_loading())
            + value
            + usize::from(self.history.as_ref().is_some_and(|h| h.list.is_loading()))
            + usize::from(self.row_request.is_some())
            + usize::from(matches!(self.modal, Some(Modal::Checking { .. } | Modal::Writing { .. })))
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.tree.list.state == LoadState::Idle { self.load_tree(None, ctx) } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.screen {
            Screen::Tree => {
                let folder = self.tree.folder.clone();
                let scope =
                    (self.tree.complete && !folder.is_empty() && !self.tree.list.is_loading()).then_some(folder);
                self.load_tree(scope, ctx)
            }
            Screen::Value => match self.value.as_ref().map(|v| v.name.clone()) {
                Some(name) => self.open_value(&name, ctx),
                None => Vec::new(),
            },
            Screen::History => match self.history.as_ref().map(|h| h.name.clone()) {
                Some(name) => {
                    if let Some(history) = &mut self.history {
                        history.mask();
                    }
                    self.load_history(&name, Decrypt::No, ctx)
                }
                None => Vec::new(),
            },
        }
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.screen {
            Screen::Tree => self.tree_key(action, ctx),
            Screen::Value => self.value_key(action, ctx),
            Screen::History => self.history_key(action, ctx),
        }
    }

    fn captures_input(&self) -> bool {
        self.modal.is_some()
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.modal_key(key, ctx)
    }

    fn resized(&mut self, layout: &Layout) {
        let rows = layout.list_rows;
        self.tree.list.scroll_into_view(rows);
        if let Some(history) = &mut self.history {
            history.list.scroll_into_view(rows);
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        match self.screen {
            Screen::Tree => Some(&mut self.tree.list),
            Screen::History => self.history.as_mut().map(|h| &mut h.list as &mut dyn ListControl),
            Screen::Value => None,
        }
    }

    fn location(&self) -> Target {
        let folder = &self.tree.folder;
        Target::Ssm((!folder.is_empty()).then(|| folder.clone()))
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match target {
            Target::Ssm(path) => self.open_path(path.as_deref(), ctx),
            _ => Vec::new(),
        }
    }

    fn filter_on_aws(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Option<Vec<Command>> {
        // A path under the folder on screen: SSM lists it.
        let Target::Ssm(folder) = self.location() else { return None };
        let base = folder.unwrap_or_default();
        Some(self.open_path(Some(&ssm_path(&format!("{base}/{text}"))), ctx))
    }

    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource> {
        self.resource_at(place)
    }
}

impl PaneState for SsmPane {
    type Slot = SsmSlot;
    type Payload = SsmPayload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn edited(outcome: EditorOutcome) -> Option<SsmPayload> {
        Some(SsmPayload::Edited(outcome))
    }

    fn on_loaded(
        &mut self,
        slot: SsmSlot,
        id: RequestId,
        payload: SsmPayload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let rows = ctx.rows;
        match (slot, payload) {
            (SsmSlot::Tree, SsmPayload::Parameters(page)) if self.tree.list.accepts(id) => {
                self.on_tree_page(page, more, rows);
            }
            (SsmSlot::Value, SsmPayload::Value(value)) => {
                if let Some(view) = &mut self.value
                    && view.value == Fetch::Loading(id)
                {
                    view.value = Fetch::Ready(value);
                    view.refresh_text();
                    if view.pending_edit {
                        return self.start_edit(ctx);
                    }
                }
            }
            (SsmSlot::Reveal, SsmPayload::Revealed(value)) => {
                if let Some(view) = &mut self.value
                    && view.reveal == Reveal::Loading(id)
                {
                    view.reveal = Reveal::Shown(value);
                    view.refresh_text();
                    if view.pending_edit {
                        return self.start_edit(ctx);
                    }
                }
            }
            (SsmSlot::History, SsmPayload::History(page)) => {
                if let Some(history) = &mut self.history
                    && history.list.accepts(id)
                {
                    history.push_page(page, more, rows);
                }
            }
            (SsmSlot::Row, SsmPayload::Described { name, found }) if self.row_request == Some(id) => {
                self.row_request = None;
                match found {
                    Some(p) => {
                        let meta = Arc::new((*p).clone());
                        self.tree.store.upsert(*p);
                        if let Some(view) = self.value.as_mut().filter(|v| v.name == name) {
                            view.meta = Some(meta);
                        }
                    }
                    None => self.tree.store.remove(&name),
                }
                self.tree.rebuild(rows);
            }
            (SsmSlot::Write, payload) if self.modal.as_ref().and_then(Modal::waiting_for) == Some(id) => {
                match payload {
                    SsmPayload::Edited(outcome) => return self.on_edited(outcome, ctx),
                    SsmPayload::Checked(found) => self.on_checked(found),
                    SsmPayload::Written(outcome) => return self.on_written(outcome, ctx),
                    _ => {}
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_failed(&mut self, slot: SsmSlot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        match slot {
            SsmSlot::Tree if self.tree.list.accepts(id) => {
                self.tree.list.fail(error);
                self.tree.complete = false;
            }
            SsmSlot::Value => {
                if let Some(view) = self.value.as_mut().filter(|v| v.value == Fetch::Loading(id)) {
                    view.value = Fetch::Failed(error);
                    view.pending_edit = false;
                }
            }
            SsmSlot::Reveal => {
                if let Some(view) = self.value.as_mut().filter(|v| v.reveal == Reveal::Loading(id)) {
                    view.reveal = Reveal::Failed(error);
                    view.pending_edit = false;
                    view.refresh_text();
                }
            }
            SsmSlot::History => {
                if let Some(history) = self.history.as_mut().filter(|h| h.list.accepts(id)) {
                    history.list.fail(error);
                    if history.decrypted {
                        history.mask();
                    }
                }
            }
            SsmSlot::Row if self.row_request == Some(id) => {
                self.row_request = None;
                ctx.error(error.message);
            }
            SsmSlot::Write if self.modal.as_ref().and_then(Modal::waiting_for) == Some(id) => {
                let name = match self.modal.take() {
                    Some(Modal::Checking { write, .. } | Modal::Writing { write, .. }) => write.name().to_owned(),
                    Some(Modal::Editing { name, .. }) => name,
                    _ => String::new(),
                };
                self.modal = Some(Modal::Refused { name, message: error.message });
            }
            SsmSlot::Tree | SsmSlot::Row | SsmSlot::Write => {}
        }
    }
}
