//! The S3 pane's jobs: planning (counting what a write or a tree download
//! acts on), running them with progress and cancel, path completion,
//! presigned URLs and version writes.

use super::Sink;
use crate::app::s3::ObjectRef;
use crate::app::s3::jobs::{Completion, JobKind, Overwrite, PlanItem, VersionAction};
use crate::aws::provider::AwsProvider;

/// Streams the plan of `job` as [`crate::app::s3::S3Payload::PlanPage`]s.
pub(super) async fn plan(provider: &AwsProvider, job: JobKind, sink: &Sink) {
    let _ = (provider, job, sink);
    unimplemented!("contract")
}

/// Runs `job` on `items`, sending progress, then the report.
pub(super) async fn run(provider: &AwsProvider, job: JobKind, items: Vec<PlanItem>, overwrite: Overwrite, sink: &Sink) {
    let _ = (provider, job, items, overwrite, sink);
    unimplemented!("contract")
}

/// Completes a path prompt.
pub(super) async fn complete(provider: &AwsProvider, what: Completion, sink: &Sink) {
    let _ = (provider, what, sink);
    unimplemented!("contract")
}

/// Presigns a GET URL.
pub(super) async fn presign(
    provider: &AwsProvider,
    object: &ObjectRef,
    version: Option<String>,
    expires_secs: u64,
    sink: &Sink,
) {
    let _ = (provider, object, version, expires_secs, sink);
    unimplemented!("contract")
}

/// Restores or deletes one version.
pub(super) async fn version(
    provider: &AwsProvider,
    object: &ObjectRef,
    version_id: &str,
    action: VersionAction,
    sink: &Sink,
) {
    let _ = (provider, object, version_id, action, sink);
    unimplemented!("contract")
}
