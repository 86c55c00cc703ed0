//! What every table offers the user beyond moving around: a live filter
//! (`/`) and a sort by any column (`<` `>` `=`).
//!
//! A row type says which columns it has, how each sorts, and which fields the
//! filter looks at; [`super::Listing`] keeps the visible order.

use std::borrow::Cow;
use std::cmp::Ordering;

use regex::Regex;

/// How one cell sorts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey<'a> {
    /// A missing value: sorts before everything else.
    Missing,
    /// A number (sizes, counts, times as Unix nanoseconds).
    Num(i128),
    /// Text, compared case-insensitively (then as written, for stability).
    Text(Cow<'a, str>),
}

impl SortKey<'_> {
    /// Orders two keys: missing first, numbers by value, text without case.
    #[must_use]
    pub fn compare(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => {
                let folded = a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase));
                folded.then_with(|| a.cmp(b))
            }
            _ => self.cmp(other),
        }
    }

    /// A text key.
    pub fn text(s: &str) -> SortKey<'_> {
        SortKey::Text(Cow::Borrowed(s))
    }

    /// A key from an optional time.
    #[must_use]
    pub fn time(t: Option<time::OffsetDateTime>) -> SortKey<'static> {
        t.map_or(SortKey::Missing, |t| SortKey::Num(t.unix_timestamp_nanos()))
    }

    /// A key from an optional text.
    #[must_use]
    pub fn opt_text(s: Option<&str>) -> SortKey<'_> {
        s.map_or(SortKey::Missing, SortKey::text)
    }

    /// A key from a count or size.
    #[must_use]
    pub fn num(n: impl Into<i128>) -> SortKey<'static> {
        SortKey::Num(n.into())
    }
}

/// The columns a row type sorts by: a small enum, so a view names the column
/// it draws (and marks the sorted one) by value, never by header text.
pub trait SortColumn: Copy + Eq + std::fmt::Debug + 'static {
    /// Every column, in the order `<` and `>` step through them.
    const ALL: &'static [Self];

    /// What `sorted by …` calls it.
    fn name(self) -> &'static str;
}

/// Declares a [`SortColumn`] enum: `sort_columns!(VpcColumn { VpcId = "VPC ID", … })`.
macro_rules! sort_columns {
    ($(#[$doc:meta])* $name:ident { $($column:ident = $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $(#[doc = $label] $column),+
        }

        impl $crate::app::table::SortColumn for $name {
            const ALL: &'static [Self] = &[$(Self::$column),+];

            fn name(self) -> &'static str {
                match self {
                    $(Self::$column => $label),+
                }
            }
        }
    };
}
pub(crate) use sort_columns;

/// A row of a table that can be filtered and sorted.
pub trait Tabular {
    /// The columns it sorts by.
    type Column: SortColumn;

    /// The sort key of `column`.
    fn sort_key(&self, column: Self::Column) -> SortKey<'_>;

    /// Offers the fields the filter looks at to `test`, stopping at the first
    /// that passes; returns whether one did.
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool;
}

/// The sort of a table: a column and a direction. A listing keeps the
/// column's position in [`SortColumn::ALL`] (`C = usize`) and hands out the
/// column itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<C = usize> {
    /// The column (or its position).
    pub column: C,
    /// Largest first.
    pub descending: bool,
}

impl Sort {
    /// The sort with its column, when its position is within `C::ALL`.
    #[must_use]
    pub fn typed<C: SortColumn>(self) -> Option<Sort<C>> {
        C::ALL.get(self.column).map(|&column| Sort { column, descending: self.descending })
    }
}

/// A live filter, as typed: `text` (substring, any case), `~regex`, `!inverse`
/// (and `!~regex`).
#[derive(Debug, Clone)]
pub struct Filter {
    /// The text as typed.
    pub text: String,
    matcher: Matcher,
    inverse: bool,
}

#[derive(Debug, Clone)]
enum Matcher {
    /// Lower-cased needle; `ascii` when it can be compared byte by byte.
    Substring {
        needle: String,
        ascii: bool,
    },
    Regex(Regex),
    /// An unfinished or invalid regex matches everything until it is fixed.
    Invalid(String),
}

