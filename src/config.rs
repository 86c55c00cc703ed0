//! The config file, `$XDG_CONFIG_HOME/awscope/config.toml` (or
//! `~/.config/awscope/config.toml`, or `--config PATH`). Every key is
//! optional; an unknown key is an error, so a typo never goes unnoticed. A
//! file that cannot be used is reported with its line and column, and awscope
//! starts on the defaults.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::app::keymap::{Keymap, KeymapError};
use crate::app::{App, AutoRefresh, Pane, StatusMessage};
use crate::aws::{PageSizes, Timeouts};
use crate::ui::theme::ThemeName;

/// The limits AWS puts on page sizes, per service: (smallest, largest).
pub const PAGE_LIMITS: PageLimits = PageLimits { s3: (1, 1000), ssm: (1, 50), ec2: (5, 1000), ecs: (1, 100) };

/// Smallest and largest page size each service accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    /// S3 ListBuckets / ListObjectsV2.
    pub s3: (i32, i32),
    /// SSM DescribeParameters / GetParameterHistory.
    pub ssm: (i32, i32),
    /// EC2 DescribeVpcs / DescribeSubnets / DescribeNetworkInterfaces.
    pub ec2: (i32, i32),
    /// ECS ListClusters / ListServices / ListTasks.
    pub ecs: (i32, i32),
}

/// The settings awscope runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The colour theme (`NO_COLOR` overrides it with monochrome).
    pub theme: ThemeName,
    /// The keymap: the defaults with `[keys]` applied.
    pub keymap: Keymap,
    /// The pane on screen at start.
    pub default_pane: Pane,
    /// Items asked for per page, per service.
    pub page_sizes: PageSizes,
    /// Time limits for every AWS call.
    pub timeouts: Timeouts,
    /// Profile (or role ARN) patterns that mark production.
    pub production_profiles: Vec<String>,
    /// Whether changes are refused (`--read-only` forces it on).
    pub read_only: bool,
    /// Whether the mouse is captured (wheel, click, double click).
    pub mouse: bool,
    /// Per-pane auto-refresh intervals.
    pub auto_refresh: AutoRefresh,
    /// Log events an events view keeps before it drops the oldest.
    pub logs_max_events: usize,
    /// Whether `:find TEXT` searches every profile (`[find] scope = "all"`)
    /// or only the current one (`"current"`, the default).
    pub find_all: bool,
    /// Requests in flight across a search (`[find] concurrency`, 1–64).
    pub find_concurrency: usize,
    /// Profiles a search never looks in (`[find] exclude`).
    pub find_exclude: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            theme: ThemeName::Dark,
            keymap: Keymap::default(),
            default_pane: Pane::S3,
            page_sizes: PageSizes::default(),
            timeouts: Timeouts::default(),
            production_profiles: vec!["*prod*".to_owned()],
            read_only: false,
            mouse: true,
            auto_refresh: AutoRefresh::default(),
            logs_max_events: crate::app::logs::DEFAULT_MAX_EVENTS,
            find_all: false,
            find_concurrency: crate::aws::find::DEFAULT_CONCURRENCY,
            find_exclude: Vec::new(),
        }
    }
}

/// The range `logs.max_events` is clamped to.
pub const LOGS_MAX_EVENTS: (i64, i64) = (1_000, 10_000_000);

/// A config file that could not be used: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line and column of the problem, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The outcome of reading the config: the settings to run with, and what to
/// tell the user about the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The settings (the defaults when the file could not be used).
    pub config: Config,
    /// The file read, if one was.
    pub path: Option<PathBuf>,
    /// Values that were out of range and were clamped.
    pub warnings: Vec<String>,
    /// Why the file was ignored, if it was.
    pub error: Option<ConfigError>,
}

impl Loaded {
    /// The line for the status bar at start, if there is something to say.
    #[must_use]
    pub fn status(&self) -> Option<(String, bool)> {
        if let Some(error) = &self.error {
            return Some((format!("{error} (config ignored; running on the defaults)"), true));
        }
        if self.warnings.is_empty() {
            return None;
        }
        let path = self.path.as_deref().map(Path::display);
        let path = path.map(|p| format!("{p}: ")).unwrap_or_default();
        Some((format!("{path}{}", self.warnings.join("; ")), false))
    }
}

impl Loaded {
    /// Records in the log which file was read, what was clamped, and why
    /// the file was ignored.
    pub fn log(&self) {
        if let Some(error) = &self.error {
            tracing::error!(%error, "config file ignored; running on defaults");
        } else if let Some(path) = &self.path {
            tracing::info!(path = %path.display(), "config file read");
        }
        for warning in &self.warnings {
            tracing::warn!(%warning, "config value clamped");
        }
    }

