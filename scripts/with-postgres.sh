#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh CMD [ARG...]
#
# Starts a throwaway PostgreSQL cluster in a temporary directory, runs CMD with
#   HABIFLOW_TEST_POSTGRES_URL  = postgresql+psycopg://habiflow@127.0.0.1:PORT/habiflow_test
#   HABIFLOW_BENCH_POSTGRES_URL = postgresql+psycopg://habiflow@127.0.0.1:PORT/habiflow_bench
# exported, then stops the server and deletes the cluster whatever happens, and
# exits with CMD's status.
#
# The server binaries come from $PG_BINDIR if set, else from PATH (initdb and
# pg_ctl), else from the highest /usr/lib/postgresql/<version>/bin. initdb refuses
# to run as root, so as root the cluster belongs to the `postgres` system user (or,
# if there is none, to a system user `habiflow-pg` that this script creates).
#
# Knobs (environment): PG_BINDIR, HABIFLOW_PG_TMPDIR (parent of the temp dir,
# default /tmp: short enough for the unix socket path and reachable by the server
# user), HABIFLOW_PG_KEEP=1 (keep the temp dir, e.g. to read server.log).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 2
fi

log() { echo "with-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

# --- locate the server binaries -------------------------------------------------
find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        echo "$PG_BINDIR"
        return
    fi
    local initdb_path
    if initdb_path=$(command -v initdb 2>/dev/null) && command -v pg_ctl >/dev/null 2>&1; then
        # Resolve symlinks (e.g. /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb)
        # so that createdb/psql of the same version are found next to it.
        dirname "$(readlink -f "$initdb_path")"
        return
    fi
    local best
    best=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null \
        | sort -V | tail -n 1)
    if [ -n "$best" ]; then
        dirname "$best"
        return
    fi
    return 1
}

BINDIR=$(find_bindir) || die "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH nor in
  /usr/lib/postgresql/*/bin. Install them with 'make system-deps' (Debian package 'postgresql')."
for prog in initdb pg_ctl postgres; do
    [ -x "$BINDIR/$prog" ] || die "$BINDIR/$prog is missing or not executable"
done
client() {  # client program: next to the server if there, else from PATH
    if [ -x "$BINDIR/$1" ]; then echo "$BINDIR/$1"; else command -v "$1" || die "$1 not found"; fi
}
CREATEDB=$(client createdb)

# --- who runs the server --------------------------------------------------------
as_pg() { "$@"; }
PG_OS_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
    if id -u postgres >/dev/null 2>&1; then
        PG_OS_USER=postgres
    else
        PG_OS_USER=habiflow-pg
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            log "creating system user $PG_OS_USER to own the throwaway cluster"
            useradd --system --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin "$PG_OS_USER"
        fi
    fi
    if command -v runuser >/dev/null 2>&1; then
        as_pg() { (cd "$PGTMP" && runuser -u "$PG_OS_USER" -- "$@"); }
    else
        as_pg() {
            local quoted
            quoted=$(printf '%q ' "$@")
            (cd "$PGTMP" && su -s /bin/sh "$PG_OS_USER" -c "$quoted")
        }
    fi
fi

# --- temp dir and cleanup -------------------------------------------------------
PGTMP=$(mktemp -d "${HABIFLOW_PG_TMPDIR:-/tmp}/habiflow-pg.XXXXXX")
PGDATA_DIR="$PGTMP/data"
PGLOG="$PGTMP/server.log"
SERVER_STARTED=0

cleanup() {
    local status=$?
    set +e
    if [ "$SERVER_STARTED" = 1 ]; then
        as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -s stop >/dev/null 2>&1 \
            || log "warning: pg_ctl stop failed (see $PGLOG)"
    fi
    if [ "${HABIFLOW_PG_KEEP:-0}" = 1 ]; then
        log "kept $PGTMP"
    else
        rm -rf "$PGTMP"
    fi
    return "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [ "$PG_OS_USER" != "$(id -un)" ]; then
    chown "$PG_OS_USER" "$PGTMP"
    chmod 700 "$PGTMP"
    as_pg test -w "$PGTMP" \
        || die "$PGTMP is not writable by $PG_OS_USER (a parent directory is not traversable?);
  set HABIFLOW_PG_TMPDIR to a directory such as /tmp"
fi

# --- create and start the cluster -----------------------------------------------
PG_SUPERUSER=habiflow
if ! as_pg "$BINDIR/initdb" --pgdata="$PGDATA_DIR" --username="$PG_SUPERUSER" --auth=trust \
        --encoding=UTF8 --locale=C --no-sync >"$PGTMP/initdb.log" 2>&1; then
    cat "$PGTMP/initdb.log" >&2
    die "initdb failed"
fi

free_port() {
    local py
    for py in python3 python "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}"; do
        if [ -n "$py" ] && command -v "$py" >/dev/null 2>&1; then
            "$py" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
            return
        fi
    done
    # No Python: pick one from the ephemeral range and let pg_ctl's retry handle clashes.
    echo $(( 20000 + RANDOM % 30000 ))
}

# The port is picked before the server binds it, so another process may grab it in
# between: retry with a fresh port a few times.
PORT=""
for attempt in 1 2 3 4 5; do
    PORT=$(free_port)
    cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
# --- habiflow throwaway test cluster (attempt $attempt) ---
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGTMP'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
    if as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 -s start >/dev/null 2>&1; then
        SERVER_STARTED=1
        break
    fi
    # pg_ctl may have timed out with the server still coming up: make sure it is gone.
    as_pg "$BINDIR/pg_ctl" -D "$PGDATA_DIR" -m immediate -w -s stop >/dev/null 2>&1 || true
    log "attempt $attempt to start PostgreSQL on port $PORT failed; server log:"
    tail -n 20 "$PGLOG" >&2 || true
done
[ "$SERVER_STARTED" = 1 ] || die "could not start PostgreSQL"

for db in habiflow_test habiflow_bench; do
    "$CREATEDB" -h 127.0.0.1 -p "$PORT" -U "$PG_SUPERUSER" "$db" \
        || die "createdb $db failed"
done

export HABIFLOW_TEST_POSTGRES_URL="postgresql+psycopg://$PG_SUPERUSER@127.0.0.1:$PORT/habiflow_test"
export HABIFLOW_BENCH_POSTGRES_URL="postgresql+psycopg://$PG_SUPERUSER@127.0.0.1:$PORT/habiflow_bench"
log "$("$BINDIR/postgres" --version) on 127.0.0.1:$PORT (data in $PGTMP)"

# --- run the command ------------------------------------------------------------
set +e
"$@"
status=$?
set -e
exit "$status"
