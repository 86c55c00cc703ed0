//! `awscope-demo`: awscope against a local, seeded AWS.
//!
//! Starts the moto emulator, seeds two accounts (see `awscope::testbed::seed`),
//! writes AWS config files whose `demo` and `demo-prod` profiles point at it,
//! and runs the `awscope` binary next to this one with `--profile demo` and
//! any arguments given here. Nothing reaches real AWS: the child's AWS
//! environment variables are cleared and every profile sets `endpoint_url`.
//!
//! `--seed-only` seeds, prints the endpoint and config paths, and keeps the
//! emulator running until Ctrl-C, for trying things by hand.
//!
//! While the demo runs, a writer appends one access line a second to the log
//! stream of the `web` service's first task, so following its logs shows
//! something happening. It stops with the demo.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{ExitCode, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use std::time::Duration;

use awscope::aws::AwsProvider;
use awscope::testbed::seed::{self, SeedError, demo_line, now_ms, put_events, seed_find};
use awscope::testbed::{
    AccountReport, BASE_ACCOUNT, BASE_PROFILE, Emulator, SECOND_ACCOUNT, SECOND_PROFILE, Scale, seed_world,
};
use tokio::signal::unix::{SignalKind, signal};
use tokio::task::JoinHandle;

/// Environment variables that would point the child elsewhere than the
/// emulator's profiles (or override their region).
const CLEARED_ENV: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
];

/// `--help` text; awscope's own help follows it.
fn usage() -> String {
    format!(
        "awscope-demo: awscope against a local, seeded AWS (the moto emulator).

Usage: awscope-demo [--seed-only] [AWSCOPE OPTIONS]

  --seed-only   seed, print the endpoint and AWS config paths, and keep the
                emulator running until Ctrl-C (no TUI)

Every other argument goes to awscope, after `--profile {BASE_PROFILE}` unless you pass
--profile yourself. Profiles: {BASE_PROFILE} (account {BASE_ACCOUNT}) and {SECOND_PROFILE}
(a role in account {SECOND_ACCOUNT}). awscope's own options:
"
    )
}

type DemoResult<T> = Result<T, Box<dyn std::error::Error>>;

#[tokio::main]
async fn main() -> ExitCode {
    let mut seed_only = false;
    let forwarded: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|arg| {
            let ours = arg == "--seed-only";
            seed_only |= ours;
            !ours
        })
        .collect();
    let progress = Arc::new(AtomicBool::new(true));
    init_progress_log(Arc::clone(&progress));
    match run(seed_only, forwarded, &progress).await {
        Ok(code) => code,
        Err(e) => {
            progress.store(false, Ordering::SeqCst);
            eprintln!("awscope-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(seed_only: bool, forwarded: Vec<OsString>, progress: &AtomicBool) -> DemoResult<ExitCode> {
    let awscope = awscope_binary()?;
    if forwarded.iter().any(|a| a == "--help" || a == "-h") {
        progress.store(false, Ordering::SeqCst);
        println!("{}", usage());
        let status = tokio::process::Command::new(&awscope).arg("--help").status().await?;
        return Ok(exit_code(status));
    }
    // Ctrl-C while starting or seeding drops the half-built world, emulator included.
    let setup = async {
        eprintln!("awscope-demo: starting the moto emulator…");
        let mut emulator = Emulator::start().await?;
        eprintln!("awscope-demo: moto is up at {} (its log: {})", emulator.endpoint(), emulator.log_path().display());
        eprintln!("awscope-demo: seeding two accounts (takes half a minute or so; Ctrl-C aborts)…");
        let base = emulator.provider(BASE_PROFILE).await?;
        let second = emulator.provider(SECOND_PROFILE).await?;
        let seeded = async {
            let report = seed_world(&base, &second, Scale::Demo).await?;
            // Something to find in three regions of both accounts (`:find -a payments`).
            let found = seed_find(&base, &second).await?;
            Ok::<_, SeedError>((report, found))
        };
        match seeded.await {
            Ok((report, found)) => DemoResult::Ok((emulator, report, found, base)),
            Err(e) => {
                emulator.keep_files();
                let log = emulator.log_path().display();
                Err(format!("{e}\nThe end of moto's log ({log}):\n{}", emulator.log_tail(25)).into())
            }
        }
    };
    let (emulator, report, found, base) = tokio::select! {
        ready = setup => ready?,
        _ = tokio::signal::ctrl_c() => return Err("interrupted; the emulator is stopped".into()),
    };
    eprintln!("awscope-demo: seeded in {:.1}s", report.elapsed.as_secs_f64());
    eprintln!("  {}", report.base);
    eprintln!("  {}", report.second);
    eprintln!(
        "  to find: {} in {} ({}), \"{}\" in both accounts (:find -a {})",
        found.eni_id,
        found.vpc.region,
        seed::FIND_IP,
        seed::FIND_TEXT,
        seed::FIND_TEXT
    );
    // Aborted when dropped: on every way out of here, and before the emulator stops.
    let writer = log_writer(&base, &report.base);

    if seed_only {
        progress.store(false, Ordering::SeqCst);
        print_seed_only(&emulator)?;
        wait_for_stop().await?;
        eprintln!("awscope-demo: stopping the emulator");
        drop(writer);
        drop(emulator);
        return Ok(ExitCode::SUCCESS);
    }

    let mut args: Vec<OsString> = Vec::new();
    if !forwarded.iter().any(|a| a == "--profile" || a.to_string_lossy().starts_with("--profile=")) {
        args.extend(["--profile".into(), BASE_PROFILE.into()]);
    }
    args.extend(forwarded);
    eprintln!(
        "awscope-demo: starting {} {} (profiles: {BASE_PROFILE}, {SECOND_PROFILE} = a role in account {SECOND_ACCOUNT})",
        awscope.display(),
        args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>().join(" ")
    );
    // From here on the terminal belongs to the TUI.
    progress.store(false, Ordering::SeqCst);
    let status = run_awscope(&awscope, &args, &emulator).await?;
    drop(writer);
    drop(emulator);
    Ok(exit_code(status))
}

/// Stops the task it holds when dropped.
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Appends one line a second to the stream of the `web` service's first task
/// until dropped. Failures are logged (never printed: the TUI owns the
/// terminal) and the writer goes on.
fn log_writer(provider: &AwsProvider, report: &AccountReport) -> Option<AbortOnDrop> {
    let task = report.clusters.iter().flat_map(|c| &c.task_logs).find(|t| t.service.as_deref() == Some("web"))?;
    let (group, stream, logs) = (task.group.clone(), task.stream.clone(), provider.logs());
    eprintln!("awscope-demo: appending a line a second to {group} {stream}");
    Some(AbortOnDrop(tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        for i in 0.. {
            tick.tick().await;
            if let Err(e) = put_events(&logs, &group, &stream, &[(now_ms(), demo_line(i))]).await {
                tracing::debug!(error = %e, "the demo's log writer could not put an event");
            }
        }
    })))
}

