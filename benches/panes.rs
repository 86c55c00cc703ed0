//! Every pane's main tables at 160×40 into a ratatui `TestBackend`:
//!
//! - `render_160x40/<table>/<n>`: one full repaint (building the visible rows
//!   and drawing them) of a table holding 1,000, 10,000 and 100,000 items,
//!   the selection in the middle;
//! - `apply_page_1000/<table>`: one page of 1,000 items taken in through
//!   `App::update(Action::Loaded { .. })` by a table already holding 9,000,
//!   while its listing is still streaming (for ECS, the page's listed ARNs and
//!   their descriptions).
//!
//! After criterion, the same work is timed directly and printed as a table of
//! p50/p99. Under `cargo test` (no `--bench`) every benchmark runs once with
//! 1,000 items, so the file keeps compiling and working.

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use awscope::testbed::harness::{repaint, terminal};
use common::{PAGE, SIZE, Table, benchmarking, p50_p99};
use criterion::{BatchSize, Criterion};

/// Table sizes drawn: all three under `cargo bench`, the smallest under `cargo test`.
fn sizes() -> &'static [usize] {
    if benchmarking() { &[1_000, 10_000, 100_000] } else { &[1_000] }
}

/// Items already in the table when the measured page arrives.
fn base() -> usize {
    if benchmarking() { 9 * PAGE } else { PAGE }
}

fn criterion_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("render_160x40");
    for table in Table::ALL {
        for &n in sizes() {
            let app = table.loaded(n);
            let mut terminal = terminal(SIZE);
            group.bench_function(format!("{}/{n}", table.name()), |b| {
                b.iter(|| repaint(black_box(&app), &mut terminal))
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("apply_page_1000");
    for table in Table::ALL {
        let mut streaming = table.waiting();
        streaming.fill(base(), false);
        let from = streaming.delivered;
        group.bench_function(table.name(), |b| {
            b.iter_batched(
                || (streaming.clone(), table.page(from..from + PAGE)),
                |(mut waiting, page)| {
                    waiting.apply_page(page, PAGE, true);
                    waiting
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1e3)
}

/// The same work timed directly, for the percentiles criterion does not print.
fn percentiles() {
    println!();
    println!("render 160x40, full repaint, 500 frames each (ms):");
    println!("{:<20} {:>8} {:>9} {:>9} {:>9}", "table", "items", "p50", "p99", "p50/1k");
    for table in Table::ALL {
        let mut terminal = terminal(SIZE);
        let mut small = None;
        for &n in sizes() {
            let app = table.loaded(n);
            for _ in 0..50 {
                repaint(&app, &mut terminal);
            }
            let mut times: Vec<Duration> = (0..500)
                .map(|_| {
                    let started = Instant::now();
                    repaint(&app, &mut terminal);
                    started.elapsed()
                })
                .collect();
            let (p50, p99) = p50_p99(&mut times);
            let base = *small.get_or_insert(p50);
            println!(
                "{:<20} {n:>8} {:>9} {:>9} {:>8.2}x",
                table.name(),
                ms(p50),
                ms(p99),
                p50.as_secs_f64() / base.as_secs_f64()
            );
        }
    }

    println!();
    println!("apply one page of 1,000 onto {} through App::update, 200 pages each (ms):", base());
    println!("{:<20} {:>9} {:>9}", "table", "p50", "p99");
    for table in Table::ALL {
        let mut streaming = table.waiting();
        streaming.fill(base(), false);
        let from = streaming.delivered;
        let mut times: Vec<Duration> = (0..200)
            .map(|_| {
                let (mut waiting, page) = (streaming.clone(), table.page(from..from + PAGE));
                let started = Instant::now();
                waiting.apply_page(page, PAGE, true);
                let elapsed = started.elapsed();
                black_box(waiting);
                elapsed
            })
            .collect();
        let (p50, p99) = p50_p99(&mut times);
        println!("{:<20} {:>9} {:>9}", table.name(), ms(p50), ms(p99));
    }
}

/// Each table, drawn, shows its rows: the fixtures reach the view they name.
fn check_fixtures() {
    for table in Table::ALL {
        let app = table.loaded(PAGE);
        let mut terminal = terminal(SIZE);
        repaint(&app, &mut terminal);
        let frame = terminal.backend().to_string();
        let rows = frame.matches(table.marker()).count();
        assert!(rows >= 20, "{}: expected a screenful of rows showing {:?}:\n{frame}", table.name(), table.marker());
    }
}

fn main() {
    check_fixtures();
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args();
    criterion_benches(&mut criterion);
    criterion.final_summary();
    if benchmarking() {
        percentiles();
    }
}
