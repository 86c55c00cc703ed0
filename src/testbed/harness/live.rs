//! The app over the real loader, against the emulator (or any endpoint the
//! provider options point at): starting moto, providers for its profiles, and
//! [`Live`], which pumps loader results into the app as the run loop does.

use std::time::Duration;

use crossterm::event::KeyCode;
use tokio::sync::mpsc::UnboundedReceiver;

use super::{code_of, key, screen};
use crate::app::find::{FindPayload, FindRequest, FindSlot, FindSpec};
use crate::app::{Action, App, Command, LoadRequest, Payload, RequestId, Slot};
use crate::aws::{AwsContext, AwsProvider, ProviderOptions};
use crate::runtime::loader::Loader;
use crate::testbed::Emulator;

/// Runs the Find search `spec` through a real loader (connected first to
/// `spec.current`) with `options`: every payload it streams, up to the last,
/// and the time from the request to the last payload.
///
/// # Panics
///
/// When the connection or the search fails, or nothing arrives for two minutes.
pub async fn find_through_loader(options: ProviderOptions, spec: FindSpec) -> (Vec<FindPayload>, Duration) {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut loader = Loader::new(tx, options);
    let mut next = async || {
        tokio::time::timeout(Duration::from_secs(120), rx.recv())
            .await
            .expect("the loader answers within two minutes")
            .expect("the loader answers")
    };
    loader.execute(Command::Connect { generation: 1, context: spec.current.clone() });
    loop {
        match next().await {
            Action::Connected { .. } => break,
            Action::ConnectFailed { error, .. } => panic!("connect: {}", error.message),
            _ => {}
        }
    }
    let slot = Slot::Find(FindSlot::Search);
    let id = RequestId(7);
    let started = std::time::Instant::now();
    loader.execute(Command::Load { slot, id, generation: 1, request: LoadRequest::Find(FindRequest::Search(spec)) });
    let mut payloads = Vec::new();
    loop {
        match next().await {
            Action::Loaded { slot: s, id: i, payload: Payload::Find(payload), more, .. } if s == slot && i == id => {
                payloads.push(payload);
                if !more {
                    return (payloads, started.elapsed());
                }
            }
            Action::LoadFailed { error, .. } => panic!("the search failed: {}", error.message),
            _ => {}
        }
    }
}

/// Starts a fresh emulator (own port, own state).
///
/// # Panics
///
/// When moto is missing (with the install hint) or does not start.
pub async fn emulator() -> Emulator {
    match Emulator::start().await {
        Ok(emulator) => emulator,
        Err(e) => panic!("{e}"),
    }
}

/// A provider for `profile` from the emulator's config files.
///
/// # Panics
///
/// When the profile does not connect.
pub async fn provider(emulator: &Emulator, profile: &str) -> AwsProvider {
    match emulator.provider(profile).await {
        Ok(provider) => provider,
        Err(e) => panic!("profile {profile} should connect: {e}"),
    }
}

/// Providers for the emulator's base and second accounts.
pub async fn both_accounts(emulator: &Emulator) -> (AwsProvider, AwsProvider) {
    (provider(emulator, crate::testbed::BASE_PROFILE).await, provider(emulator, crate::testbed::SECOND_PROFILE).await)
}

/// How long [`Live`] waits for any one loader result before failing the test
/// with the screen.
const PATIENCE: Duration = Duration::from_secs(60);

/// The app at 160×40 and the real loader, pumped the way the run loop pumps
/// them (needs a tokio runtime).
pub struct Live {
    /// The app.
    pub app: App,
    loader: Loader,
    rx: UnboundedReceiver<Action>,
}

impl Live {
    /// An app for `context`, not started, over a loader with `options`
    /// (such as [`Emulator::provider_options`]).
    #[must_use]
    pub fn new(options: ProviderOptions, context: AwsContext) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self { app: App::new(context, false, (160, 40)), loader: Loader::new(tx, options), rx }
    }

    /// Hands `commands` to the loader without waiting for anything.
    pub fn run(&mut self, commands: Vec<Command>) {
        for command in commands {
            self.loader.execute(command);
        }
    }

    /// Feeds loader results to the app (and its commands to the loader)
    /// until `done` holds.
    pub async fn until(&mut self, mut done: impl FnMut(&App) -> bool) {
        while !done(&self.app) {
            let action = self.next_action().await;
            let commands = self.app.update(action);
            self.run(commands);
        }
    }

    /// Hands `commands` to the loader, then feeds results to the app until
    /// nothing is in flight.
    pub async fn settle(&mut self, commands: Vec<Command>) {
        self.run(commands);
        self.until(|app| !app.is_busy()).await;
    }

    /// Starts the app and settles.
    pub async fn start(&mut self) {
        let commands = self.app.start();
        self.settle(commands).await;
    }

    /// Presses `code` and hands what it starts to the loader without
    /// waiting; returns what the app asked for.
    pub fn key(&mut self, code: KeyCode) -> Vec<Command> {
        let commands = self.app.update(key(code));
        self.run(commands.clone());
        commands
    }

    /// Presses each key of `keys` (`\n` is Enter, `\x1b` Esc) and settles
    /// after each.
    pub async fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let commands = self.app.update(key(code_of(c)));
            self.settle(commands).await;
        }
    }

    /// The next action from the loader.
    ///
    /// # Panics
    ///
    /// When nothing arrives for a minute (with the screen), or the loader is gone.
    pub async fn next_action(&mut self) -> Action {
        match tokio::time::timeout(PATIENCE, self.rx.recv()).await {
            Ok(Some(action)) => action,
            Ok(None) => panic!("the loader went away"),
            Err(_) => panic!("nothing arrived for {PATIENCE:?}; the screen was:\n{}", self.screen()),
        }
    }

    /// An action the loader has already sent, if any, without waiting.
    pub fn pending_action(&mut self) -> Option<Action> {
        self.rx.try_recv().ok()
    }

    /// How many of the loader's tasks have not finished.
    #[must_use]
    pub fn running(&self) -> usize {
        self.loader.running()
    }

    /// The screen as text.
    #[must_use]
    pub fn screen(&self) -> String {
        screen(&self.app)
    }
}
