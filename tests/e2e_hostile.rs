//! The real binary in a pseudo-terminal against the emulator seeded with
//! hostile names and values (escape sequences, an OSC 52 clipboard write,
//! CR, BEL, a C1 control, a bidi override, 10,000 characters): browsing into
//! every pane shows them made visible, and none of their bytes reaches the
//! terminal. After `q` the terminal is as the shell left it.

mod common;

use awscope::testbed::harness;
use awscope::testbed::hostile::{self, BIDI, C1, CLEAR, CR_BEL, OSC52};
use awscope::ui::text::inert;
use common::pty::Session;

const ROWS: u16 = 40;
const COLS: u16 = 160;

/// How many times `needle` occurs in `haystack`.
fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}

/// The first characters of `s` as drawn.
fn shown(s: &str) -> String {
    inert(s).chars().take(16).collect()
}

#[test]
fn hostile_data_is_shown_inert_and_the_terminal_is_untouched() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (emulator, seeded) = runtime.block_on(async {
        let emulator = harness::emulator().await;
        let provider = harness::provider(&emulator, awscope::testbed::BASE_PROFILE).await;
        let seeded = hostile::seed_hostile(&provider).await.expect("seed hostile data");
        (emulator, seeded)
    });
    let home = tempfile::tempdir().expect("home");
    let paths = emulator.profile_paths().clone();
    let mut session = Session::spawn_sized(
        home.path(),
        Some((&paths.config, &paths.credentials)),
        &["--profile", "demo"],
        &[],
        (ROWS, COLS),
    );

    // S3: the bucket, its hostile keys, one object's detail.
    session.wait_for("the bucket", |s| s.contains(hostile::BUCKET) && s.contains("S3 buckets (1)"));
    session.send(b"\r");
    let keys = session.wait_for("the hostile keys", |s| s.contains(&shown(CLEAR)));
    for key in &seeded.keys {
        assert!(keys.contains(&shown(key)), "{:?} is listed as {:?}:\n{keys}", key, shown(key));
    }
    session.send(b"j\r");
    session.wait_for("an object's detail", |s| s.contains("User metadata"));
    // A lone Esc is told from the start of a key sequence by the pause
    // after it: wait for each one to land before the next key.
    session.send(b"\x1b");
    session.wait_for("back to the keys", |s| !s.contains("User metadata") && s.contains("s3://hostile-names/"));
    session.send(b"\x1b");
    session.wait_for("back to the buckets", |s| s.contains("S3 buckets (1)"));

    // Network: VPCs named with a C1 control, a bidi override, 10,000 characters.
    session.send(b"2");
    let vpcs = session.wait_for("the hostile VPC names", |s| {
        s.contains("VPCs (") && s.contains(&shown(BIDI)) && s.contains(&shown(C1))
    });
    assert!(vpcs.contains("long[2JLLLL"), "the long Name tag is shown, cut:\n{vpcs}");

    // SSM: hostile names, then one hostile value.
    session.send(b"3");
    session.wait_for("the parameter folder", |s| s.contains("SSM Parameter Store") && s.contains("hostile/"));
    session.send(b"\r");
    let names = session.wait_for("the hostile parameter names", |s| s.contains(&shown(OSC52)));
    for (name, _) in &seeded.parameters {
        let leaf = name.trim_start_matches("/hostile/");
        assert!(names.contains(&shown(leaf)), "{:?} is listed:\n{names}", shown(leaf));
    }
    // The first name (`c1…`) holds the bidi override.
    session.send(b"\r");
    session.wait_for("a hostile value", |s| s.contains("Description") && s.contains(&shown(BIDI)));
    session.send(b"\x1b");
    session.wait_for("back to the parameters", |s| !s.contains("Description"));

    // ECS: hostile cluster names, then into one.
    session.send(b"4");
    let clusters =
        session.wait_for("the hostile cluster names", |s| s.contains("ECS clusters (") && s.contains(&shown(CR_BEL)));
    for name in seeded.clusters.iter().take(5) {
        assert!(clusters.contains(&shown(name)), "{:?} is listed:\n{clusters}", shown(name));
    }
    session.send(b"\r");
    session.wait_for("the services of a hostile cluster", |s| s.contains("has no services"));
    session.send(b"\x1b");
    session.wait_for("back to the clusters", |s| s.contains("ECS clusters ("));

    session.send(b"q");
    assert_eq!(session.wait_exit(), 0, "q exits with status 0");
    session.assert_restored();

    let raw = session.raw_bytes();
    assert_eq!(count(&raw, b"\x1b]52"), 0, "an OSC 52 clipboard write reached the terminal");
    assert_eq!(count(&raw, b"\x07"), 0, "a BEL reached the terminal");
    assert_eq!(count(&raw, "\u{9b}".as_bytes()), 0, "a C1 CSI reached the terminal");
    assert_eq!(count(&raw, "\u{202e}".as_bytes()), 0, "a bidi override reached the terminal");
    for data in [b"clear\x1b[2J".as_slice(), b"\x1b[2Jscreen", b"long\x1b[2J", b"\x1b[2JLL", b"cr\rreturn"] {
        assert_eq!(count(&raw, data), 0, "{:?} from the data reached the terminal", String::from_utf8_lossy(data));
    }
    // awscope clears the screen itself only when it takes the terminal.
    let clears = count(&raw, b"\x1b[2J");
    assert!(clears <= 1, "the screen was cleared {clears} times");
}
