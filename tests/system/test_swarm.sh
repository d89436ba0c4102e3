# docker-stack.yml on a swarm of one node, with the images from a registry: this
# release deployed over the previous one, a rolling update carrying a migration, two
# broken releases rolled back, a task stopped, one killed, scaling up and down, all
# under browsers' GETs and POSTs. The releases after this one are files of their own
# (tests/system/releases/). `docker swarm init` changes the engine it runs on: this
# runs only when asked (TEST_SWARM=1), on an engine in no swarm, and leaves no trace.
# shellcheck shell=sh

SWARM_STACK="$PROJECT-swarm"
# The registry the images come from, as nodes of a real swarm pull them (CI reads this line
# to know which image to provide).
REGISTRY_IMAGE=registry:3
REGISTRY="127.0.0.1:${SWARM_TEST_REGISTRY_PORT:-5000}"
RELEASE="$REGISTRY/$PROJECT"
# The release before this one, which this one must deploy over: Swarm keeps a config's
# file under its name for good, so a file that changed needs a new name. A commit or a
# tag; the suite deploys it first when this checkout's history has it.
PREVIOUS_RELEASE=${SWARM_TEST_PREVIOUS_RELEASE:-dfd2fed27e812e4e858d3e559ae9678f03e49a1e}
# deploy TAG [--detach=true]: docs/scaling-out.md's command, with release TAG and this
# checkout's stack file (STACK_FILE's, if set); it waits for the stack to settle, 240 s
# at most. With --detach=true it returns at once: a broken release's job never
# completes, and the CLI would wait for it.
deploy() {
  IMAGE="$RELEASE:$1" SITE_ADDRESS="$SITE_ADDRESS" HTTP_PORT="$HTTP_PORT" HTTPS_PORT="$HTTPS_PORT" \
    docker stack deploy --detach=false ${2:+"$2"} --compose-file "${STACK_FILE:-docker-stack.yml}" "$SWARM_STACK" &
  deploying=$!
  wait_until 240 sh -c "! kill -0 $deploying" || kill "$deploying"
  wait "$deploying"
}
# tasks SERVICE FORMAT: the service's tasks that should be running.
tasks() { docker service ps --filter desired-state=running --format "$2" "${SWARM_STACK}_$1"; }
containers() { docker ps -q --filter "label=com.docker.swarm.service.name=${SWARM_STACK}_$1"; }
proxy_container() { containers proxy | head -n 1; }
sql() { docker exec "$(containers db)" psql --username app --dbname app -tAc "$1"; }
# update_state [SERVICE]: how the last update of SERVICE (web) went.
update_state() { docker service inspect --format '{{.UpdateStatus.State}}' "${SWARM_STACK}_${1:-web}"; }
update_started() { docker service inspect --format '{{.UpdateStatus.StartedAt}}' "${SWARM_STACK}_web"; }
# rolled_back_since STARTED: an update begun after STARTED (an earlier StartedAt) has rolled back.
rolled_back_since() { [ "$(update_started)" != "$1" ] && [ "$(update_state)" = rollback_completed ]; }

# every_web_healthy TAG [COUNT]: COUNT (3) web tasks run TAG's image, each container healthy.
every_web_healthy() {
  [ "$(tasks web '{{.Image}} {{.CurrentState}}' | grep -c "^$RELEASE:$1 Running")" -eq "${2:-3}" ] &&
    [ "$(for c in $(containers web); do docker inspect --format '{{.Config.Image}} {{.State.Health.Status}}' "$c"; done |
      grep -Ec "^$RELEASE:$1(@[^ ]*)? healthy$")" -eq "${2:-3}" ]
}

