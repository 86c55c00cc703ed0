//! Time to first row of a large S3 prefix through awscope's loader, against
//! one raw ListObjectsV2 page round trip measured in the same run on the local
//! emulator. Prints both and their ratio (target: first row ≤ 1.5× one page).
//!
//! `AWSCOPE_BENCH_OBJECTS` sets the prefix size (default 20,000). Run by
//! `cargo test` (without `--bench`) it does a short pass with 50 objects, so
//! the scenario keeps working without costing CI minutes.

use std::time::{Duration, Instant};

use aws_sdk_s3::primitives::ByteStream;
use awscope::app::s3::{ObjectRef, S3Payload, S3Request, S3Slot};
use awscope::app::{Action, Command, LoadRequest, Payload, RequestId, Slot};
use awscope::aws::AwsContext;
use awscope::runtime::loader::Loader;
use awscope::testbed::emulator::Emulator;
use futures_util::stream::{self, StreamExt, TryStreamExt};

const ROUNDS: usize = 7;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let short = !std::env::args().any(|a| a == "--bench");
    let objects: usize = if short {
        50
    } else {
        std::env::var("AWSCOPE_BENCH_OBJECTS").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
    };
    let emulator = Emulator::start().await.expect("start moto (scripts/install-moto installs it)");
    let provider = emulator.provider("demo").await.expect("demo profile");
    let client = provider.s3();
    client.create_bucket().bucket("bench-prefix").send().await.expect("bucket");
    let seeded = Instant::now();
    stream::iter(0..objects)
        .map(|i| {
            let client = client.clone();
            async move {
                client
                    .put_object()
                    .bucket("bench-prefix")
                    .key(format!("p/obj-{i:06}"))
                    .body(ByteStream::from_static(b"x"))
                    .send()
                    .await
                    .map(|_| ())
            }
        })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("seed");
    eprintln!("seeded {objects} objects in {:.1?}", seeded.elapsed());

    let mut raw = Vec::new();
    for _ in 0..ROUNDS {
        let started = Instant::now();
        client
            .list_objects_v2()
            .bucket("bench-prefix")
            .prefix("p/")
            .delimiter("/")
            .max_keys(1000)
            .send()
            .await
            .expect("list");
        raw.push(started.elapsed());
    }

    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut loader = Loader::new(tx, emulator.provider_options());
    let context = AwsContext { profile: Some("demo".into()), ..AwsContext::default() };
    loader.execute(Command::Connect { generation: 1, context });
    match rx.recv().await {
        Some(Action::Connected { .. }) => {}
        other => panic!("connect failed: {other:?}"),
    }
    let mut first_rows = Vec::new();
    for round in 0..ROUNDS {
        let id = RequestId(round as u64 + 1);
        let target = ObjectRef { bucket: "bench-prefix".into(), key: "p/".into(), region: None };
        let started = Instant::now();
        loader.execute(Command::Load {
            slot: Slot::S3(S3Slot::Objects),
            id,
            generation: 1,
            request: LoadRequest::S3(S3Request::Objects(target)),
        });
        loop {
            match rx.recv().await {
                Some(Action::Loaded { id: got, payload: Payload::S3(S3Payload::Objects(rows)), .. })
                    if got == id && !rows.is_empty() =>
                {
                    break;
                }
                Some(Action::LoadFailed { error, .. }) => panic!("listing failed: {}", error.message),
                Some(_) => {}
                None => panic!("loader stopped"),
            }
        }
        first_rows.push(started.elapsed());
        // Starting the next round's load cancels this one, as leaving a prefix does.
    }

    let (raw, first) = (median(raw), median(first_rows));
    println!("s3 first row, {objects}-object prefix on the emulator: {first:?} (median of {ROUNDS})");
    println!("s3 one ListObjectsV2 page (1,000 keys), same run: {raw:?} (median of {ROUNDS})");
    println!("s3 first row / one page round trip: {:.2}x (target ≤ 1.5x)", first.as_secs_f64() / raw.as_secs_f64());
}
