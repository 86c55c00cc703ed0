//! The Find pane's reducer: `:find` starts one search with the scope the
//! config and the flags ask for, results stream in with a progress count,
//! Esc stops every probe (nothing shown after), skipped profiles and failed
//! probes are listed with why, Enter on a result in another account switches
//! there (two-phase) and opens it, `[` comes back to the results, and a
//! search started before a switch stops with it.

use std::path::Path;

use awscope::app::find::{
    FindPayload, FindRequest, FindSlot, FindSpec, Hit, HitKind, Popup, Probe, ProbeFailure, Run, Scope, Skipped,
};
use awscope::app::goto::Target;
use awscope::app::s3::{S3Request, S3Slot};
use awscope::app::{Action, Command, Pane, Slot};
use awscope::aws::{AwsContext, ErrorKind};
use awscope::testbed::harness::{self, Harness};
use crossterm::event::KeyCode;

fn hit(kind: HitKind, name: &str, profile: &str, account: &str, region: &str) -> Hit {
    Hit {
        kind,
        name: name.to_owned(),
        label: None,
        parent: None,
        address: None,
        detail: String::new(),
        profile: profile.to_owned(),
        account: Some(account.to_owned()),
        region: region.to_owned(),
    }
}

fn failure(profile: &str, region: &str, action: &'static str, kind: ErrorKind, reason: &str) -> ProbeFailure {
    ProbeFailure {
        probe: Probe { profile: profile.to_owned(), region: region.to_owned(), action, part: 0 },
        kind,
        reason: reason.to_owned(),
    }
}

/// Types `:find ARGS` and Enter; returns the spec of the one search it started.
fn find(h: &mut Harness, args: &str) -> FindSpec {
    h.ch(':');
    h.keys(&format!("find {args}\n"));
    let searches: Vec<&Command> =
        h.commands.iter().filter(|c| matches!(c, Command::Load { slot: Slot::Find(FindSlot::Search), .. })).collect();
    assert_eq!(searches.len(), 1, "one search: {:?}", h.commands);
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    spec
}

#[test]
fn find_starts_one_search_over_the_current_profile() {
    let mut h = Harness::demo((100, 30));
    let spec = find(&mut h, "payments");
    assert_eq!(h.app.pane, Pane::Find);
    assert_eq!(spec.text, "payments");
    assert_eq!(spec.scope, Scope::Current);
    assert_eq!(spec.current.profile.as_deref(), Some("demo"));
    assert_eq!(spec.concurrency, 16);
    assert!(spec.exclude.is_empty() && spec.mfa.is_empty());
    assert!(h.app.panes.find.is_searching());
}

#[test]
fn dash_a_widens_to_every_profile_and_a_toggles_back() {
    let mut h = Harness::demo((100, 30));
    let spec = find(&mut h, "-a 10.0.3.17");
    assert_eq!((spec.text.as_str(), spec.scope), ("10.0.3.17", Scope::All));
    h.ch('a');
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    assert_eq!((spec.text.as_str(), spec.scope), ("10.0.3.17", Scope::Current), "a restarts over this profile");
    h.ch('a');
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    assert_eq!(spec.scope, Scope::All);
}

#[test]
fn results_stream_in_with_the_probes_counted() {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "payments");
    let id = h.latest(FindSlot::Search);
    h.deliver(FindSlot::Search, id, FindPayload::Planned(68), true);
    h.deliver(
        FindSlot::Search,
        id,
        FindPayload::Hits(vec![hit(HitKind::Bucket, "payments-logs", "demo", "1", "us-east-1")]),
        true,
    );
    for _ in 0..47 {
        h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), true);
    }
    let denied = failure("demo", "eu-west-1", "ssm:DescribeParameters", ErrorKind::AccessDenied, "Access denied");
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(Some(denied)), true);
    let pane = &h.app.panes.find;
    assert_eq!(pane.progress(), "48/68 probes · 1 match · 1 failed");
    assert_eq!(pane.hits.items.len(), 1, "a result shows before the search ends");
    assert!(pane.is_searching());
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), false);
    assert_eq!(h.app.panes.find.run, Run::Complete);
    assert_eq!(h.app.panes.get(Pane::Find).in_flight(), 0);
}

