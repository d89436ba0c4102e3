# The worker on the production stack: it runs once what web enqueues, stays healthy through a
# long task, lets the task in hand finish on docker stop, and loses nothing to a kill -9, a
# stop past its grace period or a database outage: the task runs again. Two workers never
# share one. The tasks are tests/system/probe_tasks.py's, which record each run in probe_runs.
# shellcheck shell=sh

needs_production_stack

TASKS_TABLE=""
find_the_queue() {
  TASKS_TABLE=$(stack exec -T web python manage.py shell --no-imports -c \
    "from django_tasks_db.models import DBTaskResult; print(DBTaskResult._meta.db_table)") &&
    owner_sql "CREATE TABLE IF NOT EXISTS probe_runs (key text PRIMARY KEY, worker text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
}
step "find the queue's table, and create the probe tasks' own" find_the_queue

# enqueue SECONDS KEY...: web enqueues a probe task for each KEY, each sleeping SECONDS, then recording KEY.
enqueue() {
  seconds=$1
  shift
  stack exec -T web python manage.py shell --no-imports -c \
    "from tests.system.probe_tasks import record
for key in '$*'.split(): record.enqueue(key, $seconds)"
}
# task_state KEY: its status and how many times it was claimed: "SUCCESSFUL 1".
task_state() { owner_sql "SELECT status || ' ' || jsonb_array_length(worker_ids) FROM $TASKS_TABLE WHERE args_kwargs->'args'->>0 = '$1'"; }
task_id() { owner_sql "SELECT id FROM $TASKS_TABLE WHERE args_kwargs->'args'->>0 = '$1'" | grep .; }
is_in_state() { [ "$(task_state "$1")" = "$2" ]; }
is_running() { task_state "$1" | grep -q '^RUNNING '; }
runs() { owner_sql "SELECT count(*) FROM probe_runs WHERE key = '$1'"; }
worker() { stack ps --all -q worker | head -n 1; }
health() { docker inspect --format '{{.State.Health.Status}}' "$(worker)"; }
is_healthy() { [ "$(health)" = healthy ]; }
is_unhealthy() { [ "$(health)" = unhealthy ]; }
# ran_to_the_end KEY STATE SECONDS: within SECONDS the task is in STATE ("SUCCESSFUL 2": done,
# at its second claim), and it recorded one run.
ran_to_the_end() {
  wait_until "$3" is_in_state "$1" "$2"
  echo "task $1: $(task_state "$1"), $(runs "$1") run(s) recorded"
  is_in_state "$1" "$2" && [ "$(runs "$1")" -eq 1 ]
}

worker_is_fenced_in() {
  config=$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}} {{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}' "$(worker)")
  role=$(owner_sql "SELECT DISTINCT usename FROM pg_stat_activity WHERE application_name = 'worker lease'")
  echo "$config; its lease held by the role ${role:-none}; $(health)"
  [ "$config" = "true [ALL] [no-new-privileges:true] 268435456 64" ] && [ "$role" = web ] && is_healthy
}
check "the worker runs as web's role, read-only, no capabilities, 256M and 64 processes, healthy" worker_is_fenced_in

# On Compose, `up` replaces a container (stop, then start): the default replicas, one
# web and one worker, plus migrate, is the most that connects at once.
connection_budget() {
  gunicorn=$(stack exec -T web python -c 'import config.gunicorn as g; print(g.workers * g.threads)')
  per_worker=$(connections_from owner_sql "$(worker)" "${PROJECT}_database")
  limit=$(owner_sql "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")
  total=$((gunicorn + per_worker + 1))
  echo "web $gunicorn + the worker $per_worker + migrate 1 = $total connections; PostgreSQL allows $limit"
  [ "$gunicorn" -ge 1 ] && [ "$per_worker" -eq 2 ] && [ "$total" -le "$limit" ]
}
check "web, the worker and migrate keep their database connections within max_connections" connection_budget

runs_once() { enqueue 0 once && ran_to_the_end once "SUCCESSFUL 1" 30; }
check "a task web enqueues runs in the worker, once" runs_once

# Well past the stall limit (worker/loop.py), after which a loop that did not come round
# would fail its health check within 6 s: a task in hand keeps the worker healthy. Its
# health check itself is asked every second, and Docker's status too.
healthy_through_a_long_task() {
  enqueue 40 long && wait_until 30 is_running long || return 1
  for second in $(seq 30); do
    if ! stack exec -T worker sh /code/docker/worker/healthcheck.sh || ! is_healthy; then
      echo "$(health) after $second s of the task" && return 1
    fi
    sleep 1
  done
  ran_to_the_end long "SUCCESSFUL 1" 30
}
check "healthy all through a 40 s task, its health check passing every second" healthy_through_a_long_task

stop_lets_the_task_finish() {
  enqueue 5 stopped && wait_until 30 is_running stopped || return 1
  started=$(now_ms)
  stack stop worker >/dev/null 2>&1
  seconds=$(seconds_since "$started")
  status=$(docker inspect --format '{{.State.ExitCode}}' "$(worker)")
  echo "stopped in $seconds s, exit status $status"
  [ "$status" -eq 0 ] && within 30 "$seconds" && ran_to_the_end stopped "SUCCESSFUL 1" 1 &&
    stack logs worker | grep -q 'stopping after the task in hand'
}
check "docker compose stop worker: the task in hand finishes, exit status 0" stop_lets_the_task_finish
step "start the worker again" stack up --detach --wait worker

