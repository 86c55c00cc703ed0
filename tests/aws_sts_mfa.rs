//! AssumeRole with MFA over a fake transport: the serial and code go to STS,
//! and a wrong code comes back as AccessDenied, classified.

mod fake;

use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
use aws_sdk_sts::types::Credentials;
use aws_smithy_mocks::mock;
use awscope::aws::sts::{self};
use awscope::aws::{ErrorKind, MfaCode, RoleSpec};

fn role_with_mfa(code: &str) -> RoleSpec {
    RoleSpec {
        session_name: Some("awscope-test".into()),
        external_id: Some("ext-123".into()),
        duration_secs: Some(3600),
        mfa: Some(MfaCode { serial: "arn:aws:iam::123456789012:mfa/me".into(), code: code.into() }),
        ..RoleSpec::new("arn:aws:iam::222222222222:role/Admin")
    }
}

#[tokio::test]
async fn assume_role_sends_the_mfa_serial_and_code() {
    let assume = mock!(aws_sdk_sts::Client::assume_role)
        .match_requests(|r| {
            r.role_arn() == Some("arn:aws:iam::222222222222:role/Admin")
                && r.serial_number() == Some("arn:aws:iam::123456789012:mfa/me")
                && r.token_code() == Some("123456")
                && r.external_id() == Some("ext-123")
                && r.role_session_name() == Some("awscope-test")
                && r.duration_seconds() == Some(3600)
        })
        .then_output(|| {
            AssumeRoleOutput::builder()
                .credentials(
                    Credentials::builder()
                        .access_key_id("ASIATEMP")
                        .secret_access_key("temp-secret")
                        .session_token("temp-token")
                        .expiration(aws_smithy_types::DateTime::from_secs(1_900_000_000))
                        .build()
                        .expect("credentials"),
                )
                .build()
        });
    let provider = fake::provider(&[&assume]);

    let creds = sts::assume_role(&role_with_mfa("123456"), &provider).await.expect("assumed");

    assert_eq!(assume.num_calls(), 1);
    assert_eq!(creds.access_key_id, "ASIATEMP");
    assert!(creds.expires.is_some());
    let shown = format!("{creds:?}");
    assert!(!shown.contains("temp-secret") && !shown.contains("temp-token"), "Debug hides the secrets: {shown}");
    let code = format!("{:?}", role_with_mfa("987650"));
    assert!(!code.contains("987650"), "Debug hides the MFA code: {code}");
}

#[tokio::test]
async fn a_wrong_code_is_access_denied_with_the_reason() {
    let body = r#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#;
    let refused = mock!(aws_sdk_sts::Client::assume_role).then_http_response(move || fake::http(403, body));
    let provider = fake::provider(&[&refused]);

    let err = sts::assume_role(&role_with_mfa("000000"), &provider).await.expect_err("refused");

    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    let message = err.to_string();
    assert!(message.contains("AssumeRole") && message.contains("invalid MFA one time pass code"), "{message}");
    assert!(message.contains("sts:AssumeRole"), "{message}");
}
