//! Classification of AWS SDK errors into the kinds a user can act on.
//!
//! Every wrapper turns an `SdkError` into an [`AwsError`] here (or into one of
//! its own domain variants first), so the UI never shows a raw
//! `DispatchFailure(…)`: it shows what failed, why, and what to do next.

use std::error::Error as StdError;
use std::fmt;

use aws_credential_types::provider::error::CredentialsError;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// What kind of failure an AWS call ran into, in terms of what the user can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The caller lacks an IAM permission.
    AccessDenied,
    /// AWS asked us to slow down and retries did not get through.
    Throttled,
    /// Temporary credentials (role session, SSO, session token) have expired.
    ExpiredCredentials,
    /// The SSO session behind the profile has expired or was never started.
    SsoExpired,
    /// The session of a role awscope assumed with an MFA code has expired:
    /// only a new code renews it.
    MfaExpired,
    /// No credentials could be found for the context.
    MissingCredentials,
    /// AWS rejected the credentials (unknown key id, bad signature).
    InvalidCredentials,
    /// The configuration is unusable (unknown profile, malformed file).
    Config,
    /// The call or its connection ran past its time limit.
    Timeout,
    /// The endpoint could not be reached (refused, reset, unreachable).
    Network,
    /// The service's endpoint for the region does not resolve: the service is
    /// most likely not offered in that region.
    NoEndpoint,
    /// The resource does not exist.
    NotFound,
    /// Something went wrong inside awscope itself (a bug, reported as such).
    Internal,
    /// Anything else, carried through with its code and message.
    Other,
}

/// One AWS call that failed, classified, with what the user needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// The service prefix as IAM writes it (`s3`, `ec2`, `ssm`, `sts`, `ecs`).
    pub service: &'static str,
    /// The API operation (`ListBuckets`).
    pub operation: &'static str,
    /// The resource the call was about (`all buckets`, `s3://bucket`).
    pub resource: String,
    /// The AWS error code, when AWS sent one.
    pub code: Option<String>,
    /// The AWS error message or the transport's explanation.
    pub message: Option<String>,
    /// The AWS request id, for support cases and CloudTrail.
    pub request_id: Option<String>,
    /// The profile in use, for messages such as `aws sso login --profile P`.
    pub profile: Option<String>,
    /// The region the call went to, when known.
    pub region: Option<String>,
}

/// What a wrapper knows about the call it is making, for error messages and logs.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The IAM service prefix (`s3`).
    pub service: &'static str,
    /// The API operation (`ListBuckets`).
    pub operation: &'static str,
    /// The resource, in the user's words (`all buckets`, `s3://my-bucket`).
    pub resource: &'a str,
}

