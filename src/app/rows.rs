//! How each pane's rows filter and sort: their sort columns (in the order `<`
//! and `>` step through them), each a key, and the fields the filter reads.

use std::net::Ipv4Addr;

use super::ecs::views::Row;
use super::ssm::tree::Entry as SsmEntry;
use super::table::{SortKey, Tabular, sort_columns};
use crate::aws::ec2::{NetworkInterface, Subnet, Vpc};
use crate::aws::ecs::{Cluster, Service, Task};
use crate::aws::s3::{Bucket, Entry, ObjectVersion};
use crate::aws::ssm::ParameterVersion;

/// IPv4 addresses sort as numbers (10.0.0.9 before 10.0.0.10).
fn ip(address: Option<&str>) -> SortKey<'_> {
    match address.map(|a| (a, a.parse::<Ipv4Addr>())) {
        Some((_, Ok(ip))) => SortKey::num(u32::from(ip)),
        Some((a, Err(_))) => SortKey::text(a),
        None => SortKey::Missing,
    }
}

sort_columns!(
    /// The columns of the bucket list.
    BucketColumn { Name = "NAME", Created = "CREATED", Region = "REGION" }
);

sort_columns!(
    /// The columns of a prefix listing of objects and folders.
    ObjectColumn { Name = "NAME", Size = "SIZE", LastModified = "LAST MODIFIED", Class = "CLASS" }
);

sort_columns!(
    /// The columns of an object's versions.
    VersionColumn { Version = "VERSION", Size = "SIZE", LastModified = "LAST MODIFIED" }
);

sort_columns!(
    /// The columns of the VPC list.
    VpcColumn {
        VpcId = "VPC ID",
        Name = "NAME",
        Ipv4Cidrs = "IPV4 CIDRS",
        Ipv6Cidrs = "IPV6 CIDRS",
        State = "STATE",
        Default = "DEFAULT",
        Tenancy = "TENANCY",
        Owner = "OWNER",
    }
);

sort_columns!(
    /// The columns of subnet lists.
    SubnetColumn {
        SubnetId = "SUBNET ID",
        Name = "NAME",
        Zone = "ZONE",
        Ipv4Cidr = "IPV4 CIDR",
        FreeIps = "FREE IPS",
        Default = "DEFAULT",
        PublicIp = "PUBLIC IP",
        State = "STATE",
    }
);

sort_columns!(
    /// The columns of network interface lists.
    InterfaceColumn {
        InterfaceId = "INTERFACE ID",
        Type = "TYPE",
        Status = "STATUS",
        PrivateIp = "PRIVATE IP",
        PublicIp = "PUBLIC IP",
        AttachedTo = "ATTACHED TO",
        SecurityGroups = "SECURITY GROUPS",
        Description = "DESCRIPTION",
        VpcId = "VPC ID",
        SubnetId = "SUBNET ID",
    }
);

sort_columns!(
    /// The columns of the SSM parameter tree.
    ParameterColumn {
        Name = "NAME",
        Type = "TYPE",
        Tier = "TIER",
        Version = "VERSION",
        LastModified = "LAST MODIFIED",
        ModifiedBy = "MODIFIED BY",
        DataType = "DATA TYPE",
        KmsKey = "KMS KEY",
    }
);

sort_columns!(
    /// The columns of a parameter's history.
    HistoryColumn {
        Version = "VERSION",
        Labels = "LABELS",
        When = "WHEN",
        ModifiedBy = "MODIFIED BY",
        Type = "TYPE",
        Tier = "TIER",
    }
);

sort_columns!(
    /// The columns of ECS clusters.
    ClusterColumn {
        Name = "NAME",
        Status = "STATUS",
        Services = "SERVICES",
        Running = "RUNNING",
        Pending = "PENDING",
        Instances = "INSTANCES",
        CapacityProviders = "CAPACITY PROVIDERS",
    }
);

sort_columns!(
    /// The columns of a cluster's ECS services.
    ServiceColumn {
        Name = "NAME",
        Status = "STATUS",
        Counts = "DES/RUN/PEN",
        Deployment = "DEPLOYMENT",
        Failed = "FAILED",
        Launch = "LAUNCH",
        TaskDefinition = "TASK DEFINITION",
    }
);

sort_columns!(
    /// The columns of ECS tasks.
    TaskColumn {
        Task = "TASK",
        Status = "STATUS",
        Health = "HEALTH",
        Started = "STARTED",
        Stopped = "STOPPED",
        Containers = "CONTAINERS",
        TaskDefinition = "TASK DEFINITION",
        StoppedReason = "STOPPED REASON",
    }
);

impl Tabular for Bucket {
    type Column = BucketColumn;
    fn sort_key(&self, column: BucketColumn) -> SortKey<'_> {
        match column {
            BucketColumn::Name => SortKey::text(&self.name),
            BucketColumn::Created => SortKey::time(self.created),
            BucketColumn::Region => SortKey::opt_text(self.region.as_deref()),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.region.as_deref().is_some_and(&mut *test)
    }
}

