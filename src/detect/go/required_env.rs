//! A variable a Go program cannot start without: read with `os.Getenv` and, when empty,
//! fatal (`log.Fatal…`, `os.Exit`, `panic`) a few lines on. compose.yaml cannot know its
//! value, so such a program is not run as a service on its own.

use std::sync::LazyLock;

use regex::Regex;

use super::source::GoFile;

/// `x := os.Getenv("NAME")` (or `=`), with what the program calls it.
static READ: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(\w+)\s*:?=\s*os\.Getenv\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)"#).unwrap()
});

/// How far after the read the empty check and the exit may come, in bytes.
const WINDOW: usize = 400;

/// The first variable among `files` that the program exits without, with the file and line.
pub fn find(files: &[&GoFile]) -> Option<(String, String, usize)> {
    for file in files {
        for c in READ.captures_iter(&file.code) {
            let (whole, local, name) = (c.get(0)?, &c[1], &c[2]);
            let rest = &file.code[whole.end()..];
            let rest = &rest[..rest
                .char_indices()
                .map(|(i, _)| i)
                .find(|i| *i >= WINDOW)
                .unwrap_or(rest.len())];
            let Some(check) = rest.find(&format!("if {local} == \"\"")) else {
                continue;
            };
            let after = &rest[check..];
            let body = &after[..after.find('}').unwrap_or(after.len())];
            if ["log.Fatal", "os.Exit(", "panic("]
                .iter()
                .any(|exit| body.contains(exit))
            {
                return Some((
                    name.to_string(),
                    file.path.clone(),
                    file.line_of(whole.start()),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(code: &str) -> GoFile {
        GoFile {
            path: "cmd/w/main.go".into(),
            code: code.into(),
            package: "main".into(),
            imports: Vec::new(),
        }
    }

    #[test]
    fn a_fatal_on_an_empty_variable_is_found_a_default_is_not() {
        let fatal = file("func main() {\n\thook := os.Getenv(\"HOOK\")\n\tif hook == \"\" {\n\t\tlog.Fatal(\"HOOK is not set\")\n\t}\n}\n");
        assert_eq!(
            find(&[&fatal]),
            Some(("HOOK".into(), "cmd/w/main.go".into(), 2))
        );
        let default = file("func main() {\n\taddr := os.Getenv(\"ADDR\")\n\tif addr == \"\" {\n\t\taddr = \":8080\"\n\t}\n}\n");
        assert_eq!(find(&[&default]), None);
    }
}
