//! The describe view (`d`), console links (`o`) and copying (`y`/`Y`) across
//! the panes: what is described, searched, copied and opened, that a masked
//! SecureString never reaches the JSON, and snapshots of the overlay.

mod app_ecs_world;
mod ssm_world;

use app_ecs_world::{Driver, Rows, service_arn};
use awscope::app::ecs::EcsSlot;
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{App, Command};
use awscope::aws::s3::{Bucket, Entry, ObjectDetail, ObjectEntry, StorageClass};
use awscope::testbed::harness::{self, Harness, press, screen, type_text};
use crossterm::event::KeyCode;
use ssm_world::{DB_PASSWORD, Tree};
use time::macros::datetime;

fn status(app: &App) -> &str {
    app.status.as_ref().map_or("", |s| s.text.as_str())
}

fn object(key: &str, size: u64) -> Entry {
    Entry::Object(ObjectEntry {
        key: key.into(),
        size,
        last_modified: Some(datetime!(2024-06-03 12:00 UTC)),
        storage_class: StorageClass::Standard,
    })
}

/// Connected (identity known) with one bucket listed; `entries` listed in it.
fn in_bucket(size: (u16, u16), entries: Vec<Entry>) -> Harness {
    let mut h = Harness::demo(size);
    let bucket = Bucket {
        name: "acme-logs".into(),
        created: Some(datetime!(2024-03-05 09:15 UTC)),
        region: Some("eu-west-1".into()),
    };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    h.key(KeyCode::Enter);
    h.answer_with(S3Slot::Objects, vec![S3Payload::Objects(entries)]);
    h
}

fn head() -> ObjectDetail {
    ObjectDetail {
        size: 2_345,
        last_modified: Some(datetime!(2024-06-03 12:00 UTC)),
        etag: Some("\"9b2cf535f27731c974343645a3985328\"".into()),
        storage_class: None,
        content_type: Some("text/markdown".into()),
        content_encoding: None,
        encryption: Some("aws:kms".into()),
        kms_key_id: Some("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab".into()),
        version_id: None,
        metadata: vec![("owner".into(), "data-team".into())],
    }
}

/// README.md's detail open, HeadObject and tags answered, the bucket unversioned.
fn in_detail(size: (u16, u16)) -> App {
    let mut h = in_bucket(size, vec![Entry::Folder("logs/".into()), object("README.md", 2_345)]);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Enter);
    h.answer_with(S3Slot::Detail, vec![S3Payload::Detail(head())]);
    let tags = vec![("team".into(), "data".into()), ("retention".into(), "90d".into())];
    h.answer_with(S3Slot::Tags, vec![S3Payload::Tags(tags)]);
    h.answer_with(S3Slot::Versions, vec![S3Payload::Versions { page: Vec::new(), versioned: false }]);
    h.app
}

#[test]
fn describe_an_object_shows_head_object_and_tags() {
    let mut app = in_detail((160, 40));
    assert!(press(&mut app, KeyCode::Char('d')).is_empty());
    let view = app.describe().expect("describe is open");
    assert_eq!(view.title, "S3 object s3://acme-logs/README.md");
    let text = view.lines.join("\n");
    for needle in [
        r#""Key": "README.md""#,
        r#""Arn": "arn:aws:s3:::acme-logs/README.md""#,
        r#""ContentType": "text/markdown""#,
        r#""StorageClass": "STANDARD""#,
        r#""owner": "data-team""#,
        r#""Key": "retention""#,
    ] {
        assert!(text.contains(needle), "{needle} in\n{text}");
    }
    insta::assert_snapshot!("describe_s3_object_160x40", screen(&app));
}

