//! Runs the Find pane's searches: every probe of the scope, results streamed
//! back as each answers.

use super::Sink;
use crate::app::Payload;
use crate::app::find::{FindPayload, FindRequest};
use crate::aws::AwsProvider;

/// Runs `request`. For now no probe is planned: the search ends at once
/// with nothing planned, so the view never waits on a search that runs nothing.
pub(super) async fn run(provider: &AwsProvider, request: FindRequest, sink: &Sink) {
    let _ = provider;
    match request {
        FindRequest::Search(_spec) => sink.send(Payload::Find(FindPayload::Planned(0)), false),
    }
}
