//! Hostile text in every pane, at 160×40: names, keys, tags and values that
//! hold escape sequences (clear screen, OSC 52 clipboard writes), CR, BEL,
//! C1 controls, bidi overrides and 10,000 characters. Every list and detail
//! view draws them inert (escapes made visible, long values cut), and a
//! value's length past the cut changes nothing that is drawn.

mod app_ecs_world;
mod fake;
mod ssm_world;

use std::collections::BTreeMap;

use app_ecs_world::{Rows, cluster_arn, service, task};
use aws_sdk_s3::operation::list_buckets::ListBucketsOutput;
use aws_sdk_s3::types::Bucket as SdkBucket;
use aws_smithy_mocks::mock;
use awscope::app::ecs::EcsSlot;
use awscope::app::network::NetworkRequest;
use awscope::app::s3::{Preview, S3Payload, S3Request, S3Slot};
use awscope::app::{LoadRequest, Payload};
use awscope::aws::ec2::{
    InterfaceStatus, InterfaceType, NetworkInterface, PrivateIp, ResourceState, SecurityGroupRef, Subnet, Tag, Vpc,
};
use awscope::aws::ecs::Cluster;
use awscope::aws::s3::{Bucket, Entry, ObjectDetail, ObjectEntry, StorageClass};
use awscope::aws::ssm::{Parameter, ParameterTier, ParameterType, ParameterVersion, Sensitive};
use awscope::testbed::harness::{self, Harness, Reply};
use awscope::ui::text::{MAX_CHARS, inert};
use crossterm::event::KeyCode;
use ssm_world::{Stored, Tree, World};
use time::macros::datetime;

const SIZE: (u16, u16) = (160, 40);

/// Clears the screen.
const CLEAR: &str = "clear\x1b[2Jscreen";
/// Writes "hi" to the clipboard.
const OSC52: &str = "osc52\x1b]52;c;aGk=\x07copy";
/// Returns the carriage and rings the bell.
const CR_BEL: &str = "cr\rreturn\x07bell";
/// A C1 control sequence introducer (the one-byte `ESC [`).
const C1: &str = "c1\u{9b}31mcsi";
/// Shows the end of the name first.
const BIDI: &str = "rtl\u{202e}gpj.exe";

/// A 10,000-character value that starts with an escape.
fn long(n: usize) -> String {
    let mut s = String::from("long\x1b[2J");
    s.extend(std::iter::repeat_n('L', n - s.chars().count()));
    s
}

/// What each hostile string looks like drawn without [`inert`]: ratatui drops
/// control characters itself, so a missed call shows as the escape's
/// remains (`clear[2Jscreen`) rather than as a raw byte.
const REMAINS: [&str; 5] = ["clear[2J", "osc52]52", "crreturn", "c131m", "longL"];

/// Characters that must never reach a terminal cell.
fn dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// Checks `screen` holds nothing dangerous and no remains of an escape, and
/// that every one of `shown` appears as its inert form.
fn assert_inert(screen: &str, shown: &[&str]) {
    if let Some(c) = screen.chars().find(|c| dangerous(*c)) {
        panic!("U+{:04X} reached the screen:\n{screen}", u32::from(c));
    }
    for remains in REMAINS {
        assert!(!screen.contains(remains), "{remains:?} was drawn without inert():\n{screen}");
    }
    for s in shown {
        let visible = inert(s);
        // Only the start: a cell may cut the rest.
        let start: String = visible.chars().take(7).collect();
        assert!(screen.contains(&start), "{start:?} (from {s:?}) is not on screen:\n{screen}");
    }
}

/// An app whose loads are answered at once by `world`; loads it does not
/// answer fail quietly.
fn answered(mut world: impl FnMut(&LoadRequest) -> Option<Vec<Payload>>) -> Harness<impl harness::World> {
    Harness::demo(SIZE)
        .answered_by(move |request: &LoadRequest| Some(world(request).map_or_else(Reply::out_of_scope, Reply::pages)))
}

// ---------------------------------------------------------------- S3

