# A day's work as a Linux user with uid 4321 (not 1000, not the image's 10001) does it,
# in a copy of the project that uid owns, with nothing exported and no .env: the
# documented commands (docs/development.md) start the development stack under watch,
# make an app and its migration, re-lock, and run the app's own tests. Every file made
# belongs to 4321.
# shellcheck shell=sh

OWNER_UID=4321
OWNER_COPY="$WORK/mysite"
OWNER_PROJECT="$PROJECT-owner"
# mine COMPOSE-ARGUMENT...: docker compose in the copy, under a name and port of its own.
mine() { (cd "$OWNER_COPY" && DEV_PORT=${SYSTEM_TEST_OWNER_PORT:-28001} exec docker compose -f docker-compose.yml -p "$OWNER_PROJECT" "$@"); }
# as_root COMMAND...: in a container, what the host user may not do to files 4321 owns.
as_root() { docker run --rm --user 0 --entrypoint "" -v "$WORK:$WORK" "$DEV_IMAGE" "$@"; }
# stop_watching: the copy's stack, images and files gone; also run by cleanup.
stop_watching() {
  [ -z "${OWNER_WATCH_PID:-}" ] || kill "$OWNER_WATCH_PID" 2>/dev/null || true
  docker compose -f "$OWNER_COPY/docker-compose.yml" -p "$OWNER_PROJECT" down --volumes --remove-orphans >/dev/null 2>&1 || true
  docker image rm "$OWNER_PROJECT-web" "$OWNER_PROJECT-pipenv" >/dev/null 2>&1 || true
  [ ! -d "$OWNER_COPY" ] || as_root rm -rf "$OWNER_COPY"
}
# owned PATH...: each path exists, and it and everything in it belong to uid 4321.
owned() {
  for path in "$@"; do
    [ -e "$OWNER_COPY/$path" ] || { echo "missing: $path"; return 1; }
    others=$(find "$OWNER_COPY/$path" ! -uid "$OWNER_UID" | head -n 5)
    [ -z "$others" ] || { echo "not uid $OWNER_UID's:"; echo "$others"; ls -ln "$OWNER_COPY/$path"; return 1; }
  done
}

copy_owned_by_4321() {
  mkdir "$OWNER_COPY" &&
    copy_checkout "$OWNER_COPY" &&
    as_root chown -R "$OWNER_UID:$OWNER_UID" "$OWNER_COPY"
}
step "copy the project, and give it to uid $OWNER_UID from a container" copy_owned_by_4321
# Only where the container's uids are the host's (Docker Engine on Linux, not
# rootless) does the host see the owner a container gave.
if [ -z "$stopped_by" ] && [ "$(stat -c %u "$OWNER_COPY" 2>/dev/null)" != "$OWNER_UID" ]; then
  skip "the workflow as uid $OWNER_UID" "this Docker maps file owners itself (Docker Desktop, rootless): files made in the container are yours there"
  stop_watching
  return 0
fi

web_healthy() { [ "$(docker inspect --format '{{.State.Health.Status}}' "$(mine ps -q web)")" = healthy ]; }
up_under_watch() {
  mine up --watch --build >"$WORK/watch.log" 2>&1 &
  OWNER_WATCH_PID=$!
  wait_until 180 web_healthy || { tail -n 20 "$WORK/watch.log"; return 1; }
}
check "docker compose up --watch: web healthy" up_under_watch

startapp() { mine exec -T web python manage.py startapp blog && owned blog blog/tests.py blog/migrations; }
check "exec ... startapp blog: the app's files are uid $OWNER_UID's" startapp

makemigrations() {
  mine exec -T web sh -c '
    printf "\n\nclass Post(models.Model):\n    title = models.CharField(max_length=200)\n" >>blog/models.py &&
    sed -i "s/    \"accounts\",/    \"accounts\",\n    \"blog\",/" config/settings.py' &&
    mine exec -T web python manage.py makemigrations blog &&
    owned blog/migrations/0001_initial.py config/settings.py
}
check "exec ... makemigrations: the migration is uid $OWNER_UID's" makemigrations

