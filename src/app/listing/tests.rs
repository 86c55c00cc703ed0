//! Tests of the module above.

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
    assert_eq!(l.window(10), (0, vec![&0, &1, &2]));
}

table::sort_columns!(Digits { Number = "N", LastDigit = "LAST DIGIT" });

impl Tabular for usize {
    type Column = Digits;
    fn sort_key(&self, column: Digits) -> table::SortKey<'_> {
        match column {
            Digits::Number => table::SortKey::num(*self as u64),
            Digits::LastDigit => table::SortKey::num((*self % 10) as u64),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.to_string())
    }
}

fn shown(l: &Listing<usize>) -> Vec<usize> {
    (0..l.visible_len()).filter_map(|p| l.index_at(p)).map(|i| l.items[i]).collect()
}

#[test]
fn a_filter_narrows_and_keeps_the_selection_on_the_same_row() {
    let mut l = listing(30);
    l.select_index(12);
    l.set_filter("1");
    assert_eq!(shown(&l), vec![1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21]);
    assert_eq!(l.selected_item(), Some(&12));
    l.set_filter("12");
    assert_eq!(shown(&l), vec![12]);
    l.set_filter("!1");
    assert_eq!(shown(&l).len(), 18);
    assert_eq!(l.selected, 0, "the row left the view: the selection goes to the top");
    l.set_filter("");
    assert_eq!(l.visible_len(), 30);
}

#[test]
fn backspace_returns_to_the_view_of_the_shorter_text() {
    let mut l = listing(300);
    l.set_filter("1");
    let one = shown(&l);
    l.set_filter("12");
    l.set_filter("123");
    assert_eq!(shown(&l), vec![123]);
    l.set_filter("12");
    assert_eq!(shown(&l), vec![12, 112, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 212]);
    l.set_filter("1");
    assert_eq!(shown(&l), one);
    // Rows that arrive invalidate what was remembered.
    l.set_filter("12");
    l.items.push(312);
    l.rebuild(None);
    l.set_filter("1");
    assert_eq!(l.visible_len(), one.len() + 1);
}

#[test]
fn pages_arriving_under_a_filter_join_it_and_the_selection_stays() {
    let mut l: Listing<usize> = Listing::default();
    l.start(RequestId(1));
    l.push_page((0..20).collect(), true);
    l.set_filter("~^1");
    l.select_index(15);
    l.push_page((20..200).collect(), false);
    assert_eq!(l.selected_item(), Some(&15));
    assert_eq!(l.visible_len(), 1 + 10 + 100);
    assert_eq!(l.state, LoadState::Complete);
}

#[test]
fn a_sorted_table_filters_its_sorted_rows_and_sees_new_pages() {
    let mut l: Listing<usize> = Listing::default();
    l.start(RequestId(1));
    l.push_page((0..30).collect(), true);
    l.flip_sort();
    l.set_filter("2");
    assert_eq!(shown(&l), vec![29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 12, 2]);
    l.set_filter("");
    assert_eq!(shown(&l).len(), 30);
    l.push_page(vec![42, 52], false);
    l.set_filter("~^.2$");
    assert_eq!(shown(&l), vec![52, 42, 22, 12]);
}

#[test]
fn sort_is_stable_across_pages() {
    let mut l: Listing<usize> = Listing::default();
    l.start(RequestId(1));
    l.push_page((0..25).collect(), true);
    l.cycle_sort(1);
    l.cycle_sort(1);
    assert_eq!(l.sort(), Some(Sort { column: Digits::LastDigit, descending: false }));
    l.select_index(13);
    l.push_page((25..40).collect(), false);
    let rows = shown(&l);
    // by last digit, ties in arrival order
    assert_eq!(&rows[..5], &[0, 10, 20, 30, 1]);
    assert_eq!(l.selected_item(), Some(&13));
    l.flip_sort();
    assert_eq!(&shown(&l)[..4], &[9, 19, 29, 39]);
    assert_eq!(l.selected_item(), Some(&13));
}
