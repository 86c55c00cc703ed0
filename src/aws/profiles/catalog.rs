//! A forgiving reader of the AWS config and credentials files: every profile
//! with its kind and region, and every line it could not read, with the file
//! and line number. What it could read is handed to the SDK, so one typo does
//! not make every profile unusable.

use std::path::{Path, PathBuf};

/// How a profile gets its credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileKind {
    /// `aws_access_key_id` / `aws_secret_access_key`.
    StaticKeys,
    /// `role_arn` with `source_profile` (named here) or `credential_source`.
    AssumeRole {
        /// The source profile, or `credential_source` as `env`/`ec2`/`ecs`.
        source: String,
    },
    /// `sso_session` or the legacy `sso_start_url`.
    Sso,
    /// `credential_process`.
    CredentialProcess,
    /// `web_identity_token_file` with `role_arn`.
    WebIdentity,
    /// Only settings (region, output) and no credentials of its own.
    SettingsOnly,
}

impl ProfileKind {
    /// A short label for pickers.
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::StaticKeys => "static keys".into(),
            Self::AssumeRole { source } => format!("role ← {source}"),
            Self::Sso => "SSO".into(),
            Self::CredentialProcess => "credential_process".into(),
            Self::WebIdentity => "web identity".into(),
            Self::SettingsOnly => "settings only".into(),
        }
    }
}

/// One profile, merged from both files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEntry {
    /// The profile name.
    pub name: String,
    /// How it gets credentials.
    pub kind: ProfileKind,
    /// Its `region`, if set.
    pub region: Option<String>,
    /// Its `role_arn`, if set.
    pub role_arn: Option<String>,
    /// Its `mfa_serial`, if set: assuming its role needs a code.
    pub mfa_serial: Option<String>,
    /// Its `external_id`, if set.
    pub external_id: Option<String>,
    /// Its `source_profile`, if set.
    pub source_profile: Option<String>,
    /// Where it is defined (the config file when in both).
    pub file: PathBuf,
    /// The line of its section header.
    pub line: usize,
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileProblem {
    /// The file.
    pub file: PathBuf,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// The profile whose section the line is in, if any; that profile is unusable.
    pub profile: Option<String>,
}

impl std::fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file.display(), self.line, self.message)
    }
}

/// Everything read from the two files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileCatalog {
    /// Profiles, sorted by name.
    pub profiles: Vec<ProfileEntry>,
    /// Lines that could not be read.
    pub problems: Vec<ProfileProblem>,
    /// The config file's readable lines, for the SDK.
    pub config_text: String,
    /// The credentials file's readable lines, for the SDK.
    pub credentials_text: String,
}

impl ProfileCatalog {
    /// The profile named `name`.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&ProfileEntry> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The first problem inside `name`'s own section, which makes it unusable.
    #[must_use]
    pub fn problem_in(&self, name: &str) -> Option<&ProfileProblem> {
        self.problems.iter().find(|p| p.profile.as_deref() == Some(name))
    }
}

#[derive(Default)]
struct Section {
    name: String,
    line: usize,
    keys: Vec<(String, String)>,
}

/// Reads both files; a missing file is an empty one.
#[must_use]
pub fn read_catalog(config: &Path, credentials: &Path) -> ProfileCatalog {
    let config_raw = std::fs::read_to_string(config).unwrap_or_default();
    let credentials_raw = std::fs::read_to_string(credentials).unwrap_or_default();
    parse_catalog(config, &config_raw, credentials, &credentials_raw)
}

