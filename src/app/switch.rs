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
            self.recent_roles.retain(|r| r.arn != remembered.arn);
            self.recent_roles.insert(0, remembered);
            self.recent_roles.truncate(RECENT);
        }
        if let Some(region) = &context.region {
            self.recent_regions.retain(|r| r != region);
            self.recent_regions.insert(0, region.clone());
            self.recent_regions.truncate(RECENT);
        }
        self.generation = generation;
        self.context = context;
        self.connection = Connection::Connected(environment);
        self.identity = None;
        self.identity_error = None;
        self.identity_request = None;
        self.expires = None;
        self.renewal = None;
        self.sso_switch = None;
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
            self.pending_target = None;
        }
        if !matches!(self.connection, Connection::Connected(_)) {
            self.connection = Connection::Failed(Failure { message: message.clone(), ..error });
            self.sso_profile =
                (error.kind == ErrorKind::SsoExpired).then(|| context.profile.clone().unwrap_or_default());
            self.sso_switch = (error.kind == ErrorKind::SsoExpired).then(|| context.clone());
            if !self.modals.is_open::<Overlay>() {
                return;
            }
        }
        if error.kind == ErrorKind::SsoExpired {
            self.sso_profile = Some(context.profile.clone().unwrap_or_default());
            // After `aws sso login`, L retries this switch (not the context on screen).
            self.sso_switch = Some(context.clone());
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

    /// The context for `generation` needs an MFA code: ask for it.
    pub(super) fn ask_mfa(&mut self, generation: u64, context: AwsContext, profile: String, serial: String) {
        if self.pending.as_ref().map(|(g, _)| *g) != Some(generation) {
            return;
        }
        self.pending = None;
        if !matches!(self.connection, Connection::Connected(_)) {
            self.connection = Connection::Failed(Failure {
                kind: ErrorKind::Config,
                message: format!("Profile {profile} needs an MFA code from {serial}."),
            });
        }
        // Remembered so an expired session of this profile can name its device.
        self.mfa_devices.retain(|(p, _)| *p != profile);
        self.mfa_devices.push((profile.clone(), serial.clone()));
        self.modals.open(Overlay::Mfa(MfaPrompt {
            context,
            profile,
            serial,
            code: TextInput::default(),
            error: None,
            waiting: false,
            renew: false,
        }));
        self.dirty = true;
    }

    /// `P`: opens the profile picker and reads the config files.
    pub(super) fn open_profiles(&mut self) -> Vec<Command> {
        let (mut ctx, _) = self.split();
        let (request, command) = ctx.load(Slot::Profiles, LoadRequest::Profiles);
        self.modals.open(Overlay::Profiles(ProfilePicker {
            filter: TextInput::default(),
            catalog: None,
            selected: 0,
            request,
            error: None,
        }));
        vec![command]
    }

    /// `R`: opens the region picker: recent regions, the commercial list, and
    /// what DescribeRegions adds when it is allowed.
    pub(super) fn open_regions(&mut self) -> Vec<Command> {
        let regions = self.region_choices(
            &COMMERCIAL
                .iter()
                .map(|n| RegionInfo { name: (*n).to_owned(), opt_in: false, enabled: true })
                .collect::<Vec<_>>(),
        );
        let mut picker = RegionPicker { filter: TextInput::default(), regions, selected: 0, request: None, note: None };
        let mut commands = Vec::new();
        if self.environment().is_some() {
            let (mut ctx, _) = self.split();
            let (id, command) = ctx.load(Slot::Regions, LoadRequest::Regions);
            picker.request = Some(id);
            commands.push(command);
        }
        self.modals.open(Overlay::Regions(picker));
        commands
    }

    fn region_choices(&self, known: &[RegionInfo]) -> Vec<RegionChoice> {
        let mut choices: Vec<RegionChoice> = self
            .recent_regions
            .iter()
            .map(|name| {
                let info = known.iter().find(|r| &r.name == name);
                RegionChoice {
                    name: name.clone(),
                    opt_in: info.is_some_and(|r| r.opt_in),
                    enabled: info.is_none_or(|r| r.enabled),
                    recent: true,
                }
            })
            .collect();
        for info in known {
            if !self.recent_regions.contains(&info.name) {
                choices.push(RegionChoice {
                    name: info.name.clone(),
                    opt_in: info.opt_in,
                    enabled: info.enabled,
                    recent: false,
                });
            }
        }
        choices
    }

    /// `A`: opens the role form.
    pub(super) fn open_role_form(&mut self) {
        let back_to = self.history.last().cloned();
        let mut fields: [TextInput; 6] = Default::default();
        if let Some(serial) = self.context.role.as_ref().and_then(|r| r.mfa.as_ref()).map(|m| m.serial.clone()) {
            fields[4] = TextInput::with_value(serial);
        }
        // With somewhere to go back to, "A Enter" switches back (like `cd -`);
        // typing moves straight into the ARN field.
        self.modals.open(Overlay::Role(RoleForm {
            fields,
            focus: 0,
            back_to,
            recent: self.recent_roles.clone(),
            error: None,
            waiting: false,
        }));
    }

    /// Keys while an overlay is open.
    pub(super) fn on_overlay_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(overlay) = self.modals.take::<Overlay>() else { return Vec::new() };
        match overlay {
            Overlay::Profiles(picker) => self.profiles_key(picker, key),
            Overlay::Regions(picker) => self.regions_key(picker, key),
            Overlay::Role(form) => self.role_key(form, key),
            Overlay::Mfa(prompt) => self.mfa_key(prompt, key),
        }
    }

    fn profiles_key(&mut self, mut picker: ProfilePicker, key: KeyEvent) -> Vec<Command> {
        let count = picker.matches().len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                if let Some(profile) = picker.matches().get(picker.selected).map(|p| p.name.clone()) {
                    let context = AwsContext { profile: Some(profile), ..AwsContext::default() };
                    picker.error = None;
                    self.modals.open(Overlay::Profiles(picker));
                    return self.switch_context(context);
                }
            }
            _ => {
                picker.filter.on_key(key);
                picker.selected = 0;
            }
        }
        self.modals.open(Overlay::Profiles(picker));
        Vec::new()
    }

    fn regions_key(&mut self, mut picker: RegionPicker, key: KeyEvent) -> Vec<Command> {
        let count = picker.matches().len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                if let Some(region) = picker.matches().get(picker.selected).map(|r| r.name.clone()) {
                    let context = AwsContext { region: Some(region), ..self.context.clone() };
                    return self.switch_context(context);
                }
            }
            _ => {
                picker.filter.on_key(key);
                picker.selected = 0;
            }
        }
        self.modals.open(Overlay::Regions(picker));
        Vec::new()
    }

    fn role_key(&mut self, mut form: RoleForm, key: KeyEvent) -> Vec<Command> {
        let rows = form.first_field() + ROLE_FIELDS.len();
        match key.code {
            KeyCode::Esc => return Vec::new(),
            KeyCode::Tab | KeyCode::Down => form.focus = (form.focus + 1) % rows,
            KeyCode::BackTab | KeyCode::Up
                if form.focused_field() == Some(0) && !form.recent.is_empty() && key.code == KeyCode::Up =>
            {
                // ↑ on the ARN field cycles through recent roles.
                let current = form.fields[0].value.clone();
                let at = form.recent.iter().position(|r| r.arn == current).map_or(0, |i| (i + 1) % form.recent.len());
                let role = form.recent[at].clone();
                form.fields = Default::default();
                form.fields[0] = TextInput::with_value(role.arn);
                form.fields[1] = TextInput::with_value(role.session_name.unwrap_or_default());
                form.fields[2] = TextInput::with_value(role.external_id.unwrap_or_default());
                form.fields[3] = TextInput::with_value(role.duration_secs.map(|d| d.to_string()).unwrap_or_default());
                form.fields[4] = TextInput::with_value(role.mfa.map(|m| m.serial).unwrap_or_default());
            }
            KeyCode::BackTab | KeyCode::Up => form.focus = (form.focus + rows - 1) % rows,
            KeyCode::Enter => {
                if form.focused_field().is_none()
                    && let Some(back) = form.back_to.clone()
                {
                    self.history.pop();
                    form.waiting = true;
                    self.modals.open(Overlay::Role(form));
                    return self.switch_context(back);
                }
                match self.role_from_form(&form) {
                    Ok(role) => {
                        form.error = None;
                        form.waiting = true;
                        let context = self.context.with_role(role);
                        self.modals.open(Overlay::Role(form));
                        return self.switch_context(context);
                    }
                    Err(problem) => form.error = Some(problem),
                }
            }
            _ => {
                if form.focused_field().is_none() && matches!(key.code, KeyCode::Char(_)) {
                    form.focus = form.first_field();
                }
                if let Some(field) = form.focused_field() {
                    form.fields[field].on_key(key);
                }
            }
        }
        self.modals.open(Overlay::Role(form));
        Vec::new()
    }

    fn role_from_form(&self, form: &RoleForm) -> Result<RoleSpec, String> {
        let value = |i: usize| Some(form.fields[i].value.trim().to_owned()).filter(|v| !v.is_empty());
        let arn = value(0).ok_or("Type the ARN of the role to assume (arn:aws:iam::ACCOUNT:role/NAME).")?;
        if !arn.starts_with("arn:") || !arn.contains(":role/") {
            return Err(format!("{arn} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)."));
        }
        let duration_secs = match value(3) {
            Some(d) => Some(
                d.parse::<i32>()
                    .ok()
                    .filter(|d| (900..=43_200).contains(d))
                    .ok_or("Duration is in seconds, 900 to 43200.")?,
            ),
            None => None,
        };
        let mfa = match (value(4), value(5)) {
            (Some(serial), Some(code)) if valid_code(&code) => Some(MfaCode { serial, code }),
            (Some(_), Some(_)) => return Err("The MFA code is the 6 digits your device shows.".into()),
            (Some(_), None) => return Err("Type the 6-digit MFA code, or clear the MFA serial.".into()),
            (None, Some(_)) => return Err("Type the MFA device's serial (or ARN) for the code.".into()),
            (None, None) => None,
        };
        let _ = self;
        Ok(RoleSpec { session_name: value(1), external_id: value(2), duration_secs, mfa, ..RoleSpec::new(arn) })
    }

    fn mfa_key(&mut self, mut prompt: MfaPrompt, key: KeyEvent) -> Vec<Command> {
        match prompt.code.on_key(key) {
            InputOutcome::Cancelled if prompt.renew => {
                self.decline_renewal();
                return Vec::new();
            }
            InputOutcome::Cancelled => return Vec::new(),
            InputOutcome::Submitted if prompt.renew && valid_code(prompt.code.value.trim()) => {
                let code = prompt.code.value.trim().to_owned();
                prompt.error = None;
                prompt.waiting = true;
                prompt.code = TextInput::default();
                let context = self.with_new_code(&prompt.serial, &code);
                self.modals.open(Overlay::Mfa(prompt));
                let generation = self.generation;
                if let Some(renewal) = self.renewal.as_mut() {
                    renewal.running = true;
                }
                return vec![Command::Renew { generation, context }];
            }
            InputOutcome::Submitted if valid_code(prompt.code.value.trim()) => {
                let context =
                    AwsContext { mfa_code: Some(prompt.code.value.trim().to_owned()), ..prompt.context.clone() };
                prompt.error = None;
                prompt.waiting = true;
                prompt.code = TextInput::default();
                self.modals.open(Overlay::Mfa(prompt));
                return self.switch_context(context);
            }
            InputOutcome::Submitted => prompt.error = Some("The MFA code is the 6 digits your device shows.".into()),
            InputOutcome::Editing => {}
        }
        self.modals.open(Overlay::Mfa(prompt));
        Vec::new()
    }

    /// Applies the profile catalog or region list to the open picker.
    pub(super) fn on_switch_data(
        &mut self,
        id: RequestId,
        catalog: Option<ProfileCatalog>,
        regions: Option<Vec<RegionInfo>>,
    ) {
        match (self.modals.get_mut::<Overlay>(), catalog, regions) {
            (Some(Overlay::Profiles(picker)), Some(catalog), _) if picker.request == id => {
                picker.catalog = Some(catalog)
            }
            (Some(Overlay::Regions(picker)), _, Some(regions)) if picker.request == Some(id) => {
                picker.request = None;
                let mut known: Vec<RegionInfo> = regions;
                for name in COMMERCIAL {
                    if !known.iter().any(|r| r.name == *name) {
                        known.push(RegionInfo { name: (*name).to_owned(), opt_in: false, enabled: true });
                    }
                }
                known.sort_by(|a, b| a.name.cmp(&b.name));
                let regions = self.region_choices(&known);
                if let Some(Overlay::Regions(picker)) = self.modals.get_mut::<Overlay>() {
                    picker.regions = regions;
                }
            }
            _ => {}
        }
    }

    /// DescribeRegions was refused: keep the static list and say so.
    pub(super) fn on_regions_failed(&mut self, id: RequestId, error: &Failure) {
        if let Some(Overlay::Regions(picker)) = self.modals.get_mut::<Overlay>()
            && picker.request == Some(id)
        {
            picker.request = None;
            picker.note = Some(format!("Showing the standard list: DescribeRegions failed ({:?}).", error.kind));
        }
    }

    /// `L`: runs `aws sso login` for the profile whose session expired.
    pub(super) fn sso_login(&mut self) -> Vec<Command> {
        match self.sso_profile.clone() {
            Some(profile) => {
                let mut args: Vec<String> = vec!["sso".into(), "login".into()];
                // No profile: the default chain, which `aws` finds the same way.
                if !profile.is_empty() {
                    args.extend(["--profile".into(), profile]);
                }
                vec![Command::RunExternal { program: "aws".into(), args }]
            }
            None => {
                self.status = Some(StatusMessage {
                    text: "No SSO session to log in to: L runs aws sso login when one has expired.".into(),
                    is_error: false,
                });
                Vec::new()
            }
        }
    }

    /// After `aws sso login`: retry the switch that needed it, or, when the
    /// session ran out under the context on screen, renew that context's
    /// provider from the files (no switch: the panes keep their rows) and
    /// then retry the loads that failed.
    pub(super) fn external_finished(&mut self, ok: bool, message: String) -> Vec<Command> {
        self.status = Some(StatusMessage { text: message, is_error: !ok });
        if !ok {
            return Vec::new();
        }
        let profile = self.sso_profile.take().unwrap_or_default();
        if let Some(context) = self.sso_switch.take() {
            return self.switch_context(context);
        }
        if matches!(self.connection, Connection::Connected(_)) && self.pending.is_none() {
            let generation = self.generation;
            let renewal = match self.renewal.take() {
                Some(mut renewal) if renewal.generation == generation => {
                    renewal.cause = RenewCause::Sso { profile };
                    renewal
                }
                _ => Renewal {
                    generation,
                    cause: RenewCause::Sso { profile },
                    retry: Vec::new(),
                    running: false,
                    declined: false,
                },
            };
            self.renewal = Some(Renewal { running: true, ..renewal });
            return vec![Command::Renew { generation, context: self.context.clone() }];
        }
        self.switch_context(self.pending.clone().map_or_else(|| self.context.clone(), |(_, c)| c))
    }

    /// A load under the context on screen failed because its MFA or SSO
    /// session ran out: remember the slot for the retry, and ask for a new
    /// code (or arm `L`).
    pub(super) fn on_session_expired(&mut self, slot: Slot, error: &Failure) {
        let cause = match error.kind {
            ErrorKind::MfaExpired => RenewCause::Mfa { serial: self.expired_mfa_serial().unwrap_or_default() },
            ErrorKind::SsoExpired => RenewCause::Sso { profile: self.context.profile.clone().unwrap_or_default() },
            _ => return,
        };
        let generation = self.generation;
        let renewal = self.renewal.get_or_insert_with(|| Renewal {
            generation,
            cause: cause.clone(),
            retry: Vec::new(),
            running: false,
            declined: false,
        });
        if renewal.generation != generation {
            *renewal = Renewal { generation, cause: cause.clone(), retry: Vec::new(), running: false, declined: false };
        }
        if !renewal.running {
            renewal.cause = cause.clone();
        }
        if !matches!(slot, Slot::Profiles | Slot::Regions) && !renewal.retry.contains(&slot) {
            renewal.retry.push(slot);
        }
        let (running, declined) = (renewal.running, renewal.declined);
        self.dirty = true;
        match cause {
            RenewCause::Sso { profile } => {
                self.sso_profile = Some(profile.clone());
                self.sso_switch = None;
                let text = if profile.is_empty() {
                    "SSO session expired — press L to log in".to_owned()
                } else {
                    format!("SSO session for profile {profile} expired — press L to log in")
                };
                self.status = Some(StatusMessage { text, is_error: true });
            }
            RenewCause::Mfa { serial } => {
                let prompt_open = matches!(self.modals.get::<Overlay>(), Some(Overlay::Mfa(p)) if p.renew);
                if running || prompt_open {
                    return;
                }
                let free = !self.modals.is_open::<Overlay>()
                    && !self.modals.is_open::<Help>()
                    && !self.modals.is_open::<Prompt>();
                if free && !declined {
                    self.open_renew_prompt(serial);
                } else {
                    self.status = Some(StatusMessage { text: renew_hint(&serial), is_error: true });
                }
            }
        }
    }

    /// `r` while an MFA session has expired: the prompt again, instead of
    /// loads that can only fail. Returns whether it handled the key.
    pub(super) fn reopen_renewal(&mut self) -> bool {
        let generation = self.generation;
        let Some(renewal) = self.renewal.as_mut().filter(|r| r.generation == generation) else { return false };
        let RenewCause::Mfa { serial } = renewal.cause.clone() else {
            // SSO: `r` reloads; if it still fails, the failures arm L again.
            self.renewal = None;
            return false;
        };
        if renewal.running {
            self.status = Some(StatusMessage { text: "Checking the new MFA code…".into(), is_error: false });
            return true;
        }
        renewal.declined = false;
        self.open_renew_prompt(serial);
        true
    }

    fn open_renew_prompt(&mut self, serial: String) {
        self.modals.open(Overlay::Mfa(MfaPrompt {
            context: self.context.clone(),
            profile: self.context.chain_label(),
            serial,
            code: TextInput::default(),
            error: None,
            waiting: false,
            renew: true,
        }));
        self.dirty = true;
    }

    /// Esc on the renew prompt: everything stays as it is.
    fn decline_renewal(&mut self) {
        let serial = match self.renewal.as_mut() {
            Some(renewal) => {
                renewal.declined = true;
                match &renewal.cause {
                    RenewCause::Mfa { serial } => serial.clone(),
                    RenewCause::Sso { .. } => String::new(),
                }
            }
            None => String::new(),
        };
        self.status = Some(StatusMessage { text: renew_hint(&serial), is_error: false });
    }

    /// The MFA device of the session that expired: the profile's own (when the
    /// context carries a code for it), else the first role's in the chain.
    fn expired_mfa_serial(&self) -> Option<String> {
        let profile_serial = self.profile_mfa_serial();
        if self.context.mfa_code.is_some()
            && let Some(serial) = profile_serial
        {
            return Some(serial.to_owned());
        }
        self.context.roles().find_map(|r| r.mfa.as_ref().map(|m| m.serial.clone()))
    }

    /// The MFA device of the current profile's own role, if one was asked for.
    fn profile_mfa_serial(&self) -> Option<&str> {
        let profile = self.context.profile.as_deref()?;
        self.mfa_devices.iter().find(|(p, _)| p == profile).map(|(_, s)| s.as_str())
    }

    /// The context on screen with `code` where the spent code from `serial`
    /// was: the profile's `mfa_code` and every role whose device it is.
    #[must_use]
    pub fn with_new_code(&self, serial: &str, code: &str) -> AwsContext {
        let mut next = self.context.clone();
        let roles_use_it = next.roles().any(|r| r.mfa.as_ref().is_some_and(|m| m.serial == serial));
        let profile_uses_it = match self.profile_mfa_serial() {
            Some(profile_serial) => profile_serial == serial,
            // The profile's device is not known: its code is spent all the same.
            None => !roles_use_it,
        };
        if next.mfa_code.is_some() && profile_uses_it {
            next.mfa_code = Some(code.to_owned());
        }
        for role in next.chain.iter_mut().chain(next.role.as_mut()) {
            if let Some(mfa) = role.mfa.as_mut()
                && mfa.serial == serial
            {
                mfa.code = code.to_owned();
            }
        }
        next
    }

    /// [`super::Action::Renewed`]: the session of the context on screen was
    /// renewed. Keep the rows, take the new context, close the prompt and
    /// issue again what failed.
    pub(super) fn renewed(
        &mut self,
        generation: u64,
        context: AwsContext,
        expires: Option<std::time::SystemTime>,
    ) -> Vec<Command> {
        let current = self.renewal.as_ref().is_some_and(|r| r.generation == generation && r.running);
        if generation != self.generation || !current {
            return Vec::new();
        }
        let Some(renewal) = self.renewal.take() else { return Vec::new() };
        self.dirty = true;
        if let Connection::Connected(environment) = &mut self.connection {
            environment.context = context.clone();
        }
        self.context = context;
        self.expires = expires;
        if matches!(self.modals.get::<Overlay>(), Some(Overlay::Mfa(p)) if p.renew) {
            self.modals.close::<Overlay>();
        }
        let text = match &renewal.cause {
            RenewCause::Mfa { .. } => "MFA session renewed; reloading what failed.",
            RenewCause::Sso { .. } => {
                self.sso_profile = None;
                "SSO session renewed; reloading what failed."
            }
        };
        self.status = Some(StatusMessage { text: text.into(), is_error: false });
        self.retry_loads(&renewal.retry)
    }

    /// [`super::Action::RenewFailed`]: say why where the user is looking (a
    /// wrong code in the prompt, which stays open).
    pub(super) fn renew_failed(&mut self, generation: u64, error: Failure) {
        if generation != self.generation {
            return;
        }
        self.dirty = true;
        self.record_failure(None, None, &error);
        if let Some(renewal) = self.renewal.as_mut().filter(|r| r.generation == generation) {
            renewal.running = false;
        }
        if error.kind == ErrorKind::SsoExpired {
            self.sso_profile = Some(self.context.profile.clone().unwrap_or_default());
        }
        match self.modals.get_mut::<Overlay>() {
            Some(Overlay::Mfa(prompt)) if prompt.renew => {
                prompt.waiting = false;
                prompt.error = Some(error.message);
            }
            _ => {
                let hint = if error.kind == ErrorKind::SsoExpired { " Press L to log in." } else { "" };
                self.status = Some(StatusMessage { text: format!("{}{hint}", error.message), is_error: true });
            }
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
            .recent_roles
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
        let commands: Vec<&String> = self.command_history.iter().rev().take(50).rev().collect();
        serde_json::json!({ "recent_roles": roles, "recent_regions": self.recent_regions, "commands": commands })
            .to_string()
    }

    /// Restores recent roles and regions from the state file's text.
    pub fn restore_state(&mut self, json: &str) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { return };
        let text = |v: &serde_json::Value, k: &str| v.get(k).and_then(|s| s.as_str()).map(str::to_owned);
        if let Some(roles) = value.get("recent_roles").and_then(|r| r.as_array()) {
            self.recent_roles = roles
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
            self.command_history = commands.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect();
        }
        if let Some(regions) = value.get("recent_regions").and_then(|r| r.as_array()) {
            self.recent_regions = regions.iter().filter_map(|r| r.as_str().map(str::to_owned)).take(RECENT).collect();
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
