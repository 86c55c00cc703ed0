//! The domain side of Parameter Store: parameters, values, versions and
//! their types, converted from SDK shapes on arrival.

use std::fmt;

use aws_sdk_ssm::types::{ParameterInlinePolicy, ParameterTier as SdkTier, ParameterType as SdkType};
use time::OffsetDateTime;

use crate::aws::time::to_offset_date_time;

/// A parameter value. Its `Debug` never prints the text, so a value cannot
/// reach a log line, an error or a panic message through `{:?}`; reading it
/// takes an explicit [`Sensitive::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps `text`.
    #[must_use]
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    /// The text itself, for drawing it on request or sending it to AWS.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sensitive(<redacted>)")
    }
}

/// A parameter's type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParameterType {
    /// Plain text.
    String,
    /// Comma-separated values.
    StringList,
    /// Text encrypted with a KMS key; shown only when asked for.
    SecureString,
    /// A type this version of awscope does not know.
    Other(String),
}

impl ParameterType {
    /// The name AWS uses (`SecureString`).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::String => "String",
            Self::StringList => "StringList",
            Self::SecureString => "SecureString",
            Self::Other(other) => other,
        }
    }

    /// Whether values of this type are encrypted (and masked until revealed).
    #[must_use]
    pub fn is_secure(&self) -> bool {
        *self == Self::SecureString
    }

    pub(super) fn from_sdk(t: Option<&SdkType>) -> Self {
        match t {
            Some(SdkType::String) => Self::String,
            Some(SdkType::StringList) => Self::StringList,
            Some(SdkType::SecureString) => Self::SecureString,
            Some(other) => Self::Other(other.as_str().to_owned()),
            None => Self::Other(String::new()),
        }
    }

    pub(super) fn to_sdk(&self) -> SdkType {
        SdkType::from(self.as_str())
    }
}

/// A parameter's storage tier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParameterTier {
    /// Up to 4 KB, no policies.
    Standard,
    /// Up to 8 KB, with policies.
    Advanced,
    /// Chosen by AWS per request.
    IntelligentTiering,
    /// A tier this version of awscope does not know.
    Other(String),
}

impl ParameterTier {
    /// The name AWS uses (`Intelligent-Tiering`).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Standard => "Standard",
            Self::Advanced => "Advanced",
            Self::IntelligentTiering => "Intelligent-Tiering",
            Self::Other(other) => other,
        }
    }

    pub(super) fn from_sdk(t: Option<&SdkTier>) -> Option<Self> {
        Some(match t? {
            SdkTier::Standard => Self::Standard,
            SdkTier::Advanced => Self::Advanced,
            SdkTier::IntelligentTiering => Self::IntelligentTiering,
            other => Self::Other(other.as_str().to_owned()),
        })
    }
}

/// A policy attached to a parameter (expiration, notification).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterPolicy {
    /// `Expiration`, `ExpirationNotification`, `NoChangeNotification`.
    pub kind: String,
    /// `Pending`, `Finished`, `Failed`.
    pub status: String,
    /// The policy JSON.
    pub text: String,
}

