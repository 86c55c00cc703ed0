//! A list that fills page by page: its rows, how far it has loaded, and the
//! selection and scroll position within it.

use super::action::{Failure, RequestId};
use super::table::{self, Filter, Sort, SortColumn, Tabular};

/// How far a listing has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    /// Nothing asked for yet.
    Idle,
    /// A request is running; rows may already be on screen (a partial list).
    Loading,
    /// Every page has arrived.
    Complete,
    /// The load failed; rows that arrived before the failure are kept.
    Failed(Failure),
    /// The user cancelled the load; rows that arrived are kept.
    Cancelled,
}

/// Rows of one list, with its load state, selection and scroll offset.
///
/// With a filter or a sort the table shows a view of the rows: `selected` and
/// `offset` count positions in that view, and `items` keeps every row in
/// arrival order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// Every row, in arrival order.
    pub items: Vec<T>,
    /// How far loading has got.
    pub state: LoadState,
    /// The selected row (0 when empty).
    pub selected: usize,
    /// The first row on screen.
    pub offset: usize,
    /// The request whose pages this listing accepts.
    pub request: Option<RequestId>,
    /// Set on refresh: the next page replaces the rows instead of adding to them,
    /// so the old rows stay visible until new ones arrive.
    pub replace_on_next_page: bool,
    /// The live filter, if any.
    filter: Option<Filter>,
    /// The sort, if any (otherwise arrival order).
    sort: Option<Sort>,
    /// Indices into `items` in display order, while a filter or sort is set.
    order: Option<Vec<usize>>,
    /// Rows in the window last navigated, to keep the selection in view.
    rows_hint: usize,
    /// Views of shorter filter texts typed before this one, for backspace.
    typed: Vec<TypedView>,
    /// Every row in sort order, from the last sort of unchanged rows.
    sorted: Option<SortedRows>,
}

/// Every row's index in the order of one sort.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SortedRows {
    sort: Sort,
    order: Vec<usize>,
}

/// The view a filter text gave, kept while the user types on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypedView {
    text: String,
    rows: usize,
    sort: Option<Sort>,
    order: Vec<usize>,
}

impl<T> Default for Listing<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            state: LoadState::Idle,
            selected: 0,
            offset: 0,
            request: None,
            replace_on_next_page: false,
            filter: None,
            sort: None,
            order: None,
            rows_hint: 20,
            typed: Vec::new(),
            sorted: None,
        }
    }
}

impl<T> Listing<T> {
    /// Starts (or restarts) loading under `id`. Rows stay until the first page.
    pub fn start(&mut self, id: RequestId) {
        self.request = Some(id);
        self.state = LoadState::Loading;
        self.replace_on_next_page = true;
    }

    /// Whether `id` is the request this listing waits for.
    #[must_use]
    pub fn accepts(&self, id: RequestId) -> bool {
        self.request == Some(id) && self.state == LoadState::Loading
    }

    /// Marks the end of the request, keeping the rows as they are (a final
    /// update that only enriched existing rows).
    pub fn finish_keeping_rows(&mut self) {
        self.replace_on_next_page = false;
        self.state = LoadState::Complete;
        self.request = None;
    }

    /// Records a failure; rows already shown stay.
    pub fn fail(&mut self, error: Failure) {
        self.state = LoadState::Failed(error);
        self.request = None;
        self.replace_on_next_page = false;
    }

    /// Stops accepting pages for the running request.
    pub fn cancel(&mut self) {
        self.state = LoadState::Cancelled;
        self.request = None;
        self.replace_on_next_page = false;
    }

