//! Runs the app's commands as background tasks and feeds their results back
//! as actions. Nothing here is awaited by the input/draw loop.
//!
//! Each load runs in its own task under the request id and context generation
//! it was issued with. A new load for a slot aborts the old one; a context
//! switch aborts everything. A panic inside a task becomes a `LoadFailed`
//! with an internal error, not a broken screen.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};

mod ecs;
mod network;
mod s3;
mod ssm;

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use super::action::{Action, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use crate::aws::error::AwsError;
use crate::aws::profiles::{ProfilePaths, read_catalog};
use crate::aws::provider::{AwsProvider, ProviderCache, ProviderError, ProviderOptions};
use crate::aws::sts;

/// Carries out [`Command::Connect`], [`Command::Load`] and the cancels.
pub struct Loader {
    tx: UnboundedSender<Action>,
    cache: Arc<ProviderCache>,
    /// Providers of the newest generations: the one on screen and one being switched to.
    providers: Arc<Mutex<Vec<(u64, AwsProvider)>>>,
    tasks: HashMap<Slot, AbortHandle>,
    connect: Option<AbortHandle>,
}

impl Loader {
    /// A loader that sends results to `tx` and builds providers with `options`.
    #[must_use]
    pub fn new(tx: UnboundedSender<Action>, options: ProviderOptions) -> Self {
        Self {
            tx,
            cache: Arc::new(ProviderCache::new(options)),
            providers: Arc::new(Mutex::new(Vec::new())),
            tasks: HashMap::new(),
            connect: None,
        }
    }

    /// Runs one command. Returns without waiting for any AWS call.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::Connect { generation, context } => {
                if let Some(old) = self.connect.take() {
                    old.abort();
                }
                let (tx, cache, providers) = (self.tx.clone(), self.cache.clone(), self.providers.clone());
                let task = async move {
                    let action = match cache.get(&context).await {
                        // Resolve the credentials now, so an expired SSO session or a
                        // refused role shows before anything switches.
                        Ok(provider) => match provider.with_checked_credentials().await {
                            Ok((provider, expires)) => {
                                let environment = provider.environment().clone();
                                let mut kept = providers.lock().unwrap_or_else(PoisonError::into_inner);
                                kept.retain(|(g, _)| *g + 2 > generation);
                                kept.push((generation, provider));
                                drop(kept);
                                let _ = tx.send(Action::Connected { generation, environment });
                                Action::CredentialsExpire { generation, at: expires }
                            }
                            Err(e) => {
                                cache.forget(&context);
                                Action::ConnectFailed { generation, error: Failure::new(e.kind, &e) }
                            }
                        },
                        Err(ProviderError::MfaRequired { profile, serial }) => {
                            Action::MfaRequired { generation, context, profile, serial }
                        }
                        Err(e) => Action::ConnectFailed { generation, error: Failure::new(e.kind(), &e) },
                    };
                    // The receiver is gone only when the app is shutting down.
                    let _ = tx.send(action);
                };
                let tx = self.tx.clone();
                let guarded = catch_panics(task, move |detail| {
                    let error = Failure::new(
                        crate::aws::ErrorKind::Internal,
                        AwsError::internal("connect", "the AWS config", &detail),
                    );
                    let _ = tx.send(Action::ConnectFailed { generation, error });
                });
                self.connect = Some(tokio::spawn(guarded).abort_handle());
            }
            Command::Load { slot, id, generation, request } => {
                if let Some(old) = self.tasks.remove(&slot) {
                    old.abort();
                }
                if request == LoadRequest::Profiles {
                    let sink = Sink { tx: self.tx.clone(), slot, id, generation };
                    let paths = self.cache.options().profile_files.clone().unwrap_or_else(ProfilePaths::from_env);
                    let task = tokio::task::spawn_blocking(move || {
                        let catalog = read_catalog(&paths.config, &paths.credentials);
                        sink.send(Payload::Profiles(Box::new(catalog)), false);
                    });
                    self.tasks.insert(slot, task.abort_handle());
                    return;
                }
                let found = self
                    .providers
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .iter()
                    .find(|(g, _)| *g == generation)
                    .map(|(_, p)| p.clone());
                // A load for a context that is no longer current: nothing to do.
                let Some(provider) = found else { return };
                let sink = Sink { tx: self.tx.clone(), slot, id, generation };
                let on_panic = sink.clone();
                let task = catch_panics(run_load(provider, request, sink), move |detail| {
                    let error = AwsError::internal("load", slot.describe(), &detail);
                    on_panic.fail(Failure::new(error.kind, &error));
                });
                self.tasks.insert(slot, tokio::spawn(task).abort_handle());
            }
            Command::Cancel(slot) => {
                if let Some(old) = self.tasks.remove(&slot) {
                    old.abort();
                }
            }
            Command::CancelAll => {
                for (_, task) in self.tasks.drain() {
                    task.abort();
                }
                if let Some(old) = self.connect.take() {
                    old.abort();
                }
            }
            // The run loop handles these itself.
            Command::Suspend
            | Command::Quit
            | Command::Copy(_)
            | Command::EditInEditor(_)
            | Command::RunExternal { .. }
            | Command::SaveState(_) => {}
        }
    }

    /// How many tasks have not finished yet.
    #[must_use]
    pub fn running(&self) -> usize {
        self.tasks.values().filter(|t| !t.is_finished()).count()
    }
}

