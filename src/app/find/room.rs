//! The Find pane as a room: what the app asks of it, its keys, its `:find`
//! command, its popups, and the jump from a result to its pane.

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::app::goto::{GoCommand, Target};
use crate::app::input::InputOutcome;
use crate::app::keymap::Key::Char;
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};
use crate::aws::AwsContext;

/// The keys of the Find pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[Char('f')], action: KeyAction::FindNew, help: "new search", group: Group::Pane(Pane::Find) },
    Binding {
        keys: &[Char('a')],
        action: KeyAction::FindScope,
        help: "search this profile / every profile",
        group: Group::Pane(Pane::Find),
    },
    Binding {
        keys: &[Char('s')],
        action: KeyAction::FindPick,
        help: "choose profiles and regions",
        group: Group::Pane(Pane::Find),
    },
    Binding {
        keys: &[Char('e')],
        action: KeyAction::FindFailures,
        help: "failed probes and skipped profiles",
        group: Group::Pane(Pane::Find),
    },
    Binding {
        keys: &[Char('m')],
        action: KeyAction::FindMfa,
        help: "MFA code for a skipped profile",
        group: Group::Pane(Pane::Find),
    },
];

/// Where `:find` goes: the Find view as it is, its prompt, or a new search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindTarget {
    /// The Find view with its results (history).
    View,
    /// The search prompt.
    Prompt,
    /// A new search for `text`: over every profile when `all`, else over
    /// the configured default scope.
    Search {
        /// What to find.
        text: String,
        /// `-a`: every profile.
        all: bool,
    },
}

/// The Find pane's `:` commands.
const COMMANDS: &[GoCommand] = &[GoCommand { names: &["find"], args: "[-a] TEXT", target: find_target }];

/// `:find TEXT`, `:find -a TEXT`, `:find` alone (the prompt).
fn find_target(arg: &str) -> Target {
    let arg = arg.trim();
    let (all, text) = match arg.strip_prefix("-a") {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => (true, rest.trim()),
        _ => (false, arg),
    };
    if text.is_empty() {
        return Target::Find(FindTarget::Prompt);
    }
    Target::Find(FindTarget::Search { text: text.to_owned(), all })
}

/// Where a result opens: its pane at the resource (the deep links).
#[must_use]
pub fn target_of(hit: &Hit) -> Target {
    let name = Some(hit.name.clone());
    match hit.kind {
        HitKind::Bucket => Target::S3 { bucket: name, prefix: String::new() },
        HitKind::Parameter => Target::Ssm(name),
        HitKind::EcsCluster => Target::Ecs { cluster: name, service: None },
        HitKind::EcsService => Target::Ecs { cluster: hit.parent.clone(), service: name },
        HitKind::Vpc => Target::Vpc(name),
        HitKind::Subnet => Target::Subnet(name),
        HitKind::NetworkInterface => Target::Eni(hit.address.clone().or(name)),
        HitKind::LogGroup => Target::Logs(name),
    }
}

/// The context a result lives in, in its region: for the profile the
/// search started from, that context (its roles and MFA code found the
/// result); for another profile, that profile with the MFA code entered
/// for it, if any (so the session the search made is reused).
#[must_use]
pub fn context_of(hit: &Hit, search: Option<&Search>, mfa: &[(String, MfaCode)]) -> AwsContext {
    let region = Some(hit.region.clone());
    if let Some(search) = search.filter(|s| s.from_profile == hit.profile) {
        return AwsContext { region, ..search.from.clone() };
    }
    let mfa_code = mfa.iter().find(|(p, _)| *p == hit.profile).map(|(_, code)| code.code.clone());
    AwsContext { profile: Some(hit.profile.clone()), region, mfa_code, ..AwsContext::default() }
}

/// The rows of the scope picker: the profiles, then the regions.
fn picker_profiles(ctx: &Ctx<'_>) -> Vec<String> {
    if ctx.profiles.is_empty() { vec![FindPane::current_profile(ctx)] } else { ctx.profiles.to_vec() }
}

impl FindPane {
    /// The profiles the picker lists (those of the AWS config files; the
    /// current one until they are read).
    #[must_use]
    pub fn picker_rows(profiles: &[String], current: &str) -> Vec<String> {
        if profiles.is_empty() { vec![current.to_owned()] } else { profiles.to_vec() }
    }

    fn jump(&mut self, ctx: &mut Ctx<'_>) {
        let Some(hit) = self.hits.selected_item() else { return };
        ctx.switch_and_open(context_of(hit, self.search.as_ref(), &self.mfa), target_of(hit));
    }