impl AwsError {
    /// Classifies an SDK error from `call`, made under `profile`.
    pub fn from_sdk<E>(call: Call<'_>, profile: Option<&str>, err: &SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let mut out = Self {
            kind: ErrorKind::Other,
            service: call.service,
            operation: call.operation,
            resource: call.resource.to_owned(),
            code: None,
            message: None,
            request_id: None,
            profile: profile.map(str::to_owned),
            region: None,
        };
        match err {
            SdkError::ServiceError(service) => {
                let inner = service.err();
                out.code = inner.code().map(str::to_owned);
                out.message = inner.message().map(str::to_owned);
                out.request_id = inner.meta().extra("aws_request_id").map(str::to_owned);
                let status = service.raw().status().as_u16();
                out.kind = kind_for_code(out.code.as_deref(), status);
            }
            SdkError::TimeoutError(_) => {
                out.kind = ErrorKind::Timeout;
                out.message = Some("the call ran past its time limit".to_owned());
            }
            SdkError::DispatchFailure(dispatch) => {
                out.message = Some(chain_text(err));
                out.kind = if dispatch.is_timeout() {
                    ErrorKind::Timeout
                } else if is_unresolved_host(err) {
                    ErrorKind::NoEndpoint
                } else if dispatch.is_io() {
                    ErrorKind::Network
                } else {
                    ErrorKind::Other
                };
            }
            SdkError::ResponseError(_) => {
                out.message = Some(format!("AWS sent a response awscope could not read: {}", chain_text(err)));
            }
            _ => out.message = Some(chain_text(err)),
        }
        // Credential problems surface as dispatch or construction failures whose
        // source chain holds a `CredentialsError`; they outrank the generic kind.
        if let Some(kind) = credentials_kind(err) {
            out.kind = kind;
            out.message = Some(credentials_message(err));
        }
        out
    }

    /// A failure to resolve credentials for `profile`, classified.
    #[must_use]
    pub fn from_credentials(profile: Option<&str>, err: &CredentialsError) -> Self {
        Self {
            kind: credentials_kind(err).unwrap_or(ErrorKind::MissingCredentials),
            service: "sts",
            operation: "resolve credentials",
            resource: profile.map_or_else(|| "the default credential chain".to_owned(), |p| format!("profile {p}")),
            code: None,
            message: Some(credentials_message(err)),
            request_id: None,
            profile: profile.map(str::to_owned),
            region: None,
        }
    }

    /// An error inside awscope itself, such as a panic in a background task.
    #[must_use]
    pub fn internal(operation: &'static str, resource: &str, detail: &str) -> Self {
        Self {
            kind: ErrorKind::Internal,
            service: "awscope",
            operation,
            resource: resource.to_owned(),
            code: None,
            message: Some(detail.to_owned()),
            request_id: None,
            profile: None,
            region: None,
        }
    }

    /// The IAM action the failed call needed, such as `s3:ListAllMyBuckets`.
    #[must_use]
    pub fn iam_action(&self) -> String {
        iam_action(self.service, self.operation)
    }

    fn profile_flag(&self) -> String {
        self.profile.as_deref().map_or_else(String::new, |p| format!(" --profile {p}"))
    }

    fn detail(&self) -> String {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.clone(),
            (None, Some(message)) => message.clone(),
            (None, None) => "no details".to_owned(),
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, res) = (self.operation, &self.resource);
        match self.kind {
            ErrorKind::AccessDenied => write!(
                f,
                "Access denied: {op} on {res} needs {}. Ask for that permission, or switch profile or role. ({})",
                self.iam_action(),
                self.detail()
            ),
            ErrorKind::Throttled => write!(
                f,
                "{op} on {res} was throttled — r to retry in a moment (AWS asked to slow down and the retries did \
                 not get through)."
            ),
            ErrorKind::ExpiredCredentials => write!(
                f,
                "The credentials expired during {op} on {res} ({}). Renew them (new session, aws sso login{}), then press r.",
                self.detail(),
                self.profile_flag()
            ),
            ErrorKind::SsoExpired => match &self.profile {
                Some(p) => {
                    write!(f, "SSO session expired for profile {p} — run: aws sso login --profile {p}, then press r.")
                }
                None => write!(f, "SSO session expired — run: aws sso login, then press r."),
            },
            // The message is the `MfaSessionExpired` text: which role, which device.
            ErrorKind::MfaExpired => match &self.message {
                Some(message) => f.write_str(message),
                None => write!(f, "The MFA session expired during {op} on {res}. Enter a new code to go on."),
            },
            // Resolving credentials explains itself (what was looked for, a line each).
            ErrorKind::MissingCredentials if op == "resolve credentials" => {
                write!(f, "No AWS credentials found for {res}.\n{}", self.detail())
            }
            ErrorKind::MissingCredentials => write!(
                f,
                "No AWS credentials found for {op} on {res}. Configure a profile (aws configure{}) or pass --profile. ({})",
                self.profile_flag(),
                self.detail()
            ),
            ErrorKind::InvalidCredentials => write!(
                f,
                "AWS rejected the credentials for {op} on {res} ({}). Check the access key, or pick another profile.",
                self.detail()
            ),
            ErrorKind::Config => write!(f, "{} — fix the AWS config, or pick another profile.", self.detail()),
            ErrorKind::Timeout => write!(
                f,
                "{op} on {res} timed out ({}). Check the network or --endpoint-url, then press r.",
                self.detail()
            ),
            ErrorKind::Network => write!(
                f,
                "Could not reach AWS for {op} on {res} ({}). Check the network, proxy or --endpoint-url, then press r.",
                self.detail()
            ),
            ErrorKind::NoEndpoint => write!(
                f,
                "{} is not available in {}: the host name of its endpoint does not resolve ({op} on {res}). Press \
                 R to switch region; the other panes keep working. If every pane says this, check the network, DNS or \
                 --endpoint-url.",
                self.service.to_ascii_uppercase(),
                self.region.as_deref().unwrap_or("this region"),
            ),
            ErrorKind::NotFound => write!(f, "{res} was not found ({op}: {}).", self.detail()),
            ErrorKind::Internal => write!(
                f,
                "Internal error in awscope during {op} on {res}: {}. Details are in the log file; press r to retry.",
                self.detail()
            ),
            ErrorKind::Other => {
                write!(f, "{op} on {res} failed: {}", self.detail())?;
                if let Some(id) = &self.request_id {
                    write!(f, " (request id {id})")?;
                }
                Ok(())
            }
        }
    }
}

