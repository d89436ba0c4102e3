# Least privilege in the running stack: web's database role, the networks, and each
# service's limits, read from the database, from inside the containers and from docker inspect.
# shellcheck shell=sh

needs_production_stack

# web_sql SQL: run SQL on web's own database connection, printing the first row.
web_sql() {
  stack exec -T web python manage.py shell --no-imports -c \
    "from django.db import connection; cursor = connection.cursor(); cursor.execute(\"$1\"); print(cursor.fetchone())"
}
check "web's database role is no superuser and cannot create roles or databases" \
  exits_with 0 '^(False, False, False)$' \
  web_sql "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
check "web's role cannot create a table" \
  exits_with 1 'permission denied for schema public' web_sql "CREATE TABLE intruder (id int)"
check "web's role cannot drop a Django table" \
  exits_with 1 'must be owner of table django_session' web_sql "DROP TABLE django_session"
check "web's role cannot run a program" \
  exits_with 1 'permission denied to COPY to or from an external program' web_sql "COPY (SELECT 1) TO PROGRAM 'true'"

# The database's address on its network, and whether a container's namespace reaches it.
db_address() { docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$(stack ps -q db)"; }
reaches_db_from_web() {
  stack exec -T web python -c "import socket, sys; socket.create_connection((sys.argv[1], 5432), timeout=3); print('reached')" \
    "$(db_address)"
}
check "web reaches the database" exits_with 0 '^reached$' reaches_db_from_web
check "the proxy reaches neither the database's name nor its address" \
  http_tests env DB_ADDRESS="$(db_address)" pytest -q test_from_the_proxy.py -k database

# service_config SERVICE: what docker inspect says of its limits, logs, tmpfs and networks.
service_config() {
  docker inspect --format 'memory={{.HostConfig.Memory}} pids={{.HostConfig.PidsLimit}} log={{.HostConfig.LogConfig.Type}}:{{index .HostConfig.LogConfig.Config "max-size"}}/{{index .HostConfig.LogConfig.Config "max-file"}} tmpfs={{range $path, $options := .HostConfig.Tmpfs}}{{$path}}({{$options}}){{end}} networks={{range $name, $_ := .NetworkSettings.Networks}}{{$name}},{{end}}' \
    "$(stack ps --all -q "$1")"
}
# fenced SERVICE NETWORKS [TMPFS]: a memory and a process limit, logs rotated, a size on
# its tmpfs at TMPFS if it has one, and on these networks only (sorted, each with a comma).
fenced() {
  config=$(service_config "$1") || return 1
  echo "$config"
  tmpfs=${3:+$3[(]size=[0-9]+[kmg][)]}
  echo "$config" | grep -Eq "^memory=[1-9][0-9]* pids=[1-9][0-9]* log=json-file:[0-9]+[kmg]/[0-9]+ tmpfs=$tmpfs networks=$2\$"
}
check "proxy: memory and process limits, rotated logs, a sized /tmp, its own network only" \
  fenced proxy "${PROJECT}_proxy," /tmp
check "web: memory and process limits, rotated logs, a sized /tmp, the proxy's network and the database's" \
  fenced web "${PROJECT}_database,${PROJECT}_proxy," /tmp
check "migrate: memory and process limits, rotated logs, a sized /tmp, the database's network only" \
  fenced migrate "${PROJECT}_database," /tmp
check "worker: memory and process limits, rotated logs, a sized /tmp, the database's network only" \
  fenced worker "${PROJECT}_database," /tmp
check "db: memory and process limits, rotated logs, the database's network only" fenced db "${PROJECT}_database,"

proxy_is_hardened() {
  config=$(docker inspect --format '{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.CapAdd}} {{.HostConfig.SecurityOpt}}' "$(stack ps -q proxy)")
  echo "$config"
  [ "$config" = "true [ALL] [CAP_NET_BIND_SERVICE] [no-new-privileges:true]" ] &&
    exits_with 1 'Read-only file system' stack exec -T proxy touch /written
}
check "proxy runs read-only, with no capability but NET_BIND_SERVICE, and no new privileges" proxy_is_hardened
