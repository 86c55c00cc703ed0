//! The resource under the cursor of the pane on screen: what it is, the id
//! `y` copies, its ARN (`Y`), its AWS console URL (`o`) and its JSON (`d`).
//!
//! One place answers "what is selected" for every pane, so describe, copy
//! and open agree. A SecureString value is part of the JSON only while it is
//! revealed on screen.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::App;
use super::Pane;
use super::ecs::View as EcsView;
use super::ecs::views::{Row, RowState};
use super::network::{AllSubnetsView, Level, SubnetsView};
use super::s3::View as S3View;
use super::s3::views::Loadable;
use super::ssm::Screen;
use super::ssm::tree::Entry as SsmEntry;
use super::ssm::views::{Fetch, Reveal};
use crate::aws::ec2::{NetworkInterface, Subnet, Tag, Vpc};
use crate::aws::ecs::{Cluster, Service, Task};
use crate::aws::s3::{Bucket, Entry as S3Entry, ObjectDetail, ObjectEntry, ObjectVersion};
use crate::aws::ssm::{Parameter, ParameterValue, ParameterVersion};

/// Which resource, with what its console URL and id are built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An S3 bucket.
    Bucket {
        /// The bucket.
        bucket: String,
    },
    /// A prefix ("folder") of a bucket, ending in `/`.
    Prefix {
        /// The bucket.
        bucket: String,
        /// The prefix.
        prefix: String,
    },
    /// An S3 object.
    Object {
        /// The bucket.
        bucket: String,
        /// The key.
        key: String,
    },
    /// A VPC.
    Vpc {
        /// `vpc-…`.
        id: String,
    },
    /// A subnet.
    Subnet {
        /// `subnet-…`.
        id: String,
    },
    /// A network interface.
    Interface {
        /// `eni-…`.
        id: String,
    },
    /// A folder of the Parameter Store tree.
    ParameterFolder {
        /// Its path (`/app/dev`).
        path: String,
    },
    /// An SSM parameter.
    Parameter {
        /// Its full name.
        name: String,
    },
    /// One version of an SSM parameter.
    ParameterVersion {
        /// The parameter's name.
        name: String,
        /// The version.
        version: i64,
    },
    /// An ECS cluster.
    Cluster {
        /// The cluster name.
        name: String,
    },
    /// An ECS service.
    Service {
        /// The cluster name.
        cluster: String,
        /// The service name.
        name: String,
    },
    /// An ECS task.
    Task {
        /// The cluster name.
        cluster: String,
        /// The task id.
        id: String,
    },
}

/// The selected resource, ready to describe, copy or open.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// What it is.
    pub target: Target,
    /// The region it lives in (a bucket's own region when known).
    pub region: String,
    /// Its ARN, when known.
    pub arn: Option<String>,
    /// Everything awscope knows about it, as AWS names the fields.
    pub json: Value,
}

