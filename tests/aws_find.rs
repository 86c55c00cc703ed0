//! A search over a fake transport with latency: probes that AWS refuses
//! (AccessDenied) or that never answer (timeout) are each reported as a
//! failure with its reason, while the other probes' hits arrive.

use std::sync::Arc;
use std::time::{Duration, Instant};

use awscope::aws::ErrorKind;
use awscope::aws::find::{Event, HitKind, Query, Skipped, Target, search};
use awscope::testbed::slow::{self, Answer, Rule};
use tokio::sync::Semaphore;

const REGIONS: [&str; 3] = ["us-east-1", "eu-west-1", "ap-southeast-2"];

fn target(profile: &str, account: &str, rule: &Rule) -> Target {
    let home = slow::provider(profile, REGIONS[0], Duration::from_millis(20), rule.clone());
    Target {
        profile: profile.to_owned(),
        account: Some(account.to_owned()),
        regions: REGIONS.iter().map(|r| ((*r).to_owned(), home.in_region(r))).collect(),
        failed: Vec::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_and_silent_probes_are_counted_with_reasons_while_the_others_find() {
    // EC2 refuses in eu-west-1, ECS never answers in ap-southeast-2, and
    // every region's SSM holds a matching parameter.
    let rule: Rule = Arc::new(|region: &str, service: &str, _operation: &str| match (region, service) {
        ("eu-west-1", "ec2") => Answer::Denied,
        ("ap-southeast-2", "ecs") => Answer::Hang,
        (_, "ssm") => Answer::Parameter("/payments/db-url".to_owned()),
        _ => Answer::Empty,
    });
    let targets = vec![
        futures_util::future::ready(Ok::<_, Skipped>(target("dev", "111111111111", &rule))),
        futures_util::future::ready(Ok(target("prod", "222222222222", &rule))),
        futures_util::future::ready(Err(Skipped {
            profile: "ops".into(),
            reason: "needs an MFA code".into(),
            needs_mfa: true,
        })),
    ];
    let mut events = Vec::new();
    let started = Instant::now();
    let timeout = Duration::from_millis(600);
    search(&Query::parse("payments"), targets, Arc::new(Semaphore::new(16)), timeout, |e| events.push(e)).await;
    let elapsed = started.elapsed();

    let planned: usize = events.iter().map(|e| if let Event::Planned(n) = e { *n } else { 0 }).sum();
    let done: Vec<_> = events.iter().filter_map(|e| if let Event::ProbeDone(d) = e { Some(d) } else { None }).collect();
    // 2 profiles × 3 regions × 7 probes (log groups: one per case variant of
    // `payments`, `PAYMENTS` and `Payments`), and one ListBuckets per profile.
    assert_eq!(planned, 2 * 3 * 7 + 2);
    assert_eq!(done.len(), planned, "every probe reports once");
    let failures: Vec<_> = done.iter().filter_map(|d| d.as_ref()).collect();
    let denied: Vec<_> = failures.iter().filter(|f| f.kind == ErrorKind::AccessDenied).collect();
    let timed_out: Vec<_> = failures.iter().filter(|f| f.kind == ErrorKind::Timeout).collect();
    assert_eq!(denied.len(), 4, "DescribeVpcs and DescribeSubnets in eu-west-1, per profile: {failures:?}");
    assert_eq!(timed_out.len(), 2, "ListClusters in ap-southeast-2, per profile: {failures:?}");
    assert_eq!(failures.len(), 6, "{failures:?}");
    for f in &denied {
        assert_eq!(f.probe.region, "eu-west-1");
        assert!(f.reason.contains("Access denied") && f.reason.contains("ec2:Describe"), "{}", f.reason);
    }
    for f in &timed_out {
        assert_eq!((f.probe.region.as_str(), f.probe.action), ("ap-southeast-2", "ecs:ListClusters"));
        assert!(f.reason.contains("did not answer within"), "{}", f.reason);
    }
    // The others' hits: a parameter in every region of both profiles, with the account.
    let hits: Vec<_> =
        events.iter().filter_map(|e| if let Event::Hits(h) = e { Some(h) } else { None }).flatten().collect();
    assert_eq!(hits.len(), 6, "{hits:?}");
    assert!(hits.iter().all(|h| h.kind == HitKind::Parameter && h.name == "/payments/db-url"));
    let prod: Vec<_> = hits.iter().filter(|h| h.profile == "prod").collect();
    assert_eq!(prod.len(), 3);
    assert!(prod.iter().all(|h| h.account.as_deref() == Some("222222222222")));
    // The skipped profile is reported, not dropped.
    assert!(events.iter().any(|e| matches!(e, Event::Skipped(s) if s.profile == "ops" && s.needs_mfa)));
    // The silent probes cost one timeout, not the whole search's patience.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_more_probes_run_at_once_than_the_limit() {
    // 43 probes of 100 ms under a limit of 4 take at least 11 rounds.
    let rule: Rule = Arc::new(|_: &str, _: &str, _: &str| Answer::Empty);
    let latency = Duration::from_millis(100);
    let home = slow::provider("dev", REGIONS[0], latency, rule);
    let regions: Vec<(String, _)> = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2"]
        .iter()
        .map(|r| ((*r).to_owned(), home.in_region(r)))
        .collect();
    let targets = vec![futures_util::future::ready(Ok::<_, Skipped>(Target {
        profile: "dev".into(),
        account: None,
        regions,
        failed: Vec::new(),
    }))];
    let started = Instant::now();
    let mut done = 0;
    let query = Query::parse("zzz");
    search(&query, targets, Arc::new(Semaphore::new(4)), Duration::from_secs(5), |e| {
        done += usize::from(matches!(e, Event::ProbeDone(None)));
    })
    .await;
    assert_eq!(done, 6 * 7 + 1);
    assert!(started.elapsed() >= latency * 11, "{:?}", started.elapsed());
}
