//! The EC2 wrappers over a fake transport: pages and tokens with the filter
//! kept on every page, empty pages that carry a token, every mapped error
//! code, unexpected errors passing through, and what the domain structs keep.

mod fake;

use std::net::IpAddr;

use aws_sdk_ec2::operation::describe_network_interfaces::{
    DescribeNetworkInterfacesInput, DescribeNetworkInterfacesOutput,
};
use aws_sdk_ec2::operation::describe_subnets::{DescribeSubnetsInput, DescribeSubnetsOutput};
use aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput;
use aws_sdk_ec2::types::{
    Filter, GroupIdentifier, NetworkInterface as SdkInterface, NetworkInterfaceAssociation, NetworkInterfaceAttachment,
    NetworkInterfaceIpv6Address, NetworkInterfacePrivateIpAddress, NetworkInterfaceStatus, NetworkInterfaceType,
    Subnet as SdkSubnet, Tag, Vpc as SdkVpc, VpcCidrBlockAssociation, VpcCidrBlockState, VpcCidrBlockStateCode,
    VpcIpv6CidrBlockAssociation,
};
use aws_smithy_mocks::mock;
use awscope::aws::ErrorKind;
use awscope::aws::ec2::{self, Ec2Error, InterfaceScope, InterfaceStatus, InterfaceType, PAGE_SIZE};

/// An EC2 (query protocol) error body, as AWS sends it.
fn ec2_error(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>REQ123</RequestID></Response>"
    )
}

fn has_filter(filters: &[Filter], name: &str, value: &str) -> bool {
    filters.len() == 1 && filters[0].name() == Some(name) && filters[0].values() == [value.to_owned()]
}

/// The seed's pagination test: the filter and `MaxResults` on every page,
/// each token passed on.
fn subnets_page(r: &DescribeSubnetsInput, token: Option<&str>) -> bool {
    has_filter(r.filters(), "vpc-id", "vpc-123")
        && r.max_results() == Some(PAGE_SIZE)
        && r.next_token() == token
        && r.subnet_ids().is_empty()
}

fn sdk_subnet(id: &str, zone: &str) -> SdkSubnet {
    SdkSubnet::builder()
        .subnet_id(id)
        .vpc_id("vpc-123")
        .availability_zone(zone)
        .cidr_block("10.0.1.0/24")
        .available_ip_address_count(250)
        .default_for_az(false)
        .map_public_ip_on_launch(true)
        .state(aws_sdk_ec2::types::SubnetState::Available)
        .tags(Tag::builder().key("Name").value(format!("{id}-name")).build())
        .build()
}

#[test]
fn the_page_size_is_within_what_aws_allows() {
    assert!((5..=1000).contains(&PAGE_SIZE));
}

#[tokio::test]
async fn describe_subnets_pages_to_the_end_keeping_the_filter_and_passing_each_token() {
    let first =
        mock!(aws_sdk_ec2::Client::describe_subnets).match_requests(|r| subnets_page(r, None)).then_output(|| {
            DescribeSubnetsOutput::builder().subnets(sdk_subnet("subnet-1", "us-east-1a")).next_token("token1").build()
        });
    // An empty page that still carries a token must not end the listing.
    let empty = mock!(aws_sdk_ec2::Client::describe_subnets)
        .match_requests(|r| subnets_page(r, Some("token1")))
        .then_output(|| DescribeSubnetsOutput::builder().next_token("token2").build());
    let last = mock!(aws_sdk_ec2::Client::describe_subnets)
        .match_requests(|r| subnets_page(r, Some("token2")))
        .then_output(|| DescribeSubnetsOutput::builder().subnets(sdk_subnet("subnet-2", "us-east-1b")).build());
    let provider = fake::provider(&[&first, &empty, &last]);

    let subnets = ec2::list_subnets("vpc-123", &provider).collect_all().await.expect("all pages");

    let ids: Vec<&str> = subnets.iter().map(|s| s.subnet_id.as_str()).collect();
    assert_eq!(ids, ["subnet-1", "subnet-2"]);
    assert_eq!((first.num_calls(), empty.num_calls(), last.num_calls()), (1, 1, 1));
    let s = &subnets[0];
    assert_eq!(s.name.as_deref(), Some("subnet-1-name"));
    assert_eq!((s.availability_zone.as_str(), s.cidr_block.as_str()), ("us-east-1a", "10.0.1.0/24"));
    assert_eq!(s.available_ips, Some(250));
    assert!(s.map_public_ip && !s.default_for_az);
    assert_eq!(s.vpc_id, "vpc-123");
    assert!(s.arn.ends_with(":subnet/subnet-1"), "{}", s.arn);
}

