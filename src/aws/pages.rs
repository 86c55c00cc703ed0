//! Page-by-page listings. Every list wrapper returns a [`Pages`], so callers
//! see the first page after one round trip and every page after it, and a
//! listing ends only when AWS stops sending a continuation token.

use std::time::Instant;

use futures_util::future::BoxFuture;

use super::error::Call;

/// One page of items and the token for the next page, if there is one.
pub type Page<T, E> = Result<(Vec<T>, Option<String>), E>;

type Fetch<T, E> = Box<dyn FnMut(Option<String>, u32) -> BoxFuture<'static, Page<T, E>> + Send>;

/// A listing fetched one page at a time.
///
/// An empty page that still carries a token (DescribeParameters and
/// DescribeNetworkInterfaces send those) does not end the listing.
pub struct Pages<T, E> {
    fetch: Fetch<T, E>,
    next: Option<String>,
    fetched: u32,
    done: bool,
}

impl<T, E> Pages<T, E> {
    /// A listing whose pages come from `fetch(token, page_number)`; page numbers start at 1.
    pub fn new<F>(fetch: F) -> Self
    where
        F: FnMut(Option<String>, u32) -> BoxFuture<'static, Page<T, E>> + Send + 'static,
    {
        Self { fetch: Box::new(fetch), next: None, fetched: 0, done: false }
    }

    /// The next page, or `None` once the listing is complete or has failed.
    pub async fn next_page(&mut self) -> Option<Result<Vec<T>, E>> {
        if self.done {
            return None;
        }
        self.fetched += 1;
        match (self.fetch)(self.next.take(), self.fetched).await {
            Ok((items, next)) => {
                self.next = next.filter(|token| !token.is_empty());
                self.done = self.next.is_none();
                Some(Ok(items))
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }

    /// Whether another page is still to come.
    #[must_use]
    pub fn has_more(&self) -> bool {
        !self.done
    }

    /// How many pages have been requested so far.
    #[must_use]
    pub fn pages_fetched(&self) -> u32 {
        self.fetched
    }

    /// Every page, concatenated; the first error ends the listing.
    ///
    /// # Errors
    /// The first page that failed.
    pub async fn collect_all(mut self) -> Result<Vec<T>, E> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await {
            all.extend(page?);
        }
        Ok(all)
    }
}

/// Logs one finished page of a listing to the log file (never the terminal).
pub fn log_page(call: Call<'_>, page: u32, items: usize, more: bool, started: Instant) {
    tracing::info!(
        service = call.service,
        operation = call.operation,
        resource = call.resource,
        page,
        items,
        more,
        elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        "aws page"
    );
}

/// Logs a failed call; the error is already classified and secret-free.
pub fn log_failure(call: Call<'_>, page: u32, error: &dyn std::fmt::Display, started: Instant) {
    tracing::warn!(
        service = call.service,
        operation = call.operation,
        resource = call.resource,
        page,
        elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        %error,
        "aws call failed"
    );
}
