//! The AWS side of awscope: the client provider, error classification and one
//! wrapper module per service. Nothing here knows about the terminal.

pub mod call;
pub mod context;
pub mod ec2;
pub mod ecs;
pub mod error;
pub mod find;
pub mod logs;
pub mod mfa;
pub mod pages;
pub mod profiles;
pub mod provider;
pub mod regions;
pub mod resolve;
pub mod s3;
pub mod ssm;
pub mod sts;
pub mod time;

pub use context::{AwsContext, AwsEnvironment, MfaCode, RoleSpec};
pub use error::{AwsError, ErrorKind, ServiceError};
pub use provider::{AwsProvider, PageSizes, ProviderOptions, Timeouts};
