//! The S3 pane's jobs: planning (counting what a write or a tree download
//! acts on), running them with progress and cancel, path completion,
//! presigned URLs and version writes.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};

use super::Sink;
use crate::app::action::Payload;
use crate::app::s3::jobs::{
    Completion, JobKind, JobProgress, JobReport, KeyFailure, Overwrite, PlanItem, S3Place, Selection, VersionAction,
};
use crate::app::s3::{ObjectRef, S3Payload};
use crate::aws::ErrorKind;
use crate::aws::provider::AwsProvider;
use crate::aws::s3::write::{self, CopySpec, TRANSFERS_IN_FLIGHT, Written};
use crate::aws::s3::{self, Entry, ObjectEntry, S3Error};

/// How often a running job's progress reaches the screen.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// The window the rate is measured over.
const RATE_WINDOW: Duration = Duration::from_secs(2);

/// Plan items per page sent.
const PLAN_PAGE: usize = 1000;

/// The most candidates a completion offers.
const COMPLETIONS: usize = 200;

fn send(sink: &Sink, payload: S3Payload, more: bool) {
    sink.send(Payload::S3(payload), more);
}

/// `key` relative to `base` (the whole key when it is not under it).
fn relative<'a>(key: &'a str, base: &str) -> &'a str {
    key.strip_prefix(base).unwrap_or(key)
}

/// `prefix` as a prefix: `""`, or ending in `/`.
fn as_prefix(prefix: &str) -> String {
    if prefix.is_empty() || prefix.ends_with('/') { prefix.to_owned() } else { format!("{prefix}/") }
}

/// Streams the plan of `job` as [`crate::app::s3::S3Payload::PlanPage`]s.
pub(super) async fn plan(provider: &AwsProvider, job: JobKind, sink: &Sink) {
    let mut out = Pager { sink, pending: Vec::new(), count: 0, bytes: 0 };
    let planned = match &job {
        JobKind::Upload { from, to } => plan_upload(provider, from, to, &mut out).await,
        JobKind::Delete(selection) => {
            plan_sources(
                provider,
                selection,
                &mut out,
                |_| async { Ok(HashSet::new()) },
                |e, _| Some(PlanItem { source: e.key.clone(), target: e.key.clone(), size: e.size, exists: true }),
            )
            .await
        }
        JobKind::Copy { from, to, .. } => plan_copy(provider, from, to, &mut out).await,
        JobKind::Download { from, to } => {
            let to = super::expand_home(to.clone());
            plan_sources(
                provider,
                from,
                &mut out,
                |_| async { Ok(HashSet::new()) },
                |e, _| {
                    // A folder's marker object (`logs/`) is not a file: its
                    // directory is made for the files under it.
                    if e.key.ends_with('/') {
                        return None;
                    }
                    let target = local_target(&to, relative(&e.key, &from.base));
                    let exists = std::fs::symlink_metadata(&target).is_ok();
                    Some(PlanItem { source: e.key.clone(), target: target.display().to_string(), size: e.size, exists })
                },
            )
            .await
        }
    };
    match planned {
        Ok(()) => {
            tracing::info!(operation = job.verb(), items = out.count, bytes = out.bytes, "planned");
            out.flush(true);
        }
        Err(e) => {
            tracing::info!(operation = job.verb(), error = %e, "planning failed");
            sink.fail_service(&e);
        }
    }
}

/// Sends plan items a page at a time (`more` = true), then the last page.
struct Pager<'a> {
    sink: &'a Sink,
    pending: Vec<PlanItem>,
    count: usize,
    bytes: u64,
}

impl Pager<'_> {
    fn push(&mut self, item: PlanItem) {
        self.count += 1;
        self.bytes += item.size;
        self.pending.push(item);
        if self.pending.len() >= PLAN_PAGE {
            self.flush(false);
        }
    }

    /// Sends what is pending; the last page (possibly empty) ends the plan.
    fn flush(&mut self, last: bool) {
        if !self.pending.is_empty() || last {
            send(self.sink, S3Payload::PlanPage(std::mem::take(&mut self.pending)), !last);
        }
    }
}

