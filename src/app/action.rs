//! The messages that flow through the app: actions in (keys, loader results,
//! signals) and commands out (loads, cancels, suspend, quit).

use crossterm::event::KeyEvent;

pub use super::registry::{LoadRequest, Payload, Slot};
use crate::aws::ssm::Sensitive;
use crate::aws::{AwsContext, AwsEnvironment, ErrorKind};

/// Identifies one load request; a result whose id is not the one a pane is
/// waiting for is stale and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// A failure as the UI shows it: the kind (for hints) and the full message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What kind of failure it was.
    pub kind: ErrorKind,
    /// What failed, why, and what to do next.
    pub message: String,
}

/// What the errors view (`!`) shows of a failed call beyond its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    /// When it failed.
    pub at: std::time::SystemTime,
    /// The AWS operation (`ListObjectsV2`), when AWS was called.
    pub operation: Option<String>,
    /// The AWS error code (`AccessDenied`), if AWS sent one.
    pub code: Option<String>,
    /// The request id AWS gave, for support cases and CloudTrail.
    pub request_id: Option<String>,
}

impl ErrorDetail {
    /// The detail of `error` (if AWS answered) at `at`.
    #[must_use]
    pub fn new(at: std::time::SystemTime, error: Option<&crate::aws::AwsError>) -> Self {
        Self {
            at,
            operation: error.map(|e| e.operation.to_owned()),
            code: error.and_then(|e| e.code.clone()),
            request_id: error.and_then(|e| e.request_id.clone()),
        }
    }
}

impl Failure {
    /// A failure from any error that knows its kind.
    pub fn new(kind: ErrorKind, message: impl std::fmt::Display) -> Self {
        Self { kind, message: message.to_string() }
    }
}

/// Everything `App::update` reacts to.
#[allow(clippy::large_enum_variant, reason = "one move per event, next to an AWS round trip")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A key press.
    Key(KeyEvent),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
    /// The spinner tick; only sent while something loads.
    Tick,
    /// When and how a load failed; sent just before its `LoadFailed`.
    ErrorDetail {
        /// The load that failed.
        id: RequestId,
        /// The context generation it ran under.
        generation: u64,
        /// Time, operation, code and request id.
        detail: ErrorDetail,
    },
    /// A mouse event (wheel, click, double click), when the mouse is on.
    Mouse(super::mouse::MouseInput),
    /// The auto-refresh timer of the pane on screen fired.
    AutoRefresh,
    /// The provider for `generation` is ready.
    Connected {
        /// The context generation this answers.
        generation: u64,
        /// Where the provider points.
        environment: AwsEnvironment,
    },
    /// The provider for `generation` could not be built.
    ConnectFailed {
        /// The context generation this answers.
        generation: u64,
        /// Why.
        error: Failure,
    },
    /// A page or result for a load.
    Loaded {
        /// The slot the load was for.
        slot: Slot,
        /// The request this answers.
        id: RequestId,
        /// The context generation the load ran under.
        generation: u64,
        /// The data.
        payload: Payload,
        /// Whether more is still to come for this request.
        more: bool,
    },
    /// A load failed; earlier pages stay on screen.
    LoadFailed {
        /// The slot the load was for.
        slot: Slot,
        /// The request this answers.
        id: RequestId,
        /// The context generation the load ran under.
        generation: u64,
        /// Why.
        error: Failure,
    },
    /// When the new context's credentials expire (`None`: they do not, or unknown).
    CredentialsExpire {
        /// The context generation this answers.
        generation: u64,
        /// The expiry.
        at: Option<std::time::SystemTime>,
    },
    /// The profile for `generation` needs an MFA code before it can connect.
    MfaRequired {
        /// The context generation this answers.
        generation: u64,
        /// The context that needs the code.
        context: AwsContext,
        /// The profile.
        profile: String,
        /// The MFA device.
        serial: String,
    },
    /// The session of `generation` was renewed ([`Command::Renew`]): its
    /// provider now uses `context`. Same account, so the rows on screen stay.
    Renewed {
        /// The context generation this answers.
        generation: u64,
        /// The context now in force (a new MFA code where the spent one was).
        context: AwsContext,
        /// When the renewed credentials expire (`None`: they do not, or unknown).
        expires: Option<std::time::SystemTime>,
    },
    /// A [`Command::Renew`] failed (a wrong code, SSO still expired).
    RenewFailed {
        /// The context generation this answers.
        generation: u64,
        /// Why.
        error: Failure,
    },
    /// An external command ([`Command::RunExternal`]) finished.
    ExternalFinished {
        /// Why it ran.
        purpose: ExternalPurpose,
        /// Whether it exited successfully.
        ok: bool,
        /// What to tell the user.
        message: String,
    },
    /// Leave (a signal, or the terminal went away).
    Quit,
}

