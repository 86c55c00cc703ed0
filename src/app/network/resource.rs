//! The Network pane's resources: ids, ARNs, console pages and JSON of VPCs,
//! subnets and network interfaces.

use serde_json::{Value, json};

use super::{AllSubnetsView, Level, NetworkPane, SubnetsView};
use crate::app::resource::{Place, console_host, encode, object, opt, text};
use crate::aws::ec2::{NetworkInterface, Subnet, Tag, Vpc};

/// What is selected in the Network pane.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A VPC (`vpc-…`).
    Vpc { id: String },
    /// A subnet (`subnet-…`).
    Subnet { id: String },
    /// A network interface (`eni-…`).
    Interface { id: String },
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::Vpc { .. } => "VPC",
            Self::Subnet { .. } => "subnet",
            Self::Interface { .. } => "network interface",
        }
    }

    fn id(&self) -> String {
        match self {
            Self::Vpc { id } | Self::Subnet { id } | Self::Interface { id } => id.clone(),
        }
    }

    fn console_url(&self, region: &str) -> String {
        let host = console_host(region);
        let r = encode(region);
        match self {
            Self::Vpc { id } => {
                format!("https://{r}.{host}/vpcconsole/home?region={r}#VpcDetails:VpcId={}", encode(id))
            }
            Self::Subnet { id } => {
                format!("https://{r}.{host}/vpcconsole/home?region={r}#SubnetDetails:subnetId={}", encode(id))
            }
            Self::Interface { id } => {
                format!("https://{r}.{host}/ec2/home?region={r}#NetworkInterface:networkInterfaceId={}", encode(id))
            }
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

fn ec2_tags(tags: &[Tag]) -> Value {
    Value::Array(tags.iter().map(|t| json!({ "Key": t.key, "Value": t.value })).collect())
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

impl NetworkPane {
    /// The resource selected (or shown, in a detail view), in `place`.
    pub(crate) fn resource_at(&self, place: &Place<'_>) -> Option<crate::app::resource::Resource> {
        self.selected(place.region.to_owned(), place).map(Into::into)
    }

    fn selected(&self, region: String, _place: &Place<'_>) -> Option<Resource> {
        let pane = self;
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn other_partitions_use_their_console() {
        assert!(
            Target::Vpc { id: "vpc-1".into() }
                .console_url("cn-north-1")
                .starts_with("https://cn-north-1.console.amazonaws.cn/")
        );
    }
}
