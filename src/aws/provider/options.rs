//! What every provider is built with: time limits, page sizes, where to
//! connect.

use std::time::Duration;

use crate::aws::profiles::ProfilePaths;
use crate::aws::resolve::EnvVars;

/// Time limits applied to every AWS call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a TCP/TLS connection.
    pub connect: Duration,
    /// One attempt, from sending the request to the end of the response.
    pub attempt: Duration,
    /// The whole operation, retries included.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(5), attempt: Duration::from_secs(20), operation: Duration::from_secs(60) }
    }
}

/// Items asked for per page of a listing, per service (each within what that
/// service accepts; the config file clamps them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSizes {
    /// S3 ListBuckets and ListObjectsV2 (1–1000).
    pub s3: i32,
    /// SSM DescribeParameters and GetParameterHistory (1–50); GetParametersByPath
    /// takes at most 10 whatever this says.
    pub ssm: i32,
    /// EC2 DescribeVpcs, DescribeSubnets and DescribeNetworkInterfaces (5–1000).
    pub ec2: i32,
    /// ECS ListClusters, ListServices and ListTasks (1–100).
    pub ecs: i32,
}

impl Default for PageSizes {
    fn default() -> Self {
        Self {
            s3: crate::aws::s3::BUCKET_PAGE_SIZE.max(crate::aws::s3::OBJECT_PAGE_SIZE),
            ssm: crate::aws::ssm::DESCRIBE_PAGE_SIZE.max(crate::aws::ssm::HISTORY_PAGE_SIZE),
            ec2: crate::aws::ec2::PAGE_SIZE,
            ecs: crate::aws::ecs::LIST_PAGE_SIZE,
        }
    }
}

/// Settings that hold for every context: where to connect and how patiently.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderOptions {
    /// `--endpoint-url`: send every call here (LocalStack, moto).
    pub endpoint_url: Option<String>,
    /// Time limits for every call.
    pub timeouts: Timeouts,
    /// Attempts per call under the standard retry mode (3 when `None`).
    pub max_attempts: Option<u32>,
    /// Read profiles from these files instead of where the environment points.
    pub profile_files: Option<ProfilePaths>,
    /// Items per page of each listing.
    pub page_sizes: PageSizes,
    /// Resolve with these environment variables instead of the process's
    /// (the SDK's own providers still read the process's: tests only).
    pub env: Option<EnvVars>,
}
