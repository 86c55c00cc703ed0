//! What an events view shows and how: where it starts (a range), what it
//! opens over (an [`Opening`]), how it names streams (a [`TagStyle`]), and
//! how times read.

use std::time::Duration;

use crate::app::table::{SortKey, Tabular, sort_columns};
use crate::aws::logs::{EventScope, LogEvent};

/// The time range presets `t` steps through.
pub const PRESETS: [Duration; 4] = [
    Duration::from_secs(5 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(24 * 60 * 60),
    Duration::from_secs(7 * 24 * 60 * 60),
];

/// How far back "load older" reaches each time when the range has no length.
pub const OLDER_SPAN: Duration = Duration::from_secs(60 * 60);

/// Where the view starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// The newest events, however old.
    Newest,
    /// The last so long.
    Last(Duration),
    /// From a moment (ms since the epoch).
    Since(i64),
}

impl Range {
    /// The next preset (`t`): newest → 5 min → 1 h → 24 h → 7 days → newest.
    #[must_use]
    pub fn next_preset(self) -> Self {
        match self {
            Self::Newest | Self::Since(_) => Self::Last(PRESETS[0]),
            Self::Last(d) => PRESETS.iter().find(|p| **p > d).map_or(Self::Newest, |p| Self::Last(*p)),
        }
    }

    /// How far each "load older" reaches.
    #[must_use]
    pub fn span(self) -> Duration {
        match self {
            Self::Last(d) => d,
            Self::Newest | Self::Since(_) => OLDER_SPAN,
        }
    }

    /// As the title says it (`last 1 h`).
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Newest => "newest".to_owned(),
            Self::Last(d) => format!("last {}", span_label(d)),
            Self::Since(_) => "from a time".to_owned(),
        }
    }
}

/// `5 min`, `1 h`, `24 h`, `7 days`.
#[must_use]
pub fn span_label(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 2 * 86_400 && secs.is_multiple_of(86_400) {
        format!("{} days", secs / 86_400)
    } else if secs >= 3_600 && secs.is_multiple_of(3_600) {
        format!("{} h", secs / 3_600)
    } else {
        format!("{} min", secs.div_ceil(60))
    }
}

/// How the tag column names an event's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagStyle {
    /// ECS streams (`prefix/container/task-id`): the container and the task id's first 8 characters.
    Ecs,
    /// The end of the stream name.
    Suffix,
}

impl TagStyle {
    /// The tag of `stream`.
    #[must_use]
    pub fn tag(self, stream: &str) -> String {
        match self {
            Self::Ecs => {
                let mut parts = stream.rsplit('/');
                let task = parts.next().unwrap_or(stream);
                let short: String = task.chars().take(8).collect();
                match parts.next() {
                    Some(container) => format!("{container}/{short}"),
                    None => short,
                }
            }
            Self::Suffix => {
                let count = stream.chars().count();
                stream.chars().skip(count.saturating_sub(12)).collect()
            }
        }
    }
}

/// What an events view opens over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    /// The events it reads.
    pub scope: EventScope,
    /// What the title calls it (`service web`).
    pub title: String,
    /// How the tag column names streams.
    pub tags: TagStyle,
    /// Where it starts.
    pub range: Range,
    /// A remark shown under the title (streams that could not be found).
    pub note: Option<String>,
    /// The ECS service it shows, when opened by `l` on one.
    pub origin: Option<super::ecs::EcsOrigin>,
}

impl Opening {
    /// An opening at the newest events.
    #[must_use]
    pub fn new(scope: EventScope, title: String, tags: TagStyle) -> Self {
        Self { scope, title, tags, range: Range::Newest, note: None, origin: None }
    }
}

sort_columns!(
    /// The events view's one order: time.
    EventColumn { Time = "TIME" }
);

impl Tabular for LogEvent {
    type Column = EventColumn;
    fn sort_key(&self, _column: EventColumn) -> SortKey<'_> {
        SortKey::num(self.timestamp)
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.message) || test(&self.stream)
    }
}

/// `2026-12-03T14:02:03.123Z`.
#[must_use]
pub fn iso(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).map_or_else(
        |_| ms.to_string(),
        |t| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute(),
                t.second(),
                t.millisecond()
            )
        },
    )
}

/// `14:02:03` at `offset`.
#[must_use]
pub fn clock(ms: i64, offset: time::UtcOffset) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).map_or_else(
        |_| ms.to_string(),
        |t| {
            let t = t.to_offset(offset);
            format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
        },
    )
}
