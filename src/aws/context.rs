//! Who and where we are: the key the provider caches clients under, and the
//! resolved environment shown in the header.

use std::fmt;

/// A role assumed on top of the base credentials (profile or default chain).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RoleSpec {
    /// The ARN of the role to assume.
    pub arn: String,
    /// The role session name; `awscope-<user>` when not given.
    pub session_name: Option<String>,
    /// The external id the role's trust policy asks for, if any.
    pub external_id: Option<String>,
    /// Session length in seconds (STS default, one hour, when `None`).
    pub duration_secs: Option<i32>,
    /// An MFA device and a code from it, when the role requires MFA.
    pub mfa: Option<MfaCode>,
}

/// An MFA device and a one-time code from it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MfaCode {
    /// The device's serial number or ARN.
    pub serial: String,
    /// The 6-digit code.
    pub code: String,
}

impl std::fmt::Debug for MfaCode {
    // The code is single-use, but it is still a credential: never log it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MfaCode").field("serial", &self.serial).field("code", &"******").finish()
    }
}

impl RoleSpec {
    /// A role by ARN with defaults for everything else.
    #[must_use]
    pub fn new(arn: impl Into<String>) -> Self {
        Self { arn: arn.into(), session_name: None, external_id: None, duration_secs: None, mfa: None }
    }

    /// `Admin@111122223333` from `arn:aws:iam::111122223333:role/path/Admin`.
    #[must_use]
    pub fn short(&self) -> String {
        let account = self.arn.split(':').nth(4).unwrap_or("?");
        let name = self.arn.rsplit('/').next().unwrap_or(&self.arn);
        format!("{name}@{account}")
    }
}

/// What the user asked for: a profile (or the default chain), a region (or
/// the one the profile names) and an optional role on top.
///
/// This is the provider's cache key: switching context means a new key, never
/// a change to a shared client. `Debug` never shows the MFA code.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct AwsContext {
    /// Named profile from the AWS config files; `None` uses the default chain.
    pub profile: Option<String>,
    /// Region override; `None` takes the profile's region.
    pub region: Option<String>,
    /// A role assumed on top of the base credentials (after `chain`).
    pub role: Option<RoleSpec>,
    /// Roles assumed, in order, before `role` (a role chain).
    pub chain: Vec<RoleSpec>,
    /// An MFA code for a profile whose own role has `mfa_serial`.
    pub mfa_code: Option<String>,
}

impl fmt::Debug for AwsContext {
    // Like the derived form, with the one-time code hidden (as `MfaCode` does).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AwsContext")
            .field("profile", &self.profile)
            .field("region", &self.region)
            .field("role", &self.role)
            .field("chain", &self.chain)
            .field("mfa_code", &self.mfa_code.as_ref().map(|_| "******"))
            .finish()
    }
}

impl AwsContext {
    /// A short label for the context, such as `profile dev` or `default credentials`.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.profile {
            Some(profile) => format!("profile {profile}"),
            None => "default credentials".to_owned(),
        }
    }

    /// Every role assumed, in order.
    pub fn roles(&self) -> impl Iterator<Item = &RoleSpec> {
        self.chain.iter().chain(self.role.as_ref())
    }

    /// This context with `role` assumed on top of it.
    #[must_use]
    pub fn with_role(&self, role: RoleSpec) -> Self {
        let mut next = self.clone();
        if let Some(previous) = next.role.take() {
            next.chain.push(previous);
        }
        next.role = Some(role);
        next
    }

    /// `dev → Admin@111122223333 → Audit@444455556666`.
    #[must_use]
    pub fn chain_label(&self) -> String {
        let mut label = self.profile.clone().unwrap_or_else(|| "default".to_owned());
        for role in self.roles() {
            label.push_str(" → ");
            label.push_str(&role.short());
        }
        label
    }
}

/// Where a connected provider points: the resolved region and, once STS has
/// answered, the account and caller ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsEnvironment {
    /// The context this environment was resolved from.
    pub context: AwsContext,
    /// The region every regional call goes to.
    pub region: String,
    /// Where the region came from, for the header (`--region`, `profile`, `default`).
    pub region_source: RegionSource,
    /// The endpoint override in force, if any (LocalStack, moto, a VPC endpoint).
    pub endpoint_url: Option<String>,
    /// Where the profile, credentials, endpoints and network settings came
    /// from (`:whoami`); empty for providers built over a ready config.
    pub sources: super::resolve::Sources,
}

/// Where the region in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// `--region`, or a region picked with `R` / `:region`.
    Explicit,
    /// An environment variable: `AWS_REGION` or `AWS_DEFAULT_REGION`.
    Variable(&'static str),
    /// The `region` key of the selected profile.
    Profile,
    /// Nothing named a region, so awscope fell back to `us-east-1`.
    Fallback,
}

impl RegionSource {
    /// Where the region came from, in words (`AWS_REGION`, `profile dev`).
    #[must_use]
    pub fn describe(self, profile: &str) -> String {
        match self {
            Self::Explicit => "--region (or picked with R)".to_owned(),
            Self::Variable(name) => name.to_owned(),
            Self::Profile => format!("region of profile {profile}"),
            Self::Fallback => "nothing named one: us-east-1".to_owned(),
        }
    }
}

impl fmt::Display for AwsEnvironment {
    /// `aws://REGION (profile P)` before the account is known; the header adds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "aws://{} ({})", self.region, self.label())
    }
}

impl AwsEnvironment {
    /// `aws://ACCOUNT/REGION (profile P)`, the form the header shows.
    #[must_use]
    pub fn address(&self, account: Option<&str>) -> String {
        let account = account.unwrap_or("…");
        format!("aws://{account}/{} ({})", self.region, self.label())
    }

    /// `profile dev`, `profile dev (AWS_PROFILE)` or `default credentials`.
    #[must_use]
    pub fn label(&self) -> String {
        if self.sources.profile.is_empty() { self.context.label() } else { self.sources.profile_label() }
    }

    /// The profile whose settings are in use (`default` when none is).
    #[must_use]
    pub fn profile(&self) -> &str {
        if self.sources.profile.is_empty() {
            self.context.profile.as_deref().unwrap_or("default")
        } else {
            &self.sources.profile
        }
    }
}
