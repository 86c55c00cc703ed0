//! A scripted AWS endpoint on loopback for fault tests: real HTTP over real
//! TCP, so the real provider, retry policy, timeouts and loader all run.
//!
//! Each request is named by its operation (the `X-Amz-Target` suffix for the
//! JSON protocols, `Action=` for the query protocols, the S3 `x-id` or the
//! path for S3) and answered from that operation's script: replies are used
//! in order and the last one repeats. Every request is counted and kept.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use awscope::aws::ProviderOptions;
use awscope::aws::profiles::ProfilePaths;
use awscope::aws::provider::Timeouts;
use awscope::testbed::harness::Live;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// The profile the fault tests connect with.
pub const PROFILE: &str = "faults";

/// How the endpoint answers one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP response with this status and body.
    Http(u16, String),
    /// Accept the request and never answer (until [`FaultServer::release`]).
    Hang,
    /// Close the connection without a response.
    Close,
}

/// One request the endpoint received.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The operation it was for.
    pub operation: String,
    /// The request line's target (path and query).
    pub target: String,
    /// The request body as text.
    pub body: String,
    /// The access key id the request was signed with.
    pub access_key: String,
}

#[derive(Default)]
struct State {
    scripts: HashMap<String, Vec<Reply>>,
    seen: Vec<Seen>,
    /// Requests being held by [`Reply::Hang`] right now.
    hanging: usize,
    /// Held requests whose client went away (the caller dropped the call).
    abandoned: usize,
}

/// The scripted endpoint. Dropping it stops serving.
pub struct FaultServer {
    port: u16,
    state: Arc<Mutex<State>>,
    release: Arc<Notify>,
    changed: Arc<Notify>,
    _tasks: JoinSet<()>,
}