/// Bucket names as a fake transport returns them (real S3 cannot hold
/// these, so this is the only way they arrive).
async fn hostile_buckets() -> Vec<Bucket> {
    let names = [CLEAR, OSC52, CR_BEL, C1, BIDI];
    let rule = mock!(aws_sdk_s3::Client::list_buckets).then_output(move || {
        let mut out = ListBucketsOutput::builder();
        for name in names {
            out = out.buckets(
                SdkBucket::builder()
                    .name(name)
                    .bucket_region("eu-west-1")
                    .creation_date(aws_smithy_types::DateTime::from_secs(1_700_000_000))
                    .build(),
            );
        }
        out.buckets(SdkBucket::builder().name(long(10_000)).bucket_region("eu-west-1").build()).build()
    });
    let provider = fake::provider(&[&rule]);
    let mut pages = awscope::aws::s3::list_buckets(&provider);
    let buckets = pages.next_page().await.expect("a page").expect("listed");
    assert_eq!(buckets.len(), 6);
    assert_eq!(buckets[0].name, CLEAR, "the wrapper keeps names exact");
    buckets
}

fn object(key: &str) -> Entry {
    Entry::Object(ObjectEntry {
        key: key.into(),
        size: 1234,
        last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
        storage_class: StorageClass::Standard,
    })
}

/// The objects of any bucket: hostile keys and a hostile folder.
fn s3_world(key_len: usize) -> impl FnMut(&LoadRequest) -> Option<Vec<Payload>> {
    let tags = vec![
        ("clear\x1b[2Jkey".to_owned(), CLEAR.to_owned()),
        ("osc52\x1b]52;c;aGk=\x07key".to_owned(), OSC52.to_owned()),
        ("team".to_owned(), CR_BEL.to_owned()),
        ("c1".to_owned(), C1.to_owned()),
        ("rtl\u{202e}key".to_owned(), BIDI.to_owned()),
        ("long".to_owned(), long(key_len)),
    ];
    move |request| {
        let LoadRequest::S3(request) = request else { return None };
        let payload = match request {
            S3Request::Buckets => S3Payload::Buckets(Vec::new()),
            S3Request::Objects(_) => S3Payload::Objects(vec![
                Entry::Folder(format!("{BIDI}/")),
                object(&long(key_len)),
                object(CLEAR),
                object(OSC52),
                object(CR_BEL),
                object(C1),
            ]),
            S3Request::Detail(_) => S3Payload::Detail(ObjectDetail {
                size: 1234,
                last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
                etag: Some("\"9b2cf535f27731c974343645a3985328\"".into()),
                storage_class: None,
                content_type: Some(OSC52.into()),
                content_encoding: Some(C1.into()),
                encryption: None,
                kms_key_id: None,
                version_id: None,
                metadata: vec![(CLEAR.into(), BIDI.into()), ("note".into(), CR_BEL.into())],
            }),
            S3Request::Tags(_) => S3Payload::Tags(tags.clone()),
            S3Request::Versions(_) => S3Payload::Versions { page: Vec::new(), versioned: false },
            S3Request::Preview(_) => S3Payload::Preview(
                Preview::Text {
                    lines: vec![CLEAR.into(), OSC52.into(), CR_BEL.into(), C1.into(), BIDI.into(), long(key_len)],
                    json: false,
                    lossy: false,
                },
                4096,
            ),
            S3Request::Download { .. }
            | S3Request::Plan(_)
            | S3Request::Run { .. }
            | S3Request::Complete(_)
            | S3Request::Presign { .. }
            | S3Request::Version { .. } => return None,
        };
        Some(vec![Payload::S3(payload)])
    }
}

#[tokio::test]
async fn s3_bucket_names_from_the_transport_are_inert() {
    let buckets = hostile_buckets().await;
    let mut ui = answered(|_: &LoadRequest| None);
    ui.hold(S3Slot::Buckets);
    ui.key(KeyCode::Char('r'));
    ui.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(buckets)]);
    let screen = ui.draw();
    assert_inert(&screen, &[CLEAR, OSC52, CR_BEL, C1, BIDI]);
    insta::assert_snapshot!(screen);
}

/// The S3 pane inside a bucket with a hostile name: the object list, then
/// the detail and preview of the object named `key`.
fn s3_screens(key_len: usize) -> Vec<(&'static str, String)> {
    let mut ui = answered(s3_world(key_len));
    let bucket = Bucket { name: OSC52.into(), created: None, region: Some("eu-west-1".into()) };
    ui.hold(S3Slot::Buckets);
    ui.key(KeyCode::Char('r'));
    ui.answer_with(S3Slot::Buckets, vec![S3Payload::Buckets(vec![bucket])]);
    ui.key(KeyCode::Enter);
    let mut screens = vec![("objects", ui.draw())];
    // The long key sorts after the folder; open its detail, then its preview.
    ui.keys("j");
    ui.key(KeyCode::Enter);
    screens.push(("object_detail", ui.draw()));
    ui.keys("p");
    screens.push(("object_preview", ui.draw()));
    screens
}

