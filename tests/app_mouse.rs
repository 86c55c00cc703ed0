//! The mouse and the auto-refresh timer, through `App::update`: the wheel
//! scrolls, a click selects the row under it, a double click opens it, and
//! neither the mouse nor the timer reaches a pane while something is open
//! over it.

use std::time::Duration;

use awscope::app::AutoRefresh;
use awscope::app::Command;
use awscope::app::mouse::{MouseInput, WHEEL_ROWS, table_rows_area};
use awscope::app::s3::{S3Payload, S3Request, S3Slot};
use awscope::app::{Action, App, Connection, LoadRequest, Pane, Payload, RequestId, Slot};
use awscope::aws::s3::Bucket;
use awscope::testbed::harness::{Harness, context, environment, key};
use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

const SIZE: (u16, u16) = (100, 30);

fn bucket(i: usize) -> Bucket {
    Bucket { name: format!("bucket-{i:03}"), created: None, region: Some("us-east-1".into()) }
}

/// A connected app; returns it with the id of the bucket-list load.
fn connected() -> (App, RequestId) {
    let mut h = Harness::new(context("demo"), false, SIZE);
    let commands = h.connect(environment(&context("demo")));
    let id = bucket_load(&commands).expect("the bucket list is loaded on connect");
    (h.app, id)
}

/// A connected app with `n` buckets listed.
fn with_buckets(n: usize) -> App {
    let (mut app, id) = connected();
    let payload = Payload::S3(S3Payload::Buckets((0..n).map(bucket).collect()));
    app.update(Action::Loaded { slot: Slot::S3(S3Slot::Buckets), id, generation: 1, payload, more: false });
    app
}

fn bucket_load(commands: &[Command]) -> Option<RequestId> {
    commands.iter().find_map(|c| match c {
        Command::Load { id, request: LoadRequest::S3(S3Request::Buckets), .. } => Some(*id),
        _ => None,
    })
}

fn mouse(kind: MouseEventKind, row: u16) -> MouseEvent {
    MouseEvent { kind, column: 20, row, modifiers: KeyModifiers::NONE }
}

fn wheel(app: &mut App, down: bool) -> Vec<Command> {
    let kind = if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp };
    app.update(Action::Mouse(MouseInput::single(mouse(kind, 10))))
}

/// A left click on screen row `row`, the second of a double click if `double`.
fn click(app: &mut App, row: u16, double: bool) -> Vec<Command> {
    let event = mouse(MouseEventKind::Down(MouseButton::Left), row);
    app.update(Action::Mouse(MouseInput { event, double }))
}

/// The screen row of the `i`-th visible table row.
fn row(i: u16) -> u16 {
    table_rows_area(SIZE).y + i
}

fn selected(app: &App) -> usize {
    app.panes.s3.buckets.selected
}

#[test]
fn the_wheel_moves_the_selection_three_rows_a_notch() {
    let mut app = with_buckets(50);
    assert_eq!(WHEEL_ROWS, 3);
    wheel(&mut app, true);
    assert_eq!(selected(&app), 3);
    wheel(&mut app, true);
    assert_eq!(selected(&app), 6);
    wheel(&mut app, false);
    assert_eq!(selected(&app), 3);
    for _ in 0..40 {
        wheel(&mut app, true);
    }
    assert_eq!(selected(&app), 49, "stops at the last row");
    let rows = awscope::ui::layout::list_rows(SIZE.1);
    assert_eq!(app.panes.s3.buckets.offset, 50 - rows, "scrolled with the selection");
}

#[test]
fn a_click_selects_the_row_under_it() {
    let mut app = with_buckets(50);
    let commands = click(&mut app, row(4), false);
    assert!(commands.is_empty(), "a single click only selects: {commands:?}");
    assert_eq!(selected(&app), 4);
    click(&mut app, row(1), false);
    assert_eq!(selected(&app), 1);
    // Scrolled to the end: the first visible row is no longer bucket 0.
    app.update(key(KeyCode::End));
    let offset = app.panes.s3.buckets.offset;
    assert!(offset > 0);
    click(&mut app, row(0), false);
    assert_eq!(selected(&app), offset);
    assert_eq!(app.panes.s3.buckets.offset, offset, "clicking a visible row does not scroll");
}

#[test]
fn clicks_outside_the_rows_do_nothing() {
    let mut app = with_buckets(5);
    click(&mut app, row(2), false);
    assert_eq!(selected(&app), 2);
    // The column header, the border, the tabs, below the last bucket, the status line.
    for screen_row in [row(0) - 1, row(0) - 2, 2, row(5), row(10), SIZE.1 - 1] {
        click(&mut app, screen_row, false);
        assert_eq!(selected(&app), 2, "row {screen_row}");
    }
    // Other buttons, and the release, do nothing either.
    app.update(Action::Mouse(MouseInput::single(mouse(MouseEventKind::Down(MouseButton::Right), row(4)))));
    app.update(Action::Mouse(MouseInput::single(mouse(MouseEventKind::Up(MouseButton::Left), row(4)))));
    assert_eq!(selected(&app), 2);
}

