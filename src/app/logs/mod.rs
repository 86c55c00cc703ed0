//! The CloudWatch Logs pane: log groups, a group's streams, and the events
//! view (one group, one stream, or the streams of an ECS service or task,
//! merged in time order and followed as they are written).

pub mod ecs;
pub mod events;
mod prompts;
pub(crate) mod resource;
mod room;
pub mod shape;

use std::time::Duration;

use self::events::{EventsView, Opening};
use self::prompts::Prompt;
use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::listing::Listing;
use super::table::{SortKey, Tabular, sort_columns};
use crate::aws::logs::{EventScope, FollowBatch, FollowCursor, LogEvent, LogGroup, LogStream};

pub use self::events::{Range, TagStyle};

/// Events kept in memory by default; older ones are dropped (and counted).
pub const DEFAULT_MAX_EVENTS: usize = 100_000;

/// Events asked for when a view opens at the newest events.
pub const NEWEST_EVENTS: usize = 1_000;

/// Load slots of the Logs pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogsSlot {
    /// The log group list.
    Groups,
    /// A group's streams.
    Streams,
    /// The events a view opens with (or reloads).
    Events,
    /// Older events, loaded at the top edge.
    Older,
    /// The follow session of the events view.
    Follow,
    /// Saving the events to a file.
    Save,
    /// The tasks and task definitions of the ECS service on screen.
    Scope,
}

impl LogsSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Groups => "log groups",
            Self::Streams => "log streams",
            Self::Events => "log events",
            Self::Older => "older log events",
            Self::Follow => "new log events",
            Self::Save => "the saved log file",
            Self::Scope => "the ECS service's tasks and task definitions",
        }
    }
}

/// Where an events load starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// This long before now (resolved by the loader, which has the clock).
    Ago(Duration),
    /// At this millisecond since the epoch.
    At(i64),
}

/// Requests of the Logs pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogsRequest {
    /// Log groups (DescribeLogGroups), with a name prefix sent to AWS.
    Groups {
        /// The prefix, if any.
        prefix: Option<String>,
    },
    /// A group's streams, newest first.
    Streams {
        /// The group.
        group: String,
        /// Its region, when not the context's.
        region: Option<String>,
    },
    /// The newest events of a scope, however old.
    Newest {
        /// What to read.
        scope: EventScope,
        /// How many.
        limit: usize,
    },
    /// Every event of a scope from `since` to now, page by page.
    Range {
        /// What to read.
        scope: EventScope,
        /// Where to start.
        since: Since,
    },
    /// The events of a scope in the `span` before `before` (ms), page by page.
    Older {
        /// What to read.
        scope: EventScope,
        /// The end of the window (exclusive).
        before: i64,
        /// Its length.
        span: Duration,
    },
    /// New events of a scope as they are written, until cancelled.
    Follow {
        /// What to follow.
        scope: EventScope,
        /// What the view already holds.
        cursor: FollowCursor,
    },
    /// The tasks of an ECS service (running, and stopped ones when asked)
    /// and their task definitions: where its streams are.
    EcsStreams {
        /// The service.
        origin: ecs::EcsOrigin,
    },
    /// Writes `text` to `path` atomically (a temporary file renamed over it).
    Save {
        /// The file.
        path: String,
        /// The lines, each ending in a newline.
        text: String,
        /// How many events they hold.
        events: usize,
        /// Whether an existing file may be replaced.
        overwrite: bool,
    },
}

/// Data for the Logs pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogsPayload {
    /// One page of log groups.
    Groups(Vec<LogGroup>),
    /// One page of streams.
    Streams(Vec<LogStream>),
    /// One page of events, oldest first, and where the window they come from starts (ms).
    Events {
        /// The events.
        events: Vec<LogEvent>,
        /// The start of the window asked for, when it had one.
        from: Option<i64>,
    },
    /// New events of the follow session.
    Followed(FollowBatch),
    /// The file was written.
    Saved {
        /// The file.
        path: String,
        /// Events written.
        events: usize,
    },
    /// An ECS service's tasks and their task definitions.
    EcsStreams {
        /// The tasks.
        tasks: Vec<crate::aws::ecs::Task>,
        /// Their task definitions.
        definitions: Vec<crate::aws::ecs::TaskDefinition>,
    },
    /// The file exists and was left alone.
    SaveExists {
        /// The file.
        path: String,
    },
}

