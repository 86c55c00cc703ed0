//! Logging to a file (never the terminal): `tracing` through a non-blocking
//! writer into a file only the user can read.

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing::level_filters::LevelFilter;
use tracing::{Level, Metadata};
use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// The filter used when `AWSCOPE_LOG` is not set.
pub const DEFAULT_FILTER: &str = "awscope=info,warn";

/// When the log file passes this size at start-up, it is moved to `<name>.1`.
const ROTATE_AT_BYTES: u64 = 10 * 1024 * 1024;

/// The default log file: `$XDG_STATE_HOME/awscope/awscope.log`, or
/// `~/.local/state/awscope/awscope.log`.
#[must_use]
pub fn default_path() -> PathBuf {
    let state = std::env::var_os("XDG_STATE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local").join("state")))
        .unwrap_or_else(std::env::temp_dir);
    state.join("awscope").join("awscope.log")
}

/// Opens `path` for appending with mode 0600 (tightening an existing file),
/// rotating it first when it has grown past 10 MiB.
///
/// # Errors
/// When the directory or file cannot be created.
pub fn open_log_file(path: &Path) -> io::Result<fs::File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    if fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT_BYTES) {
        let mut rotated = path.as_os_str().to_owned();
        rotated.push(".1");
        fs::rename(path, rotated)?;
    }
    let file = OpenOptions::new().create(true).append(true).mode(0o600).open(path)?;
    file.set_permissions(fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

/// Targets that can log secrets, and the most each may log whatever
/// `AWSCOPE_LOG` asks for. At trace level the SDK's runtime logs whole
/// response bodies, which can hold secrets (a decrypted SecureString,
/// temporary credentials), so it stops at debug. aws-config logs the
/// `credential_process` command line, whose arguments can hold secrets (a
/// password, a token), so those targets log nothing at all.
const CAPS: &[(&str, LevelFilter)] = &[
    ("aws_config::credential_process", LevelFilter::OFF),
    ("aws_config::sensitive_command", LevelFilter::OFF),
    ("aws_smithy_runtime", LevelFilter::DEBUG),
    ("aws_smithy_runtime_api", LevelFilter::DEBUG),
    ("aws_smithy_http_client", LevelFilter::DEBUG),
    ("hyper", LevelFilter::INFO),
    ("hyper_util", LevelFilter::INFO),
];

/// `filter` with [`CAPS`] added as directives, which outrank any the user
/// gave for the same target.
fn capped(filter: EnvFilter) -> EnvFilter {
    CAPS.iter()
        .filter_map(|(target, level)| format!("{target}={level}").parse().ok())
        .fold(filter, EnvFilter::add_directive)
}

/// Whether [`CAPS`] let `metadata` through. Directives alone are not enough:
/// a span or field directive in `AWSCOPE_LOG` (`[load_base_credentials]=trace`)
/// enables every target inside that span, so this gate runs beside the filter.
fn within_caps(metadata: &Metadata<'_>) -> bool {
    allowed(metadata.target(), *metadata.level())
}

/// Whether [`CAPS`] let an event of `target` at `level` through: the cap of
/// the longest matching target (a whole path segment) applies.
fn allowed(target: &str, level: Level) -> bool {
    CAPS.iter()
        .filter(|(prefix, _)| target.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with("::")))
        .max_by_key(|(prefix, _)| prefix.len())
        .is_none_or(|(_, cap)| level <= *cap)
}

/// The subscriber: `filter` (capped) and the caps' gate, writing plain text to `writer`.
fn subscriber<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(capped(filter))
        .with_writer(writer)
        .with_ansi(false)
        .finish()
        .with(filter_fn(within_caps))
}

/// Sends `tracing` output to `path`. Keep the guard alive until exit so the
/// last lines are flushed.
///
/// # Errors
/// When the log file cannot be opened.
pub fn init(path: &Path) -> io::Result<WorkerGuard> {
    let file = open_log_file(path)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = EnvFilter::try_from_env("AWSCOPE_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = subscriber(filter, writer).try_init();
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_file_is_private_even_if_it_existed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("nested").join("awscope.log");
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, "old\n").expect("write");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
        drop(open_log_file(&path).expect("open"));
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    /// Everything the subscriber writes, for tests.
    #[derive(Clone, Default)]
    struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Captured {
        fn text(&self) -> String {
            String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
        }
    }

    #[test]
    fn credential_process_targets_are_off_whatever_awscope_log_says() {
        // The user asks for everything, and for those targets by name.
        let asked = "trace,aws_config=trace,aws_config::credential_process=trace,aws_config::sensitive_command=trace";
        let filter = capped(EnvFilter::new(asked));
        let directives = filter.to_string();
        for target in ["aws_config::credential_process", "aws_config::sensitive_command"] {
            assert!(directives.contains(&format!("{target}=off")), "{directives}");
            assert!(!directives.contains(&format!("{target}=trace")), "{directives}");
        }
        assert!(directives.contains("aws_smithy_runtime=debug"), "{directives}");

        // And through the subscriber as built, including a span directive
        // that would otherwise enable every target inside the span.
        let captured = Captured::default();
        let writer = {
            let captured = captured.clone();
            move || captured.clone()
        };
        let filter = EnvFilter::new(format!("{asked},[load_base_credentials]=trace"));
        tracing::subscriber::with_default(subscriber(filter, writer), || {
            let span = tracing::debug_span!(target: "aws_config::profile::credentials", "load_base_credentials");
            let _entered = span.enter();
            tracing::debug!(target: "aws_config::credential_process", command = "get-creds --password hunter2", "loading");
            tracing::trace!(target: "aws_config::credential_process", command = "get-creds --password hunter2", "ran");
            tracing::error!(target: "aws_config::credential_process", "failed: hunter2");
            tracing::trace!(target: "aws_config::sensitive_command", "hunter2");
            tracing::trace!(target: "aws_smithy_runtime::client", "response body hunter2");
            tracing::debug!(target: "aws_smithy_runtime::client", "a debug line");
            tracing::trace!(target: "aws_config::profile::credentials", "a trace line");
        });
        let text = captured.text();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("a debug line") && text.contains("a trace line"), "other targets still log: {text}");
    }

    #[test]
    fn the_gate_matches_whole_target_segments() {
        assert!(!allowed("aws_config::credential_process", Level::ERROR));
        assert!(!allowed("aws_config::sensitive_command::inner", Level::ERROR));
        assert!(allowed("aws_config::credential_processor", Level::TRACE));
        assert!(allowed("aws_config::profile::credentials", Level::TRACE));
        assert!(allowed("hyper_util::client", Level::INFO));
        assert!(!allowed("hyper::proto", Level::DEBUG));
        assert!(allowed("aws_smithy_runtime::client", Level::DEBUG));
        assert!(!allowed("aws_smithy_runtime::client", Level::TRACE));
        assert!(allowed("awscope::app", Level::TRACE));
    }
}
