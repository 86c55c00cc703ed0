//! The real binary in a pseudo-terminal against the local emulator: it shows
//! the seeded buckets and the account, and leaves the terminal as it found it
//! on `q` and on SIGTERM.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use awscope::testbed::emulator::Emulator;
use awscope::testbed::seed::{self, Account, Scale};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
/// A hang guard, not a speed claim: the emulator on a loaded machine is slow.
const PATIENCE: Duration = Duration::from_secs(90);

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
}

impl Session {
    fn spawn(home: &Path, config: Option<(&Path, &Path)>, args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_awscope"));
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("HOME", home);
        cmd.env("XDG_STATE_HOME", home.join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("AWSCOPE_LOG", "debug");
        if let Some((config, credentials)) = config {
            cmd.env("AWS_CONFIG_FILE", config);
            cmd.env("AWS_SHARED_CREDENTIALS_FILE", credentials);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn awscope");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let sink = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        Self { parser, writer, child, master: pair.master }
    }

    fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            if let Some(status) = self.child.try_wait().expect("wait") {
                panic!("awscope exited ({status:?}) while waiting for {what}; the screen was:\n{screen}");
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}; the screen was:\n{screen}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                // Let the reader thread take in the last bytes written before exit.
                std::thread::sleep(Duration::from_millis(200));
                return status.exit_code();
            }
            assert!(Instant::now() < deadline, "awscope did not exit; the screen was:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The terminal is back to how a shell expects it: main screen, cursor
    /// visible, line editing and echo on.
    fn assert_restored(&self) {
        let parser = self.parser.lock().expect("parser lock");
        assert!(!parser.screen().alternate_screen(), "still on the alternate screen");
        assert!(!parser.screen().hide_cursor(), "cursor still hidden");
        let fd = self.master.as_raw_fd().expect("pty fd");
        // SAFETY: `termios` is plain data and `fd` is an open pty for the
        // duration of the call.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &raw mut termios) }, 0, "tcgetattr");
        assert_ne!(termios.c_lflag & libc::ICANON, 0, "raw mode left on (ICANON off)");
        assert_ne!(termios.c_lflag & libc::ECHO, 0, "raw mode left on (ECHO off)");
    }
}

fn seeded_emulator(runtime: &tokio::runtime::Runtime) -> (Emulator, Vec<String>) {
    runtime.block_on(async {
        let emulator = Emulator::start().await.expect("start the moto emulator");
        let provider = emulator.provider("demo").await.expect("demo profile");
        let buckets = seed::seed_buckets(&provider, Account::Base, Scale::Test).await.expect("seed buckets");
        (emulator, buckets.into_iter().map(|b| b.name).collect())
    })
}

#[test]
fn shows_the_seeded_buckets_and_account_then_quits_cleanly() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (emulator, names) = seeded_emulator(&runtime);
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn(home.path(), Some((&paths.config, &paths.credentials)), &["--profile", "demo"]);

    let first = names.iter().min().expect("seeded at least one bucket").clone();
    let screen = session.wait_for("the bucket list and account id", |s| {
        s.contains(&first) && s.contains("123456789012") && s.contains(&format!("S3 buckets ({})", names.len()))
    });
    assert!(screen.contains("(profile demo)"), "{screen}");

    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0");
    session.assert_restored();
    let log = std::fs::read_to_string(home.path().join("state/awscope/awscope.log")).expect("log file written");
    assert!(log.contains("ListBuckets"), "each AWS call is logged");
}

#[test]
fn sigterm_restores_the_terminal_and_reports_the_signal() {
    let home = tempfile::tempdir().expect("home");
    std::fs::write(home.path().join("config"), "[profile lonely]\nregion = eu-west-1\n").expect("config");
    std::fs::write(home.path().join("credentials"), "").expect("credentials");
    let (config, credentials) = (home.path().join("config"), home.path().join("credentials"));
    let mut session = Session::spawn(home.path(), Some((&config, &credentials)), &["--profile", "nope"]);

    let screen = session.wait_for("the unknown-profile error", |s| s.contains("Profile nope is not defined"));
    assert!(screen.contains(&config.display().to_string()), "the message names the file searched:\n{screen}");

    let pid = session.child.process_id().expect("pid");
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(i32::try_from(pid).expect("pid fits"), libc::SIGTERM) }, 0);
    assert_eq!(session.wait_exit(), 128 + 15);
    session.assert_restored();
}
