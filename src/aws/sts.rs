//! STS: who the current credentials belong to.

use std::time::Instant;

use super::error::{AwsError, Call, ErrorKind};
use super::pages::{log_failure, log_page};
use super::provider::AwsProvider;

/// The identity behind the credentials in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    /// The 12-digit account id.
    pub account: String,
    /// The caller ARN (`arn:aws:sts::111122223333:assumed-role/Admin/me`).
    pub arn: String,
    /// The unique id of the user or role session.
    pub user_id: String,
}

/// STS failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StsError {
    /// Any classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

impl StsError {
    /// The kind of failure, for retry hints.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Aws(e) => e.kind,
        }
    }
}

/// Asks STS who we are (GetCallerIdentity, which needs no permission).
///
/// # Errors
/// Credential, network and timeout failures, classified.
pub async fn caller_identity(provider: &AwsProvider) -> Result<CallerIdentity, StsError> {
    let call = Call { service: "sts", operation: "GetCallerIdentity", resource: "the current credentials" };
    let started = Instant::now();
    match provider.sts().get_caller_identity().send().await {
        Ok(out) => {
            log_page(call, 1, 1, false, started);
            Ok(CallerIdentity {
                account: out.account().unwrap_or_default().to_owned(),
                arn: out.arn().unwrap_or_default().to_owned(),
                user_id: out.user_id().unwrap_or_default().to_owned(),
            })
        }
        Err(err) => {
            let error = provider.error(call, &err);
            log_failure(call, 1, &error, started);
            Err(error.into())
        }
    }
}
