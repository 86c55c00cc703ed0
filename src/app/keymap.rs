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
    /// S3: download the object.
    S3Download,
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

/// Every key awscope answers to: the pane keys (`1`, `2`, …), these, then
/// each pane's own (its `BINDINGS`), in tab order.
#[must_use]
pub fn bindings() -> &'static [Binding] {
    static ALL: std::sync::LazyLock<Vec<Binding>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<Binding> = Pane::ALL.iter().map(|p| p.switch_binding()).collect();
        all.extend_from_slice(GLOBAL_BINDINGS);
        for &pane in Pane::ALL {
            all.extend_from_slice(pane.bindings());
        }
        all
    });
    &ALL
}

/// The keys that work in every pane (global and navigation).
const GLOBAL_BINDINGS: &[Binding] = &[
    Binding { keys: &[Code(KeyCode::Tab)], action: KeyAction::NextPane, help: "next pane", group: Group::Global },
    Binding {
        keys: &[Code(KeyCode::BackTab)],
        action: KeyAction::PrevPane,
        help: "previous pane",
        group: Group::Global,
    },
    Binding {
        keys: &[Char('r')],
        action: KeyAction::Refresh,
        help: "refresh (or retry) the pane",
        group: Group::Global,
    },
    Binding { keys: &[Char('P')], action: KeyAction::PickProfile, help: "switch profile", group: Group::Global },
    Binding { keys: &[Char('R')], action: KeyAction::PickRegion, help: "switch region", group: Group::Global },
    Binding {
        keys: &[Char('A')],
        action: KeyAction::AssumeRole,
        help: "assume a role / switch back",
        group: Group::Global,
    },
    Binding {
        keys: &[Char('L')],
        action: KeyAction::SsoLogin,
        help: "aws sso login (SSO expired)",
        group: Group::Global,
    },
    Binding {
        keys: &[Char(':')],
        action: KeyAction::Command,
        help: "command bar (:s3 :whoami …)",
        group: Group::Global,
    },
    Binding { keys: &[Char('!')], action: KeyAction::Errors, help: "errors of this session", group: Group::Global },
    Binding {
        keys: &[Char('[')],
        action: KeyAction::HistoryBack,
        help: "back through visited views",
        group: Group::Global,
    },
    Binding {
        keys: &[Char(']')],
        action: KeyAction::HistoryForward,
        help: "forward through visited views",
        group: Group::Global,
    },
    Binding { keys: &[Char('?')], action: KeyAction::Help, help: "show or hide this help", group: Group::Global },
    Binding { keys: &[Ctrl('z')], action: KeyAction::Suspend, help: "suspend to the shell", group: Group::Global },
    Binding { keys: &[Char('q'), Ctrl('c')], action: KeyAction::Quit, help: "quit", group: Group::Global },
    Binding {
        keys: &[Char('j'), Code(KeyCode::Down)],
        action: KeyAction::Down,
        help: "down",
        group: Group::Navigation,
    },
    Binding { keys: &[Char('k'), Code(KeyCode::Up)], action: KeyAction::Up, help: "up", group: Group::Navigation },
    Binding {
        keys: &[Char('g'), Code(KeyCode::Home)],
        action: KeyAction::Top,
        help: "first row",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Char('G'), Code(KeyCode::End)],
        action: KeyAction::Bottom,
        help: "last row",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Code(KeyCode::PageUp), Ctrl('b')],
        action: KeyAction::PageUp,
        help: "page up",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Code(KeyCode::PageDown), Ctrl('f')],
        action: KeyAction::PageDown,
        help: "page down",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Code(KeyCode::Enter)],
        action: KeyAction::Open,
        help: "open the selected item",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Code(KeyCode::Esc), Code(KeyCode::Backspace)],
        action: KeyAction::Back,
        help: "back, or stop a load",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Char('/')],
        action: KeyAction::Filter,
        help: "filter (~regex, !inverse)",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Char('<')],
        action: KeyAction::SortPrev,
        help: "sort by the column to the left",
        group: Group::Navigation,
    },
    Binding {
        keys: &[Char('>')],
        action: KeyAction::SortNext,
        help: "sort by the column to the right",
        group: Group::Navigation,
    },
    Binding { keys: &[Char('=')], action: KeyAction::SortFlip, help: "flip the sort order", group: Group::Navigation },
    Binding { keys: &[Char('d')], action: KeyAction::Describe, help: "describe as JSON", group: Group::Navigation },
    Binding {
        keys: &[Char('o')],
        action: KeyAction::Console,
        help: "open in the AWS console",
        group: Group::Navigation,
    },
    Binding { keys: &[Char('y')], action: KeyAction::Copy, help: "copy the name, id or URI", group: Group::Navigation },
    Binding { keys: &[Char('Y')], action: KeyAction::CopyArn, help: "copy the ARN", group: Group::Navigation },
];

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
        }
    }
}

