//! The command bar, live filter, sort, visit history and errors view, driven
//! through `App::update` as the event loop does, with snapshots of each.

use awscope::app::command::{Parsed, Prompt, parse};
use awscope::app::goto::Target;
use awscope::app::s3::{S3Payload, S3Request, S3Slot};
use awscope::app::{Action, Command, ErrorDetail, Failure, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::s3::{Bucket, Entry, ObjectEntry, StorageClass};
use awscope::testbed::harness::Harness;
use crossterm::event::KeyCode;
use time::macros::datetime;

/// Names of the rows the table on screen shows, in order.
fn shown(sim: &Harness) -> Vec<String> {
    let view = sim.app.panes.s3.top();
    match view {
        Some(awscope::app::s3::View::Objects(v)) => (0..v.listing.visible_len())
            .filter_map(|p| v.listing.index_at(p))
            .map(|i| v.listing.items[i].key().rsplit('/').next().unwrap_or_default().to_owned())
            .collect(),
        _ => (0..sim.app.panes.s3.buckets.visible_len())
            .filter_map(|p| sim.app.panes.s3.buckets.index_at(p))
            .map(|i| sim.app.panes.s3.buckets.items[i].name.clone())
            .collect(),
    }
}

fn bucket(i: usize) -> Bucket {
    let region = if i.is_multiple_of(3) { "eu-west-1" } else { "us-east-1" };
    Bucket {
        name: format!("acme-{}-{i:03}", ["logs", "assets", "backups", "data"][i % 4]),
        created: Some(datetime!(2024-03-05 09:15 UTC) + time::Duration::days(i64::try_from(i).expect("small"))),
        region: Some(region.into()),
    }
}

fn object(name: &str, size: u64) -> Entry {
    Entry::Object(ObjectEntry {
        key: name.to_owned(),
        size,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
        storage_class: StorageClass::Standard,
    })
}

/// Connected to `demo`, identity known, 12 buckets listed.
fn sim(size: (u16, u16)) -> Harness {
    let mut sim = Harness::demo(size);
    sim.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets((0..12).map(bucket).collect())]);
    sim
}

#[test]
fn the_filter_narrows_shows_counts_and_esc_clears_it() {
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char('/'));
    sim.keys("logs");
    assert_eq!(shown(&sim), vec!["acme-logs-000", "acme-logs-004", "acme-logs-008"]);
    insta::assert_snapshot!("filter_typing", sim.draw());
    sim.key(KeyCode::Enter);
    assert!(sim.app.prompt().is_none(), "Enter keeps the filter and closes the prompt");
    insta::assert_snapshot!("filter_applied", sim.draw());
    sim.key(KeyCode::Esc);
    assert_eq!(shown(&sim).len(), 12, "Esc on a filtered table clears the filter");
    assert!(sim.app.panes.s3.top().is_none(), "…and does not leave the view");
}

#[test]
fn regex_and_inverse_filters() {
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char('/'));
    sim.keys("~(logs|data)-00[0-3]");
    assert_eq!(shown(&sim), vec!["acme-logs-000", "acme-data-003"]);
    sim.key(KeyCode::Esc);
    assert_eq!(shown(&sim).len(), 12, "Esc while typing clears the filter");
    sim.key(KeyCode::Char('/'));
    sim.keys("!a-");
    assert!(shown(&sim).iter().all(|n| !n.contains("a-")));
    assert_eq!(shown(&sim).len(), 9, "the three acme-data buckets are left out");
}

#[test]
fn no_match_says_so_in_the_table() {
    let mut sim = sim((100, 24));
    sim.key(KeyCode::Char('/'));
    sim.keys("zzz");
    insta::assert_snapshot!("filter_no_match", sim.draw());
}

/// Opens `logs` with the first page of objects; returns the listing's load.
fn in_prefix(sim: &mut Harness) -> (S3Slot, RequestId) {
    sim.key(KeyCode::Enter);
    let (_, id) = sim.load(|r| matches!(r, LoadRequest::S3(S3Request::Objects { .. })));
    let first = vec![object("app-1.log", 300), object("db-1.log", 100), object("app-2.log", 200)];
    sim.deliver(S3Slot::Objects, id, S3Payload::Objects(first), true);
    (S3Slot::Objects, id)
}

#[test]
fn the_filter_survives_pages_and_keeps_the_selection() {
    let mut sim = sim((120, 30));
    let (slot, id) = in_prefix(&mut sim);
    sim.key(KeyCode::Char('/'));
    sim.keys("app");
    sim.key(KeyCode::Enter);
    sim.key(KeyCode::Char('j'));
    assert_eq!(shown(&sim), vec!["app-1.log", "app-2.log"]);
    let selected = |sim: &Harness| match sim.app.panes.s3.top() {
        Some(awscope::app::s3::View::Objects(v)) => v.listing.selected_item().map(|e| e.key().to_owned()),
        _ => None,
    };
    assert_eq!(selected(&sim).as_deref(), Some("app-2.log"));
    let more = vec![object("app-0.log", 50), object("db-2.log", 10), object("app-3.log", 400)];
    sim.deliver(slot, id, S3Payload::Objects(more), false);
    assert_eq!(shown(&sim), vec!["app-1.log", "app-2.log", "app-0.log", "app-3.log"]);
    assert_eq!(selected(&sim).as_deref(), Some("app-2.log"), "the selection stays on the same row");
}

