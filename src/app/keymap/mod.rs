//! The one keymap: it drives input and generates the help overlay, so help
//! never documents a key that does nothing.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Pane;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyAction {
    /// Leave awscope.
    Quit,
    /// Show or hide help.
    Help,
    /// Next pane.
    NextPane,
    /// Previous pane.
    PrevPane,
    /// Go to a pane.
    Pane(Pane),
    /// Selection up one row.
    Up,
    /// Selection down one row.
    Down,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// One screen up.
    PageUp,
    /// One screen down.
    PageDown,
    /// Open the selected item.
    Open,
    /// Go back, or cancel a running load.
    Back,
    /// Reload the pane.
    Refresh,
    /// Suspend to the shell.
    Suspend,
    /// Open the profile picker.
    PickProfile,
    /// Open the region picker.
    PickRegion,
    /// Open the role form (assume a role, or switch back).
    AssumeRole,
    /// Run `aws sso login` for a profile whose SSO session expired.
    SsoLogin,
    /// Copy the selection's name, id or URI.
    Copy,
    /// Copy the selection's ARN.
    CopyArn,
    /// S3: preview the object's first bytes.
    S3Preview,
    /// S3: download the object (a folder or the marked set: the whole tree).
    S3Download,
    /// S3: mark or unmark the selected row.
    S3Mark,
    /// S3: invert the marks in the view.
    S3InvertMarks,
    /// S3: upload a file or directory under the prefix on screen.
    S3Upload,
    /// S3: delete the object, folder or marked set.
    S3Delete,
    /// S3: copy the object, folder or marked set.
    S3Copy,
    /// S3: move (or rename) the object, folder or marked set.
    S3Move,
    /// S3: a presigned URL for the object or version.
    S3Presign,
    /// S3: restore the selected version over the current one.
    S3RestoreVersion,
    /// Network: list every network interface of the selected VPC.
    VpcInterfaces,
    /// Network: find a network interface by IP address.
    FindByIp,
    /// SSM: reveal or mask SecureString values.
    SsmReveal,
    /// SSM: the parameter's version history.
    SsmHistory,
    /// SSM: edit the parameter's value.
    SsmEdit,
    /// SSM: create a parameter.
    SsmCreate,
    /// SSM: delete the parameter.
    SsmDelete,
    /// SSM history: mark a version to compare.
    SsmMark,
    /// SSM history: diff two versions.
    SsmDiff,
    /// ECS: tasks of the cluster (or of the service in its detail).
    EcsTasks,
    /// ECS: the selected service's or task's detail.
    EcsDetail,
    /// ECS tasks: switch between running and stopped tasks.
    EcsStopped,
    /// ECS: force a new deployment of the service.
    EcsDeploy,
    /// ECS: stop the task.
    EcsStopTask,
    /// ECS: the log events of the service, task or container, followed.
    EcsLogs,
    /// Logs: the streams of the selected group.
    LogsStreams,
    /// Logs: follow new events, or stop.
    LogsFollow,
    /// Logs: the next time range preset.
    LogsRange,
    /// Logs: events from a time.
    LogsSince,
    /// Logs: a CloudWatch filter pattern.
    LogsPattern,
    /// Logs: wrap long lines, or cut them.
    LogsWrap,
    /// Logs: times in UTC or local time.
    LogsZone,
    /// Logs: save the events shown to a file.
    LogsSave,
    /// ECS: open a shell in a container of the task (ECS Exec).
    EcsExec,
    /// Open the command bar (`:s3 bucket/prefix`, `:profile NAME`, …).
    Command,
    /// Filter the table on screen.
    Filter,
    /// Back through visited views.
    HistoryBack,
    /// Forward through visited views.
    HistoryForward,
    /// Sort by the column to the left.
    SortPrev,
    /// Sort by the column to the right.
    SortNext,
    /// Flip the sort order.
    SortFlip,
    /// The selected resource as JSON.
    Describe,
    /// Open the resource in the AWS console.
    Console,
    /// This session's errors.
    Errors,
    /// Find anywhere: the Find pane's search prompt.
    FindEverywhere,
    /// Find: a new search.
    FindNew,
    /// Find: this profile or every profile, searched again.
    FindScope,
    /// Find: choose the profiles and regions by hand.
    FindPick,
    /// Find: the failed probes and skipped profiles.
    FindFailures,
    /// Find: an MFA code for a profile skipped for want of one.
    FindMfa,
}