    fn open_picker(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut picker = ScopePicker::default();
        match self.search.as_ref().map(|s| &s.scope) {
            Some(Scope::Chosen { profiles, regions }) => {
                picker.profiles = profiles.iter().cloned().collect();
                picker.regions = regions.iter().cloned().collect();
            }
            Some(Scope::All) => picker.profiles = picker_profiles(ctx).into_iter().collect(),
            _ => {
                picker.profiles.insert(Self::current_profile(ctx));
            }
        }
        self.popup = Some(Popup::Picker(picker));
        if ctx.profiles.is_empty() {
            // The profiles of the config files, as the profile picker reads them.
            let (_, command) = ctx.load(Slot::Profiles, LoadRequest::Profiles);
            return vec![command];
        }
        Vec::new()
    }

    fn open_mfa(&mut self, ctx: &mut Ctx<'_>) {
        let waiting: Vec<String> = self
            .needs_mfa()
            .into_iter()
            .map(|s| s.profile.clone())
            .filter(|p| !self.mfa.iter().any(|(q, _)| q == p))
            .collect();
        match waiting.first() {
            Some(profile) => {
                self.popup = Some(Popup::Mfa { profile: profile.clone(), input: TextInput::default() });
            }
            None => ctx.info("No profile was skipped for want of an MFA code."),
        }
    }

    fn picker_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let profiles = picker_profiles(ctx);
        let regions = crate::aws::regions::COMMERCIAL;
        let Some(Popup::Picker(picker)) = &mut self.popup else { return Vec::new() };
        let rows = profiles.len() + regions.len();
        match key.code {
            KeyCode::Esc => self.popup = None,
            KeyCode::Down | KeyCode::Char('j') => picker.cursor = (picker.cursor + 1).min(rows.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => picker.cursor = picker.cursor.saturating_sub(1),
            KeyCode::Home | KeyCode::Char('g') => picker.cursor = 0,
            KeyCode::End | KeyCode::Char('G') => picker.cursor = rows.saturating_sub(1),
            KeyCode::PageDown => picker.cursor = (picker.cursor + ctx.rows).min(rows.saturating_sub(1)),
            KeyCode::PageUp => picker.cursor = picker.cursor.saturating_sub(ctx.rows),
            KeyCode::Char(' ') => {
                let at = picker.cursor;
                let (set, name) = match profiles.get(at) {
                    Some(p) => (&mut picker.profiles, p.clone()),
                    None => match regions.get(at - profiles.len()) {
                        Some(r) => (&mut picker.regions, (*r).to_owned()),
                        None => return Vec::new(),
                    },
                };
                if !set.remove(&name) {
                    set.insert(name);
                }
            }
            KeyCode::Enter => {
                if picker.profiles.is_empty() {
                    ctx.error("Tick at least one profile (Space), then Enter.");
                    return Vec::new();
                }
                let scope = Scope::Chosen {
                    profiles: profiles.iter().filter(|p| picker.profiles.contains(*p)).cloned().collect(),
                    regions: regions.iter().filter(|r| picker.regions.contains(**r)).map(|r| (*r).to_owned()).collect(),
                };
                return self.restart(scope, ctx);
            }
            _ => {}
        }
        Vec::new()
    }