    /// Drops every row and forgets the request (a context switch).
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    /// Whether a request is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.state == LoadState::Loading
    }

    /// The selected row, if any.
    #[must_use]
    pub fn selected_item(&self) -> Option<&T> {
        self.selected_index().and_then(|i| self.items.get(i))
    }

    /// The index into `items` of the selected row.
    #[must_use]
    pub fn selected_index(&self) -> Option<usize> {
        self.index_at(self.selected)
    }

    /// The index into `items` of the row at `position` in the view.
    #[must_use]
    pub fn index_at(&self, position: usize) -> Option<usize> {
        match &self.order {
            Some(order) => order.get(position).copied(),
            None => (position < self.items.len()).then_some(position),
        }
    }

    /// How many rows the view shows (all of them without a filter).
    #[must_use]
    pub fn visible_len(&self) -> usize {
        self.order.as_ref().map_or(self.items.len(), Vec::len)
    }

    /// Selects the row at index `index` of `items`, if the view shows it.
    pub fn select_index(&mut self, index: usize) {
        let position = match &self.order {
            Some(order) => order.iter().position(|i| *i == index),
            None => (index < self.items.len()).then_some(index),
        };
        if let Some(position) = position {
            self.selected = position;
            self.scroll_into_view(self.rows_hint);
        }
    }

    /// The live filter, if any.
    #[must_use]
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref()
    }

    /// Moves the selection by `delta` rows, keeping it on screen for a window of
    /// `rows` rows.
    pub fn move_by(&mut self, delta: isize, rows: usize) {
        if self.visible_len() == 0 {
            return;
        }
        let last = self.visible_len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.scroll_into_view(rows);
    }

    /// Selects the first row.
    pub fn top(&mut self) {
        self.selected = 0;
        self.offset = 0;
    }

    /// Selects the last row, scrolled so it sits at the bottom of the window.
    pub fn bottom(&mut self, rows: usize) {
        self.selected = self.visible_len().saturating_sub(1);
        self.scroll_into_view(rows);
    }

    /// Applies a navigation key (up, down, page, top, bottom); other keys do nothing.
    pub fn navigate(&mut self, action: super::keymap::KeyAction, rows: usize) {
        use super::keymap::KeyAction;
        match action {
            KeyAction::Up => self.move_by(-1, rows),
            KeyAction::Down => self.move_by(1, rows),
            KeyAction::PageUp => self.move_by(-rows.cast_signed(), rows),
            KeyAction::PageDown => self.move_by(rows.cast_signed(), rows),
            KeyAction::Top => self.top(),
            KeyAction::Bottom => self.bottom(rows),
            _ => {}
        }
    }

    /// Adjusts the offset so the selection is within a window of `rows` rows.
    pub fn scroll_into_view(&mut self, rows: usize) {
        let rows = rows.max(1);
        self.rows_hint = rows;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.visible_len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// The rows visible in a window of `rows` rows: (position of the first, rows).
    #[must_use]
    pub fn window(&self, rows: usize) -> (usize, Vec<&T>) {
        let len = self.visible_len();
        let start = self.offset.min(len);
        let end = start.saturating_add(rows).min(len);
        let shown = match &self.order {
            Some(order) => order[start..end].iter().map(|i| &self.items[*i]).collect(),
            None => self.items[start..end].iter().collect(),
        };
        (start, shown)
    }
}

impl<T: Tabular> Listing<T> {
    /// The sort, if any.
    #[must_use]
    pub fn sort(&self) -> Option<Sort<T::Column>> {
        self.sort.and_then(Sort::typed)
    }

    /// Adds a page; `more` says whether further pages are coming. With a
    /// filter or sort set, the new rows join the view where they belong and
    /// the selection stays on the same row.
    pub fn push_page(&mut self, page: Vec<T>, more: bool) {
        if std::mem::take(&mut self.replace_on_next_page) {
            self.items = page;
            if self.order.is_some() {
                let at = self.selected;
                self.rebuild(None);
                self.selected = at;
            }
            self.clamp();
        } else {
            let base = self.items.len();
            self.items.extend(page);
            if self.order.is_some() {
                self.merge_from(base);
            }
        }
        if !more {
            self.state = LoadState::Complete;
            self.request = None;
        }
    }

    /// Sets the live filter from what the user typed (empty clears it). A
    /// growing substring only re-tests the rows the shorter one kept, and a
    /// backspace returns to a view computed a keystroke ago.
    pub fn set_filter(&mut self, text: &str) {
        let new = Filter::parse(text);
        if new == self.filter {
            return;
        }
        let keep = self.selected_index();
        let Some(new) = new else {
            self.filter = None;
            self.typed.clear();
            self.refilter(keep);
            return;
        };
        // Back to a text typed a moment ago, with no rows arrived since.
        if let Some(at) =
            self.typed.iter().position(|v| v.text == new.text && v.rows == self.items.len() && v.sort == self.sort)
        {
            let view = self.typed.swap_remove(at);
            self.typed.truncate(at);
            self.filter = Some(new);
            self.order = Some(view.order);
            self.reselect(keep);
            return;
        }
        let narrowing = match (&self.filter, &self.order) {
            (Some(old), Some(_)) => new.narrows(old),
            _ => false,
        };
        if narrowing && let (Some(order), Some(old)) = (self.order.as_mut(), self.filter.as_ref()) {
            // Remember this view for a backspace, then test only the rows it
            // kept, in row order (the view's order may be sorted, and rows
            // visited in memory order are far cheaper).
            self.typed.push(TypedView {
                text: old.text.clone(),
                rows: self.items.len(),
                sort: self.sort,
                order: order.clone(),
            });
            let mut marked = vec![false; self.items.len()];
            for i in order.iter() {
                marked[*i] = true;
            }
            for (i, item) in self.items.iter().enumerate() {
                if marked[i] {
                    marked[i] = new.keeps(item);
                }
            }
            order.retain(|i| marked[*i]);
            self.filter = Some(new);
            self.reselect(keep);
        } else {
            self.typed.clear();
            self.filter = Some(new);
            self.refilter(keep);
        }
    }

