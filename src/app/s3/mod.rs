//! The S3 pane's state: the bucket list and, stacked above it, the views of a
//! bucket's prefixes, an object's detail and its preview; plus the download
//! flow.

mod dialogs;
pub mod jobs;
pub mod marks;
pub mod versions;
pub mod views;
pub mod writes;

mod resource;
mod room;

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::input::{InputOutcome, TextInput, confirm_key};
use super::keymap::KeyAction;
use super::listing::{Listing, LoadState};
use super::pane::Room;
use crate::aws::s3::{Bucket, BucketStatus, Entry, ObjectDetail, ObjectVersion};
pub use views::{DetailView, Download, DownloadTarget, Loadable, ObjectsView, Preview, PreviewView};

/// Load slots of the S3 pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum S3Slot {
    /// The bucket list.
    Buckets,
    /// The listing of the prefix on screen (and HeadBucket when it is denied).
    Objects,
    /// HeadObject of the object on screen.
    Detail,
    /// Its tags.
    Tags,
    /// Its versions.
    Versions,
    /// Its first bytes.
    Preview,
    /// A download to disk.
    Download,
    /// Counting what a job will act on (listing, local walk, existing targets).
    Plan,
    /// A running job (upload, delete, copy, move, recursive download).
    Job,
    /// Tab-completion of a path prompt.
    Complete,
    /// A presigned URL.
    Presign,
    /// Restoring or deleting one version.
    Version,
}

impl S3Slot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Buckets => "S3 buckets",
            Self::Objects => "S3 objects",
            Self::Detail => "the object's detail",
            Self::Tags => "the object's tags",
            Self::Versions => "the object's versions",
            Self::Preview => "the object's preview",
            Self::Download => "the download",
            Self::Plan => "counting what to change",
            Self::Job => "the S3 transfer",
            Self::Complete => "path completion",
            Self::Presign => "the presigned URL",
            Self::Version => "the version change",
        }
    }
}

/// Where an object lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectRef {
    /// The bucket.
    pub bucket: String,
    /// The key (or prefix).
    pub key: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
}

/// Requests of the S3 pane.
#[allow(clippy::large_enum_variant, reason = "one move per request")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Request {
    /// Every bucket, page by page, with missing regions filled in.
    Buckets,
    /// One level under a prefix (`key` is the prefix).
    Objects(ObjectRef),
    /// HeadObject.
    Detail(ObjectRef),
    /// GetObjectTagging.
    Tags(ObjectRef),
    /// GetBucketVersioning, then ListObjectVersions.
    Versions(ObjectRef),
    /// The first 64 KiB.
    Preview(ObjectRef),
    /// A download to `path`.
    Download {
        /// The object.
        object: ObjectRef,
        /// A version of it (from the versions list), or the current one.
        version: Option<String>,
        /// Where to write it.
        path: PathBuf,
        /// Whether an existing file may be replaced.
        overwrite: bool,
    },
    /// Count what a job acts on: pages of [`jobs::PlanItem`] as they are
    /// found, `exists` filled in.
    Plan(jobs::JobKind),
    /// Run a job on exactly the items planned (nothing listed after the
    /// count is touched); existing targets skipped or replaced per `overwrite`.
    Run {
        /// The job.
        job: jobs::JobKind,
        /// The plan the user confirmed.
        items: Vec<jobs::PlanItem>,
        /// What to do with targets that exist.
        overwrite: jobs::Overwrite,
    },
    /// Candidates for a path typed so far.
    Complete(jobs::Completion),
    /// A presigned GET URL valid for `expires_secs`.
    Presign {
        /// The object.
        object: ObjectRef,
        /// A version of it, or the current one.
        version: Option<String>,
        /// Seconds the URL is valid (60 to 604,800).
        expires_secs: u64,
    },
    /// Restore or delete one version.
    Version {
        /// The object.
        object: ObjectRef,
        /// The version.
        version_id: String,
        /// What to do.
        action: jobs::VersionAction,
    },
}