fn interfaces_page(r: &DescribeNetworkInterfacesInput, filter: (&str, &str), token: Option<&str>) -> bool {
    has_filter(r.filters(), filter.0, filter.1)
        && r.max_results() == Some(PAGE_SIZE)
        && r.next_token() == token
        && r.network_interface_ids().is_empty()
}

fn sdk_interface(id: &str, kind: NetworkInterfaceType) -> SdkInterface {
    SdkInterface::builder()
        .network_interface_id(id)
        .vpc_id("vpc-123")
        .subnet_id("subnet-1")
        .interface_type(kind)
        .status(NetworkInterfaceStatus::Available)
        .private_ip_address("10.0.1.5")
        .private_ip_addresses(
            NetworkInterfacePrivateIpAddress::builder().private_ip_address("10.0.1.5").primary(true).build(),
        )
        .build()
}

#[tokio::test]
async fn describe_network_interfaces_pages_through_empty_pages_with_the_filter_on_every_page() {
    let by_subnet = ("subnet-id", "subnet-1");
    let first = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(move |r| interfaces_page(r, by_subnet, None))
        .then_output(|| {
            DescribeNetworkInterfacesOutput::builder()
                .network_interfaces(sdk_interface("eni-1", NetworkInterfaceType::Interface))
                .network_interfaces(sdk_interface("eni-2", NetworkInterfaceType::Lambda))
                .next_token("t1")
                .build()
        });
    let empty = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(move |r| interfaces_page(r, by_subnet, Some("t1")))
        .then_output(|| DescribeNetworkInterfacesOutput::builder().next_token("t2").build());
    let last = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(move |r| interfaces_page(r, by_subnet, Some("t2")))
        .then_output(|| {
            DescribeNetworkInterfacesOutput::builder()
                .network_interfaces(sdk_interface("eni-3", NetworkInterfaceType::VpcEndpoint))
                .build()
        });
    let provider = fake::provider(&[&first, &empty, &last]);
    let scope = InterfaceScope::Subnet { vpc_id: "vpc-123".into(), subnet_id: "subnet-1".into() };

    let mut pages = ec2::list_network_interfaces(&scope, &provider);
    let page1 = pages.next_page().await.expect("page 1").expect("ok");
    assert_eq!(page1.len(), 2);
    assert!(pages.has_more());
    let page2 = pages.next_page().await.expect("page 2").expect("ok");
    assert!(page2.is_empty());
    assert!(pages.has_more(), "an empty page with a NextToken keeps paging");
    let page3 = pages.next_page().await.expect("page 3").expect("ok");
    assert!(!pages.has_more());
    assert!(pages.next_page().await.is_none());

    let types: Vec<InterfaceType> = page1.iter().chain(&page3).map(|n| n.eni_type.clone()).collect();
    assert_eq!(types, [InterfaceType::Interface, InterfaceType::Lambda, InterfaceType::VpcEndpoint]);
    assert_eq!((first.num_calls(), empty.num_calls(), last.num_calls()), (1, 1, 1));
}

#[tokio::test]
async fn a_vpcs_interfaces_are_filtered_by_vpc_id() {
    let all = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(|r| interfaces_page(r, ("vpc-id", "vpc-123"), None))
        .then_output(|| {
            DescribeNetworkInterfacesOutput::builder()
                .network_interfaces(sdk_interface("eni-9", NetworkInterfaceType::NatGateway))
                .build()
        });
    let provider = fake::provider(&[&all]);
    let scope = InterfaceScope::Vpc { vpc_id: "vpc-123".into() };

    let found = ec2::list_network_interfaces(&scope, &provider).collect_all().await.expect("one page");

    assert_eq!(found.len(), 1);
    assert_eq!(found[0].eni_type, InterfaceType::NatGateway);
    assert_eq!(all.num_calls(), 1);
}

