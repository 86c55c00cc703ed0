//! The EC2 domain: VPCs, subnets and network interfaces as awscope shows
//! them (converted from the SDK's shapes in `convert`).

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tag {
    /// The key, exactly as AWS holds it.
    pub key: String,
    /// The value, exactly as AWS holds it.
    pub value: String,
}

/// Where a VPC or subnet stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResourceState {
    /// Being created.
    Pending,
    /// Ready for use.
    Available,
    /// A subnet that can no longer be used.
    Unavailable,
    /// Creation failed.
    Failed,
    /// A state this version of awscope does not know, as AWS wrote it.
    Other(String),
}

impl ResourceState {
    /// Reads the state AWS reports.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        match s {
            "pending" => Self::Pending,
            "available" => Self::Available,
            "unavailable" => Self::Unavailable,
            "failed" | "failed-insufficient-capacity" => Self::Failed,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The state in AWS's words.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Pending => "pending",
            Self::Available => "available",
            Self::Unavailable => "unavailable",
            Self::Failed => "failed",
            Self::Other(s) => s,
        }
    }
}

/// A VPC, with the details the seed's `VpcDetails` carries and the ones the
/// VPC list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vpc {
    /// `vpc-…`.
    pub vpc_id: String,
    /// The `Name` tag, if it has one.
    pub name: Option<String>,
    /// IPv4 CIDR blocks whose association is `associating` or `associated`.
    pub cidr_blocks: Vec<String>,
    /// IPv6 CIDR blocks whose association is `associating` or `associated`.
    pub ipv6_cidr_blocks: Vec<String>,
    /// Pending or available.
    pub state: ResourceState,
    /// Whether this is the region's default VPC.
    pub is_default: bool,
    /// `default`, `dedicated` or `host`.
    pub tenancy: String,
    /// The account that owns the VPC.
    pub owner_id: String,
    /// All tags, sorted by key.
    pub tags: Vec<Tag>,
    /// The VPC's ARN, for copying.
    pub arn: String,
}

/// A subnet of a VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subnet {
    /// `subnet-…`.
    pub subnet_id: String,
    /// The VPC it belongs to.
    pub vpc_id: String,
    /// The `Name` tag, if it has one.
    pub name: Option<String>,
    /// `us-east-1a`.
    pub availability_zone: String,
    /// The IPv4 CIDR block (empty for IPv6-only subnets).
    pub cidr_block: String,
    /// IPv4 addresses still free.
    pub available_ips: Option<u32>,
    /// Whether it is its zone's default subnet.
    pub default_for_az: bool,
    /// Whether instances launched here get a public IPv4 address.
    pub map_public_ip: bool,
    /// Pending, available, …
    pub state: ResourceState,
    /// All tags, sorted by key.
    pub tags: Vec<Tag>,
    /// The subnet's ARN, for copying.
    pub arn: String,
}

/// What created a network interface and what it is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InterfaceType {
    /// A plain interface (instances, and most managed services).
    Interface,
    /// A NAT gateway's interface.
    NatGateway,
    /// A Classic or Application Load Balancer's interface.
    LoadBalancer,
    /// A Network Load Balancer's interface.
    NetworkLoadBalancer,
    /// A Gateway Load Balancer's interface.
    GatewayLoadBalancer,
    /// A Gateway Load Balancer endpoint's interface.
    GatewayLoadBalancerEndpoint,
    /// A Lambda function's VPC interface.
    Lambda,
    /// An interface VPC endpoint's interface.
    VpcEndpoint,
    /// An EFS mount target's interface.
    Efs,
    /// An Elastic Fabric Adapter.
    Efa,
    /// An EFA-only interface.
    EfaOnly,
    /// A trunk interface (ECS awsvpc trunking).
    Trunk,
    /// A branch interface of a trunk.
    Branch,
    /// A transit gateway attachment's interface.
    TransitGateway,
    /// An API Gateway managed interface.
    ApiGatewayManaged,
    /// A Global Accelerator managed interface.
    GlobalAcceleratorManaged,
    /// An Amazon `QuickSight` interface.
    Quicksight,
    /// An `IoT` rules managed interface.
    IotRulesManaged,
    /// A `CodeStar` Connections managed interface.
    AwsCodestarConnectionsManaged,
    /// A type this version of awscope does not know, as AWS wrote it.
    Other(String),
}