/// Data for the S3 pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Payload {
    /// One page of buckets.
    Buckets(Vec<Bucket>),
    /// Regions found for buckets that ListBuckets did not place (name, region).
    BucketRegions(Vec<(String, Option<String>)>),
    /// One page of a prefix listing.
    Objects(Vec<Entry>),
    /// HeadBucket's verdict, sent just before a listing's AccessDenied failure.
    BucketStatus(BucketStatus),
    /// HeadObject.
    Detail(ObjectDetail),
    /// The tags.
    Tags(Vec<(String, String)>),
    /// A page of versions; `versioned` is false when the bucket never was.
    Versions {
        /// The page.
        page: Vec<ObjectVersion>,
        /// Whether the bucket is versioned.
        versioned: bool,
    },
    /// The preview and how many bytes it read.
    Preview(Preview, usize),
    /// Download progress.
    DownloadProgress {
        /// Bytes written.
        bytes: u64,
        /// The object's size, if known.
        total: Option<u64>,
        /// Recent rate.
        bytes_per_sec: u64,
    },
    /// The destination exists; the user must confirm.
    DownloadExists(PathBuf),
    /// The download finished.
    Downloaded {
        /// Where it went.
        path: PathBuf,
        /// How much was written.
        bytes: u64,
    },
    /// A page of a job's plan (`more` until the count is complete).
    PlanPage(Vec<jobs::PlanItem>),
    /// A running job's progress (`more` is true).
    JobProgress(jobs::JobProgress),
    /// The job ended (also after some items failed).
    JobDone(jobs::JobReport),
    /// Completions of the text the request named: whole candidates (a
    /// directory or folder ends in `/`).
    Completions {
        /// The text completed.
        typed: String,
        /// What it may become.
        candidates: Vec<String>,
    },
    /// The presigned URL.
    Presigned(jobs::Presigned),
    /// The version was restored or deleted.
    VersionDone(jobs::VersionAction),
}

/// A view stacked above the bucket list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "a stack of a few views; never copied per row")]
pub enum View {
    /// A prefix of a bucket.
    Objects(ObjectsView),
    /// An object's detail.
    Detail(DetailView),
    /// An object's first bytes.
    Preview(PreviewView),
}

/// The S3 pane.
#[derive(Debug, Clone, Default)]
pub struct S3Pane {
    /// The bucket list, always at the bottom of the stack.
    pub buckets: Listing<Bucket>,
    /// Views opened from it, the last on screen.
    pub stack: Vec<View>,
    /// The download flow, when open.
    pub download: Option<Download>,
    /// A key to select in the prefix on screen once its listing brings it
    /// (a deep link to `s3://bucket/folder/name`).
    pub select: Option<String>,
    /// The write flows: their dialog and the job running.
    pub writes: writes::Writes,
}

fn slot(s: S3Slot) -> Slot {
    Slot::S3(s)
}

fn request(r: S3Request) -> LoadRequest {
    LoadRequest::S3(r)
}

fn basename(key: &str) -> &str {
    key.trim_end_matches('/').rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or("object")
}

impl S3Pane {
    /// The view on screen, if it is not the bucket list.
    #[must_use]
    pub fn top(&self) -> Option<&View> {
        self.stack.last()
    }

    fn open_objects(
        &mut self,
        bucket: String,
        region: Option<String>,
        prefix: String,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let mut view = ObjectsView::new(bucket, region, prefix);
        let command = Self::load_objects(&mut view, ctx);
        self.stack.push(View::Objects(view));
        vec![command]
    }

    fn load_objects(view: &mut ObjectsView, ctx: &mut Ctx<'_>) -> Command {
        let target = ObjectRef { bucket: view.bucket.clone(), key: view.prefix.clone(), region: view.region.clone() };
        let (id, command) = ctx.load(slot(S3Slot::Objects), request(S3Request::Objects(target)));
        view.listing.start(id);
        view.status = None;
        command
    }

    fn open_detail(&mut self, object: ObjectRef, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (head_id, head) = ctx.load(slot(S3Slot::Detail), request(S3Request::Detail(object.clone())));
        let (tags_id, tags) = ctx.load(slot(S3Slot::Tags), request(S3Request::Tags(object.clone())));
        let (versions_id, versions) = ctx.load(slot(S3Slot::Versions), request(S3Request::Versions(object.clone())));
        let mut listing = Listing::default();
        listing.start(versions_id);
        self.stack.push(View::Detail(DetailView {
            bucket: object.bucket,
            region: object.region,
            key: object.key,
            head: Loadable::Loading(head_id),
            tags: Loadable::Loading(tags_id),
            versions: listing,
            versioned: None,
            scroll: 0,
            follow_version: false,
        }));
        vec![head, tags, versions]
    }

