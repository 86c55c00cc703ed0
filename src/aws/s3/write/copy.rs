//! Server-side copies: CopyObject, or UploadPartCopy ranges above
//! [`COPY_OBJECT_LIMIT`], and the check a move makes before deleting its
//! source.

use std::sync::{Mutex, PoisonError};

use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, MetadataDirective, TaggingDirective};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::upload::{AbortOnDrop, Started, part_size_for};
use super::{COPY_OBJECT_LIMIT, CopySpec, Overwrite, TRANSFERS_IN_FLIGHT, Written, precondition_failed};
use crate::aws::call::Answer;
use crate::aws::error::{AwsError, Call};
use crate::aws::provider::AwsProvider;
use crate::aws::s3::region::in_bucket_region;
use crate::aws::s3::{S3Error, map_bucket_error, object_error};

/// The part size of a multipart copy (grown so an object needs at most 10,000).
const COPY_PART_SIZE: u64 = 512 * 1024 * 1024;

/// The smallest part S3 takes (all but the last).
const MIN_PART_SIZE: u64 = 5 * 1024 * 1024;

/// What `x-amz-copy-source` leaves as it is: unreserved characters and `/`.
const COPY_SOURCE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// `bucket/key[?versionId=..]`, URL-encoded, as `x-amz-copy-source` wants it.
fn copy_source(spec: &CopySpec) -> String {
    let mut source = utf8_percent_encode(&format!("{}/{}", spec.from_bucket, spec.from_key), COPY_SOURCE).to_string();
    if let Some(version) = &spec.from_version {
        source.push_str("?versionId=");
        source.extend(utf8_percent_encode(version, NON_ALPHANUMERIC));
    }
    source
}

fn source_resource(spec: &CopySpec) -> String {
    match &spec.from_version {
        Some(v) => format!("s3://{}/{}?versionId={v}", spec.from_bucket, spec.from_key),
        None => format!("s3://{}/{}", spec.from_bucket, spec.from_key),
    }
}

/// What HeadObject says of an object that a copy needs.
#[derive(Debug)]
struct Head {
    size: u64,
    etag: Option<String>,
    content_type: Option<String>,
    metadata: Option<std::collections::HashMap<String, String>>,
    /// SSE-KMS and SSE-C objects have ETags that are not an MD5 of the
    /// bytes: a copy's differs even when the bytes are the same.
    opaque_etag: bool,
}

/// HeadObject of `key` (or one version): `None` when there is no such object.
async fn head(
    bucket: &str,
    key: &str,
    version: Option<&str>,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<Option<Head>, S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "HeadObject", resource: &resource };
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| {
        client.head_object().bucket(bucket).key(key).set_version_id(version.map(str::to_owned)).send()
    });
    let answer = provider.send(call, 1, request, |out| {
        let opaque_etag = out.sse_customer_algorithm().is_some()
            || out.server_side_encryption().is_some_and(|e| e.as_str().starts_with("aws:kms"));
        Answer::one(Head {
            size: out.content_length().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
            etag: out.e_tag().map(str::to_owned),
            content_type: out.content_type().map(str::to_owned),
            metadata: out.metadata().cloned(),
            opaque_etag,
        })
    });
    match answer.await {
        Ok(head) => Ok(Some(head)),
        Err(failed) if failed.service_status() == Some(404) => {
            // A missing bucket is an error; a missing key is an answer.
            match failed.error.code.as_deref() {
                Some("NoSuchBucket") => Err(map_bucket_error(bucket, failed.error)),
                _ => Ok(None),
            }
        }
        Err(failed) => Err(object_error(bucket, key, failed.error)),
    }
}

