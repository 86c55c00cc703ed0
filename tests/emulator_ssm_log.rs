//! With trace logging on, revealing SecureStrings (the value, and the
//! decrypted history) and browsing under an assumed role's session write no
//! secret to the log file: no value, no secret access key, no session token.
//! The log file is private (0600). One test per binary, because logging is
//! set up once per process.

use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::ssm::{self, Decrypt, Sensitive};
use awscope::runtime::loader::Loader;
use std::os::unix::fs::PermissionsExt;

use aws_credential_types::provider::ProvideCredentials;
use awscope::testbed::harness;
use awscope::testbed::{Account, BASE_PROFILE, SECOND_PROFILE, Scale, seed_parameters};

const SECRETS: [&str; 3] = [
    "demo-dev-db-password-not-a-real-secret",
    "sk_test_demo_dev_0000000000000000",
    "demo-prod-only-password-not-a-real-secret",
];

/// How every session token moto issues begins.
const MOTO_SESSION_TOKEN_PREFIX: &str = "FQoGZXIvYXdzEBYaD";

#[test]
fn revealing_with_trace_logging_writes_no_secret_to_the_log() {
    // SAFETY: this binary holds one test, and nothing else reads the
    // environment while it is set; the runtime starts afterwards.
    unsafe { std::env::set_var("AWSCOPE_LOG", "trace") };
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("awscope.log");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");

    let (session, static_keys) = runtime.block_on(async {
        let emulator = harness::emulator().await;
        let static_keys = std::fs::read_to_string(&emulator.profile_paths().credentials).expect("credentials file");
        let provider = harness::provider(&emulator, BASE_PROFILE).await;
        // Seeding puts the values, so it runs before logging starts: this
        // test is about reading them back.
        seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");
        let seeder = harness::provider(&emulator, SECOND_PROFILE).await;
        seed_parameters(&seeder, Account::Second, Scale::Test).await.expect("seed the second account");
        let guard = awscope::logging::init(&log).expect("log file");

        // The wrappers, as the pane calls them …
        for name in ["/app/dev/db/password", "/app/dev/stripe/api-key"] {
            let opened = ssm::get_parameter(name, Decrypt::No, &provider).await.expect("open");
            assert_eq!(opened.value, None);
            let revealed = ssm::get_parameter(name, Decrypt::Yes, &provider).await.expect("reveal");
            assert!(revealed.value.as_ref().is_some_and(|v| SECRETS.contains(&v.expose())));
            let history = ssm::parameter_history(name, Decrypt::Yes, &provider).collect_all().await.expect("history");
            assert!(history.iter().all(|v| v.value.as_ref().is_some_and(|v| !v.is_empty())));
        }

        // … and through the loader, whose actions carry the value.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut loader = Loader::new(tx, emulator.provider_options());
        loader.execute(Command::Connect {
            generation: 1,
            context: AwsContext { profile: Some(BASE_PROFILE.into()), ..AwsContext::default() },
        });
        // Skip notices other than results (such as when credentials expire).
        let mut next = async || loop {
            match rx.recv().await {
                Some(action @ (Action::Connected { .. } | Action::Loaded { .. } | Action::LoadFailed { .. })) => {
                    return Some(action);
                }
                Some(_) => {}
                None => return None,
            }
        };
        assert!(matches!(next().await, Some(Action::Connected { .. })));
        loader.execute(Command::Load {
            slot: Slot::Ssm(SsmSlot::Reveal),
            id: RequestId(1),
            generation: 1,
            request: LoadRequest::Ssm(SsmRequest::Reveal { name: "/app/dev/db/password".into() }),
        });
        match next().await {
            Some(action @ Action::Loaded { payload: Payload::Ssm(SsmPayload::Revealed(_)), .. }) => {
                let Action::Loaded { payload: Payload::Ssm(SsmPayload::Revealed(value)), .. } = &action else {
                    unreachable!()
                };
                assert_eq!(value.value.as_ref().map(Sensitive::expose), Some(SECRETS[0]));
                tracing::trace!(?action, "a revealed value, formatted with Debug");
            }
            other => panic!("unexpected {other:?}"),
        }
        // An assumed role's session, made with trace logging on: its keys
        // are what the log must not hold.
        let role = harness::provider(&emulator, SECOND_PROFILE).await;
        let credentials = role
            .sdk_config()
            .credentials_provider()
            .expect("a credentials provider")
            .provide_credentials()
            .await
            .expect("the role's session");
        let token = credentials.session_token().expect("a session token").to_owned();
        assert!(token.starts_with(MOTO_SESSION_TOKEN_PREFIX), "moto's tokens are recognisable");
        let session = [credentials.secret_access_key().to_owned(), token];
        let identity = awscope::aws::sts::caller_identity(&role).await.expect("identity under the role");
        assert_eq!(identity.account, Account::Second.id());
        awscope::aws::s3::list_buckets(&role).collect_all().await.expect("buckets under the role");
        let revealed = ssm::get_parameter("/app/prod-only/db/password", Decrypt::Yes, &role).await.expect("reveal");
        assert_eq!(revealed.value.as_ref().map(Sensitive::expose), Some(SECRETS[2]));
        tracing::trace!(?revealed, ?credentials, "a revealed value and a session, formatted with Debug");

        // … and the loader under the role, as the app switches to it.
        loader.execute(Command::Connect {
            generation: 2,
            context: AwsContext { profile: Some(SECOND_PROFILE.into()), ..AwsContext::default() },
        });
        assert!(matches!(next().await, Some(Action::Connected { generation: 2, .. })));
        loader.execute(Command::Load {
            slot: Slot::Ssm(SsmSlot::Reveal),
            id: RequestId(2),
            generation: 2,
            request: LoadRequest::Ssm(SsmRequest::Reveal { name: "/app/prod-only/db/password".into() }),
        });
        assert!(matches!(next().await, Some(Action::Loaded { payload: Payload::Ssm(SsmPayload::Revealed(_)), .. })));
        drop(guard);
        (session, static_keys)
    });

    let mode = std::fs::metadata(&log).expect("log file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the log file is private");
    let text = std::fs::read_to_string(&log).expect("log written");
    assert!(text.contains("AssumeRole"), "the role's calls were logged");
    for secret in &session {
        assert!(!text.contains(secret.as_str()), "the log holds the role session's secret key or token");
    }
    assert!(!text.contains(MOTO_SESSION_TOKEN_PREFIX), "the log holds a session token");
    let profile_secrets: Vec<&str> = static_keys
        .lines()
        .filter(|l| l.trim_start().starts_with("aws_secret_access_key"))
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.trim()))
        .collect();
    assert!(!profile_secrets.is_empty(), "the profile has a secret access key");
    for secret in profile_secrets {
        assert!(!text.contains(secret), "the log holds a profile's secret access key");
    }
    assert!(text.contains("GetParameter") && text.contains("GetParameterHistory"), "the calls were logged");
    assert!(text.contains("TRACE"), "trace logging was on");
    for secret in SECRETS {
        assert!(!text.contains(secret), "the log holds a revealed value");
    }
}
