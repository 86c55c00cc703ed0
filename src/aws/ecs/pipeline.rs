//! Listing and describing side by side: each page of ARNs is split into
//! batches, and up to [`DESCRIBE_CONCURRENCY`] batches are described at once
//! while later pages are still being listed.

use std::collections::VecDeque;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use futures_util::stream::{self, BoxStream, FuturesUnordered};
use futures_util::{FutureExt, StreamExt};

use super::{
    Cluster, DESCRIBE_CLUSTERS_BATCH, DESCRIBE_CONCURRENCY, DESCRIBE_SERVICES_BATCH, DESCRIBE_TASKS_BATCH, Described,
    EcsError, Service, Task, TaskScope, describe_clusters, describe_services, describe_tasks, list_clusters,
    list_services, list_tasks,
};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;

/// One step of a listing with batched describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress<T> {
    /// A page of ARNs, in the order the List call returned them.
    Listed(Vec<String>),
    /// One Describe call answered (items and per-ARN failures).
    Described(Described<T>),
    /// One Describe call failed as a whole (after the SDK's retries); these
    /// ARNs stay undescribed.
    BatchFailed {
        /// The ARNs of the batch.
        arns: Vec<String>,
        /// Why.
        error: EcsError,
    },
    /// A List page failed; no more pages come, but batches already listed are
    /// still described (and reported) after this.
    ListFailed(EcsError),
}

/// How a batch of ARNs is described.
pub type DescribeFn<T> = Arc<dyn Fn(Vec<String>) -> BoxFuture<'static, Result<Described<T>, EcsError>> + Send + Sync>;

struct Pipeline<T> {
    pages: BoxStream<'static, Result<Vec<String>, EcsError>>,
    listing: bool,
    queue: VecDeque<Vec<String>>,
    running: FuturesUnordered<BoxFuture<'static, Progress<T>>>,
    describe: DescribeFn<T>,
    batch: usize,
    concurrency: usize,
}

impl<T: Send + 'static> Pipeline<T> {
    /// Starts queued batches until `concurrency` are in flight.
    fn fill(&mut self) {
        while self.running.len() < self.concurrency
            && let Some(arns) = self.queue.pop_front()
        {
            let describe = self.describe.clone();
            self.running.push(
                async move {
                    match describe(arns.clone()).await {
                        Ok(described) => Progress::Described(described),
                        Err(error) => Progress::BatchFailed { arns, error },
                    }
                }
                .boxed(),
            );
        }
    }

    async fn step(mut self) -> Option<(Progress<T>, Self)> {
        loop {
            self.fill();
            tokio::select! {
                page = self.pages.next(), if self.listing => match page {
                    Some(Ok(arns)) => {
                        self.queue.extend(arns.chunks(self.batch).map(<[String]>::to_vec));
                        return Some((Progress::Listed(arns), self));
                    }
                    Some(Err(error)) => {
                        self.listing = false;
                        return Some((Progress::ListFailed(error), self));
                    }
                    None => self.listing = false,
                },
                Some(done) = self.running.next(), if !self.running.is_empty() => return Some((done, self)),
                else => return None,
            }
        }
    }
}

/// Lists with `pages` and describes what it lists in batches of `batch`,
/// at most `concurrency` batches at once, while later pages are still being
/// listed. The stream ends when every page is listed (or listing failed) and
/// every batch is described (or failed); dropping it cancels every call.
pub fn list_and_describe<T: Send + 'static>(
    pages: Pages<String, EcsError>,
    batch: usize,
    concurrency: usize,
    describe: DescribeFn<T>,
) -> BoxStream<'static, Progress<T>> {
    let pages = stream::unfold(pages, |mut p| async move { p.next_page().await.map(|page| (page, p)) }).boxed();
    let pipeline = Pipeline {
        pages,
        listing: true,
        queue: VecDeque::new(),
        running: FuturesUnordered::new(),
        describe,
        batch: batch.max(1),
        concurrency: concurrency.max(1),
    };
    stream::unfold(pipeline, Pipeline::step).boxed()
}

/// Every cluster, listed and described in batches of [`DESCRIBE_CLUSTERS_BATCH`].
#[must_use]
pub fn clusters(provider: &AwsProvider) -> BoxStream<'static, Progress<Cluster>> {
    let p = provider.clone();
    let describe: DescribeFn<Cluster> = Arc::new(move |arns: Vec<String>| {
        let p = p.clone();
        async move { describe_clusters(&arns, &p).await }.boxed()
    });
    list_and_describe(list_clusters(provider), DESCRIBE_CLUSTERS_BATCH, DESCRIBE_CONCURRENCY, describe)
}

/// Every service of `cluster`, listed and described in batches of
/// [`DESCRIBE_SERVICES_BATCH`], [`DESCRIBE_CONCURRENCY`] at a time.
#[must_use]
pub fn services(cluster: &str, provider: &AwsProvider) -> BoxStream<'static, Progress<Service>> {
    services_with(cluster, DESCRIBE_CONCURRENCY, provider)
}

/// As [`services`], with `concurrency` describes in flight (for measuring).
#[must_use]
pub fn services_with(
    cluster: &str,
    concurrency: usize,
    provider: &AwsProvider,
) -> BoxStream<'static, Progress<Service>> {
    let (p, c) = (provider.clone(), cluster.to_owned());
    let describe: DescribeFn<Service> = Arc::new(move |arns: Vec<String>| {
        let (p, c) = (p.clone(), c.clone());
        async move { describe_services(&c, &arns, &p).await }.boxed()
    });
    list_and_describe(list_services(cluster, provider), DESCRIBE_SERVICES_BATCH, concurrency, describe)
}

/// Every task in `scope`, listed and described in batches of [`DESCRIBE_TASKS_BATCH`].
#[must_use]
pub fn tasks(scope: &TaskScope, provider: &AwsProvider) -> BoxStream<'static, Progress<Task>> {
    let (p, c) = (provider.clone(), scope.cluster.clone());
    let describe: DescribeFn<Task> = Arc::new(move |arns: Vec<String>| {
        let (p, c) = (p.clone(), c.clone());
        async move { describe_tasks(&c, &arns, &p).await }.boxed()
    });
    list_and_describe(list_tasks(scope, provider), DESCRIBE_TASKS_BATCH, DESCRIBE_CONCURRENCY, describe)
}
