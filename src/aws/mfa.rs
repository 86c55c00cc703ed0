//! Credentials from a role awscope assumed itself with an MFA code.
//!
//! The code is single-use, so these credentials cannot be refreshed: they are
//! handed out while they are valid and, once they are expired or within
//! [`MARGIN`] of expiring, every request for credentials fails with
//! [`MfaSessionExpired`], which [`super::error`] classifies as
//! [`super::ErrorKind::MfaExpired`] so the app asks for a new code instead of
//! retrying with the spent one.
//!
//! The credentials are handed out with their expiry moved [`MARGIN`] earlier,
//! so the SDK's identity cache (which caches by expiry) lets go of them when
//! this provider stops handing them out, and asks again.

use std::fmt;
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, future};
use aws_types::sdk_config::SharedTimeSource;

/// How long before they expire the credentials stop being used.
pub const MARGIN: Duration = Duration::from_secs(60);

/// The MFA session behind a role has expired: only a new code renews it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The MFA session for {role} expired. Enter a new code from {serial} to go on.")]
pub struct MfaSessionExpired {
    /// The role (ARN) assumed with the code.
    pub role: String,
    /// The MFA device the code came from.
    pub serial: String,
}

/// Temporary credentials from an AssumeRole with an MFA code, valid until
/// they expire and never refreshed.
pub struct MfaCredentials {
    credentials: Credentials,
    expired: MfaSessionExpired,
    clock: SharedTimeSource,
}

impl fmt::Debug for MfaCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Credentials` redacts its own secrets.
        f.debug_struct("MfaCredentials")
            .field("credentials", &self.credentials)
            .field("role", &self.expired.role)
            .field("serial", &self.expired.serial)
            .finish_non_exhaustive()
    }
}

impl MfaCredentials {
    /// Credentials for `role`, assumed with a code from `serial`, judged by
    /// `clock` (the SDK config's time source, so tests can move it).
    #[must_use]
    pub fn new(
        credentials: Credentials,
        role: impl Into<String>,
        serial: impl Into<String>,
        clock: Option<SharedTimeSource>,
    ) -> Self {
        Self {
            credentials,
            expired: MfaSessionExpired { role: role.into(), serial: serial.into() },
            clock: clock.unwrap_or_default(),
        }
    }

    /// When awscope stops using the credentials: [`MARGIN`] before they
    /// expire (`None`: they do not say, so they are used until AWS refuses).
    #[must_use]
    pub fn usable_until(&self) -> Option<SystemTime> {
        self.credentials.expiry().map(|at| at.checked_sub(MARGIN).unwrap_or(SystemTime::UNIX_EPOCH))
    }

    /// The credentials, or why they may not be used any more.
    ///
    /// # Errors
    /// [`MfaSessionExpired`] (as a provider error) once the session is
    /// expired or within [`MARGIN`] of expiring.
    pub fn current(&self) -> Result<Credentials, CredentialsError> {
        match self.usable_until() {
            Some(until) if self.clock.now() >= until => Err(CredentialsError::provider_error(self.expired.clone())),
            Some(until) => {
                let mut credentials = self.credentials.clone();
                *credentials.expiry_mut() = Some(until);
                Ok(credentials)
            }
            None => Ok(self.credentials.clone()),
        }
    }
}

impl ProvideCredentials for MfaCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(self.current())
    }
}

/// The [`MfaSessionExpired`] anywhere in `err`'s source chain, if there is one
/// (a role chained on top of an MFA role wraps it in its own failure).
#[must_use]
pub fn expired_in<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a MfaSessionExpired> {
    let mut source: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(found) = e.downcast_ref::<MfaSessionExpired>() {
            return Some(found);
        }
        source = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use aws_types::sdk_config::TimeSource;

    use super::*;

    #[derive(Debug, Clone)]
    struct Clock(Arc<Mutex<SystemTime>>);

    impl TimeSource for Clock {
        fn now(&self) -> SystemTime {
            *self.0.lock().expect("clock")
        }
    }

    #[tokio::test]
    async fn credentials_are_handed_out_until_a_minute_before_they_expire() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let clock = Clock(Arc::new(Mutex::new(start)));
        let expires = start + Duration::from_secs(3600);
        let credentials = Credentials::new("ASIA", "s3cr3t-value", Some("t0ken-value".into()), Some(expires), "test");
        let provider = MfaCredentials::new(
            credentials,
            "arn:aws:iam::1:role/Admin",
            "arn:aws:iam::1:mfa/me",
            Some(SharedTimeSource::new(clock.clone())),
        );

        let handed = provider.provide_credentials().await.expect("valid");
        assert_eq!(handed.access_key_id(), "ASIA");
        assert_eq!(handed.expiry(), Some(expires - MARGIN), "the cache lets go of them when we do");

        *clock.0.lock().expect("clock") = expires - Duration::from_secs(59);
        let err = provider.provide_credentials().await.expect_err("within the margin");
        let found = expired_in(&err).expect("the MFA error is in the chain");
        assert_eq!(found.serial, "arn:aws:iam::1:mfa/me");
        let shown = format!("{provider:?}");
        assert!(!shown.contains("s3cr3t-value") && !shown.contains("t0ken-value"), "{shown}");
    }

    #[test]
    fn credentials_without_an_expiry_are_used_until_aws_refuses() {
        let credentials = Credentials::new("AKIA", "secret", None, None, "test");
        let provider = MfaCredentials::new(credentials, "r", "s", None);
        assert!(provider.current().is_ok());
    }
}
