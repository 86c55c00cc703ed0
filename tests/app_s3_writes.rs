//! The S3 pane's writes, driven through the reducer: marks, the upload,
//! delete, copy, move and download flows (prompt, plan, confirmation, job,
//! report), versions, presigned URLs and the read-only gate. Payloads are fed
//! by hand as the loader would send them.

use awscope::app::s3::jobs::{
    Completion, JobKind, JobProgress, JobReport, KeyFailure, Overwrite, PlanItem, Presigned, S3Place, VersionAction,
};
use awscope::app::s3::writes::Dialog;
use awscope::app::s3::{S3Payload, S3Request, S3Slot, View};
use awscope::app::{Command, Failure, LoadRequest, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::s3::{Bucket, Entry, ObjectDetail, ObjectEntry, ObjectVersion, StorageClass};
use awscope::testbed::harness::{Harness, context};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use time::macros::datetime;

const BUCKET: &str = "acme-data";

fn object(key: &str, size: u64) -> Entry {
    Entry::Object(ObjectEntry {
        key: key.into(),
        size,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
        storage_class: StorageClass::Standard,
    })
}

fn entries() -> Vec<Entry> {
    vec![
        Entry::Folder("logs/".into()),
        Entry::Folder("logs-old/".into()),
        object("a.txt", 1000),
        object("b.csv", 2000),
        object("c.json", 3000),
    ]
}

/// Connected, in the top of `acme-data` with [`entries`] listed.
fn in_bucket(read_only: bool) -> Harness {
    let mut h = Harness::new(context("demo"), read_only, (100, 30)).connected();
    let bucket = Bucket {
        name: BUCKET.into(),
        created: Some(datetime!(2024-03-05 09:15 UTC)),
        region: Some("eu-west-1".into()),
    };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    h.key(KeyCode::Enter);
    let (id, _) = h.take(S3Slot::Objects);
    h.deliver(S3Slot::Objects, id, S3Payload::Objects(entries()), false);
    h
}

fn marks(h: &Harness) -> Vec<String> {
    match h.app.panes.s3.top() {
        Some(View::Objects(view)) => view.marks.iter().cloned().collect(),
        other => panic!("not a prefix view: {other:?}"),
    }
}

fn loads(commands: &[Command]) -> Vec<&S3Request> {
    commands
        .iter()
        .filter_map(|c| match c {
            Command::Load { request: LoadRequest::S3(r), .. } => Some(r),
            _ => None,
        })
        .collect()
}

fn item(source: &str, target: &str, size: u64, exists: bool) -> PlanItem {
    PlanItem { source: source.into(), target: target.into(), size, exists }
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

fn failure(message: &str) -> Failure {
    Failure { kind: ErrorKind::AccessDenied, message: message.into() }
}

#[test]
fn marks_survive_filter_and_sort_and_clear_on_leaving_the_prefix() {
    let mut h = in_bucket(false);
    h.ch(' ');
    h.key(KeyCode::Char('j'));
    h.ch(' ');
    assert_eq!(marks(&h), ["a.txt", "logs/"]);
    // A filter, then `*` inverts only the rows it shows.
    h.ch('/');
    type_text(&mut h, "c");
    h.key(KeyCode::Enter);
    h.ch('*');
    assert_eq!(marks(&h), ["a.txt", "b.csv", "c.json", "logs/"]);
    h.ch('*');
    assert_eq!(marks(&h), ["a.txt", "logs/"], "inverting twice gives the marks back");
    h.ch('>');
    h.ch('/');
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Enter);
    assert_eq!(marks(&h), ["a.txt", "logs/"], "filter and sort changes keep the marks");
    assert!(h.draw().contains("2 marked · 1000 B + 1 folder"), "{}", h.draw());
    // Into a folder and back: the marks were the prefix's.
    h.key(KeyCode::Char('g'));
    let selected = |h: &Harness| match h.app.panes.s3.top() {
        Some(View::Objects(v)) => v.listing.selected_item().map(|e| e.key().to_owned()),
        _ => None,
    };
    while selected(&h).as_deref() != Some("logs/") {
        h.key(KeyCode::Char('j'));
    }
    h.key(KeyCode::Enter);
    h.key(KeyCode::Esc);
    assert!(marks(&h).is_empty(), "leaving the prefix cleared its marks");
}

#[test]
fn upload_completes_counts_asks_once_for_existing_keys_and_never_takes_enter() {
    let mut h = in_bucket(false);
    h.ch('u');
    type_text(&mut h, "./da");
    let commands = h.key(KeyCode::Tab);
    assert_eq!(loads(&commands), [&S3Request::Complete(Completion::Local("./da".into()))]);
    let (id, _) = h.take(S3Slot::Complete);
    let candidates = vec!["./data/".to_owned(), "./database.sql".to_owned()];
    h.deliver(S3Slot::Complete, id, S3Payload::Completions { typed: "./da".into(), candidates }, false);
    assert!(h.draw().contains("./database.sql"), "several candidates are listed:\n{}", h.draw());
    let Some(Dialog::Prompt(prompt)) = &h.app.panes.s3.writes.dialog else { panic!("the prompt stays") };
    assert_eq!(prompt.input.value, "./data", "the common prefix is filled in");
    h.key(KeyCode::Tab);
    let (id, _) = h.take(S3Slot::Complete);
    h.deliver(S3Slot::Complete, id, S3Payload::Completions { typed: "./data".into(), candidates: vec![] }, false);
    assert!(h.draw().contains("No match for ./data"));
    type_text(&mut h, "/");
    let commands = h.key(KeyCode::Enter);
    let to = S3Place { bucket: BUCKET.into(), key: String::new(), region: Some("eu-west-1".into()) };
    let job = JobKind::Upload { from: "./data/".into(), to };
    assert_eq!(loads(&commands), [&S3Request::Plan(job.clone())]);
    let (plan, _) = h.take(S3Slot::Plan);
    let first = vec![item("./data/a", "data/a", 10, false), item("./data/b", "data/b", 20, true)];
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(first), true);
    assert!(loads(&h.ch('y')).is_empty(), "y waits for the whole count");
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("./data/c", "data/c", 30, false)]), false);
    assert!(loads(&h.key(KeyCode::Enter)).is_empty(), "Enter never confirms");
    assert!(loads(&h.ch('y')).is_empty(), "an existing key needs the skip/overwrite choice first");
    h.ch('s');
    let commands = h.ch('y');
    let [S3Request::Run { job: ran, items, overwrite }] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!((ran, items.len(), *overwrite), (&job, 3, Overwrite::Never));
    // Progress on the status line, then the report.
    let (run, _) = h.take(S3Slot::Job);
    let progress = JobProgress { items_done: 1, bytes_done: 10, bytes_per_sec: 5, failed: 0 };
    h.deliver(S3Slot::Job, run, S3Payload::JobProgress(progress), true);
    assert_eq!(h.status(), Some("upload 1/3 files · 10 B of 60 B · 5 B/s · ETA 10s · Esc cancels"));
    let report = JobReport {
        done: 1,
        bytes: 10,
        skipped: vec!["data/b".into()],
        failed: vec![KeyFailure { key: "data/c".into(), code: "AccessDenied".into(), message: "denied".into() }],
    };
    let commands = h.deliver(S3Slot::Job, run, S3Payload::JobDone(report), false);
    assert!(matches!(loads(&commands)[..], [S3Request::Objects(_)]), "the prefix reloads: {commands:?}");
    assert!(matches!(h.app.panes.s3.writes.dialog, Some(Dialog::Report(_))));
    assert!(h.draw().contains("data/c") && h.draw().contains("AccessDenied: denied"));
    h.key(KeyCode::Esc);
    assert!(h.app.panes.s3.writes.dialog.is_none());
}

