//! All UI state and the pure state machine over it.
//!
//! `App::update` takes an [`Action`] and returns the [`Command`]s the runtime
//! should carry out. It never touches the SDK, tokio or the clock, which is
//! what lets tests drive the whole app without a terminal or a network.

pub mod action;
pub mod command;
pub mod ctx;
pub mod describe;
pub mod ecs;
pub mod find;
pub mod goto;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod listing;
pub mod lists;
pub mod logs;
pub mod memory;
pub mod modal;
pub mod mouse;
pub mod network;
pub mod pane;
pub mod registry;
pub mod resource;
pub mod rows;
pub mod s3;
pub mod ssm;
pub mod switch;
pub mod table;

use crossterm::event::KeyEvent;

pub use action::{
    Action, ChildCredentials, Command, ErrorDetail, ExternalPurpose, Failure, LoadRequest, Payload, RequestId, Slot,
};
pub use ctx::Ctx;
use keymap::KeyAction;
pub use layout::Layout;
pub use listing::{Listing, LoadState};
use modal::{Help, Modal, Modals};
pub use registry::{AutoRefresh, Pane, Panes};

use crate::aws::sts::CallerIdentity;
use crate::aws::{AwsContext, AwsEnvironment, ErrorKind};

/// Where the connection to AWS stands.
#[allow(clippy::large_enum_variant, reason = "moved once per connection; boxing buys nothing")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// The provider is being built.
    Connecting,
    /// The provider is ready.
    Connected(AwsEnvironment),
    /// The provider could not be built (bad profile, malformed config).
    Failed(Failure),
}

/// A one-line message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    /// The text.
    pub text: String,
    /// Whether it reports an error.
    pub is_error: bool,
}

/// Everything on screen, and what is loading.
#[derive(Debug, Clone)]
pub struct App {
    /// Bumped by every context switch; results from older generations are dropped.
    pub generation: u64,
    next_request: u64,
    /// What panes asked for while handling the last action.
    asks: Vec<ctx::Ask>,
    /// The local time zone's offset, when the runtime could tell (times are
    /// shown in UTC without it).
    pub local_offset: Option<time::UtcOffset>,
    /// The context asked for.
    pub context: AwsContext,
    /// Where the connection stands.
    pub connection: Connection,
    /// Who we are, once STS has answered.
    pub identity: Option<CallerIdentity>,
    /// Why the identity could not be read, if it could not.
    pub identity_error: Option<Failure>,
    identity_request: Option<RequestId>,
    /// Whether mutations are refused.
    pub read_only: bool,
    /// The pane on screen.
    pub pane: Pane,
    /// The panes' own state.
    pub panes: Panes,
    /// What is open over the pane (popups, prompts, describe, errors, help).
    pub modals: Modals,
    /// The status-line message, if any.
    pub status: Option<StatusMessage>,
    /// Spinner frame, advanced by ticks while something loads.
    pub spinner: usize,
    /// The screen's geometry (terminal size, rows per view).
    pub layout: Layout,
    /// A switch under way: its generation and context.
    pub pending: Option<(u64, AwsContext)>,
    next_generation: u64,
    /// Where the user has been: `[` `]`, command history, a waiting deep link.
    pub nav: memory::Navigation,
    /// The credentials on screen: expiry, and a session being renewed.
    pub credentials: memory::Credentials,
    /// Recent roles, regions, MFA devices and profile names, for the pickers.
    pub recent: memory::Recent,
    /// Contexts switched away from, for "switch back".
    pub history: Vec<AwsContext>,
    /// Profile (or role ARN) patterns that mark production, such as `*prod*`.
    pub prod_patterns: Vec<String>,
    /// This session's errors, oldest first.
    pub errors: Vec<command::ErrorEntry>,
    /// The keymap in force (the defaults with the config's overrides); input
    /// and help both read it.
    pub keymap: keymap::Keymap,
    /// How often each pane reloads itself while on screen.
    pub auto_refresh: AutoRefresh,
    dirty: bool,
    quit: bool,
}

impl App {
    /// A new app for `context`, not yet connected.
    #[must_use]
    pub fn new(context: AwsContext, read_only: bool, size: (u16, u16)) -> Self {
        Self {
            generation: 0,
            next_request: 0,
            asks: Vec::new(),
            local_offset: None,
            context,
            connection: Connection::Connecting,
            identity: None,
            identity_error: None,
            identity_request: None,
            read_only,
            pane: Pane::S3,
            panes: Panes::default(),
            modals: Modals::default(),
            status: None,
            spinner: 0,
            layout: Layout::for_size(size),
            pending: None,
            next_generation: 0,
            nav: memory::Navigation::default(),
            credentials: memory::Credentials::default(),
            recent: memory::Recent::default(),
            history: Vec::new(),
            prod_patterns: vec!["*prod*".to_owned()],
            errors: Vec::new(),
            keymap: keymap::Keymap::default(),
            auto_refresh: AutoRefresh::default(),
            dirty: true,
            quit: false,
        }
    }

