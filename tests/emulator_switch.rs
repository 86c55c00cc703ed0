//! Switching accounts, roles and regions live, for real: the app and the
//! loader against a seeded emulator, read back from the rendered screen.

use awscope::aws::{AwsContext, RoleSpec};
use awscope::testbed::harness::{self, Live, context};
use awscope::testbed::seed::{self, Scale};
use awscope::testbed::{BASE_ACCOUNT, BASE_PROFILE, Emulator, SECOND_ACCOUNT, SECOND_PROFILE, SECOND_ROLE_ARN};

/// An app for `profile` over the real loader against `emulator`.
fn live(emulator: &Emulator, profile: &str) -> Live {
    Live::new(emulator.provider_options(), context(profile))
}

/// The account the header shows.
fn account(driver: &Live) -> Option<&str> {
    driver.app.identity.as_ref().map(|i| i.account.as_str())
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_profile_role_back_and_region_shows_only_the_new_contexts_data() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    seed::seed_world(&base, &second, Scale::Test).await.expect("seed both accounts");
    let base_bucket = seed::bucket_plan(seed::Account::Base, Scale::Test)[0].name.clone();
    let second_bucket = seed::bucket_plan(seed::Account::Second, Scale::Test)[0].name.clone();

    let mut driver = live(&emulator, BASE_PROFILE);
    driver.start().await;
    assert_eq!(account(&driver), Some(BASE_ACCOUNT));
    let screen = driver.screen();
    assert!(screen.contains(&base_bucket) && !screen.contains(&second_bucket), "{screen}");

    // The role_arn profile: header, buckets, VPCs and parameters of the second account.
    let commands = driver.app.switch_context(context(SECOND_PROFILE));
    driver.settle(commands).await;
    assert_eq!(account(&driver), Some(SECOND_ACCOUNT));
    let screen = driver.screen();
    assert!(screen.contains(&second_bucket) && !screen.contains(&base_bucket), "{screen}");
    assert!(screen.contains(&format!("aws://{SECOND_ACCOUNT}/")), "{screen}");
    driver.keys("2").await;
    let screen = driver.screen();
    assert!(
        screen.contains("10.99.0.0/16") && !screen.contains("10.0.0.0/16"),
        "second account's VPCs only:\n{screen}"
    );
    driver.keys("3\n").await;
    let screen = driver.screen();
    assert!(screen.contains("prod-only/") && !screen.contains("dev/"), "second account's parameters:\n{screen}");
    driver.keys("\x1b").await;
    driver.keys("1").await;

    // Back to the base profile, then an ad-hoc role by ARN reaches the second account too.
    let commands = driver.app.switch_context(context(BASE_PROFILE));
    driver.settle(commands).await;
    assert_eq!(account(&driver), Some(BASE_ACCOUNT));
    let commands = driver.app.switch_context(driver.app.context.with_role(RoleSpec::new(SECOND_ROLE_ARN)));
    driver.settle(commands).await;
    assert_eq!(account(&driver), Some(SECOND_ACCOUNT));
    assert!(
        driver.screen().contains("demo → demo-admin@222222222222"),
        "the header shows the chain:\n{}",
        driver.screen()
    );

    // Switch back through the role form's first entry.
    driver.keys("A\n").await;
    assert_eq!(account(&driver), Some(BASE_ACCOUNT), "switched back:\n{}", driver.screen());
    assert!(driver.screen().contains(&base_bucket));

    // Region switch: the other region has only its default VPC.
    driver.keys("2").await;
    assert!(driver.screen().contains("10.0.0.0/16"));
    let commands =
        driver.app.switch_context(AwsContext { region: Some("eu-west-1".into()), ..driver.app.context.clone() });
    driver.settle(commands).await;
    let screen = driver.screen();
    assert!(screen.contains("/eu-west-1") && !screen.contains("10.0.0.0/16"), "eu-west-1's VPCs only:\n{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_role_arn_is_reported_in_the_form_and_nothing_switches() {
    let emulator = harness::emulator().await;
    let mut driver = live(&emulator, BASE_PROFILE);
    driver.start().await;
    driver.keys("A").await;
    driver.keys("not-an-arn\n").await;
    let screen = driver.screen();
    assert!(screen.contains("is not a role ARN"), "{screen}");
    assert_eq!(driver.app.context.role, None);
    driver.keys("\x1b").await;
    assert!(driver.app.overlay().is_none());
}
