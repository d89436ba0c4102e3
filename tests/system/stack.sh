# shellcheck shell=sh
# A production stack of its own, started from docker-compose.prod.yml with made-up
# secrets: what the system tests and bench/run drive. Sourced from the project's
# top directory with STACK_NAME, HTTP_PORT and HTTPS_PORT set, and SITE_ADDRESS if
# the site has names besides localhost.

PROJECT="$(basename "$PWD" | tr '[:upper:]' '[:lower:]' | tr -cd 'a-z0-9_-')-$STACK_NAME"
WORK=$(mktemp -d)

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# What an operator puts in .env, made up for this run.
cat >"$WORK/env" <<ENV
DJANGO_SECRET_KEY=$(random_hex 32)
POSTGRES_PASSWORD=$(random_hex 16)
POSTGRES_WEB_PASSWORD=$(random_hex 16)
SITE_ADDRESS=${SITE_ADDRESS:-localhost}
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
ENV
# shellcheck source=/dev/null # written just above
. "$WORK/env"

stack() { docker compose -f docker-compose.prod.yml -p "$PROJECT" --env-file "$WORK/env" "$@"; }

# wait_until SECONDS COMMAND...: run COMMAND once a second until it succeeds, SECONDS times at most.
wait_until() {
  tries=$1
  shift
  until "$@" >/dev/null 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 1
  done
}
