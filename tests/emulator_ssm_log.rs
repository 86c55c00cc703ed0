//! With trace logging on, revealing SecureStrings (the value, and the
//! decrypted history) writes no secret to the log file. One test per binary,
//! because logging is set up once per process.

mod common;

use awscope::app::loader::Loader;
use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::ssm::{self, Decrypt, Sensitive};
use awscope::testbed::{Account, BASE_PROFILE, Scale, seed_parameters};

const SECRETS: [&str; 2] = ["demo-dev-db-password-not-a-real-secret", "sk_test_demo_dev_0000000000000000"];

#[test]
fn revealing_with_trace_logging_writes_no_secret_to_the_log() {
    // SAFETY: this binary holds one test, and nothing else reads the
    // environment while it is set; the runtime starts afterwards.
    unsafe { std::env::set_var("AWSCOPE_LOG", "trace") };
    let dir = tempfile::tempdir().expect("temp dir");
    let log = dir.path().join("awscope.log");
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");

    runtime.block_on(async {
        let emulator = common::emulator().await;
        let provider = common::provider(&emulator, BASE_PROFILE).await;
        // Seeding puts the values, so it runs before logging starts: this
        // test is about reading them back.
        seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");
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
        drop(guard);
    });

    let text = std::fs::read_to_string(&log).expect("log written");
    assert!(text.contains("GetParameter") && text.contains("GetParameterHistory"), "the calls were logged");
    assert!(text.contains("TRACE"), "trace logging was on");
    for secret in SECRETS {
        assert!(!text.contains(secret), "the log holds a revealed value");
    }
}
