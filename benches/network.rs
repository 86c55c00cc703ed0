//! Network pane speed at 160×40 into a ratatui `TestBackend`:
//!
//! - render: one full repaint of the interface list with 10,000 interfaces
//!   loaded (what every key press or spinner tick costs), against 100;
//! - page: one page of 1,000 arriving on top of 9,000 and the frame after it
//!   (what each page of a streaming listing costs);
//! - build + render: 10,000 interfaces delivered as ten pages through
//!   `App::update`, the selection moved to the middle, and one frame drawn.
//!
//! Prints criterion's timings, then p50/p99 of the same work measured directly
//! (the target is p99 ≤ 2 ms for build + render of 10,000).

#[allow(dead_code, reason = "each bench uses part of the shared fixtures")]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use awscope::app::network::{NetworkPayload, NetworkSlot};
use awscope::app::{Action, App, Payload, RequestId, Slot};
use awscope::aws::ec2::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, ResourceState, SecurityGroupRef, Tag, Vpc,
};
use awscope::testbed::harness::{key, repaint, terminal};
use criterion::{BatchSize, Criterion};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const PAGE: usize = 1_000;

fn interface(i: usize) -> NetworkInterface {
    let attached = i.is_multiple_of(4);
    NetworkInterface {
        eni_id: format!("eni-{i:017x}"),
        vpc_id: "vpc-0a1b2c3d4e5f60718".into(),
        subnet_id: format!("subnet-{:017x}", i % 6),
        eni_type: match i % 5 {
            0 => InterfaceType::Lambda,
            1 => InterfaceType::VpcEndpoint,
            _ => InterfaceType::Interface,
        },
        status: if attached { InterfaceStatus::InUse } else { InterfaceStatus::Available },
        availability_zone: Some("us-east-1a".into()),
        description: format!("worker interface #{i:05} for the batch fleet"),
        private_ips: vec![
            PrivateIp {
                address: format!("10.0.{}.{}", i / 250 % 256, i % 250 + 4),
                primary: true,
                dns_name: None,
                public_ip: None,
            },
            PrivateIp {
                address: format!("10.1.{}.{}", i / 250 % 256, i % 250 + 4),
                primary: false,
                dns_name: None,
                public_ip: None,
            },
        ],
        ipv6_addresses: Vec::new(),
        public_ip: None,
        attachment: attached.then(|| Attachment {
            attachment_id: Some(format!("eni-attach-{i:017x}")),
            instance_id: Some(format!("i-{i:017x}")),
            instance_owner_id: Some("123456789012".into()),
            device_index: Some(0),
            delete_on_termination: true,
            status: Some("attached".into()),
        }),
        requester_id: None,
        requester_managed: false,
        security_groups: vec![SecurityGroupRef {
            group_id: "sg-0123456789abcdef0".into(),
            group_name: Some("batch-fleet".into()),
        }],
        source_dest_check: true,
        mac_address: Some("0e:00:00:00:00:01".into()),
        owner_id: Some("123456789012".into()),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:network-interface/eni-{i:017x}"),
        tags: vec![Tag { key: "Name".into(), value: format!("batch-{i}") }],
    }
}

fn pages(n: usize) -> Vec<Vec<NetworkInterface>> {
    (0..n).map(interface).collect::<Vec<_>>().chunks(PAGE).map(<[NetworkInterface]>::to_vec).collect()
}

/// An app on the Network pane showing a VPC's interfaces, waiting for pages;
/// returns it with the interface load's id.
fn waiting_app() -> (App, RequestId) {
    let mut h = common::connected();
    h.key(KeyCode::Char('2'));
    let vpc = Vpc {
        vpc_id: "vpc-0a1b2c3d4e5f60718".into(),
        name: Some("batch".into()),
        cidr_blocks: vec!["10.0.0.0/16".into()],
        ipv6_cidr_blocks: Vec::new(),
        state: ResourceState::Available,
        is_default: false,
        tenancy: "default".into(),
        owner_id: "123456789012".into(),
        arn: "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0a1b2c3d4e5f60718".into(),
        tags: Vec::new(),
    };
    h.answer_with(NetworkSlot::Vpcs, vec![NetworkPayload::Vpcs(vec![vpc])]);
    h.key(KeyCode::Char('e'));
    let (interfaces, _) = h.take(NetworkSlot::Interfaces);
    (h.app, interfaces)
}

fn deliver(app: &mut App, slot: NetworkSlot, id: RequestId, payload: NetworkPayload, more: bool) {
    app.update(Action::Loaded {
        slot: Slot::Network(slot),
        id,
        generation: 1,
        payload: Payload::Network(payload),
        more,
    });
}

