//! S3: buckets (and, with the S3 explorer, prefixes and objects).

mod model;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures_util::FutureExt;

use super::error::{AwsError, Call, service_error};
use super::pages::{Pages, log_failure, log_page};
use super::provider::AwsProvider;

pub use self::model::{Bucket, BucketStatus, Entry, ObjectDetail, ObjectEntry, ObjectVersion, StorageClass};
pub use super::time::to_offset_date_time;

/// Buckets asked for per ListBuckets page, unless the config says otherwise.
pub const BUCKET_PAGE_SIZE: i32 = 1000;

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
    /// Any other classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

service_error!(S3Error {
    BucketNotFound | ObjectNotFound => NotFound,
    DestinationExists | LocalFile => Other,
});

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
            let result =
                client.list_buckets().max_buckets(provider.page_sizes().s3).set_continuation_token(token).send().await;
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

/// Objects asked for per ListObjectsV2 page (the S3 maximum), unless the config says otherwise.
pub const OBJECT_PAGE_SIZE: i32 = 1000;

/// How much of an object a preview reads.
pub const PREVIEW_BYTES: u64 = 64 * 1024;

fn decode_key(raw: &str) -> String {
    // ListObjectsV2 with encoding-type=url encodes keys as a form would:
    // spaces as `+`, everything else unsafe as %XX.
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// The region named by a redirect-type error: the `x-amz-bucket-region`
/// header, or the region in the message. An AuthorizationHeaderMalformed
/// message names two ("the region 'us-east-1' is wrong; expecting
/// 'eu-west-1'"): the bucket's is the one after "expecting".
fn redirect_region<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<String> {
    let SdkError::ServiceError(service) = err else { return None };
    if let Some(region) = service.raw().headers().get("x-amz-bucket-region") {
        return Some(region.to_owned());
    }
    let code = service.err().code()?;
    if !matches!(code, "PermanentRedirect" | "AuthorizationHeaderMalformed" | "IllegalLocationConstraintException") {
        return None;
    }
    let message = service.err().message()?;
    let named = message.split_once("expecting").map_or(message, |(_, after)| after);
    let quoted = named.split('\'').nth(1)?;
    let region_shaped =
        quoted.contains('-') && quoted.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    region_shaped.then(|| quoted.to_owned())
}

/// Runs `op` against `bucket`'s region; when S3 answers with a redirect that
/// names another region, runs it once more there and remembers the region.
async fn in_bucket_region<T, E, F, Fut>(
    provider: &AwsProvider,
    region: &Mutex<Option<String>>,
    op: F,
) -> Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata,
    F: Fn(aws_sdk_s3::Client) -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
{
    let client = |r: Option<String>| r.map_or_else(|| provider.s3(), |r| provider.s3_in(&r));
    let current = region.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match op(client(current.clone())).await {
        Err(err) => match redirect_region(&err) {
            Some(found) if Some(&found) != current.as_ref() => {
                tracing::info!(region = %found, "retrying in the bucket's region after a redirect");
                *region.lock().unwrap_or_else(PoisonError::into_inner) = Some(found.clone());
                op(client(Some(found))).await
            }
            _ => Err(err),
        },
        ok => ok,
    }
}

fn map_bucket_error(bucket: &str, error: AwsError) -> S3Error {
    if error.code.as_deref() == Some("NoSuchBucket") {
        S3Error::BucketNotFound { bucket: bucket.to_owned() }
    } else {
        S3Error::Aws(error)
    }
}

/// Lists one level under `prefix` in `bucket` (delimiter `/`), a page at a
/// time: folders and objects as S3 returns them, keys decoded. `region` is the
/// bucket's region if known; a redirect is followed once either way.
#[must_use]
pub fn list_objects(bucket: &str, prefix: &str, region: Option<&str>, provider: &AwsProvider) -> Pages<Entry, S3Error> {
    let provider = provider.clone();
    let bucket = bucket.to_owned();
    let prefix = prefix.to_owned();
    let region = Arc::new(Mutex::new(region.map(str::to_owned)));
    Pages::new(move |token, page| {
        let (provider, bucket, prefix, region) = (provider.clone(), bucket.clone(), prefix.clone(), region.clone());
        async move {
            let resource = format!("s3://{bucket}/{prefix}");
            let call = Call { service: "s3", operation: "ListObjectsV2", resource: &resource };
            let started = Instant::now();
            let result = in_bucket_region(&provider, &region, |client| {
                client
                    .list_objects_v2()
                    .bucket(&bucket)
                    .prefix(&prefix)
                    .delimiter("/")
                    .encoding_type(aws_sdk_s3::types::EncodingType::Url)
                    .max_keys(provider.page_sizes().s3)
                    .set_continuation_token(token.clone())
                    .send()
            })
            .await;
            match result {
                Ok(out) => {
                    let url = out.encoding_type().is_some();
                    let decode = |raw: &str| if url { decode_key(raw) } else { raw.to_owned() };
                    let mut entries: Vec<Entry> = out
                        .common_prefixes()
                        .iter()
                        .filter_map(|p| p.prefix())
                        .map(|p| Entry::Folder(decode(p)))
                        .collect();
                    entries.extend(out.contents().iter().map(|o| {
                        Entry::Object(ObjectEntry {
                            key: decode(o.key().unwrap_or_default()),
                            size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                            last_modified: o.last_modified().and_then(to_offset_date_time),
                            storage_class: StorageClass::parse(o.storage_class().map(|c| c.as_str())),
                        })
                    }));
                    let next = out.next_continuation_token().map(str::to_owned);
                    log_page(call, page, entries.len(), next.is_some(), started);
                    Ok((entries, next))
                }
                Err(err) => {
                    let error = provider.error(call, &err);
                    log_failure(call, page, &error, started);
                    Err(map_bucket_error(&bucket, error))
                }
            }
        }
        .boxed()
    })
}

/// HeadBucket as a status: exists with access, exists without, or missing.
/// Other failures (network, expired credentials) are errors.
///
/// # Errors
/// Anything but 200, 403 and 404.
pub async fn bucket_status(
    bucket: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<BucketStatus, S3Error> {
    let resource = format!("s3://{bucket}");
    let call = Call { service: "s3", operation: "HeadBucket", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    match in_bucket_region(provider, &region, |client| client.head_bucket().bucket(bucket).send()).await {
        Ok(_) => {
            log_page(call, 1, 1, false, started);
            Ok(BucketStatus::ExistsHaveAccess)
        }
        Err(err) => {
            let status = match &err {
                SdkError::ServiceError(e) => e.raw().status().as_u16(),
                _ => 0,
            };
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            match status {
                403 => Ok(BucketStatus::ExistsNoAccess),
                404 => Ok(BucketStatus::DoesNotExist),
                _ => Err(S3Error::Aws(error)),
            }
        }
    }
}

fn object_error(bucket: &str, key: &str, error: AwsError) -> S3Error {
    match error.code.as_deref() {
        Some("NoSuchKey" | "NotFound") => S3Error::ObjectNotFound { bucket: bucket.to_owned(), key: key.to_owned() },
        _ => map_bucket_error(bucket, error),
    }
}

/// HeadObject: size, dates, encryption, metadata of one object.
///
/// # Errors
/// [`S3Error::ObjectNotFound`] when it is gone; other failures classified.
pub async fn object_detail(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<ObjectDetail, S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "HeadObject", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    match in_bucket_region(provider, &region, |client| client.head_object().bucket(bucket).key(key).send()).await {
        Ok(out) => {
            log_page(call, 1, 1, false, started);
            let mut metadata: Vec<(String, String)> =
                out.metadata().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
            metadata.sort();
            Ok(ObjectDetail {
                size: out.content_length().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                last_modified: out.last_modified().and_then(to_offset_date_time),
                etag: out.e_tag().map(str::to_owned),
                storage_class: out.storage_class().map(|c| c.as_str().to_owned()),
                content_type: out.content_type().map(str::to_owned),
                content_encoding: out.content_encoding().map(str::to_owned),
                encryption: out.server_side_encryption().map(|e| e.as_str().to_owned()),
                kms_key_id: out.ssekms_key_id().map(str::to_owned),
                version_id: out.version_id().map(str::to_owned),
                metadata,
            })
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            Err(object_error(bucket, key, error))
        }
    }
}

/// GetObjectTagging: the object's tags, sorted by key.
///
/// # Errors
/// Classified failures (AccessDenied is common and harmless here).
pub async fn object_tags(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<Vec<(String, String)>, S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "GetObjectTagging", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    match in_bucket_region(provider, &region, |client| client.get_object_tagging().bucket(bucket).key(key).send()).await
    {
        Ok(out) => {
            let mut tags: Vec<(String, String)> =
                out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
            tags.sort();
            log_page(call, 1, tags.len(), false, started);
            Ok(tags)
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            Err(object_error(bucket, key, error))
        }
    }
}

/// Whether versioning is (or was) on for `bucket` (GetBucketVersioning).
///
/// # Errors
/// Classified failures.
pub async fn is_versioned(bucket: &str, region: Option<&str>, provider: &AwsProvider) -> Result<bool, S3Error> {
    let resource = format!("s3://{bucket}");
    let call = Call { service: "s3", operation: "GetBucketVersioning", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    match in_bucket_region(provider, &region, |client| client.get_bucket_versioning().bucket(bucket).send()).await {
        Ok(out) => {
            log_page(call, 1, 1, false, started);
            Ok(out.status().is_some())
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            Err(map_bucket_error(bucket, error))
        }
    }
}

/// Every version of `key` (ListObjectVersions with the key as prefix, kept to
/// exact matches), a page at a time.
#[must_use]
pub fn object_versions(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Pages<ObjectVersion, S3Error> {
    let provider = provider.clone();
    let (bucket, key) = (bucket.to_owned(), key.to_owned());
    let region = Arc::new(Mutex::new(region.map(str::to_owned)));
    Pages::new(move |token, page| {
        let (provider, bucket, key, region) = (provider.clone(), bucket.clone(), key.clone(), region.clone());
        async move {
            let resource = format!("s3://{bucket}/{key}");
            let call = Call { service: "s3", operation: "ListObjectVersions", resource: &resource };
            let started = Instant::now();
            // The token is "key-marker version-id-marker", joined by a newline.
            let (key_marker, version_marker) = match token.as_deref().and_then(|t| t.split_once('\n')) {
                Some((k, v)) => (Some(k.to_owned()), Some(v.to_owned()).filter(|v| !v.is_empty())),
                None => (None, None),
            };
            let result = in_bucket_region(&provider, &region, |client| {
                client
                    .list_object_versions()
                    .bucket(&bucket)
                    .prefix(&key)
                    .set_key_marker(key_marker.clone())
                    .set_version_id_marker(version_marker.clone())
                    .send()
            })
            .await;
            match result {
                Ok(out) => {
                    let mut versions: Vec<ObjectVersion> = out
                        .versions()
                        .iter()
                        .filter(|v| v.key() == Some(key.as_str()))
                        .map(|v| ObjectVersion {
                            version_id: v.version_id().unwrap_or("null").to_owned(),
                            is_latest: v.is_latest().unwrap_or(false),
                            delete_marker: false,
                            size: v.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
                            last_modified: v.last_modified().and_then(to_offset_date_time),
                        })
                        .collect();
                    versions.extend(out.delete_markers().iter().filter(|m| m.key() == Some(key.as_str())).map(|m| {
                        ObjectVersion {
                            version_id: m.version_id().unwrap_or("null").to_owned(),
                            is_latest: m.is_latest().unwrap_or(false),
                            delete_marker: true,
                            size: 0,
                            last_modified: m.last_modified().and_then(to_offset_date_time),
                        }
                    }));
                    versions.sort_by_key(|v| std::cmp::Reverse(v.last_modified));
                    let next = if out.is_truncated() == Some(true) {
                        let k = out.next_key_marker().unwrap_or_default();
                        let v = out.next_version_id_marker().unwrap_or_default();
                        // Past our key there is nothing more of ours.
                        (k == key).then(|| format!("{k}\n{v}"))
                    } else {
                        None
                    };
                    log_page(call, page, versions.len(), next.is_some(), started);
                    Ok((versions, next))
                }
                Err(err) => {
                    let error = provider.error(call, &err);
                    log_failure(call, page, &error, started);
                    Err(map_bucket_error(&bucket, error))
                }
            }
        }
        .boxed()
    })
}

/// The first [`PREVIEW_BYTES`] of an object (a ranged GetObject).
///
/// # Errors
/// [`S3Error::ObjectNotFound`] when it is gone; other failures classified.
pub async fn object_head_bytes(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<Vec<u8>, S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "GetObject", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    let range = format!("bytes=0-{}", PREVIEW_BYTES - 1);
    match in_bucket_region(provider, &region, |client| client.get_object().bucket(bucket).key(key).range(&range).send())
        .await
    {
        Ok(out) => {
            let bytes = out.body.collect().await.map_err(|e| {
                S3Error::Aws(AwsError::internal("GetObject", &resource, &format!("the download was cut off: {e}")))
            })?;
            let mut bytes = bytes.to_vec();
            // A server that ignores Range sends everything; keep only the preview.
            bytes.truncate(usize::try_from(PREVIEW_BYTES).unwrap_or(usize::MAX));
            log_page(call, 1, bytes.len(), false, started);
            Ok(bytes)
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            if error.code.as_deref() == Some("InvalidRange") {
                return Ok(Vec::new());
            }
            Err(object_error(bucket, key, error))
        }
    }
}

/// Opens an object for streaming (GetObject): its length if known, and the body.
///
/// # Errors
/// [`S3Error::ObjectNotFound`] when it is gone; other failures classified.
pub async fn open_object(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<(Option<u64>, aws_sdk_s3::primitives::ByteStream), S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "GetObject", resource: &resource };
    let started = Instant::now();
    let region = Mutex::new(region.map(str::to_owned));
    match in_bucket_region(provider, &region, |client| client.get_object().bucket(bucket).key(key).send()).await {
        Ok(out) => {
            log_page(call, 1, 1, false, started);
            Ok((out.content_length().and_then(|n| u64::try_from(n).ok()), out.body))
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            Err(object_error(bucket, key, error))
        }
    }
}

/// The process umask. There is no way to read it without setting it, so it is
/// set and put back at once.
fn current_umask() -> u32 {
    // SAFETY: umask only swaps the process file-creation mask; it cannot fail.
    let mask = unsafe { libc::umask(0o022) };
    // SAFETY: as above, restoring the value just read.
    unsafe { libc::umask(mask) };
    mask
}

/// Downloads `key` to `path`: streams into a temporary file beside `path` and
/// renames it into place only when every byte has arrived. A failure or a
/// cancel (dropping the future) leaves no partial file behind. Without
/// `overwrite`, an existing `path` is never replaced. `progress` is called with
/// (bytes so far, total if known) as data arrives.
///
/// # Errors
/// [`S3Error::DestinationExists`], [`S3Error::LocalFile`], or the S3 failure.
pub async fn download_object(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    path: &std::path::Path,
    overwrite: bool,
    provider: &AwsProvider,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<u64, S3Error> {
    use std::io::Write;
    let local =
        |e: &dyn std::fmt::Display| S3Error::LocalFile { path: path.display().to_string(), message: e.to_string() };
    if !overwrite && path.exists() {
        return Err(S3Error::DestinationExists { path: path.display().to_string() });
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => std::path::PathBuf::from("."),
    };
    let mut partial =
        tempfile::Builder::new().prefix(".awscope-").suffix(".part").tempfile_in(&dir).map_err(|e| local(&e))?;
    let (total, mut body) = open_object(bucket, key, region, provider).await?;
    let mut written: u64 = 0;
    progress(0, total);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            S3Error::Aws(AwsError::internal(
                "GetObject",
                &format!("s3://{bucket}/{key}"),
                &format!("the download was cut off: {e}"),
            ))
        })?;
        partial.write_all(&chunk).map_err(|e| local(&e))?;
        written += chunk.len() as u64;
        progress(written, total);
    }
    partial.as_file().sync_all().map_err(|e| local(&e))?;
    // The temporary file is private (0600); the finished download gets the
    // mode any new file of the user's would (0666 less the umask).
    {
        use std::os::unix::fs::PermissionsExt;
        partial
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o666 & !current_umask()))
            .map_err(|e| local(&e))?;
    }
    if overwrite {
        partial.persist(path).map_err(|e| local(&e.error))?;
    } else {
        partial.persist_noclobber(path).map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => S3Error::DestinationExists { path: path.display().to_string() },
            _ => local(&e.error),
        })?;
    }
    tracing::info!(bucket, bytes = written, "download complete");
    Ok(written)
}
