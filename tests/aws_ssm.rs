//! The SSM wrappers over a fake transport: pages and tokens (with an empty
//! middle page), every error code the wrappers map, unexpected errors passed
//! through, throttling retried, and the guard that keeps writes from losing
//! someone else's update.

mod fake;

use aws_sdk_ssm::operation::delete_parameter::DeleteParameterOutput;
use aws_sdk_ssm::operation::describe_parameters::DescribeParametersOutput;
use aws_sdk_ssm::operation::get_parameter::GetParameterOutput;
use aws_sdk_ssm::operation::get_parameter_history::GetParameterHistoryOutput;
use aws_sdk_ssm::operation::get_parameters_by_path::GetParametersByPathOutput;
use aws_sdk_ssm::operation::put_parameter::PutParameterOutput;
use aws_sdk_ssm::types::{
    Parameter as SdkParameter, ParameterHistory, ParameterMetadata, ParameterTier as SdkTier, ParameterType as SdkType,
};
use aws_smithy_mocks::mock;
use awscope::aws::ErrorKind;
use awscope::aws::ssm::{self, Decrypt, ParameterTier, ParameterType, ParameterWrite, Sensitive, SsmError, json::Json};

fn ssm_error(code: &str, message: &str) -> String {
    format!("{{\"__type\":\"{code}\",\"message\":\"{message}\"}}")
}

fn meta(name: &str, kind: SdkType, version: i64) -> ParameterMetadata {
    ParameterMetadata::builder()
        .name(name)
        .r#type(kind)
        .version(version)
        .tier(SdkTier::Standard)
        .data_type("text")
        .last_modified_user("arn:aws:iam::123456789012:user/alice")
        .last_modified_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
        .build()
}

fn value(name: &str, kind: SdkType, text: &str, version: i64) -> SdkParameter {
    SdkParameter::builder().name(name).r#type(kind).value(text).version(version).build()
}

#[tokio::test]
async fn describe_parameters_follows_tokens_across_an_empty_middle_page() {
    let first = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| {
            r.next_token().is_none()
                && r.max_results() == Some(ssm::DESCRIBE_PAGE_SIZE)
                && r.parameter_filters().is_empty()
        })
        .then_output(|| {
            DescribeParametersOutput::builder()
                .parameters(meta("/app/dev/db/host", SdkType::String, 3))
                .parameters(meta("/app/dev/db/password", SdkType::SecureString, 1).to_builder_with_key())
                .next_token("t2")
                .build()
        });
    let second = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| r.next_token() == Some("t2"))
        .then_output(|| DescribeParametersOutput::builder().next_token("t3").build());
    let third =
        mock!(aws_sdk_ssm::Client::describe_parameters).match_requests(|r| r.next_token() == Some("t3")).then_output(
            || DescribeParametersOutput::builder().parameters(meta("plain-name", SdkType::StringList, 2)).build(),
        );
    let provider = fake::provider(&[&first, &second, &third]);

    let mut pages = ssm::list_parameters(None, &provider);
    let page1 = pages.next_page().await.expect("page 1").expect("ok");
    // The first rows arrive after exactly one round trip.
    assert_eq!((first.num_calls(), second.num_calls()), (1, 0));
    assert_eq!(page1.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["/app/dev/db/host", "/app/dev/db/password"]);
    assert_eq!(page1[0].kind, ParameterType::String);
    assert_eq!(page1[0].tier, Some(ParameterTier::Standard));
    assert_eq!(page1[0].version, 3);
    assert_eq!(page1[0].last_modified_by.as_deref(), Some("arn:aws:iam::123456789012:user/alice"));
    assert_eq!(page1[0].last_modified.map(time::OffsetDateTime::unix_timestamp), Some(1_700_000_000));
    assert_eq!(page1[1].kind, ParameterType::SecureString);
    assert_eq!(page1[1].key_id.as_deref(), Some("alias/aws/ssm"));
    assert!(pages.has_more());

    let page2 = pages.next_page().await.expect("page 2").expect("ok");
    assert!(page2.is_empty());
    assert!(pages.has_more(), "an empty page with a token does not end the listing");
    let page3 = pages.next_page().await.expect("page 3").expect("ok");
    assert_eq!(page3[0].name, "plain-name");
    assert!(!pages.has_more());
    assert!(pages.next_page().await.is_none());
    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
}

/// Adds the default SSM key, as DescribeParameters reports for SecureStrings.
trait WithKey {
    fn to_builder_with_key(self) -> ParameterMetadata;
}

