//! Snapshots of the S3 explorer below the bucket list: prefixes, detail,
//! previews, downloads and errors, at 100×30 and 160×40.

use awscope::app::s3::{Preview, S3Payload, S3Request, S3Slot};
use awscope::app::{Action, App, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::s3::{Bucket, BucketStatus, Entry, ObjectDetail, ObjectEntry, ObjectVersion, StorageClass};
use awscope::testbed::harness::{Harness, press, screen};
use crossterm::event::KeyCode;
use time::macros::datetime;

/// The id of the load for `slot` among `commands`.
fn load_id(commands: &[Command], want: S3Slot) -> RequestId {
    commands
        .iter()
        .find_map(|c| match c {
            Command::Load { slot: Slot::S3(s), id, .. } if *s == want => Some(*id),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no {want:?} load in {commands:?}"))
}

fn loaded(app: &mut App, slot: S3Slot, id: RequestId, payload: S3Payload, more: bool) {
    app.update(Action::Loaded { slot: Slot::S3(slot), id, generation: 1, payload: Payload::S3(payload), more });
}

/// Connected, identity known, one bucket listed and opened; returns the
/// objects load id.
fn in_bucket(size: (u16, u16)) -> (App, RequestId) {
    let mut h = Harness::demo(size);
    let bucket = Bucket {
        name: "acme-logs".into(),
        created: Some(datetime!(2024-03-05 09:15 UTC)),
        region: Some("eu-west-1".into()),
    };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    let commands = h.key(KeyCode::Enter);
    assert!(commands.iter().any(|c| matches!(c, Command::Load { request: LoadRequest::S3(S3Request::Objects(o)), .. } if o.region.as_deref() == Some("eu-west-1"))));
    let (id, _) = h.take(S3Slot::Objects);
    (h.app, id)
}

fn object(key: &str, size: u64, day: u8) -> Entry {
    Entry::Object(ObjectEntry {
        key: key.into(),
        size,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC).replace_day(day).expect("valid day")),
        storage_class: if size > 1_000_000 { StorageClass::Glacier } else { StorageClass::Standard },
    })
}

fn top_level() -> Vec<Entry> {
    vec![
        Entry::Folder("2024/".into()),
        Entry::Folder("archive/".into()),
        object("README.md", 2_345, 3),
        object("big-export.parquet", 3_456_789_012, 4),
        object("config.json", 512, 5),
    ]
}

#[test]
fn prefix_view_with_folders_and_objects() {
    for size in [(100, 30), (160, 40)] {
        let (mut app, id) = in_bucket(size);
        loaded(&mut app, S3Slot::Objects, id, S3Payload::Objects(top_level()), false);
        press(&mut app, KeyCode::Char('j'));
        insta::assert_snapshot!(format!("prefix_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn partial_listing_shows_a_count_with_a_plus() {
    let (mut app, id) = in_bucket((100, 30));
    let page: Vec<Entry> = (0..1000).map(|i| object(&format!("2024/part-{i:05}.json"), 1000 + i, 1)).collect();
    // Listing inside the folder: Enter on the first folder.
    loaded(&mut app, S3Slot::Objects, id, S3Payload::Objects(vec![Entry::Folder("2024/".into())]), false);
    let commands = press(&mut app, KeyCode::Enter);
    let inner = load_id(&commands, S3Slot::Objects);
    loaded(&mut app, S3Slot::Objects, inner, S3Payload::Objects(page), true);
    insta::assert_snapshot!(screen(&app));
}

fn detail() -> ObjectDetail {
    ObjectDetail {
        size: 2_345,
        last_modified: Some(datetime!(2024-06-03 12:00 UTC)),
        etag: Some("\"9b2cf535f27731c974343645a3985328\"".into()),
        storage_class: None,
        content_type: Some("text/markdown".into()),
        content_encoding: None,
        encryption: Some("aws:kms".into()),
        kms_key_id: Some("arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab".into()),
        version_id: Some("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY".into()),
        metadata: vec![("owner".into(), "data-team".into())],
    }
}

/// Opens README.md's detail and answers its three loads.
fn in_detail(size: (u16, u16)) -> App {
    let (mut app, id) = in_bucket(size);
    loaded(&mut app, S3Slot::Objects, id, S3Payload::Objects(top_level()), false);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('j'));
    let commands = press(&mut app, KeyCode::Enter);
    loaded(&mut app, S3Slot::Detail, load_id(&commands, S3Slot::Detail), S3Payload::Detail(detail()), false);
    let tags = vec![("env".into(), "prod".into()), ("team".into(), "data".into())];
    loaded(&mut app, S3Slot::Tags, load_id(&commands, S3Slot::Tags), S3Payload::Tags(tags), false);
    let versions = vec![
        ObjectVersion {
            version_id: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY".into(),
            is_latest: true,
            delete_marker: false,
            size: 2_345,
            last_modified: Some(datetime!(2024-06-03 12:00 UTC)),
        },
        ObjectVersion {
            version_id: "null".into(),
            is_latest: false,
            delete_marker: false,
            size: 2_001,
            last_modified: Some(datetime!(2024-05-01 08:30 UTC)),
        },
    ];
    loaded(
        &mut app,
        S3Slot::Versions,
        load_id(&commands, S3Slot::Versions),
        S3Payload::Versions { page: versions, versioned: true },
        false,
    );
    app
}

#[test]
fn object_detail() {
    for size in [(100, 30), (160, 40)] {
        let app = in_detail(size);
        insta::assert_snapshot!(format!("detail_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn text_preview_pretty_prints_json() {
    for size in [(100, 30), (160, 40)] {
        let mut app = in_detail(size);
        let commands = press(&mut app, KeyCode::Char('p'));
        let json = br#"{"service":"billing","replicas":3,"limits":{"cpu":"500m","memory":"1Gi"},"tags":["a","b"]}"#;
        loaded(
            &mut app,
            S3Slot::Preview,
            load_id(&commands, S3Slot::Preview),
            S3Payload::Preview(Preview::from_bytes(json, true), json.len()),
            false,
        );
        insta::assert_snapshot!(format!("preview_json_{}x{}", size.0, size.1), screen(&app));
    }
}

#[test]
fn binary_preview_is_summarised_not_dumped() {
    let mut app = in_detail((100, 30));
    let commands = press(&mut app, KeyCode::Enter);
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\x5c\x72\xa8\x66"
        .iter()
        .copied()
        .cycle()
        .take(4096)
        .collect();
    loaded(
        &mut app,
        S3Slot::Preview,
        load_id(&commands, S3Slot::Preview),
        S3Payload::Preview(Preview::from_bytes(&png, false), png.len()),
        false,
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn download_prompt_then_progress() {
    let mut app = in_detail((100, 30));
    press(&mut app, KeyCode::Char('s'));
    insta::assert_snapshot!("download_prompt", screen(&app));
    let commands = press(&mut app, KeyCode::Enter);
    let id = load_id(&commands, S3Slot::Download);
    loaded(
        &mut app,
        S3Slot::Download,
        id,
        S3Payload::DownloadProgress { bytes: 1_048_576, total: Some(4_194_304), bytes_per_sec: 2_097_152 },
        true,
    );
    insta::assert_snapshot!("download_progress", screen(&app));
    // Esc cancels the download, and says so.
    let commands = press(&mut app, KeyCode::Esc);
    assert_eq!(commands, vec![Command::Cancel(Slot::S3(S3Slot::Download))]);
    assert!(app.status.as_ref().is_some_and(|s| s.text.contains("no partial file")));
}

#[test]
fn download_asks_before_overwriting() {
    let mut app = in_detail((100, 30));
    press(&mut app, KeyCode::Char('s'));
    let commands = press(&mut app, KeyCode::Enter);
    let id = load_id(&commands, S3Slot::Download);
    loaded(&mut app, S3Slot::Download, id, S3Payload::DownloadExists("./README.md".into()), false);
    insta::assert_snapshot!(screen(&app));
    let commands = press(&mut app, KeyCode::Char('y'));
    assert!(commands.iter().any(|c| matches!(
        c,
        Command::Load { request: LoadRequest::S3(S3Request::Download { overwrite: true, .. }), .. }
    )));
}

#[test]
fn no_access_to_a_listed_bucket() {
    let (mut app, id) = in_bucket((100, 30));
    loaded(&mut app, S3Slot::Objects, id, S3Payload::BucketStatus(BucketStatus::ExistsNoAccess), true);
    let message = "Access denied: ListObjectsV2 on s3://acme-logs/ needs s3:ListBucket. Ask for that permission, or switch profile or role. (AccessDenied: Access Denied)";
    app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Objects),
        id,
        generation: 1,
        error: Failure { kind: ErrorKind::AccessDenied, message: message.into() },
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn deleted_object_detail() {
    let (mut app, id) = in_bucket((100, 30));
    loaded(&mut app, S3Slot::Objects, id, S3Payload::Objects(top_level()), false);
    press(&mut app, KeyCode::Char('G'));
    let commands = press(&mut app, KeyCode::Enter);
    let gone = Failure { kind: ErrorKind::NotFound, message: "s3://acme-logs/config.json no longer exists (it may have been deleted since the listing). Press Esc and r to reload.".into() };
    app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Detail),
        id: load_id(&commands, S3Slot::Detail),
        generation: 1,
        error: gone.clone(),
    });
    app.update(Action::LoadFailed {
        slot: Slot::S3(S3Slot::Tags),
        id: load_id(&commands, S3Slot::Tags),
        generation: 1,
        error: gone,
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn copy_puts_the_uri_and_arn_on_the_clipboard() {
    let mut app = in_detail((100, 30));
    assert_eq!(press(&mut app, KeyCode::Char('y')), vec![Command::Copy("s3://acme-logs/README.md".into())]);
    let commands = press(&mut app, KeyCode::Char('Y'));
    assert_eq!(commands, vec![Command::Copy("arn:aws:s3:::acme-logs/README.md".into())]);
}

#[test]
fn leaving_a_prefix_cancels_its_listing_and_coming_back_reloads_it() {
    let (mut app, id) = in_bucket((100, 30));
    loaded(&mut app, S3Slot::Objects, id, S3Payload::Objects(vec![Entry::Folder("2024/".into())]), true);
    let down = press(&mut app, KeyCode::Enter);
    assert_eq!(down[0], Command::Cancel(Slot::S3(S3Slot::Objects)), "{down:?}");
    let up = press(&mut app, KeyCode::Esc);
    assert!(up.contains(&Command::Cancel(Slot::S3(S3Slot::Objects))));
    assert!(
        up.iter().any(
            |c| matches!(c, Command::Load { request: LoadRequest::S3(S3Request::Objects(o)), .. } if o.key.is_empty())
        ),
        "{up:?}"
    );
}
