#!/usr/bin/env python3
"""The paths one app's image of a workspace must not hold: the other apps' folders, and
the dependencies only they declare (`node_modules/NAME`, Python's `site-packages/NAME`).
Prints them one a line, for scripts/e2e/isolation.sh.

Usage: scripts/e2e/forbidden.py ROOT APP   (ROOT holding the `.dockgen.toml` `init` wrote)
"""
import json
import re
import sys
import tomllib
from pathlib import Path


def node_deps(folder):
    manifest = folder / "package.json"
    if not manifest.exists():
        return set()
    pkg = json.loads(manifest.read_text())
    return set(pkg.get("dependencies", {})) | set(pkg.get("devDependencies", {}))


def python_deps(folder):
    manifest = folder / "pyproject.toml"
    if not manifest.exists():
        return set()
    deps = tomllib.loads(manifest.read_text()).get("project", {}).get("dependencies", [])
    return {re.split(r"[\s<>=!~\[;]", d, maxsplit=1)[0].lower().replace("-", "_") for d in deps}


def main():
    root, app = Path(sys.argv[1]), sys.argv[2]
    record = tomllib.loads((root / ".dockgen.toml").read_text())
    apps = list(record.get("apps", {}))
    members = [p.parent for p in root.glob("*/*/package.json")] + [
        p.parent for p in root.glob("*/*/pyproject.toml")
    ]
    # what the app may hold: its own dependencies and those of every member that is no app
    # (a library it may import); Go images hold a binary, so their folders alone are checked
    allowed = node_deps(root / app) | python_deps(root / app)
    for m in members:
        if str(m.relative_to(root)) not in apps:
            allowed |= node_deps(m) | python_deps(m)
    names = set()
    for other in apps:
        if other == app:
            continue
        print(other)
        names |= node_deps(root / other) - allowed
        for dep in python_deps(root / other) - allowed:
            print(f"site-packages/{dep}")
    for dep in sorted(names):
        # a workspace package of the other app's is its folder, printed above
        if not any((root / m / "package.json").exists() and json.loads((root / m / "package.json").read_text()).get("name") == dep for m in apps):
            print(f"node_modules/{dep}")


if __name__ == "__main__":
    main()
