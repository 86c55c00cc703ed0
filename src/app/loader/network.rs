//! The Network pane's loads.

use super::Sink;
use crate::app::network::NetworkRequest;
use crate::aws::provider::AwsProvider;

/// Runs one Network request, delivering results through `sink`.
pub(super) async fn run(_provider: &AwsProvider, request: NetworkRequest, _sink: &Sink) {
    match request {}
}
