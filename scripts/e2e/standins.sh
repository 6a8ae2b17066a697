#!/usr/bin/env bash
# Builds stand-in base images from Debian packages under the exact names dockgen's
# generated Dockerfiles use, for machines that cannot pull from an image registry.
# A test device only: Debian trixie's runtimes behind official tags (see standins/README.md).
#
# First the base, docker.io/library/debian:trixie-slim: `debootstrap --variant=minbase
# trixie` imported with `podman import`. Then one small Dockerfile per stand-in under
# standins/<name>/, built FROM that base with the host's CA bundle copied into the context.
# Images already present are kept when they were built from the same inputs (a label holds a
# digest of the stand-in's folder and build arguments): one left by an older copy of this
# script is rebuilt, never trusted. DOCKGEN_REBUILD_STANDINS=1 rebuilds them all.
# Needs root and the tools scripts/e2e/setup.sh installs. Check them with standins-check.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export BUILDAH_ISOLATION=chroot
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rebuild=${DOCKGEN_REBUILD_STANDINS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

present() { [ "$rebuild" != 1 ] && podman image exists "$1"; }

# digest DIR: of the stand-in's files and its build arguments, the label a current build has
digest() {
  { (cd "$here/standins/$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum); echo "${BUILD_ARGS:-}"; } |
    sha256sum | cut -c1-16
}
# current NAME DIGEST: NAME exists and was built from these inputs
current() {
  [ "$rebuild" != 1 ] &&
    [ "$(podman image inspect --format '{{ index .Labels "dockgen.standin" }}' "$1" 2>/dev/null)" = "$2" ]
}

# build DIR NAME [MORE_NAMES...]: builds standins/DIR as NAME, tagged under every name
build() {
  local dir=$1 name=$2 sum
  shift 2
  sum=$(digest "$dir")
  if current "$name" "$sum"; then
    echo "stand-in $name: present"
  else
    local start=$SECONDS ctx=$tmp/$dir
    cp -r "$here/standins/$dir" "$ctx"
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
    # one retry: a package download or a concurrent `podman image prune` can fail a build
    local attempt
    for attempt in 1 2; do
      # shellcheck disable=SC2086 # BUILD_ARGS is a list of flags
      buildah bud --network host --format docker --layers ${BUILD_ARGS:-} \
        --label "dockgen.standin=$sum" -t "$name" "$ctx" >"$tmp/$dir.log" 2>&1 && break
      tail -30 "$tmp/$dir.log" >&2
      if [ "$attempt" -eq 2 ]; then
        echo "stand-in $name: build FAILED" >&2
        exit 1
      fi
      echo "stand-in $name: build failed; retrying once" >&2
    done
    echo "stand-in $name: built in $((SECONDS - start)) s${1:+; also tagged $*}"
  fi
  local alias
  for alias in "$@"; do
    buildah tag "$name" "$alias"
  done
}

start=$SECONDS
# debian_base SUITE: docker.io/library/debian:SUITE-slim, debootstrapped from the mirror
debian_base() {
  local suite=$1 base=docker.io/library/debian:$1-slim
  if present "$base"; then
    echo "stand-in $base: present"
    return
  fi
  local rootfs=$tmp/rootfs-$suite begin=$SECONDS
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$tmp/debootstrap-$suite.log" 2>&1 \
    || { tail -30 "$tmp/debootstrap-$suite.log" >&2; echo "debootstrap $suite FAILED" >&2; exit 1; }
  # apt sources as the official image has them (deb822), so `apt-get update` works in builds
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  # the official image's container settings: slim dpkg excludes, apt cleaning, policy-rc.d
  cp -a "$here/standins/debian/rootfs/." "$rootfs/"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
  rm -rf "$rootfs"/usr/share/{man,info,groff,linda,locale}/* "$rootfs"/usr/share/lintian/overrides/*
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  # The host's CA certificates, one a file where update-ca-certificates looks for local
  # ones: a build that installs ca-certificates then trusts them too (the machine may reach
  # the package registries through its own certificate authority).
  mkdir -p "$rootfs/usr/local/share/ca-certificates"
  awk -v dir="$rootfs/usr/local/share/ca-certificates" \
    '/BEGIN CERTIFICATE/ { n++; f = sprintf("%s/host-%03d.crt", dir, n) } f { print > f } /END CERTIFICATE/ { close(f); f = "" }' \
    /etc/ssl/certs/ca-certificates.crt
  tar -C "$rootfs" -c . | podman import --quiet --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$rootfs"
  echo "stand-in $base: debootstrapped and imported in $((SECONDS - begin)) s"
}
debian_base trixie
# bookworm's Python 3.11 stands in for python:3.11: a project whose pinned releases need
# 3.11 or older (no wheels, no sources that build on 3.13) builds on a real 3.11
debian_base bookworm

build node docker.io/library/node:24-trixie-slim \
  docker.io/library/node:22-trixie-slim docker.io/library/node:26-trixie-slim \
  docker.io/library/node:16-bookworm-slim \
  registry.acme.internal/library/node:24-trixie-slim
build python docker.io/library/python:3.13-slim-trixie \
  docker.io/library/python:3.14-slim-trixie docker.io/library/python:3.12-slim-trixie
BUILD_ARGS="--build-arg DEBIAN=bookworm" build python docker.io/library/python:3.11-slim-trixie \
  docker.io/library/python:3.10-slim-trixie docker.io/library/python:3.9-slim-trixie
build golang docker.io/library/golang:1.24-trixie docker.io/library/golang:1.27-trixie
build distroless-static gcr.io/distroless/static-debian13:nonroot
# base is static plus glibc: built FROM the static stand-in, so after it
build distroless-base gcr.io/distroless/base-debian13:nonroot
build nginx-unprivileged docker.io/nginxinc/nginx-unprivileged:1.30-trixie
# Bun's binary comes from npm through the node stand-in: so after it
build bun docker.io/oven/bun:1.4.5-slim

# Backing services for compose stacks, under the tags the generated compose.yaml names: read
# from src/versions.rs's SERVICE_IMAGES (the one list), these defaults where it has none.
versions=$here/../../src/versions.rs
service_image() { # service_image NAME DEFAULT_TAG
  local found
  found=$(grep -o "\"docker.io/library/$1:[^\"]*\"" "$versions" 2>/dev/null | head -1 | tr -d '"')
  echo "${found:-docker.io/library/$1:$2}"
}
postgres=$(service_image postgres 18-trixie)
pg_major=${postgres##*:}
pg_major=${pg_major%%[!0-9]*}
if [ "${pg_major:-18}" -ge 18 ]; then pgdata=/var/lib/postgresql/$pg_major/docker; else pgdata=/var/lib/postgresql/data; fi
BUILD_ARGS="--build-arg PGDATA_DIR=$pgdata" build postgres "$postgres"
build redis "$(service_image redis 8-trixie)"
build mariadb "$(service_image mariadb 11.8)"
build rabbitmq "$(service_image rabbitmq 4.3)"
echo "stand-ins ready in $((SECONDS - start)) s"
