//! The subcommand that starts the server, in programs built on a CLI framework: cobra
//! (`&cobra.Command{Use: "serve"}` added to a parent), urfave/cli (`Commands:
//! []*cli.Command{{Name: "serve"}}`) and kong (a `Serve ServeCmd \`cmd:""\`` field). A
//! program whose root command serves needs no subcommand, so only a subcommand counts.

use std::sync::LazyLock;

use regex::Regex;

use super::source::{elements, field, literals, string_value, GoFile};

/// Names of the subcommand that runs the server, most usual first.
const SERVE_NAMES: &[&str] = &["serve", "server", "start"];

/// The subcommand found, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subcommand {
    pub name: String,
    /// The file that defines it.
    pub file: String,
    /// The variable holding the command, when it is one (`serveCmd`): flags defined on it
    /// belong to the subcommand.
    pub var: Option<String>,
    /// `cobra`, `urfave/cli` or `kong` (each spells long flags `--name`).
    pub framework: &'static str,
}

const COBRA: &[&str] = &["github.com/spf13/cobra"];
const URFAVE: &[&str] = &[
    "github.com/urfave/cli",
    "github.com/urfave/cli/v2",
    "github.com/urfave/cli/v3",
];
const KONG: &[&str] = &["github.com/alecthomas/kong"];

