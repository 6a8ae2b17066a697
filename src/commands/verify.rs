//! `dockgen verify`: build and run the image and print the checks' report.

use super::{print, Outcome};
use crate::cli::VerifyArgs;
use crate::detect::SecretKind;
use crate::error::Result;
use crate::verify;

/// What dockgen's plan for the project expects of the image (port, health path, start
/// command, credential files); nothing when the project cannot be planned (a Dockerfile
/// written by hand for a project dockgen does not know).
fn expected(path: &std::path::Path) -> verify::Expected {
    let sources = crate::preset::catalog::sources(&[], path);
    let Ok(catalog) = crate::preset::catalog::Catalog::load(&sources) else {
        return verify::Expected::default();
    };
    let Ok(plan) = crate::plan::make(
        path,
        &catalog,
        &crate::plan::Request {
            allow_missing: true,
            ..Default::default()
        },
        &mut crate::prompt::NonInteractive,
    ) else {
        return verify::Expected::default();
    };
    verify::Expected {
        port: plan
            .answer("port")
            .and_then(|v| v.as_int())
            .and_then(|p| p.try_into().ok()),
        health_path: plan
            .answer("health_path")
            .and_then(|v| v.as_str())
            .map(String::from),
        start: plan
            .answer("start")
            .and_then(|v| v.as_list())
            .map(<[String]>::to_vec)
            .unwrap_or_default(),
        credential_files: plan
            .detection
            .secrets
            .iter()
            .filter(|s| matches!(s.kind, SecretKind::File { .. }))
            .map(|s| (s.id.clone(), s.from.clone().into()))
            .collect(),
    }
}

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
    let expected = expected(&options.path);
    let report = verify::verify(&options, &expected, &mut |line| eprintln!("{line}"))?;
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
