//! The ECS pane's reducer: keys → loads, stale results dropped, rows filling
//! in by batch, the read-only gate, the two changes (force deployment, stop
//! task) behind their confirmations, with the view refreshed after, and the
//! shell in a container (ECS Exec) with what it checks first.

mod app_ecs_world;

use app_ecs_world::Rows;
use app_ecs_world::{Driver, missing, service_arn, task_arn};
use awscope::app::ecs::{EcsPayload, EcsRequest, EcsSlot, Modal, RowState, TableUpdate, View};
use awscope::app::s3::{S3Payload, S3Slot};
use awscope::app::{Action, ChildCredentials, Command, ExternalPurpose, Failure, Slot};
use awscope::aws::ecs::{Described, TaskScope};
use awscope::aws::{ErrorKind, RoleSpec};
use awscope::testbed::harness::{self, Harness};
use crossterm::event::KeyCode;

fn services_view(d: &Driver) -> &awscope::app::ecs::ServicesView {
    match d.app.panes.ecs.top() {
        Some(View::Services(v)) => v,
        other => panic!("not on services: {other:?}"),
    }
}

fn tasks_view(d: &Driver) -> &awscope::app::ecs::TasksView {
    match d.app.panes.ecs.top() {
        Some(View::Tasks(v)) => v,
        other => panic!("not on tasks: {other:?}"),
    }
}

/// On the settled services of `demo-cluster`.
fn on_services() -> Driver {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d
}

#[test]
fn enter_lists_a_clusters_services_and_esc_cancels_and_goes_back() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    let (_, request) = d.take(EcsSlot::Services);
    assert_eq!(request, EcsRequest::Services { cluster: "demo-cluster".into() });
    assert_eq!(d.app.in_flight(), 1, "the services listing counts as in flight");

    let commands = d.key(KeyCode::Esc);
    assert_eq!(commands, vec![Command::Cancel(Slot::Ecs(EcsSlot::Services))]);
    assert!(d.app.panes.ecs.top().is_none());
    assert_eq!(d.app.in_flight(), 0);
}

#[test]
fn rows_fill_in_batch_by_batch_and_stale_results_are_dropped() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    let (old, _) = d.take(EcsSlot::Services);
    // r restarts the listing: results for the old request must not land.
    d.key(KeyCode::Char('r'));
    let (new, _) = d.take(EcsSlot::Services);
    assert_ne!(old, new);
    let arns: Vec<String> = app_ecs_world::demo_services().iter().map(|s| s.arn.clone()).collect();
    d.deliver(EcsSlot::Services, old, EcsPayload::Services(TableUpdate::Listed(arns.clone())), true);
    assert!(services_view(&d).table.listing.items.is_empty(), "a stale page is dropped");

    d.deliver(EcsSlot::Services, new, EcsPayload::Services(TableUpdate::Listed(arns)), true);
    assert_eq!(services_view(&d).table.pending(), 12, "names first, every row pending");
    let services = app_ecs_world::demo_services();
    let batch = Described { items: services[2..10].to_vec(), failures: vec![missing(&services[1].arn)] };
    d.deliver(EcsSlot::Services, new, EcsPayload::Services(TableUpdate::Described(batch)), true);
    let view = services_view(&d);
    assert_eq!((view.table.settled, view.table.unavailable), (9, 1));
    assert_eq!(view.table.listing.items[1].state, RowState::Unavailable("MISSING".into()));

    // The first row is still pending: its detail cannot open yet.
    d.key(KeyCode::Char('i'));
    assert!(matches!(d.app.panes.ecs.top(), Some(View::Services(_))));
    assert_eq!(d.status(), Some("Service web is still being described; try again in a moment."));
    d.key(KeyCode::Char('j'));
    d.key(KeyCode::Char('i'));
    assert_eq!(d.status(), Some("Service api could not be described (MISSING); press r to reload the services."));

    d.deliver(EcsSlot::Services, new, EcsPayload::Services(TableUpdate::Done), false);
    assert!(!services_view(&d).table.is_loading());
    assert_eq!(d.app.in_flight(), 0);
}

#[test]
fn a_context_switch_drops_results_of_the_old_generation() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    let (id, _) = d.take(EcsSlot::Services);
    let old = d.app.generation;
    let context = harness::context("demo-prod");
    let Some(Command::Connect { generation, .. }) = d.app.switch_context(context.clone()).into_iter().next() else {
        panic!("a switch connects")
    };
    d.app.update(awscope::app::Action::Connected { generation, environment: harness::environment(&context) });
    assert!(d.app.panes.ecs.top().is_none(), "the old account's views are gone");
    d.app.update(awscope::app::Action::Loaded {
        slot: Slot::Ecs(EcsSlot::Services),
        id,
        generation: old,
        payload: awscope::app::Payload::Ecs(EcsPayload::Services(TableUpdate::Listed(vec![service_arn(
            "demo-cluster",
            "web",
        )]))),
        more: true,
    });
    assert!(d.app.panes.ecs.top().is_none());
    assert!(d.app.panes.ecs.clusters.listing.items.is_empty(), "nothing of the old account shows");
}

