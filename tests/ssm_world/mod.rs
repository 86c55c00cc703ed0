//! A fixed Parameter Store, for the SSM reducer and snapshot tests: the
//! harness's app on the SSM pane with its loads answered from the fixed data
//! (as the loader would answer them), and moving around the tree by name.

#![allow(dead_code)]
// The fixture answers with the wrappers' own error type, large as it is.
#![allow(clippy::result_large_err)]

use std::collections::BTreeMap;

use awscope::app::ssm::{SsmPayload, SsmRequest, SsmSlot};
use awscope::app::{Failure, LoadRequest, Payload, Slot};
use awscope::aws::ErrorKind;
use awscope::aws::ssm::{
    Decrypt, Parameter, ParameterPolicy, ParameterTier, ParameterType, ParameterValue, ParameterVersion,
    ParameterWrite, Sensitive, SsmError, WriteOutcome,
};
use awscope::testbed::harness::{self, Harness, Reply};
use crossterm::event::KeyCode;
use time::OffsetDateTime;
use time::macros::datetime;

/// The SecureString value the fixture holds; tests check where it shows.
pub const DB_PASSWORD: &str = "demo-dev-db-password-not-a-real-secret";

/// Parameters per DescribeParameters page the fixture answers with.
pub const PAGE: usize = 4;

/// One parameter: its metadata and every version (oldest first).
#[derive(Debug, Clone)]
pub struct Stored {
    pub meta: Parameter,
    pub versions: Vec<ParameterVersion>,
}

/// The fixed Parameter Store.
#[derive(Debug, Clone)]
pub struct World {
    pub params: BTreeMap<String, Stored>,
    /// KMS refuses to decrypt.
    pub kms_denied: bool,
}

fn at(day: i64, minute: i64) -> OffsetDateTime {
    datetime!(2024-03-05 09:15 UTC) + time::Duration::days(day) + time::Duration::minutes(minute)
}

fn version(
    v: i64,
    kind: &ParameterType,
    value: &str,
    by: &str,
    when: OffsetDateTime,
    labels: &[&str],
) -> ParameterVersion {
    ParameterVersion {
        version: v,
        kind: kind.clone(),
        tier: Some(ParameterTier::Standard),
        labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        last_modified: Some(when),
        last_modified_by: Some(format!("arn:aws:iam::123456789012:user/{by}")),
        description: None,
        value: Some(Sensitive::new(value)),
        key_id: kind.is_secure().then(|| "alias/aws/ssm".to_owned()),
    }
}

impl World {
    /// The demo tree: `/app/{dev,prod}/…`, `/shared/…` and a root name.
    #[must_use]
    pub fn demo() -> Self {
        let mut world = Self { params: BTreeMap::new(), kms_denied: false };
        let s = ParameterType::String;
        let list = ParameterType::StringList;
        let secure = ParameterType::SecureString;
        world.add("/app/dev/api/url", &s, &["https://api.dev.example.com"], Some("Base URL of the public API"));
        world.add("/app/dev/api/timeout-ms", &s, &["1000", "2500"], None);
        world.add(
            "/app/dev/api/allowed-origins",
            &list,
            &["https://dev.example.com,https://admin.dev.example.com,http://localhost:3000"],
            Some("CORS origins"),
        );
        world.add("/app/dev/db/host", &s, &["db.dev.example.com"], None);
        world.add("/app/dev/db/port", &s, &["5432"], None);
        world.add("/app/dev/db/username", &s, &["app"], None);
        world.add(
            "/app/dev/db/password",
            &secure,
            &["first-password-not-a-real-secret", DB_PASSWORD],
            Some("Database password"),
        );
        world.add(
            "/app/dev/config/json",
            &s,
            &[
                "{\"env\":\"dev\",\"replicas\":1,\"log_level\":\"debug\"}",
                "{\"env\":\"dev\",\"replicas\":2,\"features\":[\"search\",\"export\"],\"log_level\":\"info\"}",
            ],
            Some("Multi-line JSON configuration"),
        );
        world.add(
            "/app/dev/motd",
            &s,
            &["Untrusted text: \u{1b}[31mred escape\u{1b}[0m and \u{202E}desrever idib"],
            Some("Contains an ANSI escape and a bidi override"),
        );
        for i in 0..3 {
            world.add(&format!("/app/dev/feature-flags/flag-{i:02}"), &s, &[if i == 0 { "on" } else { "off" }], None);
        }
        world.add("/app/prod/api/url", &s, &["https://api.example.com"], None);
        world.add("/app/prod/db/password", &secure, &["prod-password-not-a-real-secret"], None);
        world.add("/shared/company-name", &s, &["Example Corp"], None);
        world.add("/shared/regions", &list, &["us-east-1,eu-west-1"], None);
        world.add("legacy-flat-name", &s, &["from before paths"], None);
        if let Some(p) = world.params.get_mut("/app/dev/db/password") {
            p.meta.policies = vec![ParameterPolicy {
                kind: "Expiration".into(),
                status: "Pending".into(),
                text: "{\"Type\":\"Expiration\"}".into(),
            }];
            p.meta.tier = Some(ParameterTier::Advanced);
            for v in &mut p.versions {
                v.tier = Some(ParameterTier::Advanced);
            }
            p.versions[1].labels = vec!["current".into(), "rotated".into()];
        }
        world
    }

