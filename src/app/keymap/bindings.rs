//! The default keys: the pane keys, the global and navigation keys, then
//! each pane's own (declared in the pane's `room.rs`).

use super::*;

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
    Binding {
        keys: &[Ctrl('g')],
        action: KeyAction::FindEverywhere,
        help: "find everywhere (:find)",
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
