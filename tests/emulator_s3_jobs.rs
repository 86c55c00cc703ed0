//! The S3 pane's jobs through the real loader against moto: plans streamed
//! page by page, then runs of exactly the planned items (uploads of trees,
//! deletes of folders and marked sets, copies and moves, tree downloads),
//! completion, presigned URLs and version writes.

use std::path::{Path, PathBuf};

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
use awscope::app::s3::jobs::{Completion, JobKind, JobReport, Overwrite, PlanItem, S3Place, Selection, VersionAction};
use awscope::app::s3::{ObjectRef, S3Payload, S3Request, S3Slot};
use awscope::app::{Action, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsProvider;
use awscope::aws::s3::write;
use awscope::testbed::harness::{self, Live, context};
use awscope::testbed::{BASE_PROFILE, Emulator};
use futures_util::stream::{self, StreamExt, TryStreamExt};

/// The app over the real loader, started (connected) against `emulator`.
async fn live(emulator: &Emulator) -> Live {
    let mut live = Live::new(emulator.provider_options(), context(BASE_PROFILE));
    live.start().await;
    live
}

/// Runs `request` in `slot` and collects its payloads (each with its `more`)
/// until the last, or the failure.
async fn load(live: &mut Live, slot: S3Slot, request: S3Request) -> Result<Vec<(S3Payload, bool)>, Failure> {
    let (slot, id) = (Slot::S3(slot), RequestId(900_000 + u64::from(rand_id())));
    let generation = live.app.generation;
    live.run(vec![Command::Load { slot, id, generation, request: LoadRequest::S3(request) }]);
    let mut payloads = Vec::new();
    loop {
        match live.next_action().await {
            Action::Loaded { slot: s, id: i, payload: Payload::S3(payload), more, .. } if s == slot && i == id => {
                payloads.push((payload, more));
                if !more {
                    return Ok(payloads);
                }
            }
            Action::LoadFailed { slot: s, id: i, error, .. } if s == slot && i == id => return Err(error),
            _ => {}
        }
    }
}

fn rand_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The plan of `job`: its items, after checking the pages' shape (every page
/// but the last says more).
async fn plan(live: &mut Live, job: &JobKind) -> Vec<PlanItem> {
    let pages = load(live, S3Slot::Plan, S3Request::Plan(job.clone())).await.expect("plan");
    let mut items = Vec::new();
    let last = pages.len() - 1;
    for (n, (payload, more)) in pages.into_iter().enumerate() {
        assert_eq!(more, n != last, "only the last page ends the plan");
        match payload {
            S3Payload::PlanPage(page) => items.extend(page),
            other => panic!("a plan sends pages, not {other:?}"),
        }
    }
    items
}

/// Runs `job` on `items`: the progress seen and the report.
async fn run(live: &mut Live, job: &JobKind, items: Vec<PlanItem>, overwrite: Overwrite) -> Result<JobReport, Failure> {
    let request = S3Request::Run { job: job.clone(), items, overwrite };
    let payloads = load(live, S3Slot::Job, request).await?;
    let mut report = None;
    for (payload, more) in payloads {
        match payload {
            S3Payload::JobProgress(_) => assert!(more),
            S3Payload::JobDone(done) => {
                assert!(!more);
                report = Some(done);
            }
            other => panic!("a job sends progress and a report, not {other:?}"),
        }
    }
    Ok(report.expect("a report"))
}

async fn bucket(provider: &AwsProvider, name: &str) {
    provider.s3().create_bucket().bucket(name).send().await.expect("create bucket");
}

async fn put(provider: &AwsProvider, bucket: &str, key: &str, body: &[u8]) {
    provider
        .s3()
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("text/x-test")
        .metadata("origin", key)
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await
        .expect("put");
}

async fn put_many(provider: &AwsProvider, bucket: &str, keys: &[String]) {
    let client = provider.s3();
    stream::iter(keys.to_vec())
        .map(|key| {
            let client = client.clone();
            async move {
                let body = ByteStream::from(key.clone().into_bytes());
                client.put_object().bucket(bucket).key(&key).body(body).send().await.map(|_| ())
            }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("put objects");
}

async fn get(provider: &AwsProvider, bucket: &str, key: &str) -> Vec<u8> {
    let out = provider.s3().get_object().bucket(bucket).key(key).send().await.expect("get object");
    out.body.collect().await.expect("body").to_vec()
}

async fn keys(provider: &AwsProvider, bucket: &str, prefix: &str) -> Vec<String> {
    let all = write::list_tree(bucket, prefix, None, provider).collect_all().await.expect("list tree");
    let mut keys: Vec<String> = all.into_iter().map(|o| o.key).collect();
    keys.sort();
    keys
}

fn place(bucket: &str, key: &str) -> S3Place {
    S3Place { bucket: bucket.into(), key: key.into(), region: None }
}

fn selection(bucket: &str, base: &str, keys: &[&str], prefixes: &[&str]) -> Selection {
    Selection {
        bucket: bucket.into(),
        region: None,
        base: base.into(),
        keys: keys.iter().map(|k| (*k).to_owned()).collect(),
        prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
    }
}

/// A local tree: (relative path, bytes).
fn tree() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("index.html", b"<h1>home</h1>".to_vec()),
        ("css/site.css", b"body{}".to_vec()),
        ("img/logo.png", (0..=255u8).cycle().take(70_000).collect()),
        ("img/deep/er/note with space.txt", b"spaced".to_vec()),
        ("empty.txt", Vec::new()),
    ]
}

fn write_tree(root: &Path, files: &[(&str, Vec<u8>)]) {
    for (rel, body) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, body).expect("write");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn uploading_a_tree_plans_every_file_then_writes_exact_keys_and_bytes_never_clobbering() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "site").await;
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path().join("public");
    let files = tree();
    write_tree(&root, &files);
    put(&provider, "site", "www/public/index.html", b"already there").await;
    let mut live = live(&emulator).await;

    let job = JobKind::Upload { from: root.clone(), to: place("site", "www/") };
    let items = plan(&mut live, &job).await;
    let mut planned: Vec<(String, u64, bool)> = items.iter().map(|i| (i.target.clone(), i.size, i.exists)).collect();
    planned.sort();
    let mut expected: Vec<(String, u64, bool)> = files
        .iter()
        .map(|(rel, body)| (format!("www/public/{rel}"), body.len() as u64, *rel == "index.html"))
        .collect();
    expected.sort();
    assert_eq!(planned, expected);

    // Created after the plan: the conditional write must leave it alone.
    put(&provider, "site", "www/public/css/site.css", b"theirs").await;
    let report = run(&mut live, &job, items, Overwrite::Never).await.expect("run");

    assert_eq!(report.skipped, ["www/public/css/site.css", "www/public/index.html"]);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert_eq!(report.done, files.len() - 2);
    assert_eq!(get(&provider, "site", "www/public/index.html").await, b"already there");
    assert_eq!(get(&provider, "site", "www/public/css/site.css").await, b"theirs");
    for (rel, body) in files.iter().filter(|(r, _)| !matches!(*r, "index.html" | "css/site.css")) {
        assert!(get(&provider, "site", &format!("www/public/{rel}")).await == *body, "{rel} differs");
    }
    let detail =
        awscope::aws::s3::object_detail("site", "www/public/img/logo.png", None, &provider).await.expect("head");
    assert_eq!(detail.content_type.as_deref(), Some("image/png"));

    // One file goes under the prefix by its name; overwriting is a choice.
    let single = JobKind::Upload { from: root.join("index.html"), to: place("site", "www/") };
    let items = plan(&mut live, &single).await;
    assert_eq!(items.iter().map(|i| (i.target.as_str(), i.exists)).collect::<Vec<_>>(), [("www/index.html", false)]);
    let again = JobKind::Upload { from: root.join("index.html"), to: place("site", "www/public/") };
    let items = plan(&mut live, &again).await;
    assert!(items[0].exists);
    let report = run(&mut live, &again, items, Overwrite::Always).await.expect("overwrite");
    assert_eq!((report.done, report.skipped.len()), (1, 0));
    assert_eq!(get(&provider, "site", "www/public/index.html").await, b"<h1>home</h1>");

    let missing = JobKind::Upload { from: dir.path().join("nope"), to: place("site", "") };
    let err = load(&mut live, S3Slot::Plan, S3Request::Plan(missing)).await.expect_err("no such path");
    assert!(err.message.contains("nope"), "the error names the path: {}", err.message);
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_folder_and_marked_keys_removes_exactly_those() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "trash").await;
    let doomed: Vec<String> = (0..1200).map(|i| format!("logs/{i:04}.log")).collect();
    let survivors: Vec<String> =
        ["logs-old/1.log", "logs-old/2.log", "logs", "c.txt", "deep/a.txt"].iter().map(|k| (*k).to_owned()).collect();
    put_many(&provider, "trash", &doomed).await;
    put_many(&provider, "trash", &survivors).await;
    put_many(&provider, "trash", &["a.txt".to_owned(), "b.txt".to_owned()]).await;
    let mut live = live(&emulator).await;

    let job = JobKind::Delete(selection("trash", "", &["a.txt", "b.txt", "logs/0001.log"], &["logs/"]));
    let items = plan(&mut live, &job).await;
    assert_eq!(items.len(), 1202, "the folder's objects and the marked keys, each once");
    assert_eq!(items.iter().map(|i| i.size).sum::<u64>(), 1200 * 13 + 10);
    let report = run(&mut live, &job, items, Overwrite::Never).await.expect("run");

    assert_eq!((report.done, report.failed.len()), (1202, 0));
    let mut expected = survivors.clone();
    expected.sort();
    assert_eq!(keys(&provider, "trash", "").await, expected);
}

