//! The ECS pane's rows and views: a table of ARNs that fill in with details
//! as describe batches return, and the views stacked above the cluster list.

use std::collections::HashMap;

use crate::app::action::{Failure, RequestId};
use crate::app::input::TextInput;
use crate::app::listing::Listing;
use crate::aws::ecs::{Cluster, Container, Described, Service, Task, TaskScope, name_from_arn};

/// Something ECS lists by ARN and describes later.
pub trait HasArn: Clone {
    /// Its ARN, as the List call returned it.
    fn arn(&self) -> &str;
}

impl HasArn for Cluster {
    fn arn(&self) -> &str {
        &self.arn
    }
}

impl HasArn for Service {
    fn arn(&self) -> &str {
        &self.arn
    }
}

impl HasArn for Task {
    fn arn(&self) -> &str {
        &self.arn
    }
}

/// What a row says when its whole describe batch failed (the reason is
/// shown once, above the table).
pub const BATCH_FAILED: &str = "ERROR: see above";

/// How far one row has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState<T> {
    /// Listed; its describe batch has not answered yet (drawn as `…`).
    Pending,
    /// Described.
    Ready(T),
    /// ECS could not describe it: a `failures` entry (`MISSING`, or
    /// `REASON: detail`) or [`BATCH_FAILED`].
    Unavailable(String),
}

/// One listed ARN and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<T> {
    /// The ARN from the List call.
    pub arn: String,
    /// The name (or task id) taken from the ARN, shown before it is described.
    pub name: String,
    /// Its details, once described.
    pub state: RowState<T>,
}

impl<T> Row<T> {
    /// The described item, if it is.
    #[must_use]
    pub fn ready(&self) -> Option<&T> {
        match &self.state {
            RowState::Ready(item) => Some(item),
            _ => None,
        }
    }
}

/// What the loader reports for a table: pages of ARNs, describe batches, and
/// the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableUpdate<T> {
    /// A page of ARNs.
    Listed(Vec<String>),
    /// One describe batch: items and per-ARN failures.
    Described(Described<T>),
    /// One describe batch failed as a whole.
    BatchFailed {
        /// Its ARNs.
        arns: Vec<String>,
        /// Why, in full.
        failure: Failure,
    },
    /// Every page is listed and every batch has answered.
    Done,
}

/// A list of ARNs filling in with details: the listing (selection, scroll,
/// load state), an index from ARN to row, and describe progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table<T> {
    /// The rows, their load state, selection and scroll.
    pub listing: Listing<Row<T>>,
    index: HashMap<String, usize>,
    /// Rows no longer pending (described or unavailable).
    pub settled: usize,
    /// Rows ECS could not describe.
    pub unavailable: usize,
    /// The first describe batch that failed as a whole, in full.
    pub batch_error: Option<Failure>,
    /// Whether every List page has arrived.
    pub listed: bool,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Self {
            listing: Listing::default(),
            index: HashMap::new(),
            settled: 0,
            unavailable: 0,
            batch_error: None,
            listed: false,
        }
    }
}

