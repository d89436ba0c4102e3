"""manage.py worker: run the queue's tasks, one at a time, until SIGTERM (worker/loop.py).

python manage.py worker           # the production stack's worker
python manage.py worker --reload  # docker-compose.yml's: restarts when the code changes
"""

import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand
from django.utils import autoreload

from config.startup import stoppable, wait_for_database, wait_for_migrations
from worker.loop import Worker


class Command(BaseCommand):
    help = "Run the tasks of the database queue, one at a time, until SIGTERM."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload",
            action="store_true",
            help="Restart when the code changes, for development; a task cut short runs again.",
        )

    def handle(self, *, reload, **options):
        if reload and os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) != "true":
            sys.exit(restart_on_code_changes())
        # As web does, and stopped at once by SIGTERM meanwhile (config/startup.py).
        stoppable(wait_for_database, wait_for_migrations)
        worker = Worker()
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, worker.stop)
        if not reload:
            sys.exit(worker.run())

        def run_then_exit():
            status = 1
            try:
                status = worker.run()
            finally:
                os._exit(status)  # the reloader's loop, in the main thread, would go on

        autoreload.start_django(autoreload.get_reloader(), run_then_exit)


def restart_on_code_changes():
    """The parent of --reload: run this command in a child, again each time the child's
    reloader exits with status 3 (the code changed), and pass SIGTERM and SIGINT on to it,
    so that docker stop lets the task in hand finish. Django's own parent exits on SIGTERM,
    and the kernel then kills the child, mid-task. Returns the child's last exit status."""
    environment = os.environ | {autoreload.DJANGO_AUTORELOAD_ENV: "true"}
    while True:
        child = subprocess.Popen(autoreload.get_child_arguments(), env=environment)
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda signum, frame, child=child: child.send_signal(signum))
        if (status := child.wait()) != 3:
            return status
