//! Sessions that run out under the context on screen: an expired MFA session
//! asks for a new code, an expired SSO session arms `L`, and either way the
//! rows stay, nothing switches, and what failed is loaded again once the
//! session is renewed.

use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::switch::{MfaPrompt, Overlay};
use awscope::app::{Action, App, ChildCredentials, Command, ExternalPurpose, Failure, Payload, RequestId, Slot};
use awscope::aws::s3::Bucket;
use awscope::aws::sts::CallerIdentity;
use awscope::aws::{AwsContext, ErrorKind, MfaCode, RoleSpec};
use awscope::testbed::harness::{environment, press, screen, type_text};
use crossterm::event::KeyCode;

const SERIAL: &str = "arn:aws:iam::123456789012:mfa/me";
const OLD_CODE: &str = "111111";
const NEW_CODE: &str = "222222";
const BUCKETS: Slot = Slot::S3(S3Slot::Buckets);

fn buckets(names: &[&str]) -> Payload {
    Payload::S3(S3Payload::Buckets(
        names.iter().map(|n| Bucket { name: (*n).into(), created: None, region: Some("us-east-1".into()) }).collect(),
    ))
}

fn load_in(commands: &[Command], want: Slot) -> Option<(RequestId, u64)> {
    commands.iter().find_map(|c| match c {
        Command::Load { slot, id, generation, .. } if *slot == want => Some((*id, *generation)),
        _ => None,
    })
}

fn failure(kind: ErrorKind, message: &str) -> Failure {
    Failure { kind, message: message.into() }
}

fn mfa_expired() -> Failure {
    failure(
        ErrorKind::MfaExpired,
        &format!(
            "The MFA session for arn:aws:iam::444455556666:role/Admin expired. Enter a new code from {SERIAL} to go on."
        ),
    )
}

fn renew_prompt(app: &App) -> Option<&MfaPrompt> {
    match app.overlay() {
        Some(Overlay::Mfa(prompt)) if prompt.renew => Some(prompt),
        _ => None,
    }
}

/// Connected, buckets `a` `b` on screen; returns the identity request, still
/// unanswered.
fn connect_pending_identity(app: &mut App, context: &AwsContext) -> RequestId {
    let generation = app.pending.as_ref().map(|(g, _)| *g).expect("a switch is pending");
    let commands = app.update(Action::Connected { generation, environment: environment(context) });
    let (id, _) = load_in(&commands, BUCKETS).expect("the bucket list loads");
    app.update(Action::Loaded { slot: BUCKETS, id, generation, payload: buckets(&["a", "b"]), more: false });
    load_in(&commands, Slot::Identity).expect("who we are loads").0
}

/// Connected, identity known, buckets `a` `b` on screen.
fn connect(app: &mut App, context: &AwsContext) {
    let id = connect_pending_identity(app, context);
    let identity = CallerIdentity {
        account: "444455556666".into(),
        arn: "arn:aws:sts::444455556666:assumed-role/Admin/awscope-me".into(),
        user_id: "AROA:awscope-me".into(),
    };
    let generation = app.generation;
    app.update(Action::Loaded {
        slot: Slot::Identity,
        id,
        generation,
        payload: Payload::Identity(identity),
        more: false,
    });
}

/// A profile whose own role needs MFA, connected with [`OLD_CODE`].
fn profile_with_mfa() -> App {
    let base = AwsContext { profile: Some("prod-admin".into()), ..AwsContext::default() };
    let mut app = App::new(base.clone(), false, (100, 30));
    app.start();
    app.update(Action::MfaRequired {
        generation: 1,
        context: base.clone(),
        profile: "prod-admin".into(),
        serial: SERIAL.into(),
    });
    type_text(&mut app, OLD_CODE);
    let commands = press(&mut app, KeyCode::Enter);
    let with_code = AwsContext { mfa_code: Some(OLD_CODE.into()), ..base };
    assert_eq!(commands, vec![Command::Connect { generation: 2, context: with_code.clone() }]);
    connect(&mut app, &with_code);
    assert_eq!(app.generation, 2);
    app
}

/// A role chain whose first role was assumed with [`OLD_CODE`].
fn chain_context() -> AwsContext {
    AwsContext {
        profile: Some("dev".into()),
        chain: vec![RoleSpec {
            mfa: Some(MfaCode { serial: SERIAL.into(), code: OLD_CODE.into() }),
            ..RoleSpec::new("arn:aws:iam::444455556666:role/Admin")
        }],
        role: Some(RoleSpec::new("arn:aws:iam::777788889999:role/Audit")),
        ..AwsContext::default()
    }
}

