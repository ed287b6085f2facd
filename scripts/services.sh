#!/usr/bin/env bash
# Installs, starts and stops the PostgreSQL (with pgvector), Redis and Weaviate servers that the
# integration suites run against. Every server listens on 127.0.0.1 on a non-default port.
#
# Usage: scripts/services.sh install|start|stop|status|env
# See docs/services.md for ports, environment variables and the local workflow.
set -euo pipefail

readonly WEAVIATE_VERSION='v1.35.2'
readonly WEAVIATE_MODULE='github.com/weaviate/weaviate/cmd/weaviate-server'

# Debian suite whose source package of pgvector is built when the machine's own suite has no
# postgresql-<major>-pgvector package (Debian 12 ships none).
readonly PGVECTOR_SOURCE_SUITE="${SOPHIA_PGVECTOR_SOURCE_SUITE:-trixie}"

readonly SERVICES_HOME="${SOPHIA_SERVICES_HOME:-$HOME/.cache/sophia-services}"
readonly BIN_DIR="$SERVICES_HOME/bin"
readonly DATA_DIR="$SERVICES_HOME/data"
readonly TIMEOUT_SECONDS="${SOPHIA_SERVICES_TIMEOUT:-120}"

readonly PG_PORT="${SOPHIA_PG_PORT:-55432}"
readonly PG_DATABASE='sophia_test'
readonly REDIS_PORT="${SOPHIA_REDIS_PORT:-56379}"
readonly WEAVIATE_PORT="${SOPHIA_WEAVIATE_PORT:-58080}"
readonly WEAVIATE_GRPC_PORT="${SOPHIA_WEAVIATE_GRPC_PORT:-50551}"

# Weaviate's defaults for these (7946, 7947, 8300, 8301) clash with a local Consul or another
# Weaviate, so each moves to the 57000-58999 range used by the other ports.
readonly WEAVIATE_GOSSIP_PORT="${SOPHIA_WEAVIATE_GOSSIP_PORT:-57946}"
readonly WEAVIATE_DATA_PORT="${SOPHIA_WEAVIATE_DATA_PORT:-57947}"
readonly WEAVIATE_RAFT_PORT="${SOPHIA_WEAVIATE_RAFT_PORT:-58300}"
readonly WEAVIATE_RAFT_RPC_PORT="${SOPHIA_WEAVIATE_RAFT_RPC_PORT:-58301}"

readonly REDIS_DIR="$DATA_DIR/redis"
readonly REDIS_PID_FILE="$REDIS_DIR/redis.pid"
readonly REDIS_LOG="$REDIS_DIR/redis.log"
readonly WEAVIATE_DIR="$DATA_DIR/weaviate"
readonly WEAVIATE_PID_FILE="$WEAVIATE_DIR/weaviate.pid"
readonly WEAVIATE_LOG="$WEAVIATE_DIR/weaviate.log"
readonly WEAVIATE_BIN="$BIN_DIR/weaviate-server-$WEAVIATE_VERSION"

log() {
  printf 'services: %s\n' "$*" >&2
}

die() {
  printf 'services: error: %s\n' "$*" >&2
  exit 1
}

is_root() {
  [[ "$(id -u)" -eq 0 ]]
}

# Runs a command as root: directly when the script already is root, else through sudo.
as_root() {
  if is_root; then
    "$@"
  elif command -v sudo > /dev/null; then
    sudo "$@"
  else
    die "'$*' needs root, and sudo is not installed; rerun as root"
  fi
}

# Runs a command as the PostgreSQL server's owner, because postgres refuses to run as root.
as_pg_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# --- PostgreSQL paths -----------------------------------------------------------------------

# Prints the newest PostgreSQL major version whose server binaries are installed.
pg_major() {
  local majors
  majors="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2> /dev/null |
    awk -F/ '{ print $5 }' | sort -n)"
  [[ -n "$majors" ]] || return 1
  printf '%s\n' "$majors" | tail -n 1
}

pg_bin_dir() {
  local major
  major="$(pg_major)" || die 'no PostgreSQL server under /usr/lib/postgresql; run: scripts/services.sh install'
  printf '/usr/lib/postgresql/%s/bin\n' "$major"
}

