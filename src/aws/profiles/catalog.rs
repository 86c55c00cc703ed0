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
    /// Its `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`), if set.
    pub credential_source: Option<String>,
    /// Its `role_session_name`, if set.
    pub role_session_name: Option<String>,
    /// Its `duration_seconds`, if set and a number.
    pub duration_seconds: Option<i32>,
    /// Its `ca_bundle`: a PEM file of the certificates to trust.
    pub ca_bundle: Option<String>,
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
}

/// The readable lines of both files, as the SDK's loader takes them. They
/// hold secrets (access keys), so only the provider keeps them, never app
/// state, and `Debug` shows their size only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SdkProfileFiles {
    config: String,
    credentials: String,
}

impl std::fmt::Debug for SdkProfileFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SdkProfileFiles")
            .field("config_bytes", &self.config.len())
            .field("credentials_bytes", &self.credentials.len())
            .finish()
    }
}

impl SdkProfileFiles {
    /// The files as the SDK's loader and credential providers take them.
    #[must_use]
    pub fn to_env_config_files(&self) -> aws_runtime::env_config::file::EnvConfigFiles {
        use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
        EnvConfigFiles::builder()
            .with_contents(EnvConfigFileKind::Config, self.config.clone())
            .with_contents(EnvConfigFileKind::Credentials, self.credentials.clone())
            .build()
    }

    /// The sanitised config file's text (tests look at what the SDK reads).
    #[must_use]
    pub fn config_text(&self) -> &str {
        &self.config
    }
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
    read_profiles(config, credentials).0
}

/// Reads both files into the catalog and the readable text the SDK is given.
#[must_use]
pub fn read_profiles(config: &Path, credentials: &Path) -> (ProfileCatalog, SdkProfileFiles) {
    let config_raw = std::fs::read_to_string(config).unwrap_or_default();
    let credentials_raw = std::fs::read_to_string(credentials).unwrap_or_default();
    parse_profiles(config, &config_raw, credentials, &credentials_raw)
}

/// Parses the two files' contents (`config` names sections `[profile x]` and
/// `[default]`; `credentials` names them `[x]`).
#[must_use]
pub fn parse_catalog(config: &Path, config_raw: &str, credentials: &Path, credentials_raw: &str) -> ProfileCatalog {
    parse_profiles(config, config_raw, credentials, credentials_raw).0
}

/// As [`parse_catalog`], with the readable text the SDK is given.
#[must_use]
pub fn parse_profiles(
    config: &Path,
    config_raw: &str,
    credentials: &Path,
    credentials_raw: &str,
) -> (ProfileCatalog, SdkProfileFiles) {
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
                        credential_source: None,
                        role_session_name: None,
                        duration_seconds: None,
                        ca_bundle: None,
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
            entry.credential_source = entry.credential_source.take().or_else(|| get("credential_source"));
            entry.role_session_name = entry.role_session_name.take().or_else(|| get("role_session_name"));
            entry.duration_seconds =
                entry.duration_seconds.take().or_else(|| get("duration_seconds").and_then(|d| d.parse().ok()));
            entry.ca_bundle = entry.ca_bundle.take().or_else(|| get("ca_bundle"));
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
    (ProfileCatalog { profiles, problems }, SdkProfileFiles { config: config_text, credentials: credentials_text })
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
                // Name the profile the header meant, so connecting to it says
                // why it fails; nothing after the name is quoted.
                let meant = meant_profile(header, is_config);
                let message = match (&meant, header.contains(']')) {
                    (Some(name), true) => format!("section header for {name:?} has text after its closing `]`"),
                    (Some(name), false) => format!("section header for {name:?} is missing its closing `]`"),
                    (None, _) => "section header is missing its closing `]`".to_owned(),
                };
                problems.push(ProfileProblem { file: path.to_owned(), line: number, message, profile: meant });
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
                // The value may be a secret (`aws_secret_access_key: …`): name the key only.
                let outside = current.is_none() && !in_profile && sections.is_empty() && kept.is_empty();
                let message = match (key_name(trimmed), outside) {
                    (Some(key), true) => format!("{key} is outside any [section]"),
                    (None, true) => "a line is outside any [section]".to_owned(),
                    (Some(key), false) => format!("expected \"key = value\" after {key}"),
                    (None, false) => "expected \"key = value\"".to_owned(),
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

/// The key an unreadable line starts with (its leading run of
/// `[A-Za-z0-9_.-]`), safe to name in a message. The rest of the line is
/// never quoted: it may be a secret. A run that could itself be a value is
/// not named either: one that is the whole line (a pasted key on its own) or
/// that has capitals (keys are lower case; access keys and secrets are not).
fn key_name(line: &str) -> Option<&str> {
    let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))).unwrap_or(line.len());
    let key = &line[..end];
    (!key.is_empty() && end < line.len() && !key.chars().any(|c| c.is_ascii_uppercase())).then_some(key)
}

