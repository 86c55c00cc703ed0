//! The SSM wrappers and loader against the moto emulator, after seeding the
//! `/app/…` parameters: the tree, reveal, history, the version-conflict
//! guard, and create/delete round trips.

use std::collections::BTreeSet;
use std::time::Duration;

use awscope::app::ssm::tree::{Entry, ParameterTree};
use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::aws::ssm::{self, Decrypt, ParameterType, ParameterWrite, PutParameter, Sensitive, SsmError};
use awscope::runtime::loader::Loader;
use awscope::testbed::harness;
use awscope::testbed::{Account, BASE_PROFILE, ParameterKind, Scale, seed_parameters};
use tokio::sync::mpsc;

fn entry_names(entries: &[Entry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| match e {
            Entry::Folder { name, .. } => format!("{name}/"),
            Entry::Parameter(p) => p.name.rsplit('/').next().unwrap_or(&p.name).to_owned(),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seeded_app_tree_browses_like_folders() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");

    let listed = ssm::list_parameters(None, &provider).collect_all().await.expect("DescribeParameters");

    let seeded_names: BTreeSet<&str> = seeded.iter().map(|p| p.name.as_str()).collect();
    let listed_names: BTreeSet<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(listed_names, seeded_names, "every seeded parameter is listed, nothing else");
    for p in &seeded {
        let found = listed.iter().find(|l| l.name == p.name).expect("listed");
        let kind = match p.kind {
            ParameterKind::String => ParameterType::String,
            ParameterKind::StringList => ParameterType::StringList,
            ParameterKind::SecureString => ParameterType::SecureString,
        };
        assert_eq!(found.kind, kind, "type of {}", p.name);
        assert_eq!(found.version, 1);
    }

    let mut tree = ParameterTree::default();
    tree.insert_page(listed, "");
    assert_eq!(entry_names(&tree.entries("")), ["app/", "shared/"]);
    assert_eq!(entry_names(&tree.entries("/app")), ["dev/", "prod/"]);
    assert_eq!(entry_names(&tree.entries("/app/dev")), ["api/", "config/", "db/", "feature-flags/", "stripe/", "motd"]);
    assert_eq!(entry_names(&tree.entries("/app/dev/db")), ["host", "password", "port", "username"]);

    // A folder reload with the Path filter sees exactly that folder's subtree.
    let under = ssm::list_parameters(Some("/app/dev"), &provider).collect_all().await.expect("Path filter");
    let expected: BTreeSet<&str> = seeded_names.iter().copied().filter(|n| n.starts_with("/app/dev/")).collect();
    assert_eq!(under.iter().map(|p| p.name.as_str()).collect::<BTreeSet<_>>(), expected);

    let by_path = ssm::get_parameters_by_path("/app/dev", Decrypt::No, &provider).collect_all().await.expect("by path");
    assert_eq!(by_path.iter().map(|p| p.name.as_str()).collect::<BTreeSet<_>>(), expected);
    assert!(
        by_path.iter().filter(|p| p.kind.is_secure()).all(|p| p.value.is_none()),
        "no SecureString value without decryption"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reveal_decrypts_and_json_parses() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");

    let masked = ssm::get_parameter("/app/dev/db/password", Decrypt::No, &provider).await.expect("GetParameter");
    assert_eq!(masked.kind, ParameterType::SecureString);
    assert_eq!(masked.value, None);

    let revealed = ssm::get_parameter("/app/dev/db/password", Decrypt::Yes, &provider).await.expect("decrypt");
    assert_eq!(revealed.value.as_ref().map(Sensitive::expose), Some("demo-dev-db-password-not-a-real-secret"));
    assert_eq!(
        ssm::get_parameter_value("/app/prod/stripe/api-key", &provider).await.expect("value").expose(),
        "sk_test_demo_prod_0000000000000000"
    );

    let config = ssm::get_parameter_json("/app/prod/config/json", &provider).await.expect("json");
    assert!(matches!(config, ssm::json::Json::Object(ref members) if members.iter().any(|(k, _)| k == "replicas")));

    let missing = ssm::get_parameter("/app/dev/nope", Decrypt::No, &provider).await.expect_err("missing");
    assert_eq!(missing, SsmError::ParameterNotFound { name: "/app/dev/nope".into() });
}

#[tokio::test(flavor = "multi_thread")]
async fn history_lists_every_version_after_two_updates() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");
    let name = "/app/dev/api/timeout-ms";

    for (expected_version, value) in [(1, "3000"), (2, "3500")] {
        let write = ParameterWrite::Update { name: name.into(), expected_version, value: Sensitive::new(value) };
        let outcome = ssm::guarded_write(&write, &provider).await.expect("update");
        assert_eq!((outcome.version, outcome.raced), (Some(expected_version + 1), false));
    }

    let history = ssm::parameter_history(name, Decrypt::No, &provider).collect_all().await.expect("history");
    let versions: Vec<(i64, &str)> =
        history.iter().map(|v| (v.version, v.value.as_ref().map_or("", Sensitive::expose))).collect();
    assert_eq!(versions, [(1, "2500"), (2, "3000"), (3, "3500")]);
    assert!(history.iter().all(|v| v.kind == ParameterType::String));

    let secure = ssm::parameter_history("/app/dev/db/password", Decrypt::No, &provider).collect_all().await.expect("h");
    assert!(secure.iter().all(|v| v.value.is_none()), "secure versions stay masked without decryption");
    let decrypted =
        ssm::parameter_history("/app/dev/db/password", Decrypt::Yes, &provider).collect_all().await.expect("h");
    assert_eq!(decrypted[0].value.as_ref().map(Sensitive::expose), Some("demo-dev-db-password-not-a-real-secret"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_guard_refuses_a_write_when_another_writer_got_there_first() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");
    let name = "/app/dev/db/host";

    // The user opens the parameter at version 1 …
    let opened = ssm::get_parameter(name, Decrypt::No, &provider).await.expect("open");
    assert_eq!(opened.version, 1);
    // … someone else writes in between …
    let other = PutParameter {
        name: name.into(),
        value: Sensitive::new("db-replaced-by-someone-else.example.com"),
        kind: ParameterType::String,
        description: None,
        key_id: None,
        tier: None,
        overwrite: true,
    };
    assert_eq!(ssm::put_parameter(&other, &provider).await.expect("other writer"), 2);
    // … and the user's write is refused, naming both versions.
    let mine = ParameterWrite::Update {
        name: name.into(),
        expected_version: opened.version,
        value: Sensitive::new("db-mine.example.com"),
    };
    let err = ssm::check_write(&mine, &provider).await.expect_err("the check refuses");
    assert!(matches!(err, SsmError::VersionConflict { expected: 1, found: 2, .. }), "{err:?}");
    let err = ssm::guarded_write(&mine, &provider).await.expect_err("the write refuses");
    assert!(err.to_string().contains("Nothing was written"), "{err}");

    let now = ssm::get_parameter(name, Decrypt::No, &provider).await.expect("re-read");
    assert_eq!(now.version, 2);
    assert_eq!(now.value.as_ref().map(Sensitive::expose), Some("db-replaced-by-someone-else.example.com"));
}

#[tokio::test(flavor = "multi_thread")]
async fn create_and_delete_round_trip() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");
    let name = "/app/dev/new/secret-token";

    let create = ParameterWrite::Create {
        name: name.into(),
        kind: ParameterType::SecureString,
        value: Sensitive::new("tok-123"),
        description: Some("Created by the emulator test".into()),
    };
    let created = ssm::guarded_write(&create, &provider).await.expect("created");
    assert_eq!(created.version, Some(1));
    let meta = ssm::describe_parameter(name, &provider).await.expect("described");
    assert_eq!(meta.kind, ParameterType::SecureString);
    assert_eq!(meta.description.as_deref(), Some("Created by the emulator test"));
    assert_eq!(ssm::get_parameter_value(name, &provider).await.expect("value").expose(), "tok-123");

    let again = ssm::guarded_write(&create, &provider).await.expect_err("exists");
    assert_eq!(again, SsmError::AlreadyExists { name: name.into(), version: Some(1) });

    let stale = ParameterWrite::Delete { name: name.into(), expected_version: 7 };
    assert!(matches!(ssm::guarded_write(&stale, &provider).await, Err(SsmError::VersionConflict { .. })));
    let delete = ParameterWrite::Delete { name: name.into(), expected_version: 1 };
    let deleted = ssm::guarded_write(&delete, &provider).await.expect("deleted");
    assert_eq!(deleted.version, None);
    assert_eq!(
        ssm::get_parameter(name, Decrypt::No, &provider).await.expect_err("gone"),
        SsmError::ParameterNotFound { name: name.into() }
    );
    assert_eq!(
        ssm::delete_parameter(name, &provider).await.expect_err("gone"),
        SsmError::ParameterNotFound { name: name.into() }
    );
}

/// The next connection or load result, skipping other notices (such as
/// when the credentials expire).
async fn next_action(rx: &mut mpsc::UnboundedReceiver<Action>) -> Action {
    loop {
        match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
            Ok(Some(
                action @ (Action::Connected { .. }
                | Action::ConnectFailed { .. }
                | Action::Loaded { .. }
                | Action::LoadFailed { .. }),
            )) => return action,
            Ok(Some(_)) => {}
            Ok(None) => panic!("the loader hung up"),
            Err(_) => panic!("no result within 30 s"),
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_loader_streams_the_listing_page_by_page() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_parameters(&provider, Account::Base, Scale::Test).await.expect("seed parameters");

    let (tx, mut rx) = mpsc::unbounded_channel();
    let mut loader = Loader::new(tx, emulator.provider_options());
    let context = AwsContext { profile: Some(BASE_PROFILE.into()), ..AwsContext::default() };
    loader.execute(Command::Connect { generation: 1, context });
    assert!(matches!(next_action(&mut rx).await, Action::Connected { generation: 1, .. }));

    loader.execute(Command::Load {
        slot: Slot::Ssm(SsmSlot::Tree),
        id: RequestId(7),
        generation: 1,
        request: LoadRequest::Ssm(SsmRequest::List { path: None }),
    });
    let mut pages = 0;
    let mut names = BTreeSet::new();
    loop {
        match next_action(&mut rx).await {
            Action::Loaded { id: RequestId(7), payload: Payload::Ssm(SsmPayload::Parameters(page)), more, .. } => {
                pages += 1;
                names.extend(page.into_iter().map(|p| p.name));
                if !more {
                    break;
                }
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // moto serves DescribeParameters ten at a time, whatever MaxResults says.
    assert!(pages >= seeded.len() / 10, "{pages} pages for {} parameters", seeded.len());
    assert_eq!(names.len(), seeded.len());

    loader.execute(Command::Load {
        slot: Slot::Ssm(SsmSlot::Reveal),
        id: RequestId(8),
        generation: 1,
        request: LoadRequest::Ssm(SsmRequest::Reveal { name: "/app/dev/db/password".into() }),
    });
    match next_action(&mut rx).await {
        Action::Loaded { payload: Payload::Ssm(SsmPayload::Revealed(value)), .. } => {
            assert_eq!(value.value.as_ref().map(Sensitive::expose), Some("demo-dev-db-password-not-a-real-secret"));
        }
        other => panic!("unexpected {other:?}"),
    }
}