impl WithKey for ParameterMetadata {
    fn to_builder_with_key(self) -> ParameterMetadata {
        ParameterMetadata::builder()
            .set_name(self.name().map(str::to_owned))
            .set_type(self.r#type().cloned())
            .version(self.version())
            .key_id("alias/aws/ssm")
            .build()
    }
}

#[tokio::test]
async fn a_folder_reload_uses_a_recursive_path_filter() {
    let under = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| {
            let f = r.parameter_filters();
            f.len() == 1 && f[0].key() == "Path" && f[0].option() == Some("Recursive") && f[0].values() == ["/app/dev"]
        })
        .then_output(|| DescribeParametersOutput::builder().parameters(meta("/app/dev/x", SdkType::String, 1)).build());
    let provider = fake::provider(&[&under]);

    let all = ssm::list_parameters(Some("/app/dev/"), &provider).collect_all().await.expect("listed");
    assert_eq!(all.len(), 1);
    assert_eq!(under.num_calls(), 1);
}

#[tokio::test]
async fn get_parameters_by_path_pages_recursively_with_tokens() {
    let first = mock!(aws_sdk_ssm::Client::get_parameters_by_path)
        .match_requests(|r| {
            r.path() == Some("/app")
                && r.recursive() == Some(true)
                && r.with_decryption() == Some(false)
                && r.max_results() == Some(ssm::BY_PATH_PAGE_SIZE)
                && r.next_token().is_none()
        })
        .then_output(|| {
            GetParametersByPathOutput::builder()
                .parameters(value("/app/a", SdkType::String, "one", 1))
                .parameters(value("/app/s", SdkType::SecureString, "AQICAHciphertext", 2))
                .next_token("p2")
                .build()
        });
    let second = mock!(aws_sdk_ssm::Client::get_parameters_by_path)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(|| GetParametersByPathOutput::builder().next_token("p3").build());
    let third = mock!(aws_sdk_ssm::Client::get_parameters_by_path)
        .match_requests(|r| r.next_token() == Some("p3"))
        .then_output(|| {
            GetParametersByPathOutput::builder().parameters(value("/app/deep/b", SdkType::StringList, "x,y", 4)).build()
        });
    let provider = fake::provider(&[&first, &second, &third]);

    let all = ssm::get_parameters_by_path("/app", Decrypt::No, &provider).collect_all().await.expect("all pages");

    assert_eq!(all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["/app/a", "/app/s", "/app/deep/b"]);
    assert_eq!(all[0].value.as_ref().map(Sensitive::expose), Some("one"));
    assert_eq!(all[1].value, None, "a SecureString read without decryption keeps no ciphertext");
    assert_eq!(all[2].kind, ParameterType::StringList);
    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn parameter_not_found_is_a_domain_error_naming_the_parameter() {
    let missing = mock!(aws_sdk_ssm::Client::get_parameter)
        .then_http_response(|| fake::http(400, &ssm_error("ParameterNotFound", "Parameter /gone not found.")));
    let provider = fake::provider(&[&missing]);

    let err = ssm::get_parameter("/gone", Decrypt::No, &provider).await.expect_err("missing");

    assert_eq!(err, SsmError::ParameterNotFound { name: "/gone".into() });
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert!(err.to_string().contains("Parameter /gone does not exist"), "{err}");
    assert!(err.to_string().contains("Press r"), "{err}");
}

#[tokio::test]
async fn parameter_version_not_found_is_mapped() {
    let missing = mock!(aws_sdk_ssm::Client::get_parameter).then_http_response(|| {
        fake::http(400, &ssm_error("ParameterVersionNotFound", "Systems Manager could not find version 9."))
    });
    let provider = fake::provider(&[&missing]);

    let err = ssm::get_parameter("/app/x:9", Decrypt::No, &provider).await.expect_err("no such version");

    assert_eq!(err, SsmError::ParameterVersionNotFound { name: "/app/x:9".into() });
    assert!(err.to_string().contains("history (h)"), "{err}");
}

#[tokio::test]
async fn access_denied_names_the_ssm_action_and_kms_denial_is_its_own_error() {
    let denied = mock!(aws_sdk_ssm::Client::describe_parameters).then_http_response(|| {
        fake::http(
            400,
            &ssm_error("AccessDeniedException", "User: bob is not authorized to perform: ssm:DescribeParameters"),
        )
    });
    let provider = fake::provider(&[&denied]);
    let err = ssm::list_parameters(None, &provider).collect_all().await.expect_err("denied");
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    assert!(err.to_string().contains("ssm:DescribeParameters"), "{err}");
    assert!(err.to_string().contains("switch profile or role"), "{err}");

    let kms = mock!(aws_sdk_ssm::Client::get_parameter)
        .match_requests(|r| r.with_decryption() == Some(true))
        .then_http_response(|| {
            fake::http(
                400,
                &ssm_error(
                    "AccessDeniedException",
                    "User: bob is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k",
                ),
            )
        });
    let provider = fake::provider(&[&kms]);
    let err = ssm::get_parameter("/app/secret", Decrypt::Yes, &provider).await.expect_err("kms denied");
    assert!(matches!(&err, SsmError::DecryptDenied { name, .. } if name == "/app/secret"), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    assert!(err.to_string().contains("kms:Decrypt"), "{err}");
    assert!(err.to_string().contains("stays masked"), "{err}");
}

#[tokio::test]
async fn an_unexpected_error_passes_through_with_its_code_and_message() {
    let odd = mock!(aws_sdk_ssm::Client::describe_parameters)
        .then_http_response(|| fake::http(400, &ssm_error("BrandNewFailure", "something AWS just invented")));
    let provider = fake::provider(&[&odd]);

    let err = ssm::list_parameters(None, &provider).collect_all().await.expect_err("fails");

    assert_eq!(err.kind(), ErrorKind::Other);
    let SsmError::Aws(aws) = &err else { panic!("expected a classified AWS error, got {err:?}") };
    assert_eq!(aws.code.as_deref(), Some("BrandNewFailure"));
    assert_eq!(aws.message.as_deref(), Some("something AWS just invented"));
    assert_eq!(aws.request_id.as_deref(), Some("REQ123"));
    assert!(err.to_string().contains("DescribeParameters on all parameters failed"), "{err}");
}

#[tokio::test]
async fn throttled_pages_are_retried_and_rows_before_a_lasting_failure_are_kept() {
    // Page 1 is throttled once and then served; page 2 stays throttled.
    let page1 = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| r.next_token().is_none())
        .sequence()
        .http_response(|| fake::http(400, &ssm_error("ThrottlingException", "Rate exceeded")))
        .output(|| {
            DescribeParametersOutput::builder().parameters(meta("/a", SdkType::String, 1)).next_token("t2").build()
        })
        .build();
    let page2 = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| r.next_token() == Some("t2"))
        .sequence()
        .http_response(|| fake::http(400, &ssm_error("ThrottlingException", "Rate exceeded")))
        .repeatedly()
        .build();
    let provider = fake::provider(&[&page1, &page2]);

    let mut pages = ssm::list_parameters(None, &provider);
    let first = pages.next_page().await.expect("page 1").expect("served after one retry");
    assert_eq!(first.len(), 1);
    assert_eq!(page1.num_calls(), 2);
    let err = pages.next_page().await.expect("page 2").expect_err("still throttled");
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert_eq!(page2.num_calls(), 1 + ssm::THROTTLE_BACKOFF.len());
    assert!(err.to_string().contains("throttled — r to retry"), "{err}");
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn values_are_decrypted_only_when_asked_and_json_is_parsed() {
    let plain = mock!(aws_sdk_ssm::Client::get_parameter)
        .match_requests(|r| r.name() == Some("/s") && r.with_decryption() == Some(false))
        .then_output(|| {
            GetParameterOutput::builder().parameter(value("/s", SdkType::SecureString, "AQICAHciphertext", 2)).build()
        });
    let decrypted = mock!(aws_sdk_ssm::Client::get_parameter)
        .match_requests(|r| r.name() == Some("/s") && r.with_decryption() == Some(true))
        .then_output(|| {
            GetParameterOutput::builder().parameter(value("/s", SdkType::SecureString, "hunter2", 2)).build()
        });
    let json = mock!(aws_sdk_ssm::Client::get_parameter)
        .match_requests(|r| r.name() == Some("/j"))
        .sequence()
        .output(|| GetParameterOutput::builder().parameter(value("/j", SdkType::String, "{\"a\":[1,true]}", 1)).build())
        .output(|| GetParameterOutput::builder().parameter(value("/j", SdkType::String, "{nope", 1)).build())
        .build();
    let provider = fake::provider(&[&plain, &decrypted, &json]);

    let masked = ssm::get_parameter("/s", Decrypt::No, &provider).await.expect("read");
    assert_eq!(masked.value, None);
    assert!(!format!("{masked:?}").contains("ciphertext"));
    let secret = ssm::get_parameter_value("/s", &provider).await.expect("decrypted");
    assert_eq!(secret.expose(), "hunter2");
    assert!(!format!("{secret:?}").contains("hunter2"), "Debug never shows a value");

    let parsed = ssm::get_parameter_json("/j", &provider).await.expect("json");
    assert_eq!(parsed, Json::Object(vec![("a".into(), Json::Array(vec![Json::Number("1".into()), Json::Bool(true)]))]));
    let err = ssm::get_parameter_json("/j", &provider).await.expect_err("not json");
    assert!(matches!(&err, SsmError::NotJson { name, .. } if name == "/j"), "{err:?}");
    assert!(!err.to_string().contains("{nope"), "the error never quotes the value: {err}");
}

#[tokio::test]
async fn history_pages_carry_labels_and_mask_secure_versions() {
    let first = mock!(aws_sdk_ssm::Client::get_parameter_history)
        .match_requests(|r| r.name() == Some("/s") && r.next_token().is_none() && r.with_decryption() == Some(false))
        .then_output(|| {
            GetParameterHistoryOutput::builder()
                .parameters(
                    ParameterHistory::builder().version(1).r#type(SdkType::String).value("old").labels("v1").build(),
                )
                .next_token("h2")
                .build()
        });
    let second = mock!(aws_sdk_ssm::Client::get_parameter_history)
        .match_requests(|r| r.next_token() == Some("h2"))
        .then_output(|| {
            GetParameterHistoryOutput::builder()
                .parameters(
                    ParameterHistory::builder()
                        .version(2)
                        .r#type(SdkType::SecureString)
                        .value("AQICAHciphertext")
                        .key_id("alias/aws/ssm")
                        .labels("prod")
                        .labels("stable")
                        .build(),
                )
                .build()
        });
    let provider = fake::provider(&[&first, &second]);

    let versions = ssm::parameter_history("/s", Decrypt::No, &provider).collect_all().await.expect("history");

    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(versions[0].value.as_ref().map(Sensitive::expose), Some("old"));
    assert_eq!(versions[1].value, None);
    assert_eq!(versions[1].labels, ["prod", "stable"]);
    assert_eq!(versions[1].key_id.as_deref(), Some("alias/aws/ssm"));
}

fn describe_one(name: &'static str, kind: SdkType, version: i64) -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(move |r| {
            r.parameter_filters().first().is_some_and(|f| f.key() == "Name" && f.values() == [name])
        })
        .sequence()
        .output(move || {
            DescribeParametersOutput::builder()
                .parameters(
                    ParameterMetadata::builder()
                        .name(name)
                        .r#type(kind.clone())
                        .version(version)
                        .key_id("alias/custom")
                        .tier(SdkTier::Advanced)
                        .last_modified_user("arn:aws:iam::123456789012:user/bob")
                        .build(),
                )
                .build()
        })
        .repeatedly()
        .build()
}

