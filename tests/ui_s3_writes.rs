//! Snapshots of the S3 write flows at 100×30 and 160×40: marks, prompts with
//! completions, plans as they are counted, typed confirmations, progress,
//! reports, presigned URLs, version restores and failures.

use std::time::{Duration, UNIX_EPOCH};

use awscope::app::s3::jobs::{JobProgress, JobReport, KeyFailure, PlanItem, Presigned};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{Failure, RequestId};
use awscope::aws::ErrorKind;
use awscope::aws::s3::{Bucket, Entry, ObjectDetail, ObjectEntry, ObjectVersion, StorageClass};
use awscope::testbed::harness::{Harness, context};
use awscope::testbed::hostile;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::macros::datetime;

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

fn object(key: &str, size: u64) -> Entry {
    Entry::Object(ObjectEntry {
        key: key.into(),
        size,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
        storage_class: StorageClass::Standard,
    })
}

/// In `s3://acme-data/` with two folders and three objects listed.
fn in_bucket(size: (u16, u16)) -> Harness {
    let mut h = Harness::new(context("demo"), false, size).connected();
    let bucket = Bucket {
        name: "acme-data".into(),
        created: Some(datetime!(2024-03-05 09:15 UTC)),
        region: Some("eu-west-1".into()),
    };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    h.key(KeyCode::Enter);
    let (id, _) = h.take(S3Slot::Objects);
    let entries = vec![
        Entry::Folder("logs/".into()),
        Entry::Folder("logs-old/".into()),
        object("a.txt", 1_000),
        object("b.csv", 2_000_000),
        object("c.json", 3_000_000_000),
    ];
    h.deliver(S3Slot::Objects, id, S3Payload::Objects(entries), false);
    h
}

fn type_text(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.ch(c);
    }
}

fn clear_field(h: &mut Harness) {
    h.press(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
    h.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

fn item(target: &str, size: u64, exists: bool) -> PlanItem {
    PlanItem { source: format!("./photos/{target}"), target: format!("photos/{target}"), size, exists }
}

fn snap(name: &str, size: (u16, u16), h: &Harness) {
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), h.draw());
}

/// The upload of `./photos` counted: 40 files, the first page with three
/// existing keys; `complete` delivers the last page.
fn upload_plan(size: (u16, u16), complete: bool) -> Harness {
    let mut h = in_bucket(size);
    h.ch('u');
    type_text(&mut h, "./photos");
    h.key(KeyCode::Enter);
    let (plan, _) = h.take(S3Slot::Plan);
    let page: Vec<PlanItem> = (0..30).map(|i| item(&format!("img-{i:03}.jpg"), 250_000, i % 9 == 4)).collect();
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(page), true);
    if complete {
        let page: Vec<PlanItem> = (30..40).map(|i| item(&format!("img-{i:03}.jpg"), 250_000, false)).collect();
        h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(page), false);
    }
    h
}

#[test]
fn marks_count_in_the_title() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.ch(' ');
        h.key(KeyCode::Char('j'));
        h.key(KeyCode::Char('j'));
        h.ch(' ');
        h.ch(' ');
        h.key(KeyCode::Char('k'));
        snap("marks", size, &h);
    }
}

#[test]
fn upload_prompt_lists_completions() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.ch('u');
        type_text(&mut h, "./ph");
        h.key(KeyCode::Tab);
        let (id, _) = h.take(S3Slot::Complete);
        let candidates = vec!["./photos/".to_owned(), "./photos-2023/".to_owned(), "./phone-export.csv".to_owned()];
        h.deliver(S3Slot::Complete, id, S3Payload::Completions { typed: "./ph".into(), candidates }, false);
        snap("upload_prompt", size, &h);
    }
}

#[test]
fn upload_preview_counting_then_choosing_for_existing_keys() {
    for size in SIZES {
        snap("upload_counting", size, &upload_plan(size, false));
        let mut h = upload_plan(size, true);
        snap("upload_existing", size, &h);
        h.ch('s');
        snap("upload_skip_chosen", size, &h);
    }
}

#[test]
fn delete_asks_for_the_folder_name_or_the_count() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.ctrl('d');
        let (plan, _) = h.take(S3Slot::Plan);
        let page: Vec<PlanItem> = (0..2500)
            .map(|i| {
                let key = format!("logs/2024/part-{i:05}.gz");
                PlanItem { source: key.clone(), target: key, size: 4096, exists: true }
            })
            .collect();
        h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(page), false);
        type_text(&mut h, "logs");
        snap("delete_folder", size, &h);

        let mut h = in_bucket(size);
        for _ in 0..2 {
            h.key(KeyCode::Char('j'));
        }
        for _ in 0..3 {
            h.ch(' ');
        }
        h.ctrl('d');
        let (plan, _) = h.take(S3Slot::Plan);
        let page = ["a.txt", "b.csv"]
            .map(|k| PlanItem { source: k.into(), target: k.into(), size: 1_000, exists: true })
            .to_vec();
        h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(page), true);
        snap("delete_marked_counting", size, &h);
    }
}

