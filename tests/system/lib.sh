# shellcheck shell=sh
# Shared by tests/run and the suites it sources: the stacks, the images, checks.
# Sourced from the project's top directory.

# A compose project, ports and volumes of its own: the user's stacks are never touched.
STACK_NAME=systemtest
HTTP_PORT=${SYSTEM_TEST_HTTP_PORT:-28080}
HTTPS_PORT=${SYSTEM_TEST_HTTPS_PORT:-28443}
# Several names, as a site with and without www has them.
SITE_ADDRESS=localhost,example.com,www.example.com
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

# production DOCKER-RUN-ARGS...: the production image run alone, with a production environment.
production() {
  docker run -e DJANGO_SECRET_KEY -e DATABASE_URL=postgres://app:unused@db:5432/app \
    -e DJANGO_ALLOWED_HOSTS=localhost "$@"
}
export DJANGO_SECRET_KEY

# The HTTP tests in tests/system/http, run in the dev image inside the proxy's network
# namespace, where https://localhost:$HTTPS_PORT is Caddy: no host networking needed.
http_tests() {
  docker run --rm --network "container:$(stack ps -q proxy)" -e DJANGO_DEBUG=1 \
    -e BASE_URL="https://localhost:$HTTPS_PORT" -e HTTP_URL="http://localhost:$HTTP_PORT" \
    -e CADDY_ROOT_CERT="$(stack exec -T proxy cat /data/caddy/pki/authorities/local/root.crt)" \
    -e ADMIN_USERNAME="$ADMIN_USERNAME" -e ADMIN_PASSWORD="$ADMIN_PASSWORD" -e SITE_ADDRESS="$SITE_ADDRESS" \
    -w /code/tests/system/http "$DEV_IMAGE" "$@"
}

# Files that must reach neither the image nor git: planted in the checkout before the
# images are built, looked for by the image suite, removed by cleanup.
LOCAL_FILES="backups/systemtest.dump systemtest.sql .env.systemtest"
plant_local_files() {
  [ -d backups ] || { mkdir backups && PLANTED_BACKUPS_DIR=yes; }
  for file in $LOCAL_FILES; do echo "planted by tests/run" >"$file"; done
}

cleanup() {
  # shellcheck disable=SC2086  # one word per file
  rm -f $LOCAL_FILES
  [ -z "${PLANTED_BACKUPS_DIR:-}" ] || rmdir backups 2>/dev/null || true
  docker rm --force "$PROJECT-old-db" >/dev/null 2>&1 || true
  [ -z "${OWNER_PROJECT:-}" ] || stop_watching
  stack down --volumes --remove-orphans >/dev/null 2>&1 || true
  dev down --volumes --remove-orphans >/dev/null 2>&1 || true
  docker image rm "$PROD_IMAGE" "$PROJECT-migrate" "$DEV_IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
