//! The S3 bucket list drawn in every theme, and under `NO_COLOR`, with the
//! style of every run of cells written out (`[fg=Yellow,bold]NAME`, and `[-]`
//! where the terminal's default style resumes): plain text snapshots cannot
//! see colour, these can.

use std::fmt::Write as _;

use awscope::app::App;
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::aws::s3::Bucket;
use awscope::testbed::harness::{Harness, context, repaint, terminal};
use awscope::ui::theme::{self, Palette, ThemeName};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use time::macros::datetime;

/// `[fg=…,bg=…,mods]` for a styled run, nothing for the terminal's default.
fn style_tag(fg: Color, bg: Color, modifier: Modifier) -> String {
    let mut parts = Vec::new();
    if fg != Color::Reset {
        parts.push(format!("fg={fg:?}"));
    }
    if bg != Color::Reset {
        parts.push(format!("bg={bg:?}"));
    }
    parts.extend(modifier.iter_names().map(|(name, _)| name.to_ascii_lowercase()));
    if parts.is_empty() { String::new() } else { format!("[{}]", parts.join(",")) }
}

/// The buffer, one line per row, each run of equally styled cells prefixed
/// with its style; unstyled text is written as is, trailing blanks dropped.
fn styled_dump(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut run_tag: Option<String> = None;
        let mut run_text = String::new();
        let flush = |line: &mut String, tag: &Option<String>, text: &mut String| {
            match tag {
                Some(tag) => line.push_str(tag),
                // Back to the terminal's default after a styled run.
                None if !line.is_empty() && !text.is_empty() => line.push_str("[-]"),
                None => {}
            }
            line.push_str(text);
            text.clear();
        };
        for x in area.left()..area.right() {
            let cell = &buffer[(x, y)];
            let tag = style_tag(cell.fg, cell.bg, cell.modifier);
            let tag = if tag.is_empty() { None } else { Some(tag) };
            if tag != run_tag {
                flush(&mut line, &run_tag, &mut run_text);
                run_tag = tag;
            }
            run_text.push_str(cell.symbol());
        }
        if run_tag.is_none() {
            let trimmed = run_text.trim_end().to_owned();
            run_text = trimmed;
        }
        flush(&mut line, &run_tag, &mut run_text);
        writeln!(out, "{line}").expect("write to a string");
    }
    out
}

fn bucket(i: usize) -> Bucket {
    Bucket {
        name: format!("acme-{}-{i:03}", ["logs", "assets", "backups"][i % 3]),
        created: Some(datetime!(2024-03-05 09:15 UTC) + time::Duration::days(i64::try_from(i).expect("small"))),
        region: Some(if i.is_multiple_of(2) { "eu-west-1" } else { "us-east-1" }.into()),
    }
}

/// The bucket list with five buckets, the third selected, read-only on (so
/// the badge shows).
fn bucket_list() -> App {
    let mut h = Harness::new(context("demo"), true, (80, 14)).connected();
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets((0..5).map(bucket).collect())]);
    for _ in 0..2 {
        h.key(KeyCode::Down);
    }
    h.app
}

/// The bucket list drawn with `palette`, every run of cells with its style.
fn styled_with(palette: Palette) -> String {
    theme::set(palette);
    let app = bucket_list();
    let mut terminal = terminal(app.layout.size);
    repaint(&app, &mut terminal);
    let dump = styled_dump(terminal.backend().buffer());
    theme::set(Palette::DARK);
    dump
}

#[test]
fn bucket_list_dark() {
    insta::assert_snapshot!("bucket_list_dark", styled_with(Palette::select(ThemeName::Dark, false)));
}

#[test]
fn bucket_list_light() {
    insta::assert_snapshot!("bucket_list_light", styled_with(Palette::select(ThemeName::Light, false)));
}

#[test]
fn bucket_list_high_contrast() {
    insta::assert_snapshot!("bucket_list_high_contrast", styled_with(Palette::select(ThemeName::HighContrast, false)));
}

#[test]
fn bucket_list_no_color() {
    let dump = styled_with(Palette::select(ThemeName::Dark, true));
    assert!(!dump.contains("fg=") && !dump.contains("bg="), "NO_COLOR leaves no colour:\n{dump}");
    assert!(dump.contains("[reversed]▶ acme-backups-002"), "the selection still shows:\n{dump}");
    insta::assert_snapshot!("bucket_list_no_color", dump);
}

#[test]
fn the_dark_theme_is_the_default_and_matches_the_plain_text() {
    let app = bucket_list();
    let mut terminal = terminal(app.layout.size);
    repaint(&app, &mut terminal);
    let default = styled_dump(terminal.backend().buffer());
    assert_eq!(default, styled_with(Palette::DARK));
    // Every palette draws the same characters; only the styles differ.
    let strip = |dump: &str| -> String {
        let mut plain = String::new();
        let mut in_tag = false;
        for c in dump.chars() {
            match c {
                '[' if !in_tag => in_tag = true,
                ']' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        plain.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
    };
    let light = styled_with(Palette::LIGHT);
    assert_ne!(light, default);
    assert_eq!(strip(&light), strip(&default));
}
