#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb in a temporary folder, the
# server listening only on a unix socket in that folder, stopped and removed at exit (also when
# the command fails or the script is interrupted). The command sees TALLY_TEST_PG_URI (a
# postgresql:// URI of an empty database "tally") and TALLY_TEST_PG_ADMIN (a URI of the
# "postgres" database, to create more). As root (CI), the server runs as the postgres user,
# since initdb refuses root.
# Exit 77 with a message when the PostgreSQL binaries are absent (ctest reports it skipped).
set -euo pipefail

pg_bin=""
for d in "${TALLY_PG_BIN:-}" /usr/lib/postgresql/15/bin; do
  [ -n "$d" ] && [ -x "$d/initdb" ] && { pg_bin=$d; break; }
done
if [ -z "$pg_bin" ]; then
  echo "with_postgres: SKIP: no PostgreSQL 15 server binaries (apt-get install postgresql, see scripts/install-deps.sh)" >&2
  exit 77
fi

dir=$(mktemp -d /tmp/tally-pg.XXXXXX)
as_server=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with_postgres: running as root and there is no postgres user to run the server" >&2; exit 1; }
  chown postgres: "$dir"
  as_server=(runuser -u postgres --)
fi
cleanup() {
  "${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_server[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# no TCP port: nothing else on the machine can reach it, and no port can clash
"${as_server[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c max_connections=50" start >/dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
"$pg_bin/createdb" -h "$dir" -U postgres tally

socket=$(printf '%s' "$dir" | sed 's,/,%2F,g')
export TALLY_TEST_PG_URI="postgresql://postgres@$socket/tally"
export TALLY_TEST_PG_ADMIN="postgresql://postgres@$socket/postgres"
export TALLY_TEST_PG_SOCKET="$dir"
set +e
"$@"
status=$?
set -e
[ $status -ne 0 ] && [ -f "$dir/server.log" ] && tail -n 20 "$dir/server.log" >&2
exit $status
