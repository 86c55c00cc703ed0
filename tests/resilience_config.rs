//! A malformed AWS config, through the app: the profile that cannot be read
//! fails to connect with the file and line in the message, the profile picker
//! shows the problem, and the well-formed profiles in the same file still
//! connect and list.

#[path = "common/faults.rs"]
mod faults;

use awscope::app::switch::Overlay;
use awscope::app::{Connection, LoadState};
use awscope::aws::ErrorKind;
use awscope::testbed::harness::Live;
use crossterm::event::KeyCode;
use faults::{FaultServer, Reply, flat};

/// Written after the good profile: a profile with a line that is not
/// `key = value`, then an unterminated section header.
const BROKEN_SECTIONS: &str =
    "[profile worse]\nregion = eu-west-1\nthis line has no equals sign\n\n[profile broken\nregion = eu-west-1\n";

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_profile_names_file_and_line_and_the_good_profile_still_connects() {
    let server = FaultServer::start().await;
    let buckets = faults::names("bucket", 0, 2);
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&buckets, None))]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", BROKEN_SECTIONS);
    let config = paths.config.display().to_string();
    let written = std::fs::read_to_string(&paths.config).expect("read config");
    let line_of = |needle: &str| written.lines().position(|l| l.starts_with(needle)).expect("in the config") + 1;
    let (garbage_line, header_line) = (line_of("this line has no equals"), line_of("[profile broken"));

    let context = awscope::aws::AwsContext { profile: Some("worse".into()), ..Default::default() };
    let mut driver = Live::new(server.options(paths, 2), context);
    driver.start().await;

    let Connection::Failed(failure) = &driver.app.connection else {
        panic!("a malformed profile must not connect: {:?}", driver.app.connection)
    };
    assert_eq!(failure.kind, ErrorKind::Config);
    assert!(failure.message.contains(&config), "names the file: {}", failure.message);
    assert!(failure.message.contains(&format!("line {garbage_line}")), "names the line: {}", failure.message);
    assert!(failure.message.contains("Fix that line"), "{}", failure.message);
    let screen = flat(&driver.screen());
    assert!(screen.contains(&format!("line {garbage_line}")), "{}", driver.screen());
    assert_eq!(server.calls("ListBuckets"), 0, "nothing is listed under a broken profile");

    // The picker lists the problems and the usable profile; picking it connects.
    driver.key(KeyCode::Char('P'));
    driver.until(|app| matches!(app.overlay(), Some(Overlay::Profiles(picker)) if picker.catalog.is_some())).await;
    let screen = flat(&driver.screen());
    assert!(screen.contains(&format!("line {header_line}")), "the picker shows the problems:\n{}", driver.screen());
    assert!(screen.contains(faults::PROFILE), "{}", driver.screen());
    driver.keys(faults::PROFILE).await;
    driver.keys("\n").await;

    assert!(matches!(driver.app.connection, Connection::Connected(_)), "{:?}", driver.app.connection);
    assert_eq!(driver.app.context.profile.as_deref(), Some(faults::PROFILE));
    assert_eq!(driver.app.panes.s3.buckets.state, LoadState::Complete);
    assert!(driver.screen().contains("bucket-001"), "{}", driver.screen());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unterminated_header_does_not_take_the_profiles_before_it_down() {
    let server = FaultServer::start().await;
    let buckets = faults::names("bucket", 0, 1);
    server.script("ListBuckets", vec![Reply::Http(200, faults::buckets_page(&buckets, None))]);
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = server.write_profiles(dir.path(), "", BROKEN_SECTIONS);
    let config = paths.config.display().to_string();

    // The broken header's own profile is not usable…
    let context = awscope::aws::AwsContext { profile: Some("broken".into()), ..Default::default() };
    let mut driver = Live::new(server.options(paths.clone(), 2), context);
    driver.start().await;
    let Connection::Failed(failure) = &driver.app.connection else {
        panic!("a profile behind a broken header must not connect: {:?}", driver.app.connection)
    };
    assert!(failure.message.contains(&config) || failure.message.contains("broken"), "{}", failure.message);

    // …while the good one in the same file is.
    let mut driver = faults::live(server.options(paths, 2));
    driver.start().await;
    assert!(matches!(driver.app.connection, Connection::Connected(_)), "{:?}", driver.app.connection);
    assert_eq!(driver.app.panes.s3.buckets.items.len(), 1);
}