#[test]
fn sort_by_column_is_stable_across_pages() {
    let mut sim = sim((120, 30));
    let (slot, id) = in_prefix(&mut sim);
    sim.key(KeyCode::Char('>'));
    sim.key(KeyCode::Char('>'));
    assert_eq!(shown(&sim), vec!["db-1.log", "app-2.log", "app-1.log"], "by SIZE, smallest first");
    sim.key(KeyCode::Char('='));
    assert_eq!(shown(&sim), vec!["app-1.log", "app-2.log", "db-1.log"], "= flips");
    let more = vec![object("big.log", 900), object("same-as-app-2.log", 200)];
    sim.deliver(slot, id, S3Payload::Objects(more), false);
    assert_eq!(
        shown(&sim),
        vec!["big.log", "app-1.log", "app-2.log", "same-as-app-2.log", "db-1.log"],
        "new rows join in order; equal sizes keep arrival order"
    );
    insta::assert_snapshot!("sorted_by_size_descending", sim.draw());
    sim.key(KeyCode::Char('<'));
    assert_eq!(shown(&sim)[0], "app-1.log", "< moves the sort to NAME");
}

#[test]
fn command_bar_parses_completes_and_remembers() {
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char(':'));
    sim.keys("pro");
    sim.key(KeyCode::Tab);
    let Some(Prompt::Command(bar)) = sim.app.prompt() else { panic!("command bar open") };
    assert_eq!(bar.input.value, "profile ");
    sim.app.recent.profiles = vec!["demo".into(), "demo-prod".into(), "staging".into()];
    sim.keys("de");
    sim.key(KeyCode::Tab);
    let Some(Prompt::Command(bar)) = sim.app.prompt() else { panic!("command bar open") };
    assert_eq!(bar.input.value, "profile demo");
    assert_eq!(bar.completions, vec!["demo", "demo-prod"]);
    insta::assert_snapshot!("command_bar_completions", sim.draw());

    // Unknown commands say what there is, and the bar stays open.
    sim.key(KeyCode::Esc);
    sim.key(KeyCode::Char(':'));
    sim.keys("lambda");
    sim.key(KeyCode::Enter);
    let Some(Prompt::Command(bar)) = sim.app.prompt() else { panic!("still open") };
    assert!(bar.error.as_deref().is_some_and(|e| e.contains("Unknown command :lambda")));
    insta::assert_snapshot!("command_bar_unknown", sim.draw());
    sim.key(KeyCode::Esc);

    // A command that runs is remembered; ↑ brings it back.
    sim.key(KeyCode::Char(':'));
    sim.keys("s3 acme-logs-000/logs");
    sim.key(KeyCode::Enter);
    assert_eq!(sim.app.nav.command_history, vec!["s3 acme-logs-000/logs"]);
    sim.key(KeyCode::Char(':'));
    sim.key(KeyCode::Up);
    let Some(Prompt::Command(bar)) = sim.app.prompt() else { panic!("open") };
    assert_eq!(bar.input.value, "s3 acme-logs-000/logs");
}

#[test]
fn command_bar_with_nothing_typed_lists_the_commands() {
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char(':'));
    insta::assert_snapshot!("command_bar_empty", sim.draw());
}

#[test]
fn parsing_covers_every_command() {
    assert_eq!(parse("vpc"), Ok(Parsed::Go(Target::Vpc(None))));
    assert_eq!(parse("subnet subnet-1"), Ok(Parsed::Go(Target::Subnet(Some("subnet-1".into())))));
    assert_eq!(parse("ssm /app/prod"), Ok(Parsed::Go(Target::Ssm(Some("/app/prod".into())))));
    assert_eq!(parse("ecs"), Ok(Parsed::Go(Target::Ecs { cluster: None, service: None })));
    assert_eq!(parse("region eu-west-1"), Ok(Parsed::Region("eu-west-1".into())));
    assert_eq!(
        parse("role arn:aws:iam::222222222222:role/admin"),
        Ok(Parsed::Role("arn:aws:iam::222222222222:role/admin".into()))
    );
    assert_eq!(parse("quit"), Ok(Parsed::Quit));
}

#[test]
fn region_command_switches_through_the_two_phase_switch() {
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char(':'));
    sim.keys("region eu-west-1");
    sim.key(KeyCode::Enter);
    let connect = sim.commands.iter().find_map(|c| match c {
        Command::Connect { context, .. } => Some(context.clone()),
        _ => None,
    });
    assert_eq!(connect.and_then(|c| c.region).as_deref(), Some("eu-west-1"));
    assert_eq!(sim.app.panes.s3.buckets.items.len(), 12, "the old data stays until the new context connects");
}

