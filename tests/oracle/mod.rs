//! The aws CLI as the oracle: run `awscope --whoami --json` and the aws CLI
//! side by side, on the same AWS config files and the same (cleared)
//! environment, and read what each resolved.
//!
//! Both tools get exactly the same environment: `HOME` (a temporary
//! directory), `PATH`, `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
//! `AWS_EC2_METADATA_DISABLED=true` and the case's variables; awscope also gets
//! `AWSCOPE_LOG_FILE` (a file in the same temporary directory).

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A hang guard for one process, not a speed claim.
pub const PATIENCE: Duration = Duration::from_secs(90);

/// Where the aws CLI installed by `scripts/install-moto` is.
pub fn aws_cli() -> PathBuf {
    awscope::testbed::emulator::aws_cli_path()
}

/// The awscope binary under test.
pub fn awscope_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_awscope"))
}

/// What a process did.
#[derive(Debug, Clone)]
pub struct Run {
    /// Exit code (`None`: killed by a signal, or by us after [`PATIENCE`]).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exited with status 0.
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// The first line of stderr that says something (for one-line reports).
    pub fn error_line(&self) -> String {
        let line = self
            .stderr
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty() && !l.contains(" - DEBUG - ") && !l.starts_with("Traceback"))
            .unwrap_or("")
            .to_owned();
        if line.is_empty() { format!("exit {:?}, no message", self.code) } else { line }
    }
}

/// Runs `command` to completion (killing it after [`PATIENCE`]).
pub fn run(mut command: Command) -> Run {
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_thread = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if Instant::now() > deadline {
            // Our own child, by its handle.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_thread.join().unwrap_or_default()).into_owned();
    let mut stderr = String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned();
    if status.is_none() {
        stderr.push_str(&format!("\n(killed after {}s: {command:?})", PATIENCE.as_secs()));
    }
    Run { code: status.and_then(|s| s.code()), stdout, stderr }
}

/// A temporary HOME with an AWS config and credentials file, shared by both tools.
pub struct Sandbox {
    /// Removed on drop.
    pub dir: tempfile::TempDir,
    /// `HOME` for both tools.
    pub home: PathBuf,
    /// `AWS_CONFIG_FILE`.
    pub config: PathBuf,
    /// `AWS_SHARED_CREDENTIALS_FILE`.
    pub credentials: PathBuf,
    /// `AWSCOPE_LOG_FILE`.
    pub log: PathBuf,
}

impl Sandbox {
    /// Writes `config` and `credentials` into a new temporary directory.
    pub fn new(config: &str, credentials: &str) -> Self {
        let dir = tempfile::Builder::new().prefix("awscope-oracle-").tempdir().expect("temp dir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".aws")).expect("home");
        let config_path = dir.path().join("config");
        let credentials_path = dir.path().join("credentials");
        std::fs::write(&config_path, config).expect("write config");
        std::fs::write(&credentials_path, credentials).expect("write credentials");
        let log = dir.path().join("awscope.log");
        Self { home, config: config_path, credentials: credentials_path, log, dir }
    }

    /// The temporary directory (for token files and scripts a case needs).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `program` with the cleared, shared environment plus `vars`.
    pub fn command(&self, program: &Path, vars: &[(String, String)]) -> Command {
        let mut command = Command::new(program);
        command
            .env_clear()
            .env("HOME", &self.home)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", &self.config)
            .env("AWS_SHARED_CREDENTIALS_FILE", &self.credentials)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .current_dir(self.dir.path());
        for (name, value) in vars {
            command.env(name, value);
        }
        command
    }

    /// `awscope ARGS --whoami --json`.
    pub fn awscope(&self, args: &[String], vars: &[(String, String)]) -> Run {
        let mut command = self.command(&awscope_bin(), vars);
        command.env("AWSCOPE_LOG_FILE", &self.log).args(args).args(["--whoami", "--json"]);
        run(command)
    }

    /// `aws ARGS`.
    pub fn cli(&self, args: &[String], vars: &[(String, String)]) -> Run {
        let mut command = self.command(&aws_cli(), vars);
        command.args(args);
        run(command)
    }
}

/// What `awscope --whoami --json` said (the fields tests may rely on).
#[derive(Debug, Clone)]
pub struct Whoami {
    /// The account id.
    pub account: String,
    /// The caller's ARN.
    pub arn: String,
    /// The region used.
    pub region: String,
    /// Where the region came from.
    pub region_source: String,
    /// The whole object.
    pub json: Value,
}

impl Whoami {
    /// `endpoints.SERVICE.url` (`None` for AWS's own endpoint).
    pub fn endpoint(&self, service: &str) -> Option<String> {
        self.json.pointer(&format!("/endpoints/{service}/url")).and_then(Value::as_str).map(str::to_owned)
    }
}

/// Parses awscope's `--whoami --json` output.
///
/// # Errors
/// Not one JSON object with the expected fields (the text says what is wrong).
pub fn parse_whoami(run: &Run) -> Result<Whoami, String> {
    if !run.ok() {
        return Err(format!("awscope failed (exit {:?}): {}", run.code, run.error_line()));
    }
    let json: Value = serde_json::from_str(run.stdout.trim())
        .map_err(|e| format!("stdout is not one JSON object ({e}): {:?}", run.stdout))?;
    let field = |name: &str| {
        json.get(name).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| format!("no string {name:?} in {json}"))
    };
    Ok(Whoami {
        account: field("account")?,
        arn: field("arn")?,
        region: field("region")?,
        region_source: field("region_source")?,
        json: json.clone(),
    })
}

/// What `aws sts get-caller-identity --output json` said.
#[derive(Debug, Clone)]
pub struct CallerIdentity {
    /// `Account`.
    pub account: String,
    /// `Arn`.
    pub arn: String,
}

/// Parses the CLI's `sts get-caller-identity --output json`.
///
/// # Errors
/// The CLI failed, or printed something else.
pub fn parse_identity(run: &Run) -> Result<CallerIdentity, String> {
    if !run.ok() {
        return Err(format!("aws failed (exit {:?}): {}", run.code, run.error_line()));
    }
    let json: Value =
        serde_json::from_str(run.stdout.trim()).map_err(|e| format!("not JSON ({e}): {:?}", run.stdout))?;
    let field = |name: &str| json.get(name).and_then(Value::as_str).map(str::to_owned);
    match (field("Account"), field("Arn")) {
        (Some(account), Some(arn)) => Ok(CallerIdentity { account, arn }),
        _ => Err(format!("no Account/Arn in {json}")),
    }
}

/// The scheme, host and port of the last request the CLI sent, from its
/// `--debug` log (`Sending http request: <AWSPreparedRequest ..., url=URL, ...`).
pub fn cli_request_origin(stderr: &str) -> Option<String> {
    let line = stderr.lines().rfind(|l| l.contains("Sending http request"))?;
    let url = line.split("url=").nth(1)?.split([',', '>', ' ']).next()?;
    Some(origin(url))
}

/// The region in the SigV4 credential scope of the last request the CLI
/// sent (`Credential=KEY/DATE/REGION/SERVICE/aws4_request`), from its `--debug` log.
pub fn cli_request_region(stderr: &str) -> Option<String> {
    let line = stderr.lines().rfind(|l| l.contains("Sending http request"))?;
    let scope = line.split("Credential=").nth(1)?;
    scope.split('/').nth(2).map(str::to_owned)
}

/// `scheme://host[:port]` of `url`, without path or trailing slash.
pub fn origin(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host = rest.split(['/', '?']).next().unwrap_or(rest);
    format!("{scheme}://{host}")
}

/// Temporary keys of an assumed role.
#[derive(Debug, Clone)]
pub struct TempKeys {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: String,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: String,
    /// `AWS_SESSION_TOKEN`.
    pub session_token: String,
}

impl TempKeys {
    /// The three variables a user exports.
    pub fn vars(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ACCESS_KEY_ID".to_owned(), self.access_key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY".to_owned(), self.secret_access_key.clone()),
            ("AWS_SESSION_TOKEN".to_owned(), self.session_token.clone()),
        ]
    }
}

