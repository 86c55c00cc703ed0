//! The Find pane's search: which profiles the scope names, each profile made
//! ready once (provider, credentials, account, enabled regions) or listed as
//! skipped with why, then every probe through [`crate::aws::find::search`]
//! under one limit of requests in flight. Payloads stream as it goes; the
//! last one (an empty `Hits`) has `more` false. Dropping the task stops
//! every probe.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::Sink;
use crate::app::Payload;
use crate::app::find::{FindPayload, FindRequest, FindSpec, Scope};
use crate::aws::error::ErrorKind;
use crate::aws::find::{self, Event, PROBE_TIMEOUT_SECS, Probe, ProbeFailure, Query, Skipped, Target};
use crate::aws::profiles::{ProfilePaths, read_catalog};
use crate::aws::provider::{ProviderCache, ProviderError};
use crate::aws::{AwsContext, AwsProvider};

/// Runs a Find request. `current` is the provider of the context on screen.
pub(super) async fn run(cache: Arc<ProviderCache>, current: AwsProvider, request: FindRequest, sink: &Sink) {
    match request {
        FindRequest::Search(spec) => {
            let send = |payload, more| sink.send(Payload::Find(payload), more);
            search(&cache, &current, &spec, Duration::from_secs(PROBE_TIMEOUT_SECS), send).await;
        }
    }
}

/// Runs `spec`, handing each payload to `send` (`more` false on the last).
pub(crate) async fn search(
    cache: &ProviderCache,
    current: &AwsProvider,
    spec: &FindSpec,
    probe_timeout: Duration,
    send: impl Fn(FindPayload, bool),
) {
    let query = Query::parse(&spec.text);
    let limit = Arc::new(Semaphore::new(spec.concurrency.max(1)));
    let profiles = profiles_in_scope(cache, spec).await;
    let current_profile = profile_name(&spec.current);
    let regions = match &spec.scope {
        Scope::Chosen { regions, .. } => regions.clone(),
        Scope::Current | Scope::All => Vec::new(),
    };
    let mut excluded = Vec::new();
    let mut targets = Vec::new();
    for profile in profiles {
        if spec.exclude.contains(&profile) {
            excluded.push(Skipped {
                reason: format!("excluded by the config ([find] exclude lists {profile})"),
                profile,
                needs_mfa: false,
            });
            continue;
        }
        let reuse = (profile == current_profile).then(|| current.clone());
        let code = spec.mfa.iter().find(|(p, _)| *p == profile).map(|(_, code)| code.code.clone());
        targets.push(prepare(cache, profile, reuse, code, regions.clone(), limit.clone()));
    }
    if !excluded.is_empty() {
        send(FindPayload::Skipped(excluded), true);
    }
    find::search(&query, targets, limit, probe_timeout, |event| {
        let payload = match event {
            Event::Planned(n) => FindPayload::Planned(n),
            Event::Skipped(skipped) => FindPayload::Skipped(vec![skipped]),
            Event::Hits(hits) => FindPayload::Hits(hits),
            Event::ProbeDone(done) => FindPayload::ProbeDone(done),
        };
        send(payload, true);
    })
    .await;
    send(FindPayload::Hits(Vec::new()), false);
}

/// The profile a context names, as the config files call it.
fn profile_name(context: &AwsContext) -> String {
    context.profile.clone().unwrap_or_else(|| "default".to_owned())
}

/// The profiles `spec`'s scope names, in order (the current one first).
async fn profiles_in_scope(cache: &ProviderCache, spec: &FindSpec) -> Vec<String> {
    match &spec.scope {
        Scope::Current => vec![profile_name(&spec.current)],
        Scope::Chosen { profiles, .. } => profiles.clone(),
        Scope::All => {
            let paths = cache.options().profile_files.clone().unwrap_or_else(ProfilePaths::from_env);
            let catalog = tokio::task::spawn_blocking(move || read_catalog(&paths.config, &paths.credentials))
                .await
                .unwrap_or_default();
            let current = profile_name(&spec.current);
            let mut names: Vec<String> = catalog.profiles.into_iter().map(|p| p.name).collect();
            names.sort_by_key(|name| (*name != current, name.clone()));
            names.dedup();
            names
        }
    }
}

