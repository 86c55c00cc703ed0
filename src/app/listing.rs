//! A list that fills page by page: its rows, how far it has loaded, and the
//! selection and scroll position within it.

use super::action::{Failure, RequestId};

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing<T> {
    /// The rows, in arrival order.
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

    /// Adds a page; `more` says whether further pages are coming.
    pub fn push_page(&mut self, page: Vec<T>, more: bool) {
        if std::mem::take(&mut self.replace_on_next_page) {
            self.items = page;
            self.clamp();
        } else {
            self.items.extend(page);
        }
        if !more {
            self.state = LoadState::Complete;
            self.request = None;
        }
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
        self.items.get(self.selected)
    }

    /// Moves the selection by `delta` rows, keeping it on screen for a window of
    /// `rows` rows.
    pub fn move_by(&mut self, delta: isize, rows: usize) {
        if self.items.is_empty() {
            return;
        }
        let last = self.items.len() - 1;
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
        self.selected = self.items.len().saturating_sub(1);
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
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    fn clamp(&mut self) {
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
    }

    /// The rows visible in a window of `rows` rows: (index of the first, slice).
    #[must_use]
    pub fn window(&self, rows: usize) -> (usize, &[T]) {
        let start = self.offset.min(self.items.len());
        let end = (start + rows).min(self.items.len());
        (start, &self.items[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(n: usize) -> Listing<usize> {
        Listing { items: (0..n).collect(), ..Listing::default() }
    }

    #[test]
    fn moving_down_scrolls_the_window() {
        let mut l = listing(100);
        l.move_by(15, 10);
        assert_eq!((l.selected, l.offset), (15, 6));
        l.move_by(-10, 10);
        assert_eq!((l.selected, l.offset), (5, 5));
        l.bottom(10);
        assert_eq!((l.selected, l.offset), (99, 90));
        l.move_by(50, 10);
        assert_eq!(l.selected, 99);
        l.top();
        assert_eq!((l.selected, l.offset), (0, 0));
    }

    #[test]
    fn refresh_keeps_old_rows_until_the_first_new_page() {
        let mut l = listing(5);
        l.start(RequestId(2));
        assert_eq!(l.items.len(), 5);
        l.push_page(vec![7, 8], true);
        assert_eq!(l.items, vec![7, 8]);
        l.push_page(vec![9], false);
        assert_eq!(l.items, vec![7, 8, 9]);
        assert_eq!(l.state, LoadState::Complete);
    }

    #[test]
    fn window_is_clamped_to_the_rows() {
        let l = listing(3);
        assert_eq!(l.window(10), (0, &[0, 1, 2][..]));
    }
}
