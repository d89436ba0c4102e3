# bin/make-it-yours on copies of the project, as new users have them (docs/template.md):
# a plain folder (a ZIP, "Use this template") made yours, then its demo edited; one made
# yours without every part the command can remove, then given a home page of its own;
# one owned by another uid; each refusal, which must change nothing; and a git clone
# made yours at one release tag, then brought to the next. After each run, the copy
# passes its own lint, and its own tests/run's pytest and http suites (its HTTP tests
# against its production stack), with COMPOSE_FILE=docker-compose.prod.yml in its .env,
# as on a server.
# shellcheck shell=sh

EDITED="$WORK/bookshop" GONE="$WORK/shop" OWNED="$WORK/owned" REFUSED="$WORK/refused"
UPSTREAM="$WORK/upstream" ADOPTER="$WORK/adopter"
BRAND=$(sed -n '1s/^# //p' README.md)
TEMPLATE_STACK=$(sed -n 's/^name: //p' docker-compose.prod.yml)
RELEASE=$(cat VERSION)

# make_yours COPY ARGUMENT...: the documented command, in the copy, as its owner.
make_yours() {
  copy=$1
  shift
  (cd "$copy" && docker compose -f docker-compose.yml run --rm --no-deps -T web python bin/make-it-yours "$@")
}
# as_owner COPY PYTHON: a Python program run in the copy, as its owner: the edits an adopter makes.
as_owner() { docker run --rm --user "$(id -u):$(id -g)" -v "$1:/code" -w /code "$BASE_IMAGE" python -c "$2"; }
# forget COPY: the copy's compose projects, images and files gone, whoever owns them.
forget() {
  for project in "$(basename "$1")" "$(checkout_name "$1")-systemtest" "$(checkout_name "$1")-systemtest-dev"; do
    docker compose -f "$1/docker-compose.yml" -p "$project" down --volumes --remove-orphans >/dev/null 2>&1 || true
    docker image rm "$project-web" >/dev/null 2>&1 || true
  done
  [ ! -e "$1" ] || docker run --rm -v "$WORK:$WORK" "$BASE_IMAGE" rm -rf "$1"
}
forget_every_copy() { for copy in "$EDITED" "$GONE" "$OWNED" "$REFUSED" "$ADOPTER" "$UPSTREAM"; do forget "$copy"; done; }
trap 'forget_every_copy; cleanup' EXIT

# its_own_tests COPY SUITE...: with COMPOSE_FILE in its .env, as on a server, the copy's own
# tests/run, on ports of its own.
its_own_tests() {
  copy=$1
  shift
  (cd "$copy" && echo COMPOSE_FILE=docker-compose.prod.yml >.env &&
    SYSTEM_TEST_HTTP_PORT=28180 SYSTEM_TEST_HTTPS_PORT=28543 SYSTEM_TEST_DEV_PORT=28100 sh tests/run "$@")
}
# its_lint_and_tests COPY: the same, after its own tests/lint.
its_lint_and_tests() { (cd "$1" && echo COMPOSE_FILE=docker-compose.prod.yml >.env && sh tests/lint && its_own_tests . pytest http); }
# names_the_template_only_where_allowed COPY: the template's name and stack name are only in
# LICENSE, the README's "Made from" line, and TEMPLATE.md.
names_the_template_only_where_allowed() {
  (cd "$1" && grep -rlF -e "$BRAND" -e "$TEMPLATE_STACK" --exclude-dir=.git . | sort) >"$WORK/named"
  echo "files naming '$BRAND' or '$TEMPLATE_STACK':" && cat "$WORK/named"
  [ "$(cat "$WORK/named")" = "$(printf './LICENSE\n./README.md\n./TEMPLATE.md')" ] &&
    [ "$(grep -cF -e "$BRAND" -e "$TEMPLATE_STACK" "$1/README.md")" -eq 1 ] &&
    grep -q "^Made from $BRAND $RELEASE" "$1/README.md"
}
# fingerprint COPY: every file and folder in the copy, with its contents' checksum (but secrets/).
fingerprint() {
  (cd "$1" && find . \( -path ./.git -o -path ./secrets \) -prune -o -print | sort | while read -r path; do
    if [ -f "$path" ]; then echo "$path $(cksum <"$path")"; else echo "$path"; fi
  done)
}
# refused COPY PATTERN COMMAND...: COMMAND says one line matching PATTERN, exits 1, and
# leaves the copy as it was.
refused() {
  copy=$1
  pattern=$2
  shift 2
  fingerprint "$copy" >"$WORK/before"
  exits_with 1 "^bin/make-it-yours: $pattern" "$@" || return 1
  [ "$(grep -c '^bin/make-it-yours: ' "$WORK/exits_with")" -eq 1 ] && ! grep -q Traceback "$WORK/exits_with" &&
    fingerprint "$copy" | diff "$WORK/before" -
}

