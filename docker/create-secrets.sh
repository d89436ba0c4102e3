#!/bin/sh
# Writes the production secrets, one file each, into ./secrets, for
# docker-compose.prod.yml. Run it in a container, where it is root (docs/production.md):
#   docker run --rm -v "$PWD:/project" -w /project python:3.14-alpine sh docker/create-secrets.sh
# A file that exists is kept. A secret given in the environment (docker run --env-file
# .env, to move secrets out of .env) is written as it is; any other is made up.
# Compose mounts each file into the containers as it is, with its owner and mode:
# each is owned by uid 10001, the user web and migrate run as, and readable by it
# alone (0600). The database's entrypoint runs as root and reads them too.
set -eu
umask 077
mkdir -p secrets

for name in DJANGO_SECRET_KEY POSTGRES_PASSWORD POSTGRES_WEB_PASSWORD DJANGO_SECRET_KEY_FALLBACKS; do
  file=secrets/$(echo "$name" | tr '[:upper:]' '[:lower:]')
  [ ! -e "$file" ] || continue
  eval "value=\${$name:-}"
  # Hex: safe in a URL and in any shell. The fallbacks start empty (docs/configuration.md).
  if [ -z "$value" ] && [ "$name" != DJANGO_SECRET_KEY_FALLBACKS ]; then
    value=$(python -c 'import secrets; print(secrets.token_hex(32))')
  fi
  printf '%s\n' "$value" >"$file"
  echo "wrote $file"
done

chown 10001:10001 secrets/*
chmod 0600 secrets/*
# The directory stays its parent's owner's (yours), closed to everyone else.
chown "$(stat -c %u:%g .)" secrets
chmod 0700 secrets
