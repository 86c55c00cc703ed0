//! The S3 pane's writes end to end: keys pressed in the app, the real loader,
//! the emulator. A directory uploaded with `u` arrives byte for byte with its
//! content types; Ctrl-D on `logs/` takes exactly that folder (its sibling
//! `logs-old/` stays); marks and `c` copy a file and a folder to another
//! bucket; an upload onto keys that exist asks, and `s` (skip) keeps them.

use std::collections::BTreeMap;

use aws_sdk_s3::primitives::ByteStream;
use awscope::app::goto::Target;
use awscope::app::s3::View;
use awscope::app::{Action, App};
use awscope::aws::AwsProvider;
use awscope::testbed::BASE_PROFILE;
use awscope::testbed::harness::{self, Live, context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const BUCKET: &str = "pane-writes";
const DEST: &str = "pane-writes-dest";

async fn put(provider: &AwsProvider, bucket: &str, key: &str, body: &[u8]) {
    provider
        .s3()
        .put_object()
        .bucket(bucket)
        .key(key)
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await
        .expect("PutObject");
}

/// Every key of `bucket` with its bytes and content type.
async fn contents(provider: &AwsProvider, bucket: &str) -> BTreeMap<String, (Vec<u8>, Option<String>)> {
    let client = provider.s3();
    let listed = client.list_objects_v2().bucket(bucket).send().await.expect("ListObjectsV2");
    let mut all = BTreeMap::new();
    for object in listed.contents() {
        let key = object.key().unwrap_or_default().to_owned();
        let got = client.get_object().bucket(bucket).key(&key).send().await.expect("GetObject");
        let content_type = got.content_type().map(str::to_owned);
        let bytes = got.body.collect().await.expect("body").into_bytes().to_vec();
        all.insert(key, (bytes, content_type));
    }
    all
}

fn ctrl(live: &mut Live, c: char) {
    let commands = live.app.update(Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)));
    live.run(commands);
}

/// Types `text` into the prompt on screen after clearing it.
async fn type_over(live: &mut Live, text: &str) {
    ctrl(live, 'e');
    ctrl(live, 'u');
    live.keys(text).await;
}

fn selected_key(app: &App) -> Option<String> {
    match app.panes.s3.top() {
        Some(View::Objects(view)) => view.listing.selected_item().map(|e| e.key().to_owned()),
        _ => None,
    }
}

