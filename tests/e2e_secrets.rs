//! The real binary, logging at trace into a file, under an assumed role's
//! session: revealing a SecureString with `x` puts it on screen and nowhere
//! in the log, and neither the session's keys nor the profile's secret key
//! are logged. The log file is private (0600).

mod common;

use std::os::unix::fs::PermissionsExt;

use aws_sdk_ssm::types::ParameterType;
use awscope::testbed::harness;
use awscope::testbed::{SECOND_ACCOUNT, SECOND_PROFILE};
use common::pty::Session;

const SECRET: &str = "e2e-role-secret-value-not-a-real-secret";
/// How every session token moto issues begins.
const MOTO_SESSION_TOKEN_PREFIX: &str = "FQoGZXIvYXdzEBYaD";

#[test]
fn a_revealed_secret_and_the_role_session_stay_out_of_the_trace_log() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime.block_on(async {
        let emulator = harness::emulator().await;
        let role = harness::provider(&emulator, SECOND_PROFILE).await;
        role.ssm()
            .put_parameter()
            .name("/e2e-secret")
            .value(SECRET)
            .r#type(ParameterType::SecureString)
            .send()
            .await
            .expect("put the secret");
        emulator
    });
    let credentials = std::fs::read_to_string(&emulator.profile_paths().credentials).expect("credentials file");
    let profile_secrets: Vec<&str> = credentials
        .lines()
        .filter(|l| l.trim_start().starts_with("aws_secret_access_key"))
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.trim()))
        .collect();
    assert!(!profile_secrets.is_empty(), "the profiles have a secret access key");

    let home = tempfile::tempdir().expect("home");
    let logs = tempfile::tempdir().expect("log dir");
    let log = logs.path().join("trace.log");
    let paths = emulator.profile_paths().clone();
    let log_arg = log.display().to_string();
    let mut session = Session::spawn_with(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", SECOND_PROFILE, "--log-file", &log_arg],
        &[("AWSCOPE_LOG", "trace")],
    );

    session.wait_for("the role's account", |s| s.contains(SECOND_ACCOUNT));
    session.send(b"3");
    session.wait_for("the parameter", |s| s.contains("e2e-secret") && s.contains("SecureString"));
    session.send(b"\r");
    let masked = session.wait_for("the masked value", |s| s.contains("SecureString, masked"));
    assert!(!masked.contains(SECRET));
    session.send(b"x");
    session.wait_for("the revealed value", |s| s.contains(SECRET));
    session.send(b"q");
    assert_eq!(session.wait_exit(), 0);
    session.assert_restored();

    let mode = std::fs::metadata(&log).expect("log file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the log file is private");
    let text = std::fs::read_to_string(&log).expect("log file");
    assert!(text.contains("TRACE"), "trace logging was on");
    assert!(text.contains("AssumeRole") && text.contains("GetParameter"), "the calls were logged");
    assert!(!text.contains(SECRET), "the log holds the revealed value");
    assert!(!text.contains(MOTO_SESSION_TOKEN_PREFIX), "the log holds the session token");
    for secret in profile_secrets {
        assert!(!text.contains(secret), "the log holds a profile's secret access key");
    }
}
