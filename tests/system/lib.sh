# Shared by tests/run and the suites it sources: the stacks, the images, checks.
# Sourced from the project's top directory.
# shellcheck shell=sh

# A compose project, ports and volumes of its own: the user's stacks are never touched.
STACK_NAME=systemtest
HTTP_PORT=${SYSTEM_TEST_HTTP_PORT:-28080}
HTTPS_PORT=${SYSTEM_TEST_HTTPS_PORT:-28443}
# Several names, as a site with and without www has them.
SITE_ADDRESS=localhost,example.com,www.example.com
# The tasks the tests enqueue, in web and the worker.
STACK_OVERRIDE=tests/system/probe.yml
. tests/system/stack.sh
. tests/system/checks.sh
PROD_IMAGE="$PROJECT-web"
ADMIN_USERNAME="admin"
ADMIN_PASSWORD=$(random_hex 12)

# The development stack (docker-compose.yml) under a name and port of its own; its
# web image is the dev image, the one pytest runs in.
DEV_PROJECT="$PROJECT-dev"
DEV_IMAGE="$DEV_PROJECT-web"
DEV_PORT=${SYSTEM_TEST_DEV_PORT:-28000}
export DEV_PORT
dev() { docker compose -f docker-compose.yml -p "$DEV_PROJECT" "$@"; }
# postgres_major COMPOSE: the PostgreSQL major that the db image tag of the stack run by
# the function COMPOSE names (NN in postgres:NN-alpine): the compose file writes it once.
postgres_major() { "$1" config --images | sed -n 's|^\(.*/\)\{0,1\}postgres:\([0-9][0-9]*\).*|\2|p' | head -n 1; }
# needs_dev_database: the development stack's PostgreSQL up, whether or not the development suite ran.
needs_dev_database() { step "start the development stack's database" dev up --detach --wait db; }

# needs_production_stack: the production stack up, with the superuser that the HTTP tests
# log in as, whether or not the stack suite, which checks both, ran.
PRODUCTION_STACK_READY=""
needs_production_stack() {
  [ -n "$PRODUCTION_STACK_READY" ] && return 0
  step "start the production stack" stack up --detach --wait
  step "create the superuser the HTTP tests log in as" create_superuser
  [ -n "$stopped_by" ] || PRODUCTION_STACK_READY=1
}
create_superuser() {
  stack exec -T -e DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" web \
    python manage.py createsuperuser --noinput --username "$ADMIN_USERNAME" --email admin@example.com
}

# production DOCKER-RUN-ARGS...: the production image run alone, with a production environment.
production() {
  docker run -e DJANGO_SECRET_KEY -e DATABASE_URL=postgres://app:unused@db:5432/app \
    -e DJANGO_ALLOWED_HOSTS=localhost "$@"
}
export DJANGO_SECRET_KEY

# http_client PROXY NAME COMMAND...: COMMAND in the dev image, in tests/system/http, in a
# container called NAME inside the network namespace of Caddy's container PROXY, where
# https://localhost:$HTTPS_PORT is the site: no host networking needed.
http_client() {
  proxy=$1
  name=$2
  shift 2
  docker run --rm --name "$name" --network "container:$proxy" -e DJANGO_DEBUG=1 \
    -e BASE_URL="https://localhost:$HTTPS_PORT" -e HTTP_URL="http://localhost:$HTTP_PORT" \
    -e CADDY_ROOT_CERT="$(docker exec "$proxy" cat /data/caddy/pki/authorities/local/root.crt)" \
    -e ADMIN_USERNAME="$ADMIN_USERNAME" -e ADMIN_PASSWORD="$ADMIN_PASSWORD" -e SITE_ADDRESS="$SITE_ADDRESS" \
    -w /code/tests/system/http "$DEV_IMAGE" "$@"
}
# The HTTP tests, against the production stack.
http_tests() { http_client "$(stack ps -q proxy)" "$PROJECT-http-tests" "$@"; }

