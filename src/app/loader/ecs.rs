//! The Ecs pane's loads.

use super::Sink;
use crate::app::ecs::EcsRequest;
use crate::aws::provider::AwsProvider;

/// Runs one Ecs request, delivering results through `sink`.
pub(super) async fn run(_provider: &AwsProvider, request: EcsRequest, _sink: &Sink) {
    match request {}
}
