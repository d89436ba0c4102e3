# The development stack, started with the tutorial's own command where it is installed.
# shellcheck shell=sh

# dev_up COMPOSE-COMMAND...: docker-compose.yml up and healthy, under this run's name and port.
dev_up() { "$@" -f docker-compose.yml -p "$DEV_PROJECT" up --detach --wait; }

if command -v docker-compose >/dev/null 2>&1; then
  check "docker-compose up, the tutorial's command: db, web and the worker healthy" dev_up docker-compose
else
  if [ "${CI:-}" = true ]; then
    check "docker-compose is installed: CI=true requires the tutorial's command to be tested" false
  else
    skip "docker-compose up, the tutorial's command" "no docker-compose here; docker compose up runs the same file"
  fi
  check "docker compose up: db, web and the worker healthy" dev_up docker compose
fi

serves_from_the_migrated_database() {
  dev exec -T web python manage.py migrate --check &&
    dev exec -T web wget -q -O /dev/null http://127.0.0.1:8000/admin/login/ &&
    dev exec -T web wget -q -O - http://127.0.0.1:8000/health/ready/ | grep -qF '"database": "ok"'
}
check "runserver serves pages, and the database has every migration" serves_from_the_migrated_database

# The image's health check polls /health/live/ from inside the container; runserver's
# log leaves it out and keeps the requests a developer makes.
logged_the_request() { dev logs --no-log-prefix web >"$WORK/dev.log" 2>&1 && grep -q 'GET /admin/login/?from=developer' "$WORK/dev.log"; }
log_shows_requests_not_health_checks() {
  dev exec -T web wget -q -O /dev/null 'http://127.0.0.1:8000/admin/login/?from=developer' || return 1
  checks=$(docker inspect --format '{{len .State.Health.Log}}' "$(dev ps -q web)")
  wait_until 10 logged_the_request
  echo "health checks run: $checks"
  grep -E 'GET /(admin/login|health)/' "$WORK/dev.log"
  [ "$checks" -ge 1 ] && grep -q '"GET /admin/login/?from=developer HTTP/1.1" 200' "$WORK/dev.log" && ! grep -q 'GET /health/live/' "$WORK/dev.log"
}
check "runserver's log shows a developer's request, and none of the health checks" log_shows_requests_not_health_checks
