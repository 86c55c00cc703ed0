//! Tests of the module above.

use super::*;

fn overrides(pairs: &[(&'static str, &[&str])]) -> Vec<(&'static str, Vec<String>)> {
    pairs.iter().map(|(name, keys)| (*name, keys.iter().map(|k| (*k).to_owned()).collect())).collect()
}

/// Every key help shows for every pane produces its action through
/// lookup, and every entry that applies to a pane is in its help.
fn assert_help_matches_input(map: &Keymap) {
    for &pane in Pane::ALL {
        let help = map.help(pane);
        for (group, entries) in &help {
            assert!(group.applies_to(pane));
            for entry in entries {
                assert!(!entry.keys.is_empty(), "{} has no key in help", entry.action.name());
                for key in &entry.keys {
                    assert_eq!(
                        map.lookup(&key.event(), pane),
                        Some(entry.action),
                        "help for {pane:?} shows {} for {}",
                        key.label(),
                        entry.action.name()
                    );
                }
            }
        }
        for entry in map.entries().iter().filter(|e| e.group.applies_to(pane)) {
            assert!(
                help.iter().any(|(_, entries)| entries.contains(&entry)),
                "{} is missing from help for {pane:?}",
                entry.action.name()
            );
        }
    }
}

#[test]
fn every_binding_is_reachable_by_each_of_its_keys() {
    for binding in bindings() {
        for key in binding.keys {
            let pane = match binding.group {
                Group::Pane(pane) => pane,
                Group::Global | Group::Navigation => Pane::S3,
            };
            assert_eq!(lookup(&key.event(), pane), Some(binding.action), "key {} of {:?}", key.label(), binding.action);
        }
    }
}

#[test]
fn shifted_letters_arrive_as_upper_case() {
    let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(lookup(&event, Pane::S3), Some(KeyAction::Bottom));
}

#[test]
fn help_shows_exactly_the_keys_that_work() {
    assert_help_matches_input(&Keymap::default());
}

#[test]
fn the_default_keymap_has_no_conflicts() {
    Keymap::default().check_conflicts(&[]).expect("no key is bound twice where both apply");
}

#[test]
fn action_names_are_unique_snake_case() {
    let names = action_names();
    for name in &names {
        assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{name}");
        assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name} twice");
    }
    for binding in bindings() {
        assert!(names.contains(&binding.action.name()));
    }
}

#[test]
fn an_override_replaces_the_keys_and_help_follows() {
    let map = Keymap::with_overrides(overrides(&[("filter", &["f5"]), ("describe", &["ctrl-e", "shift-w"])]))
        .expect("valid overrides");
    let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
    let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
    let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
    let shift_w = KeyEvent::new(KeyCode::Char('W'), KeyModifiers::SHIFT);
    let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
    for &pane in Pane::ALL {
        assert_eq!(map.lookup(&f5, pane), Some(KeyAction::Filter));
        assert_eq!(map.lookup(&slash, pane), None);
        assert_eq!(map.lookup(&ctrl_e, pane), Some(KeyAction::Describe));
        assert_eq!(map.lookup(&shift_w, pane), Some(KeyAction::Describe));
        assert_eq!(map.lookup(&d, pane), None);
    }
    assert_eq!(map.keys_for(KeyAction::Filter), &[Code(KeyCode::F(5))]);
    let filter_help: Vec<String> = map
        .help(Pane::S3)
        .iter()
        .flat_map(|(_, entries)| entries.iter())
        .filter(|e| e.action == KeyAction::Filter)
        .flat_map(|e| e.keys.iter().map(|k| k.label()))
        .collect();
    assert_eq!(filter_help, vec!["F5".to_owned()]);
    assert_help_matches_input(&map);
    // The untouched default is unchanged.
    assert_eq!(lookup(&slash, Pane::S3), Some(KeyAction::Filter));
}

#[test]
fn keys_parse_as_config_files_write_them() {
    assert_eq!(Key::parse("d"), Ok(Char('d')));
    assert_eq!(Key::parse("G"), Ok(Char('G')));
    assert_eq!(Key::parse("/"), Ok(Char('/')));
    assert_eq!(Key::parse("ctrl-d"), Ok(Ctrl('d')));
    assert_eq!(Key::parse("Ctrl+D"), Ok(Ctrl('d')));
    assert_eq!(Key::parse("shift-tab"), Ok(Code(KeyCode::BackTab)));
    assert_eq!(Key::parse("shift-g"), Ok(Char('G')));
    assert_eq!(Key::parse("enter"), Ok(Code(KeyCode::Enter)));
    assert_eq!(Key::parse("F5"), Ok(Code(KeyCode::F(5))));
    assert_eq!(Key::parse("space"), Ok(Char(' ')));
    assert_eq!(Key::parse("pgdn"), Ok(Code(KeyCode::PageDown)));
    for bad in ["", "ctrl-", "ctrl-dd", "f0", "f25", "hyper-x", "enterr"] {
        assert!(Key::parse(bad).is_err(), "{bad:?} parsed");
    }
}

#[test]
fn unknown_actions_and_bad_keys_are_refused_with_the_valid_names() {
    let err = Keymap::with_overrides(overrides(&[("fliter", &["/"])])).expect_err("unknown action");
    let text = err.to_string();
    assert!(text.contains("`fliter`") && text.contains("filter") && text.contains("sort_next"), "{text}");
    assert_eq!(err.action(), "fliter");
    let err = Keymap::with_overrides(overrides(&[("describe", &["ctrl-"])])).expect_err("bad key");
    assert!(err.to_string().contains("`ctrl-` is not a key"), "{err}");
    let err = Keymap::with_overrides(overrides(&[("describe", &[])])).expect_err("no key");
    assert_eq!(err, KeymapError::NoKeys { name: "describe".into() });
}

#[test]
fn a_conflict_names_both_actions() {
    let err = Keymap::with_overrides(overrides(&[("filter", &["d"])])).expect_err("d is describe");
    assert_eq!(err.action(), "filter");
    let text = err.to_string();
    assert!(text.contains("key d") && text.contains("filter") && text.contains("describe"), "{text}");
    // A pane's own key clashes only in that pane.
    let err = Keymap::with_overrides(overrides(&[("describe", &["d", "ctrl-d"])])).expect_err("ctrl-d deletes");
    let text = err.to_string();
    assert!(
        text.contains("describe")
            && ((text.contains("ssm_delete") && text.contains("SSM pane"))
                || (text.contains("s3_delete") && text.contains("S3 pane"))),
        "{text}"
    );
    // Moving the other actions out of the way resolves it.
    Keymap::with_overrides(overrides(&[
        ("describe", &["d", "ctrl-d"]),
        ("ssm_delete", &["ctrl-x"]),
        ("s3_delete", &["ctrl-x"]),
    ]))
    .expect("no conflict left");
    // Keys of two different panes never meet.
    Keymap::with_overrides(overrides(&[("ecs_tasks", &["p"])])).expect("p is S3-only");
}

#[test]
fn ctrl_c_always_quits() {
    let map = Keymap::with_overrides(overrides(&[("quit", &["Q"])])).expect("valid");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(&ctrl_c, Pane::Ssm), Some(KeyAction::Quit));
    assert_eq!(map.lookup(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE), Pane::Ssm), None);
    assert_eq!(map.keys_for(KeyAction::Quit), &[Char('Q'), Ctrl('c')]);
}
