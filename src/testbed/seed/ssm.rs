//! SSM Parameter Store: `/app/…` parameters of every type.

use std::time::Instant;

use aws_sdk_ssm::types::ParameterType;
use futures_util::{StreamExt, TryStreamExt, stream};

use super::{Account, CALL_CONCURRENCY, Ctx, Scale, SeedError, Step};
use crate::aws::AwsProvider;

/// An SSM parameter's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterKind {
    /// `String`.
    String,
    /// `StringList`: comma-separated values.
    StringList,
    /// `SecureString`: encrypted; never shown unless asked for.
    SecureString,
}

/// A parameter that was put (its value deliberately left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededParameter {
    /// The full name (`/app/dev/db/password`).
    pub name: String,
    /// Its type.
    pub kind: ParameterKind,
}

struct ParameterPlan {
    name: String,
    kind: ParameterKind,
    value: String,
    description: Option<&'static str>,
}

fn parameter_plan(account: Account, scale: Scale) -> Vec<ParameterPlan> {
    use ParameterKind::{SecureString, String as Plain, StringList};
    let p = |name: &str, kind, value: &str, description| ParameterPlan {
        name: name.to_owned(),
        kind,
        value: value.to_owned(),
        description,
    };
    let mut out = Vec::new();
    match account {
        Account::Base => {
            for (env, host) in [("dev", "dev.example.com"), ("prod", "example.com")] {
                out.extend([
                    p(&format!("/app/{env}/api/url"), Plain, &format!("https://api.{host}"), Some("Base URL of the public API")),
                    p(&format!("/app/{env}/api/timeout-ms"), Plain, "2500", None),
                    p(
                        &format!("/app/{env}/api/allowed-origins"),
                        StringList,
                        &format!("https://{host},https://admin.{host},http://localhost:3000"),
                        Some("CORS origins"),
                    ),
                    p(&format!("/app/{env}/db/host"), Plain, &format!("db.{host}"), None),
                    p(&format!("/app/{env}/db/port"), Plain, "5432", None),
                    p(&format!("/app/{env}/db/username"), Plain, "app", None),
                    p(&format!("/app/{env}/db/password"), SecureString, &format!("demo-{env}-db-password-not-a-real-secret"), Some("Database password")),
                    p(&format!("/app/{env}/stripe/api-key"), SecureString, &format!("sk_test_demo_{env}_0000000000000000"), None),
                    p(
                        &format!("/app/{env}/config/json"),
                        Plain,
                        &format!(
                            "{{\n  \"env\": \"{env}\",\n  \"replicas\": {},\n  \"features\": [\"search\", \"export\"],\n  \"log_level\": \"info\"\n}}",
                            if env == "prod" { 6 } else { 1 }
                        ),
                        Some("Multi-line JSON configuration"),
                    ),
                ]);
            }
            out.push(p(
                "/app/dev/motd",
                Plain,
                "Untrusted text: \u{1b}[31mred escape\u{1b}[0m and \u{202E}desrever idib",
                Some("Contains an ANSI escape and a bidi override"),
            ));
            out.push(p("/shared/company-name", Plain, "Example Corp", None));
            out.push(p("/shared/regions", StringList, "us-east-1,eu-west-1", None));
            for i in 0..scale.pick(40, 2) {
                out.push(p(
                    &format!("/app/dev/feature-flags/flag-{i:02}"),
                    Plain,
                    if i % 3 == 0 { "on" } else { "off" },
                    None,
                ));
            }
            for i in 0..scale.pick(20, 1) {
                out.push(p(
                    &format!("/app/prod/feature-flags/flag-{i:02}"),
                    Plain,
                    if i % 4 == 0 { "on" } else { "off" },
                    None,
                ));
            }
        }
        Account::Second => {
            out.extend([
                p(
                    "/app/prod-only/api/url",
                    Plain,
                    "https://api.prod-only.example.com",
                    Some("Only in the second account"),
                ),
                p("/app/prod-only/replicas", Plain, "12", None),
                p("/app/prod-only/allowed-cidrs", StringList, "10.99.0.0/16,192.168.0.0/24", None),
                p("/app/prod-only/db/password", SecureString, "demo-prod-only-password-not-a-real-secret", None),
            ]);
            for i in 0..scale.pick(10, 2) {
                out.push(p(&format!("/app/prod-only/feature-flags/flag-{i:02}"), Plain, "on", None));
            }
        }
    }
    out
}

/// Puts the `/app/…` parameters (`String`, `StringList` and `SecureString`).
///
/// # Errors
/// The first `PutParameter` that failed.
pub async fn seed_parameters(
    provider: &AwsProvider,
    account: Account,
    scale: Scale,
) -> Result<Vec<SeededParameter>, SeedError> {
    let started = Instant::now();
    let ctx = Ctx { account, step: Step::Parameters };
    let ssm = provider.ssm();
    let plan = parameter_plan(account, scale);
    stream::iter(plan.iter())
        .map(|param| {
            let ssm = ssm.clone();
            async move {
                let kind = match param.kind {
                    ParameterKind::String => ParameterType::String,
                    ParameterKind::StringList => ParameterType::StringList,
                    ParameterKind::SecureString => ParameterType::SecureString,
                };
                ssm.put_parameter()
                    .name(&param.name)
                    .value(&param.value)
                    .r#type(kind)
                    .set_description(param.description.map(str::to_owned))
                    .overwrite(true)
                    .send()
                    .await
                    // The name only: the value may be a secret.
                    .map_err(|e| ctx.aws("ssm", "PutParameter", &param.name, &e))
            }
        })
        .buffer_unordered(CALL_CONCURRENCY)
        .try_for_each(|_| async { Ok(()) })
        .await?;
    tracing::info!(%account, parameters = plan.len(), elapsed_ms = started.elapsed().as_millis(), "seeded parameters");
    Ok(plan.into_iter().map(|p| SeededParameter { name: p.name, kind: p.kind }).collect())
}
