//! The SSM pane's loads and writes. Listings stream page by page, so the
//! first rows are on screen after one DescribeParameters round trip; a
//! failure after some pages keeps the rows already delivered.

use super::Sink;
use crate::app::action::Payload;
use crate::app::ssm::{SsmPayload, SsmRequest};
use crate::aws::provider::AwsProvider;
use crate::aws::ssm::{self, Decrypt, SsmError};

/// Runs one SSM request, delivering results through `sink`.
pub(super) async fn run(provider: &AwsProvider, request: SsmRequest, sink: &Sink) {
    match request {
        SsmRequest::List { path } => {
            let mut pages = ssm::list_parameters(path.as_deref(), provider);
            while let Some(page) = pages.next_page().await {
                match page {
                    Ok(items) => send(sink, SsmPayload::Parameters(items), pages.has_more()),
                    Err(e) => return fail(sink, &e),
                }
            }
        }
        SsmRequest::Open { name } => match ssm::get_parameter(&name, Decrypt::No, provider).await {
            Ok(value) => send(sink, SsmPayload::Value(value), false),
            Err(e) => fail(sink, &e),
        },
        SsmRequest::Reveal { name } => match ssm::get_parameter(&name, Decrypt::Yes, provider).await {
            Ok(value) => send(sink, SsmPayload::Revealed(value), false),
            Err(e) => fail(sink, &e),
        },
        SsmRequest::History { name, decrypt } => {
            let mut pages = ssm::parameter_history(&name, decrypt, provider);
            while let Some(page) = pages.next_page().await {
                match page {
                    Ok(items) => send(sink, SsmPayload::History(items), pages.has_more()),
                    Err(e) => return fail(sink, &e),
                }
            }
        }
        SsmRequest::Describe { name } => match ssm::describe_parameter(&name, provider).await {
            Ok(found) => send(sink, SsmPayload::Described { name, found: Some(Box::new(found)) }, false),
            Err(SsmError::ParameterNotFound { .. }) => send(sink, SsmPayload::Described { name, found: None }, false),
            Err(e) => fail(sink, &e),
        },
        SsmRequest::Check(write) => match ssm::check_write(&write, provider).await {
            Ok(found) => send(sink, SsmPayload::Checked(found.map(Box::new)), false),
            Err(e) => fail(sink, &e),
        },
        SsmRequest::Write(write) => match ssm::guarded_write(&write, provider).await {
            Ok(outcome) => send(sink, SsmPayload::Written(outcome), false),
            Err(e) => fail(sink, &e),
        },
    }
}

fn send(sink: &Sink, payload: SsmPayload, more: bool) {
    sink.send(Payload::Ssm(payload), more);
}

fn fail(sink: &Sink, error: &SsmError) {
    sink.fail_service(error);
}
