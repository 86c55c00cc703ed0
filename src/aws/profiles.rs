//! The AWS config and credentials files, read the way the aws CLI reads them
//! (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`, `~/.aws/…`).

use std::path::PathBuf;

use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};

pub mod catalog;

pub use catalog::{
    ProfileCatalog, ProfileEntry, ProfileKind, ProfileProblem, SdkProfileFiles, read_catalog, read_profiles,
};

/// The two files profiles come from, after the environment has had its say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfilePaths {
    /// `AWS_CONFIG_FILE`, or `~/.aws/config`.
    pub config: PathBuf,
    /// `AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/credentials`.
    pub credentials: PathBuf,
}

impl ProfilePaths {
    /// The paths the aws CLI would read right now.
    #[must_use]
    pub fn from_env() -> Self {
        let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("~"), PathBuf::from);
        let pick = |var: &str, default: &str| {
            std::env::var_os(var)
                .filter(|v| !v.is_empty())
                .map_or_else(|| home.join(".aws").join(default), PathBuf::from)
        };
        Self {
            config: pick("AWS_CONFIG_FILE", "config"),
            credentials: pick("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    }

    /// The files as the SDK's loader takes them.
    #[must_use]
    pub fn to_profile_files(&self) -> EnvConfigFiles {
        EnvConfigFiles::builder()
            .with_file(EnvConfigFileKind::Config, &self.config)
            .with_file(EnvConfigFileKind::Credentials, &self.credentials)
            .build()
    }

    /// Both paths, for messages such as "not defined in … or …".
    #[must_use]
    pub fn describe(&self) -> String {
        format!("{} or {}", self.config.display(), self.credentials.display())
    }
}
