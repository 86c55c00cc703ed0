//! The aws CLI is the oracle for credentials, region and endpoints: a table
//! of setups (config file, credentials file, environment, arguments), each
//! run through `awscope --whoami --json` and through the aws CLI (v1, from
//! `.venv`) on the same files and the same environment, against moto. Both
//! must land in the same account as the same principal, in the same region,
//! on the same endpoints.
//!
//! `cargo test --test oracle_credentials -- --nocapture` prints the table.
//!
//! Rows marked `v2` follow the aws CLI v2, which reads `AWS_REGION` (before
//! `AWS_DEFAULT_REGION` and the profile); the installed CLI v1 ignores it, so
//! there awscope is checked against the value written in the table and the
//! CLI's answer is only shown.

mod oracle;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use awscope::testbed::Emulator;
use oracle::{CallerIdentity, Run, Sandbox, TempKeys, Whoami};

/// Concurrent cases (each runs one awscope and two or three CLI processes).
const WORKERS: usize = 4;
/// The bucket seeded in moto A (and only there).
const BUCKET_A: &str = "oracle-bucket-a";
/// The bucket seeded in moto B (and only there).
const BUCKET_B: &str = "oracle-bucket-b";
/// The role whose temporary keys the "exported keys" rows export.
const EXPORTED_ROLE: &str = "arn:aws:iam::222222222222:role/oracle-exported";
const EXPORTED_SESSION: &str = "oracle-exported";
/// A proxy nobody listens on: a tool that ignores the configured endpoints
/// would go to AWS over https, and must not leave the machine.
const DEAD_PROXY: &str = "http://127.0.0.1:1";

/// Which emulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moto {
    A,
    B,
}

/// How the two tools are compared on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Both succeed with the same account, ARN, region and endpoints, all as expected.
    Same,
    /// aws CLI v2 behaviour (`AWS_REGION`): awscope must give the expected
    /// region; the CLI v1's region is only shown. Account and ARN still match.
    V2,
    /// Documented difference: the CLI refuses to run without a region
    /// ("You must specify a region"); awscope falls back to the expected
    /// region. The identity is compared with the CLI given that region.
    CliNeedsRegion,
    /// Both refuse.
    BothFail,
}

#[derive(Debug, Clone, Copy)]
struct Case {
    name: &'static str,
    config: &'static str,
    credentials: &'static str,
    env: &'static [(&'static str, &'static str)],
    /// Passed to both tools.
    args: &'static [&'static str],
    kind: Kind,
    account: &'static str,
    /// A fragment both ARNs must contain.
    arn: &'static str,
    /// The role session name is each tool's default (`botocore-session-<time>`
    /// for the CLI, `awscope-<user>` for awscope): ARNs are compared without it.
    default_session: bool,
    region: &'static str,
    region_source: Option<&'static str>,
    /// Where STS calls must go (besides matching the CLI's).
    sts: Option<Moto>,
    /// Where S3 calls must go: the CLI lists that moto's bucket, awscope's
    /// `endpoints.s3.url` is that moto.
    s3: Option<Moto>,
    /// Confirm the CLI's region with an EC2 call (the region rows; elsewhere
    /// the region of its signed STS request is taken, to save a CLI start).
    probe_region: bool,
}

const BASE: Case = Case {
    name: "",
    config: "",
    credentials: "",
    env: &[],
    args: &[],
    kind: Kind::Same,
    account: "123456789012",
    arn: "user/moto",
    default_session: false,
    region: "eu-west-1",
    region_source: None,
    sts: Some(Moto::A),
    s3: None,
    probe_region: false,
};

// Placeholders: {a} {b} the two motos, {dir} the case's directory (token file
// `token`, credential process `creds.sh`), {keys} static key lines, and
// {second_ak} {second_sk} {second_token} the exported temporary keys.

