"""Checks a process makes before it starts work, so that a bad environment or a
missing database stops it with one line instead of a traceback."""

import os
import signal
import sys
import threading
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


def stoppable(*steps):
    """Run the steps, stopping the process at once, with status 0, on SIGTERM or SIGINT.

    Until a server installs its own handlers, Python as PID 1 ignores SIGTERM: a
    process waiting for its database would hold `docker stop` for the whole grace
    period. The steps run in a thread of their own, so that the handler runs even
    while one of them is blocked in a connection attempt.
    """
    failure = []

    def run():
        try:
            for step in steps:
                step()
        except BaseException as error:  # SystemExit too: the main thread raises it
            failure.append(error)

    def stop(signum, frame):
        print(f"Stopped by {signal.Signals(signum).name} before starting", file=sys.stderr, flush=True)
        os._exit(0)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    thread = threading.Thread(target=run, name="startup checks", daemon=True)
    thread.start()
    while thread.is_alive():
        thread.join(0.1)
    for number, handler in previous.items():
        signal.signal(number, handler)
    if failure:
        raise failure[0]


def first_line(error):
    """The first line of its message, or its class's name if it has none."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


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


def keep_trying(attempt):
    """Call attempt() once a second until it returns None, for DATABASE_WAIT_SECONDS at most.

    attempt() returns why it is not done yet, as a pair of lines: the one to print
    while waiting, and the one to exit with when the time is up.
    """
    from django.conf import settings

    deadline = time.monotonic() + settings.DATABASE_WAIT_SECONDS
    while (why_not := attempt()) is not None:
        waiting, giving_up = why_not
        if time.monotonic() >= deadline:
            sys.exit(giving_up)
        print(waiting, file=sys.stderr, flush=True)
        time.sleep(1)


def unanswered(error):
    """What to say while the database does not answer, and what to exit with if it never does."""
    from django.conf import settings
    from django.db import connection

    host, port = connection.settings_dict["HOST"], connection.settings_dict["PORT"] or 5432
    where = f"{host}:{port}" if host else "the local socket"
    return (
        f"Waiting for the database at {where}: {first_line(error)}",
        f"Database error: {where} did not answer within {settings.DATABASE_WAIT_SECONDS} s: {first_line(error)}",
    )


def wait_for_database():
    """Try the database once a second, saying why it failed, for DATABASE_WAIT_SECONDS at most."""
    from django.db import OperationalError, connection

    def connect():
        try:
            connection.ensure_connection()
        except OperationalError as error:
            return unanswered(error)
        return None

    keep_trying(connect)
    # Workers are forked from this process: they must not share its connection.
    connection.close()


def wait_for_migrations():
    """Serve nothing until the database has every migration this code needs.

    The migrate service (or job) applies them, never web: while a new
    release's migrations run, its web waits here, unready, saying which are
    missing, for DATABASE_WAIT_SECONDS at most. A database that stops meanwhile
    (restarted by the same deploy) is waited for again, not a traceback.
    """
    import django
    from django.conf import settings
    from django.db import OperationalError, connection
    from django.db.migrations.executor import MigrationExecutor

    django.setup()
    seconds = settings.DATABASE_WAIT_SECONDS

    def find_missing():
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except OperationalError as error:
            if connection.connection is not None and not connection.connection.closed:
                raise  # an error from a database that answers keeps its traceback
            connection.close()  # the next try opens a new connection
            return unanswered(error)
        if not plan:
            return None
        missing = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
        count = f"{len(missing)} migration{'s' if len(missing) > 1 else ''}"
        names = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        return (
            f"Waiting for migrations: {count} not applied yet ({names})",
            f"Database error: {count} not applied within {seconds} s ({names}): run manage.py migrate",
        )

    keep_trying(find_missing)
    connection.close()  # as above: not shared with the workers
