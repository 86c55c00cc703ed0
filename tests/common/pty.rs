//! The real binary in a pseudo-terminal: spawn it, read what it draws
//! through a vt100 parser (and keep the raw bytes), send keys and signals,
//! and check the terminal is left as a shell expects it.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Terminal rows.
pub const ROWS: u16 = 30;
/// Terminal columns.
pub const COLS: u16 = 100;
/// A hang guard, not a speed claim: the emulator on a loaded machine is slow.
pub const PATIENCE: Duration = Duration::from_secs(90);

/// One awscope process in a pty.
pub struct Session {
    /// The screen as a terminal would show it.
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the process wrote, in order.
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Keys go here.
    pub writer: Box<dyn Write + Send>,
    /// The process.
    pub child: Box<dyn Child + Send + Sync>,
    /// The pty's master side (for its terminal modes).
    pub master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// Starts awscope with `args`, `HOME` at `home`, logging at debug into
    /// `home/state/awscope/awscope.log`, and the AWS config files given.
    pub fn spawn(home: &Path, config: Option<(&Path, &Path)>, args: &[&str]) -> Self {
        Self::spawn_with(home, config, args, &[])
    }

    /// As [`Session::spawn`], with extra environment variables (which win
    /// over the defaults).
    pub fn spawn_with(home: &Path, config: Option<(&Path, &Path)>, args: &[&str], env: &[(&str, &str)]) -> Self {
        Self::spawn_sized(home, config, args, env, (ROWS, COLS))
    }

    /// As [`Session::spawn_with`], in a terminal of `(rows, cols)`.
    pub fn spawn_sized(
        home: &Path,
        config: Option<(&Path, &Path)>,
        args: &[&str],
        env: &[(&str, &str)],
        (rows, cols): (u16, u16),
    ) -> Self {
        let pair =
            native_pty_system().openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).expect("open a pty");
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
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn awscope");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (sink, tape) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                tape.lock().expect("raw lock").extend_from_slice(&buf[..n]);
                sink.lock().expect("parser lock").process(&buf[..n]);
            }
        });
        Self { parser, raw, writer, child, master: pair.master }
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        self.parser.lock().expect("parser lock").screen().contents()
    }

    /// Every byte written so far.
    pub fn raw_bytes(&self) -> Vec<u8> {
        self.raw.lock().expect("raw lock").clone()
    }

    /// Waits until `ready` holds for the screen; panics (with the screen)
    /// when awscope exits first or after [`PATIENCE`].
    pub fn wait_for(&mut self, what: &str, ready: impl Fn(&str) -> bool) -> String {
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

    /// Types `bytes`.
    pub fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// Sends `signal` to awscope.
    pub fn signal(&mut self, signal: i32) {
        let pid = self.child.process_id().expect("pid");
        // SAFETY: sending a signal to our own child process.
        assert_eq!(unsafe { libc::kill(i32::try_from(pid).expect("pid fits"), signal) }, 0, "kill");
    }

    /// Waits for awscope to exit; its exit status.
    pub fn wait_exit(&mut self) -> u32 {
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
    pub fn assert_restored(&self) {
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