/// A key as the keymap names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Ctrl and a character.
    Ctrl(char),
    /// A named key.
    Code(KeyCode),
}

impl Key {
    /// How help writes the key.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Char(' ') => "Space".into(),
            Self::Char(c) => c.to_string(),
            Self::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Self::Code(code) => match code {
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Backspace => "Backspace".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Up => "↑".into(),
                KeyCode::Down => "↓".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Left => "←".into(),
                KeyCode::Right => "→".into(),
                KeyCode::Delete => "Del".into(),
                KeyCode::Insert => "Ins".into(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            },
        }
    }

    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match (self, event.code) {
            (Self::Char(want), KeyCode::Char(got)) => !ctrl && want == got,
            (Self::Ctrl(want), KeyCode::Char(got)) => ctrl && want.eq_ignore_ascii_case(&got),
            (Self::Code(want), got) => want == got,
            _ => false,
        }
    }
}

/// Where a binding applies, and which part of help lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Works everywhere.
    Global,
    /// Moving around a table, in every pane.
    Navigation,
    /// Only in one pane; listed under that pane in help.
    Pane(Pane),
}

impl Group {
    /// The heading in help.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Global => "Global",
            Self::Navigation => "Navigation",
            Self::Pane(pane) => pane.title(),
        }
    }

    /// Whether bindings of this group work in `pane`.
    #[must_use]
    pub fn applies_to(self, pane: Pane) -> bool {
        match self {
            Self::Global | Self::Navigation => true,
            Self::Pane(p) => p == pane,
        }
    }
}

/// One entry of the keymap.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// What it does.
    pub action: KeyAction,
    /// The help text.
    pub help: &'static str,
    /// Where help lists it.
    pub group: Group,
}

use Key::{Char, Code, Ctrl};

mod bindings;
mod keys;

pub use bindings::bindings;

/// The action bound to `event` in `pane` by the default keymap, if any. The
/// app itself looks keys up in its runtime [`Keymap`], which carries the
/// user's overrides.
#[must_use]
pub fn lookup(event: &KeyEvent, pane: Pane) -> Option<KeyAction> {
    DEFAULT_KEYMAP.lookup(event, pane)
}

/// The bindings help shows for `pane`: global, navigation, then the pane's own.
pub fn help_groups(pane: Pane) -> [Group; 3] {
    [Group::Global, Group::Navigation, Group::Pane(pane)]
}

