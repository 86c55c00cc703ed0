//! The SSM pane's resources: names, ARNs, console pages and JSON of folders,
//! parameters and versions. A SecureString value is part of the JSON only
//! while it is revealed on screen.

use serde_json::{Value, json};

use super::tree::Entry as SsmEntry;
use super::views::{Fetch, Reveal};
use super::{Screen, SsmPane};
use crate::app::resource::{Place, console_host, encode, object, opt, partition, text, timestamp};
use crate::aws::ssm::{Parameter, ParameterValue, ParameterVersion};

/// What is selected in the SSM pane.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A folder of the Parameter Store tree (`/app/dev`).
    ParameterFolder { path: String },
    /// An SSM parameter, by its full name.
    Parameter { name: String },
    /// One version of an SSM parameter.
    ParameterVersion { name: String, version: i64 },
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Self::ParameterFolder { .. } => "parameter folder",
            Self::Parameter { .. } => "SSM parameter",
            Self::ParameterVersion { .. } => "parameter version",
        }
    }

    fn id(&self) -> String {
        match self {
            Self::ParameterFolder { path: name } | Self::Parameter { name } => name.clone(),
            Self::ParameterVersion { name, version } => format!("{name}:{version}"),
        }
    }

    fn console_url(&self, region: &str) -> String {
        let host = console_host(region);
        let r = encode(region);
        match self {
            Self::ParameterFolder { path } => format!(
                "https://{r}.{host}/systems-manager/parameters/?region={r}&tab=Table#list_parameter_filters=Name:Contains:{}",
                encode(&format!("{}/", path.trim_end_matches('/')))
            ),
            // The console reads the name from one path segment, encoded twice
            // (`/app/db` is `%252Fapp%252Fdb`). A version opens its parameter.
            Self::Parameter { name } | Self::ParameterVersion { name, .. } => format!(
                "https://{r}.{host}/systems-manager/parameters/{}/description?region={r}",
                encode(&encode(name).to_string())
            ),
        }
    }
}

/// A resource of this pane, as the selection code builds it.
struct Resource {
    target: Target,
    region: String,
    arn: Option<String>,
    json: Value,
}

impl From<Resource> for crate::app::resource::Resource {
    fn from(r: Resource) -> Self {
        Self {
            kind: r.target.kind(),
            id: r.target.id(),
            console_url: r.target.console_url(&r.region),
            region: r.region,
            arn: r.arn,
            json: r.json,
        }
    }
}

/// `arn:aws:ssm:REGION:ACCOUNT:parameter/NAME` (the leading `/` of a path
/// name is not doubled).
#[must_use]
pub fn ssm_parameter_arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:{}:ssm:{region}:{account}:parameter/{}", partition(region), name.strip_prefix('/').unwrap_or(name))
}

fn parameter_fields(p: &Parameter) -> Vec<(&'static str, Value)> {
    let policies = p.policies.iter().map(|policy| {
        object([
            ("PolicyType", text(&policy.kind)),
            ("PolicyStatus", text(&policy.status)),
            ("PolicyText", text(&policy.text)),
        ])
    });
    vec![
        ("Name", text(&p.name)),
        ("Type", text(p.kind.as_str())),
        ("Tier", opt(p.tier.as_ref().map(|t| t.as_str()))),
        ("Version", json!(p.version)),
        ("LastModifiedDate", timestamp(p.last_modified)),
        ("LastModifiedUser", opt(p.last_modified_by.as_deref())),
        ("DataType", opt(p.data_type.as_deref())),
        ("KeyId", opt(p.key_id.as_deref())),
        ("Description", opt(p.description.as_deref())),
        ("AllowedPattern", opt(p.allowed_pattern.as_deref())),
        ("Policies", Value::Array(policies.collect())),
    ]
}

/// The value view's parameter: metadata, then the value only when it may be
/// shown (not a SecureString, or one revealed on screen right now).
fn value_fields(
    name: &str,
    meta: Option<&Parameter>,
    read: Option<&ParameterValue>,
    revealed: Option<&ParameterValue>,
) -> Vec<(&'static str, Value)> {
    let mut fields = meta.map_or_else(|| vec![("Name", text(name))], parameter_fields);
    if let Some(read) = read {
        set(&mut fields, "Type", text(read.kind.as_str()));
        set(&mut fields, "Version", json!(read.version));
        set(&mut fields, "LastModifiedDate", timestamp(read.last_modified));
        set(&mut fields, "DataType", opt(read.data_type.as_deref()));
    }
    let shown = match (revealed, read) {
        (Some(v), _) => v.value.as_ref(),
        (None, Some(v)) if !v.kind.is_secure() => v.value.as_ref(),
        _ => None,
    };
    if let Some(value) = shown {
        fields.push(("Value", text(value.expose())));
    }
    fields
}

