"""The task queue: what worker/loop.py relies on in django-tasks-db's table, its recovery of
the tasks of a worker that died, against the real PostgreSQL, and who sees the tasks in the
admin. The worker itself, with its signals, kills and outages, is proven by the system
tests (tests/system/test_tasks.sh): here, tasks enqueued run at once (conftest.py)."""

import uuid

import pytest
from django.contrib.auth.models import Permission
from django.db import models
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from worker.loop import LOST, MAX_ATTEMPTS, Worker, lease_connection, take_lock

# The fields worker/loop.py reads and writes, by name in its SQL: a release of
# django-tasks-db that renames or retypes one must fail here, before it ships.
FIELDS = {
    "status": models.CharField,
    "worker_ids": models.JSONField,
    "started_at": models.DateTimeField,
    "finished_at": models.DateTimeField,
    "exception_class_path": models.TextField,
    "traceback": models.TextField,
    "args_kwargs": models.JSONField,
    "task_path": models.TextField,
    "backend_name": models.CharField,
}


@pytest.mark.parametrize("name", FIELDS)
def test_the_queue_has_the_fields_the_worker_relies_on(name):
    field = DBTaskResult._meta.get_field(name)

    assert type(field) is FIELDS[name]
    assert field.column == name


def test_the_queue_has_the_statuses_and_methods_the_worker_relies_on():
    statuses = {value for value, _ in DBTaskResult._meta.get_field("status").choices}

    assert {"READY", "RUNNING", "FAILED", "SUCCESSFUL"} <= statuses
    for method in ("claim", "set_successful", "set_failed"):
        assert callable(getattr(DBTaskResult, method))
    assert callable(DBTaskResult.objects.ready().get_locked)


def running_task(*workers):
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.test_tasks.nothing",
        backend_name="default",
        worker_ids=list(workers),
    )


@pytest.fixture
def looks():
    """Worker.recover's looks, on a lease connection of its own, as the lease thread has them."""
    worker, lease = Worker(), lease_connection()
    suspects = set()

    def look():
        nonlocal suspects
        with lease.cursor() as cursor:
            suspects = worker.recover(cursor, suspects)

    yield look
    lease.close()


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_died_is_ready_again_at_the_second_look(looks):
    task = running_task(f"dead-{uuid.uuid4()}")

    looks()
    task.refresh_from_db()
    assert task.status == "RUNNING"  # a worker that lost its lease this instant may still be stopping
    looks()
    task.refresh_from_db()
    assert task.status == "READY"
    assert len(task.worker_ids) == 1


@pytest.mark.django_db(transaction=True)
def test_a_task_lost_at_its_last_attempt_fails_with_the_workers_id(looks):
    workers = [f"dead-{uuid.uuid4()}" for _ in range(MAX_ATTEMPTS)]
    task = running_task(*workers)

    looks()
    looks()
    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == LOST
    assert (
        f"worker {workers[-1]} was lost while it ran this task, attempt {MAX_ATTEMPTS} of {MAX_ATTEMPTS}"
        in task.traceback
    )
    assert task.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_worker_holds_its_lease_is_left_alone(looks):
    alive = f"alive-{uuid.uuid4()}"
    lease = lease_connection()
    with lease.cursor() as cursor:
        assert take_lock(cursor, alive)  # as that worker's lease thread takes it
    task = running_task(alive)

    for _ in range(3):
        looks()
    lease.close()
    task.refresh_from_db()
    assert task.status == "RUNNING"


@pytest.mark.django_db
def test_the_tasks_admin_is_for_superusers_only(client, admin_client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="not-used-1", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_dbtaskresult"))
    client.force_login(staff)
    changelist = reverse(f"admin:{DBTaskResult._meta.app_label}_dbtaskresult_changelist")

    assert client.get(changelist).status_code == 403
    assert admin_client.get(changelist).status_code == 200