impl PartialEq for Filter {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for Filter {}

impl Filter {
    /// Parses what the user typed; `None` for an empty filter.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let (inverse, rest) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let matcher = if let Some(pattern) = rest.strip_prefix('~') {
            if pattern.is_empty() {
                return None;
            }
            match regex::RegexBuilder::new(pattern).case_insensitive(true).size_limit(1 << 20).build() {
                Ok(re) => Matcher::Regex(re),
                Err(e) => Matcher::Invalid(e.to_string().lines().last().unwrap_or("invalid regex").trim().to_owned()),
            }
        } else {
            if rest.is_empty() {
                return None;
            }
            let needle = rest.to_lowercase();
            let ascii = needle.is_ascii();
            Matcher::Substring { needle, ascii }
        };
        Some(Self { text: text.to_owned(), matcher, inverse })
    }

    /// Why the regex does not compile, while it does not.
    #[must_use]
    pub fn problem(&self) -> Option<&str> {
        match &self.matcher {
            Matcher::Invalid(why) => Some(why),
            _ => None,
        }
    }

    /// Whether every row this filter keeps is also kept by `previous`, so
    /// the rows `previous` kept are all that need testing (a growing substring).
    #[must_use]
    pub fn narrows(&self, previous: &Self) -> bool {
        match (&self.matcher, &previous.matcher) {
            (Matcher::Substring { needle, .. }, Matcher::Substring { needle: old, .. }) => {
                !self.inverse && !previous.inverse && needle.contains(old.as_str())
            }
            _ => false,
        }
    }

    /// Where the filter matches in `text` (a byte range), for highlighting;
    /// `None` for an inverse filter, an invalid regex, or no match.
    #[must_use]
    pub fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        if self.inverse {
            return None;
        }
        match &self.matcher {
            Matcher::Substring { needle, ascii: true } => {
                let (hay, n) = (text.as_bytes(), needle.as_bytes());
                (0..=hay.len().checked_sub(n.len())?)
                    .find(|&i| hay[i..i + n.len()].iter().zip(n).all(|(h, n)| h.to_ascii_lowercase() == *n))
                    .map(|i| i..i + n.len())
            }
            Matcher::Substring { needle, ascii: false } => {
                let lower = text.to_lowercase();
                // Only where lower-casing kept every byte offset.
                (lower.len() == text.len()).then(|| lower.find(needle.as_str()).map(|i| i..i + needle.len())).flatten()
            }
            Matcher::Regex(re) => re.find(text).filter(|m| !m.is_empty()).map(|m| m.range()),
            Matcher::Invalid(_) => None,
        }
    }

    /// Whether `row` is kept.
    pub fn keeps<T: Tabular + ?Sized>(&self, row: &T) -> bool {
        let hit = match &self.matcher {
            Matcher::Substring { needle, ascii: true } => {
                row.any_field(&mut |field| contains_ascii_ignore_case(field.as_bytes(), needle.as_bytes()))
            }
            Matcher::Substring { needle, ascii: false } => {
                row.any_field(&mut |field| field.to_lowercase().contains(needle.as_str()))
            }
            Matcher::Regex(re) => row.any_field(&mut |field| re.is_match(field)),
            Matcher::Invalid(_) => return true,
        };
        hit != self.inverse
    }
}

/// Whether `needle` (already lower-case ASCII) occurs in `hay`, ignoring ASCII case.
fn contains_ascii_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else { return true };
    if hay.len() < needle.len() {
        return false;
    }
    let last_start = hay.len() - needle.len();
    let mut i = 0;
    while i <= last_start {
        if hay[i].to_ascii_lowercase() == first
            && hay[i + 1..i + needle.len()].iter().zip(rest).all(|(h, n)| h.to_ascii_lowercase() == *n)
        {
            return true;
        }
        i += 1;
    }
    false
}

/// Stable order of `a` and `b` (item indices) under `sort`.
pub fn compare<T: Tabular>(items: &[T], sort: Sort, a: usize, b: usize) -> Ordering {
    let Some(Sort { column, .. }) = sort.typed::<T::Column>() else { return a.cmp(&b) };
    let ord = items[a].sort_key(column).compare(&items[b].sort_key(column));
    let ord = if sort.descending { ord.reverse() } else { ord };
    ord.then(a.cmp(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, u64);

    sort_columns!(RowColumn { Name = "NAME", Size = "SIZE" });

    impl Tabular for Row {
        type Column = RowColumn;
        fn sort_key(&self, column: RowColumn) -> SortKey<'_> {
            match column {
                RowColumn::Name => SortKey::text(self.0),
                RowColumn::Size => SortKey::num(self.1),
            }
        }
        fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
            test(self.0)
        }
    }

    fn keeps(filter: &str, name: &'static str) -> bool {
        Filter::parse(filter).expect("a filter").keeps(&Row(name, 0))
    }

    #[test]
    fn substring_ignores_case_and_inverse_flips() {
        assert!(keeps("LOG", "app-logs"));
        assert!(!keeps("xyz", "app-logs"));
        assert!(!keeps("!log", "app-logs"));
        assert!(keeps("!xyz", "app-logs"));
        assert!(keeps("ÄPFEL", "äpfel-bucket"));
    }

    #[test]
    fn regex_after_a_tilde() {
        assert!(keeps("~^app-.*s$", "app-logs"));
        assert!(!keeps("~^logs", "app-logs"));
        assert!(keeps("!~^logs", "app-logs"));
    }

    #[test]
    fn an_unfinished_regex_keeps_everything_and_says_why() {
        let filter = Filter::parse("~(app").expect("a filter");
        assert!(filter.problem().is_some());
        assert!(filter.keeps(&Row("anything", 0)));
    }

    #[test]
    fn empty_filters_are_none() {
        assert!(Filter::parse("").is_none());
        assert!(Filter::parse("!").is_none());
        assert!(Filter::parse("~").is_none());
    }

    #[test]
    fn a_longer_substring_narrows_the_shorter() {
        let ab = Filter::parse("ab").expect("ab");
        let abc = Filter::parse("abc").expect("abc");
        assert!(abc.narrows(&ab));
        assert!(!ab.narrows(&abc));
        assert!(!Filter::parse("!abc").expect("!abc").narrows(&Filter::parse("!ab").expect("!ab")));
    }

    #[test]
    fn text_sorts_without_case_and_missing_first() {
        assert_eq!(SortKey::text("b").compare(&SortKey::text("A")), Ordering::Greater);
        assert_eq!(SortKey::Missing.compare(&SortKey::text("a")), Ordering::Less);
        assert_eq!(SortKey::num(2).compare(&SortKey::num(10)), Ordering::Less);
    }
}
