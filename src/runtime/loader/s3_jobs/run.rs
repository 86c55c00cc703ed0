//! Running a planned job: exactly its items, a bounded number at once, with
//! progress every [`PROGRESS_EVERY`] and a report at the end.

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use futures_util::stream::{self, StreamExt};

use crate::app::s3::S3Payload;
use crate::app::s3::jobs::{JobKind, JobProgress, JobReport, KeyFailure, Overwrite, PlanItem, S3Place, Selection};
use crate::aws::ErrorKind;
use crate::aws::provider::AwsProvider;
use crate::aws::s3::write::{self, CopySpec, TRANSFERS_IN_FLIGHT, Written};
use crate::aws::s3::{self, S3Error};
use crate::runtime::loader::Sink;

use super::{PROGRESS_EVERY, RATE_WINDOW, send};

/// Counters a running job updates and the progress ticker reads.
#[derive(Default)]
struct Counters {
    items: AtomicUsize,
    bytes: AtomicU64,
    failed: AtomicUsize,
}

/// Logs a job that is dropped before it ends (a cancel), with what it had
/// done by then; disarmed once the job answers.
struct LogIfCancelled<'a> {
    verb: &'static str,
    bucket: String,
    keys: usize,
    counters: &'a Counters,
    armed: bool,
}

impl Drop for LogIfCancelled<'_> {
    fn drop(&mut self) {
        if self.armed {
            tracing::info!(
                operation = self.verb,
                bucket = %self.bucket,
                keys = self.keys,
                done = self.counters.items.load(Ordering::Relaxed),
                bytes = self.counters.bytes.load(Ordering::Relaxed),
                outcome = "cancelled",
                "S3 job"
            );
        }
    }
}

/// What became of one item.
enum Outcome {
    Done(u64),
    Skipped(String),
    Failed(KeyFailure),
}

/// Whether `e` ends the whole job rather than one item: the credentials, or
/// a bucket that is not there.
fn ends_the_job(e: &S3Error) -> bool {
    matches!(e, S3Error::BucketNotFound { .. })
        || matches!(
            e.kind(),
            ErrorKind::ExpiredCredentials
                | ErrorKind::InvalidCredentials
                | ErrorKind::SsoExpired
                | ErrorKind::MfaExpired
                | ErrorKind::MissingCredentials
        )
}

fn failure(key: &str, e: &S3Error) -> KeyFailure {
    let code = e.aws().and_then(|a| a.code.clone()).unwrap_or_else(|| {
        match e {
            S3Error::ObjectNotFound { .. } => "NoSuchKey",
            S3Error::LocalRead { .. } => "LocalRead",
            S3Error::LocalFile { .. } => "LocalFile",
            _ => "Error",
        }
        .to_owned()
    });
    KeyFailure { key: key.to_owned(), code, message: e.to_string() }
}

