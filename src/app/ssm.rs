//! The SSM pane's state: the parameter path tree, one parameter's value
//! (SecureStrings masked until `x`), its history with diffs, and writes that
//! re-read the parameter first and refuse if someone else changed it.
//!
//! Revealed values live only in the value and history views and are dropped
//! when the user masks them or leaves the view.

pub mod diff;
pub mod edit;
mod keys;
pub mod tree;
pub mod views;
mod writes;

use std::sync::Arc;

use crossterm::event::KeyEvent;

use self::edit::Modal;
use self::tree::{Entry, TreeView, parent};
use self::views::{Fetch, HistoryView, Reveal, ValueView};
use super::action::{Command, EditorOutcome, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::listing::LoadState;
use super::pane::PaneState;
use crate::aws::ssm::{Decrypt, Parameter, ParameterValue, ParameterVersion, ParameterWrite, WriteOutcome};

/// Load slots of the SSM pane. A new load in a slot replaces the one running there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SsmSlot {
    /// The parameter listing behind the tree.
    Tree,
    /// The value of the open parameter.
    Value,
    /// The decrypted value of the open parameter.
    Reveal,
    /// The open parameter's history.
    History,
    /// One row of the tree, re-read after a write.
    Row,
    /// The editor, the check before a write, and the write.
    Write,
}

impl SsmSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Tree => "SSM parameters",
            Self::Value => "the parameter value",
            Self::Reveal => "the decrypted parameter value",
            Self::History => "the parameter history",
            Self::Row => "the parameter details",
            Self::Write => "the parameter change",
        }
    }
}

/// Requests of the SSM pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsmRequest {
    /// Parameter metadata (DescribeParameters), for the whole account or below a path.
    List {
        /// `None` for everything; a folder (`/app/dev`) for a reload of that folder.
        path: Option<String>,
    },
    /// One value without decryption (GetParameter).
    Open {
        /// The parameter.
        name: String,
    },
    /// One value, decrypted (GetParameter WithDecryption).
    Reveal {
        /// The parameter.
        name: String,
    },
    /// Every version (GetParameterHistory).
    History {
        /// The parameter.
        name: String,
        /// Whether SecureString versions are decrypted.
        decrypt: Decrypt,
    },
    /// One parameter's metadata, after a write.
    Describe {
        /// The parameter.
        name: String,
    },
    /// The re-read before asking to confirm a write.
    Check(ParameterWrite),
    /// The write itself (checked again first).
    Write(ParameterWrite),
}

/// Data for the SSM pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SsmPayload {
    /// One page of parameter metadata.
    Parameters(Vec<Parameter>),
    /// The value read on opening.
    Value(ParameterValue),
    /// The decrypted value.
    Revealed(ParameterValue),
    /// One page of versions, oldest first.
    History(Vec<ParameterVersion>),
    /// One parameter's metadata; `None` when it no longer exists.
    Described {
        /// The parameter.
        name: String,
        /// Its metadata, if it exists.
        found: Option<Box<Parameter>>,
    },
    /// The check passed; the current metadata (`None` for a create).
    Checked(Option<Box<Parameter>>),
    /// The write happened.
    Written(WriteOutcome),
    /// The editor returned.
    Edited(EditorOutcome),
}

/// Which screen of the pane is on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// The folder tree.
    #[default]
    Tree,
    /// One parameter's value.
    Value,
    /// One parameter's history (and a diff, when open).
    History,
}

/// The SSM pane.
#[derive(Debug, Clone, Default)]
pub struct SsmPane {
    /// The tree and everything listed.
    pub tree: TreeView,
    /// The screen on top.
    pub screen: Screen,
    /// The open parameter, if any.
    pub value: Option<ValueView>,
    /// The open parameter's history, if loaded.
    pub history: Option<HistoryView>,
    /// A dialog over the pane.
    pub modal: Option<Modal>,
    /// The row re-read after a write.
    pub row_request: Option<RequestId>,
}

fn load(ctx: &mut Ctx<'_>, slot: SsmSlot, request: SsmRequest) -> (RequestId, Command) {
    ctx.load(Slot::Ssm(slot), LoadRequest::Ssm(request))
}

impl SsmPane {
    /// The parameter the keys act on: the open one, or the selected tree row.
    #[must_use]
    pub fn target(&self) -> Option<String> {
        match self.screen {
            Screen::Value => self.value.as_ref().map(|v| v.name.clone()),
            Screen::History => self.history.as_ref().map(|h| h.name.clone()),
            Screen::Tree => match self.tree.list.selected_item() {
                Some(Entry::Parameter(p)) => Some(p.name.clone()),
                _ => None,
            },
        }
    }