# Prints the directory that contains the cluster, its socket and its log. As root the default data
# directory is usually under /root, which the postgres user cannot enter, so the cluster then
# lives in the postgres user's home, keyed by the data directory so that two homes stay apart.
pg_base_dir() {
  if [[ -n "${SOPHIA_PG_DIR:-}" ]]; then
    printf '%s\n' "$SOPHIA_PG_DIR"
    return
  fi

  if ! is_root || runuser -u postgres -- test -x "$DATA_DIR" 2> /dev/null; then
    printf '%s\n' "$DATA_DIR/postgres"
    return
  fi

  local postgres_home key
  postgres_home="$(getent passwd postgres | cut -d: -f6)"
  key="$(printf '%s' "$DATA_DIR" | cksum | cut -d' ' -f1)"
  printf '%s/sophia-services-%s\n' "$postgres_home" "$key"
}

# --- install --------------------------------------------------------------------------------

apt_updated=0

apt_install() {
  local missing=()
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2> /dev/null | grep -q 'install ok installed'; then
      missing+=("$package")
    fi
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0

  if [[ "$apt_updated" -eq 0 ]]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" > /dev/null
}

apt_has_package() {
  local candidate
  candidate="$(apt-cache policy "$1" 2> /dev/null | awk '/Candidate:/ { print $2 }')"
  [[ -n "$candidate" && "$candidate" != '(none)' ]]
}

# Prints the URI of the Debian archive that the machine already uses for its own suite, so the
# pgvector source comes from the same configured mirror.
debian_archive_uri() {
  local codename
  # shellcheck disable=SC1091
  codename="$(. /etc/os-release && printf '%s' "$VERSION_CODENAME")"
  # shellcheck disable=SC2016 # $(...) here is apt's template syntax, not the shell's.
  apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
    awk -v suite="$codename" '$2 == suite && !found { print $1; found = 1 }'
}

# Builds pgvector from the Debian source package of PGVECTOR_SOURCE_SUITE against the installed
# server headers. apt-get checks the download against the suite's signed Sources index.
build_pgvector_from_debian_source() {
  local major="$1"
  local archive_uri work_dir
  archive_uri="$(debian_archive_uri)"
  [[ -n "$archive_uri" ]] || die 'no Debian archive found in the apt sources; pgvector cannot be fetched'

  apt_install "postgresql-server-dev-$major" make gcc dpkg-dev

  work_dir="$SERVICES_HOME/build/pgvector"
  rm -rf "$work_dir"
  mkdir -p "$work_dir/sources.list.d" "$work_dir/lists/partial" "$work_dir/cache"
  cat > "$work_dir/sources.list.d/pgvector.sources" << EOF
Types: deb-src
URIs: $archive_uri
Suites: $PGVECTOR_SOURCE_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

  # A private list directory leaves the machine's own apt state untouched.
  local apt_options=(
    -o "Dir::Etc::sourcelist=/dev/null"
    -o "Dir::Etc::sourceparts=$work_dir/sources.list.d"
    -o "Dir::State::Lists=$work_dir/lists"
    -o "Dir::Cache=$work_dir/cache"
    -o "APT::Sandbox::User=root"
  )
  log "fetching the pgvector source package from Debian $PGVECTOR_SOURCE_SUITE"
  as_root apt-get "${apt_options[@]}" update -qq
  (cd "$work_dir" && as_root apt-get "${apt_options[@]}" source --download-only -qq pgvector)

  local dsc
  dsc="$(find "$work_dir" -maxdepth 1 -name 'pgvector_*.dsc' | head -n 1)"
  [[ -n "$dsc" ]] || die "apt-get source pgvector left no .dsc file in $work_dir"
  (cd "$work_dir" && dpkg-source --no-check -x "$dsc" src > /dev/null)

  log "building $(basename "$dsc" .dsc) for PostgreSQL $major"
  local pg_config="/usr/lib/postgresql/$major/bin/pg_config"
  make -s -C "$work_dir/src" PG_CONFIG="$pg_config" > "$work_dir/build.log" 2>&1 ||
    die "pgvector build failed; see $work_dir/build.log"
  as_root make -s -C "$work_dir/src" PG_CONFIG="$pg_config" install >> "$work_dir/build.log" 2>&1 ||
    die "pgvector install failed; see $work_dir/build.log"
  rm -rf "$work_dir/lists" "$work_dir/cache"
}

