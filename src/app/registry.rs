//! The one list of panes. Everything that is "one of each pane" — the
//! [`Pane`] tabs, the [`Panes`] that hold their state, the [`Slot`],
//! [`LoadRequest`] and [`Payload`] enums that carry their loads, and the
//! routing of a load's result to the pane that asked — is generated from the
//! [`panes!`] invocation at the bottom of this file, so adding a pane is one
//! line here (see "How to add a pane" in `ARCHITECTURE.md`).
//!
//! The rest of the app reaches a pane only through [`Panes::get`] and
//! [`Panes::get_mut`], as a `dyn` [`Room`].

use super::action::{Command, EditorOutcome, Failure, RequestId};
use super::ctx::Ctx;
use super::goto::GoCommand;
use super::keymap::{Binding, Group, Key, KeyAction};
use super::pane::{PaneState, Room};
use crate::aws::profiles::ProfileCatalog;
use crate::aws::regions::RegionInfo;
use crate::aws::sts::CallerIdentity;

/// Generates the pane registry from one line per pane:
/// `Variant(module: State, Slot, Request, Payload) "Title" 'key' "name" "help"`,
/// the types being those of `app::<module>` and the field of [`Panes`] named
/// after the module.
macro_rules! panes {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident($field:ident: $state:ident, $slot:ident, $request:ident, $payload:ident)
            $title:literal $key:literal $name:literal $help:literal;
    )+) => {
        /// The panes, in tab order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Pane {
            $($(#[doc = $doc])* $variant,)+
        }

        impl Pane {
            /// Every pane in tab order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The tab label.
            #[must_use]
            pub fn title(self) -> &'static str {
                match self { $(Self::$variant => $title,)+ }
            }

            /// The key that shows the pane (`1`, `2`, …).
            #[must_use]
            pub fn key(self) -> char {
                match self { $(Self::$variant => $key,)+ }
            }

            /// The pane's name in the config file and in key names (`s3`, `ssm`).
            #[must_use]
            pub fn name(self) -> &'static str {
                match self { $(Self::$variant => $name,)+ }
            }

            /// What the pane shows, for help (`S3 buckets`).
            #[must_use]
            pub fn help(self) -> &'static str {
                match self { $(Self::$variant => $help,)+ }
            }

            /// The name a config file uses for the key that shows the pane (`pane_s3`).
            #[must_use]
            pub fn action_name(self) -> &'static str {
                match self { $(Self::$variant => concat!("pane_", $name),)+ }
            }

            /// The key that shows the pane, as a global binding.
            #[must_use]
            pub fn switch_binding(self) -> Binding {
                match self {
                    $(Self::$variant => Binding {
                        keys: &[Key::Char($key)],
                        action: KeyAction::Pane(Self::$variant),
                        help: $help,
                        group: Group::Global,
                    },)+
                }
            }

            /// The `:` commands that go to places in the pane.
            #[must_use]
            pub fn commands(self) -> &'static [GoCommand] {
                match self { $(Self::$variant => <super::$field::$state as PaneState>::COMMANDS,)+ }
            }

            /// The keys of the pane's own actions.
            #[must_use]
            pub fn bindings(self) -> &'static [Binding] {
                match self { $(Self::$variant => <super::$field::$state as PaneState>::BINDINGS,)+ }
            }
        }

        /// Each pane's own state.
        #[derive(Debug, Clone, Default)]
        pub struct Panes {
            $($(#[doc = $doc])* pub $field: super::$field::$state,)+
        }

        impl Panes {
            /// The pane `pane`, as a room.
            #[must_use]
            pub fn get(&self, pane: Pane) -> &dyn Room {
                match pane { $(Pane::$variant => &self.$field,)+ }
            }

            /// The pane `pane`, as a room, to change.
            pub fn get_mut(&mut self, pane: Pane) -> &mut dyn Room {
                match pane { $(Pane::$variant => &mut self.$field,)+ }
            }

            /// Hands a result to the pane that owns `slot` (nothing for the
            /// app's own slots, or a payload of another pane's kind).
            pub fn on_loaded(
                &mut self,
                slot: Slot,
                id: RequestId,
                payload: Payload,
                more: bool,
                ctx: &mut Ctx<'_>,
            ) -> Vec<Command> {
                match (slot, payload) {
                    $((Slot::$variant(slot), Payload::$variant(payload)) => {
                        PaneState::on_loaded(&mut self.$field, slot, id, payload, more, ctx)
                    })+
                    _ => Vec::new(),
                }
            }

            /// Hands a failure to the pane that owns `slot`.
            pub fn on_failed(&mut self, slot: Slot, id: RequestId, error: Failure, ctx: &mut Ctx<'_>) {
                match slot {
                    $(Slot::$variant(slot) => PaneState::on_failed(&mut self.$field, slot, id, error, ctx),)+
                    Slot::Identity | Slot::Profiles | Slot::Regions => {}
                }
            }
        }

        $(impl PaneSlot for super::$field::$slot {
            type Request = super::$field::$request;
            type Payload = super::$field::$payload;

            fn slot(self) -> Slot {
                Slot::$variant(self)
            }

            fn request(request: LoadRequest) -> Option<Self::Request> {
                match request {
                    LoadRequest::$variant(request) => Some(request),
                    _ => None,
                }
            }

            fn payload(payload: Self::Payload) -> Payload {
                Payload::$variant(payload)
            }
        })+

        /// A place that receives loads. Starting a load for a slot cancels the
        /// one already running there. Each pane names its own slots.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Slot {
            /// Who we are (STS GetCallerIdentity), for the header.
            Identity,
            /// The profiles in the AWS config files, for the profile picker.
            Profiles,
            /// The regions this account may use, for the region picker.
            Regions,
            $(#[doc = concat!("A slot of the ", $title, " pane.")] $variant(super::$field::$slot),)+
        }

        impl Slot {
            /// What the slot loads, in the user's words.
            #[must_use]
            pub fn describe(self) -> &'static str {
                match self {
                    Self::Identity => "caller identity",
                    Self::Profiles => "the AWS config files",
                    Self::Regions => "the regions",
                    $(Self::$variant(slot) => slot.describe(),)+
                }
            }

            /// The pane whose loads use this slot (`None`: the header, the pickers).
            #[must_use]
            pub fn pane(self) -> Option<Pane> {
                match self {
                    $(Self::$variant(_) => Some(Pane::$variant),)+
                    Self::Identity | Self::Profiles | Self::Regions => None,
                }
            }
        }

        /// What to load (or change). Each pane names its own requests.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum LoadRequest {
            /// STS GetCallerIdentity.
            Identity,
            /// Read the AWS config and credentials files.
            Profiles,
            /// EC2 DescribeRegions.
            Regions,
            $(#[doc = concat!("A request of the ", $title, " pane.")] $variant(super::$field::$request),)+
        }

        /// Data delivered by the loader. Each pane names its own payloads.
        #[allow(clippy::large_enum_variant, reason = "one move per page, next to an AWS round trip")]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Payload {
            /// The caller identity.
            Identity(CallerIdentity),
            /// The profiles found in the AWS config files.
            Profiles(Box<ProfileCatalog>),
            /// The regions DescribeRegions reported.
            Regions(Vec<RegionInfo>),
            $(#[doc = concat!("Data for the ", $title, " pane.")] $variant(super::$field::$payload),)+
        }

        impl Payload {
            /// What came back from the editor, as a payload for the pane
            /// that owns `slot` (`None`: that pane edits no text).
            #[must_use]
            pub fn edited(slot: Slot, outcome: EditorOutcome) -> Option<Self> {
                match slot {
                    $(Slot::$variant(_) => <super::$field::$state as PaneState>::edited(outcome).map(Self::$variant),)+
                    Slot::Identity | Slot::Profiles | Slot::Regions => None,
                }
            }
        }
    };
}

