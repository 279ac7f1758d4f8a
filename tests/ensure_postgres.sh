#!/bin/sh
# Print the URL of a PostgreSQL server for the tests (TEST_DATABASE_URL) on stdout.
# With TEST_DATABASE_URL set, print it. Otherwise install Debian's postgresql package when
# missing (root with apt-get only), start the installed cluster (creating one if there is
# none), create a role with a password and CREATEDB and a database it owns (the tests make a
# schema per test there), and wait until the server answers. Quick when already running.
set -eu
if [ -n "${TEST_DATABASE_URL:-}" ]; then
    echo "$TEST_DATABASE_URL"
    exit 0
fi
say() { echo "ensure_postgres: $*" >&2; }
# Every tool's own output (pg_ctlcluster's "Removed stale pid file.", apt-get, psql) goes to
# stderr, so that stdout carries the URL alone for callers that capture it.
prepare() {
    role=fieldreport_test
    password=fieldreport_test
    database=fieldreport_test
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
            say "no PostgreSQL installed and no root apt-get to install it; set TEST_DATABASE_URL"
            exit 1
        fi
        say "apt-get install postgresql"
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null; then
            apt-get update >/dev/null
            DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >/dev/null
        fi
    fi
    if [ "$(id -u)" != "0" ]; then
        say "starting the cluster needs root (pg_ctlcluster as postgres); set TEST_DATABASE_URL"
        exit 1
    fi
    # The newest installed version, from the binaries' folders (never a hard-coded number).
    version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
    if [ -z "$version" ]; then
        say "no PostgreSQL version found under /usr/lib/postgresql"
        exit 1
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
        say "pg_createcluster $version main"
        pg_createcluster "$version" main >/dev/null
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
        say "pg_ctlcluster $version main start"
        pg_ctlcluster "$version" main start
    fi
    tries=0
    until pg_isready -q -h 127.0.0.1 -p "$port"; do
        tries=$((tries + 1))
        if [ "$tries" -ge 60 ]; then
            say "the server on port $port did not answer within 30 s"
            exit 1
        fi
        sleep 0.5
    done
    as_postgres() { su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1 -tAc \"$1\"" ; }
    if [ "$(as_postgres "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != "1" ]; then
        as_postgres "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" >/dev/null
    fi
    if [ "$(as_postgres "SELECT 1 FROM pg_database WHERE datname = '$database'")" != "1" ]; then
        as_postgres "CREATE DATABASE $database OWNER $role" >/dev/null
    fi
    # Also when an earlier set-up left the database to another owner: the tests create schemas in it.
    as_postgres "ALTER DATABASE $database OWNER TO $role" >/dev/null
}
prepare >&2
echo "postgresql://$role:$password@127.0.0.1:$port/$database"
