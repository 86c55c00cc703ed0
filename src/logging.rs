//! Logging to a file (never the terminal): `tracing` through a non-blocking
//! writer into a file only the user can read.

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

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

/// At trace level the SDK's runtime logs whole response bodies, which can
/// hold secrets (a decrypted SecureString, temporary credentials). Whatever
/// `AWSCOPE_LOG` asks for, those targets stop at debug.
fn capped(filter: EnvFilter) -> EnvFilter {
    [
        "aws_smithy_runtime=debug",
        "aws_smithy_runtime_api=debug",
        "aws_smithy_http_client=debug",
        "hyper=info",
        "hyper_util=info",
    ]
    .iter()
    .filter_map(|d| d.parse().ok())
    .fold(filter, EnvFilter::add_directive)
}

/// Sends `tracing` output to `path`. Keep the guard alive until exit so the
/// last lines are flushed.
///
/// # Errors
/// When the log file cannot be opened.
pub fn init(path: &Path) -> io::Result<WorkerGuard> {
    let file = open_log_file(path)?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = capped(EnvFilter::try_from_env("AWSCOPE_LOG").unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER)));
    // A second init (tests) keeps the first subscriber; that is fine.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).with_ansi(false).try_init();
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
}
