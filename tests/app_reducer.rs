//! `App::update` without a terminal or network: keys become commands, and
//! stale results never reach the screen.

use awscope::app::s3::{S3Payload, S3Request, S3Slot};
use awscope::app::{Action, App, Command, Connection, Failure, LoadRequest, LoadState, Pane, Payload, RequestId, Slot};
use awscope::aws::s3::Bucket;
use awscope::aws::{AwsContext, ErrorKind};
use awscope::testbed::harness::{ch, context, ctrl, environment, key};
use crossterm::event::KeyCode;

fn buckets(names: &[&str]) -> Vec<Bucket> {
    names.iter().map(|n| Bucket { name: (*n).into(), created: None, region: Some("us-east-1".into()) }).collect()
}

/// Starts an app and connects it; returns the app and the bucket load's id.
fn connected_app() -> (App, RequestId) {
    let mut app = App::new(context("dev"), false, (100, 30));
    let start = app.start();
    assert_eq!(start, vec![Command::Connect { generation: 1, context: context("dev") }]);
    let commands = app.update(Action::Connected { generation: 1, environment: environment(&context("dev")) });
    let bucket_load = commands
        .iter()
        .find_map(|c| match c {
            Command::Load {
                slot: Slot::S3(S3Slot::Buckets),
                id,
                generation: 1,
                request: LoadRequest::S3(S3Request::Buckets),
            } => Some(*id),
            _ => None,
        })
        .expect("connecting loads the visible pane");
    assert!(commands.iter().any(|c| matches!(c, Command::Load { slot: Slot::Identity, .. })), "{commands:?}");
    (app, bucket_load)
}

#[test]
fn pages_stream_in_and_the_last_one_completes_the_list() {
    let (mut app, id) = connected_app();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["a", "b"]))),
        more: true,
    });
    assert_eq!(app.panes.s3.buckets.items.len(), 2);
    assert_eq!(app.panes.s3.buckets.state, LoadState::Loading);
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["c"]))),
        more: false,
    });
    assert_eq!(app.panes.s3.buckets.items.len(), 3);
    assert_eq!(app.panes.s3.buckets.state, LoadState::Complete);
}

#[test]
fn a_result_for_an_old_request_id_is_dropped() {
    let (mut app, first) = connected_app();
    // Refresh: a new request replaces the first.
    let commands = app.update(ch('r'));
    let second = commands
        .iter()
        .find_map(|c| match c {
            Command::Load { slot: Slot::S3(S3Slot::Buckets), id, .. } => Some(*id),
            _ => None,
        })
        .expect("r reloads");
    assert_ne!(first, second);

    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id: first,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["stale"]))),
        more: false,
    });
    assert!(app.panes.s3.buckets.items.is_empty(), "a page from the replaced request must not show");
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id: second,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["fresh"]))),
        more: false,
    });
    assert_eq!(app.panes.s3.buckets.items[0].name, "fresh");
}

#[test]
fn a_switch_keeps_the_old_context_until_the_new_one_connects_then_drops_everything_old() {
    let (mut app, id) = connected_app();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["dev-bucket"]))),
        more: true,
    });

    let commands = app.switch_context(context("prod"));
    assert_eq!(commands, vec![Command::Connect { generation: 2, context: context("prod") }]);
    // Until prod is ready, dev stays on screen under dev's own header.
    assert_eq!(app.context, context("dev"));
    assert_eq!(app.panes.s3.buckets.items.len(), 1);

    // prod connects: cancel everything, then reload the visible pane first.
    let commands = app.update(Action::Connected { generation: 2, environment: environment(&context("prod")) });
    assert_eq!(commands[0], Command::CancelAll);
    assert!(
        matches!(&commands[1], Command::Load { slot: Slot::S3(S3Slot::Buckets), generation: 2, .. }),
        "{commands:?}"
    );
    assert!(matches!(&commands[2], Command::Load { slot: Slot::Identity, generation: 2, .. }), "{commands:?}");
    assert_eq!(app.context, context("prod"));
    assert!(app.panes.s3.buckets.items.is_empty(), "the old account's rows are gone");
    assert!(app.identity.is_none());

    // A slow page from dev arrives late, with the very same request id.
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["late-dev"]))),
        more: false,
    });
    assert!(app.panes.s3.buckets.items.is_empty(), "no frame shows dev's rows under prod");
    // So does dev's identity.
    let dev =
        awscope::aws::sts::CallerIdentity { account: "111111111111".into(), arn: "dev".into(), user_id: "u".into() };
    app.update(Action::Loaded {
        slot: Slot::Identity,
        id: RequestId(1),
        generation: 1,
        payload: Payload::Identity(dev),
        more: false,
    });
    assert!(app.identity.is_none());
    // And a stale connect for an older generation changes nothing.
    assert!(app.update(Action::Connected { generation: 1, environment: environment(&context("dev")) }).is_empty());
    assert_eq!(app.context, context("prod"));
}

