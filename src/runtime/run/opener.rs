//! Opening a URL in the user's browser: `$BROWSER` when set, else `open` on
//! macOS and `xdg-open` elsewhere. The opener runs detached, in its own
//! process group, with no access to the terminal awscope draws on.

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A program to run and its arguments, the URL among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opener {
    /// The program, found on `PATH`.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

/// The opener for `url`: the first `$BROWSER` entry found on `path` (entries
/// are separated by `:`; `%s` stands for the URL, else it goes last), else
/// the system opener of `os`, if it is installed.
#[must_use]
pub fn choose(url: &str, browser: Option<&str>, os: &str, path: Option<&OsStr>) -> Option<Opener> {
    let from_browser = browser.into_iter().flat_map(|b| b.split(':')).find_map(|entry| {
        let mut words = entry.split_whitespace();
        let program = find(words.next()?, path)?;
        let mut args: Vec<String> = words.map(str::to_owned).collect();
        if args.iter().any(|a| a.contains("%s")) {
            for arg in &mut args {
                *arg = arg.replace("%s", url);
            }
        } else {
            args.push(url.to_owned());
        }
        Some(Opener { program, args })
    });
    from_browser.or_else(|| {
        let system = if os == "macos" { "open" } else { "xdg-open" };
        find(system, path).map(|program| Opener { program, args: vec![url.to_owned()] })
    })
}

/// `program` if it names an executable file, else where it is on `path`.
fn find(program: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    if program.contains('/') {
        return executable(Path::new(program)).then(|| PathBuf::from(program));
    }
    std::env::split_paths(path?).map(|dir| dir.join(program)).find(|candidate| executable(candidate))
}

fn executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Opens `url` with the opener for this system, detached.
///
/// # Errors
/// What to tell the user (with the URL, so it can be opened by hand) when
/// there is no opener or it could not start.
pub fn open(url: &str) -> Result<(), String> {
    let browser = std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty());
    let path = std::env::var_os("PATH");
    let Some(opener) = choose(url, browser.as_deref(), std::env::consts::OS, path.as_deref()) else {
        return Err(format!("No browser opener found; URL: {url}"));
    };
    tracing::info!(target: "awscope::open", program = %opener.program.display(), %url, "opening in the browser");
    let spawned = Command::new(&opener.program)
        .args(&opener.args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn();
    match spawned {
        Ok(mut child) => {
            // Reaped in the background, so it never lingers as a zombie.
            std::thread::spawn(move || child.wait());
            Ok(())
        }
        Err(e) => Err(format!("Could not run {}: {e}; URL: {url}", opener.program.display())),
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn bin(dir: &Path, name: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, "#!/bin/sh\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }

    #[test]
    fn the_system_opener_is_used_when_browser_is_unset() {
        let dir = tempfile::tempdir().expect("tempdir");
        let xdg = bin(dir.path(), "xdg-open");
        let open = bin(dir.path(), "open");
        let path = dir.path().as_os_str();
        let url = "https://example.test/a?b=c";
        assert_eq!(choose(url, None, "linux", Some(path)), Some(Opener { program: xdg, args: vec![url.to_owned()] }));
        assert_eq!(choose(url, None, "macos", Some(path)).map(|o| o.program), Some(open));
    }

    #[test]
    fn browser_wins_and_may_place_the_url() {
        let dir = tempfile::tempdir().expect("tempdir");
        bin(dir.path(), "xdg-open");
        let firefox = bin(dir.path(), "firefox");
        let path = dir.path().as_os_str();
        let url = "https://example.test/";
        let chosen = choose(url, Some("missing-browser:firefox --new-tab %s"), "linux", Some(path));
        assert_eq!(chosen, Some(Opener { program: firefox.clone(), args: vec!["--new-tab".into(), url.into()] }));
        let appended = choose(url, Some("firefox -P work"), "linux", Some(path));
        assert_eq!(appended.map(|o| o.args), Some(vec!["-P".to_owned(), "work".into(), url.into()]));
    }

    #[test]
    fn nothing_on_path_means_no_opener() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("xdg-open"), "not executable").expect("write");
        assert_eq!(choose("u", Some("nope"), "linux", Some(dir.path().as_os_str())), None);
        assert_eq!(choose("u", None, "linux", None), None);
    }
}
