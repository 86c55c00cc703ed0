//! SSM Parameter Store: parameter metadata (never values) for browsing,
//! values on demand (decrypted only when asked), version history, and writes
//! guarded against lost updates.
//!
//! Values travel as [`Sensitive`], whose `Debug` never prints them, and no
//! log line here carries one: calls are logged by operation and parameter
//! name only.

pub mod json;
mod model;
mod write;

use std::future::Future;
use std::time::Duration;

use aws_sdk_ssm::types::ParameterStringFilter;
use aws_smithy_types::error::operation::BuildError;
use futures_util::FutureExt;
use time::OffsetDateTime;

use super::call::Answer;
use super::error::{AwsError, Call, ErrorKind, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

pub use self::model::{
    Decrypt, Parameter, ParameterPolicy, ParameterTier, ParameterType, ParameterValue, ParameterVersion, Sensitive,
};
pub use self::write::{
    ParameterWrite, PutParameter, WriteOutcome, check_write, delete_parameter, guarded_write, put_parameter,
};

/// Parameters asked for per DescribeParameters page (the API maximum), unless the config says less.
pub const DESCRIBE_PAGE_SIZE: i32 = 50;
/// Parameters asked for per GetParametersByPath page (the API maximum; a smaller configured SSM page size wins).
pub const BY_PATH_PAGE_SIZE: i32 = 10;
/// Versions asked for per GetParameterHistory page (the API maximum), unless the config says less.
pub const HISTORY_PAGE_SIZE: i32 = 50;
/// Waits before each retry of a throttled read, on top of the SDK's own
/// retries. SSM allows about 40 requests a second per account, and a long
/// listing can hit that; these keep it going instead of failing mid-list.
pub const THROTTLE_BACKOFF: [Duration; 3] =
    [Duration::from_millis(250), Duration::from_millis(1000), Duration::from_millis(3000)];

/// SSM failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsmError {
    /// The parameter does not exist (ParameterNotFound).
    #[error("Parameter {name} does not exist (it may have been deleted). Press r to reload the list.")]
    ParameterNotFound {
        /// The parameter name.
        name: String,
    },
    /// The version or label asked for is not in the parameter's history.
    #[error(
        "{name} does not exist: that version or label is not in its history (Parameter Store keeps the last 100 \
         versions). Open its history (h) to pick one that is."
    )]
    ParameterVersionNotFound {
        /// The name with its selector (`/app/db/host:3`).
        name: String,
    },
    /// Creating a parameter that already exists (ParameterAlreadyExists).
    #[error(
        "Parameter {name} already exists{}; nothing was written. Open it and press e to edit it instead.",
        version.map_or_else(String::new, |v| format!(" (version {v})"))
    )]
    AlreadyExists {
        /// The parameter name.
        name: String,
        /// Its current version, when the guard saw it.
        version: Option<i64>,
    },
    /// The parameter changed after the user opened it, so a write would lose
    /// someone else's update.
    #[error(
        "Refusing to write {name}: it changed since you opened it (you opened version {expected}; it is now version \
         {found}{}). Nothing was written. Press r to reload it, then make your change again.",
        changed_by(modified_by.as_deref(), *modified_at)
    )]
    VersionConflict {
        /// The parameter name.
        name: String,
        /// The version the user opened.
        expected: i64,
        /// The version there now.
        found: i64,
        /// Who wrote the newer version.
        modified_by: Option<String>,
        /// When.
        modified_at: Option<OffsetDateTime>,
    },
    /// KMS refused to decrypt a SecureString.
    #[error(
        "Cannot decrypt {name}: KMS refused ({detail}). Ask for kms:Decrypt on its key, or switch profile or role; \
         the value stays masked."
    )]
    DecryptDenied {
        /// The parameter name.
        name: String,
        /// AWS's code and message.
        detail: String,
    },
    /// The value is not JSON (`get_parameter_json`).
    #[error("Parameter {name} is not valid JSON ({detail}). Fix its value, or read it as text.")]
    NotJson {
        /// The parameter name.
        name: String,
        /// What is wrong, and where.
        detail: String,
    },
    /// Any other classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

fn changed_by(who: Option<&str>, when: Option<OffsetDateTime>) -> String {
    let mut out = String::new();
    if let Some(who) = who {
        out.push_str(", changed by ");
        out.push_str(who);
    }
    if let Some(when) = when {
        let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
        if let Ok(text) = when.format(format) {
            out.push_str(" at ");
            out.push_str(&text);
        }
    }
    out
}