fn policies(list: &[ParameterInlinePolicy]) -> Vec<ParameterPolicy> {
    list.iter()
        .map(|p| ParameterPolicy {
            kind: p.policy_type().unwrap_or_default().to_owned(),
            status: p.policy_status().unwrap_or_default().to_owned(),
            text: p.policy_text().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// A parameter as DescribeParameters lists it: everything but its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    /// The full name (`/app/dev/db/password`, or `plain-name` at the root).
    pub name: String,
    /// Its type.
    pub kind: ParameterType,
    /// Its tier, when reported.
    pub tier: Option<ParameterTier>,
    /// The current version (starts at 1).
    pub version: i64,
    /// When the current version was written.
    pub last_modified: Option<OffsetDateTime>,
    /// Who wrote the current version (an ARN).
    pub last_modified_by: Option<String>,
    /// `text`, `aws:ec2:image` or `aws:ssm:integration`.
    pub data_type: Option<String>,
    /// The KMS key of a SecureString.
    pub key_id: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
    /// The regular expression values must match, if any.
    pub allowed_pattern: Option<String>,
    /// Attached policies.
    pub policies: Vec<ParameterPolicy>,
    /// The parameter's ARN, when reported.
    pub arn: Option<String>,
}

impl Parameter {
    pub(super) fn from_sdk(p: &aws_sdk_ssm::types::ParameterMetadata) -> Self {
        Self {
            name: p.name().unwrap_or_default().to_owned(),
            kind: ParameterType::from_sdk(p.r#type()),
            tier: ParameterTier::from_sdk(p.tier()),
            version: p.version(),
            last_modified: p.last_modified_date().and_then(to_offset_date_time),
            last_modified_by: p.last_modified_user().map(str::to_owned),
            data_type: p.data_type().map(str::to_owned),
            key_id: p.key_id().map(str::to_owned),
            description: p.description().map(str::to_owned),
            allowed_pattern: p.allowed_pattern().map(str::to_owned),
            policies: policies(p.policies()),
            arn: p.arn().map(str::to_owned),
        }
    }
}

/// A parameter with its value (GetParameter, GetParametersByPath).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterValue {
    /// The full name.
    pub name: String,
    /// Its type.
    pub kind: ParameterType,
    /// The version the value belongs to.
    pub version: i64,
    /// The value. `None` for a SecureString read without decryption: its
    /// ciphertext is of no use to anyone and is dropped on arrival.
    pub value: Option<Sensitive>,
    /// When this version was written.
    pub last_modified: Option<OffsetDateTime>,
    /// The data type (`text`).
    pub data_type: Option<String>,
    /// The parameter's ARN.
    pub arn: Option<String>,
}

impl ParameterValue {
    pub(super) fn from_sdk(p: &aws_sdk_ssm::types::Parameter, decrypted: bool) -> Self {
        let kind = ParameterType::from_sdk(p.r#type());
        let value = if kind.is_secure() && !decrypted { None } else { p.value().map(Sensitive::new) };
        Self {
            name: p.name().unwrap_or_default().to_owned(),
            kind,
            version: p.version(),
            value,
            last_modified: p.last_modified_date().and_then(to_offset_date_time),
            data_type: p.data_type().map(str::to_owned),
            arn: p.arn().map(str::to_owned),
        }
    }
}

/// One version of a parameter (GetParameterHistory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterVersion {
    /// The version number.
    pub version: i64,
    /// The type at this version.
    pub kind: ParameterType,
    /// The tier at this version.
    pub tier: Option<ParameterTier>,
    /// Labels attached to this version.
    pub labels: Vec<String>,
    /// When it was written.
    pub last_modified: Option<OffsetDateTime>,
    /// Who wrote it.
    pub last_modified_by: Option<String>,
    /// The description at this version.
    pub description: Option<String>,
    /// The value; `None` for a SecureString version read without decryption.
    pub value: Option<Sensitive>,
    /// The KMS key of a SecureString version.
    pub key_id: Option<String>,
}

impl ParameterVersion {
    pub(super) fn from_sdk(h: &aws_sdk_ssm::types::ParameterHistory, decrypted: bool) -> Self {
        let kind = ParameterType::from_sdk(h.r#type());
        let value = if kind.is_secure() && !decrypted { None } else { h.value().map(Sensitive::new) };
        Self {
            version: h.version(),
            kind,
            tier: ParameterTier::from_sdk(h.tier()),
            labels: h.labels().to_vec(),
            last_modified: h.last_modified_date().and_then(to_offset_date_time),
            last_modified_by: h.last_modified_user().map(str::to_owned),
            description: h.description().map(str::to_owned),
            value,
            key_id: h.key_id().map(str::to_owned),
        }
    }
}

/// Whether a read asks SSM (and KMS) to decrypt SecureString values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Decrypt {
    /// SecureString values come back as `None`; needs no kms:Decrypt.
    No,
    /// SecureString values come back in clear; needs kms:Decrypt on the key.
    Yes,
}

impl Decrypt {
    pub(super) fn on(self) -> bool {
        self == Self::Yes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sensitive_values_never_show_in_debug() {
        let secret = Sensitive::new("hunter2");
        assert_eq!(format!("{secret:?}"), "Sensitive(<redacted>)");
        let value = ParameterValue {
            name: "/a".into(),
            kind: ParameterType::SecureString,
            version: 1,
            value: Some(secret),
            last_modified: None,
            data_type: None,
            arn: None,
        };
        assert!(!format!("{value:?}").contains("hunter2"));
    }

    #[test]
    fn types_round_trip_and_keep_unknown_names() {
        assert_eq!(ParameterType::from_sdk(Some(&SdkType::SecureString)), ParameterType::SecureString);
        assert_eq!(ParameterType::from_sdk(Some(&SdkType::from("Quantum"))), ParameterType::Other("Quantum".into()));
        assert_eq!(ParameterType::StringList.to_sdk(), SdkType::StringList);
        assert_eq!(
            ParameterTier::from_sdk(Some(&SdkTier::IntelligentTiering)).map(|t| t.as_str().to_owned()),
            Some("Intelligent-Tiering".into())
        );
    }
}
