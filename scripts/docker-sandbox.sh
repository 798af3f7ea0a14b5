#!/usr/bin/env bash
# Readies the Docker sandbox host's tests (tests/Memfun.Sandbox.Tests/DockerSandboxTests) on this machine, with no
# container registry: Debian's docker.io, a Docker daemon (started here, in the background, when none answers) and
# the image memfun-sandbox:latest built from local files — a Debian root file system made with debootstrap from the
# machine's own apt mirror, imported as memfun-debian:bookworm, with docker/sandbox.Dockerfile on top.
# Exits 0 when the daemon answers and the image exists; otherwise prints why and exits 1.
# The daemon's process id goes to $MEMFUN_DOCKERD_PID_FILE (default ${TMPDIR:-/tmp}/memfun-dockerd.pid) when started here.
set -euo pipefail
cd "$(dirname "$0")/.."

pid_file=${MEMFUN_DOCKERD_PID_FILE:-${TMPDIR:-/tmp}/memfun-dockerd.pid}
log=${TMPDIR:-/tmp}/memfun-dockerd.log
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

missing=()
for p in docker.io debootstrap; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "Starting dockerd (log: $log)"
  $sudo_cmd dockerd >"$log" 2>&1 &
  echo $! >"$pid_file"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  if ! docker info >/dev/null 2>&1; then
    echo "The Docker daemon did not start; its log ends with:" >&2
    tail -5 "$log" >&2
    exit 1
  fi
fi

if ! docker image inspect memfun-debian:bookworm >/dev/null 2>&1; then
  # The mirror apt already uses on this machine: the only place packages come from.
  mirror=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1)
  [ -n "$mirror" ] || mirror=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | head -1)
  if [ -z "$mirror" ]; then
    echo "No Debian mirror is configured for apt, so no base image can be built without a registry." >&2
    exit 1
  fi
  rootfs=$(mktemp -d)
  echo "Building the base image memfun-debian:bookworm with debootstrap (python3 only)"
  $sudo_cmd debootstrap --variant=minbase --include=python3 bookworm "$rootfs" "$mirror" >/dev/null
  $sudo_cmd rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  $sudo_cmd tar -C "$rootfs" -c . | docker import - memfun-debian:bookworm >/dev/null
  $sudo_cmd rm -rf "$rootfs"
fi

if ! docker image inspect memfun-sandbox:latest >/dev/null 2>&1; then
  echo "Building memfun-sandbox:latest on memfun-debian:bookworm"
  DOCKER_BUILDKIT=0 docker build -q --build-arg BASE=memfun-debian:bookworm -t memfun-sandbox:latest -f docker/sandbox.Dockerfile docker/ >/dev/null
fi
echo "Docker sandbox ready: $(docker version --format '{{.Server.Version}}' 2>/dev/null) with memfun-sandbox:latest"
