//! `d`: the selected resource as pretty JSON, scrollable and searchable;
//! `o`: its AWS console page; `y`/`Y`: its id and ARN on the clipboard.
//! What is selected comes from [`super::resource`], so the three agree.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::input::{InputOutcome, TextInput};
use super::{App, Command, StatusMessage};
use crate::text::inert;

/// The describe overlay. Its `Debug` leaves out the JSON, which may hold a
/// SecureString value revealed on screen.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct DescribeView {
    /// What is described, for the title.
    pub title: String,
    /// The JSON, one line per entry.
    pub lines: Vec<String>,
    /// The first line on screen.
    pub scroll: usize,
    /// The search being typed after `/`, if any.
    pub input: Option<TextInput>,
    /// The search applied with Enter, if any.
    pub query: Option<String>,
    /// The lines that match the query, in order.
    pub matches: Vec<usize>,
    /// Which of `matches` is the current one.
    pub current: Option<usize>,
}

impl fmt::Debug for DescribeView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DescribeView")
            .field("title", &self.title)
            .field("lines", &format_args!("<{} lines>", self.lines.len()))
            .field("scroll", &self.scroll)
            .field("searching", &self.input.is_some())
            .field("matches", &self.matches.len())
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

/// Byte ranges of `query` in `line`, ignoring ASCII case, not overlapping.
#[must_use]
pub fn find(line: &str, query: &str) -> Vec<(usize, usize)> {
    if query.is_empty() {
        return Vec::new();
    }
    let (hay, needle) = (line.to_ascii_lowercase(), query.to_ascii_lowercase());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = hay[from..].find(&needle) {
        let start = from + at;
        out.push((start, start + needle.len()));
        from = start + needle.len();
    }
    out
}

impl DescribeView {
    /// A view of `json` titled `title`.
    #[must_use]
    pub fn new(title: String, json: &serde_json::Value) -> Self {
        let pretty = serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string());
        Self { title, lines: pretty.lines().map(str::to_owned).collect(), ..Self::default() }
    }

    /// A view of plain `label  value` lines titled `title`.
    #[must_use]
    pub fn from_lines(title: String, lines: &[(String, String)]) -> Self {
        let width = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        let lines = lines.iter().map(|(k, v)| format!("{k:width$}  {v}")).collect();
        Self { title, lines, ..Self::default() }
    }

    /// The whole JSON, as `y` copies it.
    #[must_use]
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    fn max_scroll(&self, rows: usize) -> usize {
        self.lines.len().saturating_sub(rows)
    }

    fn scroll_by(&mut self, code: KeyCode, ctrl: bool, rows: usize) {
        let page = rows.max(1);
        self.scroll = match code {
            KeyCode::Char('j') | KeyCode::Down => self.scroll + 1,
            KeyCode::Char('k') | KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll + page,
            KeyCode::Char('f') if ctrl => self.scroll + page,
            KeyCode::PageUp => self.scroll.saturating_sub(page),
            KeyCode::Char('b') if ctrl => self.scroll.saturating_sub(page),
            KeyCode::Char('g') | KeyCode::Home => 0,
            KeyCode::Char('G') | KeyCode::End => usize::MAX,
            _ => self.scroll,
        }
        .min(self.max_scroll(rows));
    }

    /// Applies `query`: finds the matching lines and shows the first at or
    /// below the top of the screen. Returns how many lines match.
    fn apply(&mut self, query: &str, rows: usize) -> usize {
        self.matches.clear();
        self.current = None;
        if query.is_empty() {
            self.query = None;
            return 0;
        }
        self.query = Some(query.to_owned());
        self.matches =
            self.lines.iter().enumerate().filter(|(_, l)| !find(&inert(l), query).is_empty()).map(|(i, _)| i).collect();
        if !self.matches.is_empty() {
            let at = self.matches.iter().position(|&line| line >= self.scroll).unwrap_or(0);
            self.show_match(at, rows);
        }
        self.matches.len()
    }

    /// Makes match `at` current and scrolls it into view.
    fn show_match(&mut self, at: usize, rows: usize) {
        self.current = Some(at);
        let line = self.matches[at];
        if line < self.scroll || line >= self.scroll + rows {
            self.scroll = line.saturating_sub(rows / 3);
        }
        self.scroll = self.scroll.min(self.max_scroll(rows));
    }

    /// `n` (forward) or `N`: the next match, wrapping around.
    fn step(&mut self, forward: bool, rows: usize) -> bool {
        let n = self.matches.len();
        if n == 0 {
            return false;
        }
        let at = match (self.current, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.show_match(at, rows);
        true
    }
}

