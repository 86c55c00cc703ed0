//! Find anything, everywhere: what a search text asks for, the probes that
//! answer it in one (profile, region), and what they find. The loader runs the
//! probes of a search across a scope (`runtime/loader/find.rs`); the Find pane
//! shows what they find (`app/find/`).

use std::net::IpAddr;

use super::error::{AwsError, ErrorKind};
use super::provider::AwsProvider;

/// Requests in flight across a whole search, unless the config says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// How long one probe may take before it counts as failed (timeout).
pub const PROBE_TIMEOUT_SECS: u64 = 20;

/// An ARN, split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// `s3`, `ec2`, `ssm`, `ecs`, …
    pub service: String,
    /// The region, empty for global resources (S3 buckets).
    pub region: String,
    /// The account, empty for S3 buckets.
    pub account: String,
    /// What follows: `vpc/vpc-0a1b…`, `parameter/app/db`, `service/cluster/web`, `bucket-name`.
    pub resource: String,
}

/// What a search text asks for, by its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// An IPv4 or IPv6 address: the network interfaces holding it.
    Ip(IpAddr),
    /// A resource id (`vpc-…`, `subnet-…`, `eni-…`): that resource.
    Id(IdKind, String),
    /// An ARN: that resource; only its account and region are searched when
    /// it names them and they are in scope.
    Arn(Arn),
    /// Anything else: a case-insensitive substring of names.
    Text(String),
}

/// The kinds of id a search recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// `vpc-…`
    Vpc,
    /// `subnet-…`
    Subnet,
    /// `eni-…`
    Eni,
}

impl Query {
    /// Reads `text` (trimmed) by its shape.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let _ = text;
        unimplemented!("contract")
    }
}

/// What a probe found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HitKind {
    /// An S3 bucket.
    Bucket,
    /// An SSM parameter.
    Parameter,
    /// An ECS cluster.
    EcsCluster,
    /// An ECS service.
    EcsService,
    /// A VPC.
    Vpc,
    /// A subnet.
    Subnet,
    /// A network interface.
    NetworkInterface,
}

impl HitKind {
    /// In the user's words: `S3 bucket`, `SSM parameter`, `ECS service`, …
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Bucket => "S3 bucket",
            Self::Parameter => "SSM parameter",
            Self::EcsCluster => "ECS cluster",
            Self::EcsService => "ECS service",
            Self::Vpc => "VPC",
            Self::Subnet => "subnet",
            Self::NetworkInterface => "network interface",
        }
    }
}

/// One thing found, where it lives, and enough to open it in its pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What it is.
    pub kind: HitKind,
    /// Its name or id as the pane shows it: bucket name, parameter name,
    /// cluster or service name, VPC / subnet / ENI id.
    pub name: String,
    /// Its Name tag, when it has one (VPCs, subnets).
    pub label: Option<String>,
    /// The container it sits in, for opening it: the cluster of a service,
    /// the VPC of a subnet or an interface.
    pub parent: Option<String>,
    /// For an interface found by IP: the address that matched (opened by it).
    pub address: Option<String>,
    /// A line of detail: `in vpc-0a1b… (demo-app)`, `cluster prod`, `SecureString`.
    pub detail: String,
    /// The profile that found it.
    pub profile: String,
    /// Its account, when known.
    pub account: Option<String>,
    /// Its region (a bucket's own region).
    pub region: String,
}

/// One probe: one service's lookup in one (profile, region).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// The profile.
    pub profile: String,
    /// The region (for S3's ListBuckets, once per account: the profile's region).
    pub region: String,
    /// What it asks, in AWS's words: `s3:ListBuckets`, `ec2:DescribeNetworkInterfaces`, …
    pub action: &'static str,
}

/// A probe that could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeFailure {
    /// The probe.
    pub probe: Probe,
    /// How it failed (AccessDenied, Timeout, Throttling, Network, …).
    pub kind: ErrorKind,
    /// Why, naming the action and the next step.
    pub reason: String,
}

/// A profile left out of a search, and why (MFA code needed, SSO session
/// expired, excluded by the config, no credentials, …). Never silently dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The profile.
    pub profile: String,
    /// Why, with the next step (`needs an MFA code: press m to enter it`).
    pub reason: String,
    /// Whether entering an MFA code once would include it.
    pub needs_mfa: bool,
}

/// The probes `query` needs in `region` (S3 only in the first region of an
/// account, since ListBuckets is global).
#[must_use]
pub fn probes_for(query: &Query, profile: &str, region: &str, first_region: bool) -> Vec<Probe> {
    let _ = (query, profile, region, first_region);
    unimplemented!("contract")
}

/// Runs one probe with `provider` (built for the probe's profile and region):
/// server-side filters wherever AWS offers them (EC2 filters, SSM
/// `Name Contains`, S3 and ECS filtered here), every page followed, throttling
/// retried with backoff.
///
/// # Errors
/// The classified failure of the probe's call.
pub async fn run_probe(probe: &Probe, query: &Query, provider: &AwsProvider) -> Result<Vec<Hit>, AwsError> {
    let _ = (probe, query, provider);
    unimplemented!("contract")
}
