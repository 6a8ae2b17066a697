//! `package.json` as a typed struct: the fields detection reads, each as lenient as npm.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::project::Project;

/// The fields of `package.json` that detection reads. npm tolerates a field of the wrong
/// type (it reads it as absent), so every field here does too: a wrong shape becomes
/// `None` or empty, never an error. Unknown fields are ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageJson {
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub license: Option<String>,
    /// The author's name: `"Ann <ann@example.com>"` or `{ "name": "Ann" }`.
    #[serde(default, deserialize_with = "person")]
    pub author: Option<String>,
    /// The contributors' names, in the same two forms; entries of other shapes are skipped.
    #[serde(default, deserialize_with = "people")]
    pub contributors: Vec<String>,
    /// The repository's address: `"github:a/b"` or `{ "url": "…" }`, as written.
    #[serde(default, deserialize_with = "repository")]
    pub repository: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub homepage: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub main: Option<String>,
    /// The ES module entry; `bun init` makes it the app's entry file (`index.ts`).
    #[serde(default, deserialize_with = "text")]
    pub module: Option<String>,
    /// `"module"` makes `.js` files ES modules.
    #[serde(default, rename = "type", deserialize_with = "text")]
    pub module_type: Option<String>,
    /// Scripts whose command is a string; others are skipped, as `npm run` cannot run them.
    #[serde(default, deserialize_with = "string_map")]
    pub scripts: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "object")]
    pub dependencies: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "object")]
    pub dev_dependencies: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "object")]
    pub optional_dependencies: BTreeMap<String, Value>,
    #[serde(default, deserialize_with = "object")]
    pub engines: Engines,
    /// `"pnpm@9.15.9+sha512.…"`, as written.
    #[serde(default, deserialize_with = "text")]
    pub package_manager: Option<String>,
    /// Present whenever the key is, whatever its value (even `null`).
    #[serde(default, deserialize_with = "workspaces")]
    pub workspaces: Option<Workspaces>,
    /// pnpm's settings (`patchedDependencies`).
    #[serde(default, deserialize_with = "object")]
    pub pnpm: PnpmSettings,
    /// Prisma's settings (`schema`, before `prisma.config.ts` replaced them).
    #[serde(default, deserialize_with = "object")]
    pub prisma: PrismaSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PnpmSettings {
    /// Package → the patch file pnpm applies to it, relative to the project.
    #[serde(default, deserialize_with = "string_map")]
    pub patched_dependencies: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct PrismaSettings {
    /// Where the Prisma schema is, when not `prisma/schema.prisma`.
    #[serde(default, deserialize_with = "text")]
    pub schema: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Engines {
    /// The Node version range, e.g. `">=22"`.
    #[serde(default, deserialize_with = "text")]
    pub node: Option<String>,
    /// The Bun version range, e.g. `"1.2.3"`.
    #[serde(default, deserialize_with = "text")]
    pub bun: Option<String>,
    /// The pnpm version range, e.g. `"8.15.9"`.
    #[serde(default, deserialize_with = "text")]
    pub pnpm: Option<String>,
    /// The Yarn version range, e.g. `">=4"`.
    #[serde(default, deserialize_with = "text")]
    pub yarn: Option<String>,
}

/// `"workspaces"`: a list of folder patterns, or `{ "packages": [...] }` (Yarn's form).
#[derive(Debug, Default)]
pub struct Workspaces {
    /// The patterns that are strings; a value of another shape lists none.
    pub patterns: Vec<String>,
}

impl PackageJson {
    /// Reads and parses the project's `package.json`. A missing file reads as empty text,
    /// so it fails as JSON like any other unreadable manifest.
    pub fn read(project: &Project) -> Result<PackageJson> {
        let text = project.read("package.json")?.unwrap_or_default();
        // Parsed as a `Value` first: a syntax error keeps serde_json's own wording and
        // position, a repeated key keeps the last value (as `JSON.parse` does), and a number
        // out of range is refused as before, whichever field it is in.
        let value: Value = serde_json::from_str(&text).map_err(|e| Error::Malformed {
            path: project.path("package.json"),
            line: e.line(),
            column: e.column(),
            message: format!("invalid JSON: {e}")
                .replace(&format!(" at line {} column {}", e.line(), e.column()), ""),
        })?;
        if !value.is_object() {
            return Err(Error::Invalid {
                path: project.path("package.json"),
                message: "expected a JSON object; fix the file and run dockgen again".into(),
            });
        }
        // Every field is lenient, so an object always converts.
        Ok(PackageJson::deserialize(value).unwrap_or_default())
    }

    /// Whether `name` is a dependency or a dev dependency: frameworks and build tools are
    /// often dev dependencies.
    pub fn has_dependency(&self, name: &str) -> bool {
        self.dependencies.contains_key(name) || self.dev_dependencies.contains_key(name)
    }

    /// Whether a production install creates `node_modules`: some (optional) dependencies,
    /// or workspaces to link.
    pub fn has_prod_dependencies(&self) -> bool {
        !self.dependencies.is_empty()
            || !self.optional_dependencies.is_empty()
            || self.workspaces.is_some()
    }

    /// The command of the script `name`, if it is a string.
    pub fn script(&self, name: &str) -> Option<&str> {
        self.scripts.get(name).map(String::as_str)
    }

    /// `"type": "module"`: `.js` files are ES modules.
    pub fn is_esm(&self) -> bool {
        self.module_type.as_deref() == Some("module")
    }

    /// The workspace patterns listed here (none without `workspaces`).
    pub fn workspace_patterns(&self) -> &[String] {
        self.workspaces.as_ref().map_or(&[], |w| &w.patterns)
    }
}

/// A string, else `None`.
fn text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// `T` read from an object, else `T`'s default. Only an object: serde would also fill a
/// struct from an array, which npm does not.
fn object<'de, D, T>(d: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(d)?;
    Ok(if value.is_object() {
        T::deserialize(value).unwrap_or_default()
    } else {
        T::default()
    })
}

/// The entries of an object whose values are strings.
fn string_map<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<BTreeMap<String, String>, D::Error> {
    let Value::Object(map) = Value::deserialize(d)? else {
        return Ok(BTreeMap::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| match v {
            Value::String(s) => Some((k, s)),
            _ => None,
        })
        .collect())
}

/// A string, or the string field `field` of an object.
fn string_or_field(value: Value, field: &str) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(mut map) => match map.remove(field) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

fn person<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(string_or_field(Value::deserialize(d)?, "name"))
}

