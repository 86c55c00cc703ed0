//! The ECS wrappers, loader and pane against the moto emulator: a seeded
//! cluster (grown past one describe batch) lists completely; forcing a
//! deployment and stopping a task change moto and the view shows it; the
//! second account's clusters are its own.
//!
//! moto quirks met here: ListServices, ListTasks and ListClusters never
//! paginate; ListTasks ignores `serviceName` (a service's task list holds
//! every task of the cluster); DescribeTasks moves a task's `lastStatus` one
//! step along RUNNING → … → STOPPED each time it is described, while its
//! `desiredStatus` stays RUNNING until StopTask; and a forced deployment
//! only gets a new id (its rollout state, and the reason naming the old id,
//! do not change).

use std::collections::BTreeSet;

use aws_sdk_ecs::types::{AssignPublicIp, AwsVpcConfiguration, LaunchType, NetworkConfiguration};
use awscope::app::LoadState;
use awscope::app::ecs::View;
use awscope::aws::AwsProvider;
use awscope::aws::ecs::{self, DeploymentState, Progress, TaskScope};
use awscope::testbed::harness::{self, Live, context};
use awscope::testbed::{Account, BASE_ACCOUNT, BASE_PROFILE, Emulator, SECOND_ACCOUNT, Scale, seed_ecs};
use crossterm::event::KeyCode;
use futures_util::StreamExt;

async fn everything<T>(stream: futures_util::stream::BoxStream<'static, Progress<T>>) -> (Vec<String>, Vec<T>) {
    let mut listed = Vec::new();
    let mut described = Vec::new();
    let steps: Vec<Progress<T>> = stream.collect().await;
    for step in steps {
        match step {
            Progress::Listed(arns) => listed.extend(arns),
            Progress::Described(d) => {
                assert!(d.failures.is_empty(), "no describe failures: {:?}", d.failures);
                described.extend(d.items);
            }
            Progress::BatchFailed { error, .. } => panic!("a describe batch failed: {error}"),
            Progress::ListFailed(error) => panic!("listing failed: {error}"),
        }
    }
    (listed, described)
}