impl FaultServer {
    /// Starts serving on a free loopback port. STS GetCallerIdentity and an
    /// empty ListBuckets are answered by default; every other operation
    /// without a script gets a 500.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let release = Arc::new(Notify::new());
        let changed = Arc::new(Notify::new());
        let mut tasks = JoinSet::new();
        let (s, r, c) = (state.clone(), release.clone(), changed.clone());
        tasks.spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                connections.spawn(serve(stream, s.clone(), r.clone(), c.clone()));
            }
        });
        let server = Self { port, state, release, changed, _tasks: tasks };
        server.script("GetCallerIdentity", vec![Reply::Http(200, caller_identity())]);
        // The S3 pane loads first; an account without buckets keeps it quiet.
        server.script("ListBuckets", vec![Reply::Http(200, buckets_page(&[], None))]);
        server
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Answers `operation` with `replies`, in order; the last one repeats.
    pub fn script(&self, operation: &str, replies: Vec<Reply>) {
        assert!(!replies.is_empty(), "a script needs at least one reply");
        self.lock().scripts.insert(operation.to_owned(), replies);
    }

    /// How many requests for `operation` arrived.
    pub fn calls(&self, operation: &str) -> usize {
        self.lock().seen.iter().filter(|s| s.operation == operation).count()
    }

    /// The requests for `operation`, in arrival order.
    pub fn seen(&self, operation: &str) -> Vec<Seen> {
        self.lock().seen.iter().filter(|s| s.operation == operation).cloned().collect()
    }

    /// Requests held by [`Reply::Hang`] right now.
    pub fn hanging(&self) -> usize {
        self.lock().hanging
    }

    /// Held requests whose caller closed the connection.
    pub fn abandoned(&self) -> usize {
        self.lock().abandoned
    }

    /// Waits until `check` holds for the server's counters (no time limit of
    /// its own: the test's timeout bounds it).
    pub async fn wait_until(&self, mut check: impl FnMut(&Self) -> bool) {
        loop {
            let notified = self.changed.notified();
            if check(self) {
                return;
            }
            notified.await;
        }
    }

    /// Lets every held request go (their connections close unanswered).
    pub fn release(&self) {
        self.release.notify_waiters();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Writes a config with profile [`PROFILE`] (static keys, us-east-1,
    /// `endpoint_url` here, plus `extra` lines under the profile) and the
    /// `extra_sections` after it, into `dir`.
    pub fn write_profiles(&self, dir: &Path, extra: &str, extra_sections: &str) -> ProfilePaths {
        let config = format!(
            "[profile {PROFILE}]\nregion = us-east-1\nendpoint_url = {}\n{extra}\n{extra_sections}",
            self.endpoint()
        );
        let paths = ProfilePaths { config: dir.join("config"), credentials: dir.join("credentials") };
        std::fs::write(&paths.config, config).expect("write config");
        write_credentials(&paths, FIRST_KEY);
        paths
    }

    /// Options for the loader: profiles from `paths`, every call sent here,
    /// short time limits and `attempts` attempts per call.
    pub fn options(&self, paths: ProfilePaths, attempts: u32) -> ProviderOptions {
        ProviderOptions {
            endpoint_url: Some(self.endpoint()),
            timeouts: short_timeouts(),
            max_attempts: Some(attempts),
            profile_files: Some(paths),
            ..ProviderOptions::default()
        }
    }
}

/// The access key id [`FaultServer::write_profiles`] writes.
pub const FIRST_KEY: &str = "AKIDFAULTS";

/// Writes static credentials (`key`, with a session token) for [`PROFILE`]
/// into `paths.credentials`, replacing what was there.
pub fn write_credentials(paths: &ProfilePaths, key: &str) {
    let credentials = format!(
        "[{PROFILE}]\naws_access_key_id = {key}\naws_secret_access_key = not-a-secret-either\n\
         aws_session_token = session-of-{key}\n"
    );
    std::fs::write(&paths.credentials, credentials).expect("write credentials");
}

/// Time limits short enough for a test to see them, long enough for loopback.
pub fn short_timeouts() -> Timeouts {
    Timeouts { connect: Duration::from_secs(1), attempt: Duration::from_secs(2), operation: Duration::from_secs(4) }
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>, release: Arc<Notify>, changed: Arc<Notify>) {
    let mut buffer = Vec::new();
    loop {
        let Some((head, body)) = read_request(&mut stream, &mut buffer).await else { return };
        let seen = describe(&head, &body);
        let reply = {
            let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
            let reply = match state.scripts.get_mut(&seen.operation) {
                Some(script) if script.len() > 1 => script.remove(0),
                Some(script) => script[0].clone(),
                None => Reply::Http(500, format!("no script for {}", seen.operation)),
            };
            state.seen.push(seen.clone());
            reply
        };
        changed.notify_waiters();
        match reply {
            Reply::Http(status, body) => {
                let json = body.trim_start().starts_with('{');
                let content_type = if json { "application/x-amz-json-1.1" } else { "text/xml" };
                let response = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
                     x-amzn-requestid: FAULT-REQ\r\nx-amz-request-id: FAULT-REQ\r\n\r\n{body}",
                    reason(status),
                    body.len()
                );
                if stream.write_all(response.as_bytes()).await.is_err() {
                    return;
                }
            }
            Reply::Close => return,
            Reply::Hang => {
                state.lock().unwrap_or_else(PoisonError::into_inner).hanging += 1;
                changed.notify_waiters();
                let mut probe = [0_u8; 1];
                let gone = tokio::select! {
                    // The client closing the connection reads as end of stream.
                    read = stream.read(&mut probe) => matches!(read, Ok(0) | Err(_)),
                    () = release.notified() => false,
                };
                {
                    let mut state = state.lock().unwrap_or_else(PoisonError::into_inner);
                    state.hanging -= 1;
                    state.abandoned += usize::from(gone);
                }
                changed.notify_waiters();
                return;
            }
        }
    }
}

/// Reads one request: its head (request line and headers) and body.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<(String, String)> {
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0_u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let length = header(&head, "content-length").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0_u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buffer[body_start..body_start + length]).into_owned();
    buffer.drain(..body_start + length);
    Some((head, body))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

