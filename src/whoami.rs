//! `awscope --whoami`: resolve the context as the TUI would, ask STS who we
//! are, print it with the source of every setting, and exit.

use std::io::Write;

use crate::aws::provider::AwsProvider;
use crate::aws::{resolve, sts};
use crate::cli::Args;

/// Runs `--whoami`: 0 when STS answered, 1 (with the reason on stderr) when not.
pub async fn run(args: &Args) -> u8 {
    let loaded = crate::config::load(args.config.as_deref());
    let options = crate::aws::ProviderOptions { timeouts: loaded.config.timeouts, ..args.provider_options() };
    let provider = match AwsProvider::connect(args.context(), &options).await {
        Ok(provider) => provider,
        Err(e) => return fail(&e.to_string()),
    };
    let provider = match provider.with_checked_credentials().await {
        Ok((provider, _)) => provider,
        Err(e) => return fail(&e.to_string()),
    };
    let identity = match sts::caller_identity(&provider).await {
        Ok(identity) => identity,
        Err(e) => return fail(&e.to_string()),
    };
    let environment = provider.environment();
    let mut out = std::io::stdout().lock();
    if args.json {
        // serde_json escapes every control character: the JSON is inert as it is.
        let _ = writeln!(out, "{}", resolve::whoami_json(environment, &identity));
        return 0;
    }
    let text = {
        let lines = resolve::whoami_lines(environment, Some(&identity));
        let width = lines.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
        lines.iter().map(|(k, v)| format!("{k:width$}  {v}")).collect::<Vec<_>>().join("\n")
    };
    // Nothing to do when stdout is gone (a closed pipe): the answer had nowhere to go.
    for line in text.lines() {
        let _ = writeln!(out, "{}", crate::ui::text::inert(line));
    }
    0
}

fn fail(message: &str) -> u8 {
    tracing::warn!(message, "whoami failed");
    // The messages are written for the TUI, where r retries; here, running
    // the command again is the retry.
    let message = message.replace(", then press r.", ".").replace(" Then press r.", "");
    let lines: Vec<String> = message.lines().map(|l| crate::ui::text::inert(l).into_owned()).collect();
    eprintln!("awscope: {}", lines.join("\n"));
    1
}