/// The `awsvpc` configuration the seed uses: a default-VPC subnet and its
/// default security group.
async fn default_network(provider: &AwsProvider) -> NetworkConfiguration {
    let ec2 = provider.ec2();
    let vpcs = ec2.describe_vpcs().send().await.expect("DescribeVpcs");
    let vpc = vpcs.vpcs().iter().find(|v| v.is_default() == Some(true)).and_then(|v| v.vpc_id()).expect("default VPC");
    let filter = aws_sdk_ec2::types::Filter::builder().name("vpc-id").values(vpc).build();
    let subnets = ec2.describe_subnets().filters(filter.clone()).send().await.expect("DescribeSubnets");
    let subnet = subnets.subnets().first().and_then(|s| s.subnet_id()).expect("a subnet").to_owned();
    let groups = ec2.describe_security_groups().filters(filter).send().await.expect("DescribeSecurityGroups");
    let group = groups.security_groups().first().and_then(|g| g.group_id()).expect("a group").to_owned();
    let vpc = AwsVpcConfiguration::builder()
        .subnets(subnet)
        .security_groups(group)
        .assign_public_ip(AssignPublicIp::Disabled)
        .build()
        .expect("awsvpc configuration");
    NetworkConfiguration::builder().awsvpc_configuration(vpc).build()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_seeded_cluster_grown_past_one_batch_lists_completely() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_ecs(&base, Account::Base, Scale::Test).await.expect("seed ECS");
    let demo = seeded.iter().find(|c| c.name == "demo-cluster").expect("demo-cluster seeded");

    // Grow it: 22 more services (25 in all: three DescribeServices batches)
    // and 100 more tasks (102 in all: two DescribeTasks batches).
    let client = base.ecs();
    let network = default_network(&base).await;
    let family = "demo-cluster-web";
    for i in 0..22 {
        client
            .create_service()
            .cluster("demo-cluster")
            .service_name(format!("extra-{i:02}"))
            .task_definition(family)
            .desired_count(1)
            .launch_type(LaunchType::Fargate)
            .network_configuration(network.clone())
            .send()
            .await
            .expect("CreateService");
    }
    let mut task_arns: BTreeSet<String> = demo.task_arns.iter().cloned().collect();
    for _ in 0..10 {
        let out = client
            .run_task()
            .cluster("demo-cluster")
            .task_definition(family)
            .count(10)
            .launch_type(LaunchType::Fargate)
            .network_configuration(network.clone())
            .send()
            .await
            .expect("RunTask");
        task_arns.extend(out.tasks().iter().filter_map(|t| t.task_arn()).map(str::to_owned));
    }
    assert_eq!(task_arns.len(), demo.task_arns.len() + 100);

    let (listed, clusters) = everything(ecs::clusters(&base)).await;
    let names: BTreeSet<&str> = clusters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, BTreeSet::from(["demo-batch", "demo-cluster"]));
    assert_eq!(listed.len(), clusters.len());
    assert!(clusters.iter().all(|c| c.status == "ACTIVE" && c.arn.contains(BASE_ACCOUNT)));

    let (listed, services) = everything(ecs::services("demo-cluster", &base)).await;
    assert_eq!((listed.len(), services.len()), (25, 25), "every service listed and described");
    let by_name = |name: &str| services.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("{name}"));
    for name in &demo.services {
        let service = by_name(name);
        assert_eq!(service.launch_type.as_deref(), Some("FARGATE"));
        assert_eq!(ecs::short_task_definition(&service.task_definition), format!("demo-cluster-{name}:1"));
        assert!(service.network.as_ref().is_some_and(|n| !n.subnets.is_empty() && !n.security_groups.is_empty()));
    }
    // moto never starts a service's tasks, so a service wanting some is still rolling out.
    assert_eq!(by_name("web").deployment_state(), Some(&DeploymentState::InProgress));
    assert_eq!(by_name("worker").deployment_state(), Some(&DeploymentState::Completed), "desired 0 is done");
    assert_eq!(by_name("web").failed_task_count(), 0);

    let scope = TaskScope { cluster: "demo-cluster".into(), service: None, stopped: false };
    let (listed, tasks) = everything(ecs::tasks(&scope, &base)).await;
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), task_arns, "every running task listed");
    assert_eq!(tasks.len(), task_arns.len(), "and described");
    assert!(tasks.iter().all(|t| t.desired_status == "RUNNING" && !t.containers.is_empty()));
    assert!(tasks.iter().all(|t| t.network.as_ref().is_some_and(|n| n.eni_id.is_some())));

    let batch = TaskScope { cluster: "demo-batch".into(), service: None, stopped: false };
    let (_, standalone) = everything(ecs::tasks(&batch, &base)).await;
    assert_eq!(standalone.len(), 1);
    assert_eq!(standalone[0].group.as_deref(), Some("family:demo-batch-batch-job"));

    let err = ecs::list_services("no-such-cluster", &base).collect_all().await.expect_err("missing");
    assert_eq!(err, ecs::EcsError::ClusterNotFound { cluster: "no-such-cluster".into() });
}

/// The app and the loader connected to the emulator, on the ECS pane.
async fn on_ecs(emulator: &Emulator) -> Live {
    let mut live = Live::new(emulator.profile_options(), context(BASE_PROFILE));
    let commands = live.app.start();
    live.run(commands);
    live.until(|app| app.environment().is_some()).await;
    live.key(KeyCode::Char('4'));
    live
}

/// Waits until nothing of the ECS pane is loading.
async fn settle(live: &mut Live) {
    live.until(|app| app.panes.ecs.action.is_none() && app.in_flight() == 0).await;
}

/// Moves the selection to the row named `name`.
fn select(live: &mut Live, name: &str) {
    for _ in 0..100 {
        let pane = &live.app.panes.ecs;
        let selected = match pane.top() {
            None => pane.clusters.selected().map(|r| r.name.clone()),
            Some(View::Services(v)) => v.table.selected().map(|r| r.name.clone()),
            Some(View::Tasks(v)) => v.table.selected().map(|r| r.name.clone()),
            _ => None,
        };
        if selected.as_deref() == Some(name) {
            return;
        }
        live.key(KeyCode::Char('j'));
    }
    panic!("no row {name}");
}

