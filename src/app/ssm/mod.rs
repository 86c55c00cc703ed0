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

mod resource;
mod room;

use std::sync::Arc;

use crossterm::event::KeyEvent;

use self::edit::Modal;
use self::tree::{Entry, TreeView, parent};
use self::views::{Fetch, HistoryView, Reveal, ValueView};
use super::action::{Command, EditorOutcome, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::listing::LoadState;
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
    pub fn open_path(&mut self, path: Option<&str>, ctx: &mut Ctx<'_>) -> Vec<Command> {
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
