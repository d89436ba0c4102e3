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

# A database stopped and started again while web waits for its migrations, as a deploy
# that updates both may do: web says it waits for the database again, and starts once
# the migrations are applied.
# waits_for_the_database: how many times the waiting web said it waits for the database.
waits_for_the_database() { grep -c '^Waiting for the database' "$WORK/waiter" || true; }
waited_for_the_database_again() { in_the_log . && [ "$(waits_for_the_database)" -gt "$before" ]; }
outlives_a_database_restart() {
  stack exec -T db createdb --username app restarted || return 1
  url="postgres://app:$POSTGRES_PASSWORD@db:5432/restarted"
  waiter=$(production --detach --network "${PROJECT}_database" -e DJANGO_DATABASE_WAIT_SECONDS=60 -e DATABASE_URL="$url" "$PROD_IMAGE")
  wait_until 30 in_the_log '^Waiting for migrations' && before=$(waits_for_the_database) &&
    stack stop db >/dev/null 2>&1 && wait_until 30 waited_for_the_database_again &&
    stack up --detach --wait db >/dev/null 2>&1 &&
    production --rm --network "${PROJECT}_database" -e DATABASE_URL="$url" "$PROD_IMAGE" python manage.py migrate --noinput >/dev/null &&
    wait_until 30 in_the_log 'Booting worker'
  status=$?
  in_the_log .
  running=$(docker inspect --format '{{.State.Running}}' "$waiter")
  docker rm --force "$waiter" >/dev/null
  stack up --detach --wait db >/dev/null 2>&1 # whatever failed, the stack has its database again
  stack exec -T db dropdb --username app restarted
  grep -v '^Waiting for migrations' "$WORK/waiter" | tail -n 12
  after=$(waits_for_the_database)
  echo "waited for the database ${before:-?} times before the restart, $after in all; running: $running"
  [ "$status" -eq 0 ] && [ "$after" -gt "${before:-0}" ] && [ "$running" = true ] && grep -q 'Booting worker' "$WORK/waiter" &&
    ! grep -q Traceback "$WORK/waiter"
}
check "a database stopped while web waits for its migrations: web waits for it again, then starts" \
  outlives_a_database_restart

stop_while_waiting_for_migrations() {
  stack exec -T db createdb --username app waiting &&
    stops_at_once_while '^Waiting for migrations' --network "${PROJECT}_database" -e DJANGO_DATABASE_WAIT_SECONDS=60 \
      -e DATABASE_URL="postgres://app:$POSTGRES_PASSWORD@db:5432/waiting"
  status=$?
  stack exec -T db dropdb --username app waiting
  return $status
}
check "docker stop of a web waiting for its migrations: stopped within 1 s, exit status 0" stop_while_waiting_for_migrations
check "docker stop of a web waiting for the database: stopped within 1 s, exit status 0" \
  stops_at_once_while '^Waiting for the database' -e DATABASE_URL=postgres://app:unused@127.0.0.1:9/app -e DJANGO_DATABASE_WAIT_SECONDS=60

# The running server, asked from outside, against the stack file's db image tag.
server_is_the_tags_major() {
  expected=$(postgres_major stack)
  version=$(stack exec -T db psql --username app --dbname app --tuples-only --no-align --command 'SHOW server_version_num')
  echo "the db image tag names PostgreSQL ${expected:-no major}; the server's version is ${version:-unknown}"
  [ -n "$expected" ] && [ -n "$version" ] && [ "$((version / 10000))" -eq "$expected" ]
}
check "db runs the PostgreSQL major its image tag names" server_is_the_tags_major

# Another worker class, chosen on purpose (config/gunicorn.py's SIGTERM handling is gthread's):
# gunicorn starts its workers, after one warning line saying what that gives up.
other_worker_class() {
  other=$(production --detach --network "${PROJECT}_database" -e DATABASE_URL="postgres://app:$POSTGRES_PASSWORD@db:5432/app" \
    -e GUNICORN_CMD_ARGS="--worker-class=sync --threads=1" "$PROD_IMAGE")
  wait_until 30 sh -c "docker logs $other 2>&1 | grep -q 'Booting worker'"
  docker logs "$other" >"$WORK/other" 2>&1
  docker rm --force "$other" >/dev/null
  cat "$WORK/other"
  [ "$(grep -c 'WARNING.*Worker class sync: ' "$WORK/other")" -eq 1 ] && grep -q 'Booting worker' "$WORK/other" &&
    ! grep -q Traceback "$WORK/other"
}
check "gunicorn with another worker class: it starts, with one warning line" other_worker_class

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