impl StdError for AwsError {}

/// What every service's error enum answers, whatever its own variants: the
/// AWS error underneath, if AWS answered, and the kind of failure.
pub trait ServiceError: StdError {
    /// The AWS error underneath, when AWS answered (for the errors view:
    /// operation, code and request id).
    fn aws(&self) -> Option<&AwsError>;

    /// The kind of a failure the wrapper named itself (a resource that is
    /// gone, a write refused); [`ServiceError::kind`] asks only when
    /// [`ServiceError::aws`] is `None`.
    fn own_kind(&self) -> ErrorKind;

    /// The kind of failure, for retry hints.
    fn kind(&self) -> ErrorKind {
        self.aws().map_or_else(|| self.own_kind(), |e| e.kind)
    }
}

impl ServiceError for AwsError {
    fn aws(&self) -> Option<&AwsError> {
        Some(self)
    }

    fn own_kind(&self) -> ErrorKind {
        self.kind
    }
}

/// Implements [`ServiceError`] for a service's error enum, whose `Aws`
/// variant holds an [`AwsError`], from the kinds of its other variants
/// (`BucketNotFound | ObjectNotFound => NotFound`), and gives the enum
/// inherent `aws()` and `kind()` so callers need not import the trait.
macro_rules! service_error {
    ($ty:ident { $($($variant:ident)|+ => $kind:ident),* $(,)? }) => {
        impl $crate::aws::error::ServiceError for $ty {
            fn aws(&self) -> Option<&$crate::aws::error::AwsError> {
                match self {
                    Self::Aws(e) => Some(e),
                    #[allow(unreachable_patterns, reason = "an enum may have no variant but `Aws`")]
                    _ => None,
                }
            }

            fn own_kind(&self) -> $crate::aws::error::ErrorKind {
                match self {
                    $($(Self::$variant { .. })|+ => $crate::aws::error::ErrorKind::$kind,)*
                    Self::Aws(e) => e.kind,
                }
            }
        }

        impl $ty {
            /// The AWS error underneath, when AWS answered (for the errors view:
            /// operation, code and request id).
            #[must_use]
            pub fn aws(&self) -> Option<&$crate::aws::error::AwsError> {
                $crate::aws::error::ServiceError::aws(self)
            }

            /// The kind of failure, for retry hints.
            #[must_use]
            pub fn kind(&self) -> $crate::aws::error::ErrorKind {
                $crate::aws::error::ServiceError::kind(self)
            }
        }
    };
}

pub(crate) use service_error;

