//! The object-listing and object wrappers over a fake transport: pages with
//! folders, tokens, key decoding, redirects and error mapping.

mod fake;

use std::sync::{Arc, Mutex};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Output;
use aws_sdk_s3::types::{CommonPrefix, EncodingType, Object};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use awscope::aws::context::RegionSource;
use awscope::aws::s3::{self, Entry, S3Error};
use awscope::aws::{AwsContext, AwsProvider, ErrorKind};

fn object(key: &str, size: i64) -> Object {
    Object::builder().key(key).size(size).last_modified(aws_smithy_types::DateTime::from_secs(1_700_000_000)).build()
}

fn folder(prefix: &str) -> CommonPrefix {
    CommonPrefix::builder().prefix(prefix).build()
}

#[tokio::test]
async fn list_objects_streams_three_pages_with_folders_and_passes_each_token() {
    let first = mock!(aws_sdk_s3::Client::list_objects_v2)
        .match_requests(|r| {
            r.continuation_token().is_none()
                && r.prefix() == Some("logs/")
                && r.delimiter() == Some("/")
                && r.encoding_type() == Some(&EncodingType::Url)
        })
        .then_output(|| {
            ListObjectsV2Output::builder()
                .encoding_type(EncodingType::Url)
                .common_prefixes(folder("logs/2024/"))
                .contents(object("logs/a+b%25.txt", 10))
                .next_continuation_token("t2")
                .build()
        });
    let second = mock!(aws_sdk_s3::Client::list_objects_v2)
        .match_requests(|r| r.continuation_token() == Some("t2") && r.prefix() == Some("logs/"))
        .then_output(|| {
            ListObjectsV2Output::builder()
                .encoding_type(EncodingType::Url)
                .common_prefixes(folder("logs/2025/"))
                .next_continuation_token("t3")
                .build()
        });
    let third = mock!(aws_sdk_s3::Client::list_objects_v2)
        .match_requests(|r| r.continuation_token() == Some("t3") && r.prefix() == Some("logs/"))
        .then_output(|| {
            ListObjectsV2Output::builder()
                .encoding_type(EncodingType::Url)
                .contents(object("logs/%E2%9C%93.json", 2048))
                .build()
        });
    let provider = fake::provider(&[&first, &second, &third]);

    let entries = s3::list_objects("bucket", "logs/", None, &provider).collect_all().await.expect("listing");

    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
    let keys: Vec<&str> = entries.iter().map(Entry::key).collect();
    // Keys are decoded as S3 encodes them: `+` is a space, %XX a byte.
    assert_eq!(keys, ["logs/2024/", "logs/a b%.txt", "logs/2025/", "logs/✓.json"]);
    assert_eq!(entries[1].name("logs/"), "a b%.txt");
    let Entry::Object(o) = &entries[3] else { panic!("an object") };
    assert_eq!(o.size, 2048);
}

/// Where each request went: its host and the region it was signed for.
#[derive(Debug, Clone, Default)]
struct Sent(Arc<Mutex<Vec<(String, String)>>>);

impl Sent {
    fn requests(&self) -> Vec<(String, String)> {
        self.0.lock().expect("lock").clone()
    }
}

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "Sent"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let host = request.uri().split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or("").to_owned();
        // `Credential=AKID/20240101/eu-west-1/s3/aws4_request`: the signing region.
        let region = request
            .headers()
            .get("authorization")
            .and_then(|auth| auth.split("Credential=").nth(1))
            .and_then(|scope| scope.split('/').nth(2))
            .unwrap_or("")
            .to_owned();
        self.0.lock().expect("lock").push((host, region));
        Ok(())
    }
}

/// A provider in us-east-1 over `rules` (in order, no retries) that records
/// where each request went.
fn recording_provider(rules: &[&Rule]) -> (AwsProvider, Sent) {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
    for rule in rules {
        mocks = mocks.with_rule(rule);
    }
    let config = SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new("AKIDTEST", "x", None, None, "fake")))
        .http_client(create_mock_http_client())
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .build();
    let sent = Sent::default();
    let context = AwsContext { profile: Some("fake".into()), ..AwsContext::default() };
    let interceptors = vec![SharedInterceptor::new(mocks), SharedInterceptor::new(sent.clone())];
    (AwsProvider::from_sdk_config(context, config, RegionSource::Explicit, interceptors), sent)
}

#[tokio::test]
async fn a_redirect_to_another_region_is_retried_there_once() {
    let moved = mock!(aws_sdk_s3::Client::list_objects_v2).then_http_response(|| {
        let mut response = fake::http(
            301,
            &fake::s3_error(
                "PermanentRedirect",
                "The bucket you are attempting to access must be addressed using the specified endpoint. \
                 Please send all future requests to this endpoint.",
            ),
        );
        response.headers_mut().insert("x-amz-bucket-region", "eu-west-1");
        response
    });
    let there = mock!(aws_sdk_s3::Client::list_objects_v2)
        .then_output(|| ListObjectsV2Output::builder().contents(object("x", 1)).build());
    let (provider, sent) = recording_provider(&[&moved, &there]);

    let entries = s3::list_objects("elsewhere", "", None, &provider).collect_all().await.expect("retried in eu-west-1");

    assert_eq!((moved.num_calls(), there.num_calls()), (1, 1));
    assert_eq!(entries.len(), 1);
    let regions: Vec<String> = sent.requests().into_iter().map(|(_, region)| region).collect();
    assert_eq!(regions, ["us-east-1", "eu-west-1"], "{:?}", sent.requests());
}

