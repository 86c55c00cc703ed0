//! The Network pane's state: the VPC list at the root and a stack of views
//! opened from it (a VPC's subnets, a subnet's or a VPC's network interfaces,
//! one interface's detail, the results of a find by IP). The stack is what
//! the breadcrumbs in the title show, and Esc walks back down it.

mod goto;
mod resource;
mod room;

use std::net::IpAddr;

use crossterm::event::KeyEvent;

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::input::{InputOutcome, TextInput};
use super::keymap::KeyAction;
use super::listing::{Listing, LoadState};
use crate::aws::ec2::{InterfaceScope, NetworkInterface, Subnet, Vpc};

/// Load slots of the Network pane: one per kind of view, since the stack
/// holds at most one view of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkSlot {
    /// The VPC list.
    Vpcs,
    /// A VPC's subnets.
    Subnets,
    /// A subnet's or a VPC's network interfaces.
    Interfaces,
    /// A find by IP.
    Find,
    /// One interface, reloaded.
    Detail,
}

impl NetworkSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Vpcs => "VPCs",
            Self::Subnets => "subnets",
            Self::Interfaces => "network interfaces",
            Self::Find => "the search by IP",
            Self::Detail => "the network interface",
        }
    }
}

/// Requests of the Network pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkRequest {
    /// Every VPC in the region, page by page.
    Vpcs,
    /// The VPCs whose tag `key` matches `value` (EC2 wildcards `*` `?`).
    VpcsTagged {
        /// The tag key (`Name`).
        key: String,
        /// The value pattern (`*prod*`).
        value: String,
    },
    /// Every subnet of a VPC, page by page.
    Subnets {
        /// The VPC.
        vpc_id: String,
    },
    /// Every subnet in the region, whatever its VPC, page by page.
    AllSubnets,
    /// Every network interface of a VPC or subnet, page by page.
    Interfaces {
        /// Which interfaces.
        scope: InterfaceScope,
    },
    /// The interfaces holding an IP address, private first, then public.
    FindByIp {
        /// The address.
        ip: IpAddr,
    },
    /// The interface with this id, as a find result (none when it does not exist).
    FindById {
        /// The interface.
        eni_id: String,
    },
    /// One interface, fresh.
    Interface {
        /// The interface.
        eni_id: String,
    },
}

/// Data for the Network pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkPayload {
    /// One page of VPCs.
    Vpcs(Vec<Vpc>),
    /// One page of subnets.
    Subnets(Vec<Subnet>),
    /// One page of network interfaces.
    Interfaces(Vec<NetworkInterface>),
    /// Every interface that holds the IP searched for.
    Found(Vec<NetworkInterface>),
    /// One interface, reloaded.
    Interface(Box<NetworkInterface>),
}

/// A resource named in the breadcrumbs: its id and its `Name` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crumb {
    /// The AWS id (`vpc-…`, `subnet-…`).
    pub id: String,
    /// The `Name` tag, if any.
    pub name: Option<String>,
}

/// A VPC's subnets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubnetsView {
    /// The VPC.
    pub vpc: Crumb,
    /// Its subnets.
    pub list: Listing<Subnet>,
}

/// Every subnet in the region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllSubnetsView {
    /// The subnets.
    pub list: Listing<Subnet>,
}

/// The VPC of a subnet opened by id, until its interfaces say which it is.
pub const UNKNOWN_VPC: &str = "…";

/// Network interfaces of a subnet, or of a whole VPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfacesView {
    /// The VPC.
    pub vpc: Crumb,
    /// The subnet, when listing one subnet's interfaces.
    pub subnet: Option<Crumb>,
    /// The interfaces.
    pub list: Listing<NetworkInterface>,
}

impl InterfacesView {
    /// Which interfaces this view lists.
    #[must_use]
    pub fn scope(&self) -> InterfaceScope {
        match &self.subnet {
            Some(subnet) => InterfaceScope::Subnet { vpc_id: self.vpc.id.clone(), subnet_id: subnet.id.clone() },
            None => InterfaceScope::Vpc { vpc_id: self.vpc.id.clone() },
        }
    }
}

/// What a find looks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The interfaces holding an IP address.
    Ip(IpAddr),
    /// The interface with an id (`eni-…`).
    Id(String),
}

impl std::fmt::Display for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ip(ip) => write!(f, "{ip}"),
            Self::Id(id) => f.write_str(id),
        }
    }
}

/// The interfaces that hold an IP address (or have an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundView {
    /// What was searched for (the address normalised).
    pub query: Lookup,
    /// The matching interfaces.
    pub list: Listing<NetworkInterface>,
}

