//! The S3 tables' columns: names kept longest, the storage class first to go.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::{format_time, human_bytes};
use crate::app::rows::{BucketColumn as B, ObjectColumn as O};
use crate::app::s3::ObjectsView;
use crate::aws::s3::{Bucket, Entry};
use crate::ui::widgets::columns::Col;
use crate::ui::{text, theme};

fn inert(s: &str) -> Line<'static> {
    Line::raw(text::inert(s).into_owned())
}

/// The bucket list.
pub const BUCKET: [Col<Bucket>; 3] = [
    Col::grow("NAME", 24, 10, Some(B::Name), |b, ()| inert(&b.name)),
    Col::fixed("CREATED", 16, 5, Some(B::Created), |b, ()| Line::raw(format_time(b.created))),
    // `…` until the bucket's region is known.
    Col::fixed("REGION", 16, 6, Some(B::Region), |b, ()| b.region.as_deref().map_or_else(|| Line::raw("…"), inert)),
];

/// `● ` before a marked entry's name (kept under the selection's style).
pub const MARK: &str = "● ";

fn marked(view: &ObjectsView, e: &Entry, name: Line<'static>) -> Line<'static> {
    if view.is_marked(e) {
        let mut spans = vec![Span::styled(MARK, theme::notice().add_modifier(Modifier::BOLD))];
        spans.extend(name.spans.into_iter().map(|s| s.patch_style(Style::default().add_modifier(Modifier::BOLD))));
        Line::from(spans)
    } else if view.marks.is_empty() {
        name
    } else {
        let mut spans = vec![Span::raw("  ")];
        spans.extend(name.spans);
        Line::from(spans)
    }
}

/// A prefix listing; cells get the view (its prefix, as names are shown
/// below it, and its marks).
pub const OBJECT: [Col<Entry, ObjectsView>; 4] = [
    Col::grow("NAME", 24, 10, Some(O::Name), |e, view| {
        let name = match e {
            Entry::Folder(_) => {
                Line::from(Span::styled(text::inert(e.name(&view.prefix)).into_owned(), theme::title()))
            }
            Entry::Object(_) => inert(e.name(&view.prefix)),
        };
        marked(view, e, name)
    }),
    Col::fixed("SIZE", 10, 8, Some(O::Size), |e, _| match e {
        Entry::Folder(_) => Line::raw("DIR").right_aligned(),
        Entry::Object(o) => Line::raw(human_bytes(o.size)).right_aligned(),
    }),
    Col::fixed("LAST MODIFIED", 16, 7, Some(O::LastModified), |e, _| match e {
        Entry::Folder(_) => Line::default(),
        Entry::Object(o) => Line::raw(format_time(o.last_modified)),
    }),
    Col::fixed("CLASS", 19, 4, Some(O::Class), |e, _| match e {
        Entry::Folder(_) => Line::default(),
        Entry::Object(o) => inert(o.storage_class.as_str()),
    }),
];
