#!/usr/bin/env bash
# shellcheck disable=SC2016 # the single-quoted commands are expanded by the container's shell
# Checks that the stand-in base images built by standins.sh do what generated Dockerfiles
# need from them: apt works in every Debian-based one, npm, bun and pip install from the registries
# through the host's CA, Go builds, the distroless ones run a Go binary as uid 65532, nginx
# answers on 8080 as uid 101. Prints one line a check and exits non-zero if any failed.
# About a minute; needs the package registries. Run as root after standins.sh.
set -euo pipefail

tmp=$(mktemp -d)
nginx_ctr=standin-check-nginx-$$
cleanup() {
  podman rm -f "$nginx_ctr" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
failed=0

# check NAME COMMAND...: runs the command, output to a log shown only on failure
check() {
  local name=$1 start=$SECONDS
  shift
  if "$@" >"$tmp/log" 2>&1; then
    echo "ok   $name ($((SECONDS - start)) s)"
  else
    echo "FAIL $name ($((SECONDS - start)) s):"
    tail -20 "$tmp/log" | sed 's/^/     /'
    failed=$((failed + 1))
  fi
}
run() { podman run --rm --network host "$@"; }

debian=docker.io/library/debian:trixie-slim
node=docker.io/library/node:24-trixie-slim
python=docker.io/library/python:3.13-slim-trixie
golang=docker.io/library/golang:1.24-trixie
static=gcr.io/distroless/static-debian13:nonroot
base=gcr.io/distroless/base-debian13:nonroot
nginx=docker.io/nginxinc/nginx-unprivileged:1.30-trixie
bun=docker.io/oven/bun:1.4.5-slim

check "debian: apt-get install ca-certificates curl, then https through the host's CA" \
  run "$debian" sh -ec 'apt-get update -qq && apt-get install -y -qq --no-install-recommends ca-certificates curl >/dev/null
    curl -fsS -o /dev/null https://pypi.org/simple/six/'

check "node: node and npm versions, user node 1000:1000 at /home/node" \
  run "$node" sh -ec 'node -v; npm -v; /usr/local/bin/node -v
    test "$(id -u node):$(id -g node)" = 1000:1000; test -d /home/node; test "$(npm config get prefix)" = /usr/local'
check "node: npm install -g pnpm@9.15.9 lands on PATH" \
  run "$node" sh -ec 'npm install -g --no-audit pnpm@9.15.9 && test "$(command -v pnpm)" = /usr/local/bin/pnpm && pnpm -v'
check "node: apt-get install tini" \
  run "$node" sh -ec 'apt-get update -qq && apt-get install -y -qq --no-install-recommends tini >/dev/null && tini --version'

check "bun: bun 1.4.5, bunx, node fallback, user bun 1000:1000 at /home/bun" \
  run "$bun" sh -ec 'test "$(bun --version)" = 1.4.5; bunx --version; test "$(command -v node)" = /usr/local/bun-node-fallback-bin/node
    test "$(id -u bun):$(id -g bun)" = 1000:1000; test -d /home/bun'
check "bun: bun install from the npm registry through the host's CA, and Bun.serve answers" \
  run "$bun" sh -ec 'mkdir -p /tmp/p && cd /tmp/p && echo "{\"dependencies\":{\"ms\":\"2.1.3\"}}" >package.json
    bun install && bun -e "const s = Bun.serve({ port: 0, fetch: () => new Response(\"ok\") });
      const r = await fetch(s.url); if ((await r.text()) !== \"ok\") process.exit(1); s.stop()"'
check "bun: apt-get install tini" \
  run "$bun" sh -ec 'apt-get update -qq && apt-get install -y -qq --no-install-recommends tini >/dev/null && tini --version'

check "python: python -m venv and pip install six into it" \
  run "$python" sh -ec 'python -V; pip -V; python -m venv /tmp/v && /tmp/v/bin/pip install -q six && /tmp/v/bin/python -c "import six"'
check "python: apt-get install tini" \
  run "$python" sh -ec 'apt-get update -qq && apt-get install -y -qq --no-install-recommends tini >/dev/null && tini --version'

# Go binaries for the distroless checks: a static one and a cgo one, each reporting its uid,
# that it reads the CA bundle and a time zone.
mkdir -p "$tmp/src"
cat >"$tmp/src/main.go" <<'GO'
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	if _, err := os.Stat("/etc/ssl/certs/ca-certificates.crt"); err != nil {
		panic(err)
	}
	if _, err := time.LoadLocation("Europe/Paris"); err != nil {
		panic(err)
	}
	fmt.Printf("uid %d\n", os.Getuid())
}
GO
cat >"$tmp/src/cgo.go" <<'GO'
//go:build cgo

package main

// #include <stdlib.h>
import "C"

func init() { C.free(C.malloc(1)) }
GO
check "golang: go version, CGO_ENABLED=0 and cgo builds" \
  run -v "$tmp/src:/src" -w /src "$golang" sh -ec 'go version; test "$(command -v go)" = /usr/local/go/bin/go
    GOFLAGS=-buildvcs=false CGO_ENABLED=0 go build -o /src/hello-static main.go
    GOFLAGS=-buildvcs=false CGO_ENABLED=1 go build -o /src/hello-cgo main.go cgo.go'
check "distroless static: a static Go binary runs as 65532" \
  sh -ec "out=\$(podman run --rm --network host -v '$tmp/src:/src:ro' '$static' /src/hello-static); echo \"\$out\"; test \"\$out\" = 'uid 65532'"
check "distroless base: a cgo Go binary runs as 65532" \
  sh -ec "out=\$(podman run --rm --network host -v '$tmp/src:/src:ro' '$base' /src/hello-cgo); echo \"\$out\"; test \"\$out\" = 'uid 65532'"

# nginx in a network namespace of its own (loopback only), so port 8080 on the host is not
# taken from whatever else runs there; its own curl asks it.
check "nginx: runs as uid 101 and answers on 8080" \
  sh -ec "podman run -d --name '$nginx_ctr' --network none '$nginx' >/dev/null
    for _ in \$(seq 50); do podman exec '$nginx_ctr' curl -fsS -o /dev/null http://127.0.0.1:8080/ 2>/dev/null && break; sleep 0.2; done
    podman exec '$nginx_ctr' curl -fsS http://127.0.0.1:8080/ | grep -q 'nginx stand-in'
    test \"\$(podman exec '$nginx_ctr' id -u)\" = 101
    test \"\$(podman top '$nginx_ctr' user | sed 1d | sort -u)\" = nginx
    podman exec '$nginx_ctr' nginx -v"

if [ "$failed" -ne 0 ]; then
  echo "stand-ins: $failed check(s) failed"
  exit 1
fi
echo "stand-ins: all checks passed"