/// Moves the selection to the row whose key is `key`.
fn select(live: &mut Live, key: &str) {
    live.key(KeyCode::Char('g'));
    for _ in 0..100 {
        if selected_key(&live.app).as_deref() == Some(key) {
            return;
        }
        live.key(KeyCode::Char('j'));
    }
    panic!("no row {key}; the screen was:\n{}", live.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn uploads_deletes_and_copies_from_the_pane_change_exactly_what_was_named() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    for bucket in [BUCKET, DEST] {
        provider.s3().create_bucket().bucket(bucket).send().await.expect("CreateBucket");
    }
    for key in ["logs/a.log", "logs/deep/b.log", "logs-old/keep.log", "top.txt"] {
        put(&provider, BUCKET, key, format!("seeded {key}\n").as_bytes()).await;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("css")).expect("mkdir");
    let index: Vec<u8> = b"<!doctype html><p>hello</p>\n".to_vec();
    let css: Vec<u8> = (0..70_000u32).flat_map(|i| format!("p{i}{{color:red}}\n").into_bytes()).collect();
    std::fs::write(site.join("index.html"), &index).expect("write");
    std::fs::write(site.join("css/site.css"), &css).expect("write");

    let mut live = Live::new(emulator.profile_options(), context(BASE_PROFILE));
    let commands = live.app.start();
    live.run(commands);
    live.until(|app| app.environment().is_some()).await;
    let commands = live.app.open_target(Target::S3 { bucket: Some(BUCKET.into()), prefix: String::new() });
    live.settle(commands).await;

    // `u`: the directory, counted, previewed, then `y`.
    live.key(KeyCode::Char('u'));
    type_over(&mut live, &format!("{}\n", site.display())).await;
    assert!(live.screen().contains("2 files"), "the preview counts the files:\n{}", live.screen());
    live.keys("y").await;
    let after = contents(&provider, BUCKET).await;
    assert_eq!(after.get("site/index.html").map(|(b, _)| b), Some(&index), "index.html byte for byte");
    assert_eq!(after.get("site/css/site.css").map(|(b, _)| b), Some(&css), "site.css byte for byte");
    assert_eq!(after["site/index.html"].1.as_deref(), Some("text/html"));
    assert_eq!(after["site/css/site.css"].1.as_deref(), Some("text/css"));

    // The same upload again: both keys exist; `s` skips them, nothing changes.
    std::fs::write(site.join("index.html"), b"changed locally").expect("write");
    live.key(KeyCode::Char('u'));
    type_over(&mut live, &format!("{}\n", site.display())).await;
    live.keys("sy").await;
    let again = contents(&provider, BUCKET).await;
    assert_eq!(again["site/index.html"].0, index, "an existing key is not overwritten without the choice");
    assert!(live.screen().contains("2 skipped"), "the report names what was skipped:\n{}", live.screen());
    live.keys("\x1b").await;

    // Ctrl-D on `logs/`: the folder's name typed to confirm.
    select(&mut live, "logs/");
    ctrl(&mut live, 'd');
    live.until(|app| !app.is_busy()).await;
    type_over(&mut live, "logs/\n").await;
    let after = contents(&provider, BUCKET).await;
    let keys: Vec<&str> = after.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["logs-old/keep.log", "site/css/site.css", "site/index.html", "top.txt"],
        "exactly logs/ went; its sibling logs-old/ stayed"
    );

    // Marks: a file and a folder, copied to another bucket.
    live.until(|app| !app.is_busy()).await;
    select(&mut live, "top.txt");
    live.keys(" ").await;
    select(&mut live, "site/");
    live.keys(" ").await;
    live.key(KeyCode::Char('c'));
    type_over(&mut live, &format!("s3://{DEST}/copied/\n")).await;
    live.keys("y").await;
    let copied = contents(&provider, DEST).await;
    let keys: Vec<&str> = copied.keys().map(String::as_str).collect();
    assert_eq!(keys, ["copied/site/css/site.css", "copied/site/index.html", "copied/top.txt"]);
    assert_eq!(copied["copied/site/css/site.css"].0, css, "copied byte for byte");
    assert_eq!(copied["copied/site/index.html"].1.as_deref(), Some("text/html"), "content type kept");
    assert_eq!(contents(&provider, BUCKET).await.len(), 4, "a copy leaves its sources");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_versioned_objects_detail_lists_its_versions_and_v_restores_the_oldest() {
    use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, BASE_PROFILE).await;
    let client = provider.s3();
    client.create_bucket().bucket(BUCKET).send().await.expect("CreateBucket");
    client
        .put_bucket_versioning()
        .bucket(BUCKET)
        .versioning_configuration(VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build())
        .send()
        .await
        .expect("PutBucketVersioning");
    for edition in ["first", "second", "third"] {
        put(&provider, BUCKET, "config.json", format!("{{\"edition\":\"{edition}\"}}").as_bytes()).await;
    }

    let mut live = Live::new(emulator.profile_options(), context(BASE_PROFILE));
    let commands = live.app.start();
    live.run(commands);
    live.until(|app| app.environment().is_some()).await;
    let commands = live.app.open_target(Target::S3 { bucket: Some(BUCKET.into()), prefix: "config.json".into() });
    live.settle(commands).await;
    live.keys("\n").await;
    let detail = |app: &App| match app.panes.s3.top() {
        Some(View::Detail(d)) => Some(d.clone()),
        _ => None,
    };
    let d = detail(&live.app).expect("the object's detail");
    assert_eq!(d.versioned, Some(true), "the bucket is versioned:\n{}", live.screen());
    assert_eq!(d.versions.items.len(), 3, "three versions:\n{}", live.screen());

    // The oldest is listed last: select it, `V`, `y`.
    live.keys("jjj").await;
    let oldest = d.versions.items.last().expect("a version").version_id.clone();
    let selected = detail(&live.app).and_then(|d| d.versions.selected_item().map(|v| v.version_id.clone()));
    assert_eq!(selected.as_deref(), Some(oldest.as_str()), "the oldest version is selected:\n{}", live.screen());
    live.keys("Vy").await;
    let current = contents(&provider, BUCKET).await;
    assert_eq!(current["config.json"].0, b"{\"edition\":\"first\"}", "the oldest version is current again");
    let versions = client.list_object_versions().bucket(BUCKET).send().await.expect("ListObjectVersions");
    assert_eq!(versions.versions().len(), 4, "a restore adds a version; none is lost");
}
