//! The real binary started with a deep link, in a pseudo-terminal against the
//! local emulator: it opens at the prefix named, and Esc walks back up.

mod common;

use awscope::testbed::emulator::Emulator;
use awscope::testbed::seed::{self, Account, Scale};
use common::pty::Session;

#[test]
fn an_s3_uri_on_the_command_line_opens_at_that_prefix() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime.block_on(async {
        let emulator = Emulator::start().await.expect("start the moto emulator");
        let provider = emulator.provider("demo").await.expect("demo profile");
        seed::seed_buckets(&provider, Account::Base, Scale::Test).await.expect("seed buckets");
        emulator
    });
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let args = ["--profile", "demo", "s3://demo-awkward-keys/deep/a/b/"];
    let mut session = Session::spawn(home.path(), Some((&paths.config, &paths.credentials)), &args);

    session.wait_for("the deep prefix", |s| s.contains("s3://demo-awkward-keys/deep/a/b/") && s.contains("c/"));
    session.send(b"\x1b");
    session.wait_for("one level up", |s| {
        s.contains("s3://demo-awkward-keys/deep/a/")
            && !s.contains("s3://demo-awkward-keys/deep/a/b/")
            && s.contains("b/")
    });
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0");
    session.assert_restored();
}