#[test]
fn esc_stops_every_probe_and_nothing_arrives_after() {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "payments");
    let id = h.latest(FindSlot::Search);
    h.deliver(FindSlot::Search, id, FindPayload::Planned(10), true);
    h.deliver(
        FindSlot::Search,
        id,
        FindPayload::Hits(vec![hit(HitKind::Bucket, "payments-a", "demo", "1", "us-east-1")]),
        true,
    );
    let commands = h.key(KeyCode::Esc);
    assert_eq!(commands, vec![Command::Cancel(Slot::Find(FindSlot::Search))]);
    assert_eq!(h.app.panes.find.run, Run::Cancelled);
    assert!(h.status().is_some_and(|s| s.contains("stopped")), "{:?}", h.status());
    h.deliver(
        FindSlot::Search,
        id,
        FindPayload::Hits(vec![hit(HitKind::Bucket, "payments-b", "demo", "1", "us-west-2")]),
        true,
    );
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), false);
    let names: Vec<&str> = h.app.panes.find.hits.items.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["payments-a"], "the result so far stays; none after Esc");
    assert_eq!(h.app.panes.find.run, Run::Cancelled);
    assert_eq!(h.app.panes.get(Pane::Find).in_flight(), 0);
}

#[test]
fn skipped_profiles_and_failed_probes_are_listed_with_why() {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "-a payments");
    let id = h.latest(FindSlot::Search);
    let skipped = vec![
        Skipped {
            profile: "prod-mfa".into(),
            reason: "needs an MFA code: press m to enter it".into(),
            needs_mfa: true,
        },
        Skipped {
            profile: "sso-dev".into(),
            reason: "SSO session expired: run aws sso login --profile sso-dev".into(),
            needs_mfa: false,
        },
    ];
    h.deliver(FindSlot::Search, id, FindPayload::Skipped(skipped), true);
    let timeout =
        failure("demo", "ap-south-1", "ecs:ListClusters", ErrorKind::Timeout, "ecs:ListClusters timed out after 20 s");
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(Some(timeout)), false);
    h.ch('e');
    assert_eq!(h.app.panes.find.popup, Some(Popup::Failures { scroll: 0 }));
    let lines = h.app.panes.find.failure_lines().join("\n");
    assert!(lines.contains("ap-south-1 · ecs:ListClusters") && lines.contains("timed out"), "{lines}");
    assert!(lines.contains("prod-mfa: needs an MFA code"), "{lines}");
    assert!(lines.contains("sso-dev: SSO session expired"), "{lines}");
    // m: the code for the MFA profile, then the same search again with it.
    h.ch('m');
    assert!(matches!(&h.app.panes.find.popup, Some(Popup::Mfa { profile, .. }) if profile == "prod-mfa"));
    h.keys("123456\n");
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    assert_eq!(spec.scope, Scope::All);
    assert_eq!(spec.mfa.len(), 1);
    assert_eq!((spec.mfa[0].0.as_str(), spec.mfa[0].1.code.as_str()), ("prod-mfa", "123456"));
    assert!(!format!("{spec:?}").contains("123456"), "the code never shows in Debug");
}

/// A completed search with a result in this account and one in another.
fn searched() -> Harness {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "-a payments");
    let id = h.latest(FindSlot::Search);
    let mut there = hit(HitKind::EcsService, "payments-api", "partner", "210987654321", "eu-west-1");
    there.parent = Some("prod".into());
    there.detail = "cluster prod".into();
    let here = hit(HitKind::Bucket, "payments-logs", "demo", harness::ACCOUNT, harness::REGION);
    h.deliver(FindSlot::Search, id, FindPayload::Planned(2), true);
    h.deliver(FindSlot::Search, id, FindPayload::Hits(vec![here, there]), true);
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), true);
    h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), false);
    h
}