fn set(fields: &mut Vec<(&'static str, Value)>, key: &'static str, value: Value) {
    match fields.iter_mut().find(|(k, _)| *k == key) {
        Some(field) => field.1 = value,
        None => fields.push((key, value)),
    }
}

fn parameter_version_json(name: &str, v: &ParameterVersion, decrypted: bool) -> Value {
    let value = match &v.value {
        Some(value) if !v.kind.is_secure() || decrypted => text(value.expose()),
        _ => Value::Null,
    };
    object([
        ("Name", text(name)),
        ("Version", json!(v.version)),
        ("Type", text(v.kind.as_str())),
        ("Tier", opt(v.tier.as_ref().map(|t| t.as_str()))),
        ("Labels", json!(v.labels)),
        ("LastModifiedDate", timestamp(v.last_modified)),
        ("LastModifiedUser", opt(v.last_modified_by.as_deref())),
        ("Description", opt(v.description.as_deref())),
        ("KeyId", opt(v.key_id.as_deref())),
        ("Value", value),
    ])
}

impl SsmPane {
    /// The resource selected (or shown, in a detail view), in `place`.
    pub(crate) fn resource_at(&self, place: &Place<'_>) -> Option<crate::app::resource::Resource> {
        self.selected(place.region.to_owned(), place).map(Into::into)
    }

    fn selected(&self, region: String, place: &Place<'_>) -> Option<Resource> {
        let pane = self;
        let account = place.account;
        let built = |name: &str| account.map(|a| ssm_parameter_arn(&region, a, name));
        match pane.screen {
            Screen::Tree => match pane.tree.list.selected_item()? {
                SsmEntry::Folder { path, count, .. } => {
                    let arn = account.map(|a| format!("{}/*", ssm_parameter_arn(&region, a, path)));
                    let json = object([
                        ("Path", text(path)),
                        ("Parameters", json!(count)),
                        ("ArnPattern", opt(arn.as_deref())),
                    ]);
                    Some(Resource { target: Target::ParameterFolder { path: path.clone() }, region, arn, json })
                }
                SsmEntry::Parameter(p) => {
                    let arn = p.arn.clone().or_else(|| built(&p.name));
                    let mut fields = parameter_fields(p);
                    fields.push(("ARN", opt(arn.as_deref())));
                    let target = Target::Parameter { name: p.name.clone() };
                    Some(Resource { target, region, arn, json: object(fields) })
                }
            },
            Screen::Value => {
                let view = pane.value.as_ref()?;
                let read = match &view.value {
                    Fetch::Ready(v) => Some(v),
                    _ => None,
                };
                let revealed = match &view.reveal {
                    Reveal::Shown(v) => Some(v),
                    _ => None,
                };
                let meta = view.meta.as_deref();
                let arn = read
                    .and_then(|v| v.arn.clone())
                    .or_else(|| meta.and_then(|m| m.arn.clone()))
                    .or_else(|| built(&view.name));
                let mut fields = value_fields(&view.name, meta, read, revealed);
                fields.push(("ARN", opt(arn.as_deref())));
                let target = Target::Parameter { name: view.name.clone() };
                Some(Resource { target, region, arn, json: object(fields) })
            }
            Screen::History => {
                let history = pane.history.as_ref()?;
                let name = history.name.clone();
                let base = pane
                    .value
                    .as_ref()
                    .filter(|v| v.name == name)
                    .and_then(|v| match &v.value {
                        Fetch::Ready(read) => read.arn.clone(),
                        _ => v.meta.as_ref().and_then(|m| m.arn.clone()),
                    })
                    .or_else(|| pane.tree.store.get(&name).and_then(|p| p.arn.clone()))
                    .or_else(|| built(&name));
                match history.list.selected_item() {
                    Some(v) => {
                        let arn = base.map(|a| format!("{a}:{}", v.version));
                        let json = parameter_version_json(&name, v, history.decrypted);
                        Some(Resource {
                            target: Target::ParameterVersion { name, version: v.version },
                            region,
                            arn,
                            json,
                        })
                    }
                    None => {
                        let json = object([("Name", text(&name)), ("ARN", opt(base.as_deref()))]);
                        Some(Resource { target: Target::Parameter { name }, region, arn: base, json })
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssm_console_urls_encode_the_name_twice() {
        let p = Target::Parameter { name: "/app/dev/db password".into() };
        assert_eq!(
            p.console_url("eu-west-1"),
            "https://eu-west-1.console.aws.amazon.com/systems-manager/parameters/%252Fapp%252Fdev%252Fdb%2520password/description?region=eu-west-1"
        );
        let root = Target::Parameter { name: "plain".into() };
        assert_eq!(
            root.console_url("us-east-1"),
            "https://us-east-1.console.aws.amazon.com/systems-manager/parameters/plain/description?region=us-east-1"
        );
        let version = Target::ParameterVersion { name: "/a".into(), version: 3 };
        assert!(version.console_url("us-east-1").contains("/parameters/%252Fa/description"));
        let folder = Target::ParameterFolder { path: "/app/dev".into() };
        assert!(folder.console_url("us-east-1").ends_with("#list_parameter_filters=Name:Contains:%2Fapp%2Fdev%2F"));
    }

    #[test]
    fn parameter_arns_do_not_double_the_slash() {
        assert_eq!(
            ssm_parameter_arn("eu-west-1", "123456789012", "/app/dev/db"),
            "arn:aws:ssm:eu-west-1:123456789012:parameter/app/dev/db"
        );
        assert_eq!(ssm_parameter_arn("us-east-1", "1", "plain"), "arn:aws:ssm:us-east-1:1:parameter/plain");
        assert_eq!(ssm_parameter_arn("us-gov-west-1", "1", "/x"), "arn:aws-us-gov:ssm:us-gov-west-1:1:parameter/x");
    }

    #[test]
    fn a_version_is_copied_as_name_colon_version() {
        assert_eq!(Target::ParameterVersion { name: "/a/b".into(), version: 4 }.id(), "/a/b:4");
    }
}
