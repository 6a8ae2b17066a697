#!/usr/bin/env python3
"""Measure dockgen on the example projects of two peers: railwayapp/nixpacks and railwayapp/railpack.

Not part of the test suite: it needs checkouts of both peers, which are never committed to
this project and are not on CI. Run it by hand when detection changes, and commit the
regenerated table:

    git clone --depth 1 https://github.com/railwayapp/nixpacks /tmp/peers/nixpacks
    git clone --depth 1 https://github.com/railwayapp/railpack /tmp/peers/railpack
    cargo build --release
    scripts/peers.py --nixpacks /tmp/peers/nixpacks --railpack /tmp/peers/railpack \
        --dockgen target/release/dockgen            # writes docs/peer-corpus.md

What it does, for every folder under each peer's `examples/`:

* reads the peer's own conclusion from its snapshot test (nixpacks:
  `tests/snapshots/generate_plan_tests__<example>.snap`; railpack:
  `core/__snapshots__/TestGenerateBuildPlanForExamples_<example>_1.snap.json`): the stack, the
  package manager (from the install commands the peer would run) and the start command;
* runs `dockgen plan --json` on the example (stdin closed, an empty HOME, no DOCKGEN_* variables);
  when dockgen refuses only because a question has no answer, it runs once more with a
  placeholder answer to learn what dockgen detected (shown as "probe");
* keeps the examples that are Node, Python or Go by the peer's verdict or by dockgen's, compares
  stack and package manager, and writes a dated Markdown table with a summary.

The "why they differ" column comes from WHY (stack or package manager differ) and NOTE (they
agree, but dockgen's plan is wrong or it refused) below, written by reading each example. The
script warns about a disagreement without an explanation, an explanation for a pair that now
agrees, and an explanation for an example no longer measured: re-read those examples after a
detection change. It reads only the checkouts and writes only the output file; it takes a few
seconds. Python 3.9+, stdlib only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

STACKS = ("node", "python", "go")

# Why dockgen and the peer differ on stack or package manager, by reading the example.
# "PEER WRONG:" marks where the peer's verdict is the mistake; "CONFIG:" where the peer's answer
# follows its own configuration file (which dockgen does not read) rather than detection. Anything
# else is dockgen's to fix.
WHY: dict[str, str] = {
    "nixpacks/nested": "the only `package.json` is in `hello/sub/`: the peer descends the chain of "
    "single sub-folders and builds there; dockgen builds the folder it is given, and its refusal "
    "names `hello/sub` and the command to run there",
    "nixpacks/node-python": "CONFIG: the folder holds only `nixpacks.toml` (`providers = [\"node\", "
    "\"python\"]` and a start command); there is no project to detect, and dockgen's refusal is right",
}

# Where stack and package manager agree but dockgen's plan is wrong or refused: what the example
# is, and what dockgen did. Shown in the same column.
NOTE: dict[str, str] = {
    "nixpacks/python-2": "`.python-version` pins Python 2.7: the peer builds it on an old Nix Python; "
    "no official image has Python 2 on a Debian release with packages, so dockgen refuses, naming "
    "the pin and the versions it has",
    "nixpacks/python-2-runtime": "`runtime.txt` pins Python 2.7: the peer builds it on an old Nix "
    "Python; no official image has Python 2 on a Debian release with packages, so dockgen refuses, "
    "naming the pin and the versions it has",
    "nixpacks/go": "a lone `main.go`, no `go.mod`: the peer builds the file; dockgen refuses, saying "
    "to run `go mod init` (every Go build it writes is a module build)",
    "nixpacks/go-cgo-enabled": "a lone `main.go` (and `nixpacks.toml`), no `go.mod`: the peer builds "
    "the file; dockgen refuses, saying to run `go mod init`",
    "railpack/node-pnpm-json5": "the manifest is `package.json5` (pnpm reads it): the peer reads it; "
    "dockgen refuses, naming the file and saying to write it as `package.json`",
    "railpack/python-bot-only": "a lone `bot.py` that prints and exits: both run `python bot.py`; "
    "dockgen's image probes a server on port 8000, which a bot does not run: a worker needs a "
    "Dockerfile of its own",
    "nixpacks/node-custom-cache-directories": "no code at all (`main` names a missing `index.js`): "
    "neither has a start command; dockgen's refusal is right",
    "nixpacks/node-monorepo": "yarn workspaces (`packages/server`, `packages/client`), no root start "
    "(the peer's start comes from its test's `NIXPACKS_START_CMD`): dockgen asks for a start command",
    "nixpacks/node-moon-monorepo": "moon workspaces, no root start and `main` names a missing "
    "`index.js`: neither has a start command",
    "nixpacks/node-pnpm-monorepo": "a Turborepo (`apps/*`, `packages/*`) with no root start: neither "
    "has a start command",
    "nixpacks/node-turborepo": "a Turborepo with no root start: the peer runs `npx turbo run start`; "
    "dockgen asks for a start command",
    "nixpacks/node-typescript-incremental": "`index.ts` + `tsconfig.json`, `main` is `index.js`, no "
    "build or start script: neither has a start command",
    "nixpacks/node-typescript-incremental-extends": "`index.ts` + `tsconfig.json`, `main` is "
    "`index.js`, no build or start script: neither has a start command",
    "nixpacks/node-typescript-incremental-out-dir": "`index.ts` + `tsconfig.json`, `main` is "
    "`index.js`, no build or start script: neither has a start command",
    "nixpacks/node-typescript-incremental-tsbuildinfo-path": "`index.ts` + `tsconfig.json`, `main` "
    "is `index.js`, no build or start script: neither has a start command",
    "nixpacks/node-nx": "an Nx workspace whose `defaultProject` is `apps/express-app`: the peer runs "
    "its build output; dockgen sees `next` in the root dependencies and runs `next start` at the "
    "root, where there is no Next.js app (monorepos are the next piece of work)",
    "nixpacks/procfile": "`Procfile` says `web: echo start from procfile`, which is no server: the "
    "peer runs it; dockgen passes it over, saying why, and runs `index.js`",
    "railpack/expo-spa": "an Expo web app (`expo export --platform web` writes a static site): the "
    "peer serves it statically; dockgen does not know Expo and asks for a start command",
    "railpack/go-workspaces": "`go.work` uses `./api` and `./shared`, both `package main`, neither "
    "serving HTTP: the peer builds the first; dockgen asks which",
    "railpack/node-bun-bunfig": "no scripts; `module` is `index.ts`: the peer runs `bun index.ts`; "
    "dockgen asks for a start command",
    "railpack/node-bun-workspaces": "bun workspaces, no scripts; `module` is `index.ts`: the peer runs "
    "`bun index.ts`; dockgen asks for a start command",
    "railpack/node-nx-next": "an Nx workspace with the Next.js app in `apps/web`: the peer runs `cd "
    "apps/web && next start`; dockgen runs `next start` at the root (monorepos are the next piece "
    "of work)",
    "railpack/node-tanstack-start": "TanStack Start renders on the server (`@tanstack/react-start`, "
    "`scripts.start` is `node .output/server/index.mjs`): dockgen takes it for a Vite single-page "
    "app and serves static files with nginx",
    "railpack/node-turborepo": "`scripts.start` is `cd apps/web && npm start`: dockgen cannot follow "
    "a `cd` into a workspace member and asks for a start command",
    "railpack/python-fasthtml": "a FastHTML (ASGI) app: the peer runs `uvicorn main:app`; dockgen "
    "does not know FastHTML and runs `python main.py`, whose `serve()` starts uvicorn itself",
    "railpack/tanstack-latest": "TanStack Start renders on the server (`@tanstack/react-start`): the "
    "peer runs its server build; dockgen takes it for a Vite single-page app and serves static "
    "files with nginx",
}


@dataclass
class Verdict:
    stack: str  # node, python, go, or the peer's own name for another provider ("none": no provider)
    pm: str  # npm, yarn, pnpm, bun, pip, poetry, uv, pdm, pipenv, go, or "none" (no install step)
    start: str | None


@dataclass
class Dockgen:
    code: int
    stack: str | None = None
    pm: str | None = None
    lockfile: str | None = None
    start: str | None = None
    files: list[str] = field(default_factory=list)
    error: str | None = None  # the refusal's first line (and the questions it names)
    # questions `plan --json` reports without an answer, with why (`files` is then empty)
    missing: list[dict] = field(default_factory=list)
    probe: bool = False  # stack/pm learnt from a second run with placeholder answers
    # a refusal that names the project's stack (`--json` prints it in its error object):
    # a PHP or Ruby project, Go source without go.mod, a Python pin no image has
    refused_stack: str | None = None


# --- the peers' verdicts -------------------------------------------------------------------

NODE_INSTALL = [
    (re.compile(r"\bpnpm (i|install)\b(?! -g)"), "pnpm"),
    (re.compile(r"\byarn install\b"), "yarn"),
    (re.compile(r"\bbun (i|install)\b"), "bun"),
    (re.compile(r"\bnpm (ci|i|install)\b(?! -g)"), "npm"),
]
PYTHON_INSTALL = [
    (re.compile(r"\bpoetry install\b"), "poetry"),
    (re.compile(r"\bpdm install\b"), "pdm"),
    (re.compile(r"\bpipenv install\b"), "pipenv"),
    (re.compile(r"\buv sync\b"), "uv"),
    (re.compile(r"\bpip install\b(?! (uv|poetry|pdm|pipenv)\b)"), "pip"),
]


def pm_from(commands: list[str], stack: str) -> str:
    """The package manager whose install command the peer runs, for the given stack."""
    table = {"node": NODE_INSTALL, "python": PYTHON_INSTALL}.get(stack)
    if stack == "go":
        return "go"
    if table is None:
        return "—"
    for cmd in commands:
        for pattern, pm in table:
            if pattern.search(cmd):
                return pm
    return "none"


def nixpacks_verdict(root: Path, name: str) -> Verdict | None:
    snap = root / "tests" / "snapshots" / f"generate_plan_tests__{name.replace('-', '_')}.snap"
    if not snap.is_file():
        return None
    # an insta snapshot: a `---` header, then the JSON plan
    plan = json.loads(snap.read_text().split("---", 2)[2])
    meta = (plan.get("variables") or {}).get("NIXPACKS_METADATA")
    # the first provider is the app's (`node,python` runs both; `python,django` is python)
    stack = meta.split(",")[0] if meta else "none"
    commands = [
        cmd
        for phase_name, phase in sorted((plan.get("phases") or {}).items())
        if "install" in phase_name
        for cmd in phase.get("cmds") or []
    ]
    start = (plan.get("start") or {}).get("cmd")
    return Verdict(stack, pm_from(commands, stack), start)


def railpack_commands(plan: dict) -> tuple[list[str], set[str]]:
    commands, mise = [], set()
    for step in plan.get("steps") or []:
        for c in step.get("commands") or []:
            cmd = c.get("cmd")
            if not cmd:
                continue
            if cmd == "mise install":
                names = c.get("customName", "").removeprefix("install mise packages: ")
                mise |= {n.strip() for n in names.split(",")}
            else:
                commands.append(cmd)
    return commands, mise


def railpack_verdict(root: Path, name: str) -> Verdict | None:
    snap = root / "core" / "__snapshots__" / f"TestGenerateBuildPlanForExamples_{name}_1.snap.json"
    if not snap.is_file():
        return None
    plan = json.loads(snap.read_text())
    start = (plan.get("deploy") or {}).get("startCommand")
    commands, mise = railpack_commands(plan)
    text = "\n".join(commands)
    # railpack's plan does not name its provider: read it off the plan, in railpack's own
    # provider order (php, go, java, rust, ruby, elixir, python, deno, dotnet, node, gleam,
    # cpp, staticfile, shell), after a provider forced in railpack.json
    forced = None
    config = root / "examples" / name / "railpack.json"
    if config.is_file():
        m = re.search(r'"provider"\s*:\s*"([a-z]+)"', config.read_text(errors="replace"))
        forced = m.group(1) if m else None
    python_pm = pm_from(commands, "python")
    node_pm = pm_from(commands, "node")
    if forced:
        stack = forced
    elif "install-php-extensions" in text or start == "/start-container.sh":
        stack = "php"
    elif "go" in mise or re.search(r"\bgo (build|mod)\b", text):
        stack = "go"
    elif mise & {"java", "gradle", "maven"}:
        stack = "java"
    elif "rust" in mise:
        stack = "rust"
    elif "bundle install" in text:
        stack = "ruby"
    elif "elixir" in mise:
        stack = "elixir"
    elif python_pm != "none" or (
        "python" in mise and re.match(r"(python|gunicorn|uvicorn)\b", start or "")
    ):
        stack = "python"
    elif "deno" in mise:
        stack = "deno"
    elif "dotnet" in mise:
        stack = "dotnet"
    elif node_pm != "none" or mise & {"node", "bun"}:
        stack = "node"
    elif "gleam export" in text:
        stack = "gleam"
    elif re.search(r"\b(cmake|meson)\b", text):
        stack = "cpp"
    elif "caddy" in text:
        stack = "staticfile"
    elif re.search(r"\.sh$", start or ""):
        stack = "shell"
    else:
        stack = "none"
    return Verdict(stack, pm_from(commands, stack), start)


# --- dockgen -------------------------------------------------------------------------------

QUESTION = re.compile(r"^\s*- `([a-z_]+)`", re.M)
PLACEHOLDER = {"main": ".", "start": "probe-placeholder"}


def dockgen_env(home: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKGEN_")}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), CI="true", NO_COLOR="1")
    return env


def run_plan(binary: str, project: Path, env: dict, extra: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, "plan", "--json", *extra, str(project)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=env["HOME"],
        timeout=30,
    )


def command_text(start) -> str | None:
    if start is None:
        return None
    if isinstance(start, list):
        return " ".join(start)
    return str(start)


def start_text(plan: dict) -> str | None:
    """What the image runs: the start command, else what the preset serves or builds."""
    start = command_text(plan.get("start"))
    answers = plan.get("answers") or {}
    if start is None and "static_dir" in answers:
        return f"nginx serving {answers['static_dir'].get('value')}/"
    if start is None and "main" in answers:
        return f"binary built from {answers['main'].get('value')}"
    return start


def run_dockgen(binary: str, project: Path, env: dict) -> Dockgen:
    try:
        proc = run_plan(binary, project, env, [])
    except subprocess.TimeoutExpired:
        return Dockgen(code=-1, error="timed out after 30 s")
    if proc.returncode == 0:
        plan = json.loads(proc.stdout)
        return Dockgen(
            code=0,
            stack=plan.get("stack"),
            pm=plan.get("package_manager"),
            lockfile=plan.get("lockfile"),
            start=start_text(plan),
            files=plan.get("files") or [],
            missing=plan.get("missing") or [],
        )
    # the table names the example, not where it was checked out
    stderr = proc.stderr.replace(str(project), f"examples/{project.name}")
    lines = [line for line in stderr.splitlines() if line.strip()]
    first = lines[0] if lines else f"(exit {proc.returncode}, no message)"
    result = Dockgen(code=proc.returncode, error=first)
    try:
        result.refused_stack = json.loads(proc.stdout)["error"].get("stack")
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    questions = QUESTION.findall(stderr) if "have no answer" in first else []
    if questions:
        result.error = first.rstrip(":") + ": " + ", ".join(f"`{q}`" for q in questions)
        sets = [a for q in questions for a in ("--set", f"{q}={PLACEHOLDER.get(q, 'probe')}")]
        probe = run_plan(binary, project, env, sets)
        if probe.returncode == 0:
            plan = json.loads(probe.stdout)
            result.stack = plan.get("stack")
            result.pm = plan.get("package_manager")
            result.lockfile = plan.get("lockfile")
            result.probe = True
    return result


# --- comparison and the table --------------------------------------------------------------


@dataclass
class Row:
    key: str
    peer: Verdict
    dockgen: Dockgen
    stack_agree: bool
    pm_agree: bool


def compare(peer: Verdict, dg: Dockgen) -> tuple[bool, bool]:
    if dg.stack is None and dg.refused_stack is not None:
        # a refusal installs nothing: naming the peer's stack is all it can agree on
        same = peer.stack == dg.refused_stack
        return same, same
    if dg.stack is None:
        return False, False
    stack = peer.stack == dg.stack
    if not stack:
        return False, False
    # a peer that runs no install step agrees with any dockgen plan that has nothing locked
    if peer.pm == "none":
        return True, dg.lockfile is None
    return True, peer.pm == dg.pm


def code(text: str | None) -> str:
    if text is None:
        return "—"
    text = text.replace("\n", " ").replace("|", "\\|")
    if len(text) > 70:
        text = text[:67] + "…"
    tick = "``" if "`" in text else "`"
    pad = " " if tick == "``" else ""
    return f"{tick}{pad}{text}{pad}{tick}"


def cell(text: str) -> str:
    return text.replace("\n", " ").replace("|", "\\|")


def dockgen_cell(dg: Dockgen) -> str:
    if dg.code == 0 and dg.missing and not dg.files:
        said = "; ".join(f"`{m['id']}`: {m['why']}" for m in dg.missing)
        return f"{dg.stack} / {dg.pm} / no answer to {cell(said)}"
    if dg.code == 0:
        shown = dg.start if dg.start and dg.start.startswith(("nginx serving", "binary built")) else code(dg.start)
        return f"{dg.stack} / {dg.pm} / {shown}"
    refusal = f"exit {dg.code}: {cell(dg.error or '')}"
    if dg.refused_stack:
        refusal += f" (stack: {dg.refused_stack})"
    if dg.probe:
        refusal += f" (probe: {dg.stack} / {dg.pm})"
    return refusal


def agree_cell(row: Row) -> str:
    if row.stack_agree and row.dockgen.refused_stack is not None:
        return "yes (refused)"
    if row.stack_agree and row.pm_agree:
        return "yes"
    if row.stack_agree:
        return "stack only"
    return "no"


def render(rows: list[Row], peers: dict[str, str], binary_version: str, date: str,
           skipped: dict[str, int], unsnapped: dict[str, int]) -> str:
    total = len(rows)
    with_files = [r for r in rows if r.dockgen.code == 0 and r.dockgen.files]
    # `plan` names a question it could not answer, and why, and exits 0 (`init --yes` exits 2)
    unanswered = [r for r in rows if r.dockgen.code == 0 and not r.dockgen.files and r.dockgen.missing]
    refusals = [r for r in rows if r.dockgen.code == 2 and (r.dockgen.error or "").startswith("error: ")] + unanswered
    neither = total - len(with_files) - len(refusals)
    agree = [r for r in rows if r.stack_agree and r.pm_agree]
    stack_only = sum(1 for r in rows if r.stack_agree and not r.pm_agree)
    differ = [r for r in rows if not (r.stack_agree and r.pm_agree)]
    peer_wrong = [r for r in differ if WHY.get(r.key, "").startswith("PEER WRONG:")]
    config = [r for r in differ if WHY.get(r.key, "").startswith("CONFIG:")]
    files_agree = sum(1 for r in with_files if r.stack_agree and r.pm_agree)
    counts = {}
    for r in rows:
        peer = r.key.split("/")[0]
        counts[peer] = counts.get(peer, 0) + 1

    out = ["# dockgen on the peers' example corpora\n"]
    out.append(f"Measured {date} with `{binary_version}` by `scripts/peers.py` (its header says how to "
               "run it). The peers' code is not part of this project; only this table is.\n")
    out.append("| peer | commit measured |\n|---|---|")
    for peer, commit in peers.items():
        out.append(f"| [railwayapp/{peer}](https://github.com/railwayapp/{peer}) | `{commit}` |")
    out.append("")
    out.append("## Summary\n")
    out.append(f"- **{total}** examples are Node, Python or Go by the peer's snapshot or by dockgen ("
               + ", ".join(f"{p} {n}" for p, n in counts.items()) + "); the other "
               + " and ".join(f"{n} of {p}" for p, n in skipped.items())
               + " are other stacks by both and left out"
               + "".join(f", as are {n} {p} examples the peer has no snapshot of (dockgen finds no "
                         "project in them either)" for p, n in unsnapped.items())
               + ".")
    out.append(f"- **{len(with_files)}** get files (`dockgen plan` exits 0 and lists them) and "
               f"**{len(refusals)}** a refusal that names why: {len(refusals) - len(unanswered)} "
               f"exit 2 with the reason (no project, a pin no image has), "
               f"{len(unanswered)} name the question they could not answer and why (`plan` lists it "
               f"in `missing` and exits 0; `init --yes` exits 2) "
               f"(`start`, or Go's `main`). **{neither}** get neither.")
    refused_agree = sum(1 for r in agree if r.dockgen.refused_stack is not None)
    out.append(f"- **{len(agree)}** of {total} agree with the peer on stack and package manager "
               f"({files_agree} of the {len(with_files)} with files; {refused_agree} refusals that name "
               f"the peer's stack, marked \"yes (refused)\"); {stack_only} more on the stack only. "
               f"Of the {len(differ)} that differ, {len(peer_wrong)} {'is' if len(peer_wrong) == 1 else 'are'} "
               f"the peer's mistake (marked **peer wrong**) and {len(config)} "
               f"{'follows' if len(config) == 1 else 'follow'} the peer's own configuration file rather "
               f"than detection (marked **config**); the rest are dockgen's to fix.")
    out.append("")
    out.append("How to read it: the peer's answer is read from its own snapshot test of the example "
               "(nixpacks: `tests/snapshots/generate_plan_tests__*.snap`, the provider from "
               "`NIXPACKS_METADATA`; railpack: `core/__snapshots__/*.snap.json`, whose plan does not name "
               "its provider, so it is read off the plan's steps in railpack's provider order). The "
               "package manager is the one whose install command the peer runs; `none` means the peer "
               "runs no install step, which agrees with a dockgen plan that has no lockfile. dockgen's "
               "answer is `dockgen plan --json`; when dockgen refuses only because a question has no "
               "answer, a second run with a placeholder answer shows what it detected (\"probe\"), and "
               "that is what is compared. Start commands are shown, not compared: the peers start "
               "through the package manager (`npm run start`), dockgen runs the process itself "
               "(`node dist/index.js`). The last column also notes, where stack and package manager "
               "agree, a plan or refusal of dockgen's that is wrong or could do better.\n")
    out.append("## Table\n")
    out.append("| example | peer: stack / pm / start | dockgen: stack / pm / start, or refusal | agree? | why they differ |")
    out.append("|---|---|---|---|---|")
    for r in rows:
        why = WHY.get(r.key) or NOTE.get(r.key, "")
        for marker, shown in (("PEER WRONG:", "**peer wrong**:"), ("CONFIG:", "**config**:")):
            if why.startswith(marker):
                why = shown + why[len(marker):]
        out.append(
            f"| {r.key} | {r.peer.stack} / {r.peer.pm} / {code(r.peer.start)} | {dockgen_cell(r.dockgen)} "
            f"| {agree_cell(r)} | {cell(why)} |"
        )
    out.append("")
    return "\n".join(out)


def head_commit(root: Path) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10)
        if proc.returncode == 0:
            return proc.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    # a checkout exported without its .git (`git archive`) names its commit in this file
    marker = root / ".peer-commit"
    if marker.is_file():
        return marker.read_text().strip()
    return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--nixpacks", type=Path, required=True, help="a checkout of railwayapp/nixpacks")
    ap.add_argument("--railpack", type=Path, required=True, help="a checkout of railwayapp/railpack")
    ap.add_argument("--dockgen", default="target/release/dockgen", help="the dockgen binary")
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "docs" / "peer-corpus.md")
    ap.add_argument("--date", default=datetime.date.today().isoformat())
    ap.add_argument("--nixpacks-commit", help="the commit measured, when the checkout has no .git")
    ap.add_argument("--railpack-commit", help="the commit measured, when the checkout has no .git")
    args = ap.parse_args()

    binary = os.path.abspath(args.dockgen)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    peers = {
        "nixpacks": (args.nixpacks, nixpacks_verdict, args.nixpacks_commit),
        "railpack": (args.railpack, railpack_verdict, args.railpack_commit),
    }
    rows: list[Row] = []
    commits: dict[str, str] = {}
    skipped: dict[str, int] = {}
    unsnapped: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="dockgen-peers-") as home:
        env = dockgen_env(home)
        for peer, (root, verdict_of, commit) in peers.items():
            commits[peer] = commit or head_commit(root)
            examples = root / "examples"
            if not examples.is_dir():
                print(f"error: no `examples/` in `{root}`", file=sys.stderr)
                return 2
            skipped[peer] = 0
            for project in sorted(p for p in examples.iterdir() if p.is_dir() and not p.is_symlink()):
                key = f"{peer}/{project.name}"
                verdict = verdict_of(root, project.name)
                dg = run_dockgen(binary, project, env)
                if verdict is None:
                    # the peer tests it by hand, if at all: no verdict to compare with
                    if dg.stack not in STACKS:
                        unsnapped[peer] = unsnapped.get(peer, 0) + 1
                        continue
                    verdict = Verdict("no snapshot", "—", None)
                if verdict.stack not in STACKS and dg.stack not in STACKS:
                    skipped[peer] += 1
                    continue
                stack_agree, pm_agree = compare(verdict, dg)
                rows.append(Row(key, verdict, dg, stack_agree, pm_agree))

    keys = {r.key for r in rows}
    for r in rows:
        differs = not (r.stack_agree and r.pm_agree)
        if differs and r.key not in WHY:
            print(f"warning: {r.key}: differs and has no explanation in WHY", file=sys.stderr)
        if not differs and r.key in WHY:
            print(f"warning: {r.key}: agrees now; move or drop its WHY entry", file=sys.stderr)
        if differs and r.key in NOTE:
            print(f"warning: {r.key}: differs; its NOTE belongs in WHY", file=sys.stderr)
    for key in sorted((WHY.keys() | NOTE.keys()) - keys):
        print(f"warning: {key}: explained but not measured", file=sys.stderr)
    text = render(rows, commits, version, args.date, skipped, unsnapped)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(args.out)
    print(f"wrote {args.out} ({len(rows)} examples)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
