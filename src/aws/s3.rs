//! S3: buckets (and, with the S3 explorer, prefixes and objects).

use std::time::Instant;

use futures_util::FutureExt;
use time::OffsetDateTime;

use super::error::{AwsError, Call, ErrorKind};
use super::pages::{Pages, log_failure, log_page};
use super::provider::AwsProvider;

/// Buckets asked for per ListBuckets page.
pub const BUCKET_PAGE_SIZE: i32 = 1000;

/// An S3 bucket as listed by ListBuckets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    /// The bucket name.
    pub name: String,
    /// When the bucket was created.
    pub created: Option<OffsetDateTime>,
    /// The bucket's region, when ListBuckets reports it.
    pub region: Option<String>,
}

/// S3 failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    /// The bucket does not exist (NoSuchBucket).
    #[error("Bucket {bucket} does not exist (it may have been deleted). Press r to reload the bucket list.")]
    BucketNotFound {
        /// The bucket name.
        bucket: String,
    },
    /// Any other classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

impl S3Error {
    /// The kind of failure, for retry hints.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::BucketNotFound { .. } => ErrorKind::NotFound,
            Self::Aws(e) => e.kind,
        }
    }
}

/// Lists every bucket the caller owns, a page at a time (ListBuckets with
/// continuation tokens).
#[must_use]
pub fn list_buckets(provider: &AwsProvider) -> Pages<Bucket, S3Error> {
    let client = provider.s3();
    let provider = provider.clone();
    Pages::new(move |token, page| {
        let client = client.clone();
        let provider = provider.clone();
        async move {
            let call = Call { service: "s3", operation: "ListBuckets", resource: "all buckets" };
            let started = Instant::now();
            let result = client.list_buckets().max_buckets(BUCKET_PAGE_SIZE).set_continuation_token(token).send().await;
            match result {
                Ok(out) => {
                    let buckets: Vec<Bucket> = out
                        .buckets()
                        .iter()
                        .map(|b| Bucket {
                            name: b.name().unwrap_or_default().to_owned(),
                            created: b.creation_date().and_then(to_offset_date_time),
                            region: b.bucket_region().map(str::to_owned),
                        })
                        .collect();
                    let next = out.continuation_token().map(str::to_owned);
                    log_page(call, page, buckets.len(), next.is_some(), started);
                    Ok((buckets, next))
                }
                Err(err) => {
                    let error = provider.error(call, &err);
                    log_failure(call, page, &error, started);
                    Err(S3Error::Aws(error))
                }
            }
        }
        .boxed()
    })
}

/// Converts an SDK timestamp to the domain's.
#[must_use]
pub fn to_offset_date_time(t: &aws_smithy_types::DateTime) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(t.secs()).ok()
}

/// The region a bucket lives in (GetBucketLocation; an empty answer means
/// `us-east-1`, and the legacy `EU` means `eu-west-1`).
///
/// # Errors
/// [`S3Error::BucketNotFound`], or the classified failure (often AccessDenied).
pub async fn bucket_region(bucket: &str, provider: &AwsProvider) -> Result<String, S3Error> {
    let resource = format!("s3://{bucket}");
    let call = Call { service: "s3", operation: "GetBucketLocation", resource: &resource };
    let started = Instant::now();
    match provider.s3().get_bucket_location().bucket(bucket).send().await {
        Ok(out) => {
            log_page(call, 1, 1, false, started);
            let region = match out.location_constraint().map(|c| c.as_str()) {
                None | Some("") => "us-east-1",
                Some("EU") => "eu-west-1",
                Some(other) => other,
            };
            Ok(region.to_owned())
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            if error.code.as_deref() == Some("NoSuchBucket") {
                return Err(S3Error::BucketNotFound { bucket: bucket.to_owned() });
            }
            Err(S3Error::Aws(error))
        }
    }
}
