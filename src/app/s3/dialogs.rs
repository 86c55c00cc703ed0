//! The S3 write flows' state: the dialog in front of the pane (a path
//! prompt, a plan, a confirmation, a report, a presigned URL) and the job
//! running; and the small pure steps they take (completion, parsing).

use crossterm::event::{KeyCode, KeyEvent};

use super::View;
use super::jobs::{JobKind, JobProgress, JobReport, Overwrite, PlanItem, S3Place, Selection};
use crate::app::action::RequestId;
use crate::app::input::TextInput;
use crate::text;

/// The write flows' state: the dialog in front and the job running.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Writes {
    /// The dialog in front of the pane; it takes every key.
    pub dialog: Option<Dialog>,
    /// The job running (one at a time); Esc cancels it.
    pub job: Option<RunningJob>,
    /// A presign or version change waiting for its answer.
    pub pending: Option<RequestId>,
    /// A job's report that waits for the dialog in front to close.
    pub waiting_report: Option<ReportView>,
    /// Buckets whose versioning the versions list reported (name, versioned).
    pub versioning: Vec<(String, bool)>,
}

impl Writes {
    /// Loads of the write flows running (the job, a count, a completion, a signature).
    #[must_use]
    pub fn in_flight(&self) -> usize {
        let dialog = match &self.dialog {
            Some(Dialog::Plan(plan)) => usize::from(plan.id.is_some()),
            Some(Dialog::Prompt(prompt)) => usize::from(prompt.completing.is_some()),
            _ => 0,
        };
        dialog + usize::from(self.job.is_some()) + usize::from(self.pending.is_some())
    }

    /// Remembers whether the bucket of the detail waiting for `id` is versioned.
    pub fn record_versioning(&mut self, stack: &[View], id: RequestId, versioned: bool) {
        let bucket = stack.iter().find_map(|v| match v {
            View::Detail(d) if d.versions.accepts(id) => Some(d.bucket.clone()),
            _ => None,
        });
        if let Some(bucket) = bucket {
            self.versioning.retain(|(b, _)| *b != bucket);
            self.versioning.push((bucket, versioned));
        }
    }
}

/// A dialog of the write flows.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(clippy::large_enum_variant, reason = "one dialog at a time")]
pub enum Dialog {
    /// A path or destination prompt.
    Prompt(PathPrompt),
    /// The plan, counted as it arrives, and its confirmation.
    Plan(PlanView),
    /// Restoring or deleting one version.
    Version(super::versions::VersionConfirm),
    /// The presigned URL's expiry prompt.
    Expiry(super::versions::ExpiryPrompt),
    /// The presigned URL.
    Presigned(super::versions::PresignedView),
    /// What a job did, when something was skipped or failed.
    Report(ReportView),
}

/// What a path prompt is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    /// Upload a local file or directory under this prefix.
    Upload(S3Place),
    /// Copy (or move) a selection to an `s3://` destination.
    Copy {
        /// What to copy.
        from: Selection,
        /// A move.
        remove_source: bool,
    },
    /// Download a selection into a local directory.
    Download(Selection),
}

impl PromptFor {
    /// Whether the path typed is local (else `s3://`).
    #[must_use]
    pub fn is_local(&self) -> bool {
        !matches!(self, Self::Copy { .. })
    }
}

/// A path prompt with Tab completion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathPrompt {
    /// What it is for.
    pub purpose: PromptFor,
    /// The text typed.
    pub input: TextInput,
    /// The completion asked for, while it runs.
    pub completing: Option<RequestId>,
    /// The candidates of the last Tab, when there were several.
    pub candidates: Vec<String>,
    /// A word under the field: no match, a bad destination, a failure.
    pub note: Option<String>,
}

/// A plan being counted, then confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanView {
    /// The job.
    pub job: JobKind,
    /// The count running, until it is complete.
    pub id: Option<RequestId>,
    /// Every item found so far.
    pub items: Vec<PlanItem>,
    /// Their bytes.
    pub bytes: u64,
    /// How many targets exist.
    pub existing: usize,
    /// The count is complete.
    pub complete: bool,
    /// The count failed.
    pub failed: Option<String>,
    /// The batch's choice for existing targets.
    pub overwrite: Option<Overwrite>,
    /// For a delete: what must be typed, and what was.
    pub expect: Option<String>,
    /// The confirmation typed.
    pub typed: TextInput,
    /// A word for the user (Enter does not confirm, type the name…).
    pub note: Option<String>,
    /// For a delete: whether the bucket is versioned, if known.
    pub versioned: Option<bool>,
}

