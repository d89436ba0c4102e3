# The production stack from empty volumes, and the HTTP tests against it: what a browser
# meets through Caddy, on every site built on the template, whatever its pages are.
# shellcheck shell=sh

check "the stack comes up from empty volumes, migrated and healthy" stack up --detach --wait
step "create the superuser the HTTP tests log in as" create_superuser
# shellcheck disable=SC2034 # read by needs_production_stack (tests/system/lib.sh)
[ -n "$stopped_by" ] || PRODUCTION_STACK_READY=1
check "over HTTPS: a page, the redirect, static files, 404, 400, 403, headers, cookies, the admin login" \
  http_tests pytest -q test_running_stack.py

# Opening the site as docs/production.md says, PUBLISH_ADDRESS= (empty), then the default
# again: docker port lists what Docker published. The host has IPv6 where Docker's own network
# namespace, where the ports are published, holds an IPv6 address.
# host_ipv6 FILE: the host's IPv6 addresses into FILE (empty without IPv6, or with it turned off
# in the kernel), as a container on the host's network sees them; fails if docker cannot tell.
host_ipv6() { docker run --rm --network host "$BASE_IMAGE" sh -c 'cat /proc/net/if_inet6 2>/dev/null; true' >"$1"; }
# published_with [VARIABLE=VALUE]: the proxy recreated with that setting too; its ports, from docker port.
published_with() {
  printf '%s\n' "$@" >"$WORK/publish.env"
  stack --env-file "$WORK/publish.env" up --detach --wait --no-deps proxy >/dev/null 2>&1 &&
    docker port "$(stack ps -q proxy)" | sort >"$WORK/ports" &&
    cat "$WORK/ports"
}
published_on() { grep -qE -- "-> $1:$2\$" "$WORK/ports"; }
site_answers() {
  http_tests python -c 'import os, sys; from client import Client; sys.exit(Client(os.environ["BASE_URL"]).get("/health/ready/").status != 200)'
}
open_to_the_network() {
  published_with PUBLISH_ADDRESS= || return 1
  host_ipv6 "$WORK/ipv6" || return 1
  if [ -s "$WORK/ipv6" ]; then ipv6=yes; else ipv6=no; fi
  echo "the host has IPv6: $ipv6"
  for port in "$HTTP_PORT" "$HTTPS_PORT"; do
    published_on 0.0.0.0 "$port" || return 1
    [ "$ipv6" = no ] || published_on '(\[::\]|::)' "$port" || return 1
  done
  wait_until 30 site_answers
}
check "PUBLISH_ADDRESS= (empty): both ports on every IPv4 address, and IPv6 where the host has it" open_to_the_network
kept_on_this_machine() {
  published_with && [ "$(wc -l <"$WORK/ports")" -eq 2 ] &&
    published_on 127.0.0.1 "$HTTP_PORT" && published_on 127.0.0.1 "$HTTPS_PORT" && wait_until 30 site_answers
}
check "PUBLISH_ADDRESS unset: both ports on 127.0.0.1 only, the site answering again" kept_on_this_machine
