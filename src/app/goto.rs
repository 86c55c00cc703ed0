//! Going straight to a resource: `:s3 bucket/prefix`, `:vpc vpc-…`,
//! `awscope s3://bucket/prefix/`, `awscope --ssm /app/prod`.
//!
//! A [`Target`] names a place the way a user types it; [`App::open_target`]
//! switches to its pane and opens the views leading to it, as if the user had
//! walked there, so Esc walks back up. Names are not checked up front: the
//! pane shows what AWS answers (a bucket that does not exist, a VPC that is
//! gone). Before the connection is up the target waits in
//! [`App::pending_target`] and opens as the first load of the new context.

use super::describe::DescribeView;
use super::modal::Help;
use super::{App, Command, Pane};

/// A place in one of the panes, named the way a user types it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The bucket list, a bucket, or a prefix in it (`prefix` may be empty).
    S3 {
        /// The bucket, if any.
        bucket: Option<String>,
        /// The prefix inside the bucket.
        prefix: String,
    },
    /// The VPC list, or one VPC's subnets.
    Vpc(Option<String>),
    /// Subnets: every subnet, or one subnet's interfaces.
    Subnet(Option<String>),
    /// Network interfaces: the interface with this private or public IP (or id).
    Eni(Option<String>),
    /// The parameter tree, at a path (a folder or a parameter).
    Ssm(Option<String>),
    /// ECS clusters, a cluster's services, or one service.
    Ecs {
        /// The cluster, if any.
        cluster: Option<String>,
        /// The service in it, if any.
        service: Option<String>,
    },
    /// Log groups, all or those whose names start with a prefix.
    Logs(Option<String>),
    /// The events of a group, a stream, or an ECS service's or task's streams.
    LogEvents(Box<super::logs::events::Opening>),
    /// The events on screen again, filtered on AWS by a pattern (`:grep`).
    LogsGrep(String),
    /// The Find view: as it is, its prompt, or a new search (`:find TEXT`).
    Find(super::find::FindTarget),
}

/// A `:` command that goes to a place in a pane (`:s3 bucket/prefix`). Each
/// pane lists its own (`PaneState::COMMANDS`).
#[derive(Debug, Clone, Copy)]
pub struct GoCommand {
    /// The command and its aliases; the first is the one help shows.
    pub names: &'static [&'static str],
    /// What it takes, for help and completion (`[bucket[/prefix]]`).
    pub args: &'static str,
    /// The place, from the argument as typed (trimmed; empty when none).
    pub target: fn(&str) -> Target,
}

