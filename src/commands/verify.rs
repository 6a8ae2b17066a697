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
        env_secrets: plan
            .detection
            .secrets
            .iter()
            .filter_map(|s| match &s.kind {
                SecretKind::Env { env } => Some((s.id.clone(), env.clone())),
                SecretKind::File { .. } => None,
            })
            .collect(),
        env: needed_env(&plan.detection),
        worker: matches!(&plan.detection.facts, crate::detect::StackFacts::Node(n) if n.worker),
    }
}

/// The build context and the Dockerfile in it for the folder `verify` is given: the folder
/// and its `Dockerfile`, or, for an app of a workspace whose root records it (dockgen wrote
/// its Dockerfile for the root as the context), the root and `<app>/Dockerfile`.
fn build_context(dir: &std::path::Path) -> Result<(std::path::PathBuf, String)> {
    let single = (dir.to_path_buf(), "Dockerfile".to_string());
    let Some(found) = crate::workspace::find(dir)? else {
        return Ok(single);
    };
    let Some(member) = found.member else {
        return Ok(single);
    };
    let root = found.workspace.root;
    let recorded = crate::saved::Saved::load(&root)?.is_some_and(|s| s.apps.contains_key(&member));
    Ok(if recorded {
        (root, format!("{member}/Dockerfile"))
    } else {
        single
    })
}

/// What a Django app needs to start from its settings: the secret key it reads with no
/// default (a throwaway one), and the hosts it answers when it reads them from the
/// environment (the ones `verify` reaches it by).
fn needed_env(detection: &crate::detect::Detection) -> Vec<verify::NeededEnv> {
    let crate::detect::StackFacts::Python(python) = &detection.facts else {
        return Vec::new();
    };
    let Some(django) = &python.django else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(key) = django.secret_key.as_ref().filter(|k| k.required) {
        out.push(verify::NeededEnv {
            name: key.env.clone(),
            value: format!("dockgen-verify-throwaway-{}", std::process::id()),
            note: format!(
                "the app needs `{}` (`{}` reads it with no default): running with a throwaway value",
                key.env, key.from
            ),
        });
    }
    if let Some(hosts) = &django.allowed_hosts {
        let value = ["localhost", "127.0.0.1"].join(&hosts.separator);
        out.push(verify::NeededEnv {
            name: hosts.env.clone(),
            note: format!(
                "the app answers only the hosts in `{}` (`{}` reads it): running with `{value}`",
                hosts.env, hosts.from
            ),
            value,
        });
    }
    out
}

pub fn run(args: VerifyArgs) -> Result<Outcome> {
    // what the plan expects, read from the folder named (a workspace app's own)
    let expected = expected(&args.path);
    let (path, dockerfile) = build_context(&args.path)?;
    let options = verify::Options {
        path,
        dockerfile,
        engine: args.engine,
        network: args.network,
        port: args.port,
        health_path: args.health_path,
        timeout: std::time::Duration::from_secs(args.timeout),
        keep: args.keep,
        layer_cache: args.layer_cache,
        verbose: crate::output::verbose(),
        requests: args.request,
        env: args.env,
    };
    // Ctrl-C stops the checks but not the clean-up (the engine's own processes get it too)
    let _ = ctrlc::set_handler(verify::interrupt);
    if args.compose {
        return compose(&options, &expected, args.json);
    }
    let report = verify::verify(&options, &expected, &mut progress)?;
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

/// A progress line on stderr, unless `-q`.
fn progress(line: &str) {
    crate::note!("{line}");
}

/// `verify --compose`: the checks, then a line per service (in JSON, a `services` list).
fn compose(options: &verify::Options, expected: &verify::Expected, json: bool) -> Result<Outcome> {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        #[serde(flatten)]
        report: &'a verify::report::Report,
        services: &'a [verify::compose::ServiceReport],
    }
    let (report, services) = verify::compose::verify(options, expected, &mut progress)?;
    if json {
        let json = serde_json::to_string_pretty(&Json {
            report: &report,
            services: &services,
        })
        .expect("report serializes");
        print(&format!("{json}\n"));
    } else {
        print(&format!(
            "{}{}",
            verify::compose::services_text(&services),
            report.text()
        ));
    }
    Ok(if report.ok {
        Outcome::Success
    } else {
        Outcome::ChecksFailed
    })
}
