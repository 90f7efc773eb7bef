#!/usr/bin/env bash
# Installs (from Debian packages) and starts the real services the SecureNexus Control
# tests use, idempotently, and waits until each one answers:
#   PostgreSQL 127.0.0.1:5432 (trust), Redis 127.0.0.1:6379, dockerd (+ image local/busybox:1),
#   etcd 127.0.0.1:2379, node-exporter 127.0.0.1:9100, Alertmanager 127.0.0.1:9093,
#   Prometheus 127.0.0.1:9090; checks named/named-checkzone, restic, age, chromium exist, and
#   dockerd/containerd for the private engine of the fault test (scripts/private-dockerd.sh).
# Configs and data live under $SERVICES_DIR (default /var/lib/securenexus-test); daemon logs
# go to /var/log/securenexus-*.log. Prints one status line per service, then the export lines
# for the tests (also written to $SERVICES_DIR/env). Exits non-zero if any service fails.
#
# Usage: bash scripts/services.sh          # install + start (safe to re-run, fast when up)
#        bash scripts/services.sh stop     # stop the daemons this script started (not PG/Redis)
# See docs/operations/services.md.
set -euo pipefail

SERVICES_DIR="${SERVICES_DIR:-/var/lib/securenexus-test}"
RUN_DIR="$SERVICES_DIR/run"
LOG_PREFIX="${LOG_PREFIX:-/var/log/securenexus}"
TIMEOUT="${SERVICES_TIMEOUT:-60}"              # seconds per service to become ready
DOCKER_TIMEOUT="${DOCKER_TIMEOUT:-120}"
WEBHOOK_URL="${ALERTMANAGER_WEBHOOK_URL:-http://127.0.0.1:3999/api/alertmanager/webhook}"
BUSYBOX_IMAGE="local/busybox:1"

PACKAGES=(docker.io busybox-static etcd-server etcd-client prometheus prometheus-node-exporter
  prometheus-alertmanager restic age chromium bind9 bind9-utils curl postgresql redis-server)

export DEBIAN_FRONTEND=noninteractive
export PATH="$PATH:/usr/sbin:/sbin"

FAILED=()
STATUS_LINES=()

log() { printf '[services] %s\n' "$*" >&2; }
status() { STATUS_LINES+=("$(printf '%-16s %-9s %s' "$1" "$2" "$3")"); }
fail() { # fail NAME ADDRESS MESSAGE [LOGFILE]
  FAILED+=("$1")
  status "$1" "FAILED" "$2"
  log "ERROR: $1 did not come up: $3"
  if [[ -n "${4:-}" && -f "$4" ]]; then
    log "last lines of $4:"
    tail -n 20 "$4" | sed 's/^/    /' >&2 || true
  fi
}

# wait_until TIMEOUT CMD... : polls CMD every 0.25 s until it succeeds or TIMEOUT seconds pass.
wait_until() {
  local timeout=$1; shift
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then return 1; fi
    sleep 0.25
  done
}

http_ok() { curl -fsS -m 2 -o /dev/null "$1" 2>/dev/null; }

# proc_running PID : true if PID is a live process (a zombie, killed but not yet reaped, is not).
proc_running() {
  local stat
  [[ "$1" =~ ^[0-9]+$ ]] && stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }            # drop "pid (comm) "
  [[ "${stat:0:1}" != "Z" ]]
}
# pid_alive PIDFILE : true if the pid in PIDFILE is a live process.
pid_alive() { [[ -f "$1" ]] && proc_running "$(cat "$1")"; }

