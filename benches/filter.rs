//! Live filter speed: each keystroke of `/` typed over a 100,000-row S3
//! prefix, through `App::update` as the event loop would call it (the
//! filter re-tests only the rows the shorter text kept while the text grows).
//!
//! Prints p50/p95/max per keystroke for a substring typed and erased, a
//! regex, an inverse filter, and the same substring over a sorted table,
//! plus criterion's timing of one narrowing keystroke.

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use awscope::app::App;
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::aws::s3::{Bucket, Entry, ObjectEntry, StorageClass};
use awscope::testbed::harness::key;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;

fn heavy() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn rows() -> usize {
    if heavy() { 100_000 } else { 2_000 }
}

fn entries(n: usize) -> Vec<Entry> {
    (0..n)
        .map(|i| {
            let service = ["api", "web", "worker", "billing", "search"][i % 5];
            Entry::Object(ObjectEntry {
                key: format!("logs/2024/06/{service}-server-{i:06}.json.gz"),
                size: 1_000 + (i as u64 * 7919) % 100_000,
                last_modified: None,
                storage_class: StorageClass::Standard,
            })
        })
        .collect()
}

/// An app showing `s3://bench/logs/2024/06/` with `n` entries.
fn app_with(n: usize) -> App {
    let mut h = common::connected();
    let bucket = Bucket { name: "bench".into(), created: None, region: Some("us-east-1".into()) };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    h.key(KeyCode::Enter);
    let (id, _) = h.take(S3Slot::Objects);
    let all = entries(n);
    for (i, page) in all.chunks(1_000).enumerate() {
        let more = (i + 1) * 1_000 < n;
        h.deliver(S3Slot::Objects, id, S3Payload::Objects(page.to_vec()), more);
    }
    h.app
}

/// Times each keystroke of `keys` (after `/`), then Enter; returns per-key times.
fn type_filter(app: &mut App, keys: &[KeyCode]) -> Vec<Duration> {
    app.update(key(KeyCode::Char('/')));
    let mut times = Vec::with_capacity(keys.len());
    for code in keys {
        let start = Instant::now();
        black_box(app.update(key(*code)));
        times.push(start.elapsed());
    }
    app.update(key(KeyCode::Esc));
    times
}

fn chars(s: &str) -> Vec<KeyCode> {
    s.chars().map(KeyCode::Char).collect()
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times[i].as_secs_f64() * 1e3
    };
    println!(
        "filter {name:<38} keystrokes {:>4}  p50 {:>7.3} ms  p95 {:>7.3} ms  max {:>7.3} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

fn scenarios() {
    let n = rows();
    let mut app = app_with(n);
    let rounds = if heavy() { 20 } else { 1 };
    let typed = "worker-server-0";
    let mut grow = Vec::new();
    let mut erase = Vec::new();
    let mut regex = Vec::new();
    let mut inverse = Vec::new();
    for _ in 0..rounds {
        let mut keys = chars(typed);
        let times = type_filter(&mut app, &keys);
        grow.extend(times);
        keys.extend(std::iter::repeat_n(KeyCode::Backspace, typed.len()));
        let times = type_filter(&mut app, &keys);
        erase.extend(times.into_iter().skip(typed.len()));
        regex.extend(type_filter(&mut app, &chars("~(api|web)-server-00[0-9]+1")));
        inverse.extend(type_filter(&mut app, &chars("!billing")));
    }
    println!("{} rows in s3://bench/logs/2024/06/ ({} rounds)", n, rounds);
    report("substring, growing (narrows)", grow);
    report("substring, backspace (widens)", erase);
    report("~regex", regex);
    report("!inverse", inverse);
    app.update(key(KeyCode::Char('>')));
    app.update(key(KeyCode::Char('>')));
    let mut sorted = Vec::new();
    for _ in 0..rounds {
        sorted.extend(type_filter(&mut app, &chars(typed)));
    }
    report("substring, growing, sorted by SIZE", sorted);
}

fn bench(c: &mut Criterion) {
    scenarios();
    if !heavy() {
        return;
    }
    let mut app = app_with(rows());
    c.bench_function("filter keystroke over 100k rows (narrowing 'w' → 'wo')", |b| {
        b.iter(|| {
            app.update(key(KeyCode::Char('/')));
            app.update(key(KeyCode::Char('w')));
            black_box(app.update(key(KeyCode::Char('o'))));
            app.update(key(KeyCode::Esc));
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
