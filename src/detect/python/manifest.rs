//! Typed views of pyproject.toml and Pipfile: the fields Python detection reads, each read
//! leniently — a field that is missing or of another type reads as absent, never as an
//! error. Only TOML syntax is an error, reported with file, line and column.
//!
//! The views are built from the parsed `toml::Table` rather than deserialized with serde,
//! because toml's serde path reads differently: from a `toml::Value` a date comes out as a
//! string (`version = 2024-01-01` would become a version), and deserializing straight from
//! the text skips the checks a key nobody reads gets in a full parse (an integer too large
//! for i64 is an error wherever it sits). Either would change what a project reads as.

use std::collections::BTreeMap;

use toml::Value;

use crate::error::{Error, Result};
use crate::project::Project;

/// pyproject.toml.
#[derive(Debug, Default)]
pub struct PyProject {
    /// `[project]` (PEP 621). A `project` key of another type still counts as present, with
    /// no fields.
    pub project: Option<ProjectTable>,
    /// Whether there is a `build-system` key (of any type).
    pub build_system: bool,
    pub tool: Tool,
}

/// `[project]`.
#[derive(Debug, Default)]
pub struct ProjectTable {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    /// An SPDX expression, or the `text` of a `{ text = "…" }` table (`{ file = "…" }` reads
    /// as none).
    pub license: Option<String>,
    /// The `name` of each author given as a table with one.
    pub authors: Vec<String>,
    /// `[project.urls]` entries whose value is text.
    pub urls: BTreeMap<String, String>,
    /// The `dependencies` array, one entry per item: an item that is not text is kept (as
    /// `None`) because it still makes the array non-empty, but it names nothing.
    pub dependencies: Vec<Option<String>>,
    /// The text items of `dynamic`.
    pub dynamic: Vec<String>,
    pub requires_python: Option<String>,
    /// `[project.scripts]`: script name and `module:function` (`None` when not text), in
    /// the file's order.
    pub scripts: Scripts,
}

/// Console scripts in the order they are declared (the first is the one a project usually
/// means): name and `module:function` target (`None` when the target is not text).
pub type Scripts = Vec<(String, Option<String>)>;

/// `[tool]`: the tools whose presence or settings detection reads.
#[derive(Debug, Default)]
pub struct Tool {
    /// `[tool.poetry]`; present (of any type) makes a Poetry project.
    pub poetry: Option<Poetry>,
    /// `[tool.uv]`; present makes a uv project when nothing else decides.
    pub uv: Option<Uv>,
    /// `[tool.pdm]`; present makes a PDM project.
    pub pdm: Option<Pdm>,
}

/// `[tool.poetry]`.
#[derive(Debug, Default)]
pub struct Poetry {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub license: Option<String>,
    /// The text items of `authors` (`"Name <mail>"`).
    pub authors: Vec<String>,
    pub repository: Option<String>,
    pub homepage: Option<String>,
    /// `package-mode = false` marks a project that is not itself installed.
    pub package_mode: Option<bool>,
    /// `[tool.poetry.dependencies]`, `python` included.
    pub dependencies: BTreeMap<String, PoetryDependency>,
    /// `[tool.poetry.scripts]`: script name and `module:function` (`None` when not text),
    /// in the file's order.
    pub scripts: Scripts,
}

/// One `[tool.poetry.dependencies]` entry: `"^1.0"` or `{ version = "^1.0", extras = […] }`.
#[derive(Debug, Default)]
pub struct PoetryDependency {
    /// The constraint when the entry is bare text (`python = "^3.12"`).
    pub constraint: Option<String>,
    /// The text items of `extras`.
    pub extras: Vec<String>,
}

/// `[tool.uv]`.
#[derive(Debug, Default)]
pub struct Uv {
    /// `package = false` marks a project that is not itself installed.
    pub package: Option<bool>,
}

