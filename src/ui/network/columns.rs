//! The Network tables' columns, and fitting them to the terminal: when not
//! every column fits, the least important ones go first, so ids never get
//! cut to make room for an owner account.

use ratatui::layout::Constraint;
use ratatui::widgets::{Cell, Row};

use super::first_and_more;
use crate::aws::ec2::{NetworkInterface, Subnet, Vpc};
use crate::ui::text;
use crate::ui::widgets::table::{Column, SELECTED_MARK};

/// Spaces between columns (as the shared table draws them).
const SPACING: u16 = 2;

/// One column of a Network table.
pub struct Col<T> {
    /// The header.
    pub header: &'static str,
    /// Its width; `Fill` columns need at least `min`.
    pub width: Constraint,
    /// Width it cannot do without.
    pub min: u16,
    /// Higher is kept longer when space runs out.
    pub keep: u8,
    /// The cell text for one item (already made inert).
    pub cell: fn(&T) -> String,
}

const fn fixed<T>(header: &'static str, width: u16, keep: u8, cell: fn(&T) -> String) -> Col<T> {
    Col { header, width: Constraint::Length(width), min: width, keep, cell }
}

const fn fill<T>(header: &'static str, share: u16, min: u16, keep: u8, cell: fn(&T) -> String) -> Col<T> {
    Col { header, width: Constraint::Fill(share), min, keep, cell }
}

fn inert(s: &str) -> String {
    text::inert(s).into_owned()
}