const FIRST_CONFIG: &str = "[profile first]\nregion = eu-west-1\nendpoint_url = {a}\n";
const FIRST_CREDS: &str = "[first]\n{keys}";
const DEFAULT_CONFIG: &str = "[default]\nregion = eu-central-1\nendpoint_url = {a}\n";
const DEFAULT_CREDS: &str = "[default]\n{keys}";
const NOREG_CONFIG: &str = "[profile noreg]\nendpoint_url = {a}\n";
const NOREG_CREDS: &str = "[noreg]\n{keys}";

const ROLES_CONFIG: &str = "\
[profile c]
region = eu-west-1
endpoint_url = {a}

[profile b]
role_arn = arn:aws:iam::222222222222:role/b-role
source_profile = c
role_session_name = hop-b
region = eu-west-1
endpoint_url = {a}

[profile a]
role_arn = arn:aws:iam::333333333333:role/a-role
source_profile = b
role_session_name = hop-a
region = eu-west-1
endpoint_url = {a}

[profile envsrc]
role_arn = arn:aws:iam::222222222222:role/env-role
credential_source = Environment
role_session_name = env-src
region = eu-west-1
endpoint_url = {a}

[profile proc]
credential_process = {dir}/creds.sh
region = eu-west-1
endpoint_url = {a}

[profile wi]
role_arn = arn:aws:iam::222222222222:role/wi-role
web_identity_token_file = {dir}/token
role_session_name = wi-sess
region = eu-west-1
endpoint_url = {a}

[profile ext]
role_arn = arn:aws:iam::222222222222:role/ext-role
source_profile = c
external_id = oracle-external-id
role_session_name = ext-sess
region = eu-west-1
endpoint_url = {a}

[profile named]
role_arn = arn:aws:iam::222222222222:role/named-role
source_profile = c
role_session_name = oracle-named
region = eu-west-1
endpoint_url = {a}

[profile dur]
role_arn = arn:aws:iam::222222222222:role/dur-role
source_profile = c
duration_seconds = 1800
role_session_name = dur-sess
region = eu-west-1
endpoint_url = {a}

[profile unnamed]
role_arn = arn:aws:iam::222222222222:role/plain-role
source_profile = c
region = eu-west-1
endpoint_url = {a}
";
const ROLES_CREDS: &str = "[c]\n{keys}";

const ENDPOINTS_CONFIG: &str = "\
[profile plain]
region = us-east-1

[profile split]
region = us-east-1
endpoint_url = {a}
services = split-s3

[profile onlysvc]
region = us-east-1
services = split-both

[profile alla]
region = us-east-1
endpoint_url = {a}
services = all-a

[services split-s3]
s3 =
  endpoint_url = {b}

[services split-both]
sts =
  endpoint_url = {a}
s3 =
  endpoint_url = {b}
ec2 =
  endpoint_url = {a}

[services all-a]
s3 =
  endpoint_url = {a}
";
const ENDPOINTS_CREDS: &str = "[plain]\n{keys}\n[split]\n{keys}\n[onlysvc]\n{keys}\n[alla]\n{keys}";

const EXPORTED: &[(&str, &str)] = &[
    ("AWS_ACCESS_KEY_ID", "{second_ak}"),
    ("AWS_SECRET_ACCESS_KEY", "{second_sk}"),
    ("AWS_SESSION_TOKEN", "{second_token}"),
];
const EXPORTED_ARN: &str = "assumed-role/oracle-exported/oracle-exported";

