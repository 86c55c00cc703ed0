//! The seeded world: buckets and objects, VPCs, subnets and network
//! interfaces, SSM parameters and ECS clusters in two accounts, created
//! through the Rust SDK so tests, the demo and the benchmarks share it.
//!
//! The base account gets the big picture (12 buckets in two regions, one with
//! thousands of objects, awkward keys, three VPCs, dozens of network
//! interfaces, `/app/{dev,prod}/…` parameters, two clusters); the second
//! account (reached by assuming a role) gets a smaller world whose names all
//! start with `prod` so a view can never pass one account's data off as the
//! other's.
//!
//! Secrets: `SecureString` values here are demo values, but they are still
//! never logged or put in a report or error.

use std::fmt;
use std::time::{Duration, Instant};

use aws_sdk_ec2::types::{
    AttributeBooleanValue, DomainType, Filter, InstanceType, ResourceType, Tag as Ec2Tag, TagSpecification,
    VpcEndpointType,
};
use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, Compatibility, ContainerDefinition, LaunchType, NetworkConfiguration,
    NetworkMode, PortMapping,
};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration};
use aws_sdk_ssm::types::ParameterType;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures_util::{StreamExt, TryStreamExt, stream};

use super::emulator::{BASE_ACCOUNT, HOME_REGION, SECOND_ACCOUNT};
use crate::aws::AwsProvider;
use crate::aws::error::{AwsError, Call};

/// The other region buckets are created in.
pub const OTHER_REGION: &str = "eu-west-1";
/// Object puts in flight at once (moto manages a few hundred a second).
pub const PUT_CONCURRENCY: usize = 16;
/// Other create calls in flight at once, per step.
const CALL_CONCURRENCY: usize = 8;
/// The AMI seeded instances use; moto ships it and does not validate AMIs anyway.
const DEMO_AMI: &str = "ami-1e749f67";

/// How big a world to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// The full demo world: thousands of objects, dozens of interfaces.
    Demo,
    /// The same shapes with small counts, so tests stay fast.
    Test,
}

impl Scale {
    fn pick(self, demo: usize, test: usize) -> usize {
        match self {
            Self::Demo => demo,
            Self::Test => test,
        }
    }
}

/// Which of the two seeded accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    /// The account of the static-credentials profile (`demo`).
    Base,
    /// The account reached by assuming the role (`demo-prod`).
    Second,
}

impl Account {
    /// The account id moto gives it.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Base => BASE_ACCOUNT,
            Self::Second => SECOND_ACCOUNT,
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base => write!(f, "base account {BASE_ACCOUNT}"),
            Self::Second => write!(f, "second account {SECOND_ACCOUNT}"),
        }
    }
}

/// The part of the world being seeded, for errors and progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Creating buckets.
    Buckets,
    /// Putting objects.
    Objects,
    /// VPCs, subnets, security groups, network interfaces.
    Network,
    /// SSM parameters.
    Parameters,
    /// ECS clusters, task definitions, services and tasks.
    Ecs,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Buckets => "buckets",
            Self::Objects => "objects",
            Self::Network => "network",
            Self::Parameters => "parameters",
            Self::Ecs => "ECS",
        })
    }
}

/// Why seeding failed: the step, the account and the call, with AWS's answer.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// An AWS call failed.
    #[error("seeding {step} in the {account} failed: {source}{}", status_hint(*status))]
    Aws {
        /// The account being seeded.
        account: Account,
        /// The step.
        step: Step,
        /// The HTTP status, when there was a response.
        status: Option<u16>,
        /// The classified failure, naming the operation and the resource.
        #[source]
        source: Box<AwsError>,
    },
    /// A call succeeded but left out something later steps need.
    #[error("seeding {step} in the {account} failed: {what}")]
    Missing {
        /// The account being seeded.
        account: Account,
        /// The step.
        step: Step,
        /// What was missing (`CreateVpc returned no VpcId for demo-app`).
        what: String,
    },
}

fn status_hint(status: Option<u16>) -> &'static str {
    match status {
        Some(500..) => {
            " (an emulator answering 500 usually lacked a field real AWS defaults; its log has the traceback)"
        }
        _ => "",
    }
}

