//! The real binary in a pseudo-terminal against the local emulator: it shows
//! the seeded buckets and the account, and leaves the terminal as it found it
//! on `q` and on SIGTERM.

mod common;

use awscope::testbed::emulator::Emulator;
use awscope::testbed::seed::{self, Account, Scale};
use common::pty::Session;

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

    session.signal(libc::SIGTERM);
    assert_eq!(session.wait_exit(), 128 + 15);
    session.assert_restored();
}

#[test]
fn command_bar_filter_and_help_in_a_real_terminal() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (emulator, keys, bucket) = runtime.block_on(async {
        let emulator = Emulator::start().await.expect("start the moto emulator");
        let provider = emulator.provider("demo").await.expect("demo profile");
        let buckets = seed::seed_buckets(&provider, Account::Base, Scale::Test).await.expect("seed buckets");
        let big = buckets.into_iter().max_by_key(|b| b.keys.len()).expect("a bucket");
        (emulator, big.keys, big.name)
    });
    // A prefix two levels down, and the entries right under it.
    let deep = keys.iter().find(|k| k.matches('/').count() >= 2).expect("a key two folders deep");
    let mut parts = deep.split('/');
    let prefix = format!("{}/{}/", parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let mut children: Vec<String> = keys
        .iter()
        .filter_map(|k| k.strip_prefix(&prefix))
        .map(|rest| rest.split_inclusive('/').next().unwrap_or(rest).to_owned())
        .collect();
    children.sort();
    children.dedup();
    assert!(children.len() >= 2, "the prefix has entries to filter: {children:?}");

    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn(home.path(), Some((&paths.config, &paths.credentials)), &["--profile", "demo"]);
    session.wait_for("the bucket list", |s| s.contains(&bucket));

    session.send(format!(":s3 {bucket}/{prefix}\r").as_bytes());
    let uri = format!("s3://{bucket}/{prefix}");
    let first = children[0].clone();
    session.wait_for("the prefix listing", |s| s.contains(&uri) && s.contains(first.trim_end_matches('/')));

    // `/` narrows to the rows holding the text, and the title counts them.
    let last = children.last().expect("children").trim_end_matches('/').to_owned();
    session.send(b"/");
    session.send(last.as_bytes());
    let total = children.len();
    let screen = session
        .wait_for("the filtered listing", |s| s.contains(&format!("/{last} ")) && s.contains(&format!("/{total}")));
    assert!(!screen.contains(&format!(" {} ", first.trim_end_matches('/'))) || first == last, "{screen}");
    session.send(b"\r");

    session.send(b"?");
    session.wait_for("help", |s| s.contains("Global") && s.contains("command bar"));
    session.send(b"\x1b");
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0");
    session.assert_restored();
}
