//! The one way untrusted text (names, keys, tags, values) reaches the screen.
//!
//! Control characters, escape sequences and bidi overrides are made visible
//! as `\x1b`, `\u{202e}` and the like, never written raw; very long values are
//! cut so one hostile string cannot cost a frame.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters of one value looked at before it is cut short.
pub const MAX_CHARS: usize = 1024;

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// `s` made safe to draw: control and bidi characters escaped, cut after
/// [`MAX_CHARS`] characters with `…`. Borrowed when nothing needed changing.
#[must_use]
pub fn inert(s: &str) -> Cow<'_, str> {
    let clean = s.chars().take(MAX_CHARS + 1).all(|c| !needs_escape(c));
    if clean && s.chars().nth(MAX_CHARS).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len().min(MAX_CHARS * 4));
    for (i, c) in s.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            '\x1b' => out.push_str("\\x1b"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x100 && needs_escape(c) => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `s` cut to `width` terminal columns, ending in `…` when it was longer.
/// Widths are display widths: a CJK character takes two columns and a
/// combining mark none, so the cut never splits a wide character in half.
#[must_use]
pub fn fit(s: &str, width: u16) -> Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = usize::from(width);
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::with_capacity(width * 2);
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// `n` with thousands separators: `12,345`.
#[must_use]
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1.5 KiB`, `23 B`, `4.0 GiB`.
#[must_use]
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    #[allow(clippy::cast_precision_loss)]
    let mut value = n as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {

    #[test]
    fn fit_cuts_by_display_width_with_an_ellipsis() {
        assert_eq!(fit("short", 10), "short");
        assert_eq!(fit("exactly10c", 10), "exactly10c");
        assert_eq!(fit("a-much-longer-name", 10), "a-much-lo…");
        // Wide characters take two columns and are never split.
        assert_eq!(fit("日本語のバケット", 7), "日本語…");
        assert_eq!(fit("日本語のバケット", 6), "日本…");
        // Combining marks take none and stay with their letter.
        assert_eq!(fit("e\u{301}e\u{301}e\u{301}e\u{301}", 3), "e\u{301}e\u{301}…");
        assert_eq!(fit("anything", 0), "");
        assert_eq!(fit("ab", 1), "…");
    }

    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(inert("my-bucket"), Cow::Borrowed("my-bucket")));
    }

    #[test]
    fn escapes_and_bidi_become_visible() {
        assert_eq!(inert("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(inert("x\u{9b}y"), "x\\x9by");
        assert_eq!(inert("evil\u{202e}txt"), "evil\\u{202e}txt");
        assert_eq!(inert("bell\x07"), "bell\\x07");
        assert_eq!(inert("\x1b]52;c;aGk=\x07"), "\\x1b]52;c;aGk=\\x07");
    }

    #[test]
    fn long_values_are_cut() {
        let long = "a".repeat(10_000);
        let shown = inert(&long);
        assert_eq!(shown.chars().count(), MAX_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
