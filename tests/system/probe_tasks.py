"""The tasks the system tests enqueue (tests/system/test_tasks.sh), mounted into the
production stack's web and worker by tests/system/probe.yml: each records its key in
the table probe_runs, which the suite creates. Its primary key refuses a second run of
a task to its end; a run cut short records nothing."""

import time

from django.db import connection
from django.tasks import task


@task(takes_context=True)
def record(context, key, seconds=0):
    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO probe_runs (key, worker) VALUES (%s, %s)", [key, context.task_result.worker_ids[-1]]
        )
