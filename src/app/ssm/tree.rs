//! The parameter path tree: every listed parameter kept sorted by name, and
//! the folder on screen built from it as folders and parameters.
//!
//! Names are split on `/`. Folders are written without a trailing slash
//! (`/app/dev`); the root is the empty string, and holds both `/name`
//! parameters and names without a leading `/`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::Arc;

use crate::app::listing::Listing;
use crate::aws::ssm::Parameter;

/// Every parameter listed so far, sorted by name, so a folder's contents
/// are one contiguous range, with a count of the parameters below every
/// folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParameterTree {
    params: BTreeMap<String, Arc<Parameter>>,
    /// Parameters below each folder path (`/app`, `/app/dev`), at any depth.
    below: HashMap<String, usize>,
}

/// One row of a folder: a subfolder or a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A subfolder.
    Folder {
        /// Its own name (`dev`).
        name: String,
        /// Its full path (`/app/dev`).
        path: String,
        /// Parameters anywhere below it.
        count: usize,
    },
    /// A parameter directly in the folder.
    Parameter(Arc<Parameter>),
}

impl Entry {
    /// What identifies the row across rebuilds: the folder path or the
    /// parameter name.
    #[must_use]
    pub fn key(&self) -> &str {
        match self {
            Self::Folder { path, .. } => path,
            Self::Parameter(p) => &p.name,
        }
    }
}

/// The part of `name` below `folder` (the whole name for a root name without `/`).
#[must_use]
pub fn leaf<'a>(name: &'a str, folder: &str) -> &'a str {
    if folder.is_empty() {
        return name.strip_prefix('/').unwrap_or(name);
    }
    name.strip_prefix(folder).and_then(|rest| rest.strip_prefix('/')).unwrap_or(name)
}

/// The folder above `folder` (the root's parent is the root).
#[must_use]
pub fn parent(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(up, _)| up)
}

/// The folder a parameter named `name` sits in.
#[must_use]
pub fn folder_of(name: &str) -> &str {
    if name.starts_with('/') { parent(name) } else { "" }
}

/// The folder's path segments (`/app/dev` → `app`, `dev`).
pub fn crumbs(folder: &str) -> impl Iterator<Item = &str> {
    folder.split('/').filter(|s| !s.is_empty())
}