#[tokio::test]
async fn describe_vpcs_pages_and_keeps_only_live_cidr_associations() {
    let association = |cidr: &str, state: VpcCidrBlockStateCode| {
        VpcCidrBlockAssociation::builder()
            .cidr_block(cidr)
            .cidr_block_state(VpcCidrBlockState::builder().state(state).build())
            .build()
    };
    let ipv6 = |cidr: &str, state: VpcCidrBlockStateCode| {
        VpcIpv6CidrBlockAssociation::builder()
            .ipv6_cidr_block(cidr)
            .ipv6_cidr_block_state(VpcCidrBlockState::builder().state(state).build())
            .build()
    };
    let first = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(PAGE_SIZE))
        .then_output(move || {
            DescribeVpcsOutput::builder()
                .vpcs(
                    SdkVpc::builder()
                        .vpc_id("vpc-123")
                        .owner_id("111122223333")
                        .instance_tenancy(aws_sdk_ec2::types::Tenancy::Default)
                        .is_default(false)
                        .state(aws_sdk_ec2::types::VpcState::Available)
                        .cidr_block("10.0.0.0/16")
                        .cidr_block_association_set(association("10.0.0.0/16", VpcCidrBlockStateCode::Associated))
                        .cidr_block_association_set(association("10.1.0.0/16", VpcCidrBlockStateCode::Associating))
                        .cidr_block_association_set(association("10.2.0.0/16", VpcCidrBlockStateCode::Disassociating))
                        .cidr_block_association_set(association("10.3.0.0/16", VpcCidrBlockStateCode::Disassociated))
                        .cidr_block_association_set(association("10.4.0.0/16", VpcCidrBlockStateCode::Failed))
                        .cidr_block_association_set(association("10.5.0.0/16", VpcCidrBlockStateCode::Failing))
                        .ipv6_cidr_block_association_set(ipv6("2600:1f18::/56", VpcCidrBlockStateCode::Associated))
                        .ipv6_cidr_block_association_set(ipv6("2600:1f19::/56", VpcCidrBlockStateCode::Disassociated))
                        .tags(Tag::builder().key("Name").value("app").build())
                        .build(),
                )
                .next_token("more")
                .build()
        });
    let second = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.next_token() == Some("more") && r.max_results() == Some(PAGE_SIZE))
        .then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(SdkVpc::builder().vpc_id("vpc-default").is_default(true).cidr_block("172.31.0.0/16").build())
                .build()
        });
    let provider = fake::provider(&[&first, &second]);

    let vpcs = ec2::list_vpcs(&provider).collect_all().await.expect("two pages");

    assert_eq!(vpcs.len(), 2);
    let app = &vpcs[0];
    assert_eq!(app.cidr_blocks, ["10.0.0.0/16", "10.1.0.0/16"], "only associating and associated blocks");
    assert_eq!(app.ipv6_cidr_blocks, ["2600:1f18::/56"]);
    assert_eq!(
        (app.name.as_deref(), app.owner_id.as_str(), app.tenancy.as_str()),
        (Some("app"), "111122223333", "default")
    );
    assert!(!app.is_default);
    assert_eq!(app.arn, "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-123");
    // Without an association set the primary block is still shown.
    assert_eq!(vpcs[1].cidr_blocks, ["172.31.0.0/16"]);
    assert!(vpcs[1].is_default);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn get_vpc_details_maps_a_missing_vpc_to_vpc_not_found() {
    let found =
        mock!(aws_sdk_ec2::Client::describe_vpcs).match_requests(|r| r.vpc_ids() == ["vpc-123"]).then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(SdkVpc::builder().vpc_id("vpc-123").owner_id("111122223333").build())
                .build()
        });
    let gone =
        mock!(aws_sdk_ec2::Client::describe_vpcs).match_requests(|r| r.vpc_ids() == ["vpc-gone"]).then_http_response(
            || fake::http(400, &ec2_error("InvalidVpcID.NotFound", "The vpc ID 'vpc-gone' does not exist")),
        );
    let malformed = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.vpc_ids() == ["vpc-?"])
        .then_http_response(|| fake::http(400, &ec2_error("InvalidVpcID.Malformed", "Invalid id: \"vpc-?\"")));
    let silent = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.vpc_ids() == ["vpc-silent"])
        .then_output(|| DescribeVpcsOutput::builder().build());
    let provider = fake::provider(&[&found, &gone, &malformed, &silent]);

    let vpc = ec2::get_vpc_details("vpc-123", &provider).await.expect("exists");
    assert_eq!((vpc.vpc_id.as_str(), vpc.owner_id.as_str()), ("vpc-123", "111122223333"));

    let err = ec2::get_vpc_details("vpc-gone", &provider).await.expect_err("gone");
    assert_eq!(err, Ec2Error::VpcNotFound { vpc_id: "vpc-gone".into() });
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let message = err.to_string();
    assert!(message.contains("vpc-gone") && message.contains("r to reload the VPC list"), "{message}");

    let err = ec2::get_vpc_details("vpc-?", &provider).await.expect_err("malformed");
    assert_eq!(err, Ec2Error::VpcNotFound { vpc_id: "vpc-?".into() });

    let err = ec2::get_vpc_details("vpc-silent", &provider).await.expect_err("absent from the answer");
    assert_eq!(err, Ec2Error::VpcNotFound { vpc_id: "vpc-silent".into() });
}

