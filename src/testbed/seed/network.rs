//! EC2 networking: the default VPC, custom VPCs with subnets and security
//! groups, and network interfaces (standalone, via instances, a NAT gateway
//! and VPC endpoints).

use std::time::Instant;

use aws_sdk_ec2::types::{
    AttributeBooleanValue, DomainType, Filter, InstanceType, ResourceType, Tag as Ec2Tag, TagSpecification,
    VpcEndpointType,
};
use futures_util::{StreamExt, TryStreamExt, stream};

use super::{Account, CALL_CONCURRENCY, Ctx, Scale, SeedError, Step};
use crate::aws::AwsProvider;

/// The AMI seeded instances use; moto ships it and does not validate AMIs anyway.
const DEMO_AMI: &str = "ami-1e749f67";

/// The network resources of one account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeededNetwork {
    /// The default VPC moto creates in every account and region.
    pub default_vpc_id: String,
    /// The default VPC's subnets.
    pub default_subnet_ids: Vec<String>,
    /// The VPCs seeding created (not the default one).
    pub vpc_ids: Vec<String>,
    /// The subnets seeding created.
    pub subnet_ids: Vec<String>,
    /// Every network interface seeding created, directly or through an
    /// instance, NAT gateway or VPC endpoint (not ECS tasks').
    pub network_interface_ids: Vec<String>,
}

struct VpcPlan {
    name: &'static str,
    cidr: &'static str,
    /// (name, cidr, availability zone suffix)
    subnets: Vec<(&'static str, &'static str, char)>,
}

/// What one account's custom network looks like.
fn network_plan(account: Account) -> Vec<VpcPlan> {
    match account {
        Account::Base => vec![
            VpcPlan {
                name: "demo-app",
                cidr: "10.0.0.0/16",
                subnets: vec![
                    ("demo-app-public-a", "10.0.0.0/24", 'a'),
                    ("demo-app-public-b", "10.0.1.0/24", 'b'),
                    ("demo-app-public-c", "10.0.2.0/24", 'c'),
                    ("demo-app-private-a", "10.0.10.0/24", 'a'),
                    ("demo-app-private-b", "10.0.11.0/24", 'b'),
                    ("demo-app-private-c", "10.0.12.0/24", 'c'),
                ],
            },
            VpcPlan {
                name: "demo-data",
                cidr: "10.1.0.0/16",
                subnets: vec![("demo-data-a", "10.1.0.0/24", 'a'), ("demo-data-b", "10.1.1.0/24", 'b')],
            },
        ],
        Account::Second => vec![VpcPlan {
            name: "prod-core",
            cidr: "10.99.0.0/16",
            subnets: vec![
                ("prod-core-a", "10.99.1.0/24", 'a'),
                ("prod-core-b", "10.99.2.0/24", 'b'),
                ("prod-core-c", "10.99.3.0/24", 'c'),
            ],
        }],
    }
}

/// What standalone interfaces pretend to belong to. moto 5.2.5 reports every
/// interface's type as `interface`, so the description carries the variety.
const INTERFACE_PURPOSES: [&str; 7] = [
    "ELB app/demo-alb/50dc6c495c0c9188",
    "AWS Lambda VPC ENI-demo-resize-images",
    "RDSNetworkInterface",
    "EFS mount target for fs-0f1e2d3c4b5a69788",
    "ElastiCache demo-redis",
    "AWS created network interface for directory d-9067012345",
    "spare interface (not attached)",
];

fn name_tag(resource: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder()
        .resource_type(resource)
        .tags(Ec2Tag::builder().key("Name").value(name).build())
        .tags(Ec2Tag::builder().key("awscope:seed").value("true").build())
        .build()
}

/// A subnet seeding created, with the security group of its VPC.
struct CreatedSubnet {
    id: String,
    name: &'static str,
    security_group: String,
}

impl CreatedSubnet {
    fn is_public(&self) -> bool {
        self.name.contains("public")
    }
}