    /// The commands that start the app: connect to the initial context.
    pub fn start(&mut self) -> Vec<Command> {
        self.switch_context(self.context.clone())
    }

    /// Whether the app should leave.
    #[must_use]
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether anything changed since the last call; clears the flag.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// How many loads are running (connecting counts as one).
    #[must_use]
    pub fn in_flight(&self) -> usize {
        usize::from(self.connection == Connection::Connecting || self.pending.is_some())
            + usize::from(self.identity_request.is_some())
            + self.panes.in_flight()
    }

    /// Whether the spinner should turn.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.in_flight() > 0
    }

    /// The switching popup, when open.
    #[must_use]
    pub fn overlay(&self) -> Option<&switch::Overlay> {
        self.modals.get()
    }

    /// The describe view, when open.
    #[must_use]
    pub fn describe(&self) -> Option<&describe::DescribeView> {
        self.modals.get()
    }

    /// The command bar or filter prompt, when open.
    #[must_use]
    pub fn prompt(&self) -> Option<&command::Prompt> {
        self.modals.get()
    }

    /// The errors view, when open.
    #[must_use]
    pub fn errors_view(&self) -> Option<&command::ErrorsView> {
        self.modals.get()
    }

    /// Whether help is open.
    #[must_use]
    pub fn help_open(&self) -> bool {
        self.modals.is_open::<Help>()
    }

    /// The environment, once connected.
    #[must_use]
    pub fn environment(&self) -> Option<&AwsEnvironment> {
        match &self.connection {
            Connection::Connected(env) => Some(env),
            _ => None,
        }
    }

    /// Rows the list in the current pane shows at the current size.
    #[must_use]
    pub fn list_rows(&self) -> usize {
        self.layout.list_rows
    }

    /// The context a pane handles an event with, and the panes themselves.
    fn split(&mut self) -> (Ctx<'_>, &mut Panes) {
        let ctx = Ctx {
            generation: self.generation,
            read_only: self.read_only,
            rows: self.layout.list_rows,
            layout: self.layout,
            local_offset: self.local_offset,
            credentials_end_ms: self.credentials.expires.and_then(|t| {
                let ms = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
                i64::try_from(ms).ok()
            }),
            environment: match &self.connection {
                Connection::Connected(env) => Some(env),
                _ => None,
            },
            profiles: &self.recent.profiles,
            next_request: &mut self.next_request,
            status: &mut self.status,
            asks: &mut self.asks,
        };
        (ctx, &mut self.panes)
    }

    /// Applies one action and returns what the runtime should do.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        let mut commands = self.apply(action);
        while !self.asks.is_empty() {
            for ask in std::mem::take(&mut self.asks) {
                commands.extend(match ask {
                    ctx::Ask::Open(target) => self.open_target(target),
                    ctx::Ask::Describe => self.open_describe(),
                    ctx::Ask::SwitchAndOpen { context, target } => self.switch_and_open(*context, target),
                    ctx::Ask::Back => self.history_back(),
                });
            }
        }
        commands
    }

    fn apply(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Key(key) => {
                self.dirty = true;
                self.on_key(key)
            }
            Action::Resize(w, h) => {
                self.layout = Layout::for_size((w, h));
                self.panes.resized(&self.layout);
                self.dirty = true;
                Vec::new()
            }
            Action::ErrorDetail { id, generation, detail } => {
                if generation == self.generation {
                    self.on_error_detail(id, detail);
                }
                Vec::new()
            }
            Action::Mouse(event) => self.on_mouse(event),
            Action::AutoRefresh => self.auto_refresh(),
            Action::Tick => {
                if self.is_busy() {
                    self.spinner = self.spinner.wrapping_add(1);
                    self.dirty = true;
                }
                Vec::new()
            }
            Action::Connected { generation, environment } => {
                if self.pending.as_ref().map(|(g, _)| *g) != Some(generation) {
                    return Vec::new();
                }
                self.commit_switch(generation, environment)
            }
            Action::ConnectFailed { generation, error } => {
                self.record_failure(None, None, &error);
                self.switch_failed(generation, error);
                Vec::new()
            }
            Action::CredentialsExpire { generation, at } => {
                if generation == self.generation {
                    self.credentials.expires = at;
                    self.dirty = true;
                }
                Vec::new()
            }
            Action::MfaRequired { generation, context, profile, serial } => {
                self.ask_mfa(generation, context, profile, serial);
                Vec::new()
            }
            Action::Renewed { generation, context, expires } => self.renewed(generation, context, expires),
            Action::RenewFailed { generation, error } => {
                self.renew_failed(generation, error);
                Vec::new()
            }
            Action::ExternalFinished { purpose: ExternalPurpose::SsoLogin, ok, message } => {
                self.dirty = true;
                self.external_finished(ok, message)
            }
            Action::ExternalFinished {
                purpose: ExternalPurpose::Session(_) | ExternalPurpose::OpenUrl,
                ok,
                message,
            } => {
                self.dirty = true;
                self.status = Some(StatusMessage { text: message, is_error: !ok });
                Vec::new()
            }
            Action::Loaded { slot, id, generation, payload, more } => {
                if generation != self.generation {
                    return Vec::new();
                }
                self.dirty = true;
                match (&slot, payload) {
                    (Slot::Identity, Payload::Identity(identity)) => {
                        if self.identity_request == Some(id) {
                            self.identity = Some(identity);
                            self.identity_request = None;
                        }
                        Vec::new()
                    }
                    (Slot::Profiles, Payload::Profiles(catalog)) => {
                        self.recent.profiles = catalog.profiles.iter().map(|p| p.name.clone()).collect();
                        self.on_switch_data(id, Some(*catalog), None);
                        Vec::new()
                    }
                    (Slot::Regions, Payload::Regions(regions)) => {
                        self.on_switch_data(id, None, Some(regions));
                        Vec::new()
                    }
                    (_, payload) => self.route_loaded(slot, id, payload, more),
                }
            }
            Action::LoadFailed { slot, id, generation, error } => {
                if generation == self.generation {
                    self.dirty = true;
                    self.record_failure(Some(slot), Some(id), &error);
                    let expired = matches!(error.kind, ErrorKind::MfaExpired | ErrorKind::SsoExpired);
                    let failure = expired.then(|| error.clone());
                    if slot == Slot::Regions {
                        self.on_regions_failed(id, &error);
                    }
                    let identity_request = self.identity_request;
                    let (mut ctx, panes) = self.split();
                    match slot {
                        Slot::Identity if identity_request == Some(id) => {
                            self.identity_request = None;
                            self.identity_error = Some(error);
                        }
                        _ => panes.on_failed(slot, id, error, &mut ctx),
                    }
                    // After the pane has shown the failure: the rows stay, and
                    // a new code (or `L`) renews the session.
                    if let Some(failure) = failure {
                        self.on_session_expired(slot, &failure);
                    }
                }
                Vec::new()
            }
            Action::Quit => {
                self.quit = true;
                vec![Command::CancelAll, Command::Quit]
            }
        }
    }

    /// Hands a pane's result to that pane.
    fn route_loaded(&mut self, slot: Slot, id: RequestId, payload: Payload, more: bool) -> Vec<Command> {
        let (mut ctx, panes) = self.split();
        panes.on_loaded(slot, id, payload, more, &mut ctx)
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let before = self.location();
        let commands = self.on_key_inner(key);
        if std::mem::take(&mut self.nav.skip_visit) {
            return commands;
        }
        self.record_visit(before);
        commands
    }

    fn on_key_inner(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl_c = switch::is_ctrl_c(&key);
        if !ctrl_c {
            // The modal in front takes the keys (help: only its own few, below).
            match self.modals.top() {
                Some(Modal::Switch(_)) => {
                    self.status = None;
                    self.dirty = true;
                    return self.on_overlay_key(key);
                }
                Some(Modal::Describe(_)) => {
                    self.dirty = true;
                    return self.on_describe_key(key);
                }
                Some(Modal::Prompt(_)) => {
                    self.status = None;
                    return self.on_prompt_key(key);
                }
                Some(Modal::Errors(_)) => return self.on_errors_key(key),
                Some(Modal::Help(_)) | None => {}
            }
        }
        let pane = self.pane;
        if !ctrl_c && !self.modals.is_open::<Help>() && self.panes.get(pane).captures_input() {
            self.status = None;
            let (mut ctx, panes) = self.split();
            return panes.get_mut(pane).on_raw_key(key, &mut ctx);
        }
        let Some(action) = self.keymap.lookup(&key, self.pane) else {
            return Vec::new();
        };
        if self.modals.is_open::<Help>() {
            return match action {
                KeyAction::Help | KeyAction::Back => {
                    self.modals.close::<Help>();
                    Vec::new()
                }
                KeyAction::Quit => self.update(Action::Quit),
                _ => Vec::new(),
            };
        }
        self.status = None;
        match action {
            KeyAction::Quit => self.update(Action::Quit),
            KeyAction::Help => {
                self.modals.open(Help);
                Vec::new()
            }
            KeyAction::Suspend => vec![Command::Suspend],
            KeyAction::NextPane => self.go_to(self.pane.cycle(1)),
            KeyAction::PrevPane => self.go_to(self.pane.cycle(-1)),
            KeyAction::Pane(pane) => self.go_to(pane),
            KeyAction::Refresh => self.refresh(),
            KeyAction::PickProfile => self.open_profiles(),
            KeyAction::PickRegion => self.open_regions(),
            KeyAction::AssumeRole => {
                self.open_role_form();
                Vec::new()
            }
            KeyAction::SsoLogin => self.sso_login(),
            KeyAction::Command => self.open_command_bar(),
            KeyAction::FindEverywhere => self.open_target(goto::Target::Find(find::FindTarget::Prompt)),
            KeyAction::Errors => self.toggle_errors(),
            KeyAction::HistoryBack => {
                self.nav.skip_visit = true;
                self.history_back()
            }
            KeyAction::HistoryForward => {
                self.nav.skip_visit = true;
                self.history_forward()
            }
            KeyAction::Filter if self.environment().is_some() => self.open_filter(),
            KeyAction::SortPrev | KeyAction::SortNext | KeyAction::SortFlip => self.sort_key(action),
            KeyAction::Back if self.clear_filter() => Vec::new(),
            KeyAction::Describe => self.open_describe(),
            KeyAction::Console => self.open_console(),
            KeyAction::Copy => self.copy_selection(false),
            KeyAction::CopyArn => self.copy_selection(true),
            other => {
                if self.environment().is_none() {
                    return Vec::new();
                }
                let (mut ctx, panes) = self.split();
                panes.get_mut(pane).on_key(other, &mut ctx)
            }
        }
    }

    fn go_to(&mut self, pane: Pane) -> Vec<Command> {
        self.pane = pane;
        self.activate_pane()
    }

    /// Loads the visible pane if it has nothing yet (and we are connected).
    fn activate_pane(&mut self) -> Vec<Command> {
        if self.environment().is_none() {
            return Vec::new();
        }
        let pane = self.pane;
        let (mut ctx, panes) = self.split();
        panes.get_mut(pane).activate(&mut ctx)
    }

    fn refresh(&mut self) -> Vec<Command> {
        // An expired MFA session: the prompt again, not loads that can only fail.
        if matches!(self.connection, Connection::Connected(_)) && self.pending.is_none() && self.reopen_renewal() {
            return Vec::new();
        }
        match &self.connection {
            Connection::Connecting => Vec::new(),
            Connection::Failed(_) => self.switch_context(self.context.clone()),
            Connection::Connected(_) if self.pending.is_some() => Vec::new(),
            Connection::Connected(_) => {
                let mut commands = Vec::new();
                if self.identity.is_none() && self.identity_request.is_none() {
                    commands.push(self.load_identity());
                }
                let pane = self.pane;
                let (mut ctx, panes) = self.split();
                commands.extend(panes.get_mut(pane).refresh(&mut ctx));
                commands
            }
        }
    }

    /// Issues again the loads that failed in `slots` (a renewed session):
    /// for a pane, what its `r` issues; for the header, who we are.
    fn retry_loads(&mut self, slots: &[Slot]) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut done: Vec<Pane> = Vec::new();
        for slot in slots {
            if *slot == Slot::Identity {
                if self.identity_request.is_none() {
                    commands.push(self.load_identity());
                }
                continue;
            }
            let Some(pane) = slot.pane() else { continue };
            if done.contains(&pane) {
                continue;
            }
            done.push(pane);
            let (mut ctx, panes) = self.split();
            commands.extend(panes.get_mut(pane).refresh(&mut ctx));
        }
        commands
    }

    fn load_identity(&mut self) -> Command {
        let (mut ctx, _) = self.split();
        let (id, command) = ctx.load(Slot::Identity, LoadRequest::Identity);
        self.identity_request = Some(id);
        self.identity_error = None;
        command
    }
}
