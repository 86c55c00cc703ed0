//! From the SDK's shapes to the EC2 domain's (which go no further).

use aws_sdk_ec2::types::Tag as SdkTag;

use super::model::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, PublicIp, ResourceState, SecurityGroupRef,
    Subnet, Tag, Vpc, name_of,
};

fn tags(sdk: &[SdkTag]) -> Vec<Tag> {
    let mut out: Vec<Tag> = sdk
        .iter()
        .map(|t| Tag { key: t.key().unwrap_or_default().to_owned(), value: t.value().unwrap_or_default().to_owned() })
        .collect();
    out.sort();
    out
}

/// Whether a CIDR association counts: the seed keeps `associating` and `associated`.
fn live_association(state: Option<&str>) -> bool {
    matches!(state, Some("associating" | "associated"))
}

/// The partition a region belongs to, for ARNs.
#[must_use]
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// `arn:aws:ec2:REGION:ACCOUNT:KIND/ID`.
fn arn(region: &str, account: &str, kind: &str, id: &str) -> String {
    format!("arn:{}:ec2:{region}:{account}:{kind}/{id}", partition(region))
}

/// Builds the domain VPC from the SDK's.
#[must_use]
pub fn vpc_from_sdk(v: &aws_sdk_ec2::types::Vpc, region: &str) -> Vpc {
    let associations = v.cidr_block_association_set();
    let cidr_blocks = if associations.is_empty() {
        // Without an association set the primary block is all there is.
        v.cidr_block().map(str::to_owned).into_iter().collect()
    } else {
        associations
            .iter()
            .filter(|a| {
                live_association(
                    a.cidr_block_state().and_then(|s| s.state()).map(aws_sdk_ec2::types::VpcCidrBlockStateCode::as_str),
                )
            })
            .filter_map(|a| a.cidr_block().map(str::to_owned))
            .collect()
    };
    let ipv6_cidr_blocks = v
        .ipv6_cidr_block_association_set()
        .iter()
        .filter(|a| {
            live_association(
                a.ipv6_cidr_block_state()
                    .and_then(|s| s.state())
                    .map(aws_sdk_ec2::types::VpcCidrBlockStateCode::as_str),
            )
        })
        .filter_map(|a| a.ipv6_cidr_block().map(str::to_owned))
        .collect();
    let tags = tags(v.tags());
    Vpc {
        vpc_id: v.vpc_id().unwrap_or_default().to_owned(),
        name: name_of(&tags).map(str::to_owned),
        cidr_blocks,
        ipv6_cidr_blocks,
        state: ResourceState::parse(v.state().map_or("", |s| s.as_str())),
        is_default: v.is_default().unwrap_or(false),
        tenancy: v.instance_tenancy().map_or_else(String::new, |t| t.as_str().to_owned()),
        owner_id: v.owner_id().unwrap_or_default().to_owned(),
        arn: arn(region, v.owner_id().unwrap_or_default(), "vpc", v.vpc_id().unwrap_or_default()),
        tags,
    }
}

/// Builds the domain subnet from the SDK's.
#[must_use]
pub fn subnet_from_sdk(s: &aws_sdk_ec2::types::Subnet, region: &str) -> Subnet {
    let tags = tags(s.tags());
    Subnet {
        subnet_id: s.subnet_id().unwrap_or_default().to_owned(),
        vpc_id: s.vpc_id().unwrap_or_default().to_owned(),
        name: name_of(&tags).map(str::to_owned),
        availability_zone: s.availability_zone().unwrap_or_default().to_owned(),
        cidr_block: s.cidr_block().unwrap_or_default().to_owned(),
        available_ips: s.available_ip_address_count().and_then(|n| u32::try_from(n).ok()),
        default_for_az: s.default_for_az().unwrap_or(false),
        map_public_ip: s.map_public_ip_on_launch().unwrap_or(false),
        state: ResourceState::parse(s.state().map_or("", |s| s.as_str())),
        arn: s.subnet_arn().map_or_else(
            || arn(region, s.owner_id().unwrap_or_default(), "subnet", s.subnet_id().unwrap_or_default()),
            str::to_owned,
        ),
        tags,
    }
}

