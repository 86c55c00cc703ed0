//! Snapshots of the ECS pane at 100×30 and 160×40: clusters, services
//! partially and fully described, service detail with events, tasks, task
//! detail with a stopped container's exit code, the confirmations, the
//! choice of a container for a shell, and the loading, empty and error states.

mod app_ecs_world;

use app_ecs_world::{Driver, Rows, missing, service_arn};
use awscope::app::Failure;
use awscope::app::ecs::{EcsPayload, EcsSlot, TableUpdate};
use awscope::aws::ErrorKind;
use awscope::aws::ecs::{Described, EcsError};
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(100, 30), (160, 40)];

fn snap(name: &str, size: (u16, u16), screen: &str) {
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
}

/// Clusters listed and described; the services of `demo-cluster` requested.
fn in_demo_cluster(size: (u16, u16)) -> Driver {
    let mut d = app_ecs_world::driver(size, false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d
}

#[test]
fn clusters_loading_then_listed() {
    for size in SIZES {
        let mut d = app_ecs_world::driver(size, false);
        snap("clusters_loading", size, &d.draw());
        d.answer(EcsSlot::Clusters);
        d.key(KeyCode::Char('j'));
        snap("clusters", size, &d.draw());
    }
}

#[test]
fn services_partially_described() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        let (id, _) = d.take(EcsSlot::Services);
        let services = app_ecs_world::demo_services();
        let arns = services.iter().map(|s| s.arn.clone()).collect();
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Listed(arns)), true);
        // The first batch of ten answers; `emails` was deleted meanwhile.
        let first: Vec<_> = services[..10].iter().filter(|s| s.name != "emails").cloned().collect();
        let batch = Described { items: first, failures: vec![missing(&service_arn("demo-cluster", "emails"))] };
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Described(batch)), true);
        snap("services_partial", size, &d.draw());
    }
}

#[test]
fn services_names_before_any_batch_answers() {
    let mut d = in_demo_cluster((100, 30));
    let (id, _) = d.take(EcsSlot::Services);
    let arns = app_ecs_world::demo_services().iter().map(|s| s.arn.clone()).collect();
    d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Listed(arns)), true);
    insta::assert_snapshot!(d.draw());
}

#[test]
fn services_complete() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.select("worker");
        snap("services", size, &d.draw());
    }
}

#[test]
fn a_failed_describe_batch_is_explained_above_the_rows() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        let (id, _) = d.take(EcsSlot::Services);
        let services = app_ecs_world::demo_services();
        let arns: Vec<String> = services.iter().map(|s| s.arn.clone()).collect();
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Listed(arns.clone())), true);
        let batch = Described { items: services[..10].to_vec(), failures: Vec::new() };
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Described(batch)), true);
        let throttled = Failure::new(
            ErrorKind::Throttled,
            "AWS is throttling DescribeServices on 2 services of cluster demo-cluster and retries did not get through — press r to retry in a moment.",
        );
        let failed = TableUpdate::BatchFailed { arns: arns[10..].to_vec(), failure: throttled };
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(failed), true);
        d.deliver(EcsSlot::Services, id, EcsPayload::Services(TableUpdate::Done), false);
        d.key(KeyCode::Char('G'));
        snap("services_batch_failed", size, &d.draw());
    }
}

#[test]
fn service_detail_with_deployments_and_events() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.key(KeyCode::Char('i'));
        snap("service_detail", size, &d.draw());
    }
}

#[test]
fn service_detail_scrolled_to_the_events() {
    let mut d = in_demo_cluster((100, 30));
    d.settle();
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::Char('G'));
    insta::assert_snapshot!(d.draw());
}

#[test]
fn tasks_of_a_service() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.key(KeyCode::Enter);
        d.settle();
        d.key(KeyCode::Char('j'));
        snap("tasks", size, &d.draw());
    }
}

#[test]
fn stopped_tasks_and_a_stopped_containers_exit_code() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.key(KeyCode::Enter);
        d.settle();
        d.key(KeyCode::Char('S'));
        d.settle();
        snap("tasks_stopped", size, &d.draw());
        d.key(KeyCode::Enter);
        snap("task_detail_stopped", size, &d.draw());
    }
}