/// Error context for one step in one account.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    account: Account,
    step: Step,
}

impl Ctx {
    fn aws<E>(
        self,
        service: &'static str,
        operation: &'static str,
        resource: &str,
        err: &SdkError<E, HttpResponse>,
    ) -> SeedError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let status = err.raw_response().map(|r| r.status().as_u16());
        let source = Box::new(AwsError::from_sdk(Call { service, operation, resource }, None, err));
        SeedError::Aws { account: self.account, step: self.step, status, source }
    }

    fn missing(self, what: impl Into<String>) -> SeedError {
        SeedError::Missing { account: self.account, step: self.step, what: what.into() }
    }
}

/// What [`seed_world`] created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    /// The base account's resources.
    pub base: AccountReport,
    /// The second account's resources.
    pub second: AccountReport,
    /// How long seeding took.
    pub elapsed: Duration,
}

/// What was created in one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountReport {
    /// The account.
    pub account: Account,
    /// Buckets and their keys.
    pub buckets: Vec<SeededBucket>,
    /// VPCs, subnets and network interfaces.
    pub network: SeededNetwork,
    /// Parameter names and types (never values).
    pub parameters: Vec<SeededParameter>,
    /// ECS clusters with their services and tasks.
    pub clusters: Vec<SeededCluster>,
}

impl AccountReport {
    /// Objects across all buckets.
    #[must_use]
    pub fn object_count(&self) -> usize {
        self.buckets.iter().map(|b| b.keys.len()).sum()
    }
}

impl fmt::Display for AccountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let services: usize = self.clusters.iter().map(|c| c.services.len()).sum();
        let tasks: usize = self.clusters.iter().map(|c| c.task_arns.len()).sum();
        write!(
            f,
            "{}: {} buckets ({} objects), {} VPCs, {} subnets, {} network interfaces, {} parameters, {} clusters, {services} services, {tasks} tasks",
            self.account,
            self.buckets.len(),
            self.object_count(),
            self.network.vpc_ids.len() + 1,
            self.network.subnet_ids.len() + self.network.default_subnet_ids.len(),
            self.network.network_interface_ids.len(),
            self.parameters.len(),
            self.clusters.len(),
        )
    }
}

/// A bucket, planned or created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededBucket {
    /// The bucket name.
    pub name: String,
    /// The region it lives in.
    pub region: String,
    /// Every key put into it, in plan order.
    pub keys: Vec<String>,
}

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

/// An SSM parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterKind {
    /// `String`.
    String,
    /// `StringList`: comma-separated values.
    StringList,
    /// `SecureString`: encrypted; never shown unless asked for.
    SecureString,
}

/// A parameter that was put (its value deliberately left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededParameter {
    /// The full name (`/app/dev/db/password`).
    pub name: String,
    /// Its type.
    pub kind: ParameterKind,
}

/// An ECS cluster with what runs in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededCluster {
    /// The cluster name.
    pub name: String,
    /// Service names.
    pub services: Vec<String>,
    /// ARNs of the tasks started with `RunTask`.
    pub task_arns: Vec<String>,
}

/// Seeds both accounts (concurrently) at `scale`: `base` is a provider for
/// the base account, `second` one for the second account (the `demo-prod`
/// role profile).
///
/// # Errors
/// The first step that failed, naming the account, the call and the resource.
pub async fn seed_world(base: &AwsProvider, second: &AwsProvider, scale: Scale) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let (base, second) =
        tokio::try_join!(seed_account(base, Account::Base, scale), seed_account(second, Account::Second, scale))?;
    let elapsed = started.elapsed();
    tracing::info!(elapsed_ms = elapsed.as_millis(), ?scale, "seeded both accounts");
    Ok(SeedReport { base, second, elapsed })
}

