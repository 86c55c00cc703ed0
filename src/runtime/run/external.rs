//! Handing the terminal to another program (`aws sso login`, `aws ecs
//! execute-command`) until it exits, and saying how it went as the
//! [`Action::ExternalFinished`] the app reacts to.
//!
//! The child owns the terminal while it runs: the keys that raise signals
//! (Ctrl-C, Ctrl-Z, Ctrl-\) are meant for it, so awscope neither stops nor
//! quits on them. Everything the child writes reaches the terminal; of an
//! interactive session's stderr the end is also kept, to say why it failed
//! once awscope has the screen again.

use std::ffi::OsStr;
use std::io;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use std::io::Write;

use tokio::io::AsyncReadExt;

use crate::app::{Action, ExternalPurpose};
use crate::aws::AwsProvider;
use crate::aws::ssm::Sensitive;

/// Where the aws CLI's documentation says how to install the Session Manager plugin.
pub const PLUGIN_INSTALL_URL: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

/// What the aws CLI writes when the Session Manager plugin is not installed.
const PLUGIN_MISSING: &str = "SessionManagerPlugin is not found";

/// How much of an interactive session's stderr is kept, from its end.
const STDERR_TAIL: usize = 4096;

/// How long fetching the session's credentials may take.
const CREDENTIALS_TIMEOUT: Duration = Duration::from_secs(30);

/// Variables set in (`Some`) or removed from (`None`) the child's
/// environment. Values may be secrets, so they stay [`Sensitive`] until they
/// are handed to the child.
pub(crate) type ChildEnv = Vec<(&'static str, Option<Sensitive>)>;

/// The environment that makes an `aws` child act as `provider`'s session:
/// its current credentials (renewed first if they expired).
///
/// # Errors
/// What to tell the user when there is no session or its credentials cannot
/// be had.
pub(crate) async fn session_env(provider: Option<AwsProvider>) -> Result<ChildEnv, String> {
    let provider = provider
        .ok_or_else(|| "The session this was asked under is gone (the context changed); try again.".to_owned())?;
    let credentials = tokio::time::timeout(CREDENTIALS_TIMEOUT, provider.export_credentials())
        .await
        .map_err(|_| "Getting the session's credentials for the aws CLI timed out; try again.".to_owned())?
        .map_err(|e| format!("Could not get the session's credentials for the aws CLI: {e}"))?;
    Ok(vec![
        ("AWS_ACCESS_KEY_ID", Some(credentials.access_key_id)),
        ("AWS_SECRET_ACCESS_KEY", Some(credentials.secret_access_key)),
        ("AWS_SESSION_TOKEN", credentials.session_token),
        // Older SDKs read the token under this name; never a stale one.
        ("AWS_SECURITY_TOKEN", None),
    ])
}

/// Runs `program` with `args` (and `env` added to the environment) on the
/// terminal, handed over by the caller, until it exits. `search_path`
/// replaces `PATH` for finding the program (tests put a fake `aws` there);
/// `None` keeps the environment's.
pub(crate) async fn run_external(
    program: &str,
    args: &[String],
    purpose: &ExternalPurpose,
    env: &ChildEnv,
    search_path: Option<&OsStr>,
) -> Action {
    // Never log or `Debug` this command: it holds the environment.
    let mut command = tokio::process::Command::new(program);
    command.args(args);
    if let Some(path) = search_path {
        command.env("PATH", path);
    }
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value.expose()),
            None => command.env_remove(name),
        };
    }
    let command_line = format!("{program} {}", args.join(" "));
    let _signals = JobSignalsIgnored::new();
    let (ok, message) = match purpose {
        ExternalPurpose::SsoLogin | ExternalPurpose::OpenUrl => {
            sso_login_outcome(&command_line, command.status().await)
        }
        ExternalPurpose::Session(what) => {
            let (status, stderr) = status_and_stderr(command).await;
            session_outcome(what, &command_line, status, &stderr)
        }
    };
    Action::ExternalFinished { purpose: purpose.clone(), ok, message }
}

