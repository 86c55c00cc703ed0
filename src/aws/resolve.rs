//! How a context becomes a profile, credentials, a region, endpoints and an
//! HTTP client, by the aws CLI's rules, and where each of them came from.
//!
//! The SDK (aws-config and the HTTP client) does the resolving; this module
//! only decides what to ask of it where awscope and the SDK's defaults part
//! ways, and records each setting's source for `:whoami`:
//!
//! - a profile named explicitly (`--profile`, `P`, `:profile`) never reads
//!   exported keys: botocore drops the environment provider for it, while the
//!   SDK's default chain keeps trying the environment first. Selected only by
//!   `AWS_PROFILE` (or nothing), the default chain runs, environment first;
//! - the region: `--region` (or `R`), `AWS_REGION`, `AWS_DEFAULT_REGION`, the
//!   profile's `region`, then `us-east-1` (awscope never asks instance metadata);
//! - endpoints: `--endpoint-url` for every service; otherwise, per service,
//!   `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
//!   `[services]` section, its `endpoint_url` (all skipped under
//!   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` / `ignore_configured_endpoint_urls`);
//! - the network: `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (either case) and
//!   `AWS_CA_BUNDLE` or the profile's `ca_bundle`.

mod describe;

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use aws_config::meta::credentials::CredentialsProviderChain;
use aws_config::provider_config::ProviderConfig;
use aws_runtime::env_config::EnvConfigValue;
use aws_runtime::env_config::file::EnvConfigFiles;
use aws_smithy_runtime_api::client::http::SharedHttpClient;
use aws_types::origin::Origin;
use aws_types::os_shim_internal::{Env, Fs};

use super::context::{AwsContext, RegionSource};
use super::profiles::ProfileEntry;

pub use self::describe::{describe_credentials, describe_profile, no_credentials_help, whoami_json, whoami_lines};

/// The services awscope calls: the id the `[services]` section uses and the
/// suffix of their `AWS_ENDPOINT_URL_<SERVICE>` variable.
pub const SERVICES: [(&str, &str); 5] = [("sts", "STS"), ("s3", "S3"), ("ec2", "EC2"), ("ssm", "SSM"), ("ecs", "ECS")];

/// The region used when neither the command line, the environment nor the
/// profile names one. awscope never probes instance metadata for a region.
pub const FALLBACK_REGION: &str = "us-east-1";

/// The environment variables resolution reads, captured once per connect.
/// `Debug` lists names only: values hold keys and tokens.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct EnvVars(HashMap<String, String>);

impl fmt::Debug for EnvVars {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.0.keys().collect();
        names.sort();
        f.debug_tuple("EnvVars").field(&names).finish()
    }
}

impl EnvVars {
    /// This process's environment (names and values that are valid UTF-8).
    #[must_use]
    pub fn from_process() -> Self {
        Self(std::env::vars().collect())
    }

    /// A made-up environment, for tests.
    #[must_use]
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Self {
        Self(pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect())
    }

    /// The variable's value, when set and not blank.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The first of `names` that is set, with its value.
    fn first<'a>(&'a self, names: &[&'static str]) -> Option<(&'static str, &'a str)> {
        names.iter().find_map(|n| self.get(n).map(|v| (*n, v)))
    }

    /// Whether exported static keys are present (`AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`), which the default chain would use first.
    #[must_use]
    pub fn has_keys(&self) -> bool {
        self.get("AWS_ACCESS_KEY_ID").is_some() && self.get("AWS_SECRET_ACCESS_KEY").is_some()
    }

    fn to_sdk_env(&self) -> Env {
        Env::from(self.0.clone())
    }
}

/// Why this profile's settings are the ones in use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ProfileOrigin {
    /// Named by the user: `--profile`, the `P` picker or `:profile`.
    Named,
    /// The `AWS_PROFILE` variable.
    AwsProfile,
    /// The `AWS_DEFAULT_PROFILE` variable (as the aws CLI v1 reads it).
    AwsDefaultProfile,
    /// Nothing named one: the `default` profile.
    #[default]
    Default,
}