#[tokio::test(flavor = "multi_thread")]
async fn copies_and_moves_within_and_across_buckets_keep_bytes_type_and_metadata() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "photos").await;
    bucket(&provider, "backup").await;
    for key in ["2024/jan/a.jpg", "2024/feb/b.jpg", "2024/c.jpg", "loose.jpg", "other.jpg"] {
        put(&provider, "photos", key, key.as_bytes()).await;
    }
    let mut live = live(&emulator).await;

    // Copy a folder and a loose key to another bucket, keys relative to the base.
    let copy = JobKind::Copy {
        from: selection("photos", "", &["loose.jpg"], &["2024/"]),
        to: place("backup", "keep/"),
        remove_source: false,
    };
    let items = plan(&mut live, &copy).await;
    assert_eq!(items.len(), 4);
    let report = run(&mut live, &copy, items, Overwrite::Never).await.expect("copy");
    assert_eq!((report.done, report.failed.len()), (4, 0));
    for key in ["2024/jan/a.jpg", "2024/feb/b.jpg", "2024/c.jpg", "loose.jpg"] {
        let copied = format!("keep/{key}");
        assert_eq!(get(&provider, "backup", &copied).await, key.as_bytes());
        let detail = awscope::aws::s3::object_detail("backup", &copied, None, &provider).await.expect("head");
        assert_eq!(detail.content_type.as_deref(), Some("text/x-test"));
        assert_eq!(detail.metadata, [("origin".to_owned(), key.to_owned())]);
    }
    assert_eq!(keys(&provider, "photos", "").await.len(), 5, "a copy keeps its sources");

    // Copying again with "never overwrite": everything is skipped.
    let items = plan(&mut live, &copy).await;
    assert!(items.iter().all(|i| i.exists));
    let report = run(&mut live, &copy, items, Overwrite::Never).await.expect("copy again");
    assert_eq!((report.done, report.skipped.len()), (0, 4));

    // Move a folder within the bucket, then rename one object in place.
    let moving = JobKind::Copy {
        from: selection("photos", "2024/", &[], &["2024/jan/"]),
        to: place("photos", "archive/"),
        remove_source: true,
    };
    let items = plan(&mut live, &moving).await;
    assert_eq!(items.iter().map(|i| i.target.as_str()).collect::<Vec<_>>(), ["archive/jan/a.jpg"]);
    let report = run(&mut live, &moving, items, Overwrite::Never).await.expect("move");
    assert_eq!((report.done, report.failed.len()), (1, 0));
    let rename = JobKind::Copy {
        from: selection("photos", "", &["other.jpg"], &[]),
        to: place("photos", "renamed.jpg"),
        remove_source: true,
    };
    let items = plan(&mut live, &rename).await;
    let report = run(&mut live, &rename, items, Overwrite::Never).await.expect("rename");
    assert_eq!(report.done, 1);
    assert_eq!(
        keys(&provider, "photos", "").await,
        ["2024/c.jpg", "2024/feb/b.jpg", "archive/jan/a.jpg", "loose.jpg", "renamed.jpg"]
    );
    assert_eq!(get(&provider, "photos", "renamed.jpg").await, b"other.jpg");

    // Across buckets, a move deletes the sources it copied.
    let across = JobKind::Copy {
        from: selection("photos", "2024/", &["2024/c.jpg"], &[]),
        to: place("backup", "moved/"),
        remove_source: true,
    };
    let items = plan(&mut live, &across).await;
    run(&mut live, &across, items, Overwrite::Never).await.expect("move across");
    assert_eq!(get(&provider, "backup", "moved/c.jpg").await, b"2024/c.jpg");
    assert!(!keys(&provider, "photos", "").await.contains(&"2024/c.jpg".to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_move_whose_copies_fail_deletes_nothing() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "precious").await;
    let originals: Vec<String> = (0..5).map(|i| format!("data/{i}.bin")).collect();
    put_many(&provider, "precious", &originals).await;
    let mut live = live(&emulator).await;

    let job = JobKind::Copy {
        from: selection("precious", "", &[], &["data/"]),
        to: place("gone-bucket", "x/"),
        remove_source: true,
    };
    // The plan cannot look into a missing bucket; the items are as a plan
    // made just before the bucket went would have them.
    let err = load(&mut live, S3Slot::Plan, S3Request::Plan(job.clone())).await.expect_err("no destination");
    assert!(err.message.contains("gone-bucket"), "{}", err.message);
    let items: Vec<PlanItem> = originals
        .iter()
        .map(|k| PlanItem { source: k.clone(), target: format!("x/{k}"), size: 7, exists: false })
        .collect();
    let outcome = run(&mut live, &job, items, Overwrite::Always).await;

    let err = outcome.expect_err("the whole job fails: the destination bucket is missing");
    assert!(err.message.contains("gone-bucket"), "{}", err.message);
    assert_eq!(keys(&provider, "precious", "").await, originals, "every source is still there");

    // A move onto itself never deletes its source either.
    let itself = JobKind::Copy {
        from: selection("precious", "data/", &["data/0.bin"], &[]),
        to: place("precious", "data/0.bin"),
        remove_source: true,
    };
    let items = plan(&mut live, &itself).await;
    let report = run(&mut live, &itself, items, Overwrite::Always).await.expect("run");
    assert_eq!((report.done, report.failed.len()), (0, 1));
    assert_eq!(keys(&provider, "precious", "").await, originals);
}

