//! Just enough of a Dockerfile reader for `verify`: stages, their steps, the final base
//! image, and which steps a source edit invalidates.

/// One instruction, as the engines number it: step 1 of a stage is its `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub keyword: String,
    /// The instruction's arguments, continuation lines joined, heredoc bodies dropped.
    pub args: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// `FROM <from> AS <name>`; `from` still holds `${ARG}` references.
    pub from: String,
    pub name: Option<String>,
    pub steps: Vec<Step>,
}

/// A `RUN --mount=type=secret,…`: the secret's id, and the file or environment variable it
/// appears as in the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMount {
    pub id: String,
    /// `target=` (also spelled `dst=`, `destination=`).
    pub target: Option<String>,
    /// `env=`: the secret is an environment variable, not a file.
    pub env: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// `ARG name=default` before the first `FROM`, in order.
    pub global_args: Vec<(String, String)>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    pub fn parse(text: &str) -> Dockerfile {
        let mut file = Dockerfile::default();
        for (keyword, args) in instructions(text) {
            if keyword == "FROM" {
                let words: Vec<&str> = args
                    .split_whitespace()
                    .filter(|w| !w.starts_with("--"))
                    .collect();
                let name = match words.as_slice() {
                    [_, as_, name] if as_.eq_ignore_ascii_case("as") => Some(name.to_string()),
                    _ => None,
                };
                file.stages.push(Stage {
                    from: words.first().unwrap_or(&"scratch").to_string(),
                    name,
                    steps: vec![Step { keyword, args }],
                });
            } else if let Some(stage) = file.stages.last_mut() {
                stage.steps.push(Step { keyword, args });
            } else if keyword == "ARG" {
                let (name, default) = args.split_once('=').unwrap_or((args.as_str(), ""));
                file.global_args.push((
                    name.trim().to_string(),
                    default.trim().trim_matches('"').to_string(),
                ));
            }
        }
        file
    }

    /// The stage index a `FROM`/`--from` reference names, if it is a stage.
    fn stage_index(&self, reference: &str, before: usize) -> Option<usize> {
        self.stages[..before]
            .iter()
            .position(|s| s.name.as_deref() == Some(reference))
            .or_else(|| reference.parse::<usize>().ok().filter(|i| *i < before))
    }

    /// The image the final stage is built on, with global `ARG` defaults substituted and
    /// stage references followed; `None` for `scratch`.
    pub fn final_base_image(&self) -> Option<String> {
        let mut index = self.stages.len().checked_sub(1)?;
        loop {
            let from = self.substitute(&self.stages[index].from);
            match self.stage_index(&from, index) {
                Some(parent) => index = parent,
                None if from == "scratch" => return None,
                None => return Some(from),
            }
        }
    }

    fn substitute(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (name, value) in &self.global_args {
            out = out
                .replace(&format!("${{{name}}}"), value)
                .replace(&format!("${name}"), value);
        }
        out
    }

    /// The `EXPOSE`d port of the final stage, if any.
    pub fn exposed_port(&self) -> Option<u16> {
        let stage = self.stages.last()?;
        stage
            .steps
            .iter()
            .filter(|s| s.keyword == "EXPOSE")
            .flat_map(|s| s.args.split_whitespace())
            .find_map(|w| w.split('/').next()?.parse().ok())
    }

    /// Every secret the `RUN` steps mount, once per id, in order of appearance. Without an
    /// `id`, BuildKit names the secret after its target's file name.
    pub fn secret_mounts(&self) -> Vec<SecretMount> {
        let mut mounts: Vec<SecretMount> = Vec::new();
        let runs = self
            .stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter(|s| s.keyword == "RUN");
        for step in runs {
            for flag in step
                .args
                .split_whitespace()
                .filter_map(|w| w.strip_prefix("--mount="))
            {
                let field = |names: &[&str]| {
                    flag.split(',').find_map(|kv| {
                        let (k, v) = kv.split_once('=')?;
                        names.contains(&k).then(|| v.to_string())
                    })
                };
                if field(&["type"]).as_deref() != Some("secret") {
                    continue;
                }
                let target = field(&["target", "dst", "destination"]);
                let id = field(&["id"]).or_else(|| {
                    let name = target.as_deref()?.rsplit('/').next()?;
                    (!name.is_empty()).then(|| name.to_string())
                });
                let Some(id) = id else { continue };
                if !mounts.iter().any(|m| m.id == id) {
                    mounts.push(SecretMount {
                        id,
                        target,
                        env: field(&["env"]),
                    });
                }
            }
        }
        mounts
    }

    /// Context files named by `COPY`/`ADD` sources other than `.` and directories: the
    /// manifests and lockfiles a dependency step reads.
    pub fn copied_files(&self) -> Vec<String> {
        self.stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(context_sources)
            .flatten()
            .filter(|s| !matches!(s.as_str(), "." | "./"))
            .collect()
    }

    /// Whether a `COPY`/`ADD` from the build context names `path` itself (or a folder or a
    /// pattern holding it), rather than copying the whole context with `.`.
    pub fn names_file(&self, path: &str) -> bool {
        self.stages
            .iter()
            .flat_map(|s| &s.steps)
            .filter_map(context_sources)
            .flatten()
            .filter(|s| {
                !matches!(
                    s.trim_start_matches("./").trim_end_matches('/'),
                    "" | "." | "*" | "**"
                )
            })
            .any(|s| covers(&s, path))
    }

    /// For each stage and step, whether editing the context file `path` invalidates it: it
    /// copies the file, follows such a step in its stage, or builds on or copies from an
    /// invalidated stage.
    pub fn invalidated_by(&self, path: &str) -> Vec<Vec<bool>> {
        let mut result: Vec<Vec<bool>> = Vec::new();
        for (index, stage) in self.stages.iter().enumerate() {
            let from = self.substitute(&stage.from);
            let mut dirty = self
                .stage_index(&from, index)
                .is_some_and(|parent| result[parent].last().copied().unwrap_or(false));
            let mut flags = Vec::new();
            for step in &stage.steps {
                if !dirty {
                    dirty = context_sources(step)
                        .is_some_and(|sources| sources.iter().any(|s| covers(s, path)))
                        || copy_from(step)
                            .and_then(|r| self.stage_index(&r, index))
                            .is_some_and(|i| result[i].last().copied().unwrap_or(false));
                }
                flags.push(dirty);
            }
            result.push(flags);
        }
        result
    }
}