#[test]
fn a_failed_switch_changes_nothing_but_the_message() {
    let (mut app, id) = connected_app();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["kept"]))),
        more: false,
    });
    app.switch_context(context("broken"));
    app.update(Action::ConnectFailed {
        generation: 2,
        error: Failure {
            kind: ErrorKind::AccessDenied,
            message: "Could not assume arn:…: MultiFactorAuthentication failed".into(),
        },
    });
    assert_eq!(app.context, context("dev"));
    assert_eq!(app.panes.s3.buckets.items[0].name, "kept");
    assert!(app.status.as_ref().is_some_and(|s| s.is_error && s.text.contains("MultiFactorAuthentication")));
    assert!(app.pending.is_none());
}

#[test]
fn a_profile_that_needs_mfa_asks_for_a_code_and_retries_with_it() {
    let (mut app, _) = connected_app();
    app.switch_context(context("mfa-admin"));
    app.update(Action::MfaRequired {
        generation: 2,
        context: context("mfa-admin"),
        profile: "mfa-admin".into(),
        serial: "arn:aws:iam::123456789012:mfa/me".into(),
    });
    assert!(matches!(app.overlay(), Some(awscope::app::switch::Overlay::Mfa(_))));
    for c in "123456".chars() {
        app.update(ch(c));
    }
    let commands = app.update(key(KeyCode::Enter));
    let expected = AwsContext { mfa_code: Some("123456".into()), ..context("mfa-admin") };
    assert_eq!(commands, vec![Command::Connect { generation: 3, context: expected }]);
}

#[test]
fn keys_move_the_selection_and_scroll() {
    let (mut app, id) = connected_app();
    let names: Vec<String> = (0..300).map(|i| format!("bucket-{i:03}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&refs))),
        more: false,
    });
    let rows = app.list_rows();

    app.update(ch('j'));
    app.update(key(KeyCode::Down));
    assert_eq!(app.panes.s3.buckets.selected, 2);
    app.update(key(KeyCode::PageDown));
    assert_eq!(app.panes.s3.buckets.selected, 2 + rows);
    assert!(app.panes.s3.buckets.offset > 0 && app.panes.s3.buckets.selected < app.panes.s3.buckets.offset + rows);
    app.update(ch('G'));
    assert_eq!(app.panes.s3.buckets.selected, 299);
    assert_eq!(app.panes.s3.buckets.offset, 300 - rows);
    app.update(ch('k'));
    assert_eq!(app.panes.s3.buckets.selected, 298);
    app.update(ch('g'));
    assert_eq!((app.panes.s3.buckets.selected, app.panes.s3.buckets.offset), (0, 0));
}

#[test]
fn esc_cancels_a_running_load_and_keeps_the_rows() {
    let (mut app, id) = connected_app();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["a"]))),
        more: true,
    });
    let commands = app.update(key(KeyCode::Esc));
    assert_eq!(commands, vec![Command::Cancel(Slot::S3(S3Slot::Buckets))]);
    assert_eq!(app.panes.s3.buckets.state, LoadState::Cancelled);
    assert_eq!(app.panes.s3.buckets.items.len(), 1);
    assert!(!app.is_busy() || app.in_flight() == 1, "only the identity may still load");
    // A page that was already on its way is ignored.
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["b"]))),
        more: false,
    });
    assert_eq!(app.panes.s3.buckets.items.len(), 1);
}

#[test]
fn a_failure_keeps_partial_rows_and_r_retries() {
    let (mut app, id) = connected_app();
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets(&["a"]))),
        more: true,
    });
    let failure = Failure { kind: ErrorKind::Throttled, message: "throttled".into() };
    app.update(Action::LoadFailed { slot: Slot::S3(S3Slot::Buckets), id, generation: 1, error: failure.clone() });
    assert_eq!(app.panes.s3.buckets.state, LoadState::Failed(failure));
    assert_eq!(app.panes.s3.buckets.items.len(), 1);
    let commands = app.update(ch('r'));
    assert!(commands.iter().any(|c| matches!(c, Command::Load { slot: Slot::S3(S3Slot::Buckets), .. })));
}

