//! Switching accounts, roles and regions live, for real: the app and the
//! loader against a seeded emulator, read back from the rendered screen.

mod common;

use std::time::Duration;

use awscope::app::{Action, App, Command};
use awscope::aws::{AwsContext, RoleSpec};
use awscope::runtime::loader::Loader;
use awscope::testbed::seed::{self, Scale};
use awscope::testbed::{BASE_ACCOUNT, BASE_PROFILE, Emulator, SECOND_ACCOUNT, SECOND_PROFILE, SECOND_ROLE_ARN};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedReceiver;

/// The app and a real loader, pumped until nothing is in flight.
struct Driver {
    app: App,
    loader: Loader,
    rx: UnboundedReceiver<Action>,
}

impl Driver {
    fn new(emulator: &Emulator, profile: &str) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let loader = Loader::new(tx, emulator.provider_options());
        let context = AwsContext { profile: Some(profile.into()), ..AwsContext::default() };
        Self { app: App::new(context, false, (160, 40)), loader, rx }
    }

    async fn run(&mut self, commands: Vec<Command>) {
        let mut queue = commands;
        loop {
            for command in queue.drain(..) {
                self.loader.execute(command);
            }
            if !self.app.is_busy() {
                return;
            }
            let action = tokio::time::timeout(Duration::from_secs(60), self.rx.recv())
                .await
                .unwrap_or_else(|_| panic!("nothing arrived for 60 s; the screen was:\n{}", self.screen()))
                .expect("loader alive");
            queue = self.app.update(action);
        }
    }

    async fn start(&mut self) {
        let commands = self.app.start();
        self.run(commands).await;
    }

    async fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '\x1b' => KeyCode::Esc,
                c => KeyCode::Char(c),
            };
            let commands = self.app.update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
            self.run(commands).await;
        }
    }

    fn screen(&self) -> String {
        let mut terminal = Terminal::new(TestBackend::new(160, 40)).expect("terminal");
        terminal.draw(|f| awscope::ui::render(&self.app, f)).expect("draw");
        terminal.backend().to_string()
    }

    fn account(&self) -> Option<&str> {
        self.app.identity.as_ref().map(|i| i.account.as_str())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_profile_role_back_and_region_shows_only_the_new_contexts_data() {
    let emulator = common::emulator().await;
    let (base, second) = common::both_accounts(&emulator).await;
    seed::seed_world(&base, &second, Scale::Test).await.expect("seed both accounts");
    let base_bucket = seed::bucket_plan(seed::Account::Base, Scale::Test)[0].name.clone();
    let second_bucket = seed::bucket_plan(seed::Account::Second, Scale::Test)[0].name.clone();

    let mut driver = Driver::new(&emulator, BASE_PROFILE);
    driver.start().await;
    assert_eq!(driver.account(), Some(BASE_ACCOUNT));
    let screen = driver.screen();
    assert!(screen.contains(&base_bucket) && !screen.contains(&second_bucket), "{screen}");

    // The role_arn profile: header, buckets, VPCs and parameters of the second account.
    let commands =
        driver.app.switch_context(AwsContext { profile: Some(SECOND_PROFILE.into()), ..AwsContext::default() });
    driver.run(commands).await;
    assert_eq!(driver.account(), Some(SECOND_ACCOUNT));
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
    let commands =
        driver.app.switch_context(AwsContext { profile: Some(BASE_PROFILE.into()), ..AwsContext::default() });
    driver.run(commands).await;
    assert_eq!(driver.account(), Some(BASE_ACCOUNT));
    let commands = driver.app.switch_context(driver.app.context.with_role(RoleSpec::new(SECOND_ROLE_ARN)));
    driver.run(commands).await;
    assert_eq!(driver.account(), Some(SECOND_ACCOUNT));
    assert!(
        driver.screen().contains("demo → demo-admin@222222222222"),
        "the header shows the chain:\n{}",
        driver.screen()
    );

    // Switch back through the role form's first entry.
    driver.keys("A\n").await;
    assert_eq!(driver.account(), Some(BASE_ACCOUNT), "switched back:\n{}", driver.screen());
    assert!(driver.screen().contains(&base_bucket));

    // Region switch: the other region has only its default VPC.
    driver.keys("2").await;
    assert!(driver.screen().contains("10.0.0.0/16"));
    let commands =
        driver.app.switch_context(AwsContext { region: Some("eu-west-1".into()), ..driver.app.context.clone() });
    driver.run(commands).await;
    let screen = driver.screen();
    assert!(screen.contains("/eu-west-1") && !screen.contains("10.0.0.0/16"), "eu-west-1's VPCs only:\n{screen}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_role_arn_is_reported_in_the_form_and_nothing_switches() {
    let emulator = common::emulator().await;
    let mut driver = Driver::new(&emulator, BASE_PROFILE);
    driver.start().await;
    driver.keys("A").await;
    driver.keys("not-an-arn\n").await;
    let screen = driver.screen();
    assert!(screen.contains("is not a role ARN"), "{screen}");
    assert_eq!(driver.app.context.role, None);
    driver.keys("\x1b").await;
    assert!(driver.app.overlay().is_none());
}