/// Seeds one account: buckets, network, parameters and ECS, concurrently.
///
/// # Errors
/// The first step that failed.
pub async fn seed_account(provider: &AwsProvider, account: Account, scale: Scale) -> Result<AccountReport, SeedError> {
    // Boxed: the four futures together are tens of kilobytes.
    let (buckets, network, parameters, clusters) = tokio::try_join!(
        Box::pin(seed_buckets(provider, account, scale)),
        Box::pin(seed_network(provider, account, scale)),
        Box::pin(seed_parameters(provider, account, scale)),
        Box::pin(seed_ecs(provider, account, scale)),
    )?;
    Ok(AccountReport { account, buckets, network, parameters, clusters })
}

// ---------------------------------------------------------------------------
// S3
// ---------------------------------------------------------------------------

/// The buckets [`seed_buckets`] creates for `account` at `scale`, with their keys.
#[must_use]
pub fn bucket_plan(account: Account, scale: Scale) -> Vec<SeededBucket> {
    let n = |demo, test| scale.pick(demo, test);
    let bucket = |name: &str, region: &str, keys: Vec<String>| SeededBucket {
        name: name.to_owned(),
        region: region.to_owned(),
        keys,
    };
    match account {
        Account::Base => vec![
            bucket("demo-app-logs", HOME_REGION, big_bucket_keys(n(5_000, 50))),
            bucket("demo-empty", HOME_REGION, Vec::new()),
            bucket("demo-awkward-keys", HOME_REGION, awkward_keys()),
            bucket("demo-static-site", HOME_REGION, static_site_keys(n(20, 2))),
            bucket(
                "demo-terraform-state",
                HOME_REGION,
                ["network", "ecs", "data"]
                    .iter()
                    .flat_map(|stack| ["dev", "prod"].map(|env| format!("env:/{env}/{stack}.tfstate")))
                    .collect(),
            ),
            bucket(
                "demo-backups",
                HOME_REGION,
                series(n(30, 3), |i| format!("db/2024/{:02}/{:02}/app-db.sql.gz", i / 28 % 12 + 1, i % 28 + 1)),
            ),
            bucket(
                "demo-data-lake",
                HOME_REGION,
                series(n(60, 4), |i| format!("raw/events/dt=2024-01-{:02}/part-{:05}.json", i % 28 + 1, i)),
            ),
            bucket(
                "demo-artifacts",
                HOME_REGION,
                series(n(15, 2), |i| format!("builds/awscope/v0.1.{i}/awscope-x86_64-linux.tar.gz")),
            ),
            bucket(
                "demo-eu-archive",
                OTHER_REGION,
                series(n(25, 2), |i| format!("archive/{}/{:02}/invoices.csv", 2015 + i / 12, i % 12 + 1)),
            ),
            bucket(
                "demo-eu-media",
                OTHER_REGION,
                series(n(40, 3), |i| format!("photos/{}/IMG_{:04}.jpg", ["2023", "2024"][i % 2], 1000 + i)),
            ),
            bucket(
                "demo-eu-reports",
                OTHER_REGION,
                series(n(8, 2), |i| format!("reports/{}/Q{}.pdf", 2023 + i / 4, i % 4 + 1)),
            ),
            bucket("demo-eu-exports", OTHER_REGION, series(n(10, 2), |i| format!("exports/customers-{i:03}.csv.gz"))),
        ],
        Account::Second => vec![
            bucket(
                "prod-app-logs",
                HOME_REGION,
                series(n(120, 5), |i| {
                    format!("logs/2024/{:02}/{:02}/prod-app-{:04}.log", i % 12 + 1, i / 12 % 28 + 1, i)
                }),
            ),
            bucket(
                "prod-customer-uploads",
                HOME_REGION,
                series(n(50, 3), |i| format!("uploads/customer-{:04}/document-{i}.pdf", i * 7 % 1000)),
            ),
            bucket(
                "prod-eu-backups",
                OTHER_REGION,
                series(n(20, 2), |i| format!("postgres/prod-db-2024-{:02}-{:02}.dump", i / 28 % 12 + 1, i % 28 + 1)),
            ),
        ],
    }
}

fn series(count: usize, key: impl Fn(usize) -> String) -> Vec<String> {
    (0..count).map(key).collect()
}

