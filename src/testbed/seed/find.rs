//! A world for searches across accounts and regions, seeded on top of (or
//! without) the rest: a VPC, subnet and interface with a known address in a
//! third region of the second account, `/payments/…` parameters in two
//! regions of different accounts, an ECS service `payments-api` and a log
//! group `…Payments…` in one, and a `…payments…` bucket in the second account. Nothing here changes what
//! the other seeds create.

use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, NetworkMode};
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_sdk_ssm::types::ParameterType;

use super::{Account, Ctx, OTHER_REGION, SeedError, Step};
use crate::aws::AwsProvider;
use crate::testbed::HOME_REGION;

/// The third region: only the second account has anything there.
pub const FIND_REGION: &str = "ap-southeast-2";
/// The private address of the interface seeded in [`FIND_REGION`].
pub const FIND_IP: &str = "10.77.3.17";
/// The text the rest of the find world is named after.
pub const FIND_TEXT: &str = "payments";
/// The ECS service, in the base account's [`OTHER_REGION`].
pub const FIND_SERVICE: &str = "payments-api";
/// Its cluster.
pub const FIND_CLUSTER: &str = "checkout";
/// The bucket, in the second account, in [`FIND_REGION`].
pub const FIND_BUCKET: &str = "prod-payments-archive";
/// A log group, in the base account's [`OTHER_REGION`], named in another case.
pub const FIND_LOG_GROUP: &str = "/checkout/Payments-Audit";

/// Where one seeded thing lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The account.
    pub account: Account,
    /// The region.
    pub region: String,
    /// Its name or id.
    pub name: String,
}

/// What [`seed_find`] created, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededFind {
    /// The VPC in the second account's [`FIND_REGION`] (Name `find-edge`).
    pub vpc: Placed,
    /// Its subnet.
    pub subnet_id: String,
    /// The interface holding [`FIND_IP`].
    pub eni_id: String,
    /// The `/payments/…` parameters.
    pub parameters: Vec<Placed>,
    /// The service [`FIND_SERVICE`].
    pub service: Placed,
    /// The bucket [`FIND_BUCKET`].
    pub bucket: Placed,
    /// The log group [`FIND_LOG_GROUP`].
    pub log_group: Placed,
}

/// Seeds the find world: `base` and `second` are providers for the two
/// accounts (any region: each call goes to its own).
///
/// # Errors
/// The first call that failed, naming the account and the resource.
pub async fn seed_find(base: &AwsProvider, second: &AwsProvider) -> Result<SeededFind, SeedError> {
    let net = Ctx { account: Account::Second, step: Step::Network };
    let ec2 = second.in_region(FIND_REGION).ec2();
    let name_tag = |kind: ResourceType, name: &str| {
        TagSpecification::builder().resource_type(kind).tags(Tag::builder().key("Name").value(name).build()).build()
    };
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.77.0.0/16")
        .tag_specifications(name_tag(ResourceType::Vpc, "find-edge"))
        .send()
        .await
        .map_err(|e| net.aws("ec2", "CreateVpc", "find-edge", &e))?;
    let vpc_id =
        vpc.vpc().and_then(|v| v.vpc_id()).ok_or_else(|| net.missing("CreateVpc returned no VpcId"))?.to_owned();
    let subnet = ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.77.3.0/24")
        .availability_zone(format!("{FIND_REGION}a"))
        .tag_specifications(name_tag(ResourceType::Subnet, "find-edge-a"))
        .send()
        .await
        .map_err(|e| net.aws("ec2", "CreateSubnet", "find-edge-a", &e))?;
    let subnet_id = subnet
        .subnet()
        .and_then(|s| s.subnet_id())
        .ok_or_else(|| net.missing("CreateSubnet returned no SubnetId"))?
        .to_owned();
    let eni = ec2
        .create_network_interface()
        .subnet_id(&subnet_id)
        .private_ip_address(FIND_IP)
        .description("find: edge proxy")
        .send()
        .await
        .map_err(|e| net.aws("ec2", "CreateNetworkInterface", FIND_IP, &e))?;
    let eni_id = eni
        .network_interface()
        .and_then(|n| n.network_interface_id())
        .ok_or_else(|| net.missing("CreateNetworkInterface returned no id"))?
        .to_owned();

    let mut parameters = Vec::new();
    for (account, provider, region, name) in [
        (Account::Base, base, HOME_REGION, "/payments/db-url"),
        (Account::Second, second, OTHER_REGION, "/payments/api-key"),
    ] {
        let ctx = Ctx { account, step: Step::Parameters };
        provider
            .in_region(region)
            .ssm()
            .put_parameter()
            .name(name)
            .value("demo-value")
            .r#type(ParameterType::String)
            .send()
            .await
            .map_err(|e| ctx.aws("ssm", "PutParameter", name, &e))?;
        parameters.push(Placed { account, region: region.to_owned(), name: name.to_owned() });
    }

    let ctx = Ctx { account: Account::Base, step: Step::Ecs };
    let ecs = base.in_region(OTHER_REGION).ecs();
    ecs.create_cluster()
        .cluster_name(FIND_CLUSTER)
        .send()
        .await
        .map_err(|e| ctx.aws("ecs", "CreateCluster", FIND_CLUSTER, &e))?;
    ecs.register_task_definition()
        .family(FIND_SERVICE)
        .network_mode(NetworkMode::Bridge)
        .requires_compatibilities(Compatibility::Ec2)
        .container_definitions(ContainerDefinition::builder().name("api").image("nginx").memory(128).build())
        .send()
        .await
        .map_err(|e| ctx.aws("ecs", "RegisterTaskDefinition", FIND_SERVICE, &e))?;
    ecs.create_service()
        .cluster(FIND_CLUSTER)
        .service_name(FIND_SERVICE)
        .task_definition(FIND_SERVICE)
        .desired_count(0)
        .send()
        .await
        .map_err(|e| ctx.aws("ecs", "CreateService", FIND_SERVICE, &e))?;
    let service = Placed { account: Account::Base, region: OTHER_REGION.to_owned(), name: FIND_SERVICE.to_owned() };

    let ctx = Ctx { account: Account::Second, step: Step::Buckets };
    second
        .s3_in(FIND_REGION)
        .create_bucket()
        .bucket(FIND_BUCKET)
        .create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(FIND_REGION))
                .build(),
        )
        .send()
        .await
        .map_err(|e| ctx.aws("s3", "CreateBucket", FIND_BUCKET, &e))?;
    let bucket = Placed { account: Account::Second, region: FIND_REGION.to_owned(), name: FIND_BUCKET.to_owned() };

    let ctx = Ctx { account: Account::Base, step: Step::Logs };
    base.in_region(OTHER_REGION)
        .logs()
        .create_log_group()
        .log_group_name(FIND_LOG_GROUP)
        .send()
        .await
        .map_err(|e| ctx.aws("logs", "CreateLogGroup", FIND_LOG_GROUP, &e))?;
    let log_group = Placed { account: Account::Base, region: OTHER_REGION.to_owned(), name: FIND_LOG_GROUP.to_owned() };

    Ok(SeededFind {
        vpc: Placed { account: Account::Second, region: FIND_REGION.to_owned(), name: vpc_id },
        subnet_id,
        eni_id,
        parameters,
        service,
        bucket,
        log_group,
    })
}
