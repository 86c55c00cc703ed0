//! What the app remembers beside the panes, grouped by what it is for: the
//! way back through visited views, the state of the credentials on screen,
//! and recent choices for the pickers.

use super::goto::Target;
use super::switch::Renewal;
use crate::aws::{AwsContext, RoleSpec};

/// Where the user has been and is going: `[` / `]`, the command bar's
/// history, and a deep link waiting for the connection.
#[derive(Debug, Clone, Default)]
pub struct Navigation {
    /// Views visited before this one (`[`), most recent last.
    pub back: Vec<Target>,
    /// Views left with `[` (`]`), most recent last.
    pub forward: Vec<Target>,
    /// Lines run in the command bar, oldest first (↑ walks back).
    pub command_history: Vec<String>,
    /// Where to go once connected (a deep link given before the connection was up).
    pub pending_target: Option<Target>,
    /// Set by `[` and `]`, which keep the visit history themselves.
    pub(crate) skip_visit: bool,
}

/// The credentials of the context on screen: when they end, and a session
/// (MFA or SSO) that ran out and is being renewed.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// When the current credentials expire, if they are temporary.
    pub expires: Option<std::time::SystemTime>,
    /// The profile whose SSO session expired, while `L` can log in again.
    pub sso_profile: Option<String>,
    /// The switch `L` retries after `aws sso login` (one that failed with an
    /// expired SSO session); `None` when the session ran out under the
    /// context on screen, which is renewed instead.
    pub(crate) sso_switch: Option<AwsContext>,
    /// A session (MFA or SSO) that expired under the context on screen, and
    /// the loads to issue again once it is renewed.
    pub renewal: Option<Renewal>,
}

/// Recent choices, offered first by the pickers (never credentials or codes).
#[derive(Debug, Clone, Default)]
pub struct Recent {
    /// Roles assumed recently.
    pub roles: Vec<RoleSpec>,
    /// Regions used recently.
    pub regions: Vec<String>,
    /// MFA devices of profiles whose own role needs a code (profile, serial),
    /// as asked for; never the codes.
    pub mfa_devices: Vec<(String, String)>,
    /// Profile names from the AWS config files, once read (for completion).
    pub profiles: Vec<String>,
}