/// `count` keys: three top-level files, nested logs (`logs/2024/MM/DD/…`), a
/// flat prefix with many objects (`data/events/`) and a few tables.
fn big_bucket_keys(count: usize) -> Vec<String> {
    let top = ["README.md", "index.html", "manifest.json"];
    let tables = count / 10;
    let events = count * 3 / 10;
    let logs = count.saturating_sub(tables + events + top.len());
    let mut keys: Vec<String> = top.iter().take(count).map(|k| (*k).to_owned()).collect();
    keys.extend(
        (0..logs).map(|i| format!("logs/2024/{:02}/{:02}/app-{:04}.log", i % 12 + 1, i / 12 % 28 + 1, i / 336)),
    );
    keys.extend((0..events).map(|i| format!("data/events/event-{i:05}.json")));
    let names = ["orders", "customers", "invoices", "payments"];
    keys.extend((0..tables).map(|i| format!("data/tables/{}/part-{i:05}.parquet", names[i % names.len()])));
    keys
}

fn static_site_keys(images: usize) -> Vec<String> {
    let mut keys: Vec<String> = ["index.html", "404.html", "css/site.css", "js/app.js"].map(str::to_owned).to_vec();
    keys.extend((0..images).map(|i| format!("img/photo-{i:03}.png")));
    keys
}