/// Names the operation a request is for.
fn describe(head: &str, body: &str) -> Seen {
    let mut request_line = head.lines().next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let path = target.split_once('?').map_or(target.as_str(), |(p, _)| p);
    let operation = if let Some(amz_target) = header(head, "x-amz-target") {
        amz_target.rsplit('.').next().unwrap_or_default().to_owned()
    } else if let Some(action) = form_value(body, "Action") {
        action
    } else if let Some(id) = form_value(query, "x-id") {
        id
    } else if method == "GET" && path == "/" {
        "ListBuckets".to_owned()
    } else if query.contains("location") {
        "GetBucketLocation".to_owned()
    } else if query.contains("list-type=2") {
        "ListObjectsV2".to_owned()
    } else {
        format!("{method} {path}")
    };
    let access_key = header(head, "authorization")
        .and_then(|auth| auth.split("Credential=").nth(1))
        .and_then(|credential| credential.split('/').next())
        .unwrap_or_default()
        .to_owned();
    Seen { operation, target, body: body.to_owned(), access_key }
}

fn form_value(text: &str, key: &str) -> Option<String> {
    text.split('&').find_map(|pair| pair.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v.to_owned()))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn caller_identity() -> String {
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>\
     <Arn>arn:aws:iam::123456789012:user/faults</Arn><UserId>AIDAFAULTS</UserId><Account>123456789012</Account>\
     </GetCallerIdentityResult><ResponseMetadata><RequestId>FAULT-REQ</RequestId></ResponseMetadata>\
     </GetCallerIdentityResponse>"
        .to_owned()
}

// Bodies as each protocol sends them.

/// An S3 (REST-XML) error body.
pub fn s3_error(code: &str, message: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>FAULT-REQ</RequestId></Error>"
    )
}

/// An EC2 (query) error body.
pub fn ec2_error(code: &str, message: &str) -> String {
    format!(
        "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>FAULT-REQ</RequestID></Response>"
    )
}

/// A JSON-protocol (SSM, ECS) error body.
pub fn json_error(code: &str, message: &str) -> String {
    format!(r#"{{"__type":"{code}","message":"{message}"}}"#)
}

/// A ListBuckets page with `names` (each placed in us-east-1) and an optional token.
pub fn buckets_page(names: &[String], token: Option<&str>) -> String {
    let buckets: String = names
        .iter()
        .map(|n| {
            format!(
                "<Bucket><Name>{n}</Name><CreationDate>2024-03-05T09:15:00.000Z</CreationDate>\
                 <BucketRegion>us-east-1</BucketRegion></Bucket>"
            )
        })
        .collect();
    let token = token.map(|t| format!("<ContinuationToken>{t}</ContinuationToken>")).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult><Owner><ID>owner</ID></Owner>\
         <Buckets>{buckets}</Buckets>{token}</ListAllMyBucketsResult>"
    )
}

/// A DescribeParameters page with `names` (String parameters) and an optional token.
pub fn parameters_page(names: &[String], token: Option<&str>) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"Name":"{n}","Type":"String","Version":1,"LastModifiedDate":1.7e9,"Tier":"Standard","DataType":"text"}}"#
            )
        })
        .collect();
    let token = token.map(|t| format!(r#","NextToken":"{t}""#)).unwrap_or_default();
    format!(r#"{{"Parameters":[{}]{token}}}"#, items.join(","))
}

/// A DescribeVpcs page with `ids` (10.n.0.0/16 each) and an optional token.
pub fn vpcs_page(ids: &[String], token: Option<&str>) -> String {
    let items: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                "<item><vpcId>{id}</vpcId><state>available</state><cidrBlock>10.{i}.0.0/16</cidrBlock>\
                 <ownerId>123456789012</ownerId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault></item>"
            )
        })
        .collect();
    let token = token.map(|t| format!("<nextToken>{t}</nextToken>")).unwrap_or_default();
    format!(
        "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>FAULT-REQ</requestId>\
         <vpcSet>{items}</vpcSet>{token}</DescribeVpcsResponse>"
    )
}