impl ProfileOrigin {
    /// How the origin reads after the profile's name (`dev (AWS_PROFILE)`).
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Named => "named",
            Self::AwsProfile => "AWS_PROFILE",
            Self::AwsDefaultProfile => "AWS_DEFAULT_PROFILE",
            Self::Default => "default",
        }
    }
}

/// One service's endpoint and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSource {
    /// The service (`s3`).
    pub service: &'static str,
    /// The URL calls go to; `None` is AWS's own endpoint for the region.
    pub url: Option<String>,
    /// Where the URL came from (`AWS_ENDPOINT_URL_S3`, `--endpoint-url`, …).
    pub source: String,
}

/// A proxy in force: its URL (user and password hidden) and the variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxySource {
    /// `HTTPS_PROXY`, `http_proxy`, …
    pub variable: &'static str,
    /// The proxy URL with any `user:password@` replaced by `***@`.
    pub url: String,
}

/// Where every setting of a connected context came from, for `:whoami`.
/// Never holds a key, token or code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// The profile whose settings are read.
    pub profile: String,
    /// Why that profile.
    pub profile_origin: ProfileOrigin,
    /// The config and credentials files read (`~/.aws/config and ~/.aws/credentials`).
    pub files: String,
    /// Where the credentials come from, in words.
    pub credentials: String,
    /// Each service's endpoint.
    pub endpoints: Vec<EndpointSource>,
    /// Proxies in force (HTTPS and HTTP may differ).
    pub proxies: Vec<ProxySource>,
    /// `NO_PROXY`, when set.
    pub no_proxy: Option<String>,
    /// The certificate bundle trusted instead of the system's, and its source.
    pub ca_bundle: Option<(PathBuf, String)>,
}

impl Sources {
    /// The profile as the header names it: `profile dev`, or `profile dev
    /// from AWS_PROFILE` when the environment chose it.
    #[must_use]
    pub fn profile_label(&self) -> String {
        match self.profile_origin {
            ProfileOrigin::Named => format!("profile {}", self.profile),
            ProfileOrigin::Default => "default credentials".to_owned(),
            origin => format!("profile {} from {}", self.profile, origin.label()),
        }
    }

    /// The endpoint of `service`, when one is configured.
    #[must_use]
    pub fn endpoint(&self, service: &str) -> Option<&str> {
        self.endpoints.iter().find(|e| e.service == service).and_then(|e| e.url.as_deref())
    }
}

/// The profile whose settings are read: the one named, else `AWS_PROFILE`
/// (`AWS_DEFAULT_PROFILE` before it, as botocore reads them), else `default`.
#[must_use]
pub fn select_profile(context: &AwsContext, env: &EnvVars) -> (String, ProfileOrigin) {
    if let Some(name) = context.profile.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        return (name.to_owned(), ProfileOrigin::Named);
    }
    if let Some(name) = env.get("AWS_DEFAULT_PROFILE") {
        return (name.to_owned(), ProfileOrigin::AwsDefaultProfile);
    }
    if let Some(name) = env.get("AWS_PROFILE") {
        return (name.to_owned(), ProfileOrigin::AwsProfile);
    }
    ("default".to_owned(), ProfileOrigin::Default)
}

/// The region for every regional call, and where it came from.
#[must_use]
pub fn region(context: &AwsContext, env: &EnvVars, entry: Option<&ProfileEntry>) -> (String, RegionSource) {
    if let Some(region) = context.region.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        return (region.to_owned(), RegionSource::Explicit);
    }
    if let Some((variable, region)) = env.first(&["AWS_REGION", "AWS_DEFAULT_REGION"]) {
        return (region.to_owned(), RegionSource::Variable(variable));
    }
    match entry.and_then(|e| e.region.clone()) {
        Some(region) => (region, RegionSource::Profile),
        None => (FALLBACK_REGION.to_owned(), RegionSource::Fallback),
    }
}