#[tokio::test]
async fn an_update_is_refused_when_the_version_moved_and_nothing_is_written() {
    let current = describe_one("/app/x", SdkType::String, 4);
    let put =
        mock!(aws_sdk_ssm::Client::put_parameter).then_output(|| PutParameterOutput::builder().version(5).build());
    let provider = fake::provider(&[&current, &put]);

    let write = ParameterWrite::Update { name: "/app/x".into(), expected_version: 3, value: Sensitive::new("new") };
    let err = ssm::guarded_write(&write, &provider).await.expect_err("conflict");

    let SsmError::VersionConflict { expected, found, modified_by, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*expected, *found), (3, 4));
    assert_eq!(modified_by.as_deref(), Some("arn:aws:iam::123456789012:user/bob"));
    assert!(err.to_string().contains("Nothing was written"), "{err}");
    assert_eq!(put.num_calls(), 0, "no PutParameter after a failed check");
}

#[tokio::test]
async fn an_update_overwrites_keeping_type_key_and_tier() {
    let current = describe_one("/app/s", SdkType::SecureString, 3);
    let put = mock!(aws_sdk_ssm::Client::put_parameter)
        .match_requests(|r| {
            r.name() == Some("/app/s")
                && r.value() == Some("new")
                && r.overwrite() == Some(true)
                && r.r#type() == Some(&SdkType::SecureString)
                && r.key_id() == Some("alias/custom")
                && r.tier() == Some(&SdkTier::Advanced)
                && r.description().is_none()
        })
        .then_output(|| PutParameterOutput::builder().version(4).build());
    let provider = fake::provider(&[&current, &put]);

    let write = ParameterWrite::Update { name: "/app/s".into(), expected_version: 3, value: Sensitive::new("new") };
    let outcome = ssm::guarded_write(&write, &provider).await.expect("written");

    assert_eq!((outcome.version, outcome.raced), (Some(4), false));
    assert_eq!(put.num_calls(), 1);
}