#[test]
fn t_lists_every_task_of_the_cluster_and_s_switches_to_stopped_ones() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Char('t'));
    let (_, request) = d.take(EcsSlot::Tasks);
    let scope = TaskScope { cluster: "demo-cluster".into(), service: None, stopped: false };
    assert_eq!(request, EcsRequest::Tasks(scope.clone()));
    d.key(KeyCode::Char('S'));
    let (_, request) = d.take(EcsSlot::Tasks);
    assert_eq!(request, EcsRequest::Tasks(TaskScope { stopped: true, ..scope }));

    // In a service's detail, t (and Enter) list that service's tasks.
    let mut d = on_services();
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::Char('t'));
    let (_, request) = d.take(EcsSlot::Tasks);
    assert_eq!(
        request,
        EcsRequest::Tasks(TaskScope { cluster: "demo-cluster".into(), service: Some("web".into()), stopped: false })
    );
}

#[test]
fn y_and_capital_y_copy_the_name_and_the_arn() {
    let mut d = on_services();
    d.key(KeyCode::Char('y'));
    d.key(KeyCode::Char('Y'));
    assert_eq!(d.copied, ["web".to_owned(), service_arn("demo-cluster", "web")]);
    assert_eq!(d.status(), Some(format!("Copied {} to the clipboard", service_arn("demo-cluster", "web")).as_str()));
}

#[test]
fn force_deployment_needs_y_and_refreshes_the_service_after() {
    let mut d = on_services();
    d.key(KeyCode::Char('F'));
    assert!(d.app.panes.ecs.modal.is_some());
    d.key(KeyCode::Enter);
    assert!(d.queued.is_empty(), "Enter alone never confirms a change");
    d.key(KeyCode::Char('n'));
    assert!(d.app.panes.ecs.modal.is_none());
    assert!(d.queued.is_empty());
    assert_eq!(d.status(), Some("Left web as it was; no deployment was started."));

    d.key(KeyCode::Char('F'));
    d.key(KeyCode::Char('y'));
    let (id, request) = d.take(EcsSlot::Action);
    assert_eq!(request, EcsRequest::ForceDeployment { cluster: "demo-cluster".into(), service: "web".into() });
    assert_eq!(d.status(), Some("Forcing a new deployment of web…"));
    assert_eq!(d.app.in_flight(), 1);

    let (payloads, _) = d.world.answer(&request);
    d.deliver(EcsSlot::Action, id, payloads.into_iter().next().expect("deployed"), false);
    assert_eq!(
        d.status(),
        Some("Started a new deployment of web (ecs-svc/0000000001000001); ECS is replacing its tasks.")
    );
    let row = services_view(&d).table.listing.items[0].ready().expect("described").clone();
    assert_eq!(row.primary_deployment().map(|p| p.id.as_str()), Some("ecs-svc/0000000001000001"));
    // The service is described again afterwards.
    let (_, refresh) = d.take(EcsSlot::Detail);
    assert_eq!(
        refresh,
        EcsRequest::Service { cluster: "demo-cluster".into(), service: service_arn("demo-cluster", "web") }
    );
}

#[test]
fn force_deployment_from_the_detail_shows_the_new_deployment() {
    let mut d = on_services();
    d.key(KeyCode::Char('i'));
    d.key(KeyCode::Char('F'));
    d.key(KeyCode::Char('y'));
    d.settle();
    let Some(View::ServiceDetail(detail)) = d.app.panes.ecs.top() else { panic!("on the detail") };
    assert_eq!(detail.service.deployments.len(), 3);
    assert_eq!(detail.service.deployments[0].id, "ecs-svc/0000000001000001");
    assert!(detail.refresh.is_none());
    assert!(d.draw().contains("ecs-svc/0000000001000001"));
    assert_eq!(d.app.in_flight(), 0);
}

#[test]
fn read_only_refuses_both_changes_before_asking() {
    let mut d = app_ecs_world::driver((100, 30), true);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Char('F'));
    assert!(d.app.panes.ecs.modal.is_none());
    assert!(d.status().is_some_and(|s| s.starts_with("Read-only mode: refusing to force a new deployment of web.")));
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Char('X'));
    assert!(d.app.panes.ecs.modal.is_none());
    assert!(
        d.status()
            .is_some_and(|s| s.starts_with("Read-only mode: refusing to stop task 3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e."))
    );
    assert!(d.queued.is_empty());
}

