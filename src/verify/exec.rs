//! Running engine commands: captured for short queries, streamed line by line for builds.

use std::io::{BufRead, BufReader, Read};
use std::process::Stdio;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

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

/// Like [`capture`], but a command still running after `limit` is killed and fails, saying
/// so: a health probe that hangs must not stall the verification.
pub fn capture_within(cmd: &Cmd, limit: Duration) -> Finished {
    use wait_timeout::ChildExt;
    let mut child = match spawn_piped(cmd) {
        Ok(child) => child,
        Err(stderr) => {
            return Finished {
                success: false,
                stdout: String::new(),
                stderr,
            }
        }
    };
    let read_all = |source: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut source) = source {
                let _ = source.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = read_all(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = read_all(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let status = child.wait_timeout(limit).ok().flatten();
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let mut finished = Finished {
        success: status.is_some_and(|s| s.success()),
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    if status.is_none() {
        finished.stderr.push_str(&format!(
            "`{}` did not finish within {} s and was stopped",
            cmd.program,
            limit.as_secs()
        ));
    }
    finished
}

/// Starts the command with its output piped and no input; the error says why it could not.
fn spawn_piped(cmd: &Cmd) -> Result<std::process::Child, String> {
    cmd.command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", cmd.program))
}

/// Runs a long command, handing every line of stdout and stderr (interleaved as they come)
/// to `on_line`; returns the exit status and the whole log.
pub fn stream(cmd: &Cmd, mut on_line: impl FnMut(&str)) -> (bool, Vec<String>) {
    let mut child = match spawn_piped(cmd) {
        Ok(child) => child,
        Err(line) => {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_past_its_limit_is_stopped_and_fails() {
        let started = std::time::Instant::now();
        let out = capture_within(&Cmd::new("sleep", &["5"]), Duration::from_millis(300));
        assert!(!out.success);
        assert!(out.stderr.contains("did not finish within"), "{out:?}");
        assert!(started.elapsed() < Duration::from_secs(3));
        let out = capture_within(&Cmd::new("echo", &["hi"]), Duration::from_secs(5));
        assert!(out.success && out.stdout == "hi\n", "{out:?}");
    }
}