impl InterfaceType {
    /// Reads the type AWS reports. NAT gateways' interfaces come back as
    /// `nat_gateway` although the API model spells it `natGateway`; both are read.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        match s {
            "interface" => Self::Interface,
            "nat_gateway" | "natGateway" => Self::NatGateway,
            "load_balancer" => Self::LoadBalancer,
            "network_load_balancer" => Self::NetworkLoadBalancer,
            "gateway_load_balancer" => Self::GatewayLoadBalancer,
            "gateway_load_balancer_endpoint" => Self::GatewayLoadBalancerEndpoint,
            "lambda" => Self::Lambda,
            "vpc_endpoint" => Self::VpcEndpoint,
            "efs" => Self::Efs,
            "efa" => Self::Efa,
            "efa-only" => Self::EfaOnly,
            "trunk" => Self::Trunk,
            "branch" => Self::Branch,
            "transit_gateway" => Self::TransitGateway,
            "api_gateway_managed" => Self::ApiGatewayManaged,
            "global_accelerator_managed" => Self::GlobalAcceleratorManaged,
            "quicksight" => Self::Quicksight,
            "iot_rules_managed" => Self::IotRulesManaged,
            "aws_codestar_connections_managed" => Self::AwsCodestarConnectionsManaged,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The type in AWS's words (`nat_gateway` as AWS sends it).
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Interface => "interface",
            Self::NatGateway => "nat_gateway",
            Self::LoadBalancer => "load_balancer",
            Self::NetworkLoadBalancer => "network_load_balancer",
            Self::GatewayLoadBalancer => "gateway_load_balancer",
            Self::GatewayLoadBalancerEndpoint => "gateway_load_balancer_endpoint",
            Self::Lambda => "lambda",
            Self::VpcEndpoint => "vpc_endpoint",
            Self::Efs => "efs",
            Self::Efa => "efa",
            Self::EfaOnly => "efa-only",
            Self::Trunk => "trunk",
            Self::Branch => "branch",
            Self::TransitGateway => "transit_gateway",
            Self::ApiGatewayManaged => "api_gateway_managed",
            Self::GlobalAcceleratorManaged => "global_accelerator_managed",
            Self::Quicksight => "quicksight",
            Self::IotRulesManaged => "iot_rules_managed",
            Self::AwsCodestarConnectionsManaged => "aws_codestar_connections_managed",
            Self::Other(s) => s,
        }
    }

    /// A short name for the type, as a user would say it.
    #[must_use]
    pub fn label(&self) -> &str {
        match self {
            Self::Interface => "interface",
            Self::NatGateway => "NAT gateway",
            Self::LoadBalancer => "load balancer",
            Self::NetworkLoadBalancer => "NLB",
            Self::GatewayLoadBalancer => "GWLB",
            Self::GatewayLoadBalancerEndpoint => "GWLB endpoint",
            Self::Lambda => "Lambda",
            Self::VpcEndpoint => "VPC endpoint",
            Self::Efs => "EFS",
            Self::Efa => "EFA",
            Self::EfaOnly => "EFA only",
            Self::Trunk => "trunk",
            Self::Branch => "branch",
            Self::TransitGateway => "transit gateway",
            Self::ApiGatewayManaged => "API Gateway",
            Self::GlobalAcceleratorManaged => "Global Accel.",
            Self::Quicksight => "QuickSight",
            Self::IotRulesManaged => "IoT rules",
            Self::AwsCodestarConnectionsManaged => "CodeStar",
            Self::Other(s) => s,
        }
    }
}

/// Whether a network interface is in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterfaceStatus {
    /// Not attached to anything.
    Available,
    /// Associated (trunk branches).
    Associated,
    /// Being attached.
    Attaching,
    /// Attached and in use.
    InUse,
    /// Being detached.
    Detaching,
    /// A status this version of awscope does not know, as AWS wrote it.
    Other(String),
}

impl InterfaceStatus {
    /// Reads the status AWS reports.
    #[must_use]
    pub fn parse(s: &str) -> Self {
        match s {
            "available" => Self::Available,
            "associated" => Self::Associated,
            "attaching" => Self::Attaching,
            "in-use" => Self::InUse,
            "detaching" => Self::Detaching,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The status in AWS's words.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            Self::Available => "available",
            Self::Associated => "associated",
            Self::Attaching => "attaching",
            Self::InUse => "in-use",
            Self::Detaching => "detaching",
            Self::Other(s) => s,
        }
    }
}

/// One private IPv4 address of an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateIp {
    /// The address.
    pub address: String,
    /// Whether it is the interface's primary address.
    pub primary: bool,
    /// Its private DNS name, if any.
    pub dns_name: Option<String>,
    /// The public IPv4 address associated with it, if any.
    pub public_ip: Option<String>,
}

