#!/usr/bin/env bash
# Builds stand-in base images from Debian packages under the exact names dockgen's
# generated Dockerfiles use, for machines that cannot pull from an image registry.
# A test device only: Debian trixie's runtimes behind official tags (see standins/README.md).
# Images already present are kept; DOCKGEN_REBUILD_STANDINS=1 rebuilds them all.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
export BUILDAH_ISOLATION=chroot
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
rebuild=${DOCKGEN_REBUILD_STANDINS:-}

present() { [ -z "$rebuild" ] && podman image exists "$1"; }

# build DIR NAME [MORE_NAMES...]: one build, tagged under every name
build() {
  local dir=$1 name=$2
  shift 2
  if present "$name"; then
    echo "stand-in $name: present"
  else
    local start=$SECONDS ctx
    ctx=$(mktemp -d)
    cp -r "$here/standins/$dir/." "$ctx/"
    cp /etc/ssl/certs/ca-certificates.crt "$ctx/"
    buildah bud --network host --format docker --layers --quiet -t "$name" "$ctx" >/dev/null
    rm -rf "$ctx"
    echo "stand-in $name: built in $((SECONDS - start)) s"
  fi
  for alias in "$@"; do
    buildah tag "$name" "$alias"
  done
}

start=$SECONDS
base=docker.io/library/debian:trixie-slim
if present "$base"; then
  echo "stand-in $base: present"
else
  rootfs=$(mktemp -d)/rootfs
  debootstrap --variant=minbase trixie "$rootfs" "$mirror" >/dev/null
  cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror trixie main
deb $mirror trixie-updates main
deb http://security.debian.org/debian-security trixie-security main
SOURCES
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  tar -C "$rootfs" -c . | podman import --change 'CMD ["bash"]' - "$base" >/dev/null
  rm -rf "$(dirname "$rootfs")"
  echo "stand-in $base: debootstrapped in $((SECONDS - start)) s"
fi

build node docker.io/library/node:24-trixie-slim \
  docker.io/library/node:22-trixie-slim docker.io/library/node:26-trixie-slim \
  registry.acme.internal/library/node:24-trixie-slim
build python docker.io/library/python:3.13-slim-trixie \
  docker.io/library/python:3.14-slim-trixie docker.io/library/python:3.12-slim-trixie \
  docker.io/library/python:3.11-slim-trixie docker.io/library/python:3.10-slim-trixie
build golang docker.io/library/golang:1.24-trixie
build distroless-static gcr.io/distroless/static-debian13:nonroot
build distroless-base gcr.io/distroless/base-debian13:nonroot
build nginx-unprivileged docker.io/nginxinc/nginx-unprivileged:1.30-trixie
echo "stand-ins ready in $((SECONDS - start)) s"