# start_traffic PROXY [HEADER]: 8 browsers on the admin (traffic.py: two log in again and
# again, six log in once and open it), in the background through Caddy's container PROXY,
# for 300 s at most, counting the answers that carry HEADER. Returns once a GET and a POST
# have been sent. stop_traffic ends them and prints the report.
TRAFFIC_CONNECTIONS=8
start_traffic() {
  http_client "$1" "$PROJECT-traffic" python traffic.py "$TRAFFIC_CONNECTIONS" 300 ${2:+"$2"} >"$WORK/traffic" 2>&1 &
  traffic=$!
  wait_until 60 sent_at_least 1 1
}
# requests_sent METHOD: how many requests of METHOD (GET, POST) have been sent so far.
requests_sent() { sed -n "s/^sent .*$1=\([0-9]*\).*/\1/p" "$WORK/traffic" | tail -n 1 | grep . || echo 0; }
sent_at_least() { [ "$(requests_sent GET)" -ge "$1" ] && [ "$(requests_sent POST)" -ge "$2" ]; }
# more_traffic GETS POSTS: wait, 60 s at most, until GETS more GETs and POSTS more POSTs
# have been sent: what a check "under traffic" requires after each event.
more_traffic() {
  gets=$(($(requests_sent GET) + $1)) posts=$(($(requests_sent POST) + $2))
  wait_until 60 sent_at_least "$gets" "$posts" ||
    { echo "fewer than $1 GETs and $2 POSTs sent in the 60 s after the event" && return 1; }
}
# sent_before MS: every request that failed was sent before MS (now_ms's time): it was in flight.
sent_before() {
  awk -v ms="$1" '/^failed / { sent = substr($4, 6); if (sent * 1000 > ms) { print "sent after the event: " $0; late++ } }
    END { exit late > 0 }' "$WORK/traffic"
}
stop_traffic() {
  docker kill --signal TERM "$PROJECT-traffic" >/dev/null
  wait "$traffic" || true
  grep -v '^sent ' "$WORK/traffic" | tail -n 20
  [ -z "${1:-}" ] || slow_in_the_proxy_log "$1"
}
# slow_in_the_proxy_log PROXY: what Caddy's access log says of the requests that took over
# 1.5 s or failed, and the errors it logged, to show where a failure came from.
slow_in_the_proxy_log() {
  docker logs --since 5m "$1" 2>&1 | grep -E '"level":"error"|"status":5|"duration":([2-9]|1\.[5-9]|[1-9][0-9])' |
    sed -E 's/.*"ts":([0-9.]*).*"msg":"([^"]*)".*"uri":"([^"]*)".*"duration":([0-9.]*).*"status":([0-9]*).*"upstream":"?([^",}]*).*/\1 \5 \3 \4 s from \6: \2/' |
    tail -n 15
}
# traffic_report: the figures of the last traffic, on one line, for the log.
traffic_report() { grep -E '^(GET|POST) ' "$WORK/traffic" | tr '\n' ' '; }
# failed_at_most N: the report has one line for GETs and one for POSTs, each with
# requests sent, and N failures at most, of both kinds together.
failed_at_most() {
  awk -v most="$1" '/^(GET|POST) sent=[1-9]/ { lines[$1]++; failed += substr($3, 8) }
    END { exit !(lines["GET"] == 1 && lines["POST"] == 1 && failed <= most) }' "$WORK/traffic"
}

# owner_sql SQL: SQL as the owner role, in the db container, printing bare values.
owner_sql() { stack exec -T db psql --username app --dbname app -tAc "$1"; }

# connections_from SQL CONTAINER NETWORK: how many connections PostgreSQL has from CONTAINER's
# address on NETWORK, asked through the function SQL (owner_sql, or a suite's own).
connections_from() {
  address=$(docker inspect --format "{{(index .NetworkSettings.Networks \"$3\").IPAddress}}" "$2") && [ -n "$address" ] &&
    "$1" "SELECT count(*) FROM pg_stat_activity WHERE client_addr = '$address'"
}

# in_the_log PATTERN: a line of the waiting container's log matches PATTERN (it is kept in $WORK/waiter).
in_the_log() { docker logs "$waiter" >"$WORK/waiter" 2>&1 && grep -q "$1" "$WORK/waiter"; }
# stops_at_once_while PATTERN DOCKER-RUN-ARGS...: the production image, started with these
# arguments (and WAITER_COMMAND, if set, for web's), once its log matches PATTERN (it is
# waiting), stops within 1 s of docker stop, with status 0.
stops_at_once_while() {
  pattern=$1
  shift
  # shellcheck disable=SC2086 # WAITER_COMMAND: its words
  waiter=$(production --detach "$@" "$PROD_IMAGE" ${WAITER_COMMAND:-})
  wait_until 30 in_the_log "$pattern"
  started=$(now_ms)
  docker stop --time 10 "$waiter" >/dev/null
  seconds=$(seconds_since "$started")
  status=$(docker inspect --format '{{.State.ExitCode}}' "$waiter")
  in_the_log .
  docker rm --force "$waiter" >/dev/null
  tail -n 3 "$WORK/waiter"
  echo "stopped in $seconds s (at most 1.0), exit status $status"
  grep -q "$pattern" "$WORK/waiter" && within 1.0 "$seconds" && [ "$status" -eq 0 ]
}
exited() { [ "$(docker inspect --format '{{.State.Status}}' "$1")" = exited ]; }

