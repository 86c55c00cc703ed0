//! The seeded world: buckets and objects, VPCs, subnets and network
//! interfaces, SSM parameters, ECS clusters and their CloudWatch Logs in two
//! accounts, created
//! through the Rust SDK so tests, the demo and the benchmarks share it.
//!
//! The base account gets the big picture (12 buckets in two regions, one with
//! thousands of objects, awkward keys, three VPCs, dozens of network
//! interfaces, `/app/{dev,prod}/…` parameters, two clusters); the second
//! account (reached by assuming a role) gets a smaller world whose names all
//! start with `prod` so a view can never pass one account's data off as the
//! other's.
//!
//! Secrets: `SecureString` values here are demo values, but they are still
//! never logged or put in a report or error.

mod ecs;
mod find;
mod logs;
mod network;
mod s3;
mod ssm;

use std::fmt;
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

pub use ecs::{LOG_STREAM_PREFIX, SeededCluster, SeededTaskLog, log_group, log_stream, seed_ecs};
pub use find::{
    FIND_BUCKET, FIND_CLUSTER, FIND_IP, FIND_LOG_GROUP, FIND_REGION, FIND_SERVICE, FIND_TEXT, Placed, SeededFind,
    seed_find,
};
pub use logs::{
    ANSI_LINE, FILLER_PREFIX, LAMBDA_GROUP, OLD_STREAM_AGE_MS, SeededLogGroup, SeededLogStream, SeededLogs, demo_line,
    now_ms, put_events, seed_logs,
};
pub use network::{SeededNetwork, seed_network};
pub use s3::{SeededBucket, bucket_plan, seed_buckets};
pub use ssm::{ParameterKind, SeededParameter, seed_parameters};

use super::emulator::{BASE_ACCOUNT, SECOND_ACCOUNT};
use crate::aws::AwsProvider;
use crate::aws::error::{AwsError, Call};

/// The other region buckets are created in.
pub const OTHER_REGION: &str = "eu-west-1";
/// Object puts in flight at once (moto manages a few hundred a second).
pub const PUT_CONCURRENCY: usize = 16;
/// Other create calls in flight at once, per step.
const CALL_CONCURRENCY: usize = 8;

/// How big a world to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scale {
    /// The full demo world: thousands of objects, dozens of interfaces.
    Demo,
    /// The same shapes with small counts, so tests stay fast.
    Test,
}

impl Scale {
    fn pick(self, demo: usize, test: usize) -> usize {
        match self {
            Self::Demo => demo,
            Self::Test => test,
        }
    }
}

/// Which of the two seeded accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    /// The account of the static-credentials profile (`demo`).
    Base,
    /// The account reached by assuming the role (`demo-prod`).
    Second,
}

impl Account {
    /// The account id moto gives it.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::Base => BASE_ACCOUNT,
            Self::Second => SECOND_ACCOUNT,
        }
    }
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Base => write!(f, "base account {BASE_ACCOUNT}"),
            Self::Second => write!(f, "second account {SECOND_ACCOUNT}"),
        }
    }
}

/// The part of the world being seeded, for errors and progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Creating buckets.
    Buckets,
    /// Putting objects.
    Objects,
    /// VPCs, subnets, security groups, network interfaces.
    Network,
    /// SSM parameters.
    Parameters,
    /// ECS clusters, task definitions, services and tasks.
    Ecs,
    /// CloudWatch Logs groups, streams and events.
    Logs,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Buckets => "buckets",
            Self::Objects => "objects",
            Self::Network => "network",
            Self::Parameters => "parameters",
            Self::Ecs => "ECS",
            Self::Logs => "CloudWatch Logs",
        })
    }
}

/// Why seeding failed: the step, the account and the call, with AWS's answer.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// An AWS call failed.
    #[error("seeding {step} in the {account} failed: {source}{}", status_hint(*status))]
    Aws {
        /// The account being seeded.
        account: Account,
        /// The step.
        step: Step,
        /// The HTTP status, when there was a response.
        status: Option<u16>,
        /// The classified failure, naming the operation and the resource.
        #[source]
        source: Box<AwsError>,
    },
    /// A call succeeded but left out something later steps need.
    #[error("seeding {step} in the {account} failed: {what}")]
    Missing {
        /// The account being seeded.
        account: Account,
        /// The step.
        step: Step,
        /// What was missing (`CreateVpc returned no VpcId for demo-app`).
        what: String,
    },
}