/// Makes `profile` ready: its provider (the one on screen for the current
/// profile), credentials resolved once, its account, and the regions to
/// search (enabled ones, in its partition, its own region first; `chosen`
/// ones among them when given). Or why it is skipped.
async fn prepare(
    cache: &ProviderCache,
    profile: String,
    reuse: Option<AwsProvider>,
    mfa_code: Option<String>,
    chosen: Vec<String>,
    limit: Arc<Semaphore>,
) -> Result<Target, Skipped> {
    let skip = |reason: String, needs_mfa: bool| Skipped { profile: profile.clone(), reason, needs_mfa };
    let provider = match reuse {
        Some(provider) => provider,
        None => {
            let context = AwsContext { profile: Some(profile.clone()), mfa_code, ..AwsContext::default() };
            let built = match cache.get(&context).await {
                Ok(provider) => provider,
                Err(ProviderError::MfaRequired { serial, .. }) => {
                    return Err(skip(
                        format!("needs an MFA code from {serial}: enter it to include this profile"),
                        true,
                    ));
                }
                Err(e) => return Err(skip(e.to_string(), false)),
            };
            let checked = {
                let _permit = limit.acquire().await.ok();
                built.with_checked_credentials().await
            };
            match checked {
                Ok((provider, _)) => provider,
                Err(e) if e.kind == ErrorKind::SsoExpired => {
                    cache.forget(&context);
                    return Err(skip(format!("SSO session expired: run aws sso login --profile {profile}"), false));
                }
                Err(e) => {
                    cache.forget(&context);
                    return Err(skip(e.to_string(), false));
                }
            }
        }
    };
    let identity = {
        let _permit = limit.acquire().await.ok();
        crate::aws::sts::caller_identity(&provider).await
    };
    let account = match identity {
        Ok(identity) => Some(identity.account),
        Err(e) if e.kind() == ErrorKind::SsoExpired => {
            return Err(skip(format!("SSO session expired: run aws sso login --profile {profile}"), false));
        }
        Err(e) => return Err(skip(e.to_string(), false)),
    };
    let home = provider.environment().region.clone();
    let enabled = {
        let _permit = limit.acquire().await.ok();
        crate::aws::regions::enabled_regions(&provider).await
    };
    let mut failed = Vec::new();
    let mut regions: Vec<String> = match enabled {
        Ok(all) => all
            .into_iter()
            .filter(|r| r.enabled && partition(&r.name) == partition(&home))
            .map(|r| r.name)
            .filter(|r| chosen.is_empty() || chosen.contains(r))
            .collect(),
        Err(e) => {
            // The regions cannot be listed: search the profile's own region
            // (or the chosen ones) and say why the others were not.
            tracing::warn!(profile, error = %e, "find: enabled regions unknown");
            let searched = if chosen.is_empty() { vec![home.clone()] } else { chosen.clone() };
            failed.push(ProbeFailure {
                probe: Probe { profile: profile.clone(), region: home.clone(), action: "ec2:DescribeRegions", part: 0 },
                kind: e.kind,
                reason: format!("{e}; searched only {} (choose regions with s)", searched.join(", ")),
            });
            searched
        }
    };
    regions.sort_by_key(|r| (*r != home, r.clone()));
    let regions = regions.into_iter().map(|r| (r.clone(), provider.in_region(&r))).collect();
    Ok(Target { profile, account, regions, failed })
}

/// The partition a region belongs to.
fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso") {
        "aws-iso"
    } else {
        "aws"
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::aws::ProviderOptions;
    use crate::testbed::slow::{self, Answer, Rule};

    #[tokio::test]
    async fn regions_that_cannot_be_listed_are_a_listed_failure_and_the_home_region_is_searched() {
        let rule: Rule = Arc::new(|_region: &str, service: &str, operation: &str| match (service, operation) {
            ("ec2", "DescribeRegions") => Answer::Denied,
            _ => Answer::Empty,
        });
        let current = slow::provider("dev", "eu-west-1", Duration::from_millis(1), rule);
        let cache = ProviderCache::new(ProviderOptions::default());
        let spec = FindSpec {
            text: "vpc-0123456789abcdef0".into(),
            scope: Scope::Current,
            current: AwsContext { profile: Some("dev".into()), ..AwsContext::default() },
            exclude: Vec::new(),
            concurrency: 4,
            mfa: Vec::new(),
        };
        let seen = Mutex::new(Vec::new());
        search(&cache, &current, &spec, Duration::from_secs(5), |payload, more| {
            seen.lock().unwrap().push((payload, more));
        })
        .await;
        let seen = seen.into_inner().unwrap();
        let planned: usize = seen.iter().map(|(p, _)| if let FindPayload::Planned(n) = p { *n } else { 0 }).sum();
        let done: Vec<&Option<ProbeFailure>> =
            seen.iter().filter_map(|(p, _)| if let FindPayload::ProbeDone(d) = p { Some(d) } else { None }).collect();
        assert_eq!(planned, done.len(), "every planned probe reports once: {seen:?}");
        let failures: Vec<&ProbeFailure> = done.iter().filter_map(|d| d.as_ref()).collect();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].probe.action, "ec2:DescribeRegions");
        assert_eq!(failures[0].kind, ErrorKind::AccessDenied);
        assert!(failures[0].reason.contains("searched only eu-west-1"), "{}", failures[0].reason);
        assert!(planned > 1, "the home region's probes still ran");
        assert_eq!(seen.last().map(|(_, more)| *more), Some(false));
    }
}
