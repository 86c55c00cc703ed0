//! Table columns, and fitting them to the terminal. Every table lists its
//! columns with a priority; when they do not all fit, the least important go
//! whole (never an id or a name cut to make room for an owner account), and
//! every column kept is wide enough for its header.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::table::{COLUMN_SPACING, SELECTED_MARK};
use crate::app::table::Tabular;

/// One column of a table of `T` rows; `X` is what its cells need besides the
/// row (the folder a listing shows, a marked version).
pub struct Col<T: Tabular, X: ?Sized = ()> {
    /// The header.
    pub header: &'static str,
    /// Its width; `Fill` and `Min` columns take the room others leave.
    pub width: Constraint,
    /// Width it cannot do without (its header always fits too).
    pub min: u16,
    /// Higher is kept longer when space runs out.
    pub keep: u8,
    /// The column the rows sort by when this one shows the sort.
    pub sort: Option<T::Column>,
    /// The cell for one row, made inert; cut to the column's width with `…`.
    pub cell: fn(&T, &X) -> Line<'static>,
}

impl<T: Tabular, X: ?Sized> Clone for Col<T, X> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Tabular, X: ?Sized> Copy for Col<T, X> {}

impl<T: Tabular, X: ?Sized> Col<T, X> {
    /// A column `width` wide.
    pub const fn fixed(
        header: &'static str,
        width: u16,
        keep: u8,
        sort: Option<T::Column>,
        cell: fn(&T, &X) -> Line<'static>,
    ) -> Self {
        Self { header, width: Constraint::Length(width), min: width, keep, sort, cell }
    }

    /// A column taking `share` of the room the others leave, at least `min` wide.
    pub const fn fill(
        header: &'static str,
        share: u16,
        min: u16,
        keep: u8,
        sort: Option<T::Column>,
        cell: fn(&T, &X) -> Line<'static>,
    ) -> Self {
        Self { header, width: Constraint::Fill(share), min, keep, sort, cell }
    }

    /// A column at least `min` wide that grows into room left over.
    pub const fn grow(
        header: &'static str,
        min: u16,
        keep: u8,
        sort: Option<T::Column>,
        cell: fn(&T, &X) -> Line<'static>,
    ) -> Self {
        Self { header, width: Constraint::Min(min), min, keep, sort, cell }
    }

    /// Whether the rows are sorted by this column, when `sorted` is their sort column.
    #[must_use]
    pub fn shows(&self, sorted: Option<T::Column>) -> bool {
        self.sort.is_some() && self.sort == sorted
    }

    /// The width it needs: its minimum, and room for its header (and the
    /// sort arrow after it).
    fn need(&self, sorted: Option<T::Column>) -> u16 {
        let header = u16::try_from(self.header.width()).unwrap_or(u16::MAX);
        self.min.max(header.saturating_add(u16::from(self.shows(sorted))))
    }
}

/// A column as laid out: which one, and how wide.
pub struct Fitted<'a, T: Tabular, X: ?Sized> {
    /// The column.
    pub col: &'a Col<T, X>,
    /// Its width in terminal columns.
    pub width: u16,
}

/// The columns of `all` that fit in a table `width` wide (the selection mark
/// included), laid out. While they do not fit, the column with the lowest
/// `keep` goes (the leftmost of equals); when every flexible column has
/// gone, the last one left takes the slack.
#[must_use]
pub fn fit<'a, T: Tabular, X: ?Sized>(
    all: &'a [Col<T, X>],
    width: u16,
    sorted: Option<T::Column>,
) -> Vec<Fitted<'a, T, X>> {
    let mark = u16::try_from(SELECTED_MARK.width()).unwrap_or(2);
    let [_, cells] =
        Layout::horizontal([Constraint::Length(mark), Constraint::Fill(0)]).areas(Rect::new(0, 0, width, 1));
    let room = cells.width;
    let mut kept: Vec<&Col<T, X>> = all.iter().collect();
    let need = |cols: &[&Col<T, X>]| -> u32 {
        let widths: u32 = cols.iter().map(|c| u32::from(c.need(sorted))).sum();
        widths + u32::from(COLUMN_SPACING) * u32::try_from(cols.len().saturating_sub(1)).unwrap_or(0)
    };
    while need(&kept) > u32::from(room) && kept.len() > 1 {
        let Some(weakest) = kept.iter().enumerate().min_by_key(|(_, c)| c.keep).map(|(i, _)| i) else {
            break;
        };
        kept.remove(weakest);
    }
    let flexible = |c: &Constraint| matches!(c, Constraint::Fill(_) | Constraint::Min(_));
    let mut constraints: Vec<Constraint> = kept
        .iter()
        .map(|c| match c.width {
            // A fixed column too narrow for its header (or the sort arrow) widens.
            Constraint::Length(n) => Constraint::Length(n.max(c.need(sorted))),
            Constraint::Min(n) => Constraint::Min(n.max(c.need(sorted))),
            other => other,
        })
        .collect();
    if kept.len() < all.len()
        && !constraints.iter().any(flexible)
        && let Some(last) = constraints.last_mut()
    {
        *last = Constraint::Fill(1);
    }
    let mut widths = lay_out(&constraints, cells);
    // Flexible columns share what is left by weight, which can leave one
    // narrower than it needs: such a column is given what it needs.
    for _ in 0..kept.len() {
        let Some(short) = kept.iter().zip(&widths).position(|(c, w)| *w < c.need(sorted).min(room)) else {
            break;
        };
        constraints[short] = Constraint::Length(kept[short].need(sorted));
        widths = lay_out(&constraints, cells);
    }
    kept.into_iter().zip(widths).map(|(col, width)| Fitted { col, width }).collect()
}