/// A group's streams, newest first.
#[derive(Debug, Clone, Default)]
pub struct StreamsView {
    /// The group.
    pub group: String,
    /// Its streams.
    pub listing: Listing<LogStream>,
}

/// The Logs pane.
#[derive(Debug, Clone)]
pub struct LogsPane {
    /// Every log group (or those with `prefix`).
    pub groups: Listing<LogGroup>,
    /// The name prefix sent to AWS (`:logs /ecs/`).
    pub prefix: Option<String>,
    /// A group's streams, when open.
    pub streams: Option<StreamsView>,
    /// The events view, when open (on top of the streams, if they are open).
    pub events: Option<EventsView>,
    /// The prompt over the pane, if any.
    pub prompt: Option<Prompt>,
    /// Events an events view keeps before it drops the oldest.
    pub max_events: usize,
    /// A group to select once it is listed (a deep link).
    select_group: Option<String>,
    /// The service's tasks being read for `S`, and what the scope becomes.
    scope_request: Option<(RequestId, ecs::EcsOrigin)>,
}

impl Default for LogsPane {
    fn default() -> Self {
        Self {
            groups: Listing::default(),
            prefix: None,
            streams: None,
            events: None,
            prompt: None,
            max_events: DEFAULT_MAX_EVENTS,
            select_group: None,
            scope_request: None,
        }
    }
}

fn slot(s: LogsSlot) -> Slot {
    Slot::Logs(s)
}

fn request(r: LogsRequest) -> LoadRequest {
    LoadRequest::Logs(r)
}

impl LogsPane {
    /// The same pane with a different cap on events kept (at least 1,000).
    #[must_use]
    pub fn with_max_events(mut self, max: usize) -> Self {
        self.max_events = max.max(1_000);
        self
    }

    fn load_groups(&mut self, ctx: &mut Ctx<'_>) -> Command {
        let (id, command) =
            ctx.load(slot(LogsSlot::Groups), request(LogsRequest::Groups { prefix: self.prefix.clone() }));
        self.groups.start(id);
        command
    }

    fn load_streams(view: &mut StreamsView, ctx: &mut Ctx<'_>) -> Command {
        let (id, command) = ctx
            .load(slot(LogsSlot::Streams), request(LogsRequest::Streams { group: view.group.clone(), region: None }));
        view.listing.start(id);
        command
    }

    /// Opens the events view over `opening`, replacing any open one.
    fn open_events(&mut self, opening: Opening, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = self.close_events();
        let mut view = EventsView::new(opening, self.max_events);
        view.local = ctx.local_offset;
        commands.extend(view.start(ctx));
        self.events = Some(view);
        commands
    }

