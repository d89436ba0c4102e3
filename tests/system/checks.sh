# The checks that tests/run and tests/lint count: each prints one line, ok, FAIL, skip
# or "not run". Sourced with WORK set to a directory of the run's own.
# shellcheck shell=sh

passed=0
failed=0
skipped=0
not_run=0
# Set once a step of the current suite has failed: its remaining checks are not run.
stopped_by=""

# check DESCRIPTION COMMAND...: a check passes when COMMAND exits 0; its output shows when it fails.
check() {
  description=$1
  shift
  if [ -n "$stopped_by" ]; then
    not_run=$((not_run + 1))
    echo "not run  $description"
  elif "$@" >"$WORK/output" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $description"
  else
    failed=$((failed + 1))
    echo "FAIL $description"
    tail -n 30 "$WORK/output" | sed 's/^/     /'
  fi
}

# step DESCRIPTION COMMAND...: what a suite does to get ready (build, copy, create,
# push), not a result: silent when it works. When it fails, one line names it, it
# counts as a failure, and the suite's remaining steps and checks are not run
# (stopped_by says why). It returns 0 either way, so that the suite goes on to list them.
step() {
  description=$1
  shift
  [ -z "$stopped_by" ] || return 0
  "$@" >"$WORK/output" 2>&1 && return 0
  failed=$((failed + 1))
  stopped_by=$description
  echo "FAIL could not $description: what follows in this suite is not run"
  tail -n 30 "$WORK/output" | sed 's/^/     /'
}

# skip DESCRIPTION REASON: a check that cannot run here, said out loud.
skip() {
  skipped=$((skipped + 1))
  echo "skip $1: $2"
}

# exits_with STATUS PATTERN COMMAND...: COMMAND exits with STATUS, and a line of its output matches PATTERN.
exits_with() {
  expected=$1
  pattern=$2
  shift 2
  status=0
  "$@" >"$WORK/exits_with" 2>&1 || status=$?
  cat "$WORK/exits_with"
  echo "exit status $status"
  [ "$status" -eq "$expected" ] && grep -q -- "$pattern" "$WORK/exits_with"
}

summary() {
  echo
  echo "$0: $passed passed, $failed failed, $not_run not run, $skipped skipped"
  [ "$failed" -eq 0 ] && [ "$not_run" -eq 0 ]
}
