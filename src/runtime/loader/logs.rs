//! The Logs pane's loads: groups and streams page by page, events of a
//! window (oldest first), the newest events of a scope, a follow session
//! that runs until the view cancels it, and saving events to a file.

use std::io::Write;
use std::time::Duration;

use super::Sink;
use crate::app::action::{Failure, Payload};
use crate::app::logs::{LogsPayload, LogsRequest, Since};
use crate::aws::ErrorKind;
use crate::aws::logs::{self, EventScope, LogsError, TimeRange};
use crate::aws::pages::Pages;
use crate::aws::provider::AwsProvider;
use crate::aws::time::now_ms;

/// Runs one Logs request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: LogsRequest, sink: &Sink) {
    match request {
        LogsRequest::Groups { prefix } => {
            let pages = logs::list_groups(prefix.as_deref(), provider);
            stream(pages, sink, LogsPayload::Groups).await;
        }
        LogsRequest::Streams { group, region } => {
            let pages = logs::list_streams(&group, region.as_deref(), provider);
            stream(pages, sink, LogsPayload::Streams).await;
        }
        LogsRequest::Newest { scope, limit } => match logs::newest_events(&scope, limit, provider).await {
            Ok(events) => send(sink, LogsPayload::Events { events, from: None }, false),
            Err(e) => sink.fail_service(&e),
        },
        LogsRequest::Range { scope, since } => {
            let start = match since {
                Since::Ago(d) => now_ms().saturating_sub(millis(d)),
                Since::At(at) => at,
            };
            events(&scope, TimeRange { start: Some(start), end: None }, provider, sink).await;
        }
        LogsRequest::Older { scope, before, span } => {
            let range = TimeRange { start: Some(before.saturating_sub(millis(span))), end: Some(before) };
            events(&scope, range, provider, sink).await;
        }
        LogsRequest::Follow { scope, cursor } => {
            let error = logs::follow(&scope, cursor, provider, |batch| {
                send(sink, LogsPayload::Followed(batch), true);
            })
            .await;
            sink.fail_service(&error);
        }
        LogsRequest::EcsStreams { origin } => {
            let found =
                super::ecs::log_sources(provider, origin.cluster, Some(origin.service), Vec::new(), origin.stopped)
                    .await;
            match found {
                Ok((tasks, definitions)) => send(sink, LogsPayload::EcsStreams { tasks, definitions }, false),
                Err(e) => sink.fail_service(&e),
            }
        }
        LogsRequest::Save { path, text, events, overwrite } => {
            let target = super::expand_home(path.clone().into());
            let written = tokio::task::spawn_blocking(move || save(&target, &text, overwrite)).await;
            match written {
                Ok(Ok(true)) => send(sink, LogsPayload::Saved { path, events }, false),
                Ok(Ok(false)) => send(sink, LogsPayload::SaveExists { path }, false),
                Ok(Err(e)) => sink.fail(Failure::new(ErrorKind::Other, format!("{e}. Choose another file (s)."))),
                Err(e) => sink.fail(Failure::new(ErrorKind::Internal, e)),
            }
        }
    }
}

/// Streams a listing page by page.
async fn stream<T>(mut pages: Pages<T, LogsError>, sink: &Sink, wrap: fn(Vec<T>) -> LogsPayload) {
    while let Some(page) = pages.next_page().await {
        match page {
            Ok(items) => send(sink, wrap(items), pages.has_more()),
            Err(e) => return sink.fail_service(&e),
        }
    }
}

/// Streams the events of `range` page by page, each page saying where the window starts.
async fn events(scope: &EventScope, range: TimeRange, provider: &AwsProvider, sink: &Sink) {
    let mut pages = logs::filter_events(scope, range, provider);
    let mut sent = false;
    while let Some(page) = pages.next_page().await {
        match page {
            Ok(events) => {
                sent = true;
                send(sink, LogsPayload::Events { events, from: range.start }, pages.has_more());
            }
            Err(e) => return sink.fail_service(&e),
        }
    }
    if !sent {
        send(sink, LogsPayload::Events { events: Vec::new(), from: range.start }, false);
    }
}

/// Writes `text` to `path` through a temporary file in the same folder,
/// renamed over it only when `overwrite` (else `Ok(false)` if it exists).
fn save(path: &std::path::Path, text: &str, overwrite: bool) -> std::io::Result<bool> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !overwrite && path.exists() {
        return Ok(false);
    }
    let mut file = tempfile::NamedTempFile::new_in(&dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    if overwrite {
        file.persist(path).map_err(|e| e.error)?;
    } else {
        match file.persist_noclobber(path) {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(e.error),
        }
    }
    Ok(true)
}

fn send(sink: &Sink, payload: LogsPayload, more: bool) {
    sink.send(Payload::Logs(payload), more);
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::save;

    #[test]
    fn saving_never_replaces_a_file_unasked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.log");
        assert!(save(&path, "one\n", false).unwrap());
        assert!(!save(&path, "two\n", false).unwrap(), "an existing file is left alone");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one\n");
        assert!(save(&path, "three\n", true).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "three\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }
}
