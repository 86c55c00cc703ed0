//! The follow cursor: each event once, however batches overlap.

use super::*;

fn event(timestamp: i64, stream: &str, message: &str, id: &str) -> LogEvent {
    LogEvent { timestamp, ingested: None, stream: stream.into(), message: message.into(), id: id.into() }
}

fn ids(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

fn messages(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

#[test]
fn events_sharing_a_millisecond_are_neither_repeated_nor_skipped() {
    let mut cursor = FollowCursor::after(&[], 1_000);
    let first = vec![event(1_000, "s", "a", "1"), event(1_000, "s", "b", "2"), event(1_000, "s", "c", "3")];
    assert_eq!(ids(&cursor.accept(first.clone())), ["1", "2", "3"]);
    // The next poll looks back over the same millisecond and finds one more there.
    let mut second = first;
    second.push(event(1_000, "s", "d", "4"));
    second.push(event(1_001, "s", "e", "5"));
    assert_eq!(ids(&cursor.accept(second.clone())), ["4", "5"]);
    assert!(cursor.accept(second).is_empty());
}

#[test]
fn identical_lines_in_one_millisecond_count_as_many_events() {
    let mut cursor = FollowCursor::after(&[], 0);
    let twice = vec![event(5, "s", "retry", ""), event(5, "s", "retry", "")];
    assert_eq!(cursor.accept(twice.clone()).len(), 2);
    assert!(cursor.accept(twice.clone()).is_empty(), "the same two again are not new");
    let mut thrice = twice;
    thrice.push(event(5, "s", "retry", ""));
    assert_eq!(cursor.accept(thrice).len(), 1, "a third copy is");
    // With ids, identical lines are told apart by id.
    let mut cursor = FollowCursor::after(&[], 0);
    assert_eq!(cursor.accept(vec![event(5, "s", "x", "a"), event(5, "s", "x", "b")]).len(), 2);
    assert_eq!(ids(&cursor.accept(vec![event(5, "s", "x", "b"), event(5, "s", "x", "c")])), ["c"]);
}

#[test]
fn events_seen_without_an_id_are_not_repeated_when_they_come_with_one() {
    // The view came from GetLogEvents (no ids); polling returns ids.
    let view = [event(100, "s", "one", ""), event(200, "s", "two", ""), event(200, "t", "two", "")];
    let mut cursor = FollowCursor::after(&view, 0);
    let polled = vec![
        event(100, "s", "one", "e1"),
        event(200, "s", "two", "e2"),
        event(200, "t", "two", "e3"),
        event(200, "t", "three", "e4"),
    ];
    assert_eq!(ids(&cursor.accept(polled.clone())), ["e4"]);
    assert!(cursor.accept(polled).is_empty());
    // Live tail (no ids) after polling: the same events are still not new.
    assert!(cursor.accept(vec![event(200, "t", "three", "")]).is_empty());
    assert_eq!(messages(&cursor.accept(vec![event(201, "t", "four", "")])), ["four"]);
}

#[test]
fn late_events_inside_the_window_are_delivered_and_older_ones_are_not() {
    let mut cursor = FollowCursor::after(&[event(50_000, "s", "seen", "0")], 0);
    assert_eq!(cursor.poll_start(), 50_000 - LATE_WINDOW_MS);
    assert_eq!(ids(&cursor.accept(vec![event(60_000, "s", "new", "1")])), ["1"]);
    assert_eq!(cursor.poll_start(), 60_000 - LATE_WINDOW_MS);
    // Written 9 s before the newest, arriving after it: still delivered, in time order.
    let late = vec![event(60_500, "s", "newer", "3"), event(51_000, "s", "late", "2")];
    assert_eq!(ids(&cursor.accept(late)), ["2", "3"]);
    // Older than the window: polling no longer looks there, and neither does the cursor.
    assert!(cursor.accept(vec![event(49_000, "s", "too late", "x")]).is_empty());
    assert_eq!(cursor.newest(), 60_500);
}

#[test]
fn nothing_before_since_is_delivered_when_the_view_is_empty() {
    let mut cursor = FollowCursor::after(&[], 10_000);
    assert_eq!(cursor.poll_start(), 10_000);
    let batch = vec![event(9_999, "s", "before", "1"), event(10_000, "s", "at", "2")];
    assert_eq!(ids(&cursor.accept(batch)), ["2"]);
}

#[test]
fn the_view_is_not_delivered_again_and_memory_stays_inside_the_window() {
    let view: Vec<LogEvent> = (0..50).map(|i| event(i * 1_000, "s", &format!("m{i}"), &i.to_string())).collect();
    let mut cursor = FollowCursor::after(&view, 0);
    assert!(cursor.accept(view.clone()).is_empty());
    assert_eq!(cursor.remembered(), 11, "the view's last 10 s only");
    // An hour of one event a second, polled with the 10 s lookback each time.
    let mut delivered = 0;
    let mut all = view;
    for second in 50..3_650_i64 {
        all.push(event(second * 1_000, "s", &format!("m{second}"), &second.to_string()));
        let start = cursor.poll_start();
        let polled: Vec<LogEvent> = all.iter().filter(|e| e.timestamp >= start).cloned().collect();
        let fresh = cursor.accept(polled);
        assert_eq!(ids(&fresh), [second.to_string().as_str()]);
        delivered += fresh.len();
        assert!(cursor.remembered() <= 11, "{} remembered", cursor.remembered());
    }
    assert_eq!(delivered, 3_600);
}
