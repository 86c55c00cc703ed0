//! S3: buckets (and, with the S3 explorer, prefixes and objects).

mod download;
mod model;
mod objects;
mod region;
pub mod write;

use futures_util::FutureExt;

use super::call::Answer;
use super::error::{AwsError, Call, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

pub use self::download::download_object;
pub use self::model::{Bucket, BucketStatus, Entry, ObjectDetail, ObjectEntry, ObjectVersion, StorageClass};
pub use self::objects::{
    bucket_status, is_versioned, list_objects, object_detail, object_head_bytes, object_tags, object_versions,
    open_object,
};
pub use super::time::to_offset_date_time;

/// Buckets asked for per ListBuckets page, unless the config says otherwise.
pub const BUCKET_PAGE_SIZE: i32 = 1000;

/// Objects asked for per ListObjectsV2 page (the S3 maximum), unless the config says otherwise.
pub const OBJECT_PAGE_SIZE: i32 = 1000;

/// How much of an object a preview reads.
pub const PREVIEW_BYTES: u64 = 64 * 1024;

/// S3 failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum S3Error {
    /// The bucket does not exist (NoSuchBucket).
    #[error("Bucket {bucket} does not exist (it may have been deleted). Press r to reload the bucket list.")]
    BucketNotFound {
        /// The bucket name.
        bucket: String,
    },
    /// The object does not exist (NoSuchKey); it may have been deleted meanwhile.
    #[error(
        "s3://{bucket}/{key} no longer exists (it may have been deleted since the listing). Press Esc and r to reload."
    )]
    ObjectNotFound {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
    },
    /// A download would replace a file that is already there.
    #[error("{path} already exists; confirm to overwrite it, or choose another path.")]
    DestinationExists {
        /// The local path.
        path: String,
    },
    /// The local file could not be written.
    #[error("Could not write {path}: {message}. Choose another directory, or free some space.")]
    LocalFile {
        /// The local path.
        path: String,
        /// What the file system said.
        message: String,
    },
    /// A local file or directory could not be read (an upload).
    #[error("Could not read {path}: {message}. Check that it exists and that you may read it, or choose another path.")]
    LocalRead {
        /// The local path.
        path: String,
        /// What the file system said.
        message: String,
    },
    /// Any other classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

service_error!(S3Error {
    BucketNotFound | ObjectNotFound => NotFound,
    DestinationExists | LocalFile | LocalRead => Other,
});

fn map_bucket_error(bucket: &str, error: AwsError) -> S3Error {
    if error.code.as_deref() == Some("NoSuchBucket") {
        S3Error::BucketNotFound { bucket: bucket.to_owned() }
    } else {
        S3Error::Aws(error)
    }
}

fn object_error(bucket: &str, key: &str, error: AwsError) -> S3Error {
    match error.code.as_deref() {
        Some("NoSuchKey" | "NotFound") => S3Error::ObjectNotFound { bucket: bucket.to_owned(), key: key.to_owned() },
        _ => map_bucket_error(bucket, error),
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
            let request =
                client.list_buckets().max_buckets(provider.page_sizes().s3).set_continuation_token(token).send();
            provider
                .send(call, page, request, |out| {
                    let buckets: Vec<Bucket> = out
                        .buckets()
                        .iter()
                        .map(|b| Bucket {
                            name: b.name().unwrap_or_default().to_owned(),
                            created: b.creation_date().and_then(to_offset_date_time),
                            region: b.bucket_region().map(str::to_owned),
                        })
                        .collect();
                    Answer::page(buckets, out.continuation_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| S3Error::Aws(failed.error))
        }
        .boxed()
    })
}

/// The region a bucket lives in (GetBucketLocation; an empty answer means
/// `us-east-1`, and the legacy `EU` means `eu-west-1`).
///
/// # Errors
/// [`S3Error::BucketNotFound`], or the classified failure (often AccessDenied).
pub async fn bucket_region(bucket: &str, provider: &AwsProvider) -> Result<String, S3Error> {
    let resource = format!("s3://{bucket}");
    let call = Call { service: "s3", operation: "GetBucketLocation", resource: &resource };
    let request = provider.s3().get_bucket_location().bucket(bucket).send();
    provider
        .send(call, 1, request, |out| {
            let region = match out.location_constraint().map(|c| c.as_str()) {
                None | Some("") => "us-east-1",
                Some("EU") => "eu-west-1",
                Some(other) => other,
            };
            Answer::one(region.to_owned())
        })
        .await
        .map_err(|failed| map_bucket_error(bucket, failed.error))
}