    fn add(&mut self, name: &str, kind: &ParameterType, values: &[&str], description: Option<&str>) {
        let n = i64::try_from(self.params.len()).unwrap_or(0);
        let versions: Vec<ParameterVersion> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let v_no = i64::try_from(i).unwrap_or(0) + 1;
                let by = if v_no % 2 == 0 { "bob" } else { "alice" };
                let mut version = version(v_no, kind, v, by, at(n, v_no * 7), &[]);
                version.description = description.map(str::to_owned);
                version
            })
            .collect();
        let last = versions.last().cloned().unwrap_or_else(|| version(1, kind, "", "alice", at(n, 0), &[]));
        let meta = Parameter {
            name: name.to_owned(),
            kind: kind.clone(),
            tier: Some(ParameterTier::Standard),
            version: last.version,
            last_modified: last.last_modified,
            last_modified_by: last.last_modified_by.clone(),
            data_type: Some("text".into()),
            key_id: last.key_id.clone(),
            description: description.map(str::to_owned),
            allowed_pattern: None,
            policies: Vec::new(),
            arn: Some(format!(
                "arn:aws:ssm:us-east-1:123456789012:parameter{}",
                if name.starts_with('/') { name.to_owned() } else { format!("/{name}") }
            )),
        };
        self.params.insert(name.to_owned(), Stored { meta, versions });
    }

    /// Another writer puts a new value (as someone else would, between reads).
    pub fn someone_else_writes(&mut self, name: &str, value: &str) {
        if let Some(p) = self.params.get_mut(name) {
            let v = p.meta.version + 1;
            let kind = p.meta.kind.clone();
            p.versions.push(version(v, &kind, value, "carol", at(30, 0), &[]));
            p.meta.version = v;
            p.meta.last_modified = Some(at(30, 0));
            p.meta.last_modified_by = Some("arn:aws:iam::123456789012:user/carol".into());
        }
    }

    fn latest(&self, name: &str, decrypt: Decrypt) -> Result<ParameterValue, SsmError> {
        let p = self.params.get(name).ok_or_else(|| SsmError::ParameterNotFound { name: name.to_owned() })?;
        let last = p.versions.last().ok_or_else(|| SsmError::ParameterNotFound { name: name.to_owned() })?;
        if decrypt == Decrypt::Yes && p.meta.kind.is_secure() && self.kms_denied {
            return Err(SsmError::DecryptDenied {
                name: name.to_owned(),
                detail: "AccessDeniedException: User: arn:aws:iam::123456789012:user/demo is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd".to_owned(),
            });
        }
        let hide = p.meta.kind.is_secure() && decrypt == Decrypt::No;
        Ok(ParameterValue {
            name: name.to_owned(),
            kind: p.meta.kind.clone(),
            version: last.version,
            value: if hide { None } else { last.value.clone() },
            last_modified: last.last_modified,
            data_type: Some("text".into()),
            arn: p.meta.arn.clone(),
        })
    }

    fn check(&self, write: &ParameterWrite) -> Result<Option<Parameter>, SsmError> {
        let current = self.params.get(write.name()).map(|p| p.meta.clone());
        match (write, current) {
            (ParameterWrite::Create { .. }, None) => Ok(None),
            (ParameterWrite::Create { name, .. }, Some(found)) => {
                Err(SsmError::AlreadyExists { name: name.clone(), version: Some(found.version) })
            }
            (_, None) => Err(SsmError::ParameterNotFound { name: write.name().to_owned() }),
            (
                ParameterWrite::Update { name, expected_version, .. }
                | ParameterWrite::Delete { name, expected_version },
                Some(found),
            ) => {
                if found.version == *expected_version {
                    Ok(Some(found))
                } else {
                    Err(SsmError::VersionConflict {
                        name: name.clone(),
                        expected: *expected_version,
                        found: found.version,
                        modified_by: found.last_modified_by,
                        modified_at: found.last_modified,
                    })
                }
            }
        }
    }

    fn write(&mut self, write: &ParameterWrite) -> Result<WriteOutcome, SsmError> {
        self.check(write)?;
        let name = write.name().to_owned();
        match write {
            ParameterWrite::Create { kind, value, description, .. } => {
                self.add(&name, kind, &[value.expose()], description.as_deref());
                Ok(WriteOutcome { name, version: Some(1), raced: false })
            }
            ParameterWrite::Update { value, .. } => {
                self.someone_else_writes(&name, value.expose());
                let v = self.params.get(&name).map(|p| p.meta.version);
                Ok(WriteOutcome { name, version: v, raced: false })
            }
            ParameterWrite::Delete { .. } => {
                self.params.remove(&name);
                Ok(WriteOutcome { name, version: None, raced: false })
            }
        }
    }

    /// What the loader would deliver for `request`: payloads with `more`, or a failure.
    pub fn answer(&mut self, request: &SsmRequest) -> Result<Vec<(SsmPayload, bool)>, Failure> {
        let fail = |e: SsmError| Failure::new(e.kind(), &e);
        Ok(match request {
            SsmRequest::List { path } => {
                let prefix = path.as_ref().map(|p| format!("{p}/"));
                let all: Vec<Parameter> = self
                    .params
                    .values()
                    .filter(|p| prefix.as_ref().is_none_or(|pre| p.meta.name.starts_with(pre)))
                    .map(|p| p.meta.clone())
                    .collect();
                let pages: Vec<Vec<Parameter>> = all.chunks(PAGE).map(<[Parameter]>::to_vec).collect();
                let n = pages.len();
                if n == 0 {
                    vec![(SsmPayload::Parameters(Vec::new()), false)]
                } else {
                    pages.into_iter().enumerate().map(|(i, page)| (SsmPayload::Parameters(page), i + 1 < n)).collect()
                }
            }
            SsmRequest::Open { name } => {
                vec![(SsmPayload::Value(self.latest(name, Decrypt::No).map_err(fail)?), false)]
            }
            SsmRequest::Reveal { name } => {
                vec![(SsmPayload::Revealed(self.latest(name, Decrypt::Yes).map_err(fail)?), false)]
            }
            SsmRequest::History { name, decrypt } => {
                let p =
                    self.params.get(name).ok_or_else(|| fail(SsmError::ParameterNotFound { name: name.clone() }))?;
                let versions = p
                    .versions
                    .iter()
                    .map(|v| {
                        let mut v = v.clone();
                        if v.kind.is_secure() && *decrypt == Decrypt::No {
                            v.value = None;
                        }
                        v
                    })
                    .collect();
                vec![(SsmPayload::History(versions), false)]
            }
            SsmRequest::Describe { name } => {
                vec![(
                    SsmPayload::Described {
                        name: name.clone(),
                        found: self.params.get(name).map(|p| Box::new(p.meta.clone())),
                    },
                    false,
                )]
            }
            SsmRequest::Check(write) => {
                vec![(SsmPayload::Checked(self.check(write).map_err(fail)?.map(Box::new)), false)]
            }
            SsmRequest::Write(write) => vec![(SsmPayload::Written(self.write(write).map_err(fail)?), false)],
        })
    }
}

