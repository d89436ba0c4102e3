"""Checks a process makes before it starts work, so that a bad environment or a
missing database stops it with one line instead of a traceback."""

import os
import sys
import time
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured


def load_settings_or_exit():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (the first attribute read imports config/settings.py)
    except ImproperlyConfigured as error:
        sys.exit(f"Configuration error: {error}")


def first_line(error):
    return str(error).strip().splitlines()[0]


@contextmanager
def exit_if_database_unreachable():
    """A failure to connect becomes one line; an error after connecting keeps its traceback."""
    from django.db import OperationalError, connection

    try:
        yield
    except OperationalError as error:
        if connection.connection is not None:
            raise
        sys.exit(f"Database error: {first_line(error)}")


def wait_for_database():
    """Try the database once a second, saying why it failed, for DATABASE_WAIT_SECONDS at most."""
    from django.conf import settings
    from django.db import OperationalError, connection

    host, port = connection.settings_dict["HOST"], connection.settings_dict["PORT"] or 5432
    where = f"{host}:{port}" if host else "the local socket"
    deadline = time.monotonic() + settings.DATABASE_WAIT_SECONDS
    while True:
        try:
            connection.ensure_connection()
        except OperationalError as error:
            if time.monotonic() >= deadline:
                seconds = settings.DATABASE_WAIT_SECONDS
                sys.exit(f"Database error: {where} did not answer within {seconds} s: {first_line(error)}")
            print(f"Waiting for the database at {where}: {first_line(error)}", file=sys.stderr, flush=True)
            time.sleep(1)
        else:
            # Workers are forked from this process: they must not share its connection.
            connection.close()
            return


def wait_for_migrations():
    """Serve nothing until the database has every migration this code needs.

    The migrate service (or Swarm job) applies them, never web: while a new
    release's migrations run, its web waits here, unready, saying which are
    missing, for DATABASE_WAIT_SECONDS at most.
    """
    import django
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    deadline = time.monotonic() + settings.DATABASE_WAIT_SECONDS
    while True:
        executor = MigrationExecutor(connection)
        missing = [
            f"{migration.app_label}.{migration.name}"
            for migration, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())
        ]
        if not missing:
            connection.close()  # as above: not shared with the workers
            return
        count = f"{len(missing)} migration{'s' if len(missing) > 1 else ''}"
        names = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        if time.monotonic() >= deadline:
            seconds = settings.DATABASE_WAIT_SECONDS
            sys.exit(f"Database error: {count} not applied within {seconds} s ({names}): run manage.py migrate")
        print(f"Waiting for migrations: {count} not applied yet ({names})", file=sys.stderr, flush=True)
        time.sleep(1)
