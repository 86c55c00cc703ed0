//! The table on screen, whatever its row type: what the live filter and the
//! sort keys act on.

use super::table::Tabular;
use super::{Listing, Pane, Panes};

/// A table seen through its filter and sort.
pub trait ListControl {
    /// The filter as typed, if one is set.
    fn filter_text(&self) -> Option<&str>;
    /// Sets the filter (empty clears it).
    fn set_filter(&mut self, text: &str);
    /// Sorts by the next or previous column.
    fn cycle_sort(&mut self, step: isize);
    /// Flips the sort order.
    fn flip_sort(&mut self);
    /// Rows in the table, and rows shown.
    fn counts(&self) -> (usize, usize);
    /// Whether more pages may still arrive.
    fn is_loading(&self) -> bool;
    /// Moves the selection to the row at `position` of the view.
    fn select_position(&mut self, position: usize);
    /// The first row on screen and the selection, as view positions.
    fn window_position(&self) -> (usize, usize);
}

impl<T: Tabular> ListControl for Listing<T> {
    fn filter_text(&self) -> Option<&str> {
        self.filter().map(|f| f.text.as_str())
    }
    fn set_filter(&mut self, text: &str) {
        Listing::set_filter(self, text);
    }
    fn cycle_sort(&mut self, step: isize) {
        Listing::cycle_sort(self, step);
    }
    fn flip_sort(&mut self) {
        Listing::flip_sort(self);
    }
    fn counts(&self) -> (usize, usize) {
        (self.items.len(), self.visible_len())
    }
    fn is_loading(&self) -> bool {
        Listing::is_loading(self)
    }
    fn select_position(&mut self, position: usize) {
        if position < self.visible_len() {
            self.selected = position;
        }
    }
    fn window_position(&self) -> (usize, usize) {
        (self.offset, self.selected)
    }
}

impl Panes {
    /// The table `pane` shows now, if it shows one (not a detail or preview).
    pub fn list_mut(&mut self, pane: Pane) -> Option<&mut dyn ListControl> {
        self.get_mut(pane).list_mut()
    }

    /// The table `pane` shows now, read-only.
    pub fn list(&mut self, pane: Pane) -> Option<&dyn ListControl> {
        self.list_mut(pane).map(|l| &*l)
    }
}
