//! The Network pane: the VPC list, a VPC's subnets, network interfaces, one
//! interface in detail and find-by-IP results, each in every load state, with
//! breadcrumbs in the title and the find prompt on top.

mod columns;
mod detail;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

pub use detail::{detail_line_count, detail_lines, detail_rows};

use super::widgets::{popup, table};
use super::{SPINNER, connection_failed, pane_block, pane_message, text, theme};
use crate::app::network::{AllSubnetsView, Crumb, FoundView, InterfacesView, Level, Lookup, NetworkPane, SubnetsView};
use crate::app::{App, Listing, LoadState};

/// What to press after a failure in a view opened from the VPC list.
const BACK_HINT: &str = "r retry · Esc back · 1-4 other panes";

/// Joins breadcrumbs in the title.
pub const CRUMB_SEPARATOR: &str = " › ";

/// Draws the Network pane.
pub fn render(app: &App, frame: &mut Frame<'_>, area: Rect) {
    if connection_failed(app, frame, area, "Network") {
        return;
    }
    let pane = &app.panes.network;
    let view = View { app, pane, spinner: SPINNER[app.spinner % SPINNER.len()], width: area.width };
    match pane.top() {
        None => view.vpcs(frame, area),
        Some(Level::Subnets(subnets)) => view.subnets(frame, area, subnets),
        Some(Level::AllSubnets(subnets)) => view.all_subnets(frame, area, subnets),
        Some(Level::Interfaces(interfaces)) => view.interfaces(frame, area, interfaces),
        Some(Level::Found(found)) => view.found(frame, area, found),
        Some(Level::Detail(d)) => {
            let crumbs = view.crumbs_below_detail();
            detail::render(frame, area, &crumbs, d, view.spinner);
        }
    }
    if let Some(prompt) = &pane.prompt {
        let region = text::inert(app.environment().map_or("this region", |e| e.region.as_str()));
        let mut explain =
            vec![Line::raw(format!("Searches every VPC in {region}: private addresses first, then public ones."))];
        if let Some(error) = &prompt.error {
            explain.push(Line::styled(text::inert(error).into_owned(), theme::error()));
        }
        popup::prompt(
            frame,
            area,
            "Find a network interface by IP",
            &explain,
            &prompt.input,
            "Enter search · Esc cancel",
        );
    }
}

/// One breadcrumb: a fixed word (`VPCs`) or a resource with its name.
#[derive(Debug, Clone)]
pub enum Part {
    /// A fixed word.
    Word(String),
    /// A resource id with its `Name` tag.
    Resource(Crumb),
}

/// The title for `parts` followed by `suffix`, fitted into `width` columns:
/// names are dropped first (the innermost kept longest), then the outermost
/// crumbs give way to `…`. Every name and id passes through [`text::inert`].
#[must_use]
pub fn breadcrumb(parts: &[Part], suffix: &str, width: u16) -> String {
    let max = usize::from(width.saturating_sub(4));
    let render = |names_from: usize, skip: usize| {
        let mut shown: Vec<String> = Vec::new();
        if skip > 0 {
            shown.push("…".to_owned());
        }
        for (i, part) in parts.iter().enumerate().skip(skip) {
            shown.push(match part {
                Part::Word(w) => w.clone(),
                Part::Resource(c) => match &c.name {
                    Some(name) if i >= names_from => format!("{} ({})", text::inert(&c.id), text::inert(name)),
                    _ => text::inert(&c.id).into_owned(),
                },
            });
        }
        let mut title = format!(" {}", shown.join(CRUMB_SEPARATOR));
        if !suffix.is_empty() {
            title.push(' ');
            title.push_str(suffix);
        }
        title.push(' ');
        title
    };
    let fits = |t: &String| unicode_width::UnicodeWidthStr::width(t.as_str()) <= max;
    for names_from in 0..=parts.len() {
        let title = render(names_from, 0);
        if fits(&title) {
            return title;
        }
    }
    for skip in 1..parts.len() {
        let title = render(parts.len(), skip);
        if fits(&title) {
            return title;
        }
    }
    render(parts.len(), parts.len().saturating_sub(1))
}

/// The count and load state after the breadcrumbs: `(12)`, `(1,000+ ⠋ loading…)`.
fn state_suffix<T>(list: &Listing<T>, spinner: &str) -> String {
    let count = text::thousands(list.items.len());
    match &list.state {
        LoadState::Loading if list.items.is_empty() || list.replace_on_next_page => format!("{spinner} loading…"),
        LoadState::Loading => format!("({count}+ {spinner} loading…)"),
        LoadState::Idle => String::new(),
        LoadState::Complete => format!("({count})"),
        LoadState::Failed(_) | LoadState::Cancelled if list.items.is_empty() => String::new(),
        LoadState::Failed(_) | LoadState::Cancelled => format!("({count} shown, incomplete)"),
    }
}

