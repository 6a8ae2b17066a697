//! What `verify` found: one line per check for people, one JSON object for scripts.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Not run because an earlier check failed.
    Skip,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub detail: String,
    /// The tail of the build or container log, for a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
}

/// The figures behind the checks; `None` where the check did not get that far.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    pub build_seconds: Option<f64>,
    pub healthy_seconds: Option<f64>,
    /// The users the container's processes run as.
    pub users: Vec<String>,
    /// `USER` of the image.
    pub image_user: Option<String>,
    pub stop_seconds: Option<f64>,
    pub image_bytes: Option<u64>,
    pub base_image: Option<String>,
    pub base_bytes: Option<u64>,
    pub added_bytes: Option<u64>,
    /// What the final stage's `COPY` and `ADD` layers hold: the production dependencies and
    /// the app (and the files it reads), copied from the build stages and the context. The
    /// rest of `added_bytes` is what its `RUN` steps add (system packages, an init, users).
    pub copied_bytes: Option<u64>,
    pub edited_file: Option<String>,
    pub warm_seconds: Option<f64>,
    /// Warm rebuild time over cold build time.
    pub warm_fraction: Option<f64>,
    pub cached_steps: Option<usize>,
    pub total_steps: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub ok: bool,
    pub engine: String,
    pub image: String,
    pub checks: Vec<Check>,
    pub metrics: Metrics,
}

impl Report {
    pub fn new(engine: String, image: String) -> Report {
        Report {
            ok: false,
            engine,
            image,
            checks: Vec::new(),
            metrics: Metrics::default(),
        }
    }

    pub fn pass(&mut self, name: &'static str, detail: impl Into<String>) {
        self.push(name, Status::Pass, detail.into(), None);
    }

    pub fn fail(&mut self, name: &'static str, detail: impl Into<String>, log: Option<String>) {
        self.push(name, Status::Fail, detail.into(), log);
    }

    pub fn skip(&mut self, name: &'static str, why: &str) {
        self.push(name, Status::Skip, why.to_string(), None);
    }

    /// Whether the named check ran and passed.
    pub fn passed(&self, name: &str) -> bool {
        self.checks
            .iter()
            .any(|c| c.name == name && c.status == Status::Pass)
    }

    fn push(&mut self, name: &'static str, status: Status, detail: String, log: Option<String>) {
        self.checks.push(Check {
            name,
            status,
            detail,
            log,
        });
        self.ok = self.checks.iter().all(|c| c.status == Status::Pass);
    }

    /// A line per check, failures followed by their log tail, then a summary.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for c in &self.checks {
            let word = match c.status {
                Status::Pass => "PASS",
                Status::Fail => "FAIL",
                Status::Skip => "SKIP",
            };
            out.push_str(&format!("{word}  {:<13} {}\n", c.name, c.detail));
            if let Some(log) = &c.log {
                for line in log.lines() {
                    out.push_str(&format!("      | {line}\n"));
                }
            }
        }
        let count = |s| self.checks.iter().filter(|c| c.status == s).count();
        out.push_str(&format!(
            "{}: {} passed, {} failed, {} skipped ({} on {})\n",
            if self.ok { "verified" } else { "NOT verified" },
            count(Status::Pass),
            count(Status::Fail),
            count(Status::Skip),
            self.image,
            self.engine,
        ));
        out
    }
}

/// Bytes as megabytes with one decimal, as the README tables show them.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