/// One interface in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailView {
    /// The interface.
    pub interface: NetworkInterface,
    /// The first line on screen.
    pub scroll: usize,
    /// Idle until reloaded with r; then loading, complete or failed.
    pub state: LoadState,
    /// The reload running, if any.
    pub request: Option<RequestId>,
}

/// A view opened on top of the VPC list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    /// A VPC's subnets.
    Subnets(SubnetsView),
    /// Every subnet in the region.
    AllSubnets(AllSubnetsView),
    /// Network interfaces of a subnet or a VPC.
    Interfaces(InterfacesView),
    /// The results of a find by IP.
    Found(FoundView),
    /// One interface in full.
    Detail(Box<DetailView>),
}

impl Level {
    /// The slot this level loads into.
    #[must_use]
    pub fn slot(&self) -> NetworkSlot {
        match self {
            Self::Subnets(_) | Self::AllSubnets(_) => NetworkSlot::Subnets,
            Self::Interfaces(_) => NetworkSlot::Interfaces,
            Self::Found(_) => NetworkSlot::Find,
            Self::Detail(_) => NetworkSlot::Detail,
        }
    }

    /// Whether this level's load is running.
    #[must_use]
    pub fn is_loading(&self) -> bool {
        match self {
            Self::Subnets(v) => v.list.is_loading(),
            Self::AllSubnets(v) => v.list.is_loading(),
            Self::Interfaces(v) => v.list.is_loading(),
            Self::Found(v) => v.list.is_loading(),
            Self::Detail(v) => v.state == LoadState::Loading,
        }
    }

    /// Stops accepting results for this level's load.
    fn cancel(&mut self) {
        match self {
            Self::Subnets(v) => v.list.cancel(),
            Self::AllSubnets(v) => v.list.cancel(),
            Self::Interfaces(v) => v.list.cancel(),
            Self::Found(v) => v.list.cancel(),
            Self::Detail(v) => {
                v.state = LoadState::Cancelled;
                v.request = None;
            }
        }
    }

    /// What the level loads, in the user's words, for status messages.
    fn what(&self) -> String {
        match self {
            Self::Subnets(v) => format!("subnets of {}", v.vpc.id),
            Self::AllSubnets(_) => "every subnet".to_owned(),
            Self::Interfaces(v) => format!("network interfaces of {}", v.subnet.as_ref().unwrap_or(&v.vpc).id),
            Self::Found(FoundView { query: Lookup::Ip(ip), .. }) => format!("network interfaces with IP {ip}"),
            Self::Found(FoundView { query: Lookup::Id(id), .. }) => format!("network interface {id}"),
            Self::Detail(v) => format!("network interface {}", v.interface.eni_id),
        }
    }
}

/// The find-by-IP prompt.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindPrompt {
    /// What has been typed.
    pub input: TextInput,
    /// Why the last submission was refused, if it was.
    pub error: Option<String>,
}

/// The Network pane.
#[derive(Debug, Clone, Default)]
pub struct NetworkPane {
    /// Every VPC in the region: the root view.
    pub vpcs: Listing<Vpc>,
    /// Views opened on top of the VPC list, innermost last.
    pub stack: Vec<Level>,
    /// The find-by-IP prompt, while open.
    pub prompt: Option<FindPrompt>,
    /// The tag query the VPC list was asked for (key, value), if any.
    pub vpc_query: Option<(String, String)>,
}

fn crumb_of_vpc(vpc: &Vpc) -> Crumb {
    Crumb { id: vpc.vpc_id.clone(), name: vpc.name.clone() }
}

fn load(ctx: &mut Ctx<'_>, slot: NetworkSlot, request: NetworkRequest) -> (RequestId, Command) {
    ctx.load(Slot::Network(slot), LoadRequest::Network(request))
}

impl NetworkPane {
    /// The view on screen, if it is not the VPC list.
    #[must_use]
    pub fn top(&self) -> Option<&Level> {
        self.stack.last()
    }

    /// Starts loading the VPC list (only the tagged ones while a tag query is set).
    fn load_vpcs(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let request = match &self.vpc_query {
            Some((key, value)) => NetworkRequest::VpcsTagged { key: key.clone(), value: value.clone() },
            None => NetworkRequest::Vpcs,
        };
        let (id, command) = load(ctx, NetworkSlot::Vpcs, request);
        self.vpcs.start(id);
        vec![command]
    }