/// Waits for the command with its stderr copied to ours as it comes, and
/// returns its status and the end of what it wrote there.
async fn status_and_stderr(mut command: tokio::process::Command) -> (io::Result<ExitStatus>, String) {
    command.stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => return (Err(e), String::new()),
    };
    let copy = child.stderr.take().map(|mut from| {
        tokio::spawn(async move {
            let mut tail: Vec<u8> = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = from.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                // The terminal first: the child's output must not wait for us.
                let mut to = io::stderr().lock();
                let _ = to.write_all(&buf[..n]);
                let _ = to.flush();
                drop(to);
                tail.extend_from_slice(&buf[..n]);
                if tail.len() > STDERR_TAIL {
                    tail.drain(..tail.len() - STDERR_TAIL);
                }
            }
            String::from_utf8_lossy(&tail).into_owned()
        })
    });
    let status = child.wait().await;
    let stderr = match copy {
        Some(task) => task.await.unwrap_or_default(),
        None => String::new(),
    };
    (status, stderr)
}

/// The last line of `stderr` that says something.
fn last_line(stderr: &str) -> Option<&str> {
    stderr.lines().map(str::trim).rfind(|line| !line.is_empty())
}

fn sso_login_outcome(command_line: &str, status: io::Result<ExitStatus>) -> (bool, String) {
    match status {
        Ok(s) if s.success() => (true, format!("{command_line} succeeded; retrying.")),
        Ok(s) => (false, format!("{command_line} failed ({s}); run it in another terminal, then press r.")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            (false, format!("The aws CLI is not installed here; run `{command_line}` where it is, then press r."))
        }
        Err(e) => (false, format!("Could not run {command_line}: {e}. Run it in another terminal, then press r.")),
    }
}

