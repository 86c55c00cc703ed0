//! The command bar (`:`), the live filter (`/`), history through visited
//! views (`[` `]`) and the errors view (`!`).

use super::modal::Help;
use crossterm::event::{KeyCode, KeyEvent};

use super::action::{ErrorDetail, Failure, RequestId, Slot};
use super::goto::Target;
use super::input::{InputOutcome, TextInput};
use super::{App, Command, Pane};
use crate::aws::AwsContext;

/// Commands the bar knows, with what each takes, for completion and help:
/// each pane's (in tab order), then the app's own.
#[must_use]
pub fn commands() -> &'static [(&'static str, &'static str)] {
    static ALL: std::sync::LazyLock<Vec<(&str, &str)>> = std::sync::LazyLock::new(|| {
        let panes = Pane::ALL.iter().flat_map(|p| p.commands()).map(|c| (c.names[0], c.args));
        panes.chain(APP_COMMANDS.iter().copied()).collect()
    });
    &ALL
}

/// The commands that are not a pane's.
const APP_COMMANDS: &[(&str, &str)] =
    &[("profile", "NAME"), ("region", "NAME"), ("role", "ARN | -"), ("whoami", ""), ("help", ""), ("q", "")];

/// What a line typed into the command bar asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// Go to a pane or a resource.
    Go(Target),
    /// Switch to a profile.
    Profile(String),
    /// Switch region.
    Region(String),
    /// Assume a role by ARN.
    Role(String),
    /// Go back to the context before the last switch (`:role -`).
    SwitchBack,
    /// Show who and where we are, and where each setting came from.
    Whoami,
    /// Show help.
    Help,
    /// Leave awscope.
    Quit,
}

fn available() -> String {
    commands().iter().map(|(c, _)| format!(":{c}")).collect::<Vec<_>>().join(" ")
}

/// Parses a command-bar line (without the `:`).
///
/// # Errors
/// A message saying what is wrong and what is available.
pub fn parse(line: &str) -> Result<Parsed, String> {
    let line = line.trim().trim_start_matches(':');
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let arg = rest.trim();
    let arg_opt = (!arg.is_empty()).then(|| arg.to_owned());
    let need =
        |what: &str| -> Result<String, String> { arg_opt.clone().ok_or_else(|| format!(":{word} needs {what}")) };
    if let Some(go) = Pane::ALL.iter().flat_map(|p| p.commands()).find(|c| c.names.contains(&word)) {
        return Ok(Parsed::Go((go.target)(arg)));
    }
    Ok(match word {
        "" => return Err(format!("Type a command: {}", available())),
        "profile" | "ctx" => Parsed::Profile(need("a profile name (Tab completes)")?),
        "region" => Parsed::Region(need("a region such as eu-west-1 (Tab completes)")?),
        "role" if arg == "-" => Parsed::SwitchBack,
        "role" => {
            let arn = need("a role ARN, or - to switch back")?;
            if !arn.starts_with("arn:") || !arn.contains(":role/") {
                return Err(format!("{arn} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)"));
            }
            Parsed::Role(arn)
        }
        "whoami" | "who" => Parsed::Whoami,
        "help" | "h" | "?" => Parsed::Help,
        "q" | "q!" | "quit" | "exit" => Parsed::Quit,
        other => return Err(format!("Unknown command :{other} — available: {}", available())),
    })
}

/// The command bar while open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandBar {
    /// What is typed.
    pub input: TextInput,
    /// Candidates for the word being typed (shown above the bar).
    pub completions: Vec<String>,
    /// Why the last line was refused.
    pub error: Option<String>,
    /// Position while walking the history with ↑/↓ (`None`: a new line).
    history_at: Option<usize>,
}

/// A prompt at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    /// The command bar.
    Command(CommandBar),
    /// Typing the live filter of the table on screen.
    Filter(TextInput),
}

/// One error of this session, for the errors view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    /// When, if the loader said.
    pub at: Option<std::time::SystemTime>,
    /// The pane the load was for (`None`: the connection or the header).
    pub pane: Option<Pane>,
    /// What was being loaded.
    pub what: String,
    /// The AWS operation, code and request id, when AWS answered.
    pub detail: Option<ErrorDetail>,
    /// The message the pane showed.
    pub message: String,
    request: Option<RequestId>,
}

