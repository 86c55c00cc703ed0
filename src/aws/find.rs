//! Find anything, everywhere: what a search text asks for, the probes that
//! answer it in one (profile, region), and what they find. The loader runs the
//! probes of a search across a scope (`runtime/loader/find.rs`); the Find pane
//! shows what they find (`app/find/`).

use std::net::IpAddr;

use super::error::{AwsError, ErrorKind};
use super::provider::AwsProvider;

mod probes;
mod search;

pub use search::{Event, Target, search};

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
        let text = text.trim();
        if let Ok(ip) = text.parse::<IpAddr>() {
            return Self::Ip(ip);
        }
        let lower = text.to_ascii_lowercase();
        for (prefix, kind) in [("vpc-", IdKind::Vpc), ("subnet-", IdKind::Subnet), ("eni-", IdKind::Eni)] {
            if let Some(rest) = lower.strip_prefix(prefix)
                && !rest.is_empty()
                && rest.chars().all(|c| c.is_ascii_hexdigit())
            {
                return Self::Id(kind, lower);
            }
        }
        if lower.starts_with("arn:") {
            let parts: Vec<&str> = text.splitn(6, ':').collect();
            if let [_, partition, service, region, account, resource] = parts[..]
                && !partition.is_empty()
                && !service.is_empty()
                && !resource.is_empty()
            {
                return Self::Arn(Arn {
                    partition: partition.to_owned(),
                    service: service.to_owned(),
                    region: region.to_owned(),
                    account: account.to_owned(),
                    resource: resource.to_owned(),
                });
            }
        }
        Self::Text(text.to_owned())
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
    /// A CloudWatch Logs group.
    LogGroup,
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
            Self::LogGroup => "log group",
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
    /// Which of an action's lookups this is, when one search needs several
    /// calls of it (log group names: one case variant each, since
    /// `logGroupNamePattern` cannot list alternatives); 0 otherwise. Each is
    /// its own probe, so each call counts against the limit in flight.
    pub part: usize,
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
///
/// - an IP: `ec2:DescribeNetworkInterfaces` (private, then public address);
/// - an id: the Describe call of its kind;
/// - an ARN: the call that names its resource (S3 buckets, EC2 VPCs, subnets
///   and network interfaces, SSM parameters, ECS clusters and services);
///   an ARN of another kind, or one naming another region, needs none here;
/// - text: S3 `ListBuckets` (first region only), SSM `DescribeParameters`,
///   ECS `ListClusters` (with each cluster's `ListServices`), EC2
///   `DescribeVpcs` and `DescribeSubnets`, and CloudWatch Logs
///   `DescribeLogGroups` once per case variant of the text. Empty text needs
///   none.
#[must_use]
pub fn probes_for(query: &Query, profile: &str, region: &str, first_region: bool) -> Vec<Probe> {
    // (action, part): `part` tells apart the calls of one action a search needs several of.
    let actions: Vec<(&'static str, usize)> = match query {
        Query::Ip(_) | Query::Id(IdKind::Eni, _) => vec![(probes::ENIS, 0)],
        Query::Id(IdKind::Vpc, _) => vec![(probes::VPCS, 0)],
        Query::Id(IdKind::Subnet, _) => vec![(probes::SUBNETS, 0)],
        Query::Arn(arn) => {
            let elsewhere = !arn.region.is_empty() && arn.region != region;
            match probes::arn_action(arn) {
                Some(probes::BUCKETS) if first_region => vec![(probes::BUCKETS, 0)],
                Some(probes::BUCKETS) | None => vec![],
                Some(_) if elsewhere => vec![],
                Some(action) => vec![(action, 0)],
            }
        }
        Query::Text(text) if text.trim().is_empty() => vec![],
        Query::Text(text) => {
            let first = first_region.then_some(probes::BUCKETS);
            let others = [probes::PARAMETERS, probes::CLUSTERS, probes::VPCS, probes::SUBNETS];
            let groups = (0..probes::case_variants(text).len()).map(|part| (probes::GROUPS, part));
            first.into_iter().chain(others).map(|action| (action, 0)).chain(groups).collect()
        }
    };
    actions
        .into_iter()
        .map(|(action, part)| Probe { profile: profile.to_owned(), region: region.to_owned(), action, part })
        .collect()
}