/// Copies one object server-side, metadata, content type and tags kept:
/// CopyObject up to [`COPY_OBJECT_LIMIT`], a multipart copy (UploadPartCopy)
/// above it. With [`Overwrite::Never`] an existing destination is left alone
/// ([`Written::Exists`]): the destination is checked with HeadObject just
/// before, and the write itself carries `If-None-Match: *`. S3 honours that
/// condition; an endpoint that ignores it on CopyObject (moto does) leaves a
/// race: a key created between the check and the copy is replaced. The
/// multipart copy's completion is conditional everywhere it is supported.
/// `progress` gets the bytes just copied.
///
/// # Errors
/// The S3 failure (the source gone, access denied on either side, …).
pub async fn copy_object(
    spec: &CopySpec,
    overwrite: Overwrite,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    if spec.size > COPY_OBJECT_LIMIT {
        let part_size = part_size_for(spec.size, COPY_PART_SIZE);
        return copy_object_in_parts(spec, overwrite, part_size, provider, progress).await;
    }
    if overwrite == Overwrite::Never
        && head(&spec.to_bucket, &spec.to_key, None, spec.to_region.as_deref(), provider).await?.is_some()
    {
        return Ok(Written::Exists);
    }
    let resource = format!("s3://{}/{}", spec.to_bucket, spec.to_key);
    let call = Call { service: "s3", operation: "CopyObject", resource: &resource };
    let region = Mutex::new(spec.to_region.clone());
    let source = copy_source(spec);
    let request = in_bucket_region(provider, &region, |client| {
        client
            .copy_object()
            .bucket(&spec.to_bucket)
            .key(&spec.to_key)
            .copy_source(&source)
            .metadata_directive(MetadataDirective::Copy)
            .tagging_directive(TaggingDirective::Copy)
            .set_if_none_match((overwrite == Overwrite::Never).then(|| "*".to_owned()))
            .customize()
            .config_override(super::transfer_limits(provider))
            .send()
    });
    match provider.send(call, 1, request, |_| Answer::one(())).await {
        Ok(()) => {
            progress(spec.size);
            Ok(Written::Done { bytes: spec.size })
        }
        Err(failed) if overwrite == Overwrite::Never && precondition_failed(&failed) => Ok(Written::Exists),
        Err(failed) => Err(copy_error(spec, failed.error)),
    }
}

/// Names the side a copy failed on: a missing source key, or a bucket.
fn copy_error(spec: &CopySpec, error: AwsError) -> S3Error {
    match error.code.as_deref() {
        Some("NoSuchKey") => S3Error::ObjectNotFound { bucket: spec.from_bucket.clone(), key: spec.from_key.clone() },
        Some("NoSuchBucket") => {
            // S3 does not say which bucket: the message may; else the destination.
            let bucket = if error.message.as_deref().is_some_and(|m| m.contains(&spec.from_bucket))
                && spec.from_bucket != spec.to_bucket
            {
                spec.from_bucket.clone()
            } else {
                spec.to_bucket.clone()
            };
            S3Error::BucketNotFound { bucket }
        }
        _ => S3Error::Aws(error),
    }
}

/// A multipart copy of `spec` in parts of `part_size` bytes (at least
/// 5 MiB): what [`copy_object`] does above [`COPY_OBJECT_LIMIT`]. The
/// source's content type, user metadata and tags are read (HeadObject,
/// GetObjectTagging) and given to the new object; the completion carries
/// `If-None-Match: *` with [`Overwrite::Never`]. A failure or a cancel aborts
/// the upload.
///
/// # Errors
/// The S3 failure, or a part size under 5 MiB.
pub async fn copy_object_in_parts(
    spec: &CopySpec,
    overwrite: Overwrite,
    part_size: u64,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    let resource = format!("s3://{}/{}", spec.to_bucket, spec.to_key);
    if part_size < MIN_PART_SIZE {
        let detail = format!("a copy's parts are at least 5 MiB, not {part_size} bytes");
        return Err(S3Error::Aws(AwsError::internal("UploadPartCopy", &resource, &detail)));
    }
    let from_region = spec.from_region.as_deref();
    let Some(source) =
        head(&spec.from_bucket, &spec.from_key, spec.from_version.as_deref(), from_region, provider).await?
    else {
        return Err(S3Error::ObjectNotFound { bucket: spec.from_bucket.clone(), key: spec.from_key.clone() });
    };
    if overwrite == Overwrite::Never
        && head(&spec.to_bucket, &spec.to_key, None, spec.to_region.as_deref(), provider).await?.is_some()
    {
        return Ok(Written::Exists);
    }
    let tagging = source_tags(spec, provider).await?;
    let region = Mutex::new(spec.to_region.clone());
    let call = Call { service: "s3", operation: "CreateMultipartUpload", resource: &resource };
    let request = in_bucket_region(provider, &region, |client| {
        client
            .create_multipart_upload()
            .bucket(&spec.to_bucket)
            .key(&spec.to_key)
            .set_content_type(source.content_type.clone())
            .set_metadata(source.metadata.clone())
            .set_tagging(tagging.clone())
            .send()
    });
    let upload_id = provider
        .send(call, 1, request, |out| Answer::one(out.upload_id().map(str::to_owned)))
        .await
        .map_err(|failed| map_bucket_error(&spec.to_bucket, failed.error))?
        .ok_or_else(|| S3Error::Aws(AwsError::internal("CreateMultipartUpload", &resource, "S3 gave no upload id")))?;
    let guard = AbortOnDrop {
        upload: Some(Started {
            provider: provider.clone(),
            bucket: spec.to_bucket.clone(),
            key: spec.to_key.clone(),
            region: region.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            upload_id: upload_id.clone(),
        }),
    };
    let outcome = copy_parts(spec, source.size, part_size, &upload_id, &region, overwrite, provider, progress).await;
    guard.settle(outcome).await
}

