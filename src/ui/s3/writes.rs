//! The S3 write flows' dialogs: path prompts with their candidates, plans
//! as they are counted, confirmations, reports, the presigned URL.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::human_bytes;
use crate::app::s3::jobs::{JobKind, Overwrite, Selection, VersionAction};
use crate::app::s3::versions::{ExpiryPrompt, PresignedView, VersionConfirm};
use crate::app::s3::writes::{Dialog, PathPrompt, PlanView, PromptFor, ReportView};
use crate::app::s3::{ObjectRef, S3Pane};
use crate::ui::widgets::{popup, scrolled};
use crate::ui::{pane_block, text, theme};

/// Keys of a plan shown at most, and existing ones.
const FIRST_KEYS: usize = 5;
const FIRST_EXISTING: usize = 3;
/// Completion candidates shown under a prompt.
const CANDIDATES: usize = 8;

/// `2026-12-03 11:00 UTC` from Unix milliseconds.
#[must_use]
pub fn utc_ms(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok();
    format!("{} UTC", super::format_time(at))
}

/// Draws the dialog of the write flows, if one is open.
pub fn render(pane: &S3Pane, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    match &pane.writes.dialog {
        Some(Dialog::Prompt(prompt)) => render_prompt(prompt, frame, area, spinner),
        Some(Dialog::Plan(plan)) => render_plan(plan, frame, area, spinner),
        Some(Dialog::Version(confirm)) => render_version(confirm, frame, area),
        Some(Dialog::Expiry(prompt)) => render_expiry(prompt, frame, area, spinner),
        Some(Dialog::Presigned(view)) => render_presigned(view, frame, area),
        Some(Dialog::Report(report)) => render_report(report, frame, area),
        None => {}
    }
}

fn uri(bucket: &str, key: &str) -> String {
    format!("s3://{}/{}", text::inert(bucket), text::inert(key))
}

/// `3 entries under s3://b/p/` or `s3://b/p/logs/`.
fn selection(s: &Selection) -> String {
    let count = s.keys.len() + s.prefixes.len();
    match (s.keys.first(), s.prefixes.first()) {
        (Some(key), None) if count == 1 => uri(&s.bucket, key),
        (None, Some(prefix)) if count == 1 => uri(&s.bucket, prefix),
        _ => format!("{} entries of {}", text::thousands(count), uri(&s.bucket, &s.base)),
    }
}

fn object(o: &ObjectRef, version: Option<&str>) -> String {
    match version {
        Some(v) => format!("{} (version {})", uri(&o.bucket, &o.key), text::inert(v)),
        None => uri(&o.bucket, &o.key),
    }
}

fn render_prompt(prompt: &PathPrompt, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let (title, explain) = match &prompt.purpose {
        PromptFor::Upload(to) => {
            ("Upload", format!("Upload a file or a directory (recursively) to {}:", uri(&to.bucket, &to.key)))
        }
        PromptFor::Copy { from, remove_source } => {
            let verb = if *remove_source { "Move" } else { "Copy" };
            (verb, format!("{verb} {} to (s3://bucket/prefix/, or a whole key to rename one object):", selection(from)))
        }
        PromptFor::Download(from) => ("Download", format!("Download {} into the directory:", selection(from))),
    };
    let mut below = Vec::new();
    if prompt.completing.is_some() {
        below.push(Line::styled(format!("{spinner} completing…"), theme::dim()));
    }
    if !prompt.candidates.is_empty() {
        let shown: Vec<String> =
            prompt.candidates.iter().take(CANDIDATES).map(|c| format!("  {}", text::inert(c))).collect();
        below.extend(shown.into_iter().map(|c| Line::styled(c, theme::dim())));
        if prompt.candidates.len() > CANDIDATES {
            below.push(Line::styled(
                format!("  … and {} more; type more and press Tab", prompt.candidates.len() - CANDIDATES),
                theme::dim(),
            ));
        }
    }
    if let Some(note) = &prompt.note {
        below.push(Line::styled(text::inert(note).into_owned(), theme::error()));
    }
    let hint = "Tab complete · Enter count what it would do (nothing is written yet) · Esc cancel";
    popup::prompt_with(frame, area, title, &[Line::raw(explain)], &prompt.input, &below, hint);
}

fn what(job: &JobKind) -> String {
    match job {
        JobKind::Upload { from, to } => {
            format!("Upload {} → {}", text::inert(&from.display().to_string()), uri(&to.bucket, &to.key))
        }
        JobKind::Delete(s) => format!("Delete {}", selection(s)),
        JobKind::Copy { from, to, remove_source } => {
            let verb = if *remove_source { "Move" } else { "Copy" };
            format!("{verb} {} → {}", selection(from), uri(&to.bucket, &to.key))
        }
        JobKind::Download { from, to } => {
            format!("Download {} → {}", selection(from), text::inert(&to.display().to_string()))
        }
    }
}

