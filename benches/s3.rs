//! S3 pane speed: build + render of a prefix view with 1,000 and 100,000
//! entries at 160×40, and memory per listed object.
//!
//! Prints criterion's timings, then p50/p99 of the same render measured
//! directly, the ratio of 100k to 1k, and bytes per listed object.

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use awscope::app::App;
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::aws::s3::{Bucket, Entry, ObjectEntry, StorageClass};
use awscope::testbed::harness::{repaint, terminal};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::KeyCode;

/// Counts live heap bytes, for the memory-per-object figure.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator and only keeps a byte count.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same layout, passed through.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn entries(n: usize) -> Vec<Entry> {
    (0..n)
        .map(|i| {
            Entry::Object(ObjectEntry {
                key: format!("logs/2024/06/part-{i:07}.json.gz"),
                size: 1_000 + i as u64,
                last_modified: None,
                storage_class: StorageClass::Standard,
            })
        })
        .collect()
}

/// An app showing `s3://bench/logs/2024/06/` with `n` entries, selection in the middle.
fn app_with(n: usize) -> App {
    let mut h = common::connected();
    let bucket = Bucket { name: "bench".into(), created: None, region: Some("us-east-1".into()) };
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    h.key(KeyCode::Enter);
    let (objects, _) = h.take(S3Slot::Objects);
    for chunk in entries(n).chunks(1000) {
        h.deliver(S3Slot::Objects, objects, S3Payload::Objects(chunk.to_vec()), true);
    }
    for _ in 0..n / 2 {
        h.key(KeyCode::Char('j'));
    }
    h.app
}

fn percentiles(app: &App, rounds: usize) -> (Duration, Duration) {
    let mut terminal = terminal(common::SIZE);
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let started = Instant::now();
            // Force a full repaint each round, as a changed row would.
            repaint(app, &mut terminal);
            started.elapsed()
        })
        .collect();
    times.sort();
    (times[rounds / 2], times[rounds * 99 / 100])
}

fn bench_render(c: &mut Criterion) {
    let mut group = c.benchmark_group("s3_prefix_render_160x40");
    let sizes: &[usize] = if std::env::args().any(|a| a == "--bench") { &[1_000, 100_000] } else { &[1_000] };
    for &n in sizes {
        let app = app_with(n);
        let mut terminal = terminal(common::SIZE);
        group.bench_function(format!("{n}_entries"), |b| {
            b.iter(|| repaint(black_box(&app), &mut terminal));
        });
    }
    group.finish();

    // `cargo test` runs this file once without `--bench`: keep that pass short.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let small = app_with(1_000);
    let large = app_with(100_000);
    let (p50_small, p99_small) = percentiles(&small, 2_000);
    let (p50_large, p99_large) = percentiles(&large, 2_000);
    println!("s3 render 160x40,   1,000 entries: p50 {p50_small:?}  p99 {p99_small:?}");
    println!("s3 render 160x40, 100,000 entries: p50 {p50_large:?}  p99 {p99_large:?}");
    println!(
        "s3 render 100k/1k ratio: p50 {:.2}x  p99 {:.2}x (target: within 1.5x; p99 target ≤ 2 ms)",
        p50_large.as_secs_f64() / p50_small.as_secs_f64(),
        p99_large.as_secs_f64() / p99_small.as_secs_f64()
    );
}

fn bench_memory(_c: &mut Criterion) {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    const N: usize = 100_000;
    let page = entries(N);
    let key_bytes: usize = page.iter().map(|e| e.key().len()).sum();
    let baseline = LIVE.load(Ordering::Relaxed);
    let app = app_with(N);
    let used = LIVE.load(Ordering::Relaxed).saturating_sub(baseline);
    let overhead = (used.saturating_sub(key_bytes)) as f64 / N as f64;
    println!(
        "s3 memory: {N} listed objects use {used} bytes = {:.0} bytes per object including its key; {overhead:.0} bytes per object beyond the key (target ≤ 200); size_of::<Entry>() = {}",
        used as f64 / N as f64,
        std::mem::size_of::<Entry>()
    );
    black_box(app);
}

criterion_group!(benches, bench_render, bench_memory);
criterion_main!(benches);
