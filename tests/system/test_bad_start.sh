# Bad input at start: one line naming the problem, exit status 1, no traceback.
# shellcheck shell=sh

check "no DJANGO_SECRET_KEY: one line naming it" \
  one_line_error '^Configuration error: DJANGO_SECRET_KEY is required' -e DJANGO_SECRET_KEY=
check "a malformed DATABASE_URL: one line saying what it should look like" \
  one_line_error '^Configuration error: DATABASE_URL must look like postgres://' -e DATABASE_URL=postgres//db/app
check "WEB_CONCURRENCY=0: one line naming it" \
  one_line_error "^Configuration error: WEB_CONCURRENCY must be a whole number of 1 or more, not '0'" -e WEB_CONCURRENCY=0
check "WEB_CONCURRENCY=abc, which gunicorn itself parses: one line naming it" \
  one_line_error "^Configuration error: WEB_CONCURRENCY must be a whole number of 1 or more, not 'abc'" -e WEB_CONCURRENCY=abc

database_never_up() {
  one_line_error '^Database error: 127.0.0.1:9 did not answer within 3 s' \
    -e DATABASE_URL=postgres://app:unused@127.0.0.1:9/app -e DJANGO_DATABASE_WAIT_SECONDS=3 &&
    grep -q '^Waiting for the database at 127.0.0.1:9: ' "$WORK/start"
}
check "a database that never comes up: waits 3 s, saying why, then one line" database_never_up

# Compose mounts a secret file as it is: one that another user owns, mode 0600, cannot be
# read by web's user, 10001 (docker/create-secrets.sh makes them 10001's).
someone_elses_secret() {
  docker run --rm -v "$WORK:/work" "$BASE_IMAGE" sh -c \
    'cp /work/secrets/django_secret_key /work/foreign && chown 4321:4321 /work/foreign && chmod 0600 /work/foreign' &&
    one_line_error '^Configuration error: DJANGO_SECRET_KEY_FILE names /run/secrets/django_secret_key, which cannot be read: Permission denied' \
      -e DJANGO_SECRET_KEY= -e DJANGO_SECRET_KEY_FILE=/run/secrets/django_secret_key \
      -v "$WORK/foreign:/run/secrets/django_secret_key:ro"
}
check "a secret file owned by uid 4321, mode 0600: one line naming it, unreadable" someone_elses_secret
