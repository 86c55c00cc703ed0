//! Find end to end: `:find` typed in the app, the real loader, the emulator.
//! The address held by an interface in the second account's third region is
//! found there only; Enter switches to that profile and region and opens the
//! interface in the Network pane; `[` comes back to the results. A search
//! started before a switch of profile stops with it: nothing it finds later
//! is shown under the new profile.

use awscope::app::Pane;
use awscope::app::find::{HitKind, Run};
use awscope::testbed::harness::{self, Live, context};
use awscope::testbed::{BASE_PROFILE, FIND_IP, FIND_REGION, FIND_TEXT, SECOND_PROFILE, seed_find};
use crossterm::event::KeyCode;

#[tokio::test(flavor = "multi_thread")]
async fn enter_on_a_second_account_result_switches_to_it_and_opens_the_interface() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    let seeded = seed_find(&base, &second).await.expect("seed the find world");

    let mut live = Live::new(emulator.profile_options(), context(BASE_PROFILE));
    let commands = live.app.start();
    live.run(commands);
    live.until(|app| app.environment().is_some()).await;

    live.keys(&format!(":find -a {FIND_IP}\n")).await;
    live.until(|app| matches!(app.panes.find.run, Run::Complete)).await;
    let hits = live.app.panes.find.hits.items.clone();
    assert_eq!(hits.len(), 1, "one interface holds the address:\n{}", live.screen());
    let hit = &hits[0];
    assert_eq!(hit.kind, HitKind::NetworkInterface);
    assert_eq!(hit.name, seeded.eni_id);
    assert_eq!(hit.region, FIND_REGION);
    assert_ne!(hit.profile, BASE_PROFILE, "found in the second account");
    assert!(live.screen().contains(&seeded.eni_id), "{}", live.screen());

    // Enter: the two-phase switch, then the interface in its pane.
    let profile = hit.profile.clone();
    live.keys("\n").await;
    live.until(|app| app.context.profile.as_deref() == Some(profile.as_str()) && !app.is_busy()).await;
    assert_eq!(live.app.pane, Pane::Network);
    assert_eq!(live.app.context.region.as_deref(), Some(FIND_REGION));
    assert!(live.screen().contains(&seeded.eni_id), "the interface is on screen:\n{}", live.screen());

    // `[`: back to the results.
    live.keys("[").await;
    assert_eq!(live.app.pane, Pane::Find, "{}", live.screen());
    assert_eq!(live.app.panes.find.hits.items.len(), 1, "the results stayed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_started_before_a_profile_switch_shows_nothing_after_it() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    seed_find(&base, &second).await.expect("seed the find world");

    let mut live = Live::new(emulator.profile_options(), context(BASE_PROFILE));
    live.start().await;

    // `:find -a payments`, then at once (no answer taken in yet) `:profile demo-prod`.
    for c in format!(":find -a {FIND_TEXT}").chars() {
        live.key(KeyCode::Char(c));
    }
    live.key(KeyCode::Enter);
    assert_eq!(live.app.panes.find.run, Run::Searching);
    for c in format!(":profile {SECOND_PROFILE}").chars() {
        live.key(KeyCode::Char(c));
    }
    live.key(KeyCode::Enter);
    assert!(live.app.panes.find.hits.items.is_empty(), "nothing had answered yet");

    // Everything the loader still sends is taken in, until its tasks are done.
    live.until(|app| app.context.profile.as_deref() == Some(SECOND_PROFILE) && !app.is_busy()).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        if let Some(action) = live.pending_action() {
            let commands = live.app.update(action);
            live.run(commands);
        } else if live.running() == 0 {
            break;
        } else {
            assert!(std::time::Instant::now() < deadline, "the loader's tasks did not end");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }
    assert_eq!(live.app.panes.find.run, Run::Stopped);
    assert!(
        live.app.panes.find.hits.items.is_empty(),
        "no result of the old search under the new profile: {:?}",
        live.app.panes.find.hits.items
    );

    // The same search, started under the new profile, does find things.
    live.keys("6r").await;
    live.until(|app| matches!(app.panes.find.run, Run::Complete)).await;
    assert!(live.app.panes.find.hits.items.len() >= 4, "{}", live.screen());
}
