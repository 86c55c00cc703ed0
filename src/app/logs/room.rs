//! The Logs pane as a room: what the app asks of it.

use crossterm::event::KeyEvent;

use super::prompts::{Prompt, default_file_name};
use super::*;
use crate::app::goto::{GoCommand, Target, word};
use crate::app::input::TextInput;
use crate::app::keymap::Key::Char;
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::listing::LoadState;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};

/// The keys of the Logs pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('S')],
        action: KeyAction::LogsStreams,
        help: "streams; in a service's events: stopped too",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('f')],
        action: KeyAction::LogsFollow,
        help: "events: follow new events / stop",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('t')],
        action: KeyAction::LogsRange,
        help: "events: newest, last 5m, 1h, 24h, 7d",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('T')],
        action: KeyAction::LogsSince,
        help: "events: from a time (2h, 2026-12-03 14:02)",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('p')],
        action: KeyAction::LogsPattern,
        help: "events: CloudWatch filter pattern (:grep)",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('w')],
        action: KeyAction::LogsWrap,
        help: "events: wrap long lines",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('z')],
        action: KeyAction::LogsZone,
        help: "events: times in UTC / local time",
        group: Group::Pane(Pane::Logs),
    },
    Binding {
        keys: &[Char('s')],
        action: KeyAction::LogsSave,
        help: "events: save the events shown to a file",
        group: Group::Pane(Pane::Logs),
    },
];

/// The Logs pane's `:` commands.
const COMMANDS: &[GoCommand] = &[
    GoCommand { names: &["logs", "log", "lg"], args: "[group-prefix]", target: logs_target },
    GoCommand { names: &["grep"], args: "[pattern]", target: grep_target },
];

fn logs_target(arg: &str) -> Target {
    Target::Logs(word(arg))
}

fn grep_target(arg: &str) -> Target {
    Target::LogsGrep(arg.trim().to_owned())
}

impl Room for LogsPane {
    fn reset(&mut self) {
        let max = self.max_events;
        *self = Self::default();
        self.max_events = max;
    }

    fn in_flight(&self) -> usize {
        usize::from(self.groups.is_loading())
            + self.streams.as_ref().map_or(0, |v| usize::from(v.listing.is_loading()))
            + self.events.as_ref().map_or(0, EventsView::in_flight)
            + usize::from(self.scope_request.is_some())
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.groups.state == LoadState::Idle { vec![self.load_groups(ctx)] } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if let Some(view) = &mut self.events {
            return view.start(ctx);
        }
        if let Some(view) = &mut self.streams {
            return vec![Self::load_streams(view, ctx)];
        }
        vec![self.load_groups(ctx)]
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        if let Some(view) = &mut self.events {
            return match action {
                KeyAction::Back => {
                    let mut commands = self.close_events();
                    if self.groups.state == LoadState::Idle {
                        commands.push(self.load_groups(ctx));
                    }
                    commands
                }
                KeyAction::Open => {
                    ctx.describe();
                    Vec::new()
                }
                KeyAction::LogsStreams => self.toggle_stopped_tasks(ctx),
                KeyAction::LogsSince => {
                    self.ask(Prompt::Since(TextInput::default()));
                    Vec::new()
                }
                KeyAction::LogsPattern => {
                    let current = view.opening.scope.pattern.clone().unwrap_or_default();
                    self.ask(Prompt::Pattern(TextInput::with_value(current)));
                    Vec::new()
                }
                KeyAction::LogsSave => {
                    // Like downloads: read-only writes no file either.
                    if ctx.refuse_if_read_only("save log events to a file") {
                        return Vec::new();
                    }
                    if view.is_empty() {
                        ctx.info("No events shown: nothing to save.");
                    } else {
                        let name = default_file_name(&view.opening.title);
                        self.ask(Prompt::SavePath(TextInput::with_value(name)));
                    }
                    Vec::new()
                }
                other => view.on_key(other, ctx),
            };
        }
        if let Some(view) = &mut self.streams {
            return match action {
                KeyAction::Back => {
                    self.streams = None;
                    vec![Command::Cancel(slot(LogsSlot::Streams))]
                }
                KeyAction::Open => self.open_stream(ctx),
                other => {
                    view.listing.navigate(other, rows);
                    Vec::new()
                }
            };
        }
        match action {
            KeyAction::Open => self.open_group(ctx),
            KeyAction::LogsStreams => self.open_streams(ctx),
            KeyAction::Back if self.groups.is_loading() => {
                self.groups.cancel();
                ctx.info("Stopped listing log groups.");
                vec![Command::Cancel(slot(LogsSlot::Groups))]
            }
            KeyAction::LogsFollow
            | KeyAction::LogsRange
            | KeyAction::LogsSince
            | KeyAction::LogsPattern
            | KeyAction::LogsSave => {
                ctx.info("Open a log group (Enter) or its streams (S) first.");
                Vec::new()
            }
            other => {
                self.groups.navigate(other, rows);
                Vec::new()
            }
        }
    }

