//! S3: the buckets of each account, in two regions, and their objects.

use std::time::Instant;

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use futures_util::{StreamExt, TryStreamExt, stream};

use super::{Account, CALL_CONCURRENCY, Ctx, OTHER_REGION, PUT_CONCURRENCY, Scale, SeedError, Step};
use crate::aws::AwsProvider;
use crate::testbed::emulator::HOME_REGION;

/// A bucket, planned or created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededBucket {
    /// The bucket name.
    pub name: String,
    /// The region it lives in.
    pub region: String,
    /// Every key put into it, in plan order.
    pub keys: Vec<String>,
}

/// The buckets [`seed_buckets`] creates for `account` at `scale`, with their keys.
#[must_use]
pub fn bucket_plan(account: Account, scale: Scale) -> Vec<SeededBucket> {
    let n = |demo, test| scale.pick(demo, test);
    let bucket = |name: &str, region: &str, keys: Vec<String>| SeededBucket {
        name: name.to_owned(),
        region: region.to_owned(),
        keys,
    };
    match account {
        Account::Base => vec![
            bucket("demo-app-logs", HOME_REGION, big_bucket_keys(n(5_000, 50))),
            bucket("demo-empty", HOME_REGION, Vec::new()),
            bucket("demo-awkward-keys", HOME_REGION, awkward_keys()),
            bucket("demo-static-site", HOME_REGION, static_site_keys(n(20, 2))),
            bucket(
                "demo-terraform-state",
                HOME_REGION,
                ["network", "ecs", "data"]
                    .iter()
                    .flat_map(|stack| ["dev", "prod"].map(|env| format!("env:/{env}/{stack}.tfstate")))
                    .collect(),
            ),
            bucket(
                "demo-backups",
                HOME_REGION,
                series(n(30, 3), |i| format!("db/2024/{:02}/{:02}/app-db.sql.gz", i / 28 % 12 + 1, i % 28 + 1)),
            ),
            bucket(
                "demo-data-lake",
                HOME_REGION,
                series(n(60, 4), |i| format!("raw/events/dt=2024-01-{:02}/part-{:05}.json", i % 28 + 1, i)),
            ),
            bucket(
                "demo-artifacts",
                HOME_REGION,
                series(n(15, 2), |i| format!("builds/awscope/v0.1.{i}/awscope-x86_64-linux.tar.gz")),
            ),
            bucket(
                "demo-eu-archive",
                OTHER_REGION,
                series(n(25, 2), |i| format!("archive/{}/{:02}/invoices.csv", 2015 + i / 12, i % 12 + 1)),
            ),
            bucket(
                "demo-eu-media",
                OTHER_REGION,
                series(n(40, 3), |i| format!("photos/{}/IMG_{:04}.jpg", ["2023", "2024"][i % 2], 1000 + i)),
            ),
            bucket(
                "demo-eu-reports",
                OTHER_REGION,
                series(n(8, 2), |i| format!("reports/{}/Q{}.pdf", 2023 + i / 4, i % 4 + 1)),
            ),
            bucket("demo-eu-exports", OTHER_REGION, series(n(10, 2), |i| format!("exports/customers-{i:03}.csv.gz"))),
        ],
        Account::Second => vec![
            bucket(
                "prod-app-logs",
                HOME_REGION,
                series(n(120, 5), |i| {
                    format!("logs/2024/{:02}/{:02}/prod-app-{:04}.log", i % 12 + 1, i / 12 % 28 + 1, i)
                }),
            ),
            bucket(
                "prod-customer-uploads",
                HOME_REGION,
                series(n(50, 3), |i| format!("uploads/customer-{:04}/document-{i}.pdf", i * 7 % 1000)),
            ),
            bucket(
                "prod-eu-backups",
                OTHER_REGION,
                series(n(20, 2), |i| format!("postgres/prod-db-2024-{:02}-{:02}.dump", i / 28 % 12 + 1, i % 28 + 1)),
            ),
        ],
    }
}

fn series(count: usize, key: impl Fn(usize) -> String) -> Vec<String> {
    (0..count).map(key).collect()
}

/// `count` keys: three top-level files, nested logs (`logs/2024/MM/DD/…`), a
/// flat prefix with many objects (`data/events/`) and a few tables.
fn big_bucket_keys(count: usize) -> Vec<String> {
    let top = ["README.md", "index.html", "manifest.json"];
    let tables = count / 10;
    let events = count * 3 / 10;
    let logs = count.saturating_sub(tables + events + top.len());
    let mut keys: Vec<String> = top.iter().take(count).map(|k| (*k).to_owned()).collect();
    keys.extend(
        (0..logs).map(|i| format!("logs/2024/{:02}/{:02}/app-{:04}.log", i % 12 + 1, i / 12 % 28 + 1, i / 336)),
    );
    keys.extend((0..events).map(|i| format!("data/events/event-{i:05}.json")));
    let names = ["orders", "customers", "invoices", "payments"];
    keys.extend((0..tables).map(|i| format!("data/tables/{}/part-{i:05}.parquet", names[i % names.len()])));
    keys
}

fn static_site_keys(images: usize) -> Vec<String> {
    let mut keys: Vec<String> = ["index.html", "404.html", "css/site.css", "js/app.js"].map(str::to_owned).to_vec();
    keys.extend((0..images).map(|i| format!("img/photo-{i:03}.png")));
    keys
}