/// `r`, and the bucket reload it issues fails with `error`.
fn reload_fails(app: &mut App, error: Failure) -> Vec<Command> {
    let commands = press(app, KeyCode::Char('r'));
    let (id, generation) = load_in(&commands, BUCKETS).expect("r reloads the buckets");
    app.update(Action::LoadFailed { slot: BUCKETS, id, generation, error })
}

#[test]
fn an_expired_mfa_session_asks_for_a_new_code_and_keeps_the_rows() {
    let mut app = profile_with_mfa();
    let commands = reload_fails(&mut app, mfa_expired());

    assert!(commands.is_empty(), "no switch, no cancel, no reset: {commands:?}");
    let prompt = renew_prompt(&app).expect("the MFA prompt, in renew mode");
    assert_eq!(prompt.serial, SERIAL);
    assert_eq!(app.generation, 2, "no new generation");
    assert!(app.pending.is_none());
    let names: Vec<&str> = app.panes.s3.buckets.items.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["a", "b"], "the rows stay on screen");
    let screen = screen(&app);
    assert!(screen.contains("MFA session expired — code from"), "{screen}");
    insta::assert_snapshot!("renew_prompt_over_kept_rows", screen);
}

#[test]
fn a_new_code_renews_the_profile_session_and_reloads_what_failed() {
    let mut app = profile_with_mfa();
    reload_fails(&mut app, mfa_expired());
    type_text(&mut app, NEW_CODE);
    let commands = press(&mut app, KeyCode::Enter);

    let renewed = AwsContext { mfa_code: Some(NEW_CODE.into()), ..app.context.clone() };
    assert_eq!(commands, vec![Command::Renew { generation: 2, context: renewed.clone() }]);
    assert!(renew_prompt(&app).is_some_and(|p| p.waiting && p.code.value.is_empty()), "waiting, the code cleared");

    let commands = app.update(Action::Renewed { generation: 2, context: renewed.clone(), expires: None });
    let (_, generation) = load_in(&commands, BUCKETS).expect("the failed bucket list loads again");
    assert_eq!(generation, 2, "under the same generation");
    assert!(!commands.iter().any(|c| matches!(c, Command::CancelAll | Command::Connect { .. })), "{commands:?}");
    assert_eq!(app.generation, 2);
    assert_eq!(app.context, renewed, "the new code is the context's now");
    assert_eq!(app.environment().map(|e| &e.context), Some(&renewed));
    assert!(app.overlay().is_none(), "the prompt closes");
    assert!(app.credentials.renewal.is_none());
    assert_eq!(app.panes.s3.buckets.items.len(), 2, "the rows stay until the new page");
}

#[test]
fn a_new_code_goes_to_the_chained_role_with_that_device_and_every_failed_load_is_retried() {
    let context = chain_context();
    let mut app = App::new(context.clone(), false, (100, 30));
    app.start();
    let identity = connect_pending_identity(&mut app, &context);
    let generation = app.generation;
    let (reload, _) = load_in(&press(&mut app, KeyCode::Char('r')), BUCKETS).expect("r reloads the buckets");
    app.update(Action::LoadFailed { slot: Slot::Identity, id: identity, generation, error: mfa_expired() });
    assert!(renew_prompt(&app).is_some());
    // A second failure while the prompt is open only adds to what is retried.
    app.update(Action::LoadFailed { slot: BUCKETS, id: reload, generation, error: mfa_expired() });
    assert!(renew_prompt(&app).is_some_and(|p| p.error.is_none()));

    type_text(&mut app, NEW_CODE);
    let commands = press(&mut app, KeyCode::Enter);
    let [Command::Renew { generation: g, context: renewed }] = commands.as_slice() else {
        panic!("one Renew: {commands:?}")
    };
    assert_eq!(*g, generation);
    assert_eq!(
        renewed.chain[0].mfa.as_ref().map(|m| m.code.as_str()),
        Some(NEW_CODE),
        "the new code where the old one was"
    );
    assert_eq!(renewed.chain[0].mfa.as_ref().map(|m| m.serial.as_str()), Some(SERIAL));
    assert_eq!(renewed.role, context.role, "the role without MFA is untouched");
    assert_eq!(renewed.mfa_code, None, "the profile has no code of its own");

    let commands = app.update(Action::Renewed { generation, context: renewed.clone(), expires: None });
    assert!(load_in(&commands, Slot::Identity).is_some(), "who we are, again: {commands:?}");
    assert!(load_in(&commands, BUCKETS).is_some(), "the buckets, again: {commands:?}");
    assert_eq!(app.generation, generation);
}

