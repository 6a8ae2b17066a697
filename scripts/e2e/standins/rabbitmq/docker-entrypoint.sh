#!/usr/bin/env bash
# The official rabbitmq image's environment contract, for the stand-in: RABBITMQ_DEFAULT_USER
# and RABBITMQ_DEFAULT_PASS (or _FILE), RABBITMQ_DEFAULT_VHOST, written as the server's
# default_user/default_pass (used when the node first starts with an empty database);
# guest may log in from other hosts, as upstream allows. Runs the server as `rabbitmq`.
set -eo pipefail
if [ "$1" = rabbitmq-server ]; then
  if [ -n "${RABBITMQ_DEFAULT_PASS_FILE:-}" ]; then
    RABBITMQ_DEFAULT_PASS=$(<"$RABBITMQ_DEFAULT_PASS_FILE")
    unset RABBITMQ_DEFAULT_PASS_FILE
  fi
  {
    echo 'loopback_users.guest = false'
    echo 'listeners.tcp.default = 5672'
    [ -z "${RABBITMQ_DEFAULT_USER:-}" ] || echo "default_user = $RABBITMQ_DEFAULT_USER"
    [ -z "${RABBITMQ_DEFAULT_PASS:-}" ] || echo "default_pass = $RABBITMQ_DEFAULT_PASS"
    [ -z "${RABBITMQ_DEFAULT_VHOST:-}" ] || echo "default_vhost = $RABBITMQ_DEFAULT_VHOST"
  } >/etc/rabbitmq/conf.d/10-defaults.conf
  unset RABBITMQ_DEFAULT_USER RABBITMQ_DEFAULT_PASS RABBITMQ_DEFAULT_VHOST
  if [ "$(id -u)" = 0 ]; then
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /etc/rabbitmq
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server
  fi
  exec /usr/lib/rabbitmq/bin/rabbitmq-server
fi
exec "$@"