leave_swarm() {
  docker stack rm "$SWARM_STACK" >/dev/null 2>&1 || true
  # The tasks' containers go first; the volumes only once no container holds them.
  wait_until 60 sh -c "[ -z \"\$(docker ps -aq --filter label=com.docker.stack.namespace=$SWARM_STACK)\" ]" || true
  docker volume rm "${SWARM_STACK}_postgres-data" "${SWARM_STACK}_caddy-data" "${SWARM_STACK}_caddy-config" >/dev/null 2>&1 || true
  docker swarm leave --force >/dev/null 2>&1 || true
  # Made by swarm init, and left by swarm leave.
  [ -n "${GWBRIDGE_BEFORE:-}" ] || docker network rm docker_gwbridge >/dev/null 2>&1 || true
  docker rm --force --volumes "$PROJECT-registry" >/dev/null 2>&1 || true
  for tag in previous a b c d; do docker image rm "$RELEASE:$tag" >/dev/null 2>&1 || true; done
}

# release TAG: tests/system/releases/TAG built on the release before it, pushed as TAG:
# B on this one (A), C and D on B.
release() {
  case $1 in b) base=a ;; *) base=b ;; esac
  docker build --quiet --build-arg BASE="$RELEASE:$base" --tag "$RELEASE:$1" "tests/system/releases/$1" >/dev/null &&
    docker push --quiet "$RELEASE:$1" >/dev/null
}

# The previous release's files, from git, and its image, pushed as "previous".
previous_release() {
  mkdir "$WORK/previous" && git archive --format=tar "$PREVIOUS_RELEASE" | tar -x -C "$WORK/previous" &&
    docker build --quiet --tag "$RELEASE:previous" "$WORK/previous" >/dev/null &&
    docker push --quiet "$RELEASE:previous" >/dev/null
}
# converged [UPDATED]: every service runs this release's spec, a task running for each,
# web's three healthy, and the site answering through the proxy. With UPDATED (a deploy
# over the previous release), web's update, and that of every other service whose spec
# changed, completed, none rolled back or stuck; without, none was updated.
converged() {
  for service in db proxy web; do
    state=$(update_state "$service")
    echo "$service: update ${state:-none}, tasks: $(tasks "$service" '{{.CurrentState}}' | cut -d' ' -f1 | tr '\n' ' ')"
    case ${1:-}:$service:$state in
      updated:web:completed | updated:db:completed | updated:db: | updated:proxy:completed | updated:proxy: | :*:) ;;
      *) return 1 ;;
    esac
    tasks "$service" '{{.CurrentState}}' | grep -q '^Running' || return 1
  done
  every_web_healthy a &&
    http_client "$(proxy_container)" "$PROJECT-probe" python -c \
      'import os, sys; from client import Client; sys.exit(Client(os.environ["BASE_URL"]).get("/health/ready/").status != 200)'
}