impl ParameterTree {
    /// How many parameters are known.
    #[must_use]
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether no parameter is known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// The parameter named `name`, if listed.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Arc<Parameter>> {
        self.params.get(name)
    }

    /// Every folder path known, sorted (for completing `:ssm /path`).
    #[must_use]
    pub fn folders(&self) -> Vec<String> {
        let mut folders: Vec<String> = self.below.keys().cloned().collect();
        folders.sort();
        folders
    }

    /// Adds or replaces parameters; returns whether any of them lies below `folder`.
    pub fn insert_page(&mut self, page: Vec<Parameter>, folder: &str) -> bool {
        let mut touches = false;
        for p in page {
            touches |= folder.is_empty() || p.name.starts_with(folder) && p.name[folder.len()..].starts_with('/');
            self.upsert(p);
        }
        touches
    }

    /// Adds or replaces one parameter.
    pub fn upsert(&mut self, p: Parameter) {
        let name = p.name.clone();
        if self.params.insert(name.clone(), Arc::new(p)).is_none() {
            for folder in ancestors(&name) {
                match self.below.get_mut(folder) {
                    Some(count) => *count += 1,
                    None => {
                        self.below.insert(folder.to_owned(), 1);
                    }
                }
            }
        }
    }

    /// Forgets one parameter.
    pub fn remove(&mut self, name: &str) {
        if self.params.remove(name).is_some() {
            for folder in ancestors(name) {
                if let Some(count) = self.below.get_mut(folder) {
                    *count -= 1;
                    if *count == 0 {
                        self.below.remove(folder);
                    }
                }
            }
        }
    }

    /// Forgets every parameter below `path` (all of them for the root).
    pub fn remove_under(&mut self, path: &str) {
        if path.is_empty() {
            self.params.clear();
            self.below.clear();
            return;
        }
        let prefix = format!("{path}/");
        let doomed: Vec<String> = self
            .params
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        for name in doomed {
            self.remove(&name);
        }
    }

    /// Whether `folder` exists (the root always does).
    #[must_use]
    pub fn has_folder(&self, folder: &str) -> bool {
        folder.is_empty() || self.below.contains_key(folder)
    }

    /// The rows of `folder`: subfolders first, then parameters, each by name.
    ///
    /// Walks the folder's own parameters and jumps over each subfolder's
    /// range in one lookup, so the root of 10,000 parameters in a few folders
    /// costs a few lookups, not 10,000 steps.
    #[must_use]
    pub fn entries(&self, folder: &str) -> Vec<Entry> {
        let prefix = format!("{folder}/");
        let mut folders: Vec<Entry> = Vec::new();
        let mut params: Vec<Entry> = Vec::new();
        let mut from = if folder.is_empty() { None } else { Some(prefix.clone()) };
        loop {
            let start = from.as_deref().map_or(Bound::Unbounded, Bound::Included);
            let mut jump = None;
            for (name, param) in self.params.range::<str, _>((start, Bound::Unbounded)) {
                let Some(rest) = name.strip_prefix(&prefix) else {
                    if !folder.is_empty() {
                        break;
                    }
                    // A root name without a leading `/`.
                    params.push(Entry::Parameter(param.clone()));
                    continue;
                };
                let Some((segment, _)) = rest.split_once('/') else {
                    params.push(Entry::Parameter(param.clone()));
                    continue;
                };
                let path = format!("{prefix}{segment}");
                let count = self.below.get(&path).copied().unwrap_or(0);
                // Every name below `path/` sorts before `path0` ('0' follows '/').
                jump = Some(format!("{path}0"));
                folders.push(Entry::Folder { name: segment.to_owned(), path, count });
                break;
            }
            match jump {
                Some(next) => from = Some(next),
                None => break,
            }
        }
        // Sorted already, except where `-` and `.` sort before `/` within a
        // name; both sorts are linear on nearly sorted input.
        folders.sort_by(|a, b| a.key().cmp(b.key()));
        if folder.is_empty() {
            params.sort_by(|a, b| leaf(a.key(), "").cmp(leaf(b.key(), "")).then_with(|| a.key().cmp(b.key())));
        }
        folders.extend(params);
        folders
    }
}

/// The folders above `name`: `/app/dev/x` → `/app`, `/app/dev`.
fn ancestors(name: &str) -> impl Iterator<Item = &str> {
    let starts_at_root = name.starts_with('/');
    name.char_indices().filter(move |(i, c)| starts_at_root && *i > 0 && *c == '/').map(move |(i, _)| &name[..i])
}

/// The folder on screen and everything listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeView {
    /// Every parameter listed so far.
    pub store: ParameterTree,
    /// The folder on screen (`""` for the root).
    pub folder: String,
    /// The folder's rows; its load state is the listing's.
    pub list: Listing<Entry>,
    /// What the running (or last) listing covers: `None` for the account,
    /// a path for a reload of one folder.
    pub scope: Option<String>,
    /// Whether the store holds a complete listing of the account.
    pub complete: bool,
    /// A row to select once it appears (a parameter just created).
    pub pending_select: Option<String>,
}

impl TreeView {
    /// Rebuilds the folder's rows from the store, keeping the selection on
    /// the same folder or parameter when it is still there.
    pub fn rebuild(&mut self, rows: usize) {
        let keep = self.pending_select.clone().or_else(|| self.list.selected_item().map(|e| e.key().to_owned()));
        self.list.items = self.store.entries(&self.folder);
        self.list.rebuild(None);
        self.select_key(keep.as_deref(), rows);
    }

    /// Selects the row with `key` if present (clearing a pending selection
    /// it satisfies), else keeps the index within bounds.
    pub fn select_key(&mut self, key: Option<&str>, rows: usize) {
        if let Some(key) = key
            && let Some(i) = self.list.items.iter().position(|e| e.key() == key)
        {
            self.list.select_index(i);
            if self.pending_select.as_deref() == Some(key) {
                self.pending_select = None;
            }
        }
        self.list.selected = self.list.selected.min(self.list.visible_len().saturating_sub(1));
        self.list.scroll_into_view(rows);
    }

