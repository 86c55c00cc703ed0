//! The real binary in a pseudo-terminal against the local emulator, with the
//! SECOND account's temporary keys exported (`AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) and `--profile demo` on the
//! command line: as in the aws CLI, a profile named explicitly wins over
//! exported keys, so the header shows the base account and its buckets,
//! never the second account's.

mod common;

use aws_config::BehaviorVersion;
use aws_credential_types::Credentials;
use aws_sdk_sts::config::Region;
use awscope::testbed::emulator::{BASE_ACCOUNT, BASE_PROFILE, Emulator, HOME_REGION, SECOND_ACCOUNT, SECOND_ROLE_ARN};
use awscope::testbed::seed::{self, Account, Scale};
use common::pty::Session;

/// The second account's temporary keys, as `aws sts assume-role` would print them.
struct ExportedKeys {
    access_key_id: String,
    secret_access_key: String,
    session_token: String,
}

#[test]
fn an_explicit_profile_wins_over_exported_keys_of_another_account() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (emulator, base_buckets, second_buckets, keys) = runtime.block_on(async {
        let emulator = Emulator::start().await.unwrap_or_else(|e| panic!("{e}"));
        let base = emulator.provider(BASE_PROFILE).await.expect("demo profile");
        let second = emulator.provider("demo-prod").await.expect("demo-prod profile");
        let base_buckets = seed::seed_buckets(&base, Account::Base, Scale::Test).await.expect("seed base buckets");
        let second_buckets =
            seed::seed_buckets(&second, Account::Second, Scale::Test).await.expect("seed second buckets");

        let assumed = base
            .sts()
            .assume_role()
            .role_arn(SECOND_ROLE_ARN)
            .role_session_name("exported-keys")
            .send()
            .await
            .expect("assume the second account's role");
        let credentials = assumed.credentials().expect("temporary credentials");
        let keys = ExportedKeys {
            access_key_id: credentials.access_key_id().to_owned(),
            secret_access_key: credentials.secret_access_key().to_owned(),
            session_token: credentials.session_token().to_owned(),
        };

        // The exported keys really are the second account's: otherwise the
        // test below would prove nothing.
        let config = aws_sdk_sts::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(HOME_REGION))
            .endpoint_url(emulator.endpoint())
            .credentials_provider(Credentials::new(
                keys.access_key_id.clone(),
                keys.secret_access_key.clone(),
                Some(keys.session_token.clone()),
                None,
                "exported",
            ))
            .build();
        let who = aws_sdk_sts::Client::from_conf(config).get_caller_identity().send().await.expect("who am I");
        assert_eq!(who.account(), Some(SECOND_ACCOUNT), "the exported keys belong to the second account");

        let names = |buckets: Vec<seed::SeededBucket>| buckets.into_iter().map(|b| b.name).collect::<Vec<_>>();
        (emulator, names(base_buckets), names(second_buckets), keys)
    });

    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn_with(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", BASE_PROFILE],
        &[
            ("AWS_ACCESS_KEY_ID", &keys.access_key_id),
            ("AWS_SECRET_ACCESS_KEY", &keys.secret_access_key),
            ("AWS_SESSION_TOKEN", &keys.session_token),
        ],
    );

    let first = base_buckets.iter().min().expect("seeded at least one bucket").clone();
    let screen = session.wait_for("the base account's bucket list", |s| {
        s.contains(&first) && s.contains(BASE_ACCOUNT) && s.contains(&format!("S3 buckets ({})", base_buckets.len()))
    });
    assert!(screen.contains("(profile demo)"), "{screen}");
    assert!(!screen.contains(SECOND_ACCOUNT), "the second account must not show:\n{screen}");
    for name in &second_buckets {
        assert!(!screen.contains(name.as_str()), "the second account's bucket {name} must not show:\n{screen}");
    }
    // The exported secret is never drawn.
    assert!(!screen.contains(&keys.secret_access_key), "a secret reached the screen");

    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0");
    session.assert_restored();
    drop(emulator);
}