#[tokio::test]
async fn missing_subnets_and_interfaces_map_to_their_own_not_found() {
    let subnet = mock!(aws_sdk_ec2::Client::describe_subnets).then_http_response(|| {
        fake::http(400, &ec2_error("InvalidSubnetID.NotFound", "The subnet ID 'subnet-gone' does not exist"))
    });
    let interface = mock!(aws_sdk_ec2::Client::describe_network_interfaces).then_http_response(|| {
        fake::http(
            400,
            &ec2_error("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID 'eni-gone' does not exist"),
        )
    });
    let provider = fake::provider(&[&subnet, &interface]);

    let err = ec2::get_subnet("subnet-gone", &provider).await.expect_err("gone");
    assert_eq!(err, Ec2Error::SubnetNotFound { subnet_id: "subnet-gone".into() });
    let err = ec2::get_network_interface("eni-gone", &provider).await.expect_err("gone");
    assert_eq!(err, Ec2Error::InterfaceNotFound { eni_id: "eni-gone".into() });
    assert!(err.to_string().contains("eni-gone") && err.to_string().contains("Esc to go back"), "{err}");
}

#[tokio::test]
async fn unauthorized_operation_names_the_ec2_action_and_keeps_the_blob_off_screen() {
    let denied = mock!(aws_sdk_ec2::Client::describe_network_interfaces).then_http_response(|| {
        fake::http(
            403,
            &ec2_error(
                "UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=",
            ),
        )
    });
    let provider = fake::provider(&[&denied]);
    let scope = InterfaceScope::Subnet { vpc_id: "vpc-123".into(), subnet_id: "subnet-1".into() };

    let err = ec2::list_network_interfaces(&scope, &provider).collect_all().await.expect_err("denied");

    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    let Ec2Error::Aws(aws) = &err else { panic!("expected a classified AWS error, got {err:?}") };
    assert_eq!(aws.code.as_deref(), Some("UnauthorizedOperation"));
    assert_eq!(aws.iam_action(), "ec2:DescribeNetworkInterfaces");
    let message = err.to_string();
    assert!(message.contains("needs ec2:DescribeNetworkInterfaces"), "{message}");
    assert!(message.contains("network interfaces of subnet-1"), "{message}");
    assert!(message.contains("switch profile or role"), "{message}");
    assert!(!message.contains("QUJD"), "the encoded blob stays in the log: {message}");
    assert!(message.contains("aws sts decode-authorization-message"), "{message}");
}

