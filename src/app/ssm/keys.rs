//! The SSM pane's keys on each screen: the tree, the value view and the
//! history (with its diff).

use super::tree::{Entry, parent};
use super::views::Reveal;
use super::{Screen, SsmPane, SsmRequest, SsmSlot, load};
use crate::app::action::{Command, Slot};
use crate::app::ctx::Ctx;
use crate::app::keymap::KeyAction;
use crate::aws::ssm::Decrypt;

impl SsmPane {
    pub(super) fn tree_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        let selected = self.tree.list.selected_item().cloned();
        match action {
            KeyAction::Back if !self.tree.folder.is_empty() => {
                let from = self.tree.folder.clone();
                self.tree.enter(parent(&from), Some(&from), rows);
            }
            KeyAction::Back if self.tree.list.is_loading() => {
                self.tree.list.cancel();
                self.tree.complete = false;
                ctx.info("Stopped listing parameters; the tree may be incomplete — press r to reload.");
                return vec![Command::Cancel(Slot::Ssm(SsmSlot::Tree))];
            }
            KeyAction::Open => match selected {
                Some(Entry::Folder { path, .. }) => self.tree.enter(&path, None, rows),
                Some(Entry::Parameter(p)) => return self.open_value(&p.name, ctx),
                None => {}
            },
            KeyAction::SsmHistory => match selected {
                Some(Entry::Parameter(p)) => {
                    self.history = None;
                    self.screen = Screen::History;
                    return self.load_history(&p.name, Decrypt::No, ctx);
                }
                _ => ctx.info("History is kept per parameter: select a parameter, then press h."),
            },
            KeyAction::SsmReveal | KeyAction::SsmEdit => match selected {
                Some(Entry::Parameter(p)) => {
                    if action == KeyAction::SsmEdit && ctx.refuse_if_read_only(&format!("edit {}", p.name)) {
                        return Vec::new();
                    }
                    let mut commands = self.open_value(&p.name, ctx);
                    if action == KeyAction::SsmEdit {
                        commands.extend(self.start_edit(ctx));
                    } else if p.kind.is_secure() {
                        commands.extend(self.toggle_reveal(ctx));
                    }
                    return commands;
                }
                _ => ctx.info("Select a parameter first (folders have no value)."),
            },
            KeyAction::SsmCreate => return self.start_create(ctx),
            KeyAction::SsmDelete => return self.start_delete(ctx),
            other => self.tree.list.navigate(other, rows),
        }
        Vec::new()
    }

    pub(super) fn value_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.layout.value_rows;
        match action {
            KeyAction::Back => return self.close_value(),
            KeyAction::SsmReveal => return self.toggle_reveal(ctx),
            KeyAction::SsmHistory => {
                self.screen = Screen::History;
                if self.history.is_none()
                    && let Some(name) = self.value.as_ref().map(|v| v.name.clone())
                {
                    return self.load_history(&name, Decrypt::No, ctx);
                }
            }
            KeyAction::SsmEdit => {
                let name = self.value.as_ref().map(|v| v.name.clone()).unwrap_or_default();
                if !ctx.refuse_if_read_only(&format!("edit {name}")) {
                    return self.start_edit(ctx);
                }
            }
            KeyAction::SsmCreate => return self.start_create(ctx),
            KeyAction::SsmDelete => return self.start_delete(ctx),
            other => {
                if let Some(view) = &mut self.value {
                    view.scroll = scroll(view.scroll, view.lines, rows, other);
                }
            }
        }
        Vec::new()
    }

    pub(super) fn history_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        let Some(history) = &mut self.history else {
            self.screen = if self.value.is_some() { Screen::Value } else { Screen::Tree };
            return Vec::new();
        };
        match action {
            KeyAction::Back if history.diff.is_some() => history.diff = None,
            KeyAction::Back => {
                let loading = history.list.is_loading();
                if self.value.is_some() {
                    history.mask();
                    self.screen = Screen::Value;
                    if loading && history.decrypted {
                        history.list.cancel();
                        return vec![Command::Cancel(Slot::Ssm(SsmSlot::History))];
                    }
                } else {
                    self.history = None;
                    self.screen = Screen::Tree;
                    if loading {
                        return vec![Command::Cancel(Slot::Ssm(SsmSlot::History))];
                    }
                }
            }
            KeyAction::SsmMark => {
                if let Some(version) = history.list.selected_item().map(|v| v.version) {
                    if history.mark == Some(version) {
                        history.mark = None;
                        ctx.info(format!("Unmarked version {version}."));
                    } else {
                        history.mark = Some(version);
                        ctx.info(format!("Marked version {version}; select another and press D to compare."));
                    }
                }
            }
            KeyAction::SsmDiff | KeyAction::Open if history.diff.is_none() => {
                if let Err(why) = history.open_diff() {
                    ctx.info(why);
                }
            }
            KeyAction::SsmReveal => {
                if !history.has_secure() {
                    ctx.info(format!("{} has no SecureString versions; every value is already shown.", history.name));
                } else if history.decrypted {
                    history.mask();
                    if history.list.is_loading() {
                        history.list.cancel();
                        return vec![Command::Cancel(Slot::Ssm(SsmSlot::History))];
                    }
                } else {
                    let name = history.name.clone();
                    return self.load_history(&name, Decrypt::Yes, ctx);
                }
            }
            KeyAction::SsmEdit | KeyAction::SsmDelete | KeyAction::SsmCreate => {
                ctx.info("Press Esc to leave the history first.");
            }
            other => match &mut history.diff {
                Some(diff) => {
                    let total = diff.lines.len() + diff.changes.len() + 2;
                    diff.scroll = scroll(diff.scroll, total, ctx.layout.value_rows, other);
                }
                None => history.list.navigate(other, rows),
            },
        }
        Vec::new()
    }

    pub(super) fn toggle_reveal(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(view) = &mut self.value else { return Vec::new() };
        if !view.is_secure() {
            ctx.info(format!("{} is not a SecureString; its value is not encrypted and already shown.", view.name));
            return Vec::new();
        }
        match view.reveal {
            Reveal::Shown(_) => {
                view.mask();
                ctx.info(format!("{} is masked again.", view.name));
                Vec::new()
            }
            Reveal::Loading(_) => {
                view.mask();
                vec![Command::Cancel(Slot::Ssm(SsmSlot::Reveal))]
            }
            Reveal::Masked | Reveal::Failed(_) => {
                let name = view.name.clone();
                let (id, command) = load(ctx, SsmSlot::Reveal, SsmRequest::Reveal { name });
                if let Some(view) = &mut self.value {
                    view.reveal = Reveal::Loading(id);
                }
                vec![command]
            }
        }
    }
}

/// A scroll position moved by a navigation key, within `lines` lines shown
/// `rows` at a time. Long lines wrap on screen, so any line may be scrolled
/// to the top; End shows the last screenful.
fn scroll(at: usize, lines: usize, rows: usize, action: KeyAction) -> usize {
    let rows = rows.max(1);
    let moved = match action {
        KeyAction::Up => at.saturating_sub(1),
        KeyAction::Down => at + 1,
        KeyAction::PageUp => at.saturating_sub(rows),
        KeyAction::PageDown => at + rows,
        KeyAction::Top => 0,
        KeyAction::Bottom => lines.saturating_sub(rows),
        _ => at,
    };
    moved.min(lines.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_line() {
        assert_eq!(scroll(0, 100, 10, KeyAction::PageDown), 10);
        assert_eq!(scroll(95, 100, 10, KeyAction::PageDown), 99);
        assert_eq!(scroll(50, 100, 10, KeyAction::Bottom), 90);
        assert_eq!(scroll(3, 100, 10, KeyAction::PageUp), 0);
        assert_eq!(scroll(0, 0, 10, KeyAction::Down), 0);
    }
}
