//! The switching popups: profile picker, region picker, role form and MFA prompt.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::widgets::popup::centered;
use super::{SPINNER, pane_block, text, theme};
use crate::app::App;
use crate::app::input::TextInput;
use crate::app::switch::{MfaPrompt, Overlay, ProfilePicker, ROLE_FIELDS, RegionPicker, RoleForm};

/// Draws the open switching popup, if any.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    match app.overlay() {
        Some(Overlay::Profiles(picker)) => profiles(app, picker, frame, area, spinner),
        Some(Overlay::Regions(picker)) => regions(app, picker, frame, area, spinner),
        Some(Overlay::Role(form)) => role(app, form, frame, area, spinner),
        Some(Overlay::Mfa(prompt)) => mfa(prompt, frame, area, spinner),
        None => {}
    }
}

fn filter_line(input: &TextInput) -> Line<'static> {
    Line::from(vec![
        Span::styled("filter: ", theme::dim()),
        Span::raw(text::inert(&input.value).into_owned()),
        Span::styled("▏", theme::address()),
    ])
}

fn popup<'a>(frame: &mut Frame<'_>, area: Rect, title: &str, width: u16, lines: Vec<Line<'a>>) -> Rect {
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width.min(area.width.saturating_sub(4)), height);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(pane_block(Line::styled(format!(" {title} "), theme::title())))
            .wrap(Wrap { trim: false }),
        rect,
    );
    rect
}

/// The visible window of `count` rows of `height` keeping `selected` in view.
fn window(count: usize, selected: usize, height: usize) -> std::ops::Range<usize> {
    let start = selected.saturating_sub(height.saturating_sub(1)).min(count.saturating_sub(height));
    start..(start + height).min(count)
}

fn profiles(app: &App, picker: &ProfilePicker, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let mut lines = vec![filter_line(&picker.filter), Line::raw("")];
    let list_height = usize::from(area.height.saturating_sub(12)).max(3);
    match &picker.catalog {
        None => lines.push(Line::styled(format!("{spinner} reading the AWS config files…"), theme::dim())),
        Some(catalog) => {
            let matches = picker.matches();
            if matches.is_empty() {
                lines.push(Line::styled("no profile matches", theme::dim()));
            }
            lines
                .push(Line::styled(format!("  {:<28} {:<26} {}", "PROFILE", "KIND", "REGION"), theme::column_header()));
            for i in window(matches.len(), picker.selected, list_height) {
                let p = matches[i];
                let current = app.context.profile.as_deref() == Some(p.name.as_str());
                let row = format!(
                    "{}{:<28} {:<26} {}{}",
                    if i == picker.selected { "▶ " } else { "  " },
                    text::inert(&p.name),
                    text::inert(&if p.mfa_serial.is_some() {
                        format!("{}, MFA", p.kind.label())
                    } else {
                        p.kind.label()
                    }),
                    p.region.as_deref().map_or_else(|| "—".to_owned(), |r| text::inert(r).into_owned()),
                    if current { "  (current)" } else { "" }
                );
                let style = if i == picker.selected {
                    theme::selected()
                } else if app.prod_patterns.iter().any(|pat| crate::app::switch::glob_match(pat, &p.name)) {
                    theme::error()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::styled(row, style));
            }
            for problem in &catalog.problems {
                lines.push(Line::styled(format!("⚠ {}", text::inert(&problem.to_string())), theme::notice()));
            }
        }
    }
    if let Some(error) = &picker.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(text::inert(error).into_owned(), theme::error()));
    }
    if app.pending.is_some() {
        lines.push(Line::styled(format!("{spinner} switching…"), theme::notice()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("type to filter · ↑/↓ choose · Enter switch · Esc close", theme::dim()));
    popup(frame, area, "Profiles", 96, lines);
}

fn regions(app: &App, picker: &RegionPicker, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let mut lines = vec![filter_line(&picker.filter), Line::raw("")];
    let matches = picker.matches();
    let list_height = usize::from(area.height.saturating_sub(12)).max(3);
    let current = app.environment().map(|e| e.region.as_str());
    for i in window(matches.len(), picker.selected, list_height) {
        let r = matches[i];
        let mut notes = Vec::new();
        if r.recent {
            notes.push("recent");
        }
        if r.opt_in {
            notes.push(if r.enabled { "opt-in, enabled" } else { "opt-in, not enabled" });
        }
        if current == Some(r.name.as_str()) {
            notes.push("current");
        }
        let name = text::inert(&r.name);
        let row = format!("{}{name:<18} {}", if i == picker.selected { "▶ " } else { "  " }, notes.join(", "));
        let style = if i == picker.selected {
            theme::selected()
        } else if r.enabled {
            ratatui::style::Style::new()
        } else {
            theme::dim()
        };
        lines.push(Line::styled(row, style));
    }
    if picker.request.is_some() {
        lines.push(Line::styled(format!("{spinner} asking DescribeRegions for opt-in regions…"), theme::dim()));
    }
    if let Some(note) = &picker.note {
        lines.push(Line::styled(text::inert(note).into_owned(), theme::notice()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("type to filter · ↑/↓ choose · Enter switch · Esc close", theme::dim()));
    popup(frame, area, "Regions", 60, lines);
}

fn role(app: &App, form: &RoleForm, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let mut lines = vec![
        Line::from(vec![
            Span::styled("on top of: ", theme::dim()),
            Span::raw(text::inert(&app.context.chain_label()).into_owned()),
        ]),
        Line::raw(""),
    ];
    if let Some(back) = &form.back_to {
        let style = if form.focus == 0 { theme::selected() } else { theme::address() };
        lines.push(Line::styled(format!("↩ Switch back to {}", text::inert(&back.chain_label())), style));
        lines.push(Line::raw(""));
    }
    let first_row = lines.len();
    for (i, label) in ROLE_FIELDS.iter().enumerate() {
        let focused = form.focused_field() == Some(i);
        let value = if i == 5 {
            "•".repeat(form.fields[i].value.chars().count())
        } else {
            text::inert(&form.fields[i].value).into_owned()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{}{label:<14}", if focused { "▶ " } else { "  " }),
                if focused { theme::address() } else { theme::column_header() },
            ),
            Span::raw(value),
        ]));
    }
    lines.push(Line::raw(""));
    if form.waiting && app.pending.is_some() {
        lines.push(Line::styled(format!("{spinner} assuming the role…"), theme::notice()));
    }
    if let Some(error) = &form.error {
        lines.push(Line::styled(text::inert(error).into_owned(), theme::error()));
    }
    if !form.recent.is_empty() {
        lines.push(Line::styled(
            format!("↑ on Role ARN cycles through {} recent roles", form.recent.len()),
            theme::dim(),
        ));
    }
    lines.push(Line::styled(
        "Tab/↓ next field · Enter assume · Esc close · MFA serial and code only if the role needs MFA",
        theme::dim(),
    ));
    let rect = popup(frame, area, "Assume role", 96, lines);
    if let Some(field) = form.focused_field() {
        let before: String = form.fields[field].value.chars().take(form.fields[field].cursor).collect();
        let offset = u16::try_from(unicode_width::UnicodeWidthStr::width(text::inert(&before).as_ref())).unwrap_or(0);
        let y = rect.y + 1 + u16::try_from(first_row + field).unwrap_or(0);
        frame.set_cursor_position(Position { x: (rect.x + 1 + 16 + offset).min(rect.right().saturating_sub(2)), y });
    }
}

