//! How each pane's rows filter and sort: their columns, in the order the
//! tables head them, and the fields the filter reads.

use std::net::Ipv4Addr;

use super::ecs::views::Row;
use super::ssm::tree::Entry as SsmEntry;
use super::table::{SortKey, Tabular};
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

impl Tabular for Bucket {
    fn columns() -> &'static [&'static str] {
        &["NAME", "CREATED", "REGION"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::text(&self.name),
            1 => SortKey::time(self.created),
            _ => SortKey::opt_text(self.region.as_deref()),
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
    fn columns() -> &'static [&'static str] {
        &["NAME", "SIZE", "LAST MODIFIED", "CLASS"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match (self, column) {
            (_, 0) => SortKey::text(leaf(self.key())),
            (Self::Folder(_), _) => SortKey::Missing,
            (Self::Object(o), 1) => SortKey::num(o.size),
            (Self::Object(o), 2) => SortKey::time(o.last_modified),
            (Self::Object(o), _) => SortKey::text(o.storage_class.as_str()),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(leaf(self.key()))
    }
}

impl Tabular for ObjectVersion {
    fn columns() -> &'static [&'static str] {
        &["VERSION", "SIZE", "LAST MODIFIED"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::text(&self.version_id),
            1 => SortKey::num(self.size),
            _ => SortKey::time(self.last_modified),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.version_id)
    }
}

impl Tabular for Vpc {
    fn columns() -> &'static [&'static str] {
        &["VPC ID", "NAME", "IPV4 CIDRS", "IPV6 CIDRS", "STATE", "DEFAULT", "TENANCY", "OWNER"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::text(&self.vpc_id),
            1 => SortKey::opt_text(self.name.as_deref()),
            2 => ip(self.cidr_blocks.first().and_then(|c| c.split('/').next())),
            3 => SortKey::opt_text(self.ipv6_cidr_blocks.first().map(String::as_str)),
            4 => SortKey::text(self.state.as_str()),
            5 => SortKey::num(u8::from(self.is_default)),
            6 => SortKey::text(&self.tenancy),
            _ => SortKey::text(&self.owner_id),
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
    fn columns() -> &'static [&'static str] {
        &["SUBNET ID", "NAME", "ZONE", "IPV4 CIDR", "FREE IPS", "DEFAULT", "PUBLIC IP", "STATE"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::text(&self.subnet_id),
            1 => SortKey::opt_text(self.name.as_deref()),
            2 => SortKey::text(&self.availability_zone),
            3 => ip(self.cidr_block.split('/').next()),
            4 => self.available_ips.map_or(SortKey::Missing, SortKey::num),
            5 => SortKey::num(u8::from(self.default_for_az)),
            6 => SortKey::num(u8::from(self.map_public_ip)),
            _ => SortKey::text(self.state.as_str()),
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
    fn columns() -> &'static [&'static str] {
        &[
            "INTERFACE ID",
            "TYPE",
            "STATUS",
            "PRIVATE IP",
            "PUBLIC IP",
            "ATTACHED TO",
            "SECURITY GROUPS",
            "DESCRIPTION",
            "VPC ID",
            "SUBNET ID",
        ]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::text(&self.eni_id),
            1 => SortKey::text(self.eni_type.label()),
            2 => SortKey::text(self.status.as_str()),
            3 => ip(self.private_ips.first().map(|p| p.address.as_str())),
            4 => ip(self.public_ip.as_ref().map(|p| p.address.as_str())),
            5 => SortKey::opt_text(self.attached_to()),
            6 => {
                SortKey::opt_text(self.security_groups.first().map(|g| g.group_name.as_deref().unwrap_or(&g.group_id)))
            }
            7 => SortKey::text(&self.description),
            8 => SortKey::text(&self.vpc_id),
            _ => SortKey::text(&self.subnet_id),
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
    fn columns() -> &'static [&'static str] {
        &["NAME", "TYPE", "TIER", "VERSION", "LAST MODIFIED", "MODIFIED BY", "DATA TYPE", "KMS KEY"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match self {
            // Folders stay together, by name, whatever the column.
            Self::Folder { name, .. } if column == 0 => SortKey::text(name),
            Self::Folder { .. } => SortKey::Missing,
            Self::Parameter(p) => match column {
                0 => SortKey::text(leaf(&p.name)),
                1 => SortKey::text(p.kind.as_str()),
                2 => SortKey::opt_text(p.tier.as_ref().map(|t| t.as_str())),
                3 => SortKey::num(p.version),
                4 => SortKey::time(p.last_modified),
                5 => SortKey::opt_text(p.last_modified_by.as_deref()),
                6 => SortKey::opt_text(p.data_type.as_deref()),
                _ => SortKey::opt_text(p.key_id.as_deref()),
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
    fn columns() -> &'static [&'static str] {
        &["VERSION", "LABELS", "WHEN", "MODIFIED BY", "TYPE", "TIER"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        match column {
            0 => SortKey::num(self.version),
            1 => SortKey::opt_text(self.labels.first().map(String::as_str)),
            2 => SortKey::time(self.last_modified),
            3 => SortKey::opt_text(self.last_modified_by.as_deref()),
            4 => SortKey::text(self.kind.as_str()),
            _ => SortKey::opt_text(self.tier.as_ref().map(|t| t.as_str())),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        // Values are never searched: a masked SecureString must not be found by typing it.
        self.labels.iter().any(|l| test(l)) || self.last_modified_by.as_deref().is_some_and(&mut *test)
    }
}

impl Tabular for Row<Cluster> {
    fn columns() -> &'static [&'static str] {
        &["NAME", "STATUS", "SERVICES", "RUNNING", "PENDING", "INSTANCES", "CAPACITY PROVIDERS"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let Some(c) = self.ready() else {
            return if column == 0 { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            0 => SortKey::text(&self.name),
            1 => SortKey::text(&c.status),
            2 => SortKey::num(c.active_services),
            3 => SortKey::num(c.running_tasks),
            4 => SortKey::num(c.pending_tasks),
            5 => SortKey::num(c.container_instances),
            _ => SortKey::opt_text(c.capacity_providers.first().map(String::as_str)),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.ready().is_some_and(|c| test(&c.status))
    }
}

impl Tabular for Row<Service> {
    fn columns() -> &'static [&'static str] {
        &["NAME", "STATUS", "DES/RUN/PEN", "DEPLOYMENT", "FAILED", "LAUNCH", "TASK DEFINITION"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let Some(s) = self.ready() else {
            return if column == 0 { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            0 => SortKey::text(&self.name),
            1 => SortKey::text(&s.status),
            2 => SortKey::num(s.running),
            3 => SortKey::opt_text(s.deployments.first().map(|d| d.status.as_str())),
            4 => SortKey::num(s.deployments.iter().map(|d| i64::from(d.failed)).sum::<i64>()),
            5 => SortKey::opt_text(s.launch_type.as_deref()),
            _ => SortKey::text(leaf(&s.task_definition)),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name) || self.ready().is_some_and(|s| test(&s.status) || test(leaf(&s.task_definition)))
    }
}

impl Tabular for Row<Task> {
    fn columns() -> &'static [&'static str] {
        &["TASK", "STATUS", "HEALTH", "STARTED", "STOPPED", "CONTAINERS", "TASK DEFINITION", "STOPPED REASON"]
    }
    fn sort_key(&self, column: usize) -> SortKey<'_> {
        let Some(t) = self.ready() else {
            return if column == 0 { SortKey::text(&self.name) } else { SortKey::Missing };
        };
        match column {
            0 => SortKey::text(&self.name),
            1 => SortKey::text(&t.last_status),
            2 => SortKey::opt_text(t.health.as_deref()),
            3 => SortKey::time(t.started),
            4 => SortKey::time(t.stopped),
            5 => SortKey::num(u64::try_from(t.containers.len()).unwrap_or(u64::MAX)),
            6 => SortKey::text(leaf(&t.task_definition)),
            _ => SortKey::opt_text(t.stopped_reason.as_deref()),
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
