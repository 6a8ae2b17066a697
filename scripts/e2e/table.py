#!/usr/bin/env python3
"""Turns the JSON reports of `dockgen verify` into the end-to-end suite's Markdown table.

    table.py REPORTS_DIR [SKIPPED_TSV]   the table, one row per fixture (and one per compose
                                         stack, in a second table)
    table.py --explain REPORT.json       every check of one report, with its log tail
"""
import json
import pathlib
import sys


def explain(path):
    report = json.loads(pathlib.Path(path).read_text())
    for check in report["checks"]:
        print(f"  {check['status'].upper():4}  {check['name']:<13} {check['detail']}")
        for line in (check.get("log") or "").splitlines():
            print(f"        | {line}")
    for service in report.get("services", []):
        print(f"  {service['name']:<13} {service['state']}")
        for line in (service.get("log") or "").splitlines():
            print(f"        | {line}")


def seconds(value):
    return "–" if value is None else f"{value:.1f}"


def row(name, report):
    m = report["metrics"]
    status = {c["name"]: c["status"] for c in report["checks"]}
    warm = "–"
    if m.get("warm_seconds") is not None:
        warm = f"{m['warm_seconds']:.1f} ({m['warm_fraction'] * 100:.0f}%)"
    added = "–" if m.get("added_bytes") is None else f"{m['added_bytes'] / 1e6:.1f}"
    # what the final stage copies in (production dependencies and the app): the rest of
    # `added` is what its RUN steps install
    copied = "–" if m.get("copied_bytes") is None else f"{m['copied_bytes'] / 1e6:.1f}"
    healthy = "yes" if status.get("healthy") == "pass" else "**no**"
    users = ", ".join(m.get("users") or []) or "–"
    if m.get("image_user"):
        users = f"{users} ({m['image_user']})"
    cache = "yes" if status.get("warm-rebuild") == "pass" else "**no**"
    sent = next((c for c in report["checks"] if c["name"] == "requests"), None)
    requests = "–"
    if sent is not None:
        requests = f"{sent['detail'].count('; ') + 1} ok" if sent["status"] == "pass" else "**no**"
    result = "pass" if report["ok"] else "**FAIL**"
    failed = [c["name"] for c in report["checks"] if c["status"] == "fail"]
    if failed:
        result += " (" + ", ".join(failed) + ")"
    return (
        f"| {name} | {result} | {seconds(m.get('build_seconds'))} | {warm} | {cache} "
        f"| {added} | {copied} | {healthy} | {requests} | {users} | {seconds(m.get('stop_seconds'))} |"
    )


def compose_row(name, report):
    """A compose stack: each service, whether it came up and after how long."""
    status = {c["name"]: c for c in report["checks"]}
    services = ", ".join(
        f"{s['name']} {s['state']}" + (f" {s['seconds']:.0f} s" if s.get("seconds") is not None else "")
        for s in report["services"]
    ) or "–"
    health = status.get("health")
    health = "–" if health is None else ("yes" if health["status"] == "pass" else "**no**")
    sent = status.get("requests")
    requests = "–"
    if sent is not None:
        requests = f"{sent['detail'].count('; ') + 1} ok" if sent["status"] == "pass" else "**no**"
    result = "pass" if report["ok"] else "**FAIL**"
    failed = [c["name"] for c in report["checks"] if c["status"] == "fail"]
    if failed:
        result += " (" + ", ".join(failed) + ")"
    up = status.get("up")
    up = up["detail"].removeprefix("started in ").removesuffix(" s") if up and up["status"] == "pass" else "–"
    return f"| {name} | {result} | {up} | {services} | {health} | {requests} |"


def table(reports_dir, skipped, built_only=None):
    print(
        "| fixture | result | build s | warm rebuild s (of first build) | deps cached "
        "| added MB | deps+app MB | healthy | requests | user (USER) | stop s |"
    )
    print("|---|---|---:|---:|---|---:|---:|---|---|---|---:|")
    stacks = []
    for path in sorted(pathlib.Path(reports_dir).glob("*.json")):
        try:
            report = json.loads(path.read_text())
        except (ValueError, OSError):
            print(f"| {path.stem} | **no report** (see {path.stem}.log) | | | | | | | | | |")
            continue
        if "services" in report:
            stacks.append((path.stem, report))
            continue
        print(row(path.stem, report))
    if built_only and pathlib.Path(built_only).exists():
        for line in pathlib.Path(built_only).read_text().splitlines():
            name, _, reason = line.partition("\t")
            print(f"| {name} | built, not run: {reason} | | | | | | | | | |")
    if skipped and pathlib.Path(skipped).exists():
        for line in pathlib.Path(skipped).read_text().splitlines():
            name, _, reason = line.partition("\t")
            print(f"| {name} | not built here: {reason} | | | | | | | | | |")
    if stacks:
        print()
        print("Compose stacks (`verify --compose`: every service, healthy or up, after how long):")
        print()
        print("| stack | result | up s | services | app healthy | requests |")
        print("|---|---|---:|---|---|---|")
        for name, report in stacks:
            print(compose_row(name, report))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--explain":
        explain(sys.argv[2])
    elif len(sys.argv) in (2, 3, 4):
        table(*sys.argv[1:])
    else:
        sys.exit(__doc__)
