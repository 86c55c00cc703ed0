//! The screens below the tree: one parameter's value, its history, and a
//! diff between two of its versions.

use std::sync::Arc;

use super::diff::{self, DiffLine};
use crate::app::action::{Failure, RequestId};
use crate::app::listing::Listing;
use crate::aws::ssm::{Parameter, ParameterType, ParameterValue, ParameterVersion, Sensitive, json};

/// How a value is laid out for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// As stored.
    Plain,
    /// A StringList, one item per line.
    List,
    /// JSON, pretty-printed.
    Json,
}

/// `value` laid out for reading: JSON pretty-printed, a StringList one item
/// per line, anything else as stored.
#[must_use]
pub fn display(kind: &ParameterType, value: &str) -> (String, ValueFormat) {
    if let Some(pretty) = json::pretty(value) {
        return (pretty, ValueFormat::Json);
    }
    if *kind == ParameterType::StringList {
        return (value.split(',').collect::<Vec<_>>().join("\n"), ValueFormat::List);
    }
    (value.to_owned(), ValueFormat::Plain)
}

/// Something fetched once per view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch<T> {
    /// Waiting for request `id`.
    Loading(RequestId),
    /// Arrived.
    Ready(T),
    /// Failed; why.
    Failed(Failure),
}

/// Whether a SecureString's clear value is on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reveal {
    /// Masked (the start, and again after `x` or leaving).
    Masked,
    /// Decrypting (request `id`).
    Loading(RequestId),
    /// Decrypted and shown.
    Shown(ParameterValue),
    /// Decryption failed (often KMS access denied); shown inline.
    Failed(Failure),
}

/// One parameter's value and details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueView {
    /// The parameter name.
    pub name: String,
    /// Its metadata from the listing (description, pattern, policies, key).
    pub meta: Option<Arc<Parameter>>,
    /// The value as read on opening (SecureStrings without decryption).
    pub value: Fetch<ParameterValue>,
    /// The decrypted value of a SecureString, only while asked for.
    pub reveal: Reveal,
    /// The text on screen (laid out for reading) and its layout, when there is one.
    pub text: Option<(Sensitive, ValueFormat)>,
    /// Lines in `text`.
    pub lines: usize,
    /// The first line of the value on screen.
    pub scroll: usize,
    /// `e` was pressed before the value (or its decryption) arrived.
    pub pending_edit: bool,
}

impl ValueView {
    /// A view of `name` waiting for request `id`.
    #[must_use]
    pub fn new(name: &str, meta: Option<Arc<Parameter>>, id: RequestId) -> Self {
        Self {
            name: name.to_owned(),
            meta,
            value: Fetch::Loading(id),
            reveal: Reveal::Masked,
            text: None,
            lines: 0,
            scroll: 0,
            pending_edit: false,
        }
    }

    /// The type, from the value once read, else from the listing.
    #[must_use]
    pub fn kind(&self) -> Option<&ParameterType> {
        match &self.value {
            Fetch::Ready(v) => Some(&v.kind),
            _ => self.meta.as_ref().map(|m| &m.kind),
        }
    }

    /// Whether the value is a SecureString.
    #[must_use]
    pub fn is_secure(&self) -> bool {
        self.kind().is_some_and(ParameterType::is_secure)
    }

    /// The value whose text is on screen: the decrypted one when revealed,
    /// else the one read on opening (which has no text for a SecureString).
    #[must_use]
    pub fn shown(&self) -> Option<&ParameterValue> {
        match (&self.reveal, &self.value) {
            (Reveal::Shown(v), _) | (_, Fetch::Ready(v)) => Some(v),
            _ => None,
        }
    }

    /// The version the user is looking at (what an edit is based on).
    #[must_use]
    pub fn version(&self) -> Option<i64> {
        self.shown().map(|v| v.version)
    }

