//! The backing services compose.yaml has, from detection and the answers (keep, drop, or
//! an external URL), and the git-ignored passwords and env files `dockgen init` creates
//! for them.

use serde::Serialize;

use crate::detect::ServiceFacts;
use crate::services::Service;

/// What the answer for a service says to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Run it in compose.yaml.
    Keep,
    /// Neither run nor wire it.
    Drop,
    /// Use one that runs elsewhere: the URL, without a password.
    External(String),
}

impl Choice {
    pub fn parse(answer: &str) -> Choice {
        match answer {
            "keep" => Choice::Keep,
            "drop" | "" => Choice::Drop,
            url => Choice::External(url.to_string()),
        }
    }
}

/// One service as compose.yaml has it, for the templates.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceInfo {
    /// `postgres`, `mariadb`, `mongodb`, `redis`, `rabbitmq`: the compose service's name.
    pub id: String,
    /// The pinned image.
    pub image: String,
    /// Whether compose runs it (`keep`); otherwise the app reaches `external`.
    pub kept: bool,
    /// The URL of an external one (the answer), without a password.
    pub external: Option<String>,
    /// The variables the app reads its URL from.
    pub variables: Vec<String>,
    /// The secret holding its password (`postgres_password`), when it has one.
    pub password_secret: Option<String>,
    /// The dependency or setting that means it, and the file.
    pub because: String,
    pub from: String,
    /// The URL scheme the app's URL takes when the project names a driver in it
    /// (`postgresql+asyncpg`); the service's usual one otherwise.
    #[serde(skip)]
    pub scheme: Option<String>,
}

/// Where the generated passwords live, git- and docker-ignored.
pub const SECRETS_DIR: &str = ".dockgen/secrets";
/// The env file the app reads its URLs (with the passwords) from, in [`SECRETS_DIR`].
pub const APP_ENV: &str = ".dockgen/secrets/app.env";

/// The services compose.yaml has, from what detection found and the answers (by service
/// id: `keep`, `drop` or a URL). A service the user keeps that detection did not find is
/// wired to its usual variable.
pub fn wiring(facts: &ServiceFacts, answer: &dyn Fn(&str) -> Option<String>) -> Vec<ServiceInfo> {
    let mut out = Vec::new();
    for service in Service::ALL {
        let choice = answer(service.id()).map_or_else(
            || {
                if facts.uses(*service) {
                    Choice::Keep
                } else {
                    Choice::Drop
                }
            },
            |a| Choice::parse(&a),
        );
        let (kept, external) = match choice {
            Choice::Drop => continue,
            Choice::Keep => (true, None),
            Choice::External(url) => (false, Some(url)),
        };
        let used = facts.uses.iter().find(|u| u.service == *service);
        let variables = facts
            .variables
            .get(service)
            .map(|f| f.value.clone())
            .unwrap_or_else(|| vec![service.variables()[0].to_string()]);
        out.push(ServiceInfo {
            id: service.id().to_string(),
            image: crate::versions::service_image(*service).to_string(),
            kept,
            external,
            variables,
            password_secret: (kept && service.has_password())
                .then(|| format!("{}_password", service.id())),
            because: used.map_or_else(|| "your answer".to_string(), |u| u.because.clone()),
            from: used.map_or_else(String::new, |u| u.from.clone()),
            scheme: facts.schemes.get(service).map(|f| f.value.clone()),
        });
    }
    out
}