#[tokio::test]
async fn access_denied_throttling_and_bad_credentials_are_classified() {
    let cases = [
        ("AccessDenied", 403, ErrorKind::AccessDenied, "ec2:DescribeVpcs"),
        ("RequestLimitExceeded", 503, ErrorKind::Throttled, "throttled — r to retry"),
        ("AuthFailure", 401, ErrorKind::InvalidCredentials, "Check the access key"),
        ("ExpiredToken", 400, ErrorKind::ExpiredCredentials, "--profile fake"),
    ];
    for (code, status, kind, hint) in cases {
        let rule = mock!(aws_sdk_ec2::Client::describe_vpcs)
            .then_http_response(move || fake::http(status, &ec2_error(code, "nope")));
        let provider = fake::provider(&[&rule]);
        let err = ec2::list_vpcs(&provider).collect_all().await.expect_err(code);
        assert_eq!(err.kind(), kind, "{code}");
        assert!(err.to_string().contains(hint), "{code}: {err}");
        assert!(err.to_string().contains("DescribeVpcs on all VPCs"), "{code}: {err}");
    }
}

#[tokio::test]
async fn an_unexpected_error_code_passes_through_with_its_code_and_message() {
    let odd = mock!(aws_sdk_ec2::Client::describe_subnets)
        .then_http_response(|| fake::http(400, &ec2_error("BrandNewFailure", "something AWS just invented")));
    let provider = fake::provider(&[&odd]);

    let err = ec2::list_subnets("vpc-123", &provider).collect_all().await.expect_err("fails");

    assert_eq!(err.kind(), ErrorKind::Other);
    let Ec2Error::Aws(aws) = &err else { panic!("expected a classified AWS error, got {err:?}") };
    assert_eq!(aws.code.as_deref(), Some("BrandNewFailure"));
    assert_eq!(aws.message.as_deref(), Some("something AWS just invented"));
    assert!(err.to_string().contains("BrandNewFailure: something AWS just invented"), "{err}");
    assert!(err.to_string().contains("subnets of vpc-123"), "{err}");
}

#[tokio::test]
async fn a_failure_on_a_later_page_ends_the_listing_with_that_error() {
    let first =
        mock!(aws_sdk_ec2::Client::describe_vpcs).match_requests(|r| r.next_token().is_none()).then_output(|| {
            DescribeVpcsOutput::builder().vpcs(SdkVpc::builder().vpc_id("vpc-1").build()).next_token("t").build()
        });
    let second = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.next_token() == Some("t"))
        .then_http_response(|| fake::http(503, &ec2_error("RequestLimitExceeded", "Request limit exceeded.")));
    let provider = fake::provider(&[&first, &second]);

    let mut pages = ec2::list_vpcs(&provider);
    assert_eq!(pages.next_page().await.expect("page 1").expect("ok").len(), 1);
    let err = pages.next_page().await.expect("page 2").expect_err("throttled");
    assert_eq!(err.kind(), ErrorKind::Throttled);
    assert!(pages.next_page().await.is_none(), "a failed page ends the listing");
}

fn full_interface() -> SdkInterface {
    SdkInterface::builder()
        .network_interface_id("eni-0abc")
        .vpc_id("vpc-123")
        .subnet_id("subnet-1")
        .availability_zone("us-east-1a")
        .interface_type(NetworkInterfaceType::from("nat_gateway"))
        .status(NetworkInterfaceStatus::InUse)
        .description("Interface for NAT Gateway nat-0123")
        .mac_address("0e:11:22:33:44:55")
        .owner_id("111122223333")
        .requester_id("amazon-nat")
        .requester_managed(true)
        .source_dest_check(false)
        .private_ip_address("10.0.1.23")
        .private_ip_addresses(
            NetworkInterfacePrivateIpAddress::builder().private_ip_address("10.0.1.40").primary(false).build(),
        )
        .private_ip_addresses(
            NetworkInterfacePrivateIpAddress::builder()
                .private_ip_address("10.0.1.23")
                .primary(true)
                .private_dns_name("ip-10-0-1-23.ec2.internal")
                .association(NetworkInterfaceAssociation::builder().public_ip("54.1.2.3").build())
                .build(),
        )
        .ipv6_addresses(NetworkInterfaceIpv6Address::builder().ipv6_address("2600:1f18::23").build())
        .association(
            NetworkInterfaceAssociation::builder()
                .public_ip("54.1.2.3")
                .ip_owner_id("111122223333")
                .allocation_id("eipalloc-1")
                .public_dns_name("ec2-54-1-2-3.compute-1.amazonaws.com")
                .build(),
        )
        .attachment(
            NetworkInterfaceAttachment::builder()
                .attachment_id("eni-attach-1")
                .instance_id("i-0123")
                .instance_owner_id("111122223333")
                .device_index(1)
                .delete_on_termination(true)
                .status(aws_sdk_ec2::types::AttachmentStatus::Attached)
                .build(),
        )
        .groups(GroupIdentifier::builder().group_id("sg-2").group_name("web").build())
        .groups(GroupIdentifier::builder().group_id("sg-1").build())
        .tag_set(Tag::builder().key("team").value("net").build())
        .tag_set(Tag::builder().key("Name").value("nat-a").build())
        .build()
}

