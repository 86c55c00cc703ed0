//! What a pane may use from the app while it handles an event: request ids,
//! the context generation, the environment loads run in, the status line,
//! the read-only gate and the page size.

use super::StatusMessage;
use super::action::{Command, LoadRequest, RequestId, Slot};

/// A pane's window onto the app while it handles one event.
pub struct Ctx<'a> {
    /// The context generation loads run under.
    pub generation: u64,
    /// Whether mutations are refused.
    pub read_only: bool,
    /// Table rows visible in the pane (`layout.list_rows`).
    pub rows: usize,
    /// The screen's geometry.
    pub layout: super::layout::Layout,
    /// The local time zone's offset, when the runtime could tell.
    pub local_offset: Option<time::UtcOffset>,
    /// When the current credentials end (Unix ms), if they are temporary.
    pub credentials_end_ms: Option<i64>,
    /// Where loads go (profile, region, role), once connected.
    pub environment: Option<&'a crate::aws::AwsEnvironment>,
    /// The profiles of the AWS config files, once read (empty until then).
    pub profiles: &'a [String],
    pub(super) next_request: &'a mut u64,
    pub(super) status: &'a mut Option<StatusMessage>,
    pub(super) asks: &'a mut Vec<Ask>,
}

/// What a pane asks the app to do once it has handled the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// Show a place, in this pane or another (`l` on an ECS service opens its logs).
    Open(super::goto::Target),
    /// Describe the selection (the `d` view).
    Describe,
    /// Switch to `context` (two-phase; nothing when it is the one on
    /// screen), then show `target` there: a Find result's jump.
    SwitchAndOpen {
        /// Where the resource lives.
        context: Box<crate::aws::AwsContext>,
        /// The resource, in its pane.
        target: super::goto::Target,
    },
    /// Back to the view visited before (as `[`).
    Back,
}

impl Ctx<'_> {
    /// A fresh request id.
    pub fn next_id(&mut self) -> RequestId {
        *self.next_request += 1;
        RequestId(*self.next_request)
    }

    /// A load command in `slot` under a fresh id; returns the id with it.
    pub fn load(&mut self, slot: Slot, request: LoadRequest) -> (RequestId, Command) {
        let id = self.next_id();
        (id, Command::Load { slot, id, generation: self.generation, request })
    }

    /// Asks the app to show `target` (in its own pane) after this event.
    pub fn open(&mut self, target: super::goto::Target) {
        self.asks.push(Ask::Open(target));
    }

    /// Asks the app to switch to `context` and show `target` there after
    /// this event (the history keeps the view the jump left).
    pub fn switch_and_open(&mut self, context: crate::aws::AwsContext, target: super::goto::Target) {
        self.asks.push(Ask::SwitchAndOpen { context: Box::new(context), target });
    }

    /// Asks the app to go back to the view visited before this one.
    pub fn back(&mut self) {
        self.asks.push(Ask::Back);
    }

    /// Asks the app to describe the selection after this event.
    pub fn describe(&mut self) {
        self.asks.push(Ask::Describe);
    }

    /// Shows an informational message on the status line.
    pub fn info(&mut self, text: impl Into<String>) {
        *self.status = Some(StatusMessage { text: text.into(), is_error: false });
    }

    /// Shows an error on the status line.
    pub fn error(&mut self, text: impl Into<String>) {
        *self.status = Some(StatusMessage { text: text.into(), is_error: true });
    }

    /// Whether the status line has a message for this event already.
    #[must_use]
    pub fn has_status(&self) -> bool {
        self.status.is_some()
    }

    /// The read-only gate every mutation passes: returns `true` (and says why
    /// on the status line) when `what` must be refused.
    pub fn refuse_if_read_only(&mut self, what: &str) -> bool {
        if self.read_only {
            self.error(format!("Read-only mode: refusing to {what}. Restart without --read-only to make changes."));
        }
        self.read_only
    }
}
