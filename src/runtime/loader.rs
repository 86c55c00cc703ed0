//! Runs the app's commands as background tasks and feeds their results back
//! as actions. Nothing here is awaited by the input/draw loop.
//!
//! Each load runs in its own task under the request id and context generation
//! it was issued with. A new load for a slot aborts the old one; a context
//! switch aborts everything. A panic inside a task becomes a `LoadFailed`
//! with an internal error, not a broken screen. Debug builds started with
//! `AWSCOPE_FAULT=loader-panic` make their first load panic, so tests can
//! prove that; release builds compile the hook out.
//!
//! A load that fails because AWS rejected the credentials (expired or
//! invalid) or because the SSO session expired marks its generation's
//! provider for renewal: the next load under that generation first rebuilds
//! it from the AWS config files, so renewing the session and pressing r picks
//! up the new credentials. A context that carries MFA codes is never rebuilt
//! that way (its code is spent): such a load fails with
//! [`ErrorKind::MfaExpired`], and so does a load whose MFA session ran out,
//! and the app asks for a new code.
//!
//! [`Command::Renew`] rebuilds a generation's provider for the context the
//! app gives (a new MFA code in place of the spent one, or the same context
//! after `aws sso login`) and swaps it in without a new generation, so the
//! rows on screen stay; it answers [`Action::Renewed`] or
//! [`Action::RenewFailed`].

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, PoisonError};

mod ecs;
mod find;
mod logs;
mod network;
mod s3;
mod s3_jobs;
mod ssm;

use futures_util::FutureExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::action::{Action, Command, Failure, LoadRequest, Payload, RequestId, Slot};
use crate::aws::error::{AwsError, ErrorKind};
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
    /// The running [`Command::Renew`], if any.
    renewing: Option<AbortHandle>,
    /// Generations whose credentials AWS rejected: renewed before their next load.
    renew: Renewals,
}

/// Generations whose provider is to be rebuilt before its next load.
type Renewals = Arc<Mutex<HashSet<u64>>>;

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
            renewing: None,
            renew: Renewals::default(),
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
            Command::Renew { generation, context } => self.start_renewal(generation, context),
            Command::Load { slot, id, generation, request } => {
                if let Some(old) = self.tasks.remove(&slot) {
                    old.abort();
                }
                if request == LoadRequest::Profiles {
                    let sink = Sink { tx: self.tx.clone(), slot, id, generation, renew: self.renew.clone() };
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
                let sink = Sink { tx: self.tx.clone(), slot, id, generation, renew: self.renew.clone() };
                let on_panic = sink.clone();
                let cache = self.cache.clone();
                let renewal = self
                    .renew
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&generation)
                    .then(|| (self.cache.clone(), self.providers.clone()));
                #[cfg(debug_assertions)]
                let inject = fault::loader_panic();
                let load = async move {
                    #[cfg(debug_assertions)]
                    assert!(!inject, "{}", fault::MESSAGE);
                    let provider = match renewal {
                        Some((cache, providers)) => match renew(provider, &cache, &providers, &sink).await {
                            Ok(renewed) => renewed,
                            Err(failure) => return sink.fail(failure),
                        },
                        None => provider,
                    };
                    run_load(provider, cache, request, sink).await;
                };
                let task = catch_panics(load, move |detail| {
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
                for old in [self.connect.take(), self.renewing.take()].into_iter().flatten() {
                    old.abort();
                }
            }
            // The run loop handles these itself.
            Command::Suspend
            | Command::Quit
            | Command::Copy(_)
            | Command::OpenUrl(_)
            | Command::EditInEditor(_)
            | Command::RunExternal { .. }
            | Command::SaveState(_) => {}
        }
    }

    /// The provider of `generation`, while it is kept (the context on screen
    /// and one being switched to).
    #[must_use]
    pub fn provider(&self, generation: u64) -> Option<AwsProvider> {
        provider_of(&self.providers, generation)
    }

    /// How many tasks have not finished yet.
    #[must_use]
    pub fn running(&self) -> usize {
        self.tasks.values().filter(|t| !t.is_finished()).count()
    }

    /// [`Command::Renew`]: builds the provider for `context` afresh (the
    /// cached one for it and the generation's old one forgotten), proves its
    /// credentials, and swaps it in for `generation`.
    fn start_renewal(&mut self, generation: u64, context: crate::aws::AwsContext) {
        if let Some(old) = self.renewing.take() {
            old.abort();
        }
        let (tx, cache, providers, renew) =
            (self.tx.clone(), self.cache.clone(), self.providers.clone(), self.renew.clone());
        let task = async move {
            let old = provider_of(&providers, generation).map(|p| p.context().clone());
            let Some(old) = old else {
                let error = AwsError::internal("renew", "the session", "the context is no longer current");
                let _ = tx.send(Action::RenewFailed { generation, error: Failure::new(error.kind, &error) });
                return;
            };
            cache.forget(&old);
            cache.forget(&context);
            let built = match cache.get(&context).await {
                Ok(provider) => provider.with_checked_credentials().await.map_err(|e| Failure::new(e.kind, &e)),
                Err(e) => Err(Failure::new(e.kind(), &e)),
            };
            let action = match built {
                Ok((provider, expires)) => {
                    let mut kept = providers.lock().unwrap_or_else(PoisonError::into_inner);
                    if let Some(entry) = kept.iter_mut().find(|(g, _)| *g == generation) {
                        entry.1 = provider;
                    }
                    drop(kept);
                    renew.lock().unwrap_or_else(PoisonError::into_inner).remove(&generation);
                    tracing::info!(generation, "session renewed");
                    Action::Renewed { generation, context, expires }
                }
                Err(error) => {
                    cache.forget(&context);
                    tracing::info!(generation, kind = ?error.kind, "session renewal failed");
                    Action::RenewFailed { generation, error }
                }
            };
            let _ = tx.send(action);
        };
        let tx = self.tx.clone();
        let guarded = catch_panics(task, move |detail| {
            let error = AwsError::internal("renew", "the session", &detail);
            let _ = tx.send(Action::RenewFailed { generation, error: Failure::new(error.kind, &error) });
        });
        self.renewing = Some(tokio::spawn(guarded).abort_handle());
    }
}

