//! The event loop: one `tokio::select!` over terminal events, loader results,
//! signals and a spinner tick that exists only while something loads.
//!
//! The loop never awaits an AWS call. It draws only when the state changed,
//! and drains every pending result before drawing, so a burst of pages costs
//! one frame.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::loader::Loader;
use super::{Action, App, Command};
use crate::cli::Args;
use crate::terminal::{self, Tui};

mod editor;

/// How often the spinner turns while something loads.
const TICK: Duration = Duration::from_millis(120);

/// Runs awscope until the user quits or a signal arrives; returns the exit
/// status (0, or 128 + the signal number).
///
/// # Errors
/// When the terminal cannot be set up or written to.
pub async fn run(args: Args) -> io::Result<u8> {
    terminal::install_panic_hook();
    terminal::mark_ui_thread();
    let mut tui = terminal::enter()?;
    let outcome = event_loop(&mut tui, &args).await;
    terminal::restore();
    outcome
}

async fn event_loop(tui: &mut Tui, args: &Args) -> io::Result<u8> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let mut loader = Loader::new(tx, args.provider_options());
    let size = tui.size()?;
    let mut app = App::new(args.context(), args.read_only, (size.width, size.height));
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

    let mut pending: Vec<Command> = app.start();
    loop {
        // A queue, because an editor's result can ask for more commands.
        let mut queue: VecDeque<Command> = pending.drain(..).collect();
        while let Some(command) = queue.pop_front() {
            match command {
                Command::Suspend => {
                    terminal::suspend(tui)?;
                    app.update(Action::Resize(tui.size()?.width, tui.size()?.height));
                }
                Command::Copy(text) => terminal::copy_to_clipboard(&text)?,
                Command::EditInEditor(request) => {
                    // The event stream's reader thread would take the keys
                    // meant for the editor, so it stops while the editor runs.
                    drop(events);
                    let outcome = editor::edit(tui, &request).await;
                    events = EventStream::new();
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

        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match to_action(event) {
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

fn to_action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
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
