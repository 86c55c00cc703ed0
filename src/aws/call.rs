//! The one way a wrapper makes an AWS call: [`AwsProvider::send`] times it,
//! sends it, logs it ([`log_page`] on an answer, [`log_failure`] on a
//! failure, by operation and resource only, never a value) and classifies
//! what went wrong.

use std::future::Future;
use std::time::Instant;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::error::{AwsError, Call};
use super::pages::{log_failure, log_page};
use super::provider::AwsProvider;

/// What a call's answer became, and what its log line says of it: how many
/// items it held and whether more are to come.
#[derive(Debug)]
pub struct Answer<R> {
    value: R,
    logged: Option<(usize, bool)>,
}

impl<R> Answer<R> {
    /// An answer logged as one item with nothing more to come.
    #[must_use]
    pub fn one(value: R) -> Self {
        Self::counted(value, 1, false)
    }

    /// An answer logged as `items` items, `more` saying whether more follow.
    #[must_use]
    pub fn counted(value: R, items: usize, more: bool) -> Self {
        Self { value, logged: Some((items, more)) }
    }

    /// An answer that failed after AWS sent it (a body cut off mid-read):
    /// no page is logged, and the caller reports the failure in `value`.
    #[must_use]
    pub fn unlogged(value: R) -> Self {
        Self { value, logged: None }
    }
}

impl<T> Answer<(Vec<T>, Option<String>)> {
    /// A page of a listing: its items, and the token of the next page.
    #[must_use]
    pub fn page(items: Vec<T>, next: Option<String>) -> Self {
        let (count, more) = (items.len(), next.is_some());
        Self::counted((items, next), count, more)
    }
}

/// A call that failed: classified and already logged, with the SDK's error
/// for the callers that read the HTTP status.
#[derive(Debug)]
pub struct Failed<E> {
    /// The classified failure.
    pub error: AwsError,
    /// The SDK's error.
    pub raw: SdkError<E, HttpResponse>,
}

impl<E> Failed<E> {
    /// The HTTP status of the response, when one came back.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.raw.raw_response().map(|r| r.status().as_u16())
    }

    /// The HTTP status of the service's error answer; `None` for failures
    /// that are not a service error (timeouts, network, unreadable answers).
    #[must_use]
    pub fn service_status(&self) -> Option<u16> {
        match &self.raw {
            SdkError::ServiceError(e) => Some(e.raw().status().as_u16()),
            _ => None,
        }
    }
}

impl<E> From<Failed<E>> for AwsError {
    fn from(failed: Failed<E>) -> Self {
        failed.error
    }
}

impl AwsProvider {
    /// Sends `request` as page `page` of `call`: times it, turns the output
    /// into an [`Answer`] with `answer`, and logs the page; or classifies the
    /// failure (naming this provider's profile and region) and logs it.
    ///
    /// # Errors
    /// The classified failure, with the SDK's error.
    pub async fn send<O, E, R>(
        &self,
        call: Call<'_>,
        page: u32,
        request: impl Future<Output = Result<O, SdkError<E, HttpResponse>>>,
        answer: impl FnOnce(O) -> Answer<R>,
    ) -> Result<R, Failed<E>>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let started = Instant::now();
        match request.await {
            Ok(out) => {
                let Answer { value, logged } = answer(out);
                if let Some((items, more)) = logged {
                    log_page(call, page, items, more, started);
                }
                Ok(value)
            }
            Err(raw) => {
                let error = self.error(call, &raw);
                log_failure(call, page, &error, started);
                Err(Failed { error, raw })
            }
        }
    }
}
