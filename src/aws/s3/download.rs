//! Downloading an object to a local file, all or nothing.

use super::{S3Error, open_object};
use crate::aws::error::AwsError;
use crate::aws::provider::AwsProvider;

/// The process umask. There is no way to read it without setting it, so it is
/// set and put back at once.
fn current_umask() -> u32 {
    // SAFETY: umask only swaps the process file-creation mask; it cannot fail.
    let mask = unsafe { libc::umask(0o022) };
    // SAFETY: as above, restoring the value just read.
    unsafe { libc::umask(mask) };
    mask
}

/// Downloads `key` (or one version of it) to `path`: streams into a temporary file beside `path` and
/// renames it into place only when every byte has arrived. A failure or a
/// cancel (dropping the future) leaves no partial file behind. Without
/// `overwrite`, an existing `path` is never replaced. `progress` is called with
/// (bytes so far, total if known) as data arrives.
///
/// # Errors
/// [`S3Error::DestinationExists`], [`S3Error::LocalFile`], or the S3 failure.
#[allow(clippy::too_many_arguments, reason = "one download's every input, named")]
pub async fn download_object(
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
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
    let (total, mut body) = open_object(bucket, key, version_id, region, provider).await?;
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
