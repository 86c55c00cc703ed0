//! Writes to S3: uploads (multipart above a threshold, conditional where S3
//! allows), batched deletes, server-side copies, version restore and delete,
//! and presigned URLs. Every call goes through `AwsProvider::send` and to the
//! bucket's region.

mod copy;
mod upload;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::stream::{self, StreamExt};

use super::objects::object_entry;
use super::region::in_bucket_region;
use super::{ObjectEntry, S3Error, map_bucket_error, object_error};
use crate::aws::call::Answer;
use crate::aws::error::{AwsError, Call};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;

pub use self::copy::{copy_object, copy_object_in_parts, restore_version, verify_copy};
pub use self::upload::upload_file;

/// Files at least this large go up as a multipart upload (the aws CLI's
/// `multipart_threshold`).
pub const MULTIPART_THRESHOLD: u64 = 8 * 1024 * 1024;

/// The part size of a multipart upload (grown so a file needs at most 10,000).
pub const PART_SIZE: u64 = 8 * 1024 * 1024;

/// Parts (and small files) sent at once.
pub const TRANSFERS_IN_FLIGHT: usize = 10;

/// Keys per DeleteObjects call (the S3 maximum).
pub const DELETE_BATCH: usize = 1000;

/// DeleteObjects calls at once.
pub const DELETE_BATCHES_IN_FLIGHT: usize = 4;

/// CopyObject's limit: larger objects are copied part by part.
pub const COPY_OBJECT_LIMIT: u64 = 5 * 1024 * 1024 * 1024;

/// Whether a write may replace an object that is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Create only: the write is conditional (`If-None-Match: *`), so a key
    /// that exists, or is created meanwhile, is left alone.
    Never,
    /// Replace whatever is there.
    Always,
}

/// What became of one object's write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written: this many bytes.
    Done {
        /// Bytes written.
        bytes: u64,
    },
    /// The key existed (the condition failed) and was left as it was.
    Exists,
}

/// A key S3 would not act on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFailure {
    /// The key.
    pub key: String,
    /// S3's error code (`AccessDenied`), or a word of ours.
    pub code: String,
    /// What went wrong, in words.
    pub message: String,
}

/// What a batched delete did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteReport {
    /// Keys deleted.
    pub deleted: usize,
    /// Keys that stayed, each with its reason.
    pub failed: Vec<KeyFailure>,
}

/// A server-side copy of one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySpec {
    /// The source bucket.
    pub from_bucket: String,
    /// The source key.
    pub from_key: String,
    /// The source version, to copy an older version (a restore).
    pub from_version: Option<String>,
    /// The source bucket's region, if known.
    pub from_region: Option<String>,
    /// The source's size (decides CopyObject or a multipart copy).
    pub size: u64,
    /// The destination bucket.
    pub to_bucket: String,
    /// The destination key.
    pub to_key: String,
    /// The destination bucket's region, if known.
    pub to_region: Option<String>,
}

/// A presigned GET URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presigned {
    /// The URL, in full.
    pub url: String,
    /// When the URL stops working by its own expiry (Unix ms).
    pub expires_at_ms: i64,
    /// When the credentials that signed it end, if they are temporary: the
    /// URL stops working then, if that is sooner.
    pub credentials_end_ms: Option<i64>,
}

