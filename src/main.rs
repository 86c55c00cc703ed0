//! The `awscope` binary: parse arguments, start logging, run the app.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // The SDK logs sensitive response bodies when this is set; awscope never wants that.
    // SAFETY: no other thread exists yet, so nothing can read the environment concurrently.
    unsafe { std::env::remove_var("LOG_SENSITIVE_BODIES") };
    // Read while no other thread exists (the only time the time crate allows it).
    let local_offset = time::UtcOffset::current_local_offset().ok();
    let args = awscope::cli::Args::parse();
    let log_path = args.log_file.clone().unwrap_or_else(awscope::logging::default_path);
    let _guard = match awscope::logging::init(&log_path) {
        Ok(guard) => guard,
        Err(e) => {
            eprintln!(
                "awscope: cannot open the log file {}: {e}. Pass --log-file PATH to write it elsewhere.",
                log_path.display()
            );
            return ExitCode::from(2);
        }
    };
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "awscope starting");
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("awscope: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    if args.whoami {
        let code = runtime.block_on(awscope::whoami::run(&args));
        runtime.shutdown_background();
        return ExitCode::from(code);
    }
    let outcome = runtime.block_on(awscope::runtime::run::run(args, local_offset));
    // Loader tasks may be mid-call; they hold nothing that needs a graceful end.
    runtime.shutdown_background();
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("awscope: {e} (log: {})", log_path.display());
            ExitCode::from(1)
        }
    }
}
