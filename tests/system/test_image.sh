# The production image: the layers the tests ran on, production settings, nothing extra inside.
# shellcheck shell=sh

layers() { docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" | grep .; }
production_layers_start_the_dev_image() {
  layers "$PROD_IMAGE" >"$WORK/prod-layers"
  layers "$DEV_IMAGE" | head -n "$(wc -l <"$WORK/prod-layers")" >"$WORK/dev-layers"
  [ -s "$WORK/prod-layers" ] && cmp "$WORK/prod-layers" "$WORK/dev-layers"
}
check "every production layer is a layer of the dev image pytest ran in, in order" production_layers_start_the_dev_image

check "the production image holds the lock's default packages (and the base image's pip), every command they install on PATH" \
  exits_with 0 'as locked in default; every command they install is on PATH' \
  docker run --rm "$PROD_IMAGE" python -m tests.installed default

deploy_check() { production --rm "$@" "$PROD_IMAGE" python manage.py check --deploy --fail-level WARNING; }
check "check --deploy passes with production settings" exits_with 0 'no issues' deploy_check
check "check --deploy fails with DJANGO_DEBUG=1, on security.W018" exits_with 1 'security.W018' deploy_check -e DJANGO_DEBUG=1
check "check --deploy fails with a weak secret key, on security.W009" \
  exits_with 1 'security.W009' deploy_check -e DJANGO_SECRET_KEY=password123
check "gunicorn --check-config passes" \
  production --rm "$PROD_IMAGE" gunicorn --config config/gunicorn.py --check-config config.wsgi

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
check "no .git, .env or pipenv in the image" exits_with 0 '^clean$' \
  docker run --rm "$PROD_IMAGE" sh -c '[ ! -e /code/.git ] && [ ! -e /code/.env ] && ! command -v pipenv && echo clean'
check "no compiler in the image" exits_with 0 '^clean$' \
  docker run --rm "$PROD_IMAGE" sh -c '! command -v gcc && ! command -v cc && ! command -v clang && echo clean'

has_healthcheck() { docker image inspect --format '{{.Config.Healthcheck.Test}}' "$PROD_IMAGE" | grep -q health/live; }
check "the image has a HEALTHCHECK on the liveness endpoint" has_healthcheck

# The files plant_local_files put in the checkout before the build: a backup, a dump, a stray .env.
local_files_not_in_the_image() {
  # shellcheck disable=SC2086  # one word per file
  docker run --rm "$PROD_IMAGE" sh -c 'cd /code && for file in "$@"; do [ ! -e "$file" ] || echo "in the image: $file"; done; echo checked' \
    sh $LOCAL_FILES >"$WORK/in-image"
  cat "$WORK/in-image"
  [ "$(cat "$WORK/in-image")" = checked ]
}
check "secrets, backups, dumps and .env files in the checkout stay out of the image" local_files_not_in_the_image

# shellcheck disable=SC2086  # one word per file
local_files_not_in_git() { status=$(git status --porcelain --untracked-files=all -- $LOCAL_FILES) && echo "$status" && [ -z "$status" ]; }
if git rev-parse --git-dir >/dev/null 2>&1; then
  check "secrets, backups, dumps and .env files in the checkout stay out of git status" local_files_not_in_git
else
  skip "secrets, backups, dumps and .env files stay out of git status" "not a git checkout"
fi
