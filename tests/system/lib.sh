# Shared by the system tests: their stack, the images, checks.
# Sourced by tests/system/run, from the project's top directory.

# A compose project, ports and volumes of its own: the development stack is never touched.
STACK_NAME=systemtest
HTTP_PORT=${SYSTEM_TEST_HTTP_PORT:-28080}
HTTPS_PORT=${SYSTEM_TEST_HTTPS_PORT:-28443}
. tests/system/stack.sh
PROD_IMAGE="$PROJECT-web"
DEV_IMAGE="$PROJECT-dev"
ADMIN_USERNAME=admin
ADMIN_PASSWORD=$(random_hex 12)

# production DOCKER-RUN-ARGS...: the production image run alone, with a production environment.
production() {
  docker run -e DJANGO_SECRET_KEY -e DATABASE_URL=postgres://app:unused@db:5432/app \
    -e DJANGO_ALLOWED_HOSTS=localhost "$@"
}
export DJANGO_SECRET_KEY

# The HTTP tests in tests/system/http, run in the dev image on this host's network.
http_tests() {
  docker run --rm --network host -e DJANGO_DEBUG=1 \
    -e BASE_URL="https://localhost:$HTTPS_PORT" -e HTTP_URL="http://localhost:$HTTP_PORT" \
    -e CADDY_ROOT_CERT="$(stack exec -T proxy cat /data/caddy/pki/authorities/local/root.crt)" \
    -e ADMIN_USERNAME="$ADMIN_USERNAME" -e ADMIN_PASSWORD="$ADMIN_PASSWORD" \
    -w /code/tests/system/http "$DEV_IMAGE" "$@"
}

passed=0
failed=0

# check DESCRIPTION COMMAND...: a check passes when COMMAND exits 0; its output shows when it fails.
check() {
  description=$1
  shift
  if "$@" >"$WORK/output" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $description"
  else
    failed=$((failed + 1))
    echo "FAIL $description"
    tail -n 30 "$WORK/output" | sed 's/^/     /'
  fi
}

fails() { ! "$@"; }

cleanup() {
  stack down --volumes --remove-orphans >/dev/null 2>&1 || true
  docker image rm "$DEV_IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}

summary() {
  echo
  echo "system tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
