//! All UI state and the pure state machine over it.
//!
//! `App::update` takes an [`Action`] and returns the [`Command`]s the runtime
//! should carry out. It never touches the SDK, tokio or the clock, which is
//! what lets tests drive the whole app without a terminal or a network.

pub mod action;
pub mod ctx;
pub mod ecs;
pub mod input;
pub mod keymap;
pub mod listing;
pub mod loader;
pub mod network;
pub mod pane;
pub mod run;
pub mod s3;
pub mod ssm;

use crossterm::event::KeyEvent;

pub use action::{Action, Command, Failure, LoadRequest, Payload, RequestId, Slot};
pub use ctx::Ctx;
use ecs::EcsPane;
use keymap::KeyAction;
pub use listing::{Listing, LoadState};
use network::NetworkPane;
use pane::PaneState;
use s3::S3Pane;
use ssm::SsmPane;

use crate::aws::sts::CallerIdentity;
use crate::aws::{AwsContext, AwsEnvironment};

/// The panes, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    /// S3 buckets and objects.
    S3,
    /// VPCs, subnets and network interfaces.
    Network,
    /// SSM Parameter Store.
    Ssm,
    /// ECS clusters, services and tasks.
    Ecs,
}

impl Pane {
    /// Every pane in tab order.
    pub const ALL: [Self; 4] = [Self::S3, Self::Network, Self::Ssm, Self::Ecs];

    /// The tab label.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::S3 => "S3",
            Self::Network => "Network",
            Self::Ssm => "SSM",
            Self::Ecs => "ECS",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    fn cycle(self, step: isize) -> Self {
        let n = Self::ALL.len();
        let i = self.index().cast_signed() + step;
        Self::ALL[i.rem_euclid(n.cast_signed()).cast_unsigned()]
    }
}

/// Each pane's own state.
#[derive(Debug, Clone, Default)]
pub struct Panes {
    /// S3 buckets and objects.
    pub s3: S3Pane,
    /// VPCs, subnets and network interfaces.
    pub network: NetworkPane,
    /// SSM Parameter Store.
    pub ssm: SsmPane,
    /// ECS clusters, services and tasks.
    pub ecs: EcsPane,
}

/// Calls `$method` on the pane `$pane` of `$panes` with the given arguments.
macro_rules! on_pane {
    ($panes:expr, $pane:expr, $method:ident ( $($arg:expr),* )) => {
        match $pane {
            Pane::S3 => $panes.s3.$method($($arg),*),
            Pane::Network => $panes.network.$method($($arg),*),
            Pane::Ssm => $panes.ssm.$method($($arg),*),
            Pane::Ecs => $panes.ecs.$method($($arg),*),
        }
    };
}

impl Panes {
    /// Forgets every pane's data (a context switch).
    pub fn reset(&mut self) {
        for pane in Pane::ALL {
            on_pane!(self, pane, reset());
        }
    }

    /// Loads running across all panes.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        Pane::ALL.iter().map(|pane| on_pane!(self, *pane, in_flight())).sum()
    }

    /// Tells every pane how many rows are visible now.
    pub fn resized(&mut self, rows: usize) {
        for pane in Pane::ALL {
            on_pane!(self, pane, resized(rows));
        }
    }
}