install_postgres() {
  apt_install postgresql postgresql-client
  local major
  major="$(pg_major)" || die 'the postgresql package installed no server under /usr/lib/postgresql'

  local control_file="/usr/share/postgresql/$major/extension/vector.control"
  if [[ -f "$control_file" ]]; then
    return
  fi

  if [[ "$apt_updated" -eq 0 ]]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  if apt_has_package "postgresql-$major-pgvector"; then
    apt_install "postgresql-$major-pgvector"
  else
    log "Debian has no postgresql-$major-pgvector for this release; building it from source"
    build_pgvector_from_debian_source "$major"
  fi
  [[ -f "$control_file" ]] || die "pgvector install left no $control_file"
}

install_redis() {
  apt_install redis-server redis-tools
}

install_weaviate() {
  if [[ -x "$WEAVIATE_BIN" ]]; then
    return
  fi
  command -v go > /dev/null || die 'go is not installed; Weaviate is built from source with go install'

  local build_dir="$BIN_DIR/.build-$WEAVIATE_VERSION"
  rm -rf "$build_dir"
  mkdir -p "$build_dir"

  log "building Weaviate $WEAVIATE_VERSION with $(go version | cut -d' ' -f3) (a cold build takes minutes)"
  local started_at=$SECONDS
  GOBIN="$build_dir" GOFLAGS=-mod=mod GOTOOLCHAIN=local \
    go install "$WEAVIATE_MODULE@$WEAVIATE_VERSION" > "$build_dir/build.log" 2>&1 ||
    die "Weaviate $WEAVIATE_VERSION build failed; see $build_dir/build.log"

  # The move happens only after a complete build, so an interrupted build is never taken as done.
  mv "$build_dir/weaviate-server" "$WEAVIATE_BIN"
  rm -rf "$build_dir"
  log "built $WEAVIATE_BIN in $((SECONDS - started_at)) s"
}

cmd_install() {
  mkdir -p "$BIN_DIR" "$DATA_DIR"
  apt_install curl
  install_postgres
  install_redis
  install_weaviate
  log 'install complete'
}

# --- readiness ------------------------------------------------------------------------------

# Polls CHECK until it succeeds. Fails with NAME and LOG when the deadline passes or when
# PID (if non-empty) exits first.
wait_until_ready() {
  local name="$1" log_file="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + TIMEOUT_SECONDS))

  until "$@" > /dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2> /dev/null; then
      report_start_failure "$name" "$log_file" 'the process exited during startup'
    fi
    if ((SECONDS >= deadline)); then
      report_start_failure "$name" "$log_file" "it was not ready after ${TIMEOUT_SECONDS} s"
    fi
    sleep 1
  done
}

report_start_failure() {
  local name="$1" log_file="$2" reason="$3"
  printf 'services: error: %s failed to start: %s. Log: %s\n' "$name" "$reason" "$log_file" >&2
  if [[ -f "$log_file" ]]; then
    printf 'services: last lines of %s:\n' "$log_file" >&2
    tail -n 20 "$log_file" >&2 || true
  fi
  exit 1
}

# Prints the PID in FILE when that process is alive and its command line contains PATTERN, so a
# stale file whose PID was reused by another program is not mistaken for the server.
live_pid() {
  local pid_file="$1" pattern="$2" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(tr -dc '0-9' < "$pid_file")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2> /dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | grep -q -- "$pattern" || return 1
  printf '%s\n' "$pid"
}

port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null
}

# --- PostgreSQL -----------------------------------------------------------------------------

pg_is_ready() {
  "$(pg_bin_dir)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"
}

