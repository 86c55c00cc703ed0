//! The Network pane as a room: what the app asks of it.

use super::*;
use crate::app::goto::{GoCommand, Target, word};
use crate::app::keymap::Key::Char;
use crate::app::keymap::{Binding, Group, KeyAction};
use crate::app::layout::Layout;
use crate::app::lists::ListControl;
use crate::app::pane::{PaneState, Room};
use crate::app::registry::Pane;
use crate::app::resource::{Place, Resource};

/// The keys of the Network pane's own actions.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Char('e')],
        action: KeyAction::VpcInterfaces,
        help: "all interfaces of the VPC",
        group: Group::Pane(Pane::Network),
    },
    Binding {
        keys: &[Char('f')],
        action: KeyAction::FindByIp,
        help: "find a network interface by IP",
        group: Group::Pane(Pane::Network),
    },
];

/// The Network pane's `:` commands.
const COMMANDS: &[GoCommand] = &[
    GoCommand { names: &["vpc", "vpcs"], args: "[vpc-id]", target: |arg| Target::Vpc(word(arg)) },
    GoCommand { names: &["subnet", "subnets"], args: "[subnet-id]", target: |arg| Target::Subnet(word(arg)) },
    GoCommand { names: &["eni", "enis", "ip"], args: "[ip | eni-id]", target: |arg| Target::Eni(word(arg)) },
];

impl Room for NetworkPane {
    fn reset(&mut self) {
        *self = Self::default();
    }

    fn in_flight(&self) -> usize {
        usize::from(self.vpcs.is_loading()) + self.stack.iter().filter(|level| level.is_loading()).count()
    }

    fn activate(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if self.vpcs.state == LoadState::Idle { self.load_vpcs(ctx) } else { Vec::new() }
    }

    fn refresh(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        self.load_top(ctx)
    }

    fn on_key(&mut self, action: KeyAction, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let rows = ctx.rows;
        match action {
            KeyAction::Back => return self.back(ctx),
            KeyAction::Open => return self.open(ctx),
            KeyAction::VpcInterfaces => return self.vpc_interfaces(ctx),
            KeyAction::FindByIp => {
                self.prompt = Some(FindPrompt::default());
                return Vec::new();
            }
            other => match self.stack.last_mut() {
                None => self.vpcs.navigate(other, rows),
                Some(Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list })) => {
                    list.navigate(other, rows);
                }
                Some(Level::Interfaces(InterfacesView { list, .. }) | Level::Found(FoundView { list, .. })) => {
                    list.navigate(other, rows);
                }
                Some(Level::Detail(view)) => Self::scroll_detail(view, other, ctx.layout.detail_rows),
            },
        }
        Vec::new()
    }

    fn captures_input(&self) -> bool {
        self.prompt.is_some()
    }

    fn on_raw_key(&mut self, key: KeyEvent, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(prompt) = &mut self.prompt else {
            return Vec::new();
        };
        match prompt.input.on_key(key) {
            InputOutcome::Editing => {
                prompt.error = None;
                Vec::new()
            }
            InputOutcome::Cancelled => {
                self.prompt = None;
                Vec::new()
            }
            InputOutcome::Submitted => self.submit_find(ctx),
        }
    }

    fn resized(&mut self, layout: &Layout) {
        let rows = layout.list_rows;
        self.vpcs.scroll_into_view(rows);
        for level in &mut self.stack {
            match level {
                Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list }) => {
                    list.scroll_into_view(rows);
                }
                Level::Interfaces(InterfacesView { list, .. }) | Level::Found(FoundView { list, .. }) => {
                    list.scroll_into_view(rows);
                }
                Level::Detail(view) => Self::clamp_detail(view, layout.detail_rows),
            }
        }
    }

    fn list_mut(&mut self) -> Option<&mut dyn ListControl> {
        match self.stack.last_mut() {
            None => Some(&mut self.vpcs),
            Some(Level::Subnets(v)) => Some(&mut v.list),
            Some(Level::AllSubnets(v)) => Some(&mut v.list),
            Some(Level::Interfaces(v)) => Some(&mut v.list),
            Some(Level::Found(v)) => Some(&mut v.list),
            Some(Level::Detail(_)) => None,
        }
    }

    fn location(&self) -> Target {
        match self.stack.last() {
            None => Target::Vpc(None),
            Some(Level::Subnets(v)) => Target::Vpc(Some(v.vpc.id.clone())),
            Some(Level::AllSubnets(_)) => Target::Subnet(None),
            Some(Level::Interfaces(v)) => match &v.subnet {
                Some(subnet) => Target::Subnet(Some(subnet.id.clone())),
                None => Target::Vpc(Some(v.vpc.id.clone())),
            },
            Some(Level::Found(v)) => Target::Eni(Some(v.query.to_string())),
            Some(Level::Detail(v)) => Target::Eni(Some(v.interface.eni_id.clone())),
        }
    }

    fn open_at(&mut self, target: Target, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match target {
            Target::Vpc(vpc) => self.open_at_vpc(vpc, ctx),
            Target::Subnet(subnet) => self.open_at_subnet(subnet, ctx),
            Target::Eni(eni) => self.open_at_interface(eni, ctx),
            _ => Vec::new(),
        }
    }

    fn filter_on_aws(&mut self, text: &str, ctx: &mut Ctx<'_>) -> Option<Vec<Command>> {
        // The VPC list: EC2 filters by name and id itself.
        if self.location() != Target::Vpc(None) {
            return None;
        }
        // Drop the local filter: the list now comes from EC2's own.
        self.vpcs.set_filter("");
        Some(self.query_vpcs(text, ctx))
    }

    fn selected_resource(&self, place: &Place<'_>) -> Option<Resource> {
        self.resource_at(place)
    }
}