#[test]
fn a_refused_code_stays_in_the_prompt_with_the_reason() {
    let mut app = profile_with_mfa();
    reload_fails(&mut app, mfa_expired());
    type_text(&mut app, NEW_CODE);
    press(&mut app, KeyCode::Enter);

    let refused = failure(
        ErrorKind::AccessDenied,
        "Could not assume arn:aws:iam::444455556666:role/Admin: MultiFactorAuthentication failed with invalid MFA one \
         time pass code.",
    );
    let commands = app.update(Action::RenewFailed { generation: 2, error: refused });
    assert!(commands.is_empty());
    let prompt = renew_prompt(&app).expect("the prompt stays open");
    assert!(!prompt.waiting);
    assert!(prompt.error.as_deref().is_some_and(|e| e.contains("invalid MFA one time pass code")), "{prompt:?}");
    assert_eq!(app.panes.s3.buckets.items.len(), 2);
    insta::assert_snapshot!("renew_prompt_with_a_refused_code", screen(&app));

    // Another code tries again.
    type_text(&mut app, "333333");
    let commands = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(commands.as_slice(), [Command::Renew { generation: 2, context }] if context.mfa_code.as_deref() == Some("333333"))
    );
}

#[test]
fn a_renewal_for_an_older_generation_is_ignored() {
    let mut app = profile_with_mfa();
    reload_fails(&mut app, mfa_expired());
    type_text(&mut app, NEW_CODE);
    press(&mut app, KeyCode::Enter);
    let before = app.context.clone();

    let stale = AwsContext { mfa_code: Some(NEW_CODE.into()), ..before.clone() };
    let commands = app.update(Action::Renewed { generation: 1, context: stale.clone(), expires: None });
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(app.context, before);
    assert!(renew_prompt(&app).is_some(), "still waiting for this generation's answer");
    let commands = app.update(Action::RenewFailed { generation: 1, error: mfa_expired() });
    assert!(commands.is_empty());
    assert!(renew_prompt(&app).is_some_and(|p| p.error.is_none()));
}

#[test]
fn esc_leaves_everything_as_it_is_and_r_brings_the_prompt_back() {
    let mut app = profile_with_mfa();
    reload_fails(&mut app, mfa_expired());
    let commands = press(&mut app, KeyCode::Esc);
    assert!(commands.is_empty());
    assert!(app.overlay().is_none());
    let status = app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("press r"), "{status}");
    assert_eq!(app.panes.s3.buckets.items.len(), 2);

    // A load that fails again by itself (auto-refresh, a late answer) does not pop the prompt up.
    let generation = app.generation;
    app.update(Action::LoadFailed { slot: BUCKETS, id: RequestId(999), generation, error: mfa_expired() });
    assert!(app.overlay().is_none(), "declined: only r brings it back");

    let commands = press(&mut app, KeyCode::Char('r'));
    assert!(commands.is_empty(), "r asks for the code instead of loads that can only fail: {commands:?}");
    assert!(renew_prompt(&app).is_some());
}

#[test]
fn an_expired_sso_session_arms_l_and_logging_in_renews_without_a_switch() {
    let context = AwsContext { profile: Some("corp-sso".into()), ..AwsContext::default() };
    let mut app = App::new(context.clone(), false, (100, 30));
    app.start();
    connect(&mut app, &context);
    let sso = failure(
        ErrorKind::SsoExpired,
        "SSO session expired for profile corp-sso — run: aws sso login --profile corp-sso, then press r.",
    );
    let commands = reload_fails(&mut app, sso);
    assert!(commands.is_empty());
    assert_eq!(app.credentials.sso_profile.as_deref(), Some("corp-sso"), "L is armed");
    let status = app.status.as_ref().expect("a status line");
    assert_eq!(status.text, "SSO session for profile corp-sso expired — press L to log in");
    assert!(app.overlay().is_none(), "no prompt: L logs in");

    let commands = press(&mut app, KeyCode::Char('L'));
    assert_eq!(
        commands,
        vec![Command::RunExternal {
            program: "aws".into(),
            args: vec!["sso".into(), "login".into(), "--profile".into(), "corp-sso".into()],
            purpose: ExternalPurpose::SsoLogin,
            credentials: ChildCredentials::Inherited,
        }]
    );

    let commands = app.update(Action::ExternalFinished {
        purpose: ExternalPurpose::SsoLogin,
        ok: true,
        message: "aws sso login --profile corp-sso succeeded; retrying.".into(),
    });
    assert_eq!(commands, vec![Command::Renew { generation: 1, context: context.clone() }], "renewed, not switched");
    assert_eq!(app.generation, 1);
    assert!(app.pending.is_none());
    assert_eq!(app.panes.s3.buckets.items.len(), 2, "the panes are not cleared");

    let commands = app.update(Action::Renewed { generation: 1, context: context.clone(), expires: None });
    assert_eq!(load_in(&commands, BUCKETS).map(|(_, g)| g), Some(1), "the failed load, again: {commands:?}");
    assert!(!commands.iter().any(|c| matches!(c, Command::CancelAll)));
    assert_eq!(app.credentials.sso_profile, None);
    assert_eq!(app.panes.s3.buckets.items.len(), 2);
}

