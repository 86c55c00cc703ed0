//! The Logs pane's prompts: a start time (`T`), a CloudWatch filter pattern
//! (`p`, or `:grep`), a file to save to (`s`), and the question before a save
//! replaces a file.

use crossterm::event::KeyEvent;

use super::events::Range;
use super::{LogsPane, LogsPayload};
use crate::app::action::{Command, RequestId};
use crate::app::ctx::Ctx;
use crate::app::input::{InputOutcome, TextInput, confirm_key};

/// A prompt over the Logs pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// Where the events start: `15m`, `2h`, `3d`, or `2026-12-03 14:02` (UTC).
    Since(TextInput),
    /// A CloudWatch filter pattern (empty clears it).
    Pattern(TextInput),
    /// The file `s` writes.
    SavePath(TextInput),
    /// The file exists: `y` replaces it.
    Overwrite {
        /// The file.
        path: String,
    },
}

impl Prompt {
    /// The question the prompt asks.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Since(_) => "Events from (15m, 2h, 3d, or 2026-12-03 14:02 UTC): ".to_owned(),
            Self::Pattern(_) => "CloudWatch filter pattern (empty clears): ".to_owned(),
            Self::SavePath(_) => "Save the events shown to: ".to_owned(),
            Self::Overwrite { path } => format!("{path} exists. Replace it? y replaces, n keeps it"),
        }
    }

    /// The text field, when the prompt has one.
    #[must_use]
    pub fn input(&self) -> Option<&TextInput> {
        match self {
            Self::Since(input) | Self::Pattern(input) | Self::SavePath(input) => Some(input),
            Self::Overwrite { .. } => None,
        }
    }
}