/// Maps an AWS error code (and HTTP status when there is no code) to a kind.
#[must_use]
pub fn kind_for_code(code: Option<&str>, status: u16) -> ErrorKind {
    match code {
        Some(
            "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "AuthorizationError"
            | "Forbidden"
            | "AllAccessDisabled"
            | "UnauthorizedException",
        ) => ErrorKind::AccessDenied,
        Some(
            "Throttling"
            | "ThrottlingException"
            | "ThrottledException"
            | "RequestLimitExceeded"
            | "SlowDown"
            | "TooManyRequestsException"
            | "RequestThrottled"
            | "RequestThrottledException"
            | "ProvisionedThroughputExceededException"
            | "RequestLimitExceededException",
        ) => ErrorKind::Throttled,
        Some("ExpiredToken" | "ExpiredTokenException" | "RequestExpired" | "TokenRefreshRequired") => {
            ErrorKind::ExpiredCredentials
        }
        Some(
            "InvalidClientTokenId"
            | "UnrecognizedClientException"
            | "InvalidAccessKeyId"
            | "SignatureDoesNotMatch"
            | "AuthFailure"
            | "InvalidToken"
            | "IncompleteSignature",
        ) => ErrorKind::InvalidCredentials,
        Some(code)
            if code.starts_with("NoSuch")
                || code.ends_with("NotFound")
                || code.ends_with("NotFoundException")
                || code.contains(".NotFound") =>
        {
            ErrorKind::NotFound
        }
        Some(_) => ErrorKind::Other,
        None => match status {
            403 => ErrorKind::AccessDenied,
            404 => ErrorKind::NotFound,
            429 | 503 => ErrorKind::Throttled,
            _ => ErrorKind::Other,
        },
    }
}

/// The IAM action behind an API operation; most are `service:Operation`, S3
/// has its own names for several.
#[must_use]
pub fn iam_action(service: &str, operation: &str) -> String {
    let action = match (service, operation) {
        ("s3", "ListBuckets") => "ListAllMyBuckets",
        ("s3", "ListObjectsV2" | "HeadBucket") => "ListBucket",
        ("s3", "ListObjectVersions") => "ListBucketVersions",
        ("s3", "HeadObject") => "GetObject",
        ("s3", "GetBucketLocation") => "GetBucketLocation",
        (_, op) => op,
    };
    format!("{service}:{action}")
}

fn credentials_kind(err: &(dyn StdError + 'static)) -> Option<ErrorKind> {
    // An expired MFA session may sit under another provider's failure (a role
    // chained on top of the MFA role), so it is looked for first, everywhere.
    if super::mfa::expired_in(err).is_some() {
        return Some(ErrorKind::MfaExpired);
    }
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(creds) = e.downcast_ref::<CredentialsError>() {
            let text = chain_text(creds).to_ascii_lowercase();
            if text.contains("sso") && (text.contains("expired") || text.contains("refresh") || text.contains("token"))
            {
                return Some(ErrorKind::SsoExpired);
            }
            return Some(match creds {
                CredentialsError::CredentialsNotLoaded(_) => ErrorKind::MissingCredentials,
                CredentialsError::ProviderTimedOut(_) => ErrorKind::Timeout,
                CredentialsError::InvalidConfiguration(_) => ErrorKind::Config,
                _ if text.contains("expired") => ErrorKind::ExpiredCredentials,
                _ if text.contains("accessdenied") || text.contains("access denied") => ErrorKind::AccessDenied,
                _ => ErrorKind::MissingCredentials,
            });
        }
        source = e.source();
    }
    None
}

