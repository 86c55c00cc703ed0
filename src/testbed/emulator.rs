//! A moto server on a free loopback port, one per test (or per demo run),
//! with its own state, its own log file and AWS config files that point at it.
//!
//! The server is found at `$AWSCOPE_MOTO_SERVER`, else at
//! `<repo>/.venv/bin/moto_server` (installed by `scripts/install-moto`). When
//! it is missing, [`Emulator::start`] fails with a message that says what to
//! run; it never silently skips.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::aws::profiles::ProfilePaths;
use crate::aws::provider::{AwsProvider, ProviderError, ProviderOptions};
use crate::aws::{AwsContext, RoleSpec};

/// The environment variable that overrides where `moto_server` is found.
pub const MOTO_SERVER_ENV: &str = "AWSCOPE_MOTO_SERVER";
/// The profile with static credentials in the base account.
pub const BASE_PROFILE: &str = "demo";
/// The profile that assumes [`SECOND_ROLE_ARN`] on top of [`BASE_PROFILE`].
pub const SECOND_PROFILE: &str = "demo-prod";
/// The account moto puts static credentials in.
pub const BASE_ACCOUNT: &str = "123456789012";
/// The account [`SECOND_PROFILE`] assumes a role into.
pub const SECOND_ACCOUNT: &str = "222222222222";
/// The role [`SECOND_PROFILE`] assumes; moto lets anyone assume it.
pub const SECOND_ROLE_ARN: &str = "arn:aws:iam::222222222222:role/demo-admin";
/// The region both profiles name.
pub const HOME_REGION: &str = "us-east-1";
/// The access key id of [`BASE_PROFILE`] (AWS's documentation example key).
pub const DEMO_ACCESS_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const DEMO_SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// How long moto may take to answer its first request.
pub const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
const POLL_INTERVAL: Duration = Duration::from_millis(50);
const PROBE_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a server must answer on our port, with our moto still alive,
/// before we trust it without moto's "Running on" log line.
const BIND_GRACE: Duration = Duration::from_secs(3);
const SPAWN_ATTEMPTS: u32 = 3;
const LOG_TAIL_LINES: usize = 30;

/// Why the emulator could not be started or configured.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// `moto_server` is not where it should be.
    #[error(
        "moto_server not found at {} ({origin}). Install the emulator: run scripts/install-moto in {repo} \
         (or set {MOTO_SERVER_ENV} to a moto_server binary).",
        path.display()
    )]
    NotInstalled {
        /// Where it was looked for.
        path: PathBuf,
        /// Why that path (`$AWSCOPE_MOTO_SERVER` or the repository's `.venv`).
        origin: &'static str,
        /// The repository root, where `scripts/install-moto` lives.
        repo: String,
    },
    /// A file or directory the emulator needs could not be written or read.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        /// What was being done (`create`, `write`).
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// The process could not be started at all.
    #[error("could not start {}: {source}", path.display())]
    Spawn {
        /// The binary.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// moto exited before it answered.
    #[error("moto_server exited before answering ({status}); the end of its log ({}):\n{tail}", log.display())]
    Exited {
        /// How it exited.
        status: ExitStatus,
        /// The full log.
        log: PathBuf,
        /// The last lines of the log.
        tail: String,
    },
    /// moto did not answer `GET /moto-api/` in time.
    #[error("moto_server did not answer on {endpoint} within {}s; the end of its log ({}):\n{tail}", waited.as_secs(), log.display())]
    NotReady {
        /// Where it should have answered.
        endpoint: String,
        /// How long we waited.
        waited: Duration,
        /// The full log.
        log: PathBuf,
        /// The last lines of the log.
        tail: String,
    },
}