    /// Shows `folder`, selecting `select` (a folder path or parameter name) if given.
    pub fn enter(&mut self, folder: &str, select: Option<&str>, rows: usize) {
        self.folder = folder.to_owned();
        self.list.items = self.store.entries(folder);
        self.list.selected = 0;
        self.list.offset = 0;
        // A new folder starts unfiltered; the sort stays.
        self.list.set_filter("");
        self.list.rebuild(None);
        self.select_key(select, rows);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ssm::ParameterType;

    fn param(name: &str) -> Parameter {
        Parameter {
            name: name.into(),
            kind: ParameterType::String,
            tier: None,
            version: 1,
            last_modified: None,
            last_modified_by: None,
            data_type: None,
            key_id: None,
            description: None,
            allowed_pattern: None,
            policies: Vec::new(),
            arn: None,
        }
    }

    fn tree(names: &[&str]) -> ParameterTree {
        let mut t = ParameterTree::default();
        t.insert_page(names.iter().map(|n| param(n)).collect(), "");
        t
    }

    fn keys(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Folder { path, count, .. } => format!("{path}/ ({count})"),
                Entry::Parameter(p) => p.name.clone(),
            })
            .collect()
    }

    #[test]
    fn folders_come_first_with_counts_and_root_names_mix_in() {
        let t = tree(&["/app/dev/a", "/app/dev/b", "/app/prod/a", "/app-x/z", "/top", "plain", "/app/readme"]);
        assert_eq!(keys(&t.entries("")), ["/app/ (4)", "/app-x/ (1)", "plain", "/top"]);
        assert_eq!(keys(&t.entries("/app")), ["/app/dev/ (2)", "/app/prod/ (1)", "/app/readme"]);
        assert_eq!(keys(&t.entries("/app/dev")), ["/app/dev/a", "/app/dev/b"]);
        assert!(t.entries("/nowhere").is_empty());
    }

    #[test]
    fn paths_split_into_folders_and_leaves() {
        assert_eq!(leaf("/app/dev/a", "/app/dev"), "a");
        assert_eq!(leaf("/top", ""), "top");
        assert_eq!(leaf("plain", ""), "plain");
        assert_eq!(parent("/app/dev"), "/app");
        assert_eq!(parent("/app"), "");
        assert_eq!(folder_of("/app/dev/a"), "/app/dev");
        assert_eq!(folder_of("plain"), "");
        assert_eq!(crumbs("/app/dev").collect::<Vec<_>>(), ["app", "dev"]);
    }

    #[test]
    fn removing_a_subtree_leaves_its_neighbours() {
        let mut t = tree(&["/app/dev/a", "/app/dev/b", "/app/dev-x", "/app/devz/q"]);
        t.remove_under("/app/dev");
        assert_eq!(keys(&t.entries("/app")), ["/app/devz/ (1)", "/app/dev-x"]);
        assert!(!t.has_folder("/app/dev"));
        assert!(t.has_folder("/app"));
    }

    #[test]
    fn counts_follow_inserts_and_removals() {
        let mut t = tree(&["/a/b/c", "/a/b/d", "/a/e", "x"]);
        assert_eq!(keys(&t.entries("")), ["/a/ (3)", "x"]);
        t.remove("/a/b/c");
        t.upsert(param("/a/b/d"));
        assert_eq!(keys(&t.entries("/a")), ["/a/b/ (1)", "/a/e"]);
        t.remove("/a/b/d");
        assert!(!t.has_folder("/a/b") && t.has_folder("/a"));
        assert_eq!(ancestors("/a/b/c").collect::<Vec<_>>(), ["/a", "/a/b"]);
        assert_eq!(ancestors("plain").count(), 0);
    }

    #[test]
    fn rebuild_keeps_the_selected_row() {
        let mut view = TreeView { store: tree(&["/b", "/c"]), ..TreeView::default() };
        view.enter("", Some("/c"), 10);
        assert_eq!(view.list.selected, 1);
        view.store.insert_page(vec![param("/a")], "");
        view.rebuild(10);
        assert_eq!(view.list.selected_item().map(Entry::key), Some("/c"));
    }
}