service_error!(SsmError {
    ParameterNotFound | ParameterVersionNotFound => NotFound,
    DecryptDenied => AccessDenied,
    AlreadyExists | VersionConflict | NotJson => Other,
});

/// Maps a failed (and already logged) call on parameter `call.resource` to
/// what it means for that parameter.
fn fail(call: Call<'_>, error: AwsError, decrypting: bool) -> SsmError {
    let name = call.resource.to_owned();
    match error.code.as_deref() {
        Some("ParameterNotFound") => SsmError::ParameterNotFound { name },
        Some("ParameterVersionNotFound") => SsmError::ParameterVersionNotFound { name },
        Some("ParameterAlreadyExists") => SsmError::AlreadyExists { name, version: None },
        Some(code) if decrypting && is_kms_refusal(code, error.message.as_deref(), error.kind) => {
            SsmError::DecryptDenied { name, detail: detail(&error) }
        }
        _ => SsmError::Aws(error),
    }
}

/// KMS denials reach SSM callers as AccessDeniedException naming kms:Decrypt,
/// or as InvalidKeyId when the key is disabled or gone.
fn is_kms_refusal(code: &str, message: Option<&str>, kind: ErrorKind) -> bool {
    let mentions_kms = message.is_some_and(|m| m.to_ascii_lowercase().contains("kms"));
    code == "InvalidKeyId" || code.starts_with("KMS") || (kind == ErrorKind::AccessDenied && mentions_kms)
}

fn detail(error: &AwsError) -> String {
    match (&error.code, &error.message) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.clone(),
        (None, Some(message)) => message.clone(),
        (None, None) => "no details".to_owned(),
    }
}

/// Runs `attempt` again after [`THROTTLE_BACKOFF`] waits while it is throttled.
async fn retry_throttled<T, F, Fut>(what: &str, mut attempt: F) -> Result<T, SsmError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, SsmError>>,
{
    let mut waits = THROTTLE_BACKOFF.iter();
    loop {
        match attempt().await {
            Err(e) if e.kind() == ErrorKind::Throttled => match waits.next() {
                Some(wait) => {
                    tracing::info!(resource = what, wait_ms = wait.as_millis(), "ssm throttled; retrying");
                    tokio::time::sleep(*wait).await;
                }
                None => return Err(e),
            },
            other => return other,
        }
    }
}

/// A DescribeParameters filter. Building one fails only without a key, and
/// the key is always set; the error is still reported rather than unwrapped.
fn filter(key: &str, option: &str, value: &str) -> Result<ParameterStringFilter, BuildError> {
    ParameterStringFilter::builder().key(key).option(option).values(value).build()
}

fn filter_error(e: &BuildError, resource: &str) -> SsmError {
    SsmError::Aws(AwsError::internal("DescribeParameters", resource, &format!("building a filter: {e}")))
}

