//! Inside a bucket: prefix listings, an object's details, tags, versions and
//! bytes. Every call goes to the bucket's region, following a redirect once.

use std::sync::{Arc, Mutex};

use futures_util::FutureExt;

use super::region::in_bucket_region;
use super::{
    BucketStatus, Entry, ObjectDetail, ObjectEntry, ObjectVersion, PREVIEW_BYTES, S3Error, StorageClass,
    map_bucket_error, object_error,
};
use crate::aws::call::Answer;
use crate::aws::error::{AwsError, Call};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;
use crate::aws::time::to_offset_date_time;

fn decode_key(raw: &str) -> String {
    // ListObjectsV2 with encoding-type=url encodes keys as a form would:
    // spaces as `+`, everything else unsafe as %XX.
    let spaced = raw.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// A listed object as awscope keeps it, its key decoded when the listing
/// asked for URL encoding (`url`).
pub(super) fn object_entry(o: &aws_sdk_s3::types::Object, url: bool) -> ObjectEntry {
    let raw = o.key().unwrap_or_default();
    ObjectEntry {
        key: if url { decode_key(raw) } else { raw.to_owned() },
        size: o.size().and_then(|s| u64::try_from(s).ok()).unwrap_or(0),
        last_modified: o.last_modified().and_then(to_offset_date_time),
        storage_class: StorageClass::parse(o.storage_class().map(|c| c.as_str())),
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
            let request = in_bucket_region(&provider, &region, |client| {
                client
                    .list_objects_v2()
                    .bucket(&bucket)
                    .prefix(&prefix)
                    .delimiter("/")
                    .encoding_type(aws_sdk_s3::types::EncodingType::Url)
                    .max_keys(provider.page_sizes().s3)
                    .set_continuation_token(token.clone())
                    .send()
            });
            provider
                .send(call, page, request, |out| {
                    let url = out.encoding_type().is_some();
                    let decode = |raw: &str| if url { decode_key(raw) } else { raw.to_owned() };
                    let mut entries: Vec<Entry> = out
                        .common_prefixes()
                        .iter()
                        .filter_map(|p| p.prefix())
                        .map(|p| Entry::Folder(decode(p)))
                        .collect();
                    entries.extend(out.contents().iter().map(|o| Entry::Object(object_entry(o, url))));
                    Answer::page(entries, out.next_continuation_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| map_bucket_error(&bucket, failed.error))
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
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| client.head_bucket().bucket(bucket).send());
    match provider.send(call, 1, request, |_| Answer::one(BucketStatus::ExistsHaveAccess)).await {
        Ok(status) => Ok(status),
        Err(failed) => match failed.service_status() {
            Some(403) => Ok(BucketStatus::ExistsNoAccess),
            Some(404) => Ok(BucketStatus::DoesNotExist),
            _ => Err(S3Error::Aws(failed.error)),
        },
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
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| client.head_object().bucket(bucket).key(key).send());
    provider
        .send(call, 1, request, |out| {
            let mut metadata: Vec<(String, String)> =
                out.metadata().map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default();
            metadata.sort();
            Answer::one(ObjectDetail {
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
        })
        .await
        .map_err(|failed| object_error(bucket, key, failed.error))
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
    let region = Mutex::new(region.map(str::to_owned));
    let request =
        in_bucket_region(provider, &region, |client| client.get_object_tagging().bucket(bucket).key(key).send());
    provider
        .send(call, 1, request, |out| {
            let mut tags: Vec<(String, String)> =
                out.tag_set().iter().map(|t| (t.key().to_owned(), t.value().to_owned())).collect();
            tags.sort();
            let count = tags.len();
            Answer::counted(tags, count, false)
        })
        .await
        .map_err(|failed| object_error(bucket, key, failed.error))
}

/// Whether versioning is (or was) on for `bucket` (GetBucketVersioning).
///
/// # Errors
/// Classified failures.
pub async fn is_versioned(bucket: &str, region: Option<&str>, provider: &AwsProvider) -> Result<bool, S3Error> {
    let resource = format!("s3://{bucket}");
    let call = Call { service: "s3", operation: "GetBucketVersioning", resource: &resource };
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| client.get_bucket_versioning().bucket(bucket).send());
    provider
        .send(call, 1, request, |out| Answer::one(out.status().is_some()))
        .await
        .map_err(|failed| map_bucket_error(bucket, failed.error))
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
            // The token is "key-marker version-id-marker", joined by a newline.
            let (key_marker, version_marker) = match token.as_deref().and_then(|t| t.split_once('\n')) {
                Some((k, v)) => (Some(k.to_owned()), Some(v.to_owned()).filter(|v| !v.is_empty())),
                None => (None, None),
            };
            let request = in_bucket_region(&provider, &region, |client| {
                client
                    .list_object_versions()
                    .bucket(&bucket)
                    .prefix(&key)
                    .set_key_marker(key_marker.clone())
                    .set_version_id_marker(version_marker.clone())
                    .send()
            });
            provider
                .send(call, page, request, |out| {
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
                    Answer::page(versions, next)
                })
                .await
                .map_err(|failed| map_bucket_error(&bucket, failed.error))
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
    let region = Mutex::new(region.map(str::to_owned));
    let range = format!("bytes=0-{}", PREVIEW_BYTES - 1);
    // The body is read as part of the call, so the page logged counts the
    // bytes that arrived, and the time it took.
    let request = async {
        let out = in_bucket_region(provider, &region, |client| {
            client.get_object().bucket(bucket).key(key).range(&range).send()
        })
        .await?;
        Ok(out.body.collect().await)
    };
    let answered = provider.send(call, 1, request, |body| match body {
        Ok(bytes) => {
            let mut bytes = bytes.to_vec();
            // A server that ignores Range sends everything; keep only the preview.
            bytes.truncate(usize::try_from(PREVIEW_BYTES).unwrap_or(usize::MAX));
            let count = bytes.len();
            Answer::counted(Ok(bytes), count, false)
        }
        Err(e) => Answer::unlogged(Err(S3Error::Aws(AwsError::internal(
            "GetObject",
            &resource,
            &format!("the download was cut off: {e}"),
        )))),
    });
    match answered.await {
        Ok(bytes) => bytes,
        Err(failed) if failed.error.code.as_deref() == Some("InvalidRange") => Ok(Vec::new()),
        Err(failed) => Err(object_error(bucket, key, failed.error)),
    }
}

/// Opens an object (or one version of it) for streaming (GetObject): its
/// length if known, and the body.
///
/// # Errors
/// [`S3Error::ObjectNotFound`] when it is gone; other failures classified.
pub async fn open_object(
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<(Option<u64>, aws_sdk_s3::primitives::ByteStream), S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "GetObject", resource: &resource };
    let region = Mutex::new(region.map(str::to_owned));
    let request = in_bucket_region(provider, &region, |client| {
        client.get_object().bucket(bucket).key(key).set_version_id(version_id.map(str::to_owned)).send()
    });
    provider
        .send(call, 1, request, |out| Answer::one((out.content_length().and_then(|n| u64::try_from(n).ok()), out.body)))
        .await
        .map_err(|failed| object_error(bucket, key, failed.error))
}