impl Target {
    /// What kind of resource it is, in the user's words.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Bucket { .. } => "S3 bucket",
            Self::Prefix { .. } => "S3 folder",
            Self::Object { .. } => "S3 object",
            Self::Vpc { .. } => "VPC",
            Self::Subnet { .. } => "subnet",
            Self::Interface { .. } => "network interface",
            Self::ParameterFolder { .. } => "parameter folder",
            Self::Parameter { .. } => "SSM parameter",
            Self::ParameterVersion { .. } => "parameter version",
            Self::Cluster { .. } => "ECS cluster",
            Self::Service { .. } => "ECS service",
            Self::Task { .. } => "ECS task",
        }
    }

    /// What `y` copies: the `s3://` URI of S3 things, the id of network
    /// resources, the name (or `name:version`) of a parameter, the name of a
    /// cluster or service, the id of a task.
    #[must_use]
    pub fn id(&self) -> String {
        match self {
            Self::Bucket { bucket } => format!("s3://{bucket}"),
            Self::Prefix { bucket, prefix: key } | Self::Object { bucket, key } => format!("s3://{bucket}/{key}"),
            Self::Vpc { id } | Self::Subnet { id } | Self::Interface { id } | Self::Task { id, .. } => id.clone(),
            Self::ParameterFolder { path: name } | Self::Parameter { name } => name.clone(),
            Self::ParameterVersion { name, version } => format!("{name}:{version}"),
            Self::Cluster { name } | Self::Service { name, .. } => name.clone(),
        }
    }

    /// The AWS console page of the resource in `region`. Built the same way
    /// against an emulator: it is the page the user would open in AWS.
    #[must_use]
    pub fn console_url(&self, region: &str) -> String {
        let host = console_host(region);
        let r = encode(region);
        match self {
            Self::Bucket { bucket } => format!("https://s3.{host}/s3/buckets/{}?region={r}", encode(bucket)),
            Self::Prefix { bucket, prefix } => {
                format!("https://s3.{host}/s3/buckets/{}?region={r}&prefix={}", encode(bucket), encode(prefix))
            }
            Self::Object { bucket, key } => {
                format!("https://s3.{host}/s3/object/{}?region={r}&prefix={}", encode(bucket), encode(key))
            }
            Self::Vpc { id } => {
                format!("https://{r}.{host}/vpcconsole/home?region={r}#VpcDetails:VpcId={}", encode(id))
            }
            Self::Subnet { id } => {
                format!("https://{r}.{host}/vpcconsole/home?region={r}#SubnetDetails:subnetId={}", encode(id))
            }
            Self::Interface { id } => {
                format!("https://{r}.{host}/ec2/home?region={r}#NetworkInterface:networkInterfaceId={}", encode(id))
            }
            Self::ParameterFolder { path } => format!(
                "https://{r}.{host}/systems-manager/parameters/?region={r}&tab=Table#list_parameter_filters=Name:Contains:{}",
                encode(&format!("{}/", path.trim_end_matches('/')))
            ),
            // The console reads the name from one path segment, encoded twice
            // (`/app/db` is `%252Fapp%252Fdb`). A version opens its parameter.
            Self::Parameter { name } | Self::ParameterVersion { name, .. } => format!(
                "https://{r}.{host}/systems-manager/parameters/{}/description?region={r}",
                encode(&encode(name).to_string())
            ),
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

/// Everything but the unreserved characters of RFC 3986 is encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn encode(s: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(s, COMPONENT)
}

/// The ARN partition of `region`.
#[must_use]
pub fn partition(region: &str) -> &'static str {
    crate::aws::ec2::partition(region)
}

/// The console's domain in `region`'s partition.
fn console_host(region: &str) -> &'static str {
    match partition(region) {
        "aws-cn" => "console.amazonaws.cn",
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        _ => "console.aws.amazon.com",
    }
}

/// `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` (S3 ARNs name no
/// region or account).
#[must_use]
pub fn s3_arn(region: &str, bucket: &str, key: &str) -> String {
    let partition = partition(region);
    if key.is_empty() {
        format!("arn:{partition}:s3:::{bucket}")
    } else {
        format!("arn:{partition}:s3:::{bucket}/{key}")
    }
}

/// `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME` (the leading `/` of a path
/// name is not doubled).
#[must_use]
pub fn ssm_parameter_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:{}:ssm:{region}:{account}:parameter/{}", partition(region), name.strip_prefix('/').unwrap_or(name))
}

/// A JSON object from `fields`, leaving out the ones that are `null`.
fn object<'a>(fields: impl IntoIterator<Item = (&'a str, Value)>) -> Value {
    let map: Map<String, Value> =
        fields.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_owned(), v)).collect();
    Value::Object(map)
}

fn timestamp(t: Option<OffsetDateTime>) -> Value {
    t.and_then(|t| t.format(&Rfc3339).ok()).map_or(Value::Null, Value::String)
}

