# A production stack of its own, started from docker-compose.prod.yml with made-up
# secrets, for whatever drives one: the system tests, a benchmark. Sourced from the project's
# top directory with STACK_NAME, HTTP_PORT and HTTPS_PORT set, and SITE_ADDRESS if
# the site has names besides localhost.
# shellcheck shell=sh

# checkout_name DIRECTORY: its folder's name and a checksum of its absolute path, which
# the compose projects of a run in it start with: two clones called mysite never share
# a stack, nor tear down each other's.
checkout_name() {
  echo "$(basename "$1" | tr '[:upper:]' '[:lower:]' | tr -cd 'a-z0-9_-')-$(printf '%s' "$1" | cksum | cut -d ' ' -f 1)"
}
PROJECT="$(checkout_name "$PWD")-$STACK_NAME"
WORK=$(mktemp -d)

random_hex() { od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'; }

# copy_checkout DIRECTORY: the project into DIRECTORY (which exists), as a clone has it:
# without its git history, your .env, the tools' caches, or its secrets/, whose files
# belong to uid 10001 and are unreadable to you.
copy_checkout() {
  tar --exclude=./.git --exclude=./.env --exclude=./secrets --exclude=./.ruff_cache --exclude=./.pytest_cache \
    --exclude=__pycache__ -cf - . | (cd "$1" && tar -xf -)
}

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

# STACK_OVERRIDE: a compose file of additions, if any (the system tests' tasks).
stack() { docker compose -f docker-compose.prod.yml ${STACK_OVERRIDE:+-f "$STACK_OVERRIDE"} -p "$PROJECT" --env-file "$WORK/env" "$@"; }

# now_ms: the time, in milliseconds (date +%N is GNU's; perl stands in where date lacks it).
if [ "$(date +%N)" != N ]; then
  now_ms() { echo $(($(date +%s%N) / 1000000)); }
else
  now_ms() { perl -MTime::HiRes=time -e 'printf "%d\n", time() * 1000'; }
fi
# seconds_since MS: the seconds since now_ms said MS, to the tenth (3.4).
seconds_since() { awk -v ms="$(($(now_ms) - $1))" 'BEGIN { printf "%.1f\n", ms / 1000 }'; }
# within SECONDS MEASURED: MEASURED (3.4) is no more than SECONDS.
within() { awk -v most="$1" -v measured="$2" 'BEGIN { exit !(measured <= most) }'; }

# wait_until SECONDS COMMAND...: run COMMAND, then again a second after each failure,
# until it succeeds; fails once SECONDS have passed, however long each try took.
wait_until() {
  deadline=$(($(now_ms) + $1 * 1000))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 1
  done
}

# One run at a time on a Docker engine, whatever its checkout: the ports are fixed, and
# the engine is changed under it. The lock is a container that is never started, named for the
# engine, its labels saying whose run it is; one whose process is gone is stale.
# A run started by the run that holds it (the template suite's, in copies) goes ahead.
ENGINE_LOCK=django-system-tests-lock
take_engine_lock() {
  [ -z "${ENGINE_LOCK_PID:-}" ] ||
    [ "$(docker inspect --format '{{index .Config.Labels "pid"}}' "$ENGINE_LOCK" 2>/dev/null)" != "$ENGINE_LOCK_PID" ] || return 0
  tries=3 # the lock going meanwhile, or a stale one removed, takes another try; more means docker itself fails
  while ! docker create --name "$ENGINE_LOCK" --label "run=$1 in $PWD, pid $$ on $(hostname), since $(date -u +%H:%M:%S) UTC" \
    --label pid=$$ --label host="$(hostname)" "$BASE_IMAGE" true >"$WORK/lock" 2>&1; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || { echo "$1: cannot take this Docker engine's lock: $(tail -n 1 "$WORK/lock")" >&2 && return 1; }
    owner=$(docker inspect --format '{{index .Config.Labels "pid"}} {{index .Config.Labels "host"}}' "$ENGINE_LOCK" 2>/dev/null) ||
      continue # it went meanwhile
    if [ "${owner#* }" = "$(hostname)" ] && ! kill -0 "${owner% *}" 2>/dev/null; then
      docker rm "$ENGINE_LOCK" >/dev/null 2>&1 || true # left by an interrupted run: stale
      continue
    fi
    echo "$1: another run uses this Docker engine: $(docker inspect --format '{{index .Config.Labels "run"}}' "$ENGINE_LOCK"); wait for it to end" >&2
    return 1
  done
  ENGINE_LOCKED=1
  ENGINE_LOCK_PID=$$
  export ENGINE_LOCK_PID
}
release_engine_lock() { [ -z "${ENGINE_LOCKED:-}" ] || docker rm "$ENGINE_LOCK" >/dev/null 2>&1 || true; }