impl App {
    fn say(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMessage { text: text.into(), is_error: false });
    }

    /// Lines of JSON the describe view shows at the current size.
    fn describe_rows(&self) -> usize {
        self.layout.describe_rows
    }

    /// `d`: opens the describe view for the selection of the pane on screen.
    pub(super) fn open_describe(&mut self) -> Vec<Command> {
        match self.selected_resource() {
            Some(resource) => {
                let title = format!("{} {}", resource.kind, resource.id);
                self.modals.open(DescribeView::new(title, &resource.json));
            }
            None => self.say("Nothing is selected to describe."),
        }
        Vec::new()
    }

    /// `:whoami`: who and where, and the source of every setting, in the
    /// describe view (search, scroll and `y` work as there).
    pub(super) fn open_whoami(&mut self) {
        match self.environment() {
            Some(environment) => {
                let lines = crate::aws::resolve::whoami_lines(environment, self.identity.as_ref());
                self.modals.open(DescribeView::from_lines("whoami".to_owned(), &lines));
            }
            None => self.say("Not connected yet: :whoami answers once the credentials resolve."),
        }
    }

    /// `o`: the AWS console URL of the selection, opened with the system opener.
    pub(super) fn open_console(&mut self) -> Vec<Command> {
        let Some(resource) = self.selected_resource() else {
            self.say("Nothing is selected to open in the AWS console.");
            return Vec::new();
        };
        let url = resource.console_url.clone();
        self.say(format!("Opening {url}"));
        vec![Command::OpenUrl(url)]
    }

    /// `y` (the id, name or URI) and `Y` (the ARN) of the selection.
    pub(super) fn copy_selection(&mut self, arn: bool) -> Vec<Command> {
        let Some(resource) = self.selected_resource() else {
            self.say("Nothing is selected to copy.");
            return Vec::new();
        };
        let text = if arn {
            match resource.arn {
                Some(arn) => arn,
                None => {
                    self.say(format!(
                        "The ARN of {} is not known yet (the account is still being read); try again in a moment.",
                        resource.id.clone()
                    ));
                    return Vec::new();
                }
            }
        } else {
            resource.id.clone()
        };
        self.say(format!("Copied {text} to the clipboard"));
        vec![Command::Copy(text)]
    }

    /// A key while the describe view is open.
    pub(super) fn on_describe_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let rows = self.describe_rows();
        let Some(view) = self.modals.get_mut::<DescribeView>() else { return Vec::new() };
        if let Some(input) = &mut view.input {
            match input.on_key(key) {
                InputOutcome::Editing => {}
                InputOutcome::Cancelled => view.input = None,
                InputOutcome::Submitted => {
                    let query = std::mem::take(&mut input.value);
                    view.input = None;
                    let found = view.apply(&query, rows);
                    if found == 0 && !query.is_empty() {
                        self.say(format!("No line matches “{query}”."));
                    } else if found > 0 {
                        self.say(format!("{found} matching lines; n next, N previous."));
                    }
                }
            }
            return Vec::new();
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') if !ctrl => {
                self.modals.close::<DescribeView>();
                self.status = None;
            }
            KeyCode::Char('/') => view.input = Some(TextInput::default()),
            KeyCode::Char(c @ ('n' | 'N')) if !ctrl => {
                if !view.step(c == 'n', rows) {
                    let hint = if view.query.is_some() { "Nothing matches the search." } else { "Press / to search." };
                    self.say(hint);
                }
            }
            KeyCode::Char('y') if !ctrl => {
                let text = view.text();
                let title = view.title.clone();
                self.say(format!("Copied the JSON of {title} to the clipboard"));
                return vec![Command::Copy(text)];
            }
            code => view.scroll_by(code, ctrl, rows),
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_ignores_ascii_case_and_does_not_overlap() {
        assert_eq!(find("\"VpcId\": \"vpc-1\"", "vpc"), vec![(1, 4), (10, 13)]);
        assert_eq!(find("aaaa", "aa"), vec![(0, 2), (2, 4)]);
        assert!(find("abc", "").is_empty());
        assert_eq!(find("Ünïcode KEY", "key"), vec![(10, 13)]);
    }

    fn view(lines: usize) -> DescribeView {
        let json = serde_json::Value::Array((0..lines).map(|i| serde_json::json!(format!("line {i}"))).collect());
        DescribeView::new("t".into(), &json)
    }

    #[test]
    fn scrolling_stops_at_the_last_screenful() {
        let mut v = view(50);
        assert_eq!(v.lines.len(), 52);
        v.scroll_by(KeyCode::Char('G'), false, 10);
        assert_eq!(v.scroll, 42);
        v.scroll_by(KeyCode::Char('j'), false, 10);
        assert_eq!(v.scroll, 42);
        v.scroll_by(KeyCode::PageUp, false, 10);
        assert_eq!(v.scroll, 32);
        v.scroll_by(KeyCode::Char('g'), false, 10);
        assert_eq!(v.scroll, 0);
    }

    #[test]
    fn matches_wrap_both_ways() {
        let mut v = view(50);
        assert_eq!(v.apply("line 4", 10), 11, "line 4 and line 40…49");
        assert_eq!((v.current, v.matches[0]), (Some(0), 5));
        assert!(v.step(false, 10));
        assert_eq!(v.matches[v.current.unwrap()], 50, "back from the first wraps to the last");
        assert!(v.scroll <= 50 && v.scroll + 10 > 50, "the match is on screen");
        assert!(v.step(true, 10));
        assert_eq!(v.current, Some(0));
    }
}