# lost_and_run_again KEY SECONDS: the task KEY, cut short in its worker, runs again to its end,
# within SECONDS, as its second claim, and the worker's log says it was lost.
lost_and_run_again() {
  ran_to_the_end "$1" "SUCCESSFUL 2" "$2" && id=$(task_id "$1") &&
    stack logs worker | grep "Task id=$id path=tests.system.probe_tasks.record: worker .* was lost; it runs again (attempt 2 of 3)"
}
killed_mid_task() {
  enqueue 6 killed && wait_until 30 is_running killed || return 1
  docker kill --signal KILL "$(worker)" >/dev/null
  killed_at=$(now_ms)
  # Docker's restart policy leaves a container that docker kill stopped: start it as it would.
  stack start worker >/dev/null 2>&1 && lost_and_run_again killed 60 || return 1
  echo "run again, to its end, $(seconds_since "$killed_at") s after the kill (at most 60)"
}
check "kill -9 of the worker mid-task: started again, it runs the task again, once to the end" killed_mid_task

stopped_past_its_grace_period() {
  enqueue 15 overran && wait_until 30 is_running overran || return 1
  stack stop --timeout 2 worker >/dev/null 2>&1
  status=$(docker inspect --format '{{.State.ExitCode}}' "$(worker)")
  echo "stopped, exit status $status"
  [ "$status" -eq 137 ] && stack up --detach --wait worker >/dev/null 2>&1 && lost_and_run_again overran 60
}
check "a stop that outlasts the grace period: the task runs again once a worker starts" stopped_past_its_grace_period

said_it_exits() { docker logs --since "$1" "$(worker)" 2>&1 | grep -q 'Worker .*: exiting, as'; }
database_lost_mid_task() {
  enqueue 4 outage && wait_until 30 is_running outage || return 1
  since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  stack stop db >/dev/null 2>&1
  wait_until 30 said_it_exits "$since"
  stack up --detach --wait db >/dev/null 2>&1
  docker logs --since "$since" "$(worker)" >"$WORK/outage" 2>&1
  grep -E 'exiting|Waiting for the database' "$WORK/outage" | head -n 3
  lost_and_run_again outage 90 && ! grep -q Traceback "$WORK/outage" && grep -q 'Worker .*: exiting, as' "$WORK/outage"
}
check "db stopped while a task runs: the worker exits with one line, and runs the task again once db is back" \
  database_lost_mid_task
step "wait for the whole stack to be healthy again" stack up --detach --wait

all_shared_recorded() { [ "$(owner_sql "SELECT count(*) FROM probe_runs WHERE key LIKE 'shared-%'")" -eq 40 ]; }
two_workers_share_the_queue() {
  stack up --detach --wait --scale worker=2 worker >/dev/null 2>&1 || return 1
  keys=$(seq -f 'shared-%g' 40 | tr '\n' ' ')
  # shellcheck disable=SC2086 # one word per key
  enqueue 0.2 $keys || return 1
  wait_until 60 all_shared_recorded
  owner_sql "SELECT worker, count(*) FROM probe_runs WHERE key LIKE 'shared-%' GROUP BY worker"
  states=$(owner_sql "SELECT status || ' ' || jsonb_array_length(worker_ids), count(*) FROM $TASKS_TABLE WHERE args_kwargs->'args'->>0 LIKE 'shared-%' GROUP BY 1")
  echo "tasks: $states"
  [ "$states" = "SUCCESSFUL 1|40" ] &&
    [ "$(owner_sql "SELECT count(DISTINCT worker) FROM probe_runs WHERE key LIKE 'shared-%'")" -eq 2 ]
}
check "two workers: 40 tasks, each run once, by one of them, and both took some" two_workers_share_the_queue
step "back to one worker" stack up --detach --wait --scale worker=1 worker

db_is_healthy() { [ "$(docker inspect --format '{{.State.Health.Status}}' "$(stack ps -q db)")" = healthy ]; }
unhealthy_while_the_database_hangs() {
  docker pause "$(stack ps -q db)" >/dev/null || return 1
  paused_at=$(now_ms)
  wait_until 30 is_unhealthy
  seconds=$(seconds_since "$paused_at")
  docker unpause "$(stack ps -q db)" >/dev/null
  echo "unhealthy $seconds s after db was paused (at most 30); $(health)"
  # db's own health check timed out meanwhile: the stack waits for it to pass again too.
  within 30 "$seconds" && wait_until 30 is_healthy && wait_until 30 db_is_healthy
}
check "db paused: the worker turns unhealthy within 30 s, and healthy again after" unhealthy_while_the_database_hangs

is_gone() { [ "$(owner_sql "SELECT count(*) FROM $TASKS_TABLE WHERE args_kwargs->'args'->>0 = '$1'")" = 0 ]; }
pruned_at_start() {
  owner_sql "UPDATE $TASKS_TABLE SET finished_at = now() - interval '15 days' WHERE args_kwargs->'args'->>0 = 'once'" >/dev/null &&
    stack restart worker >/dev/null 2>&1 &&
    wait_until 30 is_gone once &&
    is_in_state long "SUCCESSFUL 1" && stack logs worker | grep 'pruned 1 finished tasks older than 14 days'
}
check "a task finished 15 days ago is pruned when the worker starts; the others stay" pruned_at_start

# shellcheck disable=SC2034 # WAITER_COMMAND: read by stops_at_once_while
worker_stops_at_once_while_waiting() {
  WAITER_COMMAND="python manage.py worker"
  stops_at_once_while '^Waiting for the database' -e DATABASE_URL=postgres://app:unused@127.0.0.1:9/app \
    -e DJANGO_DATABASE_WAIT_SECONDS=60
  status=$?
  WAITER_COMMAND=""
  return $status
}
check "docker stop of a worker waiting for the database: stopped within 1 s, exit status 0" \
  worker_stops_at_once_while_waiting