#[test]
fn panes_switch_by_number_and_tab_and_quit_cancels_everything() {
    let (mut app, _) = connected_app();
    app.update(ch('3'));
    assert_eq!(app.pane, Pane::Ssm);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.pane, Pane::Ecs);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.pane, Pane::Logs);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.pane, Pane::Find);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.pane, Pane::S3);
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.pane, Pane::Find);
    let commands = app.update(ch('q'));
    assert_eq!(commands, vec![Command::CancelAll, Command::Quit]);
    assert!(app.should_quit());
}

#[test]
fn ctrl_c_quits_and_ctrl_z_suspends() {
    let (mut app, _) = connected_app();
    let commands = app.update(ctrl('z'));
    assert_eq!(commands, vec![Command::Suspend]);
    let commands = app.update(ctrl('c'));
    assert_eq!(commands, vec![Command::CancelAll, Command::Quit]);
}

#[test]
fn help_opens_and_closes_without_touching_the_list() {
    let (mut app, _) = connected_app();
    app.update(ch('?'));
    assert!(app.help_open());
    assert!(app.update(ch('j')).is_empty());
    app.update(key(KeyCode::Esc));
    assert!(!app.help_open());
}

#[test]
fn a_failed_connection_is_retried_with_r_under_a_new_generation() {
    let mut app = App::new(context("nope"), false, (100, 30));
    app.start();
    app.update(Action::ConnectFailed {
        generation: 1,
        error: Failure { kind: ErrorKind::Config, message: "Profile nope is not defined".into() },
    });
    assert!(matches!(app.connection, Connection::Failed(_)));
    let commands = app.update(ch('r'));
    assert_eq!(commands, vec![Command::Connect { generation: 2, context: context("nope") }]);
}

#[test]
fn the_spinner_turns_only_while_loading() {
    let (mut app, id) = connected_app();
    app.take_dirty();
    app.update(Action::Tick);
    assert!(app.take_dirty());
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(vec![])),
        more: false,
    });
    app.update(Action::Loaded {
        slot: Slot::Identity,
        id: RequestId(2), // the visible pane loads first (1), then the identity (2)
        generation: 1,
        payload: Payload::Identity(awscope::aws::sts::CallerIdentity {
            account: "1".into(),
            arn: "a".into(),
            user_id: "u".into(),
        }),
        more: false,
    });
    assert!(!app.is_busy());
    app.take_dirty();
    app.update(Action::Tick);
    assert!(!app.take_dirty(), "an idle app does not redraw on ticks");
}

#[test]
fn a_refused_mfa_code_shows_in_the_role_form_and_nothing_switches() {
    let (mut app, _) = connected_app();
    app.update(ch('A'));
    for c in "arn:aws:iam::222222222222:role/Admin".chars() {
        app.update(ch(c));
    }
    // Tab to the MFA serial, then the code.
    for _ in 0..4 {
        app.update(key(KeyCode::Tab));
    }
    for c in "arn:aws:iam::123456789012:mfa/me".chars() {
        app.update(ch(c));
    }
    app.update(key(KeyCode::Tab));
    for c in "000000".chars() {
        app.update(ch(c));
    }
    let commands = app.update(key(KeyCode::Enter));
    let Some(Command::Connect { generation, context: next }) = commands.first().cloned() else {
        panic!("{commands:?}")
    };
    let role = next.role.as_ref().expect("a role");
    assert_eq!(role.mfa.as_ref().map(|m| m.code.as_str()), Some("000000"));

    let refused = Failure {
        kind: ErrorKind::AccessDenied,
        message: "Could not assume arn:aws:iam::222222222222:role/Admin: MultiFactorAuthentication failed".into(),
    };
    app.update(Action::ConnectFailed { generation, error: refused });

    assert_eq!(app.context, context("dev"), "nothing switched");
    let Some(awscope::app::switch::Overlay::Role(form)) = app.overlay() else { panic!("the form stays open") };
    assert!(form.error.as_deref().is_some_and(|e| e.contains("MultiFactorAuthentication")));
}