/// Runs `job` on `items`, sending progress, then the report.
pub(in crate::runtime::loader) async fn run(
    provider: &AwsProvider,
    job: JobKind,
    items: Vec<PlanItem>,
    overwrite: Overwrite,
    sink: &Sink,
) {
    let counters = Counters::default();
    let (count, planned_bytes) = (items.len(), items.iter().map(|i| i.size).sum::<u64>());
    let bucket = match &job {
        JobKind::Upload { to, .. } => to.bucket.as_str(),
        JobKind::Delete(s) | JobKind::Copy { from: s, .. } | JobKind::Download { from: s, .. } => s.bucket.as_str(),
    };
    let mut cancelled =
        LogIfCancelled { verb: job.verb(), bucket: bucket.to_owned(), keys: count, counters: &counters, armed: true };
    let work = execute(provider, &job, items, overwrite, &counters);
    futures_util::pin_mut!(work);
    let mut ticks = tokio::time::interval(PROGRESS_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut samples: VecDeque<(Instant, u64)> = VecDeque::new();
    let outcome = loop {
        tokio::select! {
            outcome = &mut work => break outcome,
            _ = ticks.tick() => {
                let now = Instant::now();
                let bytes = counters.bytes.load(Ordering::Relaxed);
                samples.push_back((now, bytes));
                while samples.len() > 2 && samples.front().is_some_and(|(at, _)| now.duration_since(*at) > RATE_WINDOW) {
                    samples.pop_front();
                }
                let bytes_per_sec = samples.front().map_or(0, |(at, then)| {
                    let secs = now.duration_since(*at).as_secs_f64();
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
                    let rate = if secs > 0.0 { ((bytes - then) as f64 / secs) as u64 } else { 0 };
                    rate
                });
                let progress = JobProgress {
                    items_done: counters.items.load(Ordering::Relaxed),
                    bytes_done: bytes,
                    bytes_per_sec,
                    failed: counters.failed.load(Ordering::Relaxed),
                };
                send(sink, S3Payload::JobProgress(progress), true);
            }
        }
    };
    cancelled.armed = false;
    match outcome {
        Ok(report) => {
            tracing::info!(
                operation = job.verb(),
                bucket,
                keys = count,
                planned_bytes,
                done = report.done,
                bytes = report.bytes,
                skipped = report.skipped.len(),
                failed = report.failed.len(),
                outcome = if report.failed.is_empty() { "done" } else { "done with failures" },
                "S3 job"
            );
            send(sink, S3Payload::JobDone(report), false);
        }
        Err(e) => {
            tracing::info!(operation = job.verb(), bucket, keys = count, planned_bytes, outcome = "failed", error = %e, "S3 job");
            sink.fail_service(&e);
        }
    }
}

async fn execute(
    provider: &AwsProvider,
    job: &JobKind,
    items: Vec<PlanItem>,
    overwrite: Overwrite,
    counters: &Counters,
) -> Result<JobReport, S3Error> {
    if let JobKind::Delete(selection) = job {
        return delete(provider, selection, items, counters).await;
    }
    let mut report = JobReport::default();
    let (skip, todo): (Vec<PlanItem>, Vec<PlanItem>) =
        items.into_iter().partition(|i| i.exists && overwrite == Overwrite::Never);
    for item in skip {
        counters.items.fetch_add(1, Ordering::Relaxed);
        report.skipped.push(item.target);
    }
    let add_bytes = |n: u64| {
        counters.bytes.fetch_add(n, Ordering::Relaxed);
    };
    let mut to_delete: Vec<(String, u64)> = Vec::new();
    let mut outcomes = stream::iter(todo)
        .map(|item| async move {
            let outcome = match job {
                JobKind::Upload { to, .. } => {
                    let path = Path::new(&item.source);
                    match write::upload_file(
                        &to.bucket,
                        &item.target,
                        to.region.as_deref(),
                        path,
                        overwrite,
                        provider,
                        &add_bytes,
                    )
                    .await
                    {
                        Ok(Written::Done { bytes }) => Ok(Outcome::Done(bytes)),
                        Ok(Written::Exists) => Ok(Outcome::Skipped(item.target.clone())),
                        Err(e) => Err(e),
                    }
                }
                JobKind::Copy { from, to, remove_source } => {
                    copy_one(provider, from, to, *remove_source, &item, overwrite, &add_bytes).await
                }
                JobKind::Download { from, to } => download_one(provider, from, to, &item, overwrite, &add_bytes).await,
                JobKind::Delete(_) => unreachable!("deletes are batched above"),
            };
            (item, outcome)
        })
        .buffer_unordered(TRANSFERS_IN_FLIGHT);
    while let Some((item, outcome)) = outcomes.next().await {
        counters.items.fetch_add(1, Ordering::Relaxed);
        let outcome = match outcome {
            Ok(o) => o,
            Err(e) if ends_the_job(&e) => return Err(e),
            // An upload's failure is named by the key it was to write (a
            // local file's own error names the file).
            Err(e) if matches!(job, JobKind::Upload { .. }) => Outcome::Failed(failure(&item.target, &e)),
            Err(e) => Outcome::Failed(failure(&item.source, &e)),
        };
        match outcome {
            Outcome::Done(bytes) if matches!(job, JobKind::Copy { remove_source: true, .. }) => {
                to_delete.push((item.source, bytes));
            }
            Outcome::Done(bytes) => {
                report.done += 1;
                report.bytes += bytes;
            }
            Outcome::Skipped(target) => report.skipped.push(target),
            Outcome::Failed(f) => {
                counters.failed.fetch_add(1, Ordering::Relaxed);
                report.failed.push(f);
            }
        }
    }
    drop(outcomes);
    if let JobKind::Copy { from, .. } = job
        && !to_delete.is_empty()
    {
        // The sources of verified copies only, in batches.
        let keys: Vec<String> = to_delete.iter().map(|(k, _)| k.clone()).collect();
        let deleted = write::delete_keys(&from.bucket, from.region.as_deref(), &keys, provider, &|_| {}).await?;
        let kept: HashSet<&str> = deleted.failed.iter().map(|f| f.key.as_str()).collect();
        for (key, bytes) in &to_delete {
            if !kept.contains(key.as_str()) {
                report.done += 1;
                report.bytes += bytes;
            }
        }
        for mut f in deleted.failed {
            counters.failed.fetch_add(1, Ordering::Relaxed);
            f.message = format!("copied, but the source stayed: {}", f.message);
            report.failed.push(f);
        }
    }
    report.skipped.sort();
    report.failed.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(report)
}

async fn delete(
    provider: &AwsProvider,
    selection: &Selection,
    items: Vec<PlanItem>,
    counters: &Counters,
) -> Result<JobReport, S3Error> {
    let sizes: HashMap<String, u64> = items.into_iter().map(|i| (i.source, i.size)).collect();
    let keys: Vec<String> = sizes.keys().cloned().collect();
    let settled = |n: usize| {
        counters.items.fetch_add(n, Ordering::Relaxed);
    };
    let deleted = write::delete_keys(&selection.bucket, selection.region.as_deref(), &keys, provider, &settled).await?;
    counters.failed.fetch_add(deleted.failed.len(), Ordering::Relaxed);
    let kept: HashSet<&str> = deleted.failed.iter().map(|f| f.key.as_str()).collect();
    let bytes = sizes.iter().filter(|(k, _)| !kept.contains(k.as_str())).map(|(_, s)| s).sum();
    counters.bytes.fetch_add(bytes, Ordering::Relaxed);
    Ok(JobReport { done: deleted.deleted, bytes, skipped: Vec::new(), failed: deleted.failed })
}

async fn copy_one(
    provider: &AwsProvider,
    from: &Selection,
    to: &S3Place,
    remove_source: bool,
    item: &PlanItem,
    overwrite: Overwrite,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Outcome, S3Error> {
    if from.bucket == to.bucket && item.source == item.target {
        let message = "the source and the destination are the same object; choose another destination";
        return Ok(Outcome::Failed(KeyFailure {
            key: item.source.clone(),
            code: "SamePlace".into(),
            message: message.into(),
        }));
    }
    let spec = CopySpec {
        from_bucket: from.bucket.clone(),
        from_key: item.source.clone(),
        from_version: None,
        from_region: from.region.clone(),
        size: item.size,
        to_bucket: to.bucket.clone(),
        to_key: item.target.clone(),
        to_region: to.region.clone(),
    };
    match write::copy_object(&spec, overwrite, provider, progress).await? {
        Written::Exists => Ok(Outcome::Skipped(item.target.clone())),
        Written::Done { bytes } if !remove_source => Ok(Outcome::Done(bytes)),
        Written::Done { bytes } => {
            if write::verify_copy(&spec, provider).await? {
                Ok(Outcome::Done(bytes))
            } else {
                let message = format!(
                    "the copy at s3://{}/{} does not match its source (size or ETag); the source was kept",
                    to.bucket, item.target
                );
                Ok(Outcome::Failed(KeyFailure { key: item.source.clone(), code: "NotVerified".into(), message }))
            }
        }
    }
}

async fn download_one(
    provider: &AwsProvider,
    from: &Selection,
    to: &Path,
    item: &PlanItem,
    overwrite: Overwrite,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<Outcome, S3Error> {
    let dir = crate::runtime::loader::expand_home(to.to_owned());
    let path = PathBuf::from(&item.target);
    let inside = path.strip_prefix(&dir).is_ok_and(|rest| {
        rest.components().next().is_some() && rest.components().all(|c| matches!(c, Component::Normal(_)))
    });
    if !inside || item.source.ends_with('/') {
        let message = format!("{} would land outside {}; it was not downloaded", item.target, dir.display());
        return Ok(Outcome::Failed(KeyFailure { key: item.source.clone(), code: "UnsafePath".into(), message }));
    }
    if let Some(parent) = path.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|e| S3Error::LocalFile { path: parent.display().to_string(), message: e.to_string() })?;
    }
    let mut sent = 0;
    let delta = |bytes: u64, _total: Option<u64>| {
        progress(bytes.saturating_sub(sent));
        sent = bytes;
    };
    let region = from.region.as_deref();
    match s3::download_object(
        &from.bucket,
        &item.source,
        None,
        region,
        &path,
        overwrite == Overwrite::Always,
        provider,
        delta,
    )
    .await
    {
        Ok(bytes) => Ok(Outcome::Done(bytes)),
        Err(S3Error::DestinationExists { path }) => Ok(Outcome::Skipped(path)),
        Err(e) => Err(e),
    }
}