fn delete_job(h: &mut Harness) -> (awscope::app::RequestId, JobKind) {
    let commands = h.ctrl('d');
    let [S3Request::Plan(job)] = loads(&commands)[..] else { panic!("{commands:?}") };
    let job = job.clone();
    let (id, _) = h.take(S3Slot::Plan);
    (id, job)
}

#[test]
fn a_folder_delete_needs_its_name_typed_and_a_marked_set_delete_n() {
    let mut h = in_bucket(false);
    let (plan, job) = delete_job(&mut h);
    let JobKind::Delete(selection) = &job else { panic!("{job:?}") };
    assert_eq!((selection.prefixes.clone(), selection.keys.len()), (vec!["logs/".to_owned()], 0));
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("logs/1", "logs/1", 5, true)]), true);
    type_text(&mut h, "logs/");
    assert!(loads(&h.key(KeyCode::Enter)).is_empty(), "still counting");
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("logs/2", "logs/2", 5, true)]), false);
    assert!(loads(&h.ch('y')).is_empty(), "y is not the confirmation of a delete");
    h.key(KeyCode::Backspace);
    h.key(KeyCode::Backspace);
    assert!(loads(&h.key(KeyCode::Enter)).is_empty(), "a mismatch does nothing");
    assert!(h.draw().contains("Type logs/ exactly"), "{}", h.draw());
    type_text(&mut h, "/");
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Run { items, overwrite, .. }] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!((items.len(), *overwrite), (2, Overwrite::Always));

    // A marked set of two.
    let mut h = in_bucket(false);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.ch(' ');
    h.ch(' ');
    let (plan, job) = delete_job(&mut h);
    let JobKind::Delete(selection) = &job else { panic!("{job:?}") };
    assert_eq!(selection.keys, ["a.txt", "b.csv"]);
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("a.txt", "a.txt", 1, true)]), false);
    type_text(&mut h, "delete 1");
    assert!(loads(&h.key(KeyCode::Enter)).is_empty());
    clear_field(&mut h);
    type_text(&mut h, "delete 2");
    let commands = h.key(KeyCode::Enter);
    assert!(matches!(loads(&commands)[..], [S3Request::Run { .. }]), "{commands:?}\n{}", h.draw());
    // One job at a time.
    h.ctrl('d');
    assert!(h.status().is_some_and(|s| s.contains("delete is running")), "{:?}", h.status());
    assert!(h.app.panes.s3.writes.dialog.is_none());
}