#[tokio::test]
async fn a_create_never_overwrites() {
    let taken = describe_one("/app/taken", SdkType::String, 2);
    let free = mock!(aws_sdk_ssm::Client::describe_parameters)
        .match_requests(|r| r.parameter_filters().first().is_some_and(|f| f.values() == ["/app/new"]))
        .then_output(|| DescribeParametersOutput::builder().build());
    let put = mock!(aws_sdk_ssm::Client::put_parameter)
        .match_requests(|r| {
            r.name() == Some("/app/new")
                && r.overwrite() == Some(false)
                && r.r#type() == Some(&SdkType::StringList)
                && r.description() == Some("two regions")
        })
        .then_output(|| PutParameterOutput::builder().version(1).build());
    let provider = fake::provider(&[&taken, &free, &put]);

    let create = |name: &str| ParameterWrite::Create {
        name: name.into(),
        kind: ParameterType::StringList,
        value: Sensitive::new("a,b"),
        description: Some("two regions".into()),
    };
    let err = ssm::guarded_write(&create("/app/taken"), &provider).await.expect_err("exists");
    assert_eq!(err, SsmError::AlreadyExists { name: "/app/taken".into(), version: Some(2) });
    assert_eq!(put.num_calls(), 0);

    let outcome = ssm::guarded_write(&create("/app/new"), &provider).await.expect("created");
    assert_eq!(outcome.version, Some(1));
    assert_eq!(put.num_calls(), 1);
}

