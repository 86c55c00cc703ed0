//! A result of the Find pane as a resource: its id, ARN, console page and
//! JSON, built from what the probe found (the resource's own pane knows more).

use super::{Hit, HitKind};
use crate::app::resource::{Resource, console_host, encode, object, opt, partition, text};

/// The resource a result names.
pub(super) fn hit_resource(hit: &Hit) -> Resource {
    let region = hit.region.as_str();
    let (host, r) = (console_host(region), encode(region));
    let part = partition(region);
    let account = hit.account.as_deref();
    let arn_in =
        |service: &str, resource: String| account.map(|a| format!("arn:{part}:{service}:{region}:{a}:{resource}"));
    let (id, console_url, arn) = match hit.kind {
        HitKind::Bucket => (
            format!("s3://{}", hit.name),
            format!("https://{host}/s3/buckets/{}?region={r}", encode(&hit.name)),
            Some(format!("arn:{part}:s3:::{}", hit.name)),
        ),
        HitKind::Parameter => (
            hit.name.clone(),
            format!("https://{r}.{host}/systems-manager/parameters/{}/description?region={r}", encode(&hit.name)),
            arn_in("ssm", format!("parameter/{}", hit.name.trim_start_matches('/'))),
        ),
        HitKind::EcsCluster => (
            hit.name.clone(),
            format!("https://{r}.{host}/ecs/v2/clusters/{}?region={r}", encode(&hit.name)),
            arn_in("ecs", format!("cluster/{}", hit.name)),
        ),
        HitKind::EcsService => {
            let cluster = hit.parent.clone().unwrap_or_default();
            (
                hit.name.clone(),
                format!(
                    "https://{r}.{host}/ecs/v2/clusters/{}/services/{}?region={r}",
                    encode(&cluster),
                    encode(&hit.name)
                ),
                arn_in("ecs", format!("service/{cluster}/{}", hit.name)),
            )
        }
        HitKind::Vpc => (
            hit.name.clone(),
            format!("https://{r}.{host}/vpcconsole/home?region={r}#VpcDetails:VpcId={}", encode(&hit.name)),
            arn_in("ec2", format!("vpc/{}", hit.name)),
        ),
        HitKind::Subnet => (
            hit.name.clone(),
            format!("https://{r}.{host}/vpcconsole/home?region={r}#SubnetDetails:subnetId={}", encode(&hit.name)),
            arn_in("ec2", format!("subnet/{}", hit.name)),
        ),
        HitKind::NetworkInterface => (
            hit.name.clone(),
            format!("https://{r}.{host}/ec2/home?region={r}#NetworkInterface:networkInterfaceId={}", encode(&hit.name)),
            arn_in("ec2", format!("network-interface/{}", hit.name)),
        ),
        HitKind::LogGroup => (
            hit.name.clone(),
            crate::app::logs::resource::group_url(region, &hit.name),
            arn_in("logs", format!("log-group:{}", hit.name)),
        ),
    };
    Resource {
        kind: hit.kind.label(),
        id,
        console_url,
        region: hit.region.clone(),
        arn: arn.clone(),
        json: object([
            ("kind", text(hit.kind.label())),
            ("name", text(&hit.name)),
            ("nameTag", opt(hit.label.as_deref())),
            ("parent", opt(hit.parent.as_deref())),
            ("address", opt(hit.address.as_deref())),
            ("detail", text(&hit.detail)),
            ("profile", text(&hit.profile)),
            ("account", opt(account)),
            ("region", text(region)),
            ("arn", opt(arn.as_deref())),
        ]),
    }
}
