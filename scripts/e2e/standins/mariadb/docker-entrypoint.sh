#!/usr/bin/env bash
# The official mariadb image's environment contract, for the stand-in: MARIADB_ROOT_PASSWORD
# (or _FILE), MARIADB_ALLOW_EMPTY_ROOT_PASSWORD, MARIADB_RANDOM_ROOT_PASSWORD, MARIADB_DATABASE,
# MARIADB_USER, MARIADB_PASSWORD (or _FILE), the MYSQL_* spellings of each, and
# /docker-entrypoint-initdb.d; a data directory on first start (with the `healthcheck` users
# healthcheck.sh logs in as), then mariadbd on every interface.
set -Eeo pipefail

file_env() {
  local var=$1 file_var="${1}_FILE" mysql_var="MYSQL_${1#MARIADB_}" def=${2:-}
  local mysql_file_var="${mysql_var}_FILE" val=$def
  if [ -n "${!var:-}" ]; then val=${!var}
  elif [ -n "${!file_var:-}" ]; then val=$(<"${!file_var}")
  elif [ -n "${!mysql_var:-}" ]; then val=${!mysql_var}
  elif [ -n "${!mysql_file_var:-}" ]; then val=$(<"${!mysql_file_var}")
  fi
  export "$var"="$val"
  unset "$file_var" "$mysql_file_var"
}

if [ "${1:0:1}" = '-' ]; then set -- mariadbd "$@"; fi

if [ "$1" = mariadbd ] || [ "$1" = mysqld ]; then
  if [ "$(id -u)" = 0 ]; then
    chown -R mysql:mysql /var/lib/mysql
    exec setpriv --reuid=mysql --regid=mysql --init-groups "$BASH_SOURCE" "$@"
  fi
  if [ ! -d /var/lib/mysql/mysql ]; then
    file_env MARIADB_ROOT_PASSWORD
    file_env MARIADB_ALLOW_EMPTY_ROOT_PASSWORD
    file_env MARIADB_RANDOM_ROOT_PASSWORD
    file_env MARIADB_DATABASE
    file_env MARIADB_USER
    file_env MARIADB_PASSWORD
    if [ -z "$MARIADB_ROOT_PASSWORD" ] && [ -z "$MARIADB_ALLOW_EMPTY_ROOT_PASSWORD" ] && [ -z "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
      echo 'error: Database is uninitialized and password option is not specified' >&2
      echo '       You need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD' >&2
      exit 1
    fi
    if [ -n "$MARIADB_RANDOM_ROOT_PASSWORD" ]; then
      MARIADB_ROOT_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
      echo "GENERATED ROOT PASSWORD: $MARIADB_ROOT_PASSWORD"
    fi
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db \
      --auth-root-authentication-method=normal --cross-bootstrap >/dev/null
    socket=/run/mysqld/mysqld.sock
    # first start: no network, so a healthcheck cannot pass before the users exist
    mariadbd --skip-networking --socket="$socket" --datadir=/var/lib/mysql &
    pid=$!
    for _ in $(seq 60); do mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1 && break; sleep 1; done
    sql() { mariadb --protocol=socket --socket="$socket" -uroot --database=mysql "$@"; }
    quote() { printf '%s' "$1" | sed "s/\\\\/\\\\\\\\/g; s/'/\\\\'/g"; }
    root_pw=$(quote "$MARIADB_ROOT_PASSWORD")
    hc_pw=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
    {
      echo "SET @@SESSION.SQL_LOG_BIN=0;"
      echo "DELETE FROM mysql.user WHERE user NOT IN ('mysql.sys', 'mariadb.sys', 'mysqlxsys', 'root') OR host NOT IN ('localhost');"
      echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';"
      echo "CREATE USER 'root'@'%' IDENTIFIED BY '$root_pw'; GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
      echo "CREATE USER 'healthcheck'@'127.0.0.1' IDENTIFIED BY '$hc_pw', 'healthcheck'@'::1' IDENTIFIED BY '$hc_pw', 'healthcheck'@'localhost' IDENTIFIED BY '$hc_pw';"
      if [ -n "$MARIADB_DATABASE" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"; fi
      if [ -n "$MARIADB_USER" ] && [ -n "$MARIADB_PASSWORD" ]; then
        echo "CREATE USER '$MARIADB_USER'@'%' IDENTIFIED BY '$(quote "$MARIADB_PASSWORD")';"
        if [ -n "$MARIADB_DATABASE" ]; then echo "GRANT ALL ON \`$MARIADB_DATABASE\`.* TO '$MARIADB_USER'@'%';"; fi
      fi
      echo "FLUSH PRIVILEGES;"
    } | sql
    printf '[mariadb-client]\nport=3306\nsocket=%s\nuser=healthcheck\npassword=%s\n' "$socket" "$hc_pw" >/var/lib/mysql/.my-healthcheck.cnf
    chmod 600 /var/lib/mysql/.my-healthcheck.cnf
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) echo "running $f"; . "$f" ;;
        *.sql) echo "running $f"; MYSQL_PWD=$MARIADB_ROOT_PASSWORD mariadb --socket="$socket" -uroot ${MARIADB_DATABASE:+"$MARIADB_DATABASE"} <"$f" ;;
      esac
    done
    kill "$pid"; wait "$pid" || true
    echo 'MariaDB init process done. Ready for start up.'
  fi
fi

exec "$@"
