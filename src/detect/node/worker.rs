//! A Node app that serves nothing: a worker (a queue consumer, a scheduler) whose start
//! command runs a file that never listens, in a project whose sources start no server.
//! Its image exposes no port and has no HTTP probe; compose publishes nothing for it.

use std::sync::LazyLock;

use regex::Regex;

use super::framework::FrameworkInfo;
use super::NodeLayout;
use crate::detect::Findings;
use crate::error::Result;
use crate::project::Project;

/// What starts or imports a server: a listen call, Node's and Bun's server functions, and
/// the server libraries people import.
static SERVES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?x)
        # one group: find_in_sources reports what it matched
        (
        \.listen\s*\(
      | \bcreateServer\s*\(
      | \b(?:Bun|Deno)\.serve\s*\(
      | \bserve\s*\(\s*\{
      | \bWebSocketServer\b
      | (?:from\s+|require\(\s*)['"](?:node:)?(?:https?|http2|net)['"]
      | (?:from\s+|require\(\s*)['"](?:express|fastify|koa|hono|@hapi/hapi|@nestjs/core|@hono/node-server|restify|polka|micro)['"]
        )
    "#,
    )
    .unwrap()
});

/// Whether the app is a worker: no framework serves it, no port is named for it, the file
/// its start command runs (`entry`, read by the port detection) starts no server, and no
/// source file does either (an entry that imports the module that listens is a server).
pub fn detect(
    project: &Project,
    layout: NodeLayout,
    framework: Option<&FrameworkInfo>,
    entry: Option<(&str, &str)>,
    f: &mut Findings,
) -> Result<bool> {
    if layout != NodeLayout::Source || framework.is_some() {
        return Ok(false);
    }
    let Some((file, src)) = entry else {
        return Ok(false);
    };
    // a port the start command or the code names (`PORT=8081 node x.js`, `PORT || 8080`)
    // is a server's, and an empty file says nothing either way
    let port_named = f
        .hints
        .port
        .as_ref()
        .is_some_and(|p| p.from != "framework default");
    if port_named || src.trim().is_empty() || SERVES.is_match(src) {
        return Ok(false);
    }
    if project
        .find_in_sources(&[".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"], &SERVES)?
        .is_some()
    {
        return Ok(false);
    }
    f.fact(
        "worker",
        "no HTTP server: no port exposed, no HTTP probe",
        format!("`{file}` starts no server, nor does any other source file"),
    );
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_told_from_workers() {
        for server in [
            "app.listen(3000)",
            "http.createServer(handler)",
            "Bun.serve({ fetch })",
            "serve({ fetch: app.fetch, port })",
            "const express = require('express')",
            "import Fastify from \"fastify\"",
            "import { createServer } from 'node:http'",
        ] {
            assert!(SERVES.is_match(server), "{server}");
        }
        for worker in [
            "const pino = require('pino');\nsetInterval(work, 1000);",
            "import { Worker } from 'bullmq';\nnew Worker('mail', handle);",
            "// listens to the queue\nqueue.process(handle);",
        ] {
            assert!(!SERVES.is_match(worker), "{worker}");
        }
    }
}