#[test]
fn stop_task_asks_a_reason_confirms_and_reloads_the_tasks() {
    let mut d = on_services();
    d.key(KeyCode::Enter);
    d.settle();
    assert_eq!(tasks_view(&d).table.listing.items.len(), 3);
    d.key(KeyCode::Char('X'));
    // The reason field starts with a default; an empty reason is refused.
    for _ in 0..40 {
        d.key(KeyCode::Backspace);
    }
    d.key(KeyCode::Enter);
    assert_eq!(d.status(), Some("Type a reason for stopping the task; ECS records it with the task."));
    d.keys("bad deploy");
    d.key(KeyCode::Enter);
    assert!(d.queued.is_empty(), "nothing runs before y");
    d.key(KeyCode::Char('y'));
    let task = task_arn("demo-cluster", "3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e");
    let (id, request) = d.take(EcsSlot::Action);
    assert_eq!(
        request,
        EcsRequest::StopTask { cluster: "demo-cluster".into(), task: task.clone(), reason: "bad deploy".into() }
    );
    let (payloads, _) = d.world.answer(&request);
    d.deliver(EcsSlot::Action, id, payloads.into_iter().next().expect("stopped"), false);
    assert_eq!(d.status(), Some("Stopping task 3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e (bad deploy)."));
    assert!(d.has(EcsSlot::Tasks), "the task list reloads");
    d.settle();
    let view = tasks_view(&d);
    assert_eq!(view.table.listing.items.len(), 2);
    assert!(view.table.listing.items.iter().all(|r| r.arn != task), "the stopped task left the running list");
}

#[test]
fn stopping_from_the_task_detail_redescribes_it_and_the_list_reloads_on_return() {
    let mut d = on_services();
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Enter);
    assert!(matches!(d.app.panes.ecs.top(), Some(View::TaskDetail(_))));
    d.key(KeyCode::Char('X'));
    d.key(KeyCode::Enter);
    d.key(KeyCode::Char('y'));
    d.answer(EcsSlot::Action);
    assert!(d.has(EcsSlot::Detail));
    d.settle();
    let Some(View::TaskDetail(detail)) = d.app.panes.ecs.top() else { panic!("on the detail") };
    assert_eq!(detail.task.desired_status, "STOPPED");
    assert_eq!(detail.task.stopped_reason.as_deref(), Some("Stopped with awscope"));
    d.key(KeyCode::Char('X'));
    assert_eq!(d.status(), Some("Task 3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e is already stopping or stopped."));

    d.key(KeyCode::Esc);
    assert!(d.has(EcsSlot::Tasks), "the list below was stale and reloads");
    d.settle();
    assert_eq!(tasks_view(&d).table.listing.items.len(), 2);
}

#[test]
fn a_failed_change_says_what_failed_on_the_status_line() {
    let mut d = on_services();
    d.key(KeyCode::Char('F'));
    d.key(KeyCode::Char('y'));
    let (id, _) = d.take(EcsSlot::Action);
    d.fail(
        EcsSlot::Action,
        id,
        Failure::new(
            ErrorKind::AccessDenied,
            "Access denied: UpdateService on service web in cluster demo-cluster needs ecs:UpdateService.",
        ),
    );
    assert_eq!(
        d.status(),
        Some(
            "Forcing a new deployment of web failed: Access denied: UpdateService on service web in cluster demo-cluster needs ecs:UpdateService."
        )
    );
    assert!(d.app.panes.ecs.action.is_none());
    assert_eq!(d.app.in_flight(), 0);
}

#[test]
fn a_missing_cluster_fails_the_services_view_with_the_fix() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    d.world.services.remove("demo-cluster");
    d.key(KeyCode::Enter);
    d.settle();
    let view = services_view(&d);
    let awscope::app::LoadState::Failed(failure) = &view.table.listing.state else { panic!("failed") };
    assert_eq!(failure.kind, ErrorKind::NotFound);
    assert!(failure.message.contains("Cluster demo-cluster does not exist"), "{}", failure.message);
}