#[test]
fn an_interface_keeps_everything_the_detail_shows() {
    let n = ec2::interface_from_sdk(&full_interface(), "us-east-1");

    assert_eq!((n.eni_id.as_str(), n.vpc_id.as_str(), n.subnet_id.as_str()), ("eni-0abc", "vpc-123", "subnet-1"));
    assert_eq!(n.eni_type, InterfaceType::NatGateway);
    assert_eq!(n.status, InterfaceStatus::InUse);
    assert_eq!(n.primary_ip(), Some("10.0.1.23"));
    let addresses: Vec<(&str, bool)> = n.private_ips.iter().map(|ip| (ip.address.as_str(), ip.primary)).collect();
    assert_eq!(addresses, [("10.0.1.23", true), ("10.0.1.40", false)], "the primary first");
    assert_eq!(n.private_ips[0].public_ip.as_deref(), Some("54.1.2.3"));
    assert_eq!(n.ipv6_addresses, ["2600:1f18::23"]);
    let public = n.public_ip.as_ref().expect("public ip");
    assert_eq!((public.address.as_str(), public.owner.as_deref()), ("54.1.2.3", Some("111122223333")));
    let attachment = n.attachment.as_ref().expect("attached");
    assert_eq!((attachment.device_index, attachment.delete_on_termination), (Some(1), true));
    assert_eq!(n.attached_to(), Some("i-0123"));
    assert_eq!(n.security_groups.len(), 2);
    assert_eq!(n.security_groups[0].group_name.as_deref(), Some("web"));
    assert!(!n.source_dest_check);
    assert_eq!(n.mac_address.as_deref(), Some("0e:11:22:33:44:55"));
    assert_eq!(n.name(), Some("nat-a"));
    assert_eq!(n.tags[0].key, "Name", "tags sorted by key");
    assert_eq!(n.arn, "arn:aws:ec2:us-east-1:111122223333:network-interface/eni-0abc");
}

#[test]
fn an_unattached_managed_interface_is_attached_to_its_requester() {
    let sdk = SdkInterface::builder()
        .network_interface_id("eni-elb")
        .interface_type(NetworkInterfaceType::from("a_type_from_the_future"))
        .requester_id("amazon-elb")
        .requester_managed(true)
        .build();
    let n = ec2::interface_from_sdk(&sdk, "eu-west-1");
    assert_eq!(n.attached_to(), Some("amazon-elb"));
    assert_eq!(n.eni_type, InterfaceType::Other("a_type_from_the_future".into()));
    assert!(n.private_ips.is_empty() && n.primary_ip().is_none());
}