/// Delivers `pages`, moves the selection to the middle (`PgDn`, as a user would).
fn fill(app: &mut App, id: RequestId, pages: Vec<Vec<NetworkInterface>>) {
    let last = pages.len().saturating_sub(1);
    let total: usize = pages.iter().map(Vec::len).sum();
    for (i, page) in pages.into_iter().enumerate() {
        deliver(app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(page), i != last);
    }
    let rows = app.list_rows().max(1);
    for _ in 0..total / 2 / rows {
        app.update(key(KeyCode::PageDown));
    }
}

fn loaded_app(n: usize) -> App {
    let (mut app, id) = waiting_app();
    fill(&mut app, id, pages(n));
    app
}

fn p50_p99(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let n = times.len();
    (times[n / 2], times[(n * 99 / 100).min(n - 1)])
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn criterion_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("network_160x40");
    for n in [100usize, 10_000] {
        let app = loaded_app(n);
        let mut terminal = terminal(common::SIZE);
        group.bench_function(format!("render_{n}_interfaces"), |b| b.iter(|| repaint(black_box(&app), &mut terminal)));
    }
    let mut terminal = terminal(common::SIZE);
    group.bench_function("page_of_1000_onto_9000_and_render", |b| {
        b.iter_batched(
            || {
                let (mut app, id) = waiting_app();
                let mut all = pages(10 * PAGE);
                let last = all.pop().unwrap_or_default();
                fill(&mut app, id, all);
                // Still streaming: the next page is the last.
                (app, id, last)
            },
            |(mut app, id, last)| {
                deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(last), false);
                repaint(&app, &mut terminal);
                app
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("build_and_render_10000_interfaces", |b| {
        b.iter_batched(
            || (waiting_app(), pages(10 * PAGE)),
            |((mut app, id), pages)| {
                fill(&mut app, id, pages);
                repaint(&app, &mut terminal);
                app
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

/// The same work timed directly, for percentiles criterion does not print.
fn percentiles() {
    let mut terminal = terminal(common::SIZE);
    let small = loaded_app(100);
    let large = loaded_app(10_000);
    let render = |app: &App, terminal: &mut Terminal<TestBackend>| {
        p50_p99(
            (0..2_000)
                .map(|_| {
                    let started = Instant::now();
                    repaint(app, terminal);
                    started.elapsed()
                })
                .collect(),
        )
    };
    let (s50, s99) = render(&small, &mut terminal);
    let (l50, l99) = render(&large, &mut terminal);

    let (mut build, mut ingest, mut select) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..300 {
        let ((mut app, id), pages) = (waiting_app(), pages(10 * PAGE));
        let started = Instant::now();
        let last = pages.len() - 1;
        for (i, page) in pages.into_iter().enumerate() {
            deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(page), i != last);
        }
        let delivered = started.elapsed();
        let rows = app.list_rows().max(1);
        for _ in 0..10 * PAGE / 2 / rows {
            app.update(key(KeyCode::PageDown));
        }
        let moved = started.elapsed();
        repaint(&app, &mut terminal);
        build.push(started.elapsed());
        ingest.push(delivered);
        select.push(moved.saturating_sub(delivered));
        black_box(app);
    }
    let (b50, b99) = p50_p99(build);
    let (i50, i99) = p50_p99(ingest);
    let (m50, m99) = p50_p99(select);

    let mut page = Vec::new();
    for _ in 0..300 {
        let (mut app, id) = waiting_app();
        let mut all = pages(10 * PAGE);
        let last = all.pop().unwrap_or_default();
        fill(&mut app, id, all);
        let started = Instant::now();
        deliver(&mut app, NetworkSlot::Interfaces, id, NetworkPayload::Interfaces(last), false);
        repaint(&app, &mut terminal);
        page.push(started.elapsed());
        black_box(app);
    }
    let (g50, g99) = p50_p99(page);

    println!("network render 160x40,    100 interfaces: p50 {}  p99 {}", ms(s50), ms(s99));
    println!("network render 160x40, 10,000 interfaces: p50 {}  p99 {}", ms(l50), ms(l99));
    println!(
        "network render 10k/100 ratio: p50 {:.2}x  p99 {:.2}x (the table builds only visible rows)",
        l50.as_secs_f64() / s50.as_secs_f64(),
        l99.as_secs_f64() / s99.as_secs_f64()
    );
    println!("network page of 1,000 onto 9,000 + render: p50 {}  p99 {}", ms(g50), ms(g99));
    println!("network ingest of 10 pages of 1,000 through App::update: p50 {}  p99 {}", ms(i50), ms(i99));
    println!("network PgDn to the middle of 10,000 (~150 keys): p50 {}  p99 {}", ms(m50), ms(m99));
    println!("network build + render of 10,000 interfaces (ingest, move, one frame): p50 {}  p99 {}", ms(b50), ms(b99));
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion);
    criterion.final_summary();
    // `cargo test` runs this once without `--bench`: the timed loops are for benchmarking only.
    if std::env::args().any(|a| a == "--bench") {
        percentiles();
    }
}