#[test]
fn l_on_a_service_opens_exactly_its_running_tasks_streams_in_the_logs_pane() {
    use awscope::app::logs::{LogsRequest, LogsSlot};
    let mut d = on_services();
    let web = services_view(&d).table.listing.items.iter().position(|r| r.name == "web").expect("web listed");
    let Some(View::Services(view)) = d.app.panes.ecs.stack.last_mut() else { panic!("on services") };
    view.table.listing.select_index(web);
    d.ch('l');
    d.settle();
    assert_eq!(d.app.pane, awscope::app::Pane::Logs, "l switches to the Logs pane");
    let (_, request) = d.take(LogsSlot::Events);
    let LogsRequest::Newest { scope, .. } = request else { panic!("{request:?}") };
    assert_eq!(scope.group, "/ecs/web");
    let running: Vec<String> = app_ecs_world::demo_tasks()
        .iter()
        .filter(|t| t.service_name() == Some("web") && t.desired_status == "RUNNING")
        .map(|t| format!("ecs/web/{}", t.id))
        .collect();
    assert!(!running.is_empty());
    assert_eq!(scope.streams, running, "the streams of the service's running tasks, and only those");
    let opening = &d.app.panes.logs.events.as_ref().unwrap().opening;
    assert_eq!(opening.title, "service web");
    let origin =
        awscope::app::logs::ecs::EcsOrigin { cluster: "demo-cluster".into(), service: "web".into(), stopped: false };
    assert_eq!(opening.origin, Some(origin), "S can add the service's stopped tasks later");
    // [ goes back to the service.
    d.ch('[');
    assert_eq!(d.app.pane, awscope::app::Pane::Ecs);
}

#[test]
fn l_on_a_task_whose_container_uses_another_driver_says_which() {
    let mut d = app_ecs_world::driver((100, 30), false);
    d.answer(EcsSlot::Clusters);
    let batch = d.app.panes.ecs.clusters.listing.items.iter().position(|r| r.name == "demo-batch").expect("listed");
    d.app.panes.ecs.clusters.listing.select_index(batch);
    d.ch('t');
    d.settle();
    assert!(tasks_view(&d).table.listing.selected_item().is_some_and(|r| r.ready().is_some()));
    d.ch('l');
    d.settle();
    assert_eq!(d.app.pane, awscope::app::Pane::Ecs, "nothing to open");
    let status = d.status().unwrap_or_default().to_owned();
    assert!(status.contains("splunk log driver"), "{status}");
}

/// On the settled tasks of `web`, with `change` applied to the world first.
fn on_web_tasks(read_only: bool, change: impl FnOnce(&mut app_ecs_world::World)) -> Driver {
    let mut d = app_ecs_world::driver((100, 30), read_only);
    change(&mut d.world);
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Enter);
    d.settle();
    d
}

const RUNNING_TASK: &str = "3f2b9c1d0e8a4b7c9d6e5f4a3b2c1d0e";

fn exec_args(container: &str, tail: &[&str]) -> Vec<String> {
    let head =
        ["ecs", "execute-command", "--cluster", "demo-cluster", "--task", RUNNING_TASK, "--container", container];
    let shell = ["--interactive", "--command", "/bin/sh"];
    head.iter().chain(&shell).chain(tail).map(|s| (*s).to_owned()).collect()
}

fn shell_in(container: &str) -> ExternalPurpose {
    ExternalPurpose::Session(format!("shell in container {container} of task {RUNNING_TASK}"))
}

#[test]
fn e_on_a_task_hands_the_terminal_to_aws_ecs_execute_command_as_the_profile() {
    let mut d = on_web_tasks(false, |_| {});
    let commands = d.key(KeyCode::Char('e'));
    assert_eq!(
        commands,
        vec![Command::RunExternal {
            program: "aws".into(),
            args: exec_args("web", &["--profile", "demo", "--region", "us-east-1"]),
            purpose: shell_in("web"),
            credentials: ChildCredentials::Inherited,
        }]
    );
    assert_eq!(d.status(), Some(format!("Opening a shell in container web of task {RUNNING_TASK}…").as_str()));

    // The shell's end is reported; it is not an SSO login, so nothing is renewed.
    let commands =
        d.update(Action::ExternalFinished { purpose: shell_in("web"), ok: true, message: "Left the shell.".into() });
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(d.status(), Some("Left the shell."));
    assert!(d.app.credentials.renewal.is_none());
}

#[test]
fn after_an_assumed_role_the_shell_gets_the_sessions_credentials_not_the_profile() {
    let context = harness::context("demo").with_role(RoleSpec::new("arn:aws:iam::123456789012:role/Ops"));
    let mut d = Harness::new(context, false, (100, 30)).connected();
    d.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(Vec::new())]);
    let mut d = d.with_world(app_ecs_world::World::demo());
    d.key(KeyCode::Char('4'));
    d.answer(EcsSlot::Clusters);
    d.key(KeyCode::Enter);
    d.settle();
    d.key(KeyCode::Enter);
    d.settle();
    let commands = d.key(KeyCode::Char('e'));
    let [Command::RunExternal { args, credentials, .. }] = commands.as_slice() else { panic!("{commands:?}") };
    assert_eq!(args, &exec_args("web", &["--region", "us-east-1"]), "no --profile: it would hide the credentials");
    assert_eq!(*credentials, ChildCredentials::Session { generation: d.app.generation });
}

