//! The S3 pane's writes and bulk transfers as data: what a job acts on, its
//! plan (counted before anything is written), its progress and its report.
//! The loader plans and runs them (`runtime/loader/s3_jobs.rs`); the pane
//! drives the prompts, previews and confirmations (`app/s3/writes.rs`).

use std::path::PathBuf;

pub use crate::aws::s3::write::{KeyFailure, Overwrite, Presigned};

/// Objects and folders of one bucket a job acts on: the marked set, or the
/// selection when nothing is marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The bucket.
    pub bucket: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
    /// The prefix on screen (`""` or ending in `/`): copies and downloads
    /// keep keys relative to it.
    pub base: String,
    /// Object keys, whole.
    pub keys: Vec<String>,
    /// Folders, whole, each ending in `/`: everything under each, exactly
    /// that prefix (never a sibling sharing its first characters).
    pub prefixes: Vec<String>,
}

/// A place in S3: a bucket and a prefix (ending in `/`) or, for the rename of
/// one object, a whole key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Place {
    /// The bucket.
    pub bucket: String,
    /// The prefix (`""`, or ending in `/`) or a whole key.
    pub key: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
}

impl S3Place {
    /// Parses `s3://bucket/prefix` (or `bucket/prefix`).
    ///
    /// # Errors
    /// A message naming what is wrong, for the prompt.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let rest = text.strip_prefix("s3://").unwrap_or(text);
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err("Type a destination as s3://bucket/prefix/.".into());
        }
        Ok(Self { bucket: bucket.to_owned(), key: key.to_owned(), region: None })
    }

    /// `s3://bucket/key`.
    #[must_use]
    pub fn uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }
}

/// A job of the S3 pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    /// Upload a local file or directory (recursively) under `to` (a prefix):
    /// a file keeps its name; a directory's files keep their paths relative
    /// to it, under `to.key` + the directory's name + `/`.
    Upload {
        /// The local file or directory.
        from: PathBuf,
        /// The prefix to upload under.
        to: S3Place,
    },
    /// Delete the objects (and everything under the folders) of a selection.
    Delete(Selection),
    /// Copy (or move, when `remove_source`) a selection under `to`; a single
    /// object to a key not ending in `/` is a copy (rename) to that key.
    Copy {
        /// What to copy.
        from: Selection,
        /// Where to.
        to: S3Place,
        /// A move: each source is deleted once its copy is verified.
        remove_source: bool,
    },
    /// Download a selection into a local directory, keys relative to the
    /// selection's base becoming paths.
    Download {
        /// What to download.
        from: Selection,
        /// The local directory.
        to: PathBuf,
    },
}

impl JobKind {
    /// The verb, for titles and the log: `upload`, `delete`, `copy`, `move`, `download`.
    #[must_use]
    pub fn verb(&self) -> &'static str {
        match self {
            Self::Upload { .. } => "upload",
            Self::Delete(_) => "delete",
            Self::Copy { remove_source: false, .. } => "copy",
            Self::Copy { remove_source: true, .. } => "move",
            Self::Download { .. } => "download",
        }
    }

    /// Whether it changes S3 (everything but a download).
    #[must_use]
    pub fn writes_to_s3(&self) -> bool {
        !matches!(self, Self::Download { .. })
    }
}

/// One object of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Where it comes from: a key (delete, copy, download) or a local path (upload).
    pub source: String,
    /// Where it goes: a key (upload, copy) or a local path (download); for a
    /// delete, the key again.
    pub target: String,
    /// Its size in bytes.
    pub size: u64,
    /// Whether the target already exists (an object, or a local file); the
    /// user chooses once for the batch whether those are skipped or replaced.
    pub exists: bool,
}

/// Progress of a running job.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobProgress {
    /// Objects finished (written, deleted, skipped or failed).
    pub items_done: usize,
    /// Bytes moved so far.
    pub bytes_done: u64,
    /// Recent rate, bytes a second.
    pub bytes_per_sec: u64,
    /// Objects that failed so far.
    pub failed: usize,
}

/// What a job did, when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobReport {
    /// Objects written, deleted, copied, moved or downloaded.
    pub done: usize,
    /// Bytes moved.
    pub bytes: u64,
    /// Targets left alone because they existed (chosen, or created meanwhile).
    pub skipped: Vec<String>,
    /// Objects that failed, each with its reason.
    pub failed: Vec<KeyFailure>,
}

/// What a Tab in a path prompt asks to complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    /// A local path (files and directories).
    Local(String),
    /// `s3://bucket/prefix`: buckets, then folders.
    S3(String),
}

/// What to do to one version of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionAction {
    /// Copy it over the current version.
    Restore,
    /// Delete it for good.
    Delete,
}
