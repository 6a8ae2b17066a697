#!/bin/sh
# The official mariadb image's healthcheck.sh, for the stand-in: the tests it is named after
# (--connect, --innodb_initialized; --su-mysql and --defaults-file accepted), logging in as
# the `healthcheck` user the entrypoint made. Exit 0 when every requested test passes.
set -e
cnf=${DEFAULTS_FILE:-/var/lib/mysql/.my-healthcheck.cnf}
tests=
for arg in "$@"; do
  case "$arg" in
    --connect) tests="$tests connect" ;;
    --innodb_initialized) tests="$tests innodb_initialized" ;;
    --su-mysql|--su=mysql|--no-defaults) ;;
    --defaults-file=*) cnf=${arg#--defaults-file=} ;;
    *) echo "healthcheck.sh: $arg is not implemented by this stand-in" >&2; exit 1 ;;
  esac
done
[ -r "$cnf" ] || { echo "healthcheck.sh: $cnf is missing (not initialised yet)" >&2; exit 1; }
q() { mariadb --defaults-extra-file="$cnf" "$@" -N -B; }
for t in $tests; do
  case "$t" in
    # over TCP: the first-start server listens on no network, so this fails until the real one runs
    connect) q --protocol=tcp -h 127.0.0.1 -e 'SELECT 1' >/dev/null ;;
    innodb_initialized)
      [ "$(q -e "SELECT 1 FROM information_schema.ENGINES WHERE engine='innodb' AND support IN ('YES','DEFAULT','ENABLED')")" = 1 ] ;;
  esac
done
