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
            Self::Pane(Pane::S3) => "S3",
            Self::Pane(Pane::Network) => "Network",
            Self::Pane(Pane::Ssm) => "SSM",
            Self::Pane(Pane::Ecs) => "ECS",
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

/// Every key awscope answers to.
pub const BINDINGS: &[Binding] = &[
    Binding { keys: &[Char('1')], action: KeyAction::Pane(Pane::S3), help: "S3 buckets", group: Group::Global },
    Binding {
        keys: &[Char('2')],
        action: KeyAction::Pane(Pane::Network),
        help: "Network (VPCs)",
        group: Group::Global,
    },
    Binding {
        keys: &[Char('3')],
        action: KeyAction::Pane(Pane::Ssm),
        help: "SSM Parameter Store",
        group: Group::Global,
    },
    Binding { keys: &[Char('4')], action: KeyAction::Pane(Pane::Ecs), help: "ECS clusters", group: Group::Global },
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
    Binding { keys: &[Char('y')], action: KeyAction::Copy, help: "copy the name, id or URI", group: Group::Navigation },
    Binding { keys: &[Char('Y')], action: KeyAction::CopyArn, help: "copy the ARN", group: Group::Navigation },
    Binding {
        keys: &[Char('p')],
        action: KeyAction::S3Preview,
        help: "preview (first 64 KiB)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('s')],
        action: KeyAction::S3Download,
        help: "save (download)",
        group: Group::Pane(Pane::S3),
    },
    Binding {
        keys: &[Char('e')],
        action: KeyAction::VpcInterfaces,
        help: "all interfaces of the VPC",
        group: Group::Pane(Pane::Network),
    },
    Binding {
        keys: &[Char('f')],
        action: KeyAction::FindByIp,
        help: "find a network interface by IP",
        group: Group::Pane(Pane::Network),
    },
    Binding {
        keys: &[Char('x')],
        action: KeyAction::SsmReveal,
        help: "reveal / mask SecureString values",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('h')],
        action: KeyAction::SsmHistory,
        help: "version history",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('m')],
        action: KeyAction::SsmMark,
        help: "history: mark a version",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('d')],
        action: KeyAction::SsmDiff,
        help: "history: diff with the marked or previous",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('e')],
        action: KeyAction::SsmEdit,
        help: "edit the value in $EDITOR",
        group: Group::Pane(Pane::Ssm),
    },
    Binding { keys: &[Char('n')], action: KeyAction::SsmCreate, help: "new parameter", group: Group::Pane(Pane::Ssm) },
    Binding {
        keys: &[Ctrl('d')],
        action: KeyAction::SsmDelete,
        help: "delete (type the name to confirm)",
        group: Group::Pane(Pane::Ssm),
    },
    Binding {
        keys: &[Char('t')],
        action: KeyAction::EcsTasks,
        help: "tasks of the cluster (or of the service)",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('d')],
        action: KeyAction::EcsDetail,
        help: "detail of the service or task",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('S')],
        action: KeyAction::EcsStopped,
        help: "tasks: show stopped / running",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('F')],
        action: KeyAction::EcsDeploy,
        help: "force a new deployment (asks first)",
        group: Group::Pane(Pane::Ecs),
    },
    Binding {
        keys: &[Char('X')],
        action: KeyAction::EcsStopTask,
        help: "stop the task (asks a reason, then y)",
        group: Group::Pane(Pane::Ecs),
    },
];

/// The action bound to `event` in `pane`, if any. A pane's own bindings are
/// tried before the shared ones, so a pane may give a key its own meaning.
#[must_use]
pub fn lookup(event: &KeyEvent, pane: Pane) -> Option<KeyAction> {
    let pane_first = BINDINGS.iter().filter(|b| b.group == Group::Pane(pane));
    let shared = BINDINGS.iter().filter(|b| matches!(b.group, Group::Global | Group::Navigation));
    pane_first.chain(shared).find(|b| b.keys.iter().any(|k| k.matches(event))).map(|b| b.action)
}

/// The bindings help shows for `pane`: global, navigation, then the pane's own.
pub fn help_groups(pane: Pane) -> [Group; 3] {
    [Group::Global, Group::Navigation, Group::Pane(pane)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_reachable_by_its_first_key() {
        for binding in BINDINGS {
            for key in binding.keys {
                let event = match *key {
                    Key::Char(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
                    Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
                    Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
                };
                let pane = match binding.group {
                    Group::Pane(pane) => pane,
                    Group::Global | Group::Navigation => Pane::S3,
                };
                assert_eq!(lookup(&event, pane), Some(binding.action), "key {} of {:?}", key.label(), binding.action);
            }
        }
    }

    #[test]
    fn shifted_letters_arrive_as_upper_case() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&event, Pane::S3), Some(KeyAction::Bottom));
    }
}