/// The part of a key a prefix listing shows: after the last `/` (a folder
/// keeps its own name).
fn leaf(key: &str) -> &str {
    let trimmed = key.strip_suffix('/').unwrap_or(key);
    trimmed.rfind('/').map_or(key, |i| &key[i + 1..])
}

impl Tabular for Entry {
    type Column = ObjectColumn;
    fn sort_key(&self, column: ObjectColumn) -> SortKey<'_> {
        match (self, column) {
            (_, ObjectColumn::Name) => SortKey::text(leaf(self.key())),
            (Self::Folder(_), _) => SortKey::Missing,
            (Self::Object(o), ObjectColumn::Size) => SortKey::num(o.size),
            (Self::Object(o), ObjectColumn::LastModified) => SortKey::time(o.last_modified),
            (Self::Object(o), ObjectColumn::Class) => SortKey::text(o.storage_class.as_str()),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(leaf(self.key()))
    }
}

impl Tabular for ObjectVersion {
    type Column = VersionColumn;
    fn sort_key(&self, column: VersionColumn) -> SortKey<'_> {
        match column {
            VersionColumn::Version => SortKey::text(&self.version_id),
            VersionColumn::Size => SortKey::num(self.size),
            VersionColumn::LastModified => SortKey::time(self.last_modified),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.version_id)
    }
}

impl Tabular for Vpc {
    type Column = VpcColumn;
    fn sort_key(&self, column: VpcColumn) -> SortKey<'_> {
        match column {
            VpcColumn::VpcId => SortKey::text(&self.vpc_id),
            VpcColumn::Name => SortKey::opt_text(self.name.as_deref()),
            VpcColumn::Ipv4Cidrs => ip(self.cidr_blocks.first().and_then(|c| c.split('/').next())),
            VpcColumn::Ipv6Cidrs => SortKey::opt_text(self.ipv6_cidr_blocks.first().map(String::as_str)),
            VpcColumn::State => SortKey::text(self.state.as_str()),
            VpcColumn::Default => SortKey::num(u8::from(self.is_default)),
            VpcColumn::Tenancy => SortKey::text(&self.tenancy),
            VpcColumn::Owner => SortKey::text(&self.owner_id),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.vpc_id)
            || self.name.as_deref().is_some_and(&mut *test)
            || self.cidr_blocks.iter().any(|c| test(c))
            || self.tags.iter().any(|t| test(&t.value))
    }
}

impl Tabular for Subnet {
    type Column = SubnetColumn;
    fn sort_key(&self, column: SubnetColumn) -> SortKey<'_> {
        match column {
            SubnetColumn::SubnetId => SortKey::text(&self.subnet_id),
            SubnetColumn::Name => SortKey::opt_text(self.name.as_deref()),
            SubnetColumn::Zone => SortKey::text(&self.availability_zone),
            SubnetColumn::Ipv4Cidr => ip(self.cidr_block.split('/').next()),
            SubnetColumn::FreeIps => self.available_ips.map_or(SortKey::Missing, SortKey::num),
            SubnetColumn::Default => SortKey::num(u8::from(self.default_for_az)),
            SubnetColumn::PublicIp => SortKey::num(u8::from(self.map_public_ip)),
            SubnetColumn::State => SortKey::text(self.state.as_str()),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.subnet_id)
            || self.name.as_deref().is_some_and(&mut *test)
            || test(&self.availability_zone)
            || test(&self.cidr_block)
            || self.tags.iter().any(|t| test(&t.value))
    }
}

impl Tabular for NetworkInterface {
    type Column = InterfaceColumn;
    fn sort_key(&self, column: InterfaceColumn) -> SortKey<'_> {
        match column {
            InterfaceColumn::InterfaceId => SortKey::text(&self.eni_id),
            InterfaceColumn::Type => SortKey::text(self.eni_type.label()),
            InterfaceColumn::Status => SortKey::text(self.status.as_str()),
            InterfaceColumn::PrivateIp => ip(self.private_ips.first().map(|p| p.address.as_str())),
            InterfaceColumn::PublicIp => ip(self.public_ip.as_ref().map(|p| p.address.as_str())),
            InterfaceColumn::AttachedTo => SortKey::opt_text(self.attached_to()),
            InterfaceColumn::SecurityGroups => {
                SortKey::opt_text(self.security_groups.first().map(|g| g.group_name.as_deref().unwrap_or(&g.group_id)))
            }
            InterfaceColumn::Description => SortKey::text(&self.description),
            InterfaceColumn::VpcId => SortKey::text(&self.vpc_id),
            InterfaceColumn::SubnetId => SortKey::text(&self.subnet_id),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.eni_id)
            || self.private_ips.iter().any(|p| test(&p.address))
            || self.public_ip.as_ref().is_some_and(|p| test(&p.address))
            || test(&self.description)
            || self.attached_to().is_some_and(&mut *test)
            || test(self.eni_type.label())
            || self.tags.iter().any(|t| test(&t.value))
    }
}