#[test]
fn a_switch_that_failed_on_sso_is_retried_after_logging_in() {
    let dev = AwsContext { profile: Some("dev".into()), ..AwsContext::default() };
    let mut app = App::new(dev.clone(), false, (100, 30));
    app.start();
    connect(&mut app, &dev);
    let sso = AwsContext { profile: Some("corp-sso".into()), ..AwsContext::default() };
    let commands = app.switch_context(sso.clone());
    assert_eq!(commands, vec![Command::Connect { generation: 2, context: sso.clone() }]);
    app.update(Action::ConnectFailed {
        generation: 2,
        error: failure(ErrorKind::SsoExpired, "SSO session expired for profile corp-sso — run: aws sso login"),
    });
    assert_eq!(app.credentials.sso_profile.as_deref(), Some("corp-sso"));
    let commands = press(&mut app, KeyCode::Char('L'));
    assert!(
        matches!(&commands[..], [Command::RunExternal { args, .. }] if args.last().map(String::as_str) == Some("corp-sso"))
    );
    let commands =
        app.update(Action::ExternalFinished { purpose: ExternalPurpose::SsoLogin, ok: true, message: "ok".into() });
    assert_eq!(commands, vec![Command::Connect { generation: 3, context: sso }], "the switch that failed, again");

    // Not connected at all: the same, as before.
    let mut fresh =
        App::new(AwsContext { profile: Some("corp-sso".into()), ..AwsContext::default() }, false, (100, 30));
    fresh.start();
    fresh.update(Action::ConnectFailed { generation: 1, error: failure(ErrorKind::SsoExpired, "expired") });
    assert!(!press(&mut fresh, KeyCode::Char('L')).is_empty());
    let commands =
        fresh.update(Action::ExternalFinished { purpose: ExternalPurpose::SsoLogin, ok: true, message: "ok".into() });
    assert!(matches!(&commands[..], [Command::Connect { generation: 2, .. }]), "{commands:?}");
}

#[test]
fn debug_output_never_holds_an_mfa_code() {
    let codes = [OLD_CODE, NEW_CODE, "987654"];
    let check = |what: &str, text: String| {
        for code in codes {
            assert!(!text.contains(code), "Debug of {what} shows an MFA code: {text}");
        }
    };

    // The profile path: connected with a code, the session expires, a new code renews it.
    let mut app = profile_with_mfa();
    check("the app after connecting with a code", format!("{app:?}"));
    reload_fails(&mut app, mfa_expired());
    type_text(&mut app, &NEW_CODE[..4]);
    check("the app while a code is typed", format!("{app:?}"));
    type_text(&mut app, &NEW_CODE[4..]);
    let commands = press(&mut app, KeyCode::Enter);
    check("the Renew command", format!("{commands:?}"));
    check("the app while renewing", format!("{app:?}"));
    let Some(Command::Renew { context, .. }) = commands.first().cloned() else { panic!("renew") };
    let renewed = Action::Renewed { generation: 2, context, expires: None };
    check("the Renewed action", format!("{renewed:?}"));
    app.update(renewed);
    check("the app after renewing", format!("{app:?}"));

    // The role-chain path, and a code typed into the role form.
    let context = chain_context();
    let mut chain = App::new(context.clone(), false, (100, 30));
    chain.start();
    connect(&mut chain, &context);
    check("a context whose role holds a code", format!("{chain:?}"));
    press(&mut chain, KeyCode::Char('A'));
    for _ in 0..10 {
        if matches!(chain.overlay(), Some(Overlay::Role(form)) if form.focused_field() == Some(5)) {
            break;
        }
        press(&mut chain, KeyCode::Tab);
    }
    type_text(&mut chain, "987654");
    assert!(
        matches!(chain.overlay(), Some(Overlay::Role(form)) if form.fields[5].value == "987654"),
        "typed into the code field"
    );
    check("the role form with a code typed", format!("{chain:?}"));
    let failed = Action::RenewFailed { generation: 1, error: mfa_expired() };
    check("the RenewFailed action", format!("{failed:?}"));
}