#[test]
fn s3_object_keys_tags_and_metadata_are_inert() {
    for (name, screen) in s3_screens(10_000) {
        let shown: &[&str] = match name {
            "objects" => &[CLEAR, OSC52, CR_BEL, C1, BIDI],
            "object_detail" => &[CLEAR, OSC52, CR_BEL, C1, BIDI, "clear\x1b[2Jkey", "rtl\u{202e}key"],
            _ => &[CLEAR, OSC52, CR_BEL, C1, BIDI],
        };
        assert_inert(&screen, shown);
        insta::assert_snapshot!(format!("s3_{name}"), screen);
    }
}

// ---------------------------------------------------------------- SSM

fn parameter(name: &str, kind: &ParameterType, values: &[String], description: Option<&str>) -> Stored {
    let versions: Vec<ParameterVersion> = values
        .iter()
        .enumerate()
        .map(|(i, v)| ParameterVersion {
            version: i64::try_from(i).unwrap_or(0) + 1,
            kind: kind.clone(),
            tier: Some(ParameterTier::Standard),
            labels: vec![C1.to_owned()],
            last_modified: Some(datetime!(2024-06-01 12:00 UTC)),
            last_modified_by: Some(format!("arn:aws:iam::123456789012:user/{BIDI}")),
            description: description.map(str::to_owned),
            value: Some(Sensitive::new(v.clone())),
            key_id: kind.is_secure().then(|| "alias/aws/ssm".to_owned()),
        })
        .collect();
    let last = versions.last().expect("a version").clone();
    Stored {
        meta: Parameter {
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
            arn: Some(format!("arn:aws:ssm:us-east-1:123456789012:parameter{name}")),
        },
        versions,
    }
}

fn ssm_world(value_len: usize) -> World {
    let s = ParameterType::String;
    let mut params = BTreeMap::new();
    let mut add = |name: String, kind: &ParameterType, values: Vec<String>, description: Option<&str>| {
        params.insert(name.clone(), parameter(&name, kind, &values, description));
    };
    add(format!("/hostile/{CLEAR}"), &s, vec![OSC52.into(), CLEAR.into()], Some(CR_BEL));
    add(format!("/hostile/{OSC52}"), &s, vec![CR_BEL.into()], None);
    add(format!("/hostile/{CR_BEL}"), &s, vec![C1.into()], None);
    add(format!("/hostile/{C1}"), &s, vec![BIDI.into()], None);
    add(format!("/hostile/{BIDI}"), &s, vec![format!("{CLEAR}\n{OSC52}\n{BIDI}")], None);
    add("/hostile/long".into(), &s, vec![long(value_len)], Some(OSC52));
    add("/hostile/secret".into(), &ParameterType::SecureString, vec![format!("{OSC52}{CLEAR}")], None);
    World { params, kms_denied: false }
}

fn ssm_screens(value_len: usize) -> Vec<(&'static str, String)> {
    let mut sim = ssm_world::sim_with(ssm_world(value_len), SIZE, false, Vec::new());
    sim.key(KeyCode::Enter);
    let mut screens = vec![("tree", sim.draw())];
    sim.select("long");
    sim.key(KeyCode::Enter);
    screens.push(("long_value", sim.draw()));
    sim.key(KeyCode::Esc);
    sim.select(&format!("/hostile/{BIDI}"));
    sim.key(KeyCode::Enter);
    screens.push(("multiline_value", sim.draw()));
    sim.key(KeyCode::Esc);
    sim.select("secret");
    sim.key(KeyCode::Enter);
    sim.ch('x');
    screens.push(("revealed_secret", sim.draw()));
    sim.key(KeyCode::Esc);
    sim.select(&format!("/hostile/{CLEAR}"));
    sim.key(KeyCode::Enter);
    sim.ch('h');
    screens.push(("history", sim.draw()));
    screens
}

#[test]
fn ssm_names_values_and_history_are_inert() {
    for (name, screen) in ssm_screens(10_000) {
        let shown: &[&str] = match name {
            "tree" => &[CLEAR, OSC52, CR_BEL, C1, BIDI],
            "long_value" => &["long\x1b[2JLLL", OSC52],
            "multiline_value" => &[CLEAR, OSC52, BIDI],
            "revealed_secret" => &[OSC52],
            _ => &[OSC52, CLEAR, C1],
        };
        assert_inert(&screen, shown);
        insta::assert_snapshot!(format!("ssm_{name}"), screen);
    }
}