#[test]
fn copy_and_move_prompt_for_a_destination_and_plan_it() {
    let mut h = in_bucket(false);
    h.key(KeyCode::Char('j'));
    h.key(KeyCode::Char('j'));
    h.ch('c');
    let commands = h.key(KeyCode::Tab);
    assert_eq!(loads(&commands), [&S3Request::Complete(Completion::S3(format!("s3://{BUCKET}/")))]);
    clear_field(&mut h);
    type_text(&mut h, "s3://other/backup/");
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Plan(JobKind::Copy { from, to, remove_source: false })] = loads(&commands)[..] else {
        panic!("{commands:?}")
    };
    assert_eq!(
        (from.keys.clone(), to.bucket.as_str(), to.key.as_str()),
        (vec!["a.txt".to_owned()], "other", "backup/")
    );
    h.key(KeyCode::Esc);
    assert!(h.app.panes.s3.writes.dialog.is_none());

    // A rename is a move to a whole key.
    h.ch('m');
    clear_field(&mut h);
    type_text(&mut h, &format!("s3://{BUCKET}/renamed.txt"));
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Plan(JobKind::Copy { to, remove_source: true, .. })] = loads(&commands)[..] else {
        panic!("{commands:?}")
    };
    assert_eq!((to.key.as_str(), to.region.as_deref()), ("renamed.txt", Some("eu-west-1")));
}

#[test]
fn save_on_a_folder_downloads_the_tree_and_on_an_object_keeps_the_single_download() {
    let mut h = in_bucket(false);
    h.ch('s');
    clear_field(&mut h);
    type_text(&mut h, "./out");
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Plan(JobKind::Download { from, to })] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!((from.prefixes.clone(), to.to_str()), (vec!["logs/".to_owned()], Some("./out")));
    let (plan, _) = h.take(S3Slot::Plan);
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("logs/1", "./out/logs/1", 1, true)]), false);
    h.ch('o');
    let commands = h.ch('y');
    assert!(matches!(loads(&commands)[..], [S3Request::Run { overwrite: Overwrite::Always, .. }]));
    // Esc cancels the job and says what was left.
    let commands = h.key(KeyCode::Esc);
    assert!(commands.contains(&Command::Cancel(Slot::S3(S3Slot::Job))), "{commands:?}");
    assert!(h.status().is_some_and(|s| s.contains("No partial file")), "{:?}", h.status());

    let mut h = in_bucket(false);
    h.key(KeyCode::Char('G'));
    h.ch('s');
    assert!(matches!(h.app.panes.s3.download, Some(awscope::app::s3::Download::Prompt { .. })));
}