    /// Sorts by the next (`step` 1) or previous (-1) column; from no sort,
    /// the first or last column.
    pub fn cycle_sort(&mut self, step: isize) {
        let columns = T::Column::ALL.len().max(1);
        let column = match self.sort {
            Some(sort) => (sort.column.cast_signed() + step).rem_euclid(columns.cast_signed()).cast_unsigned(),
            None if step < 0 => columns - 1,
            None => 0,
        };
        self.sort = Some(Sort { column, descending: false });
        let keep = self.selected_index();
        self.rebuild(keep);
    }

    /// Flips the order of the sort (sorting by the first column if none).
    pub fn flip_sort(&mut self) {
        self.sort = Some(match self.sort {
            Some(sort) => Sort { descending: !sort.descending, ..sort },
            None => Sort { column: 0, descending: true },
        });
        let keep = self.selected_index();
        self.rebuild(keep);
    }

    /// Re-sorts and re-filters after rows changed in place (described,
    /// enriched), keeping the selection on the same row; nothing to do
    /// without a filter or sort.
    pub fn refresh_view(&mut self) {
        if self.order.is_some() {
            let keep = self.selected_index();
            self.rebuild(keep);
        }
    }

    /// Recomputes the view after the rows changed in place (inserted,
    /// replaced or enriched), keeping the selection on row `keep` of `items`.
    pub fn rebuild(&mut self, keep: Option<usize>) {
        self.sorted = None;
        self.refilter(keep);
    }

    /// Recomputes the view for a new filter or sort over unchanged rows: a
    /// sorted table filters its sorted order (kept from the last sort)
    /// instead of sorting again.
    fn refilter(&mut self, keep: Option<usize>) {
        self.typed.clear();
        if self.filter.is_none() && self.sort.is_none() {
            self.order = None;
            self.reselect(keep);
            return;
        }
        let items = &self.items;
        let order = match self.sort {
            None => match &self.filter {
                Some(filter) => (0..items.len()).filter(|i| filter.keeps(&items[*i])).collect(),
                None => (0..items.len()).collect(),
            },
            Some(sort) => {
                let fresh = matches!(&self.sorted, Some(c) if c.sort == sort && c.order.len() == items.len());
                if !fresh {
                    let mut all: Vec<usize> = (0..items.len()).collect();
                    all.sort_by(|a, b| table::compare(items, sort, *a, *b));
                    self.sorted = Some(SortedRows { sort, order: all });
                }
                let all = self.sorted.as_ref().map_or(&[][..], |c| c.order.as_slice());
                match &self.filter {
                    // Test rows in memory order, then walk the sorted order.
                    Some(filter) => {
                        let kept: Vec<bool> = items.iter().map(|item| filter.keeps(item)).collect();
                        all.iter().copied().filter(|i| kept[*i]).collect()
                    }
                    None => all.to_vec(),
                }
            }
        };
        self.order = Some(order);
        self.reselect(keep);
    }

    /// Adds rows `base..` of `items` to the view.
    fn merge_from(&mut self, base: usize) {
        self.typed.clear();
        let keep = self.selected_index();
        let items = &self.items;
        let mut fresh: Vec<usize> = match &self.filter {
            Some(filter) => (base..items.len()).filter(|i| filter.keeps(&items[*i])).collect(),
            None => (base..items.len()).collect(),
        };
        let Some(order) = self.order.as_mut() else { return };
        match self.sort {
            None => order.append(&mut fresh),
            Some(sort) => {
                fresh.sort_by(|a, b| table::compare(items, sort, *a, *b));
                let old = std::mem::take(order);
                let mut merged = Vec::with_capacity(old.len() + fresh.len());
                let (mut a, mut b) = (old.into_iter().peekable(), fresh.into_iter().peekable());
                while let (Some(x), Some(y)) = (a.peek(), b.peek()) {
                    if table::compare(items, sort, *x, *y).is_le() {
                        merged.extend(a.next());
                    } else {
                        merged.extend(b.next());
                    }
                }
                merged.extend(a);
                merged.extend(b);
                *order = merged;
            }
        }
        self.reselect(keep);
    }

    /// Puts the selection back on row `keep` of `items` if the view shows it,
    /// else on the first row (without `keep`, the selection stays in bounds).
    fn reselect(&mut self, keep: Option<usize>) {
        let Some(keep) = keep else {
            self.clamp();
            return;
        };
        let position = Some(keep).and_then(|index| match &self.order {
            Some(order) => order.iter().position(|i| *i == index),
            None => (index < self.items.len()).then_some(index),
        });
        match position {
            Some(position) => {
                self.selected = position;
                self.scroll_into_view(self.rows_hint);
            }
            None => {
                self.selected = 0;
                self.offset = 0;
            }
        }
        self.clamp();
    }
}

#[cfg(test)]
mod tests;
