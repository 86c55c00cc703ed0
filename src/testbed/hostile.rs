//! Hostile names and values: escape sequences (clear screen, an OSC 52
//! clipboard write), CR, BEL, a C1 control, a bidi override and very long
//! strings, put where AWS (here, the emulator) accepts them, so tests can
//! prove none of them reaches the terminal raw.
//!
//! Where they fit: S3 object keys (listed with URL encoding), SSM parameter
//! names and values, and ECS cluster names take every one of them. EC2 tags
//! take the C1 control, the bidi override and long values; C0 controls in an
//! EC2 tag make the emulator's XML unreadable to any client, so they are left
//! out there. S3 object tags are validated against AWS's character set and
//! refuse all of them; views of those are tested over a fake transport.

use aws_sdk_ec2::types::{ResourceType, Tag as Ec2Tag, TagSpecification};
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_ssm::types::ParameterType;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::seed::{Account, SeedError, Step};
use crate::aws::AwsProvider;
use crate::aws::error::{AwsError, Call};

/// Clears the screen.
pub const CLEAR: &str = "clear\x1b[2Jscreen";
/// Writes "hi" to the clipboard (OSC 52, ended by BEL).
pub const OSC52: &str = "osc52\x1b]52;c;aGk=\x07copy";
/// A carriage return and a bell.
pub const CR_BEL: &str = "cr\rreturn\x07bell";
/// A C1 control sequence introducer, the one-character `ESC [`.
pub const C1: &str = "c1\u{9b}31mcsi";
/// A right-to-left override.
pub const BIDI: &str = "rtl\u{202e}gpj.exe";
/// All of the above.
pub const ALL: [&str; 5] = [CLEAR, OSC52, CR_BEL, C1, BIDI];
/// Those an EC2 tag can carry through the emulator's XML.
pub const IN_XML: [&str; 2] = [C1, BIDI];

/// The bucket the hostile keys are put in.
pub const BUCKET: &str = "hostile-names";
/// The folder the hostile parameters are under.
pub const PARAMETER_PATH: &str = "/hostile";

/// `len` characters: `long`, a clear-screen escape, then `L`s.
#[must_use]
pub fn long(len: usize) -> String {
    let mut s = String::from("long\x1b[2J");
    s.extend(std::iter::repeat_n('L', len.saturating_sub(s.chars().count())));
    s
}

/// What [`seed_hostile`] created, by exact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededHostile {
    /// Object keys in [`BUCKET`].
    pub keys: Vec<String>,
    /// Parameter names and their values.
    pub parameters: Vec<(String, String)>,
    /// ECS cluster names.
    pub clusters: Vec<String>,
    /// VPC ids and their `Name` tags.
    pub vpcs: Vec<(String, String)>,
}

fn aws_error<E>(operation: &'static str, resource: &str, err: &SdkError<E, HttpResponse>) -> SeedError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let step = match operation {
        "CreateBucket" => Step::Buckets,
        "PutObject" => Step::Objects,
        "PutParameter" => Step::Parameters,
        "CreateCluster" => Step::Ecs,
        _ => Step::Network,
    };
    let service = match step {
        Step::Buckets | Step::Objects => "s3",
        Step::Parameters => "ssm",
        Step::Ecs => "ecs",
        Step::Logs => "logs",
        Step::Network => "ec2",
    };
    let status = err.raw_response().map(|r| r.status().as_u16());
    let source = Box::new(AwsError::from_sdk(Call { service, operation, resource }, None, err));
    SeedError::Aws { account: Account::Base, step, status, source }
}

/// Puts the hostile strings into S3 keys, SSM names and values, ECS cluster
/// names and EC2 `Name` tags in `provider`'s account and region.
///
/// # Errors
/// The first call that failed.
pub async fn seed_hostile(provider: &AwsProvider) -> Result<SeededHostile, SeedError> {
    let s3 = provider.s3();
    s3.create_bucket().bucket(BUCKET).send().await.map_err(|e| aws_error("CreateBucket", BUCKET, &e))?;
    // S3 keys stop at 1,024 bytes.
    let keys: Vec<String> = ALL.iter().map(|s| (*s).to_owned()).chain([long(1_000)]).collect();
    for key in &keys {
        s3.put_object()
            .bucket(BUCKET)
            .key(key)
            .body(ByteStream::from_static(b"hostile\n"))
            .send()
            .await
            .map_err(|e| aws_error("PutObject", key, &e))?;
    }

    let ssm = provider.ssm();
    let mut parameters: Vec<(String, String)> = ALL
        .iter()
        .zip(ALL.iter().cycle().skip(1))
        .map(|(name, value)| (format!("{PARAMETER_PATH}/{name}"), (*value).to_owned()))
        .collect();
    parameters.push((format!("{PARAMETER_PATH}/long"), long(10_000)));
    for (name, value) in &parameters {
        ssm.put_parameter()
            .name(name)
            .value(value)
            .r#type(ParameterType::String)
            .send()
            .await
            .map_err(|e| aws_error("PutParameter", name, &e))?;
    }

    let ecs = provider.ecs();
    let clusters: Vec<String> = ALL.iter().map(|s| (*s).to_owned()).chain([long(200)]).collect();
    for name in &clusters {
        ecs.create_cluster().cluster_name(name).send().await.map_err(|e| aws_error("CreateCluster", name, &e))?;
    }

    let ec2 = provider.ec2();
    let mut vpcs = Vec::new();
    let names: Vec<String> = IN_XML.iter().map(|s| (*s).to_owned()).chain([long(10_000).replace('\x1b', "")]).collect();
    for (i, name) in names.into_iter().enumerate() {
        let tags = TagSpecification::builder()
            .resource_type(ResourceType::Vpc)
            .tags(Ec2Tag::builder().key("Name").value(&name).build())
            .build();
        let out = ec2
            .create_vpc()
            .cidr_block(format!("10.{}.0.0/16", 200 + i))
            .tag_specifications(tags)
            .send()
            .await
            .map_err(|e| aws_error("CreateVpc", &name, &e))?;
        let id = out.vpc().and_then(|v| v.vpc_id()).map(str::to_owned).ok_or_else(|| SeedError::Missing {
            account: Account::Base,
            step: Step::Network,
            what: "CreateVpc returned no VpcId".into(),
        })?;
        vpcs.push((id, name));
    }
    Ok(SeededHostile { keys, parameters, clusters, vpcs })
}
