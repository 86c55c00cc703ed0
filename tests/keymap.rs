//! Key overrides from the config file, end to end: the app answers to the
//! new keys and no longer to the old ones, and the help overlay it draws
//! shows the keys in force.

use std::path::Path;

use awscope::app::keymap::{KeyAction, Keymap};
use awscope::app::{App, Pane};
use awscope::aws::AwsContext;
use awscope::testbed::harness::{self, press};
use crossterm::event::KeyCode;

fn app_with(config: &str) -> App {
    let loaded = awscope::config::parse(config, Path::new("/tmp/awscope-test/config.toml"));
    assert_eq!(loaded.error, None);
    let mut app = App::new(AwsContext::default(), false, (100, 40));
    loaded.apply(&mut app);
    app
}

fn help_text(app: &App) -> String {
    // Tall enough for help's single column, so no line is cut short.
    let mut terminal = harness::terminal((160, 80));
    terminal.draw(|f| awscope::ui::help::render(f, f.area(), app.pane, &app.keymap)).expect("draw");
    terminal.backend().to_string()
}

/// The help line that describes `what`, trimmed of the border.
fn help_line<'a>(help: &'a str, what: &str) -> &'a str {
    help.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("no help line for {what}:\n{help}"))
}

#[test]
fn an_overridden_key_works_the_old_one_does_not_and_help_shows_the_new_one() {
    let mut app = app_with("[keys]\nhelp = \"f1\"\npane_ecs = [\"E\", \"4\"]\n");
    press(&mut app, KeyCode::Char('?'));
    assert!(!app.help_open(), "? no longer opens help");
    press(&mut app, KeyCode::F(1));
    assert!(app.help_open(), "F1 opens help");

    let help = help_text(&app);
    let line = help_line(&help, "show or hide this help");
    assert!(line.contains("F1") && !line.contains('?'), "{line}");
    let line = help_line(&help, "ECS clusters");
    assert!(line.contains("E / 4"), "{line}");

    press(&mut app, KeyCode::F(1));
    assert!(!app.help_open(), "F1 closes it again");
    press(&mut app, KeyCode::Char('E'));
    assert_eq!(app.pane, Pane::Ecs);
}

#[test]
fn default_help_lists_every_binding_of_the_pane() {
    let app = app_with("");
    let keymap = Keymap::default();
    for &pane in Pane::ALL {
        let mut app = app.clone();
        app.pane = pane;
        let help = help_text(&app);
        for (_, entries) in keymap.help(pane) {
            for entry in entries {
                let line = help_line(&help, entry.help);
                let first = entry.keys[0].label();
                assert!(line.contains(&first), "{pane:?}: {} not shown for {}:\n{line}", first, entry.action.name());
                assert_eq!(
                    app.keymap.lookup(&entry.keys[0].event(), pane),
                    Some(entry.action),
                    "{pane:?}: {first} does not do what help says"
                );
            }
        }
    }
}

#[test]
fn a_config_that_sets_the_start_pane_and_read_only_is_applied() {
    let app = app_with("default_pane = \"ecs\"\nread_only = true\nproduction_profiles = [\"live-*\"]\n");
    assert_eq!(app.pane, Pane::Ecs);
    assert!(app.read_only);
    assert_eq!(app.prod_patterns, vec!["live-*".to_owned()]);
    // --read-only stays on whatever the file says.
    let loaded = awscope::config::parse("read_only = false\n", Path::new("config.toml"));
    let mut app = App::new(AwsContext::default(), true, (100, 40));
    loaded.apply(&mut app);
    assert!(app.read_only);
    assert_eq!(app.keymap.keys_for(KeyAction::Quit).len(), 2);
}

#[test]
fn an_invalid_config_starts_on_defaults_with_the_error_on_the_status_line() {
    let loaded = awscope::config::parse("[keys]\nfliter = \"/\"\n", Path::new("/etc/awscope.toml"));
    let mut app = App::new(AwsContext::default(), false, (100, 40));
    loaded.apply(&mut app);
    assert_eq!(app.keymap, Keymap::default());
    let status = app.status.expect("the error is shown");
    assert!(status.is_error);
    assert!(status.text.contains("/etc/awscope.toml:2:10") && status.text.contains("fliter"), "{}", status.text);
}

#[test]
fn the_help_title_names_the_keys_that_close_it() {
    let help = help_text(&app_with(""));
    assert!(help.contains("Help — Esc or ? to close"), "{help}");
    let help = help_text(&app_with("[keys]\nhelp = \"f1\"\nback = [\"backspace\", \"esc\"]\n"));
    assert!(help.contains("Help — Backspace or F1 to close"), "{help}");
}

#[test]
fn the_status_line_hints_show_the_keys_in_force() {
    let screen = harness::screen(&app_with(""));
    assert!(screen.contains("? help · : command · / filter · 1-6 panes · Enter open · r refresh · q quit"), "{screen}");
    let screen = harness::screen(&app_with("[keys]\nhelp = \"f1\"\nquit = \"Q\"\nfilter = \"ctrl-s\"\n"));
    assert!(
        screen.contains("F1 help · : command · Ctrl-S filter · 1-6 panes · Enter open · r refresh · Q quit"),
        "{screen}"
    );
}