/// Lists parameter metadata with DescribeParameters, page by page. Values are
/// never fetched, so this needs neither ssm:GetParameter nor kms:Decrypt.
/// `path` limits the listing to everything below a path (`/app/dev`, a Path
/// filter with the Recursive option); `None` lists the whole account,
/// including names without a leading `/`. Empty pages that carry a token do
/// not end the listing, and throttled pages are retried with backoff.
#[must_use]
pub fn list_parameters(path: Option<&str>, provider: &AwsProvider) -> Pages<Parameter, SsmError> {
    let client = provider.ssm();
    let provider = provider.clone();
    let path = path.map(|p| p.trim_end_matches('/').to_owned()).filter(|p| !p.is_empty());
    Pages::new(move |token, page| {
        let (client, provider, path) = (client.clone(), provider.clone(), path.clone());
        async move {
            let resource = path.clone().unwrap_or_else(|| "all parameters".to_owned());
            retry_throttled(&resource, || {
                let (client, provider, path, token, resource) =
                    (client.clone(), provider.clone(), path.clone(), token.clone(), resource.clone());
                async move {
                    let call = Call { service: "ssm", operation: "DescribeParameters", resource: &resource };
                    let mut request =
                        client.describe_parameters().max_results(provider.page_sizes().ssm).set_next_token(token);
                    if let Some(path) = &path {
                        request = request
                            .parameter_filters(filter("Path", "Recursive", path).map_err(|e| filter_error(&e, path))?);
                    }
                    provider
                        .send(call, page, request.send(), |out| {
                            let items: Vec<Parameter> = out.parameters().iter().map(Parameter::from_sdk).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| fail(call, failed.error, false))
                }
            })
            .await
        }
        .boxed()
    })
}

/// Lists the parameters whose name contains any of `texts` (DescribeParameters
/// with a `Name` filter, the `Contains` option and one value each; values
/// are ORed), page by page. AWS compares names case-sensitively; callers
/// wanting a case-insensitive match send the cases they expect and filter
/// again on their side. Throttled pages are retried with backoff.
#[must_use]
pub fn find_parameters(texts: &[String], provider: &AwsProvider) -> Pages<Parameter, SsmError> {
    let client = provider.ssm();
    let provider = provider.clone();
    let texts = texts.to_vec();
    let text = texts.first().cloned().unwrap_or_default();
    Pages::new(move |token, page| {
        let (client, provider, text, texts) = (client.clone(), provider.clone(), text.clone(), texts.clone());
        async move {
            let resource = format!("parameters named *{text}*");
            retry_throttled(&resource, || {
                let (client, provider, texts, token, resource) =
                    (client.clone(), provider.clone(), texts.clone(), token.clone(), resource.clone());
                async move {
                    let call = Call { service: "ssm", operation: "DescribeParameters", resource: &resource };
                    let name = ParameterStringFilter::builder()
                        .key("Name")
                        .option("Contains")
                        .set_values(Some(texts))
                        .build()
                        .map_err(|e| filter_error(&e, &resource))?;
                    let request = client
                        .describe_parameters()
                        .max_results(provider.page_sizes().ssm)
                        .set_next_token(token)
                        .parameter_filters(name);
                    provider
                        .send(call, page, request.send(), |out| {
                            let items: Vec<Parameter> = out.parameters().iter().map(Parameter::from_sdk).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| SsmError::Aws(failed.error))
                }
            })
            .await
        }
        .boxed()
    })
}

/// The metadata of one parameter (DescribeParameters with a Name filter),
/// including who last changed it, which GetParameter does not say.
///
/// # Errors
/// [`SsmError::ParameterNotFound`] when there is no such parameter, or the
/// classified failure.
pub async fn describe_parameter(name: &str, provider: &AwsProvider) -> Result<Parameter, SsmError> {
    let client = &provider.ssm();
    retry_throttled(name, || async move {
        let call = Call { service: "ssm", operation: "DescribeParameters", resource: name };
        let mut token = None;
        let mut page = 0;
        // The Name filter matches at most one parameter, but AWS may still
        // hand out empty pages with a token first.
        loop {
            page += 1;
            let request = client
                .describe_parameters()
                .parameter_filters(filter("Name", "Equals", name).map_err(|e| filter_error(&e, name))?)
                .set_next_token(token)
                .send();
            let (found, next) = provider
                .send(call, page, request, |out| {
                    let found = out.parameters().iter().find(|p| p.name() == Some(name)).map(Parameter::from_sdk);
                    let next = out.next_token().map(str::to_owned);
                    Answer::counted((found, next.clone()), out.parameters().len(), next.is_some())
                })
                .await
                .map_err(|failed| fail(call, failed.error, false))?;
            if let Some(found) = found {
                return Ok(found);
            }
            token = next;
            if token.is_none() {
                return Err(SsmError::ParameterNotFound { name: name.to_owned() });
            }
        }
    })
    .await
}

/// One parameter with its value (GetParameter). With [`Decrypt::No`] a
/// SecureString's value is `None`. `name` may carry a version or label
/// selector (`/app/db/host:3`).
///
/// # Errors
/// [`SsmError::ParameterNotFound`], [`SsmError::ParameterVersionNotFound`],
/// [`SsmError::DecryptDenied`] (KMS refused), or the classified failure.
pub async fn get_parameter(name: &str, decrypt: Decrypt, provider: &AwsProvider) -> Result<ParameterValue, SsmError> {
    let client = &provider.ssm();
    retry_throttled(name, || async move {
        let call = Call { service: "ssm", operation: "GetParameter", resource: name };
        let request = client.get_parameter().name(name).with_decryption(decrypt.on()).send();
        provider
            .send(call, 1, request, |out| {
                Answer::one(out.parameter().map(|p| ParameterValue::from_sdk(p, decrypt.on())))
            })
            .await
            .map_err(|failed| fail(call, failed.error, decrypt.on()))?
            .ok_or_else(|| SsmError::ParameterNotFound { name: name.to_owned() })
    })
    .await
}

/// The value of one parameter, decrypted (the seed's `get_parameter_value`).
///
/// # Errors
/// As [`get_parameter`].
pub async fn get_parameter_value(name: &str, provider: &AwsProvider) -> Result<Sensitive, SsmError> {
    let found = get_parameter(name, Decrypt::Yes, provider).await?;
    Ok(found.value.unwrap_or_default())
}

/// The value of one parameter, decrypted and parsed as JSON (the seed's
/// `get_parameter_json`).
///
/// # Errors
/// As [`get_parameter`], or [`SsmError::NotJson`].
pub async fn get_parameter_json(name: &str, provider: &AwsProvider) -> Result<json::Json, SsmError> {
    let value = get_parameter_value(name, provider).await?;
    // The parse error names a position only, never the text around it.
    json::parse(value.expose()).map_err(|e| SsmError::NotJson { name: name.to_owned(), detail: e.to_string() })
}

/// Every parameter below `path` with its value (GetParametersByPath,
/// recursive), page by page (the seed's `get_ssm_params_by_path`).
#[must_use]
pub fn get_parameters_by_path(path: &str, decrypt: Decrypt, provider: &AwsProvider) -> Pages<ParameterValue, SsmError> {
    let client = provider.ssm();
    let provider = provider.clone();
    let path = if path.is_empty() { "/".to_owned() } else { path.to_owned() };
    Pages::new(move |token, page| {
        let (client, provider, path) = (client.clone(), provider.clone(), path.clone());
        async move {
            retry_throttled(&path, || {
                let (client, provider, path, token) = (client.clone(), provider.clone(), path.clone(), token.clone());
                async move {
                    let call = Call { service: "ssm", operation: "GetParametersByPath", resource: &path };
                    let request = client
                        .get_parameters_by_path()
                        .path(&path)
                        .recursive(true)
                        .with_decryption(decrypt.on())
                        .max_results(provider.page_sizes().ssm.min(BY_PATH_PAGE_SIZE))
                        .set_next_token(token)
                        .send();
                    provider
                        .send(call, page, request, |out| {
                            let items: Vec<ParameterValue> =
                                out.parameters().iter().map(|p| ParameterValue::from_sdk(p, decrypt.on())).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| fail(call, failed.error, decrypt.on()))
                }
            })
            .await
        }
        .boxed()
    })
}

/// Every version of a parameter, oldest first (GetParameterHistory), page
/// by page. With [`Decrypt::No`] SecureString values are `None`.
#[must_use]
pub fn parameter_history(name: &str, decrypt: Decrypt, provider: &AwsProvider) -> Pages<ParameterVersion, SsmError> {
    let client = provider.ssm();
    let provider = provider.clone();
    let name = name.to_owned();
    Pages::new(move |token, page| {
        let (client, provider, name) = (client.clone(), provider.clone(), name.clone());
        async move {
            retry_throttled(&name, || {
                let (client, provider, name, token) = (client.clone(), provider.clone(), name.clone(), token.clone());
                async move {
                    let call = Call { service: "ssm", operation: "GetParameterHistory", resource: &name };
                    let request = client
                        .get_parameter_history()
                        .name(&name)
                        .with_decryption(decrypt.on())
                        .max_results(provider.page_sizes().ssm)
                        .set_next_token(token)
                        .send();
                    provider
                        .send(call, page, request, |out| {
                            let items: Vec<ParameterVersion> =
                                out.parameters().iter().map(|h| ParameterVersion::from_sdk(h, decrypt.on())).collect();
                            Answer::page(items, out.next_token().map(str::to_owned))
                        })
                        .await
                        .map_err(|failed| fail(call, failed.error, decrypt.on()))
                }
            })
            .await
        }
        .boxed()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kms_refusals_are_recognised() {
        assert!(is_kms_refusal(
            "AccessDeniedException",
            Some("User: x is not authorized to perform: kms:Decrypt on resource: y"),
            ErrorKind::AccessDenied
        ));
        assert!(is_kms_refusal("InvalidKeyId", None, ErrorKind::Other));
        assert!(!is_kms_refusal("AccessDeniedException", Some("no ssm:GetParameter"), ErrorKind::AccessDenied));
    }

    #[test]
    fn a_conflict_says_who_changed_it_and_what_to_do() {
        let e = SsmError::VersionConflict {
            name: "/app/x".into(),
            expected: 3,
            found: 4,
            modified_by: Some("arn:aws:iam::1:user/bob".into()),
            modified_at: OffsetDateTime::from_unix_timestamp(1_700_000_000).ok(),
        };
        assert_eq!(
            e.to_string(),
            "Refusing to write /app/x: it changed since you opened it (you opened version 3; it is now version 4, \
             changed by arn:aws:iam::1:user/bob at 2023-11-14 22:13:20 UTC). Nothing was written. Press r to reload \
             it, then make your change again."
        );
    }
}
