//! A Procfile's `web:` line for a Go service: the binary it runs names the main package to
//! build (`bin/api serve --port $PORT` → `./cmd/api`), and its arguments are the image's.

use crate::detect::procfile::{self, Procfile};
use crate::detect::{Arg, Command, Findings};
use crate::error::Result;
use crate::project::Project;

/// The main package and the arguments a `web:` line runs it with.
pub struct WebLine {
    /// One of the main packages, as given (`./cmd/api`, `.`).
    pub dir: String,
    pub from: String,
    pub args: Command,
}

/// The `web:` line's binary among `mains` (relative main package dirs, `.` the module's
/// root, named by `module`'s last element); warns about a line that names none of them.
pub fn read(
    project: &Project,
    mains: &[String],
    module: &str,
    f: &mut Findings,
) -> Result<Option<WebLine>> {
    let Some(procfile) = Procfile::read(project)? else {
        return Ok(None);
    };
    // the `release:` and `worker:` lines are the processes' (see `processes.rs`)
    let Some(web) = procfile.web() else {
        return Ok(None);
    };
    let words = match procfile::command(&web.command) {
        Ok(command) => command.0,
        Err(why) => {
            f.warn(format!(
                "`{}`: {why}, so it is not the start command",
                web.from
            ));
            return Ok(None);
        }
    };
    let Some(Arg::Word(program)) = words.first() else {
        return Ok(None);
    };
    let binary = program.rsplit('/').next().unwrap_or(program);
    let name_of = |dir: &str| -> String {
        if dir == "." {
            module.rsplit('/').next().unwrap_or(module).to_string()
        } else {
            dir.rsplit('/').next().unwrap_or(dir).to_string()
        }
    };
    let Some(dir) = mains.iter().find(|d| name_of(d) == binary) else {
        f.warn(format!(
            "`{}` runs `{program}`, which is not the binary of any main package here ({}), so it is not the start command",
            web.from,
            mains.iter().map(|d| format!("`{}`", name_of(d))).collect::<Vec<_>>().join(", ")
        ));
        return Ok(None);
    };
    Ok(Some(WebLine {
        dir: dir.clone(),
        from: format!("{} runs `{program}`", web.from),
        args: Command(words[1..].to_vec()),
    }))
}