#[test]
fn a_double_click_opens_the_row() {
    let mut app = with_buckets(10);
    click(&mut app, row(3), false);
    let commands = click(&mut app, row(3), true);
    assert_eq!(selected(&app), 3);
    let opened = commands.iter().any(|c| {
        matches!(c, Command::Load { request: LoadRequest::S3(S3Request::Objects(object)), .. } if object.bucket == "bucket-003")
    });
    assert!(opened, "the bucket's objects are listed: {commands:?}");
    assert_eq!(app.panes.s3.stack.len(), 1, "the bucket is open");
}

#[test]
fn the_mouse_is_ignored_while_something_is_open() {
    // Help.
    let mut app = with_buckets(10);
    app.update(key(KeyCode::Char('?')));
    assert!(app.help_open());
    wheel(&mut app, true);
    click(&mut app, row(5), true);
    assert_eq!(selected(&app), 0);
    assert!(app.panes.s3.stack.is_empty());

    // The profile picker.
    let mut app = with_buckets(10);
    app.update(key(KeyCode::Char('P')));
    assert!(app.overlay().is_some());
    wheel(&mut app, true);
    click(&mut app, row(5), true);
    assert_eq!(selected(&app), 0);
    assert!(app.panes.s3.stack.is_empty());

    // A prompt of a pane (find by IP).
    let mut app = with_buckets(10);
    app.update(key(KeyCode::Char('2')));
    app.update(key(KeyCode::Char('f')));
    assert!(app.panes.network.prompt.is_some());
    let commands = wheel(&mut app, true);
    assert!(commands.is_empty());
    assert!(app.panes.network.prompt.is_some(), "the prompt stays open");
}

#[test]
fn the_mouse_acts_only_while_connected() {
    let mut app = with_buckets(10);
    let connected = app.connection.clone();
    // The rows stay on screen, but there is no connection to act through.
    app.connection = Connection::Connecting;
    assert!(wheel(&mut app, true).is_empty());
    assert!(click(&mut app, row(3), true).is_empty());
    assert_eq!(selected(&app), 0);
    assert!(app.panes.s3.stack.is_empty());
    // Back up, the same rows answer the mouse again.
    app.connection = connected;
    wheel(&mut app, true);
    assert_eq!(selected(&app), 3);
}

fn every_30s_on_s3() -> AutoRefresh {
    AutoRefresh::default().with(Pane::S3, Some(Duration::from_secs(30)))
}

#[test]
fn auto_refresh_reloads_the_pane_on_screen() {
    let mut app = with_buckets(3);
    app.auto_refresh = every_30s_on_s3();
    let commands = app.update(Action::AutoRefresh);
    let id = bucket_load(&commands).expect("the bucket list reloads");
    // The rows stay on screen until the new page replaces them.
    assert_eq!(app.panes.s3.buckets.items.len(), 3);
    // While that load runs, the timer does not start another.
    assert!(app.update(Action::AutoRefresh).is_empty(), "already loading");
    let payload = Payload::S3(S3Payload::Buckets((0..4).map(bucket).collect()));
    app.update(Action::Loaded { slot: Slot::S3(S3Slot::Buckets), id, generation: 1, payload, more: false });
    assert_eq!(app.panes.s3.buckets.items.len(), 4);
    assert!(bucket_load(&app.update(Action::AutoRefresh)).is_some(), "loaded: the next tick reloads again");
}

#[test]
fn auto_refresh_waits_while_something_is_open() {
    // Help.
    let mut app = with_buckets(3);
    app.update(key(KeyCode::Char('?')));
    assert!(app.update(Action::AutoRefresh).is_empty(), "help is open");
    app.update(key(KeyCode::Char('?')));
    assert!(!app.help_open());
    assert!(bucket_load(&app.update(Action::AutoRefresh)).is_some(), "help closed: refreshes");

    // The profile picker.
    let mut app = with_buckets(3);
    app.update(key(KeyCode::Char('P')));
    assert!(app.update(Action::AutoRefresh).is_empty(), "the picker is open");

    // A pane's prompt.
    let mut app = with_buckets(3);
    app.update(key(KeyCode::Char('2')));
    app.update(key(KeyCode::Char('f')));
    assert_eq!(app.pane, Pane::Network);
    assert!(app.update(Action::AutoRefresh).is_empty(), "the find prompt is open");
    assert!(app.panes.network.prompt.is_some());
}

#[test]
fn auto_refresh_does_nothing_before_the_connection_is_up() {
    let mut app = App::new(context("demo"), false, SIZE);
    app.start();
    assert!(app.update(Action::AutoRefresh).is_empty());
    // Connected, but the first load is still running.
    let (mut app, _) = connected();
    assert!(app.update(Action::AutoRefresh).is_empty());
}
