//! SSM pane speed with 10,000 parameters: building a folder's rows from the
//! listing and drawing a 160×40 frame into a `TestBackend`, plus taking in
//! the whole listing page by page. After criterion's runs, a plain timing
//! loop prints p50/p99/max of build + render against the 2 ms budget.

use std::hint::black_box;
use std::time::{Duration, Instant};

use awscope::app::ssm::{SsmPayload, SsmSlot};
use awscope::app::{Action, App, Payload, RequestId, Slot};
use awscope::aws::ssm::{Parameter, ParameterTier, ParameterType};
use awscope::testbed::harness::{Harness, context, environment, terminal};
use criterion::{Criterion, criterion_group};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::macros::datetime;

const PARAMETERS: usize = 10_000;
const PAGE: usize = 50;
const SIZE: (u16, u16) = (160, 40);
const BUDGET: Duration = Duration::from_millis(2);

/// 10,000 parameters: 2,000 in one flat folder, the rest in a three-level tree.
fn parameters() -> Vec<Parameter> {
    (0..PARAMETERS)
        .map(|i| {
            let name = if i < 2_000 {
                format!("/bench/flat/param-{i:05}")
            } else {
                format!("/bench/svc-{:02}/env-{}/key-{i:05}", i % 40, i % 5)
            };
            let kind = match i % 3 {
                0 => ParameterType::String,
                1 => ParameterType::StringList,
                _ => ParameterType::SecureString,
            };
            Parameter {
                name,
                key_id: kind.is_secure().then(|| "alias/aws/ssm".to_owned()),
                kind,
                tier: Some(ParameterTier::Standard),
                version: i64::try_from(i % 7).unwrap_or(0) + 1,
                last_modified: Some(datetime!(2024-03-05 09:15 UTC)),
                last_modified_by: Some("arn:aws:iam::123456789012:user/bench".into()),
                data_type: Some("text".into()),
                description: None,
                allowed_pattern: None,
                policies: Vec::new(),
                arn: None,
            }
        })
        .collect()
}

/// An app on the SSM pane whose listing request is waiting; returns its id.
fn app_waiting_for_the_listing() -> (App, RequestId) {
    let mut h = Harness::new(context("bench"), false, SIZE);
    h.connect(environment(&context("bench")));
    h.key(KeyCode::Char('3'));
    let (id, _) = h.take(SsmSlot::Tree);
    (h.app, id)
}

/// Feeds the whole listing in pages of 50, as DescribeParameters delivers it.
fn ingest(app: &mut App, id: RequestId, all: &[Parameter]) {
    let mut pages: Vec<&[Parameter]> = all.chunks(PAGE).collect();
    if pages.is_empty() {
        pages.push(&[]);
    }
    let last = pages.len() - 1;
    for (i, page) in pages.into_iter().enumerate() {
        app.update(Action::Loaded {
            slot: Slot::Ssm(SsmSlot::Tree),
            id,
            generation: 1,
            payload: Payload::Ssm(SsmPayload::Parameters(page.to_vec())),
            more: i < last,
        });
    }
}

/// An app with all 10,000 parameters listed, showing the flat folder with
/// the selection in the middle.
fn loaded_app() -> App {
    let (mut app, id) = app_waiting_for_the_listing();
    ingest(&mut app, id, &parameters());
    let rows = app.list_rows();
    app.panes.ssm.tree.enter("/bench/flat", Some("/bench/flat/param-01000"), rows);
    app
}

fn build(app: &mut App) {
    let rows = app.list_rows();
    let tree = &mut app.panes.ssm.tree;
    let folder = tree.folder.clone();
    tree.enter(&folder, Some("/bench/flat/param-01000"), rows);
}

fn render(app: &App, terminal: &mut Terminal<TestBackend>) {
    terminal.draw(|frame| awscope::ui::render(app, frame)).expect("draw");
}