/// Every object under `prefix` (no delimiter: the whole tree), a page at a
/// time. A prefix is used exactly as given: `logs/` never lists `logs-old/`.
#[must_use]
pub fn list_tree(
    bucket: &str,
    prefix: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Pages<ObjectEntry, S3Error> {
    let provider = provider.clone();
    let bucket = bucket.to_owned();
    let prefix = prefix.to_owned();
    let region = Arc::new(Mutex::new(region.map(str::to_owned)));
    Pages::new(move |token, page| {
        let (provider, bucket, prefix, region) = (provider.clone(), bucket.clone(), prefix.clone(), region.clone());
        async move {
            let resource = format!("s3://{bucket}/{prefix}");
            let call = Call { service: "s3", operation: "ListObjectsV2", resource: &resource };
            let request = in_bucket_region(&provider, &region, |client| {
                client
                    .list_objects_v2()
                    .bucket(&bucket)
                    .prefix(&prefix)
                    .encoding_type(aws_sdk_s3::types::EncodingType::Url)
                    .max_keys(provider.page_sizes().s3)
                    .set_continuation_token(token.clone())
                    .send()
            });
            provider
                .send(call, page, request, |out| {
                    let url = out.encoding_type().is_some();
                    let entries: Vec<ObjectEntry> = out
                        .contents()
                        .iter()
                        .map(|o| object_entry(o, url))
                        // A prefix is a prefix of bytes: S3 never widens it, but
                        // an endpoint that did must not hand us a sibling.
                        .filter(|o| o.key.starts_with(&prefix))
                        .collect();
                    Answer::page(entries, out.next_continuation_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| map_bucket_error(&bucket, failed.error))
        }
        .boxed()
    })
}

/// The content type for a file, guessed from its extension
/// (`application/octet-stream` when there is none or it is unknown).
#[must_use]
pub fn content_type_for(path: &Path) -> String {
    mime_guess::from_path(path).first_or_octet_stream().essence_str().to_owned()
}

/// Deletes exactly `keys` from `bucket` (current versions; in a versioned
/// bucket S3 writes delete markers): DeleteObjects in batches of
/// [`DELETE_BATCH`], [`DELETE_BATCHES_IN_FLIGHT`] at once, quiet mode. Per-key
/// errors are collected, never dropped. `progress` is called with the number
/// of keys just settled (deleted or failed).
///
/// # Errors
/// A failure of a whole call (network, credentials, throttling after retries).
pub async fn delete_keys(
    bucket: &str,
    region: Option<&str>,
    keys: &[String],
    provider: &AwsProvider,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<DeleteReport, S3Error> {
    let region = Mutex::new(region.map(str::to_owned));
    let region = &region;
    // Owned batches: a stream over borrowed chunks is not `Send` for every
    // lifetime, which a spawned task needs.
    let batches: Vec<Vec<String>> = keys.chunks(DELETE_BATCH).map(<[String]>::to_vec).collect();
    let batches = stream::iter(batches)
        .map(|batch| async move {
            let report = delete_batch(bucket, region, &batch, provider).await?;
            progress(batch.len());
            Ok::<_, S3Error>(report)
        })
        .buffer_unordered(DELETE_BATCHES_IN_FLIGHT);
    futures_util::pin_mut!(batches);
    let mut total = DeleteReport::default();
    while let Some(report) = batches.next().await {
        let report = report?;
        total.deleted += report.deleted;
        total.failed.extend(report.failed);
    }
    total.failed.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(total)
}

async fn delete_batch(
    bucket: &str,
    region: &Mutex<Option<String>>,
    batch: &[String],
    provider: &AwsProvider,
) -> Result<DeleteReport, S3Error> {
    use aws_sdk_s3::types::{Delete, ObjectIdentifier};
    let resource = format!("s3://{bucket}");
    let internal =
        |e: &dyn std::fmt::Display| S3Error::Aws(AwsError::internal("DeleteObjects", &resource, &e.to_string()));
    let objects = batch
        .iter()
        .map(|key| ObjectIdentifier::builder().key(key).build())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| internal(&e))?;
    let delete = Delete::builder().set_objects(Some(objects)).quiet(true).build().map_err(|e| internal(&e))?;
    let call = Call { service: "s3", operation: "DeleteObjects", resource: &resource };
    let request = in_bucket_region(provider, region, |client| {
        client.delete_objects().bucket(bucket).delete(delete.clone()).send()
    });
    provider
        .send(call, 1, request, |out| {
            let failed: Vec<KeyFailure> = out
                .errors()
                .iter()
                .map(|e| KeyFailure {
                    key: e.key().unwrap_or_default().to_owned(),
                    code: e.code().unwrap_or("Error").to_owned(),
                    message: e.message().unwrap_or("S3 did not delete it").to_owned(),
                })
                .collect();
            let deleted = batch.len().saturating_sub(failed.len());
            Answer::counted(DeleteReport { deleted, failed }, batch.len(), false)
        })
        .await
        .map_err(|failed| map_bucket_error(bucket, failed.error))
}

/// Deletes one version of one object for good (DeleteObject with a version id).
///
/// # Errors
/// The S3 failure.
pub async fn delete_version(
    bucket: &str,
    key: &str,
    version_id: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<(), S3Error> {
    let resource = format!("s3://{bucket}/{key}?versionId={version_id}");
    let call = Call { service: "s3", operation: "DeleteObject", resource: &resource };
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| {
        client.delete_object().bucket(bucket).key(key).version_id(version_id).send()
    });
    provider.send(call, 1, request, |_| Answer::one(())).await.map_err(|failed| object_error(bucket, key, failed.error))
}

/// The shortest and longest life of a presigned URL.
pub const PRESIGN_LIMITS: std::ops::RangeInclusive<u64> = 60..=604_800;

/// A presigned GetObject URL for `key` (or one version of it) valid for
/// `expires` (1 minute to 7 days), with when the signing credentials end.
/// Nothing is sent to S3: the URL is signed here, for the bucket's region
/// when it is known (else the provider's).
///
/// # Errors
/// The credentials cannot be resolved, or `expires` is out of range.
pub async fn presign_get(
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
    region: Option<&str>,
    expires: Duration,
    provider: &AwsProvider,
) -> Result<Presigned, S3Error> {
    use aws_credential_types::provider::ProvideCredentials;
    use aws_sdk_s3::presigning::PresigningConfig;
    let resource = format!("s3://{bucket}/{key}");
    let internal = |detail: &str| S3Error::Aws(AwsError::internal("GetObject", &resource, detail));
    if !PRESIGN_LIMITS.contains(&expires.as_secs()) || expires.subsec_nanos() != 0 {
        return Err(internal(&format!(
            "a presigned URL lives from 1 minute to 7 days (60 to 604800 seconds), not {} seconds",
            expires.as_secs()
        )));
    }
    let credentials_end_ms = match provider.sdk_config().credentials_provider() {
        Some(source) => {
            let credentials = source
                .provide_credentials()
                .await
                .map_err(|e| AwsError::from_credentials(provider.context().profile.as_deref(), &e))?;
            credentials.expiry().map(system_time_ms)
        }
        None => None,
    };
    let config = PresigningConfig::expires_in(expires).map_err(|e| internal(&e.to_string()))?;
    let started_ms = crate::aws::time::now_ms();
    let client = region.map_or_else(|| provider.s3(), |r| provider.s3_in(r));
    let request = client
        .get_object()
        .bucket(bucket)
        .key(key)
        .set_version_id(version_id.map(str::to_owned))
        .presigned(config)
        .await
        .map_err(|e| internal(&crate::aws::error::chain_text(&e)))?;
    let expires_ms = i64::try_from(expires.as_millis()).unwrap_or(i64::MAX);
    tracing::info!(bucket, expires_secs = expires.as_secs(), "presigned a GET URL");
    Ok(Presigned {
        url: request.uri().to_owned(),
        expires_at_ms: started_ms.saturating_add(expires_ms),
        credentials_end_ms,
    })
}

fn system_time_ms(t: std::time::SystemTime) -> i64 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        Err(_) => 0,
    }
}

/// The multipart uploads in progress under `prefix` (key, upload id).
///
/// # Errors
/// The S3 failure.
pub async fn multipart_uploads(
    bucket: &str,
    prefix: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<Vec<(String, String)>, S3Error> {
    let resource = format!("s3://{bucket}/{prefix}");
    let region = Mutex::new(region.map(str::to_owned));
    let mut found = Vec::new();
    let (mut key_marker, mut id_marker): (Option<String>, Option<String>) = (None, None);
    for page in 1.. {
        let call = Call { service: "s3", operation: "ListMultipartUploads", resource: &resource };
        let request = in_bucket_region(provider, &region, |client| {
            client
                .list_multipart_uploads()
                .bucket(bucket)
                .prefix(prefix)
                .set_key_marker(key_marker.clone())
                .set_upload_id_marker(id_marker.clone())
                .send()
        });
        let (uploads, next) = provider
            .send(call, page, request, |out| {
                let uploads: Vec<(String, String)> = out
                    .uploads()
                    .iter()
                    .map(|u| (u.key().unwrap_or_default().to_owned(), u.upload_id().unwrap_or_default().to_owned()))
                    .collect();
                let next = (out.is_truncated() == Some(true)).then(|| {
                    (out.next_key_marker().map(str::to_owned), out.next_upload_id_marker().map(str::to_owned))
                });
                let more = next.is_some();
                let count = uploads.len();
                Answer::counted((uploads, next), count, more)
            })
            .await
            .map_err(|failed| map_bucket_error(bucket, failed.error))?;
        found.extend(uploads);
        match next {
            Some((k, u)) if k.is_some() || u.is_some() => (key_marker, id_marker) = (k, u),
            _ => break,
        }
    }
    Ok(found)
}

/// Whether a failed call was a failed `If-None-Match: *`: the key exists.
fn precondition_failed<E>(failed: &crate::aws::call::Failed<E>) -> bool {
    failed.service_status() == Some(412) || failed.error.code.as_deref() == Some("PreconditionFailed")
}

/// Longer time limits for the calls that carry an object's bytes (a part is
/// up to [`PART_SIZE`] and more, and a slow uplink must not time it out);
/// the connect and read limits stay as configured.
fn transfer_limits(provider: &AwsProvider) -> aws_sdk_s3::config::Builder {
    use aws_smithy_types::timeout::TimeoutConfig;
    let base = provider.sdk_config().timeout_config().cloned().unwrap_or_else(TimeoutConfig::disabled);
    let limits = base
        .to_builder()
        .operation_attempt_timeout(TRANSFER_ATTEMPT_LIMIT)
        .operation_timeout(TRANSFER_ATTEMPT_LIMIT * 3)
        .build();
    aws_sdk_s3::config::Builder::new().timeout_config(limits)
}

/// How long one attempt of a call that carries bytes may take.
const TRANSFER_ATTEMPT_LIMIT: Duration = Duration::from_secs(300);