    /// Hands the app the settings it keeps (keymap, auto-refresh,
    /// production patterns, the start pane, the read-only default) and puts
    /// the file's error or warnings on the status line. `--read-only` stays on
    /// whatever the file says.
    pub fn apply(&self, app: &mut App) {
        let config = &self.config;
        app.keymap = config.keymap.clone();
        app.auto_refresh.clone_from(&config.auto_refresh);
        app.prod_patterns.clone_from(&config.production_profiles);
        app.pane = config.default_pane;
        app.read_only |= config.read_only;
        app.panes.logs.max_events = config.logs_max_events;
        app.panes.find.default_scope =
            if config.find_all { crate::app::find::Scope::All } else { crate::app::find::Scope::Current };
        app.panes.find.concurrency = config.find_concurrency;
        app.panes.find.exclude.clone_from(&config.find_exclude);
        if let Some((text, is_error)) = self.status() {
            app.status = Some(StatusMessage { text, is_error });
        }
    }
}

/// Where the config file lives when `--config` is not given:
/// `$XDG_CONFIG_HOME/awscope/config.toml`, else `~/.config/awscope/config.toml`.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    // The XDG spec says a relative path in these variables is to be ignored.
    let absolute = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    let base = absolute("XDG_CONFIG_HOME").or_else(|| absolute("HOME").map(|home| home.join(".config")))?;
    Some(base.join("awscope").join("config.toml"))
}

/// Reads the config: `explicit` (`--config`) must exist; the default path
/// may be missing, which means the defaults.
#[must_use]
pub fn load(explicit: Option<&Path>) -> Loaded {
    let (path, required) = match explicit {
        Some(path) => (path.to_path_buf(), true),
        None => match default_path() {
            Some(path) => (path, false),
            None => return Loaded { config: Config::default(), path: None, warnings: Vec::new(), error: None },
        },
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text, &path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            Loaded { config: Config::default(), path: None, warnings: Vec::new(), error: None }
        }
        Err(e) => Loaded {
            config: Config::default(),
            path: Some(path.clone()),
            warnings: Vec::new(),
            error: Some(ConfigError { path, position: None, message: format!("cannot be read: {e}") }),
        },
    }
}