static ADD_COMMAND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.AddCommand\(").unwrap());
static KONG_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*([A-Z]\w*)\s+\*?[\w.]+\s+`([^`\n]*)`").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(\w+):"([^"]*)""#).unwrap());

/// The serving subcommand among `files` (a main package and the packages it imports).
pub fn serve_subcommand(files: &[&GoFile]) -> Option<Subcommand> {
    let mut found = Vec::new();
    found.extend(cobra(files));
    found.extend(urfave(files));
    found.extend(kong(files));
    found.into_iter().min_by_key(|s| {
        SERVE_NAMES
            .iter()
            .position(|n| *n == s.name)
            .unwrap_or(usize::MAX)
    })
}

fn is_serve_name(name: &str) -> bool {
    SERVE_NAMES.contains(&name)
}

/// Cobra: a command literal whose `Use` starts with a serving name, in a program with
/// more than one command that adds subcommands (the root's `Use` is the program's name).
fn cobra(files: &[&GoFile]) -> Vec<Subcommand> {
    let mut commands = Vec::new();
    let mut adds = false;
    for file in files {
        let Some(name) = file.name_of(COBRA, "cobra") else {
            continue;
        };
        adds |= ADD_COMMAND.is_match(&file.code);
        // a literal is assigned, taken the address of or returned; `func f() *cobra.Command {`
        // opens a function body, not a command
        let opener = Regex::new(&format!(
            r"(?:(\w+)\s*(?::=|=)\s*&?|&|return\s+&?){}Command\s*\{{",
            qualifier(&name)
        ))
        .unwrap();
        for (start, body) in literals(&file.code, &opener) {
            let var = opener
                .captures(&file.code[start..])
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string());
            let used = field(body, "Use").and_then(string_value).unwrap_or("");
            let word = used.split_whitespace().next().unwrap_or("").to_string();
            commands.push((word, file.path.clone(), var));
        }
    }
    if !adds || commands.len() < 2 {
        return Vec::new();
    }
    commands
        .into_iter()
        .filter(|(word, _, _)| is_serve_name(word))
        .map(|(name, file, var)| Subcommand {
            name,
            file,
            var,
            framework: "cobra",
        })
        .collect()
}

/// urfave/cli: the commands of a `Commands:` slice, and command literals of their own
/// (`var serveCommand = &cli.Command{…}`) that have no subcommands. The root (v3's
/// `cli.Command`, v2's `cli.App`) holds the slice, so it never counts.
fn urfave(files: &[&GoFile]) -> Vec<Subcommand> {
    let mut found = Vec::new();
    let mut has_slice = false;
    let mut standalone = Vec::new();
    for file in files {
        let Some(name) = file.name_of(URFAVE, "cli") else {
            continue;
        };
        let q = qualifier(&name);
        let slice = Regex::new(&format!(r"\[\]\*?{q}Command\s*\{{")).unwrap();
        for (_, body) in literals(&file.code, &slice) {
            has_slice = true;
            for element in elements(body) {
                let element = element.trim_start_matches('&');
                let element = element
                    .strip_prefix(&format!("{name}.Command"))
                    .unwrap_or(element)
                    .trim();
                if let Some(inner) = element.strip_prefix('{').and_then(|e| e.strip_suffix('}')) {
                    if let Some(n) = field(inner, "Name").and_then(string_value) {
                        if is_serve_name(n) {
                            found.push(Subcommand {
                                name: n.to_string(),
                                file: file.path.clone(),
                                var: None,
                                framework: "urfave/cli",
                            });
                        }
                    }
                }
            }
        }
        let single = Regex::new(&format!(r"(?:^|[^\]*\w])&?{q}Command\s*\{{")).unwrap();
        for (_, body) in literals(&file.code, &single) {
            if field(body, "Commands").is_some() || field(body, "Subcommands").is_some() {
                continue;
            }
            if let Some(n) = field(body, "Name").and_then(string_value) {
                if is_serve_name(n) {
                    standalone.push(Subcommand {
                        name: n.to_string(),
                        file: file.path.clone(),
                        var: None,
                        framework: "urfave/cli",
                    });
                }
            }
        }
    }
    if has_slice {
        found.extend(standalone);
    }
    found
}

/// kong: a struct field tagged `cmd:""`; its name is the field's, in kebab case, unless
/// the tag says `name:"…"`. A command tagged `default:"1"` runs without being named.
fn kong(files: &[&GoFile]) -> Vec<Subcommand> {
    if !files.iter().any(|f| f.imports_any(KONG)) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for file in files {
        for c in KONG_FIELD.captures_iter(&file.code) {
            let tags: Vec<(String, String)> = TAG
                .captures_iter(&c[2])
                .map(|t| (t[1].to_string(), t[2].to_string()))
                .collect();
            let tag = |k: &str| {
                tags.iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.as_str())
            };
            if tag("cmd").is_none() || matches!(tag("default"), Some("1" | "withargs" | "true")) {
                continue;
            }
            let name = tag("name")
                .map(str::to_string)
                .unwrap_or_else(|| kebab(&c[1]));
            if is_serve_name(&name) {
                found.push(Subcommand {
                    name,
                    file: file.path.clone(),
                    var: None,
                    framework: "kong",
                });
            }
        }
    }
    found
}

/// `pkg.` as a pattern, or nothing for a dot import.
fn qualifier(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!(r"\b{}\.", regex::escape(name))
    }
}

/// `ServeHTTP` → `serve-http`, as kong names commands.
fn kebab(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        let boundary = i > 0
            && c.is_uppercase()
            && (chars[i - 1].is_lowercase() || chars.get(i + 1).is_some_and(|n| n.is_lowercase()));
        if boundary {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(sources: &[&str]) -> Option<String> {
        let files: Vec<GoFile> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| GoFile::parse(&format!("f{i}.go"), s).unwrap())
            .collect();
        let refs: Vec<&GoFile> = files.iter().collect();
        serve_subcommand(&refs).map(|s| s.name)
    }

    #[test]
    fn cobra_subcommands() {
        let root = "package cmd\nimport \"github.com/spf13/cobra\"\nvar rootCmd = &cobra.Command{Use: \"shop\"}\n";
        let serve = "package cmd\nimport \"github.com/spf13/cobra\"\nvar serveCmd = &cobra.Command{\n\tUse: \"serve\",\n\tRunE: func(c *cobra.Command, a []string) error { return nil },\n}\nfunc init() { rootCmd.AddCommand(serveCmd) }\n";
        assert_eq!(sub(&[root, serve]).as_deref(), Some("serve"));
        // a root command that is itself called `server` needs no argument
        let only = "package main\nimport \"github.com/spf13/cobra\"\nvar root = &cobra.Command{Use: \"server\"}\n";
        assert_eq!(sub(&[only]), None);
    }

    #[test]
    fn urfave_subcommands() {
        let v2 = r#"package main
import "github.com/urfave/cli/v2"
func main() {
	app := &cli.App{
		Name: "shop",
		Commands: []*cli.Command{
			{Name: "migrate", Action: migrate},
			{
				Name:  "serve",
				Flags: []cli.Flag{&cli.IntFlag{Name: "port", Value: 8080}},
			},
		},
	}
	app.Run(os.Args)
}
"#;
        assert_eq!(sub(&[v2]).as_deref(), Some("serve"));
        let flags_only = "package main\nimport \"github.com/urfave/cli/v2\"\nvar app = &cli.App{Flags: []cli.Flag{&cli.StringFlag{Name: \"start\"}}}\n";
        assert_eq!(sub(&[flags_only]), None);
    }

    #[test]
    fn kong_subcommands() {
        let k = "package main\nimport \"github.com/alecthomas/kong\"\nvar CLI struct {\n\tMigrate MigrateCmd `cmd:\"\" help:\"x\"`\n\tServe   ServeCmd   `cmd:\"\" help:\"Run the server.\"`\n}\n";
        assert_eq!(sub(&[k]).as_deref(), Some("serve"));
        let default = "package main\nimport \"github.com/alecthomas/kong\"\nvar CLI struct {\n\tServe ServeCmd `cmd:\"\" default:\"1\"`\n}\n";
        assert_eq!(sub(&[default]), None);
        assert_eq!(kebab("ServeHTTP"), "serve-http");
        assert_eq!(kebab("Serve"), "serve");
    }
}
