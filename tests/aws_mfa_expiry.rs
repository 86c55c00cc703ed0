//! A role assumed with an MFA code, over a fake transport and a clock the
//! test moves: while the session is valid calls go through; once it is
//! expired (or within a minute of it) the next call fails with
//! `MfaExpired` — not an AccessDenied from reusing the spent code — and
//! assuming the role again with a new code makes calls work again.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use aws_config::identity::IdentityCache;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_sdk_sts::operation::assume_role::AssumeRoleOutput;
use aws_sdk_sts::types::Credentials as StsCredentials;
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::{Intercept, SharedInterceptor};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use aws_types::sdk_config::TimeSource;
use awscope::aws::context::RegionSource;
use awscope::aws::{AwsContext, AwsProvider, ErrorKind, MfaCode, RoleSpec, sts};

const ROLE: &str = "arn:aws:iam::444455556666:role/Admin";
const SERIAL: &str = "arn:aws:iam::123456789012:mfa/me";
/// When the test starts, by its own clock (well in the past, so nothing that
/// reads the real clock would still call the credentials fresh).
const START: u64 = 1_700_000_000;

/// A clock the test moves by hand.
#[derive(Debug, Clone)]
struct Clock(Arc<Mutex<SystemTime>>);

impl Clock {
    fn at(secs: u64) -> Self {
        Self(Arc::new(Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))))
    }

    fn set(&self, secs: u64) {
        *self.0.lock().expect("clock") = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    }
}

impl TimeSource for Clock {
    fn now(&self) -> SystemTime {
        *self.0.lock().expect("clock")
    }
}

/// Counts the requests that really went out (the mock's own counts include
/// calls that failed before sending, since it matches them first).
#[derive(Debug, Clone, Default)]
struct Sent(Arc<AtomicUsize>);

impl Sent {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Intercept for Sent {
    fn name(&self) -> &'static str {
        "Sent"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// GetCallerIdentity answered over HTTP, so the answer only comes when a
/// signed request is sent (a modeled output would replace even a failure to
/// find credentials).
fn whoami() -> Rule {
    const BODY: &str = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
        <GetCallerIdentityResult><Arn>arn:aws:sts::444455556666:assumed-role/Admin/awscope-test</Arn>\
        <UserId>AROA:awscope-test</UserId><Account>444455556666</Account></GetCallerIdentityResult>\
        <ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
    mock!(aws_sdk_sts::Client::get_caller_identity)
        .sequence()
        .http_response(|| HttpResponse::new(StatusCode::try_from(200).expect("status"), SdkBody::from(BODY)))
        .repeatedly()
        .build()
}

fn role(code: &str) -> RoleSpec {
    RoleSpec {
        session_name: Some("awscope-test".into()),
        mfa: Some(MfaCode { serial: SERIAL.into(), code: code.into() }),
        ..RoleSpec::new(ROLE)
    }
}

/// AssumeRole with `code` answers credentials `key` that expire at `expires`.
fn assume_with(code: &'static str, key: &'static str, expires: u64) -> Rule {
    mock!(aws_sdk_sts::Client::assume_role)
        .match_requests(move |r| r.token_code() == Some(code) && r.serial_number() == Some(SERIAL))
        .then_output(move || {
            AssumeRoleOutput::builder()
                .credentials(
                    StsCredentials::builder()
                        .access_key_id(key)
                        .secret_access_key("temp-secret")
                        .session_token("temp-token")
                        .expiration(aws_smithy_types::DateTime::from_secs(i64::try_from(expires).expect("secs")))
                        .build()
                        .expect("credentials"),
                )
                .build()
        })
}

/// The base provider (static keys) over `rules`, on `clock`, with a shared
/// identity cache as `aws_config::load` sets up.
fn base(rules: &[&Rule], clock: &Clock, sent: &Sent) -> AwsProvider {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
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
        .identity_cache(IdentityCache::lazy().build())
        .time_source(clock.clone())
        .http_client(create_mock_http_client())
        .retry_config(RetryConfig::disabled())
        .build();
    let context = AwsContext { profile: Some("fake".into()), ..AwsContext::default() };
    let interceptors = vec![SharedInterceptor::new(interceptor), SharedInterceptor::new(sent.clone())];
    AwsProvider::from_sdk_config(context, config, RegionSource::Explicit, interceptors)
}

#[tokio::test]
async fn an_expired_mfa_session_fails_as_such_and_a_new_code_renews_it() {
    let clock = Clock::at(START);
    let first = assume_with("111111", "ASIAFIRST", START + 3600);
    let second = assume_with("222222", "ASIASECOND", START + 7200);
    let whoami = whoami();
    let sent = Sent::default();
    let base = base(&[&first, &second, &whoami], &clock, &sent);

    let provider = base.assume(&role("111111")).await.expect("assumed with the first code");
    assert_eq!((first.num_calls(), sent.count()), (1, 1));
    let me = sts::caller_identity(&provider).await.expect("the session works");
    assert_eq!(me.account, "444455556666");

    // Half an hour later: still the same session, no new AssumeRole.
    clock.set(START + 1800);
    sts::caller_identity(&provider).await.expect("still valid");
    assert_eq!(sent.count(), 3);

    // Thirty seconds before it expires: within the margin, so the identity
    // cache lets go of it and the MFA provider says the session is over.
    clock.set(START + 3600 - 30);
    let err = sts::caller_identity(&provider).await.expect_err("the session is over");
    assert_eq!(err.kind(), ErrorKind::MfaExpired, "{err}");
    let message = err.to_string();
    assert_eq!(message, format!("The MFA session for {ROLE} expired. Enter a new code from {SERIAL} to go on."));
    assert_eq!(sent.count(), 3, "the call never went out");
    assert_eq!(first.num_calls(), 1, "the spent code was not sent again");

    // Well past the expiry: the same.
    clock.set(START + 5000);
    let err = sts::caller_identity(&provider).await.expect_err("still over");
    assert_eq!(err.kind(), ErrorKind::MfaExpired);

    // A new code: the role is assumed again with it, and calls work.
    let renewed = base.assume(&role("222222")).await.expect("assumed with the new code");
    assert_eq!(second.num_calls(), 1, "a second AssumeRole, carrying the new TokenCode");
    assert_eq!(first.num_calls(), 1);
    let (renewed, expires) = renewed.with_checked_credentials().await.expect("the new session resolves");
    assert_eq!(
        expires,
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(START + 7200 - 60)),
        "used until a minute before it expires"
    );
    sts::caller_identity(&renewed).await.expect("the renewed session works");
    assert_eq!(sent.count(), 3 + 2, "the second AssumeRole, then the call");
}

#[tokio::test]
async fn a_role_chained_on_an_expired_mfa_session_fails_as_mfa_expired() {
    let clock = Clock::at(START);
    let first = assume_with("111111", "ASIAFIRST", START + 3600);
    let whoami = whoami();
    let sent = Sent::default();
    let base = base(&[&first, &whoami], &clock, &sent);
    let mfa = base.assume(&role("111111")).await.expect("assumed");
    // The next role is assumed lazily, by the SDK's role provider, with the
    // MFA session's credentials; by then they are spent.
    let chained = mfa.assume(&RoleSpec::new("arn:aws:iam::777788889999:role/Audit")).await.expect("built");
    clock.set(START + 3600 + 1);

    let err = sts::caller_identity(&chained).await.expect_err("the session under it is over");
    assert_eq!(err.kind(), ErrorKind::MfaExpired, "{err}");
    assert!(err.to_string().contains(SERIAL), "{err}");
    assert_eq!(sent.count(), 1, "only the first AssumeRole went out");
}