#[test]
fn esc_cancels_an_upload_and_says_multipart_uploads_are_aborted() {
    let mut h = in_bucket(false);
    h.ch('u');
    type_text(&mut h, "./f.bin");
    h.key(KeyCode::Enter);
    let (plan, _) = h.take(S3Slot::Plan);
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("./f.bin", "f.bin", 20 << 20, false)]), false);
    h.ch('y');
    h.key(KeyCode::Char('j'));
    assert!(h.status().is_some_and(|s| s.starts_with("upload 0/1 files")), "progress stays: {:?}", h.status());
    h.ctrl('d');
    assert!(h.status().is_some_and(|s| s.contains("upload is running")), "{:?}", h.status());
    let commands = h.key(KeyCode::Esc);
    assert!(commands.contains(&Command::Cancel(Slot::S3(S3Slot::Job))));
    assert!(h.status().is_some_and(|s| s.contains("Multipart uploads it started are aborted")), "{:?}", h.status());
    assert!(h.app.panes.s3.writes.job.is_none());
}

#[test]
fn a_failed_plan_shows_the_error_and_leaves_the_app_usable() {
    let mut h = in_bucket(false);
    let (plan, _) = delete_job(&mut h);
    h.fail(S3Slot::Plan, plan, failure("Access denied listing s3://acme-data/logs/"));
    assert!(h.draw().contains("Could not count"), "{}", h.draw());
    h.key(KeyCode::Esc);
    assert!(h.app.panes.s3.writes.dialog.is_none());
    h.key(KeyCode::Char('j'));
    let Some(View::Objects(view)) = h.app.panes.s3.top() else { panic!() };
    assert_eq!(view.listing.selected, 1, "keys move the list again");
}

fn in_detail(read_only: bool) -> Harness {
    let mut h = in_bucket(read_only);
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::Enter);
    let (head, _) = h.take(S3Slot::Detail);
    h.deliver(S3Slot::Detail, head, S3Payload::Detail(ObjectDetail { size: 3000, ..ObjectDetail::default() }), false);
    let (versions, _) = h.take(S3Slot::Versions);
    let version = |id: &str, latest: bool| ObjectVersion {
        version_id: id.into(),
        is_latest: latest,
        delete_marker: false,
        size: 3000,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
    };
    let page = vec![version("v2-current-000", true), version("v1-older-1234", false)];
    h.deliver(S3Slot::Versions, versions, S3Payload::Versions { page, versioned: true }, false);
    h
}

#[test]
fn a_version_is_restored_after_y_deleted_after_its_id_and_saved() {
    let mut h = in_detail(false);
    h.ch('V');
    assert!(h.status().is_some_and(|s| s.contains("current one already")));
    h.key(KeyCode::Down);
    h.ch('V');
    assert!(loads(&h.key(KeyCode::Enter)).is_empty(), "Enter never confirms");
    let commands = h.ch('y');
    let [S3Request::Version { object, version_id, action }] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!(
        (object.key.as_str(), version_id.as_str(), *action),
        ("c.json", "v1-older-1234", VersionAction::Restore)
    );

    h.ctrl('d');
    type_text(&mut h, "v1-older");
    h.key(KeyCode::Backspace);
    assert!(loads(&h.key(KeyCode::Enter)).is_empty(), "seven characters are not the eight asked for");
    type_text(&mut h, "r");
    let commands = h.key(KeyCode::Enter);
    assert!(matches!(loads(&commands)[..], [S3Request::Version { action: VersionAction::Delete, .. }]));
    let (id, _) = h.take(S3Slot::Version);
    let commands = h.deliver(S3Slot::Version, id, S3Payload::VersionDone(VersionAction::Delete), false);
    assert!(loads(&commands).iter().any(|r| matches!(r, S3Request::Versions(_))), "the detail reloads");

    let mut h = in_detail(false);
    h.key(KeyCode::Down);
    h.ch('s');
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Download { version, .. }] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!(version.as_deref(), Some("v1-older-1234"));
}

#[test]
fn a_presigned_url_takes_an_expiry_within_bounds_and_is_copied() {
    let mut h = in_bucket(true);
    h.key(KeyCode::Char('G'));
    h.ch('U');
    clear_field(&mut h);
    type_text(&mut h, "8d");
    assert!(loads(&h.key(KeyCode::Enter)).is_empty());
    assert!(h.draw().contains("1 minute to 7 days"));
    clear_field(&mut h);
    type_text(&mut h, "30m");
    let commands = h.key(KeyCode::Enter);
    let [S3Request::Presign { object, version: None, expires_secs: 1800 }] = loads(&commands)[..] else {
        panic!("presign is a read, allowed under read-only: {commands:?}")
    };
    assert_eq!(object.key, "c.json");
    let (id, _) = h.take(S3Slot::Presign);
    let url = "http://127.0.0.1:5000/acme-data/c.json?X-Amz-Signature=abc".to_owned();
    let presigned = Presigned { url: url.clone(), expires_at_ms: 1_800_000, credentials_end_ms: Some(900_000) };
    h.deliver(S3Slot::Presign, id, S3Payload::Presigned(presigned), false);
    assert_eq!(h.copied, [url]);
    assert!(h.draw().contains("end sooner"), "{}", h.draw());
}

