# The production stack from empty volumes, and the HTTP tests against it: what a browser
# meets through Caddy, on every site built on the template, whatever its pages are.
# shellcheck shell=sh

check "the stack comes up from empty volumes, migrated and healthy" stack up --detach --wait
step "create the superuser the HTTP tests log in as" create_superuser
# shellcheck disable=SC2034 # read by needs_production_stack (tests/system/lib.sh)
[ -n "$stopped_by" ] || PRODUCTION_STACK_READY=1
check "over HTTPS: a page, the redirect, static files, 404, 400, 403, headers, cookies, the admin login" \
  http_tests pytest -q test_running_stack.py
