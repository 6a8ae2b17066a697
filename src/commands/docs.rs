//! `dockgen completions SHELL` and `dockgen man`: the shell completion scripts and the
//! manual page, generated from the command-line definition so they never fall behind it.

use clap::CommandFactory;

use super::Outcome;
use crate::cli::Cli;
use crate::error::{Error, Result};

pub fn completions(shell: clap_complete::Shell) {
    let mut cmd = Cli::command();
    // into memory first: clap_complete panics on a closed pipe, `print` ignores it
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "dockgen", &mut script);
    super::print(&String::from_utf8_lossy(&script));
}

/// The page for `dockgen` with a section per subcommand, as `man -l -` reads it.
pub fn man() -> Result<Outcome> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    let write_err = |source| Error::Write {
        path: "<stdout>".into(),
        source,
    };
    man.render_title(&mut out).map_err(write_err)?;
    man.render_name_section(&mut out).map_err(write_err)?;
    man.render_synopsis_section(&mut out).map_err(write_err)?;
    man.render_description_section(&mut out)
        .map_err(write_err)?;
    man.render_options_section(&mut out).map_err(write_err)?;
    // every subcommand's usage and options, so one page documents the whole tool
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        section(&mut out, sub, "dockgen");
    }
    man.render_version_section(&mut out).map_err(write_err)?;
    super::print(&String::from_utf8_lossy(&out));
    Ok(Outcome::Success)
}

/// A `.SH` section for `sub` (and nested ones below it), its synopsis and options.
fn section(out: &mut Vec<u8>, sub: &clap::Command, parent: &str) {
    let name = format!("{parent} {}", sub.get_name());
    if sub.get_name() == "help" {
        return;
    }
    let page = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
    out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
    if let Some(about) = sub.get_long_about().or(sub.get_about()) {
        out.extend_from_slice(format!("{}\n", roff_escape(&about.to_string())).as_bytes());
    }
    let mut synopsis = Vec::new();
    let _ = page.render_synopsis_section(&mut synopsis);
    let mut options = Vec::new();
    let _ = page.render_options_section(&mut options);
    // the sub-pages' own headings become sub-headings of this section
    for part in [synopsis, options] {
        out.extend_from_slice(
            &String::from_utf8_lossy(&part)
                .replace(".SH ", ".SS ")
                .into_bytes(),
        );
    }
    for nested in sub.get_subcommands() {
        section(out, nested, &name);
    }
}

/// Text safe in a roff paragraph: a backslash escaped, no line starting with a control dot.
fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .lines()
        .map(|l| {
            if l.starts_with('.') || l.starts_with('\'') {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