/// Names of the keys a config file may write, besides single characters,
/// `ctrl-<char>`, `shift-<letter>` and `f1`…`f24`.
const NAMED_KEYS: &[(&str, Key)] = &[
    ("enter", Code(KeyCode::Enter)),
    ("return", Code(KeyCode::Enter)),
    ("esc", Code(KeyCode::Esc)),
    ("escape", Code(KeyCode::Esc)),
    ("tab", Code(KeyCode::Tab)),
    ("shift-tab", Code(KeyCode::BackTab)),
    ("backtab", Code(KeyCode::BackTab)),
    ("backspace", Code(KeyCode::Backspace)),
    ("up", Code(KeyCode::Up)),
    ("down", Code(KeyCode::Down)),
    ("left", Code(KeyCode::Left)),
    ("right", Code(KeyCode::Right)),
    ("home", Code(KeyCode::Home)),
    ("end", Code(KeyCode::End)),
    ("pgup", Code(KeyCode::PageUp)),
    ("pageup", Code(KeyCode::PageUp)),
    ("pgdn", Code(KeyCode::PageDown)),
    ("pagedown", Code(KeyCode::PageDown)),
    ("delete", Code(KeyCode::Delete)),
    ("del", Code(KeyCode::Delete)),
    ("insert", Code(KeyCode::Insert)),
    ("space", Char(' ')),
];

