//! `:whoami` and the first-run "no credentials" screen: where every setting
//! came from, in plain words, and never a secret.

use std::path::PathBuf;

use awscope::app::{Action, App, Command, Failure};
use awscope::aws::context::{AwsEnvironment, RegionSource};
use awscope::aws::error::AwsError;
use awscope::aws::resolve::{self, EndpointSource, ProfileOrigin, ProxySource, Sources};
use awscope::aws::sts::CallerIdentity;
use awscope::aws::{AwsContext, ErrorKind};
use awscope::testbed::harness::{Harness, press, screen, type_text};
use crossterm::event::KeyCode;

/// Chosen by `AWS_PROFILE`, credentials from exported keys, S3 on a VPC
/// endpoint, behind a proxy whose URL carries a password.
fn sources() -> Sources {
    let endpoint = |service, url: Option<&str>, source: &str| EndpointSource {
        service,
        url: url.map(str::to_owned),
        source: source.to_owned(),
    };
    Sources {
        profile: "dev".into(),
        profile_origin: ProfileOrigin::AwsProfile,
        files: "/home/me/.aws/config and /home/me/.aws/credentials".into(),
        credentials: "exported AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (they come before the profile of AWS_PROFILE)"
            .into(),
        endpoints: vec![
            endpoint("sts", None, "AWS default for the region"),
            endpoint(
                "s3",
                Some("https://bucket.vpce-0a1b.s3.eu-west-1.vpce.amazonaws.com"),
                "[services] s3 of profile dev",
            ),
            endpoint("ec2", None, "AWS default for the region"),
            endpoint("ssm", None, "AWS default for the region"),
            endpoint("ecs", None, "AWS default for the region"),
        ],
        proxies: vec![ProxySource { variable: "HTTPS_PROXY", url: "http://***@proxy.corp:3128".into() }],
        no_proxy: Some("169.254.169.254".into()),
        ca_bundle: Some((PathBuf::from("/etc/corp/ca.pem"), "AWS_CA_BUNDLE".into())),
    }
}

fn connected(size: (u16, u16)) -> App {
    let mut h = Harness::new(AwsContext::default(), false, size);
    h.connect(AwsEnvironment {
        context: AwsContext::default(),
        region: "eu-west-1".into(),
        region_source: RegionSource::Variable("AWS_REGION"),
        endpoint_url: None,
        sources: sources(),
    });
    h.identify(CallerIdentity {
        account: "111122223333".into(),
        arn: "arn:aws:iam::111122223333:user/ci".into(),
        user_id: "AIDAEXAMPLE".into(),
    });
    h.app
}

#[test]
fn whoami_names_the_source_of_every_setting() {
    let mut app = connected((120, 30));
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "whoami");
    press(&mut app, KeyCode::Enter);
    let screen = screen(&app);
    assert!(screen.contains("profile dev from AWS_PROFILE"), "{screen}");
    assert!(screen.contains("eu-west-1 (AWS_REGION)"), "{screen}");
    assert!(screen.contains("[services] s3 of profile dev"), "{screen}");
    insta::assert_snapshot!("whoami_120x30", screen);
}

#[test]
fn whoami_before_the_connection_says_it_will_answer_later() {
    let mut app = App::new(AwsContext::default(), false, (100, 30));
    app.start();
    let parsed = awscope::app::command::parse("whoami").expect("a known command");
    assert_eq!(parsed, awscope::app::command::Parsed::Whoami);
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "whoami");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app).contains(":whoami answers once the credentials resolve"));
}

#[test]
fn no_credentials_on_a_first_run_says_where_it_looked_and_what_to_do_at_80x24() {
    let mut app = App::new(AwsContext::default(), false, (80, 24));
    let generation = app
        .start()
        .iter()
        .find_map(|c| match c {
            Command::Connect { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("start connects");
    let sources = Sources {
        profile: "default".into(),
        profile_origin: ProfileOrigin::Default,
        files: "/home/me/.aws/config and /home/me/.aws/credentials".into(),
        ..Sources::default()
    };
    let error = AwsError {
        kind: ErrorKind::MissingCredentials,
        service: "sts",
        operation: "resolve credentials",
        resource: "default credentials".into(),
        code: None,
        message: Some(resolve::no_credentials_help(&sources)),
        request_id: None,
        profile: None,
        region: None,
    };
    app.update(Action::ConnectFailed { generation, error: Failure::new(error.kind, &error) });
    let screen = screen(&app);
    assert!(!screen.contains("\\n"), "no literal \\n on screen:\n{screen}");
    assert!(!screen.contains("Attempted"), "the SDK's chain dump stays in the log:\n{screen}");
    assert!(screen.contains("aws configure"), "{screen}");
    insta::assert_snapshot!("no_credentials_80x24", screen);
}