    fn open_preview(&mut self, object: ObjectRef, size: Option<u64>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = ctx.load(slot(S3Slot::Preview), request(S3Request::Preview(object.clone())));
        self.stack.push(View::Preview(PreviewView {
            bucket: object.bucket,
            key: object.key,
            size,
            content: Loadable::Loading(id),
            scroll: 0,
        }));
        vec![command]
    }

    /// The object under the cursor (or on screen), for preview, download and copy.
    fn current_object(&self) -> Option<(ObjectRef, Option<u64>)> {
        match self.top()? {
            View::Objects(view) => match view.listing.selected_item()? {
                Entry::Object(o) => Some((
                    ObjectRef { bucket: view.bucket.clone(), key: o.key.clone(), region: view.region.clone() },
                    Some(o.size),
                )),
                Entry::Folder(_) => None,
            },
            View::Detail(d) => {
                let size = match &d.head {
                    Loadable::Ready(h) => Some(h.size),
                    _ => None,
                };
                Some((ObjectRef { bucket: d.bucket.clone(), key: d.key.clone(), region: d.region.clone() }, size))
            }
            View::Preview(p) => {
                let region = self.stack.iter().rev().find_map(|v| match v {
                    View::Objects(o) if o.bucket == p.bucket => o.region.clone(),
                    _ => None,
                });
                Some((ObjectRef { bucket: p.bucket.clone(), key: p.key.clone(), region }, p.size))
            }
        }
    }

    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.select = None;
        match self.top() {
            None => match self.buckets.selected_item() {
                Some(bucket) => {
                    let (name, region) = (bucket.name.clone(), bucket.region.clone());
                    self.open_objects(name, region, String::new(), ctx)
                }
                None => Vec::new(),
            },
            Some(View::Objects(view)) => match view.listing.selected_item() {
                Some(Entry::Folder(prefix)) => {
                    let (bucket, region, prefix) = (view.bucket.clone(), view.region.clone(), prefix.clone());
                    // Leaving this prefix cancels its listing; it reloads on return if unfinished.
                    let mut commands = vec![Command::Cancel(slot(S3Slot::Objects))];
                    if let Some(View::Objects(view)) = self.stack.last_mut() {
                        // Marks belong to the prefix they were made in.
                        view.marks.clear();
                        if view.listing.is_loading() {
                            view.listing.cancel();
                        }
                    }
                    commands.extend(self.open_objects(bucket, region, prefix, ctx));
                    commands
                }
                Some(Entry::Object(o)) => {
                    let object =
                        ObjectRef { bucket: view.bucket.clone(), key: o.key.clone(), region: view.region.clone() };
                    self.open_detail(object, ctx)
                }
                None => Vec::new(),
            },
            Some(View::Detail(_)) => self.preview(ctx),
            Some(View::Preview(_)) => Vec::new(),
        }
    }

    fn preview(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if matches!(self.top(), Some(View::Preview(_))) {
            return Vec::new();
        }
        match self.current_object() {
            Some((object, size)) => self.open_preview(object, size, ctx),
            None => {
                ctx.info("Select an object to preview (folders and buckets have no content).");
                Vec::new()
            }
        }
    }

    fn back(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.select = None;
        let Some(view) = self.stack.pop() else {
            if self.buckets.is_loading() {
                self.buckets.cancel();
                ctx.info("Stopped loading S3 buckets; the list may be incomplete — press r to reload.");
                return vec![Command::Cancel(slot(S3Slot::Buckets))];
            }
            return Vec::new();
        };
        let mut commands: Vec<Command> = match view {
            View::Objects(_) => vec![Command::Cancel(slot(S3Slot::Objects))],
            View::Detail(_) => {
                [S3Slot::Detail, S3Slot::Tags, S3Slot::Versions].map(|s| Command::Cancel(slot(s))).to_vec()
            }
            View::Preview(_) => vec![Command::Cancel(slot(S3Slot::Preview))],
        };
        // A prefix whose listing was stopped when we went down reloads now.
        if let Some(View::Objects(parent)) = self.stack.last_mut()
            && parent.listing.state == LoadState::Cancelled
        {
            commands.push(Self::load_objects(parent, ctx));
        }
        // A bucket list never loaded (the pane was opened at a bucket) loads now.
        if self.stack.is_empty() && self.buckets.state == LoadState::Idle {
            commands.extend(self.refresh(ctx));
        }
        commands
    }

    /// Opens `bucket` at `prefix` (the bucket list when `bucket` is `None`),
    /// replacing the views open now and cancelling their loads. Every level
    /// from the bucket's top down to the prefix is stacked so Esc walks up
    /// one at a time; only the deepest loads now, the others when Esc
    /// returns to them. A prefix not ending in `/` opens its folder and
    /// selects the entry it names once listed.
    pub fn open_bucket_at(&mut self, bucket: Option<String>, prefix: &str, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = self.close_views();
        let Some(bucket) = bucket else {
            if !matches!(self.buckets.state, LoadState::Loading | LoadState::Complete) {
                commands.extend(self.refresh(ctx));
            }
            return commands;
        };
        let region = self.buckets.items.iter().find(|b| b.name == bucket).and_then(|b| b.region.clone());
        let folder = match prefix.rfind('/') {
            Some(end) => &prefix[..=end],
            None => "",
        };
        if folder.len() < prefix.len() {
            self.select = Some(prefix.to_owned());
        }
        let mut levels: Vec<&str> = vec![""];
        levels.extend(folder.match_indices('/').map(|(end, _)| &folder[..=end]));
        let deepest = levels.pop().unwrap_or_default();
        for level in levels {
            let mut view = ObjectsView::new(bucket.clone(), region.clone(), level.to_owned());
            view.listing.cancel();
            self.stack.push(View::Objects(view));
        }
        commands.extend(self.open_objects(bucket, region, deepest.to_owned(), ctx));
        commands
    }

    /// Closes every view above the bucket list, cancelling their loads.
    fn close_views(&mut self) -> Vec<Command> {
        self.select = None;
        let mut slots: Vec<S3Slot> = Vec::new();
        for view in self.stack.drain(..) {
            match view {
                View::Objects(v) if v.listing.is_loading() => slots.push(S3Slot::Objects),
                View::Detail(d) => {
                    if d.head.is_loading() {
                        slots.push(S3Slot::Detail);
                    }
                    if d.tags.is_loading() {
                        slots.push(S3Slot::Tags);
                    }
                    if d.versions.is_loading() {
                        slots.push(S3Slot::Versions);
                    }
                }
                View::Preview(p) if p.content.is_loading() => slots.push(S3Slot::Preview),
                View::Objects(_) | View::Preview(_) => {}
            }
        }
        slots.dedup();
        slots.into_iter().map(|s| Command::Cancel(slot(s))).collect()
    }

    /// Selects the entry a deep link named, if the prefix on screen has listed it.
    fn select_pending(&mut self, more: bool, ctx: &mut Ctx<'_>) {
        let Some(key) = self.select.clone() else { return };
        let Some(View::Objects(view)) = self.stack.last_mut() else { return };
        let folder = format!("{key}/");
        if let Some(at) = view.listing.items.iter().position(|e| e.key() == key || e.key() == folder) {
            view.listing.selected = at;
            view.listing.scroll_into_view(ctx.rows);
            self.select = None;
        } else if !more {
            ctx.info(format!("No object or folder {key} in {}", view.uri()));
            self.select = None;
        }
    }

    fn start_download(&mut self, version: Option<String>, ctx: &mut Ctx<'_>) {
        if ctx.refuse_if_read_only("download files") {
            return;
        }
        if matches!(self.download, Some(Download::Running { .. })) {
            ctx.info("A download is already running; Esc cancels it.");
            return;
        }
        match self.current_object() {
            Some((object, _)) => {
                let input = TextInput::with_value(format!("./{}", basename(&object.key)));
                let target = DownloadTarget { bucket: object.bucket, key: object.key, region: object.region, version };
                self.download = Some(Download::Prompt { target, input });
            }
            None => ctx.info("Select an object to download."),
        }
    }

    fn download_command(
        target: &DownloadTarget,
        path: PathBuf,
        overwrite: bool,
        ctx: &mut Ctx<'_>,
    ) -> (RequestId, Command) {
        let object =
            ObjectRef { bucket: target.bucket.clone(), key: target.key.clone(), region: target.region.clone() };
        let version = target.version.clone();
        ctx.load(slot(S3Slot::Download), request(S3Request::Download { object, version, path, overwrite }))
    }

    fn run_download(
        &mut self,
        target: DownloadTarget,
        path: PathBuf,
        overwrite: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let (id, command) = Self::download_command(&target, path.clone(), overwrite, ctx);
        self.download = Some(Download::Running { target, path, id, bytes: 0, total: None, bytes_per_sec: 0 });
        vec![command]
    }

    fn scroll(view: &mut View, action: KeyAction, rows: usize) {
        let scroll = match view {
            View::Detail(d) => &mut d.scroll,
            View::Preview(p) => &mut p.scroll,
            View::Objects(_) => return,
        };
        *scroll = match action {
            KeyAction::Up => scroll.saturating_sub(1),
            KeyAction::Down => *scroll + 1,
            KeyAction::PageUp => scroll.saturating_sub(rows),
            KeyAction::PageDown => *scroll + rows,
            KeyAction::Top => 0,
            KeyAction::Bottom => usize::MAX / 2,
            _ => *scroll,
        };
    }
}