/// Keys that break naive code: spaces, `+`, `%`, unicode, XML specials, a
/// folder marker ending in `/`, a double slash and a bidi override.
fn awkward_keys() -> Vec<String> {
    [
        "with space.txt",
        "plus+sign.txt",
        "percent%2Fencoded.txt",
        "percent 100%.txt",
        "unicode/naïve café 日本語.txt",
        "emoji/rocket-🚀.txt",
        "folder-marker/",
        "folder-marker/inside.txt",
        "query?and#hash&amp.txt",
        "xml <tag> & 'quotes' \"double\".txt",
        "double//slash.txt",
        "trailing-space .txt",
        "tilde~equals=comma,semicolon;colon:.txt",
        "bidi/invoice-\u{202E}fdp.exe",
        "deep/a/b/c/d/e/f/g/leaf.txt",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// Creates the planned buckets for `account` (in their regions) and puts
/// their objects with [`PUT_CONCURRENCY`] puts in flight.
///
/// # Errors
/// The first `CreateBucket` or `PutObject` that failed.
pub async fn seed_buckets(
    provider: &AwsProvider,
    account: Account,
    scale: Scale,
) -> Result<Vec<SeededBucket>, SeedError> {
    let started = Instant::now();
    let plan = bucket_plan(account, scale);
    let ctx = Ctx { account, step: Step::Buckets };
    stream::iter(plan.iter().map(Ok))
        .try_for_each_concurrent(CALL_CONCURRENCY, |bucket| async move {
            let client = provider.s3_in(&bucket.region);
            let mut request = client.create_bucket().bucket(&bucket.name);
            if bucket.region != HOME_REGION {
                let constraint = BucketLocationConstraint::from(bucket.region.as_str());
                request = request.create_bucket_configuration(
                    CreateBucketConfiguration::builder().location_constraint(constraint).build(),
                );
            }
            request.send().await.map_err(|e| ctx.aws("s3", "CreateBucket", &format!("s3://{}", bucket.name), &e))?;
            Ok(())
        })
        .await?;

    let ctx = Ctx { account, step: Step::Objects };
    let clients: Vec<aws_sdk_s3::Client> = plan.iter().map(|b| provider.s3_in(&b.region)).collect();
    let puts = plan.iter().zip(&clients).flat_map(|(bucket, client)| {
        bucket.keys.iter().enumerate().map(move |(i, key)| (client, bucket.name.as_str(), i, key.as_str()))
    });
    stream::iter(puts)
        .map(|(client, bucket, i, key)| async move {
            client
                .put_object()
                .bucket(bucket)
                .key(key)
                .content_type(content_type(key))
                .body(ByteStream::from(object_body(key, i)))
                .send()
                .await
                .map_err(|e| ctx.aws("s3", "PutObject", &format!("s3://{bucket}/{key}"), &e))
        })
        .buffer_unordered(PUT_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await?;

    let objects: usize = plan.iter().map(|b| b.keys.len()).sum();
    tracing::info!(%account, buckets = plan.len(), objects, elapsed_ms = started.elapsed().as_millis(), "seeded buckets");
    Ok(plan)
}

/// A small body whose size varies with the key's position; folder markers are empty.
fn object_body(key: &str, i: usize) -> Vec<u8> {
    if key.ends_with('/') {
        return Vec::new();
    }
    let line = format!("awscope demo object {i}: {key}\n");
    let repeats = if i.is_multiple_of(97) { 400 } else { i % 13 + 1 };
    line.repeat(repeats).into_bytes()
}

fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext {
        "html" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "md" => "text/markdown",
        "csv" => "text/csv",
        "txt" | "log" => "text/plain",
        "png" => "image/png",
        "jpg" => "image/jpeg",
        "pdf" => "application/pdf",
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------
// EC2 networking
// ---------------------------------------------------------------------------

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
async fn default_vpc(provider: &AwsProvider, ctx: Ctx) -> Result<(String, Vec<String>, Option<String>), SeedError> {
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

// ---------------------------------------------------------------------------
// SSM Parameter Store
// ---------------------------------------------------------------------------

struct ParameterPlan {
    name: String,
    kind: ParameterKind,
    value: String,
    description: Option<&'static str>,
}

fn parameter_plan(account: Account, scale: Scale) -> Vec<ParameterPlan> {
    use ParameterKind::{SecureString, String as Plain, StringList};
    let p = |name: &str, kind, value: &str, description| ParameterPlan {
        name: name.to_owned(),
        kind,
        value: value.to_owned(),
        description,
    };
    let mut out = Vec::new();
    match account {
        Account::Base => {
            for (env, host) in [("dev", "dev.example.com"), ("prod", "example.com")] {
                out.extend([
                    p(&format!("/app/{env}/api/url"), Plain, &format!("https://api.{host}"), Some("Base URL of the public API")),
                    p(&format!("/app/{env}/api/timeout-ms"), Plain, "2500", None),
                    p(
                        &format!("/app/{env}/api/allowed-origins"),
                        StringList,
                        &format!("https://{host},https://admin.{host},http://localhost:3000"),
                        Some("CORS origins"),
                    ),
                    p(&format!("/app/{env}/db/host"), Plain, &format!("db.{host}"), None),
                    p(&format!("/app/{env}/db/port"), Plain, "5432", None),
                    p(&format!("/app/{env}/db/username"), Plain, "app", None),
                    p(&format!("/app/{env}/db/password"), SecureString, &format!("demo-{env}-db-password-not-a-real-secret"), Some("Database password")),
                    p(&format!("/app/{env}/stripe/api-key"), SecureString, &format!("sk_test_demo_{env}_0000000000000000"), None),
                    p(
                        &format!("/app/{env}/config/json"),
                        Plain,
                        &format!(
                            "{{\n  \"env\": \"{env}\",\n  \"replicas\": {},\n  \"features\": [\"search\", \"export\"],\n  \"log_level\": \"info\"\n}}",
                            if env == "prod" { 6 } else { 1 }
                        ),
                        Some("Multi-line JSON configuration"),
                    ),
                ]);
            }
            out.push(p(
                "/app/dev/motd",
                Plain,
                "Untrusted text: \u{1b}[31mred escape\u{1b}[0m and \u{202E}desrever idib",
                Some("Contains an ANSI escape and a bidi override"),
            ));
            out.push(p("/shared/company-name", Plain, "Example Corp", None));
            out.push(p("/shared/regions", StringList, "us-east-1,eu-west-1", None));
            for i in 0..scale.pick(40, 2) {
                out.push(p(
                    &format!("/app/dev/feature-flags/flag-{i:02}"),
                    Plain,
                    if i % 3 == 0 { "on" } else { "off" },
                    None,
                ));
            }
            for i in 0..scale.pick(20, 1) {
                out.push(p(
                    &format!("/app/prod/feature-flags/flag-{i:02}"),
                    Plain,
                    if i % 4 == 0 { "on" } else { "off" },
                    None,
                ));
            }
        }
        Account::Second => {
            out.extend([
                p(
                    "/app/prod-only/api/url",
                    Plain,
                    "https://api.prod-only.example.com",
                    Some("Only in the second account"),
                ),
                p("/app/prod-only/replicas", Plain, "12", None),
                p("/app/prod-only/allowed-cidrs", StringList, "10.99.0.0/16,192.168.0.0/24", None),
                p("/app/prod-only/db/password", SecureString, "demo-prod-only-password-not-a-real-secret", None),
            ]);
            for i in 0..scale.pick(10, 2) {
                out.push(p(&format!("/app/prod-only/feature-flags/flag-{i:02}"), Plain, "on", None));
            }
        }
    }
    out
}

/// Puts the `/app/…` parameters (`String`, `StringList` and `SecureString`).
///
/// # Errors
/// The first `PutParameter` that failed.
pub async fn seed_parameters(
    provider: &AwsProvider,
    account: Account,
    scale: Scale,
) -> Result<Vec<SeededParameter>, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Parameters };
    let ssm = provider.ssm();
    let plan = parameter_plan(account, scale);
    stream::iter(plan.iter())
        .map(|param| {
            let ssm = ssm.clone();
            async move {
                let kind = match param.kind {
                    ParameterKind::String => ParameterType::String,
                    ParameterKind::StringList => ParameterType::StringList,
                    ParameterKind::SecureString => ParameterType::SecureString,
                };
                ssm.put_parameter()
                    .name(&param.name)
                    .value(&param.value)
                    .r#type(kind)
                    .set_description(param.description.map(str::to_owned))
                    .overwrite(true)
                    .send()
                    .await
                    // The name only: the value may be a secret.
                    .map_err(|e| ctx.aws("ssm", "PutParameter", &param.name, &e))
            }
        })
        .buffer_unordered(CALL_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    tracing::info!(%account, parameters = plan.len(), elapsed_ms = started.elapsed().as_millis(), "seeded parameters");
    Ok(plan.into_iter().map(|p| SeededParameter { name: p.name, kind: p.kind }).collect())
}

// ---------------------------------------------------------------------------
// ECS
// ---------------------------------------------------------------------------

struct ServicePlan {
    name: &'static str,
    image: &'static str,
    port: Option<i32>,
    tasks: usize,
}

struct ClusterPlan {
    name: &'static str,
    services: Vec<ServicePlan>,
    /// Tasks started outside any service (family `batch-job`).
    standalone_tasks: usize,
}

fn ecs_plan(account: Account, scale: Scale) -> Vec<ClusterPlan> {
    let svc = |name, image, port, tasks| ServicePlan { name, image, port, tasks };
    match account {
        Account::Base => vec![
            ClusterPlan {
                name: "demo-cluster",
                services: vec![
                    svc("web", "public.ecr.aws/nginx/nginx:1.27", Some(80), scale.pick(3, 1)),
                    svc("api", "public.ecr.aws/docker/library/python:3.12-slim", Some(8080), scale.pick(2, 1)),
                    svc("worker", "public.ecr.aws/docker/library/busybox:1.36", None, scale.pick(1, 0)),
                ],
                standalone_tasks: 0,
            },
            ClusterPlan { name: "demo-batch", services: Vec::new(), standalone_tasks: scale.pick(2, 1) },
        ],
        Account::Second => vec![ClusterPlan {
            name: "prod-cluster",
            services: vec![
                svc("payments", "public.ecr.aws/docker/library/golang:1.22", Some(8443), scale.pick(2, 1)),
                svc("ledger", "public.ecr.aws/docker/library/postgres:16", Some(5432), 1),
            ],
            standalone_tasks: 0,
        }],
    }
}

/// Creates clusters, Fargate task definitions and `awsvpc` services, and
/// starts their tasks with `RunTask` in the default VPC (moto's services never
/// start tasks by themselves, and moto 5.2.5 needs `cpu`/`memory` on every
/// container).
///
/// # Errors
/// The first ECS or EC2 call that failed.
pub async fn seed_ecs(provider: &AwsProvider, account: Account, scale: Scale) -> Result<Vec<SeededCluster>, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Ecs };
    let ecs = provider.ecs();
    let (_, subnets, sg) = default_vpc(provider, ctx).await?;
    let sg = sg.ok_or_else(|| ctx.missing("the default VPC has no default security group"))?;
    if subnets.is_empty() {
        return Err(ctx.missing("the default VPC has no subnets"));
    }
    let network = |subnet_count: usize| -> Result<NetworkConfiguration, SeedError> {
        let vpc = AwsVpcConfiguration::builder()
            .set_subnets(Some(subnets.iter().take(subnet_count).cloned().collect()))
            .security_groups(&sg)
            .assign_public_ip(AssignPublicIp::Disabled)
            .build()
            .map_err(|e| ctx.missing(format!("awsvpc configuration: {e}")))?;
        Ok(NetworkConfiguration::builder().awsvpc_configuration(vpc).build())
    };

    let mut clusters = Vec::new();
    for plan in ecs_plan(account, scale) {
        ecs.create_cluster()
            .cluster_name(plan.name)
            .send()
            .await
            .map_err(|e| ctx.aws("ecs", "CreateCluster", plan.name, &e))?;
        let mut seeded = SeededCluster { name: plan.name.to_owned(), services: Vec::new(), task_arns: Vec::new() };
        let mut runs: Vec<(String, String, String, usize)> = Vec::new(); // (family, startedBy, group, count)
        for service in &plan.services {
            let family = format!("{}-{}", plan.name, service.name);
            register_task_definition(&ecs, ctx, &family, service.name, service.image, service.port).await?;
            ecs.create_service()
                .cluster(plan.name)
                .service_name(service.name)
                .task_definition(&family)
                .desired_count(i32::try_from(service.tasks).unwrap_or(i32::MAX))
                .launch_type(LaunchType::Fargate)
                .network_configuration(network(2)?)
                .send()
                .await
                .map_err(|e| ctx.aws("ecs", "CreateService", &format!("{}/{}", plan.name, service.name), &e))?;
            seeded.services.push(service.name.to_owned());
            runs.push((
                family,
                format!("ecs-svc/{}", service.name),
                format!("service:{}", service.name),
                service.tasks,
            ));
        }
        if plan.standalone_tasks > 0 {
            let family = format!("{}-batch-job", plan.name);
            register_task_definition(&ecs, ctx, &family, "job", "public.ecr.aws/docker/library/busybox:1.36", None)
                .await?;
            runs.push((family.clone(), "awscope-seed".to_owned(), format!("family:{family}"), plan.standalone_tasks));
        }
        for (family, started_by, group, count) in runs.into_iter().filter(|r| r.3 > 0) {
            let out = ecs
                .run_task()
                .cluster(plan.name)
                .task_definition(&family)
                .count(i32::try_from(count).unwrap_or(10))
                .launch_type(LaunchType::Fargate)
                .started_by(started_by)
                .group(group)
                .network_configuration(network(1)?)
                .send()
                .await
                .map_err(|e| ctx.aws("ecs", "RunTask", &format!("{}/{family}", plan.name), &e))?;
            if let Some(failure) = out.failures().first() {
                return Err(ctx.missing(format!("RunTask {family} failed: {:?}", failure.reason())));
            }
            seeded.task_arns.extend(out.tasks().iter().filter_map(|t| t.task_arn()).map(str::to_owned));
        }
        clusters.push(seeded);
    }
    let tasks: usize = clusters.iter().map(|c| c.task_arns.len()).sum();
    tracing::info!(%account, clusters = clusters.len(), tasks, elapsed_ms = started.elapsed().as_millis(), "seeded ECS");
    Ok(clusters)
}

async fn register_task_definition(
    ecs: &aws_sdk_ecs::Client,
    ctx: Ctx,
    family: &str,
    container: &str,
    image: &str,
    port: Option<i32>,
) -> Result<(), SeedError> {
    let mut definition =
        ContainerDefinition::builder().name(container).image(image).cpu(256).memory(512).essential(true);
    if let Some(port) = port {
        definition = definition.port_mappings(PortMapping::builder().container_port(port).build());
    }
    ecs.register_task_definition()
        .family(family)
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(definition.build())
        .send()
        .await
        .map_err(|e| ctx.aws("ecs", "RegisterTaskDefinition", family, &e))?;
    Ok(())
}