/// The context sources of a `COPY`/`ADD` that reads the build context.
fn context_sources(step: &Step) -> Option<Vec<String>> {
    if !matches!(step.keyword.as_str(), "COPY" | "ADD") || step.args.contains("<<") {
        return None;
    }
    let words: Vec<&str> = step.args.split_whitespace().collect();
    if words.iter().any(|w| w.starts_with("--from=")) {
        return None;
    }
    // the JSON form (`COPY ["my api/package.json", "./my api/"]`) after any flags
    let mut rest = step.args.trim_start();
    while rest.starts_with("--") {
        rest = rest
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r)
            .trim_start();
    }
    if rest.starts_with('[') {
        let mut paths: Vec<String> = serde_json::from_str(rest).ok()?;
        paths.pop()?;
        return Some(paths);
    }
    let words: Vec<&str> = words.into_iter().filter(|w| !w.starts_with("--")).collect();
    let (_, sources) = words.split_last()?;
    Some(
        sources
            .iter()
            .map(|s| s.trim_matches('"').to_string())
            .collect(),
    )
}

fn copy_from(step: &Step) -> Option<String> {
    if step.keyword != "COPY" {
        return None;
    }
    step.args
        .split_whitespace()
        .find_map(|w| w.strip_prefix("--from="))
        .map(str::to_string)
}

/// Whether a `COPY` source brings in the context path: `.`, the path itself, a directory
/// above it, or a pattern (Go's `filepath.Match`: `*` stops at `/`) matching either. A
/// pattern that does not parse is taken to match: the safe side.
fn covers(source: &str, path: &str) -> bool {
    let source = source.trim_start_matches("./").trim_end_matches('/');
    if source.is_empty() || source == "." {
        return true;
    }
    if !source.contains(['*', '?', '[']) {
        return source == path || path.starts_with(&format!("{source}/"));
    }
    let Ok(glob) = globset::GlobBuilder::new(source)
        .literal_separator(true)
        .build()
    else {
        return true;
    };
    let matcher = glob.compile_matcher();
    // the path itself, or a folder above it that the pattern names
    std::path::Path::new(path)
        .ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .any(|p| matcher.is_match(p))
}

/// The instructions of a Dockerfile: comments and blank lines skipped, `\` continuations
/// joined, heredoc bodies skipped.
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut joined = String::new();
        let mut current = trimmed.to_string();
        loop {
            match current.strip_suffix('\\') {
                Some(head) => {
                    joined.push_str(head.trim_end());
                    joined.push(' ');
                    // comment lines inside a continuation are dropped, as Docker does
                    current = loop {
                        match lines.next() {
                            Some(l) if l.trim_start().starts_with('#') => continue,
                            Some(l) => break l.trim().to_string(),
                            None => break String::new(),
                        }
                    };
                }
                None => {
                    joined.push_str(&current);
                    break;
                }
            }
        }
        if let Some(marker) = heredoc_marker(&joined) {
            for body in lines.by_ref() {
                if body.trim() == marker {
                    break;
                }
            }
        }
        let (keyword, args) = joined
            .split_once(char::is_whitespace)
            .unwrap_or((&joined, ""));
        out.push((keyword.to_ascii_uppercase(), args.trim().to_string()));
    }
    out
}

