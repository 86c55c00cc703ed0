//! Deep links into the Network pane: a VPC, a subnet, an interface by IP or id, opened as if walked to.

use super::*;

impl NetworkPane {
    /// Closes every view above the VPC list (and the find prompt), cancelling their loads.
    pub(super) fn close_levels(&mut self) -> Vec<Command> {
        self.prompt = None;
        let mut commands: Vec<Command> = Vec::new();
        for level in self.stack.drain(..) {
            let cancel = Command::Cancel(Slot::Network(level.slot()));
            if level.is_loading() && !commands.contains(&cancel) {
                commands.push(cancel);
            }
        }
        commands
    }

    /// Replaces the views open now with `levels` (the last on screen, and
    /// the only one loaded now; the others load when Esc returns to them).
    pub(super) fn open_levels(&mut self, levels: Vec<Level>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut commands = self.close_levels();
        if levels.is_empty() && !matches!(self.vpcs.state, LoadState::Loading | LoadState::Complete) {
            commands.extend(self.load_vpcs(ctx));
        }
        let mut levels = levels;
        if let Some(top) = levels.pop() {
            self.stack = levels;
            commands.extend(self.push(top, ctx));
        }
        commands
    }

    /// Opens the VPC list, or one VPC's subnets.
    pub fn open_at_vpc(&mut self, vpc_id: Option<String>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let levels = match vpc_id {
            None => Vec::new(),
            Some(id) => {
                let vpc =
                    self.vpcs.items.iter().find(|v| v.vpc_id == id).map_or(Crumb { id, name: None }, crumb_of_vpc);
                vec![Level::Subnets(SubnetsView { vpc, list: Listing::default() })]
            }
        };
        self.open_levels(levels, ctx)
    }

    /// Opens every subnet in the region, or one subnet's interfaces (above
    /// every subnet, so Esc goes there).
    pub fn open_at_subnet(&mut self, subnet_id: Option<String>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let mut levels = vec![Level::AllSubnets(AllSubnetsView { list: Listing::default() })];
        if let Some(id) = subnet_id {
            let known = self.stack.iter().find_map(|level| match level {
                Level::Subnets(SubnetsView { list, .. }) | Level::AllSubnets(AllSubnetsView { list }) => {
                    list.items.iter().find(|s| s.subnet_id == id).cloned()
                }
                _ => None,
            });
            let (vpc, name) = match known {
                Some(subnet) => (Crumb { id: subnet.vpc_id, name: None }, subnet.name),
                None => (Crumb { id: UNKNOWN_VPC.to_owned(), name: None }, None),
            };
            levels.push(Level::Interfaces(InterfacesView {
                vpc,
                subnet: Some(Crumb { id, name }),
                list: Listing::default(),
            }));
        }
        self.open_levels(levels, ctx)
    }

    /// Finds the interface with an IP address (private, then public) or an
    /// id (`eni-…`); one match opens its detail. `None` opens the find prompt.
    pub fn open_at_interface(&mut self, ip_or_id: Option<String>, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let Some(query) = ip_or_id else {
            let commands = self.open_levels(Vec::new(), ctx);
            self.prompt = Some(FindPrompt::default());
            return commands;
        };
        let query = match query.parse::<IpAddr>() {
            Ok(ip) => Lookup::Ip(ip),
            Err(_) => Lookup::Id(query),
        };
        self.open_levels(vec![Level::Found(FoundView { query, list: Listing::default() })], ctx)
    }
}