/// A start time as typed: `15m`/`2h`/`3d`/`90s` ago, or `YYYY-MM-DD HH:MM[:SS]` in UTC.
///
/// # Errors
/// Says what forms are understood.
pub fn parse_since(text: &str) -> Result<Range, String> {
    let text = text.trim();
    let bad = || format!("{text:?} is not a start time: write 15m, 2h, 3d, or 2026-12-03 14:02 (UTC)");
    if let Some(unit) = text.chars().last().filter(|c| c.is_ascii_alphabetic() && !text.contains('-')) {
        let number: u64 = text[..text.len() - 1].trim().parse().map_err(|_| bad())?;
        let secs = match unit {
            's' => number,
            'm' => number * 60,
            'h' => number * 3_600,
            'd' => number * 86_400,
            _ => return Err(bad()),
        };
        if secs == 0 {
            return Err(bad());
        }
        return Ok(Range::Last(std::time::Duration::from_secs(secs)));
    }
    let (date, clock) = text.split_once([' ', 'T']).ok_or_else(bad)?;
    let mut d = date.split('-').map(str::parse::<i64>);
    let (Some(Ok(y)), Some(Ok(mo)), Some(Ok(day)), None) = (d.next(), d.next(), d.next(), d.next()) else {
        return Err(bad());
    };
    let mut c = clock.trim_end_matches('Z').split(':').map(str::parse::<i64>);
    let (Some(Ok(h)), Some(Ok(mi))) = (c.next(), c.next()) else { return Err(bad()) };
    let s = match c.next() {
        Some(Ok(s)) => s,
        None => 0,
        Some(Err(_)) => return Err(bad()),
    };
    let month = u8::try_from(mo).ok().and_then(|m| time::Month::try_from(m).ok()).ok_or_else(bad)?;
    let date = time::Date::from_calendar_date(
        i32::try_from(y).map_err(|_| bad())?,
        month,
        u8::try_from(day).map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    let t = time::Time::from_hms(
        u8::try_from(h).map_err(|_| bad())?,
        u8::try_from(mi).map_err(|_| bad())?,
        u8::try_from(s).map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    let at = date.with_time(t).assume_utc().unix_timestamp() * 1_000;
    Ok(Range::Since(at))
}

/// A file name for the events of `title`: letters, digits and `-` only.
#[must_use]
pub fn default_file_name(title: &str) -> String {
    let mut name: String = title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    name.truncate(60);
    format!("{name}.log")
}

impl LogsPane {
    /// `T`, `p`, `s` in the events view.
    pub(super) fn ask(&mut self, prompt: Prompt) {
        self.prompt = Some(prompt);
    }

    /// A key while a prompt is open.
    pub(super) fn prompt_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(prompt) = self.prompt.take() else { return Vec::new() };
        if let Prompt::Overwrite { path } = prompt {
            return match confirm_key(key) {
                InputOutcome::Submitted => self.events.as_mut().map(|v| v.save(path, true, ctx)).unwrap_or_default(),
                InputOutcome::Cancelled => {
                    ctx.info(format!("{path} was left as it was; nothing was saved."));
                    Vec::new()
                }
                InputOutcome::Editing => {
                    self.prompt = Some(Prompt::Overwrite { path });
                    Vec::new()
                }
            };
        }
        let (mut input, rebuild): (TextInput, fn(TextInput) -> Prompt) = match prompt {
            Prompt::Since(i) => (i, Prompt::Since),
            Prompt::Pattern(i) => (i, Prompt::Pattern),
            Prompt::SavePath(i) => (i, Prompt::SavePath),
            Prompt::Overwrite { .. } => return Vec::new(),
        };
        match input.on_key(key) {
            InputOutcome::Editing => {
                self.prompt = Some(rebuild(input));
                Vec::new()
            }
            InputOutcome::Cancelled => Vec::new(),
            InputOutcome::Submitted => {
                let value = input.value.trim().to_owned();
                match rebuild(TextInput::default()) {
                    Prompt::Since(_) => match parse_since(&value) {
                        Ok(range) => self.set_range(range, ctx),
                        Err(message) => {
                            ctx.error(message);
                            self.prompt = Some(Prompt::Since(input));
                            Vec::new()
                        }
                    },
                    Prompt::Pattern(_) => self.set_pattern(&value, ctx),
                    Prompt::SavePath(_) if value.is_empty() => {
                        ctx.error("Type a file name to save the events to.");
                        self.prompt = Some(Prompt::SavePath(input));
                        Vec::new()
                    }
                    Prompt::SavePath(_) => self.events.as_mut().map(|v| v.save(value, false, ctx)).unwrap_or_default(),
                    Prompt::Overwrite { .. } => Vec::new(),
                }
            }
        }
    }

    /// Reloads the events view from `range`.
    pub(super) fn set_range(&mut self, range: Range, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(view) = &mut self.events else { return Vec::new() };
        view.opening.range = range;
        view.start(ctx)
    }

    /// Sets (or clears) the CloudWatch filter pattern and reloads.
    pub(super) fn set_pattern(&mut self, pattern: &str, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(view) = &mut self.events else {
            ctx.info("Open a log group or stream first: the pattern filters its events.");
            return Vec::new();
        };
        let pattern = pattern.trim();
        view.opening.scope.pattern = (!pattern.is_empty()).then(|| pattern.to_owned());
        match &view.opening.scope.pattern {
            Some(p) => ctx.info(format!("Asking CloudWatch for events matching {p:?}…")),
            None => ctx.info("Filter pattern cleared."),
        }
        view.start(ctx)
    }

    /// The loader's answer to a save.
    pub(super) fn saved(&mut self, id: RequestId, payload: LogsPayload, ctx: &mut Ctx<'_>) {
        let Some(view) = &mut self.events else { return };
        if view.saving.as_ref().is_none_or(|s| s.id != id) {
            return;
        }
        let saving = view.saving.take();
        match payload {
            LogsPayload::Saved { path, events } => ctx.info(format!("Saved {events} events to {path}.")),
            LogsPayload::SaveExists { path } => {
                drop(saving);
                self.prompt = Some(Prompt::Overwrite { path });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_times_are_relative_or_utc() {
        assert_eq!(parse_since("15m"), Ok(Range::Last(std::time::Duration::from_secs(900))));
        assert_eq!(parse_since(" 2h "), Ok(Range::Last(std::time::Duration::from_secs(7200))));
        assert_eq!(parse_since("3d"), Ok(Range::Last(std::time::Duration::from_secs(3 * 86_400))));
        assert_eq!(parse_since("2026-12-03 14:02"), Ok(Range::Since(1_796_306_520_000)));
        assert_eq!(parse_since("2026-12-03T14:02:30Z"), Ok(Range::Since(1_796_306_550_000)));
        for bad in ["", "0m", "5x", "14:02", "2026-13-01 10:00", "yesterday"] {
            assert!(parse_since(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(default_file_name("service web (3 tasks)"), "service-web-3-tasks.log");
        assert_eq!(default_file_name("log group /ecs/web\u{1b}[2J"), "log-group-ecs-web-2j.log");
    }
}