/// A local path for `key` under `dir`: the key's `/`-separated parts as
/// components (empty and `.` parts dropped; `..` kept, for the run to refuse).
fn local_target(dir: &Path, key: &str) -> PathBuf {
    let mut path = dir.to_owned();
    for part in key.split('/').filter(|p| !p.is_empty() && *p != ".") {
        path.push(part);
    }
    path
}

/// The objects of a selection, group by group (each folder, then the loose
/// keys), each key once. `existing(group)` is asked once per group for the
/// targets that exist; `item(entry, existing)` makes the plan item.
async fn plan_sources<F, Fut>(
    provider: &AwsProvider,
    selection: &Selection,
    out: &mut Pager<'_>,
    existing: F,
    item: impl Fn(&ObjectEntry, &HashSet<String>) -> Option<PlanItem>,
) -> Result<(), S3Error>
where
    F: Fn(Group) -> Fut,
    Fut: Future<Output = Result<HashSet<String>, S3Error>>,
{
    let region = selection.region.as_deref();
    let mut seen: HashSet<String> = HashSet::new();
    for prefix in &selection.prefixes {
        if prefix.is_empty() {
            // A folder is named by its prefix: an empty one would be the
            // whole bucket, which nobody marked as such.
            tracing::warn!("an empty folder prefix in a selection was ignored");
            continue;
        }
        let prefix = as_prefix(prefix);
        let exists = existing(Group::Prefix(prefix.clone())).await?;
        let mut pages = write::list_tree(&selection.bucket, &prefix, region, provider);
        while let Some(page) = pages.next_page().await {
            for entry in page? {
                if seen.insert(entry.key.clone())
                    && let Some(item) = item(&entry, &exists)
                {
                    out.push(item);
                }
            }
            out.flush(false);
        }
    }
    let keys: Vec<&String> = selection.keys.iter().filter(|k| !seen.contains(*k)).collect();
    if keys.is_empty() {
        return Ok(());
    }
    let exists = existing(Group::Keys).await?;
    // Loose keys are found in a one-level listing of their folder (the prefix
    // on screen, usually), not a HeadObject each.
    let mut by_parent: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for key in &keys {
        let parent = key.rfind('/').map_or("", |i| &key[..=i]);
        by_parent.entry(parent).or_default().insert(key.as_str());
    }
    let mut sizes: HashMap<String, u64> = HashMap::new();
    for (parent, wanted) in by_parent {
        let mut pages = s3::list_objects(&selection.bucket, parent, region, provider);
        while let Some(page) = pages.next_page().await {
            for entry in page? {
                if let Entry::Object(o) = entry
                    && wanted.contains(o.key.as_str())
                {
                    sizes.insert(o.key, o.size);
                }
            }
        }
    }
    for key in keys {
        if !seen.insert(key.clone()) {
            continue;
        }
        // A key gone since it was marked stays in the plan with no size: its
        // run says it is gone, rather than it vanishing from the count.
        let entry = ObjectEntry {
            key: key.clone(),
            size: sizes.get(key).copied().unwrap_or(0),
            last_modified: None,
            storage_class: s3::StorageClass::parse(None),
        };
        if let Some(item) = item(&entry, &exists) {
            out.push(item);
        }
    }
    out.flush(false);
    Ok(())
}

/// A part of a selection whose targets are looked up together.
#[derive(Debug, Clone)]
enum Group {
    /// Everything under a folder.
    Prefix(String),
    /// The loose keys.
    Keys,
}

/// Every key under `prefix` in `bucket`.
async fn keys_under(
    bucket: &str,
    prefix: &str,
    region: Option<&str>,
    provider: &AwsProvider,
) -> Result<HashSet<String>, S3Error> {
    let all = write::list_tree(bucket, prefix, region, provider).collect_all().await?;
    Ok(all.into_iter().map(|o| o.key).collect())
}

/// Whether a copy of `selection` to `to` is the rename of one object.
fn is_rename(selection: &Selection, to: &S3Place) -> bool {
    selection.prefixes.is_empty() && selection.keys.len() == 1 && !to.key.is_empty() && !to.key.ends_with('/')
}