fn plan_lines(plan: &PlanView, spinner: &str) -> Vec<Line<'static>> {
    let mut lines = vec![Line::raw(what(&plan.job)), Line::raw("")];
    let noun = if matches!(plan.job, JobKind::Delete(_)) { "objects" } else { "files" };
    let count = format!("{} {noun} · {}", text::thousands(plan.items.len()), human_bytes(plan.bytes));
    if let Some(failed) = &plan.failed {
        lines.push(Line::styled("Could not count what it would do; nothing was changed.", theme::error()));
        lines.push(Line::raw(text::inert(failed).into_owned()));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Esc close", theme::dim()));
        return lines;
    }
    if plan.complete {
        lines.push(Line::styled(count, theme::title()));
    } else {
        lines.push(Line::styled(format!("{spinner} counting… {count} so far"), theme::notice()));
    }
    for item in plan.items.iter().take(FIRST_KEYS) {
        lines.push(Line::styled(format!("  {}", text::inert(&item.target)), theme::dim()));
    }
    if plan.items.len() > FIRST_KEYS {
        lines.push(Line::styled(format!("  … {} more", text::thousands(plan.items.len() - FIRST_KEYS)), theme::dim()));
    }
    let deleting = matches!(plan.job, JobKind::Delete(_));
    if plan.existing > 0 && !deleting {
        let place = if matches!(plan.job, JobKind::Download { .. }) { "as local files" } else { "at the destination" };
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{} already exist {place}:", text::thousands(plan.existing)), theme::notice()));
        for item in plan.items.iter().filter(|i| i.exists).take(FIRST_EXISTING) {
            lines.push(Line::raw(format!("  {}", text::inert(&item.target))));
        }
        if plan.existing > FIRST_EXISTING {
            lines.push(Line::raw(format!("  … {} more", text::thousands(plan.existing - FIRST_EXISTING))));
        }
    }
    if deleting {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            match plan.versioned {
                Some(true) => "This bucket is versioned: delete markers are written and the data stays (delete versions from an object's versions list).",
                Some(false) => "Versioning is off for this bucket: the objects are gone for good.",
                None => "In a versioned bucket, delete markers are written and the data stays; otherwise the objects are gone for good.",
            },
            theme::notice(),
        ));
    }
    lines.push(Line::raw(""));
    if let Some(expect) = &plan.expect {
        lines.push(Line::raw(format!("Type {} and press Enter to delete:", text::inert(expect))));
        lines.push(Line::from(vec![
            Span::styled("> ", theme::address()),
            Span::raw(text::inert(&plan.typed.value).into_owned()),
        ]));
    } else if !plan.complete {
        lines.push(Line::styled("Nothing is written until the count is complete and you press y.", theme::dim()));
    } else if plan.items.is_empty() {
        lines.push(Line::raw("Nothing to do."));
    } else if plan.existing > 0 {
        let existing = text::thousands(plan.existing);
        match plan.overwrite {
            None => lines.push(Line::styled(
                format!("Choose once for the {existing} existing: s skip them · o overwrite them"),
                theme::title(),
            )),
            Some(Overwrite::Never) => {
                lines.push(Line::raw(format!("The {existing} existing are skipped (o to overwrite them instead).")));
            }
            Some(Overwrite::Always) => lines.push(Line::styled(
                format!("The {existing} existing are overwritten (s to skip them instead)."),
                theme::notice(),
            )),
        }
        if plan.overwrite.is_some() {
            lines.push(Line::styled(format!("y start the {}", plan.job.verb()), theme::title()));
        }
    } else {
        lines.push(Line::raw(format!("Nothing exists there yet. y start the {}", plan.job.verb())));
    }
    if let Some(note) = &plan.note {
        lines.push(Line::styled(text::inert(note).into_owned(), theme::error()));
    }
    let keys = if plan.expect.is_some() { "Esc cancel" } else { "Esc cancel · Enter never confirms" };
    lines.push(Line::styled(keys, theme::dim()));
    lines
}

/// `lines` in a centred box as tall as their wrapped height (within `area`).
fn boxed(frame: &mut Frame<'_>, area: Rect, title: &str, lines: Vec<Line<'static>>, scroll: usize) {
    let width = area.width.saturating_sub(8).clamp(20, 100);
    let inner = usize::from(width.saturating_sub(2).max(1));
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    let rect = popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    let max = (rows + 2).saturating_sub(usize::from(rect.height));
    let top = u16::try_from(scroll.min(max)).unwrap_or(0);
    let mut block = pane_block(Line::styled(format!(" {title} "), theme::title()));
    if max > 0 {
        block = block.title_bottom(Line::styled(" j/k scroll ", theme::dim()).right_aligned());
    }
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }).scroll((top, 0)), rect);
}

