//! The real binary in a pseudo-terminal, hit by what a terminal program must
//! survive: SIGHUP (the terminal closed), SIGINT, and a panic inside a
//! background load (SIGTERM is in `e2e_pty.rs`). Each leaves the terminal as
//! a shell expects it.

mod common;

use std::path::PathBuf;

use awscope::testbed::harness;
use common::pty::Session;

/// A home with a config that names one profile without credentials, so the
/// app stays up showing an error and needs no emulator.
fn lonely_home() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let home = tempfile::tempdir().expect("home");
    let (config, credentials) = (home.path().join("config"), home.path().join("credentials"));
    std::fs::write(&config, "[profile lonely]\nregion = eu-west-1\n").expect("config");
    std::fs::write(&credentials, "").expect("credentials");
    (home, config, credentials)
}

fn signal_restores_the_terminal(signal: i32) {
    let (home, config, credentials) = lonely_home();
    let mut session = Session::spawn(home.path(), Some((&config, &credentials)), &["--profile", "nope"]);
    session.wait_for("the unknown-profile error", |s| s.contains("Profile nope is not defined"));
    session.signal(signal);
    let status = session.wait_exit();
    assert_eq!(status, 128 + u32::try_from(signal).expect("signal number"), "exit status reports the signal");
    session.assert_restored();
    let log = std::fs::read_to_string(home.path().join("state/awscope/awscope.log")).expect("log file");
    assert!(log.contains(&format!("exit_code={status}")), "the exit is logged:\n{log}");
}

#[test]
fn sighup_restores_the_terminal_and_reports_the_signal() {
    signal_restores_the_terminal(libc::SIGHUP);
}

/// SIGINT from outside (in raw mode Ctrl-C arrives as a key instead).
#[test]
fn sigint_restores_the_terminal_and_reports_the_signal() {
    signal_restores_the_terminal(libc::SIGINT);
}

/// `AWSCOPE_FAULT=loader-panic` (debug builds only) makes the first load
/// task panic: the app reports it as that load's error (here the bucket
/// list's) and carries on.
#[cfg(debug_assertions)]
#[test]
fn a_panicking_load_is_an_error_on_screen_not_a_crash() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime.block_on(harness::emulator());
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn_with(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", "demo"],
        &[("AWSCOPE_FAULT", "loader-panic")],
    );

    session.wait_for("the injected panic reported", |s| s.contains("injected loader panic"));
    // Everything after the panicking load still works: the account resolves.
    let screen = session.wait_for("the account id", |s| s.contains("123456789012"));
    assert!(screen.contains("injected loader panic"), "the error stays on screen:\n{screen}");
    let raw = String::from_utf8_lossy(&session.raw_bytes()).into_owned();
    assert!(!raw.contains("panicked at"), "no panic message is printed over the screen");

    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0 after the panic");
    session.assert_restored();
    let log = std::fs::read_to_string(home.path().join("state/awscope/awscope.log")).expect("log file");
    assert!(log.contains("background task panicked"), "the panic is logged");
}

/// Release builds compile the fault hook out: the variable does nothing.
#[cfg(not(debug_assertions))]
#[test]
fn release_builds_ignore_the_fault_variable() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime.block_on(harness::emulator());
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn_with(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", "demo"],
        &[("AWSCOPE_FAULT", "loader-panic")],
    );
    let screen = session.wait_for("the empty bucket list and the account", |s| {
        s.contains("No buckets in this account") && s.contains("123456789012")
    });
    assert!(!screen.contains("injected"), "{screen}");
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();
}