fn status_hint(status: Option<u16>) -> &'static str {
    match status {
        Some(500..) => {
            " (an emulator answering 500 usually lacked a field real AWS defaults; its log has the traceback)"
        }
        _ => "",
    }
}

/// Error context for one step in one account.
#[derive(Debug, Clone, Copy)]
struct Ctx {
    account: Account,
    step: Step,
}

impl Ctx {
    fn aws<E>(
        self,
        service: &'static str,
        operation: &'static str,
        resource: &str,
        err: &SdkError<E, HttpResponse>,
    ) -> SeedError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let status = err.raw_response().map(|r| r.status().as_u16());
        let source = Box::new(AwsError::from_sdk(Call { service, operation, resource }, None, err));
        SeedError::Aws { account: self.account, step: self.step, status, source }
    }

    fn missing(self, what: impl Into<String>) -> SeedError {
        SeedError::Missing { account: self.account, step: self.step, what: what.into() }
    }
}

/// What [`seed_world`] created.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedReport {
    /// The base account's resources.
    pub base: AccountReport,
    /// The second account's resources.
    pub second: AccountReport,
    /// How long seeding took.
    pub elapsed: Duration,
}

/// What was created in one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountReport {
    /// The account.
    pub account: Account,
    /// Buckets and their keys.
    pub buckets: Vec<SeededBucket>,
    /// VPCs, subnets and network interfaces.
    pub network: SeededNetwork,
    /// Parameter names and types (never values).
    pub parameters: Vec<SeededParameter>,
    /// ECS clusters with their services and tasks.
    pub clusters: Vec<SeededCluster>,
    /// CloudWatch Logs groups and streams.
    pub logs: SeededLogs,
}

impl AccountReport {
    /// Objects across all buckets.
    #[must_use]
    pub fn object_count(&self) -> usize {
        self.buckets.iter().map(|b| b.keys.len()).sum()
    }
}

impl fmt::Display for AccountReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let services: usize = self.clusters.iter().map(|c| c.services.len()).sum();
        let tasks: usize = self.clusters.iter().map(|c| c.task_arns.len()).sum();
        write!(
            f,
            "{}: {} buckets ({} objects), {} VPCs, {} subnets, {} network interfaces, {} parameters, {} clusters, {services} services, {tasks} tasks, {} log groups ({} streams, {} events)",
            self.account,
            self.buckets.len(),
            self.object_count(),
            self.network.vpc_ids.len() + 1,
            self.network.subnet_ids.len() + self.network.default_subnet_ids.len(),
            self.network.network_interface_ids.len(),
            self.parameters.len(),
            self.clusters.len(),
            self.logs.groups.len(),
            self.logs.stream_count(),
            self.logs.event_count(),
        )
    }
}

/// Seeds both accounts (concurrently) at `scale`: `base` is a provider for
/// the base account, `second` one for the second account (the `demo-prod`
/// role profile).
///
/// # Errors
/// The first step that failed, naming the account, the call and the resource.
pub async fn seed_world(base: &AwsProvider, second: &AwsProvider, scale: Scale) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let (base, second) =
        tokio::try_join!(seed_account(base, Account::Base, scale), seed_account(second, Account::Second, scale))?;
    let elapsed = started.elapsed();
    tracing::info!(elapsed_ms = elapsed.as_millis(), ?scale, "seeded both accounts");
    Ok(SeedReport { base, second, elapsed })
}

/// Seeds one account: buckets, network, parameters and ECS (then the ECS
/// tasks' logs), concurrently.
///
/// # Errors
/// The first step that failed.
pub async fn seed_account(provider: &AwsProvider, account: Account, scale: Scale) -> Result<AccountReport, SeedError> {
    // Boxed: the four futures together are tens of kilobytes.
    let ecs_and_logs = async {
        let clusters = seed_ecs(provider, account, scale).await?;
        let logs = seed_logs(provider, account, scale, &clusters).await?;
        Ok::<_, SeedError>((clusters, logs))
    };
    let (buckets, network, parameters, (clusters, logs)) = tokio::try_join!(
        Box::pin(seed_buckets(provider, account, scale)),
        Box::pin(seed_network(provider, account, scale)),
        Box::pin(seed_parameters(provider, account, scale)),
        Box::pin(ecs_and_logs),
    )?;
    Ok(AccountReport { account, buckets, network, parameters, clusters, logs })
}
