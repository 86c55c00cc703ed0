//! The Ssm pane's loads.

use super::Sink;
use crate::app::ssm::SsmRequest;
use crate::aws::provider::AwsProvider;

/// Runs one Ssm request, delivering results through `sink`.
pub(super) async fn run(_provider: &AwsProvider, request: SsmRequest, _sink: &Sink) {
    match request {}
}
