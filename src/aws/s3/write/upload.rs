//! Uploading one local file: PutObject, or a multipart upload whose parts
//! are read from the file by ranges and sent a few at a time. A multipart
//! upload that does not complete is aborted, also when the future is dropped.
//!
//! Built on the SDK's own operations, so that the completion is conditional
//! (`If-None-Match: *` on CompleteMultipartUpload) and the abort on a cancel
//! is in our hands.

use std::path::Path;
use std::sync::{Mutex, PoisonError};

use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::{
    MULTIPART_THRESHOLD, Overwrite, PART_SIZE, TRANSFERS_IN_FLIGHT, Written, content_type_for, precondition_failed,
    transfer_limits,
};
use crate::aws::call::Answer;
use crate::aws::error::{AwsError, Call};
use crate::aws::provider::AwsProvider;
use crate::aws::s3::region::in_bucket_region;
use crate::aws::s3::{S3Error, map_bucket_error};

/// The most parts a multipart upload may have.
const MAX_PARTS: u64 = 10_000;

/// The part size for an object of `size` bytes: [`PART_SIZE`], grown by
/// whole MiB so that no more than [`MAX_PARTS`] are needed.
pub(super) fn part_size_for(size: u64, at_least: u64) -> u64 {
    const MIB: u64 = 1024 * 1024;
    let needed = size.div_ceil(MAX_PARTS).div_ceil(MIB) * MIB;
    needed.max(at_least)
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
/// [`S3Error::LocalRead`] when the file cannot be read, or the S3 failure.
pub async fn upload_file(
    bucket: &str,
    key: &str,
    region: Option<&str>,
    path: &Path,
    overwrite: Overwrite,
    provider: &AwsProvider,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Written, S3Error> {
    let unreadable =
        |e: &dyn std::fmt::Display| S3Error::LocalRead { path: path.display().to_string(), message: e.to_string() };
    let size = tokio::fs::metadata(path).await.map_err(|e| unreadable(&e))?.len();
    let content_type = content_type_for(path);
    let region = Mutex::new(region.map(str::to_owned));
    let written = if size < MULTIPART_THRESHOLD {
        put_whole(bucket, key, &region, path, size, &content_type, overwrite, provider).await?
    } else {
        let upload = Upload { bucket, key, region: &region, path, size, provider };
        upload.multipart(&content_type, overwrite, progress).await?
    };
    if let Written::Done { bytes } = written
        && size < MULTIPART_THRESHOLD
    {
        progress(bytes);
    }
    Ok(written)
}

/// The file's bytes `offset..offset + length`, streamed from disk (or what
/// the file system said).
async fn file_range(path: &Path, offset: u64, length: u64) -> Result<ByteStream, String> {
    ByteStream::read_from()
        .path(path)
        .offset(offset)
        .length(Length::Exact(length))
        .build()
        .await
        .map_err(|e| e.to_string())
}

fn unreadable(path: &Path, message: String) -> S3Error {
    S3Error::LocalRead { path: path.display().to_string(), message }
}

#[allow(clippy::too_many_arguments, reason = "one call's every input, named")]
async fn put_whole(
    bucket: &str,
    key: &str,
    region: &Mutex<Option<String>>,
    path: &Path,
    size: u64,
    content_type: &str,
    overwrite: Overwrite,
    provider: &AwsProvider,
) -> Result<Written, S3Error> {
    let resource = format!("s3://{bucket}/{key}");
    let call = Call { service: "s3", operation: "PutObject", resource: &resource };
    // The body is read again from the file on a retry, or on a redirect.
    let request = in_bucket_region(provider, region, |client| {
        let condition = (overwrite == Overwrite::Never).then(|| "*".to_owned());
        async move {
            let body = match file_range(path, 0, size).await {
                Ok(body) => body,
                Err(e) => return Ok(Err(e)),
            };
            client
                .put_object()
                .bucket(bucket)
                .key(key)
                .content_type(content_type)
                .set_if_none_match(condition)
                .body(body)
                .customize()
                .config_override(transfer_limits(provider))
                .send()
                .await
                .map(|_| Ok(()))
        }
    });
    match provider.send(call, 1, request, Answer::one).await {
        Ok(Ok(())) => Ok(Written::Done { bytes: size }),
        Ok(Err(message)) => Err(unreadable(path, message)),
        Err(failed) if overwrite == Overwrite::Never && precondition_failed(&failed) => Ok(Written::Exists),
        Err(failed) => Err(map_bucket_error(bucket, failed.error)),
    }
}

/// One multipart upload of one file.
struct Upload<'a> {
    bucket: &'a str,
    key: &'a str,
    region: &'a Mutex<Option<String>>,
    path: &'a Path,
    size: u64,
    provider: &'a AwsProvider,
}

impl Upload<'_> {
    fn resource(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }

    async fn multipart(
        &self,
        content_type: &str,
        overwrite: Overwrite,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<Written, S3Error> {
        let (bucket, key, provider) = (self.bucket, self.key, self.provider);
        let resource = self.resource();
        let call = Call { service: "s3", operation: "CreateMultipartUpload", resource: &resource };
        let request = in_bucket_region(provider, self.region, |client| {
            client.create_multipart_upload().bucket(bucket).key(key).content_type(content_type).send()
        });
        let upload_id = provider
            .send(call, 1, request, |out| Answer::one(out.upload_id().map(str::to_owned)))
            .await
            .map_err(|failed| map_bucket_error(bucket, failed.error))?
            .ok_or_else(|| {
                S3Error::Aws(AwsError::internal("CreateMultipartUpload", &resource, "S3 gave no upload id"))
            })?;
        let region = self.region.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let guard = AbortOnDrop {
            upload: Some(Started {
                provider: provider.clone(),
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                region,
                upload_id: upload_id.clone(),
            }),
        };
        let outcome = self.send_parts_and_complete(&upload_id, overwrite, progress).await;
        guard.settle(outcome).await
    }

    async fn send_parts_and_complete(
        &self,
        upload_id: &str,
        overwrite: Overwrite,
        progress: &(dyn Fn(u64) + Send + Sync),
    ) -> Result<Written, S3Error> {
        let (bucket, key, provider) = (self.bucket, self.key, self.provider);
        let part_size = part_size_for(self.size, PART_SIZE);
        let count = self.size.div_ceil(part_size);
        let resource = self.resource();
        let mut parts: Vec<CompletedPart> = stream::iter(0..count)
            .map(|index| {
                let resource = &resource;
                async move {
                    let offset = index * part_size;
                    let length = part_size.min(self.size - offset);
                    let number = i32::try_from(index + 1).unwrap_or(i32::MAX);
                    let call = Call { service: "s3", operation: "UploadPart", resource };
                    let request = in_bucket_region(provider, self.region, |client| async move {
                        let body = match file_range(self.path, offset, length).await {
                            Ok(body) => body,
                            Err(e) => return Ok(Err(e)),
                        };
                        client
                            .upload_part()
                            .bucket(bucket)
                            .key(key)
                            .upload_id(upload_id)
                            .part_number(number)
                            .body(body)
                            .customize()
                            .config_override(transfer_limits(provider))
                            .send()
                            .await
                            .map(Ok)
                    });
                    let out = provider
                        .send(call, number.unsigned_abs(), request, Answer::one)
                        .await
                        .map_err(|failed| map_bucket_error(bucket, failed.error))?
                        .map_err(|message| unreadable(self.path, message))?;
                    progress(length);
                    Ok::<_, S3Error>(
                        CompletedPart::builder().part_number(number).set_e_tag(out.e_tag().map(str::to_owned)).build(),
                    )
                }
            })
            .buffer_unordered(TRANSFERS_IN_FLIGHT)
            .try_collect()
            .await?;
        parts.sort_by_key(|p| p.part_number());
        let call = Call { service: "s3", operation: "CompleteMultipartUpload", resource: &resource };
        let completed = CompletedMultipartUpload::builder().set_parts(Some(parts)).build();
        let request = in_bucket_region(provider, self.region, |client| {
            client
                .complete_multipart_upload()
                .bucket(bucket)
                .key(key)
                .upload_id(upload_id)
                .multipart_upload(completed.clone())
                .set_if_none_match((overwrite == Overwrite::Never).then(|| "*".to_owned()))
                .send()
        });
        match provider.send(call, 1, request, |_| Answer::one(())).await {
            Ok(()) => Ok(Written::Done { bytes: self.size }),
            Err(failed) if overwrite == Overwrite::Never && precondition_failed(&failed) => Ok(Written::Exists),
            Err(failed) => Err(map_bucket_error(bucket, failed.error)),
        }
    }
}

/// A multipart upload that was started and may need aborting.
pub(super) struct Started {
    pub(super) provider: AwsProvider,
    pub(super) bucket: String,
    pub(super) key: String,
    pub(super) region: Option<String>,
    pub(super) upload_id: String,
}

impl Started {
    /// AbortMultipartUpload; a failure is logged (there is nobody left to tell).
    pub(super) async fn abort(self) {
        let resource = format!("s3://{}/{}", self.bucket, self.key);
        let call = Call { service: "s3", operation: "AbortMultipartUpload", resource: &resource };
        let region = Mutex::new(self.region.clone());
        let request = in_bucket_region(&self.provider, &region, |client| {
            client.abort_multipart_upload().bucket(&self.bucket).key(&self.key).upload_id(&self.upload_id).send()
        });
        match self.provider.send(call, 1, request, |_| Answer::one(())).await {
            Ok(()) => tracing::info!(bucket = %self.bucket, "aborted an unfinished multipart upload"),
            Err(failed) => {
                tracing::warn!(bucket = %self.bucket, error = %failed.error, "could not abort a multipart upload");
            }
        }
    }
}

/// Aborts the multipart upload it holds when dropped (a cancelled future):
/// the abort runs as its own task on the current tokio runtime.
pub(super) struct AbortOnDrop {
    pub(super) upload: Option<Started>,
}

impl AbortOnDrop {
    /// Settles the upload once its parts are done: a completed upload needs
    /// nothing more; otherwise it is aborted now, before answering, so that a
    /// caller that lists uploads next finds none.
    pub(super) async fn settle(mut self, outcome: Result<Written, S3Error>) -> Result<Written, S3Error> {
        let started = self.upload.take();
        if !matches!(outcome, Ok(Written::Done { .. }))
            && let Some(started) = started
        {
            started.abort().await;
        }
        outcome
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        let Some(started) = self.upload.take() else { return };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(started.abort());
            }
            Err(_) => {
                tracing::warn!(bucket = %started.bucket, "a multipart upload was left unfinished: no runtime to abort it")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_grow_so_that_ten_thousand_are_enough() {
        assert_eq!(part_size_for(20 * 1024 * 1024, PART_SIZE), PART_SIZE);
        let huge = 5 * 1024 * 1024 * 1024 * 1024_u64;
        let size = part_size_for(huge, PART_SIZE);
        assert!(huge.div_ceil(size) <= MAX_PARTS);
        assert_eq!(size % (1024 * 1024), 0);
    }
}
