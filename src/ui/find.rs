//! The Find pane: the results of one search across profiles and regions as
//! they stream in, a progress line, and its popups (the search prompt, the
//! failed probes and skipped profiles, the scope picker, an MFA code).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;

use super::widgets::columns::Col;
use super::widgets::{popup, scrolled, table};
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::App;
use crate::app::find::{FindPane, Hit, HitColumn as H, Popup, Run, ScopePicker};
use crate::app::input::TextInput;

/// Draws the Find pane and what is open over it.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "Find") {
        return;
    }
    let pane = &app.panes.find;
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    render_results(pane, frame, area, spinner);
    match &pane.popup {
        None => {}
        Some(Popup::Prompt(input)) => {
            let explain = [
                Line::raw("An IP address, a resource id (vpc-…, subnet-…, eni-…), an ARN,"),
                Line::raw("or part of a name (buckets, parameters, ECS clusters and services, Name tags)."),
            ];
            popup::prompt(frame, area, "Find everywhere", &explain, input, "Enter search · Esc cancel");
        }
        Some(Popup::Failures { scroll }) => {
            let rect = popup::centered(area, area.width.saturating_sub(4), area.height.saturating_sub(2));
            frame.render_widget(Clear, rect);
            let lines = pane.failure_lines().iter().map(|l| Line::raw(text::inert(l).into_owned())).collect();
            let hint = if pane.needs_mfa().is_empty() {
                "j/k scroll · Esc close"
            } else {
                "m MFA code · j/k scroll · Esc close"
            };
            scrolled::render(frame, rect, " Failed probes and skipped profiles ".to_owned(), lines, *scroll, hint);
        }
        Some(Popup::Picker(picker)) => render_picker(app, picker, frame, area),
        Some(Popup::Mfa { profile, input }) => {
            let masked = TextInput { value: "•".repeat(input.value.chars().count()), cursor: input.cursor };
            let explain = [Line::raw(format!("The MFA code for profile {}:", text::inert(profile)))];
            popup::prompt(frame, area, "MFA code", &explain, &masked, "Enter search again with it · Esc cancel");
        }
    }
}

fn render_results(pane: &FindPane, frame: &mut Frame<'_>, area: Rect, spinner: &str) {
    let Some(search) = &pane.search else {
        let block = pane_block(Line::styled(" Find ", theme::title()));
        let lines = vec![
            Line::raw("Find anything, in every region and profile you can reach."),
            Line::raw(""),
            Line::raw("f or :find TEXT searches this profile's regions · :find -a TEXT every profile"),
            Line::styled("TEXT: an IP address, vpc-… subnet-… eni-…, an ARN, or part of a name", theme::dim()),
        ];
        pane_message(frame, area, block, lines);
        return;
    };
    let state = match &pane.run {
        Run::Searching => format!("{spinner} searching…"),
        Run::Complete => "complete".to_owned(),
        Run::Cancelled => "stopped".to_owned(),
        Run::Stopped => "stopped by the switch".to_owned(),
        Run::Failed(_) => "failed".to_owned(),
        Run::Idle => String::new(),
    };
    let title = Line::from(vec![
        Span::styled(format!(" Find {} ", text::inert(&search.text)), theme::title()),
        Span::styled(format!("· {} · {} ", pane.progress(), state), theme::dim()),
    ]);
    let hint = if pane.is_searching() {
        "Enter open · Esc stop · e failures · s pick scope"
    } else {
        "Enter open · a all/this · s pick · e failures · f new · r again"
    };
    let scope = search.scope.describe(&search.from_profile);
    let block =
        pane_block(title).title_bottom(Line::styled(format!(" {hint} "), theme::dim()).alignment(Alignment::Left));
    let failed = if pane.failures.is_empty() && pane.skipped.is_empty() {
        String::new()
    } else {
        format!(" · {} failed, {} skipped: e lists why", pane.failures.len(), pane.skipped.len())
    };
    if pane.hits.items.is_empty() {
        let what = text::inert(&search.text).into_owned();
        let lines = match &pane.run {
            Run::Searching | Run::Idle => vec![
                Line::styled(format!("{spinner} Searching {scope} for {what}…"), theme::dim()),
                Line::raw(""),
                Line::styled("Esc stops every probe", theme::dim()),
            ],
            Run::Complete => vec![
                Line::raw(format!("No match for {what}.")),
                Line::raw(format!("Searched {scope}: {} probes answered{failed}.", pane.done - pane.failures.len())),
                Line::raw(""),
                Line::styled("a this/every profile · s choose profiles and regions · f new search", theme::dim()),
            ],
            Run::Cancelled => vec![
                Line::styled(format!("Search stopped before any match ({}).", pane.progress()), theme::notice()),
                Line::styled("r search again · f new search", theme::dim()),
            ],
            Run::Stopped => vec![
                Line::styled("The search stopped when the profile or region changed.", theme::notice()),
                Line::styled("r search again from here", theme::dim()),
            ],
            Run::Failed(failure) => vec![
                Line::styled("The search could not run", theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("r retry · f new search", theme::dim()),
            ],
        };
        pane_message(frame, area, block, lines);
        return;
    }
    let notice = match &pane.run {
        Run::Searching => Some(Line::styled(format!("Searching {scope}{failed}"), theme::dim())),
        Run::Complete => Some(Line::styled(format!("Searched {scope}{failed}"), theme::dim())),
        Run::Cancelled => Some(Line::styled(
            format!("Stopped with Esc: the results may be incomplete{failed} · r search again"),
            theme::notice(),
        )),
        Run::Stopped => Some(Line::styled(
            format!("The search stopped when the profile or region changed: these are its results so far{failed}"),
            theme::notice(),
        )),
        Run::Failed(failure) => Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error())),
        Run::Idle => None,
    };
    table::render(frame, area, block, notice, &COLUMNS, &(), &pane.hits);
}