#[tokio::test]
async fn put_parameter_maps_already_exists_and_delete_maps_not_found() {
    let exists = mock!(aws_sdk_ssm::Client::put_parameter)
        .then_http_response(|| fake::http(400, &ssm_error("ParameterAlreadyExists", "The parameter already exists.")));
    let gone = mock!(aws_sdk_ssm::Client::delete_parameter)
        .match_requests(|r| r.name() == Some("/gone"))
        .then_http_response(|| fake::http(400, &ssm_error("ParameterNotFound", "not found")));
    let ok = mock!(aws_sdk_ssm::Client::delete_parameter)
        .match_requests(|r| r.name() == Some("/here"))
        .then_output(|| DeleteParameterOutput::builder().build());
    let provider = fake::provider(&[&exists, &gone, &ok]);

    let put = ssm::PutParameter {
        name: "/dup".into(),
        value: Sensitive::new("v"),
        kind: ParameterType::String,
        description: None,
        key_id: None,
        tier: None,
        overwrite: false,
    };
    assert_eq!(
        ssm::put_parameter(&put, &provider).await.expect_err("exists"),
        SsmError::AlreadyExists { name: "/dup".into(), version: None }
    );
    assert_eq!(
        ssm::delete_parameter("/gone", &provider).await.expect_err("gone"),
        SsmError::ParameterNotFound { name: "/gone".into() }
    );
    ssm::delete_parameter("/here", &provider).await.expect("deleted");
}

#[tokio::test]
async fn a_delete_is_refused_when_the_parameter_changed() {
    let current = describe_one("/app/x", SdkType::String, 2);
    let delete = mock!(aws_sdk_ssm::Client::delete_parameter).then_output(|| DeleteParameterOutput::builder().build());
    let provider = fake::provider(&[&current, &delete]);

    let stale = ParameterWrite::Delete { name: "/app/x".into(), expected_version: 1 };
    assert!(matches!(ssm::guarded_write(&stale, &provider).await, Err(SsmError::VersionConflict { .. })));
    assert_eq!(delete.num_calls(), 0);

    let fresh = ParameterWrite::Delete { name: "/app/x".into(), expected_version: 2 };
    let outcome = ssm::guarded_write(&fresh, &provider).await.expect("deleted");
    assert_eq!(outcome.version, None);
    assert_eq!(delete.num_calls(), 1);
}