/// What an empty list says, per state.
struct Empty<'a> {
    /// While loading: `Loading subnets of vpc-…`.
    loading: String,
    /// Once complete with nothing: the sentence and a hint.
    none: (String, &'a str),
    /// When it failed: `Could not list …`.
    failed: String,
    /// What to press after a failure.
    after_failure: &'a str,
}

/// Everything a list view needs besides its rows.
struct ListFrame<'a> {
    parts: Vec<Part>,
    hint: &'a str,
    empty: Empty<'a>,
}

struct View<'a> {
    app: &'a App,
    pane: &'a NetworkPane,
    spinner: &'static str,
    width: u16,
}

impl View<'_> {
    fn region(&self) -> std::borrow::Cow<'_, str> {
        text::inert(self.app.environment().map_or("this region", |e| e.region.as_str()))
    }

    fn block<T>(&self, parts: &[Part], list: &Listing<T>, hint: &str) -> Block<'static> {
        let title = breadcrumb(parts, &state_suffix(list, self.spinner), self.width);
        pane_block(Line::styled(title, theme::title()))
            .title_bottom(Line::styled(format!(" {hint} "), theme::dim()).alignment(Alignment::Left))
    }

    /// Draws a list view in any state: the empty states as a message, else
    /// the table with a notice when the list failed or was cancelled part way.
    fn list<T>(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        list: &Listing<T>,
        framing: ListFrame<'_>,
        draw: impl FnOnce(&mut Frame<'_>, Rect, Block<'static>, Option<Line<'static>>),
    ) {
        let block = self.block(&framing.parts, list, framing.hint);
        if list.items.is_empty() {
            let lines = match &list.state {
                LoadState::Idle if self.app.environment().is_none() => vec![Line::styled(
                    format!("{} Resolving credentials for {}…", self.spinner, text::inert(&self.app.context.label())),
                    theme::dim(),
                )],
                LoadState::Idle | LoadState::Loading => {
                    vec![Line::styled(format!("{} {}…", self.spinner, framing.empty.loading), theme::dim())]
                }
                LoadState::Complete => {
                    vec![Line::raw(framing.empty.none.0), Line::styled(framing.empty.none.1.to_owned(), theme::dim())]
                }
                LoadState::Failed(failure) => vec![
                    Line::styled(framing.empty.failed, theme::error()),
                    Line::raw(""),
                    Line::raw(text::inert(&failure.message).into_owned()),
                    Line::raw(""),
                    Line::styled(framing.empty.after_failure.to_owned(), theme::dim()),
                ],
                LoadState::Cancelled => {
                    vec![Line::styled("Loading was cancelled · r to reload · Esc back", theme::notice())]
                }
            };
            pane_message(frame, area, block, lines);
            return;
        }
        let notice = match &list.state {
            LoadState::Failed(failure) => {
                Some(Line::styled(text::inert(&failure.message).into_owned(), theme::error()))
            }
            LoadState::Cancelled => {
                Some(Line::styled("Cancelled: the list may be incomplete · r to reload", theme::notice()))
            }
            _ => None,
        };
        draw(frame, area, block, notice);
    }

    fn vpcs(&self, frame: &mut Frame<'_>, area: Rect) {
        let list = &self.pane.vpcs;
        let (word, none, hint) = match &self.pane.vpc_query {
            Some((key, value)) => (
                format!("VPCs where tag:{}={}", text::inert(key), text::inert(value)),
                format!("No VPCs in {} with tag {}={}.", self.region(), text::inert(key), text::inert(value)),
                "Enter subnets · Esc every VPC · / then Tab asks EC2 again",
            ),
            None => (
                "VPCs".to_owned(),
                format!("No VPCs in {}.", self.region()),
                "Enter subnets · e interfaces · f find by IP",
            ),
        };
        let framing = ListFrame {
            parts: vec![Part::Word(word)],
            hint,
            empty: Empty {
                loading: format!("Loading VPCs in {}", self.region()),
                none: (
                    none,
                    if self.pane.vpc_query.is_some() {
                        "Esc lists every VPC · r to reload"
                    } else {
                        "DescribeVpcs returned none · r to reload"
                    },
                ),
                failed: format!("Could not list the VPCs in {}", self.region()),
                after_failure: "r retry · f find by IP · 1-4 other panes",
            },
        };
        self.list(frame, area, list, framing, |frame, area, block, notice| {
            table::render(frame, area, block, notice, &columns::VPC, &(), list);
        });
    }

    fn subnets(&self, frame: &mut Frame<'_>, area: Rect, view: &SubnetsView) {
        let vpc = text::inert(&view.vpc.id).into_owned();
        let framing = ListFrame {
            parts: vec![Part::Word("VPCs".into()), Part::Resource(view.vpc.clone()), Part::Word("subnets".into())],
            hint: "Enter interfaces · e all interfaces of the VPC · Esc back",
            empty: Empty {
                loading: format!("Loading the subnets of {vpc}"),
                none: (format!("VPC {vpc} has no subnets."), "r to reload · e its network interfaces · Esc back"),
                failed: format!("Could not list the subnets of {vpc}"),
                after_failure: BACK_HINT,
            },
        };
        self.list(frame, area, &view.list, framing, |frame, area, block, notice| {
            table::render(frame, area, block, notice, &columns::SUBNET, &(), &view.list);
        });
    }

    fn all_subnets(&self, frame: &mut Frame<'_>, area: Rect, view: &AllSubnetsView) {
        let framing = ListFrame {
            parts: vec![Part::Word("VPCs".into()), Part::Word("all subnets".into())],
            hint: "Enter interfaces · f find by IP · Esc back",
            empty: Empty {
                loading: format!("Loading every subnet in {}", self.region()),
                none: (format!("No subnets in {}.", self.region()), "DescribeSubnets returned none · r to reload"),
                failed: format!("Could not list the subnets in {}", self.region()),
                after_failure: BACK_HINT,
            },
        };
        self.list(frame, area, &view.list, framing, |frame, area, block, notice| {
            table::render(frame, area, block, notice, &columns::ANY_VPC_SUBNET, &(), &view.list);
        });
    }

    fn interfaces(&self, frame: &mut Frame<'_>, area: Rect, view: &InterfacesView) {
        let mut parts = vec![Part::Word("VPCs".into()), Part::Resource(view.vpc.clone())];
        let (kind, id) = if let Some(subnet) = &view.subnet {
            parts.push(Part::Resource(subnet.clone()));
            parts.push(Part::Word("interfaces".into()));
            ("Subnet", text::inert(&subnet.id).into_owned())
        } else {
            parts.push(Part::Word("all interfaces".into()));
            ("VPC", text::inert(&view.vpc.id).into_owned())
        };
        let framing = ListFrame {
            parts,
            hint: "Enter detail · f find by IP · Esc back",
            empty: Empty {
                loading: format!("Loading the network interfaces of {id}"),
                none: (format!("{kind} {id} has no network interfaces."), "r to reload · Esc back"),
                failed: format!("Could not list the network interfaces of {id}"),
                after_failure: BACK_HINT,
            },
        };
        self.list(frame, area, &view.list, framing, |frame, area, block, notice| {
            table::render(frame, area, block, notice, &columns::INTERFACE, &(), &view.list);
        });
    }

    fn found(&self, frame: &mut Frame<'_>, area: Rect, view: &FoundView) {
        let ip = text::inert(&view.query.to_string()).into_owned();
        let none = match &view.query {
            Lookup::Ip(_) => (
                format!("No network interface in {} has the IP {ip}.", self.region()),
                "Searched private addresses, then public ones · f search again · Esc back",
            ),
            Lookup::Id(_) => (format!("No network interface {ip} in {}.", self.region()), "f search by IP · Esc back"),
        };
        let framing = ListFrame {
            parts: vec![Part::Word("VPCs".into()), Part::Word(format!("find {ip}"))],
            hint: "Enter detail · f search again · Esc back",
            empty: Empty {
                loading: format!("Searching {} for {ip}", self.region()),
                none,
                failed: format!("Could not search for {ip}"),
                after_failure: BACK_HINT,
            },
        };
        self.list(frame, area, &view.list, framing, |frame, area, block, notice| {
            table::render(frame, area, block, notice, &columns::FOUND, &(), &view.list);
        });
    }

    /// The breadcrumbs leading to the detail on top of the stack.
    fn crumbs_below_detail(&self) -> Vec<Part> {
        let mut parts = vec![Part::Word("VPCs".into())];
        let below = self.pane.stack.len().checked_sub(2).and_then(|i| self.pane.stack.get(i));
        match below {
            Some(Level::Interfaces(view)) => {
                parts.push(Part::Resource(view.vpc.clone()));
                if let Some(subnet) = &view.subnet {
                    parts.push(Part::Resource(subnet.clone()));
                }
            }
            Some(Level::Found(view)) => {
                parts.push(Part::Word(format!("find {}", text::inert(&view.query.to_string()))));
            }
            _ => {}
        }
        parts
    }
}

/// `first +N` for a list shown in one cell.
#[must_use]
pub fn first_and_more(items: &[String]) -> String {
    match items {
        [] => "—".to_owned(),
        [one] => text::inert(one).into_owned(),
        [first, rest @ ..] => format!("{} +{}", text::inert(first), rest.len()),
    }
}

/// A span for an optional value, `—` when absent.
#[must_use]
pub fn or_dash(value: Option<&str>) -> Span<'static> {
    match value {
        Some(v) if !v.is_empty() => Span::raw(text::inert(v).into_owned()),
        _ => Span::styled("—", theme::dim()),
    }
}
