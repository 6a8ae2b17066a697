//! The container engines `verify` drives, and the exact commands it runs with each.
//!
//! Every command is built here as data ([`Cmd`]) so tests can check what would run against
//! an engine this machine lacks (Docker needs a daemon).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineKind {
    /// Docker with BuildKit.
    Docker,
    /// Podman (builds with its built-in Buildah).
    Podman,
    /// Buildah builds; Podman runs (they share one image store).
    Buildah,
}

impl fmt::Display for EngineKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EngineKind::Docker => "docker",
            EngineKind::Podman => "podman",
            EngineKind::Buildah => "buildah",
        })
    }
}

/// A command line, with the environment it adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    pub program: String,
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    /// Environment the program passes on by name (`--env KEY`): left out of the printed
    /// command, so a value given to the app is not echoed.
    pub passed_env: Vec<(String, String)>,
}

impl Cmd {
    pub(crate) fn new(program: &str, args: &[&str]) -> Cmd {
        Cmd {
            program: program.to_string(),
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            passed_env: Vec::new(),
        }
    }

    fn arg(mut self, arg: impl Into<String>) -> Cmd {
        self.args.push(arg.into());
        self
    }

    pub fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        for (k, v) in self.env.iter().chain(&self.passed_env) {
            command.env(k, v);
        }
        command
    }
}

impl fmt::Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, v) in &self.env {
            write!(f, "{k}={v} ")?;
        }
        write!(f, "{}", self.program)?;
        for a in &self.args {
            if a.is_empty() || a.contains([' ', '{', '"']) {
                write!(f, " '{a}'")?;
            } else {
                write!(f, " {a}")?;
            }
        }
        Ok(())
    }
}

/// A file the build mounts as a secret (`RUN --mount=type=secret,id=…`): a config file that
/// holds a credential, kept out of the build context and read from the project itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSecret {
    pub id: String,
    pub src: PathBuf,
}

/// An engine and the network mode its builds and containers use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    pub kind: EngineKind,
    /// `--network` for builds and containers; `host` skips port publishing.
    pub network: Option<String>,
}

impl Engine {
    /// The first engine that answers, in the order docker (with a running daemon), podman,
    /// buildah (which also needs podman to run containers).
    pub fn detect() -> Option<EngineKind> {
        [EngineKind::Docker, EngineKind::Podman, EngineKind::Buildah]
            .into_iter()
            .find(|kind| Engine::available(*kind).is_ok())
    }

    /// Whether the engine can build and run here; the error says what is missing.
    pub fn available(kind: EngineKind) -> Result<(), String> {
        // a Docker host that does not answer (an unreachable DOCKER_HOST) must not hang
        let answers = |program: &str, args: &[&str]| {
            super::exec::capture_within(
                &Cmd::new(program, args),
                std::time::Duration::from_secs(15),
            )
            .success
        };
        match kind {
            EngineKind::Docker if !answers("docker", &["--version"]) => {
                Err("`docker` is not installed".into())
            }
            EngineKind::Docker if !answers("docker", &["info", "--format", "{{.ID}}"]) => {
                Err("`docker` is installed but no Docker daemon answers".into())
            }
            EngineKind::Podman | EngineKind::Buildah if !answers("podman", &["--version"]) => {
                Err("`podman` is not installed (buildah needs it too, to run containers)".into())
            }
            EngineKind::Buildah if !answers("buildah", &["--version"]) => {
                Err("`buildah` is not installed".into())
            }
            _ => Ok(()),
        }
    }

