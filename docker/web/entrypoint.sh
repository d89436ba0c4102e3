#!/bin/sh
# The image's entrypoint. Gunicorn parses WEB_CONCURRENCY when it is imported,
# before config/gunicorn.py or any other project code runs, and a bad value
# would end in its traceback: check it here, then run the command as PID 1.
set -eu

refuse() {
  echo "Configuration error: WEB_CONCURRENCY must be a whole number of 1 or more, not '$WEB_CONCURRENCY'" >&2
  exit 1
}

case ${WEB_CONCURRENCY:-} in
  "") unset WEB_CONCURRENCY ;; # empty means the default, as for every other setting
  *[!0-9]*) refuse ;;
  *[1-9]*) ;;
  *) refuse ;; # zero
esac

exec "$@"
