"""The worker's loop (manage.py worker): it claims one task at a time from the queue,
django-tasks-db's table, runs it and saves its result, and holds a lease that tells
the other workers it is alive.

django-tasks-db's own db_worker never runs again a task whose worker died (a kill -9,
the out-of-memory killer, a lost node, a database error while the result is saved):
that task stays RUNNING for ever. Here each worker holds a PostgreSQL advisory lock, on
a connection of its own, for as long as it lives, and PostgreSQL releases it as soon as
that connection ends. Every few seconds each worker looks at the RUNNING tasks. When it
can take the lock of a task's worker, that worker is gone: it keeps the lock until its
next look, so that a worker cut off from the database has certainly stopped (it exits
within seconds of losing its lease), then makes the task READY again, or FAILED with
"worker lost" once it has been tried MAX_ATTEMPTS times. docs/tasks.md says what this
costs and what it asks of tasks.
"""

import logging
import os
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.utils import load_backend
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext
from django.tasks.signals import task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from config.startup import first_line

logger = logging.getLogger("worker")

# The first key of every worker's advisory lock ("task" in ASCII); the second is a hash of its id.
LEASE_KEY = 0x7461736B
# Runs of a task whose worker died, the first one included, before it is marked failed.
MAX_ATTEMPTS = 3
# Seconds between looks for a task while the queue is empty, and between looks at SIGTERM's flag meanwhile.
POLL_SECONDS = 1
NAP_SECONDS = 0.1
# Seconds between the lease's checks; every RECOVER_EVERY-th check also looks for lost tasks.
BEAT_SECONDS = 1
RECOVER_EVERY = 5
# A loop that has not come round for this long, between tasks, has stalled.
STALLED_SECONDS = 10
# Touched at each beat while the lease holds and the loop runs: docker/worker/healthcheck.sh reads its age.
HEARTBEAT_FILE = Path("/tmp/worker-heartbeat")
# Seconds between two prunings of finished tasks older than settings.TASKS_KEEP_DAYS.
PRUNE_SECONDS = 3600
LOST = "worker.loop.WorkerLost"
# TCP keepalives of the lease's connection, on both ends: seconds idle, seconds between probes, probes.
KEEPALIVES = {"idle": 5, "interval": 2, "count": 3}


def lease_connection():
    """A connection for the lease alone, which neither tasks nor close_old_connections()
    touch. Keepalives on both ends: this one gives up on an unanswered send within 5 s,
    and PostgreSQL drops the connection of a lost node, and its lock, within about 11 s."""
    database = connections["default"].settings_dict
    options = database["OPTIONS"] | {f"keepalives_{name}": value for name, value in KEEPALIVES.items()}
    options |= {"tcp_user_timeout": 5000, "application_name": "worker lease"}
    lease = load_backend(database["ENGINE"]).DatabaseWrapper(database | {"OPTIONS": options}, "lease")
    with lease.cursor() as cursor:
        for name, value in KEEPALIVES.items():
            cursor.execute(f"SET tcp_keepalives_{name} = {value:d}")
    return lease


def take_lock(cursor, worker_id):
    """Take the lease lock of the worker worker_id, if no other session holds it: whether it did."""
    cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LEASE_KEY, worker_id])
    return cursor.fetchone()[0]


