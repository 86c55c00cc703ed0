//! The Network tables' columns, most important kept longest: ids never get
//! cut to make room for an owner account.

use ratatui::text::Line;

use super::first_and_more;
use crate::app::rows::{InterfaceColumn as I, SubnetColumn as S, VpcColumn as V};
use crate::aws::ec2::{NetworkInterface, Subnet, Vpc};
use crate::ui::text;
use crate::ui::widgets::columns::Col;

fn inert(s: &str) -> Line<'static> {
    Line::raw(text::inert(s).into_owned())
}

fn opt(s: Option<&str>) -> Line<'static> {
    s.filter(|s| !s.is_empty()).map_or_else(|| Line::raw("—"), inert)
}

fn yes(b: bool) -> Line<'static> {
    Line::raw(if b { "yes" } else { "no" })
}

fn list(items: &[String]) -> Line<'static> {
    Line::raw(first_and_more(items))
}

fn count(n: Option<u32>) -> Line<'static> {
    Line::raw(n.map_or_else(|| "—".to_owned(), |n| n.to_string()))
}

/// The VPC list.
pub const VPC: [Col<Vpc>; 8] = [
    Col::fixed("VPC ID", 21, 10, Some(V::VpcId), |v, ()| inert(&v.vpc_id)),
    Col::fill("NAME", 1, 10, 9, Some(V::Name), |v, ()| opt(v.name.as_deref())),
    Col::fixed("IPV4 CIDRS", 19, 8, Some(V::Ipv4Cidrs), |v, ()| list(&v.cidr_blocks)),
    Col::fixed("IPV6 CIDRS", 24, 3, Some(V::Ipv6Cidrs), |v, ()| list(&v.ipv6_cidr_blocks)),
    Col::fixed("STATE", 9, 6, Some(V::State), |v, ()| inert(v.state.as_str())),
    Col::fixed("DEFAULT", 7, 5, Some(V::Default), |v, ()| yes(v.is_default)),
    Col::fixed("TENANCY", 9, 4, Some(V::Tenancy), |v, ()| opt(Some(&v.tenancy))),
    Col::fixed("OWNER", 12, 2, Some(V::Owner), |v, ()| inert(&v.owner_id)),
];

/// A VPC's subnets.
pub const SUBNET: [Col<Subnet>; 8] = [
    Col::fixed("SUBNET ID", 24, 10, Some(S::SubnetId), |s, ()| inert(&s.subnet_id)),
    Col::fill("NAME", 1, 10, 9, Some(S::Name), |s, ()| opt(s.name.as_deref())),
    Col::fixed("ZONE", 12, 8, Some(S::Zone), |s, ()| opt(Some(&s.availability_zone))),
    Col::fixed("IPV4 CIDR", 18, 8, Some(S::Ipv4Cidr), |s, ()| opt(Some(&s.cidr_block))),
    Col::fixed("FREE IPS", 8, 7, Some(S::FreeIps), |s, ()| count(s.available_ips)),
    Col::fixed("DEFAULT", 7, 5, Some(S::Default), |s, ()| yes(s.default_for_az)),
    Col::fixed("PUBLIC IP", 9, 6, Some(S::PublicIp), |s, ()| yes(s.map_public_ip)),
    Col::fixed("STATE", 9, 2, Some(S::State), |s, ()| inert(s.state.as_str())),
];