#[test]
fn describe_search_moves_between_matches_and_highlights() {
    let mut app = in_detail((160, 40));
    press(&mut app, KeyCode::Char('d'));
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "key");
    assert!(app.describe().is_some_and(|v| v.input.is_some()), "typing the query");
    press(&mut app, KeyCode::Enter);
    let view = app.describe().expect("open");
    let lines: Vec<usize> = view.matches.clone();
    assert!(lines.len() >= 3, "Key, SSEKMSKeyId and the tag keys match: {lines:?}");
    for &i in &lines {
        assert!(view.lines[i].to_ascii_lowercase().contains("key"), "line {i} matches");
    }
    assert_eq!(view.current, Some(0));
    assert_eq!(status(&app), format!("{} matching lines; n next, N previous.", lines.len()));

    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.describe().and_then(|v| v.current), Some(1));
    press(&mut app, KeyCode::Char('N'));
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(app.describe().and_then(|v| v.current), Some(lines.len() - 1), "N wraps to the last match");
    let screen = screen(&app);
    assert!(screen.contains(&format!("“key” {}/{}", lines.len(), lines.len())), "{screen}");

    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "no-such-text");
    press(&mut app, KeyCode::Enter);
    assert!(app.describe().is_some_and(|v| v.matches.is_empty()));
    assert_eq!(status(&app), "No line matches “no-such-text”.");
}

#[test]
fn describe_y_copies_the_json_and_esc_and_q_close_without_quitting() {
    let mut app = in_detail((100, 30));
    press(&mut app, KeyCode::Char('d'));
    let json = app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert_eq!(press(&mut app, KeyCode::Char('y')), vec![Command::Copy(json.clone())]);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "the copy is valid JSON");
    assert_eq!(status(&app), "Copied the JSON of S3 object s3://acme-logs/README.md to the clipboard");
    press(&mut app, KeyCode::Esc);
    assert!(app.describe().is_none());
    assert!(app.panes.s3.top().is_some(), "Esc closes only the describe view");

    press(&mut app, KeyCode::Char('d'));
    assert!(press(&mut app, KeyCode::Char('q')).is_empty());
    assert!(app.describe().is_none());
    assert!(!app.should_quit(), "q closes the view, not the app");
}

#[test]
fn describe_scrolls_within_the_json() {
    let mut app = in_detail((100, 30));
    press(&mut app, KeyCode::Char('d'));
    let total = app.describe().map(|v| v.lines.len()).expect("open");
    let rows = awscope::ui::describe::rows(30);
    assert!(total > rows, "the object's JSON is longer than a screen at 100x30");
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(app.describe().map(|v| v.scroll), Some(1));
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(app.describe().map(|v| v.scroll), Some(total - rows));
    press(&mut app, KeyCode::PageUp);
    assert_eq!(app.describe().map(|v| v.scroll), Some((total - rows).saturating_sub(rows)));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.describe().map(|v| v.scroll), Some(0));
}

