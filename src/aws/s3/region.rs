//! Buckets live in one region: a call sent elsewhere is redirected, and is
//! then made once more where the bucket is.

use std::sync::{Mutex, PoisonError};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::aws::provider::AwsProvider;

/// The region named by a redirect-type error: the `x-amz-bucket-region`
/// header, or the region in the message. An AuthorizationHeaderMalformed
/// message names two ("the region 'us-east-1' is wrong; expecting
/// 'eu-west-1'"): the bucket's is the one after "expecting".
fn redirect_region<E: ProvideErrorMetadata>(err: &SdkError<E, HttpResponse>) -> Option<String> {
    let SdkError::ServiceError(service) = err else { return None };
    if let Some(region) = service.raw().headers().get("x-amz-bucket-region") {
        return Some(region.to_owned());
    }
    let code = service.err().code()?;
    if !matches!(code, "PermanentRedirect" | "AuthorizationHeaderMalformed" | "IllegalLocationConstraintException") {
        return None;
    }
    let message = service.err().message()?;
    let named = message.split_once("expecting").map_or(message, |(_, after)| after);
    let quoted = named.split('\'').nth(1)?;
    let region_shaped =
        quoted.contains('-') && quoted.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    region_shaped.then(|| quoted.to_owned())
}

/// Runs `op` against `bucket`'s region; when S3 answers with a redirect that
/// names another region, runs it once more there and remembers the region.
pub(super) async fn in_bucket_region<T, E, F, Fut>(
    provider: &AwsProvider,
    region: &Mutex<Option<String>>,
    op: F,
) -> Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata,
    F: Fn(aws_sdk_s3::Client) -> Fut,
    Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
{
    let client = |r: Option<String>| r.map_or_else(|| provider.s3(), |r| provider.s3_in(&r));
    let current = region.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match op(client(current.clone())).await {
        Err(err) => match redirect_region(&err) {
            Some(found) if Some(&found) != current.as_ref() => {
                tracing::info!(region = %found, "retrying in the bucket's region after a redirect");
                *region.lock().unwrap_or_else(PoisonError::into_inner) = Some(found.clone());
                op(client(Some(found))).await
            }
            _ => Err(err),
        },
        ok => ok,
    }
}
