#!/bin/sh
# The database's entrypoint in the production stacks: runs as root, then runs the
# image's own. It reads the two passwords from their secret files here, as root,
# because the files belong to uid 10001 and the image's entrypoint goes on as the
# postgres user, as does config/database-roles.sh.
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
