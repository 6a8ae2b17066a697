//! `dockgen verify`: build the project's Dockerfile, run the image and check what a
//! production image must do — build, become healthy, run as non-root, stop promptly, stay
//! small, rebuild fast after a source edit.
//!
//! The build uses a private copy of the context (see [`staging`]), so the user's files are
//! never touched; containers and images are removed afterwards unless asked to keep them.

pub mod cache;
pub mod compose;
pub mod dockerfile;
pub mod engine;
pub mod exec;
pub mod report;
pub mod request;
pub mod staging;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use dockerfile::Dockerfile;
use engine::{Engine, EngineKind, FileSecret};
use exec::{capture, capture_within, stream};
use report::{megabytes, Report};

/// What the user asked `verify` to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The build context: the project, or the root of the workspace the app belongs to.
    pub path: PathBuf,
    /// The Dockerfile under test, relative to `path`: `Dockerfile`, or a workspace app's
    /// `apps/api/Dockerfile`.
    pub dockerfile: String,
    pub engine: Option<EngineKind>,
    pub network: Option<String>,
    pub port: Option<u16>,
    pub health_path: Option<String>,
    /// How long the container may take to become healthy.
    pub timeout: Duration,
    pub keep: bool,
    /// The first build may reuse cached layers (`--layer-cache`): not a cold build.
    pub layer_cache: bool,
    /// Stream every line of the engine's output, not just the steps.
    pub verbose: bool,
    /// Requests sent once the app is healthy, each checked in turn.
    pub requests: Vec<request::Request>,
    /// Environment the container runs with (`--env KEY=VALUE`).
    pub env: Vec<(String, String)>,
}

/// Set by Ctrl-C: the checks stop where they are, and the container and images are still
/// removed before dockgen exits.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks a running verification to stop (the Ctrl-C handler calls it).
pub fn interrupt() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// A stop slower than this means PID 1 ignored SIGTERM and the engine had to wait (the
/// grace); a server draining its workers (uvicorn's two) on a loaded machine takes 4, and the
/// engine's own stop of an nginx that exits at once took 6.8 s under a full test suite's load.
const STOP_LIMIT_SECONDS: f64 = 8.0;
/// The grace the engine gives before killing: well past the limit, so that a PID 1 ignoring
/// SIGTERM (stopped only by the kill, after the whole grace) is never taken for a slow stop.
const STOP_GRACE_SECONDS: u32 = 20;
const LOG_TAIL_LINES: usize = 30;

/// Where the app listens and what to probe: the flags, else the Dockerfile's `EXPOSE` (the
/// port) and dockgen's own answers for the project (the port without `EXPOSE`, the health
/// path, the start command).
struct Target {
    port: Option<u16>,
    health_path: String,
    /// Files named in the start command: the preferred file to edit.
    entry_files: Vec<String>,
}

/// What dockgen's own plan for the project expects of its image, for what the flags and the
/// Dockerfile do not say. The command works it out; `verify` never runs the generator.
#[derive(Debug, Clone, Default)]
pub struct Expected {
    pub port: Option<u16>,
    pub health_path: Option<String>,
    /// The start command's words: the files it names are the preferred file to edit.
    pub start: Vec<String>,
    /// Project files that hold a literal registry credential, by the secret id the
    /// Dockerfile mounts them under (`npmrc` → `.npmrc`). The build context leaves them
    /// out, so the engine reads them from the project itself.
    pub credential_files: Vec<(String, PathBuf)>,
    /// Credentials the project's config takes from the environment, by the secret id the
    /// Dockerfile mounts them under (`npm_token` → `NPM_TOKEN`).
    pub env_secrets: Vec<(String, String)>,
    /// Variables the app cannot start without (a Django `SECRET_KEY` read with no
    /// default), each with a throwaway value and why it is needed: passed unless `--env`
    /// gives them.
    pub env: Vec<NeededEnv>,
    /// The app serves nothing (a worker): without a port or a HEALTHCHECK, it is healthy
    /// while it keeps running.
    pub worker: bool,
}

/// How long a worker must keep running to count as healthy.
const WORKER_RUNS: Duration = Duration::from_secs(5);

/// A variable the app needs to start, as the plan sees it.
#[derive(Debug, Clone)]
pub struct NeededEnv {
    pub name: String,
    /// A value good enough to start a throwaway container.
    pub value: String,
    /// What `verify` says when it passes the value: why, and what value.
    pub note: String,
}

/// The container's environment: `--env`, then a throwaway value (announced) for each
/// variable the app needs that `--env` does not give.
fn container_env(
    opts: &Options,
    expected: &Expected,
    progress: &mut dyn FnMut(&str),
) -> Vec<(String, String)> {
    let mut env = opts.env.clone();
    for need in &expected.env {
        if env.iter().any(|(k, _)| *k == need.name) {
            continue;
        }
        progress(&format!(
            "{}; pass `--env {}=…` to choose it",
            need.note, need.name
        ));
        env.push((need.name.clone(), need.value.clone()));
    }
    env
}

