//! The S3 write wrappers over a fake transport: per-key refusals of a batched
//! delete, batch sizes, and the failures a write maps.

mod fake;

use std::sync::{Arc, Mutex};

use aws_sdk_s3::operation::delete_objects::DeleteObjectsOutput;
use aws_sdk_s3::types::Error as KeyError;
use aws_smithy_mocks::mock;
use awscope::aws::s3::S3Error;
use awscope::aws::s3::write::{self, DELETE_BATCH, KeyFailure};

#[tokio::test]
async fn a_delete_refused_for_some_keys_lists_exactly_those_keys_and_counts_the_rest() {
    let batches = Arc::new(Mutex::new(Vec::new()));
    let seen = batches.clone();
    let delete = mock!(aws_sdk_s3::Client::delete_objects).then_compute_output(move |r| {
        let delete = r.delete().expect("a delete body");
        let keys: Vec<String> = delete.objects().iter().map(|o| o.key().to_owned()).collect();
        seen.lock().expect("lock").push((keys.len(), delete.quiet()));
        let errors = keys
            .iter()
            .filter(|k| k.starts_with("locked/"))
            .map(|k| KeyError::builder().key(k).code("AccessDenied").message("Access Denied").build());
        DeleteObjectsOutput::builder().set_errors(Some(errors.collect())).build()
    });
    let provider = fake::provider(&[&delete]);
    let mut keys: Vec<String> = (0..2400).map(|i| format!("open/{i:04}")).collect();
    keys.extend(["locked/a".to_owned(), "locked/b".to_owned(), "locked/c d".to_owned()]);

    let settled = Mutex::new(0);
    let progress = |n: usize| *settled.lock().expect("lock") += n;
    let report = write::delete_keys("bucket", None, &keys, &provider, &progress).await.expect("delete");

    assert_eq!(report.deleted, 2400);
    let denied =
        |key: &str| KeyFailure { key: key.into(), code: "AccessDenied".into(), message: "Access Denied".into() };
    assert_eq!(report.failed, [denied("locked/a"), denied("locked/b"), denied("locked/c d")]);
    assert_eq!(*settled.lock().expect("lock"), 2403, "every key settles, deleted or not");
    let mut sizes = batches.lock().expect("lock").clone();
    sizes.sort();
    assert_eq!(sizes, [(403, Some(true)), (DELETE_BATCH, Some(true)), (DELETE_BATCH, Some(true))]);
}

#[tokio::test]
async fn a_delete_whose_call_fails_is_an_error_naming_the_bucket() {
    let delete = mock!(aws_sdk_s3::Client::delete_objects)
        .then_http_response(|| fake::http(404, &fake::s3_error("NoSuchBucket", "The specified bucket does not exist")));
    let provider = fake::provider(&[&delete]);

    let err = write::delete_keys("gone", None, &["a".to_owned()], &provider, &|_| {}).await.expect_err("no bucket");

    assert_eq!(err, S3Error::BucketNotFound { bucket: "gone".into() });
}

#[tokio::test]
async fn a_failed_precondition_on_a_copy_is_an_existing_key_not_an_error() {
    let head = mock!(aws_sdk_s3::Client::head_object).then_http_response(|| fake::http(404, ""));
    let copy = mock!(aws_sdk_s3::Client::copy_object)
        .match_requests(|r| {
            r.if_none_match() == Some("*")
                && r.copy_source() == Some("src/a%20b/%C3%BC.txt")
                && r.metadata_directive() == Some(&aws_sdk_s3::types::MetadataDirective::Copy)
                && r.tagging_directive() == Some(&aws_sdk_s3::types::TaggingDirective::Copy)
        })
        .then_http_response(|| {
            fake::http(412, &fake::s3_error("PreconditionFailed", "At least one precondition failed"))
        });
    let provider = fake::provider(&[&head, &copy]);
    let spec = write::CopySpec {
        from_bucket: "src".into(),
        from_key: "a b/ü.txt".into(),
        from_version: None,
        from_region: None,
        size: 10,
        to_bucket: "dst".into(),
        to_key: "x".into(),
        to_region: None,
    };

    let written = write::copy_object(&spec, write::Overwrite::Never, &provider, &|_| {}).await.expect("copy");

    assert_eq!(written, write::Written::Exists);
    assert_eq!(copy.num_calls(), 1);
}
