//! The command line, named as the aws CLI names things.

use std::path::PathBuf;

use clap::Parser;

use crate::aws::{AwsContext, ProviderOptions, RoleSpec};

/// A fast, honest terminal UI for exploring AWS.
#[derive(Debug, Clone, Parser)]
#[command(name = "awscope", version, about, long_about = None)]
pub struct Args {
    /// Named profile from ~/.aws/config (or AWS_CONFIG_FILE).
    #[arg(long, env = "AWS_PROFILE", value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Region to use; defaults to AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.
    #[arg(long, env = "AWS_REGION", value_name = "REGION")]
    pub region: Option<String>,

    /// Assume this role on top of the profile's credentials.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,

    /// External id for --role-arn.
    #[arg(long, value_name = "ID", requires = "role_arn")]
    pub external_id: Option<String>,

    /// Session name for --role-arn (default awscope-<user>).
    #[arg(long, value_name = "NAME", requires = "role_arn")]
    pub role_session_name: Option<String>,

    /// Send every AWS call to this endpoint (LocalStack, moto).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Refuse every change to AWS resources.
    #[arg(long)]
    pub read_only: bool,

    /// Write the log here instead of $XDG_STATE_HOME/awscope/awscope.log.
    #[arg(long, env = "AWSCOPE_LOG_FILE", value_name = "PATH")]
    pub log_file: Option<PathBuf>,
}

fn non_empty(value: Option<&String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty()).cloned()
}

impl Args {
    /// The context the arguments and environment ask for.
    #[must_use]
    pub fn context(&self) -> AwsContext {
        let region =
            non_empty(self.region.as_ref()).or_else(|| non_empty(std::env::var("AWS_DEFAULT_REGION").ok().as_ref()));
        AwsContext {
            profile: non_empty(self.profile.as_ref()),
            region,
            role: non_empty(self.role_arn.as_ref()).map(|arn| RoleSpec {
                session_name: non_empty(self.role_session_name.as_ref()),
                external_id: non_empty(self.external_id.as_ref()),
                ..RoleSpec::new(arn)
            }),
            ..AwsContext::default()
        }
    }

    /// Provider settings from the arguments.
    #[must_use]
    pub fn provider_options(&self) -> ProviderOptions {
        ProviderOptions { endpoint_url: non_empty(self.endpoint_url.as_ref()), ..ProviderOptions::default() }
    }
}
