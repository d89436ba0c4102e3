# The production image: the layers the tests ran on, production settings, nothing extra inside.
# shellcheck shell=sh

layers() { docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" | grep .; }
production_layers_start_the_dev_image() {
  layers "$PROD_IMAGE" >"$WORK/prod-layers"
  layers "$DEV_IMAGE" | head -n "$(wc -l <"$WORK/prod-layers")" >"$WORK/dev-layers"
  [ -s "$WORK/prod-layers" ] && cmp "$WORK/prod-layers" "$WORK/dev-layers"
}
check "every production layer is a layer of the dev image pytest ran in, in order" production_layers_start_the_dev_image
# A build with no cache, as a benchmark's cold builds are, leaves other cache records for the
# same steps: built again after it, the two images must still share every production layer.
shared_after_a_cold_build() {
  (cd "$BUILT_FROM" && docker build --no-cache --quiet --tag "$PROJECT-cold" . >/dev/null) &&
    docker image rm "$PROJECT-cold" >/dev/null && build_on_production && production_layers_start_the_dev_image
}
check "after a build with no cache, both images built again still share every production layer" shared_after_a_cold_build

check "the production image holds the lock's default packages (and the base image's pip), every command they install on PATH" \
  exits_with 0 'as locked in default; every command they install is on PATH' \
  docker run --rm -v "$PWD/tests/installed.py:/tmp/installed.py:ro" "$PROD_IMAGE" python /tmp/installed.py default

deploy_check() { production --rm "$@" "$PROD_IMAGE" python manage.py check --deploy --fail-level WARNING; }
check "check --deploy passes with production settings" exits_with 0 'no issues' deploy_check
check "check --deploy fails with DJANGO_DEBUG=1, on security.W018" exits_with 1 'security.W018' deploy_check -e DJANGO_DEBUG=1
check "check --deploy fails with a weak secret key, on security.W009" \
  exits_with 1 'security.W009' deploy_check -e DJANGO_SECRET_KEY=password123
check "gunicorn --check-config passes" \
  production --rm "$PROD_IMAGE" gunicorn --config config/gunicorn.py --check-config config.wsgi

# Gunicorn's worker count, by config/gunicorn.py's rule and with its constants: a worker per CPU,
# the CPU limit rounded down; at most as many as fit in the memory limit at 40 MB each beside a
# 40 MB master; at most 80 database connections / 4 threads = 20; at least 1.
smallest() { printf '%s\n' "$@" | sort -n | head -n 1; }
fit_in_memory() { echo $((($1 - 40) / 40)); }
workers_are() {
  expected=$1
  shift
  workers=$(docker run --rm "$@" "$PROD_IMAGE" python -c 'import config.gunicorn as g; print(g.workers)')
  echo "workers: $workers, expected $expected"
  [ "$workers" = "$expected" ]
}
CPUS=$(docker run --rm "$PROD_IMAGE" nproc)
check "with no limit, a gunicorn worker per CPU ($CPUS), 20 at most" workers_are "$(smallest "$CPUS" 20)"
check "with --cpus 1.5, 1 worker: the limit rounded down" workers_are 1 --cpus 1.5
check "with --memory 256m, the workers that fit: $(fit_in_memory 256) at most" \
  workers_are "$(smallest "$CPUS" 20 "$(fit_in_memory 256)")" --memory 256m
check "with --memory 100m, 1 worker" workers_are "$(smallest "$CPUS" 20 "$(fit_in_memory 100)")" --memory 100m
check "with web's 768M of the production stacks, $(fit_in_memory 768) workers at most" \
  workers_are "$(smallest "$CPUS" 20 "$(fit_in_memory 768)")" --memory 768m
check "WEB_CONCURRENCY is taken as is, whatever the limits" workers_are 3 -e WEB_CONCURRENCY=3 --cpus 1 --memory 100m

runs_as_the_app_user() {
  uid=$(docker run --rm "$PROD_IMAGE" id -u)
  echo "uid: '$uid'"
  [ "$uid" = 10001 ]
}
check "the image runs as the unprivileged user app (uid 10001)" runs_as_the_app_user

no_secrets_in_image() {
  history=$(docker history --no-trunc --format '{{.CreatedBy}}' "$PROD_IMAGE") &&
    environment=$(docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$PROD_IMAGE") &&
    echo "$history" | grep -q 'collectstatic' && echo "$environment" | grep -q '^PATH=' &&
    ! echo "$history" | grep -E 'SECRET_KEY=|PASSWORD=|DATABASE_URL=' &&
    ! echo "$environment" | grep -E 'SECRET|PASSWORD|DATABASE_URL'
}
check "no secret in the image's history or environment" no_secrets_in_image
check "no .git, .env, tests or pipenv in the image" exits_with 0 '^clean$' \
  docker run --rm "$PROD_IMAGE" sh -c '[ -e /code/manage.py ] && [ ! -e /code/.git ] && [ ! -e /code/.env ] && [ ! -e /code/tests ] && ! command -v pipenv && echo clean'
check "no compiler in the image" exits_with 0 '^clean$' \
  docker run --rm "$PROD_IMAGE" sh -c '! command -v gcc && ! command -v cc && ! command -v clang && echo clean'

has_healthcheck() { docker image inspect --format '{{.Config.Healthcheck.Test}}' "$PROD_IMAGE" | grep -q health/live; }
check "the image has a HEALTHCHECK on the liveness endpoint" has_healthcheck

# The files plant_local_files put in the copy both images were built from: a valid .env
# and another, a backup, a dump, a secret unreadable to you, an upload.
local_files_not_in_the_image() {
  # shellcheck disable=SC2086  # one word per file
  docker run --rm "$PROD_IMAGE" sh -c 'cd /code && for file in "$@"; do [ ! -e "$file" ] || echo "in the image: $file"; done; echo checked' \
    sh $LOCAL_FILES >"$WORK/in-image"
  cat "$WORK/in-image"
  # The copy held them all when it was built from.
  for file in $LOCAL_FILES; do [ -e "$BUILT_FROM/$file" ] || { echo "not planted: $file"; return 1; }; done
  [ "$(cat "$WORK/in-image")" = checked ]
}
check "secrets, backups, dumps, uploads and .env files in the checkout stay out of the image" local_files_not_in_the_image

# Asked of your checkout's ignore rules, for the same paths, without writing them there.
# shellcheck disable=SC2086  # one word per file
local_files_ignored_by_git() { git check-ignore --no-index --verbose $LOCAL_FILES && [ "$(git check-ignore --no-index $LOCAL_FILES | wc -l)" -eq "$(echo $LOCAL_FILES | wc -w)" ]; }
if git rev-parse --git-dir >/dev/null 2>&1; then
  check "secrets, backups, dumps, uploads and .env files stay out of git (.gitignore)" local_files_ignored_by_git
else
  skip "secrets, backups, dumps, uploads and .env files stay out of git" "not a git checkout"
fi