/// Whether the default chain runs (environment first), rather than the
/// named profile alone.
#[must_use]
pub fn uses_default_chain(origin: ProfileOrigin) -> bool {
    origin != ProfileOrigin::Named
}

/// The credentials chain for a profile named explicitly: the profile, then
/// the sources the aws CLI still tries after it (web identity from the
/// environment, the container, instance metadata) — never exported keys.
pub fn named_profile_chain(conf: &ProviderConfig, files: EnvConfigFiles, profile: &str) -> CredentialsProviderChain {
    use aws_config::ecs::EcsCredentialsProvider;
    use aws_config::imds::credentials::ImdsCredentialsProvider;
    use aws_config::profile::ProfileFileCredentialsProvider;
    use aws_config::web_identity_token::WebIdentityTokenCredentialsProvider;
    #[allow(deprecated, reason = "ProfileFiles is the name this builder takes")]
    let profile_provider =
        ProfileFileCredentialsProvider::builder().configure(conf).profile_files(files).profile_name(profile).build();
    CredentialsProviderChain::first_try("Profile", profile_provider)
        .or_else("WebIdentityToken", WebIdentityTokenCredentialsProvider::builder().configure(conf).build())
        .or_else("EcsContainer", EcsCredentialsProvider::builder().configure(conf).build())
        .or_else("Ec2InstanceMetadata", ImdsCredentialsProvider::builder().configure(conf).build())
}

/// Each service's endpoint as the SDK's clients will resolve it, with its
/// source. `flag` is `--endpoint-url`, which wins for every service.
pub async fn endpoints(
    flag: Option<&str>,
    env: &EnvVars,
    files: &EnvConfigFiles,
    profile: &str,
) -> Vec<EndpointSource> {
    let sdk_env = env.to_sdk_env();
    let sections =
        aws_config::profile::load(&Fs::real(), &sdk_env, files, Some(Cow::Owned(profile.to_owned()))).await.ok();
    let ignore = env
        .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .or_else(|| sections.as_ref().and_then(|s| s.get("ignore_configured_endpoint_urls")))
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    SERVICES
        .iter()
        .map(|(service, suffix)| {
            if let Some(url) = flag {
                return EndpointSource { service, url: Some(url.to_owned()), source: "--endpoint-url".to_owned() };
            }
            let aws_default = || EndpointSource { service, url: None, source: "AWS default for the region".to_owned() };
            if ignore {
                return aws_default();
            }
            let loaded = EnvConfigValue::new()
                .env("AWS_ENDPOINT_URL")
                .profile("endpoint_url")
                .service_id(suffix)
                .load(&sdk_env, sections.as_ref());
            let Some((url, source)) = loaded else { return aws_default() };
            let origin: Origin = (&source).into();
            let source = if origin == Origin::service_environment_variable() {
                format!("AWS_ENDPOINT_URL_{suffix}")
            } else if origin == Origin::shared_environment_variable() {
                "AWS_ENDPOINT_URL".to_owned()
            } else if origin == Origin::service_profile_file() {
                format!("[services] {service} of profile {profile}")
            } else {
                format!("endpoint_url of profile {profile}")
            };
            EndpointSource { service, url: Some(url.into_owned()), source }
        })
        .collect()
}

/// The proxies and certificate bundle the environment and profile ask for.
#[must_use]
pub fn network(
    env: &EnvVars,
    entry: Option<&ProfileEntry>,
) -> (Vec<ProxySource>, Option<String>, Option<(PathBuf, String)>) {
    let mut proxies = Vec::new();
    for names in [["HTTPS_PROXY", "https_proxy"], ["HTTP_PROXY", "http_proxy"], ["ALL_PROXY", "all_proxy"]] {
        if let Some((variable, url)) = env.first(&names) {
            proxies.push(ProxySource { variable, url: hide_password(url) });
        }
    }
    let no_proxy = env.first(&["NO_PROXY", "no_proxy"]).map(|(_, v)| v.to_owned());
    let ca_bundle = match env.get("AWS_CA_BUNDLE") {
        Some(path) => Some((PathBuf::from(path), "AWS_CA_BUNDLE".to_owned())),
        None => entry
            .and_then(|e| e.ca_bundle.clone())
            .map(|path| (PathBuf::from(path), format!("ca_bundle of profile {}", entry.map_or("", |e| &e.name)))),
    };
    (proxies, no_proxy, ca_bundle)
}