/// The source's tags as a `Tagging` header value (`None` when it has none).
async fn source_tags(spec: &CopySpec, provider: &AwsProvider) -> Result<Option<String>, S3Error> {
    let resource = source_resource(spec);
    let call = Call { service: "s3", operation: "GetObjectTagging", resource: &resource };
    let region = Mutex::new(spec.from_region.clone());
    let request = in_bucket_region(provider, &region, |client| {
        client
            .get_object_tagging()
            .bucket(&spec.from_bucket)
            .key(&spec.from_key)
            .set_version_id(spec.from_version.clone())
            .send()
    });
    let tags: Vec<(String, String)> = provider
        .send(call, 1, request, |out| {
            let tags: Vec<(String, String)> =
                out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
            let count = tags.len();
            Answer::counted(tags, count, false)
        })
        .await
        .map_err(|failed| object_error(&spec.from_bucket, &spec.from_key, failed.error))?;
    if tags.is_empty() {
        return Ok(None);
    }
    let pairs: Vec<String> = tags
        .iter()
        .map(|(k, v)| {
            format!("{}={}", utf8_percent_encode(k, NON_ALPHANUMERIC), utf8_percent_encode(v, NON_ALPHANUMERIC))
        })
        .collect();
    Ok(Some(pairs.join("&")))
}

#[allow(clippy::too_many_arguments, reason = "one copy's every input, named")]
async fn copy_parts(
    spec: &CopySpec,
    size: u64,
    part_size: u64,
    upload_id: &str,
    region: &Mutex<Option<String>>,
    overwrite: Overwrite,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    let resource = format!("s3://{}/{}", spec.to_bucket, spec.to_key);
    let source = copy_source(spec);
    let count = size.div_ceil(part_size).max(1);
    let mut parts: Vec<CompletedPart> = stream::iter(0..count)
        .map(|index| {
            let (resource, source) = (&resource, &source);
            async move {
                let first = index * part_size;
                let last = (first + part_size).min(size).saturating_sub(1);
                let number = i32::try_from(index + 1).unwrap_or(i32::MAX);
                let range = format!("bytes={first}-{last}");
                let call = Call { service: "s3", operation: "UploadPartCopy", resource };
                let request = in_bucket_region(provider, region, |client| {
                    client
                        .upload_part_copy()
                        .bucket(&spec.to_bucket)
                        .key(&spec.to_key)
                        .upload_id(upload_id)
                        .part_number(number)
                        .copy_source(source)
                        .copy_source_range(&range)
                        .customize()
                        .config_override(super::transfer_limits(provider))
                        .send()
                });
                let etag = provider
                    .send(call, number.unsigned_abs(), request, |out| {
                        Answer::one(out.copy_part_result().and_then(|r| r.e_tag()).map(str::to_owned))
                    })
                    .await
                    .map_err(|failed| copy_error(spec, failed.error))?;
                progress(last + 1 - first);
                Ok::<_, S3Error>(CompletedPart::builder().part_number(number).set_e_tag(etag).build())
            }
        })
        .buffer_unordered(TRANSFERS_IN_FLIGHT)
        .try_collect()
        .await?;
    parts.sort_by_key(|p| p.part_number());
    let call = Call { service: "s3", operation: "CompleteMultipartUpload", resource: &resource };
    let completed = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
    let request = in_bucket_region(provider, region, |client| {
        client
            .complete_multipart_upload()
            .bucket(&spec.to_bucket)
            .key(&spec.to_key)
            .upload_id(upload_id)
            .multipart_upload(completed.clone())
            .set_if_none_match((overwrite == Overwrite::Never).then(|| "*".to_owned()))
            .send()
    });
    match provider.send(call, 1, request, |_| Answer::one(())).await {
        Ok(()) => Ok(Written::Done { bytes: size }),
        Err(failed) if overwrite == Overwrite::Never && precondition_failed(&failed) => Ok(Written::Exists),
        Err(failed) => Err(map_bucket_error(&spec.to_bucket, failed.error)),
    }
}