if [ ! -d pages ]; then
  skip "bin/make-it-yours on copies" "this checkout has no demo (pages/) to make a copy of the template from"
  return 0
fi

# --- Made yours, then the demo edited ---

NAME="Tom & Jerry's <Books> {{ 1 }}"
made_yours_with_a_name_to_escape() {
  mkdir "$EDITED" && copy_checkout "$EDITED" && make_yours "$EDITED" "$NAME" >"$WORK/made" || return 1
  cat "$WORK/made"
  escaped='Tom &amp; Jerry&#x27;s &lt;Books&gt; &#123;&#123; 1 &#125;&#125;'
  grep -qF "$NAME is yours" "$WORK/made" &&
    grep -qF "<a class=\"brand\" href=\"/\">$escaped</a>" "$EDITED/config/templates/base.html" &&
    grep -qF "Server error · $escaped" "$EDITED/config/templates/500.html" &&
    [ "$(head -n 1 "$EDITED/README.md")" = '# Tom \& Jerry'"'"'s \<Books\> {{ 1 }}' ] &&
    grep -qx 'name: tom-jerry-s-books-1-production' "$EDITED/docker-compose.prod.yml" &&
    grep -q 'docker volume rm tom-jerry-s-books-1-production_postgres-data' "$EDITED/docs/production.md" &&
    grep -qx "\- Template: $BRAND, release $RELEASE" "$EDITED/TEMPLATE.md" &&
    for gone in bench .ci docs/performance.md VERSION tests/system/test_template.sh; do
      [ ! -e "$EDITED/$gone" ] || { echo "still there: $gone" && return 1; }
    done
}
check "make-it-yours \"$NAME\": the name escaped in HTML and Markdown, the stack renamed, the template's evidence gone" \
  made_yours_with_a_name_to_escape
check "afterwards the template's name and stack name are only in LICENSE, the README's 'Made from' line and TEMPLATE.md" \
  names_the_template_only_where_allowed "$EDITED"
check "a second run is refused, pointing at TEMPLATE.md, and changes nothing" \
  refused "$EDITED" "this project is yours already: TEMPLATE.md records" make_yours "$EDITED" "Again"
check "that copy's lint, pytest and HTTP tests against its production stack pass, with COMPOSE_FILE in .env" \
  its_lint_and_tests "$EDITED"

# An adopter's first day: the home page rewritten, the about page gone (template, view,
# URL, link), the demo's tests replaced by one of their own.
edit_the_demo() {
  rm "$EDITED/pages/templates/pages/about.html" &&
    cat >"$EDITED/pages/templates/pages/home.html" <<'HTML' &&
{% extends "pages/page.html" %}

{% block content %}
<h1>Books, new and used</h1>
<p class="lead">Open every day but Sunday.</p>
{% endblock %}
HTML
    cat >"$EDITED/pages/views.py" <<'PY' &&
"""The shop's pages."""

from django.views.generic import TemplateView


class HomePageView(TemplateView):
    template_name = "pages/home.html"
PY
    cat >"$EDITED/pages/urls.py" <<'PY' &&
"""The shop's pages."""

from django.urls import path

from pages.views import HomePageView

urlpatterns = [path("", HomePageView.as_view(), name="home")]
PY
    as_owner "$EDITED" 'from pathlib import Path
page = Path("pages/templates/pages/page.html")
text = page.read_text()
link = "      <a href=\"{% url '"'"'about'"'"' %}\">About</a>\n"
assert link in text
page.write_text(text.replace(link, ""))' &&
    cat >"$EDITED/pages/tests.py" <<'PY'
"""The shop's own tests."""

import pytest


@pytest.mark.django_db
def test_the_home_page_says_what_the_shop_sells(client):
    assert "Books, new and used" in client.get("/").text
PY
}
step "edit the demo: the home page rewritten, the about page removed" edit_the_demo
check "then that copy's pytest and HTTP tests against its production stack pass" its_own_tests "$EDITED" pytest http
forget "$EDITED"

