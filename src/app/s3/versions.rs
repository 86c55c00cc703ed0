//! Acting on one object or one of its versions: the versions list's
//! selection, restoring or deleting a version (confirmed), and presigned
//! URLs (an expiry prompt, then the URL in full, copied).

use crossterm::event::{KeyCode, KeyEvent};

use super::dialogs::scroll_key;
use super::jobs::{Presigned, VersionAction};
use super::writes::Dialog;
use super::{DetailView, ObjectRef, S3Pane, S3Payload, S3Request, S3Slot, View, request, slot};
use crate::app::action::{Command, RequestId};
use crate::app::ctx::Ctx;
use crate::app::input::{InputOutcome, TextInput, confirm_key};
use crate::app::keymap::KeyAction;
use crate::app::pane::Room;

/// The shortest and longest life of a presigned URL, in seconds.
pub const EXPIRY_RANGE: (u64, u64) = (60, 7 * 24 * 3600);

/// A version restore or delete, waiting for its confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionConfirm {
    /// The object.
    pub object: ObjectRef,
    /// The version.
    pub version_id: String,
    /// Restore or delete.
    pub action: VersionAction,
    /// For a delete: the text typed (the version id's first 8 characters).
    pub input: TextInput,
    /// A word for the user after a wrong Enter.
    pub note: Option<String>,
}

impl VersionConfirm {
    /// What must be typed to delete the version: its first 8 characters.
    #[must_use]
    pub fn expect(&self) -> String {
        self.version_id.chars().take(8).collect()
    }
}

/// The presigned URL's expiry prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiryPrompt {
    /// The object.
    pub object: ObjectRef,
    /// A version of it.
    pub version: Option<String>,
    /// The expiry typed (`1h`, `30m`, `7d`, `90s`).
    pub input: TextInput,
    /// When the credentials that will sign it end (Unix ms), if temporary.
    pub credentials_end_ms: Option<i64>,
    /// Why the last Enter was refused.
    pub note: Option<String>,
}

/// A presigned URL, shown in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresignedView {
    /// The object.
    pub object: ObjectRef,
    /// The version, if one was chosen.
    pub version: Option<String>,
    /// The URL and when it ends.
    pub presigned: Presigned,
    /// Lines scrolled.
    pub scroll: usize,
}

/// Parses `90s`, `30m`, `12h`, `7d` into seconds, 1 minute to 7 days.
///
/// # Errors
/// A sentence saying what is accepted.
pub fn parse_expiry(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not an expiry: type a number and a unit, as 90s, 30m, 12h or 7d.");
    let unit = text.chars().last().ok_or_else(|| "Type an expiry, as 90s, 30m, 12h or 7d.".to_owned())?;
    let scale = match unit.to_ascii_lowercase() {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return Err(bad()),
    };
    let number: u64 = text[..text.len() - unit.len_utf8()].trim().parse().map_err(|_| bad())?;
    let secs = number.checked_mul(scale).ok_or_else(bad)?;
    if !(EXPIRY_RANGE.0..=EXPIRY_RANGE.1).contains(&secs) {
        return Err(format!("{text} is out of range: a presigned URL lasts from 1 minute to 7 days."));
    }
    Ok(secs)
}

impl S3Pane {
    fn detail_on_top(&self) -> Option<&DetailView> {
        match self.top()? {
            View::Detail(d) => Some(d),
            _ => None,
        }
    }

    /// The version selected in the detail on screen, with its object:
    /// (object, version id, whether it is current, whether a delete marker).
    pub(super) fn selected_version(&self) -> Option<(ObjectRef, String, bool, bool)> {
        // An unversioned bucket's single "null" version is the object itself.
        let d = self.detail_on_top().filter(|d| d.versioned != Some(false))?;
        let v = d.versions.selected_item()?;
        let object = ObjectRef { bucket: d.bucket.clone(), key: d.key.clone(), region: d.region.clone() };
        Some((object, v.version_id.clone(), v.is_latest, v.delete_marker))
    }

