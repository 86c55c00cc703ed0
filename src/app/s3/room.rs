//! The S3 pane as a room: what the app asks of it.

use super::*;
use crate::app::goto::{GoCommand, Target};
use crate::app::keymap::Key::{Char, Ctrl};
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};

/// The keys of the S3 pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('p')],
        action: KeyAction::S3Preview,
        help: "preview (first 64 KiB)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('s')],
        action: KeyAction::S3Download,
        help: "save (folders into a dir)",
        group: Group::Pane(Pane::S3),
    },
    Binding { keys: &[Char(' ')], action: KeyAction::S3Mark, help: "mark / unmark", group: Group::Pane(Pane::S3) },
    Binding {
        keys: &[Char('*')],
        action: KeyAction::S3InvertMarks,
        help: "invert marks (rows shown)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('u')],
        action: KeyAction::S3Upload,
        help: "upload file or dir here",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Ctrl('d')],
        action: KeyAction::S3Delete,
        help: "delete (type name to confirm)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('c')],
        action: KeyAction::S3Copy,
        help: "copy to s3://bucket/prefix/",
        group: Group::Pane(Pane::S3),
    },
    Binding { keys: &[Char('m')], action: KeyAction::S3Move, help: "move or rename", group: Group::Pane(Pane::S3) },
    Binding {
        keys: &[Char('U')],
        action: KeyAction::S3Presign,
        help: "presigned URL (copied)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('V')],
        action: KeyAction::S3RestoreVersion,
        help: "restore selected version",
        group: Group::Pane(Pane::S3),
    },
];

/// The S3 pane's `:` commands.
const COMMANDS: &[GoCommand] =
    &[GoCommand { names: &["s3", "bucket", "buckets"], args: "[bucket[/prefix]]", target: s3_target }];

/// `bucket/prefix`, `s3://bucket/prefix` or nothing. A prefix names a folder,
/// so it gains its trailing `/`.
fn s3_target(arg: &str) -> Target {
    let arg = arg.strip_prefix("s3://").unwrap_or(arg);
    let (bucket, prefix) = arg.split_once('/').unwrap_or((arg, ""));
    let mut prefix = prefix.to_owned();
    if !prefix.is_empty() && !prefix.ends_with('/') {
        prefix.push('/');
    }
    Target::S3 { bucket: (!bucket.is_empty()).then(|| bucket.to_owned()), prefix }
}

