//! One probe's calls: which wrapper answers which action, and how its answer
//! becomes hits. A resource that does not exist is no hit, not a failure.

use aws_sdk_ec2::types::Filter;

use super::{Arn, Hit, HitKind, IdKind, Probe, Query};
use crate::aws::ec2::{self, Ec2Error, NetworkInterface, Subnet, Vpc};
use crate::aws::ecs::{self, EcsError, name_from_arn};
use crate::aws::error::{AwsError, ErrorKind, ServiceError};
use crate::aws::logs::{self, LogGroup};
use crate::aws::provider::AwsProvider;
use crate::aws::s3::{self, S3Error};
use crate::aws::ssm::{self, Parameter, SsmError};

/// `s3:ListBuckets`: once per account.
pub(super) const BUCKETS: &str = "s3:ListBuckets";
/// `ssm:DescribeParameters`.
pub(super) const PARAMETERS: &str = "ssm:DescribeParameters";
/// `ecs:ListClusters`, with `ListServices` for each cluster.
pub(super) const CLUSTERS: &str = "ecs:ListClusters";
/// `ecs:DescribeServices` (a service's ARN).
pub(super) const SERVICES: &str = "ecs:DescribeServices";
/// `ec2:DescribeVpcs`.
pub(super) const VPCS: &str = "ec2:DescribeVpcs";
/// `ec2:DescribeSubnets`.
pub(super) const SUBNETS: &str = "ec2:DescribeSubnets";
/// `ec2:DescribeNetworkInterfaces`.
pub(super) const ENIS: &str = "ec2:DescribeNetworkInterfaces";
/// `logs:DescribeLogGroups`.
pub(super) const GROUPS: &str = "logs:DescribeLogGroups";

/// The action that finds what `arn` names, when it is a kind a search knows.
pub(super) fn arn_action(arn: &Arn) -> Option<&'static str> {
    match (arn.service.as_str(), arn.resource.split_once('/').map(|(kind, _)| kind)) {
        ("s3", _) if !arn.resource.contains('/') => Some(BUCKETS),
        ("ec2", Some("vpc")) => Some(VPCS),
        ("ec2", Some("subnet")) => Some(SUBNETS),
        ("ec2", Some("network-interface")) => Some(ENIS),
        ("ssm", Some("parameter")) => Some(PARAMETERS),
        ("ecs", Some("cluster")) => Some(CLUSTERS),
        ("ecs", Some("service")) => Some(SERVICES),
        ("logs", _) if arn.resource.starts_with("log-group:") => Some(GROUPS),
        _ => None,
    }
}

/// The AWS failure under a wrapper's error (its own variants keep their kind
/// and message).
fn aws_of<E: ServiceError + std::fmt::Display>(error: &E, action: &'static str, resource: &str) -> AwsError {
    error
        .aws()
        .cloned()
        .unwrap_or_else(|| AwsError { kind: error.kind(), ..AwsError::internal(action, resource, &error.to_string()) })
}

/// Whether `name` holds `text`, ignoring case.
pub(super) fn contains(name: &str, text: &str) -> bool {
    name.to_lowercase().contains(&text.to_lowercase())
}