#[tokio::test]
async fn a_malformed_authorization_header_is_retried_in_the_region_s3_expects() {
    // S3's answer, word for word, when a request for a bucket in eu-west-1 is
    // signed for us-east-1. The message names both regions; the right one is
    // the second. (Without the `x-amz-bucket-region` header, so the message
    // is what the retry has to go on.)
    let wrong_region = mock!(aws_sdk_s3::Client::list_objects_v2).then_http_response(|| {
        fake::http(
            400,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AuthorizationHeaderMalformed</Code>\
             <Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message>\
             <Region>eu-west-1</Region><RequestId>REQ123</RequestId>\
             <HostId>aGVsbG8gd29ybGQ=</HostId></Error>",
        )
    });
    let there = mock!(aws_sdk_s3::Client::list_objects_v2)
        .then_output(|| ListObjectsV2Output::builder().contents(object("x", 1)).build());
    let (provider, sent) = recording_provider(&[&wrong_region, &there]);

    let entries = s3::list_objects("elsewhere", "", None, &provider).collect_all().await.expect("retried in eu-west-1");

    assert_eq!((wrong_region.num_calls(), there.num_calls()), (1, 1));
    assert_eq!(entries.len(), 1);
    let requests = sent.requests();
    let regions: Vec<&str> = requests.iter().map(|(_, region)| region.as_str()).collect();
    assert_eq!(regions, ["us-east-1", "eu-west-1"], "the retry is signed for eu-west-1: {requests:?}");
    assert!(requests[1].0.contains("eu-west-1"), "and sent to eu-west-1's endpoint: {requests:?}");
}

#[tokio::test]
async fn listing_errors_map_to_domain_errors() {
    let missing = mock!(aws_sdk_s3::Client::list_objects_v2)
        .then_http_response(|| fake::http(404, &fake::s3_error("NoSuchBucket", "The specified bucket does not exist")));
    let provider = fake::provider(&[&missing]);
    let err = s3::list_objects("gone", "", None, &provider).collect_all().await.expect_err("missing");
    assert_eq!(err, S3Error::BucketNotFound { bucket: "gone".into() });
    assert!(err.to_string().contains("Bucket gone does not exist"), "{err}");

    let denied = mock!(aws_sdk_s3::Client::list_objects_v2)
        .then_http_response(|| fake::http(403, &fake::s3_error("AccessDenied", "Access Denied")));
    let provider = fake::provider(&[&denied]);
    let err = s3::list_objects("private", "secret/", None, &provider).collect_all().await.expect_err("denied");
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    let message = err.to_string();
    assert!(message.contains("ListObjectsV2 on s3://private/secret/"), "{message}");
    assert!(message.contains("s3:ListBucket"), "{message}");

    let odd = mock!(aws_sdk_s3::Client::list_objects_v2)
        .then_http_response(|| fake::http(400, &fake::s3_error("SomethingNew", "a new failure")));
    let provider = fake::provider(&[&odd]);
    let err = s3::list_objects("b", "", None, &provider).collect_all().await.expect_err("odd");
    let S3Error::Aws(aws) = err else { panic!("passed through") };
    assert_eq!((aws.kind, aws.code.as_deref()), (ErrorKind::Other, Some("SomethingNew")));
}

#[tokio::test]
async fn object_detail_reports_a_deleted_object_as_such() {
    // HeadObject has no body; S3 answers a missing key with a bare 404.
    let gone = mock!(aws_sdk_s3::Client::head_object).then_http_response(|| fake::http(404, ""));
    let provider = fake::provider(&[&gone]);
    let err = s3::object_detail("b", "k.txt", None, &provider).await.expect_err("gone");
    assert_eq!(err, S3Error::ObjectNotFound { bucket: "b".into(), key: "k.txt".into() });
    assert!(err.to_string().contains("no longer exists"), "{err}");
}

#[tokio::test]
async fn head_bucket_gives_the_bucket_status() {
    for (status, expected) in [
        (200, s3::BucketStatus::ExistsHaveAccess),
        (403, s3::BucketStatus::ExistsNoAccess),
        (404, s3::BucketStatus::DoesNotExist),
    ] {
        let rule = mock!(aws_sdk_s3::Client::head_bucket).then_http_response(move || fake::http(status, ""));
        let provider = fake::provider(&[&rule]);
        assert_eq!(s3::bucket_status("b", None, &provider).await.expect("status"), expected, "HTTP {status}");
    }
    let slow = mock!(aws_sdk_s3::Client::head_bucket).then_http_response(|| fake::http(500, ""));
    let provider = fake::provider(&[&slow]);
    assert!(s3::bucket_status("b", None, &provider).await.is_err(), "a 500 is an error, not a status");
}