    fn captures_input(&self) -> bool {
        self.prompt.is_some()
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.prompt_key(key, ctx)
    }

    fn resized(&mut self, layout: &Layout) {
        let rows = layout.list_rows;
        self.groups.scroll_into_view(rows);
        if let Some(view) = &mut self.streams {
            view.listing.scroll_into_view(rows);
        }
        if let Some(view) = &mut self.events {
            view.resized(rows);
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        if let Some(view) = &mut self.events {
            return Some(view);
        }
        if let Some(view) = &mut self.streams {
            return Some(&mut view.listing);
        }
        Some(&mut self.groups)
    }

    fn location(&self) -> Target {
        match &self.events {
            Some(view) => Target::LogEvents(Box::new(view.opening.clone())),
            None => Target::Logs(self.prefix.clone()),
        }
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match target {
            Target::Logs(prefix) => {
                let mut commands = self.close_events();
                self.streams = None;
                if prefix != self.prefix || self.groups.state == LoadState::Idle {
                    self.prefix = prefix.clone();
                    self.groups.reset();
                    commands.push(self.load_groups(ctx));
                }
                self.select_group = prefix;
                commands
            }
            Target::LogEvents(opening) => {
                if self.groups.state == LoadState::Idle {
                    let mut commands = vec![self.load_groups(ctx)];
                    commands.extend(self.open_events(*opening, ctx));
                    return commands;
                }
                self.open_events(*opening, ctx)
            }
            Target::LogsGrep(pattern) => self.set_pattern(&pattern, ctx),
            _ => Vec::new(),
        }
    }

    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource> {
        self.resource_at(place)
    }
}

impl PaneState for LogsPane {
    type Slot = LogsSlot;
    type Payload = LogsPayload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn on_loaded(
        &mut self,
        which: LogsSlot,
        id: RequestId,
        payload: LogsPayload,
        more: bool,
        ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (which, payload) {
            (LogsSlot::Groups, LogsPayload::Groups(page)) if self.groups.accepts(id) => {
                self.on_groups_page(page, more, ctx);
            }
            (LogsSlot::Streams, LogsPayload::Streams(page)) => {
                if let Some(view) = self.streams.as_mut().filter(|v| v.listing.accepts(id)) {
                    view.listing.push_page(page, more);
                }
            }
            (LogsSlot::Save, payload) => self.saved(id, payload, ctx),
            (LogsSlot::Scope, LogsPayload::EcsStreams { tasks, definitions }) => {
                return self.scope_found(id, &tasks, &definitions, ctx);
            }
            (which, payload) => {
                if let Some(view) = &mut self.events {
                    return view.loaded(which, id, payload, more, ctx);
                }
            }
        }
        Vec::new()
    }

    fn on_failed(&mut self, which: LogsSlot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
        self.fail_in(which, id, error, ctx);
    }
}
