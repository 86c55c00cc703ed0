//! The real binary in a pseudo-terminal with a config file: the mouse
//! (captured while running, released on exit, off when the config says so),
//! `NO_COLOR`, and a broken config reported on the status line.

mod common;

use std::path::Path;

use awscope::testbed::emulator::Emulator;
use awscope::testbed::seed::{self, Account, Scale};
use common::pty::Session;

/// Mouse capture as crossterm turns it on and off (X10 button tracking).
const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

fn last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn write_config(home: &Path, text: &str) {
    let dir = home.join(".config/awscope");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(dir.join("config.toml"), text).expect("config file");
}

/// A home with an AWS config naming one profile that has no credentials
/// anywhere: awscope starts and says so, without any network.
fn lonely_home() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let home = tempfile::tempdir().expect("home");
    std::fs::write(home.path().join("config"), "[profile lonely]\nregion = eu-west-1\n").expect("config");
    std::fs::write(home.path().join("credentials"), "").expect("credentials");
    let (config, credentials) = (home.path().join("config"), home.path().join("credentials"));
    (home, config, credentials)
}

#[test]
fn the_wheel_and_clicks_move_the_selection_and_the_mouse_is_released_on_exit() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (emulator, names) = runtime.block_on(async {
        let emulator = Emulator::start().await.expect("start the moto emulator");
        let provider = emulator.provider("demo").await.expect("demo profile");
        let buckets = seed::seed_buckets(&provider, Account::Base, Scale::Test).await.expect("seed buckets");
        (emulator, buckets.into_iter().map(|b| b.name).collect::<Vec<_>>())
    });
    assert!(names.len() >= 5, "enough buckets to scroll: {names:?}");
    let total = names.len();
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn(home.path(), Some((&paths.config, &paths.credentials)), &["--profile", "demo"]);
    session.wait_for("the bucket list", |s| s.contains(&format!("1 of {total}")));
    assert!(last(&session.raw_bytes(), MOUSE_ON).is_some(), "mouse capture is on by default");

    // One notch down (SGR encoding: button 65, column 20, row 10).
    session.send(b"\x1b[<65;20;10M");
    session.wait_for("the selection three rows down", |s| s.contains(&format!("4 of {total}")));
    // A click on the second table row (screen row 7, 1-based: header 2, tabs 1,
    // border 1, column header 1, then the rows).
    session.send(b"\x1b[<0;20;7M\x1b[<0;20;7m");
    session.wait_for("the clicked row selected", |s| s.contains(&format!("2 of {total}")));

    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();
    let raw = session.raw_bytes();
    let (on, off) = (last(&raw, MOUSE_ON), last(&raw, MOUSE_OFF));
    assert!(off > on, "mouse capture turned off after it was last turned on ({on:?}, {off:?})");
}

#[test]
fn mouse_false_leaves_the_mouse_to_the_terminal() {
    let (home, config, credentials) = lonely_home();
    write_config(home.path(), "mouse = false\n");
    let mut session = Session::spawn(home.path(), Some((&config, &credentials)), &["--profile", "nope"]);
    session.wait_for("the unknown-profile error", |s| s.contains("Profile nope is not defined"));
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();
    assert_eq!(last(&session.raw_bytes(), MOUSE_ON), None, "mouse capture never turned on");
}

#[test]
fn a_broken_config_is_reported_with_line_and_column_and_awscope_runs_on_defaults() {
    let (home, config, credentials) = lonely_home();
    write_config(home.path(), "theme = \"dark\"\nmouse = tru\n");
    let mut session = Session::spawn(home.path(), Some((&config, &credentials)), &["--profile", "nope"]);
    let screen = session.wait_for("the config error", |s| s.contains("config.toml:2:9"));
    assert!(screen.contains(".config/awscope/config.toml:2:9"), "{screen}");
    assert!(last(&session.raw_bytes(), MOUSE_ON).is_some(), "defaults: the mouse is on");
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();
    let log = std::fs::read_to_string(home.path().join("state/awscope/awscope.log")).expect("log file written");
    assert!(log.contains("config file ignored") && log.contains("config.toml:2:9"), "{log}");
}

#[test]
fn no_color_draws_without_colour() {
    let (home, config, credentials) = lonely_home();
    let mut session =
        Session::spawn_with(home.path(), Some((&config, &credentials)), &["--profile", "nope"], &[("NO_COLOR", "1")]);
    session.wait_for("the unknown-profile error", |s| s.contains("Profile nope is not defined"));
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    let raw = session.raw_bytes();
    let colours = colour_codes(&raw);
    assert!(colours.is_empty(), "colours were drawn under NO_COLOR: {colours:?}");
    assert!(!sgr_params(&raw).is_empty(), "the parser sees styles at all");
}

/// The parameters of every SGR sequence (`ESC [ … m`) in `raw`.
fn sgr_params(raw: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < raw.len() {
        if raw[i] == 0x1b && raw[i + 1] == b'[' {
            let start = i + 2;
            let mut end = start;
            while end < raw.len() && !(0x40..=0x7e).contains(&raw[end]) {
                end += 1;
            }
            if end < raw.len() && raw[end] == b'm' {
                out.push(String::from_utf8_lossy(&raw[start..end]).into_owned());
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// SGR parameters that set a foreground or background colour (30–38,
/// 40–48, 90–97, 100–107); 39 and 49 only reset to the default.
fn colour_codes(raw: &[u8]) -> Vec<String> {
    sgr_params(raw)
        .into_iter()
        .filter(|params| {
            params
                .split(';')
                .filter_map(|p| p.parse::<u16>().ok())
                .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        })
        .collect()
}