# --- Made yours without every part it can remove ---

made_yours_without_everything() {
  mkdir "$GONE" && copy_checkout "$GONE" &&
    make_yours "$GONE" "Corner Shop" --slug shop --without-swarm --without-demo >"$WORK/made" || return 1
  cat "$WORK/made"
  grep -qx 'name: shop-production' "$GONE/docker-compose.prod.yml" &&
    for gone in pages docker-stack.yml tests/stack_files.py tests/system/test_swarm.sh tests/system/releases docs/scaling-out.md; do
      [ ! -e "$GONE/$gone" ] || { echo "still there: $gone" && return 1; }
    done
}
check "make-it-yours --slug shop --without-swarm --without-demo: the Swarm stack and the demo gone" \
  made_yours_without_everything
names_nothing_removed() {
  status=0
  (cd "$GONE" && grep -rniE 'swarm|docker-stack|stack_files|pages/|"pages"|pages\.urls|\bdemo\b|\bbench\b' \
    --exclude-dir=.git --exclude=TEMPLATE.md --exclude=make-it-yours .) || status=$?
  echo "grep exit status $status (1: nothing found)"
  [ "$status" -eq 1 ]
}
check "nothing in that copy names Swarm, the stack file, the demo, pages/ or bench, but TEMPLATE.md and the command" \
  names_nothing_removed
check "and the template's name and stack name only where allowed" names_the_template_only_where_allowed "$GONE"
check "that copy's lint, pytest and HTTP tests against its production stack pass, with COMPOSE_FILE in .env" \
  its_lint_and_tests "$GONE"

# The adopter's own home page: one line, under a name of its own, and its test.
own_home_page() {
  as_owner "$GONE" 'from pathlib import Path
urls = Path("config/urls.py")
text = urls.read_text()
text = text.replace("from django.urls import path\n", "from django.http import HttpResponse\nfrom django.urls import path\n")
text = text.replace("    path(\"admin/\", admin.site.urls),\n", "    path(\"admin/\", admin.site.urls),\n"
                    "    path(\"\", lambda request: HttpResponse(\"<h1>Corner Shop</h1>\"), name=\"storefront\"),\n")
assert "storefront" in text and "HttpResponse" in text
urls.write_text(text)' &&
    cat >"$GONE/tests/test_storefront.py" <<'PY'
"""The shop's own home page."""

from django.urls import reverse


def test_the_storefront_is_the_home_page(client):
    assert reverse("storefront") == "/"
    assert client.get("/").text == "<h1>Corner Shop</h1>"
PY
}
check "the demo gone: a one-line home page of the adopter's own, named storefront" own_home_page
check "then that copy's pytest and HTTP tests against its production stack pass" its_own_tests "$GONE" pytest http
forget "$GONE"

# --- Made yours by its owner, whoever that is ---

owned_by_4321() { mkdir "$OWNED" && copy_checkout "$OWNED" && docker run --rm -v "$WORK:$WORK" "$BASE_IMAGE" chown -R 4321:4321 "$OWNED"; }
step "copy the project, and give it to uid 4321 from a container" owned_by_4321
if [ -z "$stopped_by" ] && [ "$(stat -c %u "$OWNED" 2>/dev/null)" != 4321 ]; then
  skip "make-it-yours as uid 4321" "this Docker maps file owners itself (Docker Desktop, rootless)"
else
  made_yours_as_its_owner() {
    make_yours "$OWNED" "Corner Bookshop" && [ -f "$OWNED/TEMPLATE.md" ] && others=$(find "$OWNED" ! -uid 4321) &&
      echo "not uid 4321's: ${others:-none}" && [ -z "$others" ]
  }
  check "make-it-yours in that copy, as the copy's owner: every file it writes is uid 4321's" made_yours_as_its_owner
