//! Reading a build log for which steps ran and which the layer cache served.

use std::collections::{BTreeMap, HashMap};

use super::dockerfile::Dockerfile;
use super::engine::EngineKind;

/// Stage index and step number (1 = `FROM`), as the Dockerfile numbers them.
pub type StepId = (usize, usize);

/// Every step the log shows, and whether the cache served it.
pub fn cached_steps(
    kind: EngineKind,
    log: &[String],
    dockerfile: &Dockerfile,
) -> BTreeMap<StepId, bool> {
    match kind {
        EngineKind::Docker => buildkit(log, dockerfile),
        EngineKind::Podman | EngineKind::Buildah => buildah(log),
    }
}

/// Buildah and Podman print `[2/3] STEP 4/5: RUN ...` (no `[i/n]` with one stage); a step
/// ends with `--> <id>`, preceded by `--> Using cache <id>` when its layer is reused. A
/// `COPY --from=stage` may start, then the stage it needs is built (its steps printed and
/// ended), and only then does the COPY end: pending steps form a stack. `FROM` steps print
/// no end line.
fn buildah(log: &[String]) -> BTreeMap<StepId, bool> {
    let mut steps = BTreeMap::new();
    let mut pending: Vec<StepId> = Vec::new();
    for line in log {
        if let Some(id) = buildah_step(line) {
            steps.insert(id, false);
            if id.1 > 1 {
                pending.push(id);
            }
        } else if line.starts_with("--> Using cache") {
            if let Some(id) = pending.last() {
                steps.insert(*id, true);
            }
        } else if line.starts_with("--> ") {
            pending.pop();
        }
    }
    steps
}

fn buildah_step(line: &str) -> Option<StepId> {
    let (stage, rest) = match line.strip_prefix('[') {
        Some(rest) => {
            let (counter, rest) = rest.split_once("] ")?;
            (counter.split_once('/')?.0.parse::<usize>().ok()? - 1, rest)
        }
        None => (0, line),
    };
    let rest = rest.strip_prefix("STEP ")?;
    let step = rest.split_once('/')?.0.parse().ok()?;
    Some((stage, step))
}

/// BuildKit's plain progress prints `#7 [deps 2/3] RUN ...` and later `#7 CACHED`; stages
/// without a name appear as `stage-N`, a single unnamed stage with no name at all.
fn buildkit(log: &[String], dockerfile: &Dockerfile) -> BTreeMap<StepId, bool> {
    let mut steps = BTreeMap::new();
    let mut vertices: HashMap<String, StepId> = HashMap::new();
    for line in log {
        let Some((vertex, rest)) = line.strip_prefix('#').and_then(|l| l.split_once(' ')) else {
            continue;
        };
        if rest.trim() == "CACHED" {
            if let Some(id) = vertices.get(vertex) {
                steps.insert(*id, true);
            }
            continue;
        }
        let Some((label, _)) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) else {
            continue;
        };
        let (stage_name, counter) = label.rsplit_once(' ').unwrap_or(("", label));
        let Some(step) = counter
            .split_once('/')
            .and_then(|(n, _)| n.parse::<usize>().ok())
        else {
            continue;
        };
        let stage = if stage_name.is_empty() {
            Some(0)
        } else {
            dockerfile
                .stages
                .iter()
                .position(|s| s.name.as_deref() == Some(stage_name))
                .or_else(|| stage_name.strip_prefix("stage-")?.parse().ok())
        };
        if let Some(stage) = stage {
            vertices.insert(vertex.to_string(), (stage, step));
            steps.entry((stage, step)).or_insert(false);
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    #[test]
    fn buildah_cache_lines_belong_to_the_step_above() {
        let log = lines(
            "[1/2] STEP 1/3: FROM scratch AS one\n\
             [1/2] STEP 2/3: COPY a.txt /a\n\
             --> Using cache 200507c3648bdc\n\
             --> 200507c3648\n\
             [1/2] STEP 3/3: COPY b.txt /b\n\
             --> e9d0f6c2eb9\n\
             [2/2] STEP 1/2: FROM scratch AS two\n\
             [2/2] STEP 2/2: COPY --from=one /a /a2\n\
             --> Using cache d1a214dfa33\n",
        );
        let steps = buildah(&log);
        assert!(steps[&(0, 2)]);
        assert!(steps[&(1, 2)]);
        assert!(!steps[&(0, 3)]);
        assert!(steps[&(1, 2)]);
        let single = buildah(&lines(
            "STEP 1/2: FROM x\nSTEP 2/2: RUN y\n--> Using cache 1\n",
        ));
        assert!(single[&(0, 2)]);
    }

    #[test]
    fn buildah_builds_a_needed_stage_inside_a_copy_from() {
        let log = lines(
            "[1/2] STEP 1/2: FROM base AS runtime\n\
             [1/2] STEP 2/2: COPY --from=deps /app/node_modules ./node_modules\n\
             [2/2] STEP 1/2: FROM base AS deps\n\
             [2/2] STEP 2/2: RUN npm ci\n\
             --> 4b1f0e2\n\
             --> Using cache 9c0ffee\n\
             --> 9c0ffee\n",
        );
        let steps = buildah(&log);
        assert!(!steps[&(1, 2)], "npm ci ran");
        assert!(steps[&(0, 2)], "the COPY came from the cache");
    }

    #[test]
    fn buildkit_marks_cached_vertices() {
        let file = Dockerfile::parse(
            "FROM a AS base\nRUN x\nFROM base AS deps\nRUN y\nFROM scratch\nCOPY --from=deps / /\n",
        );
        let log = lines(
            "#1 [internal] load build definition from Dockerfile\n\
             #5 [base 1/2] FROM docker.io/library/a\n\
             #6 [base 2/2] RUN x\n\
             #6 CACHED\n\
             #7 [deps 2/2] RUN y\n\
             #7 0.120 installing\n\
             #8 [stage-2 2/2] COPY --from=deps / /\n",
        );
        let steps = buildkit(&log, &file);
        assert!(steps[&(0, 2)]);
        assert!(!steps[&(1, 2)]);
        assert!(!steps[&(2, 2)]);
    }
}