fn read_tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let body = std::fs::read(&path).expect("read");
                found.push((path.strip_prefix(root).expect("under root").to_owned(), body));
            }
        }
    }
    found.sort();
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recursive_download_reproduces_the_tree_byte_for_byte() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "tree").await;
    let files = tree();
    for (rel, body) in &files {
        put(&provider, "tree", &format!("site/{rel}"), body).await;
    }
    put(&provider, "tree", "site-old/not-me.txt", b"no").await;
    put(&provider, "tree", "site/img/", b"").await;
    let big: Vec<u8> = (0..9 * 1024 * 1024u32).map(|i| u8::try_from(i % 253).unwrap_or(0)).collect();
    put(&provider, "tree", "site/big.bin", &big).await;
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("site")).expect("mkdir");
    std::fs::write(out.join("site/index.html"), b"mine").expect("existing");
    let mut live = live(&emulator).await;

    let job = JobKind::Download { from: selection("tree", "", &[], &["site/"]), to: out.clone() };
    let items = plan(&mut live, &job).await;
    assert_eq!(items.len(), files.len() + 1);
    let existing: Vec<&str> = items.iter().filter(|i| i.exists).map(|i| i.source.as_str()).collect();
    assert_eq!(existing, ["site/index.html"]);
    let report = run(&mut live, &job, items, Overwrite::Never).await.expect("download");

    assert_eq!((report.done, report.skipped.len(), report.failed.len()), (files.len(), 1, 0));
    let mut expected: Vec<(PathBuf, Vec<u8>)> =
        files.iter().map(|(rel, body)| (PathBuf::from("site").join(rel), body.clone())).collect();
    expected.push((PathBuf::from("site/big.bin"), big));
    for (path, body) in &mut expected {
        if path == Path::new("site/index.html") {
            *body = b"mine".to_vec();
        }
    }
    expected.sort();
    let got = read_tree(&out);
    assert_eq!(
        got.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>(),
        expected.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
    );
    assert!(got == expected, "the bytes differ");
    let leftovers: Vec<_> =
        read_tree(&out).into_iter().filter(|(p, _)| p.to_string_lossy().contains(".part")).collect();
    assert!(leftovers.is_empty(), "no temporary files stay");
}