    /// Up/Down move in the versions list of the detail on screen; other
    /// keys scroll the page. Returns `false` when the detail is not on top.
    pub(super) fn detail_key(&mut self, action: KeyAction, rows: usize) -> bool {
        let Some(View::Detail(d)) = self.stack.last_mut() else { return false };
        match action {
            KeyAction::Up | KeyAction::Down if !d.versions.items.is_empty() => {
                d.versions.move_by(if action == KeyAction::Up { -1 } else { 1 }, rows);
                d.follow_version = true;
                true
            }
            KeyAction::PageUp | KeyAction::PageDown | KeyAction::Top | KeyAction::Bottom => {
                d.follow_version = false;
                false
            }
            _ => false,
        }
    }

    /// `U`: the expiry prompt for the object (or the version selected).
    pub(super) fn start_presign(&mut self, ctx: &mut Ctx<'_>) {
        let (object, version) = match self.selected_version() {
            Some((_, _, _, true)) => {
                ctx.info("A delete marker has no content to share; select a version with data.");
                return;
            }
            Some((object, id, latest, false)) => (object, (!latest).then_some(id)),
            None => match self.current_object() {
                Some((object, _)) => (object, None),
                None => {
                    ctx.info("Select an object to share (folders and buckets have no URL).");
                    return;
                }
            },
        };
        self.writes.dialog = Some(Dialog::Expiry(ExpiryPrompt {
            object,
            version,
            input: TextInput::with_value("1h"),
            credentials_end_ms: ctx.credentials_end_ms,
            note: None,
        }));
    }

    /// `V`: restore the selected version, after a `y`.
    pub(super) fn start_restore(&mut self, ctx: &mut Ctx<'_>) {
        match self.selected_version() {
            None => ctx.info("Open an object's detail and select a version in its versions list to restore it."),
            Some((_, _, true, _)) => ctx.info("That version is the current one already."),
            Some((_, _, _, true)) => {
                ctx.info("A delete marker cannot be restored; delete the marker (Ctrl-D) to bring back what it hid.");
            }
            Some((object, version_id, false, false)) => {
                if !ctx.refuse_if_read_only(&format!("restore a version of {}", object.key)) {
                    self.confirm_version(object, version_id, VersionAction::Restore);
                }
            }
        }
    }

    /// Ctrl-D in the versions list: delete the selected version, after the
    /// typed confirmation. `false` when no version is selected.
    pub(super) fn start_version_delete(&mut self, ctx: &mut Ctx<'_>) -> bool {
        let Some((object, version_id, _, _)) = self.selected_version() else { return false };
        if !ctx.refuse_if_read_only(&format!("delete a version of {}", object.key)) {
            self.confirm_version(object, version_id, VersionAction::Delete);
        }
        true
    }

    fn confirm_version(&mut self, object: ObjectRef, version_id: String, action: VersionAction) {
        self.writes.dialog = Some(Dialog::Version(VersionConfirm {
            object,
            version_id,
            action,
            input: TextInput::default(),
            note: None,
        }));
    }

    /// Keys of the version and presign dialogs.
    pub(super) fn on_version_key(&mut self, dialog: Dialog, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match dialog {
            Dialog::Version(mut confirm) if confirm.action == VersionAction::Restore => match confirm_key(key) {
                InputOutcome::Submitted => return self.send_version(confirm, ctx),
                InputOutcome::Cancelled => ctx.info("Nothing was restored."),
                InputOutcome::Editing => {
                    if key.code == KeyCode::Enter {
                        confirm.note = Some("Enter does not confirm: press y to restore, n or Esc to cancel.".into());
                    }
                    self.writes.dialog = Some(Dialog::Version(confirm));
                }
            },
            Dialog::Version(mut confirm) => match confirm.input.on_key(key) {
                InputOutcome::Submitted if confirm.input.value == confirm.expect() => {
                    return self.send_version(confirm, ctx);
                }
                InputOutcome::Submitted => {
                    confirm.note = Some(format!("Type {} exactly to delete this version.", confirm.expect()));
                    self.writes.dialog = Some(Dialog::Version(confirm));
                }
                InputOutcome::Cancelled => ctx.info("Nothing was deleted."),
                InputOutcome::Editing => {
                    confirm.note = None;
                    self.writes.dialog = Some(Dialog::Version(confirm));
                }
            },
            Dialog::Expiry(mut prompt) => match prompt.input.on_key(key) {
                InputOutcome::Submitted => match parse_expiry(&prompt.input.value) {
                    Ok(expires_secs) => {
                        let presign = S3Request::Presign {
                            object: prompt.object.clone(),
                            version: prompt.version.clone(),
                            expires_secs,
                        };
                        let (id, command) = ctx.load(slot(S3Slot::Presign), request(presign));
                        self.writes.pending = Some(id);
                        prompt.note = Some("Signing…".into());
                        self.writes.dialog = Some(Dialog::Expiry(prompt));
                        return vec![command];
                    }
                    Err(why) => {
                        prompt.note = Some(why);
                        self.writes.dialog = Some(Dialog::Expiry(prompt));
                    }
                },
                InputOutcome::Cancelled if self.writes.pending.take().is_some() => {
                    return vec![Command::Cancel(slot(S3Slot::Presign))];
                }
                InputOutcome::Cancelled => {}
                InputOutcome::Editing => {
                    prompt.note = None;
                    self.writes.dialog = Some(Dialog::Expiry(prompt));
                }
            },
            Dialog::Presigned(mut view) => {
                if scroll_key(&mut view.scroll, key, ctx.rows) {
                    self.writes.dialog = Some(Dialog::Presigned(view));
                }
            }
            other => self.writes.dialog = Some(other),
        }
        Vec::new()
    }

    fn send_version(&mut self, confirm: VersionConfirm, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let VersionConfirm { object, version_id, action, .. } = confirm;
        let verb = if action == VersionAction::Restore { "Restoring" } else { "Deleting" };
        ctx.info(format!("{verb} version {version_id} of {}…", object.key));
        let (id, command) = ctx.load(slot(S3Slot::Version), request(S3Request::Version { object, version_id, action }));
        self.writes.pending = Some(id);
        vec![command]
    }

    /// Presign and version results.
    pub(super) fn on_version_loaded(
        &mut self,
        slot: S3Slot,
        id: RequestId,
        payload: S3Payload,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        if self.writes.pending != Some(id) {
            return Vec::new();
        }
        self.writes.pending = None;
        match (slot, payload) {
            (S3Slot::Presign, S3Payload::Presigned(presigned)) => {
                let (object, version) = match self.writes.dialog.take() {
                    Some(Dialog::Expiry(prompt)) => (prompt.object, prompt.version),
                    other => {
                        self.writes.dialog = other;
                        return Vec::new();
                    }
                };
                let url = presigned.url.clone();
                ctx.info("Presigned URL copied to the clipboard.");
                self.writes.dialog = Some(Dialog::Presigned(PresignedView { object, version, presigned, scroll: 0 }));
                vec![Command::Copy(url)]
            }
            (S3Slot::Version, S3Payload::VersionDone(action)) => {
                let what = if action == VersionAction::Restore {
                    "Restored the version as the current one"
                } else {
                    "Deleted the version"
                };
                ctx.info(format!("{what}; reloading the versions."));
                if matches!(self.top(), Some(View::Detail(_))) { self.refresh(ctx) } else { Vec::new() }
            }
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiries_parse_within_a_minute_and_a_week() {
        assert_eq!(parse_expiry("1h"), Ok(3600));
        assert_eq!(parse_expiry("30m"), Ok(1800));
        assert_eq!(parse_expiry("7d"), Ok(604_800));
        assert_eq!(parse_expiry(" 90s "), Ok(90));
        assert!(parse_expiry("59s").is_err_and(|e| e.contains("1 minute to 7 days")));
        assert!(parse_expiry("8d").is_err());
        assert!(parse_expiry("10").is_err_and(|e| e.contains("unit")));
        assert!(parse_expiry("h").is_err());
        assert!(parse_expiry("").is_err());
        assert!(parse_expiry("99999999999999999999d").is_err());
    }
}