impl KeyAction {
    /// The stable name a config file uses for the action (`filter`,
    /// `describe`, `sort_next`, `pane_s3`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Quit => "quit",
            Self::Help => "help",
            Self::NextPane => "next_pane",
            Self::PrevPane => "prev_pane",
            Self::Pane(pane) => pane.action_name(),
            Self::Up => "up",
            Self::Down => "down",
            Self::Top => "top",
            Self::Bottom => "bottom",
            Self::PageUp => "page_up",
            Self::PageDown => "page_down",
            Self::Open => "open",
            Self::Back => "back",
            Self::Refresh => "refresh",
            Self::Suspend => "suspend",
            Self::PickProfile => "pick_profile",
            Self::PickRegion => "pick_region",
            Self::AssumeRole => "assume_role",
            Self::SsoLogin => "sso_login",
            Self::Copy => "copy",
            Self::CopyArn => "copy_arn",
            Self::S3Preview => "s3_preview",
            Self::S3Download => "s3_download",
            Self::S3Mark => "s3_mark",
            Self::S3InvertMarks => "s3_invert_marks",
            Self::S3Upload => "s3_upload",
            Self::S3Delete => "s3_delete",
            Self::S3Copy => "s3_copy",
            Self::S3Move => "s3_move",
            Self::S3Presign => "s3_presign",
            Self::S3RestoreVersion => "s3_restore_version",
            Self::VpcInterfaces => "vpc_interfaces",
            Self::FindByIp => "find_by_ip",
            Self::SsmReveal => "ssm_reveal",
            Self::SsmHistory => "ssm_history",
            Self::SsmEdit => "ssm_edit",
            Self::SsmCreate => "ssm_create",
            Self::SsmDelete => "ssm_delete",
            Self::SsmMark => "ssm_mark",
            Self::SsmDiff => "ssm_diff",
            Self::EcsTasks => "ecs_tasks",
            Self::EcsDetail => "ecs_detail",
            Self::EcsStopped => "ecs_stopped",
            Self::EcsDeploy => "ecs_deploy",
            Self::EcsStopTask => "ecs_stop_task",
            Self::EcsLogs => "ecs_logs",
            Self::LogsStreams => "logs_streams",
            Self::LogsFollow => "logs_follow",
            Self::LogsRange => "logs_range",
            Self::LogsSince => "logs_since",
            Self::LogsPattern => "logs_pattern",
            Self::LogsWrap => "logs_wrap",
            Self::LogsZone => "logs_zone",
            Self::LogsSave => "logs_save",
            Self::EcsExec => "ecs_exec",
            Self::Command => "command",
            Self::Filter => "filter",
            Self::HistoryBack => "history_back",
            Self::HistoryForward => "history_forward",
            Self::SortPrev => "sort_prev",
            Self::SortNext => "sort_next",
            Self::SortFlip => "sort_flip",
            Self::Describe => "describe",
            Self::Console => "console",
            Self::Errors => "errors",
            Self::FindEverywhere => "find",
            Self::FindNew => "find_new",
            Self::FindScope => "find_scope",
            Self::FindPick => "find_pick",
            Self::FindFailures => "find_failures",
            Self::FindMfa => "find_mfa",
        }
    }
}

impl Group {
    /// Whether a key bound in both groups would be ambiguous somewhere.
    fn overlaps(self, other: Self) -> bool {
        match (self, other) {
            (Self::Pane(a), Self::Pane(b)) => a == b,
            _ => true,
        }
    }
}

/// One entry of a runtime keymap: a [`Binding`] with the keys in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The keys that trigger it (never empty).
    pub keys: Vec<Key>,
    /// What it does.
    pub action: KeyAction,
    /// The help text.
    pub help: &'static str,
    /// Where it applies, and where help lists it.
    pub group: Group,
}

/// Why a key override was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeymapError {
    /// The override names no action.
    #[error("unknown action `{name}` in [keys]; valid actions: {valid}")]
    UnknownAction {
        /// The name as written.
        name: String,
        /// Every valid name, comma-separated.
        valid: String,
    },
    /// A key of the override could not be read.
    #[error("[keys] {name}: {message}")]
    BadKey {
        /// The action whose keys are wrong.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// The override gives no key at all.
    #[error("[keys] {name}: give at least one key")]
    NoKeys {
        /// The action.
        name: String,
    },
    /// Two actions answer to the same key where both apply.
    #[error("[keys] key {key} is bound to both {first} and {second}{scope}; bind one of them to another key")]
    Conflict {
        /// The key, as help writes it.
        key: String,
        /// One action.
        first: &'static str,
        /// The other.
        second: &'static str,
        /// Where both apply (` in the SSM pane`), or empty when everywhere.
        scope: String,
        /// The override that caused it.
        name: String,
    },
}

impl KeymapError {
    /// The action name of the override to blame (to locate it in the file).
    #[must_use]
    pub fn action(&self) -> &str {
        match self {
            Self::UnknownAction { name, .. }
            | Self::BadKey { name, .. }
            | Self::NoKeys { name }
            | Self::Conflict { name, .. } => name,
        }
    }
}

/// The keymap in force: [`BINDINGS`] with the user's overrides applied. Input
/// and help both read it, so help shows exactly the keys that work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    entries: Vec<Entry>,
}

impl Default for Keymap {
    fn default() -> Self {
        let entries = bindings()
            .iter()
            .map(|b| Entry { keys: b.keys.to_vec(), action: b.action, help: b.help, group: b.group })
            .collect();
        Self { entries }
    }
}

