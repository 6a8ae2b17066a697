//! Registry credentials in npm and Yarn config, turned into BuildKit secrets of the install.

use std::sync::LazyLock;

use regex::Regex;

use crate::detect::credentials;
use crate::detect::{BuildSecret, Findings, SecretKind};
use crate::error::Result;
use crate::project::Project;

static ENV_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}").unwrap());

/// Registry credentials in npm/yarn config. A `${VAR}` reference becomes an environment
/// secret of the install. A file that holds a literal credential is dropped from
/// `manifests` (the build context never has it) and becomes a file secret, mounted where
/// the package manager reads it: the project's folder. Yarn reads its own config on every
/// call, so later `yarn` steps mount it too.
pub fn registry_secrets(
    project: &Project,
    manifests: &mut Vec<String>,
    f: &mut Findings,
) -> Result<Vec<BuildSecret>> {
    let mut secrets: Vec<BuildSecret> = Vec::new();
    let mut literal = Vec::new();
    for file in manifests
        .iter()
        .filter(|m| m.starts_with(".npmrc") || m.starts_with(".yarnrc"))
    {
        let Some(text) = project.read(file)? else {
            continue;
        };
        for c in ENV_REFERENCE.captures_iter(&text) {
            let env = c[1].to_string();
            let known = secrets
                .iter()
                .any(|s| matches!(&s.kind, SecretKind::Env { env: e } if *e == env));
            if !known {
                secrets.push(BuildSecret {
                    id: env.to_ascii_lowercase(),
                    from: file.clone(),
                    kind: SecretKind::Env { env },
                });
            }
        }
        let found = credentials::in_config(&text);
        if !found.is_empty() {
            literal.push((file.clone(), found));
        }
    }
    for (file, found) in literal {
        manifests.retain(|m| *m != file);
        let hint = "; or write `${NPM_TOKEN}` in place of the value, and dockgen passes the token from the environment instead";
        let (secret, warning) = credentials::file_secret(
            &file,
            &found,
            &file,
            file.starts_with(".yarnrc"),
            &secrets,
            hint,
        );
        f.fact(
            "build_secret",
            format!("{} (file)", secret.id),
            file.clone(),
        );
        f.warn(warning);
        secrets.push(secret);
    }
    Ok(secrets)
}