#[test]
fn enter_on_a_result_elsewhere_switches_there_then_opens_it() {
    let mut h = searched();
    h.key(KeyCode::Down);
    let commands = h.key(KeyCode::Enter);
    let want =
        AwsContext { profile: Some("partner".into()), region: Some("eu-west-1".into()), ..AwsContext::default() };
    assert!(commands.iter().any(|c| matches!(c, Command::Connect { context, .. } if *context == want)), "{commands:?}");
    assert_eq!(h.app.pane, Pane::Find, "the old context stays on screen until the new one connects");
    let mut env = harness::environment(&want);
    env.region = "eu-west-1".into();
    let commands = h.connect(env);
    assert_eq!(h.app.pane, Pane::Ecs);
    assert_eq!(h.app.context, want);
    assert!(
        commands.iter().any(|c| matches!(c, Command::Load { slot: Slot::Ecs(_), .. })),
        "the service's pane loads under the new context: {commands:?}"
    );
    assert!(
        matches!(h.app.panes.get(Pane::Ecs).location(), Target::Ecs { cluster: Some(c), .. } if c == "prod"),
        "{:?}",
        h.app.panes.get(Pane::Ecs).location()
    );
    assert!(h.app.nav.pending_target.is_none(), "the service opened, nothing waits");
    // `[`: the Find view again, its results kept across the switch.
    h.ch('[');
    assert_eq!(h.app.pane, Pane::Find);
    assert_eq!(h.app.panes.find.hits.items.len(), 2);
    assert_eq!(h.app.panes.find.run, Run::Complete);
}

#[test]
fn enter_on_a_result_here_opens_it_without_a_switch() {
    let mut h = searched();
    let commands = h.key(KeyCode::Enter);
    assert!(!commands.iter().any(|c| matches!(c, Command::Connect { .. })), "{commands:?}");
    assert_eq!(h.app.pane, Pane::S3);
    let (_, request) = h.take(S3Slot::Objects);
    assert!(matches!(request, S3Request::Objects(ref target) if target.bucket == "payments-logs"), "{request:?}");
    h.ch('[');
    assert_eq!(h.app.pane, Pane::Find);
}

#[test]
fn a_jump_keeps_the_role_that_found_the_result_and_the_mfa_code_entered() {
    let mut h = Harness::demo((100, 30));
    // On screen: the demo profile with a role assumed on top.
    let role = awscope::aws::RoleSpec::new("arn:aws:iam::999988887777:role/Auditor");
    let under_role = AwsContext { role: Some(role.clone()), ..harness::context("demo") };
    h.app.switch_context(under_role.clone());
    h.connect(harness::environment(&under_role));
    find(&mut h, "-a payments");
    // An MFA profile included with its code.
    let id = h.latest(FindSlot::Search);
    let skipped = Skipped { profile: "prod-mfa".into(), reason: "needs an MFA code".into(), needs_mfa: true };
    h.deliver(FindSlot::Search, id, FindPayload::Skipped(vec![skipped]), false);
    h.ch('m');
    h.keys("123456\n");
    let id = h.latest(FindSlot::Search);
    let here = hit(HitKind::Vpc, "vpc-0a1", "demo", "999988887777", "eu-west-1");
    let mfa = hit(HitKind::Bucket, "payments-mfa", "prod-mfa", "444455556666", "us-east-1");
    h.deliver(FindSlot::Search, id, FindPayload::Hits(vec![here, mfa]), false);
    // The current profile's result, in another region: same role, that region.
    let commands = h.key(KeyCode::Enter);
    let want = AwsContext { region: Some("eu-west-1".into()), ..under_role.clone() };
    assert!(commands.iter().any(|c| matches!(c, Command::Connect { context, .. } if *context == want)), "{commands:?}");
    let mut env = harness::environment(&want);
    env.region = "eu-west-1".into();
    h.connect(env);
    assert_eq!(h.app.context.role, Some(role), "the role that found it stays assumed");
    // The MFA profile's result: its code goes with it (the session is reused).
    h.ch('[');
    assert_eq!(h.app.pane, Pane::Find);
    h.key(KeyCode::Down);
    let commands = h.key(KeyCode::Enter);
    let connect = commands.iter().find_map(|c| match c {
        Command::Connect { context, .. } => Some(context.clone()),
        _ => None,
    });
    let connect = connect.expect("a switch to the MFA profile");
    assert_eq!(connect.profile.as_deref(), Some("prod-mfa"));
    assert_eq!(connect.region.as_deref(), Some("us-east-1"));
    assert_eq!(connect.mfa_code.as_deref(), Some("123456"));
    assert!(connect.role.is_none());
}