fi
forget "$OWNED"

# --- Refused, with nothing changed ---

mkdir "$REFUSED" && copy_checkout "$REFUSED"
check "an empty name: refused, nothing changed" refused "$REFUSED" "the site's name must be one line" make_yours "$REFUSED" "  "
check "a name with no ASCII letter or digit for a slug: refused, nothing changed" \
  refused "$REFUSED" "'東京' has no ASCII letters or digits" make_yours "$REFUSED" "東京"
check "a slug over 30 characters: refused, nothing changed" refused "$REFUSED" \
  "the slug 'the-very-long-name-of-a-small-bookshop' must be" make_yours "$REFUSED" "The very long name of a small bookshop"
check "a slug the stacks cannot take (--slug My_Shop): refused, nothing changed" \
  refused "$REFUSED" "the slug 'My_Shop' must be" make_yours "$REFUSED" "Shop" --slug My_Shop
check "an option it does not know: refused in one line, nothing changed" \
  refused "$REFUSED" "unrecognized arguments: --without-everything" make_yours "$REFUSED" "Shop" --without-everything
with_secrets() { mkdir "$REFUSED/secrets" && make_yours "$REFUSED" "Shop"; }
check "a checkout with secrets/, once deployed under the template's name: refused, nothing changed" \
  refused "$REFUSED" "secrets/ exists" with_secrets
rmdir "$REFUSED/secrets"
read_only_base() {
  (cd "$REFUSED" && docker compose -f docker-compose.yml run --rm --no-deps -T \
    -v "$REFUSED/config/templates/base.html:/code/config/templates/base.html:ro" web python bin/make-it-yours "Shop")
}
check "a file it cannot write (base.html, mounted read-only): refused before any change" \
  refused "$REFUSED" "config/templates/base.html cannot be written: nothing was changed" read_only_base
dry_run() {
  fingerprint "$REFUSED" >"$WORK/before" && make_yours "$REFUSED" "Shop" --dry-run >"$WORK/dry" && cat "$WORK/dry" &&
    grep -qx 'would rewrite README.md' "$WORK/dry" && grep -qx 'would remove bench/' "$WORK/dry" &&
    fingerprint "$REFUSED" | diff "$WORK/before" -
}
check "--dry-run says what it would change, and changes nothing" dry_run
forget "$REFUSED"

# --- A later release, taken with git ---

NEXT_RELEASE=$RELEASE-next
git_as_tests() { git -c user.name=tests -c user.email=tests@example.com -c init.defaultBranch=main "$@"; }
# Release A is this checkout; release B changes the Dockerfile, the settings away from
# INSTALLED_APPS, a line beside one the command rewrites (base.html's title), and a file
# it removes (bench/run).
two_releases() {
  mkdir "$UPSTREAM" && copy_checkout "$UPSTREAM" && (cd "$UPSTREAM" && git_as_tests init -q &&
    git_as_tests add -A && git_as_tests commit -qm "Release A" && git_as_tests tag "$RELEASE") &&
    as_owner "$UPSTREAM" 'from pathlib import Path
def change(path, old, new):
    file = Path(path)
    text = file.read_text()
    assert text.count(old) == 1, path
    file.write_text(text.replace(old, new))
change("Dockerfile", "EXPOSE 8000\n", "EXPOSE 8000\nLABEL org.opencontainers.image.description=\"release B\"\n")
change("config/templates/base.html", "{% endblock %}</title>\n", "{% endblock %}</title>\n  <meta name=\"color-scheme\" content=\"light\">\n")
Path("config/settings.py").write_text(Path("config/settings.py").read_text() + "\n# Release B: forms with more fields.\nDATA_UPLOAD_MAX_NUMBER_FIELDS = 2000\n")
Path("bench/run").write_text(Path("bench/run").read_text() + "# release B\n")' &&
    (cd "$UPSTREAM" && git_as_tests commit -qam "Release B" && git_as_tests tag "$NEXT_RELEASE")
}
step "make a template repository with two release tags, $RELEASE and $NEXT_RELEASE" two_releases

