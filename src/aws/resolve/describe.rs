//! Where each setting came from, in words: the credentials chain, what was
//! looked for when nothing was found, and `:whoami`.

use super::{EnvVars, ProfileOrigin, Sources, uses_default_chain};
use crate::aws::context::{AwsEnvironment, RegionSource};
use crate::aws::profiles::{ProfileCatalog, ProfileKind};
use crate::aws::sts::CallerIdentity;

/// Where the credentials of `profile` come from, in words: `role
/// Admin@111122223333 ← profile base (static keys)`.
#[must_use]
pub fn describe_profile(catalog: &ProfileCatalog, profile: &str) -> String {
    let mut seen = Vec::new();
    describe_hop(catalog, profile, &mut seen)
}

fn describe_hop(catalog: &ProfileCatalog, profile: &str, seen: &mut Vec<String>) -> String {
    if seen.iter().any(|p| p == profile) {
        return format!("profile {profile} (a source_profile loop)");
    }
    seen.push(profile.to_owned());
    let Some(entry) = catalog.get(profile) else {
        return format!("profile {profile} (not defined)");
    };
    match &entry.kind {
        ProfileKind::StaticKeys => format!("profile {profile} (static keys)"),
        ProfileKind::Sso => format!("profile {profile} (SSO)"),
        ProfileKind::CredentialProcess => format!("profile {profile} (credential_process)"),
        ProfileKind::WebIdentity => {
            format!("profile {profile} (web identity: {})", short_role(entry.role_arn.as_deref()))
        }
        ProfileKind::SettingsOnly => {
            format!("profile {profile} (no credentials of its own: container or instance role)")
        }
        ProfileKind::AssumeRole { .. } => {
            let role = short_role(entry.role_arn.as_deref());
            let mfa = if entry.mfa_serial.is_some() { ", MFA" } else { "" };
            let source = match (&entry.source_profile, &entry.credential_source) {
                (Some(source), _) if source == profile => format!("profile {profile} (static keys)"),
                (Some(source), _) => describe_hop(catalog, source, seen),
                (None, Some(source)) => format!("credential_source {source}"),
                (None, None) => "no source_profile or credential_source".to_owned(),
            };
            format!("profile {profile} → role {role}{mfa} ← {source}")
        }
    }
}

fn short_role(arn: Option<&str>) -> String {
    arn.map_or_else(|| "?".to_owned(), |arn| crate::aws::context::RoleSpec::new(arn).short())
}

/// Where the chain will find credentials, in words: exported keys when the
/// default chain runs and they are set, else the profile, else the sources
/// after it (web identity, container, instance metadata).
#[must_use]
pub fn describe_credentials(catalog: &ProfileCatalog, profile: &str, origin: ProfileOrigin, env: &EnvVars) -> String {
    if uses_default_chain(origin) && env.has_keys() {
        let note = match origin {
            ProfileOrigin::AwsProfile | ProfileOrigin::AwsDefaultProfile => {
                format!(" (they come before the profile of {})", origin.label())
            }
            _ => String::new(),
        };
        return format!("exported AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY{note}");
    }
    let has_own = catalog.get(profile).is_some_and(|e| e.kind != ProfileKind::SettingsOnly);
    if has_own {
        return describe_profile(catalog, profile);
    }
    if env.get("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() && env.get("AWS_ROLE_ARN").is_some() {
        "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)".to_owned()
    } else if env.first(&["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"]).is_some() {
        "container credentials endpoint (ECS task role)".to_owned()
    } else {
        "instance metadata (EC2 instance role), if any".to_owned()
    }
}

/// What was looked for when no credentials were found, a line each, and the
/// next step.
#[must_use]
pub fn no_credentials_help(sources: &Sources) -> String {
    let profile = &sources.profile;
    let mut lines = Vec::new();
    if sources.profile_origin != ProfileOrigin::Named {
        lines.push("environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set".to_owned());
    }
    lines.push(format!("profile {profile}: no keys, role, SSO or credential_process"));
    lines.push(format!("files: {}", sources.files));
    lines.push("web identity: AWS_WEB_IDENTITY_TOKEN_FILE is not set".to_owned());
    lines.push("container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set".to_owned());
    lines.push("instance metadata: no instance role answered".to_owned());
    let flag =
        if sources.profile_origin == ProfileOrigin::Named { format!(" --profile {profile}") } else { String::new() };
    lines.push(format!("Next: aws configure{flag}, aws configure sso, or awscope --profile NAME."));
    lines.join("\n")
}