#[test]
fn history_goes_back_and_forward_through_visited_views() {
    let mut sim = sim((120, 30));
    in_prefix(&mut sim);
    let here = Target::S3 { bucket: Some("acme-logs-000".into()), prefix: String::new() };
    assert_eq!(sim.app.location(), Some(here.clone()));
    sim.key(KeyCode::Char('2'));
    assert_eq!(sim.app.nav.back.last(), Some(&here), "switching panes is a visit");
    sim.key(KeyCode::Char('['));
    assert_eq!(sim.app.location(), Some(here.clone()), "[ returns to the bucket");
    assert!(
        sim.commands
            .iter()
            .any(|c| matches!(c, Command::Load { request: LoadRequest::S3(S3Request::Objects { .. }), .. })),
        "and lists it again: {:?}",
        sim.commands
    );
    assert_eq!(sim.app.nav.forward, vec![Target::Vpc(None)]);
    sim.key(KeyCode::Char(']'));
    assert_eq!(sim.app.location(), Some(Target::Vpc(None)), "] goes forward again");
    sim.key(KeyCode::Char(']'));
    assert_eq!(sim.app.status.as_ref().map(|s| s.text.as_str()), Some("No later view: ] goes forward after [."));
}

#[test]
fn errors_view_lists_failures_with_operation_code_and_request_id() {
    let mut sim = sim((140, 30));
    sim.key(KeyCode::Enter);
    let (slot, id) = sim.load(|r| matches!(r, LoadRequest::S3(S3Request::Objects { .. })));
    let detail = ErrorDetail {
        at: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_717_243_200),
        operation: Some("ListObjectsV2".into()),
        code: Some("AccessDenied".into()),
        request_id: Some("4442587FB7D0A2F9".into()),
    };
    sim.app.update(Action::ErrorDetail { id, generation: 1, detail });
    let message = "Access denied: ListObjectsV2 on s3://acme-logs-000/ needs s3:ListBucket. Ask for that permission, \
                   or switch profile or role. (AccessDenied: Access Denied)";
    sim.app.update(Action::LoadFailed {
        slot,
        id,
        generation: 1,
        error: Failure { kind: ErrorKind::AccessDenied, message: message.into() },
    });
    assert_eq!(sim.app.errors.len(), 1, "the detail and the failure make one entry");
    sim.key(KeyCode::Char('!'));
    insta::assert_snapshot!("errors_view", sim.draw());
    sim.key(KeyCode::Char('y'));
    assert_eq!(sim.commands, vec![Command::Copy("4442587FB7D0A2F9".into())]);
    sim.key(KeyCode::Esc);
    assert!(sim.app.errors_view().is_none());
}

#[test]
fn a_failure_from_an_older_context_is_not_logged() {
    let mut sim = sim((120, 30));
    sim.app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Buckets),
        id: RequestId(999),
        generation: 0,
        error: Failure { kind: ErrorKind::Network, message: "old".into() },
    });
    assert!(sim.app.errors.is_empty());
}

#[test]
fn tab_in_the_vpc_filter_asks_ec2_for_the_tag() {
    use awscope::app::network::NetworkRequest;
    let mut sim = sim((120, 30));
    sim.key(KeyCode::Char('2'));
    sim.key(KeyCode::Char('/'));
    sim.keys("prod");
    sim.key(KeyCode::Tab);
    let (_, _) = sim.load(|r| {
        *r == LoadRequest::Network(NetworkRequest::VpcsTagged { key: "Name".into(), value: "*prod*".into() })
    });
    assert!(sim.app.prompt().is_none());
    sim.key(KeyCode::Char('/'));
    sim.keys("tag:env=production");
    sim.key(KeyCode::Tab);
    let (slot, id) = sim.load(|r| {
        *r == LoadRequest::Network(NetworkRequest::VpcsTagged { key: "env".into(), value: "production".into() })
    });
    let payload = Payload::Network(awscope::app::network::NetworkPayload::Vpcs(Vec::new()));
    sim.app.update(Action::Loaded { slot, id, generation: 1, payload, more: false });
    insta::assert_snapshot!("vpcs_by_tag_none", sim.draw());
    sim.key(KeyCode::Esc);
    sim.load(|r| *r == LoadRequest::Network(NetworkRequest::Vpcs));
    assert_eq!(sim.app.panes.network.vpc_query, None, "Esc goes back to every VPC");
}

#[test]
fn tab_in_an_s3_prefix_lists_the_typed_prefix_on_s3() {
    let mut sim = sim((120, 30));
    in_prefix(&mut sim);
    sim.key(KeyCode::Char('/'));
    sim.keys("2024/");
    sim.key(KeyCode::Tab);
    sim.load(|r| matches!(r, LoadRequest::S3(S3Request::Objects(o)) if o.key == "2024/"));
    assert_eq!(sim.app.location(), Some(Target::S3 { bucket: Some("acme-logs-000".into()), prefix: "2024/".into() }));
}