impl Room for S3Pane {
    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        let stacked: usize = self
            .stack
            .iter()
            .map(|view| match view {
                View::Objects(v) => usize::from(v.listing.is_loading()),
                View::Detail(d) => {
                    usize::from(d.head.is_loading())
                        + usize::from(d.tags.is_loading())
                        + usize::from(d.versions.is_loading())
                }
                View::Preview(p) => usize::from(p.content.is_loading()),
            })
            .sum();
        usize::from(self.buckets.is_loading())
            + stacked
            + usize::from(matches!(self.download, Some(Download::Running { .. })))
            + self.writes.in_flight()
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.buckets.state == LoadState::Idle { self.refresh(ctx) } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.stack.pop() {
            None => {
                let (id, command) = ctx.load(slot(S3Slot::Buckets), request(S3Request::Buckets));
                self.buckets.start(id);
                vec![command]
            }
            Some(View::Objects(mut view)) => {
                let command = Self::load_objects(&mut view, ctx);
                self.stack.push(View::Objects(view));
                vec![command]
            }
            Some(View::Detail(d)) => {
                self.open_detail(ObjectRef { bucket: d.bucket, key: d.key, region: d.region }, ctx)
            }
            Some(View::Preview(p)) => {
                let region = self.stack.iter().rev().find_map(|v| match v {
                    View::Objects(o) if o.bucket == p.bucket => o.region.clone(),
                    _ => None,
                });
                self.open_preview(ObjectRef { bucket: p.bucket, key: p.key, region }, p.size, ctx)
            }
        }
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let commands = self.on_pane_key(action, ctx);
        // A key clears the status line; a running job's progress stays on it.
        if let Some(job) = &self.writes.job
            && !ctx.has_status()
        {
            ctx.info(job.status_line());
        }
        commands
    }

    fn captures_input(&self) -> bool {
        self.writes.dialog.is_some()
            || matches!(self.download, Some(Download::Prompt { .. } | Download::ConfirmOverwrite { .. }))
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.writes.dialog.is_some() {
            return self.on_write_key(key, ctx);
        }
        match self.download.take() {
            Some(Download::Prompt { target, mut input }) => match input.on_key(key) {
                InputOutcome::Editing => {
                    self.download = Some(Download::Prompt { target, input });
                    Vec::new()
                }
                InputOutcome::Cancelled => Vec::new(),
                InputOutcome::Submitted if input.value.trim().is_empty() => {
                    self.download = Some(Download::Prompt { target, input });
                    ctx.error("Type a path to save to.");
                    Vec::new()
                }
                InputOutcome::Submitted => {
                    let path = PathBuf::from(input.value.trim());
                    self.run_download(target, path, false, ctx)
                }
            },
            Some(Download::ConfirmOverwrite { target, path }) => match confirm_key(key) {
                InputOutcome::Submitted => self.run_download(target, path, true, ctx),
                InputOutcome::Cancelled => {
                    ctx.info(format!("Kept {}; nothing was downloaded.", path.display()));
                    Vec::new()
                }
                InputOutcome::Editing => {
                    self.download = Some(Download::ConfirmOverwrite { target, path });
                    Vec::new()
                }
            },
            other => {
                self.download = other;
                Vec::new()
            }
        }
    }

    fn resized(&mut self, layout: &Layout) {
        let rows = layout.list_rows;
        self.buckets.scroll_into_view(rows);
        for view in &mut self.stack {
            if let View::Objects(v) = view {
                v.listing.scroll_into_view(rows);
            }
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        match self.stack.last_mut() {
            None => Some(&mut self.buckets),
            Some(View::Objects(view)) => Some(&mut view.listing),
            Some(View::Detail(_) | View::Preview(_)) => None,
        }
    }

    fn location(&self) -> Target {
        let objects = self.stack.iter().rev().find_map(|v| match v {
            View::Objects(o) => Some((o.bucket.clone(), o.prefix.clone())),
            _ => None,
        });
        match objects {
            Some((bucket, prefix)) => Target::S3 { bucket: Some(bucket), prefix },
            None => Target::S3 { bucket: None, prefix: String::new() },
        }
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match target {
            Target::S3 { bucket, prefix } => self.open_bucket_at(bucket, &prefix, ctx),
            _ => Vec::new(),
        }
    }

    fn filter_on_aws(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Option<Vec<Command>> {
        // A prefix inside the bucket on screen: S3 lists it.
        let Target::S3 { bucket: Some(bucket), prefix } = self.location() else { return None };
        Some(self.open_bucket_at(Some(bucket), &format!("{prefix}{text}"), ctx))
    }

    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource> {
        self.resource_at(place)
    }
}

impl PaneState for S3Pane {
    type Slot = S3Slot;
    type Payload = S3Payload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn on_loaded(
        &mut self,
        slot: S3Slot,
        id: RequestId,
        payload: S3Payload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (slot, payload) {
            (S3Slot::Buckets, S3Payload::Buckets(page)) if self.buckets.accepts(id) => {
                self.buckets.push_page(page, more)
            }
            (S3Slot::Buckets, S3Payload::BucketRegions(regions)) if self.buckets.accepts(id) => {
                for (name, region) in regions {
                    if let Some(bucket) = self.buckets.items.iter_mut().find(|b| b.name == name) {
                        bucket.region = region;
                    }
                }
                self.buckets.refresh_view();
                if !more {
                    self.buckets.finish_keeping_rows();
                }
            }
            (S3Slot::Download, payload) => return self.on_download(id, payload, ctx),
            (S3Slot::Plan | S3Slot::Job | S3Slot::Complete | S3Slot::Presign | S3Slot::Version, payload) => {
                return self.on_write_loaded(slot, id, payload, more, ctx);
            }
            (slot, payload) => {
                if let S3Payload::Versions { versioned, .. } = &payload {
                    self.writes.record_versioning(&self.stack, id, *versioned);
                }
                let listed_on_top = matches!(payload, S3Payload::Objects(_))
                    && matches!(self.stack.last(), Some(View::Objects(v)) if v.listing.accepts(id));
                for view in self.stack.iter_mut().rev() {
                    apply(view, slot, id, &payload, more);
                }
                if listed_on_top {
                    self.select_pending(more, ctx);
                }
            }
        }
        Vec::new()
    }

    fn on_failed(&mut self, slot: S3Slot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        match slot {
            S3Slot::Buckets if self.buckets.accepts(id) => self.buckets.fail(error),
            S3Slot::Buckets => {}
            S3Slot::Download => {
                if matches!(&self.download, Some(Download::Running { id: running, .. }) if *running == id) {
                    self.download = None;
                    ctx.error(format!("Download failed: {}", error.message));
                }
            }
            S3Slot::Objects => {
                if let Some(View::Objects(view)) = self.stack.last_mut()
                    && view.listing.accepts(id)
                {
                    view.listing.fail(error);
                }
            }
            S3Slot::Plan | S3Slot::Job | S3Slot::Complete | S3Slot::Presign | S3Slot::Version => {
                self.on_write_failed(slot, id, &error, ctx);
            }
            other => {
                for view in self.stack.iter_mut().rev() {
                    fail(view, other, id, &error);
                }
            }
        }
    }
}

impl S3Pane {
    /// A key of the pane's own, or navigation.
    fn on_pane_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if let Some(Download::Running { .. }) = &self.download
            && action == KeyAction::Back
        {
            self.download = None;
            ctx.info("Download cancelled; no partial file was left behind.");
            return vec![Command::Cancel(slot(S3Slot::Download))];
        }
        if action == KeyAction::Back && self.writes.job.is_some() {
            return self.cancel_job(ctx);
        }
        let rows = ctx.rows;
        match action {
            KeyAction::Open => return self.open(ctx),
            KeyAction::Back => return self.back(ctx),
            KeyAction::S3Preview => return self.preview(ctx),
            KeyAction::S3Download => self.save(ctx),
            KeyAction::S3Mark | KeyAction::S3InvertMarks => match self.stack.last_mut() {
                Some(View::Objects(view)) if action == KeyAction::S3Mark => view.toggle_mark(rows),
                Some(View::Objects(view)) => view.invert_marks(),
                _ => ctx.info("Marks are for the entries of a bucket or folder."),
            },
            KeyAction::S3Upload => self.start_upload(ctx),
            KeyAction::S3Delete if self.start_version_delete(ctx) => {}
            KeyAction::S3Delete => return self.start_delete(ctx),
            KeyAction::S3Copy => self.start_copy(false, ctx),
            KeyAction::S3Move => self.start_copy(true, ctx),
            KeyAction::S3Presign => self.start_presign(ctx),
            KeyAction::S3RestoreVersion => self.start_restore(ctx),
            other if self.detail_key(other, rows) => {}
            other => match self.stack.last_mut() {
                None => self.buckets.navigate(other, rows),
                Some(View::Objects(view)) => view.listing.navigate(other, rows),
                Some(view) => Self::scroll(view, other, rows),
            },
        }
        Vec::new()
    }
}