/// `[tool.pdm]`.
#[derive(Debug, Default)]
pub struct Pdm {
    /// `distribution = false` marks a project that is not itself installed.
    pub distribution: Option<bool>,
}

/// Pipfile.
#[derive(Debug, Default)]
pub struct Pipfile {
    /// The names under `[packages]` (the runtime dependencies).
    pub packages: Vec<String>,
    /// `[requires] python_version`.
    pub python_version: Option<String>,
}

impl PyProject {
    /// pyproject.toml, when the project has one.
    pub fn read(project: &Project) -> Result<Option<PyProject>> {
        Ok(read_toml(project, "pyproject.toml")?.map(|v| PyProject::from_value(&v)))
    }

    fn from_value(v: &Value) -> PyProject {
        let tool = v.get("tool");
        let section = |key: &str| tool.and_then(|t| t.get(key));
        PyProject {
            project: v.get("project").map(ProjectTable::from_value),
            build_system: v.get("build-system").is_some(),
            tool: Tool {
                poetry: section("poetry").map(Poetry::from_value),
                uv: section("uv").map(|v| Uv {
                    package: flag(v, "package"),
                }),
                pdm: section("pdm").map(|v| Pdm {
                    distribution: flag(v, "distribution"),
                }),
            },
        }
    }

    /// Whether the project itself is installed: not when Poetry, uv or PDM says it is no
    /// package.
    /// Whether `[project]` lists dependencies, statically or as `dynamic`.
    pub fn declares_dependencies(&self) -> bool {
        self.project.as_ref().is_some_and(|t| {
            !t.dependencies.is_empty() || t.dynamic.iter().any(|d| d == "dependencies")
        })
    }

    pub fn package_mode(&self) -> bool {
        let tool = &self.tool;
        tool.poetry.as_ref().and_then(|p| p.package_mode) != Some(false)
            && tool.uv.as_ref().and_then(|u| u.package) != Some(false)
            && tool.pdm.as_ref().and_then(|p| p.distribution) != Some(false)
    }
}

impl ProjectTable {
    fn from_value(v: &Value) -> ProjectTable {
        ProjectTable {
            name: text(v, "name"),
            version: text(v, "version"),
            description: text(v, "description"),
            license: v.get("license").and_then(|l| {
                l.as_str()
                    .or_else(|| l.get("text")?.as_str())
                    .map(String::from)
            }),
            authors: array(v, "authors")
                .iter()
                .filter_map(|a| text(a, "name"))
                .collect(),
            urls: entries(v, "urls")
                .filter_map(|(k, u)| Some((k.clone(), u.as_str()?.to_string())))
                .collect(),
            dependencies: array(v, "dependencies")
                .iter()
                .map(|d| d.as_str().map(String::from))
                .collect(),
            dynamic: texts(array(v, "dynamic")),
            requires_python: text(v, "requires-python"),
            scripts: scripts(v),
        }
    }
}

impl Poetry {
    fn from_value(v: &Value) -> Poetry {
        Poetry {
            name: text(v, "name"),
            version: text(v, "version"),
            description: text(v, "description"),
            license: text(v, "license"),
            authors: texts(array(v, "authors")),
            repository: text(v, "repository"),
            homepage: text(v, "homepage"),
            package_mode: flag(v, "package-mode"),
            dependencies: entries(v, "dependencies")
                .map(|(name, spec)| {
                    let dependency = PoetryDependency {
                        constraint: spec.as_str().map(String::from),
                        extras: texts(array(spec, "extras")),
                    };
                    (name.clone(), dependency)
                })
                .collect(),
            scripts: scripts(v),
        }
    }
}

impl Pipfile {
    /// The Pipfile, when the project has one.
    pub fn read(project: &Project) -> Result<Option<Pipfile>> {
        Ok(read_toml(project, "Pipfile")?.map(|v| Pipfile {
            packages: entries(&v, "packages")
                .map(|(name, _)| name.clone())
                .collect(),
            python_version: v.get("requires").and_then(|r| text(r, "python_version")),
        }))
    }
}