#[test]
fn read_only_refuses_every_write_with_the_reason() {
    let mut h = in_bucket(true);
    let refused = |h: &mut Harness, keys: &dyn Fn(&mut Harness) -> Vec<Command>| {
        h.app.status = None;
        let commands = keys(h);
        assert!(loads(&commands).is_empty(), "{commands:?}");
        assert!(h.app.panes.s3.writes.dialog.is_none());
        assert!(h.status().is_some_and(|s| s.starts_with("Read-only mode: refusing to")), "{:?}", h.status());
    };
    refused(&mut h, &|h| h.ch('u'));
    refused(&mut h, &|h| h.ctrl('d'));
    refused(&mut h, &|h| h.ch('c'));
    refused(&mut h, &|h| h.ch('m'));
    refused(&mut h, &|h| h.ch('s'));
    let mut h = in_detail(true);
    h.key(KeyCode::Down);
    refused(&mut h, &|h| h.ch('V'));
    refused(&mut h, &|h| h.ctrl('d'));
    refused(&mut h, &|h| h.ch('s'));
}

#[test]
fn a_failed_job_says_why_and_frees_the_pane_for_the_next() {
    let mut h = in_bucket(false);
    h.ch('u');
    type_text(&mut h, "./f.bin");
    h.key(KeyCode::Enter);
    let (plan, _) = h.take(S3Slot::Plan);
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("./f.bin", "f.bin", 1, false)]), false);
    h.ch('y');
    let (run, _) = h.take(S3Slot::Job);
    h.fail(S3Slot::Job, run, failure("Access denied: PutObject on s3://acme-data/f.bin"));
    assert!(h.status().is_some_and(|s| s.contains("The upload stopped: Access denied")), "{:?}", h.status());
    assert!(h.app.panes.s3.writes.job.is_none());
    let commands = h.ctrl('d');
    assert!(matches!(loads(&commands)[..], [S3Request::Plan(JobKind::Delete(_))]), "the next job may start");
}

#[test]
fn in_an_unversioned_bucket_ctrl_d_in_the_detail_deletes_the_object() {
    let mut h = in_bucket(false);
    h.key(KeyCode::Char('G'));
    h.key(KeyCode::Enter);
    let (versions, _) = h.take(S3Slot::Versions);
    let null = ObjectVersion {
        version_id: "null".into(),
        is_latest: true,
        delete_marker: false,
        size: 3000,
        last_modified: None,
    };
    h.deliver(S3Slot::Versions, versions, S3Payload::Versions { page: vec![null], versioned: false }, false);
    let commands = h.ctrl('d');
    let [S3Request::Plan(JobKind::Delete(selection))] = loads(&commands)[..] else { panic!("{commands:?}") };
    assert_eq!((selection.keys.clone(), selection.base.as_str()), (vec!["c.json".to_owned()], ""));
    assert!(h.draw().contains("Versioning is off"), "{}", h.draw());
}

#[test]
fn a_report_waits_for_the_dialog_in_front() {
    let mut h = in_bucket(false);
    h.ch('u');
    type_text(&mut h, "./f.bin");
    h.key(KeyCode::Enter);
    let (plan, _) = h.take(S3Slot::Plan);
    h.deliver(S3Slot::Plan, plan, S3Payload::PlanPage(vec![item("./f.bin", "f.bin", 1, false)]), false);
    h.ch('y');
    let (run, _) = h.take(S3Slot::Job);
    h.key(KeyCode::Char('G'));
    h.ch('U');
    let failed = vec![KeyFailure { key: "f.bin".into(), code: "AccessDenied".into(), message: "denied".into() }];
    h.deliver(S3Slot::Job, run, S3Payload::JobDone(JobReport { failed, ..JobReport::default() }), false);
    assert!(matches!(h.app.panes.s3.writes.dialog, Some(Dialog::Expiry(_))), "the prompt keeps the keys");
    h.key(KeyCode::Esc);
    assert!(matches!(h.app.panes.s3.writes.dialog, Some(Dialog::Report(_))), "then the report shows");
}
