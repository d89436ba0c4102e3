#!/bin/sh
# The proxy's entrypoint in production: starts Caddy. SITE_ADDRESS names the site's hosts
# with commas, as DJANGO_ALLOWED_HOSTS does; Caddy wants them as a list, each
# with the HTTPS port, so that its HTTP redirect names that port when it is not 443.
set -eu

addresses=""
# shellcheck disable=SC2153 # SITE_ADDRESS comes from the environment
for name in $(echo "$SITE_ADDRESS" | tr ',' ' '); do
  addresses="$addresses $name:$HTTPS_PORT,"
done
SITE_ADDRESSES=${addresses%,}
export SITE_ADDRESSES

exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile
