//! Switching accounts, roles and regions live: the profile and region pickers,
//! the role form (with MFA and "switch back"), and the two-phase switch.
//!
//! A switch first connects to the new context while the old one stays on
//! screen under its own header ("switching…"). Only when the new provider
//! is ready (credentials resolved) does the app commit: a new generation,
//! every load cancelled, every pane cleared, the visible pane reloaded first.
//! A switch that fails (a wrong MFA code, an expired SSO session) changes
//! nothing but the message.
//!
//! A session can also run out under the context on screen: the MFA session
//! of a role assumed with a code (after an hour or so), or the SSO session
//! behind the profile. Then nothing switches and the rows stay: a load that
//! fails with [`ErrorKind::MfaExpired`] opens the MFA prompt in *renew* mode
//! (Esc leaves it for later, `r` brings it back), and one that fails with
//! [`ErrorKind::SsoExpired`] arms `L`. A new code, or `aws sso login`
//! succeeding, issues [`Command::Renew`] for the same generation; when
//! [`super::Action::Renewed`] comes back the loads that failed are issued
//! again, as `r` would.

mod pickers;
mod renewal;

use super::command::Prompt;
use super::modal::Help;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use std::fmt;

use super::input::{InputOutcome, TextInput};
use super::{App, Connection, StatusMessage};
use crate::aws::profiles::{ProfileCatalog, ProfileEntry};
use crate::aws::regions::{COMMERCIAL, RegionInfo};
use crate::aws::{AwsContext, AwsEnvironment, ErrorKind, MfaCode, RoleSpec};

/// How many recent roles and regions are remembered.
const RECENT: usize = 8;

/// A popup over the panes for switching context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// `P`: pick a profile.
    Profiles(ProfilePicker),
    /// `R`: pick a region.
    Regions(RegionPicker),
    /// `A`: assume a role.
    Role(RoleForm),
    /// A profile's role needs an MFA code.
    Mfa(MfaPrompt),
}

/// The profile picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilePicker {
    /// Typed filter.
    pub filter: TextInput,
    /// The profiles, once read.
    pub catalog: Option<ProfileCatalog>,
    /// Selected row among the matches.
    pub selected: usize,
    /// The read request.
    pub request: RequestId,
    /// Why the last switch from here failed.
    pub error: Option<String>,
}

impl ProfilePicker {
    /// Profiles whose name, kind or region contains the filter (any case).
    #[must_use]
    pub fn matches(&self) -> Vec<&ProfileEntry> {
        let needle = self.filter.value.to_lowercase();
        self.catalog
            .iter()
            .flat_map(|c| c.profiles.iter())
            .filter(|p| {
                needle.is_empty()
                    || p.name.to_lowercase().contains(&needle)
                    || p.kind.label().to_lowercase().contains(&needle)
                    || p.region.as_deref().is_some_and(|r| r.contains(&needle))
            })
            .collect()
    }
}

/// One region offered by the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionChoice {
    /// The region name.
    pub name: String,
    /// Whether it is an opt-in region.
    pub opt_in: bool,
    /// Whether this account may use it.
    pub enabled: bool,
    /// Whether it was used recently.
    pub recent: bool,
}

/// The region picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionPicker {
    /// Typed filter.
    pub filter: TextInput,
    /// Recent regions first, then the rest by name.
    pub regions: Vec<RegionChoice>,
    /// Selected row among the matches.
    pub selected: usize,
    /// The DescribeRegions request, while it runs.
    pub request: Option<RequestId>,
    /// Said when DescribeRegions could not be used.
    pub note: Option<String>,
}

impl RegionPicker {
    /// Regions whose name contains the filter.
    #[must_use]
    pub fn matches(&self) -> Vec<&RegionChoice> {
        let needle = self.filter.value.to_lowercase();
        self.regions.iter().filter(|r| r.name.contains(&needle)).collect()
    }
}

/// The role form's fields, in order.
pub const ROLE_FIELDS: [&str; 6] =
    ["Role ARN", "Session name", "External id", "Duration (s)", "MFA serial", "MFA code"];

/// The `A` form: a role to assume on top of the current context.
/// `Debug` never shows the MFA code field.
#[derive(Clone, PartialEq, Eq)]
pub struct RoleForm {
    /// One input per [`ROLE_FIELDS`] entry.
    pub fields: [TextInput; 6],
    /// The focused row: 0 is "switch back" when there is somewhere to go back to.
    pub focus: usize,
    /// The context "switch back" returns to.
    pub back_to: Option<AwsContext>,
    /// Recent roles, offered with ↑/↓ on the ARN field.
    pub recent: Vec<RoleSpec>,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Whether a switch from this form is running.
    pub waiting: bool,
}

/// A text field whose `Debug` hides what is typed (an MFA code).
struct Hidden<'a>(&'a TextInput);

impl fmt::Debug for Hidden<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.0.value.is_empty() { "" } else { "******" };
        f.debug_struct("TextInput").field("value", &shown).field("cursor", &self.0.cursor).finish()
    }
}

impl fmt::Debug for RoleForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [arn, session, external, duration, serial, code] = &self.fields;
        f.debug_struct("RoleForm")
            .field("fields", &(arn, session, external, duration, serial, Hidden(code)))
            .field("focus", &self.focus)
            .field("back_to", &self.back_to)
            .field("recent", &self.recent)
            .field("error", &self.error)
            .field("waiting", &self.waiting)
            .finish()
    }
}

impl RoleForm {
    fn first_field(&self) -> usize {
        usize::from(self.back_to.is_some())
    }

    /// The field index under focus, if focus is on a field.
    #[must_use]
    pub fn focused_field(&self) -> Option<usize> {
        self.focus.checked_sub(self.first_field())
    }
}

/// The MFA code prompt: for a profile whose role needs one (a switch), or
/// for a session that expired under the context on screen (a renewal).
/// `Debug` never shows the code.
#[derive(Clone, PartialEq, Eq)]
pub struct MfaPrompt {
    /// The context to connect with the code.
    pub context: AwsContext,
    /// The profile.
    pub profile: String,
    /// The MFA device.
    pub serial: String,
    /// The code typed so far.
    pub code: TextInput,
    /// Why the last code failed.
    pub error: Option<String>,
    /// Whether a switch (or renewal) with a code is running.
    pub waiting: bool,
    /// Whether the code renews the expired session of the context on screen
    /// (no switch: the rows stay) rather than switching to `context`.
    pub renew: bool,
}

impl fmt::Debug for MfaPrompt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MfaPrompt")
            .field("context", &self.context)
            .field("profile", &self.profile)
            .field("serial", &self.serial)
            .field("code", &Hidden(&self.code))
            .field("error", &self.error)
            .field("waiting", &self.waiting)
            .field("renew", &self.renew)
            .finish()
    }
}

/// What ran out under the context on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenewCause {
    /// The MFA session of a role assumed with a code from `serial` (empty
    /// when the device is not known).
    Mfa {
        /// The MFA device.
        serial: String,
    },
    /// The SSO session behind `profile`.
    Sso {
        /// The profile `aws sso login` renews.
        profile: String,
    },
}

/// A session that expired under the context on screen, and the loads that
/// failed because of it (issued again, as `r` would, once it is renewed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    /// The generation whose session expired.
    pub generation: u64,
    /// What expired.
    pub cause: RenewCause,
    /// The slots whose loads failed, in order, each once.
    pub retry: Vec<Slot>,
    /// Whether a [`Command::Renew`] is running.
    pub running: bool,
    /// Whether the user closed the MFA prompt (it opens again with `r`, not
    /// by itself).
    pub declined: bool,
}

/// Whether `name` matches a `*`-wildcard pattern (case-insensitive).
#[must_use]
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (pattern, name) = (pattern.to_lowercase(), name.to_lowercase());
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name.as_str();
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(part) else { return false };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else if let Some(at) = rest.find(part) {
            rest = &rest[at + part.len()..];
        } else {
            return false;
        }
    }
    true
}

/// How to get the MFA prompt back.
fn renew_hint(serial: &str) -> String {
    if serial.is_empty() {
        "MFA session expired — press r to enter a new code (the rows on screen stay).".to_owned()
    } else {
        format!("MFA session expired — press r to enter a new code from {serial} (the rows on screen stay).")
    }
}

fn valid_code(code: &str) -> bool {
    code.len() == 6 && code.chars().all(|c| c.is_ascii_digit())
}

impl App {
    /// Starts connecting to `context`; the screen keeps the current context
    /// until the new one is ready.
    pub fn switch_context(&mut self, context: AwsContext) -> Vec<Command> {
        self.next_generation = self.next_generation.max(self.generation) + 1;
        let generation = self.next_generation;
        self.pending = Some((generation, context.clone()));
        if !matches!(self.connection, Connection::Connected(_)) {
            self.connection = Connection::Connecting;
            self.context = context.clone();
        }
        self.dirty = true;
        vec![Command::Connect { generation, context }]
    }

    /// The new context is ready: from here on only its data may show.
    pub(super) fn commit_switch(&mut self, generation: u64, environment: AwsEnvironment) -> Vec<Command> {
        let Some((_, context)) = self.pending.take() else { return Vec::new() };
        let was_connected = matches!(self.connection, Connection::Connected(_));
        if was_connected && self.context != context {
            self.history.push(self.context.clone());
            self.status =
                Some(StatusMessage { text: format!("Switched to {}", context.chain_label()), is_error: false });
        }
        if let Some(role) = &context.role
            && was_connected
        {
            let mut remembered = role.clone();
            remembered.mfa = remembered.mfa.map(|m| MfaCode { code: String::new(), ..m });
            self.recent.roles.retain(|r| r.arn != remembered.arn);
            self.recent.roles.insert(0, remembered);
            self.recent.roles.truncate(RECENT);
        }
        if let Some(region) = &context.region {
            self.recent.regions.retain(|r| r != region);
            self.recent.regions.insert(0, region.clone());
            self.recent.regions.truncate(RECENT);
        }
        self.generation = generation;
        self.context = context;
        self.connection = Connection::Connected(environment);
        self.identity = None;
        self.identity_error = None;
        self.identity_request = None;
        self.credentials.expires = None;
        self.credentials.renewal = None;
        self.credentials.sso_switch = None;
        self.panes.reset();
        self.modals.close::<Overlay>();
        self.dirty = true;
        let mut commands = vec![Command::CancelAll];
        // The pane on screen first (at the deep link, if one waits), then who we are.
        commands.extend(self.open_pending_target_or_activate());
        commands.push(self.load_identity());
        if was_connected {
            commands.push(Command::SaveState(self.state_json()));
        }
        commands
    }

    /// The switch to `generation` failed: say why where the user is looking,
    /// and keep everything else as it was.
    pub(super) fn switch_failed(&mut self, generation: u64, error: Failure) {
        if self.pending.as_ref().map(|(g, _)| *g) != Some(generation) {
            return;
        }
        let (_, context) = self.pending.take().unwrap_or_default();
        self.dirty = true;
        let sso_hint = (error.kind == ErrorKind::SsoExpired).then(|| " Press L to run it now.".to_owned());
        let message = format!("{}{}", error.message, sso_hint.unwrap_or_default());
        if matches!(self.connection, Connection::Connected(_)) {
            // A place asked for during the failed switch must not open later by surprise.
            self.nav.pending_target = None;
        }
        if !matches!(self.connection, Connection::Connected(_)) {
            self.connection = Connection::Failed(Failure { message: message.clone(), ..error });
            self.credentials.sso_profile =
                (error.kind == ErrorKind::SsoExpired).then(|| context.profile.clone().unwrap_or_default());
            self.credentials.sso_switch = (error.kind == ErrorKind::SsoExpired).then(|| context.clone());
            if !self.modals.is_open::<Overlay>() {
                return;
            }
        }
        if error.kind == ErrorKind::SsoExpired {
            self.credentials.sso_profile = Some(context.profile.clone().unwrap_or_default());
            // After `aws sso login`, L retries this switch (not the context on screen).
            self.credentials.sso_switch = Some(context.clone());
        }
        match self.modals.get_mut::<Overlay>() {
            Some(Overlay::Role(form)) => {
                form.waiting = false;
                form.error = Some(message);
            }
            Some(Overlay::Mfa(prompt)) => {
                prompt.waiting = false;
                prompt.error = Some(message);
            }
            Some(Overlay::Profiles(picker)) => picker.error = Some(message),
            _ => self.status = Some(StatusMessage { text: message, is_error: true }),
        }
    }

    /// Whether the current profile matches a production pattern.
    #[must_use]
    pub fn is_production(&self) -> bool {
        // The profile in force, also when AWS_PROFILE chose it.
        let profile =
            self.environment().map_or_else(|| self.context.profile.as_deref().unwrap_or("default"), |e| e.profile());
        self.prod_patterns.iter().any(|p| glob_match(p, profile))
            || self.context.roles().any(|r| self.prod_patterns.iter().any(|p| glob_match(p, &r.arn)))
    }

    /// Recent roles and regions as the state file stores them (no credentials,
    /// no MFA codes).
    #[must_use]
    pub fn state_json(&self) -> String {
        let roles: Vec<serde_json::Value> = self
            .recent
            .roles
            .iter()
            .map(|r| {
                serde_json::json!({
                    "arn": r.arn,
                    "session_name": r.session_name,
                    "external_id": r.external_id,
                    "duration_secs": r.duration_secs,
                    "mfa_serial": r.mfa.as_ref().map(|m| m.serial.clone()),
                })
            })
            .collect();
        // Command lines may name buckets or paths but never hold credentials;
        // the file is 0600 like the rest of the state.
        let commands: Vec<&String> = self.nav.command_history.iter().rev().take(50).rev().collect();
        serde_json::json!({ "recent_roles": roles, "recent_regions": self.recent.regions, "commands": commands })
            .to_string()
    }

    /// Restores recent roles and regions from the state file's text.
    pub fn restore_state(&mut self, json: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { return };
        let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        if let Some(roles) = value.get("recent_roles").and_then(|r| r.as_array()) {
            self.recent.roles = roles
                .iter()
                .filter_map(|r| {
                    Some(RoleSpec {
                        session_name: text(r, "session_name"),
                        external_id: text(r, "external_id"),
                        duration_secs: r
                            .get("duration_secs")
                            .and_then(serde_json::Value::as_i64)
                            .and_then(|d| i32::try_from(d).ok()),
                        mfa: text(r, "mfa_serial").map(|serial| MfaCode { serial, code: String::new() }),
                        ..RoleSpec::new(text(r, "arn")?)
                    })
                })
                .take(RECENT)
                .collect();
        }
        if let Some(commands) = value.get("commands").and_then(|r| r.as_array()) {
            self.nav.command_history = commands.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect();
        }
        if let Some(regions) = value.get("recent_regions").and_then(|r| r.as_array()) {
            self.recent.regions = regions.iter().filter_map(|r| r.as_str().map(str::to_owned)).take(RECENT).collect();
        }
    }
}

/// Whether `key` is Ctrl-C, which always quits.
#[must_use]
pub fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_production_names() {
        assert!(glob_match("*prod*", "acme-prod-admin"));
        assert!(glob_match("*prod*", "PROD"));
        assert!(glob_match("prod-*", "prod-eu"));
        assert!(!glob_match("*prod*", "staging"));
        assert!(!glob_match("prod-*", "nonprod-eu"));
        assert!(glob_match("exact", "exact"));
    }

    #[test]
    fn codes_are_six_digits() {
        assert!(valid_code("123456"));
        assert!(!valid_code("12345"));
        assert!(!valid_code("12345a"));
    }
}
