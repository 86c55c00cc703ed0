//! Writes to S3: uploads (multipart above a threshold, conditional where S3
//! allows), batched deletes, server-side copies, version restore and delete,
//! and presigned URLs. Every call goes through `AwsProvider::send` and to the
//! bucket's region.

use std::path::Path;
use std::time::Duration;

use super::{ObjectEntry, S3Error};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;

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
    let _ = (bucket, prefix, region, provider);
    unimplemented!("contract")
}

/// The content type for a file, guessed from its extension
/// (`application/octet-stream` when there is none or it is unknown).
#[must_use]
pub fn content_type_for(path: &Path) -> String {
    let _ = path;
    unimplemented!("contract")
}

/// Uploads the file at `path` to `key`: PutObject below
/// [`MULTIPART_THRESHOLD`], else a multipart upload with
/// [`TRANSFERS_IN_FLIGHT`] parts at once. With [`Overwrite::Never`] the write
/// is conditional (PutObject / CompleteMultipartUpload with `If-None-Match:
/// *`) and an existing key gives [`Written::Exists`]. A failure, or dropping
/// the future (a cancel), aborts the multipart upload it started: nothing is
/// left behind. `progress` is called with the bytes just sent (a delta).
///
/// # Errors
/// [`S3Error::LocalFile`] when the file cannot be read, or the S3 failure.
pub async fn upload_file(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    path: &Path,
    overwrite: Overwrite,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    let _ = (bucket, key, region, path, overwrite, provider, progress);
    unimplemented!("contract")
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
    let _ = (bucket, region, keys, provider, progress);
    unimplemented!("contract")
}

/// Copies one object server-side, metadata, content type and tags kept:
/// CopyObject up to [`COPY_OBJECT_LIMIT`], a multipart copy (UploadPartCopy)
/// above it. With [`Overwrite::Never`] an existing destination is left alone
/// ([`Written::Exists`]): conditional where S3 takes it, else checked just
/// before. `progress` gets the bytes just copied.
///
/// # Errors
/// The S3 failure (the source gone, access denied on either side, …).
pub async fn copy_object(
    spec: &CopySpec,
    overwrite: Overwrite,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    let _ = (spec, overwrite, provider, progress);
    unimplemented!("contract")
}

/// Whether the copy `spec` describes arrived whole: the destination's size
/// and ETag (for single-part sources) match the source's. A move deletes its
/// source only after this says yes.
///
/// # Errors
/// The S3 failure of either HeadObject.
pub async fn verify_copy(spec: &CopySpec, provider: &AwsProvider) -> Result<bool, S3Error> {
    let _ = (spec, provider);
    unimplemented!("contract")
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
    let _ = (bucket, key, version_id, region, provider);
    unimplemented!("contract")
}

/// A presigned GetObject URL for `key` (or one version of it) valid for
/// `expires` (1 minute to 7 days), with when the signing credentials end.
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
    let _ = (bucket, key, version_id, region, expires, provider);
    unimplemented!("contract")
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
    let _ = (bucket, prefix, region, provider);
    unimplemented!("contract")
}
