//! The scheduler of a search: profiles become targets as their credentials
//! and regions are known, each target's probes start at once, and a shared
//! semaphore keeps the requests in flight under the search's limit. Every
//! probe is bounded by a timeout; what each finds, and how each ends, is
//! reported as it happens. Dropping the future stops every probe.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::sync::Semaphore;

use super::{Hit, Probe, ProbeFailure, Query, Skipped, probes_for, run_probe};
use crate::aws::error::ErrorKind;
use crate::aws::provider::AwsProvider;

/// One profile ready to be searched.
#[derive(Debug, Clone)]
pub struct Target {
    /// The profile.
    pub profile: String,
    /// Its account, once STS said it.
    pub account: Option<String>,
    /// The regions to search, each with its provider (sharing the profile's
    /// credentials, resolved once); the first is where S3's ListBuckets goes.
    pub regions: Vec<(String, AwsProvider)>,
    /// What failed while making it ready (its enabled regions unknown, so
    /// only some were searched): each counted and listed as a failed probe.
    pub failed: Vec<ProbeFailure>,
}

/// What a search reports as it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// This many more probes are planned.
    Planned(usize),
    /// A profile is left out.
    Skipped(Skipped),
    /// Things one probe found.
    Hits(Vec<Hit>),
    /// One probe finished: `None` when it answered.
    ProbeDone(Option<ProbeFailure>),
}

/// Runs `query` over the targets `targets` resolve to (each a profile's
/// preparation: credentials, account, enabled regions; or why it is left
/// out), at most `limit`'s permits of probes at once, each probe given
/// `probe_timeout`. An ARN naming an account is searched only in the
/// targets of that account, when any is in scope; else in every target (in
/// the ARN's region): such a search waits for every target before planning.
pub async fn search<F>(
    query: &Query,
    targets: Vec<F>,
    limit: Arc<Semaphore>,
    probe_timeout: Duration,
    mut emit: impl FnMut(Event),
) where
    F: Future<Output = Result<Target, Skipped>>,
{
    let arn_account = match query {
        Query::Arn(arn) if !arn.account.is_empty() => Some(arn.account.clone()),
        _ => None,
    };
    let mut preparing: FuturesUnordered<F> = targets.into_iter().collect();
    let mut probing = FuturesUnordered::new();
    let mut held: Vec<Target> = Vec::new();
    let plan = |target: Target, probing: &mut FuturesUnordered<_>, emit: &mut dyn FnMut(Event)| {
        let mut planned = Vec::new();
        for (i, (region, provider)) in target.regions.iter().enumerate() {
            for probe in probes_for(query, &target.profile, region, i == 0) {
                planned.push((probe, provider.clone()));
            }
        }
        emit(Event::Planned(planned.len() + target.failed.len()));
        for failure in &target.failed {
            emit(Event::ProbeDone(Some(failure.clone())));
        }
        for (probe, provider) in planned {
            probing.push(one_probe(query, probe, provider, target.account.clone(), limit.clone(), probe_timeout));
        }
    };
    loop {
        tokio::select! {
            Some(prepared) = preparing.next(), if !preparing.is_empty() => {
                match prepared {
                    Err(skipped) => emit(Event::Skipped(skipped)),
                    Ok(target) if arn_account.is_some() => held.push(target),
                    Ok(target) => plan(target, &mut probing, &mut emit),
                }
                if preparing.is_empty() && !held.is_empty() {
                    let wanted = arn_account.as_deref();
                    let own = held.iter().any(|t| t.account.as_deref() == wanted);
                    for target in std::mem::take(&mut held) {
                        if !own || t_account_is(&target, wanted) {
                            plan(target, &mut probing, &mut emit);
                        }
                    }
                }
            }
            Some((probe, answer)) = probing.next(), if !probing.is_empty() => {
                match answer {
                    Ok(hits) => {
                        if !hits.is_empty() {
                            emit(Event::Hits(hits));
                        }
                        emit(Event::ProbeDone(None));
                    }
                    Err(failure) => emit(Event::ProbeDone(Some(ProbeFailure { probe, ..failure }))),
                }
            }
            else => break,
        }
    }
}

fn t_account_is(target: &Target, account: Option<&str>) -> bool {
    target.account.as_deref() == account
}

/// One probe under the limit and the timeout, its hits tagged with the account.
async fn one_probe(
    query: &Query,
    probe: Probe,
    provider: AwsProvider,
    account: Option<String>,
    limit: Arc<Semaphore>,
    timeout: Duration,
) -> (Probe, Result<Vec<Hit>, ProbeFailure>) {
    // The semaphore is never closed; if it were, the probe would run unlimited.
    let _permit = limit.acquire_owned().await.ok();
    let answer = match tokio::time::timeout(timeout, run_probe(&probe, query, &provider)).await {
        Ok(Ok(mut hits)) => {
            for hit in &mut hits {
                hit.account.clone_from(&account);
            }
            Ok(hits)
        }
        Ok(Err(error)) => Err(ProbeFailure { probe: probe.clone(), kind: error.kind, reason: error.to_string() }),
        Err(_) => Err(ProbeFailure {
            probe: probe.clone(),
            kind: ErrorKind::Timeout,
            reason: format!(
                "{} in {} (profile {}) did not answer within {} s; press r to search again",
                probe.action,
                probe.region,
                probe.profile,
                timeout.as_secs_f32()
            ),
        }),
    };
    (probe, answer)
}