/// Parses the two files' contents (`config` names sections `[profile x]` and
/// `[default]`; `credentials` names them `[x]`).
#[must_use]
pub fn parse_catalog(config: &Path, config_raw: &str, credentials: &Path, credentials_raw: &str) -> ProfileCatalog {
    let mut problems = Vec::new();
    let (config_sections, config_text) = parse_file(config, config_raw, true, &mut problems);
    let (cred_sections, credentials_text) = parse_file(credentials, credentials_raw, false, &mut problems);

    let mut profiles: Vec<ProfileEntry> = Vec::new();
    for (file, sections) in [(config, config_sections), (credentials, cred_sections)] {
        for section in sections {
            let get = |k: &str| section.keys.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v.clone());
            let has = |k: &str| section.keys.iter().any(|(key, _)| key == k);
            let entry = match profiles.iter_mut().position(|p| p.name == section.name) {
                Some(i) => &mut profiles[i],
                None => {
                    profiles.push(ProfileEntry {
                        name: section.name.clone(),
                        kind: ProfileKind::SettingsOnly,
                        region: None,
                        role_arn: None,
                        mfa_serial: None,
                        external_id: None,
                        source_profile: None,
                        file: file.to_owned(),
                        line: section.line,
                    });
                    let last = profiles.len() - 1;
                    &mut profiles[last]
                }
            };
            entry.region = entry.region.take().or_else(|| get("region"));
            entry.role_arn = entry.role_arn.take().or_else(|| get("role_arn"));
            entry.mfa_serial = entry.mfa_serial.take().or_else(|| get("mfa_serial"));
            entry.external_id = entry.external_id.take().or_else(|| get("external_id"));
            entry.source_profile = entry.source_profile.take().or_else(|| get("source_profile"));
            let kind = if has("web_identity_token_file") {
                Some(ProfileKind::WebIdentity)
            } else if has("role_arn") {
                let source = get("source_profile").or_else(|| get("credential_source")).unwrap_or_else(|| "?".into());
                Some(ProfileKind::AssumeRole { source })
            } else if has("sso_session") || has("sso_start_url") {
                Some(ProfileKind::Sso)
            } else if has("credential_process") {
                Some(ProfileKind::CredentialProcess)
            } else if has("aws_access_key_id") {
                Some(ProfileKind::StaticKeys)
            } else {
                None
            };
            // A role in the config outranks keys in the credentials file, as in the SDK.
            if let Some(kind) = kind
                && (entry.kind == ProfileKind::SettingsOnly || entry.kind == ProfileKind::StaticKeys)
            {
                entry.kind = kind;
            }
        }
    }
    profiles.sort_by(|a, b| a.name.cmp(&b.name));
    ProfileCatalog { profiles, problems, config_text, credentials_text }
}

/// Parses one file into profile sections and the text the SDK may read: every
/// line of it except the unreadable ones and the sections they are in.
fn parse_file(path: &Path, raw: &str, is_config: bool, problems: &mut Vec<ProfileProblem>) -> (Vec<Section>, String) {
    let mut sections: Vec<Section> = Vec::new();
    let mut kept: Vec<&str> = Vec::new();
    // Lines of the section being read; held back until we know it is sound.
    let mut pending: Vec<&str> = Vec::new();
    let mut current: Option<Section> = None;
    let mut broken = false;
    let mut in_profile = false;
    let mut last_key_empty = false;

    fn flush<'a>(
        sections: &mut Vec<Section>,
        current: &mut Option<Section>,
        pending: &mut Vec<&'a str>,
        broken: bool,
        kept: &mut Vec<&'a str>,
    ) {
        if broken {
            pending.clear();
            current.take();
        } else {
            kept.append(pending);
            if let Some(section) = current.take() {
                sections.push(section);
            }
        }
    }

    for (index, line) in raw.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            pending.push(line);
            continue;
        }
        if trimmed.starts_with('[') {
            flush(&mut sections, &mut current, &mut pending, broken, &mut kept);
            broken = false;
            last_key_empty = false;
            let header = trimmed.split(['#', ';']).next().unwrap_or("").trim();
            let Some(inner) = header.strip_prefix('[').and_then(|h| h.strip_suffix(']')) else {
                // Name the profile the header meant, so connecting to it says why it fails.
                let meant = header.trim_start_matches('[').trim();
                let meant = if is_config { meant.strip_prefix("profile").map_or(meant, str::trim) } else { meant };
                problems.push(ProfileProblem {
                    file: path.to_owned(),
                    line: number,
                    message: format!("section header {trimmed:?} is missing its closing `]`"),
                    profile: (!meant.is_empty()).then(|| meant.to_owned()),
                });
                broken = true;
                in_profile = false;
                continue;
            };
            let inner = inner.trim();
            let name = if is_config {
                match inner.split_once(char::is_whitespace) {
                    Some(("profile", name)) => Some(name.trim().to_owned()),
                    None if inner == "default" => Some("default".to_owned()),
                    // sso-session, services and other sections are not profiles.
                    _ => None,
                }
            } else {
                Some(inner.to_owned())
            };
            in_profile = name.is_some();
            current = name.map(|name| Section { name, line: number, keys: Vec::new() });
            pending.push(line);
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if indented && last_key_empty {
            // A sub-property of the key above (`s3 =` then `  max_concurrent_requests = 10`).
            pending.push(line);
            continue;
        }
        match trimmed.split_once('=') {
            Some((key, value))
                if !key.trim().is_empty() && current.is_some() || !in_profile && trimmed.contains('=') =>
            {
                let (key, value) = (key.trim().to_ascii_lowercase(), value.trim().to_owned());
                last_key_empty = value.is_empty();
                if let Some(section) = current.as_mut() {
                    section.keys.push((key, value));
                }
                pending.push(line);
            }
            _ => {
                let profile = current.as_ref().map(|s| s.name.clone());
                let message = if current.is_none() && !in_profile && sections.is_empty() && kept.is_empty() {
                    format!("{trimmed:?} is outside any [section]")
                } else {
                    format!("expected `key = value`, found {trimmed:?}")
                };
                problems.push(ProfileProblem { file: path.to_owned(), line: number, message, profile });
                broken = true;
            }
        }
    }
    flush(&mut sections, &mut current, &mut pending, broken, &mut kept);
    let mut text = kept.join("\n");
    text.push('\n');
    (sections, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
[default]
region = us-east-1

[profile dev]
region = eu-west-1
role_arn = arn:aws:iam::111122223333:role/Dev
source_profile = default
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile broken]
region = us-west-2
this line has no equals sign

