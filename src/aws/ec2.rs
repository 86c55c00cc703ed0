//! EC2 networking: VPCs, their subnets and the network interfaces in them,
//! and finding an interface by an IP address.
//!
//! Every listing is a [`Pages`]: `MaxResults` is the provider's page size,
//! by default [`PAGE_SIZE`] (AWS allows 5–1000), the filter is sent again
//! with every page, and a page that comes
//! back empty but still carries a `NextToken` does not end the listing
//! (`DescribeNetworkInterfaces` sends those when a filter matches sparsely).

use std::fmt;
use std::net::IpAddr;

use aws_sdk_ec2::types::Filter;
use futures_util::FutureExt;

mod convert;
mod model;

pub use convert::{interface_from_sdk, partition, subnet_from_sdk, vpc_from_sdk};
pub use model::{
    Attachment, InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, PublicIp, ResourceState, SecurityGroupRef,
    Subnet, Tag, Vpc, name_of,
};

use super::call::{Answer, Failed};
use super::error::{AwsError, Call, service_error};
use super::pages::Pages;
use super::provider::AwsProvider;

/// `MaxResults` for every Describe call here: the most AWS allows (the config may ask for less).
pub const PAGE_SIZE: i32 = 1000;

/// Which network interfaces to list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum InterfaceScope {
    /// Every interface in a VPC.
    Vpc {
        /// The VPC.
        vpc_id: String,
    },
    /// Every interface in one subnet.
    Subnet {
        /// The VPC the subnet is in.
        vpc_id: String,
        /// The subnet.
        subnet_id: String,
    },
}

impl InterfaceScope {
    /// The VPC the scope lies in.
    #[must_use]
    pub fn vpc_id(&self) -> &str {
        match self {
            Self::Vpc { vpc_id } | Self::Subnet { vpc_id, .. } => vpc_id,
        }
    }

    fn filter(&self) -> Filter {
        match self {
            Self::Vpc { vpc_id } => filter("vpc-id", vpc_id),
            Self::Subnet { subnet_id, .. } => filter("subnet-id", subnet_id),
        }
    }
}

impl fmt::Display for InterfaceScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Vpc { vpc_id } => write!(f, "network interfaces of {vpc_id}"),
            Self::Subnet { subnet_id, .. } => write!(f, "network interfaces of {subnet_id}"),
        }
    }
}

/// EC2 failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ec2Error {
    /// The VPC does not exist in this account and region (`InvalidVpcID.NotFound`).
    #[error(
        "VPC {vpc_id} does not exist in this account and region (it may have been deleted). Press Esc to go back, then r to reload the VPC list."
    )]
    VpcNotFound {
        /// The VPC asked for.
        vpc_id: String,
    },
    /// The subnet does not exist (`InvalidSubnetID.NotFound`).
    #[error(
        "Subnet {subnet_id} does not exist in this account and region (it may have been deleted). Press Esc to go back, then r to reload the subnets."
    )]
    SubnetNotFound {
        /// The subnet asked for.
        subnet_id: String,
    },
    /// The network interface does not exist (`InvalidNetworkInterfaceID.NotFound`).
    #[error(
        "Network interface {eni_id} does not exist any more (it was deleted, or the service that owned it released it). Press Esc to go back, then r to reload the list."
    )]
    InterfaceNotFound {
        /// The interface asked for.
        eni_id: String,
    },
    /// Any other classified AWS failure.
    #[error(transparent)]
    Aws(#[from] AwsError),
}

service_error!(Ec2Error { VpcNotFound | SubnetNotFound | InterfaceNotFound => NotFound });

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