/// Where the connection to AWS stands.
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
    /// Whether the help overlay is open.
    pub help_open: bool,
    /// The status-line message, if any.
    pub status: Option<StatusMessage>,
    /// Spinner frame, advanced by ticks while something loads.
    pub spinner: usize,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
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
            context,
            connection: Connection::Connecting,
            identity: None,
            identity_error: None,
            identity_request: None,
            read_only,
            pane: Pane::S3,
            panes: Panes::default(),
            help_open: false,
            status: None,
            spinner: 0,
            size,
            dirty: true,
            quit: false,
        }
    }

    /// The commands that start the app: connect to the initial context.
    pub fn start(&mut self) -> Vec<Command> {
        self.switch_context(self.context.clone())
    }

    /// Switches to `context`: a new generation, every load cancelled, every
    /// pane cleared, and a connection to the new context started. Nothing from
    /// the old context can reach the screen after this.
    pub fn switch_context(&mut self, context: AwsContext) -> Vec<Command> {
        self.generation += 1;
        self.context = context.clone();
        self.connection = Connection::Connecting;
        self.identity = None;
        self.identity_error = None;
        self.identity_request = None;
        self.panes.reset();
        self.dirty = true;
        vec![Command::CancelAll, Command::Connect { generation: self.generation, context }]
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
        usize::from(self.connection == Connection::Connecting)
            + usize::from(self.identity_request.is_some())
            + self.panes.in_flight()
    }

    /// Whether the spinner should turn.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.in_flight() > 0
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
        crate::ui::layout::list_rows(self.size.1)
    }

    /// The context a pane handles an event with, and the panes themselves.
    fn split(&mut self) -> (Ctx<'_>, &mut Panes) {
        let rows = self.list_rows();
        let ctx = Ctx {
            generation: self.generation,
            read_only: self.read_only,
            rows,
            next_request: &mut self.next_request,
            status: &mut self.status,
        };
        (ctx, &mut self.panes)
    }

    /// Applies one action and returns what the runtime should do.
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        match action {
            Action::Key(key) => {
                self.dirty = true;
                self.on_key(key)
            }
            Action::Resize(w, h) => {
                self.size = (w, h);
                let rows = self.list_rows();
                self.panes.resized(rows);
                self.dirty = true;
                Vec::new()
            }
            Action::Tick => {
                if self.is_busy() {
                    self.spinner = self.spinner.wrapping_add(1);
                    self.dirty = true;
                }
                Vec::new()
            }
            Action::Connected { generation, environment } => {
                if generation != self.generation {
                    return Vec::new();
                }
                self.connection = Connection::Connected(environment);
                self.dirty = true;
                let mut commands = vec![self.load_identity()];
                commands.extend(self.activate_pane());
                commands
            }
            Action::ConnectFailed { generation, error } => {
                if generation == self.generation {
                    self.connection = Connection::Failed(error);
                    self.dirty = true;
                }
                Vec::new()
            }
            Action::Loaded { slot, id, generation, payload, more } => {
                if generation != self.generation {
                    return Vec::new();
                }
                self.dirty = true;
                if let (Slot::Identity, Payload::Identity(identity)) = (&slot, &payload) {
                    if self.identity_request == Some(id) {
                        self.identity = Some(identity.clone());
                        self.identity_request = None;
                    }
                    return Vec::new();
                }
                let (mut ctx, panes) = self.split();
                match (slot, payload) {
                    (Slot::S3(slot), Payload::S3(payload)) => panes.s3.on_loaded(slot, id, payload, more, &mut ctx),
                    (Slot::Network(slot), Payload::Network(payload)) => {
                        panes.network.on_loaded(slot, id, payload, more, &mut ctx)
                    }
                    (Slot::Ssm(slot), Payload::Ssm(payload)) => panes.ssm.on_loaded(slot, id, payload, more, &mut ctx),
                    (Slot::Ecs(slot), Payload::Ecs(payload)) => panes.ecs.on_loaded(slot, id, payload, more, &mut ctx),
                    _ => Vec::new(),
                }
            }
            Action::LoadFailed { slot, id, generation, error } => {
                if generation == self.generation {
                    self.dirty = true;
                    let identity_request = self.identity_request;
                    let (mut ctx, panes) = self.split();
                    match slot {
                        Slot::Identity if identity_request == Some(id) => {
                            self.identity_request = None;
                            self.identity_error = Some(error);
                        }
                        Slot::Identity => {}
                        Slot::S3(slot) => panes.s3.on_failed(slot, id, error, &mut ctx),
                        Slot::Network(slot) => panes.network.on_failed(slot, id, error, &mut ctx),
                        Slot::Ssm(slot) => panes.ssm.on_failed(slot, id, error, &mut ctx),
                        Slot::Ecs(slot) => panes.ecs.on_failed(slot, id, error, &mut ctx),
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

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let ctrl_c = key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
            && key.code == crossterm::event::KeyCode::Char('c');
        let pane = self.pane;
        if !ctrl_c && !self.help_open && on_pane!(self.panes, pane, captures_input()) {
            self.status = None;
            let (mut ctx, panes) = self.split();
            return on_pane!(panes, pane, on_raw_key(key, &mut ctx));
        }
        let Some(action) = keymap::lookup(&key, self.pane) else {
            return Vec::new();
        };
        if self.help_open {
            return match action {
                KeyAction::Help | KeyAction::Back => {
                    self.help_open = false;
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
                self.help_open = true;
                Vec::new()
            }
            KeyAction::Suspend => vec![Command::Suspend],
            KeyAction::NextPane => self.go_to(self.pane.cycle(1)),
            KeyAction::PrevPane => self.go_to(self.pane.cycle(-1)),
            KeyAction::Pane(pane) => self.go_to(pane),
            KeyAction::Refresh => self.refresh(),
            other => {
                if self.environment().is_none() {
                    return Vec::new();
                }
                let (mut ctx, panes) = self.split();
                on_pane!(panes, pane, on_key(other, &mut ctx))
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
        on_pane!(panes, pane, activate(&mut ctx))
    }

    fn refresh(&mut self) -> Vec<Command> {
        match &self.connection {
            Connection::Connecting => Vec::new(),
            Connection::Failed(_) => self.switch_context(self.context.clone()),
            Connection::Connected(_) => {
                let mut commands = Vec::new();
                if self.identity.is_none() && self.identity_request.is_none() {
                    commands.push(self.load_identity());
                }
                let pane = self.pane;
                let (mut ctx, panes) = self.split();
                commands.extend(on_pane!(panes, pane, refresh(&mut ctx)));
                commands
            }
        }
    }

    fn load_identity(&mut self) -> Command {
        let (mut ctx, _) = self.split();
        let (id, command) = ctx.load(Slot::Identity, LoadRequest::Identity);
        self.identity_request = Some(id);
        self.identity_error = None;
        command
    }
}