impl S3Pane {
    fn on_download(&mut self, id: RequestId, payload: S3Payload, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(Download::Running { id: running, target, .. }) = &self.download else { return Vec::new() };
        if *running != id {
            return Vec::new();
        }
        match payload {
            S3Payload::DownloadProgress { bytes: b, total: t, bytes_per_sec: r } => {
                if let Some(Download::Running { bytes, total, bytes_per_sec, .. }) = &mut self.download {
                    (*bytes, *total, *bytes_per_sec) = (b, t, r);
                }
            }
            S3Payload::DownloadExists(path) => {
                self.download = Some(Download::ConfirmOverwrite { target: target.clone(), path });
            }
            S3Payload::Downloaded { path, bytes } => {
                self.download = None;
                ctx.info(format!("Saved {} ({bytes} bytes)", path.display()));
            }
            _ => {}
        }
        Vec::new()
    }
}

/// Applies a result to `view` if it is the one waiting for `id`.
fn apply(view: &mut View, slot: S3Slot, id: RequestId, payload: &S3Payload, more: bool) {
    match (view, slot, payload) {
        (View::Objects(v), S3Slot::Objects, S3Payload::Objects(page)) if v.listing.accepts(id) => {
            v.push_page(page.clone(), more);
        }
        (View::Objects(v), S3Slot::Objects, S3Payload::BucketStatus(status)) if v.listing.accepts(id) => {
            v.status = Some(status.clone());
        }
        (View::Detail(d), S3Slot::Detail, S3Payload::Detail(detail)) if d.head.waits_for(id) => {
            d.head = Loadable::Ready(detail.clone());
        }
        (View::Detail(d), S3Slot::Tags, S3Payload::Tags(tags)) if d.tags.waits_for(id) => {
            d.tags = Loadable::Ready(tags.clone())
        }
        (View::Detail(d), S3Slot::Versions, S3Payload::Versions { page, versioned }) if d.versions.accepts(id) => {
            d.versioned = Some(*versioned);
            d.versions.push_page(page.clone(), more);
        }
        (View::Preview(p), S3Slot::Preview, S3Payload::Preview(preview, read)) if p.content.waits_for(id) => {
            p.content = Loadable::Ready((preview.clone(), *read));
        }
        _ => {}
    }
}

/// Records a failure in `view` if it is the one waiting for `id`.
fn fail(view: &mut View, slot: S3Slot, id: RequestId, error: &Failure) {
    match (view, slot) {
        (View::Detail(d), S3Slot::Detail) if d.head.waits_for(id) => d.head = Loadable::Failed(error.clone()),
        (View::Detail(d), S3Slot::Tags) if d.tags.waits_for(id) => d.tags = Loadable::Failed(error.clone()),
        (View::Detail(d), S3Slot::Versions) if d.versions.accepts(id) => d.versions.fail(error.clone()),
        (View::Preview(p), S3Slot::Preview) if p.content.waits_for(id) => p.content = Loadable::Failed(error.clone()),
        _ => {}
    }
}