/// A job running.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningJob {
    /// Its request.
    pub id: RequestId,
    /// The job.
    pub job: JobKind,
    /// Objects planned.
    pub items: usize,
    /// Bytes planned.
    pub bytes: u64,
    /// Progress so far.
    pub progress: JobProgress,
}

impl RunningJob {
    /// `upload 12/200 files · 3.1 MiB of 40.0 MiB · 1.2 MiB/s · ETA 31s · Esc cancels`.
    #[must_use]
    pub fn status_line(&self) -> String {
        let p = &self.progress;
        let mut line =
            format!("{} {}/{} files", self.job.verb(), text::thousands(p.items_done), text::thousands(self.items));
        if self.bytes > 0 {
            line.push_str(&format!(" · {} of {}", text::bytes(p.bytes_done), text::bytes(self.bytes)));
            line.push_str(&format!(" · {}/s", text::bytes(p.bytes_per_sec)));
            if let Some(secs) = self.bytes.saturating_sub(p.bytes_done).checked_div(p.bytes_per_sec) {
                line.push_str(&format!(" · ETA {}", eta(secs)));
            }
        }
        if p.failed > 0 {
            line.push_str(&format!(" · {} failed", text::thousands(p.failed)));
        }
        line.push_str(" · Esc cancels");
        line
    }
}

/// `45s`, `3m 05s`, `2h 10m`.
fn eta(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

/// A job's report, scrollable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportView {
    /// The verb (`upload`, `delete`…).
    pub verb: &'static str,
    /// What it did.
    pub report: JobReport,
    /// Lines scrolled.
    pub scroll: usize,
}

/// The longest prefix every candidate shares (by characters).
#[must_use]
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut end = first.len();
    for other in &candidates[1..] {
        let shared = first
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        end = end.min(shared);
    }
    first[..end].to_owned()
}

/// Applies a Tab's candidates to the prompt.
pub(super) fn complete(prompt: &mut PathPrompt, candidates: Vec<String>) {
    match candidates.len() {
        0 => {
            prompt.note = Some(format!("No match for {}", prompt.input.value));
            prompt.candidates.clear();
        }
        1 => {
            prompt.input = TextInput::with_value(candidates[0].clone());
            prompt.candidates.clear();
        }
        _ => {
            let common = common_prefix(&candidates);
            if common.len() > prompt.input.value.len() {
                prompt.input = TextInput::with_value(common);
            }
            prompt.candidates = candidates;
        }
    }
}

/// The job a prompt's text names.
pub(super) fn submit(prompt: &PathPrompt) -> Result<JobKind, String> {
    let value = prompt.input.value.trim();
    if value.is_empty() {
        return Err(if prompt.purpose.is_local() { "Type a path." } else { "Type a destination." }.into());
    }
    Ok(match &prompt.purpose {
        PromptFor::Upload(to) => JobKind::Upload { from: value.into(), to: to.clone() },
        PromptFor::Download(from) => JobKind::Download { from: from.clone(), to: value.into() },
        PromptFor::Copy { from, remove_source } => {
            let mut to = S3Place::parse(value)?;
            if to.bucket == from.bucket {
                to.region.clone_from(&from.region);
            }
            let single = from.keys.len() == 1 && from.prefixes.is_empty();
            if !single && !to.key.is_empty() && !to.key.ends_with('/') {
                return Err(format!("Several entries go under a folder: end the destination with / ({value}/)."));
            }
            JobKind::Copy { from: from.clone(), to, remove_source: *remove_source }
        }
    })
}

/// Scrolls a popup by a key; `false` when the key closes it.
pub(super) fn scroll_key(scroll: &mut usize, key: KeyEvent, rows: usize) -> bool {
    match key.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => return false,
        KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
        KeyCode::Down | KeyCode::Char('j') => *scroll += 1,
        KeyCode::PageUp => *scroll = scroll.saturating_sub(rows),
        KeyCode::PageDown => *scroll += rows,
        KeyCode::Home | KeyCode::Char('g') => *scroll = 0,
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_stops_at_the_first_difference() {
        let c = |v: &[&str]| common_prefix(&v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(c(&["./data/a.txt", "./data/b.txt"]), "./data/");
        assert_eq!(c(&["logs/", "logs-old/"]), "logs");
        assert_eq!(c(&["héllo", "hélp"]), "hél");
        assert_eq!(c(&["x"]), "x");
        assert_eq!(c(&[]), "");
        assert_eq!(eta(3725), "1h 02m");
        assert_eq!(eta(65), "1m 05s");
    }
}