/// Where one load's results go, tagged with its slot, request id and generation.
#[derive(Clone)]
pub(crate) struct Sink {
    tx: UnboundedSender<Action>,
    slot: Slot,
    id: RequestId,
    generation: u64,
}

impl Sink {
    /// Delivers data; `more` says whether more will follow for this request.
    pub(crate) fn send(&self, payload: Payload, more: bool) {
        let _ =
            self.tx.send(Action::Loaded { slot: self.slot, id: self.id, generation: self.generation, payload, more });
    }

    /// Reports the failure that ends this request.
    pub(crate) fn fail(&self, error: Failure) {
        let _ = self.tx.send(Action::LoadFailed { slot: self.slot, id: self.id, generation: self.generation, error });
    }
}

async fn run_load(provider: AwsProvider, request: LoadRequest, sink: Sink) {
    match request {
        LoadRequest::Identity => match sts::caller_identity(&provider).await {
            Ok(identity) => sink.send(Payload::Identity(identity), false),
            Err(e) => sink.fail(Failure::new(e.kind(), &e)),
        },
        // Read from disk before any provider is needed; see `execute`.
        LoadRequest::Profiles => {}
        LoadRequest::Regions => {
            let regions = crate::aws::regions::enabled_regions(&provider).await;
            match regions {
                Ok(regions) => sink.send(Payload::Regions(regions), false),
                Err(e) => sink.fail(Failure::new(e.kind, &e)),
            }
        }
        LoadRequest::S3(request) => s3::run(&provider, request, &sink).await,
        LoadRequest::Network(request) => network::run(&provider, request, &sink).await,
        LoadRequest::Ssm(request) => ssm::run(&provider, request, &sink).await,
        LoadRequest::Ecs(request) => ecs::run(&provider, request, &sink).await,
    }
}

/// Runs `task`, turning a panic into a call to `on_panic` with its message.
async fn catch_panics<F>(task: F, on_panic: impl FnOnce(String) + Send + 'static)
where
    F: Future<Output = ()> + Send + 'static,
{
    if let Err(panic) = AssertUnwindSafe(task).catch_unwind().await {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a background task panicked".to_owned());
        tracing::error!(%detail, "background task panicked");
        on_panic(detail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_task_reports_instead_of_crashing() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
        catch_panics(async { panic!("boom in a loader") }, move |detail| {
            let _ = tx.send(detail);
        })
        .await;
        assert_eq!(rx.recv().await.as_deref(), Some("boom in a loader"));
    }

    #[tokio::test]
    async fn a_load_for_a_context_that_is_not_current_does_nothing() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut loader = Loader::new(tx, ProviderOptions::default());
        loader.execute(Command::Load {
            slot: Slot::Identity,
            id: RequestId(1),
            generation: 7,
            request: LoadRequest::Identity,
        });
        assert_eq!(loader.running(), 0);
        assert!(rx.try_recv().is_err());
        // Cancelling everything with nothing running is harmless.
        loader.execute(Command::CancelAll);
    }
}