#[test]
fn copy_prompt_is_prefilled_with_the_prefix() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.key(KeyCode::Char('G'));
        h.ch('c');
        snap("copy_prompt", size, &h);
    }
}

#[test]
fn progress_on_the_status_line_and_the_report() {
    for size in SIZES {
        let mut h = upload_plan(size, true);
        h.ch('o');
        h.ch('y');
        let (run, _) = h.take(S3Slot::Job);
        let progress = JobProgress { items_done: 12, bytes_done: 3_000_000, bytes_per_sec: 1_048_576, failed: 1 };
        h.deliver(S3Slot::Job, run, S3Payload::JobProgress(progress), true);
        snap("progress", size, &h);
        let failed = (0..25)
            .map(|i| KeyFailure {
                key: format!("photos/img-{i:03}.jpg"),
                code: "AccessDenied".into(),
                message: "Access Denied (no s3:PutObject on arn:aws:s3:::acme-data/photos/*)".into(),
            })
            .collect();
        let report = JobReport { done: 15, bytes: 3_750_000, skipped: vec!["photos/img-031.jpg".into()], failed };
        h.deliver(S3Slot::Job, run, S3Payload::JobDone(report), false);
        snap("report", size, &h);
    }
}

#[test]
fn presign_prompt_warns_about_temporary_credentials_and_shows_the_url() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.app.credentials.expires = Some(UNIX_EPOCH + Duration::from_secs(1_764_763_200));
        h.key(KeyCode::Char('G'));
        h.ch('U');
        clear_field(&mut h);
        type_text(&mut h, "12h");
        snap("presign_prompt", size, &h);
        h.key(KeyCode::Enter);
        let (id, _) = h.take(S3Slot::Presign);
        let url = format!(
            "https://acme-data.s3.eu-west-1.amazonaws.com/c.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20251203%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20251203T100000Z&X-Amz-Expires=43200&X-Amz-Security-Token={}&X-Amz-SignedHeaders=host&X-Amz-Signature={}",
            "IQoJb3JpZ2luX2VjE".repeat(12),
            "0123456789abcdef".repeat(4)
        );
        let presigned =
            Presigned { url, expires_at_ms: 1_764_799_200_000, credentials_end_ms: Some(1_764_763_200_000) };
        h.deliver(S3Slot::Presign, id, S3Payload::Presigned(presigned), false);
        snap("presigned", size, &h);
    }
}

#[test]
fn version_restore_asks_for_y_and_delete_for_the_id() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.key(KeyCode::Char('G'));
        h.key(KeyCode::Enter);
        let (head, _) = h.take(S3Slot::Detail);
        let detail = ObjectDetail { size: 3_000_000_000, ..ObjectDetail::default() };
        h.deliver(S3Slot::Detail, head, S3Payload::Detail(detail), false);
        let (tags, _) = h.take(S3Slot::Tags);
        h.deliver(S3Slot::Tags, tags, S3Payload::Tags(vec![("team".into(), "data".into())]), false);
        let (versions, _) = h.take(S3Slot::Versions);
        let version = |id: &str, latest: bool| ObjectVersion {
            version_id: id.into(),
            is_latest: latest,
            delete_marker: false,
            size: 3_000_000_000,
            last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
        };
        let page = vec![version("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY", true), version("Jb0Vq1cPvGs1Ew0VY.Y2Ihuq", false)];
        h.deliver(S3Slot::Versions, versions, S3Payload::Versions { page, versioned: true }, false);
        h.key(KeyCode::Down);
        h.ch('V');
        snap("version_restore", size, &h);
        h.key(KeyCode::Esc);
        h.ctrl('d');
        type_text(&mut h, "Jb0V");
        h.key(KeyCode::Enter);
        snap("version_delete", size, &h);
    }
}

#[test]
fn a_failed_plan_says_why() {
    for size in SIZES {
        let mut h = in_bucket(size);
        h.ctrl('d');
        let (plan, _) = h.take(S3Slot::Plan);
        let message =
            "Access denied: ListObjectsV2 on s3://acme-data/logs/ (AccessDenied). Ask for s3:ListBucket on acme-data.";
        h.fail(S3Slot::Plan, plan, Failure { kind: ErrorKind::AccessDenied, message: message.into() });
        snap("plan_failed", size, &h);
    }
}

#[test]
fn hostile_keys_in_a_preview_are_inert() {
    let mut h = in_bucket((100, 30));
    h.key(KeyCode::Char('j'));
    h.ctrl('d');
    let (plan, _): (RequestId, _) = h.take(S3Slot::Plan);
    let page: Vec<PlanItem> = hostile::ALL
        .iter()
        .map(|k| PlanItem { source: format!("logs-old/{k}"), target: format!("logs-old/{k}"), size: 1, exists: true })
        .collect();
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(page), false);
    let screen = h.draw();
    assert!(!screen.contains('\x1b') && !screen.contains('\u{202e}') && !screen.contains('\x07'), "{screen}");
    insta::assert_snapshot!("hostile_preview", screen);
}
