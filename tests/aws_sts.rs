//! The caller-identity wrapper over a fake transport.

mod fake;

use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_mocks::mock;
use awscope::aws::ErrorKind;
use awscope::aws::sts;

#[tokio::test]
async fn caller_identity_maps_account_arn_and_user() {
    let who = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        GetCallerIdentityOutput::builder()
            .account("111122223333")
            .arn("arn:aws:sts::111122223333:assumed-role/Admin/me")
            .user_id("AROAEXAMPLE:me")
            .build()
    });
    let provider = fake::provider(&[&who]);

    let identity = sts::caller_identity(&provider).await.expect("identity");

    assert_eq!(identity.account, "111122223333");
    assert_eq!(identity.arn, "arn:aws:sts::111122223333:assumed-role/Admin/me");
    assert_eq!(identity.user_id, "AROAEXAMPLE:me");
}

#[tokio::test]
async fn rejected_credentials_say_so() {
    let body = r#"<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>abc</RequestId></ErrorResponse>"#;
    let bad = mock!(aws_sdk_sts::Client::get_caller_identity).then_http_response(move || fake::http(403, body));
    let provider = fake::provider(&[&bad]);

    let err = sts::caller_identity(&provider).await.expect_err("rejected");

    assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
    assert!(err.to_string().contains("rejected the credentials"), "{err}");
}
