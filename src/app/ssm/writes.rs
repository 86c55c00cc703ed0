//! The SSM pane's writes: edit in the editor, create, delete — each checked
//! against the version the user saw, confirmed, written, then reloaded.

use crossterm::event::{KeyCode, KeyEvent};

use super::diff;
use super::edit::{CreateForm, DeleteForm, FormOutcome, Modal};
use super::tree::{folder_of, parent};
use super::views::{Fetch, Reveal, display};
use super::{Screen, SsmPane, SsmRequest, SsmSlot, load};
use crate::app::action::{Command, EditorOutcome, EditorRequest, Slot};
use crate::app::ctx::Ctx;
use crate::app::input::{InputOutcome, TextInput, confirm_key};
use crate::aws::ssm::{Parameter, ParameterType, ParameterWrite, Sensitive, WriteOutcome};

impl SsmPane {
    /// `e`: opens the editor on the value once it (and, for a SecureString,
    /// its decryption) is there. The read-only gate has been passed.
    pub(super) fn start_edit(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        enum Next {
            Wait(Option<String>),
            Fail(String),
            Decrypt,
            Edit(String, i64, Sensitive),
        }
        let Some(view) = &mut self.value else { return Vec::new() };
        view.pending_edit = false;
        let next = match (&view.value, &view.reveal) {
            (Fetch::Loading(_), _) => {
                Next::Wait(Some(format!("Reading {}; the editor opens when it arrives.", view.name)))
            }
            (Fetch::Failed(_), _) => {
                Next::Fail(format!("Cannot edit {}: its value could not be read. Press r to retry.", view.name))
            }
            (Fetch::Ready(value), Reveal::Shown(secret)) if value.kind.is_secure() => {
                Next::Edit(view.name.clone(), secret.version, secret.value.clone().unwrap_or_default())
            }
            (Fetch::Ready(value), Reveal::Loading(_)) if value.kind.is_secure() => Next::Wait(None),
            (Fetch::Ready(value), _) if value.kind.is_secure() => Next::Decrypt,
            (Fetch::Ready(value), _) => {
                Next::Edit(view.name.clone(), value.version, value.value.clone().unwrap_or_default())
            }
        };
        match next {
            Next::Wait(message) => {
                view.pending_edit = true;
                if let Some(message) = message {
                    ctx.info(message);
                }
                Vec::new()
            }
            Next::Fail(message) => {
                ctx.error(message);
                Vec::new()
            }
            Next::Decrypt => {
                view.pending_edit = true;
                ctx.info(format!("Decrypting {} to edit it…", view.name));
                self.toggle_reveal(ctx)
            }
            Next::Edit(name, version, text) => self.open_editor(&name, version, text, ctx),
        }
    }

    pub(super) fn open_editor(
        &mut self,
        name: &str,
        version: i64,
        original: Sensitive,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let id = ctx.next_id();
        let request = EditorRequest {
            slot: Slot::Ssm(SsmSlot::Write),
            id,
            generation: ctx.generation,
            label: name.to_owned(),
            text: original.clone(),
        };
        self.modal = Some(Modal::Editing { id, name: name.to_owned(), base_version: version, original });
        vec![Command::EditInEditor(request)]
    }

    pub(super) fn start_create(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if !ctx.refuse_if_read_only("create a parameter") {
            self.modal = Some(Modal::Create(CreateForm::new(&self.tree.folder)));
        }
        Vec::new()
    }

    pub(super) fn start_delete(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(name) = self.target() else {
            ctx.info("Select a parameter to delete (folders go away with their last parameter).");
            return Vec::new();
        };
        if ctx.refuse_if_read_only(&format!("delete {name}")) {
            return Vec::new();
        }
        let from_value = self.value.as_ref().filter(|v| v.name == name).and_then(|v| match &v.value {
            Fetch::Ready(value) => Some((value.kind.clone(), value.version)),
            _ => None,
        });
        let seen = from_value.or_else(|| self.tree.store.get(&name).map(|p| (p.kind.clone(), p.version)));
        let Some((kind, version)) = seen else {
            ctx.info(format!("{name} is still loading; try again in a moment."));
            return Vec::new();
        };
        self.modal =
            Some(Modal::Delete(DeleteForm { name, kind, version, input: TextInput::default(), mismatch: false }));
        Vec::new()
    }

