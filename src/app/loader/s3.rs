//! The S3 pane's loads.

use futures_util::stream::{self, StreamExt};

use super::Sink;
use crate::app::action::{Failure, Payload};
use crate::app::s3::{S3Payload, S3Request};
use crate::aws::provider::AwsProvider;
use crate::aws::s3;

/// How many GetBucketLocation calls run at once to fill in bucket regions.
const REGION_LOOKUPS_IN_FLIGHT: usize = 8;

/// Runs one S3 request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: S3Request, sink: &Sink) {
    match request {
        S3Request::Buckets => load_buckets(provider, sink).await,
    }
}

fn send(sink: &Sink, payload: S3Payload, more: bool) {
    sink.send(Payload::S3(payload), more);
}

/// Streams the bucket list page by page; after each page, fills in the
/// regions ListBuckets did not report, a few lookups at a time.
async fn load_buckets(provider: &AwsProvider, sink: &Sink) {
    let mut pages = s3::list_buckets(provider);
    while let Some(page) = pages.next_page().await {
        let buckets = match page {
            Ok(buckets) => buckets,
            Err(e) => return sink.fail(Failure::new(e.kind(), &e)),
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