#[test]
fn a_task_started_without_ecs_exec_says_how_to_enable_it() {
    let mut d = on_web_tasks(false, |w| w.tasks[0].enable_execute_command = false);
    assert!(d.key(KeyCode::Char('e')).is_empty());
    assert_eq!(
        d.status(),
        Some(
            format!(
                "Task {RUNNING_TASK} was started without ECS Exec (enableExecuteCommand is false): enable it on \
                 service web (`aws ecs update-service --cluster demo-cluster --service web --enable-execute-command \
                 --force-new-deployment`), then press e on one of its new tasks."
            )
            .as_str()
        )
    );
    assert!(d.app.status.as_ref().is_some_and(|s| s.is_error));
}

#[test]
fn an_exec_agent_that_is_not_running_is_named_with_its_status() {
    let mut d = on_web_tasks(false, |w| w.tasks[0].containers[0].exec_agent = Some("PENDING".into()));
    assert!(d.key(KeyCode::Char('e')).is_empty());
    assert_eq!(
        d.status(),
        Some(
            format!(
                "The ECS Exec agent (ExecuteCommandAgent) of container web in task {RUNNING_TASK} is PENDING, not \
                 RUNNING: it is still starting: press r in a moment, then e again."
            )
            .as_str()
        )
    );

    // A task that is not running yet says so before anything else.
    let mut d = on_web_tasks(false, |_| {});
    d.select("7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e");
    assert!(d.key(KeyCode::Char('e')).is_empty());
    assert_eq!(
        d.status(),
        Some(
            "Task 7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e is PENDING, not RUNNING: ECS Exec opens shells only in running \
             tasks; wait for it to start, press r, then e again."
        )
    );
}

#[test]
fn read_only_refuses_a_shell() {
    let mut d = on_web_tasks(true, |_| {});
    assert!(d.key(KeyCode::Char('e')).is_empty());
    assert!(
        d.status().is_some_and(
            |s| s.starts_with(&format!("Read-only mode: refusing to open a shell in task {RUNNING_TASK}."))
        ),
        "{:?}",
        d.status()
    );
    assert!(d.app.panes.ecs.modal.is_none());
}

/// The running web task with a log router beside it; the router's agent is stopped.
fn with_sidecar(w: &mut app_ecs_world::World) {
    let mut router = w.tasks[0].containers[0].clone();
    router.name = "log-router".into();
    router.exec_agent = Some("STOPPED".into());
    w.tasks[0].containers.insert(0, router);
}

#[test]
fn a_container_is_chosen_in_the_task_detail() {
    let mut d = on_web_tasks(false, with_sidecar);
    d.key(KeyCode::Enter);
    assert!(matches!(d.app.panes.ecs.top(), Some(View::TaskDetail(_))));
    assert!(d.key(KeyCode::Char('e')).is_empty(), "two containers: it asks which");
    let Some(Modal::ChooseContainer { containers, selected, .. }) = &d.app.panes.ecs.modal else {
        panic!("the choice: {:?}", d.app.panes.ecs.modal)
    };
    assert_eq!(containers.len(), 2);
    assert_eq!(*selected, 1, "the first container that can take a shell");

    // The router cannot: the choice stays, saying why.
    d.key(KeyCode::Char('k'));
    assert!(d.key(KeyCode::Enter).is_empty());
    assert!(d.status().is_some_and(|s| s.contains("container log-router in task") && s.contains("is STOPPED")));
    assert!(d.app.panes.ecs.modal.is_some());

    let commands = d.key(KeyCode::Char('2'));
    assert!(
        matches!(commands.as_slice(), [Command::RunExternal { args, purpose, .. }]
            if args == &exec_args("web", &["--profile", "demo", "--region", "us-east-1"]) && *purpose == shell_in("web")),
        "{commands:?}"
    );
    assert!(d.app.panes.ecs.modal.is_none());

    // Esc leaves without a shell.
    d.key(KeyCode::Char('e'));
    assert!(d.key(KeyCode::Esc).is_empty());
    assert!(d.app.panes.ecs.modal.is_none());
    assert_eq!(d.status(), Some("No shell was opened."));
}