/// The secrets the build mounts, each as a file for `--secret id=…,src=…` (the one form
/// every engine reads): a project file the plan knows holds a credential is passed as it
/// is; any other secret (a `${NPM_TOKEN}` the config reads) is written into `dir` from the
/// environment variable it stands for, or as a dummy value when that is not set, so the
/// build still runs where the registry does not need it. Each is announced in `notes`.
fn build_secrets(
    opts: &Options,
    dockerfile: &Dockerfile,
    expected: &Expected,
    dir: &Path,
    notes: &mut Vec<String>,
) -> Result<Vec<FileSecret>> {
    let mut secrets = Vec::new();
    for m in dockerfile.secret_mounts() {
        if let Some((_, file)) = expected.credential_files.iter().find(|(id, _)| *id == m.id) {
            if let Ok(src) = std::path::absolute(opts.path.join(file)) {
                notes.push(format!(
                    "passing {} to the build as the secret `{}`",
                    src.display(),
                    m.id
                ));
                secrets.push(FileSecret { id: m.id, src });
            }
            continue;
        }
        let env = expected
            .env_secrets
            .iter()
            .find(|(id, _)| *id == m.id)
            .map(|(_, env)| env.clone())
            .or(m.env.clone())
            .unwrap_or_else(|| m.id.to_ascii_uppercase().replace('-', "_"));
        let value = match std::env::var(&env) {
            Ok(value) if !value.is_empty() => {
                notes.push(format!(
                    "passing `{env}` from the environment to the build as the secret `{}`",
                    m.id
                ));
                value
            }
            _ => {
                notes.push(format!(
                    "`{env}` is not set: passing a dummy value as the secret `{}`; an install that needs the real credential fails, so set `{env}` to pass yours",
                    m.id
                ));
                "dockgen-verify-dummy-value".to_string()
            }
        };
        let src = dir.join(format!("secret-{}", secrets.len()));
        write_private(&src, &value)?;
        secrets.push(FileSecret { id: m.id, src });
    }
    Ok(secrets)
}

/// Writes `text` into a new file only its owner can read.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

fn target(opts: &Options, dockerfile: &Dockerfile, expected: &Expected) -> Target {
    Target {
        // the Dockerfile under test says where its app listens, even when edited by hand
        port: opts
            .port
            .or_else(|| dockerfile.exposed_port())
            // a worker's plan names the preset's default port, on which nothing listens
            .or(expected.port.filter(|_| !expected.worker)),
        health_path: opts
            .health_path
            .clone()
            .or_else(|| expected.health_path.clone())
            .unwrap_or_else(|| "/".into()),
        entry_files: expected.start.clone(),
    }
}

/// Picks the engine: the one asked for (if it works here) or the first that does.
pub fn choose_engine(asked: Option<EngineKind>) -> Result<EngineKind> {
    match asked {
        Some(kind) => Engine::available(kind)
            .map(|()| kind)
            .map_err(|reason| Error::NoEngine { reason }),
        None => Engine::detect().ok_or_else(|| Error::NoEngine {
            reason: "none of docker (with a running daemon), podman or buildah answers".into(),
        }),
    }
}

/// Runs every check; `progress` receives a line whenever something happens.
pub fn verify(
    opts: &Options,
    expected: &Expected,
    progress: &mut dyn FnMut(&str),
) -> Result<Report> {
    crate::project::check_folder(&opts.path)?;
    let dockerfile_path = opts.path.join(&opts.dockerfile);
    let text = crate::bounded::read_text(&dockerfile_path, crate::bounded::Limit::CONFIG)?
        .ok_or_else(|| Error::NoDockerfile {
            dir: opts.path.clone(),
        })?;
    let dockerfile = Dockerfile::parse(&text);
    let kind = choose_engine(opts.engine)?;
    let engine = Engine {
        kind,
        network: opts.network.clone(),
    };
    let target = target(opts, &dockerfile, expected);
    let env = container_env(opts, expected, progress);

    let scratch = tempfile::Builder::new()
        .prefix("dockgen-verify-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let context = scratch.path().join("context");
    std::fs::create_dir(&context).map_err(|source| Error::Write {
        path: context.clone(),
        source,
    })?;
    let files = staging::stage_context(&opts.path, &context, &opts.dockerfile)?;
    let mut notes = Vec::new();
    let secrets = build_secrets(opts, &dockerfile, expected, scratch.path(), &mut notes)?;

    let name = unique_name(&opts.path);
    let image = format!("localhost/{name}:latest");
    let mut report = Report::new(kind.to_string(), image.clone());
    for note in &notes {
        progress(note);
    }
    let mut run = Run {
        engine: &engine,
        opts,
        dockerfile: &dockerfile,
        secrets: &secrets,
        env: &env,
        context: &context,
        image: &image,
        container: &name,
        progress,
        built: Vec::new(),
        expected_worker: expected.worker,
    };
    run.checks(&mut report, &target, &files);
    if !opts.keep {
        (run.progress)("cleaning up");
        capture(&engine.remove_container(&name));
        capture(&engine.remove_image(&image));
        // the cold build's image (and a first rebuild's) lost the tag to the last rebuild
        for id in &run.built {
            capture(&engine.remove_image(id));
        }
    } else {
        (run.progress)(&format!("kept image {image} and container {name}"));
        // the cold build's image (and a first rebuild's), untagged by the last rebuild: the
        // caller keeping the image removes them when it is done
        if !run.built.is_empty() {
            (run.progress)(&format!(
                "left the earlier builds' images: {}",
                run.built.join(" ")
            ));
        }
    }
    if interrupted() {
        return Err(Error::Interrupted {
            reason: if opts.keep {
                "interrupted".into()
            } else {
                "interrupted; the container and images were removed".into()
            },
        });
    }
    Ok(report)
}

/// A name no other run uses: `dockgen-verify-<project>-<time>`.
fn unique_name(path: &Path) -> String {
    let dir = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "app".into());
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() % 1_000_000_000_000);
    format!("dockgen-verify-{}-{nanos:x}", crate::detect::slug(&dir))
}