class Worker:
    def __init__(self):
        # Unique to this process, and readable in the task's list of workers.
        self.id = f"{socket.gethostname()[:40]}-{get_random_string(12)}"
        # Set by the signal handler, which may take no lock the loop could hold: a plain flag.
        self.stopping = False
        self.in_hand = None
        self.looped_at = time.monotonic()
        self.lease_taken = threading.Event()
        self.lease_error = None

    def stop(self, signum, frame):
        """SIGTERM: finish the task in hand, then exit; at once if there is none."""
        if self.stopping:
            logger.warning("Worker %s: already stopping, after the task in hand", self.id)
        else:
            logger.info("Worker %s: stopping%s", self.id, " after the task in hand" if self.in_hand else "")
        self.stopping = True

    def run(self):
        """Run tasks until stopped: 0 then, 1 if the database failed (one line says how)."""
        threading.Thread(target=self.keep_lease, name="lease", daemon=True).start()
        self.lease_taken.wait()
        if self.lease_error:
            logger.error("Worker %s: cannot take its lease: %s", self.id, self.lease_error)
            return 1
        logger.info("Worker %s: started", self.id)
        pruned_at = None
        try:
            while not self.stopping:
                self.looped_at = time.monotonic()
                close_old_connections()
                if pruned_at is None or time.monotonic() - pruned_at >= PRUNE_SECONDS:
                    self.prune()
                    pruned_at = time.monotonic()
                if task := self.claim():
                    self.run_task(task)
                else:
                    self.nap()
        except DatabaseError as error:
            logger.error("Worker %s: exiting, as the database failed: %s", self.id, first_line(error))
            return 1
        logger.info("Worker %s: stopped", self.id)
        return 0

    def nap(self):
        """POLL_SECONDS, or less if SIGTERM comes meanwhile."""
        awake_at = time.monotonic() + POLL_SECONDS
        while not self.stopping and time.monotonic() < awake_at:
            time.sleep(NAP_SECONDS)

    def claim(self):
        """The next task that is ready, marked RUNNING by this worker; None if there is none.
        SKIP LOCKED: another worker's claim in progress is passed over, not waited for."""
        with transaction.atomic():
            task = DBTaskResult.objects.ready().filter(backend_name=DEFAULT_TASK_BACKEND_ALIAS).get_locked()
            if task is not None:
                task.claim(self.id)
        return task

    def run_task(self, task):
        """Run it and save how it ended. A task that raises, or returns what JSON cannot
        hold, is FAILED; a database that fails while the result is saved stops the
        worker (the error propagates), and the task runs again."""
        self.in_hand = task
        try:
            try:
                result = task.task_result
                task_started.send(sender=type(result.task.get_backend()), task_result=result)
                context = (TaskContext(task_result=result),) if result.task.takes_context else ()
                value = result.task.call(*context, *result.args, **result.kwargs)
            except Exception as error:
                return self.failed(task, error)
            try:
                task.set_successful(value)
            except DatabaseError:
                raise
            except Exception as error:
                return self.failed(task, error)
            task_finished.send(sender=type(result.task.get_backend()), task_result=task.task_result)
        finally:
            self.in_hand = None

    def failed(self, task, error):
        task.set_failed(error)
        try:
            task_finished.send(sender=type(task.task.get_backend()), task_result=task.task_result)
        except (ImportError, SuspiciousOperation):  # a task this release doesn't have (docs/tasks.md)
            logger.exception("Task id=%s path=%s state=FAILED", task.id, task.task_path)

    def prune(self):
        cutoff = timezone.now() - timedelta(days=settings.TASKS_KEEP_DAYS)
        deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
        if deleted:
            logger.info(
                "Worker %s: pruned %d finished tasks older than %d days", self.id, deleted, settings.TASKS_KEEP_DAYS
            )

    def keep_lease(self):
        """The lease thread: take the lease, then check it every second, looking for lost
        tasks every RECOVER_EVERY checks, and touch the heartbeat file while the worker
        is well. A lease lost ends the process at once: its task is someone else's now."""
        try:
            lease = lease_connection()
            with lease.cursor() as cursor:
                if not take_lock(cursor, self.id):
                    raise DatabaseError("its lock is already held")
        except DatabaseError as error:
            self.lease_error = first_line(error)
            return
        finally:
            self.lease_taken.set()
        try:
            self.beat(lease)
        except BaseException as error:  # whatever ends this thread ends the lease: the worker with it
            logger.error("Worker %s: exiting, as its lease was lost: %s", self.id, first_line(error))
            os._exit(1)

    def beat(self, lease):
        suspects = set()
        beats = 0
        while True:
            with lease.cursor() as cursor:
                cursor.execute("SELECT 1")
                if beats % RECOVER_EVERY == 0:
                    suspects = self.recover(cursor, suspects)
            if self.in_hand is not None or time.monotonic() - self.looped_at < STALLED_SECONDS:
                HEARTBEAT_FILE.touch()
            beats += 1
            time.sleep(BEAT_SECONDS)

    def recover(self, cursor, suspects):
        """Make the tasks of the workers in suspects, whose locks this worker took at its
        last look, READY again (or FAILED); take the locks of the other RUNNING tasks'
        workers that it can, and return those workers: the suspects of the next look."""
        table = DBTaskResult._meta.db_table
        cursor.execute(
            f"SELECT DISTINCT worker_ids->>-1 FROM {table} WHERE status = 'RUNNING' AND backend_name = %s",
            [DEFAULT_TASK_BACKEND_ALIAS],
        )
        owners = {owner for (owner,) in cursor.fetchall()} - {self.id}
        for owner in suspects:
            if owner in owners:
                self.requeue(cursor, table, owner)
            cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [LEASE_KEY, owner])
        free = set()
        for owner in owners - suspects:
            if take_lock(cursor, owner):
                free.add(owner)
        return free

    def requeue(self, cursor, table, owner):
        """The lost worker's task: READY again, or FAILED at its last attempt."""
        lost = "WHERE status = 'RUNNING' AND backend_name = %(backend)s AND worker_ids->>-1 = %(owner)s"
        found = "RETURNING id, task_path, jsonb_array_length(worker_ids)"
        values = {"most": MAX_ATTEMPTS, "lost": LOST, "owner": owner, "backend": DEFAULT_TASK_BACKEND_ALIAS}
        cursor.execute(
            f"UPDATE {table} SET status = 'READY' {lost} AND jsonb_array_length(worker_ids) < %(most)s {found}", values
        )
        for task_id, path, attempts in cursor.fetchall():
            logger.warning(
                "Task id=%s path=%s: worker %s was lost; it runs again (attempt %d of %d)",
                task_id,
                path,
                owner,
                attempts + 1,
                MAX_ATTEMPTS,
            )
        cursor.execute(
            f"""UPDATE {table} SET status = 'FAILED', finished_at = now(), exception_class_path = %(lost)s,
                traceback = format('%%s: worker %%s was lost while it ran this task, attempt %%s of %%s',
                                   %(lost)s::text, %(owner)s::text, jsonb_array_length(worker_ids), %(most)s)
            {lost} {found}""",
            values,
        )
        for task_id, path, attempts in cursor.fetchall():
            logger.error(
                "Task id=%s path=%s state=FAILED: worker %s was lost, attempt %d of %d",
                task_id,
                path,
                owner,
                attempts,
                MAX_ATTEMPTS,
            )