swarm_suite() {
  GWBRIDGE_BEFORE=$(docker network ls -q --filter name=^docker_gwbridge$)
  trap 'leave_swarm; cleanup' EXIT
  # The compose stack is done with, and its proxy holds the ports this one publishes.
  stack down --volumes --remove-orphans >/dev/null 2>&1

  step "make a swarm of one node, labelled for db and proxy, and a registry on $REGISTRY" sh -c "
    docker swarm init --advertise-addr 127.0.0.1 >/dev/null &&
    docker node update --label-add db=true --label-add proxy=true \"\$(docker info --format '{{.Swarm.NodeID}}')\" >/dev/null &&
    docker run --detach --name $PROJECT-registry --publish $REGISTRY:5000 $REGISTRY_IMAGE >/dev/null"

  push_a() { docker tag "$PROD_IMAGE" "$RELEASE:a" && docker push --quiet "$RELEASE:a"; }
  step "push the production image to the registry as release A" wait_until 30 push_a

  make_secrets() {
    printf '%s\n' "$DJANGO_SECRET_KEY" | docker secret create django_secret_key - &&
      printf '\n' | docker secret create django_secret_key_fallbacks - &&
      printf '%s\n' "$POSTGRES_PASSWORD" | docker secret create postgres_password - &&
      printf '%s\n' "$POSTGRES_WEB_PASSWORD" | docker secret create postgres_web_password -
  }
  step "make the four secrets with docker secret create" make_secrets

  # Once more if it never converged, to show how far it got.
  deploy_a() { deploy a && { wait_until 120 converged ${1:+"$1"} || converged ${1:+"$1"}; }; }
  if git cat-file -e "$PREVIOUS_RELEASE^{commit}" 2>/dev/null; then
    step "build the previous release, $PREVIOUS_RELEASE, from git, and push it" previous_release
    deploy_previous() { STACK_FILE="$WORK/previous/docker-stack.yml" deploy previous && wait_until 120 every_web_healthy previous; }
    check "docker stack deploy of the previous release's stack file: 3 web tasks healthy" deploy_previous
    check "this release deployed over it: every service updated and running, 3 web tasks healthy, the site answering" \
      deploy_a updated
  else
    skip "deploying over the previous release" "$PREVIOUS_RELEASE is not in this checkout's history"
    check "docker stack deploy: release A, every service running, 3 web tasks healthy, the site answering" deploy_a
  fi
  step "create a superuser in a web task" docker exec -e DJANGO_SUPERUSER_PASSWORD="$ADMIN_PASSWORD" \
    "$(containers web | head -n 1)" python manage.py createsuperuser --noinput --username "$ADMIN_USERNAME" --email admin@example.com

  hardened() {
    for service in web proxy; do
      docker inspect --format "$service {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}} \
{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}} {{.HostConfig.LogConfig.Type}} {{index .HostConfig.LogConfig.Config \"max-size\"}} \
{{range .HostConfig.Mounts}}{{if eq .Type \"tmpfs\"}}{{.Target}}:{{.TmpfsOptions.SizeBytes}}{{end}}{{end}}" "$(containers $service | head -n 1)"
    done >"$WORK/hardened"
    docker exec "$(containers web | head -n 1)" stat -c 'secret %n %u %a' /run/secrets/django_secret_key /run/secrets/postgres_web_password >>"$WORK/hardened"
    cat "$WORK/hardened"
    grep -q '^web true \[ALL\] \[\] 805306368 256 json-file 10m /tmp:67108864$' "$WORK/hardened" &&
      grep -q '^proxy true \[ALL\] \[CAP_NET_BIND_SERVICE\] 268435456 256 json-file 10m /tmp:16777216$' "$WORK/hardened" &&
      [ "$(grep -c '^secret /run/secrets/[a-z_]* 10001 400$' "$WORK/hardened")" -eq 2 ]
  }
  check "the tasks: read-only, no capabilities, memory, pids, logs, tmpfs, secrets 10001's, 0400" hardened
  # shellcheck disable=SC2046 # one word per container
  no_secret_in_tasks() { no_secret_in_containers $(docker ps -aq --filter "label=com.docker.stack.namespace=$SWARM_STACK"); }
  check "docker inspect of every task, the job's too, shows no secret value" no_secret_in_tasks

  every_replica_served() {
    start_traffic "$(proxy_container)" || return 1
    more_traffic 200 20
    sent=$?
    stop_traffic "$(proxy_container)"
    [ "$sent" -eq 0 ] && failed_at_most 0 || return 1
    docker logs "$(proxy_container)" 2>&1 | sed -n 's/.*"upstream":"\([0-9.]*\):8000".*/\1/p' | sort | uniq -c >"$WORK/served"
    echo "requests answered, by web task address:"
    cat "$WORK/served"
    [ "$(containers web | wc -l)" -eq 3 ] || return 1
    for container in $(containers web); do
      address=$(docker inspect --format "{{(index .NetworkSettings.Networks \"${SWARM_STACK}_proxy\").IPAddress}}" "$container")
      grep -q " $address$" "$WORK/served" || { echo "$address served nothing" && return 1; }
    done
  }
  check "Caddy spreads requests over every web task" every_replica_served
  echo "     $(traffic_report)requests by web task: $(tr -s ' ' <"$WORK/served" | tr '\n' ' ')"

  budget() {
    replicas=$(docker service inspect --format '{{.Spec.Mode.Replicated.Replicas}}' "${SWARM_STACK}_web")
    gunicorn=$(docker exec "$(containers web | head -n 1)" python -c 'import config.gunicorn as g; print(g.workers, g.threads)')
    workers=${gunicorn% *} threads=${gunicorn#* }
    limit=$(sql "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")
    # Each worker task's connections, counted in PostgreSQL: its tasks' and its lease's.
    worker_tasks=$(docker service inspect --format '{{.Spec.Mode.Replicated.Replicas}}' "${SWARM_STACK}_worker")
    per_worker=$(connections_from sql "$(containers worker | head -n 1)" "${SWARM_STACK}_database")
    total=$(((replicas + 1) * workers * threads + (worker_tasks + 1) * per_worker + 1))
    echo "($replicas web tasks + 1 during an update) x $workers workers x $threads threads" \
      "+ ($worker_tasks worker tasks + 1) x $per_worker + 1 for migrate = $total connections; PostgreSQL allows $limit"
    [ "$workers" -ge 1 ] && [ "$threads" -ge 1 ] && [ "$per_worker" -eq 2 ] && [ "$total" -le "$limit" ]
  }
  check "the default replicas of web, the worker and migrate keep their database connections within max_connections" budget

  step "build and push release B: a migration, a table every page reads" release b
  update_to_b() {
    start_traffic "$(proxy_container)" Release-B-Visits || return 1
    deploy b >"$WORK/deploy" 2>&1
    wait_until 120 every_web_healthy b && more_traffic 100 20
    updated=$?
    stop_traffic "$(proxy_container)"
    runs=$(docker service logs --raw "${SWARM_STACK}_migrate" 2>&1 | grep -c 'Applying release_b.0001_initial')
    applied=$(sql "SELECT extract(epoch FROM applied) FROM django_migrations WHERE app = 'release_b'")
    first_b=$(sed -n 's/^Release-B-Visits count=[0-9]* first=//p' "$WORK/traffic")
    echo "the job applied release_b.0001_initial $runs time(s), at $applied (Unix time); first page of B at $first_b; web update: $(update_state)" |
      tee "$WORK/b-timing"
    [ "$updated" -eq 0 ] && failed_at_most 0 && every_web_healthy b && [ "$runs" -eq 1 ] &&
      awk -v applied="$applied" -v first="$first_b" 'BEGIN { exit !(first > applied) }' &&
      [ "$(update_state)" = completed ]
  }
  check "A to B under GETs and POSTs: none failed, B's migration applied once, before B served" update_to_b
  echo "     $(traffic_report)$(cat "$WORK/b-timing")"

  # rolled_back TAG: release TAG, deployed under traffic, rolls back to B by itself.
  rolled_back() {
    start_traffic "$(proxy_container)" || return 1
    before=$(update_started)
    deploy "$1" --detach=true >"$WORK/deploy" 2>&1
    wait_until 180 rolled_back_since "$before" && wait_until 60 every_web_healthy b && more_traffic 50 10
    back=$?
    stop_traffic "$(proxy_container)"
    echo "web update: $(update_state): $(docker service inspect --format '{{.UpdateStatus.Message}}' "${SWARM_STACK}_web")"
    docker logs "$(proxy_container)" 2>&1 | grep '"status":5' | sed -E 's/.*"uri":"([^"]*)".*"status":([0-9]*).*"upstream":"?([^",}]*).*/\2 \1 from \3/' | sort | uniq -c
    for container in $(docker ps -aq --filter "label=com.docker.swarm.service.name=${SWARM_STACK}_web"); do
      docker logs "$container" 2>&1 | grep -i -B2 -A12 'error' | tail -n 30
    done
    # This update, not an earlier one, rolled back, after a task of release TAG was tried.
    [ "$back" -eq 0 ] && failed_at_most 0 && rolled_back_since "$before" &&
      docker service ps --format '{{.Image}}' "${SWARM_STACK}_web" | grep -q ":$1\$" && every_web_healthy b
  }
  step "build and push release C, which exits at start" release c
  check "C rolls back by itself to B; none of the GETs and POSTs failed" rolled_back c
  echo "     $(traffic_report)"
  step "build and push release D, which never turns healthy" release d
  check "D rolls back by itself to B; none of the GETs and POSTs failed" rolled_back d
  echo "     $(traffic_report)"
  # What the job of a broken release left: back to B everywhere.
  step "deploy release B again" deploy b

  # replaced CONTAINER: it is gone, and 3 web tasks are healthy without it.
  replaced() { ! containers web | grep -q "^$1" && every_web_healthy b; }
  stop_one_task() {
    start_traffic "$(proxy_container)" || return 1
    stopped=$(containers web | head -n 1)
    docker stop "$stopped" >/dev/null
    wait_until 60 replaced "$stopped" && more_traffic 100 20
    sent=$?
    stop_traffic "$(proxy_container)"
    [ "$sent" -eq 0 ] && replaced "$stopped" && failed_at_most 0
  }
  check "docker stop of one web task: replaced, and none of the GETs and POSTs failed" stop_one_task
  echo "     $(traffic_report)"

  kill_one_task() {
    start_traffic "$(proxy_container)" || return 1
    more_traffic 20 2 || { stop_traffic "$(proxy_container)"; return 1; }
    killed=$(containers web | head -n 1)
    docker kill --signal KILL "$killed" >/dev/null
    killed_at=$(now_ms)
    wait_until 30 replaced "$killed"
    seconds=$(seconds_since "$killed_at")
    echo "a healthy replacement within $seconds s (at most 30)" | tee "$WORK/replaced"
    more_traffic 100 20
    sent=$?
    stop_traffic "$(proxy_container)"
    [ "$sent" -eq 0 ] && within 30 "$seconds" && replaced "$killed" && failed_at_most "$TRAFFIC_CONNECTIONS" &&
      sent_before "$killed_at"
  }
  check "kill -9 of one web task: replaced within 30 s; only requests in flight on it fail, none waits over 2 s" kill_one_task
  echo "     $(traffic_report)$(cat "$WORK/replaced")"

  scale_up_and_down() {
    start_traffic "$(proxy_container)" || return 1
    docker service scale --detach=false "${SWARM_STACK}_web=5" >/dev/null 2>&1 && wait_until 60 every_web_healthy b 5 &&
      more_traffic 100 20 && docker service scale --detach=false "${SWARM_STACK}_web=3" >/dev/null 2>&1 &&
      wait_until 60 every_web_healthy b 3 && more_traffic 100 20
    scaled=$?
    stop_traffic "$(proxy_container)"
    [ "$scaled" -eq 0 ] && failed_at_most 0
  }
  check "docker service scale web 3 to 5 to 3: none of the GETs and POSTs failed" scale_up_and_down
  echo "     $(traffic_report)"

  nothing_left() {
    leave_swarm
    [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = inactive ] &&
      [ -z "$(docker ps -aq --filter "name=$PROJECT-registry")" ] &&
      [ -z "$(docker volume ls -q --filter "name=$SWARM_STACK")" ] &&
      { [ -n "$GWBRIDGE_BEFORE" ] || [ -z "$(docker network ls -q --filter name=^docker_gwbridge$)" ]; } &&
      [ -z "$(docker image ls -q "$RELEASE")" ]
  }
  check "nothing left: no stack, swarm, registry, volume, network or image of the suite's" nothing_left
}

if [ "${TEST_SWARM:-}" != 1 ]; then
  skip "Docker Swarm" "it changes the engine it runs on; TEST_SWARM=1 runs it (CI does)"
elif [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != inactive ]; then
  skip "Docker Swarm" "this engine is already in a swarm, which the suite leaves alone"
else
  swarm_suite
fi