/// Runs one probe with `provider` (built for the probe's profile and region):
/// server-side filters wherever AWS offers them (EC2 filters, SSM
/// `Name Contains`, S3 and ECS filtered here), every page followed, throttling
/// retried with backoff.
///
/// # Errors
/// The classified failure of the probe's call.
pub async fn run_probe(probe: &Probe, query: &Query, provider: &AwsProvider) -> Result<Vec<Hit>, AwsError> {
    let mut waits = super::logs::THROTTLE_BACKOFF.iter();
    loop {
        match probes::run(probe, query, provider).await {
            Err(e) if e.kind == ErrorKind::Throttled => match waits.next() {
                Some(wait) => {
                    tracing::info!(action = probe.action, region = %probe.region, wait_ms = wait.as_millis(), "find probe throttled; retrying");
                    tokio::time::sleep(*wait).await;
                }
                None => return Err(e),
            },
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_ids_and_arns_are_read_by_their_shape() {
        assert_eq!(Query::parse(" 10.0.3.17 "), Query::Ip("10.0.3.17".parse().unwrap()));
        assert_eq!(Query::parse("2600:1f18::1"), Query::Ip("2600:1f18::1".parse().unwrap()));
        assert_eq!(Query::parse("vpc-0A1b"), Query::Id(IdKind::Vpc, "vpc-0a1b".into()));
        assert_eq!(Query::parse("subnet-12ef"), Query::Id(IdKind::Subnet, "subnet-12ef".into()));
        assert_eq!(Query::parse("eni-0abc"), Query::Id(IdKind::Eni, "eni-0abc".into()));
        // Not hex after the prefix, or nothing at all: plain text.
        assert_eq!(Query::parse("vpc-main"), Query::Text("vpc-main".into()));
        assert_eq!(Query::parse("eni-"), Query::Text("eni-".into()));
        assert_eq!(Query::parse("10.0.3"), Query::Text("10.0.3".into()));
        assert_eq!(
            Query::parse("arn:aws:ecs:eu-west-1:222222222222:service/prod/payments-api"),
            Query::Arn(Arn {
                partition: "aws".into(),
                service: "ecs".into(),
                region: "eu-west-1".into(),
                account: "222222222222".into(),
                resource: "service/prod/payments-api".into(),
            })
        );
        let Query::Arn(bucket) = Query::parse("arn:aws:s3:::my-bucket") else { panic!("an ARN") };
        assert_eq!((bucket.region.as_str(), bucket.account.as_str(), bucket.resource.as_str()), ("", "", "my-bucket"));
        let Query::Arn(param) = Query::parse("arn:aws:ssm:us-east-1:1:parameter/a:b/c") else { panic!("an ARN") };
        assert_eq!(param.resource, "parameter/a:b/c");
        assert_eq!(Query::parse("arn:aws:s3"), Query::Text("arn:aws:s3".into()));
        assert_eq!(Query::parse("Payments"), Query::Text("Payments".into()));
    }

    fn actions(query: &str, region: &str, first: bool) -> Vec<&'static str> {
        probes_for(&Query::parse(query), "p", region, first).into_iter().map(|p| p.action).collect()
    }

    #[test]
    fn buckets_are_listed_once_per_account_and_arns_only_in_their_region() {
        assert_eq!(
            actions("payments", "us-east-1", true),
            [
                "s3:ListBuckets",
                "ssm:DescribeParameters",
                "ecs:ListClusters",
                "ec2:DescribeVpcs",
                "ec2:DescribeSubnets",
                "logs:DescribeLogGroups",
                "logs:DescribeLogGroups",
                "logs:DescribeLogGroups"
            ]
        );
        assert!(!actions("payments", "eu-west-1", false).contains(&"s3:ListBuckets"));
        assert_eq!(actions("10.0.3.17", "eu-west-1", false), ["ec2:DescribeNetworkInterfaces"]);
        assert_eq!(actions("vpc-0a", "eu-west-1", false), ["ec2:DescribeVpcs"]);
        let arn = "arn:aws:ec2:eu-west-1:1:subnet/subnet-0a";
        assert_eq!(actions(arn, "eu-west-1", false), ["ec2:DescribeSubnets"]);
        assert!(actions(arn, "us-east-1", true).is_empty());
        assert_eq!(actions("arn:aws:s3:::b", "eu-west-1", true), ["s3:ListBuckets"]);
        assert!(actions("arn:aws:s3:::b", "eu-west-1", false).is_empty());
        assert!(actions("arn:aws:lambda:eu-west-1:1:function:f", "eu-west-1", true).is_empty());
        let group = "arn:aws:logs:eu-west-1:1:log-group:/ecs/web:*";
        assert_eq!(actions(group, "eu-west-1", false), ["logs:DescribeLogGroups"]);
        assert!(actions(group, "us-east-1", false).is_empty());
        assert!(actions("  ", "eu-west-1", true).is_empty());
    }
}