/// Builds the domain network interface from the SDK's.
#[must_use]
pub fn interface_from_sdk(n: &aws_sdk_ec2::types::NetworkInterface, region: &str) -> NetworkInterface {
    let mut private_ips: Vec<PrivateIp> = n
        .private_ip_addresses()
        .iter()
        .filter_map(|p| {
            Some(PrivateIp {
                address: p.private_ip_address()?.to_owned(),
                primary: p.primary().unwrap_or(false),
                dns_name: p.private_dns_name().filter(|d| !d.is_empty()).map(str::to_owned),
                public_ip: p.association().and_then(|a| a.public_ip()).map(str::to_owned),
            })
        })
        .collect();
    if private_ips.is_empty()
        && let Some(address) = n.private_ip_address()
    {
        private_ips.push(PrivateIp {
            address: address.to_owned(),
            primary: true,
            dns_name: n.private_dns_name().filter(|d| !d.is_empty()).map(str::to_owned),
            public_ip: None,
        });
    }
    // The primary address first, the others in the order AWS gave them.
    private_ips.sort_by_key(|ip| !ip.primary);
    let public_ip = n.association().and_then(|a| {
        Some(PublicIp {
            address: a.public_ip()?.to_owned(),
            owner: a.ip_owner_id().map(str::to_owned),
            dns_name: a.public_dns_name().filter(|d| !d.is_empty()).map(str::to_owned),
            allocation_id: a.allocation_id().map(str::to_owned),
        })
    });
    let attachment = n.attachment().map(|a| Attachment {
        attachment_id: a.attachment_id().map(str::to_owned),
        instance_id: a.instance_id().map(str::to_owned),
        instance_owner_id: a.instance_owner_id().map(str::to_owned),
        device_index: a.device_index(),
        delete_on_termination: a.delete_on_termination().unwrap_or(false),
        status: a.status().map(|s| s.as_str().to_owned()),
    });
    NetworkInterface {
        eni_id: n.network_interface_id().unwrap_or_default().to_owned(),
        vpc_id: n.vpc_id().unwrap_or_default().to_owned(),
        subnet_id: n.subnet_id().unwrap_or_default().to_owned(),
        eni_type: InterfaceType::parse(n.interface_type().map_or("interface", |t| t.as_str())),
        status: InterfaceStatus::parse(n.status().map_or("", |s| s.as_str())),
        availability_zone: n.availability_zone().map(str::to_owned),
        description: n.description().unwrap_or_default().to_owned(),
        private_ips,
        ipv6_addresses: n.ipv6_addresses().iter().filter_map(|a| a.ipv6_address().map(str::to_owned)).collect(),
        public_ip,
        attachment,
        requester_id: n.requester_id().map(str::to_owned),
        requester_managed: n.requester_managed().unwrap_or(false),
        security_groups: n
            .groups()
            .iter()
            .filter_map(|g| {
                Some(SecurityGroupRef {
                    group_id: g.group_id()?.to_owned(),
                    group_name: g.group_name().map(str::to_owned),
                })
            })
            .collect(),
        source_dest_check: n.source_dest_check().unwrap_or(true),
        mac_address: n.mac_address().map(str::to_owned),
        owner_id: n.owner_id().map(str::to_owned),
        arn: arn(
            region,
            n.owner_id().unwrap_or_default(),
            "network-interface",
            n.network_interface_id().unwrap_or_default(),
        ),
        tags: tags(n.tag_set()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_the_partition_of_the_region() {
        assert_eq!(arn("us-east-1", "1", "vpc", "vpc-1"), "arn:aws:ec2:us-east-1:1:vpc/vpc-1");
        assert_eq!(partition("cn-north-1"), "aws-cn");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
    }
}
