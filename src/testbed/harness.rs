//! The app driven without a terminal, for tests and benchmarks.
//!
//! Everything here goes through the app's public API the way the run loop
//! does: keys become [`Action::Key`], the loads the app asks for come back as
//! [`Action::Loaded`] / [`Action::LoadFailed`] with the request id and
//! context generation the app gave them, and the screen is drawn into a
//! ratatui [`TestBackend`].
//!
//! - Free functions for tests that hold an [`App`] themselves: a standard
//!   [`context`], [`environment`] and [`identity`], [`key`] events, [`press`]
//!   and [`type_text`], and the drawn [`screen`].
//! - [`Harness`]: an app that remembers the loads it issued, so a test
//!   answers them by slot ([`Harness::take`], [`Harness::deliver`],
//!   [`Harness::answer_with`]) or lets a [`World`] answer them, on request
//!   ([`Harness::answer`], [`Harness::settle`]) or as soon as they are issued
//!   ([`Harness::answered_by`]).
//! - [`Live`]: the app and the real loader, for tests against the emulator
//!   ([`emulator`]) or any endpoint the options point at.

use std::fmt::Debug;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::action::EditorOutcome;
use crate::app::registry::PaneSlot;
use crate::app::{Action, App, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use crate::aws::context::{AwsEnvironment, RegionSource};
use crate::aws::sts::CallerIdentity;
use crate::aws::{AwsContext, ErrorKind};

mod live;

pub use live::{Live, both_accounts, emulator, find_through_loader, provider};

/// The account of the standard [`identity`].
pub const ACCOUNT: &str = "123456789012";
/// The region of the standard [`environment`].
pub const REGION: &str = "us-east-1";

/// The context for the named profile, nothing else set.
#[must_use]
pub fn context(profile: &str) -> AwsContext {
    AwsContext { profile: Some(profile.into()), ..AwsContext::default() }
}

/// What a provider for `context` reports: [`REGION`], taken from the profile,
/// no endpoint override.
#[must_use]
pub fn environment(context: &AwsContext) -> AwsEnvironment {
    AwsEnvironment {
        context: context.clone(),
        region: REGION.into(),
        region_source: RegionSource::Profile,
        endpoint_url: None,
        sources: crate::aws::resolve::Sources::default(),
    }
}

/// An IAM user `demo` in [`ACCOUNT`], as STS reports it.
#[must_use]
pub fn identity() -> CallerIdentity {
    CallerIdentity {
        account: ACCOUNT.into(),
        arn: format!("arn:aws:iam::{ACCOUNT}:user/demo"),
        user_id: "AIDAEXAMPLE".into(),
    }
}

/// The key event a terminal sends for `code` (Shift with an upper-case letter).
#[must_use]
pub fn key_event(code: KeyCode) -> KeyEvent {
    let modifiers = match code {
        KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
        _ => KeyModifiers::NONE,
    };
    KeyEvent::new(code, modifiers)
}

/// A key press.
#[must_use]
pub fn key(code: KeyCode) -> Action {
    Action::Key(key_event(code))
}

/// A character key press.
#[must_use]
pub fn ch(c: char) -> Action {
    key(KeyCode::Char(c))
}

/// Ctrl and a character.
#[must_use]
pub fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Presses `code` on `app`; returns what the app asked for.
pub fn press(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(key(code))
}

/// Types `text` on `app` one key at a time (`\n` is Enter, `\x1b` Esc);
/// returns everything the app asked for.
pub fn type_text(app: &mut App, text: &str) -> Vec<Command> {
    text.chars().flat_map(|c| press(app, code_of(c))).collect()
}

/// The key a character of typed text stands for.
fn code_of(c: char) -> KeyCode {
    match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        c => KeyCode::Char(c),
    }
}

/// A test terminal of `size` (columns, rows).
///
/// # Panics
///
/// Never: a test backend always opens.
#[must_use]
pub fn terminal(size: (u16, u16)) -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(size.0, size.1)).expect("test terminal")
}

