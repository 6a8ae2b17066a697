//! `dockgen verify`: build and run the image and print the checks' report.

use super::{print, Outcome};
use crate::cli::VerifyArgs;
use crate::error::Result;
use crate::verify;

pub fn run(args: VerifyArgs) -> Result<Outcome> {
    let options = verify::Options {
        path: args.path,
        engine: args.engine,
        network: args.network,
        port: args.port,
        health_path: args.health_path,
        timeout: std::time::Duration::from_secs(args.timeout),
        keep: args.keep,
        verbose: args.verbose,
    };
    // Ctrl-C stops the checks but not the clean-up (the engine's own processes get it too)
    let _ = ctrlc::set_handler(verify::interrupt);
    let report = verify::verify(&options, &mut |line| eprintln!("{line}"))?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).expect("report serializes");
        print(&format!("{json}\n"));
    } else {
        print(&report.text());
    }
    Ok(if report.ok {
        Outcome::Success
    } else {
        Outcome::ChecksFailed
    })
}