/// A TOML file of the project, parsed; a syntax error names the file, line and column.
fn read_toml(project: &Project, name: &str) -> Result<Option<Value>> {
    let Some(text) = project.read(name)? else {
        return Ok(None);
    };
    toml::from_str::<toml::Table>(&text)
        .map(|t| Some(Value::Table(t)))
        .map_err(|e| {
            Error::malformed_at(
                project.path(name),
                &text,
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_string(),
            )
        })
}

// The readers below take any value: a key looked up in something that is not a table is
// simply not there, which is what makes every view lenient.

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(String::from)
}

fn flag(v: &Value, key: &str) -> Option<bool> {
    v.get(key)?.as_bool()
}

/// The items of an array field; none when it is missing or no array.
fn array<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The entries of a table field, in the file's order; none when it is missing or no table.
fn entries<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    v.get(key).and_then(Value::as_table).into_iter().flatten()
}

fn texts(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i.as_str().map(String::from))
        .collect()
}

/// toml's `preserve_order` keeps a table's entries in the file's order.
fn scripts(v: &Value) -> Scripts {
    entries(v, "scripts")
        .map(|(name, target)| (name.clone(), target.as_str().map(String::from)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pyproject(text: &str) -> PyProject {
        PyProject::from_value(&Value::Table(toml::from_str(text).unwrap()))
    }

    #[test]
    fn a_field_of_another_type_reads_as_absent() {
        let p = pyproject(
            r#"
            build-system = 1
            tool = { poetry = "x", uv = { package = "no" } }
            [project]
            name = 3
            version = 2024-01-01
            license = { file = "LICENSE" }
            authors = ["Jane", { name = "Joe" }, { name = 1 }]
            dependencies = ["fastapi[standard]", 1]
            dynamic = "dependencies"
            scripts = ["serve"]
            "#,
        );
        let project = p.project.as_ref().unwrap();
        assert!(p.build_system);
        assert_eq!(
            (project.name.as_deref(), project.version.as_deref()),
            (None, None)
        );
        assert_eq!(project.license, None);
        assert_eq!(project.authors, ["Joe"]);
        assert_eq!(
            project.dependencies,
            [Some("fastapi[standard]".into()), None]
        );
        assert!(project.dynamic.is_empty() && project.scripts.is_empty());
        assert!(p.tool.poetry.as_ref().is_some_and(|p| p.name.is_none()));
        assert!(p.tool.uv.as_ref().is_some_and(|u| u.package.is_none()));
        assert!(p.tool.pdm.is_none() && p.package_mode());
    }

    #[test]
    fn scripts_keep_the_order_of_the_file() {
        let p = pyproject("[project.scripts]\nzeta = \"z:main\"\nalpha = \"a:main\"\n");
        let names: Vec<&str> = p
            .project
            .as_ref()
            .unwrap()
            .scripts
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["zeta", "alpha"]);
    }

    #[test]
    fn a_project_key_that_is_no_table_is_present_and_empty() {
        let p = pyproject("project = \"x\"\n[tool.poetry]\npackage-mode = false\n");
        assert!(p
            .project
            .as_ref()
            .is_some_and(|t| t.name.is_none() && t.dependencies.is_empty()));
        assert!(!p.package_mode());
    }

    #[test]
    fn poetry_dependencies_keep_a_bare_constraint_and_extras() {
        let p = pyproject(
            "[tool.poetry.dependencies]\npython = \"^3.12\"\nuvicorn = { version = \"*\", extras = [\"standard\", 2] }\n",
        );
        let deps = &p.tool.poetry.unwrap().dependencies;
        assert_eq!(deps["python"].constraint.as_deref(), Some("^3.12"));
        assert_eq!(deps["uvicorn"].constraint, None);
        assert_eq!(deps["uvicorn"].extras, ["standard"]);
    }
}