/// A DescribeNetworkInterfaces page with `ids` in `vpc_id` and an optional token.
pub fn interfaces_page(vpc_id: &str, ids: &[String], token: Option<&str>) -> String {
    let items: String = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            format!(
                "<item><networkInterfaceId>{id}</networkInterfaceId><subnetId>subnet-0001</subnetId>\
                 <vpcId>{vpc_id}</vpcId><availabilityZone>us-east-1a</availabilityZone><description>eni {i}</description>\
                 <ownerId>123456789012</ownerId><requesterManaged>false</requesterManaged><status>in-use</status>\
                 <privateIpAddress>10.0.0.{}</privateIpAddress><interfaceType>interface</interfaceType></item>",
                i + 10
            )
        })
        .collect();
    let token = token.map(|t| format!("<nextToken>{t}</nextToken>")).unwrap_or_default();
    format!(
        "<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
         <requestId>FAULT-REQ</requestId><networkInterfaceSet>{items}</networkInterfaceSet>{token}\
         </DescribeNetworkInterfacesResponse>"
    )
}

/// A DescribeVpcs answer for one VPC (the existence check before listing its interfaces).
pub fn one_vpc(vpc_id: &str) -> String {
    vpcs_page(&[vpc_id.to_owned()], None)
}

/// The ARN of cluster `name`.
pub fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:cluster/{name}")
}

/// The ARN of service `name` in cluster `cluster`.
pub fn service_arn(cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:service/{cluster}/{name}")
}

/// A ListClusters page with `names` and an optional token.
pub fn clusters_page(names: &[String], token: Option<&str>) -> String {
    let arns: Vec<String> = names.iter().map(|n| format!("\"{}\"", cluster_arn(n))).collect();
    let token = token.map(|t| format!(r#","nextToken":"{t}""#)).unwrap_or_default();
    format!(r#"{{"clusterArns":[{}]{token}}}"#, arns.join(","))
}

/// A DescribeClusters answer for `names`.
pub fn clusters_described(names: &[String]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"clusterArn":"{}","clusterName":"{n}","status":"ACTIVE","runningTasksCount":0,"pendingTasksCount":0,"activeServicesCount":0,"registeredContainerInstancesCount":0}}"#,
                cluster_arn(n)
            )
        })
        .collect();
    format!(r#"{{"clusters":[{}],"failures":[]}}"#, items.join(","))
}

/// A ListServices page with `names` in `cluster` and an optional token.
pub fn services_page(cluster: &str, names: &[String], token: Option<&str>) -> String {
    let arns: Vec<String> = names.iter().map(|n| format!("\"{}\"", service_arn(cluster, n))).collect();
    let token = token.map(|t| format!(r#","nextToken":"{t}""#)).unwrap_or_default();
    format!(r#"{{"serviceArns":[{}]{token}}}"#, arns.join(","))
}

/// A DescribeServices answer for `names` in `cluster`.
pub fn services_described(cluster: &str, names: &[String]) -> String {
    let items: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#"{{"serviceArn":"{}","serviceName":"{n}","clusterArn":"{}","status":"ACTIVE","desiredCount":1,"runningCount":1,"pendingCount":0,"launchType":"FARGATE","taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/{n}:1","deployments":[],"events":[]}}"#,
                service_arn(cluster, n),
                cluster_arn(cluster)
            )
        })
        .collect();
    format!(r#"{{"services":[{}],"failures":[]}}"#, items.join(","))
}

/// `prefix-000`, `prefix-001`, … (`n` names from `start`).
pub fn names(prefix: &str, start: usize, n: usize) -> Vec<String> {
    (start..start + n).map(|i| format!("{prefix}-{i:03}")).collect()
}

/// The app for [`PROFILE`] over the real loader with `options` (such as
/// [`FaultServer::options`]).
pub fn live(options: ProviderOptions) -> Live {
    Live::new(options, awscope::testbed::harness::context(PROFILE))
}

/// The screen with each row's right border and padding removed and rows joined
/// by spaces, so a message wrapped over several rows can be searched whole.
pub fn flat(screen: &str) -> String {
    let mut out = String::new();
    for row in screen.lines() {
        let row = row.trim_matches('"').trim_start_matches('│').trim_end_matches('│').trim();
        out.push_str(row);
        out.push(' ');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `screen` for a snapshot: the endpoint's port masked (it changes per run)
/// and trailing spaces trimmed, one row per line.
pub fn snapshot_text(screen: &str, endpoint: &str) -> String {
    screen
        .lines()
        .map(|row| row.trim_matches('"').replace(endpoint, "http://127.0.0.1:PORT").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}
