//! Snapshots of the Find pane at 100×30 and 160×40: before any search,
//! searching, partial with failures, complete, no match, stopped by a
//! switch, the failures list, the scope picker and the MFA prompt.

use awscope::app::find::{FindPayload, FindSlot, Hit, HitKind, Probe, ProbeFailure, Skipped};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::aws::ErrorKind;
use awscope::testbed::harness::{self, Harness};
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

/// The demo harness, its bucket list answered (nothing else loading).
fn demo(size: (u16, u16)) -> Harness {
    let mut h = Harness::demo(size);
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    h
}

fn snap(name: &str, size: (u16, u16), screen: &str) {
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
}

fn hits() -> Vec<Hit> {
    let hit = |kind, name: &str, profile: &str, account: &str, region: &str, detail: &str| Hit {
        kind,
        name: name.to_owned(),
        label: None,
        parent: None,
        address: None,
        detail: detail.to_owned(),
        profile: profile.to_owned(),
        account: Some(account.to_owned()),
        region: region.to_owned(),
    };
    let mut service = hit(HitKind::EcsService, "payments-api", "partner", "210987654321", "eu-west-1", "cluster prod");
    service.parent = Some("prod".into());
    let mut vpc = hit(HitKind::Vpc, "vpc-0a1b2c3d4e5f60718", "demo", "123456789012", "us-west-2", "10.0.0.0/16");
    vpc.label = Some("payments-vpc".into());
    let mut eni = hit(
        HitKind::NetworkInterface,
        "eni-0f1e2d3c4b5a69788",
        "demo",
        "123456789012",
        "us-east-1",
        "in vpc-0a1b2c3d4e5f60718 (payments-vpc)",
    );
    eni.address = Some("10.0.3.17".into());
    vec![
        hit(HitKind::Bucket, "payments-logs-2026", "demo", "123456789012", "us-east-1", "created 2026-01-04"),
        hit(HitKind::Parameter, "/payments/db/password", "demo", "123456789012", "us-east-1", "SecureString"),
        service,
        vpc,
        eni,
        hit(HitKind::LogGroup, "/ecs/payments-api", "partner", "210987654321", "eu-west-1", "kept 30 days"),
    ]
}

fn failures() -> Vec<ProbeFailure> {
    let f = |profile: &str, region: &str, action, kind, reason: &str| ProbeFailure {
        probe: Probe { profile: profile.to_owned(), region: region.to_owned(), action, part: 0 },
        kind,
        reason: reason.to_owned(),
    };
    vec![
        f(
            "partner",
            "eu-west-1",
            "ssm:DescribeParameters",
            ErrorKind::AccessDenied,
            "Access denied: ssm:DescribeParameters in eu-west-1 needs ssm:DescribeParameters for profile partner",
        ),
        f(
            "demo",
            "ap-south-1",
            "ecs:ListClusters",
            ErrorKind::Timeout,
            "ecs:ListClusters in ap-south-1 timed out after 20 s: the region may be slow or unreachable; r searches again",
        ),
    ]
}

fn skipped() -> Vec<Skipped> {
    vec![
        Skipped {
            profile: "prod-admin".into(),
            reason: "needs an MFA code: press m to enter it".into(),
            needs_mfa: true,
        },
        Skipped {
            profile: "sso-dev".into(),
            reason: "SSO session expired: run aws sso login --profile sso-dev".into(),
            needs_mfa: false,
        },
    ]
}

/// `:find -a payments` with `planned` probes planned, `done` answered,
/// `found` of the results and, when `failed`, the failures and skipped
/// profiles; the last payload ends the search when `last`.
fn search(size: (u16, u16), planned: usize, done: usize, found: usize, failed: bool, last: bool) -> Harness {
    let mut h = demo(size);
    h.ch(':');
    h.keys("find -a payments\n");
    let id = h.latest(FindSlot::Search);
    let _ = h.take(FindSlot::Search);
    h.deliver(FindSlot::Search, id, FindPayload::Planned(planned), true);
    if failed {
        h.deliver(FindSlot::Search, id, FindPayload::Skipped(skipped()), true);
        for f in failures() {
            h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(Some(f)), true);
        }
    }
    h.deliver(FindSlot::Search, id, FindPayload::Hits(hits().into_iter().take(found).collect()), true);
    let answered = done - if failed { failures().len() } else { 0 };
    for i in 0..answered {
        h.deliver(FindSlot::Search, id, FindPayload::ProbeDone(None), !(last && i + 1 == answered));
    }
    h
}

#[test]
fn before_any_search() {
    for size in SIZES {
        let mut h = demo(size);
        h.ch('6');
        snap("find_empty", size, &h.draw());
    }
}

#[test]
fn searching_with_nothing_found_yet() {
    for size in SIZES {
        let h = search(size, 68, 12, 0, false, false);
        snap("find_searching", size, &h.draw());
    }
}

#[test]
fn partial_with_failures() {
    for size in SIZES {
        let h = search(size, 68, 48, 3, true, false);
        snap("find_partial_failures", size, &h.draw());
    }
}

#[test]
fn complete() {
    for size in SIZES {
        let h = search(size, 68, 68, 6, true, true);
        snap("find_complete", size, &h.draw());
    }
}

#[test]
fn no_match() {
    for size in SIZES {
        let h = search(size, 34, 34, 0, false, true);
        snap("find_no_match", size, &h.draw());
    }
}

#[test]
fn stopped_with_esc() {
    for size in SIZES {
        let mut h = search(size, 68, 20, 2, false, false);
        h.key(KeyCode::Esc);
        snap("find_cancelled", size, &h.draw());
    }
}

#[test]
fn stopped_by_a_switch() {
    for size in SIZES {
        let mut h = search(size, 68, 20, 2, false, false);
        h.app.switch_context(harness::context("other"));
        h.connect(harness::environment(&harness::context("other")));
        h.ch('6');
        snap("find_stopped_by_switch", size, &h.draw());
    }
}

#[test]
fn the_failures_list() {
    for size in SIZES {
        let mut h = search(size, 68, 68, 5, true, true);
        h.ch('e');
        snap("find_failures", size, &h.draw());
    }
}

#[test]
fn the_scope_picker() {
    for size in SIZES {
        let mut h = search(size, 68, 68, 5, false, true);
        h.app.recent.profiles = vec!["demo".into(), "partner".into(), "prod-admin".into(), "sso-dev".into()];
        h.ch('s');
        h.key(KeyCode::Down);
        h.key(KeyCode::Char(' '));
        for _ in 0..4 {
            h.key(KeyCode::Down);
        }
        h.key(KeyCode::Char(' '));
        snap("find_scope_picker", size, &h.draw());
    }
}

#[test]
fn the_search_prompt_and_the_mfa_prompt() {
    for size in SIZES {
        let mut h = demo(size);
        h.ctrl('g');
        h.keys("10.0.3.17");
        snap("find_prompt", size, &h.draw());
        let mut h = search(size, 68, 68, 5, true, true);
        h.ch('m');
        h.keys("555");
        let screen = h.draw();
        assert!(!screen.contains("555"), "the code is masked");
        snap("find_mfa", size, &screen);
    }
}

#[test]
fn complete_at_the_smallest_size() {
    let h = search((80, 24), 68, 68, 6, true, true);
    snap("find_complete", (80, 24), &h.draw());
}
