//! All UI state and the pure state machine over it.
//!
//! `App::update` takes an [`Action`] and returns the [`Command`]s the runtime
//! should carry out. It never touches the SDK, tokio or the clock, which is
//! what lets tests drive the whole app without a terminal or a network.

pub mod action;
pub mod keymap;
pub mod listing;
pub mod loader;
pub mod run;

use crossterm::event::KeyEvent;

pub use action::{Action, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use keymap::KeyAction;
pub use listing::{Listing, LoadState};

use crate::aws::s3::Bucket;
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
    /// The S3 bucket list.
    pub buckets: Listing<Bucket>,
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
            buckets: Listing::default(),
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
        self.buckets.reset();
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
            + usize::from(self.buckets.is_loading())
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
                self.buckets.scroll_into_view(rows);
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
                let mut commands = vec![self.load(Slot::Identity)];
                commands.extend(self.load_pane_if_idle());
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
                if generation == self.generation {
                    self.on_loaded(slot, id, payload, more);
                }
                Vec::new()
            }
            Action::LoadFailed { slot, id, generation, error } => {
                if generation == self.generation {
                    self.on_failed(slot, id, error);
                }
                Vec::new()
            }
            Action::Quit => {
                self.quit = true;
                vec![Command::CancelAll, Command::Quit]
            }
        }
    }

    fn on_loaded(&mut self, slot: Slot, id: RequestId, payload: Payload, more: bool) {
        match (slot, payload) {
            (Slot::Identity, Payload::Identity(identity)) if self.identity_request == Some(id) => {
                self.identity = Some(identity);
                self.identity_request = None;
                self.dirty = true;
            }
            (Slot::Buckets, Payload::Buckets(page)) if self.buckets.accepts(id) => {
                self.buckets.push_page(page, more);
                self.dirty = true;
            }
            (Slot::Buckets, Payload::BucketRegions(regions)) if self.buckets.accepts(id) => {
                for (name, region) in regions {
                    if let Some(bucket) = self.buckets.items.iter_mut().find(|b| b.name == name) {
                        bucket.region = region;
                    }
                }
                if !more {
                    self.buckets.finish_keeping_rows();
                }
                self.dirty = true;
            }
            _ => {}
        }
    }

    fn on_failed(&mut self, slot: Slot, id: RequestId, error: Failure) {
        match slot {
            Slot::Identity if self.identity_request == Some(id) => {
                self.identity_request = None;
                self.identity_error = Some(error);
                self.dirty = true;
            }
            Slot::Buckets if self.buckets.accepts(id) => {
                self.buckets.fail(error);
                self.dirty = true;
            }
            _ => {}
        }
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let Some(action) = keymap::lookup(&key) else {
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
        let rows = self.list_rows();
        match action {
            KeyAction::Quit => return self.update(Action::Quit),
            KeyAction::Help => self.help_open = true,
            KeyAction::Suspend => return vec![Command::Suspend],
            KeyAction::NextPane => return self.go_to(self.pane.cycle(1)),
            KeyAction::PrevPane => return self.go_to(self.pane.cycle(-1)),
            KeyAction::Pane(pane) => return self.go_to(pane),
            KeyAction::Refresh => return self.refresh(),
            KeyAction::Back => return self.back(),
            KeyAction::Open => self.open(),
            KeyAction::Up => self.with_list(|l| l.move_by(-1, rows)),
            KeyAction::Down => self.with_list(|l| l.move_by(1, rows)),
            KeyAction::PageUp => self.with_list(|l| l.move_by(-rows.cast_signed(), rows)),
            KeyAction::PageDown => self.with_list(|l| l.move_by(rows.cast_signed(), rows)),
            KeyAction::Top => self.with_list(Listing::top),
            KeyAction::Bottom => self.with_list(|l| l.bottom(rows)),
        }
        Vec::new()
    }

    fn with_list(&mut self, f: impl FnOnce(&mut Listing<Bucket>)) {
        if self.pane == Pane::S3 {
            f(&mut self.buckets);
        }
    }

    fn go_to(&mut self, pane: Pane) -> Vec<Command> {
        self.pane = pane;
        self.load_pane_if_idle()
    }

    fn load_pane_if_idle(&mut self) -> Vec<Command> {
        if self.environment().is_none() {
            return Vec::new();
        }
        match self.pane {
            Pane::S3 if self.buckets.state == LoadState::Idle => vec![self.load(Slot::Buckets)],
            _ => Vec::new(),
        }
    }

    fn refresh(&mut self) -> Vec<Command> {
        match &self.connection {
            Connection::Connecting => Vec::new(),
            Connection::Failed(_) => self.switch_context(self.context.clone()),
            Connection::Connected(_) => {
                let mut commands = Vec::new();
                if self.identity.is_none() && self.identity_request.is_none() {
                    commands.push(self.load(Slot::Identity));
                }
                if self.pane == Pane::S3 {
                    commands.push(self.load(Slot::Buckets));
                }
                commands
            }
        }
    }

    fn back(&mut self) -> Vec<Command> {
        if self.pane == Pane::S3 && self.buckets.is_loading() {
            self.buckets.cancel();
            self.status = Some(StatusMessage {
                text: "Stopped loading S3 buckets; the list may be incomplete — press r to reload.".into(),
                is_error: false,
            });
            return vec![Command::Cancel(Slot::Buckets)];
        }
        Vec::new()
    }

    fn open(&mut self) {
        if self.pane == Pane::S3 {
            if let Some(bucket) = self.buckets.selected_item() {
                self.status = Some(StatusMessage {
                    text: format!("Browsing inside a bucket ({}) is not available in this version.", bucket.name),
                    is_error: false,
                });
            }
        }
    }

    /// Starts a load in `slot` under a fresh request id.
    fn load(&mut self, slot: Slot) -> Command {
        self.next_request += 1;
        let id = RequestId(self.next_request);
        let request = match slot {
            Slot::Identity => {
                self.identity_request = Some(id);
                self.identity_error = None;
                LoadRequest::Identity
            }
            Slot::Buckets => {
                self.buckets.start(id);
                LoadRequest::Buckets
            }
        };
        self.dirty = true;
        Command::Load { slot, id, generation: self.generation, request }
    }
}