impl harness::World for World {
    /// SSM requests from the store; other panes' loads (the S3 list loaded
    /// on connecting) fail quietly, so nothing shows as in flight.
    fn answer(&mut self, request: &LoadRequest) -> Option<Reply> {
        let LoadRequest::Ssm(request) = request else { return Some(Reply::out_of_scope()) };
        Some(match World::answer(self, request) {
            Ok(pages) => {
                Reply { pages: pages.into_iter().map(|(p, more)| (Payload::Ssm(p), more)).collect(), failure: None }
            }
            Err(failure) => Reply::failed(failure),
        })
    }
}

/// An app on the SSM pane whose loads the [`World`] answers as they are issued.
pub type Sim = Harness<World>;

/// Connected, identity known, on the SSM pane with the tree listed.
#[must_use]
pub fn sim(size: (u16, u16), read_only: bool) -> Sim {
    sim_with(World::demo(), size, read_only, Vec::new())
}

/// As [`sim`] with a chosen world and slots held from the start (to show
/// loading states; their loads wait in `queued`).
#[must_use]
pub fn sim_with(world: World, size: (u16, u16), read_only: bool, hold: Vec<SsmSlot>) -> Sim {
    let mut sim = Harness::new(harness::context("demo"), read_only, size).connected();
    for slot in hold {
        sim.hold(slot);
    }
    let mut sim = sim.answered_by(world);
    sim.ch('3');
    sim
}

