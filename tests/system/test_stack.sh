# The production stack, hardened and steady under load: its secrets, its start on a database
# without its migrations, gunicorn as PID 1, idle connections, load through Caddy.
# shellcheck shell=sh

needs_production_stack

web_is_hardened() {
  config=$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}' "$(stack ps -q web)")
  echo "$config"
  # /code is root's, so the app user may not write there anyway: the error must be the filesystem's.
  [ "$config" = "true [ALL] [no-new-privileges:true]" ] &&
    exits_with 1 'Read-only file system' stack exec -T web touch /code/written
}
check "web runs read-only, with no capabilities and no new privileges" web_is_hardened

secret_files() {
  docker run --rm -v "$WORK/secrets:/secrets:ro" "$BASE_IMAGE" stat -c '%n %u:%g %a' /secrets/django_secret_key \
    /secrets/django_secret_key_fallbacks /secrets/postgres_password /secrets/postgres_web_password >"$WORK/stat"
  cat "$WORK/stat"
  [ "$(grep -c ' 10001:10001 600$' "$WORK/stat")" -eq 4 ]
}
check "the secrets are files as docker/create-secrets.sh writes them: uid 10001's, mode 0600" secret_files
# shellcheck disable=SC2046 # one word per container
no_secret_in_inspect() { no_secret_in_containers $(stack ps --all -q); }
check "docker inspect of every service, migrate too, shows no secret value" no_secret_in_inspect
no_secret_in_environ() {
  stack exec -T web sh -c 'cat /proc/[0-9]*/environ' | tr '\0' '\n' >"$WORK/environ" &&
    grep -q '^DATABASE_PASSWORD_FILE=' "$WORK/environ" && ! secret_in "$WORK/environ"
}
check "no process in web has a secret value in its environment" no_secret_in_environ

# A database where migrate has not run: web waits for the migrations, saying which, then gives up.
unmigrated_database() {
  stack exec -T db createdb --username app unmigrated &&
    one_line_error '^Database error: [0-9]* migrations not applied within 3 s ([a-z]*\.0001_initial, ' \
      --network "${PROJECT}_database" -e DJANGO_DATABASE_WAIT_SECONDS=3 \
      -e DATABASE_URL="postgres://app:$POSTGRES_PASSWORD@db:5432/unmigrated" &&
    grep -q '^Waiting for migrations: [0-9]* migrations not applied yet ([a-z]*\.0001_initial, ' "$WORK/start"
}
check "a database without the code's migrations: web waits 3 s, naming them, then one line" unmigrated_database

gunicorn_is_pid_1() { stack exec -T web cat /proc/1/cmdline | tr '\0' ' ' | grep 'bin/gunicorn '; }
check "gunicorn is PID 1" gunicorn_is_pid_1
check "makemigrations --check: the models match the migrations" \
  stack run --rm --no-deps web python manage.py makemigrations --check --dry-run


check "connections that send nothing hold none of gunicorn's threads" \
  http_tests pytest -q test_from_the_proxy.py -k send_nothing
load_through_the_proxy() { http_tests python load.py 64 10 /admin/login/ >"$WORK/load"; }
check "load through Caddy: 64 connections for 10 s, every answer 2xx, none slower than 2 s" load_through_the_proxy
sed 's/^/     /' "$WORK/load"
no_worker_timeouts() {
  stack logs web >"$WORK/web.log" &&
    grep -q 'Booting worker' "$WORK/web.log" && ! grep 'WORKER TIMEOUT' "$WORK/web.log"
}
check "web's log, read, holds no worker timeout" no_worker_timeouts