# one_line_error PATTERN DOCKER-RUN-ARGS...: the container stops by itself within 30 s,
# exits with status 1, and prints one error line, matching PATTERN, and no traceback.
one_line_error() {
  pattern=$1
  shift
  container=$(production --detach "$@" "$PROD_IMAGE")
  wait_until 30 exited "$container"
  docker logs "$container" >"$WORK/start" 2>&1
  status=$(docker inspect --format '{{.State.ExitCode}}' "$container")
  docker rm --force "$container" >/dev/null
  cat "$WORK/start"
  echo "exit status $status"
  [ "$status" -eq 1 ] &&
    ! grep -q Traceback "$WORK/start" &&
    [ "$(grep -c 'error:' "$WORK/start")" -eq 1 ] &&
    grep -q "$pattern" "$WORK/start"
}

# secret_in FILE: one of this run's three secret values is in FILE.
SECRETS="$DJANGO_SECRET_KEY $POSTGRES_PASSWORD $POSTGRES_WEB_PASSWORD"
secret_in() {
  for secret in $SECRETS; do grep -F -q "$secret" "$1" && echo "a secret value is in $1" && return 0; done
  return 1
}

# no_secret_in_containers CONTAINER...: their docker inspect names the secret key's file,
# and holds none of the secret values.
no_secret_in_containers() {
  for container in "$@"; do docker inspect "$container"; done >"$WORK/inspect" &&
    grep -q '"DJANGO_SECRET_KEY_FILE=/run/secrets/django_secret_key"' "$WORK/inspect" && ! secret_in "$WORK/inspect"
}

# Files that must reach neither the image nor git: planted in a copy of the checkout,
# which both images are built from (your own checkout is never written to), looked for
# by the image suite. The .env is a valid one, as yours would be.
LOCAL_FILES=".env .env.production backups/systemtest.dump secrets/systemtest systemtest.sql media/upload.txt"
BUILT_FROM="$WORK/checkout"
plant_local_files() {
  mkdir -p "$BUILT_FROM/backups" "$BUILT_FROM/secrets" "$BUILT_FROM/media" &&
    for file in $LOCAL_FILES; do echo "PLANTED_BY_TESTS_RUN=1" >"$BUILT_FROM/$file" || return 1; done &&
    # As docker/create-secrets.sh leaves a secret: uid 10001's, mode 0600, unreadable to you.
    docker run --rm -v "$BUILT_FROM/secrets:/secrets" "$BASE_IMAGE" \
      sh -c 'chown 10001:10001 /secrets/systemtest && chmod 0600 /secrets/systemtest'
}
# The production image, then the dev image built on it: its production stage replaced by
# that very image (a build context named after the stage), so that pytest runs on the
# production image's own layers, whatever other build-cache records (a --no-cache
# build's, a benchmark's) the engine holds. Built apart, or even as two targets of one
# bake, each could take a different record. Migrate and the worker run the same image.
build_images() { mkdir "$BUILT_FROM" && copy_checkout "$BUILT_FROM" && plant_local_files && build_on_production; }
build_on_production() {
  (cd "$BUILT_FROM" && docker build --quiet --target production --tag "$PROD_IMAGE" . >/dev/null &&
    docker tag "$PROD_IMAGE" "$PROJECT-migrate" && docker tag "$PROD_IMAGE" "$PROJECT-worker" &&
    docker build --quiet --target dev --build-context production="docker-image://$PROD_IMAGE" --tag "$DEV_IMAGE" . >/dev/null &&
    docker tag "$DEV_IMAGE" "$DEV_PROJECT-worker")
}

cleanup() {
  # What an interrupted suite left running.
  docker rm --force "$PROJECT-old-db" "$PROJECT-traffic" "$PROJECT-http-tests" >/dev/null 2>&1 || true
  [ -z "${OWNER_PROJECT:-}" ] || stop_watching
  stack down --volumes --remove-orphans >/dev/null 2>&1 || true
  dev down --volumes --remove-orphans >/dev/null 2>&1 || true
  docker image rm "$PROD_IMAGE" "$PROJECT-migrate" "$PROJECT-worker" "$DEV_IMAGE" "$DEV_PROJECT-worker" "$PROJECT-cold" >/dev/null 2>&1 || true
  rm -rf "$WORK"
  release_engine_lock
}
