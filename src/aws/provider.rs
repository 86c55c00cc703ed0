//! `AwsProvider`: the one place that knows profiles, regions, assumed roles,
//! timeouts and endpoint overrides, and hands out service clients.
//!
//! Resolving credentials is the expensive part, so a provider is built once per
//! [`AwsContext`] and cached by [`ProviderCache`]; clients are cheap to make
//! from it on demand.

mod cache;
mod error;
mod options;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::sts::AssumeRoleProvider;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use aws_config::provider_config::ProviderConfig;

use super::context::{AwsContext, AwsEnvironment, RegionSource};
use super::context::{MfaCode, RoleSpec};
use super::error::{AwsError, Call, ErrorKind};
use super::profiles::{ProfilePaths, read_profiles};
use super::resolve::{self, EnvVars, Sources};
use cache::Primed;

pub use self::cache::ProviderCache;
pub use self::error::ProviderError;
pub use self::options::{PageSizes, ProviderOptions, Timeouts};
pub use super::resolve::FALLBACK_REGION;
use super::ssm::Sensitive;

/// A session's credentials, handed to a child process through its
/// environment. `Debug` shows none of them.
#[derive(Debug, Clone)]
pub struct ExportedCredentials {
    /// `AWS_ACCESS_KEY_ID`.
    pub access_key_id: Sensitive,
    /// `AWS_SECRET_ACCESS_KEY`.
    pub secret_access_key: Sensitive,
    /// `AWS_SESSION_TOKEN`, for temporary credentials.
    pub session_token: Option<Sensitive>,
}

/// A getter for a service whose client needs nothing beyond the shared config
/// and the test interceptors.
macro_rules! client_getter {
    ($(#[$doc:meta])* $name:ident, $krate:ident) => {
        $(#[$doc])*
        #[must_use]
        pub fn $name(&self) -> $krate::Client {
            let mut builder = $krate::config::Builder::from(&self.inner.config);
            if let Some(url) = &self.inner.endpoint_flag {
                builder.set_endpoint_url(Some(url.clone()));
            }
            for interceptor in &self.inner.interceptors {
                builder.push_interceptor(interceptor.clone());
            }
            $krate::Client::from_conf(builder.build())
        }
    };
}

/// The client factory for one [`AwsContext`]. Cheap to clone.
#[derive(Clone)]
pub struct AwsProvider {
    inner: Arc<Inner>,
}

struct Inner {
    environment: AwsEnvironment,
    config: SdkConfig,
    path_style: bool,
    /// `--endpoint-url`, set on every client so that it beats per-service
    /// endpoints (the SDK ranks a loader-wide URL below them).
    endpoint_flag: Option<String>,
    interceptors: Vec<SharedInterceptor>,
    page_sizes: PageSizes,
}

impl fmt::Debug for AwsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsProvider").field("environment", &self.inner.environment).finish_non_exhaustive()
    }
}

