#!/usr/bin/env bash
# Installs and configures the daemonless container tools the end-to-end suite uses
# (buildah builds, podman + runc run), as root on Debian. Idempotent.
set -euo pipefail

need=()
for tool in buildah podman runc debootstrap curl; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p /etc/containers
# Native overlay where the kernel lets us mount it (fast layer commits); otherwise vfs, which
# works everywhere but copies the whole filesystem at every step.
driver=vfs
probe=$(mktemp -d)
mkdir -p "$probe"/{lower,upper,work,merged}
if mount -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" "$probe/merged" 2>/dev/null; then
  umount "$probe/merged"
  driver=overlay
fi
rm -rf "$probe"
storage='[storage]
driver = "'$driver'"
runroot = "/run/containers/storage"
graphroot = "/var/lib/containers/storage"'
# crun fails in sandboxes with hybrid cgroups; runc works. No default ulimits: raising
# RLIMIT_NOFILE is refused there.
containers='[containers]
default_ulimits = []
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"'
if [ "$(cat /etc/containers/storage.conf 2>/dev/null)" != "$storage" ]; then
  # images stored under another driver cannot be read by this one: start afresh
  podman system reset --force >/dev/null 2>&1 || true
  printf '%s\n' "$storage" >/etc/containers/storage.conf
fi
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$containers" ]; then
  printf '%s\n' "$containers" >/etc/containers/containers.conf
fi
echo "container tools: $(buildah --version), $(podman --version), storage driver $driver"
