#!/bin/sh
# The two roles of the production database. Run by PostgreSQL's image on
# an empty volume (/docker-entrypoint-initdb.d), and safe to run again on an existing
# one, which brings it to this layout (docs/production.md), through docker/db/start.sh,
# which reads the password from its secret file:
#   docker compose exec db sh /usr/local/lib/database-start.sh sh /docker-entrypoint-initdb.d/database-roles.sh
# POSTGRES_USER owns the database and its tables, and migrates them; web can select,
# insert, update and delete rows in tables the owner has made or makes later, and
# cannot create, alter or drop tables, create roles or databases, or run programs.
set -e # no -u: the image sources this file into its own entrypoint
: "${POSTGRES_WEB_PASSWORD:?is required: the password of the role web, read by docker/db/start.sh}"

psql --quiet -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner="$POSTGRES_USER" -v database="$POSTGRES_DB" <<'SQL'
\getenv password POSTGRES_WEB_PASSWORD
SELECT 'CREATE ROLE web' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'web')
\gexec
ALTER ROLE web WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'password';

-- Only the owner and web may connect; nobody else may create anything here.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO web;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO web;

-- Rows in the tables there now, and in those the owner creates later.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO web;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO web;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO web;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO web;
SQL
