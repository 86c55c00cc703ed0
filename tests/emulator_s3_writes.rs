//! The S3 write wrappers for real, over HTTP against moto: uploads (whole,
//! multipart, conditional, cancelled), batched deletes, copies that keep
//! metadata, presigned URLs fetched over plain HTTP, version restore and delete.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketVersioningStatus, Tag, Tagging, VersioningConfiguration};
use awscope::aws::AwsProvider;
use awscope::aws::s3::write::{self, CopySpec, Overwrite, Written};
use awscope::aws::s3::{self, S3Error};
use awscope::testbed::harness;
use futures_util::stream::{self, StreamExt, TryStreamExt};

const MIB: usize = 1024 * 1024;

/// Bytes that differ from place to place, so a misplaced part shows.
fn pattern(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| u8::try_from((i * 31 + i / 4096) % 251).unwrap_or(0) ^ seed).collect()
}

async fn get(provider: &AwsProvider, bucket: &str, key: &str) -> Vec<u8> {
    let out = provider.s3().get_object().bucket(bucket).key(key).send().await.expect("get object");
    out.body.collect().await.expect("body").to_vec()
}

async fn put(provider: &AwsProvider, bucket: &str, key: &str, body: &[u8]) {
    provider.s3().put_object().bucket(bucket).key(key).body(ByteStream::from(body.to_vec())).send().await.expect("put");
}

async fn bucket(provider: &AwsProvider, name: &str) {
    provider.s3().create_bucket().bucket(name).send().await.expect("create bucket");
}

async fn keys_under(provider: &AwsProvider, bucket: &str, prefix: &str) -> Vec<String> {
    let all = write::list_tree(bucket, prefix, None, provider).collect_all().await.expect("list tree");
    all.into_iter().map(|o| o.key).collect()
}

fn no_progress(_: u64) {}