impl<T: HasArn> Table<T>
where
    Row<T>: crate::app::table::Tabular,
{
    /// Starts (or restarts) loading under `id`; rows stay until the first page.
    pub fn start(&mut self, id: RequestId) {
        self.listing.start(id);
        self.listed = false;
        self.batch_error = None;
    }

    /// Whether `id` is the request this table waits for.
    #[must_use]
    pub fn accepts(&self, id: RequestId) -> bool {
        self.listing.accepts(id)
    }

    /// Whether a request is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        self.listing.is_loading()
    }

    /// Rows still waiting for their describe batch.
    #[must_use]
    pub fn pending(&self) -> usize {
        self.listing.items.len() - self.settled
    }

    fn forget_rows_if_replacing(&mut self) {
        if self.listing.replace_on_next_page {
            self.index.clear();
            self.settled = 0;
            self.unavailable = 0;
        }
    }

    fn position(&self, arn: &str) -> Option<usize> {
        self.index.get(arn).copied().or_else(|| {
            // Failures may name a resource by name rather than by the ARN listed.
            let name = name_from_arn(arn);
            self.listing.items.iter().position(|r| r.name == name)
        })
    }

    fn settle(&mut self, at: usize, state: RowState<T>) {
        let Some(row) = self.listing.items.get_mut(at) else { return };
        let was_unavailable = matches!(row.state, RowState::Unavailable(_));
        let now_unavailable = matches!(state, RowState::Unavailable(_));
        self.settled += usize::from(matches!(row.state, RowState::Pending));
        // `was_unavailable` rows are counted in `unavailable`, so this never underflows.
        self.unavailable = self.unavailable + usize::from(now_unavailable) - usize::from(was_unavailable);
        row.state = state;
    }

    /// Applies one loader update.
    pub fn apply(&mut self, update: TableUpdate<T>) {
        match update {
            TableUpdate::Listed(arns) => {
                self.forget_rows_if_replacing();
                let base = if self.listing.replace_on_next_page { 0 } else { self.listing.items.len() };
                let rows: Vec<Row<T>> = arns
                    .into_iter()
                    .enumerate()
                    .map(|(i, arn)| {
                        self.index.insert(arn.clone(), base + i);
                        Row { name: name_from_arn(&arn).to_owned(), arn, state: RowState::Pending }
                    })
                    .collect();
                self.listing.push_page(rows, true);
            }
            TableUpdate::Described(described) => {
                for item in described.items {
                    if let Some(at) = self.position(item.arn()) {
                        self.settle(at, RowState::Ready(item));
                    }
                }
                for failure in described.failures {
                    if let Some(at) = self.position(&failure.arn) {
                        self.settle(at, RowState::Unavailable(failure.to_string()));
                    }
                }
                self.listing.refresh_view();
            }
            TableUpdate::BatchFailed { arns, failure } => {
                for arn in &arns {
                    if let Some(at) = self.position(arn) {
                        self.settle(at, RowState::Unavailable(BATCH_FAILED.to_owned()));
                    }
                }
                self.batch_error.get_or_insert(failure);
                self.listing.refresh_view();
            }
            TableUpdate::Done => {
                if self.listing.replace_on_next_page {
                    // A reload that listed nothing: the old rows are gone.
                    self.forget_rows_if_replacing();
                    self.listing.push_page(Vec::new(), false);
                } else {
                    self.listing.finish_keeping_rows();
                }
                self.listed = true;
            }
        }
    }

    /// Records the failure that ended the load; rows already shown stay.
    pub fn fail(&mut self, failure: Failure) {
        self.listing.fail(failure);
    }

    /// Replaces the row for `item`'s ARN with `item`, if there is one.
    pub fn update_item(&mut self, item: &T) {
        if let Some(at) = self.index.get(item.arn()).copied() {
            self.settle(at, RowState::Ready(item.clone()));
        }
    }

    /// The selected row, if any.
    #[must_use]
    pub fn selected(&self) -> Option<&Row<T>> {
        self.listing.selected_item()
    }
}

/// A cluster's services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesView {
    /// The cluster name.
    pub cluster: String,
    /// Its services.
    pub table: Table<Service>,
}

/// Tasks of a cluster or of one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TasksView {
    /// Which tasks.
    pub scope: TaskScope,
    /// The tasks.
    pub table: Table<Task>,
    /// Set when a task was stopped from a view above: reload on return.
    pub stale: bool,
}

/// One service in full: deployments, load balancers, network, events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceDetailView {
    /// The cluster name.
    pub cluster: String,
    /// The service as last described.
    pub service: Service,
    /// The re-describe running for it, if any.
    pub refresh: Option<RequestId>,
    /// Why the last re-describe failed, if it did.
    pub error: Option<Failure>,
    /// Lines scrolled.
    pub scroll: usize,
}

/// One task in full, with its containers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskDetailView {
    /// The cluster name.
    pub cluster: String,
    /// The task as last described.
    pub task: Task,
    /// The re-describe running for it, if any.
    pub refresh: Option<RequestId>,
    /// Why the last re-describe failed, if it did.
    pub error: Option<Failure>,
    /// Lines scrolled.
    pub scroll: usize,
}