/// Keys that break naive code: spaces, `+`, `%`, unicode, XML specials, a
/// folder marker ending in `/`, a double slash and a bidi override.
fn awkward_keys() -> Vec<String> {
    [
        "with space.txt",
        "plus+sign.txt",
        "percent%2Fencoded.txt",
        "percent 100%.txt",
        "unicode/naïve café 日本語.txt",
        "emoji/rocket-🚀.txt",
        "folder-marker/",
        "folder-marker/inside.txt",
        "query?and#hash&amp.txt",
        "xml <tag> & 'quotes' \"double\".txt",
        "double//slash.txt",
        "trailing-space .txt",
        "tilde~equals=comma,semicolon;colon:.txt",
        "bidi/invoice-\u{202E}fdp.exe",
        "deep/a/b/c/d/e/f/g/leaf.txt",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Creates the planned buckets for `account` (in their regions) and puts
/// their objects with [`PUT_CONCURRENCY`] puts in flight.
///
/// # Errors
/// The first `CreateBucket` or `PutObject` that failed.
pub async fn seed_buckets(
    provider: &AwsProvider,
    account: Account,
    scale: Scale,
) -> Result<Vec<SeededBucket>, SeedError> {
    let started = Instant::now();
    let plan = bucket_plan(account, scale);
    let ctx = Ctx { account, step: Step::Buckets };
    stream::iter(plan.iter().map(Ok))
        .try_for_each_concurrent(CALL_CONCURRENCY, |bucket| async move {
            let client = provider.s3_in(&bucket.region);
            let mut request = client.create_bucket().bucket(&bucket.name);
            if bucket.region != HOME_REGION {
                let constraint = BucketLocationConstraint::from(bucket.region.as_str());
                request = request.create_bucket_configuration(
                    CreateBucketConfiguration::builder().location_constraint(constraint).build(),
                );
            }
            request.send().await.map_err(|e| ctx.aws("s3", "CreateBucket", &format!("s3://{}", bucket.name), &e))?;
            Ok(())
        })
        .await?;

    let ctx = Ctx { account, step: Step::Objects };
    let clients: Vec<aws_sdk_s3::Client> = plan.iter().map(|b| provider.s3_in(&b.region)).collect();
    let puts = plan.iter().zip(&clients).flat_map(|(bucket, client)| {
        bucket.keys.iter().enumerate().map(move |(i, key)| (client, bucket.name.as_str(), i, key.as_str()))
    });
    stream::iter(puts)
        .map(|(client, bucket, i, key)| async move {
            client
                .put_object()
                .bucket(bucket)
                .key(key)
                .content_type(content_type(key))
                .body(ByteStream::from(object_body(key, i)))
                .send()
                .await
                .map_err(|e| ctx.aws("s3", "PutObject", &format!("s3://{bucket}/{key}"), &e))
        })
        .buffer_unordered(PUT_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await?;

    if let Some(site) = plan.iter().find(|b| b.name == VERSIONED_BUCKET) {
        seed_versions(provider.s3_in(&site.region), ctx).await?;
    }

    let objects: usize = plan.iter().map(|b| b.keys.len()).sum();
    tracing::info!(%account, buckets = plan.len(), objects, elapsed_ms = started.elapsed().as_millis(), "seeded buckets");
    Ok(plan)
}

/// The demo bucket with versioning on, and the key written three times in it.
pub const VERSIONED_BUCKET: &str = "demo-static-site";
const VERSIONED_KEY: &str = "index.html";

/// Turns versioning on for [`VERSIONED_BUCKET`] and writes [`VERSIONED_KEY`]
/// twice more, so its detail lists three versions (the first, written before
/// versioning, is the `null` version) to restore, delete or share.
async fn seed_versions(client: aws_sdk_s3::Client, ctx: Ctx) -> Result<(), SeedError> {
    use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
    let uri = format!("s3://{VERSIONED_BUCKET}");
    client
        .put_bucket_versioning()
        .bucket(VERSIONED_BUCKET)
        .versioning_configuration(VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build())
        .send()
        .await
        .map_err(|e| ctx.aws("s3", "PutBucketVersioning", &uri, &e))?;
    for edition in 2..=3 {
        let body = format!("<!doctype html>\n<title>awscope demo site</title>\n<p>edition {edition}</p>\n");
        client
            .put_object()
            .bucket(VERSIONED_BUCKET)
            .key(VERSIONED_KEY)
            .content_type("text/html")
            .body(ByteStream::from(body.into_bytes()))
            .send()
            .await
            .map_err(|e| ctx.aws("s3", "PutObject", &format!("{uri}/{VERSIONED_KEY}"), &e))?;
    }
    Ok(())
}

/// A small body whose size varies with the key's position; folder markers are empty.
fn object_body(key: &str, i: usize) -> Vec<u8> {
    if key.ends_with('/') {
        return Vec::new();
    }
    let line = format!("awscope demo object {i}: {key}\n");
    let repeats = if i.is_multiple_of(97) { 400 } else { i % 13 + 1 };
    line.repeat(repeats).into_bytes()
}

fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "html" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "txt" | "log" => "text/plain",
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}