/// One full repaint of `app` on `terminal`, as when every cell changed.
///
/// # Panics
///
/// Never: drawing on a test backend cannot fail.
pub fn repaint(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.clear().expect("clear");
    terminal.draw(|f| crate::ui::render(app, f)).expect("draw");
}

/// `app` drawn at its own size, as text (one quoted row per line, as insta
/// snapshots hold it).
#[must_use]
pub fn screen(app: &App) -> String {
    screen_at(app, app.layout.size)
}

/// `app` drawn on a terminal of `size`, as text.
///
/// # Panics
///
/// Never: drawing on a test backend cannot fail.
#[must_use]
pub fn screen_at(app: &App, size: (u16, u16)) -> String {
    let mut terminal = terminal(size);
    terminal.draw(|f| crate::ui::render(app, f)).expect("draw");
    terminal.backend().to_string()
}

/// A place loads go: the app's [`Slot`], or a pane's own slot type, whose
/// requests and payloads the harness unwraps and wraps.
pub trait Place: Copy + Debug {
    /// What a load in this place asks for.
    type Request: Debug;
    /// What answers it.
    type Payload;
    /// The app's slot.
    fn slot(self) -> Slot;
    /// `request` as this place's own.
    ///
    /// # Panics
    ///
    /// When `request` belongs to another pane.
    fn request(request: LoadRequest) -> Self::Request;
    /// `payload` as the app takes it.
    fn payload(payload: Self::Payload) -> Payload;
}

impl Place for Slot {
    type Request = LoadRequest;
    type Payload = Payload;

    fn slot(self) -> Slot {
        self
    }

    fn request(request: LoadRequest) -> LoadRequest {
        request
    }

    fn payload(payload: Payload) -> Payload {
        payload
    }
}

/// [`Place`] for every pane's slot type (the registry declares them).
impl<T: PaneSlot> Place for T {
    type Request = T::Request;
    type Payload = T::Payload;

    fn slot(self) -> Slot {
        PaneSlot::slot(self)
    }

    fn request(request: LoadRequest) -> T::Request {
        T::request(request.clone()).unwrap_or_else(|| panic!("not a request of this pane: {request:?}"))
    }

    fn payload(payload: T::Payload) -> Payload {
        T::payload(payload)
    }
}

/// How the loader answers one load: pages, then perhaps a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// Each payload, and whether more follows it.
    pub pages: Vec<(Payload, bool)>,
    /// The failure that ends the load, if it fails.
    pub failure: Option<Failure>,
}

impl Reply {
    /// `payloads` in order, every one but the last saying more follows.
    #[must_use]
    pub fn pages(payloads: Vec<Payload>) -> Self {
        let n = payloads.len();
        Self { pages: payloads.into_iter().enumerate().map(|(i, p)| (p, i + 1 < n)).collect(), failure: None }
    }

    /// A load that fails at once.
    #[must_use]
    pub fn failed(failure: Failure) -> Self {
        Self { pages: Vec::new(), failure: Some(failure) }
    }

    /// A quiet failure for a load the test does not model, so nothing shows
    /// as in flight.
    #[must_use]
    pub fn out_of_scope() -> Self {
        Self::failed(Failure::new(ErrorKind::Other, "not part of this test"))
    }
}

/// Fixed data that answers loads as the loader would.
pub trait World {
    /// The answer to `request`, or `None` to leave the load waiting.
    fn answer(&mut self, request: &LoadRequest) -> Option<Reply>;
}

/// No world: every load waits for the test.
impl World for () {
    fn answer(&mut self, _: &LoadRequest) -> Option<Reply> {
        None
    }
}

impl<F: FnMut(&LoadRequest) -> Option<Reply>> World for F {
    fn answer(&mut self, request: &LoadRequest) -> Option<Reply> {
        self(request)
    }
}