/// The `awscope` binary built alongside this one.
fn awscope_binary() -> DemoResult<PathBuf> {
    let path = std::env::current_exe()?.with_file_name("awscope");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!("{} not found; build it first: cargo build --bins (or run scripts/demo)", path.display()).into())
    }
}

/// Runs awscope on the inherited terminal until it exits. Ctrl-C belongs to
/// the TUI, so SIGINT is ignored here; SIGTERM and SIGHUP are passed on so it
/// can restore the terminal before it goes.
async fn run_awscope(awscope: &PathBuf, args: &[OsString], emulator: &Emulator) -> DemoResult<ExitStatus> {
    let paths = emulator.profile_paths();
    let mut command = tokio::process::Command::new(awscope);
    command
        .args(args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .env("AWS_CONFIG_FILE", &paths.config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &paths.credentials);
    for var in CLEARED_ENV {
        command.env_remove(var);
    }
    for (var, _) in std::env::vars_os() {
        if var.to_string_lossy().starts_with("AWS_ENDPOINT_URL") {
            command.env_remove(var);
        }
    }
    let mut child = command.spawn().map_err(|e| format!("could not start {}: {e}", awscope.display()))?;
    let pid = child.id();

    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    loop {
        tokio::select! {
            status = child.wait() => return Ok(status?),
            _ = sigint.recv() => {}
            _ = sigterm.recv() => forward(pid, libc::SIGTERM),
            _ = sighup.recv() => forward(pid, libc::SIGHUP),
        }
    }
}

fn forward(pid: Option<u32>, signal: libc::c_int) {
    if let Some(pid) = pid.and_then(|p| libc::pid_t::try_from(p).ok()) {
        // SAFETY: kill(2) has no memory-safety preconditions; the child has not
        // been reaped yet (we are still waiting on it), so the pid is its.
        unsafe {
            libc::kill(pid, signal);
        }
    }
}

fn exit_code(status: ExitStatus) -> ExitCode {
    let code = status.code().or_else(|| status.signal().map(|s| 128 + s)).unwrap_or(1);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}

fn print_seed_only(emulator: &Emulator) -> io::Result<()> {
    let paths = emulator.profile_paths();
    let awscope = std::env::current_exe().map_or_else(|_| "awscope".into(), |p| p.with_file_name("awscope"));
    let mut out = io::stdout().lock();
    writeln!(out, "endpoint:         {}", emulator.endpoint())?;
    writeln!(out, "AWS config:       {}", paths.config.display())?;
    writeln!(out, "AWS credentials:  {}", paths.credentials.display())?;
    writeln!(out, "moto log:         {}", emulator.log_path().display())?;
    writeln!(
        out,
        "profiles:         {BASE_PROFILE} (static keys), {SECOND_PROFILE} (role in account {SECOND_ACCOUNT})"
    )?;
    writeln!(
        out,
        "try:              AWS_CONFIG_FILE={} AWS_SHARED_CREDENTIALS_FILE={} {} --profile {BASE_PROFILE}",
        paths.config.display(),
        paths.credentials.display(),
        awscope.display()
    )?;
    writeln!(out, "Press Ctrl-C to stop the emulator.")?;
    out.flush()
}

async fn wait_for_stop() -> io::Result<()> {
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    tokio::select! {
        result = tokio::signal::ctrl_c() => result,
        _ = sigterm.recv() => Ok(()),
        _ = sighup.recv() => Ok(()),
    }
}

/// Seeding progress (the test bed's `tracing` events) on stderr, only while
/// `enabled`: once the TUI owns the terminal, nothing else may write to it.
fn init_progress_log(enabled: Arc<AtomicBool>) {
    let writer = move || -> Box<dyn Write> {
        if enabled.load(Ordering::SeqCst) { Box::new(io::stderr()) } else { Box::new(io::sink()) }
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("awscope::testbed=info"))
        .with_writer(writer)
        .with_ansi(io::stderr().is_terminal())
        .without_time()
        .with_target(false)
        .with_level(false)
        .try_init();
}
