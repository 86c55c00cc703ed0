//! Proxies, with the aws CLI as the oracle: a tiny forward HTTP proxy on
//! 127.0.0.1 counts what goes through it while `awscope --whoami --json` and
//! `aws sts get-caller-identity` talk to moto (a plain `http://` endpoint)
//! under `HTTP_PROXY`/`http_proxy`, `NO_PROXY`/`no_proxy` and `HTTPS_PROXY`.
//!
//! For an `http://` endpoint the proxy that applies is `HTTP_PROXY` (or
//! `http_proxy`); `HTTPS_PROXY` is for `https://` URLs. The `HTTPS_PROXY`
//! row checks that awscope does what the CLI does there, whatever that is,
//! and the table printed under `--nocapture` says what each did.

mod oracle;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use awscope::testbed::Emulator;
use oracle::Sandbox;

/// A forward proxy for plain HTTP: for each connection it reads one
/// absolute-form request, counts it, opens the upstream, sends the request
/// in origin-form with `Connection: close`, and pipes both ways until EOF.
/// `CONNECT` (an https tunnel) is counted and refused.
struct Proxy {
    port: u16,
    forwarded: Arc<AtomicUsize>,
    tunnels: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Proxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let forwarded = Arc::new(AtomicUsize::new(0));
        let tunnels = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let (forwarded, tunnels, requests, stop) =
                (forwarded.clone(), tunnels.clone(), requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (forwarded, tunnels, requests) = (forwarded.clone(), tunnels.clone(), requests.clone());
                    std::thread::spawn(move || {
                        let _ = relay(stream, &forwarded, &tunnels, &requests);
                    });
                }
            })
        };
        Self { port, forwarded, tunnels, requests, stop, acceptor: Some(acceptor) }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Requests that went through (forwarded plus refused tunnels).
    fn count(&self) -> usize {
        self.forwarded.load(Ordering::SeqCst) + self.tunnels.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn relay(
    client: TcpStream,
    forwarded: &AtomicUsize,
    tunnels: &AtomicUsize,
    requests: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
        headers.push(line);
    }
    let mut parts = request_line.split_whitespace();
    let (method, target, version) =
        (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or("HTTP/1.1"));
    requests.lock().expect("requests").push(format!("{method} {target}"));
    let mut client = client;
    if method.eq_ignore_ascii_case("CONNECT") {
        tunnels.fetch_add(1, Ordering::SeqCst);
        client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return Ok(());
    }
    let Some(rest) = target.strip_prefix("http://") else {
        client.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return Ok(());
    };
    forwarded.fetch_add(1, Ordering::SeqCst);
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let mut upstream = TcpStream::connect(authority)?;
    let mut head = format!("{method} {path} {version}\r\n");
    for header in &headers {
        let name = header.split(':').next().unwrap_or("").trim().to_ascii_lowercase();
        if !matches!(name.as_str(), "connection" | "proxy-connection" | "keep-alive" | "proxy-authorization") {
            head.push_str(header);
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    upstream.write_all(head.as_bytes())?;
    // What the client sends after the head (a body) goes upstream as is;
    // the reader may already hold part of it.
    let buffered = reader.buffer().to_vec();
    upstream.write_all(&buffered)?;
    let mut to_upstream = upstream.try_clone()?;
    let mut from_client = reader.into_inner();
    let pump = std::thread::spawn(move || {
        let _ = std::io::copy(&mut from_client, &mut to_upstream);
    });
    let mut response = Vec::new();
    let _ = upstream.read_to_end(&mut response);
    let _ = client.write_all(&response);
    let _ = client.shutdown(Shutdown::Both);
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = pump.join();
    Ok(())
}

/// One setup: the variables besides the files, and whether requests to the
/// `http://` endpoint should go through the proxy (`None`: whatever the CLI does).
struct Scenario {
    name: &'static str,
    vars: &'static [(&'static str, &'static str)],
    proxied: Option<bool>,
}

const SCENARIOS: &[Scenario] = &[
    Scenario { name: "HTTP_PROXY", vars: &[("HTTP_PROXY", "{proxy}")], proxied: Some(true) },
    Scenario { name: "http_proxy", vars: &[("http_proxy", "{proxy}")], proxied: Some(true) },
    Scenario {
        name: "HTTP_PROXY + NO_PROXY=127.0.0.1",
        vars: &[("HTTP_PROXY", "{proxy}"), ("NO_PROXY", "127.0.0.1")],
        proxied: Some(false),
    },
    Scenario {
        name: "HTTP_PROXY + no_proxy=127.0.0.1",
        vars: &[("HTTP_PROXY", "{proxy}"), ("no_proxy", "127.0.0.1")],
        proxied: Some(false),
    },
    Scenario {
        name: "http_proxy + no_proxy=127.0.0.1",
        vars: &[("http_proxy", "{proxy}"), ("no_proxy", "127.0.0.1")],
        proxied: Some(false),
    },
    Scenario { name: "HTTPS_PROXY only (http:// endpoint)", vars: &[("HTTPS_PROXY", "{proxy}")], proxied: None },
];

struct Outcome {
    ok: bool,
    detail: String,
    through_proxy: usize,
    seen: Vec<String>,
}

fn run_one(emulator_url: &str, scenario: &Scenario, awscope: bool) -> Outcome {
    let sandbox = Sandbox::new(
        &format!("[profile first]\nregion = eu-west-1\nendpoint_url = {emulator_url}\n"),
        &format!(
            "[first]\naws_access_key_id = {}\naws_secret_access_key = {}\n",
            oracle::STATIC_KEY_ID,
            oracle::STATIC_SECRET
        ),
    );
    let proxy = Proxy::start();
    let vars: Vec<(String, String)> =
        scenario.vars.iter().map(|(k, v)| ((*k).to_owned(), v.replace("{proxy}", &proxy.url()))).collect();
    let (ok, detail) = if awscope {
        let run = sandbox.awscope(&oracle::strings(&["--profile", "first"]), &vars);
        match oracle::parse_whoami(&run) {
            Ok(who) => (true, format!("{} {}", who.account, who.json.get("proxy").cloned().unwrap_or_default())),
            Err(e) => (false, e),
        }
    } else {
        let args = oracle::strings(&["sts", "get-caller-identity", "--profile", "first", "--output", "json"]);
        let run = sandbox.cli(&args, &vars);
        match oracle::parse_identity(&run) {
            Ok(id) => (true, id.account),
            Err(e) => (false, e),
        }
    };
    let through_proxy = proxy.count();
    let seen = proxy.requests.lock().expect("requests").clone();
    drop(proxy);
    Outcome { ok, detail, through_proxy, seen }
}

#[test]
fn awscope_uses_http_proxy_and_no_proxy_as_the_aws_cli_does() {
    oracle::assert_whoami_supported();
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emulator = runtime.block_on(Emulator::start()).unwrap_or_else(|e| panic!("{e}"));
    let endpoint = emulator.endpoint();

    let results: Vec<(Outcome, Outcome)> = std::thread::scope(|scope| {
        let handles: Vec<_> = SCENARIOS
            .iter()
            .map(|scenario| {
                let endpoint = endpoint.as_str();
                scope.spawn(move || (run_one(endpoint, scenario, true), run_one(endpoint, scenario, false)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("scenario thread")).collect()
    });

    println!("moto at {endpoint} (plain http)");
    println!("{:<40} | awscope: ok, through proxy | aws CLI v1: ok, through proxy | verdict", "setup");
    let mut failures = Vec::new();
    for (scenario, (ours, theirs)) in SCENARIOS.iter().zip(&results) {
        let mut problems = Vec::new();
        if !ours.ok {
            problems.push(format!("awscope failed: {}", ours.detail));
        }
        if !theirs.ok {
            problems.push(format!("the CLI failed: {}", theirs.detail));
        }
        let (ours_proxied, theirs_proxied) = (ours.through_proxy > 0, theirs.through_proxy > 0);
        if let Some(expected) = scenario.proxied {
            if theirs_proxied != expected {
                problems.push(format!(
                    "the CLI sent {} request(s) through the proxy (expected {expected})",
                    theirs.through_proxy
                ));
            }
            if ours_proxied != expected {
                problems.push(format!(
                    "awscope sent {} request(s) through the proxy (expected {expected})",
                    ours.through_proxy
                ));
            }
        }
        if ours_proxied != theirs_proxied {
            problems.push(format!(
                "awscope {} the proxy, the CLI {}",
                if ours_proxied { "used" } else { "bypassed" },
                if theirs_proxied { "used" } else { "bypassed" }
            ));
        }
        let verdict = if problems.is_empty() { "ok".to_owned() } else { format!("MISMATCH: {}", problems.join("; ")) };
        println!(
            "{:<40} | {} {} {:?} ({}) | {} {} {:?} | {verdict}",
            scenario.name,
            ours.ok,
            ours.through_proxy,
            ours.seen,
            ours.detail,
            theirs.ok,
            theirs.through_proxy,
            theirs.seen
        );
        if !problems.is_empty() {
            failures.push(format!("{}: {}", scenario.name, problems.join("; ")));
        }
    }
    drop(emulator);
    assert!(failures.is_empty(), "proxy handling differs from the aws CLI:\n{}", failures.join("\n"));
}