    /// Closes the events view, stopping its loads.
    fn close_events(&mut self) -> Vec<Command> {
        match self.events.take() {
            Some(_) => [LogsSlot::Events, LogsSlot::Older, LogsSlot::Follow]
                .into_iter()
                .map(|s| Command::Cancel(slot(s)))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Enter on the group list: the group's events.
    fn open_group(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(group) = self.groups.selected_item().map(|g| g.name.clone()) else { return Vec::new() };
        let scope = EventScope { group: group.clone(), ..EventScope::default() };
        self.open_events(Opening::new(scope, format!("log group {group}"), TagStyle::Suffix), ctx)
    }

    /// `S` on the group list: the group's streams.
    fn open_streams(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(group) = self.groups.selected_item().map(|g| g.name.clone()) else { return Vec::new() };
        let mut view = StreamsView { group, listing: Listing::default() };
        let command = Self::load_streams(&mut view, ctx);
        self.streams = Some(view);
        vec![command]
    }

    /// Enter on a stream: that stream's events.
    fn open_stream(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(view) = &self.streams else { return Vec::new() };
        let Some(stream) = view.listing.selected_item().map(|s| s.name.clone()) else { return Vec::new() };
        let scope = EventScope { group: view.group.clone(), streams: vec![stream.clone()], ..EventScope::default() };
        let title = format!("stream {stream} of {}", view.group);
        self.open_events(Opening::new(scope, title, TagStyle::Suffix), ctx)
    }

    fn on_groups_page(&mut self, page: Vec<LogGroup>, more: bool, ctx: &mut Ctx<'_>) {
        self.groups.push_page(page, more);
        if let Some(name) = &self.select_group {
            if let Some(index) = self.groups.items.iter().position(|g| &g.name == name) {
                self.groups.select_index(index);
                self.groups.scroll_into_view(ctx.rows);
                self.select_group = None;
            } else if !more {
                ctx.error(format!("Log group {name} is not in this account and region."));
                self.select_group = None;
            }
        }
    }

    /// `S` in a service's events: adds the tasks that stopped (or goes back
    /// to the running ones), reading the service's tasks again.
    fn toggle_stopped_tasks(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let origin = self.events.as_ref().and_then(|v| v.opening.origin.clone());
        let Some(origin) = origin else {
            ctx.info("S adds stopped tasks to a service's logs (open them with l on an ECS service).");
            return Vec::new();
        };
        let origin = ecs::EcsOrigin { stopped: !origin.stopped, ..origin };
        ctx.info(if origin.stopped {
            format!("Adding the stopped tasks of {} (ECS keeps them about an hour)…", origin.service)
        } else {
            format!("Back to the running tasks of {}…", origin.service)
        });
        let (id, command) =
            ctx.load(slot(LogsSlot::Scope), request(LogsRequest::EcsStreams { origin: origin.clone() }));
        self.scope_request = Some((id, origin));
        vec![command]
    }

    /// The service's tasks arrived: reopen its events over their streams,
    /// keeping the range and the pattern.
    fn scope_found(
        &mut self,
        id: RequestId,
        tasks: &[crate::aws::ecs::Task],
        definitions: &[crate::aws::ecs::TaskDefinition],
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        let Some((_, origin)) = self.scope_request.take_if(|(i, _)| *i == id) else { return Vec::new() };
        let title = if origin.stopped {
            format!("service {} (running and stopped tasks)", origin.service)
        } else {
            format!("service {}", origin.service)
        };
        match ecs::log_opening(&title, tasks, definitions) {
            Ok(mut opening) => {
                if let Some(view) = &self.events {
                    opening.range = view.opening.range;
                    opening.scope.pattern.clone_from(&view.opening.scope.pattern);
                }
                opening.origin = Some(origin);
                self.open_events(opening, ctx)
            }
            Err(why) => {
                ctx.error(why);
                Vec::new()
            }
        }
    }

    fn fail_in(&mut self, which: LogsSlot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        match which {
            LogsSlot::Groups if self.groups.accepts(id) => self.groups.fail(error),
            LogsSlot::Streams => {
                if let Some(view) = self.streams.as_mut().filter(|v| v.listing.accepts(id)) {
                    view.listing.fail(error);
                }
            }
            LogsSlot::Events | LogsSlot::Older | LogsSlot::Follow => {
                if let Some(view) = &mut self.events {
                    view.failed(which, id, error, ctx);
                }
            }
            LogsSlot::Save => {
                if let Some(view) = &mut self.events {
                    view.save_failed(id, &error, ctx);
                }
            }
            LogsSlot::Scope => {
                if self.scope_request.take_if(|(i, _)| *i == id).is_some() {
                    ctx.error(format!("Could not read the service's tasks: {}", error.message));
                }
            }
            LogsSlot::Groups => {}
        }
    }
}

sort_columns!(
    /// The columns of the log group list.
    GroupColumn { Name = "NAME", Stored = "STORED", Retention = "RETENTION", Class = "CLASS", Created = "CREATED" }
);

sort_columns!(
    /// The columns of a group's streams.
    StreamColumn { Name = "NAME", LastEvent = "LAST EVENT", FirstEvent = "FIRST EVENT" }
);

impl Tabular for LogGroup {
    type Column = GroupColumn;
    fn sort_key(&self, column: GroupColumn) -> SortKey<'_> {
        match column {
            GroupColumn::Name => SortKey::text(&self.name),
            GroupColumn::Stored => self.stored_bytes.map_or(SortKey::Missing, SortKey::num),
            // Kept forever sorts after every limit.
            GroupColumn::Retention => SortKey::num(self.retention_days.map_or(i64::MAX, i64::from)),
            GroupColumn::Class => SortKey::opt_text(self.class.as_deref()),
            GroupColumn::Created => SortKey::time(self.created),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.class.as_deref().is_some_and(&mut *test)
    }
}

impl Tabular for LogStream {
    type Column = StreamColumn;
    fn sort_key(&self, column: StreamColumn) -> SortKey<'_> {
        match column {
            StreamColumn::Name => SortKey::text(&self.name),
            StreamColumn::LastEvent => SortKey::time(self.last_event),
            StreamColumn::FirstEvent => SortKey::time(self.first_event),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name)
    }
}
