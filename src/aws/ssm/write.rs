//! Writes: PutParameter and DeleteParameter, and the guard every write from
//! the UI goes through — re-read the parameter, refuse if it is no longer
//! what the user saw, then write.

use aws_sdk_ssm::types::ParameterTier as SdkTier;

use super::{Parameter, ParameterTier, ParameterType, Sensitive, SsmError, describe_parameter, fail, retry_throttled};
use crate::aws::call::Answer;
use crate::aws::error::Call;
use crate::aws::provider::AwsProvider;

/// What PutParameter should write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PutParameter {
    /// The full name.
    pub name: String,
    /// The value (never empty: AWS refuses empty values).
    pub value: Sensitive,
    /// The type; on an update, the parameter's current type.
    pub kind: ParameterType,
    /// A description; `None` keeps the current one on an update.
    pub description: Option<String>,
    /// The KMS key of a SecureString; `None` means the account default on
    /// create, and is filled with the current key on a guarded update.
    pub key_id: Option<String>,
    /// The tier; `None` means the account default on create, and is filled
    /// with the current tier on a guarded update.
    pub tier: Option<ParameterTier>,
    /// `true` to replace an existing parameter (an update), `false` to
    /// create one (AWS refuses when it exists).
    pub overwrite: bool,
}

/// Writes a parameter (PutParameter) and returns the version written. Prefer
/// [`guarded_write`], which checks for concurrent changes first.
///
/// # Errors
/// [`SsmError::AlreadyExists`] when creating over an existing parameter, or
/// the classified failure (validation, access denied, too many updates).
pub async fn put_parameter(put: &PutParameter, provider: &AwsProvider) -> Result<i64, SsmError> {
    let client = &provider.ssm();
    retry_throttled(&put.name, || async move {
        let call = Call { service: "ssm", operation: "PutParameter", resource: &put.name };
        let mut request = client
            .put_parameter()
            .name(&put.name)
            .value(put.value.expose())
            .r#type(put.kind.to_sdk())
            .overwrite(put.overwrite)
            .set_description(put.description.clone());
        if put.kind.is_secure() {
            request = request.set_key_id(put.key_id.clone());
        }
        if let Some(tier) = &put.tier {
            request = request.tier(SdkTier::from(tier.as_str()));
        }
        provider
            .send(call, 1, request.send(), |out| Answer::one(out.version()))
            .await
            .map_err(|failed| fail(call, failed.error, false))
    })
    .await
}

/// Deletes a parameter and all its versions (DeleteParameter). Prefer
/// [`guarded_write`], which checks for concurrent changes first.
///
/// # Errors
/// [`SsmError::ParameterNotFound`], or the classified failure.
pub async fn delete_parameter(name: &str, provider: &AwsProvider) -> Result<(), SsmError> {
    let client = &provider.ssm();
    retry_throttled(name, || async move {
        let call = Call { service: "ssm", operation: "DeleteParameter", resource: name };
        let request = client.delete_parameter().name(name).send();
        provider.send(call, 1, request, |_| Answer::one(())).await.map_err(|failed| fail(call, failed.error, false))
    })
    .await
}

/// A change the user asked for, with what they saw when they asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParameterWrite {
    /// A new parameter; refused if the name is taken.
    Create {
        /// The full name.
        name: String,
        /// Its type.
        kind: ParameterType,
        /// Its value.
        value: Sensitive,
        /// An optional description.
        description: Option<String>,
    },
    /// A new value for an existing parameter, based on `expected_version`.
    Update {
        /// The full name.
        name: String,
        /// The version the user opened and edited.
        expected_version: i64,
        /// The new value.
        value: Sensitive,
    },
    /// Deleting a parameter the user saw at `expected_version`.
    Delete {
        /// The full name.
        name: String,
        /// The version the user saw.
        expected_version: i64,
    },
}

impl ParameterWrite {
    /// The parameter written.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Create { name, .. } | Self::Update { name, .. } | Self::Delete { name, .. } => name,
        }
    }
}