fn benches(c: &mut Criterion) {
    let mut app = loaded_app();
    let mut terminal = terminal(SIZE);
    assert_eq!(app.panes.ssm.tree.list.items.len(), 2_000);

    c.bench_function("ssm/build_flat_folder_2k_rows_of_10k", |b| b.iter(|| build(black_box(&mut app))));
    c.bench_function("ssm/build_root_of_10k", |b| {
        b.iter(|| {
            let rows = app.list_rows();
            app.panes.ssm.tree.enter("", None, rows);
            black_box(app.panes.ssm.tree.list.items.len())
        });
    });
    let rows = app.list_rows();
    app.panes.ssm.tree.enter("/bench/flat", Some("/bench/flat/param-01000"), rows);
    c.bench_function("ssm/render_160x40_of_10k", |b| b.iter(|| render(black_box(&app), &mut terminal)));
    c.bench_function("ssm/build_and_render_160x40_of_10k", |b| {
        b.iter(|| {
            build(&mut app);
            render(&app, &mut terminal);
        });
    });
    // The same frame with no rows: what the header, tabs, borders, status
    // line and the terminal buffer cost on their own.
    let (mut empty, id) = app_waiting_for_the_listing();
    ingest(&mut empty, id, &[]);
    c.bench_function("ssm/render_160x40_no_rows_baseline", |b| b.iter(|| render(black_box(&empty), &mut terminal)));
    let all = parameters();
    c.bench_function("ssm/ingest_10k_in_pages_of_50", |b| {
        b.iter_batched(
            app_waiting_for_the_listing,
            |(mut fresh, id)| {
                ingest(&mut fresh, id, &all);
                black_box(fresh.panes.ssm.tree.store.len())
            },
            criterion::BatchSize::LargeInput,
        );
    });
}

/// CPU time of this thread. The machine running the benchmarks is shared,
/// so wall time includes waits for a core; CPU time is what a frame costs.
fn thread_cpu_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec, and CLOCK_THREAD_CPUTIME_ID
    // is supported on Linux; the call only writes into `ts`.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(u64::try_from(ts.tv_sec).unwrap_or(0), u32::try_from(ts.tv_nsec).unwrap_or(0))
}

/// p50, p99 and max of `samples` (sorted in place).
fn summary(samples: &mut [Duration]) -> (Duration, Duration, Duration) {
    samples.sort();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    (at(0.50), at(0.99), samples[samples.len() - 1])
}

/// Build + render, timed one frame at a time, for percentiles.
fn percentiles() {
    let mut app = loaded_app();
    let mut terminal = terminal(SIZE);
    let scenarios: [(&str, &str); 2] = [("the 2,000-row folder", "/bench/flat"), ("the root", "")];
    for (label, folder) in scenarios {
        for _ in 0..200 {
            build(&mut app);
            render(&app, &mut terminal);
        }
        let (mut wall, mut cpu): (Vec<Duration>, Vec<Duration>) = (0..5_000)
            .map(|i| {
                // Move the selection so frames differ, as they do while scrolling.
                let rows = app.list_rows();
                let target = format!("/bench/flat/param-{:05}", (i * 7) % 2_000);
                let (started, cpu_started) = (Instant::now(), thread_cpu_time());
                app.panes.ssm.tree.enter(folder, Some(&target), rows);
                render(&app, &mut terminal);
                (started.elapsed(), thread_cpu_time().saturating_sub(cpu_started))
            })
            .unzip();
        let (p50, p99, max) = summary(&mut wall);
        let (cpu50, cpu99, cpu_max) = summary(&mut cpu);
        println!(
            "ssm build + render of {label}, 10,000 parameters, 160x40, {} frames: CPU time p50 {cpu50:?}, p99 {cpu99:?}, \
             max {cpu_max:?} — {} the {BUDGET:?} p99 budget; wall time (shared machine) p50 {p50:?}, p99 {p99:?}, max {max:?}",
            cpu.len(),
            if cpu99 <= BUDGET { "within" } else { "OVER" },
        );
    }

    let all = parameters();
    let (mut fresh, id) = app_waiting_for_the_listing();
    let first = Instant::now();
    fresh.update(Action::Loaded {
        slot: Slot::Ssm(SsmSlot::Tree),
        id,
        generation: 1,
        payload: Payload::Ssm(SsmPayload::Parameters(all[..PAGE].to_vec())),
        more: true,
    });
    render(&fresh, &mut terminal);
    println!(
        "ssm first DescribeParameters page (50 parameters) taken in and drawn: {:?}; listed after it: {}, rows on screen: {}",
        first.elapsed(),
        fresh.panes.ssm.tree.store.len(),
        fresh.panes.ssm.tree.list.items.len()
    );
}

criterion_group!(ssm, benches);

fn main() {
    ssm();
    Criterion::default().configure_from_args().final_summary();
    // `cargo test` runs this once without `--bench`: the timed loops are for benchmarking only.
    if std::env::args().any(|a| a == "--bench") {
        percentiles();
    }
}