/// Moving around the parameter tree by name, and the SSM requests made.
pub trait Tree {
    /// Selects the tree row (or history version) whose text is `name`.
    fn select(&mut self, name: &str);
    /// Opens the path `a/b/c` from the root, folder by folder.
    fn open_path(&mut self, path: &str);
    /// The SSM requests made since the last call.
    fn take_requests(&mut self) -> Vec<(SsmSlot, SsmRequest)>;
}

impl Tree for Sim {
    fn select(&mut self, name: &str) {
        let pane = &self.app.panes.ssm;
        let position = match pane.screen {
            awscope::app::ssm::Screen::History => {
                pane.history.as_ref().and_then(|h| h.list.items.iter().position(|v| v.version.to_string() == name))
            }
            _ => pane.tree.list.items.iter().position(|e| {
                let key = e.key();
                key == name || key.ends_with(&format!("/{name}"))
            }),
        };
        let Some(position) = position else { panic!("{name} is not on screen") };
        self.key(KeyCode::Home);
        for _ in 0..position {
            self.ch('j');
        }
    }

    fn open_path(&mut self, path: &str) {
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            self.select(segment);
            self.key(KeyCode::Enter);
        }
    }

    fn take_requests(&mut self) -> Vec<(SsmSlot, SsmRequest)> {
        std::mem::take(&mut self.requests)
            .into_iter()
            .filter_map(|(slot, request)| match (slot, request) {
                (Slot::Ssm(slot), LoadRequest::Ssm(request)) => Some((slot, request)),
                _ => None,
            })
            .collect()
    }
}

/// An access-denied failure for DescribeParameters, as the wrapper reports it.
#[must_use]
pub fn list_denied() -> Failure {
    Failure {
        kind: ErrorKind::AccessDenied,
        message: "Access denied: DescribeParameters on all parameters needs ssm:DescribeParameters. Ask for that \
                  permission, or switch profile or role. (AccessDeniedException: User: \
                  arn:aws:iam::123456789012:user/demo is not authorized to perform: ssm:DescribeParameters)"
            .into(),
    }
}