const CASES: &[Case] = &[
    // Credentials.
    Case {
        name: "static keys, --profile (profile region)",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        args: &["--profile", "first"],
        region_source: Some("profile first"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "exported keys + --profile first: profile wins",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: EXPORTED,
        args: &["--profile", "first"],
        ..BASE
    },
    Case {
        name: "exported keys + AWS_PROFILE=first: env keys win",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[
            ("AWS_ACCESS_KEY_ID", "{second_ak}"),
            ("AWS_SECRET_ACCESS_KEY", "{second_sk}"),
            ("AWS_SESSION_TOKEN", "{second_token}"),
            ("AWS_PROFILE", "first"),
        ],
        account: "222222222222",
        arn: EXPORTED_ARN,
        region_source: Some("profile first"),
        ..BASE
    },
    Case {
        name: "exported keys, no profile: env beats [default] keys",
        config: DEFAULT_CONFIG,
        credentials: DEFAULT_CREDS,
        env: EXPORTED,
        account: "222222222222",
        arn: EXPORTED_ARN,
        region: "eu-central-1",
        region_source: Some("profile default"),
        ..BASE
    },
    Case {
        name: "[default] profile only",
        config: DEFAULT_CONFIG,
        credentials: DEFAULT_CREDS,
        region: "eu-central-1",
        region_source: Some("profile default"),
        ..BASE
    },
    Case {
        name: "source_profile chain a <- b <- c (3 hops, 2 accounts)",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "a"],
        account: "333333333333",
        arn: "assumed-role/a-role/hop-a",
        ..BASE
    },
    Case {
        name: "credential_source = Environment",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        env: &[("AWS_ACCESS_KEY_ID", "{static_ak}"), ("AWS_SECRET_ACCESS_KEY", "{static_sk}")],
        args: &["--profile", "envsrc"],
        account: "222222222222",
        arn: "assumed-role/env-role/env-src",
        ..BASE
    },
    Case {
        name: "credential_process",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "proc"],
        ..BASE
    },
    Case {
        name: "web identity in the profile",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "wi"],
        account: "222222222222",
        arn: "assumed-role/wi-role/wi-sess",
        ..BASE
    },
    Case {
        name: "web identity from AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN",
        env: &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "{dir}/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::222222222222:role/wi-env"),
            ("AWS_ROLE_SESSION_NAME", "wi-env-sess"),
            ("AWS_ENDPOINT_URL", "{a}"),
            ("AWS_DEFAULT_REGION", "eu-west-1"),
        ],
        account: "222222222222",
        arn: "assumed-role/wi-env/wi-env-sess",
        region_source: Some("AWS_DEFAULT_REGION"),
        ..BASE
    },
    Case {
        name: "role with external_id",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "ext"],
        account: "222222222222",
        arn: "assumed-role/ext-role/ext-sess",
        ..BASE
    },
    Case {
        name: "role_session_name shows in the ARN",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "named"],
        account: "222222222222",
        arn: "assumed-role/named-role/oracle-named",
        ..BASE
    },
    Case {
        name: "role with duration_seconds = 1800",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "dur"],
        account: "222222222222",
        arn: "assumed-role/dur-role/dur-sess",
        ..BASE
    },
    Case {
        name: "role without role_session_name (each tool's default)",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        args: &["--profile", "unnamed"],
        account: "222222222222",
        arn: "assumed-role/plain-role/",
        default_session: true,
        ..BASE
    },
    Case {
        name: "AWS_PROFILE names a role profile",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        env: &[("AWS_PROFILE", "named")],
        account: "222222222222",
        arn: "assumed-role/named-role/oracle-named",
        region_source: Some("profile named"),
        ..BASE
    },
    Case {
        name: "AWS_DEFAULT_PROFILE beats AWS_PROFILE (botocore)",
        config: ROLES_CONFIG,
        credentials: ROLES_CREDS,
        env: &[("AWS_PROFILE", "c"), ("AWS_DEFAULT_PROFILE", "named")],
        account: "222222222222",
        arn: "assumed-role/named-role/oracle-named",
        region_source: Some("profile named"),
        ..BASE
    },
    Case {
        name: "--profile beats AWS_PROFILE",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_PROFILE", "not-defined-anywhere")],
        args: &["--profile", "first"],
        ..BASE
    },
    Case {
        name: "unknown --profile: both refuse",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        args: &["--profile", "not-defined-anywhere"],
        kind: Kind::BothFail,
        ..BASE
    },
    // Regions.
    Case {
        name: "--region > AWS_DEFAULT_REGION > profile",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_DEFAULT_REGION", "ca-central-1")],
        args: &["--profile", "first", "--region", "ap-southeast-2"],
        region: "ap-southeast-2",
        region_source: Some("--region"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "AWS_DEFAULT_REGION > profile",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_DEFAULT_REGION", "ca-central-1")],
        args: &["--profile", "first"],
        region: "ca-central-1",
        region_source: Some("AWS_DEFAULT_REGION"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "no region anywhere: us-east-1",
        config: NOREG_CONFIG,
        credentials: NOREG_CREDS,
        args: &["--profile", "noreg"],
        kind: Kind::CliNeedsRegion,
        region: "us-east-1",
        region_source: Some("default"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "v2: AWS_REGION > AWS_DEFAULT_REGION > profile",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_REGION", "sa-east-1"), ("AWS_DEFAULT_REGION", "ca-central-1")],
        args: &["--profile", "first"],
        kind: Kind::V2,
        region: "sa-east-1",
        region_source: Some("AWS_REGION"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "v2: AWS_REGION > profile",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_REGION", "sa-east-1")],
        args: &["--profile", "first"],
        kind: Kind::V2,
        region: "sa-east-1",
        region_source: Some("AWS_REGION"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "v2: AWS_REGION alone (profile has none)",
        config: NOREG_CONFIG,
        credentials: NOREG_CREDS,
        env: &[("AWS_REGION", "sa-east-1")],
        args: &["--profile", "noreg"],
        kind: Kind::V2,
        region: "sa-east-1",
        region_source: Some("AWS_REGION"),
        probe_region: true,
        ..BASE
    },
    Case {
        name: "--region > AWS_REGION",
        config: FIRST_CONFIG,
        credentials: FIRST_CREDS,
        env: &[("AWS_REGION", "sa-east-1")],
        args: &["--profile", "first", "--region", "ap-southeast-2"],
        region: "ap-southeast-2",
        region_source: Some("--region"),
        probe_region: true,
        ..BASE
    },
    // Endpoints.
    Case {
        name: "AWS_ENDPOINT_URL=A, AWS_ENDPOINT_URL_S3=B",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        env: &[("AWS_ENDPOINT_URL", "{a}"), ("AWS_ENDPOINT_URL_S3", "{b}")],
        args: &["--profile", "plain"],
        region: "us-east-1",
        sts: Some(Moto::A),
        s3: Some(Moto::B),
        ..BASE
    },
    Case {
        name: "profile endpoint_url=A, [services] s3=B",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        args: &["--profile", "split"],
        region: "us-east-1",
        sts: Some(Moto::A),
        s3: Some(Moto::B),
        ..BASE
    },
    Case {
        name: "[services] only: sts=A, s3=B",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        args: &["--profile", "onlysvc"],
        region: "us-east-1",
        sts: Some(Moto::A),
        s3: Some(Moto::B),
        ..BASE
    },
    Case {
        name: "AWS_ENDPOINT_URL=B beats [services] s3=A and endpoint_url=A",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        env: &[("AWS_ENDPOINT_URL", "{b}")],
        args: &["--profile", "alla"],
        region: "us-east-1",
        sts: Some(Moto::B),
        s3: Some(Moto::B),
        ..BASE
    },
    Case {
        name: "--endpoint-url A beats AWS_ENDPOINT_URL_S3=B",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        env: &[("AWS_ENDPOINT_URL_S3", "{b}")],
        args: &["--profile", "plain", "--endpoint-url", "{a}"],
        region: "us-east-1",
        sts: Some(Moto::A),
        s3: Some(Moto::A),
        ..BASE
    },
    Case {
        name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS + --endpoint-url A",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        env: &[
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_ENDPOINT_URL", "{b}"),
            ("AWS_ENDPOINT_URL_S3", "{b}"),
        ],
        args: &["--profile", "split", "--endpoint-url", "{a}"],
        region: "us-east-1",
        sts: Some(Moto::A),
        s3: Some(Moto::A),
        ..BASE
    },
    Case {
        name: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, configured only: both go to AWS",
        config: ENDPOINTS_CONFIG,
        credentials: ENDPOINTS_CREDS,
        env: &[
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ("AWS_ENDPOINT_URL_S3", "{b}"),
            ("HTTPS_PROXY", DEAD_PROXY),
            ("AWS_MAX_ATTEMPTS", "1"),
        ],
        args: &["--profile", "split"],
        kind: Kind::BothFail,
        ..BASE
    },
];

/// The two motos and the exported keys every case may refer to.
struct World {
    a: String,
    b: String,
    second: TempKeys,
}

impl World {
    fn fill(&self, text: &str, dir: &std::path::Path) -> String {
        let keys = format!(
            "aws_access_key_id = {}\naws_secret_access_key = {}\n",
            oracle::STATIC_KEY_ID,
            oracle::STATIC_SECRET
        );
        text.replace("{a}", &self.a)
            .replace("{b}", &self.b)
            .replace("{dir}", &dir.display().to_string())
            .replace("{keys}", &keys)
            .replace("{static_ak}", oracle::STATIC_KEY_ID)
            .replace("{static_sk}", oracle::STATIC_SECRET)
            .replace("{second_ak}", &self.second.access_key_id)
            .replace("{second_sk}", &self.second.secret_access_key)
            .replace("{second_token}", &self.second.session_token)
    }

    fn url(&self, moto: Moto) -> &str {
        match moto {
            Moto::A => &self.a,
            Moto::B => &self.b,
        }
    }

    /// `A`, `B` or the origin itself.
    fn name_of(&self, origin: &str) -> String {
        if origin == oracle::origin(&self.a) {
            "A".to_owned()
        } else if origin == oracle::origin(&self.b) {
            "B".to_owned()
        } else {
            origin.to_owned()
        }
    }
}

/// What the CLI resolved.
#[derive(Debug)]
struct CliSide {
    identity: Result<Option<CallerIdentity>, String>,
    /// The region it signed its STS call for (and, when probed, where its EC2
    /// call landed: moto answers per region).
    region: Result<String, String>,
    /// Origin of its STS request.
    sts: Option<String>,
    /// The buckets it listed and the origin of that request.
    s3: Option<(Result<String, String>, Option<String>)>,
    /// Its identity was read again with `--region` after it refused to run without one.
    needed_region: bool,
    /// Its region was confirmed by an EC2 call.
    probed: bool,
}

struct Row {
    awscope: Result<Whoami, String>,
    cli: CliSide,
    problems: Vec<String>,
    note: String,
}

fn run_cli(case: &Case, world: &World, sandbox: &Sandbox, args: &[String], vars: &[(String, String)]) -> CliSide {
    let with = |extra: &[&str], more: &[String]| -> Run {
        let all: Vec<String> =
            extra.iter().map(|s| (*s).to_owned()).chain(args.iter().cloned()).chain(more.iter().cloned()).collect();
        sandbox.cli(&all, vars)
    };
    let mut side = CliSide {
        identity: Ok(None),
        region: Err("not asked".to_owned()),
        sts: None,
        s3: None,
        needed_region: false,
        probed: false,
    };
    let mut sts = with(&["sts", "get-caller-identity", "--output", "json", "--debug"], &[]);
    let no_region = |run: &Run| run.stderr.contains("You must specify a region");
    if !sts.ok() && no_region(&sts) && case.kind != Kind::BothFail {
        // The CLI refuses without a region: read the identity with the one
        // awscope is expected to use, so account and ARN can still be compared.
        side.needed_region = true;
        side.region = Err("You must specify a region".to_owned());
        sts = with(
            &["sts", "get-caller-identity", "--output", "json", "--debug"],
            &oracle::strings(&["--region", case.region]),
        );
    }
    side.sts = oracle::cli_request_origin(&sts.stderr).map(|o| world.name_of(&o));
    side.identity = oracle::parse_identity(&sts).map(Some);
    if side.identity.is_err() {
        return side;
    }
    if !side.needed_region {
        // The region the CLI signed its GetCallerIdentity for (the region it used).
        side.region = oracle::cli_request_region(&sts.stderr).ok_or_else(|| "no signed request in --debug".to_owned());
        if case.probe_region {
            // And, on the region rows, where its EC2 call landed: moto answers per region.
            let ec2 = with(
                &[
                    "ec2",
                    "describe-availability-zones",
                    "--query",
                    "AvailabilityZones[0].RegionName",
                    "--output",
                    "text",
                ],
                &[],
            );
            let landed = if ec2.ok() { Ok(ec2.stdout.trim().to_owned()) } else { Err(ec2.error_line()) };
            if landed != side.region {
                side.region = Err(format!("signed for {:?} but EC2 answered from {landed:?}", side.region));
            }
            side.probed = true;
        }
    }
    if case.s3.is_some() {
        let extra = if side.needed_region { oracle::strings(&["--region", case.region]) } else { Vec::new() };
        let s3 = with(&["s3api", "list-buckets", "--query", "Buckets[].Name", "--output", "text", "--debug"], &extra);
        let origin = oracle::cli_request_origin(&s3.stderr).map(|o| world.name_of(&o));
        let listed =
            if s3.ok() { Ok(s3.stdout.split_whitespace().collect::<Vec<_>>().join(",")) } else { Err(s3.error_line()) };
        side.s3 = Some((listed, origin));
    }
    side
}

fn strip_session(arn: &str) -> &str {
    if arn.contains(":assumed-role/") { arn.rsplit_once('/').map_or(arn, |(role, _)| role) } else { arn }
}

fn run_case(case: &Case, world: &World) -> Row {
    let sandbox = Sandbox::new("", "");
    let dir = sandbox.path().to_owned();
    std::fs::write(&sandbox.config, world.fill(case.config, &dir)).expect("config");
    std::fs::write(&sandbox.credentials, world.fill(case.credentials, &dir)).expect("credentials");
    std::fs::write(dir.join("token"), "oracle-web-identity-token").expect("token");
    let script = dir.join("creds.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' '{{\"Version\":1,\"AccessKeyId\":\"{}\",\"SecretAccessKey\":\"{}\"}}'\n",
            oracle::STATIC_KEY_ID,
            oracle::STATIC_SECRET
        ),
    )
    .expect("script");
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let vars: Vec<(String, String)> = case.env.iter().map(|(k, v)| ((*k).to_owned(), world.fill(v, &dir))).collect();
    let args: Vec<String> = case.args.iter().map(|a| world.fill(a, &dir)).collect();

    let awscope_run = sandbox.awscope(&args, &vars);
    let awscope = oracle::parse_whoami(&awscope_run);
    let cli = run_cli(case, world, &sandbox, &args, &vars);

    let mut problems = Vec::new();
    let mut note = String::new();
    let mut problem = |text: String| problems.push(text);

    if case.kind == Kind::BothFail {
        if let Ok(who) = &awscope {
            problem(format!("awscope should fail but answered {}", who.json));
        } else if awscope_run.code != Some(1) {
            problem(format!("awscope should exit 1, exited {:?}: {}", awscope_run.code, awscope_run.error_line()));
        }
        if let Ok(Some(id)) = &cli.identity {
            problem(format!("the CLI should fail but answered {} {}", id.account, id.arn));
        }
        return Row { awscope, cli, problems, note };
    }

    let who = match &awscope {
        Ok(who) => Some(who),
        Err(e) => {
            problem(e.clone());
            None
        }
    };
    let id = match &cli.identity {
        Ok(Some(id)) => Some(id),
        Ok(None) => None,
        Err(e) => {
            problem(format!("the CLI failed: {e}"));
            None
        }
    };

    // Identity.
    if let Some(who) = who {
        if who.account != case.account {
            problem(format!("awscope account {} (expected {})", who.account, case.account));
        }
        if !who.arn.contains(case.arn) {
            problem(format!("awscope ARN {} lacks {}", who.arn, case.arn));
        }
    }
    if let Some(id) = id {
        if id.account != case.account {
            problem(format!("CLI account {} (expected {})", id.account, case.account));
        }
        if !id.arn.contains(case.arn) {
            problem(format!("CLI ARN {} lacks {}", id.arn, case.arn));
        }
    }
    if let (Some(who), Some(id)) = (who, id) {
        let (ours, theirs) = if case.default_session {
            note = "session names are each tool's default".to_owned();
            (strip_session(&who.arn), strip_session(&id.arn))
        } else {
            (who.arn.as_str(), id.arn.as_str())
        };
        if who.account != id.account || ours != theirs {
            problem(format!("identity differs: awscope {} {} vs CLI {} {}", who.account, who.arn, id.account, id.arn));
        }
    }

    // Region.
    if let Some(who) = who {
        if who.region != case.region {
            problem(format!("awscope region {} (expected {})", who.region, case.region));
        }
        if let Some(source) = case.region_source
            && who.region_source != source
        {
            problem(format!("awscope region_source {:?} (expected {source:?})", who.region_source));
        }
    }
    match case.kind {
        Kind::Same => match &cli.region {
            Ok(region) if region == case.region => {}
            Ok(region) => problem(format!("CLI region {region} (expected {})", case.region)),
            Err(e) => problem(format!("CLI region: {e}")),
        },
        Kind::V2 => {
            note = format!(
                "v2 row: CLI v1 ignores AWS_REGION ({})",
                match &cli.region {
                    Ok(r) => format!("it used {r}"),
                    Err(e) => format!("it said: {e}"),
                }
            );
        }
        Kind::CliNeedsRegion => {
            if cli.needed_region {
                note = "documented difference: the CLI says \"You must specify a region\"".to_owned();
            } else {
                match &cli.region {
                    Ok(region) if region == case.region => {}
                    Ok(region) => problem(format!("CLI region {region} (expected {})", case.region)),
                    Err(e) => problem(format!("CLI region: {e}")),
                }
            }
        }
        Kind::BothFail => unreachable!("handled above"),
    }

    // Endpoints: awscope's STS endpoint is where the CLI sent its STS call.
    if let Some(who) = who {
        let ours = who.endpoint("sts").map_or_else(|| "AWS".to_owned(), |u| world.name_of(&oracle::origin(&u)));
        if let Some(theirs) = &cli.sts
            && id.is_some()
            && &ours != theirs
        {
            problem(format!("STS endpoint: awscope {ours} vs CLI {theirs}"));
        }
        if let Some(expected) = case.sts
            && ours != world.name_of(&oracle::origin(world.url(expected)))
        {
            problem(format!("awscope endpoints.sts.url {ours} (expected {expected:?})"));
        }
        if let Some(expected) = case.s3 {
            let ours = who.endpoint("s3").map_or_else(|| "AWS".to_owned(), |u| world.name_of(&oracle::origin(&u)));
            if ours != format!("{expected:?}") {
                problem(format!("awscope endpoints.s3.url {ours} (expected {expected:?})"));
            }
        }
    }
    if let Some(expected) = case.s3
        && let Some((listed, origin)) = &cli.s3
    {
        let bucket = match expected {
            Moto::A => BUCKET_A,
            Moto::B => BUCKET_B,
        };
        match listed {
            Ok(names) if names.split(',').any(|n| n == bucket) => {}
            Ok(names) => problem(format!("the CLI listed [{names}], not {bucket}")),
            Err(e) => problem(format!("aws s3api list-buckets: {e}")),
        }
        if origin.as_deref() != Some(&format!("{expected:?}")) {
            problem(format!("the CLI sent S3 to {origin:?} (expected {expected:?})"));
        }
    }
    Row { awscope, cli, problems, note }
}

fn describe_awscope(row: &Row) -> String {
    match &row.awscope {
        Ok(who) => {
            let name = |service: &str| who.endpoint(service).map_or_else(|| "AWS".to_owned(), |u| oracle::origin(&u));
            format!(
                "{} {} {} ({}) sts={} s3={}",
                who.account,
                who.arn,
                who.region,
                who.region_source,
                name("sts"),
                name("s3")
            )
        }
        Err(e) => format!("FAILED: {e}"),
    }
}

fn describe_cli(row: &Row, world: &World) -> String {
    let cli = &row.cli;
    let identity = match &cli.identity {
        Ok(Some(id)) => format!("{} {}", id.account, id.arn),
        Ok(None) => "-".to_owned(),
        Err(e) => format!("FAILED: {e}"),
    };
    let region = match &cli.region {
        Ok(r) if cli.probed => format!("{r} (ec2 too)"),
        Ok(r) => r.clone(),
        Err(e) => format!("<{e}>"),
    };
    let mut text = format!("{identity} {region} sts={}", cli.sts.as_deref().unwrap_or("-"));
    if let Some((listed, origin)) = &cli.s3 {
        let listed = listed.clone().unwrap_or_else(|e| format!("<{e}>"));
        text.push_str(&format!(" s3={} [{listed}]", origin.as_deref().unwrap_or("-")));
    }
    let _ = world;
    text
}

#[test]
fn awscope_resolves_credentials_region_and_endpoints_as_the_aws_cli_does() {
    oracle::assert_whoami_supported();
    assert!(CASES.len() >= 20, "the table has {} rows", CASES.len());
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let (moto_a, moto_b) = runtime.block_on(async {
        let (a, b) = tokio::join!(Emulator::start(), Emulator::start());
        (a.unwrap_or_else(|e| panic!("{e}")), b.unwrap_or_else(|e| panic!("{e}")))
    });
    let (a, b) = (moto_a.endpoint(), moto_b.endpoint());
    oracle::create_bucket(&a, BUCKET_A);
    oracle::create_bucket(&b, BUCKET_B);
    let second = oracle::assume_role_keys(&a, EXPORTED_ROLE, EXPORTED_SESSION);
    let world = World { a, b, second };

    let next = AtomicUsize::new(0);
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new((0..CASES.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = CASES.get(i) else { break };
                    let row = run_case(case, &world);
                    rows.lock().expect("rows")[i] = Some(row);
                }
            });
        }
    });
    let rows: Vec<Row> = rows.into_inner().expect("rows").into_iter().map(|r| r.expect("every case ran")).collect();

    println!("moto A = {}, moto B = {}", world.a, world.b);
    println!("{:<3} {:<4} {:<66} | awscope | aws CLI v1 | verdict", "#", "kind", "case");
    let mut failures = Vec::new();
    for (i, (case, row)) in CASES.iter().zip(&rows).enumerate() {
        let kind = match case.kind {
            Kind::Same => "",
            Kind::V2 => "v2",
            Kind::CliNeedsRegion => "doc",
            Kind::BothFail => "fail",
        };
        let verdict = if row.problems.is_empty() {
            if row.note.is_empty() { "ok".to_owned() } else { format!("ok ({})", row.note) }
        } else {
            format!("MISMATCH: {}", row.problems.join("; "))
        };
        println!(
            "{:<3} {kind:<4} {:<66} | {} | {} | {verdict}",
            i + 1,
            case.name,
            describe_awscope(row),
            describe_cli(row, &world)
        );
        if !row.problems.is_empty() {
            failures.push(format!(
                "#{} {}:\n    {}\n    awscope: {}\n    aws CLI: {}",
                i + 1,
                case.name,
                row.problems.join("\n    "),
                describe_awscope(row),
                describe_cli(row, &world)
            ));
        }
    }
    drop((moto_a, moto_b));
    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}
