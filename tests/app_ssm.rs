//! The SSM pane's state machine without a terminal or network: keys become
//! requests, SecureStrings stay masked until asked for and are dropped on
//! leaving, stale results never land, and every write goes through the
//! read-only gate and the version check.

mod ssm_world;

use awscope::app::action::EditorOutcome;
use awscope::app::ssm::edit::Modal;
use awscope::app::ssm::tree::Entry;
use awscope::app::ssm::views::{Fetch, Reveal};
use awscope::app::ssm::{Screen, SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Action, Command, Failure, LoadState, Payload, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::ssm::{Decrypt, ParameterType, ParameterWrite, Sensitive};
use awscope::testbed::harness;
use crossterm::event::KeyCode;
use ssm_world::{DB_PASSWORD, PAGE, Sim, Tree, World};

fn sim() -> Sim {
    ssm_world::sim((100, 30), false)
}

fn keys(sim: &Sim) -> Vec<String> {
    sim.app.panes.ssm.tree.list.items.iter().map(|e| e.key().to_owned()).collect()
}

#[test]
fn opening_the_pane_lists_metadata_only_and_streams_pages() {
    let mut sim = ssm_world::sim_with(World::demo(), (100, 30), false, vec![SsmSlot::Tree]);
    let requests = sim.take_requests();
    assert_eq!(requests, vec![(SsmSlot::Tree, SsmRequest::List { path: None })]);

    let Some(Command::Load { slot, id, generation, request: awscope::app::LoadRequest::Ssm(request) }) =
        sim.queued.pop()
    else {
        panic!("a held listing")
    };
    let pages = sim.world.answer(&request).expect("pages");
    assert!(pages.len() > 2, "the fixture spans several pages");
    for (i, (payload, more)) in pages.into_iter().enumerate() {
        sim.app.update(Action::Loaded { slot, id, generation, payload: Payload::Ssm(payload), more });
        let tree = &sim.app.panes.ssm.tree;
        assert_eq!(tree.store.len(), ((i + 1) * PAGE).min(sim.world.params.len()));
        assert!(!tree.list.items.is_empty(), "rows show from the first page");
        assert_eq!(tree.list.state == LoadState::Loading, more);
    }
    assert_eq!(keys(&sim), ["/app", "/shared", "legacy-flat-name"]);
    assert!(sim.app.panes.ssm.tree.complete);
}

#[test]
fn folders_open_with_enter_and_close_with_esc_keeping_the_selection() {
    let mut sim = sim();
    sim.open_path("app/dev");
    assert_eq!(sim.app.panes.ssm.tree.folder, "/app/dev");
    assert_eq!(
        keys(&sim),
        ["/app/dev/api", "/app/dev/config", "/app/dev/db", "/app/dev/feature-flags", "/app/dev/motd"]
    );
    sim.key(KeyCode::Esc);
    assert_eq!(sim.app.panes.ssm.tree.folder, "/app");
    assert_eq!(sim.app.panes.ssm.tree.list.selected_item().map(Entry::key), Some("/app/dev"));
    sim.key(KeyCode::Backspace);
    assert_eq!(sim.app.panes.ssm.tree.folder, "");
    assert_eq!(sim.app.panes.ssm.tree.list.selected_item().map(Entry::key), Some("/app"));
    assert!(
        !sim.take_requests().iter().any(|(slot, _)| *slot != SsmSlot::Tree),
        "browsing folders needs no call beyond the listing"
    );
}

#[test]
fn a_secure_string_is_masked_until_x_and_dropped_on_leaving() {
    let mut sim = sim();
    sim.open_path("app/dev/db");
    sim.take_requests();
    sim.select("password");
    sim.key(KeyCode::Enter);
    assert_eq!(
        sim.take_requests(),
        vec![
            (SsmSlot::Value, SsmRequest::Open { name: "/app/dev/db/password".into() }),
            (SsmSlot::History, SsmRequest::History { name: "/app/dev/db/password".into(), decrypt: Decrypt::No }),
        ],
        "opening reads without decryption"
    );
    let view = sim.app.panes.ssm.value.as_ref().expect("value view");
    assert!(matches!(&view.value, Fetch::Ready(v) if v.value.is_none()));
    assert!(view.text.is_none());
    assert!(!format!("{:?}", sim.app).contains(DB_PASSWORD));

    sim.ch('x');
    assert_eq!(
        sim.take_requests(),
        vec![(SsmSlot::Reveal, SsmRequest::Reveal { name: "/app/dev/db/password".into() })]
    );
    let view = sim.app.panes.ssm.value.as_ref().expect("value view");
    assert!(matches!(view.reveal, Reveal::Shown(_)));
    assert_eq!(view.text.as_ref().map(|(t, _)| t.expose()), Some(DB_PASSWORD));
    assert!(!format!("{:?}", sim.app).contains(DB_PASSWORD), "Debug of the app never prints a value");

    sim.ch('x');
    assert!(matches!(sim.app.panes.ssm.value.as_ref().map(|v| &v.reveal), Some(Reveal::Masked)));
    assert!(sim.app.panes.ssm.value.as_ref().is_some_and(|v| v.text.is_none()));

    sim.ch('x');
    sim.key(KeyCode::Esc);
    assert!(sim.app.panes.ssm.value.is_none() && sim.app.panes.ssm.history.is_none());
    assert_eq!(sim.app.panes.ssm.screen, Screen::Tree);
    sim.key(KeyCode::Enter);
    let view = sim.app.panes.ssm.value.as_ref().expect("reopened");
    assert!(matches!(view.reveal, Reveal::Masked), "reopening starts masked again");
    assert!(!sim.draw().contains(DB_PASSWORD));
}

#[test]
fn a_reveal_that_arrives_after_leaving_is_dropped() {
    let mut sim = ssm_world::sim_with(World::demo(), (100, 30), false, vec![SsmSlot::Reveal]);
    sim.open_path("app/dev/db/password");
    sim.ch('x');
    assert_eq!(sim.queued.len(), 1);
    let reveal = sim.queued[0].clone();
    sim.key(KeyCode::Esc);
    assert!(sim.other.contains(&Command::Cancel(Slot::Ssm(SsmSlot::Reveal))), "leaving cancels the decryption");
    // The cancel drops the waiting load; its answer was already on the way.
    sim.queued.push(reveal);
    sim.release();
    assert!(sim.app.panes.ssm.value.is_none());
    assert!(!format!("{:?}", sim.app.panes.ssm).contains("Shown"));
}

#[test]
fn string_values_are_shown_on_open_and_x_explains_itself() {
    let mut sim = sim();
    sim.open_path("app/dev/api/allowed-origins");
    let view = sim.app.panes.ssm.value.as_ref().expect("value view");
    assert_eq!(
        view.text.as_ref().map(|(t, _)| t.expose()),
        Some("https://dev.example.com\nhttps://admin.dev.example.com\nhttp://localhost:3000")
    );
    sim.take_requests();
    sim.ch('x');
    assert!(sim.take_requests().is_empty());
    assert!(sim.app.status.as_ref().is_some_and(|s| s.text.contains("not a SecureString")));
}

#[test]
fn read_only_refuses_every_write_and_says_so() {
    let mut sim = ssm_world::sim((100, 30), true);
    sim.open_path("app/dev/db/host");
    sim.take_requests();
    for press in [|s: &mut Sim| s.ch('e'), |s: &mut Sim| s.ch('n'), |s: &mut Sim| s.ctrl('d')] {
        press(&mut sim);
        let status = sim.app.status.clone().expect("a refusal");
        assert!(status.is_error && status.text.starts_with("Read-only mode: refusing to"), "{status:?}");
        assert!(status.text.contains("--read-only"), "{status:?}");
        assert!(sim.app.panes.ssm.modal.is_none());
    }
    assert!(sim.take_requests().is_empty());
    assert!(!sim.other.iter().any(|c| matches!(c, Command::EditInEditor(_))));
}

#[test]
fn an_edit_is_checked_confirmed_written_and_reloaded() {
    let mut sim = sim();
    sim.open_path("app/dev/api/timeout-ms");
    sim.ch('e');
    let Some(Command::EditInEditor(request)) = sim.other.last().cloned() else { panic!("the editor opens") };
    assert_eq!(request.text.expose(), "2500");
    assert_eq!(request.label, "/app/dev/api/timeout-ms");
    sim.take_requests();

    sim.editor_returns(EditorOutcome::Saved(Sensitive::new("3000\n")));
    let write = ParameterWrite::Update {
        name: "/app/dev/api/timeout-ms".into(),
        expected_version: 2,
        value: Sensitive::new("3000"),
    };
    assert_eq!(sim.take_requests(), vec![(SsmSlot::Write, SsmRequest::Check(write.clone()))]);
    assert!(matches!(&sim.app.panes.ssm.modal, Some(Modal::Confirm { .. })), "asks before writing");

    sim.ch('y');
    let requests = sim.take_requests();
    assert_eq!(requests[0], (SsmSlot::Write, SsmRequest::Write(write)));
    assert!(requests.contains(&(SsmSlot::Value, SsmRequest::Open { name: "/app/dev/api/timeout-ms".into() })));
    assert!(requests.contains(&(SsmSlot::Row, SsmRequest::Describe { name: "/app/dev/api/timeout-ms".into() })));
    assert!(sim.app.panes.ssm.modal.is_none());
    assert!(sim.app.status.as_ref().is_some_and(|s| s.text == "Saved /app/dev/api/timeout-ms as version 3."));
    let view = sim.app.panes.ssm.value.as_ref().expect("still open");
    assert_eq!(view.text.as_ref().map(|(t, _)| t.expose()), Some("3000"));
    assert_eq!(sim.app.panes.ssm.tree.store.get("/app/dev/api/timeout-ms").map(|p| p.version), Some(3));
}

#[test]
fn an_edit_is_refused_when_someone_else_wrote_first() {
    let mut sim = sim();
    sim.open_path("app/dev/api/timeout-ms");
    sim.ch('e');
    sim.world.someone_else_writes("/app/dev/api/timeout-ms", "9000");
    sim.take_requests();
    sim.editor_returns(EditorOutcome::Saved(Sensitive::new("3000")));
    let requests = sim.take_requests();
    assert!(matches!(requests.as_slice(), [(SsmSlot::Write, SsmRequest::Check(_))]), "{requests:?}");
    let Some(Modal::Refused { message, .. }) = &sim.app.panes.ssm.modal else { panic!("refused") };
    assert!(message.contains("you opened version 2; it is now version 3"), "{message}");
    assert!(message.contains("user/carol"), "{message}");
    assert_eq!(sim.world.params["/app/dev/api/timeout-ms"].meta.version, 3, "nothing else was written");
    sim.key(KeyCode::Esc);
    assert!(sim.app.panes.ssm.modal.is_none());
}

#[test]
fn an_unchanged_or_failed_edit_writes_nothing() {
    let mut sim = sim();
    sim.open_path("app/dev/api/timeout-ms");
    sim.ch('e');
    sim.take_requests();
    sim.editor_returns(EditorOutcome::Saved(Sensitive::new("2500\n")));
    assert!(sim.take_requests().is_empty());
    assert!(sim.app.status.as_ref().is_some_and(|s| s.text.contains("No change")));

    sim.ch('e');
    sim.editor_returns(EditorOutcome::Failed(
        "The editor (vi) exited with exit status: 1; nothing was written.".into(),
    ));
    assert!(sim.take_requests().is_empty());
    assert!(sim.app.status.as_ref().is_some_and(|s| s.is_error && s.text.contains("nothing was written")));
}

#[test]
fn editing_a_secure_string_decrypts_it_first() {
    let mut sim = sim();
    sim.open_path("app/dev/db/password");
    sim.take_requests();
    sim.ch('e');
    assert_eq!(
        sim.take_requests(),
        vec![(SsmSlot::Reveal, SsmRequest::Reveal { name: "/app/dev/db/password".into() })]
    );
    let Some(Command::EditInEditor(request)) = sim.other.last().cloned() else { panic!("the editor opens") };
    assert_eq!(request.text.expose(), DB_PASSWORD);
    assert!(!format!("{request:?}").contains(DB_PASSWORD));
}

#[test]
fn a_parameter_is_created_after_a_check_and_selected() {
    let mut sim = sim();
    sim.open_path("app/dev/db");
    sim.take_requests();
    sim.ch('n');
    sim.keys("region");
    sim.key(KeyCode::Enter);
    sim.ch('2');
    sim.key(KeyCode::Enter);
    sim.keys("us-east-1,eu-west-1");
    sim.key(KeyCode::Enter);
    sim.keys("Where the database runs");
    sim.key(KeyCode::Enter);
    let create = ParameterWrite::Create {
        name: "/app/dev/db/region".into(),
        kind: ParameterType::StringList,
        value: Sensitive::new("us-east-1,eu-west-1"),
        description: Some("Where the database runs".into()),
    };
    assert_eq!(sim.take_requests(), vec![(SsmSlot::Write, SsmRequest::Check(create.clone()))]);
    sim.ch('y');
    let requests = sim.take_requests();
    assert_eq!(requests[0], (SsmSlot::Write, SsmRequest::Write(create)));
    assert_eq!(sim.app.panes.ssm.tree.list.selected_item().map(Entry::key), Some("/app/dev/db/region"));
}

#[test]
fn creating_over_an_existing_name_is_refused() {
    let mut sim = sim();
    sim.open_path("app/dev/db");
    sim.ch('n');
    sim.keys("host");
    sim.key(KeyCode::Enter);
    sim.key(KeyCode::Enter);
    sim.keys("x");
    sim.key(KeyCode::Enter);
    sim.key(KeyCode::Enter);
    let Some(Modal::Refused { message, .. }) = &sim.app.panes.ssm.modal else { panic!("refused") };
    assert!(message.contains("already exists (version 1)"), "{message}");
}

#[test]
fn delete_needs_the_typed_name_and_checks_the_version() {
    let mut sim = sim();
    sim.open_path("app/dev/db/host");
    sim.take_requests();
    sim.ctrl('d');
    sim.keys("/app/dev/db/hots");
    sim.key(KeyCode::Enter);
    assert!(sim.take_requests().is_empty(), "a wrong name deletes nothing");
    assert!(matches!(&sim.app.panes.ssm.modal, Some(Modal::Delete(form)) if form.mismatch));
    for _ in 0.."hots".len() {
        sim.key(KeyCode::Backspace);
    }
    sim.keys("host");
    sim.key(KeyCode::Enter);
    let requests = sim.take_requests();
    assert_eq!(
        requests[0],
        (
            SsmSlot::Write,
            SsmRequest::Write(ParameterWrite::Delete { name: "/app/dev/db/host".into(), expected_version: 1 })
        )
    );
    assert_eq!(sim.app.panes.ssm.screen, Screen::Tree);
    assert!(!keys(&sim).contains(&"/app/dev/db/host".to_owned()));
    assert!(sim.app.status.as_ref().is_some_and(|s| s.text == "Deleted /app/dev/db/host."));
}

#[test]
fn history_diffs_the_selected_version_with_the_previous_or_marked_one() {
    let mut sim = sim();
    sim.open_path("app/dev/config/json");
    sim.ch('h');
    assert_eq!(sim.app.panes.ssm.screen, Screen::History);
    sim.ch('D');
    let diff = sim.app.panes.ssm.history.as_ref().and_then(|h| h.diff.clone()).expect("a diff");
    assert_eq!((diff.from, diff.to, diff.masked), (1, 2, false));
    sim.key(KeyCode::Esc);
    assert!(sim.app.panes.ssm.history.as_ref().is_some_and(|h| h.diff.is_none()));
    sim.key(KeyCode::Esc);
    assert_eq!(sim.app.panes.ssm.screen, Screen::Value);
}

#[test]
fn revealing_history_decrypts_and_leaving_masks_again() {
    let mut sim = sim();
    sim.open_path("app/dev/db/password");
    sim.ch('h');
    sim.take_requests();
    sim.ch('x');
    assert_eq!(
        sim.take_requests(),
        vec![(SsmSlot::History, SsmRequest::History { name: "/app/dev/db/password".into(), decrypt: Decrypt::Yes })]
    );
    // The VALUE column is narrow at 100 columns; the start of the value shows.
    assert!(sim.draw().contains(&DB_PASSWORD[..16]));
    sim.key(KeyCode::Esc);
    let history = sim.app.panes.ssm.history.as_ref().expect("kept for the labels");
    assert!(history.list.items.iter().all(|v| v.value.is_none()), "secure values dropped on leaving");
    sim.ch('h');
    assert!(!sim.draw().contains(&DB_PASSWORD[..16]), "back in the history, values are masked again");
}

#[test]
fn esc_at_the_root_cancels_a_running_listing_and_keeps_its_rows() {
    let mut sim = ssm_world::sim_with(World::demo(), (100, 30), false, vec![SsmSlot::Tree]);
    let Some(Command::Load { slot, id, generation, request: awscope::app::LoadRequest::Ssm(request) }) =
        sim.queued.pop()
    else {
        panic!("a held listing")
    };
    let first = sim.world.answer(&request).expect("pages").remove(0);
    sim.app.update(Action::Loaded { slot, id, generation, payload: Payload::Ssm(first.0), more: true });
    sim.key(KeyCode::Esc);
    assert!(sim.other.contains(&Command::Cancel(Slot::Ssm(SsmSlot::Tree))));
    assert_eq!(sim.app.panes.ssm.tree.list.state, LoadState::Cancelled);
    assert_eq!(sim.app.panes.ssm.tree.store.len(), PAGE);
    // A page for the cancelled request is stale and dropped.
    let late = sim.world.answer(&request).expect("pages").remove(1);
    sim.app.update(Action::Loaded { slot, id, generation, payload: Payload::Ssm(late.0), more: true });
    assert_eq!(sim.app.panes.ssm.tree.store.len(), PAGE);
}

#[test]
fn a_throttled_listing_keeps_the_rows_it_got() {
    let mut sim = ssm_world::sim_with(World::demo(), (100, 30), false, vec![SsmSlot::Tree]);
    let Some(Command::Load { slot, id, generation, request: awscope::app::LoadRequest::Ssm(request) }) =
        sim.queued.pop()
    else {
        panic!("a held listing")
    };
    let first = sim.world.answer(&request).expect("pages").remove(0);
    sim.app.update(Action::Loaded { slot, id, generation, payload: Payload::Ssm(first.0), more: true });
    let error = Failure {
        kind: ErrorKind::Throttled,
        message: "AWS is throttling DescribeParameters on all parameters and retries did not get through — press r \
                  to retry in a moment."
            .into(),
    };
    sim.app.update(Action::LoadFailed { slot, id, generation, error });
    assert!(matches!(sim.app.panes.ssm.tree.list.state, LoadState::Failed(_)));
    assert_eq!(sim.app.panes.ssm.tree.store.len(), PAGE);
    assert!(!sim.app.panes.ssm.tree.complete);
    let screen = sim.draw();
    assert!(screen.contains("incomplete") && screen.contains("throttling"), "{screen}");
}

#[test]
fn refresh_in_a_folder_reloads_only_that_folder() {
    let mut sim = sim();
    sim.open_path("app/dev");
    sim.take_requests();
    sim.ch('r');
    assert_eq!(sim.take_requests(), vec![(SsmSlot::Tree, SsmRequest::List { path: Some("/app/dev".into()) })]);
    assert_eq!(sim.app.panes.ssm.tree.store.len(), sim.world.params.len(), "the rest of the tree stays");
    sim.key(KeyCode::Esc);
    sim.key(KeyCode::Esc);
    sim.ch('r');
    assert_eq!(sim.take_requests(), vec![(SsmSlot::Tree, SsmRequest::List { path: None })]);
}

#[test]
fn a_context_switch_forgets_revealed_values() {
    let mut sim = sim();
    sim.open_path("app/dev/db/password");
    sim.ch('x');
    assert!(format!("{:?}", sim.app.panes.ssm.value.as_ref().map(|v| &v.reveal)).contains("Shown"));
    let other = harness::context("other");
    let commands = sim.app.switch_context(other.clone());
    let generation = commands
        .iter()
        .find_map(|c| match c {
            Command::Connect { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("switching connects");
    sim.app.update(Action::Connected { generation, environment: harness::environment(&other) });
    assert!(sim.app.panes.ssm.value.is_none(), "the new context starts with nothing open");
    assert!(sim.app.panes.ssm.tree.store.is_empty());
    // A late page from the old context is dropped by generation.
    sim.app.update(Action::Loaded {
        slot: Slot::Ssm(SsmSlot::Reveal),
        id: awscope::app::RequestId(1),
        generation: 1,
        payload: Payload::Ssm(SsmPayload::Parameters(Vec::new())),
        more: false,
    });
    assert!(sim.app.panes.ssm.value.is_none());
}
