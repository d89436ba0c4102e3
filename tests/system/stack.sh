# A production stack of its own, started from docker-compose.prod.yml with made-up
# secrets, for whatever drives one: the system tests, a benchmark. Sourced from the project's
# top directory with STACK_NAME, HTTP_PORT and HTTPS_PORT set, and SITE_ADDRESS if
# the site has names besides localhost.
# shellcheck shell=sh

PROJECT="$(basename "$PWD" | tr '[:upper:]' '[:lower:]' | tr -cd 'a-z0-9_-')-$STACK_NAME"
WORK=$(mktemp -d)

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# copy_checkout DIRECTORY: the project into DIRECTORY (which exists), as a clone has it:
# without its git history, your .env, or its secrets/, whose files belong to uid 10001
# and are unreadable to you.
copy_checkout() { tar --exclude=./.git --exclude=./.env --exclude=./secrets -cf - . | (cd "$1" && tar -xf -); }

# What an operator puts in .env, made up for this run, and the three secrets, which
# docker/create-secrets.sh writes into files as docs/production.md has it: each owned by
# uid 10001, mode 0600. The values stay here too, for the tests that need them.
DJANGO_SECRET_KEY=$(random_hex 32)
POSTGRES_PASSWORD=$(random_hex 16)
POSTGRES_WEB_PASSWORD=$(random_hex 16)
cat >"$WORK/env" <<ENV
SITE_ADDRESS=${SITE_ADDRESS:-localhost}
HTTP_PORT=$HTTP_PORT
HTTPS_PORT=$HTTPS_PORT
SECRETS_DIRECTORY=$WORK/secrets
ENV
BASE_IMAGE=$(sed -n 's/^FROM \([^ ]*\) AS base$/\1/p' Dockerfile)
# docs/production.md's command, run in $WORK as if it were the checkout.
mkdir "$WORK/docker" && cp docker/create-secrets.sh "$WORK/docker/"
docker run --rm -e DJANGO_SECRET_KEY="$DJANGO_SECRET_KEY" -e POSTGRES_PASSWORD="$POSTGRES_PASSWORD" \
  -e POSTGRES_WEB_PASSWORD="$POSTGRES_WEB_PASSWORD" -v "$WORK:/project" -w /project "$BASE_IMAGE" sh docker/create-secrets.sh >/dev/null

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