/// Whether the copy `spec` describes arrived whole: the destination's size
/// and ETag (for single-part sources) match the source's. A move deletes its
/// source only after this says yes. (An SSE-KMS or SSE-C source's ETag is not
/// a digest of its bytes, so only the sizes are compared for those.)
///
/// # Errors
/// The S3 failure of either HeadObject.
pub async fn verify_copy(spec: &CopySpec, provider: &AwsProvider) -> Result<bool, S3Error> {
    let from_region = spec.from_region.as_deref();
    let source = head(&spec.from_bucket, &spec.from_key, spec.from_version.as_deref(), from_region, provider).await?;
    let copy = head(&spec.to_bucket, &spec.to_key, None, spec.to_region.as_deref(), provider).await?;
    let (Some(source), Some(copy)) = (source, copy) else { return Ok(false) };
    if source.size != copy.size {
        return Ok(false);
    }
    let single_part = source.etag.as_deref().is_some_and(|e| !e.contains('-'));
    Ok(!single_part || source.opaque_etag || source.etag == copy.etag)
}

/// Restores `version_id` of `key`: copies that version over the current one
/// (a new current version with its bytes, metadata and tags; the history
/// stays).
///
/// # Errors
/// [`S3Error::ObjectNotFound`] when the version is gone, or the S3 failure.
pub async fn restore_version(
    bucket: &str,
    key: &str,
    version_id: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<u64, S3Error> {
    let Some(version) = head(bucket, key, Some(version_id), region, provider).await? else {
        return Err(S3Error::ObjectNotFound {
            bucket: bucket.to_owned(),
            key: format!("{key} (version {version_id})"),
        });
    };
    let spec = CopySpec {
        from_bucket: bucket.to_owned(),
        from_key: key.to_owned(),
        from_version: Some(version_id.to_owned()),
        from_region: region.map(str::to_owned),
        size: version.size,
        to_bucket: bucket.to_owned(),
        to_key: key.to_owned(),
        to_region: region.map(str::to_owned),
    };
    copy_object(&spec, Overwrite::Always, provider, &|_| {}).await?;
    tracing::info!(bucket, bytes = version.size, "restored a version");
    Ok(version.size)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(bucket: &str, key: &str, version: Option<&str>) -> CopySpec {
        CopySpec {
            from_bucket: bucket.into(),
            from_key: key.into(),
            from_version: version.map(Into::into),
            from_region: None,
            size: 0,
            to_bucket: "b".into(),
            to_key: "k".into(),
            to_region: None,
        }
    }

    #[test]
    fn the_copy_source_is_url_encoded_but_keeps_its_slashes() {
        assert_eq!(copy_source(&spec("src", "a b/c+d?.txt", None)), "src/a%20b/c%2Bd%3F.txt");
        assert_eq!(copy_source(&spec("src", "ü/x", Some("v+1"))), "src/%C3%BC/x?versionId=v%2B1");
    }
}