    /// Lays out the shown value again (after it arrived, or was masked or revealed).
    pub fn refresh_text(&mut self) {
        self.text =
            self.shown().and_then(|v| v.value.as_ref().map(|text| (v.kind.clone(), text))).map(|(kind, text)| {
                let (shown, format) = display(&kind, text.expose());
                (Sensitive::new(shown), format)
            });
        self.lines = self.text.as_ref().map_or(0, |(t, _)| t.expose().lines().count().max(1));
        self.scroll = self.scroll.min(self.lines.saturating_sub(1));
    }

    /// Masks the value again, dropping the decrypted text.
    pub fn mask(&mut self) {
        self.reveal = Reveal::Masked;
        self.refresh_text();
    }
}

/// A diff between two versions of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffView {
    /// The older version.
    pub from: i64,
    /// The newer version.
    pub to: i64,
    /// Details that changed: (what, before, after). Never values.
    pub changes: Vec<(&'static str, String, String)>,
    /// The value lines, when both values are readable.
    pub lines: Vec<DiffLine>,
    /// Set when a SecureString value is masked, so values were not compared.
    pub masked: bool,
    /// The first line on screen.
    pub scroll: usize,
}

fn or_dash(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).unwrap_or("—").to_owned()
}

impl DiffView {
    /// Compares `old` with `new` (either order; the lower version is "from").
    #[must_use]
    pub fn between(a: &ParameterVersion, b: &ParameterVersion) -> Self {
        let (old, new) = if a.version <= b.version { (a, b) } else { (b, a) };
        let mut changes = Vec::new();
        let mut field = |what: &'static str, before: String, after: String| {
            if before != after {
                changes.push((what, before, after));
            }
        };
        field("Type", old.kind.as_str().to_owned(), new.kind.as_str().to_owned());
        field("Tier", or_dash(old.tier.as_ref().map(|t| t.as_str())), or_dash(new.tier.as_ref().map(|t| t.as_str())));
        field("Description", or_dash(old.description.as_deref()), or_dash(new.description.as_deref()));
        field("KMS key", or_dash(old.key_id.as_deref()), or_dash(new.key_id.as_deref()));
        field("Labels", or_dash(Some(&old.labels.join(", "))), or_dash(Some(&new.labels.join(", "))));
        let (lines, masked) = match (&old.value, &new.value) {
            (Some(before), Some(after)) => {
                let (before, _) = display(&old.kind, before.expose());
                let (after, _) = display(&new.kind, after.expose());
                (diff::lines(&before, &after), false)
            }
            _ => (Vec::new(), true),
        };
        Self { from: old.version, to: new.version, changes, lines, masked, scroll: 0 }
    }
}

/// A parameter's versions, newest first, and a diff between two of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryView {
    /// The parameter name.
    pub name: String,
    /// The versions, newest first.
    pub list: Listing<ParameterVersion>,
    /// Whether the listing asks for (and holds) decrypted SecureString values.
    pub decrypted: bool,
    /// A version marked with `m`, to compare with the selected one.
    pub mark: Option<i64>,
    /// The diff on screen, if any.
    pub diff: Option<DiffView>,
}