yours_at_a() {
  git_as_tests clone -q --branch "$RELEASE" "$UPSTREAM" "$ADOPTER" 2>/dev/null && make_yours "$ADOPTER" "My Site" >/dev/null &&
    (cd "$ADOPTER" && docker compose -f docker-compose.yml run --rm --no-deps -T web python manage.py startapp blog) &&
    as_owner "$ADOPTER" 'from pathlib import Path
settings = Path("config/settings.py")
settings.write_text(settings.read_text().replace("    \"accounts\",\n", "    \"accounts\",\n    \"blog\",\n"))
Path("pages/templates/pages/home.html").write_text("{% extends \"pages/page.html\" %}\n\n{% block content %}<h1>My site</h1>{% endblock %}\n")
Path("pages/tests.py").write_text("import pytest\n\n\n@pytest.mark.django_db\ndef test_home(client):\n    assert \"<h1>My site</h1>\" in client.get(\"/\").text\n")' &&
    (cd "$ADOPTER" && git_as_tests add -A && git_as_tests commit -qm "Made it mine, with a blog")
}
step "clone $RELEASE, make it yours, give it an app and a home page of its own, and commit" yours_at_a

# The recipe of docs/template.md, with the command TEMPLATE.md holds; git's merge style set
# to the default, whatever the user's is.
take_b() {
  (cd "$ADOPTER" && git_as_tests fetch -q --no-tags "$UPSTREAM" 'refs/tags/*:refs/tags/template/*' &&
    command=$(sed -n "/^git diff /s/NEXT/$NEXT_RELEASE/p" TEMPLATE.md) && echo "$command" &&
    ! GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=merge.conflictStyle GIT_CONFIG_VALUE_0=merge sh -c "$command" &&
    git status --porcelain >"$WORK/status") >"$WORK/apply" 2>&1
  cat "$WORK/apply" "$WORK/status"
  grep -qx "Applied patch to 'config/templates/base.html' with conflicts." "$WORK/apply" &&
    grep -qx 'M  Dockerfile' "$WORK/status" && grep -qx 'M  config/settings.py' "$WORK/status" &&
    grep -qx 'UU config/templates/base.html' "$WORK/status" && [ "$(wc -l <"$WORK/status")" -eq 3 ] &&
    [ ! -e "$ADOPTER/bench" ]
}
check "the recipe in TEMPLATE.md: Dockerfile and settings apply cleanly, base.html gives the one conflict, bench/ stays out" take_b

# As docs/template.md says: keep your line (your name), take the template's change around it.
settle() {
  as_owner "$ADOPTER" 'from pathlib import Path
import re
base = Path("config/templates/base.html")
def settled(match):
    ours, theirs = match.group(1), match.group(2)
    return ours + "".join(line for line in theirs.splitlines(keepends=True) if line not in ours and "'"$BRAND"'" not in line)
text = re.sub(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", settled, base.read_text(), flags=re.S)
base.write_text(text)' && (cd "$ADOPTER" && git add config/templates/base.html) &&
    cat "$ADOPTER/config/templates/base.html" &&
    ! grep -qE '^(<<<<<<<|=======|>>>>>>>)' "$ADOPTER/config/templates/base.html" &&
    grep -q '<meta name="color-scheme" content="light">' "$ADOPTER/config/templates/base.html" &&
    grep -q '{% block title %}My Site{% endblock %}' "$ADOPTER/config/templates/base.html"
}
check "the conflict settled as docs/template.md says: your name kept, the template's new line taken" settle
pytest_after_b() {
  grep -qx '    "blog",' "$ADOPTER/config/settings.py" &&
    grep -qx 'DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000' "$ADOPTER/config/settings.py" &&
    (cd "$ADOPTER" && docker compose -f docker-compose.yml run --build --rm web pytest -q) &&
    [ "$(docker image inspect --format '{{index .Config.Labels "org.opencontainers.image.description"}}' adopter-web)" = "release B" ]
}
check "then pytest passes, in an image built with release B's Dockerfile" pytest_after_b

forget_every_copy
trap cleanup EXIT