/// What the screen says of a failed (and already logged) EC2 call. EC2's
/// access-denied messages carry a long encoded blob; the log keeps it, the
/// screen says how to get it.
fn refine<E>(failed: Failed<E>) -> AwsError {
    let status = failed.status();
    let mut error = failed.error;
    if let Some(message) = &mut error.message
        && let Some(at) = message.find("Encoded authorization failure message:")
    {
        message.truncate(at);
        message.push_str(
            "The encoded authorization failure message is in the log file; decode it with aws sts decode-authorization-message.",
        );
    }
    // An answer with neither code nor message (an HTML error page from a proxy
    // or an emulator) would otherwise read "no details".
    if error.code.is_none()
        && error.message.is_none()
        && let Some(status) = status
    {
        error.message = Some(format!(
            "the endpoint answered HTTP {status} without an AWS error code; press r to retry, or check --endpoint-url if it is not AWS"
        ));
    }
    error
}

/// Lists every VPC in the region, a page at a time (`DescribeVpcs`).
#[must_use]
pub fn list_vpcs(provider: &AwsProvider) -> Pages<Vpc, Ec2Error> {
    list_vpcs_where(None, provider)
}

/// An EC2 filter on a tag: `tag:KEY` holding `value` (`*` and `?` are
/// wildcards, as EC2 reads them).
#[must_use]
pub fn tag_filter(key: &str, value: &str) -> Filter {
    filter(&format!("tag:{key}"), value)
}

