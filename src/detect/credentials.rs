//! Literal credentials in the files a dependency install reads (`.npmrc`, `.yarnrc.yml`,
//! `pip.conf`, requirements files): where they are — file, line, kind — never what they
//! are. A `${VAR}` reference is not a credential: its value comes from the build's
//! environment.

use std::sync::LazyLock;

use regex::Regex;

use super::{BuildSecret, SecretKind};

/// One literal credential: its line (from 1) and what kind it is, worded for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub line: usize,
    pub what: String,
}

/// npm's and Yarn's credential keys, in every syntax they come in: `.npmrc`
/// (`//host/:_authToken=…`), `.yarnrc` (`"//host/:_authToken" "…"`), `.yarnrc.yml`
/// (`npmAuthToken: …`). The key must end where a separator starts, so `_authFoo` is not
/// `_auth`.
static AUTH_KEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?:^|[\s/:"'])(_authToken|_auth|_password|npmAuthToken|npmAuthIdent)["']?(?:\s*[=:]\s*|\s+)(.*)$"#,
    )
    .unwrap()
});

/// A URL with user information: `https://user:secret@host/…`.
static URL_USERINFO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b([a-z][a-z0-9+.-]*)://([^\s/@'"]+)@"#).unwrap());

/// Whether a value is written out rather than taken from the environment.
fn literal(value: &str) -> bool {
    let value = value.trim().trim_matches(['"', '\'']).trim();
    !value.is_empty() && !value.contains("${")
}

fn is_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with('#') || line.starts_with(';')
}

/// Credentials in URLs: a password (`user:secret@`), or a token as the whole user part
/// (`https://ghp_…@github.com`). SSH URLs name a user, not a secret.
pub fn in_urls(text: &str) -> Vec<Credential> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if is_comment(line) {
            continue;
        }
        let hit = URL_USERINFO.captures_iter(line).find_map(|c| {
            if c[1].to_ascii_lowercase().contains("ssh") {
                return None;
            }
            match c[2].split_once(':') {
                Some((_, password)) if literal(password) => Some("a password in a URL"),
                None if c[2].len() >= 20 && literal(&c[2]) => Some("a token in a URL"),
                _ => None,
            }
        });
        if let Some(what) = hit {
            found.push(Credential {
                line: n + 1,
                what: what.to_string(),
            });
        }
    }
    found
}

/// Credentials in a package manager's config file: the auth keys of npm and Yarn with a
/// written-out value, and credentials in any URL (a registry or an index).
pub fn in_config(text: &str) -> Vec<Credential> {
    let mut found: Vec<Credential> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if is_comment(line) {
            continue;
        }
        if let Some(c) = AUTH_KEY.captures(line).filter(|c| literal(&c[2])) {
            found.push(Credential {
                line: n + 1,
                what: format!("`{}`", &c[1]),
            });
        }
    }
    for url in in_urls(text) {
        if !found.iter().any(|c| c.line == url.line) {
            found.push(url);
        }
    }
    found.sort_by_key(|c| c.line);
    found
}

/// `` `_authToken` on line 2, a password in a URL on line 5 ``.
pub fn describe(found: &[Credential]) -> String {
    found
        .iter()
        .map(|c| format!("{} on line {}", c.what, c.line))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The file secret that delivers `file` to the build, and the warning that says why and how
/// to build. The id is the file's name (`.npmrc` → `npmrc`, `pip.conf` → `pip-conf`),
/// unless an earlier secret has it.
pub fn file_secret(
    file: &str,
    found: &[Credential],
    target: &str,
    every_call: bool,
    taken: &[BuildSecret],
    hint: &str,
) -> (BuildSecret, String) {
    let mut id = file.trim_start_matches('.').replace(['.', '/'], "-");
    if taken.iter().any(|s| s.id == id) {
        id.push_str("-file");
    }
    let steps = if every_call {
        "every build step that runs the package manager"
    } else {
        "the dependency install"
    };
    let warning = format!(
        "`{file}` holds a literal credential ({}): dockgen keeps the file out of the build context \
         and the image, and mounts it as the build secret `{id}` for {steps} only; build with \
         `docker build --secret id={id},src={file} .` (`docker compose build` and `dockgen verify` \
         pass it){hint}",
        describe(found)
    );
    let secret = BuildSecret {
        id,
        from: file.to_string(),
        kind: SecretKind::File {
            target: target.to_string(),
            every_call,
        },
    };
    (secret, warning)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(found: &[Credential]) -> Vec<(usize, &str)> {
        found.iter().map(|c| (c.line, c.what.as_str())).collect()
    }

    #[test]
    fn literal_values_are_credentials_references_are_not() {
        let npmrc = "\
@acme:registry=https://npm.acme.example/
//npm.acme.example/:_authToken=abc123
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
; _auth=commented
_auth = \"dXNlcjpwYXNz\"
//h/:_password=
_authFoo=not-a-key
registry=https://bob:hunter2@npm.example/
";
        assert_eq!(
            lines(&in_config(npmrc)),
            [
                (2, "`_authToken`"),
                (5, "`_auth`"),
                (8, "a password in a URL")
            ]
        );
        let yarnrc_yml = "\
nodeLinker: node-modules
npmScopes:
  acme:
    npmAuthToken: \"${ACME_TOKEN}\"
    npmAuthIdent: 'user:pass' # basic auth
npmRegistries:
  \"//npm.acme.example\":
    npmAuthToken: xyz
    npmAlwaysAuth: true
";
        assert_eq!(
            lines(&in_config(yarnrc_yml)),
            [(5, "`npmAuthIdent`"), (8, "`npmAuthToken`")]
        );
        let yarnrc = "\"//npm.acme.example/:_authToken\" \"abc\"\nregistry \"https://r.example\"\n";
        assert_eq!(lines(&in_config(yarnrc)), [(1, "`_authToken`")]);
    }

    #[test]
    fn urls_with_passwords_or_tokens() {
        let requirements = "\
--index-url https://__token__:pypi-AgEIcHlwaS5vcmc@pypi.example/simple
--extra-index-url https://${USER}:${PASSWORD}@pypi.example/simple
-i https://pypi.org/simple
git+ssh://git@github.com/acme/lib.git
lib @ git+https://ghp_0123456789abcdefghijklmnop@github.com/acme/lib.git
# --extra-index-url https://a:b@commented.example
flask==3.1.0
";
        assert_eq!(
            lines(&in_urls(requirements)),
            [(1, "a password in a URL"), (5, "a token in a URL")]
        );
    }

    #[test]
    fn the_warning_names_file_line_and_id_but_no_value() {
        let found = in_config("//npm.acme.example/:_authToken=s3cr3t-value\n");
        let (secret, warning) = file_secret(".npmrc", &found, ".npmrc", false, &[], "");
        assert_eq!(secret.id, "npmrc");
        assert!(warning.contains("`.npmrc`"), "{warning}");
        assert!(warning.contains("line 1"), "{warning}");
        assert!(
            warning.contains("--secret id=npmrc,src=.npmrc"),
            "{warning}"
        );
        assert!(!warning.contains("s3cr3t"), "{warning}");
        let taken = [secret];
        let (again, _) = file_secret(".npmrc", &found, ".npmrc", false, &taken, "");
        assert_eq!(again.id, "npmrc-file");
    }
}
