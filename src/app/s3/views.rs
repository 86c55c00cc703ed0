//! The S3 pane's views below the bucket list, and how a preview is judged.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::app::action::{Failure, RequestId};
use crate::app::input::TextInput;
use crate::app::listing::Listing;
use crate::aws::s3::{BucketStatus, Entry, ObjectDetail, ObjectVersion};

/// Something loaded once (not a list): waiting, here, or failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loadable<T> {
    /// The request with this id is running.
    Loading(RequestId),
    /// The data.
    Ready(T),
    /// Why it could not be loaded.
    Failed(Failure),
}

impl<T> Loadable<T> {
    /// Whether `id` is the request this waits for.
    #[must_use]
    pub fn waits_for(&self, id: RequestId) -> bool {
        matches!(self, Self::Loading(i) if *i == id)
    }

    /// Whether a request is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading(_))
    }
}

/// One level of a bucket: folders first, then objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectsView {
    /// The bucket.
    pub bucket: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
    /// The prefix listed (`""` at the top, else ending in `/`).
    pub prefix: String,
    /// The entries: `folders` folders, then objects.
    pub listing: Listing<Entry>,
    /// How many of the entries are folders.
    pub folders: usize,
    /// Set when listing failed and HeadBucket said why.
    pub status: Option<BucketStatus>,
    /// The marked entries, by key (a folder's ends in `/`): they survive
    /// filter, sort and reload, and go when the user leaves the prefix.
    pub marks: BTreeSet<String>,
}

impl ObjectsView {
    /// An empty view of `bucket`/`prefix`.
    #[must_use]
    pub fn new(bucket: String, region: Option<String>, prefix: String) -> Self {
        Self { bucket, region, prefix, listing: Listing::default(), folders: 0, status: None, marks: BTreeSet::new() }
    }

    /// `s3://bucket/prefix`.
    #[must_use]
    pub fn uri(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.prefix)
    }

    /// Adds a page, keeping every folder ahead of every object even when
    /// folders arrive on a later page, and the selection on the same entry.
    pub fn push_page(&mut self, page: Vec<Entry>, more: bool) {
        if self.listing.replace_on_next_page {
            self.folders = 0;
        }
        let shown_before = if self.listing.replace_on_next_page { 0 } else { self.listing.items.len() };
        let (folders, objects): (Vec<Entry>, Vec<Entry>) =
            page.into_iter().partition(|e| matches!(e, Entry::Folder(_)));
        let inserted = folders.len();
        let at = self.folders;
        let viewed = self.listing.filter().is_some() || self.listing.sort().is_some();
        let keep = self.listing.selected_index().filter(|_| shown_before > 0);
        self.listing.push_page(objects, more);
        self.listing.items.splice(at..at, folders);
        if viewed {
            // Row indices moved under the view: rebuild it around the same entry.
            self.listing.rebuild(keep.map(|k| if k >= at { k + inserted } else { k }));
        } else if shown_before > 0 && self.listing.selected >= at {
            // Folders pushed in above the selected row move it down; keep the cursor on
            // the entry the user was looking at.
            self.listing.selected = (self.listing.selected + inserted).min(self.listing.items.len().saturating_sub(1));
        }
        self.folders += inserted;
    }
}

/// An object's detail: HeadObject, tags and versions, loaded side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailView {
    /// The bucket.
    pub bucket: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
    /// The key.
    pub key: String,
    /// HeadObject.
    pub head: Loadable<ObjectDetail>,
    /// The tags.
    pub tags: Loadable<Vec<(String, String)>>,
    /// The versions, when the bucket is versioned.
    pub versions: Listing<ObjectVersion>,
    /// Whether the bucket is versioned (unknown until the versions load answers).
    pub versioned: Option<bool>,
    /// Lines scrolled.
    pub scroll: usize,
    /// Set by Up/Down among the versions: the page is drawn so the selected
    /// version is in view (paging scrolls freely again).
    pub follow_version: bool,
}

/// What a preview found in the first bytes of an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// Text (UTF-8, or decoded lossily), one entry per line.
    Text {
        /// The lines.
        lines: Vec<String>,
        /// Whether it was JSON and is shown pretty-printed.
        json: bool,
        /// Whether invalid UTF-8 was replaced.
        lossy: bool,
    },
    /// Binary data, summarised.
    Binary {
        /// A guess at the format from its first bytes.
        kind: Option<&'static str>,
        /// The first bytes, for a short hex view.
        head: Vec<u8>,
    },
    /// The object is empty.
    Empty,
}

