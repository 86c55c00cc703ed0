//! The SSM pane's dialogs: the create form, the delete prompt, the change
//! confirmation with its diff, the refusal, and the waits in between.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{MASK, safe};
use crate::app::App;
use crate::app::input::TextInput;
use crate::app::ssm::diff::Op;
use crate::app::ssm::edit::{CREATE_TYPES, CreateForm, CreateStep, Modal};
use crate::ui::widgets::popup::{self, centered};
use crate::ui::{SPINNER, pane_block, text, theme};

/// Draws `modal` over `area`.
pub fn render(app: &App, modal: &Modal, frame: &mut Frame<'_>, area: Rect) {
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    match modal {
        Modal::Editing { name, .. } => message(
            frame,
            area,
            "Editing",
            vec![Line::raw(format!("{} is open in your editor; save and quit it to continue.", safe(name)))],
            "",
        ),
        Modal::Checking { write, .. } => message(
            frame,
            area,
            "Checking",
            vec![Line::raw(format!("{spinner} Re-reading {} to make sure nobody changed it…", safe(write.name())))],
            "Esc stop",
        ),
        Modal::Writing { write, .. } => message(
            frame,
            area,
            "Writing",
            vec![Line::raw(format!("{spinner} Writing {}…", safe(write.name())))],
            "a write cannot be stopped halfway",
        ),
        Modal::Refused { name, message: why } => {
            let title = if name.is_empty() { "Not written".to_owned() } else { format!("Not written: {}", safe(name)) };
            message(frame, area, &title, vec![Line::styled(safe(why), theme::error())], "Esc / Enter close")
        }
        Modal::Confirm { summary, diff, masked, .. } => confirm(frame, area, summary, diff, *masked),
        Modal::Create(form) => create(frame, area, form),
        Modal::Delete(form) => {
            let mut explain = vec![
                Line::raw(format!(
                    "Delete {} ({}, version {}) and its whole history?",
                    safe(&form.name),
                    safe(form.kind.as_str()),
                    form.version
                )),
                Line::raw("Type the parameter's full name to confirm:"),
            ];
            if form.mismatch {
                explain.push(Line::styled("That is not the name; nothing was deleted.", theme::error()));
            }
            popup::prompt(frame, area, "Delete parameter", &explain, &form.input, "Enter delete · Esc cancel");
        }
    }
}

/// A box with `lines` and a hint, sized to fit.
fn message(frame: &mut Frame<'_>, area: Rect, title: &str, lines: Vec<Line<'_>>, hint: &str) {
    let width = area.width.saturating_sub(8).clamp(20, 90);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let body: usize = lines.iter().map(|l| l.width().div_ceil(inner_width).max(1)).sum();
    let height = u16::try_from(body + 4).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let mut all = lines;
    if !hint.is_empty() {
        all.push(Line::raw(""));
        all.push(Line::styled(hint.to_owned(), theme::dim()));
    }
    let block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    frame.render_widget(Paragraph::new(all).block(block).wrap(Wrap { trim: false }), popup);
}

fn confirm(
    frame: &mut Frame<'_>,
    area: Rect,
    summary: &[String],
    diff: &[crate::app::ssm::diff::DiffLine],
    masked: bool,
) {
    let mut lines: Vec<Line<'_>> = summary.iter().map(|s| Line::raw(safe(s))).collect();
    if !diff.is_empty() {
        lines.push(Line::raw(""));
        // Room for the summary, the hint and the border.
        let room = usize::from(area.height).saturating_sub(lines.len() + 6).max(1);
        let changed: Vec<_> = diff.iter().filter(|l| l.op != Op::Same).collect();
        let shown: Vec<_> = if diff.len() <= room { diff.iter().collect() } else { changed.into_iter().collect() };
        let hidden = shown.len().saturating_sub(room);
        for line in shown.into_iter().take(room) {
            let (mark, style) = match line.op {
                Op::Same => (' ', Style::default()),
                Op::Removed => ('-', theme::error()),
                Op::Added => ('+', theme::address()),
            };
            lines.push(Line::styled(format!("{mark} {}", text::inert(line.text.expose())), style));
        }
        if hidden > 0 {
            lines.push(Line::styled(format!("… and {hidden} more changed lines",), theme::dim()));
        }
    } else if masked {
        lines.push(Line::styled(format!("The value stays masked here ({MASK})."), theme::dim()));
    }
    popup::confirm(frame, area, "Confirm change", lines);
}

fn field_line(active: bool, label: &str, value: String) -> Line<'static> {
    let marker = if active { "▶ " } else { "  " };
    let style = if active { theme::address() } else { theme::column_header() };
    Line::from(vec![Span::styled(format!("{marker}{label:<12}"), style), Span::raw(value)])
}

fn shown_input(input: &TextInput, secret: bool) -> String {
    if secret { "•".repeat(input.value.chars().count()) } else { safe(&input.value) }
}

fn create(frame: &mut Frame<'_>, area: Rect, form: &CreateForm) {
    let secret = form.kind.is_secure();
    let types: Vec<Span<'static>> = CREATE_TYPES
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            let label = format!("{} {}", i + 1, t.as_str());
            let style = if *t == form.kind { theme::selected() } else { theme::dim() };
            [Span::styled(label, style), Span::raw("   ")]
        })
        .collect();
    let mut type_line = field_line(form.step == CreateStep::Type, "Type", String::new());
    type_line.spans.extend(types);
    let mut lines = vec![
        field_line(form.step == CreateStep::Name, "Name", safe(&form.name.value)),
        type_line,
        field_line(form.step == CreateStep::Value, "Value", shown_input(&form.value, secret)),
        field_line(form.step == CreateStep::Description, "Description", safe(&form.description.value)),
        Line::raw(""),
    ];
    match &form.problem {
        Some(problem) => lines.push(Line::styled(safe(problem), theme::error())),
        None => lines.push(Line::raw("")),
    }
    let hint = match form.step {
        CreateStep::Type => "1/2/3 or ←/→ pick the type · Enter next · Esc cancel",
        CreateStep::Description => "optional · Enter check and confirm · Esc cancel",
        CreateStep::Name | CreateStep::Value => "Enter next · Esc cancel",
    };
    lines.push(Line::styled(hint, theme::dim()));

    let width = area.width.saturating_sub(8).clamp(20, 90);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = centered(area, width, height);
    frame.render_widget(Clear, popup);
    let block = pane_block(Line::styled(" New parameter ", theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);

    let (row, input) = match form.step {
        CreateStep::Name => (0, &form.name),
        CreateStep::Value => (2, &form.value),
        CreateStep::Description => (3, &form.description),
        CreateStep::Type => return,
    };
    let before: String = input.value.chars().take(input.cursor).collect();
    let shown = if secret && form.step == CreateStep::Value {
        before.chars().count()
    } else {
        unicode_width::UnicodeWidthStr::width(text::inert(&before).as_ref())
    };
    let x = inner.x + 14 + u16::try_from(shown).unwrap_or(u16::MAX).min(inner.width.saturating_sub(15));
    frame.set_cursor_position(Position { x, y: inner.y + row });
}
