//! The S3 pane's loads.

use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};

use super::Sink;
use crate::app::action::Payload;
use crate::app::s3::{ObjectRef, Preview, S3Payload, S3Request};
use crate::aws::ErrorKind;
use crate::aws::provider::AwsProvider;
use crate::aws::s3::{self, S3Error};

/// How many GetBucketLocation calls run at once to fill in bucket regions.
const REGION_LOOKUPS_IN_FLIGHT: usize = 8;

/// How often download progress reaches the screen.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Runs one S3 request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: S3Request, sink: &Sink) {
    match request {
        S3Request::Buckets => load_buckets(provider, sink).await,
        S3Request::Objects(target) => load_objects(provider, &target, sink).await,
        S3Request::Detail(o) => match s3::object_detail(&o.bucket, &o.key, o.region.as_deref(), provider).await {
            Ok(detail) => send(sink, S3Payload::Detail(detail), false),
            Err(e) => fail(sink, &e),
        },
        S3Request::Tags(o) => match s3::object_tags(&o.bucket, &o.key, o.region.as_deref(), provider).await {
            Ok(tags) => send(sink, S3Payload::Tags(tags), false),
            Err(e) => fail(sink, &e),
        },
        S3Request::Versions(o) => load_versions(provider, &o, sink).await,
        S3Request::Preview(o) => match s3::object_head_bytes(&o.bucket, &o.key, o.region.as_deref(), provider).await {
            Ok(bytes) => {
                let complete = (bytes.len() as u64) < s3::PREVIEW_BYTES;
                send(sink, S3Payload::Preview(Preview::from_bytes(&bytes, complete), bytes.len()), false);
            }
            Err(e) => fail(sink, &e),
        },
        S3Request::Download { object, version, path, overwrite } => {
            download(provider, &object, version.as_deref(), path, overwrite, sink).await;
        }
        S3Request::Plan(job) => super::s3_jobs::plan(provider, job, sink).await,
        S3Request::Run { job, items, overwrite } => super::s3_jobs::run(provider, job, items, overwrite, sink).await,
        S3Request::Complete(what) => super::s3_jobs::complete(provider, what, sink).await,
        S3Request::Presign { object, version, expires_secs } => {
            super::s3_jobs::presign(provider, &object, version, expires_secs, sink).await;
        }
        S3Request::Version { object, version_id, action } => {
            super::s3_jobs::version(provider, &object, &version_id, action, sink).await;
        }
    }
}

fn send(sink: &Sink, payload: S3Payload, more: bool) {
    sink.send(Payload::S3(payload), more);
}

fn fail(sink: &Sink, e: &S3Error) {
    sink.fail_service(e);
}

/// Streams the bucket list page by page; after each page, fills in the
/// regions ListBuckets did not report, a few lookups at a time.
async fn load_buckets(provider: &AwsProvider, sink: &Sink) {
    let mut pages = s3::list_buckets(provider);
    while let Some(page) = pages.next_page().await {
        let buckets = match page {
            Ok(buckets) => buckets,
            Err(e) => return fail(sink, &e),
        };
        let last = !pages.has_more();
        let unplaced: Vec<String> = buckets.iter().filter(|b| b.region.is_none()).map(|b| b.name.clone()).collect();
        send(sink, S3Payload::Buckets(buckets), !(last && unplaced.is_empty()));
        if !unplaced.is_empty() {
            let regions: Vec<(String, Option<String>)> = stream::iter(unplaced)
                .map(|name| async move {
                    let region = s3::bucket_region(&name, provider).await.ok();
                    (name, region)
                })
                .buffer_unordered(REGION_LOOKUPS_IN_FLIGHT)
                .collect()
                .await;
            send(sink, S3Payload::BucketRegions(regions), !last);
        }
    }
}

/// Streams one prefix. When the very first page is denied, asks HeadBucket
/// whether the bucket exists at all, so the pane can say "no access" rather
/// than only "denied".
async fn load_objects(provider: &AwsProvider, target: &ObjectRef, sink: &Sink) {
    let mut pages = s3::list_objects(&target.bucket, &target.key, target.region.as_deref(), provider);
    while let Some(page) = pages.next_page().await {
        match page {
            Ok(entries) => send(sink, S3Payload::Objects(entries), pages.has_more()),
            Err(e) => {
                if e.kind() == ErrorKind::AccessDenied
                    && pages.pages_fetched() == 1
                    && let Ok(status) = s3::bucket_status(&target.bucket, target.region.as_deref(), provider).await
                {
                    send(sink, S3Payload::BucketStatus(status), true);
                }
                return fail(sink, &e);
            }
        }
    }
}

/// GetBucketVersioning says whether to list versions. When its answer
/// cannot be used (an S3-compatible endpoint that answers in another shape,
/// or a denied call where ListObjectVersions may still be allowed), the
/// versions are listed anyway and the bucket counts as versioned when any
/// version has an id other than `null`; a failure of the listing is the one
/// reported.
async fn load_versions(provider: &AwsProvider, o: &ObjectRef, sink: &Sink) {
    let known = match s3::is_versioned(&o.bucket, o.region.as_deref(), provider).await {
        Ok(false) => return send(sink, S3Payload::Versions { page: Vec::new(), versioned: false }, false),
        Ok(true) => Some(true),
        Err(e) => {
            tracing::info!(bucket = %o.bucket, error = %e, "versioning unknown; listing versions to find out");
            None
        }
    };
    let mut pages = s3::object_versions(&o.bucket, &o.key, o.region.as_deref(), provider);
    let mut versioned = known;
    while let Some(page) = pages.next_page().await {
        match page {
            Ok(page) => {
                let seen = page.iter().any(|v| v.version_id != "null");
                let is = *versioned.get_or_insert(seen) || seen;
                versioned = Some(is);
                let more = pages.has_more();
                if is {
                    send(sink, S3Payload::Versions { page, versioned: true }, more);
                } else if !more {
                    send(sink, S3Payload::Versions { page: Vec::new(), versioned: false }, false);
                }
            }
            Err(e) => return fail(sink, &e),
        }
    }
}

async fn download(
    provider: &AwsProvider,
    o: &ObjectRef,
    version: Option<&str>,
    path: std::path::PathBuf,
    overwrite: bool,
    sink: &Sink,
) {
    let path = super::expand_home(path);
    let started = Instant::now();
    let mut last_sent: Option<Instant> = None;
    let progress = |bytes: u64, total: Option<u64>| {
        if last_sent.is_none_or(|at| at.elapsed() >= PROGRESS_EVERY) {
            last_sent = Some(Instant::now());
            let secs = started.elapsed().as_secs_f64().max(0.001);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
            let bytes_per_sec = (bytes as f64 / secs) as u64;
            send(sink, S3Payload::DownloadProgress { bytes, total, bytes_per_sec }, true);
        }
    };
    match s3::download_object(&o.bucket, &o.key, version, o.region.as_deref(), &path, overwrite, provider, progress)
        .await
    {
        Ok(bytes) => send(sink, S3Payload::Downloaded { path, bytes }, false),
        Err(S3Error::DestinationExists { .. }) => send(sink, S3Payload::DownloadExists(path), false),
        Err(e) => fail(sink, &e),
    }
}
