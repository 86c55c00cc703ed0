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

mod resource;
mod room;

use std::collections::BTreeSet;

use super::action::{Command, Failure, LoadRequest, RequestId, Slot};
use super::ctx::Ctx;
use super::input::TextInput;
use super::listing::Listing;
use super::table::{SortKey, Tabular, sort_columns};

pub use self::room::{BINDINGS, FindTarget, context_of, target_of};

/// Requests in flight across a search: the smallest and largest the config accepts.
pub const CONCURRENCY_RANGE: (usize, usize) = (1, 64);

/// How the search on screen stands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Run {
    /// Nothing searched yet.
    #[default]
    Idle,
    /// Probes are running.
    Searching,
    /// Every probe has answered.
    Complete,
    /// Stopped with Esc; what arrived stays.
    Cancelled,
    /// Stopped by a switch of profile or region; what arrived stays.
    Stopped,
    /// The search itself could not run (every probe at once).
    Failed(Failure),
}

/// A search as the user asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// What was typed.
    pub text: String,
    /// Where it looks.
    pub scope: Scope,
    /// The profile on screen when it started (what `current` meant).
    pub from_profile: String,
    /// The whole context on screen when it started: its role chain and
    /// MFA code are what found the results of `from_profile`.
    pub from: AwsContext,
}

/// What is open over the Find view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// Typing a search.
    Prompt(TextInput),
    /// Every failed probe and every skipped profile, with why.
    Failures {
        /// Lines scrolled down.
        scroll: usize,
    },
    /// Choosing profiles and regions by hand.
    Picker(ScopePicker),
    /// An MFA code for a profile that was skipped for want of one.
    Mfa {
        /// The profile.
        profile: String,
        /// The code typed so far (shown masked).
        input: TextInput,
    },
}

/// The scope picker: profiles (from the AWS config files) then regions;
/// Space toggles the row under the cursor, Enter searches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopePicker {
    /// The profiles ticked.
    pub profiles: BTreeSet<String>,
    /// The regions ticked (none: every enabled region).
    pub regions: BTreeSet<String>,
    /// The row under the cursor, counting profiles then regions.
    pub cursor: usize,
}

/// The Find pane.
#[derive(Debug, Clone)]
pub struct FindPane {
    /// What was found, as it streams in.
    pub hits: Listing<Hit>,
    /// The search on screen, if any.
    pub search: Option<Search>,
    /// How it stands.
    pub run: Run,
    /// Probes planned so far (grows as each profile's regions are known).
    pub planned: usize,
    /// Probes that have answered (or failed).
    pub done: usize,
    /// Probes that could not answer, in the order they failed.
    pub failures: Vec<ProbeFailure>,
    /// Profiles left out, with why.
    pub skipped: Vec<Skipped>,
    /// The scope `:find TEXT` uses (config `[find] scope`): current or all.
    pub default_scope: Scope,
    /// Requests in flight across a search (config `[find] concurrency`).
    pub concurrency: usize,
    /// Profiles never searched (config `[find] exclude`).
    pub exclude: Vec<String>,
    /// MFA codes entered for skipped profiles, used by the next searches.
    pub mfa: Vec<(String, MfaCode)>,
    /// What is open over the view.
    pub popup: Option<Popup>,
    request: Option<RequestId>,
}

impl Default for FindPane {
    fn default() -> Self {
        Self {
            hits: Listing::default(),
            search: None,
            run: Run::Idle,
            planned: 0,
            done: 0,
            failures: Vec::new(),
            skipped: Vec::new(),
            default_scope: Scope::Current,
            concurrency: crate::aws::find::DEFAULT_CONCURRENCY,
            exclude: Vec::new(),
            mfa: Vec::new(),
            popup: None,
            request: None,
        }
    }
}

fn slot() -> Slot {
    Slot::Find(FindSlot::Search)
}

impl Scope {
    /// In the user's words: `profile dev, every region`, `every profile`, …
    #[must_use]
    pub fn describe(&self, current: &str) -> String {
        match self {
            Self::Current => format!("profile {current} × every enabled region"),
            Self::All => "every profile × every enabled region".to_owned(),
            Self::Chosen { profiles, regions } => {
                let profiles = match profiles.len() {
                    1 => format!("profile {}", profiles[0]),
                    n => format!("{n} profiles"),
                };
                let regions = match regions.len() {
                    0 => "every enabled region".to_owned(),
                    1 => regions[0].clone(),
                    n => format!("{n} regions"),
                };
                format!("{profiles} × {regions}")
            }
        }
    }
}

impl FindPane {
    /// Whether a search is running.
    #[must_use]
    pub fn is_searching(&self) -> bool {
        self.run == Run::Searching
    }

    /// The profile on screen, as the search names it.
    fn current_profile(ctx: &Ctx<'_>) -> String {
        ctx.environment.and_then(|env| env.context.profile.clone()).unwrap_or_else(|| "default".to_owned())
    }

    /// Starts a search for `text` over `scope`, replacing the one on screen
    /// (whose loader task the new load aborts).
    pub(crate) fn start(&mut self, text: &str, scope: Scope, ctx: &mut Ctx<'_>) -> Vec<Command> {
        let text = text.trim().to_owned();
        self.popup = None;
        if text.is_empty() {
            ctx.error("Type what to find: :find TEXT (an IP, an id such as vpc-…, an ARN, or part of a name).");
            return Vec::new();
        }
        let Some(env) = ctx.environment else {
            ctx.info("Not connected yet: the search starts once the connection is up.");
            return Vec::new();
        };
        let spec = FindSpec {
            text: text.clone(),
            scope: scope.clone(),
            current: env.context.clone(),
            exclude: self.exclude.clone(),
            concurrency: self.concurrency,
            mfa: self.mfa.clone(),
        };
        let from_profile = Self::current_profile(ctx);
        let from = env.context.clone();
        let (id, command) = ctx.load(slot(), LoadRequest::Find(FindRequest::Search(spec)));
        self.search = Some(Search { text, scope, from_profile, from });
        self.request = Some(id);
        self.hits.reset();
        self.hits.start(id);
        self.run = Run::Searching;
        self.planned = 0;
        self.done = 0;
        self.failures.clear();
        self.skipped.clear();
        vec![command]
    }

