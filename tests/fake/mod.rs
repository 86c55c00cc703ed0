//! A provider over a fake transport: every call is answered by
//! `aws-smithy-mocks` rules, so the real wrappers run unchanged.

#![allow(dead_code)]

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client};
use aws_smithy_runtime_api::client::interceptors::SharedInterceptor;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use awscope::aws::context::RegionSource;
use awscope::aws::{AwsContext, AwsProvider};

/// A provider whose calls are answered by `rules` (any order), with retries off.
pub fn provider(rules: &[&Rule]) -> AwsProvider {
    provider_with(rules, RuleMode::MatchAny, RetryConfig::disabled())
}

/// A provider over `rules` with the given rule mode and retry settings.
pub fn provider_with(rules: &[&Rule], mode: RuleMode, retry: RetryConfig) -> AwsProvider {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(mode);
    for rule in rules {
        interceptor = interceptor.with_rule(rule);
    }
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDTEST",
            "not-a-secret",
            None,
            None,
            "fake",
        )))
        .http_client(create_mock_http_client())
        .retry_config(retry)
        .build();
    let context = AwsContext { profile: Some("fake".into()), ..AwsContext::default() };
    AwsProvider::from_sdk_config(context, config, RegionSource::Explicit, vec![SharedInterceptor::new(interceptor)])
}

/// A raw HTTP response, so error parsing runs through the real deserialiser.
/// It carries request-id headers as AWS sends them.
pub fn http(status: u16, body: &str) -> HttpResponse {
    let mut response =
        HttpResponse::new(StatusCode::try_from(status).expect("valid status"), SdkBody::from(body.to_owned()));
    response.headers_mut().insert("x-amz-request-id", "REQ123");
    response.headers_mut().insert("x-amzn-requestid", "REQ123");
    response
}

/// An S3-style XML error body.
pub fn s3_error(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>REQ123</RequestId></Error>"
    )
}