    /// The program that runs and inspects containers.
    fn runner(&self) -> &'static str {
        match self.kind {
            EngineKind::Docker => "docker",
            EngineKind::Podman | EngineKind::Buildah => "podman",
        }
    }

    /// Builds `context` with `dockerfile` into `tag`. `--format docker` keeps HEALTHCHECK
    /// (the OCI format drops it); `--layers` keeps the per-step cache a warm rebuild uses.
    /// Each secret is passed as `--secret id=ID,src=PATH`, which all three engines read.
    pub fn build(
        &self,
        context: &Path,
        dockerfile: &Path,
        tag: &str,
        no_cache: bool,
        secrets: &[FileSecret],
    ) -> Cmd {
        let mut cmd = match self.kind {
            EngineKind::Docker => {
                let mut cmd = Cmd::new("docker", &["build", "--progress=plain"]);
                cmd.env.push(("DOCKER_BUILDKIT".into(), "1".into()));
                cmd
            }
            // `--force-rm`: a failed step leaves no working container behind
            EngineKind::Podman => Cmd::new(
                "podman",
                &["build", "--format", "docker", "--layers", "--force-rm"],
            ),
            EngineKind::Buildah => Cmd::new(
                "buildah",
                &["bud", "--format", "docker", "--layers", "--force-rm"],
            ),
        };
        if no_cache {
            cmd = cmd.arg("--no-cache");
        }
        if let Some(network) = &self.network {
            cmd = cmd.arg(format!("--network={network}"));
        }
        for secret in secrets {
            cmd = cmd
                .arg("--secret")
                .arg(format!("id={},src={}", secret.id, secret.src.display()));
        }
        cmd.arg("-f")
            .arg(dockerfile.display().to_string())
            .arg("-t")
            .arg(tag)
            .arg(context.display().to_string())
    }

    /// Starts the container detached. Without host networking the port is published on a
    /// free loopback port, found afterwards with [`Engine::port`].
    /// Runs the image detached; each of `env` reaches the container by name (`--env KEY`,
    /// the value in the engine's own environment).
    pub fn run(&self, name: &str, image: &str, port: Option<u16>, env: &[(String, String)]) -> Cmd {
        let mut cmd = Cmd::new(self.runner(), &["run", "--detach", "--name", name]);
        for (key, value) in env {
            cmd = cmd.arg("--env").arg(key.clone());
            cmd.passed_env.push((key.clone(), value.clone()));
        }
        match self.network.as_deref() {
            Some("host") => cmd = cmd.arg("--network=host"),
            other => {
                if let Some(network) = other {
                    cmd = cmd.arg(format!("--network={network}"));
                }
                if let Some(port) = port {
                    cmd = cmd.arg("--publish").arg(format!("127.0.0.1::{port}"));
                }
            }
        }
        cmd.arg(image)
    }

    pub fn uses_host_network(&self) -> bool {
        self.network.as_deref() == Some("host")
    }

    /// Prints the host address a container port is published on.
    pub fn port(&self, name: &str, port: u16) -> Cmd {
        Cmd::new(self.runner(), &["port", name, &format!("{port}/tcp")])
    }

    /// Prints the image's JSON description (size, user, health check).
    pub fn inspect_image(&self, image: &str) -> Cmd {
        Cmd::new(self.runner(), &["image", "inspect", image])
    }

    /// Prints the image's layers, newest first, as JSON: Podman an array of objects with
    /// `CreatedBy` and `size` (bytes), Docker one object a line with `CreatedBy` and `Size`.
    pub fn history(&self, image: &str) -> Cmd {
        match self.kind {
            EngineKind::Docker => Cmd::new(
                "docker",
                &[
                    "history",
                    "--no-trunc",
                    "--human=false",
                    "--format",
                    "{{json .}}",
                    image,
                ],
            ),
            EngineKind::Podman | EngineKind::Buildah => Cmd::new(
                "podman",
                &["history", "--no-trunc", "--format", "json", image],
            ),
        }
    }

    /// Fetches an image, quietly.
    pub fn pull(&self, image: &str) -> Cmd {
        Cmd::new(self.runner(), &["pull", "--quiet", image])
    }

    /// Prints `true` while the container runs.
    pub fn running(&self, name: &str) -> Cmd {
        Cmd::new(
            self.runner(),
            &[
                "container",
                "inspect",
                "--format",
                "{{.State.Running}}",
                name,
            ],
        )
    }

    /// Runs the image's HEALTHCHECK once; exit 0 means healthy. Docker has no such command,
    /// so its test runs through `exec`, as the daemon would run it.
    pub fn health_check(&self, name: &str, test: &[String]) -> Cmd {
        match self.kind {
            EngineKind::Docker => {
                let mut cmd = Cmd::new("docker", &["exec", name]);
                match test.split_first() {
                    Some((kind, rest)) if kind == "CMD-SHELL" => {
                        cmd = cmd.arg("/bin/sh").arg("-c").arg(rest.join(" "));
                    }
                    Some((kind, rest)) if kind == "CMD" => {
                        for a in rest {
                            cmd = cmd.arg(a.clone());
                        }
                    }
                    _ => {}
                }
                cmd
            }
            _ => Cmd::new("podman", &["healthcheck", "run", name]),
        }
    }

    /// Lists the processes in the container with their user, under a header line: Docker
    /// prints `PID UID` (its `top` needs the PID column to pick the container's processes),
    /// Podman `USER`.
    pub fn process_users(&self, name: &str) -> Cmd {
        match self.kind {
            EngineKind::Docker => Cmd::new("docker", &["top", name, "-o", "pid,uid"]),
            _ => Cmd::new("podman", &["top", name, "user"]),
        }
    }

    /// Sends SIGTERM (the image's STOPSIGNAL) and kills after `grace` seconds.
    pub fn stop(&self, name: &str, grace: u32) -> Cmd {
        Cmd::new(self.runner(), &["stop", "--time", &grace.to_string(), name])
    }

    pub fn logs(&self, name: &str) -> Cmd {
        Cmd::new(self.runner(), &["logs", "--tail", "40", name])
    }

    pub fn remove_container(&self, name: &str) -> Cmd {
        Cmd::new(self.runner(), &["rm", "--force", name])
    }

    pub fn remove_image(&self, image: &str) -> Cmd {
        Cmd::new(self.runner(), &["rmi", "--force", image])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docker() -> Engine {
        Engine {
            kind: EngineKind::Docker,
            network: None,
        }
    }

    #[test]
    fn docker_builds_with_buildkit_and_plain_progress() {
        let cmd = docker().build(
            Path::new("/ctx"),
            Path::new("/ctx/Dockerfile"),
            "t",
            true,
            &[],
        );
        assert_eq!(
            cmd.to_string(),
            "DOCKER_BUILDKIT=1 docker build --progress=plain --no-cache -f /ctx/Dockerfile -t t /ctx"
        );
    }

    #[test]
    fn docker_runs_publishes_and_probes_through_exec() {
        let d = docker();
        assert_eq!(
            d.run("c", "img", Some(3000), &[]).to_string(),
            "docker run --detach --name c --publish 127.0.0.1::3000 img"
        );
        assert_eq!(d.port("c", 3000).to_string(), "docker port c 3000/tcp");
        let test = ["CMD", "node", "-e", "fetch(1)"].map(String::from);
        assert_eq!(
            d.health_check("c", &test).to_string(),
            "docker exec c node -e fetch(1)"
        );
        let shell = ["CMD-SHELL", "curl -f localhost"].map(String::from);
        assert_eq!(
            d.health_check("c", &shell).to_string(),
            "docker exec c /bin/sh -c 'curl -f localhost'"
        );
        assert_eq!(d.process_users("c").to_string(), "docker top c -o pid,uid");
        assert_eq!(d.stop("c", 10).to_string(), "docker stop --time 10 c");
        assert_eq!(d.remove_image("img").to_string(), "docker rmi --force img");
    }

    #[test]
    fn buildah_builds_podman_runs_on_the_host_network() {
        let e = Engine {
            kind: EngineKind::Buildah,
            network: Some("host".into()),
        };
        let npmrc = FileSecret {
            id: "npmrc".into(),
            src: PathBuf::from("/p/.npmrc"),
        };
        assert_eq!(
            e.build(Path::new("c"), Path::new("c/Dockerfile"), "t", false, &[npmrc])
                .to_string(),
            "buildah bud --format docker --layers --force-rm --network=host --secret id=npmrc,src=/p/.npmrc -f c/Dockerfile -t t c"
        );
        assert_eq!(
            e.run("n", "t", Some(8000), &[]).to_string(),
            "podman run --detach --name n --network=host t"
        );
        assert_eq!(
            e.health_check("n", &[]).to_string(),
            "podman healthcheck run n"
        );
    }
}