impl AwsProvider {
    /// Resolves `context` into a provider by the aws CLI's rules (see
    /// [`super::resolve`]): reads the profile files, picks the profile, the
    /// credentials chain, the region and each service's endpoint, builds the
    /// HTTP client (proxies, CA bundle), sets timeouts and retries, and layers
    /// assumed roles on top. Credentials themselves are fetched lazily by the
    /// first call (or by [`Self::with_checked_credentials`]).
    ///
    /// # Errors
    /// An unknown profile, a malformed config file, an unusable CA bundle or
    /// an invalid role ARN.
    pub async fn connect(context: AwsContext, options: &ProviderOptions) -> Result<Self, ProviderError> {
        let env = options.env.clone().unwrap_or_else(EnvVars::from_process);
        let paths = options.profile_files.clone().unwrap_or_else(ProfilePaths::from_env);
        let (catalog, sdk_files) = {
            let paths = paths.clone();
            tokio::task::spawn_blocking(move || read_profiles(&paths.config, &paths.credentials))
                .await
                .unwrap_or_default()
        };
        let (selected, origin) = resolve::select_profile(&context, &env);
        if let Some(problem) = catalog.problem_in(&selected) {
            return Err(ProviderError::MalformedConfig { detail: problem.to_string() });
        }
        let entry = catalog.get(&selected).cloned();
        // botocore refuses an unknown profile whether it was named or came from
        // AWS_PROFILE; only a missing `default` is fine (the chain goes on).
        if entry.is_none() && origin != resolve::ProfileOrigin::Default {
            return Err(ProviderError::UnknownProfile { profile: selected, searched: paths.describe() });
        }
        let (region, region_source) = resolve::region(&context, &env, entry.as_ref());
        let default_chain = resolve::uses_default_chain(origin);

        // A profile whose role needs an MFA code: the SDK cannot prompt, so
        // awscope assumes that role itself on top of the source profile —
        // unless exported keys come first in the default chain, as in the CLI.
        let mut profile_role = None;
        let mut credentials_profile = None;
        if let Some(entry) = &entry
            && !(default_chain && env.has_keys())
            && let (Some(serial), Some(arn), Some(source)) = (&entry.mfa_serial, &entry.role_arn, &entry.source_profile)
        {
            let Some(code) = context.mfa_code.clone() else {
                return Err(ProviderError::MfaRequired { profile: entry.name.clone(), serial: serial.clone() });
            };
            credentials_profile = Some(source.clone());
            profile_role = Some(RoleSpec {
                session_name: entry.role_session_name.clone(),
                external_id: entry.external_id.clone(),
                duration_secs: entry.duration_seconds,
                mfa: Some(MfaCode { serial: serial.clone(), code }),
                ..RoleSpec::new(arn.clone())
            });
        } else if !default_chain {
            credentials_profile = Some(selected.clone());
        }

        let (proxies, no_proxy, ca_bundle) = resolve::network(&env, entry.as_ref());
        let http = resolve::http_client(!proxies.is_empty(), ca_bundle.as_ref())
            .map_err(|e| ProviderError::MalformedConfig { detail: e.to_string() })?;
        let timeouts = timeout_config(options.timeouts);
        let retries = RetryConfig::standard().with_max_attempts(options.max_attempts.unwrap_or(3));
        let files = sdk_files.to_env_config_files();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.clone()))
            .timeout_config(timeouts.clone())
            .retry_config(retries.clone())
            .http_client(http.clone())
            .profile_files(files.clone())
            .profile_name(&selected);
        if let Some(profile) = &credentials_profile {
            let conf = ProviderConfig::without_region()
                .with_region(Some(Region::new(region.clone())))
                .with_http_client(http)
                .with_timeout_config(timeouts)
                .with_retry_config(retries);
            loader = loader.credentials_provider(resolve::named_profile_chain(&conf, files.clone(), profile));
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let endpoints = resolve::endpoints(options.endpoint_url.as_deref(), &env, &files, &selected).await;
        let description = match &credentials_profile {
            Some(source) if profile_role.is_some() => format!(
                "profile {selected} → role {} (MFA, assumed by awscope) ← {}",
                profile_role.as_ref().map(RoleSpec::short).unwrap_or_default(),
                resolve::describe_profile(&catalog, source)
            ),
            _ => resolve::describe_credentials(&catalog, &selected, origin, &env),
        };
        let sources = Sources {
            profile: selected,
            profile_origin: origin,
            files: paths.describe().replacen(" or ", " and ", 1),
            credentials: description,
            endpoints,
            proxies,
            no_proxy,
            ca_bundle,
        };
        let endpoint_url = options
            .endpoint_url
            .clone()
            .or_else(|| config.endpoint_url().map(str::to_owned))
            .or_else(|| sources.endpoints.iter().find_map(|e| e.url.clone()));
        let path_style = sources.endpoint("s3").is_some();
        let environment = AwsEnvironment { context: context.clone(), region, region_source, endpoint_url, sources };
        let mut provider = Self {
            inner: Arc::new(Inner {
                environment,
                config,
                path_style,
                endpoint_flag: options.endpoint_url.clone(),
                interceptors: Vec::new(),
                page_sizes: options.page_sizes,
            }),
        };
        for role in profile_role.iter().chain(context.roles()) {
            provider = provider.assume(role).await?;
        }
        Ok(provider)
    }

    /// This provider with `role` assumed on top. Without MFA the SDK's role
    /// provider keeps the session fresh; with MFA the code is single-use, so
    /// the session lasts until it expires and then fails with
    /// [`super::ErrorKind::MfaExpired`] (see [`super::mfa`]), judged by the SDK
    /// config's time source. Public so tests can assume a role over a fake
    /// transport; [`AwsProvider::connect`] is the way in otherwise.
    ///
    /// # Errors
    /// An invalid role ARN, or (with MFA) STS refusing the role or the code.
    pub async fn assume(&self, role: &RoleSpec) -> Result<Self, ProviderError> {
        if !role.arn.starts_with("arn:") || !role.arn.contains(":role/") {
            return Err(ProviderError::InvalidRoleArn { arn: role.arn.clone() });
        }
        let config = &self.inner.config;
        let credentials =
            if let Some(mfa) = &role.mfa {
                let temporary = super::sts::assume_role(role, self).await.map_err(|e| {
                    ProviderError::AssumeRoleFailed { arn: role.arn.clone(), kind: e.kind(), message: e.to_string() }
                })?;
                let credentials = Credentials::new(
                    temporary.access_key_id,
                    temporary.secret_access_key,
                    Some(temporary.session_token),
                    temporary.expires,
                    "awscope-mfa",
                );
                SharedCredentialsProvider::new(super::mfa::MfaCredentials::new(
                    credentials,
                    role.arn.clone(),
                    mfa.serial.clone(),
                    config.time_source(),
                ))
            } else {
                let mut builder = AssumeRoleProvider::builder(role.arn.clone())
                    .session_name(role.session_name.clone().unwrap_or_else(default_session_name))
                    .configure(config);
                if let Some(id) = &role.external_id {
                    builder = builder.external_id(id.clone());
                }
                if let Some(secs) = role.duration_secs.and_then(|s| u64::try_from(s).ok()) {
                    builder = builder.session_length(Duration::from_secs(secs));
                }
                SharedCredentialsProvider::new(builder.build().await)
            };
        let config = config.clone().into_builder().credentials_provider(credentials).build();
        let inner = &self.inner;
        Ok(Self {
            inner: Arc::new(Inner {
                environment: inner.environment.clone(),
                config,
                path_style: inner.path_style,
                endpoint_flag: inner.endpoint_flag.clone(),
                interceptors: inner.interceptors.clone(),
                page_sizes: inner.page_sizes,
            }),
        })
    }

    /// Resolves the credentials once: proves they work (an expired SSO session
    /// or a refused role shows now, not on the first list) and says when they
    /// expire. Returns a provider primed with them, so the first calls do not
    /// resolve them (an AssumeRole, an SSO exchange) a second time.
    ///
    /// # Errors
    /// The classified credential failure.
    pub async fn with_checked_credentials(self) -> Result<(Self, Option<std::time::SystemTime>), AwsError> {
        use aws_credential_types::provider::ProvideCredentials;
        let Some(inner) = self.inner.config.credentials_provider() else {
            return Ok((self, None));
        };
        let credentials = inner.provide_credentials().await.map_err(|e| {
            let mut error = AwsError::from_credentials(self.context().profile.as_deref(), &e);
            if error.kind == ErrorKind::MissingCredentials && !self.inner.environment.sources.profile.is_empty() {
                // The SDK's chain dump stays in the log; the screen gets what was
                // looked for, a line each, and what to do.
                tracing::warn!(detail = error.message.as_deref().unwrap_or(""), "no credentials found");
                error.resource = self.inner.environment.label();
                error.message = Some(resolve::no_credentials_help(&self.inner.environment.sources));
            }
            error
        })?;
        let expiry = credentials.expiry();
        let primed = SharedCredentialsProvider::new(Primed { credentials, inner });
        let config = self.inner.config.clone().into_builder().credentials_provider(primed).build();
        let old = &self.inner;
        let provider = Self {
            inner: Arc::new(Inner {
                environment: old.environment.clone(),
                config,
                path_style: old.path_style,
                endpoint_flag: old.endpoint_flag.clone(),
                interceptors: old.interceptors.clone(),
                page_sizes: old.page_sizes,
            }),
        };
        Ok((provider, expiry))
    }

    /// A provider over a ready `SdkConfig`, with extra interceptors on every
    /// client. Tests use this with a fake transport (`aws-smithy-mocks`).
    #[must_use]
    pub fn from_sdk_config(
        context: AwsContext,
        config: SdkConfig,
        region_source: RegionSource,
        interceptors: Vec<SharedInterceptor>,
    ) -> Self {
        let endpoint_url = config.endpoint_url().map(str::to_owned);
        let path_style = endpoint_url.is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
        let region = config.region().map_or_else(|| FALLBACK_REGION.to_owned(), ToString::to_string);
        let environment =
            AwsEnvironment { context, region, region_source, endpoint_url, sources: resolve::Sources::default() };
        let page_sizes = PageSizes::default();
        Self {
            inner: Arc::new(Inner { environment, config, path_style, endpoint_flag: None, interceptors, page_sizes }),
        }
    }

    /// This provider asking for `page_sizes` items per page.
    #[must_use]
    pub fn with_page_sizes(&self, page_sizes: PageSizes) -> Self {
        let old = &self.inner;
        Self {
            inner: Arc::new(Inner {
                environment: old.environment.clone(),
                config: old.config.clone(),
                path_style: old.path_style,
                endpoint_flag: old.endpoint_flag.clone(),
                interceptors: old.interceptors.clone(),
                page_sizes,
            }),
        }
    }

    /// This provider in another region: the same credentials (already
    /// resolved, shared), endpoint, interceptors and page sizes; only the
    /// region its clients call changes.
    #[must_use]
    pub fn in_region(&self, region: &str) -> Self {
        let old = &self.inner;
        let config = old.config.clone().into_builder().region(Region::new(region.to_owned())).build();
        let mut environment = old.environment.clone();
        environment.region = region.to_owned();
        environment.context.region = Some(region.to_owned());
        environment.region_source = RegionSource::Explicit;
        Self {
            inner: Arc::new(Inner {
                environment,
                config,
                path_style: old.path_style,
                endpoint_flag: old.endpoint_flag.clone(),
                interceptors: old.interceptors.clone(),
                page_sizes: old.page_sizes,
            }),
        }
    }

    /// Items per page of each listing.
    #[must_use]
    pub fn page_sizes(&self) -> PageSizes {
        self.inner.page_sizes
    }

    /// The context this provider was built for.
    #[must_use]
    pub fn context(&self) -> &AwsContext {
        &self.inner.environment.context
    }

    /// The resolved region, endpoint and profile.
    #[must_use]
    pub fn environment(&self) -> &AwsEnvironment {
        &self.inner.environment
    }

    /// The shared SDK configuration (credentials, region, timeouts).
    #[must_use]
    pub fn sdk_config(&self) -> &SdkConfig {
        &self.inner.config
    }

    /// The credentials this provider signs with now (renewed first if they
    /// expired), for a child `aws` CLI that must act as this session.
    ///
    /// # Errors
    /// The classified credential failure, or `MissingCredentials` when the
    /// provider has no credentials at all.
    pub async fn export_credentials(&self) -> Result<ExportedCredentials, AwsError> {
        use aws_credential_types::provider::ProvideCredentials;
        let Some(source) = self.inner.config.credentials_provider() else {
            let none = aws_credential_types::provider::error::CredentialsError::not_loaded("no credentials provider");
            return Err(AwsError::from_credentials(self.context().profile.as_deref(), &none));
        };
        let credentials = source
            .provide_credentials()
            .await
            .map_err(|e| AwsError::from_credentials(self.context().profile.as_deref(), &e))?;
        Ok(ExportedCredentials {
            access_key_id: Sensitive::new(credentials.access_key_id()),
            secret_access_key: Sensitive::new(credentials.secret_access_key()),
            session_token: credentials.session_token().map(Sensitive::new),
        })
    }

    /// An S3 client for the provider's region.
    #[must_use]
    pub fn s3(&self) -> aws_sdk_s3::Client {
        aws_sdk_s3::Client::from_conf(self.s3_config(None))
    }

    /// An S3 client for another region, for buckets that live there.
    #[must_use]
    pub fn s3_in(&self, region: &str) -> aws_sdk_s3::Client {
        aws_sdk_s3::Client::from_conf(self.s3_config(Some(region)))
    }

    fn s3_config(&self, region: Option<&str>) -> aws_sdk_s3::Config {
        let mut builder = aws_sdk_s3::config::Builder::from(&self.inner.config);
        if let Some(url) = &self.inner.endpoint_flag {
            builder.set_endpoint_url(Some(url.clone()));
        }
        // Emulators and most S3-compatible endpoints answer on one host, so the
        // bucket goes in the path rather than the host name.
        builder.set_force_path_style(Some(self.inner.path_style));
        if let Some(region) = region {
            builder.set_region(Some(Region::new(region.to_owned())));
        }
        for interceptor in &self.inner.interceptors {
            builder.push_interceptor(interceptor.clone());
        }
        builder.build()
    }

    client_getter!(
        /// An STS client.
        sts, aws_sdk_sts
    );
    client_getter!(
        /// An EC2 client.
        ec2, aws_sdk_ec2
    );
    client_getter!(
        /// An SSM client.
        ssm, aws_sdk_ssm
    );
    client_getter!(
        /// An ECS client.
        ecs, aws_sdk_ecs
    );
    client_getter!(
        /// A CloudWatch Logs client.
        logs, aws_sdk_cloudwatchlogs
    );

    /// A CloudWatch Logs client for another region: a log group that lives
    /// elsewhere than the context (an ECS container whose `awslogs-region`
    /// differs). Same credentials and endpoint; only the region changes.
    #[must_use]
    pub fn logs_in(&self, region: &str) -> aws_sdk_cloudwatchlogs::Client {
        let mut builder = aws_sdk_cloudwatchlogs::config::Builder::from(&self.inner.config);
        if let Some(url) = &self.inner.endpoint_flag {
            builder.set_endpoint_url(Some(url.clone()));
        }
        builder.set_region(Some(Region::new(region.to_owned())));
        for interceptor in &self.inner.interceptors {
            builder.push_interceptor(interceptor.clone());
        }
        aws_sdk_cloudwatchlogs::Client::from_conf(builder.build())
    }

    /// Classifies an SDK error from `call`, naming this provider's profile.
    pub fn error<E>(&self, call: Call<'_>, err: &SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let mut error = AwsError::from_sdk(call, self.context().profile.as_deref(), err);
        error.region = Some(self.environment().region.clone());
        error
    }
}

fn timeout_config(t: Timeouts) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(t.connect)
        .operation_attempt_timeout(t.attempt)
        .operation_timeout(t.operation)
        .build()
}

/// `awscope-<user>`, trimmed to what STS accepts as a session name.
#[must_use]
pub fn default_session_name() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "user".to_owned());
    let clean: String = user.chars().filter(|c| c.is_ascii_alphanumeric() || "+=,.@-_".contains(*c)).collect();
    let mut name = format!("awscope-{clean}");
    name.truncate(64);
    name
}