fn people<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Vec<String>, D::Error> {
    let Value::Array(list) = Value::deserialize(d)? else {
        return Ok(Vec::new());
    };
    Ok(list
        .into_iter()
        .filter_map(|v| string_or_field(v, "name"))
        .collect())
}

fn repository<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(string_or_field(Value::deserialize(d)?, "url"))
}

/// The strings in a list; anything else lists none.
fn strings(value: Value) -> Vec<String> {
    let Value::Array(list) = value else {
        return Vec::new();
    };
    list.into_iter()
        .filter_map(|v| match v {
            Value::String(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn workspaces<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Workspaces>, D::Error> {
    let patterns = match Value::deserialize(d)? {
        list @ Value::Array(_) => strings(list),
        Value::Object(mut map) => map.remove("packages").map(strings).unwrap_or_default(),
        _ => Vec::new(),
    };
    Ok(Some(Workspaces { patterns }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> PackageJson {
        PackageJson::deserialize(serde_json::from_str::<Value>(json).unwrap()).unwrap()
    }

    #[test]
    fn a_field_of_the_wrong_type_reads_as_absent() {
        let pkg = parse(
            r#"{"name": 1, "description": ["x"], "author": ["Ann"], "engines": [">=22"],
                "contributors": ["Bo", {"name": "Cy"}, {"name": 2}, 3],
                "repository": {"url": "git+https://x/y.git"}, "scripts": {"a": 1, "b": "c"},
                "dependencies": ["express"], "workspaces": null}"#,
        );
        assert_eq!(pkg.name, None);
        assert_eq!(pkg.description, None);
        assert_eq!(pkg.author, None);
        assert_eq!(pkg.engines.node, None);
        assert_eq!(pkg.contributors, ["Bo", "Cy"]);
        assert_eq!(pkg.repository.as_deref(), Some("git+https://x/y.git"));
        assert_eq!(pkg.script("a"), None);
        assert_eq!(pkg.script("b"), Some("c"));
        assert!(!pkg.has_dependency("express"));
        // `workspaces: null` still counts as declared, as it always has
        assert!(pkg.has_prod_dependencies());
        assert!(pkg.workspace_patterns().is_empty());
    }

    #[test]
    fn workspaces_in_both_forms() {
        let list = parse(r#"{"workspaces": ["a/*", 1]}"#);
        assert_eq!(list.workspace_patterns(), ["a/*"]);
        let yarn = parse(r#"{"workspaces": {"packages": ["b"]}}"#);
        assert_eq!(yarn.workspace_patterns(), ["b"]);
    }
}