// ---------------------------------------------------------------- ECS

fn ecs_screens(name_len: usize) -> Vec<(&'static str, String)> {
    let mut d = app_ecs_world::driver(SIZE, false);
    let cluster_name = CLEAR;
    d.world.clusters.insert(
        0,
        Cluster {
            arn: cluster_arn(cluster_name),
            name: cluster_name.into(),
            status: OSC52.into(),
            active_services: 2,
            running_tasks: 1,
            pending_tasks: 0,
            container_instances: 0,
            capacity_providers: vec![BIDI.into(), C1.into()],
        },
    );
    let mut evil = service(cluster_name, OSC52, [1, 1, 0], 3);
    evil.status = CR_BEL.into();
    evil.events[0].message = format!("{C1} {BIDI} {}", long(name_len));
    let mut long_named = service(cluster_name, &long(name_len), [1, 0, 0], 1);
    long_named.status = BIDI.into();
    d.world.services.insert(cluster_name.to_owned(), vec![evil, long_named]);
    let mut t = task(cluster_name, "0123456789abcdef0123456789abcdef", Some(OSC52), ("RUNNING", "RUNNING"), Some(C1));
    t.containers[0].name = BIDI.into();
    t.containers[0].reason = Some(CLEAR.into());
    t.containers[0].image = Some(long(name_len));
    t.stopped_reason = Some(CR_BEL.into());
    d.world.tasks.push(t);

    d.answer(EcsSlot::Clusters);
    let mut screens = vec![("clusters", d.draw())];
    d.select(cluster_name);
    d.key(KeyCode::Enter);
    d.settle();
    screens.push(("services", d.draw()));
    d.select(OSC52);
    d.key(KeyCode::Char('i'));
    d.settle();
    screens.push(("service_detail", d.draw()));
    d.key(KeyCode::Esc);
    d.key(KeyCode::Enter);
    d.settle();
    screens.push(("tasks", d.draw()));
    d.key(KeyCode::Enter);
    d.settle();
    screens.push(("task_detail", d.draw()));
    screens
}

#[test]
fn ecs_cluster_service_and_task_names_are_inert() {
    for (name, screen) in ecs_screens(10_000) {
        let shown: &[&str] = match name {
            "clusters" => &[CLEAR, BIDI],
            "services" => &[OSC52, CR_BEL, BIDI, "long\x1b[2JLLL"],
            "service_detail" => &[OSC52, CR_BEL, C1, BIDI],
            "tasks" => &[CLEAR, C1],
            _ => &[BIDI, CLEAR, C1],
        };
        assert_inert(&screen, shown);
        insta::assert_snapshot!(format!("ecs_{name}"), screen);
    }
}

// ---------------------------------------------------------------- Network

fn tag(key: &str, value: &str) -> Tag {
    Tag { key: key.into(), value: value.into() }
}