    /// Asks EC2 for the VPCs whose tag matches: `tag:KEY=VALUE`, or plain
    /// text for the `Name` tag containing it. Replaces the VPC list on screen.
    pub fn query_vpcs(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let text = text.trim();
        let (key, value) = match text.strip_prefix("tag:").and_then(|t| t.split_once('=')) {
            Some((key, value)) => (key.to_owned(), value.to_owned()),
            None => ("Name".to_owned(), format!("*{text}*")),
        };
        for level in &mut self.stack {
            level.cancel();
        }
        self.stack.clear();
        self.vpcs.reset();
        self.vpc_query = Some((key, value));
        self.load_vpcs(ctx)
    }

    /// Drops the tag query and lists every VPC again; false when there was none.
    pub fn clear_vpc_query(&mut self, ctx: &mut Ctx<'_>) -> Option<Vec<Command>> {
        self.vpc_query.take()?;
        self.vpcs.reset();
        Some(self.load_vpcs(ctx))
    }

    /// Starts (or restarts) the load of the view on top of the stack.
    fn load_top(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(level) = self.stack.last_mut() else {
            return self.load_vpcs(ctx);
        };
        match level {
            Level::Subnets(view) => {
                let request = NetworkRequest::Subnets { vpc_id: view.vpc.id.clone() };
                let (id, command) = load(ctx, NetworkSlot::Subnets, request);
                view.list.start(id);
                vec![command]
            }
            Level::AllSubnets(view) => {
                let (id, command) = load(ctx, NetworkSlot::Subnets, NetworkRequest::AllSubnets);
                view.list.start(id);
                vec![command]
            }
            Level::Interfaces(view) => {
                let (id, command) =
                    load(ctx, NetworkSlot::Interfaces, NetworkRequest::Interfaces { scope: view.scope() });
                view.list.start(id);
                vec![command]
            }
            Level::Found(view) => {
                let request = match &view.query {
                    Lookup::Ip(ip) => NetworkRequest::FindByIp { ip: *ip },
                    Lookup::Id(eni_id) => NetworkRequest::FindById { eni_id: eni_id.clone() },
                };
                let (id, command) = load(ctx, NetworkSlot::Find, request);
                view.list.start(id);
                vec![command]
            }
            Level::Detail(view) => {
                let request = NetworkRequest::Interface { eni_id: view.interface.eni_id.clone() };
                let (id, command) = load(ctx, NetworkSlot::Detail, request);
                view.state = LoadState::Loading;
                view.request = Some(id);
                vec![command]
            }
        }
    }

    /// Opens `level` on top of the stack and loads it (a detail needs no load).
    fn push(&mut self, level: Level, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let needs_load = !matches!(level, Level::Detail(_));
        self.stack.push(level);
        if needs_load { self.load_top(ctx) } else { Vec::new() }
    }

    /// Esc: stop the running load of the view on screen, else close it.
    fn back(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.stack.last_mut() {
            Some(level) if level.is_loading() => {
                level.cancel();
                ctx.info(format!(
                    "Stopped loading {}; what is shown may be incomplete — press r to reload.",
                    level.what()
                ));
                vec![Command::Cancel(Slot::Network(level.slot()))]
            }
            Some(_) => {
                self.stack.pop();
                // A view stacked without loading (the pane was opened deeper) loads now.
                let never_loaded = match self.stack.last() {
                    None => self.vpcs.state == LoadState::Idle,
                    Some(Level::Subnets(v)) => v.list.state == LoadState::Idle,
                    Some(Level::AllSubnets(v)) => v.list.state == LoadState::Idle,
                    Some(_) => false,
                };
                if never_loaded { self.load_top(ctx) } else { Vec::new() }
            }
            None if self.vpcs.is_loading() => {
                self.vpcs.cancel();
                ctx.info("Stopped loading VPCs; the list may be incomplete — press r to reload.");
                vec![Command::Cancel(Slot::Network(NetworkSlot::Vpcs))]
            }
            // Esc on a tag query's results goes back to every VPC.
            None => self.clear_vpc_query(ctx).unwrap_or_default(),
        }
    }