/// What a credentials failure says: the expired MFA session's own sentence
/// when that is the cause, else the whole chain.
fn credentials_message(err: &(dyn StdError + 'static)) -> String {
    super::mfa::expired_in(err).map_or_else(|| chain_text(err), ToString::to_string)
}

/// Whether a dispatch failure is a host name that did not resolve: the HTTP
/// connector reports those as a `dns error` somewhere in the source chain.
fn is_unresolved_host(err: &(dyn StdError + 'static)) -> bool {
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        if e.to_string().starts_with("dns error") {
            return true;
        }
        source = e.source();
    }
    false
}

/// The error and all its sources joined with `: `, the way the SDK's own
/// `DisplayErrorContext` reads, without its debug dump.
#[must_use]
pub fn chain_text(err: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = source {
        let text = e.to_string();
        if !text.is_empty() && parts.last() != Some(&text) {
            parts.push(text);
        }
        source = e.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_map_to_kinds() {
        assert_eq!(kind_for_code(Some("AccessDenied"), 403), ErrorKind::AccessDenied);
        assert_eq!(kind_for_code(Some("UnauthorizedOperation"), 403), ErrorKind::AccessDenied);
        assert_eq!(kind_for_code(Some("SlowDown"), 503), ErrorKind::Throttled);
        assert_eq!(kind_for_code(Some("ExpiredToken"), 400), ErrorKind::ExpiredCredentials);
        assert_eq!(kind_for_code(Some("InvalidVpcID.NotFound"), 400), ErrorKind::NotFound);
        assert_eq!(kind_for_code(Some("NoSuchBucket"), 404), ErrorKind::NotFound);
        assert_eq!(kind_for_code(Some("SomethingNew"), 400), ErrorKind::Other);
        assert_eq!(kind_for_code(None, 403), ErrorKind::AccessDenied);
        assert_eq!(kind_for_code(None, 500), ErrorKind::Other);
    }

    #[test]
    fn throttled_and_missing_endpoint_messages_say_what_to_do() {
        let mut error = AwsError::internal("DescribeParameters", "all parameters", "no details");
        error.service = "ssm";
        error.kind = ErrorKind::Throttled;
        assert!(error.to_string().contains("throttled — r to retry"), "{error}");
        error.kind = ErrorKind::NoEndpoint;
        assert!(error.to_string().starts_with("SSM is not available in this region"), "{error}");
        error.region = Some("mx-central-1".to_owned());
        let text = error.to_string();
        assert!(text.starts_with("SSM is not available in mx-central-1") && text.contains("Press R"), "{text}");
    }

    #[test]
    fn a_dns_error_anywhere_in_the_chain_is_an_unresolved_host() {
        #[derive(Debug)]
        struct Layer(&'static str, Option<Box<Layer>>);
        impl fmt::Display for Layer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        impl StdError for Layer {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                self.1.as_deref().map(|l| l as &(dyn StdError + 'static))
            }
        }
        let dns = Layer("io error", Some(Box::new(Layer("dns error", Some(Box::new(Layer("no such host", None)))))));
        assert!(is_unresolved_host(&dns));
        let refused = Layer("io error", Some(Box::new(Layer("tcp connect error", None))));
        assert!(!is_unresolved_host(&refused));
    }

    #[test]
    fn an_expired_mfa_session_is_its_own_kind_even_under_another_failure() {
        let expired = crate::aws::mfa::MfaSessionExpired {
            role: "arn:aws:iam::222222222222:role/Admin".into(),
            serial: "arn:aws:iam::123456789012:mfa/me".into(),
        };
        let direct = CredentialsError::provider_error(expired.clone());
        let error = AwsError::from_credentials(Some("dev"), &direct);
        assert_eq!(error.kind, ErrorKind::MfaExpired);
        assert_eq!(
            error.to_string(),
            "The MFA session for arn:aws:iam::222222222222:role/Admin expired. Enter a new code from \
             arn:aws:iam::123456789012:mfa/me to go on."
        );
        // A role chained on top wraps it, with words that would read as access denied.
        let chained = CredentialsError::provider_error(AwsError {
            message: Some("access denied".into()),
            ..AwsError::internal("AssumeRole", "arn", "x")
        });
        assert_ne!(AwsError::from_credentials(None, &chained).kind, ErrorKind::MfaExpired);
        let wrapped = CredentialsError::provider_error(CredentialsError::provider_error(expired));
        assert_eq!(AwsError::from_credentials(None, &wrapped).kind, ErrorKind::MfaExpired);
    }

    #[test]
    fn s3_actions_use_iam_names() {
        assert_eq!(iam_action("s3", "ListBuckets"), "s3:ListAllMyBuckets");
        assert_eq!(iam_action("ec2", "DescribeVpcs"), "ec2:DescribeVpcs");
    }
}
