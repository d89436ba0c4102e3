# The production stack from an empty volume: healthy, hardened, right over HTTPS, steady under load.

check "the stack comes up from empty volumes, migrated and healthy" stack up --detach --wait

web_is_hardened() {
  config=$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}}' "$(stack ps -q web)")
  echo "$config"
  [ "$config" = "true [ALL] [no-new-privileges:true]" ] && stack exec -T web sh -c '! touch /code/written 2>/dev/null'
}
check "web runs read-only, with no capabilities and no new privileges" web_is_hardened

gunicorn_is_pid_1() { stack exec -T web cat /proc/1/cmdline | tr '\0' ' ' | grep 'bin/gunicorn '; }
check "gunicorn is PID 1" gunicorn_is_pid_1
check "makemigrations --check: the models match the migrations" \
  stack run --rm --no-deps web python manage.py makemigrations --check --dry-run

check "a superuser is created with manage.py" stack exec -T -e DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" web \
  python manage.py createsuperuser --noinput --username "$ADMIN_USERNAME" --email admin@example.com
check "over HTTPS: pages, redirect, static files, 404, 400, 403, headers, cookies, admin login" \
  http_tests pytest -q test_running_stack.py

load_smoke() { http_tests python load.py 32 10 / >"$WORK/load"; }
check "load: 32 connections for 10 s, every answer 2xx" load_smoke
sed 's/^/     /' "$WORK/load"
worker_timeouts() { stack logs web | grep 'WORKER TIMEOUT'; }
check "no worker timeouts in web's log" fails worker_timeouts