fn render_plan(plan: &PlanView, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let verb = plan.job.verb();
    let title = format!("{}{} — preview", verb[..1].to_uppercase(), &verb[1..]);
    boxed(frame, area, &title, plan_lines(plan, spinner), 0);
}

fn render_version(confirm: &VersionConfirm, frame: &mut Frame<'_>, area: Rect) {
    let target = object(&confirm.object, Some(&confirm.version_id));
    let mut lines = match confirm.action {
        VersionAction::Restore => vec![
            Line::raw(format!("Restore {target} as the current version?")),
            Line::styled("It is copied over the current one, which stays as an older version.", theme::dim()),
            Line::raw(""),
            Line::raw("y restore · n / Esc cancel"),
        ],
        VersionAction::Delete => vec![
            Line::raw(format!("Delete {target} for good?")),
            Line::styled("That version's data is removed; this cannot be undone.", theme::notice()),
            Line::raw(""),
            Line::raw(format!(
                "Type the version id's first 8 characters ({}) and press Enter:",
                text::inert(&confirm.expect())
            )),
            Line::from(vec![
                Span::styled("> ", theme::address()),
                Span::raw(text::inert(&confirm.input.value).into_owned()),
            ]),
        ],
    };
    if let Some(note) = &confirm.note {
        lines.push(Line::styled(text::inert(note).into_owned(), theme::error()));
    }
    if confirm.action == VersionAction::Delete {
        lines.push(Line::styled("Esc cancel · Enter never confirms without the id", theme::dim()));
    }
    let title = if confirm.action == VersionAction::Restore { "Restore version" } else { "Delete version" };
    boxed(frame, area, title, lines, 0);
}

fn render_expiry(prompt: &ExpiryPrompt, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let explain = [Line::raw(format!(
        "A GET URL for {}, valid for (1 minute to 7 days, e.g. 90s, 30m, 12h, 7d):",
        object(&prompt.object, prompt.version.as_deref())
    ))];
    let mut below = Vec::new();
    if let Some(end) = prompt.credentials_end_ms {
        below.push(Line::styled(
            format!(
                "These credentials are temporary and end at {}: the URL stops working then if that is sooner.",
                utc_ms(end)
            ),
            theme::notice(),
        ));
    }
    match prompt.note.as_deref() {
        Some("Signing…") => below.push(Line::styled(format!("{spinner} signing…"), theme::dim())),
        Some(note) => below.push(Line::styled(text::inert(note).into_owned(), theme::error())),
        None => {}
    }
    let hint = "Enter sign and copy the URL · Esc cancel · a presigned GET is a read";
    popup::prompt_with(frame, area, "Presigned URL", &explain, &prompt.input, &below, hint);
}

fn render_presigned(view: &PresignedView, frame: &mut Frame<'_>, area: Rect) {
    let p = &view.presigned;
    let mut lines = vec![
        Line::raw(object(&view.object, view.version.as_deref())),
        Line::raw(""),
        Line::styled(text::inert(&p.url).into_owned(), theme::address()),
        Line::raw(""),
        Line::raw(format!("Expires at {}", utc_ms(p.expires_at_ms))),
    ];
    if let Some(end) = p.credentials_end_ms.filter(|end| *end < p.expires_at_ms) {
        lines.push(Line::styled(
            format!("The credentials that signed it end sooner, at {}: the URL stops working then.", utc_ms(end)),
            theme::notice(),
        ));
    }
    lines.push(Line::styled("Copied to the clipboard (OSC 52) · Esc close", theme::dim()));
    boxed(frame, area, "Presigned URL", lines, view.scroll);
}

fn render_report(view: &ReportView, frame: &mut Frame<'_>, area: Rect) {
    let r = &view.report;
    let mut lines = vec![Line::raw(format!(
        "{} done ({}); {} skipped, {} failed.",
        text::thousands(r.done),
        human_bytes(r.bytes),
        text::thousands(r.skipped.len()),
        text::thousands(r.failed.len())
    ))];
    if !r.failed.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Failed (left as they were):", theme::error()));
        for f in &r.failed {
            lines.push(Line::raw(format!("  {}", text::inert(&f.key))));
            lines.push(Line::styled(
                format!("      {}: {}", text::inert(&f.code), text::inert(&f.message)),
                theme::error(),
            ));
        }
    }
    if !r.skipped.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled("Skipped (they existed):", theme::notice()));
        lines.extend(r.skipped.iter().map(|k| Line::raw(format!("  {}", text::inert(k)))));
    }
    let title = format!(" {}{} report ", view.verb[..1].to_uppercase(), &view.verb[1..]);
    let width = area.width.saturating_sub(8).clamp(20, 100);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(2));
    let rect = popup::centered(area, width, height);
    frame.render_widget(Clear, rect);
    scrolled::render(frame, rect, title, lines, view.scroll, "j/k scroll · Esc close");
}
