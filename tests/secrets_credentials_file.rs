//! A secret on a malformed line of the credentials file reaches no screen,
//! no `Debug` and no log. Profile `broken` writes its secret key with a colon
//! (`aws_secret_access_key: …`), which the parser cannot read: the problem is
//! reported by file, line and key name, never by the line's text, in the
//! connect error, in the `P` picker, in the app's `Debug`, in the provider's
//! error and in the binary's trace log.

#[path = "common/pty.rs"]
#[allow(dead_code, reason = "the harness has more than this test uses")]
mod pty;

use std::path::{Path, PathBuf};

use awscope::app::switch::Overlay;
use awscope::app::{Action, App, Command, Failure, Payload, Slot};
use awscope::aws::profiles::ProfilePaths;
use awscope::aws::profiles::catalog::parse_catalog;
use awscope::aws::{AwsContext, AwsProvider, ProviderOptions};
use awscope::testbed::harness::{self, context, press};
use crossterm::event::KeyCode;

/// Shaped as AWS's documented example secret key; on the malformed line.
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// The good profile's secret key, which must stay out of sight too.
const GOOD_SECRET: &str = "Gq7+Vx2/Lm9Rt4Wz8Yb3Nk6Hs1Pd5Jf0Cu2Ea7Tq";

const CONFIG: &str = "\
[default]
region = us-east-1

[profile good]
region = eu-west-1

[profile broken]
region = eu-west-2
";

/// Where the snapshots say the files are, whatever temp dir holds them.
const HOME: &str = "/home/me";

fn credentials() -> String {
    format!(
        "[good]\naws_access_key_id = AKIAGOODKEYID4827361\naws_secret_access_key = {GOOD_SECRET}\n\n\
         [broken]\naws_access_key_id = AKIABROKENKEYID59173\naws_secret_access_key: {SECRET}\n"
    )
}

/// Any 6-character piece of either secret that `text` holds.
fn leaked(text: &str) -> Option<&'static str> {
    [SECRET, GOOD_SECRET]
        .into_iter()
        .flat_map(|secret| (0..=secret.len() - 6).map(move |i| &secret[i..i + 6]))
        .find(|piece| text.contains(piece))
}

fn assert_clean(what: &str, text: &str) {
    if let Some(piece) = leaked(text) {
        panic!("{what} holds {piece:?}, part of a secret:\n{text}");
    }
}

/// `dir/.aws/config` and `dir/.aws/credentials`, written.
fn write_files(dir: &Path) -> ProfilePaths {
    let aws = dir.join(".aws");
    std::fs::create_dir_all(&aws).expect("mkdir .aws");
    let paths = ProfilePaths { config: aws.join("config"), credentials: aws.join("credentials") };
    std::fs::write(&paths.config, CONFIG).expect("write config");
    std::fs::write(&paths.credentials, credentials()).expect("write credentials");
    paths
}

fn broken() -> AwsContext {
    context("broken")
}

/// The real provider's error for `broken`, with the temp dir shown as `/home/me`.
async fn connect_error(home: &Path) -> Failure {
    let paths = write_files(home);
    let options = ProviderOptions { profile_files: Some(paths), ..ProviderOptions::default() };
    let error = AwsProvider::connect(broken(), &options).await.expect_err("a malformed profile must not connect");
    let message = error.to_string();
    assert_clean("the provider's error", &message);
    assert_clean("the provider's error (Debug)", &format!("{error:?}"));
    assert!(message.contains("line 7"), "names the line: {message}");
    assert!(message.contains("aws_secret_access_key"), "names the key: {message}");
    let home = home.display().to_string();
    Failure::new(error.kind(), message.replace(&home, HOME))
}

#[tokio::test]
async fn the_connect_error_the_picker_and_the_app_state_hold_no_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let failure = connect_error(dir.path()).await;

    // Started with --profile broken: the connect error fills the screen.
    let mut app = App::new(broken(), false, (100, 30));
    app.start();
    app.update(Action::ConnectFailed { generation: 1, error: failure });
    let screen = harness::screen(&app);
    assert_clean("the connect error", &screen);
    insta::assert_snapshot!("connect_error", screen);

    // `P` lists the profiles and the unreadable line.
    let commands = press(&mut app, KeyCode::Char('P'));
    let id = commands
        .iter()
        .find_map(|c| match c {
            Command::Load { slot: Slot::Profiles, id, .. } => Some(*id),
            _ => None,
        })
        .expect("the profiles are loaded");
    let catalog = parse_catalog(
        &Path::new(HOME).join(".aws/config"),
        CONFIG,
        &Path::new(HOME).join(".aws/credentials"),
        &credentials(),
    );
    assert_eq!(catalog.problems.len(), 1, "{:?}", catalog.problems);
    app.update(Action::Loaded {
        slot: Slot::Profiles,
        id,
        generation: app.generation,
        payload: Payload::Profiles(Box::new(catalog)),
        more: false,
    });
    assert!(
        matches!(app.overlay(), Some(Overlay::Profiles(picker)) if picker.catalog.is_some()),
        "the picker has the catalog: {:?}",
        app.overlay()
    );
    let screen = harness::screen(&app);
    assert_clean("the profile picker", &screen);
    assert!(screen.contains("line 7"), "the picker shows the problem:\n{screen}");
    insta::assert_snapshot!("profile_picker", screen);

    // Nothing the app holds (the catalog, the error, the history) has it either.
    assert_clean("the app's Debug", &format!("{app:?}"));
    assert_clean("the app's Debug", &format!("{app:#?}"));
}

/// The real binary, logging at trace: started on `broken`, it shows the
/// connect error, then the picker, switches to `good` (whose keys the SDK
/// reads; its calls go to a closed local port), then quits. Neither secret is in the log
/// nor in any byte written to the terminal.
#[test]
fn the_binary_logs_no_secret_at_trace_level() {
    let home = tempfile::tempdir().expect("home");
    let paths = write_files(home.path());
    let log: PathBuf = home.path().join("trace.log");
    let log_arg = log.display().to_string();
    let mut session = pty::Session::spawn_with(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", "broken", "--endpoint-url", "http://127.0.0.1:9"],
        &[("AWSCOPE_LOG", "trace"), ("AWSCOPE_LOG_FILE", &log_arg)],
    );

    let screen = session.wait_for("the connect error", |s| s.contains("line 7"));
    assert_clean("the binary's connect error", &screen);
    session.send(b"P");
    let screen = session.wait_for("the profile picker", |s| s.contains("good") && s.contains("line 7"));
    assert_clean("the binary's picker", &screen);
    // Switching to the good profile has the SDK read the files (at trace),
    // then fail fast on a closed local port.
    session.send(b"good\r");
    // Every call fails after the SDK's retries (a second or two).
    let screen = session.wait_for("the good profile's first call to fail", |s| {
        s.contains("profile good") && s.contains("Could not reach AWS")
    });
    assert_clean("the good profile's screen", &screen);
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();
    assert_clean("the bytes written to the terminal", &String::from_utf8_lossy(&session.raw_bytes()));

    let text = std::fs::read_to_string(&log).expect("the log file");
    assert!(text.contains("TRACE") || text.contains("DEBUG"), "verbose logging was on:\n{text}");
    assert_clean("the trace log", &text);
}