impl PaneState for NetworkPane {
    type Slot = NetworkSlot;
    type Payload = NetworkPayload;

    const BINDINGS: &'static [Binding] = BINDINGS;
    const COMMANDS: &'static [GoCommand] = COMMANDS;

    fn on_loaded(
        &mut self,
        slot: NetworkSlot,
        id: RequestId,
        payload: NetworkPayload,
        more: bool,
        _ctx: &mut Ctx<'_>,
    ) -> Vec<Command> {
        match (slot, payload) {
            (NetworkSlot::Vpcs, NetworkPayload::Vpcs(page)) if self.vpcs.accepts(id) => self.vpcs.push_page(page, more),
            (NetworkSlot::Subnets, NetworkPayload::Subnets(page)) => {
                if let Some(Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list })) =
                    self.level_mut(slot)
                    && list.accepts(id)
                {
                    list.push_page(page, more);
                }
            }
            (NetworkSlot::Interfaces, NetworkPayload::Interfaces(page)) => {
                if let Some(Level::Interfaces(view)) = self.level_mut(slot)
                    && view.list.accepts(id)
                {
                    // A subnet opened by id learns its VPC from its interfaces.
                    if view.vpc.id == UNKNOWN_VPC
                        && let Some(first) = page.first()
                    {
                        view.vpc = Crumb { id: first.vpc_id.clone(), name: None };
                    }
                    view.list.push_page(page, more);
                }
            }
            (NetworkSlot::Find, NetworkPayload::Found(mut found)) => {
                let on_top = matches!(self.stack.last(), Some(Level::Found(_)));
                if let Some(Level::Found(view)) = self.level_mut(slot)
                    && view.list.accepts(id)
                {
                    found.sort_by(|a, b| (&a.vpc_id, &a.eni_id).cmp(&(&b.vpc_id, &b.eni_id)));
                    let single = found.first().filter(|_| found.len() == 1).cloned();
                    view.list.push_page(found, more);
                    // One match: straight to its detail; several: the user picks.
                    if let (Some(interface), true, false) = (single, on_top, more) {
                        self.stack.push(Level::Detail(Box::new(DetailView {
                            interface,
                            scroll: 0,
                            state: LoadState::Idle,
                            request: None,
                        })));
                    }
                }
            }
            (NetworkSlot::Detail, NetworkPayload::Interface(interface)) => {
                if let Some(Level::Detail(view)) = self.level_mut(slot)
                    && view.request == Some(id)
                {
                    view.interface = *interface;
                    view.state = LoadState::Complete;
                    view.request = None;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_failed(&mut self, slot: NetworkSlot, id: RequestId, error: Failure, _ctx: &mut Ctx<'_>) {
        if slot == NetworkSlot::Vpcs {
            if self.vpcs.accepts(id) {
                self.vpcs.fail(error);
            }
            return;
        }
        match self.level_mut(slot) {
            Some(Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list }))
                if list.accepts(id) =>
            {
                list.fail(error);
            }
            Some(Level::Interfaces(InterfacesView { list, .. }) | Level::Found(FoundView { list, .. }))
                if list.accepts(id) =>
            {
                list.fail(error);
            }
            Some(Level::Detail(view)) if view.request == Some(id) => {
                view.state = LoadState::Failed(error);
                view.request = None;
            }
            _ => {}
        }
    }
}
