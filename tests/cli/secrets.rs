//! Literal credentials in the files a build reads: a warning naming file and line, the file
//! kept out of the build context and delivered as a BuildKit secret mount, compose passing
//! it, and the value itself nowhere in dockgen's output or files.

use dockgen::dockerignore::DockerIgnore;

use crate::support::{dockgen, TempProject};

/// What `init --yes` printed and wrote: stdout and stderr, and each generated file.
struct Generated {
    output: String,
    files: Vec<(String, String)>,
}

impl Generated {
    fn file(&self, name: &str) -> &str {
        &self
            .files
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no {name} among {:?}", self.files))
            .1
    }

    /// Everything a user could read: the run's output, `plan --json`, every file written.
    fn everything(&self, plan_json: &str) -> String {
        let mut all = format!("{}\n{plan_json}\n", self.output);
        for (name, text) in &self.files {
            all.push_str(&format!("==> {name}\n{text}\n"));
        }
        all
    }
}

fn generate(project: &TempProject) -> (Generated, String) {
    let out = dockgen()
        .args(["init", "--yes"])
        .arg(project.path())
        .output()
        .unwrap();
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{output}");
    let files = [
        "Dockerfile",
        ".dockerignore",
        "compose.yaml",
        ".dockgen.toml",
    ]
    .iter()
    .map(|f| (f.to_string(), project.read(f)))
    .collect();
    let plan = dockgen()
        .args(["plan", "--json"])
        .arg(project.path())
        .output()
        .unwrap();
    assert!(plan.status.success());
    let plan_json = format!(
        "{}{}",
        String::from_utf8_lossy(&plan.stdout),
        String::from_utf8_lossy(&plan.stderr)
    );
    (Generated { output, files }, plan_json)
}

