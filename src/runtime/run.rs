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
use crate::app::mouse::ClickTracker;
use crate::app::{Action, App, ChildCredentials, Command, ExternalPurpose, Pane};
use crate::cli::Args;
use crate::runtime::terminal::{self, Tui};

mod editor;
mod external;
mod opener;

/// How often the spinner turns while something loads.
const TICK: Duration = Duration::from_millis(120);

/// Runs awscope until the user quits or a signal arrives; returns the exit
/// status (0, or 128 + the signal number). `local_offset` is the local time
/// zone, read before any thread started (`None` when it could not be told).
///
/// # Errors
/// When the terminal cannot be set up or written to.
pub async fn run(args: Args, local_offset: Option<time::UtcOffset>) -> io::Result<u8> {
    let loaded = crate::config::load(args.config.as_deref());
    loaded.log();
    let palette = crate::ui::theme::Palette::select(loaded.config.theme, crate::ui::theme::no_color_requested());
    crate::ui::theme::set(palette);
    terminal::set_mouse(loaded.config.mouse);
    terminal::install_panic_hook();
    terminal::mark_ui_thread();
    let mut tui = terminal::enter()?;
    let outcome = event_loop(&mut tui, &args, &loaded, local_offset).await;
    terminal::restore();
    outcome
}

async fn event_loop(
    tui: &mut Tui,
    args: &Args,
    loaded: &crate::config::Loaded,
    local_offset: Option<time::UtcOffset>,
) -> io::Result<u8> {
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
    app.local_offset = local_offset;
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
                        let purpose = ExternalPurpose::OpenUrl;
                        queue.extend(app.update(Action::ExternalFinished { purpose, ok: false, message }));
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
                Command::RunExternal { program, args, purpose, credentials } => {
                    drop(events);
                    terminal::restore();
                    eprintln!("awscope: running {program} {} (awscope resumes when it ends)…", args.join(" "));
                    let run = async {
                        let env = match credentials {
                            ChildCredentials::Inherited => Ok(Vec::new()),
                            ChildCredentials::Session { generation } => {
                                external::session_env(loader.provider(generation)).await
                            }
                        };
                        match env {
                            Ok(env) => external::run_external(&program, &args, &purpose, &env, None).await,
                            Err(message) => Action::ExternalFinished { purpose: purpose.clone(), ok: false, message },
                        }
                    };
                    tokio::pin!(run);
                    // Ctrl-C while the child has the terminal is the child's: drain it, never quit on it.
                    let finished = loop {
                        tokio::select! {
                            finished = &mut run => break finished,
                            _ = sigint.recv() => {}
                        }
                    };
                    *tui = terminal::enter()?;
                    events = EventStream::new();
                    auto_refresh.restart();
                    app.update(Action::Resize(tui.size()?.width, tui.size()?.height));
                    queue.extend(app.update(finished));
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

/// Writes the state file whole and private: into a temporary file created
/// 0600 beside it, then renamed over it, so every save leaves mode 0600 (even
/// over a file that was 0644) and a crash never leaves half a file.
fn write_state(path: &std::path::Path, json: &str) -> io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| std::path::Path::new("."));
    std::fs::create_dir_all(dir)?;
    // `tempfile` creates the file with mode 0600 and removes it on failure.
    let mut file = tempfile::Builder::new().prefix(".state.json.").tempfile_in(dir)?;
    file.write_all(json.as_bytes())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_state_file_is_private_on_every_save() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("awscope").join("state.json");
        let mode = |path: &std::path::Path| std::fs::metadata(path).expect("stat").permissions().mode() & 0o777;

        write_state(&path, "{\"first\":1}").expect("first save");
        assert_eq!(mode(&path), 0o600, "created private");

        // A file left readable by others (an older version, a copy, a chmod)…
        std::fs::write(&path, "{}").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write_state(&path, "{\"second\":2}").expect("second save");
        // …is private again after the next save, and holds exactly what was saved.
        assert_eq!(mode(&path), 0o600);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "{\"second\":2}");
        let left: Vec<_> = std::fs::read_dir(path.parent().expect("dir")).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind: {left:?}");
    }

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

#[cfg(test)]
mod external_tests {
    //! `L` for real: the `aws` on PATH is a script that records its arguments.

    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::external::run_external;
    use crate::app::s3::{S3Payload, S3Slot};
    use crate::app::{Action, App, Command, ExternalPurpose, Failure, Payload, Slot};
    use crate::aws::context::RegionSource;
    use crate::aws::s3::Bucket;
    use crate::aws::{AwsContext, AwsProvider, ErrorKind};

    const BUCKETS: Slot = Slot::S3(S3Slot::Buckets);

