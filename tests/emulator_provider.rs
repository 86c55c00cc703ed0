//! `AwsProvider` against the moto emulator: static-key and role profiles land
//! in different accounts, ad-hoc roles work, and configuration mistakes become
//! the right `ProviderError`s.

use std::fs;

use awscope::aws::provider::ProviderError;
use awscope::aws::sts::caller_identity;
use awscope::aws::{AwsContext, AwsProvider};
use awscope::testbed::harness;
use awscope::testbed::{BASE_ACCOUNT, BASE_PROFILE, SECOND_ACCOUNT, SECOND_PROFILE, SECOND_ROLE_ARN};

#[tokio::test(flavor = "multi_thread")]
async fn static_and_role_profiles_reach_different_accounts() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;

    let base_id = caller_identity(&base).await.expect("GetCallerIdentity with the demo profile");
    let second_id = caller_identity(&second).await.expect("GetCallerIdentity with the demo-prod role profile");

    assert_eq!(base_id.account, BASE_ACCOUNT);
    assert_eq!(second_id.account, SECOND_ACCOUNT);
    assert_ne!(base_id.arn, second_id.arn);
    assert!(second_id.arn.contains(":assumed-role/demo-admin/"), "role session ARN: {}", second_id.arn);
}

/// What the demo does: no `--endpoint-url`, only the profiles' `endpoint_url`
/// (which the role profile's own STS call must honour too).
#[tokio::test(flavor = "multi_thread")]
async fn profiles_alone_point_at_the_emulator() {
    let emulator = harness::emulator().await;
    let options = emulator.profile_options();
    assert_eq!(options.endpoint_url, None);

    for (profile, account) in [(BASE_PROFILE, BASE_ACCOUNT), (SECOND_PROFILE, SECOND_ACCOUNT)] {
        let context = AwsContext { profile: Some(profile.to_owned()), ..AwsContext::default() };
        let provider = AwsProvider::connect(context, &options).await.expect("profile connects");
        assert_eq!(provider.environment().endpoint_url.as_deref(), Some(emulator.endpoint().as_str()));
        assert_eq!(provider.environment().region, "us-east-1", "the profile's region");
        let identity = caller_identity(&provider).await.expect("GetCallerIdentity via the profile's endpoint_url");
        assert_eq!(identity.account, account, "profile {profile}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ad_hoc_role_on_the_static_profile_reaches_the_second_account() {
    let emulator = harness::emulator().await;
    let provider = emulator.provider_with_role(BASE_PROFILE, SECOND_ROLE_ARN).await.expect("demo profile with a role");

    let identity = caller_identity(&provider).await.expect("GetCallerIdentity through the assumed role");

    assert_eq!(identity.account, SECOND_ACCOUNT);
    assert!(identity.arn.contains(":assumed-role/demo-admin/awscope-"), "default session name: {}", identity.arn);
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_profile_names_the_profile_and_the_files_searched() {
    let emulator = harness::emulator().await;
    let paths = emulator.profile_paths().clone();

    let err = emulator.provider("no-such-profile").await.expect_err("an unknown profile must not connect");

    match &err {
        ProviderError::UnknownProfile { profile, searched } => {
            assert_eq!(profile, "no-such-profile");
            assert!(searched.contains(&paths.config.display().to_string()), "searched: {searched}");
            assert!(searched.contains(&paths.credentials.display().to_string()), "searched: {searched}");
        }
        other => panic!("expected UnknownProfile, got {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("no-such-profile"), "{message}");
    assert!(message.contains(&paths.config.display().to_string()), "{message}");
}

/// Writes `config` and `credentials` into a temp dir and connects to `profile`.
async fn connect_with(
    config: &str,
    credentials: &str,
    profile: &str,
) -> (tempfile::TempDir, Result<AwsProvider, ProviderError>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = awscope::aws::profiles::ProfilePaths {
        config: dir.path().join("config"),
        credentials: dir.path().join("credentials"),
    };
    fs::write(&paths.config, config).expect("write config");
    fs::write(&paths.credentials, credentials).expect("write credentials");
    let options = awscope::aws::ProviderOptions { profile_files: Some(paths), ..Default::default() };
    let context =
        AwsContext { profile: Some(profile.to_owned()), region: Some("us-east-1".to_owned()), ..AwsContext::default() };
    let result = AwsProvider::connect(context, &options).await;
    (dir, result)
}

/// Asserts `result` is a `MalformedConfig` whose message names `file` and `line N`.
fn assert_malformed(result: Result<AwsProvider, ProviderError>, file: &std::path::Path, line: usize) {
    let file = file.display().to_string();
    let line = format!("line {line}");
    let Err(err) = result else { panic!("a malformed profile must not connect") };
    let ProviderError::MalformedConfig { detail } = &err else { panic!("expected MalformedConfig, got {err:?}") };
    assert!(detail.contains(&file), "detail names the file: {detail}");
    assert!(detail.contains(&line), "detail names the line: {detail}");
    let message = err.to_string();
    assert!(message.contains(&file) && message.contains(&line), "{message}");
}

const GOOD_CREDENTIALS: &str = "[demo]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n";

#[tokio::test(flavor = "multi_thread")]
async fn unterminated_profile_header_names_the_file_and_line() {
    let config = "[profile demo]\nregion = us-east-1\n\n# a comment\n[profile broken\nregion = eu-west-1\n";
    let (dir, result) = connect_with(config, GOOD_CREDENTIALS, "broken").await;
    assert_malformed(result, &dir.path().join("config"), 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn line_without_equals_in_the_profile_names_the_file_and_line() {
    let config = "[profile demo]\nregion = us-east-1\n# a comment\ngarbage without equals\n";
    let (dir, result) = connect_with(config, GOOD_CREDENTIALS, BASE_PROFILE).await;
    assert_malformed(result, &dir.path().join("config"), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn line_without_equals_in_credentials_names_the_file_and_line() {
    let config = "[profile demo]\nregion = us-east-1\n";
    let credentials = "[demo]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\ngarbage without equals\n";
    let (dir, result) = connect_with(config, credentials, BASE_PROFILE).await;
    assert_malformed(result, &dir.path().join("credentials"), 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn second_profile_is_the_role_profile() {
    // Guards the fixture itself: demo-prod must stay a role_arn profile on top of
    // demo, or the tests above would stop exercising AssumeRole.
    let emulator = harness::emulator().await;
    let config = fs::read_to_string(&emulator.profile_paths().config).expect("read config");
    let section = config.split(&format!("[profile {SECOND_PROFILE}]")).nth(1).expect("demo-prod section");
    assert!(section.contains(&format!("role_arn = {SECOND_ROLE_ARN}")), "{config}");
    assert!(section.contains(&format!("source_profile = {BASE_PROFILE}")), "{config}");
    let credentials = fs::read_to_string(&emulator.profile_paths().credentials).expect("read credentials");
    assert!(!credentials.contains(SECOND_PROFILE), "demo-prod must not have static keys: {credentials}");
}