fn mfa(prompt: &MfaPrompt, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let device =
        if prompt.serial.is_empty() { "your MFA device".to_owned() } else { text::inert(&prompt.serial).into_owned() };
    // A renewal is for a session that expired under the context on screen:
    // the rows stay, a new code renews it.
    let (mut lines, width, hint, title) = if prompt.renew {
        (
            vec![
                Line::raw(format!("The MFA session of {} expired.", text::inert(&prompt.profile))),
                Line::styled("What is on screen stays; a new code renews the session.", theme::dim()),
            ],
            80,
            "type the 6-digit code · Enter renew · Esc later (r asks again)",
            format!("MFA session expired — code from {device}"),
        )
    } else {
        (
            vec![Line::raw(format!("Profile {} assumes a role that needs MFA.", text::inert(&prompt.profile)))],
            70,
            "type the 6-digit code · Enter submit · Esc cancel",
            "MFA code".to_owned(),
        )
    };
    lines.extend([
        Line::from(vec![Span::styled("device: ", theme::dim()), Span::raw(device)]),
        Line::raw(""),
        Line::from(vec![
            Span::styled("code:   ", theme::column_header()),
            Span::raw("•".repeat(prompt.code.value.chars().count())),
        ]),
        Line::raw(""),
    ]);
    if prompt.waiting {
        lines.push(Line::styled(format!("{spinner} checking the code…"), theme::notice()));
    }
    if let Some(error) = &prompt.error {
        lines.extend(wrapped(error, inner_width(area, width)).into_iter().map(|l| Line::styled(l, theme::error())));
    }
    lines.push(Line::styled(hint, theme::dim()));
    popup(frame, area, &title, width, lines);
}

/// The columns inside a [`popup`] `width` wide drawn in `area`.
fn inner_width(area: Rect, width: u16) -> usize {
    usize::from(width.min(area.width.saturating_sub(4)).saturating_sub(2)).max(10)
}

/// `message` (made inert) broken at spaces into lines of at most `width`
/// columns, so the popup is tall enough for all of it (a longer word is
/// left whole and wraps where it must).
fn wrapped(message: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text::inert(message).split(' ') {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let cut =
                line.char_indices().map(|(i, _)| i).take_while(|i| line[..*i].width() <= width).last().unwrap_or(0);
            if cut == 0 {
                break;
            }
            let rest = line.split_off(cut);
            lines.push(std::mem::replace(&mut line, rest));
        }
    }
    lines.push(line);
    lines
}