fn network_world(name_len: usize) -> impl FnMut(&LoadRequest) -> Option<Vec<Payload>> {
    use awscope::app::network::NetworkPayload;
    let vpc = |id: &str, name: String| Vpc {
        vpc_id: id.into(),
        name: Some(name.clone()),
        cidr_blocks: vec!["10.0.0.0/16".into()],
        ipv6_cidr_blocks: Vec::new(),
        state: ResourceState::Available,
        is_default: false,
        tenancy: "default".into(),
        owner_id: "123456789012".into(),
        arn: format!("arn:aws:ec2:us-east-1:123456789012:vpc/{id}"),
        tags: vec![tag("Name", &name)],
    };
    let vpcs = vec![
        vpc("vpc-0000000000000000a", CLEAR.into()),
        vpc("vpc-0000000000000000b", OSC52.into()),
        vpc("vpc-0000000000000000c", CR_BEL.into()),
        vpc("vpc-0000000000000000d", C1.into()),
        vpc("vpc-0000000000000000e", BIDI.into()),
        vpc("vpc-0000000000000000f", long(name_len)),
    ];
    let subnets: Vec<Subnet> = [CLEAR, OSC52, BIDI]
        .iter()
        .enumerate()
        .map(|(i, name)| Subnet {
            subnet_id: format!("subnet-000000000000000{i}"),
            vpc_id: "vpc-0000000000000000a".into(),
            name: Some((*name).into()),
            availability_zone: "us-east-1a".into(),
            cidr_block: format!("10.0.{i}.0/24"),
            available_ips: Some(250),
            default_for_az: false,
            map_public_ip: false,
            state: ResourceState::Available,
            arn: format!("arn:aws:ec2:us-east-1:123456789012:subnet/subnet-000000000000000{i}"),
            tags: vec![tag("Name", name)],
        })
        .collect();
    let interface = NetworkInterface {
        eni_id: "eni-0000000000000000a".into(),
        vpc_id: "vpc-0000000000000000a".into(),
        subnet_id: "subnet-0000000000000000".into(),
        eni_type: InterfaceType::Interface,
        status: InterfaceStatus::InUse,
        availability_zone: Some("us-east-1a".into()),
        description: OSC52.into(),
        private_ips: vec![PrivateIp { address: "10.0.0.5".into(), primary: true, dns_name: None, public_ip: None }],
        ipv6_addresses: Vec::new(),
        public_ip: None,
        attachment: None,
        requester_id: None,
        requester_managed: false,
        security_groups: vec![SecurityGroupRef {
            group_id: "sg-0000000000000000a".into(),
            group_name: Some(C1.into()),
        }],
        source_dest_check: true,
        mac_address: None,
        owner_id: Some("123456789012".into()),
        arn: "arn:aws:ec2:us-east-1:123456789012:network-interface/eni-0000000000000000a".into(),
        tags: vec![
            tag("Name", CLEAR),
            tag(BIDI, CR_BEL),
            tag("long", &long(name_len)),
            tag("osc52\x1b]52;c;aGk=\x07key", "value"),
        ],
    };
    move |request| {
        let LoadRequest::Network(request) = request else { return None };
        let payload = match request {
            NetworkRequest::Vpcs => NetworkPayload::Vpcs(vpcs.clone()),
            NetworkRequest::Subnets { .. } => NetworkPayload::Subnets(subnets.clone()),
            NetworkRequest::Interfaces { .. } => NetworkPayload::Interfaces(vec![interface.clone()]),
            NetworkRequest::Interface { .. } => NetworkPayload::Interface(Box::new(interface.clone())),
            _ => return None,
        };
        Some(vec![Payload::Network(payload)])
    }
}

fn network_screens(name_len: usize) -> Vec<(&'static str, String)> {
    let mut ui = answered(network_world(name_len));
    ui.keys("2");
    let mut screens = vec![("vpcs", ui.draw())];
    ui.key(KeyCode::Enter);
    screens.push(("subnets", ui.draw()));
    ui.key(KeyCode::Enter);
    screens.push(("interfaces", ui.draw()));
    ui.key(KeyCode::Enter);
    screens.push(("interface_detail", ui.draw()));
    screens
}

#[test]
fn network_name_tags_and_descriptions_are_inert() {
    for (name, screen) in network_screens(10_000) {
        let shown: &[&str] = match name {
            "vpcs" => &[CLEAR, OSC52, CR_BEL, C1, BIDI],
            "subnets" => &[CLEAR, OSC52, BIDI],
            "interfaces" => &[OSC52, C1],
            _ => &[CLEAR, OSC52, BIDI, CR_BEL, C1],
        };
        assert_inert(&screen, shown);
        insta::assert_snapshot!(format!("network_{name}"), screen);
    }
}

// ---------------------------------------------------------------- cost

#[test]
fn a_long_value_costs_what_a_value_cut_at_the_limit_costs() {
    // `inert` looks at no more than its limit, escapes included.
    for n in [MAX_CHARS + 1, 10_000, 1_000_000] {
        // `long` starts with one escape, shown as four characters; then the `…`.
        assert_eq!(inert(&long(n)).chars().count(), MAX_CHARS + 3 + 1);
        let all_escapes = "\x1b".repeat(n);
        assert_eq!(inert(&all_escapes).len(), MAX_CHARS * "\\x1b".len() + '…'.len_utf8());
    }
    // Every screen is the same whether the values are 10,000 or 1,000,000
    // characters long: nothing past the cut is drawn, wrapped or measured.
    let pairs = [
        (s3_screens(10_000), s3_screens(1_000_000)),
        (ssm_screens(10_000), ssm_screens(1_000_000)),
        (ecs_screens(10_000), ecs_screens(1_000_000)),
        (network_screens(10_000), network_screens(1_000_000)),
    ];
    for (short, long) in pairs {
        assert_eq!(short.len(), long.len());
        for ((name, a), (_, b)) in short.iter().zip(&long) {
            assert_eq!(a, b, "{name} differs when the value is longer");
        }
    }
}