/// Expands a leading `~/` the way a shell would (files the loads write).
fn expand_home(path: std::path::PathBuf) -> std::path::PathBuf {
    match (path.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => path,
    }
}

/// The provider kept for `generation`, if it is still kept.
fn provider_of(providers: &Mutex<Vec<(u64, AwsProvider)>>, generation: u64) -> Option<AwsProvider> {
    providers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|(g, _)| *g == generation)
        .map(|(_, p)| p.clone())
}

/// Whether `context` was built with MFA codes, which are single-use: it can
/// only be rebuilt with new ones.
fn uses_mfa(context: &crate::aws::AwsContext) -> bool {
    context.mfa_code.is_some() || context.roles().any(|r| r.mfa.is_some())
}

/// The failure of a load whose context needs new MFA codes before it can be
/// rebuilt: which role, which device (the first MFA role of the chain, or
/// the profile's own role).
fn mfa_expired(context: &crate::aws::AwsContext) -> Failure {
    let role = context.roles().find(|r| r.mfa.is_some());
    let expired = match (&context.mfa_code, role) {
        (None, Some(role)) => crate::aws::mfa::MfaSessionExpired {
            role: role.arn.clone(),
            serial: role.mfa.as_ref().map(|m| m.serial.clone()).unwrap_or_default(),
        },
        _ => crate::aws::mfa::MfaSessionExpired { role: context.label(), serial: "your MFA device".to_owned() },
    };
    Failure::new(ErrorKind::MfaExpired, expired)
}

/// Where one load's results go, tagged with its slot, request id and generation.
#[derive(Clone)]
pub(crate) struct Sink {
    tx: UnboundedSender<Action>,
    slot: Slot,
    id: RequestId,
    generation: u64,
    renew: Renewals,
}

impl Sink {
    /// Delivers data; `more` says whether more will follow for this request.
    pub(crate) fn send(&self, payload: Payload, more: bool) {
        let _ =
            self.tx.send(Action::Loaded { slot: self.slot, id: self.id, generation: self.generation, payload, more });
    }

    /// Reports the failure that ends this request.
    pub(crate) fn fail(&self, error: Failure) {
        self.fail_with(error, None);
    }

    /// Reports a service error: its kind and message, and the AWS error
    /// under it for the errors view.
    pub(crate) fn fail_service(&self, error: &impl crate::aws::ServiceError) {
        self.fail_with(Failure::new(error.kind(), error), error.aws());
    }

    /// Reports a failure with the AWS error under it (operation, code and
    /// request id go to the errors view).
    pub(crate) fn fail_with(&self, error: Failure, aws: Option<&crate::aws::AwsError>) {
        // Not `MfaExpired`: rebuilding would reuse the spent code; the app asks for a new one.
        if matches!(error.kind, ErrorKind::ExpiredCredentials | ErrorKind::InvalidCredentials | ErrorKind::SsoExpired) {
            self.renew.lock().unwrap_or_else(PoisonError::into_inner).insert(self.generation);
        }
        let detail = crate::app::action::ErrorDetail::new(std::time::SystemTime::now(), aws);
        let _ = self.tx.send(Action::ErrorDetail { id: self.id, generation: self.generation, detail });
        let _ = self.tx.send(Action::LoadFailed { slot: self.slot, id: self.id, generation: self.generation, error });
    }
}

