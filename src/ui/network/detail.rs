//! One network interface in full: addresses, attachment, security groups,
//! tags. Only the lines on screen are drawn; j/k scroll.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{Part, breadcrumb, or_dash};
use crate::app::LoadState;
use crate::app::network::{Crumb, DetailView};
use crate::aws::ec2::NetworkInterface;
use crate::ui::{pane_block, text, theme};

/// Width of the label column.
const LABEL: usize = 19;

fn label(name: &str) -> Span<'static> {
    Span::styled(format!("{name:<LABEL$}"), theme::dim())
}

fn field(name: &str, value: Span<'static>) -> Line<'static> {
    Line::from(vec![label(name), value])
}

fn heading(title: String) -> Line<'static> {
    Line::styled(title, theme::column_header())
}

fn raw(s: &str) -> Span<'static> {
    Span::raw(text::inert(s).into_owned())
}

fn yes_no(b: bool) -> Span<'static> {
    Span::raw(if b { "yes" } else { "no" })
}

/// Every line of the detail of `n`, top to bottom. One line per row: long
/// values are cut at the pane's edge rather than wrapped, so the count does
/// not depend on the terminal's width.
#[must_use]
pub fn detail_lines(n: &NetworkInterface) -> Vec<Line<'static>> {
    let mut lines = overview(n);
    lines.push(Line::raw(""));
    addresses(n, &mut lines);
    attachment(n, &mut lines);
    groups_and_tags(n, &mut lines);
    lines
}

fn none_line(what: &'static str) -> Line<'static> {
    Line::from(vec![Span::raw("  "), Span::styled(what, theme::dim())])
}

fn overview(n: &NetworkInterface) -> Vec<Line<'static>> {
    let kind = format!("{} ({})", text::inert(n.eni_type.label()), text::inert(n.eni_type.as_str()));
    let subnet = match &n.availability_zone {
        Some(zone) => format!("{} in {}", text::inert(&n.subnet_id), text::inert(zone)),
        None => text::inert(&n.subnet_id).into_owned(),
    };
    let requester = match &n.requester_id {
        Some(r) if n.requester_managed => Span::raw(format!("{} (managed by AWS)", text::inert(r))),
        Some(r) => raw(r),
        None => or_dash(None),
    };
    vec![
        field("Interface", raw(&n.eni_id)),
        field("Name", or_dash(n.name())),
        field("Type", Span::raw(kind)),
        field("Status", raw(n.status.as_str())),
        field("Description", or_dash(Some(&n.description))),
        field("VPC", raw(&n.vpc_id)),
        field("Subnet", Span::raw(subnet)),
        field("Owner", or_dash(n.owner_id.as_deref())),
        field("Requester", requester),
        field("MAC address", or_dash(n.mac_address.as_deref())),
        field("Source/dest check", Span::raw(if n.source_dest_check { "on" } else { "off" })),
    ]
}

fn addresses(n: &NetworkInterface, lines: &mut Vec<Line<'static>>) {
    lines.push(heading(format!("Private IPv4 addresses ({})", n.private_ips.len())));
    if n.private_ips.is_empty() {
        lines.push(none_line("none"));
    }
    for ip in &n.private_ips {
        let mut spans = vec![
            Span::raw(format!("  {:<17}", text::inert(&ip.address))),
            Span::styled(if ip.primary { "primary    " } else { "secondary  " }, theme::dim()),
        ];
        if let Some(dns) = &ip.dns_name {
            spans.push(Span::raw(format!("{}  ", text::inert(dns))));
        }
        if let Some(public) = &ip.public_ip {
            spans.push(Span::raw(format!("→ public {}", text::inert(public))));
        }
        lines.push(Line::from(spans));
    }
    lines.push(heading(format!("IPv6 addresses ({})", n.ipv6_addresses.len())));
    if n.ipv6_addresses.is_empty() {
        lines.push(none_line("none"));
    }
    for ip in &n.ipv6_addresses {
        lines.push(Line::raw(format!("  {}", text::inert(ip))));
    }
    lines.push(heading("Public IPv4 address".to_owned()));
    let Some(p) = &n.public_ip else {
        lines.push(none_line("none"));
        return;
    };
    let owner = match p.owner.as_deref() {
        Some("amazon") => "amazon (an auto-assigned address)".to_owned(),
        Some(account) => format!("{} (an Elastic IP)", text::inert(account)),
        None => "—".to_owned(),
    };
    lines.push(field("  Address", raw(&p.address)));
    lines.push(field("  Owner", Span::raw(owner)));
    lines.push(field("  DNS name", or_dash(p.dns_name.as_deref())));
    lines.push(field("  Allocation", or_dash(p.allocation_id.as_deref())));
}

fn attachment(n: &NetworkInterface, lines: &mut Vec<Line<'static>>) {
    lines.push(heading("Attachment".to_owned()));
    let Some(a) = &n.attachment else {
        lines.push(none_line("not attached to an instance"));
        return;
    };
    let device = a.device_index.map_or_else(|| "—".to_owned(), |i| i.to_string());
    lines.push(field("  Instance", or_dash(a.instance_id.as_deref())));
    lines.push(field("  Instance owner", or_dash(a.instance_owner_id.as_deref())));
    lines.push(field("  Device index", Span::raw(device)));
    lines.push(field("  Delete on term.", yes_no(a.delete_on_termination)));
    lines.push(field("  Status", or_dash(a.status.as_deref())));
    lines.push(field("  Attachment id", or_dash(a.attachment_id.as_deref())));
}