panes! {
    /// S3 buckets and objects.
    S3(s3: S3Pane, S3Slot, S3Request, S3Payload) "S3" '1' "s3" "S3 buckets";
    /// VPCs, subnets and network interfaces.
    Network(network: NetworkPane, NetworkSlot, NetworkRequest, NetworkPayload) "Network" '2' "network" "Network (VPCs)";
    /// SSM Parameter Store.
    Ssm(ssm: SsmPane, SsmSlot, SsmRequest, SsmPayload) "SSM" '3' "ssm" "SSM Parameter Store";
    /// ECS clusters, services and tasks.
    Ecs(ecs: EcsPane, EcsSlot, EcsRequest, EcsPayload) "ECS" '4' "ecs" "ECS clusters";
    /// CloudWatch Logs groups, streams and events.
    Logs(logs: LogsPane, LogsSlot, LogsRequest, LogsPayload) "Logs" '5' "logs" "CloudWatch Logs";
    /// One search across profiles and regions.
    Find(find: FindPane, FindSlot, FindRequest, FindPayload) "Find" '6' "find" "Find everywhere";
}

/// A pane's slot type, with the request and payload types that go with it
/// (what tests and benches use to talk to one pane in its own types).
pub trait PaneSlot: Copy + std::fmt::Debug {
    /// The pane's requests.
    type Request: std::fmt::Debug;
    /// The pane's payloads.
    type Payload;
    /// The slot as the app names it.
    fn slot(self) -> Slot;
    /// `request`, if it is one of this pane's.
    fn request(request: LoadRequest) -> Option<Self::Request>;
    /// `payload` as the app takes it.
    fn payload(payload: Self::Payload) -> Payload;
}

impl Pane {
    fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The pane `step` tabs away, wrapping around.
    #[must_use]
    pub fn cycle(self, step: isize) -> Self {
        let n = Self::ALL.len();
        let i = self.index().cast_signed() + step;
        Self::ALL[i.rem_euclid(n.cast_signed()).cast_unsigned()]
    }

    /// The pane called `name` in the config file (`s3`, `network`, …).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

impl Panes {
    /// Forgets every pane's data (a context switch).
    pub fn reset(&mut self) {
        for &pane in Pane::ALL {
            self.get_mut(pane).reset();
        }
    }

    /// Loads running across all panes.
    #[must_use]
    pub fn in_flight(&self) -> usize {
        Pane::ALL.iter().map(|&pane| self.get(pane).in_flight()).sum()
    }

    /// Tells every pane the new geometry.
    pub fn resized(&mut self, layout: &super::layout::Layout) {
        for &pane in Pane::ALL {
            self.get_mut(pane).resized(layout);
        }
    }
}

/// How often each pane reloads itself while on screen (none: never).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutoRefresh {
    every: Vec<(Pane, std::time::Duration)>,
}

impl AutoRefresh {
    /// The interval of `pane`, if it refreshes itself.
    #[must_use]
    pub fn for_pane(&self, pane: Pane) -> Option<std::time::Duration> {
        self.every.iter().find(|(p, _)| *p == pane).map(|(_, every)| *every)
    }

    /// The same, with `pane` refreshing every `every` (`None`: never).
    #[must_use]
    pub fn with(mut self, pane: Pane, every: Option<std::time::Duration>) -> Self {
        self.every.retain(|(p, _)| *p != pane);
        self.every.extend(every.map(|every| (pane, every)));
        self
    }
}