/// Uses the default VPC and creates VPCs, subnets, security groups, network
/// interfaces (standalone, via instances, a NAT gateway and VPC endpoints).
///
/// # Errors
/// The first EC2 call that failed, or a response without the id needed next.
pub async fn seed_network(provider: &AwsProvider, account: Account, scale: Scale) -> Result<SeededNetwork, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Network };
    let ec2 = provider.ec2();
    let region = provider.environment().region.clone();
    let (default_vpc_id, default_subnet_ids, default_sg) = default_vpc(provider, ctx).await?;
    let mut out = SeededNetwork { default_vpc_id, default_subnet_ids, ..SeededNetwork::default() };

    let subnets = create_vpcs(&ec2, ctx, &region, network_plan(account), &mut out).await?;

    // Standalone interfaces, spread over the created subnets and a few in the default VPC.
    // Even at test scale the base account's app VPC ends up with 30+ interfaces
    // (six of every eight land there), so listing tests cross real volume.
    let standalone = match account {
        Account::Base => scale.pick(48, 40),
        Account::Second => scale.pick(6, 2),
    };
    let mut targets: Vec<(String, String, String)> = subnets
        .iter()
        .cycle()
        .zip(INTERFACE_PURPOSES.iter().cycle())
        .take(standalone)
        .enumerate()
        .map(|(i, (subnet, purpose))| {
            (subnet.id.clone(), subnet.security_group.clone(), format!("{purpose} ({} #{i})", subnet.name))
        })
        .collect();
    if let (Some(subnet), Some(sg)) = (out.default_subnet_ids.first(), default_sg.as_ref()) {
        for i in 0..scale.pick(2, 1) {
            targets.push((subnet.clone(), sg.clone(), format!("spare interface in the default VPC #{i}")));
        }
    }
    let created = create_interfaces(&ec2, ctx, targets).await?;
    out.network_interface_ids.extend(created);

    // Instances in the private subnets: their primary interfaces are in use.
    let private: Vec<&CreatedSubnet> = subnets.iter().filter(|s| !s.is_public()).collect();
    let instances = match account {
        Account::Base => scale.pick(4, 1),
        Account::Second => scale.pick(2, 1),
    };
    for (i, subnet) in private.iter().cycle().take(instances).enumerate() {
        let name = subnet.name;
        let reservation = ec2
            .run_instances()
            .image_id(DEMO_AMI)
            .instance_type(InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .subnet_id(&subnet.id)
            .security_group_ids(&subnet.security_group)
            .tag_specifications(name_tag(ResourceType::Instance, &format!("{name}-app-{i}")))
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "RunInstances", name, &e))?;
        let enis = reservation
            .instances()
            .iter()
            .flat_map(aws_sdk_ec2::types::Instance::network_interfaces)
            .filter_map(|n| n.network_interface_id());
        out.network_interface_ids.extend(enis.map(str::to_owned));
    }

    // The base account's app VPC also gets a NAT gateway and interface endpoints.
    if account == Account::Base {
        let public = subnets.iter().find(|s| s.is_public()).map(|s| s.id.clone());
        let app_vpc = out.vpc_ids.first().cloned();
        if let (Some(public), Some(app_vpc)) = (public, app_vpc) {
            let gateway = Gateway { ctx, scale, region: &region, public_subnet: &public, vpc_id: &app_vpc };
            gateway.seed(&ec2, &private, &mut out).await?;
        }
    }

    tracing::info!(
        %account,
        vpcs = out.vpc_ids.len(),
        subnets = out.subnet_ids.len(),
        network_interfaces = out.network_interface_ids.len(),
        elapsed_ms = started.elapsed().as_millis(),
        "seeded network"
    );
    Ok(out)
}

