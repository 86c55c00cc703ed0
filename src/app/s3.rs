//! The S3 pane's state: the bucket list (and, below it, the explorer views).

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::keymap::KeyAction;
use super::listing::{Listing, LoadState};
use super::pane::PaneState;
use crate::aws::s3::Bucket;

/// Load slots of the S3 pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum S3Slot {
    /// The bucket list.
    Buckets,
}

impl S3Slot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Buckets => "S3 buckets",
        }
    }
}

/// Requests of the S3 pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Request {
    /// Every bucket, page by page, with missing regions filled in.
    Buckets,
}

/// Data for the S3 pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3Payload {
    /// One page of buckets.
    Buckets(Vec<Bucket>),
    /// Regions found for buckets that ListBuckets did not place (name, region).
    BucketRegions(Vec<(String, Option<String>)>),
}

/// The S3 pane.
#[derive(Debug, Clone, Default)]
pub struct S3Pane {
    /// The bucket list.
    pub buckets: Listing<Bucket>,
}

impl PaneState for S3Pane {
    type Slot = S3Slot;
    type Payload = S3Payload;

    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        usize::from(self.buckets.is_loading())
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.buckets.state == LoadState::Idle { self.refresh(ctx) } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (id, command) = ctx.load(Slot::S3(S3Slot::Buckets), LoadRequest::S3(S3Request::Buckets));
        self.buckets.start(id);
        vec![command]
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        match action {
            KeyAction::Back if self.buckets.is_loading() => {
                self.buckets.cancel();
                ctx.info("Stopped loading S3 buckets; the list may be incomplete — press r to reload.");
                return vec![Command::Cancel(Slot::S3(S3Slot::Buckets))];
            }
            KeyAction::Open => {
                if let Some(bucket) = self.buckets.selected_item() {
                    ctx.info(format!("Browsing inside a bucket ({}) is not available in this version.", bucket.name));
                }
            }
            other => self.buckets.navigate(other, rows),
        }
        Vec::new()
    }

    fn on_loaded(
        &mut self,
        slot: S3Slot,
        id: RequestId,
        payload: S3Payload,
        more: bool,
        _ctx: &mut Ctx<'_>,
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
                if !more {
                    self.buckets.finish_keeping_rows();
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_failed(&mut self, slot: S3Slot, id: RequestId, error: Failure, _ctx: &mut Ctx<'_>) {
        match slot {
            S3Slot::Buckets if self.buckets.accepts(id) => self.buckets.fail(error),
            S3Slot::Buckets => {}
        }
    }

    fn resized(&mut self, rows: usize) {
        self.buckets.scroll_into_view(rows);
    }
}