psql_run() {
  local database="$1"
  shift
  PGOPTIONS='-c client_min_messages=warning' "$(pg_bin_dir)/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres \
    -d "$database" "$@"
}

start_postgres() {
  local bin_dir base_dir cluster_dir log_file
  bin_dir="$(pg_bin_dir)"
  base_dir="$(pg_base_dir)"
  cluster_dir="$base_dir/cluster"
  log_file="$base_dir/postgres.log"

  if is_root; then
    mkdir -p "$base_dir"
    chown postgres:postgres "$base_dir"
  fi
  as_pg_owner mkdir -p "$base_dir/run"

  if [[ ! -f "$cluster_dir/PG_VERSION" ]]; then
    log "creating the PostgreSQL cluster in $cluster_dir"
    as_pg_owner "$bin_dir/initdb" -D "$cluster_dir" -U postgres --auth=trust --encoding=UTF8 \
      --no-locale > "$base_dir/initdb.log" 2>&1 ||
      report_start_failure postgresql "$base_dir/initdb.log" 'initdb failed'
  fi

  # pg_ctl status ignores a postmaster.pid whose process is gone, and the postmaster removes such
  # a stale file itself on start.
  if as_pg_owner "$bin_dir/pg_ctl" status -D "$cluster_dir" > /dev/null 2>&1; then
    log "postgresql already running on 127.0.0.1:$PG_PORT"
  else
    if port_in_use "$PG_PORT"; then
      die "port $PG_PORT is taken by another process; stop it or set SOPHIA_PG_PORT"
    fi

    # fsync and synchronous_commit are off because the cluster only stores disposable test data.
    local server_options="-p $PG_PORT -c listen_addresses=127.0.0.1"
    server_options+=" -c unix_socket_directories=$base_dir/run"
    server_options+=' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
    log "starting postgresql on 127.0.0.1:$PG_PORT"
    as_pg_owner "$bin_dir/pg_ctl" start -D "$cluster_dir" -l "$log_file" -s -w \
      -t "$TIMEOUT_SECONDS" -o "$server_options" > /dev/null 2>&1 ||
      report_start_failure postgresql "$log_file" 'pg_ctl start failed'
  fi

  wait_until_ready postgresql "$log_file" '' pg_is_ready

  if [[ -z "$(psql_run postgres -tAc "select 1 from pg_database where datname = '$PG_DATABASE'")" ]]; then
    psql_run postgres -c "create database $PG_DATABASE" > /dev/null
  fi
  psql_run "$PG_DATABASE" -c 'create extension if not exists vector' > /dev/null ||
    report_start_failure postgresql "$log_file" "create extension vector failed in $PG_DATABASE"
}

stop_postgres() {
  local bin_dir cluster_dir
  bin_dir="$(pg_bin_dir)"
  cluster_dir="$(pg_base_dir)/cluster"
  [[ -f "$cluster_dir/PG_VERSION" ]] || return 0

  if as_pg_owner "$bin_dir/pg_ctl" status -D "$cluster_dir" > /dev/null 2>&1; then
    log 'stopping postgresql'
    as_pg_owner "$bin_dir/pg_ctl" stop -D "$cluster_dir" -m fast -s -w -t "$TIMEOUT_SECONDS"
  fi
}

# --- Redis ----------------------------------------------------------------------------------

redis_is_ready() {
  [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2> /dev/null)" == 'PONG' ]]
}

start_redis() {
  mkdir -p "$REDIS_DIR"

  if live_pid "$REDIS_PID_FILE" redis-server > /dev/null && redis_is_ready; then
    log "redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  rm -f "$REDIS_PID_FILE"
  if port_in_use "$REDIS_PORT"; then
    die "port $REDIS_PORT is taken by another process; stop it or set SOPHIA_REDIS_PORT"
  fi

  # Persistence is off because the suites only use Redis as a cache.
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --protected-mode yes --daemonize yes \
    --pidfile "$REDIS_PID_FILE" --logfile "$REDIS_LOG" --dir "$REDIS_DIR" \
    --save '' --appendonly no ||
    report_start_failure redis "$REDIS_LOG" 'redis-server exited with an error'

  wait_until_ready redis "$REDIS_LOG" '' redis_is_ready
}