/// `:whoami` and `awscope --whoami`: who and where, and the source of each
/// setting, as `(label, value)` lines. Never a key, token or code.
#[must_use]
pub fn whoami_lines(environment: &AwsEnvironment, identity: Option<&CallerIdentity>) -> Vec<(String, String)> {
    let sources = &environment.sources;
    let mut lines = vec![
        (
            "account".to_owned(),
            identity.map_or_else(|| "… (GetCallerIdentity has not answered)".to_owned(), |i| i.account.clone()),
        ),
        ("caller".to_owned(), identity.map_or_else(|| "…".to_owned(), |i| i.arn.clone())),
        (
            "profile".to_owned(),
            match sources.profile_origin {
                ProfileOrigin::Named => format!("{} (named)", environment.profile()),
                ProfileOrigin::Default => format!("{} (nothing named one)", environment.profile()),
                origin => format!("{} ({})", environment.profile(), origin.label()),
            },
        ),
    ];
    if !sources.files.is_empty() {
        lines.push(("files".to_owned(), sources.files.clone()));
    }
    let mut credentials =
        if sources.credentials.is_empty() { "the SDK's default chain".to_owned() } else { sources.credentials.clone() };
    for role in environment.context.roles() {
        credentials = format!("{credentials} → role {} (assumed by awscope)", role.short());
    }
    lines.push(("credentials".to_owned(), credentials));
    lines.push((
        "region".to_owned(),
        format!("{} ({})", environment.region, environment.region_source.describe(environment.profile())),
    ));
    if sources.endpoints.is_empty() {
        let url = environment.endpoint_url.clone().unwrap_or_else(|| "AWS default for the region".to_owned());
        lines.push(("endpoint".to_owned(), url));
    }
    for endpoint in &sources.endpoints {
        let value = match &endpoint.url {
            Some(url) => format!("{url} ({})", endpoint.source),
            None => endpoint.source.clone(),
        };
        lines.push((format!("endpoint {}", endpoint.service), value));
    }
    let proxy = if sources.proxies.is_empty() {
        "none (no HTTPS_PROXY / HTTP_PROXY set)".to_owned()
    } else {
        sources.proxies.iter().map(|p| format!("{} ({})", p.url, p.variable)).collect::<Vec<_>>().join(", ")
    };
    lines.push(("proxy".to_owned(), proxy));
    if let Some(no_proxy) = &sources.no_proxy {
        lines.push(("no proxy".to_owned(), format!("{no_proxy} (NO_PROXY)")));
    }
    let ca = sources.ca_bundle.as_ref().map_or_else(
        || "the system's trusted certificates".to_owned(),
        |(path, source)| format!("{} ({source})", path.display()),
    );
    lines.push(("CA bundle".to_owned(), ca));
    lines
}

/// The same as JSON, for scripts and tests (`awscope --whoami --json`).
#[must_use]
pub fn whoami_json(environment: &AwsEnvironment, identity: &CallerIdentity) -> serde_json::Value {
    let sources = &environment.sources;
    let endpoints: serde_json::Map<String, serde_json::Value> = sources
        .endpoints
        .iter()
        .map(|e| (e.service.to_owned(), serde_json::json!({ "url": e.url, "source": e.source })))
        .collect();
    serde_json::json!({
        "account": identity.account,
        "arn": identity.arn,
        "user_id": identity.user_id,
        "profile": environment.profile(),
        "profile_origin": sources.profile_origin.label(),
        "credentials": whoami_lines(environment, Some(identity)).into_iter().find(|(k, _)| k == "credentials").map(|(_, v)| v),
        "region": environment.region,
        "region_source": match environment.region_source {
            RegionSource::Explicit => "--region".to_owned(),
            RegionSource::Variable(name) => name.to_owned(),
            RegionSource::Profile => format!("profile {}", environment.profile()),
            RegionSource::Fallback => "default".to_owned(),
        },
        "endpoints": endpoints,
        "proxy": sources.proxies.first().map(|p| serde_json::json!({ "url": p.url, "source": p.variable })),
        "ca_bundle": sources.ca_bundle.as_ref().map(|(p, s)| serde_json::json!({ "path": p.display().to_string(), "source": s })),
    })
}