    pub(super) fn start_check(
        &mut self,
        write: ParameterWrite,
        original: Option<Sensitive>,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let (id, command) = load(ctx, SsmSlot::Write, SsmRequest::Check(write.clone()));
        self.modal = Some(Modal::Checking { id, write, original });
        vec![command]
    }

    pub(super) fn start_write(&mut self, write: ParameterWrite, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = load(ctx, SsmSlot::Write, SsmRequest::Write(write.clone()));
        self.modal = Some(Modal::Writing { id, write });
        vec![command]
    }

    pub(super) fn on_edited(&mut self, outcome: EditorOutcome, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(Modal::Editing { name, base_version, original, .. }) = self.modal.take() else { return Vec::new() };
        match outcome {
            EditorOutcome::Failed(why) => {
                ctx.error(why);
                Vec::new()
            }
            EditorOutcome::Saved(text) => {
                let mut text = text.expose().to_owned();
                // Editors end the file with a newline; the value did not have one.
                if !original.expose().ends_with('\n') && text.ends_with('\n') {
                    text.pop();
                    if text.ends_with('\r') {
                        text.pop();
                    }
                }
                if text == original.expose() {
                    ctx.info(format!("No change to {name}; nothing was written."));
                    return Vec::new();
                }
                if text.is_empty() {
                    self.modal = Some(Modal::Refused {
                        name,
                        message: "A parameter value cannot be empty, so nothing was written. Press e to edit \
                                  again, or Ctrl-D to delete the parameter."
                            .to_owned(),
                    });
                    return Vec::new();
                }
                let write =
                    ParameterWrite::Update { name, expected_version: base_version, value: Sensitive::new(text) };
                self.start_check(write, Some(original), ctx)
            }
        }
    }

    pub(super) fn on_checked(&mut self, found: Option<Box<Parameter>>) {
        let Some(Modal::Checking { write, original, .. }) = self.modal.take() else { return };
        let (summary, diff, masked) = match &write {
            ParameterWrite::Update { name, expected_version, value } => {
                let kind = found.as_ref().map(|p| p.kind.clone()).unwrap_or(ParameterType::String);
                let before = display(&kind, original.as_ref().map_or("", Sensitive::expose)).0;
                let after = display(&kind, value.expose()).0;
                let lines = diff::lines(&before, &after);
                let mut summary = vec![
                    format!("Update {name} ({})", kind.as_str()),
                    format!(
                        "Version {expected_version} is still current; this writes version {}.",
                        expected_version + 1
                    ),
                ];
                if !diff::has_changes(&lines) {
                    summary.push("Only whitespace or formatting changed.".to_owned());
                }
                (summary, lines, false)
            }
            ParameterWrite::Create { name, kind, value, description } => {
                let mut summary = vec![format!("Create {name} ({})", kind.as_str())];
                if let Some(description) = description {
                    summary.push(format!("Description: {description}"));
                }
                let masked = kind.is_secure();
                let lines = if masked { Vec::new() } else { diff::lines("", &display(kind, value.expose()).0) };
                if masked {
                    summary.push(format!(
                        "Value: •••••••• ({} characters, encrypted with the account's default key)",
                        value.expose().chars().count()
                    ));
                }
                (summary, lines, masked)
            }
            ParameterWrite::Delete { name, expected_version } => {
                (vec![format!("Delete {name} (version {expected_version}) and its whole history")], Vec::new(), false)
            }
        };
        self.modal = Some(Modal::Confirm { write, summary, diff, masked });
    }

