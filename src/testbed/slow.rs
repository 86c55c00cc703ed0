//! A fake AWS transport that answers every call after a fixed latency, for
//! tests and benchmarks of many calls at once (a search across regions):
//! empty answers by default, or what a rule says per (region, operation):
//! a found SSM parameter, AccessDenied, or no answer at all.

use std::sync::Arc;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use crate::aws::context::RegionSource;
use crate::aws::{AwsContext, AwsProvider};

/// How the fake answers one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A successful answer with nothing in it.
    Empty,
    /// SSM DescribeParameters: one parameter of this name.
    Parameter(String),
    /// The service's AccessDenied.
    Denied,
    /// No answer, ever (the caller's timeout ends it).
    Hang,
}

/// Picks the answer from (region, service, operation), as `("eu-west-1",
/// "ec2", "DescribeVpcs")`.
pub type Rule = Arc<dyn Fn(&str, &str, &str) -> Answer + Send + Sync>;

#[derive(Clone)]
struct Slow {
    latency: Duration,
    rule: Rule,
}

impl std::fmt::Debug for Slow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slow").field("latency", &self.latency).finish_non_exhaustive()
    }
}

/// (region, service, operation) of a request, from its host, target header,
/// form body or path.
fn what(request: &HttpRequest) -> (String, String, String) {
    let uri = request.uri().to_owned();
    let host = uri.split("://").nth(1).unwrap_or(&uri).split('/').next().unwrap_or_default().to_owned();
    let parts: Vec<&str> = host.split('.').collect();
    let service = parts.first().copied().unwrap_or_default().to_owned();
    let region = parts
        .iter()
        .find(|p| p.contains('-') && p.ends_with(|c: char| c.is_ascii_digit()))
        .map_or_else(|| "us-east-1".to_owned(), |r| (*r).to_owned());
    let operation = if let Some(target) = request.headers().get("x-amz-target") {
        target.rsplit('.').next().unwrap_or_default().to_owned()
    } else if let Some(body) = request.body().bytes().and_then(|b| std::str::from_utf8(b).ok())
        && let Some(action) = body.split('&').find_map(|kv| kv.strip_prefix("Action="))
    {
        action.to_owned()
    } else if service == "s3" {
        "ListBuckets".to_owned()
    } else {
        String::new()
    };
    (region, service, operation)
}

fn response(status: u16, content_type: &str, body: String) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(status).unwrap_or(StatusCode::try_from(500).expect("500")),
        SdkBody::from(body),
    );
    response.headers_mut().insert("content-type", content_type.to_owned());
    response.headers_mut().insert("x-amzn-requestid", "FAKE-REQUEST");
    response
}

fn answer(service: &str, operation: &str, answer: &Answer) -> HttpResponse {
    let json = "application/x-amz-json-1.1";
    match (service, answer) {
        ("ec2", Answer::Denied) => response(
            403,
            "text/xml",
            "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>FAKE-REQUEST</RequestID></Response>".to_owned(),
        ),
        ("s3", Answer::Denied) => response(
            403,
            "application/xml",
            "<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>FAKE-REQUEST</RequestId></Error>".to_owned(),
        ),
        (_, Answer::Denied) => response(
            400,
            json,
            r#"{"__type":"AccessDeniedException","message":"User is not authorized to perform this operation"}"#.to_owned(),
        ),
        ("ec2", _) => response(
            200,
            "text/xml",
            format!("<{operation}Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>FAKE-REQUEST</requestId></{operation}Response>"),
        ),
        ("sts", _) => response(
            200,
            "text/xml",
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/slow</Arn><UserId>AIDASLOW</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>FAKE-REQUEST</RequestId></ResponseMetadata></GetCallerIdentityResponse>".to_owned(),
        ),
        ("s3", _) => response(
            200,
            "application/xml",
            "<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>".to_owned(),
        ),
        ("ssm", Answer::Parameter(name)) => response(
            200,
            json,
            serde_json::json!({"Parameters": [{"Name": name, "Type": "String", "Version": 1}]}).to_string(),
        ),
        _ => response(200, json, "{}".to_owned()),
    }
}

impl HttpConnector for Slow {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let (region, service, operation) = what(&request);
        let chosen = (self.rule)(&region, &service, &operation);
        let latency = self.latency;
        HttpConnectorFuture::new(async move {
            if chosen == Answer::Hang {
                tokio::time::sleep(Duration::from_secs(3600)).await;
            }
            tokio::time::sleep(latency).await;
            Ok(answer(&service, &operation, &chosen))
        })
    }
}

impl HttpClient for Slow {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

/// A provider for `profile` in `region` whose every call is answered after
/// `latency` as `rule` says (retries off, static fake credentials).
#[must_use]
pub fn provider(profile: &str, region: &str, latency: Duration, rule: Rule) -> AwsProvider {
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region.to_owned()))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIDFAKE",
            "not-a-secret",
            None,
            None,
            "fake",
        )))
        .http_client(SharedHttpClient::new(Slow { latency, rule }))
        .retry_config(RetryConfig::disabled())
        .build();
    let context = AwsContext { profile: Some(profile.to_owned()), ..AwsContext::default() };
    AwsProvider::from_sdk_config(context, config, RegionSource::Explicit, Vec::new())
}
