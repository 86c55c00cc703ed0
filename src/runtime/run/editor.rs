//! Editing text in the user's `$VISUAL` / `$EDITOR`: the text goes into a
//! private temporary directory (0700, file 0600), the terminal is handed to
//! the editor and taken back, and the directory — with any swap or backup
//! file the editor left — is removed whatever happens.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::app::action::{EditorOutcome, EditorRequest};
use crate::aws::ssm::Sensitive;
use crate::runtime::terminal::{self, Tui};

static NEXT: AtomicU64 = AtomicU64::new(0);

/// A private directory removed, with everything in it, when dropped.
struct PrivateDir(PathBuf);

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The editor command: `$VISUAL`, else `$EDITOR`, else `vi`.
fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_owned())
}

/// A file-name-safe version of the label's last segment.
fn file_stem(label: &str) -> String {
    let last = label.rsplit('/').next().unwrap_or(label);
    let clean: String = last.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).take(40).collect();
    if clean.is_empty() { "value".to_owned() } else { clean }
}

fn write_private(dir: &Path, label: &str, text: &str) -> io::Result<PathBuf> {
    DirBuilder::new().mode(0o700).create(dir)?;
    let path = dir.join(format!("{}.txt", file_stem(label)));
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(path)
}

/// Runs the editor on `request.text` and returns what the user saved. The
/// terminal is restored for the editor and entered again afterwards; only a
/// failure to enter it again is an error.
///
/// # Errors
/// When the terminal cannot be taken back after the editor exits.
pub async fn edit(tui: &mut Tui, request: &EditorRequest) -> io::Result<EditorOutcome> {
    let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "awscope-edit-{}-{stamp}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let path = match write_private(&dir, &request.label, request.text.expose()) {
        Ok(path) => path,
        Err(e) => {
            let _ = fs::remove_dir_all(&dir);
            return Ok(EditorOutcome::Failed(format!(
                "Could not create a private temporary file in {} ({e}); nothing was written. Set TMPDIR to a \
                 writable directory, then press e again.",
                dir.parent().map_or_else(|| dir.display().to_string(), |p| p.display().to_string())
            )));
        }
    };
    let _cleanup = PrivateDir(dir);
    let editor = editor_command();

    terminal::restore();
    // `sh -c` lets $EDITOR carry arguments (`code --wait`), as git does.
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("awscope-editor")
        .arg(&path)
        .status()
        .await;
    *tui = terminal::enter()?;

    let outcome = match status {
        Err(e) => EditorOutcome::Failed(format!(
            "Could not start the editor ({editor}: {e}); nothing was written. Set $EDITOR to your editor, then press e again."
        )),
        Ok(status) if !status.success() => EditorOutcome::Failed(format!(
            "The editor ({editor}) exited with {status}; nothing was written. Press e to edit again."
        )),
        Ok(_) => match fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => EditorOutcome::Saved(Sensitive::new(text)),
            Ok(Err(_)) => EditorOutcome::Failed(
                "The edited text is not valid UTF-8; nothing was written. Press e to edit again.".to_owned(),
            ),
            Err(e) => EditorOutcome::Failed(format!(
                "Could not read the edited file back ({e}); nothing was written. Press e to edit again."
            )),
        },
    };
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_temporary_file_is_private_and_removed() {
        let dir = std::env::temp_dir().join(format!("awscope-edit-test-{}", std::process::id()));
        let path = {
            let guard = PrivateDir(dir.clone());
            let path = write_private(&dir, "/app/dev/db/password", "s3cret").expect("write");
            assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("password.txt"));
            assert_eq!(fs::metadata(&dir).expect("dir").permissions().mode() & 0o777, 0o700);
            assert_eq!(fs::metadata(&path).expect("file").permissions().mode() & 0o777, 0o600);
            fs::write(dir.join(".password.txt.swp"), "swap").expect("swap file");
            drop(guard);
            path
        };
        assert!(!path.exists() && !dir.exists());
    }

    #[test]
    fn odd_labels_make_safe_file_names() {
        assert_eq!(file_stem("/a/b/../x y\u{202e}"), "xy");
        assert_eq!(file_stem("/"), "value");
    }
}