fn groups_and_tags(n: &NetworkInterface, lines: &mut Vec<Line<'static>>) {
    lines.push(heading(format!("Security groups ({})", n.security_groups.len())));
    if n.security_groups.is_empty() {
        lines.push(none_line("none"));
    }
    for g in &n.security_groups {
        let id = Span::raw(format!("  {:<22}", text::inert(&g.group_id)));
        lines.push(Line::from(vec![id, or_dash(g.group_name.as_deref())]));
    }
    lines.push(heading(format!("Tags ({})", n.tags.len())));
    if n.tags.is_empty() {
        lines.push(none_line("none"));
    }
    for t in &n.tags {
        lines.push(Line::raw(format!("  {} = {}", text::inert(&t.key), text::inert(&t.value))));
    }
}

/// How many lines the detail of `n` has (the count the app scrolls by).
pub use crate::app::network::detail_line_count;

/// Lines of detail visible when a table would show `list_rows` rows (the
/// detail has no column header, so one more).
#[must_use]
pub fn detail_rows(list_rows: usize) -> usize {
    list_rows + 1
}

/// Draws the detail with `crumbs` leading to it.
pub fn render(frame: &mut Frame<'_>, area: Rect, crumbs: &[Part], view: &DetailView, spinner: &str) {
    let n = &view.interface;
    let mut parts = crumbs.to_vec();
    parts.push(Part::Resource(Crumb { id: n.eni_id.clone(), name: n.name().map(str::to_owned) }));
    let suffix = match &view.state {
        LoadState::Loading => format!("{spinner} reloading…"),
        _ => String::new(),
    };
    let lines = detail_lines(n);
    let block = pane_block(Line::styled(breadcrumb(&parts, &suffix, area.width), theme::title()))
        .title_bottom(Line::styled(" j/k scroll · r reload · Esc back ", theme::dim()).alignment(Alignment::Left));
    let inner = block.inner(area);
    // One column of padding each side, so values never touch the border.
    let inner = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
    let notice = match &view.state {
        LoadState::Failed(failure) => Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error())),
        LoadState::Cancelled => {
            Some(Line::styled("Reload cancelled: showing what was loaded before · r to reload", theme::notice()))
        }
        _ => None,
    };
    let body = match notice {
        Some(notice) => {
            let width = usize::from(inner.width.max(1));
            let rows = u16::try_from(notice.width().div_ceil(width).clamp(1, 3)).unwrap_or(3);
            let [top, rest] = Layout::vertical([Constraint::Length(rows + 1), Constraint::Min(0)]).areas(inner);
            frame.render_widget(Paragraph::new(notice).wrap(Wrap { trim: true }), top);
            rest
        }
        None => inner,
    };
    let visible = usize::from(body.height);
    let first = view.scroll.min(lines.len().saturating_sub(visible));
    let last = (first + visible).min(lines.len());
    let position = if lines.len() > visible {
        format!(" lines {}–{} of {} ", first + 1, last, lines.len())
    } else {
        String::new()
    };
    let block = block.title_bottom(Line::styled(position, theme::dim()).alignment(Alignment::Right));
    frame.render_widget(block, area);
    let shown: Vec<Line<'static>> = lines.into_iter().skip(first).take(visible).collect();
    frame.render_widget(Paragraph::new(shown), body);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::ec2::{Attachment, InterfaceStatus, InterfaceType, PrivateIp, PublicIp, SecurityGroupRef, Tag};

    fn bare() -> NetworkInterface {
        NetworkInterface {
            eni_id: "eni-1".into(),
            vpc_id: "vpc-1".into(),
            subnet_id: "subnet-1".into(),
            eni_type: InterfaceType::Interface,
            status: InterfaceStatus::Available,
            availability_zone: None,
            description: String::new(),
            private_ips: vec![],
            ipv6_addresses: vec![],
            public_ip: None,
            attachment: None,
            requester_id: None,
            requester_managed: false,
            security_groups: vec![],
            source_dest_check: true,
            mac_address: None,
            owner_id: None,
            tags: vec![],
            arn: String::new(),
        }
    }

    #[test]
    fn the_app_scrolls_by_exactly_the_lines_drawn() {
        let ip = |a: &str| PrivateIp { address: a.into(), primary: false, dns_name: None, public_ip: None };
        let mut full = bare();
        full.private_ips = vec![ip("10.0.0.1"), ip("10.0.0.2"), ip("10.0.0.3")];
        full.ipv6_addresses = vec!["::1".into(), "::2".into()];
        full.public_ip = Some(PublicIp { address: "1.2.3.4".into(), owner: None, dns_name: None, allocation_id: None });
        full.attachment = Some(Attachment {
            attachment_id: None,
            instance_id: None,
            instance_owner_id: None,
            device_index: None,
            delete_on_termination: false,
            status: None,
        });
        full.security_groups = vec![SecurityGroupRef { group_id: "sg-1".into(), group_name: None }; 4];
        full.tags = vec![Tag { key: "k".into(), value: "v".into() }; 5];
        for n in [bare(), full] {
            assert_eq!(detail_line_count(&n), detail_lines(&n).len());
        }
    }
}