/// Every subnet in the region: the subnet's columns with its VPC.
pub const ANY_VPC_SUBNET: [Col<Subnet>; 9] = [
    Col::fixed("SUBNET ID", 24, 10, Some(S::SubnetId), |s, ()| inert(&s.subnet_id)),
    Col::fixed("VPC ID", 21, 9, None, |s, ()| inert(&s.vpc_id)),
    Col::fill("NAME", 1, 10, 9, Some(S::Name), |s, ()| opt(s.name.as_deref())),
    Col::fixed("ZONE", 12, 8, Some(S::Zone), |s, ()| opt(Some(&s.availability_zone))),
    Col::fixed("IPV4 CIDR", 18, 8, Some(S::Ipv4Cidr), |s, ()| opt(Some(&s.cidr_block))),
    Col::fixed("FREE IPS", 8, 7, Some(S::FreeIps), |s, ()| count(s.available_ips)),
    Col::fixed("DEFAULT", 7, 5, Some(S::Default), |s, ()| yes(s.default_for_az)),
    Col::fixed("PUBLIC IP", 9, 6, Some(S::PublicIp), |s, ()| yes(s.map_public_ip)),
    Col::fixed("STATE", 9, 2, Some(S::State), |s, ()| inert(s.state.as_str())),
];

fn private_ips(n: &NetworkInterface) -> Line<'static> {
    let all: Vec<String> = n.private_ips.iter().map(|ip| ip.address.clone()).collect();
    list(&all)
}

/// Group names (ids when a group has none); the detail shows both.
fn security_groups(n: &NetworkInterface) -> Line<'static> {
    if n.security_groups.is_empty() {
        return Line::raw("—");
    }
    let names: Vec<String> = n
        .security_groups
        .iter()
        .map(|g| text::inert(g.group_name.as_deref().unwrap_or(&g.group_id)).into_owned())
        .collect();
    Line::raw(names.join(", "))
}

/// Network interfaces of a subnet or a VPC.
pub const INTERFACE: [Col<NetworkInterface>; 8] = [
    Col::fixed("INTERFACE ID", 21, 10, Some(I::InterfaceId), |n, ()| inert(&n.eni_id)),
    Col::fixed("TYPE", 13, 9, Some(I::Type), |n, ()| inert(n.eni_type.label())),
    Col::fixed("STATUS", 10, 7, Some(I::Status), |n, ()| inert(n.status.as_str())),
    Col::fixed("PRIVATE IP", 18, 8, Some(I::PrivateIp), |n, ()| private_ips(n)),
    Col::fixed("PUBLIC IP", 15, 5, Some(I::PublicIp), |n, ()| opt(n.public_ip.as_ref().map(|p| p.address.as_str()))),
    Col::fixed("ATTACHED TO", 19, 6, Some(I::AttachedTo), |n, ()| opt(n.attached_to())),
    Col::fill("SECURITY GROUPS", 1, 16, 3, Some(I::SecurityGroups), |n, ()| security_groups(n)),
    Col::fill("DESCRIPTION", 1, 12, 4, Some(I::Description), |n, ()| opt(Some(&n.description))),
];

/// Find-by-IP results, which may come from any VPC.
pub const FOUND: [Col<NetworkInterface>; 9] = [
    Col::fixed("INTERFACE ID", 21, 10, Some(I::InterfaceId), |n, ()| inert(&n.eni_id)),
    Col::fixed("VPC ID", 21, 9, Some(I::VpcId), |n, ()| inert(&n.vpc_id)),
    Col::fixed("TYPE", 13, 8, Some(I::Type), |n, ()| inert(n.eni_type.label())),
    Col::fixed("PRIVATE IP", 17, 8, Some(I::PrivateIp), |n, ()| private_ips(n)),
    Col::fixed("PUBLIC IP", 15, 7, Some(I::PublicIp), |n, ()| opt(n.public_ip.as_ref().map(|p| p.address.as_str()))),
    Col::fixed("ATTACHED TO", 19, 5, Some(I::AttachedTo), |n, ()| opt(n.attached_to())),
    Col::fixed("SUBNET ID", 24, 3, Some(I::SubnetId), |n, ()| inert(&n.subnet_id)),
    Col::fixed("STATUS", 10, 2, Some(I::Status), |n, ()| inert(n.status.as_str())),
    Col::fill("DESCRIPTION", 1, 12, 4, Some(I::Description), |n, ()| opt(Some(&n.description))),
];
