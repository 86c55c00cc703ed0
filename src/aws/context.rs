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
}

/// What the user asked for: a profile (or the default chain), a region (or
/// the one the profile names) and an optional role on top.
///
/// This is the provider's cache key: switching context means a new key, never
/// a change to a shared client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct AwsContext {
    /// Named profile from the AWS config files; `None` uses the default chain.
    pub profile: Option<String>,
    /// Region override; `None` takes the profile's region.
    pub region: Option<String>,
    /// A role assumed on top of the base credentials.
    pub role: Option<RoleSpec>,
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
}

/// Where the region in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// `--region`, `AWS_REGION` or `AWS_DEFAULT_REGION`.
    Explicit,
    /// The `region` key of the selected profile.
    Profile,
    /// Nothing named a region, so awscope fell back to `us-east-1`.
    Fallback,
}

impl fmt::Display for AwsEnvironment {
    /// `aws://REGION (profile P)` before the account is known; the header adds it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "aws://{} ({})", self.region, self.context.label())
    }
}

impl AwsEnvironment {
    /// `aws://ACCOUNT/REGION (profile P)`, the form the header shows.
    #[must_use]
    pub fn address(&self, account: Option<&str>) -> String {
        let account = account.unwrap_or("…");
        format!("aws://{account}/{} ({})", self.region, self.context.label())
    }
}