    pub(super) fn on_written(&mut self, outcome: WriteOutcome, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let write = match self.modal.take() {
            Some(Modal::Writing { write, .. }) => write,
            other => {
                self.modal = other;
                return Vec::new();
            }
        };
        let name = outcome.name.clone();
        let raced =
            if outcome.raced { " Another write landed at the same moment — check its history (h)." } else { "" };
        let mut commands = Vec::new();
        match write {
            ParameterWrite::Delete { .. } => {
                ctx.info(format!("Deleted {name}.{raced}"));
                self.tree.store.remove(&name);
                if self.value.as_ref().is_some_and(|v| v.name == name)
                    || self.history.as_ref().is_some_and(|h| h.name == name)
                {
                    commands.extend(self.close_value());
                }
                self.tree.rebuild(ctx.rows);
                if self.tree.list.items.is_empty() && !self.tree.folder.is_empty() {
                    let from = self.tree.folder.clone();
                    let mut up = parent(&from).to_owned();
                    while !up.is_empty() && !self.tree.store.has_folder(&up) {
                        up = parent(&up).to_owned();
                    }
                    self.tree.enter(&up, None, ctx.rows);
                }
                return commands;
            }
            ParameterWrite::Create { .. } => {
                let version = outcome.version.unwrap_or(1);
                ctx.info(format!("Created {name} (version {version}).{raced}"));
                if self.screen == Screen::Tree {
                    self.tree.pending_select = Some(name.clone());
                    let folder = folder_of(&name).to_owned();
                    if folder != self.tree.folder {
                        self.tree.enter(&folder, None, ctx.rows);
                    }
                }
            }
            ParameterWrite::Update { .. } => {
                let version = outcome.version.map_or_else(String::new, |v| format!(" as version {v}"));
                ctx.info(format!("Saved {name}{version}.{raced}"));
                if self.value.as_ref().is_some_and(|v| v.name == name) {
                    let screen = self.screen;
                    commands.extend(self.open_value(&name, ctx));
                    self.screen = screen;
                }
            }
        }
        let (id, describe) = load(ctx, SsmSlot::Row, SsmRequest::Describe { name });
        self.row_request = Some(id);
        commands.push(describe);
        commands
    }

    pub(super) fn modal_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(modal) = self.modal.take() else { return Vec::new() };
        match modal {
            Modal::Create(mut form) => match form.on_key(key) {
                FormOutcome::Editing => self.modal = Some(Modal::Create(form)),
                FormOutcome::Cancelled => ctx.info("Nothing was created."),
                FormOutcome::Done(write) => return self.start_check(write, None, ctx),
            },
            Modal::Delete(mut form) => match form.on_key(key) {
                None => self.modal = Some(Modal::Delete(form)),
                Some(false) => ctx.info(format!("{} was not deleted.", form.name)),
                Some(true) => {
                    let write = ParameterWrite::Delete { name: form.name, expected_version: form.version };
                    return self.start_write(write, ctx);
                }
            },
            Modal::Confirm { write, summary, diff, masked } => match confirm_key(key) {
                InputOutcome::Submitted => return self.start_write(write, ctx),
                InputOutcome::Cancelled => ctx.info(format!("Nothing was written to {}.", write.name())),
                InputOutcome::Editing => self.modal = Some(Modal::Confirm { write, summary, diff, masked }),
            },
            Modal::Checking { write, .. } if key.code == KeyCode::Esc => {
                ctx.info(format!("Stopped; nothing was written to {}.", write.name()));
                return vec![Command::Cancel(Slot::Ssm(SsmSlot::Write))];
            }
            Modal::Refused { .. } if matches!(key.code, KeyCode::Esc | KeyCode::Enter) => {}
            waiting @ (Modal::Checking { .. }
            | Modal::Writing { .. }
            | Modal::Editing { .. }
            | Modal::Refused { .. }) => {
                self.modal = Some(waiting);
            }
        }
        Vec::new()
    }
}