/// What a guarded write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOutcome {
    /// The parameter written.
    pub name: String,
    /// The version written; `None` after a delete.
    pub version: Option<i64>,
    /// Set when the version written is not the one after the version checked:
    /// another write landed between the check and this one.
    pub raced: bool,
}

/// The check before every write: re-reads the parameter and refuses if it is
/// no longer what the user saw. Returns its current metadata (`None` for a
/// create, where the name must be free).
///
/// # Errors
/// [`SsmError::VersionConflict`] when the version moved,
/// [`SsmError::AlreadyExists`] when creating over an existing parameter,
/// [`SsmError::ParameterNotFound`] when it was deleted, or the classified
/// failure of the re-read.
pub async fn check_write(write: &ParameterWrite, provider: &AwsProvider) -> Result<Option<Parameter>, SsmError> {
    let name = write.name();
    let current = match describe_parameter(name, provider).await {
        Ok(found) => Some(found),
        Err(SsmError::ParameterNotFound { .. }) => None,
        Err(e) => return Err(e),
    };
    match (write, current) {
        (ParameterWrite::Create { .. }, None) => Ok(None),
        (ParameterWrite::Create { .. }, Some(found)) => {
            Err(SsmError::AlreadyExists { name: name.to_owned(), version: Some(found.version) })
        }
        (ParameterWrite::Update { .. } | ParameterWrite::Delete { .. }, None) => {
            Err(SsmError::ParameterNotFound { name: name.to_owned() })
        }
        (
            ParameterWrite::Update { expected_version, .. } | ParameterWrite::Delete { expected_version, .. },
            Some(found),
        ) => {
            if found.version == *expected_version {
                Ok(Some(found))
            } else {
                Err(SsmError::VersionConflict {
                    name: name.to_owned(),
                    expected: *expected_version,
                    found: found.version,
                    modified_by: found.last_modified_by,
                    modified_at: found.last_modified,
                })
            }
        }
    }
}

/// Checks (see [`check_write`]) and then writes: PutParameter without
/// Overwrite for a create, with Overwrite (keeping the type, KMS key and tier)
/// for an update, DeleteParameter for a delete. Nothing is written when the
/// check fails.
///
/// # Errors
/// As [`check_write`], then as [`put_parameter`] or [`delete_parameter`].
pub async fn guarded_write(write: &ParameterWrite, provider: &AwsProvider) -> Result<WriteOutcome, SsmError> {
    let current = check_write(write, provider).await?;
    let name = write.name().to_owned();
    match (write, current) {
        (ParameterWrite::Create { kind, value, description, .. }, _) => {
            let put = PutParameter {
                name: name.clone(),
                value: value.clone(),
                kind: kind.clone(),
                description: description.clone().filter(|d| !d.is_empty()),
                key_id: None,
                tier: None,
                overwrite: false,
            };
            let version = put_parameter(&put, provider).await?;
            Ok(WriteOutcome { name, version: Some(version), raced: version != 1 })
        }
        (ParameterWrite::Update { value, expected_version, .. }, Some(found)) => {
            let put = PutParameter {
                name: name.clone(),
                value: value.clone(),
                kind: found.kind.clone(),
                description: None,
                key_id: found.key_id.clone(),
                tier: found.tier.clone().filter(|t| !matches!(t, ParameterTier::Other(_))),
                overwrite: true,
            };
            let version = put_parameter(&put, provider).await?;
            Ok(WriteOutcome { name, version: Some(version), raced: version != expected_version + 1 })
        }
        (ParameterWrite::Delete { .. }, Some(_)) => {
            delete_parameter(&name, provider).await?;
            Ok(WriteOutcome { name, version: None, raced: false })
        }
        // `check_write` returns metadata for every update and delete.
        (ParameterWrite::Update { .. } | ParameterWrite::Delete { .. }, None) => {
            Err(SsmError::ParameterNotFound { name })
        }
    }
}