    /// Enter: open what is selected in the view on screen.
    fn open(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let next = match self.stack.last() {
            None => self
                .vpcs
                .selected_item()
                .map(|vpc| Level::Subnets(SubnetsView { vpc: crumb_of_vpc(vpc), list: Listing::default() })),
            Some(Level::Subnets(view)) => view.list.selected_item().map(|subnet| {
                Level::Interfaces(InterfacesView {
                    vpc: view.vpc.clone(),
                    subnet: Some(Crumb { id: subnet.subnet_id.clone(), name: subnet.name.clone() }),
                    list: Listing::default(),
                })
            }),
            Some(Level::AllSubnets(view)) => view.list.selected_item().map(|subnet| {
                let vpc = self
                    .vpcs
                    .items
                    .iter()
                    .find(|v| v.vpc_id == subnet.vpc_id)
                    .map_or_else(|| Crumb { id: subnet.vpc_id.clone(), name: None }, crumb_of_vpc);
                Level::Interfaces(InterfacesView {
                    vpc,
                    subnet: Some(Crumb { id: subnet.subnet_id.clone(), name: subnet.name.clone() }),
                    list: Listing::default(),
                })
            }),
            Some(Level::Interfaces(InterfacesView { list, .. }) | Level::Found(FoundView { list, .. })) => {
                list.selected_item().map(|interface| {
                    Level::Detail(Box::new(DetailView {
                        interface: interface.clone(),
                        scroll: 0,
                        state: LoadState::Idle,
                        request: None,
                    }))
                })
            }
            Some(Level::Detail(_)) => None,
        };
        match next {
            Some(level) => self.push(level, ctx),
            None => Vec::new(),
        }
    }

    /// `e`: every interface of the VPC selected (or the VPC whose subnets are shown).
    fn vpc_interfaces(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let vpc = match self.stack.last() {
            None => self.vpcs.selected_item().map(crumb_of_vpc),
            Some(Level::Subnets(view)) => Some(view.vpc.clone()),
            Some(_) => {
                ctx.info("e lists a VPC's network interfaces: press Esc to get back to the VPC or its subnets first.");
                return Vec::new();
            }
        };
        match vpc {
            Some(vpc) => {
                self.push(Level::Interfaces(InterfacesView { vpc, subnet: None, list: Listing::default() }), ctx)
            }
            None => Vec::new(),
        }
    }

    /// Enter in the prompt: search for the address, or say why it is not one.
    fn submit_find(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(prompt) = &mut self.prompt else {
            return Vec::new();
        };
        let typed = prompt.input.value.trim();
        let Ok(ip) = typed.parse::<IpAddr>() else {
            prompt.error = Some(if typed.is_empty() {
                "Type an IP address first, such as 10.0.1.23.".to_owned()
            } else {
                "That is not an IP address: type one such as 10.0.1.23 or 2600:1f18::1.".to_owned()
            });
            return Vec::new();
        };
        self.prompt = None;
        // A find searches the whole region, so it opens on top of the VPC list.
        let mut commands: Vec<Command> = self
            .stack
            .iter()
            .filter(|level| level.is_loading())
            .map(|level| Command::Cancel(Slot::Network(level.slot())))
            .collect();
        self.stack.clear();
        commands.extend(self.push(Level::Found(FoundView { query: Lookup::Ip(ip), list: Listing::default() }), ctx));
        commands
    }

    /// Moves around the detail view, which scrolls rather than selects.
    fn scroll_detail(view: &mut DetailView, action: KeyAction, rows: usize) {
        view.scroll = match action {
            KeyAction::Up => view.scroll.saturating_sub(1),
            KeyAction::Down => view.scroll + 1,
            KeyAction::PageUp => view.scroll.saturating_sub(rows),
            KeyAction::PageDown => view.scroll + rows,
            KeyAction::Top => 0,
            KeyAction::Bottom => usize::MAX,
            _ => view.scroll,
        };
        Self::clamp_detail(view, rows);
    }

    /// Keeps the detail's last line at or below the bottom of `rows` rows.
    fn clamp_detail(view: &mut DetailView, rows: usize) {
        let last = detail_line_count(&view.interface).saturating_sub(rows);
        view.scroll = view.scroll.min(last);
    }

    fn level_mut(&mut self, slot: NetworkSlot) -> Option<&mut Level> {
        self.stack.iter_mut().find(|level| level.slot() == slot)
    }
}

/// How many lines the detail of `n` has: the overview, then one heading per
/// section with one line per item (or one "none" line). The UI draws exactly
/// these (`ui::network::detail`, whose tests hold the two together).
#[must_use]
pub fn detail_line_count(n: &crate::aws::ec2::NetworkInterface) -> usize {
    let section = |items: usize| 1 + items.max(1);
    let overview = 11 + 1;
    let public = 1 + if n.public_ip.is_some() { 4 } else { 1 };
    let attachment = 1 + if n.attachment.is_some() { 6 } else { 1 };
    overview
        + section(n.private_ips.len())
        + section(n.ipv6_addresses.len())
        + public
        + attachment
        + section(n.security_groups.len())
        + section(n.tags.len())
}
