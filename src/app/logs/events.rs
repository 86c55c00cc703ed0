//! The events view: the events of one scope (a group, a stream, an ECS
//! service's or task's streams) merged in time order, loaded newest first or
//! from a time range, older windows loaded at the top edge, followed as they
//! are written, filtered on AWS (a pattern) and here (`/`), and bounded in
//! memory (the oldest dropped, and counted).

use super::{LogsPayload, LogsRequest, LogsSlot, NEWEST_EVENTS, Since, request, slot};
use crate::app::action::{Command, Failure, RequestId};
use crate::app::ctx::Ctx;
use crate::app::keymap::KeyAction;
use crate::app::lists::ListControl;
use crate::app::table::Filter;
use crate::aws::logs::{FollowCursor, FollowVia, LogEvent};

pub use super::shape::{OLDER_SPAN, Opening, PRESETS, Range, TagStyle, clock, iso, span_label};

/// An older window being loaded: its pages go in before the events held.
#[derive(Debug, Clone, PartialEq, Eq)]
struct OlderLoad {
    id: RequestId,
    insert_at: usize,
    from: i64,
}

/// A save in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saving {
    /// Its request.
    pub id: RequestId,
    /// The file.
    pub path: String,
    /// The lines.
    pub text: String,
    /// Events in them.
    pub events: usize,
}

/// The events view.
#[derive(Debug, Clone)]
pub struct EventsView {
    /// What it shows.
    pub opening: Opening,
    /// The events held, oldest first.
    pub events: Vec<LogEvent>,
    /// Events dropped from the front to stay within `max`.
    pub dropped: u64,
    /// Events kept at most.
    pub max: usize,
    /// The earliest moment loaded (ms): events before it are not held.
    pub from: Option<i64>,
    /// The load that (re)fills the view.
    pub loading: Option<RequestId>,
    replace_on_next: bool,
    older: Option<OlderLoad>,
    /// Whether the view follows new events.
    pub following: bool,
    /// The follow session's request.
    pub follow: Option<RequestId>,
    /// How the session receives events.
    pub via: Option<FollowVia>,
    /// Whether CloudWatch sampled the live tail.
    pub sampled: bool,
    /// Whether the view sticks to the newest event.
    pub sticky: bool,
    /// Events that arrived below the screen while not sticking.
    pub unseen: usize,
    filter: Option<Filter>,
    /// Indices of the events the filter keeps, while there is one.
    view: Option<Vec<usize>>,
    /// The selected line (a position in the view).
    pub selected: usize,
    /// The first line on screen.
    pub offset: usize,
    rows: usize,
    /// Times in UTC (else local).
    pub utc: bool,
    /// The local time zone's offset, when it is known.
    pub local: Option<time::UtcOffset>,
    /// Long lines wrap.
    pub wrap: bool,
    /// The failure that ended the last load, if any.
    pub error: Option<Failure>,
    /// The save in flight, or waiting for `y` to overwrite.
    pub saving: Option<Saving>,
}

impl EventsView {
    /// A view over `opening`, keeping at most `max` events; nothing loaded yet.
    #[must_use]
    pub fn new(opening: Opening, max: usize) -> Self {
        Self {
            opening,
            events: Vec::new(),
            dropped: 0,
            max,
            from: None,
            loading: None,
            replace_on_next: false,
            older: None,
            following: true,
            follow: None,
            via: None,
            sampled: false,
            sticky: true,
            unseen: 0,
            filter: None,
            view: None,
            selected: 0,
            offset: 0,
            rows: 20,
            utc: true,
            local: None,
            wrap: false,
            error: None,
            saving: None,
        }
    }

    /// Starts (or restarts) the load the view opens with; the follow session
    /// starts when it is complete. Events held stay until the first page.
    pub fn start(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let scope = self.opening.scope.clone();
        let req = match self.opening.range {
            Range::Newest => LogsRequest::Newest { scope, limit: NEWEST_EVENTS },
            Range::Last(d) => LogsRequest::Range { scope, since: Since::Ago(d) },
            Range::Since(at) => LogsRequest::Range { scope, since: Since::At(at) },
        };
        let (id, command) = ctx.load(slot(LogsSlot::Events), request(req));
        self.rows = ctx.layout.list_rows.max(1);
        self.loading = Some(id);
        self.replace_on_next = true;
        self.older = None;
        self.error = None;
        let mut commands = vec![Command::Cancel(slot(LogsSlot::Older)), command];
        if self.follow.take().is_some() {
            commands.push(Command::Cancel(slot(LogsSlot::Follow)));
        }
        self.via = None;
        commands
    }