/// `http://***@proxy:3128` from `http://user:secret@proxy:3128`.
fn hide_password(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let host_start = rest.find('@').map_or(0, |i| i + 1);
    let userinfo = &rest[..host_start];
    let shown = if userinfo.is_empty() { rest.to_owned() } else { format!("***@{}", &rest[host_start..]) };
    if scheme.is_empty() { shown } else { format!("{scheme}://{shown}") }
}

/// Why the HTTP client could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("The certificate bundle {path} ({source_name}) could not be used: {reason}. Fix the file, or unset it.")]
pub struct CaBundleError {
    /// The bundle's path.
    pub path: String,
    /// `AWS_CA_BUNDLE` or the profile key.
    pub source_name: String,
    /// What went wrong.
    pub reason: String,
}

/// The HTTPS client every call of the context uses: rustls, proxies from the
/// environment when any is set, and the CA bundle in place of the system's
/// roots when one is configured (as the aws CLI does).
///
/// # Errors
/// A CA bundle that cannot be read or holds no certificate.
pub fn http_client(proxied: bool, ca_bundle: Option<&(PathBuf, String)>) -> Result<SharedHttpClient, CaBundleError> {
    use aws_smithy_http_client::proxy::ProxyConfig;
    use aws_smithy_http_client::tls::{self, TlsContext, TrustStore};
    use aws_smithy_http_client::{Builder, ConnectorBuilder};

    let trust = match ca_bundle {
        Some((path, source)) => {
            let fail = |reason: String| CaBundleError {
                path: path.display().to_string(),
                source_name: source.clone(),
                reason,
            };
            let pem = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
                return Err(fail("it holds no PEM certificate".to_owned()));
            }
            TrustStore::empty().with_native_roots(false).with_pem_certificate(pem)
        }
        None => TrustStore::default(),
    };
    let context = TlsContext::builder().with_trust_store(trust).build().map_err(|e| CaBundleError {
        path: ca_bundle.map(|(p, _)| p.display().to_string()).unwrap_or_default(),
        source_name: ca_bundle.map(|(_, s)| s.clone()).unwrap_or_default(),
        reason: e.to_string(),
    })?;
    let proxy = if proxied { ProxyConfig::from_env() } else { ProxyConfig::disabled() };
    Ok(Builder::new().build_with_connector_fn(move |settings, components| {
        let mut builder = ConnectorBuilder::default()
            .tls_provider(tls::Provider::Rustls(tls::rustls_provider::CryptoMode::AwsLc))
            .tls_context(context.clone());
        builder.set_connector_settings(settings.cloned());
        if let Some(components) = components {
            builder.set_sleep_impl(components.sleep_impl());
        }
        builder.set_proxy_config(Some(proxy.clone()));
        builder.build()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(profile: Option<&str>, region: Option<&str>) -> AwsContext {
        AwsContext { profile: profile.map(str::to_owned), region: region.map(str::to_owned), ..AwsContext::default() }
    }

    #[test]
    fn a_named_profile_beats_the_environment_and_aws_profile_does_not_count_as_named() {
        let env = EnvVars::from_pairs(&[("AWS_PROFILE", "from-env")]);
        assert_eq!(select_profile(&context(Some("dev"), None), &env), ("dev".into(), ProfileOrigin::Named));
        assert_eq!(select_profile(&context(None, None), &env), ("from-env".into(), ProfileOrigin::AwsProfile));
        assert!(uses_default_chain(ProfileOrigin::AwsProfile));
        assert!(!uses_default_chain(ProfileOrigin::Named));
        let both = EnvVars::from_pairs(&[("AWS_PROFILE", "a"), ("AWS_DEFAULT_PROFILE", "b")]);
        assert_eq!(select_profile(&context(None, None), &both).0, "b", "botocore reads AWS_DEFAULT_PROFILE first");
        assert_eq!(
            select_profile(&context(None, None), &EnvVars::default()),
            ("default".into(), ProfileOrigin::Default)
        );
    }

    #[test]
    fn region_precedence_is_flag_then_aws_region_then_aws_default_region_then_profile() {
        let entry = crate::aws::profiles::catalog::parse_catalog(
            std::path::Path::new("c"),
            "[profile p]\nregion = eu-west-3\n",
            std::path::Path::new("k"),
            "",
        );
        let entry = entry.get("p");
        let both = EnvVars::from_pairs(&[("AWS_REGION", "ap-south-1"), ("AWS_DEFAULT_REGION", "us-west-2")]);
        assert_eq!(region(&context(None, Some("sa-east-1")), &both, entry).0, "sa-east-1");
        assert_eq!(
            region(&context(None, None), &both, entry),
            ("ap-south-1".into(), RegionSource::Variable("AWS_REGION"))
        );
        let default_only = EnvVars::from_pairs(&[("AWS_DEFAULT_REGION", "us-west-2")]);
        assert_eq!(region(&context(None, None), &default_only, entry).0, "us-west-2");
        assert_eq!(
            region(&context(None, None), &EnvVars::default(), entry),
            ("eu-west-3".into(), RegionSource::Profile)
        );
        assert_eq!(
            region(&context(None, None), &EnvVars::default(), None),
            (FALLBACK_REGION.into(), RegionSource::Fallback)
        );
    }

    #[test]
    fn proxy_passwords_are_hidden_and_env_debug_shows_names_only() {
        assert_eq!(hide_password("http://user:s3cret@proxy:3128"), "http://***@proxy:3128");
        assert_eq!(hide_password("http://proxy:3128"), "http://proxy:3128");
        let env = EnvVars::from_pairs(&[("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI")]);
        assert!(!format!("{env:?}").contains("wJalr"));
    }

    #[tokio::test]
    async fn per_service_endpoints_follow_the_sdk_precedence() {
        use aws_runtime::env_config::file::EnvConfigFileKind;
        let config = "[profile p]\nendpoint_url = http://profile\nservices = local\n\n[services local]\ns3 =\n  endpoint_url = http://services-s3\n";
        let files = EnvConfigFiles::builder().with_contents(EnvConfigFileKind::Config, config).build();
        let env =
            EnvVars::from_pairs(&[("AWS_ENDPOINT_URL_SSM", "http://env-ssm"), ("AWS_ENDPOINT_URL", "http://env")]);
        let found = endpoints(None, &env, &files, "p").await;
        let get = |s: &str| found.iter().find(|e| e.service == s).cloned().expect("every service listed");
        assert_eq!(get("ssm").url.as_deref(), Some("http://env-ssm"));
        assert_eq!(get("ssm").source, "AWS_ENDPOINT_URL_SSM");
        assert_eq!(get("ec2").url.as_deref(), Some("http://env"), "the global variable beats the profile");
        let profile_only = endpoints(None, &EnvVars::default(), &files, "p").await;
        let get = |s: &str| profile_only.iter().find(|e| e.service == s).cloned().expect("listed");
        assert_eq!(get("s3").url.as_deref(), Some("http://services-s3"));
        assert_eq!(get("s3").source, "[services] s3 of profile p");
        assert_eq!(get("sts").url.as_deref(), Some("http://profile"));
        let ignored = EnvVars::from_pairs(&[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]);
        assert!(endpoints(None, &ignored, &files, "p").await.iter().all(|e| e.url.is_none()));
        let flag = endpoints(Some("http://flag"), &env, &files, "p").await;
        assert!(flag.iter().all(|e| e.url.as_deref() == Some("http://flag")));
    }
}