fn heredoc_marker(instruction: &str) -> Option<String> {
    let at = instruction.find("<<")?;
    let rest = instruction[at + 2..].trim_start_matches('-');
    let word: String = rest
        .trim_matches(|c| c == '\'' || c == '"')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NODE: &str = "\
# syntax=docker/dockerfile:1
ARG NODE_VERSION=24
FROM docker.io/library/node:${NODE_VERSION}-trixie-slim AS base
WORKDIR /app

FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \\
    npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM base AS runtime
COPY <<'CONF' /etc/app.conf
FROM nothing
CONF
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
EXPOSE 3000/tcp
CMD [\"node\", \"dist/main.js\"]
";

    #[test]
    fn stages_steps_and_heredocs() {
        let file = Dockerfile::parse(NODE);
        assert_eq!(file.global_args, [("NODE_VERSION".into(), "24".into())]);
        let names: Vec<_> = file
            .stages
            .iter()
            .map(|s| s.name.clone().unwrap())
            .collect();
        assert_eq!(names, ["base", "deps", "build", "runtime"]);
        assert_eq!(file.stages[1].steps[2].keyword, "RUN");
        assert_eq!(
            file.stages[1].steps[2].args,
            "--mount=type=cache,target=/root/.npm npm ci"
        );
        // the heredoc body is not an instruction
        assert_eq!(file.stages[3].steps.len(), 6);
        assert_eq!(file.exposed_port(), Some(3000));
        assert_eq!(
            file.final_base_image().as_deref(),
            Some("docker.io/library/node:24-trixie-slim")
        );
        assert_eq!(file.copied_files(), ["package.json", "package-lock.json"]);
    }

    #[test]
    fn a_source_edit_invalidates_only_what_copies_it() {
        let file = Dockerfile::parse(NODE);
        let flags = file.invalidated_by("src/main.ts");
        assert_eq!(flags[0], [false, false]);
        assert_eq!(flags[1], [false, false, false], "deps keeps its cache");
        assert_eq!(flags[2], [false, true, true]);
        // runtime: FROM, heredoc COPY, COPY --from=deps cached; COPY --from=build not
        assert_eq!(flags[3], [false, false, false, true, true, true]);
        let flags = file.invalidated_by("package.json");
        assert_eq!(flags[1], [false, true, true]);
    }

    #[test]
    fn the_json_form_of_copy_names_its_sources() {
        let file = Dockerfile::parse(
            "FROM base AS deps\n\
             COPY package.json ./\n\
             COPY --chown=1000:1000 [\"packages/my api/package.json\", \"./packages/my api/package.json\"]\n\
             RUN npm ci\n",
        );
        assert_eq!(
            file.copied_files(),
            ["package.json", "packages/my api/package.json"]
        );
        assert_eq!(
            file.invalidated_by("packages/my api/package.json")[0],
            [false, false, true, true]
        );
        assert_eq!(
            file.invalidated_by("packages/my api/index.js")[0],
            [false, false, false, false]
        );
    }

    #[test]
    fn patterns_cover_what_they_match_and_no_more() {
        assert!(covers("package*.json", "package.json"));
        assert!(covers("package*.json", "package-lock.json"));
        assert!(!covers("package*.json", "server.js"));
        assert!(!covers("*.json", "config/app.json"), "`*` stops at `/`");
        assert!(covers("src*", "src/main.ts"), "a pattern naming a folder");
        assert!(covers("requirements/*.txt", "requirements/base.txt"));
        assert!(covers("./src/", "src/a/b.py"));
        assert!(!covers("src", "srcx/a.py"));
    }

    #[test]
    fn secret_mounts_of_every_run() {
        let file = Dockerfile::parse(
            "FROM node:24 AS deps\n\
             RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN --mount=type=secret,id=npmrc,target=/app/.npmrc \\\n    \
             --mount=type=cache,target=/root/.npm npm ci\n\
             FROM deps AS build\n\
             RUN --mount=type=secret,id=npmrc,target=/app/.npmrc --mount=type=secret,dst=/etc/pip.conf true\n",
        );
        let mounts = file.secret_mounts();
        let ids: Vec<&str> = mounts.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["npm_token", "npmrc", "pip.conf"]);
        assert_eq!(mounts[0].env.as_deref(), Some("NPM_TOKEN"));
        assert_eq!(mounts[1].target.as_deref(), Some("/app/.npmrc"));
        assert_eq!(mounts[1].env, None);
    }

    #[test]
    fn scratch_and_unnamed_stages() {
        let file = Dockerfile::parse("FROM golang:1.24 AS build\nRUN go build\nFROM scratch\n");
        assert_eq!(file.final_base_image(), None);
        let file = Dockerfile::parse("FROM alpine:3\nRUN true\nFROM 0\n");
        assert_eq!(file.final_base_image().as_deref(), Some("alpine:3"));
    }
}