/// Lists the VPCs that pass `filter` (every VPC without one), a page at a
/// time (`DescribeVpcs`, the filter sent with every page), so the user is not
/// limited to the VPCs already loaded.
#[must_use]
pub fn list_vpcs_where(filter: Option<Filter>, provider: &AwsProvider) -> Pages<Vpc, Ec2Error> {
    let client = provider.ec2();
    let provider = provider.clone();
    Pages::new(move |token, page| {
        let (client, provider, filter) = (client.clone(), provider.clone(), filter.clone());
        async move {
            let resource = match &filter {
                Some(f) => format!("VPCs where {}={}", f.name().unwrap_or_default(), f.values().join(",")),
                None => "all VPCs".to_owned(),
            };
            let call = Call { service: "ec2", operation: "DescribeVpcs", resource: &resource };
            let region = provider.environment().region.clone();
            let request = client.describe_vpcs().max_results(provider.page_sizes().ec2).set_next_token(token);
            let request = request.set_filters(filter.map(|f| vec![f])).send();
            provider
                .send(call, page, request, |out| {
                    let vpcs: Vec<Vpc> = out.vpcs().iter().map(|x| vpc_from_sdk(x, &region)).collect();
                    Answer::page(vpcs, out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| Ec2Error::Aws(refine(failed)))
        }
        .boxed()
    })
}

/// One VPC's details (`DescribeVpcs` for its id).
///
/// # Errors
/// [`Ec2Error::VpcNotFound`] when it does not exist, or the classified failure.
pub async fn get_vpc_details(vpc_id: &str, provider: &AwsProvider) -> Result<Vpc, Ec2Error> {
    let resource = format!("VPC {vpc_id}");
    let call = Call { service: "ec2", operation: "DescribeVpcs", resource: &resource };
    let region = provider.environment().region.clone();
    let request = provider.ec2().describe_vpcs().vpc_ids(vpc_id).send();
    let found = provider.send(call, 1, request, |out| {
        let found = out.vpcs().iter().find(|v| v.vpc_id() == Some(vpc_id)).map(|x| vpc_from_sdk(x, &region));
        Answer::counted(found, out.vpcs().len(), false)
    });
    match found.await {
        Ok(found) => found.ok_or_else(|| Ec2Error::VpcNotFound { vpc_id: vpc_id.to_owned() }),
        Err(failed) => {
            let error = refine(failed);
            if matches!(error.code.as_deref(), Some("InvalidVpcID.NotFound" | "InvalidVpcID.Malformed")) {
                return Err(Ec2Error::VpcNotFound { vpc_id: vpc_id.to_owned() });
            }
            Err(Ec2Error::Aws(error))
        }
    }
}

/// Lists every subnet of a VPC, a page at a time (`DescribeSubnets` filtered on
/// `vpc-id`, the filter sent with every page). A VPC without subnets, or one
/// that does not exist, gives an empty listing; see [`get_vpc_details`].
#[must_use]
pub fn list_subnets(vpc_id: &str, provider: &AwsProvider) -> Pages<Subnet, Ec2Error> {
    subnet_pages(Some(filter("vpc-id", vpc_id)), format!("subnets of {vpc_id}"), provider)
}

/// Lists every subnet in the region whatever its VPC, a page at a time
/// (`DescribeSubnets` without a filter).
#[must_use]
pub fn list_all_subnets(provider: &AwsProvider) -> Pages<Subnet, Ec2Error> {
    subnet_pages(None, "all subnets".to_owned(), provider)
}

/// Lists the subnets that pass `filter`, whatever their VPC, a page at a
/// time (`DescribeSubnets`, the filter sent with every page).
#[must_use]
pub fn list_subnets_where(filter: Filter, provider: &AwsProvider) -> Pages<Subnet, Ec2Error> {
    let resource = format!("subnets where {}={}", filter.name().unwrap_or_default(), filter.values().join(","));
    subnet_pages(Some(filter), resource, provider)
}

/// Pages of `DescribeSubnets` under `filter`, sent with every page.
fn subnet_pages(filter: Option<Filter>, resource: String, provider: &AwsProvider) -> Pages<Subnet, Ec2Error> {
    let client = provider.ec2();
    let provider = provider.clone();
    Pages::new(move |token, page| {
        let (client, provider, filter, resource) = (client.clone(), provider.clone(), filter.clone(), resource.clone());
        async move {
            let call = Call { service: "ec2", operation: "DescribeSubnets", resource: &resource };
            let region = provider.environment().region.clone();
            let request = client
                .describe_subnets()
                .set_filters(filter.map(|f| vec![f]))
                .max_results(provider.page_sizes().ec2)
                .set_next_token(token)
                .send();
            provider
                .send(call, page, request, |out| {
                    let subnets: Vec<Subnet> = out.subnets().iter().map(|x| subnet_from_sdk(x, &region)).collect();
                    Answer::page(subnets, out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| Ec2Error::Aws(refine(failed)))
        }
        .boxed()
    })
}

/// One subnet (`DescribeSubnets` for its id).
///
/// # Errors
/// [`Ec2Error::SubnetNotFound`] when it does not exist, or the classified failure.
pub async fn get_subnet(subnet_id: &str, provider: &AwsProvider) -> Result<Subnet, Ec2Error> {
    let resource = format!("subnet {subnet_id}");
    let call = Call { service: "ec2", operation: "DescribeSubnets", resource: &resource };
    let region = provider.environment().region.clone();
    let request = provider.ec2().describe_subnets().subnet_ids(subnet_id).send();
    let found = provider.send(call, 1, request, |out| {
        let found =
            out.subnets().iter().find(|s| s.subnet_id() == Some(subnet_id)).map(|x| subnet_from_sdk(x, &region));
        Answer::counted(found, out.subnets().len(), false)
    });
    match found.await {
        Ok(found) => found.ok_or_else(|| Ec2Error::SubnetNotFound { subnet_id: subnet_id.to_owned() }),
        Err(failed) => {
            let error = refine(failed);
            if matches!(error.code.as_deref(), Some("InvalidSubnetID.NotFound" | "InvalidSubnetID.Malformed")) {
                return Err(Ec2Error::SubnetNotFound { subnet_id: subnet_id.to_owned() });
            }
            Err(Ec2Error::Aws(error))
        }
    }
}

/// Pages of `DescribeNetworkInterfaces` under `filters`, sent with every page.
fn interface_pages(
    filters: Vec<Filter>,
    resource: String,
    provider: &AwsProvider,
) -> Pages<NetworkInterface, Ec2Error> {
    let client = provider.ec2();
    let provider = provider.clone();
    Pages::new(move |token, page| {
        let (client, provider, filters, resource) =
            (client.clone(), provider.clone(), filters.clone(), resource.clone());
        async move {
            let call = Call { service: "ec2", operation: "DescribeNetworkInterfaces", resource: &resource };
            let region = provider.environment().region.clone();
            let request = client
                .describe_network_interfaces()
                .set_filters(Some(filters))
                .max_results(provider.page_sizes().ec2)
                .set_next_token(token)
                .send();
            provider
                .send(call, page, request, |out| {
                    let interfaces: Vec<NetworkInterface> =
                        out.network_interfaces().iter().map(|x| interface_from_sdk(x, &region)).collect();
                    Answer::page(interfaces, out.next_token().map(str::to_owned))
                })
                .await
                .map_err(|failed| Ec2Error::Aws(refine(failed)))
        }
        .boxed()
    })
}

/// Lists every network interface in a VPC or a subnet, a page at a time.
#[must_use]
pub fn list_network_interfaces(scope: &InterfaceScope, provider: &AwsProvider) -> Pages<NetworkInterface, Ec2Error> {
    interface_pages(vec![scope.filter()], scope.to_string(), provider)
}

/// One network interface by id (`DescribeNetworkInterfaces` for its id).
///
/// # Errors
/// [`Ec2Error::InterfaceNotFound`] when it does not exist, or the classified failure.
pub async fn get_network_interface(eni_id: &str, provider: &AwsProvider) -> Result<NetworkInterface, Ec2Error> {
    let resource = format!("network interface {eni_id}");
    let call = Call { service: "ec2", operation: "DescribeNetworkInterfaces", resource: &resource };
    let region = provider.environment().region.clone();
    let request = provider.ec2().describe_network_interfaces().network_interface_ids(eni_id).send();
    let found = provider.send(call, 1, request, |out| {
        let interfaces = out.network_interfaces();
        let found = interfaces
            .iter()
            .find(|n| n.network_interface_id() == Some(eni_id))
            .map(|x| interface_from_sdk(x, &region));
        Answer::counted(found, interfaces.len(), false)
    });
    match found.await {
        Ok(found) => found.ok_or_else(|| Ec2Error::InterfaceNotFound { eni_id: eni_id.to_owned() }),
        Err(failed) => {
            let error = refine(failed);
            if matches!(
                error.code.as_deref(),
                Some("InvalidNetworkInterfaceID.NotFound" | "InvalidNetworkInterfaceID.Malformed")
            ) {
                return Err(Ec2Error::InterfaceNotFound { eni_id: eni_id.to_owned() });
            }
            Err(Ec2Error::Aws(error))
        }
    }
}

/// The filters find-by-IP tries, in order, for `ip`, each with the resource
/// it searches in the user's words (for errors and the log).
#[must_use]
pub fn ip_filters(ip: IpAddr) -> Vec<(&'static str, String)> {
    match ip {
        IpAddr::V4(_) => vec![
            ("addresses.private-ip-address", format!("network interfaces with private IP {ip}")),
            ("association.public-ip", format!("network interfaces with public IP {ip} (no private address matched)")),
        ],
        IpAddr::V6(_) => vec![("ipv6-addresses.ipv6-address", format!("network interfaces with IPv6 address {ip}"))],
    }
}

/// Every network interface in the region holding `ip`: first as a private
/// address (primary or secondary), then, when none does, as a public one.
/// Private addresses repeat across VPCs, so there may be several.
///
/// # Errors
/// The classified failure of the first call that failed.
pub async fn find_network_interfaces_by_ip(
    ip: IpAddr,
    provider: &AwsProvider,
) -> Result<Vec<NetworkInterface>, Ec2Error> {
    let value = ip.to_string();
    for (name, resource) in ip_filters(ip) {
        let found = interface_pages(vec![filter(name, &value)], resource, provider).collect_all().await?;
        if !found.is_empty() {
            return Ok(found);
        }
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_uses_its_own_filter() {
        let v6: IpAddr = "2600:1f18::1".parse().expect("valid v6");
        let names = |ip| ip_filters(ip).into_iter().map(|(name, _)| name).collect::<Vec<_>>();
        assert_eq!(names(v6), ["ipv6-addresses.ipv6-address"]);
        let v4: IpAddr = "10.0.1.23".parse().expect("valid v4");
        assert_eq!(names(v4), ["addresses.private-ip-address", "association.public-ip"]);
    }
}