impl HistoryView {
    /// An empty history of `name`.
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self { name: name.to_owned(), list: Listing::default(), decrypted: false, mark: None, diff: None }
    }

    /// Adds a page (GetParameterHistory sends oldest first; the list is
    /// newest first), keeping the selection on the same version.
    pub fn push_page(&mut self, page: Vec<ParameterVersion>, more: bool, rows: usize) {
        let keep = (self.list.selected > 0).then(|| self.list.selected_item().map(|v| v.version)).flatten();
        let mut items: Vec<ParameterVersion> = page.into_iter().rev().collect();
        if !std::mem::take(&mut self.list.replace_on_next_page) {
            items.extend(std::mem::take(&mut self.list.items));
        }
        self.list.items = items;
        self.list.selected = keep.and_then(|v| self.list.items.iter().position(|i| i.version == v)).unwrap_or(0);
        self.list.scroll_into_view(rows);
        if !more {
            self.list.finish_keeping_rows();
        }
        self.refresh_diff();
    }

    /// Whether any version is a SecureString.
    #[must_use]
    pub fn has_secure(&self) -> bool {
        self.list.items.iter().any(|v| v.kind.is_secure())
    }

    /// Drops decrypted SecureString values.
    pub fn mask(&mut self) {
        self.decrypted = false;
        for v in &mut self.list.items {
            if v.kind.is_secure() {
                v.value = None;
            }
        }
        self.refresh_diff();
    }

    /// The version `version`, if listed.
    #[must_use]
    pub fn get(&self, version: i64) -> Option<&ParameterVersion> {
        self.list.items.iter().find(|v| v.version == version)
    }

    /// Opens a diff of the selected version against the marked one, or
    /// against the version before it. Returns why not when it cannot.
    ///
    /// # Errors
    /// A message for the status line when there is nothing to compare.
    pub fn open_diff(&mut self) -> Result<(), String> {
        let selected = self.list.selected_item().ok_or_else(|| "No version is selected.".to_owned())?;
        let other = match self.mark {
            Some(mark) if mark != selected.version => {
                self.get(mark).ok_or_else(|| format!("Version {mark} is no longer listed; mark another with m."))?
            }
            _ => self.list.items.get(self.list.selected + 1).ok_or_else(|| {
                format!("Version {} is the oldest listed; mark another version with m to compare.", selected.version)
            })?,
        };
        self.diff = Some(DiffView::between(other, selected));
        Ok(())
    }

    /// Recomputes the open diff (values were revealed or masked).
    pub fn refresh_diff(&mut self) {
        if let Some(diff) = &self.diff {
            let (from, to, scroll) = (diff.from, diff.to, diff.scroll);
            if let (Some(a), Some(b)) = (self.get(from), self.get(to)) {
                let mut fresh = DiffView::between(a, b);
                fresh.scroll = scroll.min(fresh.lines.len());
                self.diff = Some(fresh);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(v: i64, kind: ParameterType, value: Option<&str>) -> ParameterVersion {
        ParameterVersion {
            version: v,
            kind,
            tier: None,
            labels: Vec::new(),
            last_modified: None,
            last_modified_by: None,
            description: None,
            value: value.map(Sensitive::new),
            key_id: None,
        }
    }

    #[test]
    fn values_are_laid_out_for_reading() {
        assert_eq!(display(&ParameterType::StringList, "a,b,c").0, "a\nb\nc");
        assert_eq!(display(&ParameterType::String, "{\"a\":1}"), ("{\n  \"a\": 1\n}".to_owned(), ValueFormat::Json));
        assert_eq!(display(&ParameterType::String, "a,b").1, ValueFormat::Plain);
    }

    #[test]
    fn history_lists_newest_first_across_pages() {
        let mut h = HistoryView::new("/x");
        h.list.start(RequestId(1));
        h.push_page(
            vec![version(1, ParameterType::String, Some("a")), version(2, ParameterType::String, Some("b"))],
            true,
            10,
        );
        h.push_page(vec![version(3, ParameterType::String, Some("c"))], false, 10);
        assert_eq!(h.list.items.iter().map(|v| v.version).collect::<Vec<_>>(), [3, 2, 1]);
        h.open_diff().expect("3 against 2");
        let diff = h.diff.as_ref().expect("diff");
        assert_eq!((diff.from, diff.to, diff.masked), (2, 3, false));
    }

    #[test]
    fn masked_secure_versions_are_not_compared() {
        let mut h = HistoryView::new("/s");
        h.list.start(RequestId(1));
        h.push_page(
            vec![version(1, ParameterType::SecureString, None), version(2, ParameterType::SecureString, None)],
            false,
            10,
        );
        h.open_diff().expect("diff");
        assert!(h.diff.as_ref().is_some_and(|d| d.masked && d.lines.is_empty()));
        h.list.selected = 1;
        assert!(h.open_diff().is_err(), "the oldest has nothing before it");
    }
}
