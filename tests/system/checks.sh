# The checks that tests/run and tests/lint count: each prints one line, ok, FAIL or skip.
# Sourced with WORK set to a directory of the run's own.
# shellcheck shell=sh

passed=0
failed=0
skipped=0

# check DESCRIPTION COMMAND...: a check passes when COMMAND exits 0; its output shows when it fails.
check() {
  description=$1
  shift
  if "$@" >"$WORK/output" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $description"
  else
    failed=$((failed + 1))
    echo "FAIL $description"
    tail -n 30 "$WORK/output" | sed 's/^/     /'
  fi
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
  echo "$0: $passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}