/// The profile an unclosed or untidy section header meant: the name after
/// `[` (and `profile` in the config file), up to the first space, `]` or `=`.
fn meant_profile(header: &str, is_config: bool) -> Option<String> {
    let inner = header.trim_start_matches('[').trim_start();
    if is_config && inner.trim_end() == "profile" {
        return None;
    }
    let inner = if is_config {
        inner
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .map_or(inner, str::trim_start)
    } else {
        inner
    };
    let end = inner.find(|c: char| c.is_whitespace() || matches!(c, ']' | '=' | '[')).unwrap_or(inner.len());
    let name = &inner[..end];
    (!name.is_empty()).then(|| name.to_owned())
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
        assert_eq!(problem.to_string(), "/home/me/.aws/config line 12: expected \"key = value\" after this");
        assert!(c.get("broken").is_none(), "the broken section is not offered");
        assert!(c.get("sso").is_some() && c.get("tools").is_some(), "sections after it still are");
        let (_, files) = parse_profiles(
            Path::new("/home/me/.aws/config"),
            CONFIG,
            Path::new("/home/me/.aws/credentials"),
            CREDENTIALS,
        );
        let text = files.config_text();
        assert!(!text.contains("no equals sign") && !text.contains("[profile broken]"));
        assert!(text.contains("[sso-session corp]") && text.contains("max_concurrent_requests"));
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

    /// A secret-shaped value, as AWS documents its example secret key.
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// Whether `text` holds any 6-character piece of `SECRET`.
    fn leaks(text: &str) -> bool {
        SECRET.as_bytes().windows(6).any(|w| text.contains(std::str::from_utf8(w).expect("ascii")))
    }

    #[test]
    fn a_malformed_line_names_its_key_and_never_its_value() {
        let credentials = format!(
            "[good]\naws_access_key_id = AKIAGOOD\naws_secret_access_key = fine\n\n\
             [broken]\naws_access_key_id = AKIABROKEN\naws_secret_access_key: {SECRET}\n"
        );
        let c =
            parse_catalog(Path::new("/home/me/.aws/config"), "", Path::new("/home/me/.aws/credentials"), &credentials);
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        let problem = &c.problems[0];
        assert_eq!((problem.line, problem.profile.as_deref()), (7, Some("broken")));
        assert_eq!(
            problem.to_string(),
            "/home/me/.aws/credentials line 7: expected \"key = value\" after aws_secret_access_key"
        );
        assert!(c.get("good").is_some() && c.get("broken").is_none());
        for problem in &c.problems {
            assert!(!leaks(&problem.message) && !leaks(&problem.to_string()), "{problem}");
        }
        let debug = format!("{c:?} {c:#?}");
        assert!(!leaks(&debug), "{debug}");
        // The SDK's copy holds the readable lines, and says only their size.
        let (_, files) = parse_profiles(Path::new("c"), "", Path::new("k"), &credentials);
        assert!(!leaks(&format!("{files:?}")));
    }

    #[test]
    fn no_message_quotes_what_follows_a_key_or_a_header() {
        let cases = [
            // A line outside any section, with and without a key to name.
            (
                format!("aws_secret_access_key {SECRET}\n[default]\nregion = a\n"),
                "aws_secret_access_key is outside any [section]",
            ),
            (format!("{SECRET}\n[default]\n"), "a line is outside any [section]"),
            // A pasted value on its own, or one with capitals, is not taken for a key.
            (format!("[default]\n{SECRET}\n"), "expected \"key = value\""),
            ("[default]\nAKIAIOSFODNN7EXAMPLE\n".to_owned(), "expected \"key = value\""),
            (format!("[default]\n: {SECRET}\n"), "expected \"key = value\""),
            (format!("[default]\n= {SECRET}\n"), "expected \"key = value\""),
            // Headers are named by their profile, never by what follows it.
            (
                format!("[profile bad aws_secret_access_key={SECRET}\n"),
                "section header for \"bad\" is missing its closing `]`",
            ),
            (format!("[profile bad] {SECRET}\n"), "section header for \"bad\" has text after its closing `]`"),
        ];
        for (config, want) in cases {
            let c = parse_catalog(Path::new("c"), &config, Path::new("k"), "");
            assert_eq!(c.problems.len(), 1, "{config:?}: {:?}", c.problems);
            assert_eq!(c.problems[0].message, want, "{config:?}");
            assert!(!leaks(&format!("{c:?}")), "{config:?}");
        }
        let c = parse_catalog(Path::new("c"), "", Path::new("k"), &format!("[broken {SECRET}\n"));
        assert_eq!(c.problems[0].profile.as_deref(), Some("broken"));
        assert!(!leaks(&format!("{c:?}")));
    }
}
