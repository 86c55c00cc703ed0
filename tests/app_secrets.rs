//! Revealed SecureString values never show in `Debug` output: not in the
//! app's state (which a panic message or a log line may format), not in the
//! commands it issues, not in the results it is given. Each step that puts a
//! decrypted value into the state is taken, and the state formatted after it.

mod ssm_world;

use awscope::app::LoadRequest;
use awscope::app::action::EditorOutcome;
use awscope::app::ssm::views::Reveal;
use awscope::app::ssm::{Screen, SsmRequest};
use awscope::aws::ssm::Sensitive;
use crossterm::event::KeyCode;
use ssm_world::{DB_PASSWORD, Sim, Tree};

/// The older SecureString version the fixture holds.
const OLD_PASSWORD: &str = "first-password-not-a-real-secret";

/// Panics (naming `step`) when any secret shows in the Debug output of the
/// app, the commands it issued or the answers to its requests.
fn assert_redacted(sim: &mut Sim, step: &str) {
    let state = format!("{:?}", sim.app);
    let commands = format!("{:?}", sim.other);
    let mut answers = String::new();
    for (_, request) in sim.requests.clone() {
        let LoadRequest::Ssm(request) = request else { continue };
        if let Ok(payloads) = sim.world.answer(&request) {
            answers.push_str(&format!("{payloads:?}"));
        }
    }
    for secret in [DB_PASSWORD, OLD_PASSWORD] {
        assert!(!state.contains(secret), "after {step}, Debug of the app shows a secret");
        assert!(!commands.contains(secret), "after {step}, Debug of a command shows a secret");
        assert!(!answers.contains(secret), "after {step}, Debug of a result shows a secret");
    }
}

#[test]
fn debug_output_never_holds_a_revealed_value() {
    let mut sim = ssm_world::sim((160, 40), false);
    sim.open_path("app/dev/db");
    sim.select("password");
    sim.key(KeyCode::Enter);
    assert_redacted(&mut sim, "opening");

    sim.ch('x');
    let view = sim.app.panes.ssm.value.as_ref().expect("value view");
    assert!(matches!(view.reveal, Reveal::Shown(_)));
    assert_eq!(view.text.as_ref().map(|(t, _)| t.expose()), Some(DB_PASSWORD), "the value is in the state");
    assert_redacted(&mut sim, "revealing the value");

    // The history, decrypted, and a diff of the two decrypted versions.
    sim.ch('h');
    assert_eq!(sim.app.panes.ssm.screen, Screen::History);
    sim.ch('x');
    let history = sim.app.panes.ssm.history.as_ref().expect("history");
    assert!(history.decrypted, "the history holds decrypted values");
    assert!(sim.requests.iter().any(|(_, r)| matches!(
        r,
        LoadRequest::Ssm(SsmRequest::History { decrypt: awscope::aws::ssm::Decrypt::Yes, .. })
    )));
    assert_redacted(&mut sim, "revealing the history");
    sim.key(KeyCode::Home);
    sim.ch('D');
    let diff = sim.app.panes.ssm.history.as_ref().and_then(|h| h.diff.as_ref()).expect("a diff");
    assert!(!diff.masked, "the diff compares the decrypted values");
    assert!(diff.lines.iter().any(|l| l.text.expose().contains(DB_PASSWORD)), "the diff holds the values");
    assert_redacted(&mut sim, "diffing decrypted versions");

    // Editing a revealed value: the editor request and its answer carry it.
    sim.key(KeyCode::Esc);
    sim.key(KeyCode::Esc);
    assert_eq!(sim.app.panes.ssm.screen, Screen::Value, "back on the value");
    if !sim.app.panes.ssm.value.as_ref().is_some_and(|v| matches!(v.reveal, Reveal::Shown(_))) {
        sim.ch('x');
    }
    sim.ch('e');
    assert!(
        sim.other.iter().any(|c| matches!(c, awscope::app::Command::EditInEditor(r) if r.text.expose() == DB_PASSWORD)),
        "the editor is asked to edit the value: {:?}",
        sim.other
    );
    assert_redacted(&mut sim, "asking for the editor");
    sim.editor_returns(EditorOutcome::Saved(Sensitive::new(format!("{DB_PASSWORD}-rotated"))));
    assert_redacted(&mut sim, "the editor's answer");
    assert!(
        !format!("{:?}", EditorOutcome::Saved(Sensitive::new(DB_PASSWORD))).contains(DB_PASSWORD),
        "an editor outcome redacts its text"
    );
}