stop_redis() {
  local pid
  if pid="$(live_pid "$REDIS_PID_FILE" redis-server)"; then
    log 'stopping redis'
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave > /dev/null 2>&1 || kill "$pid"
    wait_for_exit redis "$pid"
  fi
  rm -f "$REDIS_PID_FILE"
}

# --- Weaviate -------------------------------------------------------------------------------

weaviate_is_ready() {
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$WEAVIATE_PORT/v1/.well-known/ready"
}

start_weaviate() {
  [[ -x "$WEAVIATE_BIN" ]] || die "$WEAVIATE_BIN not found; run: scripts/services.sh install"
  mkdir -p "$WEAVIATE_DIR/data"

  local pid
  if pid="$(live_pid "$WEAVIATE_PID_FILE" weaviate-server)"; then
    log "weaviate already running on 127.0.0.1:$WEAVIATE_PORT (pid $pid)"
    wait_until_ready weaviate "$WEAVIATE_LOG" "$pid" weaviate_is_ready
    return
  fi
  rm -f "$WEAVIATE_PID_FILE"
  local port
  for port in "$WEAVIATE_PORT" "$WEAVIATE_GRPC_PORT" "$WEAVIATE_GOSSIP_PORT" "$WEAVIATE_DATA_PORT" \
    "$WEAVIATE_RAFT_PORT" "$WEAVIATE_RAFT_RPC_PORT"; do
    if port_in_use "$port"; then
      die "port $port, needed by weaviate, is taken by another process; stop it or set the SOPHIA_WEAVIATE_*_PORT variables"
    fi
  done

  # No modules, no telemetry and no profiler, so the server makes no outbound connections. The
  # API-based modules (text2vec-openai and the like) call their provider only for a collection
  # configured with one, and stay off unless SOPHIA_WEAVIATE_API_MODULES=true.
  # NOTE: Weaviate 1.35 binds gRPC and the cluster data port on all interfaces, because it takes
  # no host setting for them. The cluster itself (gossip, Raft) binds 127.0.0.1.
  local api_modules_disabled=true
  if [[ "${SOPHIA_WEAVIATE_API_MODULES:-false}" == 'true' ]]; then
    api_modules_disabled=false
  fi
  log "starting weaviate $WEAVIATE_VERSION on 127.0.0.1:$WEAVIATE_PORT (gRPC $WEAVIATE_GRPC_PORT)"
  env \
    AUTHENTICATION_ANONYMOUS_ACCESS_ENABLED=true \
    DEFAULT_VECTORIZER_MODULE=none \
    ENABLE_MODULES= \
    API_BASED_MODULES_DISABLED="$api_modules_disabled" \
    LOG_LEVEL=info \
    PERSISTENCE_DATA_PATH="$WEAVIATE_DIR/data" \
    DISABLE_TELEMETRY=true \
    GO_PROFILING_DISABLE=true \
    PROMETHEUS_MONITORING_ENABLED=false \
    CLUSTER_HOSTNAME=node1 \
    CLUSTER_IN_LOCALHOST=true \
    CLUSTER_BIND_ADDR=127.0.0.1 \
    CLUSTER_GOSSIP_BIND_PORT="$WEAVIATE_GOSSIP_PORT" \
    CLUSTER_DATA_BIND_PORT="$WEAVIATE_DATA_PORT" \
    RAFT_PORT="$WEAVIATE_RAFT_PORT" \
    RAFT_INTERNAL_RPC_PORT="$WEAVIATE_RAFT_RPC_PORT" \
    RAFT_BOOTSTRAP_EXPECT=1 \
    GRPC_PORT="$WEAVIATE_GRPC_PORT" \
    setsid "$WEAVIATE_BIN" --host 127.0.0.1 --port "$WEAVIATE_PORT" --scheme http \
    > "$WEAVIATE_LOG" 2>&1 < /dev/null &
  pid=$!
  printf '%s\n' "$pid" > "$WEAVIATE_PID_FILE"

  wait_until_ready weaviate "$WEAVIATE_LOG" "$pid" weaviate_is_ready
}