impl Key {
    /// Parses a key as a config file writes it: a single character (`d`,
    /// `G`, `/`), `ctrl-d`, `shift-g`, `shift-tab`, `enter`, `esc`, `f5`, …
    /// Names are case-insensitive; a single character is taken as written.
    ///
    /// # Errors
    /// When `text` names no key; the message says what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Char(c));
        }
        let lower = text.trim().to_ascii_lowercase().replace('+', "-");
        if let Some((_, key)) = NAMED_KEYS.iter().find(|(name, _)| *name == lower) {
            return Ok(*key);
        }
        let single = |rest: &str| {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Some(c),
                _ => None,
            }
        };
        if let Some(c) = lower.strip_prefix("ctrl-").and_then(single)
            && c.is_ascii_graphic()
        {
            return Ok(Ctrl(c));
        }
        if let Some(c) = lower.strip_prefix("shift-").and_then(single)
            && c.is_ascii_alphabetic()
        {
            return Ok(Char(c.to_ascii_uppercase()));
        }
        if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok())
            && (1..=24).contains(&n)
        {
            return Ok(Code(KeyCode::F(n)));
        }
        Err(format!(
            "`{text}` is not a key: write a single character (d, G, /), ctrl-d, shift-g, shift-tab, enter, esc, \
             tab, backspace, space, up, down, left, right, home, end, pgup, pgdn, delete, insert or f1…f24"
        ))
    }

    /// A key event that this key matches, as the terminal would deliver it.
    #[must_use]
    pub fn event(self) -> KeyEvent {
        match self {
            Self::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
            Self::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Self::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
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
mod tests {
    use super::*;

    fn overrides(pairs: &[(&'static str, &[&str])]) -> Vec<(&'static str, Vec<String>)> {
        pairs.iter().map(|(name, keys)| (*name, keys.iter().map(|k| (*k).to_owned()).collect())).collect()
    }

    /// Every key help shows for every pane produces its action through
    /// lookup, and every entry that applies to a pane is in its help.
    fn assert_help_matches_input(map: &Keymap) {
        for &pane in Pane::ALL {
            let help = map.help(pane);
            for (group, entries) in &help {
                assert!(group.applies_to(pane));
                for entry in entries {
                    assert!(!entry.keys.is_empty(), "{} has no key in help", entry.action.name());
                    for key in &entry.keys {
                        assert_eq!(
                            map.lookup(&key.event(), pane),
                            Some(entry.action),
                            "help for {pane:?} shows {} for {}",
                            key.label(),
                            entry.action.name()
                        );
                    }
                }
            }
            for entry in map.entries().iter().filter(|e| e.group.applies_to(pane)) {
                assert!(
                    help.iter().any(|(_, entries)| entries.contains(&entry)),
                    "{} is missing from help for {pane:?}",
                    entry.action.name()
                );
            }
        }
    }

    #[test]
    fn every_binding_is_reachable_by_each_of_its_keys() {
        for binding in bindings() {
            for key in binding.keys {
                let pane = match binding.group {
                    Group::Pane(pane) => pane,
                    Group::Global | Group::Navigation => Pane::S3,
                };
                assert_eq!(
                    lookup(&key.event(), pane),
                    Some(binding.action),
                    "key {} of {:?}",
                    key.label(),
                    binding.action
                );
            }
        }
    }

    #[test]
    fn shifted_letters_arrive_as_upper_case() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&event, Pane::S3), Some(KeyAction::Bottom));
    }

    #[test]
    fn help_shows_exactly_the_keys_that_work() {
        assert_help_matches_input(&Keymap::default());
    }

    #[test]
    fn the_default_keymap_has_no_conflicts() {
        Keymap::default().check_conflicts(&[]).expect("no key is bound twice where both apply");
    }

    #[test]
    fn action_names_are_unique_snake_case() {
        let names = action_names();
        for name in &names {
            assert!(name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{name}");
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name} twice");
        }
        for binding in bindings() {
            assert!(names.contains(&binding.action.name()));
        }
    }

    #[test]
    fn an_override_replaces_the_keys_and_help_follows() {
        let map = Keymap::with_overrides(overrides(&[("filter", &["f5"]), ("describe", &["ctrl-e", "shift-w"])]))
            .expect("valid overrides");
        let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
        let slash = KeyEvent::new(KeyCode::Char('/'), KeyModifiers::NONE);
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        let shift_w = KeyEvent::new(KeyCode::Char('W'), KeyModifiers::SHIFT);
        let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
        for &pane in Pane::ALL {
            assert_eq!(map.lookup(&f5, pane), Some(KeyAction::Filter));
            assert_eq!(map.lookup(&slash, pane), None);
            assert_eq!(map.lookup(&ctrl_e, pane), Some(KeyAction::Describe));
            assert_eq!(map.lookup(&shift_w, pane), Some(KeyAction::Describe));
            assert_eq!(map.lookup(&d, pane), None);
        }
        assert_eq!(map.keys_for(KeyAction::Filter), &[Code(KeyCode::F(5))]);
        let filter_help: Vec<String> = map
            .help(Pane::S3)
            .iter()
            .flat_map(|(_, entries)| entries.iter())
            .filter(|e| e.action == KeyAction::Filter)
            .flat_map(|e| e.keys.iter().map(|k| k.label()))
            .collect();
        assert_eq!(filter_help, vec!["F5".to_owned()]);
        assert_help_matches_input(&map);
        // The untouched default is unchanged.
        assert_eq!(lookup(&slash, Pane::S3), Some(KeyAction::Filter));
    }

    #[test]
    fn keys_parse_as_config_files_write_them() {
        assert_eq!(Key::parse("d"), Ok(Char('d')));
        assert_eq!(Key::parse("G"), Ok(Char('G')));
        assert_eq!(Key::parse("/"), Ok(Char('/')));
        assert_eq!(Key::parse("ctrl-d"), Ok(Ctrl('d')));
        assert_eq!(Key::parse("Ctrl+D"), Ok(Ctrl('d')));
        assert_eq!(Key::parse("shift-tab"), Ok(Code(KeyCode::BackTab)));
        assert_eq!(Key::parse("shift-g"), Ok(Char('G')));
        assert_eq!(Key::parse("enter"), Ok(Code(KeyCode::Enter)));
        assert_eq!(Key::parse("F5"), Ok(Code(KeyCode::F(5))));
        assert_eq!(Key::parse("space"), Ok(Char(' ')));
        assert_eq!(Key::parse("pgdn"), Ok(Code(KeyCode::PageDown)));
        for bad in ["", "ctrl-", "ctrl-dd", "f0", "f25", "hyper-x", "enterr"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn unknown_actions_and_bad_keys_are_refused_with_the_valid_names() {
        let err = Keymap::with_overrides(overrides(&[("fliter", &["/"])])).expect_err("unknown action");
        let text = err.to_string();
        assert!(text.contains("`fliter`") && text.contains("filter") && text.contains("sort_next"), "{text}");
        assert_eq!(err.action(), "fliter");
        let err = Keymap::with_overrides(overrides(&[("describe", &["ctrl-"])])).expect_err("bad key");
        assert!(err.to_string().contains("`ctrl-` is not a key"), "{err}");
        let err = Keymap::with_overrides(overrides(&[("describe", &[])])).expect_err("no key");
        assert_eq!(err, KeymapError::NoKeys { name: "describe".into() });
    }

    #[test]
    fn a_conflict_names_both_actions() {
        let err = Keymap::with_overrides(overrides(&[("filter", &["d"])])).expect_err("d is describe");
        assert_eq!(err.action(), "filter");
        let text = err.to_string();
        assert!(text.contains("key d") && text.contains("filter") && text.contains("describe"), "{text}");
        // A pane's own key clashes only in that pane.
        let err = Keymap::with_overrides(overrides(&[("describe", &["d", "ctrl-d"])])).expect_err("ctrl-d deletes");
        let text = err.to_string();
        assert!(text.contains("describe") && text.contains("ssm_delete") && text.contains("SSM pane"), "{text}");
        // Moving the other action out of the way resolves it.
        Keymap::with_overrides(overrides(&[("describe", &["d", "ctrl-d"]), ("ssm_delete", &["ctrl-x"])]))
            .expect("no conflict left");
        // Keys of two different panes never meet.
        Keymap::with_overrides(overrides(&[("ecs_tasks", &["p"])])).expect("p is S3-only");
    }

    #[test]
    fn ctrl_c_always_quits() {
        let map = Keymap::with_overrides(overrides(&[("quit", &["Q"])])).expect("valid");
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map.lookup(&ctrl_c, Pane::Ssm), Some(KeyAction::Quit));
        assert_eq!(map.lookup(&KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE), Pane::Ssm), None);
        assert_eq!(map.keys_for(KeyAction::Quit), &[Char('Q'), Ctrl('c')]);
    }
}