    fn load_tree(&mut self, path: Option<String>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = load(ctx, SsmSlot::Tree, SsmRequest::List { path: path.clone() });
        self.tree.list.start(id);
        if path.is_none() {
            self.tree.complete = false;
        }
        self.tree.scope = path;
        vec![command]
    }

    /// Opens the value view of `name`, loading its value and its history.
    fn open_value(&mut self, name: &str, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let meta = self.tree.store.get(name).cloned();
        let (id, open) = load(ctx, SsmSlot::Value, SsmRequest::Open { name: name.to_owned() });
        self.value = Some(ValueView::new(name, meta, id));
        self.screen = Screen::Value;
        let mut commands = vec![open];
        commands.extend(self.load_history(name, Decrypt::No, ctx));
        commands
    }

    fn load_history(&mut self, name: &str, decrypt: Decrypt, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = load(ctx, SsmSlot::History, SsmRequest::History { name: name.to_owned(), decrypt });
        let history = self.history.get_or_insert_with(|| HistoryView::new(name));
        if history.name != name {
            *history = HistoryView::new(name);
        }
        history.list.start(id);
        history.decrypted = decrypt == Decrypt::Yes;
        vec![command]
    }

    fn close_value(&mut self) -> Vec<Command> {
        let mut commands = Vec::new();
        if let Some(view) = self.value.take() {
            if matches!(view.value, Fetch::Loading(_)) {
                commands.push(Command::Cancel(Slot::Ssm(SsmSlot::Value)));
            }
            if matches!(view.reveal, Reveal::Loading(_)) {
                commands.push(Command::Cancel(Slot::Ssm(SsmSlot::Reveal)));
            }
        }
        if self.history.take().is_some_and(|h| h.list.is_loading()) {
            commands.push(Command::Cancel(Slot::Ssm(SsmSlot::History)));
        }
        self.screen = Screen::Tree;
        commands
    }

    fn on_tree_page(&mut self, page: Vec<Parameter>, more: bool, rows: usize) {
        let tree = &mut self.tree;
        let mut changed = false;
        if std::mem::take(&mut tree.list.replace_on_next_page) {
            tree.store.remove_under(tree.scope.as_deref().unwrap_or(""));
            changed = true;
        }
        changed |= tree.store.insert_page(page, &tree.folder);
        if changed {
            tree.rebuild(rows);
        }
        if !more {
            tree.list.finish_keeping_rows();
            if tree.scope.is_none() {
                tree.complete = true;
            }
            if !tree.store.has_folder(&tree.folder) {
                let mut up = parent(&tree.folder).to_owned();
                while !tree.store.has_folder(&up) {
                    up = parent(&up).to_owned();
                }
                // A deep link to a parameter lands in its folder with it selected.
                let select = tree.pending_select.clone();
                tree.enter(&up, select.as_deref(), rows);
            }
            if tree.pending_select.as_deref() == Some(tree.folder.as_str()) {
                tree.pending_select = None;
            }
        }
    }

    /// Opens the tree at `path`: a folder, or a parameter selected in its
    /// folder (`None`: the top). Closes the value and history views. When the
    /// whole account is listed already the tree moves there at once; else it
    /// is listed again and lands there when the listing ends (at the nearest
    /// folder that exists, when `path` does not).
    pub fn open_at(&mut self, path: Option<&str>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = self.close_value();
        let path = path.unwrap_or_default();
        let rows = ctx.rows;
        let tree = &mut self.tree;
        if tree.complete && !tree.list.is_loading() {
            if tree.store.has_folder(path) {
                tree.enter(path, None, rows);
                return commands;
            }
            if tree.store.get(path).is_some() {
                tree.enter(tree::folder_of(path), Some(path), rows);
                return commands;
            }
        }
        tree.folder = path.to_owned();
        tree.list.items.clear();
        tree.list.selected = 0;
        tree.list.offset = 0;
        tree.pending_select = (!path.is_empty()).then(|| path.to_owned());
        commands.extend(self.load_tree(None, ctx));
        commands
    }
}

impl PaneState for SsmPane {
    type Slot = SsmSlot;
    type Payload = SsmPayload;

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

    fn resized(&mut self, rows: usize) {
        self.tree.list.scroll_into_view(rows);
        if let Some(history) = &mut self.history {
            history.list.scroll_into_view(rows);
        }
    }
}
