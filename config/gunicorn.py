"""Gunicorn settings for the production image: https://gunicorn.org/reference/settings/"""

import os
import signal
import socket
import sys

import gunicorn
from gunicorn.workers.gthread import ThreadWorker

from config.startup import load_settings_or_exit, stoppable, wait_for_database, wait_for_migrations


def container_cpu_count():
    """CPUs this container may use: its cgroup CPU limit rounded down (1.5 CPUs is 1,
    and never under 1), if it has one, else the CPUs it may run on."""
    available = len(os.sched_getaffinity(0))
    try:  # cgroup v2: "max 100000" or "<quota> <period>"
        with open("/sys/fs/cgroup/cpu.max") as f:
            quota, period = f.read().split()
    except OSError:
        try:  # cgroup v1: the quota is -1 when there is no limit
            with open("/sys/fs/cgroup/cpu/cpu.cfs_quota_us") as q, open("/sys/fs/cgroup/cpu/cpu.cfs_period_us") as p:
                quota, period = q.read().strip(), p.read().strip()
        except OSError:
            return available
    if quota in ("max", "-1"):
        return available
    return max(1, min(available, int(quota) // int(period)))


def container_memory_limit():
    """Bytes of memory this container may use, its cgroup limit; None if it has none."""
    for path in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):  # v2, v1
        try:
            with open(path) as f:
                limit = f.read().strip()
        except OSError:
            continue
        return None if limit == "max" else int(limit)
    return None


# Threads per worker: they overlap waits on the database and the network, and the
# gthread worker keeps connections alive, which saves a handshake per request.
THREADS = 4

# Each thread keeps its own database connection open: stay well inside
# PostgreSQL's default limit of 100, with room for migrations and a shell.
DATABASE_CONNECTIONS = 80

# Memory to count for each process: the workers that fit in the container's memory
# limit beside the master. Measured idle (docker stats), the master and two workers
# hold 59 MiB together, as workers share the master's pages until they write to
# them; 40 MB each leaves room for what requests add.
WORKER_MEMORY = 40 * 1024 * 1024
MASTER_MEMORY = 40 * 1024 * 1024


def worker_count():
    """Unless WEB_CONCURRENCY says otherwise (docker/web/entrypoint.sh has checked it):
    one worker per CPU the container may use, at most as many as fit in its memory
    limit, at most DATABASE_CONNECTIONS // THREADS (20), and at least 1."""
    if "WEB_CONCURRENCY" in os.environ:
        return int(os.environ["WEB_CONCURRENCY"])
    limits = [container_cpu_count(), DATABASE_CONNECTIONS // THREADS]
    if (memory := container_memory_limit()) is not None:
        limits.append((memory - MASTER_MEMORY) // WORKER_MEMORY)
    return max(1, min(limits))


bind = "0.0.0.0:8000"
worker_class = "gthread"
workers = worker_count()
threads = THREADS

# A listening socket per worker, among which the kernel spreads new connections.
# With one shared socket, a worker can end up holding most of the kept-alive
# connections while another idles.
reuse_port = True

# Longer than Caddy keeps an idle connection to web (docker/proxy/Caddyfile), so that
# Caddy never sends a request on a connection gunicorn has just closed.
keepalive = 5

# Heartbeat files on tmpfs: on the container's overlay filesystem they can stall workers.
worker_tmp_dir = "/dev/shm"

# Finish requests in flight on SIGTERM, well inside the 10 s Docker waits before SIGKILL.
graceful_timeout = 5

# No access log: Caddy logs each request, with the client's own address; a second
# line per request here costs CPU for nothing new. To have it anyway, where gunicorn
# runs without Caddy: GUNICORN_CMD_ARGS=--access-logfile=-
accesslog = None

# gunicornc's control socket would need a writable home; nothing here uses it.
control_socket_disable = True


# Seconds the kernel holds a new connection that has sent nothing, before handing it
# to a worker anyway (TCP_DEFER_ACCEPT); longer than Caddy keeps an idle connection.
DEFER_ACCEPT_SECONDS = 10


def on_starting(server):
    """Before any worker starts: the settings load, the database answers and has this
    code's migrations, or one line says why not. Until then nothing listens on 8000,
    so the health check fails and neither Caddy nor an orchestrator sends this web a request.
    gunicorn installs its signal handlers only afterwards: a SIGTERM meanwhile stops it at once."""
    stoppable(load_settings_or_exit, wait_for_database, wait_for_migrations)


def post_fork(server, worker):
    """Hand the worker a connection only once its first request has arrived.

    The gthread worker gives each new connection a thread, which waits up to 5 s
    for the request. Under load Caddy opens connections it doesn't use at once
    (one dialled for a request that another connection served meanwhile, or whose
    client left): without this, a few of them hold every thread of a worker for
    5 s while requests queue behind them.
    """
    for listener in worker.sockets:
        listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, DEFER_ACCEPT_SECONDS)


# What post_worker_init uses of the gthread worker beyond every worker's sockets:
# internals, which a new gunicorn major may change (the Pipfile pins the major).
GTHREAD_INTERNALS = ("set_accept_enabled", "handle_exit")


def when_ready(server):
    """Before the first worker: with gthread, the internals post_worker_init needs are
    there, or gunicorn stops with one line; another worker class, chosen on purpose,
    starts with a one-line warning."""
    if not issubclass(server.worker_class, ThreadWorker):
        server.log.warning(
            "Worker class %s: its listening sockets stay open on SIGTERM until it exits, "
            "so connections that arrive meanwhile are reset (config/gunicorn.py)",
            server.cfg.worker_class_str,
        )
        return
    if missing := [name for name in GTHREAD_INTERNALS if not hasattr(server.worker_class, name)]:
        sys.exit(
            f"Configuration error: gunicorn {gunicorn.__version__}'s gthread worker has no {', '.join(missing)}, "
            "which config/gunicorn.py needs to close its listeners on SIGTERM"
        )


def post_worker_init(worker):
    """On SIGTERM, refuse new connections at once, then stop gracefully.

    Gunicorn's gthread worker stops accepting but keeps its listening socket open
    until it exits: a connection the kernel takes meanwhile (Caddy still sends to
    a web container that is stopping until the name web stops resolving to it)
    is never read, and reset when the worker exits, which fails a POST. A
    closed socket refuses the connection instead, and Caddy tries another web.
    Kept-alive connections are then answered with "Connection: close".
    """
    if not isinstance(worker, ThreadWorker):  # when_ready has warned
        return

    def stop(signum, frame):
        worker.set_accept_enabled(False)
        for listener in worker.sockets:
            listener.close()
        worker.handle_exit(signum, frame)

    signal.signal(signal.SIGTERM, stop)