/// Runs the calls of one probe once (the caller retries throttling).
pub(super) async fn run(probe: &Probe, query: &Query, provider: &AwsProvider) -> Result<Vec<Hit>, AwsError> {
    let hit = |kind, name: String| Hit {
        kind,
        name,
        label: None,
        parent: None,
        address: None,
        detail: String::new(),
        profile: probe.profile.clone(),
        account: None,
        region: probe.region.clone(),
    };
    match (query, probe.action) {
        (Query::Ip(ip), ENIS) => {
            let found = ec2::find_network_interfaces_by_ip(*ip, provider)
                .await
                .map_err(|e| aws_of(&e, "DescribeNetworkInterfaces", &ip.to_string()))?;
            Ok(found.iter().map(|n| Hit { address: Some(ip.to_string()), ..interface_hit(n, hit) }).collect())
        }
        (Query::Id(IdKind::Eni, id), ENIS) => eni_by_id(id, provider, hit).await,
        (Query::Id(IdKind::Vpc, id), VPCS) => vpc_by_id(id, provider, hit).await,
        (Query::Id(IdKind::Subnet, id), SUBNETS) => subnet_by_id(id, provider, hit).await,
        (Query::Arn(arn), action) => by_arn(arn, action, provider, hit).await,
        (Query::Text(text), BUCKETS) => buckets(provider, hit, |name| contains(name, text)).await,
        (Query::Text(text), PARAMETERS) => {
            let found = ssm::find_parameters(&case_variants(text), provider)
                .collect_all()
                .await
                .map_err(|e| aws_of(&e, "DescribeParameters", text))?;
            Ok(found.iter().filter(|p| contains(&p.name, text)).map(|p| parameter_hit(p, hit)).collect())
        }
        (Query::Text(text), CLUSTERS) => clusters(text, provider, hit).await,
        (Query::Text(text), GROUPS) => {
            // The pattern is case-sensitive: this probe lists one case variant.
            // A group is claimed by the first variant its name holds, so a name
            // holding two is found once.
            let variants = case_variants(text);
            let Some(variant) = variants.get(probe.part) else { return Ok(vec![]) };
            let found = logs::find_groups(variant, provider)
                .collect_all()
                .await
                .map_err(|e| aws_of(&e, "DescribeLogGroups", variant))?;
            Ok(found
                .iter()
                .filter(|g| g.name.contains(variant.as_str()))
                .filter(|g| !variants[..probe.part].iter().any(|earlier| g.name.contains(earlier.as_str())))
                .map(|g| group_hit(g, hit))
                .collect())
        }
        (Query::Text(text), VPCS) => {
            let found = ec2::list_vpcs_where(Some(name_filter(text)), provider)
                .collect_all()
                .await
                .map_err(|e| aws_of(&e, "DescribeVpcs", text))?;
            Ok(found
                .iter()
                .filter(|v| v.name.as_deref().is_some_and(|n| contains(n, text)))
                .map(|v| vpc_hit(v, hit))
                .collect())
        }
        (Query::Text(text), SUBNETS) => {
            let found = ec2::list_subnets_where(name_filter(text), provider)
                .collect_all()
                .await
                .map_err(|e| aws_of(&e, "DescribeSubnets", text))?;
            Ok(found
                .iter()
                .filter(|s| s.name.as_deref().is_some_and(|n| contains(n, text)))
                .map(|s| subnet_hit(s, hit))
                .collect())
        }
        (_, action) => Err(AwsError::internal("find", action, "this probe does not answer this kind of search")),
    }
}