fn opt(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

fn text(s: &str) -> Value {
    Value::String(s.to_owned())
}

fn pairs(tags: &[(String, String)]) -> Value {
    Value::Array(tags.iter().map(|(k, v)| json!({ "Key": k, "Value": v })).collect())
}

fn ec2_tags(tags: &[Tag]) -> Value {
    Value::Array(tags.iter().map(|t| json!({ "Key": t.key, "Value": t.value })).collect())
}

fn bucket_json(b: &Bucket, arn: &str) -> Value {
    object([
        ("Name", text(&b.name)),
        ("CreationDate", timestamp(b.created)),
        ("BucketRegion", opt(b.region.as_deref())),
        ("Arn", text(arn)),
    ])
}

fn prefix_json(bucket: &str, prefix: &str, region: Option<&str>, arn: &str) -> Value {
    object([("Bucket", text(bucket)), ("Prefix", text(prefix)), ("BucketRegion", opt(region)), ("Arn", text(arn))])
}

fn object_entry_json(bucket: &str, o: &ObjectEntry, arn: &str) -> Value {
    object([
        ("Bucket", text(bucket)),
        ("Key", text(&o.key)),
        ("Size", json!(o.size)),
        ("LastModified", timestamp(o.last_modified)),
        ("StorageClass", text(o.storage_class.as_str())),
        ("Arn", text(arn)),
    ])
}

fn head_json(h: &ObjectDetail) -> Value {
    let metadata: Map<String, Value> = h.metadata.iter().map(|(k, v)| (k.clone(), text(v))).collect();
    object([
        ("ContentLength", json!(h.size)),
        ("LastModified", timestamp(h.last_modified)),
        ("ETag", opt(h.etag.as_deref())),
        // HeadObject leaves out the storage class of STANDARD objects.
        ("StorageClass", text(h.storage_class.as_deref().unwrap_or("STANDARD"))),
        ("ContentType", opt(h.content_type.as_deref())),
        ("ContentEncoding", opt(h.content_encoding.as_deref())),
        ("ServerSideEncryption", opt(h.encryption.as_deref())),
        ("SSEKMSKeyId", opt(h.kms_key_id.as_deref())),
        ("VersionId", opt(h.version_id.as_deref())),
        ("Metadata", Value::Object(metadata)),
    ])
}

fn version_json(v: &ObjectVersion) -> Value {
    object([
        ("VersionId", text(&v.version_id)),
        ("IsLatest", json!(v.is_latest)),
        ("IsDeleteMarker", json!(v.delete_marker)),
        ("Size", json!(v.size)),
        ("LastModified", timestamp(v.last_modified)),
    ])
}

fn detail_json(d: &super::s3::DetailView, arn: &str) -> Value {
    let mut fields = vec![
        ("Bucket", text(&d.bucket)),
        ("Key", text(&d.key)),
        ("BucketRegion", opt(d.region.as_deref())),
        ("Arn", text(arn)),
    ];
    match &d.head {
        Loadable::Ready(head) => fields.push(("HeadObject", head_json(head))),
        Loadable::Loading(_) => fields.push(("HeadObject", text("(loading)"))),
        Loadable::Failed(f) => fields.push(("HeadObjectError", text(&f.message))),
    }
    match &d.tags {
        Loadable::Ready(tags) => fields.push(("TagSet", pairs(tags))),
        Loadable::Loading(_) => fields.push(("TagSet", text("(loading)"))),
        Loadable::Failed(f) => fields.push(("TagSetError", text(&f.message))),
    }
    if d.versioned == Some(true) {
        fields.push(("Versions", Value::Array(d.versions.items.iter().map(version_json).collect())));
    }
    object(fields)
}

fn vpc_json(v: &Vpc) -> Value {
    object([
        ("VpcId", text(&v.vpc_id)),
        ("Name", opt(v.name.as_deref())),
        ("State", text(v.state.as_str())),
        ("CidrBlocks", json!(v.cidr_blocks)),
        ("Ipv6CidrBlocks", json!(v.ipv6_cidr_blocks)),
        ("IsDefault", json!(v.is_default)),
        ("InstanceTenancy", text(&v.tenancy)),
        ("OwnerId", text(&v.owner_id)),
        ("Tags", ec2_tags(&v.tags)),
        ("Arn", text(&v.arn)),
    ])
}

fn subnet_json(s: &Subnet) -> Value {
    object([
        ("SubnetId", text(&s.subnet_id)),
        ("VpcId", text(&s.vpc_id)),
        ("Name", opt(s.name.as_deref())),
        ("State", text(s.state.as_str())),
        ("AvailabilityZone", text(&s.availability_zone)),
        ("CidrBlock", text(&s.cidr_block)),
        ("AvailableIpAddressCount", s.available_ips.map_or(Value::Null, |n| json!(n))),
        ("DefaultForAz", json!(s.default_for_az)),
        ("MapPublicIpOnLaunch", json!(s.map_public_ip)),
        ("Tags", ec2_tags(&s.tags)),
        ("SubnetArn", text(&s.arn)),
    ])
}

fn interface_json(n: &NetworkInterface) -> Value {
    let private = n.private_ips.iter().map(|ip| {
        object([
            ("PrivateIpAddress", text(&ip.address)),
            ("Primary", json!(ip.primary)),
            ("PrivateDnsName", opt(ip.dns_name.as_deref())),
            ("PublicIp", opt(ip.public_ip.as_deref())),
        ])
    });
    let public = n.public_ip.as_ref().map_or(Value::Null, |p| {
        object([
            ("PublicIp", text(&p.address)),
            ("IpOwnerId", opt(p.owner.as_deref())),
            ("PublicDnsName", opt(p.dns_name.as_deref())),
            ("AllocationId", opt(p.allocation_id.as_deref())),
        ])
    });
    let attachment = n.attachment.as_ref().map_or(Value::Null, |a| {
        object([
            ("AttachmentId", opt(a.attachment_id.as_deref())),
            ("InstanceId", opt(a.instance_id.as_deref())),
            ("InstanceOwnerId", opt(a.instance_owner_id.as_deref())),
            ("DeviceIndex", a.device_index.map_or(Value::Null, |i| json!(i))),
            ("DeleteOnTermination", json!(a.delete_on_termination)),
            ("Status", opt(a.status.as_deref())),
        ])
    });
    let groups = n
        .security_groups
        .iter()
        .map(|g| object([("GroupId", text(&g.group_id)), ("GroupName", opt(g.group_name.as_deref()))]));
    object([
        ("NetworkInterfaceId", text(&n.eni_id)),
        ("InterfaceType", text(n.eni_type.as_str())),
        ("Status", text(n.status.as_str())),
        ("VpcId", text(&n.vpc_id)),
        ("SubnetId", text(&n.subnet_id)),
        ("AvailabilityZone", opt(n.availability_zone.as_deref())),
        ("Description", text(&n.description)),
        ("PrivateIpAddresses", Value::Array(private.collect())),
        ("Ipv6Addresses", json!(n.ipv6_addresses)),
        ("Association", public),
        ("Attachment", attachment),
        ("RequesterId", opt(n.requester_id.as_deref())),
        ("RequesterManaged", json!(n.requester_managed)),
        ("Groups", Value::Array(groups.collect())),
        ("SourceDestCheck", json!(n.source_dest_check)),
        ("MacAddress", opt(n.mac_address.as_deref())),
        ("OwnerId", opt(n.owner_id.as_deref())),
        ("TagSet", ec2_tags(&n.tags)),
        ("Arn", text(&n.arn)),
    ])
}

fn parameter_fields(p: &Parameter) -> Vec<(&'static str, Value)> {
    let policies = p.policies.iter().map(|policy| {
        object([
            ("PolicyType", text(&policy.kind)),
            ("PolicyStatus", text(&policy.status)),
            ("PolicyText", text(&policy.text)),
        ])
    });
    vec![
        ("Name", text(&p.name)),
        ("Type", text(p.kind.as_str())),
        ("Tier", opt(p.tier.as_ref().map(|t| t.as_str()))),
        ("Version", json!(p.version)),
        ("LastModifiedDate", timestamp(p.last_modified)),
        ("LastModifiedUser", opt(p.last_modified_by.as_deref())),
        ("DataType", opt(p.data_type.as_deref())),
        ("KeyId", opt(p.key_id.as_deref())),
        ("Description", opt(p.description.as_deref())),
        ("AllowedPattern", opt(p.allowed_pattern.as_deref())),
        ("Policies", Value::Array(policies.collect())),
    ]
}

/// The value view's parameter: metadata, then the value only when it may be
/// shown (not a SecureString, or one revealed on screen right now).
fn value_fields(
    name: &str,
    meta: Option<&Parameter>,
    read: Option<&ParameterValue>,
    revealed: Option<&ParameterValue>,
) -> Vec<(&'static str, Value)> {
    let mut fields = meta.map_or_else(|| vec![("Name", text(name))], parameter_fields);
    if let Some(read) = read {
        set(&mut fields, "Type", text(read.kind.as_str()));
        set(&mut fields, "Version", json!(read.version));
        set(&mut fields, "LastModifiedDate", timestamp(read.last_modified));
        set(&mut fields, "DataType", opt(read.data_type.as_deref()));
    }
    let shown = match (revealed, read) {
        (Some(v), _) => v.value.as_ref(),
        (None, Some(v)) if !v.kind.is_secure() => v.value.as_ref(),
        _ => None,
    };
    if let Some(value) = shown {
        fields.push(("Value", text(value.expose())));
    }
    fields
}

fn set(fields: &mut Vec<(&'static str, Value)>, key: &'static str, value: Value) {
    match fields.iter_mut().find(|(k, _)| *k == key) {
        Some(field) => field.1 = value,
        None => fields.push((key, value)),
    }
}

fn parameter_version_json(name: &str, v: &ParameterVersion, decrypted: bool) -> Value {
    let value = match &v.value {
        Some(value) if !v.kind.is_secure() || decrypted => text(value.expose()),
        _ => Value::Null,
    };
    object([
        ("Name", text(name)),
        ("Version", json!(v.version)),
        ("Type", text(v.kind.as_str())),
        ("Tier", opt(v.tier.as_ref().map(|t| t.as_str()))),
        ("Labels", json!(v.labels)),
        ("LastModifiedDate", timestamp(v.last_modified)),
        ("LastModifiedUser", opt(v.last_modified_by.as_deref())),
        ("Description", opt(v.description.as_deref())),
        ("KeyId", opt(v.key_id.as_deref())),
        ("Value", value),
    ])
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

impl App {
    /// The region resources on screen live in.
    fn current_region(&self) -> String {
        self.environment()
            .map(|e| e.region.clone())
            .or_else(|| self.context.region.clone())
            .unwrap_or_else(|| "us-east-1".to_owned())
    }

    /// The resource selected in the pane on screen (or shown, in a detail
    /// view), if there is one.
    #[must_use]
    pub fn selected_resource(&self) -> Option<Resource> {
        let region = self.current_region();
        match self.pane {
            Pane::S3 => self.s3_resource(region),
            Pane::Network => self.network_resource(region),
            Pane::Ssm => self.ssm_resource(region),
            Pane::Ecs => self.ecs_resource(region),
        }
    }

    fn s3_resource(&self, region: String) -> Option<Resource> {
        let pane = &self.panes.s3;
        let in_region = |bucket_region: Option<&String>| bucket_region.cloned().unwrap_or_else(|| region.clone());
        let (target, region, json) = match pane.top() {
            None => {
                let b = pane.buckets.selected_item()?;
                let region = in_region(b.region.as_ref());
                let arn = s3_arn(&region, &b.name, "");
                (Target::Bucket { bucket: b.name.clone() }, region, bucket_json(b, &arn))
            }
            Some(S3View::Objects(view)) => {
                let region = in_region(view.region.as_ref());
                let bucket = view.bucket.clone();
                match view.listing.selected_item() {
                    Some(S3Entry::Object(o)) => {
                        let json = object_entry_json(&bucket, o, &s3_arn(&region, &bucket, &o.key));
                        (Target::Object { bucket, key: o.key.clone() }, region, json)
                    }
                    Some(S3Entry::Folder(prefix)) => {
                        let json =
                            prefix_json(&bucket, prefix, view.region.as_deref(), &s3_arn(&region, &bucket, prefix));
                        (Target::Prefix { bucket, prefix: prefix.clone() }, region, json)
                    }
                    // Nothing listed here: the prefix (or bucket) on screen.
                    None if view.prefix.is_empty() => {
                        let json = prefix_json(&bucket, "", view.region.as_deref(), &s3_arn(&region, &bucket, ""));
                        (Target::Bucket { bucket }, region, json)
                    }
                    None => {
                        let prefix = view.prefix.clone();
                        let json =
                            prefix_json(&bucket, &prefix, view.region.as_deref(), &s3_arn(&region, &bucket, &prefix));
                        (Target::Prefix { bucket, prefix }, region, json)
                    }
                }
            }
            Some(S3View::Detail(d)) => {
                let region = in_region(d.region.as_ref());
                let json = detail_json(d, &s3_arn(&region, &d.bucket, &d.key));
                (Target::Object { bucket: d.bucket.clone(), key: d.key.clone() }, region, json)
            }
            Some(S3View::Preview(p)) => {
                let bucket_region = pane.stack.iter().rev().find_map(|v| match v {
                    S3View::Objects(o) if o.bucket == p.bucket => o.region.clone(),
                    S3View::Detail(d) if d.bucket == p.bucket => d.region.clone(),
                    _ => None,
                });
                let region = in_region(bucket_region.as_ref());
                let arn = s3_arn(&region, &p.bucket, &p.key);
                let json = object([
                    ("Bucket", text(&p.bucket)),
                    ("Key", text(&p.key)),
                    ("Size", p.size.map_or(Value::Null, |s| json!(s))),
                    ("Arn", text(&arn)),
                ]);
                (Target::Object { bucket: p.bucket.clone(), key: p.key.clone() }, region, json)
            }
        };
        let arn = match &target {
            Target::Bucket { bucket } => s3_arn(&region, bucket, ""),
            Target::Prefix { bucket, prefix: key } | Target::Object { bucket, key } => s3_arn(&region, bucket, key),
            _ => String::new(),
        };
        Some(Resource { target, region, arn: Some(arn), json })
    }

    fn network_resource(&self, region: String) -> Option<Resource> {
        let pane = &self.panes.network;
        let interface = |n: &NetworkInterface| Resource {
            target: Target::Interface { id: n.eni_id.clone() },
            region: region.clone(),
            arn: Some(n.arn.clone()),
            json: interface_json(n),
        };
        match pane.top() {
            None => pane.vpcs.selected_item().map(|v| Resource {
                target: Target::Vpc { id: v.vpc_id.clone() },
                region: region.clone(),
                arn: Some(v.arn.clone()),
                json: vpc_json(v),
            }),
            Some(Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list })) => {
                list.selected_item().map(|s| Resource {
                    target: Target::Subnet { id: s.subnet_id.clone() },
                    region: region.clone(),
                    arn: Some(s.arn.clone()),
                    json: subnet_json(s),
                })
            }
            Some(Level::Interfaces(view)) => view.list.selected_item().map(interface),
            Some(Level::Found(view)) => view.list.selected_item().map(interface),
            Some(Level::Detail(view)) => Some(interface(&view.interface)),
        }
    }

    fn ssm_resource(&self, region: String) -> Option<Resource> {
        let pane = &self.panes.ssm;
        let account = self.identity.as_ref().map(|i| i.account.as_str());
        let built = |name: &str| account.map(|a| ssm_parameter_arn(&region, a, name));
        match pane.screen {
            Screen::Tree => match pane.tree.list.selected_item()? {
                SsmEntry::Folder { path, count, .. } => {
                    let arn = account.map(|a| format!("{}/*", ssm_parameter_arn(&region, a, path)));
                    let json = object([
                        ("Path", text(path)),
                        ("Parameters", json!(count)),
                        ("ArnPattern", opt(arn.as_deref())),
                    ]);
                    Some(Resource { target: Target::ParameterFolder { path: path.clone() }, region, arn, json })
                }
                SsmEntry::Parameter(p) => {
                    let arn = p.arn.clone().or_else(|| built(&p.name));
                    let mut fields = parameter_fields(p);
                    fields.push(("ARN", opt(arn.as_deref())));
                    let target = Target::Parameter { name: p.name.clone() };
                    Some(Resource { target, region, arn, json: object(fields) })
                }
            },
            Screen::Value => {
                let view = pane.value.as_ref()?;
                let read = match &view.value {
                    Fetch::Ready(v) => Some(v),
                    _ => None,
                };
                let revealed = match &view.reveal {
                    Reveal::Shown(v) => Some(v),
                    _ => None,
                };
                let meta = view.meta.as_deref();
                let arn = read
                    .and_then(|v| v.arn.clone())
                    .or_else(|| meta.and_then(|m| m.arn.clone()))
                    .or_else(|| built(&view.name));
                let mut fields = value_fields(&view.name, meta, read, revealed);
                fields.push(("ARN", opt(arn.as_deref())));
                let target = Target::Parameter { name: view.name.clone() };
                Some(Resource { target, region, arn, json: object(fields) })
            }
            Screen::History => {
                let history = pane.history.as_ref()?;
                let name = history.name.clone();
                let base = pane
                    .value
                    .as_ref()
                    .filter(|v| v.name == name)
                    .and_then(|v| match &v.value {
                        Fetch::Ready(read) => read.arn.clone(),
                        _ => v.meta.as_ref().and_then(|m| m.arn.clone()),
                    })
                    .or_else(|| pane.tree.store.get(&name).and_then(|p| p.arn.clone()))
                    .or_else(|| built(&name));
                match history.list.selected_item() {
                    Some(v) => {
                        let arn = base.map(|a| format!("{a}:{}", v.version));
                        let json = parameter_version_json(&name, v, history.decrypted);
                        Some(Resource {
                            target: Target::ParameterVersion { name, version: v.version },
                            region,
                            arn,
                            json,
                        })
                    }
                    None => {
                        let json = object([("Name", text(&name)), ("ARN", opt(base.as_deref()))]);
                        Some(Resource { target: Target::Parameter { name }, region, arn: base, json })
                    }
                }
            }
        }
    }

    fn ecs_resource(&self, region: String) -> Option<Resource> {
        let pane = &self.panes.ecs;
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

    fn bucket(name: &str) -> Target {
        Target::Bucket { bucket: name.into() }
    }

    #[test]
    fn s3_console_urls_encode_bucket_prefix_and_key() {
        assert_eq!(
            bucket("acme-logs").console_url("eu-west-1"),
            "https://s3.console.aws.amazon.com/s3/buckets/acme-logs?region=eu-west-1"
        );
        let prefix = Target::Prefix { bucket: "acme-logs".into(), prefix: "logs/2024 q1/".into() };
        assert_eq!(
            prefix.console_url("eu-west-1"),
            "https://s3.console.aws.amazon.com/s3/buckets/acme-logs?region=eu-west-1&prefix=logs%2F2024%20q1%2F"
        );
        let object = Target::Object { bucket: "acme-logs".into(), key: "a+b&c=d#e?/é.txt".into() };
        assert_eq!(
            object.console_url("us-east-1"),
            "https://s3.console.aws.amazon.com/s3/object/acme-logs?region=us-east-1&prefix=a%2Bb%26c%3Dd%23e%3F%2F%C3%A9.txt"
        );
    }

    #[test]
    fn network_console_urls() {
        assert_eq!(
            Target::Vpc { id: "vpc-0a1".into() }.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#VpcDetails:VpcId=vpc-0a1"
        );
        assert_eq!(
            Target::Subnet { id: "subnet-0b2".into() }.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/vpcconsole/home?region=eu-west-1#SubnetDetails:subnetId=subnet-0b2"
        );
        assert_eq!(
            Target::Interface { id: "eni-0c3".into() }.console_url("us-east-1"),
            "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#NetworkInterface:networkInterfaceId=eni-0c3"
        );
    }

    #[test]
    fn ssm_console_urls_encode_the_name_twice() {
        let p = Target::Parameter { name: "/app/dev/db password".into() };
        assert_eq!(
            p.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/systems-manager/parameters/%252Fapp%252Fdev%252Fdb%2520password/description?region=eu-west-1"
        );
        let root = Target::Parameter { name: "plain".into() };
        assert_eq!(
            root.console_url("us-east-1"),
            "https://us-east-1.console.aws.amazon.com/systems-manager/parameters/plain/description?region=us-east-1"
        );
        let version = Target::ParameterVersion { name: "/a".into(), version: 3 };
        assert!(version.console_url("us-east-1").contains("/parameters/%252Fa/description"));
        let folder = Target::ParameterFolder { path: "/app/dev".into() };
        assert!(folder.console_url("us-east-1").ends_with("#list_parameter_filters=Name:Contains:%2Fapp%2Fdev%2F"));
    }

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
    fn other_partitions_use_their_console() {
        assert!(
            Target::Vpc { id: "vpc-1".into() }
                .console_url("cn-north-1")
                .starts_with("https://cn-north-1.console.amazonaws.cn/")
        );
        assert!(bucket("b").console_url("us-gov-west-1").starts_with("https://s3.console.amazonaws-us-gov.com/"));
    }

    #[test]
    fn arns_per_kind() {
        assert_eq!(s3_arn("eu-west-1", "acme-logs", ""), "arn:aws:s3:::acme-logs");
        assert_eq!(s3_arn("eu-west-1", "acme-logs", "a b/ü.txt"), "arn:aws:s3:::acme-logs/a b/ü.txt");
        assert_eq!(s3_arn("cn-north-1", "b", "k"), "arn:aws-cn:s3:::b/k");
        assert_eq!(
            ssm_parameter_arn("eu-west-1", "123456789012", "/app/dev/db"),
            "arn:aws:ssm:eu-west-1:123456789012:parameter/app/dev/db"
        );
        assert_eq!(ssm_parameter_arn("us-east-1", "1", "plain"), "arn:aws:ssm:us-east-1:1:parameter/plain");
        assert_eq!(ssm_parameter_arn("us-gov-west-1", "1", "/x"), "arn:aws-us-gov:ssm:us-gov-west-1:1:parameter/x");
    }

    #[test]
    fn ids_copied_per_kind() {
        assert_eq!(bucket("b").id(), "s3://b");
        assert_eq!(Target::Object { bucket: "b".into(), key: "k/x".into() }.id(), "s3://b/k/x");
        assert_eq!(Target::ParameterVersion { name: "/a/b".into(), version: 4 }.id(), "/a/b:4");
        assert_eq!(Target::Task { cluster: "c".into(), id: "t1".into() }.id(), "t1");
        assert_eq!(Target::Service { cluster: "c".into(), name: "web".into() }.id(), "web");
    }

    #[test]
    fn null_fields_are_left_out() {
        let v = object([("A", text("x")), ("B", Value::Null), ("C", json!([]))]);
        assert_eq!(v.to_string(), r#"{"A":"x","C":[]}"#);
    }
}
