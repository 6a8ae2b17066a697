//! Running engine commands: captured for short queries, streamed line by line for builds.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;

use super::engine::Cmd;

/// What a finished command printed and how it exited.
#[derive(Debug, Default)]
pub struct Finished {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    /// stdout and stderr together, for error messages.
    pub fn text(&self) -> String {
        format!("{}{}", self.stdout, self.stderr).trim().to_string()
    }
}

/// Runs a short command to completion, capturing its output; a program that cannot be
/// started counts as a failure with the reason on stderr.
pub fn capture(cmd: &Cmd) -> Finished {
    match cmd.command().stdin(Stdio::null()).output() {
        Ok(out) => Finished {
            success: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        },
        Err(e) => Finished {
            success: false,
            stdout: String::new(),
            stderr: format!("cannot run `{}`: {e}", cmd.program),
        },
    }
}

/// Runs a long command, handing every line of stdout and stderr (interleaved as they come)
/// to `on_line`; returns the exit status and the whole log.
pub fn stream(cmd: &Cmd, mut on_line: impl FnMut(&str)) -> (bool, Vec<String>) {
    let mut child = match cmd
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            let line = format!("cannot run `{}`: {e}", cmd.program);
            on_line(&line);
            return (false, vec![line]);
        }
    };
    let (tx, rx) = mpsc::channel::<String>();
    let readers: Vec<_> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .map(|source| {
        let tx = tx.clone();
        thread::spawn(move || {
            for line in BufReader::new(source).split(b'\n').map_while(Result::ok) {
                let line = String::from_utf8_lossy(&line).trim_end().to_string();
                if tx.send(line).is_err() {
                    break;
                }
            }
        })
    })
    .collect();
    drop(tx);
    let mut log = Vec::new();
    for line in rx {
        on_line(&line);
        log.push(line);
    }
    for r in readers {
        let _ = r.join();
    }
    let success = child.wait().is_ok_and(|s| s.success());
    (success, log)
}