/// Creates the planned VPCs (DNS hostnames on), one security group each and
/// their subnets; records the ids in `out`.
async fn create_vpcs(
    ec2: &aws_sdk_ec2::Client,
    ctx: Ctx,
    region: &str,
    plan: Vec<VpcPlan>,
    out: &mut SeededNetwork,
) -> Result<Vec<CreatedSubnet>, SeedError> {
    let mut subnets = Vec::new();
    for vpc in plan {
        let vpc_id = ec2
            .create_vpc()
            .cidr_block(vpc.cidr)
            .tag_specifications(name_tag(ResourceType::Vpc, vpc.name))
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "CreateVpc", vpc.name, &e))?
            .vpc()
            .and_then(|v| v.vpc_id())
            .map(str::to_owned)
            .ok_or_else(|| ctx.missing(format!("CreateVpc returned no VpcId for {}", vpc.name)))?;
        // Real VPCs usually have it; moto also needs it for ECS tasks in the VPC.
        ec2.modify_vpc_attribute()
            .vpc_id(&vpc_id)
            .enable_dns_hostnames(AttributeBooleanValue::builder().value(true).build())
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "ModifyVpcAttribute", &vpc_id, &e))?;
        let sg_name = format!("{}-app", vpc.name);
        let security_group = ec2
            .create_security_group()
            .group_name(&sg_name)
            .description(format!("application traffic in {}", vpc.name))
            .vpc_id(&vpc_id)
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "CreateSecurityGroup", &sg_name, &e))?
            .group_id()
            .map(str::to_owned)
            .ok_or_else(|| ctx.missing(format!("CreateSecurityGroup returned no GroupId for {sg_name}")))?;
        for (name, cidr, zone) in vpc.subnets {
            let id = ec2
                .create_subnet()
                .vpc_id(&vpc_id)
                .cidr_block(cidr)
                .availability_zone(format!("{region}{zone}"))
                .tag_specifications(name_tag(ResourceType::Subnet, name))
                .send()
                .await
                .map_err(|e| ctx.aws("ec2", "CreateSubnet", name, &e))?
                .subnet()
                .and_then(|s| s.subnet_id())
                .map(str::to_owned)
                .ok_or_else(|| ctx.missing(format!("CreateSubnet returned no SubnetId for {name}")))?;
            out.subnet_ids.push(id.clone());
            subnets.push(CreatedSubnet { id, name, security_group: security_group.clone() });
        }
        out.vpc_ids.push(vpc_id);
    }
    Ok(subnets)
}

/// Creates one interface per `(subnet, security group, description)`,
/// [`CALL_CONCURRENCY`] at a time; returns their ids in order.
async fn create_interfaces(
    ec2: &aws_sdk_ec2::Client,
    ctx: Ctx,
    targets: Vec<(String, String, String)>,
) -> Result<Vec<String>, SeedError> {
    stream::iter(targets.into_iter().enumerate())
        .map(|(i, (subnet, sg, description))| {
            let ec2 = ec2.clone();
            async move {
                ec2.create_network_interface()
                    .subnet_id(&subnet)
                    .groups(sg)
                    .description(&description)
                    .secondary_private_ip_address_count(i32::try_from(i % 3).unwrap_or(0))
                    .tag_specifications(name_tag(ResourceType::NetworkInterface, &format!("eni-{i:02}")))
                    .send()
                    .await
                    .map_err(|e| ctx.aws("ec2", "CreateNetworkInterface", &description, &e))?
                    .network_interface()
                    .and_then(|n| n.network_interface_id())
                    .map(str::to_owned)
                    .ok_or_else(|| ctx.missing(format!("CreateNetworkInterface returned no id for {description}")))
            }
        })
        .buffered(CALL_CONCURRENCY)
        .try_collect()
        .await
}

/// The app VPC's way out: an internet gateway, a NAT gateway in a public
/// subnet and interface endpoints in the private ones.
struct Gateway<'a> {
    ctx: Ctx,
    scale: Scale,
    region: &'a str,
    public_subnet: &'a str,
    vpc_id: &'a str,
}