/// An app driven through `App::update`, keeping track of what it asked for.
///
/// Loads wait in [`Harness::queued`] as the loader would run them: a new
/// load in a slot replaces the one waiting there, and a cancel drops it.
#[derive(Debug, Clone)]
pub struct Harness<W = ()> {
    /// The app.
    pub app: App,
    /// The data that answers loads, if any.
    pub world: W,
    /// What the last update returned.
    pub commands: Vec<Command>,
    /// Loads issued and not answered yet, oldest first.
    pub queued: Vec<Command>,
    /// Every command other than a load, in order.
    pub other: Vec<Command>,
    /// Every text copied to the clipboard, in order.
    pub copied: Vec<String>,
    /// Every load request issued, answered or not, in order.
    pub requests: Vec<(Slot, LoadRequest)>,
    /// Every load issued: its slot, id and generation.
    issued: Vec<(Slot, RequestId, u64)>,
    /// Whether the world answers loads as soon as they are issued.
    at_once: bool,
    /// Slots whose loads wait even so.
    held: Vec<Slot>,
}

impl Harness {
    /// An app for `context`, started (its connection asked for), not connected.
    #[must_use]
    pub fn new(context: AwsContext, read_only: bool, size: (u16, u16)) -> Self {
        let mut harness = Self {
            app: App::new(context, read_only, size),
            world: (),
            commands: Vec::new(),
            queued: Vec::new(),
            other: Vec::new(),
            copied: Vec::new(),
            requests: Vec::new(),
            issued: Vec::new(),
            at_once: false,
            held: Vec::new(),
        };
        let commands = harness.app.start();
        harness.absorb(commands.clone());
        harness.commands = commands;
        harness
    }

    /// The `demo` profile at `size`, [`connected`](Self::connected): the
    /// bucket list's load waits in [`Harness::queued`].
    #[must_use]
    pub fn demo(size: (u16, u16)) -> Self {
        Self::new(context("demo"), false, size).connected()
    }
}

impl<W: World> Harness<W> {
    /// Connected to the context asked for (its standard [`environment`]),
    /// the caller [`identity`] known.
    #[must_use]
    pub fn connected(mut self) -> Self {
        let (_, context) = self.app.pending.clone().expect("a connection is pending");
        self.connect(environment(&context));
        self.identify(identity());
        self
    }

    /// The pending connection comes up with `environment`.
    ///
    /// # Panics
    ///
    /// When no connection is pending.
    pub fn connect(&mut self, environment: AwsEnvironment) -> Vec<Command> {
        let (generation, _) = self.app.pending.clone().expect("a connection is pending");
        self.update(Action::Connected { generation, environment })
    }

    /// Answers the waiting caller identity load with `identity`.
    pub fn identify(&mut self, identity: CallerIdentity) {
        self.answer_with(Slot::Identity, vec![Payload::Identity(identity)]);
    }

    /// This app with `world`, which answers loads when asked
    /// ([`Harness::answer`], [`Harness::settle`]).
    pub fn with_world<V: World>(self, world: V) -> Harness<V> {
        Harness {
            app: self.app,
            world,
            commands: self.commands,
            queued: self.queued,
            other: self.other,
            copied: self.copied,
            requests: self.requests,
            issued: self.issued,
            at_once: false,
            held: self.held,
        }
    }

    /// This app with `world` answering every load as soon as it is issued
    /// (and the loads waiting now), except in [held](Harness::hold) slots.
    pub fn answered_by<V: World>(self, world: V) -> Harness<V> {
        let mut harness = self.with_world(world);
        harness.at_once = true;
        harness.settle();
        harness
    }

    /// Applies `action`; returns what the app asked for (also in
    /// [`Harness::commands`]).
    pub fn update(&mut self, action: Action) -> Vec<Command> {
        let commands = self.app.update(action);
        self.commands.clone_from(&commands);
        self.absorb(commands.clone());
        commands
    }

    /// Opens `target` as a deep link or another pane would.
    pub fn open(&mut self, target: crate::app::goto::Target) -> Vec<Command> {
        let commands = self.app.open_target(target);
        self.commands.clone_from(&commands);
        self.absorb(commands.clone());
        commands
    }

    /// Presses `event`.
    pub fn press(&mut self, event: KeyEvent) -> Vec<Command> {
        self.update(Action::Key(event))
    }