/// The access key id moto puts in the base account.
pub const STATIC_KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
/// Its secret (moto accepts any).
pub const STATIC_SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Assumes `role_arn` with the base account's static keys against `endpoint`
/// through the aws CLI (`aws sts assume-role`), as a user would before
/// exporting the keys.
pub fn assume_role_keys(endpoint: &str, role_arn: &str, session_name: &str) -> TempKeys {
    let sandbox = Sandbox::new(
        &format!("[profile base]\nregion = us-east-1\nendpoint_url = {endpoint}\n"),
        &format!("[base]\naws_access_key_id = {STATIC_KEY_ID}\naws_secret_access_key = {STATIC_SECRET}\n"),
    );
    let args: Vec<String> =
        ["sts", "assume-role", "--profile", "base", "--output", "json", "--role-arn", role_arn, "--role-session-name"]
            .iter()
            .map(|s| (*s).to_owned())
            .chain([session_name.to_owned()])
            .collect();
    let run = sandbox.cli(&args, &[]);
    assert!(run.ok(), "aws sts assume-role failed: {}", run.stderr);
    let json: Value = serde_json::from_str(&run.stdout).expect("assume-role prints JSON");
    let field = |name: &str| {
        json.pointer(&format!("/Credentials/{name}")).and_then(Value::as_str).expect("credentials field").to_owned()
    };
    TempKeys {
        access_key_id: field("AccessKeyId"),
        secret_access_key: field("SecretAccessKey"),
        session_token: field("SessionToken"),
    }
}

/// Creates `bucket` in the emulator at `endpoint` (us-east-1, base account) with the CLI.
pub fn create_bucket(endpoint: &str, bucket: &str) {
    let sandbox = Sandbox::new(
        &format!("[profile base]\nregion = us-east-1\nendpoint_url = {endpoint}\n"),
        &format!("[base]\naws_access_key_id = {STATIC_KEY_ID}\naws_secret_access_key = {STATIC_SECRET}\n"),
    );
    let args: Vec<String> =
        ["s3api", "create-bucket", "--profile", "base", "--bucket", bucket].iter().map(|s| (*s).to_owned()).collect();
    let run = sandbox.cli(&args, &[]);
    assert!(run.ok(), "aws s3api create-bucket {bucket} at {endpoint} failed: {}", run.stderr);
}

/// Strings from `&str`s.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Whether this awscope has the `--whoami` mode yet (for a clear failure).
pub fn assert_whoami_supported() {
    let out = Command::new(awscope_bin()).arg("--help").output().expect("awscope --help");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--whoami"),
        "awscope has no --whoami mode yet (awscope --help does not list it); these oracle tests need \
         `awscope --whoami --json`"
    );
}