[profile sso]
sso_session = corp
sso_account_id = 111122223333

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[profile tools]
credential_process = /usr/bin/creds
s3 =
  max_concurrent_requests = 20
";
    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = secret

[keys-only]
aws_access_key_id = AKIAOTHER
aws_secret_access_key = other
";

    fn catalog() -> ProfileCatalog {
        parse_catalog(Path::new("/home/me/.aws/config"), CONFIG, Path::new("/home/me/.aws/credentials"), CREDENTIALS)
    }

    #[test]
    fn every_profile_is_listed_with_its_kind_and_region() {
        let c = catalog();
        let names: Vec<&str> = c.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["default", "dev", "keys-only", "sso", "tools"]);
        assert_eq!(c.get("default").map(|p| &p.kind), Some(&ProfileKind::StaticKeys));
        assert_eq!(c.get("default").and_then(|p| p.region.as_deref()), Some("us-east-1"));
        assert_eq!(c.get("dev").map(|p| &p.kind), Some(&ProfileKind::AssumeRole { source: "default".into() }));
        assert_eq!(c.get("dev").and_then(|p| p.mfa_serial.as_deref()), Some("arn:aws:iam::123456789012:mfa/me"));
        assert_eq!(c.get("sso").map(|p| &p.kind), Some(&ProfileKind::Sso));
        assert_eq!(c.get("tools").map(|p| &p.kind), Some(&ProfileKind::CredentialProcess));
    }

    #[test]
    fn a_malformed_line_is_reported_with_file_and_line_and_the_rest_stay() {
        let c = catalog();
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        let problem = &c.problems[0];
        assert_eq!(problem.line, 12);
        assert_eq!(problem.profile.as_deref(), Some("broken"));
        assert_eq!(
            problem.to_string(),
            "/home/me/.aws/config line 12: expected `key = value`, found \"this line has no equals sign\""
        );
        assert!(c.get("broken").is_none(), "the broken section is not offered");
        assert!(c.get("sso").is_some() && c.get("tools").is_some(), "sections after it still are");
        assert!(!c.config_text.contains("no equals sign") && !c.config_text.contains("[profile broken]"));
        assert!(c.config_text.contains("[sso-session corp]") && c.config_text.contains("max_concurrent_requests"));
    }

    #[test]
    fn an_unclosed_header_is_a_problem_too() {
        let c =
            parse_catalog(Path::new("c"), "[profile ok]\nregion = a\n[profile bad\nregion = b\n", Path::new("k"), "");
        assert_eq!(c.profiles.len(), 1);
        assert_eq!(c.problems[0].line, 3);
        assert!(c.problems[0].message.contains("closing `]`"));
        assert_eq!(c.problems[0].profile.as_deref(), Some("bad"));
    }
}
