//! The S3 pane's jobs: planning (counting what a write or a tree download
//! acts on), running them with progress and cancel, path completion,
//! presigned URLs and version writes.

mod plan;
mod run;

use std::path::PathBuf;
use std::time::Duration;

use crate::app::action::Payload;
use crate::app::s3::jobs::{Completion, VersionAction};
use crate::app::s3::{ObjectRef, S3Payload};
use crate::aws::provider::AwsProvider;
use crate::aws::s3::write;
use crate::aws::s3::{self, Entry, S3Error};
use crate::runtime::loader::Sink;

pub(super) use self::plan::plan;
pub(super) use self::run::run;

/// How often a running job's progress reaches the screen.
pub(super) const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The window the rate is measured over.
pub(super) const RATE_WINDOW: Duration = Duration::from_secs(2);

/// Plan items per page sent.
pub(super) const PLAN_PAGE: usize = 1000;

/// The most candidates a completion offers.
const COMPLETIONS: usize = 200;

pub(super) fn send(sink: &Sink, payload: S3Payload, more: bool) {
    sink.send(Payload::S3(payload), more);
}

/// `key` relative to `base` (the whole key when it is not under it).
pub(super) fn relative<'a>(key: &'a str, base: &str) -> &'a str {
    key.strip_prefix(base).unwrap_or(key)
}

/// `prefix` as a prefix: `""`, or ending in `/`.
pub(super) fn as_prefix(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') { prefix.to_owned() } else { format!("{prefix}/") }
}

/// Completes a path prompt.
pub(super) async fn complete(provider: &AwsProvider, what: Completion, sink: &Sink) {
    let (typed, candidates) = match what {
        Completion::Local(typed) => {
            let text = typed.clone();
            match tokio::task::spawn_blocking(move || complete_local(&text)).await {
                Ok(candidates) => (typed, candidates),
                Err(e) => (typed, {
                    tracing::warn!(error = %e, "local completion stopped");
                    Vec::new()
                }),
            }
        }
        Completion::S3(typed) => match complete_s3(provider, &typed).await {
            Ok(candidates) => (typed, candidates),
            Err(e) => return sink.fail_service(&e),
        },
    };
    send(sink, S3Payload::Completions { typed, candidates }, false);
}

/// Entries of the typed directory whose names start with the typed file
/// part, as the text would read completed (directories end in `/`); hidden
/// ones only when a `.` was typed. Sorted, at most [`COMPLETIONS`].
fn complete_local(typed: &str) -> Vec<String> {
    let (dir_text, stem) = typed.rfind('/').map_or(("", typed), |i| (&typed[..=i], &typed[i + 1..]));
    let dir = if dir_text.is_empty() { PathBuf::from(".") } else { super::expand_home(PathBuf::from(dir_text)) };
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut found: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name.starts_with(stem) || (name.starts_with('.') && !stem.starts_with('.')) {
                return None;
            }
            // Follows a link: a link to a directory completes as one.
            let is_dir = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            Some(format!("{dir_text}{name}{}", if is_dir { "/" } else { "" }))
        })
        .collect();
    found.sort();
    found.truncate(COMPLETIONS);
    found
}

/// Buckets (until a `/` follows the bucket), then folders one level under the
/// prefix typed, as `s3://bucket/prefix/`.
async fn complete_s3(provider: &AwsProvider, typed: &str) -> Result<Vec<String>, S3Error> {
    let rest = typed.trim_start().strip_prefix("s3://").unwrap_or(typed.trim_start());
    let mut found = Vec::new();
    match rest.split_once('/') {
        None => {
            let mut pages = s3::list_buckets(provider);
            while let Some(page) = pages.next_page().await {
                found.extend(
                    page?.into_iter().filter(|b| b.name.starts_with(rest)).map(|b| format!("s3://{}/", b.name)),
                );
                if found.len() >= COMPLETIONS {
                    break;
                }
            }
        }
        Some((bucket, prefix)) => {
            let mut pages = s3::list_objects(bucket, prefix, None, provider);
            while let Some(page) = pages.next_page().await {
                found.extend(page?.into_iter().filter_map(|e| match e {
                    Entry::Folder(folder) => Some(format!("s3://{bucket}/{folder}")),
                    Entry::Object(_) => None,
                }));
                if found.len() >= COMPLETIONS {
                    break;
                }
            }
        }
    }
    found.sort();
    found.truncate(COMPLETIONS);
    Ok(found)
}

/// Presigns a GET URL.
pub(super) async fn presign(
    provider: &AwsProvider,
    object: &ObjectRef,
    version: Option<String>,
    expires_secs: u64,
    sink: &Sink,
) {
    let expires = Duration::from_secs(expires_secs);
    // Nothing is sent when signing, so no redirect finds the region: a URL
    // signed for another region than the bucket's would be refused.
    let region = match &object.region {
        Some(region) => Some(region.clone()),
        None => s3::bucket_region(&object.bucket, provider).await.ok(),
    };
    let region = region.as_deref();
    match write::presign_get(&object.bucket, &object.key, version.as_deref(), region, expires, provider).await {
        Ok(presigned) => send(sink, S3Payload::Presigned(presigned), false),
        Err(e) => sink.fail_service(&e),
    }
}

/// Restores or deletes one version.
pub(super) async fn version(
    provider: &AwsProvider,
    object: &ObjectRef,
    version_id: &str,
    action: VersionAction,
    sink: &Sink,
) {
    let (bucket, key, region) = (&object.bucket, &object.key, object.region.as_deref());
    let done = match action {
        VersionAction::Restore => write::restore_version(bucket, key, version_id, region, provider).await.map(|_| ()),
        VersionAction::Delete => write::delete_version(bucket, key, version_id, region, provider).await,
    };
    let operation = match action {
        VersionAction::Restore => "restore version",
        VersionAction::Delete => "delete version",
    };
    match done {
        Ok(()) => {
            tracing::info!(operation, bucket = %bucket, keys = 1, outcome = "done", "S3 job");
            send(sink, S3Payload::VersionDone(action), false);
        }
        Err(e) => {
            tracing::info!(operation, bucket = %bucket, keys = 1, outcome = "failed", error = %e, "S3 job");
            sink.fail_service(&e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_completion_lists_matching_entries_directories_with_a_slash() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::create_dir(dir.path().join("data")).expect("mkdir");
        std::fs::write(dir.path().join("dump.sql"), b"").expect("write");
        std::fs::write(dir.path().join(".hidden"), b"").expect("write");
        std::fs::write(dir.path().join("other"), b"").expect("write");
        let typed = format!("{}/d", dir.path().display());
        let base = dir.path().display().to_string();
        assert_eq!(complete_local(&typed), [format!("{base}/data/"), format!("{base}/dump.sql")]);
        assert_eq!(complete_local(&format!("{base}/.")), [format!("{base}/.hidden")]);
    }
}
