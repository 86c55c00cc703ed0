//! The S3 wrappers for real, over HTTP against moto: prefixes, long listings,
//! awkward keys and downloads.

use std::sync::Arc;

use aws_sdk_s3::primitives::ByteStream;
use awscope::aws::AwsProvider;
use awscope::aws::s3::{self, Entry, S3Error};
use awscope::testbed::harness;
use futures_util::stream::{self, StreamExt, TryStreamExt};

async fn bucket_with(provider: &AwsProvider, bucket: &str, objects: Vec<(String, Vec<u8>)>) {
    let client = provider.s3();
    client.create_bucket().bucket(bucket).send().await.expect("create bucket");
    stream::iter(objects)
        .map(|(key, body)| {
            let client = client.clone();
            async move { client.put_object().bucket(bucket).key(&key).body(ByteStream::from(body)).send().await.map(|_| ()) }
        })
        .buffer_unordered(16)
        .try_collect::<Vec<()>>()
        .await
        .expect("put objects");
}

#[tokio::test(flavor = "multi_thread")]
async fn prefixes_list_folders_then_objects_one_level_at_a_time() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    let keys = ["readme.txt", "logs/2024/01/a.log", "logs/2024/02/b.log", "logs/top.log", "data/x.csv"];
    bucket_with(&provider, "nav", keys.iter().map(|k| ((*k).to_owned(), b"x".to_vec())).collect()).await;

    let top = s3::list_objects("nav", "", None, &provider).collect_all().await.expect("top");
    let top: Vec<&str> = top.iter().map(Entry::key).collect();
    assert_eq!(top, ["data/", "logs/", "readme.txt"]);

    let logs = s3::list_objects("nav", "logs/", None, &provider).collect_all().await.expect("logs");
    let names: Vec<&str> = logs.iter().map(|e| e.name("logs/")).collect();
    assert_eq!(names, ["2024/", "top.log"]);
    assert!(matches!(logs[0], Entry::Folder(_)) && matches!(logs[1], Entry::Object(_)));

    let deep = s3::list_objects("nav", "logs/2024/01/", None, &provider).collect_all().await.expect("deep");
    assert_eq!(deep.iter().map(Entry::key).collect::<Vec<_>>(), ["logs/2024/01/a.log"]);

    let missing = s3::list_objects("no-such-bucket", "", None, &provider).collect_all().await.expect_err("missing");
    assert_eq!(missing, S3Error::BucketNotFound { bucket: "no-such-bucket".into() });
}

#[tokio::test(flavor = "multi_thread")]
async fn a_2500_object_prefix_arrives_complete_and_in_order_over_several_pages() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    let mut keys: Vec<String> = (0..2500).map(|i| format!("big/item-{i:05}.json")).collect();
    bucket_with(&provider, "big", keys.iter().map(|k| (k.clone(), b"{}".to_vec())).collect()).await;

    let mut pages = s3::list_objects("big", "big/", None, &provider);
    let mut all = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next_page().await {
        all.extend(page.expect("page"));
        page_count += 1;
    }

    assert_eq!(page_count, 3, "1,000 per page");
    keys.sort();
    assert_eq!(all.iter().map(Entry::key).collect::<Vec<_>>(), keys);
}

#[tokio::test(flavor = "multi_thread")]
async fn awkward_keys_round_trip_through_listing_and_head_object() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    let keys = [
        "odd/with space.txt",
        "odd/plus+sign.txt",
        "odd/percent%20.txt",
        "odd/unicode-✓-ü.txt",
        "odd/trailing/",
        "odd/a&b=c?d.txt",
    ];
    bucket_with(&provider, "awkward", keys.iter().map(|k| ((*k).to_owned(), b"1".to_vec())).collect()).await;

    let listed = s3::list_objects("awkward", "odd/", None, &provider).collect_all().await.expect("list");
    let mut listed_keys: Vec<String> = listed.iter().map(|e| e.key().to_owned()).collect();
    listed_keys.sort();
    let mut expected: Vec<String> = keys.iter().map(|k| (*k).to_owned()).collect();
    expected.sort();
    assert_eq!(listed_keys, expected);
    for entry in &listed {
        if let Entry::Object(o) = entry {
            s3::object_detail("awkward", &o.key, None, &provider)
                .await
                .unwrap_or_else(|e| panic!("{} did not round-trip: {e}", o.key));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn downloads_write_exact_bytes_never_overwrite_silently_and_leave_nothing_when_cancelled() {
    let emulator = harness::emulator().await;
    let provider = harness::provider(&emulator, "demo").await;
    let small: Vec<u8> = (0..200_000u32).map(|i| u8::try_from(i % 251).expect("fits")).collect();
    let big = vec![7u8; 48 * 1024 * 1024];
    bucket_with(&provider, "downloads", vec![("small.bin".into(), small.clone()), ("big.bin".into(), big)]).await;
    let dir = tempfile::tempdir().expect("dir");

    // Exact bytes, with progress reported along the way.
    let path = dir.path().join("small.bin");
    let mut reports = Vec::new();
    let written =
        s3::download_object("downloads", "small.bin", None, None, &path, false, &provider, |b, t| reports.push((b, t)))
            .await
            .expect("download");
    assert_eq!(written, small.len() as u64);
    assert_eq!(std::fs::read(&path).expect("read back"), small);
    assert_eq!(reports.last(), Some(&(small.len() as u64, Some(small.len() as u64))));

    // An existing file is not replaced without saying so, and is left intact.
    std::fs::write(&path, b"mine").expect("write");
    let err = s3::download_object("downloads", "small.bin", None, None, &path, false, &provider, |_, _| {})
        .await
        .expect_err("exists");
    assert!(matches!(err, S3Error::DestinationExists { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).expect("read"), b"mine");
    // With consent it is.
    s3::download_object("downloads", "small.bin", None, None, &path, true, &provider, |_, _| {})
        .await
        .expect("overwrite");
    assert_eq!(std::fs::read(&path).expect("read"), small);

    // Cancelled mid-stream: no file at the destination, no partial file beside it.
    let started = Arc::new(tokio::sync::Notify::new());
    let signal = started.clone();
    let big_path = dir.path().join("big.bin");
    let download =
        s3::download_object("downloads", "big.bin", None, None, &big_path, false, &provider, move |bytes, _| {
            if bytes > 0 {
                signal.notify_one();
            }
        });
    tokio::select! {
        biased;
        () = started.notified() => {}
        result = download => panic!("the 48 MiB download finished before it could be cancelled: {result:?}"),
    }
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["small.bin"], "only the finished download remains");
}