#[tokio::test]
async fn find_by_ip_tries_private_addresses_then_public_ones() {
    let private = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(|r| interfaces_page(r, ("addresses.private-ip-address", "54.1.2.3"), None))
        .then_output(|| DescribeNetworkInterfacesOutput::builder().build());
    let public = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(|r| interfaces_page(r, ("association.public-ip", "54.1.2.3"), None))
        .then_output(|| DescribeNetworkInterfacesOutput::builder().network_interfaces(full_interface()).build());
    let provider = fake::provider(&[&private, &public]);

    let ip: IpAddr = "54.1.2.3".parse().expect("ip");
    let found = ec2::find_network_interfaces_by_ip(ip, &provider).await.expect("found");

    assert_eq!(found.len(), 1);
    assert_eq!(found[0].eni_id, "eni-0abc");
    assert_eq!((private.num_calls(), public.num_calls()), (1, 1));
}

#[tokio::test]
async fn find_by_ip_stops_at_a_private_match_and_pages_through_it() {
    let filter = ("addresses.private-ip-address", "10.0.1.23");
    let first = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(move |r| interfaces_page(r, filter, None))
        .then_output(|| DescribeNetworkInterfacesOutput::builder().next_token("t").build());
    let second = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(move |r| interfaces_page(r, filter, Some("t")))
        .then_output(|| {
            DescribeNetworkInterfacesOutput::builder()
                .network_interfaces(sdk_interface("eni-a", NetworkInterfaceType::Interface))
                .network_interfaces(sdk_interface("eni-b", NetworkInterfaceType::Interface))
                .build()
        });
    let public = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .match_requests(|r| has_filter(r.filters(), "association.public-ip", "10.0.1.23"))
        .then_output(|| DescribeNetworkInterfacesOutput::builder().build());
    let provider = fake::provider(&[&first, &second, &public]);

    let ip: IpAddr = "10.0.1.23".parse().expect("ip");
    let found = ec2::find_network_interfaces_by_ip(ip, &provider).await.expect("found");

    // The same private address can live in two VPCs; both come back.
    assert_eq!(found.iter().map(|n| n.eni_id.as_str()).collect::<Vec<_>>(), ["eni-a", "eni-b"]);
    assert_eq!((first.num_calls(), second.num_calls(), public.num_calls()), (1, 1, 0));
}

#[tokio::test]
async fn find_by_ip_reports_nothing_found_as_an_empty_result() {
    let none = mock!(aws_sdk_ec2::Client::describe_network_interfaces)
        .then_output(|| DescribeNetworkInterfacesOutput::builder().build());
    let provider = fake::provider(&[&none]);

    let ip: IpAddr = "192.0.2.1".parse().expect("ip");
    let found = ec2::find_network_interfaces_by_ip(ip, &provider).await.expect("no error");

    assert!(found.is_empty());
    assert_eq!(none.num_calls(), 2, "private, then public");
}

#[tokio::test]
async fn an_error_page_without_a_code_says_what_came_back_and_what_to_do() {
    let html = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .then_http_response(|| fake::http(500, "<!doctype html><title>500 Internal Server Error</title>"));
    let provider = fake::provider(&[&html]);

    let err = ec2::list_vpcs(&provider).collect_all().await.expect_err("fails");

    let message = err.to_string();
    assert!(message.contains("DescribeVpcs on all VPCs failed"), "{message}");
    assert!(message.contains("HTTP 500 without an AWS error code; press r to retry"), "{message}");
}

#[tokio::test]
async fn a_tag_query_asks_ec2_with_the_filter_on_every_page() {
    let tagged =
        |r: &aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsInput| has_filter(r.filters(), "tag:Name", "*prod*");
    let first = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(move |r| tagged(r) && r.next_token().is_none())
        .then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(SdkVpc::builder().vpc_id("vpc-prod-a").owner_id("111122223333").build())
                .next_token("t1")
                .build()
        });
    let second = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(move |r| tagged(r) && r.next_token() == Some("t1"))
        .then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(SdkVpc::builder().vpc_id("vpc-prod-b").owner_id("111122223333").build())
                .build()
        });
    let provider = fake::provider(&[&first, &second]);
    let pages = ec2::list_vpcs_where(Some(ec2::tag_filter("Name", "*prod*")), &provider);
    let vpcs = pages.collect_all().await.expect("both pages");
    let ids: Vec<&str> = vpcs.iter().map(|v| v.vpc_id.as_str()).collect();
    assert_eq!(ids, ["vpc-prod-a", "vpc-prod-b"]);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}
