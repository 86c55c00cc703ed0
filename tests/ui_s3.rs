//! Snapshots of the header and the S3 bucket pane in every state, at fixed
//! sizes with fixed data.

use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{Action, App, Failure, Payload, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::s3::Bucket;
use awscope::testbed::harness::{Harness, context, key, screen};
use crossterm::event::KeyCode;
use time::macros::datetime;

fn bucket(i: usize) -> Bucket {
    let region = if i.is_multiple_of(3) { "eu-west-1" } else { "us-east-1" };
    Bucket {
        name: format!("acme-{}-{i:03}", ["logs", "assets", "backups", "data"][i % 4]),
        created: Some(datetime!(2024-03-05 09:15 UTC) + time::Duration::days(i64::try_from(i).expect("small"))),
        region: Some(region.into()),
    }
}

/// An app connected to the demo profile with its identity known; returns the
/// bucket request id.
fn connected(size: (u16, u16), read_only: bool) -> (App, awscope::app::RequestId) {
    let mut h = Harness::new(context("demo"), read_only, size).connected();
    let (id, _) = h.take(S3Slot::Buckets);
    (h.app, id)
}

fn page(app: &mut App, id: awscope::app::RequestId, buckets: Vec<Bucket>, more: bool) {
    app.update(Action::Loaded {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        payload: Payload::S3(S3Payload::Buckets(buckets)),
        more,
    });
}

#[test]
fn connecting() {
    let mut app = App::new(context("demo"), false, (100, 30));
    app.start();
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn loading_buckets() {
    let (app, _) = connected((100, 30), false);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn empty_account() {
    let (mut app, id) = connected((100, 30), false);
    page(&mut app, id, vec![], false);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn loaded_with_selection_scrolled_down_100x30() {
    let (mut app, id) = connected((100, 30), false);
    page(&mut app, id, (0..250).map(bucket).collect(), false);
    for _ in 0..40 {
        app.update(key(KeyCode::Char('j')));
    }
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn loaded_160x40_read_only() {
    let (mut app, id) = connected((160, 40), true);
    page(&mut app, id, (0..12).map(bucket).collect(), false);
    app.update(key(KeyCode::Char('j')));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn partial_listing_while_more_pages_load() {
    let (mut app, id) = connected((100, 30), false);
    page(&mut app, id, (0..1000).map(bucket).collect(), true);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn access_denied_error() {
    let (mut app, id) = connected((100, 30), false);
    let message = "Access denied: ListBuckets on all buckets needs s3:ListAllMyBuckets. Ask for that permission, or switch profile or role. (AccessDenied: Access Denied)";
    app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        error: Failure { kind: ErrorKind::AccessDenied, message: message.into() },
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn throttled_after_a_partial_listing() {
    let (mut app, id) = connected((100, 30), false);
    page(&mut app, id, (0..30).map(bucket).collect(), true);
    let message = "ListBuckets on all buckets was throttled — r to retry in a moment (AWS asked to slow down and the \
                   retries did not get through).";
    app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Buckets),
        id,
        generation: 1,
        error: Failure { kind: ErrorKind::Throttled, message: message.into() },
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn unknown_profile() {
    let mut app = App::new(context("typo"), false, (100, 30));
    app.start();
    let message = "Profile typo is not defined in /home/me/.aws/config or /home/me/.aws/credentials. Pick one that is (aws configure list-profiles), or add it.";
    app.update(Action::ConnectFailed {
        generation: 1,
        error: Failure { kind: ErrorKind::Config, message: message.into() },
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn hostile_bucket_names_are_inert() {
    let (mut app, id) = connected((100, 30), false);
    let hostile = vec![
        Bucket { name: "clear\x1b[2Jscreen".into(), created: None, region: None },
        Bucket { name: "osc52\x1b]52;c;aGk=\x07copy".into(), created: None, region: None },
        Bucket { name: "rtl\u{202e}gpj.exe".into(), created: None, region: None },
        Bucket { name: "c1\u{9b}31mred".into(), created: None, region: None },
    ];
    page(&mut app, id, hostile, false);
    let screen = screen(&app);
    assert!(!screen.contains('\x1b') && !screen.contains('\u{202e}') && !screen.contains('\u{9b}'));
    insta::assert_snapshot!(screen);
}

#[test]
fn help_overlay() {
    let (mut app, id) = connected((100, 30), false);
    page(&mut app, id, (0..5).map(bucket).collect(), false);
    app.update(key(KeyCode::Char('?')));
    insta::assert_snapshot!(screen(&app));
}
