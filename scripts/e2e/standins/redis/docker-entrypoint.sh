#!/bin/sh
# The official redis image's entrypoint, for the stand-in: `redis-server` with no config
# file listens on every interface; upstream builds it with protected mode off, Debian's
# binary has it on, so it is turned off here unless a config file is given. Drops root.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
  shift
  case "${1:-}" in
    *.conf) conf=$1; shift; set -- redis-server "$conf" "$@" ;;
    *) set -- redis-server --protected-mode no "$@" ;;
  esac
  if [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' + 2>/dev/null || true
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