/// Rebuilds `stale`'s provider from the AWS config files (where renewed
/// credentials land) and resolves its credentials, replacing it for the
/// sink's generation.
///
/// # Errors
/// The failure that ends the load: the profile cannot be read any more, or
/// the credentials still cannot be resolved.
async fn renew(
    stale: AwsProvider,
    cache: &ProviderCache,
    providers: &Mutex<Vec<(u64, AwsProvider)>>,
    sink: &Sink,
) -> Result<AwsProvider, Failure> {
    let context = stale.context().clone();
    if uses_mfa(&context) {
        // Its codes are spent: rebuilding would only be refused. Ask for a new one.
        return Err(mfa_expired(&context));
    }
    cache.forget(&context);
    let fresh = cache.get(&context).await.map_err(|e| Failure::new(e.kind(), &e))?;
    let (fresh, expires) = fresh.with_checked_credentials().await.map_err(|e| {
        cache.forget(&context);
        Failure::new(e.kind, &e)
    })?;
    tracing::info!(generation = sink.generation, "credentials renewed from the AWS config files");
    let mut kept = providers.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(entry) = kept.iter_mut().find(|(g, _)| *g == sink.generation) {
        entry.1 = fresh.clone();
    }
    drop(kept);
    let _ = sink.tx.send(Action::CredentialsExpire { generation: sink.generation, at: expires });
    Ok(fresh)
}

async fn run_load(provider: AwsProvider, cache: Arc<ProviderCache>, request: LoadRequest, sink: Sink) {
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
        LoadRequest::Logs(request) => logs::run(&provider, request, &sink).await,
        LoadRequest::Find(request) => find::run(cache, provider, request, &sink).await,
    }
}

/// Faults a debug build can be told to inject, so tests can prove the app
/// survives them. Release builds compile none of this.
#[cfg(debug_assertions)]
mod fault {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// The variable read (once) for the fault to inject.
    pub const ENV: &str = "AWSCOPE_FAULT";
    /// Its value that makes the next load task panic.
    pub const LOADER_PANIC: &str = "loader-panic";
    /// What the injected panic says.
    pub const MESSAGE: &str = "injected loader panic (AWSCOPE_FAULT=loader-panic)";

    static ARMED: OnceLock<AtomicBool> = OnceLock::new();

    /// True once, for the first load started, when the process was started
    /// with `AWSCOPE_FAULT=loader-panic`: that load's task is to panic.
    pub fn loader_panic() -> bool {
        let armed = ARMED.get_or_init(|| AtomicBool::new(std::env::var(ENV).is_ok_and(|v| v == LOADER_PANIC)));
        armed.swap(false, Ordering::SeqCst)
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

    #[tokio::test]
    async fn renewing_a_context_that_is_not_current_fails_without_building_anything() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut loader = Loader::new(tx, ProviderOptions::default());
        loader.execute(Command::Renew { generation: 4, context: crate::aws::AwsContext::default() });
        match rx.recv().await {
            Some(Action::RenewFailed { generation: 4, error }) => assert_eq!(error.kind, ErrorKind::Internal),
            other => panic!("expected RenewFailed, got {other:?}"),
        }
    }

    #[test]
    fn a_context_with_spent_codes_asks_for_a_new_one_instead_of_rebuilding() {
        use crate::aws::{AwsContext, MfaCode, RoleSpec};
        let plain = AwsContext { profile: Some("dev".into()), ..AwsContext::default() };
        assert!(!uses_mfa(&plain));
        let profile = AwsContext { mfa_code: Some("123456".into()), ..plain.clone() };
        assert!(uses_mfa(&profile));
        let failure = mfa_expired(&profile);
        assert_eq!(failure.kind, ErrorKind::MfaExpired);
        assert!(failure.message.contains("profile dev") && !failure.message.contains("123456"), "{}", failure.message);
        let role = RoleSpec {
            mfa: Some(MfaCode { serial: "arn:aws:iam::1:mfa/me".into(), code: "123456".into() }),
            ..RoleSpec::new("arn:aws:iam::2:role/Admin")
        };
        let chain = plain.with_role(role);
        assert!(uses_mfa(&chain));
        let message = mfa_expired(&chain).message;
        assert!(
            message.contains("arn:aws:iam::2:role/Admin") && message.contains("arn:aws:iam::1:mfa/me"),
            "{message}"
        );
    }
}
