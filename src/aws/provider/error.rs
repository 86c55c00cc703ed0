//! Why a context could not be turned into a provider.

use crate::aws::error::{AwsError, ErrorKind, ServiceError};

/// Why a context could not be turned into a provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The profile is in neither AWS config file.
    #[error(
        "Profile {profile} is not defined in {searched}. Pick one that is (aws configure list-profiles), or add it."
    )]
    UnknownProfile {
        /// The profile that was asked for.
        profile: String,
        /// The files that were searched.
        searched: String,
    },
    /// An AWS config or credentials file could not be parsed.
    #[error(
        "The AWS config could not be read: {detail}. Fix that line, or point AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE elsewhere."
    )]
    MalformedConfig {
        /// What is wrong, with the file and line.
        detail: String,
    },
    /// The profile's role needs an MFA code, which awscope asks for.
    #[error("Profile {profile} needs an MFA code from {serial}.")]
    MfaRequired {
        /// The profile.
        profile: String,
        /// The MFA device.
        serial: String,
    },
    /// STS refused to let us assume a role (a wrong MFA code, a trust policy).
    #[error("Could not assume {arn}: {message}")]
    AssumeRoleFailed {
        /// The role.
        arn: String,
        /// How it failed.
        kind: ErrorKind,
        /// The classified message.
        message: String,
    },
    /// The role to assume is not a role ARN.
    #[error("{arn} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME).")]
    InvalidRoleArn {
        /// The ARN as given.
        arn: String,
    },
}

impl ServiceError for ProviderError {
    /// Always `None`: a provider fails before any AWS call is made, or (an
    /// MFA role) keeps only the kind and message of the call that failed.
    fn aws(&self) -> Option<&AwsError> {
        None
    }

    fn own_kind(&self) -> ErrorKind {
        match self {
            Self::AssumeRoleFailed { kind, .. } => *kind,
            _ => ErrorKind::Config,
        }
    }
}

impl ProviderError {
    /// What kind of failure this is.
    #[must_use]
    pub fn kind(&self) -> ErrorKind {
        ServiceError::kind(self)
    }
}