/// `value` trimmed, or `None` when nothing is left.
pub(crate) fn word(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

impl Target {
    /// The pane the target lives in.
    #[must_use]
    pub fn pane(&self) -> Pane {
        match self {
            Self::S3 { .. } => Pane::S3,
            Self::Vpc(_) | Self::Subnet(_) | Self::Eni(_) => Pane::Network,
            Self::Ssm(_) => Pane::Ssm,
            Self::Ecs { .. } => Pane::Ecs,
            Self::Logs(_) | Self::LogEvents(_) | Self::LogsGrep(_) => Pane::Logs,
            Self::Find(_) => Pane::Find,
        }
    }

    /// An `s3://bucket/prefix` URI: `s3://` alone is the bucket list,
    /// `s3://bucket` its top level. The prefix is kept exactly (spaces,
    /// `%`, double slashes), since it must match the keys in S3; one that
    /// does not end in `/` names an entry to select in its folder.
    ///
    /// # Errors
    /// When `uri` is not an `s3://` URI, or names no bucket before a key.
    pub fn from_s3_uri(uri: &str) -> Result<Self, String> {
        let trimmed = uri.trim_start();
        let rest =
            trimmed.get(..5).filter(|scheme| scheme.eq_ignore_ascii_case("s3://")).map(|_| &trimmed[5..]).ok_or_else(
                || format!("{uri:?} is not an S3 URI: write s3://BUCKET/PREFIX (or s3:// for the bucket list)"),
            )?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return if prefix.is_empty() {
                Ok(Self::S3 { bucket: None, prefix: String::new() })
            } else {
                Err(format!("{uri:?} names no bucket: write s3://BUCKET/PREFIX"))
            };
        }
        if bucket.chars().any(char::is_whitespace) {
            return Err(format!("{bucket:?} is not a bucket name: bucket names have no spaces"));
        }
        Ok(Self::S3 { bucket: Some(bucket.to_owned()), prefix: prefix.to_owned() })
    }

    /// A Parameter Store path: `/app/prod` (a folder or a parameter). A
    /// missing leading `/` is added and a trailing one dropped; `/` alone is
    /// the top of the tree.
    ///
    /// # Errors
    /// When `path` is empty.
    pub fn from_ssm_path(path: &str) -> Result<Self, String> {
        let path = path.trim();
        if path.is_empty() {
            return Err("an SSM path is needed, such as /app/prod".to_owned());
        }
        let inner = path.trim_matches('/');
        if inner.is_empty() {
            return Ok(Self::Ssm(None));
        }
        Ok(Self::Ssm(Some(format!("/{inner}"))))
    }

    /// A VPC id (`vpc-…`); empty for the VPC list.
    #[must_use]
    pub fn from_vpc(id: &str) -> Self {
        Self::Vpc(word(id))
    }

    /// A subnet id (`subnet-…`); empty for every subnet.
    #[must_use]
    pub fn from_subnet(id: &str) -> Self {
        Self::Subnet(word(id))
    }

    /// A network interface's IP address or id (`10.0.1.5`, `eni-…`); empty
    /// for the find-by-IP prompt.
    #[must_use]
    pub fn from_eni(ip_or_id: &str) -> Self {
        Self::Eni(word(ip_or_id))
    }

    /// `cluster`, `cluster/service`, or a cluster or service ARN; empty for
    /// the cluster list.
    ///
    /// # Errors
    /// When a service is named without a cluster (`/web`).
    pub fn from_ecs(spec: &str) -> Result<Self, String> {
        let spec = spec.trim();
        // arn:aws:ecs:REGION:ACCOUNT:cluster/NAME, arn:…:service/CLUSTER/NAME
        let spec = match spec.strip_prefix("arn:").and_then(|rest| rest.splitn(5, ':').nth(4)) {
            Some(resource) => resource
                .strip_prefix("cluster/")
                .or_else(|| resource.strip_prefix("service/"))
                .ok_or_else(|| format!("{spec:?} is not an ECS cluster or service ARN"))?,
            None => spec,
        };
        let (cluster, service) = spec.split_once('/').unwrap_or((spec, ""));
        let (cluster, service) = (word(cluster), word(service));
        if cluster.is_none() && service.is_some() {
            return Err(format!("{spec:?} names no cluster: write CLUSTER/SERVICE"));
        }
        Ok(Self::Ecs { cluster, service })
    }
}

impl App {
    /// Shows `target`: switches to its pane and opens the views leading to it.
    /// Before the connection is up (or while a switch is under way) the
    /// target is kept and opened as the first load once it is connected.
    pub fn open_target(&mut self, target: Target) -> Vec<Command> {
        self.dirty = true;
        self.modals.close::<Help>();
        if self.environment().is_none() || self.pending.is_some() {
            // At start the target's pane shows while connecting; during a
            // switch the old context's pane stays until the new one is up.
            if self.environment().is_none() {
                self.pane = target.pane();
            }
            self.nav.pending_target = Some(target);
            return Vec::new();
        }
        self.pane = target.pane();
        self.nav.pending_target = None;
        self.modals.close::<DescribeView>();
        self.status = None;
        let pane = target.pane();
        let (mut ctx, panes) = self.split();
        panes.get_mut(pane).open_at(target, &mut ctx)
    }

    /// Enter on a Find result: switches to `context` (unless it is the one
    /// on screen) and opens `target` once the switch commits. The view the
    /// jump leaves goes on the history, so `[` returns to it.
    pub(super) fn switch_and_open(&mut self, context: crate::aws::AwsContext, target: Target) -> Vec<Command> {
        let on_screen = self.environment().is_some_and(|env| {
            let profile = env.context.profile.as_deref().unwrap_or("default");
            self.pending.is_none()
                && context.profile.as_deref().unwrap_or("default") == profile
                && context.region.as_deref() == Some(env.region.as_str())
                && context.role == env.context.role
                && context.chain == env.context.chain
        });
        // Asks run after the key's own visit is recorded: record this one here.
        if let Some(here) = self.location()
            && self.nav.back.last() != Some(&here)
        {
            self.nav.back.push(here);
            self.nav.forward.clear();
        }
        if on_screen {
            return self.open_target(target);
        }
        let mut commands = self.switch_context(context);
        commands.extend(self.open_target(target));
        commands
    }

