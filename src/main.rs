//! The `dockgen` binary: parse arguments, run, print the error, map to an exit code.

use std::process::ExitCode;

use dockgen::{cli::Cli, Outcome};

fn main() -> ExitCode {
    let cli = match Cli::try_parse_ordered_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // help and version are successes; every usage error exits 2
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match dockgen::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Drift | Outcome::ChecksFailed) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