#[test]
fn enter_on_a_log_group_opens_the_logs_pane_at_that_group() {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "payments");
    let id = h.latest(FindSlot::Search);
    let group = hit(HitKind::LogGroup, "/ecs/payments-api", "demo", harness::ACCOUNT, harness::REGION);
    h.deliver(FindSlot::Search, id, FindPayload::Hits(vec![group]), false);
    let commands = h.key(KeyCode::Enter);
    assert!(!commands.iter().any(|c| matches!(c, Command::Connect { .. })), "{commands:?}");
    assert_eq!(h.app.pane, Pane::Logs);
    assert!(
        matches!(h.app.panes.get(Pane::Logs).location(), Target::Logs(Some(ref g)) if g == "/ecs/payments-api"),
        "{:?}",
        h.app.panes.get(Pane::Logs).location()
    );
}

#[test]
fn a_search_started_before_a_switch_stops_with_it() {
    let mut h = Harness::demo((100, 30));
    find(&mut h, "payments");
    let id = h.latest(FindSlot::Search);
    let generation = h.app.generation;
    h.deliver(
        FindSlot::Search,
        id,
        FindPayload::Hits(vec![hit(HitKind::Bucket, "payments-a", "demo", "1", "us-east-1")]),
        true,
    );
    h.app.switch_context(harness::context("other"));
    h.connect(harness::environment(&harness::context("other")));
    assert_eq!(h.app.panes.find.run, Run::Stopped);
    h.update(Action::Loaded {
        slot: Slot::Find(FindSlot::Search),
        id,
        generation,
        payload: awscope::app::Payload::Find(FindPayload::Hits(vec![hit(
            HitKind::Bucket,
            "payments-late",
            "demo",
            "1",
            "us-east-2",
        )])),
        more: true,
    });
    let names: Vec<&str> = h.app.panes.find.hits.items.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["payments-a"], "what arrived before the switch stays; nothing after");
    h.ch('6');
    assert!(h.draw().contains("stopped when the profile or region changed"), "{}", h.draw());
}

#[test]
fn the_config_sets_scope_concurrency_and_exclusions() {
    let loaded = awscope::config::parse(
        "[find]\nscope = \"all\"\nconcurrency = 4\nexclude = [\"legacy\"]\n",
        Path::new("/home/me/.config/awscope/config.toml"),
    );
    assert!(loaded.error.is_none(), "{:?}", loaded.error);
    let mut h = Harness::demo((100, 30));
    loaded.apply(&mut h.app);
    h.app.pane = Pane::S3;
    let spec = find(&mut h, "payments");
    assert_eq!(spec.scope, Scope::All);
    assert_eq!(spec.concurrency, 4);
    assert_eq!(spec.exclude, ["legacy"]);
}

#[test]
fn the_scope_picker_searches_the_profiles_and_regions_ticked() {
    let mut h = Harness::demo((100, 30));
    h.app.recent.profiles = vec!["demo".into(), "partner".into(), "sandbox".into()];
    find(&mut h, "payments");
    h.ch('s');
    assert!(matches!(h.app.panes.find.popup, Some(Popup::Picker(_))));
    // demo is ticked (the current scope); tick partner and the first region.
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    assert_eq!(
        spec.scope,
        Scope::Chosen { profiles: vec!["demo".into(), "partner".into()], regions: vec!["us-east-1".into()] }
    );
}

#[test]
fn ctrl_g_opens_the_search_prompt_from_any_pane() {
    let mut h = Harness::demo((100, 30));
    h.ctrl('g');
    assert_eq!(h.app.pane, Pane::Find);
    assert!(matches!(h.app.panes.find.popup, Some(Popup::Prompt(_))));
    h.keys("vpc-0a1b\n");
    let (_, FindRequest::Search(spec)) = h.take(FindSlot::Search);
    assert_eq!(spec.text, "vpc-0a1b");
}

#[test]
fn esc_after_the_search_goes_back_to_the_view_before() {
    let mut h = searched();
    assert_eq!(h.app.pane, Pane::Find);
    h.key(KeyCode::Esc);
    assert_eq!(h.app.pane, Pane::S3, "`:find` was typed in the S3 pane");
    h.ch(']');
    assert_eq!(h.app.pane, Pane::Find);
    assert_eq!(h.app.panes.find.hits.items.len(), 2, "the results are still there");
}
