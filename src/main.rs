//! The `dockgen` binary: parse arguments, run, print the error, map to an exit code.

use std::process::ExitCode;

use dockgen::{cli::Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse_ordered_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            // help and version are successes; every usage error exits 2
            if !e.use_stderr() {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // a script that asked for JSON gets JSON, even when the command line is wrong
            if dockgen::cli::json_requested(std::env::args_os()) {
                let error = dockgen::error::usage_json(&e.render().to_string(), 2);
                println!(
                    "{}",
                    serde_json::to_string_pretty(&error).expect("error serializes")
                );
            }
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let json = cli.wants_json();
    match dockgen::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Drift | Outcome::ChecksFailed) => ExitCode::from(1),
        Err(e) => {
            if json {
                let text = serde_json::to_string_pretty(&e.to_json()).expect("error serializes");
                println!("{text}");
            }
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
