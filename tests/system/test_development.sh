# The development stack, started with the tutorial's own command where it is installed.

# dev_up COMPOSE-COMMAND...: docker-compose.yml up and healthy, under this run's name and port.
dev_up() { "$@" -f docker-compose.yml -p "$DEV_PROJECT" up --detach --wait; }

if command -v docker-compose >/dev/null 2>&1; then
  check "docker-compose up, the tutorial's command: db and web healthy" dev_up docker-compose
else
  if [ "${CI:-}" = true ]; then
    check "docker-compose is installed: CI=true requires the tutorial's command to be tested" false
  else
    skip "docker-compose up, the tutorial's command" "no docker-compose here; docker compose up runs the same file"
  fi
  check "docker compose up: db and web healthy" dev_up docker compose
fi

serves_the_home_page() { dev exec -T web wget -q -O - http://127.0.0.1:8000/ | grep -q 'It works'; }
check "runserver serves the home page from the migrated database" serves_the_home_page