/// The key a copy of `key` goes to.
fn copy_target(key: &str, selection: &Selection, to: &S3Place) -> String {
    if is_rename(selection, to) {
        to.key.clone()
    } else {
        format!("{}{}", as_prefix(&to.key), relative(key, &selection.base))
    }
}

async fn plan_copy(provider: &AwsProvider, from: &Selection, to: &S3Place, out: &mut Pager<'_>) -> Result<(), S3Error> {
    let region = to.region.as_deref();
    let existing = |group: Group| async move {
        match group {
            Group::Prefix(prefix) => {
                let target = format!("{}{}", as_prefix(&to.key), relative(&prefix, &from.base));
                keys_under(&to.bucket, &target, region, provider).await
            }
            Group::Keys if is_rename(from, to) => keys_under(&to.bucket, &to.key, region, provider).await,
            Group::Keys => {
                // The loose keys' targets, one level under their folders.
                let parents: HashSet<String> = from
                    .keys
                    .iter()
                    .map(|k| {
                        let target = copy_target(k, from, to);
                        target.rfind('/').map_or(String::new(), |i| target[..=i].to_owned())
                    })
                    .collect();
                let mut found = HashSet::new();
                for parent in parents {
                    for entry in s3::list_objects(&to.bucket, &parent, region, provider).collect_all().await? {
                        if let Entry::Object(o) = entry {
                            found.insert(o.key);
                        }
                    }
                }
                Ok(found)
            }
        }
    };
    plan_sources(provider, from, out, existing, |e, exists| {
        let target = copy_target(&e.key, from, to);
        let exists = exists.contains(&target);
        Some(PlanItem { source: e.key.clone(), target, size: e.size, exists })
    })
    .await
}

/// A file found by the walk: its path, its key under the upload's prefix, its size.
type Found = (PathBuf, String, u64);

async fn plan_upload(provider: &AwsProvider, from: &Path, to: &S3Place, out: &mut Pager<'_>) -> Result<(), S3Error> {
    let from = super::expand_home(from.to_owned());
    let prefix = as_prefix(&to.key);
    let walked = {
        let (from, prefix) = (from.clone(), prefix.clone());
        tokio::task::spawn_blocking(move || walk(&from, &prefix)).await
    };
    let (common, files) = walked.map_err(|e| S3Error::LocalRead {
        path: from.display().to_string(),
        message: format!("the walk stopped: {e}"),
    })??;
    let existing = keys_under(&to.bucket, &common, to.region.as_deref(), provider).await?;
    for (path, key, size) in files {
        let exists = existing.contains(&key);
        out.push(PlanItem { source: path.display().to_string(), target: key, size, exists });
    }
    Ok(())
}

/// A local path that could not be read, and what the file system said.
#[derive(Debug)]
struct Unreadable(String, String);

impl From<Unreadable> for S3Error {
    fn from(Unreadable(path, message): Unreadable) -> Self {
        Self::LocalRead { path, message }
    }
}

/// The files to upload from `from` (a file, or a directory walked without
/// following symbolic links), keys under `prefix`, sorted by key; and the
/// prefix all the keys share.
fn walk(from: &Path, prefix: &str) -> Result<(String, Vec<Found>), Unreadable> {
    let unreadable = |path: &Path, e: &dyn std::fmt::Display| Unreadable(path.display().to_string(), e.to_string());
    let name_of = |path: &Path| -> Result<String, Unreadable> {
        let name = match path.file_name() {
            Some(name) => name.to_owned(),
            None => path.canonicalize().map_err(|e| unreadable(path, &e))?.file_name().unwrap_or_default().to_owned(),
        };
        name.into_string().map_err(|_| unreadable(path, &"its name is not valid UTF-8, and an S3 key is text"))
    };
    let meta = std::fs::metadata(from).map_err(|e| unreadable(from, &e))?;
    if meta.is_file() {
        let key = format!("{prefix}{}", name_of(from)?);
        return Ok((key.clone(), vec![(from.to_owned(), key, meta.len())]));
    }
    if !meta.is_dir() {
        return Err(unreadable(from, &"it is neither a file nor a directory"));
    }
    let root = format!("{prefix}{}/", name_of(from)?);
    let mut files = Vec::new();
    let mut dirs = vec![(from.to_owned(), root.clone())];
    while let Some((dir, under)) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| unreadable(&dir, &e))? {
            let entry = entry.map_err(|e| unreadable(&dir, &e))?;
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).map_err(|e| unreadable(&path, &e))?;
            let name = entry
                .file_name()
                .into_string()
                .map_err(|_| unreadable(&path, &"its name is not valid UTF-8, and an S3 key is text"))?;
            if meta.is_dir() {
                dirs.push((path, format!("{under}{name}/")));
            } else if meta.is_file() {
                // Read access is checked now, so the plan names an unreadable
                // file before anything is sent.
                std::fs::File::open(&path).map_err(|e| unreadable(&path, &e))?;
                files.push((path, format!("{under}{name}"), meta.len()));
            } else {
                tracing::debug!("skipping a symbolic link or special file in an upload");
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok((root, files))
}