fn inert(s: &str) -> Line<'static> {
    Line::raw(text::inert(s).into_owned())
}

fn name_cell(hit: &Hit) -> Line<'static> {
    let mut spans = vec![Span::raw(text::inert(&hit.name).into_owned())];
    if let Some(label) = &hit.label {
        spans.push(Span::styled(format!(" ({})", text::inert(label)), theme::dim()));
    }
    if let Some(address) = hit.address.as_ref().filter(|a| **a != hit.name) {
        spans.push(Span::styled(format!(" {}", text::inert(address)), theme::address()));
    }
    Line::from(spans)
}

/// The results.
pub const COLUMNS: [Col<Hit>; 6] = [
    Col::fixed("KIND", 17, 6, Some(H::Kind), |h, ()| inert(h.kind.label())),
    Col::grow("NAME / ID", 24, 9, Some(H::Name), |h, ()| name_cell(h)),
    Col::fixed("PROFILE", 14, 7, Some(H::Profile), |h, ()| inert(&h.profile)),
    Col::fixed("ACCOUNT", 12, 3, Some(H::Account), |h, ()| inert(h.account.as_deref().unwrap_or("—"))),
    Col::fixed("REGION", 14, 8, Some(H::Region), |h, ()| inert(&h.region)),
    Col::fill("DETAIL", 1, 12, 2, Some(H::Detail), |h, ()| inert(&h.detail)),
];

fn render_picker(app: &App, picker: &ScopePicker, frame: &mut Frame<'_>, area: Rect) {
    let current = app.context.profile.as_deref().unwrap_or("default");
    let profiles = FindPane::picker_rows(&app.recent.profiles, current);
    let regions = crate::aws::regions::COMMERCIAL;
    let tick = |on: bool| if on { "[x] " } else { "[ ] " };
    let mut rows: Vec<Line<'static>> = Vec::new();
    for (i, p) in profiles.iter().enumerate() {
        rows.push(row(i == picker.cursor, format!("{}profile {}", tick(picker.profiles.contains(p)), text::inert(p))));
    }
    for (i, r) in regions.iter().enumerate() {
        let at = profiles.len() + i;
        rows.push(row(at == picker.cursor, format!("{}region  {r}", tick(picker.regions.contains(*r)))));
    }
    let count = |n: usize, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
    let regions_said = if picker.regions.is_empty() {
        "no region ticked: every enabled region".to_owned()
    } else {
        format!("{} ticked", count(picker.regions.len(), "region"))
    };
    let head = vec![
        Line::styled(format!("{} ticked · {regions_said}", count(picker.profiles.len(), "profile")), theme::dim()),
        Line::raw(""),
    ];
    let foot = vec![Line::raw(""), Line::styled("Space tick · Enter search · j/k move · Esc close", theme::dim())];
    // The window of rows around the cursor that fits; every row is reachable.
    let room = usize::from(area.height.saturating_sub(2 + 2)).saturating_sub(head.len() + foot.len()).max(1);
    let top = picker.cursor.saturating_sub(room.saturating_sub(1)).min(rows.len().saturating_sub(room));
    let mut lines = head;
    let shown = rows.len().min(room);
    if top > 0 || shown < rows.len() {
        lines[1] = Line::styled(format!("rows {}–{} of {}", top + 1, top + shown, rows.len()), theme::dim());
    }
    lines.extend(rows.into_iter().skip(top).take(room));
    lines.extend(foot);
    popup::panel(frame, area, "Search where", lines);
}

fn row(selected: bool, label: String) -> Line<'static> {
    if selected {
        Line::styled(format!("{}{label}", table::SELECTED_MARK), theme::selected())
    } else {
        Line::raw(format!("  {label}"))
    }
}