    /// The first loads of a context just connected: the target waiting in
    /// [`App::pending_target`] if there is one, else the visible pane's.
    pub(super) fn open_pending_target_or_activate(&mut self) -> Vec<Command> {
        match self.nav.pending_target.take() {
            Some(target) => self.open_target(target),
            None => self.activate_pane(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s3(bucket: Option<&str>, prefix: &str) -> Target {
        Target::S3 { bucket: bucket.map(str::to_owned), prefix: prefix.to_owned() }
    }

    #[test]
    fn s3_uris_keep_their_keys_exactly() {
        assert_eq!(Target::from_s3_uri("s3://"), Ok(s3(None, "")));
        assert_eq!(Target::from_s3_uri("s3://logs"), Ok(s3(Some("logs"), "")));
        assert_eq!(Target::from_s3_uri("s3://logs/"), Ok(s3(Some("logs"), "")));
        assert_eq!(Target::from_s3_uri("S3://logs/2024/"), Ok(s3(Some("logs"), "2024/")));
        assert_eq!(Target::from_s3_uri("s3://logs/2024"), Ok(s3(Some("logs"), "2024")));
        assert_eq!(Target::from_s3_uri("s3://b/double//slash/"), Ok(s3(Some("b"), "double//slash/")));
        assert_eq!(Target::from_s3_uri("s3://b/with space /"), Ok(s3(Some("b"), "with space /")));
        assert_eq!(Target::from_s3_uri("s3://b/percent%2F/"), Ok(s3(Some("b"), "percent%2F/")), "not decoded");
        assert_eq!(Target::from_s3_uri("s3://b/naïve café 日本語/"), Ok(s3(Some("b"), "naïve café 日本語/")));
        assert_eq!(Target::from_s3_uri("s3://b//"), Ok(s3(Some("b"), "/")), "a key may start with a slash");
    }

    #[test]
    fn malformed_s3_uris_are_refused_with_the_form_to_use() {
        for bad in ["s3:/x", "s3:x", "bucket/prefix", "https://b.s3.amazonaws.com/k", "", "s3"] {
            let error = Target::from_s3_uri(bad).expect_err(bad);
            assert!(error.contains("s3://"), "{bad}: {error}");
        }
        assert!(Target::from_s3_uri("s3:///key").is_err(), "a key with no bucket");
        assert!(Target::from_s3_uri("s3://my bucket/").is_err());
    }

    #[test]
    fn ssm_paths_are_normalised() {
        assert_eq!(Target::from_ssm_path("/app/prod"), Ok(Target::Ssm(Some("/app/prod".into()))));
        assert_eq!(Target::from_ssm_path("app/prod"), Ok(Target::Ssm(Some("/app/prod".into()))));
        assert_eq!(Target::from_ssm_path("/app/prod/"), Ok(Target::Ssm(Some("/app/prod".into()))));
        assert_eq!(Target::from_ssm_path(" /app "), Ok(Target::Ssm(Some("/app".into()))));
        assert_eq!(Target::from_ssm_path("/"), Ok(Target::Ssm(None)));
        assert!(Target::from_ssm_path("  ").is_err());
    }

    #[test]
    fn ecs_specs_name_a_cluster_and_maybe_a_service() {
        let ecs = |c: Option<&str>, s: Option<&str>| Target::Ecs {
            cluster: c.map(str::to_owned),
            service: s.map(str::to_owned),
        };
        assert_eq!(Target::from_ecs(""), Ok(ecs(None, None)));
        assert_eq!(Target::from_ecs("prod"), Ok(ecs(Some("prod"), None)));
        assert_eq!(Target::from_ecs("prod/"), Ok(ecs(Some("prod"), None)));
        assert_eq!(Target::from_ecs("prod/web"), Ok(ecs(Some("prod"), Some("web"))));
        assert_eq!(Target::from_ecs("arn:aws:ecs:us-east-1:123456789012:cluster/prod"), Ok(ecs(Some("prod"), None)));
        assert_eq!(
            Target::from_ecs("arn:aws:ecs:us-east-1:123456789012:service/prod/web"),
            Ok(ecs(Some("prod"), Some("web")))
        );
        assert!(Target::from_ecs("/web").is_err());
        assert!(Target::from_ecs("arn:aws:ecs:us-east-1:123456789012:task/prod/abc").is_err());
    }

    #[test]
    fn ids_are_trimmed_and_empty_means_the_list() {
        assert_eq!(Target::from_vpc(" vpc-1 "), Target::Vpc(Some("vpc-1".into())));
        assert_eq!(Target::from_vpc(""), Target::Vpc(None));
        assert_eq!(Target::from_subnet(""), Target::Subnet(None));
        assert_eq!(Target::from_eni("10.0.1.5"), Target::Eni(Some("10.0.1.5".into())));
        assert_eq!(Target::from_eni("eni-0abc").pane(), Pane::Network);
        assert_eq!(Target::Ssm(None).pane(), Pane::Ssm);
    }
}