/// The cases a server-side filter is sent in, since neither EC2's tag
/// filters nor SSM's `Name Contains` can ignore case: `text` as typed, in
/// lower case, in upper case and capitalised (a filter's values are ORed).
/// The probe then matches again here, ignoring case. A name in another mix
/// of cases (`PayMents` for `payments`) is found only when typed that way.
pub(super) fn case_variants(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let capital: String = lower.chars().take(1).flat_map(char::to_uppercase).chain(lower.chars().skip(1)).collect();
    let mut variants: Vec<String> = Vec::new();
    for variant in [text.to_owned(), lower, text.to_uppercase(), capital] {
        if !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    variants
}

/// The `tag:Name` filter for `text`: `*text*` in each of [`case_variants`],
/// wildcards in the text escaped.
pub(super) fn name_filter(text: &str) -> Filter {
    let escape = |s: &str| s.replace('\\', "\\\\").replace('*', "\\*").replace('?', "\\?");
    let values = case_variants(text).iter().map(|v| format!("*{}*", escape(v))).collect();
    Filter::builder().name("tag:Name").set_values(Some(values)).build()
}

fn interface_hit(n: &NetworkInterface, hit: impl Fn(HitKind, String) -> Hit) -> Hit {
    let mut detail = format!("in {}, {}", n.vpc_id, n.subnet_id);
    if !n.description.is_empty() {
        detail.push_str(" · ");
        detail.push_str(&n.description);
    }
    Hit { parent: Some(n.vpc_id.clone()), detail, ..hit(HitKind::NetworkInterface, n.eni_id.clone()) }
}

fn vpc_hit(v: &Vpc, hit: impl Fn(HitKind, String) -> Hit) -> Hit {
    Hit { label: v.name.clone(), detail: v.cidr_blocks.join(", "), ..hit(HitKind::Vpc, v.vpc_id.clone()) }
}

fn subnet_hit(s: &Subnet, hit: impl Fn(HitKind, String) -> Hit) -> Hit {
    Hit {
        label: s.name.clone(),
        parent: Some(s.vpc_id.clone()),
        detail: format!("in {}, {} ({})", s.vpc_id, s.cidr_block, s.availability_zone),
        ..hit(HitKind::Subnet, s.subnet_id.clone())
    }
}

fn group_hit(g: &LogGroup, hit: impl Fn(HitKind, String) -> Hit) -> Hit {
    let detail = g.retention_days.map_or_else(|| "kept forever".to_owned(), |days| format!("kept {days} days"));
    Hit { detail, ..hit(HitKind::LogGroup, g.name.clone()) }
}

fn parameter_hit(p: &Parameter, hit: impl Fn(HitKind, String) -> Hit) -> Hit {
    Hit { detail: p.kind.as_str().to_owned(), ..hit(HitKind::Parameter, p.name.clone()) }
}

async fn eni_by_id(
    id: &str,
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
) -> Result<Vec<Hit>, AwsError> {
    match ec2::get_network_interface(id, provider).await {
        Ok(n) => Ok(vec![interface_hit(&n, hit)]),
        Err(Ec2Error::InterfaceNotFound { .. }) => Ok(vec![]),
        Err(e) => Err(aws_of(&e, "DescribeNetworkInterfaces", id)),
    }
}

async fn vpc_by_id(
    id: &str,
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
) -> Result<Vec<Hit>, AwsError> {
    // A filter rather than VpcIds: an unknown id is an empty answer, not an error.
    let found =
        ec2::list_vpcs_where(Some(Filter::builder().name("vpc-id").values(id).build()), provider).collect_all().await;
    match found {
        Ok(vpcs) => Ok(vpcs.iter().filter(|v| v.vpc_id == id).map(|v| vpc_hit(v, &hit)).collect()),
        Err(Ec2Error::VpcNotFound { .. }) => Ok(vec![]),
        Err(e) => Err(aws_of(&e, "DescribeVpcs", id)),
    }
}

async fn subnet_by_id(
    id: &str,
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
) -> Result<Vec<Hit>, AwsError> {
    match ec2::get_subnet(id, provider).await {
        Ok(s) => Ok(vec![subnet_hit(&s, hit)]),
        Err(Ec2Error::SubnetNotFound { .. }) => Ok(vec![]),
        Err(e) => Err(aws_of(&e, "DescribeSubnets", id)),
    }
}

/// Buckets whose name passes `wanted`, each in its own region (ListBuckets'
/// `BucketRegion`, else GetBucketLocation).
async fn buckets(
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<Hit>, AwsError> {
    let all = s3::list_buckets(provider).collect_all().await.map_err(|e| aws_of(&e, "ListBuckets", "all buckets"))?;
    let mut hits = Vec::new();
    for bucket in all.into_iter().filter(|b| wanted(&b.name)) {
        let region = match bucket.region.filter(|r| !r.is_empty()) {
            Some(region) => region,
            None => match s3::bucket_region(&bucket.name, provider).await {
                Ok(region) => region,
                Err(S3Error::BucketNotFound { .. }) => continue,
                Err(e) => return Err(aws_of(&e, "GetBucketLocation", &bucket.name)),
            },
        };
        hits.push(Hit { region, ..hit(HitKind::Bucket, bucket.name) });
    }
    Ok(hits)
}

/// Clusters and services whose name holds `text` (ECS has no name filter:
/// every cluster and service ARN is listed and filtered here).
async fn clusters(
    text: &str,
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
) -> Result<Vec<Hit>, AwsError> {
    let arns =
        ecs::list_clusters(provider).collect_all().await.map_err(|e| aws_of(&e, "ListClusters", "all ECS clusters"))?;
    let mut hits = Vec::new();
    for arn in &arns {
        let cluster = name_from_arn(arn).to_owned();
        if contains(&cluster, text) {
            hits.push(hit(HitKind::EcsCluster, cluster.clone()));
        }
        let services = match ecs::list_services(arn, provider).collect_all().await {
            Ok(services) => services,
            // Deleted between the two calls.
            Err(EcsError::ClusterNotFound { .. }) => continue,
            Err(e) => return Err(aws_of(&e, "ListServices", &cluster)),
        };
        for service in services.iter().map(|s| name_from_arn(s)).filter(|s| contains(s, text)) {
            hits.push(Hit {
                parent: Some(cluster.clone()),
                detail: format!("cluster {cluster}"),
                ..hit(HitKind::EcsService, service.to_owned())
            });
        }
    }
    Ok(hits)
}

/// What `arn` names, found with `action` (see [`arn_action`]).
async fn by_arn(
    arn: &Arn,
    action: &'static str,
    provider: &AwsProvider,
    hit: impl Fn(HitKind, String) -> Hit,
) -> Result<Vec<Hit>, AwsError> {
    let rest = arn.resource.split_once('/').map_or("", |(_, rest)| rest);
    match action {
        BUCKETS => buckets(provider, hit, |name| name == arn.resource).await,
        VPCS => vpc_by_id(rest, provider, hit).await,
        SUBNETS => subnet_by_id(rest, provider, hit).await,
        ENIS => eni_by_id(rest, provider, hit).await,
        PARAMETERS => {
            // `parameter/app/db` names `/app/db`; `parameter/db` names `db` (or `/db`).
            let names =
                if rest.contains('/') { vec![format!("/{rest}")] } else { vec![rest.to_owned(), format!("/{rest}")] };
            for name in names {
                match ssm::describe_parameter(&name, provider).await {
                    Ok(p) => return Ok(vec![parameter_hit(&p, hit)]),
                    Err(SsmError::ParameterNotFound { .. }) => {}
                    Err(e) => return Err(aws_of(&e, "DescribeParameters", &name)),
                }
            }
            Ok(vec![])
        }
        GROUPS => {
            // `log-group:NAME` or `log-group:NAME:*`.
            let name = arn.resource.trim_start_matches("log-group:").trim_end_matches(":*");
            let groups = logs::list_groups(Some(name), provider)
                .collect_all()
                .await
                .map_err(|e| aws_of(&e, "DescribeLogGroups", name))?;
            Ok(groups.iter().filter(|g| g.name == name).map(|g| group_hit(g, &hit)).collect())
        }
        CLUSTERS => {
            let described = ecs::describe_clusters(&[rest.to_owned()], provider)
                .await
                .map_err(|e| aws_of(&e, "DescribeClusters", rest))?;
            Ok(described
                .items
                .iter()
                .filter(|c| c.status != "INACTIVE")
                .map(|c| hit(HitKind::EcsCluster, c.name.clone()))
                .collect())
        }
        SERVICES => {
            // `service/CLUSTER/NAME`, or the old `service/NAME` in the default cluster.
            let (cluster, name) = rest.split_once('/').unwrap_or(("default", rest));
            match ecs::describe_service(cluster, name, provider).await {
                Ok(s) if s.status != "INACTIVE" => Ok(vec![Hit {
                    parent: Some(cluster.to_owned()),
                    detail: format!("cluster {cluster}"),
                    ..hit(HitKind::EcsService, s.name.clone())
                }]),
                Ok(_) | Err(EcsError::ServiceNotFound { .. } | EcsError::ClusterNotFound { .. }) => Ok(vec![]),
                Err(e) if e.kind() == ErrorKind::NotFound => Ok(vec![]),
                Err(e) => Err(aws_of(&e, "DescribeServices", name)),
            }
        }
        _ => Ok(vec![]),
    }
}
