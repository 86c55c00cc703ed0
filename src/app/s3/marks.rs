//! Marks in a prefix view: Space marks the selected row, `*` inverts the
//! marks over the rows the filter shows; jobs act on the marked set, or on
//! the selection when nothing is marked.

use super::jobs::Selection;
use super::views::ObjectsView;
use crate::aws::s3::Entry;

/// What the marks of a view add up to, for its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkSummary {
    /// Marked objects.
    pub objects: usize,
    /// Marked folders (their size is unknown until a job counts them).
    pub folders: usize,
    /// Bytes of the marked objects.
    pub bytes: u64,
}

impl ObjectsView {
    /// Marks or unmarks the selected row and moves down.
    pub fn toggle_mark(&mut self, rows: usize) {
        let Some(key) = self.listing.selected_item().map(|e| e.key().to_owned()) else { return };
        if !self.marks.remove(&key) {
            self.marks.insert(key);
        }
        self.listing.move_by(1, rows);
    }

    /// Inverts the marks of the rows the view shows (the filter's rows);
    /// rows hidden by the filter keep theirs.
    pub fn invert_marks(&mut self) {
        for position in 0..self.listing.visible_len() {
            let Some(entry) = self.listing.index_at(position).and_then(|i| self.listing.items.get(i)) else {
                continue;
            };
            let key = entry.key();
            if !self.marks.remove(key) {
                self.marks.insert(key.to_owned());
            }
        }
    }

    /// Whether `entry` is marked.
    #[must_use]
    pub fn is_marked(&self, entry: &Entry) -> bool {
        !self.marks.is_empty() && self.marks.contains(entry.key())
    }

    /// The marked entries that are listed (a mark whose entry went away in
    /// a reload counts for nothing).
    fn marked_entries(&self) -> impl Iterator<Item = &Entry> {
        self.listing.items.iter().filter(|e| self.marks.contains(e.key()))
    }

    /// How many entries are marked, and their bytes.
    #[must_use]
    pub fn mark_summary(&self) -> MarkSummary {
        let mut summary = MarkSummary::default();
        if self.marks.is_empty() {
            return summary;
        }
        for entry in self.marked_entries() {
            match entry {
                Entry::Folder(_) => summary.folders += 1,
                Entry::Object(o) => {
                    summary.objects += 1;
                    summary.bytes += o.size;
                }
            }
        }
        summary
    }

    /// The entries a job acts on: the marked set, or the selected row when
    /// nothing is marked. `None` when there is neither.
    #[must_use]
    pub fn selection(&self) -> Option<Selection> {
        let entries: Vec<&Entry> = if self.marks.is_empty() {
            self.listing.selected_item().into_iter().collect()
        } else {
            self.marked_entries().collect()
        };
        if entries.is_empty() {
            return None;
        }
        let mut selection = Selection {
            bucket: self.bucket.clone(),
            region: self.region.clone(),
            base: self.prefix.clone(),
            keys: Vec::new(),
            prefixes: Vec::new(),
        };
        for entry in entries {
            match entry {
                Entry::Folder(prefix) => selection.prefixes.push(prefix.clone()),
                Entry::Object(o) => selection.keys.push(o.key.clone()),
            }
        }
        Some(selection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::RequestId;
    use crate::aws::s3::{ObjectEntry, StorageClass};

    fn object(key: &str, size: u64) -> Entry {
        Entry::Object(ObjectEntry { key: key.into(), size, last_modified: None, storage_class: StorageClass::Standard })
    }

    #[test]
    fn marks_count_objects_and_folders_and_build_the_selection() {
        let mut view = ObjectsView::new("b".into(), None, "p/".into());
        view.listing.start(RequestId(1));
        view.push_page(vec![Entry::Folder("p/logs/".into()), object("p/a", 10), object("p/b", 5)], false);
        assert_eq!(view.selection().map(|s| s.prefixes), Some(vec!["p/logs/".to_owned()]), "the selection alone");
        view.toggle_mark(10);
        view.toggle_mark(10);
        assert_eq!(view.listing.selected, 2, "Space moves down");
        assert_eq!(view.mark_summary(), MarkSummary { objects: 1, folders: 1, bytes: 10 });
        view.invert_marks();
        let selection = view.selection().expect("marked");
        assert_eq!(selection.keys, ["p/b"]);
        assert!(selection.prefixes.is_empty());
        assert_eq!(selection.base, "p/");
    }
}