impl Preview {
    /// Judges `bytes` (the start of an object that is `complete` when they
    /// are all of it): empty, binary (NULs or mostly non-text), JSON (pretty
    /// printed when all of it parsed) or text.
    #[must_use]
    pub fn from_bytes(bytes: &[u8], complete: bool) -> Self {
        if bytes.is_empty() {
            return Self::Empty;
        }
        let kind = magic(bytes);
        let controls = bytes.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
        if kind.is_some() || bytes.contains(&0) || controls * 10 > bytes.len() {
            return Self::Binary { kind, head: bytes[..bytes.len().min(256)].to_vec() };
        }
        let (text, lossy) = match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_owned(), false),
            // A multi-byte character cut at the end of the range is not corruption.
            Err(e) if e.error_len().is_none() => {
                (String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(), false)
            }
            Err(_) => (String::from_utf8_lossy(bytes).into_owned(), true),
        };
        if complete
            && matches!(text.trim_start().chars().next(), Some('{' | '['))
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
            && let Ok(pretty) = serde_json::to_string_pretty(&value)
        {
            return Self::Text { lines: pretty.lines().map(str::to_owned).collect(), json: true, lossy };
        }
        Self::Text { lines: text.lines().map(str::to_owned).collect(), json: false, lossy }
    }
}

fn magic(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 9] = [
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"\x1f\x8b", "gzip data"),
        (b"PAR1", "Parquet file"),
        (b"\x7fELF", "ELF executable"),
        (b"BZh", "bzip2 data"),
    ];
    SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)).map(|(_, kind)| *kind)
}

/// The first bytes of an object, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewView {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The object's size, when known from the listing or detail.
    pub size: Option<u64>,
    /// The preview.
    pub content: Loadable<(Preview, usize)>,
    /// Lines scrolled.
    pub scroll: usize,
}

/// The download flow: a path prompt, an overwrite question, then progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    /// Asking where to save.
    Prompt {
        /// What to download.
        target: DownloadTarget,
        /// The path typed so far.
        input: TextInput,
    },
    /// The path exists: replace it?
    ConfirmOverwrite {
        /// What to download.
        target: DownloadTarget,
        /// The path that exists.
        path: PathBuf,
    },
    /// Bytes are arriving.
    Running {
        /// What is downloading.
        target: DownloadTarget,
        /// Where to.
        path: PathBuf,
        /// The request.
        id: RequestId,
        /// Bytes written so far.
        bytes: u64,
        /// The object's size, if known.
        total: Option<u64>,
        /// Recent rate.
        bytes_per_sec: u64,
    },
}

/// The object a download is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadTarget {
    /// The bucket.
    pub bucket: String,
    /// The key.
    pub key: String,
    /// The bucket's region, if known.
    pub region: Option<String>,
    /// A version of it (from the versions list), or the current one.
    pub version: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::s3::{ObjectEntry, StorageClass};

    fn object(key: &str) -> Entry {
        Entry::Object(ObjectEntry {
            key: key.into(),
            size: 1,
            last_modified: None,
            storage_class: StorageClass::Standard,
        })
    }

    #[test]
    fn folders_stay_ahead_of_objects_across_pages() {
        let mut view = ObjectsView::new("b".into(), None, String::new());
        view.listing.start(RequestId(1));
        view.push_page(vec![Entry::Folder("a/".into()), object("a.txt"), object("b.txt")], true);
        assert_eq!(view.listing.selected, 0, "the first page starts at the top");
        view.listing.selected = 2;
        view.push_page(vec![Entry::Folder("z/".into()), object("c.txt")], false);
        let keys: Vec<&str> = view.listing.items.iter().map(Entry::key).collect();
        assert_eq!(keys, ["a/", "z/", "a.txt", "b.txt", "c.txt"]);
        assert_eq!(view.folders, 2);
        assert_eq!(view.listing.items[view.listing.selected].key(), "b.txt", "selection stays on the same entry");
    }

    #[test]
    fn previews_judge_text_json_and_binary() {
        assert_eq!(Preview::from_bytes(b"", true), Preview::Empty);
        let Preview::Text { lines, json, .. } = Preview::from_bytes(br#"{"a":[1,2]}"#, true) else { panic!("json") };
        assert!(json);
        assert_eq!(lines[0], "{");
        let Preview::Text { json, .. } = Preview::from_bytes(br#"{"a":"#, false) else { panic!("text") };
        assert!(!json, "a cut-off JSON prefix is shown as text");
        assert!(matches!(
            Preview::from_bytes(b"\x89PNG\r\n\x1a\n\0\0", true),
            Preview::Binary { kind: Some("PNG image"), .. }
        ));
        assert!(matches!(Preview::from_bytes(b"ab\0cd", true), Preview::Binary { kind: None, .. }));
        // A multi-byte character cut by the range is dropped, not flagged.
        let Preview::Text { lossy, lines, .. } = Preview::from_bytes("héllo é".as_bytes().split_at(8).0, false)
        else {
            panic!()
        };
        assert!(!lossy);
        assert_eq!(lines, ["héllo "]);
    }
}
