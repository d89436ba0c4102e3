# The production image: the layers the tests ran on, production settings, nothing extra inside.

layers() { docker image inspect --format '{{range .RootFS.Layers}}{{println .}}{{end}}' "$1" | grep .; }
production_layers_start_the_dev_image() {
  layers "$PROD_IMAGE" >"$WORK/prod-layers"
  layers "$DEV_IMAGE" | head -n "$(wc -l <"$WORK/prod-layers")" >"$WORK/dev-layers"
  [ -s "$WORK/prod-layers" ] && cmp "$WORK/prod-layers" "$WORK/dev-layers"
}
check "every production layer is a layer of the tested dev image, in order" production_layers_start_the_dev_image

deploy_check() { production --rm "$@" "$PROD_IMAGE" python manage.py check --deploy --fail-level WARNING; }
check "check --deploy passes with production settings" deploy_check
check "check --deploy fails with DJANGO_DEBUG=1" fails deploy_check -e DJANGO_DEBUG=1
check "check --deploy fails with a weak secret key" fails deploy_check -e DJANGO_SECRET_KEY=password123
check "gunicorn --check-config passes" \
  production --rm "$PROD_IMAGE" gunicorn --config config/gunicorn.py --check-config config.wsgi

runs_as_non_root() { [ "$(docker run --rm "$PROD_IMAGE" id -u)" != 0 ]; }
check "the image runs as a non-root user" runs_as_non_root

no_secrets_in_image() {
  ! docker history --no-trunc --format '{{.CreatedBy}}' "$PROD_IMAGE" | grep -E 'SECRET_KEY=|PASSWORD=|DATABASE_URL=' &&
    ! docker image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$PROD_IMAGE" | grep -E 'SECRET|PASSWORD|DATABASE_URL'
}
check "no secret in the image's history or environment" no_secrets_in_image
check "no .git, .env or pipenv in the image" \
  docker run --rm "$PROD_IMAGE" sh -c '[ ! -e /code/.git ] && [ ! -e /code/.env ] && ! command -v pipenv'
check "no compiler in the image" \
  docker run --rm "$PROD_IMAGE" sh -c '! command -v gcc && ! command -v cc && ! command -v clang'

has_healthcheck() { docker image inspect --format '{{.Config.Healthcheck.Test}}' "$PROD_IMAGE" | grep -q health/live; }
check "the image has a HEALTHCHECK on the liveness endpoint" has_healthcheck