/// The errors view (`!`): the session's errors, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorsView {
    /// The selected entry (0 is the newest).
    pub selected: usize,
}

/// Errors kept per session; older ones are dropped.
const KEEP_ERRORS: usize = 500;

/// Command lines kept for ↑.
const KEEP_COMMANDS: usize = 100;

impl App {
    /// `:` opens the command bar.
    pub(super) fn open_command_bar(&mut self) -> Vec<Command> {
        self.modals.open(Prompt::Command(CommandBar::default()));
        Vec::new()
    }

    /// `/` opens the filter of the table on screen, with its current text.
    pub(super) fn open_filter(&mut self) -> Vec<Command> {
        let pane = self.pane;
        match self.panes.list_mut(pane) {
            Some(list) => {
                let text = list.filter_text().unwrap_or_default().to_owned();
                self.modals.open(Prompt::Filter(TextInput::with_value(text)));
            }
            None => self.info("Nothing to filter here: / works on tables."),
        }
        Vec::new()
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(super::StatusMessage { text: text.into(), is_error: false });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(super::StatusMessage { text: text.into(), is_error: true });
    }

    /// A key while a prompt is open.
    pub(super) fn on_prompt_key(&mut self, key: KeyEvent) -> Vec<Command> {
        match self.modals.take::<Prompt>() {
            Some(Prompt::Filter(input)) => self.filter_key(input, key),
            Some(Prompt::Command(bar)) => self.command_key(bar, key),
            None => Vec::new(),
        }
    }

    fn filter_key(&mut self, mut input: TextInput, key: KeyEvent) -> Vec<Command> {
        let pane = self.pane;
        if key.code == KeyCode::Tab {
            return self.filter_on_aws(&input.value);
        }
        let outcome = input.on_key(key);
        let Some(list) = self.panes.list_mut(pane) else { return Vec::new() };
        match outcome {
            InputOutcome::Cancelled => list.set_filter(""),
            InputOutcome::Submitted => {}
            InputOutcome::Editing => {
                list.set_filter(&input.value);
                self.modals.open(Prompt::Filter(input));
            }
        }
        Vec::new()
    }

    /// Tab in the filter: ask AWS instead of filtering what is loaded, where
    /// the service can (an S3 prefix, an SSM path).
    fn filter_on_aws(&mut self, text: &str) -> Vec<Command> {
        let text = text.trim();
        if !text.is_empty() {
            let pane = self.pane;
            let (mut ctx, panes) = self.split();
            if let Some(commands) = panes.get_mut(pane).filter_on_aws(text, &mut ctx) {
                return commands;
            }
        }
        self.modals.open(Prompt::Filter(TextInput::with_value(text)));
        self.info(
            "Here the filter works on the rows loaded; Tab asks AWS in an S3 bucket, an SSM folder or the VPC list.",
        );
        Vec::new()
    }

    fn command_key(&mut self, mut bar: CommandBar, key: KeyEvent) -> Vec<Command> {
        match key.code {
            KeyCode::Tab => {
                self.complete(&mut bar);
                self.modals.open(Prompt::Command(bar));
                return Vec::new();
            }
            KeyCode::Up | KeyCode::Down => {
                let n = self.nav.command_history.len();
                if n > 0 {
                    let at = match (bar.history_at, key.code) {
                        (None, KeyCode::Up) => Some(n - 1),
                        (None, _) => None,
                        (Some(i), KeyCode::Up) => Some(i.saturating_sub(1)),
                        (Some(i), _) => (i + 1 < n).then_some(i + 1),
                    };
                    bar.history_at = at;
                    bar.input =
                        TextInput::with_value(at.map(|i| self.nav.command_history[i].clone()).unwrap_or_default());
                    bar.completions.clear();
                }
                self.modals.open(Prompt::Command(bar));
                return Vec::new();
            }
            _ => {}
        }
        match bar.input.on_key(key) {
            InputOutcome::Cancelled => Vec::new(),
            InputOutcome::Editing => {
                bar.error = None;
                if !bar.completions.is_empty() {
                    bar.completions = self.candidates(&bar.input.value).1;
                }
                self.modals.open(Prompt::Command(bar));
                Vec::new()
            }
            InputOutcome::Submitted => {
                let line = bar.input.value.trim().to_owned();
                match parse(&line) {
                    Ok(parsed) => {
                        self.remember_command(line);
                        let mut commands = vec![Command::SaveState(self.state_json())];
                        commands.extend(self.run_parsed(parsed));
                        commands
                    }
                    Err(problem) => {
                        bar.error = Some(problem);
                        self.modals.open(Prompt::Command(bar));
                        Vec::new()
                    }
                }
            }
        }
    }