/// Everything `App::update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Build (or fetch from the cache) the provider for `context`.
    Connect {
        /// The generation the provider is for.
        generation: u64,
        /// The context to connect to.
        context: AwsContext,
    },
    /// Renew the session of `generation` without switching: rebuild its
    /// provider for `context` (the same context with a new MFA code, or
    /// unchanged after `aws sso login`), forgetting the cached one, and put
    /// it in place of the generation's provider. Answered by
    /// [`Action::Renewed`] or [`Action::RenewFailed`].
    Renew {
        /// The generation whose provider is replaced.
        generation: u64,
        /// The context to build it for.
        context: AwsContext,
    },
    /// Start a load in `slot`, cancelling whatever runs there.
    Load {
        /// Where the result goes.
        slot: Slot,
        /// The request id the result will carry.
        id: RequestId,
        /// The generation the load runs under.
        generation: u64,
        /// What to load.
        request: LoadRequest,
    },
    /// Cancel the load running in `slot`, if any.
    Cancel(Slot),
    /// Cancel every load and connection attempt (context switch, quit).
    CancelAll,
    /// Suspend to the shell (Ctrl-Z) and resume.
    Suspend,
    /// Put text on the clipboard (OSC 52, which works over SSH).
    Copy(String),
    /// Open a URL with the system opener (or show it when there is none).
    OpenUrl(String),
    /// Hand the terminal to an external command (`aws sso login`, `aws ecs
    /// execute-command`), then come back; answered by
    /// [`Action::ExternalFinished`].
    RunExternal {
        /// The program.
        program: String,
        /// Its arguments (never a secret: they are shown and logged).
        args: Vec<String>,
        /// Why it runs, which decides what its end means.
        purpose: ExternalPurpose,
        /// Whose credentials it uses.
        credentials: ChildCredentials,
    },
    /// Write the small state file (recent roles and regions; never credentials).
    SaveState(String),
    /// Suspend the UI, let the user edit text in `$VISUAL`/`$EDITOR`, resume,
    /// and deliver the result as a load result for the request.
    EditInEditor(EditorRequest),
    /// Leave the app.
    Quit,
}

/// Why an external command has the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExternalPurpose {
    /// `aws sso login` for a session that expired: when it succeeds, the
    /// session is renewed and what failed is tried again.
    SsoLogin,
    /// An interactive session the user opened, such as a shell in a
    /// container; its end is only reported. The text names it for the
    /// status line (`shell in container web of task 3f2b…`).
    Session(String),
    /// The system opener, showing a URL; only its failure is reported.
    OpenUrl,
}

/// Whose credentials an external `aws` command uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChildCredentials {
    /// Its own: it finds them the way awscope did, from the profile in its
    /// arguments or from the environment and the AWS config files.
    Inherited,
    /// The temporary credentials of the session of `generation`, which the
    /// runtime puts in the child's environment (`AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) and nowhere else: for a
    /// context the aws CLI cannot rebuild from a profile (an assumed role, a
    /// role chain, an MFA code already spent).
    Session {
        /// The context generation whose session it uses.
        generation: u64,
    },
}

impl ChildCredentials {
    /// How an `aws` CLI child reproduces the context of `environment`,
    /// connected as `generation`: the global options naming its profile and
    /// region (`--profile dev --region eu-west-1`), and its credentials.
    #[must_use]
    pub fn for_aws_cli(environment: &AwsEnvironment, generation: u64) -> (Vec<String>, Self) {
        let context = &environment.context;
        let mut options = Vec::new();
        let credentials = if context.roles().next().is_some() || context.mfa_code.is_some() {
            // The session's own credentials: `--profile` would make the CLI
            // ignore them (and it cannot assume the roles or reuse the code).
            Self::Session { generation }
        } else {
            if let Some(profile) = context.profile.as_ref().filter(|p| !p.is_empty()) {
                options.extend(["--profile".to_owned(), profile.clone()]);
            }
            Self::Inherited
        };
        options.extend(["--region".to_owned(), environment.region.clone()]);
        (options, credentials)
    }
}

/// Text to edit in the user's editor, and the request the result answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorRequest {
    /// The slot whose pane receives the result.
    pub slot: Slot,
    /// The request the result answers.
    pub id: RequestId,
    /// The context generation it was asked under.
    pub generation: u64,
    /// What is edited (a parameter name), used in the temporary file's name.
    pub label: String,
    /// The text to start from. It may be a secret: the file holding it is
    /// private (0600) and removed as soon as the editor exits.
    pub text: Sensitive,
}

/// What came back from the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditorOutcome {
    /// The editor exited cleanly; the file's text.
    Saved(Sensitive),
    /// The editor could not run, or exited with an error; why, and what to do.
    Failed(String),
}

impl EditorRequest {
    /// The action that delivers `outcome` to the pane that asked, if that
    /// pane edits text.
    #[must_use]
    pub fn reply(&self, outcome: EditorOutcome) -> Option<Action> {
        let payload = Payload::edited(self.slot, outcome)?;
        Some(Action::Loaded { slot: self.slot, id: self.id, generation: self.generation, payload, more: false })
    }
}
