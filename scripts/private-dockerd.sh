#!/usr/bin/env bash
# A private Docker engine for fault tests: its own dockerd (and its own containerd, which dockerd
# starts under the exec root), socket, data root, exec root, pid file and cgroup parent, with no
# bridge of its own and no iptables, so it can be stopped and started while every other test keeps using the
# shared system engine (/var/run/docker.sock), which this script never touches.
#
# Usage: scripts/private-dockerd.sh start DIR    # start (or restart) the engine of DIR; waits until
#                                                # it answers and holds local/busybox:1; prints
#                                                # DOCKER_HOST=unix://DIR/docker.sock
#        scripts/private-dockerd.sh stop DIR     # SIGTERM, waits until dockerd and its containerd exit
#        scripts/private-dockerd.sh destroy DIR  # stop, then remove DIR (containers, images, logs)
# DIR must be short (unix socket paths are limited to 107 bytes), e.g. /tmp/snx-pd-XXXX.
# See docs/decisions (private Docker engine for fault tests).
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

cmd=${1:-}
dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|destroy DIR" >&2
  exit 2
fi
dir=$(realpath -m "$dir")
sock="$dir/docker.sock"
pidfile="$dir/docker.pid"
IMAGE="local/busybox:1"
SYSTEM_SOCKET="${SYSTEM_DOCKER_SOCKET:-/var/run/docker.sock}"
TIMEOUT="${PRIVATE_DOCKERD_TIMEOUT:-60}"

log() { printf '[private-dockerd] %s\n' "$*" >&2; }
alive() { [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
answers() { DOCKER_HOST="unix://$sock" docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

stop_engine() {
  alive || { rm -f "$pidfile"; return 0; }
  local pid deadline
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  # dockerd stops its containers (--shutdown-timeout), then its containerd, then exits.
  deadline=$((SECONDS + TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then log "dockerd $pid still running after ${TIMEOUT}s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    sleep 0.1
  done
  rm -f "$pidfile"
}

# Never --bridge=none: a dockerd started that way deletes the default bridge interface docker0 at
# start, i.e. the SYSTEM engine's bridge, after which no container of the shared engine can start
# ("could not find bridge docker0"). The private engine gets a bridge of its own instead.
BRIDGE="${PRIVATE_DOCKERD_BRIDGE:-snxpd0}"
BRIDGE_CIDR="${PRIVATE_DOCKERD_BRIDGE_CIDR:-10.213.213.1/24}"
ensure_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip -4 addr show dev "$BRIDGE" | grep -qF "${BRIDGE_CIDR%/*}/" || ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

start_engine() {
  mkdir -p "$dir"
  if alive && answers; then return 0; fi
  stop_engine
  printf '\n==== %s starting private dockerd\n' "$(date -Is)" >>"$dir/dockerd.log"
  ensure_bridge
  # --cgroup-parent keeps its containers apart from the system engine's /docker cgroups;
  # --shutdown-timeout 2: a stop in a test should not wait 10 s for a shell that ignores SIGTERM.
  setsid dockerd --host "unix://$sock" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$pidfile" --bridge="$BRIDGE" --iptables=false --ip6tables=false \
    --cgroup-parent=/snx-private-docker --shutdown-timeout=2 \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
  local deadline=$((SECONDS + TIMEOUT))
  until answers; do
    if ((SECONDS >= deadline)); then
      log "dockerd did not answer on $sock within ${TIMEOUT}s; last lines of $dir/dockerd.log:"
      tail -n 20 "$dir/dockerd.log" >&2
      return 1
    fi
    sleep 0.2
  done
  export DOCKER_HOST="unix://$sock"
  if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
    # Copy the image from the system engine (fast); build it from busybox-static when that has none.
    if ! docker -H "unix://$SYSTEM_SOCKET" save "$IMAGE" 2>/dev/null | docker load >/dev/null 2>&1; then
      # shellcheck source=scripts/lib/busybox-image.sh
      source "$(dirname "${BASH_SOURCE[0]}")/lib/busybox-image.sh"
      build_busybox_image "$IMAGE"
    fi
    docker image inspect "$IMAGE" >/dev/null
  fi
  echo "DOCKER_HOST=unix://$sock"
}

case "$cmd" in
  start) start_engine ;;
  stop) stop_engine ;;
  destroy)
    stop_engine
    # dockerd unmounts its layers on a clean stop; a leftover mount would make rm fail loudly.
    grep -F " $dir/" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop|destroy DIR" >&2; exit 2 ;;
esac