/// Parses `text`, the contents of `path`. On an error the config is the
/// default one and `error` says where the file went wrong.
#[must_use]
pub fn parse(text: &str, path: &Path) -> Loaded {
    let fail = |position: Option<(usize, usize)>, message: String| Loaded {
        config: Config::default(),
        path: Some(path.to_path_buf()),
        warnings: Vec::new(),
        error: Some(ConfigError { path: path.to_path_buf(), position, message }),
    };
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => return fail(e.span().map(|span| line_column(text, span.start)), e.message().trim().to_owned()),
    };
    match raw.build() {
        Ok((config, warnings)) => Loaded { config, path: Some(path.to_path_buf()), warnings, error: None },
        Err((span, message)) => fail(Some(line_column(text, span)), message),
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
#[must_use]
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// One key or several.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, expecting = "a key such as \"d\" or \"ctrl-d\", or a list of keys")]
enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    fn keys(&self) -> Vec<String> {
        match self {
            Self::One(key) => vec![key.clone()],
            Self::Many(keys) => keys.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPageSizes {
    s3: Option<Spanned<i64>>,
    ssm: Option<Spanned<i64>>,
    ec2: Option<Spanned<i64>>,
    ecs: Option<Spanned<i64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeouts {
    connect: Option<Spanned<u64>>,
    attempt: Option<Spanned<u64>>,
    operation: Option<Spanned<u64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<ThemeName>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<KeySpec>>,
    default_pane: Option<Spanned<String>>,
    #[serde(default)]
    page_size: RawPageSizes,
    #[serde(default)]
    timeouts: RawTimeouts,
    production_profiles: Option<Vec<String>>,
    read_only: Option<bool>,
    mouse: Option<bool>,
    /// Seconds per pane name (`s3 = 30`); 0 is off.
    #[serde(default)]
    auto_refresh: BTreeMap<Spanned<String>, u64>,
    #[serde(default)]
    logs: RawLogs,
    #[serde(default)]
    find: RawFind,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFind {
    scope: Option<Spanned<String>>,
    concurrency: Option<Spanned<i64>>,
    exclude: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLogs {
    max_events: Option<i64>,
}

/// A problem found after parsing: the byte offset it concerns, and what.
type Problem = (usize, String);

/// The pane a config value names, or a problem listing the panes there are.
fn pane_named(name: &Spanned<String>, key: &str) -> Result<Pane, Problem> {
    Pane::from_name(name.get_ref()).ok_or_else(|| {
        let names: Vec<&str> = Pane::ALL.iter().map(|p| p.name()).collect();
        (name.span().start, format!("{key}: {:?} is not a pane; the panes are {}", name.get_ref(), names.join(", ")))
    })
}

impl RawConfig {
    fn build(self) -> Result<(Config, Vec<String>), Problem> {
        let defaults = Config::default();
        let mut warnings = Vec::new();

        let overrides: Vec<(&str, Vec<String>)> =
            self.keys.iter().map(|(name, spec)| (name.as_str(), spec.get_ref().keys())).collect();
        let keymap = Keymap::with_overrides(overrides).map_err(|e: KeymapError| {
            let at = self.keys.get(e.action()).map_or(0, |spec| spec.span().start);
            (at, e.to_string())
        })?;

        let mut page = |value: Option<Spanned<i64>>, service: &str, (min, max): (i32, i32), default: i32| {
            let Some(value) = value.map(Spanned::into_inner) else { return default };
            let clamped = value.clamp(i64::from(min), i64::from(max));
            if clamped != value {
                warnings.push(format!("page_size.{service} = {value} is outside {min}..={max}; using {clamped}"));
            }
            i32::try_from(clamped).unwrap_or(default)
        };
        let page_sizes = PageSizes {
            s3: page(self.page_size.s3, "s3", PAGE_LIMITS.s3, defaults.page_sizes.s3),
            ssm: page(self.page_size.ssm, "ssm", PAGE_LIMITS.ssm, defaults.page_sizes.ssm),
            ec2: page(self.page_size.ec2, "ec2", PAGE_LIMITS.ec2, defaults.page_sizes.ec2),
            ecs: page(self.page_size.ecs, "ecs", PAGE_LIMITS.ecs, defaults.page_sizes.ecs),
        };

        let seconds = |value: Option<Spanned<u64>>, name: &str, default: Duration| match value {
            None => Ok(default),
            Some(v) if *v.get_ref() == 0 => Err((v.span().start, format!("timeouts.{name} must be at least 1 second"))),
            Some(v) => Ok(Duration::from_secs(v.into_inner())),
        };
        let timeouts = Timeouts {
            connect: seconds(self.timeouts.connect, "connect", defaults.timeouts.connect)?,
            attempt: seconds(self.timeouts.attempt, "attempt", defaults.timeouts.attempt)?,
            operation: seconds(self.timeouts.operation, "operation", defaults.timeouts.operation)?,
        };

        let mut auto_refresh = AutoRefresh::default();
        for (name, secs) in &self.auto_refresh {
            let pane = pane_named(name, "auto_refresh")?;
            auto_refresh = auto_refresh.with(pane, Some(Duration::from_secs(*secs)).filter(|d| !d.is_zero()));
        }
        let default_pane = match &self.default_pane {
            Some(name) => pane_named(name, "default_pane")?,
            None => defaults.default_pane,
        };

        let logs_max_events = match self.logs.max_events {
            None => defaults.logs_max_events,
            Some(n) => {
                let (min, max) = LOGS_MAX_EVENTS;
                let clamped = n.clamp(min, max);
                if clamped != n {
                    warnings.push(format!("logs.max_events = {n} is outside {min}..={max}; using {clamped}"));
                }
                usize::try_from(clamped).unwrap_or(defaults.logs_max_events)
            }
        };

        let find_all = match &self.find.scope {
            None => defaults.find_all,
            Some(scope) => match scope.get_ref().as_str() {
                "current" => false,
                "all" => true,
                other => {
                    return Err((
                        scope.span().start,
                        format!("find.scope: {other:?} is not a scope; write \"current\" or \"all\""),
                    ));
                }
            },
        };
        let find_concurrency = match &self.find.concurrency {
            None => defaults.find_concurrency,
            Some(n) => {
                let (min, max) = crate::app::find::CONCURRENCY_RANGE;
                match usize::try_from(*n.get_ref()).ok().filter(|v| (min..=max).contains(v)) {
                    Some(v) => v,
                    None => {
                        return Err((
                            n.span().start,
                            format!("find.concurrency = {} is outside {min}..={max}", n.get_ref()),
                        ));
                    }
                }
            }
        };

        let config = Config {
            theme: self.theme.unwrap_or(defaults.theme),
            keymap,
            default_pane,
            page_sizes,
            timeouts,
            production_profiles: self.production_profiles.unwrap_or(defaults.production_profiles),
            read_only: self.read_only.unwrap_or(defaults.read_only),
            mouse: self.mouse.unwrap_or(defaults.mouse),
            auto_refresh,
            logs_max_events,
            find_all,
            find_concurrency,
            find_exclude: self.find.exclude.unwrap_or_default(),
        };
        Ok((config, warnings))
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::keymap::KeyAction;

    const EVERY_KEY: &str = r#"
theme = "light"
default_pane = "ssm"
production_profiles = ["*prod*", "live-*"]
read_only = true
mouse = false

[keys]
filter = "\\"
find_by_ip = "F"
ecs_deploy = "ctrl-f"
page_down = "pgdn"
describe = ["d", "ctrl-e"]

[page_size]
s3 = 500
ssm = 25
ec2 = 200
ecs = 50

[timeouts]
connect = 3
attempt = 10
operation = 30

[auto_refresh]
s3 = 30
ecs = 10
network = 0

[logs]
max_events = 500000

[find]
scope = "all"
concurrency = 8
exclude = ["legacy", "sandbox"]
"#;

    fn path() -> PathBuf {
        PathBuf::from("/home/me/.config/awscope/config.toml")
    }

    fn ok(text: &str) -> (Config, Vec<String>) {
        let loaded = parse(text, &path());
        assert_eq!(loaded.error, None);
        (loaded.config, loaded.warnings)
    }

    fn err(text: &str) -> ConfigError {
        let loaded = parse(text, &path());
        assert_eq!(loaded.config, Config::default(), "an unusable file leaves every default");
        loaded.error.expect("an error")
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let (config, warnings) = ok("");
        assert_eq!(config, Config::default());
        assert!(warnings.is_empty());
        assert_eq!(config.theme, ThemeName::Dark);
        assert_eq!(config.default_pane, Pane::S3);
        assert!(config.mouse);
        assert!(!config.read_only);
        assert_eq!(config.production_profiles, vec!["*prod*".to_owned()]);
        assert_eq!(config.page_sizes, PageSizes::default());
        assert_eq!(config.timeouts, Timeouts::default());
        assert_eq!(config.auto_refresh, AutoRefresh::default());
    }

    #[test]
    fn every_key_is_read() {
        let (config, warnings) = ok(EVERY_KEY);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(config.theme, ThemeName::Light);
        assert_eq!(config.default_pane, Pane::Ssm);
        assert_eq!(config.production_profiles, vec!["*prod*".to_owned(), "live-*".to_owned()]);
        assert!(config.read_only);
        assert!(!config.mouse);
        assert_eq!(config.page_sizes, PageSizes { s3: 500, ssm: 25, ec2: 200, ecs: 50 });
        assert_eq!(config.logs_max_events, 500_000);
        assert!(config.find_all);
        assert_eq!(config.find_concurrency, 8);
        assert_eq!(config.find_exclude, ["legacy", "sandbox"]);
        assert_eq!(
            config.timeouts,
            Timeouts {
                connect: Duration::from_secs(3),
                attempt: Duration::from_secs(10),
                operation: Duration::from_secs(30)
            }
        );
        assert_eq!(config.auto_refresh.for_pane(Pane::S3), Some(Duration::from_secs(30)));
        assert_eq!(config.auto_refresh.for_pane(Pane::Ecs), Some(Duration::from_secs(10)));
        assert_eq!(config.auto_refresh.for_pane(Pane::Network), None, "0 is off");
        assert_eq!(config.auto_refresh.for_pane(Pane::Ssm), None);
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(config.keymap.lookup(&key('\\'), Pane::S3), Some(KeyAction::Filter));
        assert_eq!(config.keymap.lookup(&key('/'), Pane::S3), None);
        assert_eq!(config.keymap.lookup(&key('F'), Pane::Network), Some(KeyAction::FindByIp));
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(config.keymap.lookup(&ctrl_e, Pane::Ecs), Some(KeyAction::Describe));
    }

    #[test]
    fn the_readme_example_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme.find("```toml\n").expect("a toml block in README.md") + "```toml\n".len();
        let end = start + readme[start..].find("```").expect("the block ends");
        let (config, warnings) = ok(&readme[start..end]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_ne!(config, Config::default());
    }

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let e = err("theme = \"dark\"\nmouse = tru\n");
        assert_eq!(e.path, path());
        assert_eq!(e.position, Some((2, 9)));
        let text = e.to_string();
        assert!(text.starts_with("/home/me/.config/awscope/config.toml:2:9: "), "{text}");
    }

    #[test]
    fn an_unknown_key_is_reported_where_it_is() {
        let e = err("theme = \"dark\"\n\n[timeouts]\nconect = 3\n");
        assert_eq!(e.position, Some((4, 1)));
        assert!(e.message.contains("conect") && e.message.contains("connect"), "{}", e.message);
        let e = err("mous = true\n");
        assert_eq!(e.position, Some((1, 1)));
        assert!(e.message.contains("mous"), "{}", e.message);
    }

    #[test]
    fn a_bad_value_is_reported_where_it_is() {
        let e = err("\ntheme = \"solarized\"\n");
        assert_eq!(e.position, Some((2, 9)));
        assert!(e.message.contains("solarized") && e.message.contains("high-contrast"), "{}", e.message);
        let e = err("default_pane = \"iam\"\n");
        assert_eq!(e.position, Some((1, 16)));
        let e = err("[timeouts]\nattempt = 0\n");
        assert_eq!(e.position, Some((2, 11)));
        assert!(e.message.contains("at least 1 second"), "{}", e.message);
    }

    #[test]
    fn find_settings_out_of_range_are_errors_where_they_are() {
        let e = err("[find]\nconcurrency = 0\n");
        assert_eq!(e.position, Some((2, 15)));
        assert!(e.message.contains("find.concurrency = 0") && e.message.contains("1..=64"), "{}", e.message);
        let e = err("[find]\nconcurrency = 65\n");
        assert!(e.to_string().starts_with("/home/me/.config/awscope/config.toml:2:15: "), "{e}");
        let e = err("[find]\nscope = \"everywhere\"\n");
        assert_eq!(e.position, Some((2, 9)));
        assert!(e.message.contains("\"current\" or \"all\""), "{}", e.message);
        let (config, _) = ok("[find]\nconcurrency = 64\nscope = \"current\"\n");
        assert_eq!((config.find_concurrency, config.find_all), (64, false));
    }

    #[test]
    fn key_override_errors_point_at_the_override() {
        let e = err("[keys]\nfilter = \"/\"\nfliter = \"f\"\n");
        assert_eq!(e.position, Some((3, 10)));
        assert!(e.message.contains("fliter") && e.message.contains("valid actions") && e.message.contains("sort_next"));
        let e = err("[keys]\nfilter = \"d\"\n");
        assert_eq!(e.position, Some((2, 10)));
        assert!(e.message.contains("filter") && e.message.contains("describe"), "{}", e.message);
        let e = err("[keys]\ndescribe = [\"d\", \"hyper-d\"]\n");
        assert_eq!(e.position, Some((2, 12)));
        assert!(e.message.contains("hyper-d"), "{}", e.message);
    }

    #[test]
    fn page_sizes_out_of_range_are_clamped_with_a_warning() {
        let (config, warnings) = ok("[page_size]\ns3 = 5000\nssm = 0\nec2 = 2\necs = 100\n");
        assert_eq!(config.page_sizes, PageSizes { s3: 1000, ssm: 1, ec2: 5, ecs: 100 });
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(warnings[0].contains("page_size.s3 = 5000") && warnings[0].contains("using 1000"), "{warnings:?}");
        let loaded = parse("[page_size]\nssm = 51\n", &path());
        let (status, is_error) = loaded.status().expect("a warning to show");
        assert!(!is_error);
        assert!(status.contains("config.toml") && status.contains("using 50"), "{status}");
    }

    #[test]
    fn errors_show_on_the_status_line_as_errors() {
        let loaded = parse("mouse = 1\n", &path());
        let (status, is_error) = loaded.status().expect("an error to show");
        assert!(is_error);
        assert!(status.contains("config.toml:1:9") && status.contains("defaults"), "{status}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\ncdé\nf", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé\nf", 3), (2, 1));
        assert_eq!(line_column("ab\ncdé\nf", 8), (3, 1));
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
    }

    #[test]
    fn a_missing_explicit_file_is_an_error_and_a_missing_default_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("nope.toml");
        let loaded = load(Some(&missing));
        assert_eq!(loaded.config, Config::default());
        assert!(loaded.error.expect("an error").to_string().contains("nope.toml"));
        let present = dir.path().join("config.toml");
        std::fs::write(&present, "theme = \"high-contrast\"\n").expect("write");
        let loaded = load(Some(&present));
        assert_eq!(loaded.error, None);
        assert_eq!(loaded.config.theme, ThemeName::HighContrast);
    }
}
