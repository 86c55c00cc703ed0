//! The ECS pane's resources: names, ARNs, console pages and JSON of
//! clusters, services and tasks.

use serde_json::{Value, json};

use super::EcsPane;
use super::View as EcsView;
use super::views::{Row, RowState};
use crate::app::resource::{Place, console_host, encode, object, opt, text, timestamp};
use crate::aws::ecs::{Cluster, Service, Task};

/// What is selected in the ECS pane.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// An ECS cluster.
    Cluster { name: String },
    /// An ECS service.
    Service { cluster: String, name: String },
    /// An ECS task, by id.
    Task { cluster: String, id: String },
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::Cluster { .. } => "ECS cluster",
            Self::Service { .. } => "ECS service",
            Self::Task { .. } => "ECS task",
        }
    }

    fn id(&self) -> String {
        match self {
            Self::Task { id, .. } => id.clone(),
            Self::Cluster { name } | Self::Service { name, .. } => name.clone(),
        }
    }

    fn console_url(&self, region: &str) -> String {
        let host = console_host(region);
        let r = encode(region);
        match self {
            Self::Cluster { name } => {
                format!("https://{r}.{host}/ecs/v2/clusters/{}/services?region={r}", encode(name))
            }
            Self::Service { cluster, name } => format!(
                "https://{r}.{host}/ecs/v2/clusters/{}/services/{}/health?region={r}",
                encode(cluster),
                encode(name)
            ),
            Self::Task { cluster, id } => format!(
                "https://{r}.{host}/ecs/v2/clusters/{}/tasks/{}/configuration?region={r}",
                encode(cluster),
                encode(id)
            ),
        }
    }
}

/// A resource of this pane, as the selection code builds it.
struct Resource {
    target: Target,
    region: String,
    arn: Option<String>,
    json: Value,
}

impl From<Resource> for crate::app::resource::Resource {
    fn from(r: Resource) -> Self {
        Self {
            kind: r.target.kind(),
            id: r.target.id(),
            console_url: r.target.console_url(&r.region),
            region: r.region,
            arn: r.arn,
            json: r.json,
        }
    }
}

fn cluster_json(c: &Cluster) -> Value {
    object([
        ("ClusterName", text(&c.name)),
        ("ClusterArn", text(&c.arn)),
        ("Status", text(&c.status)),
        ("ActiveServicesCount", json!(c.active_services)),
        ("RunningTasksCount", json!(c.running_tasks)),
        ("PendingTasksCount", json!(c.pending_tasks)),
        ("RegisteredContainerInstancesCount", json!(c.container_instances)),
        ("CapacityProviders", json!(c.capacity_providers)),
    ])
}

fn service_json(s: &Service) -> Value {
    let deployments = s.deployments.iter().map(|d| {
        object([
            ("Id", text(&d.id)),
            ("Status", text(&d.status)),
            ("TaskDefinition", text(&d.task_definition)),
            ("RolloutState", opt(d.rollout.as_ref().map(|r| r.as_str()))),
            ("RolloutStateReason", opt(d.rollout_reason.as_deref())),
            ("DesiredCount", json!(d.desired)),
            ("RunningCount", json!(d.running)),
            ("PendingCount", json!(d.pending)),
            ("FailedTasks", json!(d.failed)),
            ("CreatedAt", timestamp(d.created)),
            ("UpdatedAt", timestamp(d.updated)),
        ])
    });
    let balancers = s.load_balancers.iter().map(|lb| {
        object([
            ("TargetGroupArn", opt(lb.target_group_arn.as_deref())),
            ("LoadBalancerName", opt(lb.load_balancer_name.as_deref())),
            ("ContainerName", opt(lb.container_name.as_deref())),
            ("ContainerPort", lb.container_port.map_or(Value::Null, |p| json!(p))),
        ])
    });
    let network = s.network.as_ref().map_or(Value::Null, |n| {
        let public = n.public_ip.map_or(Value::Null, |on| text(if on { "ENABLED" } else { "DISABLED" }));
        json!({ "AwsvpcConfiguration": object([
            ("Subnets", json!(n.subnets)),
            ("SecurityGroups", json!(n.security_groups)),
            ("AssignPublicIp", public),
        ]) })
    });
    let events = s
        .events
        .iter()
        .map(|e| object([("Id", text(&e.id)), ("CreatedAt", timestamp(e.created)), ("Message", text(&e.message))]));
    object([
        ("ServiceName", text(&s.name)),
        ("ServiceArn", text(&s.arn)),
        ("ClusterArn", text(&s.cluster_arn)),
        ("Status", text(&s.status)),
        ("DesiredCount", json!(s.desired)),
        ("RunningCount", json!(s.running)),
        ("PendingCount", json!(s.pending)),
        ("LaunchType", opt(s.launch_type.as_deref())),
        ("CapacityProviders", json!(s.capacity_providers)),
        ("TaskDefinition", text(&s.task_definition)),
        ("Deployments", Value::Array(deployments.collect())),
        ("LoadBalancers", Value::Array(balancers.collect())),
        ("NetworkConfiguration", network),
        ("CreatedAt", timestamp(s.created)),
        ("Events", Value::Array(events.collect())),
    ])
}

