//! Planning a job: what it acts on, counted and streamed page by page before
//! anything is written, with whether each target exists.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::app::s3::S3Payload;
use crate::app::s3::jobs::{JobKind, PlanItem, S3Place, Selection};
use crate::aws::provider::AwsProvider;
use crate::aws::s3::write;
use crate::aws::s3::{self, Entry, ObjectEntry, S3Error};
use crate::runtime::loader::Sink;

use super::{PLAN_PAGE, as_prefix, relative, send};

/// Streams the plan of `job` as [`crate::app::s3::S3Payload::PlanPage`]s.
pub(in crate::runtime::loader) async fn plan(provider: &AwsProvider, job: JobKind, sink: &Sink) {
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
            let to = crate::runtime::loader::expand_home(to.clone());
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
pub(super) fn local_target(dir: &Path, key: &str) -> PathBuf {
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
    let from = crate::runtime::loader::expand_home(from.to_owned());
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
}