impl Gateway<'_> {
    async fn seed(
        &self,
        ec2: &aws_sdk_ec2::Client,
        private: &[&CreatedSubnet],
        out: &mut SeededNetwork,
    ) -> Result<(), SeedError> {
        let Self { ctx, scale, region, public_subnet, vpc_id } = *self;
        let igw = ec2
            .create_internet_gateway()
            .tag_specifications(name_tag(ResourceType::InternetGateway, "demo-app-igw"))
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "CreateInternetGateway", "demo-app-igw", &e))?
            .internet_gateway()
            .and_then(|g| g.internet_gateway_id())
            .map(str::to_owned)
            .ok_or_else(|| ctx.missing("CreateInternetGateway returned no id"))?;
        ec2.attach_internet_gateway()
            .internet_gateway_id(&igw)
            .vpc_id(vpc_id)
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "AttachInternetGateway", &igw, &e))?;

        let allocation = ec2
            .allocate_address()
            .domain(DomainType::Vpc)
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "AllocateAddress", "an Elastic IP for the NAT gateway", &e))?
            .allocation_id()
            .map(str::to_owned)
            .ok_or_else(|| ctx.missing("AllocateAddress returned no AllocationId"))?;
        let nat = ec2
            .create_nat_gateway()
            .subnet_id(public_subnet)
            .allocation_id(&allocation)
            .tag_specifications(name_tag(ResourceType::Natgateway, "demo-app-nat"))
            .send()
            .await
            .map_err(|e| ctx.aws("ec2", "CreateNatGateway", "demo-app-nat", &e))?;
        let nat_enis = nat
            .nat_gateway()
            .into_iter()
            .flat_map(aws_sdk_ec2::types::NatGateway::nat_gateway_addresses)
            .filter_map(|a| a.network_interface_id());
        out.network_interface_ids.extend(nat_enis.map(str::to_owned));

        let subnet_ids: Vec<String> = private.iter().take(scale.pick(3, 1)).map(|s| s.id.clone()).collect();
        let security_groups: Vec<String> = private.iter().take(1).map(|s| s.security_group.clone()).collect();
        for service in ["ssm", "ecr.api"].iter().take(scale.pick(2, 1)) {
            let service_name = format!("com.amazonaws.{region}.{service}");
            let endpoint = ec2
                .create_vpc_endpoint()
                .vpc_id(vpc_id)
                .vpc_endpoint_type(VpcEndpointType::Interface)
                .service_name(&service_name)
                .set_subnet_ids(Some(subnet_ids.clone()))
                .set_security_group_ids(Some(security_groups.clone()))
                .send()
                .await
                .map_err(|e| ctx.aws("ec2", "CreateVpcEndpoint", &service_name, &e))?;
            let enis = endpoint.vpc_endpoint().map(|e| e.network_interface_ids().to_vec()).unwrap_or_default();
            out.network_interface_ids.extend(enis);
        }
        Ok(())
    }
}

/// The default VPC's id, its subnets and its `default` security group.
pub(super) async fn default_vpc(
    provider: &AwsProvider,
    ctx: Ctx,
) -> Result<(String, Vec<String>, Option<String>), SeedError> {
    let ec2 = provider.ec2();
    let vpc_id = ec2
        .describe_vpcs()
        .filters(Filter::builder().name("is-default").values("true").build())
        .send()
        .await
        .map_err(|e| ctx.aws("ec2", "DescribeVpcs", "the default VPC", &e))?
        .vpcs()
        .first()
        .and_then(|v| v.vpc_id())
        .map(str::to_owned)
        .ok_or_else(|| ctx.missing("there is no default VPC"))?;
    let by_vpc = Filter::builder().name("vpc-id").values(&vpc_id).build();
    let mut subnets: Vec<(String, String)> = ec2
        .describe_subnets()
        .filters(by_vpc.clone())
        .send()
        .await
        .map_err(|e| ctx.aws("ec2", "DescribeSubnets", &vpc_id, &e))?
        .subnets()
        .iter()
        .filter_map(|s| Some((s.availability_zone()?.to_owned(), s.subnet_id()?.to_owned())))
        .collect();
    subnets.sort();
    let sg = ec2
        .describe_security_groups()
        .filters(by_vpc)
        .filters(Filter::builder().name("group-name").values("default").build())
        .send()
        .await
        .map_err(|e| ctx.aws("ec2", "DescribeSecurityGroups", &vpc_id, &e))?
        .security_groups()
        .first()
        .and_then(|g| g.group_id())
        .map(str::to_owned);
    Ok((vpc_id, subnets.into_iter().map(|(_, id)| id).collect(), sg))
}