    /// Runs the search on screen again (same text), over `scope`.
    pub(crate) fn restart(&mut self, scope: Scope, ctx: &mut Ctx<'_>) -> Vec<Command> {
        match self.search.as_ref().map(|s| s.text.clone()) {
            Some(text) => self.start(&text, scope, ctx),
            None => {
                self.popup = Some(Popup::Prompt(TextInput::default()));
                Vec::new()
            }
        }
    }

    /// Esc while searching: every probe stops at once; what arrived stays.
    pub(crate) fn cancel(&mut self, ctx: &mut Ctx<'_>) -> Vec<Command> {
        if !self.is_searching() {
            return Vec::new();
        }
        self.request = None;
        self.run = Run::Cancelled;
        self.hits.cancel();
        ctx.info(format!(
            "Search stopped: {} of {} probes had answered; the {} found so far stay.",
            self.done,
            self.planned,
            plural(self.hits.items.len(), "match", "matches")
        ));
        vec![Command::Cancel(slot())]
    }

    fn on_payload(&mut self, id: RequestId, payload: FindPayload, more: bool) {
        if self.request != Some(id) || !self.is_searching() {
            return;
        }
        match payload {
            FindPayload::Planned(n) => self.planned += n,
            FindPayload::Skipped(skipped) => {
                for s in skipped {
                    self.skipped.retain(|k| k.profile != s.profile);
                    self.skipped.push(s);
                }
            }
            FindPayload::Hits(hits) => self.hits.push_page(hits, true),
            FindPayload::ProbeDone(failure) => {
                self.done += 1;
                self.failures.extend(failure);
            }
        }
        if !more {
            self.request = None;
            self.run = Run::Complete;
            self.hits.push_page(Vec::new(), false);
        }
    }

    fn on_failure(&mut self, id: RequestId, error: Failure) {
        if self.request != Some(id) {
            return;
        }
        self.request = None;
        self.hits.cancel();
        self.run = Run::Failed(error);
    }

    /// The profiles skipped that an MFA code would include.
    #[must_use]
    pub fn needs_mfa(&self) -> Vec<&Skipped> {
        self.skipped.iter().filter(|s| s.needs_mfa).collect()
    }

    /// The progress line: `48/68 probes · 5 matches · 2 failed · 1 skipped`.
    #[must_use]
    pub fn progress(&self) -> String {
        let mut parts =
            vec![format!("{}/{} probes", self.done, self.planned), plural(self.hits.items.len(), "match", "matches")];
        if !self.failures.is_empty() {
            parts.push(format!("{} failed", self.failures.len()));
        }
        if !self.skipped.is_empty() {
            parts.push(format!("{} skipped", self.skipped.len()));
        }
        parts.join(" · ")
    }

    /// Lines of the failures list: each failed probe and each skipped
    /// profile, with why (drawn whole, scrolled).
    #[must_use]
    pub fn failure_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.failures.is_empty() {
            lines.push(format!("{} that could not answer:", plural(self.failures.len(), "probe", "probes")));
            for f in &self.failures {
                lines.push(format!("  {} · {} · {}", f.probe.profile, f.probe.region, f.probe.action));
                lines.push(format!("    {}", f.reason));
            }
        }
        if !self.skipped.is_empty() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(format!("{} not searched:", plural(self.skipped.len(), "profile", "profiles")));
            for s in &self.skipped {
                lines.push(format!("  {}: {}", s.profile, s.reason));
            }
        }
        if lines.is_empty() {
            lines.push("Every probe answered; no profile was skipped.".to_owned());
        }
        lines
    }
}

/// `n thing` or `n things`, with thousands separated.
fn plural(n: usize, one: &str, many: &str) -> String {
    let count = crate::text::thousands(n);
    if n == 1 { format!("{count} {one}") } else { format!("{count} {many}") }
}

sort_columns!(
    /// The columns of the results.
    HitColumn {
        Kind = "KIND",
        Name = "NAME / ID",
        Profile = "PROFILE",
        Account = "ACCOUNT",
        Region = "REGION",
        Detail = "DETAIL"
    }
);

impl Tabular for Hit {
    type Column = HitColumn;
    fn sort_key(&self, column: HitColumn) -> SortKey<'_> {
        match column {
            HitColumn::Kind => SortKey::text(self.kind.label()),
            HitColumn::Name => SortKey::text(&self.name),
            HitColumn::Profile => SortKey::text(&self.profile),
            HitColumn::Account => SortKey::opt_text(self.account.as_deref()),
            HitColumn::Region => SortKey::text(&self.region),
            HitColumn::Detail => SortKey::text(&self.detail),
        }
    }
    fn any_field(&self, test: &mut dyn FnMut(&str) -> bool) -> bool {
        test(&self.name)
            || self.label.as_deref().is_some_and(&mut *test)
            || test(self.kind.label())
            || test(&self.profile)
            || self.account.as_deref().is_some_and(&mut *test)
            || test(&self.region)
            || test(&self.detail)
            || self.address.as_deref().is_some_and(&mut *test)
    }
}