/// A view stacked above the cluster list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// A cluster's services.
    Services(ServicesView),
    /// One service in full.
    ServiceDetail(ServiceDetailView),
    /// Tasks of a cluster or a service.
    Tasks(TasksView),
    /// One task in full.
    TaskDetail(TaskDetailView),
}

/// A question the pane is asking before it changes anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// Force a new deployment of `service`?
    ConfirmDeploy {
        /// The cluster name.
        cluster: String,
        /// The service name.
        service: String,
    },
    /// Why stop the task? (ECS records the reason with it.)
    StopReason {
        /// The cluster name.
        cluster: String,
        /// The task ARN.
        task: String,
        /// The reason typed so far.
        input: TextInput,
    },
    /// Stop the task with this reason?
    ConfirmStop {
        /// The cluster name.
        cluster: String,
        /// The task ARN.
        task: String,
        /// The reason.
        reason: String,
    },
    /// Which container to open a shell in (the task has several)?
    ChooseContainer {
        /// The cluster name.
        cluster: String,
        /// The task id.
        task: String,
        /// Its containers, as last described.
        containers: Vec<Container>,
        /// The one under the cursor.
        selected: usize,
    },
}

/// A change sent to ECS and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningAction {
    /// The request.
    pub id: RequestId,
    /// What it does, for the status line (`Forcing a new deployment of web`).
    pub what: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ErrorKind;
    use crate::aws::ecs::DescribeFailure;

    fn task(arn: &str) -> Task {
        Task {
            arn: arn.into(),
            id: name_from_arn(arn).into(),
            cluster_arn: String::new(),
            task_definition: String::new(),
            last_status: "RUNNING".into(),
            desired_status: "RUNNING".into(),
            health: None,
            created: None,
            started: None,
            stopped: None,
            stopped_reason: None,
            stop_code: None,
            group: None,
            started_by: None,
            launch_type: None,
            capacity_provider: None,
            cpu: None,
            memory: None,
            availability_zone: None,
            containers: Vec::new(),
            network: None,
            enable_execute_command: false,
        }
    }

    fn arns(range: std::ops::Range<usize>) -> Vec<String> {
        range.map(|i| format!("arn:aws:ecs:us-east-1:1:task/c/t{i}")).collect()
    }

    #[test]
    fn rows_fill_in_as_batches_return_and_failures_stay_per_row() {
        let mut table: Table<Task> = Table::default();
        table.start(RequestId(1));
        table.apply(TableUpdate::Listed(arns(0..3)));
        table.apply(TableUpdate::Listed(arns(3..5)));
        assert_eq!((table.listing.items.len(), table.pending()), (5, 5));
        table.apply(TableUpdate::Described(Described {
            items: vec![task("arn:aws:ecs:us-east-1:1:task/c/t3")],
            failures: vec![DescribeFailure {
                arn: "arn:aws:ecs:us-east-1:1:task/c/t1".into(),
                reason: "MISSING".into(),
                detail: None,
            }],
        }));
        table.apply(TableUpdate::BatchFailed {
            arns: arns(4..5),
            failure: Failure::new(ErrorKind::Throttled, "throttled"),
        });
        assert_eq!((table.settled, table.unavailable, table.pending()), (3, 2, 2));
        assert_eq!(table.listing.items[1].state, RowState::Unavailable("MISSING".into()));
        assert!(table.listing.items[3].ready().is_some());
        assert_eq!(table.batch_error.as_ref().map(|f| f.kind), Some(ErrorKind::Throttled));
        assert!(table.is_loading());
        table.apply(TableUpdate::Done);
        assert!(!table.is_loading() && table.listed);
    }

    #[test]
    fn a_reload_that_lists_nothing_clears_the_rows() {
        let mut table: Table<Task> = Table::default();
        table.start(RequestId(1));
        table.apply(TableUpdate::Listed(arns(0..2)));
        table.apply(TableUpdate::Done);
        table.start(RequestId(2));
        assert_eq!(table.listing.items.len(), 2, "old rows stay until the reload answers");
        table.apply(TableUpdate::Done);
        assert!(table.listing.items.is_empty());
        assert_eq!(table.settled, 0);
    }
}