#[tokio::test(flavor = "multi_thread")]
async fn a_small_file_goes_up_whole_with_its_bytes_and_a_guessed_content_type() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "uploads").await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("page.html");
    let body = pattern(3000, 7);
    std::fs::write(&path, &body).expect("write");

    let sent = AtomicU64::new(0);
    let progress = |n: u64| {
        sent.fetch_add(n, Ordering::Relaxed);
    };
    let written = write::upload_file("uploads", "site/page.html", None, &path, Overwrite::Never, &provider, &progress)
        .await
        .expect("upload");

    assert_eq!(written, Written::Done { bytes: 3000 });
    assert_eq!(sent.load(Ordering::Relaxed), 3000);
    assert_eq!(get(&provider, "uploads", "site/page.html").await, body);
    let detail = s3::object_detail("uploads", "site/page.html", None, &provider).await.expect("head");
    assert_eq!(detail.content_type.as_deref(), Some("text/html"));
    assert_eq!(write::content_type_for(std::path::Path::new("no-extension")), "application/octet-stream");

    let missing = dir.path().join("missing.txt");
    let err = write::upload_file("uploads", "x", None, &missing, Overwrite::Always, &provider, &no_progress)
        .await
        .expect_err("gone");
    assert!(matches!(err, S3Error::LocalRead { ref path, .. } if path.ends_with("missing.txt")), "{err:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_20_mib_file_goes_up_in_parts_and_arrives_byte_for_byte() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "big").await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("data.bin");
    let body = pattern(20 * MIB + 123, 1);
    std::fs::write(&path, &body).expect("write");

    let sent = AtomicU64::new(0);
    let progress = |n: u64| {
        sent.fetch_add(n, Ordering::Relaxed);
    };
    let written = write::upload_file("big", "data.bin", None, &path, Overwrite::Never, &provider, &progress)
        .await
        .expect("upload");

    assert_eq!(written, Written::Done { bytes: body.len() as u64 });
    assert_eq!(sent.load(Ordering::Relaxed), body.len() as u64, "progress adds up to the size");
    let detail = s3::object_detail("big", "data.bin", None, &provider).await.expect("head");
    assert!(detail.etag.as_deref().is_some_and(|e| e.ends_with("-3\"")), "three 8 MiB parts: {:?}", detail.etag);
    assert_eq!(detail.content_type.as_deref(), Some("application/octet-stream"));
    assert!(get(&provider, "big", "data.bin").await == body, "the bytes differ");
    assert!(write::multipart_uploads("big", "", None, &provider).await.expect("uploads").is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_key_is_left_alone_by_a_conditional_upload_whole_or_in_parts() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "keep").await;
    // Created after any plan could have looked: only the condition protects them.
    put(&provider, "keep", "small.txt", b"theirs").await;
    put(&provider, "keep", "large.bin", b"theirs too").await;
    let dir = tempfile::tempdir().expect("dir");
    let small = dir.path().join("small.txt");
    let large = dir.path().join("large.bin");
    std::fs::write(&small, b"ours").expect("write");
    std::fs::write(&large, pattern(9 * MIB, 3)).expect("write");

    let small_written =
        write::upload_file("keep", "small.txt", None, &small, Overwrite::Never, &provider, &no_progress)
            .await
            .expect("small");
    let large_written =
        write::upload_file("keep", "large.bin", None, &large, Overwrite::Never, &provider, &no_progress)
            .await
            .expect("large");

    assert_eq!((small_written, large_written), (Written::Exists, Written::Exists));
    assert_eq!(get(&provider, "keep", "small.txt").await, b"theirs");
    assert_eq!(get(&provider, "keep", "large.bin").await, b"theirs too");
    assert!(
        write::multipart_uploads("keep", "", None, &provider).await.expect("uploads").is_empty(),
        "the refused multipart upload was aborted"
    );

    let replaced = write::upload_file("keep", "small.txt", None, &small, Overwrite::Always, &provider, &no_progress)
        .await
        .expect("replace");
    assert_eq!(replaced, Written::Done { bytes: 4 });
    assert_eq!(get(&provider, "keep", "small.txt").await, b"ours");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cancelled_multipart_upload_leaves_no_object_and_no_upload_behind() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "cancel").await;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("huge.bin");
    std::fs::write(&path, pattern(120 * MIB, 9)).expect("write");

    let sent = Arc::new(AtomicU64::new(0));
    let task = {
        let (provider, path, sent) = (provider.clone(), path.clone(), sent.clone());
        tokio::spawn(async move {
            let progress = move |n: u64| {
                sent.fetch_add(n, Ordering::Relaxed);
            };
            write::upload_file("cancel", "huge.bin", None, &path, Overwrite::Never, &provider, &progress).await
        })
    };
    // Cancel once the upload has started and some parts are in.
    let mut started = false;
    for _ in 0..600 {
        if sent.load(Ordering::Relaxed) > 0
            && !write::multipart_uploads("cancel", "", None, &provider).await.expect("uploads").is_empty()
        {
            started = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(started, "the upload should have started");
    task.abort();
    assert!(task.await.expect_err("cancelled").is_cancelled());
    let sent_at_cancel = sent.load(Ordering::Relaxed);
    assert!(sent_at_cancel < 120 * MIB as u64, "cancelled before the end ({sent_at_cancel} bytes sent)");

    let mut left = Vec::new();
    for _ in 0..100 {
        left = write::multipart_uploads("cancel", "", None, &provider).await.expect("uploads");
        if left.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(left.is_empty(), "the spawned abort should have ended the upload: {left:?}");
    let gone = s3::object_detail("cancel", "huge.bin", None, &provider).await.expect_err("no object");
    assert!(matches!(gone, S3Error::ObjectNotFound { .. }), "{gone:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_2500_object_folder_removes_exactly_those_and_spares_the_sibling() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "del").await;
    let client = provider.s3();
    let keys: Vec<String> = (0..2500)
        .map(|i| format!("logs/{:02}/entry-{i:05}.log", i % 7))
        .chain((0..30).map(|i| format!("logs-old/keep-{i}.log")))
        .chain(["logs".to_owned(), "logsbook.txt".to_owned()])
        .collect();
    stream::iter(keys.clone())
        .map(|key| {
            let client = client.clone();
            async move {
                client.put_object().bucket("del").key(&key).body(ByteStream::from_static(b"x")).send().await.map(|_| ())
            }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("put objects");

    let doomed = keys_under(&provider, "del", "logs/").await;
    assert_eq!(doomed.len(), 2500, "the tree listing has the whole folder and nothing else");
    let settled = AtomicU64::new(0);
    let progress = |n: usize| {
        settled.fetch_add(n as u64, Ordering::Relaxed);
    };
    let report = write::delete_keys("del", None, &doomed, &provider, &progress).await.expect("delete");

    assert_eq!((report.deleted, report.failed.len()), (2500, 0));
    assert_eq!(settled.load(Ordering::Relaxed), 2500);
    assert!(keys_under(&provider, "del", "logs/").await.is_empty());
    let mut left = keys_under(&provider, "del", "").await;
    left.sort();
    let mut expected: Vec<String> = keys[2500..].to_vec();
    expected.sort();
    assert_eq!(left, expected, "logs-old/, logs and logsbook.txt survive");
}

async fn tagged_object(provider: &AwsProvider, bucket: &str, key: &str, body: &[u8]) {
    provider
        .s3()
        .put_object()
        .bucket(bucket)
        .key(key)
        .content_type("application/x-custom")
        .metadata("owner", "team-a")
        .metadata("purpose", "test")
        .body(ByteStream::from(body.to_vec()))
        .send()
        .await
        .expect("put");
    let tags = Tagging::builder()
        .tag_set(Tag::builder().key("env").value("prod").build().expect("tag"))
        .tag_set(Tag::builder().key("team").value("a b").build().expect("tag"))
        .build()
        .expect("tagging");
    provider.s3().put_object_tagging().bucket(bucket).key(key).tagging(tags).send().await.expect("tags");
}

async fn assert_same_object(
    provider: &AwsProvider,
    (bucket, key): (&str, &str),
    (copy_bucket, copy_key): (&str, &str),
) {
    assert!(get(provider, bucket, key).await == get(provider, copy_bucket, copy_key).await, "bytes differ");
    let source = s3::object_detail(bucket, key, None, provider).await.expect("source");
    let copy = s3::object_detail(copy_bucket, copy_key, None, provider).await.expect("copy");
    assert_eq!(copy.content_type, source.content_type);
    assert_eq!(copy.metadata, source.metadata);
    assert_eq!(
        s3::object_tags(copy_bucket, copy_key, None, provider).await.expect("copy tags"),
        [("env".to_owned(), "prod".to_owned()), ("team".to_owned(), "a b".to_owned())]
    );
}

fn spec(from: (&str, &str), to: (&str, &str), size: usize) -> CopySpec {
    CopySpec {
        from_bucket: from.0.into(),
        from_key: from.1.into(),
        from_version: None,
        from_region: None,
        size: size as u64,
        to_bucket: to.0.into(),
        to_key: to.1.into(),
        to_region: None,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn copies_within_and_across_buckets_keep_bytes_content_type_metadata_and_tags() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "src").await;
    bucket(&provider, "dst").await;
    let body = pattern(40_000, 5);
    let key = "reports/q1 + notes ü.csv";
    tagged_object(&provider, "src", key, &body).await;

    let within = spec(("src", key), ("src", "archive/q1.csv"), body.len());
    let across = spec(("src", key), ("dst", "in/q1.csv"), body.len());
    for copy in [&within, &across] {
        let written = write::copy_object(copy, Overwrite::Never, &provider, &no_progress).await.expect("copy");
        assert_eq!(written, Written::Done { bytes: body.len() as u64 });
        assert_same_object(&provider, ("src", key), (&copy.to_bucket, &copy.to_key)).await;
        assert!(write::verify_copy(copy, &provider).await.expect("verify"));
    }

    // A copy in parts (what objects above 5 GiB get), here with 5 MiB parts.
    let big = pattern(12 * MIB + 7, 2);
    tagged_object(&provider, "src", "big.bin", &big).await;
    let parts = spec(("src", "big.bin"), ("dst", "big-copy.bin"), big.len());
    let copied = AtomicU64::new(0);
    let progress = |n: u64| {
        copied.fetch_add(n, Ordering::Relaxed);
    };
    let written = write::copy_object_in_parts(&parts, Overwrite::Never, 5 * MIB as u64, &provider, &progress)
        .await
        .expect("parts");
    assert_eq!(written, Written::Done { bytes: big.len() as u64 });
    assert_eq!(copied.load(Ordering::Relaxed), big.len() as u64);
    assert_same_object(&provider, ("src", "big.bin"), ("dst", "big-copy.bin")).await;
    let etag = s3::object_detail("dst", "big-copy.bin", None, &provider).await.expect("head").etag;
    assert!(etag.is_some_and(|e| e.ends_with("-3\"")), "three parts");

    // The destination exists now: a create-only copy leaves it alone.
    put(&provider, "dst", "in/q1.csv", b"changed").await;
    assert_eq!(
        write::copy_object(&across, Overwrite::Never, &provider, &no_progress).await.expect("again"),
        Written::Exists
    );
    assert_eq!(get(&provider, "dst", "in/q1.csv").await, b"changed");
    assert!(!write::verify_copy(&across, &provider).await.expect("verify"), "a different object does not verify");
    let again = write::copy_object_in_parts(&parts, Overwrite::Never, 5 * MIB as u64, &provider, &no_progress).await;
    assert_eq!(again.expect("parts again"), Written::Exists);
    assert!(write::multipart_uploads("dst", "", None, &provider).await.expect("uploads").is_empty());

    let nowhere = spec(("src", key), ("no-such-bucket", "x"), body.len());
    let err =
        write::copy_object(&nowhere, Overwrite::Always, &provider, &no_progress).await.expect_err("missing bucket");
    assert_eq!(err, S3Error::BucketNotFound { bucket: "no-such-bucket".into() });
}

/// GET over plain HTTP/1.1: the status code and the body.
fn http_get(url: &str) -> (u16, Vec<u8>) {
    let rest = url.strip_prefix("http://").expect("an http URL from the emulator");
    let (host, path) = rest.split_at(rest.find('/').expect("a path"));
    let mut stream = std::net::TcpStream::connect(host).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read");
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("headers end");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
    let mut body = answer[split + 4..].to_vec();
    if head.to_ascii_lowercase().contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").expect("chunk size");
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16).expect("hex size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 4 + size..];
    }
}

fn query(url: &str) -> HashMap<String, String> {
    url.split_once('?')
        .map(|(_, q)| {
            q.split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_presigned_url_fetched_over_plain_http_returns_the_object_and_expires_when_asked() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "share").await;
    let body = pattern(5000, 4);
    put(&provider, "share", "docs/a file.pdf", &body).await;

    let before = awscope::aws::time::now_ms();
    let presigned = write::presign_get("share", "docs/a file.pdf", None, None, Duration::from_secs(900), &provider)
        .await
        .expect("presign");

    assert_eq!(query(&presigned.url).get("X-Amz-Expires").map(String::as_str), Some("900"));
    assert!((before + 900_000..=awscope::aws::time::now_ms() + 900_000).contains(&presigned.expires_at_ms));
    assert_eq!(presigned.credentials_end_ms, None, "the emulator's keys are long-term");
    let (status, fetched) = http_get(&presigned.url);
    assert_eq!(status, 200);
    assert!(fetched == body, "the URL serves the object's bytes");

    for out_of_range in [59, 604_801] {
        let err = write::presign_get("share", "x", None, None, Duration::from_secs(out_of_range), &provider).await;
        assert!(err.expect_err("out of range").to_string().contains("7 days"));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_is_restored_over_the_current_one_and_another_deleted_for_good() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    bucket(&provider, "hist").await;
    let on = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
    provider.s3().put_bucket_versioning().bucket("hist").versioning_configuration(on).send().await.expect("versioning");
    put(&provider, "hist", "conf.json", b"{\"v\":1}").await;
    put(&provider, "hist", "conf.json", b"{\"v\":2}").await;
    let versions = s3::object_versions("hist", "conf.json", None, &provider).collect_all().await.expect("versions");
    assert_eq!(versions.len(), 2);
    let (latest, first) = (versions[0].version_id.clone(), versions[1].version_id.clone());
    assert!(versions[0].is_latest);

    write::restore_version("hist", "conf.json", &first, None, &provider).await.expect("restore");
    assert_eq!(get(&provider, "hist", "conf.json").await, b"{\"v\":1}");
    let after = s3::object_versions("hist", "conf.json", None, &provider).collect_all().await.expect("versions");
    assert_eq!(after.len(), 3, "a restore adds a version; the history stays");

    write::delete_version("hist", "conf.json", &latest, None, &provider).await.expect("delete version");
    let left: Vec<String> = s3::object_versions("hist", "conf.json", None, &provider)
        .collect_all()
        .await
        .expect("versions")
        .into_iter()
        .map(|v| v.version_id)
        .collect();
    assert_eq!(left.len(), 2);
    assert!(!left.contains(&latest) && left.contains(&first));
    assert_eq!(get(&provider, "hist", "conf.json").await, b"{\"v\":1}", "the restored version is still current");
}
