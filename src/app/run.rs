//! The event loop: one `tokio::select!` over terminal events, loader results,
//! signals and a spinner tick that exists only while something loads.
//!
//! The loop never awaits an AWS call. It draws only when the state changed,
//! and drains every pending result before drawing, so a burst of pages costs
//! one frame.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::loader::Loader;
use super::mouse::ClickTracker;
use super::{Action, App, Command, Pane};
use crate::cli::Args;
use crate::terminal::{self, Tui};

mod editor;
mod opener;

/// How often the spinner turns while something loads.
const TICK: Duration = Duration::from_millis(120);

/// Runs awscope until the user quits or a signal arrives; returns the exit
/// status (0, or 128 + the signal number).
///
/// # Errors
/// When the terminal cannot be set up or written to.
pub async fn run(args: Args) -> io::Result<u8> {
    let loaded = crate::config::load(args.config.as_deref());
    loaded.log();
    let palette = crate::ui::theme::Palette::select(loaded.config.theme, crate::ui::theme::no_color_requested());
    crate::ui::theme::set(palette);
    terminal::set_mouse(loaded.config.mouse);
    terminal::install_panic_hook();
    terminal::mark_ui_thread();
    let mut tui = terminal::enter()?;
    let outcome = event_loop(&mut tui, &args, &loaded).await;
    terminal::restore();
    outcome
}

async fn event_loop(tui: &mut Tui, args: &Args, loaded: &crate::config::Loaded) -> io::Result<u8> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let config = &loaded.config;
    let options = crate::aws::ProviderOptions {
        timeouts: config.timeouts,
        page_sizes: config.page_sizes,
        ..args.provider_options()
    };
    let mut loader = Loader::new(tx, options);
    let size = tui.size()?;
    let mut app = App::new(args.context(), args.read_only, (size.width, size.height));
    loaded.apply(&mut app);
    if let Some(target) = args.target() {
        // Not connected yet: the target waits and is the first thing loaded.
        app.open_target(target);
    }
    if let Ok(state) = std::fs::read_to_string(state_path()) {
        app.restore_state(&state);
    }

    let mut events = EventStream::new();
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut exit_code = 0u8;
    let mut clicks = ClickTracker::default();
    let mut auto_refresh = RefreshTimer::default();

    let mut pending: Vec<Command> = app.start();
    loop {
        // A queue, because an editor's result can ask for more commands.
        let mut queue: VecDeque<Command> = pending.drain(..).collect();
        while let Some(command) = queue.pop_front() {
            match command {
                Command::Suspend => {
                    terminal::suspend(tui)?;
                    // Whatever time passed while stopped, the next refresh is a full interval away.
                    auto_refresh.restart();
                    app.update(Action::Resize(tui.size()?.width, tui.size()?.height));
                }
                Command::Copy(text) => terminal::copy_to_clipboard(&text)?,
                Command::OpenUrl(url) => {
                    if let Err(message) = opener::open(&url) {
                        queue.extend(app.update(Action::ExternalFinished { ok: false, message }));
                    }
                }
                Command::EditInEditor(request) => {
                    // The event stream's reader thread would take the keys
                    // meant for the editor, so it stops while the editor runs.
                    drop(events);
                    let outcome = editor::edit(tui, &request).await;
                    events = EventStream::new();
                    auto_refresh.restart();
                    app.update(Action::Resize(tui.size()?.width, tui.size()?.height));
                    if let Some(action) = request.reply(outcome?) {
                        queue.extend(app.update(action));
                    }
                }
                Command::RunExternal { program, args } => {
                    drop(events);
                    terminal::restore();
                    eprintln!("awscope: running {program} {} (awscope resumes when it ends)…", args.join(" "));
                    let status = tokio::process::Command::new(&program).args(&args).status().await;
                    *tui = terminal::enter()?;
                    events = EventStream::new();
                    auto_refresh.restart();
                    app.update(Action::Resize(tui.size()?.width, tui.size()?.height));
                    let command_line = format!("{program} {}", args.join(" "));
                    let (ok, message) = match status {
                        Ok(s) if s.success() => (true, format!("{command_line} succeeded; retrying.")),
                        Ok(s) => {
                            (false, format!("{command_line} failed ({s}); run it in another terminal, then press r."))
                        }
                        Err(e) if e.kind() == io::ErrorKind::NotFound => (
                            false,
                            format!(
                                "The aws CLI is not installed here; run `{command_line}` where it is, then press r."
                            ),
                        ),
                        Err(e) => (
                            false,
                            format!("Could not run {command_line}: {e}. Run it in another terminal, then press r."),
                        ),
                    };
                    queue.extend(app.update(Action::ExternalFinished { ok, message }));
                }
                Command::SaveState(json) => {
                    let path = state_path();
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = write_state(&path, &json) {
                            tracing::warn!(path = %path.display(), error = %e, "could not save the state file");
                        }
                    });
                }
                Command::Quit => {}
                other => loader.execute(other),
            }
        }
        if app.should_quit() {
            break;
        }
        if app.take_dirty() {
            tui.draw(|frame| crate::ui::render(&app, frame))?;
        }

        auto_refresh.arm(app.pane, app.auto_refresh.for_pane(app.pane), tokio::time::Instant::now());
        let refresh_at = auto_refresh.deadline();
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match to_action(event, &mut clicks) {
                    Some(action) => action,
                    None => continue,
                },
                // The terminal is gone (closed pty): leave as if hung up.
                Some(Err(_)) | None => {
                    exit_code = 128 + 1;
                    Action::Quit
                }
            },
            Some(action) = rx.recv() => action,
            _ = tick.tick(), if app.is_busy() => Action::Tick,
            () = tokio::time::sleep_until(refresh_at.unwrap_or_else(far_future)), if refresh_at.is_some() => {
                auto_refresh.fired(tokio::time::Instant::now());
                Action::AutoRefresh
            }
            _ = sigterm.recv() => { exit_code = 128 + 15; Action::Quit }
            _ = sighup.recv() => { exit_code = 128 + 1; Action::Quit }
            _ = sigint.recv() => { exit_code = 128 + 2; Action::Quit }
        };
        pending.extend(app.update(action));
        while let Ok(action) = rx.try_recv() {
            pending.extend(app.update(action));
        }
    }
    tracing::info!(exit_code, "awscope leaving");
    Ok(exit_code)
}

