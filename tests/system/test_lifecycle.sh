# Stops, restarts and losses cost nothing they need not: graceful stops, the data kept, backups
# that restore, a web stopped or killed under traffic, a lost DNS packet.
# shellcheck shell=sh

needs_production_stack

user_exists() {
  answer=$(stack exec -T web python manage.py shell --no-imports -c \
    "from accounts.models import User; print(User.objects.filter(username='$1').exists())")
  [ "$answer" = True ]
}
state() { docker inspect --format "$1" "$(stack ps --all -q "$2")"; }
ready() { stack exec -T web wget -q -O /dev/null http://127.0.0.1:8000/health/ready/; }

stop_web_gracefully() {
  started=$(date +%s)
  stack stop web
  seconds=$(($(date +%s) - started))
  echo "stop took $seconds s, exit code $(state '{{.State.ExitCode}}' web)"
  [ "$seconds" -lt 5 ] && [ "$(state '{{.State.ExitCode}}' web)" = 0 ] &&
    stack logs web | grep 'Handling signal: term' && stack logs web | grep 'Shutting down: Master'
}
check "stop web: exit code 0 in under 5 s, after gunicorn's graceful shutdown" stop_web_gracefully
check "web starts again, healthy" stack up --detach --wait web

step "stop the stack with docker compose down" stack down
check "up after down: healthy" stack up --detach --wait
check "the superuser row survives down and up" user_exists "$ADMIN_USERNAME"

web_started_at=$(state '{{.State.StartedAt}}' web)
stop_db_cleanly() { stack stop db && stack logs db | grep 'database system is shut down'; }
check "stop db: PostgreSQL shuts down cleanly" stop_db_cleanly
check "with db stopped: the site's 500 page, readiness 503, liveness 200" \
  http_tests pytest -q test_database_down.py
no_crash_recovery() { stack up --detach --wait db && ! stack logs db | grep -E 'not properly shut down|automatic recovery'; }
check "db starts again with no crash recovery" no_crash_recovery
back_to_ready() { wait_until 30 ready && [ "$(state '{{.State.StartedAt}}' web)" = "$web_started_at" ]; }
check "readiness returns to 200 without restarting web" back_to_ready
check "the superuser row survives the db restart" user_exists "$ADMIN_USERNAME"

# The variables in single quotes are the db container's own.
# shellcheck disable=SC2016
backup() {
  stack exec -T db sh -c 'pg_dump --username "$POSTGRES_USER" --format custom "$POSTGRES_DB"' >"$WORK/backup.dump" &&
    [ -s "$WORK/backup.dump" ]
}
check "pg_dump through compose backs the database up" backup
# shellcheck disable=SC2016 # as above
restore_into_a_fresh_volume() {
  stack down &&
    docker volume rm "${PROJECT}_postgres-data" &&
    stack up --detach --wait db &&
    stack exec -T db sh -c 'pg_restore --username "$POSTGRES_USER" --dbname "$POSTGRES_DB"' <"$WORK/backup.dump" &&
    stack up --detach --wait
}
check "the backup restores into a fresh volume" restore_into_a_fresh_volume
check "the restored database holds the superuser row, read through web's own role" user_exists "$ADMIN_USERNAME"
tables_owned_by_the_owner() {
  owners=$(owner_sql "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
  echo "owners: $owners"
  [ "$owners" = app ]
}
check "the restored tables belong to the owner role, app" tables_owned_by_the_owner

# A database volume made before web had a role of its own: one role, app, owning the tables.
old_volume() {
  stack down --volumes &&
    docker run --detach --name "$PROJECT-old-db" -v "${PROJECT}_postgres-data:/var/lib/postgresql" \
      -e POSTGRES_USER=app -e POSTGRES_DB=app -e POSTGRES_PASSWORD="$POSTGRES_PASSWORD" \
      "$(stack config --images | grep postgres)" &&
    wait_until 60 docker exec "$PROJECT-old-db" pg_isready -h 127.0.0.1 -U app -d app &&
    docker stop "$PROJECT-old-db" && docker rm "$PROJECT-old-db" &&
    stack run --rm migrate &&
    stack run --rm -e DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" migrate \
      python manage.py createsuperuser --noinput --username "$ADMIN_USERNAME" --email admin@example.com
}
old_layout() {
  old_volume && count=$(owner_sql "SELECT count(*) FROM pg_roles WHERE rolname = 'web'") &&
    echo "web roles: $count" && [ "$count" = 0 ]
}
check "a volume made in the one-role layout: the tables and a row, no role for web" old_layout
upgrade_old_volume() { stack exec -T db sh /usr/local/lib/database-start.sh sh /docker-entrypoint-initdb.d/database-roles.sh && stack up --detach --wait; }
check "docs/production.md's command brings it to the two-role layout, and web starts on it" upgrade_old_volume
check "the row made before the change, read through web's own role" user_exists "$ADMIN_USERNAME"

# The key rotation of docs/configuration.md, as written there: a new key, the old one its fallback, web
# recreated; a session the old key signed still works, and ends once the fallback goes.
rotate_the_key() {
  docker run --rm -v "$WORK/secrets:/secrets" -w /secrets "$BASE_IMAGE" sh -c \
    'cp django_secret_key django_secret_key_fallbacks && python -c "import secrets; print(secrets.token_hex(32))" > django_secret_key' &&
    stack up -d --wait --force-recreate web >/dev/null 2>&1
}
drop_the_fallback() {
  docker run --rm -v "$WORK/secrets:/secrets" "$BASE_IMAGE" sh -c ': > /secrets/django_secret_key_fallbacks' &&
    stack up -d --wait --force-recreate web >/dev/null 2>&1
}
key_rotation() {
  session=$(http_tests python session.py login) &&
    rotate_the_key && http_tests python session.py check "$session" &&
    drop_the_fallback && exits_with 1 ': 302$' http_tests python session.py check "$session"
}
check "a new secret key: a session the old one signed works while it is the fallback, and ends after" key_rotation

migrate_runs() { stack logs migrate | grep -c 'Operations to perform'; }
# Docker's timestamps trim trailing zeros from the nanoseconds: pad them, so that they sort as text.
sortable() { echo "$1" | sed -E 's/Z$//; s/(:[0-9]{2})$/\1./; s/$/000000000/' | cut -c1-29; }
two_webs_after_one_migrate_run() {
  stack down && stack up --detach --wait --scale web=2 || return 1
  runs=$(migrate_runs)
  migrated_at=$(state '{{.State.FinishedAt}}' migrate)
  echo "migrate ran $runs time(s), finished at $migrated_at; web containers:"
  stack ps web --format '{{.Name}} {{.Health}}'
  [ "$runs" -eq 1 ] && [ "$(stack ps --all -q migrate | wc -l)" -eq 1 ] &&
    [ "$(stack ps web --format '{{.Health}}' | grep -c '^healthy$')" -eq 2 ] &&
    for web in $(stack ps -q web); do
      started_at=$(docker inspect --format '{{.State.StartedAt}}' "$web")
      echo "$web started at $started_at"
      [ "$(printf '%s\n' "$(sortable "$started_at")" "$(sortable "$migrated_at")" | sort | head -n 1)" = "$(sortable "$migrated_at")" ] ||
        return 1
    done
}
check "two web containers start together, after one migrate run" two_webs_after_one_migrate_run

# One host, two web containers: docker stop of one, under browsers' GETs and POSTs.
webs_running() { [ "$(stack ps -q web | wc -l)" -eq "$1" ]; }
stop_one_web_under_traffic() {
  webs_running 2 && start_traffic "$(stack ps -q proxy)" || return 1
  docker stop "$(stack ps -q web | head -n 1)" >/dev/null
  more_traffic 100 20
  sent=$?
  stop_traffic "$(stack ps -q proxy)"
  [ "$sent" -eq 0 ] && webs_running 1 && failed_at_most 0
}
check "with --scale web=2, docker stop of one web under GETs and POSTs fails none" stop_one_web_under_traffic
echo "     $(traffic_report)"

# kill -9 of one: what it was serving is lost, nothing else. The others' requests neither
# wait for its silent address nor fail (traffic.py gives up on any after 2 s).
kill_one_web_under_traffic() {
  stack up --detach --wait --scale web=2 >/dev/null 2>&1 && webs_running 2 && start_traffic "$(stack ps -q proxy)" || return 1
  more_traffic 20 2 || { stop_traffic "$(stack ps -q proxy)"; return 1; }
  docker kill --signal KILL "$(stack ps -q web | head -n 1)" >/dev/null
  killed_at=$(now_ms)
  more_traffic 100 20
  sent=$?
  stop_traffic "$(stack ps -q proxy)"
  [ "$sent" -eq 0 ] && failed_at_most "$TRAFFIC_CONNECTIONS" && sent_before "$killed_at"
}
check "with --scale web=2, kill -9 of one web: only requests in flight on it fail, none waits over 2 s" kill_one_web_under_traffic
echo "     $(traffic_report)"

# Caddy looks web up every second, and requests wait while it asks: a lost packet of Docker's
# DNS server's answer must not hold them for the resolver's 5 s. The first it sends back is
# dropped in the proxy's network namespace, from the Docker host: that takes root (or sudo
# without a password, as on GitHub's runners), nsenter and iptables, on Linux.
if [ "$(id -u)" -eq 0 ]; then as_root=""; else as_root="sudo -n"; fi
# in_proxy_network COMMAND...: COMMAND, as root, in the network namespace $proxy_netns.
# shellcheck disable=SC2086 # $as_root: no word, or two
in_proxy_network() { $as_root nsenter --net="$proxy_netns" "$@"; }
# dns_drops: how many packets from Docker's DNS server the drop rule has dropped.
dns_drops() { in_proxy_network iptables -L INPUT -n -v -x | awk '$8 == "127.0.0.11" { print $1 }'; }
# lose_one_dns_packet: drop what Docker's DNS server sends until one packet is dropped, then no more.
lose_one_dns_packet() {
  in_proxy_network iptables -I INPUT -s 127.0.0.11 -j DROP || return 1
  deadline=$(($(now_ms) + 10000))
  # Every 50 ms (GNU's and busybox's sleep take fractions): the rule must be gone before
  # the kernel sends the packet again, about a second later, or that one is dropped too.
  while [ "$(dns_drops)" = 0 ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
  dropped=$(dns_drops)
  in_proxy_network iptables -D INPUT -s 127.0.0.11 -j DROP || return 1
  echo "dropped $dropped packets from Docker's DNS server"
  [ "$dropped" -gt 0 ]
}
lose_a_dns_packet_under_traffic() {
  proxy_netns=$(docker inspect --format '{{.NetworkSettings.SandboxKey}}' "$(stack ps -q proxy)") || return 1
  start_traffic "$(stack ps -q proxy)" || return 1
  more_traffic 20 2 && lose_one_dns_packet && more_traffic 100 20
  sent=$?
  stop_traffic "$(stack ps -q proxy)"
  [ "$sent" -eq 0 ] && failed_at_most 0
}
# On a Linux engine, network namespaces are under /var/run/docker/netns; elsewhere (Docker
# Desktop, rootless, a remote engine) the check cannot reach the proxy's.
can_drop_dns_packets() {
  { [ -z "$as_root" ] || sudo -n true; } && command -v nsenter && command -v iptables &&
    $as_root test -d /var/run/docker/netns
}
dns_check="a lost packet of Caddy's lookup of web: no page waits over 2 s (a login, 10 s)"
if [ -n "$stopped_by" ] || can_drop_dns_packets >/dev/null 2>&1; then
  check "$dns_check" lose_a_dns_packet_under_traffic
  echo "     $(traffic_report)"
elif [ "${CI:-}" = true ]; then
  check "root, nsenter and iptables on the Docker host: CI=true requires this check to run" false
else
  skip "$dns_check" "needs root (or sudo without a password), nsenter and iptables on the Docker host"
fi