/// Counters a running job updates and the progress ticker reads.
#[derive(Default)]
struct Counters {
    items: AtomicUsize,
    bytes: AtomicU64,
    failed: AtomicUsize,
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
pub(super) async fn run(provider: &AwsProvider, job: JobKind, items: Vec<PlanItem>, overwrite: Overwrite, sink: &Sink) {
    let counters = Counters::default();
    let (count, planned_bytes) = (items.len(), items.iter().map(|i| i.size).sum::<u64>());
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
    let bucket = match &job {
        JobKind::Upload { to, .. } => to.bucket.as_str(),
        JobKind::Delete(s) | JobKind::Copy { from: s, .. } | JobKind::Download { from: s, .. } => s.bucket.as_str(),
    };
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
    let dir = super::expand_home(to.to_owned());
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

    fn selection(keys: &[&str], prefixes: &[&str]) -> Selection {
        Selection {
            bucket: "b".into(),
            region: None,
            base: "photos/".into(),
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            prefixes: prefixes.iter().map(|k| (*k).to_owned()).collect(),
        }
    }

    #[test]
    fn copy_targets_keep_keys_relative_to_the_base_or_rename_one_object() {
        let to = S3Place { bucket: "c".into(), key: "backup".into(), region: None };
        assert_eq!(copy_target("photos/a.jpg", &selection(&["photos/a.jpg"], &[]), &to), "backup");
        let two = selection(&["photos/a.jpg", "photos/b.jpg"], &[]);
        assert_eq!(copy_target("photos/a.jpg", &two, &to), "backup/a.jpg");
        let folder = selection(&[], &["photos/2024/"]);
        assert_eq!(copy_target("photos/2024/x.jpg", &folder, &S3Place { key: String::new(), ..to }), "2024/x.jpg");
    }

    #[test]
    fn local_targets_drop_empty_parts_and_keep_dot_dot_for_the_run_to_refuse() {
        assert_eq!(local_target(Path::new("/d"), "a//b/./c.txt"), PathBuf::from("/d/a/b/c.txt"));
        assert_eq!(local_target(Path::new("/d"), "../x"), PathBuf::from("/d/../x"));
    }

    #[test]
    fn a_walk_keys_files_under_the_directory_name_and_skips_links() {
        let dir = tempfile::tempdir().expect("dir");
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("css")).expect("mkdir");
        std::fs::write(root.join("index.html"), b"<p>").expect("write");
        std::fs::write(root.join("css/a.css"), b"a{}").expect("write");
        std::os::unix::fs::symlink("/etc/passwd", root.join("link")).expect("link");
        let (common, files) = walk(&root, "up/").expect("walk");
        assert_eq!(common, "up/site/");
        let keys: Vec<&str> = files.iter().map(|f| f.1.as_str()).collect();
        assert_eq!(keys, ["up/site/css/a.css", "up/site/index.html"]);
        let (common, files) = walk(&root.join("index.html"), "").expect("file");
        assert_eq!((common.as_str(), files[0].2), ("index.html", 3));
    }

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
