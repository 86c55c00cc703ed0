//! The command line, named as the aws CLI names things.

use std::path::PathBuf;

use clap::Parser;

use crate::app::goto::Target;
use crate::aws::{AwsContext, ProviderOptions, RoleSpec};

/// A fast, honest terminal UI for exploring AWS.
#[derive(Debug, Clone, Parser)]
#[command(name = "awscope", version, about, long_about = None)]
#[command(group = clap::ArgGroup::new("open_at").multiple(false))]
pub struct Args {
    /// Named profile from ~/.aws/config (or AWS_CONFIG_FILE). Named here, it
    /// never reads exported keys; AWS_PROFILE alone chooses the profile but,
    /// as in the aws CLI, exported keys still come first.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Region to use; defaults to AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.
    #[arg(long, value_name = "REGION")]
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

    /// Send every service's calls here (LocalStack, moto), over any
    /// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL or profile endpoint_url.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,

    /// Print who and where awscope would be (account, caller, and where the
    /// credentials, region and endpoints come from), then exit.
    #[arg(long)]
    pub whoami: bool,

    /// With --whoami: print JSON.
    #[arg(long, requires = "whoami")]
    pub json: bool,

    /// Refuse every change to AWS resources.
    #[arg(long)]
    pub read_only: bool,

    /// Write the log here instead of $XDG_STATE_HOME/awscope/awscope.log.
    #[arg(long, env = "AWSCOPE_LOG_FILE", value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Read settings from this file instead of $XDG_CONFIG_HOME/awscope/config.toml.
    #[arg(long, env = "AWSCOPE_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Open at this S3 location: s3://BUCKET/PREFIX/ (s3:// alone: the bucket list).
    #[arg(value_name = "S3_URI", value_parser = Target::from_s3_uri, group = "open_at")]
    pub s3_uri: Option<Target>,

    /// Open the SSM parameter tree at this path (a folder or a parameter).
    #[arg(long, value_name = "PATH", value_parser = Target::from_ssm_path, group = "open_at")]
    pub ssm: Option<Target>,

    /// Open this VPC's subnets.
    #[arg(long, value_name = "VPC_ID", value_parser = deep_link(Target::from_vpc), group = "open_at")]
    pub vpc: Option<Target>,

    /// Open this subnet's network interfaces.
    #[arg(long, value_name = "SUBNET_ID", value_parser = deep_link(Target::from_subnet), group = "open_at")]
    pub subnet: Option<Target>,

    /// Open the network interface with this IP address (or eni- id).
    #[arg(long, value_name = "IP", value_parser = deep_link(Target::from_eni), group = "open_at")]
    pub eni: Option<Target>,

    /// Open this ECS cluster's services, with SERVICE selected if given.
    #[arg(long, value_name = "CLUSTER[/SERVICE]", value_parser = Target::from_ecs, group = "open_at")]
    pub ecs: Option<Target>,
}

/// A parser for a deep-link flag whose value must not be empty.
fn deep_link(build: fn(&str) -> Target) -> impl Fn(&str) -> Result<Target, String> + Clone {
    move |value: &str| {
        if value.trim().is_empty() { Err("a value is needed".to_owned()) } else { Ok(build(value)) }
    }
}

fn non_empty(value: Option<&String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty()).cloned()
}

impl Args {
    /// Where to open at start (a deep link), if anywhere.
    #[must_use]
    pub fn target(&self) -> Option<Target> {
        [&self.s3_uri, &self.ssm, &self.vpc, &self.subnet, &self.eni, &self.ecs].into_iter().find_map(Clone::clone)
    }

    /// The context the arguments and environment ask for.
    #[must_use]
    pub fn context(&self) -> AwsContext {
        // AWS_PROFILE, AWS_REGION and AWS_DEFAULT_REGION are read when the
        // context is resolved, so that each setting keeps its source.
        let region = non_empty(self.region.as_ref());
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
