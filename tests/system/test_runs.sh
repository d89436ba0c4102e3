# Runs that keep apart: names of each checkout's own, one run per Docker engine.
# shellcheck shell=sh

# Two clones in folders of the same name: each its own compose projects, so neither's
# start (which clears what an interrupted run of its own left) tears down the other's.
two_clones_apart() {
  first=$(checkout_name /srv/one/mysite) second=$(checkout_name /srv/two/mysite)
  echo "/srv/one/mysite: $first-$STACK_NAME; /srv/two/mysite: $second-$STACK_NAME; this one: $PROJECT"
  [ "$first" != "$second" ] && [ "${first%%-*}" = mysite ] && [ "$PROJECT" = "$(checkout_name "$PWD")-$STACK_NAME" ]
}
check "two clones in folders of the same name get compose projects of their own" two_clones_apart

# A second run started now, not by this one: it must refuse at once, naming this one,
# and leave this run's stacks and lock alone.
second_run_refused() {
  started=$(now_ms)
  exits_with 2 "^tests/run: another run uses this Docker engine: tests/run in $PWD, pid $$ " \
    env -u ENGINE_LOCK_PID sh tests/run image || return 1
  seconds=$(seconds_since "$started")
  echo "refused in $seconds s"
  [ "$(wc -l <"$WORK/exits_with")" -eq 1 ] && within 5 "$seconds" &&
    [ "$(docker inspect --format '{{index .Config.Labels "pid"}}' "$ENGINE_LOCK")" = $$ ]
}
check "a second tests/run on this engine refuses at once, in one line naming this run" second_run_refused

# A lock whose run was killed (its process is gone): the next run takes it over. Tried on
# a lock of another name, in a subshell, so that this run keeps its own.
stale_lock_taken_over() {
  (
    # shellcheck disable=SC2034 # read by take_engine_lock
    ENGINE_LOCK="$PROJECT-stale-lock" ENGINE_LOCK_PID="" ENGINE_LOCKED=""
    sh -c 'exit 0' &
    gone=$!
    wait "$gone"
    docker create --name "$ENGINE_LOCK" --label "run=a run that was killed" --label pid="$gone" \
      --label host="$(hostname)" "$BASE_IMAGE" true >/dev/null &&
      take_engine_lock "tests/run" &&
      docker inspect --format '{{index .Config.Labels "run"}}' "$ENGINE_LOCK" | grep "^tests/run in $PWD, pid $$ "
  )
  status=$?
  docker rm --force "$PROJECT-stale-lock" >/dev/null 2>&1
  return $status
}
check "a lock left by a killed run is taken over by the next" stale_lock_taken_over

# Docker refusing to create the lock (here, for an image that does not exist) ends the
# run with one line, instead of trying for ever.
lock_refused_by_docker() {
  # shellcheck disable=SC2034 # read by take_engine_lock
  (ENGINE_LOCK="$PROJECT-broken-lock" ENGINE_LOCK_PID="" BASE_IMAGE=no-such-image.invalid/none:0 take_engine_lock tests/run)
}
check "docker failing to create the lock: one line, exit 1" \
  exits_with 1 "^tests/run: cannot take this Docker engine's lock: " lock_refused_by_docker