impl Tabular for SsmEntry {
    type Column = ParameterColumn;
    fn sort_key(&self, column: ParameterColumn) -> SortKey<'_> {
        match self {
            // Folders stay together, by name, whatever the column.
            Self::Folder { name, .. } if column == ParameterColumn::Name => SortKey::text(name),
            Self::Folder { .. } => SortKey::Missing,
            Self::Parameter(p) => match column {
                ParameterColumn::Name => SortKey::text(leaf(&p.name)),
                ParameterColumn::Type => SortKey::text(p.kind.as_str()),
                ParameterColumn::Tier => SortKey::opt_text(p.tier.as_ref().map(|t| t.as_str())),
                ParameterColumn::Version => SortKey::num(p.version),
                ParameterColumn::LastModified => SortKey::time(p.last_modified),
                ParameterColumn::ModifiedBy => SortKey::opt_text(p.last_modified_by.as_deref()),
                ParameterColumn::DataType => SortKey::opt_text(p.data_type.as_deref()),
                ParameterColumn::KmsKey => SortKey::opt_text(p.key_id.as_deref()),
            },
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        match self {
            Self::Folder { name, .. } => test(name),
            Self::Parameter(p) => test(leaf(&p.name)) || p.description.as_deref().is_some_and(&mut *test),
        }
    }
}

impl Tabular for ParameterVersion {
    type Column = HistoryColumn;
    fn sort_key(&self, column: HistoryColumn) -> SortKey<'_> {
        match column {
            HistoryColumn::Version => SortKey::num(self.version),
            HistoryColumn::Labels => SortKey::opt_text(self.labels.first().map(String::as_str)),
            HistoryColumn::When => SortKey::time(self.last_modified),
            HistoryColumn::ModifiedBy => SortKey::opt_text(self.last_modified_by.as_deref()),
            HistoryColumn::Type => SortKey::text(self.kind.as_str()),
            HistoryColumn::Tier => SortKey::opt_text(self.tier.as_ref().map(|t| t.as_str())),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        // Values are never searched: a masked SecureString must not be found by typing it.
        self.labels.iter().any(|l| test(l)) || self.last_modified_by.as_deref().is_some_and(&mut *test)
    }
}

impl Tabular for Row<Cluster> {
    type Column = ClusterColumn;
    fn sort_key(&self, column: ClusterColumn) -> SortKey<'_> {
        let Some(c) = self.ready() else {
            return if column == ClusterColumn::Name { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            ClusterColumn::Name => SortKey::text(&self.name),
            ClusterColumn::Status => SortKey::text(&c.status),
            ClusterColumn::Services => SortKey::num(c.active_services),
            ClusterColumn::Running => SortKey::num(c.running_tasks),
            ClusterColumn::Pending => SortKey::num(c.pending_tasks),
            ClusterColumn::Instances => SortKey::num(c.container_instances),
            ClusterColumn::CapacityProviders => SortKey::opt_text(c.capacity_providers.first().map(String::as_str)),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.ready().is_some_and(|c| test(&c.status))
    }
}

impl Tabular for Row<Service> {
    type Column = ServiceColumn;
    fn sort_key(&self, column: ServiceColumn) -> SortKey<'_> {
        let Some(s) = self.ready() else {
            return if column == ServiceColumn::Name { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            ServiceColumn::Name => SortKey::text(&self.name),
            ServiceColumn::Status => SortKey::text(&s.status),
            ServiceColumn::Counts => SortKey::num(s.running),
            ServiceColumn::Deployment => SortKey::opt_text(s.deployments.first().map(|d| d.status.as_str())),
            ServiceColumn::Failed => SortKey::num(s.deployments.iter().map(|d| i64::from(d.failed)).sum::<i64>()),
            ServiceColumn::Launch => SortKey::opt_text(s.launch_type.as_deref()),
            ServiceColumn::TaskDefinition => SortKey::text(leaf(&s.task_definition)),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.ready().is_some_and(|s| test(&s.status) || test(leaf(&s.task_definition)))
    }
}

impl Tabular for Row<Task> {
    type Column = TaskColumn;
    fn sort_key(&self, column: TaskColumn) -> SortKey<'_> {
        let Some(t) = self.ready() else {
            return if column == TaskColumn::Task { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            TaskColumn::Task => SortKey::text(&self.name),
            TaskColumn::Status => SortKey::text(&t.last_status),
            TaskColumn::Health => SortKey::opt_text(t.health.as_deref()),
            TaskColumn::Started => SortKey::time(t.started),
            TaskColumn::Stopped => SortKey::time(t.stopped),
            TaskColumn::Containers => SortKey::num(u64::try_from(t.containers.len()).unwrap_or(u64::MAX)),
            TaskColumn::TaskDefinition => SortKey::text(leaf(&t.task_definition)),
            TaskColumn::StoppedReason => SortKey::opt_text(t.stopped_reason.as_deref()),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name)
            || self.ready().is_some_and(|t| {
                test(&t.last_status)
                    || test(leaf(&t.task_definition))
                    || t.containers.iter().any(|c| test(&c.name))
                    || t.group.as_deref().is_some_and(&mut *test)
            })
    }
}