/// Creates the missing password files of the kept services (random, 32 URL-safe
/// characters), a `.gitignore` that keeps the folder out of git, and the app's env file
/// with the URLs built from the passwords. Files already there are kept: a database keeps
/// the password it was first started with.
pub fn ensure_secrets(
    root: &std::path::Path,
    services: &[ServiceInfo],
) -> crate::error::Result<()> {
    let kept: Vec<&ServiceInfo> = services.iter().filter(|s| s.kept).collect();
    if kept.is_empty() {
        return Ok(());
    }
    let dir = root.join(SECRETS_DIR);
    let io = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| crate::error::Error::Write { path, source }
    };
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    // other users of the machine cannot look in; the files inside stay readable, as
    // compose mounts them into the services as they are, and the databases' entrypoints
    // read them as their own unprivileged users
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(io(&dir))?;
    }
    let write = |name: &str, text: &str, replace: bool| -> crate::error::Result<()> {
        let path = dir.join(name);
        if !replace && path.exists() {
            return Ok(());
        }
        let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(io(&path))?;
        std::io::Write::write_all(&mut tmp, text.as_bytes()).map_err(io(&path))?;
        readable(tmp.as_file()).map_err(io(&path))?;
        tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
        Ok(())
    };
    write(
        ".gitignore",
        "# dockgen's generated passwords: never committed (this file ignores itself too)\n*\n",
        false,
    )?;
    let mut env = String::from(
        "# Written by `dockgen init` from the password files beside it; do not commit.\n\
         # To change a password: edit its file, run `dockgen init` again (this file follows),\n\
         # and change it in the service too (a database keeps the password it first started\n\
         # with; `docker compose down -v` starts it afresh, deleting its data).\n",
    );
    for s in &kept {
        let password = match &s.password_secret {
            Some(secret) => {
                let path = dir.join(secret);
                if !path.exists() {
                    write(secret, &random_password()?, false)?;
                }
                let text =
                    std::fs::read_to_string(&path).map_err(|source| crate::error::Error::Read {
                        path: path.clone(),
                        source,
                    })?;
                Some(text.trim().to_string())
            }
            None => None,
        };
        let service = Service::ALL
            .iter()
            .find(|x| x.id() == s.id)
            .expect("a known service");
        let url = service.url();
        let Some(password) = password else {
            // no password: compose.yaml sets the URL itself
            continue;
        };
        let mut url = url.replace("{password}", &password);
        if let (Some(scheme), Some((_, rest))) = (&s.scheme, url.clone().split_once("://")) {
            url = format!("{scheme}://{rest}");
        }
        // lib/pq asks for TLS unless the URL says otherwise (`sslmode` defaults to `require`),
        // and the database on the project's network speaks plain TCP
        if s.because == "github.com/lib/pq" {
            url.push_str("?sslmode=disable");
        }
        for v in &s.variables {
            env.push_str(&format!("{v}={url}\n"));
        }
        if *service == Service::RabbitMq {
            // the broker's image reads its password from the environment only
            write(
                "rabbitmq.env",
                &format!(
                    "# Written by `dockgen init` from `rabbitmq_password`; do not commit.\nRABBITMQ_DEFAULT_PASS={password}\n"
                ),
                true,
            )?;
        }
    }
    write("app.env", &env, true)?;
    // the committed example: what the folder holds, no value
    let mut example = String::from(
        "# What `.dockgen/secrets/` (git-ignored) holds; `dockgen init` creates each file with a\n\
         # random value when it is missing. Commit this file, never the folder.\n",
    );
    for s in &kept {
        if let Some(secret) = &s.password_secret {
            example.push_str(&format!(
                "{secret}: the password of the `{}` service (one line)\n",
                s.id
            ));
        }
    }
    example
        .push_str("app.env: the app's URLs, passwords included (written from the files above)\n");
    if kept.iter().any(|s| s.id == "rabbitmq") {
        example.push_str("rabbitmq.env: RABBITMQ_DEFAULT_PASS (written from rabbitmq_password)\n");
    }
    let path = root.join(".dockgen/secrets.example");
    let mut tmp = tempfile::NamedTempFile::new_in(root.join(".dockgen")).map_err(io(&path))?;
    std::io::Write::write_all(&mut tmp, example.as_bytes()).map_err(io(&path))?;
    readable(tmp.as_file()).map_err(io(&path))?;
    tmp.persist(&path).map_err(|e| io(&path)(e.error))?;
    Ok(())
}

/// Mode 0644 (a temporary file starts at 0600).
fn readable(file: &std::fs::File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = file;
    Ok(())
}

fn random_password() -> crate::error::Result<String> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| crate::error::Error::Write {
        path: SECRETS_DIR.into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    // 62 letters: the small bias of `% 62` costs under a bit of 190
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_random_and_url_safe() {
        let (a, b) = (random_password().unwrap(), random_password().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
    }
}