fn task_json(t: &Task) -> Value {
    let containers = t.containers.iter().map(|c| {
        object([
            ("Name", text(&c.name)),
            ("Image", opt(c.image.as_deref())),
            ("LastStatus", text(&c.last_status)),
            ("ExitCode", c.exit_code.map_or(Value::Null, |code| json!(code))),
            ("Reason", opt(c.reason.as_deref())),
            ("HealthStatus", opt(c.health.as_deref())),
        ])
    });
    let network = t.network.as_ref().map_or(Value::Null, |n| {
        object([
            ("SubnetId", opt(n.subnet_id.as_deref())),
            ("NetworkInterfaceId", opt(n.eni_id.as_deref())),
            ("PrivateIPv4Address", opt(n.private_ip.as_deref())),
        ])
    });
    object([
        ("TaskId", text(&t.id)),
        ("TaskArn", text(&t.arn)),
        ("ClusterArn", text(&t.cluster_arn)),
        ("TaskDefinitionArn", text(&t.task_definition)),
        ("LastStatus", text(&t.last_status)),
        ("DesiredStatus", text(&t.desired_status)),
        ("HealthStatus", opt(t.health.as_deref())),
        ("CreatedAt", timestamp(t.created)),
        ("StartedAt", timestamp(t.started)),
        ("StoppedAt", timestamp(t.stopped)),
        ("StoppedReason", opt(t.stopped_reason.as_deref())),
        ("StopCode", opt(t.stop_code.as_deref())),
        ("Group", opt(t.group.as_deref())),
        ("StartedBy", opt(t.started_by.as_deref())),
        ("LaunchType", opt(t.launch_type.as_deref())),
        ("CapacityProviderName", opt(t.capacity_provider.as_deref())),
        ("Cpu", opt(t.cpu.as_deref())),
        ("Memory", opt(t.memory.as_deref())),
        ("AvailabilityZone", opt(t.availability_zone.as_deref())),
        ("Containers", Value::Array(containers.collect())),
        ("Network", network),
    ])
}

/// A listed ECS row: its details once described, else what the listing knows.
fn row_json<T>(row: &Row<T>, name_key: &str, arn_key: &str, described: impl Fn(&T) -> Value) -> Value {
    match &row.state {
        RowState::Ready(item) => described(item),
        RowState::Pending => {
            object([(name_key, text(&row.name)), (arn_key, text(&row.arn)), ("Described", text("not yet"))])
        }
        RowState::Unavailable(why) => {
            object([(name_key, text(&row.name)), (arn_key, text(&row.arn)), ("DescribeFailure", text(why))])
        }
    }
}

impl EcsPane {
    /// The resource selected (or shown, in a detail view), in `place`.
    pub(crate) fn resource_at(&self, place: &Place<'_>) -> Option<crate::app::resource::Resource> {
        self.selected(place.region.to_owned(), place).map(Into::into)
    }

    fn selected(&self, region: String, _place: &Place<'_>) -> Option<Resource> {
        let pane = self;
        let resource = |target: Target, arn: &str, json: Value| Resource {
            target,
            region: region.clone(),
            arn: Some(arn.to_owned()),
            json,
        };
        match pane.top() {
            None => pane.clusters.selected().map(|row| {
                let json = row_json(row, "ClusterName", "ClusterArn", cluster_json);
                resource(Target::Cluster { name: row.name.clone() }, &row.arn, json)
            }),
            Some(EcsView::Services(view)) => view.table.selected().map(|row| {
                let json = row_json(row, "ServiceName", "ServiceArn", service_json);
                let target = Target::Service { cluster: view.cluster.clone(), name: row.name.clone() };
                resource(target, &row.arn, json)
            }),
            Some(EcsView::Tasks(view)) => view.table.selected().map(|row| {
                let json = row_json(row, "TaskId", "TaskArn", task_json);
                let target = Target::Task { cluster: view.scope.cluster.clone(), id: row.name.clone() };
                resource(target, &row.arn, json)
            }),
            Some(EcsView::ServiceDetail(d)) => {
                let target = Target::Service { cluster: d.cluster.clone(), name: d.service.name.clone() };
                Some(resource(target, &d.service.arn, service_json(&d.service)))
            }
            Some(EcsView::TaskDetail(d)) => {
                let target = Target::Task { cluster: d.cluster.clone(), id: d.task.id.clone() };
                Some(resource(target, &d.task.arn, task_json(&d.task)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_console_urls() {
        let cluster = Target::Cluster { name: "demo-cluster".into() };
        assert_eq!(
            cluster.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/demo-cluster/services?region=eu-west-1"
        );
        let service = Target::Service { cluster: "demo-cluster".into(), name: "web".into() };
        assert_eq!(
            service.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/demo-cluster/services/web/health?region=eu-west-1"
        );
        let task = Target::Task { cluster: "demo cluster".into(), id: "0f1e2d".into() };
        assert_eq!(
            task.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/demo%20cluster/tasks/0f1e2d/configuration?region=eu-west-1"
        );
    }

    #[test]
    fn tasks_are_copied_by_id_and_services_by_name() {
        assert_eq!(Target::Task { cluster: "c".into(), id: "t1".into() }.id(), "t1");
        assert_eq!(Target::Service { cluster: "c".into(), name: "web".into() }.id(), "web");
    }
}
