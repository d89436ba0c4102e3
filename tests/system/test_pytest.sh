# pytest in the dev image's own /code, the code baked into the image, not the working
# tree, against the development stack's PostgreSQL: pages render with the static files
# the image collected, as in production. The image holds no compose file, so the
# database's expected major comes in from the development stack's db image tag.
# shellcheck shell=sh

needs_dev_database
# pytest's own report goes to the screen (descriptor 3), as it runs; check counts its outcome.
exec 3>&1
pytest_in_the_dev_image() {
  docker run --rm --network "${DEV_PROJECT}_default" -e DJANGO_DEBUG=1 -e EXPECTED_POSTGRES_MAJOR="$(postgres_major dev)" \
    -e DATABASE_URL=postgres://app:development-only@db:5432/app "$DEV_IMAGE" pytest >&3 2>&1
}
check "pytest in the dev image's own /code" pytest_in_the_dev_image