fn session_outcome(what: &str, command_line: &str, status: io::Result<ExitStatus>, stderr: &str) -> (bool, String) {
    match status {
        Ok(s) if s.success() => (true, format!("Left the {what}.")),
        Ok(_) if stderr.contains(PLUGIN_MISSING) => (
            false,
            format!(
                "Could not open the {what}: the aws CLI needs the Session Manager plugin, which is not installed \
                 here. Install it ({PLUGIN_INSTALL_URL}), then try again."
            ),
        ),
        Ok(s) => {
            let why = last_line(stderr).map(|line| format!(": {line}")).unwrap_or_default();
            (false, format!("The {what} failed ({s}){why}"))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => (
            false,
            format!(
                "Could not open the {what}: the aws CLI is not installed here (it runs `{command_line}`). Install \
                 it and the Session Manager plugin ({PLUGIN_INSTALL_URL}), then try again."
            ),
        ),
        Err(e) => (false, format!("Could not open the {what}: running {command_line} failed: {e}.")),
    }
}

/// While alive, awscope ignores Ctrl-Z (SIGTSTP) and Ctrl-\ (SIGQUIT): with
/// the terminal out of raw mode they reach every process in the foreground
/// group, and they are meant for the child (the aws CLI forwards them to
/// the remote shell). Dropping it restores what was there.
struct JobSignalsIgnored {
    previous: [(libc::c_int, libc::sighandler_t); 2],
}

impl JobSignalsIgnored {
    fn new() -> Self {
        let previous = [libc::SIGTSTP, libc::SIGQUIT].map(|signal| {
            // SAFETY: installing SIG_IGN has no memory-safety preconditions;
            // the previous disposition is put back on drop.
            (signal, unsafe { libc::signal(signal, libc::SIG_IGN) })
        });
        Self { previous }
    }
}

impl Drop for JobSignalsIgnored {
    fn drop(&mut self) {
        for (signal, handler) in self.previous {
            if handler != libc::SIG_ERR {
                // SAFETY: restores the disposition `new` replaced.
                unsafe { libc::signal(signal, handler) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exited(code: i32) -> io::Result<ExitStatus> {
        use std::os::unix::process::ExitStatusExt;
        Ok(ExitStatus::from_raw(code << 8))
    }

    const WHAT: &str = "shell in container web of task 3f2b";
    const LINE: &str = "aws ecs execute-command --interactive";

    #[test]
    fn a_missing_plugin_says_how_to_install_it() {
        let stderr = "\nSessionManagerPlugin is not found. Please refer to SessionManager Documentation here: \
                      http://docs.aws.amazon.com/console/systems-manager/session-manager-plugin-not-found\n";
        let (ok, message) = session_outcome(WHAT, LINE, exited(255), stderr);
        assert!(!ok);
        assert!(message.starts_with("Could not open the shell in container web of task 3f2b: the aws CLI needs"));
        assert!(message.contains(PLUGIN_INSTALL_URL), "{message}");
    }

    #[test]
    fn a_failure_keeps_the_last_thing_the_cli_said() {
        let stderr = "\nAn error occurred (AccessDeniedException) when calling the ExecuteCommand operation: \
                      not authorized to perform: ecs:ExecuteCommand\n\n";
        let (ok, message) = session_outcome(WHAT, LINE, exited(254), stderr);
        assert!(!ok);
        assert_eq!(
            message,
            "The shell in container web of task 3f2b failed (exit status: 254): An error occurred \
             (AccessDeniedException) when calling the ExecuteCommand operation: not authorized to perform: \
             ecs:ExecuteCommand"
        );
        assert_eq!(session_outcome(WHAT, LINE, exited(0), ""), (true, format!("Left the {WHAT}.")));
        let missing = Err(io::Error::from(io::ErrorKind::NotFound));
        let (_, message) = session_outcome(WHAT, LINE, missing, "");
        assert!(message.contains("the aws CLI is not installed here"), "{message}");
    }

    #[tokio::test]
    async fn a_session_gets_the_credentials_in_its_environment_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let script = dir.path().join("aws");
        let record = dir.path().join("seen");
        let body = format!(
            "#!/bin/sh\nprintf '%s|%s|%s|%s\\n' \"$*\" \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \
             \"${{AWS_SECURITY_TOKEN-unset}}\" > '{}'\necho '{PLUGIN_MISSING}. Please refer to SessionManager \
             Documentation here: http://docs.aws.amazon.com/console/systems-manager/session-manager-plugin-not-found' \
             >&2\nexit 255\n",
            record.display()
        );
        std::fs::write(&script, body).expect("write the script");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let env: ChildEnv = vec![
            ("AWS_ACCESS_KEY_ID", Some(Sensitive::new("AKIAEXAMPLE"))),
            ("AWS_SECRET_ACCESS_KEY", Some(Sensitive::new("s3cr3t-key"))),
            ("AWS_SECURITY_TOKEN", None),
        ];
        let purpose = ExternalPurpose::Session(WHAT.into());
        let args = vec!["ecs".to_owned(), "execute-command".to_owned()];
        let mut finished = Action::Quit;
        // A fresh script can still be open for writing in a process another
        // test thread forked meanwhile (ETXTBSY): run it again.
        for _ in 0..5 {
            finished = run_external("aws", &args, &purpose, &env, Some(dir.path().as_os_str())).await;
            match &finished {
                Action::ExternalFinished { message, .. } if message.contains("busy") => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                _ => break,
            }
        }

        let seen = std::fs::read_to_string(&record).expect("the fake aws ran");
        assert_eq!(seen, "ecs execute-command|AKIAEXAMPLE|s3cr3t-key|unset\n");
        let Action::ExternalFinished { purpose: answered, ok: false, message } = &finished else {
            panic!("{finished:?}")
        };
        assert_eq!(answered, &purpose);
        assert!(message.contains(PLUGIN_INSTALL_URL), "{message}");
        for shown in [format!("{finished:?}"), format!("{env:?}")] {
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
    }
}