# launch NAME LOGFILE CMD... : starts CMD detached (own session), logs appended, pid recorded.
launch() {
  local name=$1 logfile=$2; shift 2
  mkdir -p "$RUN_DIR"
  printf '\n==== %s starting %s: %s\n' "$(date -Is)" "$name" "$*" >>"$logfile"
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

# write_if_changed FILE CONTENT : returns 0 if the file was (re)written.
write_if_changed() {
  local file=$1 content=$2
  mkdir -p "$(dirname "$file")"
  if [[ -f "$file" ]] && [[ "$(cat "$file")" == "$content" ]]; then return 1; fi
  printf '%s\n' "$content" >"$file"
}

# ---------------------------------------------------------------------------------------------
stop_all() {
  local name pidfile pid
  for name in prometheus alertmanager node-exporter etcd dockerd; do
    pidfile="$RUN_DIR/$name.pid"
    if pid_alive "$pidfile"; then
      pid=$(cat "$pidfile")
      log "stopping $name (pid $pid)"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do proc_running "$pid" || break; sleep 0.25; done
      if proc_running "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$pidfile"
  done
  log "stopped (PostgreSQL and Redis are left running)"
}

if [[ "${1:-}" == "stop" ]]; then
  stop_all
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# 1. Debian packages
wait_for_apt() {
  local deadline=$((SECONDS + 900))
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null \
    || pgrep -f unattended-upgrade >/dev/null; do
    if ((SECONDS >= deadline)); then log "apt/dpkg still busy after 900 s"; return 1; fi
    log "waiting for another apt/dpkg to finish..."
    sleep 3
  done
}

install_packages() {
  local installed missing=() p
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null \
    | awk '$2 ~ /^ii/ {print $1}' || true)
  for p in "${PACKAGES[@]}"; do
    grep -qx "$p" <<<"$installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then return 0; fi
  log "installing missing Debian packages: ${missing[*]}"
  wait_for_apt
  apt-get -o DPkg::Lock::Timeout=600 update -q >"$LOG_PREFIX-apt.log" 2>&1 \
    || { log "apt-get update failed (see $LOG_PREFIX-apt.log)"; tail -n 20 "$LOG_PREFIX-apt.log" >&2; return 1; }
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${PACKAGES[@]}" \
    >>"$LOG_PREFIX-apt.log" 2>&1 \
    || { log "apt-get install failed (see $LOG_PREFIX-apt.log)"; tail -n 20 "$LOG_PREFIX-apt.log" >&2; return 1; }
}

mkdir -p "$SERVICES_DIR" "$RUN_DIR" "$(dirname "$LOG_PREFIX")"
if ! install_packages; then
  echo "services: FAILED to install Debian packages" >&2
  exit 1
fi

# ---------------------------------------------------------------------------------------------
# 2. PostgreSQL (127.0.0.1:5432, trust auth)
PG_PORT=5432
pg_ok() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -d postgres -tAc 'select 1' >/dev/null 2>&1; }

