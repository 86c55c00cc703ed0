//! The Find pane: one search across profiles and regions, its results
//! streaming in as each probe answers, each one Enter away (a two-phase
//! switch to its profile and region, then its pane at the resource).

use crate::aws::context::{AwsContext, MfaCode};
pub use crate::aws::find::{Hit, HitKind, Probe, ProbeFailure, Query, Skipped};

/// Load slots of the Find pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindSlot {
    /// The search running (every probe of it).
    Search,
}

impl FindSlot {
    /// What the slot loads, in the user's words.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Search => "the search",
        }
    }
}

/// Which profiles and regions a search covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The profile on screen × every region enabled for its account.
    Current,
    /// Every profile in the config files × every region enabled for each.
    All,
    /// Chosen by hand in the scope picker (an empty `regions` means every
    /// enabled region of each profile).
    Chosen {
        /// The profiles.
        profiles: Vec<String>,
        /// The regions.
        regions: Vec<String>,
    },
}

/// A search, as the loader runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindSpec {
    /// What was typed.
    pub text: String,
    /// Where to look.
    pub scope: Scope,
    /// The context on screen: its profile is the current one, and its
    /// provider is reused for its own (profile, region).
    pub current: AwsContext,
    /// Profiles never searched (config `[find] exclude`), listed as skipped.
    pub exclude: Vec<String>,
    /// Requests in flight across the whole search.
    pub concurrency: usize,
    /// MFA codes entered for profiles that need one (profile, code); the
    /// code is masked in `Debug`.
    pub mfa: Vec<(String, MfaCode)>,
}

/// Requests of the Find pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindRequest {
    /// Run a search; results stream back until every probe has answered.
    Search(FindSpec),
}

/// Data for the Find pane, streamed with `more` true until the last, which
/// the loader sends as an empty `Hits` once every probe has answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindPayload {
    /// More probes are planned (as each profile's regions become known): add
    /// this many to the total.
    Planned(usize),
    /// Profiles left out, with why.
    Skipped(Vec<Skipped>),
    /// Things found by one probe.
    Hits(Vec<Hit>),
    /// One probe finished: `None` when it answered, else why it could not.
    ProbeDone(Option<ProbeFailure>),
}

mod room;

pub use room::FindPane;