fn to_action(event: Event, clicks: &mut ClickTracker) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        // Only what the app reacts to: motion and drags would wake the loop for nothing.
        Event::Mouse(mouse)
            if matches!(
                mouse.kind,
                MouseEventKind::Down(MouseButton::Left) | MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
            ) =>
        {
            Some(Action::Mouse(clicks.input(mouse, std::time::Instant::now())))
        }
        _ => None,
    }
}

/// A deadline that never comes, for the disabled timer branch.
fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400 * 365)
}

/// The auto-refresh timer of the pane on screen: armed for a full interval
/// when the pane (or its interval) changes, re-armed each time it fires, and
/// restarted after the terminal was handed away (Ctrl-Z, an editor), so it
/// never fires into a suspended terminal nor the moment awscope resumes.
#[derive(Debug, Clone, Copy, Default)]
struct RefreshTimer {
    armed: Option<(Pane, Duration, tokio::time::Instant)>,
}

impl RefreshTimer {
    /// Keeps the deadline when `pane` and `every` are unchanged; otherwise
    /// arms a full interval from `now` (or disarms, when `every` is `None`).
    fn arm(&mut self, pane: Pane, every: Option<Duration>, now: tokio::time::Instant) {
        self.armed = match (every, self.armed) {
            (None, _) => None,
            (Some(every), Some((p, e, at))) if p == pane && e == every => Some((p, e, at)),
            (Some(every), _) => Some((pane, every, now + every)),
        };
    }

    /// When it fires next, if armed.
    fn deadline(&self) -> Option<tokio::time::Instant> {
        self.armed.map(|(_, _, at)| at)
    }

    /// It fired at `now`: the next one is a full interval later.
    fn fired(&mut self, now: tokio::time::Instant) {
        if let Some((_, every, at)) = &mut self.armed {
            *at = now + *every;
        }
    }

    /// Forgets the deadline; the next [`RefreshTimer::arm`] starts afresh.
    fn restart(&mut self) {
        self.armed = None;
    }
}

/// The small state file: recent roles and regions, never credentials.
fn state_path() -> std::path::PathBuf {
    crate::logging::default_path().with_file_name("state.json")
}

fn write_state(path: &std::path::Path, json: &str) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new().create(true).write(true).truncate(true).mode(0o600).open(path)?;
    file.write_all(json.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refresh_timer_follows_the_pane_and_restarts_after_a_suspend() {
        let t0 = tokio::time::Instant::now();
        let every = Duration::from_secs(30);
        let mut timer = RefreshTimer::default();
        timer.arm(Pane::S3, None, t0);
        assert_eq!(timer.deadline(), None, "no interval, no timer");
        timer.arm(Pane::S3, Some(every), t0);
        assert_eq!(timer.deadline(), Some(t0 + every));
        // Re-arming with the same pane keeps the deadline.
        timer.arm(Pane::S3, Some(every), t0 + Duration::from_secs(10));
        assert_eq!(timer.deadline(), Some(t0 + every));
        timer.fired(t0 + every);
        assert_eq!(timer.deadline(), Some(t0 + every + every));
        // Another pane starts a full interval.
        let t1 = t0 + Duration::from_secs(45);
        timer.arm(Pane::Ecs, Some(every), t1);
        assert_eq!(timer.deadline(), Some(t1 + every));
        // After a suspend the deadline is a full interval from the resume,
        // not the one that passed while stopped.
        timer.restart();
        let resumed = t1 + Duration::from_secs(600);
        timer.arm(Pane::Ecs, Some(every), resumed);
        assert_eq!(timer.deadline(), Some(resumed + every));
    }
}