/// One verification in progress.
struct Run<'a> {
    engine: &'a Engine,
    opts: &'a Options,
    dockerfile: &'a Dockerfile,
    /// Files the build mounts as secrets, read from the project.
    secrets: &'a [FileSecret],
    /// The container's environment.
    env: &'a [(String, String)],
    context: &'a Path,
    image: &'a str,
    container: &'a str,
    progress: &'a mut dyn FnMut(&str),
    /// The id of every image built, to remove them all.
    built: Vec<String>,
    /// The plan says the app serves nothing.
    expected_worker: bool,
}

impl Run<'_> {
    fn checks(&mut self, report: &mut Report, target: &Target, files: &[String]) {
        let Some((cold, inspect)) = self.cold_build(report) else {
            for name in [
                "healthy",
                "requests",
                "non-root",
                "size",
                "stop",
                "warm-rebuild",
            ] {
                if name != "requests" || !self.opts.requests.is_empty() {
                    report.skip(name, "the image did not build");
                }
            }
            return;
        };
        if interrupted() {
            return;
        }
        let started = self.healthy(report, target, &inspect);
        if interrupted() {
            return;
        }
        if !self.opts.requests.is_empty() {
            self.requests(report, target, started);
        }
        if started {
            self.non_root(report, &inspect);
        } else {
            report.skip("non-root", "the container is not running");
        }
        self.size(report, &inspect);
        if started {
            self.stop(report);
        } else {
            report.skip("stop", "the container is not running");
        }
        if interrupted() {
            return;
        }
        self.warm_rebuild(report, cold, target, files);
    }

    fn build(&mut self, no_cache: bool) -> Built {
        let cmd = self.engine.build(
            self.context,
            &self.context.join(&self.opts.dockerfile),
            self.image,
            no_cache,
            self.secrets,
        );
        (self.progress)(&format!("$ {cmd}"));
        let start = Instant::now();
        let verbose = self.opts.verbose;
        let progress = &mut self.progress;
        let (ok, log) = stream(&cmd, |line| {
            if verbose || is_step_line(line) {
                progress(&format!(
                    "  [{:>5.1}s] {line}",
                    start.elapsed().as_secs_f64()
                ));
            }
        });
        let seconds = start.elapsed().as_secs_f64();
        let inspect = if ok { self.inspect(self.image) } else { None };
        // The id, not the tag, names this build's image: the next build takes the tag. (Not
        // `--iidfile`: with it, Buildah 1.28 stops printing the step ends the log reader needs.)
        if let Some(id) = inspect
            .as_ref()
            .and_then(|i| i["Id"].as_str())
            .filter(|id| !id.is_empty() && !self.built.iter().any(|b| b == id))
        {
            self.built.push(id.to_string());
        }
        Built {
            ok,
            seconds,
            log,
            inspect,
        }
    }

    /// The cold build's time and the image's description, when it built.
    fn cold_build(&mut self, report: &mut Report) -> Option<(f64, Option<serde_json::Value>)> {
        let cached = self.opts.layer_cache;
        (self.progress)(if cached {
            "building the image (reusing layers earlier builds left)"
        } else {
            "building the image from scratch (no layer cache)"
        });
        let Built {
            ok,
            seconds,
            log,
            inspect,
        } = self.build(!cached);
        if ok {
            report.metrics.build_seconds = Some(round(seconds));
            let kind = if cached {
                "build with the layer cache"
            } else {
                "cold build"
            };
            report.pass("build", format!("{kind} in {seconds:.1} s"));
            Some((seconds, inspect))
        } else {
            report.fail(
                "build",
                format!("the build failed after {seconds:.1} s; the end of its log:"),
                Some(tail(&log)),
            );
            None
        }
    }

    /// The image's description, as the engine prints it.
    fn inspect(&self, image: &str) -> Option<serde_json::Value> {
        let out = capture(&self.engine.inspect_image(image));
        let value: serde_json::Value = serde_json::from_str(&out.stdout).ok()?;
        match value {
            serde_json::Value::Array(mut items) if !items.is_empty() => Some(items.remove(0)),
            _ => None,
        }
    }

    fn is_running(&self) -> bool {
        capture(&self.engine.running(self.container)).stdout.trim() == "true"
    }

    fn container_log(&self) -> String {
        tail(
            &capture(&self.engine.logs(self.container))
                .text()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>(),
        )
    }

    /// Starts the container and waits for its HEALTHCHECK (or, without one, an HTTP answer
    /// on the port). Returns whether the container is running.
    fn healthy(
        &mut self,
        report: &mut Report,
        target: &Target,
        inspect: &Option<serde_json::Value>,
    ) -> bool {
        let test = health_test(inspect.as_ref());
        // On the host's network a server already on the port would answer for the app.
        if let Some(port) = target.port.filter(|_| self.engine.uses_host_network()) {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                report.fail(
                    "healthy",
                    format!("port {port} is already in use on this machine, so a probe could reach another server; stop it, or verify without `--network host`"),
                    None,
                );
                return false;
            }
        }
        let run = self
            .engine
            .run(self.container, self.image, target.port, self.env);
        (self.progress)(&format!("$ {run}"));
        let out = capture(&run);
        if !out.success {
            report.fail("healthy", "the container did not start", Some(out.text()));
            return false;
        }
        let probe = match (&test, target.port) {
            (Some(_), _) => "its HEALTHCHECK".to_string(),
            (None, Some(port)) => format!("GET {} on port {port}", target.health_path),
            (None, None) if self.expected_worker => {
                return self.keeps_running(report);
            }
            (None, None) => {
                report.fail(
                    "healthy",
                    "the image has no HEALTHCHECK and no port is known; pass --port",
                    None,
                );
                return true;
            }
        };
        (self.progress)(&format!("waiting for {probe} to pass"));
        let host_port = target.port.and_then(|p| self.host_port(p));
        let start = Instant::now();
        let mut last = String::new();
        while start.elapsed() < self.opts.timeout && !interrupted() {
            if !self.is_running() {
                report.fail(
                    "healthy",
                    "the container exited before becoming healthy; its log:",
                    Some(self.container_log()),
                );
                return false;
            }
            let passed = match (&test, host_port) {
                (Some(test), _) => {
                    // the probe gets what is left of the timeout, 30 s at most
                    let left = self.opts.timeout.saturating_sub(start.elapsed());
                    let out = capture_within(
                        &self.engine.health_check(self.container, test),
                        left.clamp(Duration::from_secs(1), Duration::from_secs(30)),
                    );
                    last = out.text();
                    out.success
                }
                (None, Some(port)) => match http_status(port, &target.health_path) {
                    Ok(status) => {
                        last = format!("HTTP {status}");
                        (200..400).contains(&status)
                    }
                    Err(e) => {
                        last = e;
                        false
                    }
                },
                (None, None) => false,
            };
            if passed {
                let seconds = start.elapsed().as_secs_f64();
                report.metrics.healthy_seconds = Some(round(seconds));
                report.pass("healthy", format!("{probe} passed after {seconds:.1} s"));
                return true;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        let mut log = self.container_log();
        if !last.is_empty() {
            log = format!("last probe: {last}\n{log}");
        }
        report.fail(
            "healthy",
            format!(
                "{probe} did not pass within {} s",
                self.opts.timeout.as_secs()
            ),
            Some(log),
        );
        true
    }

    /// A worker's health: it is still running [`WORKER_RUNS`] after it started.
    fn keeps_running(&mut self, report: &mut Report) -> bool {
        (self.progress)(&format!(
            "a worker: no HTTP server to probe; waiting {} s for it to keep running",
            WORKER_RUNS.as_secs()
        ));
        let start = Instant::now();
        while start.elapsed() < WORKER_RUNS && !interrupted() {
            if !self.is_running() {
                report.fail(
                    "healthy",
                    "the worker exited; its log:",
                    Some(self.container_log()),
                );
                return false;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        report.pass(
            "healthy",
            format!(
                "a worker (no port, no HTTP probe): still running after {} s",
                WORKER_RUNS.as_secs()
            ),
        );
        true
    }

    /// Sends the requests asked for, in order; the first that fails fails the check.
    fn requests(&mut self, report: &mut Report, target: &Target, started: bool) {
        if !started || !report.passed("healthy") {
            report.skip("requests", "the app is not healthy");
            return;
        }
        let Some(port) = target.port.and_then(|p| self.host_port(p)) else {
            report.fail(
                "requests",
                "no port is known to send them to; pass --port",
                None,
            );
            return;
        };
        let mut answered = Vec::new();
        for request in &self.opts.requests {
            (self.progress)(&format!("sending {request}"));
            match request::send(request, port) {
                Ok(status) => answered.push(format!("{request}: {status}")),
                Err(why) => {
                    report.fail(
                        "requests",
                        format!("{request}: {why}"),
                        Some(self.container_log()),
                    );
                    return;
                }
            }
        }
        report.pass("requests", answered.join("; "));
    }

    fn host_port(&self, port: u16) -> Option<u16> {
        if self.engine.uses_host_network() {
            return Some(port);
        }
        let out = capture(&self.engine.port(self.container, port));
        out.stdout
            .lines()
            .find_map(|l| l.trim().rsplit(':').next()?.parse().ok())
    }

    fn non_root(&mut self, report: &mut Report, inspect: &Option<serde_json::Value>) {
        report.metrics.image_user = inspect
            .as_ref()
            .and_then(|i| i["Config"]["User"].as_str())
            .filter(|u| !u.is_empty())
            .map(String::from);
        let out = capture(&self.engine.process_users(self.container));
        let mut users = process_users(&out.stdout);
        users.dedup();
        report.metrics.users = users.clone();
        if !out.success || users.is_empty() {
            report.fail(
                "non-root",
                "cannot list the container's processes",
                Some(out.text()),
            );
        } else if users.iter().any(|u| u == "root" || u == "0") {
            report.fail(
                "non-root",
                format!(
                    "processes run as {}; add a `USER` with a non-zero uid",
                    users.join(", ")
                ),
                None,
            );
        } else {
            let configured = report
                .metrics
                .image_user
                .as_deref()
                .map(|u| format!(" (USER {u})"))
                .unwrap_or_default();
            report.pass(
                "non-root",
                format!("runs as {}{configured}", users.join(", ")),
            );
        }
    }

    fn size(&mut self, report: &mut Report, inspect: &Option<serde_json::Value>) {
        let Some(bytes) = inspect.as_ref().and_then(|i| i["Size"].as_u64()) else {
            report.fail("size", "the engine did not report the image's size", None);
            return;
        };
        report.metrics.image_bytes = Some(bytes);
        let base = self.dockerfile.final_base_image();
        let base_bytes = match &base {
            None => Some(0),
            Some(name) => self
                .inspect(name)
                .or_else(|| {
                    // BuildKit keeps the base in its own cache, not among Docker's images
                    capture(&self.engine.pull(name))
                        .success
                        .then(|| self.inspect(name))
                        .flatten()
                })
                .and_then(|i| i["Size"].as_u64()),
        };
        report.metrics.base_image = base.clone();
        report.metrics.base_bytes = base_bytes;
        let copied = self.copied_bytes(base.as_deref());
        report.metrics.copied_bytes = copied;
        let detail = match base_bytes {
            Some(b) => {
                let added = bytes.saturating_sub(b);
                report.metrics.added_bytes = Some(added);
                format!(
                    "{} image, {} added on top of {}{}",
                    megabytes(bytes),
                    megabytes(added),
                    base.as_deref().unwrap_or("scratch"),
                    copied.map_or(String::new(), |c| format!(
                        ", of which {} copied in (dependencies and app)",
                        megabytes(c)
                    ))
                )
            }
            None => format!("{} image", megabytes(bytes)),
        };
        report.pass("size", detail);
    }

    /// The bytes of the image's `COPY` and `ADD` layers above its base's: the dependencies
    /// and the app the final stage copies in. `None` when the engine's history is unreadable.
    fn copied_bytes(&self, base: Option<&str>) -> Option<u64> {
        let layers = history(&capture(&self.engine.history(self.image)).stdout)?;
        let below = match base {
            None => 0,
            Some(name) => history(&capture(&self.engine.history(name)).stdout)?.len(),
        };
        let own = layers.len().checked_sub(below)?;
        Some(
            layers[..own]
                .iter()
                .filter(|(step, _)| is_copy(step))
                .map(|(_, size)| size)
                .sum(),
        )
    }

    fn stop(&mut self, report: &mut Report) {
        // a container that already exited would "stop" at once
        if !self.is_running() {
            report.fail(
                "stop",
                "the container exited by itself before it could be stopped; its log:",
                Some(self.container_log()),
            );
            return;
        }
        (self.progress)("stopping the container (SIGTERM)");
        let start = Instant::now();
        let out = capture(&self.engine.stop(self.container, STOP_GRACE_SECONDS));
        let seconds = start.elapsed().as_secs_f64();
        report.metrics.stop_seconds = Some(round(seconds));
        if !out.success {
            report.fail(
                "stop",
                "the engine could not stop the container",
                Some(out.text()),
            );
        } else if seconds > STOP_LIMIT_SECONDS {
            report.fail(
                "stop",
                format!(
                    "took {seconds:.1} s (limit {STOP_LIMIT_SECONDS} s): PID 1 ignores SIGTERM; \
                     run the app under an init such as tini or handle SIGTERM"
                ),
                Some(self.container_log()),
            );
        } else {
            report.pass("stop", format!("stopped {seconds:.1} s after SIGTERM"));
        }
    }

    fn warm_rebuild(&mut self, report: &mut Report, cold: f64, target: &Target, files: &[String]) {
        let manifests = self.dockerfile.copied_files();
        let copied: Vec<String> = files
            .iter()
            .filter(|f| {
                self.dockerfile
                    .invalidated_by(f)
                    .iter()
                    .flatten()
                    .any(|dirty| *dirty)
            })
            .cloned()
            .collect();
        let Some(file) = staging::pick_source_file(&copied, &manifests, &target.entry_files) else {
            report.fail(
                "warm-rebuild",
                "found no source file the image copies to edit (looked for .js, .ts, .py, .go, .html, .css and the like)",
                None,
            );
            return;
        };
        report.metrics.edited_file = Some(file.clone());
        // Buildah and Podman look a cached step up among every image with the same parent
        // and instruction; once the cold `--no-cache` build has made a second copy of some
        // layers (say, a base stage other projects share), the first rebuild may follow the
        // older copy and miss its children. One more edit and rebuild settles that; a
        // Dockerfile that really installs after copying the source fails both.
        let mut attempt = 0;
        let outcome = loop {
            attempt += 1;
            let token = format!("{} #{attempt}", self.container);
            if let Err(e) = staging::edit(self.context, &file, &token) {
                report.fail("warm-rebuild", e.to_string(), None);
                return;
            }
            (self.progress)(&format!("rebuilding after an edit of {file}"));
            let Built {
                ok, seconds, log, ..
            } = self.build(false);
            if !ok {
                report.fail(
                    "warm-rebuild",
                    format!("the rebuild after editing {file} failed; the end of its log:"),
                    Some(tail(&log)),
                );
                return;
            }
            let outcome = self.judge_warm(&file, &log, seconds);
            if outcome.rerun.is_empty() || attempt == 2 {
                break outcome;
            }
            (self.progress)(&format!(
                "steps that do not read {file} ran again ({}); rebuilding once more",
                outcome.rerun.join("; ")
            ));
        };
        let seconds = outcome.seconds;
        report.metrics.warm_seconds = Some(round(seconds));
        report.metrics.warm_fraction = Some(round(seconds / cold.max(0.001)));
        report.metrics.cached_steps = Some(outcome.cached);
        report.metrics.total_steps = Some(outcome.total);
        let summary = format!(
            "rebuilt in {seconds:.1} s ({:.0}% of the first build) after editing {file}{}; {} of {} steps from cache",
            100.0 * seconds / cold.max(0.001),
            if attempt > 1 { " (second rebuild)" } else { "" },
            outcome.cached,
            outcome.total
        );
        if outcome.total == 0 {
            report.fail(
                "warm-rebuild",
                format!("{summary}: the build log shows no steps to check"),
                Some(outcome.log_tail),
            );
        } else if !outcome.rerun.is_empty() {
            report.fail(
                "warm-rebuild",
                format!(
                    "{summary}; these steps do not read {file} yet ran again: {}",
                    outcome.rerun.join("; ")
                ),
                Some(outcome.log_tail),
            );
        } else if !outcome.reinstalled.is_empty() && !outcome.reused_install {
            report.fail(
                "warm-rebuild",
                format!(
                    "{summary}; the dependency install ran again ({}): it comes after a COPY that brings in {file}. Copy the manifests and lockfile first, install, then copy the source",
                    outcome.reinstalled.join("; ")
                ),
                Some(outcome.log_tail),
            );
        } else if outcome.reused_runs.is_empty() {
            report.pass(
                "warm-rebuild",
                format!("{summary}; no install step precedes the source copy, nothing to reuse"),
            );
        } else {
            report.pass(
                "warm-rebuild",
                format!("{summary}; reused: {}", outcome.reused_runs.join("; ")),
            );
        }
    }

    /// Reads a rebuild's log: which steps independent of the edited file ran again.
    fn judge_warm(&self, file: &str, log: &[String], seconds: f64) -> WarmOutcome {
        let steps = cache::cached_steps(self.engine.kind, log, self.dockerfile);
        let invalidated = self.dockerfile.invalidated_by(file);
        let step_of = |(stage, step): (usize, usize)| {
            self.dockerfile
                .stages
                .get(stage)
                .and_then(|s| s.steps.get(step.checked_sub(1)?))
        };
        let independent = |id: &(usize, usize)| {
            id.1 > 1
                && invalidated
                    .get(id.0)
                    .and_then(|s| s.get(id.1 - 1))
                    .is_some_and(|dirty| !dirty)
        };
        WarmOutcome {
            seconds,
            rerun: steps
                .iter()
                .filter(|(id, cached)| independent(id) && !**cached)
                .filter_map(|(id, _)| step_of(*id))
                .map(|s| format!("{} {}", s.keyword, s.args))
                .collect(),
            reused_runs: steps
                .iter()
                .filter(|(id, cached)| independent(id) && **cached)
                .filter_map(|(id, _)| step_of(*id))
                .filter(|s| s.keyword == "RUN")
                .map(|s| short_command(&s.args))
                .collect(),
            reinstalled: steps
                .iter()
                .filter(|(id, cached)| id.1 > 1 && !independent(id) && !**cached)
                .filter_map(|(id, _)| step_of(*id))
                .filter(|s| s.keyword == "RUN" && installs_dependencies(&s.args))
                .map(|s| short_command(&s.args))
                .collect(),
            reused_install: steps
                .iter()
                .filter(|(id, cached)| independent(id) && **cached)
                .filter_map(|(id, _)| step_of(*id))
                .any(|s| s.keyword == "RUN" && installs_dependencies(&s.args)),
            cached: steps.values().filter(|c| **c).count(),
            total: steps.len(),
            log_tail: tail(log),
        }
    }
}

/// Whether a `RUN` installs dependencies: a package manager's install (`npm ci`, `pip
/// install -r …`, `go mod download`, …). Installing only the project itself (`pip install
/// --no-deps .`) does not count.
fn installs_dependencies(run: &str) -> bool {
    run.split(['&', ';', '|']).any(|command| {
        let words: Vec<&str> = command
            .split_whitespace()
            .filter(|w| !w.starts_with("--mount=") && !w.contains('='))
            .map(|w| w.rsplit('/').next().unwrap_or(w))
            .collect();
        let words = match words.as_slice() {
            // `python -m pip install …`
            [python, "-m", rest @ ..] if python.starts_with("python") => rest,
            all => all,
        };
        let has = |flag: &str| words.contains(&flag);
        match words {
            ["npm", sub, ..] => matches!(*sub, "ci" | "install" | "i"),
            ["pnpm" | "bun", sub, ..] => matches!(*sub, "install" | "i"),
            ["yarn"] => true,
            ["yarn", sub, ..] => *sub == "install" || sub.starts_with("--"),
            [pip, "install", ..] if pip.starts_with("pip") => !has("--no-deps") || has("-r"),
            ["uv", "sync", ..] => true,
            ["uv", "pip", "install", ..] => !has("--no-deps") || has("-r"),
            ["poetry" | "pdm" | "pipenv", sub, ..] => matches!(*sub, "install" | "sync"),
            ["go", "mod", "download", ..] => true,
            ["bundle", "install", ..] | ["composer", "install", ..] => true,
            _ => false,
        }
    })
}

/// The user column of `top` output: the last column under the header (`UID` after `PID`
/// for Docker, `USER` alone for Podman).
fn process_users(top: &str) -> Vec<String> {
    top.lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().last())
        .map(String::from)
        .collect()
}

/// What one build did.
struct Built {
    ok: bool,
    seconds: f64,
    log: Vec<String>,
    /// The image's description, when it built.
    inspect: Option<serde_json::Value>,
}

/// What one warm rebuild showed.
struct WarmOutcome {
    seconds: f64,
    /// Steps that do not read the edited file but ran again.
    rerun: Vec<String>,
    /// RUN steps served from the cache (the dependency installs).
    reused_runs: Vec<String>,
    /// Dependency installs that read the edited file, and so ran again.
    reinstalled: Vec<String>,
    /// Whether some dependency install was served from the cache.
    reused_install: bool,
    cached: usize,
    total: usize,
    log_tail: String,
}

/// The image's HEALTHCHECK test, unless it has none or disables it. Docker keeps it in
/// The layers an engine's `history` prints (see [`Engine::history`]), newest first: each
/// step's text and size in bytes.
fn history(out: &str) -> Option<Vec<(String, u64)>> {
    let items: Vec<serde_json::Value> = if out.trim_start().starts_with('[') {
        serde_json::from_str(out).ok()?
    } else {
        out.lines()
            .filter(|l| !l.trim().is_empty())
            .map(serde_json::from_str)
            .collect::<std::result::Result<_, _>>()
            .ok()?
    };
    if items.is_empty() {
        return None;
    }
    Some(
        items
            .iter()
            .map(|i| {
                let step = i["CreatedBy"].as_str().unwrap_or_default().to_string();
                let size = i["size"]
                    .as_u64()
                    .or_else(|| i["Size"].as_u64())
                    .or_else(|| i["Size"].as_str().and_then(|s| s.parse().ok()))
                    .unwrap_or(0);
                (step, size)
            })
            .collect(),
    )
}

/// Whether a history step is a `COPY` or `ADD` (Buildah writes `/bin/sh -c #(nop) COPY …`,
/// BuildKit `COPY … # buildkit`).
fn is_copy(step: &str) -> bool {
    let step = step
        .rsplit_once("#(nop) ")
        .map_or(step, |(_, s)| s)
        .trim_start();
    step.starts_with("COPY ") || step.starts_with("ADD ")
}

/// `Config.Healthcheck`; Podman at the top level.
fn health_test(inspect: Option<&serde_json::Value>) -> Option<Vec<String>> {
    let inspect = inspect?;
    let test: Vec<String> = [
        &inspect["Config"]["Healthcheck"]["Test"],
        &inspect["Healthcheck"]["Test"],
        &inspect["HealthCheck"]["Test"],
    ]
    .into_iter()
    .find_map(|t| t.as_array())?
    .iter()
    .filter_map(|v| v.as_str().map(String::from))
    .collect();
    (!test.is_empty() && test[0] != "NONE").then_some(test)
}

/// A RUN step's command without its `--mount` flags, cut short, for the report.
fn short_command(args: &str) -> String {
    let words: Vec<&str> = args
        .split_whitespace()
        .filter(|w| !w.starts_with("--mount=") && !w.starts_with("--network="))
        .collect();
    let text = words.join(" ");
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Whether a build-log line marks a step, worth showing while building.
fn is_step_line(line: &str) -> bool {
    line.contains("STEP ")
        || line.contains("COMMIT")
        || line.starts_with("Error")
        || line.starts_with("error")
        || (line.starts_with('#') && line.contains(" ["))
        || line.contains("ERROR")
}

fn tail(lines: &[String]) -> String {
    let start = lines.len().saturating_sub(LOG_TAIL_LINES);
    lines[start..].join("\n")
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The status code of `GET path` on loopback, or why there is none.
fn http_status(port: u16, path: &str) -> std::result::Result<u16, String> {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))
        .map_err(|e| format!("connect to 127.0.0.1:{port}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .map_err(|e| e.to_string())?;
    // one write: `write!` on a socket sends each formatted piece as its own segment
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: dockgen-verify\r\nConnection: close\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut head = [0u8; 64];
    let n = stream.read(&mut head).map_err(|e| e.to_string())?;
    let line = String::from_utf8_lossy(&head[..n]);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {line:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_layers_from_either_engines_history() {
        let podman = r##"[{"CreatedBy":"/bin/sh -c #(nop) LABEL a=b","size":0},
            {"CreatedBy":"/bin/sh -c #(nop) COPY dir:ab in /app ","size":23000},
            {"CreatedBy":"/bin/sh -c apt-get update","size":5000000},
            {"CreatedBy":"/bin/sh -c #(nop) ADD file:cd in /","size":81684480}]"##;
        let layers = history(podman).unwrap();
        assert_eq!(layers.len(), 4);
        let copied: u64 = layers[..3]
            .iter()
            .filter(|(s, _)| is_copy(s))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(copied, 23000);
        let docker = "{\"CreatedBy\":\"COPY /out/app /usr/local/bin/app # buildkit\",\"Size\":\"5600000\"}\n{\"CreatedBy\":\"RUN /bin/sh -c apt-get update # buildkit\",\"Size\":\"100\"}\n";
        let layers = history(docker).unwrap();
        assert!(is_copy(&layers[0].0) && layers[0].1 == 5_600_000);
        assert!(!is_copy(&layers[1].0));
        assert!(history("").is_none());
    }

    #[test]
    fn health_tests_come_from_the_image_config() {
        let inspect =
            serde_json::json!({"Config": {"Healthcheck": {"Test": ["CMD", "curl", "-f", "x"]}}});
        assert_eq!(health_test(Some(&inspect)).unwrap()[1], "curl");
        let none = serde_json::json!({"Config": {"Healthcheck": {"Test": ["NONE"]}}});
        assert_eq!(health_test(Some(&none)), None);
        assert_eq!(health_test(Some(&serde_json::json!({"Config": {}}))), None);
        let podman =
            serde_json::json!({"Config": {}, "Healthcheck": {"Test": ["CMD-SHELL", "true"]}});
        assert_eq!(health_test(Some(&podman)).unwrap(), ["CMD-SHELL", "true"]);
    }

    #[test]
    fn http_status_reads_the_status_line() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            // the whole request head, however it was split into segments
            let mut request = Vec::new();
            let mut buf = [0u8; 256];
            while !request.ends_with(b"\r\n\r\n") {
                let n = s.read(&mut buf).unwrap();
                assert!(n > 0, "request ended early: {request:?}");
                request.extend_from_slice(&buf[..n]);
            }
            assert!(request.starts_with(b"GET /health HTTP/1.1\r\n"));
            s.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").unwrap();
        });
        assert_eq!(http_status(port, "/health"), Ok(204));
        server.join().unwrap();
    }

    #[test]
    fn dependency_installs_are_told_from_other_commands() {
        for install in [
            "--mount=type=cache,id=npm,target=/root/.npm npm ci --omit=dev",
            "yarn install --immutable",
            "yarn --frozen-lockfile",
            "pnpm install --frozen-lockfile",
            "python -m venv /opt/venv && pip install -r requirements.txt",
            "pip install .",
            "/opt/tools/bin/poetry export --only main --format requirements.txt --output /tmp/r.txt && pip install --no-deps -r /tmp/r.txt",
            "/opt/tools/bin/uv sync --frozen --no-dev --no-install-project",
            "go mod download",
            "CGO_ENABLED=0 go mod download",
        ] {
            assert!(installs_dependencies(install), "{install}");
        }
        for other in [
            "npm run build",
            "pip install --no-deps .",
            "go build -o /out/app .",
            "python manage.py collectstatic --noinput",
            "apt-get update && apt-get install -y tini",
            "yarn run build",
        ] {
            assert!(!installs_dependencies(other), "{other}");
        }
    }

    #[test]
    fn top_output_gives_each_process_user() {
        assert_eq!(
            process_users("PID UID\n4242 1000\n4300 1000\n"),
            ["1000", "1000"]
        );
        assert_eq!(process_users("USER\nnode\nnode\n"), ["node", "node"]);
        assert_eq!(process_users("PID UID\n"), Vec::<String>::new());
    }

    #[test]
    fn short_commands_drop_mounts() {
        assert_eq!(
            short_command("--mount=type=cache,target=/root/.npm npm ci --omit=dev"),
            "npm ci --omit=dev"
        );
    }
}