web_before_relock=$(mine ps -q web)
# as_owner PYTHON: a Python program in the copy, as its owner.
as_owner() { docker run --rm --user "$OWNER_UID:$OWNER_UID" -v "$OWNER_COPY:/code" -w /code "$BASE_IMAGE" python -c "$1"; }
# The packages the lock holds, one "name version" a line: what the re-lock must resolve again.
LOCKED='import json; lock = json.load(open("Pipfile.lock"))
for section in ("default", "develop"):
    for name, entry in sorted(lock[section].items()):
        print(name, entry["version"])'
# Every package the lock holds pinned in the Pipfile at its locked version, so that the re-lock
# resolves the same set whatever PyPI has published since: the test must not fail for that.
PIN_EVERY_PACKAGE='import json, re; lock = json.load(open("Pipfile.lock")); pipfile = open("Pipfile").read()
for section, table in (("default", "packages"), ("develop", "dev-packages")):
    pins = "".join("%s = %s\n" % (json.dumps(name), json.dumps(entry["version"])) for name, entry in lock[section].items())
    pipfile = re.sub(r"(?ms)^\[%s\]\n.*?(?=^\[|\Z)" % table, "[%s]\n%s\n" % (table, pins), pipfile)
open("Pipfile", "w").write(pipfile)'
relock() {
  as_owner "$LOCKED" >"$WORK/locked-before" && as_owner "$PIN_EVERY_PACKAGE" && touch "$WORK/before-relock" &&
    mine run --rm pipenv lock &&
    rewritten=$(find "$OWNER_COPY/Pipfile.lock" -newer "$WORK/before-relock") &&
    echo "rewritten: ${rewritten:-no}" && [ -n "$rewritten" ] && owned Pipfile Pipfile.lock &&
    as_owner "$LOCKED" >"$WORK/locked-after" && diff "$WORK/locked-before" "$WORK/locked-after" &&
    echo "the same $(wc -l <"$WORK/locked-after") packages, at the same versions"
}
check "run --rm pipenv lock: a new Pipfile.lock, uid $OWNER_UID's, with the same packages at the same versions" relock
# Watch says it rebuilds, builds, then replaces web: a new container, healthy.
rebuilt_by_watch() {
  grep -q 'Rebuilding service(s) \["web"\]' "$WORK/watch.log" &&
    [ "$(mine ps -q web)" != "$web_before_relock" ] && web_healthy
}
# On failure, what watch said, and the stack's containers.
rebuilt_or_say_why() { wait_until 180 rebuilt_by_watch || { tail -n 25 "$WORK/watch.log" && mine ps --all && return 1; }; }
check "under watch, the new Pipfile.lock rebuilds web, which comes back healthy" rebuilt_or_say_why

# An app's tests, in both places Django's docs put them: one that passes, one that fails.
app_tests_run() {
  mine exec -T web sh -c '
    printf "from django.test import SimpleTestCase\n\n\nclass BlogTests(SimpleTestCase):\n    def test_passes(self):\n        self.assertEqual(1 + 1, 2)\n" >blog/tests.py &&
    python manage.py startapp shop && rm shop/tests.py && mkdir shop/tests && touch shop/tests/__init__.py &&
    printf "def test_fails():\n    assert 1 + 1 == 3\n" >shop/tests/test_models.py' || return 1
  exits_with 1 'FAILED shop/tests/test_models.py::test_fails' mine run --rm web pytest -rA &&
    grep -q 'PASSED blog/tests.py::BlogTests::test_passes' "$WORK/exits_with" &&
    grep -q ' 1 failed, [0-9]* passed' "$WORK/exits_with"
}
check "an app's tests.py and tests/test_*.py run with the others: the passing one counted, the failing one fails the run" \
  app_tests_run

nothing_else_owned() { owned .; }
check "after all of it, every file in the checkout is uid $OWNER_UID's" nothing_else_owned

stop_watching
