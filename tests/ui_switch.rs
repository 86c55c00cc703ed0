//! Snapshots of switching: the profile and region pickers, the role form with
//! MFA, and the header for static, role-chain, SSO-expired and production
//! contexts.

use std::path::Path;

use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{Action, App, Command, Failure, Payload, RequestId, Slot};
use awscope::aws::profiles::catalog::parse_catalog;
use awscope::aws::regions::RegionInfo;
use awscope::aws::sts::CallerIdentity;
use awscope::aws::{AwsContext, ErrorKind, RoleSpec};
use awscope::testbed::harness::{Harness, environment, press, screen, type_text};
use crossterm::event::KeyCode;

const CONFIG: &str = "\
[default]
region = us-east-1

[profile dev]
role_arn = arn:aws:iam::111122223333:role/Developer
source_profile = default
region = eu-west-1

[profile prod-admin]
role_arn = arn:aws:iam::444455556666:role/Admin
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/me
region = us-east-1

[profile corp-sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = us-west-2

[profile typo]
region us-east-1

[profile tools]
credential_process = /usr/local/bin/get-creds
";
const CREDENTIALS: &str = "[default]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n";

fn find_load(commands: &[Command], want: Slot) -> RequestId {
    commands
        .iter()
        .find_map(|c| match c {
            Command::Load { slot, id, .. } if *slot == want => Some(*id),
            _ => None,
        })
        .expect("load issued")
}

/// Connected to `context`, identity known, the bucket list empty.
fn connected(context: AwsContext, account: &str, arn: &str, size: (u16, u16)) -> App {
    let environment = environment(&context);
    let mut h = Harness::new(context, false, size);
    h.connect(environment);
    h.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    h.identify(CallerIdentity { account: account.into(), arn: arn.into(), user_id: "U".into() });
    h.app
}

fn dev() -> App {
    connected(
        AwsContext { profile: Some("default".into()), ..AwsContext::default() },
        "123456789012",
        "arn:aws:iam::123456789012:user/me",
        (100, 30),
    )
}

#[test]
fn profile_picker_with_kinds_problems_and_a_filter() {
    let mut app = dev();
    let commands = press(&mut app, KeyCode::Char('P'));
    let id = find_load(&commands, Slot::Profiles);
    let catalog =
        parse_catalog(Path::new("/home/me/.aws/config"), CONFIG, Path::new("/home/me/.aws/credentials"), CREDENTIALS);
    app.update(Action::Loaded {
        slot: Slot::Profiles,
        id,
        generation: 1,
        payload: Payload::Profiles(Box::new(catalog)),
        more: false,
    });
    insta::assert_snapshot!("profile_picker", screen(&app));
    type_text(&mut app, "role");
    insta::assert_snapshot!("profile_picker_filtered", screen(&app));
    // Enter asks to switch; nothing changes until the new context connects.
    let commands = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(&commands[0], Command::Connect { context, .. } if context.profile.as_deref() == Some("dev")),
        "{commands:?}"
    );
    assert_eq!(app.context.profile.as_deref(), Some("default"));
}

#[test]
fn region_picker_with_recent_and_opt_in_regions() {
    let mut app = dev();
    app.recent.regions = vec!["eu-west-1".into(), "us-west-2".into()];
    let commands = press(&mut app, KeyCode::Char('R'));
    let id = find_load(&commands, Slot::Regions);
    let regions = vec![
        RegionInfo { name: "af-south-1".into(), opt_in: true, enabled: false },
        RegionInfo { name: "eu-west-1".into(), opt_in: false, enabled: true },
        RegionInfo { name: "me-central-1".into(), opt_in: true, enabled: true },
        RegionInfo { name: "us-east-1".into(), opt_in: false, enabled: true },
    ];
    app.update(Action::Loaded {
        slot: Slot::Regions,
        id,
        generation: 1,
        payload: Payload::Regions(regions),
        more: false,
    });
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn role_form_with_mfa_and_switch_back() {
    let mut app = dev();
    app.history.push(AwsContext { profile: Some("sandbox".into()), ..AwsContext::default() });
    press(&mut app, KeyCode::Char('A'));
    type_text(&mut app, "arn:aws:iam::444455556666:role/Admin");
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "arn:aws:iam::123456789012:mfa/me");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "123");
    insta::assert_snapshot!(screen(&app));
    let commands = press(&mut app, KeyCode::Enter);
    assert!(commands.is_empty(), "a 3-digit code is refused before STS is asked");
    assert!(screen(&app).contains("6 digits"));
}

#[test]
fn headers_for_static_role_chain_sso_expired_and_production() {
    let static_keys = dev();
    let chain = {
        let context = AwsContext { profile: Some("dev".into()), ..AwsContext::default() }
            .with_role(RoleSpec::new("arn:aws:iam::111122223333:role/Admin"))
            .with_role(RoleSpec::new("arn:aws:iam::444455556666:role/Audit"));
        let mut app =
            connected(context, "444455556666", "arn:aws:sts::444455556666:assumed-role/Audit/awscope-me", (100, 30));
        app.update(Action::CredentialsExpire {
            generation: 1,
            at: Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_900_000_000)),
        });
        app
    };
    let sso = {
        let mut app =
            App::new(AwsContext { profile: Some("corp-sso".into()), ..AwsContext::default() }, false, (100, 30));
        app.start();
        let message = "SSO session expired for profile corp-sso — run: aws sso login --profile corp-sso, then press r.";
        app.update(Action::ConnectFailed {
            generation: 1,
            error: Failure { kind: ErrorKind::SsoExpired, message: message.into() },
        });
        app
    };
    let production = {
        let mut app = connected(
            AwsContext { profile: Some("acme-prod".into()), ..AwsContext::default() },
            "999988887777",
            "arn:aws:iam::999988887777:user/ops",
            (100, 30),
        );
        app.read_only = true;
        app
    };
    let header = |app: &App| screen(app).lines().take(3).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("header_static", header(&static_keys));
    insta::assert_snapshot!("header_role_chain", header(&chain));
    insta::assert_snapshot!("header_sso_expired", screen(&sso));
    insta::assert_snapshot!("header_production", header(&production));
    assert!(sso.credentials.sso_profile.as_deref() == Some("corp-sso"), "L can log in again");
}
