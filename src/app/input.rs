//! Small modal inputs shared by the panes: a one-line text field and a yes/no
//! confirmation.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key did to a modal input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputOutcome {
    /// Still editing.
    Editing,
    /// Enter: the user accepted.
    Submitted,
    /// Esc: the user gave up.
    Cancelled,
}

/// A one-line text field with a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextInput {
    /// The text typed so far.
    pub value: String,
    /// The cursor, as a char index into `value`.
    pub cursor: usize,
}

impl TextInput {
    /// A field holding `value`, cursor at the end.
    #[must_use]
    pub fn with_value(value: impl Into<String>) -> Self {
        let value = value.into();
        let cursor = value.chars().count();
        Self { value, cursor }
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.value.char_indices().nth(char_index).map_or(self.value.len(), |(i, _)| i)
    }

    /// Applies a key: editing keys change the text, Enter submits, Esc cancels.
    pub fn on_key(&mut self, key: KeyEvent) -> InputOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => return InputOutcome::Submitted,
            KeyCode::Esc => return InputOutcome::Cancelled,
            KeyCode::Char('u') if ctrl => {
                let at = self.byte_at(self.cursor);
                self.value.replace_range(..at, "");
                self.cursor = 0;
            }
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = self.value.chars().count(),
            KeyCode::Char(c) if !ctrl => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Delete if self.cursor < self.value.chars().count() => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(self.value.chars().count()),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = self.value.chars().count(),
            _ => {}
        }
        InputOutcome::Editing
    }
}

/// A yes/no question about a change: only `y` accepts (Enter does not, so a
/// stray keypress never overwrites or deletes anything); `n` or Esc declines.
#[must_use]
pub fn confirm_key(key: KeyEvent) -> InputOutcome {
    match key.code {
        KeyCode::Char('y' | 'Y') => InputOutcome::Submitted,
        KeyCode::Char('n' | 'N') | KeyCode::Esc => InputOutcome::Cancelled,
        _ => InputOutcome::Editing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn editing_handles_multibyte_text() {
        let mut input = TextInput::with_value("héllo");
        input.on_key(key(KeyCode::Left));
        input.on_key(key(KeyCode::Backspace));
        assert_eq!(input.value, "hélo");
        input.on_key(key(KeyCode::Home));
        input.on_key(key(KeyCode::Char('¡')));
        assert_eq!(input.value, "¡hélo");
        assert_eq!(input.on_key(key(KeyCode::Enter)), InputOutcome::Submitted);
        input.on_key(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL));
        input.on_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(input.value, "");
    }

    #[test]
    fn confirm_accepts_y_and_declines_esc() {
        assert_eq!(confirm_key(key(KeyCode::Char('y'))), InputOutcome::Submitted);
        assert_eq!(confirm_key(key(KeyCode::Enter)), InputOutcome::Editing, "Enter alone never confirms a change");
        assert_eq!(confirm_key(key(KeyCode::Esc)), InputOutcome::Cancelled);
        assert_eq!(confirm_key(key(KeyCode::Char('x'))), InputOutcome::Editing);
    }
}
