//! The SSM tables' columns. Below 140 columns the tree drops the data type
//! (nearly always `text`) and shows the day a parameter was modified, not the
//! minute; narrower still, the KMS key and the tier go first.

use ratatui::text::{Line, Span};

use super::{MASK, dash, day, safe, short_arn, when};
use crate::app::rows::{HistoryColumn as H, ParameterColumn as P};
use crate::app::ssm::tree::{Entry, leaf};
use crate::aws::ssm::{Parameter, ParameterVersion};
use crate::ui::widgets::columns::Col;
use crate::ui::{text, theme};

/// A parameter's cell; a folder's is empty.
fn param(e: &Entry, cell: impl FnOnce(&Parameter) -> String) -> Line<'static> {
    match e {
        Entry::Folder { .. } => Line::default(),
        Entry::Parameter(p) => Line::raw(cell(p)),
    }
}

/// `name/ (count)` for a folder, the name below `folder` for a parameter.
fn name(e: &Entry, folder: &str) -> Line<'static> {
    match e {
        Entry::Folder { name, count, .. } => Line::from(vec![
            Span::styled(format!("{}/", text::inert(name)), theme::address()),
            Span::styled(format!(" ({})", text::thousands(*count)), theme::dim()),
        ]),
        Entry::Parameter(p) => Line::raw(safe(leaf(&p.name, folder))),
    }
}

fn kind(e: &Entry) -> Line<'static> {
    match e {
        Entry::Folder { .. } => Line::from(Span::styled("folder", theme::dim())),
        Entry::Parameter(p) => Line::raw(safe(p.kind.as_str())),
    }
}

/// The key of a SecureString (`(default)` for the AWS managed one).
fn key(p: &Parameter) -> String {
    if p.kind.is_secure() {
        p.key_id.as_deref().map_or_else(|| "(default)".to_owned(), |k| safe(short_arn(k)))
    } else {
        String::new()
    }
}

/// The tree below 140 columns; cells get the folder shown.
pub const TREE_NARROW: [Col<Entry, str>; 7] = [
    Col::grow("NAME", 18, 10, Some(P::Name), name),
    Col::fixed("TYPE", 12, 9, Some(P::Type), |e, _| kind(e)),
    Col::fixed("TIER", 8, 4, Some(P::Tier), |e, _| param(e, |p| dash(p.tier.as_ref().map(|t| t.as_str())))),
    Col::fixed("VER", 3, 7, Some(P::Version), |e, _| param(e, |p| p.version.to_string())),
    Col::fixed("MODIFIED", 10, 8, Some(P::LastModified), |e, _| param(e, |p| day(p.last_modified))),
    Col::fixed("MODIFIED BY", 12, 6, Some(P::ModifiedBy), |e, _| {
        param(e, |p| dash(p.last_modified_by.as_deref().map(short_arn)))
    }),
    Col::fixed("KMS KEY", 13, 3, Some(P::KmsKey), |e, _| param(e, key)),
];

/// The tree from 140 columns.
pub const TREE_WIDE: [Col<Entry, str>; 8] = [
    Col::grow("NAME", 24, 10, Some(P::Name), name),
    Col::fixed("TYPE", 12, 9, Some(P::Type), |e, _| kind(e)),
    Col::fixed("TIER", 8, 4, Some(P::Tier), |e, _| param(e, |p| dash(p.tier.as_ref().map(|t| t.as_str())))),
    Col::fixed("VERSION", 7, 7, Some(P::Version), |e, _| param(e, |p| p.version.to_string())),
    Col::fixed("LAST MODIFIED", 16, 8, Some(P::LastModified), |e, _| param(e, |p| when(p.last_modified))),
    Col::fixed("MODIFIED BY", 22, 6, Some(P::ModifiedBy), |e, _| {
        param(e, |p| dash(p.last_modified_by.as_deref().map(short_arn)))
    }),
    Col::fixed("DATA TYPE", 10, 2, Some(P::DataType), |e, _| param(e, |p| dash(p.data_type.as_deref()))),
    Col::fixed("KMS KEY", 20, 3, Some(P::KmsKey), |e, _| param(e, key)),
];

/// `3`, or `3 ◆` for the version marked for a diff.
fn version(v: &ParameterVersion, mark: &Option<i64>) -> Line<'static> {
    Line::raw(if *mark == Some(v.version) { format!("{} ◆", v.version) } else { v.version.to_string() })
}

fn labels(v: &ParameterVersion) -> Line<'static> {
    Line::raw(if v.labels.is_empty() {
        "—".to_owned()
    } else {
        v.labels.iter().map(|l| safe(l)).collect::<Vec<_>>().join(",")
    })
}

/// The first line of the value (`…` after it when there are more), masked
/// while a SecureString is not revealed.
fn value(v: &ParameterVersion) -> Line<'static> {
    Line::raw(match &v.value {
        Some(value) => {
            let first = value.expose().lines().next().unwrap_or("");
            let more = if value.expose().lines().nth(1).is_some() { " …" } else { "" };
            format!("{}{more}", safe(first))
        }
        None if v.kind.is_secure() => MASK.to_owned(),
        None => "—".to_owned(),
    })
}

/// A parameter's history below 140 columns; cells get the version marked for a diff.
pub const HISTORY_NARROW: [Col<ParameterVersion, Option<i64>>; 7] = [
    Col::fixed("VERSION", 7, 10, Some(H::Version), version),
    Col::fixed("LABELS", 12, 7, Some(H::Labels), |v, _| labels(v)),
    Col::fixed("WHEN", 16, 8, Some(H::When), |v, _| Line::raw(when(v.last_modified))),
    Col::fixed("MODIFIED BY", 12, 6, Some(H::ModifiedBy), |v, _| {
        Line::raw(dash(v.last_modified_by.as_deref().map(short_arn)))
    }),
    Col::fixed("TYPE", 12, 5, Some(H::Type), |v, _| Line::raw(safe(v.kind.as_str()))),
    Col::fixed("TIER", 8, 3, Some(H::Tier), |v, _| Line::raw(dash(v.tier.as_ref().map(|t| t.as_str())))),
    Col::grow("VALUE", 10, 9, None, |v, _| value(v)),
];

/// A parameter's history from 140 columns.
pub const HISTORY_WIDE: [Col<ParameterVersion, Option<i64>>; 7] = [
    Col::fixed("VERSION", 8, 10, Some(H::Version), version),
    Col::fixed("LABELS", 18, 7, Some(H::Labels), |v, _| labels(v)),
    Col::fixed("WHEN", 16, 8, Some(H::When), |v, _| Line::raw(when(v.last_modified))),
    Col::fixed("MODIFIED BY", 22, 6, Some(H::ModifiedBy), |v, _| {
        Line::raw(dash(v.last_modified_by.as_deref().map(short_arn)))
    }),
    Col::fixed("TYPE", 12, 5, Some(H::Type), |v, _| Line::raw(safe(v.kind.as_str()))),
    Col::fixed("TIER", 8, 3, Some(H::Tier), |v, _| Line::raw(dash(v.tier.as_ref().map(|t| t.as_str())))),
    Col::grow("VALUE", 12, 9, None, |v, _| value(v)),
];