static DEFAULT_KEYMAP: std::sync::LazyLock<Keymap> = std::sync::LazyLock::new(Keymap::default);

/// Every action name an override may use, in keymap order.
#[must_use]
pub fn action_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = Vec::new();
    for binding in bindings() {
        let name = binding.action.name();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

impl Keymap {
    /// The default keymap with `overrides` (action name → keys as a config
    /// file writes them) applied: each override replaces that action's keys.
    /// Ctrl-C always stays bound to `quit`.
    ///
    /// # Errors
    /// An unknown action name, a key that cannot be read, an empty list, or a
    /// key bound to two actions where both apply.
    pub fn with_overrides<'a, I, K>(overrides: I) -> Result<Self, KeymapError>
    where
        I: IntoIterator<Item = (&'a str, K)>,
        K: AsRef<[String]>,
    {
        let mut map = Self::default();
        let mut overridden: Vec<KeyAction> = Vec::new();
        for (name, keys) in overrides {
            let keys = keys.as_ref();
            let Some(action) = bindings().iter().map(|b| b.action).find(|a| a.name() == name) else {
                return Err(KeymapError::UnknownAction { name: name.to_owned(), valid: action_names().join(", ") });
            };
            if keys.is_empty() {
                return Err(KeymapError::NoKeys { name: name.to_owned() });
            }
            let mut parsed: Vec<Key> = Vec::new();
            for text in keys {
                let key = Key::parse(text).map_err(|message| KeymapError::BadKey { name: name.to_owned(), message })?;
                if !parsed.contains(&key) {
                    parsed.push(key);
                }
            }
            if action == KeyAction::Quit && !parsed.contains(&Ctrl('c')) {
                parsed.push(Ctrl('c'));
            }
            for entry in map.entries.iter_mut().filter(|e| e.action == action) {
                entry.keys.clone_from(&parsed);
            }
            overridden.push(action);
        }
        map.check_conflicts(&overridden)?;
        Ok(map)
    }

    /// Fails on a key bound to two actions where both apply; blames whichever
    /// of the two was overridden.
    fn check_conflicts(&self, overridden: &[KeyAction]) -> Result<(), KeymapError> {
        for (i, a) in self.entries.iter().enumerate() {
            for b in &self.entries[i + 1..] {
                if a.action == b.action || !a.group.overlaps(b.group) {
                    continue;
                }
                if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)) {
                    let scope = match (a.group, b.group) {
                        (Group::Pane(p), _) | (_, Group::Pane(p)) => format!(" in the {} pane", p.title()),
                        _ => String::new(),
                    };
                    let blamed = if overridden.contains(&b.action) { b.action } else { a.action };
                    return Err(KeymapError::Conflict {
                        key: key.label(),
                        first: a.action.name(),
                        second: b.action.name(),
                        scope,
                        name: blamed.name().to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The action bound to `event` in `pane`, if any. A pane's own bindings
    /// are tried before the shared ones.
    #[must_use]
    pub fn lookup(&self, event: &KeyEvent, pane: Pane) -> Option<KeyAction> {
        let pane_first = self.entries.iter().filter(|e| e.group == Group::Pane(pane));
        let shared = self.entries.iter().filter(|e| matches!(e.group, Group::Global | Group::Navigation));
        pane_first.chain(shared).find(|e| e.keys.iter().any(|k| k.matches(event))).map(|e| e.action)
    }

    /// Every entry, in keymap order.
    #[must_use]
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The keys bound to `action` (empty when it has none).
    #[must_use]
    pub fn keys_for(&self, action: KeyAction) -> &[Key] {
        self.entries.iter().find(|e| e.action == action).map_or(&[], |e| e.keys.as_slice())
    }

    /// What help shows for `pane`: each of [`help_groups`] that has entries,
    /// with its entries in keymap order.
    #[must_use]
    pub fn help(&self, pane: Pane) -> Vec<(Group, Vec<&Entry>)> {
        help_groups(pane)
            .into_iter()
            .map(|group| (group, self.entries.iter().filter(|e| e.group == group).collect::<Vec<_>>()))
            .filter(|(_, entries)| !entries.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests;