    fn remember_command(&mut self, line: String) {
        self.nav.command_history.retain(|l| *l != line);
        self.nav.command_history.push(line);
        if self.nav.command_history.len() > KEEP_COMMANDS {
            self.nav.command_history.remove(0);
        }
    }

    /// Carries out a parsed command.
    pub fn run_parsed(&mut self, parsed: Parsed) -> Vec<Command> {
        match parsed {
            Parsed::Go(target) => self.open_target(target),
            Parsed::Profile(profile) => {
                self.switch_context(AwsContext { profile: Some(profile), ..AwsContext::default() })
            }
            Parsed::Region(region) => self.switch_context(AwsContext { region: Some(region), ..self.context.clone() }),
            Parsed::Role(arn) => {
                let role = self
                    .recent
                    .roles
                    .iter()
                    .find(|r| r.arn == arn)
                    .cloned()
                    .unwrap_or_else(|| crate::aws::RoleSpec::new(arn));
                if role.mfa.is_some() {
                    self.error("This role needs an MFA code: use A (the role form) to type it.");
                    return Vec::new();
                }
                let context = self.context.with_role(role);
                self.switch_context(context)
            }
            Parsed::SwitchBack => match self.history.pop() {
                Some(back) => self.switch_context(back),
                None => {
                    self.info("Nothing to switch back to: no switch in this session yet.");
                    Vec::new()
                }
            },
            Parsed::Whoami => {
                self.open_whoami();
                Vec::new()
            }
            Parsed::Help => {
                self.modals.open(Help);
                Vec::new()
            }
            Parsed::Quit => self.update(super::Action::Quit),
        }
    }

