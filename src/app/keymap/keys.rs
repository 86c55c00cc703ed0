//! Keys as a config file writes them (`ctrl-d`, `shift-tab`, `f5`).

use super::*;

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