stop_weaviate() {
  local pid
  if pid="$(live_pid "$WEAVIATE_PID_FILE" weaviate-server)"; then
    log 'stopping weaviate'
    kill -TERM "$pid"
    wait_for_exit weaviate "$pid"
  fi
  rm -f "$WEAVIATE_PID_FILE"
}

# Waits for PID to exit, and sends it SIGKILL when it is still running after 30 s.
wait_for_exit() {
  local name="$1" pid="$2"
  local deadline=$((SECONDS + 30))
  while kill -0 "$pid" 2> /dev/null; do
    if ((SECONDS >= deadline)); then
      log "$name (pid $pid) did not exit within 30 s; sending SIGKILL"
      kill -KILL "$pid" 2> /dev/null || true
      return
    fi
    sleep 0.5
  done
}

# --- commands -------------------------------------------------------------------------------

cmd_start() {
  mkdir -p "$DATA_DIR"
  start_postgres
  start_redis
  start_weaviate
  log 'all services ready'
}

cmd_stop() {
  # Each stop runs even when another fails, so one broken server does not keep the others up.
  local status=0
  stop_weaviate || status=1
  stop_redis || status=1
  if pg_major > /dev/null; then
    stop_postgres || status=1
  fi
  return "$status"
}

cmd_status() {
  local down=0
  report_status postgresql "127.0.0.1:$PG_PORT" pg_is_ready || down=1
  report_status redis "127.0.0.1:$REDIS_PORT" redis_is_ready || down=1
  report_status weaviate "127.0.0.1:$WEAVIATE_PORT" weaviate_is_ready || down=1
  return "$down"
}

report_status() {
  local name="$1" address="$2"
  shift 2
  if "$@" > /dev/null 2>&1; then
    printf '%-10s up    %s\n' "$name" "$address"
  else
    printf '%-10s down  %s\n' "$name" "$address"
    return 1
  fi
}

cmd_env() {
  printf 'export DATABASE_URL=postgres://postgres@127.0.0.1:%s/%s\n' "$PG_PORT" "$PG_DATABASE"
  printf 'export REDIS_URL=redis://127.0.0.1:%s\n' "$REDIS_PORT"
  printf 'export WEAVIATE_URL=http://127.0.0.1:%s\n' "$WEAVIATE_PORT"
  printf 'export WEAVIATE_GRPC_PORT=%s\n' "$WEAVIATE_GRPC_PORT"
}

usage() {
  cat << 'EOF'
Usage: scripts/services.sh COMMAND

Commands:
  install  install PostgreSQL with pgvector and Redis from Debian, and build Weaviate
  start    start all three on 127.0.0.1 and wait until each is ready
  stop     stop all three
  status   print which are up; exits 1 when any is down
  env      print export lines for: eval "$(scripts/services.sh env)"
EOF
}

# Rejects a port outside 1024-65535 or a timeout that is not a whole number, before any server
# starts.
check_settings() {
  local name value
  for name in SOPHIA_PG_PORT SOPHIA_REDIS_PORT SOPHIA_WEAVIATE_PORT SOPHIA_WEAVIATE_GRPC_PORT \
    SOPHIA_WEAVIATE_GOSSIP_PORT SOPHIA_WEAVIATE_DATA_PORT SOPHIA_WEAVIATE_RAFT_PORT \
    SOPHIA_WEAVIATE_RAFT_RPC_PORT; do
    value="${!name:-}"
    if [[ -n "$value" ]] && ! [[ "$value" =~ ^[0-9]+$ && "$value" -ge 1024 && "$value" -le 65535 ]]; then
      die "$name='$value' is invalid; set it to a port number from 1024 to 65535"
    fi
  done

  if ! [[ "$TIMEOUT_SECONDS" =~ ^[1-9][0-9]*$ ]]; then
    die "SOPHIA_SERVICES_TIMEOUT='$TIMEOUT_SECONDS' is invalid; set it to a whole number of seconds"
  fi
}

main() {
  check_settings
  case "${1:-}" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
