//! A local AWS emulator (moto) and the seeded world that tests, the demo and
//! the benchmarks share.
//!
//! [`Emulator::start`] runs moto on a free loopback port with its own state
//! and writes AWS config files whose profiles point at it; [`seed_world`]
//! fills two accounts through the Rust SDK.

pub mod emulator;
pub mod harness;
pub mod hostile;
pub mod seed;
pub mod slow;

pub use emulator::{
    BASE_ACCOUNT, BASE_PROFILE, Emulator, EmulatorError, HOME_REGION, SECOND_ACCOUNT, SECOND_PROFILE, SECOND_ROLE_ARN,
};
pub use seed::{
    Account, AccountReport, FIND_BUCKET, FIND_CLUSTER, FIND_IP, FIND_LOG_GROUP, FIND_REGION, FIND_SERVICE, FIND_TEXT,
    LAMBDA_GROUP, ParameterKind, Placed, Scale, SeedError, SeedReport, SeededBucket, SeededCluster, SeededFind,
    SeededLogGroup, SeededLogStream, SeededLogs, SeededNetwork, SeededParameter, SeededTaskLog, Step, bucket_plan,
    seed_account, seed_buckets, seed_ecs, seed_find, seed_logs, seed_network, seed_parameters, seed_world,
};