    /// Presses `code`.
    pub fn key(&mut self, code: KeyCode) -> Vec<Command> {
        self.update(key(code))
    }

    /// Presses the character `c`.
    pub fn ch(&mut self, c: char) -> Vec<Command> {
        self.update(ch(c))
    }

    /// Presses Ctrl and `c`.
    pub fn ctrl(&mut self, c: char) -> Vec<Command> {
        self.update(ctrl(c))
    }

    /// Types `text` one key at a time (`\n` is Enter, `\x1b` Esc).
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(code_of(c));
        }
    }

    /// The load the last update issued whose request `want` accepts.
    ///
    /// # Panics
    ///
    /// When there is none.
    pub fn load(&self, want: impl Fn(&LoadRequest) -> bool) -> (Slot, RequestId) {
        self.commands
            .iter()
            .find_map(|c| match c {
                Command::Load { slot, id, request, .. } if want(request) => Some((*slot, *id)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no such load in {:?}", self.commands))
    }

    /// Whether a load waits in `slot`.
    pub fn has<P: Place>(&self, slot: P) -> bool {
        let slot = slot.slot();
        self.queued.iter().any(|c| matches!(c, Command::Load { slot: s, .. } if *s == slot))
    }

    /// Takes the load waiting in `slot`: its id and request.
    ///
    /// # Panics
    ///
    /// When no load waits there.
    pub fn take<P: Place>(&mut self, slot: P) -> (RequestId, P::Request) {
        let want = slot.slot();
        let at = self
            .queued
            .iter()
            .position(|c| matches!(c, Command::Load { slot: s, .. } if *s == want))
            .unwrap_or_else(|| panic!("no {slot:?} load waits: {:?}", self.queued));
        match self.queued.remove(at) {
            Command::Load { id, request, .. } => (id, P::request(request)),
            _ => unreachable!("only loads wait"),
        }
    }

    /// The id of the newest load issued in `slot`, waiting or not.
    ///
    /// # Panics
    ///
    /// When none was issued there.
    pub fn latest<P: Place>(&self, slot: P) -> RequestId {
        let want = slot.slot();
        self.issued
            .iter()
            .rev()
            .find(|(s, _, _)| *s == want)
            .map(|(_, id, _)| *id)
            .unwrap_or_else(|| panic!("no {slot:?} load was issued"))
    }

    /// Delivers `payload` for request `id` in `slot`, under the generation
    /// that request was issued with.
    pub fn deliver<P: Place>(&mut self, slot: P, id: RequestId, payload: P::Payload, more: bool) -> Vec<Command> {
        let (slot, generation) = (slot.slot(), self.generation_of(slot.slot(), id));
        self.update(Action::Loaded { slot, id, generation, payload: P::payload(payload), more })
    }

    /// Fails request `id` in `slot` with `error`.
    pub fn fail<P: Place>(&mut self, slot: P, id: RequestId, error: Failure) -> Vec<Command> {
        let (slot, generation) = (slot.slot(), self.generation_of(slot.slot(), id));
        self.update(Action::LoadFailed { slot, id, generation, error })
    }

    /// Answers the load waiting in `slot` with `payloads`, every one but the
    /// last saying more follows.
    pub fn answer_with<P: Place>(&mut self, slot: P, payloads: Vec<P::Payload>) {
        let (id, _) = self.take(slot);
        let n = payloads.len();
        for (i, payload) in payloads.into_iter().enumerate() {
            self.deliver(slot, id, payload, i + 1 < n);
        }
    }

    /// Fails the load waiting in `slot` with `error`.
    pub fn refuse<P: Place>(&mut self, slot: P, error: Failure) {
        let (id, _) = self.take(slot);
        self.fail(slot, id, error);
    }

    /// Answers the load waiting in `slot` from the world.
    ///
    /// # Panics
    ///
    /// When no load waits there or the world has no answer.
    pub fn answer<P: Place>(&mut self, slot: P) {
        let (id, request) = self.take(slot.slot());
        let reply = self.world.answer(&request).unwrap_or_else(|| panic!("the world cannot answer {request:?}"));
        let (slot, generation) = (slot.slot(), self.generation_of(slot.slot(), id));
        self.reply(slot, id, generation, reply);
    }

    /// Answers waiting loads from the world, oldest first, and the loads
    /// those answers start, until every load left is one the world leaves
    /// (or one in a held slot).
    pub fn settle(&mut self) {
        let mut at = 0;
        while let Some(Command::Load { slot, id, generation, request }) = self.queued.get(at) {
            let (slot, id, generation) = (*slot, *id, *generation);
            // Asked once per load: a world may change as it answers (a write).
            let reply = if self.held.contains(&slot) { None } else { self.world.answer(request) };
            match reply {
                Some(reply) => {
                    self.queued.remove(at);
                    self.reply(slot, id, generation, reply);
                    at = 0;
                }
                None => at += 1,
            }
        }
    }

    /// Leaves loads in `slot` waiting, even with a world answering at once.
    pub fn hold<P: Place>(&mut self, slot: P) {
        self.held.push(slot.slot());
    }

    /// Stops holding any slot and [settles](Harness::settle).
    pub fn release(&mut self) {
        self.held.clear();
        self.settle();
    }

    /// Answers the newest editor request with `outcome`.
    ///
    /// # Panics
    ///
    /// When the app never asked for the editor, or its pane takes no text.
    pub fn editor_returns(&mut self, outcome: EditorOutcome) {
        let request = self
            .other
            .iter()
            .rev()
            .find_map(|c| match c {
                Command::EditInEditor(request) => Some(request.clone()),
                _ => None,
            })
            .expect("the app asked for the editor");
        let action = request.reply(outcome).expect("the pane takes editor results");
        self.update(action);
    }

    /// The status line's message, if any.
    #[must_use]
    pub fn status(&self) -> Option<&str> {
        self.app.status.as_ref().map(|s| s.text.as_str())
    }

    /// The screen at the app's size, as text.
    #[must_use]
    pub fn draw(&self) -> String {
        screen(&self.app)
    }

    /// The generation request `id` in `slot` was issued with (the current
    /// one for an id the app never issued).
    fn generation_of(&self, slot: Slot, id: RequestId) -> u64 {
        self.issued.iter().rev().find(|(s, i, _)| *s == slot && *i == id).map_or(self.app.generation, |(_, _, g)| *g)
    }

    /// Delivers `reply` to request `id`.
    fn reply(&mut self, slot: Slot, id: RequestId, generation: u64, reply: Reply) {
        for (payload, more) in reply.pages {
            let commands = self.app.update(Action::Loaded { slot, id, generation, payload, more });
            self.absorb(commands);
        }
        if let Some(error) = reply.failure {
            let commands = self.app.update(Action::LoadFailed { slot, id, generation, error });
            self.absorb(commands);
        }
    }

    /// Takes note of `commands` in order, answering loads at once when the
    /// world does (and the loads those answers start, before the next command).
    fn absorb(&mut self, commands: Vec<Command>) {
        for command in commands {
            match command {
                Command::Load { slot, id, generation, ref request } => {
                    self.requests.push((slot, request.clone()));
                    self.issued.push((slot, id, generation));
                    self.queued.retain(|c| !matches!(c, Command::Load { slot: s, .. } if *s == slot));
                    if self.at_once
                        && !self.held.contains(&slot)
                        && let Some(reply) = self.world.answer(request)
                    {
                        self.reply(slot, id, generation, reply);
                        continue;
                    }
                    self.queued.push(command);
                }
                Command::Cancel(slot) => {
                    self.queued.retain(|c| !matches!(c, Command::Load { slot: s, .. } if *s == slot));
                    self.other.push(command);
                }
                Command::CancelAll => {
                    self.queued.clear();
                    self.other.push(command);
                }
                Command::Copy(ref text) => {
                    self.copied.push(text.clone());
                    self.other.push(command);
                }
                other => self.other.push(other),
            }
        }
    }
}