fn lay_out(constraints: &[Constraint], cells: Rect) -> Vec<u16> {
    Layout::horizontal(constraints.iter().copied())
        .flex(Flex::Start)
        .spacing(COLUMN_SPACING)
        .split(cells)
        .iter()
        .map(|r| r.width)
        .collect()
}

/// `line` cut to `width` terminal columns, ending in `…` when it was longer;
/// its spans keep their styles and the line its alignment.
#[must_use]
pub fn fit_line(line: Line<'static>, width: u16) -> Line<'static> {
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let Line { style, alignment, spans } = line;
    let mut out = Vec::with_capacity(spans.len());
    let mut left = width;
    for span in spans {
        if left == 0 {
            break;
        }
        let w = span.width();
        if w < left {
            left -= w;
            out.push(span);
            continue;
        }
        // This span reaches the edge (later ones are cut whole): it ends in `…`.
        let mut cut = String::with_capacity(left * 2);
        let mut used = 0;
        for c in span.content.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > left - 1 {
                break;
            }
            used += cw;
            cut.push(c);
        }
        cut.push('…');
        out.push(Span::styled(cut, span.style));
        break;
    }
    Line { style, alignment, spans: out }
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Style, Stylize};

    use super::*;
    use crate::app::table::{SortKey, sort_columns};

    struct Item;

    sort_columns!(ItemColumn { Id = "ID", Name = "NAME", Owner = "OWNER" });

    impl Tabular for Item {
        type Column = ItemColumn;
        fn sort_key(&self, _: ItemColumn) -> SortKey<'_> {
            SortKey::Missing
        }
        fn any_field(&self, _: &mut dyn FnMut(&str) -> bool) -> bool {
            false
        }
    }

    const COLUMNS: [Col<Item>; 4] = [
        Col::fixed("ID", 20, 10, Some(ItemColumn::Id), |_, ()| Line::raw("id")),
        Col::fill("NAME", 1, 10, 9, Some(ItemColumn::Name), |_, ()| Line::raw("name")),
        Col::fixed("OWNER", 12, 2, Some(ItemColumn::Owner), |_, ()| Line::raw("owner")),
        Col::fixed("ZONE", 4, 5, None, |_, ()| Line::raw("zone")),
    ];

    fn headers(width: u16, sorted: Option<ItemColumn>) -> Vec<(&'static str, u16)> {
        fit(&COLUMNS, width, sorted).iter().map(|f| (f.col.header, f.width)).collect()
    }

    #[test]
    fn the_least_kept_columns_go_first_and_whole() {
        // 2 (mark) + 20 + 10 + 12 + 4 + 3 × 2 = 54
        assert_eq!(headers(60, None), [("ID", 20), ("NAME", 16), ("OWNER", 12), ("ZONE", 4)]);
        assert_eq!(headers(50, None), [("ID", 20), ("NAME", 20), ("ZONE", 4)]);
        assert_eq!(headers(35, None), [("ID", 20), ("NAME", 11)]);
        // With the name gone too, the id takes the slack.
        assert_eq!(headers(25, None), [("ID", 23)]);
    }

    #[test]
    fn a_sorted_column_makes_room_for_its_arrow() {
        assert_eq!(headers(60, Some(ItemColumn::Owner)), [("ID", 20), ("NAME", 16), ("OWNER", 12), ("ZONE", 4)]);
        let narrow: [Col<Item>; 2] = [
            Col::fixed("ID", 2, 10, Some(ItemColumn::Id), |_, ()| Line::raw("id")),
            Col::fixed("OWNER", 3, 2, Some(ItemColumn::Owner), |_, ()| Line::raw("owner")),
        ];
        let widths: Vec<u16> = fit(&narrow, 40, Some(ItemColumn::Id)).iter().map(|f| f.width).collect();
        assert_eq!(widths, [3, 5], "ID↑ and OWNER in full");
    }

    #[test]
    fn lines_are_cut_by_display_width_keeping_styles() {
        assert_eq!(fit_line(Line::raw("short"), 10), Line::raw("short"));
        assert_eq!(fit_line(Line::raw("a-much-longer-name"), 10), Line::raw("a-much-lo…"));
        assert_eq!(fit_line(Line::raw("日本語のバケット"), 7), Line::raw("日本語…"));
        assert_eq!(fit_line(Line::raw("anything"), 0), Line::default());
        let folder = Line::from(vec!["app/".green(), " (14)".dim()]);
        assert_eq!(fit_line(folder.clone(), 9), folder);
        assert_eq!(
            fit_line(folder.clone(), 6),
            Line::from(vec!["app/".green(), Span::styled(" …", Style::new().dim())])
        );
        assert_eq!(fit_line(folder, 4), Line::from(vec![Span::styled("app…", Style::new().green())]));
        let number = Line::from("12345").right_aligned();
        assert_eq!(fit_line(number, 3), Line::from("12…").right_aligned());
    }
}