    /// A fake `aws` in `dir` that writes its arguments to `dir/args` and exits `status`.
    fn fake_aws(dir: &Path, status: u8) {
        let script = dir.join("aws");
        let record = dir.join("args");
        std::fs::write(&script, format!("#!/bin/sh\nprintf '%s\\n' \"$*\" > '{}'\nexit {status}\n", record.display()))
            .expect("write the script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    /// Runs the command, again if the fresh script was still open for writing
    /// in a process another test thread forked meanwhile (ETXTBSY).
    async fn run(program: &str, args: &[String], dir: &Path) -> Action {
        let mut outcome =
            run_external(program, args, &ExternalPurpose::SsoLogin, &Vec::new(), Some(dir.as_os_str())).await;
        for _ in 0..5 {
            match &outcome {
                Action::ExternalFinished { ok: false, message, .. } if message.contains("busy") => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    outcome =
                        run_external(program, args, &ExternalPurpose::SsoLogin, &Vec::new(), Some(dir.as_os_str()))
                            .await;
                }
                _ => break,
            }
        }
        outcome
    }

    fn key(app: &mut App, c: char) -> Vec<Command> {
        app.update(Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
    }

    fn load_of(commands: &[Command], want: Slot) -> Option<(crate::app::RequestId, u64)> {
        commands.iter().find_map(|c| match c {
            Command::Load { slot, id, generation, .. } if *slot == want => Some((*id, *generation)),
            _ => None,
        })
    }

    /// Connected to the SSO profile with two buckets on screen, then `r`
    /// fails because the SSO session expired.
    fn sso_expired_app() -> App {
        let context = AwsContext { profile: Some("corp-sso".into()), ..AwsContext::default() };
        let mut app = App::new(context.clone(), false, (100, 30));
        app.start();
        let config = aws_config::SdkConfig::builder().region(aws_config::Region::new("us-east-1")).build();
        let environment =
            AwsProvider::from_sdk_config(context, config, RegionSource::Profile, Vec::new()).environment().clone();
        let commands = app.update(Action::Connected { generation: 1, environment });
        let (id, _) = load_of(&commands, BUCKETS).expect("buckets load");
        let names = ["a", "b"].map(|n| Bucket { name: n.into(), created: None, region: None });
        let payload = Payload::S3(S3Payload::Buckets(names.to_vec()));
        app.update(Action::Loaded { slot: BUCKETS, id, generation: 1, payload, more: false });
        let (id, _) = load_of(&key(&mut app, 'r'), BUCKETS).expect("r reloads");
        let error = Failure { kind: ErrorKind::SsoExpired, message: "SSO session expired for profile corp-sso".into() };
        app.update(Action::LoadFailed { slot: BUCKETS, id, generation: 1, error });
        app
    }

    #[tokio::test]
    async fn l_runs_aws_sso_login_and_the_app_renews_and_retries() {
        let dir = tempfile::tempdir().expect("temp dir");
        fake_aws(dir.path(), 0);
        let mut app = sso_expired_app();

        let commands = key(&mut app, 'L');
        let [Command::RunExternal { program, args, .. }] = commands.as_slice() else { panic!("{commands:?}") };
        let finished = run(program, args, dir.path()).await;

        let recorded = std::fs::read_to_string(dir.path().join("args")).expect("the fake aws ran");
        assert_eq!(recorded, "sso login --profile corp-sso\n");
        assert!(matches!(&finished, Action::ExternalFinished { ok: true, .. }), "{finished:?}");

        let commands = app.update(finished);
        assert_eq!(commands, vec![Command::Renew { generation: 1, context: app.context.clone() }]);
        assert_eq!(app.panes.s3.buckets.items.len(), 2, "nothing cleared");
        let commands = app.update(Action::Renewed { generation: 1, context: app.context.clone(), expires: None });
        assert_eq!(load_of(&commands, BUCKETS).map(|(_, g)| g), Some(1), "the failed load, again: {commands:?}");
    }

    #[tokio::test]
    async fn a_failed_or_missing_aws_cli_changes_nothing_but_the_message() {
        let dir = tempfile::tempdir().expect("temp dir");
        fake_aws(dir.path(), 3);
        let mut app = sso_expired_app();
        let args: Vec<String> = ["sso", "login", "--profile", "corp-sso"].map(String::from).to_vec();

        let finished = run("aws", &args, dir.path()).await;
        assert!(matches!(&finished, Action::ExternalFinished { ok: false, message, .. } if message.contains("failed")));
        assert!(app.update(finished).is_empty());
        assert_eq!(app.credentials.sso_profile.as_deref(), Some("corp-sso"), "L is still armed");

        let empty = tempfile::tempdir().expect("temp dir");
        let finished = run("aws", &args, empty.path()).await;
        assert!(
            matches!(&finished, Action::ExternalFinished { ok: false, message, .. } if message.contains("not installed")),
            "{finished:?}"
        );
    }
}
