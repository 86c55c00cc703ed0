//! Shared harness for the emulator tests: a moto per test, providers for the
//! two seeded accounts. moto must be installed (`scripts/install-moto`); when
//! it is not, tests fail with that instruction rather than skip.

#![allow(dead_code)]

pub mod pty;

use awscope::aws::AwsProvider;
use awscope::testbed::{BASE_PROFILE, Emulator, SECOND_PROFILE};

/// Starts a fresh moto (own port, own state); panics with the install hint
/// when moto is missing.
pub async fn emulator() -> Emulator {
    match Emulator::start().await {
        Ok(emulator) => emulator,
        Err(e) => panic!("{e}"),
    }
}

/// A provider for `profile` from the emulator's config files.
pub async fn provider(emulator: &Emulator, profile: &str) -> AwsProvider {
    match emulator.provider(profile).await {
        Ok(provider) => provider,
        Err(e) => panic!("profile {profile} should connect: {e}"),
    }
}

/// Providers for the base account (`demo`) and the second account (`demo-prod`).
pub async fn both_accounts(emulator: &Emulator) -> (AwsProvider, AwsProvider) {
    (provider(emulator, BASE_PROFILE).await, provider(emulator, SECOND_PROFILE).await)
}
