#!/bin/sh
# The database's entrypoint in production: runs as root, then runs the
# image's own, or the command it is given (docker/db/roles.sh, run by hand).
# It reads the two passwords from their secret files, which belong to uid 10001,
# here as root, for the image's entrypoint (the official one reads
# POSTGRES_PASSWORD_FILE as root too, but not every build of it does) and for
# docker/db/roles.sh, which both go on as the postgres user.
set -eu
for name in POSTGRES_PASSWORD POSTGRES_WEB_PASSWORD; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    value=$(cat "$file")
    export "$name=$value"
    unset "${name}_FILE"
  fi
done
exec docker-entrypoint.sh "$@"