#[test]
fn folders_and_objects_copy_open_and_describe() {
    let mut app = in_bucket((100, 30), vec![Entry::Folder("logs/2024 q1/".into()), object("a+b&c.txt", 10)]).app;
    assert_eq!(press(&mut app, KeyCode::Char('y')), vec![Command::Copy("s3://acme-logs/logs/2024 q1/".into())]);
    assert_eq!(status(&app), "Copied s3://acme-logs/logs/2024 q1/ to the clipboard");
    let url = "https://s3.console.aws.amazon.com/s3/buckets/acme-logs?region=eu-west-1&prefix=logs%2F2024%20q1%2F";
    assert_eq!(press(&mut app, KeyCode::Char('o')), vec![Command::OpenUrl(url.into())]);
    assert_eq!(status(&app), format!("Opening {url}"));

    press(&mut app, KeyCode::Char('j'));
    assert_eq!(press(&mut app, KeyCode::Char('Y')), vec![Command::Copy("arn:aws:s3:::acme-logs/a+b&c.txt".into())]);
    assert_eq!(status(&app), "Copied arn:aws:s3:::acme-logs/a+b&c.txt to the clipboard");
    let url = "https://s3.console.aws.amazon.com/s3/object/acme-logs?region=eu-west-1&prefix=a%2Bb%26c.txt";
    assert_eq!(press(&mut app, KeyCode::Char('o')), vec![Command::OpenUrl(url.into())]);
    press(&mut app, KeyCode::Char('d'));
    assert!(app.describe().is_some_and(|v| v.lines.iter().any(|l| l.contains(r#""Size": 10"#))));
}

#[test]
fn nothing_selected_says_so() {
    let mut empty = App::new(harness::context("demo"), false, (100, 30));
    assert!(press(&mut empty, KeyCode::Char('d')).is_empty());
    assert!(empty.describe().is_none());
    assert_eq!(status(&empty), "Nothing is selected to describe.");
    assert!(press(&mut empty, KeyCode::Char('o')).is_empty());
    assert_eq!(status(&empty), "Nothing is selected to open in the AWS console.");
    assert!(press(&mut empty, KeyCode::Char('y')).is_empty());
    assert_eq!(status(&empty), "Nothing is selected to copy.");
}

#[test]
fn hostile_keys_stay_inert_in_the_describe_view() {
    let mut app = in_bucket((100, 30), vec![object("evil\u{1b}[2J\u{202e}name.txt", 1)]).app;
    press(&mut app, KeyCode::Char('d'));
    let screen = screen(&app);
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{202e}'), "{screen}");
    assert!(screen.contains("evil\\u001b[2J\\u{202e}name.txt"), "{screen}");
}

/// The ECS world's `web` service, described, with its service list on screen.
fn on_web_service() -> Driver {
    let mut d = app_ecs_world::driver((160, 40), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.select("web");
    d
}

#[test]
fn describe_an_ecs_service() {
    let mut d = on_web_service();
    d.key(KeyCode::Char('d'));
    let view = d.app.describe().expect("open");
    assert_eq!(view.title, "ECS service web");
    let text = view.lines.join("\n");
    assert!(text.contains(&format!(r#""ServiceArn": "{}""#, service_arn("demo-cluster", "web"))), "{text}");
    assert!(text.contains(r#""Deployments": ["#));
    insta::assert_snapshot!("describe_ecs_service_160x40", d.draw());
}

#[test]
fn ecs_copy_and_console_links() {
    let mut d = on_web_service();
    d.key(KeyCode::Char('y'));
    d.key(KeyCode::Char('Y'));
    assert_eq!(d.copied, ["web".to_owned(), service_arn("demo-cluster", "web")]);
    let commands = d.key(KeyCode::Char('o'));
    let url =
        "https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/demo-cluster/services/web/health?region=us-east-1";
    assert_eq!(commands, vec![Command::OpenUrl(url.into())]);
}

#[test]
fn a_masked_secure_string_is_never_described_with_its_value() {
    let mut sim = ssm_world::sim((100, 30), false);
    sim.open_path("app/dev/db");
    sim.select("password");
    sim.ch('d');
    let text = sim.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(text.contains(r#""Name": "/app/dev/db/password""#), "{text}");
    assert!(text.contains(r#""Type": "SecureString""#));
    assert!(!text.contains(DB_PASSWORD) && !text.contains(r#""Value""#), "{text}");
    sim.key(KeyCode::Esc);

    // Opened, still masked: no value.
    sim.key(KeyCode::Enter);
    sim.ch('d');
    let text = sim.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(!text.contains(DB_PASSWORD), "{text}");
    assert!(!sim.draw().contains(DB_PASSWORD));
    sim.key(KeyCode::Esc);

    // Revealed on screen: the describe may show it; masked again: gone.
    sim.ch('x');
    sim.ch('d');
    let text = sim.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(text.contains(DB_PASSWORD), "revealed values are on screen already");
    assert!(!format!("{:?}", sim.app).contains(DB_PASSWORD), "Debug of the describe view never prints its JSON");
    sim.key(KeyCode::Esc);
    sim.ch('x');
    sim.ch('d');
    let text = sim.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(!text.contains(DB_PASSWORD), "{text}");
}

#[test]
fn ssm_copy_builds_the_arn_and_history_versions_have_their_own_id() {
    let mut sim = ssm_world::sim((100, 30), false);
    sim.open_path("app/dev/db");
    sim.select("password");
    sim.ch('y');
    sim.ch('Y');
    let copied: Vec<&Command> = sim.other.iter().filter(|c| matches!(c, Command::Copy(_))).collect();
    assert_eq!(copied[0], &Command::Copy("/app/dev/db/password".into()));
    let Command::Copy(arn) = copied[1] else { panic!() };
    assert!(arn.starts_with("arn:aws:ssm:") && arn.ends_with(":parameter/app/dev/db/password"), "{arn}");
    let url = "https://us-east-1.console.aws.amazon.com/systems-manager/parameters/%252Fapp%252Fdev%252Fdb%252Fpassword/description?region=us-east-1";
    sim.ch('o');
    assert_eq!(sim.other.last(), Some(&Command::OpenUrl(url.into())));

    sim.ch('h');
    sim.ch('y');
    let Some(Command::Copy(id)) = sim.other.last() else { panic!("copied") };
    assert!(id.starts_with("/app/dev/db/password:"), "a version copies name:version, got {id}");
    sim.ch('d');
    let text = sim.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(text.contains(r#""Version": "#) && !text.contains(DB_PASSWORD), "{text}");
}

#[test]
fn a_folder_copies_its_path_and_an_arn_pattern() {
    let mut sim = ssm_world::sim((100, 30), false);
    sim.open_path("app");
    sim.select("dev");
    sim.ch('y');
    sim.ch('Y');
    let copied: Vec<&Command> = sim.other.iter().filter(|c| matches!(c, Command::Copy(_))).collect();
    assert_eq!(copied[0], &Command::Copy("/app/dev".into()));
    assert_eq!(copied[1], &Command::Copy("arn:aws:ssm:us-east-1:123456789012:parameter/app/dev/*".into()));
}

#[test]
fn describe_search_prompt_and_matches_at_100x30() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.select("web");
    d.key(KeyCode::Char('d'));
    d.keys("/count");
    insta::assert_snapshot!("describe_search_typing_100x30", d.draw());
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('n'));
    d.key(KeyCode::Char('n'));
    d.key(KeyCode::Char('n'));
    insta::assert_snapshot!("describe_search_matches_100x30", d.draw());
}

/// Connected, on the Network pane, with one tagged VPC listed.
fn on_network() -> App {
    use awscope::app::network::{NetworkPayload, NetworkSlot};
    use awscope::aws::ec2::{ResourceState, Tag, Vpc};
    let mut h = in_bucket((100, 30), Vec::new());
    h.key(KeyCode::Char('2'));
    let vpc = Vpc {
        vpc_id: "vpc-0123456789abcdef0".into(),
        name: Some("main".into()),
        cidr_blocks: vec!["10.0.0.0/16".into()],
        ipv6_cidr_blocks: Vec::new(),
        state: ResourceState::Available,
        is_default: false,
        tenancy: "default".into(),
        owner_id: "123456789012".into(),
        tags: vec![Tag { key: "Name".into(), value: "main".into() }, Tag { key: "team".into(), value: "net".into() }],
        arn: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0".into(),
    };
    h.answer_with(NetworkSlot::Vpcs, vec![NetworkPayload::Vpcs(vec![vpc])]);
    h.app
}

#[test]
fn a_vpc_is_described_with_its_tags_copied_and_opened() {
    let mut app = on_network();
    press(&mut app, KeyCode::Char('d'));
    let text = app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(text.contains(r#""VpcId": "vpc-0123456789abcdef0""#), "{text}");
    assert!(text.contains(r#""Key": "team""#) && text.contains(r#""Value": "net""#), "tags are described: {text}");
    press(&mut app, KeyCode::Esc);
    assert_eq!(press(&mut app, KeyCode::Char('y')), vec![Command::Copy("vpc-0123456789abcdef0".into())]);
    assert_eq!(status(&app), "Copied vpc-0123456789abcdef0 to the clipboard");
    let url = "https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId=vpc-0123456789abcdef0";
    assert_eq!(press(&mut app, KeyCode::Char('o')), vec![Command::OpenUrl(url.into())]);
}

#[test]
fn a_cluster_row_not_yet_described_is_described_from_its_arn() {
    use awscope::app::ecs::{EcsPayload, TableUpdate};
    let mut d = app_ecs_world::driver((100, 30), false);
    let (id, _) = d.take(EcsSlot::Clusters);
    let arn = app_ecs_world::cluster_arn("demo-cluster");
    d.deliver(EcsSlot::Clusters, id, EcsPayload::Clusters(TableUpdate::Listed(vec![arn.clone()])), true);
    d.key(KeyCode::Char('d'));
    let text = d.app.describe().map(|v| v.lines.join("\n")).expect("open");
    assert!(
        text.contains(&format!(r#""ClusterArn": "{arn}""#)) && text.contains(r#""Described": "not yet""#),
        "{text}"
    );
    d.key(KeyCode::Esc);
    d.key(KeyCode::Char('Y'));
    assert_eq!(d.copied, [arn]);
}