    /// The offset times are shown in.
    #[must_use]
    pub fn offset(&self) -> time::UtcOffset {
        if self.utc { time::UtcOffset::UTC } else { self.local.unwrap_or(time::UtcOffset::UTC) }
    }

    /// Whether a load of the view is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.loading.is_some() || self.older.is_some()
    }

    /// How many loads of the view run (the follow session counts once).
    #[must_use]
    pub fn in_flight(&self) -> usize {
        usize::from(self.loading.is_some()) + usize::from(self.older.is_some())
    }

    /// Whether an older window is being loaded.
    #[must_use]
    pub fn loading_older(&self) -> bool {
        self.older.is_some()
    }

    /// The filter as typed.
    #[must_use]
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// Lines in the view (events the filter keeps).
    #[must_use]
    pub fn len(&self) -> usize {
        self.view.as_ref().map_or(self.events.len(), Vec::len)
    }

    /// Whether no line is shown.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The event at view position `position`.
    #[must_use]
    pub fn line(&self, position: usize) -> Option<&LogEvent> {
        let index = match &self.view {
            Some(view) => *view.get(position)?,
            None => position,
        };
        self.events.get(index)
    }

    /// The selected event.
    #[must_use]
    pub fn selected_event(&self) -> Option<&LogEvent> {
        self.line(self.selected)
    }

    /// The events shown (filtered), oldest first.
    pub fn shown(&self) -> impl Iterator<Item = &LogEvent> {
        (0..self.len()).filter_map(|p| self.line(p))
    }

    /// A key of the view: navigation, follow, wrap, time zone, ranges.
    pub fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.rows = ctx.layout.list_rows.max(1);
        let page = self.rows.saturating_sub(1).max(1);
        match action {
            KeyAction::Down => self.move_to(self.selected.saturating_add(1)),
            KeyAction::PageDown => self.move_to(self.selected.saturating_add(page)),
            KeyAction::Bottom => self.stick(),
            KeyAction::Up | KeyAction::PageUp | KeyAction::Top => {
                let at_top = self.selected == 0;
                let target = match action {
                    KeyAction::Up => self.selected.saturating_sub(1),
                    KeyAction::PageUp => self.selected.saturating_sub(page),
                    _ => 0,
                };
                self.move_to(target);
                if at_top || action == KeyAction::Top {
                    return self.load_older(ctx);
                }
            }
            KeyAction::LogsFollow => return self.toggle_follow(ctx),
            KeyAction::LogsWrap => {
                self.wrap = !self.wrap;
                ctx.info(if self.wrap { "Long lines wrap." } else { "Long lines are cut; w wraps them." });
            }
            KeyAction::LogsZone => match self.local {
                None => ctx.info("The local time zone is not known here: times stay in UTC."),
                Some(local) => {
                    self.utc = !self.utc;
                    let (h, m, _) = local.as_hms();
                    let sign = if local.is_negative() { '-' } else { '+' };
                    ctx.info(if self.utc {
                        "Times in UTC.".to_owned()
                    } else {
                        format!("Times in local time (UTC{sign}{:02}:{:02}).", h.abs(), m.abs())
                    });
                }
            },
            KeyAction::LogsRange => {
                self.opening.range = self.opening.range.next_preset();
                ctx.info(format!("Events: {}.", self.opening.range.label()));
                return self.start(ctx);
            }
            _ => {}
        }
        Vec::new()
    }

    /// Moves the selection; moving off the newest event stops sticking to it.
    fn move_to(&mut self, position: usize) {
        let last = self.len().saturating_sub(1);
        self.selected = position.min(last);
        self.sticky = self.selected >= last && self.sticky;
        if self.selected < last {
            self.sticky = false;
        }
        self.scroll_into_view();
    }

    /// `G`: back to the newest event, sticking to it.
    pub fn stick(&mut self) {
        self.selected = self.len().saturating_sub(1);
        self.sticky = true;
        self.unseen = 0;
        self.scroll_into_view();
    }

    fn scroll_into_view(&mut self) {
        let rows = self.rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    /// The terminal now shows `rows` lines.
    pub fn resized(&mut self, rows: usize) {
        self.rows = rows.max(1);
        if self.sticky {
            self.stick();
        } else {
            self.scroll_into_view();
        }
    }

    /// `f`: stops following, or starts again from the newest event held.
    pub fn toggle_follow(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.following {
            self.following = false;
            self.via = None;
            ctx.info("Stopped following; f follows again.");
            return self.follow.take().map(|_| Command::Cancel(slot(LogsSlot::Follow))).into_iter().collect();
        }
        self.following = true;
        self.stick();
        ctx.info("Following new events.");
        if self.loading.is_some() { Vec::new() } else { self.start_follow(ctx) }
    }

    fn start_follow(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let since = self.events.last().map_or_else(|| self.from.unwrap_or(0), |e| e.timestamp);
        let cursor = FollowCursor::after(&self.events, since);
        let (id, command) = ctx
            .load(slot(LogsSlot::Follow), request(LogsRequest::Follow { scope: self.opening.scope.clone(), cursor }));
        self.follow = Some(id);
        vec![command]
    }

    /// Loads the window before the oldest event held (the top edge).
    pub fn load_older(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.older.is_some() || self.loading.is_some() {
            return Vec::new();
        }
        let Some(before) = self.from.or_else(|| self.events.first().map(|e| e.timestamp)) else {
            ctx.info("No events here to load older ones before.");
            return Vec::new();
        };
        let span = self.opening.range.span();
        let req = LogsRequest::Older { scope: self.opening.scope.clone(), before, span };
        let (id, command) = ctx.load(slot(LogsSlot::Older), request(req));
        let from = before.saturating_sub(i64::try_from(span.as_millis()).unwrap_or(i64::MAX));
        self.older = Some(OlderLoad { id, insert_at: 0, from });
        ctx.info(format!("Loading the {} before the oldest event…", span_label(span)));
        vec![command]
    }

    /// A result for one of the view's loads; stale ids are ignored.
    pub fn loaded(
        &mut self,
        which: LogsSlot,
        id: RequestId,
        payload: LogsPayload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (which, payload) {
            (LogsSlot::Events, LogsPayload::Events { events, from }) if self.loading == Some(id) => {
                if std::mem::take(&mut self.replace_on_next) {
                    self.events.clear();
                    self.dropped = 0;
                    self.from = None;
                    self.unseen = 0;
                    self.rebuild_view();
                    self.sticky = true;
                }
                if let Some(from) = from {
                    self.from = Some(self.from.map_or(from, |f| f.min(from)));
                }
                self.append(events);
                if !more {
                    self.loading = None;
                    if self.from.is_none() {
                        self.from = self.events.first().map(|e| e.timestamp);
                    }
                    if self.following && self.follow.is_none() {
                        return self.start_follow(ctx);
                    }
                }
            }
            (LogsSlot::Older, LogsPayload::Events { events, .. })
                if self.older.as_ref().is_some_and(|o| o.id == id) =>
            {
                self.prepend(events);
                if !more && let Some(older) = self.older.take() {
                    let before = self.from;
                    self.from = Some(older.from);
                    if older.insert_at == 0 {
                        ctx.info(format!(
                            "No events in the {} before {}; press k at the top for the window before it.",
                            span_label(self.opening.range.span()),
                            before.map_or_else(String::new, |b| clock(b, self.offset()))
                        ));
                    }
                }
            }
            (LogsSlot::Follow, LogsPayload::Followed(batch)) if self.follow == Some(id) => {
                self.via = Some(batch.via);
                self.sampled = batch.sampled;
                self.append(batch.events);
            }
            _ => {}
        }
        Vec::new()
    }

    /// A failure of one of the view's loads.
    pub fn failed(&mut self, which: LogsSlot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        match which {
            LogsSlot::Events if self.loading == Some(id) => {
                self.loading = None;
                self.replace_on_next = false;
                self.error = Some(error);
            }
            LogsSlot::Older if self.older.as_ref().is_some_and(|o| o.id == id) => {
                self.older = None;
                ctx.error(format!("Older events could not be loaded: {}", error.message));
            }
            LogsSlot::Follow if self.follow == Some(id) => {
                self.follow = None;
                self.following = false;
                self.via = None;
                ctx.error(format!("Stopped following: {} Press f to follow again.", error.message));
            }
            _ => {}
        }
    }

    /// Adds events after those held (in time order), keeping within `max`.
    fn append(&mut self, mut batch: Vec<LogEvent>) {
        if batch.is_empty() {
            return;
        }
        batch.sort_by_key(|e| e.timestamp);
        let in_order = self.events.last().is_none_or(|last| last.timestamp <= batch[0].timestamp);
        let added = batch.len();
        if in_order {
            let start = self.events.len();
            self.events.extend(batch);
            if let (Some(filter), Some(view)) = (&self.filter, &mut self.view) {
                view.extend((start..self.events.len()).filter(|&i| filter.keeps(&self.events[i])));
            }
        } else {
            // Live tail may deliver a late event: merge it where it belongs.
            let selected = self.selected_key();
            for event in batch {
                let at = self.events.partition_point(|e| e.timestamp <= event.timestamp);
                self.events.insert(at, event);
            }
            self.rebuild_view();
            self.reselect(selected);
        }
        self.trim();
        if self.sticky {
            self.stick();
        } else {
            self.unseen += added;
        }
    }

    /// Puts an older page before the events held (pages of one window arrive oldest first).
    fn prepend(&mut self, batch: Vec<LogEvent>) {
        let Some(at) = self.older.as_ref().map(|o| o.insert_at) else { return };
        let limit = self.events.get(at).map(|e| e.timestamp);
        let batch: Vec<LogEvent> = batch.into_iter().filter(|e| limit.is_none_or(|l| e.timestamp <= l)).collect();
        if batch.is_empty() {
            return;
        }
        let selected = self.selected_key();
        if let Some(older) = &mut self.older {
            older.insert_at += batch.len();
        }
        self.events.splice(at..at, batch);
        self.rebuild_view();
        self.reselect(selected);
        self.sticky = false;
        // Older events push the oldest held out only if the cap is reached; drop from the new end then.
        if self.events.len() > self.max {
            let excess = self.events.len() - self.max;
            self.events.truncate(self.max);
            self.dropped += excess as u64;
            self.rebuild_view();
            self.selected = self.selected.min(self.len().saturating_sub(1));
        }
    }

    /// Drops the oldest events beyond `max` (in tenths, so it is not done per event).
    fn trim(&mut self) {
        if self.events.len() <= self.max {
            return;
        }
        let excess = self.events.len() - self.max + self.max / 10;
        let excess = excess.min(self.events.len());
        let selected = self.selected_key();
        self.events.drain(..excess);
        self.dropped += excess as u64;
        self.from = self.events.first().map(|e| e.timestamp);
        self.rebuild_view();
        self.reselect(selected);
    }

    /// The selected event's place in `events`, to find it again after a change.
    fn selected_key(&self) -> Option<(i64, String, String)> {
        self.selected_event().map(|e| (e.timestamp, e.stream.clone(), e.message.clone()))
    }

    fn reselect(&mut self, key: Option<(i64, String, String)>) {
        if self.sticky {
            self.stick();
            return;
        }
        let Some((ts, stream, message)) = key else { return };
        let found = (0..self.len())
            .find(|&p| self.line(p).is_some_and(|e| e.timestamp == ts && e.stream == stream && e.message == message));
        if let Some(position) = found {
            let shift = position as isize - self.selected as isize;
            self.selected = position;
            self.offset = (self.offset as isize + shift).max(0) as usize;
        }
        self.selected = self.selected.min(self.len().saturating_sub(1));
        self.scroll_into_view();
    }

    fn rebuild_view(&mut self) {
        self.view = self
            .filter
            .as_ref()
            .map(|f| self.events.iter().enumerate().filter(|(_, e)| f.keeps(*e)).map(|(i, _)| i).collect());
    }

    /// The lines `s` writes: the events shown, one per line (time in UTC, stream, message).
    #[must_use]
    pub fn save_text(&self) -> (String, usize) {
        let mut text = String::new();
        let mut count = 0;
        for event in self.shown() {
            text.push_str(&iso(event.timestamp));
            text.push(' ');
            text.push_str(&event.stream);
            text.push(' ');
            text.push_str(&event.message);
            if !event.message.ends_with('\n') {
                text.push('\n');
            }
            count += 1;
        }
        (text, count)
    }

    /// Asks the loader to write the events shown to `path`.
    pub fn save(&mut self, path: String, overwrite: bool, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let (text, events) = self.save_text();
        let req = LogsRequest::Save { path: path.clone(), text: text.clone(), events, overwrite };
        let (id, command) = ctx.load(slot(LogsSlot::Save), request(req));
        self.saving = Some(Saving { id, path, text, events });
        vec![command]
    }

    /// The save failed.
    pub fn save_failed(&mut self, id: RequestId, error: &Failure, ctx: &mut Ctx<'_>) {
        if let Some(saving) = self.saving.take_if(|s| s.id == id) {
            ctx.error(format!("Could not save {}: {}", saving.path, error.message));
        }
    }
}

impl ListControl for EventsView {
    fn filter_text(&self) -> Option<&str> {
        self.filter.as_ref().map(|f| f.text.as_str())
    }
    fn set_filter(&mut self, text: &str) {
        let selected = self.selected_key();
        self.filter = Filter::parse(text);
        self.rebuild_view();
        self.reselect(selected);
    }
    fn cycle_sort(&mut self, _step: isize) {}
    fn flip_sort(&mut self) {}
    fn counts(&self) -> (usize, usize) {
        (self.events.len(), self.len())
    }
    fn is_loading(&self) -> bool {
        EventsView::is_loading(self)
    }
    fn select_position(&mut self, position: usize) {
        if position < self.len() {
            self.move_to(position);
        }
    }
    fn window_position(&self) -> (usize, usize) {
        (self.offset, self.selected)
    }
}