fn opt(s: Option<&str>) -> String {
    s.filter(|s| !s.is_empty()).map_or_else(|| "—".to_owned(), inert)
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

/// The VPC list.
pub const VPC: [Col<Vpc>; 8] = [
    fixed("VPC ID", 21, 10, |v| inert(&v.vpc_id)),
    fill("NAME", 1, 10, 9, |v| opt(v.name.as_deref())),
    fixed("IPV4 CIDRS", 19, 8, |v| first_and_more(&v.cidr_blocks)),
    fixed("IPV6 CIDRS", 24, 3, |v| first_and_more(&v.ipv6_cidr_blocks)),
    fixed("STATE", 9, 6, |v| inert(v.state.as_str())),
    fixed("DEFAULT", 7, 5, |v| yes(v.is_default)),
    fixed("TENANCY", 9, 4, |v| opt(Some(&v.tenancy))),
    fixed("OWNER", 12, 2, |v| inert(&v.owner_id)),
];

/// A VPC's subnets.
pub const SUBNET: [Col<Subnet>; 8] = [
    fixed("SUBNET ID", 24, 10, |s| inert(&s.subnet_id)),
    fill("NAME", 1, 10, 9, |s| opt(s.name.as_deref())),
    fixed("ZONE", 12, 8, |s| opt(Some(&s.availability_zone))),
    fixed("IPV4 CIDR", 18, 8, |s| opt(Some(&s.cidr_block))),
    fixed("FREE IPS", 8, 7, |s| s.available_ips.map_or_else(|| "—".to_owned(), |n| n.to_string())),
    fixed("DEFAULT", 7, 5, |s| yes(s.default_for_az)),
    fixed("PUBLIC IP", 9, 6, |s| yes(s.map_public_ip)),
    fixed("STATE", 9, 2, |s| inert(s.state.as_str())),
];

/// Every subnet in the region: the subnet's columns with its VPC.
pub const ANY_VPC_SUBNET: [Col<Subnet>; 9] = [
    fixed("SUBNET ID", 24, 10, |s| inert(&s.subnet_id)),
    fixed("VPC ID", 21, 9, |s| inert(&s.vpc_id)),
    fill("NAME", 1, 10, 9, |s| opt(s.name.as_deref())),
    fixed("ZONE", 12, 8, |s| opt(Some(&s.availability_zone))),
    fixed("IPV4 CIDR", 18, 8, |s| opt(Some(&s.cidr_block))),
    fixed("FREE IPS", 8, 7, |s| s.available_ips.map_or_else(|| "—".to_owned(), |n| n.to_string())),
    fixed("DEFAULT", 7, 5, |s| yes(s.default_for_az)),
    fixed("PUBLIC IP", 9, 6, |s| yes(s.map_public_ip)),
    fixed("STATE", 9, 2, |s| inert(s.state.as_str())),
];

fn private_ips(n: &NetworkInterface) -> String {
    let all: Vec<String> = n.private_ips.iter().map(|ip| ip.address.clone()).collect();
    first_and_more(&all)
}

/// Group names (ids when a group has none); the detail shows both.
fn security_groups(n: &NetworkInterface) -> String {
    if n.security_groups.is_empty() {
        return "—".to_owned();
    }
    let names: Vec<String> =
        n.security_groups.iter().map(|g| inert(g.group_name.as_deref().unwrap_or(&g.group_id))).collect();
    names.join(", ")
}

/// Network interfaces of a subnet or a VPC.
pub const INTERFACE: [Col<NetworkInterface>; 8] = [
    fixed("INTERFACE ID", 21, 10, |n| inert(&n.eni_id)),
    fixed("TYPE", 13, 9, |n| inert(n.eni_type.label())),
    fixed("STATUS", 10, 7, |n| inert(n.status.as_str())),
    fixed("PRIVATE IP", 18, 8, private_ips),
    fixed("PUBLIC IP", 15, 5, |n| opt(n.public_ip.as_ref().map(|p| p.address.as_str()))),
    fixed("ATTACHED TO", 19, 6, |n| opt(n.attached_to())),
    fill("SECURITY GROUPS", 1, 16, 3, security_groups),
    fill("DESCRIPTION", 1, 12, 4, |n| opt(Some(&n.description))),
];

/// Find-by-IP results, which may come from any VPC.
pub const FOUND: [Col<NetworkInterface>; 9] = [
    fixed("INTERFACE ID", 21, 10, |n| inert(&n.eni_id)),
    fixed("VPC ID", 21, 9, |n| inert(&n.vpc_id)),
    fixed("TYPE", 13, 8, |n| inert(n.eni_type.label())),
    fixed("PRIVATE IP", 17, 8, private_ips),
    fixed("PUBLIC IP", 15, 7, |n| opt(n.public_ip.as_ref().map(|p| p.address.as_str()))),
    fixed("ATTACHED TO", 19, 5, |n| opt(n.attached_to())),
    fixed("SUBNET ID", 24, 3, |n| inert(&n.subnet_id)),
    fixed("STATUS", 10, 2, |n| inert(n.status.as_str())),
    fill("DESCRIPTION", 1, 12, 4, |n| opt(Some(&n.description))),
];

/// The columns of `all` that fit in a pane `width` wide (border included),
/// and a row builder for them.
pub fn fit<T>(all: &[Col<T>], width: u16) -> (Vec<Column>, impl Fn(&T, &[u16]) -> Row<'static> + '_) {
    let room = width.saturating_sub(2 + u16::try_from(SELECTED_MARK.chars().count()).unwrap_or(2));
    let mut kept: Vec<&Col<T>> = all.iter().collect();
    let need = |cols: &[&Col<T>]| -> u16 {
        let widths: u16 = cols.iter().map(|c| c.min).sum();
        widths + SPACING * u16::try_from(cols.len().saturating_sub(1)).unwrap_or(0)
    };
    while need(&kept) > room && kept.len() > 1 {
        let Some(weakest) = kept.iter().enumerate().min_by_key(|(_, c)| c.keep).map(|(i, _)| i) else {
            break;
        };
        kept.remove(weakest);
    }
    let mut columns: Vec<Column> = kept.iter().map(|c| Column { header: c.header, width: c.width }).collect();
    // With every flexible column dropped, the last one left takes the slack.
    if !columns.iter().any(|c| matches!(c.width, Constraint::Fill(_)))
        && let Some(last) = columns.last_mut()
    {
        last.width = Constraint::Fill(1);
    }
    (columns, row_builder(kept))
}

fn row_builder<T>(kept: Vec<&Col<T>>) -> impl Fn(&T, &[u16]) -> Row<'static> + '_ {
    move |item, widths| {
        Row::new(kept.iter().enumerate().map(|(i, c)| {
            let value = (c.cell)(item);
            match widths.get(i) {
                Some(w) => Cell::from(text::fit(&value, *w).into_owned()),
                None => Cell::from(value),
            }
        }))
    }
}