#[tokio::test(flavor = "multi_thread")]
async fn force_deployment_and_stop_task_change_moto_and_the_view_shows_it() {
    let emulator = harness::emulator().await;
    let base = harness::provider(&emulator, BASE_PROFILE).await;
    let seeded = seed_ecs(&base, Account::Base, Scale::Test).await.expect("seed ECS");
    let demo = seeded.iter().find(|c| c.name == "demo-cluster").expect("demo-cluster");
    let before = ecs::describe_service("demo-cluster", "web", &base).await.expect("web");
    let old_id = before.primary_deployment().expect("a primary deployment").id.clone();

    let mut live = on_ecs(&emulator).await;
    settle(&mut live).await;
    assert_eq!(live.app.panes.ecs.clusters.listing.state, LoadState::Complete);
    select(&mut live, "demo-cluster");
    live.key(KeyCode::Enter);
    settle(&mut live).await;
    select(&mut live, "web");
    live.key(KeyCode::Char('i'));
    assert!(live.screen().contains(&old_id), "the detail shows the current deployment");

    // Force a new deployment: F, then y.
    live.key(KeyCode::Char('F'));
    live.key(KeyCode::Char('y'));
    settle(&mut live).await;
    let after = ecs::describe_service("demo-cluster", "web", &base).await.expect("web");
    let new_id = after.primary_deployment().expect("a primary deployment").id.clone();
    assert_ne!(new_id, old_id, "moto has a new deployment");
    let Some(View::ServiceDetail(detail)) = live.app.panes.ecs.top() else { panic!("still on the detail") };
    assert_eq!(detail.service.primary_deployment().map(|d| d.id.as_str()), Some(new_id.as_str()));
    let screen = live.screen();
    // (moto keeps the old id in the rollout reason, so look at the PRIMARY line.)
    let primary = screen.lines().find(|l| l.contains("PRIMARY")).unwrap_or_default();
    assert!(primary.contains(&new_id), "the view shows the new deployment:\n{screen}");
    assert!(
        live.app.status.as_ref().is_some_and(|s| s.text.starts_with("Started a new deployment of web")),
        "{:?}",
        live.app.status
    );

    // Stop a task from the cluster's task list: X, Enter (default reason), y.
    live.key(KeyCode::Esc);
    live.key(KeyCode::Char('t'));
    settle(&mut live).await;
    let running = |live: &Live| -> BTreeSet<String> {
        match live.app.panes.ecs.top() {
            Some(View::Tasks(v)) => v.table.listing.items.iter().map(|r| r.arn.clone()).collect(),
            other => panic!("not on tasks: {other:?}"),
        }
    };
    assert_eq!(running(&live), demo.task_arns.iter().cloned().collect::<BTreeSet<_>>());
    let victim = live.app.panes.ecs.top().and_then(|v| match v {
        View::Tasks(v) => v.table.selected().map(|r| r.arn.clone()),
        _ => None,
    });
    let victim = victim.expect("a selected task");
    live.key(KeyCode::Char('X'));
    live.key(KeyCode::Enter);
    live.key(KeyCode::Char('y'));
    settle(&mut live).await;
    let stopped = ecs::describe_task("demo-cluster", &victim, &base).await.expect("the task");
    assert_eq!(stopped.desired_status, "STOPPED");
    assert_eq!(stopped.stopped_reason.as_deref(), Some(awscope::app::ecs::DEFAULT_STOP_REASON));
    assert!(!running(&live).contains(&victim), "the running list reloaded without it");
    assert_eq!(running(&live).len(), demo.task_arns.len() - 1);

    live.key(KeyCode::Char('S'));
    settle(&mut live).await;
    assert_eq!(running(&live), BTreeSet::from([victim.clone()]), "it is among the stopped tasks");
    let id = ecs::name_from_arn(&victim).to_owned();
    let screen = live.screen();
    assert!(screen.contains(&id) && screen.contains("Stopped with awscope"), "{screen}");
    assert_eq!(live.app.panes.ecs.action, None);
    assert!(matches!(live.app.panes.ecs.top(), Some(View::Tasks(_))));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_second_accounts_clusters_are_its_own() {
    let emulator = harness::emulator().await;
    let (base, second) = harness::both_accounts(&emulator).await;
    seed_ecs(&base, Account::Base, Scale::Test).await.expect("seed the base account");
    seed_ecs(&second, Account::Second, Scale::Test).await.expect("seed the second account");

    let (_, base_clusters) = everything(ecs::clusters(&base)).await;
    let (_, second_clusters) = everything(ecs::clusters(&second)).await;
    let names = |cs: &[ecs::Cluster]| cs.iter().map(|c| c.name.clone()).collect::<BTreeSet<_>>();
    assert_eq!(names(&base_clusters), BTreeSet::from(["demo-batch".to_owned(), "demo-cluster".to_owned()]));
    assert_eq!(names(&second_clusters), BTreeSet::from(["prod-cluster".to_owned()]));
    assert!(second_clusters.iter().all(|c| c.arn.contains(SECOND_ACCOUNT)), "{second_clusters:?}");

    let (_, services) = everything(ecs::services("prod-cluster", &second)).await;
    let service_names: BTreeSet<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(service_names, BTreeSet::from(["ledger", "payments"]));
    let err = ecs::list_services("prod-cluster", &base).collect_all().await.expect_err("not in the base account");
    assert_eq!(err, ecs::EcsError::ClusterNotFound { cluster: "prod-cluster".into() });
}
