//! The S3 pane: the bucket list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use time::OffsetDateTime;
use time::macros::format_description;

use super::widgets::table::{self, Column};
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::{App, LoadState};
use crate::aws::s3::Bucket;

const COLUMNS: [Column; 3] = [
    Column { header: "NAME", width: Constraint::Min(24) },
    Column { header: "CREATED", width: Constraint::Length(16) },
    Column { header: "REGION", width: Constraint::Length(16) },
];

/// `2024-05-01 10:00` (UTC).
#[must_use]
pub fn format_time(t: Option<OffsetDateTime>) -> String {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]");
    t.and_then(|t| t.format(format).ok()).unwrap_or_else(|| "—".to_owned())
}

fn row(bucket: &Bucket) -> Row<'static> {
    Row::new(vec![
        Cell::from(text::inert(&bucket.name).into_owned()),
        Cell::from(format_time(bucket.created)),
        Cell::from(bucket.region.as_deref().map_or_else(|| "…".to_owned(), |r| text::inert(r).into_owned())),
    ])
}

/// Draws the bucket list in every state: connecting, loading, partial,
/// complete, empty, failed and cancelled.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "S3 buckets") {
        return;
    }
    let list = &app.panes.s3.buckets;
    let count = text::thousands(list.items.len());
    let spinner = SPINNER[app.spinner % SPINNER.len()];
    let title = match &list.state {
        LoadState::Loading if list.items.is_empty() || list.replace_on_next_page => {
            format!(" S3 buckets {spinner} loading… ")
        }
        LoadState::Loading => format!(" S3 buckets ({count}+ {spinner} loading…) "),
        LoadState::Idle => " S3 buckets ".to_owned(),
        LoadState::Complete => format!(" S3 buckets ({count}) "),
        LoadState::Failed(_) | LoadState::Cancelled if list.items.is_empty() => " S3 buckets ".to_owned(),
        LoadState::Failed(_) | LoadState::Cancelled => format!(" S3 buckets ({count} shown, incomplete) "),
    };
    let block = pane_block(Line::styled(title, theme::title()));

    if list.items.is_empty() {
        let lines = match &list.state {
            LoadState::Idle if app.environment().is_none() => {
                vec![Line::styled(
                    format!("{spinner} Resolving credentials for {}…", app.context.label()),
                    theme::dim(),
                )]
            }
            LoadState::Idle | LoadState::Loading => {
                vec![Line::styled(format!("{spinner} Loading S3 buckets…"), theme::dim())]
            }
            LoadState::Complete => vec![
                Line::raw("No buckets in this account."),
                Line::styled("ListBuckets returned none · r to reload", theme::dim()),
            ],
            LoadState::Failed(failure) => vec![
                Line::styled("Could not list S3 buckets", theme::error()),
                Line::raw(""),
                Line::raw(text::inert(&failure.message).into_owned()),
                Line::raw(""),
                Line::styled("r retry · 2-4 other panes · q quit", theme::dim()),
            ],
            LoadState::Cancelled => vec![Line::styled("Loading was cancelled · r to reload", theme::notice())],
        };
        pane_message(frame, area, block, lines);
        return;
    }

    let notice = match &list.state {
        LoadState::Failed(failure) => {
            Some(Line::from(Span::styled(text::inert(&failure.message).into_owned(), theme::error())))
        }
        LoadState::Cancelled => {
            Some(Line::styled("Cancelled: the list may be incomplete · r to reload", theme::notice()))
        }
        _ => None,
    };
    table::render(frame, area, block, notice, &COLUMNS, list, row);
}