#[test]
fn force_deployment_asks_first() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.key(KeyCode::Char('F'));
        snap("confirm_deploy", size, &d.draw());
    }
}

#[test]
fn stop_task_asks_a_reason_then_confirms() {
    for size in SIZES {
        let mut d = in_demo_cluster(size);
        d.settle();
        d.key(KeyCode::Enter);
        d.settle();
        d.key(KeyCode::Char('X'));
        snap("stop_reason", size, &d.draw());
        d.key(KeyCode::Enter);
        snap("confirm_stop", size, &d.draw());
    }
}

#[test]
fn a_task_with_several_containers_asks_which_to_open_a_shell_in() {
    let mut d = in_demo_cluster((100, 30));
    // A log router beside the web container, its exec agent stopped.
    let mut router = d.world.tasks[0].containers[0].clone();
    router.name = "log-router".into();
    router.exec_agent = Some("STOPPED".into());
    d.world.tasks[0].containers.insert(0, router);
    d.settle();
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Char('e'));
    snap("choose_container", (100, 30), &d.draw());
}

#[test]
fn empty_states() {
    for size in SIZES {
        let mut d = app_ecs_world::driver(size, false);
        d.world.clusters.clear();
        d.answer(EcsSlot::Clusters);
        snap("no_clusters", size, &d.draw());

        let mut d = app_ecs_world::driver(size, false);
        d.answer(EcsSlot::Clusters);
        d.select("demo-batch");
        d.key(KeyCode::Enter);
        d.settle();
        snap("no_services", size, &d.draw());

        d.key(KeyCode::Char('t'));
        d.key(KeyCode::Char('S'));
        d.settle();
        snap("no_stopped_tasks", size, &d.draw());
    }
}

#[test]
fn error_states() {
    for size in SIZES {
        let mut d = app_ecs_world::driver(size, false);
        d.world.clusters_fail = Some(Failure::new(
            ErrorKind::AccessDenied,
            "Access denied: ListClusters on all ECS clusters needs ecs:ListClusters. Ask for that permission, or switch profile or role. (AccessDeniedException: User: arn:aws:iam::123456789012:user/demo is not authorized to perform: ecs:ListClusters)",
        ));
        d.answer(EcsSlot::Clusters);
        snap("clusters_denied", size, &d.draw());

        let mut d = app_ecs_world::driver(size, false);
        d.answer(EcsSlot::Clusters);
        d.key(KeyCode::Enter);
        let (id, _) = d.take(EcsSlot::Services);
        d.fail(
            EcsSlot::Services,
            id,
            app_ecs_world::failure(&EcsError::ClusterNotFound { cluster: "demo-cluster".into() }),
        );
        snap("services_cluster_gone", size, &d.draw());
    }
}

#[test]
fn hostile_names_are_made_inert() {
    let mut d = app_ecs_world::driver((100, 30), false);
    let mut evil = d.world.clusters[0].clone();
    evil.name = "evil\x1b[2J\u{202e}cluster".into();
    evil.arn = "arn:aws:ecs:us-east-1:123456789012:cluster/evil\x1b[2J\u{202e}cluster".into();
    d.world.clusters.push(evil);
    d.answer(EcsSlot::Clusters);
    let screen = d.draw();
    assert!(!screen.contains('\x1b'), "no raw escape reaches the screen");
    insta::assert_snapshot!(screen);
}

#[test]
fn read_only_refuses_changes_on_the_status_line() {
    let mut d = app_ecs_world::driver((100, 30), true);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Char('F'));
    assert!(d.app.panes.ecs.modal.is_none());
    insta::assert_snapshot!(d.draw());
}

#[test]
fn help_lists_the_ecs_keys() {
    let mut d = app_ecs_world::driver((160, 40), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Char('?'));
    let screen = d.draw();
    let keys = ["tasks of the cluster", "force a new deployment", "stop the task", "show stopped / running"];
    for help in keys.into_iter().chain(["shell in a container (ECS Exec)"]) {
        assert!(screen.contains(help), "help lists {help}:\n{screen}");
    }
    // No snapshot: the rest of the help (global keys) is not this pane's to pin.
}
