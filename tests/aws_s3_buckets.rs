//! The bucket-list wrapper over a fake transport: pages, tokens, error mapping.

mod fake;

use aws_sdk_s3::operation::get_bucket_location::GetBucketLocationOutput;
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::types::{Bucket as SdkBucket, BucketLocationConstraint};
use aws_smithy_mocks::mock;
use awscope::aws::ErrorKind;
use awscope::aws::s3::{self, S3Error};

fn bucket(name: &str) -> SdkBucket {
    SdkBucket::builder().name(name).creation_date(aws_smithy_types::DateTime::from_secs(1_700_000_000)).build()
}

#[tokio::test]
async fn list_buckets_follows_continuation_tokens_across_pages() {
    let first = mock!(aws_sdk_s3::Client::list_buckets)
        .match_requests(|r| r.continuation_token().is_none() && r.max_buckets() == Some(s3::BUCKET_PAGE_SIZE))
        .then_output(|| {
            ListBucketsOutput::builder()
                .buckets(bucket("alpha"))
                .buckets(bucket("beta"))
                .continuation_token("page-2")
                .build()
        });
    let second = mock!(aws_sdk_s3::Client::list_buckets)
        .match_requests(|r| r.continuation_token() == Some("page-2"))
        .then_output(|| ListBucketsOutput::builder().continuation_token("page-3").build());
    let third = mock!(aws_sdk_s3::Client::list_buckets)
        .match_requests(|r| r.continuation_token() == Some("page-3"))
        .then_output(|| {
            ListBucketsOutput::builder()
                .buckets(SdkBucket::builder().name("gamma").bucket_region("eu-west-1").build())
                .build()
        });
    let provider = fake::provider(&[&first, &second, &third]);

    let mut pages = s3::list_buckets(&provider);
    let page1 = pages.next_page().await.expect("page 1").expect("ok");
    assert_eq!(page1.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(), ["alpha", "beta"]);
    assert!(pages.has_more());
    // An empty page that still carries a token must not end the listing.
    let page2 = pages.next_page().await.expect("page 2").expect("ok");
    assert!(page2.is_empty());
    assert!(pages.has_more());
    let page3 = pages.next_page().await.expect("page 3").expect("ok");
    assert_eq!(page3[0].name, "gamma");
    assert_eq!(page3[0].region.as_deref(), Some("eu-west-1"));
    assert!(!pages.has_more());
    assert!(pages.next_page().await.is_none());

    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
    assert_eq!(page1[0].created.map(time::OffsetDateTime::unix_timestamp), Some(1_700_000_000));
}

#[tokio::test]
async fn access_denied_names_the_operation_and_the_iam_action() {
    let denied = mock!(aws_sdk_s3::Client::list_buckets)
        .then_http_response(|| fake::http(403, &fake::s3_error("AccessDenied", "Access Denied")));
    let provider = fake::provider(&[&denied]);

    let err = s3::list_buckets(&provider).collect_all().await.expect_err("denied");

    let S3Error::Aws(aws) = &err else { panic!("expected a classified AWS error, got {err:?}") };
    assert_eq!(aws.kind, ErrorKind::AccessDenied);
    assert_eq!(aws.code.as_deref(), Some("AccessDenied"));
    assert_eq!(aws.request_id.as_deref(), Some("REQ123"));
    let message = err.to_string();
    assert!(message.contains("ListBuckets"), "{message}");
    assert!(message.contains("s3:ListAllMyBuckets"), "{message}");
    assert!(message.contains("switch profile or role"), "{message}");
}

#[tokio::test]
async fn an_unexpected_error_code_passes_through_with_its_code_and_message() {
    let odd = mock!(aws_sdk_s3::Client::list_buckets)
        .then_http_response(|| fake::http(400, &fake::s3_error("BrandNewFailure", "something AWS just invented")));
    let provider = fake::provider(&[&odd]);

    let err = s3::list_buckets(&provider).collect_all().await.expect_err("fails");

    assert_eq!(err.kind(), ErrorKind::Other);
    let S3Error::Aws(aws) = &err else { panic!("expected a classified AWS error, got {err:?}") };
    assert_eq!(aws.code.as_deref(), Some("BrandNewFailure"));
    assert_eq!(aws.message.as_deref(), Some("something AWS just invented"));
    let message = err.to_string();
    assert!(message.contains("BrandNewFailure: something AWS just invented"), "{message}");
    assert!(message.contains("REQ123"), "{message}");
}

#[tokio::test]
async fn throttling_and_expired_tokens_are_classified() {
    let slow = mock!(aws_sdk_s3::Client::list_buckets)
        .then_http_response(|| fake::http(503, &fake::s3_error("SlowDown", "Please reduce your request rate.")));
    let provider = fake::provider(&[&slow]);
    let err = s3::list_buckets(&provider).collect_all().await.expect_err("throttled");
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert!(err.to_string().contains("throttled — r to retry"), "{err}");

    let expired = mock!(aws_sdk_s3::Client::list_buckets)
        .then_http_response(|| fake::http(400, &fake::s3_error("ExpiredToken", "The provided token has expired.")));
    let provider = fake::provider(&[&expired]);
    let err = s3::list_buckets(&provider).collect_all().await.expect_err("expired");
    assert_eq!(err.kind(), ErrorKind::ExpiredCredentials);
    assert!(err.to_string().contains("--profile fake"), "{err}");
}

#[tokio::test]
async fn bucket_region_reads_location_constraints() {
    let eu = mock!(aws_sdk_s3::Client::get_bucket_location)
        .match_requests(|r| r.bucket() == Some("in-eu"))
        .then_output(|| GetBucketLocationOutput::builder().location_constraint(BucketLocationConstraint::Eu).build());
    let us = mock!(aws_sdk_s3::Client::get_bucket_location)
        .match_requests(|r| r.bucket() == Some("in-us"))
        .then_output(|| GetBucketLocationOutput::builder().build());
    let gone = mock!(aws_sdk_s3::Client::get_bucket_location)
        .match_requests(|r| r.bucket() == Some("gone"))
        .then_http_response(|| fake::http(404, &fake::s3_error("NoSuchBucket", "The specified bucket does not exist")));
    let provider = fake::provider(&[&eu, &us, &gone]);

    assert_eq!(s3::bucket_region("in-eu", &provider).await.expect("eu"), "eu-west-1");
    assert_eq!(s3::bucket_region("in-us", &provider).await.expect("us"), "us-east-1");
    let err = s3::bucket_region("gone", &provider).await.expect_err("gone");
    assert_eq!(err, S3Error::BucketNotFound { bucket: "gone".into() });
}
