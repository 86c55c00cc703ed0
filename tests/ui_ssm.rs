//! Snapshots of the SSM pane in every state, at 100×30 and 160×40, with
//! fixed data: the tree, values of each type, SecureStrings masked and
//! revealed, history, a diff, the write dialogs, refusals and errors.

mod ssm_world;

use awscope::app::action::EditorOutcome;
use awscope::app::ssm::SsmSlot;
use awscope::aws::ssm::Sensitive;
use crossterm::event::KeyCode;
use ssm_world::{DB_PASSWORD, Sim, Tree, World, list_denied};

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

/// Snapshots the screen after `setup` at both sizes. Unless `revealed`, the
/// SecureString's value must not be anywhere on it.
fn snap(name: &str, read_only: bool, revealed: bool, setup: impl Fn(&mut Sim)) {
    for size in SIZES {
        let mut sim = ssm_world::sim(size, read_only);
        setup(&mut sim);
        let screen = sim.draw();
        assert!(
            !screen.contains('\x1b') && !screen.contains('\u{202e}'),
            "raw control characters reached the screen in {name}"
        );
        if !revealed {
            assert!(!screen.contains(DB_PASSWORD), "{name} shows a SecureString value nobody revealed");
        }
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn tree_root() {
    snap("tree_root", false, false, |_| {});
}

#[test]
fn nested_folder() {
    snap("nested_folder", false, false, |sim| {
        sim.open_path("app/dev");
        sim.select("db");
    });
}

#[test]
fn deeper_folder_with_a_secure_string() {
    snap("deeper_folder", false, false, |sim| {
        sim.open_path("app/dev/db");
        sim.select("password");
    });
}

#[test]
fn string_value_with_json_pretty_printed() {
    snap("string_value", false, false, |sim| sim.open_path("app/dev/config/json"));
}

#[test]
fn hostile_value_is_inert() {
    snap("hostile_value", false, false, |sim| sim.open_path("app/dev/motd"));
}

#[test]
fn string_list_value() {
    snap("string_list_value", false, false, |sim| sim.open_path("app/dev/api/allowed-origins"));
}

#[test]
fn secure_string_masked() {
    snap("secure_string_masked", false, false, |sim| sim.open_path("app/dev/db/password"));
}

#[test]
fn secure_string_revealed() {
    snap("secure_string_revealed", false, true, |sim| {
        sim.open_path("app/dev/db/password");
        sim.ch('x');
    });
}

#[test]
fn secure_string_reveal_denied_by_kms() {
    for size in SIZES {
        let mut world = World::demo();
        world.kms_denied = true;
        let mut sim = ssm_world::sim_with(world, size, false, Vec::new());
        sim.open_path("app/dev/db/password");
        sim.ch('x');
        let screen = sim.draw();
        assert!(screen.contains("kms:Decrypt"), "{screen}");
        insta::assert_snapshot!(format!("reveal_denied_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn history() {
    snap("history", false, false, |sim| {
        sim.open_path("app/dev/config/json");
        sim.ch('h');
    });
}

#[test]
fn history_of_a_secure_string_stays_masked() {
    snap("history_secure", false, false, |sim| {
        sim.open_path("app/dev/db/password");
        sim.ch('h');
    });
}

#[test]
fn diff_between_two_versions() {
    snap("diff", false, false, |sim| {
        sim.open_path("app/dev/config/json");
        sim.ch('h');
        sim.ch('D');
    });
}

#[test]
fn diff_of_masked_secure_versions() {
    snap("diff_masked", false, false, |sim| {
        sim.open_path("app/dev/db/password");
        sim.ch('h');
        sim.ch('D');
    });
}

#[test]
fn edit_confirmation() {
    snap("edit_confirmation", false, false, |sim| {
        sim.open_path("app/dev/config/json");
        sim.ch('e');
        sim.editor_returns(EditorOutcome::Saved(Sensitive::new(
            "{\"env\":\"dev\",\"replicas\":3,\"features\":[\"search\",\"export\",\"audit\"],\"log_level\":\"info\"}\n",
        )));
    });
}

#[test]
fn version_conflict_refusal() {
    snap("version_conflict", false, false, |sim| {
        sim.open_path("app/dev/api/timeout-ms");
        sim.ch('e');
        sim.world.someone_else_writes("/app/dev/api/timeout-ms", "9000");
        sim.editor_returns(EditorOutcome::Saved(Sensitive::new("3000\n")));
    });
}

#[test]
fn read_only_refusal() {
    snap("read_only_refusal", true, false, |sim| {
        sim.open_path("app/dev/api/url");
        sim.ch('e');
    });
}

#[test]
fn listing_error() {
    for size in SIZES {
        let mut sim = ssm_world::sim_with(World::demo(), size, false, vec![SsmSlot::Tree]);
        sim.refuse(SsmSlot::Tree, list_denied());
        insta::assert_snapshot!(format!("error_{}x{}", size.0, size.1), sim.draw());
    }
}

#[test]
fn loading_and_partial_listing() {
    let mut sim = ssm_world::sim_with(World::demo(), (100, 30), false, vec![SsmSlot::Tree]);
    insta::assert_snapshot!("loading_100x30", sim.draw());
    // Deliver only the first page: the rows show with a `N+ loading…` title.
    let Some(awscope::app::Command::Load { slot, id, generation, request }) = sim.queued.pop() else {
        panic!("a held listing")
    };
    let awscope::app::LoadRequest::Ssm(request) = request else { panic!("an SSM request") };
    let pages = sim.world.answer(&request).expect("pages");
    let (payload, more) = pages.into_iter().next().expect("a first page");
    assert!(more);
    sim.app.update(awscope::app::Action::Loaded {
        slot,
        id,
        generation,
        payload: awscope::app::Payload::Ssm(payload),
        more,
    });
    insta::assert_snapshot!("partial_100x30", sim.draw());
}

#[test]
fn create_form_and_delete_prompt() {
    snap("create_form", false, false, |sim| {
        sim.open_path("app/dev");
        sim.ch('n');
        sim.keys("new-flag");
        sim.key(KeyCode::Enter);
        sim.ch('3');
        sim.key(KeyCode::Enter);
        sim.keys("typed-secret");
    });
    snap("delete_prompt", false, false, |sim| {
        sim.open_path("app/dev/db/host");
        sim.ctrl('d');
        sim.keys("/app/dev/db/ho");
    });
}

#[test]
fn empty_account() {
    let world = World { params: std::collections::BTreeMap::new(), kms_denied: false };
    let sim = ssm_world::sim_with(world, (100, 30), false, Vec::new());
    insta::assert_snapshot!("empty_100x30", sim.draw());
}

#[test]
fn help_lists_the_ssm_keys() {
    let mut sim = ssm_world::sim((100, 60), false);
    sim.ch('?');
    let screen = sim.draw();
    // No snapshot: the global part of help changes whenever a global key is
    // added. The SSM section must be there, from the keymap itself.
    for line in ["SSM", "reveal / mask SecureString values", "version history", "edit the value in $EDITOR"] {
        assert!(screen.contains(line), "{line} missing from help:\n{screen}");
    }
}