fn warnings(plan_json: &str) -> Vec<String> {
    let plan: serde_json::Value = serde_json::from_str(plan_json).unwrap();
    plan["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

/// The `COPY` lines that read the build context.
fn context_copies(dockerfile: &str) -> Vec<&str> {
    dockerfile
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from="))
        .collect()
}

#[test]
fn a_literal_npm_token_is_mounted_as_a_secret_and_never_copied_or_printed() {
    let value = "npm_LiteralTokenValue0123456789";
    let project = TempProject::copy_of("node-express-npm").file(
        ".npmrc",
        &format!(
            "@acme:registry=https://npm.acme.example/\n//npm.acme.example/:_authToken={value}\n//registry.npmjs.org/:_authToken=${{NPM_TOKEN}}\n"
        ),
    );
    let (generated, plan_json) = generate(&project);

    let warning = warnings(&plan_json)
        .into_iter()
        .find(|w| w.contains("`.npmrc`"))
        .expect("a warning about .npmrc");
    assert!(warning.contains("line 2"), "{warning}");
    assert!(
        warning.contains("--secret id=npmrc,src=.npmrc"),
        "says how to build: {warning}"
    );
    assert!(
        generated
            .output
            .contains("`.npmrc` holds a literal credential"),
        "{}",
        generated.output
    );
    let everything = generated.everything(&plan_json);
    assert!(
        !everything.contains("LiteralTokenValue"),
        "the token's value appears in dockgen's output or files:\n{everything}"
    );

    let dockerfile = generated.file("Dockerfile");
    for copy in context_copies(dockerfile) {
        assert!(!copy.contains(".npmrc"), "{copy}");
    }
    let install = dockerfile
        .lines()
        .find(|l| l.starts_with("RUN ") && l.contains("id=npmrc"))
        .unwrap_or_else(|| panic!("no install mounts the npmrc secret:\n{dockerfile}"));
    assert!(
        install.contains("--mount=type=secret,id=npmrc,target=/app/.npmrc"),
        "{install}"
    );
    // the `${NPM_TOKEN}` reference still comes from the environment, as before, through a
    // secret file every engine mounts
    assert!(
        install.contains("--mount=type=secret,id=npm_token,target=/run/secrets/npm_token"),
        "{install}"
    );
    assert!(
        dockerfile.contains(r#"NPM_TOKEN="$(cat /run/secrets/npm_token)" npm ci"#),
        "{dockerfile}"
    );

    let ignore = generated.file(".dockerignore");
    assert!(ignore.lines().any(|l| l == ".npmrc"), "{ignore}");
    assert!(DockerIgnore::parse(ignore).excludes(".npmrc"));

    let compose = generated.file("compose.yaml");
    assert!(
        compose.contains("      secrets:\n        - npm_token\n        - npmrc\n"),
        "{compose}"
    );
    assert!(
        compose.contains("  npmrc:\n    file: \"./.npmrc\"\n"),
        "{compose}"
    );
}

#[test]
fn yarn_config_with_a_literal_token_is_mounted_for_every_yarn_step() {
    let value = "LiteralYarnToken0123456789";
    let project = TempProject::copy_of("node-hono-yarn-berry")
        .file(
            ".yarnrc.yml",
            &format!(
                "nodeLinker: node-modules\nnpmScopes:\n  acme:\n    npmRegistryServer: \"https://npm.acme.example\"\n    npmAuthToken: \"{value}\"\n"
            ),
        )
        .file(
            "package.json",
            &TempProject::copy_of("node-hono-yarn-berry")
                .read("package.json")
                .replacen("\"scripts\": {", "\"scripts\": {\n    \"build\": \"node -e 0\",", 1),
        );
    let (generated, plan_json) = generate(&project);
    let warning = warnings(&plan_json)
        .into_iter()
        .find(|w| w.contains("`.yarnrc.yml`"))
        .expect("a warning about .yarnrc.yml");
    assert!(warning.contains("`npmAuthToken` on line 5"), "{warning}");
    assert!(!generated.everything(&plan_json).contains(value));

    let dockerfile = generated.file("Dockerfile");
    for copy in context_copies(dockerfile) {
        assert!(!copy.contains(".yarnrc.yml"), "{copy}");
    }
    let mount = "--mount=type=secret,id=yarnrc-yml,target=/app/.yarnrc.yml";
    let mounted: Vec<&str> = dockerfile.lines().filter(|l| l.contains(mount)).collect();
    // both installs and the build, which runs `yarn run build`
    assert_eq!(mounted.len(), 3, "{dockerfile}");
    assert!(
        dockerfile.contains(&format!("RUN {mount} yarn run build")),
        "{dockerfile}"
    );
    assert!(DockerIgnore::parse(generated.file(".dockerignore")).excludes(".yarnrc.yml"));
}

#[test]
fn pip_credentials_are_reported_and_pip_conf_becomes_a_secret() {
    let project = TempProject::copy_of("python-fastapi-pip")
        .file(
            "pip.conf",
            "[global]\nextra-index-url = https://deploy:PipConfSecret123@pypi.acme.example/simple\n",
        )
        .file(
            "requirements.txt",
            "--extra-index-url https://ci:RequirementsSecret456@pypi.acme.example/simple\nfastapi==0.165.0\nuvicorn==0.54.0\n",
        );
    let (generated, plan_json) = generate(&project);
    let everything = generated.everything(&plan_json);
    for value in ["PipConfSecret123", "RequirementsSecret456"] {
        assert!(
            !everything.contains(value),
            "{value} appears:\n{everything}"
        );
    }
    let warnings = warnings(&plan_json);
    let pip_conf = warnings
        .iter()
        .find(|w| w.starts_with("`pip.conf`"))
        .expect("a warning about pip.conf");
    assert!(
        pip_conf.contains("a password in a URL on line 2"),
        "{pip_conf}"
    );
    let requirements = warnings
        .iter()
        .find(|w| w.starts_with("`requirements.txt`"))
        .expect("a warning about requirements.txt");
    assert!(
        requirements.contains("line 1") && requirements.contains("`pip.conf`"),
        "{requirements}"
    );

    let dockerfile = generated.file("Dockerfile");
    let install = dockerfile
        .lines()
        .find(|l| l.starts_with("RUN ") && l.contains("id=pip-conf"))
        .unwrap_or_else(|| panic!("no step mounts pip.conf:\n{dockerfile}"));
    assert!(
        install.contains("--mount=type=secret,id=pip-conf,target=/etc/pip.conf"),
        "{install}"
    );
    assert!(DockerIgnore::parse(generated.file(".dockerignore")).excludes("pip.conf"));
    assert!(
        generated
            .file("compose.yaml")
            .contains("  pip-conf:\n    file: \"./pip.conf\"\n"),
        "{}",
        generated.file("compose.yaml")
    );
}