    /// What Tab can complete the line with: the text before the word being
    /// completed, and the candidates for it.
    fn candidates(&self, line: &str) -> (String, Vec<String>) {
        let Some((word, arg)) = line.split_once(' ') else {
            let names = commands().iter().map(|(c, _)| (*c).to_owned()).filter(|c| c.starts_with(line)).collect();
            return (String::new(), names);
        };
        let arg = arg.trim_start();
        let base = format!("{word} ");
        let mut options: Vec<String> = match word {
            "profile" | "ctx" => self.recent.profiles.clone(),
            "region" => {
                let mut regions = self.recent.regions.clone();
                regions.extend(crate::aws::regions::COMMERCIAL.iter().map(|r| (*r).to_owned()));
                regions
            }
            "role" => std::iter::once("-".to_owned()).chain(self.recent.roles.iter().map(|r| r.arn.clone())).collect(),
            "s3" | "bucket" | "buckets" => self.panes.s3.buckets.items.iter().map(|b| format!("{}/", b.name)).collect(),
            "vpc" | "vpcs" => self.panes.network.vpcs.items.iter().map(|v| v.vpc_id.clone()).collect(),
            "ecs" | "cluster" | "clusters" => {
                self.panes.ecs.clusters.listing.items.iter().map(|c| c.name.clone()).collect()
            }
            "ssm" | "param" | "params" | "parameters" => self.panes.ssm.tree.store.folders(),
            _ => Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        options.retain(|o| o.starts_with(arg) && seen.insert(o.clone()));
        (base, options)
    }

    fn complete(&mut self, bar: &mut CommandBar) {
        let (base, options) = self.candidates(&bar.input.value);
        match options.as_slice() {
            [] => bar.completions.clear(),
            [only] => {
                let space = if base.is_empty() { " " } else { "" };
                bar.input = TextInput::with_value(format!("{base}{only}{space}"));
                bar.completions.clear();
            }
            many => {
                let common = common_prefix(many);
                if common.len() > bar.input.value.len().saturating_sub(base.len()) {
                    bar.input = TextInput::with_value(format!("{base}{common}"));
                }
                bar.completions = many.to_vec();
            }
        }
    }

    /// Where the pane on screen is, as a target that opens it again.
    #[must_use]
    pub fn location(&self) -> Option<Target> {
        Some(self.panes.get(self.pane).location())
    }

    /// Records a move from `before` to wherever the app is now.
    pub(super) fn record_visit(&mut self, before: Option<Target>) {
        let now = self.location();
        if let Some(before) = before
            && now.as_ref() != Some(&before)
        {
            if self.nav.back.last() != Some(&before) {
                self.nav.back.push(before);
            }
            if self.nav.back.len() > KEEP_COMMANDS {
                self.nav.back.remove(0);
            }
            self.nav.forward.clear();
        }
    }

    /// `[`: the view visited before this one.
    pub(super) fn history_back(&mut self) -> Vec<Command> {
        let Some(target) = self.nav.back.pop() else {
            self.info("No earlier view in this session.");
            return Vec::new();
        };
        if let Some(now) = self.location() {
            self.nav.forward.push(now);
        }
        self.open_target(target)
    }

    /// `]`: the view left with `[`.
    pub(super) fn history_forward(&mut self) -> Vec<Command> {
        let Some(target) = self.nav.forward.pop() else {
            self.info("No later view: ] goes forward after [.");
            return Vec::new();
        };
        if let Some(now) = self.location() {
            self.nav.back.push(now);
        }
        self.open_target(target)
    }

    /// The loader's detail of a failure that is about to arrive.
    pub(super) fn on_error_detail(&mut self, id: RequestId, detail: ErrorDetail) {
        self.push_error(ErrorEntry {
            at: Some(detail.at),
            pane: None,
            what: String::new(),
            detail: Some(detail),
            message: String::new(),
            request: Some(id),
        });
    }

    /// Logs a failure for the errors view, joining the detail sent before it.
    pub(super) fn record_failure(&mut self, slot: Option<Slot>, id: Option<RequestId>, failure: &Failure) {
        let what = slot.map_or_else(|| "connection".to_owned(), |s| s.describe().to_owned());
        let pane = slot.and_then(Slot::pane);
        if let Some(entry) = self.errors.iter_mut().rev().take(8).find(|e| e.request.is_some() && e.request == id)
            && entry.message.is_empty()
        {
            entry.pane = pane;
            entry.what = what;
            entry.message.clone_from(&failure.message);
            return;
        }
        self.push_error(ErrorEntry {
            at: None,
            pane,
            what,
            detail: None,
            message: failure.message.clone(),
            request: id,
        });
    }

    fn push_error(&mut self, entry: ErrorEntry) {
        self.errors.push(entry);
        if self.errors.len() > KEEP_ERRORS {
            self.errors.remove(0);
        }
    }

    /// `!`: opens or closes the errors view.
    pub(super) fn toggle_errors(&mut self) -> Vec<Command> {
        if self.modals.take::<ErrorsView>().is_none() {
            self.modals.open(ErrorsView::default());
        }
        Vec::new()
    }

    /// A key while the errors view is open.
    pub(super) fn on_errors_key(&mut self, key: KeyEvent) -> Vec<Command> {
        let shown = self.errors.iter().filter(|e| !e.message.is_empty()).count();
        let Some(view) = self.modals.get_mut::<ErrorsView>() else { return Vec::new() };
        match key.code {
            KeyCode::Esc | KeyCode::Char('!' | 'q') | KeyCode::Backspace => self.modals.close::<ErrorsView>(),
            KeyCode::Down | KeyCode::Char('j') => view.selected = (view.selected + 1).min(shown.saturating_sub(1)),
            KeyCode::Up | KeyCode::Char('k') => view.selected = view.selected.saturating_sub(1),
            KeyCode::Home | KeyCode::Char('g') => view.selected = 0,
            KeyCode::End | KeyCode::Char('G') => view.selected = shown.saturating_sub(1),
            KeyCode::Char('y') => {
                if let Some(entry) = self.errors.iter().rev().filter(|e| !e.message.is_empty()).nth(view.selected) {
                    let id = entry.detail.as_ref().and_then(|d| d.request_id.clone());
                    let text = id.clone().unwrap_or_else(|| entry.message.clone());
                    self.info(if id.is_some() { "Copied the request id" } else { "Copied the message" });
                    return vec![Command::Copy(text)];
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// `<` `>` `=`: sort the table on screen.
    pub(super) fn sort_key(&mut self, action: super::keymap::KeyAction) -> Vec<Command> {
        use super::keymap::KeyAction;
        let pane = self.pane;
        match self.panes.list_mut(pane) {
            Some(list) => match action {
                KeyAction::SortPrev => list.cycle_sort(-1),
                KeyAction::SortNext => list.cycle_sort(1),
                _ => list.flip_sort(),
            },
            None => self.info("Nothing to sort here: < > = work on tables."),
        }
        Vec::new()
    }

    /// Esc on a filtered table clears the filter (before going back).
    pub(super) fn clear_filter(&mut self) -> bool {
        let pane = self.pane;
        match self.panes.list_mut(pane) {
            Some(list) if list.filter_text().is_some() => {
                list.set_filter("");
                true
            }
            _ => false,
        }
    }
}

fn common_prefix(options: &[String]) -> String {
    let Some(first) = options.first() else { return String::new() };
    let mut len = first.len();
    for other in &options[1..] {
        let shared = first
            .char_indices()
            .zip(other.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, c), _)| i + c.len_utf8());
        len = len.min(shared);
    }
    first[..len].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_into_targets() {
        assert_eq!(
            parse("s3 logs/2024/05"),
            Ok(Parsed::Go(Target::S3 { bucket: Some("logs".into()), prefix: "2024/05/".into() }))
        );
        assert_eq!(
            parse(":s3 s3://logs/"),
            Ok(Parsed::Go(Target::S3 { bucket: Some("logs".into()), prefix: String::new() }))
        );
        assert_eq!(parse("s3"), Ok(Parsed::Go(Target::S3 { bucket: None, prefix: String::new() })));
        assert_eq!(parse("vpc vpc-1"), Ok(Parsed::Go(Target::Vpc(Some("vpc-1".into())))));
        assert_eq!(parse("eni 10.0.1.5"), Ok(Parsed::Go(Target::Eni(Some("10.0.1.5".into())))));
        assert_eq!(parse("ssm app/prod/"), Ok(Parsed::Go(Target::Ssm(Some("/app/prod".into())))));
        assert_eq!(
            parse("ecs demo/web"),
            Ok(Parsed::Go(Target::Ecs { cluster: Some("demo".into()), service: Some("web".into()) }))
        );
        assert_eq!(parse("profile demo-prod"), Ok(Parsed::Profile("demo-prod".into())));
        assert_eq!(parse("role -"), Ok(Parsed::SwitchBack));
        assert_eq!(parse("q"), Ok(Parsed::Quit));
    }

    #[test]
    fn unknown_commands_say_what_is_available() {
        let err = parse("lambda").expect_err("unknown");
        assert!(err.contains("Unknown command :lambda"), "{err}");
        assert!(err.contains(":s3") && err.contains(":profile"), "{err}");
        assert!(parse("profile").expect_err("no name").contains("profile name"));
        assert!(parse("role nope").expect_err("bad arn").contains("not a role ARN"));
    }

    #[test]
    fn common_prefix_of_candidates() {
        assert_eq!(common_prefix(&["subnet".into(), "ssm".into(), "s3".into()]), "s");
        assert_eq!(common_prefix(&["eu-west-1".into(), "eu-west-2".into()]), "eu-west-");
        assert_eq!(common_prefix(&["prod".into()]), "prod");
    }
}