pg_version() { # newest version with a "main" cluster, else the newest installed server
  local d found=()
  for d in /etc/postgresql/*/main/postgresql.conf; do
    [[ -f "$d" ]] && found+=("$(basename "$(dirname "$(dirname "$d")")")")
  done
  if ((${#found[@]} == 0)); then
    for d in /usr/lib/postgresql/*/bin/postgres; do
      [[ -x "$d" ]] && found+=("$(basename "$(dirname "$(dirname "$d")")")")
    done
  fi
  ((${#found[@]})) && printf '%s\n' "${found[@]}" | sort -V | tail -n 1
  return 0
}

pg_ensure_trust() { # adds trust lines for 127.0.0.1/::1 at the top of pg_hba.conf if missing
  local hba=$1
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    log "postgresql: adding trust auth for 127.0.0.1 to $hba"
    { printf '# added by securenexus scripts/services.sh (tests): trust on loopback\n'
      printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
      cat "$hba"; } >"$hba.new"
    chown --reference="$hba" "$hba.new" 2>/dev/null || true
    chmod --reference="$hba" "$hba.new" 2>/dev/null || true
    mv "$hba.new" "$hba"
    return 0
  fi
  return 1
}

start_postgres() {
  local ver hba pglog
  if pg_ok; then status postgresql running "127.0.0.1:$PG_PORT"; return 0; fi
  ver=$(pg_version)
  if [[ -z "$ver" ]]; then fail postgresql "127.0.0.1:$PG_PORT" "no PostgreSQL installed"; return 1; fi
  if [[ ! -f "/etc/postgresql/$ver/main/postgresql.conf" ]]; then
    log "postgresql: creating cluster $ver/main"
    pg_createcluster --port "$PG_PORT" "$ver" main >>"$LOG_PREFIX-postgresql.log" 2>&1 \
      || { fail postgresql "127.0.0.1:$PG_PORT" "pg_createcluster $ver main failed" "$LOG_PREFIX-postgresql.log"; return 1; }
  fi
  hba="/etc/postgresql/$ver/main/pg_hba.conf"
  pglog="/var/log/postgresql/postgresql-$ver-main.log"
  local changed=0
  pg_ensure_trust "$hba" && changed=1
  if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
    # running but trust was missing: reload the config
    if ((changed)); then
      pg_ctlcluster --skip-systemctl-redirect "$ver" main reload >>"$LOG_PREFIX-postgresql.log" 2>&1 || true
    fi
  else
    log "postgresql: starting cluster $ver/main"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start >>"$LOG_PREFIX-postgresql.log" 2>&1 || true
  fi
  if wait_until "$TIMEOUT" pg_ok; then
    status postgresql started "127.0.0.1:$PG_PORT"
  else
    fail postgresql "127.0.0.1:$PG_PORT" "no answer on 127.0.0.1:$PG_PORT with trust auth within ${TIMEOUT}s" "$pglog"
    return 1
  fi
}

ensure_test_db() {
  local exists
  exists=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -d postgres -tAc \
    "select 1 from pg_database where datname = 'securenexus_test'" 2>/dev/null || true)
  if [[ "$exists" != "1" ]]; then
    log "postgresql: creating database securenexus_test"
    if ! createdb -h 127.0.0.1 -p "$PG_PORT" -U postgres -w -O postgres securenexus_test; then
      fail postgres-db "securenexus_test" "createdb securenexus_test failed"
      return 1
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# 3. Redis (127.0.0.1:6379, no persistence)
redis_ok() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; }
start_redis() {
  if redis_ok; then status redis running "127.0.0.1:6379"; return 0; fi
  mkdir -p "$SERVICES_DIR/redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir "$SERVICES_DIR/redis" --logfile "$LOG_PREFIX-redis.log" --pidfile "$RUN_DIR/redis.pid" \
    >>"$LOG_PREFIX-redis.log" 2>&1 || true
  if wait_until "$TIMEOUT" redis_ok; then
    status redis started "127.0.0.1:6379"
  else
    fail redis "127.0.0.1:6379" "no PONG within ${TIMEOUT}s" "$LOG_PREFIX-redis.log"; return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# 4. Docker engine + busybox test image
docker_ok() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
DOCKER_STARTED=0
launch_dockerd() {
  if docker_ok; then return 0; fi
  # a dockerd killed without cleanup leaves its pid file behind, which blocks the next start
  if pid_alive /var/run/docker.pid; then return 0; fi   # starting already: just wait for it
  # A dockerd/containerd killed without cleanup leaves pid files behind; dockerd then waits for
  # a containerd that is gone (a killed process may also stay a zombie for a while here).
  rm -f /var/run/docker.pid
  local cpid=/var/run/docker/containerd/containerd.pid
  if [[ -f "$cpid" ]] && ! pid_alive "$cpid"; then rm -f "$cpid"; fi
  launch dockerd "$LOG_PREFIX-dockerd.log" dockerd
  DOCKER_STARTED=1
}

# build_busybox_image IMAGE (shared with scripts/private-dockerd.sh)
# shellcheck source=scripts/lib/busybox-image.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/busybox-image.sh"

finish_docker() {
  if ! wait_until "$DOCKER_TIMEOUT" docker_ok; then
    fail docker "unix:///var/run/docker.sock" "docker version did not answer within ${DOCKER_TIMEOUT}s" "$LOG_PREFIX-dockerd.log"
    return 1
  fi
  local st=running
  ((DOCKER_STARTED)) && st=started
  status docker "$st" "unix:///var/run/docker.sock"
  if docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
    status busybox-image present "$BUSYBOX_IMAGE"
  elif build_busybox_image "$BUSYBOX_IMAGE" && docker image inspect "$BUSYBOX_IMAGE" >/dev/null 2>&1; then
    status busybox-image built "$BUSYBOX_IMAGE"
  else
    fail busybox-image "$BUSYBOX_IMAGE" "docker import of the busybox rootfs failed"
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# 5. etcd 3.4 (127.0.0.1:2379)
etcd_ok() { curl -fsS -m 2 http://127.0.0.1:2379/health 2>/dev/null | grep -q '"health":"true"'; }
ETCD_STARTED=0
launch_etcd() {
  if etcd_ok; then return 0; fi
  mkdir -p "$SERVICES_DIR/etcd"
  launch etcd "$LOG_PREFIX-etcd.log" etcd --name securenexus-test \
    --data-dir "$SERVICES_DIR/etcd/data" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster securenexus-test=http://127.0.0.1:2380
  ETCD_STARTED=1
}

# ---------------------------------------------------------------------------------------------
# 6. node-exporter (127.0.0.1:9100)
NODE_STARTED=0
launch_node_exporter() {
  if http_ok http://127.0.0.1:9100/metrics; then return 0; fi
  launch node-exporter "$LOG_PREFIX-node-exporter.log" prometheus-node-exporter \
    --web.listen-address=127.0.0.1:9100 --no-collector.systemd
  NODE_STARTED=1
}

# ---------------------------------------------------------------------------------------------
# 7. Alertmanager (127.0.0.1:9093), webhook receiver -> the app
AM_DIR="$SERVICES_DIR/alertmanager"
AM_CONFIG="route:
  receiver: securenexus-webhook
  group_by: ['alertname']
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
receivers:
  - name: securenexus-webhook
    webhook_configs:
      - url: '$WEBHOOK_URL'
        send_resolved: true"
AM_STARTED=0
launch_alertmanager() {
  local changed=0
  write_if_changed "$AM_DIR/alertmanager.yml" "$AM_CONFIG" && changed=1
  if http_ok http://127.0.0.1:9093/-/ready; then
    if ((changed)); then curl -fsS -m 5 -X POST http://127.0.0.1:9093/-/reload >/dev/null || true; fi
    return 0
  fi
  rm -rf "$AM_DIR/data"          # fresh storage each start, or webhooks are not re-sent
  mkdir -p "$AM_DIR/data"
  launch alertmanager "$LOG_PREFIX-alertmanager.log" prometheus-alertmanager \
    --config.file="$AM_DIR/alertmanager.yml" --storage.path="$AM_DIR/data" \
    --web.listen-address=127.0.0.1:9093 --cluster.listen-address=
  AM_STARTED=1
}

# ---------------------------------------------------------------------------------------------
# 8. Prometheus (127.0.0.1:9090): scrapes itself + node-exporter, alerts to the Alertmanager.
#    Tests may drop rule files into $SERVICES_DIR/prometheus/rules/*.yml and POST /-/reload.
PROM_DIR="$SERVICES_DIR/prometheus"
PROM_CONFIG="global:
  scrape_interval: 5s
  evaluation_interval: 5s
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:9093']
rule_files:
  - '$PROM_DIR/rules/*.yml'
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:9090']
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:9100']"
PROM_STARTED=0
launch_prometheus() {
  local changed=0
  mkdir -p "$PROM_DIR/rules"
  write_if_changed "$PROM_DIR/prometheus.yml" "$PROM_CONFIG" && changed=1
  if http_ok http://127.0.0.1:9090/-/ready; then
    if ((changed)); then curl -fsS -m 5 -X POST http://127.0.0.1:9090/-/reload >/dev/null || true; fi
    return 0
  fi
  rm -rf "$PROM_DIR/data"        # fresh TSDB each start
  mkdir -p "$PROM_DIR/data"
  launch prometheus "$LOG_PREFIX-prometheus.log" prometheus \
    --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$PROM_DIR/data" \
    --web.listen-address=127.0.0.1:9090 --web.enable-lifecycle \
    --rules.alert.resend-delay=5s
  PROM_STARTED=1
}

# finish NAME ADDRESS STARTED_FLAG LOGFILE CHECK... : waits for readiness, records the status.
finish() {
  local name=$1 addr=$2 started=$3 logfile=$4; shift 4
  if wait_until "$TIMEOUT" "$@"; then
    if ((started)); then status "$name" started "$addr"; else status "$name" running "$addr"; fi
  else
    fail "$name" "$addr" "not ready within ${TIMEOUT}s" "$logfile"
  fi
}

check_binary() { # check_binary NAME PATH-OR-COMMAND
  local p
  if p=$(command -v "$2" 2>/dev/null) && [[ -x "$p" ]]; then
    status "$1" ok "$p"
  else
    fail "$1" "-" "$2 not found"
  fi
}

# ---------------------------------------------------------------------------------------------
# Launch everything that is down first (they start in parallel), then wait for each one.
if start_postgres; then ensure_test_db || true; fi
start_redis || true
launch_dockerd
launch_etcd
launch_node_exporter
launch_alertmanager
launch_prometheus

finish_docker || true
finish etcd "http://127.0.0.1:2379" "$ETCD_STARTED" "$LOG_PREFIX-etcd.log" etcd_ok
finish node-exporter "http://127.0.0.1:9100" "$NODE_STARTED" "$LOG_PREFIX-node-exporter.log" \
  http_ok http://127.0.0.1:9100/metrics
finish alertmanager "http://127.0.0.1:9093" "$AM_STARTED" "$LOG_PREFIX-alertmanager.log" \
  http_ok http://127.0.0.1:9093/-/ready
finish prometheus "http://127.0.0.1:9090" "$PROM_STARTED" "$LOG_PREFIX-prometheus.log" \
  http_ok http://127.0.0.1:9090/-/ready

check_binary named named
check_binary named-checkzone named-checkzone
check_binary restic restic
check_binary age age
check_binary chromium /usr/bin/chromium
# the engine fault test runs a private dockerd of its own (scripts/private-dockerd.sh)
check_binary dockerd dockerd
check_binary containerd containerd

ENV_LINES="export DATABASE_URL=postgresql://postgres@127.0.0.1:5432/securenexus_test
export REDIS_URL=redis://127.0.0.1:6379
export DOCKER_HOST=unix:///var/run/docker.sock
export ETCD_URL=http://127.0.0.1:2379
export PROMETHEUS_URL=http://127.0.0.1:9090
export ALERTMANAGER_URL=http://127.0.0.1:9093
export CHROMIUM_PATH=/usr/bin/chromium"
printf '%s\n' "$ENV_LINES" >"$SERVICES_DIR/env"

printf '%s\n' "${STATUS_LINES[@]}"
printf '%s\n' "$ENV_LINES"

if ((${#FAILED[@]} > 0)); then
  echo "services: FAILED: ${FAILED[*]}" >&2
  exit 1
fi
