//! Providers kept per context, and the credentials a provider was primed
//! with when it connected.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

use super::{AwsProvider, ProviderError, ProviderOptions};
use crate::aws::context::AwsContext;

/// Providers by context, built on first use and kept for the session, so
/// switching back to a context does not resolve its credentials again.
#[derive(Debug, Default)]
pub struct ProviderCache {
    options: ProviderOptions,
    providers: Mutex<HashMap<AwsContext, AwsProvider>>,
}

impl ProviderCache {
    /// An empty cache whose providers use `options`.
    #[must_use]
    pub fn new(options: ProviderOptions) -> Self {
        Self { options, providers: Mutex::new(HashMap::new()) }
    }

    /// The provider for `context`, built on first use. Failures are not
    /// cached, so fixing the config and retrying works.
    ///
    /// # Errors
    /// As [`AwsProvider::connect`].
    pub async fn get(&self, context: &AwsContext) -> Result<AwsProvider, ProviderError> {
        if let Some(found) = self.lock().get(context) {
            return Ok(found.clone());
        }
        let provider = AwsProvider::connect(context.clone(), &self.options).await?;
        self.lock().insert(context.clone(), provider.clone());
        Ok(provider)
    }

    /// The options every provider is built with.
    #[must_use]
    pub fn options(&self) -> &ProviderOptions {
        &self.options
    }

    /// Drops the cached provider for `context` (its credentials failed), so the
    /// next attempt starts afresh.
    pub fn forget(&self, context: &AwsContext) {
        self.lock().remove(context);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<AwsContext, AwsProvider>> {
        // A poisoned lock only means another task panicked mid-insert; the map
        // itself is still a valid cache.
        self.providers.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Credentials resolved while connecting, handed out until they are close to
/// expiring; after that the real provider (which can refresh) takes over.
#[derive(Debug)]
pub(super) struct Primed {
    pub(super) credentials: Credentials,
    pub(super) inner: SharedCredentialsProvider,
}

/// How long before expiry primed credentials stop being used.
const PRIMED_MARGIN: Duration = Duration::from_secs(300);

impl aws_credential_types::provider::ProvideCredentials for Primed {
    fn provide_credentials<'a>(&'a self) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let fresh = self
            .credentials
            .expiry()
            .is_none_or(|at| at.duration_since(std::time::SystemTime::now()).is_ok_and(|left| left > PRIMED_MARGIN));
        if fresh {
            aws_credential_types::provider::future::ProvideCredentials::ready(Ok(self.credentials.clone()))
        } else {
            self.inner.provide_credentials()
        }
    }
}
