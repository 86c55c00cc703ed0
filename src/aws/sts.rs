//! STS: who the current credentials belong to.

use super::call::Answer;
use super::error::{AwsError, Call, service_error};
use super::provider::AwsProvider;
use super::time::to_system_time;

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

service_error!(StsError {});

/// Asks STS who we are (GetCallerIdentity, which needs no permission).
///
/// # Errors
/// Credential, network and timeout failures, classified.
pub async fn caller_identity(provider: &AwsProvider) -> Result<CallerIdentity, StsError> {
    let call = Call { service: "sts", operation: "GetCallerIdentity", resource: "the current credentials" };
    let request = provider.sts().get_caller_identity().send();
    provider
        .send(call, 1, request, |out| {
            Answer::one(CallerIdentity {
                account: out.account().unwrap_or_default().to_owned(),
                arn: out.arn().unwrap_or_default().to_owned(),
                user_id: out.user_id().unwrap_or_default().to_owned(),
            })
        })
        .await
        .map_err(|failed| StsError::Aws(failed.error))
}

/// Temporary credentials from STS. `Debug` never shows the secret parts.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryCredentials {
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token.
    pub session_token: String,
    /// When they stop working.
    pub expires: Option<std::time::SystemTime>,
}

impl std::fmt::Debug for TemporaryCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("expires", &self.expires)
            .finish_non_exhaustive()
    }
}

/// Assumes `role` with the provider's credentials (STS AssumeRole), passing
/// the MFA serial and code when the role has them. Used where the SDK's own
/// role provider cannot go: MFA codes typed in the TUI.
///
/// # Errors
/// AccessDenied (a wrong or reused MFA code, a trust policy that refuses us),
/// and the other classified failures.
pub async fn assume_role(role: &super::RoleSpec, provider: &AwsProvider) -> Result<TemporaryCredentials, StsError> {
    let call = Call { service: "sts", operation: "AssumeRole", resource: &role.arn };
    let mut request = provider
        .sts()
        .assume_role()
        .role_arn(&role.arn)
        .role_session_name(role.session_name.clone().unwrap_or_else(super::provider::default_session_name))
        .set_external_id(role.external_id.clone())
        .set_duration_seconds(role.duration_secs);
    if let Some(mfa) = &role.mfa {
        request = request.serial_number(&mfa.serial).token_code(&mfa.code);
    }
    let credentials = provider
        .send(call, 1, request.send(), |out| {
            Answer::one(out.credentials().map(|creds| TemporaryCredentials {
                access_key_id: creds.access_key_id().to_owned(),
                secret_access_key: creds.secret_access_key().to_owned(),
                session_token: creds.session_token().to_owned(),
                expires: to_system_time(*creds.expiration()),
            }))
        })
        .await
        .map_err(|failed| StsError::Aws(failed.error))?;
    credentials
        .ok_or_else(|| StsError::Aws(AwsError::internal("AssumeRole", &role.arn, "STS answered without credentials")))
}