/// A running moto server, killed (with its process group) when dropped.
pub struct Emulator {
    port: u16,
    dir: PathBuf,
    log: PathBuf,
    profiles: ProfilePaths,
    child: Arc<Mutex<Child>>,
    /// Dropping this ends the thread that spawned moto (see [`spawn_moto`]).
    release: Option<mpsc::Sender<()>>,
    spawner: Option<JoinHandle<()>>,
    /// Leave the directory (and moto's log) behind on drop.
    keep_dir: bool,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator").field("endpoint", &self.endpoint()).field("log", &self.log).finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts moto on a free loopback port and waits until it answers, then
    /// writes AWS config files for it (see [`Emulator::profile_paths`]).
    /// Must be called inside a Tokio runtime (with time and I/O enabled).
    ///
    /// # Errors
    /// moto is not installed (the message says how to install it), could not
    /// be started, exited early or did not answer within [`STARTUP_TIMEOUT`].
    pub async fn start() -> Result<Self, EmulatorError> {
        let binary = moto_server_path()?;
        let started = Instant::now();
        let mut attempt = 1;
        loop {
            let dir = make_temp_dir()?;
            match Self::start_in(&binary, dir.clone()).await {
                Ok(emulator) => {
                    tracing::debug!(endpoint = %emulator.endpoint(), elapsed_ms = started.elapsed().as_millis(), "moto is up");
                    return Ok(emulator);
                }
                // Another process may have taken the port between our probe
                // and moto's bind; that shows up as an early exit.
                Err(EmulatorError::Exited { tail, .. })
                    if attempt < SPAWN_ATTEMPTS && tail.contains("Address already in use") =>
                {
                    tracing::warn!(attempt, "moto could not bind its port; retrying on another");
                    let _ = fs::remove_dir_all(&dir);
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn start_in(binary: &Path, dir: PathBuf) -> Result<Self, EmulatorError> {
        let port = free_port().map_err(|source| EmulatorError::Io {
            action: "pick a free port on",
            path: "127.0.0.1".into(),
            source,
        })?;
        let log = dir.join("moto.log");
        let Spawned { child, release, spawner } = spawn_moto(binary, port, &log)?;
        let mut emulator = Self {
            port,
            dir: dir.clone(),
            log,
            profiles: ProfilePaths { config: PathBuf::new(), credentials: PathBuf::new() },
            child,
            release: Some(release),
            spawner: Some(spawner),
            keep_dir: false,
        };
        let ready = emulator.wait_until_ready().await;
        let configured = ready.and_then(|()| emulator.write_aws_config(&dir.join("aws")));
        match configured {
            Ok(profiles) => {
                emulator.profiles = profiles;
                Ok(emulator)
            }
            Err(e) => {
                // The error names the log in this directory.
                emulator.keep_dir = true;
                Err(e)
            }
        }
    }

    async fn wait_until_ready(&self) -> Result<(), EmulatorError> {
        let started = Instant::now();
        let mut answering_since: Option<Instant> = None;
        loop {
            if let Some(status) = self.exit_status() {
                return Err(EmulatorError::Exited {
                    status,
                    log: self.log.clone(),
                    tail: self.log_tail(LOG_TAIL_LINES),
                });
            }
            if probe(self.port).await {
                // Something answers on the port; make sure it is our moto and
                // not another process that took the port first (ours would
                // then fail to bind and exit). moto logs the address once it
                // has bound; other versions may not, so a server that keeps
                // answering while ours stays alive is accepted too.
                let since = *answering_since.get_or_insert_with(Instant::now);
                if self.has_bound() || since.elapsed() > BIND_GRACE {
                    return Ok(());
                }
            }
            if started.elapsed() > STARTUP_TIMEOUT {
                return Err(EmulatorError::NotReady {
                    endpoint: self.endpoint(),
                    waited: started.elapsed(),
                    log: self.log.clone(),
                    tail: self.log_tail(LOG_TAIL_LINES),
                });
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// `http://127.0.0.1:PORT`.
    #[must_use]
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The port moto listens on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// moto's own log (request lines and Python tracebacks for its 500s).
    #[must_use]
    pub fn log_path(&self) -> &Path {
        &self.log
    }

    /// Leaves the temporary directory (moto's log, the config files) behind
    /// on drop, for a failure message that names the log. It is kept anyway
    /// when the emulator is dropped during a panic.
    pub fn keep_files(&mut self) {
        self.keep_dir = true;
    }

    /// The last `lines` lines of moto's log, for failure messages.
    #[must_use]
    pub fn log_tail(&self, lines: usize) -> String {
        let mut text = String::new();
        if let Ok(mut file) = File::open(&self.log) {
            let mut bytes = Vec::new();
            if file.read_to_end(&mut bytes).is_ok() {
                text = String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// The config and credentials files written at start, in the emulator's
    /// temporary directory, with the profiles [`BASE_PROFILE`] and
    /// [`SECOND_PROFILE`] (see [`Emulator::write_aws_config`]).
    #[must_use]
    pub fn profile_paths(&self) -> &ProfilePaths {
        &self.profiles
    }

    /// The aws CLI (see [`aws_cli_path`]) running `args` against this
    /// emulator (`--endpoint-url` after them), with its config files
    /// ([`Emulator::profile_paths`]), `home` as `HOME`, nothing else from the
    /// environment but `PATH`, and no standard input.
    #[must_use]
    pub fn aws_cli<S: AsRef<std::ffi::OsStr>>(&self, home: &Path, args: &[S]) -> std::process::Command {
        let paths = &self.profiles;
        let mut command = std::process::Command::new(aws_cli_path());
        command
            .args(args)
            .args(["--endpoint-url", &self.endpoint()])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", home)
            .env("AWS_CONFIG_FILE", &paths.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &paths.credentials)
            .stdin(std::process::Stdio::null());
        command
    }

    /// Options that read profiles from [`Emulator::profile_paths`] and send
    /// every call to this emulator, whatever `AWS_ENDPOINT_URL` (or
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`) the environment holds, so tests
    /// and seeding can never reach real AWS. The profiles name the endpoint
    /// too; [`Emulator::profile_options`] relies on that alone, as the demo does.
    #[must_use]
    pub fn provider_options(&self) -> ProviderOptions {
        ProviderOptions { endpoint_url: Some(self.endpoint()), ..self.profile_options() }
    }

    /// Options that read profiles from [`Emulator::profile_paths`] and take the
    /// endpoint from their `endpoint_url`, exactly as `awscope --profile demo`
    /// does under the demo.
    #[must_use]
    pub fn profile_options(&self) -> ProviderOptions {
        ProviderOptions { profile_files: Some(self.profiles.clone()), ..ProviderOptions::default() }
    }

    /// Writes `config` and `credentials` into `dir` (created if needed) with two
    /// profiles pointing at this emulator:
    ///
    /// - [`BASE_PROFILE`]: static keys, region [`HOME_REGION`], `endpoint_url`;
    ///   moto puts it in account [`BASE_ACCOUNT`].
    /// - [`SECOND_PROFILE`]: `role_arn` [`SECOND_ROLE_ARN`] with
    ///   `source_profile = demo`, so it lands in account [`SECOND_ACCOUNT`].
    ///
    /// # Errors
    /// The directory or a file could not be written.
    pub fn write_aws_config(&self, dir: &Path) -> Result<ProfilePaths, EmulatorError> {
        fs::create_dir_all(dir).map_err(|source| EmulatorError::Io {
            action: "create",
            path: dir.to_owned(),
            source,
        })?;
        let endpoint = self.endpoint();
        let config = format!(
            "# Written by awscope's test bed for the moto emulator at {endpoint}.\n\
             [profile {BASE_PROFILE}]\n\
             region = {HOME_REGION}\n\
             endpoint_url = {endpoint}\n\
             \n\
             [profile {SECOND_PROFILE}]\n\
             role_arn = {SECOND_ROLE_ARN}\n\
             source_profile = {BASE_PROFILE}\n\
             role_session_name = awscope-demo\n\
             region = {HOME_REGION}\n\
             endpoint_url = {endpoint}\n"
        );
        let credentials = format!(
            "# Fake keys for the moto emulator; moto accepts any.\n\
             [{BASE_PROFILE}]\n\
             aws_access_key_id = {DEMO_ACCESS_KEY_ID}\n\
             aws_secret_access_key = {DEMO_SECRET_ACCESS_KEY}\n"
        );
        let paths = ProfilePaths { config: dir.join("config"), credentials: dir.join("credentials") };
        write_file(&paths.config, &config)?;
        write_file(&paths.credentials, &credentials)?;
        Ok(paths)
    }

    /// A provider for `profile` (from [`Emulator::profile_paths`]) in [`HOME_REGION`].
    ///
    /// # Errors
    /// As [`AwsProvider::connect`] (an unknown profile, for instance).
    pub async fn provider(&self, profile: &str) -> Result<AwsProvider, ProviderError> {
        self.provider_in(profile, HOME_REGION).await
    }

    /// A provider for `profile` in `region`.
    ///
    /// # Errors
    /// As [`AwsProvider::connect`].
    pub async fn provider_in(&self, profile: &str, region: &str) -> Result<AwsProvider, ProviderError> {
        let context =
            AwsContext { profile: Some(profile.to_owned()), region: Some(region.to_owned()), ..AwsContext::default() };
        AwsProvider::connect(context, &self.provider_options()).await
    }

    /// A provider for `profile` with `role_arn` assumed on top (an ad-hoc role).
    ///
    /// # Errors
    /// As [`AwsProvider::connect`].
    pub async fn provider_with_role(&self, profile: &str, role_arn: &str) -> Result<AwsProvider, ProviderError> {
        let role = RoleSpec::new(role_arn);
        let context = AwsContext {
            profile: Some(profile.to_owned()),
            region: Some(HOME_REGION.to_owned()),
            role: Some(role),
            ..AwsContext::default()
        };
        AwsProvider::connect(context, &self.provider_options()).await
    }

    /// Whether moto's log says it is serving on our port.
    fn has_bound(&self) -> bool {
        let needle = format!("Running on http://127.0.0.1:{}", self.port);
        self.log_tail(LOG_TAIL_LINES).contains(&needle)
    }

    fn exit_status(&self) -> Option<ExitStatus> {
        let mut child = self.child.lock().unwrap_or_else(PoisonError::into_inner);
        child.try_wait().ok().flatten()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        {
            let mut child = self.child.lock().unwrap_or_else(PoisonError::into_inner);
            // Only signal a process we have not reaped yet, so the pid (and its
            // group id, which is the same) cannot belong to anyone else.
            if matches!(child.try_wait(), Ok(None)) {
                kill_group(child.id());
                let _ = child.kill();
            }
            let _ = child.wait();
        }
        drop(self.release.take());
        if let Some(spawner) = self.spawner.take() {
            let _ = spawner.join();
        }
        if self.keep_dir {
            // Already named in the error that made us keep it.
        } else if std::thread::panicking() {
            tracing::warn!(log = %self.log.display(), "keeping moto's log after a panic");
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Where `moto_server` should be, and whether it is there.
///
/// # Errors
/// [`EmulatorError::NotInstalled`] naming the path and what to run.
pub fn moto_server_path() -> Result<PathBuf, EmulatorError> {
    let repo = env!("CARGO_MANIFEST_DIR");
    let (path, origin) = match std::env::var_os(MOTO_SERVER_ENV).filter(|v| !v.is_empty()) {
        Some(path) => (PathBuf::from(path), "from $AWSCOPE_MOTO_SERVER"),
        None => (Path::new(repo).join(".venv/bin/moto_server"), "the repository's .venv"),
    };
    if path.is_file() { Ok(path) } else { Err(EmulatorError::NotInstalled { path, origin, repo: repo.to_owned() }) }
}

/// Where the aws CLI installed by `scripts/install-moto` is (next to moto):
/// `$AWSCOPE_AWS_CLI`, else `<repo>/.venv/bin/aws`. Benchmarks and the oracle
/// tests compare awscope with it.
///
/// # Panics
/// When it is not installed, saying how to install it.
#[must_use]
pub fn aws_cli_path() -> PathBuf {
    let path = std::env::var_os("AWSCOPE_AWS_CLI")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/aws"), PathBuf::from);
    assert!(
        path.is_file(),
        "the AWS CLI is not at {} (run scripts/install-moto, which installs it next to moto)",
        path.display()
    );
    path
}

/// A started moto and the thread that spawned it.
struct Spawned {
    child: Arc<Mutex<Child>>,
    /// Dropping this lets the spawning thread end.
    release: mpsc::Sender<()>,
    spawner: JoinHandle<()>,
}

/// Spawns moto from a thread of its own that lives until the emulator is
/// dropped. On Linux the child asks to be killed when that thread ends
/// (`PR_SET_PDEATHSIG`), so moto does not outlive a test binary or demo that
/// is killed outright; a thread we own is what keeps that from firing early.
fn spawn_moto(binary: &Path, port: u16, log: &Path) -> Result<Spawned, EmulatorError> {
    let out =
        File::create(log).map_err(|source| EmulatorError::Io { action: "create", path: log.to_owned(), source })?;
    let err = out.try_clone().map_err(|source| EmulatorError::Io { action: "open", path: log.to_owned(), source })?;
    let mut command = Command::new(binary);
    command
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .env("PYTHONUNBUFFERED", "1");
    // moto uses boto3 inside: a developer's AWS_PROFILE (a profile moto cannot
    // find) turns every request into a 500, and MOTO_* settings change its
    // behaviour. Each emulator starts from the same clean environment.
    for (name, _) in std::env::vars_os() {
        let name_text = name.to_string_lossy();
        if name_text.starts_with("AWS_") || name_text.starts_with("MOTO_") {
            command.env_remove(&name);
        }
    }
    {
        use std::os::unix::process::CommandExt;
        // Its own process group: Ctrl-C at the terminal goes to the demo, which
        // stops moto itself once the TUI is done with it.
        command.process_group(0);
        #[cfg(target_os = "linux")]
        // SAFETY: the closure runs in the forked child before exec and only
        // makes one async-signal-safe system call.
        unsafe {
            command.pre_exec(|| {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                    return Err(io::Error::last_os_error());
                }
                Ok(())
            });
        }
    }

    let (spawned_tx, spawned_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let spawner = std::thread::Builder::new()
        .name(format!("moto-{port}"))
        .spawn(move || {
            let result = command.spawn();
            let spawned = result.is_ok();
            let _ = spawned_tx.send(result);
            if spawned {
                // Returns when the emulator drops its sender.
                let _ = release_rx.recv();
            }
        })
        .map_err(|source| EmulatorError::Spawn { path: binary.to_owned(), source })?;
    let child = spawned_rx
        .recv()
        .map_err(|_| EmulatorError::Spawn {
            path: binary.to_owned(),
            source: io::Error::other("the spawning thread died"),
        })?
        .map_err(|source| EmulatorError::Spawn { path: binary.to_owned(), source })?;
    Ok(Spawned { child: Arc::new(Mutex::new(child)), release: release_tx, spawner })
}

fn kill_group(pid: u32) {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return };
    // SAFETY: kill(2) has no memory-safety preconditions; the group id is the
    // pid of a child we have not reaped, so it is still ours.
    unsafe {
        libc::kill(-pid, libc::SIGKILL);
    }
}

/// Asks the kernel for a free loopback port.
fn free_port() -> io::Result<u16> {
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    Ok(listener.local_addr()?.port())
}

/// Whether moto answers `GET /moto-api/` with a 200.
async fn probe(port: u16) -> bool {
    let attempt = async {
        let mut stream = tokio::net::TcpStream::connect(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
        stream.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").await?;
        let mut head = [0_u8; 12];
        stream.read_exact(&mut head).await?;
        Ok::<bool, io::Error>(head.starts_with(b"HTTP/1.") && &head[9..12] == b"200")
    };
    matches!(tokio::time::timeout(PROBE_TIMEOUT, attempt).await, Ok(Ok(true)))
}

fn make_temp_dir() -> Result<PathBuf, EmulatorError> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let base = std::env::temp_dir();
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let mut last_error = None;
    for _ in 0..100 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = base.join(format!("awscope-moto-{}-{n}-{nanos:09}", std::process::id()));
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(source) => return Err(EmulatorError::Io { action: "create", path: dir, source }),
        }
    }
    Err(EmulatorError::Io {
        action: "create a directory in",
        path: base,
        source: last_error.unwrap_or_else(|| io::Error::other("no free name")),
    })
}

fn write_file(path: &Path, contents: &str) -> Result<(), EmulatorError> {
    let mut file =
        File::create(path).map_err(|source| EmulatorError::Io { action: "write", path: path.to_owned(), source })?;
    file.write_all(contents.as_bytes()).map_err(|source| EmulatorError::Io {
        action: "write",
        path: path.to_owned(),
        source,
    })
}