#[tokio::test(flavor = "multi_thread")]
async fn completion_presigned_urls_and_version_writes_go_through_the_loader() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    for name in ["media-one", "media-two", "other"] {
        bucket(&provider, name).await;
    }
    put_many(&provider, "media-one", &["a/1".to_owned(), "ab/2".to_owned(), "b/3".to_owned(), "a.txt".to_owned()])
        .await;
    let mut live = live(&emulator).await;

    let complete = |text: &str| S3Request::Complete(Completion::S3(text.to_owned()));
    let answer = load(&mut live, S3Slot::Complete, complete("s3://media")).await.expect("buckets");
    assert_eq!(
        answer,
        [(
            S3Payload::Completions {
                typed: "s3://media".into(),
                candidates: vec!["s3://media-one/".into(), "s3://media-two/".into()]
            },
            false
        )]
    );
    let answer = load(&mut live, S3Slot::Complete, complete("s3://media-one/a")).await.expect("folders");
    let S3Payload::Completions { candidates, .. } = &answer[0].0 else { panic!("{answer:?}") };
    assert_eq!(candidates, &["s3://media-one/a/", "s3://media-one/ab/"]);

    let object = ObjectRef { bucket: "media-one".into(), key: "a.txt".into(), region: None };
    let request = S3Request::Presign { object: object.clone(), version: None, expires_secs: 3600 };
    let answer = load(&mut live, S3Slot::Presign, request).await.expect("presign");
    let S3Payload::Presigned(presigned) = &answer[0].0 else { panic!("{answer:?}") };
    assert!(
        presigned.url.contains("X-Amz-Expires=3600") && presigned.url.contains("/media-one/a.txt?"),
        "{}",
        presigned.url
    );

    let on = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    provider
        .s3()
        .put_bucket_versioning()
        .bucket("other")
        .versioning_configuration(on)
        .send()
        .await
        .expect("versioning");
    put(&provider, "other", "v.txt", b"one").await;
    put(&provider, "other", "v.txt", b"two").await;
    let versions =
        awscope::aws::s3::object_versions("other", "v.txt", None, &provider).collect_all().await.expect("versions");
    let (latest, first) = (versions[0].version_id.clone(), versions[1].version_id.clone());
    let object = ObjectRef { bucket: "other".into(), key: "v.txt".into(), region: None };
    let restore = S3Request::Version { object: object.clone(), version_id: first, action: VersionAction::Restore };
    let answer = load(&mut live, S3Slot::Version, restore).await.expect("restore");
    assert_eq!(answer, [(S3Payload::VersionDone(VersionAction::Restore), false)]);
    assert_eq!(get(&provider, "other", "v.txt").await, b"one");
    let delete = S3Request::Version { object, version_id: latest.clone(), action: VersionAction::Delete };
    load(&mut live, S3Slot::Version, delete).await.expect("delete version");
    let left =
        awscope::aws::s3::object_versions("other", "v.txt", None, &provider).collect_all().await.expect("versions");
    assert!(left.iter().all(|v| v.version_id != latest) && left.len() == 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_running_upload_leaves_no_object_and_no_multipart_upload() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "stop").await;
    let dir = tempfile::tempdir().expect("dir");
    let big = dir.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 120 * 1024 * 1024]).expect("write");
    let mut live = live(&emulator).await;
    let job = JobKind::Upload { from: big, to: place("stop", "") };
    let items = plan(&mut live, &job).await;

    let slot = Slot::S3(S3Slot::Job);
    let (id, generation) = (RequestId(77), live.app.generation);
    let request = S3Request::Run { job, items, overwrite: Overwrite::Never };
    live.run(vec![Command::Load { slot, id, generation, request: LoadRequest::S3(request) }]);
    loop {
        match live.next_action().await {
            Action::Loaded { payload: Payload::S3(S3Payload::JobProgress(p)), id: i, .. }
                if i == id && p.bytes_done > 0 =>
            {
                break;
            }
            Action::Loaded { payload: Payload::S3(S3Payload::JobDone(r)), id: i, .. } if i == id => {
                panic!("finished before the cancel: {r:?}")
            }
            _ => {}
        }
    }
    live.run(vec![Command::Cancel(slot)]);

    let mut left = Vec::new();
    for _ in 0..100 {
        left = write::multipart_uploads("stop", "", None, &provider).await.expect("uploads");
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(left.is_empty(), "the cancel aborted the upload: {left:?}");
    assert!(keys(&provider, "stop", "").await.is_empty(), "no object was written");
}