/// The public IPv4 address of an interface and who owns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicIp {
    /// The address.
    pub address: String,
    /// `amazon` for an auto-assigned address, else the account owning the Elastic IP.
    pub owner: Option<String>,
    /// The public DNS name, if any.
    pub dns_name: Option<String>,
    /// The Elastic IP allocation, if it is one.
    pub allocation_id: Option<String>,
}

/// How an interface is attached to an instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// `eni-attach-…`.
    pub attachment_id: Option<String>,
    /// The instance, if attached to one.
    pub instance_id: Option<String>,
    /// The instance's account.
    pub instance_owner_id: Option<String>,
    /// The device index on the instance (0 for the primary interface).
    pub device_index: Option<i32>,
    /// Whether the interface goes when the instance terminates.
    pub delete_on_termination: bool,
    /// `attaching`, `attached`, `detaching`, `detached`.
    pub status: Option<String>,
}

/// A security group an interface is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroupRef {
    /// `sg-…`.
    pub group_id: String,
    /// The group name.
    pub group_name: Option<String>,
}

/// A network interface (ENI). The seed's `NetworkInterface { vpc_id,
/// subnet_id, eni_id, eni_type }` is its core; the rest is what the list and
/// the detail view show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    /// `eni-…`.
    pub eni_id: String,
    /// The VPC it is in.
    pub vpc_id: String,
    /// The subnet it is in.
    pub subnet_id: String,
    /// What it is for.
    pub eni_type: InterfaceType,
    /// In use or not.
    pub status: InterfaceStatus,
    /// The zone of its subnet.
    pub availability_zone: Option<String>,
    /// Its description (often says which service made it).
    pub description: String,
    /// Every private IPv4 address, the primary first.
    pub private_ips: Vec<PrivateIp>,
    /// IPv6 addresses.
    pub ipv6_addresses: Vec<String>,
    /// The public IPv4 address of the primary private address, if any.
    pub public_ip: Option<PublicIp>,
    /// The instance attachment, if attached.
    pub attachment: Option<Attachment>,
    /// The service or account that created it (`amazon-elb`, an account id…).
    pub requester_id: Option<String>,
    /// Whether AWS manages it on someone's behalf.
    pub requester_managed: bool,
    /// Its security groups.
    pub security_groups: Vec<SecurityGroupRef>,
    /// Whether source/destination checking is on.
    pub source_dest_check: bool,
    /// The MAC address.
    pub mac_address: Option<String>,
    /// The account that owns it.
    pub owner_id: Option<String>,
    /// All tags, sorted by key.
    pub tags: Vec<Tag>,
    /// The interface's ARN, for copying.
    pub arn: String,
}

impl NetworkInterface {
    /// The primary private IPv4 address.
    #[must_use]
    pub fn primary_ip(&self) -> Option<&str> {
        self.private_ips.iter().find(|ip| ip.primary).or(self.private_ips.first()).map(|ip| ip.address.as_str())
    }

    /// The `Name` tag, if it has one.
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        name_of(&self.tags)
    }

    /// What the interface is attached to: the instance, else the service that
    /// requested it (`amazon-elb`, a Lambda role…), else nothing.
    #[must_use]
    pub fn attached_to(&self) -> Option<&str> {
        self.attachment
            .as_ref()
            .and_then(|a| a.instance_id.as_deref())
            .or_else(|| self.requester_id.as_deref().filter(|_| self.requester_managed))
    }
}

/// The value of the `Name` tag in `tags`.
#[must_use]
pub fn name_of(tags: &[Tag]) -> Option<&str> {
    tags.iter().find(|t| t.key == "Name").map(|t| t.value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interface_types_read_both_nat_spellings_and_keep_unknown_ones() {
        assert_eq!(InterfaceType::parse("nat_gateway"), InterfaceType::NatGateway);
        assert_eq!(InterfaceType::parse("natGateway"), InterfaceType::NatGateway);
        assert_eq!(InterfaceType::parse("natGateway").as_str(), "nat_gateway");
        assert_eq!(InterfaceType::parse("efs"), InterfaceType::Efs);
        assert_eq!(InterfaceType::parse("brand_new"), InterfaceType::Other("brand_new".into()));
        assert_eq!(InterfaceType::parse("brand_new").label(), "brand_new");
    }

    #[test]
    fn statuses_round_trip() {
        for s in ["available", "associated", "attaching", "in-use", "detaching", "weird"] {
            assert_eq!(InterfaceStatus::parse(s).as_str(), s);
        }
        assert_eq!(ResourceState::parse("failed-insufficient-capacity"), ResourceState::Failed);
    }
}