    fn popup_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let lines = self.failure_lines().len();
        match &mut self.popup {
            None => Vec::new(),
            Some(Popup::Prompt(input)) => match input.on_key(key) {
                InputOutcome::Editing => Vec::new(),
                InputOutcome::Cancelled => {
                    self.popup = None;
                    Vec::new()
                }
                InputOutcome::Submitted => {
                    let text = input.value.clone();
                    let scope = self.default_scope.clone();
                    self.start(&text, scope, ctx)
                }
            },
            Some(Popup::Failures { scroll }) => {
                let page = ctx.rows.max(1);
                match key.code {
                    KeyCode::Esc | KeyCode::Char('e' | 'q') => self.popup = None,
                    KeyCode::Down | KeyCode::Char('j') => *scroll = (*scroll + 1).min(lines.saturating_sub(1)),
                    KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                    KeyCode::PageDown | KeyCode::Char(' ') => *scroll = (*scroll + page).min(lines.saturating_sub(1)),
                    KeyCode::PageUp => *scroll = scroll.saturating_sub(page),
                    KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
                    KeyCode::End | KeyCode::Char('G') => *scroll = lines.saturating_sub(1),
                    KeyCode::Char('m') => self.open_mfa(ctx),
                    _ => {}
                }
                Vec::new()
            }
            Some(Popup::Picker(_)) => self.picker_key(key, ctx),
            Some(Popup::Mfa { profile, input }) => match input.on_key(key) {
                InputOutcome::Editing => Vec::new(),
                InputOutcome::Cancelled => {
                    self.popup = None;
                    Vec::new()
                }
                InputOutcome::Submitted => {
                    let code = input.value.trim().to_owned();
                    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
                        ctx.error(format!("An MFA code is 6 digits: type the code your device shows for {profile}."));
                        return Vec::new();
                    }
                    let profile = profile.clone();
                    self.mfa.retain(|(p, _)| *p != profile);
                    // The device's serial is the profile's `mfa_serial`, read by the loader.
                    self.mfa.push((profile.clone(), MfaCode { serial: String::new(), code }));
                    self.popup = None;
                    ctx.info(format!("Searching again, with {profile}."));
                    let scope = self.search.as_ref().map_or_else(|| self.default_scope.clone(), |s| s.scope.clone());
                    self.restart(scope, ctx)
                }
            },
        }
    }
}

impl Room for FindPane {
    fn reset(&mut self) {
        // The results survive a switch (a jump to one of them, then `[`);
        // the search itself stops: its later results belong to no context.
        if self.is_searching() {
            self.run = Run::Stopped;
            self.hits.cancel();
        }
        self.request = None;
        self.popup = None;
    }

    fn in_flight(&self) -> usize {
        usize::from(self.is_searching())
    }

    fn activate(&mut self, _ctx: &mut Ctx<'_>) -> Vec<Command> {
        Vec::new()
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let scope = self.search.as_ref().map_or_else(|| self.default_scope.clone(), |s| s.scope.clone());
        self.restart(scope, ctx)
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        match action {
            KeyAction::Open => {
                self.jump(ctx);
                Vec::new()
            }
            KeyAction::Back if self.is_searching() => self.cancel(ctx),
            KeyAction::Back => {
                ctx.back();
                Vec::new()
            }
            KeyAction::FindNew => {
                let text = self.search.as_ref().map(|s| s.text.clone()).unwrap_or_default();
                self.popup = Some(Popup::Prompt(TextInput::with_value(text)));
                Vec::new()
            }
            KeyAction::FindScope => {
                let scope = match self.search.as_ref().map(|s| &s.scope) {
                    Some(Scope::All) => Scope::Current,
                    _ => Scope::All,
                };
                self.restart(scope, ctx)
            }
            KeyAction::FindPick => self.open_picker(ctx),
            KeyAction::FindFailures => {
                self.popup = Some(Popup::Failures { scroll: 0 });
                Vec::new()
            }
            KeyAction::FindMfa => {
                self.open_mfa(ctx);
                Vec::new()
            }
            other => {
                self.hits.navigate(other, rows);
                Vec::new()
            }
        }
    }

    fn captures_input(&self) -> bool {
        self.popup.is_some()
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.popup_key(key, ctx)
    }

    fn resized(&mut self, layout: &Layout) {
        self.hits.scroll_into_view(layout.list_rows);
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        Some(&mut self.hits)
    }

    fn location(&self) -> Target {
        Target::Find(FindTarget::View)
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Target::Find(target) = target else { return Vec::new() };
        match target {
            FindTarget::View => {
                self.popup = None;
                Vec::new()
            }
            FindTarget::Prompt => {
                let text = self.search.as_ref().map(|s| s.text.clone()).unwrap_or_default();
                self.popup = Some(Popup::Prompt(TextInput::with_value(text)));
                Vec::new()
            }
            FindTarget::Search { text, all } => {
                let scope = if all { Scope::All } else { self.default_scope.clone() };
                self.start(&text, scope, ctx)
            }
        }
    }

    fn selected_resource(&self, _place: &Place<'_>) -> Option<Resource> {
        self.hits.selected_item().map(resource::hit_resource)
    }
}

impl PaneState for FindPane {
    type Slot = FindSlot;
    type Payload = FindPayload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn on_loaded(
        &mut self,
        _slot: FindSlot,
        id: RequestId,
        payload: FindPayload,
        more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        self.on_payload(id, payload, more);
        Vec::new()
    }

    fn on_failed(&mut self, _slot: FindSlot, id: RequestId, error: Failure, _ctx: &mut Ctx<'_>) {
        self.on_failure(id, error);
    }
}
